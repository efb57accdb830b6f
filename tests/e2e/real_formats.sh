#!/usr/bin/env bash
# tests/e2e/real_formats.sh BINARY [FAKEDAEMON]: every report format of docker-audit, written in one
# run, checked by what its consumers use (ctest: e2e_real_formats).
#
#   json          python3's json
#   sarif         the OASIS SARIF 2.1.0 schema with python3-jsonschema, plus ruleIndex/level/
#                 suppression/notification consistency with the JSON report
#                 (tests/formats/validate_sarif.py)
#   junit         xmllint against tests/formats/junit.xsd, and counts against the JSON summary
#                 (tests/formats/check_junit.py)
#   prometheus    promtool check metrics (Debian package prometheus)
#   docker-bench  docker-bench-security's layout and DefectDojo's importer logic
#                 (tests/formats/check_dockerbench.py)
#   html          inert markup (tests/formats/check_html.py) on the file and on the DOM headless
#                 Chromium builds of it (Debian package chromium), and a screenshot
#
# (a) against a private real dockerd (needs root): containers pidhost, plain, a privileged one
#     created only; then a second run with a waiver file (one used, one expired, one unused) and
#     the first JSON report as --baseline, after a new container appeared and plain went away.
# (b) against the fake daemon (FAKEDAEMON, default: tests/fakedaemon beside BINARY's build dir),
#     serving the seed scenario with hostile container names: <img src=x onerror=alert(1)>"'&,
#     an OSC escape, a bidi override. Docker itself refuses such names, a compromised or
#     malicious daemon does not. They must come out as text in every format.
#
# A validator that is not installed is skipped with a message (tests/run-all.sh installs
# prometheus, chromium and python3-jsonschema). Without root and a daemon, (a) is skipped; with
# neither (a) nor (b) possible the script prints "0 passed, 0 failed (skipped: ...)", unless
# DA_E2E_REAL=1, which makes missing prerequisites for (a) a failure.
# DA_FORMATS_KEEP=DIR keeps the rendered reports and screenshots in DIR.
#
# DA_SOCK_fmt, DA_HOST_fmt are set by da_start_daemon:
# shellcheck disable=SC2154
set -uo pipefail

BIN=${1:-}
FAKE=${2:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FORMATS=$(cd "$HERE/../formats" && pwd)
SEED=$(cd "$HERE/../fixtures/docker/seed" 2>/dev/null && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

T0=$(date +%s)

if [[ -z "$BIN" ]]; then
	echo "usage: $0 PATH-TO-docker-audit [PATH-TO-fakedaemon]" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
if [[ ! -x "$BIN" ]]; then
	echo "FAIL: binary not executable: $BIN"
	echo "0 passed, 1 failed"
	exit 1
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
[[ -n "$FAKE" ]] || FAKE=$(dirname "$BIN")/tests/fakedaemon

command -v python3 >/dev/null 2>&1 || {
	echo "0 passed, 0 failed (skipped: python3 not found)"
	exit 0
}

# Part (a) needs a real daemon; part (b) the fake one.
REAL_WHY=""
if [[ $(id -u) -ne 0 ]]; then
	REAL_WHY="not root (a private dockerd needs root)"
else
	for tool in dockerd docker containerd runc ip findmnt timeout; do
		command -v "$tool" >/dev/null 2>&1 || {
			REAL_WHY="$tool not found"
			break
		}
	done
	if [[ -z "$REAL_WHY" ]] && ! { [[ -x /bin/busybox ]] || command -v busybox >/dev/null 2>&1; }; then
		REAL_WHY="busybox not found (install busybox-static)"
	fi
fi
if [[ -n "$REAL_WHY" && "${DA_E2E_REAL:-}" == "1" ]]; then
	echo "FAIL: prerequisite missing (DA_E2E_REAL=1): $REAL_WHY"
	echo "0 passed, 1 failed"
	exit 1
fi
if [[ -n "$REAL_WHY" && ! -x "$FAKE" ]]; then
	echo "0 passed, 0 failed (skipped: $REAL_WHY; no fake daemon at $FAKE)"
	exit 0
fi

# The validators. python3-jsonschema is Debian's: prefer an interpreter that has it.
PYJS=""
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import jsonschema' >/dev/null 2>&1; then
		PYJS=$py
		break
	fi
done
HAVE_XMLLINT=0
command -v xmllint >/dev/null 2>&1 && HAVE_XMLLINT=1
HAVE_PROMTOOL=0
command -v promtool >/dev/null 2>&1 && HAVE_PROMTOOL=1
CHROMIUM=""
for c in chromium chromium-browser; do
	if command -v "$c" >/dev/null 2>&1; then
		CHROMIUM=$c
		break
	fi
done
[[ -n "$PYJS" ]] || echo "SKIP: SARIF schema validation: python3-jsonschema is not installed"
[[ $HAVE_XMLLINT -eq 1 ]] || echo "SKIP: JUnit XSD validation: xmllint is not installed (libxml2-utils)"
[[ $HAVE_PROMTOOL -eq 1 ]] || echo "SKIP: promtool check metrics: promtool is not installed (prometheus)"
[[ -n "$CHROMIUM" ]] || echo "SKIP: headless Chromium checks: chromium is not installed"

da_init
W="$DA_TMP/out"
mkdir -p "$W"

RC=0
run() { # run NAME ARGS...: docker-audit ARGS > $W/NAME.out, 2> $W/NAME.err, status in RC
	local name=$1
	shift
	timeout 120 "$BIN" "$@" >"$W/$name.out" 2>"$W/$name.err"
	RC=$?
	[[ $RC -eq 124 ]] && echo "      (docker-audit $* timed out after 120 s)"
	[[ $RC -ge 128 ]] && echo "      (docker-audit $* died with signal $((RC - 128)))"
	return 0
}

# check DESC CMD...: passes when CMD exits 0; its output is shown when it does not.
check() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [[ $rc -eq 0 ]]; then
		da_pass "$desc"
	else
		da_fail "$desc" "command: $*" "$(printf '%s\n' "$out" | head -n 25)"
	fi
}

# every_format P: the arguments that write every format to $W/P.*
every_format() {
	local p=$W/$1
	printf '%s\n' -f text -f json -o "$p.json" -f junit -o "$p.xml" -f sarif -o "$p.sarif" \
		-f prometheus -o "$p.prom" -f docker-bench -o "$p.dbs.json" -f html -o "$p.html"
}

chromium_run() { # chromium_run ARGS... (headless, no network, a throwaway profile)
	local prof rc
	prof=$(mktemp -d "$DA_TMP/chromium.XXXXXX")
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$prof" \
		"$@" 2>>"$W/chromium.log"
	rc=$?
	rm -rf "$prof"
	return $rc
}

# validate TAG P [--expect-text TEXT]...: every format of one run, by its consumer's rules.
validate() {
	local tag=$1 p=$W/$2
	shift 2
	check "($tag) json parses" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$p.json"
	if [[ -n "$PYJS" ]]; then
		# the rules are the table of the edition the run spoke
		local ed
		ed=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["benchmark"]["version"])' "$p.json" 2>/dev/null)
		check "($tag) sarif: valid SARIF 2.1.0, consistent with the JSON report" \
			"$PYJS" "$FORMATS/validate_sarif.py" "$p.sarif" --report "$p.json" --list "$W/list-${ed:-1.8.0}.json"
	fi
	if [[ $HAVE_XMLLINT -eq 1 ]]; then
		check "($tag) junit: valid against junit.xsd" \
			xmllint --noout --schema "$FORMATS/junit.xsd" "$p.xml"
	fi
	check "($tag) junit: counts match the test cases and the JSON summary" \
		python3 "$FORMATS/check_junit.py" "$p.xml" --report "$p.json"
	if [[ $HAVE_PROMTOOL -eq 1 ]]; then
		# shellcheck disable=SC2016 # $1 is the inner shell's
		check "($tag) prometheus: promtool check metrics" sh -c 'promtool check metrics < "$1"' sh "$p.prom"
	fi
	check "($tag) docker-bench: layout, score, DefectDojo import" \
		python3 "$FORMATS/check_dockerbench.py" "$p.dbs.json" --report "$p.json"
	check "($tag) html: inert, complete, consistent with the JSON report" \
		python3 "$FORMATS/check_html.py" "$p.html" --report "$p.json" "$@"
	if [[ -n "$CHROMIUM" ]]; then
		if chromium_run --dump-dom "file://$p.html" >"$p.dom.html" && [[ -s "$p.dom.html" ]]; then
			da_pass "($tag) chromium renders the page (--dump-dom)"
			check "($tag) chromium DOM: no script, no event handler, texts as text" \
				python3 "$FORMATS/check_html.py" "$p.dom.html" --report "$p.json" "$@"
		else
			da_fail "($tag) chromium renders the page (--dump-dom)" "$(tail -n 5 "$W/chromium.log")"
		fi
		rm -f "$p.png"
		chromium_run --screenshot="$p.png" --window-size=1200,2000 "file://$p.html" >/dev/null
		check "($tag) chromium screenshot is a PNG" \
			python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.exit(not (len(d) > 10000 and d[:8] == b"\x89PNG\r\n\x1a\n"))' "$p.png"
	fi
	if [[ -n "${DA_FORMATS_KEEP:-}" ]]; then
		mkdir -p "$DA_FORMATS_KEEP"
		cp "$p".* "$DA_FORMATS_KEEP/" 2>/dev/null
	fi
}

"$BIN" list --format json >"$W/list.json" 2>"$W/list.err"
for ed in 1.6.0 1.7.0 1.8.0; do
	"$BIN" list --benchmark "$ed" --format json >"$W/list-$ed.json" 2>>"$W/list.err"
done
check "docker-audit list --format json parses" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$W/list.json"

# ---------------------------------------------------------------------------------------------
if [[ -z "$REAL_WHY" ]]; then
	echo "== (a) a real private dockerd"
	if ! da_start_daemon fmt; then
		da_fail "(a) start a private dockerd"
		da_finish
	fi
	H="$DA_HOST_fmt"
	IMG="dae2e-busybox:$$"
	if ! da_busybox_image "$DA_SOCK_fmt" "$IMG"; then
		da_fail "(a) busybox image imported"
		da_finish
	fi
	ok=1
	da_docker fmt run -d --name pidhost --pid host "$IMG" sleep 600 >/dev/null || ok=0
	da_docker fmt run -d --name plain "$IMG" sleep 600 >/dev/null || ok=0
	da_docker fmt create --name privileged1 --privileged "$IMG" sleep 600 >/dev/null || ok=0
	da_assert_eq "(a) containers pidhost, plain, privileged1 exist" 1 "$ok"

	mapfile -t ARGS < <(every_format a1)
	# the baseline is a v1.6.0 report; the runs below audit under v1.8.0 and v1.6.0
	run a1 -H "$H" -a --benchmark 1.6.0 "${ARGS[@]}"
	da_assert_true "(a) one run writes all seven formats (exit $RC)" \
		test "$RC" -ne 2 -a "$RC" -lt 4 -a -s "$W/a1.json" -a -s "$W/a1.xml" -a -s "$W/a1.sarif" \
		-a -s "$W/a1.prom" -a -s "$W/a1.dbs.json" -a -s "$W/a1.html" -a -s "$W/a1.out"
	da_assert_contains "(a) the text report went to stdout" "$W/a1.out" "Summary: "
	validate a a1
	da_assert_json "(a) the audit found failing objects (the formats have something to show)" \
		"$W/a1.json" 'any(r["status"] == "fail" and r["findings"] for r in d["results"])'
	PID_FAILS=$(da_json_get "$W/a1.json" \
		'any(f.get("name") == "pidhost" for r in d["results"] if r["id"] == "5.16" and r["status"] == "fail" for f in r["findings"])')
	if [[ "$PID_FAILS" == "true" ]]; then
		check "(a) sarif: 5.16 names container/pidhost as a logical location" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ok = any(r["ruleId"] == "5.16" and l.get("fullyQualifiedName") == "container/pidhost"
         for r in d["runs"][0]["results"] for loc in r.get("locations", [])
         for l in loc.get("logicalLocations", []))
sys.exit(not ok)' "$W/a1.sarif"
		da_assert_contains "(a) junit: 5.16 lists pidhost in its failure" "$W/a1.xml" "- container pidhost ("
		da_assert_contains "(a) docker-bench: 5.16 lists pidhost in items" "$W/a1.dbs.json" '"pidhost"'
		da_assert_contains "(a) prometheus: 5.16 is failing" "$W/a1.prom" \
			'docker_audit_check_status{id="5.16",section="5",level="1",severity="high",status="fail"} 1'
	else
		echo "[e2e] note: 5.16 does not name pidhost here; the format-specific 5.16 assertions are skipped"
	fi

	echo "== (a) waivers and a baseline"
	da_docker fmt run -d --name newcomer --pid host "$IMG" sleep 600 >/dev/null
	da_docker fmt rm -f plain >/dev/null
	cat >"$W/waivers.json" <<'EOF'
{"benchmark": "1.6.0", "waivers": [
  {"check": "5.16", "object": "pidhost", "reason": "node exporter <reads> host \"processes\" & more",
   "owner": "ops@example.com", "expires": "2099-12-31"},
  {"check": "5.10", "reason": "sized by hand", "expires": "2020-01-01"},
  {"check": "5.5", "object": "no-such-container-*", "reason": "left over"},
  {"check": "2.15", "reason": "live restore is off on this CI host"},
  {"check": "2.9", "reason": "no userns-remap on this CI host"}
]}
EOF
	mapfile -t ARGS < <(every_format a2)
	run a2 -H "$H" -a --waivers "$W/waivers.json" --baseline "$W/a1.json" "${ARGS[@]}"
	da_assert_true "(a) the run with waivers and a baseline writes every format (exit $RC)" \
		test "$RC" -ne 2 -a "$RC" -lt 4 -a -s "$W/a2.json" -a -s "$W/a2.html"
	[[ $RC -eq 2 ]] && da_show_file "$W/a2.err" 5
	validate a2 a2
	da_assert_json "(a) json: the waiver section names the file" "$W/a2.json" \
		'd["waivers"]["file"].endswith("waivers.json")'
	da_assert_json "(a) json: the expired waiver is listed" "$W/a2.json" \
		'[w["check"] for w in d["waivers"]["expired"]] == ["5.10"] and d["waivers"]["expired"][0]["expires"] == "2020-01-01"'
	da_assert_json "(a) json: the waiver that matched nothing is unused" "$W/a2.json" \
		'"no-such-container-*" in [w["object"] for w in d["waivers"]["unused"]]'
	da_assert_json "(a) json: baseline and changes" "$W/a2.json" \
		"d['baseline']['started_at'] == json.load(open('$W/a1.json'))['started_at'] and isinstance(d['changes']['new'], list) and isinstance(d['changes']['resolved'], list)"
	da_assert_contains "(a) text: waivers line" "$W/a2.out" "Waivers: 1 expired, "
	da_assert_json "(a) json: the v1.6.0 waivers 2.15 and 2.9 apply as v1.8.0 2.16 and 2.10, and say so" "$W/a2.json" \
		'sorted((w["check"], w["applies_to"], w["key"]) for w in d["waivers"]["mapped"]) == [("2.15", "2.16", "live-restore"), ("2.9", "2.10", "userns-remap")]' 'd["waivers"]'
	da_assert_json "(a) json: the v1.6.0 baseline is matched by key" "$W/a2.json" \
		'd["baseline"]["benchmark"] == "1.6.0" and d["baseline"]["mapped"] is True'
	da_assert_contains "(a) text: the mapping is reported" "$W/a2.out" "mapped:  2.15: v1.6.0 2.15 is v1.8.0 2.16 (live-restore)"
	# The same host, waivers and baseline under v1.6.0: the same waived and new/resolved sets,
	# compared by stable key.
	run a2v16 -H "$H" -a --waivers "$W/waivers.json" --baseline "$W/a1.json" --benchmark 1.6.0 -f json
	check "(a) v1.6.0 and v1.8.0 give the same waived and new/resolved sets" python3 -c '
import json, sys
def sets(path):
    d = json.load(open(path))
    key = {r["id"]: r["key"] for r in d["results"]}
    waived = {(r["key"], f.get("name")) for r in d["results"] for f in r["findings"] if f.get("waived")}
    waived |= {(r["key"], None) for r in d["results"] if r["waived"]}
    ch = {c: {(key[x["id"]], x.get("kind"), x.get("name")) for x in d["changes"][c]} for c in ("new", "resolved")}
    return waived, ch, d["benchmark"]["version"]
w18, c18, v18 = sets(sys.argv[1])
w16, c16, v16 = sets(sys.argv[2])
print("waived:", sorted(w18, key=str), "changes:", {k: sorted(v, key=str) for k, v in c18.items()})
print("only v1.8.0:", sorted(w18 - w16, key=str), {k: sorted(c18[k] - c16[k], key=str) for k in c18})
print("only v1.6.0:", sorted(w16 - w18, key=str), {k: sorted(c16[k] - c18[k], key=str) for k in c16})
sys.exit(not (v18 == "1.8.0" and v16 == "1.6.0" and w18 == w16 and c18 == c16 and
              any(k == "live-restore" for k, _ in w18)))' "$W/a2.json" "$W/a2v16.out"
	da_assert_contains "(a) text: baseline line" "$W/a2.out" "Since the baseline ("
	if [[ "$PID_FAILS" == "true" ]]; then
		da_assert_json "(a) json: pidhost's 5.16 finding is waived with its reason" "$W/a2.json" \
			'any(f["name"] == "pidhost" and f.get("waived") is True and f["waiver"]["reason"].startswith("node exporter <reads>") for r in d["results"] if r["id"] == "5.16" for f in r["findings"])'
		da_assert_json "(a) json: newcomer is new since the baseline" "$W/a2.json" \
			'any((c["id"], c.get("kind"), c.get("name")) == ("5.16", "container", "newcomer") for c in d["changes"]["new"])'
		da_assert_json "(a) json: 5.16 still fails (newcomer is not waived)" "$W/a2.json" \
			'any(r["id"] == "5.16" and r["status"] == "fail" and r["waived"] is False for r in d["results"])'
		check "(a) sarif: pidhost suppressed with the reason, newcomer new and not" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
by = {}
for r in d["runs"][0]["results"]:
    for loc in r.get("locations", []):
        for l in loc.get("logicalLocations", []):
            if r["ruleId"] == "5.16":
                by[l["name"]] = r
p, n = by.get("pidhost"), by.get("newcomer")
ok = (p and p["suppressions"][0]["justification"].startswith("node exporter <reads>")
      and p.get("baselineState") == "unchanged" and n and "suppressions" not in n
      and n.get("baselineState") == "new")
sys.exit(not ok)' "$W/a2.sarif"
		check "(a) html: the waiver reason is text, escaped once" python3 -c '
import sys
h = open(sys.argv[1]).read()
sys.exit(not ("node exporter &lt;reads&gt; host &quot;processes&quot; &amp; more" in h and "<reads>" not in h))' "$W/a2.html"
		da_assert_contains "(a) junit: pidhost marked waived in the failure body" "$W/a2.xml" \
			"- container pidhost ("
		da_assert_contains "(a) prometheus: waiver states" "$W/a2.prom" 'docker_audit_waivers{state="expired"} 1'
		da_assert_contains "(a) prometheus: baseline changes" "$W/a2.prom" 'docker_audit_baseline_changes{change="new"}'
		for sev in critical high medium low; do
			da_assert_true "(a) prometheus: failures by severity, $sev present" \
				grep -q "^docker_audit_failures{severity=\"$sev\"} [0-9]" "$W/a2.prom"
		done
		check "(a) prometheus: failures by severity agree with the JSON report" python3 -c '
import json, re, sys
d = json.load(open(sys.argv[1]))
want = {s: 0 for s in ("critical", "high", "medium", "low")}
for r in d["results"]:
    if r["status"] == "fail" and not r["waived"]:
        want[r["severity"]] += 1
got = {m[0]: int(m[1]) for m in re.findall(r"^docker_audit_failures\{severity=\"(\w+)\"\} (\d+)$", open(sys.argv[2]).read(), re.M)}
print(want, got)
sys.exit(want != got)' "$W/a2.json" "$W/a2.prom"
	fi
fi

# ---------------------------------------------------------------------------------------------
if [[ -x "$FAKE" && -n "$SEED" ]]; then
	echo "== (b) hostile names from a (fake) daemon"
	# shellcheck disable=SC2089,SC2090 # the quotes are the point: they are data
	HOSTILE='<img src=x onerror=alert(1)>"'"'"'&'
	FIX="$DA_TMP/hostile"
	cp -r "$SEED" "$FIX"
	# pidhost -> markup, priv -> an OSC escape sequence, plain -> a bidi override
	python3 - "$FIX" "$HOSTILE" <<'PY'
import json, os, sys
fix, hostile = sys.argv[1], sys.argv[2]
names = {"pidhost": hostile, "priv": "evil\x1b]0;pwned\x07", "plain": "rlo\u202egpj.exe"}
with open(os.path.join(fix, "containers.json")) as fh:
    cs = json.load(fh)
for c in cs:
    old = c["Names"][0].lstrip("/")
    if old in names:
        c["Names"] = ["/" + names[old]]
        path = os.path.join(fix, "containers", c["Id"] + ".json")
        with open(path) as fh:
            d = json.load(fh)
        d["Name"] = "/" + names[old]
        with open(path, "w") as fh:
            json.dump(d, fh)
with open(os.path.join(fix, "containers.json"), "w") as fh:
    json.dump(cs, fh)
PY
	rm -f "$DA_TMP/fake.sock"
	"$FAKE" --socket "$DA_TMP/fake.sock" --dir "$FIX" >"$DA_TMP/fake.out" 2>&1 &
	FAKE_PID=$!
	for _ in $(seq 1 100); do
		grep -q ready "$DA_TMP/fake.out" 2>/dev/null && break
		sleep 0.05
	done
	mapfile -t ARGS < <(every_format b)
	# -n 0: every object on a check's line, the hostile names among them
	run b -H "unix://$DA_TMP/fake.sock" --no-kernel-audit -a -n 0 "${ARGS[@]}"
	kill "$FAKE_PID" 2>/dev/null
	wait "$FAKE_PID" 2>/dev/null
	da_assert_true "(b) one run writes all seven formats (exit $RC)" \
		test "$RC" -ne 2 -a "$RC" -lt 4 -a -s "$W/b.json" -a -s "$W/b.html"
	# shellcheck disable=SC2090
	export HOSTILE
	da_assert_json "(b) json: the hostile name survives as data" "$W/b.json" \
		'any(f.get("name") == __import__("os").environ["HOSTILE"] for r in d["results"] for f in r["findings"])' \
		'sorted({str(f.get("name")) for r in d["results"] for f in r["findings"]})[:10]'
	validate b b --expect-text "$HOSTILE"
	da_assert_not_contains "(b) text: no raw ESC from the daemon" "$W/b.out" $'\e]0;'
	da_assert_contains "(b) text: the OSC escape is shown escaped" "$W/b.out" 'evil\x1b]0;pwned\x07'
	for f in b.xml b.sarif b.prom b.dbs.json b.html b.json; do
		da_assert_not_contains "(b) $f: no raw ESC" "$W/$f" $'\e'
	done
	da_assert_not_contains "(b) html: the markup never becomes a tag" "$W/b.html" "<img"
	da_assert_not_contains "(b) junit: the markup never becomes a tag" "$W/b.xml" "<img"
	da_assert_contains "(b) html: the markup is escaped text" "$W/b.html" \
		'&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;'
	da_assert_not_contains "(b) html: no bidi override" "$W/b.html" $'\u202e'
	if [[ -n "$CHROMIUM" && -s "$W/b.dom.html" ]]; then
		da_assert_not_contains "(b) chromium DOM: no <img> element" "$W/b.dom.html" "<img"
		da_assert_not_contains "(b) chromium DOM: no <script> element" "$W/b.dom.html" "<script"
	fi
else
	echo "[e2e] note: no fake daemon at $FAKE (or no seed fixture); part (b) skipped"
fi

echo "[e2e] real_formats took $(($(date +%s) - T0)) s"
da_finish

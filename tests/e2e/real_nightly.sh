#!/usr/bin/env bash
# The nightly unit started under the install prefix (issue 13): `cmake --install` into a temp
# prefix renders contrib/systemd/docker-audit.service with that prefix's binary; the unit verifies
# (systemd-analyze); its ExecStart command line, taken from the installed unit and run exactly as
# systemd would (only its state and textfile directories moved into our temp dir, since systemd is
# not PID 1 here), audits a private dockerd, keeps dated reports in the history, prunes old ones
# (never anything else), and takes the newest complete report as its baseline, passing over a
# night whose daemon was unreachable. Ends with "N passed, N failed".
set -uo pipefail
BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"
da_require_bin "$BIN"
BUILD=$(dirname "$DA_BIN")
[[ -f $BUILD/CMakeCache.txt ]] || da_skip_or_fail "$BUILD is not a CMake build directory"
[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a private dockerd needs root)"
for tool in dockerd docker containerd runc ip python3 cmake; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done
{ [[ -x /bin/busybox ]] || command -v busybox >/dev/null 2>&1; } ||
	da_skip_or_fail "busybox not found (install busybox-static)"

da_init
PREFIX=$DA_TMP/prefix
cmake --install "$BUILD" --prefix "$PREFIX" >"$DA_TMP/install.log" 2>&1 ||
	{ da_fail "cmake --install --prefix $PREFIX: $(tail -3 "$DA_TMP/install.log")"; da_finish; }
UNIT=$PREFIX/lib/systemd/system/docker-audit.service
da_assert_true "the unit is installed under the prefix" test -f "$UNIT"

# ExecStart as systemd reads it: continuation lines joined, then split into words
exec_argv() {
	python3 - "$UNIT" "$@" <<'PY'
import shlex, sys
unit, subst = sys.argv[1], sys.argv[2:]
line, out = "", None
for raw in open(unit, encoding="utf-8"):
    raw = raw.rstrip("\n")
    if out is None and not raw.startswith("ExecStart="):
        continue
    if out is None:
        out, raw = "", raw[len("ExecStart="):]
    if raw.endswith("\\"):
        out += raw[:-1] + " "
        continue
    out += raw
    break
words = shlex.split(out)
for i in range(0, len(subst), 2):
    words = [w.replace(subst[i], subst[i + 1]) for w in words]
sys.stdout.write("\0".join(words) + "\0")
PY
}
mapfile -d '' ARGV < <(exec_argv)
da_assert_eq "ExecStart runs a shell" "/bin/sh" "${ARGV[0]:-}"
da_assert_true "ExecStart runs the prefix's binary ($PREFIX/bin/docker-audit)" \
	grep -qF "exec $PREFIX/bin/docker-audit " <<<"${ARGV[2]:-}"
da_assert_true "the binary it names is installed and executable" test -x "$PREFIX/bin/docker-audit"
da_assert_true "ExecStart keeps a history (--history, --keep-days 30)" \
	grep -q -- "--history /var/lib/docker-audit/history --keep-days 30" <<<"${ARGV[2]:-}"
rwp=$(sed -n 's/^ReadWritePaths=//p' "$UNIT")
da_assert_true "node_exporter's directory is optional in ReadWritePaths ('$rwp')" \
	grep -q -- ' -/var/lib/prometheus/node-exporter' <<<" $rwp"
for m in $(grep -o 'docker_audit_[a-z_]*' "$UNIT" | sort -u); do
	da_assert_true "the metric the unit's comment names exists: $m" \
		grep -q "\"$m\"" "$HERE/../../src/report/prometheus.c"
done
if command -v systemd-analyze >/dev/null; then
	da_assert_true "systemd-analyze verify passes" sh -c \
		"cd '$(dirname "$UNIT")' && systemd-analyze verify --man=no ./docker-audit.service ./docker-audit.timer 2>&1 | (! grep .)"
fi

da_start_daemon ng || { da_fail "start a private dockerd"; da_finish; }
SOCK=$DA_SOCK_ng
da_busybox_image "$SOCK" ng/busybox:1 >/dev/null
docker -H "unix://$SOCK" run -d --name "ng-one-$$" ng/busybox:1 sleep 600 >/dev/null

STATE=$DA_TMP/state
TEXTFILE=$DA_TMP/textfile
mkdir -p "$STATE"
mapfile -d '' ARGV < <(exec_argv /var/lib/docker-audit "$STATE" \
	/var/lib/prometheus/node-exporter "$TEXTFILE")
night() { # night HOST: run the unit's command line; echoes its exit status
	DOCKER_HOST=$1 "${ARGV[@]}" >"$DA_TMP/night.out" 2>&1
	echo $?
}
H=$STATE/history
mkdir -p "$H"
# a kept report from long ago (pruned), a user's file and a link named like ours (never touched)
printf '{"schema_version": 1, "results": []}\n' >"$H/report-20000101T000000Z.json"
echo keep >"$H/notes.txt"
ln -s notes.txt "$H/report-20000102T000000Z.json"

rc=$(night "unix://$SOCK")
da_assert_true "night 1: exit status the unit accepts (0, 1 or 3), got $rc" test "$rc" -le 3 -a "$rc" -ne 2
da_assert_eq "night 1: no textfile without node_exporter's directory" "no" \
	"$([[ -e $TEXTFILE ]] && echo yes || echo no)"
da_assert_true "night 1: json and html written" test -s "$STATE/report.json" -a -s "$STATE/report.html"
da_assert_eq "night 1: one dated report kept, the 2000 one pruned" 1 \
	"$(find "$H" -maxdepth 1 -type f -name 'report-2*Z.json' | wc -l)"
da_assert_true "night 1: the user's file and the link stay" test -f "$H/notes.txt" -a -L "$H/report-20000102T000000Z.json"
first=$(find "$H" -maxdepth 1 -type f -name 'report-2*Z.json' -printf '%f\n' | sort | head -1)
sleep 1.1

# night 2: the daemon is unreachable; kept, but never a baseline
rc=$(night "unix://$DA_TMP/nonexistent.sock")
da_assert_eq "night 2 (no daemon): exit status 3" 3 "$rc"
sleep 1.1

# night 3: a new privileged container; node_exporter's directory now exists
docker -H "unix://$SOCK" run -d --name "ng-two-$$" --pid host ng/busybox:1 sleep 600 >/dev/null
mkdir -p "$TEXTFILE"
rc=$(night "unix://$SOCK")
da_assert_true "night 3: exit status the unit accepts, got $rc" test "$rc" -le 3 -a "$rc" -ne 2
da_assert_true "night 3: the unreachable night was passed over as a baseline" \
	grep -q "could not be reached.*passed over as a baseline" "$DA_TMP/night.out"
started=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["started_at"])' "$H/$first")
da_assert_json "night 3: the baseline is night 1, the last complete report" "$STATE/report.json" \
	"d.get('baseline', {}).get('started_at') == '$started'" "d.get('baseline')"
da_assert_json "night 3: the --pid host container is new since night 1" "$STATE/report.json" \
	"any(c.get('name') == 'ng-two-$$' for c in d['changes']['new'])" "d.get('changes')"
da_assert_true "night 3: the textfile is written once its directory exists" \
	grep -q '^docker_audit_up 1' "$TEXTFILE/docker_audit.prom"
# 5.30 names the bridge this daemon really uses (--bridge of lib.sh), not docker0 (issue 13)
BR=$DA_BRIDGE_ng
da_assert_json "5.30 names the daemon's real bridge ($BR)" "$STATE/report.json" \
	"any('attached to the default bridge network ($BR)' in f['detail'] for f in res('5.30')['findings'])" \
	"res('5.30')"
da_assert_eq "night 3: three dated reports kept" 3 \
	"$(find "$H" -maxdepth 1 -type f -name 'report-2*Z.json' | wc -l)"
# the HTML page a manager reads: counts by severity, Fix first, the trend of the kept history
HTML=$STATE/report.html
da_assert_contains "night 3: html counts failing checks by severity" "$HTML" '<span class="badge sev-critical'
da_assert_contains "night 3: html has the Fix first list" "$HTML" '<section id="fix-first">'
da_assert_contains "night 3: html draws the trend of the three kept runs" "$HTML" \
	'<h2>Trend: failing checks by severity, last 3 runs</h2>'
da_assert_contains "night 3: the unreachable night is an incomplete bar" "$HTML" \
	'the daemon could not be reached (incomplete)</title>'
da_assert_not_contains "night 3: html has no script" "$HTML" '<script'
for sev in critical high medium low; do
	da_assert_true "night 3: the textfile counts $sev failures" \
		grep -q "^docker_audit_failures{severity=\"$sev\"} [0-9]" "$TEXTFILE/docker_audit.prom"
done
if command -v chromium >/dev/null 2>&1; then
	timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$DA_TMP/chromium" \
		--print-to-pdf="$DA_TMP/report.pdf" "file://$HTML" >/dev/null 2>&1
	PAGES=$(python3 -c 'import re,sys; print(len(re.findall(rb"/Type\s*/Page[^s]", open(sys.argv[1], "rb").read())))' \
		"$DA_TMP/report.pdf" 2>/dev/null || echo 0)
	echo "      the nightly HTML prints to $PAGES pages"
	da_assert_true "night 3: the HTML prints to a few pages (1..8, got $PAGES)" test "$PAGES" -ge 1 -a "$PAGES" -le 8
else
	echo "SKIP: print-to-PDF: chromium is not installed"
fi

# Baselines compare like with like (issue 13). A created privileged container: with --all it
# fails the privileged check; a run without --all against that baseline must not call it
# resolved, and says the scopes differ.
DA=$PREFIX/bin/docker-audit
docker -H "unix://$SOCK" create --name "ng-priv-$$" --privileged ng/busybox:1 sleep 600 >/dev/null
"$DA" -H "unix://$SOCK" --all -f json -o "$DA_TMP/with-a.json" >/dev/null 2>&1
da_assert_json "with --all the created privileged container fails" "$DA_TMP/with-a.json" \
	"any(f.get('name') == 'ng-priv-$$' for r in d['results'] if r['key'] == 'no-privileged' for f in r['findings'])" \
	"[r for r in d['results'] if r['key'] == 'no-privileged']"
"$DA" -H "unix://$SOCK" --baseline "$DA_TMP/with-a.json" -f json -o "$DA_TMP/without-a.json" \
	>/dev/null 2>"$DA_TMP/without-a.err"
da_assert_json "without --all it is unknown, not resolved" "$DA_TMP/without-a.json" \
	"not any(c.get('name') == 'ng-priv-$$' for c in d['changes']['resolved']) and any(c.get('name') == 'ng-priv-$$' and 'scope' in c['why'] for c in d['changes']['unknown'])" \
	"d['changes']"
da_assert_json "the report records the left-out container" "$DA_TMP/without-a.json" \
	"any(l['name'] == 'ng-priv-$$' and l['reason'] == 'not_running' for l in d['scope']['containers']['left_out_names'])"
da_assert_true "a one-line warning that the scopes differ (stderr)" \
	grep -q "was of another scope (-a (stopped containers) given in the baseline, not given now): compared on the overlap" "$DA_TMP/without-a.err"
da_assert_json "the warning is in the report" "$DA_TMP/without-a.json" "'compared on the overlap' in d['baseline']['warning']"
# a baseline of -c 5 and a full run: nothing outside section 5 is new
"$DA" -H "unix://$SOCK" --all -c 5 -f json -o "$DA_TMP/c5.json" >/dev/null 2>&1
"$DA" -H "unix://$SOCK" --all --baseline "$DA_TMP/c5.json" -f json -o "$DA_TMP/full.json" \
	>/dev/null 2>"$DA_TMP/full.err"
da_assert_json "-c 5 baseline, full run: no new failure outside section 5" "$DA_TMP/full.json" \
	"all(c['id'].startswith('5.') for c in d['changes']['new']) and any(not c['id'].startswith('5.') for c in d['changes']['unknown'])" \
	"d['changes']['new']"
da_assert_true "-c 5 baseline, full run: the warning names the selections" \
	grep -q "checks 5 in the baseline, all now" "$DA_TMP/full.err"
da_assert_json "-c 5 baseline, full run: the selection is recorded" "$DA_TMP/c5.json" \
	"d['scope']['selection']['checks'] == ['5'] and d['scope']['selection']['all_containers'] is True"
da_finish

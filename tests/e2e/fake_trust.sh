#!/usr/bin/env bash
# End-to-end, issue 15 ("trust, round two"): the built binary must never break the host it
# writes to, never print a secret, never hold unbounded memory for a hostile answer, and never
# run past its deadline. Every case runs in a private temp directory against our fake daemon;
# device nodes are made there with mknod (root only: those cases SKIP otherwise), never the
# host's /dev. Each case is counted; run it against an older binary to see what it catches.
set -uo pipefail
BIN=${1:?usage: fake_trust.sh DOCKER_AUDIT FAKEDAEMON}
FAKE=${2:?usage: fake_trust.sh DOCKER_AUDIT FAKEDAEMON}
HERE=$(cd "$(dirname "$0")" && pwd)
FIX=$HERE/../fixtures/docker
WORK=$(mktemp -d "${TMPDIR:-/tmp}/da-trust.XXXXXX")
PASSED=0 FAILED=0 SKIPPED=0
FAKE_PID=

cleanup() {
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() { PASSED=$((PASSED + 1)); echo "ok - $*"; }
not_ok() { FAILED=$((FAILED + 1)); echo "not ok - $*"; }
skip() { SKIPPED=$((SKIPPED + 1)); echo "ok - # SKIP $*"; }

start_fake() { # ARGS...: (re)start the fake daemon on $WORK/fake.sock
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
	rm -f "$WORK/fake.sock"
	"$FAKE" --socket "$WORK/fake.sock" "$@" > "$WORK/fake.out" 2>&1 &
	FAKE_PID=$!
	for _ in $(seq 1 200); do
		grep -q ready "$WORK/fake.out" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "fake daemon did not start (args: $*): $(cat "$WORK/fake.out")"
	return 1
}

da() { "$BIN" -H "unix://$WORK/fake.sock" --no-kernel-audit "$@"; }

# Run a command, print "EXIT SECONDS PEAK_RSS_KB" (peak of the command alone).
measure() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
sys.stderr.buffer.write(p.stderr)
print(p.returncode, round(time.monotonic() - t, 2), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
}

json_ok() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2> /dev/null; }

start_fake --dir "$FIX/seed" || exit 1

# ---- 1. -o over device nodes, links and FIFOs ----
if [ "$(id -u)" -eq 0 ]; then
	mknod "$WORK/null" c 1 3
	da --check 5.16 -f json -o "$WORK/null" > /dev/null 2>&1
	if [ -c "$WORK/null" ]; then ok "-o a character device leaves the device in place"; else
		not_ok "-o a character device replaced it: $(stat -c %F "$WORK/null")"; fi
	ln -s "$WORK/null" "$WORK/null-link"
	da --check 5.16 -f json -o "$WORK/null-link" > /dev/null 2>&1
	if [ -L "$WORK/null-link" ] && [ -c "$WORK/null" ]; then
		ok "-o a link to a device keeps the link and the device"
	else not_ok "-o a link to a device: link $(stat -c %F "$WORK/null-link"), device $(stat -c %F "$WORK/null")"; fi
else
	skip "-o over a device node needs root for mknod"
	skip "-o over a link to a device node needs root for mknod"
fi
echo old > "$WORK/target.json"
ln -s target.json "$WORK/report-link"
da --check 5.16 -f json -o "$WORK/report-link" > /dev/null 2>&1
if [ -L "$WORK/report-link" ] && json_ok "$WORK/target.json"; then
	ok "-o a symlink writes the report to its target and keeps the link"
else not_ok "-o a symlink: $(stat -c %F "$WORK/report-link"); target: $(head -c 60 "$WORK/target.json")"; fi
mkfifo "$WORK/fifo"
timeout 20 cat "$WORK/fifo" > "$WORK/fifo.out" &
reader=$!
timeout 20 "$BIN" -H "unix://$WORK/fake.sock" --no-kernel-audit --check 5.16 -f json -o "$WORK/fifo" > /dev/null 2>&1
# a FIFO replaced by a file leaves the reader waiting for a writer that never comes
[ -p "$WORK/fifo" ] || kill "$reader" 2> /dev/null
wait "$reader"
if [ -p "$WORK/fifo" ] && json_ok "$WORK/fifo.out"; then ok "-o a FIFO writes through it and keeps it"; else
	not_ok "-o a FIFO: $(stat -c %F "$WORK/fifo" 2>&1); read: $(head -c 60 "$WORK/fifo.out")"; fi
mkdir "$WORK/adir"
da --check 5.16 -f json -o "$WORK/adir" > /dev/null 2> "$WORK/err.txt"
if [ -d "$WORK/adir" ] && grep -q "refusing" "$WORK/err.txt"; then ok "-o a directory is refused with a reason"; else
	not_ok "-o a directory: $(cat "$WORK/err.txt")"; fi

# ---- 6. the report's mode and owner ----
echo old > "$WORK/kept.json"
chmod 0600 "$WORK/kept.json"
if [ "$(id -u)" -eq 0 ]; then chown 65534:65534 "$WORK/kept.json"; fi
want_owner=$(stat -c %u:%g "$WORK/kept.json")
da --check 5.16 -f json -o "$WORK/kept.json" > /dev/null 2>&1
got="$(stat -c %a "$WORK/kept.json") $(stat -c %u:%g "$WORK/kept.json")"
if [ "$got" = "600 $want_owner" ] && json_ok "$WORK/kept.json"; then
	ok "a replaced report keeps its mode 0600 and owner $want_owner"
else not_ok "a replaced report became $got, want 600 $want_owner"; fi
(umask 027 && "$BIN" -H "unix://$WORK/fake.sock" --no-kernel-audit --check 5.16 -f json -o "$WORK/new.json" > /dev/null 2>&1)
if [ "$(stat -c %a "$WORK/new.json")" = 640 ]; then ok "a new report honours the umask (027: 0640)"; else
	not_ok "a new report under umask 027 is $(stat -c %a "$WORK/new.json")"; fi

# ---- 10. a signal during the write leaves no temporary file ----
# A file size limit makes the kernel send SIGXFSZ in the middle of writing the report.
mkdir "$WORK/sig"
(ulimit -f 1 && exec "$BIN" -H "unix://$WORK/fake.sock" --no-kernel-audit --check 5 -a -f json -o "$WORK/sig/r.json") > /dev/null 2>&1
left=$(find "$WORK/sig" -name '.*tmp*' | wc -l)
if [ "$left" -eq 0 ]; then ok "killed by a signal mid-write: no .r.json.tmp.* left"; else
	not_ok "killed by a signal mid-write: left $(ls -A "$WORK/sig")"; fi

# ---- 3. memory and time under hostile answers ----
# Memory ceilings are for the real binary; under AddressSanitizer (run-all.sh's asan stage sets
# ASAN_OPTIONS) shadow memory and the quarantine add a constant, so the ceilings are 4x there.
KB_SCALE=1
[ -n "${ASAN_OPTIONS:-}" ] && KB_SCALE=4
for fault in trailers headers; do
	start_fake --dir "$FIX/seed" --fault "$fault" || exit 1
	read -r rc secs kb < <(measure "$BIN" -H "unix://$WORK/fake.sock" --no-kernel-audit --check 5.16 -f json --timeout 5 2> "$WORK/err.txt")
	echo "# $fault: exit $rc, ${secs}s, peak RSS ${kb} KiB"
	if [ "$rc" = 3 ] && [ "$kb" -lt $((65536 * KB_SCALE)) ] && python3 -c "import sys; sys.exit(0 if $secs < 4 else 1)"; then
		ok "endless $fault: ERROR within ${secs}s and ${kb} KiB"
	else not_ok "endless $fault: exit $rc, ${secs}s, ${kb} KiB"; fi
done
python3 -c 'import sys; n=int(sys.argv[1]); open(sys.argv[2],"w").write("[" + ",".join(["{}"]*n) + "]")' 250001 "$WORK/empties.json"
start_fake --dir "$FIX/seed" --route GET /containers/json 200 "$WORK/empties.json" || exit 1
read -r rc secs kb < <(measure "$BIN" -H "unix://$WORK/fake.sock" --no-kernel-audit --check 5.5,5.16 -a -f json 2> "$WORK/err.txt")
echo "# 250,001 empty objects: exit $rc, ${secs}s, peak RSS ${kb} KiB"
if [ "$rc" = 3 ] && [ "$kb" -lt $((131072 * KB_SCALE)) ]; then
	ok "a list of 250,001 empty objects: ERROR, ${kb} KiB"
else not_ok "a list of 250,001 empty objects: exit $rc, ${kb} KiB"; fi

# ---- 7. the overall deadline ----
start_fake --generate-containers 64 --fault slow:900 || exit 1
read -r rc secs kb < <(measure "$BIN" -H "unix://$WORK/fake.sock" --no-kernel-audit --check 5.16 -f json --timeout 2 --deadline 2 -o "$WORK/dl.json" 2> "$WORK/err.txt")
echo "# deadline 2 s over 64 answers of 0.9 s each: exit $rc, ${secs}s"
if [ "$rc" = 3 ] && python3 -c "import sys; sys.exit(0 if $secs < 4.5 else 1)" &&
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["deadline"]["passed"] and d["results"][0]["status"]=="error" else 1)' "$WORK/dl.json" &&
	grep -q deadline "$WORK/err.txt"; then
	ok "--deadline 2: the audit ends in ${secs}s, what was left is ERROR and the report says so"
else not_ok "--deadline 2: exit $rc after ${secs}s; stderr: $(head -c 300 "$WORK/err.txt")"; fi

# ---- 2. a list entry that cannot be read makes what depends on it ERROR, never a smaller PASS ----
swarm_case() { # NAME FILE PYTHON_EDIT CHECK COUNT: CHECK is ERROR and its detail has COUNT
	rm -rf "$WORK/sw" && mkdir -p "$WORK/sw" && cp -r "$FIX/swarm-hardened/." "$WORK/sw/"
	python3 - "$WORK/sw/$2" "$3" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
exec(sys.argv[2])
json.dump(d, open(p, "w"))
PY
	start_fake --dir "$WORK/sw" || return
	da --check "$4" -f json > "$WORK/o.json" 2> /dev/null
	local st
	st=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["status"], r["detail"])' "$WORK/o.json" 2> /dev/null)
	if [ "${st%% *}" = error ] && [[ $st == *"$5"* ]]; then ok "$1: $4 is ERROR ($5)"
	else not_ok "$1: $4 is '$st', want error with '$5'"; fi
}
swarm_case "an unreadable node entry (a fourth manager?)" nodes.json 'd.append("manager-4")' 7.1 "1 of 2 entries of GET /nodes could not be read"
swarm_case "a node whose Spec.Role is a number" nodes.json 'd.append(dict(d[0], ID="x", Spec={"Role": 1}))' 7.1 "1 of 2 entries of GET /nodes could not be read"
swarm_case "an unreadable service entry" services.json 'd.append(["svc"])' 7.4 "1 of 2 services and 0 of 1 secrets"
swarm_case "a service whose Env is not a list" services.json 'd.append({"ID": "s2", "Spec": {"Name": "s2", "TaskTemplate": {"ContainerSpec": {"Env": "DB_PASSWORD=x"}}}})' 7.4 "1 of 2 services and 0 of 1 secrets"
swarm_case "an unreadable secret entry" secrets.json 'd.append(42)' 7.4 "0 of 1 services and 1 of 2 secrets"
swarm_case "an unreadable network entry" networks.json 'd.append("ovl")' 7.3 "1 network could not be judged"
# audit rules: the kernel's list is not asked (--no-kernel-audit), so the rules files of --root
# decide; a line auditctl would not load is counted, and 1.1.6 is ERROR with the count, not FAIL
start_fake --dir "$FIX/seed" || exit 1
da --root "$FIX/../hostfs/host-audit-badline" --check 1.1.4,1.1.6 -f json > "$WORK/o.json" 2> /dev/null
if python3 -c 'import json,sys; r={x["id"]: x for x in json.load(open(sys.argv[1]))["results"]}
sys.exit(0 if r["1.1.6"]["status"] == "error" and r["1.1.6"]["detail"].startswith("1 rules file line could not be read (/etc/audit/rules.d/10-broken.rules:3") and r["1.1.4"]["status"] == "pass" and "1 rules file line could not be read" in r["1.1.4"]["detail"] else 1)' "$WORK/o.json"; then
	ok "an audit rules line auditctl would not load: 1.1.6 is ERROR with the count, 1.1.4 PASS saying so"
else not_ok "an unreadable audit rules line: $(head -c 400 "$WORK/o.json")"; fi

# ---- 8. baselines stay small, and one past the cap says so ----
start_fake --dir "$FIX/seed" || exit 1
da -a -f json -o "$WORK/full.json" -f baseline -o "$WORK/base.json" > /dev/null 2>&1
da -a -f json --baseline "$WORK/base.json" > "$WORK/o.json" 2> /dev/null
sz_full=$(stat -c %s "$WORK/full.json") sz_base=$(stat -c %s "$WORK/base.json")
if python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["changes"]; sys.exit(0 if not c["new"] and not c["resolved"] else 1)' "$WORK/o.json" &&
	[ "$sz_base" -lt $((sz_full / 4)) ]; then
	ok "-f baseline: $sz_base bytes against $sz_full for the JSON report, and it compares as the same failures"
else not_ok "-f baseline: $sz_base bytes (JSON $sz_full); changes: $(head -c 300 "$WORK/o.json")"; fi
truncate -s 257M "$WORK/huge.json"
da -a -f json --baseline "$WORK/huge.json" > /dev/null 2> "$WORK/err.txt"
if grep -q "256 MiB" "$WORK/err.txt" && grep -q "format baseline" "$WORK/err.txt"; then
	ok "a baseline past 256 MiB: the message says so and how to keep baselines small"
else not_ok "a baseline past 256 MiB: $(cat "$WORK/err.txt")"; fi

# ---- 9. waiver files read as other JSON tools read them ----
waiver_case() { # NAME CONTENT(printf format) EXPECTED_WORD
	printf "$2" > "$WORK/w.json"
	da --check 5.16 -f json --waivers "$WORK/w.json" > /dev/null 2> "$WORK/err.txt"
	local rc=$?
	if [ "$rc" = 2 ] && grep -q "$3" "$WORK/err.txt"; then ok "waivers: $1 refused (exit 2: $(head -c 120 "$WORK/err.txt"))"; else
		not_ok "waivers: $1: exit $rc, stderr $(head -c 200 "$WORK/err.txt")"; fi
}
start_fake --dir "$FIX/seed" || exit 1
waiver_case "duplicate object" '{"waivers":[{"check":"5.16","object":"*","reason":"r","object":"x"}]}' "duplicate field 'object'"
waiver_case "duplicate expires" '{"waivers":[{"check":"5.16","reason":"r","expires":"2000-01-01","expires":"2999-01-01"}]}' "duplicate field 'expires'"
waiver_case "duplicate waivers list" '{"waivers":[],"waivers":[{"check":"5.16","reason":"r"}]}' "duplicate key"
waiver_case "text after the document" '{"waivers":[]} {"waivers":[{"check":"5.16","reason":"r"}]}' "after the JSON"
waiver_case "a NUL after the document" '{"waivers":[]}\0{"x":1}' "NUL"
waiver_case "\\u0000 in check" '{"waivers":[{"check":"5.16\\u0000junk","reason":"r"}]}' "u0000"

# ---- 4 and 5. planted secrets never reach any format or stderr ----
formats="json text junit sarif prometheus docker-bench"
# all_formats NAME ARGS...: every format to a file and stdout, stderr kept; a planted marker
# (PLANTED...) anywhere fails the case
no_marker() {
	local name=$1
	shift
	rm -f "$WORK"/out.* "$WORK/err.all"
	for f in $formats; do
		da "$@" -f "$f" > "$WORK/out.$f" 2>> "$WORK/err.all"
	done
	local hits
	hits=$(grep -l PLANTED "$WORK"/out.* "$WORK/err.all" 2> /dev/null | xargs -r -n1 basename | tr '\n' ' ')
	if [ -z "$hits" ]; then ok "$name: no planted secret in $formats or stderr"; else
		not_ok "$name: planted secret in $hits: $(grep -ho '.\{40\}PLANTED.\{20\}' "$WORK"/out.* "$WORK/err.all" | head -3)"; fi
}

# 5: credentials in an endpoint given on the command line
"$BIN" -H "tcp://admin:PLANTEDpw1@daemon host:2375" --check 5.16 > "$WORK/out.txt" 2>&1
rc=$?
if [ "$rc" = 2 ] && grep -q "daemon host:2375" "$WORK/out.txt" && ! grep -q PLANTED "$WORK/out.txt"; then
	ok "a usage error masks the endpoint's user info"
else not_ok "usage error: $(cat "$WORK/out.txt")"; fi
# 5: a registry named with credentials (2.5), in every format
mkdir -p "$WORK/reg"
cp -r "$FIX/seed/." "$WORK/reg/"
python3 - "$WORK/reg/info.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
rc = d.setdefault("RegistryConfig", {})
rc.setdefault("IndexConfigs", {})["deploy:PLANTEDreg@registry.example.com:5000"] = {
    "Name": "deploy:PLANTEDreg@registry.example.com:5000", "Mirrors": [], "Secure": False, "Official": False}
json.dump(d, open(p, "w"))
PY
start_fake --dir "$WORK/reg" || exit 1
da --check 2.5 -f json > "$WORK/o.json" 2> /dev/null
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["results"][0]["status"]=="fail" and "registry.example.com:5000" in json.dumps(d) else 1)' "$WORK/o.json"; then
	ok "2.5 still names the insecure registry"
else not_ok "2.5 lost the registry: $(head -c 400 "$WORK/o.json")"; fi
no_marker "2.5 registry with credentials" --check 2.5

# 4: secrets in quoted build steps, one planted step at a time (4.7 quotes it, 4.10 flags it)
mkdir -p "$WORK/img"
cp -r "$FIX/images-edge/." "$WORK/img/"
UPD=0149671b6c392988f16b2b6afde4813b4650a9ba34a453db2dbd7d6ce0863cb9
ADDI=6293746508909a011580ca2e5e348b58c5b88efbf50386796dd0b709712a36b1
start_fake --dir "$WORK/img" || exit 1
plant() { # FILE-ID STEP: a history of one planted step over a base layer
	python3 - "$WORK/img/images/$1/history.json" "$2" <<'PY'
import json, sys
json.dump([
    {"Comment": "", "Created": 1795333494, "CreatedBy": sys.argv[2], "Id": "<missing>", "Size": 0, "Tags": None},
    {"Comment": "", "Created": 1795333400, "CreatedBy": "/bin/sh -c #(nop) ADD file:0c4555f363c2672e350001f1293e689875a3760afe7b3f9146886afe67121cba in / ", "Id": "<missing>", "Size": 7000000, "Tags": None},
], open(sys.argv[1], "w"))
PY
}
flagged() { # NAME IMAGE: 4.10 names the image
	da --check 4.10 -a -f json > "$WORK/o.json" 2> /dev/null
	if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if any(f["name"]==sys.argv[2] for f in d["results"][0].get("findings",[])) else 1)' "$WORK/o.json" "$2"; then
		ok "4.10 flags $1"
	else not_ok "4.10 does not flag $1"; fi
}
steps=(
	'/bin/sh -c DB_PASSWORD="PLANTEDa1 PLANTEDb1" ./migrate && apt-get update'
	"/bin/sh -c ./login --password 'PLANTEDa2 PLANTEDb2' && apt-get update"
	"/bin/sh -c export API_TOKEN='PLANTEDa3 PLANTEDb3' && apt-get update"
	'/bin/sh -c curl -H "Authorization: Bearer PLANTEDa4" https://api.example.com/x && apt-get update'
	'/bin/sh -c mysql -uroot -pPLANTEDa5 app < /s.sql && apt-get update'
)
names=("a quoted two-word assignment" "--password 'two words'" "export API_TOKEN='two words'" "an Authorization: Bearer header" "mysql -pPASSWORD")
for i in "${!steps[@]}"; do
	plant "$UPD" "${steps[$i]}"
	no_marker "4.7 quoting ${names[$i]}" --check 4.7,4.10 -a
	flagged "${names[$i]}" update-alone:1
done
plant "$ADDI" 'ADD https://downloads.example.com/tool.tgz?access_token=PLANTEDa6 /opt/ # buildkit'
no_marker "4.9 quoting an ADD URL with ?access_token=" --check 4.9,4.10 -a
flagged "?access_token= in an ADD URL" url-add:1

# exec ids: an entry of a container's ExecIDs that is no id makes 5.23 ERROR for it
rm -rf "$WORK/ex" && mkdir -p "$WORK/ex" && cp -r "$FIX/seed/." "$WORK/ex/"
python3 - "$WORK/ex" <<'PY'
import glob, json, sys
for p in glob.glob(sys.argv[1] + "/containers/*.json"):
    d = json.load(open(p))
    if (d.get("State") or {}).get("Running") and d.get("Name") == "/plain":
        d["ExecIDs"] = [42]
        json.dump(d, open(p, "w"))
PY
start_fake --dir "$WORK/ex" || exit 1
da --check 5.23 -f json > "$WORK/o.json" 2> "$WORK/err.txt"
if python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; sys.exit(0 if r["status"] == "error" and r["detail"].startswith("1 of 3 running containers could not be judged") and any(f.get("error") and f["name"] == "plain" for f in r.get("findings",[])) else 1)' "$WORK/o.json"; then
	ok "an ExecIDs entry that is no id: 5.23 is ERROR, counts the container and names it"
else not_ok "an unreadable ExecIDs entry: $(head -c 300 "$WORK/o.json"); stderr: $(head -c 300 "$WORK/err.txt")"; fi
# history steps: one unreadable step makes the image's history-based checks ERROR
plant "$UPD" '/bin/sh -c apt-get update'
python3 - "$WORK/img/images/$UPD/history.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d.insert(1, 42)
json.dump(d, open(sys.argv[1], "w"))
PY
start_fake --dir "$WORK/img" || exit 1
"$BIN" image update-alone:1 -H "unix://$WORK/fake.sock" --check 4.7 -f json > "$WORK/o.json" 2> /dev/null
if python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; sys.exit(0 if r["status"] == "error" and r["detail"].startswith("1 of 1 image could not be judged") and any(f.get("error") and f["name"] == "update-alone:1" for f in r.get("findings",[])) else 1)' "$WORK/o.json"; then
	ok "an unreadable history step: 4.7 is ERROR for the image, counted and named"
else not_ok "an unreadable history step: $(head -c 300 "$WORK/o.json")"; fi

echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" -eq 0 ]

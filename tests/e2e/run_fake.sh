#!/usr/bin/env bash
# End-to-end: the built binary against our fake Engine API daemon, for what a real daemon
# cannot be made to do (hangs, garbage, containers that vanish). Every case must end within
# --timeout plus a margin, with exit 1 or 3, JSON that parses, and ERROR (never PASS) for what
# could not be judged.
set -uo pipefail
BIN=${1:?usage: run_fake.sh DOCKER_AUDIT FAKEDAEMON}
FAKE=${2:?usage: run_fake.sh DOCKER_AUDIT FAKEDAEMON}
HERE=$(cd "$(dirname "$0")" && pwd)
FIX=$HERE/../fixtures/docker
WORK=$(mktemp -d "${TMPDIR:-/tmp}/da-fake.XXXXXX")
PASSED=0 FAILED=0
FAKE_PID=

cleanup() {
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

ok() { PASSED=$((PASSED + 1)); echo "ok - $*"; }
not_ok() { FAILED=$((FAILED + 1)); echo "not ok - $*"; }

start_fake() { # ARGS...: (re)start the fake daemon on $WORK/fake.sock
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
	rm -f "$WORK/fake.sock"
	"$FAKE" --socket "$WORK/fake.sock" "$@" > "$WORK/fake.out" 2>&1 &
	FAKE_PID=$!
	for _ in $(seq 1 100); do
		grep -q ready "$WORK/fake.out" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "fake daemon did not start: $(cat "$WORK/fake.out")"
	return 1
}

# audit NAME MAX_SECONDS EXPECTED_EXITS JSON_CHECK [docker-audit args...]
# JSON_CHECK is a python expression over d (the parsed report) that must be true.
audit() {
	local name=$1 max=$2 exits=$3 check=$4
	shift 4
	local t0 t1 rc
	t0=$(date +%s.%N)
	"$BIN" -H "unix://$WORK/fake.sock" -f json --no-kernel-audit "$@" \
		> "$WORK/out.json" 2> "$WORK/err.txt"
	rc=$?
	t1=$(date +%s.%N)
	local secs
	secs=$(python3 -c "print(round($t1 - $t0, 2))")
	if ! [[ " $exits " == *" $rc "* ]]; then
		not_ok "$name: exit $rc, want one of [$exits]; stderr: $(head -c 300 "$WORK/err.txt")"
		return
	fi
	if python3 -c "import sys; sys.exit(0 if $secs <= $max else 1)"; then :; else
		not_ok "$name: took ${secs}s, more than ${max}s"
		return
	fi
	if python3 - "$WORK/out.json" "$check" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ok = eval(sys.argv[2], {"d": d, "any": any, "all": all, "len": len})
sys.exit(0 if ok else 1)
PY
	then ok "$name (exit $rc, ${secs}s)"
	else not_ok "$name: JSON check failed: $check; got $(head -c 600 "$WORK/out.json")"
	fi
}

statuses='{r["id"]: r["status"] for r in d["results"]}'
no_pass_5='all(r["status"] != "pass" for r in d["results"] if r["id"].startswith("5."))'

# A healthy fake daemon serving captured answers: the offenders and only them.
start_fake --dir "$FIX/seed"
audit "captured daemon: 5.16 names pidhost and joined" 5 "1" \
	'sorted(f["name"] for f in d["results"][0]["findings"]) == ["joined", "pidhost"]' --check 5.16
audit "captured daemon: 5.5 with -a names priv only" 5 "1" \
	'[f["name"] for f in d["results"][0]["findings"]] == ["priv"]' --check 5.5 -a

# Every report to a file: the one line on stderr carries the text summary's counts, severities
# included, word for word (issue 13: one function makes both).
"$BIN" -H "unix://$WORK/fake.sock" --no-kernel-audit -a -f json -o "$WORK/base.json" \
	-f text -o "$WORK/base.txt" 2> "$WORK/sum.err"
text_counts=$(sed -n 's/^Summary: //p' "$WORK/base.txt")
if [ "$(wc -l < "$WORK/sum.err")" -eq 1 ] && [[ $text_counts == *" fail ("*" critical"* ]] &&
	grep -qxF "docker-audit: $text_counts; $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["summary"]["fail"])' "$WORK/base.json") at or above --fail-on low; exit status 1; wrote 2 reports" "$WORK/sum.err"; then
	ok "stderr summary line has the text summary's counts by severity: $text_counts"
else
	not_ok "stderr summary line and text summary differ: '$(cat "$WORK/sum.err")' vs '$text_counts'"
fi

# A baseline of another scope (-a then, not now): the text report says so itself, next to what
# changed, and how many failures are unknown and why; -v lists them, as many as -n allows.
"$BIN" -H "unix://$WORK/fake.sock" --no-kernel-audit --baseline "$WORK/base.json" \
	-f json -o "$WORK/now.json" -f text -o "$WORK/now.txt" 2> /dev/null
unknown=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["changes"]["unknown"]))' "$WORK/now.json")
if [ "$unknown" -gt 3 ] &&
	grep -q "^Since the baseline (.*): [0-9]* new, [0-9]* resolved, $unknown unknown$" "$WORK/now.txt" &&
	grep -q "^  Warning: the baseline (.*) was of another scope (-a (stopped containers) given in the baseline, not given now): compared on the overlap" "$WORK/now.txt" &&
	grep -q "^  unknown:  $unknown, neither new nor resolved: [0-9]* left out of this run's scope.* (-v lists them)$" "$WORK/now.txt"; then
	ok "text report: the baseline's other scope and $unknown unknown failures, with why"
else
	not_ok "text report lacks the scope warning or the unknown count ($unknown): $(grep -A3 '^Since' "$WORK/now.txt")"
fi
"$BIN" -H "unix://$WORK/fake.sock" --no-kernel-audit --baseline "$WORK/base.json" -v -n 2 \
	> "$WORK/nowv.txt" 2> /dev/null
listed=$(grep -c "^  unknown:  [0-9][0-9.]* ([a-z]*) " "$WORK/nowv.txt")
if [ "$listed" -eq 2 ] && grep -q "^  unknown:  5.5 (critical) container priv: left out of this run's scope$" "$WORK/nowv.txt" &&
	grep -q "^  unknown:  ... and $((unknown - 2)) more (-n 0 lists all" "$WORK/nowv.txt"; then
	ok "text -v -n 2: two unknown failures listed, the other $((unknown - 2)) counted"
else
	not_ok "text -v -n 2 listed $listed unknown: $(grep '^  unknown' "$WORK/nowv.txt" | head -5)"
fi

# A container listed and then gone (404) between list and inspect.
start_fake --dir "$FIX/vanished"
audit "vanished container is an error finding" 5 "3" \
	"${statuses}['5.5'] == 'error' and any(f.get('error') and f['name'] == 'plain' for f in d['results'][0]['findings'])" \
	--check 5.5
audit "vanished container does not hide the others" 5 "1" \
	"${statuses}['5.16'] == 'fail'" --check 5.16

# Faults: each ends within --timeout plus a margin, exit 1 or 3, ERROR never PASS.
for fault in hang slow:5000 trickle:400 close short endless malformed status500; do
	start_fake --dir "$FIX/seed" --fault "$fault"
	audit "fault $fault" 6 "1 3" "$no_pass_5 and d['summary']['error'] >= 2" \
		--check 5.5,5.16,4.5 --timeout 2
done

# The daemon answers /_ping with an API version we cannot speak.
start_fake --dir "$FIX/seed" --api-version 1.12
audit "API version too old" 5 "3" "$no_pass_5 and d['host']['daemon']['reachable'] == False" \
	--check 5

# A hung daemon with many containers: the first timed-out inspection stops the batch, so the
# audit still ends within about one --timeout (not one per round of concurrent requests).
start_fake --generate-containers 2000 --fault slow:3000
audit "2000 containers, every inspect hangs" 8 "3" "$no_pass_5" --check 5.16 --timeout 1

# Progress on a terminal's stderr, and none when stderr is not a terminal.
start_fake --generate-containers 5000 --fault slow:1
if command -v script > /dev/null; then
	script -qec "$BIN -H unix://$WORK/fake.sock --check 5.16 -f json -o $WORK/p.json --no-kernel-audit" \
		"$WORK/tty.log" > /dev/null 2>&1
	if grep -q "reading from the daemon" "$WORK/tty.log"; then
		ok "progress shown on a terminal"
	else
		not_ok "no progress on a terminal: $(head -c 300 "$WORK/tty.log")"
	fi
fi
"$BIN" -H "unix://$WORK/fake.sock" --check 5.16 -f json --no-kernel-audit > /dev/null 2> "$WORK/err.txt"
if [ ! -s "$WORK/err.txt" ]; then ok "no progress when stderr is not a terminal"; else
	not_ok "stderr not empty: $(head -c 200 "$WORK/err.txt")"; fi

# A daemon's error message with a C1 control (CSI) and a bidi override reaches stderr escaped.
printf '{"message": "evil \\u009b31m \\u202e reversed \\u001b]0;pwned\\u0007"}' > "$WORK/evil.json"
start_fake --dir "$FIX/seed" --api-version "" --route GET /_ping 500 "$WORK/evil.json" --route GET /version 500 "$WORK/evil.json"
"$BIN" -H "unix://$WORK/fake.sock" --no-kernel-audit --check 5.16 -f json > /dev/null 2> "$WORK/err.txt"
if grep -q "evil" "$WORK/err.txt" && ! LC_ALL=C grep -qP '\xc2\x9b|\xe2\x80\xae|\x1b' "$WORK/err.txt"; then
	ok "a daemon's message reaches stderr escaped"
else
	not_ok "stderr carries raw control bytes: $(od -c "$WORK/err.txt" | head -5)"
fi

# Entries of the container and image lists that cannot be read: counted in the scope, and every
# check over the list says so (ERROR, or FAIL for what it judged), never PASS on the rest.
printf '[42, {"Id": 7}, {"Id": "sha256:%s", "RepoTags": ["x:1"]}]' "$(printf 'a%.0s' $(seq 64))" \
	> "$WORK/badimages.json"
start_fake --dir "$FIX/runtime-badlist" --route GET /images/json 200 "$WORK/badimages.json"
audit "unreadable list entries" 10 "1" \
	"${statuses}['5.5'] == 'error' and ${statuses}['5.10'] == 'error' and \
${statuses}['5.16'] == 'fail' and ${statuses}['4.6'] == 'error' and ${statuses}['6.1'] == 'error' \
and d['scope']['containers']['unreadable'] == 4 and d['scope']['containers']['listed'] == 6 \
and d['scope']['images']['unreadable'] == 2 \
and 'could not be read' in d['scope']['containers']['explanation']" \
	--check 5.5,5.10,5.16,4.6,6.1

# Docker Desktop (its /version and /info, tests/fixtures/docker/desktop.py), as on a Linux
# machine where Desktop's backend, not a dockerd, holds the socket: the engine line names
# Desktop, the host block says the daemon is not on this host (once), this machine's sections
# 1 and 3 SKIP, the daemon's settings that only the VM could tell SKIP, no ERROR.
start_fake --dir "$FIX/engine-docker-desktop-4.33" --api-version 1.46
audit "Docker Desktop: said once, the machine's host checks SKIP, API checks judged" 10 "1" \
	"d['host']['engine']['platform'] == 'Docker Desktop 4.33.0 (160616)' \
and d['host']['daemon']['not_visible'] == 'docker-desktop' and 'pid' not in d['host']['daemon'] \
and 'held by pid $FAKE_PID ' in d['host']['daemon']['found'] \
and all(${statuses}[i] == 'skip' for i in ('1.1.3', '1.1.14', '1.1.18', '2.3', '2.14', '3.1', '3.17')) \
and ${statuses}['1.2.2'] == 'fail' and ${statuses}['2.2'] == 'fail' and ${statuses}['2.5'] == 'pass' \
and not [r for r in d['results'] if r['status'] == 'error']" --benchmark 1.6.0
"$BIN" -H "unix://$WORK/fake.sock" --no-kernel-audit --benchmark 1.6.0 > "$WORK/dd.txt" 2>/dev/null
if grep -q 'Engine: Docker Engine 27.1.1 (Docker Desktop 4.33.0 (160616)), API 1.46$' "$WORK/dd.txt" &&
	[ "$(grep -c 'Docker Desktop runs the daemon in its own VM (' "$WORK/dd.txt")" -eq 1 ]; then
	ok "Docker Desktop: the text header names it; the whole story once"
else
	not_ok "Docker Desktop text header: $(head -5 "$WORK/dd.txt")"
fi

# No daemon at all: exit 3, one line on stderr naming the socket, daemon checks ERROR.
kill "$FAKE_PID" 2>/dev/null; wait "$FAKE_PID" 2>/dev/null; FAKE_PID=
rm -f "$WORK/fake.sock"
audit "absent socket" 5 "3" "${statuses}['5.16'] == 'error' and ${statuses}['5.5'] == 'error'"
if [ "$(wc -l < "$WORK/err.txt")" -eq 1 ] && grep -q "$WORK/fake.sock" "$WORK/err.txt"; then
	ok "absent socket: one line on stderr naming the socket"
else
	not_ok "absent socket: stderr was: $(cat "$WORK/err.txt")"
fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]

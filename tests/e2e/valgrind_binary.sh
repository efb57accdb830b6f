#!/usr/bin/env bash
# The built binary under valgrind (memcheck) against the fake daemon: captured answers, every
# check, every format, a vanished container, malformed answers and an absent socket. Any
# memcheck error or definite leak fails. Ends with "N passed, N failed".
set -uo pipefail
BIN=${1:?usage: valgrind_binary.sh DOCKER_AUDIT FAKEDAEMON}
FAKE=${2:?usage: valgrind_binary.sh DOCKER_AUDIT FAKEDAEMON}
HERE=$(cd "$(dirname "$0")" && pwd)
FIX=$HERE/../fixtures/docker
WORK=$(mktemp -d "${TMPDIR:-/tmp}/da-vg.XXXXXX")
FAKE_PID=
PASSED=0 FAILED=0
trap '[ -n "$FAKE_PID" ] && kill $FAKE_PID 2>/dev/null; rm -rf "$WORK"' EXIT
VG=(valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
	--errors-for-leak-kinds=definite,indirect)

start_fake() {
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
	rm -f "$WORK/fake.sock"
	"$FAKE" --socket "$WORK/fake.sock" "$@" > "$WORK/fake.out" 2>&1 &
	FAKE_PID=$!
	for _ in $(seq 1 100); do grep -q ready "$WORK/fake.out" 2>/dev/null && return 0; sleep 0.05; done
	return 1
}

run() { # NAME ARGS...: exit statuses 0-3 are the tool's; 99 is valgrind's
	local name=$1
	shift
	"${VG[@]}" "$BIN" "$@" > /dev/null 2> "$WORK/vg.txt"
	local rc=$?
	if [ "$rc" -le 3 ] && ! grep -q '==[0-9]*==' "$WORK/vg.txt"; then
		PASSED=$((PASSED + 1)); echo "ok - valgrind: $name (exit $rc)"
	else
		FAILED=$((FAILED + 1)); echo "not ok - valgrind: $name (exit $rc)"; tail -30 "$WORK/vg.txt"
	fi
}

formats=()
for f in $("$BIN" --help | sed -n 's/.*-f, --format FORMAT *\([a-z|-]*\).*/\1/p' | tr '|' ' '); do
	[ "$f" = text ] && continue
	formats+=(-f "$f" -o "$WORK/out.$f")
done

start_fake --dir "$FIX/seed"
run "every check, every format" -H "unix://$WORK/fake.sock" --no-kernel-audit -a -f text "${formats[@]}"
printf '{"waivers": [{"check": "5.16", "object": "pid*", "reason": "metrics"},
  {"check": "5.5", "reason": "old", "expires": "2020-01-01"}, {"check": "4.5", "reason": "unused"}]}' \
	> "$WORK/waivers.json"
run "waivers and baseline" -H "unix://$WORK/fake.sock" --no-kernel-audit -a -f text \
	--waivers "$WORK/waivers.json" --baseline "$WORK/out.json" -f json -o "$WORK/again.json"
start_fake --dir "$FIX/vanished"
run "a vanished container" -H "unix://$WORK/fake.sock" --no-kernel-audit --check 5 -f json
start_fake --dir "$FIX/seed" --fault malformed
run "malformed answers" -H "unix://$WORK/fake.sock" --no-kernel-audit -f json
start_fake --dir "$FIX/seed" --fault close
run "connection closed mid-answer" -H "unix://$WORK/fake.sock" --no-kernel-audit -f json
run "absent socket" -H "unix://$WORK/none.sock" --no-kernel-audit -f json
run "list, explain, usage error" list --format json
run "explain" explain 5.16
run "explain as JSON" explain 5.16 -f json
run "list of one section" list -c 5 --level 1
run "usage error" --check 9.9
run "mistyped option, did you mean" --chek 5.16
run "mistyped command" lsit
run "an option the command does not take" explain 5.16 -c 5
start_fake --dir "$FIX/images-edge"
printf '# app\nFROM debian:12 AS build\nFROM scratch\n' >"$WORK/Dockerfile"
run "image gate, SARIF on a Dockerfile, summary line" image -H "unix://$WORK/fake.sock" \
	unverified:1 --dockerfile "$WORK/Dockerfile" -f sarif -o "$WORK/img.sarif" \
	-f junit -o "$WORK/img.xml" --fail-on high
start_fake --dir "$FIX/seed"
run "SARIF and JUnit to standard output (-o -)" -H "unix://$WORK/fake.sock" --no-kernel-audit \
	-f sarif -o - -f junit -o "$WORK/x.xml" --fail-on high
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]

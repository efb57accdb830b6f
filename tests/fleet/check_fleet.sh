#!/usr/bin/env bash
# tests/fleet/check_fleet.sh BINARY: contrib/fleet/ (ctest: fleet_contrib).
#
#   - the Prometheus alert rules pass `promtool check rules` and their unit tests
#     (`promtool test rules contrib/fleet/docker-audit.rules.test.yml`);
#   - the Grafana dashboard and the rules query only metrics, labels and label values that
#     BINARY really writes (a run with waivers and a baseline, so every family is there) and
#     that pass `promtool check metrics` (tests/fleet/check_fleet.py);
#   - the Swarm stack and the Kubernetes DaemonSet are a global service / a DaemonSet of
#     docker-audit:latest with the host's root read-only at /host, the socket read-only and the
#     textfile directory writable; the docker-audit command line each runs is run here (with
#     /host as / and /textfile a temp dir, no daemon reachable) and must write a valid textfile.
# Needs python3 with yaml, and promtool (Debian package prometheus); without promtool the promtool
# steps are skipped with a message.
set -uo pipefail
BIN=${1:?usage: check_fleet.sh PATH-TO-docker-audit}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FLEET=$(cd "$HERE/../../contrib/fleet" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "PASS: $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $1"; shift; printf '      %s\n' "$@"; }
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then pass "$desc"; else fail "$desc" "command: $*" "$(head -n 20 <<<"$out")"; fi
}

HAVE_PROMTOOL=0
command -v promtool >/dev/null 2>&1 && HAVE_PROMTOOL=1
if [[ $HAVE_PROMTOOL -eq 1 ]]; then
	check "promtool check rules" promtool check rules "$FLEET/docker-audit.rules.yml"
	check "promtool test rules (the alerts fire as their tests say)" \
		sh -c 'cd "$1" && promtool test rules docker-audit.rules.test.yml' sh "$FLEET"
else
	echo "SKIP: promtool is not installed (prometheus); rules not checked by promtool"
fi

# every metric family: a host audit (no daemon needed to write the textfile), then one with a
# baseline and waivers (one expired)
D="unix://$T/no-daemon.sock"
"$BIN" -c 1 -H "$D" --no-kernel-audit -f json -o "$T/base.json" 2>/dev/null
echo '{"waivers": [{"check": "1.1.3", "reason": "old", "expires": "2020-01-01"},
  {"check": "1.1.4", "reason": "accepted"}, {"check": "1.1.5", "object": "nothing-*", "reason": "unused"}]}' >"$T/w.json"
"$BIN" -c 1 -H "$D" --no-kernel-audit --baseline "$T/base.json" --waivers "$T/w.json" \
	-f prometheus -o "$T/all.prom" 2>"$T/all.err"
check "docker-audit wrote a textfile with every metric family" test -s "$T/all.prom"
[[ $HAVE_PROMTOOL -eq 1 ]] && check "promtool check metrics on it" sh -c 'promtool check metrics <"$1"' sh "$T/all.prom"

out=$(python3 "$HERE/check_fleet.py" "$FLEET" "$T/all.prom" 2>&1)
rc=$?
if [[ $rc -eq 0 ]]; then
	pass "dashboard, rules, stack and DaemonSet (check_fleet.py)"
	grep '^ok:' <<<"$out" | sed 's/^/      /'
else
	fail "dashboard, rules, stack and DaemonSet (check_fleet.py)" "$out"
fi

# the command line each manifest runs, with its mounts made local
while read -r _ where cmd; do
	mkdir -p "$T/$where"
	cmd=${cmd//--root \/host/--root \/}
	cmd=${cmd//\/textfile\//$T\/$where\/}
	# shellcheck disable=SC2086 # the manifest's words, split as the shell in the pod splits them
	(cd "$T" && DOCKER_HOST="$D" "$BIN" ${cmd#docker-audit } --no-kernel-audit \
		>"$T/$where.out" 2>"$T/$where.err")
	st=$?
	check "($where) the manifest's command runs (exit $st: 3, no daemon here)" test "$st" -eq 3
	check "($where) it wrote the textfile node_exporter reads" test -s "$T/$where/docker_audit.prom"
	check "($where) and one summary line on stderr" grep -q '^docker-audit: .* pass, .*; exit status 3; wrote 2 reports$' "$T/$where.err"
	[[ $HAVE_PROMTOOL -eq 1 ]] && check "($where) promtool check metrics on the textfile" \
		sh -c 'promtool check metrics <"$1"' sh "$T/$where/docker_audit.prom"
done < <(grep '^command ' <<<"$out")

echo "$PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]

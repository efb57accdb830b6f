#!/usr/bin/env bash
# tests/e2e/real_scope.sh BINARY: the containers in scope against a real private dockerd
# (ctest: e2e_real_scope). The default scope is what `docker ps` lists: running, paused and
# restarting containers; -a adds created and exited ones. The report says how many the engine
# listed and how many were judged, and why they differ.
#
# Each container shares the host's PID namespace (5.16 names it when it is in scope):
# pidrunning runs, pidpaused is paused (docker pause), pidrestarting exits at once under
# --restart always (the daemon keeps restarting it, with a growing delay), pidexited ran and
# exited, pidcreated was never started.
#
# DA_SOCK_*, DA_TMP are set by lib.sh:
# shellcheck disable=SC2154
set -uo pipefail

BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

da_require_bin "$BIN"
BIN=$DA_BIN
[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a private dockerd needs root)"
for tool in dockerd docker containerd runc ip python3; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done
{ [[ -x /bin/busybox ]] || command -v busybox >/dev/null 2>&1; } ||
	da_skip_or_fail "busybox not found (install busybox-static)"

da_init
W="$DA_TMP/out"
mkdir -p "$W"
da_start_daemon scope || {
	da_fail "start a private dockerd"
	da_finish
}
D() { da_docker scope "$@"; }
IMG="dae2e-scope:$$"
da_busybox_image "$DA_SOCK_scope" "$IMG" || {
	da_fail "busybox image imported"
	da_finish
}

mk() { # mk DESC docker-args...
	local desc=$1
	shift
	if D "$@" >/dev/null 2>"$W/mk.err"; then da_pass "$desc"; else
		da_fail "$desc" "$(tail -1 "$W/mk.err")"; fi
}
mk "pidrunning runs" run -d --name pidrunning --pid host "$IMG" sleep 600
mk "pidpaused runs" run -d --name pidpaused --pid host "$IMG" sleep 600
mk "pidpaused is paused" pause pidpaused
mk "pidrestarting runs" run -d --name pidrestarting --pid host --restart always "$IMG" false
mk "pidexited runs" run -d --name pidexited --pid host "$IMG" true
mk "pidcreated is created" create --name pidcreated --pid host "$IMG" sleep 600
mk "plain runs" run -d --name plain "$IMG" sleep 600
D wait pidexited >/dev/null 2>&1 || true

# The restart delay grows (100 ms, doubled each time): after a few restarts the container is
# listed as restarting most of the time. Audit until the report saw it so (or give up).
state=""
for ((i = 0; i < 40; i++)); do
	st=$(D inspect -f '{{.State.Status}}' pidrestarting 2>/dev/null)
	if [[ "$st" == restarting ]]; then
		timeout 120 "$BIN" -H "$DA_HOST_scope" --no-kernel-audit -c 5.16,5.5 -f json \
			-o "$W/default.json" -f text -o "$W/default.txt" >/dev/null 2>"$W/default.err"
		state=$(da_json_get "$W/default.json" "d['scope']['containers']['judged_by_state']['restarting']")
		[[ "$state" == 1 ]] && break
	fi
	sleep 0.5
done
da_assert_eq "the audit saw pidrestarting restarting" 1 "$state"

F="$W/default.json"
da_assert_json "default scope: 5.16 names the running, paused and restarting ones" "$F" \
	"res('5.16')['status'] == 'fail' and sorted(names(res('5.16'))) == \
['pidpaused', 'pidrestarting', 'pidrunning']" \
	"[res('5.16')['status'], res('5.16')['detail'], names(res('5.16'))]"
da_assert_json "default scope: 4 judged of 6 listed, 2 left out as not running" "$F" \
	"d['scope']['containers']['listed'] == 6 and d['scope']['containers']['judged'] == 4 and \
d['scope']['containers']['left_out']['not_running'] == 2 and \
d['scope']['containers']['judged_by_state'] == \
{'running': 2, 'paused': 1, 'restarting': 1, 'stopped': 0}" "d['scope']"
da_assert_json "the restarting container is not called 'not running' with its state unknown" "$F" \
	"all('not running' not in (f.get('detail') or '') or f['name'] != 'pidrestarting' \
for f in res('5.16')['findings'])"
da_assert_contains "text header: the scope line" "$W/default.txt" \
	"Scope: the engine listed 6 containers, 4 judged"
da_assert_contains "text header: why two were left out" "$W/default.txt" "2 not running"

timeout 120 "$BIN" -H "$DA_HOST_scope" --no-kernel-audit -a -c 5.16 -f json -o "$W/all.json" \
	>/dev/null 2>"$W/all.err"
da_assert_json "-a: 5.16 adds the exited and the created one" "$W/all.json" \
	"sorted(names(res('5.16'))) == ['pidcreated', 'pidexited', 'pidpaused', 'pidrestarting', \
'pidrunning'] and d['scope']['containers']['judged'] == 6 and d['scope']['all_containers']" \
	"[names(res('5.16')), d['scope']]"

timeout 120 "$BIN" -H "$DA_HOST_scope" --no-kernel-audit --exclude-containers 'pid*' -c 5.16 \
	-f json -o "$W/filtered.json" >/dev/null 2>"$W/filtered.err"
da_assert_json "filters: what they leave out is counted and said" "$W/filtered.json" \
	"res('5.16')['status'] == 'pass' and d['scope']['containers']['left_out']['filtered'] == 3 \
and '--exclude-containers' in d['scope']['containers']['explanation']" "d['scope']"

# Issue 11: a container whose IPC namespace is shareable has its /dev/shm mounted in the
# daemon's (here: the host's) mount namespace at <data-root>/containers/<id>/mounts/shm. Seen
# from the host that path is not evidence that docker-audit runs in that container: it must
# stay in scope.
mk "pidshm runs with a shareable IPC namespace" run -d --name pidshm --pid host --ipc shareable \
	"$IMG" sleep 600
shm_id=$(D inspect -f '{{.Id}}' pidshm 2>/dev/null)
if grep -q "/containers/$shm_id/mounts/shm" /proc/self/mountinfo; then
	da_pass "the host's mountinfo names pidshm's /dev/shm"
else
	da_fail "the host's mountinfo names pidshm's /dev/shm"
fi
timeout 120 "$BIN" -H "$DA_HOST_scope" --no-kernel-audit -c 5.16 -f json -o "$W/shm.json" \
	>/dev/null 2>"$W/shm.err"
da_assert_json "from the host, no container is taken for docker-audit's own" "$W/shm.json" \
	"'pidshm' in names(res('5.16')) and d['scope']['containers']['left_out']['self'] == 0 \
and 'left_out' not in d" "[names(res('5.16')), d['scope'], d.get('left_out')]"

D unpause pidpaused >/dev/null 2>&1 || true
da_finish

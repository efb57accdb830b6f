#!/usr/bin/env bash
# tests/e2e/real_chroot.sh BINARY (ctest: e2e_real_chroot): the serving daemon, proved.
#
# (a) Docker 28 (sid) runs in a chroot of a root filesystem from tests/e2e/engine_roots.sh, with
#     everything as only it sees it: its socket /run/docker.sock, a relative --config-file read
#     from its working directory /run/cfg, its data root /tmp/data (tmpfs inside the chroot), a
#     container that mounts /run/docker.sock. Audited from outside the chroot through the host
#     path of its socket, the report names the daemon by the socket's inode and its pid, its
#     configuration is read through /proc/PID/root (2.x judged from its daemon.json), sections
#     2 and 3 and 5.26 have no ERROR, and 5.32 FAILs the container with the socket.
# (b) At the same time the host's Docker 20.10 runs a private dockerd (lib.sh): each socket's
#     audit names its own daemon pid, and 1.1.14-1.1.18 judge its own containerd and runc (the
#     binaries of that daemon's process tree, not the first in /proc).
#
# shellcheck disable=SC2154
set -uo pipefail

BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

da_require_bin "$BIN"
BIN=$DA_BIN
[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a daemon in a chroot needs root)"
for tool in docker dockerd ip python3 debootstrap chroot timeout mount; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done
T0=$(date +%s)
SID=$(bash "$HERE/engine_roots.sh" sid) || da_skip_or_fail "cannot build the engine root"
da_init
W="$DA_TMP/out"
mkdir -p "$W"

# The chrooted daemon: nothing of it under $DA_TMP's own path inside (only its root is).
start_chrooted() {
	local name=$1 root=$2 d="$DA_TMP/$1" bridge net pid
	DA_DAEMON_SEQ=$((DA_DAEMON_SEQ + 1))
	bridge="dac${DA_DAEMON_SEQ}x$$"
	bridge=${bridge:0:15}
	net=$(da_free_subnet) || return 1
	ip link add "$bridge" type bridge || return 1
	DA_BRIDGES+=("$bridge")
	ip addr add "$net.1/24" dev "$bridge" && ip link set "$bridge" up || return 1
	da_root_prepare "$name" "$root" || return 1
	local r="$d/root"
	mkdir -p "$r/run/cfg" "$r/tmp/data"
	printf '{"no-new-privileges": true, "userland-proxy": false, "log-level": "info", "data-root": "/tmp/data"}\n' \
		>"$r/run/cfg/daemon.json"
	chroot "$r" env PATH=/usr/sbin:/usr/bin:/sbin:/bin sh -c \
		"cd /run/cfg && exec dockerd --config-file daemon.json -H unix:///run/docker.sock \
		--exec-root /run/exec --pidfile /run/docker.pid --bridge $bridge --iptables=false \
		--containerd-namespace dacr$$ --containerd-plugins-namespace dacr$$p" \
		>"$d/log" 2>&1 9<&- &
	pid=$!
	da_engine_up "$name" "chrooted dockerd '$name'" "$pid" "$d" root/run/docker.sock root/tmp/data "$bridge"
}

if ! start_chrooted cr "$SID"; then
	da_fail "the chrooted dockerd did not start"
	da_finish
fi
CSOCK=$DA_SOCK_cr
CPID=$DA_PID_cr
da_log "chrooted dockerd up after $(($(date +%s) - T0)) s (pid $CPID, socket $CSOCK)"
da_busybox_image "$CSOCK" "dacr$$:1" || da_fail "cannot import busybox into the chrooted daemon"
timeout 60 docker -H "unix://$CSOCK" run -d --name "sockmount-$$" \
	-v /run/docker.sock:/var/run/docker.sock "dacr$$:1" sleep 600 >/dev/null ||
	da_fail "cannot run the container that mounts the socket"

f="$W/chroot.json"
timeout 120 "$BIN" -H "unix://$CSOCK" -f json -o "$f" 2>"$W/chroot.err"
cp "$f" /tmp/chroot-last.json 2>/dev/null
da_assert_json "(a) the daemon is the chrooted dockerd, found by the socket's inode" "$f" \
	"d['host']['daemon'].get('pid') == $CPID" "d['host']['daemon']"
da_assert_json "(a) no ERROR in sections 2 and 3 and 5.26" "$f" \
	"not [r for r in d['results'] if r['status'] == 'error' and (r['id'][:2] in ('2.', '3.') or r['id'] == '5.26')]" \
	"[(r['id'], r['detail'][:160]) for r in d['results'] if r['status'] == 'error']"
da_assert_json "(a) 5.32 FAILs the container that mounts the daemon's socket" "$f" \
	"res('5.32')['status'] == 'fail' and 'sockmount-$$' in names(res('5.32'))" "res('5.32')"

da_log "chroot stage: $(($(date +%s) - T0)) s"
da_finish

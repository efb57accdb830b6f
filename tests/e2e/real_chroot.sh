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
#     audit names its own daemon pid, and 1.1.14-1.1.18 judge its own containerd, shim and runc
#     (the binaries of that daemon's process tree, not the first in /proc). In (a) and (b) the
#     containerd and the shim are proved by socket connections (sock_diag UNIX_DIAG_PEER: a
#     socket dockerd holds connected to one of that containerd's, one of the shim's to one of
#     that containerd's), named in the detail; runc is the one in that shim's PATH.
# (c) The same audit from a network namespace of its own (unshare --net): the sockets are
#     dumped in the daemon's network namespace, and the proof holds and names it. (d) The same
#     without CAP_SYS_ADMIN (setpriv), which entering that namespace needs: the shim is named
#     by its -address only, and the detail says so and why.
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
# DA_CHROOT_SUITE=trixie: the same with Docker 26.1 (by hand; the test command runs sid)
SID=$(bash "$HERE/engine_roots.sh" "${DA_CHROOT_SUITE:-sid}") || da_skip_or_fail "cannot build the engine root"
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
		"mkdir -p /run/api && cd /run/cfg && exec dockerd --config-file daemon.json -H unix:///run/api/engine.sock \
		--exec-root /run/exec --pidfile /run/docker.pid --bridge $bridge --iptables=false \
		--containerd-namespace dacr$$ --containerd-plugins-namespace dacr$$p" \
		>"$d/log" 2>&1 9<&- &
	pid=$!
	da_engine_up "$name" "chrooted dockerd '$name'" "$pid" "$d" root/run/api/engine.sock root/tmp/data "$bridge"
}

if ! start_chrooted cr "$SID"; then
	da_fail "the chrooted dockerd did not start"
	da_finish
fi
CSOCK=$DA_SOCK_cr
CPID=$DA_PID_cr
da_log "chrooted dockerd up after $(($(date +%s) - T0)) s (pid $CPID, socket $CSOCK)"
da_busybox_image "$CSOCK" "dacr$$:1" || da_fail "cannot import busybox into the chrooted daemon"
R="$DA_TMP/cr/root"
# the daemon's socket directory, mounted as the daemon sees it: /run/api (not a docker.sock name)
timeout 60 docker -H "unix://$CSOCK" run -d --name "sockmount-$$" \
	-v /run/api:/api "dacr$$:1" sleep 600 >/dev/null ||
	da_fail "cannot run the container that mounts the socket"

# (b) the host's Docker 20.10, a private dockerd started after the chrooted one (so the
# chroot's containerd and shims come first in /proc order)
if da_start_daemon host20; then
	HPID=$DA_PID_host20
	# (its shim is what (b) 1.1.17 must name; a slow host gets 180 s, and the step is named)
	if ! da_busybox_image "$DA_SOCK_host20" "dahost$$:1"; then
		da_fail "cannot import busybox into the host's dockerd"
	elif ! timeout 180 docker -H "unix://$DA_SOCK_host20" run -d --name "h-$$" "dahost$$:1" \
		sleep 600 >/dev/null 2>"$W/host-run.err"; then
		da_fail "cannot run a container on the host's dockerd: $(tail -1 "$W/host-run.err")"
	fi
else
	HPID=
	da_fail "the host's private dockerd did not start"
fi

f="$W/chroot.json"
t0=$(date +%s%N)
timeout 120 "$BIN" -H "unix://$CSOCK" -f json -o "$f" 2>"$W/chroot.err"
da_log "(a) audit took $((($(date +%s%N) - t0) / 1000000)) ms"
da_assert_json "(a) the daemon is the chrooted dockerd, found by the socket's inode" "$f" \
	"d['host']['daemon'].get('pid') == $CPID and d['host']['daemon']['found'].startswith('socket inode ') and 'owned by pid $CPID $R/usr/sbin/dockerd' in d['host']['daemon']['found'] and 'chroot at $R' in d['host']['daemon']['found']" \
	"d['host']['daemon']"
da_assert_json "(a) no ERROR in sections 2 and 3 and 5.26" "$f" \
	"not [r for r in d['results'] if r['status'] == 'error' and (r['id'][:2] in ('2.', '3.') or r['id'] == '5.26')]" \
	"[(r['id'], r['detail'][:160]) for r in d['results'] if r['status'] == 'error']"
da_assert_json "(a) its relative --config-file is read from its working directory in its root (2.17 PASS from /run/cfg/daemon.json)" "$f" \
	"res('2.17')['status'] == 'pass' and '/run/cfg/daemon.json' in res('2.17')['detail']" "res('2.17')"
da_assert_json "(a) 3.17/3.18 judge its daemon.json in its root" "$f" \
	"res('3.17')['status'] == 'pass' and res('3.18')['status'] == 'pass'" "[res('3.17'), res('3.18')]"
da_assert_json "(a) 3.15/3.16 judge its socket in its root (PASS: root and the chroot's own docker group, 0660)" "$f" \
	"res('3.15')['status'] == 'pass' and res('3.16')['status'] == 'pass' and '$R/run/api/engine.sock' in json.dumps([res('3.15'), res('3.16')])" \
	"[res('3.15'), res('3.16')]"
da_assert_json "(a) 1.1.1 finds its data root /tmp/data in its root" "$f" \
	"res('1.1.1')['status'] in ('pass', 'fail') and 'skip' != res('1.1.1')['status']" "res('1.1.1')"
da_assert_json "(a) 5.26 is judged (PASS: no-new-privileges in its daemon.json)" "$f" \
	"res('5.26')['status'] == 'pass'" "res('5.26')"
da_assert_json "(a) 5.32 FAILs the container that mounts the daemon's socket directory" "$f" \
	"res('5.32')['status'] == 'fail' and 'sockmount-$$' in names(res('5.32'))" "res('5.32')"
# da_binary_details FILE: what 1.1.14-1.1.18 of a report say (for the log)
da_binary_details() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["results"]:
    if r["id"] in ("1.1.14", "1.1.17", "1.1.18"):
        print("%s %s: %s" % (r["id"], r["status"], r["detail"][:400]))
PY
}

# da_child_named PID NAME: the pid of PID's child NAME (its comm)
da_child_named() { pgrep -P "$1" -x "$2" | head -1; }

# its containerd (the one it runs itself) and that containerd's shim, each proved by a socket
# connection the kernel reports (sock_diag UNIX_DIAG_PEER), not by command-line text
CCTRD=$(da_child_named "$CPID" containerd)
da_assert_json "(a) 1.1.14 judges the chroot's containerd (PID $CCTRD), connected to the chrooted dockerd" "$f" \
	"names(res('1.1.14')) == ['$R/usr/bin/containerd'] and 'PID $CCTRD, a descendant of the serving dockerd (PID $CPID), connected to the serving dockerd (PID $CPID): socket ' in res('1.1.14')['detail']" "res('1.1.14')"
da_assert_json "(a) 1.1.17 judges the chroot's shim, connected to that containerd" "$f" \
	"names(res('1.1.17')) == ['$R/usr/bin/containerd-shim-runc-v2'] and ', a shim connected to the containerd (PID $CCTRD) the serving dockerd uses: socket ' in res('1.1.17')['detail']" "res('1.1.17')"
da_assert_json "(a) 1.1.18 judges the chroot's runc, the one that shim runs" "$f" \
	"names(res('1.1.18'))[0].startswith('$R/usr/') and 'a shim connected to the containerd (PID $CCTRD)' in res('1.1.18')['detail']" "res('1.1.18')"
da_log "(a) $(da_binary_details "$f")"

if [[ -n "$HPID" ]]; then
	f="$W/host.json"
	t0=$(date +%s%N)
	timeout 120 "$BIN" -H "unix://$DA_SOCK_host20" -f json -o "$f" 2>"$W/host.err"
	da_log "(b) audit took $((($(date +%s%N) - t0) / 1000000)) ms"
	da_assert_json "(b) the host's socket names the host's dockerd, by its inode" "$f" \
		"d['host']['daemon'].get('pid') == $HPID and d['host']['daemon']['found'].startswith('socket inode ') and 'chroot' not in d['host']['daemon']['found']" \
		"d['host']['daemon']"
	HCTRD=$(da_child_named "$HPID" containerd)
	da_assert_json "(b) 1.1.14 judges the host dockerd's own containerd (PID $HCTRD), connected to it, not the chroot's" "$f" \
		"names(res('1.1.14')) == ['/usr/bin/containerd'] and 'PID $HCTRD, a descendant of the serving dockerd (PID $HPID), connected to the serving dockerd (PID $HPID): socket ' in res('1.1.14')['detail']" "res('1.1.14')"
	da_assert_json "(b) 1.1.17 judges the host's shim, connected to the host's containerd, not the chroot's" "$f" \
		"names(res('1.1.17')) == ['/usr/bin/containerd-shim-runc-v2'] and ', a shim connected to the containerd (PID $HCTRD) the serving dockerd uses: socket ' in res('1.1.17')['detail']" "res('1.1.17')"
	da_assert_json "(b) 1.1.18 judges the host's runc, the one the host's shim runs" "$f" \
		"not names(res('1.1.18'))[0].startswith('$DA_TMP') and 'a shim connected to the containerd (PID $HCTRD)' in res('1.1.18')['detail']" "res('1.1.18')"
	da_log "(b) $(da_binary_details "$f")"
	# (c) docker-audit in a network namespace of its own (as in a container that mounts the
	# socket): the dump is taken in the daemon's network namespace (setns in a short-lived
	# thread), so the proof holds and names that namespace
	# (d) the same without CAP_SYS_ADMIN, which setns needs: the shim is known by its -address
	# only, and the detail says so and why
	if command -v unshare >/dev/null 2>&1 && command -v setpriv >/dev/null 2>&1; then
		g="$W/host-netns.json"
		timeout 120 unshare --net "$BIN" -H "unix://$DA_SOCK_host20" -f json -o "$g" 2>"$W/host-netns.err"
		da_log "(c) $(da_binary_details "$g")"
		da_assert_json "(c) from another network namespace: 1.1.17 names the host's shim, proved in the daemon's network namespace" "$g" \
			"names(res('1.1.17')) == ['/usr/bin/containerd-shim-runc-v2'] and ', a shim connected to the containerd (PID $HCTRD) the serving dockerd uses: socket ' in res('1.1.17')['detail'] and '(in the sock_diag dump of the network namespace of PID $HPID (net:[' in res('1.1.17')['detail']" "res('1.1.17')"
		da_assert_json "(c) from another network namespace: 1.1.14 names the host dockerd's own containerd, connected to it" "$g" \
			"names(res('1.1.14')) == ['/usr/bin/containerd'] and 'connected to the serving dockerd (PID $HPID): socket ' in res('1.1.14')['detail']" "res('1.1.14')"
		g="$W/host-netns-nocap.json"
		timeout 120 unshare --net setpriv --bounding-set=-sys_admin --inh-caps=-sys_admin \
			"$BIN" -H "unix://$DA_SOCK_host20" -f json -o "$g" 2>"$W/host-netns-nocap.err"
		da_log "(d) $(da_binary_details "$g")"
		da_assert_json "(d) without CAP_SYS_ADMIN: 1.1.17 names the host's shim by its -address, said as such, with the reason" "$g" \
			"names(res('1.1.17')) == ['/usr/bin/containerd-shim-runc-v2'] and 'known only by its argument -address $DA_TMP/host20/exec/containerd/containerd.sock' in res('1.1.17')['detail'] and 'network namespace of PID $HPID failed: Operation not permitted' in res('1.1.17')['detail']" "res('1.1.17')"
		da_assert_json "(d) without CAP_SYS_ADMIN: 1.1.14 still names the host dockerd's own containerd, its connection not checked, said so" "$g" \
			"names(res('1.1.14')) == ['/usr/bin/containerd'] and 'PID $HCTRD, a descendant of the serving dockerd (PID $HPID) (its connection to dockerd cannot be checked: ' in res('1.1.14')['detail']" "res('1.1.14')"
	fi
	da_assert_json "(b) no ERROR in sections 2 and 3" "$f" \
		"not [r for r in d['results'] if r['status'] == 'error' and r['id'][:2] in ('2.', '3.')]" \
		"[(r['id'], r['detail'][:160]) for r in d['results'] if r['status'] == 'error']"
fi

# the chrooted daemon's processes name no path under $DA_TMP: stop them here
t0=$(date +%s)
timeout 15 docker -H "unix://$CSOCK" rm -f "sockmount-$$" >/dev/null 2>&1
# (SIGKILL: a test daemon with no container left; its containerd and shims go the same way)
while IFS= read -r p; do
	kill -KILL "${p#/proc/}" 2>/dev/null
done < <(find /proc -mindepth 2 -maxdepth 2 -name root \( -lname "$R" -o -lname "$R/*" \) \
	-printf '%h\n' 2>/dev/null)
da_wait_gone "$CPID" 10
da_log "the chrooted daemon stopped in $(($(date +%s) - t0)) s"
da_log "chroot stage: $(($(date +%s) - T0)) s (then cleanup)"
da_finish

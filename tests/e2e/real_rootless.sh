#!/usr/bin/env bash
# tests/e2e/real_rootless.sh BINARY (ctest: e2e_real_rootless): a real rootless dockerd
# (Debian's docker.io dockerd-rootless.sh under RootlessKit with slirp4netns) run by a test
# user of its own, audited by root through $XDG_RUNTIME_DIR/docker.sock.
#
# The daemon runs in RootlessKit's user, mount and network namespaces: docker-audit's network
# namespace lists no listener for the socket, so the daemon is matched by its default rootless
# socket and proved in its own network namespace (/proc/PID/net/unix, the socket's inode held by
# it); its config file is the user's ~/.config/docker/daemon.json (read through
# /proc/PID/root), 2.x are judged from it, 2.1 and 2.9 PASS from name=rootless.
#
# The sandbox's /dev/net/tun is root's (0600); slirp4netns needs it in the user's namespace, so
# the daemon starts in a private mount namespace where a 0666 node of the same device is bound
# over it (the host's /dev is not touched). Cost: about 10 s.
#
# DA_TMP is set by lib.sh:
# shellcheck disable=SC2154
set -uo pipefail

BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

da_require_bin "$BIN"
BIN=$DA_BIN
[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a test user and a device node need root)"
for tool in dockerd docker rootlesskit slirp4netns newuidmap useradd userdel runuser unshare \
	mknod python3; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found (rootlesskit, slirp4netns, uidmap)"
done
SCRIPT=/usr/share/docker.io/contrib/dockerd-rootless.sh
[[ -r $SCRIPT ]] || da_skip_or_fail "$SCRIPT not found (Debian's docker.io)"

T0=$(date +%s)
da_init
W="$DA_TMP/out"
mkdir -p "$W"
U="dar$$"
U=${U:0:30}
RL_PID=
USER_MADE=0
rl_cleanup() {
	local p
	if [[ -n "$RL_PID" ]]; then
		kill -TERM "$RL_PID" 2>/dev/null
		da_wait_gone "$RL_PID" 20 || kill -KILL "$RL_PID" 2>/dev/null
		wait "$RL_PID" 2>/dev/null
		RL_PID=
	fi
	if [[ $USER_MADE -eq 1 ]]; then
		# whatever the test user still runs (its own uid: nothing else of the host)
		for p in $(pgrep -u "$U" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
		sleep 0.5
		userdel -r "$U" >/dev/null 2>&1 || da_warn "cannot remove the test user $U"
		USER_MADE=0
	fi
}
trap 'rl_cleanup; da_on_exit' EXIT
trap 'rl_cleanup; da_on_signal INT 130' INT
trap 'rl_cleanup; da_on_signal TERM 143' TERM

useradd -m -s /bin/sh "$U" || {
	da_fail "create the test user $U"
	da_finish
}
USER_MADE=1
UID_=$(id -u "$U")
HOME_=$(getent passwd "$U" | cut -d: -f6)
grep -q "^$U:" /etc/subuid || usermod --add-subuids 300000-365535 --add-subgids 300000-365535 "$U"
XDG="$DA_TMP/xdg"
mkdir -p "$XDG" "$HOME_/.config/docker"
chown "$U" "$XDG" && chmod 0700 "$XDG"
printf '{"log-level": "warn", "no-new-privileges": true}\n' >"$HOME_/.config/docker/daemon.json"
chown -R "$U:" "$HOME_/.config"
mknod -m 0666 "$DA_TMP/tun" c 10 200 || da_skip_or_fail "cannot make a tun device node"

unshare -m --propagation slave sh -c 'mount --bind "$1" /dev/net/tun && shift && exec "$@"' sh \
	"$DA_TMP/tun" runuser -u "$U" -- env -i HOME="$HOME_" USER="$U" XDG_RUNTIME_DIR="$XDG" \
	PATH=/usr/sbin:/usr/bin:/sbin:/bin sh "$SCRIPT" --iptables=false >"$W/daemon.log" 2>&1 9<&- &
RL_PID=$!
SOCK="$XDG/docker.sock"
up=0
for ((i = 0; i < 120; i++)); do
	kill -0 "$RL_PID" 2>/dev/null || break
	if [[ -S "$SOCK" ]] && timeout 10 docker -H "unix://$SOCK" version >/dev/null 2>&1; then
		up=1
		break
	fi
	sleep 0.5
done
if [[ $up -ne 1 ]]; then
	grep -v '^+' "$W/daemon.log" | tail -n 15 | sed 's/^/      | /'
	da_skip_or_fail "the rootless dockerd did not start (log above)"
fi
DPID=$(pgrep -u "$U" -x dockerd | head -1)
da_log "rootless dockerd up after $(($(date +%s) - T0)) s (pid $DPID, socket $SOCK)"

f="$W/rootless.json"
t0=$(date +%s%N)
timeout 120 "$BIN" --benchmark 1.6.0 -H "unix://$SOCK" -f json -o "$f" 2>"$W/audit.err"
timeout 120 "$BIN" --benchmark 1.6.0 -a -H "unix://$SOCK" -f json -o "$W/table.json" 2>/dev/null
da_verdicts "docker20-rootless" "$W/table.json"
da_log "audit took $((($(date +%s%N) - t0) / 1000000)) ms"
da_assert_json "the serving daemon is the user's dockerd, proved in its own network namespace" "$f" \
	"d['host']['daemon'].get('pid') == $DPID and d['host']['daemon']['found'].startswith('socket inode ') and 'its own network namespace net:[' in d['host']['daemon']['found'] and not d['host']['daemon'].get('not_visible')" \
	"d['host']['daemon']"
da_assert_json "its config is the user's ~/.config/docker/daemon.json: 2.3 FAILs its 'warn'" "$f" \
	"res('2.3')['status'] == 'fail' and '$HOME_/.config/docker/daemon.json' in res('2.3')['detail']" "res('2.3')"
da_assert_json "2.14 PASSes from that file (no-new-privileges true)" "$f" \
	"res('2.14')['status'] == 'pass' and '$HOME_/.config/docker/daemon.json' in res('2.14')['detail']" "res('2.14')"
da_assert_json "2.1 and 2.9 PASS: the daemon runs rootless (name=rootless)" "$f" \
	"res('2.1')['status'] == 'pass' and res('2.9')['status'] == 'pass' and 'rootless' in res('2.9')['detail']" \
	"[res('2.1'), res('2.9')]"
da_assert_json "3.17/3.18 judge that file, not /etc/docker/daemon.json" "$f" \
	"'$HOME_/.config/docker/daemon.json' in json.dumps([res('3.17'), res('3.18')]) and '/etc/docker/daemon.json' not in json.dumps([res('3.17'), res('3.18')])" \
	"[res('3.17'), res('3.18')]"
da_assert_json "3.16 PASSes its socket (0660 and the sticky bit of XDG_RUNTIME_DIR, which grants nothing)" "$f" \
	"res('3.16')['status'] == 'pass' and 'sticky bit' in res('3.16')['detail']" "res('3.16')"
da_assert_json "3.15 and 3.17 PASS: the socket and daemon.json belong to the user that runs it" "$f" \
	"res('3.15')['status'] == 'pass' and res('3.17')['status'] == 'pass' and 'uid $UID_, the user that runs the rootless dockerd' in res('3.15')['detail'] + res('3.17')['detail']" \
	"[res('3.15'), res('3.17')]"
da_assert_json "no ERROR in sections 2 and 3" "$f" \
	"not [r for r in d['results'] if r['status'] == 'error' and r['id'][:2] in ('2.', '3.')]" \
	"[(r['id'], r['detail'][:160]) for r in d['results'] if r['status'] == 'error']"
da_assert_json "1.1.14 judges the containerd of the rootless daemon's own tree" "$f" \
	"'descendant of the serving dockerd (PID $DPID)' in res('1.1.14')['detail']" "res('1.1.14')"

rl_cleanup
da_log "real_rootless: $(($(date +%s) - T0)) s"
da_finish

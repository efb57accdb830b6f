#!/usr/bin/env bash
# tests/e2e/real_hidden.sh BINARY (ctest: e2e_real_hidden): a daemon that docker-audit cannot
# see from where it runs, against a real private dockerd (lib.sh) with two running containers
# (one mounts the daemon's socket).
#
# (a) docker-audit in a PID namespace of its own (`unshare --pid --fork --mount-proc`: what
#     `docker run -v /var/run/docker.sock:...` without --pid=host gives it): the kernel lists
#     the listening socket, but no process in its namespace holds it. The host block says so
#     once (text `Daemon:` line, JSON host.daemon.not_visible "pid-namespace"); what needs the
#     daemon's process or files is ERROR or SKIP with the short reason, never PASS (1.1.3,
#     1.1.14-1.1.18, sections 2 and 3, 5.26); the API-only checks (4.x, most of 5.x) are
#     judged, and every container the engine lists is judged.
# (b) The same, with --root at a host root whose /proc is the host's (a recursive bind of / in
#     a private mount namespace, as `-v /:/host` gives a container): the daemon is proved by
#     its socket's inode again, and sections 2 and 3 have no ERROR.
# (c) The socket reached through a bind mount at the default path /var/run/docker.sock in a
#     private mount namespace (`unshare -m`, a tmpfs on /run), as a container sees it, without
#     -H: with the host's PID namespace the daemon is proved through the bind mount (same
#     inode) and its files are read through /proc/PID/root; with a PID namespace of its own as
#     well, nothing is assumed in its place (no default /etc/docker/daemon.json stands in).
# (d) In a network namespace of its own as well (`unshare --net`): no listener of its
#     namespace is bound to the socket file; said as such ("network-namespace").
# (e) The socket of a proxy (a Python asyncio forwarder) in front of the daemon: its holder is
#     named and is not a dockerd, so no dockerd (not even the one behind it) is read in its
#     place.
#
# Cost: one private dockerd, two busybox containers and seven audits: about 17 s on a quiet
# 2-core machine.
#
# DA_SOCK_*, DA_PID_*, DA_TMP are set by lib.sh:
# shellcheck disable=SC2154
set -uo pipefail

BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

da_require_bin "$BIN"
BIN=$DA_BIN
[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a private dockerd and namespaces need root)"
for tool in dockerd docker containerd runc ip python3 unshare mount; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done
{ [[ -x /bin/busybox ]] || command -v busybox >/dev/null 2>&1; } ||
	da_skip_or_fail "busybox not found (install busybox-static)"
unshare --pid --fork --mount-proc true 2>/dev/null ||
	da_skip_or_fail "unshare --pid --fork --mount-proc is refused here"

T0=$(date +%s)
da_init
W="$DA_TMP/out"
mkdir -p "$W"
da_start_daemon hid || {
	da_fail "start a private dockerd"
	da_finish
}
SOCK=$DA_SOCK_hid
DPID=$DA_PID_hid
IMG="dae2e-hidden:$$"
da_busybox_image "$SOCK" "$IMG" || {
	da_fail "busybox image imported"
	da_finish
}
da_docker hid run -d --name "plain-$$" "$IMG" sleep 600 >/dev/null ||
	da_fail "run the plain container"
da_docker hid run -d --name "sockmount-$$" -v "$SOCK:/var/run/docker.sock" "$IMG" sleep 600 \
	>/dev/null || da_fail "run the container that mounts the socket"

# the checks that need the daemon's process or files (CIS v1.6.0 ids): never PASS when it is
# out of sight (3.16, the socket file's mode, is judged on the audited socket, which is seen,
# and says that the daemon's other endpoints could not be read)
NEEDS_PROC="['1.1.3', '1.1.14', '1.1.15', '1.1.16', '1.1.17', '1.1.18', '2.3', '2.4', '2.7', '2.8', '2.10', '2.14', '2.16', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15', '3.17', '3.18']"

audit() { # audit NAME ARGS... (ARGS may start with a wrapper such as unshare)
	local name=$1 t0
	shift
	t0=$(date +%s%N)
	timeout 120 "$@" >"$W/$name.stdout" 2>"$W/$name.err"
	echo $? >"$W/$name.rc"
	da_log "($name) audit took $((($(date +%s%N) - t0) / 1000000)) ms"
}

# ---- (a) a PID namespace of its own ----
audit pidns unshare --pid --fork --mount-proc "$BIN" --benchmark 1.6.0 -H "unix://$SOCK" \
	-f json -o "$W/pidns.json"
unshare --pid --fork --mount-proc "$BIN" --benchmark 1.6.0 -H "unix://$SOCK" -o "$W/pidns.txt" \
	2>/dev/null
unshare --pid --fork --mount-proc "$BIN" --benchmark 1.6.0 -a -H "unix://$SOCK" -f json \
	-o "$W/table.json" 2>/dev/null
da_verdicts "docker20-pidns" "$W/table.json"
f="$W/pidns.json"
da_assert_json "(a) host.daemon says why: not visible from a PID namespace of its own" "$f" \
	"d['host']['daemon'].get('not_visible') == 'pid-namespace' and 'pid' not in d['host']['daemon'] and 'PID namespace of its own (pid:[' in d['host']['daemon']['found'] and 'socket inode ' in d['host']['daemon']['found'] and '--pid=host' in d['host']['daemon']['found']" \
	"d['host']['daemon']"
da_assert_eq "(a) the text header's Daemon line says it, once" "1" \
	"$(grep -c '^Daemon: not visible: docker-audit runs in a PID namespace of its own (pid:\[' "$W/pidns.txt")"
da_assert_eq "(a) the whole story is in the report once (checks carry the short reason)" "1" \
	"$(grep -c -- '--pid=host' "$W/pidns.txt")"
da_assert_json "(a) what needs the daemon's process or files is ERROR or SKIP, never PASS" "$f" \
	"all(res(i)['status'] in ('error', 'skip') for i in $NEEDS_PROC) and not [r for r in d['results'] if r['id'][:2] in ('2.', '3.') and r['id'] != '3.16' and r['status'] == 'pass' and 'not visible' in r['detail']]" \
	"[(i, res(i)['status'], res(i)['detail'][:100]) for i in $NEEDS_PROC]"
da_assert_json "(a) 1.1.3 and 1.1.14-1.1.18 are ERROR with the short reason (no guess at this host's binaries)" "$f" \
	"all(res(i)['status'] == 'error' and 'PID namespace of its own' in res(i)['detail'] and '--pid=host' not in res(i)['detail'] for i in ('1.1.3', '1.1.14', '1.1.15', '1.1.16', '1.1.17', '1.1.18'))" \
	"[(i, res(i)['status'], res(i)['detail'][:120]) for i in ('1.1.3', '1.1.14', '1.1.18')]"
da_assert_json "(a) the containerd socket and config file it uses are not known: 1.1.8, 1.1.11, 3.23, 3.24 ERROR, never SKIP 'not present on this host'" "$f" \
	"all(res(i)['status'] == 'error' and 'cannot tell which' in res(i)['detail'] and 'not visible' in res(i)['detail'] for i in ('1.1.8', '1.1.11', '3.23', '3.24'))" \
	"[(i, res(i)['status'], res(i)['detail'][:120]) for i in ('1.1.8', '1.1.11', '3.23', '3.24')]"
da_assert_contains "(a) a fix that names the daemon's config file says the path is the usual one, not this daemon's" \
	"$W/pidns.txt" "/etc/docker/daemon.json (the usual path; the daemon's own is not visible)"
da_assert_json "(a) daemon settings only its process tells are ERROR with the reason (2.3 log-level, 2.4 iptables, 2.16 userland-proxy)" "$f" \
	"all(res(i)['status'] == 'error' and 'not visible' in res(i)['detail'] for i in ('2.3', '2.4', '2.16'))" \
	"[(i, res(i)['status'], res(i)['detail'][:120]) for i in ('2.3', '2.4', '2.16')]"
da_assert_json "(a) 3.17/3.18 (its daemon.json) are ERROR: no default file is assumed in its place" "$f" \
	"res('3.17')['status'] == 'error' and res('3.18')['status'] == 'error'" "[res('3.17'), res('3.18')]"
da_assert_json "(a) 5.26 is not PASS (the daemon's no-new-privileges cannot be read)" "$f" \
	"res('5.26')['status'] in ('error', 'fail')" "res('5.26')"
da_assert_json "(a) 5.32 FAILs the container that mounts the audited socket" "$f" \
	"res('5.32')['status'] == 'fail' and 'sockmount-$$' in names(res('5.32'))" "res('5.32')"
da_assert_json "(a) the API-only checks are judged (4.1 FAIL, 5.4 PASS, 5.11 FAIL, 2.5 PASS)" "$f" \
	"res('4.1')['status'] == 'fail' and res('5.4')['status'] == 'pass' and res('5.11')['status'] == 'fail' and res('2.5')['status'] == 'pass'" \
	"[res(i) for i in ('4.1', '5.4', '5.11', '2.5')]"
da_assert_json "(a) every container listed is judged (listed 2, judged 2)" "$f" \
	"d['scope']['containers']['listed'] == 2 and d['scope']['containers']['judged'] == 2" "d['scope']"

# ---- (b) --root at a host root whose /proc is the host's ----
HR="$DA_TMP/hostroot"
mkdir -p "$HR"
audit root unshare -m --propagation private sh -c \
	'mount --rbind / "$1" && shift && exec unshare --pid --fork --mount-proc "$@"' sh "$HR" \
	"$BIN" --benchmark 1.6.0 --root "$HR" -H "unix://$SOCK" -f json -o "$W/root.json"
f="$W/root.json"
da_assert_json "(b) with --root at the host's root the daemon is proved by its socket's inode" "$f" \
	"d['host']['daemon'].get('pid') == $DPID and d['host']['daemon']['found'].startswith('socket inode ') and not d['host']['daemon'].get('not_visible')" \
	"d['host']['daemon']"
da_assert_json "(b) no ERROR in sections 2 and 3; 2.16 userland-proxy judged" "$f" \
	"not [r for r in d['results'] if r['status'] == 'error' and r['id'][:2] in ('2.', '3.')] and res('2.16')['status'] in ('pass', 'fail')" \
	"[(r['id'], r['detail'][:160]) for r in d['results'] if r['status'] == 'error']"
da_assert_json "(b) 1.1.17 judges the shim of the daemon's own containerd (not a guess)" "$f" \
	"res('1.1.17')['status'] != 'error' and 'containerd' in res('1.1.17')['detail']" "res('1.1.17')"

# ---- (c) the socket through a bind mount at the default path, as a container sees it ----
# (the script runs in the private mount namespace: a tmpfs on /run hides the host's)
cat >"$W/bind.sh" <<'EOS'
set -e
sock=$1
shift
mount -t tmpfs -o mode=0755 tmpfs /run
: >/run/docker.sock
mount --bind "$sock" /run/docker.sock
exec "$@"
EOS
audit bind_hostpid unshare -m --propagation private env -u DOCKER_HOST -u DOCKER_CONTEXT \
	bash "$W/bind.sh" "$SOCK" "$BIN" --benchmark 1.6.0 -f json -o "$W/bind_hostpid.json"
f="$W/bind_hostpid.json"
da_assert_json "(c) the default endpoint, bound to the daemon's socket: proved through the bind mount" "$f" \
	"d['host']['endpoint']['host'] == 'unix:///var/run/docker.sock' and d['host']['daemon'].get('pid') == $DPID and d['host']['daemon']['found'].startswith('socket inode ') and 'another mount namespace' in d['host']['daemon']['found']" \
	"[d['host']['endpoint'], d['host']['daemon']]"
da_assert_json "(c) its own daemon.json is read (2.16 judged, 3.17/3.18 name it)" "$f" \
	"res('2.16')['status'] in ('pass', 'fail') and '$DA_TMP/hid/daemon.json' in json.dumps([res('3.17'), res('3.18')])" \
	"[res('2.16'), res('3.17')]"
audit bind_pidns unshare -m --propagation private env -u DOCKER_HOST -u DOCKER_CONTEXT \
	bash "$W/bind.sh" "$SOCK" unshare --pid --fork --mount-proc \
	"$BIN" --benchmark 1.6.0 -f json -o "$W/bind_pidns.json"
f="$W/bind_pidns.json"
da_assert_json "(c) the default socket from a PID namespace of its own: not visible, said why" "$f" \
	"d['host']['daemon'].get('not_visible') == 'pid-namespace' and 'pid' not in d['host']['daemon']" \
	"d['host']['daemon']"
da_assert_json "(c) nothing stands in for it: 2.3 and 3.17 ERROR (no assumed /etc/docker/daemon.json)" "$f" \
	"res('2.3')['status'] == 'error' and res('3.17')['status'] == 'error' and 'assumed' not in json.dumps([res('2.3'), res('3.17')])" \
	"[res('2.3'), res('3.17')]"
da_assert_json "(c) 5.32 FAILs the container that mounts the daemon's socket" "$f" \
	"res('5.32')['status'] == 'fail' and 'sockmount-$$' in names(res('5.32'))" "res('5.32')"

# ---- (d) a network namespace of its own as well ----
audit netns unshare --net --pid --fork --mount-proc "$BIN" --benchmark 1.6.0 -H "unix://$SOCK" \
	-f json -o "$W/netns.json"
f="$W/netns.json"
da_assert_json "(d) from another network namespace: said as such, once, with the socket's path" "$f" \
	"d['host']['daemon'].get('not_visible') == 'network-namespace' and '$SOCK' in d['host']['daemon']['found'] and 'PID namespace of its own' in d['host']['daemon']['found']" \
	"d['host']['daemon']"
da_assert_json "(d) what needs the daemon's process or files is never PASS; containers all judged" "$f" \
	"all(res(i)['status'] != 'pass' for i in $NEEDS_PROC) and res('2.3')['status'] == 'error' and d['scope']['containers']['judged'] == 2" \
	"[(i, res(i)['status']) for i in $NEEDS_PROC]"

# ---- (e) a socket held by a process that is not a dockerd (a socket proxy) ----
cat >"$W/proxy.py" <<'EOS'
import asyncio, os, sys
listen, target = sys.argv[1], sys.argv[2]
async def pipe(r, w):
    try:
        while data := await r.read(65536):
            w.write(data)
            await w.drain()
    finally:
        w.close()
async def handle(cr, cw):
    tr, tw = await asyncio.open_unix_connection(target)
    await asyncio.gather(pipe(cr, tw), pipe(tr, cw), return_exceptions=True)
async def main():
    server = await asyncio.start_unix_server(handle, listen)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()
asyncio.run(main())
EOS
python3 "$W/proxy.py" "$DA_TMP/proxy.sock" "$SOCK" >"$W/proxy.out" 2>&1 &
PROXY=$!
for ((i = 0; i < 50; i++)); do grep -q ready "$W/proxy.out" 2>/dev/null && break; sleep 0.1; done
audit proxy "$BIN" --benchmark 1.6.0 -H "unix://$DA_TMP/proxy.sock" -f json -o "$W/proxy.json"
kill "$PROXY" 2>/dev/null
wait "$PROXY" 2>/dev/null
f="$W/proxy.json"
da_assert_json "(e) a socket held by a proxy: its holder is named, not a dockerd, and no dockerd is taken in its place" "$f" \
	"d['host']['daemon'].get('not_visible') == 'not-a-dockerd' and 'pid' not in d['host']['daemon'] and 'is held by pid $PROXY ' in d['host']['daemon']['found'] and 'not a dockerd' in d['host']['daemon']['found']" \
	"d['host']['daemon']"
da_assert_json "(e) the private dockerd's configuration is not read for it: 2.3 and 3.17 ERROR naming the proxy" "$f" \
	"res('2.3')['status'] == 'error' and 'pid $PROXY ' in res('2.3')['detail'] and res('3.17')['status'] == 'error' and '$DA_TMP/hid/daemon.json' not in json.dumps(d['results'])" \
	"[res('2.3'), res('3.17')]"
da_assert_json "(e) through the proxy the API checks and both containers are judged" "$f" \
	"res('4.1')['status'] == 'fail' and d['scope']['containers']['judged'] == 2" "d['scope']"

da_log "real_hidden: $(($(date +%s) - T0)) s (then cleanup)"
[[ -n "${DA_KEEP_OUT:-}" ]] && cp -r "$W" "$DA_KEEP_OUT"
da_finish

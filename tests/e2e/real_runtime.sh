#!/usr/bin/env bash
# tests/e2e/real_runtime.sh BINARY: section 5 (container runtime) against real private dockerds
# (ctest: e2e_real_runtime). Each check must name exactly the containers that break it.
#
# Daemon "rt": one container per violation, each otherwise hardened (read-only root, limits,
# no-new-privileges, bounded restarts, health check, user-defined network), so that every
# container fails only the checks it was made for; "hardened" fails none. Some are created and
# never started (privileged, a GPU request, a published port, no health check): they count only
# with -a. Daemon "rtdef" runs with --no-new-privileges (the daemon-wide default of 5.26) and is
# then put into a swarm on 127.0.0.1 (5.1).
#
# The process named sshd (5.7) is a tiny static C program compiled here and installed as
# /usr/sbin/sshd in an image: busybox dispatches on argv[0], so neither a copy nor a link of it
# can run under that name.
#
# With DA_RUNTIME_CAPTURE=DIR the scenarios are also captured (tests/fixtures/docker/capture.sh)
# into DIR/runtime-live and DIR/runtime-swarm: that is how the unit-test fixtures were made.
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
for tool in dockerd docker containerd runc ip python3 findmnt timeout mount; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done
{ [[ -x /bin/busybox ]] || command -v busybox >/dev/null 2>&1; } ||
	da_skip_or_fail "busybox not found (install busybox-static)"
CC=$(command -v cc || command -v gcc || command -v clang || true)

# Published host ports are picked free at start (a host may run other containers on any port);
# the lock keeps two runs of this script from racing for them.
if command -v flock >/dev/null 2>&1; then
	exec 8<"${BASH_SOURCE[0]}"
	if ! flock -w 600 8; then
		echo "FAIL: another real_runtime.sh held the lock for 600 s"
		echo "0 passed, 1 failed"
		exit 1
	fi
fi

da_init
W="$DA_TMP/out"
mkdir -p "$W"
CGPARENT="dae2e-rt$$"

# Empty cgroups left behind by --cgroup-parent (Docker does not remove the parent).
# shellcheck disable=SC2317 # called from the EXIT trap
rt_rm_cgroups() {
	local d
	while IFS= read -r -d '' d; do
		find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
	done < <(find /sys/fs/cgroup -maxdepth 2 -type d -name "$CGPARENT" -print0 2>/dev/null)
}
# shellcheck disable=SC2317 # the EXIT trap
rt_on_exit() {
	local rc=$?
	da_cleanup
	rt_rm_cgroups
	(exit "$rc")
	da_on_exit
}
trap 'rt_on_exit' EXIT

RC=0
run() {
	local name=$1
	shift
	timeout 120 "$BIN" "$@" >"$W/$name.out" 2>"$W/$name.err"
	RC=$?
	[[ $RC -eq 124 ]] && echo "      (docker-audit $* timed out after 120 s)"
	[[ $RC -ge 128 ]] && echo "      (docker-audit $* died with signal $((RC - 128)))"
}

# expect FILE ID STATUS NAMES...: the result's status, and exactly these finding names.
expect() {
	local file=$1 id=$2 status=$3
	shift 3
	local want
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	da_assert_json "$id is $status naming exactly: ${want:-nothing} ($(basename "$file"))" \
		"$file" \
		"res('$id') and res('$id')['status'] == '$status' and \
sorted(names(res('$id'))) == sorted('${want}'.split())" \
		"[res('$id').get('status'), res('$id').get('detail'), \
[(f.get('name'), f.get('detail')) for f in res('$id').get('findings') or []]]"
}

# detail_has FILE ID NAME TEXT: the finding about NAME mentions TEXT.
detail_has() {
	da_assert_json "$2: the finding about $3 says '$4'" "$1" \
		"any(f.get('name') == '$3' and '$4' in (f.get('detail') or '') \
for f in (res('$2') or {}).get('findings') or [])" \
		"[(f.get('name'), f.get('detail')) for f in (res('$2') or {}).get('findings') or []]"
}

# ---------------------------------------------------------------------------------------------
echo "== (a) daemon rt, images"
da_start_daemon rt || {
	da_fail "(a) start a private dockerd"
	da_finish
}
SOCK="$DA_SOCK_rt"
H="$DA_HOST_rt"
D() { da_docker rt "$@"; }
IMG="dae2e-bb:$$"
da_busybox_image "$SOCK" "$IMG" || {
	da_fail "(a) busybox image imported"
	da_finish
}
SSHD_OK=0
if [[ -n "$CC" ]]; then
	mkdir -p "$DA_TMP/sshd"
	cat >"$DA_TMP/sshd/sshd.c" <<'C'
#include <signal.h>
#include <unistd.h>
static void bye(int s) { (void)s; _exit(0); }
int main(void) { signal(SIGTERM, bye); for (;;) pause(); }
C
	printf 'FROM %s\nCOPY sshd /usr/sbin/sshd\n' "$IMG" >"$DA_TMP/sshd/Dockerfile"
	if "$CC" -static -O2 -o "$DA_TMP/sshd/sshd" "$DA_TMP/sshd/sshd.c" 2>"$W/cc.err" &&
		DOCKER_BUILDKIT=0 D build -q -t "rt-sshd:$$" "$DA_TMP/sshd" >/dev/null 2>"$W/build.err"; then
		SSHD_OK=1
	fi
fi
[[ $SSHD_OK -eq 1 ]] || echo "[e2e] note: no static C compiler: the sshd containers are left out"
{ D tag "$IMG" "rt-app:$$" && D tag "$IMG" "rt-gone:$$"; } || da_fail "(a) tag images"
# a subnet of our own: the default pools may all be taken on a host that runs other networks
{ rtsub=$(da_free_subnet) && D network create --subnet "$rtsub.0/24" rtnet >/dev/null; } ||
	da_fail "(a) network rtnet"
mkdir -p "$DA_TMP/shm"
{ mount --bind "$DA_TMP/shm" "$DA_TMP/shm" && mount --make-shared "$DA_TMP/shm"; } ||
	da_fail "(a) a shared mount for the propagation container"

# Hardened baseline; each container below adds one violation (or leaves one option out).
NET=(--network rtnet)
RO=(--read-only)
LIM=(--memory 64m --cpus 0.5 --pids-limit 100)
NNP=(--security-opt no-new-privileges)
RST=(--restart on-failure:3)
HC=(--health-cmd true --health-interval 10s)

OK=1
mk() { # mk run|create NAME [docker args...] -- IMAGE ARGS...
	local how=$1 name=$2
	shift 2
	if [[ $how == run ]]; then
		D run -d --name "$name" "$@" >/dev/null 2>"$W/mk.$name.err" || {
			OK=0
			echo "      cannot create the scenario: 'docker run $name' failed" \
				"($(tail -1 "$W/mk.$name.err")); its options: $*"
		}
	else
		D create --name "$name" "$@" >/dev/null 2>"$W/mk.$name.err" || {
			OK=0
			echo "      cannot create the scenario: 'docker create $name' failed" \
				"($(tail -1 "$W/mk.$name.err")); its options: $*"
		}
	fi
}
# Free host ports: a privileged one (5.8), 1024 if free (the first unprivileged one, which 5.8
# must not flag), one on [::] and one on 127.0.0.1. createdport is only created, never bound.
P_LOW=$(da_free_port 0.0.0.0 1023 600 1023) || da_fail "no free privileged port for lowport"
P_1024=$(da_free_port 0.0.0.0 1024 20000 29999 "$P_LOW") || da_fail "no free port for port1024"
P_V6=$(da_free_port :: 1026 30000 39999 "$P_LOW" "$P_1024") || da_fail "no free port on [::] for v6port"
P_LOOP=$(da_free_port 127.0.0.1 18080 40000 49999 "$P_LOW" "$P_1024" "$P_V6") ||
	da_fail "no free port on 127.0.0.1 for loopport"
P_CREATED=1022
echo "      host ports: lowport $P_LOW, port1024 $P_1024, v6port [::]:$P_V6, loopport 127.0.0.1:$P_LOOP"
# long enough for a slow, loaded host: the last scenario reads them well after they start
S=(sleep 3600)
mk run hardened "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" \
	--cap-drop ALL --tmpfs /run -v /etc/localtime:/etc/localtime:ro \
	-v /usr/share:/host-share:ro -v rtvol:/usr/local/data "$IMG" "${S[@]}"
mk run untagged "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" "rt-gone:$$" "${S[@]}"
mk run stale "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" "rt-app:$$" "${S[@]}"
mk run pidhost "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" --pid host "$IMG" "${S[@]}"
mk run nethost "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" --network host "$IMG" "${S[@]}"
mk run joined "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" --network container:nethost "$IMG" "${S[@]}"
mk run ipchost "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" --ipc host "$IMG" "${S[@]}"
mk run utshost "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" --uts host "$IMG" "${S[@]}"
mk run usernshost "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" --userns host "$IMG" "${S[@]}"
mk run capadd "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" \
	--cap-add SYS_ADMIN --cap-add net_admin --cap-add CHOWN "$IMG" "${S[@]}"
mk run etcmount "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" -v /etc:/host-etc:ro "$IMG" "${S[@]}"
mk run usrrw "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" -v /usr/share:/host-share "$IMG" "${S[@]}"
mk run sockmount "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" \
	-v "$SOCK:/var/run/docker.sock" "$IMG" "${S[@]}"
mk run runmount "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" -v /run:/host-run:ro "$IMG" "${S[@]}"
mk run seccompu "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" \
	--security-opt seccomp=unconfined "$IMG" "${S[@]}"
mk run nnpfalse "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${RST[@]}" "${HC[@]}" \
	--security-opt no-new-privileges=false "$IMG" "${S[@]}"
mk run nonnp "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${RST[@]}" "${HC[@]}" "$IMG" "${S[@]}"
mk run lowport "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" -p "$P_LOW:80" "$IMG" "${S[@]}"
mk run port1024 "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" -p "$P_1024:80" "$IMG" "${S[@]}"
mk run v6port "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" -p "[::]:$P_V6:80" "$IMG" "${S[@]}"
mk run loopport "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" \
	-p "127.0.0.1:$P_LOOP:80" "$IMG" "${S[@]}"
mk run always "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${HC[@]}" --restart always "$IMG" "${S[@]}"
mk run onf10 "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${HC[@]}" --restart on-failure:10 "$IMG" "${S[@]}"
mk run onfnolimit "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${HC[@]}" --restart on-failure "$IMG" "${S[@]}"
mk run cgp "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" --cgroup-parent "$CGPARENT" "$IMG" "${S[@]}"
mk run nolimits "${NET[@]}" "${RO[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" "$IMG" "${S[@]}"
mk run cpushares "${NET[@]}" "${RO[@]}" --memory 64m --pids-limit 100 "${NNP[@]}" "${RST[@]}" "${HC[@]}" \
	--cpu-shares 512 "$IMG" "${S[@]}"
mk run shares1024 "${NET[@]}" "${RO[@]}" --memory 64m --pids-limit 100 "${NNP[@]}" "${RST[@]}" "${HC[@]}" \
	--cpu-shares 1024 "$IMG" "${S[@]}"
mk run rwroot "${NET[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" "$IMG" "${S[@]}"
mk run nohealth "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "$IMG" "${S[@]}"
mk run unhealthy "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" \
	--health-cmd false --health-interval 1s --health-retries 1 "$IMG" "${S[@]}"
# its health check runs as root for 30 s: an exec session as root that is not docker exec -u root
mk run healthroot "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" --user root \
	--health-cmd 'sleep 30' --health-interval 1s --health-timeout 60s "$IMG" "${S[@]}"
mk run dev "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" \
	--device /dev/null:/dev/xnull --device-cgroup-rule 'c 1:3 mr' "$IMG" "${S[@]}"
mk run ulim "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" \
	--ulimit nofile=1024:2048 "$IMG" "${S[@]}"
mk run shared "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" \
	--mount "type=bind,source=$DA_TMP/shm,target=/mnt,bind-propagation=rshared" "$IMG" "${S[@]}"
mk run onbridge "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" "$IMG" "${S[@]}"
if [[ $SSHD_OK -eq 1 ]]; then
	mk run sshd "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" \
		"rt-sshd:$$" /usr/sbin/sshd -D
	mk run sshdtitle "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" \
		"rt-sshd:$$" sh -c 'exec -a "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups" /usr/sbin/sshd'
fi
mk run notsshd "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" \
	"$IMG" sh -c 'sleep 3600; echo sshd'
mk run execroot "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" "$IMG" "${S[@]}"
mk run execpriv "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" "$IMG" "${S[@]}"
# created, never started: they count only with -a
mk create priv "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" --privileged "$IMG" "${S[@]}"
mk create createdport "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" -p "$P_CREATED:80" "$IMG" "${S[@]}"
mk create gpus "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" --gpus all "$IMG" "${S[@]}"
mk create stoppednohealth "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "$IMG" "${S[@]}"
if [[ $OK -eq 1 ]]; then
	da_pass "(a) every scenario container exists"
else
	da_fail "(a) every scenario container exists"
fi

# 5.28: the tag moves on; the untagged one's tag disappears.
mkdir -p "$DA_TMP/next"
printf 'FROM %s\nLABEL rt=next\n' "$IMG" >"$DA_TMP/next/Dockerfile"
DOCKER_BUILDKIT=0 D build -q -t "rt-app:$$" "$DA_TMP/next" >/dev/null 2>"$W/build.err" || da_fail "(a) build the next rt-app"
D rmi "rt-gone:$$" >/dev/null || da_fail "(a) untag rt-gone"
da_assert_ne "(a) rt-app now names another image than stale runs" \
	"$(D inspect -f '{{.Image}}' stale)" "$(D image inspect -f '{{.Id}}' "rt-app:$$")"

# Exec sessions: a running one as root, and a privileged one created (not started) through the
# API, as `docker exec --privileged` cannot run here.
D exec -d -u root execroot sleep 3600 || da_fail "(a) docker exec -u root"
python3 - "$SOCK" <<'PY' || da_fail "(a) create a privileged exec session"
import http.client, json, socket, sys
class C(http.client.HTTPConnection):
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(sys.argv[1])
c = C("localhost")
c.request("POST", "/containers/execpriv/exec", json.dumps({"Cmd": ["sleep", "600"], "Privileged": True}),
          {"Content-Type": "application/json"})
r = c.getresponse()
sys.exit(0 if r.status == 201 else 1)
PY

# Wait for the unhealthy one to be unhealthy and for healthroot's check to be running.
for ((i = 0; i < 60; i++)); do
	st=$(D inspect -f '{{.State.Health.Status}}' unhealthy 2>/dev/null)
	ex=$(D inspect -f '{{len .ExecIDs}}' healthroot 2>/dev/null)
	[[ "$st" == unhealthy && "${ex:-0}" != 0 ]] && break
	sleep 0.5
done
da_assert_eq "(a) unhealthy is unhealthy" unhealthy "$st"
da_assert_ne "(a) healthroot's health check runs as an exec session" "0" "${ex:-0}"

if [[ -n "${DA_RUNTIME_CAPTURE:-}" ]]; then
	bash "$HERE/../fixtures/docker/capture.sh" "$SOCK" "$DA_RUNTIME_CAPTURE/runtime-live" ||
		da_fail "(a) capture runtime-live"
fi

# ---------------------------------------------------------------------------------------------
echo "== (b) section 5, running containers"
run b -H "$H" -c 5 -f json -o "$W/b.json"
da_assert_true "(b) docker-audit ran (exit $RC)" test $RC -eq 1
F="$W/b.json"
expect "$F" 5.1 pass
expect "$F" 5.2 skip
expect "$F" 5.3 skip
expect "$F" 5.4 fail capadd
detail_has "$F" 5.4 capadd "NET_ADMIN,SYS_ADMIN"
da_assert_json "5.4: a default capability (CHOWN) is not listed" "$F" \
	"all('CHOWN' not in f['detail'] for f in res('5.4')['findings'])"
expect "$F" 5.5 pass
expect "$F" 5.6 fail etcmount usrrw
detail_has "$F" 5.6 usrrw "/usr/share (under /usr) mounted read-write"
if [[ $SSHD_OK -eq 1 ]]; then
	expect "$F" 5.7 fail sshd sshdtitle
	detail_has "$F" 5.7 sshd "/usr/sbin/sshd"
	detail_has "$F" 5.7 sshdtitle "sshd:"
else
	expect "$F" 5.7 pass
fi
expect "$F" 5.8 fail lowport
detail_has "$F" 5.8 lowport "0.0.0.0:$P_LOW->80/tcp"
expect "$F" 5.9 manual loopport nethost joined lowport port1024 v6port
detail_has "$F" 5.9 loopport "127.0.0.1:$P_LOOP->80/tcp"
expect "$F" 5.10 fail nethost joined
detail_has "$F" 5.10 joined "which shares the host"
expect "$F" 5.11 fail nolimits
expect "$F" 5.12 fail nolimits shares1024
expect "$F" 5.13 fail rwroot
expect "$F" 5.14 fail lowport port1024 v6port
detail_has "$F" 5.14 v6port "[::]:$P_V6->80/tcp"
expect "$F" 5.15 fail always onf10 onfnolimit
expect "$F" 5.16 fail pidhost
expect "$F" 5.17 fail ipchost
expect "$F" 5.18 fail dev
detail_has "$F" 5.18 dev "/dev/null"
expect "$F" 5.19 info ulim
expect "$F" 5.20 fail shared
expect "$F" 5.21 fail utshost
expect "$F" 5.22 fail seccompu
expect "$F" 5.23 fail execpriv
expect "$F" 5.24 fail execroot
expect "$F" 5.25 fail cgp
expect "$F" 5.26 fail nnpfalse nonnp
expect "$F" 5.27 fail nohealth unhealthy
detail_has "$F" 5.27 unhealthy "Health.Status=unhealthy"
expect "$F" 5.28 fail stale
da_assert_json "5.28: the untagged container is counted as not comparable" "$F" \
	"'1 container' in res('5.28')['detail'] and 'not tagged locally' in res('5.28')['detail']"
expect "$F" 5.29 fail nolimits
expect "$F" 5.30 fail onbridge
expect "$F" 5.31 fail usernshost
expect "$F" 5.32 fail sockmount runmount
detail_has "$F" 5.32 runmount "which contains"
da_assert_json "(b) the hardened container is named by no check" "$F" \
	"not any('hardened' in names(r) for r in d['results'])"
da_assert_json "(b) no finding is an error" "$F" \
	"not any(f.get('error') for r in d['results'] for f in r.get('findings') or [])"
da_assert_json "(b) findings carry the full id and the detail" "$F" \
	"all(len(f.get('id') or '') == 64 and f.get('detail') for r in d['results'] \
if r['id'] != '5.1' for f in r.get('findings') or [])"

echo "== (c) section 5 with -a: the created containers too"
run c -H "$H" -a -c 5 -f json -o "$W/c.json"
F="$W/c.json"
expect "$F" 5.4 fail capadd priv
expect "$F" 5.5 fail priv
expect "$F" 5.8 fail lowport createdport
expect "$F" 5.9 manual loopport nethost joined lowport port1024 v6port createdport
expect "$F" 5.14 fail lowport port1024 v6port createdport
detail_has "$F" 5.14 createdport "*:$P_CREATED->80/tcp"
expect "$F" 5.18 fail dev priv gpus
expect "$F" 5.22 fail seccompu priv
expect "$F" 5.27 fail nohealth unhealthy stoppednohealth
if [[ $SSHD_OK -eq 1 ]]; then
	expect "$F" 5.7 fail sshd sshdtitle
fi
expect "$F" 5.30 fail onbridge
da_assert_json "(c) the hardened container is named by no check" "$F" \
	"not any('hardened' in names(r) for r in d['results'])"

echo "== (d) text output names the offenders"
run d -H "$H" -c 5.10,5.32 -f text --no-color
da_assert_contains "(d) 5.10 text names nethost" "$W/d.out" "nethost"
da_assert_not_contains "(d) 5.10 text does not name hardened" "$W/d.out" "hardened"

# ---------------------------------------------------------------------------------------------
echo "== (g) the default text report of a host with ~70 containers"
# 25 more as an application host runs them: docker run with no hardening at all. With the
# scenarios above the engine lists about 70, every container check fails on many of them.
apps=()
for ((i = 1; i <= 25; i++)); do
	D create --name "app$i" "$IMG" "${S[@]}" >/dev/null 2>"$W/mk.app.err" || da_fail "(g) create app$i"
	apps+=("app$i")
done
# a loaded host may fail a few starts of a batch: retry those one by one
D start "${apps[@]}" >/dev/null 2>&1 || for a in "${apps[@]}"; do
	[[ "$(D inspect -f '{{.State.Running}}' "$a" 2>/dev/null)" == true ]] ||
		D start "$a" >/dev/null 2>&1 || D start "$a" >/dev/null || da_fail "(g) start $a"
done
NCONT=$(D ps -aq | wc -l)
echo "      the engine lists $NCONT containers"
run g -H "$H" --no-color --timeout 60
G="$W/g.out"
da_assert_true "(g) exit status 1 (failures)" test $RC -eq 1
LINES=$(wc -l <"$G")
echo "      default report: $LINES lines; its last 30:"
tail -n 30 "$G" | sed 's/^/      | /'
da_assert_true "(g) the default report is under 150 lines ($LINES, $NCONT containers)" test "$LINES" -lt 150
da_assert_contains "(g) one line per check: 5.11 counts its containers and names the first three" \
	"$G" "Ensure that the memory usage for containers is limited  (medium)  26 containers: "
da_assert_contains "(g) the passing checks of a section share a line" "$G" "  [PASS] "
da_assert_not_contains "(g) no findings list by default" "$G" "         - container "
da_assert_not_contains "(g) no remediation block by default" "$G" "Remediation:"
da_assert_contains "(g) the summary counts failures by severity" "$G" "fail (2 critical, "
da_assert_contains "(g) the header names the privileged container left out, with -a" "$G" \
	"Not audited: priv (privileged, not running); -a audits it"
# "Fix first": the critical ones first, on the last screen (50 rows: 48 lines above the prompt
# and the line the shell prints next), with their fixes
FIX=$(grep -n '^Fix first' "$G" | cut -d: -f1)
da_assert_true "(g) the report ends with a Fix first block" test -n "$FIX"
da_assert_eq "(g) Fix first starts with the critical failures" "  critical 5.6" \
	"$(sed -n "$((${FIX:-1} + 1))p" "$G" | cut -c1-14)"
da_assert_contains "(g) 5.32's one-line fix" "$G" "5.32    Do not mount the socket; give tools"
CRIT_FROM_END=$((LINES - ${FIX:-0}))
da_assert_true "(g) the critical failures are on the last screen ($CRIT_FROM_END lines from the end)" \
	test "$CRIT_FROM_END" -le 47
da_assert_eq "(g) the last line is the summary" "Summary:" "$(tail -1 "$G" | cut -c1-8)"
awk '/^Fix first/ {f = 1; next} f && /^  (critical|high|medium|low) / {print $1}' "$G" >"$W/g.sev"
da_assert_eq "(g) Fix first is in severity order" "critical high medium low" "$(tr '\n' ' ' <"$W/g.sev" | sed 's/ $//')"

run gv -H "$H" --timeout 60 --no-color -v
da_assert_true "(g) -v: every check with its details ($(wc -l <"$W/gv.out") lines)" \
	test "$(wc -l <"$W/gv.out")" -gt "$((LINES * 3))"
da_assert_contains "(g) -v: findings" "$W/gv.out" "         - container app1 ("
da_assert_contains "(g) -v: remediation" "$W/gv.out" "Remediation: "
run gc -H "$H" --timeout 60 --no-color -c 5.11,5.32
da_assert_contains "(g) --check 5.32: its findings" "$W/gc.out" "         - container sockmount ("
da_assert_contains "(g) --check 5.32: its remediation" "$W/gc.out" "Remediation: Do not mount the socket"
run gn -H "$H" --timeout 60 --no-color -c 5 -n 0
L511=$(grep '\[FAIL\] 5.11 ' "$W/gn.out")
da_assert_true "(g) -n 0 names all 26 containers on 5.11's line" \
	test "$(grep -o ', ' <<<"${L511#*containers: }" | wc -l)" -eq 25
da_assert_not_contains "(g) -n 0: no 'and N more'" "$W/gn.out" "and 23 more"
run gn1 -H "$H" --timeout 60 --no-color -c 5 -n 1
da_assert_contains "(g) -n 1 names one" "$W/gn1.out" "26 containers: app25 and 25 more"
run gs -H "$H" --timeout 60 --no-color --severity critical
SRC=$RC
da_assert_eq "(g) --severity does not change the exit status (--fail-on does)" 1 "$SRC"
da_assert_not_contains "(g) --severity critical: no high check" "$W/gs.out" "[FAIL] 5.4 "
da_assert_contains "(g) --severity critical: 5.32" "$W/gs.out" "[FAIL] 5.32 "
run gf -H "$H" --timeout 60 --no-color --severity low --fail-on critical
da_assert_eq "(g) --fail-on critical fails on the critical checks --severity low does not show" 1 "$RC"

# --new-only: only what is new since the baseline, most severe first, then numeric id
run gb -H "$H" --timeout 60 -f json -o "$W/g-base.json"
D run -d --name newpid --pid host "$IMG" "${S[@]}" >/dev/null || da_fail "(g) newpid"
D run -d --name newcap --cap-add SYS_ADMIN "$IMG" "${S[@]}" >/dev/null || da_fail "(g) newcap"
run gnew -H "$H" --timeout 60 --no-color --baseline "$W/g-base.json" --new-only
da_assert_eq "(g) --new-only: exit status 1 (new failures)" 1 "$RC"
grep '^  \[FAIL\]' "$W/gnew.out" | awk '{print $2}' >"$W/gnew.ids"
da_assert_eq "(g) --new-only lists the new failures by severity, then numeric id" \
	"5.4 5.16 5.26 5.11 5.12 5.13 5.29 5.27 5.30" "$(tr '\n' ' ' <"$W/gnew.ids" | sed 's/ $//')"
da_assert_contains "(g) --new-only: with titles, severities and the new objects" "$W/gnew.out" \
	"[FAIL] 5.16  Ensure that the host's process namespace is not shared  (high)  new: container: newpid"
da_assert_not_contains "(g) --new-only: no old failure" "$W/gnew.out" "[FAIL] 5.32"
da_assert_not_contains "(g) --new-only: no passing check" "$W/gnew.out" "[PASS]"

# ---------------------------------------------------------------------------------------------
echo "== (e) daemon rtdef: --no-new-privileges by default, then swarm mode"
if da_start_daemon rtdef --no-new-privileges; then
	da_busybox_image "$DA_SOCK_rtdef" "$IMG" || da_fail "(e) image"
	da_docker rtdef run -d --name plain "$IMG" sleep 600 >/dev/null || da_fail "(e) plain"
	da_docker rtdef run -d --name nnpoff --security-opt no-new-privileges:false "$IMG" sleep 600 \
		>/dev/null || da_fail "(e) nnpoff"
	run e -H "$DA_HOST_rtdef" -c 5.1,5.26 -f json -o "$W/e.json"
	expect "$W/e.json" 5.26 fail nnpoff
	da_assert_json "(e) 5.26 says the daemon sets it by default" "$W/e.json" \
		"'by default' in res('5.26')['detail']"
	expect "$W/e.json" 5.1 pass
	# a free control port; gossip takes 7946 on 127.0.0.1, which Docker does not let one choose
	# (tests/e2e/real_swarm.sh runs its swarms in a network namespace of their own instead)
	PORT=$(da_free_port 127.0.0.1 $((20000 + $$ % 20000)) 20000 39999) || PORT=$((20000 + $$ % 20000))
	if da_docker rtdef swarm init --listen-addr "127.0.0.1:$PORT" --advertise-addr 127.0.0.1 \
		>/dev/null 2>"$W/swarm-init.err"; then
		run f -H "$DA_HOST_rtdef" -c 5.1 -f json -o "$W/f.json"
		expect "$W/f.json" 5.1 fail swarm
		detail_has "$W/f.json" 5.1 swarm "LocalNodeState=active"
		if [[ -n "${DA_RUNTIME_CAPTURE:-}" ]]; then
			bash "$HERE/../fixtures/docker/capture.sh" "$DA_SOCK_rtdef" \
				"$DA_RUNTIME_CAPTURE/runtime-swarm" || da_fail "(e) capture runtime-swarm"
		fi
		da_docker rtdef swarm leave --force >/dev/null 2>&1 || true
	else
		da_fail "(e) swarm init on 127.0.0.1:$PORT (is 127.0.0.1:7946 taken?)" \
			"$(tail -n 3 "$W/swarm-init.err")"
	fi
else
	da_fail "(e) start dockerd --no-new-privileges"
fi

da_finish

#!/usr/bin/env bash
# tests/e2e/real_cgroupv2.sh BINARY: docker-audit against a real Docker 28.5 on cgroup v2
# (ctest: e2e_real_cgroupv2). The host of the tests boots cgroup v1, but its kernel offers the
# cgroup2 filesystem: in a private mount namespace of this script (unshare -m) the sid root of
# tests/e2e/engine_roots.sh gets a cgroup2 mount at its /sys/fs/cgroup and its dockerd (cgroupfs
# driver) runs chrooted there. The v1 controllers are bound to the v1 hierarchies, so the v2 one
# has none: containers without resource limits run (the daemon warns "No memory limit support").
# /info says CgroupVersion "2"; each container has a private cgroup namespace and
# /proc/PID/cgroup "0::/docker/<id>" as the host sees it.
#
# Asserted, audited from outside: every listed running or paused container judged ("listed N,
# judged N" plus the not-running ones), its processes attributed from /proc (5.7 finds the sshd
# of one container there; 4.1 reads the uid of a container's PID 1 from /proc/<pid>/status),
# 2.10 judged against the cgroupfs default. Audited from inside a container (docker-audit and
# its libraries imported as an image): on v2 its own /proc/self/cgroup is "0::/", its own
# container is still found (the /etc/hostname bind mount), named and left out, with the
# evidence; with --pid=host the mount-namespace proof is given (JSON and text); a container
# given another container's hostname, hosts and resolv.conf files has that one as its candidate,
# whose PID 1 is in another mount namespace: it is judged, and the report and stderr say why.
#
# DA_CGV2_CAPTURE=DIR saves /info, /version, the container list and inspections and the /proc
# texts as fixtures (tests/fixtures/docker/engine-docker-28.5-cgroupv2 and
# tests/fixtures/hostfs/self-proc/docker-cgv2 were made so).
# shellcheck disable=SC2154
set -uo pipefail

BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

da_require_bin "$BIN"
BIN=$DA_BIN
[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a chrooted dockerd and a cgroup2 mount need root)"
grep -qw cgroup2 /proc/filesystems || da_skip_or_fail "the kernel has no cgroup2 filesystem"
for tool in docker ip python3 chroot timeout mount unshare ldd; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done
# Everything mounted here stays in a private mount namespace: it ends with this script.
if [[ "${DA_CGV2_IN_NS:-}" != "1" ]]; then
	DA_CGV2_IN_NS=1 exec unshare -m --propagation private bash "$0" "$@"
fi
T0=$(date +%s)
SID=$(bash "$HERE/engine_roots.sh" sid) || da_skip_or_fail "cannot build the sid engine root"
da_init
W="$DA_TMP/out"
mkdir -p "$W"

# da_start_daemon would prepare the chroot; the cgroup2 mount goes on top of its /sys/fs/cgroup
# before dockerd starts (da_root_prepare runs once, here).
da_root_prepare v2 "$SID" || da_skip_or_fail "cannot prepare the sid root"
# the v1 hierarchies leave the chroot's view (this namespace only), cgroup2 takes their place
umount -R "$DA_TMP/v2/root/sys/fs/cgroup" && mount -t cgroup2 cgroup2 "$DA_TMP/v2/root/sys/fs/cgroup" ||
	da_skip_or_fail "cannot mount cgroup2"
da_root_prepare() { return 0; }
DA_ENGINE_ROOT=$SID da_start_daemon v2 || {
	da_fail "dockerd 28.5 did not start on cgroup v2"
	da_finish
}
S=$DA_SOCK_v2
dk() { timeout 60 docker -H "unix://$S" "$@"; }
da_assert_eq "the daemon says cgroup v2" "2 cgroupfs" \
	"$(dk info --format '{{.CgroupVersion}} {{.CgroupDriver}}')"

da_busybox_image "$S" "dacg$$:1" || da_fail "cannot import busybox"
# docker-audit and its libraries as an image, to run it in a container of its own
img="$DA_TMP/daimg"
mkdir -p "$img/var/run" "$img/tmp" "$img/etc" "$img/proc" "$img/sys" "$img/dev"
cp "$BIN" "$img/docker-audit"
# an "sshd" for 5.6: coreutils sleep under that name (its libc is docker-audit's)
mkdir -p "$img/usr/sbin" && cp "$(command -v sleep)" "$img/usr/sbin/sshd"
ldd "$BIN" | grep -o '/[^ ]*' | sort -u | while read -r lib; do cp -L --parents "$lib" "$img"; done
echo 'root:x:0:0:root:/root:/bin/sh' >"$img/etc/passwd"
echo 'root:x:0:' >"$img/etc/group"
tar -C "$img" -cf "$DA_TMP/daimg.tar" . && dk import "$DA_TMP/daimg.tar" "dacg-self$$:1" >/dev/null ||
	da_fail "cannot import docker-audit as an image"
mkdir -p "$DA_TMP/ctx"
printf 'FROM dacg%s:1\nUSER 1000\n' "$$" >"$DA_TMP/ctx/Dockerfile"
DOCKER_BUILDKIT=0 dk build -q -t "dacg-user$$:1" "$DA_TMP/ctx" \
	>/dev/null 2>"$W/build.err" || da_fail "docker build: $(tail -1 "$W/build.err")"
dk run -d --name plain "dacg$$:1" sleep 600 >/dev/null || da_fail "run plain"
dk run -d --name asroot --user 0 "dacg-user$$:1" sleep 600 >/dev/null || da_fail "run asroot"
dk run -d --name sshd "dacg-self$$:1" /usr/sbin/sshd 600 >/dev/null || da_fail "run sshd"
dk run -d --name paused "dacg$$:1" sleep 600 >/dev/null && dk pause paused >/dev/null ||
	da_fail "run and pause"
dk create --name created "dacg$$:1" sleep 1 >/dev/null || da_fail "create"
pid=$(dk inspect -f '{{.State.Pid}}' plain)
id=$(dk inspect -f '{{.Id}}' plain)
da_assert_eq "a container has a private cgroup namespace" private \
	"$(dk inspect -f '{{.HostConfig.CgroupnsMode}}' plain)"
da_assert_eq "its /proc/PID/cgroup is the v2 line of cgroupfs" "0::/docker/$id" \
	"$(grep '^0::' "/proc/$pid/cgroup")"

# 1. audited from outside: every container, processes from /proc
f="$W/outside.json"
"$BIN" -H "unix://$S" --benchmark 1.6.0 -f json >"$f" 2>"$W/outside.err"
# the counts of the engine table (docs/engines.md), with -a as there
"$BIN" -H "unix://$S" --benchmark 1.6.0 -a -f json >"$W/table.json" 2>/dev/null
da_verdicts "docker28-cgroupv2" "$W/table.json"
da_assert_json "outside: 5 listed, the 4 running or paused judged, 1 created left out" "$f" \
	"[d['scope']['containers'][k] for k in ('listed','judged')]+[d['scope']['containers']['left_out'][k] for k in ('not_running','self')]==[5,4,1,0]" \
	"d['scope']"
da_assert_json "outside: nothing is left out as docker-audit's own container" "$f" \
	"'left_out' not in d or 'container' not in d['left_out']" "d.get('left_out')"
da_assert_json "outside: 5.7 finds the sshd, its processes read from /proc (cgroup v2 lines)" "$f" \
	"res('5.7')['status']=='fail' and names(res('5.7'))==['sshd'] and 'from /proc' in text(res('5.7'))" \
	"res('5.7')"
da_assert_json "outside: 4.1 reads PID 1's uid from /proc/<pid>/status (cgroup v2 names it)" "$f" \
	"res('4.1')['status']=='fail' and [f['name'] for f in res('4.1')['findings'] if f['kind']=='container']==['asroot'] and '/status' in text(res('4.1'))" \
	"res('4.1')"
da_assert_json "outside: 2.10 against the cgroupfs default /docker" "$f" \
	"res('2.10')['status']=='pass' and '/docker' in res('2.10')['detail']" "res('2.10')"
da_assert_json "outside: no section 5 check ends in ERROR" "$f" \
	"not [r['id'] for r in d['results'] if r['id'].startswith('5.') and r['status']=='error']" \
	"[(r['id'],r.get('detail')) for r in d['results'] if r['status']=='error']"

inside() { # inside NAME [docker run options]: docker-audit in container NAME, JSON to $W/NAME.json
	local name=$1
	shift
	dk run --name "$name" -v "$S:/var/run/docker.sock" "$@" "dacg-self$$:1" \
		/docker-audit --benchmark 1.6.0 -f json --check 5.7 --check 5.10 \
		>"$W/$name.json" 2>"$W/$name.err"
	id=$(dk inspect -f '{{.Id}}' "$name")
}
# 2. docker-audit in a container of its own
inside self1
cat "$W/self1.err" >&2
da_assert_json "inside (cgroup v2, private cgroupns): its own container found and left out" \
	"$W/self1.json" "d['left_out']['container']['id']=='$id' and d['scope']['containers']['left_out']['self']==1" \
	"(d.get('left_out'), d['scope'])"
da_assert_json "inside: the reason names the bind mount, and that no namespace proof was possible" \
	"$W/self1.json" \
	"all(w in d['left_out']['container']['reason'] for w in ('bind-mounted from', '/containers/$id/', 'not visible'))" \
	"d['left_out']"
da_assert_json "inside: every other running or paused container judged" "$W/self1.json" \
	"(d['scope']['containers']['judged'],d['scope']['containers']['listed'])==(4,6)" "d['scope']"
inside self2 --pid=host
da_assert_json "inside with --pid=host: left out by the mount-namespace proof" "$W/self2.json" \
	"d['left_out']['container']['id']=='$id' and all(w in d['left_out']['container']['reason'] for w in ('mount namespace', '= its State.Pid'))" \
	"d.get('left_out')"
dk run --rm -v "$S:/var/run/docker.sock" --pid=host "dacg-self$$:1" /docker-audit \
	--benchmark 1.6.0 --check 5.10 >"$W/self3.txt" 2>&1
da_assert_contains "inside, text: the header names what was left out and the proof" "$W/self3.txt" \
	"this audit's own container: mount namespace"
# a container whose /etc/hostname, hosts and resolv.conf are another container's files: the
# bind mounts name "plain", but plain's PID 1 is in another mount namespace: plain is judged
pid_plain=$(dk inspect -f '{{.Id}}' plain)
cdir="$DA_DATA_v2/containers/$pid_plain"
inside self4 --pid=host -v "$cdir/hostname:/etc/hostname:ro" -v "$cdir/hosts:/etc/hosts:ro" \
	-v "$cdir/resolv.conf:/etc/resolv.conf:ro"
da_assert_json "borrowed hostname files: the candidate's mount namespace differs, it is judged" \
	"$W/self4.json" \
	"'container' not in d.get('left_out', {}) and d['scope']['containers']['left_out']['self']==0 and 'not this audit' in d['self_container_judged']['reason'] and '$pid_plain' in d['self_container_judged']['reason']" \
	"(d.get('left_out'), d.get('self_container_judged'), d['scope'])"
da_assert_contains "borrowed hostname files: stderr says it was judged and why" "$W/self4.err" \
	"judged: not this audit's container"

if [[ -n "${DA_CGV2_CAPTURE:-}" ]]; then
	c="$DA_CGV2_CAPTURE/engine-docker-28.5-cgroupv2"
	mkdir -p "$c/containers" "$DA_CGV2_CAPTURE/proc"
	curl -s --unix-socket "$S" http://d/v1.51/info >"$c/info.json"
	curl -s --unix-socket "$S" http://d/v1.51/version >"$c/version.json"
	curl -s --unix-socket "$S" 'http://d/v1.51/containers/json?all=1' >"$c/containers.json"
	for n in plain asroot sshd paused; do
		i=$(dk inspect -f '{{.Id}}' "$n")
		curl -s --unix-socket "$S" "http://d/v1.51/containers/$i/json" >"$c/containers/$i.json"
		p=$(dk inspect -f '{{.State.Pid}}' "$n")
		cp "/proc/$p/cgroup" "$DA_CGV2_CAPTURE/proc/$n.cgroup"
	done
	dk run --rm "dacg$$:1" cat /proc/self/mountinfo >"$DA_CGV2_CAPTURE/proc/self.mountinfo"
	dk run --rm "dacg$$:1" cat /proc/self/cgroup >"$DA_CGV2_CAPTURE/proc/self.cgroup"
	cp "$W"/*.json "$DA_CGV2_CAPTURE/"
fi
da_log "cgroup v2 scenario took $(($(date +%s) - T0)) s"
da_finish

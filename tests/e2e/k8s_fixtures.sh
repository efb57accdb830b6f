#!/usr/bin/env bash
# tests/e2e/k8s_fixtures.sh BINARY: the k8s-node benchmark with --root on the static node layouts
# of tests/fixtures/hostfs (ctest: e2e_k8s_fixtures). Needs neither root nor a daemon.
#
#   k8s-kubeadm  a kubeadm v1.32 control plane node: /proc with the real command lines of
#                kubelet, kube-apiserver and etcd, kubeadm's config.yaml, unit and drop-in,
#                manifests, kubeconfigs. git keeps files 0644: the 600 rules fail, as they do
#                on a node that was never hardened.
#   k8s-k3s      a k3s server: the components run inside k3s; every check is SKIP and says so.
set -uo pipefail

BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FIX=$(cd "$HERE/../fixtures/hostfs" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"
da_require_bin "$BIN"
BIN=$DA_BIN
command -v python3 >/dev/null 2>&1 || da_skip_or_fail "python3 not found"
da_init
W=$DA_TMP

run() { # run NAME ROOT [ARGS...]: exit status on stdout, JSON in $W/NAME.json
	local name=$1 root=$2
	shift 2
	"$BIN" --benchmark k8s-node --root "$root" -f json -o "$W/$name.json" "$@" \
		>"$W/$name.out" 2>"$W/$name.err"
	echo $?
}
is() { da_assert_json "$1" "$2" "res('$3') and res('$3')['status'] == '$4'" "res('$3')"; }

rc=$(run kubeadm "$FIX/k8s-kubeadm")
F=$W/kubeadm.json
da_assert_eq "kubeadm node as checked out: exit status 1" 1 "$rc"
da_assert_json "54 checks, none ERROR" "$F" \
	"len(d['results']) == 54 and d['summary']['error'] == 0" "d['summary']"
da_assert_json "benchmark: CIS Kubernetes Benchmark 1.12.0" "$F" \
	"d['benchmark']['name'] == 'CIS Kubernetes Benchmark' and d['benchmark']['version'] == '1.12.0'"
for id in 4.2.1 4.2.2 4.2.3 4.2.10; do
	is "$id PASS: kubeadm's config.yaml sets it" "$F" "k8s-$id" pass
done
da_assert_json "4.2.1 decided by the kubelet's own --config" "$F" \
	"'/var/lib/kubelet/config.yaml' in res('k8s-4.2.1')['detail']"
is "4.2.4 PASS: the v1beta1 default read-only port 0" "$F" k8s-4.2.4 pass
is "4.2.5 PASS: kubeadm's 0s is defaulted to 4h" "$F" k8s-4.2.5 pass
is "4.2.13 FAIL: no pod PID limit (default -1)" "$F" k8s-4.2.13 fail
is "4.2.9 FAIL: self-signed serving certificate" "$F" k8s-4.2.9 fail
is "4.1.1 FAIL: kubelet.service and 10-kubeadm.conf 0644" "$F" k8s-4.1.1 fail
da_assert_json "4.1.1 names the unit and its kubeadm drop-in" "$F" \
	"sorted(names(res('k8s-4.1.1'))) == ['/usr/lib/systemd/system/kubelet.service', '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf']"
is "4.1.7 PASS: CA 0644 meets 644" "$F" k8s-4.1.7 pass
is "1.1.1 FAIL: manifest 0644" "$F" k8s-1.1.1 fail
is "1.1.13 FAIL: admin.conf and super-admin.conf 0644" "$F" k8s-1.1.13 fail
da_assert_json "1.1.13 names both admin files" "$F" "len(names(res('k8s-1.1.13'))) == 2"
is "1.2.6 PASS: Node,RBAC" "$F" k8s-1.2.6 pass
is "1.2.1 FAIL: the API server's default anonymous auth" "$F" k8s-1.2.1 fail
is "1.2.27 FAIL: kubeadm configures no encryption at rest" "$F" k8s-1.2.27 fail
is "1.2.5 FAIL: kubeadm sets no --kubelet-certificate-authority" "$F" k8s-1.2.5 fail
for id in 2.1 2.2 2.3 2.4 2.5 2.6 2.7; do
	is "$id PASS: kubeadm's etcd flags" "$F" "k8s-$id" pass
done
is "1.1.11 FAIL: /var/lib/etcd 0755" "$F" k8s-1.1.11 fail
da_assert_json "1.1.12: no etcd user on the host, said so" "$F" \
	"res('k8s-1.1.12')['status'] == 'fail' and 'no etcd user' in text(res('k8s-1.1.12'))"

# baselines and waivers by key
rc=$(run kubeadm2 "$FIX/k8s-kubeadm" --baseline "$F")
da_assert_json "a baseline of the same node: nothing new" "$W/kubeadm2.json" \
	"d['changes']['new'] == []" "d.get('changes')"

rc=$(run k3s "$FIX/k8s-k3s")
da_assert_eq "k3s server: exit status 0" 0 "$rc"
da_assert_json "k3s: every check SKIP" "$W/k3s.json" \
	"all(r['status'] == 'skip' for r in d['results'])" "[(r['id'], r['status']) for r in d['results']]"
da_assert_json "k3s: the SKIP names k3s" "$W/k3s.json" "'k3s (pid 2001)' in res('k8s-4.2.1')['detail']"

# a root without /proc: absence cannot be proven, so ERROR (exit 3), never SKIP or PASS
rc=$(run bare "$FIX/bare")
da_assert_eq "a root without /proc: exit status 3" 3 "$rc"
da_assert_json "every check ERROR, saying /proc could not be listed" "$W/bare.json" \
	"all(r['status'] == 'error' and '/proc' in r['detail'] for r in d['results'])" \
	"[(r['id'], r['status'], r['detail']) for r in d['results'] if r['status'] != 'error']"

da_finish

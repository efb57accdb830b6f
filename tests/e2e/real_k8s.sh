#!/usr/bin/env bash
# tests/e2e/real_k8s.sh BINARY: the k8s-node benchmark end to end (ctest: e2e_real_k8s).
#
# (a) a real etcd (Debian's etcd-server) on free 127.0.0.1 ports: first without TLS, client
#     certificates or a private data directory (curl reads it without credentials: the threat is
#     real, and 2.1/2.2/2.4/1.1.11 fail), then with TLS and client-certificate auth set through
#     ETCD_* variables (curl without a client certificate is refused; 2.1-2.6 and 1.1.11 pass),
#     then configured by --config-file alone (etcd ignores its flags then, and so do we).
# (b) stand-ins for the kubelet and kube-apiserver: a tiny program built here, installed as
#     .../kubelet and .../kube-apiserver (so their comm is the component's name) and run with a
#     kubeadm node's real command lines from a working directory of our choice: the kubelet's
#     --config (relative to that cwd) and --config-dir drop-ins decide, and so do the kubelet's
#     defaults; a hardened apiserver passes what a bad one fails.
# (c) with none of them running, every check is SKIP; exit status, --fail-on, waivers, JUnit and
#     SARIF work as for the Docker benchmarks.
#
# Needs root, etcd, openssl, curl, cc and python3; without them it reports "0 passed, 0 failed
# (skipped: ...)" unless DA_E2E_REAL=1. Everything lives in its temp dir; the processes it starts
# name that dir on their command lines and are stopped by da_cleanup.
set -uo pipefail

BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

da_require_bin "$BIN"
BIN=$DA_BIN

[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (file owners need root)"
for tool in etcd openssl curl cc python3 timeout; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done
# a kubelet, API server or etcd of this machine would be judged instead of ours
for c in kubelet kube-apiserver etcd; do
	if pgrep -x "$c" >/dev/null 2>&1; then
		da_skip_or_fail "a $c already runs on this machine"
	fi
done

da_init
T=$DA_TMP
W=$T/out
mkdir -p "$W"

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

audit() { # audit NAME [ARGS...]: run the benchmark, JSON to $W/NAME.json; prints the exit status
	local name=$1
	shift
	timeout 60 "$BIN" --benchmark k8s-node --root / -f json -o "$W/$name.json" "$@" \
		>"$W/$name.stdout" 2>"$W/$name.stderr"
	echo $?
}

status_is() { # status_is DESC FILE ID STATUS
	da_assert_json "$1" "$2" "res('$3') and res('$3')['status'] == '$4'" "res('$3')"
}

# ---- certificates ----
mkdir -p "$T/pki"
(
	cd "$T/pki" || exit 1
	openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 \
		-subj "/CN=etcd-ca" >/dev/null 2>&1
	openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr \
		-subj "/CN=etcd-server" >/dev/null 2>&1
	printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n' >ext
	openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt \
		-days 2 -extfile ext >/dev/null 2>&1
	openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr \
		-subj "/CN=kube-apiserver-etcd-client" >/dev/null 2>&1
	printf 'extendedKeyUsage=clientAuth\n' >cext
	openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
		-out client.crt -days 2 -extfile cext >/dev/null 2>&1
) || da_skip_or_fail "openssl could not make certificates"
chmod 600 "$T"/pki/*.key

ETCD_PID=""
stop_etcd() {
	if [[ -n "$ETCD_PID" ]]; then
		kill -TERM "$ETCD_PID" 2>/dev/null
		da_wait_gone "$ETCD_PID" 10 || kill -KILL "$ETCD_PID" 2>/dev/null
		wait "$ETCD_PID" 2>/dev/null
		ETCD_PID=""
	fi
}

wait_etcd() { # wait_etcd URL [CURL ARGS]: until /version answers
	local i
	for ((i = 0; i < 100; i++)); do
		curl -sf --max-time 2 "$@" >/dev/null 2>&1 && return 0
		kill -0 "$ETCD_PID" 2>/dev/null || return 1
		sleep 0.2
	done
	return 1
}

# ---- (a1) etcd without TLS, data directory 0755 ----
P1=$(free_port)
P2=$(free_port)
mkdir -p "$T/etcd-open"
chmod 755 "$T/etcd-open"
(cd "$T" && exec etcd --name e2e --data-dir "$T/etcd-open" \
	--listen-client-urls "http://127.0.0.1:$P1" --advertise-client-urls "http://127.0.0.1:$P1" \
	--listen-peer-urls "http://127.0.0.1:$P2" --initial-advertise-peer-urls "http://127.0.0.1:$P2" \
	--initial-cluster "e2e=http://127.0.0.1:$P2" >"$W/etcd-open.log" 2>&1) &
ETCD_PID=$!
if wait_etcd "http://127.0.0.1:$P1/version"; then
	chmod 755 "$T/etcd-open" # etcd tightens its data dir at start: loosen it as an admin might
	da_pass "etcd without TLS answers anyone: $(curl -s "http://127.0.0.1:$P1/version")"
	rc=$(audit etcd-open)
	F=$W/etcd-open.json
	da_assert_eq "exit status 1 (failures)" 1 "$rc"
	status_is "2.1 FAIL: no --cert-file, http:// listen URL" "$F" k8s-2.1 fail
	da_assert_json "2.1 names the plain-text URL" "$F" \
		"'http://127.0.0.1:$P1' in text(res('k8s-2.1'))"
	status_is "2.2 FAIL: client-cert-auth is etcd's default false" "$F" k8s-2.2 fail
	da_assert_json "2.2 says the default decided" "$F" \
		"res('k8s-2.2')['findings'][0]['source'] == 'default'"
	status_is "2.4 FAIL: no peer TLS" "$F" k8s-2.4 fail
	status_is "1.1.11 FAIL: data dir 0755" "$F" k8s-1.1.11 fail
	da_assert_json "1.1.11 names the data dir from --data-dir" "$F" \
		"names(res('k8s-1.1.11')) == ['$T/etcd-open']"
	status_is "1.1.12: no etcd user on this host" "$F" k8s-1.1.12 fail
	status_is "kubelet checks SKIP: no kubelet here" "$F" k8s-4.2.1 skip
	da_assert_json "the SKIP says why" "$F" "'no kubelet' in res('k8s-4.2.1')['detail']"
	status_is "API server checks SKIP" "$F" k8s-1.2.6 skip
	da_assert_json "benchmark named in the report" "$F" \
		"'kubernetes' in d['benchmark']['name'].lower()"
else
	da_fail "etcd without TLS did not start" "$(tail -n 5 "$W/etcd-open.log")"
fi
stop_etcd

# ---- (a2) etcd with TLS and client certificates from ETCD_* variables, data dir 0700 ----
P1=$(free_port)
P2=$(free_port)
mkdir -p "$T/etcd-tls"
chmod 700 "$T/etcd-tls"
(cd "$T" && exec env ETCD_NAME=e2e ETCD_DATA_DIR="$T/etcd-tls" \
	ETCD_LISTEN_CLIENT_URLS="https://127.0.0.1:$P1" ETCD_ADVERTISE_CLIENT_URLS="https://127.0.0.1:$P1" \
	ETCD_LISTEN_PEER_URLS="https://127.0.0.1:$P2" \
	ETCD_INITIAL_ADVERTISE_PEER_URLS="https://127.0.0.1:$P2" \
	ETCD_INITIAL_CLUSTER="e2e=https://127.0.0.1:$P2" \
	ETCD_CERT_FILE="$T/pki/server.crt" ETCD_KEY_FILE="$T/pki/server.key" \
	ETCD_TRUSTED_CA_FILE="$T/pki/ca.crt" ETCD_CLIENT_CERT_AUTH=true \
	ETCD_PEER_CERT_FILE="$T/pki/server.crt" ETCD_PEER_KEY_FILE="$T/pki/server.key" \
	ETCD_PEER_TRUSTED_CA_FILE="$T/pki/ca.crt" ETCD_PEER_CLIENT_CERT_AUTH=true \
	etcd >"$W/etcd-tls.log" 2>&1) &
ETCD_PID=$!
if wait_etcd "https://127.0.0.1:$P1/version" --cacert "$T/pki/ca.crt" \
	--cert "$T/pki/client.crt" --key "$T/pki/client.key"; then
	if curl -sf --max-time 3 --cacert "$T/pki/ca.crt" "https://127.0.0.1:$P1/version" >/dev/null 2>&1; then
		da_fail "etcd with client-cert-auth answered a client without a certificate"
	else
		da_pass "etcd with client-cert-auth refuses a client without a certificate"
	fi
	rc=$(audit etcd-tls)
	F=$W/etcd-tls.json
	for id in 2.1 2.2 2.3 2.4 2.5 2.6 2.7 1.1.11; do
		status_is "$id PASS on a hardened etcd" "$F" "k8s-$id" pass
	done
	da_assert_json "2.2 decided by ETCD_CLIENT_CERT_AUTH" "$F" \
		"'ETCD_CLIENT_CERT_AUTH' in res('k8s-2.2')['detail']"
	da_assert_eq "exit status 1 (1.1.12 still fails: no etcd user)" 1 "$rc"
	rc=$(audit etcd-tls-sel -c k8s-2)
	da_assert_eq "-c k8s-2 on a hardened etcd: exit status 0" 0 "$rc"
	da_assert_json "-c k8s-2 selects 7 checks" "$W/etcd-tls-sel.json" "len(d['results']) == 7"
else
	da_fail "etcd with TLS did not start" "$(tail -n 5 "$W/etcd-tls.log")"
fi
stop_etcd

# ---- (a3) etcd from --config-file: its flags are ignored, the file decides ----
P1=$(free_port)
P2=$(free_port)
mkdir -p "$T/etcd-cf"
cat >"$T/etcd.conf.yml" <<EOF
name: e2e
data-dir: $T/etcd-cf
listen-client-urls: https://127.0.0.1:$P1
advertise-client-urls: https://127.0.0.1:$P1
listen-peer-urls: http://127.0.0.1:$P2
initial-advertise-peer-urls: http://127.0.0.1:$P2
initial-cluster: e2e=http://127.0.0.1:$P2
client-transport-security:
  cert-file: $T/pki/server.crt
  key-file: $T/pki/server.key
  trusted-ca-file: $T/pki/ca.crt
  client-cert-auth: true
EOF
(cd "$T" && exec etcd --config-file "$T/etcd.conf.yml" --client-cert-auth=false \
	>"$W/etcd-cf.log" 2>&1) &
ETCD_PID=$!
if wait_etcd "https://127.0.0.1:$P1/version" --cacert "$T/pki/ca.crt" \
	--cert "$T/pki/client.crt" --key "$T/pki/client.key"; then
	rc=$(audit etcd-cf)
	F=$W/etcd-cf.json
	status_is "2.2 PASS: the config file, not the ignored flag, decides" "$F" k8s-2.2 pass
	da_assert_json "2.2 names the config file" "$F" "'etcd.conf.yml' in res('k8s-2.2')['detail']"
	status_is "2.4 FAIL: the config file's peer URLs are http://" "$F" k8s-2.4 fail
else
	da_fail "etcd with a config file did not start" "$(tail -n 5 "$W/etcd-cf.log")"
fi
stop_etcd

# ---- (b) kubelet and kube-apiserver stand-ins with kubeadm's command lines ----
mkdir -p "$T/bin" "$T/src"
cat >"$T/src/stub.c" <<'EOF'
#include <unistd.h>
int main(void) { for (;;) pause(); }
EOF
cc -o "$T/bin/kubelet" "$T/src/stub.c" || da_skip_or_fail "cc cannot build the stand-in"
cp "$T/bin/kubelet" "$T/bin/kube-apiserver"

K=$T/node
mkdir -p "$K/var/lib/kubelet" "$K/etc/kubernetes/kubelet.conf.d" "$K/etc/kubernetes/manifests" \
	"$K/etc/kubernetes/pki" "$K/etc/kubernetes/enc"
cp "$T/pki/ca.crt" "$K/etc/kubernetes/pki/ca.crt"
chmod 644 "$K/etc/kubernetes/pki/ca.crt"
printf 'apiVersion: v1\nkind: Config\n' >"$K/etc/kubernetes/kubelet.conf"
chmod 600 "$K/etc/kubernetes/kubelet.conf"
# kubeadm's config.yaml (v1.32), relative paths resolved against the file's directory
cat >"$K/var/lib/kubelet/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: ../../../etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
cgroupDriver: systemd
clusterDNS:
- 10.96.0.10
clusterDomain: cluster.local
rotateCertificates: true
serverTLSBootstrap: true
staticPodPath: $K/etc/kubernetes/manifests
podPidsLimit: 4096
seccompDefault: true
tlsCipherSuites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
EOF
chmod 600 "$K/var/lib/kubelet/config.yaml"
printf 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: kube-apiserver\n' \
	>"$K/etc/kubernetes/manifests/kube-apiserver.yaml"
chmod 600 "$K/etc/kubernetes/manifests/kube-apiserver.yaml"
cat >"$K/etc/kubernetes/enc/enc.yaml" <<'EOF'
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==
      - identity: {}
EOF
chmod 600 "$K/etc/kubernetes/enc/enc.yaml"

STUBS=()
start_stub() { # start_stub CWD NAME ARGS...: the stand-in as NAME, from CWD
	local cwd=$1 name=$2
	shift 2
	(cd "$cwd" && exec "$T/bin/$name" "$@") &
	STUBS+=($!)
}
stop_stubs() {
	local p
	for p in "${STUBS[@]}"; do
		kill -TERM "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	STUBS=()
}

# hardened: the kubelet's --config is relative to its working directory (kube-bench #1256)
start_stub "$K/var/lib/kubelet" kubelet \
	--bootstrap-kubeconfig="$K/etc/kubernetes/bootstrap-kubelet.conf" \
	--kubeconfig="$K/etc/kubernetes/kubelet.conf" --config=config.yaml \
	--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock \
	--pod-infra-container-image=registry.k8s.io/pause:3.10
start_stub "$K" kube-apiserver --advertise-address=10.0.0.10 --allow-privileged=true \
	--anonymous-auth=false --audit-log-path=/var/log/kubernetes/audit.log \
	--authorization-mode=Node,RBAC --client-ca-file="$K/etc/kubernetes/pki/ca.crt" \
	--enable-admission-plugins=NodeRestriction --enable-bootstrap-token-auth=true \
	--encryption-provider-config="$K/etc/kubernetes/enc/enc.yaml" \
	--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt \
	--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt \
	--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key \
	--etcd-servers=https://127.0.0.1:2379 \
	--kubelet-certificate-authority="$K/etc/kubernetes/pki/ca.crt" \
	--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt \
	--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key \
	--profiling=false --secure-port=6443 \
	--tls-cert-file=/etc/kubernetes/pki/apiserver.crt \
	--tls-private-key-file=/etc/kubernetes/pki/apiserver.key \
	--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_AES_128_GCM_SHA256
sleep 0.3
rc=$(audit node-good)
F=$W/node-good.json
for id in 4.1.5 4.1.7 4.1.9 4.2.1 4.2.2 4.2.3 4.2.4 4.2.9 4.2.12 4.2.13 4.2.14 \
	1.1.1 1.2.1 1.2.2 1.2.4 1.2.5 1.2.6 1.2.7 1.2.8 1.2.16 1.2.24 1.2.25 1.2.27 1.2.28; do
	status_is "$id PASS on a hardened kubeadm node" "$F" "k8s-$id" pass
done
da_assert_json "4.2.1 decided by the relative --config, resolved against the kubelet's cwd" "$F" \
	"'$K/var/lib/kubelet/config.yaml' in res('k8s-4.2.1')['detail']"
da_assert_json "4.1.7 judged the CA path relative to the config file" "$F" \
	"'$K/etc/kubernetes/pki/ca.crt' in res('k8s-4.1.7')['detail']"
status_is "etcd checks SKIP: no etcd now" "$F" k8s-2.1 skip
da_assert_json "4.2.4 passes on the v1beta1 default" "$F" \
	"'v1beta1' in res('k8s-4.2.4')['detail']"
stop_stubs

# badly configured: a drop-in undoes config.yaml, the apiserver is open
cat >"$K/etc/kubernetes/kubelet.conf.d/50-debug.conf" <<'EOF'
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: true
authorization:
  mode: AlwaysAllow
EOF
chmod 644 "$K/var/lib/kubelet/config.yaml" "$K/etc/kubernetes/kubelet.conf" \
	"$K/etc/kubernetes/manifests/kube-apiserver.yaml"
cat >"$K/etc/kubernetes/enc/enc.yaml" <<'EOF'
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - identity: {}
      - aescbc:
          keys: [{name: key1, secret: c2VjcmV0}]
EOF
start_stub "$K/var/lib/kubelet" kubelet --kubeconfig="$K/etc/kubernetes/kubelet.conf" \
	--config=config.yaml --config-dir="$K/etc/kubernetes/kubelet.conf.d"
start_stub "$K" kube-apiserver --advertise-address=10.0.0.10 --authorization-mode=AlwaysAllow \
	--token-auth-file=/etc/kubernetes/tokens.csv --etcd-servers=http://127.0.0.1:2379 \
	--encryption-provider-config "$K/etc/kubernetes/enc/enc.yaml"
sleep 0.3
rc=$(audit node-bad)
F=$W/node-bad.json
da_assert_eq "a bad node: exit status 1" 1 "$rc"
status_is "4.2.1 FAIL: a drop-in enables anonymous auth" "$F" k8s-4.2.1 fail
da_assert_json "4.2.1's finding: source config-dir, the drop-in named" "$F" \
	"res('k8s-4.2.1')['findings'][0]['source'] == 'config-dir' and '50-debug.conf' in res('k8s-4.2.1')['detail']"
status_is "4.2.2 FAIL: the drop-in sets AlwaysAllow" "$F" k8s-4.2.2 fail
status_is "4.1.9 FAIL: config.yaml 0644" "$F" k8s-4.1.9 fail
status_is "4.1.5 FAIL: kubelet.conf 0644" "$F" k8s-4.1.5 fail
status_is "1.1.1 FAIL: apiserver manifest 0644" "$F" k8s-1.1.1 fail
for id in 1.2.1 1.2.2 1.2.4 1.2.5 1.2.6 1.2.16 1.2.24 1.2.25 1.2.28; do
	status_is "$id FAIL on an open API server" "$F" "k8s-$id" fail
done
da_assert_json "1.2.1: the API server's default decided" "$F" \
	"res('k8s-1.2.1')['findings'][0]['source'] == 'default'"
# formats, waivers, --fail-on
rc=$(audit node-bad-fo --fail-on critical -c k8s-4.1.9)
da_assert_eq "--fail-on critical ignores a medium FAIL: exit 0" 0 "$rc"
cat >"$W/waivers.json" <<'EOF'
{"waivers": [{"check": "k8s-4.2.1", "reason": "debug node, accepted until rebuilt"}]}
EOF
rc=$(audit node-bad-w -c k8s-4.2.1 --waivers "$W/waivers.json")
da_assert_eq "a waived k8s check: exit 0" 0 "$rc"
da_assert_json "the waiver is in the report" "$W/node-bad-w.json" "res('k8s-4.2.1')['waived'] is True"
timeout 60 "$BIN" --benchmark k8s-node -c k8s-4.2 -f junit -o "$W/k.xml" -f sarif -o "$W/k.sarif" \
	>/dev/null 2>&1
da_assert_true "JUnit names the k8s ids" grep -q 'k8s-4.2.1' "$W/k.xml"
da_assert_json "SARIF rule ids are k8s ids" "$W/k.sarif" \
	"all(r['id'].startswith('k8s-') for r in d['runs'][0]['tool']['driver']['rules'])"
stop_stubs

# ---- (c) nothing runs: every check SKIP, exit status 0 ----
rc=$(audit none)
F=$W/none.json
da_assert_eq "no component here: exit status 0" 0 "$rc"
da_assert_json "every check SKIP (none PASS or FAIL)" "$F" \
	"all(r['status'] == 'skip' for r in d['results'])" "[(r['id'], r['status']) for r in d['results']]"

da_finish

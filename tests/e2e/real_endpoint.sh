#!/usr/bin/env bash
# tests/e2e/real_endpoint.sh BINARY: the endpoint is the one the docker CLI would use (ctest:
# e2e_real_endpoint). A private dockerd listens on a unix socket and on TCP with TLS client
# verification; real `docker context create` contexts point at it; docker-audit runs through
# the installed CLI plugin link as `docker [global options] audit`, and on its own. Each run
# must audit what `docker [same options] ps` lists, say in the report where the endpoint came
# from, or refuse with a one-line reason; never fall back to the default socket silently.
#
# DA_SOCK_*, DA_HOST_*, DA_TMP are set by lib.sh:
# shellcheck disable=SC2154
set -uo pipefail

BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

da_require_bin "$BIN"
BIN=$DA_BIN

[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a private dockerd needs root)"
for tool in dockerd docker containerd runc ip python3 openssl timeout cmake; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done
{ [[ -x /bin/busybox ]] || command -v busybox >/dev/null 2>&1; } ||
	da_skip_or_fail "busybox not found (install busybox-static)"

da_init
W="$DA_TMP/out"
mkdir -p "$W"

# A CA, a server certificate for 127.0.0.1 and a client certificate, as for `dockerd --tlsverify`.
PKI="$DA_TMP/pki"
mkdir -p "$PKI"
(
	cd "$PKI" || exit 1
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=da-e2e-ca \
		-keyout ca-key.pem -out ca.pem
	openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server-key.pem \
		-out server.csr
	printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
	openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 \
		-extfile server.ext -out server-cert.pem
	openssl req -newkey rsa:2048 -nodes -subj /CN=client -keyout key.pem -out client.csr
	printf 'extendedKeyUsage=clientAuth\n' >client.ext
	openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 \
		-extfile client.ext -out cert.pem
) >"$DA_TMP/pki.log" 2>&1 || {
	da_fail "cannot make TLS certificates" "$(tail -3 "$DA_TMP/pki.log")"
	da_finish
}
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

da_start_daemon ep -H "tcp://127.0.0.1:$PORT" --tlsverify --tlscacert "$PKI/ca.pem" \
	--tlscert "$PKI/server-cert.pem" --tlskey "$PKI/server-key.pem" || {
	da_fail "private dockerd did not start"
	da_finish
}
da_busybox_image "$DA_SOCK_ep" "daep$$:1" || {
	da_fail "cannot import the busybox image"
	da_finish
}
C1="daep-run-$$"
C2="daep-second-$$"
da_docker ep run -d --name "$C1" "daep$$:1" sleep 600 >/dev/null
da_docker ep run -d --name "$C2" "daep$$:1" sleep 600 >/dev/null

# The docker CLI's own configuration, private to this run, with the plugin link installed as
# `cmake --install` lays it out (the CLI also finds plugins in $DOCKER_CONFIG/cli-plugins).
export DOCKER_CONFIG="$DA_TMP/dockercfg"
mkdir -p "$DOCKER_CONFIG/cli-plugins"
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_TLS
BUILD=$(dirname "$BIN")
if DESTDIR="$DA_TMP/inst" cmake --install "$BUILD" --prefix /usr >"$DA_TMP/install.log" 2>&1 &&
	[[ -L "$DA_TMP/inst/usr/libexec/docker/cli-plugins/docker-audit" ]]; then
	# the installed link is relative (../../../bin/docker-audit): link to the link
	ln -s "$DA_TMP/inst/usr/libexec/docker/cli-plugins/docker-audit" \
		"$DOCKER_CONFIG/cli-plugins/docker-audit"
else
	da_warn "cmake --install failed; linking the plugin to $BIN"
	ln -s "$BIN" "$DOCKER_CONFIG/cli-plugins/docker-audit"
fi
docker context create "daep-unix-$$" --docker "host=$DA_HOST_ep" >/dev/null 2>&1
docker context create "daep-tls-$$" \
	--docker "host=tcp://127.0.0.1:$PORT,ca=$PKI/ca.pem,cert=$PKI/cert.pem,key=$PKI/key.pem" \
	>/dev/null 2>&1
docker context create "daep-gone-$$" --docker "host=unix://$DA_TMP/nothing.sock" >/dev/null 2>&1

# ps_names ARGS...: the names `docker ARGS ps` lists, sorted, one line
ps_names() { timeout 60 docker "$@" ps --format '{{.Names}}' 2>/dev/null | sort | tr '\n' ' '; }
# audited_names FILE: the containers 5.11 (no memory limit: every container here) names
audited_names() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = [x for x in d["results"] if x["id"] == "5.11"]
print(" ".join(sorted(f["name"] for f in (r[0].get("findings") or []) if f.get("kind") == "container")) + " " if r else "")
PY
}

# audit_as DESC FILE EXPECTED_ORIGIN EXPECTED_HOST DOCKER-ARGS...: `docker ARGS audit` through
# the plugin audits what `docker ARGS ps` lists, and says where the endpoint came from.
audit_as() {
	local desc=$1 file=$2 origin=$3 host=$4 rc
	shift 4
	timeout 120 docker "$@" audit -c 5.11 -f json -o "$file" 2>"$file.err"
	rc=$?
	if [[ $rc -ne 1 ]]; then
		da_fail "$desc: exit status $rc (expected 1: 5.11 fails)" "$(head -c 400 "$file.err")"
		return
	fi
	da_assert_json "$desc: the endpoint's host" "$file" "d['host']['endpoint']['host'] == '$host'"
	da_assert_json "$desc: where it came from" "$file" \
		"\"$origin\" in d['host']['endpoint']['origin']" "d['host']['endpoint']"
	da_assert_eq "$desc: judged exactly what 'docker $* ps' lists" "$(ps_names "$@")" \
		"$(audited_names "$file")"
}

audit_as "docker --context (unix)" "$W/ctx.json" "context 'daep-unix-$$' (--context)" \
	"$DA_HOST_ep" --context "daep-unix-$$"
audit_as "docker -c (the short form)" "$W/ctxc.json" "--context" "$DA_HOST_ep" \
	-c "daep-unix-$$"
audit_as "docker --context with TLS material from the contexts store" "$W/tls.json" \
	"context 'daep-tls-$$'" "tcp://127.0.0.1:$PORT" --context "daep-tls-$$"
da_assert_json "the TLS endpoint reached the engine" "$W/tls.json" \
	"d['host']['engine']['name'] == 'Docker Engine' and d['host']['daemon']['reachable']"
audit_as "docker -H" "$W/h.json" "-H" "$DA_HOST_ep" -H "$DA_HOST_ep"
audit_as "docker -D -l debug -H (debug and log level are the CLI's own)" "$W/dh.json" "-H" \
	"$DA_HOST_ep" -D -l debug -H "$DA_HOST_ep"
audit_as "docker --tlsverify with --tlscacert/--tlscert/--tlskey" "$W/hflags.json" "-H" \
	"tcp://127.0.0.1:$PORT" --tlsverify --tlscacert "$PKI/ca.pem" --tlscert "$PKI/cert.pem" \
	--tlskey "$PKI/key.pem" -H "tcp://127.0.0.1:$PORT"
DOCKER_CONTEXT="daep-unix-$$" audit_as "DOCKER_CONTEXT" "$W/envctx.json" "(DOCKER_CONTEXT)" \
	"$DA_HOST_ep"
DOCKER_HOST="$DA_HOST_ep" DOCKER_CONTEXT="daep-gone-$$" audit_as \
	"DOCKER_HOST wins over DOCKER_CONTEXT" "$W/envhost.json" "DOCKER_HOST" "$DA_HOST_ep"
DOCKER_HOST="tcp://127.0.0.1:$PORT" DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$PKI" audit_as \
	"DOCKER_HOST with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH" "$W/envtls.json" "DOCKER_HOST" \
	"tcp://127.0.0.1:$PORT"

# `docker context use`: a plain `docker audit` audits the current context, not the default socket
docker context use "daep-tls-$$" >/dev/null 2>&1
audit_as "after 'docker context use': the current context" "$W/cur.json" \
	"currentContext of $DOCKER_CONFIG/config.json" "tcp://127.0.0.1:$PORT"
# and docker-audit run on its own resolves it the same way
timeout 120 "$BIN" -c 5.11 -f json -o "$W/standalone.json" 2>/dev/null
da_assert_json "docker-audit on its own follows the current context too" "$W/standalone.json" \
	"d['host']['endpoint']['host'] == 'tcp://127.0.0.1:$PORT' and d['host']['endpoint']['context'] == 'daep-tls-$$'"
timeout 120 "$BIN" -c 5.11 >"$W/standalone.txt" 2>&1
da_assert_contains "the text header names the endpoint and its origin" "$W/standalone.txt" \
	"Endpoint: tcp://127.0.0.1:$PORT, from context 'daep-tls-$$' (currentContext"
da_assert_contains "the text header names the engine and the API version" "$W/standalone.txt" \
	"Engine: Docker Engine "

# A current context whose daemon is gone: an unreachable daemon, never the default socket
docker context use "daep-gone-$$" >/dev/null 2>&1
timeout 60 "$BIN" -c 5.11 -f json -o "$W/gone.json" 2>"$W/gone.err"
rc=$?
da_assert_eq "an unreachable current context: exit 3 (incomplete), not a default-socket audit" \
	"3" "$rc"
da_assert_json "an unreachable current context is named in the report" "$W/gone.json" \
	"d['host']['endpoint']['host'] == 'unix://$DA_TMP/nothing.sock' and d['host']['daemon']['reachable'] is False"
docker context use default >/dev/null 2>&1

# Refusals: one line, exit 2, nothing audited
refused() { # DESC EXPECTED-SUBSTRING CMD...
	local desc=$1 want=$2 rc
	shift 2
	"$@" -c 5.11 -f json -o "$W/refused.json" >"$W/refused.out" 2>"$W/refused.err"
	rc=$?
	if [[ $rc -eq 2 && $(wc -l <"$W/refused.err") -le 2 ]] && grep -qF -- "$want" "$W/refused.err" &&
		[[ ! -e "$W/refused.json" ]]; then
		da_pass "$desc"
	else
		da_fail "$desc" "exit $rc" "$(head -c 400 "$W/refused.err")"
	fi
	rm -f "$W/refused.json"
}
refused "a context that does not exist is refused" "context 'daep-none-$$' not found" \
	"$BIN" --context "daep-none-$$"
refused "an ssh:// DOCKER_HOST is refused with the reason" "does not run ssh" \
	env DOCKER_HOST=ssh://me@127.0.0.1 "$BIN"
refused "--context with -H is refused, as by the docker CLI" "both --host and --context" \
	"$BIN" --context "daep-unix-$$" -H "$DA_HOST_ep"
refused "docker --context X audit -H Y is refused" "both --host and --context" \
	env DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND=docker "$BIN" --context "daep-unix-$$" audit \
	-H "$DA_HOST_ep"
refused "a global option docker-audit does not know is refused" "not one docker-audit knows" \
	env DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND=docker "$BIN" --bogus audit
# through the docker CLI itself: it refuses an unknown context before running the plugin
timeout 60 docker --context "daep-none-$$" audit -c 5.11 >"$W/none.out" 2>&1
rc=$?
da_assert_ne "docker --context MISSING audit fails (the CLI or the plugin refuses)" "0" "$rc"
da_assert_not_contains "docker --context MISSING audit audits nothing" "$W/none.out" "Summary:"

da_finish

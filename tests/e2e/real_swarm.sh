#!/usr/bin/env bash
# tests/e2e/real_swarm.sh BINARY: section 7 (swarm) against real private dockerds put into real
# swarms (ctest: e2e_real_swarm).
#
# Needs root, dockerd + docker CLI, a static busybox, iproute2 (ip netns), nsenter and python3.
# Without them it reports "0 passed, 0 failed (skipped: ...)" and succeeds, unless
# DA_E2E_REAL=1, in which case missing prerequisites are a failure.
#
# A swarm binds 2377 (the control port) and 7946 (gossip, which Docker does not let one
# choose) on the wildcard address. So that neither a host's own swarm, a container publishing
# one of them nor another run of this test can make it fail, both daemons run in a network
# namespace of their own (dae2e-swarm-PID, created here, deleted on every exit path): the
# ports are always free there, loopback addresses 127.0.0.1/127.0.0.2 stand for two nodes, and
# the bridges are made inside it. docker-audit, in the host's namespace, talks to the daemons
# over their Unix sockets and reads their listeners from /proc/PID/net, as it would on a host.
#
# Scenarios: (a) a daemon outside a swarm: every check SKIP; (b) swarm init with the defaults
# plus encrypted and plain overlay networks, a secret, a service using it and one with a
# password in its environment; (c) autolock on, a long certificate expiry, autolock off;
# (d) the swarm re-created hardened (listen and data path addresses, encrypted ingress); (e) a
# worker joined to it; (f) the worker promoted: two managers. Each check must name exactly the
# objects that break it. Everything (daemons, bridges, our own docker_gwbridge bridges, temp
# dir) is removed on every exit path; the host's "docker_gwbridge" is never created.
#
# DA_SOCK_x, DA_HOST_x, DA_PID_x, DA_BRIDGE_x are set by da_start_daemon:
# shellcheck disable=SC2154
set -uo pipefail

BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

da_require_bin "$BIN"
BIN=$DA_BIN

[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a private dockerd needs root)"
for tool in dockerd docker containerd runc ip nsenter python3 findmnt timeout; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done
{ [[ -x /bin/busybox ]] || command -v busybox >/dev/null 2>&1; } ||
	da_skip_or_fail "busybox not found (install busybox-static)"

# The daemons' network namespace: unique per run, deleted after lib.sh's cleanup.
SW_NS="dae2e-swarm-$$"
if ip netns list 2>/dev/null | grep -q "^$SW_NS\b"; then
	da_skip_or_fail "network namespace $SW_NS already exists"
fi
ip netns add "$SW_NS" 2>/dev/null || da_skip_or_fail "cannot create network namespace $SW_NS (ip netns add)"
eval "$(declare -f da_cleanup | sed '1s/^da_cleanup/da_cleanup_lib/')"
da_cleanup() {
	da_cleanup_lib
	command ip netns del "$SW_NS" 2>/dev/null || true
}
if ! ip -n "$SW_NS" link set lo up; then
	ip netns del "$SW_NS"
	da_skip_or_fail "cannot bring up lo in $SW_NS"
fi
# lib.sh's da_start_daemon creates the bridge with ip and starts dockerd in the background:
# both go into the namespace. dockerd is exec'd (nsenter execs it too, nothing forks), so the
# pid lib.sh records is dockerd's own.
ip() { command ip -n "$SW_NS" "$@"; }
dockerd() { exec nsenter --net="/run/netns/$SW_NS" dockerd "$@"; }

da_init
W="$DA_TMP/out"
mkdir -p "$W"

RC=0
run() { # run NAME ARGS...: docker-audit ARGS, stdout to $W/NAME.out; exit status in RC
	local name=$1
	shift
	timeout 120 "$BIN" "$@" >"$W/$name.out" 2>"$W/$name.err"
	RC=$?
	[[ $RC -ge 124 ]] && echo "      (docker-audit $* ended with status $RC)"
	return 0
}

# Our own docker_gwbridge network, made before the daemon joins a swarm, so that dockerd does
# not create the host-global "docker_gwbridge" bridge; lib.sh deletes it with our other bridges.
gwbridge() { # gwbridge NAME
	local br net
	br="dagw${DA_DAEMON_SEQ}x$$"
	br=${br:0:15}
	net=$(da_free_subnet) || return 1
	da_docker "$1" network create --driver bridge --subnet "$net.0/24" \
		-o com.docker.network.bridge.name="$br" \
		-o com.docker.network.bridge.enable_ip_masquerade=false docker_gwbridge >/dev/null ||
		return 1
	DA_BRIDGES+=("$br")
}

# status J ID STATUS: the check's status
status() {
	da_assert_json "$1: $3 is $4" "$2" "res('$3')['status'] == '$4'" \
		"(res('$3') or {}).get('status'), (res('$3') or {}).get('detail'), names(res('$3'))"
}
# exactly J ID STATUS NAME...: the status, and the findings name exactly NAME... (none: pass no
# name)
exactly() {
	local desc=$1 j=$2 id=$3 st=$4
	shift 4
	local want
	want=$(printf '%s\n' "$@" | python3 -c 'import json,sys; print(json.dumps(sorted(l.strip() for l in sys.stdin if l.strip())))')
	da_assert_json "$desc: $id is $st naming exactly $want" "$j" \
		"res('$id')['status'] == '$st' and sorted(names(res('$id'))) == $want" \
		"(res('$id') or {}).get('status'), (res('$id') or {}).get('detail'), names(res('$id'))"
}
detail_has() { # detail_has DESC J ID TEXT
	da_assert_json "$1: $3 detail mentions '$4'" "$2" "'''$4''' in res('$3')['detail']" \
		"res('$3')['detail']"
}

# The wildcard the swarm binds to: [::] with IPv6 (dual stack), 0.0.0.0 without (in the
# daemons' namespace, which has IPv6 unless the host disables it for new namespaces).
if [[ -r /proc/net/tcp6 ]] &&
	[[ $(nsenter --net="/run/netns/$SW_NS" cat /proc/sys/net/ipv6/conf/all/disable_ipv6 2>/dev/null) != 1 ]]; then
	ANY="[::]"
else
	ANY="0.0.0.0"
fi

# ---------------------------------------------------------------------------------------------
echo "== (a) a daemon outside a swarm: every check SKIP"
if ! da_start_daemon sw || ! gwbridge sw; then
	da_fail "(a) start a private dockerd"
	da_finish
fi
da_pass "(a) private dockerd started"
H="$DA_HOST_sw"
IMG="dae2e-swarm-bb:$$"
if ! da_busybox_image "$DA_SOCK_sw" "$IMG"; then
	da_fail "(a) busybox image imported"
	da_finish
fi
run a -H "$H" --check 7 -f json
da_assert_eq "(a) exit status 0 (nothing failed)" 0 "$RC"
da_assert_json "(a) 9 results, all skip, all 'swarm not active'" "$W/a.out" \
	'len(d["results"]) == 9 and all(r["status"] == "skip" and "swarm not active" in r["detail"] and not r.get("findings") for r in d["results"])'

# ---------------------------------------------------------------------------------------------
echo "== (b) swarm init with the defaults"
INIT_DAY=$(date -u +%Y-%m-%d) # the CA is made now: a run may cross midnight before 7.8 is read
if ! da_docker sw swarm init --advertise-addr 127.0.0.1 >/dev/null; then
	da_fail "(b) swarm init" "$(tail -n 5 "$DA_LOG_sw")"
	da_finish
fi
ok=1
da_docker sw network create --driver overlay --opt encrypted enc-net >/dev/null || ok=0
da_docker sw network create --driver overlay plain-net >/dev/null || ok=0
printf 'e2e-not-a-secret' | da_docker sw secret create db_password - >/dev/null || ok=0
da_docker sw service create --detach --quiet --replicas 0 --name web --secret db_password \
	--env DB_PASSWORD_FILE=/run/secrets/db_password "$IMG" sleep 1d >/dev/null 2>&1 || ok=0
da_docker sw service create --detach --quiet --replicas 0 --name api \
	--env DB_PASSWORD=e2e-hunter2 --env LOG_LEVEL=info "$IMG" sleep 1d >/dev/null 2>&1 || ok=0
da_assert_eq "(b) networks, secret and services created" 1 "$ok"
run b -H "$H" --check 7 -f json
J="$W/b.out"
da_assert_eq "(b) exit status 1" 1 "$RC"
status "(b)" "$J" 7.1 pass
detail_has "(b)" "$J" 7.1 "no fault tolerance"
exactly "(b)" "$J" 7.2 fail "$ANY:2377/tcp" "$ANY:7946/tcp" "$ANY:7946/udp"
detail_has "(b) the dockerd's own namespace was read" "$J" 7.2 "pid $DA_PID_sw"
exactly "(b)" "$J" 7.3 fail plain-net ingress
exactly "(b)" "$J" 7.4 fail api
da_assert_json "(b) 7.4 names the variable" "$J" \
	'res("7.4")["findings"][0]["value"] == "DB_PASSWORD"'
da_assert_not_contains "(b) the password is never printed" "$J" "e2e-hunter2"
exactly "(b)" "$J" 7.5 fail autolock
status "(b)" "$J" 7.6 skip
exactly "(b)" "$J" 7.7 pass
status "(b)" "$J" 7.8 info
detail_has "(b)" "$J" 7.8 "$INIT_DAY"
exactly "(b)" "$J" 7.9 fail data-path-addr
da_assert_not_contains "(b) no join token in the report" "$J" "SWMTKN"

# ---------------------------------------------------------------------------------------------
echo "== (c) autolock on, a 100-day certificate expiry, autolock off"
da_docker sw swarm update --autolock=true >/dev/null
run c1 -H "$H" --check 7.5,7.6 -f json
exactly "(c) autolock on" "$W/c1.out" 7.5 pass
status "(c) autolock on" "$W/c1.out" 7.6 manual
da_assert_not_contains "(c) no unlock key in the report" "$W/c1.out" "SWMKEY"
da_docker sw swarm update --cert-expiry 2400h >/dev/null
run c2 -H "$H" --check 7.7 -f json
exactly "(c) 2400h" "$W/c2.out" 7.7 fail cert-expiry
detail_has "(c) 2400h" "$W/c2.out" 7.7 "2400h (100 days)"
da_docker sw swarm update --autolock=false --cert-expiry 48h >/dev/null
run c3 -H "$H" --check 7.5,7.6,7.7 -f json
exactly "(c) autolock off again" "$W/c3.out" 7.5 fail autolock
status "(c) autolock off again" "$W/c3.out" 7.6 skip
exactly "(c) 48h" "$W/c3.out" 7.7 pass

# ---------------------------------------------------------------------------------------------
echo "== (d) the swarm re-created: specific addresses, encrypted ingress"
da_docker sw swarm leave --force >/dev/null
BRIP=$(ip -4 -o addr show dev "$DA_BRIDGE_sw" | awk '{print $4}' | cut -d/ -f1)
ok=1
da_docker sw swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:2377 \
	--data-path-addr "$BRIP" --autolock >/dev/null || ok=0
echo y | da_docker sw network rm ingress >/dev/null 2>&1 || ok=0
for ((i = 0; i < 20; i++)); do
	da_docker sw network inspect ingress >/dev/null 2>&1 || break
	sleep 0.5
done
da_docker sw network create --driver overlay --ingress --opt encrypted ingress >/dev/null || ok=0
da_docker sw network create --driver overlay --opt encrypted enc-net >/dev/null || ok=0
da_assert_eq "(d) hardened swarm created" 1 "$ok"
run d -H "$H" --check 7 -f json
J="$W/d.out"
exactly "(d)" "$J" 7.2 pass
detail_has "(d)" "$J" 7.2 "127.0.0.1:2377/tcp"
exactly "(d)" "$J" 7.3 pass
status "(d) no service, no secret" "$J" 7.4 manual
exactly "(d)" "$J" 7.5 pass
exactly "(d)" "$J" 7.9 pass
detail_has "(d)" "$J" 7.9 "data traffic uses $BRIP"

# ---------------------------------------------------------------------------------------------
echo "== (e) a worker"
if ! da_start_daemon wk || ! gwbridge wk; then
	da_fail "(e) start a second private dockerd"
	da_finish
fi
TOKEN=$(da_docker sw swarm join-token -q worker)
if ! da_docker wk swarm join --token "$TOKEN" --advertise-addr 127.0.0.2 \
	--listen-addr 127.0.0.2:2377 127.0.0.1:2377 >/dev/null; then
	da_fail "(e) the worker joins" "$(tail -n 5 "$DA_LOG_wk")"
	da_finish
fi
unset TOKEN
run e -H "$DA_HOST_wk" --check 7 -f json
J="$W/e.out"
da_assert_json "(e) manager-only checks skip with 'not a manager'" "$J" \
	'all(res(i)["status"] == "skip" and "not a manager" in res(i)["detail"] for i in ("7.1","7.3","7.4","7.5","7.6","7.7"))'
exactly "(e) node-local" "$J" 7.2 pass
detail_has "(e)" "$J" 7.2 "127.0.0.2:7946/tcp"
status "(e) node-local, from the file" "$J" 7.8 info
detail_has "(e)" "$J" 7.8 "swarm-root-ca.crt"
exactly "(e) node-local" "$J" 7.9 fail data-path-addr
detail_has "(e)" "$J" 7.9 "127.0.0.2"

# ---------------------------------------------------------------------------------------------
echo "== (f) two managers"
WID=$(da_docker wk info -f '{{.Swarm.NodeID}}')
da_docker sw node promote "$WID" >/dev/null
sleep 2
run f -H "$H" --check 7.1 -f json
exactly "(f)" "$W/f.out" 7.1 fail managers
detail_has "(f)" "$W/f.out" 7.1 "2 managers"
da_assert_eq "(f) exit status 1" 1 "$RC"

da_docker wk swarm leave --force >/dev/null 2>&1
da_docker sw swarm leave --force >/dev/null 2>&1
da_finish

#!/usr/bin/env bash
# tests/e2e/real_daemon.sh BINARY: section 2 (daemon configuration) against real private dockerds
# (ctest: e2e_real_daemon).
#
# Three daemons run at once, each on its own socket and bridge: "plain" (lib.sh's defaults),
# "hardened" (a config file of ours) and "loose" (flags, plus a TCP socket on 127.0.0.1). Each is
# audited through its own endpoint, and the verdicts, the finding names and their sources must be
# that daemon's, never another's (other dockerds, including other test runs, may be running on
# this machine too).
#
# Needs root, dockerd + docker CLI, a static busybox, iproute2 and python3; without them it
# reports "0 passed, 0 failed (skipped: ...)" unless DA_E2E_REAL=1.
#
# DA_SOCK_*, DA_HOST_*, DA_PID_* are set by da_start_daemon:
# shellcheck disable=SC2154
set -uo pipefail

BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

da_require_bin "$BIN"
BIN=$DA_BIN

[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a private dockerd needs root)"
for tool in dockerd docker containerd runc ip python3 findmnt timeout curl; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done
{ [[ -x /bin/busybox ]] || command -v busybox >/dev/null 2>&1; } ||
	da_skip_or_fail "busybox not found (install busybox-static)"

da_init
W="$DA_TMP/out"
mkdir -p "$W"

RC=0
# audit NAME ARGS...: docker-audit ARGS -f json into $W/NAME.json (stderr $W/NAME.err).
audit() {
	local name=$1
	shift
	# these cases speak v1.6.0's section-2 numbering; a later --benchmark in ARGS wins
	timeout 120 "$BIN" --benchmark 1.6.0 "$@" -f json -o "$W/$name.json" 2>"$W/$name.err"
	RC=$?
	[[ $RC -ge 124 ]] && echo "      (docker-audit $* ended with status $RC)"
	return 0
}

# A TCP port nothing listens on, on 127.0.0.1 only.
free_port() {
	local p i
	for ((i = 0; i < 50; i++)); do
		p=$((30000 + ($$ * 7 + i * 131) % 30000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# ---------------------------------------------------------------------------------------------
echo "== (a) three private daemons"
cat >"$DA_TMP/hardened.json" <<EOF
{
  "deprecated-key-path": "$DA_TMP/hardened-key.json",
  "live-restore": true,
  "userland-proxy": false,
  "no-new-privileges": true,
  "log-driver": "journald",
  "log-level": "info",
  "default-ulimits": {"nofile": {"Name": "nofile", "Soft": 64000, "Hard": 64000}}
}
EOF
PORT=$(free_port) || {
	da_fail "(a) a free TCP port on 127.0.0.1"
	da_finish
}
ok=1
da_start_daemon plain || ok=0
# lib.sh gives every daemon its own --config-file; ours comes later on the command line and wins
[[ $ok -eq 1 ]] && { da_start_daemon hardened --config-file "$DA_TMP/hardened.json" || ok=0; }
[[ $ok -eq 1 ]] && {
	da_start_daemon loose -H "tcp://127.0.0.1:$PORT" -D --experimental --userland-proxy=false \
		--insecure-registry myreg.example.com:5000 || ok=0
}
if [[ $ok -ne 1 ]]; then
	da_fail "(a) start the private daemons"
	da_finish
fi
da_pass "(a) daemons plain, hardened and loose are up"
others=$(for p in /proc/[0-9]*; do [[ "$(readlink "$p/exe" 2>/dev/null)" == */dockerd ]] && echo "${p#/proc/}"; done | wc -l)
da_log "dockerd processes on this machine: $others (ours: 3)"

# the hardened daemon gets one container that keeps its logs locally (created, not started)
if da_busybox_image "$DA_SOCK_hardened" "dae2e-bb:$$" &&
	da_docker hardened create --name jsonlog --log-driver json-file "dae2e-bb:$$" sleep 60 >/dev/null &&
	da_docker hardened create --name deflog "dae2e-bb:$$" sleep 60 >/dev/null; then
	da_pass "(a) hardened: containers jsonlog (json-file) and deflog (default driver) created"
else
	da_fail "(a) hardened: containers created"
fi

# ---------------------------------------------------------------------------------------------
echo "== (b) plain: lib.sh's defaults"
audit plain -H "$DA_HOST_plain" --check 2
J="$W/plain.json"
da_assert_eq "(b) exit status 1 (failures)" 1 "$RC"
da_assert_json "(b) 18 section-2 results" "$J" 'len([r for r in d["results"] if r["section"] == "2"]) == 18'
# the status of every check, in one line
want_plain='{"2.1":"manual","2.2":"fail","2.3":"pass","2.4":"fail","2.5":"pass","2.6":"pass","2.7":"skip","2.8":"manual","2.9":"fail","2.10":"pass","2.11":"skip","2.12":"fail","2.13":"fail","2.14":"fail","2.15":"fail","2.16":"fail","2.17":"pass","2.18":"pass"}'
da_assert_json "(b) every verdict" "$J" "{r['id']: r['status'] for r in d['results']} == json.loads('$want_plain')" \
	'{r["id"]: r["status"] for r in d["results"]}'
# The same daemon under v1.7.0 (same ids) and v1.8.0: 2.7 devicemapper is new and passes on
# this driver; v1.6.0's 2.7-2.18 are 2.8-2.19 with the same verdicts and the same keys.
audit plain17 -H "$DA_HOST_plain" --check 2 --benchmark 1.7.0
da_assert_json "(b) v1.7.0: the same 18 verdicts under the same ids" "$W/plain17.json" \
	"d['benchmark']['version'] == '1.7.0' and {r['id']: r['status'] for r in d['results']} == json.loads('$want_plain')" \
	'{r["id"]: r["status"] for r in d["results"]}'
audit plain18 -H "$DA_HOST_plain" --check 2 --benchmark 1.8.0
da_assert_json "(b) v1.8.0: 19 section-2 results, 2.7 devicemapper passes naming the driver" "$W/plain18.json" \
	'd["benchmark"]["version"] == "1.8.0" and len(d["results"]) == 19 and res("2.7")["key"] == "no-devicemapper" and res("2.7")["status"] == "pass" and "not devicemapper" in res("2.7")["detail"]' 'res("2.7")'
da_assert_json "(b) v1.8.0: every other verdict is v1.6.0's, one id on from 2.7, matched by key" "$W/plain18.json" \
	"(lambda old: all(old[r['key']] == (r['id'], r['status']) for r in d['results'] if r['key'] != 'no-devicemapper'))({r['key']: ({'2.%d' % (int(r['id'][2:]) + 1) if int(r['id'][2:]) >= 7 else r['id']}.pop(), r['status']) for r in json.load(open('$J'))['results']})" \
	'[(r["id"], r["key"], r["status"]) for r in d["results"]]'
da_assert_json "(b) 2.1 names the dockerd serving this socket (PID $DA_PID_plain)" "$J" \
	"'PID $DA_PID_plain)' in res('2.1')['detail']" 'res("2.1")["detail"]'
# each failing check names exactly its key, and where the value came from
for spec in 2.2:icc:api 2.4:iptables:cmdline 2.9:userns-remap:api 2.12:authorization-plugins:api \
	2.13:log-driver:api 2.14:no-new-privileges:default 2.15:live-restore:api \
	2.16:userland-proxy:default 2.8:default-ulimits:default 2.1:rootless:api; do
	IFS=: read -r id key src <<<"$spec"
	da_assert_json "(b) $id names only '$key' (source $src)" "$J" \
		"[(f['kind'], f['name'], f.get('source')) for f in res('$id')['findings']] == [('daemon', '$key', '$src')]" \
		"res('$id')['findings']"
done
da_assert_json "(b) 2.4 value false, from --iptables=false" "$J" \
	'res("2.4")["findings"][0]["value"] == "false" and "--iptables=false" in res("2.4")["findings"][0]["detail"]'
da_assert_json "(b) passing checks name nothing" "$J" \
	'all(not r["findings"] for r in d["results"] if r["status"] in ("pass", "skip"))'

# ---------------------------------------------------------------------------------------------
echo "== (c) hardened: our config file"
audit hardened -H "$DA_HOST_hardened" --check 2
J="$W/hardened.json"
want_hard='{"2.1":"manual","2.2":"fail","2.3":"pass","2.4":"fail","2.5":"pass","2.6":"pass","2.7":"skip","2.8":"info","2.9":"fail","2.10":"pass","2.11":"skip","2.12":"fail","2.13":"pass","2.14":"pass","2.15":"pass","2.16":"pass","2.17":"pass","2.18":"pass"}'
da_assert_json "(c) every verdict" "$J" "{r['id']: r['status'] for r in d['results']} == json.loads('$want_hard')" \
	'{r["id"]: r["status"] for r in d["results"]}'
da_assert_json "(c) 2.1 names PID $DA_PID_hardened" "$J" "'PID $DA_PID_hardened)' in res('2.1')['detail']"
da_assert_json "(c) 2.14 and 2.16 were decided by our daemon.json" "$J" \
	"'$DA_TMP/hardened.json' in res('2.14')['detail'] and '$DA_TMP/hardened.json' in res('2.16')['detail']"
da_assert_json "(c) 2.15 by the API" "$J" '"GET /info LiveRestoreEnabled" in res("2.15")["detail"]'
da_assert_json "(c) 2.8 lists nofile=64000:64000 from daemon.json" "$J" \
	'"nofile=64000:64000" in res("2.8")["detail"] and [(f["name"], f["source"]) for f in res("2.8")["findings"]] == [("default-ulimits", "daemon.json")]'
da_assert_json "(c) 2.13 passes with journald (no running container overrides it)" "$J" \
	'"journald" in res("2.13")["detail"] and not res("2.13")["findings"]'
audit hardened_all -H "$DA_HOST_hardened" --check 2.13 -a
da_assert_json "(c) 2.13 -a fails naming exactly jsonlog" "$W/hardened_all.json" \
	'res("2.13")["status"] == "fail" and names(res("2.13")) == ["jsonlog"]' 'res("2.13")'

# ---------------------------------------------------------------------------------------------
echo "== (d) loose: flags and a TCP socket, through both endpoints"
audit loose -H "$DA_HOST_loose" --check 2
J="$W/loose.json"
want_loose='{"2.1":"manual","2.2":"fail","2.3":"fail","2.4":"fail","2.5":"fail","2.6":"pass","2.7":"fail","2.8":"manual","2.9":"fail","2.10":"pass","2.11":"skip","2.12":"fail","2.13":"fail","2.14":"fail","2.15":"fail","2.16":"pass","2.17":"pass","2.18":"fail"}'
da_assert_json "(d) every verdict" "$J" "{r['id']: r['status'] for r in d['results']} == json.loads('$want_loose')" \
	'{r["id"]: r["status"] for r in d["results"]}'
da_assert_json "(d) 2.1 names PID $DA_PID_loose" "$J" "'PID $DA_PID_loose)' in res('2.1')['detail']"
da_assert_json "(d) 2.3 names debug (api) only" "$J" \
	'[(f["name"], f["source"]) for f in res("2.3")["findings"]] == [("debug", "api")]' 'res("2.3")'
da_assert_json "(d) 2.5 lists myreg.example.com:5000 only, not 127.0.0.0/8" "$J" \
	'json.loads(res("2.5")["findings"][0]["value"]) == ["myreg.example.com:5000"]' 'res("2.5")'
da_assert_json "(d) 2.7 names tlsverify, from the daemon's own warning about 127.0.0.1:$PORT" "$J" \
	"[(f['name'], f['source']) for f in res('2.7')['findings']] == [('tlsverify', 'api')] and '127.0.0.1:$PORT' in res('2.7')['detail']" 'res("2.7")'
da_assert_json "(d) 2.16 passes from --userland-proxy=false" "$J" '"--userland-proxy=false" in res("2.16")["detail"]'
da_assert_json "(d) 2.18 names experimental (api)" "$J" \
	'[(f["name"], f["source"]) for f in res("2.18")["findings"]] == [("experimental", "api")]'
audit loose_tcp -H "tcp://127.0.0.1:$PORT" --check 2.1,2.7,2.16
J="$W/loose_tcp.json"
da_assert_json "(d) through tcp://127.0.0.1:$PORT the same dockerd is found (PID $DA_PID_loose)" "$J" \
	"'PID $DA_PID_loose)' in res('2.1')['detail'] and '--userland-proxy=false' in res('2.16')['detail']" \
	'[(r["id"], r["detail"]) for r in d["results"]]'
da_assert_json "(d) through TCP, 2.7 fails too" "$J" 'res("2.7")["status"] == "fail"'

# ---------------------------------------------------------------------------------------------
echo "== (e) the endpoint decides which dockerd is read"
# the same check, three sockets, three answers: nothing leaks from one daemon to another
audit p16 -H "$DA_HOST_plain" --check 2.16,2.14
audit h16 -H "$DA_HOST_hardened" --check 2.16,2.14
da_assert_json "(e) plain: 2.16 fails with Docker's default" "$W/p16.json" \
	'res("2.16")["status"] == "fail" and res("2.16")["findings"][0]["source"] == "default"'
da_assert_json "(e) hardened: 2.16 passes from its daemon.json" "$W/h16.json" 'res("2.16")["status"] == "pass"'
da_assert_json "(e) plain: 2.14 does not read the hardened daemon's file" "$W/p16.json" \
	"res('2.14')['status'] == 'fail' and '$DA_TMP/hardened.json' not in json.dumps(res('2.14'))"
# a socket no dockerd serves: what only the command line or file could tell is an ERROR, not a
# default borrowed from another daemon
audit none -H "unix://$DA_TMP/nobody.sock" --check 2.4,2.16
da_assert_json "(e) unserved socket: 2.4 and 2.16 are errors" "$W/none.json" \
	'res("2.4")["status"] == "error" and res("2.16")["status"] == "error"' '[(r["id"], r["status"], r["detail"]) for r in d["results"]]'

# ---------------------------------------------------------------------------------------------
echo "== (f) text output"
timeout 60 "$BIN" -H "$DA_HOST_hardened" --check 2.14 --no-color >"$W/text.out" 2>&1
da_assert_contains "(f) text names the config file that decided" "$W/text.out" "$DA_TMP/hardened.json"

da_finish

#!/usr/bin/env bash
# tests/e2e/real_files.sh BINARY: section 3 (daemon configuration files) end to end (ctest:
# e2e_real_files).
#
# (a) fake host roots built here with exact modes, owners and real unix sockets, audited with
#     --root: every check names exactly the files that break it, and none that do not.
# (b) this machine's own files (--root /) with a private dockerd: the verdicts on host files are
#     printed and compared with what stat(1) says; the private daemon's own socket, config file and
#     containerd socket are asserted, then the socket is loosened and must fail.
# (c) a second private dockerd with -G <gid> and --tlsverify on generated certificates: the TLS
#     material and the socket's group as the daemon was told.
#
# Needs root, dockerd, containerd, python3 and openssl; without them it reports "0 passed, 0 failed
# (skipped: ...)" unless DA_E2E_REAL=1. Nothing outside its temp dir is created or changed (no host
# group is added: -G takes a bare gid).
#
# DA_SOCK_files, DA_SOCK_tls are set by da_start_daemon:
# shellcheck disable=SC2154
set -uo pipefail

BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

T0=$(date +%s)

da_require_bin "$BIN"
BIN=$DA_BIN

[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (chown, and a private dockerd, need root)"
for tool in dockerd docker containerd ip python3 openssl timeout findmnt stat; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done

da_init
W="$DA_TMP/out"
mkdir -p "$W"

RC=0
run() { # run NAME ARGS...: stdout to $W/NAME.out, stderr to $W/NAME.err, status in RC
	local name=$1
	shift
	timeout 120 "$BIN" "$@" >"$W/$name.out" 2>"$W/$name.err"
	RC=$?
	if [[ $RC -eq 2 || $RC -ge 124 ]]; then
		echo "      (docker-audit $* ended with status $RC)"
		head -n 5 "$W/$name.err" | sed 's/^/      | /'
	fi
	return 0
}

# expect DESC FILE ID STATUS [NAMES...]: the check's status, and exactly these failing findings.
expect() {
	local desc=$1 file=$2 id=$3 status=$4
	shift 4
	local names
	names=$(python3 -c 'import json,sys; print(json.dumps(sorted(sys.argv[1:])))' "$@")
	da_assert_json "$desc: $id $status ${*:-(no findings)}" "$file" \
		"res('$id') is not None and res('$id')['status'] == '$status' and sorted(f['name'] for f in (res('$id').get('findings') or []) if not f.get('error')) == $names" \
		"[res('$id')['status'], res('$id')['detail'], [(f['name'], f['detail']) for f in (res('$id').get('findings') or [])]] if res('$id') else None"
}

# build ROOT < SPEC: a fake host root. Lines: "d PATH MODE UID:GID", "f PATH MODE UID:GID TEXT"
# (TEXT with \n, \x00 escapes), "s PATH MODE UID:GID" (a real unix socket), "l PATH TARGET",
# "p PATH" (a FIFO).
BUILD_PY=$(cat <<'PY'
import codecs, os, socket, sys
root = sys.argv[1]
def owner(spec):
    u, g = spec.split(":")
    return int(u), int(g)
for line in sys.stdin:
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    kind, rest = line.split(" ", 1)
    parts = rest.split(" ", 3)
    path = root + parts[0]
    os.makedirs(os.path.dirname(path), 0o755, exist_ok=True)
    if kind == "l":
        os.symlink(parts[1], path)
        continue
    if kind == "p":
        os.mkfifo(path, 0o644)
        continue
    mode, (uid, gid) = int(parts[1], 8), owner(parts[2])
    if kind == "d":
        os.makedirs(path, 0o755, exist_ok=True)
    elif kind == "f":
        text = codecs.decode(parts[3] if len(parts) > 3 else "", "unicode_escape")
        with open(path, "wb") as fh:
            fh.write(text.encode("latin-1"))
    elif kind == "s":
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(path)
        s.close()
    os.lchown(path, uid, gid)
    os.chmod(path, mode)
PY
)
build() {
	mkdir -p "$1"
	python3 -c "$BUILD_PY" "$1" || { da_fail "build the fake root $1"; da_finish; }
}

# What the bitmask test says about a path: "ok" or "bad" for a mode limit (octal).
mode_ok() {
	local m
	m=$(stat -L -c %a "$1") || return 2
	(((8#$m & ~8#$2 & 8#7777) == 0))
}

# ---------------------------------------------------------------------------------------------
echo "== (a) fake host roots with exact modes and owners"
GOOD="$DA_TMP/good"
BAD="$DA_TMP/bad"
EP="unix:///run/da-e2e-files.sock" # a path no real daemon uses: the API stays unreachable
COMMON='f /etc/passwd 0644 0:0 root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n
f /etc/group 0644 0:0 root:x:0:\ndocker:x:105:alice\n
l /var/run ../run
f /proc/4242/status 0444 0:0 Name:\tdockerd\nUid:\t0\t0\t0\t0\n'
UNIT_SOCKET='[Socket]\nListenStream=/run/docker.sock\nSocketMode=0660\nSocketGroup=docker\n'
TLS='\"tlscacert\": \"/etc/docker/tls/ca.pem\", \"tlscert\": \"/etc/docker/tls/cert.pem\", \"tlskey\": \"/etc/docker/tls/key.pem\"'
build "$GOOD" <<EOF
$COMMON
f /proc/4242/cmdline 0444 0:0 /usr/sbin/dockerd\x00-H\x00fd://\x00-H\x00${EP}\x00--containerd=/run/containerd/containerd.sock\x00
f /lib/systemd/system/docker.service 0644 0:0 [Service]\n
f /lib/systemd/system/docker.socket 0644 0:0 $UNIT_SOCKET
f /etc/systemd/system/docker.service.d/override.conf 0640 0:0 [Service]\n
d /etc/docker 0755 0:0
f /etc/docker/daemon.json 0600 0:0 {"tlsverify": true, $TLS}
f /etc/docker/tls/ca.pem 0444 0:0 ca
f /etc/docker/tls/cert.pem 0444 0:0 cert
f /etc/docker/tls/key.pem 0400 0:0 key
d /etc/docker/certs.d/reg.example:5000 0755 0:0
f /etc/docker/certs.d/reg.example:5000/ca.crt 0444 0:0 c
f /etc/docker/certs.d/reg.example:5000/client.cert 0444 0:0 c
f /etc/docker/certs.d/reg.example:5000/client.key 0400 0:0 k
f /etc/docker/certs.d/reg.example:5000/notes.txt 0666 1000:1000 not read by Docker
d /etc/docker/certs.d/mirror 0700 0:0
f /etc/docker/certs.d/mirror/ca.crt 0400 0:0 c
f /etc/default/docker 0644 0:0 #
f /etc/sysconfig/docker 0640 0:0 #
s /run/docker.sock 0660 0:105
s /run/da-e2e-files.sock 0600 0:0
s /run/containerd/containerd.sock 0660 0:0
EOF
build "$BAD" <<EOF
$COMMON
f /proc/4242/cmdline 0444 0:0 /usr/sbin/dockerd\x00-H\x00fd://\x00-H\x00${EP}\x00
f /lib/systemd/system/docker.service 0606 1000:0 [Service]\n
f /usr/lib/systemd/system/docker.service.d/10-ok.conf 0644 0:0 [Service]\n
f /etc/systemd/system/docker.service.d/override.conf 0666 1000:1000 [Service]\n
f /lib/systemd/system/docker.socket 0664 0:1000 $UNIT_SOCKET
d /etc/docker 0717 0:1000
f /etc/docker/daemon.json 0606 0:1000 {"tls": true, $TLS}
f /etc/docker/tls/ca.pem 0644 1000:1000 ca
f /etc/docker/tls/cert.pem 0464 0:0 cert
f /etc/docker/tls/key.pem 0600 0:0 key
d /etc/docker/certs.d/reg1 0775 0:0
f /etc/docker/certs.d/reg1/ca.crt 0644 1000:0 c
f /etc/docker/certs.d/reg1/client.key 0400 0:0 k
d /etc/docker/certs.d/reg2 0755 0:1000
f /etc/docker/certs.d/reg2/ca.crt 0366 0:0 c
f /etc/default/docker 0664 1000:0 #
f /etc/sysconfig/docker 0644 0:1000 #
s /run/docker.sock 0666 0:1000
s /run/da-e2e-files.sock 0660 0:105
s /run/containerd/containerd.sock 0660 0:0
s /run/docker/containerd/containerd.sock 0666 1000:0
EOF

run agood --root "$GOOD" -H "$EP" --check 3 -f json
da_assert_eq "(a) good root: exit status 0" 0 "$RC"
J="$W/agood.out"
da_assert_json "(a) good root: 24 checks, all pass" "$J" \
	'len(d["results"]) == 24 and all(r["status"] == "pass" and not r.get("findings") for r in d["results"])'
da_assert_json "(a) good root: both Docker sockets judged (ListenStream= and -H)" "$J" \
	'"all 2 Docker sockets" in res("3.15")["detail"]'
da_assert_json "(a) good root: the drop-in is judged with the unit" "$J" \
	'"1 drop-in" in res("3.2")["detail"]'

run abad --root "$BAD" -H "$EP" --check 3 -f json
da_assert_eq "(a) bad root: exit status 1" 1 "$RC"
J="$W/abad.out"
UD=/lib/systemd/system
OV=/etc/systemd/system/docker.service.d/override.conf
C=/etc/docker/certs.d
expect "(a) bad" "$J" 3.1 fail "$UD/docker.service" "$OV"
expect "(a) bad" "$J" 3.2 fail "$UD/docker.service" "$OV"
expect "(a) bad" "$J" 3.3 fail "$UD/docker.socket"
expect "(a) bad" "$J" 3.4 fail "$UD/docker.socket"
expect "(a) bad" "$J" 3.5 fail /etc/docker
expect "(a) bad" "$J" 3.6 fail /etc/docker
expect "(a) bad" "$J" 3.7 fail "$C/reg1/ca.crt" "$C/reg2"
expect "(a) bad" "$J" 3.8 fail "$C/reg1" "$C/reg1/ca.crt" "$C/reg2/ca.crt"
expect "(a) bad" "$J" 3.9 fail /etc/docker/tls/ca.pem
expect "(a) bad" "$J" 3.10 fail /etc/docker/tls/ca.pem
expect "(a) bad" "$J" 3.11 pass
expect "(a) bad" "$J" 3.12 fail /etc/docker/tls/cert.pem
expect "(a) bad" "$J" 3.13 pass
expect "(a) bad" "$J" 3.14 fail /etc/docker/tls/key.pem
expect "(a) bad" "$J" 3.15 fail /run/docker.sock
expect "(a) bad" "$J" 3.16 fail /run/docker.sock
expect "(a) bad" "$J" 3.17 fail /etc/docker/daemon.json
expect "(a) bad" "$J" 3.18 fail /etc/docker/daemon.json
expect "(a) bad" "$J" 3.19 fail /etc/default/docker
expect "(a) bad" "$J" 3.20 fail /etc/default/docker
expect "(a) bad" "$J" 3.21 pass
expect "(a) bad" "$J" 3.22 fail /etc/sysconfig/docker
expect "(a) bad" "$J" 3.23 fail /run/docker/containerd/containerd.sock
expect "(a) bad" "$J" 3.24 fail /run/docker/containerd/containerd.sock
da_assert_json "(a) bad root: 0606 reported as other write, value 0606" "$J" \
	'[(f["detail"], f["value"], f["source"], f["kind"]) for f in res("3.18")["findings"]] == [("mode 0606 allows other write (limit 0644)", "0606", "file", "file")]'
da_assert_json "(a) bad root: owner finding carries uid:gid" "$J" \
	'any(f["value"] == "1000:0" and "want root:root" in f["detail"] for f in res("3.1")["findings"])'

EMPTY="$DA_TMP/empty"
build "$EMPTY" <<EOF
$COMMON
f /proc/4242/cmdline 0444 0:0 dockerd\x00-H\x00${EP}\x00
EOF
run aempty --root "$EMPTY" -H "$EP" --check 3 -f json
J="$W/aempty.out"
da_assert_json "(a) nothing present: every check SKIP (the endpoint's socket is absent too)" "$J" \
	'all(r["status"] == "skip" for r in d["results"])' \
	'[(r["id"], r["status"], r["detail"]) for r in d["results"] if r["status"] != "skip"]'
da_assert_json "(a) nothing present: TLS checks say TLS is not configured" "$J" \
	'all("TLS is not configured" in res(i)["detail"] for i in ("3.9","3.10","3.11","3.12","3.13","3.14"))'

# ---------------------------------------------------------------------------------------------
echo "== (b) this machine's files, and a private dockerd's socket"
if ! da_start_daemon files; then
	da_fail "(b) start a private dockerd"
	da_finish
fi
da_pass "(b) private dockerd started"
SOCK="$DA_SOCK_files"
D=$(dirname "$SOCK")
run blive -H "unix://$SOCK" --check 3 -f json
J="$W/blive.out"
echo "[e2e] live verdicts on this machine:"
python3 - "$J" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["results"]:
    print("      %-5s %-5s %s" % (r["id"], r["status"], r["detail"][:150]))
    for f in r.get("findings") or []:
        print("            %s: %s" % (f["name"], f["detail"]))
PY

# The private daemon's socket: as dockerd made it.
DOCKER_GID=$(getent group docker | cut -d: -f3 || true)
S_UID=$(stat -c %u "$SOCK")
S_GID=$(stat -c %g "$SOCK")
if [[ $S_UID == 0 && ($S_GID == 0 || $S_GID == "$DOCKER_GID") ]]; then
	expect "(b) live socket (owner $S_UID:$S_GID)" "$J" 3.15 pass
else
	expect "(b) live socket (owner $S_UID:$S_GID)" "$J" 3.15 fail "$SOCK"
fi
da_assert_json "(b) 3.15 judged the daemon's own socket" "$J" "'$SOCK' in res('3.15')['detail']"
if mode_ok "$SOCK" 660; then expect "(b) live socket" "$J" 3.16 pass; else expect "(b) live socket" "$J" 3.16 fail "$SOCK"; fi
# Its config file is the one given with --config-file, not /etc/docker/daemon.json.
da_assert_json "(b) 3.17 judged the daemon's --config-file" "$J" \
	"res('3.17')['status'] == 'pass' and '$D/daemon.json' in res('3.17')['detail']"
expect "(b) live config file" "$J" 3.18 pass
for id in 3.9 3.10 3.11 3.12 3.13 3.14; do
	da_assert_json "(b) $id: TLS is not configured for this daemon" "$J" \
		"res('$id')['status'] == 'skip' and 'TLS is not configured' in res('$id')['detail']"
done
# containerd: the one this dockerd runs under its exec-root, and the system's if there is one.
CT_WANT=()
CT_BAD=()
for s in "$D/exec/containerd/containerd.sock" /run/containerd/containerd.sock; do
	[[ -S "$s" ]] || continue
	r=$(readlink -f "$s")
	CT_WANT+=("$r")
	if [[ $(stat -c %u:%g "$s") != 0:0 ]] || ! mode_ok "$s" 660; then CT_BAD+=("$r"); fi
done
if [[ ${#CT_WANT[@]} -eq 0 ]]; then
	da_assert_json "(b) no containerd socket: 3.23 skip" "$J" 'res("3.23")["status"] == "skip"'
else
	da_assert_json "(b) 3.23 judged ${CT_WANT[*]}" "$J" \
		"all(p in res('3.23')['detail'] for p in $(python3 -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "${CT_WANT[@]}")) or res('3.23')['detail'].startswith('all ${#CT_WANT[@]} ')"
	if [[ ${#CT_BAD[@]} -eq 0 ]]; then
		expect "(b) containerd sockets" "$J" 3.24 pass
	else
		expect "(b) containerd sockets" "$J" 3.24 fail "${CT_BAD[@]}"
	fi
fi

# Host files: the verdict agrees with stat(1) and the bitmask test.
oracle() { # oracle ID PATH LIMIT|owner: expected status for one host path
	local id=$1 p=$2 what=$3
	if [[ ! -e "$p" ]]; then
		da_assert_json "(b) $id: $p absent -> skip" "$J" "res('$id')['status'] == 'skip'"
		return
	fi
	local rp bad=0
	rp=$(readlink -f "$p")
	if [[ $what == owner ]]; then
		[[ $(stat -L -c %u:%g "$p") == 0:0 ]] || bad=1
	else
		mode_ok "$p" "$what" || bad=1
	fi
	if [[ $bad -eq 1 ]]; then
		da_assert_json "(b) $id: $rp fails (stat says so)" "$J" \
			"res('$id')['status'] == 'fail' and '$rp' in [f['name'] for f in res('$id')['findings']]"
	else
		da_assert_json "(b) $id: $rp passes (stat says so)" "$J" \
			"res('$id')['status'] in ('pass', 'fail') and '$rp' not in [f['name'] for f in (res('$id').get('findings') or [])]"
	fi
}
UNIT=""
for dir in /etc/systemd/system /run/systemd/system /usr/local/lib/systemd/system /usr/lib/systemd/system /lib/systemd/system; do
	if [[ -f "$dir/docker.service" ]]; then UNIT="$dir/docker.service"; break; fi
done
oracle 3.1 "${UNIT:-/nonexistent}" owner
oracle 3.2 "${UNIT:-/nonexistent}" 644
oracle 3.5 /etc/docker owner
oracle 3.6 /etc/docker 755
oracle 3.19 /etc/default/docker owner
oracle 3.20 /etc/default/docker 644
oracle 3.21 /etc/sysconfig/docker 644
oracle 3.22 /etc/sysconfig/docker owner

# Loosen the private socket: now it must fail, naming it alone.
chmod 0666 "$SOCK"
chown 65534:65534 "$SOCK"
run bloose -H "unix://$SOCK" --check 3.15,3.16 -f json
J="$W/bloose.out"
expect "(b) loosened socket" "$J" 3.15 fail "$SOCK"
expect "(b) loosened socket" "$J" 3.16 fail "$SOCK"
da_assert_json "(b) the finding says what is wrong" "$J" \
	"[f['detail'] for f in res('3.16')['findings']] == ['mode 0666 allows other read+write (limit 0660)'] and [f['value'] for f in res('3.15')['findings']] == ['65534:65534']"
chown 0:0 "$SOCK"
chmod 0600 "$SOCK"
run bstrict -H "unix://$SOCK" --check 3.15,3.16 -f json
J="$W/bstrict.out"
expect "(b) root:root 0600 socket (stricter than root:docker 0660)" "$J" 3.15 pass
expect "(b) root:root 0600 socket" "$J" 3.16 pass

# ---------------------------------------------------------------------------------------------
echo "== (c) a dockerd with -G <gid> and --tlsverify"
T="$DA_TMP/tls"
mkdir -p "$T"
if ! (cd "$T" &&
	openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 1 \
		-subj /CN=da-e2e-ca >/dev/null 2>&1 &&
	openssl req -newkey rsa:2048 -nodes -keyout key.pem -out server.csr -subj /CN=localhost \
		>/dev/null 2>&1 &&
	printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >ext.cnf &&
	openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
		-out cert.pem -days 1 -extfile ext.cnf >/dev/null 2>&1); then
	da_fail "(c) make TLS certificates with openssl"
	da_finish
fi
chmod 0444 "$T/ca.pem"
chmod 0644 "$T/cert.pem"
chmod 0600 "$T/key.pem"
chown 65534:0 "$T/ca.pem"
GID=4242
while getent group "$GID" >/dev/null; do GID=$((GID + 1)); done
PORT=$(da_free_port 127.0.0.1 $((23000 + $$ % 2000)) 23000 24999) || {
	da_fail "(c) no free TCP port on 127.0.0.1 in 23000-24999 for the TLS dockerd"
	da_finish
}
if ! da_start_daemon tls -G "$GID" --tlsverify --tlscacert "$T/ca.pem" --tlscert "$T/cert.pem" \
	--tlskey "$T/key.pem" -H "tcp://127.0.0.1:$PORT"; then
	da_fail "(c) start a private dockerd with TLS"
	da_finish
fi
SOCK2="$DA_SOCK_tls"
run ctls -H "unix://$SOCK2" --check 3 -f json
J="$W/ctls.out"
expect "(c) TLS" "$J" 3.9 fail "$T/ca.pem"
expect "(c) TLS" "$J" 3.10 pass
expect "(c) TLS" "$J" 3.11 pass
expect "(c) TLS" "$J" 3.12 fail "$T/cert.pem"
expect "(c) TLS" "$J" 3.13 pass
expect "(c) TLS" "$J" 3.14 fail "$T/key.pem"
da_assert_json "(c) the CA path came from the command line" "$J" \
	"'--tlscacert' in res('3.10')['detail'] and '$T/ca.pem' in res('3.10')['detail']"
da_assert_eq "(c) dockerd gave its socket group $GID" "0:$GID" "$(stat -c %u:%g "$SOCK2")"
expect "(c) -G $GID" "$J" 3.15 pass
da_assert_json "(c) 3.15 wants the group the daemon was told" "$J" \
	"'root:$GID' in res('3.15')['detail']"
chgrp "${DOCKER_GID:-1}" "$SOCK2"
run cgrp -H "unix://$SOCK2" --check 3.15 -f json
J="$W/cgrp.out"
expect "(c) socket given another group than -G" "$J" 3.15 fail "$SOCK2"
da_assert_json "(c) the finding names the wanted group" "$J" \
	"'want root:$GID' in res('3.15')['findings'][0]['detail']"

echo "[e2e] real_files.sh took $(($(date +%s) - T0)) s"
da_finish

#!/usr/bin/env bash
# tests/e2e/real_host.sh BINARY: section 1 (host configuration) of docker-audit against real,
# private dockerds and this machine's real /proc, mount table, units and accounts (ctest:
# e2e_real_host).
#
# - 1.1.1 on the daemon's data root, checked against findmnt's answer for the same directory; a
#   second daemon (started from a hard link of dockerd in our temp dir) keeps its data root on a
#   tmpfs of its own; both again with --root over an rbind of / in a private mount namespace.
# - 1.1.2 against /etc/group and /etc/passwd, and a fake root with near-miss user names.
# - 1.1.3 finds the running dockerd through /proc (/usr/sbin/dockerd, and the hard link).
# - 1.1.7 the unit file systemd would load; 1.1.8 the containerd socket our daemon really uses
#   (a kernel watch on it, under our own audit key, turns FAIL into PASS).
# - 1.2.1 MANUAL; 1.2.2 the real engine version, and ERROR with the daemon down.
#
# Needs root, dockerd + docker CLI, iproute2, python3, findmnt, unshare; without them it reports
# "0 passed, 0 failed (skipped: ...)" and succeeds, unless DA_E2E_REAL=1.
#
# DA_SOCK_*, DA_HOST_*, DA_DATA_* are set by da_start_daemon:
# shellcheck disable=SC2154,SC2030,SC2031 # the subshells set the audit's environment on purpose
set -uo pipefail

BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

T0=$(date +%s)

da_require_bin "$BIN"
BIN=$DA_BIN

[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a private dockerd needs root)"
for tool in dockerd docker containerd runc ip python3 findmnt timeout unshare mount; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done
AUDIT_OK=1
if ! command -v auditctl >/dev/null 2>&1 || ! auditctl -l >/dev/null 2>&1; then
	AUDIT_OK=0
	echo "[e2e] note: kernel audit not usable; the 1.1.8 watch scenario is skipped"
fi

da_init
W="$DA_TMP/out"
mkdir -p "$W"

RC=0
run() { # run NAME ARGS...: docker-audit ARGS > $W/NAME.out, 2> $W/NAME.err, status in RC
	local name=$1
	shift
	timeout 120 "$BIN" "$@" >"$W/$name.out" 2>"$W/$name.err"
	RC=$?
	[[ $RC -eq 124 ]] && echo "      (docker-audit $* timed out after 120 s)"
	[[ $RC -ge 128 ]] && echo "      (docker-audit $* died with signal $((RC - 128)))"
	return 0
}

# in_ns NAME ROOTDIR ARGS...: docker-audit --root ROOTDIR ARGS in a private mount namespace in
# which / is rbind-mounted on ROOTDIR (so its mount table shows the host under ROOTDIR, as in a
# container run with -v /:/host). Nothing outlives the namespace.
in_ns() {
	local name=$1 root=$2
	shift 2
	# shellcheck disable=SC2016 # expanded by the inner shell
	timeout 120 unshare -m --propagation private -- /bin/sh -c \
		'r=$1; shift; mount --rbind / "$r" && exec "$@"' sh "$root" \
		"$BIN" --root "$root" "$@" >"$W/$name.out" 2>"$W/$name.err"
	RC=$?
}

# ---------------------------------------------------------------------------------------------
echo "== (a) private daemons"
if ! da_start_daemon host; then
	da_fail "(a) start a private dockerd"
	da_finish
fi
da_pass "(a) private dockerd 'host' started"
H="$DA_HOST_host"
DATA=$(da_docker host info -f '{{.DockerRootDir}}')
da_assert_eq "(a) DockerRootDir is our data root" "$DA_DATA_host" "$DATA"
DOCKERD=$(command -v dockerd)
DOCKERD_REAL=$(readlink -f "$DOCKERD")

# The second daemon: its binary is a hard link in our temp dir (no PATH directory has it, only
# /proc can tell), its data root a tmpfs of its own.
mkdir -p "$DA_TMP/bin" "$DA_TMP/tmpfsroot"
ln "$DOCKERD_REAL" "$DA_TMP/bin/dockerd" 2>/dev/null || cp "$DOCKERD_REAL" "$DA_TMP/bin/dockerd"
TMPFS="$DA_TMP/tmpfsroot"
HAVE_B=0
if mount -t tmpfs -o size=256m,mode=0711 "dae2e-host-$$" "$TMPFS"; then
	if PATH="$DA_TMP/bin:$PATH" da_start_daemon hostb --data-root "$TMPFS"; then
		HAVE_B=1
		da_pass "(a) private dockerd 'hostb' started from $DA_TMP/bin/dockerd on a tmpfs"
	else
		da_fail "(a) start dockerd 'hostb' from a hard link, data root on a tmpfs"
	fi
else
	da_fail "(a) mount a tmpfs for the second data root"
fi
HB="${DA_HOST_hostb:-}"

# ---------------------------------------------------------------------------------------------
echo "== (b) 1.1.1: the data root's filesystem, as findmnt sees it"
DEV_DATA=$(findmnt -n -o MAJ:MIN -T "$DATA" | head -n1 | tr -d ' ')
DEV_ROOT=$(findmnt -n -o MAJ:MIN -T / | head -n1 | tr -d ' ')
if [[ "$DEV_DATA" == "$DEV_ROOT" ]]; then WANT=fail; else WANT=pass; fi
echo "[e2e] data root $DATA on $DEV_DATA, / on $DEV_ROOT: expecting $WANT"
run b111 -H "$H" --check 1.1.1 -f json
da_assert_json "(b) 1.1.1 is $WANT for $DATA (device $DEV_DATA, / $DEV_ROOT)" "$W/b111.out" \
	"res('1.1.1')['status'] == '$WANT'"
if [[ $WANT == fail ]]; then
	da_assert_json "(b) 1.1.1 names exactly the data root" "$W/b111.out" \
		"names(res('1.1.1')) == ['$DATA'] and res('1.1.1')['findings'][0]['value'] == '$DEV_DATA'"
	# dockerd bind-mounts its data root onto itself: a mount point, not a partition
	if findmnt -n -M "$DATA" >/dev/null 2>&1; then
		da_assert_json "(b) 1.1.1 says the data root mount is a bind mount of /" "$W/b111.out" \
			"'bind mount' in res('1.1.1')['findings'][0]['detail']"
	fi
else
	da_assert_json "(b) 1.1.1 has no findings" "$W/b111.out" "names(res('1.1.1')) == []"
fi
if [[ $HAVE_B -eq 1 ]]; then
	DEV_B=$(findmnt -n -o MAJ:MIN -T "$TMPFS" | head -n1 | tr -d ' ')
	run b111b -H "$HB" --check 1.1.1 -f json
	da_assert_json "(b) 1.1.1 passes for the tmpfs data root (device $DEV_B)" "$W/b111b.out" \
		"res('1.1.1')['status'] == 'pass' and names(res('1.1.1')) == [] and 'tmpfs' in res('1.1.1')['detail'] and '$DEV_B' in res('1.1.1')['detail']"
fi

echo "== (c) 1.1.1 under --root: mount points of our own namespace, host paths in the report"
R="$DA_TMP/hostroot"
mkdir -p "$R"
in_ns c111 "$R" -H "$H" --check 1.1.1 -f json
da_assert_json "(c) 1.1.1 under --root is $WANT too" "$W/c111.out" "res('1.1.1')['status'] == '$WANT'"
da_assert_json "(c) 1.1.1 under --root names host paths, not $R" "$W/c111.out" \
	"'$R' not in text(res('1.1.1')) and (names(res('1.1.1')) == ['$DATA'] if '$WANT' == 'fail' else True)"
if [[ $HAVE_B -eq 1 ]]; then
	in_ns c111b "$R" -H "$HB" --check 1.1.1 -f json
	da_assert_json "(c) 1.1.1 under --root passes for the tmpfs, mounted at $TMPFS" "$W/c111b.out" \
		"res('1.1.1')['status'] == 'pass' and 'mounted at $TMPFS,' in res('1.1.1')['detail']"
fi

# ---------------------------------------------------------------------------------------------
echo "== (d) 1.1.2: the docker group of this machine"
EXPECT=$(python3 - <<'PY'
users = []
gid = None
members = []
with open("/etc/group") as f:
    for line in f:
        p = line.rstrip("\n").split(":")
        if len(p) >= 3 and p[0] == "docker" and p[2].isdigit():
            gid = p[2]
            members = [m.strip() for m in (p[3] if len(p) > 3 else "").split(",") if m.strip()]
root = set()
with open("/etc/passwd") as f:
    for line in f:
        p = line.rstrip("\n").split(":")
        if len(p) < 4 or not p[2].isdigit():
            continue
        if p[2] == "0":
            root.add(p[0])
        if gid is not None and p[3] == gid:
            members.append(p[0])
print(",".join(sorted(set(m for m in members if m not in root))) if gid is not None else "-")
PY
)
run d112 -H "$H" --check 1.1.2 -f json
if [[ "$EXPECT" == "-" || -z "$EXPECT" ]]; then
	da_assert_json "(d) 1.1.2 passes: no docker group or no members but root" "$W/d112.out" \
		"res('1.1.2')['status'] == 'pass' and names(res('1.1.2')) == []"
else
	da_assert_json "(d) 1.1.2 is manual and lists exactly $EXPECT" "$W/d112.out" \
		"res('1.1.2')['status'] == 'manual' and sorted(names(res('1.1.2'))) == sorted('$EXPECT'.split(','))"
	(
		export DOCKER_AUDIT_TRUSTED_USERS="$EXPECT"
		timeout 120 "$BIN" -H "$H" --check 1.1.2 -f json >"$W/d112t.out" 2>"$W/d112t.err"
	)
	da_assert_json "(d) 1.1.2 passes with every member trusted" "$W/d112t.out" \
		"res('1.1.2')['status'] == 'pass'"
fi
# a fake root: exact names, primary-group members, root left out
F="$DA_TMP/fakeroot"
mkdir -p "$F/etc"
printf 'root:x:0:\ndocker:x:998:alice,bobby,root\n' >"$F/etc/group"
printf 'root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/h:/bin/sh\nbobby:x:1002:1002::/h:/bin/sh\ndeploy:x:1004:998::/h:/bin/sh\n' >"$F/etc/passwd"
(
	export DOCKER_AUDIT_TRUSTED_USERS="bob,alice"
	timeout 120 "$BIN" -H "$H" --root "$F" --check 1.1.2 -f json >"$W/d112f.out" 2>"$W/d112f.err"
	echo $? >"$W/d112f.rc"
)
da_assert_eq "(d) 1.1.2 with an untrusted member exits 1" 1 "$(cat "$W/d112f.rc")"
da_assert_json "(d) 1.1.2 fails naming exactly bobby and deploy ('bob' does not trust 'bobby')" \
	"$W/d112f.out" "res('1.1.2')['status'] == 'fail' and sorted(names(res('1.1.2'))) == ['bobby', 'deploy']"
(
	unset DOCKER_AUDIT_TRUSTED_USERS
	timeout 120 "$BIN" -H "$H" --root "$F" --check 1.1.2 -f json >"$W/d112m.out" 2>"$W/d112m.err"
)
da_assert_json "(d) 1.1.2 without a trusted list is manual, listing alice, bobby, deploy" \
	"$W/d112m.out" "res('1.1.2')['status'] == 'manual' and sorted(names(res('1.1.2'))) == ['alice', 'bobby', 'deploy']"

# ---------------------------------------------------------------------------------------------
echo "== (e) 1.1.3 and 1.1.7: binaries through /proc, the unit systemd loads"
# A watch someone else loaded may make these pass: the path must then be in the detail.
run e113 -H "$H" --check 1.1.3 -f json
da_assert_json "(e) 1.1.3 judges $DOCKERD_REAL (the running daemon's binary), nothing else" \
	"$W/e113.out" \
	"(res('1.1.3')['status'] == 'fail' and names(res('1.1.3')) == ['$DOCKERD_REAL']) or (res('1.1.3')['status'] == 'pass' and '$DOCKERD_REAL' in res('1.1.3')['detail'])"
if [[ $HAVE_B -eq 1 ]]; then
	run e113b -H "$HB" --check 1.1.3 -f json
	da_assert_json "(e) 1.1.3 for 'hostb' judges $DA_TMP/bin/dockerd, found only in /proc" \
		"$W/e113b.out" \
		"res('1.1.3')['status'] == 'fail' and names(res('1.1.3')) == ['$DA_TMP/bin/dockerd']"
fi
UNIT=""
for d in /etc/systemd/system /run/systemd/system /usr/local/lib/systemd/system \
	/usr/lib/systemd/system /lib/systemd/system; do
	if [[ -L "$d/docker.service" && "$(readlink -f "$d/docker.service")" == /dev/null ]]; then
		UNIT=masked
		break
	fi
	if [[ -f "$d/docker.service" ]]; then
		UNIT=$(readlink -f "$d/docker.service")
		break
	fi
done
run e117 -H "$H" --check 1.1.7 -f json
if [[ -z "$UNIT" || "$UNIT" == masked ]]; then
	da_assert_json "(e) 1.1.7 skips: docker.service is ${UNIT:-absent}" "$W/e117.out" \
		"res('1.1.7')['status'] == 'skip'"
else
	DROPINS=$(python3 - "$UNIT" <<'PY'
import os, sys
seen, out = set(), []
for d in ["/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
          "/usr/lib/systemd/system", "/lib/systemd/system"]:
    dd = os.path.join(d, "docker.service.d")
    if not os.path.isdir(dd):
        continue
    for n in sorted(os.listdir(dd)):
        if not n.endswith(".conf") or n in seen:
            continue
        seen.add(n)
        p = os.path.join(dd, n)
        if os.path.realpath(p) != "/dev/null" and os.path.isfile(p):
            out.append(os.path.realpath(p))
print(",".join(out))
PY
)
	da_assert_json "(e) 1.1.7 judges $UNIT${DROPINS:+ and its drop-ins $DROPINS}" "$W/e117.out" \
		"(res('1.1.7')['status'] == 'pass' and '$UNIT' in res('1.1.7')['detail']) or (res('1.1.7')['status'] == 'fail' and set(names(res('1.1.7'))) <= set(['$UNIT'] + [x for x in '$DROPINS'.split(',') if x]) and len(names(res('1.1.7'))) >= 1)"
fi

# ---------------------------------------------------------------------------------------------
echo "== (f) 1.1.8: the containerd socket our daemon uses"
CTRD=""
if grep -qE '^\s*\[grpc\]' /etc/containerd/config.toml 2>/dev/null; then
	echo "[e2e] note: /etc/containerd/config.toml has a [grpc] table; exact-path assertion skipped"
elif [[ -S /run/containerd/containerd.sock ]]; then
	CTRD=/run/containerd/containerd.sock
else
	CTRD="$DA_TMP/host/exec/containerd/containerd.sock"
fi
run f118 -H "$H" --check 1.1.8 -f json
if [[ -n "$CTRD" ]]; then
	da_assert_true "(f) $CTRD is a socket" test -S "$CTRD"
	if [[ $AUDIT_OK -eq 1 ]]; then
		da_assert_json "(f) 1.1.8 fails naming exactly $CTRD" "$W/f118.out" \
			"res('1.1.8')['status'] == 'fail' and names(res('1.1.8')) == ['$CTRD']"
		if [[ "$CTRD" == "$DA_TMP"/* ]] && da_audit_add -w "$CTRD" -p wa; then
			run f118w -H "$H" --check 1.1.8 -f json
			da_assert_json "(f) 1.1.8 passes with a loaded watch on $CTRD" "$W/f118w.out" \
				"res('1.1.8')['status'] == 'pass' and '$CTRD' in res('1.1.8')['detail']"
		fi
	else
		da_assert_json "(f) 1.1.8 judges exactly $CTRD" "$W/f118.out" \
			"res('1.1.8')['status'] in ('pass', 'fail') and names(res('1.1.8')) in ([], ['$CTRD'])"
	fi
fi

# ---------------------------------------------------------------------------------------------
echo "== (f2) 1.1.9 by edition: the docker.socket unit (v1.6.0), the docker.sock files (v1.7.0+)"
SOCKP=$DA_SOCK_host
run f119 -H "$H" --check 1.1.9 --benchmark 1.8.0 -f json
da_assert_json "(f2) v1.8.0 1.1.9 is about docker.sock" "$W/f119.out" \
	"res('1.1.9')['title'].endswith('- docker.sock') and res('1.1.9')['key'] == 'audit-docker-socket'"
run f119o -H "$H" --check 1.1.9 --benchmark 1.6.0 -f json
da_assert_json "(f2) v1.6.0 1.1.9 judges the docker.socket unit, never the socket file" "$W/f119o.out" \
	"res('1.1.9')['title'].endswith('- docker.socket') and '$SOCKP' not in json.dumps(res('1.1.9'))"
if [[ $AUDIT_OK -eq 1 ]]; then
	da_assert_json "(f2) v1.8.0 1.1.9 fails naming exactly the daemon's socket $SOCKP" "$W/f119.out" \
		"res('1.1.9')['status'] == 'fail' and names(res('1.1.9')) == ['$SOCKP']" 'res("1.1.9")'
	# a 'never' rule is an exclusion, never a watch
	if da_audit_add -a never,exit -F "path=$SOCKP"; then
		run f119n -H "$H" --check 1.1.9 -f json
		da_assert_json "(f2) a 'never' rule on $SOCKP alone is not coverage" "$W/f119n.out" \
			"res('1.1.9')['status'] == 'fail' and names(res('1.1.9')) == ['$SOCKP']" 'res("1.1.9")'
		da_audit_cleanup
	fi
	if da_audit_add -w "$SOCKP" -p wa; then
		run f119w -H "$H" --check 1.1.9 --benchmark 1.7.0 -f json
		da_assert_json "(f2) v1.7.0 1.1.9 passes with a loaded watch on $SOCKP" "$W/f119w.out" \
			"res('1.1.9')['status'] == 'pass' and '$SOCKP' in res('1.1.9')['detail']" 'res("1.1.9")'
		# issue 12: the kernel applies the first rule that matches; a 'never' rule on the same
		# path loaded after the watch changes nothing ...
		if da_audit_add -a never,exit -F "path=$SOCKP"; then
			run f119wn -H "$H" --check 1.1.9 -f json
			da_assert_json "(f2) a 'never' rule loaded after the watch on $SOCKP changes nothing" \
				"$W/f119wn.out" "res('1.1.9')['status'] == 'pass'" 'res("1.1.9")'
		fi
		da_audit_cleanup
	fi
	# ... one loaded before it switches the watch off (it used to count: a false PASS) ...
	if da_audit_add -a never,exit -F "path=$SOCKP" && da_audit_add -w "$SOCKP" -p wa; then
		run f119nw -H "$H" --check 1.1.9 -f json
		da_assert_json "(f2) a 'never' rule on $SOCKP loaded before the watch switches it off" \
			"$W/f119nw.out" \
			"res('1.1.9')['status'] == 'fail' and names(res('1.1.9')) == ['$SOCKP'] and 'is switched off by a' in res('1.1.9')['detail']" \
			'res("1.1.9")'
		da_audit_cleanup
	fi
	# ... and so does one prepended with -A after it; a never rule on another path does not
	if da_audit_add -w "$SOCKP" -p wa && da_audit_add -A exit,never -F "dir=$(dirname "$SOCKP")"; then
		run f119An -H "$H" --check 1.1.9 -f json
		da_assert_json "(f2) 'auditctl -A exit,never -F dir=' on the socket's directory switches the watch off" \
			"$W/f119An.out" "res('1.1.9')['status'] == 'fail'" 'res("1.1.9")'
		da_audit_cleanup
	fi
	if da_audit_add -a never,exit -F "path=$SOCKP.other" && da_audit_add -w "$SOCKP" -p wa; then
		run f119on -H "$H" --check 1.1.9 -f json
		da_assert_json "(f2) a 'never' rule on another path before the watch changes nothing" \
			"$W/f119on.out" "res('1.1.9')['status'] == 'pass'" 'res("1.1.9")'
		da_audit_cleanup
	fi
else
	da_assert_json "(f2) v1.8.0 1.1.9 judges exactly $SOCKP" "$W/f119.out" \
		"res('1.1.9')['status'] in ('pass', 'fail', 'error') and names(res('1.1.9')) in ([], ['$SOCKP'])" 'res("1.1.9")'
fi

# ---------------------------------------------------------------------------------------------
echo "== (g) 1.2.1 and 1.2.2"
VERSION=$(da_docker host version -f '{{.Server.Version}}')
run g12 -H "$H" --check 1.2 -f json
da_assert_json "(g) 1.2.1 is manual" "$W/g12.out" "res('1.2.1')['status'] == 'manual'"
WANT122=$(python3 - "$VERSION" <<'PY'
import re, sys
m = re.match(r"v?(\d+)\.(\d+)", sys.argv[1])
major, minor = int(m.group(1)), int(m.group(2))
# the maintained lines of checks/host.c's table
ok = major > 29 or major in (28, 29) or (major, minor) == (25, 0)
print("pass" if ok else "fail")
PY
)
if [[ $WANT122 == fail ]]; then
	da_assert_json "(g) 1.2.2 fails for $VERSION, naming the engine only" "$W/g12.out" \
		"res('1.2.2')['status'] == 'fail' and names(res('1.2.2')) == ['Docker Engine'] and res('1.2.2')['findings'][0]['value'] == '$VERSION'"
else
	da_assert_json "(g) 1.2.2 passes for $VERSION" "$W/g12.out" \
		"res('1.2.2')['status'] == 'pass' and names(res('1.2.2')) == []"
fi
run g12down -H "unix://$DA_TMP/nosuch.sock" --check 1.2.2,1.1.1 -f json
da_assert_json "(g) 1.2.2 is ERROR with the daemon down" "$W/g12down.out" \
	"res('1.2.2')['status'] == 'error'"
if [[ -d /var/lib/docker ]]; then
	da_assert_json "(g) 1.1.1 with the daemon down judges the default data root and says so" \
		"$W/g12down.out" "'assuming /var/lib/docker' in res('1.1.1')['detail']"
else
	da_assert_json "(g) 1.1.1 with the daemon down and no /var/lib/docker is ERROR" \
		"$W/g12down.out" "res('1.1.1')['status'] == 'error'"
fi

echo "[e2e] real_host.sh took $(($(date +%s) - T0)) s"
da_finish

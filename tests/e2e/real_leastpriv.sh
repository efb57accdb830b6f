#!/usr/bin/env bash
# Least privilege (issue 6): run as a non-root user who may use the daemon's socket (its group),
# docker-audit still audits everything it can read; what needs root (the kernel's audit rules,
# root-only files) is ERROR with the reason, never PASS; stderr has one line telling the user to
# re-run with sudo. Ends with "N passed, N failed".
set -uo pipefail
BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"
da_require_bin "$BIN"
BIN=$DA_BIN

[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a private dockerd needs root)"
for tool in dockerd docker containerd runc ip python3 setpriv; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done
{ [[ -x /bin/busybox ]] || command -v busybox >/dev/null 2>&1; } ||
	da_skip_or_fail "busybox not found (install busybox-static)"

da_init
# A group id no account uses: the socket's group, given to the unprivileged user only.
GID=64321
while getent group "$GID" >/dev/null 2>&1; do GID=$((GID + 1)); done
da_start_daemon lp -G "$GID" || { da_fail "start a private dockerd with -G $GID"; da_finish; }
SOCK=$DA_SOCK_lp
da_busybox_image "$SOCK" lp/busybox:1 >/dev/null
docker -H "unix://$SOCK" run -d --name lp-pidhost --pid host lp/busybox:1 sleep 600 >/dev/null
docker -H "unix://$SOCK" run -d --name lp-plain lp/busybox:1 sleep 600 >/dev/null

# the binary where the unprivileged user can run it
RUNDIR=$(mktemp -d /tmp/da-lp.XXXXXX)
chmod 755 "$RUNDIR"
cp "$BIN" "$RUNDIR/docker-audit"
chmod 755 "$RUNDIR/docker-audit"
OUT=$RUNDIR/out
mkdir -m 777 "$OUT"
as_nobody() { setpriv --reuid=65534 --regid=65534 --groups="$GID" "$@"; }

sock_mode=$(stat -c '%a %g' "$SOCK")
da_assert_eq "the test daemon's socket belongs to group $GID, mode 660" "660 $GID" "$sock_mode"

as_nobody "$RUNDIR/docker-audit" -H "unix://$SOCK" -f json -o "$OUT/r.json" \
	> "$OUT/text" 2> "$OUT/err"
rc=$?
da_assert_true "exit status 1 or 3 as a non-root user (got $rc)" test "$rc" = 1 -o "$rc" = 3
da_assert_json "5.16 is judged through the socket group and names lp-pidhost only" "$OUT/r.json" \
	'[r for r in d["results"] if r["id"] == "5.16"][0]["status"] == "fail" and [f["name"] for f in [r for r in d["results"] if r["id"] == "5.16"][0]["findings"]] == ["lp-pidhost"]'
da_assert_json "every container check is judged (none is error)" "$OUT/r.json" \
	'all(r["status"] != "error" for r in d["results"] if r["id"] in ("5.4","5.5","5.10","5.11","5.13","5.16","5.17","5.21","5.29","5.31"))'
da_assert_json "the audit-watch checks say what they could not read, never pass" "$OUT/r.json" \
	'all(r["status"] in ("error","fail","skip") for r in d["results"] if r["id"].startswith("1.1.") and r["id"] not in ("1.1.1","1.1.2"))'
da_assert_json "the kernel's refusal is in the audit-watch details" "$OUT/r.json" \
	'any("kernel" in r["detail"] or "loaded audit rules" in r["detail"] for r in d["results"] if r["id"] == "1.1.6")'
da_assert_json "no root-only fact turned into a pass: errors carry a reason" "$OUT/r.json" \
	'all(r["detail"] for r in d["results"] if r["status"] == "error") and d["summary"]["error"] > 0'
n=$(grep -c 're-run with sudo' "$OUT/err")
da_assert_eq "exactly one line on stderr tells the user to re-run with sudo" "1" "$n"
da_assert_contains "that line says it is not root" "$OUT/err" "not running as root"

# as root, the same audit has no such line
"$BIN" -H "unix://$SOCK" -f json -o "$OUT/root.json" > /dev/null 2> "$OUT/root.err"
da_assert_eq "as root there is no sudo hint" "0" "$(grep -c 're-run with sudo' "$OUT/root.err")"

rm -rf "$RUNDIR"
da_finish

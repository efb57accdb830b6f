#!/usr/bin/env bash
# tests/e2e/image_dockerfile.sh [BINARY]: the top-level Dockerfile, built and run as the README
# documents it, against a private dockerd (ctest: e2e_dockerfile, label "dockerfile").
#
# No registry is reachable: the Dockerfile's bases (BUILD_BASE, BASE) are Debian 12 root
# filesystems made with debootstrap (tests/e2e/rootfs.sh, cached in
# /var/cache/docker-audit-tests/rootfs/ and rebuilt when absent) and `docker import`ed. Then:
#   - the image builds with the real Dockerfile; its size, user and the time it took are printed;
#   - the documented host audit line runs (root in the container, -v /:/host:ro, the daemon's
#     socket): a complete report, the container itself left out and the report saying so;
#   - the documented image gate runs as the image's non-root user on a `docker save` tar.
# The first run spends minutes in debootstrap; later runs reuse the cached root filesystems.
# shellcheck disable=SC2154
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# the system python3, not a version manager's shim (each call through one costs seconds)
export PATH="/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
SRC=$(cd "$HERE/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"
T0=$(date +%s)

[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a private dockerd needs root)"
for tool in dockerd docker containerd runc ip python3 timeout debootstrap; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done

da_init
W="$DA_TMP/out"
mkdir -p "$W"

echo "== (a) Debian 12 bases from debootstrap (cached)"
t=$(date +%s)
RUNTIME_TAR=$("$HERE/rootfs.sh" bookworm libcurl4 libcjson1 libaudit1 libarchive13 libyaml-0-2 ca-certificates) ||
	da_fail "(a) runtime root filesystem"
BUILD_TAR=$("$HERE/rootfs.sh" bookworm gcc libc6-dev make cmake pkg-config libcurl4-openssl-dev \
	libcjson-dev libaudit-dev libarchive-dev libyaml-dev) || da_fail "(a) build root filesystem"
echo "   root filesystems ready in $(($(date +%s) - t)) s"
[[ -s "$RUNTIME_TAR" && -s "$BUILD_TAR" ]] || da_finish

if ! da_start_daemon df; then
	da_fail "(a) start a private dockerd"
	da_finish
fi
t=$(date +%s)
timeout 600 docker -H "$DA_HOST_df" import "$RUNTIME_TAR" da-test/bookworm-runtime:1 >/dev/null &&
	timeout 600 docker -H "$DA_HOST_df" import "$BUILD_TAR" da-test/bookworm-build:1 >/dev/null
da_assert_eq "(a) bases imported" 0 $?
echo "   imported in $(($(date +%s) - t)) s"

echo "== (b) docker build with the real Dockerfile"
IMG=da-test/docker-audit:test
t=$(date +%s)
DOCKER_BUILDKIT=0 timeout 1200 docker -H "$DA_HOST_df" build -t "$IMG" \
	--build-arg BUILD_BASE=da-test/bookworm-build:1 \
	--build-arg BASE=da-test/bookworm-runtime:1 "$SRC" >"$W/build.log" 2>&1
rc=$?
BUILD_S=$(($(date +%s) - t))
da_assert_eq "(b) the image builds (${BUILD_S} s)" 0 "$rc"
[[ $rc -eq 0 ]] || {
	tail -n 30 "$W/build.log"
	da_finish
}
SIZE=$(da_docker df image inspect -f '{{.Size}}' "$IMG")
echo "   image size: $((SIZE / 1000000)) MB ($SIZE bytes), build stage $BUILD_S s"
da_assert_eq "(b) the image runs as a non-root user by default" "65532:65532" \
	"$(da_docker df image inspect -f '{{.Config.User}}' "$IMG")"
da_assert_true "(b) docker-audit version runs in it" \
	bash -c "DOCKER_HOST=$DA_HOST_df docker run --rm $IMG version | grep -q '^docker-audit '"
da_assert_eq "(b) the runtime has no compiler" "" \
	"$(da_docker df run --rm --entrypoint sh "$IMG" -c 'command -v gcc cc cmake' 2>/dev/null)"

echo "== (c) the documented host audit"
# a container to be audited, and the auditor (the documented line, with the private socket)
da_busybox_image "$DA_SOCK_df" busybox:latest || da_fail "(c) busybox"
da_docker df run -d --name "victim-$$" busybox:latest sleep 600 >/dev/null
timeout 300 docker -H "$DA_HOST_df" run --rm --cidfile "$W/cid" --name "auditor-$$" \
	--net host --pid host --userns host --cap-add AUDIT_CONTROL -u 0 \
	-v /:/host:ro -v "$DA_SOCK_df":/var/run/docker.sock:ro \
	"$IMG" --root /host -f json >"$W/host.json" 2>"$W/host.err"
rc=$?
echo "   host audit exit status $rc"
da_assert_true "(c) the host audit completes with a verdict (exit 0, 1 or 3)" \
	bash -c "[[ $rc -eq 0 || $rc -eq 1 || $rc -eq 3 ]]"
CID=$(cat "$W/cid" 2>/dev/null)
da_assert_json "(c) the daemon was reached through the mounted socket" "$W/host.json" \
	'd["host"]["daemon"]["reachable"] is True and len(d["results"]) > 100'
da_assert_json "(c) its own container is left out, proved by its mount namespace (--pid host), and the report says so" "$W/host.json" \
	'd["left_out"]["container"]["id"] == "'"$CID"'" and "mount namespace" in d["left_out"]["container"]["reason"] and "auditor-'$$'" not in text([r.get("findings") for r in d["results"] if r["id"].startswith("5.")])'
da_assert_json "(c) the other container is audited (5.x names it)" "$W/host.json" \
	'"victim-'$$'" in text([r.get("findings") for r in d["results"] if r["id"].startswith("5.")])'
da_assert_json "(c) host files are read under --root /host (1.x judged, not all ERROR)" "$W/host.json" \
	'sum(1 for r in d["results"] if r["section"] == "3" and r["status"] in ("pass", "fail")) >= 5'

echo "== (d) the documented image gate, non-root, no daemon"
timeout 300 docker -H "$DA_HOST_df" save -o "$W/app.tar" "$IMG" busybox:latest
chmod 0644 "$W/app.tar"
timeout 300 docker -H "$DA_HOST_df" run --rm -v "$W/app.tar:/in/app.tar:ro" "$IMG" \
	image --input /in/app.tar -f json >"$W/gate.json" 2>"$W/gate.err"
rc=$?
da_assert_eq "(d) the gate fails on busybox's findings (exit 1)" 1 "$rc"
da_assert_json "(d) the gate read the docker save tar" "$W/gate.json" \
	'd["input"]["format"] == "docker save" and d["input"]["images"] == 2'
da_assert_json "(d) docker-audit's own image passes 4.1 and 4.6" "$W/gate.json" \
	'"'"$IMG"'" not in names(res("4.1")) and "'"$IMG"'" not in names(res("4.6"))'

echo "   ($(($(date +%s) - T0)) s in all; build stage ${BUILD_S} s; image $((SIZE / 1000000)) MB)"
da_finish

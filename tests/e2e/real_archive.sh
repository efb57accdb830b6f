#!/usr/bin/env bash
# tests/e2e/real_archive.sh BINARY: `docker-audit image --input` on image archives made by a real,
# private dockerd (ctest: e2e_real_archive).
#
# Builds images FROM a `docker import` of busybox-static with setuid/setgid files (one removed by a
# later layer's whiteout, one hidden by an opaque directory, one chmod'ed back, one replaced),
# USER and HEALTHCHECK variants and a secret in ENV; `docker save`s them; and audits
#   - the docker save tar (the legacy manifest.json layout dockerd 20.10 writes),
#   - an OCI layout directory made from it (gzip layers; one image zstd), and its tar, and one
#     written by skopeo,
#   - the layout Docker 25+ writes inside docker save (OCI blobs + index.json + manifest.json),
#   - malformed and hostile archives.
# Every section 4 verdict from an archive must equal the daemon's for the same images (4.8 aside:
# the daemon path does not read layers and stays manual); 4.8 must name exactly the setuid and
# setgid files a container of the image would have. About a minute.
#
# Needs root, dockerd + docker CLI, a static busybox, python3, zstd and skopeo; without them it reports
# "0 passed, 0 failed (skipped: ...)" and succeeds, unless DA_E2E_REAL=1.
# shellcheck disable=SC2154
set -uo pipefail

BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# the system python3, not a version manager's shim (each call through one costs seconds)
export PATH="/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"
T0=$(date +%s)

da_require_bin "$BIN"
BIN=$DA_BIN
[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a private dockerd needs root)"
for tool in dockerd docker containerd runc ip python3 skopeo zstd timeout; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done

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

build() { # build NAME DOCKERFILE: the classic builder, an empty context
	local name=$1 df=$2 ctx
	ctx="$DA_TMP/ctx/${name//[:\/]/_}"
	mkdir -p "$ctx"
	printf '%s\n' "$df" >"$ctx/Dockerfile"
	DOCKER_BUILDKIT=0 da_docker arc build -q -t "$name" "$ctx" >"$W/build.log" 2>&1 || {
		da_fail "build $name" "$(tail -n 5 "$W/build.log")"
		return 1
	}
}

# verdicts FILE: "id status" per result of a JSON report, one a line, sorted
verdicts() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["results"]:
    print(r["id"], r["status"])' "$1" | sort
}
# findings FILE ID: "kind name" per finding of check ID, sorted
findings() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["results"]:
    if r["id"] == sys.argv[2]:
        for f in r.get("findings") or []:
            print(f["kind"], f["name"])' "$1" "$2" | sort
}

echo "== (a) private daemon and images"
if ! da_start_daemon arc; then
	da_fail "(a) start a private dockerd"
	da_finish
fi
H="$DA_HOST_arc"
da_busybox_image "$DA_SOCK_arc" busybox:latest || {
	da_fail "(a) import busybox"
	da_finish
}
ok=1
# setuid/setgid files, and four ways a later layer takes them away again
build da-arc/suid:1 "FROM busybox:latest
RUN cp /bin/busybox /bin/suidbb && chmod 4755 /bin/suidbb && cp /bin/busybox /bin/sgidbb && chmod 2755 /bin/sgidbb
RUN cp /bin/busybox /bin/gone && chmod 4755 /bin/gone && mkdir -p /opt/x && cp /bin/busybox /opt/x/s && chmod 6755 /opt/x/s
RUN cp /bin/busybox /bin/fixed && chmod 4755 /bin/fixed && cp /bin/busybox /bin/repl && chmod 4755 /bin/repl
RUN rm /bin/gone && rm -rf /opt/x && mkdir /opt/x && echo y > /opt/x/keep && chmod a-s /bin/fixed && rm /bin/repl && echo plain > /bin/repl
USER 1000
HEALTHCHECK CMD true" || ok=0
build da-arc/root:1 "FROM busybox:latest
ENV DB_PASSWORD=hunter2
RUN echo hi > /hello" || ok=0
build da-arc/hcnone:1 "FROM busybox:latest
USER nobody
HEALTHCHECK NONE" || ok=0
da_assert_eq "(a) images built" 1 "$ok"
IMAGES=(da-arc/suid:1 da-arc/root:1 da-arc/hcnone:1)

echo "== (b) the daemon path, and docker save"
run daemon image -H "$H" -f json "${IMAGES[@]}"
da_assert_eq "(b) image via the daemon: exit 1 (failures)" 1 "$RC"
da_docker arc save -o "$W/all.tar" "${IMAGES[@]}" || da_fail "(b) docker save"
da_docker arc save -o "$W/suid.tar" da-arc/suid:1 || da_fail "(b) docker save suid"
verdicts "$W/daemon.out" | grep -v '^4\.8 ' >"$W/daemon.verdicts"
da_assert_eq "(b) the daemon leaves 4.8 manual" "4.8 manual" "$(verdicts "$W/daemon.out" | grep '^4\.8 ')"

# compare NAME FILE: verdicts (all but 4.8) and the named images equal the daemon path's
compare() {
	local what=$1 out=$2
	verdicts "$out" | grep -v '^4\.8 ' >"$W/$what.verdicts"
	if diff -u "$W/daemon.verdicts" "$W/$what.verdicts" >"$W/$what.diff"; then
		da_pass "$what: every verdict equals the daemon path's"
	else
		da_fail "$what: verdicts differ from the daemon path" "$(head -20 "$W/$what.diff")"
	fi
	local id
	for id in 4.1 4.6 4.7 4.9 4.10; do
		da_assert_eq "$what: $id names the same objects as the daemon path" \
			"$(findings "$W/daemon.out" "$id")" "$(findings "$out" "$id")"
	done
}
SUID_FILES=$(printf '%s\n' "file /bin/sgidbb" "file /bin/suidbb")

echo "== (c) docker save tar (legacy manifest.json layout)"
run save image --input "$W/all.tar" -f json
da_assert_eq "(c) exit 1" 1 "$RC"
compare "(c) docker save" "$W/save.out"
da_assert_eq "(c) 4.8 names exactly the setuid/setgid files left" "$SUID_FILES" \
	"$(findings "$W/save.out" 4.8)"
da_assert_json "(c) 4.8 fails, naming the layer and mode" "$W/save.out" \
	'res("4.8")["status"] == "fail" and any("mode 4755" in f["detail"] and "layer 2 of" in f["detail"] for f in res("4.8")["findings"])'
da_assert_json "(c) the report says what was read" "$W/save.out" \
	'd["input"]["format"] == "docker save" and d["input"]["images"] == 3'
run save_text image --input "$W/all.tar" --no-color
da_assert_contains "(c) text names the input" "$W/save_text.out" "Input: $W/all.tar (docker save, 3 images; no daemon)"
run one image --input "$W/all.tar" da-arc/hcnone:1 -f json
da_assert_json "(c) a name selects one image of the archive; 4.8 passes for it" "$W/one.out" \
	'res("4.8")["status"] == "pass" and res("4.6")["status"] == "fail" and names(res("4.6")) == ["da-arc/hcnone:1"]'
run missing image --input "$W/all.tar" nosuch:1
da_assert_eq "(c) a name not in the archive: exit 2" 2 "$RC"
da_assert_contains "(c) ... and says so" "$W/missing.err" "no image 'nosuch:1' in"

echo "== (d) OCI layout directory (gzip layers, one image zstd) and its tar"
OCI="$W/oci"
da_assert_true "(d) OCI layout made from the docker save tar" \
	python3 "$HERE/oci_from_save.py" "$W/all.tar" "$OCI" --zstd da-arc/hcnone:1
da_assert_true "(d) one layer is zstd" grep -q 'tar+zstd' -r "$OCI/blobs"
run ocidir image --input "$OCI" -f json
compare "(d) OCI layout directory" "$W/ocidir.out"
da_assert_eq "(d) OCI layout: the same setuid/setgid files" "$SUID_FILES" \
	"$(findings "$W/ocidir.out" 4.8)"
da_assert_json "(d) the report says OCI layout directory; image ids equal the daemon's" \
	"$W/ocidir.out" 'd["input"]["format"] == "OCI layout directory" and sorted(f["id"] for f in res("4.6")["findings"]) == sorted(f["id"] for f in [r for r in json.load(open("'"$W/daemon.out"'"))["results"] if r["id"] == "4.6"][0]["findings"])'
tar -C "$OCI" -cf "$W/oci.tar" .
run ocitar image --input "$W/oci.tar" -f json
compare "(d) OCI layout tar" "$W/ocitar.out"
da_assert_eq "(d) OCI tar: the same setuid/setgid files" "$SUID_FILES" "$(findings "$W/ocitar.out" 4.8)"
gzip -c "$W/all.tar" >"$W/all.tar.gz"
run gz image --input "$W/all.tar.gz" -f json
compare "(d) docker save | gzip" "$W/gz.out"
# a layout written by another tool: skopeo re-encodes the configuration as OCI's (which has no
# Healthcheck), so only what it keeps is compared
SK="$W/skopeo"
if skopeo copy -q "docker-archive:$W/all.tar:da-arc/suid:1" "oci:$SK:da-arc/suid:1" >"$W/sk.log" 2>&1; then
	run sk image --input "$SK" -f json
	da_assert_eq "(d) skopeo's layout: the same setuid/setgid files" "$SUID_FILES" \
		"$(findings "$W/sk.out" 4.8)"
	da_assert_json "(d) skopeo's layout: USER kept, 4.1 passes" "$W/sk.out" 'res("4.1")["status"] == "pass"'
else
	da_fail "(d) skopeo copy" "$(tail -n 3 "$W/sk.log")"
fi

echo "== (e) the layout Docker 25+ writes inside docker save"
D25="$W/d25"
da_assert_true "(e) Docker 25+ layout made" python3 "$HERE/oci_from_save.py" "$W/all.tar" "$D25" --docker25
tar -C "$D25" -cf "$W/d25.tar" .
run d25 image --input "$W/d25.tar" -f json
compare "(e) docker save (OCI layout)" "$W/d25.out"
da_assert_eq "(e) the same setuid/setgid files" "$SUID_FILES" "$(findings "$W/d25.out" 4.8)"
da_assert_json "(e) the report says docker save (OCI layout)" "$W/d25.out" \
	'd["input"]["format"] == "docker save (OCI layout)"'

echo "== (f) malformed and hostile input: a message, ERROR or usage error, never a crash or hang"
head -c 700000 "$W/suid.tar" >"$W/trunc.tar"
run trunc image --input "$W/trunc.tar" -f json
da_assert_eq "(f) truncated tar: exit 3 (ERROR)" 3 "$RC"
da_assert_json "(f) truncated tar: checks are ERROR, none PASS" "$W/trunc.out" \
	'all(r["status"] in ("error", "manual") for r in d["results"]) and res("4.6")["status"] == "error"'
da_assert_contains "(f) truncated tar: one line says why" "$W/trunc.err" "cannot read the image archive"
head -c 100000 /dev/urandom >"$W/random.bin"
run random image --input "$W/random.bin"
da_assert_eq "(f) random bytes: exit 3" 3 "$RC"
run nofile image --input "$W/does-not-exist.tar"
da_assert_eq "(f) no such file: exit 2" 2 "$RC"
mkfifo "$W/fifo"
run fifo image --input "$W/fifo"
da_assert_eq "(f) a FIFO: exit 3, no hang" 3 "$RC"
mkdir -p "$W/empty"
run emptydir image --input "$W/empty"
da_assert_eq "(f) a directory that is no layout: exit 3" 3 "$RC"
da_assert_contains "(f) ... and says what is missing" "$W/emptydir.err" "no index.json"
# a layer that is missing: 4.8 is ERROR for that image, the configuration checks still judge
mkdir -p "$W/nolayer" && tar -C "$W/nolayer" -xf "$W/suid.tar"
python3 - "$W/nolayer" <<'PY'
import json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
os.remove(os.path.join(d, m[0]["Layers"][-1]))
PY
tar -C "$W/nolayer" -cf "$W/nolayer.tar" .
run nolayer image --input "$W/nolayer.tar" -f json
da_assert_json "(f) a missing layer: 4.8 ERROR, 4.6 still judged" "$W/nolayer.out" \
	'res("4.8")["status"] == "error" and res("4.6")["status"] == "pass"'
# a layer symlinked out of the layout directory is not followed
rm -rf "$W/evil" && cp -a "$OCI" "$W/evil"
blob=$(python3 -c 'import json,sys; i=json.load(open(sys.argv[1]+"/index.json")); print(i["manifests"][0]["digest"].split(":")[1])' "$W/evil")
layer=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]+"/blobs/sha256/"+sys.argv[2])); print(m["layers"][0]["digest"].split(":")[1])' "$W/evil" "$blob")
rm -f "$W/evil/blobs/sha256/$layer" && ln -s /etc/shadow "$W/evil/blobs/sha256/$layer"
run evil image --input "$W/evil" -f json
# which image's layer that is depends on the order of the layout's index: the other images are
# still judged (4.8 is FAIL when the setuid image is among them), the broken one is an error
da_assert_json "(f) a symlinked layer is not followed: 4.8 names that image as not judged, never PASS" "$W/evil.out" \
	'res("4.8")["status"] in ("error", "fail") and len([f for f in res("4.8")["findings"] if f.get("error") and f["kind"] == "image"]) == 1' \
	'res("4.8")'
da_assert_not_contains "(f) ... and nothing of the file it points to (/etc/shadow) is read" "$W/evil.out" ":99999:"
run notimage image --input "$W/all.tar" --host unix:///nonexistent.sock -c 4.6
da_assert_eq "(f) no daemon is contacted (-H to nowhere is unused)" 1 "$RC"

echo "   ($(($(date +%s) - T0)) s)"
da_finish

#!/usr/bin/env bash
# tests/e2e/real_images.sh BINARY: section 4 (images) and section 6 (operations) of docker-audit
# against a real, private dockerd (ctest: e2e_real_images).
#
# Builds images FROM a static-busybox image with the classic builder (one property each), adds
# images whose histories have the forms of BuildKit, official images and other builders (layers
# committed with the CreatedBy text those builders write), starts containers (running, -u 0,
# created, exited), and asserts that each check names exactly the offending images and
# containers, and that no secret value appears in any output. About a minute.
#
# With DA_IMAGES_CAPTURE=DIR in the environment the scenario is also captured into DIR (Engine API
# JSON for the unit tests' fixtures, see tests/fixtures/docker/capture_images.sh).
#
# Needs root, dockerd + docker CLI, a static busybox, iproute2 and python3; without them it
# reports "0 passed, 0 failed (skipped: ...)" and succeeds, unless DA_E2E_REAL=1.
#
# DA_SOCK_img, DA_HOST_img, DA_DATA_img are set by da_start_daemon:
# shellcheck disable=SC2154
set -uo pipefail

BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

T0=$(date +%s)

da_require_bin "$BIN"
BIN=$DA_BIN

[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a private dockerd needs root)"
for tool in dockerd docker containerd runc ip python3 findmnt timeout; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done
{ [[ -x /bin/busybox ]] || command -v busybox >/dev/null 2>&1; } ||
	da_skip_or_fail "busybox not found (install busybox-static)"

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

# The secret values planted in the secrets image; none may ever appear in any output.
SECRET_PW=hunter2
SECRET_AWS=AKIAIOSFODNN7EXAMPLE
SECRET_GH=ghp_R2d2C3poBb8Yoda0Luke1Leia2Han3Solo45
SECRET_LABEL=labelsecret123
# (more in the second group of images below)

# build NAME DOCKERFILE [docker build args...]: classic builder, context with two small files.
build() {
	local name=$1 df=$2 ctx
	shift 2
	ctx="$DA_TMP/ctx/${name//[:\/]/_}"
	mkdir -p "$ctx"
	printf 'hello\n' >"$ctx/hello.txt"
	printf '%s\n' "$df" >"$ctx/Dockerfile"
	DOCKER_BUILDKIT=0 da_docker img build -q -t "$name" "$@" "$ctx" >"$W/build.log" 2>&1 || {
		da_fail "build $name" "$(tail -n 5 "$W/build.log")"
		return 1
	}
}

echo "== (a) private daemon, images, containers"
if ! da_start_daemon img; then
	da_fail "(a) start a private dockerd"
	da_finish
fi
H="$DA_HOST_img"
if ! da_busybox_image "$DA_SOCK_img" busybox:latest; then
	da_fail "(a) busybox image imported"
	da_finish
fi

ok=1
APPUSER="RUN echo 'app:x:1000:1000:app:/tmp:/bin/sh' >> /etc/passwd && echo 'app:x:1000:' >> /etc/group"
build nouser:1 $'FROM busybox:latest\nRUN echo nouser > /tmp/marker' || ok=0
build rootuser:1 $'FROM busybox:latest\nRUN echo rootuser > /tmp/marker\nUSER 0:0' || ok=0
build appuser:1 "FROM busybox:latest
$APPUSER
USER app" || ok=0
build health:1 "FROM busybox:latest
$APPUSER
USER app
HEALTHCHECK --interval=30s CMD [\"/bin/true\"]" || ok=0
build healthnone:1 "FROM health:1
HEALTHCHECK NONE" || ok=0
build update-alone:1 $'FROM busybox:latest\nRUN apt-get update || true\nRUN echo apt-get update > /tmp/not-an-update' || ok=0
build update-install:1 $'FROM busybox:latest\nRUN apt-get update && apt-get install -y curl || true' || ok=0
build add-file:1 $'FROM busybox:latest\nADD hello.txt /hello.txt' || ok=0
build copy-file:1 $'FROM busybox:latest\nCOPY hello.txt /hello.txt' || ok=0
build secrets:1 "FROM busybox:latest
ENV DB_PASSWORD=$SECRET_PW
ENV AWS_KEY=$SECRET_AWS
LABEL com.example.api-key=$SECRET_LABEL
ARG GITHUB_TOKEN
RUN test -n \"\$GITHUB_TOKEN\" && echo built > /tmp/marker" --build-arg "GITHUB_TOKEN=$SECRET_GH" || ok=0
# Hardened: passes every automated check of section 4, and carries names that look like secrets
# but are not (a *_FILE path, a token URL, a public key id, authors).
build clean:1 "FROM busybox:latest
$APPUSER
COPY hello.txt /hello.txt
ENV DB_PASSWORD_FILE=/run/secrets/db_password TOKEN_URL=https://auth.example.com/token GPG_KEY=A4A9406876FCBD3C456770C88C718D3B5072E1F5
LABEL org.opencontainers.image.authors=ops@example.com
USER app
HEALTHCHECK --interval=30s CMD [\"/bin/true\"]" || ok=0
da_docker img tag clean:1 clean:latest || ok=0
da_docker img tag clean:1 registry.example.com/team/clean:1 || ok=0
# A dangling image: dangle:1 built twice, the first build loses its tag.
build dangle:1 $'FROM busybox:latest\nRUN echo one > /tmp/v' || ok=0
DANGLING_ID=$(da_docker img image inspect -f '{{.Id}}' dangle:1)
build dangle:1 $'FROM busybox:latest\nRUN echo two > /tmp/v\nUSER 1000' || ok=0
DANGLING_SHORT=${DANGLING_ID#sha256:}
DANGLING_SHORT=${DANGLING_SHORT:0:12}

# Histories in the forms of other builders (BuildKit, official images, kaniko): each step a
# committed layer whose CreatedBy is the given text, as the daemon records it for docker commit.
SECRET_NPM=npm_Y0daLuke1Leia2Han3Solo4Chewie5R2d2C3
SECRET_URLPW=s3cr3tpass
SECRET_JWT=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJyb290In0.c2lnbmF0dXJlLXZhbHVl
SECRET_SLACK=xoxb-1234567890-abcdefghijkl
STEP_SEQ=0
step() { # step FROM TAG CREATEDBY [--change X ...]
	local from=$1 tag=$2 text=$3 c="dastep$$_$STEP_SEQ"
	shift 3
	STEP_SEQ=$((STEP_SEQ + 1))
	da_docker img run --name "$c" --entrypoint /bin/true "$from" "$text" >/dev/null &&
		da_docker img commit -c 'CMD ["/bin/sh"]' "$@" "$c" "$tag" >/dev/null &&
		da_docker img rm "$c" >/dev/null
}
build hc-base:1 "FROM busybox:latest
$APPUSER
LABEL org.example.role=base
USER app
HEALTHCHECK --interval=30s CMD [\"/bin/true\"]" || ok=0
# alpine-like, built with BuildKit: root:root, an update alone, a build secret in an argument
step busybox:latest bk-alpine:1 'ADD alpine-minirootfs-3.19.1-x86_64.tar.gz / # buildkit' || ok=0
step bk-alpine:1 bk-alpine:1 'CMD ["/bin/sh"]' || ok=0
step bk-alpine:1 bk-alpine:1 'RUN /bin/sh -c apk update # buildkit' || ok=0
step bk-alpine:1 bk-alpine:1 "RUN |1 NPM_TOKEN=$SECRET_NPM /bin/sh -c npm ci # buildkit" || ok=0
step bk-alpine:1 bk-alpine:1 'ENV API_AUTH_ENABLED=true' -c 'ENV API_AUTH_ENABLED=true' || ok=0
step bk-alpine:1 bk-alpine:1 'COPY app /app # buildkit' -c 'USER root:root' || ok=0
# ubuntu-like, classic builder: passes every automated check of section 4 but 4.6 (commit
# cannot add a HEALTHCHECK)
step busybox:latest ubuntu-like:1 '/bin/sh -c #(nop)  ARG RELEASE' || ok=0
step ubuntu-like:1 ubuntu-like:1 '/bin/sh -c #(nop)  LABEL org.opencontainers.image.version=22.04' \
	-c 'LABEL org.opencontainers.image.version=22.04' || ok=0
step ubuntu-like:1 ubuntu-like:1 '/bin/sh -c #(nop) ADD file:63d5ab3ef0aab308c0e71cb67292c5467f60deafa9b0418cbb220affcd078444 in / ' || ok=0
step ubuntu-like:1 ubuntu-like:1 '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*' || ok=0
step ubuntu-like:1 ubuntu-like:1 '/bin/sh -c update-ca-certificates' || ok=0
step ubuntu-like:1 ubuntu-like:1 '/bin/sh -c echo "apt-get update; apk update" > /notes' || ok=0
# shellcheck disable=SC2016 # a literal $reference, as the history shows it
step ubuntu-like:1 ubuntu-like:1 '/bin/sh -c #(nop)  ENV DB_PASSWORD_FILE=/run/secrets/db AUTH_METHOD=oauth SECRET_KEY=$SECRET_FROM_VAULT' \
	-c 'ENV DB_PASSWORD_FILE=/run/secrets/db' -c 'ENV AUTH_METHOD=oauth' -c 'USER 1000:0' || ok=0
# an ADD from a URL with a password in it, after a base with its root filesystem ADDed; USER 00
step busybox:latest url-add:1 '/bin/sh -c #(nop) ADD file:0c4555f363c2672e350001f1293e689875a3760afe7b3f9146886afe67121cba in / ' || ok=0
step url-add:1 url-add:1 "ADD https://deploy:$SECRET_URLPW@downloads.example.com/tool.tgz /opt/ # buildkit" -c 'USER 00' || ok=0
# package checks turned off, a full upgrade alone, a JWT and a Slack token
step hc-base:1 unverified:1 'RUN /bin/sh -c apt-get install -y --allow-unauthenticated foo # buildkit' || ok=0
step unverified:1 unverified:1 'RUN /bin/sh -c yum -y update # buildkit' || ok=0
step unverified:1 unverified:1 "ENV AUTH_TOKEN=$SECRET_JWT" -c "ENV AUTH_TOKEN=$SECRET_JWT" \
	-c "LABEL org.example.notify=$SECRET_SLACK" || ok=0
# distroless-like: a comment step, a numeric user, no health check
step busybox:latest distroless:1 "# debian.sh --arch 'amd64' out/ 'bookworm' '@1707091200'" || ok=0
step distroless:1 distroless:1 'COPY /etc/passwd /etc/passwd # buildkit' -c 'USER 65532' || ok=0

da_docker img run -d --name app-root -u 0 appuser:1 sleep 600 >/dev/null || ok=0
da_docker img run -d --name app appuser:1 sleep 600 >/dev/null || ok=0
da_docker img run -d --name clean clean:1 sleep 600 >/dev/null || ok=0
da_docker img create --name nouser-created nouser:1 sleep 600 >/dev/null || ok=0
da_docker img run -d --name nouser-run nouser:1 sleep 600 >/dev/null || ok=0
da_docker img run --name health-exited health:1 true >/dev/null || ok=0
if [[ $ok -eq 1 ]]; then
	da_pass "(a) images built, containers started"
else
	da_fail "(a) images built, containers started"
	da_docker img images
	da_docker img ps -a
	da_finish
fi
da_assert_eq "(a) dangle:1's first build is dangling" "[]" \
	"$(da_docker img image inspect -f '{{json .RepoTags}}' "$DANGLING_ID")"

if [[ -n "${DA_IMAGES_CAPTURE:-}" ]]; then
	bash "$HERE/../fixtures/docker/capture_images.sh" "$DA_SOCK_img" "$DA_IMAGES_CAPTURE" \
		"$DA_TMP/img/data" "$DA_TMP/img/exec" && da_log "captured into $DA_IMAGES_CAPTURE"
fi

# Python lists of the names each check must report, exactly.
D=$DANGLING_SHORT
ROOT_IMAGES="['url-add:1','bk-alpine:1','$D','secrets:1','copy-file:1','add-file:1','update-install:1','update-alone:1','rootuser:1','nouser:1','busybox:latest']"
NO_HEALTHCHECK="['distroless:1','url-add:1','ubuntu-like:1','bk-alpine:1','dangle:1','$D','secrets:1','copy-file:1','add-file:1','update-install:1','update-alone:1','healthnone:1','appuser:1','rootuser:1','nouser:1','busybox:latest']"
UNTRUSTED="['distroless:1','unverified:1','url-add:1','ubuntu-like:1','bk-alpine:1','hc-base:1','$D','dangle:1','add-file:1','secrets:1','copy-file:1','update-alone:1','update-install:1','health:1','healthnone:1','appuser:1','rootuser:1','nouser:1']"
UNUSED="['distroless:1','unverified:1','url-add:1','ubuntu-like:1','bk-alpine:1','hc-base:1','$D','dangle:1','add-file:1','secrets:1','copy-file:1','update-alone:1','update-install:1','healthnone:1','rootuser:1','busybox:latest']"
# exactly(ID, LIST): the check fails and names exactly LIST, each once, none as an error
exactly() {
	local file=$1 id=$2 list=$3 desc=$4
	da_assert_json "$desc" "$file" \
		"res('$id')['status'] == 'fail' and sorted(names(res('$id'))) == sorted($list) and not any(f.get('error') for f in res('$id')['findings'])" \
		"(res('$id')['status'], sorted(names(res('$id'))))"
}

echo "== (b) section 4 on every image, running containers"
run b4 -H "$H" --check 4 -f json
da_assert_eq "(b) --check 4 exits 1" 1 "$RC"
J="$W/b4.out"
da_assert_json "(b) exactly the twelve checks of section 4 ran" "$J" \
	'sorted(r["id"] for r in d["results"]) == sorted("4.%d" % i for i in range(1, 13))'
exactly "$J" 4.1 "$ROOT_IMAGES + ['app-root']" \
	"(b) 4.1 names the images without a non-root USER (0:0, root:root, 00 too) and app-root (-u 0)"
da_assert_json "(b) 4.1 judged app-root by the effective uid of its PID 1 in /proc" "$J" \
	'[f for f in res("4.1")["findings"] if f["name"] == "app-root"][0]["source"] == "kernel" and "PID 1 runs as uid 0" in [f for f in res("4.1")["findings"] if f["name"] == "app-root"][0]["detail"]'
da_assert_json "(b) 4.1: rootuser:1 fails with User=0:0" "$J" \
	'[f["detail"] for f in res("4.1")["findings"] if f["name"] == "rootuser:1"] == ["User=0:0"]'
da_assert_json "(b) 4.2 is manual without a policy" "$J" 'res("4.2")["status"] == "manual"'
for id in 4.3 4.4 4.8 4.12; do
	da_assert_json "(b) $id is manual with guidance" "$J" \
		"res('$id')['status'] == 'manual' and '20 local images' in res('$id')['detail']"
done
da_assert_json "(b) 4.5 reads the environment (no DOCKER_CONTENT_TRUST here: fail)" "$J" \
	'res("4.5")["status"] in ("fail", "pass")'
exactly "$J" 4.6 "$NO_HEALTHCHECK" "(b) 4.6 names images without a usable HEALTHCHECK (NONE too)"
exactly "$J" 4.7 "['update-alone:1','bk-alpine:1','unverified:1']" \
	"(b) 4.7 names the updates alone (apt-get, apk, yum), not update && install"
da_assert_json "(b) 4.7 quotes the step" "$J" \
	'any(f["detail"].startswith("RUN apt-get update || true (history step") for f in res("4.7")["findings"])'
exactly "$J" 4.9 "['add-file:1','url-add:1']" "(b) 4.9 names ADD, not the base's root filesystem"
exactly "$J" 4.10 "['secrets:1','bk-alpine:1','url-add:1','unverified:1']" \
	"(b) 4.10 names the images with secrets, not *_FILE/*_URL/\$refs"
da_assert_json "(b) 4.10 names the variables, and no finding carries a value" "$J" \
	'all(f.get("value") is None for f in res("4.10")["findings"]) and "db_password" in text(res("4.10")) and "github_token" in text(res("4.10"))'
exactly "$J" 4.11 "['unverified:1']" "(b) 4.11 names the image built with --allow-unauthenticated"
da_assert_json "(b) clean:1 (three tags) is named by no check" "$J" \
	'not any(f["name"] in ("clean:1", "clean:latest", "registry.example.com/team/clean:1") for r in d["results"] for f in r.get("findings") or [])'
da_assert_json "(b) image findings carry the full image id" "$J" \
	'all(f["id"].startswith("sha256:") and len(f["id"]) == 71 for r in d["results"] for f in r.get("findings") or [] if f["kind"] == "image")'

echo "== (c) no secret value in any output"
run c_json -H "$H" -a -f json
run c_text -H "$H" -a -v --no-color
run c_img image -H "$H" secrets:1 bk-alpine:1 url-add:1 unverified:1 -v --no-color
da_assert_json "(c) the full audit with -a ran section 4 and found the secrets" "$W/c_json.out" \
	'res("4.10")["status"] == "fail" and len(res("4.10")["findings"]) == 4'
for f in c_json c_text c_img b4; do
	for secret in "$SECRET_PW" "$SECRET_AWS" "$SECRET_GH" "$SECRET_LABEL" "$SECRET_NPM" \
		"$SECRET_URLPW" "$SECRET_JWT" "$SECRET_SLACK" "${SECRET_GH:4:12}" "${SECRET_AWS:0:8}"; do
		da_assert_not_contains "(c) $f: no '${secret:0:6}...' in the output" "$W/$f.out" "$secret"
	done
done
da_assert_contains "(c) the text report names DB_PASSWORD" "$W/c_text.out" "DB_PASSWORD"
da_assert_contains "(c) the image command names GITHUB_TOKEN" "$W/c_img.out" "GITHUB_TOKEN"

echo "== (d) 4.2 with a policy"
run d42 -H "$H" --check 4.2 --trusted-images 'registry.example.com/*, busybox' -f json
exactly "$W/d42.out" 4.2 "$UNTRUSTED" "(d) --trusted-images: every image but clean:1 and busybox:latest fails"
DOCKER_AUDIT_TRUSTED_IMAGES='docker.io/library/*' run d42e -H "$H" --check 4.2 -f json
exactly "$W/d42e.out" 4.2 "['$D']" "(d) DOCKER_AUDIT_TRUSTED_IMAGES=docker.io/library/*: only the untagged image fails"

echo "== (e) 4.1: stopped containers, no /proc, the image command"
run e_all -H "$H" --check 4.1 -a -f json
exactly "$W/e_all.out" 4.1 "$ROOT_IMAGES + ['app-root']" "(e) -a: health-exited (User app) passes"
mkdir -p "$DA_TMP/noproc"
run e_noproc -H "$H" --root "$DA_TMP/noproc" --no-kernel-audit --check 4.1 -f json
exactly "$W/e_noproc.out" 4.1 "$ROOT_IMAGES + ['app-root']" "(e) without /proc: app-root fails by Config.User"
da_assert_json "(e) without /proc: the detail says how containers were judged" "$W/e_noproc.out" \
	'"by Config.User" in res("4.1")["detail"]'
run e_img image -H "$H" appuser:1 clean:1 -f json
da_assert_json "(e) image appuser:1 clean:1: 4.1 passes (containers do not count)" "$W/e_img.out" \
	'res("4.1")["status"] == "pass" and res("4.1")["findings"] in ([], None)'
da_assert_json "(e) image appuser:1 clean:1: 4.6 names appuser:1 only" "$W/e_img.out" \
	'sorted(names(res("4.6"))) == ["appuser:1"]'

echo "== (f) section 6"
run f6 -H "$H" --check 6 -f json
da_assert_eq "(f) --check 6 exits 0 (information only)" 0 "$RC"
da_assert_json "(f) 6.1 is info and names exactly the unused images" "$W/f6.out" \
	"res('6.1')['status'] == 'info' and sorted(names(res('6.1'))) == sorted($UNUSED)" \
	"(res('6.1')['status'], res('6.1')['detail'], sorted(names(res('6.1'))))"
da_assert_json "(f) 6.1 counts 20 images, 16 unused, 6 containers, 1 dangling" "$W/f6.out" \
	'res("6.1")["detail"].startswith("20 images, 16 of them not used by any of the 6 containers") and "1 of those untagged" in res("6.1")["detail"]'
da_assert_json "(f) 6.2 counts the containers by state from the engine's list" "$W/f6.out" \
	'res("6.2")["status"] == "info" and res("6.2")["detail"].startswith("6 containers: 4 running, 0 paused, 2 stopped (") and "/info says" not in res("6.2")["detail"]'

echo "== (g) daemon unreachable"
run g -H unix:///nonexistent.sock --check 4.1,4.7,4.10,6.1 -f json
da_assert_eq "(g) exits 3" 3 "$RC"
da_assert_json "(g) every check is error" "$W/g.out" \
	'len(d["results"]) == 4 and all(r["status"] == "error" for r in d["results"])'

echo "[e2e] runtime $(($(date +%s) - T0)) s"
da_finish

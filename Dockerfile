# docker-audit in a container: a host audit and an image gate without installing anything.
#
#   docker build -t docker-audit .
#
# Host audit (root in the container: it reads the host's files under /host, other processes'
# /proc entries and, with AUDIT_CONTROL, the kernel's audit rules; the container itself is left
# out of the audit and the report says so):
#   docker run --rm --net host --pid host --userns host --cap-add AUDIT_CONTROL -u 0 \
#     -v /:/host:ro -v /var/run/docker.sock:/var/run/docker.sock:ro \
#     docker-audit --root /host
#
# Image gate without a daemon (non-root, the default user):
#   docker save -o app.tar app:1
#   docker run --rm -v "$PWD/app.tar:/in/app.tar:ro" docker-audit image --input /in/app.tar
#
# The bases are build arguments so that a build without a registry can use imported Debian 12
# root filesystems (tests/e2e/image_dockerfile.sh does): packages already in a base are not
# fetched again.
ARG BUILD_BASE=debian:bookworm
ARG BASE=debian:bookworm-slim

FROM ${BUILD_BASE} AS build
ARG BUILD_PACKAGES="gcc libc6-dev make cmake pkg-config libcurl4-openssl-dev libcjson-dev libaudit-dev libarchive-dev libyaml-dev"
RUN set -eu; missing=""; \
	for p in $BUILD_PACKAGES; do \
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"; \
	done; \
	if [ -n "$missing" ]; then \
		apt-get update && apt-get install -y --no-install-recommends $missing && rm -rf /var/lib/apt/lists/*; \
	fi
WORKDIR /src
COPY CMakeLists.txt LICENSE README.md ./
COPY cmake cmake
COPY include include
COPY src src
COPY checks checks
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DDA_TESTS=OFF >/dev/null \
	&& cmake --build build -j"$(nproc)" \
	&& strip build/docker-audit

FROM ${BASE}
# only the libraries docker-audit links (ldd build/docker-audit), and CA certificates for tcp+TLS
ARG RUNTIME_PACKAGES="libcurl4 libcjson1 libaudit1 libarchive13 libyaml-0-2 ca-certificates"
RUN set -eu; missing=""; \
	for p in $RUNTIME_PACKAGES; do \
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"; \
	done; \
	if [ -n "$missing" ]; then \
		apt-get update && apt-get install -y --no-install-recommends $missing && rm -rf /var/lib/apt/lists/*; \
	fi; \
	useradd --system --uid 65532 --user-group --no-create-home --home-dir /nonexistent \
		--shell /usr/sbin/nologin docker-audit
COPY --from=build /src/build/docker-audit /usr/bin/docker-audit
LABEL org.opencontainers.image.title="docker-audit" \
	org.opencontainers.image.description="Checks based on the CIS Docker Benchmark, for hosts and images" \
	org.opencontainers.image.licenses="Apache-2.0"
# a one-shot tool: the health check says the binary runs in this image
HEALTHCHECK --interval=5m --timeout=5s CMD ["docker-audit", "version"]
# non-root by default (image gates); a host audit runs with -u 0, see above
USER 65532:65532
ENTRYPOINT ["docker-audit"]

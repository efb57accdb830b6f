#!/usr/bin/env bash
# The installed tree works like a real tool: binary, man page, bash completion, the Docker CLI
# plugin link ("docker audit"), systemd units, and a .deb from CPack.
set -uo pipefail
BUILD=${1:?usage: check_install.sh BUILD_DIR}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/da-install.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
PASSED=0 FAILED=0
ok() { PASSED=$((PASSED + 1)); echo "ok - $*"; }
not_ok() { FAILED=$((FAILED + 1)); echo "not ok - $*"; }
check() { local name=$1; shift; if "$@" > "$WORK/out" 2>&1; then ok "$name"; else not_ok "$name: $(head -c 400 "$WORK/out")"; fi; }

DESTDIR="$WORK/root" cmake --install "$BUILD" --prefix /usr > "$WORK/install.log" 2>&1 ||
	not_ok "cmake --install: $(tail -5 "$WORK/install.log")"
R=$WORK/root
check "binary installed and runs" "$R/usr/bin/docker-audit" version
check "man page renders" sh -c "MANWIDTH=80 man -l '$R/usr/share/man/man1/docker-audit.1' | grep -q 'EXIT STATUS'"
# every long option of --help is documented in the man page
missing=$("$R/usr/bin/docker-audit" --help | grep -o -- '--[a-z][a-z-]*' | sort -u | while read -r opt; do
	grep -q -- "$(printf '%s' "$opt" | sed 's/-/\\\\-/g')" "$R/usr/share/man/man1/docker-audit.1" || echo "$opt"
done)
if [ -z "$missing" ]; then ok "man page documents every option"; else not_ok "man page lacks: $missing"; fi
check "bash completion parses" bash -n "$R/usr/share/bash-completion/completions/docker-audit"
check "plugin link points at the binary" test "$(readlink -f "$R/usr/libexec/docker/cli-plugins/docker-audit")" = "$(readlink -f "$R/usr/bin/docker-audit")"
if command -v docker > /dev/null; then
	export DOCKER_CONFIG=$WORK/dockercfg
	mkdir -p "$DOCKER_CONFIG/cli-plugins"
	ln -s "$R/usr/libexec/docker/cli-plugins/docker-audit" "$DOCKER_CONFIG/cli-plugins/docker-audit"
	check "docker audit version through the plugin path" sh -c "docker audit version | grep -q 'CIS Docker Benchmark v1.8.0'"
	check "docker lists the plugin" sh -c "docker --help 2>&1 | grep -q 'audit'"
else
	not_ok "the docker CLI is not installed"
fi
if command -v systemd-analyze > /dev/null; then
	# verify the units against the installed binary path (the unit names /usr/bin/docker-audit)
	check "systemd units verify" sh -c "cd '$R/usr/lib/systemd/system' && systemd-analyze verify --man=no ./docker-audit.timer ./docker-audit.service 2>&1 | grep -v 'Command /usr/bin/docker-audit is not executable' | grep -v '^$' | (! grep .)"
fi
if command -v dpkg-deb > /dev/null; then
	(cd "$BUILD" && cpack -G DEB -B "$WORK/deb" > "$WORK/cpack.log" 2>&1)
	deb=$(ls "$WORK"/deb/*.deb 2> /dev/null | head -1)
	[ -n "$deb" ] && dpkg-deb -c "$deb" > "$WORK/contents" && dpkg-deb -f "$deb" Depends > "$WORK/depends"
	if [ -n "$deb" ] && grep -q './usr/bin/docker-audit' "$WORK/contents" &&
		grep -q 'cli-plugins/docker-audit' "$WORK/contents" && grep -q libcurl "$WORK/depends"; then
		ok "cpack builds a .deb with the binary, the plugin link and library dependencies"
	else
		not_ok "cpack: $(tail -5 "$WORK/cpack.log")"
	fi
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]

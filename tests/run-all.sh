#!/usr/bin/env bash
# tests/run-all.sh: THE test command (README). Run as root on a Debian 12 host:
#
#     sudo bash tests/run-all.sh
#
# 1. installs what is missing of the build and test dependencies (apt-get, only when needed; the
#    host's docker and auditd services are not started: a temporary policy-rc.d denies it),
# 2. configures a fresh build dir build-test (-DDA_WERROR=ON -DCMAKE_BUILD_TYPE=Debug) and builds,
# 3. runs every test with ctest, with DA_E2E_REAL=1 so that the real-daemon end-to-end test must run
#    (missing prerequisites are a failure, not a skip),
# and exits with ctest's status. Idempotent: run it as often as you like.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
SRC=$(pwd)
BUILD="$SRC/build-test"

say() { printf '\n==> %s\n' "$*"; }

PACKAGES=(build-essential cmake pkg-config libcurl4-openssl-dev libcjson-dev libaudit-dev
	libcmocka-dev docker.io busybox-static auditd iproute2 python3 valgrind clang)

missing=()
for p in "${PACKAGES[@]}"; do
	if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]]; then
		missing+=("$p")
	fi
done

POLICY=/usr/sbin/policy-rc.d
POLICY_CREATED=0
remove_policy() {
	if [[ $POLICY_CREATED -eq 1 ]]; then
		rm -f "$POLICY"
		POLICY_CREATED=0
	fi
}
trap remove_policy EXIT

if [[ ${#missing[@]} -gt 0 ]]; then
	say "installing missing packages: ${missing[*]}"
	if [[ $(id -u) -ne 0 ]]; then
		echo "run-all.sh: need root to install ${missing[*]}" >&2
		exit 1
	fi
	if [[ ! -e "$POLICY" ]]; then
		# Deny service starts during the install: the tests run private daemons, never the host's.
		say "creating a temporary $POLICY (exit 101) so that no service is started"
		printf '#!/bin/sh\nexit 101\n' >"$POLICY"
		chmod 0755 "$POLICY"
		POLICY_CREATED=1
	fi
	export DEBIAN_FRONTEND=noninteractive
	say "apt-get update"
	apt-get update
	say "apt-get install ${missing[*]}"
	apt-get install -y --no-install-recommends "${missing[@]}"
	remove_policy
else
	say "all packages present: ${PACKAGES[*]}"
fi

say "configuring a fresh $BUILD (DA_WERROR=ON, Debug)"
rm -rf "$BUILD"
cmake -S "$SRC" -B "$BUILD" -DDA_WERROR=ON -DCMAKE_BUILD_TYPE=Debug

say "building with -j$(nproc)"
cmake --build "$BUILD" -j"$(nproc)"

say "running ctest (DA_E2E_REAL=1)"
export DA_E2E_REAL=1
status=0
ctest --test-dir "$BUILD" --output-on-failure || status=$?
say "ctest exited with status $status"
exit "$status"

#!/usr/bin/env bash
# tests/run-all.sh: THE test command (README). Run as root on a Debian 12 host:
#
#     sudo bash tests/run-all.sh
#
# 1. installs what is missing of the build and test dependencies (apt-get, only when needed; the
#    host's docker and auditd services are not started: a temporary policy-rc.d denies it),
# 2. configures a fresh build dir build-test (-DDA_WERROR=ON -DCMAKE_BUILD_TYPE=Debug) and builds,
# 3. runs every test with ctest, with DA_E2E_REAL=1 so that the real-daemon end-to-end tests must run
#    (missing prerequisites are a failure, not a skip),
# 4. builds again with AddressSanitizer and UndefinedBehaviorSanitizer (build-asan) and runs the
#    unit tests and the end-to-end tests of the binary there,
# 5. runs every unit test, and the binary against the fake daemon, under valgrind (memcheck),
# 6. builds the libFuzzer harnesses (tests/fuzz) and runs each for 10 s,
# and exits non-zero if any stage failed. Idempotent: run it as often as you like.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
SRC=$(pwd)
BUILD="$SRC/build-test"

say() { printf '\n==> %s\n' "$*"; }

PACKAGES=(build-essential cmake pkg-config libcurl4-openssl-dev libcjson-dev libaudit-dev
	libcmocka-dev docker.io busybox-static auditd iproute2 python3 valgrind clang libclang-rt-dev
	man-db prometheus chromium python3-jsonschema python3-yaml libxml2-utils openssl libyaml-dev
	etcd-server libarchive-dev skopeo zstd debootstrap
	bash-completion)

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

# Optimisation finds what a Debug build does not (-Wmaybe-uninitialized): the release build
# must be warning-free too.
REL="$SRC/build-release"
say "release build with -Werror ($REL)"
rm -rf "$REL"
cmake -S "$SRC" -B "$REL" -DDA_WERROR=ON -DCMAKE_BUILD_TYPE=Release -DDA_TESTS=OFF > /dev/null
cmake --build "$REL" -j"$(nproc)"

say "running ctest (DA_E2E_REAL=1)"
export DA_E2E_REAL=1
status=0
ctest --test-dir "$BUILD" --output-on-failure || status=$?
say "ctest exited with status $status"

# The same section 4 and 5 assertions against Docker 26.1 (trixie) and 28.5 (sid), chrooted in
# the cached roots of tests/e2e/engine_roots.sh (e2e_real_engines built them): opt-in with
# DA_ENGINE_MATRIX=1, about 15 minutes per engine on 2 cores.
if [[ "${DA_ENGINE_MATRIX:-}" == "1" ]]; then
	for root in trixie sid; do
		r=$(bash "$SRC/tests/e2e/engine_roots.sh" "$root") || { status=1; continue; }
		for area in runtime images; do
			say "e2e real_$area against the dockerd of $r"
			DA_ENGINE_ROOT=$r bash "$SRC/tests/e2e/real_$area.sh" "$BUILD/docker-audit" ||
				status=1
		done
	done
fi

ASAN="$SRC/build-asan"
say "sanitizers: configuring $ASAN (AddressSanitizer + UndefinedBehaviorSanitizer)"
rm -rf "$ASAN"
cmake -S "$SRC" -B "$ASAN" -DDA_WERROR=ON -DDA_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug > /dev/null
cmake --build "$ASAN" -j"$(nproc)"
# any report aborts the process, so a sanitizer finding is a failing test
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
asan_status=0
ctest --test-dir "$ASAN" --output-on-failure -E '^(install_tree|docs_checks_in_sync)$' || asan_status=$?
say "ctest under the sanitizers exited with status $asan_status"
unset ASAN_OPTIONS UBSAN_OPTIONS

say "valgrind (memcheck): every unit test, and the binary against the fake daemon"
vg_status=0
VG=(valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
	--errors-for-leak-kinds=definite,indirect --track-fds=no)
for t in "$BUILD"/tests/test_*; do
	[[ -x "$t" ]] || continue
	if "${VG[@]}" "$t" > "$BUILD/vg.out" 2>&1; then
		echo "valgrind: $(basename "$t") clean"
	else
		echo "valgrind: $(basename "$t") FAILED"
		tail -40 "$BUILD/vg.out"
		vg_status=1
	fi
done
if ! bash "$SRC/tests/e2e/valgrind_binary.sh" "$BUILD/docker-audit" "$BUILD/tests/fakedaemon"; then
	vg_status=1
fi
say "valgrind exited with status $vg_status"

say "fuzz smoke: every libFuzzer harness for ${DA_FUZZ_SMOKE_SECONDS:-10} s (clang, ASan+UBSan)"
fuzz_status=0
DA_FUZZ_REQUIRED=1 bash "$SRC/tests/fuzz/smoke.sh" "$SRC/build-fuzz" || fuzz_status=$?
say "fuzz smoke exited with status $fuzz_status"

say "summary: ctest $status, sanitizers $asan_status, valgrind $vg_status, fuzz $fuzz_status"
if [[ $status -ne 0 || $asan_status -ne 0 || $vg_status -ne 0 || $fuzz_status -ne 0 ]]; then
	exit 1
fi
exit 0

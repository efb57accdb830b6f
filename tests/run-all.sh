#!/usr/bin/env bash
# tests/run-all.sh [STAGE]...: THE test command (README). Run as root on a Debian 12 host:
#
#     sudo bash tests/run-all.sh                 every default stage, in this order
#     sudo bash tests/run-all.sh unit e2e        only these stages
#
# It first installs what is missing of the build and test dependencies (apt-get, only when
# needed; the host's docker and auditd services are not started: a temporary policy-rc.d denies
# it), then runs the stages:
#   unit      a fresh Debug build (build-test, -Werror) and a Release build (-Werror, warnings
#             only optimisation finds); every test that is not end-to-end (ctest -LE e2e)
#   e2e       the end-to-end tests of build-test, DA_E2E_REAL=1: the real-daemon scripts must run
#             (a missing prerequisite is a failure), and the binary against the fake daemon
#   asan      AddressSanitizer + UndefinedBehaviorSanitizer build (build-asan): the unit tests,
#             the fake daemon's faults, and one real-daemon pass (e2e_real); the per-area
#             real-daemon scripts run once, in the e2e stage: the sanitizers add nothing to
#             what they judge that the unit tests on their captured fixtures do not
#   valgrind  every unit test, and the binary against the fake daemon, under memcheck
#   fuzz      every libFuzzer harness for ${DA_FUZZ_SMOKE_SECONDS:-10} s (clang)
#   format    clang-format --dry-run -Werror over src checks include tests (first: it takes
#             seconds and a mis-formatted file is named before the long stages run)
# One test: ctest --test-dir build-test -R NAME (a cmocka row: build-test/tests/test_checks_host
# --test 'NAME' or CMOCKA_TEST_ABORT; see README "Development").
# It ends with every failed test by name and a line per stage with its wall time, and exits
# non-zero if any stage failed. Idempotent: run it as often as you like.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
SRC=$(pwd)
BUILD="$SRC/build-test"

say() { printf '\n==> %s\n' "$*"; }

DEFAULT_STAGES=(format unit e2e asan valgrind fuzz)
ALL_STAGES=(unit e2e asan valgrind fuzz format)
STAGES=("$@")
[[ ${#STAGES[@]} -eq 0 ]] && STAGES=("${DEFAULT_STAGES[@]}")
for st in "${STAGES[@]}"; do
	if [[ " ${ALL_STAGES[*]} " != *" $st "* ]]; then
		echo "usage: $0 [unit|e2e|asan|valgrind|fuzz|format]... (default: ${DEFAULT_STAGES[*]})" >&2
		exit 2
	fi
done

PACKAGES=(build-essential cmake pkg-config libcurl4-openssl-dev libcjson-dev libaudit-dev
	libcmocka-dev docker.io busybox-static auditd iproute2 python3 valgrind clang libclang-rt-dev
	man-db prometheus chromium python3-jsonschema python3-yaml libxml2-utils openssl libyaml-dev
	etcd-server libarchive-dev skopeo zstd debootstrap clang-format bash-completion
	rootlesskit slirp4netns uidmap)

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
	apt-get update || exit 1
	say "apt-get install ${missing[*]}"
	apt-get install -y --no-install-recommends "${missing[@]}" || exit 1
	remove_policy
else
	say "all packages present: ${PACKAGES[*]}"
fi

FAILED_TESTS=() # "stage: test name"
STAGE_LINES=()  # "stage  status  seconds"
any_failed=0

# ctest_run STAGE ARGS...: ctest, each failed test recorded by name
ctest_run() {
	local stage=$1
	shift
	local log rc=0
	log=$(mktemp)
	ctest "$@" --output-on-failure 2>&1 | tee "$log" || rc=${PIPESTATUS[0]}
	local name
	while IFS= read -r name; do
		FAILED_TESTS+=("$stage: $name")
	done < <(sed -n 's/^[[:space:]]*[0-9]\+ - \([^ ]*\) (.*)$/\1/p' "$log")
	rm -f "$log"
	return "$rc"
}

build_test_dir() {
	[[ -n "${BUILT_TEST:-}" ]] && return 0
	say "configuring a fresh $BUILD (DA_WERROR=ON, Debug)"
	rm -rf "$BUILD"
	cmake -S "$SRC" -B "$BUILD" -DDA_WERROR=ON -DCMAKE_BUILD_TYPE=Debug
	say "building with -j$(nproc)"
	cmake --build "$BUILD" -j"$(nproc)"
	BUILT_TEST=1
}

stage_unit() {
	build_test_dir || return 1
	# Optimisation finds what a Debug build does not (-Wmaybe-uninitialized): the release build
	# must be warning-free too.
	local rel="$SRC/build-release"
	say "release build with -Werror ($rel)"
	rm -rf "$rel"
	cmake -S "$SRC" -B "$rel" -DDA_WERROR=ON -DCMAKE_BUILD_TYPE=Release -DDA_TESTS=OFF >/dev/null
	cmake --build "$rel" -j"$(nproc)" || {
		FAILED_TESTS+=("unit: release build")
		return 1
	}
	say "ctest: every test but the end-to-end ones"
	ctest_run unit --test-dir "$BUILD" -LE e2e
}

stage_e2e() {
	build_test_dir || return 1
	say "ctest: the end-to-end tests (DA_E2E_REAL=1)"
	local rc=0
	DA_E2E_REAL=1 ctest_run e2e --test-dir "$BUILD" -L e2e || rc=1
	# The same section 4 and 5 assertions against Docker 26.1 (trixie) and 28.5 (sid), chrooted
	# in the cached roots of tests/e2e/engine_roots.sh (e2e_real_engines built them): part of
	# the default run (DA_ENGINE_MATRIX=0 leaves them out). Each engine costs about what 20.10
	# does (real_images about 1 minute, real_runtime about 1.5 on a quiet 2-core machine).
	if [[ "${DA_ENGINE_MATRIX:-1}" != "0" ]]; then
		local root r area
		for root in trixie sid; do
			r=$(bash "$SRC/tests/e2e/engine_roots.sh" "$root") || {
				FAILED_TESTS+=("e2e: engine root $root")
				rc=1
				continue
			}
			for area in runtime images; do
				say "e2e real_$area against the dockerd of $r"
				DA_ENGINE_ROOT=$r bash "$SRC/tests/e2e/real_$area.sh" "$BUILD/docker-audit" || {
					FAILED_TESTS+=("e2e: real_$area on $root")
					rc=1
				}
			done
		done
	fi
	return "$rc"
}

stage_asan() {
	local asan="$SRC/build-asan"
	say "sanitizers: configuring $asan (AddressSanitizer + UndefinedBehaviorSanitizer)"
	rm -rf "$asan"
	cmake -S "$SRC" -B "$asan" -DDA_WERROR=ON -DDA_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	cmake --build "$asan" -j"$(nproc)" || {
		FAILED_TESTS+=("asan: build")
		return 1
	}
	# any report aborts the process, so a sanitizer finding is a failing test
	ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 DA_E2E_REAL=1 \
		ctest_run asan --test-dir "$asan" -E '^(install_tree|docs_checks_in_sync|layers|e2e_dockerfile|e2e_real_.*)$'
}

stage_valgrind() {
	build_test_dir || return 1
	say "valgrind (memcheck): every unit test, and the binary against the fake daemon"
	local vg=(valgrind --quiet --error-exitcode=99 --leak-check=full
		--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
		--track-fds=no)
	local t rc=0
	for t in "$BUILD"/tests/test_*; do
		[[ -x "$t" ]] || continue
		if "${vg[@]}" "$t" >"$BUILD/vg.out" 2>&1; then
			echo "valgrind: $(basename "$t") clean"
		else
			echo "valgrind: $(basename "$t") FAILED"
			tail -40 "$BUILD/vg.out"
			FAILED_TESTS+=("valgrind: $(basename "$t")")
			rc=1
		fi
	done
	if ! bash "$SRC/tests/e2e/valgrind_binary.sh" "$BUILD/docker-audit" "$BUILD/tests/fakedaemon"; then
		FAILED_TESTS+=("valgrind: valgrind_binary.sh")
		rc=1
	fi
	return "$rc"
}

stage_fuzz() {
	say "fuzz smoke: every libFuzzer harness for ${DA_FUZZ_SMOKE_SECONDS:-10} s (clang, ASan+UBSan)"
	local log rc=0
	log=$(mktemp)
	DA_FUZZ_REQUIRED=1 bash "$SRC/tests/fuzz/smoke.sh" "$SRC/build-fuzz" 2>&1 | tee "$log" ||
		rc=${PIPESTATUS[0]}
	local name
	while IFS= read -r name; do
		FAILED_TESTS+=("fuzz: $name")
	done < <(sed -n 's/^fuzz smoke: FAILED: //p' "$log")
	[[ $rc -ne 0 && ${#FAILED_TESTS[@]} -eq 0 ]] && FAILED_TESTS+=("fuzz: smoke.sh")
	rm -f "$log"
	return "$rc"
}

stage_format() {
	say "format: clang-format --dry-run -Werror"
	local log rc=0
	log=$(mktemp)
	bash "$SRC/tests/format-check.sh" "$SRC" 2>&1 | tee "$log" || rc=${PIPESTATUS[0]}
	local f
	while IFS= read -r f; do
		FAILED_TESTS+=("format: $f")
	done < <(sed -n 's/^not formatted: //p' "$log")
	rm -f "$log"
	return "$rc"
}

# The host's /dev/null must stay a character device: a report written over it (the bug of
# issue 15) turns it into a regular file, and then every test that redirects to it, and every
# container given --device /dev/null, misbehaves. Refuse to start on a broken host, and fail the
# stage that broke it.
dev_null_ok() { [[ -c /dev/null ]]; }
if ! dev_null_ok; then
	echo "run-all.sh: /dev/null is not a character device on this host (restore it as root:" \
		"rm -f /dev/null && mknod -m 666 /dev/null c 1 3)" >&2
	exit 1
fi

for st in "${STAGES[@]}"; do
	start=$SECONDS
	rc=0
	"stage_$st" || rc=$?
	if ! dev_null_ok; then
		FAILED_TESTS+=("$st: the stage replaced the host's /dev/null")
		rc=1
	fi
	secs=$((SECONDS - start))
	if [[ $rc -eq 0 ]]; then
		STAGE_LINES+=("$(printf '%-9s passed  %5d s' "$st" "$secs")")
	else
		any_failed=1
		STAGE_LINES+=("$(printf '%-9s FAILED  %5d s (status %d)' "$st" "$secs" "$rc")")
	fi
	say "stage $st ended with status $rc after ${secs} s"
done

say "summary"
if [[ ${#FAILED_TESTS[@]} -gt 0 ]]; then
	echo "failed tests:"
	printf '  %s\n' "${FAILED_TESTS[@]}"
else
	echo "failed tests: none"
fi
echo "stages:"
printf '  %s\n' "${STAGE_LINES[@]}"
exit "$any_failed"

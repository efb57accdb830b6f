#!/bin/bash
# CI smoke for the fuzzers: build the libFuzzer harnesses in their own tree and run each one
# for DA_FUZZ_SMOKE_SECONDS (default 10). Skips (exit 0) when clang or libFuzzer's runtime is
# missing, unless DA_FUZZ_REQUIRED=1. Exit 1 when a harness finds something.
#
#   tests/fuzz/smoke.sh [BUILD_DIR]     (default: build-fuzz in the source tree)
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build-fuzz}
secs=${DA_FUZZ_SMOKE_SECONDS:-10}
t0=$(date +%s)

skip() {
	if [ "${DA_FUZZ_REQUIRED:-0}" = 1 ]; then
		echo "fuzz smoke: FAILED: $1" >&2
		exit 1
	fi
	echo "fuzz smoke: skipped ($1)"
	exit 0
}

command -v clang >/dev/null || skip "no clang; apt-get install clang libclang-rt-dev"
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n' \
	>"$probe/p.c"
clang -fsanitize=fuzzer,address,undefined -o "$probe/p" "$probe/p.c" 2>/dev/null ||
	skip "clang cannot link libFuzzer; apt-get install libclang-rt-dev"

CC=clang cmake -S "$src" -B "$build" -DDA_FUZZ=ON -DDA_TESTS=OFF >"$probe/cmake.log" 2>&1 || {
	cat "$probe/cmake.log" >&2
	echo "fuzz smoke: FAILED: cmake" >&2
	exit 1
}
cmake --build "$build" -j"$(nproc)" >"$probe/build.log" 2>&1 || {
	tail -50 "$probe/build.log" >&2
	echo "fuzz smoke: FAILED: build" >&2
	exit 1
}
t1=$(date +%s)
bash "$src/tests/fuzz/run.sh" "$build/fuzz" "$secs"
rc=$?
t2=$(date +%s)
echo "fuzz smoke: build $((t1 - t0)) s, fuzzing $((t2 - t1)) s, total $((t2 - t0)) s"
exit $rc

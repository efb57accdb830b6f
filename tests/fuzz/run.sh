#!/bin/bash
# Run every libFuzzer harness (or those named) for SECONDS each, one after the other, and print
# a summary: CPU time, executions, exec/s, coverage, corpus size, what was found.
#
#   tests/fuzz/run.sh BIN_DIR SECONDS [HARNESS...]
#
# BIN_DIR holds the harnesses (build-fuzz/fuzz). The working corpus of each harness lives in
# $DA_FUZZ_WORK/corpus/NAME (default BIN_DIR/work) and is seeded, on every run, from
# tests/fuzz/seeds/NAME and from the fixtures (see seed_* below); it grows from run to run.
# Crash, leak, timeout and OOM reproducers go to $DA_FUZZ_WORK/artifacts/NAME/, logs to
# $DA_FUZZ_WORK/logs/. Exit status 1 when any harness found something (or could not run).
#
# Environment: DA_FUZZ_RSS_MB (default 2048), DA_FUZZ_TIMEOUT (seconds per input, default 10),
# DA_FUZZ_WORK, DA_FUZZ_ARGS (more libFuzzer flags), DA_FUZZ_SKIP (harnesses to leave out,
# space-separated: for a known, reported bug that is not fixed yet).
set -u
if [ $# -lt 2 ]; then
	echo "usage: $0 BIN_DIR SECONDS [HARNESS...]" >&2
	exit 2
fi
bin=$(cd "$1" && pwd) || exit 2
secs=$2
shift 2
src=$(cd "$(dirname "$0")/../.." && pwd)
fixtures=$src/tests/fixtures
work=${DA_FUZZ_WORK:-$bin/work}
rss=${DA_FUZZ_RSS_MB:-2048}
per_input=${DA_FUZZ_TIMEOUT:-10}
mkdir -p "$work/corpus" "$work/artifacts" "$work/logs" "$work/dict" "$work/tmp"
# the harnesses make their private directories here, removed at exit
export TMPDIR=$work/tmp

if [ $# -gt 0 ]; then
	harnesses=("$@")
else
	harnesses=()
	for f in "$bin"/fuzz_*; do
		[ -x "$f" ] && harnesses+=("$(basename "$f")")
	done
fi
if [ -n "${DA_FUZZ_SKIP:-}" ]; then
	kept=()
	for h in "${harnesses[@]}"; do
		case " $DA_FUZZ_SKIP " in
		*" $h "*) echo "$h: skipped (DA_FUZZ_SKIP)" >&2 ;;
		*) kept+=("$h") ;;
		esac
	done
	harnesses=("${kept[@]}")
fi
if [ ${#harnesses[@]} -eq 0 ]; then
	echo "no harnesses in $bin (build with -DDA_FUZZ=ON)" >&2
	exit 2
fi

RS=$'\x1e'
US=$'\x1f'

# One record "KEY US BODY RS" of the fuzz_api / fuzz_daemonconf input format.
record() {
	printf '%s%s' "$1" "$US"
	cat "$2"
	printf '%s' "$RS"
}

# fuzz_api: one input per Engine API fixture scenario, every file a record keyed by its path.
seed_fuzz_api() {
	local d f key
	for d in "$fixtures"/docker/*/; do
		[ -d "$d" ] || continue
		{
			while IFS= read -r f; do
				key=${f#"$d"}
				record "${key%.json}" "$f"
			done < <(find "$d" -name '*.json' -type f | LC_ALL=C sort)
		} >"$1/fixture-$(basename "$d")"
	done
}

# fuzz_daemonconf: the files of each fake host root that it reads, and the API's /info and
# /version of each Engine API scenario.
seed_fuzz_daemonconf() {
	local d f rel
	for d in "$fixtures"/hostfs/*/; do
		[ -d "$d" ] || continue
		{
			for rel in etc/docker/daemon.json etc/default/docker etc/hostname etc/passwd \
				usr/lib/systemd/system/docker.socket usr/lib/systemd/system/docker.service; do
				[ -f "$d/$rel" ] && record "$rel" "$d/$rel"
			done
			for f in "$fixtures"/docker/seed/info.json "$fixtures"/docker/seed/version.json; do
				[ -f "$f" ] && record "@$(basename "$f" .json)" "$f"
			done
		} >"$1/hostfs-$(basename "$d")"
	done
}

# fuzz_json: every JSON file of the fixtures.
seed_fuzz_json() {
	local f
	while IFS= read -r f; do
		cp "$f" "$1/fixture-$(echo "$f" | md5sum | cut -c1-12)"
	done < <(find "$fixtures" -name '*.json' -type f -size -1048576c)
}

# fuzz_auditrules_text: rules files of the fixtures.
seed_fuzz_auditrules_text() {
	local f
	while IFS= read -r f; do
		cp "$f" "$1/fixture-$(echo "$f" | md5sum | cut -c1-12)"
	done < <(find "$fixtures" -name '*.rules' -type f)
}

# fuzz_waivers, fuzz_baseline: waiver files and JSON reports among the fixtures, if any.
seed_fuzz_waivers() {
	local f
	while IFS= read -r f; do
		cp "$f" "$1/fixture-$(echo "$f" | md5sum | cut -c1-12)"
	done < <(find "$fixtures" -iname '*waiver*' -type f -size -1048576c)
}
seed_fuzz_baseline() {
	local f
	while IFS= read -r f; do
		cp "$f" "$1/fixture-$(echo "$f" | md5sum | cut -c1-12)"
	done < <(find "$fixtures" \( -iname '*baseline*' -o -iname '*report*.json' \) -type f -size -1048576c)
}

# Dictionaries made from the source, so they follow the checks as they are written: the
# Engine API's member names (CamelCase literals) for the JSON harnesses, daemon.json keys and
# dockerd flags for fuzz_daemonconf.
make_dicts() {
	local lits=$work/dict/literals
	if ! compgen -G "$src/src/*.c" >/dev/null; then
		echo "run.sh: no $src/src/*.c: the dictionaries are made from the sources, so copy the" \
			"whole source tree (git archive), not only tests/" >&2
	fi
	cat "$src"/src/*.c "$src"/checks/*.c | grep -o '"[^"\\]*"' | tr -d '"' | LC_ALL=C sort -u >"$lits"
	{
		grep -E '^[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)*$' "$lits" | tr '.' '\n' | LC_ALL=C sort -u |
			sed 's/.*/"\\"&\\""/'
		printf '"%s"\n' running exited host private none true false null '[]' '{}' '\x1e' '\x1f'
		printf '"%s\\x1f"\n' info version containers 'containers/*' images 'images/*' \
			'images/*/history' networks 'networks/*' nodes services secrets swarm '*' env \
			kernel-rules image-names
	} >"$work/dict/api.dict"
	{
		grep -E '^[a-z][a-z0-9]*(-[a-z0-9]+)+$|^[a-z]{3,}$' "$lits" | head -400 | sed 's/.*/"&"/'
		grep -E '^[a-z][a-z0-9-]+$' "$lits" | head -200 | sed 's/.*/"--&"/'
		printf '"%s"\n' '\x00' '\x1e' '\x1f' 'unix://' 'tcp://' 'fd://' '[Socket]' 'ListenStream=' \
			'proc/4242/cmdline\x1f' 'proc/4242/exe\x1f' 'etc/docker/daemon.json\x1f' '@info\x1f'
	} >"$work/dict/daemonconf.dict"
	cp "$work/dict/api.dict" "$work/dict/json.dict"
}

# fuzz_api's seeds are whole Engine API scenarios (one of them 400 KB): mutating inputs that
# large is slow, and the checks learn as much from a few containers as from hundreds.
args_of() {
	case $1 in
	fuzz_api) echo "-max_len=131072" ;;
	esac
}

dict_of() {
	case $1 in
	fuzz_api) echo "$work/dict/api.dict" ;;
	fuzz_json) echo "$work/dict/json.dict" ;;
	fuzz_daemonconf) echo "$work/dict/daemonconf.dict" ;;
	esac
}

make_dicts
status=0
total_cpu=0
rows=()
TIMEFORMAT='%U %S'
for name in "${harnesses[@]}"; do
	exe=$bin/$name
	if [ ! -x "$exe" ]; then
		rows+=("$(printf '%-24s %s' "$name" "MISSING")")
		status=1
		continue
	fi
	corpus=$work/corpus/$name
	arts=$work/artifacts/$name
	log=$work/logs/$name.log
	mkdir -p "$corpus" "$arts"
	if [ -d "$src/tests/fuzz/seeds/$name" ]; then
		cp -f "$src/tests/fuzz/seeds/$name"/* "$corpus"/ 2>/dev/null
	fi
	if declare -F "seed_$name" >/dev/null; then
		"seed_$name" "$corpus"
	fi
	stamp=$work/logs/$name.start
	touch "$stamp"
	dict=$(dict_of "$name")
	# shellcheck disable=SC2086
	{ time "$exe" -max_total_time="$secs" -rss_limit_mb="$rss" -timeout="$per_input" \
		-artifact_prefix="$arts/" -print_final_stats=1 ${dict:+-dict="$dict"} \
		$(args_of "$name") ${DA_FUZZ_ARGS:-} "$corpus" >"$log" 2>&1; } 2>"$work/logs/$name.time"
	rc=$?
	read -r u s <"$work/logs/$name.time"
	cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.1f", u + s }')
	total_cpu=$(awk -v a="$total_cpu" -v b="$cpu" 'BEGIN { printf "%.1f", a + b }')
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	corp=$(find "$corpus" -type f | wc -l)
	# crash-*, leak-*, timeout-*, oom-*, slow-unit-* written by this run
	found=$(find "$arts" -type f -newer "$stamp" -printf '%f\n' | cut -d- -f1 | sort | uniq -c |
		awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }')
	result=ok
	if [ -n "$found" ]; then
		result="FOUND $found (see $log)"
		status=1
	elif [ "$rc" -ne 0 ]; then
		result="FAILED (exit $rc, see $log)"
		status=1
	fi
	rows+=("$(printf '%-24s %7s %10s %8s %6s %7s %6s  %s' "$name" "$cpu" "${execs:-?}" \
		"${eps:-?}" "${cov:-?}" "${ft:-?}" "$corp" "$result")")
	echo "$name: $result (cpu ${cpu}s, ${execs:-?} execs, cov ${cov:-?})" >&2
done

echo
printf '%-24s %7s %10s %8s %6s %7s %6s  %s\n' harness cpu_s execs exec/s cov ft corpus result
for r in "${rows[@]}"; do
	echo "$r"
done
echo "total CPU time fuzzed: ${total_cpu}s (${#harnesses[@]} harnesses, ${secs}s each); logs and reproducers in $work"
exit $status

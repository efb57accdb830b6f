#!/usr/bin/env bash
# Scale benchmark of docker-audit against the fake daemon (issue 10): time and peak memory of a
# full audit of N generated containers (and N/10 images), for several N, for one or more builds
# side by side.
#
#   bench/scale.sh [--runs R] [--sizes "100 1000 10000 100000"] LABEL=BINARY...
#
# e.g. bench/scale.sh before=build-before/docker-audit after=build-bench/docker-audit
# Prints one TSV row per (label, size): label, containers, images, median wall (s), median CPU
# (s), peak resident memory (MiB, the largest of the runs), the report's result count.
# The fake daemon is built from this checkout (build-bench) unless FAKEDAEMON is set.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
RUNS=3
SIZES="100 1000 10000 100000"
while [ $# -gt 0 ]; do
	case $1 in
	--runs) RUNS=$2; shift 2 ;;
	--sizes) SIZES=$2; shift 2 ;;
	*=*) break ;;
	*) echo "usage: bench/scale.sh [--runs R] [--sizes \"N...\"] LABEL=BINARY..." >&2; exit 2 ;;
	esac
done
[ $# -gt 0 ] || { echo "bench/scale.sh: no LABEL=BINARY given" >&2; exit 2; }

FAKE=${FAKEDAEMON:-}
if [ -z "$FAKE" ]; then
	cmake -S "$TOP" -B "$TOP/build-bench" -DCMAKE_BUILD_TYPE=Release > /dev/null
	cmake --build "$TOP/build-bench" -j"$(nproc)" --target fakedaemon > /dev/null
	FAKE=$TOP/build-bench/tests/fakedaemon
fi
TMP=$(mktemp -d)
FPID=
cleanup() {
	[ -n "$FPID" ] && kill "$FPID" 2> /dev/null && wait "$FPID" 2> /dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

printf 'label\tcontainers\timages\twall_s\tcpu_s\tpeak_mib\tresults\n'
for n in $SIZES; do
	m=$((n / 10))
	rm -f "$TMP/fake.sock"
	"$FAKE" --socket "$TMP/fake.sock" --generate-containers "$n" --generate-images "$m" \
		> "$TMP/fake.out" 2>&1 &
	FPID=$!
	for _ in $(seq 1 1200); do grep -q ready "$TMP/fake.out" && break; sleep 0.05; done
	grep -q ready "$TMP/fake.out" || { echo "fake daemon did not start" >&2; exit 1; }
	for spec in "$@"; do
		label=${spec%%=*} bin=${spec#*=}
		: > "$TMP/m.tsv"
		for _ in $(seq 1 "$RUNS"); do
			/usr/bin/time -f '%e %U %S %M' -o "$TMP/time.txt" "$bin" \
				-H "unix://$TMP/fake.sock" --no-kernel-audit -f text -o "$TMP/r.txt" \
				-f json -o "$TMP/r.json" > /dev/null 2> "$TMP/err.txt" || true
			res=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["results"]))' "$TMP/r.json" 2> /dev/null || echo -)
			echo "$(tail -1 "$TMP/time.txt") $res" >> "$TMP/m.tsv"
		done
		python3 - "$label" "$n" "$m" "$TMP/m.tsv" <<'PY'
import statistics, sys
label, n, m, path = sys.argv[1:5]
rows = [l.split() for l in open(path) if l.strip()]
wall = statistics.median(float(r[0]) for r in rows)
cpu = statistics.median(float(r[1]) + float(r[2]) for r in rows)
rss = max(int(r[3]) for r in rows) / 1024
print(f"{label}\t{n}\t{m}\t{wall:.3f}\t{cpu:.3f}\t{rss:.1f}\t{rows[-1][4]}")
PY
	done
	kill "$FPID"; wait "$FPID" 2> /dev/null || true
	FPID=
done

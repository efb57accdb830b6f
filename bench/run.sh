#!/usr/bin/env bash
# Benchmark of docker-audit (issue 7). As root on a machine with Debian's docker.io:
#
#   bench/run.sh [--runs N] [--containers N] [--write]
#
# Builds a release binary, then measures, each case --runs times (median wall and CPU time, peak
# memory, requests sent):
#   1. a real private dockerd with --containers running containers (default 70): the full audit
#      (every section, text and JSON) against the floor `docker inspect $(docker ps -q);
#      docker image inspect $(docker images -q)`;
#   2. the fake daemon with 100, 1,000 and 10,000 containers (and a tenth as many images): the
#      full audit, to show time and memory grow linearly;
#   3. --check 5.16 on 10,000 containers: only the list and the inspections are read.
# --write saves the table to bench/RESULTS.md with the machine it ran on.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
RUNS=5 NCONT=70 WRITE=0
while [ $# -gt 0 ]; do
	case $1 in
	--runs) RUNS=$2; shift 2 ;;
	--containers) NCONT=$2; shift 2 ;;
	--write) WRITE=1; shift ;;
	*) echo "usage: bench/run.sh [--runs N] [--containers N] [--write]" >&2; exit 2 ;;
	esac
done

BUILD=$TOP/build-bench
cmake -S "$TOP" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$BUILD" -j"$(nproc)" --target docker-audit fakedaemon > /dev/null
BIN=$BUILD/docker-audit
FAKE=$BUILD/tests/fakedaemon

# shellcheck source=../tests/e2e/lib.sh
source "$TOP/tests/e2e/lib.sh"
da_init
ROWS=$DA_TMP/rows.tsv
: > "$ROWS"

# measure NAME RUNS CMD...: run CMD RUNS times under /usr/bin/time; one TSV row of medians.
# The requests column comes from docker-audit -v ("N requests to the daemon") when present.
measure() {
	local name=$1 runs=$2
	shift 2
	local i
	: > "$DA_TMP/m.tsv"
	for i in $(seq 1 "$runs"); do
		/usr/bin/time -f '%e %U %S %M' -o "$DA_TMP/time.txt" "$@" > /dev/null 2> "$DA_TMP/err.txt" || true
		local req
		req=$(grep -o '[0-9]* requests to the daemon' "$DA_TMP/err.txt" | cut -d' ' -f1 || true)
		# time(1) puts "Command exited with non-zero status N" first: the figures are last
		echo "$(tail -1 "$DA_TMP/time.txt") ${req:--}" >> "$DA_TMP/m.tsv"
	done
	python3 - "$name" "$DA_TMP/m.tsv" >> "$ROWS" <<'PY'
import statistics, sys
name, path = sys.argv[1], sys.argv[2]
rows = [l.split() for l in open(path) if l.strip()]
wall = statistics.median(float(r[0]) for r in rows)
cpu = statistics.median(float(r[1]) + float(r[2]) for r in rows)
rss = max(int(r[3]) for r in rows) / 1024
req = rows[-1][4]
print(f"{name}\t{wall:.3f}\t{cpu:.3f}\t{rss:.1f}\t{req}")
PY
	tail -1 "$ROWS" | awk -F'\t' '{printf "  %-52s %8ss %8ss %8s MiB  %s requests\n", $1, $2, $3, $4, $5}'
}

echo "== real daemon, $NCONT running containers"
da_start_daemon bench
SOCK=$DA_SOCK_bench
da_busybox_image "$SOCK" bench/busybox:1 > /dev/null
for i in $(seq 1 "$NCONT"); do
	docker -H "unix://$SOCK" run -d --name "c$i" bench/busybox:1 sleep 3600 > /dev/null
done
# the floor: what any auditor must read, with the docker CLI doing it in one process each
cat > "$DA_TMP/floor.sh" <<FLOOR
docker -H unix://$SOCK inspect \$(docker -H unix://$SOCK ps -q) > /dev/null
docker -H unix://$SOCK image inspect \$(docker -H unix://$SOCK images -q) > /dev/null
FLOOR
measure "floor: docker inspect + docker image inspect ($NCONT)" "$RUNS" bash "$DA_TMP/floor.sh"
measure "docker-audit full audit, text + JSON ($NCONT)" "$RUNS" \
	"$BIN" -H "unix://$SOCK" -v -f text -o "$DA_TMP/r.txt" -f json -o "$DA_TMP/r.json"

echo "== fake daemon"
for n in 100 1000 10000; do
	rm -f "$DA_TMP/fake.sock"
	"$FAKE" --socket "$DA_TMP/fake.sock" --generate-containers "$n" --generate-images $((n / 10)) > "$DA_TMP/fake.out" 2>&1 &
	fpid=$!
	for _ in $(seq 1 100); do grep -q ready "$DA_TMP/fake.out" && break; sleep 0.05; done
	measure "docker-audit full audit, fake daemon, $n containers" "$RUNS" \
		"$BIN" -H "unix://$DA_TMP/fake.sock" --no-kernel-audit -v -f text -o "$DA_TMP/f.txt" -f json -o "$DA_TMP/f.json"
	if [ "$n" = 10000 ]; then
		measure "docker-audit --check 5.16, fake daemon, $n containers" "$RUNS" \
			"$BIN" -H "unix://$DA_TMP/fake.sock" --no-kernel-audit -v --check 5.16 -f json
	fi
	kill "$fpid"; wait "$fpid" 2> /dev/null || true
done

python3 - "$ROWS" "$NCONT" > "$DA_TMP/table.md" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
n = int(sys.argv[2])
print("| case | median wall (s) | median CPU (s) | peak memory (MiB) | requests |")
print("|---|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} |")
floor = float(rows[0][1]); audit = float(rows[1][1])
dbs = 57.9 / 50 * n  # docker-bench-security: 57.9 s for 50 containers on this kind of machine
print()
print(f"Full audit / floor: {audit / floor:.2f}x (target at most 2x). "
      f"docker-bench-security, extrapolated at 57.9 s per 50 running containers: {dbs:.0f} s, "
      f"{dbs / audit:.0f}x slower than docker-audit (target at least 300x).")
PY
echo
cat "$DA_TMP/table.md"
if [ "$WRITE" = 1 ]; then
	{
		echo "# Benchmark results"
		echo
		echo "Produced by \`bench/run.sh --runs $RUNS --containers $NCONT --write\` on $(date -u +%Y-%m-%d):"
		echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')."
		echo "dockerd $(dockerd --version | cut -d, -f1 | cut -d' ' -f3), docker-audit $("$BIN" version | head -1 | cut -d' ' -f2), release build."
		echo
		cat "$DA_TMP/table.md"
	} > "$HERE/RESULTS.md"
	echo "wrote bench/RESULTS.md"
fi
da_finish > /dev/null

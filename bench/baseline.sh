#!/usr/bin/env bash
# Baseline loading benchmark (issue 13): time and peak memory of reading a baseline of N failing
# findings, in both forms a baseline may take (the whole JSON report, and --format baseline).
#
#   bench/baseline.sh [--findings N] [--runs R] LABEL=BINARY...
#
# The generated report has N findings spread over ten container checks (N/10 containers each,
# named like c0000001, with a detail and a value as real findings carry). The run audits one
# host check against no daemon (-c 1.1.1, -H to a socket that does not exist): what is measured
# is reading, keeping and comparing the baseline, not an audit. Prints one TSV row per (label,
# form): label, form, file MiB, median wall (s), median CPU (s), peak resident memory (MiB).
set -euo pipefail
N=1000000 RUNS=3
while [ $# -gt 0 ]; do
	case $1 in
	--findings) N=$2; shift 2 ;;
	--runs) RUNS=$2; shift 2 ;;
	*=*) break ;;
	*) echo "usage: bench/baseline.sh [--findings N] [--runs R] LABEL=BINARY..." >&2; exit 2 ;;
	esac
done
[ $# -gt 0 ] || { echo "bench/baseline.sh: no LABEL=BINARY given" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 - "$N" "$TMP" <<'PY'
import json, sys
n, tmp = int(sys.argv[1]), sys.argv[2]
ids = ["5.4", "5.5", "5.7", "5.10", "5.11", "5.12", "5.16", "5.21", "5.25", "5.28"]
per = n // len(ids)
with open(f"{tmp}/report.json", "w") as f, open(f"{tmp}/baseline.json", "w") as g:
    f.write('{"schema_version": 1, "benchmark": {"name": "CIS Docker Benchmark", "version": "1.8.0"},'
            ' "host": {"daemon": {"reachable": true}}, "started_at": "2026-12-01T03:17:00Z", "results": [\n')
    g.write('{"schema_version":1,"format":"baseline","benchmark":{"name":"CIS Docker Benchmark",'
            '"version":"1.8.0"},"started_at":"2026-12-01T03:17:00Z","daemon_reachable":true,"results":[\n')
    for k, cid in enumerate(ids):
        sep = ",\n" if k else ""
        f.write(f'{sep}{{"id": "{cid}", "title": "t", "section": "5", "level": 1, "severity": "high",'
                f' "status": "fail", "detail": "d", "remediation": "r", "findings": [')
        g.write(f'{sep}{{"id":"{cid}","status":"fail","findings":[')
        for i in range(per):
            c = "," if i else ""
            f.write(f'{c}\n\t{{"kind": "container", "id": "{i:064x}", "name": "c{i:07d}",'
                    f' "detail": "Memory=0 (no limit)", "source": "api", "value": "0"}}')
            g.write(f'{c}{{"kind":"container","name":"c{i:07d}"}}')
        f.write(']}')
        g.write(']}')
    f.write(']}\n')
    g.write(']}\n')
PY
printf 'label\tform\tfile_mib\twall_s\tcpu_s\tpeak_mib\n'
for spec in "$@"; do
	label=${spec%%=*} bin=${spec#*=}
	for form in report baseline; do
		file=$TMP/$form.json
		: > "$TMP/m.tsv"
		for _ in $(seq 1 "$RUNS"); do
			/usr/bin/time -f '%e %U %S %M' -o "$TMP/time.txt" "$bin" -c 1.1.1 \
				-H "unix://$TMP/none.sock" --baseline "$file" -f json -o "$TMP/out.json" \
				> /dev/null 2> "$TMP/err.txt" || true
			grep -q '"changes"' "$TMP/out.json" || { echo "no comparison: $(cat "$TMP/err.txt")" >&2; exit 1; }
			tail -1 "$TMP/time.txt" >> "$TMP/m.tsv"
		done
		python3 - "$label" "$form" "$file" "$TMP/m.tsv" <<'PY'
import os, statistics, sys
label, form, file, path = sys.argv[1:5]
rows = [l.split() for l in open(path) if l.strip()]
wall = statistics.median(float(r[0]) for r in rows)
cpu = statistics.median(float(r[1]) + float(r[2]) for r in rows)
rss = max(int(r[3]) for r in rows) / 1024
print(f"{label}\t{form}\t{os.path.getsize(file) / 2**20:.1f}\t{wall:.2f}\t{cpu:.2f}\t{rss:.1f}")
PY
	done
done

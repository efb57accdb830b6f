#!/usr/bin/env bash
# bench/trust.sh BINARY FAKEDAEMON [--quick]: the time and memory ceilings of issue 15 ("trust,
# round two"), each measured with /usr/bin/time against the fake daemon or a fake host root, on
# the worst answers the issue names: a trailer and a header flood, lists of empty objects (the
# issue's 900 KB one, and one as large as the 64 MiB body cap allows), slow answers with the
# overall deadline (the default 300 s, and 30 s), a baseline of 1,000,000 findings, and
# /etc/group with 80,000 members of the docker group (and one at the 16 MiB cap).
#
# Prints one Markdown table row per case: exit status, wall seconds, peak RSS, and what the
# case leaves (report size, ...). --quick leaves out the 300 s default-deadline case.
set -uo pipefail
BIN=${1:?usage: bench/trust.sh BINARY FAKEDAEMON [--quick]}
FAKE=${2:?usage: bench/trust.sh BINARY FAKEDAEMON [--quick]}
QUICK=${3:-}
HERE=$(cd "$(dirname "$0")" && pwd)
SEED=$HERE/../tests/fixtures/docker/seed
W=$(mktemp -d "${TMPDIR:-/tmp}/da-bench-trust.XXXXXX")
FAKE_PID=
cleanup() {
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_fake() {
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
	FAKE_PID=
	rm -f "$W/fake.sock"
	"$FAKE" --socket "$W/fake.sock" "$@" >"$W/fake.out" 2>&1 &
	FAKE_PID=$!
	for _ in $(seq 1 400); do
		grep -q ready "$W/fake.out" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "fake daemon did not start: $(cat "$W/fake.out")" >&2
	exit 1
}

# row CASE NOTE-COMMAND -- ARGS...: run docker-audit ARGS under /usr/bin/time, print a row.
row() {
	local name=$1 note=$2
	shift 3
	/usr/bin/time -f '%x %e %M' -o "$W/time" "$BIN" "$@" >/dev/null 2>"$W/err"
	local rc secs kb
	# GNU time puts "Command exited with non-zero status N" before the format line
	read -r rc secs kb < <(tail -n 1 "$W/time")
	printf '| %s | %s | %s | %s | %s |\n' "$name" "$rc" "$secs" "$((kb / 1024))" "$(eval "$note")"
}

echo "| case | exit | wall (s) | peak RSS (MiB) | notes |"
echo "|---|---:|---:|---:|---|"

# 1. trailer and header floods (the fake daemon sends them until the connection closes)
for fault in trailers headers; do
	start_fake --dir "$SEED" --fault "$fault"
	row "endless $fault, --check 5.16, default --timeout" \
		'head -c 120 "$W/err" | tr "\n" " "' -- \
		-H "unix://$W/fake.sock" --no-kernel-audit --check 5.16 -f json
done

# 2. lists of empty objects: the issue's 900 KB, and as many as the 64 MiB body cap admits
python3 -c 'import sys; n=int(sys.argv[1]); open(sys.argv[2],"w").write("[" + ",".join(["{}"]*n) + "]")' \
	300000 "$W/e900k.json"
python3 -c 'import sys; n=int(sys.argv[1]); open(sys.argv[2],"w").write("[" + ",".join(["{}"]*n) + "]")' \
	$((64 * 1024 * 1024 / 3 - 1)) "$W/e64m.json"
for f in e900k e64m; do
	start_fake --dir "$SEED" --route GET /containers/json 200 "$W/$f.json"
	row "$(stat -c %s "$W/$f.json" | numfmt --to=iec) list of empty objects, full audit -a -f json -o" \
		'echo "report $(stat -c %s "$W/r.json" 2>/dev/null | numfmt --to=iec)B; $(head -c 100 "$W/err" | tr "\n" " ")"' -- \
		-H "unix://$W/fake.sock" --no-kernel-audit -a -f json -o "$W/r.json"
	rm -f "$W/r.json"
done

# 3. 1,000 containers, every answer 8 s late (under the default --timeout of 10 s): without a
# deadline that is about N/8 x 8 s (the client keeps 8 requests in flight), 1,000 s; the overall
# deadline ends it, and what was left is ERROR
start_fake --generate-containers 1000 --fault slow:8000
row "1,000 containers answered 8 s late, default --timeout (10), --deadline 30" \
	'grep -o "deadline[^:]*" "$W/err" | head -1' -- \
	-H "unix://$W/fake.sock" --no-kernel-audit --check 5 --deadline 30 -f json
if [ "$QUICK" != --quick ]; then
	row "1,000 containers answered 8 s late, default --timeout (10) and --deadline (300)" \
		'grep -o "deadline[^:]*" "$W/err" | head -1' -- \
		-H "unix://$W/fake.sock" --no-kernel-audit --check 5 -f json
fi

# 4. a baseline of 1,000,000 findings (5.16, one per container name), against the seed
python3 - "$W/big-baseline.json" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"schema_version":1,"format":"baseline","benchmark":{"name":"CIS Docker Benchmark",'
            '"version":"1.8.0"},"started_at":"2026-12-01T00:00:00Z","daemon_reachable":true,"results":[\n'
            '{"id":"5.16","key":"host-pid-namespace","status":"fail","findings":[')
    f.write(",".join('{"kind":"container","name":"c%07d"}' % i for i in range(1000000)))
    f.write("]}]}\n")
PY
start_fake --dir "$SEED"
row "$(stat -c %s "$W/big-baseline.json" | numfmt --to=iec)B baseline of 1,000,000 findings, full audit -a --baseline" \
	'head -c 100 "$W/err" | tr "\n" " "' -- \
	-H "unix://$W/fake.sock" --no-kernel-audit -a -f json --baseline "$W/big-baseline.json"

# 5. /etc/group: 80,000 members of the docker group, each a user of /etc/passwd too; and a group
# line as long as the 16 MiB cap on /etc/group allows
group_root() { # DIR MEMBERS
	mkdir -p "$1/etc"
	python3 - "$1" "$2" <<'PY'
import sys
root, n = sys.argv[1], int(sys.argv[2])
names = ["u%07d" % i for i in range(n)]
with open(root + "/etc/group", "w") as f:
    f.write("root:x:0:\ndocker:x:999:" + ",".join(names) + "\n")
with open(root + "/etc/passwd", "w") as f:
    f.write("root:x:0:0:root:/root:/bin/sh\n")
    if n <= 100000:
        f.writelines("%s:x:%d:999::/h:/bin/sh\n" % (u, 10000 + i) for i, u in enumerate(names))
PY
}
group_root "$W/g80k" 80000
row "/etc/group: 80,000 docker members (also primary-group members), --check 1.1.2" \
	'head -c 100 "$W/err" | tr "\n" " "' -- \
	--root "$W/g80k" --no-kernel-audit -H "unix://$W/none.sock" --check 1.1.2 -f json
group_root "$W/g16m" $((16 * 1024 * 1024 / 9 - 100))
row "/etc/group: $(stat -c %s "$W/g16m/etc/group" | numfmt --to=iec)B, $((16 * 1024 * 1024 / 9 - 100)) docker members, --check 1.1.2" \
	'head -c 100 "$W/err" | tr "\n" " "' -- \
	--root "$W/g16m" --no-kernel-audit -H "unix://$W/none.sock" --check 1.1.2 -f json

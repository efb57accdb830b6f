#!/usr/bin/env bash
# tests/layers.sh [SRCDIR]: the layering rules that include directories cannot enforce
# (ctest: layers).
#   - checks/ do no I/O: no hostfs, docker client, curl, libc file or process calls;
#   - writers (src/report/) see results and the check table, never the context or the facts;
#   - facts (src/facts/, src/context.c) never reach up into checks, writers or the engine;
#   - no include cycle among src/facts/;
#   - each src/facts/X.h declares only functions that src/facts/X.c defines, each include/X.h
#     only functions of src/X.c (or of the folder src/X/), but for the exceptions listed below;
#   - no function is defined in two files of src/ and checks/, and no two files define a
#     function with the same body (a copy under another name: the same job done twice).
set -uo pipefail
ROOT=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$ROOT" || exit 1
failed=0
fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

# grep -n PATTERN FILES..., each hit a failure with its reason
forbid() {
	local why=$1 pattern=$2
	shift 2
	local hits
	hits=$(grep -nE "$pattern" "$@" 2>/dev/null)
	if [[ -n "$hits" ]]; then
		fail "$why"
		printf '      %s\n' "${hits//$'\n'/$'\n'      }"
	fi
}

forbid "a check includes an I/O header" \
	'#include "(hostfs|docker)\.h"|#include <(curl/curl|dirent|fcntl)\.h>' checks/*.c checks/*.h
forbid "a check does I/O" \
	'\b(hostfs_[a-z_]+|docker_(get|request|client)[a-z_]*|curl_[a-z_]+|fopen|opendir|readlink|openat2?|ctx_hostfs|ctx_api_get[a-z_]*)\(' \
	checks/*.c
forbid "a writer includes the context or a fact" \
	'#include "(context|hostfs|docker|auditrules|facts/[a-z_]+)\.h"' src/report/*.c
forbid "a fact reaches up into checks, writers or the engine" \
	'#include "(checks|report|runner|cli|waivers|baseline)\.h"' src/facts/*.c src/facts/*.h src/context.c

python3 - <<'PY' || failed=$((failed + 1))
import glob, os, re, sys
bad = 0
facts = sorted(glob.glob("src/facts/*.c"))
mods = {os.path.basename(f)[:-2] for f in facts}
# include graph between facts modules (X.c or X.h includes facts/Y.h: X -> Y)
graph = {m: set() for m in mods}
for m in mods:
    for ext in (".c", ".h"):
        p = f"src/facts/{m}{ext}"
        if os.path.exists(p):
            for y in re.findall(r'#include "facts/([a-z_]+)\.h"', open(p).read()):
                if y != m:
                    graph[m].add(y)
state = {}
def visit(m, path):
    global bad
    state[m] = 1
    for y in sorted(graph.get(m, ())):
        if state.get(y) == 1:
            print("FAIL: include cycle: " + " -> ".join(path + [m, y]))
            bad += 1
        elif y in graph and not state.get(y):
            visit(y, path + [m])
    state[m] = 2
for m in sorted(mods):
    if not state.get(m):
        visit(m, [])
# declarations vs definitions
decl = re.compile(r'^(?!static)[a-z][\w \*]*?\b([a-z_][a-z0-9_]*)\(', re.M)
defined = {}
for f in facts:
    text = open(f).read()
    for name in re.findall(r'^(?!static)[a-z][^;{(]*?\b([a-z_][a-z0-9_]*)\([^;]*?\)\s*\{', text, re.M | re.S):
        defined.setdefault(name, []).append(f)
for name, files in defined.items():
    if len(files) > 1:
        print(f"FAIL: {name} is defined in {', '.join(files)}")
        bad += 1
for h in sorted(glob.glob("src/facts/*.h")):
    c = h[:-2] + ".c"
    text = re.sub(r'/\*.*?\*/', '', open(h).read(), flags=re.S)
    text = re.sub(r'^\s*(struct|enum|union)\b[^;]*?\{.*?\};', '', text, flags=re.S | re.M)
    # static inline helpers are defined in the header itself
    text = re.sub(r'^static inline\b[^{;]*\{.*?^\}', '', text, flags=re.S | re.M)
    own = set(re.findall(r'^[a-z][\w \*]*?\b([a-z_][a-z0-9_]*)\(', text, re.M))
    for name in sorted(own):
        where = defined.get(name, [])
        if c not in where:
            print(f"FAIL: {h} declares {name}, defined in {', '.join(where) or 'no file of src/facts'}")
            bad += 1

# the project's headers: include/X.h is src/X.c's (or the folder src/X/'s, report.h: the writers)
everywhere = sorted(glob.glob("src/**/*.c", recursive=True) + glob.glob("checks/*.c"))
defined_all = {}
for f in everywhere:
    text = open(f).read()
    for name in re.findall(r'^(?!static)[a-z][^;{(]*?\b([a-z_][a-z0-9_]*)\([^;]*?\)\s*\{', text, re.M | re.S):
        defined_all.setdefault(name, []).append(f)
for name, files in defined_all.items():
    if len(files) > 1 and not all(f.startswith("src/facts/") for f in files):
        print(f"FAIL: {name} is defined in {', '.join(files)}")
        bad += 1
# headers that serve more than their own file, and why
shared = {
    # the check table's types and the result model every check fills: one contract for checks
    "include/check.h": {"checks/registry.c", "src/result.c"},
    # the editions, read from the check table
    "include/benchmark.h": {"checks/registry.c"},
}
for h in sorted(glob.glob("include/*.h")):
    m = os.path.basename(h)[:-2]
    text = re.sub(r'/\*.*?\*/', '', open(h).read(), flags=re.S)
    text = re.sub(r'^\s*(struct|enum|union)\b[^;]*?\{.*?\};', '', text, flags=re.S | re.M)
    text = re.sub(r'^static inline\b[^{;]*\{.*?^\}', '', text, flags=re.S | re.M)
    text = re.sub(r'^#define(.*\\\n)*.*$', '', text, flags=re.M)
    own = set(re.findall(r'^[a-z][\w \*]*?\b([a-z_][a-z0-9_]*)\(', text, re.M))
    allowed = shared.get(h, set()) | {f"src/{m}.c"}
    for name in sorted(own):
        where = defined_all.get(name)
        if not where:
            continue  # a macro, or declared for another layer's tests
        if not any(w in allowed or w.startswith(f"src/{m}/") for w in where):
            print(f"FAIL: {h} declares {name}, defined in {', '.join(where)}")
            bad += 1
# the same body under two names or in two files: a function of 3 statements or more
bodies = {}
for f in everywhere:
    text = open(f).read()
    for mt in re.finditer(r'^(?:static )?[a-z][^;{}()]*?\b([a-z_][a-z0-9_]*)\([^;{}]*?\)\s*\n\{\n(.*?)\n\}\n', text, re.M | re.S):
        body = re.sub(r'\s+', ' ', re.sub(r'/\*.*?\*/', '', mt.group(2), flags=re.S)).strip()
        if body.count(';') >= 3:
            bodies.setdefault(body, []).append(f"{f}:{mt.group(1)}")
for body, where in bodies.items():
    if len({w.split(":")[0] for w in where}) > 1:
        print(f"FAIL: the same function body in {', '.join(where)}")
        bad += 1
sys.exit(1 if bad else 0)
PY

if ((failed)); then
	echo "0 passed, $failed failed"
	exit 1
fi
echo "layers: all rules hold"
exit 0

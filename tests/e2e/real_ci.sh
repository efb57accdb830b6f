#!/usr/bin/env bash
# tests/e2e/real_ci.sh BINARY: the CI examples of docs/ci.md, run as written against a private
# dockerd (ctest: e2e_real_ci).
#
# tests/docs/ci_blocks.py reads the GitHub Actions workflow and the GitLab CI job out of the doc;
# their commands run in a workspace holding a Dockerfile, with DOCKER_HOST pointing at our daemon
# and docker-audit on PATH (the "Install docker-audit" step is the one step not run). Twice:
#   pass: an image with a USER and no HEALTHCHECK (4.6, low, fails below --fail-on high): every
#         step succeeds, JUnit has no <failure> (the 4.6 test case passes and says why), SARIF
#         has a 4.6 result on the Dockerfile's FROM line;
#   fail: an image without a USER (4.1, high): the audit step exits 1, later steps stop except
#         the SARIF upload (if: always()), and JUnit has 4.1 as its <failure>.
# What the upload action and GitLab's report widget read is checked by their rules:
# tests/formats/validate_sarif.py (OASIS schema + GitHub code scanning's requirements) and
# tests/formats/check_junit.py (counts, --fail-on, agreement with the exit status).
#
# Needs root, dockerd + docker CLI, a static busybox, python3 with yaml and jsonschema; without
# them "0 passed, 0 failed (skipped: ...)", unless DA_E2E_REAL=1.
#
# DA_SOCK_ci, DA_HOST_ci are set by da_start_daemon:
# shellcheck disable=SC2154
set -uo pipefail

BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
FORMATS="$SRC/tests/formats"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

da_require_bin "$BIN"
BIN=$DA_BIN

[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a private dockerd needs root)"
for tool in dockerd docker containerd runc ip python3 findmnt timeout; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done
{ [[ -x /bin/busybox ]] || command -v busybox >/dev/null 2>&1; } ||
	da_skip_or_fail "busybox not found (install busybox-static)"
python3 -c 'import yaml, jsonschema' 2>/dev/null ||
	da_skip_or_fail "python3-yaml or python3-jsonschema not installed"

da_init
if ! da_start_daemon ci; then
	da_fail "start a private dockerd"
	da_finish
fi
BASE="dae2e-ci-base:$$"
if ! da_busybox_image "$DA_SOCK_ci" "$BASE"; then
	da_fail "busybox base image imported"
	da_finish
fi

# docker-audit on PATH, as the install step would leave it; docker and docker-audit both
# follow DOCKER_HOST to our daemon.
mkdir -p "$DA_TMP/bin"
ln -s "$BIN" "$DA_TMP/bin/docker-audit"
export PATH="$DA_TMP/bin:$PATH"
export DOCKER_HOST="$DA_HOST_ci"

GH_STEPS=$(python3 "$SRC/tests/docs/ci_blocks.py" "$SRC/docs/ci.md" github) ||
	da_fail "docs/ci.md: the GitHub Actions workflow is readable" "$GH_STEPS"
GL_JOBS=$(python3 "$SRC/tests/docs/ci_blocks.py" "$SRC/docs/ci.md" gitlab) ||
	da_fail "docs/ci.md: the GitLab CI job is readable" "$GL_JOBS"
da_assert_true "docs/ci.md: the workflow audits with docker-audit and uploads SARIF" \
	grep -q '"uses": "github/codeql-action/upload-sarif@' <<<"$GH_STEPS"
da_assert_true "docs/ci.md: the GitLab job reports JUnit" grep -q '"junit": "[^"]' <<<"$GL_JOBS"

# workspace KIND: a fresh directory with the Dockerfile of the scenario (FROM on line 2)
workspace() {
	local ws="$DA_TMP/ws-$1-$2"
	mkdir -p "$ws"
	{
		echo "# the application image ($2)"
		echo "FROM $BASE"
		[[ $2 == pass ]] && echo "USER 1000:1000"
		echo 'CMD ["sleep", "1"]'
	} >"$ws/Dockerfile"
	echo "$ws"
}

# field JSON KEY: a field of a step line
field() { python3 -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print(v if isinstance(v, str) else json.dumps(v))' "$1" "$2"; }

# The workflow's steps as tab-separated fields (one python for all: python starts slowly on a
# loaded machine): name, always, uses, with.sarif_file, run (base64: it may span lines).
GH_TSV=$(python3 -c '
import base64, json, sys
for line in sys.stdin:
    s = json.loads(line)
    print("\t".join([s["name"] or "-", str(s["always"]).lower(), s.get("uses") or "-",
                     (s.get("with") or {}).get("sarif_file") or "-",
                     base64.b64encode((s.get("run") or "").encode()).decode() or "-"]))' <<<"$GH_STEPS")

# github SCENARIO EXPECTED-AUDIT-STATUS
github() {
	local scen=$1 want=$2 ws name always uses sarif run64 run failed=0 st audit_st=-1 uploaded=0
	ws=$(workspace gh "$scen")
	while IFS=$'\t' read -r name always uses sarif run64; do
		run=$(base64 -d <<<"$run64" 2>/dev/null)
		if [[ $failed -eq 1 && $always != "true" ]]; then
			continue # GitHub skips later steps after a failure, unless if: always()
		fi
		if [[ "$name" == "Install docker-audit" || "$uses" == actions/checkout@* ]]; then
			continue
		fi
		if [[ "$uses" == github/codeql-action/upload-sarif@* ]]; then
			uploaded=1
			check "(github $scen) upload-sarif: $sarif is valid SARIF that code scanning accepts" \
				python3 "$FORMATS/validate_sarif.py" "$ws/$sarif" --dockerfile Dockerfile
			continue
		fi
		[[ -z "$run" ]] && continue
		# GitHub runs "run:" with bash --noprofile --norc -eo pipefail
		(cd "$ws" && timeout 300 bash --noprofile --norc -eo pipefail -c "$run") \
			>"$ws/step.out" 2>"$ws/step.err"
		st=$?
		if [[ "$run" == docker-audit* ]]; then
			audit_st=$st
			cp "$ws/step.err" "$ws/audit.err"
		elif [[ $st -ne 0 ]]; then
			da_fail "(github $scen) step '$name' exits 0 (status $st)" "$(tail -n 5 "$ws/step.err")"
		fi
		[[ $st -ne 0 ]] && failed=1
	done <<<"$GH_TSV"
	da_assert_eq "(github $scen) the audit step exits $want" "$want" "$audit_st"
	[[ $audit_st -ne $want ]] && da_show_file "$ws/audit.err" 5
	da_assert_eq "(github $scen) the SARIF upload step ran" 1 "$uploaded"
	da_assert_true "(github $scen) one summary line on stderr (every report went to a file)" \
		grep -qE "^docker-audit: [0-9]+ pass, [0-9]+ fail( \(([0-9]+ (critical|high|medium|low)(, )?)+\))?, [0-9]+ error, .*; [0-9]+ at or above --fail-on high; exit status $want; wrote 2 reports$" "$ws/audit.err"
	check "(github $scen) junit: valid, counts right, agrees with exit status $want" \
		python3 "$FORMATS/check_junit.py" "$ws/docker-audit.xml" --fail-on high --exit "$want"
	if command -v xmllint >/dev/null 2>&1; then
		check "(github $scen) junit: valid against junit.xsd" \
			xmllint --noout --schema "$FORMATS/junit.xsd" "$ws/docker-audit.xml"
	fi
	check "(github $scen) sarif: results on the Dockerfile's FROM line (2), rules only the image checks" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
run = d["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
locs = [r["locations"][0]["physicalLocation"] for r in run["results"]]
ok = rules and all(i.startswith("4.") for i in rules) and len(rules) <= 12 and locs and all(
    l["artifactLocation"]["uri"] == "Dockerfile" and l["region"]["startLine"] == 2 for l in locs)
ids = {r["ruleId"] for r in run["results"]}
ok = ok and ("4.6" in ids) and ((sys.argv[2] == "fail") == ("4.1" in ids))
sys.exit(not ok)' "$ws/docker-audit.sarif" "$scen"
}

# gitlab SCENARIO EXPECTED-STATUS
gitlab() {
	local scen=$1 want=$2 ws job st=0 line junit
	ws=$(workspace gl "$scen")
	job=$(head -n 1 <<<"$GL_JOBS")
	# GitLab runs the script lines in one shell and stops at the first that fails
	local script
	script=$(python3 -c '
import json, shlex, sys
j = json.loads(sys.argv[1])
for k, v in j["variables"].items():
    print("export %s=%s" % (k, shlex.quote(str(v))))
for line in j["script"]:
    print(line)' "$job")
	(cd "$ws" && timeout 300 bash --noprofile --norc -e -c "$script") >"$ws/job.out" 2>"$ws/job.err"
	st=$?
	da_assert_eq "(gitlab $scen) the job exits $want" "$want" "$st"
	[[ $st -ne $want ]] && da_show_file "$ws/job.err" 8
	junit=$(field "$job" junit)
	da_assert_true "(gitlab $scen) artifacts.reports.junit ($junit) was written" test -s "$ws/$junit"
	for line in $(python3 -c 'import json,sys; print("\n".join(json.loads(sys.argv[1])["paths"]))' "$job"); do
		da_assert_true "(gitlab $scen) artifact $line was written" test -s "$ws/$line"
	done
	check "(gitlab $scen) junit: the report widget's failures are the exit status's" \
		python3 "$FORMATS/check_junit.py" "$ws/$junit" --report "$ws/docker-audit.json" \
		--fail-on high --exit "$want"
}

check() { # check DESC CMD...: passes when CMD exits 0; its output is shown when it does not
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [[ $rc -eq 0 ]]; then
		da_pass "$desc"
	else
		da_fail "$desc" "command: $*" "$(printf '%s\n' "$out" | head -n 25)"
	fi
}

github pass 0
github fail 1
gitlab pass 0
gitlab fail 1
da_finish

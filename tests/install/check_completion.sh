#!/usr/bin/env bash
# tests/install/check_completion.sh BINARY: contrib/bash-completion/docker-audit in a real bash
# with the bash-completion framework (Debian package bash-completion), as a user's TAB would run
# it (ctest: bash_completion). The built BINARY is docker-audit on PATH; a stub "docker" prints
# local images (and records its arguments), since completion asks the docker CLI for them.
set -uo pipefail
BIN=${1:?usage: check_completion.sh PATH-TO-docker-audit}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
COMPLETION="$HERE/../../contrib/bash-completion/docker-audit"
FRAMEWORK=/usr/share/bash-completion/bash_completion
if [[ ! -r $FRAMEWORK ]]; then
	echo "0 passed, 0 failed (skipped: bash-completion is not installed)"
	exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin" "$T/cwd"
ln -s "$BIN" "$T/bin/docker-audit"
cat >"$T/bin/docker" <<'STUB'
#!/bin/sh
echo "$*" >>"$DA_DOCKER_LOG"
printf '%s\n' 'nginx:1.25' 'registry.example.com:5000/team/app:candidate' '<none>:<none>' 'busybox:latest'
STUB
chmod +x "$T/bin/docker"
touch "$T/cwd/Dockerfile" "$T/cwd/waivers.json"

# complete LINE: the candidates bash would offer with the cursor at the end of LINE, one a line
complete_line() {
	env -i PATH="$T/bin:/usr/bin:/bin" HOME="$T" DA_DOCKER_LOG="$T/docker.log" \
		bash --norc --noprofile -c '
		cd "$4"
		source "$1"
		source "$2"
		COMP_LINE=$3
		COMP_POINT=${#COMP_LINE}
		read -r -a COMP_WORDS <<<"$COMP_LINE"
		[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_docker_audit docker-audit "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$FRAMEWORK" "$COMPLETION" "$1" "$T/cwd"
}

PASSED=0
FAILED=0
# expect DESC LINE WANT...: every WANT is among the candidates
expect() {
	local desc=$1 line=$2 got w missing=()
	shift 2
	got=$(complete_line "$line")
	for w in "$@"; do
		grep -qxF -- "$w" <<<"$got" || missing+=("$w")
	done
	if [[ ${#missing[@]} -eq 0 && -n $got ]]; then
		PASSED=$((PASSED + 1))
		echo "PASS: $desc"
	else
		FAILED=$((FAILED + 1))
		echo "FAIL: $desc: '$line<TAB>' lacks ${missing[*]:-anything}; got: $(tr '\n' ' ' <<<"$got" | cut -c1-300)"
	fi
}
# refuse DESC LINE NOT...: none of NOT is among the candidates
refuse() {
	local desc=$1 line=$2 got w bad=()
	shift 2
	got=$(complete_line "$line")
	for w in "$@"; do
		grep -qxF -- "$w" <<<"$got" && bad+=("$w")
	done
	if [[ ${#bad[@]} -eq 0 ]]; then
		PASSED=$((PASSED + 1))
		echo "PASS: $desc"
	else
		FAILED=$((FAILED + 1))
		echo "FAIL: $desc: '$line<TAB>' offers ${bad[*]}"
	fi
}

expect "commands" "docker-audit l" list
expect "--check completes ids" "docker-audit --check 5.1" 5.1 5.10 5.16
expect "--check keeps the comma list before the cursor" "docker-audit --check 5.5,5.1" \
	5.5,5.1 5.5,5.10 5.5,5.16
expect "-e keeps a longer comma list" "docker-audit -e 1.1.1,2.15,5.3" 1.1.1,2.15,5.3 1.1.1,2.15,5.31
refuse "--check offers no id without its list" "docker-audit --check 5.5,5.1" 5.10 5.16
expect "--check offers sections" "docker-audit --check " 1 5 7
expect "explain completes ids" "docker-audit explain 5.1" 5.16
expect "image offers local images" "docker-audit image " nginx:1.25 busybox:latest \
	registry.example.com:5000/team/app:candidate
refuse "image never offers <none>" "docker-audit image " "<none>:<none>"
expect "image completes a name with a registry port" "docker-audit image registry.ex" \
	registry.example.com:5000/team/app:candidate
: >"$T/docker.log"
complete_line "docker-audit image -H unix:///tmp/other.sock n" >/dev/null
if grep -qx -- "-H unix:///tmp/other.sock images --format {{.Repository}}:{{.Tag}}" "$T/docker.log"; then
	PASSED=$((PASSED + 1))
	echo "PASS: image asks the daemon named by -H"
else
	FAILED=$((FAILED + 1))
	echo "FAIL: image asks the daemon named by -H: docker was run as: $(cat "$T/docker.log")"
fi
expect "image offers --dockerfile" "docker-audit image app:1 --dock" --dockerfile
expect "--dockerfile completes files" "docker-audit image app:1 --dockerfile Dock" Dockerfile
refuse "image does not offer host-only options" "docker-audit image app:1 --" --all --label --include
expect "list offers its options" "docker-audit list --" --format --check --level
refuse "list offers no audit options" "docker-audit list --" --fail-on --output --all
expect "list formats" "docker-audit list -f " text json markdown
expect "explain formats" "docker-audit explain 5.16 -f " text json
refuse "explain formats are not the report formats" "docker-audit explain 5.16 -f " sarif
expect "report formats" "docker-audit -f " junit sarif prometheus
expect "-o offers - (standard output)" "docker-audit -f json -o " -
expect "--fail-on" "docker-audit --fail-on h" high
expect "--benchmark editions from --help" "docker-audit --benchmark 1." 1.8.0
expect "bash completion keeps options working" "docker-audit --wai" --waivers

echo "$PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]

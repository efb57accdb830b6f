#!/usr/bin/env bash
# tests/format-check.sh [SRCDIR]: every C file of src checks include tests as .clang-format wants
# it (clang-format --dry-run -Werror). run-all.sh's "format" stage; not a default stage until
# the tree has been formatted once. Prints "not formatted: FILE" per file.
set -uo pipefail
ROOT=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$ROOT" || exit 1
command -v clang-format >/dev/null 2>&1 || {
	echo "format: clang-format not found (apt-get install clang-format)" >&2
	exit 1
}
bad=0 n=0
while IFS= read -r -d '' f; do
	n=$((n + 1))
	if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
		echo "not formatted: $f"
		bad=$((bad + 1))
	fi
done < <(find src checks include tests -name '*.[ch]' -not -path '*/fixtures/*' -print0 | sort -z)
echo "format: $((n - bad)) of $n files formatted, $bad not"
[[ $bad -eq 0 ]]

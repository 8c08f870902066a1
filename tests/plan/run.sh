#!/usr/bin/env bash
# tests/plan/run.sh - one plan for every backend: for tests/plan/book (its
# book.lua lists the roles in an order that is not the files' names') and
# the bundled book, the HTML, the DocBook and the EPUB of the whole book and
# of every role book agree on the role order, the numbering, the roles
# overview, the glossary order and the "used in" lists (check.py). Prints TAP-like lines
# and "N passed, N failed".
set -u
export SVCBOOK_NO_HISTORY=1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SVCBOOK:-$root/svcbook}
work=$(mktemp -d "${TMPDIR:-/tmp}/svcbook-plan.XXXXXX")
trap 'rm -rf "$work"' EXIT
pass=0 fail=0 n=0

ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | head -n 20 | sed 's/^/#   /'; }

# checks LABEL BOOK OUT KIND: check.py's lines, renumbered into ours; a
# check.py that ends without its count (it crashed) is a failure.
checks() {
	local line counted=0
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "$1: ${line#ok * - }" ;;
		"not ok "*) not_ok "$1: ${line#not ok * - }" ;;
		"#"*) echo "$line" ;;
		*" passed, "*" failed") counted=1 ;;
		*) echo "# $line" ;;
		esac
	done < <(python3 "$here/check.py" "$2" "$3" "$4" 2>&1)
	[ "$counted" = 1 ] || not_ok "$1: check.py ended without its count"
}

for book in "$here/book" "$root/standards"; do
	name=${book##*/}
	out=$work/$name
	if "$bin" build "$book" -o "$out/full" --format html,docbook,epub >/dev/null 2>"$out.log"; then
		ok "$name: the whole book builds"
		checks "$name" "$book" "$out/full" full
	else
		not_ok "$name: the whole book builds" "$(cat "$out.log")"
	fi
	if "$bin" build "$book" -o "$out/roles" --role all --format html,docbook,epub >/dev/null 2>"$out.roles.log"; then
		ok "$name: every role book builds"
		for r in "$out"/roles/roles/*/; do
			r=${r%/}
			checks "$name --role ${r##*/}" "$book" "$r" role
		done
	else
		not_ok "$name: every role book builds" "$(cat "$out.roles.log")"
	fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

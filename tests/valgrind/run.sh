#!/usr/bin/env bash
# tests/valgrind/run.sh - memcheck finds no error and no lost memory (definite
# or indirect; build and lint keep the model until exit on purpose) in the plain
# build (./svcbook, not the sanitizer build, which valgrind cannot run) on
# the bundled book: build (HTML, DocBook, --role), lint and diff. Prints
# TAP-like lines and "N passed, N failed".
set -u
# svcbook's repository is git: a build of a book inside it would show the
# repository's revision history, which a copy elsewhere has not
export SVCBOOK_NO_HISTORY=1
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$root/svcbook
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0 n=0
if ! command -v valgrind >/dev/null; then
	echo "not ok 1 - valgrind is not installed (apt-get install valgrind)"
	echo "0 passed, 1 failed"
	exit 1
fi
vg() { # vg NAME ARGS...: memcheck must report nothing
	local name=$1
	shift
	valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect \
		--log-file="$work/vg.log" "$bin" "$@" >/dev/null 2>"$work/err"
	local rc=$?
	n=$((n + 1))
	if [ $rc -ne 99 ] && [ ! -s "$work/vg.log" ]; then
		pass=$((pass + 1))
		echo "ok $n - valgrind: $name (exit $rc)"
	else
		fail=$((fail + 1))
		echo "not ok $n - valgrind: $name (exit $rc)"
		head -n 30 "$work/vg.log" | sed 's/^/#   /'
	fi
}
book=$root/standards
vg "build standards" build "$book" -o "$work/out"
vg "build --role operator-l1" build "$book" -o "$work/role" --role operator-l1
vg "lint standards" lint "$book"
vg "lint --format sarif" lint "$book" --format sarif
cp -r "$book" "$work/changed"
sed -i 's/в какие сроки/в какие именно сроки/' "$work/changed/general.md"
vg "diff --format markdown" diff "$book" "$work/changed" --format markdown
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

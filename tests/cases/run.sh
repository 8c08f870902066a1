#!/usr/bin/env bash
# tests/cases/run.sh - small cases as files, as cmark's spec tests and
# mandoc's regress: each tests/cases/NAME.case is a tiny book and what
# svcbook must make of it. Adding a case is writing one file (see
# tests/README.md); --regen fills in or rewrites its expected parts.
#
# usage: tests/cases/run.sh [--regen] [NAME...]     (default: every case)
#
# A case file: lines before the first "== " line say what it shows; then
# sections, each opened by a line
#   == file PATH          a file of the book (general.md, roles/a.md, book.lua)
#   == lint               expected: `svcbook lint . --no-color` in the book,
#                         its output and then "[exit N]"
#   == html PAGE XPATH    expected: the nodes XPATH selects in PAGE of
#                         `svcbook build`'s html/ (xmllint --html --xpath)
#   == docbook XPATH      expected: the same in docbook/book.xml; @id is
#                         the xml:id attribute, and DocBook's elements are
#                         in a namespace: //*[@id='reply']/*[local-name()='para']
# Trailing blank lines of a section are not compared.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${SVCBOOK:-$root/svcbook}
export NO_COLOR=1 LANGUAGE=${LANGUAGE:-en} SVCBOOK_NO_HISTORY=1 SOURCE_DATE_EPOCH=1780272000
regen=0
if [ "${1:-}" = --regen ]; then
	regen=1
	shift
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/svcbook-cases.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in "$root"/tests/cases/*.case; do
		f=${f##*/}
		names+=("${f%.case}")
	done
fi

n=0 passed=0 failed=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -z "${2:-}" ] || printf '%s\n' "$2" | head -n 40 | sed 's/^/#   /'
}

# Splits case file $1 into $2/sec.N.head and $2/sec.N.body (N from 1; 0
# is the description), one per section, in order; prints the count.
split_case() {
	awk -v dir="$2" '
		BEGIN { n = 0; out = dir "/sec.0.body"; printf "" > out }
		/^== / { n++; print substr($0, 4) > (dir "/sec." n ".head"); close(dir "/sec." n ".head")
		         close(out); out = dir "/sec." n ".body"; printf "" > out; next }
		{ print > out }
		END { print n }' "$1"
}

# The text of file $1 without its trailing blank lines.
trimmed() { sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$1"; }

# What svcbook makes of the book in $1 for expectation head $2 (a
# section's first line without "== "); the build is made once per case.
actual() {
	local book=$1 head=$2 kind rest page xpath out
	kind=${head%% *}
	rest=${head#"$kind"}
	rest=${rest# }
	case $kind in
	lint)
		(cd "$book" && timeout 60 "$bin" lint . --no-color 2>&1)
		echo "[exit $?]"
		;;
	html | docbook)
		if [ ! -d "$book.out" ]; then
			timeout 60 "$bin" build "$book" -o "$book.out" >"$book.build.log" 2>&1
		fi
		if [ "$kind" = html ]; then
			page=${rest%% *}
			xpath=${rest#"$page"}
			xpath=${xpath# }
			# HTML5's elements are unknown to libxml2's HTML parser: its
			# complaints are not the case's business
			out=$(xmllint --html --xpath "$xpath" "$book.out/html/$page" 2>/dev/null)
		else
			xpath=${rest//@id=/@*[local-name()=\'id\']=}
			out=$(xmllint --xpath "$xpath" "$book.out/docbook/book.xml" 2>/dev/null)
		fi
		printf '%s\n' "${out:-(nothing at $xpath; the build said: $(cat "$book.build.log"))}"
		;;
	*)
		echo "unknown section '== $head'"
		return 1
		;;
	esac
}

for name in "${names[@]}"; do
	file=$root/tests/cases/$name.case
	if [ ! -f "$file" ]; then
		not_ok "$name" "no such case: tests/cases/$name.case"
		continue
	fi
	w=$tmp/$name
	mkdir -p "$w/book"
	count=$(split_case "$file" "$w")
	# the book's files first, wherever they are in the case
	for ((i = 1; i <= count; i++)); do
		read -r kind path <"$w/sec.$i.head"
		if [ "$kind" = file ]; then
			case $path in /* | *..*) not_ok "$name" "a file outside the book: $path"; continue 2 ;; esac
			mkdir -p "$(dirname "$w/book/$path")"
			trimmed "$w/sec.$i.body" >"$w/book/$path"
		fi
	done
	checks=0 bad=
	for ((i = 1; i <= count; i++)); do
		head=$(cat "$w/sec.$i.head")
		[ "${head%% *}" = file ] && continue
		checks=$((checks + 1))
		actual "$w/book" "$head" >"$w/act.$i"
		trimmed "$w/act.$i" >"$w/act.$i.t"
		trimmed "$w/sec.$i.body" >"$w/exp.$i.t"
		cmp -s "$w/exp.$i.t" "$w/act.$i.t" || bad+="== $head"$'\n'"$(diff -u "$w/exp.$i.t" "$w/act.$i.t" | tail -n +3)"$'\n'
		cp "$w/act.$i.t" "$w/sec.$i.body"
	done
	if [ "$regen" -eq 1 ] && [ -n "$bad" ]; then
		# the file again, each expectation replaced by what this build makes
		{
			cat "$w/sec.0.body"
			for ((i = 1; i <= count; i++)); do
				echo "== $(cat "$w/sec.$i.head")"
				trimmed "$w/sec.$i.body"
				[ $i -lt "$count" ] && echo
			done
		} >"$file"
		echo "regen: wrote tests/cases/$name.case" >&2
		bad=
	fi
	if [ "$checks" -eq 0 ]; then
		not_ok "$name" "no expectation (== lint, == html, == docbook) in tests/cases/$name.case"
	elif [ -z "$bad" ]; then
		ok "$name: $(head -n 1 "$w/sec.0.body" | sed 's/^# *//')"
	else
		not_ok "$name: $(head -n 1 "$w/sec.0.body" | sed 's/^# *//')" "$bad"
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# tests/newbook/run.sh - svcbook new: the starter book in each language
# builds (HTML, DocBook valid) and lints with no diagnostic at all, has the
# five chapters, a journey, two roles and comments; a folder that is not
# empty is refused. Prints TAP-like lines and "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${SVCBOOK:-$root/svcbook}
schema=/usr/share/xml/docbook/schema/rng/5.0/docbook.rng
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | head -n 20 | sed 's/^/#   /'; }
check() { if [ "$2" = 0 ]; then ok "$1"; else not_ok "$1" "${3:-}"; fi; }

for lang in en ru; do
	b=$work/$lang/book
	"$bin" new "$b" --lang "$lang" >"$work/out" 2>&1
	check "$lang: svcbook new exits 0" $? "$(cat "$work/out")"
	files=$(cd "$b" && find . -type f | sort | tr '\n' ' ')
	want="./appearance.md ./book.lua ./dictionary.txt ./general.md ./journey.md ./principles.md ./roles/"
	case $files in
	"$want"*) ok "$lang: book.lua, the chapters and roles/ are written" ;;
	*) not_ok "$lang: book.lua, the chapters and roles/ are written" "$files" ;;
	esac
	nroles=$(ls "$b/roles" | wc -l)
	check "$lang: two roles" "$([ "$nroles" = 2 ] && echo 0 || echo 1)" "$nroles"
	grep -q "owner=" "$b/journey.md"
	check "$lang: the journey names owners" $?
	ncomments=$(cat "$b"/*.md "$b"/roles/*.md | grep -c "<!--")
	check "$lang: comments explain the format ($ncomments)" "$([ "$ncomments" -ge 5 ] && echo 0 || echo 1)"
	grep -q "language = \"$lang\"" "$b/book.lua"
	check "$lang: book.lua says the language" $?
	"$bin" lint "$b" >"$work/lint" 2>&1
	rc=$?
	check "$lang: lints with exit 0 and no diagnostic" "$([ $rc = 0 ] && [ ! -s "$work/lint" ] && echo 0 || echo 1)" "exit $rc: $(cat "$work/lint")"
	# the example duty obliges as its author means: must, not the "can"
	# of "ask how you can help" (an indirect question)
	duty=$("$bin" dump "$b" | grep -A1 'stage="first-contact"' | sed -n 2p)
	case $duty in
	*"oblig must "*"deadline=calendar:10s"*) ok "$lang: the first-contact duty is a must within 10 s" ;;
	*) not_ok "$lang: the first-contact duty is a must within 10 s" "$duty" ;;
	esac
	"$bin" build "$b" -o "$work/$lang/out" >"$work/build" 2>&1
	rc=$?
	check "$lang: builds with exit 0 and no diagnostic" "$([ $rc = 0 ] && [ ! -s "$work/build" ] && echo 0 || echo 1)" "exit $rc: $(cat "$work/build")"
	# The chapters' numbers depend on which files a book has (a journey
	# moves the roles to chapter 5): the text links to a chapter, and the
	# comments' numbers are those the built book shows.
	grep -q 'href="roles.html#roles"' "$work/$lang/out/html/general.html"
	check "$lang: general provisions link to the roles chapter" $?
	bad=""
	for f in "$b"/*.md "$b"/roles/*.md; do
		num=$(sed -n '1s/^<!-- \(Chapter\|Глава\) \([0-9]\).*/\2/p' "$f")
		[ -n "$num" ] || continue
		id=$(sed -n 's/^# .*{#\([a-z-]*\).*/\1/p; /^# /q' "$f")
		case $f in */roles/*) id=roles ;; esac
		[ -n "$id" ] || id=$(basename "$f" .md)
		grep -q "id=\"$id\"[^>]*><span class=\"num\">$num</span>" "$work/$lang/out/html/"*.html || bad="$bad ${f##*/}:$num"
	done
	check "$lang: each comment's chapter number is the chapter's" "$([ -z "$bad" ] && echo 0 || echo 1)" "$bad"
	err=$(jing "$schema" "$work/$lang/out/docbook/book.xml" 2>&1 | grep -v '^\[warning\]')
	check "$lang: its DocBook is valid" "$([ -z "$err" ] && echo 0 || echo 1)" "$err"
	"$bin" build "$b" -o "$work/$lang/roles" --role all >"$work/build" 2>&1
	check "$lang: builds a book per role" $? "$(cat "$work/build")"
done

# Refusals: exit 2, nothing touched.
"$bin" new "$work/en/book" >"$work/out" 2>&1
rc=$?
check "a non-empty folder is refused with exit 2" "$([ $rc = 2 ] && echo 0 || echo 1)" "exit $rc"
grep -q "is not empty" "$work/out"
check "and says why" $? "$(cat "$work/out")"
touch "$work/file"
"$bin" new "$work/file" >"$work/out" 2>&1
check "a file is refused with exit 2" "$([ $? = 2 ] && echo 0 || echo 1)" "$(cat "$work/out")"
mkdir "$work/empty"
"$bin" new "$work/empty" >/dev/null 2>&1
check "an empty folder is fine" $?
"$bin" new "$work/x" --lang de >"$work/out" 2>&1
check "an unknown language is a usage error (exit 2)" "$([ $? = 2 ] && echo 0 || echo 1)" "$(cat "$work/out")"
"$bin" new >"$work/out" 2>&1
check "no folder is a usage error (exit 2)" "$([ $? = 2 ] && echo 0 || echo 1)" "$(cat "$work/out")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

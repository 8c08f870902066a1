#!/usr/bin/env bash
# tests/rolebook/run.sh - onboarding books (svcbook build --role): for the
# bundled book, each role's book holds its own standard, the stages it owns,
# its appearance sections, general provisions and principles, and exactly
# the terms that material uses (check.py computes all of that from the
# sources and the full book); DocBook valid; links resolve. Prints TAP-like
# lines and "N passed, N failed".
set -u
# svcbook's repository is git: a build of a book inside it would show the
# repository's revision history, which a copy elsewhere has not
export SVCBOOK_NO_HISTORY=1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SVCBOOK:-$root/svcbook}
schema=/usr/share/xml/docbook/schema/rng/5.0/docbook.rng
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0 n=0

ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | head -n 20 | sed 's/^/#   /'; }
check() { if [ "$2" = 0 ]; then ok "$1"; else not_ok "$1" "${3:-}"; fi; }

# checks BOOK FULL ROLEOUT ID [URL]: check.py's lines, renumbered into ours.
checks() {
	local line
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "$4: ${line#ok * - }" ;;
		"not ok "*) not_ok "$4: ${line#not ok * - }" ;;
		"#"*) echo "$line" ;;
		esac
	done < <(python3 "$here/check.py" "$@" 2>&1 || echo "not ok 0 - check.py failed")
}

valid() { # valid NAME FILE
	local err
	err=$(jing "$schema" "$2" 2>&1 | grep -v '^\[warning\]')
	check "$1: DocBook valid (jing)" "$([ -z "$err" ] && echo 0 || echo 1)" "$err"
}

book=$root/standards
"$bin" build "$book" -o "$work/full" >/dev/null 2>"$work/full.log"
check "the full book builds" $? "$(cat "$work/full.log")"

for r in operator-l1 field-tech; do
	"$bin" build "$book" -o "$work/$r" --role "$r" >/dev/null 2>"$work/$r.log"
	check "build --role $r exits 0" $? "$(cat "$work/$r.log")"
	checks "$book" "$work/full" "$work/$r" "$r"
	valid "$r" "$work/$r/docbook/book.xml"
	grep -q "<subtitle>Книга для роли: " "$work/$r/docbook/book.xml"
	check "$r: the DocBook subtitle names the role" $?
done

# --role all: one book per role, under roles/ID/, nothing else.
"$bin" build "$book" -o "$work/all" --role all >/dev/null 2>"$work/all.log"
check "build --role all exits 0" $? "$(cat "$work/all.log")"
want=$(ls "$book/roles" | sed -n 's/\.md$//p' | sort | tr '\n' ' ')
got=$(ls "$work/all/roles" | grep -vx index.html | sort | tr '\n' ' ')
check "--role all writes one folder per role file" "$([ "$want" = "$got" ] && echo 0 || echo 1)" "want $want, got $got"
check "--role all writes only roles/" "$([ "$(ls -A "$work/all")" = roles ] && echo 0 || echo 1)" "$(ls -A "$work/all")"
for d in "$work"/all/roles/*/; do
	d=${d%/}
	r=$(basename "$d")
	[ "$r" = operator-l1 ] || [ "$r" = field-tech ] || checks "$book" "$work/full" "$d" "$r"
	valid "roles/$r" "$d/docbook/book.xml"
done
# the index page of the role books: every role, its book, print version, DocBook
idx=$work/all/roles/index.html
missing=
for r in $want; do
	for f in "$r/html/index.html" "$r/html/print.html" "$r/docbook/book.xml"; do
		grep -q "<a href=\"$f\">" "$idx" && [ -s "$work/all/roles/$f" ] || missing="$missing $f"
	done
done
check "--role all writes roles/index.html linking every role's book, print version and DocBook" \
	"$([ -s "$idx" ] && [ -z "$missing" ] && echo 0 || echo 1)" "missing:$missing"
first=$(grep -o '<link rel="stylesheet" href="[^"]*"' "$idx" | sed 's/.*href="//; s/"$//')
grep -q '>Открыть книгу</a>' "$idx" && grep -q '>Открыть для печати</a>' "$idx" && grep -q '>Скачать DocBook (XML)</a>' "$idx" &&
	! grep -qE '>(index|print)\.html</a>|>book\.xml</a>' "$idx" && [ -n "$first" ] && [ -s "$work/all/roles/$first" ]
check "roles/index.html has the site's style sheet and links labelled in the book's language, not by file names" $? "$(head -c 1500 "$idx")"
vnu=$root/node_modules/vnu-jar/build/dist/vnu.jar
err=$(java -jar "$vnu" --Werror --format gnu "$idx" 2>&1)
check "roles/index.html passes the Nu HTML Checker" "$([ -z "$err" ] && echo 0 || echo 1)" "$err"
# the stamps differ: --role ID stamps its html/ and docbook/, --role all roles/
diff -r -x .svcbook-stamp "$work/operator-l1" "$work/all/roles/operator-l1" >"$work/d" 2>&1
check "--role all gives the same book as --role ID" $? "$(head -5 "$work/d")"
"$bin" build "$book" -o "$work/all2" --role all >/dev/null 2>&1
diff -r "$work/all" "$work/all2" >"$work/d" 2>&1
check "two --role all builds are byte-identical" $? "$(head -5 "$work/d")"

# With book.lua's url, material left out links to the full book.
cp -r "$book" "$work/withurl"
printf '\nurl = "https://standards.example.com/book/"\n' >>"$work/withurl/book.lua"
"$bin" build "$work/withurl" -o "$work/u" --role office-admin >/dev/null 2>"$work/u.log"
check "build --role with a url exits 0" $? "$(cat "$work/u.log")"
"$bin" build "$work/withurl" -o "$work/ufull" --format docbook >/dev/null 2>&1
checks "$work/withurl" "$work/ufull" "$work/u" office-admin https://standards.example.com/book/
valid "office-admin with url" "$work/u/docbook/book.xml"

# A role with two sections for one stage: its summary names both, in
# the HTML, the DocBook and the EPUB (one was the first's alone).
cp -r "$book" "$work/two"
printf '\n## Повторный выезд {#field-tech-revisit stage=field-visit}\n\nТехник должен приехать повторно в течение 2 дней.\n' \
	>>"$work/two/roles/field-tech.md"
"$bin" build "$work/two" -o "$work/twoout" --role field-tech >/dev/null 2>"$work/two.log"
check "build --role with two sections for one stage exits 0" $? "$(cat "$work/two.log")"
grep -q 'Стандарт для этапа: <a class="xref" href="#field-tech-visit">Выезд на адрес</a>, <a class="xref" href="#field-tech-revisit">Повторный выезд</a></dd>' \
	"$work/twoout/html/print.html"
check "the HTML summary lists both sections of the stage" $? "$(grep -A1 'role-summary' "$work/twoout/html/print.html" | head -5)"
python3 - "$work/twoout/docbook/book.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"d": "http://docbook.org/ns/docbook"}
vl = [v for v in ET.parse(sys.argv[1]).iter("{http://docbook.org/ns/docbook}variablelist") if v.get("role") == "role-summary"][0]
ends = [[x.get("linkend") for x in e.iter("{http://docbook.org/ns/docbook}link")] for e in vl.findall("d:varlistentry/d:listitem", ns)]
sys.exit(0 if ["field-tech-visit", "field-tech-revisit"] in ends else 1)
PY
check "the DocBook summary lists both sections of the stage" $?
"$bin" build "$work/two" -o "$work/twoepub" --role field-tech --format epub >/dev/null 2>&1
unzip -p "$work/twoepub"/epub/*.epub 2>/dev/null | grep -q 'href="[^"]*#field-tech-visit">Выезд на адрес</a>, <a[^>]*href="[^"]*#field-tech-revisit">'
check "the EPUB summary lists both sections of the stage" $?

# --format picks the part here too.
"$bin" build "$book" -o "$work/fmt" --role billing --format docbook >/dev/null 2>&1
check "--role with --format docbook writes only docbook/" "$([ "$(ls -A "$work/fmt")" = docbook ] && echo 0 || echo 1)" "$(ls -A "$work/fmt")"

# An unknown role is unusable input: exit 2, the known ids listed, old output kept.
"$bin" build "$book" -o "$work/operator-l1" --role no-such-role >/dev/null 2>"$work/bad.log"
rc=$?
check "--role no-such-role exits 2" "$([ $rc = 2 ] && echo 0 || echo 1)" "exit $rc"
grep -q "no role has the id 'no-such-role' (roles: operator-l1, office-admin, field-tech" "$work/bad.log"
check "the message lists the known role ids" $? "$(cat "$work/bad.log")"
diff -r -x .svcbook-stamp "$work/operator-l1" "$work/all/roles/operator-l1" >/dev/null 2>&1
check "a failed --role build leaves the old output" $?
"$bin" build "$book" -o "$work/x" --role >/dev/null 2>"$work/bad.log"
rc=$?
check "--role without an id exits 2" "$([ $rc = 2 ] && echo 0 || echo 1)" "exit $rc: $(cat "$work/bad.log")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

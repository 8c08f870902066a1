#!/usr/bin/env bash
# tests/audit/run.sh - audits (FORMAT.md 10): the checklists build writes
# (CSV, printable HTML, XLSX read back with a zip and XML reader), the
# weight= and audit= attributes and book.lua's bonus. The fixture book
# (tests/audit/book) is built once and every assertion reads that build.
# Prints TAP-like lines and "N passed, N failed".
set -u
# svcbook's repository is git: a build of a book inside it would show the
# repository's revision history, which a copy elsewhere has not
export SVCBOOK_NO_HISTORY=1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SVCBOOK:-$root/svcbook}
vnu=$root/node_modules/vnu-jar/build/dist/vnu.jar
export NO_COLOR=1
work=$(mktemp -d "${TMPDIR:-/tmp}/svcbook-audit.XXXXXX")
trap 'rm -rf "$work"' EXIT
pass=0 fail=0 n=0

ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | head -n 30 | sed 's/^/#   /'; }
check() { if [ "$2" = 0 ]; then ok "$1"; else not_ok "$1" "${3:-}"; fi; }
# same NAME WANT GOT: the two texts are equal
same() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "$(diff <(printf '%s\n' "$2") <(printf '%s\n' "$3"))"; fi; }

book=$here/book
out=$work/out
"$bin" build "$book" -o "$out" >/dev/null 2>"$work/build.log"
rc=$?
check "the fixture builds, exit 0, no diagnostics" "$([ $rc = 0 ] && [ ! -s "$work/build.log" ] && echo 0 || echo 1)" \
	"exit $rc: $(cat "$work/build.log")"
"$bin" lint "$book" --werror >"$work/lint.log" 2>&1
check "the fixture lints clean: weight= and audit= are known attributes" $? "$(cat "$work/lint.log")"

# ---- checklists: CSV ----
same "cashier.csv: the items with obligations, in book order, weight-less; Notes (no duty) and Upsell (audit=no) left out" \
"date,employee,department,role,item,result,auditor,comment
,,,cashier,cashier-greeting,,,
,,,cashier,cashier-payment,,,
,,,cashier,uniform,,," "$(tr -d '\r' <"$out/audit/cashier.csv")"
same "barista.csv: its own items, then the appearance section for all roles" \
"date,employee,department,role,item,result,auditor,comment
,,,barista,barista-drink,,,
,,,barista,barista-counter,,,
,,,barista,uniform,,," "$(tr -d '\r' <"$out/audit/barista.csv")"
check "the CSV has RFC 4180 line ends (CRLF)" "$(grep -c $'\r$' "$out/audit/cashier.csv" | grep -qx 4 && echo 0 || echo 1)"
same "audit/ holds a CSV and a checklist page per role and the workbook" \
"audit-barista.html audit-cashier.html barista.csv cashier.csv checklists.xlsx" "$(ls "$out/audit" | tr '\n' ' ' | sed 's/ $//')"

# ---- checklists: the printable page ----
page=$out/audit/audit-cashier.html
check "audit-cashier.html: three rows of yes / no / n.a. boxes" \
	"$([ "$(grep -o '<input type="checkbox"' "$page" | wc -l)" = 9 ] && echo 0 || echo 1)" "$(grep -c checkbox "$page")"
grep -q '<li>The cashier must greet every guest within 10 seconds.</li>' "$page"
check "audit-cashier.html: the obligation to observe, as the book words it" $?
grep -q 'Greeting</a> <span class="w">(weight 2)</span>' "$page"
check "audit-cashier.html: a weight other than 1 is shown" $?
! grep -q 'pastry\|busy hour' "$page"
check "audit-cashier.html: no item for audit=no or for a clause without obligations" $?
grep -q '@page{size:A4' "$page"
check "audit-cashier.html: A4 print layout" $?
bad=""
for href in $(grep -o 'href="[^"]*"' "$page" | sed 's/^href="//; s/"$//'); do
	f=${href%%#*} a=${href#*#}
	grep -q "id=\"$a\"" "$out/audit/$f" 2>/dev/null || bad="$bad $href"
done
check "audit-cashier.html: each item links to its clause in the built site" "$([ -z "$bad" ] && echo 0 || echo 1)" "$bad"
check "audit-cashier.html: the links are there" "$(grep -c 'href="../html/role-cashier.html#cashier-greeting"' "$page" | grep -qx 1 && echo 0 || echo 1)"

# ---- checklists: the workbook, read back ----
python3 "$here/xlsx.py" "$out/audit/checklists.xlsx" >"$work/xlsx.txt" 2>&1
check "checklists.xlsx is a well-formed zip of XML parts" $? "$(cat "$work/xlsx.txt")"
same "checklists.xlsx: a sheet per role, the results columns filled with role and item, a choice list in the result column" \
"== barista
date,employee,department,role,item,result,auditor,comment,number,title,weight
,,,barista,barista-drink,,,,2.1.1,Drink,3
,,,barista,barista-counter,,,,2.1.2,Counter,1
,,,barista,uniform,,,,3.1,Uniform,1
list F2:F4: yes,no,na
== cashier
date,employee,department,role,item,result,auditor,comment,number,title,weight
,,,cashier,cashier-greeting,,,,2.2.1,Greeting,2
,,,cashier,cashier-payment,,,,2.2.2,Payment,1
,,,cashier,uniform,,,,3.1,Uniform,1
list F2:F4: yes,no,na" "$(cat "$work/xlsx.txt")"

# ---- the bundled book: Russian words, and pages valid HTML ----
"$bin" build "$root/standards" -o "$work/std" --format html >/dev/null 2>"$work/std.log"
check "standards/ builds its checklists" $? "$(cat "$work/std.log")"
python3 "$here/xlsx.py" "$work/std/audit/checklists.xlsx" >"$work/std-xlsx.txt" 2>&1
check "standards/: the choice list is in the book's language (да, нет, н/п)" \
	"$(grep '^list' "$work/std-xlsx.txt" | grep -vc ': да,нет,н/п$' | grep -qx 0 && grep -q '^list' "$work/std-xlsx.txt" && echo 0 || echo 1)" \
	"$(grep '^list' "$work/std-xlsx.txt")"
check "standards/: a sheet per role" "$([ "$(grep -c '^== ' "$work/std-xlsx.txt")" = "$(ls "$root/standards/roles" | wc -l)" ] && echo 0 || echo 1)"
if [ -f "$vnu" ] && command -v java >/dev/null 2>&1; then
	err=$(java -jar "$vnu" --errors-only "$work/std/audit/"*.html "$out/audit/"*.html 2>&1)
	check "the checklist pages are valid HTML (vnu)" "$([ -z "$err" ] && echo 0 || echo 1)" "$err"
else
	[ "${CI:-}" = true ] && not_ok "vnu present" || echo "# SKIP vnu: no node_modules/vnu-jar or java"
fi

# ---- bad weight=, audit=, bonus: the reader and book.lua say so ----
cp -r "$book" "$work/bad"
sed -i 's/{#cashier-greeting weight=2}/{#cashier-greeting weight=heavy}/; s/{#cashier-upsell audit=no}/{#cashier-upsell audit=maybe}/' \
	"$work/bad/roles/cashier.md"
sed -i 's/^bonus = .*/bonus = { {75, 1.0}, {90, 1.2} }/' "$work/bad/book.lua"
"$bin" lint "$work/bad" >"$work/bad.log" 2>&1
rc=$?
check "bad values: lint exits 1" "$([ $rc = 1 ] && echo 0 || echo 1)" "exit $rc"
grep -q "roles/cashier.md:5:[0-9]*: error: bad weight 'heavy' \[bad-attribute\]" "$work/bad.log"
check "weight=heavy: a bad-attribute error at its place" $? "$(cat "$work/bad.log")"
grep -q "roles/cashier.md:17:[0-9]*: error: bad audit value 'maybe' \[bad-attribute\]" "$work/bad.log"
check "audit=maybe: a bad-attribute error at its place" $? "$(cat "$work/bad.log")"
grep -q "book.lua:8:1: error: bonus must list" "$work/bad.log"
check "bonus with rising thresholds: a bad-config error at its line" $? "$(cat "$work/bad.log")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

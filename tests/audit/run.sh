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
same "cashier.csv: the items with obligations, in book order, weight-less; Notes (no duty) and Pastry (audit=no) left out" \
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
same "checklists.xlsx: a sheet per role, the results columns filled with role and item, each column's width, the date column in yyyy-mm-dd, a choice list in the result column" \
"== barista
date,employee,department,role,item,result,auditor,comment,number,title,weight
,,,barista,barista-drink,,,,2.1.1,Drink,3
,,,barista,barista-counter,,,,2.1.2,Counter,1
,,,barista,uniform,,,,3.1,Uniform,1
widths: 11.7109375,22.7109375,22.7109375,16.7109375,26.7109375,8.7109375,18.7109375,30.7109375,8.7109375,48.7109375,7.7109375
format 1-1: yyyy-mm-dd
list F2:F2004: yes,no,na
== cashier
date,employee,department,role,item,result,auditor,comment,number,title,weight
,,,cashier,cashier-greeting,,,,2.2.1,Greeting,2
,,,cashier,cashier-payment,,,,2.2.2,Payment,1
,,,cashier,uniform,,,,3.1,Uniform,1
widths: 11.7109375,22.7109375,22.7109375,16.7109375,26.7109375,8.7109375,18.7109375,30.7109375,8.7109375,48.7109375,7.7109375
format 1-1: yyyy-mm-dd
list F2:F2004: yes,no,na" "$(cat "$work/xlsx.txt")"

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
# pay must not come from the default weights: audit refuses such a book
"$bin" audit "$work/bad" "$here/results.csv" -o "$work/bad-report.txt" >"$work/bad-audit.out" 2>"$work/bad-audit.log"
rc=$?
check "audit on a book with a bad weight= or bonus: exit 2, the book's errors, no report" \
	"$([ $rc = 2 ] && [ ! -e "$work/bad-report.txt" ] && grep -q "bad weight 'heavy'" "$work/bad-audit.log" &&
		grep -q 'the book has errors' "$work/bad-audit.log" && echo 0 || echo 1)" "exit $rc: $(cat "$work/bad-audit.log")"


# ---- svcbook audit: scores computed by hand ----
# tests/audit/results.csv and nps.csv (the browser suite draws its report
# from them too). The fixture's checklists (weights in brackets):
#   cashier: cashier-greeting [2], cashier-payment [1], uniform [1]
#   barista: barista-drink [3], barista-counter [1], uniform [1]
# Two departments (North: Иванова Анна, cashier, and Bob, barista; South:
# Cat, cashier), two months, na rows, Russian result words, one duplicate
# (line 20 repeats line 18's date, employee and item: counted once, as
# line 18 says, `нет`) and one row after --to (line 21).
# nps.csv: North 10 9 9 7 0 -> 3 promoters, 1 passive, 1 detractor;
# South 6 5 8 10 -> 1 promoter, 1 passive, 2 detractors; 2026-06-02 is
# after --to.
# By hand (score = weight of yes / weight of yes and no, half up to 0.1):
#   Иванова Анна: yes 2+1+1 (April) + 2+1 (May) = 7, no 0, one na
#                 -> 7/7 = 100.0; 5 items; 100.0 >= 90 -> bonus 1.2
#   Bob:          yes 3+1 (April) + 1+1 (May) = 6, no 3 (May drink), one na
#                 -> 6/9 = 66.67 -> 66.7; 5 items; below 75 -> bonus 0.8
#   Cat:          yes 2+1+1 (April) + 2 (May) = 6, no 1+1 (May) = 2
#                 -> 6/8 = 75.0; 6 items; exactly 75 -> bonus 1.0
#   North: yes 7+6 = 13, no 0+3 = 3 -> 13/16 = 81.25 -> 81.3 (half up)
#   South: 6/8 = 75.0
#   overall: yes 19, no 5 -> 19/24 = 79.17 -> 79.2
#   2026-04: yes 4 (Anna) + 4 (Bob) + 4 (Cat) = 12, no 0 -> 100.0
#   2026-05: yes 3 + 2 + 2 = 7, no 0 + 3 + 2 = 5 -> 7/12 = 58.33 -> 58.3
#   items, counted (not weighed), yes / (yes + no):
#     barista-drink 1 yes 1 no -> 50.0; barista-counter 2/2 -> 100.0;
#     uniform (barista) 1 yes, 1 na -> 100.0; cashier-greeting 4/4 -> 100.0;
#     cashier-payment 3 yes 1 no -> 75.0; uniform (cashier) 2 yes 1 no 1 na -> 66.7
#   NPS = % of 9-10 minus % of 0-6: North (3-1)/5 = 40.0;
#     South (1-2)/4 = -25.0; overall (4-3)/9 = 11.1
#   results counted: 20 rows, 19 in the period, one a duplicate -> 18
"$bin" audit "$book" "$here/results.csv" --nps "$here/nps.csv" --from 2026-04-01 --to 2026-05-31 \
	--format json >"$work/scores.json" 2>"$work/scores.log"
rc=$?
check "audit of the hand-computed results exits 0" "$([ $rc = 0 ] && echo 0 || echo 1)" "exit $rc: $(cat "$work/scores.log")"
same "audit --format json: the scores, NPS, bonuses, months and items computed by hand" \
'{"employees": [
  {"employee": "Bob", "department": "North", "role": "barista", "score": 66.7, "items": 5, "bonus": 0.8},
  {"employee": "Иванова Анна", "department": "North", "role": "cashier", "score": 100.0, "items": 5, "bonus": 1.2},
  {"employee": "Cat", "department": "South", "role": "cashier", "score": 75.0, "items": 6, "bonus": 1.0}],
"departments": [
  {"department": "North", "score": 81.3, "nps": 40.0},
  {"department": "South", "score": 75.0, "nps": -25.0}],
"items": [
  {"id": "barista-drink", "role": "barista", "compliance": 50.0, "no": 1, "yes": 1, "na": 0},
  {"id": "barista-counter", "role": "barista", "compliance": 100.0, "no": 0, "yes": 2, "na": 0},
  {"id": "uniform", "role": "barista", "compliance": 100.0, "no": 0, "yes": 1, "na": 1},
  {"id": "cashier-greeting", "role": "cashier", "compliance": 100.0, "no": 0, "yes": 4, "na": 0},
  {"id": "cashier-payment", "role": "cashier", "compliance": 75.0, "no": 1, "yes": 3, "na": 0},
  {"id": "uniform", "role": "cashier", "compliance": 66.7, "no": 1, "yes": 2, "na": 1}],
"nps": 11.1,
"score": 79.2,
"months": [
  {"month": "2026-04", "score": 100.0},
  {"month": "2026-05", "score": 58.3}],
"results": 18, "duplicates": 1, "left_out": 0, "answers": 9}' "$(cat "$work/scores.json")"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/scores.json" 2>"$work/json.err"
check "audit --format json is valid JSON" $? "$(cat "$work/json.err")"
grep -q "results.csv:20:1: warning: the same date, employee and item as .*results.csv:18 \[duplicate-row\]" "$work/scores.log"
check "a duplicate row is a warning at its line, naming the first" $? "$(cat "$work/scores.log")"
# Without the period: the June row counts too (Cat uniform no, weight 1):
# Cat 6/9 = 66.7 -> bonus 0.8; the survey's June 0 makes South 1-3 of 5 = -40.0.
"$bin" audit "$book" "$here/results.csv" --nps "$here/nps.csv" >"$work/all.txt" 2>/dev/null
# The text report names a role as its reader knows it, by the role's name
# (as the HTML does); JSON keeps the id, for programs.
grep -q '^  South / Cat (Cashier): 66.7 % of 7 items, bonus 0.8$' "$work/all.txt" &&
	grep -q '^  South: 66.7 %, NPS -40.0 (5 answers: 1 promoter, 1 passive, 3 detractors)$' "$work/all.txt" &&
	grep -q '^  2.2.2 cashier-payment (Cashier): 75.0 %, 3 yes, 1 no, 0 na$' "$work/all.txt" && ! grep -q '(cashier)' "$work/all.txt"
check "without --from/--to every row counts (text report, each count in its plural form, roles by name)" $? "$(cat "$work/all.txt")"
# A Russian book's text report is Russian, its counts in Russian plural forms.
cp -r "$book" "$work/rubook" && sed -i 's/^language = .*/language = "ru"/' "$work/rubook/book.lua"
(unset LANGUAGE; "$bin" audit "$work/rubook" "$here/results.csv" --nps "$here/nps.csv" >"$work/ru.txt" 2>/dev/null)
grep -q '^  South: 66.7 %, NPS -40.0 (5 ответов: 1 сторонник, 1 нейтральный, 3 критика)$' "$work/ru.txt" &&
	grep -q '^  South / Cat (Cashier): 66.7 % из 7 пунктов, коэффициент премии 0.8$' "$work/ru.txt"
check "a Russian book: the text report in Russian, 1 сторонник, 3 критика, из 7 пунктов" $? "$(cat "$work/ru.txt")"
"$bin" audit "$book" "$here/results.csv" --from 2026-05-01 --to 2026-05-31 --format json -o "$work/may.json" 2>/dev/null
grep -q '"score": 58.3,' "$work/may.json" && ! grep -q '2026-04' "$work/may.json"
check "--from/--to: May alone scores 58.3 (the May figure above)" $? "$(cat "$work/may.json" 2>&1)"

# ---- the HTML report ----
"$bin" audit "$book" "$here/results.csv" --nps "$here/nps.csv" --from 2026-04-01 --to 2026-05-31 \
	--format html -o "$work/report.html" 2>/dev/null
check "audit --format html -o writes the report" "$([ -s "$work/report.html" ] && echo 0 || echo 1)"
check "the report draws three charts as inline SVG, each titled for screen readers" \
	"$([ "$(grep -o '<svg viewBox="[^"]*" role="img" aria-labelledby="chart-[a-z]*"><title id="chart-' "$work/report.html" | wc -l)" = 3 ] && echo 0 || echo 1)"
same "the most missed items, most first, then in book order, each linked to its clause at book.lua's url, with its role's name" \
'<li><a href="https://example.com/standards/role-barista.html#barista-drink">2.1.1 Drink</a> <code>barista-drink</code> (Barista): 1 missed</li>
<li><a href="https://example.com/standards/role-cashier.html#cashier-payment">2.2.2 Payment</a> <code>cashier-payment</code> (Cashier): 1 missed</li>
<li><a href="https://example.com/standards/appearance.html#uniform">3.1 Uniform</a> <code>uniform</code> (Cashier): 1 missed</li>' \
	"$(grep '^<li><a href=' "$work/report.html")"
check "the report's item table links every item" "$([ "$(grep -c '^<tr><td><a href="https://example.com/standards/' "$work/report.html")" = 6 ] && echo 0 || echo 1)"
grep -q '<td>North</td><td class="n">81.3</td><td class="n">40.0</td>' "$work/report.html"
check "the report's department table holds the hand-computed figures" $?
# A Russian book's page: each count in its Russian plural form, as the
# text report has them (all rows: uniform of the cashier missed twice).
"$bin" audit "$work/rubook" "$here/results.csv" --nps "$here/nps.csv" --format html -o "$work/ru.html" 2>/dev/null
same "a Russian book's HTML report: 1 нарушение, 2 нарушения, 19 результатов, 10 ответов" \
"· 19 результатов
</b>10 ответов
<code>uniform</code> (Cashier): 2 нарушения
<code>barista-drink</code> (Barista): 1 нарушение
<code>cashier-payment</code> (Cashier): 1 нарушение" \
	"$(grep -o '· [0-9]* [^ <]*\|</b>[0-9]* [^<]*\|<code>[^<]*</code> ([^)]*): [0-9]* [^<]*' "$work/ru.html")"
if [ -f "$vnu" ] && command -v java >/dev/null 2>&1; then
	err=$(java -jar "$vnu" --errors-only "$work/report.html" 2>&1)
	check "the report is valid HTML (vnu)" "$([ -z "$err" ] && echo 0 || echo 1)" "$err"
fi

# ---- planted errors: each named, nothing written ----
cat >"$work/bad.csv" <<'CSV'
date,employee,department,role,item,result,auditor,comment
2026-04-10,Ann,North,cashier,cashier-greting,yes,,
2026-04-10,Ann,North,cashier,barista-drink,yes,,
2026-04-10,Ann,North,cashier,cashier-notes,yes,,
2026-04-10,Ann,North,cashier,cashier-payment,maybe,,
2026-04-31,Ann,North,cashier,uniform,yes,,
2026-04-10,Ann,North,cashr,uniform,yes,,
2026-04-10,Ann,North,cashier
2026-04-10,Ann,North,cashier,uniform,"yes"x,,
2026-04-10,,North,cashier,uniform,yes,,
2026-04-11,Ann,North,cashier,uniform,yes,,
2026-04-12,Ann,North,cashier,uniform,yes,Bob,late, very late
2026-04-13,Ann,North,senior-cashier,uniform,yes,,
2026-04-11,Ann,North,cashier,uniform,no,,
CSV
printf 'date,department,score\n2026-04-03,North,11\n2026-04-03,North,-1\n2026-04-03,North,7.5\n2026-04-03,North,8\n' >"$work/badnps.csv"
printf 'date,employee,department,role,item,auditor\n' >"$work/nocol.csv"
(cd "$work" && "$bin" audit "$book" bad.csv nocol.csv --nps badnps.csv -o report.txt >stdout.txt 2>errors.txt)
rc=$?
check "planted errors: exit 2" "$([ $rc = 2 ] && echo 0 || echo 1)" "exit $rc"
check "planted errors: no report written, nothing on standard output" \
	"$([ ! -e "$work/report.txt" ] && [ ! -s "$work/stdout.txt" ] && [ -z "$(ls "$work" | grep 'report.txt.tmp')" ] && echo 0 || echo 1)"
same "planted errors: every one named at file:line:col with what is wrong, its line and a caret as lint shows them, a duplicate row too, and the count" \
"bad.csv:2:30: error: unknown item 'cashier-greting': no clause of the book has this id [unknown-item]
    2026-04-10,Ann,North,cashier,cashier-greting,yes,,
                                 ^
    hint: nearest ids: cashier-greeting, cashier-payment, uniform
bad.csv:3:30: error: item 'barista-drink' (clause 2.1.1 Drink) is not in the checklist of role 'cashier' [not-in-checklist]
    2026-04-10,Ann,North,cashier,barista-drink,yes,,
                                 ^
    hint: it is an item of role 'barista'
bad.csv:4:30: error: item 'cashier-notes' (clause 2.2.3 Notes) is not in the checklist of role 'cashier' [not-in-checklist]
    2026-04-10,Ann,North,cashier,cashier-notes,yes,,
                                 ^
    hint: its text holds no obligation, so it is no checklist item
bad.csv:5:46: error: bad result 'maybe' [bad-result]
    2026-04-10,Ann,North,cashier,cashier-payment,maybe,,
                                                 ^
    hint: write yes, no or na (да, нет, н/п)
bad.csv:6:1: error: bad date '2026-04-31' [bad-date]
    2026-04-31,Ann,North,cashier,uniform,yes,,
    ^
    hint: a calendar day written YYYY-MM-DD
bad.csv:7:22: error: unknown role 'cashr' [unknown-role]
    2026-04-10,Ann,North,cashr,uniform,yes,,
                         ^
    hint: did you mean 'cashier'?
bad.csv:8:29: error: missing column 'item': the row has 4 fields [missing-column]
    2026-04-10,Ann,North,cashier
                                ^
bad.csv:8:29: error: missing column 'result': the row has 4 fields [missing-column]
    2026-04-10,Ann,North,cashier
                                ^
bad.csv:9:43: error: text after a closing quote: a field in quotes ends with a comma or a line end [bad-csv]
    2026-04-10,Ann,North,cashier,uniform,\"yes\"x,,
                                              ^
bad.csv:10:12: error: empty employee [empty-field]
    2026-04-10,,North,cashier,uniform,yes,,
               ^
bad.csv:12:51: error: 9 fields, the header has 8 [missing-column]
    2026-04-12,Ann,North,cashier,uniform,yes,Bob,late, very late
                                                      ^
    hint: a field holding a comma is quoted: \"Smith, Mary\"
bad.csv:13:22: error: unknown role 'senior-cashier' [unknown-role]
    2026-04-13,Ann,North,senior-cashier,uniform,yes,,
                         ^
    hint: did you mean 'cashier'?
bad.csv:14:1: warning: the same date, employee and item as bad.csv:11 [duplicate-row]
    2026-04-11,Ann,North,cashier,uniform,no,,
    ^
    hint: a row is counted once
badnps.csv:2:18: error: score '11' is not a whole number from 0 to 10 [bad-score]
    2026-04-03,North,11
                     ^
    hint: a survey score is a whole number from 0 to 10
badnps.csv:3:18: error: score '-1' is not a whole number from 0 to 10 [bad-score]
    2026-04-03,North,-1
                     ^
    hint: a survey score is a whole number from 0 to 10
badnps.csv:4:18: error: score '7.5' is not a whole number from 0 to 10 [bad-score]
    2026-04-03,North,7.5
                     ^
    hint: a survey score is a whole number from 0 to 10
nocol.csv:1:1: error: the header has no column 'result' [missing-column]
    date,employee,department,role,item,auditor
    ^
    hint: the first line names the columns: date,employee,department,role,item,result,auditor,comment
svcbook: 16 errors, 1 warning" \
	"$(cat "$work/errors.txt")"

# A Russian book: the hints are Russian too, ids and file names as they are.
(unset LANGUAGE; cd "$work" && "$bin" audit rubook bad.csv nocol.csv >/dev/null 2>ru-errors.txt)
same "a Russian book: the hints of unknown and misplaced items and of a missing column in Russian" \
"    подсказка: ближайшие идентификаторы: cashier-greeting, cashier-payment, uniform
    подсказка: это пункт чек-листа роли «barista»
    подсказка: в его тексте нет обязанности, поэтому это не пункт чек-листа
    подсказка: первая строка называет столбцы: date,employee,department,role,item,result,auditor,comment" \
	"$(grep -e ближайш -e 'пункт чек-листа' -e 'называет столбцы' "$work/ru-errors.txt")"

# Hints that say what to write: a day as a Russian spreadsheet writes it,
# turned round; an item named by its title or number, its id; an empty
# result or score, that the field is empty.
printf '%s\n' 'date,employee,department,role,item,result' '03.12.2026,Ann,North,cashier,uniform,yes' \
	'2026-12-03 0:00,Ann,North,cashier,uniform,yes' '2026-12-03,Ann,North,cashier,Payment,yes' \
	'2026-12-03,Ann,North,cashier,2.2.1,yes' '2026-12-03,Ann,North,cashier,uniform,' >"$work/hints.csv"
printf 'date,department,score\n2026-12-03,North,\n' >"$work/hints-nps.csv"
(cd "$work" && "$bin" audit "$book" hints.csv --nps hints-nps.csv >/dev/null 2>hints.log)
same "hints: did you mean 2026-12-03, the id of a clause named by its title or number, an empty result or score" \
"hints-nps.csv:2:18: error: empty score [empty-field]
hints.csv:2:1: error: bad date '03.12.2026' [bad-date]
    hint: did you mean '2026-12-03'?
hints.csv:3:1: error: bad date '2026-12-03 0:00' [bad-date]
    hint: did you mean '2026-12-03'?
hints.csv:4:30: error: unknown item 'Payment': no clause of the book has this id [unknown-item]
    hint: that names clause 2.2.2 Payment; the item column takes its id: cashier-payment
hints.csv:5:30: error: unknown item '2.2.1': no clause of the book has this id [unknown-item]
    hint: that names clause 2.2.1 Greeting; the item column takes its id: cashier-greeting
hints.csv:6:38: error: empty result [empty-field]" "$(grep -e 'error:' -e 'hint:' "$work/hints.log")"

# ---- an item the book no longer has: git says which version removed it ----
if command -v git >/dev/null 2>&1; then
	g=$work/git
	cp -r "$book" "$g"
	gitc() { git -C "$g" -c user.name=T -c user.email=t@example.com "$@"; }
	gitc init -q && gitc add -A &&
		GIT_AUTHOR_DATE=2026-03-01T10:00:00 GIT_COMMITTER_DATE=2026-03-01T10:00:00 gitc commit -qm v1.0
	sed -i 's/{#cashier-payment}/{#cashier-receipt}/' "$g/roles/cashier.md"
	sed -i 's/^version = .*/version = "1.1"/' "$g/book.lua"
	GIT_AUTHOR_DATE=2026-04-01T10:00:00 GIT_COMMITTER_DATE=2026-04-01T10:00:00 gitc commit -qam v1.1
	printf 'date,employee,department,role,item,result\n2026-04-10,Ann,North,cashier,cashier-payment,yes\n' >"$work/old.csv"
	(cd "$work" && "$bin" audit git old.csv >/dev/null 2>old.log)
	rc=$?
	grep -qx "old.csv:2:30: error: unknown item 'cashier-payment': no clause of the book has this id; version 1.1 (2026-04-01) removed it, version 1.0 had it \[unknown-item\]" "$work/old.log" &&
		grep -qx '    hint: nearest ids: cashier-receipt, cashier-greeting, uniform' "$work/old.log"
	check "an item removed since: exit 2, the version that removed it, the renamed id nearest" \
		"$([ $? = 0 ] && [ $rc = 2 ] && echo 0 || echo 1)" "exit $rc: $(cat "$work/old.log")"
	# Visits before the version that dropped an item came into force were
	# made with the earlier checklist: a warning, the row left out, the
	# rest scored. 1.1 (no effective=: its commit's day, 2026-04-01)
	# removed cashier-payment; 1.2, effective 2026-05-15, takes
	# cashier-greeting out of the checklists (audit=no).
	sed -i 's/{#cashier-greeting weight=2}/{#cashier-greeting weight=2 audit=no}/' "$g/roles/cashier.md"
	sed -i 's/^version = .*/version = "1.2"\neffective = "2026-05-15"/' "$g/book.lua"
	GIT_AUTHOR_DATE=2026-05-01T10:00:00 GIT_COMMITTER_DATE=2026-05-01T10:00:00 gitc commit -qam v1.2
	printf '%s\n' 'date,employee,department,role,item,result' '2026-03-20,Ann,North,cashier,cashier-payment,yes' \
		'2026-05-10,Ann,North,cashier,cashier-greeting,no' '2026-05-10,Ann,North,cashier,uniform,yes' >"$work/early.csv"
	(cd "$work" && "$bin" audit git early.csv --format json >early.json 2>early.log)
	rc=$?
	same "items of earlier checklists on visits before the change was in force: warnings, the rows left out, the rest scored" \
"early.csv:2:30: warning: item 'cashier-payment' was in the checklist of role 'cashier' until version 1.1 (in force from 2026-04-01); the visit of 2026-03-20 was before: the row is left out of the scores [earlier-item]
early.csv:3:30: warning: item 'cashier-greeting' was in the checklist of role 'cashier' until version 1.2 (in force from 2026-05-15); the visit of 2026-05-10 was before: the row is left out of the scores [earlier-item]
exit 0
\"results\": 1, \"duplicates\": 0, \"left_out\": 2, \"answers\": 0}" \
		"$(grep 'warning:\|error:' "$work/early.log"; echo "exit $rc"; tail -n 1 "$work/early.json")"
	printf 'date,employee,department,role,item,result\n2026-05-15,Ann,North,cashier,cashier-greeting,no\n' >"$work/late.csv"
	(cd "$work" && "$bin" audit git late.csv >/dev/null 2>late.log)
	rc=$?
	grep -q "^late.csv:2:30: error: item 'cashier-greeting' (clause 2.2.1 Greeting) is not in the checklist of role 'cashier' \[not-in-checklist\]" "$work/late.log"
	check "... but a visit on the day the change came into force used a stale checklist: an error, exit 2" \
		"$([ $? = 0 ] && [ $rc = 2 ] && echo 0 || echo 1)" "exit $rc: $(cat "$work/late.log")"
fi

# ---- the template round-trips: standards/' blank sheets filled with yes score 100.0 ----
for f in "$work/std/audit/"*.csv; do
	tr -d '\r' <"$f" | awk -F, -v OFS=, 'NR == 1 { print; next } { $1 = "2026-04-10"; $2 = "Tester " $4; $3 = "HQ"; $6 = "да"; print }' \
		>"$work/filled-$(basename "$f")"
done
"$bin" audit "$root/standards" "$work"/filled-*.csv --format json >"$work/filled.json" 2>"$work/filled.log"
rc=$?
items=$(cat "$work"/filled-*.csv | grep -vc '^date,')
grep -q '^"score": 100.0,$' "$work/filled.json" && grep -q "\"results\": $items, \"duplicates\": 0" "$work/filled.json" &&
	[ "$(grep -c '"score": 100.0, "items"' "$work/filled.json")" = "$(ls "$root/standards/roles" | wc -l)" ]
check "standards/: every blank sheet filled with да scores 100.0, every row and employee counted" \
	"$([ $? = 0 ] && [ $rc = 0 ] && echo 0 || echo 1)" "exit $rc: $(cat "$work/filled.log") $(head -c 600 "$work/filled.json")"
# Spaces a spreadsheet left around a name are not a second person or
# department, and such a row is a duplicate like any other.
{ head -n 2 "$here/results.csv"; echo '2026-04-10, Иванова Анна ,North ,cashier,cashier-greeting,yes,Zoe,'; } >"$work/spaces.csv"
"$bin" audit "$book" "$work/spaces.csv" --format json >"$work/spaces.json" 2>"$work/spaces.log"
grep -q '"department": "North"' "$work/spaces.json" && ! grep -q '"North "' "$work/spaces.json" &&
	! grep -q '" Иванова' "$work/spaces.json" && grep -q 'duplicate-row' "$work/spaces.log"
check "spaces around an unquoted name are trimmed: one person, one department, the duplicate found" $? \
	"$(cat "$work/spaces.log" "$work/spaces.json")"
# Excel in a Russian locale saves "CSV" with semicolons: one clear error.
tr ',' ';' <"$here/results.csv" >"$work/semi.csv"
"$bin" audit "$book" "$work/semi.csv" >/dev/null 2>"$work/semi.log"
rc=$?
check "a file separated by ';': exit 2 and one error that says so" \
	"$([ $rc = 2 ] && [ "$(grep -c 'error:' "$work/semi.log")" = 1 ] && grep -q "semi.csv:1:1: error: the file is separated by ';', not by commas" "$work/semi.log" && echo 0 || echo 1)" \
	"exit $rc: $(cat "$work/semi.log")"
# A file in Windows-1251 (1C, a Russian Excel's "CSV"), in UTF-16 (Excel's
# "Unicode Text") or a zip that is no workbook: one error for the file, as for ';'.
python3 -c 'import sys; sys.stdout.buffer.write(open(sys.argv[1], encoding="utf-8").read().encode("cp1251"))' \
	"$here/results.csv" >"$work/cp1251.csv"
"$bin" audit "$book" "$work/cp1251.csv" >/dev/null 2>"$work/cp1251.log"
rc=$?
check "a Windows-1251 file: exit 2 and one error for the file that names its encoding" \
	"$([ $rc = 2 ] && [ "$(grep -c 'error:' "$work/cp1251.log")" = 1 ] &&
		grep -q "cp1251.csv:2:12: error: the file is not UTF-8: it looks like Windows-1251 \[bad-csv\]" "$work/cp1251.log" &&
		grep -q 'hint: save it as "CSV UTF-8' "$work/cp1251.log" && echo 0 || echo 1)" "exit $rc: $(cat "$work/cp1251.log")"
python3 -c 'import sys; sys.stdout.buffer.write(open(sys.argv[1], encoding="utf-8").read().encode("utf-16"))' \
	"$here/results.csv" >"$work/utf16.csv"
"$bin" audit "$book" "$work/utf16.csv" >/dev/null 2>"$work/utf16.log"
rc=$?
check "a UTF-16 file: exit 2 and one error for the file" \
	"$([ $rc = 2 ] && [ "$(grep -c 'error:' "$work/utf16.log")" = 1 ] &&
		grep -q "utf16.csv: error: the file is UTF-16 (Excel's \"Unicode Text\"), not UTF-8 \[bad-csv\]" "$work/utf16.log" &&
		echo 0 || echo 1)" "exit $rc: $(cat "$work/utf16.log")"
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1], "w").writestr("a.txt", "not a workbook")' "$work/zip.csv"
"$bin" audit "$book" "$work/zip.csv" >/dev/null 2>"$work/zip.log"
rc=$?
check "a zip that is no workbook, whatever its name: exit 2 and one error for the file" \
	"$([ $rc = 2 ] && [ "$(grep -c 'error:' "$work/zip.log")" = 1 ] &&
		grep -q "zip.csv: error: the file is a zip archive but no Excel workbook (.xlsx)" "$work/zip.log" && echo 0 || echo 1)" \
	"exit $rc: $(cat "$work/zip.log")"
(unset LANGUAGE; "$bin" audit "$work/rubook" "$work/cp1251.csv" >/dev/null 2>"$work/cp1251-ru.log")
check "... and in a Russian book's language" \
	"$(grep -q 'cp1251.csv:2:12: error: файл не в UTF-8: похоже, это Windows-1251' "$work/cp1251-ru.log" &&
		grep -q 'подсказка: сохраните файл как «CSV UTF-8' "$work/cp1251-ru.log" && echo 0 || echo 1)" \
	"$(cat "$work/cp1251-ru.log")"

# ---- the workbook handed back: audit reads checklists.xlsx as filled in ----
# Filled as Excel saves it: a day typed into the date column is a number
# (46122 is 2026-04-10) in the column's yyyy-mm-dd style, names are shared
# or inline strings, a visit's row is typed below the prefilled ones, a
# number in the date column without a style is a day too. The CSV of the
# same rows scores the same.
fill() { python3 "$here/xlsxfill.py" "$@"; }
xl=$work/filled.xlsx
fill "$out/audit/checklists.xlsx" "$work/fill1.xlsx" cashier A2=d:46122 B2=s:'Иванова Анна' C2=i:North F2=s:yes \
	A3=d:46122 B3=s:'Иванова Анна' C3=i:North F3=s:no A4=d:46122 B4=s:'Иванова Анна' C4=i:North F4=s:yes
fill "$work/fill1.xlsx" "$xl" barista A5=n:46124 B5=s:Bob C5=s:North D5=s:barista E5=s:barista-drink F5=i:no
printf '%s\n' date,employee,department,role,item,result '2026-04-10,Иванова Анна,North,cashier,cashier-greeting,yes' \
	'2026-04-10,Иванова Анна,North,cashier,cashier-payment,no' '2026-04-10,Иванова Анна,North,cashier,uniform,yes' \
	2026-04-12,Bob,North,barista,barista-drink,no >"$work/same.csv"
"$bin" audit "$book" "$xl" --format json >"$work/xl.json" 2>"$work/xl.log"
rc=$?
"$bin" audit "$book" "$work/same.csv" --format json >"$work/same.json" 2>/dev/null
check "checklists.xlsx filled in: exit 0, no diagnostics, the report of the CSV with the same rows" \
	"$([ $rc = 0 ] && [ ! -s "$work/xl.log" ] && grep -q '"results": 4' "$work/xl.json" && cmp -s "$work/xl.json" "$work/same.json" &&
		echo 0 || echo 1)" "exit $rc: $(cat "$work/xl.log"; diff "$work/same.json" "$work/xl.json")"
fill "$xl" "$work/bad.xlsx" cashier F3=s:maybe A4=s:31.04.2026 A6=d:46122 B6=s:Bob C6=s:North D6=s:cashier E6=s:cashier-greting F6=s:yes
"$bin" audit "$book" "$work/bad.xlsx" >/dev/null 2>"$work/badxl.log"
rc=$?
same "a filled workbook's errors: FILE(SHEET):ROW:COL, the column as Excel counts it" \
"$work/bad.xlsx(cashier):3:6: error: bad result 'maybe' [bad-result]
$work/bad.xlsx(cashier):4:1: error: bad date '31.04.2026' [bad-date]
$work/bad.xlsx(cashier):6:5: error: unknown item 'cashier-greting': no clause of the book has this id [unknown-item]" \
	"$(grep 'error:' "$work/badxl.log")"
check "... exit 2" "$([ $rc = 2 ] && echo 0 || echo 1)" "exit $rc"
fill "$xl" "$work/dup.xlsx" barista A6=d:46124 B6=s:Bob C6=s:North D6=s:barista E6=s:barista-drink F6=s:yes
"$bin" audit "$book" "$work/dup.xlsx" >/dev/null 2>"$work/dupxl.log"
grep -q "dup.xlsx(barista):6:1: warning: the same date, employee and item as $work/dup.xlsx(barista):5 \[duplicate-row\]" "$work/dupxl.log"
check "a duplicate row in a workbook names the sheet and row of the first" $? "$(cat "$work/dupxl.log")"

# A sheet whose XML breaks off half way (a workbook cut short by a copy):
# its rows so far are checked, then one error names the sheet.
python3 - "$xl" "$work/cut.xlsx" <<'PY'
import sys, zipfile
zin, zout = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2], "w")
for i in zin.infolist():
    data = zin.read(i.filename)
    zout.writestr(i, data[:len(data) // 2] if i.filename == "xl/worksheets/sheet2.xml" else data)
zout.close()
PY
"$bin" audit "$book" "$work/cut.xlsx" >/dev/null 2>"$work/cut.log"
rc=$?
check "a sheet cut short: exit 2, one error naming the sheet and its part" \
	"$([ $rc = 2 ] && [ "$(grep -c 'error:' "$work/cut.log")" = 1 ] &&
		grep -q "cut.xlsx(cashier): error: sheet 'cashier' of the workbook cannot be read: its part xl/worksheets/sheet2.xml is missing or not XML \[bad-csv\]" "$work/cut.log" &&
		echo 0 || echo 1)" "exit $rc: $(cat "$work/cut.log")"
# A workbook made to exhaust memory (a few kilobytes of zip): a row whose
# cells hold over a megabyte of text, a row of twenty megabytes of XML,
# more rows than Excel has: one error each, no crash, no stall.
for kind in text cells rows; do
	python3 - "$xl" "$work/big-$kind.xlsx" "$kind" <<'PY'
import sys, zipfile
M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
kind = sys.argv[3]
if kind == "text":
    row = '<row r="2">' + '<c t="inlineStr"><is><t>%s</t></is></c>' % ("x" * 100) * 16000 + "</row>"
elif kind == "cells":
    row = '<row r="2">' + "<c/>" * 5000000 + "</row>"
else:
    row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 1048577
sheet = '<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (M, row)
zin, zout = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED)
for i in zin.infolist():
    zout.writestr(i.filename, sheet if i.filename == "xl/worksheets/sheet2.xml" else zin.read(i.filename))
zout.close()
PY
	timeout 60 "$bin" audit "$book" "$work/big-$kind.xlsx" >/dev/null 2>"$work/big-$kind.log"
	rc=$?
	check "a workbook made to exhaust memory ($kind): exit 2, one error that the sheet is too large" \
		"$([ $rc = 2 ] && grep -q "big-$kind.xlsx(cashier): error: sheet 'cashier' of the workbook is too large to read" "$work/big-$kind.log" &&
			echo 0 || echo 1)" "exit $rc: $(head -c 600 "$work/big-$kind.log")"
done
python3 "$here/csv2xlsx.py" "$here/nps.csv" "$work/nps.xlsx"
python3 "$here/csv2xlsx.py" "$work/same.csv" "$work/other.xlsx"
"$bin" audit "$book" "$work/other.xlsx" --nps "$work/nps.xlsx" --format json >"$work/other.json" 2>"$work/other.log"
rc=$?
"$bin" audit "$book" "$work/same.csv" --nps "$here/nps.csv" --format json >"$work/same-nps.json" 2>/dev/null
check "a workbook another program wrote (inline strings, date format 14, an empty sheet), for results and --nps: the CSV's report" \
	"$([ $rc = 0 ] && [ ! -s "$work/other.log" ] && grep -q '"answers": 10' "$work/other.json" &&
		cmp -s "$work/other.json" "$work/same-nps.json" && echo 0 || echo 1)" \
	"exit $rc: $(cat "$work/other.log"; diff "$work/same-nps.json" "$work/other.json")"
# A blank sheet as written (nothing filled in) has nothing to score, and that is no error.
"$bin" audit "$root/standards" "$work/std/audit/operator-l1.csv" >"$work/blank.txt" 2>&1
check "a blank sheet not filled in: exit 0, 0 results" "$([ $? = 0 ] && head -n 1 "$work/blank.txt" | grep -qx '0 results' && echo 0 || echo 1)" "$(cat "$work/blank.txt")"

# Results from a pipe (process substitution, /dev/stdin): read from the
# first byte, as the file itself (a workbook is looked for only in a
# file that can be read twice); only the source lines under the
# diagnostics are missing, as a pipe cannot be read again to show them.
"$bin" audit "$book" <(cat "$here/results.csv") --format json >"$work/pipe.json" 2>"$work/pipe.log"
rc=$?
"$bin" audit "$book" "$here/results.csv" --format json >"$work/file.json" 2>"$work/file.log"
check "results from a pipe: the report and the diagnostics of the same file" \
	"$([ $rc = 0 ] && cmp -s "$work/pipe.json" "$work/file.json" &&
		[ "$(grep -v '^ ' "$work/pipe.log" | sed 's#/dev/fd/[0-9]*#F#g')" = "$(grep -v '^ ' "$work/file.log" | sed "s#$here/results.csv#F#g")" ] &&
		echo 0 || echo 1)" "exit $rc: $(cat "$work/pipe.log")"

# ---- the command line ----
"$bin" help audit | head -n 1 | grep -q '^usage: svcbook audit \[BOOKDIR\] RESULTS.csv'
check "svcbook help audit shows its usage" $?
for args in "$book" "$book $here/results.csv --from 2026-02-30" "$book $here/results.csv --format xml" \
	"$book $here/results.csv --from 2026-05-01 --to 2026-04-01"; do
	# shellcheck disable=SC2086
	"$bin" audit $args >"$work/usage.out" 2>"$work/usage.err"
	rc=$?
	check "audit $(echo "$args" | sed "s|$book|BOOK|; s|$here/||"): a usage error, exit 2, nothing on standard output" \
		"$([ $rc = 2 ] && [ ! -s "$work/usage.out" ] && grep -q '^svcbook: ' "$work/usage.err" && echo 0 || echo 1)" "exit $rc: $(cat "$work/usage.err")"
done

# ---- audit/ and manifest.json are made beside the parts, put in place after them ----
# They are made on a thread of their own while the parts are written
# (main.c, tail_work), and put in place only as writing them after the
# parts would: not after a fatal diagnostic, the audit before the manifest.
book2=$work/book2
cp -r "$book" "$book2"
sed -i 's/^version = "1.0"/version = "1.1"/' "$book2/book.lua"
sed -i 's/ within 10 seconds\./ within 5 seconds./' "$book2/roles/cashier.md"
leftovers() { find "$1" -maxdepth 1 -name '.*.tmp-*' | sed 's|.*/||'; }
late=$work/late
cp -r "$out" "$late"
rm -rf "$late/html" && mkdir "$late/html" && echo mine >"$late/html/mine.txt"
before=$(cd "$late" && find audit manifest.json -type f | sort | xargs md5sum)
"$bin" build "$book2" -o "$late" >/dev/null 2>"$work/late.log"
rc=$?
check "an OUT/html svcbook did not write: refused after the rules, exit 2" \
	"$([ $rc = 2 ] && grep -q "html' has no svcbook stamp" "$work/late.log" && echo 0 || echo 1)" "exit $rc: $(cat "$work/late.log")"
same "... and audit/ and manifest.json, made beside, are not put in place: the old ones stay" \
	"$before" "$(cd "$late" && find audit manifest.json -type f | sort | xargs md5sum)"
same "... and nothing made for them is left behind" "" "$(leftovers "$late")"
echo mine >"$late/manifest.json"
rm -rf "$late/html"
"$bin" build "$book2" -o "$late" >/dev/null 2>"$work/late.log"
rc=$?
check "a user's OUT/manifest.json: refused at the end, exit 2" \
	"$([ $rc = 2 ] && grep -q "manifest.json' is not a manifest svcbook wrote" "$work/late.log" && echo 0 || echo 1)" \
	"exit $rc: $(cat "$work/late.log")"
grep -q 'within 5 seconds' "$late/audit/audit-cashier.html" && [ "$(cat "$late/manifest.json")" = mine ] &&
	[ -f "$late/html/index.html" ]
check "... after the parts and the audit, which are put in place; the user's file stays" $?
same "... and no temporary file is left" "" "$(leftovers "$late")"
rm "$late/manifest.json"
"$bin" build "$book2" -o "$late" --format docbook >/dev/null 2>"$work/late.log"
rc=$?
grep -q '"version": "1.1"' "$late/manifest.json" && [ -f "$late/audit/checklists.xlsx" ]
got=$?
check "--format docbook: manifest.json is written, audit/ (the HTML's) stays" \
	"$([ $rc = 0 ] && [ $got = 0 ] && echo 0 || echo 1)" "exit $rc: $(cat "$work/late.log")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

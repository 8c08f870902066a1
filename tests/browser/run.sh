#!/usr/bin/env bash
# Browser tests: builds the bundled book (Russian), one of its role books and
# an English fixture, and has Debian's headless Chromium (through npm
# playwright-core, with axe-core) check them from file:// - search from
# inflected forms, term definitions on hover and focus, links, the phone
# width, accessibility, navigation, print, and the PDF of print.html; and
# the audit pages (audit.js): two reports of svcbook audit and the build's
# printable checklists, on a phone and printed to PDF.
# Prints "ok N - ..." lines and "N passed, N failed".
#
# env: CHROMIUM=path (default /usr/bin/chromium). Without Chromium or the npm
# tools the suite fails when CI=true (make test-deps installs both) and is
# skipped otherwise.
set -u
# svcbook's repository is git: a build of a book inside it would show the
# repository's revision history, which a copy elsewhere has not
export SVCBOOK_NO_HISTORY=1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SVCBOOK:-$root/svcbook}
chromium=${CHROMIUM:-/usr/bin/chromium}
export NO_COLOR=1

missing=""
[ -x "$chromium" ] || missing="no Chromium at $chromium (Debian package chromium; scripts/deps.sh test installs it)"
for f in playwright-core/package.json axe-core/axe.min.js; do
	[ -f "$root/node_modules/$f" ] ||
		missing=${missing:-"no node_modules/$f (make test-deps runs npm ci)"}
done
command -v node >/dev/null 2>&1 || missing=${missing:-"no node (Debian package nodejs)"}
if [ -n "$missing" ]; then
	if [ "${CI:-}" = true ]; then
		echo "not ok 1 - browser tools present: $missing"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "# SKIP browser tests: $missing"
	echo "0 passed, 0 failed"
	exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/svcbook-browser.XXXXXX")
trap 'rm -rf "$work"' EXIT

fail_build() {
	echo "not ok 1 - svcbook builds $1: $(head -c 2000 "$work/build.log")"
	echo "0 passed, 1 failed"
	exit 1
}
"$bin" build "$root/standards" -o "$work/ru" --format html 2>"$work/build.log" >/dev/null || fail_build standards/
"$bin" build "$root/tests/golden/en-minimal/book" -o "$work/en" --format html 2>"$work/build.log" >/dev/null ||
	fail_build tests/golden/en-minimal/book
"$bin" build "$root/standards" --role operator-l1 -o "$work/role" --format html 2>"$work/build.log" >/dev/null ||
	fail_build "standards/ --role operator-l1"

# A book shipping its own templates/svcbook.js (issue #22): built without
# --trust-book its script is on no page; with it, it runs.
cp -r "$root/tests/golden/en-minimal/book" "$work/js-book"
mkdir -p "$work/js-book/templates"
echo 'document.title = "PWNED by the book";' >"$work/js-book/templates/svcbook.js"
"$bin" build "$work/js-book" -o "$work/js-off" --format html 2>"$work/build.log" >/dev/null || fail_build "a book with its own svcbook.js"
grep -q "the book is not trusted, so its own templates/svcbook.js is ignored" "$work/build.log" ||
	fail_build "a book with its own svcbook.js, warning that it is ignored"
"$bin" build "$work/js-book" -o "$work/js-on" --format html --trust-book 2>"$work/build.log" >/dev/null ||
	fail_build "a book with its own svcbook.js, --trust-book"

# The audit pages: the checklists the standards/ build wrote, and two
# reports of svcbook audit: the fixture's results (English, linked to its
# url) and standards/' blank sheets filled in (Russian).
"$bin" audit "$root/tests/audit/book" "$root/tests/audit/results.csv" --nps "$root/tests/audit/nps.csv" \
	--format html -o "$work/audit-en.html" 2>"$work/build.log" || fail_build "an audit report of tests/audit"
for f in "$work"/ru/audit/*.csv; do
	tr -d '\r' <"$f" | awk -F, -v OFS=, 'NR == 1 { print; next }
		{ $1 = "2026-0" (NR % 3 + 4) "-10"; $2 = "Сотрудник " NR % 5; $3 = "Офис " NR % 2; $6 = NR % 4 ? "да" : "нет"; print }'
done | awk 'NR == 1 || !/^date,/' >"$work/filled.csv"
"$bin" audit "$root/standards" "$work/filled.csv" --format html -o "$work/audit-ru.html" 2>"$work/build.log" ||
	fail_build "an audit report of standards/"

checklists=""
for f in "$work"/ru/audit/*.csv; do
	r=$(basename "$f" .csv)
	rows=$(($(wc -l <"$f") - 1))
	# A page holds at least 25 of the obligations to observe (an item's
	# text is its obligations, some of them several lines long).
	lines=$(grep -o '<li>' "$work/ru/audit/audit-$r.html" | wc -l)
	checklists="$checklists${checklists:+,}
      { \"file\": \"$work/ru/audit/audit-$r.html\", \"rows\": $rows, \"maxPages\": $((1 + lines / 25)) }"
done

# A cover page and one page per chapter at the least.
chapters=$(grep -c '<article class="chapter' "$work/ru/html/print.html")

# A role book prints in at most 60% of the 30 A4 pages the operator-l1 book
# took before its chapters followed on (docs/print.md: 16 with Chromium 156).
role_pages=18

# The queries are inflected forms that differ from the headwords.
cat >"$work/spec.json" <<EOF
{
  "chromium": "$chromium",
  "pdf": [ { "dir": "$work/ru/html", "tmp": "$work", "minPages": $((chapters + 1)) },
    { "name": "the operator-l1 role book", "dir": "$work/role/html", "tmp": "$work/role", "minPages": 2, "maxPages": $role_pages } ],
  "trust": { "untrusted": "$work/js-off/html", "trusted": "$work/js-on/html", "payload": "PWNED by the book" },
  "audit": {
    "reports": [
      { "name": "en (tests/audit)", "file": "$work/audit-en.html", "charts": 3, "url": "https://example.com/standards/", "links": 9 },
      { "name": "ru (standards/)", "file": "$work/audit-ru.html", "charts": 3, "url": "-", "links": 0 }
    ],
    "checklists": [$checklists
    ]
  },
  "books": [
    { "name": "ru standards", "dir": "$work/ru/html", "tables": true, "searches": [
      { "query": "эскалацией", "href": "terms.html#escalation", "number": "1.11" },
      { "query": "моментами истины", "href": "terms.html#moment-of-truth", "from": "roles.html" },
      { "query": "абонентов", "href": "terms.html#client", "from": "glossary.html" }
    ] },
    { "name": "ru role book operator-l1", "dir": "$work/role/html", "searches": [
      { "query": "эскалации", "href": "terms.html#escalation" }
    ] },
    { "name": "en-minimal", "dir": "$work/en/html", "searches": [
      { "query": "guests", "href": "terms.html#guest" },
      { "query": "visitors", "href": "terms.html#guest", "from": "index.html" }
    ] }
  ]
}
EOF
cd "$root" && timeout 300 node "$here/browser.js" "$work/spec.json"

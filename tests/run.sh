#!/usr/bin/env bash
# tests/run.sh - runs every test suite of svcbook and ends with the totals,
# "N passed, N failed"; exits non-zero when anything failed.
#
# usage: tests/run.sh [SUITE...]     (default: all; `tests/run.sh --list` names them)
# env:   SVCBOOK=path   the binary to test (default: ./svcbook, built by make)
#        VERBOSE=1      show every line of every suite, not only failures
#
# A suite is a program that prints "N passed, N failed" as its last count
# line. A suite that exits non-zero with no failure counted counts as one
# failure, and so does one that prints no count at all.
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
export SVCBOOK=${SVCBOOK:-$root/svcbook}
export NO_COLOR=1
# Diagnostics speak the book's language (docs/format.md), and many suites
# grep English messages on Russian books (standards/ is Russian): they run
# in English. The suites of Russian messages (i18n, golden's ru-messages)
# set LANGUAGE themselves.
export LANGUAGE=en
# svcbook's repository is git: a build of a book inside it would show the
# repository's revision history, which a copy elsewhere has not (the
# control suite builds its own repository without this)
export SVCBOOK_NO_HISTORY=1
unset SVCBOOK_DATADIR
schema=/usr/share/xml/docbook/schema/rng/5.0/docbook.rng
vnu=$root/node_modules/vnu-jar/build/dist/vnu.jar

tmp=$(mktemp -d "${TMPDIR:-/tmp}/svcbook-tests.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

total_passed=0 total_failed=0
summary=()

# ---- helpers for the suites written here: TAP-like lines and a count ----
n=0 passed=0 failed=0
begin() { n=0 passed=0 failed=0; }
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -z "${2:-}" ] || printf '%s\n' "$2" | head -n 30 | sed 's/^/#   /'
}
end() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; }

# build BOOK OUT [ARGS...]: svcbook build, stderr to OUT.log; returns its status.
build() {
	local book=$1 out=$2
	shift 2
	timeout 120 "$SVCBOOK" build "$book" -o "$out" "$@" 2>"$out.log" >/dev/null
}

# ---- suites ----

suite_unit() { # tests/unit/NAME.c, built by the Makefile (UNIT_DIR: elsewhere, e.g. instrumented)
	local exe=${UNIT_DIR:-tests/unit}/$1
	make -s "$exe" >&2 || { echo "Bail out! cannot build $exe"; return 1; }
	timeout 300 "$exe"
}

suite_cli() { tests/cli.sh; }

suite_spec() {
	# The spec texts live in shared/testdata beside the checkout (CI) or
	# in /work/shared/testdata; SPEC_DATA overrides.
	if [ -z "${SPEC_DATA:-}" ] && [ -d "$root/../shared/testdata" ]; then
		SPEC_DATA=$(cd "$root/../shared/testdata" && pwd)
		export SPEC_DATA
	fi
	tests/spec/run.sh
}

# The bundled example book builds, validates and lints clean.
suite_book() {
	begin
	# today pinned (2026-06-01): the book's review falls due on 2027-03-15,
	# and a test must not start failing on that day
	local today=1780272000
	SOURCE_DATE_EPOCH=$today build standards "$tmp/book" --validate
	local rc=$?
	if [ $rc -eq 0 ] && [ ! -s "$tmp/book.log" ]; then
		ok "standards/ builds with --validate, exit 0, no diagnostics"
	else
		not_ok "standards/ builds with --validate, exit 0, no diagnostics" "exit $rc: $(cat "$tmp/book.log")"
	fi
	SOURCE_DATE_EPOCH=$today timeout 120 "$SVCBOOK" lint standards --werror >"$tmp/lint.out" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && [ ! -s "$tmp/lint.out" ]; then
		ok "svcbook lint standards --werror: nothing to say"
	else
		not_ok "svcbook lint standards --werror: nothing to say" "exit $rc: $(cat "$tmp/lint.out")"
	fi
	end
}

# Same sources, same bytes: across output folders, book locations, the order
# files were created in, time zones, locales, and with or without
# SOURCE_DATE_EPOCH.
suite_determinism() {
	begin
	local d=$tmp/det
	mkdir -p "$d"
	build standards "$d/a" || { not_ok "standards/ builds" "$(cat "$d/a.log")"; end; return; }
	# The copy gets its files in reverse order, so directory order differs.
	mkdir -p "$d/copy/book"
	(cd standards && find . -type d | LC_ALL=C sort) | while read -r dir; do mkdir -p "$d/copy/book/$dir"; done
	(cd standards && find . -type f | LC_ALL=C sort -r) | while read -r f; do cp "standards/$f" "$d/copy/book/$f"; done
	touch -d '2001-02-03 04:05:06' "$d/copy/book"/*.md
	local name args
	for name in again elsewhere tz locale epoch; do
		case $name in
		again) build standards "$d/$name" ;;
		elsewhere) (cd "$d/copy" && build book "$d/$name") ;;
		tz) TZ=Pacific/Kiritimati build standards "$d/$name" ;;
		locale) LC_ALL=C.UTF-8 LANG=ru_RU.UTF-8 build standards "$d/$name" ;;
		epoch) SOURCE_DATE_EPOCH=1 build standards "$d/$name" ;;
		esac
		if diff -r "$d/a" "$d/$name" >"$d/diff" 2>&1; then
			ok "a second build ($name) is byte-identical"
		else
			not_ok "a second build ($name) is byte-identical" "$(head -n 20 "$d/diff")"
		fi
	done
	for f in json sarif; do
		timeout 120 "$SVCBOOK" lint standards --format "$f" >"$d/lint1.$f" 2>/dev/null
		TZ=Asia/Tokyo timeout 120 "$SVCBOOK" lint standards --format "$f" >"$d/lint2.$f" 2>/dev/null
		if [ -s "$d/lint1.$f" ] && cmp -s "$d/lint1.$f" "$d/lint2.$f"; then
			ok "svcbook lint --format $f is byte-identical twice"
		else
			not_ok "svcbook lint --format $f is byte-identical twice" "$(diff "$d/lint1.$f" "$d/lint2.$f" | head -n 10)"
		fi
	done
	end
}

# The DocBook of the bundled book and of the golden cases is valid DocBook
# 5.0 (jing, RELAX NG), one test a document.
suite_docbook() {
	begin
	command -v jing >/dev/null || { echo "Bail out! jing is not installed (make test-deps)"; return 1; }
	[ -r "$schema" ] || { echo "Bail out! no DocBook 5.0 schema at $schema (make test-deps)"; return 1; }
	local d=$tmp/dbk files=() f
	mkdir -p "$d"
	build standards "$d/standards" --format docbook
	files+=("$d/standards/docbook/book.xml")
	for f in tests/golden/*/expected.xml; do
		[ -f "$f" ] && files+=("$root/$f")
	done
	jing "$schema" "${files[@]}" 2>&1 | grep -v '^\[warning\]' >"$d/jing.out"
	for f in "${files[@]}"; do
		local name=${f#"$tmp"/dbk/}
		name=${name#"$root"/}
		if [ ! -s "$f" ]; then
			not_ok "$name is valid DocBook 5.0" "not written: $(cat "$d/standards.log" 2>/dev/null)"
		elif grep -F "$f:" "$d/jing.out" >"$d/errs"; then
			not_ok "$name is valid DocBook 5.0" "$(sed "s|$f:||" "$d/errs")"
		else
			ok "$name is valid DocBook 5.0"
		fi
	done
	# jing says nothing about files it could not read: make sure it ran.
	if grep -v -F "${files[@]/#/-e}" "$d/jing.out" | grep -q .; then
		not_ok "jing ran cleanly" "$(cat "$d/jing.out")"
	else
		ok "jing ran cleanly"
	fi
	# One glossary order for both backends (src/collate.c).
	local b
	for b in standards tests/golden/glossary-order/book; do
		build "$b" "$d/order" >/dev/null 2>&1
		grep -o '<glossterm>[^<]*' "$d/order/docbook/book.xml" | sed 's/<glossterm>//' >"$d/order.xml.txt"
		grep -o 'class="term-name" href="[^"]*">[^<]*' "$d/order/html/glossary.html" | sed 's/.*">//' >"$d/order.html.txt"
		if [ -s "$d/order.xml.txt" ] && cmp -s "$d/order.xml.txt" "$d/order.html.txt"; then
			ok "$b: glossary.html and book.xml list the terms in one order"
		else
			not_ok "$b: glossary.html and book.xml list the terms in one order" \
				"$(diff "$d/order.xml.txt" "$d/order.html.txt")"
		fi
		rm -rf "$d/order"
	done
	end
}

# Every HTML page (and style sheet) of the bundled book and of the golden
# cases passes the Nu HTML Checker, one test a page: warnings included for
# clean books; errors only for books with errors (where, say, a term defined
# twice rightly gives two glossary entries of one name).
suite_html() {
	begin
	command -v java >/dev/null || { echo "Bail out! java is not installed (make test-deps)"; return 1; }
	[ -r "$vnu" ] || { echo "Bail out! no $vnu (make test-deps runs npm ci)"; return 1; }
	local d=$tmp/html strict=() lenient=() c
	mkdir -p "$d"
	build standards "$d/standards" --format html
	for c in tests/golden/*/book; do
		c=${c%/book}
		build "$c/book" "$d/${c##*/}" --format html
		if [ $? -ne 0 ] && [ -d "$d/${c##*/}/html" ]; then
			mv "$d/${c##*/}" "$d/${c##*/}-with-errors"
		fi
	done
	for c in "$d"/*/html; do
		[ -d "$c" ] || continue
		case $c in
		*-with-errors/html) lenient+=("$c"/*.html "$c"/*.css) ;;
		*) strict+=("$c"/*.html "$c"/*.css) ;;
		esac
	done
	[ ${#strict[@]} -gt 0 ] || { echo "Bail out! no HTML was written: $(cat "$d"/*.log)"; return 1; }
	java -jar "$vnu" --Werror --also-check-css --format gnu "${strict[@]}" >"$d/vnu.out" 2>&1
	[ ${#lenient[@]} -eq 0 ] ||
		java -jar "$vnu" --errors-only --also-check-css --format gnu "${lenient[@]}" >>"$d/vnu.out" 2>&1
	local p
	for p in "${strict[@]}" "${lenient[@]}"; do
		[ -f "$p" ] || continue
		if grep -F "\"file:$p\":" "$d/vnu.out" >"$d/errs"; then
			not_ok "${p#"$d"/} passes the Nu HTML Checker" "$(sed "s|\"file:$p\":||" "$d/errs")"
		else
			ok "${p#"$d"/} passes the Nu HTML Checker"
		fi
	done
	# Anything vnu said about no page of ours (it could not start, say).
	if grep -v '^"file:' "$d/vnu.out" | grep -q .; then
		not_ok "vnu ran cleanly" "$(grep -v '^"file:' "$d/vnu.out")"
	else
		ok "vnu ran cleanly"
	fi
	# valid, but a list with nothing in it is a layout bug (the contents
	# of the title page once had one for the terms); the search results'
	# list is hidden until the script fills it
	if grep -l -Pzo '<(ol|ul)(?![^>]*hidden)[^>]*>\s*</(ol|ul)>' "${strict[@]}" "${lenient[@]}" >"$d/empty" 2>/dev/null; then
		not_ok "no page has an empty list" "$(cat "$d/empty")"
	else
		ok "no page has an empty list"
	fi
	end
}

# The man page: mandoc finds nothing, and it documents every command and
# every option the binary's help lists.
suite_man() {
	begin
	command -v mandoc >/dev/null || { echo "Bail out! mandoc is not installed (make test-deps)"; return 1; }
	if [ ! -f man/svcbook.1 ]; then
		not_ok "man/svcbook.1 exists"
		end
		return
	fi
	if mandoc -Tlint -W warning man/svcbook.1 >"$tmp/mandoc.out" 2>&1; then
		ok "mandoc -Tlint -W warning man/svcbook.1 is clean"
	else
		not_ok "mandoc -Tlint -W warning man/svcbook.1 is clean" "$(cat "$tmp/mandoc.out")"
	fi
	mandoc -Tascii man/svcbook.1 2>/dev/null | col -b >"$tmp/man.txt"
	local word missing=
	for word in $("$SVCBOOK" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ { on = 0 }'); do
		grep -Eq "^ +$word( |$)" "$tmp/man.txt" || missing="$missing $word"
	done
	if [ -z "$missing" ]; then ok "every command of svcbook --help is in the man page"; else not_ok "every command of svcbook --help is in the man page" "missing:$missing"; fi
	missing=
	for word in $( { "$SVCBOOK" help build; "$SVCBOOK" help lint; } | grep -Eo -- '--[a-z][a-z-]+' | sort -u); do
		grep -q -- "$word" "$tmp/man.txt" || missing="$missing $word"
	done
	if [ -z "$missing" ]; then ok "every option of svcbook help build/lint is in the man page"; else not_ok "every option of svcbook help build/lint is in the man page" "missing:$missing"; fi
	end
}

# make install DESTDIR=... PREFIX=/usr gives a layout that works, and make
# uninstall takes it away again.
suite_install() {
	begin
	local dest=$tmp/dest
	if ! make -s -j2 install DESTDIR="$dest" PREFIX=/usr >"$tmp/install.log" 2>&1; then
		not_ok "make install DESTDIR=... PREFIX=/usr" "$(cat "$tmp/install.log")"
		make -s -j2 svcbook >/dev/null 2>&1
		end
		return
	fi
	ok "make install DESTDIR=... PREFIX=/usr"
	local f missing=
	for f in usr/bin/svcbook usr/share/man/man1/svcbook.1 usr/share/svcbook/lua/template.lua \
		usr/share/svcbook/templates/layout.html usr/share/locale/ru/LC_MESSAGES/svcbook.mo; do
		[ -f "$dest/$f" ] || missing="$missing $f"
	done
	for f in $(cd "$root" && find lua templates -type f); do
		cmp -s "$root/$f" "$dest/usr/share/svcbook/$f" || missing="$missing usr/share/svcbook/$f"
	done
	cmp -s "$root/locale/ru/LC_MESSAGES/svcbook.mo" "$dest/usr/share/locale/ru/LC_MESSAGES/svcbook.mo" \
		|| missing="$missing usr/share/locale/ru/LC_MESSAGES/svcbook.mo"
	if [ -z "$missing" ]; then ok "binary, man page, lua/, templates/ and the ru catalogue are installed"; else not_ok "binary, man page, lua/, templates/ and the ru catalogue are installed" "missing:$missing"; fi
	[ -x "$dest/usr/bin/svcbook" ] && ok "the installed binary is executable" || not_ok "the installed binary is executable"
	# The installed binary looks for its data in /usr/share/svcbook: outside
	# the DESTDIR staging it is pointed there with SVCBOOK_DATADIR.
	build standards "$tmp/tree-out"
	SVCBOOK_DATADIR=$dest/usr/share/svcbook timeout 120 "$dest/usr/bin/svcbook" build standards -o "$tmp/inst-out" >/dev/null 2>"$tmp/inst.log"
	if diff -r "$tmp/tree-out" "$tmp/inst-out" >"$tmp/inst.diff" 2>&1; then
		ok "the installed layout builds the same book as the checkout"
	else
		not_ok "the installed layout builds the same book as the checkout" "$(cat "$tmp/inst.log"; head -n 20 "$tmp/inst.diff")"
	fi
	if strings "$dest/usr/bin/svcbook" | grep -qx '/usr/share/svcbook'; then
		ok "the installed binary looks for its data in PREFIX/share/svcbook"
	else
		not_ok "the installed binary looks for its data in PREFIX/share/svcbook"
	fi
	if strings "$dest/usr/bin/svcbook" | grep -qx '/usr/share/locale'; then
		ok "the installed binary looks for its catalogues in PREFIX/share/locale"
	else
		not_ok "the installed binary looks for its catalogues in PREFIX/share/locale"
	fi
	make -s uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null 2>&1
	if [ -z "$(find "$dest" -type f)" ]; then ok "make uninstall removes every installed file"; else not_ok "make uninstall removes every installed file" "$(find "$dest" -type f)"; fi
	# Back to the checkout's own DATADIR.
	make -s -j2 svcbook >/dev/null 2>&1 || not_ok "make svcbook after the install test"
	end
}

# ---- the runner ----

all_suites() {
	local f
	for f in tests/unit/*.c; do
		[ -f "$f" ] && f=${f##*/} && echo "unit/${f%.c}"
	done
	echo cli book determinism docbook html man
	# Every tests/NAME/run.sh is a suite too (golden, lint, hostile, spec...).
	for f in tests/*/run.sh; do
		[ -x "$f" ] && f=${f%/run.sh} && echo "${f#tests/}"
	done
	echo install
}

if [ "${1:-}" = --list ]; then
	all_suites | tr ' ' '\n'
	exit 0
fi
if [ $# -gt 0 ]; then
	suites=("$@")
else
	read -r -a suites <<<"$(all_suites | tr '\n' ' ')"
fi

[ -x "$SVCBOOK" ] || { echo "Bail out! no svcbook binary at $SVCBOOK (run make)"; echo "0 passed, 1 failed"; exit 1; }

for s in "${suites[@]}"; do
	log=$tmp/suite.log
	start=$(date +%s)
	case $s in
	unit/*) suite_unit "${s#unit/}" ;;
	cli | spec | book | determinism | docbook | html | man | install) "suite_$s" ;;
	*) if [ -x "tests/$s/run.sh" ]; then "tests/$s/run.sh"; else
		echo "Bail out! unknown suite '$s' (tests/run.sh --list)"; false; fi ;;
	esac >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	# The last count line of the suite; "word: N passed, N failed" too.
	count=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	p=0 f=0
	if [ -n "$count" ]; then
		p=$(sed -E 's/^([A-Za-z]+: )?([0-9]+) passed.*/\2/' <<<"$count")
		f=$(sed -E 's/^.* ([0-9]+) failed.*/\1/' <<<"$count")
	fi
	note=
	if [ ! -s "$log" ]; then
		f=$((f + 1)); note=" (printed nothing)"
	elif [ -z "$count" ]; then
		f=$((f + 1)); note=" (no count line, exit $rc)"
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1; note=" (exit $rc)"
	fi
	if [ -n "${VERBOSE:-}" ]; then
		sed 's/^/    /' "$log"
	elif [ "$f" -gt 0 ]; then
		# Failures with their explanations, and a bail-out or last words.
		awk '/^not ok/ { show = 1; print "    " $0; next }
		     /^#/ && show { print "    " $0; next }
		     { show = 0 }
		     /^Bail out!/ { print "    " $0 }' "$log"
		[ -n "$count" ] || tail -n 15 "$log" | sed 's/^/    | /'
	fi
	printf '# %-22s %5d passed, %3d failed  %4ss%s\n' "$s" "$p" "$f" "$secs" "$note"
	total_passed=$((total_passed + p))
	total_failed=$((total_failed + f))
	[ "$f" -gt 0 ] && summary+=("$s")
done

[ ${#summary[@]} -eq 0 ] || echo "# failed suites: ${summary[*]}"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]

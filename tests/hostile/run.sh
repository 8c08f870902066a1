#!/usr/bin/env bash
# Hostile input: every case must end quickly with the documented exit code
# and message, never crash, hang, read outside the book or write outside
# the output folder. Prints TAP-like lines and "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SVCBOOK:-$root/svcbook}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0 n=0

ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && printf '#   %s\n' "$2"; }

# run NAME BOOK EXPECTED_RC PATTERN [ARGS...]: build BOOK with a time limit,
# in every format (the EPUB too: epub_xml below);
# the exit code must be EXPECTED_RC and stderr must match PATTERN (grep -E).
run() {
	local name=$1 book=$2 want=$3 pat=$4
	shift 4
	local out="$work/out-$n"
	timeout 20 "$bin" build "$book" -o "$out" --format html,docbook,epub "$@" >"$work/stdout" 2>"$work/stderr"
	local rc=$?
	if [ $rc -eq 124 ]; then
		not_ok "$name" "timed out"
	elif [ $rc -ne "$want" ]; then
		not_ok "$name" "exit $rc, want $want: $(head -c 300 "$work/stderr")"
	elif [ -n "$pat" ] && ! grep -Eq -- "$pat" "$work/stderr"; then
		not_ok "$name" "stderr does not match /$pat/: $(head -c 300 "$work/stderr")"
	else
		ok "$name"
	fi
}

mkbook() { rm -rf "$work/$1"; mkdir -p "$work/$1"; echo "$work/$1"; }

# --- encoding ---
b=$(mkbook utf8)
printf '# Общие положения\n\nтекст \xff\xfe текст\n' >"$b/general.md"
run "invalid UTF-8 is reported with line and column" "$b" 0 'general\.md:3:7: warning: invalid UTF-8.*\[bad-encoding\]'

b=$(mkbook utf8-many)
printf '# General\n\none \xe9 two \xe8 three \xff\n' >"$b/general.md"
run "invalid UTF-8 is reported once, with how many more" "$b" 0 'general\.md:3:5: warning: invalid UTF-8 \(byte 0xE9\); replaced with U\+FFFD \(2 more in this file\)'

# the caret counts a NUL and an invalid byte as the one U+FFFD they show as
b=$(mkbook caret)
printf '# General\n\nNul\0 here and \xff there.\n' >"$b/general.md"
run "a diagnostic after a NUL byte is reported" "$b" 0 'general\.md:3:15: warning: invalid UTF-8'
if grep -q '^                  \^$' "$work/stderr"; then
	ok "the caret after a NUL byte stands under its column"
else
	not_ok "the caret after a NUL byte stands under its column" "$(cat -A "$work/stderr" | head -8)"
fi

b=$(mkbook utf16)
printf '# General\n\nText.\n' | iconv -f UTF-8 -t UTF-16 >"$b/general.md"
run "a UTF-16 file is refused with what to do" "$b" 2 'general\.md: error: general\.md is UTF-16.*\[bad-encoding\]'

b=$(mkbook nul)
printf '# General\n\nbefore\0after\n' >"$b/general.md"
run "NUL byte is reported with line and column" "$b" 0 'general\.md:3:7: warning: NUL byte.*\[bad-encoding\]'

b=$(mkbook ctrl)
printf '# General\n\nbell \a and escape \033[31m red\n' >"$b/general.md"
run "control characters are reported and replaced" "$b" 0 'general\.md:3:6: warning: control character U\+0007'
if [ -f "$work/out-$((n - 1))/docbook/book.xml" ] && ! grep -q $'\033' "$work/out-$((n - 1))/docbook/book.xml" "$work/out-$((n - 1))/html/"*.html; then
	ok "no control character reaches the output"
else
	not_ok "no control character reaches the output"
fi
if grep -q $'\033' "$work/stderr"; then
	not_ok "diagnostics never echo an escape sequence to the terminal"
else
	ok "diagnostics never echo an escape sequence to the terminal"
fi

# book.lua strings are input too: a title holding control characters (and
# what looks like the HTML backend's body marker) comes out as U+FFFD.
b=$(mkbook config-ctrl)
printf 'title = "Книга\\1" .. "0:0\\1\\27[31m"\n' >"$b/book.lua"
printf '# Общие положения\n\nсекретный текст раздела\n' >"$b/general.md"
run "control characters in book.lua strings build" "$b" 0 ''
o="$work/out-$((n - 1))"
if [ -f "$o/html/index.html" ] && ! grep -q $'\001\|\033' "$o/html/"*.html "$o/docbook/book.xml" &&
   grep -q 'Книга�0:0�' "$o/html/index.html" && ! grep -q 'секретный' "$o/html/index.html"; then
	ok "book.lua control characters become U+FFFD and forge no body"
else
	not_ok "book.lua control characters become U+FFFD and forge no body" "$(grep -a -m2 'Книга' "$o/html/index.html" 2>&1 | head -c 300)"
fi

# ... and so do bytes of book.lua that are not UTF-8 (a title saved in
# Latin-1), with a warning: every page stays valid UTF-8.
b=$(mkbook config-latin1)
printf 'organization = "Caf\xe9 Ltd"\n' >"$b/book.lua"
printf '# General\n\n## A\n\nText.\n' >"$b/general.md"
run "book.lua bytes that are not UTF-8 are reported" "$b" 0 "book\.lua:1:1: warning: 'organization' is not valid UTF-8 \(byte 0xE9\).*\[bad-encoding\]"
o="$work/out-$((n - 1))"
bad=0
for f in "$o/html/"*.html "$o/docbook/book.xml"; do iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 || bad=1; done
if [ -f "$o/html/index.html" ] && [ $bad -eq 0 ] && grep -q 'Caf� Ltd' "$o/html/index.html"; then
	ok "book.lua bytes that are not UTF-8 become U+FFFD in every page"
else
	not_ok "book.lua bytes that are not UTF-8 become U+FFFD in every page"
fi

# --- depth and size: linear time, no recursion in our code ---
gen() { awk -v n="$2" -v s="$1" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s; }'; }

b=$(mkbook quotes)
{ echo "# General"; echo; gen "> " 100000; echo "deep"; } >"$b/general.md"
run "100 000 nested block quotes" "$b" 0 ''

b=$(mkbook emph)
{ echo "# General"; echo; gen "*" 60000; echo -n "x"; gen "*" 60000; echo; } >"$b/general.md"
run "60 000 nested emphasis markers" "$b" 0 ''

b=$(mkbook lists)
{ echo "# General"; echo; awk 'BEGIN { for (i = 0; i < 3000; i++) { for (j = 0; j < i * 2; j++) printf " "; print "- item" } }'; } >"$b/general.md"
run "3 000 nested lists" "$b" 0 ''

b=$(mkbook longline)
{ echo "# General"; echo; gen "word " 200000; echo; } >"$b/general.md"
run "a 1 MB line" "$b" 0 ''

b=$(mkbook brackets)
{ echo "# General"; echo; gen "[[" 300000; echo; } >"$b/general.md"
run "300 000 [[ in a row" "$b" 0 ''

b=$(mkbook longid)
{ echo "# General"; echo; echo "## Heading {#a$(gen x 100000)}"; echo; echo "text"; } >"$b/general.md"
run "a 100 000-character id" "$b" 0 ''

b=$(mkbook longattrs)
{ echo "# General"; echo; echo "## Heading {$(gen 'k=v ' 25000)}"; echo; echo "text"; } >"$b/general.md"
run "a 100 000-character attribute block" "$b" 0 ''

b=$(mkbook sameid)
{ echo "# General"; echo; for i in $(seq 5000); do echo "## H {#same}"; echo; done; } >"$b/general.md"
run "5 000 headings with one id" "$b" 1 'general\.md:5:7: error: duplicate id .same.*\[duplicate-id\]'

# --- files ---
run "a book folder that does not exist" "$work/nope" 2 "cannot open book folder .*nope"

b=$(mkbook empty)
run "an empty book folder" "$b" 2 "no chapter files"

b=$(mkbook emptyfile)
: >"$b/general.md"
run "an empty chapter file still builds" "$b" 0 ''

b=$(mkbook notdir)
echo x >"$work/plainfile"
run "a book path that is a file" "$work/plainfile" 2 "is not a folder"

b=$(mkbook outbook)
printf '# General\n\ntext\n' >"$b/general.md"
echo x >"$work/outfile"
timeout 20 "$bin" build "$b" -o "$work/outfile" >/dev/null 2>"$work/stderr"
rc=$?
if [ $rc -eq 2 ] && grep -q "not a folder" "$work/stderr"; then ok "an output path that is a file"; else not_ok "an output path that is a file" "exit $rc"; fi

if [ "$(id -u)" -ne 0 ]; then
	mkdir -p "$work/ro"
	chmod 555 "$work/ro"
	timeout 20 "$bin" build "$b" -o "$work/ro/out" >/dev/null 2>"$work/stderr"
	rc=$?
	if [ $rc -eq 2 ]; then ok "an output folder that is not writable"; else not_ok "an output folder that is not writable" "exit $rc"; fi
else
	# root can write anywhere; a path under a file is unwritable for anyone
	timeout 20 "$bin" build "$b" -o "$work/outfile/sub" >/dev/null 2>"$work/stderr"
	rc=$?
	if [ $rc -eq 2 ] && grep -q "cannot create output folder" "$work/stderr"; then ok "an output folder that cannot be created"; else not_ok "an output folder that cannot be created" "exit $rc"; fi
fi

b=$(mkbook symlink)
mkdir -p "$work/secret"
printf '# Secret\n\nTOP-SECRET-TEXT\n' >"$work/secret/general.md"
ln -s "$work/secret/general.md" "$b/general.md"
printf '# Principles\n\ntext\n' >"$b/principles.md"
run "a symlink that leaves the book folder is refused" "$b" 1 'general\.md.*leads outside the book folder.*\[unsafe-path\]'
if grep -rq "TOP-SECRET-TEXT" "$work/out-$((n - 1))" 2>/dev/null; then
	not_ok "the file behind the symlink was never read into the output"
else
	ok "the file behind the symlink was never read into the output"
fi

b=$(mkbook symlinkdir)
mkdir -p "$work/secret-roles"
printf '# Spy\n\nTOP-SECRET-ROLE\n' >"$work/secret-roles/spy.md"
ln -s "$work/secret-roles" "$b/roles"
printf '# General\n\ntext\n' >"$b/general.md"
run "a roles/ folder that links outside the book is refused" "$b" 1 'roles/spy\.md.*leads outside the book folder'

# --- atomic output ---
b=$(mkbook atomic)
printf '# General\n\ntext\n' >"$b/general.md"
"$bin" build "$b" -o "$work/atomic-out" >/dev/null 2>&1
echo "marker" >"$work/atomic-out/html/marker.txt"
printf 'title = = 1\n' >"$b/book.lua" # a syntax error: unusable input
timeout 20 "$bin" build "$b" -o "$work/atomic-out" >/dev/null 2>"$work/stderr"
rc=$?
if [ $rc -eq 2 ] && [ -f "$work/atomic-out/html/marker.txt" ] && [ -f "$work/atomic-out/docbook/book.xml" ]; then
	ok "a failed build leaves the previous output intact"
else
	not_ok "a failed build leaves the previous output intact" "exit $rc"
fi
if ls -a "$work/atomic-out" | grep -q '\.tmp-'; then not_ok "no temporary folder is left behind"; else ok "no temporary folder is left behind"; fi
if grep -q 'book\.lua:1:.*\[bad-config\]' "$work/stderr"; then ok "a book.lua syntax error names the file and line"; else not_ok "a book.lua syntax error names the file and line" "$(cat "$work/stderr")"; fi

# --- a book's template symlinked out of the book: said, and not used ---
b=$(mkbook template-link)
mkdir -p "$b/templates" "$work/outside-tpl"
printf 'OUTSIDE-TEMPLATE {{{ content }}}\n' >"$work/outside-tpl/chapter.html"
printf "# General\n\nText.\n" >"$b/general.md"
ln -s "$work/outside-tpl/chapter.html" "$b/templates/chapter.html"
run "a template symlinked out of the book is reported" "$b" 0 \
	'warning: templates/chapter\.html leads outside the book folder or is not a file: svcbook.s own is used \[unsafe-path\]' --trust-book
if grep -rq OUTSIDE-TEMPLATE "$work/out-$((n - 1))"; then not_ok "... and not used"; else ok "... and not used"; fi

# --- links and images to files ---
b=$(mkbook files)
mkdir -p "$b/img" "$work/outside"
printf 'PNGDATA' >"$b/img/logo.png"
printf 'OUTSIDE-SECRET' >"$work/outside/secret.png"
ln -s "$work/outside/secret.png" "$b/img/escape.png"
printf '# General\n\n![a](../outside/secret.png)\n\n![b](%s/outside/secret.png)\n\n[c](file:///etc/passwd)\n\n![d](img/escape.png)\n\n![e](img/logo.png)\n\n![f](img/none.png)\n' "$work" >"$b/general.md"
run "an image up and out of the book is reported" "$b" 0 'general\.md:3:1: warning: image to .\.\./outside/secret\.png. points outside the book folder: left out \[unsafe-path\]'
run "an image by absolute path is reported" "$b" 0 'general\.md:5:1: warning: image to .*points outside the book folder'
run "a file: link is reported" "$b" 0 'general\.md:7:1: warning: link to .file:///etc/passwd. points outside the book folder'
run "an image symlinked out of the book is reported as such" "$b" 0 'general\.md:9:1: warning: image to .img/escape\.png. is a symlink that leads outside the book folder \(or to nothing\): left out \[unsafe-path\]'
run "a missing image is reported" "$b" 0 'general\.md:13:1: warning: image to .img/none\.png.: no such file in the book folder: left out \[missing-file\]'
out="$work/out-$((n - 1))"
if grep -rq "OUTSIDE-SECRET\|root:x:" "$out" 2>/dev/null; then
	not_ok "nothing outside the book is copied into the output"
else
	ok "nothing outside the book is copied into the output"
fi
if grep -q 'src="img/logo.png"' "$out/html/general.html" && cmp -s "$b/img/logo.png" "$out/html/img/logo.png" &&
	cmp -s "$b/img/logo.png" "$out/docbook/img/logo.png"; then
	ok "an image inside the book is copied beside the HTML and the DocBook"
else
	not_ok "an image inside the book is copied beside the HTML and the DocBook" "$(ls -R "$out" | head)"
fi
if grep -q 'outside/secret\|/etc/passwd' "$out/html/general.html" "$out/docbook/book.xml"; then
	not_ok "the addresses of files outside the book are not in the output"
else
	ok "the addresses of files outside the book are not in the output"
fi
# what is left out is the link, not the text: no empty address (a link
# to the page itself, a broken image), the description stays
if grep -q 'href=""\|src=""\|fileref=""\|xlink:href=""' "$out/html/general.html" "$out/docbook/book.xml"; then
	not_ok "a link or image left out leaves no empty address" "$(grep -o '<[^>]*=""[^>]*>' "$out/html/general.html" "$out/docbook/book.xml" | head -3)"
elif grep -q '<p>a</p>' "$out/html/general.html" && grep -q '<p>c</p>' "$out/html/general.html" &&
	grep -q '<para>f</para>' "$out/docbook/book.xml"; then
	ok "a link or image left out leaves no empty address"
else
	not_ok "a link or image left out leaves its text" "$(grep -o '<p>.</p>' "$out/html/general.html" | head)"
fi
# (An unreadable file or folder cannot be tested here: CI runs as root,
# which reads everything.)

# --- the HTML backend's reference marker (html_body.c REF_MARK) ---
# Reference links carry the address svcbook-ref:N while cmark-gfm renders
# them; an author's link to that address must not pass for reference N.
b=$(mkbook forged)
printf '# Terms\n\n## Guest\n\nA person.\n' >"$b/terms.md"
printf '# General\n\n## Forged\n\nA [[guest]], [forged](svcbook-ref:0), [titled](svcbook-ref:0 "x") and <svcbook-ref:0>.\n' >"$b/general.md"
run "links to the reference marker's address build" "$b" 0 ''
out="$work/out-$((n - 1))"
line=$(grep -o '<p>A .*</p>' "$out/html/general.html")
if [ "$(grep -o 'class="term"' <<<"$line" | wc -l)" = 1 ] && [ "$(grep -o 'href=""' <<<"$line" | wc -l)" = 3 ] &&
	! grep -q 'title="x"\|href="svcbook-ref' <<<"$line"; then
	ok "... only the real reference becomes one; the forged links lose their address"
else
	not_ok "... only the real reference becomes one; the forged links lose their address" "$line"
fi

ep=$(unzip -p "$out/epub/book.epub" EPUB/general.xhtml 2>/dev/null | grep -o '<p>A .*</p>')
if [ "$(grep -o '<a href="terms.xhtml#guest">' <<<"$ep" | wc -l)" = 1 ] && [ "$(grep -o '<a ' <<<"$ep" | wc -l)" = 1 ] &&
	! grep -q 'href="svcbook-ref' <<<"$ep"; then
	ok "... and in the EPUB"
else
	not_ok "... and in the EPUB" "$ep"
fi

# --- epub_xml: every EPUB the cases above wrote holds well-formed XHTML ---
bad= count=0
for e in "$work"/out-*/epub/book.epub; do
	[ -f "$e" ] || continue
	count=$((count + 1))
	d=${e%.epub}.unzipped
	mkdir -p "$d" && (cd "$d" && unzip -q "$e") || { bad="$bad $e(unzip)"; continue; }
	xmllint --noout "$d"/EPUB/*.xhtml "$d"/EPUB/package.opf 2>/dev/null || bad="$bad $e"
done
if [ "$count" -ge 10 ] && [ -z "$bad" ]; then
	ok "the $count EPUBs of these books are zips of well-formed XML"
else
	not_ok "the EPUBs of these books are zips of well-formed XML" "$count written; bad:$bad"
fi

# --- a build killed at any point (SIGKILL): the output stays whole, the
# next build leaves nothing behind ---
# The 10 MB bench book (bench/gen): a build long enough to be killed while
# it writes each part, the audit folder and the manifest.
big=$work/big
if cc -O2 -o "$work/gen" "$root/bench/gen.c" -lstemmer -lm 2>/dev/null && "$work/gen" -m 10 "$big" >/dev/null 2>&1; then
	kout=$work/killed
	export SVCBOOK_TRUST_BOOK=1
	sums() { (cd "$kout" && find html docbook audit manifest.json -type f -print0 | sort -z | xargs -0 md5sum | md5sum); }
	leftovers() { (cd "$kout" && ls -A | grep -E '\.tmp-' | tr '\n' ' '); }
	t0=$(date +%s%N)
	timeout 120 "$bin" build "$big/book" -o "$kout" >/dev/null 2>&1
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	before=$(sums)
	seen=""
	for pct in 10 30 50 65 75 85 90 95 100; do
		# svcbook itself, not under timeout: SIGKILL to timeout would
		# leave the build running
		"$bin" build "$big/book" -o "$kout" >/dev/null 2>&1 &
		pid=$!
		sleep "$(awk -v ms="$ms" -v p="$pct" 'BEGIN { printf "%.3f", ms * p / 100000 }')"
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		seen="$seen$(leftovers)"
		[ "$(sums)" = "$before" ] || { not_ok "a build killed at $pct% of its time keeps the output whole" "$(ls -A "$kout")"; break; }
	done
	[ "$rc" = 0 ] && [ "$(sums)" = "$before" ] && ok "builds of the 10 MB book killed at 10..100% of their ${ms} ms keep the output whole" \
		|| not_ok "builds of the 10 MB book killed keep the output whole" "first build exit $rc"
	# what they left (a build killed after its manifest was made leaves
	# OUTDIR/.manifest.json.tmp-XXXXXX), for the next builds to take away
	kinds=$(tr ' ' '\n' <<<"$seen" | sed -n 's/^\.\([a-z.]*\)\.tmp-.*/\1/p' | sort -u | tr '\n' ' ')
	echo "# the killed builds left temporary files or folders of: ${kinds:-nothing}"
	# the next build fails (a data folder without templates): it takes
	# away the leftovers but not the output
	mkdir -p "$work/notemplates" && cp -r "$root/lua" "$work/notemplates/"
	SVCBOOK_DATADIR=$work/notemplates timeout 120 "$bin" build "$big/book" -o "$kout" >/dev/null 2>&1
	rc=$?
	[ "$rc" = 2 ] && [ "$(sums)" = "$before" ] && [ -z "$(leftovers)" ] \
		&& ok "a failed build after them keeps the output and leaves no temporary file or folder" \
		|| not_ok "a failed build after them keeps the output and leaves no temporary file or folder" "exit $rc; left: $(leftovers)"
	timeout 120 "$bin" build "$big/book" -o "$kout" >/dev/null 2>&1
	rc=$?
	[ "$rc" = 0 ] && [ "$(sums)" = "$before" ] && [ -z "$(leftovers)" ] \
		&& ok "... and a good one writes the same output, nothing else beside it" \
		|| not_ok "... and a good one writes the same output, nothing else beside it" "exit $rc; left: $(leftovers)"
	unset SVCBOOK_TRUST_BOOK
else
	not_ok "bench/gen makes the 10 MB book"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

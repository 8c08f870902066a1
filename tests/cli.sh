#!/usr/bin/env bash
# tests/cli.sh - the command line as a user meets it: help, version, exit
# codes, messages, output folders (atomic, deterministic). Prints TAP-like
# lines and "N passed, N failed".
# env: SVCBOOK=path  the binary (default: ./svcbook of this checkout)
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SVCBOOK:-$root/svcbook}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
[ -x "$bin" ] || { echo "Bail out! no svcbook binary at $bin (run make)"; exit 1; }

w=$(mktemp -d "${TMPDIR:-/tmp}/svcbook-cli.XXXXXX")
trap 'rm -rf "$w"' EXIT
cd "$w" || exit 1
export NO_COLOR=1
unset SOURCE_DATE_EPOCH SVCBOOK_DATADIR

n=0 passed=0 failed=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -z "${2:-}" ] || printf '%s\n' "$2" | head -n 20 | sed 's/^/#   /'
}
check() { if [ "$2" = 0 ]; then ok "$1"; else not_ok "$1" "${3:-}"; fi; }

# run ARGS...: runs svcbook; leaves $rc, $out (stdout), $err (stderr).
run() {
	timeout 60 "$bin" "$@" >"$w/stdout" 2>"$w/stderr"
	rc=$?
	out=$(cat "$w/stdout")
	err=$(cat "$w/stderr")
}

# expect NAME RC STREAM PATTERN ARGS...: svcbook ARGS exits RC and STREAM
# (out or err) matches the extended regex PATTERN ('' for any).
expect() {
	local name=$1 want=$2 stream=$3 pat=$4
	shift 4
	run "$@"
	local text=$out
	[ "$stream" = err ] && text=$err
	if [ "$rc" != "$want" ]; then
		not_ok "$name" "svcbook $* exited $rc, want $want; stderr: $err"
	elif [ -n "$pat" ] && ! grep -Eq -- "$pat" <<<"$text"; then
		not_ok "$name" "std$stream of svcbook $* does not match /$pat/: $text"
	else
		ok "$name"
	fi
}

# A small clean book, and one with an error in it.
mkbook() {
	mkdir -p "$1/roles"
	printf 'title = "CLI Test Book"\nlanguage = "en"\n' >"$1/book.lua"
	printf '# Terms\n\n## Guest {#guest}\n\nAnyone we serve.\n' >"$1/terms.md"
	printf '# General\n\n## Scope {#scope}\n\nEvery [[guest]] is greeted by the [[@clerk]].\n' >"$1/general.md"
	printf '# Clerk {#clerk level=provider}\n\n## Greeting {#greeting}\n\nSay hello to each [[guest]]. Always smile.\n' >"$1/roles/clerk.md"
	printf '# Appearance\n\n## Uniform {#uniform roles=all}\n\nA name badge.\n' >"$1/appearance.md"
}
mkbook good
mkbook bad
printf '# General\n\n## Scope {#scope}\n\nAsk the [[supervisor]].\n' >bad/general.md

# --- help and version ---
expect "--help prints the usage and exits 0" 0 out '^usage: svcbook' --help
check "--help writes nothing on stderr" "$([ -z "$err" ]; echo $?)" "$err"
expect "-h is --help" 0 out '^usage: svcbook' -h
expect "--help lists the build and lint commands" 0 out 'build.*' --help
grep -q '^  lint' "$w/stdout"; check "--help lists lint" $?
expect "--version prints the name and a version" 0 out '^svcbook [0-9]+\.[0-9]+(\.[0-9]+)?' --version
expect "-V is --version" 0 out '^svcbook [0-9]+\.' -V
expect "help build shows the build options" 0 out '-o OUTDIR' help build
expect "build --help is help build" 0 out '^usage: svcbook build' build --help
expect "help lint shows the lint formats" 0 out 'sarif' help lint
expect "help for an unknown command exits 2" 2 err "unknown command 'nope'" help nope
expect "help dump shows dump's own usage" 0 out '^usage: svcbook dump' help dump
expect "dump --help is help dump" 0 out '^usage: svcbook dump' dump --help
expect "a wrong dump option points to help dump" 2 err "help dump" dump --nope
mkdir -p "$w/dumpbook"
printf '# General\n\n## Replies {#replies}\n\nAn agent must reply within 2 hours. Replies are short. Never argue.\n' >"$w/dumpbook/general.md"
run dump "$w/dumpbook"
want='clause 1.1   #replies "Replies" general.md:3:1
  oblig must general.md:5:1 deadline=calendar:7200s "within 2 hours" "An agent must reply within 2 hours."
  oblig must-not negated general.md:5:56 "Never argue."'
[ $rc = 0 ] && [ "$(printf '%s\n' "$out" | grep -A2 '#replies')" = "$want" ]
check "dump prints each obligation under its clause: strength, negation, place, deadline, sentence" $? "$out"
# Columns count characters, and a sentence after a [[reference]] is placed
# where it starts, not at its paragraph's start.
mkdir -p "$w/dumpru"
printf 'language = "ru"\n' >"$w/dumpru/book.lua"
printf '# Термины\n\n## Жалоба {#complaint}\n\nНедовольство клиента.\n' >"$w/dumpru/terms.md"
printf '# Общие\n\n## Жалобы {#complaints}\n\nРуководитель обязан рассмотреть [[жалобу]] за день. Руководитель может поручить разбор.\n' >"$w/dumpru/general.md"
run dump "$w/dumpru"
want='  oblig must general.md:5:1 "Руководитель обязан рассмотреть жалобу за день."
  oblig may general.md:5:53 "Руководитель может поручить разбор."'
[ $rc = 0 ] && [ "$(printf '%s\n' "$out" | grep -A2 '#complaints' | tail -n 2)" = "$want" ]
check "dump: obligation columns in characters, a sentence after a [[reference]] at its own start" $? "$out"
# A lead time before an event ("за 2 часа до", "накануне") is a deadline
# of kind before; "до" after "может" (here a list's lead-in) ends a
# permission and is none, while a duty's "до 15:00" stays a deadline.
mkdir -p "$w/dumplead"
printf 'language = "ru"\n' >"$w/dumplead/book.lua"
printf '# Общие\n\n## Заезд {#arrival}\n\nНомер должен быть готов за 2 часа до заезда гостя. Администратор должен позвонить гостю накануне заезда. Горничная должна убрать номер до 15:00.\n\nГость может:\n\n- выехать до 12:00;\n- оставить багаж.\n' >"$w/dumplead/general.md"
run dump "$w/dumplead"
want='  oblig must general.md:5:1 deadline=before:7200s "за 2 часа до заезда" "Номер должен быть готов за 2 часа до заезда гостя."
  oblig must general.md:5:52 deadline=before:86400s "накануне заезда" "Администратор должен позвонить гостю накануне заезда."
  oblig must general.md:5:106 deadline=clock:54000s "до 15:00" "Горничная должна убрать номер до 15:00."
  oblig may general.md:9:3 "Гость может: выехать до 12:00;"
  oblig may general.md:10:3 "Гость может: оставить багаж."'
[ $rc = 0 ] && [ "$(printf '%s\n' "$out" | grep -A5 '#arrival' | tail -n 5)" = "$want" ]
check "dump: a lead time is deadline=before, накануне one day, a may's \"до 12:00\" no deadline" $? "$out"
expect "help --help is the main usage" 0 out '^usage: svcbook COMMAND' help --help

# --- usage errors: exit 2 with a message that names the culprit ---
expect "no command: usage on stderr, exit 2" 2 err '^usage: svcbook'
expect "unknown command exits 2 and names it" 2 err "unknown command 'frobnicate'" frobnicate
expect "unknown build option exits 2 and names it" 2 err "unknown option '--frob'" build good --frob
expect "unknown lint option exits 2" 2 err "unknown option '--frob'" lint good --frob
expect "-o without a folder exits 2" 2 err '-o' build good -o
expect "an unknown --format exits 2" 2 err "unknown format 'pdf'" build good --format pdf
expect "an unknown lint --format exits 2" 2 err 'format' lint good --format yaml
expect "two book folders exit 2" 2 err 'more than one book folder' build good bad
expect "an unknown --rule exits 2" 2 err "no-such-rule" lint good --rule no-such-rule
# a misspelt --rule: the nearest rule, as for a misspelt command
expect "a misspelt --rule: did you mean the nearest rule" 2 err "^hint: did you mean 'spelling'\?$" lint good --rule undefined-term,speling
# a check of svcbook's own is listed by --list-rules but is no rule to run
expect "--rule on an always-checked id says it is always checked" 2 err "'missing-file' is checked by svcbook itself, always" lint good --rule missing-file
run lint good --rule no-such-rule
grep -q 'did you mean' <<<"$err" && not_ok "an unknown --rule far from every rule: no hint" "$err" ||
	ok "an unknown --rule far from every rule: no hint"

# --- unusable input ---
expect "a book folder that does not exist: exit 2, named" 2 err "no-such-book" build no-such-book -o out-missing
check "... and no output folder is created" "$([ ! -e out-missing ]; echo $?)"
touch plain-file
expect "a book folder that is a file exits 2" 2 err "plain-file" build plain-file -o out-file
mkdir empty
expect "an empty folder: exit 2, says what a book holds" 2 err 'no chapter files' build empty -o out-empty
check "... and no output is written" "$([ ! -e out-empty/html ] && [ ! -e out-empty/docbook ]; echo $?)"
echo keep >out-is-file
expect "an output path that is a file exits 2" 2 err "out-is-file.*not a folder" build good -o out-is-file
check "... and the file is left as it was" "$([ "$(cat out-is-file)" = keep ]; echo $?)"

# --- a good build ---
expect "a clean book builds with exit 0" 0 err '' build good -o out1
check "... and prints no diagnostics" "$([ -z "$err$out" ]; echo $?)" "$err$out"
check "... writes out/html/index.html" "$([ -s out1/html/index.html ]; echo $?)"
check "... writes out/docbook/book.xml" "$([ -s out1/docbook/book.xml ]; echo $?)"
check "... leaves no temporary folder behind" "$([ "$(ls -A out1 | tr '\n' ' ')" = "audit docbook html manifest.json " ]; echo $?)" "$(ls -A out1)"
# the search index is written after the trees are freed, from the stems
# the bodies took while they read them
line=$(grep '"t":"Greeting"' out1/html/search-index.js)
check "... and its search index has each clause's text stems" "$(grep -q '"w":"say hello to each guest alway smile"' <<<"$line"; echo $?)" "$line"
(cd good && timeout 60 "$bin" build >/dev/null 2>&1)
check "without arguments it builds . into ./out" "$([ -s good/out/docbook/book.xml ] && [ -s good/out/html/index.html ]; echo $?)"
rm -rf good/out
expect "--format html writes only the HTML" 0 err '' build good -o out-html --format html
check "... no DocBook" "$([ -s out-html/html/index.html ] && [ ! -e out-html/docbook ]; echo $?)"
expect "--format docbook writes only the DocBook" 0 err '' build good -o out-dbk --format docbook
check "... no HTML" "$([ -s out-dbk/docbook/book.xml ] && [ ! -e out-dbk/html ]; echo $?)"
expect "--validate accepts the DocBook of a clean book" 0 err '' build good -o out-valid --validate

# --- determinism: same sources, same bytes, with no SOURCE_DATE_EPOCH ---
sleep 1
touch good/*.md good/roles/*.md
TZ=Pacific/Kiritimati LC_ALL=C timeout 60 "$bin" build good -o out2 >/dev/null 2>&1
if diff -r out1 out2 >"$w/diff" 2>&1; then
	ok "two builds give byte-identical trees (sources touched, other TZ and locale)"
else
	not_ok "two builds give byte-identical trees (sources touched, other TZ and locale)" "$(head -n 20 "$w/diff")"
fi
cp -r good "$w/elsewhere-book"
timeout 60 "$bin" build "$w/elsewhere-book" -o "$w/deep/er/out3" >/dev/null 2>&1
if diff -r out1 "$w/deep/er/out3" >"$w/diff" 2>&1; then
	ok "the output does not depend on where the book and the output are"
else
	not_ok "the output does not depend on where the book and the output are" "$(head -n 20 "$w/diff")"
fi

# --- errors in the book: exit 1, diagnostics, the book is still written ---
expect "a book with an error exits 1" 1 err '' build bad -o out-bad
check "... and still writes the book" "$([ -s out-bad/html/index.html ] && [ -s out-bad/docbook/book.xml ]; echo $?)"
check "... diagnostics are file:line:col: severity: message [rule-id]" \
	"$(grep -Eq '^bad/general\.md:5:9: error: .*\[undefined-term\]$' <<<"$err"; echo $?)" "$err"
check "... build writes nothing on stdout" "$([ -z "$out" ]; echo $?)" "$out"
check "... no colour codes when NO_COLOR is set" "$(! grep -q $'\033' "$w/stderr"; echo $?)"
(cd bad && timeout 60 "$bin" build . -o "$w/out-bad2" 2>"$w/stderr" >/dev/null)
check "paths in diagnostics are relative to the book given (.)" \
	"$(grep -Eq '^general\.md:5:9: error:' "$w/stderr"; echo $?)" "$(cat "$w/stderr")"

# --- the previous output survives a failed build ---
echo stale >out1/html/stale.html
expect "a rebuild over output holding a file svcbook did not write is refused" 2 err \
	"'out1/html' holds 'stale.html', which svcbook did not write; it is left as it is" build good -o out1
check "... and that file stays" "$([ "$(cat out1/html/stale.html)" = stale ]; echo $?)"
rm out1/html/stale.html
expect "a rebuild succeeds over old output" 0 err '' build good -o out1
check "... and replaces the old tree whole, with its stamp" "$([ -s out1/html/index.html ] && [ -s out1/html/.svcbook-stamp ]; echo $?)"
cp -r out1 out1.before
# same_as_before NAME: out1 is out1.before still, byte for byte (no new
# file, no temporary folder).
same_as_before() {
	# .svcbook-spare holds no output: the files of the output before, which
	# a build may take whether it succeeds or not (output.c)
	if diff -r -x .svcbook-spare out1.before out1 >"$w/diff" 2>&1; then ok "$1"; else not_ok "$1" "$(head -n 20 "$w/diff")"; fi
}
# A data folder with the lint rules but no templates: the HTML step fails.
mkdir nodata
cp -r "$root/lua" nodata/
SVCBOOK_DATADIR=$w/nodata timeout 60 "$bin" build good -o out1 >/dev/null 2>"$w/stderr"
rc=$?
check "a build that cannot write HTML (no templates) fails with exit 2" "$([ $rc = 2 ]; echo $?)" "exit $rc: $(cat "$w/stderr")"
same_as_before "... and leaves the previous output intact, no temporary folder"
# A book's template that fails while the pages are laid out, when the
# DocBook has been written beside them (main.c write_parts): neither part is
# kept, though the changed text would give a new DocBook.
mkdir good/templates
printf '{%% error("this template fails") %%}\n' >good/templates/chapter.html
printf '\nA sentence only the failed build has seen.\n' >>good/general.md
timeout 60 "$bin" build good -o out1 --trust-book >/dev/null 2>"$w/stderr"
rc=$?
check "a template that fails while pages are written fails the build with exit 2" \
	"$([ $rc = 2 ] && grep -q 'this template fails' "$w/stderr"; echo $?)" "exit $rc: $(cat "$w/stderr")"
same_as_before "... and keeps the previous HTML and DocBook, no temporary folder"
rm -r good/templates
# --format docbook writes the DocBook while the rules run (main.c
# docbook_beside_rules): rules that cannot run (no lua/rules in the data
# folder) fail the build, keep the old DocBook and create no new folder.
mkdir norules
cp -r "$root/templates" norules/
SVCBOOK_DATADIR=$w/norules timeout 60 "$bin" build good -o out1 --format docbook >/dev/null 2>"$w/stderr"
rc=$?
check "build --format docbook whose rules cannot run fails with exit 2" "$([ $rc = 2 ]; echo $?)" "exit $rc: $(cat "$w/stderr")"
same_as_before "... and keeps the previous DocBook, no temporary folder"
SVCBOOK_DATADIR=$w/norules timeout 60 "$bin" build good -o out-new --format docbook >/dev/null 2>&1
check "... and makes no output folder when there was none" "$([ ! -e out-new ]; echo $?)" "$(ls -la out-new 2>&1)"
rm -f good/general.md good/terms.md good/appearance.md good/roles/clerk.md
expect "a book that became unusable exits 2" 2 err '' build good -o out1
same_as_before "... and leaves the previous output intact"

# --- a data folder of another version: said plainly, exit 2 ---
# lua/ and templates/ talk to the binary (lua/template.lua's pieces, the
# rules' API): a binary left behind by its checkout, or an install of
# another version, failed deep inside Lua with a stack trace.
want=$(cat "$root/lua/VERSION")
mkbook dv
mkdir -p otherdata
cp -r "$root/lua" "$root/templates" otherdata/
echo 999 >otherdata/lua/VERSION
for cmd in "build dv -o out-other" "lint dv"; do
	SVCBOOK_DATADIR=$w/otherdata run $cmd
	check "svcbook ${cmd%% *} with a data folder of another version exits 2" "$([ $rc = 2 ]; echo $?)" "exit $rc: $err"
	check "... naming the folder and both versions, no Lua trace" \
		"$(grep -q "$w/otherdata" <<<"$err" && grep -q 999 <<<"$err" && grep -q "data version $want" <<<"$err" &&
			! grep -qi traceback <<<"$err"; echo $?)" "$err"
done
check "... and writes nothing" "$([ ! -e out-other ]; echo $?)" "$(ls -a out-other 2>&1)"
rm otherdata/lua/VERSION
SVCBOOK_DATADIR=$w/otherdata run build dv -o out-other
check "a data folder older than the version file is another version too (exit 2)" \
	"$([ $rc = 2 ] && grep -q "$w/otherdata" <<<"$err" && [ ! -e out-other ]; echo $?)" "exit $rc: $err"
echo "$want" >otherdata/lua/VERSION
SVCBOOK_DATADIR=$w/otherdata run build dv -o out-other
check "a copy of this version's data folder is used" "$([ $rc = 0 ]; echo $?)" "exit $rc: $err"

# --- what a killed build left goes with the next build ---
mkbook stale
timeout 60 "$bin" build stale -o out-stale >/dev/null 2>&1
mkdir -p out-stale/.html.tmp-dead01/sub out-stale/.html.tmp-dead02.old-dead03 out-stale/.docbook.tmp-live04
echo x >out-stale/.html.tmp-dead01/sub/page.html
echo x >out-stale/.html.tmp-dead02.old-dead03/page.html
# a killed build's folders have svcbook's stamp; one of that name without
# it is someone else's and stays
cp out-stale/html/.svcbook-stamp out-stale/.html.tmp-dead01/
cp out-stale/html/.svcbook-stamp out-stale/.html.tmp-dead02.old-dead03/
mkdir out-stale/.html.tmp-mine
echo mine >out-stale/.html.tmp-mine/notes.txt
# a build still running holds its folder's lock
flock out-stale/.docbook.tmp-live04 sleep 60 &
holder=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
	flock -n out-stale/.docbook.tmp-live04 true 2>/dev/null || break
	sleep 0.1
done
expect "a build over a killed build's leftovers succeeds" 0 err '' build stale -o out-stale
check "... and removes the temporary folders no build holds" \
	"$([ ! -e out-stale/.html.tmp-dead01 ] && [ ! -e out-stale/.html.tmp-dead02.old-dead03 ]; echo $?)" "$(ls -a out-stale)"
check "... but not one that a running build holds" "$([ -d out-stale/.docbook.tmp-live04 ]; echo $?)" "$(ls -a out-stale)"
check "... nor one without svcbook's stamp" "$([ "$(cat out-stale/.html.tmp-mine/notes.txt)" = mine ]; echo $?)" "$(ls -a out-stale)"
check "... and leaves no temporary folder of its own" \
	"$([ "$(ls -a out-stale | grep -c '\.tmp-')" = 2 ]; echo $?)" "$(ls -a out-stale)"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
# What else a killed build leaves: the manifest it was writing, the folder
# of a part this build does not write (the EPUB), an empty .old- folder
# (killed between making it and moving the old output in), a folder made
# but its stamp not yet whole. A file being written by a running build
# (its lock held), and a user's files and folders of other names, stay.
printf '{"version": "1",\n  "ro' >out-stale/.manifest.json.tmp-dead05
printf '{"version": ' >out-stale/.manifest.json.tmp-live06
echo mine >out-stale/.notes.txt.tmp-abc123
echo mine >out-stale/.manifest.json.tmp-mine
mkdir -p out-stale/.epub.tmp-dead07 out-stale/.html.tmp-dead08.old-dead09 out-stale/.docbook.tmp-dead10
cp out-stale/html/.svcbook-stamp out-stale/.epub.tmp-dead07/
echo x >out-stale/.epub.tmp-dead07/book.epub
printf 'svcbook output: svcbook wr' >out-stale/.docbook.tmp-dead10/.svcbook-stamp
touch -d '1 minute ago' out-stale/.html.tmp-dead08.old-dead09 out-stale/.docbook.tmp-dead10
flock out-stale/.manifest.json.tmp-live06 sleep 60 &
holder=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
	flock -n out-stale/.manifest.json.tmp-live06 true 2>/dev/null || break
	sleep 0.1
done
expect "a build over a killed build's manifest and other parts succeeds" 0 err '' build stale -o out-stale
left=$(cd out-stale && ls -a | grep -E '\.tmp-' | sort | tr '\n' ' ')
check "... and removes them all: the manifest's, the other part's, the empty ones" \
	"$([ "$left" = ".docbook.tmp-live04 .html.tmp-mine .manifest.json.tmp-live06 .manifest.json.tmp-mine .notes.txt.tmp-abc123 " ]; echo $?)" "$left"
check "... but not the user's files" "$([ "$(cat out-stale/.notes.txt.tmp-abc123 out-stale/.manifest.json.tmp-mine)" = "$(printf 'mine\nmine')" ]; echo $?)"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# --- a rebuild reuses the replaced output's files (output.c, spare files) ---
mkbook spare
printf '# Porter {#porter level=provider}\n\n## Doors {#doors}\n\nHold the door.\n' >spare/roles/porter.md
timeout 60 "$bin" build spare -o out-spare >/dev/null 2>&1
find out-spare -type f -exec stat -c %i {} + | sort >"$w/inodes1"
find out-spare/html out-spare/docbook -type f -printf '%p %i\n' | sort >"$w/named1"
ln out-spare/html/index.html "$w/linked.html"
cp out-spare/html/index.html "$w/linked.before"
timeout 60 "$bin" build spare -o out-spare >/dev/null 2>&1
check "after a rebuild the replaced output waits in .svcbook-spare, a folder per part" \
	"$([ "$(ls out-spare/.svcbook-spare | wc -l)" = 3 ] && [ "$(ls -A out-spare | tr '\n' ' ')" = ".svcbook-spare audit docbook html manifest.json " ]; echo $?)" \
	"$(ls -AR out-spare | head -n 20)"
printf '\nTerms are explained on request.\n' >>spare/general.md
expect "a third build succeeds" 0 err '' build spare -o out-spare
find out-spare/html out-spare/docbook -type f -exec stat -c %i {} + | sort >"$w/inodes3"
check "... its files are the first build's, reused (the same inodes), but one" \
	"$([ "$(grep -vxFf "$w/inodes1" "$w/inodes3" | wc -l)" = 1 ]; echo $?)" \
	"$(grep -vxFf "$w/inodes1" "$w/inodes3" | wc -l) of $(wc -l <"$w/inodes3") files are new"
find out-spare/html out-spare/docbook -type f -printf '%p %i\n' | sort >"$w/named3"
check "... each file the one of its own name (its pages still cached), the hard-linked page new" \
	"$([ "$(comm -13 "$w/named1" "$w/named3" | tr '\n' ' ')" = "out-spare/html/index.html $(stat -c %i out-spare/html/index.html) " ]; echo $?)" \
	"$(comm -3 "$w/named1" "$w/named3" | head -n 10)"
check "... the page hard-linked elsewhere, which is not reused and keeps its text" \
	"$(cmp -s "$w/linked.html" "$w/linked.before" && [ "$(stat -c %h "$w/linked.html")" = 1 ]; echo $?)"
check "... and the spare folder holds one folder per part still" "$([ "$(ls out-spare/.svcbook-spare | wc -l)" = 3 ]; echo $?)" \
	"$(ls out-spare/.svcbook-spare)"
timeout 60 "$bin" build spare -o "$w/fresh-spare" >/dev/null 2>&1
if diff -r -x .svcbook-spare "$w/fresh-spare" out-spare >"$w/diff" 2>&1; then
	ok "... and its output is that of a first build, byte for byte"
else
	not_ok "... and its output is that of a first build, byte for byte" "$(head -n 20 "$w/diff")"
fi
timeout 60 "$bin" build spare -o out-spare --format docbook >/dev/null 2>&1
check "build --format docbook leaves the HTML's spare folder for the next full build" \
	"$([ "$(find out-spare/.svcbook-spare -path '*/html.tmp-*' -type f | wc -l)" -gt 3 ]; echo $?)" \
	"$(ls -R out-spare/.svcbook-spare | head -n 20)"
mkdir -p out-sym "$w/elsewhere-spare"
ln -s "$w/elsewhere-spare" out-sym/.svcbook-spare
timeout 60 "$bin" build spare -o out-sym >/dev/null 2>&1
expect "a build over an output folder whose .svcbook-spare is a symlink succeeds" 0 err '' build spare -o out-sym
check "... and neither moves the replaced output through it nor takes files from it" \
	"$([ -z "$(ls -A "$w/elsewhere-spare")" ] && [ -s out-sym/html/index.html ] && [ "$(ls -A out-sym | tr '\n' ' ')" = ".svcbook-spare audit docbook html manifest.json " ]; echo $?)" \
	"$(ls -A "$w/elsewhere-spare" out-sym)"
rm spare/roles/porter.md
expect "a build after a role is removed succeeds" 0 err '' build spare -o out-spare
check "... and the removed role's page is gone, though its file was a spare" \
	"$([ ! -e out-spare/html/role-porter.html ] && [ -e out-spare/html/role-clerk.html ]; echo $?)" "$(ls out-spare/html)"
timeout 60 "$bin" build spare -o "$w/fresh-spare2" >/dev/null 2>&1
if diff -r -x .svcbook-spare "$w/fresh-spare2" out-spare >"$w/diff" 2>&1; then
	ok "... and the pages that became shorter carry nothing of their spares' longer text"
else
	not_ok "... and the pages that became shorter carry nothing of their spares' longer text" "$(head -n 20 "$w/diff")"
fi

# --- lint ---
mkbook good
expect "lint of a clean book exits 0 and says nothing" 0 err '^$' lint good
expect "lint of a book with an error exits 1" 1 err 'general\.md:5:9: error: .*\[undefined-term\]' lint bad
expect "lint --format json writes JSON on stdout" 1 out '' lint bad --format json
if command -v node >/dev/null; then
	node -e 'JSON.parse(require("fs").readFileSync(0, "utf8"))' <"$w/stdout" 2>"$w/err2"
	check "... that parses" $? "$(cat "$w/err2")"
	run lint bad --format sarif
	node -e 'const s = JSON.parse(require("fs").readFileSync(0, "utf8")); if (s.version !== "2.1.0" || !s.runs[0].results.length) process.exit(1)' <"$w/stdout" 2>"$w/err2"
	check "lint --format sarif writes SARIF 2.1.0 with the results" $? "$(head -c 400 "$w/stdout") $(cat "$w/err2")"
fi
printf '\n## Unused {#unused}\n\nNobody refers to this term.\n' >>good/terms.md
expect "a warning alone: lint exits 0" 0 err 'warning: .*\[unused-term\]' lint good
expect "... and 1 under --werror" 1 err 'unused-term' lint good --werror
run lint --list-rules
missing=
for r in undefined-term ambiguous-reference missing-role stage-without-owner stage-not-covered \
	role-without-appearance empty-standard duplicate-id duplicate-term broken-link unused-term \
	unknown-attribute undeclared-role; do
	grep -q "^$r " <<<"$out" || missing="$missing $r"
done
check "lint --list-rules lists every rule of the format contract" "$([ -z "$missing" ] && [ "$rc" = 0 ]; echo $?)" "exit $rc, missing:$missing"

# A book of 2 MB of Markdown in 42 files (a large book for hugeheap.c;
# for arena.c, trees in many blocks, which the HTML frees file by file).
mkbook large
for i in $(seq 700); do printf 'Every [[guest]] is welcome at the desk, and every question is answered there.\n\n'; done >large/lines.md
for i in $(seq 25); do cat large/lines.md; done >>large/general.md
for r in $(seq 40); do
	{
		printf '# Clerk %s {#clerk%s level=provider}\n\n' "$r" "$r"
		for c in $(seq 30); do
			printf '## Duty %s of clerk %s {#duty-%s-%s}\n\n' "$c" "$r" "$r" "$c"
			head -c 600 large/lines.md
			printf '\nThe clerk %s must say phrase %s-%s to each [[guest]].\n\n' "$r" "$r" "$c"
		done
	} >"large/roles/clerk$r.md"
done
rm large/lines.md
printf '# Appearance\n\n## Uniform {#uniform roles=all}\n\nA name badge.\n' >large/appearance.md
timeout 300 "$bin" build large -o out-large >/dev/null 2>"$w/stderr"
rc=$?
missing=
for r in 1 17 40; do
	grep -q "phrase $r-30 to each" "out-large/html/role-clerk$r.html" 2>/dev/null || missing="$missing clerk$r"
done
check "a book of 1 200 sections in 42 files builds whole (its trees freed file by file as the HTML leaves them)" \
	"$([ $rc -le 1 ] && [ -z "$missing" ]; echo $?)" "exit $rc, missing:$missing; $(tail -n 3 "$w/stderr")"

# --- a large book on huge pages (src/hugeheap.c) ---
# SVCBOOK_HUGE_PAGES=yes makes any book "large": svcbook has glibc's malloc
# grow its heap in one large step and marks it for huge pages (VmFlags
# "hg" in smaps), and the heap of each thread's arena as the thread starts.
# heap_of BOOK ENV...: the VmFlags of the heap of a running `svcbook serve
# BOOK`, then "arena hg" when a thread arena's heap (anonymous, on a
# 64 MiB boundary: glibc's heap_for_ptr) is marked too.
heap_of() {
	local book=$1
	shift
	env "$@" "$bin" serve "$book" -p 0 -o "$w/serve-out" >/dev/null 2>&1 &
	local pid=$! f= i a
	for i in $(seq 300); do
		[ -e "$w/serve-out/html/index.html" ] && break
		sleep 0.1
	done
	f=$(awk '/\[heap\]/ { h = 1 } h && /^VmFlags/ { print; exit }' /proc/$pid/smaps 2>/dev/null)
	# (arena.c maps its blocks of 2 MiB itself, marked whatever the heap)
	for a in $(awk '/^[0-9a-f]+-[0-9a-f]+ / { s = ($6 == "") ? $1 : "" } /^VmFlags/ && / hg/ && s { print s }' \
		/proc/$pid/smaps 2>/dev/null); do
		[ $((16#${a%%-*} % (64 << 20))) = 0 ] && [ $((16#${a#*-} - 16#${a%%-*})) -gt $((2 << 20)) ] &&
			f="$f; arena hg" && break
	done
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	rm -rf "$w/serve-out"
	echo "${f:-no heap}"
}
hg() { grep -q ' hg' <<<"${1%%;*}"; }
not_hg() { grep -q '^VmFlags:' <<<"$1" && ! hg "$1"; }
if ldd "$bin" 2>/dev/null | grep -Eq 'lib(a|t)san'; then
	echo "# a sanitizer's binary keeps its own allocator: malloc's heap not looked at"
else
	if getconf GNU_LIBC_VERSION >/dev/null 2>&1 &&
		grep -q '\[madvise\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
		f=$(heap_of good -u GLIBC_TUNABLES SVCBOOK_HUGE_PAGES=yes)
		check "SVCBOOK_HUGE_PAGES=yes: malloc's heap is on huge pages" "$(hg "$f"; echo $?)" "$f"
		check "... and so is the heap of a thread's arena" "$(grep -q '; arena hg' <<<"$f"; echo $?)" "$f"
		f=$(heap_of good SVCBOOK_HUGE_PAGES=yes GLIBC_TUNABLES=glibc.rtld.optional_static_tls=2048)
		check "... beside tunables of the user's that are not malloc's" "$(hg "$f"; echo $?)" "$f"
		f=$(heap_of large -u GLIBC_TUNABLES -u SVCBOOK_HUGE_PAGES)
		check "... and, unasked, for a book of 2 MB of Markdown ($(cat large/*.md large/roles/*.md | wc -c) bytes)" "$(hg "$f"; echo $?)" "$f"
	else
		echo "# THP not on request here, or not glibc: huge pages not looked for"
	fi
	f=$(heap_of good SVCBOOK_HUGE_PAGES=yes GLIBC_TUNABLES=glibc.malloc.arena_max=2)
	check "... but not over malloc tunables the user set" "$(not_hg "$f"; echo $?)" "$f"
	# glibc reads them under their older names too: mallopt would override
	f=$(heap_of good -u GLIBC_TUNABLES SVCBOOK_HUGE_PAGES=yes MALLOC_ARENA_MAX=1)
	check "... nor over MALLOC_ARENA_MAX the user set" "$(not_hg "$f"; echo $?)" "$f"
	f=$(heap_of good -u SVCBOOK_HUGE_PAGES -u GLIBC_TUNABLES)
	check "... nor for a small book when not asked" "$(not_hg "$f"; echo $?)" "$f"
	f=$(heap_of large -u GLIBC_TUNABLES SVCBOOK_HUGE_PAGES=no)
	check "... nor with SVCBOOK_HUGE_PAGES=no" "$(not_hg "$f"; echo $?)" "$f"
fi
# what marking the heap must leave as it was
printf 'diff --git a/general.md b/general.md\n--- a/general.md\n+++ b/general.md\n@@ -5,0 +5,1 @@\n+Every [[guest]] is greeted by the [[@clerk]].\n' |
	SVCBOOK_HUGE_PAGES=yes timeout 60 "$bin" lint --diff - --filter added good >"$w/stdout" 2>"$w/stderr"
rc=$?
check "SVCBOOK_HUGE_PAGES=yes: lint --diff - still has the diff it read" \
	"$([ $rc = 0 ] && ! grep -q 'no diff read' "$w/stderr"; echo $?)" "exit $rc: $(cat "$w/stderr")"
ldso=$(readelf -l "$bin" 2>/dev/null | sed -n 's/.*interpreter: \(.*\)]$/\1/p')
if [ -x "$ldso" ]; then
	SVCBOOK_DATADIR=$root SVCBOOK_HUGE_PAGES=yes timeout 60 "$ldso" "$bin" build good -o out-ldso >/dev/null 2>"$w/stderr"
	rc=$?
	check "... and svcbook started through ld.so builds" "$([ $rc = 0 ] && [ -s out-ldso/html/index.html ]; echo $?)" \
		"exit $rc: $(cat "$w/stderr")"
fi
SVCBOOK_HUGE_PAGES=yes "$bin" build good -o out-huge >/dev/null 2>&1
r1=$?
SVCBOOK_HUGE_PAGES=no "$bin" build good -o out-small >/dev/null 2>&1
check "... and what it builds is byte for byte the same" "$([ $r1 = 0 ] && diff -r out-huge out-small >/dev/null; echo $?)"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

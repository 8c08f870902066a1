#!/usr/bin/env bash
# tests/i18n/run.sh - messages in the book's language (GNU gettext, po/):
# the catalogue is complete and current, a Russian book gets Russian
# diagnostics with English rule ids and severities, LANGUAGE and
# LC_MESSAGES override the book, and `new` speaks the chosen language.
# The golden cases ru-messages, ru-messages-en and en-messages-ru hold
# the full expected outputs; this suite checks what those cannot.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SVCBOOK:-$root/svcbook}
cd "$root" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/svcbook-i18n.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1 SVCBOOK_NO_HISTORY=1
# the environment of a user who chose no language
unset LANGUAGE LC_ALL LC_MESSAGES

n=0 passed=0 failed=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -z "${2:-}" ] || printf '%s\n' "$2" | head -n 30 | sed 's/^/#   /'
}
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }

# The catalogue: every message translated, none fuzzy, formats that match.
stats=$(msgfmt --check --statistics -o /dev/null po/ru.po 2>&1)
if [[ $stats =~ ^[0-9]+\ translated\ messages\.$ ]]; then
	ok "po/ru.po: every message translated, none fuzzy ($stats)"
else
	not_ok "po/ru.po: every message translated, none fuzzy" "$stats"
fi
# Every msgid of po/svcbook.pot is in po/ru.po...
if msgcmp po/ru.po po/svcbook.pot 2>"$tmp/cmp.log"; then
	ok "po/ru.po translates every msgid of po/svcbook.pot"
else
	not_ok "po/ru.po translates every msgid of po/svcbook.pot" "$(cat "$tmp/cmp.log")"
fi
# ...and the sources' msgids are extracted. Other branches add messages
# without translating them: they show in English until `make pot` and
# po/ru.po catch up, which is listed here, not failed (main stays green).
if scripts/pot.sh "$tmp/fresh.pot" 2>"$tmp/pot.log"; then
	ok "scripts/pot.sh extracts the msgids of src/ and lua/rules/"
	msgids() { msgcat --no-wrap "$1" | grep '^msgid ' | LC_ALL=C sort -u; }
	LC_ALL=C comm -13 <(msgids po/svcbook.pot) <(msgids "$tmp/fresh.pot") \
		| sed 's/^/# not yet in po\/svcbook.pot (make pot, then translate): /'
else
	not_ok "scripts/pot.sh extracts the msgids of src/ and lua/rules/" "$(cat "$tmp/pot.log")"
fi
check "make compiled the catalogue beside the binary" test -s "$(dirname "$bin")/locale/ru/LC_MESSAGES/svcbook.mo"

# One lint of the Russian golden book, read by several assertions.
book=tests/golden/ru-messages/book
"$bin" lint "$book" >/dev/null 2>"$tmp/ru.txt"
rules=$("$bin" lint --list-rules 2>/dev/null | awk '{ print $1 }')
heads=$(grep -E '^[^ ].*:[0-9]+:[0-9]+: ' "$tmp/ru.txt")
bad=$(grep -vP ': (error|warning|note): \p{Cyrillic}.* \[[a-z0-9-]+\]$' <<<"$heads")
check "a ru book: Russian messages, English severities and rule ids" \
	test -n "$heads" -a -z "$bad"
unknown=$(sed -E 's/.*\[([a-z0-9-]+)\]$/\1/' <<<"$heads" | sort -u | grep -vxF -f <(printf '%s\n' $rules bad-attribute))
check "a ru book: every rule id shown is one of lint --list-rules" test -z "$unknown"
check "a ru book: the hints in Russian" grep -q '^    подсказка: напишите \[\[Абонемент\]\]' "$tmp/ru.txt"
grep -qx 'svcbook: 4 ошибки, 4 предупреждения' "$tmp/ru.txt" \
	&& ok "a ru book: the count in Russian plural forms" \
	|| not_ok "a ru book: the count in Russian plural forms" "$(tail -1 "$tmp/ru.txt")"

# The user's choice wins over the book's language.
first() { env "$@" "$bin" lint "$book" 2>&1 >/dev/null | head -n 1; }
en_line="journey.md:7:1: error: stage 'Визит' has no owner [stage-without-owner]"
ru_line="journey.md:7:1: error: у этапа «Визит» нет ответственного [stage-without-owner]"
for e in LANGUAGE=en LC_MESSAGES=en_US.UTF-8 LC_ALL=en_US.UTF-8; do
	got=$(first "$e")
	[ "$got" = "$book/$en_line" ] && ok "$e: English on a ru book" || not_ok "$e: English on a ru book" "$got"
done
for e in LC_ALL=C LC_ALL=C.UTF-8 LANG=en_US.UTF-8; do
	got=$(first "$e")
	[ "$got" = "$book/$ru_line" ] && ok "$e chooses no language: the book's" || not_ok "$e chooses no language: the book's" "$got"
done
got=$(env LC_MESSAGES=ru_RU.UTF-8 "$bin" lint tests/golden/en-minimal/book 2>&1 >/dev/null | tail -n 1)
[ "$got" = "svcbook: 0 ошибок, 2 предупреждения" ] && ok "LC_MESSAGES=ru_RU.UTF-8 (not generated here): Russian on an en book" \
	|| not_ok "LC_MESSAGES=ru_RU.UTF-8 (not generated here): Russian on an en book" "$got"

# new: the --lang of the book, or the user's language.
out=$("$bin" new "$tmp/ru" --lang ru 2>&1)
check "new --lang ru speaks Russian" grep -q 'начальная книга записана' <<<"$out"
out=$("$bin" new "$tmp/en" --lang en 2>&1)
check "new --lang en speaks English" grep -q 'wrote a starter book' <<<"$out"
out=$(LANGUAGE=ru "$bin" new "$tmp/en" --lang en 2>&1)
check "new into a folder that exists, under LANGUAGE=ru: the error in Russian" \
	grep -q 'svcbook new никогда не перезаписывает книгу' <<<"$out"

# help and usage errors: no book, so the user's language.
out=$(LANGUAGE=ru "$bin" help lint)
check "LANGUAGE=ru: help in Russian" grep -q 'запускает правила проверки' <<<"$out"
out=$("$bin" help lint)
check "no language chosen: help in English" grep -q 'runs the lint rules' <<<"$out"
out=$(LANGUAGE=ru "$bin" lint --frmat json 2>&1)
check "LANGUAGE=ru: a usage error in Russian" grep -q 'неизвестный параметр «--frmat»' <<<"$out"

# after the book is read: the book's language, hints too
out=$("$bin" lint "$book" --rule speling 2>&1)
check "a ru book, lint --rule speling: the error and its hint in Russian" \
	grep -qx 'подсказка: может быть, «spelling»?' <<<"$out"

# lint --list-rules of a ru book: every description in Russian, the Lua
# rules' and svcbook's own checks'; the language from book.lua, else from
# the book's text, as lint itself speaks
cp -r "$book" "$tmp/nolang"
sed -i '/^language/d' "$tmp/nolang/book.lua"
for b in "$book" "$tmp/nolang"; do
	"$bin" lint "$b" --list-rules >"$tmp/list.txt" 2>&1
	english=$(grep -vP '^[a-z0-9-]+ +(error|warning|note) +.*\p{Cyrillic}' "$tmp/list.txt")
	[ -s "$tmp/list.txt" ] && [ -z "$english" ] && grep -q '(проверяется всегда)$' "$tmp/list.txt" &&
		ok "lint --list-rules of a ru book ($(basename "$b")): the descriptions in Russian" ||
		not_ok "lint --list-rules of a ru book ($(basename "$b")): the descriptions in Russian" "$english"
done
out=$("$bin" lint tests/golden/en-minimal/book --list-rules 2>&1)
check "lint --list-rules of an en book: the descriptions in English" \
	grep -q '^stage-not-covered  *warning  *The owner of a journey stage' <<<"$out"

# reread of a Russian book in git: Russian words, the role's name, the
# clauses' titles, a removed clause named as removed (its old number may be
# another clause's now); the acks errors and hints in Russian too.
rr=$tmp/rr
mkdir -p "$rr/roles"
printf 'title = "Стандарты"\nlanguage = "ru"\nversion = "1"\n' >"$rr/book.lua"
printf '%s\n' '# Механик {#mech level=provider}' '' '## Диагностика {#diag}' '' \
	'Механику следует завершить диагностику за час.' '' '## Фартук {#apron}' '' \
	'Механик должен работать в чистом фартуке.' >"$rr/roles/mech.md"
gitc() { git -C "$rr" -c user.name=HR -c user.email=hr@example.org "$@"; }
gitc init -q -b main && gitc add -A && gitc commit -q -m v1
sed -i 's/Механику следует/Механик должен/; /## Фартук/,$d' "$rr/roles/mech.md"
sed -i 's/"1"/"2"/' "$rr/book.lua"
gitc commit -q -am v2
printf 'person,role,version,signed\nИванов Пётр,mech,1,2026-01-11\n' >"$rr/acks.csv"
got=$(cd "$rr" && SVCBOOK_NO_HISTORY= "$bin" reread 2>&1)
want="Иванов Пётр (Механик) — подпись под версией 1:
  1.1.1 Диагностика: требования строже
  Фартук (был 1.1.2): удалён
Перечитать версию 2 нужно 1 из 1 человека."
[ "$got" = "$want" ] && ok "a ru book: reread in Russian, with the role's name, titles, a removed clause as removed" \
	|| not_ok "a ru book: reread in Russian, with the role's name, titles, a removed clause as removed" "$got"
got=$(cd "$rr" && "$bin" reread --format csv 2>&1 | sed -n 2,3p | tr -d '\r')
want="Иванов Пётр,mech,1,diag,1.1.1,stronger,Механик,Диагностика,mech,требования строже
Иванов Пётр,mech,1,apron,1.1.2,removed,Механик,Фартук,mech,удалён"
[ "$got" = "$want" ] && ok "a ru book: reread --format csv adds the role's name, the title and the effect in Russian, and says removed" \
	|| not_ok "a ru book: reread --format csv adds the role's name, the title and the effect in Russian, and says removed" "$got"
printf 'person,role,version,signed\nОльга,mehc,3,2026-01-11\nОлег,xyzzy,1,2026-01-11\n' >"$rr/acks.csv"
got=$(cd "$rr" && "$bin" reread 2>&1)
want="acks.csv:2:7: error: неизвестная роль «mehc» [bad-acks]
    Ольга,mehc,3,2026-01-11
          ^
    подсказка: может быть, «mech»?
acks.csv:2:12: error: версии «3» нет ни в одном коммите истории книги [bad-acks]
    Ольга,mehc,3,2026-01-11
               ^
    подсказка: известные версии: 1, 2
acks.csv:3:6: error: неизвестная роль «xyzzy» [bad-acks]
    Олег,xyzzy,1,2026-01-11
         ^
    подсказка: роли книги: mech (Механик)
svcbook: 3 ошибки, 0 предупреждений"
[ "$got" = "$want" ] && ok "a ru book: reread's errors and hints about the acknowledgements in Russian, each line with a caret under the column in characters, and the count" \
	|| not_ok "a ru book: reread's errors and hints about the acknowledgements in Russian, each line with a caret under the column in characters, and the count" "$got"

# An acknowledgement sheet that is a zip but no workbook: its error and
# hint in the book's language, as the audit's.
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1], "w").writestr("notes.txt", "x")' "$rr/acks.xlsx"
got=$(cd "$rr" && "$bin" reread --acks acks.xlsx 2>&1)
want="acks.xlsx: error: файл — zip-архив, но не книга Excel (.xlsx): в нём нет читаемого xl/workbook.xml с листами [bad-acks]
    подсказка: сохраните файл как «CSV UTF-8 (разделитель — запятая)» (\"CSV UTF-8 (comma delimited)\")
svcbook: 1 ошибка, 0 предупреждений"
[ "$got" = "$want" ] && ok "a ru book: reread --acks on a zip that is no workbook: one error for the file, in Russian" \
	|| not_ok "a ru book: reread --acks on a zip that is no workbook: one error for the file, in Russian" "$got"

# A workbook cut short (half of one, as a failed copy leaves it): why it
# cannot be read, in Russian too, not libzip's English ("Not a zip archive").
python3 -c 'import sys, zipfile
zipfile.ZipFile(sys.argv[1], "w").writestr("xl/workbook.xml", "<workbook/>" * 2000)
d = open(sys.argv[1], "rb").read(); open(sys.argv[1], "wb").write(d[:len(d) // 2])' "$rr/acks.xlsx"
got=$(cd "$rr" && "$bin" reread --acks acks.xlsx 2>&1 | head -n 1)
want="acks.xlsx: error: файл начинается как zip-архив (книга Excel), но не читается: он обрезан (скопирован или сохранён не целиком?) [bad-acks]"
[ "$got" = "$want" ] && ok "a ru book: reread --acks on a workbook cut short says why in Russian" \
	|| not_ok "a ru book: reread --acks on a workbook cut short says why in Russian" "$got"

# A system error in a Russian message: glibc's Russian text in UTF-8 (under
# LC_CTYPE "C" gettext transliterated it: "Net takogo fajla ili kataloga").
for cmd in "diff $book /nonexistent" "build $book -o /proc/forbidden/out"; do
	got=$(LANG=C.UTF-8 LANGUAGE=ru "$bin" $cmd 2>&1 | head -n 1)
	if [ -e /usr/share/locale/ru/LC_MESSAGES/libc.mo ]; then
		grep -qP ': \p{Cyrillic}[^:]*\[bad-(input|output)\]$' <<<"$got" && ! grep -q 'Net takogo\|No such' <<<"$got" \
			&& ok "LANGUAGE=ru svcbook $cmd: the system's error in Cyrillic" \
			|| not_ok "LANGUAGE=ru svcbook $cmd: the system's error in Cyrillic" "$got"
	else
		! grep -qE ': [A-Z][a-z]+ [a-z]+.*(fajla|kataloga)' <<<"$got" \
			&& ok "LANGUAGE=ru svcbook $cmd: no transliterated system error (no glibc Russian here)" \
			|| not_ok "LANGUAGE=ru svcbook $cmd: no transliterated system error" "$got"
	fi
done

# book.lua Lua cannot read, in a Russian book: the language is not known
# from book.lua yet, so it is guessed from its strings: the error, its hint
# and the count in Russian.
bl=$tmp/badlua
mkdir -p "$bl"
printf '%s\n' 'title = "Стандарты обслуживания"' 'organization = "Веломастерская «Спица»"' \
	'roles = { "mechanic"' 'owner = "mechanic"' >"$bl/book.lua"
printf '# Общие положения\n\n## Ответ {#reply}\n\nСотрудник должен ответить в течение дня.\n' >"$bl/general.md"
got=$(cd "$bl" && "$bin" lint 2>&1)
want="book.lua:4:1: error: синтаксическая ошибка Lua: ожидается '}' (чтобы закрыть '{' из строки 3) возле 'owner' [bad-config]
    owner = \"mechanic\"
    ^
    подсказка: в book.lua строки вида ключ = значение: текст в кавычках, список в фигурных скобках, его элементы через запятую
svcbook: 1 ошибка, 0 предупреждений"
[ "$got" = "$want" ] && ok "a ru book.lua Lua cannot read: the error, the hint and the count in Russian" \
	|| not_ok "a ru book.lua Lua cannot read: the error, the hint and the count in Russian" "$got"
# Lua's own words inside that message in Russian too (lparser.c, llex.c),
# at the line and the column of the token they point at.
while IFS='|' read -r text where words; do
	printf 'language = "ru"\n%b\n' "$text" >"$bl/book.lua"
	got=$(cd "$bl" && "$bin" lint 2>&1 | head -n 1)
	if [[ $got == "book.lua:$where: error: синтаксическая ошибка Lua: $words [bad-config]" ]]; then
		ok "a ru book.lua: Lua's '$words' in Russian at $where"
	else
		not_ok "a ru book.lua: Lua's words in Russian at $where ($text)" "$got"
	fi
done <<'EOF'
title = = "Стандарты"|2:9|неожиданный символ возле '='
x y|2:3|ошибка разбора возле 'y'
roles = { "a"\n  x = 1|3:3|ожидается '}' (чтобы закрыть '{' из строки 2) возле 'x'
title = "Стандарты|2:9|незакрытая строка возле '"Стандарты'
roles = { "a", "b"|3:1|ожидается '}' (чтобы закрыть '{' из строки 2) в конце файла
bonus = 1.2.3|2:9|неверное число возле '1.2.3'
for|3:1|ожидается имя в конце файла
EOF
# book.lua that Lua reads but that fails as it runs: Lua's words and the
# sandbox's limits in Russian, at the line and, when Lua names a variable,
# its column; exit 2 (the time limit is far: a loop ends at the budget of
# instructions whatever the machine). A value of the wrong type in Russian too.
while IFS='|' read -r text where words; do
	printf 'language = "ru"\n%b\n' "$text" >"$bl/book.lua"
	got=$(cd "$bl" && SVCBOOK_TIME_LIMIT=60 "$bin" lint 2>&1 | head -n 1)
	rc=$(cd "$bl" && SVCBOOK_TIME_LIMIT=60 "$bin" lint >/dev/null 2>&1; echo $?)
	if [[ $got == "book.lua$where: error: $words [bad-config]" && $rc == 2 ]]; then
		ok "a ru book.lua that fails as it runs: '$words' at book.lua$where, exit 2"
	else
		not_ok "a ru book.lua that fails as it runs ($text): exit $rc" "$got"
	fi
done <<'EOF'
roles = nil + 1|:2|ошибка Lua: попытка арифметического действия над значением nil
title = "x" .. Title("a")|:2:16|ошибка Lua: попытка вызвать значение nil (глобальная переменная 'Title')
local t = {}\nt.roles.a = 1|:3:3|ошибка Lua: попытка взять поле у значения nil (поле 'roles')
for i = 1, "x" do end|:2|ошибка Lua: неверная граница цикла 'for' (ожидается число, а получено string)
while true do end||ошибка Lua: исчерпан запас инструкций (бесконечный цикл?)
local function f() return 1 + f() end\nf()||ошибка Lua: превышен предел памяти
EOF
printf 'language = "ru"\ntitle = 5\n' >"$bl/book.lua"
got=$(cd "$bl" && "$bin" lint 2>&1 | head -n 1)
[ "$got" = "book.lua:2:1: error: «title» должно быть строкой в кавычках, а не числом [bad-config]" ] &&
	ok "a ru book.lua: a value of the wrong type in Russian" || not_ok "a ru book.lua: a value of the wrong type in Russian" "$got"
printf 'language = "en"\ntitle = "x" .. Title("a")\n' >"$bl/book.lua"
got=$(cd "$bl" && "$bin" lint 2>&1 | head -n 1)
[ "$got" = "book.lua:2:16: error: Lua error: attempt to call a nil value (global 'Title') [bad-config]" ] &&
	ok "an en book.lua that fails as it runs: Lua's words in English" || not_ok "an en book.lua that fails as it runs: Lua's words in English" "$got"
printf 'language = "ru"\nroles = { "mechanic"\nowner = "mechanic"\n' >"$bl/book.lua"
got=$(cd "$bl" && "$bin" lint 2>&1 | tail -n 1)
[ "$got" = "svcbook: 1 ошибка, 0 предупреждений" ] && ok "... its language = \"ru\" line decides when it has one" \
	|| not_ok "... its language = \"ru\" line decides when it has one" "$got"

# SARIF of a Russian book: the rule table's texts in Russian (svcbook's own
# checks and the Lua rules', as lint --list-rules says them), run.language
# "ru-RU"; the same bytes at each run; valid for the Multitool. An English
# book's SARIF has neither (SARIF's default language is en-US).
export SVCBOOK_DOCS_URL=https://example.org/docs/
"$bin" lint "$book" --format sarif >"$tmp/ru.sarif" 2>/dev/null
"$bin" lint "$book" --format sarif 2>/dev/null | cmp -s - "$tmp/ru.sarif" &&
	ok "a ru book's SARIF: the same bytes at each run" || not_ok "a ru book's SARIF: the same bytes at each run"
why=$(node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs[0];
const cyr = t => /[а-яё]/i.test(t);
const en = r.tool.driver.rules.filter(x => !cyr(x.shortDescription.text) || !cyr(x.fullDescription.text) ||
	!cyr(x.help.text) || !cyr(x.help.markdown)).map(x => x.id);
if (r.language !== "ru-RU" || en.length || !cyr(r.originalUriBaseIds.SRCROOT.description.text))
	console.log(r.language, "English:", en.join(" "));
' "$tmp/ru.sarif" 2>&1)
[ -z "$why" ] && ok "a ru book's SARIF: every rule's descriptions and help in Russian, run.language ru-RU" ||
	not_ok "a ru book's SARIF: every rule's descriptions and help in Russian, run.language ru-RU" "$why"
"$bin" lint tests/golden/en-minimal/book --format sarif >"$tmp/en.sarif" 2>/dev/null
why=$(node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs[0];
const c = r.tool.driver.rules.find(x => x.id === "bad-config");
if ("language" in r || c.shortDescription.text !== "book.lua cannot be used as written." ||
    c.help.text !== "book.lua holds plain assignments; see docs/format.md, section 6.")
	console.log(r.language, JSON.stringify(c).slice(0, 300));
' "$tmp/en.sarif" 2>&1)
[ -z "$why" ] && ok "an en book's SARIF: the rule table in English, no run.language" ||
	not_ok "an en book's SARIF: the rule table in English, no run.language" "$why"
multitool=${SARIF_MULTITOOL:-$(node -e 'console.log(require("@microsoft/sarif-multitool"))' 2>/dev/null)}
if [ -x "$multitool" ]; then
	"$multitool" validate --rule-kind "Sarif;Ghas" "$tmp/ru.sarif" >"$tmp/mt.txt" 2>&1
	grep -q 'Analysis completed successfully' "$tmp/mt.txt" && ! grep -Eq ': (error|warning) ' "$tmp/mt.txt" &&
		ok "a ru book's SARIF: the Multitool reports no error and no warning" ||
		not_ok "a ru book's SARIF: the Multitool reports no error and no warning" "$(grep -E ': (error|warning) ' "$tmp/mt.txt" | head -5)"
else
	not_ok "a ru book's SARIF: the SARIF Multitool runs (npm ci in $root)" "no multitool binary"
fi
unset SVCBOOK_DOCS_URL

# British English: the region goes into every language tag of the outputs
# (the spelling with en_GB is tests/lint's); the output's words stay English.
gb="$tmp/gb"
"$bin" new "$gb" --lang en >/dev/null 2>&1
sed -i 's/^language = "en".*/language = "en-GB"/' "$gb/book.lua"
"$bin" build "$gb" -o "$tmp/gb-out" --format html,docbook,epub >/dev/null 2>"$tmp/gb.err"
tags=$(grep -ho '<html lang="[^"]*"' "$tmp/gb-out"/html/index.html "$tmp/gb-out"/audit/audit-*.html | sort -u)
dbk=$(grep -o 'xml:lang="[^"]*"' "$tmp/gb-out"/docbook/*.xml | head -n 1)
opf=$(unzip -p "$tmp/gb-out/epub/book.epub" '*.opf' | grep -o '<dc:language>[^<]*')
[ "$tags" = '<html lang="en-GB"' ] && [ "$dbk" = 'xml:lang="en-GB"' ] && [ "$opf" = '<dc:language>en-GB' ] &&
	grep -q '>Glossary<' "$tmp/gb-out/html/glossary.html" &&
	ok 'language = "en-GB": HTML, DocBook and EPUB tagged en-GB, the words English' ||
	not_ok 'language = "en-GB": HTML, DocBook and EPUB tagged en-GB, the words English' "$tags $dbk $opf $(cat "$tmp/gb.err")"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

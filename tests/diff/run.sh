#!/usr/bin/env bash
# tests/diff/run.sh - svcbook diff: planted changes of every kind on copies
# of the bundled book, each asserted by kind, id and affected roles (JSON);
# renumbering alone is no change; exit codes as diff(1); the Markdown of a
# set of changes against a reviewed golden file. Prints TAP-like lines and
# "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SVCBOOK:-$root/svcbook}
book=$root/standards
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | head -n 20 | sed 's/^/#   /'; }
check() { if [ "$2" = 0 ]; then ok "$1"; else not_ok "$1" "${3:-}"; fi; }

# planted CHANGE...: a fresh copy of the book with those changes, in $work/new.
planted() {
	rm -rf "$work/new"
	cp -r "$book" "$work/new"
	python3 "$here/plant.py" "$work/new" "$@"
}

# expect NAME KIND WHAT ID ROLES [CHANGE...]: diff against the plant must
# exit 1 and report that change with exactly those roles.
expect() {
	local name=$1 kind=$2 what=$3 id=$4 roles=$5
	shift 5
	planted "$@" || { not_ok "$name" "plant.py failed"; return; }
	timeout 30 "$bin" diff "$book" "$work/new" --format json >"$work/j" 2>"$work/e"
	local rc=$?
	if [ $rc != 1 ]; then
		not_ok "$name" "exit $rc, want 1: $(cat "$work/e")"
		return
	fi
	local why
	why=$(python3 "$here/expect.py" "$work/j" "$kind" "$what" "$id" "$roles" 2>&1)
	check "$name" $? "$why"
}

all=billing,engineer-l3,field-tech,office-admin,operator-l1,operator-l2,service-manager,shift-manager

# The roles whose onboarding books use the term acceptance-act, read from
# the role books themselves.
"$bin" build "$book" -o "$work/roles" --role all --format docbook >/dev/null 2>&1
act=$(grep -l 'glossentry xml:id="acceptance-act"' "$work"/roles/roles/*/docbook/book.xml |
	sed 's|.*/roles/roles/\([^/]*\)/.*|\1|' | sort | paste -sd, -)
check "the term acceptance-act is in some role books, not all ($act)" \
	"$([ -n "$act" ] && [ "$act" != "$all" ] && echo 0 || echo 1)"

expect "changed text of general provisions affects every role" changed clause purpose "$all" text
expect "an added clause affects its role" added clause operator-l1-callback operator-l1 add
expect "a removed clause affects its role" removed clause field-tech-not-done field-tech remove
expect "a retitled clause affects its role" retitled clause field-tech-forbidden field-tech retitle
expect "a clause moved to another role affects both" moved clause operator-l1-chat operator-l1,operator-l2 move
expect "a redefined term affects the roles whose books use it" changed term acceptance-act "$act" redefine
expect "an added term no material uses affects no role" added term warranty - add-term
expect "an added role" added role trainer trainer add-role
expect "a removed role" removed role billing billing remove-role
expect "a changed stage owner affects the old and the new owner" moved owner first-contact office-admin,operator-l1 owner
expect "an appearance section's roles: the role it gained, not the one it kept" changed appearance-roles appearance-field office-admin appearance

# The moved clause is only moved, not also removed and added.
planted move
"$bin" diff "$book" "$work/new" --format json >"$work/j" 2>/dev/null
nch=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["changes"]))' "$work/j")
check "a move is one change ($nch)" "$([ "$nch" = 1 ] && echo 0 || echo 1)" "$(cat "$work/j")"

# Renumbering alone: sections swapped, a role file renamed (its id stays).
planted renumber
"$bin" build "$book" -o "$work/o1" --format docbook >/dev/null 2>&1
"$bin" build "$work/new" -o "$work/o2" --format docbook >/dev/null 2>&1
cmp -s "$work/o1/docbook/book.xml" "$work/o2/docbook/book.xml"
check "the renumbering plant does renumber" "$([ $? != 0 ] && echo 0 || echo 1)"
"$bin" diff "$book" "$work/new" >"$work/t" 2>"$work/e"
rc=$?
check "renumbering only: exit 0 and nothing reported" "$([ $rc = 0 ] && [ ! -s "$work/t" ] && echo 0 || echo 1)" \
	"exit $rc: $(cat "$work/t" "$work/e")"

# The same book: exit 0 in every format.
for f in text markdown json; do
	"$bin" diff "$book" "$book" --format $f >"$work/t" 2>&1
	check "the same book: exit 0 ($f)" $? "$(cat "$work/t")"
done
"$bin" diff "$book" "$book" --format json | python3 -c 'import json,sys; sys.exit(json.load(sys.stdin)["changes"] != [])'
check "the same book: an empty JSON change list" $?

# The versions compared (book.lua `version`), null for a side without one;
# the change list stays as it was.
planted move
sed -i 's/^version = .*/version = "2026.2"/' "$work/new/book.lua"
"$bin" diff "$book" "$work/new" --format json >"$work/j" 2>/dev/null
python3 -c 'import json,sys
j = json.load(open(sys.argv[1]))
sys.exit(not (j.get("old_version") == "2026.1" and j.get("new_version") == "2026.2" and len(j["changes"]) == 1))' "$work/j"
check "JSON names the versions compared (old_version, new_version)" $? "$(head -c 300 "$work/j")"
sed -i '/^version = /d' "$work/new/book.lua"
"$bin" diff "$book" "$work/new" --format json >"$work/j" 2>/dev/null
python3 -c 'import json,sys
j = json.load(open(sys.argv[1]))
sys.exit(not ("new_version" in j and j["new_version"] is None and j["old_version"] == "2026.1"))' "$work/j"
check "... null for a book with no version" $? "$(head -c 300 "$work/j")"

# Unusable input and arguments: exit 2.
"$bin" diff "$book" "$work/no-such-book" >/dev/null 2>"$work/e"
rc=$?
check "a missing book folder: exit 2" "$([ $rc = 2 ] && echo 0 || echo 1)" "exit $rc"
grep -q "no-such-book" "$work/e"
check "and the message names it" $? "$(cat "$work/e")"
"$bin" diff "$book" >/dev/null 2>&1
check "one folder: exit 2" "$([ $? = 2 ] && echo 0 || echo 1)"
"$bin" diff "$book" "$book" --format yaml >/dev/null 2>&1
check "an unknown format: exit 2" "$([ $? = 2 ] && echo 0 || echo 1)"

# A clause rewritten whole, 20 000 words each side: no quadratic blow-up.
mkdir -p "$work/big1" "$work/big2"
python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
for d, word in (('big1', 'слово'), ('big2', 'другое')):
    open(w + '/' + d + '/general.md', 'w').write('# Общие\n\n## Пункт {#p}\n\n' + ' '.join(word + str(i % 97) for i in range(20000)) + '\n')
PY
timeout 20 "$bin" diff "$work/big1" "$work/big2" --format markdown >"$work/t" 2>&1
rc=$?
check "a huge rewritten clause is diffed in time (exit 1)" "$([ $rc = 1 ] && echo 0 || echo 1)" "exit $rc"
# ... and one of 5000 obligations a side, whose pairing must not be cubic
python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
for d, word in (('big1', 'слово'), ('big2', 'другое')):
    open(w + '/' + d + '/general.md', 'w').write('# Общие\n\n## Пункт {#p}\n\n' + ' '.join(
        'Оператор должен %s%d в течение %d минут.' % (word, i, i % 50 + 1) for i in range(5000)) + '\n')
PY
timeout 20 "$bin" diff "$work/big1" "$work/big2" --format json >"$work/t" 2>&1
rc=$?
check "a clause of 5000 obligations rewritten is diffed in time (exit 1)" "$([ $rc = 1 ] && echo 0 || echo 1)" "exit $rc"

# Markdown cannot be injected into the comment from the book.
planted
printf '\n## <img src=x onerror=alert(1)> @everyone #1 {#evil}\n\n**bold** <script>x</script> [link](javascript:alert(1))\n' >>"$work/new/general.md"
"$bin" diff "$book" "$work/new" --format markdown >"$work/t" 2>/dev/null
bad=$(grep -E '<img|<script|\]\(javascript|[^\\]@everyone|[^\\*]\*\*bold' "$work/t")
check "text from the book is escaped in the Markdown" "$([ -z "$bad" ] && echo 0 || echo 1)" "$bad"

# The effect of a change on the obligations (FORMAT.md 8): OLD and NEW
# sentences planted in the same clause, the JSON "effect" of its change and
# of the obligation pair, and the text format's "before -> after".
# effect NAME WANT OLD-SENTENCE NEW-SENTENCE [TEXT-LINE]
effect() {
	local name=$1 want=$2 old=$3 new=$4 line=${5:-}
	rm -rf "$work/old"
	cp -r "$book" "$work/old"
	python3 "$here/plant.py" "$work/old" "say:$old" || { not_ok "$name" "plant.py failed"; return; }
	planted "say:$new" || { not_ok "$name" "plant.py failed"; return; }
	"$bin" diff "$work/old" "$work/new" --format json >"$work/j" 2>"$work/e"
	local got
	got=$(python3 -c 'import json,sys
c = [c for c in json.load(open(sys.argv[1]))["changes"] if c["id"] == "operator-l1-chat"]
print(c[0]["effect"] if len(c) == 1 else "changes: %d" % len(c))' "$work/j" 2>&1)
	if [ "$got" != "$want" ]; then
		not_ok "$name: $want" "got $got: $(cat "$work/e")"
		return
	fi
	if [ -n "$line" ]; then
		"$bin" diff "$work/old" "$work/new" >"$work/t" 2>&1
		grep -qxF "    $line" "$work/t" || { not_ok "$name: $want, and the text says '$line'" "$(cat "$work/t")"; return; }
	fi
	ok "$name: $want"
}
effect "a duty appears" stronger "Оператор отвечает в чате." "Оператор должен отвечать в чате." \
	'требования строже: нет -> обязательно: «Оператор должен отвечать в чате.»'
effect "may becomes must" stronger "Оператор может ответить в чате в течение 5 минут." "Оператор обязан ответить в чате в течение 5 минут." \
	'требования строже: может, в течение 5 минут -> обязательно, в течение 5 минут: «Оператор обязан ответить в чате в течение 5 минут.»'
effect "a longer deadline" weaker "Оператор должен ответить в течение 2 минут." "Оператор должен ответить в течение 5 минут." \
	'требования мягче: обязательно, в течение 2 минут -> обязательно, в течение 5 минут: «Оператор должен ответить в течение 5 минут.»'
effect "a shorter deadline in other units" stronger "Оператор должен ответить в течение часа." "Оператор должен ответить в течение 30 минут."
effect "a raised strength and a longer deadline" mixed "Оператору следует ответить в течение 2 минут." "Оператор должен ответить в течение 5 минут."
effect "a duty turned into a prohibition" mixed "Оператор должен закрывать чат сам." "Оператор не должен закрывать чат сам."
effect "must not becomes should not" weaker "Оператору запрещено закрывать чат сам." "Оператору не следует закрывать чат сам."
effect "reworded, the same duty" editorial "Оператор должен ответить в течение 2 минут." "Оператор должен дать ответ в течение 2 минут."
effect "explanation changed, no duty" editorial "Оператор должен ответить в течение 2 минут. Это важно." "Оператор должен ответить в течение 2 минут. Клиенты это ценят."
effect "an unreadable deadline reworded" editorial "Оператор должен ответить не позднее конца смены." "Оператор должен ответить не позднее конца рабочего дня." \
	'редакционная правка: обязательно, не позднее конца смены -> обязательно, не позднее конца рабочего дня: «Оператор должен ответить не позднее конца рабочего дня.»'
effect "working days against calendar days" mixed "The agent must reply within 2 business days." "The agent must reply within 3 days."
# A lead time before an event: the longer is the stronger; "накануне" is
# one day of it. "до" after "может" ends a permission: changing its hour
# changes no deadline, while a duty's "до" is one.
effect "a longer lead time before an event" stronger "Оператор должен подготовить ответ за 1 час до звонка." "Оператор должен подготовить ответ за 2 часа до звонка." \
	'требования строже: обязательно, за 1 час до звонка -> обязательно, за 2 часа до звонка: «Оператор должен подготовить ответ за 2 часа до звонка.»'
effect "a shorter lead time before an event" weaker "Staff must check the chat 30 minutes before the shift starts." "Staff must check the chat 15 minutes before the shift starts."
effect "the day before becomes two hours before" weaker "Оператор должен напомнить о чате накануне встречи." "Оператор должен напомнить о чате за 2 часа до встречи."
effect "a lead time against a duration" mixed "Оператор должен ответить за 2 часа до встречи." "Оператор должен ответить в течение 2 часов."
effect "a permission's end moved" editorial "Оператор может ответить в чате до 12:00." "Оператор может ответить в чате до 14:00."
effect "a duty's time of day made earlier" stronger "Оператор должен ответить в чате до 14:00." "Оператор должен ответить в чате до 12:00."
planted "say:Оператор должен подготовить ответ за 2 часа до звонка."
"$bin" diff "$book" "$work/new" --format json >"$work/j" 2>/dev/null
got=$(python3 -c 'import json,sys
c = [c for c in json.load(open(sys.argv[1]))["changes"] if c["id"] == "operator-l1-chat"][0]
d = [o["new"]["deadline"] for o in c["obligations"] if o["new"] and o["new"]["deadline"]][0]
print(d["kind"], d["seconds"], d["text"])' "$work/j" 2>&1)
check "JSON: a lead time is {\"kind\": \"before\", \"seconds\", \"text\"}" "$([ "$got" = "before 7200 за 2 часа до звонка" ] && echo 0 || echo 1)" "$got"

# Every changed, added and removed clause of the planted set has an effect,
# and added or removed clauses with obligations are stronger or weaker.
planted text add remove retitle redefine owner appearance add-role remove-role add-duty "say:Оператор обязан ответить."
"$bin" diff "$book" "$work/new" --format json >"$work/j" 2>/dev/null
"$bin" diff "$work/new" "$book" --format json >"$work/j2" 2>/dev/null
why=$(python3 - "$work/j" "$work/j2" <<'PY'
import json, sys
ch = json.load(open(sys.argv[1]))['changes']
back = json.load(open(sys.argv[2]))['changes']
bad = [(c['kind'], c['id']) for c in ch if c.get('effect') not in ('stronger', 'weaker', 'mixed', 'editorial')]
if bad:
    sys.exit('no effect: %s' % bad)
def eff(kind, cid):
    return [c['effect'] for c in ch if c['kind'] == kind and c['id'] == cid]
want = {('changed', 'operator-l1-chat'): 'stronger', ('added', 'trainer-first-day'): 'editorial',
        ('added', 'operator-l1-promised-call'): 'stronger', ('changed', 'appearance-field'): 'stronger',
        ('retitled', 'field-tech-forbidden'): 'editorial'}
for (k, i), e in want.items():
    if eff(k, i) != [e]:
        sys.exit('%s %s: want %s, got %s' % (k, i, e, eff(k, i)))
ch = back
if eff('removed', 'operator-l1-promised-call') != ['weaker'] or eff('changed', 'appearance-field') != ['weaker']:
    sys.exit('back: removed duty %s, narrowed section %s' % (eff('removed', 'operator-l1-promised-call'), eff('changed', 'appearance-field')))
print(len(json.load(open(sys.argv[1]))['changes']))
PY
)
check "every change has an effect; added, removed, widened and narrowed clauses as they oblige ($why changes)" $? "$why"

# The pull-request comment for a small change (FORMAT.md 8, issue #17): a
# golden file under 30 lines that names the role to re-read, with the
# marker a CI job finds its comment by and the versions.
rm -rf "$work/old" && cp -r "$book" "$work/old"
python3 "$here/plant.py" "$work/old" "say:Оператор должен ответить в течение 2 минут."
planted version "say:Оператор должен ответить в течение 5 минут."
"$bin" diff "$work/old" "$work/new" --format markdown >"$work/small" 2>"$work/e"
if [ "${REGEN:-}" = yes ]; then
	cp "$work/small" "$here/expected/small.md"
fi
diff -u "$here/expected/small.md" "$work/small" >"$work/d"
check "the comment for a small change matches tests/diff/expected/small.md" $? "$(head -30 "$work/d")"
lines=$(wc -l <"$work/small")
check "the comment for a small change is under 30 lines ($lines)" "$([ "$lines" -lt 30 ] && echo 0 || echo 1)"
grep -q '^- \*\*Оператор первой линии\*\*: \[5.1.3\](#svcbook-operator-l1-chat)$' "$work/small"
check "it names the role to re-read and links the clause" $? "$(cat "$work/small")"
[ "$(head -1 "$work/small")" = "<!-- svcbook-diff -->" ] && grep -q '^Версия 2026\\.1 → 2026\\.2\. ' "$work/small"
check "it starts with the hidden marker and states the versions" $? "$(head -5 "$work/small")"

# An obligation changed, the version not: the comment and the text diff
# warn that reread will ask nobody until the version is raised; with the
# version raised, neither does.
python3 "$here/plant.py" "$work/old" version
rm -rf "$work/new" && cp -r "$work/old" "$work/new"
sed -i "s/ответить в течение 2 минут/ответить в течение 9 минут/" "$work/new/roles/operator-l1.md"
"$bin" diff "$work/old" "$work/new" --format markdown >"$work/t" 2>/dev/null
"$bin" diff "$work/old" "$work/new" >/dev/null 2>"$work/e"
grep -q '^\*\*Внимание:\*\* обязательства изменились, а версия .* по-прежнему 2026\\.2\. ' "$work/t" &&
	grep -q 'warning\|предупреждение' "$work/e" && grep -q '2026\.2' "$work/e" &&
	! grep -q 'Внимание' "$work/small"
check "an obligation changed without a version bump: the comment and the text diff warn" $? "$(head -8 "$work/t"; cat "$work/e")"

# The comment counts every change the text and JSON list (a removed role's
# too), and every entry's heading says its effect (a retitle's too).
planted remove-role retitle
"$bin" diff "$book" "$work/new" --format json >"$work/j" 2>/dev/null
"$bin" diff "$book" "$work/new" --format markdown >"$work/t" 2>/dev/null
nj=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["changes"]))' "$work/j")
grep -q "^Версия .*Изменений: $nj (" "$work/t" &&
	! grep -E '^#### ' "$work/t" | grep -qvE ', (редакционная правка|требования (строже|мягче|изменились в обе стороны))$'
check "the comment counts every change ($nj) and each heading says its effect" $? "$(grep -E '^Версия|^#### ' "$work/t")"

# A removed role is one line, not all its clauses; a role whose appearance
# section only gained another role has nothing to re-read; no source
# syntax (attributes, [[...]], HTML del/ins) reaches the comment.
planted remove-role appearance text
"$bin" diff "$book" "$work/new" --format markdown >"$work/t" 2>/dev/null
n=$(grep -c 'Специалист по расчётам' "$work/t")
grep -q '^- \*\*Специалист по расчётам\*\* (`billing`): роль удалена$' "$work/t" && [ "$n" = 1 ] &&
	! grep -q 'billing-' "$work/t"
check "a removed role is one line ($n mentions)" $? "$(head -20 "$work/t")"
! grep -q '^- \*\*Выездной техник\*\*' "$work/t"
check "a role an appearance section kept is not asked to re-read it" $? "$(sed -n '/^### Кому/,/^### Что/p' "$work/t")"
# Who must re-read is what `svcbook reread` says (src/rolediff.c): an
# explanatory sentence added changes nobody's obligations; a duty moved to
# another role's standard is new to that role and gone from the other.
rm -rf "$work/new" && cp -r "$book" "$work/new"
sed -i 's/^## Чат и мессенджеры {#operator-l1-chat}$/&\n\nПример: клиент пишет в чат поздно вечером./' "$work/new/roles/operator-l1.md"
"$bin" diff "$book" "$work/new" --format markdown >"$work/t" 2>/dev/null
grep -q '^Обязательства ни одной роли не изменились: перечитывать никому не нужно\.$' "$work/t" &&
	! grep -q '^- \*\*' "$work/t"
check "an explanatory sentence added: nobody must re-read" $? "$(sed -n '/^### Кому/,/^### Что/p' "$work/t")"
rm -rf "$work/new" && cp -r "$book" "$work/new"
python3 - "$work/new/roles" <<'PY'
import re, sys
d = sys.argv[1]
src = open(d + '/operator-l1.md').read()
m = re.search(r'^## Чат и мессенджеры \{#operator-l1-chat\}\n.*?(?=^## )', src, re.S | re.M)
open(d + '/operator-l1.md', 'w').write(src[:m.start()] + src[m.end():])
open(d + '/office-admin.md', 'a').write('\n' + m.group(0))
PY
"$bin" diff "$book" "$work/new" --format markdown >"$work/t" 2>/dev/null
grep -q '^- \*\*Администратор офиса\*\*: .*(#svcbook-operator-l1-chat)' "$work/t" &&
	grep -q '^- \*\*Оператор первой линии\*\*: .*(#svcbook-operator-l1-chat)' "$work/t"
check "a duty moved between roles: both roles must re-read it" $? "$(sed -n '/^### Кому/,/^### Что/p' "$work/t")"
planted text add remove retitle redefine owner appearance add-role
sed -i 's/Если клиент замолчал/Если [[клиент]] замолчал/; s/{#operator-l1-chat}/{#operator-l1-chat stage=first-contact}/' "$work/new/roles/operator-l1.md"
"$bin" diff "$book" "$work/new" --format markdown >"$work/t" 2>/dev/null
bad=$(grep -nE 'stage=|\\\[\\\[|\[\[|<del>|<ins>|level=|aka:' "$work/t")
check "no source syntax in the comment" "$([ -z "$bad" ] && grep -q 'Этап: Первое обращение' "$work/t" && echo 0 || echo 1)" "$bad"

# A change too big for one comment: kept under GitHub's 65 536 characters,
# the rest counted.
mkdir -p "$work/many1" "$work/many2"
python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
for d, word in (('many1', 'должен'), ('many2', 'может')):
    open(w + '/' + d + '/general.md', 'w').write('# Общие\n\n' + ''.join(
        '## Пункт %d {#p%d}\n\nСотрудник %s ответить клиенту номер %d в течение %d минут.\n\n' % (i, i, word, i, i % 50 + 1)
        for i in range(3000)))
PY
"$bin" diff "$work/many1" "$work/many2" --format markdown >"$work/t" 2>/dev/null
size=$(wc -c <"$work/t")
grep -q '^Не поместилось в комментарий изменений: [0-9]* ' "$work/t" && grep -q '^<details><summary>Ещё изменений: ' "$work/t"
check "a huge change: the comment is $size bytes (at most 65536), folded and cut with a count" \
	"$([ $? = 0 ] && [ "$size" -le 65536 ] && echo 0 || echo 1)" "$(tail -3 "$work/t")"

# Russian agreement, the revision history's words (templates/words.lua):
# «добавлен пункт», «добавлен этап», «переименован термин», «удалена роль»,
# «изменены роли раздела», «изменён ответственный»; never the neuter.
planted add add-stage retitle-term remove-role appearance owner move
"$bin" diff "$book" "$work/new" >"$work/t" 2>&1
missing=
for w in 'добавлен      пункт         5.1.3 operator-l1-callback' 'добавлен      этап          4.10 aftercare' \
	'переименован  термин        1.1 client' 'удалена       роль          5.6 billing' \
	'изменены      роли раздела' 'изменён       ответственный' 'перенесён     пункт'; do
	grep -q "^$w" "$work/t" || missing="$missing | $w"
done
grep -qE '^(добавлено|удалено|изменено|переименовано|перенесено) ' "$work/t" && missing="$missing | a neuter kind"
check "diff's Russian kinds agree with what changed (добавлен пункт, добавлен этап, удалена роль ...)" \
	"$([ -z "$missing" ] && echo 0 || echo 1)" "missing:$missing"$'\n'"$(cut -c1-60 "$work/t" | grep -v '^ ')"
"$bin" diff "$book" "$work/new" --format markdown >"$work/t" 2>&1
grep -q '^#### .*Обратный звонок — добавлен, ' "$work/t" && grep -q '^#### .*Клиент компании — термин: переименован, ' "$work/t" &&
	grep -q '^#### .* — этап: добавлен, ' "$work/t" && ! grep -qE ' — ([^ ]+: )?(добавлено|удалено|изменено|переименовано|перенесено)' "$work/t"
check "... and so do the comment's" $? "$(grep '^####' "$work/t")"

# The pull-request comment for a set of changes: a reviewed golden file.
planted text add remove retitle redefine owner appearance add-duty "say:Оператор должен ответить в течение 2 минут."
"$bin" diff "$book" "$work/new" --format markdown >"$work/md" 2>"$work/e"
if [ "${REGEN:-}" = yes ]; then
	cp "$work/md" "$here/expected/standards.md"
fi
diff -u "$here/expected/standards.md" "$work/md" >"$work/d"
check "the Markdown diff of standards/ matches tests/diff/expected/standards.md" $? "$(head -30 "$work/d")"
# ... in the words of the revision history (templates/words.lua): one wording
missing=
for w in "требования строже" "требования мягче" "редакционная правка"; do
	grep -qF "\"$w\"" "$root/templates/words.lua" && grep -qF "$w" "$work/md" || missing="$missing $w"
done
check "the comment names effects as the history page does" "$([ -z "$missing" ] && echo 0 || echo 1)" "missing:$missing"
# ... and the same changes in the text format, effects and obligations included
"$bin" diff "$book" "$work/new" >"$work/txt" 2>"$work/e"
if [ "${REGEN:-}" = yes ]; then
	cp "$work/txt" "$here/expected/standards.txt"
fi
diff -u "$here/expected/standards.txt" "$work/txt" >"$work/d"
check "the text diff of standards/ matches tests/diff/expected/standards.txt" $? "$(head -30 "$work/d")"
# ... in the book's words: a role's level and a clause's stage as the reader
# sees them, not as attributes; references as their text
rm -rf "$work/new" && cp -r "$book" "$work/new"
sed -i 's/^\(поэтому требования к\) вежливости/\1 такту/' "$work/new/roles/field-tech.md"
sed -i 's/^\(## Счёт и оплата {#billing-payment stage=payment}\)$/\1\n\nСчета выставляют вовремя./' "$work/new/roles/billing.md"
"$bin" diff "$book" "$work/new" >"$work/t2" 2>"$work/e"
grep -q '^изменена  *роль  *5\.3 field-tech «Выездной техник» \[Выездной техник\]' "$work/t2" &&
	grep -q '^изменён  *пункт  *[0-9.]* billing-payment «Счёт и оплата»' "$work/t2" &&
	! grep -qE 'level=|line=[0-9]|stage=|\[\[' "$work/t2"
check "the text diff of a Russian book: Russian words, attributes in words, no [[references]]" $? "$(cat "$work/t2" "$work/e")"

# ... a role's level in the words the book shows it in (templates/words.lua:
# the role page's badge, the pyramid), not in words of the diff's own
sed -i 's/{#field-tech level=provider/{#field-tech level=support/' "$work/new/roles/field-tech.md"
"$bin" diff "$book" "$work/new" >"$work/t3" 2>"$work/e"
grep -qF 'Уровень: [-Контактный персонал.-] {+Поддержка.+}' "$work/t3" &&
	grep -qF 'provider = "Контактный персонал"' "$root/templates/words.lua" && grep -qF 'support = "Поддержка"' "$root/templates/words.lua"
check "a role's level in the diff is the book's word for it" $? "$(head -3 "$work/t3")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/usr/bin/env bash
# Linter tests: for every rule a book that triggers it (rule id, file and
# line asserted) and one that does not; the bundled standards/ book lints
# clean; output formats (JSON, SARIF validated by sarif-multitool, GitHub,
# GitLab); suppression and severities; the sandbox; a book's own rule.
# Prints "ok N - ..." / "not ok N - ..." and "N passed, N failed".
# SARIF_MULTITOOL: path of the sarif-multitool binary (else npx, else skip
# is a failure: the validator is part of the contract).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SVCBOOK:-$root/svcbook}
export NO_COLOR=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0 n=0

ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && printf '#   %s\n' "$2" | head -c 2000; return 0; }

# A clean base book: every rule is satisfied.
base() {
	local b="$work/$1"
	rm -rf "$b"
	mkdir -p "$b/roles"
	cat >"$b/terms.md" <<'EOF'
# Terms

## Customer {#customer aka="client"}

A person who buys from us.
EOF
	cat >"$b/general.md" <<'EOF'
# General provisions

We serve every [[customer]] and all our [[clients]].
EOF
	cat >"$b/journey.md" <<'EOF'
# Journey

## First call {#first-call owner=agent}

The customer calls.
EOF
	cat >"$b/roles/agent.md" <<'EOF'
# Agent {#agent level=provider line=1}

## Greeting {#greeting stage=first-call}

Always say hello to the [[customer]].
EOF
	cat >"$b/appearance.md" <<'EOF'
# Appearance

## Uniform {#uniform roles="agent"}

Wear the uniform.
EOF
	printf 'roles = { "agent" }\n' >"$b/book.lua"
	echo "$b"
}

# lint BOOK [ARGS...]: runs the linter from inside BOOK, text format;
# output in $work/out, exit code in $rc.
lint() {
	local b=$1
	shift
	(cd "$b" && timeout 20 "$bin" lint . --no-color "$@") >"$work/stdout" 2>"$work/out"
	rc=$?
}

# expect NAME BOOK RULE FILE LINE: the rule reports at FILE:LINE.
expect() {
	local name=$1 b=$2 rule=$3 file=$4 line=$5
	lint "$b"
	if grep -Eq "^$file:$line(:[0-9]+)?: (error|warning|note): .*\[$rule\]\$" "$work/out"; then
		ok "$name"
	else
		not_ok "$name" "no [$rule] at $file:$line: $(head -c 600 "$work/out")"
	fi
}

# clean NAME BOOK RULE: the rule reports nothing (and nothing else does).
clean() {
	local name=$1 b=$2 rule=$3
	lint "$b"
	if grep -q "\[$rule\]" "$work/out"; then
		not_ok "$name" "unexpected [$rule]: $(head -c 600 "$work/out")"
	elif [ -s "$work/out" ] || [ $rc -ne 0 ]; then
		not_ok "$name" "exit $rc, output: $(head -c 600 "$work/out")"
	else
		ok "$name"
	fi
}

# --- the base book and the bundled book ---
b=$(base base)
clean "the base fixture book lints clean" "$b" none
# today pinned (2026-06-01): standards/ is due for review on 2027-03-15
SOURCE_DATE_EPOCH=1780272000 lint "$root/standards"
if [ $rc -eq 0 ] && [ ! -s "$work/out" ]; then ok "standards/ lints with no diagnostic at all"
else not_ok "standards/ lints with no diagnostic at all" "exit $rc: $(head -c 1500 "$work/out")"; fi

# --- undefined-term ---
b=$(base undef-bad)
printf '\nAsk the [[custmer]] politely.\n' >>"$b/general.md"
expect "undefined-term: [[custmer]] is reported" "$b" undefined-term general.md 5
grep -q 'did you mean \[\[customer\]\]' "$work/out" && ok "undefined-term: did-you-mean hint names the term as it would be written" || not_ok "undefined-term: did-you-mean hint names the term as it would be written" "$(cat "$work/out")"
b=$(base undef-id)
printf '\nSee [[#greting]].\n' >>"$b/general.md"
expect "undefined-term: [[#greting]] is reported" "$b" undefined-term general.md 5
grep -q 'did you mean \[\[#greeting\]\]' "$work/out" && ok "undefined-term: nearest id as hint" || not_ok "undefined-term: nearest id as hint" "$(cat "$work/out")"
b=$(base undef-good)
cat >"$b/terms.md" <<'EOF'
# Термины

## Клиент {#client aka="покупатель"}

Тот, кто покупает.

## Customer {#customer aka="client-en"}

English term.
EOF
cat >"$b/general.md" <<'EOF'
# Общие положения

Мы служим [[клиенту]], [[клиентов]], [[Клиент]], [[КЛИЕНТАМИ]], [[клиентом|тексту]],
[[покупателям]] и [[покупателя]]; [[customers]] and [[Customer's]].
`[[не ссылка]]` и \[[тоже не ссылка]].
EOF
clean "undefined-term: inflected forms, aka, code and \\[[ are not reported" "$b" undefined-term

# --fix never makes the text worse: the target's form nearest to what was
# written, in the writer's capitals; none when two forms are as near
b=$(base undef-fix-en)
printf '\nAsk the [[custmer]] and all [[custmers]]; the [[Custmer|buyer]] too.\n' >>"$b/general.md"
lint "$b" --fix
why="rc=$rc $(cat "$work/out") $(tail -1 "$b/general.md")"
[ $rc -eq 0 ] && grep -q '^svcbook: fixed 3 findings in 1 file$' "$work/out" &&
	[ "$(tail -1 "$b/general.md")" = 'Ask the [[customer]] and all [[customers]]; the [[Customer|buyer]] too.' ] &&
	ok "undefined-term --fix (en): the number and the capital written kept" ||
	not_ok "undefined-term --fix (en): the number and the capital written kept" "$why"
b=$(base undef-fix-ru)
printf 'language = "ru"\nroles = { "agent" }\n' >"$b/book.lua"
cat >"$b/terms.md" <<'EOF'
# Термины

## Клиент {#client}

Тот, кто покупает.

## Customer {#customer aka="client"}

English term.
EOF
cat >"$b/general.md" <<'EOF'
# Общие положения

Механику следует объяснять [[клиенут]] причину, говорить с [[клиентомм]].
[[Кдиента]] встречают у входа. We serve every [[customer]] and all our [[clients]].
EOF
LANGUAGE= lint "$b" --fix # the book's language speaks
why="rc=$rc $(cat "$work/out") $(sed -n 3,4p "$b/general.md")"
[ $rc -eq 1 ] && grep -q '^svcbook: исправлены 2 находки в 1 файле$' "$work/out" &&
	grep -q '^general.md:3:.*\[\[клиенут\]\]' "$work/out" && grep -q 'может быть, \[\[Клиент\]\]?' "$work/out" &&
	printf 'Механику следует объяснять [[клиенут]] причину, говорить с [[клиентом]].\n[[Клиента]] встречают у входа. We serve every [[customer]] and all our [[clients]].\n' |
	cmp -s - <(sed -n 3,4p "$b/general.md") &&
	ok "undefined-term --fix (ru): [[клиенут]] (клиенту? клиент?) left with its hint, one nearest form fixed, the summary in Russian" ||
	not_ok "undefined-term --fix (ru): [[клиенут]] (клиенту? клиент?) left with its hint, one nearest form fixed, the summary in Russian" "$why"
# two letters swapped are one slip, as a dropped or changed one: клинета is
# one edit from клиента, two from Клиент (not three)
b=$(base undef-swap-ru)
printf 'language = "ru"\nroles = { "agent" }\n' >"$b/book.lua"
printf '# Термины\n\n## Клиент {#client}\n\nТот, кто покупает.\n' >"$b/terms.md"
printf '# Общие положения\n\nМы уважаем [[клинета]].\n' >"$b/general.md"
sed -i 's/\[\[customer\]\]/guest/' "$b/roles/agent.md"
LANGUAGE= lint "$b"
why="rc=$rc $(cat "$work/out")"
grep -q '^general.md:3:12: error: .*\[\[клинета\]\].*\[undefined-term\]$' "$work/out" && grep -q 'подсказка: может быть, \[\[клиента\]\]?$' "$work/out" &&
	ok "undefined-term (ru): [[клинета]], two letters swapped, hints [[клиента]]" ||
	not_ok "undefined-term (ru): [[клинета]], two letters swapped, hints [[клиента]]" "$why"
LANGUAGE= lint "$b" --fix
[ "$(sed -n 3p "$b/general.md")" = 'Мы уважаем [[клиента]].' ] &&
	ok "undefined-term --fix (ru): [[клинета]] becomes [[клиента]]" ||
	not_ok "undefined-term --fix (ru): [[клинета]] becomes [[клиента]]" "rc=$rc $(cat "$work/out") $(sed -n 3p "$b/general.md")"

# --- ambiguous-reference ---
b=$(base amb-bad)
cat >>"$b/terms.md" <<'EOF'

## Customers {#customers}

Another definition of the same word.
EOF
printf '\nThe [[customer]] pays.\n' >>"$b/general.md"
expect "ambiguous-reference: two terms with one stem" "$b" ambiguous-reference general.md 5
grep -q 'it could be' "$work/out" && ok "ambiguous-reference: hint lists the candidates" || not_ok "ambiguous-reference: hint lists the candidates" "$(cat "$work/out")"
b=$(base amb-good)
cat >>"$b/terms.md" <<'EOF'

## Customer service {#customer-service}

Service for customers: [[#customer]].
EOF
printf '\nGood [[customer service]] matters.\n' >>"$b/general.md"
clean "ambiguous-reference: different names are not ambiguous" "$b" ambiguous-reference

# --- missing-role ---
b=$(base role-bad-ref)
printf '\nAsk [[@manager]] for help.\n' >>"$b/general.md"
expect "missing-role: [[@manager]]" "$b" missing-role general.md 5
b=$(base role-bad-owner)
sed -i 's/owner=agent/owner=agnet/' "$b/journey.md"
expect "missing-role: owner=agnet" "$b" missing-role journey.md 3
grep -q "did you mean 'agent'" "$work/out" && ok "missing-role: nearest role id as hint" || not_ok "missing-role: nearest role id as hint" "$(cat "$work/out")"
b=$(base role-senior)
sed -i 's/owner=agent/owner=agent-senior/' "$b/journey.md"
expect "missing-role: owner=agent-senior" "$b" missing-role journey.md 3
grep -q "stage 'First call' is owned by role 'agent-senior'.*" "$work/out" && grep -q "hint: did you mean 'agent'? Or add roles/agent-senior.md" "$work/out" &&
	ok "missing-role: the stage by its title; the role an id extends at a hyphen as hint" ||
	not_ok "missing-role: the stage by its title; the role an id extends at a hyphen as hint" "$(cat "$work/out")"
b=$(base role-bad-app)
sed -i 's/roles="agent"/roles="agent cashier"/' "$b/appearance.md"
expect "missing-role: roles=\"... cashier\"" "$b" missing-role appearance.md 3
b=$(base role-bad-config)
printf 'roles = {\n  "agent",\n  "cashier",\n}\n' >"$b/book.lua"
expect "missing-role: book.lua roles" "$b" missing-role book.lua 3
b=$(base role-good)
printf '\nAsk [[@agent]] for help; the [[agent|agents]] know.\n' >>"$b/general.md"
sed -i 's/roles="agent"/roles=all/' "$b/appearance.md"
clean "missing-role: existing roles and roles=all are fine" "$b" missing-role

# --- stage-without-owner ---
b=$(base stage-owner-bad)
printf '\n## Visit {#visit}\n\nThe customer comes in.\n' >>"$b/journey.md"
expect "stage-without-owner: a stage with no owner" "$b" stage-without-owner journey.md 7
clean "stage-without-owner: stages with owners" "$(base stage-owner-good)" stage-without-owner

# --- stage-not-covered ---
b=$(base cover-bad)
sed -i 's/ stage=first-call//' "$b/roles/agent.md"
expect "stage-not-covered: the owner has no stage= section" "$b" stage-not-covered journey.md 3
grep -q "warning: role 'Agent' owns stage 'First call' but its standard has no section for it (stage=first-call)" "$work/out" &&
	grep -q "hint: add a section such as '## First call {stage=first-call}' to roles/agent.md" "$work/out" &&
	ok "stage-not-covered: the role and the stage by their names, the id where the fix needs it" ||
	not_ok "stage-not-covered: the role and the stage by their names, the id where the fix needs it" "$(cat "$work/out")"
b=$(base cover-good)
printf '\n### Deeper {#deeper}\n\nAlways text.\n' >>"$b/roles/agent.md"
clean "stage-not-covered: the owner covers the stage" "$b" stage-not-covered

# --- role-without-appearance ---
b=$(base app-bad)
printf '# Cashier {#cashier level=provider}\n\n## Payment\n\nAlways take the money from the [[customer]].\n' >"$b/roles/cashier.md"
printf 'roles = { "agent", "cashier" }\n' >"$b/book.lua"
expect "role-without-appearance: cashier is not covered" "$b" role-without-appearance roles/cashier.md 1
cp "$b/roles/cashier.md" "$work/cashier.md"
b=$(base app-good)
cp "$work/cashier.md" "$b/roles/cashier.md"
printf 'roles = { "agent", "cashier" }\n' >"$b/book.lua"
printf '\n## Badges {#badges roles="cashier"}\n\nWear a badge.\n' >>"$b/appearance.md"
clean "role-without-appearance: every role covered" "$b" role-without-appearance

# --- empty-standard ---
b=$(base empty-bad)
printf '# Cashier {#cashier level=provider}\n' >"$b/roles/cashier.md"
printf 'roles = { "agent", "cashier" }\n' >"$b/book.lua"
sed -i 's/roles="agent"/roles=all/' "$b/appearance.md"
expect "empty-standard: a role with nothing under its heading" "$b" empty-standard roles/cashier.md 1
b=$(base empty-good)
printf '# Cashier {#cashier level=provider}\n\nTakes payments from the [[customer]] with a smile.\n' >"$b/roles/cashier.md"
printf 'roles = { "agent", "cashier" }\n' >"$b/book.lua"
sed -i 's/roles="agent"/roles=all/' "$b/appearance.md"
clean "empty-standard: a role with text only" "$b" empty-standard

# --- no-obligation ---
# a section with no modal word, and below it one with none either: one
# warning, at the topmost; a section that obliges through its sub-section,
# and text outside the roles, are not reported
b=$(base noob-bad)
printf '\n## Small talk {#small-talk}\n\nThe weather is a safe topic.\n\n### Sport {#sport}\n\nSo is sport.\n' >>"$b/roles/agent.md"
expect "no-obligation: a role's section that obliges nothing" "$b" no-obligation roles/agent.md 7
reports=$(grep -c '\[no-obligation\]' "$work/out")
[ "$reports" = 1 ] && ok "no-obligation: its sub-section is not reported again" || not_ok "no-obligation: its sub-section is not reported again" "$(cat "$work/out")"
# an English book's hint and --list-rules speak English only: no Russian
# modal words (they are the Russian catalogue's)
grep -A3 '\[no-obligation\]' "$work/out" | grep -q '^    hint: say what the Agent must, should, may or must not do here$' &&
	! (cd "$b" && "$bin" lint . --list-rules) 2>&1 | grep '^no-obligation ' | LC_ALL=C grep -q $'[\xd0\xd1]' &&
	ok "no-obligation (en): the hint and --list-rules without Russian words" ||
	not_ok "no-obligation (en): the hint and --list-rules without Russian words" "$(cat "$work/out" | tr "\n" "|"; cd "$b" && "$bin" lint . --list-rules 2>&1 | grep "^no-obligation ")"
b=$(base noob-good)
printf '\n## Small talk {#small-talk}\n\nThe weather is a safe topic.\n\n### Sport {#sport}\n\nThe agent may talk about sport.\n' >>"$b/roles/agent.md"
printf '\n## Background {#background}\n\nNothing here obliges.\n' >>"$b/general.md"
clean "no-obligation: every section obliges, itself or through a sub-section" "$b" no-obligation

# --- duplicate-id ---
b=$(base dupid-bad)
printf '\n## Closing {#greeting}\n\nSay goodbye.\n' >>"$b/roles/agent.md"
expect "duplicate-id: {#greeting} twice" "$b" duplicate-id roles/agent.md 7
grep -q 'first defined at roles/agent.md:3' "$work/out" && ok "duplicate-id: hint points at the first" || not_ok "duplicate-id: hint points at the first" "$(cat "$work/out")"
b=$(base dupid-good)
printf '\n## Notes\n\nAlways one.\n\n## Notes\n\nAlways two.\n' >>"$b/roles/agent.md"
clean "duplicate-id: derived ids of equal titles are made unique silently" "$b" duplicate-id

# --- duplicate-term ---
b=$(base dupterm-bad)
printf '\n## Clients {#clients}\n\nAgain.\n' >>"$b/terms.md"
printf '\nSee [[#clients]].\n' >>"$b/general.md"
expect "duplicate-term: Clients repeats aka client" "$b" duplicate-term terms.md 7
grep -q "hint: first defined at terms.md:3:24$" "$work/out" && ok "duplicate-term: where the name was first defined, with its column" ||
	not_ok "duplicate-term: where the name was first defined, with its column" "$(cat "$work/out")"
b=$(base dupterm-good)
printf '\n## Customer service {#customer-service}\n\nHelp.\n' >>"$b/terms.md"
printf '\nGood [[customer service]].\n' >>"$b/general.md"
clean "duplicate-term: a longer name is another term" "$b" duplicate-term

# --- broken-link ---
b=$(base link-bad)
printf '\nSee [the greeting](roles/agent.md#greting) and [rules](rules.md).\n' >>"$b/general.md"
expect "broken-link: a missing anchor" "$b" broken-link general.md 5
grep -q "no such file" "$work/out" && ok "broken-link: a missing file" || not_ok "broken-link: a missing file" "$(cat "$work/out")"
# which of the two is wrong, and the link as it would work: a wrong anchor
# names its file and the nearest id there; a path is relative to its file
b=$(base link-which)
printf '\nSee [the greeting](roles/agent.md#greting).\n' >>"$b/general.md"
printf '\nSee [terms](terms.md#custmer), [general](../genral.md) and [us](#greting).\n' >>"$b/roles/agent.md"
lint "$b"
grep -q "^general.md:5:5: error: link to 'roles/agent.md#greting': roles/agent.md has no heading with the id 'greting' \[broken-link\]" "$work/out" &&
	grep -A3 "^general.md:5:5:" "$work/out" | grep -q 'hint: did you mean #greeting?' &&
	grep -A3 "^roles/agent.md:7:5: error: link to 'terms.md#custmer': there is no roles/terms.md; a link's path is relative to the folder of its file" "$work/out" |
	grep -q "hint: did you mean '../terms.md#customer'?" &&
	grep -A3 "^roles/agent.md:7:32: error: link to '../genral.md': no such file in the book" "$work/out" | grep -q "hint: did you mean '../general.md'?" &&
	grep -A3 "^roles/agent.md:7:60: error: link to '#greting': roles/agent.md has no heading" "$work/out" | grep -q 'hint: did you mean #greeting?' &&
	ok "broken-link: a wrong anchor is not a missing file; a path from the wrong folder gets the working link" ||
	not_ok "broken-link: a wrong anchor is not a missing file; a path from the wrong folder gets the working link" "$(cat "$work/out")"
printf 'language = "ru"\nroles = { "agent" }\n' >"$b/book.lua"
LANGUAGE= lint "$b"
grep -q "^general.md:5:5: error: ссылка на «roles/agent.md#greting»: в roles/agent.md нет заголовка с идентификатором «greting»" "$work/out" &&
	grep -q "^roles/agent.md:7:5: error: ссылка на «terms.md#custmer»: файла roles/terms.md нет; путь ссылки отсчитывается от папки её файла" "$work/out" &&
	grep -q "подсказка: может быть, «../terms.md#customer»?" "$work/out" &&
	ok "broken-link: the same in a Russian book" || not_ok "broken-link: the same in a Russian book" "$(cat "$work/out")"
b=$(base link-good)
printf '\nSee [the greeting](roles/agent.md#greeting), [terms](terms.md) and [web](https://example.com/x.md).\n' >>"$b/general.md"
printf '\nSee [general](../general.md) and [us](#greeting).\n' >>"$b/roles/agent.md"
clean "broken-link: links to files, anchors and the web" "$b" broken-link

# --- unused-term ---
b=$(base unused-bad)
printf '\n## Queue {#queue}\n\nCustomers waiting.\n' >>"$b/terms.md"
expect "unused-term: a term nobody refers to" "$b" unused-term terms.md 7
b=$(base unused-good)
sed -i 's/\[\[customer\]\] and/customer and/' "$b/general.md"
sed -i 's/\[\[customer\]\]/customer/' "$b/roles/agent.md"
clean "unused-term: a term used only through its aka" "$b" unused-term

# --- unknown-attribute ---
b=$(base attr-bad)
sed -i 's/{#greeting stage=first-call}/{#greeting stage=first-call lvl=2}/' "$b/roles/agent.md"
expect "unknown-attribute: lvl= on a role section" "$b" unknown-attribute roles/agent.md 3
b=$(base attr-bad2)
sed -i 's/{#agent level=provider line=1}/{#agent levle=provider line=1}/' "$b/roles/agent.md"
lint "$b"
grep -q 'did you mean level=' "$work/out" && ok "unknown-attribute: did-you-mean a known key" || not_ok "unknown-attribute: did-you-mean a known key" "$(cat "$work/out")"
clean "unknown-attribute: known attributes only" "$(base attr-good)" unknown-attribute
b=$(base attr-level-section)
sed -i 's/{#greeting stage=first-call}/{#greeting stage=first-call line=2}/' "$b/roles/agent.md"
expect "unknown-attribute: line= on a role's section, not its heading" "$b" unknown-attribute roles/agent.md 3

# --- bad-attribute: a block the parser cannot read is said, not dropped ---
b=$(base attr-broken)
sed -i 's/{#first-call owner=agent}/{#first-call owner=agent/' "$b/journey.md"
expect "bad-attribute: an attribute block without its closing brace" "$b" bad-attribute journey.md 3
b=$(base attr-spaced)
sed -i 's/{#uniform roles="agent"}/{#uniform roles = "agent"}/' "$b/appearance.md"
clean "bad-attribute: spaces around = in an attribute block are read as meant" "$b" bad-attribute
b=$(base attr-fault-col)
sed -i 's/{#first-call owner=agent}/{#first-call owner agent}/' "$b/journey.md"
lint "$b"
n_bad=$(grep -c '\[bad-attribute\]$' "$work/out")
if [ "$n_bad" = 1 ] && grep -q '^journey.md:3:[0-9]*: warning: bad attribute block: a key without =value' "$work/out" &&
	col=$(grep -o '^journey.md:3:[0-9]*: warning: bad attr' "$work/out" | cut -d: -f3) &&
	[ "$(sed -n 3p "$b/journey.md" | cut -c"$col"-)" = "owner agent}" ] && ! grep -q 'first-call-owner' "$work/out"; then
	ok "bad-attribute: one warning at the fault's column, no id made from the block's text"
else
	not_ok "bad-attribute: one warning at the fault's column, no id made from the block's text" "$(cat "$work/out")"
fi
b=$(base attr-braces)
sed -i 's/^## Uniform {#uniform/## Uniform {a plain aside} {#uniform/' "$b/appearance.md"
clean "bad-attribute: braces in a heading's text are text" "$b" bad-attribute

# --- lemmas: homographs of one stem, forms the stems miss (#21) ---
b="$work/lemmas"
rm -rf "$b" && mkdir -p "$b"
printf 'title = "Т"\nlanguage = "ru"\n' >"$b/book.lua"
printf '# Термины\n\n## Визит {#visit}\n\nПриход.\n\n## Виза {#visa}\n\nДокумент.\n\n## Запись на приём {#booking aka="запись"}\n\nВремя.\n' >"$b/terms.md"
printf '# Общие положения\n\nО [[визитом]], [[визы]], [[визой]], [[записи]], [[записью]], [[записей]].\n' >"$b/general.md"
clean "lemmas: визит and виза are two terms, [[записи]] finds запись" "$b" ambiguous-reference
printf '\n## Визы {#visas}\n\nМного.\n' >>"$b/terms.md"
expect "duplicate-term: визы is виза (not визит, of the same stem)" "$b" duplicate-term terms.md 15
grep -q "term 'Визы' is already defined as 'Виза'" "$work/out" && ok "duplicate-term: names the right one of two terms with one stem" || not_ok "duplicate-term: names the right one of two terms with one stem" "$(cat "$work/out")"

# --- role-case: [[@id]] where the sentence needs another case (#21) ---
b="$work/role-case"
rm -rf "$b" && mkdir -p "$b/roles"
printf 'title = "Т"\nlanguage = "ru"\n' >"$b/book.lua"
printf '# Руководитель смены {#shift-manager level=management}\n\n## Решение\n\n[[@shift-manager]] решает спор. Он обязан ответить.\n' >"$b/roles/shift-manager.md"
printf '# Общие положения\n\nСпор решает [[@shift-manager]]; [[@shift-manager]] отвечает, а к\n[[руководителю смены]] идут с жалобой.\n' >"$b/general.md"
clean "role-case: [[@id]] as a subject, and the inflected name after «к»" "$b" role-case
printf '\nСообщите [[@shift-manager]] о жалобе и идите к\n[[@shift-manager]].\n' >>"$b/general.md"
lint "$b"
if grep -q '^general.md:6:10: warning: \[\[@shift-manager\]\] after «сообщите» shows .*dative case \[role-case\]' "$work/out" &&
	grep -q 'hint: write «к \[\[руководителю смены\]\]»: a name in any form finds the role' "$work/out" &&
	[ "$(grep -c '\[role-case\]' "$work/out")" = 2 ]; then
	ok "role-case: after «сообщите» and after «к» at the end of the line before, with the form to write"
else
	not_ok "role-case: after «сообщите» and after «к» at the end of the line before, with the form to write" "$(cat "$work/out")"
fi

# --- spelling: Hunspell on the prose, not on code or references (#21) ---
b="$work/spelling"
rm -rf "$b" && mkdir -p "$b"
printf 'title = "Т"\nlanguage = "ru"\n' >"$b/book.lua"
printf '# Термины\n\n## Чекаут {#checkout}\n\nВыезд.\n' >"$b/terms.md"
printf '# Общие положения\n\nОператор приветствует клиента и называет CRM, `клинету` и [[чекаутом]].\n\nЧекаута ждут, мерчендайзер тоже.\n' >"$b/general.md"
printf 'мерчендайзер клиент\n' >"$b/dictionary.txt"
clean "spelling: code, references, acronyms, terms in any form and dictionary.txt words pass" "$b" spelling
printf '\nОператор звонит клинету.\n' >>"$b/general.md"
expect "spelling: a typo in the prose" "$b" spelling general.md 7
grep -q "unknown word 'клинету'" "$work/out" && grep -q 'did you mean.*клиенту' "$work/out" &&
	ok "spelling: the dictionary's suggestion is the hint" || not_ok "spelling: the dictionary's suggestion is the hint" "$(cat "$work/out")"
"$bin" build "$b" -o "$work/spelling-out" >/dev/null 2>"$work/build.err"
grep -q '\[spelling\]' "$work/build.err" && not_ok "spelling: svcbook build leaves it to lint" "$(cat "$work/build.err")" ||
	ok "spelling: svcbook build leaves it to lint"

# --- spelling: a word is a whole Unicode word, as Vale and codespell read
# it: accented Latin letters and ’ inside an English word (naïve, isn’t) do
# not split it into fragments ('na', 'isn') that are then "misspelt";
# en_US spells loanwords without their accents (cafe): those pass too.
# Russian: ё, stress marks and hyphens inside a word ---
b=$(base spelling-unicode-en)
printf '\nThe naïve client visits the café with Zoë, Chloé and Renée for a résumé.\n' >>"$b/general.md"
printf '\nIt isn’t fair, it doesn’t help, we’ve seen, I’m here, they couldn’t wait for the client’s dog.\n' >>"$b/general.md"
clean "spelling (en): naïve, café, Zoë and isn’t are whole words the dictionary knows" "$b" spelling
printf '\nThe colour of the uniform.\n' >>"$b/general.md"
lint "$b"
[ "$(grep -c '\[spelling\]' "$work/out")" = 1 ] && grep -q "^general.md:9:5: warning: unknown word 'colour' \[spelling\]" "$work/out" &&
	ok "spelling (en): an unknown word is reported whole, not in fragments" ||
	not_ok "spelling (en): an unknown word is reported whole, not in fragments" "$(cat "$work/out")"
# --- spelling in British English: language = "en-GB" spells with en_GB
# (hunspell-en-gb), so colour and centre pass there and not in "en" ---
b=$(base spelling-en-gb)
printf 'roles = { "agent" }\nlanguage = "en-GB"\n' >"$b/book.lua"
printf '\nThe colour of the uniform, the centre of the counter: we organise both.\n' >>"$b/general.md"
clean "spelling (en-GB): colour, centre and organise are British English" "$b" spelling
printf 'roles = { "agent" }\nlanguage = "en"\n' >"$b/book.lua"
lint "$b"
[ "$(grep -c '\[spelling\]' "$work/out")" = 3 ] && grep -q "unknown word 'centre' \[spelling\]" "$work/out" &&
	ok "spelling (en): colour, centre and organise are not American English" ||
	not_ok "spelling (en): colour, centre and organise are not American English" "$(cat "$work/out")"
printf 'roles = { "agent" }\nlanguage = "en-GB"\n' >"$b/book.lua"
printf '\nThe color of the uniform.\n' >>"$b/general.md"
lint "$b"
grep -q "unknown word 'color' \[spelling\]" "$work/out" &&
	ok "spelling (en-GB): color is not British English" ||
	not_ok "spelling (en-GB): color is not British English" "$(cat "$work/out")"
printf 'roles = { "agent" }\nlanguage = "en-AU"\n' >"$b/book.lua"
lint "$b"
grep -q 'book.lua:2:1: error: language must be "ru", "en", "en-GB" or "en-US", not "en-AU" \[bad-config\]' "$work/out" &&
	ok "bad-config: a language tag svcbook has no dictionary for" ||
	not_ok "bad-config: a language tag svcbook has no dictionary for" "$(cat "$work/out")"
b="$work/spelling-unicode-ru"
rm -rf "$b" && mkdir -p "$b"
printf 'title = "Т"\nlanguage = "ru"\n' >"$b/book.lua"
printf '# Общие положения\n\nЕщё всё решено: кто-то принёс ёлку, за́мок закрыт, а naïve и café здесь латиница.\n' >"$b/general.md"
clean "spelling (ru): ё, a stress mark and a hyphen inside a word; Latin words unchecked" "$b" spelling

# --- spelling --fix: a suggestion is a hint, never a rewrite of the text
# (behaviour's only suggestion is behavior, recievs's is recipes, colour's
# first "co lour"); the one certain fix is a capital (monday -> Monday) ---
b=$(base spelling-fix-en)
printf '\nThe colour and behaviour of the naïve café staff on monday: it isn’t late, the client recieves and recievs.\n' >>"$b/general.md"
cp "$b/general.md" "$work/spelling-fix-en.md"
lint "$b" --fix
why="rc=$rc $(cat "$work/out") $(tail -1 "$b/general.md")"
sed 's/on monday/on Monday/' "$work/spelling-fix-en.md" | cmp -s - "$b/general.md" &&
	grep -q '^svcbook: fixed 1 finding in 1 file$' "$work/out" && grep -q "unknown word 'recievs'" "$work/out" &&
	grep -q 'did you mean recipes?' "$work/out" &&
	ok "spelling --fix (en): only monday -> Monday; colour, behaviour and the typos left with their hints" ||
	not_ok "spelling --fix (en): only monday -> Monday; colour, behaviour and the typos left with their hints" "$why"
b="$work/spelling-fix-ru"
rm -rf "$b" && mkdir -p "$b"
printf 'title = "Т"\nlanguage = "ru"\n' >"$b/book.lua"
printf '# Общие положения\n\nЕщё кто-то из москва принёс ёлку и звонит клинету.\n' >"$b/general.md"
lint "$b" --fix
why="rc=$rc $(cat "$work/out") $(tail -1 "$b/general.md")"
[ "$(tail -1 "$b/general.md")" = 'Ещё кто-то из Москва принёс ёлку и звонит клинету.' ] &&
	grep -q "клинету" "$work/out" &&
	ok "spelling --fix (ru): москва -> Москва; ё, кто-то and клинету (клиенту? клинкету?) as written" ||
	not_ok "spelling --fix (ru): москва -> Москва; ё, кто-то and клинету (клиенту? клинкету?) as written" "$why"

# --- spelling: the words past the first five get no suggestion, and their
# hint says so plainly; "add it if it is right" alone read as if a plain
# typo might be right. In the book's language ---
b=$(base spelling-unasked)
printf '\nThe agent finds xqzvvk, custmer, apointment, wating, clent and then recieves.\n' >>"$b/general.md"
lint "$b"
grep -A3 "unknown word 'xqzvvk'" "$work/out" | grep -q 'hint: the dictionary knows no word like it: fix the typo' &&
	grep -A3 "unknown word 'recieves'" "$work/out" | grep -q 'hint: no suggestion looked up: lint asks the dictionary only about the first 5 unknown words' &&
	ok "spelling: the sixth word's hint says no suggestion was looked up, and why" ||
	not_ok "spelling: the sixth word's hint says no suggestion was looked up, and why" "$(cat "$work/out")"
b="$work/spelling-unasked-ru"
rm -rf "$b" && mkdir -p "$b"
printf 'title = "Т"\nlanguage = "ru"\n' >"$b/book.lua"
printf '# Общие положения\n\nОператор звонит клинету, клиетну, клентуу, клиентаа, килента и клеинтам.\n' >"$b/general.md"
LANGUAGE= lint "$b"
grep -A3 "«клеинтам»" "$work/out" | grep -q 'подсказка: подсказки не искали: lint спрашивает словарь только о первых 5' &&
	ok "spelling (ru): the same in Russian" || not_ok "spelling (ru): the same in Russian" "$(cat "$work/out")"

# --- spelling = "off" in book.lua: the rule does not run, so neither the
# dictionary loads nor the scan starts. The dictionary here is a FIFO: a
# lint that opens it waits for a writer that never comes ---
b=$(base spelling-off)
printf '\nThe agent calls the custmer.\n' >>"$b/general.md"
printf 'roles = { "agent" }\nrules = { spelling = "off" }\n' >"$b/book.lua"
mkdir -p "$work/fifo-dict" && mkfifo "$work/fifo-dict/en_US.dic" "$work/fifo-dict/en_US.aff" "$work/fifo-dict/ru_RU.dic" "$work/fifo-dict/ru_RU.aff"
SVCBOOK_HUNSPELL_DIR="$work/fifo-dict" timeout 60 "$bin" lint "$b" --no-color >"$work/out" 2>&1
rc=$?
[ "$rc" = 0 ] && ! grep -q 'custmer\|\[spelling\]' "$work/out" &&
	ok "spelling off: no finding, and no dictionary opened" || not_ok "spelling off: no finding, and no dictionary opened" "exit $rc: $(cat "$work/out")"
printf 'roles = { "agent" }\n' >"$b/book.lua"
SVCBOOK_HUNSPELL_DIR="$work/fifo-dict" timeout 2 "$bin" lint "$b" --no-color >"$work/out" 2>&1
rc=$?
[ "$rc" = 124 ] && ok "spelling on: the FIFO dictionary holds lint up (what the test above relies on)" ||
	not_ok "spelling on: the FIFO dictionary holds lint up (what the test above relies on)" "exit $rc: $(cat "$work/out")"

# --- bad-id: a role file whose name is not an id ---
b=$(base file-id)
mv "$b/roles/agent.md" "$b/roles/Agent Desk.md"
sed -i 's/{#agent level=provider line=1}/{level=provider line=1}/' "$b/roles/Agent Desk.md"
expect "bad-id: a role file name that is not an id says the id it gives" "$b" bad-id "roles/Agent Desk.md" 1
grep -q "the role's id is 'agent-desk'" "$work/out" && ok "bad-id: names the derived role id" || not_ok "bad-id: names the derived role id" "$(cat "$work/out")"

# --- book.lua: what is wrong in it, with its line ---
b=$(base config-lines)
printf 'roles = { "agent" }\nlanguage = "fr"\n  titel = "x"\norganization = 5\n' >"$b/book.lua"
lint "$b"
if grep -q '^book.lua:2:1: error: language must be "ru", "en", "en-GB" or "en-US"' "$work/out" &&
	grep -q "^book.lua:3:3: warning: unknown setting 'titel'" "$work/out" && grep -q 'hint: did you mean title?' "$work/out" &&
	grep -q "^book.lua:4:1: error: 'organization' must be a string" "$work/out"; then
	ok "book.lua: a wrong value or an unknown key has its line, a typo its did-you-mean"
else
	not_ok "book.lua: a wrong value or an unknown key has its line, a typo its did-you-mean" "$(cat "$work/out")"
fi

# --- unknown-stage ---
b=$(base stage-bad)
sed -i 's/{#greeting stage=first-call}/{#greeting stage=frist-call}/' "$b/roles/agent.md"
expect "unknown-stage: stage= names no stage" "$b" unknown-stage roles/agent.md 3
grep -q 'did you mean stage=first-call' "$work/out" && ok "unknown-stage: did-you-mean a stage" || not_ok "unknown-stage: did-you-mean a stage" "$(cat "$work/out")"
clean "unknown-stage: every stage= names a stage" "$(base stage-good)" unknown-stage

# --- document control (FORMAT.md 9): bad-date, review-overdue, owner= ---
b=$(base date-bad)
printf 'roles = { "agent" }\napproved_by = "CEO"\napproved = "2026-02-30"\neffective = "01.04.2026"\n' >"$b/book.lua"
expect "bad-date: approved = 2026-02-30 is no day" "$b" bad-date book.lua 3
expect "bad-date: effective = 01.04.2026 is not ISO" "$b" bad-date book.lua 4
b=$(base date-order)
printf 'roles = { "agent" }\napproved = "2026-03-15"\neffective = "2026-03-01"\n' >"$b/book.lua"
expect "bad-date: a book in effect before its approval" "$b" bad-date book.lua 3
b=$(base date-good)
printf 'roles = { "agent" }\nowner = "agent"\napproved_by = "CEO"\napproved = "2024-02-29"\neffective = "2024-03-01"\nreview_every = 24\n' >"$b/book.lua"
export SOURCE_DATE_EPOCH=1740700800 # 2025-02-28: the review is due on 2026-02-28
clean "bad-date, review-overdue: real dates, review not yet due" "$b" bad-date
export SOURCE_DATE_EPOCH=1772409600 # 2026-03-02
expect "review-overdue: approved + 24 months is before SOURCE_DATE_EPOCH's day" "$b" review-overdue book.lua 4
grep -q 'due for review on 2026-02-28' "$work/out" && ok "review-overdue: says when the review was due" || not_ok "review-overdue: says when the review was due" "$(cat "$work/out")"
unset SOURCE_DATE_EPOCH
printf 'roles = { "agent" }\nreview_every = "yearly"\n' >"$b/book.lua"
lint "$b"
grep -q "^book.lua:2:1: error: review_every must be a whole number of months" "$work/out" && ok "book.lua: review_every must be a number of months" || not_ok "book.lua: review_every must be a number of months" "$(cat "$work/out")"
printf 'roles = { "agent" }\neffective_date = "2026-04-01"\napprover = "CEO"\n' >"$b/book.lua"
lint "$b"
if grep -q "unknown setting 'effective_date'" "$work/out" && grep -q 'hint: did you mean effective?' "$work/out" &&
	grep -q 'hint: did you mean approved?' "$work/out"; then
	ok "book.lua: effective_date and approver get their did-you-mean"
else
	not_ok "book.lua: effective_date and approver get their did-you-mean" "$(cat "$work/out")"
fi
b=$(base owner-bad)
sed -i 's/{#agent level=provider line=1}/{#agent level=provider line=1 owner=managr}/' "$b/roles/agent.md"
expect "missing-role: a role's owner=managr" "$b" missing-role roles/agent.md 1
printf 'roles = { "agent" }\nowner = "agnet"\n' >"$b/book.lua"
sed -i 's/ owner=managr//' "$b/roles/agent.md"
expect "missing-role: book.lua owner = agnet" "$b" missing-role book.lua 2
grep -q "did you mean 'agent'" "$work/out" && ok "missing-role: book.lua owner gets the nearest role" || not_ok "missing-role: book.lua owner gets the nearest role" "$(cat "$work/out")"
b=$(base owner-good)
sed -i 's/{#agent level=provider line=1}/{#agent level=provider line=1 owner=agent}/' "$b/roles/agent.md"
printf 'roles = { "agent" }\nowner = "agent"\n' >"$b/book.lua"
clean "missing-role: owner= naming a role is fine, and no unknown-attribute" "$b" missing-role

# --- undeclared-role ---
b=$(base undecl-bad)
printf '# Cashier {#cashier level=provider}\n\n## Payment\n\nAlways take the money from the [[customer]].\n' >"$b/roles/cashier.md"
sed -i 's/roles="agent"/roles=all/' "$b/appearance.md"
expect "undeclared-role: cashier is not in book.lua roles" "$b" undeclared-role roles/cashier.md 1
rm "$b/book.lua"
clean "undeclared-role: no staff list, no warning" "$b" undeclared-role
b=$(base undecl-dup)
printf '# Agent too {#agent level=provider}\n\n## Payment\n\nTake the money.\n' >"$b/roles/agent2.md"
lint "$b"
if grep -q '\[duplicate-id\]' "$work/out" && ! grep -q '\[undeclared-role\]' "$work/out"; then
	ok "undeclared-role: a listed id used twice is duplicate-id's, not a role to list as agent-2"
else
	not_ok "undeclared-role: a listed id used twice is duplicate-id's, not a role to list as agent-2" "$(cat "$work/out")"
fi

# --- suppression, severities, selection, exit codes ---
b=$(base sup)
printf '\n<!-- svcbook-disable-next-line undefined-term -->\nAsk the [[custmer]].\n\nAnd the [[nobody]].\n' >>"$b/general.md"
lint "$b"
if grep -q 'custmer' "$work/out"; then not_ok "disable-next-line silences the next line" "$(cat "$work/out")"
elif ! grep -q 'general.md:8:.*nobody' "$work/out"; then not_ok "disable-next-line silences only the next line" "$(cat "$work/out")"
else ok "disable-next-line silences the next line only"; fi
printf '\n<!-- svcbook-disable undefined-term -->\n\n[[again-nothing]] [[nor-this]]\n' >>"$b/general.md"
sed -i '1a <!-- svcbook-disable unused-term -->' "$b/general.md"
printf '\n## Queue {#queue}\n\nText.\n' >>"$b/terms.md"
lint "$b"
if grep -q 'again-nothing\|nor-this' "$work/out"; then not_ok "disable silences the rest of the file" "$(cat "$work/out")"
elif ! grep -q 'nobody' "$work/out"; then not_ok "disable does not reach back" "$(cat "$work/out")"
elif ! grep -q 'terms.md:.*\[unused-term\]' "$work/out"; then not_ok "disable is per file" "$(cat "$work/out")"
else ok "disable silences the rest of that file only"; fi
b=$(base sev)
printf '\n## Queue {#queue}\n\nText.\n' >>"$b/terms.md"
lint "$b"
[ $rc -eq 0 ] && grep -q 'warning: .*\[unused-term\]' "$work/out" && ok "a warning alone exits 0" || not_ok "a warning alone exits 0" "rc=$rc $(cat "$work/out")"
lint "$b" --werror
[ $rc -eq 1 ] && ok "--werror: a warning exits 1" || not_ok "--werror: a warning exits 1" "rc=$rc"
printf 'roles = { "agent" }\nrules = { ["unused-term"] = "error" }\n' >"$b/book.lua"
lint "$b"
[ $rc -eq 1 ] && grep -q 'error: .*\[unused-term\]' "$work/out" && ok "book.lua rules raises a severity" || not_ok "book.lua rules raises a severity" "rc=$rc $(cat "$work/out")"
printf 'roles = { "agent" }\nrules = { ["unused-term"] = "off" }\n' >"$b/book.lua"
lint "$b"
[ $rc -eq 0 ] && [ ! -s "$work/out" ] && ok "book.lua rules turns a rule off" || not_ok "book.lua rules turns a rule off" "rc=$rc $(cat "$work/out")"
printf 'roles = { "agent" }\nrules = { ["unused-trem"] = "off" }\n' >"$b/book.lua"
lint "$b"
grep -q "book.lua:2:.*no rule has the id 'unused-trem'" "$work/out" && ok "book.lua rules: an unknown rule id is reported" || not_ok "book.lua rules: an unknown rule id is reported" "$(cat "$work/out")"
grep -q "hint: did you mean 'unused-term'?" "$work/out" && ok "book.lua rules: an unknown rule id's nearest is suggested" || not_ok "book.lua rules: an unknown rule id's nearest is suggested" "$(cat "$work/out")"
# svcbook's own checks (src/diagid.h) are configured as rules are
printf 'roles = { "agent" }\nrules = { ["missing-file"] = "error", ["bad-encodng"] = "off" }\n' >"$b/book.lua"
printf '\nSee [the form](form.pdf).\n' >>"$b/terms.md"
lint "$b"
grep -q "error: .*\\[missing-file\\]" "$work/out" && ! grep -q "no rule has the id 'missing-file'" "$work/out" \
	&& grep -q "hint: did you mean 'bad-encoding'?" "$work/out" \
	&& ok "book.lua rules: a check's severity is set; a misspelt check is suggested" \
	|| not_ok "book.lua rules: a check's severity is set; a misspelt check is suggested" "$(cat "$work/out")"
b=$(base sel)
printf '\n## Queue {#queue}\n\nText [[nothing-here]].\n' >>"$b/terms.md"
lint "$b" --rule unused-term
if grep -q 'undefined-term' "$work/out" || ! grep -q 'unused-term' "$work/out"; then not_ok "--rule runs only that rule" "$(cat "$work/out")"; else ok "--rule runs only that rule"; fi
lint "$b" --rule no-such-rule
[ $rc -eq 2 ] && ok "--rule with an unknown id exits 2" || not_ok "--rule with an unknown id exits 2" "rc=$rc"
lint "$b" --format xml
[ $rc -eq 2 ] && ok "an unknown format exits 2" || not_ok "an unknown format exits 2" "rc=$rc"
(timeout 20 "$bin" lint "$work/no-such-book" >/dev/null 2>&1); r=$?
[ $r -eq 2 ] && ok "a missing book folder exits 2" || not_ok "a missing book folder exits 2" "rc=$r"
lint "$b"
[ $rc -eq 1 ] && ok "errors exit 1" || not_ok "errors exit 1" "rc=$rc"
grep -Eq '^terms.md:9:6: error: undefined reference \[\[nothing-here\]\]' "$work/out" && sed -n '2,3p' "$work/out" | grep -q '^    \^\|^     *\^' \
	&& ok "text: file:line:col, source line and caret" || not_ok "text: file:line:col, source line and caret" "$(cat "$work/out")"
(cd "$work" && timeout 20 "$bin" lint sel --no-color 2>&1 >/dev/null) | grep -q '^sel/terms.md:9:6: ' \
	&& ok "text: paths relative to the current directory" || not_ok "text: paths relative to the current directory"

# build prints the same diagnostics as lint
(timeout 20 "$bin" build "$b" -o "$work/out-build" --no-color 2>&1 >/dev/null) | grep '^[^ ]' | sort >"$work/build.txt"
(timeout 20 "$bin" lint "$b" --no-color 2>&1 >/dev/null) | grep '^[^ ]' | sort >"$work/lint.txt"
if [ -s "$work/lint.txt" ] && cmp -s "$work/build.txt" "$work/lint.txt"; then ok "build prints the same diagnostics as lint"
else not_ok "build prints the same diagnostics as lint" "$(diff "$work/build.txt" "$work/lint.txt" | head -10)"; fi

# --- output formats ---
b=$(base fmt)
cat >>"$b/general.md" <<'EOF'

Приветствуем [[клиентку]] — «вежливо». 😀 [[смайл]]
EOF
printf '\n## Queue {#queue}\n\nText.\n' >>"$b/terms.md"
(cd "$work" && timeout 20 "$bin" lint fmt --format json >"$work/out.json" 2>"$work/err"); r=$?
if [ $r -eq 1 ] && node -e '
const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const f = d.diagnostics.find(x => x.rule === "undefined-term" && x.message.includes("клиентку"));
if (d.version !== 1 || !f || f.file !== "fmt/general.md" || f.line !== 5 || f.column !== 14 || f.severity !== "error" || !("hint" in f)) process.exit(1);
if (d.summary.errors < 2 || d.summary.warnings < 1) process.exit(1);
' "$work/out.json"; then ok "json: fields, paths, character columns, summary"
else not_ok "json: fields, paths, character columns, summary" "rc=$r $(head -c 800 "$work/out.json")"; fi

# SARIF: valid, UTF-16 columns, stable fingerprints, rule metadata
mkdir -p "$work/repo/books" && git -C "$work/repo" init -q 2>/dev/null || mkdir -p "$work/repo/.git"
cp -r "$b" "$work/repo/books/fmt"
(cd "$work/repo/books" && timeout 20 "$bin" lint fmt --format sarif >"$work/out.sarif" 2>"$work/err"); r=$?
validator=${SARIF_MULTITOOL:-}
if [ -z "$validator" ] && [ -x "$root/node_modules/.bin/sarif-multitool" ]; then validator="$root/node_modules/.bin/sarif-multitool"; fi
if [ -z "$validator" ]; then validator="npx --no-install sarif-multitool"; fi
$validator validate "$work/out.sarif" >"$work/validate.txt" 2>&1
# Errors and warnings fail (informationUri and helpUri point to docs/).
if grep -q 'Analysis completed successfully' "$work/validate.txt" && ! grep -Eq ': error ' "$work/validate.txt" \
	&& ! grep -Eq ': warning ' "$work/validate.txt"; then
	ok "sarif: sarif-multitool validate reports no error"
else
	not_ok "sarif: sarif-multitool validate reports no error" "$(grep -E 'error|warning' "$work/validate.txt" | head -5)"
fi
# the same validator must fail a broken file (the test can fail)
sed 's/"startLine": /"startLine": -/' "$work/out.sarif" >"$work/bad.sarif"
$validator validate "$work/bad.sarif" >"$work/validate-bad.txt" 2>&1
grep -q ': error ' "$work/validate-bad.txt" && ok "sarif: the validator does catch a broken file" || not_ok "sarif: the validator does catch a broken file" "$(tail -3 "$work/validate-bad.txt")"
if node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const run = s.runs[0];
if (s.version !== "2.1.0" || run.columnKind !== "utf16CodeUnits") process.exit(1);
for (const r of run.tool.driver.rules) if (!r.id || !r.shortDescription || !r.fullDescription || !r.help) process.exit(2);
const find = t => run.results.find(x => x.message.text.includes(t));
const a = find("клиентку"), e = find("смайл");
const loc = x => x.locations[0].physicalLocation;
if (loc(a).artifactLocation.uri !== "books/fmt/general.md") process.exit(3);
// "Приветствуем " is 13 UTF-16 units (25 bytes): [[ at unit 14
if (loc(a).region.startLine !== 5 || loc(a).region.startColumn !== 14) process.exit(4);
// "«вежливо». 😀 ": the emoji is 2 UTF-16 units (4 bytes): [[ at unit 43, byte 76
if (loc(e).region.startColumn !== 43) process.exit(5);
for (const x of run.results) if (!x.partialFingerprints || run.tool.driver.rules[x.ruleIndex].id !== x.ruleId) process.exit(6);
' "$work/out.sarif"; then ok "sarif: rule metadata, repository-relative uri, UTF-16 columns"
else not_ok "sarif: rule metadata, repository-relative uri, UTF-16 columns" "exit $? $(head -c 300 "$work/out.sarif")"; fi
fp() { node -e 'const s=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));for(const x of s.runs[0].results)console.log(x.ruleId, JSON.stringify(x.partialFingerprints))' "$1" | sort; }
fp "$work/out.sarif" >"$work/fp1"
sed -i '1a \\nA new paragraph moves every line down.' "$work/repo/books/fmt/general.md"
(cd "$work/repo/books" && timeout 20 "$bin" lint fmt --format sarif >"$work/out2.sarif" 2>/dev/null)
fp "$work/out2.sarif" >"$work/fp2"
if [ -s "$work/fp1" ] && cmp -s "$work/fp1" "$work/fp2"; then ok "sarif: fingerprints stable across runs and line moves"
else not_ok "sarif: fingerprints stable across runs and line moves" "$(diff "$work/fp1" "$work/fp2" | head -5)"; fi

# GitHub annotations
b=$(base gh)
mkdir -p "$b/rules"
cat >"$b/rules/say.lua" <<'EOF'
return {
	id = "say", severity = "warning", description = "says things",
	check = function(book, report)
		report({ file = "general.md", line = 3, col = 1 }, "50% done\r\nnext: a, b")
	end,
}
EOF
printf '\nAsk the [[custmer]].\n\n## Queue\n' >>"$b/general.md"
printf '\n## Queue {#queue}\n\nText.\n' >>"$b/terms.md"
(cd "$b" && GITHUB_STEP_SUMMARY="$work/summary.md" timeout 20 "$bin" lint . --format github --changed-lines terms.md:7 >"$work/gh.txt" 2>"$work/err"); r=$?
grep -qx '::warning file=general.md,line=3,col=1,title=say::50%25 done%0D%0Anext: a, b' "$work/gh.txt" \
	&& ok "github: % CR LF escaped in the message" || not_ok "github: % CR LF escaped in the message" "$(cat "$work/gh.txt")"
grep -Eq '^::error file=general.md,line=5,col=9,title=undefined-term::undefined reference \[\[custmer\]\].*%0Adid you mean' "$work/gh.txt" \
	&& ok "github: ::error file=,line=,col=,title=RULE::message" || not_ok "github: ::error file=,line=,col=,title=RULE::message" "$(cat "$work/gh.txt")"
head -1 "$work/gh.txt" | grep -q '^::warning file=terms.md,line=7,' && ok "github: findings on changed lines come first" || not_ok "github: findings on changed lines come first" "$(cat "$work/gh.txt")"
grep -q '| error | general.md:5 | undefined-term |' "$work/summary.md" 2>/dev/null && [ $r -eq 1 ] \
	&& ok "github: Markdown step summary written to GITHUB_STEP_SUMMARY" || not_ok "github: Markdown step summary written to GITHUB_STEP_SUMMARY" "rc=$r $(cat "$work/summary.md" 2>&1)"
mkdir -p "$b/a:b,c"
cp -r "$b"/*.md "$b/roles" "$b/book.lua" "$b/a:b,c/"
(cd "$b" && timeout 20 "$bin" lint "a:b,c" --format github 2>/dev/null) | grep -q '^::error file=a%3Ab%2Cc/general.md,' \
	&& ok "github: : and , escaped in properties" || not_ok "github: : and , escaped in properties"
printf -- '--- a/general.md\n+++ b/general.md\n@@ -4,0 +5,1 @@\n+Ask the [[custmer]].\n' >"$work/pr.diff"
(cd "$b" && timeout 20 "$bin" lint . --format github --diff "$work/pr.diff" 2>/dev/null) | head -1 | grep -q 'line=5,col=9,title=undefined-term' \
	&& ok "github: --diff puts the diff's lines first" || not_ok "github: --diff puts the diff's lines first"

# GitLab Code Quality
(cd "$b" && timeout 20 "$bin" lint . --format gitlab >"$work/gl.json" 2>/dev/null)
if node -e '
const a = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
if (!Array.isArray(a) || a.length < 3) process.exit(1);
const fps = new Set();
for (const i of a) {
	if (i.type !== "issue" || typeof i.description !== "string" || !i.check_name || !/^[0-9a-f]{20,}$/.test(i.fingerprint)) process.exit(2);
	if (!["info","minor","major","critical","blocker"].includes(i.severity) || !i.location.path || !(i.location.lines.begin >= 1)) process.exit(3);
	fps.add(i.fingerprint);
}
if (fps.size !== a.length) process.exit(4);
const u = a.find(i => i.check_name === "undefined-term");
if (!u || u.severity !== "major" || u.location.path !== "general.md" || u.location.lines.begin !== 5) process.exit(5);
' "$work/gl.json"; then ok "gitlab: Code Quality issues with unique fingerprints"
else not_ok "gitlab: Code Quality issues with unique fingerprints" "exit $? $(head -c 500 "$work/gl.json")"; fi

# --- a book's own rule (the worked example of docs/rules.md) ---
b=$(base custom)
mkdir -p "$b/rules"
sed -n '/^<!-- example: rules\/no-todo.lua -->/,/^```$/p' "$root/docs/rules.md" | sed '1,2d;$d' >"$b/rules/no-todo.lua"
printf '\n## Refunds\n\nTODO: write the refund procedure.\n' >>"$b/roles/agent.md"
expect "custom rule: rules/no-todo.lua from docs/rules.md reports" "$b" no-todo roles/agent.md 7
grep -q 'hint: ' "$work/out" && ok "custom rule: its hint is shown" || not_ok "custom rule: its hint is shown" "$(cat "$work/out")"
(cd "$b" && timeout 20 "$bin" lint . --list-rules) | grep -q "^no-todo .*this book's rule" && ok "custom rule: --list-rules shows it" || not_ok "custom rule: --list-rules shows it"
(cd "$b" && timeout 20 "$bin" lint . --list-rules) >"$work/list"
if grep -q '^missing-file .*(always checked)$' "$work/list" && grep -q '^bad-encoding .*(always checked)$' "$work/list" &&
	grep -q '^unknown-stage  *error ' "$work/list"; then
	ok "--list-rules lists the checks that are not Lua rules too"
else
	not_ok "--list-rules lists the checks that are not Lua rules too" "$(cat "$work/list")"
fi
cat >"$b/rules/tamper.lua" <<'EOF'
return {
	id = "tamper", severity = "error", description = "tries to change the view",
	check = function(book, report)
		book.terms[1].name = "changed"
	end,
}
EOF
lint "$b"
grep -q 'rules/tamper.lua:4:.*read-only.*\[tamper\]' "$work/out" && ok "the view is read-only" || not_ok "the view is read-only" "$(cat "$work/out")"

# --- the whole view, field by field ---
# tests/lint/view/view-dump.lua reports every field of every object (through
# pairs, #, identity and read-only checks) of three golden books; the
# expected text was made by the eager view that filled every field up front,
# so the lazy one must show exactly the same book.
for bk in bad-references ru-inflected en-minimal; do
	rm -rf "$work/view/$bk"
	mkdir -p "$work/view"
	cp -r "$root/tests/golden/$bk/book" "$work/view/$bk"
	mkdir -p "$work/view/$bk/rules"
	cp "$here/view/view-dump.lua" "$work/view/$bk/rules/"
	(cd "$work/view" && timeout 20 "$bin" lint --rule view-dump "$bk" 2>"$work/view/$bk.out" >/dev/null)
	if cmp -s "$here/view/$bk.expected" "$work/view/$bk.out"; then
		ok "view: every field of $bk as expected"
	else
		not_ok "view: every field of $bk as expected" "$(diff "$here/view/$bk.expected" "$work/view/$bk.out" | head -20)"
	fi
done

# A field read twice, without pairs() first, is the same value: a table the
# view keeps (children, attrs, id_at, obligations) the same object, the rest
# (worked out again on each read) equal; a key built at run time finds its
# field, a key that names none (a long one too) gives nil.
rm -rf "$work/same" && cp -r "$root/tests/golden/bad-references/book" "$work/same" && mkdir -p "$work/same/rules"
cat >"$work/same/rules/same.lua" <<'EOF'
return {
	id = "same", severity = "note", description = "reads fields twice",
	check = function(book, report)
		local bad, n = 0, 0
		for _, c in ipairs(book.clauses) do
			for _, k in ipairs({ "children", "attrs", "id_at", "obligations", "obligation_count", "text",
				"parent", "id", "written_id", "number", "title", "term", "role", "end_line", "roles" }) do
				local a, b = c[k], c[("x" .. k):sub(2)]
				n = n + 1
				if a ~= b or (k == "children" or k == "attrs") and type(a) ~= "userdata" then bad = bad + 1 end
			end
			if c[string.rep("parent", 8)] ~= nil or c.parents ~= nil or c[1] ~= nil then bad = bad + 1 end
		end
		for _, t in ipairs(book.terms) do
			if t.uses ~= t.uses or t.aka ~= t.aka or t.name ~= t.name then bad = bad + 1 end
		end
		report(nil, "same: " .. n .. " reads, " .. bad .. " differ")
	end,
}
EOF
(cd "$work" && timeout 20 "$bin" lint --rule same same 2>"$work/same.out" >/dev/null)
if grep -Eq 'same: [1-9][0-9]* reads, 0 differ' "$work/same.out"; then
	ok "view: a field read twice is the same value, a table the same object"
else
	not_ok "view: a field read twice is the same value, a table the same object" "$(cat "$work/same.out")"
fi

# book.unresolved: exactly the [[...]] references whose status is not "ok", in order
rm -rf "$work/unres" && cp -r "$root/tests/golden/bad-references/book" "$work/unres" && mkdir -p "$work/unres/rules"
cat >"$work/unres/rules/unres.lua" <<'EOF'
return {
	id = "unres", severity = "note", description = "checks book.unresolved",
	check = function(book, report)
		local want = {}
		for _, r in ipairs(book.refs) do
			if r.status ~= "ok" then want[#want + 1] = r end
		end
		local same = #want == #book.unresolved
		for i, r in ipairs(book.unresolved) do
			same = same and r == want[i]
		end
		report(nil, "unresolved " .. (same and "matches" or "differs") .. ": " .. #book.unresolved)
	end,
}
EOF
(cd "$work" && timeout 20 "$bin" lint --rule unres unres 2>"$work/unres.out" >/dev/null)
if grep -Eq 'unresolved matches: [1-9]' "$work/unres.out"; then
	ok "view: book.unresolved holds the references that did not resolve, in order"
else
	not_ok "view: book.unresolved holds the references that did not resolve, in order" "$(cat "$work/unres.out")"
fi

# clause.obligations: each obligation's fields, reported where its sentence
# starts (FORMAT.md 8); a clause that obliges nothing has an empty array.
b=$(base oblig)
cat >"$b/roles/agent.md" <<'EOF'
# Agent {#agent level=provider line=1}

## Greeting {#greeting stage=first-call}

Say hello. The agent must answer within 2 hours.
You should not argue, and the agent need not know the tariffs.

## Tickets {#tickets}

The agent shall never close a ticket no later than the next business day.

## Rooms {#rooms}

The room must be ready 2 hours before check-in.
EOF
mkdir -p "$b/rules"
cat >"$b/rules/obl.lua" <<'EOF'
return {
	id = "obl", severity = "note", description = "reports clause.obligations",
	check = function(book, report)
		for _, c in ipairs(book.clauses) do
			for _, o in ipairs(c.obligations) do
				local d = o.deadline
				report(o, c.id .. " " .. o.strength .. " " .. tostring(o.negated) .. " " ..
					(d and (d.kind .. " " .. tostring(d.seconds) .. " " .. tostring(d.minutes) .. " " ..
					tostring(d.days) .. " [" .. d.text .. "]") or "-") .. " " .. o.sentence)
			end
			if c.id == "uniform" then report(c, "uniform " .. #c.obligations) end
			if c.obligation_count ~= #c.obligations then
				report(c, "obligation_count " .. tostring(c.obligation_count) .. " for " .. #c.obligations)
			end
		end
	end,
}
EOF
# every rule: the obligations come from the book's table (obligtab.h)
lint "$b"
grep -q 'obligation_count' "$work/out" && not_ok "view: clause.obligation_count is #clause.obligations (the book's table)" "$(grep obligation_count "$work/out")" ||
	ok "view: clause.obligation_count is #clause.obligations (the book's table)"
lint "$b" --rule obl
cat >"$work/obl.want" <<'EOF'
roles/agent.md:5:12: note: greeting must false calendar 7200 120.0 0.083333333333333 [within 2 hours] The agent must answer within 2 hours. [obl]
roles/agent.md:6:1: note: greeting should true - You should not argue, and the agent need not know the tariffs. [obl]
roles/agent.md:10:1: note: tickets must-not true working 28800 480.0 1.0 [no later than the next business day] The agent shall never close a ticket no later than the next business day. [obl]
roles/agent.md:14:1: note: rooms must false before 7200 120.0 0.083333333333333 [2 hours before check-in] The room must be ready 2 hours before check-in. [obl]
appearance.md:3:1: note: uniform 0 [obl]
EOF
grep ': note: ' "$work/out" | sort >"$work/obl.got"
sort "$work/obl.want" | diff - "$work/obl.got" >"$work/obl.diff" && ok "view: clause.obligations gives sentence, strength, negated, deadline and position" ||
	not_ok "view: clause.obligations gives sentence, strength, negated, deadline and position" "$(cat "$work/obl.diff")"

# --- the sandbox: book.lua and rules ---
# sandbox NAME CODE PATTERN: in book.lua and in a rule; within 10 s (the
# issue #22 bound: a wall bound under load, not a speed test), nothing
# run or written, a clear message, the other rules still run.
sandbox() {
	local name=$1 code=$2 pat=$3
	rm -f "$work/pwned"
	b=$(base sb)
	printf '%s\n' "$code" >"$b/book.lua"
	local t0=$(date +%s%N)
	lint "$b"
	local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	if [ $rc -eq 124 ] || [ $ms -gt 10000 ]; then not_ok "book.lua: $name ends within 10 s" "took ${ms} ms"
	elif [ -e "$work/pwned" ]; then not_ok "book.lua: $name runs nothing" "the file was written"
	elif [ $rc -ne 2 ] || ! grep -Eq "^book.lua(:[0-9]+){0,2}: error: Lua (syntax )?error: .*$pat" "$work/out"; then not_ok "book.lua: $name is refused clearly" "rc=$rc $(head -c 400 "$work/out")"
	else ok "book.lua: $name: refused in ${ms} ms, nothing run"; fi
	b=$(base sb)
	mkdir -p "$b/rules"
	printf 'return {\n  id = "evil", severity = "warning", description = "evil",\n  check = function(book, report)\n%s\n  end,\n}\n' "$code" >"$b/rules/evil.lua"
	printf '\n## Queue {#queue}\n\nText.\n' >>"$b/terms.md"
	t0=$(date +%s%N)
	lint "$b"
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	if [ $rc -eq 124 ] || [ $ms -gt 10000 ]; then not_ok "rule: $name ends within 10 s" "took ${ms} ms"
	elif [ -e "$work/pwned" ]; then not_ok "rule: $name runs nothing" "the file was written"
	elif ! grep -Eq "^rules/evil.lua:[0-9]+: error: rule evil failed: .*$pat.*\[evil\]" "$work/out"; then not_ok "rule: $name is an error of the rule with its file and line" "rc=$rc $(head -c 400 "$work/out")"
	elif ! grep -q '\[unused-term\]' "$work/out"; then not_ok "rule: $name: the other rules still run" "$(head -c 400 "$work/out")"
	elif ! grep -q 'hint: rules run in a sandbox' "$work/out"; then not_ok "rule: $name: the hint tells of the sandbox" "$(head -c 400 "$work/out")"
	else ok "rule: $name: an error of the rule in ${ms} ms, nothing run, other rules ran"; fi
}

# A rule's own bug is not the sandbox's doing: the hint does not say it is.
b=$(base rule-bug)
mkdir -p "$b/rules"
printf 'return {\n  id = "buggy", severity = "warning", description = "buggy",\n  check = function(book, report)\n    return book.no_such_table.x\n  end,\n}\n' >"$b/rules/buggy.lua"
lint "$b"
if grep -q '^rules/buggy.lua:4: error: rule buggy failed: .*\[buggy\]' "$work/out" && ! grep -q 'sandbox' "$work/out" &&
	grep -q 'hint: docs/rules.md describes' "$work/out"; then
	ok "rule: a rule's own error points to the rule API, not to the sandbox"
else
	not_ok "rule: a rule's own error points to the rule API, not to the sandbox" "$(head -c 400 "$work/out")"
fi
# A clause's end line and body position: the last line of its own body
# (not the blank lines cmark counts into a list or a setext heading, not its
# sub-clauses), the body's first line and column, nil without a body.
b=$(base positions)
mkdir -p "$b/rules"
cat >"$b/roles/pos.md" <<'EOF'
# Pos

The pos must greet.

## Greeting

  First paragraph.

- one
- two

Setext clause
-------------

### Refunds
The pos must refund.

```
code
```

EOF
cat >"$b/rules/pos.lua" <<'EOF'
return { id = "pos", severity = "note", description = "positions", check = function(book, report)
  for _, c in ipairs(book.clauses) do
    if c.file == "roles/pos.md" then
      report(nil, c.title .. " " .. c.line .. "-" .. c.end_line .. " body " .. tostring(c.body_line) .. ":" .. tostring(c.body_col))
    end
  end
end }
EOF
lint "$b" --rule pos
got=$(sed -n 's/^svcbook: note: \(.*\) \[pos\]$/\1/p' "$work/out" | sort | tr '\n' ';')
if [ "$got" = "Greeting 5-10 body 7:3;Pos 1-3 body 3:1;Refunds 15-20 body 16:1;Setext clause 12-13 body nil:nil;" ]; then
	ok "rule API: clause.end_line, body_line, body_col"
else
	not_ok "rule API: clause.end_line, body_line, body_col" "$got $(head -c 400 "$work/out")"
fi

# --- a rule file's own tests: svcbook lint --test-rules ---
# One run checks the built-in rules' cases, a passing case of the book's
# rules/, a failing one of its rules_path folder (exit 1, the case named),
# then a malformed tests table (exit 2, file:line).
b="$work/rule-tests"
rm -rf "$b"
mkdir -p "$b/rules" "$b/shared"
printf 'rules_path = "shared"\n' >"$b/book.lua"
cat >"$b/rules/no-todo.lua" <<'EOF'
return { id = "no-todo", severity = "warning", description = "TODO",
  check = function(book, report)
    for _, c in ipairs(book.clauses) do
      if c.text:find("TODO", 1, true) then report(c, "clause '" .. c.title .. "' still says TODO") end
    end
  end,
  tests = {
    { name = "a TODO is found", text = "## Refunds\n\nTODO: write it.\n", expect = { "'Refunds' still says TODO" } },
    { name = "a whole book", text = { ["general.md"] = "# General\n\nTODO\n", ["roles/a.md"] = "# A\n\nDone.\n" }, expect = { count = 1 } },
    { text = "## Refunds\n\nThe agent must refund.\n", expect = {} },
  },
}
EOF
cat >"$b/shared/short.lua" <<'EOF'
return { id = "short-title", severity = "note", description = "one-word titles",
  check = function(book, report)
    for _, c in ipairs(book.clauses) do
      if c.depth > 1 and not c.title:find(" ") then report(c, "title '" .. c.title .. "' is one word") end
    end
  end,
  tests = { { name = "a wrong expectation", text = "## Refunds\n\nText.\n", expect = {} } },
}
EOF
(cd "$b" && timeout 20 "$bin" lint --test-rules) >"$work/stdout" 2>"$work/out"
rc=$?
if [ $rc -eq 1 ] && grep -q "^ok [0-9]* - no-todo: a TODO is found (rules/no-todo.lua)$" "$work/stdout" &&
	grep -q "^ok [0-9]* - no-todo: a whole book " "$work/stdout" && grep -q "^ok [0-9]* - no-todo: case 3 " "$work/stdout" &&
	grep -q "^not ok [0-9]* - short-title: a wrong expectation (shared/short.lua)$" "$work/stdout" &&
	grep -q "^#   expected 0 findings, got 1" "$work/stdout" && grep -q "^ok [0-9]* - undefined-term: a misspelt name (lua/rules/undefined-term.lua)$" "$work/stdout" &&
	grep -q "^ok [0-9]* - avoided-term: " "$work/stdout" && grep -q "^ok [0-9]* - no-obligation: " "$work/stdout" && grep -q "^ok [0-9]* - spelling: " "$work/stdout" &&
	[ "$(grep -c '^not ok' "$work/stdout")" = 1 ] && grep -q "^svcbook: [0-9]* rule tests, [0-9]* passed, 1 failed$" "$work/stdout"; then
	ok "--test-rules: built-in, rules/ and rules_path cases run; a failing case is named, exit 1"
else
	not_ok "--test-rules: built-in, rules/ and rules_path cases run; a failing case is named, exit 1" "rc=$rc $(cat "$work/stdout" "$work/out" | head -c 1200)"
fi
sed -i 's/expect = {} } },$/expect = { count = 1 } } },/' "$b/shared/short.lua"
(cd "$b" && timeout 20 "$bin" lint --test-rules) >"$work/stdout" 2>"$work/out"
rc=$?
[ $rc -eq 0 ] && ! grep -q '^not ok' "$work/stdout" && ok "--test-rules: exit 0 when every case passes" ||
	not_ok "--test-rules: exit 0 when every case passes" "rc=$rc $(head -c 800 "$work/stdout")"
printf 'return { id = "bad-tests", severity = "note", description = "x", check = function() end,\n\n  tests = { { text = "x", expect = "none" } } }\n' >"$b/rules/bad.lua"
(cd "$b" && timeout 20 "$bin" lint --test-rules) >"$work/stdout" 2>"$work/out"
rc=$?
[ $rc -eq 2 ] && grep -q '^rules/bad.lua:3: error: rule bad-tests: tests\[1\]: expect must be a table' "$work/out" &&
	ok "--test-rules: a malformed tests table is exit 2 at file:line" ||
	not_ok "--test-rules: a malformed tests table is exit 2 at file:line" "rc=$rc $(head -c 800 "$work/out")"

sandbox "os.execute" "os.execute('touch $work/pwned')" "(nil|os)"
sandbox "io.open" "io.open('$work/pwned', 'w'):write('x')" "(nil|io)"
sandbox "require" "require('os').execute('touch $work/pwned')" "(nil|require)"
sandbox "load of bytecode" "assert(load('\\27Lua\\84\\0', 'x', 'b'))('touch $work/pwned')" "(binary|nil|load)"
sandbox "string.dump" "assert(load(string.dump(function() end)))()" "(nil|dump|binary)"
sandbox "an endless loop" "while true do end" "(budget|limit)"
sandbox "a memory bomb" "local t = {} local s = 'x' while true do s = s .. s t[#t + 1] = s end" "(memory|not enough)"
sandbox "dofile/loadfile" "dofile('/etc/passwd') loadfile('/etc/passwd')" "(nil|dofile)"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

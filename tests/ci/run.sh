#!/usr/bin/env bash
# CI integration tests: what a CI service reads from `svcbook lint` and
# accepts. SARIF with file-less findings passes the SARIF Multitool's GitHub
# rules; columns as editors count them; book.lua severities; --diff and
# --changed-lines as git writes them; suppressions; rule loading messages.
# Prints "ok N - ..." / "not ok N - ..." and "N passed, N failed".
# Few processes, small books: the whole suite runs in a few seconds.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SVCBOOK:-$root/svcbook}
export NO_COLOR=1
# the documentation links of SARIF do not depend on where svcbook is
export SVCBOOK_DOCS_URL=https://docs.example/svcbook/docs/
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0 n=0

ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 20 | sed 's/^/#   /'; return 0; }
# check NAME CMD...: ok when CMD succeeds, else not ok with $work/why
# (which the test wrote just before).
check() { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name" "$(cat "$work/why")"; fi; }

# A small clean book in a git repository (paths are repository-relative).
book() {
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

We serve every [[customer]].
EOF
	cat >"$b/roles/agent.md" <<'EOF'
# Agent {#agent level=provider line=1}

## Greeting {#greeting}

Say hello to the [[customer]]. Always smile.
EOF
	printf 'roles = { "agent" }\n' >"$b/book.lua"
	echo "$b"
}

# lint BOOK [ARGS...]: from inside BOOK; stdout in $work/stdout, stderr in
# $work/out, exit code in $rc.
lint() {
	local b=$1
	shift
	(cd "$b" && timeout 20 "$bin" lint . --no-color "$@") >"$work/stdout" 2>"$work/out"
	rc=$?
}

# The Multitool: the npm package's native binary (its bin.js runs a shell,
# which would split "Sarif;Ghas" at the semicolon).
multitool=${SARIF_MULTITOOL:-}
if [ -z "$multitool" ]; then
	multitool=$(cd "$root" && node -e 'console.log(require("@microsoft/sarif-multitool"))' 2>/dev/null)
fi

# === defect 1: a finding without a file still has a place ===
mkdir -p "$work/repo"
git -C "$work/repo" init -q
b=$(book repo/whole)
mkdir -p "$b/rules"
cat >"$b/rules/whole.lua" <<'EOF'
return { id = "whole", severity = "warning", description = "about the book as a whole",
  check = function(book, report) report(nil, "the book as a whole") end }
EOF
# a built-in rule that fails (a rules/ folder of the data copy with a broken rule)
mkdir -p "$work/data"
cp -r "$root/lua" "$root/templates" "$work/data/"
printf 'return { id = "broken-builtin", severity = "error", description = "x",\n  check = function(book, report) error("boom") end }\n' >"$work/data/lua/rules/broken-builtin.lua"
(cd "$b" && SVCBOOK_DATADIR="$work/data" timeout 20 "$bin" lint . --format sarif >"$work/whole.sarif" 2>"$work/err")
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const r = s.runs[0].results;
const bad = r.filter(x => !x.locations || !x.locations.length);
const w = r.find(x => x.ruleId === "whole"), f = r.find(x => x.ruleId === "broken-builtin");
if (bad.length || !w || !f) { console.log("no location:", JSON.stringify(bad).slice(0, 300), !!w, !!f); process.exit(1); }
const l = w.locations[0].physicalLocation;
if (l.artifactLocation.uri !== "whole/book.lua" || l.region.startLine !== 1) { console.log(JSON.stringify(l)); process.exit(1); }
' "$work/whole.sarif" >"$work/why" 2>&1
check "sarif: findings of the book as a whole and of a failed built-in rule are at book.lua:1" [ $? -eq 0 ]
if [ -x "$multitool" ]; then
	"$multitool" validate --rule-kind "Sarif;Ghas" "$work/whole.sarif" >"$work/mt.txt" 2>&1
	if grep -q 'Analysis completed successfully' "$work/mt.txt" && ! grep -Eq ': error ' "$work/mt.txt"; then
		ok "sarif: the Multitool's GitHub rules (GH1015, GH1017, GH2012...) report no error"
	else
		not_ok "sarif: the Multitool's GitHub rules (GH1015, GH1017, GH2012...) report no error" "$(grep -E ': (error|warning) ' "$work/mt.txt" | head -5)"
	fi
	! grep -E ': warning ' "$work/mt.txt" >"$work/why"
	check "sarif: and no warning either (informationUri, names distinct from ids)" [ $? -eq 0 ]
	# the check can fail: the same rules on a result without a location
	node -e '
const fs = require("fs"), s = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
delete s.runs[0].results[0].locations;
fs.writeFileSync(process.argv[2], JSON.stringify(s));' "$work/whole.sarif" "$work/noloc.sarif"
	"$multitool" validate --rule-kind "Sarif;Ghas" "$work/noloc.sarif" >"$work/mt-bad.txt" 2>&1
	grep -q 'error GH1015' "$work/mt-bad.txt" >"$work/why" || tail -3 "$work/mt-bad.txt" >"$work/why"
	check "sarif: the Multitool's GH1015 does catch a result without a location" grep -q 'error GH1015' "$work/mt-bad.txt"
else
	not_ok "sarif: the SARIF Multitool runs (npm ci in $root)" "no multitool binary"
fi
(cd "$b" && timeout 20 "$bin" lint . --format gitlab >"$work/whole.gl" 2>/dev/null)
node -e '
const a = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const w = a.find(i => i.check_name === "whole");
if (!w || w.location.path !== "whole/book.lua" || w.location.lines.begin !== 1) { console.log(JSON.stringify(w)); process.exit(1); }
' "$work/whole.gl" >"$work/why" 2>&1
check "gitlab: a finding of the book as a whole is at book.lua line 1" [ $? -eq 0 ]
(cd "$b" && timeout 20 "$bin" lint . --format github >"$work/whole.gh" 2>/dev/null)
grep -q '^::warning file=whole/book.lua,line=1,title=whole::the book as a whole$' "$work/whole.gh" || cat "$work/whole.gh" >"$work/why"
check "github: a finding of the book as a whole is annotated at book.lua line 1" grep -q '^::warning file=whole/book.lua,line=1,title=whole::' "$work/whole.gh"

# === defect 7: rule metadata code scanning shows ===
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const d = s.runs[0].tool.driver, base = "https://docs.example/svcbook/docs/";
if (d.informationUri !== base + "rules.md") { console.log("informationUri", d.informationUri); process.exit(1); }
for (const r of d.rules) {
	if (!r.name || r.name.toLowerCase() === r.id.toLowerCase()) { console.log("name", r.id, r.name); process.exit(1); }
	if (!r.help || !r.help.markdown) { console.log("help.markdown", r.id); process.exit(1); }
}
const u = d.rules.find(r => r.id === "undefined-term"), w = d.rules.find(r => r.id === "whole");
if (u.helpUri !== base + "rules.md#undefined-term") { console.log("helpUri", u.helpUri); process.exit(1); }
if (w.helpUri !== undefined) { console.log("a book rule has svcbook docs", w.helpUri); process.exit(1); }
' "$work/whole.sarif" >"$work/why" 2>&1
check "sarif: informationUri, helpUri and help.markdown per rule, names distinct from ids" [ $? -eq 0 ]
# every helpUri anchor exists in docs/rules.md
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const md = require("fs").readFileSync(process.argv[2], "utf8");
let missing = [], n = 0;
for (const r of s.runs[0].tool.driver.rules)
	if (r.helpUri && r.id !== "broken-builtin" && ++n && !md.includes(`<a id="${r.helpUri.split("#")[1]}"></a>`)) missing.push(r.id);
if (n < 20) { console.log("only", n, "rules have a helpUri"); process.exit(1); }
if (missing.length) { console.log("no anchor in docs/rules.md:", missing.join(" ")); process.exit(1); }
' "$work/whole.sarif" "$root/docs/rules.md" >"$work/why" 2>&1
check "sarif: every helpUri names an anchor of docs/rules.md" [ $? -eq 0 ]

# === defect 6: columns count characters (text, JSON), UTF-16 units (SARIF) ===
b=$(book repo/cols)
printf '\nПриветствуем «вежливо» 😀 [[смайл]] там.\n' >>"$b/general.md"
lint "$b" --format json
node -e '
const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).diagnostics.find(x => x.message.includes("смайл"));
// "Приветствуем «вежливо» 😀 " is 25 characters: [[ is the 26th
if (!d || d.line !== 5 || d.column !== 26) { console.log(JSON.stringify(d)); process.exit(1); }
' "$work/stdout" >"$work/why" 2>&1
check "json: the column counts characters (26, not byte 45)" [ $? -eq 0 ]
lint "$b"
grep -q '^general.md:5:26: error: undefined reference \[\[смайл\]\]' "$work/out" || cat "$work/out" >"$work/why"
check "text: file:line:col counts characters" grep -q '^general.md:5:26: ' "$work/out"
lint "$b" --format sarif
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs[0].results.find(x => x.message.text.includes("смайл"));
const g = r.locations[0].physicalLocation.region;
// the emoji is two UTF-16 units; "[[смайл]]" nine
if (g.startColumn !== 27 || g.endColumn !== 36) { console.log(JSON.stringify(g)); process.exit(1); }
' "$work/stdout" >"$work/why" 2>&1
check "sarif: startColumn and endColumn in UTF-16 units around [[смайл]]" [ $? -eq 0 ]

# === defect 2: book.lua may set a rule to "note" ===
b=$(book note)
printf '\n## Queue {#queue}\n\nText.\n' >>"$b/terms.md"
printf 'roles = { "agent" }\nrules = { ["unused-term"] = "note" }\n' >"$b/book.lua"
lint "$b" --werror
echo "rc=$rc $(cat "$work/out")" >"$work/why"
[ $rc -eq 0 ] && grep -q '^terms.md:7:.*note: .*\[unused-term\]' "$work/out"
check "book.lua rules: \"note\" is accepted, shown as a note, and passes --werror" [ $? -eq 0 ]

# === defect 3 and --filter: the pull request's lines, as git gives them ===
# A PR fixture: the base commit has old warnings (an unused term) and a
# Cyrillic file name (git quotes it: "b/roles/\320\272...");
# the PR adds errors on new lines next to old ones.
pr="$work/pr"
rm -rf "$pr" && mkdir -p "$pr" && git -C "$pr" init -q && git -C "$pr" config user.email t@example.com && git -C "$pr" config user.name t
b=$(book pr/book)
printf '\n## Queue {#queue}\n\nCustomers waiting.\n' >>"$b/terms.md"
printf '# Кассир {#cashier level=provider}\n\n## Оплата {#payment}\n\nПринять оплату у [[customer]].\nВторая строка.\nТретья строка.\nЧетвёртая строка.\n' >"$b/roles/кассир.md"
printf 'roles = { "agent", "cashier" }\n' >"$b/book.lua"
printf '# Appearance\n\n## Uniform {#uniform roles=all}\n\nWear it.\n' >"$b/appearance.md"
git -C "$pr" add -A && git -C "$pr" commit -qm base
lint "$b" --werror
echo "rc=$rc $(cat "$work/out")" >"$work/why"
[ $rc -eq 1 ] && grep -q 'warning: .*\[unused-term\]' "$work/out" && ! grep -q 'error:' "$work/out"
check "PR fixture: the base has old warnings only (fails --werror without a filter)" [ $? -eq 0 ]
# the PR: a new error in the Cyrillic file, far from the old warning
sed -i 's/^Третья строка\./Третья строка про [[custmer]]./' "$b/roles/кассир.md"
git -C "$pr" diff >"$work/pr.diff"
grep -q '^+++ "b/book/roles/\\' "$work/pr.diff" >"$work/why" || head -5 "$work/pr.diff" >"$work/why"
check "PR fixture: git quotes the Cyrillic path in the diff" grep -q '^+++ "b/book/roles/\\' "$work/pr.diff"
lint "$b" --werror --filter added --diff "$work/pr.diff"
echo "rc=$rc $(cat "$work/out")" >"$work/why"
[ $rc -eq 1 ] && grep -q 'roles/кассир.md:7:.*error: .*custmer' "$work/out" && grep -q '\[unused-term\]' "$work/out"
check "--filter added --werror: the new error in a quoted path fails; old warnings still shown" [ $? -eq 0 ]
(cd "$b" && timeout 20 "$bin" lint . --werror --filter added --diff - <"$work/pr.diff" >/dev/null 2>&1); r=$?
echo "rc=$r" >"$work/why"
check "--diff - reads the diff from standard input" [ $r -eq 1 ]
# a PR that only touches lines next to the old warning: it passes --werror
git -C "$pr" checkout -q -- .
sed -i 's/^Customers waiting\./Customers waiting in line./' "$b/terms.md"
git -C "$pr" diff >"$work/pr2.diff"
lint "$b" --werror --filter added --diff "$work/pr2.diff"
echo "rc=$rc $(cat "$work/out")" >"$work/why"
[ $rc -eq 0 ] && grep -q '\[unused-term\]' "$work/out"
check "--filter added --werror: old warnings on context lines do not fail (context lines are not added)" [ $? -eq 0 ]
lint "$b" --werror --filter diff_context --diff "$work/pr2.diff"
echo "rc=$rc" >"$work/why"
check "--filter diff_context: a warning on a hunk's context line counts" [ $rc -eq 1 ]
lint "$b" --werror --filter file --diff "$work/pr2.diff"
echo "rc=$rc" >"$work/why"
check "--filter file: a warning anywhere in a changed file counts" [ $rc -eq 1 ]
lint "$b" --werror --filter nofilter --diff "$work/pr2.diff"
echo "rc=$rc" >"$work/why"
check "--filter nofilter: every finding counts" [ $rc -eq 1 ]
git -C "$pr" checkout -q -- .
# --base: a PR renaming a term breaks [[customer]] on lines it never touched
rm -rf "$work/base" && mkdir -p "$work/base" && git -C "$pr" archive HEAD book | tar -x -C "$work/base"
sed -i 's/^## Customer {#customer aka="client"}/## Patron {#patron}/' "$b/terms.md"
git -C "$pr" diff >"$work/pr3.diff"
lint "$b" --filter added --diff "$work/pr3.diff"
echo "rc=$rc $(cat "$work/out")" >"$work/why"
[ $rc -eq 0 ] && grep -q 'error: .*\[\[customer\]\]' "$work/out"
check "--filter added alone: errors the PR causes on untouched lines do not count (the hole --base fills)" [ $? -eq 0 ]
lint "$b" --filter added --diff "$work/pr3.diff" --base "$work/base/book"
echo "rc=$rc $(cat "$work/out")" >"$work/why"
check "--base: an error the base lacks counts wherever it is (exit 1)" [ $rc -eq 1 ]
lint "$work/base/book" --werror --base "$work/base/book"
echo "rc=$rc $(cat "$work/out")" >"$work/why"
[ $rc -eq 0 ] && grep -q '\[unused-term\]' "$work/out"
check "--base alone: the base's own old warnings are shown, not counted (exit 0 under --werror)" [ $? -eq 0 ]
rm -f "$work/sum.md"
(cd "$pr" && GITHUB_STEP_SUMMARY="$work/sum.md" timeout 20 "$bin" lint book --format github --filter added \
	--diff "$work/pr3.diff" --base "$work/base/book" >/dev/null 2>&1)
cat "$work/sum.md" >"$work/why" 2>/dev/null
grep -q "^### This pull request's findings" "$work/sum.md" &&
	sed -n "/^### This pull/,/^### Findings it/p" "$work/sum.md" | grep -q 'undefined-term' &&
	sed -n "/^### Findings it did not bring/,\$p" "$work/sum.md" | grep -q "term 'Queue' is never"
check "--base: the step summary says which findings decide the job and which were there before" [ $? -eq 0 ]
lint "$b" --base "$work/nonexistent"
echo "rc=$rc $(cat "$work/out")" >"$work/why"
[ $rc -eq 2 ] && grep -q "base '$work/nonexistent' cannot be read" "$work/out"
check "--base with a folder that cannot be read: exit 2, said" [ $? -eq 0 ]
git -C "$pr" checkout -q -- .
lint "$b" --werror --filter added --diff /dev/null
echo "rc=$rc $(cat "$work/out")" >"$work/why"
[ $rc -eq 2 ] && grep -q "/dev/null: error: no diff read (empty input)" "$work/out"
check "--diff with empty input (a failed git diff in a pipe) is exit 2, not a pass" [ $? -eq 0 ]
printf 'diff --git a/roles/x.md b/roles/y.md\nsimilarity index 100%%\nrename from roles/x.md\nrename to roles/y.md\ndiff --git a/terms.md b/terms.md\nold mode 100644\nnew mode 100755\n' >"$work/rename.diff"
lint "$b" --werror --filter added --diff "$work/rename.diff"
echo "rc=$rc $(cat "$work/out")" >"$work/why"
check "--diff of a pure rename and a mode change is a valid diff: nothing added, exit 0" [ $rc -eq 0 ]
lint "$b" --filter added
echo "rc=$rc $(cat "$work/out")" >"$work/why"
check "--filter without --diff or --changed-lines is refused (exit 2)" [ $rc -eq 2 ]
# --changed-lines relative to the book folder, from the repository root
(cd "$pr" && timeout 20 "$bin" lint book --werror --filter added --changed-lines terms.md:7 >/dev/null 2>"$work/out"); r=$?
echo "rc=$r $(cat "$work/out")" >"$work/why"
check "--changed-lines: a path relative to the book folder is understood" [ $r -eq 1 ]
(cd "$pr" && timeout 20 "$bin" lint book --werror --filter added --changed-lines book/terms.md:7 >/dev/null 2>&1); r=$?
echo "rc=$r" >"$work/why"
check "--changed-lines: a path relative to the current directory too" [ $r -eq 1 ]
(cd "$pr/book/roles" && timeout 20 "$bin" lint .. --werror --filter added --changed-lines "$pr/book/terms.md:7" >/dev/null 2>"$work/out"); r=$?
echo "rc=$r $(cat "$work/out")" >"$work/why"
check "--changed-lines: an absolute path, from a subfolder of the book" [ $r -eq 1 ]
lint "$b" --changed-lines trems.md:7
echo "rc=$rc $(cat "$work/out")" >"$work/why"
[ $rc -eq 2 ] && grep -q "'trems.md' is no file of the book" "$work/out"
check "--changed-lines: a path typo is an error (exit 2), not silently nothing" [ $? -eq 0 ]
printf 'this is not a diff\nat all\n' >"$work/garbage.diff"
lint "$b" --diff "$work/garbage.diff"
echo "rc=$rc $(cat "$work/out")" >"$work/why"
[ $rc -eq 2 ] && grep -q "garbage.diff:1: error: not a unified diff" "$work/out"
check "--diff: text that is no diff is an error with its file and line (exit 2)" [ $? -eq 0 ]
printf -- '--- a/terms.md\n+++ b/terms.md\n@@ -1,3 +1,3 @@ x\n # Terms\n' >"$work/cut.diff"
lint "$b" --diff "$work/cut.diff"
echo "rc=$rc $(cat "$work/out")" >"$work/why"
[ $rc -eq 2 ] && grep -q "cut.diff:4: error: the diff ends inside a hunk" "$work/out"
check "--diff: a diff cut short is an error at its last line" [ $? -eq 0 ]

# === defect 4: suppression comments ===
b=$(book repo/sup)
cat >>"$b/general.md" <<'EOF'

<!-- svcbook-disable-next-line: the old wording stays -->
Line six [[alpha]].

<!-- svcbook-disable-next-line undefined-term -- the glossary comes later -->
Line nine [[beta]].

<!-- svcbook-disable undefined-trem -->
Line twelve [[gamma]].

<!-- svcbook-disable undefined-term reviewed by legal -->
Line fifteen [[delta]].

<!-- svcbook-disable undefined-term -- legal's wording, kept -->
Line eighteen [[epsilon]].
<!-- svcbook-enable undefined-term -->
Line twenty [[zeta]].

```
<!-- svcbook-disable undefined-term -->
```
Line twenty-five [[eta]]; `<!-- svcbook-disable undefined-term -->` [[theta]].
Line twenty-six [[iota]].
EOF
lint "$b"
cp "$work/out" "$work/why"
grep -q 'general.md:5:6: warning: this suppression comment is not written as svcbook reads it.*\[bad-suppression\]' "$work/out" && grep -q '\[\[alpha\]\]' "$work/out"
check "suppression: 'disable-next-line: reason' is a warning and silences nothing" [ $? -eq 0 ]
! grep -q '\[\[beta\]\]' "$work/out"
check "suppression: 'RULE-ID -- reason' silences the next line" [ $? -eq 0 ]
grep -q "general.md:11:22: warning: no rule has the id 'undefined-trem'.*\[bad-suppression\]" "$work/out" && grep -q '\[\[gamma\]\]' "$work/out"
check "suppression: a misspelled id is a warning at the id, and silences nothing" [ $? -eq 0 ]
grep -q "no rule has the id 'reviewed'" "$work/out" && grep -q "no rule has the id 'legal'" "$work/out"
check "suppression: reason words without ' -- ' are not ids silently: each is a warning" [ $? -eq 0 ]
! grep -q '\[\[delta\]\]\|\[\[epsilon\]\]' "$work/out" && grep -q '\[\[zeta\]\]' "$work/out"
check "suppression: svcbook-enable turns the rule on again" [ $? -eq 0 ]
grep -q '\[\[eta\]\]' "$work/out" && grep -q '\[\[theta\]\]' "$work/out" && grep -q '\[\[iota\]\]' "$work/out"
check "suppression: a comment in a fenced code block or a code span is text" [ $? -eq 0 ]
lint "$b" --format sarif
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs[0].results;
const s = r.filter(x => x.suppressions);
const beta = s.find(x => x.message.text.includes("[[beta]]")), eps = s.find(x => x.message.text.includes("[[epsilon]]"));
const delta = s.find(x => x.message.text.includes("[[delta]]"));
if (s.length !== 3 || !beta || !eps || !delta) { console.log("suppressed:", s.map(x => x.message.text)); process.exit(1); }
if (beta.suppressions[0].kind !== "inSource" || beta.suppressions[0].justification !== "the glossary comes later") { console.log(JSON.stringify(beta.suppressions)); process.exit(1); }
if (eps.suppressions[0].justification !== "legal\u0027s wording, kept") { console.log(JSON.stringify(eps.suppressions)); process.exit(1); }
if (r.find(x => !x.suppressions && x.message.text.includes("[[beta]]"))) process.exit(1);
' "$work/stdout" >"$work/why" 2>&1
check "sarif: silenced findings are results with suppressions (inSource, the reason as justification)" [ $? -eq 0 ]
if [ -x "$multitool" ]; then
	"$multitool" validate --rule-kind "Sarif;Ghas" "$work/stdout" >"$work/mt.txt" 2>&1
	grep -E ': (error|warning) ' "$work/mt.txt" >"$work/why"
	check "sarif: with suppressions, still no Multitool error or warning" [ ! -s "$work/why" ]
fi

# === defect 5: rules that do not load say why ===
b=$(book rules5)
mkdir -p "$b/rules" "$work/shared-rules"
printf 'return { id = "shared", severity = "warning", description = "x",\n  check = function(book, report) end }\n' >"$work/shared-rules/shared.lua"
ln -s "$work/shared-rules/shared.lua" "$b/rules/shared.lua"
lint "$b"
echo "rc=$rc $(cat "$work/out")" >"$work/why"
grep -q '^rules/shared.lua: warning: rule rules/shared.lua leads outside the book folder .*not loaded \[unsafe-path\]' "$work/out"
check "a rule file linked from a shared folder is a warning, not skipped without a word" [ $? -eq 0 ]
rm "$b/rules/shared.lua"
printf 'local k = svcbook.key("customer")\nreturn { id = "early", severity = "warning", description = "x",\n  check = function(book, report) end }\n' >"$b/rules/early.lua"
lint "$b" --rule early
echo "rc=$rc $(cat "$work/out")" >"$work/why"
[ $rc -eq 2 ] && grep -q "rules/early.lua:1: error: rule early does not load: svcbook.key() needs the book.*only in check()" "$work/out" && grep -q "rule 'early' did not load" "$work/out" && ! grep -q 'no rule has the id' "$work/out"
check "svcbook.key() at load time: --rule says the rule did not load, and why" [ $? -eq 0 ]
rm "$b/rules/early.lua"
printf 'return { id = "warny", severity = "warn", description = "x",\n  check = function(book, report) end }\n' >"$b/rules/warny.lua"
lint "$b"
echo "rc=$rc $(cat "$work/out")" >"$work/why"
grep -q 'rules/warny.lua: error: rule rules/warny.lua has severity "warn", which is not "error", "warning" or "note" (did you mean "warning"?)' "$work/out"
check "severity = \"warn\" is named, with a did-you-mean, not \"has no severity\"" [ $? -eq 0 ]

# === --format rdjson: reviewdog's format, validated against its schema ===
git -C "$pr" checkout -q -- .
sed -i 's/^Третья строка\./Третья строка про [[custmer]]./' "$pr/book/roles/кассир.md"
(cd "$pr" && timeout 20 "$bin" lint book --format rdjson >"$work/pr.rdjson" 2>/dev/null)
node "$here/validate-json.js" "$here/rdjson.schema.json" "$work/pr.rdjson" >"$work/why" 2>&1
check "rdjson: the PR fixture's report validates against reviewdog's rdjson schema (ajv)" [ $? -eq 0 ]
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const d = r.diagnostics.find(x => x.message.includes("custmer"));
// "Третья строка про " is 18 characters, 33 bytes: [[ at byte 34; "[[custmer]]" 11 bytes
const g = d && d.location.range;
if (!d || d.location.path !== "book/roles/кассир.md" || g.start.line !== 7 || g.start.column !== 34 || g.end.column !== 45
    || d.severity !== "ERROR" || d.code.value !== "undefined-term" || !/rules\.md#undefined-term$/.test(d.code.url) || r.source.name !== "svcbook")
	{ console.log(JSON.stringify(d)); process.exit(1); }
' "$work/pr.rdjson" >"$work/why" 2>&1
check "rdjson: path from the current directory, byte columns, exclusive end, code with its docs" [ $? -eq 0 ]
node -e '
const fs = require("fs"), r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
r.diagnostics[0].severity = "FATAL"; r.diagnostics[0].location.range.start.column = 0;
fs.writeFileSync(process.argv[2], JSON.stringify(r));' "$work/pr.rdjson" "$work/bad.rdjson"
node "$here/validate-json.js" "$here/rdjson.schema.json" "$work/bad.rdjson" >"$work/why" 2>&1
check "rdjson: the schema check does catch a wrong severity and a column 0" [ $? -eq 1 ]

# === fixes: report{..., fix = ...}, --fix, SARIF fixes, rdjson suggestions ===
b=$(book repo/fix)
mkdir -p "$b/rules"
# a book's rule with a fix: two spaces after a full stop become one
cat >"$b/rules/double-space.lua" <<'EOF'
return { id = "double-space", severity = "warning", description = "two spaces after a sentence",
  check = function(book, report)
    for _, f in ipairs(book.files) do
      for n = 1, f.nlines do
        local line = svcbook.source_line(f.path, n)
        local from = 1
        while true do
          local a, e = line:find("%.  +", from)
          if not a then break end
          report{ at = { file = f.path, line = n, col = a + 1 }, message = "more than one space after a sentence",
                  fix = { range = { line = n, col = a + 1, end_col = e + 1 }, replacement = " " } }
          from = e + 1
        end
      end
    end
  end }
EOF
cat >>"$b/general.md" <<'EOF'

Ask the [[custmer]].  Then greet the [[Custmer|клиента]].   Then [[#greting]].
Всё  ли в порядке? Да.  Нет.
EOF
chmod 640 "$b/general.md"
lint "$b" --format sarif
cp "$work/stdout" "$work/fix.sarif"
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs[0].results;
const f = r.filter(x => x.fixes);
const one = f.find(x => x.message.text.includes("[[custmer]]"));
const rep = one && one.fixes[0].artifactChanges[0].replacements[0];
if (f.length !== 6 || !rep || rep.insertedContent.text !== "[[customer]]" || rep.deletedRegion.startColumn !== 9 || rep.deletedRegion.endColumn !== 20
    || one.fixes[0].artifactChanges[0].artifactLocation.uri !== "fix/general.md") { console.log(f.length, JSON.stringify(rep)); process.exit(1); }
const ru = f.find(x => x.ruleId === "double-space" && x.locations[0].physicalLocation.region.startLine === 6 && x.locations[0].physicalLocation.region.startColumn > 10);
// "Всё  ли в порядке? Да.  " : the second ". " after "Да" is at UTF-16 column 23
if (!ru || ru.fixes[0].artifactChanges[0].replacements[0].deletedRegion.startColumn !== 23) { console.log(JSON.stringify(ru)); process.exit(1); }
' "$work/fix.sarif" >"$work/why" 2>&1
check "sarif: findings with a fix carry fixes (artifactChanges, UTF-16 regions)" [ $? -eq 0 ]
if [ -x "$multitool" ]; then
	"$multitool" validate --rule-kind "Sarif;Ghas" "$work/fix.sarif" >"$work/mt.txt" 2>&1
	grep -E ': (error|warning) ' "$work/mt.txt" >"$work/why"
	check "sarif: with fixes, still no Multitool error or warning" [ ! -s "$work/why" ]
fi
lint "$b" --format rdjson
node "$here/validate-json.js" "$here/rdjson.schema.json" "$work/stdout" >"$work/why" 2>&1 &&
node -e '
const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).diagnostics.filter(x => x.suggestions);
const g = d.find(x => x.message.includes("greting"));
if (d.length !== 6 || !g || g.suggestions[0].text !== "[[#greeting]]") { console.log(JSON.stringify(d).slice(0, 400)); process.exit(1); }
' "$work/stdout" >>"$work/why" 2>&1
check "rdjson: suggestions for every fix, valid against the schema" [ $? -eq 0 ]
lint "$b" --fix
echo "rc=$rc $(cat "$work/out")" >"$work/why"
[ $rc -eq 0 ] && grep -q '^svcbook: fixed 6 findings in 1 file$' "$work/out" && [ "$(wc -l <"$work/out")" -eq 1 ]
check "--fix: every fixable finding fixed, nothing left to report" [ $? -eq 0 ]
tail -2 "$b/general.md" >"$work/why"
printf 'Ask the [[customer]]. Then greet the [[Customer|клиента]]. Then [[#greeting]].\nВсё  ли в порядке? Да. Нет.\n' | cmp -s - <(tail -2 "$b/general.md")
check "--fix: the text is as the fixes say (a fix's range only: 'Всё  ли' has no full stop)" [ $? -eq 0 ]
lint "$b"
echo "rc=$rc $(cat "$work/out")" >"$work/why"
check "--fix: a second lint is clean" [ $rc -eq 0 ] && [ ! -s "$work/out" ]
echo "$(stat -c %a "$b/general.md") $(ls -a "$b")" >"$work/why"
[ "$(stat -c %a "$b/general.md")" = 640 ] && ! ls -a "$b" | grep -q svcbook-fix
check "--fix: the file keeps its mode and no temporary file is left" [ $? -eq 0 ]
# a fix outside the file's text is not applied; its finding stays
printf 'return { id = "far", severity = "warning", description = "x",\n  check = function(book, report)\n    report{ at = { file = "general.md", line = 3, col = 1 }, message = "far away",\n            fix = { range = { line = 3, col = 500, end_col = 501 }, replacement = "x" } }\n  end }\n' >"$b/rules/far.lua"
cp "$b/general.md" "$work/before.md"
lint "$b" --fix
echo "rc=$rc $(cat "$work/out")" >"$work/why"
cmp -s "$work/before.md" "$b/general.md" && grep -q 'general.md:3:1: warning: far away \[far\]' "$work/out" && ! grep -q 'fixed' "$work/out"
check "--fix: a fix whose range is not in the file is left, and its finding reported" [ $? -eq 0 ]
printf 'return { id = "far", severity = "warning", description = "x",\n  check = function(book, report)\n    report{ message = "no place", fix = { range = { line = 1, col = 1 }, replacement = "x" } }\n  end }\n' >"$b/rules/far.lua"
lint "$b"
echo "rc=$rc $(cat "$work/out")" >"$work/why"
grep -q 'rules/far.lua:3: error: rule far failed: .*fix.range.end_col must be a whole number' "$work/out"
check "report{fix}: a malformed fix is the rule's error, with its line" [ $? -eq 0 ]

# === the end of the text output; a mistyped command ===
b=$(book summary)
printf '\nAsk the [[nobody]] and [[noone]].\n' >>"$b/general.md"
printf '\n## Queue {#queue}\n\nText.\n' >>"$b/terms.md"
lint "$b"
tail -1 "$work/out" >"$work/why"
check "text: the output ends with how many errors and warnings" [ "$(tail -1 "$work/out")" = "svcbook: 2 errors, 1 warning" ]
(timeout 20 "$bin" biuld 2>&1 >/dev/null) >"$work/why"; r=$?
[ $r -eq 2 ] && grep -q "unknown command 'biuld'" "$work/why" && grep -q "did you mean 'svcbook build'" "$work/why"
check "svcbook biuld suggests build (exit 2)" [ $? -eq 0 ]

# === the term registry: avoid="..." and the avoided-term rule ===
b=$(book avoid)
cat >"$b/terms.md" <<'EOF'
# Terms

## Customer {#customer aka="client"}

A person who buys from us.

## Клиент {#klient avoid="юзер, абонент, лицевой счёт"}

Тот, кто покупает; не юзер.
EOF
cat >>"$b/general.md" <<'EOF'

Мы служим [[клиенту]]. Юзер приходит, юзера встречают, с юзерами говорят.
АБОНЕНТ и абонентов, лицевого счёта. `юзер` в коде.

```
юзер в блоке кода
```
EOF
lint "$b"
cp "$work/out" "$work/why"
navoid=$(grep -c '\[avoided-term\]' "$work/out")
grep -q "^general.md:5:24: warning: 'Юзер' is a word to avoid: the book's term is \[\[Клиент\]\]" "$work/out" &&
grep -q "^general.md:5:58: warning: 'юзерами'" "$work/out" && grep -q "^general.md:6:22: warning: 'лицевого счёта'" "$work/out" &&
grep -q "^terms.md:9:.*'юзер'" "$work/out" && [ "$navoid" -eq 7 ]
check "avoided-term: every inflected form, a phrase, not in code or the heading's avoid=" [ $? -eq 0 ]
! grep -q '\[unknown-attribute\]' "$work/out"
check "avoided-term: avoid= is a known attribute of a term" [ $? -eq 0 ]
lint "$b" --fix
echo "rc=$rc $(cat "$work/out")" >"$work/why"
sed -n 5,6p "$b/general.md" >>"$work/why"
printf 'Мы служим [[клиенту]]. Клиент приходит, клиента встречают, с клиентами говорят.\nКЛИЕНТ и клиентов, лицевого счёта. `юзер` в коде.\n' | cmp -s - <(sed -n 5,6p "$b/general.md") &&
grep -q '^svcbook: fixed 6 findings in 2 files$' "$work/out" && grep -q "'лицевого счёта' is a word to avoid" "$work/out"
check "avoided-term --fix: the term in the avoided word's form and case; a phrase is left to the author" [ $? -eq 0 ]
# svcbook.lower, svcbook.words with offsets
b=$(book helpers)
mkdir -p "$b/rules"
cat >"$b/rules/helpers.lua" <<'EOF'
return { id = "helpers", severity = "note", description = "x", check = function(book, report)
  local out = { svcbook.lower("ЁЖИК Straße"), svcbook.upper("ёжик") }
  for _, w in ipairs(svcbook.words("«Юзер-ы», don't  42 —x")) do out[#out + 1] = w.word .. "@" .. w.from .. "-" .. w.to end
  report(nil, table.concat(out, " "))
end }
EOF
lint "$b" --rule helpers
grep -o 'note: .*\[helpers\]' "$work/out" >"$work/why"
grep -q "note: ёжик straße ЁЖИК Юзер-ы@3-13 don't@18-22 42@25-26 x@31-31 \[helpers\]" "$work/out"
check "svcbook.lower/upper map Cyrillic; svcbook.words gives words with byte offsets" [ $? -eq 0 ]

# === the GitHub Action's steps (.ci/action.sh) on a fixture repository ===
act="$work/act"
rm -rf "$act" && mkdir -p "$act" && git -C "$act" init -q && git -C "$act" config user.email t@example.com && git -C "$act" config user.name t
b=$(book act/standards)
printf '\n## Queue {#queue}\n\nCustomers waiting.\n' >>"$b/terms.md"
git -C "$act" add -A && git -C "$act" commit -qm base
base=$(git -C "$act" rev-parse HEAD)
printf '\n## Closing {#closing}\n\nThe agent must say goodbye to the [[custmer]].\n' >>"$b/roles/agent.md"
git -C "$act" commit -qam "PR: a new clause with a typo"
printf '{"pull_request": {"number": 7}}\n' >"$work/event.json"
: >"$work/api.log"
node "$here/fake-github.js" "$work/api.port" "$work/api.log" &
api_pid=$!
for _ in $(seq 50); do [ -s "$work/api.port" ] && break; sleep 0.1; done
# action: runs the action's script as GitHub would, in the checkout
action() {
	(cd "$act" && SVCBOOK="$bin" SVCBOOK_BOOK=standards SVCBOOK_BASE="$base" SVCBOOK_OUT="$work/act-out" \
		GITHUB_TOKEN=test-token GITHUB_REPOSITORY=o/r GITHUB_EVENT_PATH="$work/event.json" \
		GITHUB_API_URL="http://127.0.0.1:$(cat "$work/api.port")" GITHUB_STEP_SUMMARY="$work/act-summary.md" \
		GITHUB_OUTPUT="$work/act-output" timeout 60 bash "$root/.ci/action.sh" "$@") >"$work/act.stdout" 2>"$work/act.stderr"
	rc=$?
}
action
echo "rc=$rc $(cat "$work/act.stdout" "$work/act.stderr")" >"$work/why"
[ $rc -eq 1 ] && head -1 "$work/act.stdout" | grep -q '^::error file=standards/roles/agent.md,line=9,col=35,title=undefined-term::' &&
	grep -q '^::warning file=standards/terms.md,line=7,.*title=unused-term::' "$work/act.stdout"
check "action: annotations, the PR's new error first; the job fails for it" [ $? -eq 0 ]
grep -q '| error | standards/roles/agent.md:9 | undefined-term |' "$work/act-summary.md" 2>/dev/null
check "action: the step summary lists the findings" [ $? -eq 0 ]
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
if (s.runs[0].results.length !== 2) process.exit(1);' "$work/act-out/svcbook.sarif" 2>"$work/why" &&
	grep -qx "sarif=$work/act-out/svcbook.sarif" "$work/act-output"
check "action: SARIF for the upload step, its path in GITHUB_OUTPUT" [ $? -eq 0 ]
cp "$work/api.log" "$work/why"
node -e '
const log = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const post = log.filter(x => x.method === "POST");
if (post.length !== 1 || post[0].url !== "/repos/o/r/issues/7/comments") process.exit(1);
const body = JSON.parse(post[0].body).body;
if (!body.includes("<!-- svcbook-diff -->") || !body.includes("Closing")) process.exit(2);
' "$work/api.log"
check "action: the diff comment is posted with its marker and the new clause" [ $? -eq 0 ]
action
node -e '
const log = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const posts = log.filter(x => x.method === "POST").length, patch = log.filter(x => x.method === "PATCH");
if (posts !== 1 || patch.length !== 1 || patch[0].url !== "/repos/o/r/issues/comments/100") process.exit(1);
' "$work/api.log"
check "action: run again, it updates its comment instead of posting another" [ $? -eq 0 ]
# a PR that only edits near the old warning passes with --werror
git -C "$act" reset -q --hard "$base"
sed -i 's/^Customers waiting\./Customers waiting in line./' "$b/terms.md"
git -C "$act" commit -qam "PR: wording"
(cd "$act" && SVCBOOK="$bin" SVCBOOK_BOOK=standards SVCBOOK_BASE="$base" SVCBOOK_WERROR=true SVCBOOK_COMMENT=false \
	SVCBOOK_OUT="$work/act-out2" timeout 60 bash "$root/.ci/action.sh") >"$work/act.stdout" 2>"$work/act.stderr"; r=$?
echo "rc=$r $(cat "$work/act.stdout" "$work/act.stderr")" >"$work/why"
[ $r -eq 0 ] && grep -q 'title=unused-term' "$work/act.stdout"
check "action: werror with the added filter passes a PR that leaves old warnings alone" [ $? -eq 0 ]
kill "$api_pid" 2>/dev/null
wait "$api_pid" 2>/dev/null

# === the packaged integrations: action.yml, pre-commit, GitLab, Docker ===
python3 - "$root" >"$work/why" 2>&1 <<'EOF'
import re, sys, yaml
root = sys.argv[1]
a = yaml.safe_load(open(root + "/action.yml"))
assert a["runs"]["using"] == "composite", "not a composite action"
step = a["runs"]["steps"][0]
assert ".ci/action.sh" in step["run"], "the first step does not run .ci/action.sh"
script = open(root + "/.ci/action.sh").read()
header = script.split("set -euo pipefail")[0]
for k, v in step["env"].items():
    if k.startswith("SVCBOOK_"):
        assert k in header, k + " is set by action.yml but not described by .ci/action.sh"
        assert k == "SVCBOOK_DOCS_URL" or "${" + k in script or "$" + k in script, k + " is set but .ci/action.sh does not read it (SVCBOOK_DOCS_URL: svcbook does)"
    for name in re.findall(r"inputs\.([a-z_]+)", str(v)):
        assert name in a["inputs"], "no input " + name
for name in a["inputs"]:
    assert "inputs." + name in open(root + "/action.yml").read().split("runs:")[1], "input " + name + " is never used"
hooks = yaml.safe_load(open(root + "/.pre-commit-hooks.yaml"))
assert [h["id"] for h in hooks] == ["svcbook-lint", "svcbook-lint-fix"]
for h in hooks:
    assert h["entry"].split()[0] == "svcbook" and h["language"] == "system" and h["pass_filenames"] is False
gl = yaml.safe_load(open(root + "/ci/svcbook.gitlab-ci.yml"))
assert gl["svcbook"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
EOF
r=$?
check "action.yml runs .ci/action.sh with the variables it reads; pre-commit hooks and the GitLab template parse" [ $r -eq 0 ]
# pre-commit: the hook's entry with the args of docs/ci.md's snippet
mkdir -p "$work/path" && ln -sf "$bin" "$work/path/svcbook"
git -C "$act" reset -q --hard HEAD~1 && printf '\nThe [[custmer]].\n' >>"$act/standards/general.md"
(cd "$act" && PATH="$work/path:$PATH" svcbook lint standards >/dev/null 2>&1); r1=$?
(cd "$act" && PATH="$work/path:$PATH" svcbook lint --fix standards >/dev/null 2>&1); r2=$?
echo "lint rc=$r1, lint --fix rc=$r2 $(tail -2 "$act/standards/general.md")" >"$work/why"
[ $r1 -eq 1 ] && [ $r2 -eq 0 ] && tail -1 "$act/standards/general.md" | grep -q 'The \[\[customer\]\]\.'
check "pre-commit: svcbook-lint fails on an error, svcbook-lint-fix fixes it" [ $? -eq 0 ]
git -C "$act" checkout -q -- .
# the GitLab job's script, on the fixture as a merge request (the packages
# are installed here: its before_script is Debian's apt-get and make install)
git -C "$act" reset -q --hard HEAD
printf '\n## Closing {#closing}\n\nThe agent must say goodbye to the [[custmer]].\n' >>"$act/standards/roles/agent.md"
git -C "$act" commit -qam "MR"
python3 -c 'import sys, yaml; print("\n".join(yaml.safe_load(open(sys.argv[1]))["svcbook"]["script"]))' "$root/ci/svcbook.gitlab-ci.yml" >"$work/gl-script.sh"
(cd "$act" && PATH="$work/path:$PATH" SVCBOOK_BOOK=standards SVCBOOK_FILTER=added CI_MERGE_REQUEST_DIFF_BASE_SHA="$base" \
	timeout 60 bash -e "$work/gl-script.sh") >"$work/gl.out" 2>&1; r=$?
echo "rc=$r $(cat "$work/gl.out")" >"$work/why"
[ $r -eq 1 ] && node -e '
const a = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
if (!a.some(i => i.check_name === "undefined-term" && i.location.path === "standards/roles/agent.md")) process.exit(1);
' "$act/gl-code-quality-report.json" && grep -q 'Closing' "$act/svcbook-diff.md"
check "GitLab template: its script writes Code Quality and the diff, and fails on the MR's new error" [ $? -eq 0 ]
grep -q 'scripts/deps.sh build' "$root/Dockerfile" && grep -q 'make install' "$root/Dockerfile" && grep -q '^ENTRYPOINT \["svcbook"\]' "$root/Dockerfile"
echo "the Dockerfile must install through scripts/deps.sh (no base image can be pulled here to build it)" >"$work/why"
check "Dockerfile: Debian, the packages from scripts/deps.sh, make install, svcbook as entry point" [ $? -eq 0 ]

# === rule_options and rules_path in book.lua ===
b=$(book repo/opts)
mkdir -p "$b/rules" "$work/repo/shared/rules"
cat >"$b/rules/opt.lua" <<'EOF'
return { id = "opt", severity = "note", description = "x", check = function(book, report, options)
  report(nil, "max=" .. tostring(options.max) .. " words=" .. table.concat(options.words or {}, "+") .. " on=" .. tostring(options.on))
end }
EOF
printf 'return { id = "company", severity = "warning", description = "a company rule",\n  check = function(book, report, options) report(nil, "company rule ran, limit " .. tostring(options.limit)) end }\n' >"$work/repo/shared/rules/company.lua"
cat >"$b/book.lua" <<'EOF'
roles = { "agent" }
rule_options = { ["opt"] = { max = 3, words = { "юзер", "a\"b" }, on = true }, ["company"] = { limit = 2.5 } }
rules_path = "../shared/rules"
EOF
lint "$b"
cp "$work/out" "$work/why"
grep -q 'note: max=3 words=юзер+a"b on=true \[opt\]' "$work/out" && grep -q 'warning: company rule ran, limit 2.5 \[company\]' "$work/out" && [ $rc -eq 0 ]
check "rule_options reach each rule's check as its third argument; rules_path loads a shared folder's rules" [ $? -eq 0 ]
lint "$b" --list-rules
cp "$work/stdout" "$work/why"
grep -q "^company  *warning  *a company rule (this book's rule: ../shared/rules/company.lua)$" "$work/stdout" && grep -q "^opt  *note .*(this book's rule: rules/opt.lua)$" "$work/stdout" && [ $rc -eq 0 ]
check "--list-rules lists the rules_path folder's rules with their file" [ $? -eq 0 ]
sed -i 's|^rules_path = .*|rules_path = "/etc"|' "$b/book.lua"
lint "$b"
cp "$work/out" "$work/why"
grep -q "^book.lua:3:14: error: rules_path '/etc' leads outside the book's repository \[bad-config\]" "$work/out" && ! grep -q 'company rule ran' "$work/out"
check "rules_path outside the book's repository is refused (bad-config), nothing read" [ $? -eq 0 ]
printf 'roles = { "agent" }\nrule_options = { ["opt"] = { f = function() end } }\n' >"$b/book.lua"
lint "$b"
cp "$work/out" "$work/why"
grep -q '^book.lua:2:1: error: rule_options must map rule ids to tables of strings, numbers and booleans \[bad-config\]' "$work/out"
check "rule_options with a function in it is a bad-config error at its line" [ $? -eq 0 ]

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

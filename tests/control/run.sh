#!/usr/bin/env bash
# tests/control/run.sh - document control (FORMAT.md 9) on a small book
# written here: OUTDIR/manifest.json and its fingerprints (explanatory text
# leaves them alone; an obligation changes exactly the roles whose books
# hold it). Prints TAP-like lines and "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SVCBOOK:-$root/svcbook}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | head -n 20 | sed 's/^/#   /'; }
# same NAME WANT GOT: the two texts are equal
same() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "$(diff <(printf '%s\n' "$2") <(printf '%s\n' "$3"))"; fi; }
check() { if [ "$2" = 0 ]; then ok "$1"; else not_ok "$1" "${3:-}"; fi; }

# The book: three roles; the uniform covers desk and tech, general
# provisions everyone. Each clause has one obligation and one sentence
# of explanation.
book=$work/book
mkdir -p "$book/roles"
cat >"$book/book.lua" <<'LUA'
title = "Service Standards"
language = "en"
version = "1.0"
roles = { "desk", "lead", "tech" }
owner = "lead"
approved_by = "Chief Executive Jane Roe"
approved = "2026-01-05"
effective = "2026-01-20"
LUA
cat >"$book/general.md" <<'MD'
# General provisions

## Scope {#scope}

Staff must treat every customer politely. This chapter explains why.
MD
cat >"$book/roles/desk.md" <<'MD'
# Desk {#desk level=provider line=1 owner=tech}

## Greeting {#desk-greeting}

The desk must greet the customer within 10 seconds. A smile helps.
MD
cat >"$book/roles/lead.md" <<'MD'
# Lead {#lead level=management}

## Escalations {#lead-escalations}

The lead must answer every escalation within 2 hours. Escalations are rare.
MD
cat >"$book/roles/tech.md" <<'MD'
# Tech {#tech level=support line=2}

## Visits {#tech-visits}

The technician must call before a visit. Visits take an hour.
MD
cat >"$book/appearance.md" <<'MD'
# Appearance

## Uniform {#uniform roles="desk tech"}

Staff must wear a badge. Colours differ by season.

## Jacket {#lead-dress roles=lead}

The lead should wear a jacket.
MD

# build NAME: the book into $work/NAME; its manifest's "id fingerprint"
# lines into $work/NAME.fp.
build() {
	"$bin" build "$book" -o "$work/$1" --format docbook >/dev/null 2>"$work/$1.log"
	python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["roles"]: print(r["id"], r["fingerprint"])' \
		"$work/$1/manifest.json" >"$work/$1.fp" 2>>"$work/$1.log"
}
# changed A B: the ids whose fingerprint differs between builds A and B.
changed() { join "$work/$1.fp" "$work/$2.fp" | awk '$2 != $3 { print $1 }' | tr '\n' ' '; }
# edit FILE OLD NEW: replaces the text OLD (which must be there) by NEW.
edit() { python3 - "$book/$1" "$2" "$3" <<'PY'
import sys
p, old, new = sys.argv[1:]
s = open(p, encoding="utf-8").read()
assert old in s, old
open(p, "w", encoding="utf-8").write(s.replace(old, new))
PY
}

build v1
cp -r "$book" "$work/book-v1"
check "build writes manifest.json" "$([ -s "$work/v1/manifest.json" ] && echo 0 || echo 1)" "$(cat "$work/v1.log")"
python3 - "$work/v1/manifest.json" >"$work/m.out" 2>&1 <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert m["version"] == "1.0", m["version"]
roles = {r["id"]: r for r in m["roles"]}
assert list(roles) == ["desk", "lead", "tech"], list(roles)
assert roles["desk"]["name"] == "Desk"
for r in roles.values():
    assert len(r["fingerprint"]) == 16 and int(r["fingerprint"], 16) >= 0, r
    assert "scope" in r["clauses"], r
assert "desk-greeting" in roles["desk"]["clauses"] and "uniform" in roles["desk"]["clauses"]
assert "desk-greeting" not in roles["lead"]["clauses"] and "uniform" not in roles["lead"]["clauses"]
assert "lead-dress" in roles["lead"]["clauses"] and "tech-visits" in roles["tech"]["clauses"]
assert len({r["fingerprint"] for r in roles.values()}) == 3, "three roles, three duties"
PY
check "manifest: version, roles in the staff list's order, each book's clauses, distinct fingerprints" $? "$(cat "$work/m.out")"

# Document control on the covers: the title page, a role book's cover
# and print version, the DocBook info of both.
schema=/usr/share/xml/docbook/schema/rng/5.0/docbook.rng
"$bin" build "$book" -o "$work/full" >/dev/null 2>"$work/full.log"
"$bin" build "$book" -o "$work/desk" --role desk >/dev/null 2>"$work/desk.log"
cover() { sed -n '/<div class="cover">/,/<\/div>/p' "$1" | tr -d '\n'; }
c=$(cover "$work/full/html/index.html")
for w in '<dt>Version</dt><dd>1.0</dd>' '<dt>Effective from</dt><dd><time datetime="2026-01-20">2026-01-20</time></dd>' \
	'<dt>Approved by</dt><dd>Chief Executive Jane Roe</dd>' '<dt>Approved on</dt><dd><time datetime="2026-01-05">' \
	'<dt>Document owner</dt><dd>Lead</dd>'; do
	case $c in *"$w"*) ;; *) missing="$missing $w" ;; esac
done
check "the title page shows version, effective date, approver, approval date, owner" "$([ -z "${missing:-}" ] && echo 0 || echo 1)" "missing:${missing:-} in $c"
missing=
grep -q '<h2 id="choose-role-title">Choose your role</h2>' "$work/full/html/index.html" &&
	[ "$(grep -c '<li><a href="role-[a-z]*.html#[a-z]*">' "$work/full/html/index.html")" = 3 ]
check "the home page has a 'choose your role' entry linking each role" $? "$(grep -A8 choose-role "$work/full/html/index.html")"
for p in index print; do
	c=$(cover "$work/desk/html/$p.html")
	for w in '<dd class="cover-role">Desk</dd>' '<dd>1.0</dd>' '<time datetime="2026-01-20">' 'Chief Executive Jane Roe' \
		'<dt>Owner of the standard</dt><dd>Tech</dd>'; do
		case $c in *"$w"*) ;; *) missing="$missing $w" ;; esac
	done
	check "the role book's $p.html cover: role, version, effective date, approver, the standard's owner" \
		"$([ -z "${missing:-}" ] && echo 0 || echo 1)" "missing:${missing:-} in $c"
	missing=
done
info=$(sed -n '/<info>/,/<\/info>/p' "$work/desk/docbook/book.xml" | tr -d '\n')
for w in '<releaseinfo>1.0</releaseinfo>' '<date role="effective">2026-01-20</date>' '<date role="approved">2026-01-05</date>' \
	'<bibliomisc role="approved-by">Chief Executive Jane Roe</bibliomisc>' '<bibliomisc role="owner">Lead</bibliomisc>' \
	'<bibliomisc role="standard-owner">Tech</bibliomisc>'; do
	case $info in *"$w"*) ;; *) missing="$missing $w" ;; esac
done
check "the role book's DocBook info: version, dates, approver, owners" "$([ -z "${missing:-}" ] && echo 0 || echo 1)" "missing:${missing:-} in $info"
missing=
# The acknowledgement sheet ends the role book: the manifest's fingerprint.
fp=$(python3 -c 'import json, sys
print([r["fingerprint"] for r in json.load(open(sys.argv[1]))["roles"] if r["id"] == "desk"][0])' "$work/full/manifest.json")
sheet=$(sed -n '/<section class="ack-sheet"/,/<\/section>/p' "$work/desk/html/print.html" | tr -d '\n')
for w in '<h2>Acknowledgement</h2>' '<p>I have read the obligations in this book and agree to comply with them.</p>' \
	'<dt>Fingerprint of the obligations</dt>' '<dd>Desk</dd>' '<dd>1.0</dd>' "<dd><code>$fp</code></dd>" \
	'<span class="ack-label">Full name</span> <span class="ack-line"></span>' \
	'<span class="ack-label">Signature</span> <span class="ack-line"></span>' '<span class="ack-label">Date</span> <span class="ack-line"></span>'; do
	case $sheet in *"$w"*) ;; *) missing="$missing $w" ;; esac
done
check "the role book's print version ends with the acknowledgement sheet: role, version, the manifest's fingerprint, name, signature and date lines" \
	"$([ -n "$fp" ] && [ -z "${missing:-}" ] && tail -n 30 "$work/desk/html/print.html" | grep -q 'ack-sheet' && echo 0 || echo 1)" "missing:${missing:-} in $sheet"
missing=
app=$(sed -n '/<appendix role="acknowledgement">/,/<\/appendix>/p' "$work/desk/docbook/book.xml" | tr -d '\n')
for w in '<title>Acknowledgement</title>' '<para>Book for the role: Desk</para>' '<para>Version: 1.0</para>' \
	'<para>I have read the obligations in this book and agree to comply with them.</para>' \
	"<para>Fingerprint of the obligations: $fp</para>" '<para>Full name: ___' '<para>Signature: ___' '<para>Date: ___'; do
	case $app in *"$w"*) ;; *) missing="$missing $w" ;; esac
done
check "the role book's DocBook ends with the acknowledgement appendix" \
	"$([ -z "${missing:-}" ] && [ "$(grep -c '<appendix' "$work/full/docbook/book.xml")" = 0 ] && echo 0 || echo 1)" "missing:${missing:-} in $app"
missing=
check "the full book has no acknowledgement sheet" "$(grep -q ack-sheet "$work/full/html/print.html" && echo 1 || echo 0)"
err=$(jing "$schema" "$work/full/docbook/book.xml" "$work/desk/docbook/book.xml" 2>&1 | grep -v '^\[warning\]')
check "both DocBook documents are valid (jing)" "$([ -z "$err" ] && echo 0 || echo 1)" "$err"

# Explanatory sentences only: no fingerprint moves.
edit roles/desk.md "A smile helps." "A warm smile helps a great deal."
edit roles/lead.md "Escalations are rare." "Escalations happen seldom, luckily."
edit appearance.md "Colours differ by season." "Colours differ from season to season."
edit general.md "This chapter explains why." "The reasons follow below."
build v2
check "explanatory text changed: every fingerprint stays" "$([ -s "$work/v2.fp" ] && [ -z "$(changed v1 v2)" ] && echo 0 || echo 1)" \
	"changed: $(changed v1 v2) $(cat "$work/v2.log")"

edit appearance.md "must wear a badge" "must wear a name badge"
build v3
check "an obligation of the uniform (desk, tech) changed: exactly desk and tech" "$([ "$(changed v2 v3)" = "desk tech " ] && echo 0 || echo 1)" \
	"changed: $(changed v2 v3)"
edit roles/lead.md "within 2 hours" "within 1 hour"
build v4
check "an obligation of the lead's own standard changed: exactly lead" "$([ "$(changed v3 v4)" = "lead " ] && echo 0 || echo 1)" \
	"changed: $(changed v3 v4)"
edit general.md "Staff must treat" "Staff must always treat"
build v5
check "an obligation of the general provisions changed: every role" "$([ "$(changed v4 v5)" = "desk lead tech " ] && echo 0 || echo 1)" \
	"changed: $(changed v4 v5)"

# ---- a git repository with three versions: 1.0; 1.1 rewords
# explanations only; 1.2 adds an obligation to the uniform (desk, tech)
# and has the general provisions reworded in a commit before it;
# the book in a subfolder ----
repo=$work/repo
mkdir -p "$repo"
git -C "$repo" -c init.defaultBranch=main init -q
# commit MSG WHO DATE: commits the whole tree as WHO on DATE.
commit() {
	git -C "$repo" add -A &&
	GIT_AUTHOR_NAME=$2 GIT_AUTHOR_EMAIL=a@example.org GIT_AUTHOR_DATE=$3 \
	GIT_COMMITTER_NAME=c GIT_COMMITTER_EMAIL=c@example.org GIT_COMMITTER_DATE=$3 \
		git -C "$repo" commit -q -m "$1"
}
book=$repo/std
cp -r "$work/book-v1" "$book"
commit "1.0" "Anna Berg" "2026-01-10T10:00:00+03:00"
edit roles/desk.md "A smile helps." "A warm smile helps a great deal."
edit book.lua '"1.0"' '"1.1"'
commit "1.1: wording" "Boris Orlov" "2026-02-10T10:00:00+03:00"
edit general.md "This chapter explains why." "The reasons follow."
commit "wording, same version" "Boris Orlov" "2026-02-11T10:00:00+03:00"
edit appearance.md "must wear a badge." "must wear a badge. Staff must wear a cap."
edit book.lua '"1.1"' '"1.2"'
commit "1.2: name badges" "Anna Berg" "2026-03-10T10:00:00+03:00"

# ---- the revision history of build (the test runner sets
# SVCBOOK_NO_HISTORY for the books inside svcbook's own repository) ----
hb() { (unset SVCBOOK_NO_HISTORY; "$bin" build "$@" >/dev/null 2>>"$work/hist.log"); }
hb "$book" -o "$work/h1"
hb "$book" -o "$work/h2"
TZ=Pacific/Kiritimati hb "$book" -o "$work/h3"
page=$work/h1/html/history.html
python3 - "$page" >"$work/h.out" 2>&1 <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
main = s[s.index("<main"):s.index("</main>")]
vers = re.findall(r'<h2 id="revision-\d+">Version ([^<]+)</h2>', main)
assert vers == ["1.2", "1.1", "1.0"], vers
metas = re.findall(r'<p class="revision-meta"><time datetime="([^"]+)">[^<]*</time> · ([^·]+) · <code>([0-9a-f]{12})</code>', main)
assert [(d, a.strip()) for d, a, _ in metas] == [("2026-03-10", "Anna Berg"), ("2026-02-10", "Boris Orlov"), ("2026-01-10", "Anna Berg")], metas
v12 = main[:main.index('id="revision-2"')]
roles = re.findall(r"<h3>([^<]+)</h3>", v12)
assert roles == ["Desk", "Lead", "Tech"], roles
assert v12.count('Uniform</a>: changed, <span class="effect effect-stronger">stronger duties</span>') == 2, v12
assert v12.count('Scope</a>: changed, <span class="effect effect-editorial">editorial</span>') == 3, v12
v11 = main[main.index('id="revision-2"'):main.index('id="revision-1"')]
assert re.findall(r"<h3>([^<]+)</h3>", v11) == ["Desk"] and "effect-editorial" in v11, v11
assert "The first version in the history." in main[main.index('id="revision-1"'):]
PY
check "build in git: history.html lists the three versions newest first, date, author, per role the clauses with their effect" $? \
	"$(cat "$work/h.out" "$work/hist.log")"
grep -q '<a href="history.html">Revision history</a>' "$work/h1/html/index.html"
check "the title page links the revision history" $?
python3 - "$work/h1/docbook/book.xml" >"$work/h.out" 2>&1 <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
rh = s[s.index("<revhistory>"):s.index("</revhistory>")]
assert s.index("<revhistory>") < s.index("</info>")
assert re.findall(r"<revnumber>([^<]+)</revnumber>", rh) == ["1.2", "1.1", "1.0"], rh
assert re.findall(r"<date>([^<]+)</date>", rh) == ["2026-03-10", "2026-02-10", "2026-01-10"], rh
assert "<para>Tech: 3.1 Uniform: changed, stronger duties</para>" in rh, rh
PY
check "the DocBook info has a revhistory: versions, dates, the changes per role with their effect" $? "$(cat "$work/h.out")"
err=$(jing "$schema" "$work/h1/docbook/book.xml" 2>&1 | grep -v '^\[warning\]')
check "... and is valid DocBook 5.0 (jing)" "$([ -z "$err" ] && echo 0 || echo 1)" "$err"
vnu=$root/node_modules/vnu-jar/build/dist/vnu.jar
if [ -r "$vnu" ] && command -v java >/dev/null; then
	err=$(java -jar "$vnu" --Werror --format gnu "$page" "$work/h1/html/index.html" "$work/desk/html/print.html" "$work/desk/html/index.html" 2>&1)
	check "history.html, the title page, a role book's cover and print version (its sheet) pass the Nu HTML Checker" "$([ -z "$err" ] && echo 0 || echo 1)" "$err"
else
	not_ok "history.html and the title page pass the Nu HTML Checker" "no vnu ($vnu) or java: make test-deps"
fi
diff -r "$work/h1" "$work/h2" >"$work/h.diff" 2>&1 && diff -r "$work/h1" "$work/h3" >>"$work/h.diff" 2>&1
check "the same commit builds byte-identical output, in any time zone" $? "$(head -n 20 "$work/h.diff")"
hb "$book" -o "$work/h4" --no-history
check "--no-history: no history page, no revhistory" \
	"$([ -s "$work/h4/html/index.html" ] && [ ! -e "$work/h4/html/history.html" ] && ! grep -q revhistory "$work/h4/docbook/book.xml" && ! grep -q history.html "$work/h4/html/index.html" && echo 0 || echo 1)"
git -C "$repo" checkout -q --detach HEAD
hb "$book" -o "$work/h6"
git -C "$repo" checkout -q main
grep -q '<p class="history-partial">The history is partial' "$work/h6/html/history.html" &&
	[ "$(grep -c '<h2 id="revision-' "$work/h6/html/history.html")" = 3 ] &&
	! grep -q 'history-partial' "$page"
check "a detached HEAD: the history it can see, and a note that it is partial" $? "$(grep -c revision- "$work/h6/html/history.html" 2>&1)"
cp -r "$book" "$work/outside"
rm -f "$work/outside/acks.csv"
(unset SVCBOOK_NO_HISTORY; "$bin" build "$work/outside" -o "$work/h5" >/dev/null 2>"$work/h5.log")
rc=$?
check "outside git: exit 0, no diagnostic, no history" \
	"$([ $rc = 0 ] && [ ! -s "$work/h5.log" ] && [ ! -e "$work/h5/html/history.html" ] && echo 0 || echo 1)" "exit $rc: $(cat "$work/h5.log")"

# reread: Ann signed the current version; Bob (tech) and Dan (desk) signed
# versions before the badge; Cat's role (lead) is not affected; Eve signed
# 1.0, then 1.2 (only the latest counts); the file has CRLF ends and quotes.
acks=$work/acks.csv
printf '%s\r\n' 'person,role,version,signed' 'Ann Lee,desk,1.2,2026-03-12' 'Bob Stone,tech,1.0,2026-01-15' \
	'Cat Moss,lead,1.0,2026-01-15' '"Dan, Jr.",desk,1.1,2026-02-15' 'Eve Hart,desk,1.0,2026-01-15' \
	'Eve Hart,desk,1.2,2026-03-15' >"$acks"
"$bin" reread "$book" --acks "$acks" --format json >"$work/reread.json" 2>"$work/reread.err"
check "reread with stale signatures exits 1" "$([ $? = 1 ] && echo 0 || echo 1)" "$(cat "$work/reread.err")"
python3 - "$work/reread.json" >"$work/rr.out" 2>&1 <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["version"] == "1.2", r["version"]
people = [(p["person"], p["role"], p["signed_version"]) for p in r["people"]]
assert people == [("Bob Stone", "tech", "1.0"), ("Dan, Jr.", "desk", "1.1")], people
for p in r["people"]:
    assert p["clauses"] == [{"id": "uniform", "number": "3.1", "title": "Uniform", "effect": "stronger"}], p["clauses"]
assert [p["role_name"] for p in r["people"]] == ["Tech", "Desk"], r["people"]
PY
check "reread --format json: exactly the stale people (not the current, not the unaffected role, not the re-signed), with the uniform clause" \
	$? "$(cat "$work/rr.out" "$work/reread.json")"
"$bin" reread "$book" --acks "$acks" >"$work/reread.txt" 2>&1
grep -q '^Bob Stone (Tech), signed version 1.0:$' "$work/reread.txt" && grep -qx '  3.1 Uniform: stronger duties' "$work/reread.txt" &&
	grep -q '^2 of 5 people must re-read version 1.2\.$' "$work/reread.txt"
check "reread as text names the person, the role, the clause by its title, its effect and the count" $? "$(cat "$work/reread.txt")"
"$bin" reread "$book" --acks "$acks" --format csv >"$work/reread.csv" 2>&1
python3 - "$work/reread.csv" >"$work/rr.out" 2>&1 <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0] == ["person", "role", "signed_version", "clause", "number", "effect", "role_name", "title", "signed_role", "effect_text"], rows[0]
assert [r[5] + "/" + r[9] for r in rows[1:]] == ["stronger/stronger duties"] * 2, rows
assert [r[:4] for r in rows[1:]] == [["Bob Stone", "tech", "1.0", "uniform"], ["Dan, Jr.", "desk", "1.1", "uniform"]], rows
PY
check "reread --format csv: one quoted row per person and clause, the effect also in the book's words" $? "$(cat "$work/rr.out" "$work/reread.csv")"
head -c 3 "$work/reread.csv" | grep -q $'^\xEF\xBB\xBF' && bomless=1 || bomless=0
"$bin" reread "$book" --acks "$acks" --format csv --bom >"$work/reread-bom.csv" 2>&1
check "reread --format csv --bom: the same CSV after a UTF-8 byte order mark, for Excel; none without --bom" \
	"$([ $bomless = 0 ] && [ "$(head -c 3 "$work/reread-bom.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] &&
		cmp -s <(tail -c +4 "$work/reread-bom.csv") "$work/reread.csv" && echo 0 || echo 1)" "$(head -c 200 "$work/reread-bom.csv")"
"$bin" reread "$book" --acks "$acks" --bom >"$work/bom-text.out" 2>"$work/bom-text.err"
check "reread --bom without --format csv: a usage error, exit 2" \
	"$([ $? = 2 ] && [ ! -s "$work/bom-text.out" ] && grep -q 'option --bom goes with --format csv' "$work/bom-text.err" && echo 0 || echo 1)" \
	"$(cat "$work/bom-text.err")"
# The sheet kept in Excel (an addition to FORMAT.md 9, read as the audit
# reads a workbook, src/xlsxread.c): the same rows as a workbook, days as
# Excel's day numbers in a date format, give the same list. A workbook is
# told by its content, a pipe is CSV read from its first byte.
x2x() { python3 "$root/tests/audit/csv2xlsx.py" "$@"; }
x2x "$acks" "$work/acks.xlsx" Signed
for fmt in text json csv; do
	"$bin" reread "$book" --acks "$work/acks.xlsx" --format $fmt >"$work/rx.$fmt" 2>"$work/rx.$fmt.err"
	rc=$?
	"$bin" reread "$book" --acks "$acks" --format $fmt >"$work/rc.$fmt" 2>/dev/null
	check "reread --acks WORKBOOK --format $fmt: exit 1, no diagnostics, the list of the same rows as CSV" \
		"$([ $rc = 1 ] && [ ! -s "$work/rx.$fmt.err" ] && cmp -s "$work/rx.$fmt" "$work/rc.$fmt" && echo 0 || echo 1)" \
		"exit $rc: $(cat "$work/rx.$fmt.err"; diff "$work/rc.$fmt" "$work/rx.$fmt")"
done
cp "$work/acks.xlsx" "$work/acks-xlsx.csv"
"$bin" reread "$book" --acks "$work/acks-xlsx.csv" --format json >"$work/rx2.json" 2>&1
"$bin" reread "$book" --acks <(cat "$acks") --format json >"$work/rp.json" 2>&1
check "... a workbook named .csv is still one; the CSV from a pipe gives the same list" \
	"$(cmp -s "$work/rx2.json" "$work/rc.json" && cmp -s "$work/rp.json" "$work/rc.json" && echo 0 || echo 1)" \
	"$(cat "$work/rx2.json" "$work/rp.json")"
# A row's problems at FILE(SHEET):ROW:COL, the column counted as Excel
# does; a number in the signed column is a day (46093: 2026-03-12) even
# without a date format, as Excel keeps a day pasted as a value.
printf '%s\n' 'person,role,version,signed' 'Ann Lee,dsek,1.2,2026-03-12' 'Bob Stone,tech,1.0,12.03.2026' \
	'Dan Roe,desk,1.1,46093' >"$work/badx.csv"
x2x "$work/badx.csv" "$work/badx.xlsx" Signed
"$bin" reread "$book" --acks "$work/badx.xlsx" >"$work/badx.out" 2>"$work/badx.err"
rc=$?
same "a workbook's bad rows: exit 2, each at FILE(SHEET):ROW:COL, a day number in the signed column read as its day" \
"exit 2
$work/badx.xlsx(Signed):2:2: error: unknown role 'dsek' [bad-acks]
    hint: did you mean 'desk'?
$work/badx.xlsx(Signed):3:4: error: bad date '12.03.2026' [bad-acks]
    hint: did you mean '2026-03-12'?
svcbook: 2 errors, 0 warnings" "exit $rc$([ -s "$work/badx.out" ] && echo ' (and a list)')
$(cat "$work/badx.err")"
# A workbook that cannot be read: exit 2, one error naming the file (the
# sheet, when it is one sheet's part), nothing listed.
python3 - "$work/acks.xlsx" "$work" <<'PY'
import sys, zipfile
src, work = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(work + "/nobook.xlsx", "w") as z:
    z.writestr("notes.txt", "no workbook here")
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(work + "/cut.xlsx", "w") as z:
    for i in zin.infolist():
        if i.filename != "xl/worksheets/sheet1.xml":
            z.writestr(i, zin.read(i))
data = open(src, "rb").read()
open(work + "/short.xlsx", "wb").write(data[:len(data) // 2])
PY
for kind in nobook:"$work/nobook.xlsx: error: the file is a zip archive but no Excel workbook (.xlsx)" \
	short:"$work/short.xlsx: error: the file starts as a zip archive (an Excel workbook) but cannot be read as one: it is cut short" \
	cut:"$work/cut.xlsx(Signed): error: sheet 'Signed' of the workbook cannot be read: its part xl/worksheets/sheet1.xml is missing or not XML [bad-acks]"; do
	"$bin" reread "$book" --acks "$work/${kind%%:*}.xlsx" >"$work/x.out" 2>"$work/x.err"
	rc=$?
	check "a corrupt workbook (${kind%%:*}): exit 2, one error naming the file, nothing listed" \
		"$([ $rc = 2 ] && [ ! -s "$work/x.out" ] && [ "$(grep -c 'error:' "$work/x.err")" = 1 ] && grep -qF "${kind#*:}" "$work/x.err" && echo 0 || echo 1)" \
		"exit $rc: $(cat "$work/x.out" "$work/x.err")"
done
printf 'person,role,version,signed\nAnn Lee,desk,1.2,2026-03-12\nCat Moss,lead,1.0,2026-01-15\n' >"$book/acks.csv"
(cd "$book" && "$bin" reread) >"$work/reread0.txt" 2>&1
check "reread with acks.csv in the book folder, nobody stale: exit 0" "$([ $? = 0 ] && echo 0 || echo 1)" "$(cat "$work/reread0.txt")"

# Bad input: every bad line named at file:line:col, exit 2, nothing on
# standard output.
bad=$work/bad.csv
printf '%s\n' 'person,role,version,signed' 'Ann Lee,dsek,1.2,2026-03-12' 'Bob Stone,tech,0.9,2026-01-15' \
	'Cat Moss,lead,1.0,2026-02-30' 'Dan Roe,desk,1.2' 'Eve "Hart",desk,1.2,2026-03-12' ',desk,1.2,2026-03-12' \
	'Fay Dunn,desk,1.2,2026-03-12' 'Gus Hill, Jr,desk,1.2,2026-03-12' 'Ida Moor,desk,1.2,2030-01-01' >"$bad"
# today pinned to 2026-06-01: 2030-01-01 is in the future
SOURCE_DATE_EPOCH=1780272000 "$bin" reread "$book" --acks "$bad" >"$work/bad.out" 2>"$work/bad.err"
rc=$?
check "reread on bad lines exits 2 and writes nothing to standard output" "$([ $rc = 2 ] && [ ! -s "$work/bad.out" ] && echo 0 || echo 1)" \
	"exit $rc: $(cat "$work/bad.out" "$work/bad.err")"
want="$bad:2:9: error: unknown role 'dsek'
$bad:3:16: error: version '0.9' is in no commit
$bad:4:19: error: bad date '2026-02-30'
$bad:5:17: error: missing column 'signed': the row has 3 fields
$bad:6:5: error:
$bad:7:1: error: empty field 'person'
$bad:9:23: error: 5 fields, the header has 4
$bad:10:19: error: signed on 2030-01-01, after today (2026-06-01)"
missing=
while IFS= read -r w; do grep -qF "$w" "$work/bad.err" || missing="$missing
$w"; done <<<"$want"
check "... each bad line at file:line:col: unknown role, version in no commit, bad date, missing field, bad quoting, empty field" \
	"$([ -z "$missing" ] && echo 0 || echo 1)" "missing:$missing
got: $(cat "$work/bad.err")"
grep -qx '    Ann Lee,dsek,1.2,2026-03-12' "$work/bad.err" && grep -qx '            ^' "$work/bad.err" &&
	[ "$(tail -n 1 "$work/bad.err")" = "svcbook: 8 errors, 0 warnings" ]
check "... each with its line and a caret under the column, and the count at the end, as lint's" $? "$(cat "$work/bad.err")"
# Hints that say what to write: the versions there are; a day as a
# Russian spreadsheet writes it, turned round.
printf 'person,role,version,signed\nAnn Lee,desk,1.02,2026-03-12\nCat Moss,lead,1.0,12.03.2026\n' >"$work/hints.csv"
"$bin" reread "$book" --acks "$work/hints.csv" >/dev/null 2>"$work/hints.err"
same "a version in no commit: the hint lists the versions known; a day written 12.03.2026: did you mean 2026-03-12?" \
"    hint: the versions known: 1.0, 1.1, 1.2
    hint: did you mean '2026-03-12'?" "$(grep 'hint:' "$work/hints.err")"
printf 'person,role,version,signed,person\nAnn Lee,desk,1.2,2026-03-12,Bob\n' >"$work/twice.csv"
"$bin" reread "$book" --acks "$work/twice.csv" >/dev/null 2>"$work/twice.err"
rc=$?
check "a header naming a column twice: exit 2 at the second" "$([ $rc = 2 ] && grep -qF "$work/twice.csv:1:28: error: column 'person' named twice (also column 1)" "$work/twice.err" && echo 0 || echo 1)" \
	"exit $rc: $(cat "$work/twice.err")"
check "... and a line with too many fields is one error" "$(grep -c 'bad.csv:9:' "$work/bad.err" | grep -qx 1 && echo 0 || echo 1)" "$(cat "$work/bad.err")"
check "... and the good line is not reported" "$(grep -q ':8:' "$work/bad.err" && echo 1 || echo 0)" "$(cat "$work/bad.err")"
# The sheet is read as the audit reads its results (src/csvtable.c): Excel's
# ';'-separated "CSV" is one clear error, spaces around an unquoted field
# are trimmed (a role "desk " is the role desk).
printf 'person;role;version;signed\nAnn Lee;desk;1.2;2026-03-12\n' >"$work/semi.csv"
"$bin" reread "$book" --acks "$work/semi.csv" >/dev/null 2>"$work/semi.err"
rc=$?
check "an acknowledgement sheet separated by ';': exit 2 and one error that says so" \
	"$([ $rc = 2 ] && [ "$(grep -c 'error:' "$work/semi.err")" = 1 ] && grep -qF "$work/semi.csv:1:1: error: the file is separated by ';', not by commas" "$work/semi.err" && echo 0 || echo 1)" \
	"exit $rc: $(cat "$work/semi.err")"
printf 'person,role,version,signed\n Dan Roe , desk , 1.1 , 2026-03-12\n' >"$work/spaces.csv"
# A sheet saved by 1C or a Russian Excel in Windows-1251: one error for the
# file that names the encoding, not one a line.
printf 'person,role,version,signed\n\xc8\xe2\xe0\xed\xee\xe2\xe0 \xc0\xed\xed\xe0,desk,1.2,2026-03-12\n\xcf\xe5\xf2\xf0\xee\xe2,lead,1.2,2026-03-12\n' \
	>"$work/cp1251.csv"
"$bin" reread "$book" --acks "$work/cp1251.csv" >/dev/null 2>"$work/cp1251.err"
rc=$?
check "an acknowledgement sheet in Windows-1251: exit 2 and one error that says so" \
	"$([ $rc = 2 ] && [ "$(grep -c 'error:' "$work/cp1251.err")" = 1 ] && grep -qF "$work/cp1251.csv:2:1: error: the file is not UTF-8: it looks like Windows-1251 [bad-acks]" "$work/cp1251.err" && echo 0 || echo 1)" \
	"exit $rc: $(cat "$work/cp1251.err")"
"$bin" reread "$book" --acks "$work/spaces.csv" --format csv >"$work/spaces.out" 2>"$work/spaces.err"
rc=$?
check "... spaces around unquoted fields are trimmed: the version-1.1 signer of desk must re-read, named without them" \
	"$([ $rc = 1 ] && [ ! -s "$work/spaces.err" ] && grep -qx 'Dan Roe,desk,1.1,uniform,.*' "$work/spaces.out" && echo 0 || echo 1)" \
	"exit $rc: $(cat "$work/spaces.err" "$work/spaces.out")"
cp -r "$book" "$work/nogit"
rm -f "$work/nogit/acks.csv"
"$bin" reread "$work/nogit" --acks "$acks" >/dev/null 2>"$work/nogit.err"
check "outside git, a version other than the book's own is unusable input (exit 2)" \
	"$([ $? = 2 ] && grep -q "version '1.0' is not the book's" "$work/nogit.err" && echo 0 || echo 1)" "$(cat "$work/nogit.err")"

# One answer to "who must re-read" (src/rolediff.c): a version whose
# uniform section now also covers the lead is new duty for the lead in
# the history, in the diff's PR comment and in reread alike.
edit appearance.md 'roles="desk tech"' 'roles="desk tech lead"'
edit book.lua '"1.2"' '"1.3"'
commit "1.3: the lead wears the uniform too" "Anna Berg" "2026-04-10T10:00:00+03:00"
hb "$book" -o "$work/h6"
v13=$(sed -n '/id="revision-4"/,/id="revision-3"/p' "$work/h6/html/history.html" | tr -d '\n')
case $v13 in *'<h3>Lead</h3>'*'Uniform</a>: changed, <span class="effect effect-stronger">'*) rc=0 ;; *) rc=1 ;; esac
check "history: a section whose roles= gained the lead is stronger duties for the lead" $rc "$v13"
cp -r "$book" "$work/v13" && git -C "$repo" archive HEAD~1 std | tar -x -C "$work" --transform 's|^std|v12|'
"$bin" diff "$work/v12" "$work/v13" --format markdown >"$work/v13.md" 2>/dev/null
grep -q '^- \*\*Lead\*\*: \[3.1\](#svcbook-uniform)$' "$work/v13.md" && ! grep -q '^- \*\*Desk\*\*' "$work/v13.md"
check "... and the PR comment asks the lead, not desk, to re-read it" $? "$(cat "$work/v13.md")"
printf 'person,role,version,signed\nLee Park,lead,1.2,2026-03-12\nDan Roe,desk,1.2,2026-03-12\n' >"$work/acks13.csv"
"$bin" reread "$book" --acks "$work/acks13.csv" --format csv >"$work/r13.csv" 2>&1
grep -q '^Lee Park,lead,1.2,uniform,3.1,stronger' "$work/r13.csv" && ! grep -q '^Dan Roe' "$work/r13.csv"
check "... and reread lists the lead, not desk" $? "$(cat "$work/r13.csv")"

# A role renamed since a signature is the same role: the person is listed
# under its new id and name, the id they signed for said; a role removed
# since is a warning at the line, and everyone else is still listed.
# 1.4 renames tech to technician and removes lead.
for f in book.lua appearance.md roles/desk.md roles/tech.md; do sed -i 's/\btech\b\([^-]\)/technician\1/g' "$book/$f"; done
mv "$book/roles/tech.md" "$book/roles/technician.md"
rm "$book/roles/lead.md"
sed -i 's/"lead", //; s/^owner = "lead"/owner = "desk"/; s/ lead"/"/' "$book/book.lua" "$book/appearance.md"
edit book.lua '"1.3"' '"1.4"'
commit "1.4: tech is technician, no lead" "Anna Berg" "2026-05-10T10:00:00+03:00"
printf 'person,role,version,signed\nBob Stone,tech,1.0,2026-01-15\nLee Park,lead,1.2,2026-03-12\nDan Roe,desk,1.2,2026-03-12\n' >"$work/acks14.csv"
"$bin" reread "$book" --acks "$work/acks14.csv" >"$work/r14.txt" 2>"$work/r14.err"
rc=$?
grep -qx 'Bob Stone (Tech), signed version 1.0 as tech (the role'"'"'s id until version 1.4):' "$work/r14.txt" &&
	grep -qx '  3.1 Uniform: stronger duties' "$work/r14.txt" && grep -qx '1 of 2 people must re-read version 1.4.' "$work/r14.txt"
check "reread: a role renamed since the signature is resolved in the signed version, the person listed under the new role" \
	"$([ $? = 0 ] && [ $rc = 1 ] && echo 0 || echo 1)" "exit $rc: $(cat "$work/r14.txt" "$work/r14.err")"
grep -q "acks14.csv:3:10: warning: role 'lead' was removed in version 1.4" "$work/r14.err" && ! grep -q 'error:' "$work/r14.err"
check "... and a role removed since is a warning at its line, not an error that stops the list" $? "$(cat "$work/r14.err")"
# The history of 1.4: technician is a new role id; the general provisions
# were in the book before, so they are new to that role, not added, and
# the role's list is in the order of the numbers.
hb "$book" -o "$work/h7"
v14=$(sed -n '/id="revision-5"/,/id="revision-4"/p' "$work/h7/html/history.html" | sed -n '/<h3>Tech<\/h3>/,/<\/ul>/p' | tr -d '\n')
v14=${v14%%</ul>*} # the new role's list (the old one, removed, is also named Tech)
nums=$(grep -o '<span class="num">[0-9.]*</span>' <<<"$v14" | sed 's/<[^>]*>//g' | tr '\n' ' ')
case $v14 in *'Scope</a>: new to this role'*) rc=0 ;; *) rc=1 ;; esac
[ "$nums" = "$(tr ' ' '\n' <<<"$nums" | sed '/^$/d' | sort -t. -k1,1n -k2,2n -k3,3n | tr '\n' ' ')" ] && [ -n "$nums" ] || rc=1
grep -q 'Tech: 1.1 Scope: new to this role' "$work/h7/docbook/book.xml" || rc=1
check "history: clauses the book had, new to a role's book, are 'new to this role' (HTML and DocBook), in number order" $rc "$nums / $v14"
"$bin" reread "$book" --acks "$work/acks14.csv" --format json 2>/dev/null | grep -q '"role": "technician", "role_name": "Tech", "signed_version": "1.0", "signed_role": "tech"'
check "... and JSON gives the role now and the role signed for" $?

# A clause moved from one role's standard to another's, reworded on the
# way (the HR trial's «Хранение багажа»): one answer everywhere, one entry
# per clause and role: new duty (stronger) for the role that gains it, no
# longer for the one that loses it, under the number it had there (another
# clause has it now); the diff (text, JSON, comment), history and reread.
mv=$work/mv
mkdir -p "$mv/book/roles"
cat >"$mv/book/book.lua" <<'LUA'
title = "Стандарты"
language = "ru"
version = "1.0"
roles = { "reception", "concierge" }
LUA
printf '# Общие положения {#general}\n\nСтандарт описывает работу с гостями.\n' >"$mv/book/general.md"
cat >"$mv/book/roles/reception.md" <<'MD'
# Администратор {#reception level=provider}

Администратор встречает гостя.

## Регистрация {#reception-check-in}

Администратор обязан зарегистрировать гостя в течение 5 минут.
MD
cat >"$mv/book/roles/concierge.md" <<'MD'
# Консьерж {#concierge level=provider}

Консьерж помогает гостю.

## Хранение багажа {#luggage}

Консьерж обязан выдать багаж в течение 5 минут.

## Сопровождение {#escort}

Консьерж должен проводить гостя в номер.
MD
mvcommit() {
	git -C "$mv/book" add -A &&
	GIT_AUTHOR_NAME=Olga GIT_AUTHOR_EMAIL=o@example.org GIT_AUTHOR_DATE=$2 \
	GIT_COMMITTER_NAME=c GIT_COMMITTER_EMAIL=c@example.org GIT_COMMITTER_DATE=$2 \
		git -C "$mv/book" commit -q -m "$1"
}
git -C "$mv/book" init -q
mvcommit "1.0" "2026-01-10T10:00:00+03:00"
cp -r "$mv/book" "$mv/v1" && rm -rf "$mv/v1/.git"
python3 - "$mv/book/roles" <<'PY'
import sys
d = sys.argv[1]
c = open(d + "/concierge.md").read()
part = "## Хранение багажа {#luggage}\n\nКонсьерж обязан выдать багаж в течение 5 минут.\n\n"
open(d + "/concierge.md", "w").write(c.replace(part, ""))
open(d + "/reception.md", "a").write("\n" + part.replace("Консьерж", "Администратор"))
PY
sed -i 's/"1.0"/"1.1"/' "$mv/book/book.lua"
mvcommit "1.1" "2026-02-10T10:00:00+03:00"
"$bin" diff "$mv/v1" "$mv/book" >"$mv/t" 2>&1
grep -c 'luggage' "$mv/t" | grep -qx 1 &&
	grep -qx 'перенесён     пункт         2.1.2 luggage «Хранение багажа» \[Администратор: требования строже; Консьерж: больше не для этой роли (был 2.2.1)\]' "$mv/t"
check "diff: a clause moved and reworded is one change, each role's effect, the loser's old number" $? "$(cat "$mv/t")"
"$bin" diff "$mv/v1" "$mv/book" --format json >"$mv/j" 2>&1
python3 - "$mv/j" <<'PY'
import json, sys
ch = [c for c in json.load(open(sys.argv[1]))["changes"] if c["id"] == "luggage"]
assert len(ch) == 1 and ch[0]["kind"] == "moved", ch
assert "Консьерж" in ch[0]["old_text"] and "Администратор" in ch[0]["new_text"], ch
re = {e["role"]: e for e in ch[0]["role_effects"]}
assert re["reception"] == {"role": "reception", "effect": "stronger"}, re
assert re["concierge"]["gone"] == "left-role" and re["concierge"]["old_number"] == "2.2.1", re
PY
check "... JSON: one change, old_text/new_text, role_effects (stronger; left-role with the old number)" $? "$(cat "$mv/j")"
"$bin" diff "$mv/v1" "$mv/book" --format markdown >"$mv/md" 2>&1
grep -qx -- '- \*\*Консьерж\*\*: \[Хранение багажа\](#svcbook-luggage) (был 2.2.1, больше не для этой роли)' "$mv/md" &&
	grep -qx -- '- \*\*Администратор\*\*: \[2.1.2\](#svcbook-luggage)' "$mv/md" &&
	grep -qx -- '- Консьерж: больше не для этой роли (был 2.2.1)' "$mv/md" &&
	[ "$(grep -c '^#### .*Хранение багажа' "$mv/md")" = 1 ]
check "... the comment: the concierge's clause by its title and old number, one entry, each role's effect" $? "$(cat "$mv/md")"
(unset SVCBOOK_NO_HISTORY; "$bin" build "$mv/book" -o "$mv/out" >/dev/null 2>&1)
v=$(sed -n '/id="revision-2"/,/id="revision-1"/p' "$mv/out/html/history.html" | tr -d '\n')
[ "$(grep -o 'Хранение багажа' <<<"$v" | wc -l)" = 2 ] &&
	grep -q '<h3>Администратор</h3><ul class="revision-changes"><li><a href="[^"]*"><span class="num">2.1.2</span> Хранение багажа</a>: перенесён, <span class="effect effect-stronger">требования строже</span></li></ul>' <<<"$v" &&
	grep -q '<h3>Консьерж</h3><ul class="revision-changes"><li><a href="[^"]*">Хранение багажа (был <span class="num">2.2.1</span>)</a>: больше не для этой роли</li></ul>' <<<"$v" &&
	grep -q '<para>Консьерж: Хранение багажа (был 2.2.1): больше не для этой роли</para>' "$mv/out/docbook/book.xml"
check "... history.html and the revhistory: one entry per role, the concierge's under the number it had" $? "$v"
printf 'person,role,version,signed\nАнна,reception,1.0,2026-01-11\nОлег,concierge,1.0,2026-01-11\n' >"$mv/acks.csv"
(cd "$mv/book" && unset SVCBOOK_NO_HISTORY && "$bin" reread . --acks "$mv/acks.csv") >"$mv/r" 2>&1
grep -qx '  2.1.2 Хранение багажа: требования строже' "$mv/r" && grep -qx '  Хранение багажа (был 2.2.1): больше не для этой роли' "$mv/r"
check "... and reread says the same" $? "$(cat "$mv/r")"
# ... a clause that left a role's book under the same number (a section
# whose roles= no longer names the role) is that number everywhere, no "был"
printf '# Внешний вид {#look}\n\n## Форма {#uniform roles="reception concierge"}\n\nСотрудник обязан носить форму.\n' >"$mv/book/appearance.md"
sed -i 's/"1.1"/"1.2"/' "$mv/book/book.lua"
mvcommit "1.2" "2026-03-10T10:00:00+03:00"
sed -i 's/roles="reception concierge"/roles="reception"/' "$mv/book/appearance.md"
sed -i 's/"1.2"/"1.3"/' "$mv/book/book.lua"
mvcommit "1.3" "2026-04-10T10:00:00+03:00"
printf 'person,role,version,signed\nОлег,concierge,1.2,2026-03-11\n' >"$mv/acks2.csv"
(cd "$mv/book" && unset SVCBOOK_NO_HISTORY && "$bin" reread . --acks "$mv/acks2.csv") >"$mv/r2" 2>&1
(unset SVCBOOK_NO_HISTORY; "$bin" build "$mv/book" -o "$mv/out2" >/dev/null 2>&1)
grep -qx '  3.1 Форма: больше не для этой роли' "$mv/r2" &&
	grep -q '<para>Консьерж: 3.1 Форма: больше не для этой роли</para>' "$mv/out2/docbook/book.xml"
check "... reread and the history name a clause that left under an unchanged number by it, no 'был'" $? "$(cat "$mv/r2")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

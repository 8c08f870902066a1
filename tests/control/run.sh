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
LUA
cat >"$book/general.md" <<'MD'
# General provisions

## Scope {#scope}

Staff must treat every customer politely. This chapter explains why.
MD
cat >"$book/roles/desk.md" <<'MD'
# Desk {#desk level=provider line=1}

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

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

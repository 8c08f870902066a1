#!/usr/bin/env bash
# tests/template/run.sh - svcbook's link(), escape() and str() ({{{ }}}),
# written in C for speed (html_lua.c), give what lua/template.lua's own Lua
# functions give, for every case of cases.lua: a book's template prints the
# C results, the lua5.4 interpreter runs the Lua ones, and the two must be
# identical.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${SVCBOOK:-$root/svcbook}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/svcbook-template.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0 passed=0 failed=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | head -n 30 | sed 's/^/#   /'; }
command -v lua5.4 >/dev/null || { echo "Bail out! lua5.4 is not installed (make test-deps)"; exit 1; }

# The same loop in both: one line per case, between markers.
loop='for i, c in ipairs(cases) do local x = c[1] if type(x) == "table" then x = x.text end out[#out + 1] = i .. ": " .. link(c[1], c[2]) .. " | " .. escape(c[2]) .. " | " .. str(c[2]) .. " | " .. str(x) end'

book=$tmp/book
mkdir -p "$book/templates"
printf '# General\n\nText.\n' >"$book/general.md"
{
	printf '{%% local cases = (function()\n'
	cat "$root/tests/template/cases.lua"
	printf '\nend)() %%}\n{%% local out, str = {}, _str %s %%}\n' "$loop"
	printf 'BEGIN-CASES\n{{{ table.concat(out, "\\n") }}}\nEND-CASES\n'
} >"$book/templates/index.html"
if "$bin" build "$book" -o "$tmp/out" --format html --trust-book >"$tmp/build.log" 2>&1; then
	ok "a book's template calls link(), escape() and str() on every case"
else
	not_ok "a book's template calls link(), escape() and str() on every case" "$(cat "$tmp/build.log")"
fi
sed -n '/^BEGIN-CASES$/,/^END-CASES$/p' "$tmp/out/html/index.html" | sed '1d;$d' >"$tmp/c.txt"

(cd "$root" && lua5.4 -e "
	local M = dofile('lua/template.lua')
	local link, escape, str = M.link, M.escape, M.str
	local cases = dofile('tests/template/cases.lua')
	local out = {}
	$loop
	io.write(table.concat(out, '\n'), '\n')
") >"$tmp/lua.txt" 2>&1
cases=$(grep -c '^[[:space:]]*{ ' "$root/tests/template/cases.lua")
if [ "$(wc -l <"$tmp/c.txt")" -eq "$cases" ] && diff -u "$tmp/lua.txt" "$tmp/c.txt" >"$tmp/diff"; then
	ok "C and Lua agree on all $cases cases"
else
	not_ok "C and Lua agree on all $cases cases" "$(cat "$tmp/diff" "$tmp/c.txt" | head -n 40)"
fi
# A render's text goes through html_lua.c's sink, one handle per render:
# a part that fails inside the template's own pcall leaves its handle open,
# and the renders after it still write where they should.
book2=$tmp/book2
mkdir -p "$book2/templates"
printf '# General\n\nText.\n' >"$book2/general.md"
printf '{{{ content }}}' >"$book2/templates/layout.html"
printf 'A{%% local ok = pcall(include, "bad.html") %%}B{{{ include("good.html") }}}<{{ ok }}{{ "<" }}' >"$book2/templates/index.html"
printf 'x{{ 7 }}{%% error("no") %%}y' >"$book2/templates/bad.html"
printf 'G{{ 1 }}{{{ include("good2.html") }}}' >"$book2/templates/good.html"
printf 'H' >"$book2/templates/good2.html"
if "$bin" build "$book2" -o "$tmp/out2" --format html --trust-book >"$tmp/build2.log" 2>&1 &&
	[ "$(cat "$tmp/out2/html/index.html")" = "ABG1H<&lt;" ]; then
	ok "a part that fails inside pcall leaves the page's text whole"
else
	not_ok "a part that fails inside pcall leaves the page's text whole" \
		"$(cat "$tmp/build2.log" "$tmp/out2/html/index.html" 2>&1)"
fi
# {{ v }} and {{{ v }}} go out through put, which escapes and writes the
# values itself (html_lua.c's l_sink_put, template.lua's put): the same text
# as escape(v) and str(v) for every kind of value. A tag whose body is no
# single expression keeps the calls ({{ a, b }} escapes a, {{ }} is "").
book3=$tmp/book3
mkdir -p "$book3/templates"
printf '# General\n\nText.\n' >"$book3/general.md"
printf '{{{ content }}}' >"$book3/templates/layout.html"
cat >"$book3/templates/index.html" <<'TEMPLATE'
{% local vals = { n = 19, nil, false, true, 0, -7, math.mininteger, math.maxinteger, 12.5, -0.0, 1e300, 2^63,
	"a & b <c> \"d\" 'e'", "plain", "", "Клиент «Ё» &", "nul\0byte&<", {}, print } %}
{% for i = 1, vals.n do local v = vals[i] %}
{{ i }}|{{ v }}|{{{ v }}}|{{ v }}{{ v }}{{{ v }}}|{{{ escape(v) }}}|{{{ _str(v) }}}|{{ escape(v) }}
{% end %}
TEMPLATE
cat >"$book3/templates/chapter.html" <<'TEMPLATE'
[{{ "<a>", "<b>" }}][{{ }}][{{{ }}}][{{{ "<x>", 1 }}}]
TEMPLATE
if "$bin" build "$book3" -o "$tmp/out3" --format html --trust-book >"$tmp/build3.log" 2>&1; then
	bad=$(grep '^[0-9]*|' "$tmp/out3/html/index.html" | awk -F'|' 'NF != 7 || $2 != $5 || $3 != $6 || $4 != $2 $2 $3 { print }' | head -n 5)
	lines=$(grep -c '^[0-9]*|' "$tmp/out3/html/index.html")
	if [ -z "$bad" ] && [ "$lines" -eq 19 ] && grep -qxF '[&lt;a&gt;][][][<x>]' "$tmp/out3/html/general.html"; then
		ok "{{ v }} and {{{ v }}} write what escape(v) and str(v) give, for 19 kinds of value"
	else
		not_ok "{{ v }} and {{{ v }}} write what escape(v) and str(v) give, for 19 kinds of value" "$bad"
	fi
else
	not_ok "{{ v }} and {{{ v }}} write what escape(v) and str(v) give, for 19 kinds of value" "$(cat "$tmp/build3.log")"
fi
# A {% if E then %}text{% end %} with nothing but text inside goes out as
# a value of the run, ((E) and "text") (template.lua's merge_ifs): the same
# text as the if, its line breaks kept (an error's line is the template's),
# and an if whose condition is no single expression left as it is.
book4=$tmp/book4
mkdir -p "$book4/templates"
printf '# General\n\nText.\n' >"$book4/general.md"
printf '{{{ content }}}' >"$book4/templates/layout.html"
cat >"$tmp/index4.html" <<'TEMPLATE'
A{% if page then %}
lit "q" & <b>
{% end %}B{% if nil then %}no{% end %}C
{% if page.kind == "index" then %} yes{% end %}{# c
#}
   {% if false then %}
  x
   {% end %}
{% if page then %}{% end %}|{% if 0 then %}zero{% end %}|{% if page then -- c
%}w{% end %}|{% if (function() if true then return 1 end end)() then %}f{% end %}|{% if page.nosuch or 1 then %}t{% end %}
TEMPLATE
{ cat "$tmp/index4.html"; printf '{%% if page then %%}a\0b{%% end %%}{{ 1 }}\n{%% if page\n then %%}\n{%% end %%}{{ error("here") }}'; } >"$book4/templates/index.html"
"$bin" build "$book4" -o "$tmp/out4" --format html --trust-book >"$tmp/build4.log" 2>&1
if grep -q 'templates/index.html:14: here' "$tmp/build4.log"; then
	ok "an if made a value keeps the template's line numbers"
else
	not_ok "an if made a value keeps the template's line numbers" "$(cat "$tmp/build4.log")"
fi
{ cat "$tmp/index4.html"; printf '{%% if page then %%}a\0b{%% end %%}{{ 1 }}\n'; } >"$book4/templates/index.html"
want=$(printf 'A\nlit "q" & <b>\nBC\n yes\n|zero|w|f|t\na\0b1\n' | od -c)
if "$bin" build "$book4" -o "$tmp/out4" --format html --trust-book >"$tmp/build4.log" 2>&1 &&
	[ "$(od -c <"$tmp/out4/html/index.html")" = "$want" ]; then
	ok "an if with only text inside writes what the if writes"
else
	not_ok "an if with only text inside writes what the if writes" "$(cat "$tmp/build4.log"; od -c "$tmp/out4/html/index.html" | head)"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

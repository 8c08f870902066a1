#!/usr/bin/env bash
# tests/xss/run.sh - script payloads in every place a book can put text
# (headings, attributes, term names and aka, link and image URLs,
# references and their text, book.lua strings, role names, tables, raw
# HTML) must not come out as markup that runs: check.py parses every HTML
# page, the DocBook and the EPUB's content documents. Also with unsafe_html = true, where the raw HTML of
# the bodies (its payloads say alert(2)) passes by the book's choice, and
# everything else (alert(1): Markdown link URLs, headings, names,
# attributes, book.lua) is still checked. Prints "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SVCBOOK:-$root/svcbook}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
b=$work/book
mkdir -p "$b/roles"
cat >"$b/book.lua" <<LUA
title = "T </title><script>alert(1)</script>"
organization = "O \"><img src=x onerror=alert(1)>"
version = "1 <svg onload=alert(1)>"
url = "javascript:alert(1)//"
language = "en"
LUA
cat >"$b/terms.md" <<MD
# Terms <script>alert(2)</script>

## Clerk <img src=x onerror=alert(2)> {#clerk aka="<script>alert(2)</script>, x\" onmouseover=\"alert(1)"}

A person. <script>alert(2)</script> <a href="javascript:alert(2)" onclick="alert(2)">click</a>

## Evil" onmouseover="alert(1) {#evil-term}

Definition with [[clerk|<b onmouseover=alert(2)>text</b>]] and [[clerk|x" onfocus="alert(1)]].
MD
cat >"$b/general.md" <<MD
# General provisions

## Links {#links title="\" onload=\"alert(1)"}

[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](javas&#99;ript:alert(1))
[d](&#106;avascript:alert(1)) [e](vbscript:msgbox(1)) [f](data:text/html,<script>alert(1)</script>)
![g](javascript:alert(1)) ![h](x" onerror="alert(1)) [i](x" onclick="alert(1))
<javascript:alert(1)> <https://example.com/" onmouseover="alert(1)>
[j](java
script:alert(1)) [k](  javascript:alert(1)) [l](&#x6A;avascript:alert(1))

<iframe src="javascript:alert(2)"></iframe>

<div onmouseover="alert(2)">raw block</div>

| <script>alert(2)</script> | [m](javascript:alert(1)) |
| --- | --- |
| <img src=x onerror=alert(2)> | [[clerk]] |

See [[@clerk-role]], [[#links]], [[<script>alert(2)</script>]], [[x" onmouseover="y]].

## Heading with "quotes" and <script>alert(2)</script> {#xss-heading}

Text.
MD
cat >"$b/roles/clerk-role.md" <<MD
# Clerk <script>alert(2)</script> {#clerk-role level=provider line=1}

## Serving {#clerk-serving}

A [[clerk]] is polite. <svg/onload=alert(2)>
MD
"$bin" build "$b" -o "$work/out" --format html,docbook,epub >/dev/null 2>"$work/log"
rc=$?
[ $rc -le 1 ] || { echo "not ok 1 - the payload book builds (exit $rc)"; cat "$work/log"; echo "0 passed, 1 failed"; exit 1; }
python3 "$here/check.py" "$work/out" safe >"$work/r1"
printf '\nunsafe_html = true\n' >>"$b/book.lua"
"$bin" build "$b" -o "$work/out2" --format html,docbook,epub --trust-book >/dev/null 2>"$work/log2"
python3 "$here/check.py" "$work/out2" unsafe >"$work/r2"
# one count for both runs, as tests/run.sh reads the last line
grep -v ' passed, ' "$work/r1" "$work/r2" -h
p=$(cat "$work/r1" "$work/r2" | grep -c '^ok ')
f=$(cat "$work/r1" "$work/r2" | grep -c '^not ok ')
[ "$(cat "$work/r1" "$work/r2" | grep -c ' passed, ')" = 2 ] || f=$((f + 1))
echo "$p passed, $f failed"
[ "$f" -eq 0 ]

#!/usr/bin/env bash
# scripts/pot.sh - extracts svcbook's messages into po/svcbook.pot (`make pot`).
# xgettext takes one argument position per keyword and run, so the format
# strings and the hints of diag_add and its wrappers are separate passes.
set -euo pipefail
cd "$(dirname "$0")/.."
pot=${1:-po/svcbook.pot}   # usage: scripts/pot.sh [OUT.pot]
x() { xgettext -o "$pot" --from-code=UTF-8 --no-location --sort-output --package-name=svcbook "$@"; }
fmt() { printf -- '--keyword=%s:%s --flag=%s:%s:c-format ' "$1" "$2" "$1" "$2"; }
# shellcheck disable=SC2046
x --keyword=_ --keyword=N_ --keyword=dngettext:2,3 $(fmt diag_add 8) $(fmt diag_addv 8) $(fmt cli_usage_error 2) \
	$(fmt key_diag 7) src/*.c src/diagid.h
x -j --keyword=diag_add:7 --keyword=diag_addv:7 --keyword=key_diag:6 src/*.c
# the wrappers named bad(): (R, line, col, rule, hint, fmt) in audit.c and csvtable.c,
# (R, line, col, hint, fmt) in reread.c
# shellcheck disable=SC2046
x -j $(fmt bad 6) src/audit.c src/csvtable.c
x -j --keyword=bad:5 src/audit.c src/csvtable.c
# shellcheck disable=SC2046
x -j $(fmt bad 5) src/reread.c
x -j --keyword=bad:4 src/reread.c
x -j -L Lua --keyword=_ --keyword=svcbook._ --keyword=N_ lua/rules/*.lua

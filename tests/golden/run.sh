#!/usr/bin/env bash
# tests/golden/run.sh - golden tests: each tests/golden/CASE/book/ is built and
# its outputs compared with the expected files beside it (only those present):
#   expected.lint       diagnostics (stderr of `svcbook build .` run in book/)
#   expected.rc         the exit status of that build
#   expected.xml        out/docbook/book.xml
#   expected.NAME.html  out/html/NAME.html
#   args                extra arguments for the build, one a line (optional)
#   env                 environment for the build, NAME=VALUE a line (optional;
#                       the messages are English unless it sets LANGUAGE)
#
# usage: tests/golden/run.sh [CASE...]           compare; prints "N passed, N failed"
#        tests/golden/run.sh --regen [CASE...]   rewrite the expected files from
#            this build, asking before changing one (REGEN=yes: without asking).
#            A case with no expected file gets expected.lint, .rc and .xml.
# env:   SVCBOOK=path   the binary (default: ./svcbook of this checkout)
set -u
# svcbook's repository is git: a build of a book inside it would show the
# repository's revision history, which a copy elsewhere has not
export SVCBOOK_NO_HISTORY=1
# messages in English, whatever the book's language (a case's env file
# sets LANGUAGE= for the book's language, or another)
export LANGUAGE=en

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SVCBOOK:-$root/svcbook}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac

regen=0 kept=0
if [ "${1:-}" = --regen ]; then
	regen=1
	shift
fi

[ -x "$bin" ] || { echo "Bail out! no svcbook binary at $bin (run make)"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/svcbook-golden.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cases=()
if [ $# -gt 0 ]; then
	for c in "$@"; do cases+=("${c%/}"); done
else
	for d in "$here"/*/book; do
		[ -d "$d" ] || continue
		d=${d%/book}
		cases+=("${d##*/}")
	done
fi

n=0 passed=0 failed=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -z "${2:-}" ] || sed 's/^/#   /' "$2" | head -n 60
}

# build CASE: runs the build in CASE/book with paths relative to it; leaves
# $tmp/CASE/{stderr,rc,out/}.
build() {
	local c=$1 w=$tmp/$1 args=() envs=()
	mkdir -p "$w"
	if [ -f "$here/$c/args" ]; then
		mapfile -t args <"$here/$c/args"
	fi
	if [ -f "$here/$c/env" ]; then
		mapfile -t envs <"$here/$c/env"
	fi
	(cd "$here/$c/book" && NO_COLOR=1 env "${envs[@]}" timeout 60 "$bin" build . -o "$w/out" "${args[@]}") \
		>"$w/stdout" 2>"$w/stderr"
	echo $? >"$w/rc"
}

# actual CASE EXPECTED-FILE-NAME: the path of the output it is compared with.
actual() {
	local w=$tmp/$1
	case $2 in
	expected.lint) echo "$w/stderr" ;;
	expected.rc) echo "$w/rc" ;;
	expected.xml) echo "$w/out/docbook/book.xml" ;;
	expected.*.html) local page=${2#expected.}; echo "$w/out/html/$page" ;;
	*) return 1 ;;
	esac
}

# confirm QUESTION: yes under REGEN=yes, else ask on the terminal.
confirm() {
	[ "${REGEN:-}" = yes ] && return 0
	if [ ! -r /dev/tty ] || ! { true </dev/tty; } 2>/dev/null; then
		echo "regen: no terminal to ask on; run with REGEN=yes to overwrite" >&2
		return 1
	fi
	local answer
	printf '%s [y/N] ' "$1" >/dev/tty
	read -r answer </dev/tty || return 1
	[ "$answer" = y ] || [ "$answer" = Y ]
}

for c in "${cases[@]}"; do
	if [ ! -d "$here/$c/book" ]; then
		not_ok "$c: no such case (no $here/$c/book)"
		continue
	fi
	build "$c"
	expected=()
	for f in "$here/$c"/expected.*; do
		[ -f "$f" ] && expected+=("${f##*/}")
	done

	if [ "$regen" -eq 1 ]; then
		[ ${#expected[@]} -gt 0 ] || expected=(expected.lint expected.rc expected.xml)
		for e in "${expected[@]}"; do
			a=$(actual "$c" "$e") || { echo "regen: $c/$e: unknown kind of expected file" >&2; continue; }
			if [ ! -f "$a" ]; then
				echo "regen: $c/$e: the build wrote no such output (exit $(cat "$tmp/$c/rc")); left alone" >&2
				continue
			fi
			if [ -f "$here/$c/$e" ] && cmp -s "$a" "$here/$c/$e"; then
				continue
			fi
			if [ -f "$here/$c/$e" ]; then
				diff -u "$here/$c/$e" "$a" | head -n 80 >&2
				confirm "overwrite $c/$e?" || { echo "regen: $c/$e kept" >&2; kept=1; continue; }
			fi
			cp "$a" "$here/$c/$e"
			echo "regen: wrote $c/$e" >&2
		done
		continue
	fi

	if [ ${#expected[@]} -eq 0 ]; then
		not_ok "$c: no expected files (make regen writes them)"
		continue
	fi
	if [ "$(cat "$tmp/$c/rc")" = 124 ]; then
		not_ok "$c: the build timed out"
		continue
	fi
	for e in "${expected[@]}"; do
		if ! a=$(actual "$c" "$e"); then
			not_ok "$c/$e: unknown kind of expected file"
		elif [ ! -f "$a" ]; then
			echo "the build (exit $(cat "$tmp/$c/rc")) wrote no ${a#"$tmp/$c/"}; its stderr:" >"$tmp/why"
			head -n 20 "$tmp/$c/stderr" >>"$tmp/why"
			not_ok "$c/$e" "$tmp/why"
		elif diff -u --label "$c/$e" --label actual "$here/$c/$e" "$a" >"$tmp/why"; then
			ok "$c/$e"
		else
			not_ok "$c/$e" "$tmp/why"
		fi
	done
done

[ "$regen" -eq 1 ] && exit "$kept"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$n" -gt 0 ]

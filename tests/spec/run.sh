#!/usr/bin/env bash
# tests/spec/run.sh - every example of the CommonMark/GFM spec and of the GFM
# extension tests, compiled into a small book (as the body of a section of
# general.md, and as the definition of a term in terms.md, which becomes a
# glossentry), must give DocBook 5.0 that is valid (jing and libxml2 agree)
# and keeps every word of the example's plain text (in order in general.md).
#
# usage: tests/spec/run.sh            (from anywhere; builds ./svcbook first)
# env:   SVCBOOK=path   use this binary instead of building one
#        SPEC_DATA=dir  where commonmark-gfm-spec.txt and gfm-extensions.txt are
#        KEEP=1         keep the temporary folder and print its path
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
# The spec texts sit beside the checkout, in ../shared/testdata (a git
# worktree elsewhere finds them in the workplace's /work/shared/testdata).
data=${SPEC_DATA:-$root/../shared/testdata}
[ -n "${SPEC_DATA:-}" ] || [ -d "$data" ] || data=/work/shared/testdata
schema=/usr/share/xml/docbook/schema/rng/5.0/docbook.rng
jobs=${JOBS:-2}

bail() {
	echo "Bail out! $*"
	exit 1
}

for f in commonmark-gfm-spec.txt gfm-extensions.txt; do
	[ -r "$data/$f" ] || bail "no $data/$f (set SPEC_DATA)"
done
[ -r "$schema" ] || bail "no DocBook 5.0 schema at $schema (apt-get install docbook5-xml)"
command -v jing >/dev/null || bail "jing is not installed (apt-get install jing)"

if [ -n "${SVCBOOK:-}" ]; then
	svcbook=$SVCBOOK
else
	make -s -C "$root" svcbook >&2 || bail "cannot build svcbook"
	svcbook=$root/svcbook
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/svcbook-spec.XXXXXX")
if [ -n "${KEEP:-}" ]; then
	echo "# keeping $tmp" >&2
else
	trap 'rm -rf "$tmp"' EXIT
fi

pkgs="libcmark-gfm libxml-2.0 libutf8proc"
# shellcheck disable=SC2046
cc -std=c11 -O2 -o "$tmp/check" "$root/tests/spec/check.c" \
	$(pkg-config --cflags --libs $pkgs) || bail "cannot build tests/spec/check.c"

# Split the spec files: $tmp/md/N.md holds example N's Markdown (tabs
# restored), $tmp/index lists "N FILE LINE".
mkdir -p "$tmp/md" "$tmp/b"
n=0
for f in commonmark-gfm-spec.txt gfm-extensions.txt; do
	case $f in commonmark*) label=spec ;; *) label=extensions ;; esac
	n=$(awk -v out="$tmp/md" -v n="$n" -v name="$label" -v index_file="$tmp/index" '
		BEGIN { fence = "````````````````````````````````" }
		index($0, fence " example") == 1 {
			n++; inex = 1; inmd = 1; file = out "/" n ".md"
			printf "" > file
			print n, name, NR >> index_file
			next
		}
		inex && inmd && $0 == "." { inmd = 0; next }
		inex && $0 == fence { inex = 0; close(file); next }
		inex && inmd { gsub(/→/, "\t"); print > file }
		END { print n }
	' "$data/$f")
done
total=$n
[ "$total" -gt 0 ] || bail "no examples found"

# One book per example: the example is the body of a section of general.md
# and the definition of a term in terms.md.
while read -r i _ _; do
	d=$tmp/b/$i
	mkdir "$d"
	printf 'title = "Spec example %s"\nlanguage = "en"\n' "$i" >"$d/book.lua"
	{ printf '# Spec example %s\n\n## Example\n\n' "$i"; cat "$tmp/md/$i.md"; } >"$d/general.md"
	{ printf '# Terms\n\n## Example term\n\n'; cat "$tmp/md/$i.md"; } >"$d/terms.md"
done <"$tmp/index"

# Build them all, two at a time; each build's exit status goes to rc.
cut -d' ' -f1 "$tmp/index" | xargs -P "$jobs" -I{} sh -c '
	d="$2/b/$1"
	"$0" build "$d" -o "$d/out" --format docbook >"$d/log" 2>&1
	echo $? >"$d/rc"
' "$svcbook" {} "$tmp"

# jing once for every document (the JVM starts slowly); its messages are
# "PATH:LINE:COL: error: TEXT".
xmls=()
while read -r i _ _; do
	x=$tmp/b/$i/out/docbook/book.xml
	[ -f "$x" ] && xmls+=("$x")
done <"$tmp/index"
mkdir -p "$tmp/jing"
if [ "${#xmls[@]}" -gt 0 ]; then
	jing "$schema" "${xmls[@]}" 2>&1 | grep -v '^\[warning\]' >"$tmp/jing.out"
	while IFS= read -r line; do
		case $line in
		"$tmp"/b/*) ;;
		*) continue ;;
		esac
		i=${line#"$tmp"/b/}
		i=${i%%/*}
		[ -f "$tmp/jing/$i" ] || printf '%s\n' "${line#*book.xml:}" >"$tmp/jing/$i"
	done <"$tmp/jing.out"
fi

# Words and libxml2's own validation.
while read -r i _ _; do
	echo "$i $tmp/md/$i.md $tmp/b/$i/out/docbook/book.xml"
done <"$tmp/index" >"$tmp/list"
"$tmp/check" "$schema" "$tmp/list" >"$tmp/check.out" || bail "the checker failed"
declare -A why
while read -r i rest; do
	why[$i]=$rest
done <"$tmp/check.out"

passed=0
failed=0
while read -r i file line; do
	d=$tmp/b/$i
	rc=$(cat "$d/rc" 2>/dev/null || echo none)
	reason=
	if [ "$rc" = none ]; then
		reason="svcbook did not run"
	elif [ "$rc" -ge 2 ]; then
		reason="svcbook exited with status $rc: $(grep -m1 . "$d/log" | cut -c1-200)"
	elif [ ! -f "$d/out/docbook/book.xml" ]; then
		reason="no DocBook written"
	elif [ -f "$tmp/jing/$i" ]; then
		reason="invalid DocBook (jing): $(cut -c1-200 "$tmp/jing/$i")"
	elif [ "${why[$i]:-missing}" != ok ]; then
		reason=${why[$i]:-"not checked"}
	fi
	if [ -z "$reason" ]; then
		echo "ok $i - example $i ($file line $line)"
		passed=$((passed + 1))
	else
		echo "not ok $i - example $i ($file line $line): $reason"
		failed=$((failed + 1))
	fi
done <"$tmp/index"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

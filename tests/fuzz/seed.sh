#!/usr/bin/env bash
# tests/fuzz/seed.sh OUTDIR - the fuzzer's seed corpus: every example of the
# CommonMark/GFM spec texts in ../shared/testdata (one file each, as the
# book's general.md) and the bundled book joined into one input (its files
# separated by "@@@" lines in the order fuzz_book.c expects).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
data=${SPEC_DATA:-$root/../shared/testdata}
[ -d "$data" ] || data=/work/shared/testdata
mkdir -p "$out"
for f in "$data"/commonmark-gfm-spec.txt "$data"/gfm-extensions.txt; do
	[ -r "$f" ] || { echo "seed.sh: no $f" >&2; exit 2; }
	# Examples sit between a line of 32 backticks + " example" and a line of
	# 32 backticks; "→" stands for a tab in the spec.
	awk -v out="$out" -v tag="$(basename "$f" .txt)" '
		BEGIN { fence = "````````````````````````````````" }
		$0 == fence " example" { inex = 1; seen = 0; n++; file = sprintf("%s/%s-%04d.md", out, tag, n); printf "" > file; next }
		$0 == fence && inex { inex = 0; close(file); next }
		inex && !seen { if ($0 == ".") { seen = 1; next } gsub(/→/, "\t"); print > file }
	' "$f"
done
s=$root/standards
{
	for p in general.md terms.md principles.md journey.md; do cat "$s/$p"; echo "@@@"; done
	cat "$s/roles/operator-l1.md"; echo "@@@"
	cat "$s/roles/shift-manager.md"; echo "@@@"
	cat "$s/appearance.md"
} >"$out/standards.md"
echo "seed.sh: $(ls "$out" | wc -l) inputs in $out"

#!/usr/bin/env bash
# The source tree keeps the shape docs/architecture.md promises: no source
# file over 1,000 lines (issue 16), each opens with a comment that names
# it and says what it does, and each module is on the architecture page
# (by its name or a family's pattern, such as html*.c).
# Prints "ok N - ..." / "not ok N - ..." and "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
pass=0 fail=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/#   /'; return 0; }

MAX=1000
long=$(wc -l src/*.c src/*.h | awk -v max=$MAX '$2 != "total" && $1 > max { print $2 ": " $1 " lines" }')
if [ -z "$long" ]; then ok "no file in src/ has more than $MAX lines"; else not_ok "no file in src/ has more than $MAX lines" "$long"; fi

bad=
for f in src/*.c src/*.h; do
	head -n 1 "$f" | grep -q "^/\* ${f#src/} - " || bad="$bad${bad:+
}$f: $(head -n 1 "$f")"
done
if [ -z "$bad" ]; then ok "every file in src/ opens with '/* NAME - what it does'"; else not_ok "every file in src/ opens with '/* NAME - what it does'" "$bad"; fi

# The page names a module as "name.c" or within a pattern "prefix*.c".
doc=docs/architecture.md
patterns=$(grep -Eo '[a-z_]+\*\.c' "$doc" | sort -u)
missing=
for f in src/*.c; do
	b=${f#src/}
	grep -Eq "(^|[^a-z_])${b//./\\.}" "$doc" && continue
	found=
	for p in $patterns; do
		case $b in ${p}) found=1 ;; esac
	done
	[ -n "$found" ] || missing="$missing $b"
done
if [ -z "$missing" ]; then ok "every module of src/ is on $doc"; else not_ok "every module of src/ is on $doc" "missing:$missing"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# bench/audit.sh - times svcbook audit on a generated results file of N rows
# (default 1000000) scored against the bundled book's checklists, and
# reports the median wall time and the largest resident memory (GNU time).
# Issue 19's target: 1 million rows in under 2 s and under 200 MiB.
#
# usage: bench/audit.sh [ROWS]
# environment: BENCH_RUNS (default 5), BENCH_DIR (default bench/out),
#              SVCBOOK (default ./svcbook)
set -u
ROWS=${1:-1000000}
RUNS=${BENCH_RUNS:-5}
DIR=${BENCH_DIR:-bench/out}
SVCBOOK=${SVCBOOK:-./svcbook}
BOOK=standards
mkdir -p "$DIR"
[ -x /usr/bin/time ] || { echo "bench/audit.sh: needs GNU time (/usr/bin/time, Debian package time)" >&2; exit 2; }

# Every checklist item of the book, "role,item", from a build's blank sheets.
"$SVCBOOK" build "$BOOK" -o "$DIR/audit-book" --format html >/dev/null 2>&1 || { echo "build failed" >&2; exit 2; }
cat "$DIR"/audit-book/audit/*.csv | tr -d '\r' | grep -v '^date,' | cut -d, -f4,5 >"$DIR/audit-items.txt"

# ROWS rows: 400 employees in 20 departments, a visit a month per employee
# from 2000 on, each visit every item of the employee's role (so there
# are no duplicate rows); results 80 % yes, 15 % no, 5 % na.
csv=$DIR/audit-$ROWS.csv
{ # made afresh: the checklists follow the book
	awk -v rows="$ROWS" -v items="$DIR/audit-items.txt" 'BEGIN {
		while ((getline l < items) > 0) { split(l, p, ","); if (!(p[1] in n)) roles[nr++] = p[1]; it[p[1], n[p[1]]++] = p[2] }
		print "date,employee,department,role,item,result,auditor,comment"
		srand(19); out = 0
		for (v = 0; out < rows; v++) {
			e = v % 400; m = int(v / 400)
			role = roles[e % nr]
			date = sprintf("%04d-%02d-%02d", 2000 + int(m / 12), m % 12 + 1, 1 + e % 28)
			for (i = 0; i < n[role] && out < rows; i++) {
				r = rand(); res = r < 0.8 ? "yes" : r < 0.95 ? "no" : "na"
				printf "%s,Employee %d,Department %d,%s,%s,%s,Auditor %d,\n", date, e, e % 20, role, it[role, i], res, m % 7
				out++
			}
		}
	}' >"$csv"
}
echo "results file: $csv, $(wc -l <"$csv") lines, $(du -m "$csv" | cut -f1) MB"

i=0
: >"$DIR/audit-times.txt"
while [ $i -lt "$RUNS" ]; do
	/usr/bin/time -f '%e %M %U %S' -o "$DIR/audit-time.txt" "$SVCBOOK" audit "$BOOK" "$csv" --format json >"$DIR/audit-report.json" 2>"$DIR/audit-err.txt" ||
		{ echo "audit failed:" >&2; head "$DIR/audit-err.txt" >&2; exit 2; }
	cat "$DIR/audit-time.txt" >>"$DIR/audit-times.txt"
	i=$((i + 1))
done
# wall and CPU (user + system) medians apart: on a shared machine the wall
# time waits for a core, the CPU time does not
awk '{ print $3 + $4 }' "$DIR/audit-times.txt" | sort -n >"$DIR/audit-cpu.txt"
cpu=$(awk '{ c[NR] = $1 } END { print c[int((NR + 1) / 2)] }' "$DIR/audit-cpu.txt")
sort -n "$DIR/audit-times.txt" | awk -v runs="$RUNS" -v cpu="$cpu" '{ t[NR] = $1; if ($2 > m) m = $2 }
	END { printf "svcbook audit, %d runs: median %.2f s wall, %.2f s CPU, largest RSS %.1f MiB (target: < 2 s, < 200 MiB)\n", runs, t[int((NR + 1) / 2)], cpu, m / 1024 }'
grep -o '"results": [0-9]*, "duplicates": [0-9]*' "$DIR/audit-report.json"

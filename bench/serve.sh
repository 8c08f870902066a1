#!/bin/sh
# bench/serve.sh - times `svcbook serve` on a generated book: its first
# build, then one-file edits, each from the write of a role file until a GET
# of that role's page returns the new text (issue 16: <= 0.3 s on 10 MB).
#
# usage: bench/serve.sh [SIZE_MB...]     (default: $BENCH_SERVE_SIZES, else 10)
# environment:
#   BENCH_RUNS   edits timed per size, the median is reported (default 5, at least 5)
#   BENCH_DIR    where books and outputs go (default bench/out)
#   SVCBOOK      the binary to time (default ./svcbook)
#   GEN          the generator (default bench/gen)
# The book is a copy of bench/out/SIZE/book (generated as bench/run.sh does),
# so the edits never reach the book the other rows time. The page is
# fetched as an open page reloads: when the version endpoint (a long poll)
# says the pages changed.
set -u

SIZES=${*:-${BENCH_SERVE_SIZES:-10}}
RUNS=${BENCH_RUNS:-5}
DIR=${BENCH_DIR:-bench/out}
SVCBOOK=${SVCBOOK:-./svcbook}
GEN=${GEN:-bench/gen}
TARGET_S=0.3

say() { printf '%s\n' "$*"; }
die() { printf 'bench/serve: %s\n' "$*" >&2; exit 2; }
NOW() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(NOW)" 'BEGIN { printf "%.4f", b - a }'; }

[ -x "$SVCBOOK" ] || die "no $SVCBOOK: run make first"
[ -x "$GEN" ] || die "no $GEN: run make bench (it builds it)"
command -v curl >/dev/null || die "curl is needed to poll the served pages"
command -v python3 >/dev/null || die "python3 is needed to poll the served page"
[ "$RUNS" -ge 5 ] 2>/dev/null || die "BENCH_RUNS must be at least 5"
export SVCBOOK_TRUST_BOOK=1 SVCBOOK_NO_HISTORY=1
mkdir -p "$DIR" || die "cannot create $DIR"

pid=
stop() { [ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=; }; }
trap 'stop' EXIT
trap 'stop; exit 130' INT TERM

# the server's CPU time so far (all its threads), in seconds: on a shared
# machine it moves less than the wall time
TICK=$(getconf CLK_TCK)
cpu() { awk -v t="$TICK" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / t }' "/proc/$1/stat"; }

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

RES="$DIR/serve.tsv"   # size what round seconds cpu_seconds
: >"$RES"
for size in $SIZES; do
	book="$DIR/$size"
	if [ ! -f "$book/book.md" ] || [ -n "$(find "$GEN" -newer "$book/book.md")" ]; then
		rm -rf "$book"
		"$GEN" -m "$size" "$book" >/dev/null 2>&1 || die "the generator failed for $size MB"
	fi
	work="$DIR/serve-$size"
	rm -rf "$work"
	mkdir -p "$work" && cp -a "$book/book" "$work/book" || die "cannot copy the book"
	# the role edited: the first one, its page role-ID.html
	role=$(ls "$work/book/roles" | head -n 1)
	page=role-${role%.md}.html
	sync
	t0=$(NOW)
	"$SVCBOOK" serve "$work/book" --port 0 -o "$work/out" >"$work/serve.out" 2>"$work/serve.err" &
	pid=$!
	port=
	while [ -z "$port" ]; do
		kill -0 "$pid" 2>/dev/null || die "serve ended: $(tail -n 3 "$work/serve.err")"
		port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/serve.out")
		[ -n "$port" ] || sleep 0.01
	done
	printf '%s\tfirst\t1\t%s\t%s\n' "$size" "$(since "$t0")" "$(cpu "$pid")" >>"$RES"
	url=http://127.0.0.1:$port/$page
	curl -sf "$url" >/dev/null || die "GET $url failed"
	run=1
	while [ "$run" -le "$RUNS" ]; do
		printf '\r%s MB: edit %s of %s ' "$size" "$run" "$RUNS" >&2
		# the server idle: the last edit's rules have run (serve runs them
		# after the pages are out), then a quiet pause
		# (a serve older than this script says nothing of its rules: a second)
		until curl -s "http://127.0.0.1:$port/__svcbook/version?since=-1" | grep -q '"checked": true\|^{"version": [0-9]*, "state"'; do
			kill -0 "$pid" 2>/dev/null || die "serve ended: $(tail -n 3 "$work/serve.err")"
			sleep 0.05
		done
		sleep 1
		mark="4821357$size$run$$"
		c0=$(cpu "$pid")
		# as an open page does it: the version endpoint answers when the
		# pages change (a long poll), then the page is fetched; a page
		# polled every few ms instead is laid out each time, and that work
		# slowed the rebuild it waited for
		t=$(python3 - "$work/book/roles/$role" "http://127.0.0.1:$port" "/$page" "$mark" <<'PY'
import json, sys, time, urllib.request
path, base, page, mark = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
def get(url):
    with urllib.request.urlopen(base + url, timeout=60) as r:
        return r.read()
version = json.loads(get('/__svcbook/version?since=-1'))['version']
t0 = time.monotonic()
with open(path, 'a', encoding='utf-8') as f:
    f.write('\nСотрудник сверяет запись %s с карточкой клиента.\n' % mark)
while time.monotonic() - t0 < 60:
    version = json.loads(get('/__svcbook/version?since=%d' % version))['version']
    if mark.encode() in get(page):
        print('%.4f' % (time.monotonic() - t0))
        break
PY
)
		[ -n "$t" ] || die "edit $run not served in 60 s"
		printf '%s\tedit\t%s\t%s\t%s\n' "$size" "$run" "$t" "$(awk -v a="$c0" -v b="$(cpu "$pid")" 'BEGIN { printf "%.2f", b - a }')" >>"$RES"
		run=$((run + 1))
	done
	printf '\r%*s\r' 40 '' >&2
	stop
done

{
printf '%-6s %-31s %9s %7s  %s\n' "MB" "command" "wall s" "cpu s" "target"
for size in $SIZES; do
	col() { awk -F'\t' -v s="$size" -v w="$1" -v c="$2" '$1 == s && $2 == w { printf "%s ", $c }' "$RES" | median; }
	printf '%-6s %-31s %9.3f %7.2f  %s\n' "$size" "svcbook serve: first build" "$(col first 4)" "$(col first 5)" "(until it listens)"
	edit=$(col edit 4)
	met=$(awk -v e="$edit" -v t="$TARGET_S" 'BEGIN { print e <= t ? "yes" : "NO" }')
	printf '%-6s %-31s %9.3f %7.2f  <= %s s: %s (median of %s: %s)\n' "$size" "svcbook serve: one-file edit" "$edit" \
		"$(col edit 5)" "$TARGET_S" "$met" "$RUNS" \
		"$(awk -F'\t' -v s="$size" '$1 == s && $2 == "edit" { printf "%s%.3f", n++ ? " " : "", $4 }' "$RES")"
done
} | tee "$DIR/serve.txt"

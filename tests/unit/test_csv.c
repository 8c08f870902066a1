/* test_csv.c - unit tests of the streaming CSV reader (src/csv.c): RFC 4180
 * quoting, line ends, the BOM, positions in characters, each kind of error
 * with its line:col and the reading that goes on after it, and a million
 * rows streamed from a generator that never holds them, with Cyrillic
 * characters across the reader's window boundaries. */
#define _GNU_SOURCE /* fopencookie */
#include "csv.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* Reads all of text; writes each record as "L:C=value|..." lines (errors
 * as "E L:C message") into out, which it returns (static). */
static const char *dump(const char *text, size_t len)
{
	static char out[8192];
	size_t o = 0;
	FILE *f = fmemopen((void *)text, len, "r");
	csv_reader *r = csv_new(f);
	const csv_field *fl;
	size_t n;
	int rc;
	out[0] = '\0';
	while ((rc = csv_next(r, &fl, &n)) != 0) {
		if (rc < 0) {
			int line, col;
			const char *msg = csv_error(r, &line, &col);
			o += (size_t)snprintf(out + o, sizeof out - o, "E %d:%d %.20s\n", line, col, msg);
			continue;
		}
		for (size_t i = 0; i < n; i++)
			o += (size_t)snprintf(out + o, sizeof out - o, "%s%d:%d%s=%s", i ? "|" : "", fl[i].line,
					      fl[i].col, fl[i].quoted ? "q" : "", fl[i].text);
		o += (size_t)snprintf(out + o, sizeof out - o, "\n");
	}
	csv_free(r);
	fclose(f);
	return out;
}

static void expect(const char *text, const char *want, const char *what)
{
	const char *got = dump(text, strlen(text));
	char detail[9000];
	snprintf(detail, sizeof detail, "\n--- got\n%s--- want\n%s", got, want);
	ok_detail(strcmp(got, want) == 0, what, detail);
}

static void test_records(void)
{
	expect("a,b,c\n1,2,3\n", "1:1=a|1:3=b|1:5=c\n2:1=1|2:3=2|2:5=3\n", "LF records, positions");
	expect("a,b\r\n1,2\r\n", "1:1=a|1:3=b\n2:1=1|2:3=2\n", "CRLF line ends");
	expect("a,b\r1,2", "1:1=a|1:3=b\n2:1=1|2:3=2\n", "a lone CR ends a line; no final line end");
	expect("\xEF\xBB\xBF" "date,x\n", "1:1=date|1:6=x\n", "a BOM is skipped and not counted as a column");
	expect("a,,\n", "1:1=a|1:3=|1:4=\n", "empty fields, a trailing comma gives an empty last field");
	expect("\n\na\n\r\n\nb\n", "3:1=a\n6:1=b\n", "blank lines are skipped, their lines counted");
	expect("\"x,y\",\"he said \"\"hi\"\"\"\n", "1:1q=x,y|1:7q=he said \"hi\"\n",
	       "quoted comma and doubled quotes");
	expect("\"two\nlines\",z\nnext\n", "1:1q=two\nlines|2:8=z\n3:1=next\n",
	       "a line end inside quotes is kept and counted");
	expect("\"a\r\nb\"\n", "1:1q=a\r\nb\n", "CRLF inside quotes is kept as written");
	expect("Иванова Мария,Офис,да\n", "1:1=Иванова Мария|1:15=Офис|1:20=да\n",
	       "columns count characters, not bytes");
	expect("\"\"\n", "1:1q=\n", "an empty quoted field");
	expect("x", "1:1=x\n", "one field, no line end");
	expect("", "", "an empty file has no records");
}

static void test_errors(void)
{
	expect("ok,1\nab\"c,2\nok,3\n", "1:1=ok|1:4=1\nE 2:3 stray quote in an un\n3:1=ok|3:4=3\n",
	       "a stray quote: its line:col, then the next line is read");
	expect("\"ab\"c,1\nok\n", "E 1:5 text after a closing\n2:1=ok\n", "text after a closing quote");
	expect("ok\nя,\"open\nmore\nstill\n", "1:1=ok\nE 2:3 quoted field is neve\n",
	       "a quote never closed is reported where it opens, and ends the reading");
	expect("a,\xFF" "b\nc\n", "E 1:3 invalid UTF-8 (byte \n2:1=c\n", "invalid UTF-8 at its column");
	expect("ж\xD0\n", "E 1:2 invalid UTF-8 (byte \n", "a truncated UTF-8 character at the end");
	expect("\xED\xA0\x80\n", "E 1:1 invalid UTF-8 (byte \n", "an encoded surrogate is not UTF-8");
	const char nul[] = "a,b\0c\nd\n";
	const char *got = dump(nul, sizeof nul - 1);
	ok_detail(strcmp(got, "E 1:4 NUL byte in CSV text\n2:1=d\n") == 0, "a NUL byte", got);
}

/* A file that is no UTF-8 text is one error for the file, not one a line. */
static void test_not_utf8(void)
{
	/* «Иванова,да» and «Петров,нет» in Windows-1251, then in KOI8-R */
	expect("name,ok\n\xC8\xE2\xE0\xED\xEE\xE2\xE0,\xE4\xE0\n\xCF\xE5\xF2\xF0\xEE\xE2,\xED\xE5\xF2\n",
	       "1:1=name|1:6=ok\nE 2:1 the file is not UTF-\n", "Windows-1251: one error, at the first byte, and the end");
	FILE *f = fmemopen((void *)"a\n\xC8\xE2\xE0\xED\xEE\xE2\xE0,\xE4\xE0\n", 13, "r");
	csv_reader *r = csv_new(f);
	const csv_field *fl;
	size_t n;
	csv_next(r, &fl, &n);
	int rc = csv_next(r, &fl, &n);
	const char *msg = csv_error(r, NULL, NULL);
	ok_detail(rc < 0 && csv_error_file(r) && msg && strstr(msg, "looks like Windows-1251"), "Windows-1251 named",
		  msg ? msg : "(none)");
	ok(csv_next(r, &fl, &n) == 0, "... and the reading ends");
	csv_free(r);
	fclose(f);
	f = fmemopen((void *)"\xE9\xD7\xC1\xCE\xCF\xD7\xC1,\xC4\xC1\n", 10, "r");
	r = csv_new(f);
	csv_next(r, &fl, &n);
	msg = csv_error(r, NULL, NULL);
	ok_detail(msg && strstr(msg, "looks like KOI8-R"), "KOI8-R named (small letters 0xC0..0xDF)", msg ? msg : "(none)");
	csv_free(r);
	fclose(f);
	expect("\xFF\xFE" "a\0,\0", "E 0:0 the file is UTF-16 (\n", "UTF-16 by its BOM: one error for the file");
	expect("PK\x03\x04\x14\0\0\0", "E 0:0 the file is a zip ar\n", "a zip (an .xlsx): one error for the file");
	expect("a\n\xD0\xB6,\xE8\n\xC8\xE2\n", "1:1=a\nE 2:3 invalid UTF-8 (byte \nE 3:1 invalid UTF-8 (byte \n",
	       "after UTF-8 text, a bad byte is the line's error: the file is UTF-8");
}

/* A record over CSV_MAX_RECORD: an unclosed quote in a big file stops
 * there instead of taking the file into memory. */
static void test_limit(void)
{
	size_t len = 3 * CSV_MAX_RECORD;
	char *big = malloc(len);
	memset(big, 'x', len);
	big[0] = '"';
	const char *got = dump(big, len);
	ok_detail(strncmp(got, "E 1:1 quoted field runs o", 25) == 0 && strchr(got, '\n')[1] == '\0',
		  "an unclosed quote stops at the record limit", got);
	big[0] = 'x';
	got = dump(big, len);
	ok_detail(strncmp(got, "E 1:", 4) == 0 && strstr(got, "record longer"), "an endless line stops there too", got);
	free(big);
}

/* A million rows made as they are read (fopencookie): the reader must
 * stream them. */
typedef struct {
	long row, rows;
	char line[256];
	size_t len, pos;
} gen;

static ssize_t gen_read(void *cookie, char *out, size_t size)
{
	gen *g = cookie;
	size_t done = 0;
	while (done < size) {
		if (g->pos == g->len) {
			if (g->row == g->rows)
				break;
			g->row++;
			g->len = (size_t)snprintf(g->line, sizeof g->line,
						  "2026-04-%02ld,Сотрудник %ld,Офис,operator,item-%ld,да,,\"он сказал \"\"ок\"\", всё\"\r\n",
						  g->row % 28 + 1, g->row, g->row % 97);
			g->pos = 0;
		}
		size_t k = g->len - g->pos < size - done ? g->len - g->pos : size - done;
		memcpy(out + done, g->line + g->pos, k);
		g->pos += k;
		done += k;
	}
	return (ssize_t)done;
}

static long max_rss_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void test_stream(void)
{
	gen g = {0, 1000000, "", 0, 0};
	FILE *f = fopencookie(&g, "r", (cookie_io_functions_t){gen_read, NULL, NULL, NULL});
	long before = max_rss_kib();
	csv_reader *r = csv_new(f);
	const csv_field *fl;
	size_t n;
	long rows = 0, bad = 0;
	char want[64];
	while (csv_next(r, &fl, &n) == 1) {
		rows++;
		snprintf(want, sizeof want, "Сотрудник %ld", rows);
		if (n != 8 || strcmp(fl[1].text, want) != 0 || fl[1].line != rows || fl[1].col != 12 ||
		    strcmp(fl[7].text, "он сказал \"ок\", всё") != 0 || fl[3].col != fl[2].col + 5 ||
		    fl[6].col != fl[5].col + 3 || fl[7].col != fl[6].col + 1 || !fl[7].quoted)
			bad++;
	}
	long grown = max_rss_kib() - before;
	const char *err = csv_error(r, NULL, NULL);
	csv_free(r);
	fclose(f);
	char detail[128];
	snprintf(detail, sizeof detail, "%ld rows, %ld wrong, error %s", rows, bad, err ? err : "none");
	ok_detail(rows == 1000000 && bad == 0 && !err, "a million generated rows read with their positions", detail);
	snprintf(detail, sizeof detail, "max RSS grew by %ld KiB", grown);
	ok_detail(grown < 8 * 1024, "streaming: memory does not grow with the rows", detail);
}

int main(void)
{
	test_records();
	test_errors();
	test_not_utf8();
	test_limit();
	test_stream();
	return unit_done();
}

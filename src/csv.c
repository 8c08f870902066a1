/* csv.c - a streaming RFC 4180 reader: a window of the file, one record
 * at a time, each field with its line and column. */
#include "csv.h"
#include "i18n.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define WINDOW (64 * 1024)

/* A field while its record is read: offsets, since the record's buffer
 * moves as it grows. */
typedef struct {
	size_t off, len;
	int line, col, quoted;
} field_at;

struct csv_reader {
	FILE *f;
	unsigned char *in;     /* the window of the file */
	size_t in_len, in_pos;
	int eof, started, done;
	int line, col;         /* the position of in[in_pos] */
	buf rec;               /* the record's values, each NUL-terminated */
	field_at *at;
	size_t n_at, cap_at;
	csv_field *fields;
	size_t cap_fields;
	char *err;
	int err_line, err_col;
	int err_file;          /* the error is about the whole file (csv_error_file) */
	long utf8_seen;        /* valid characters past ASCII read so far */
	int encoding_checked;  /* not_utf8_file looked once */
};

csv_reader *csv_new(FILE *f)
{
	csv_reader *r = xcalloc(1, sizeof *r);
	r->f = f;
	r->in = xmalloc(WINDOW);
	r->line = r->col = 1;
	buf_init(&r->rec);
	return r;
}

void csv_free(csv_reader *r)
{
	if (!r)
		return;
	free(r->in);
	buf_free(&r->rec);
	free(r->at);
	free(r->fields);
	free(r->err);
	free(r);
}

int csv_error_file(const csv_reader *r)
{
	return r->err && r->err_file;
}

const char *csv_error(const csv_reader *r, int *line, int *col)
{
	if (line)
		*line = r->err ? r->err_line : 0;
	if (col)
		*col = r->err ? r->err_col : 0;
	return r->err;
}

/* Makes at least need bytes available in the window unless the file ends
 * first: a UTF-8 character is never split by a refill. */
static void fill(csv_reader *r, size_t need)
{
	if (r->in_len - r->in_pos >= need || r->eof)
		return;
	memmove(r->in, r->in + r->in_pos, r->in_len - r->in_pos);
	r->in_len -= r->in_pos;
	r->in_pos = 0;
	while (r->in_len < need && !r->eof) {
		size_t got = fread(r->in + r->in_len, 1, WINDOW - r->in_len, r->f);
		r->in_len += got;
		if (got == 0)
			r->eof = 1;
	}
}

/* The next byte, or -1 at the end of the input. */
static inline int peek(csv_reader *r)
{
	if (r->in_pos == r->in_len) {
		fill(r, 1);
		if (r->in_pos == r->in_len)
			return -1;
	}
	return r->in[r->in_pos];
}

static void set_error(csv_reader *r, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void set_error(csv_reader *r, int line, int col, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	free(r->err);
	r->err = xstrdup(msg);
	r->err_line = line;
	r->err_col = col;
	r->err_file = 0;
}

/* Counts, in the n bytes at s, the characters past ASCII that are valid
 * UTF-8 (*good), the bytes that are not (*bad) and their runs (*spots:
 * one broken character is one spot whatever its length); of the bytes a
 * single-byte Cyrillic code page uses for letters, 0xC0..0xFF, those
 * 0xC0..0xDF (*upper: capitals in Windows-1251, small letters in KOI8-R),
 * those 0xE0..0xFF (*lower) and those that follow one another (*runs: a
 * Russian word is a run of them, a Western accent stands among ASCII). */
static void census(const unsigned char *s, size_t n, long *good, long *bad, long *spots, long *upper, long *lower,
		   long *runs)
{
	size_t next_bad = 0; /* where a bad byte goes on a spot */
	for (size_t i = 0; i < n;) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		*upper += s[i] >= 0xC0 && s[i] < 0xE0;
		*lower += s[i] >= 0xE0;
		*runs += s[i] >= 0xC0 && i + 1 < n && s[i + 1] >= 0xC0;
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i < 4 ? n - i : 4), &cp);
		if (k > 0) {
			(*good)++;
			i += (size_t)k;
		} else {
			*spots += !*bad || next_bad != i;
			(*bad)++;
			next_bad = ++i;
		}
	}
}

/* At the first byte that is not UTF-8: when nothing before it was UTF-8
 * past ASCII and the rest of the window is mostly not UTF-8 either, the
 * file is in another encoding, and one error for it (named when it can
 * be guessed: 1C and a Russian Excel write Windows-1251) says more than
 * one per line. 1 when so (the error is set). */
static int not_utf8_file(csv_reader *r)
{
	if (r->utf8_seen || r->encoding_checked)
		return 0;
	r->encoding_checked = 1;
	long good = 0, bad = 0, spots = 0, upper = 0, lower = 0, runs = 0;
	census(r->in + r->in_pos, r->in_len - r->in_pos, &good, &bad, &spots, &upper, &lower, &runs);
	if (spots < 2 || good * 4 >= spots)
		return 0;
	int line = r->line, col = r->col;
	/* Russian words: runs of letters past ASCII, small ones most */
	if ((upper + lower) * 10 >= bad * 7 && runs * 2 >= upper + lower)
		set_error(r, line, col, _("the file is not UTF-8: it looks like %s"),
			  lower >= upper ? "Windows-1251" : "KOI8-R");
	else
		set_error(r, line, col, _("the file is not UTF-8 (byte 0x%02X): it is in a single-byte code page"),
			  (unsigned)r->in[r->in_pos]);
	r->err_file = 1;
	r->done = 1;
	return 1;
}

/* The start of the file: a workbook or UTF-16 text is no CSV at all, and
 * its bytes read as CSV would give an error a line. 1 when so. */
static int not_text_file(csv_reader *r)
{
	const unsigned char *s = r->in;
	if (r->in_len >= 4 && memcmp(s, "PK\x03\x04", 4) == 0)
		set_error(r, 0, 0, "%s", _("the file is a zip archive (an Excel workbook, .xlsx?), not CSV text"));
	else if (r->in_len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
		set_error(r, 0, 0, "%s", _("the file is UTF-16 (Excel's \"Unicode Text\"), not UTF-8"));
	else
		return 0;
	r->err_file = 1;
	r->done = 1;
	return 1;
}

/* Consumes a line end (LF, CRLF or a lone CR) at in[in_pos]; stores its
 * bytes in the record when keep (a line end inside quotes is the value's). */
static void take_line_end(csv_reader *r, int keep)
{
	int c = peek(r);
	r->in_pos++;
	if (keep)
		buf_putc(&r->rec, (char)c);
	if (c == '\r' && peek(r) == '\n') {
		r->in_pos++;
		if (keep)
			buf_putc(&r->rec, '\n');
	}
	r->line++;
	r->col = 1;
}

/* After an error: the rest of the physical line is dropped. */
static void skip_line(csv_reader *r)
{
	int c;
	while ((c = peek(r)) != -1 && c != '\n' && c != '\r')
		r->in_pos++;
	if (c != -1)
		take_line_end(r, 0);
}

/* Copies one character (not a line end) into the record; -1 when it is
 * a NUL or not UTF-8 (reported). */
static int take_char(csv_reader *r)
{
	int c = peek(r);
	if (c == 0) {
		set_error(r, r->line, r->col, "%s", _("NUL byte in CSV text"));
		return -1;
	}
	if (c < 0x80) {
		buf_putc(&r->rec, (char)c);
		r->in_pos++;
		r->col++;
		return 0;
	}
	fill(r, 4);
	size_t avail = r->in_len - r->in_pos;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate(r->in + r->in_pos, avail < 4 ? (utf8proc_ssize_t)avail : 4, &cp);
	if (n < 0) {
		if (!not_utf8_file(r))
			set_error(r, r->line, r->col, _("invalid UTF-8 (byte 0x%02X): save the file as UTF-8"), (unsigned)c);
		return -1;
	}
	r->utf8_seen++;
	buf_put(&r->rec, (const char *)r->in + r->in_pos, (size_t)n);
	r->in_pos += (size_t)n;
	r->col++;
	return 0;
}

static void push_field(csv_reader *r, size_t off, int line, int col, int quoted)
{
	r->at = xgrow(r->at, &r->cap_at, r->n_at + 1, sizeof *r->at);
	r->at[r->n_at++] = (field_at){off, r->rec.len - off, line, col, quoted};
	buf_putc(&r->rec, '\0');
}

/* A quoted field, from its opening quote to the byte after the closing
 * one: 0, or -1 with the error set (done when it cannot go on). */
static int read_quoted(csv_reader *r, int line, int col)
{
	r->in_pos++;
	r->col++;
	for (;;) {
		int c = peek(r);
		if (c == -1) {
			set_error(r, line, col, "%s", _("quoted field is never closed: a quote is missing"));
			r->done = 1;
			return -1;
		}
		if (r->rec.len > CSV_MAX_RECORD) {
			set_error(r, line, col, _("quoted field runs over %d bytes: is its closing quote missing?"),
				  CSV_MAX_RECORD);
			r->done = 1;
			return -1;
		}
		if (c == '"') {
			r->in_pos++;
			r->col++;
			if (peek(r) != '"')
				return 0;
			r->in_pos++;
			r->col++;
			buf_putc(&r->rec, '"');
		} else if (c == '\n' || c == '\r') {
			take_line_end(r, 1);
		} else if (take_char(r) < 0) {
			skip_line(r);
			return -1;
		}
	}
}

/* Copies the run of plain ASCII at in[in_pos] (no NUL, comma, quote or
 * line end) in one go: most fields are only that, and a byte at a time
 * was half the time of scoring a million audit rows. */
static void take_ascii_run(csv_reader *r)
{
	size_t i = r->in_pos;
	while (i < r->in_len) {
		unsigned char c = r->in[i];
		if (c == 0 || c >= 0x80 || c == ',' || c == '"' || c == '\n' || c == '\r')
			break;
		i++;
	}
	if (i == r->in_pos)
		return;
	buf_put(&r->rec, (const char *)r->in + r->in_pos, i - r->in_pos);
	r->col += (int)(i - r->in_pos);
	r->in_pos = i;
}

/* An unquoted field, up to a comma, a line end or the end: 0, or -1. */
static int read_plain(csv_reader *r)
{
	for (;;) {
		take_ascii_run(r);
		int c = peek(r);
		if (c == -1 || c == ',' || c == '\n' || c == '\r')
			return 0;
		if (c == '"') {
			set_error(r, r->line, r->col, "%s",
				  _("stray quote in an unquoted field: quote the whole field and double the quote (\"\")"));
			skip_line(r);
			return -1;
		}
		if (r->rec.len > CSV_MAX_RECORD) {
			set_error(r, r->line, r->col, _("record longer than %d bytes"), CSV_MAX_RECORD);
			r->done = 1;
			return -1;
		}
		if (take_char(r) < 0) {
			skip_line(r);
			return -1;
		}
	}
}

/* Reads fields up to the record's line end; 0 or -1. */
static int read_record(csv_reader *r)
{
	for (;;) {
		int line = r->line, col = r->col;
		size_t off = r->rec.len;
		int quoted = peek(r) == '"';
		if (quoted ? read_quoted(r, line, col) : read_plain(r))
			return -1;
		push_field(r, off, line, col, quoted);
		int c = peek(r);
		if (c == ',') {
			r->in_pos++;
			r->col++;
			continue;
		}
		if (c == '\n' || c == '\r') {
			take_line_end(r, 0);
			return 0;
		}
		if (c == -1)
			return 0;
		/* only after a closing quote */
		set_error(r, r->line, r->col, "%s",
			  _("text after a closing quote: a field in quotes ends with a comma or a line end"));
		skip_line(r);
		return -1;
	}
}

int csv_next(csv_reader *r, const csv_field **fields, size_t *n)
{
	*fields = NULL;
	*n = 0;
	if (r->done)
		return 0;
	if (!r->started) {
		r->started = 1;
		fill(r, 4);
		if (r->in_len >= 3 && memcmp(r->in, "\xEF\xBB\xBF", 3) == 0)
			r->in_pos = 3;
		else if (not_text_file(r))
			return -1;
	}
	int c;
	while ((c = peek(r)) == '\n' || c == '\r')
		take_line_end(r, 0);
	if (c == -1) {
		r->done = 1;
		if (ferror(r->f)) {
			set_error(r, r->line, r->col, _("read error: %s"), strerror(errno));
			return -1;
		}
		return 0;
	}
	r->rec.len = 0;
	r->n_at = 0;
	if (read_record(r) < 0)
		return -1;
	r->fields = xgrow(r->fields, &r->cap_fields, r->n_at, sizeof *r->fields);
	for (size_t i = 0; i < r->n_at; i++) {
		const field_at *a = &r->at[i];
		r->fields[i] = (csv_field){r->rec.data + a->off, a->len, a->line, a->col, a->quoted};
	}
	*fields = r->fields;
	*n = r->n_at;
	return 1;
}

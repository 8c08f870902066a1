/* csvtable.c - named columns over csv.c (see csvtable.h). */
#include "csvtable.h"
#include "diagid.h"
#include "i18n.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Excel's way out of a CSV a locale spoils, named in both languages: the
 * menu the auditor sees may be either. */
const char csv_save_as_hint[] =
	N_("save it as \"CSV UTF-8 (comma delimited)\" («CSV UTF-8 (разделитель — запятая)»)");

struct csv_table {
	csv_reader *r;           /* CSV text, or: */
	csv_table_rows *rows;    /* another source of records (a worksheet) */
	void *src;
	csv_field blank[CSV_TABLE_MAX]; /* a sheet's cell left empty */
	const csv_table_spec *spec;
	int cols[CSV_TABLE_MAX]; /* where each needed column is in a record */
	size_t width;            /* fields in the header */
	int header;              /* 0: not read yet; 1: good; -1: bad */
	int ended;
	csv_field trimmed[CSV_TABLE_MAX];
	buf text[CSV_TABLE_MAX];
};

static void bad(csv_table *t, int line, int col, const char *rule, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static void bad(csv_table *t, int line, int col, const char *rule, const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	t->spec->report(t->spec->ctx, line, col, rule, hint, fmt, ap);
	va_end(ap);
}

csv_table *csv_table_new(FILE *in, const csv_table_spec *spec)
{
	csv_table *t = xcalloc(1, sizeof *t);
	t->r = csv_new(in);
	t->spec = spec;
	for (int c = 0; c < CSV_TABLE_MAX; c++)
		buf_init(&t->text[c]);
	return t;
}

csv_table *csv_table_new_rows(csv_table_rows *rows, void *src, const csv_table_spec *spec)
{
	csv_table *t = xcalloc(1, sizeof *t);
	t->rows = rows;
	t->src = src;
	t->spec = spec;
	for (int c = 0; c < CSV_TABLE_MAX; c++)
		buf_init(&t->text[c]);
	return t;
}

void csv_table_free(csv_table *t)
{
	if (!t)
		return;
	csv_free(t->r);
	for (int c = 0; c < CSV_TABLE_MAX; c++)
		buf_free(&t->text[c]);
	free(t);
}

static int read_header(csv_table *t, const csv_field *f, size_t n)
{
	const csv_table_spec *s = t->spec;
	if (n == 1 && strchr(f[0].text, ';')) {
		bad(t, f[0].line, f[0].col, DIAG_ID(BAD_CSV), csv_save_as_hint, "the file is separated by ';', not by commas");
		t->ended = 1; /* its lines would only repeat that */
		return -1;
	}
	int rc = 0;
	for (int c = 0; c < s->ncols; c++)
		t->cols[c] = -1;
	for (size_t i = 0; i < n; i++)
		for (int c = 0; c < s->ncols; c++) {
			if (strcmp(f[i].text, s->names[c]) != 0)
				continue;
			if (t->cols[c] >= 0) {
				/* which of the two holds the data is anyone's guess */
				bad(t, f[i].line, f[i].col, DIAG_ID(MISSING_COLUMN), NULL,
				    "column '%s' named twice (also column %d)", s->names[c], t->cols[c] + 1);
				rc = -1;
			} else {
				t->cols[c] = (int)i;
			}
		}
	char *hint = xasprintf(_("the first line names the columns: %s"), s->want);
	for (int c = 0; c < s->ncols; c++)
		if (t->cols[c] < 0) {
			bad(t, f[0].line, f[0].col, DIAG_ID(MISSING_COLUMN), hint, "the header has no column '%s'", s->names[c]);
			rc = -1;
		}
	free(hint);
	t->width = n;
	return rc;
}

/* A copy of f without the spaces around it, unless it was quoted. */
static const csv_field *trim(csv_table *t, int c, const csv_field *f)
{
	const char *s = f->text;
	size_t len = f->len, a = 0;
	while (a < len && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (len > a && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (f->quoted || (a == 0 && len == f->len))
		return f;
	csv_field *o = &t->trimmed[c];
	*o = *f;
	t->text[c].len = 0;
	buf_put(&t->text[c], s + a, len - a);
	buf_putc(&t->text[c], '\0');
	o->text = t->text[c].data;
	o->len = len - a;
	o->col += (int)utf8_chars(s, a);
	return o;
}

/* A sheet's record: a cell past its last one is empty, one past the
 * header's columns a note beside the table. */
static int take_cells(csv_table *t, const csv_field *f, size_t n, const csv_field **v)
{
	for (int c = 0; c < t->spec->ncols; c++) {
		if ((size_t)t->cols[c] < n) {
			v[c] = trim(t, c, &f[t->cols[c]]);
			continue;
		}
		t->blank[c] = (csv_field){"", 0, f[0].line, t->cols[c] + 1, 0};
		v[c] = &t->blank[c];
	}
	return 1;
}

static int take_record(csv_table *t, const csv_field *f, size_t n, const csv_field **v)
{
	const csv_table_spec *s = t->spec;
	if (t->rows)
		return take_cells(t, f, n, v);
	if (n > t->width) {
		/* an unquoted comma shifts every field after it, so what the
		 * fields say is not worth reporting; the example name is the
		 * catalogue's to translate (Иванова, Мария in Russian) */
		bad(t, f[t->width].line, f[t->width].col, DIAG_ID(MISSING_COLUMN),
		    "a field holding a comma is quoted: \"Smith, Mary\"", "%zu fields, the header has %zu", n, t->width);
		return -1;
	}
	int rc = 1;
	for (int c = 0; c < s->ncols; c++) {
		if ((size_t)t->cols[c] < n) {
			v[c] = trim(t, c, &f[t->cols[c]]);
			continue;
		}
		const csv_field *last = &f[n - 1];
		bad(t, last->line, last->col + (int)utf8_chars(last->text, last->len) + (last->quoted ? 2 : 0), DIAG_ID(MISSING_COLUMN),
		    NULL, "missing column '%s': the row has %zu fields", s->names[c], n);
		rc = -1;
	}
	return rc;
}

int csv_table_next(csv_table *t, const csv_field **v, const csv_field **first)
{
	const csv_field *f;
	size_t n;
	int rc;
	while (!t->ended && (rc = t->r ? csv_next(t->r, &f, &n) : t->rows(t->src, &f, &n)) != 0) {
		if (rc < 0) {
			int line, col;
			const char *msg = csv_error(t->r, &line, &col);
			/* one error for a file that is no CSV, as for ';' */
			int whole = csv_error_file(t->r);
			t->ended |= whole;
			bad(t, line, col, DIAG_ID(BAD_CSV), whole ? csv_save_as_hint : NULL, "%s", msg ? msg : "not a CSV record");
			if (!t->header)
				t->header = -1;
			return -1;
		}
		if (!t->header) {
			t->header = read_header(t, f, n) == 0 ? 1 : -1;
			continue;
		}
		if (t->header < 0)
			continue;
		*first = &f[0];
		return take_record(t, f, n, v);
	}
	if (!t->header && !t->ended) {
		char *hint = xasprintf(_("the first line names the columns: %s"), t->spec->want);
		bad(t, 1, 1, DIAG_ID(MISSING_COLUMN), hint, "the file is empty: no header");
		free(hint);
		t->header = -1;
	}
	t->ended = 1;
	return 0;
}

/* xlsxread.c - reads a workbook's rows (see xlsxread.h) with libzip and
 * libxml2: the parts named by the workbook, shared strings and the cell
 * styles that make a number a date as trees, a worksheet as a stream of
 * rows (a tree of a million rows took 2.5 GB and half a minute). Elements are matched by
 * local name, so that Strict OOXML's namespace reads as the usual one. */
#include "xlsxread.h"
#include "date.h"
#include "i18n.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* The largest part read: a zip of a few kilobytes may unpack to
 * gigabytes, and a results sheet of a million rows is some 200 MB. */
#define XLSX_MAX_PART (512L * 1024 * 1024)
/* Excel's last column (XFD): a cell past it is no cell of a table. */
#define XLSX_MAX_COLS 16384
/* Excel's last row. */
#define XLSX_MAX_ROWS 1048576
/* The most XML one <row> may take: it is expanded as a tree, and 16 384
 * cells of a results sheet take well under a megabyte. */
#define XLSX_MAX_ROW_XML (16L * 1024 * 1024)

typedef struct {
	char *name, *part;
} sheet_ref;

struct xlsx_book {
	zip_t *z;
	sheet_ref *sheets;
	size_t nsheets, cap_sheets;
	char **strings; /* the shared strings */
	size_t nstrings, cap_strings;
	unsigned char *date_xf; /* per cell style: 1 when its number format is a date's */
	size_t nxf;
	int date1904;
};

struct xlsx_sheet {
	const xlsx_book *x;
	const char *name, *part;
	zip_file_t *zf;
	xmlTextReaderPtr rd;
	int in_row;       /* the reader is on a <row> it expanded */
	int pending;      /* the row xlsx_sheet_rows read is the next one given */
	size_t npending;
	int broken;       /* the part is not well-formed XML */
	int too_big;      /* past XLSX_MAX_PART, a row past XLSX_MAX_ROW_XML or CSV_MAX_RECORD, or XLSX_MAX_ROWS */
	long read, row_from; /* the part's bytes unpacked; where the row being expanded began (-1: none) */
	int last_row;
	int date_col;     /* 0-based; -1: none; -2: the header is not read yet */
	const char *date_name;
	buf text;         /* the row's values, each NUL-terminated */
	size_t *off;
	csv_field *fields;
	size_t cap_off, cap_fields;
};

int xlsx_is_zip(FILE *f)
{
	/* a pipe (`audit BOOK <(...)`) cannot be rewound, and libzip could
	 * not read it either: it is CSV, whose reader names a zip's bytes */
	if (fseek(f, 0, SEEK_CUR) != 0)
		return 0;
	unsigned char m[4];
	size_t n = fread(m, 1, 4, f);
	return fseek(f, 0, SEEK_SET) == 0 && n == 4 && memcmp(m, "PK\x03\x04", 4) == 0;
}

int xlsx_serial_day(double serial, int date1904, long *days)
{
	if (!(serial >= (date1904 ? 0 : 1)) || serial >= 2958466 - (date1904 ? 1462 : 0))
		return -1;
	long s = (long)floor(serial);
	if (date1904) {
		*days = s - 24107;
		return 0;
	}
	if (s == 60)
		return -1; /* Lotus 1-2-3's 1900-02-29, kept by Excel */
	*days = s < 60 ? s - 25568 : s - 25569;
	return 0;
}

static int is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr child(const xmlNode *n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/* An attribute by local name, whatever its namespace (r:id); NULL when absent. */
static const char *attr(const xmlNode *n, const char *name)
{
	for (xmlAttrPtr a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0 && a->children && a->children->content)
			return (const char *)a->children->content;
	return NULL;
}

/* An attribute's whole decimal number, 0..INT_MAX; -1 when absent or not one. */
static long number_attr(const xmlNode *n, const char *name)
{
	const char *v = attr(n, name);
	char *end;
	errno = 0;
	long k = v ? strtol(v, &end, 10) : -1;
	return v && end != v && !*end && !errno && k >= 0 && k <= INT_MAX ? k : -1;
}

/* Appends the text of every <t> under n but a phonetic run's (<rPh>). */
static void put_text(buf *b, const xmlNode *n)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is(c, "rPh"))
			continue;
		if (is(c, "t")) {
			xmlChar *s = xmlNodeGetContent(c);
			if (s)
				buf_puts(b, (const char *)s);
			xmlFree(s);
		} else {
			put_text(b, c);
		}
	}
}

/* The part named name, parsed; NULL when it is missing, too large or not XML. */
static xmlDocPtr read_part(zip_t *z, const char *name)
{
	zip_stat_t st;
	if (zip_stat(z, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > (zip_uint64_t)XLSX_MAX_PART)
		return NULL;
	zip_file_t *f = zip_fopen(z, name, 0);
	if (!f)
		return NULL;
	char *data = xmalloc(st.size + 1);
	zip_int64_t got = zip_fread(f, data, st.size);
	zip_fclose(f);
	xmlDocPtr doc = NULL;
	if (got == (zip_int64_t)st.size && st.size <= INT32_MAX)
		doc = xmlReadMemory(data, (int)st.size, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	free(data);
	return doc;
}

static void read_strings(xlsx_book *x)
{
	xmlDocPtr doc = read_part(x->z, "xl/sharedStrings.xml");
	if (!doc)
		return; /* a workbook of numbers only has none */
	buf b;
	buf_init(&b);
	for (xmlNodePtr si = xmlDocGetRootElement(doc)->children; si; si = si->next) {
		if (!is(si, "si"))
			continue;
		b.len = 0;
		put_text(&b, si);
		x->strings = xgrow(x->strings, &x->cap_strings, x->nstrings + 1, sizeof *x->strings);
		x->strings[x->nstrings++] = xstrndup(b.data ? b.data : "", b.len);
	}
	buf_free(&b);
	xmlFreeDoc(doc);
}

/* A format code shows a date when it has a day or a year outside quotes,
 * brackets (colours, locales) and escaped characters. */
static int date_code(const char *s)
{
	for (; s && *s; s++) {
		if (*s == '"') {
			while (s[1] && s[1] != '"')
				s++;
			s += s[1] != '\0';
		} else if (*s == '[') {
			while (s[1] && s[1] != ']')
				s++;
		} else if (*s == '\\' || *s == '_' || *s == '*') {
			s += s[1] != '\0';
		} else if (*s == 'd' || *s == 'D' || *s == 'y' || *s == 'Y') {
			return 1;
		}
	}
	return 0;
}

/* A custom number format: its id, and whether it shows a date. */
typedef struct {
	long id;
	size_t order; /* of a duplicated id, the first counts, as before */
	int date;
} num_fmt;

static int cmp_fmt(const void *a, const void *b)
{
	const num_fmt *x = a, *y = b;
	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->order > y->order) - (x->order < y->order);
}

static int cmp_fmt_id(const void *a, const void *b)
{
	long x = ((const num_fmt *)a)->id, y = ((const num_fmt *)b)->id;
	return (x > y) - (x < y);
}

/* Excel's built-in formats 14..17 and 22 are dates (m/d/yyyy and kin);
 * the others by their code, looked up in the sorted custom ones (a
 * crafted styles.xml may hold millions of both). */
static int date_fmt(const num_fmt *fmts, size_t n, long id)
{
	if ((id >= 14 && id <= 17) || id == 22)
		return 1;
	num_fmt key = {id, 0, 0};
	const num_fmt *f = n ? bsearch(&key, fmts, n, sizeof *fmts, cmp_fmt_id) : NULL;
	while (f && f > fmts && f[-1].id == id)
		f--;
	return f && f->date;
}

static void read_styles(xlsx_book *x)
{
	xmlDocPtr doc = read_part(x->z, "xl/styles.xml");
	if (!doc)
		return;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	num_fmt *fmts = NULL;
	size_t nfmts = 0, cap_fmts = 0;
	xmlNodePtr numfmts = child(root, "numFmts");
	for (xmlNodePtr f = numfmts ? numfmts->children : NULL; f; f = f->next) {
		long id = is(f, "numFmt") ? number_attr(f, "numFmtId") : -1;
		if (id < 0)
			continue;
		fmts = xgrow(fmts, &cap_fmts, nfmts + 1, sizeof *fmts);
		fmts[nfmts] = (num_fmt){id, nfmts, date_code(attr(f, "formatCode"))};
		nfmts++;
	}
	if (nfmts) /* qsort wants an array, even of none */
		qsort(fmts, nfmts, sizeof *fmts, cmp_fmt);
	xmlNodePtr xfs = child(root, "cellXfs");
	size_t cap = 0;
	for (xmlNodePtr xf = xfs ? xfs->children : NULL; xf; xf = xf->next) {
		if (!is(xf, "xf"))
			continue;
		long id = number_attr(xf, "numFmtId");
		x->date_xf = xgrow(x->date_xf, &cap, x->nxf + 1, 1);
		x->date_xf[x->nxf++] = id >= 0 && date_fmt(fmts, nfmts, id);
	}
	free(fmts);
	xmlFreeDoc(doc);
}

/* The part a relationship's target names: from xl/, or from the root when
 * it starts with '/'. */
static char *part_name(const char *target)
{
	return target[0] == '/' ? xstrdup(target + 1) : xasprintf("xl/%s", target);
}

/* The sheets in the workbook's order, each with its part; -1 when the
 * workbook or its relationships are missing. */
static int read_sheets(xlsx_book *x)
{
	xmlDocPtr wb = read_part(x->z, "xl/workbook.xml");
	xmlDocPtr rels = read_part(x->z, "xl/_rels/workbook.xml.rels");
	int rc = wb && rels ? 0 : -1;
	xmlNodePtr root = wb ? xmlDocGetRootElement(wb) : NULL;
	xmlNodePtr pr = child(root, "workbookPr");
	const char *d1904 = pr ? attr(pr, "date1904") : NULL;
	x->date1904 = d1904 && (strcmp(d1904, "1") == 0 || strcmp(d1904, "true") == 0);
	xmlNodePtr sheets = rc == 0 ? child(root, "sheets") : NULL;
	for (xmlNodePtr s = sheets ? sheets->children : NULL; s; s = s->next) {
		const char *name = is(s, "sheet") ? attr(s, "name") : NULL, *id = name ? attr(s, "id") : NULL;
		if (!id)
			continue;
		for (xmlNodePtr r = xmlDocGetRootElement(rels)->children; r; r = r->next) {
			const char *rid = is(r, "Relationship") ? attr(r, "Id") : NULL, *target = attr(r, "Target");
			if (!rid || !target || strcmp(rid, id) != 0)
				continue;
			x->sheets = xgrow(x->sheets, &x->cap_sheets, x->nsheets + 1, sizeof *x->sheets);
			x->sheets[x->nsheets++] = (sheet_ref){xstrdup(name), part_name(target)};
			break;
		}
	}
	xmlFreeDoc(wb);
	xmlFreeDoc(rels);
	return rc == 0 && x->nsheets ? 0 : -1;
}

/* Why libzip could not open a workbook, in the book's language for the
 * reasons a saved, copied or mailed file meets (libzip's own text is
 * English); NULL for the others. */
static const char *zip_reason(int code)
{
	switch (code) {
	case ZIP_ER_NOZIP:
	case ZIP_ER_EOF:
		return _("it is cut short (not copied or saved whole?)");
	case ZIP_ER_INCONS:
	case ZIP_ER_CRC:
	case ZIP_ER_COMPRESSED_DATA:
		return _("it is damaged");
	case ZIP_ER_COMPNOTSUPP:
		return _("it is compressed in a way svcbook cannot read");
	case ZIP_ER_ENCRNOTSUPP:
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD:
		return _("it is protected by a password");
	case ZIP_ER_MULTIDISK:
		return _("it is split across several files");
	default:
		return NULL;
	}
}

xlsx_book *xlsx_open(const char *path, char **err)
{
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
	if (!z) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		const char *why = zip_reason(zerr);
		*err = xasprintf(_("the file starts as a zip archive (an Excel workbook) but cannot be read as one: %s"),
				 why ? why : zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return NULL;
	}
	xlsx_book *x = xcalloc(1, sizeof *x);
	x->z = z;
	if (read_sheets(x) < 0) {
		*err = xstrdup(_("the file is a zip archive but no Excel workbook (.xlsx): it has no readable "
				 "xl/workbook.xml with sheets"));
		xlsx_close(x);
		return NULL;
	}
	read_strings(x);
	read_styles(x);
	return x;
}

void xlsx_close(xlsx_book *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].part);
	}
	free(x->sheets);
	for (size_t i = 0; i < x->nstrings; i++)
		free(x->strings[i]);
	free(x->strings);
	free(x->date_xf);
	zip_discard(x->z);
	free(x);
}

size_t xlsx_nsheets(const xlsx_book *x)
{
	return x->nsheets;
}

const char *xlsx_sheet_name(const xlsx_book *x, size_t i)
{
	return x->sheets[i].name;
}

/* libxml2's input: the sheet's part, cut off (an error) where it grows
 * past what a workbook of results can hold, so that a small zip cannot
 * unpack a sheet, or one row of it, too big for memory. */
static int read_zip(void *sheet, char *out, int len)
{
	xlsx_sheet *s = sheet;
	zip_int64_t n = zip_fread(s->zf, out, (zip_uint64_t)len);
	if (n < 0)
		return -1;
	s->read += (long)n;
	if (s->read > XLSX_MAX_PART || (s->row_from >= 0 && s->read - s->row_from > XLSX_MAX_ROW_XML)) {
		s->too_big = 1;
		return -1;
	}
	return (int)n;
}

char *xlsx_sheet_error(const xlsx_sheet *s)
{
	if (s->too_big)
		return xasprintf(_("sheet '%s' of the workbook is too large to read: over %ld MB, a row over %ld MB, "
				   "or more than %d rows"),
				 s->name, XLSX_MAX_PART / (1024 * 1024), XLSX_MAX_ROW_XML / (1024 * 1024), XLSX_MAX_ROWS);
	if (s->zf && s->rd && !s->broken)
		return NULL;
	return xasprintf(_("sheet '%s' of the workbook cannot be read: its part %s is missing or not XML"), s->name,
			 s->part);
}

xlsx_sheet *xlsx_sheet_open(xlsx_book *x, size_t i, const char *date_column)
{
	xlsx_sheet *s = xcalloc(1, sizeof *s);
	s->x = x;
	s->name = x->sheets[i].name;
	s->part = x->sheets[i].part;
	s->zf = zip_fopen(x->z, s->part, 0);
	if (s->zf)
		s->rd = xmlReaderForIO(read_zip, NULL, s, s->part, NULL,
				       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	s->row_from = -1;
	s->date_col = date_column ? -2 : -1;
	s->date_name = date_column;
	buf_init(&s->text);
	return s;
}

void xlsx_sheet_free(xlsx_sheet *s)
{
	if (!s)
		return;
	xmlFreeTextReader(s->rd);
	if (s->zf)
		zip_fclose(s->zf);
	buf_free(&s->text);
	free(s->off);
	free(s->fields);
	free(s);
}

char *xlsx_read_tables(const char *path, const char *date_column, const csv_table_spec *spec, xlsx_each_table *each,
		       void *ctx)
{
	char *err = NULL;
	xlsx_book *x = xlsx_open(path, &err);
	for (size_t i = 0; x && !err && i < xlsx_nsheets(x); i++) {
		xlsx_sheet *s = xlsx_sheet_open(x, i, date_column);
		char *name = xasprintf("%s(%s)", path, xlsx_sheet_name(x, i));
		each(ctx, name, xlsx_sheet_rows(s) ? csv_table_new_rows(xlsx_sheet_next, s, spec) : NULL);
		err = xlsx_sheet_error(s);
		xlsx_sheet_free(s);
	}
	xlsx_close(x);
	return err;
}

int xlsx_sheet_rows(xlsx_sheet *s)
{
	const csv_field *f;
	s->pending = xlsx_sheet_next(s, &f, &s->npending);
	return s->pending;
}

/* The 0-based column of a reference such as "F12"; -1 when it has none. */
static int ref_col(const char *r)
{
	int c = 0, n = 0;
	for (; r && *r >= 'A' && *r <= 'Z' && n < 4; r++, n++)
		c = c * 26 + (*r - 'A' + 1);
	return n && c <= XLSX_MAX_COLS ? c - 1 : -1;
}

/* A number cell's text: a day (YYYY-MM-DD) when it is a date, else as stored. */
static void put_number(xlsx_sheet *s, const char *v, int date)
{
	char *end;
	double d = strtod(v, &end);
	long days;
	if (date && end != v && !*end && xlsx_serial_day(d, s->x->date1904, &days) == 0) {
		char iso[11];
		date_format(days, iso);
		buf_puts(&s->text, iso);
	} else {
		buf_puts(&s->text, v);
	}
}

/* Appends cell c's value to the row's text. */
static void put_cell(xlsx_sheet *s, const xmlNode *c, int col)
{
	const char *t = attr(c, "t");
	if (t && strcmp(t, "inlineStr") == 0) {
		xmlNodePtr is = child(c, "is");
		if (is)
			put_text(&s->text, is);
		return;
	}
	xmlNodePtr vn = child(c, "v");
	xmlChar *v = vn ? xmlNodeGetContent(vn) : NULL;
	if (!v)
		return;
	if (t && strcmp(t, "s") == 0) {
		char *end;
		unsigned long k = strtoul((const char *)v, &end, 10);
		if (end != (const char *)v && k < s->x->nstrings)
			buf_puts(&s->text, s->x->strings[k]);
	} else if (!t || strcmp(t, "n") == 0) {
		const char *st = attr(c, "s");
		size_t xf = st ? (size_t)strtoul(st, NULL, 10) : 0;
		put_number(s, (const char *)v, col == s->date_col || (xf < s->x->nxf && s->x->date_xf[xf]));
	} else if (strcmp(t, "b") == 0) {
		buf_puts(&s->text, strcmp((const char *)v, "1") == 0 ? "TRUE" : "FALSE");
	} else {
		buf_puts(&s->text, (const char *)v); /* str (a formula's text), e (#N/A) */
	}
	xmlFree(v);
}

/* Ends fields up to column col (0-based) as empty ones, then opens col's. */
static void open_field(xlsx_sheet *s, size_t *n, int col, int row)
{
	while (*n <= (size_t)col) {
		s->off = xgrow(s->off, &s->cap_off, *n + 1, sizeof *s->off);
		s->fields = xgrow(s->fields, &s->cap_fields, *n + 1, sizeof *s->fields);
		if (*n)
			buf_putc(&s->text, '\0');
		s->off[*n] = s->text.len;
		s->fields[*n] = (csv_field){NULL, 0, row, (int)*n + 1, 0};
		(*n)++;
	}
}

/* Reads row r into the fields; the number of them (0: nothing in it). */
static size_t read_row(xlsx_sheet *s, const xmlNode *r, int row)
{
	size_t n = 0;
	int col = -1, any = 0;
	s->text.len = 0;
	for (xmlNodePtr c = r->children; c; c = c->next) {
		if (!is(c, "c"))
			continue;
		const char *ref = attr(c, "r");
		int at = ref ? ref_col(ref) : col + 1;
		if (at <= col || at >= XLSX_MAX_COLS)
			continue; /* out of order or past the last column: no table's cell */
		col = at;
		open_field(s, &n, col, row);
		size_t before = s->text.len;
		put_cell(s, c, col);
		any |= s->text.len > before;
		if (s->text.len > CSV_MAX_RECORD) { /* one shared string in every cell */
			s->too_big = 1;
			return 0;
		}
	}
	buf_putc(&s->text, '\0');
	for (size_t i = 0; i < n; i++) {
		const char *v = s->text.data + s->off[i];
		s->fields[i].text = v;
		s->fields[i].len = strlen(v);
	}
	return any ? n : 0;
}

/* The header's column named date_name, for the rows after it. */
static void find_date_col(xlsx_sheet *s, const csv_field *f, size_t n)
{
	s->date_col = -1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].text, s->date_name) == 0) {
			s->date_col = (int)i;
			return;
		}
}

/* The next <row> of the sheet (worksheet/sheetData/row) as a tree of its
 * own, valid until the next call; NULL at the end or when the part
 * breaks off (broken set). */
static xmlNodePtr next_row(xlsx_sheet *s)
{
	if (!s->rd)
		return NULL;
	/* past the row just read without walking its cells again */
	int rc = s->in_row ? xmlTextReaderNext(s->rd) : xmlTextReaderRead(s->rd);
	s->in_row = 0;
	for (; rc == 1; rc = xmlTextReaderRead(s->rd)) {
		if (xmlTextReaderNodeType(s->rd) != XML_READER_TYPE_ELEMENT || xmlTextReaderDepth(s->rd) != 2 ||
		    strcmp((const char *)xmlTextReaderConstLocalName(s->rd), "row") != 0)
			continue;
		s->row_from = s->read;
		xmlNodePtr row = xmlTextReaderExpand(s->rd);
		s->row_from = -1;
		if (!row)
			break;
		s->in_row = 1;
		return row;
	}
	s->broken |= rc != 0;
	return NULL;
}

int xlsx_sheet_next(void *sheet, const csv_field **f, size_t *n)
{
	xlsx_sheet *s = sheet;
	*f = s->fields;
	if (s->pending) {
		s->pending = 0;
		*n = s->npending;
		return 1;
	}
	xmlNodePtr row;
	while (!s->too_big && (row = next_row(s))) {
		long r = number_attr(row, "r");
		if (s->last_row >= XLSX_MAX_ROWS) {
			s->too_big = 1;
			break;
		}
		s->last_row = r > s->last_row && r <= XLSX_MAX_ROWS ? (int)r : s->last_row + 1;
		size_t got = read_row(s, row, s->last_row);
		if (!got)
			continue;
		if (s->date_col == -2)
			find_date_col(s, s->fields, got);
		*f = s->fields;
		*n = got;
		return 1;
	}
	*f = NULL;
	*n = 0;
	return 0;
}

/* diag.c - the diagnostics list and its plain-text emitter. */
#include "diag.h"
#include "i18n.h"
#include "srcline.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

diag_list *diag_list_new(void)
{
	return xcalloc(1, sizeof(diag_list));
}

void diag_list_free(diag_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		diag_free_fields(&l->items[i]);
	free(l->items);
	free(l);
}

void diag_free_fields(diag *d)
{
	free(d->file);
	free(d->rule);
	free(d->message);
	free(d->hint);
	if (d->fix)
		free(d->fix->text);
	free(d->fix);
}

void diag_add(diag_list *l, const char *file, int line, int col, diag_severity sev,
	      const char *rule, const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(l, file, line, col, sev, rule, hint, fmt, ap);
	va_end(ap);
}

/* A new finding at the end of l, its place, severity and rule set; its
 * hint, fix and message are the caller's to fill. */
static diag *push(diag_list *l, const char *file, int line, int col, diag_severity sev, const char *rule)
{
	l->items = xgrow(l->items, &l->cap, l->n + 1, sizeof *l->items);
	diag *d = &l->items[l->n++];
	d->file = xstrdup(file ? file : "");
	d->line = line;
	d->col = col;
	d->sev = sev;
	d->rule = xstrdup(rule ? rule : "");
	d->fix = NULL;
	return d;
}

void diag_addv(diag_list *l, const char *file, int line, int col, diag_severity sev,
	       const char *rule, const char *hint, const char *fmt, va_list args)
{
	diag *d = push(l, file, line, col, sev, rule);
	/* translated here, once, so that no call site needs to: a message
	 * that is no msgid (a Lua rule's own, already translated) stays */
	d->hint = hint ? xstrdup(i18n_text(hint)) : NULL;
	fmt = i18n_text(fmt);
	va_list ap;
	va_copy(ap, args);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	d->message = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	d->message[0] = '\0';
	if (n > 0)
		vsnprintf(d->message, (size_t)n + 1, fmt, args);
}

void diag_add_text(diag_list *l, const char *file, int line, int col, diag_severity sev,
		   const char *rule, const char *hint, const char *msg, size_t len)
{
	diag *d = push(l, file, line, col, sev, rule);
	d->hint = hint ? xstrdup(hint) : NULL;
	d->message = xstrndup(msg, len);
}

void diag_move(diag_list *into, diag_list *from)
{
	if (!from->n)
		return;
	into->items = xgrow(into->items, &into->cap, into->n + from->n, sizeof *into->items);
	memcpy(into->items + into->n, from->items, from->n * sizeof *from->items);
	into->n += from->n;
	from->n = 0;
}

static int cmp_diag(const void *pa, const void *pb)
{
	const diag *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	if ((c = strcmp(a->rule, b->rule)))
		return c;
	return strcmp(a->message, b->message);
}

void diag_sort(diag_list *l)
{
	if (l->n > 1)
		sort_array(l->items, l->n, sizeof *l->items, cmp_diag);
}

diag_severity diag_worst(const diag_list *l)
{
	diag_severity w = SEV_OFF;
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].sev > w)
			w = l->items[i].sev;
	return w;
}

const char *diag_severity_name(diag_severity s)
{
	switch (s) {
	case SEV_NOTE: return "note";
	case SEV_WARNING: return "warning";
	case SEV_ERROR: return "error";
	case SEV_FATAL: return "error";
	default: return "off";
	}
}

int diag_column(const char *line, size_t n, int col, int utf16)
{
	if (col < 1 || (size_t)col - 1 > n)
		return col;
	size_t bytes = (size_t)col - 1, units = 0;
	for (size_t i = 0; i < bytes;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)line + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k < 1) {
			units++;
			i++;
			continue;
		}
		units += utf16 && cp >= 0x10000 ? 2 : 1;
		i += (size_t)k;
	}
	return (int)units + 1;
}

/* Copies line `line` of file into out (without the line end). 0 if absent. */
static int source_line(srcline *sc, const char *file, int line, buf *out)
{
	size_t n;
	const char *p = srcline_get(sc, file, line, &n);
	if (!p)
		return 0;
	/* columns count from after a byte-order mark, as the reader does */
	if (line == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	buf_put(out, p, n);
	return 1;
}

/* The caret line: one space (a tab kept) for each character print_clean
 * shows before byte column col of the n-byte line src, so that the caret
 * lands under the right one, a NUL or an invalid byte included. */
static void caret_line(FILE *out, const char *src, size_t n, int col)
{
	fputs("    ", out);
	for (size_t i = 0; i < n && i + 1 < (size_t)col;) {
		unsigned char c = (unsigned char)src[i];
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = c < 0x80 ? 1 : utf8proc_iterate((const utf8proc_uint8_t *)src + i, (utf8proc_ssize_t)(n - i), &cp);
		fputc(c == '\t' ? '\t' : ' ', out);
		i += k < 1 ? 1 : (size_t)k;
	}
	fputs("^\n", out);
}

/* Prints a source line with control characters and invalid UTF-8 shown
 * as U+FFFD: a book must not be able to send escape sequences to the
 * terminal of whoever reads the diagnostics. */
static void print_clean(FILE *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = c < 0x80 ? 1 : utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k < 0 || (c < 0x20 && c != '\t') || c == 0x7F || (k == 2 && cp >= 0x80 && cp <= 0x9F)) {
			fputs("\xEF\xBF\xBD", out);
			i += k < 0 ? 1 : (size_t)k;
			continue;
		}
		fwrite(s + i, 1, (size_t)k, out);
		i += (size_t)k;
	}
}

/* The byte column of character column col (from 1) of the n-byte line s
 * (an invalid byte counts one); past its end, as many bytes past it. */
static int byte_column(const char *s, size_t n, int col)
{
	size_t i = 0;
	for (int c = 1; c < col; c++) {
		if (i >= n)
			return (int)n + 1 + (col - c);
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
		i += k < 1 ? 1 : (size_t)k;
	}
	return (int)i + 1;
}

static void print_all(FILE *out, const diag_list *l, const char *prefix, srcline *sc, int color);

/* Standard error is unbuffered: everything is written to memory first and
 * then in one go, or thousands of diagnostics cost a system call per byte. */
static void print_buffered(FILE *out, const diag_list *l, const char *prefix, srcline *sc, int color)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem) {
		print_all(out, l, prefix, sc, color);
	} else {
		print_all(mem, l, prefix, sc, color);
		fclose(mem);
		fwrite(text, 1, len, out);
		fflush(out);
		free(text);
	}
	srcline_free(sc);
}

void diag_print_text(FILE *out, const diag_list *l, const char *prefix, const char *bookdir, int color)
{
	srcline sc = {.bookdir = bookdir};
	print_buffered(out, l, prefix, &sc, color);
}

void diag_print_named(FILE *out, const diag_list *l, int color)
{
	srcline sc = {.as_named = 1};
	print_buffered(out, l, "", &sc, color);
	diag_print_summary(out, l);
}

static void print_all(FILE *out, const diag_list *l, const char *prefix, srcline *sc, int color)
{
	buf line;
	buf_init(&line);
	for (size_t i = 0; i < l->n; i++) {
		const diag *d = &l->items[i];
		const char *sevcol = d->sev >= SEV_ERROR ? "\033[1;31m" : d->sev == SEV_WARNING ? "\033[1;35m" : "\033[1;36m";
		if (color)
			fputs("\033[1m", out);
		line.len = 0;
		int have = (sc->bookdir || sc->as_named) && *d->file && d->line > 0 && source_line(sc, d->file, d->line, &line);
		if (*d->file) {
			fprintf(out, "%s%s", prefix ? prefix : "", d->file);
			if (d->line > 0)
				fprintf(out, ":%d", d->line);
			/* editors count characters, not bytes (a named file's
			 * columns are characters already: csv.h) */
			if (d->line > 0 && d->col > 0)
				fprintf(out, ":%d", have && !sc->as_named ? diag_column(line.data, line.len, d->col, 0) : d->col);
			fputs(": ", out);
		} else {
			fputs("svcbook: ", out);
		}
		if (color)
			fprintf(out, "%s%s:\033[0m\033[1m %s\033[0m", sevcol, diag_severity_name(d->sev), d->message);
		else
			fprintf(out, "%s: %s", diag_severity_name(d->sev), d->message);
		if (*d->rule)
			fprintf(out, " [%s]", d->rule);
		fputc('\n', out);
		if (have) {
			/* A megabyte-long line helps nobody: show its start. */
			size_t shown = line.len > 400 ? 400 : line.len;
			fputs("    ", out);
			print_clean(out, line.data, shown);
			fputc('\n', out);
			int col = sc->as_named ? byte_column(line.data, line.len, d->col) : d->col;
			if (col > 0 && (size_t)col <= shown + 1)
				caret_line(out, line.data, shown, col);
		}
		if (d->hint)
			fprintf(out, "    %s%s%s %s\n", color ? "\033[1;32m" : "", _("hint:"), color ? "\033[0m" : "",
				d->hint);
	}
	buf_free(&line);
}

void diag_print_summary(FILE *out, const diag_list *l)
{
	size_t err = 0, warn = 0, note = 0;
	for (size_t i = 0; i < l->n; i++) {
		diag_severity s = l->items[i].sev;
		err += s >= SEV_ERROR;
		warn += s == SEV_WARNING;
		note += s == SEV_NOTE;
	}
	if (!l->n)
		return;
	/* the severities in the lines above stay English (editors and CI parse
	 * them); the count is read by people */
	fputs("svcbook: ", out);
	fprintf(out, dngettext("svcbook", "%zu error", "%zu errors", err), err);
	fputs(", ", out);
	fprintf(out, dngettext("svcbook", "%zu warning", "%zu warnings", warn), warn);
	if (note) {
		fputs(", ", out);
		fprintf(out, dngettext("svcbook", "%zu note", "%zu notes", note), note);
	}
	fputc('\n', out);
	fflush(out);
}

/* srctext.c - a book file's bytes made text the rest can trust: the
 * encoding checked (bad UTF-8, NUL and control characters said once per
 * kind, controls replaced), and its lines indexed as cmark counts them. */
#include "srctext.h"
#include "diagid.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* A code point no XML 1.0 or HTML document may carry: C0 controls other
 * than tab and line ends, DEL, C1 controls, U+FFFE and U+FFFF. */
static int forbidden_cp(utf8proc_int32_t c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0) ||
	       (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF;
}

/* " (N more in this file)" for a kind of bad byte seen n times, or "". */
static const char *more_in_file(char *b, size_t cap, int n)
{
	if (n <= 1)
		return "";
	snprintf(b, cap, " (%d more in this file)", n - 1);
	return b;
}

/* Checks a file's bytes, reporting the first problem of each kind with its
 * line and column. Invalid UTF-8 and NUL become U+FFFD in cmark; control
 * characters are replaced with U+FFFD here (the documented replacement),
 * so no output ever carries them. Returns the text to parse (a new string
 * when something was replaced, else text itself); *valid says whether it is
 * valid UTF-8 without NUL, so that cmark need not check it again. */
char *srctext_check(diag_list *d, const char *path, char *text, size_t *len, int *valid)
{
	if (utf8_clean_prefix(text, *len) == *len) {
		*valid = 1;
		return text;
	}
	int line = 1, col = 1;
	/* each kind is reported once, at its first place, with how many more */
	struct {
		int n, line, col;
		unsigned what;
	} bad_utf8 = {0, 0, 0, 0}, nul = {0, 0, 0, 0}, ctrl = {0, 0, 0, 0};
	buf out;
	buf_init(&out);
	size_t copied = 0;
	const unsigned char *u = (const unsigned char *)text;
	for (size_t i = 0; i < *len;) {
		unsigned char c = u[i];
		/* the common cases first: printable ASCII, a line end, and a
		 * two-byte character that is not a C1 control (Cyrillic) */
		if (c >= 0x20 && c < 0x7F) {
			col++;
			i++;
			continue;
		}
		if (c == '\n') {
			line++;
			col = 1;
			i++;
			continue;
		}
		if (c >= 0xC3 && c <= 0xDF && i + 1 < *len && (u[i + 1] & 0xC0) == 0x80) {
			col += 2;
			i += 2;
			continue;
		}
		utf8proc_int32_t cp = c;
		utf8proc_ssize_t k;
		if (c < 0x80) {
			k = 1;
		} else if (c >= 0xC2 && c <= 0xDF && i + 1 < *len && ((unsigned char)text[i + 1] & 0xC0) == 0x80) {
			/* two bytes (Cyrillic): decoded here, the common case */
			cp = ((c & 0x1F) << 6) | ((unsigned char)text[i + 1] & 0x3F);
			k = 2;
		} else {
			k = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(*len - i), &cp);
		}
		if (c == 0 && !nul.n++)
			nul.line = line, nul.col = col;
		if (k < 0) {
			if (!bad_utf8.n++)
				bad_utf8.line = line, bad_utf8.col = col, bad_utf8.what = c;
			k = 1;
		} else if (forbidden_cp(cp)) {
			if (!ctrl.n++)
				ctrl.line = line, ctrl.col = col, ctrl.what = (unsigned)cp;
			buf_put(&out, text + copied, i - copied);
			buf_puts(&out, "\xEF\xBF\xBD");
			copied = i + (size_t)k;
		}
		if (c == '\n') {
			line++;
			col = 1;
		} else {
			col += (int)k;
		}
		i += (size_t)k;
	}
	char more[64];
	if (nul.n)
		diag_add(d, path, nul.line, nul.col, SEV_WARNING, DIAG_ID(BAD_ENCODING), NULL,
			 "NUL byte; replaced with U+FFFD%s", more_in_file(more, sizeof more, nul.n));
	if (bad_utf8.n)
		diag_add(d, path, bad_utf8.line, bad_utf8.col, SEV_WARNING, DIAG_ID(BAD_ENCODING),
			 "save the file as UTF-8", "invalid UTF-8 (byte 0x%02X); replaced with U+FFFD%s",
			 bad_utf8.what, more_in_file(more, sizeof more, bad_utf8.n));
	if (ctrl.n)
		diag_add(d, path, ctrl.line, ctrl.col, SEV_WARNING, DIAG_ID(BAD_ENCODING), NULL,
			 "control character U+%04X; replaced with U+FFFD%s", ctrl.what,
			 more_in_file(more, sizeof more, ctrl.n));
	*valid = !bad_utf8.n && !nul.n;
	if (!ctrl.n)
		return text;
	buf_put(&out, text + copied, *len - copied);
	*len = out.len;
	return buf_detach(&out);
}

/* Line start offsets, as cmark counts lines (\n, \r\n or \r). */
void srctext_index_lines(book_file *f)
{
	size_t cap = 0;
	f->lines = xgrow(NULL, &cap, 1, sizeof *f->lines);
	f->lines[0] = 0;
	f->nlines = 1;
	if (!memchr(f->text, '\r', f->len)) { /* the usual file: memchr from line to line */
		const char *p = f->text, *end = f->text + f->len;
		while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			p++;
			f->lines = xgrow(f->lines, &cap, f->nlines + 1, sizeof *f->lines);
			f->lines[f->nlines++] = (size_t)(p - f->text);
		}
		return;
	}
	for (size_t i = 0; i < f->len; i++) {
		char c = f->text[i];
		if (c == '\r' && i + 1 < f->len && f->text[i + 1] == '\n')
			continue;
		if (c == '\n' || c == '\r') {
			f->lines = xgrow(f->lines, &cap, f->nlines + 1, sizeof *f->lines);
			f->lines[f->nlines++] = i + 1;
		}
	}
}

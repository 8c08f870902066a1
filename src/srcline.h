/* srcline.h - the source line a diagnostic shows, for every printer
 * (diag.c's text, report.c's machine formats), and the line of a byte.
 * Included by: diag, report, oblig. */
#ifndef SVCBOOK_SRCLINE_H
#define SVCBOOK_SRCLINE_H

#include <stddef.h>

struct book;

/** Where lines come from: the model's files while they hold their text
 *  and line index (b may be NULL), else the file read from bookdir
 *  (NULL: never), indexed once and kept until the next file. */
typedef struct {
	const struct book *b;
	const char *bookdir;
	int as_named;  /* files named by the user (an audit's sheets): read as
	                  named, from the current directory, not bookdir */
	size_t hit;    /* 1 + the model's file found last, 0 for none */
	char *path;    /* the file read from disk last, as named */
	char *text;
	size_t len;
	size_t *starts; /* its line starts */
	size_t nlines;
} srcline;

/* The text of line `line` (from 1) of file, a path relative to the book
 * folder, without its line end; *n its length; NULL when there is none.
 * Lines end at \n, \r\n or \r, as cmark counts them. Only a regular file
 * inside the book folder is ever read: a plain relative path (no "..",
 * not absolute) with no symlink at its end, never a FIFO or a device;
 * with as_named, any regular file the user named. */
const char *srcline_get(srcline *s, const char *file, int line, size_t *n);

/* The line (from 1) that byte off of a text is on, from the text's line
 * starts (nlines >= 1 of them, the first 0: book_file.lines, or the
 * index srcline keeps). A binary search. */
size_t srcline_at(const size_t *starts, size_t nlines, size_t off);
void srcline_free(srcline *s);

/* Narrows line *p of *n bytes to what lies between its leading and
 * trailing spaces and tabs: the part of a finding's line its fingerprint
 * hashes (report.c, baseline.c), so re-indenting keeps it. */
void srcline_trim(const char **p, size_t *n);

#endif

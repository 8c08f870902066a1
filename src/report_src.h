/* report_src.h - what the machine formats share (report.c, sarif.c,
 * rdjson.c): a finding's source line, its columns, its fingerprint.
 * Internal to the report modules; included by them only. */
#ifndef SVCBOOK_REPORT_SRC_H
#define SVCBOOK_REPORT_SRC_H

#include <stdint.h>
#include <stdio.h>
#include "report.h"
#include "srcline.h"

/** Source lines of findings (srcline.c): book files from the model,
 *  other files (book.lua, rules/) read from disk once each in turn. */
typedef struct {
	const report_opts *o;
	srcline sl; /* set up at the first line asked for */
} rsrc;

/* "error", "warning" or "note" (SARIF's levels). */
const char *rsrc_level(diag_severity s);

/* The text of line `line` of file (relative to the book folder), *n its
 * length without the line end; NULL when there is none. */
const char *rsrc_line(rsrc *s, const char *file, int line, size_t *n);
void rsrc_free(rsrc *s);

/* d's column in characters (utf16 0) or UTF-16 code units (1). */
int rsrc_col(rsrc *s, const diag *d, int utf16);

/* One past the end of the token d points at ([[...]], {...}, a word), in
 * the same units; 0 when unknown. */
int rsrc_end_col(rsrc *s, const diag *d, int utf16);

/* One past the end of that token as a byte column; 0 when unknown. */
int rsrc_end_byte(rsrc *s, const diag *d);

/* A hash of rule, file, message and the trimmed line text (not the line
 * number, so it survives lines moving); seed varies it. */
uint64_t rsrc_fingerprint(rsrc *s, const diag *d, uint64_t seed);

/* For each i, how many of fp[0..i) equal fp[i]: keeps equal findings
 * distinct. Caller frees. */
int *rsrc_occurrences(const uint64_t *fp, size_t n);

/* Writes prefix+file percent-encoded as a relative URI path. */
void rsrc_uri_path(FILE *out, const char *prefix, const char *file);

/* SARIF 2.1.0 (sarif.c). */
void sarif_write(FILE *out, const diag_list *l, const report_opts *o);

/* reviewdog's rdjson (rdjson.c). */
void rdjson_write(FILE *out, const diag_list *l, const report_opts *o);

/* svcbook's documentation folder as a URI ending in '/' (SVCBOOK_DOCS_URL
 * overrides), for the rules' helpUri. Caller frees. */
char *report_docs_url(void);

#endif

/* reread.h - svcbook reread (FORMAT.md 9): who must re-read the book. An
 * acknowledgement file (acks.csv: person,role,version,signed) says which
 * version each person signed; each person whose role's obligations
 * changed since that version is listed, with the clauses that changed and
 * how (oblig.h effects). Included by: main. */
#ifndef SVCBOOK_REREAD_H
#define SVCBOOK_REREAD_H

/* REREAD_CSV_BOM: CSV that starts with a UTF-8 byte order mark, which
 * Excel needs to read it as UTF-8 (--bom). */
typedef enum { REREAD_TEXT, REREAD_JSON, REREAD_CSV, REREAD_CSV_BOM } reread_format;

/* Reads the book in bookdir, its history from git and the acknowledgements
 * in acks (NULL: bookdir/acks.csv); writes the list to standard output in
 * format f, diagnostics to standard error. Returns the exit status: 0 when
 * nobody must re-read, 1 when someone must, 2 for unusable input (every
 * bad line of the acknowledgements named at file:line:col, nothing
 * written to standard output). */
int reread_run(const char *bookdir, const char *acks, reread_format f, int color);

#endif

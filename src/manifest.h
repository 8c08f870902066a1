/* manifest.h - what a build tells HR about each role (FORMAT.md 9):
 * OUTDIR/manifest.json with the book's version and, per role, its id,
 * name, the ids of the clauses of its onboarding book and a fingerprint of
 * the obligations those clauses hold. Explanatory text can change without
 * changing a fingerprint (oblig.h). Included by: main, reread. */
#ifndef SVCBOOK_MANIFEST_H
#define SVCBOOK_MANIFEST_H

#include "book.h"
#include "diag.h"

/* The fingerprint (oblig_fingerprint) of the obligations of every clause
 * the view v holds (v->clauses NULL: every clause of the book). */
void manifest_fingerprint(const book *b, const book_view *v, char out[17]);

/* The fingerprint of the obligations of clause c's own body. */
void manifest_clause_fingerprint(const book *b, int c, char out[17]);

/* Writes OUTDIR/manifest.json, whole or not at all (a temporary file
 * renamed into place). Returns 0, or -1 (reported in d). */
int manifest_write(const book *b, const char *outdir, diag_list *d);

#endif

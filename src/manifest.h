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
 * renamed into place), unless the file there is not a manifest svcbook
 * wrote. Returns 0, or -1 (reported in d). The same in steps: */
int manifest_write(const book *b, const char *outdir, diag_list *d);

/* The manifest's name in OUTDIR. */
#define MANIFEST_NAME "manifest.json"

/* OUTDIR/manifest.json made and not yet in place. */
typedef struct {
	char *final; /* OUTDIR/manifest.json */
	char *tmp;   /* the temporary file beside it, written whole; NULL: none */
	int lock;    /* a descriptor holding tmp's flock (output_open_beside); 0: none */
} manifest_made;

/* 0 when OUTDIR/manifest.json may be replaced: there is none, or it is a
 * manifest svcbook wrote; else -1, reported (fatal) in d. */
int manifest_replaceable(const char *outdir, diag_list *d);
/* Writes the manifest into a temporary file beside OUTDIR/manifest.json,
 * on any thread: it only reads the frozen book and its obligations table.
 * 0, or -1 (reported in d). Then manifest_commit or manifest_abort. */
int manifest_make(const book *b, const char *outdir, manifest_made *m, diag_list *d);
/* Renames what manifest_make made into place: 0, or -1 (reported in d;
 * nothing made, or it failed, and the file is removed). */
int manifest_commit(manifest_made *m, diag_list *d);
/* Removes what manifest_make made: the old manifest stays. */
void manifest_abort(manifest_made *m);

#endif

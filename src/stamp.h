/* stamp.h - what svcbook may replace or remove in an output folder: each
 * part it writes (OUTDIR/html, docbook, roles) holds a stamp file,
 * .svcbook-stamp, that lists every file and folder svcbook put there. A
 * folder without a stamp, or holding a name its stamp does not list (a
 * user's notes.txt), or that is a symlink, is not svcbook's: it is never
 * moved or deleted. Included by: output. */
#ifndef SVCBOOK_STAMP_H
#define SVCBOOK_STAMP_H

#include <stddef.h>

#define STAMP_NAME ".svcbook-stamp"

/* The text of the stamp of folder dir, listing what it holds now (sorted,
 * so the same output gives the same stamp), its length in *len; NULL when
 * the folder cannot be read (errno set). The caller writes it to
 * dir/STAMP_NAME and frees it. */
char *stamp_make(const char *dir, size_t *len);

/* Writes a stamp that lists nothing: a temporary folder svcbook is still
 * writing, which a later build may remove if it was left behind. */
int stamp_begin(const char *dir);

/* Whether svcbook may remove folder dir: 1 when dir is a real folder
 * holding a stamp (any stamp: a folder being written counts). */
int stamp_present(const char *dir);

/* Whether svcbook may replace folder dir: 0 when it is a real folder whose
 * stamp lists everything in it; otherwise -1 and *why says why (caller
 * frees): "is a symlink", "has no svcbook stamp", "holds 'x', which
 * svcbook did not write". */
int stamp_check(const char *dir, char **why);

#endif

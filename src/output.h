/* output.h - the output folder, written atomically: each part (html/,
 * docbook/, roles/ID/) is built in a temporary folder beside its target and
 * renamed into place only when complete, so a failed build leaves the old
 * output as it was. Included by: main, docbook, html, newbook, serve. */
#ifndef SVCBOOK_OUTPUT_H
#define SVCBOOK_OUTPUT_H

#include "diag.h"

#include <stdio.h>

typedef struct {
	char *final; /* OUTDIR/part */
	char *tmp;   /* OUTDIR/.part.tmp-XXXXXX, where the backend writes */
	int lock;    /* an open descriptor of tmp, flock()ed while this build owns it */
} output_part;

/* Creates outdir (and parents) if needed; reports and returns -1 when it
 * is not a writable folder. */
int output_prepare(const char *outdir, diag_list *d);
/* Refuses (fatal, -1) an output folder that is or passes through a
 * symlink (a pull request's `out` leading to another folder), that is the
 * book folder, or that lies inside it anywhere but in a folder of its own
 * at the book's top (./out, the default, is fine; the book's roles/ is not). */
int output_check_place(const char *outdir, const char *bookdir, diag_list *d);
/* Makes the temporary folder for OUTDIR/part; -1 on failure (reported).
 * It is locked (flock) while this build owns it; temporary folders of the
 * part that no build holds (left by one that was killed) are removed first. */
int output_begin(output_part *p, const char *outdir, const char *part, diag_list *d);
/* Swaps the finished temporary folder into place; -1 on failure. */
int output_commit(output_part *p, diag_list *d);
/* Removes the temporary folder after a failure. */
void output_abort(output_part *p);

/* Copies each of the book's local files (book.local_files: relative paths,
 * checked to be inside bookdir) from bookdir into dir, making folders as
 * needed; -1 on failure (reported). */
int output_copy_local(const char *bookdir, char *const *files, size_t n, const char *dir, diag_list *d);

/* Removes a folder tree without following symlinks. */
int output_remove_tree(const char *path);
/* Writes a whole file in one go; -1 on failure (reported). */
int output_write_file(const char *path, const char *data, size_t len, diag_list *d);
/* The same written in pieces: output_open, any number of fwrite, then
 * output_close, which reports any failure of the three (-1). */
FILE *output_open(const char *path, diag_list *d);
int output_close(FILE *f, const char *path, diag_list *d);

/* A new temporary file beside final (DIR/.NAME.tmp-XXXXXX), made with
 * O_CREAT|O_EXCL (mkstemp: a planted symlink or file is never followed
 * nor reused), with the mode a new file gets; *tmp is its path (caller
 * frees). Write it, output_close it, then rename it over final, then
 * close *lock: a descriptor holding the file's flock until then, which
 * tells output_sweep that a build still owns it. NULL on failure
 * (reported). */
FILE *output_open_beside(const char *final, char **tmp, int *lock, diag_list *d);

/* Removes what killed builds left in outdir: the temporary folders of any
 * part that no build holds (svcbook's only: stamped, or empty but for a
 * stamp begun), and the temporary files output_open_beside made for the
 * files named in beside (NULL-terminated: "manifest.json") that no build
 * holds. A user's file or folder of another name is never touched. */
void output_sweep(const char *outdir, const char *const *beside);

#endif

/* backend.h - the formats build writes, in one table: each backend's
 * --format word (also its folder in OUTDIR), what it writes, and its
 * steps, in the manner of lowdown's *_new/_rndr/_free. main.c knows the
 * formats only through this table; a new format is one entry here and
 * one module that writes it (docs/architecture.md). Included by: main. */
#ifndef SVCBOOK_BACKEND_H
#define SVCBOOK_BACKEND_H

#include "book.h"
#include "diag.h"

#include <stddef.h>

/* What a backend is given. */
typedef struct {
	const book *b;
	const book_view *v;   /* NULL: the whole book */
	const struct plan *p; /* v's plan (plan.h), made once for every backend, which
	                         only reads it and must not outlive it; NULL: each makes its own */
	const char *dir;      /* its part's folder (made, empty): OUTDIR/.NAME.tmp-X */
	const char *datadir;  /* svcbook's lua/ and templates/ */
	int validate;         /* --validate: check what was written against its schema */
	int exiting;          /* the process's last output: what it made need not be freed */
	book *drop;           /* b, when this backend's beside() is the last to read b's
	                         trees and may free them as it goes (book_release_trees); NULL */
} backend_args;

/* The steps of a build:
 *   begin   on the main thread; early backends before the rules run,
 *           the others after them. NULL: failed (reported into d).
 *   beside  on a second thread: for an early backend while the rules
 *           run, for the others while write runs. May be NULL.
 *   after   on that thread, after every beside (and after the trees
 *           are freed, if they are): reads no tree. May be NULL.
 *   write   on the main thread, after begin. May be NULL.
 *   end     after all; 0 when what it wrote is whole. Frees st.
 * Only begin and beside read the trees: a full build frees them
 * (book_drop_trees) once the last beside is done, while write runs; the
 * last beside (args.drop) may free them file by file before that.
 * A part is kept only when the rules and every part before it in the
 * table were good: the result is that of writing them one by one. */
typedef struct backend {
	const char *name;     /* the --format word and the part of OUTDIR: "html" */
	const char *writes;   /* what it writes, for the help (N_) */
	int by_default;       /* written when no --format is given */
	int early;            /* begun before the rules run: it reads the trees as they do
	                         (the model is frozen: every backend only reads it) */
	void *(*begin)(const backend_args *a, diag_list *d);
	void (*beside)(void *st, diag_list *d);
	void (*after)(void *st, diag_list *d);
	int (*write)(void *st);
	int (*end)(void *st);
} backend;

extern const backend backends[];
extern const size_t nbackends;

/* The index of the backend named name, or -1. */
int backend_find(const char *name);
/* The --format words, "html, docbook or epub". Caller frees. */
char *backend_names(void);
/* All steps of backend k on this thread; 0 when what it wrote is whole. */
int backend_run(size_t k, const backend_args *a, diag_list *d);

#endif

/* history.h - the revision history of a book kept in git (FORMAT.md 9): a
 * version is a commit that changed book.lua's `version`; each with its
 * date, author and what changed for each role since the version before.
 * Read with libgit2, never by running git.
 * Included by: main, the backends that show it, reread. */
#ifndef SVCBOOK_HISTORY_H
#define SVCBOOK_HISTORY_H

#include "book.h"
#include "diag.h"

/* One clause that changed for one role. */
typedef struct {
	char *role_id, *role_name;
	char *clause_id, *number, *title;
	const char *kind;   /* "added", "removed", "changed", "retitled", "moved"; "joined" /
	                       "left": a clause of the book new to the role's book / gone from it */
	const char *effect; /* for the role (oblig_effect_name): "editorial", "stronger",
	                       "weaker", "mixed"; NULL when it is no clause, or it left */
	int was;            /* number is the one the clause had in the version before (it
	                       left the role's book: another clause may have it now) */
} history_change;

typedef struct {
	char *version;      /* book.lua's version in that commit */
	char commit[41];    /* the commit's id, hex */
	char date[11];      /* its author's date, YYYY-MM-DD in the author's time zone */
	char *author;       /* its author's name */
	history_change *changes; /* since the version before (none for the first seen) */
	size_t nchanges;
	int first;          /* no version before it is seen */
	book *book;         /* the book as that commit has it (history_read keep_books), else NULL */
} history_version;

typedef struct history {
	history_version *v; /* oldest first */
	size_t n;
	int shallow;        /* a shallow clone: older commits are missing */
	int detached;       /* HEAD is detached: the history is that commit's */
	int in_git;         /* the book folder is in a git work tree */
} history;

/* Reads the history of the book in bookdir. Outside git, or in a repository
 * with no commit, h is empty and nothing is said. Problems of the
 * repository are warnings in d (the build goes on without a history).
 * keep_books: keep each version's book (reread compares them); else they
 * are freed once compared. Returns 0. */
int history_read(const char *bookdir, int keep_books, history *h, diag_list *d);

/* The version whose book.lua `version` is v, or NULL. */
const history_version *history_find(const history *h, const char *v);

void history_free(history *h);

#endif

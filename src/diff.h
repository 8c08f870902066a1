/* diff.h - the semantic diff of two versions of a book: changes keyed by
 * ids (clauses, terms, roles, stage owners, appearance roles), each with the
 * roles it affects. Renumbering alone is no change: numbers are never
 * compared. Included by: main. */
#ifndef SVCBOOK_DIFF_H
#define SVCBOOK_DIFF_H

#include <stdio.h>
#include "book.h"
#include "oblig.h"

typedef enum { DIFF_ADDED, DIFF_REMOVED, DIFF_CHANGED, DIFF_RETITLED, DIFF_MOVED, DIFF_KIND_COUNT } diff_kind;

/* What changed: a clause's text or place, a term, a role, a stage's
 * owner, the roles an appearance section covers. */
typedef enum { DW_CLAUSE, DW_TERM, DW_ROLE, DW_OWNER, DW_APPEARANCE_ROLES } diff_what;

typedef struct {
	diff_kind kind;
	diff_what what;
	const char *id;      /* the clause id (terms, roles, stages, sections have one) */
	const char *chapter; /* the chapter's page name: general, roles, ... */
	const char *number;  /* in the new book (the old one for a removal) */
	const char *title;   /* likewise */
	char *old, *new;     /* plain texts compared (NULL when not applicable) */
	int *roles;          /* affected roles: indices into diff_result.role_ids */
	size_t nroles;
	/* The effect on the obligations (FORMAT.md 8), and for a clause's text
	 * added, removed or changed, its obligations before and after and how
	 * oblig_compare paired them (diffob.h). Editorial, with none, for a
	 * retitle, a move or an owner change: no obligation's words change. */
	oblig_effect effect;
	oblig_list ob_old, ob_new;
	oblig_pair *pairs;
	size_t npairs;
} diff_change;

typedef struct {
	const book *a, *b;   /* old and new */
	diff_change *v;
	size_t n, cap;
	char **role_ids;     /* every role of either book: the new book's, then removed ones */
	char **role_names;
	size_t nroles;
} diff_result;

typedef enum { DIFF_TEXT, DIFF_MARKDOWN, DIFF_JSON } diff_format;

/* Compares old book a with new book b (both read and resolved). */
void diff_books(const book *a, const book *b, diff_result *r);
void diff_free(diff_result *r);
void diff_write(FILE *out, diff_format f, const diff_result *r);

/* Word-level diff of two texts: the words of old and new in order, each
 * marked ' ' (both), '-' (old only) or '+' (new only), passed to emit.
 * Falls back to all-removed-then-all-added when the texts are too long
 * for the quadratic table. */
typedef void (*diff_emit)(void *ctx, char mark, const char *word, size_t len);
void diff_words(const char *old, const char *new, diff_emit emit, void *ctx);

#endif

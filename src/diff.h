/* diff.h - the semantic diff of two versions of a book: changes keyed by
 * ids (clauses, terms, roles, stage owners, appearance roles), each with the
 * roles it affects. Renumbering alone is no change: numbers are never
 * compared. Included by: main. */
#ifndef SVCBOOK_DIFF_H
#define SVCBOOK_DIFF_H

#include <stdio.h>
#include "book.h"
#include "oblig.h"
#include "rolediff.h"

typedef enum { DIFF_ADDED, DIFF_REMOVED, DIFF_CHANGED, DIFF_RETITLED, DIFF_MOVED, DIFF_KIND_COUNT } diff_kind;

/* What changed: a clause's text or place, a term, a role, a stage's
 * owner, the roles an appearance section covers. */
typedef enum { DW_CLAUSE, DW_TERM, DW_ROLE, DW_OWNER, DW_APPEARANCE_ROLES } diff_what;

/* What a change does for one of the roles it affects: the answer of
 * rolediff.h (reread's): a clause moved into the role's standard is
 * stronger for it though its words did not change. */
typedef struct {
	oblig_effect effect;
	int left;          /* the clause left the role's book, and stays in the book */
	const char *was;   /* then its number in the old book when it differs from the new one's
	                      (another clause may have it now); NULL otherwise */
} diff_role_effect;

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
	/* old and new as the reader sees them (references as their text,
	 * attributes in words), for a clause's text added, removed or changed;
	 * NULL otherwise */
	char *old_shown, *new_shown;
	/* a removed clause of a role the new book no longer has: that role's
	 * index in the old book (the change is part of the role's removal); -1 */
	int old_role;
	/* a move whose text changed too is one change: old and new are the
	 * places, these the texts compared (NULL for a move alone and the rest) */
	char *old_text, *new_text;
	/* per role of roles, what the change does for it */
	diff_role_effect *role_effects;
} diff_change;

typedef struct {
	const book *a, *b;   /* old and new */
	diff_change *v;
	size_t n, cap;
	char **role_ids;     /* every role of either book: the new book's, then removed ones */
	char **role_names;
	size_t nroles;
	rolediff *rd;        /* per role of role_ids, its book compared (empty for a removed role) */
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

/* How a word diff is written: the text around runs of removed and added
 * words, the mark of an elided unchanged stretch, how a word of the
 * book's text is put. */
typedef struct {
	const char *del_open, *del_close, *ins_open, *ins_close, *elision;
	void (*put)(FILE *out, const char *s, size_t len);
} diff_style;

/* Writes the word diff of old and new, unchanged stretches of more than
 * a few words elided. */
void diff_render_words(FILE *out, const char *old, const char *new, const diff_style *st);

/* Whether a change concerns every role of either book (and there are
 * more than one). */
int diff_all_roles(const diff_result *r, const diff_change *ch);

/* Whether the change does something else for some role than its own
 * effect says (a clause moved into one role's standard and out of
 * another's): the formats then give each role's. */
int diff_roles_differ(const diff_change *ch);

#endif

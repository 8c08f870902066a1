/* rolebook.h - the part of a book one role needs (FORMAT.md 7): general
 * provisions, principles, the role's own standard, the stages it owns, the
 * appearance sections that cover it, and the terms all that uses.
 * Included by: main (build --role), tests. */
#ifndef SVCBOOK_ROLEBOOK_H
#define SVCBOOK_ROLEBOOK_H

#include "book.h"

/* The index of the role with this id, or -1. */
int rolebook_find(const book *b, const char *id);

/* Fills v with the view of role r's onboarding book: v->clauses and
 * v->terms are allocated here (free them with rolebook_view_free);
 * v->full_url is book.lua's url (NULL when not given). Clause numbers and
 * ids are the full book's: a view only leaves material out. */
void rolebook_view(const book *b, int r, book_view *v);
void rolebook_view_free(book_view *v);

/* What every role's view needs of the book, found once: who makes the
 * views of all the roles (the manifest: 283 on the 10 MB bench book)
 * makes it first and each view from it. Must not outlive b. */
typedef struct rolebook_index rolebook_index;
rolebook_index *rolebook_index_new(const book *b);
/* rolebook_view of role r, from x. */
void rolebook_view_in(const rolebook_index *x, int r, book_view *v);
void rolebook_index_free(rolebook_index *x);

#endif

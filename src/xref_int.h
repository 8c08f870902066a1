/* xref_int.h - what xref.c shares with xref_autolink.c and
 * xref_resolve.c: making the reference links and text nodes of a tree the
 * reader parsed, book paths.
 * Included by: xref.c, xref_autolink.c, xref_resolve.c. */
#ifndef SVCBOOK_XREF_INT_H
#define SVCBOOK_XREF_INT_H

#include "book.h"
#include "util.h"

/* Nodes unlinked while splitting text: freed when collection of a top-level
 * node ends, so pointers gathered before the split never dangle. */
typedef struct {
	cmark_node **v;
	size_t n, cap;
} node_list;

static inline void list_push(node_list *l, cmark_node *n)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = n;
}

/* A new reference of the book, its target unresolved; its index. */
int xref_new_ref(book *b, book_ref_kind kind, const char *raw, book_pos pos, int clause);
/* A node for a tree the reader parsed: cmark-gfm links a node only into a
 * tree of the same allocator (arena.h). */
cmark_node *xref_new_node(cmark_node_type type);
/* A text node of s[0..n); cmark copies it. */
cmark_node *xref_text_node(const char *s, size_t n);
/* Normalises the folder of from_file + rel ("roles/" + "../terms.md") into
 * a book path; NULL when it climbs out of the book folder. Caller frees. */
char *xref_join_path(const char *from_file, const char *rel, size_t rlen);

#endif

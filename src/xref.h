/* xref.h - [[...]] references and links between book files: collected
 * while reading (text nodes are split and the reference becomes a link node
 * carrying its ref index), resolved after the whole book is read.
 * Included by: reader. */
#ifndef SVCBOOK_XREF_H
#define SVCBOOK_XREF_H

#include "book.h"
#include "diag.h"
#include "match.h"

/* Collects the references in the subtree of a top-level node of file
 * `file`, belonging to clause `clause`. */
void xref_collect(book *b, int file, int clause, cmark_node *top);

/* The same, ahead of the walk over a file that assigns clauses: every
 * top-level node of f->doc but the headings is scanned on the thread that
 * loads the file (touching nothing but f's tree, d, keys and the result),
 * and xref_adopt then moves a node's references into the book where the
 * walk would have called xref_collect for it. Diagnostics go into d; a
 * [[name]]'s match key is made with keys, an index of this thread's own. */
typedef struct xref_found xref_found;
xref_found *xref_scan(const char *bookdir, book_file *f, diag_list *d, match_index *keys);
void xref_adopt(book *b, xref_found *x, int file, int clause, cmark_node *top);
/* After the walk: the file's local files and reserved links into the
 * book; frees x. */
void xref_found_done(book *b, xref_found *x);

/* Resolves every collected reference; reports undefined and ambiguous
 * ones into b->diags and fills term uses. */
void xref_resolve(book *b);

/* book.lua autolink_terms = "first": links the first plain-text use of
 * each term in every clause (in any inflected form). Runs after
 * xref_resolve; the new references are resolved here. */
void xref_autolink(book *b);

/* Gives the links of references [from, nrefs) their marker address,
 * BOOK_REF_MARK and the ref index, and an empty title; returns nrefs.
 * Nothing reading does reads them, so the reader marks the references
 * of the walk early, while another thread registers the names. */
size_t xref_mark(book *b, size_t from);

/* Freezes the trees once reading ends: every reference link from marked
 * on (xref_mark) gets its marker address, and an author's link to such an
 * address gets an empty one. From here on nothing writes the book (the
 * backends render the links as they are). */
void xref_freeze(book *b, size_t marked);

#endif

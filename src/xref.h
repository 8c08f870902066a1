/* xref.h - [[...]] references and links between book files: collected
 * while reading (text nodes are split and the reference becomes a link node
 * carrying its ref index), resolved after the whole book is read.
 * Included by: reader. */
#ifndef SVCBOOK_XREF_H
#define SVCBOOK_XREF_H

#include "book.h"

/* Collects the references in the subtree of a top-level node of file
 * `file`, belonging to clause `clause`. */
void xref_collect(book *b, int file, int clause, cmark_node *top);

/* Resolves every collected reference; reports undefined and ambiguous
 * ones into b->diags and fills term uses. */
void xref_resolve(book *b);

/* book.lua autolink_terms = "first": links the first plain-text use of
 * each term in every clause (in any inflected form). Runs after
 * xref_resolve; the new references are resolved here. */
void xref_autolink(book *b);

#endif

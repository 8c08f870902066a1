/* epub.h - the EPUB 3 backend: the book (or a role's part of it) as one
 * zip, made with libzip: the mimetype, META-INF/container.xml, a package
 * document, a navigation document, one XHTML content document per page
 * and a style sheet. libzip and the XHTML trees stay inside epub.c.
 * Included by: backend. */
#ifndef SVCBOOK_EPUB_H
#define SVCBOOK_EPUB_H

#include "book.h"
#include "diag.h"

struct plan;

/** Writes the book (or the part the view selects; v may be NULL) as an
 *  EPUB 3 publication at path (a new file), following plan p of that view
 *  (plan.h; NULL: it makes its own). The output is byte-identical
 *  for the same model: its dates come from the book, not the clock. It
 *  only reads the model, so it may run beside the rules. 0 on success, -1
 *  on failure (reported into d). */
int epub_write(const book *b, const book_view *v, const struct plan *p, const char *path, diag_list *d);

#endif

/* roleindex.h - the index page of the role books that `build --role all`
 * writes (OUTDIR/roles/index.html): each role with its book's cover, print
 * version, DocBook and EPUB, and the book's version and control dates.
 * Included by: main. */
#ifndef SVCBOOK_ROLEINDEX_H
#define SVCBOOK_ROLEINDEX_H

#include "book.h"
#include "diag.h"

/* Writes dir/index.html for the role books in dir/ID/ (html: their
 * html/ folders were written; docbook: their docbook/; epub: their
 * epub/). Returns 0, or -1 (reported in d). */
int roleindex_write(const book *b, const char *dir, int html, int docbook, int epub, diag_list *d);

#endif

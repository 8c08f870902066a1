/* trust.h - what a book may do only when its authors are trusted: its own
 * templates/ (markup, style sheets, svcbook.js and other scripts, which go
 * on every page) and book.lua's unsafe_html (its raw HTML on the pages).
 * A pull request from outside must not put script on an intranet, so
 * `build` trusts a book only with --trust-book or SVCBOOK_TRUST_BOOK=1;
 * `serve` (the writer's own book on a laptop) trusts it. Included by:
 * main, serve. */
#ifndef SVCBOOK_TRUST_H
#define SVCBOOK_TRUST_H

#include "book.h"

/* The run's trust, set once from the command line (--trust-book; serve
 * sets it): the reader needs it before the book exists (max_input_mb). */
void trust_set(int on);

/* 1 when flag or the run's trust is set, or SVCBOOK_TRUST_BOOK is "1". */
int trust_wanted(int flag);

/* Sets b->trusted; when untrusted, turns unsafe_html off and warns once,
 * naming what is ignored (the book's templates/ files, unsafe_html). */
void trust_apply(book *b, int trusted);

#endif

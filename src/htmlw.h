/* htmlw.h - small helpers for svcbook's standalone HTML pages (the audit
 * checklists and the audit report), which are not part of the site and
 * carry their own style: the address of a clause in the site (their escaping
 * is esc_html_dq, escape.h).
 * Included by: checkpage, auditrep. */
#ifndef SVCBOOK_HTMLW_H
#define SVCBOOK_HTMLW_H

#include "book.h"
#include "util.h"

/** The address of clause c in the HTML site, from base ("../html/" or
 *  book.lua's url; "" when NULL): base + its page + ".html#" + its id.
 *  NULL when the clause has no page. Caller frees. */
char *htmlw_clause_href(const book *b, int c, const char *base);

/** Whether clause c has a page (htmlw_clause_href is not NULL). */
int htmlw_clause_has_page(const book *b, int c);

/** Appends htmlw_clause_href's address to o as esc_html_dq would write
 *  it, piece by piece without the copy (a page lists thousands); nothing
 *  when the clause has no page. */
void htmlw_put_clause_href(buf *o, const book *b, int c, const char *base);

#endif

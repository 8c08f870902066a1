/* checkpage.h - the printable checklist of one role (FORMAT.md 10): A4, the
 * items with the obligations to observe, yes / no / n.a. boxes, room for a
 * comment. Included by: auditout. */
#ifndef SVCBOOK_CHECKPAGE_H
#define SVCBOOK_CHECKPAGE_H

#include "checklist.h"
#include "util.h"

/** Appends the page of role r's checklist to o. Clauses link to base (see
 *  htmlw_clause_href; NULL: no links). */
void checkpage_render(const checklist_set *s, int r, const char *base, buf *o);

/** A word the checklists show, in the book's language: "yes", "no", "na"
 *  (the result words the audit reads back), "title", "date", ... */
const char *checkpage_word(book_lang lang, const char *key);

#endif

/* docbook.h - the DocBook 5.0 backend: the book model as one <book>
 * document, and its validation against the DocBook 5.0 RELAX NG schema.
 * libxml2 stays inside docbook.c. Included by: main, tests. */
#ifndef SVCBOOK_DOCBOOK_H
#define SVCBOOK_DOCBOOK_H

#include "book.h"
#include "diag.h"

/** Where dbk_validate() reads the schema from (Debian docbook5-xml). */
#define DBK_SCHEMA "/usr/share/xml/docbook/schema/rng/5.0/docbook.rng"

struct plan;

/** Writes the book (or the part the view selects; v may be NULL) as one
 *  DocBook 5.0 document to path, following plan p of that view (plan.h;
 *  NULL: it makes its own). The output is UTF-8 and byte-identical for
 *  the same model. 0 on success, -1 on I/O error (reported into d). */
int dbk_write(const book *b, const book_view *v, const struct plan *p, const char *path, diag_list *d);

/** Validates the document at path against the DocBook 5.0 RELAX NG schema
 *  in-process with libxml2; each error is added to d (rule
 *  "docbook-invalid", severity error, file = path, line from libxml2).
 *  Returns 0 when valid. */
int dbk_validate(const char *path, diag_list *d);

#endif

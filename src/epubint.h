/* epubint.h - what the EPUB backend's files share (epub.c plans and
 * writes the documents, epubbody.c makes a clause body XHTML, epubpkg.c
 * the zip, its dates and its package document). Included by: epub,
 * epubbody, epubpkg. */
#ifndef SVCBOOK_EPUBINT_H
#define SVCBOOK_EPUBINT_H

#include "book.h"
#include "diag.h"
#include "plan.h"
#include "strmap.h"
#include "util.h"

#include <libxml/tree.h>
#include <time.h>
#include <zip.h>

/* One content document: a chapter's page, or a role's. */
typedef struct {
	char *file;          /* "terms.xhtml", relative to the package document */
	plan_page_kind kind; /* its plan_page's: the roles chapter's opens the overview */
	const int *clauses;  /* its clauses, in document order (its plan_page's) */
	size_t nclauses;
} content_doc;

/* One EPUB being written. */
typedef struct {
	const book *b;
	const book_view *v;
	const char *path;
	diag_list *d;
	int options;           /* cmark-gfm's, as the HTML backend's */
	const plan *p;         /* what is shown, the pages, the glossary (plan.h) */
	plan *own_plan;        /* p when epub_write made it, else NULL */
	int *doc_of;           /* per clause: its document, -1 when not shown */
	content_doc *docs;
	size_t ndocs, cap_docs;
	strmap media;          /* local images put in the zip: path -> 1 */
	char **media_list;     /* the same, in the order first used */
	size_t nmedia, cap_media;
	zip_t *z;
	char modified[21];     /* dcterms:modified, YYYY-MM-DDThh:mm:ssZ */
	time_t mtime;          /* every zip entry's time: the same day, at noon */
	int err;
} epub;

/* epub.c */
/* Clause c's address from a content document: its document and id when
 * shown, else the full book's page (a role book's full_url), else NULL.
 * Caller frees. */
char *epub_clause_href(const epub *e, int c);

/* epubbody.c */
/* Appends clause c's body to parent, as XHTML; a local image it shows is
 * added to e->media. */
void epub_put_body(epub *e, int c, xmlNodePtr parent);

/* epubpkg.c */
/* The media type of an image file EPUB readers must show, or NULL. */
const char *epub_media_type(const char *path);
/* Appends s to o as a URL path or fragment (percent-encoded). */
void epub_put_url(buf *o, const char *s);
/* Sets e->modified and e->mtime from the book (never the clock). */
void epub_plan_dates(epub *e);
/* Adds data (malloc'ed, given to libzip) as entry name, stored or deflated. */
void epub_add_entry(epub *e, const char *name, char *data, size_t len, int store);
void epub_add_text(epub *e, const char *name, const char *text);
/* Adds the book's local file rel (read now) as EPUB/rel. */
void epub_add_local(epub *e, const char *rel);
/* The mimetype and META-INF/container.xml: the zip's first entries. */
void epub_add_container(epub *e);
/* EPUB/package.opf: metadata, manifest, spine. */
void epub_write_package(epub *e);

#endif

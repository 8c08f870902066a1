/* docbook_int.h - what the DocBook backend's modules share (other modules
 * call docbook.h): the writer's state and its primitives.
 *   docbook.c          text, attributes and elements; the book's info
 *                      (control, revision history, acknowledgement sheet);
 *                      dbk_write; validation
 *   docbook_md.c       clause bodies and headings: the cmark-gfm tree
 *                      walked into DocBook elements, raw HTML as text
 *   docbook_chapter.c  chapters, sections, what headings' attributes say,
 *                      the roles overview, the glossary
 * Included by: docbook*.c. */
#ifndef SVCBOOK_DOCBOOK_INT_H
#define SVCBOOK_DOCBOOK_INT_H

#include "docbook.h"
#include "plan.h"
#include "util.h"

#include <cmark-gfm-core-extensions.h>
#include <libxml/xmlIO.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <utf8proc.h>

#define DBK_NS "http://docbook.org/ns/docbook"
#define XLINK_NS "http://www.w3.org/1999/xlink"

/* Nesting caps, in open XML elements. Markdown may nest block quotes and
 * lists without limit; XML tools do not (libxml2 refuses more than 256
 * levels, Java validators overflow their stacks). Deeper containers are
 * flattened: their blocks go to the enclosing container, so no text is
 * lost. Inline wrappers past the inline cap are dropped the same way. */
enum { BLOCK_DEPTH_MAX = 120, INLINE_DEPTH_MAX = 200 };

/* What a frame of the walker's stack stands for. */
typedef enum {
	FR_BASE,      /* the context the walk writes into (section body, title) */
	FR_CONTAINER, /* blockquote, listitem: needs a block child */
	FR_LIST,      /* itemizedlist, orderedlist */
	FR_INLINE,    /* para, emphasis, entry, ...: closes what it opened */
	FR_LINK,      /* link or glossterm: no link may nest inside */
	FR_TABLE,
	FR_ROW
} frame_kind;

typedef struct {
	cmark_node *node;
	frame_kind kind;
	int opened;   /* elements this frame opened, closed on EXIT */
	int count;    /* blocks written inside (placeholders need it) */
	int target;   /* frame whose count a block written here adds to */
	int flags;    /* tables: TB_*; rows: cells written */
} frame;

enum { TB_HAS_BODY = 1, TB_BODY_OPEN = 2, TB_HEADER_ONLY = 4 };

typedef struct {
	const char *s; /* a literal */
	size_t n;
} dbk_name;

typedef struct {
	const book *b;
	const book_view *v;
	const plan *p;        /* what this document shows (plan.h) */
	xmlOutputBufferPtr out; /* where the document goes (libxml2's, into the file) */
	FILE *file;           /* NULL, or out's file: what needs no escaping goes
	                       * straight there (dbk_flush), not through out */
	buf ob;               /* markup and plain text on their way to out (dbk_flush) */
	dbk_name *names;      /* the open elements' names, outermost first */
	size_t cap_names;
	int tag_open;         /* the innermost start tag awaits its '>' or '/>' */
	xmlBufferPtr abuf;    /* scratch for libxml2's escaping of an attribute value */
	xmlDocPtr adoc;       /* the document that escaping is for (its encoding) */
	int depth;            /* open XML elements */
	int err;              /* a writer call failed */
	int link_depth;       /* open link/glossterm elements */
	const unsigned char *shown; /* p->shown: per clause, 1 when written with its xml:id */
	frame *st;
	size_t nst, cap_st;
	buf tmp;              /* scratch for sanitised text */
} dbk;

/* ---- docbook.c: text, attributes, elements ---- */

/** Whether XML 1.0 allows code point c. */
int dbk_xml_char_ok(utf8proc_int32_t c);

/** Notes a failed writer call (rc < 0) in d->err. */
void dbk_check(dbk *d, int rc);

/** Writes s[0..n) as text, escaped, what XML forbids as U+FFFD. */
void dbk_put_text_n(dbk *d, const char *s, size_t n);

/** The same for a C string (NULL writes nothing). */
void dbk_put_text(dbk *d, const char *s);

/** Writes a line end as text (what a soft or hard line break is): it
 * needs no look, and the 10 MB bench book has thirty thousand. */
void dbk_put_newline(dbk *d);

/** Writes attribute name=value on the open element (value NULL: none). */
void dbk_attr(dbk *d, const char *name, const char *value);

/** Opens element name[0..n) (a name that outlives the element: a literal). */
void dbk_start_n(dbk *d, const char *name, size_t n);

/** Opens element name; inline, so that a literal's length is known. */
static inline void dbk_start(dbk *d, const char *name)
{
	dbk_start_n(d, name, strlen(name));
}

/** Opens block element name[0..n), on a line of its own. */
void dbk_start_block_n(dbk *d, const char *name, size_t n);

/** Opens block element name. */
static inline void dbk_start_block(dbk *d, const char *name)
{
	dbk_start_block_n(d, name, strlen(name));
}

/** Closes the innermost open element. */
void dbk_end(dbk *d);

/** Writes processing instruction <?target?> as content. */
void dbk_pi(dbk *d, const char *target);

/** Hands what d->ob holds to libxml2's output buffer. */
void dbk_flush(dbk *d);

/** Starts writer state d (zeroed) writing into out (NULL: the writer
 * fails, d->err); the caller sets b, v, p and shown. */
void dbk_init(dbk *d, xmlOutputBufferPtr out);

/** Closes d's output buffer (after what d->ob holds) and frees d's own
 * memory; -1 when any writer call or the close failed, else 0. */
int dbk_release(dbk *d);

/** Writes an empty <para/> where DocBook needs a block. */
void dbk_empty_para(dbk *d);

/** Whether c is an ASCII letter. */
int dbk_is_alpha(char c);

/** Writes attribute name with url percent-encoded as an xsd:anyURI. */
void dbk_attr_href(dbk *d, const char *name, const char *url);

/* ---- docbook_md.c ---- */

/** Writes clause c's body; returns the blocks written. */
int dbk_write_body(dbk *d, int c);

/** Writes the inlines of clause c's heading (or its title). */
void dbk_write_heading_inlines(dbk *d, int c);

/** Writes <title> with clause c's heading. */
void dbk_write_title(dbk *d, int c);

/* ---- docbook_chapter.c ---- */

/** Writes chapter ch with its sections (and its glossary or overview). */
void dbk_write_chapter(dbk *d, int ch);

#endif

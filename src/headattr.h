/* headattr.h - the heading attributes svcbook reads ({#id key=value}):
 * one schema (name, kind of value, chapters, description) that the reader,
 * the linter's unknown-attribute rule and its suggestions read, and the
 * reader's use of a parsed block (terms, roles, stages, appearance). A new
 * attribute is one schema entry plus the code that uses its value.
 * Included by: reader, lintapi, tests. */
#ifndef SVCBOOK_HEADATTR_H
#define SVCBOOK_HEADATTR_H

#include "attrs.h"
#include "book.h"

typedef enum {
	HA_TEXT,   /* any text */
	HA_LIST,   /* names separated by ',' or ';' */
	HA_ID,     /* one id: a role's or a stage's */
	HA_IDS,    /* ids separated by spaces or ',' */
	HA_LEVEL,  /* provider, support or management */
	HA_LINE,   /* a support line: 1, 2 or 3 */
	HA_WEIGHT, /* a whole number from 1 to 1000 */
	HA_YESNO,  /* yes or no */
} headattr_value;

/* The chapters an attribute is read in: bit (1u << kind) per chapter kind. */
#define HA_IN(kind) (1u << (kind))

typedef struct {
	const char *name;
	headattr_value value;
	unsigned chapters;       /* HA_IN(CH_...) | ... */
	int top_only;            /* read on a chapter's level-1 item only (a role's own heading) */
	int repeatable;          /* each use counts (else the last one wins) */
	const char *description; /* N_(): what it says, for help and docs */
} headattr_spec;

/* The schema, in the order the documentation lists it. */
const headattr_spec *headattr_schema(size_t *n);

/* The attribute name in a chapter of that kind, or NULL when the compiler
 * does not read it there (#id is always read and is not in the schema). */
const headattr_spec *headattr_find(book_chapter_kind kind, const char *name);

/* Strips a trailing attribute block from heading h's last text node and
 * returns it parsed in blk (nothing when there is none; a block written
 * wrong is a warning, and what it says before the fault is kept); blkpos
 * gets where the text node starts. attrs_free(blk) after. */
void headattr_take(book *b, int file, cmark_node *h, attrs_block *blk, book_pos *blkpos);

/* Keeps every attribute of blk on clause c (the linter reads them), checks
 * the values the schema gives a kind, and fills the chapter's fields. */
void headattr_store(book *b, int c, book_chapter_kind kind, const attrs_block *blk, book_pos blkpos);

/* Clause c (a level-1 heading of its chapter) becomes a term, a role (of
 * that file; returns its index) or a journey stage, with its attributes. */
void headattr_term(book *b, int c, const attrs_block *blk, book_pos blkpos);
int headattr_role(book *b, int c, int file, const attrs_block *blk, book_pos blkpos);
void headattr_stage(book *b, int c, const attrs_block *blk, book_pos blkpos);

#endif

/* attrs.h - heading attribute blocks ({#id key=value key="a b"}) and ids:
 * parsing, NCName checks, ids derived from heading text.
 * Included by: reader. */
#ifndef SVCBOOK_ATTRS_H
#define SVCBOOK_ATTRS_H

#include <stddef.h>

typedef struct {
	char *key, *value;
	size_t off;        /* byte offset of the key within the parsed string */
} attrs_item;

typedef struct {
	char *id;          /* from #id, or NULL */
	size_t id_off;
	attrs_item *items; /* key=value pairs in order (.class entries are ignored) */
	size_t n, cap;
} attrs_block;

/* Looks for an attribute block ending s (trailing white space allowed).
 * Returns the offset of its '{' and fills blk, or -1 when s has none. */
long attrs_parse(const char *s, size_t len, attrs_block *blk);
void attrs_free(attrs_block *blk);
/* A block written wrong, for s where attrs_parse found none. */
typedef struct {
	size_t start;      /* offset of its '{' */
	size_t end;        /* just past its '}' (the text's end when left open) */
	size_t fault;      /* offset of the first thing wrong in it */
	const char *why;   /* what is wrong there (static English text); NULL when
	                    * the block reads well but text follows it */
} attrs_fault;
/* Finds the last '{' of s that starts what reads as a block ("{#", "{key=",
 * "{ key =") and says what is wrong with it in f; blk gets what could be read
 * before the fault (its #id, the attributes before). Returns 1, or 0 when s
 * has no such block. attrs_free(blk) either way. */
int attrs_broken(const char *s, size_t len, attrs_block *blk, attrs_fault *f);

/* 1 when s is a valid XML NCName. */
int attrs_is_ncname(const char *s);
/* An NCName made from any string: heading text for derived ids, or a bad
 * explicit id. Lower-cased letters and digits, '-' between words; never
 * empty. Caller frees. */
char *attrs_slug(const char *text);

#endif

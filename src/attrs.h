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
/* For s where attrs_parse found no block: the offset of the last '{' that
 * starts what reads as one ("{#", "{key=", "{ key ="), a block written
 * wrong, or -1. */
long attrs_near_miss(const char *s);

/* 1 when s is a valid XML NCName. */
int attrs_is_ncname(const char *s);
/* An NCName made from any string: heading text for derived ids, or a bad
 * explicit id. Lower-cased letters and digits, '-' between words; never
 * empty. Caller frees. */
char *attrs_slug(const char *text);

#endif

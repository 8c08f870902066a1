/* attrs.c - {#id key=value} blocks at the end of headings, and NCName ids. */
#include "attrs.h"
#include "i18n.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* At most this many '{' are tried from the right: keeps hostile headings
 * full of braces linear. */
#define MAX_TRIES 16

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_key_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_key_char(char c)
{
	return is_key_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':';
}

static void add_item(attrs_block *blk, const char *k, size_t kn, const char *v, size_t vn, size_t off)
{
	blk->items = xgrow(blk->items, &blk->cap, blk->n + 1, sizeof *blk->items);
	attrs_item *it = &blk->items[blk->n++];
	it->key = xstrndup(k, kn);
	it->value = xstrndup(v, vn);
	it->off = off;
}

/* Parses the block opening at s[from] ('{') up to s[last], its '}' (or the
 * end of the text, last == len, for one left open). What it reads goes into
 * blk even when it fails, so a broken block still gives its #id. On failure
 * returns 0 with *fault the offset of the first thing wrong and *why what. */
static int parse_at(const char *s, size_t from, size_t last, size_t len, attrs_block *blk,
		    size_t *fault, const char **why)
{
	size_t i = from + 1;
	memset(blk, 0, sizeof *blk);
	while (i < last) {
		if (is_space(s[i])) {
			i++;
			continue;
		}
		size_t start = i;
		if (s[i] == '#' || s[i] == '.') {
			char kind = s[i++];
			while (i < last && !is_space(s[i]))
				i++;
			if (i == start + 1) {
				*why = kind == '#' ? N_("'#' without an id") : N_("'.' without a class");
				goto fail;
			}
			if (kind == '#') {
				if (blk->id) {
					*why = N_("a second #id");
					goto fail;
				}
				blk->id = xstrndup(s + start + 1, i - start - 1);
				blk->id_off = start;
			}
			continue;
		}
		if (!is_key_start(s[i])) {
			*why = N_("not a #id or a key=value");
			goto fail;
		}
		while (i < last && is_key_char(s[i]))
			i++;
		size_t kend = i;
		/* Spaces around '=' are a common slip, read as meant. */
		while (i < last && (s[i] == ' ' || s[i] == '	'))
			i++;
		if (i >= last || s[i] != '=') {
			i = start;
			*why = N_("a key without =value");
			goto fail;
		}
		i++;
		while (i < last && (s[i] == ' ' || s[i] == '	'))
			i++;
		if (i < last && (s[i] == '"' || s[i] == '\'')) {
			char q = s[i++];
			size_t vstart = i;
			while (i < last && s[i] != q)
				i++;
			if (i >= last) {
				i = vstart - 1;
				*why = N_("a quote left open");
				goto fail;
			}
			add_item(blk, s + start, kend - start, s + vstart, i - vstart, start);
			i++;
		} else {
			size_t vstart = i;
			while (i < last && !is_space(s[i]) && s[i] != '"' && s[i] != '\'')
				i++;
			add_item(blk, s + start, kend - start, s + vstart, i - vstart, start);
		}
		if (i < last && !is_space(s[i])) {
			*why = N_("no space before the next attribute");
			goto fail;
		}
	}
	if (last >= len) {
		*why = N_("no closing '}'");
		goto fail;
	}
	return 1;
fail:
	*fault = i;
	return 0;
}

long attrs_parse(const char *s, size_t len, attrs_block *blk)
{
	while (len && is_space(s[len - 1]))
		len--;
	if (!len || s[len - 1] != '}')
		return -1;
	int tries = 0;
	for (size_t i = len - 1; i-- > 0 && tries < MAX_TRIES;) {
		if (s[i] != '{')
			continue;
		tries++;
		/* The block must stand apart from the text (or be all of it). */
		if (i > 0 && !is_space(s[i - 1]))
			continue;
		size_t fault;
		const char *why;
		if (parse_at(s, i, len - 1, len, blk, &fault, &why))
			return (long)i;
		attrs_free(blk);
	}
	size_t fault;
	const char *why;
	if (s[0] == '{' && tries < MAX_TRIES && parse_at(s, 0, len - 1, len, blk, &fault, &why))
		return 0;
	attrs_free(blk);
	return -1;
}

void attrs_free(attrs_block *blk)
{
	for (size_t i = 0; i < blk->n; i++) {
		free(blk->items[i].key);
		free(blk->items[i].value);
	}
	free(blk->items);
	free(blk->id);
	memset(blk, 0, sizeof *blk);
}

static int ncname_start(utf8proc_int32_t c)
{
	return (c >= 'A' && c <= 'Z') || c == '_' || (c >= 'a' && c <= 'z') ||
	       (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) ||
	       (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
	       (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
	       (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
	       (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
	       (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

static int ncname_char(utf8proc_int32_t c)
{
	return ncname_start(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') ||
	       c == 0xB7 || (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

int attrs_is_ncname(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c;
	int first = 1;
	if (!*s)
		return 0;
	while (*p) {
		/* an ASCII byte is its own code point, and a usual id's (t00001):
		 * the lists above ran through a dozen ranges for each digit */
		if (*p < 0x80) {
			unsigned a = *p;
			if (!((a | 0x20) - 'a' < 26 || a == '_' || (!first && (a - '0' < 10 || a == '-' || a == '.'))))
				return 0;
			first = 0;
			p++;
			continue;
		}
		utf8proc_ssize_t n;
		if ((n = utf8proc_iterate(p, -1, &c)) <= 0)
			return 0;
		if (first ? !ncname_start(c) : !ncname_char(c))
			return 0;
		first = 0;
		p += n;
	}
	return 1;
}

char *attrs_slug(const char *text)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)text, 0, &folded,
					  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
					  UTF8PROC_CASEFOLD);
	buf b;
	buf_init(&b);
	if (n >= 0) {
		const utf8proc_uint8_t *p = folded;
		int dash = 0;
		while (*p) {
			utf8proc_int32_t c;
			utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
			if (k <= 0)
				break;
			p += k;
			utf8proc_category_t cat = utf8proc_category(c);
			int keep = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
				   cat == UTF8PROC_CATEGORY_ND || cat == UTF8PROC_CATEGORY_MN ||
				   c == '_';
			if (keep && ncname_char(c)) {
				if (dash && b.len)
					buf_putc(&b, '-');
				dash = 0;
				utf8proc_uint8_t enc[4];
				buf_put(&b, (char *)enc, (size_t)utf8proc_encode_char(c, enc));
			} else {
				dash = 1;
			}
		}
	}
	free(folded);
	if (!b.len) {
		buf_free(&b);
		return xstrdup("section");
	}
	utf8proc_int32_t first;
	utf8proc_iterate((const utf8proc_uint8_t *)b.data, -1, &first);
	if (!ncname_start(first)) {
		char *s = xasprintf("s-%s", b.data);
		buf_free(&b);
		return s;
	}
	return buf_detach(&b);
}

/* The offset of the last '{' that starts what reads as a block ("{#",
 * "{key=", "{ key ="), or -1. */
static long near_miss(const char *s, size_t len)
{
	for (long i = (long)len - 1; i >= 0; i--) {
		if (s[i] != '{')
			continue;
		const char *q = s + i + 1;
		q += strspn(q, " \t");
		if (*q == '#')
			return i;
		size_t k = strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
		if (k && q[k + strspn(q + k, " \t")] == '=')
			return i;
	}
	return -1;
}

/* See attrs.h. */
int attrs_broken(const char *s, size_t len, attrs_block *blk, attrs_fault *f)
{
	memset(blk, 0, sizeof *blk);
	while (len && is_space(s[len - 1]))
		len--;
	long at = near_miss(s, len);
	if (at < 0)
		return 0;
	/* Its end: the first '}' outside quotes, else the text's end. */
	size_t last = (size_t)at + 1;
	char q = 0;
	for (; last < len; last++) {
		if (q) {
			if (s[last] == q)
				q = 0;
		} else if (s[last] == '"' || s[last] == '\'') {
			q = s[last];
		} else if (s[last] == '}') {
			break;
		}
	}
	if (last >= len) /* a quote left open: the last '}' may still close it */
		for (size_t k = len; k-- > (size_t)at + 1;)
			if (s[k] == '}') {
				last = k;
				break;
			}
	size_t fault = last;
	const char *why = NULL;
	if (parse_at(s, (size_t)at, last, len, blk, &fault, &why)) {
		/* Well formed but not at the end: text follows it. */
		fault = last + 1;
		while (fault < len && is_space(s[fault]))
			fault++;
		why = NULL; /* read whole: only its place is wrong */
	}
	f->start = (size_t)at;
	f->end = last < len ? last + 1 : len;
	f->fault = fault;
	f->why = why;
	return 1;
}

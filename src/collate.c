/* collate.c - the glossary order (collate.h), shared by the HTML and
 * DocBook backends so that glossary.html and book.xml list the terms alike.
 *
 * Each character of a name becomes one 32-bit key: its class in the top
 * byte (separators, digits, the book's alphabet, the other alphabet,
 * anything else) and its folded code point below, so that comparing the
 * keys as numbers compares class first, letter next. */
#include "collate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util.h"

enum { C_SEP, C_DIGIT, C_OWN, C_OTHER, C_REST };

static int is_alnum(utf8proc_int32_t cp)
{
	const char *cat = utf8proc_category_string(cp);
	return cat[0] == 'L' || cat[0] == 'N';
}

/* Lower case, ё as е, a Latin letter without its diacritics. */
static utf8proc_int32_t fold(utf8proc_int32_t cp)
{
	cp = utf8proc_tolower(cp);
	if (cp == 0x451)
		return 0x435;
	if (cp >= 0xC0 && cp <= 0x24F) {
		utf8proc_int32_t base[4];
		int bound = 0;
		utf8proc_ssize_t k = utf8proc_decompose_char(cp, base, 4,
			UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &bound);
		if (k >= 1 && k <= 4)
			cp = base[0];
	}
	return cp;
}

static uint32_t char_key(utf8proc_int32_t cp, book_lang lang)
{
	uint32_t cls;
	if (!is_alnum(cp))
		cls = C_SEP;
	else if (utf8proc_category_string(cp)[0] == 'N')
		cls = C_DIGIT;
	else {
		cp = fold(cp);
		int cyr = cp >= 0x400 && cp <= 0x52F;
		int lat = (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && cp <= 0x24F);
		if ((lang == LANG_RU && cyr) || (lang == LANG_EN && lat))
			cls = C_OWN;
		else if (cyr || lat)
			cls = C_OTHER;
		else
			cls = C_REST;
	}
	return (cls << 24) | ((uint32_t)cp & 0xFFFFFF);
}

/* The next code point of s at *i (U+FFFD for a bad byte), or -1 at the end. */
static utf8proc_int32_t next_cp(const char *s, size_t n, size_t *i)
{
	if (*i >= n)
		return -1;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + *i, (utf8proc_ssize_t)(n - *i), &cp);
	if (k <= 0) {
		cp = 0xFFFD;
		k = 1;
	}
	*i += (size_t)k;
	return cp;
}

typedef struct {
	uint32_t *key;
	size_t n;
	const char *name;
	int term;
} entry;

/* The keys of name, leading punctuation and spaces skipped. */
static void make_key(entry *e, book_lang lang)
{
	const char *s = e->name;
	size_t len = strlen(s), cap = 0, i = 0;
	e->key = NULL;
	e->n = 0;
	int started = 0;
	utf8proc_int32_t cp;
	while ((cp = next_cp(s, len, &i)) >= 0) {
		if (!started && !is_alnum(cp))
			continue;
		started = 1;
		e->key = xgrow(e->key, &cap, e->n + 1, sizeof *e->key);
		e->key[e->n++] = char_key(cp, lang);
	}
}

static int cmp_names(const entry *a, const entry *b)
{
	for (size_t i = 0; i < a->n && i < b->n; i++)
		if (a->key[i] != b->key[i])
			return a->key[i] < b->key[i] ? -1 : 1;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int cmp_entry(const void *pa, const void *pb)
{
	const entry *a = pa, *b = pb;
	int s = cmp_names(a, b);
	if (s)
		return s;
	return (a->term > b->term) - (a->term < b->term);
}

int collate_cmp(const char *a, const char *b, book_lang lang)
{
	entry ea = {.name = a ? a : ""}, eb = {.name = b ? b : ""};
	make_key(&ea, lang);
	make_key(&eb, lang);
	int s = cmp_names(&ea, &eb);
	free(ea.key);
	free(eb.key);
	return s;
}

void collate_terms(const book *b, int *terms, size_t n)
{
	if (n < 2)
		return;
	entry *e = xcalloc(n, sizeof *e);
	for (size_t i = 0; i < n; i++) {
		const char *name = b->terms[terms[i]].name;
		e[i].name = name ? name : "";
		e[i].term = terms[i];
		make_key(&e[i], b->config.language);
	}
	sort_array(e, n, sizeof *e, cmp_entry);
	for (size_t i = 0; i < n; i++) {
		terms[i] = e[i].term;
		free(e[i].key);
	}
	free(e);
}

void collate_letter(const char *name, char out[8])
{
	size_t len = name ? strlen(name) : 0, i = 0;
	utf8proc_int32_t cp;
	while ((cp = next_cp(name, len, &i)) >= 0) {
		if (!is_alnum(cp))
			continue;
		if (utf8proc_category_string(cp)[0] == 'N') {
			strcpy(out, "0–9");
			return;
		}
		utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_toupper(fold(cp)), (utf8proc_uint8_t *)out);
		out[k > 0 ? k : 0] = '\0';
		return;
	}
	strcpy(out, "#");
}

/* words.c - splits a sentence into folded words and numbers for oblig.c.
 * Every sentence of a book goes through here (three quarters of a million
 * words in the 10 MB bench book), so ASCII and the basic Cyrillic letters
 * are decoded, classified and folded without utf8proc, and the folded
 * words share one buffer instead of a malloc each. */
#include "words.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The code point at s[i..len), its length in *n (1 for an invalid byte,
 * read as -1). */
static utf8proc_int32_t cp_at(const char *s, size_t i, size_t len, size_t *n)
{
	unsigned char b0 = (unsigned char)s[i];
	if (b0 < 0x80) {
		*n = 1;
		return b0;
	}
	if (b0 >= 0xC2 && b0 < 0xE0 && i + 1 < len && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
		*n = 2;
		return ((utf8proc_int32_t)(b0 & 0x1F) << 6) | ((unsigned char)s[i + 1] & 0x3F);
	}
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
	if (k <= 0) {
		*n = 1;
		return -1;
	}
	*n = (size_t)k;
	return c;
}

/* А..я, Ё and ё: letters whose case utf8proc need not be asked about. */
static int basic_cyrillic(utf8proc_int32_t c)
{
	return (c >= 0x410 && c <= 0x44F) || c == 0x401 || c == 0x451;
}

static int is_letter(utf8proc_int32_t c)
{
	if (c < 0)
		return 0;
	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	if (basic_cyrillic(c))
		return 1;
	utf8proc_category_t k = utf8proc_category(c);
	return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_ME;
}

static int is_upper(utf8proc_int32_t c)
{
	if (c < 0)
		return 0;
	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	if (basic_cyrillic(c))
		return c <= 0x42F || c == 0x401;
	return utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
}

static int is_digit(utf8proc_int32_t c)
{
	return c >= '0' && c <= '9';
}

static void put_byte(words *t, char c)
{
	t->folded = xgrow(t->folded, &t->room, t->len + 1, 1);
	t->folded[t->len++] = c;
}

/* Folds one code point into t's buffer: lower case, ё as е, ’ as '. */
static void fold_put(words *t, utf8proc_int32_t c)
{
	t->folded = xgrow(t->folded, &t->room, t->len + 4, 1);
	char *o = t->folded + t->len;
	if (c < 0x80) {
		*o = (char)(c >= 'A' && c <= 'Z' ? c + 0x20 : c);
		t->len++;
		return;
	}
	if (basic_cyrillic(c)) {
		c = c == 0x401 || c == 0x451 ? 0x435 : c <= 0x42F ? c + 0x20 : c;
		o[0] = (char)(0xC0 | (c >> 6)); /* а..я: two bytes */
		o[1] = (char)(0x80 | (c & 0x3F));
		t->len += 2;
		return;
	}
	if (c == 0x2019)
		c = '\'';
	else
		c = utf8proc_tolower(c);
	if (c == 0x451)
		c = 0x435;
	t->len += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)o);
}

/* A new word whose folded form starts at the buffer's end; its w is set
 * by words_split once the buffer has stopped moving. */
static word *push(words *t, size_t start)
{
	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
	word *w = &t->v[t->n++];
	memset(w, 0, sizeof *w);
	w->start = start;
	w->folded_at = t->len;
	return w;
}

/* A number from i: digits, one '.' or ',' between digits. Returns its end. */
static size_t number_at(words *t, const char *s, size_t i, size_t len)
{
	word *w = push(t, i);
	size_t at = t->len;
	while (i < len && is_digit((unsigned char)s[i]))
		put_byte(t, s[i++]);
	if (i + 1 < len && (s[i] == '.' || s[i] == ',') && is_digit((unsigned char)s[i + 1])) {
		put_byte(t, '.');
		i++;
		while (i < len && is_digit((unsigned char)s[i]))
			put_byte(t, s[i++]);
	}
	put_byte(t, '\0');
	w->end = i;
	w->num = 1;
	w->value = strtod(t->folded + at, NULL);
	return i;
}

/* A word from i (a letter there). Returns its end. */
static size_t word_at(words *t, const char *s, size_t i, size_t len)
{
	word *w = push(t, i);
	size_t n;
	utf8proc_int32_t first = cp_at(s, i, len, &n);
	while (i < len) {
		/* the common letters folded here, the rest below */
		unsigned char b0 = (unsigned char)s[i], b1 = i + 1 < len ? (unsigned char)s[i + 1] : 0;
		if ((b0 | 0x20) >= 'a' && (b0 | 0x20) <= 'z') {
			t->folded = xgrow(t->folded, &t->room, t->len + 1, 1);
			t->folded[t->len++] = (char)(b0 | 0x20);
			i++;
			continue;
		}
		if ((b0 == 0xD0 && b1 >= 0x90 && b1 <= 0xBF) || (b0 == 0xD1 && b1 >= 0x80 && b1 <= 0x8F)) {
			fold_put(t, ((b0 & 0x1F) << 6) | (b1 & 0x3F)); /* А..я */
			i += 2;
			continue;
		}
		utf8proc_int32_t c = cp_at(s, i, len, &n);
		if (is_letter(c)) {
			fold_put(t, c);
			i += n;
			continue;
		}
		size_t m;
		int joiner = c == '\'' || c == 0x2019 || c == '-';
		if (joiner && i + n < len && is_letter(cp_at(s, i + n, len, &m))) {
			fold_put(t, c);
			i += n;
			continue;
		}
		break;
	}
	put_byte(t, '\0');
	w = &t->v[t->n - 1]; /* push may not move it, fold_put does not */
	w->end = i;
	w->cap = is_upper(first);
	w->cyr = first >= 0x400 && first <= 0x4FF;
	return i;
}

void words_split(words *t, const char *s, size_t len)
{
	memset(t, 0, sizeof *t);
	/* room for what most texts need: a folded word is as long as the
	 * original (ASCII, Cyrillic) plus its NUL, a word and its space at
	 * least two bytes */
	t->folded = xgrow(NULL, &t->room, len + len / 4 + 8, 1);
	t->v = xgrow(NULL, &t->cap, len / 6 + 4, sizeof *t->v);
	for (size_t i = 0; i < len;) {
		unsigned char b = (unsigned char)s[i];
		if (b == ' ' || b == ',' || b == '.' || b == '(' || b == ')' || b == ':' || b == ';') {
			i++; /* the separators most texts have */
			continue;
		}
		size_t n;
		utf8proc_int32_t c = cp_at(s, i, len, &n);
		if (is_digit(c))
			i = number_at(t, s, i, len);
		else if (is_letter(c))
			i = word_at(t, s, i, len);
		else
			i += n;
	}
	for (size_t k = 0; k < t->n; k++)
		t->v[k].w = t->folded + t->v[k].folded_at;
}

void words_free(words *t)
{
	free(t->v);
	free(t->folded);
	memset(t, 0, sizeof *t);
}

int words_upper_at(const char *s)
{
	size_t n;
	return is_upper(cp_at(s, 0, strnlen(s, 4), &n));
}

char *words_prefix(const char *w, size_t n)
{
	size_t len = strlen(w), i = 0, k;
	for (size_t m = 0; m < n && i < len; m++) {
		cp_at(w, i, len, &k);
		i += k;
	}
	return xstrndup(w, i);
}

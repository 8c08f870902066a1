/* words.c - splits a sentence into folded words and numbers for oblig.c. */
#include "words.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The code point at s[i..len), its length in *n (1 for an invalid byte,
 * read as -1). */
static utf8proc_int32_t cp_at(const char *s, size_t i, size_t len, size_t *n)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
	if (k <= 0) {
		*n = 1;
		return -1;
	}
	*n = (size_t)k;
	return c;
}

static int is_letter(utf8proc_int32_t c)
{
	if (c < 0)
		return 0;
	utf8proc_category_t k = utf8proc_category(c);
	return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_ME;
}

static int is_digit(utf8proc_int32_t c)
{
	return c >= '0' && c <= '9';
}

/* Folds one code point into o: lower case, ё as е, ’ as '. */
static void fold_put(buf *o, utf8proc_int32_t c)
{
	if (c == 0x2019)
		c = '\'';
	c = utf8proc_tolower(c);
	if (c == 0x451)
		c = 0x435;
	utf8proc_uint8_t b[4];
	utf8proc_ssize_t k = utf8proc_encode_char(c, b);
	buf_put(o, (const char *)b, (size_t)k);
}

static word *push(words *t)
{
	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
	word *w = &t->v[t->n++];
	memset(w, 0, sizeof *w);
	return w;
}

/* A number from i: digits, one '.' or ',' between digits. Returns its end. */
static size_t number_at(words *t, const char *s, size_t i, size_t len)
{
	size_t a = i;
	while (i < len && is_digit((unsigned char)s[i]))
		i++;
	if (i + 1 < len && (s[i] == '.' || s[i] == ',') && is_digit((unsigned char)s[i + 1])) {
		i++;
		while (i < len && is_digit((unsigned char)s[i]))
			i++;
	}
	word *w = push(t);
	w->start = a;
	w->end = i;
	w->w = xstrndup(s + a, i - a);
	for (char *p = w->w; *p; p++)
		if (*p == ',')
			*p = '.';
	w->num = 1;
	w->value = strtod(w->w, NULL);
	return i;
}

/* A word from i (a letter there). Returns its end. */
static size_t word_at(words *t, const char *s, size_t i, size_t len)
{
	buf f;
	buf_init(&f);
	size_t a = i, n;
	utf8proc_int32_t first = cp_at(s, i, len, &n);
	while (i < len) {
		utf8proc_int32_t c = cp_at(s, i, len, &n);
		if (is_letter(c)) {
			fold_put(&f, c);
			i += n;
			continue;
		}
		size_t m;
		int joiner = c == '\'' || c == 0x2019 || c == '-';
		if (joiner && i + n < len && is_letter(cp_at(s, i + n, len, &m))) {
			fold_put(&f, c);
			i += n;
			continue;
		}
		break;
	}
	word *w = push(t);
	w->start = a;
	w->end = i;
	w->w = buf_detach(&f);
	w->cap = utf8proc_get_property(first)->category == UTF8PROC_CATEGORY_LU;
	w->cyr = first >= 0x400 && first <= 0x4FF;
	return i;
}

void words_split(words *t, const char *s, size_t len)
{
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < len;) {
		size_t n;
		utf8proc_int32_t c = cp_at(s, i, len, &n);
		if (is_digit(c))
			i = number_at(t, s, i, len);
		else if (is_letter(c))
			i = word_at(t, s, i, len);
		else
			i += n;
	}
}

void words_free(words *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].w);
	free(t->v);
	memset(t, 0, sizeof *t);
}

int words_upper_at(const char *s)
{
	size_t n;
	utf8proc_int32_t c = cp_at(s, 0, strnlen(s, 4), &n);
	return c >= 0 && utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
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

/* quote.c - where a text quotes someone (see quote.h). */
#include "quote.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The first byte from i that may start a quote mark: '"', or the lead
 * byte of “ ” „ (0xE2) or « » (0xC2); len when none. Sixteen bytes a step
 * with SSE2: most text has none of them. */
static size_t next_mark(const char *text, size_t i, size_t len)
{
#if defined(__SSE2__)
	for (; i + 16 <= len; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
		__m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
					 _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2)),
						      _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2))));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		if (bits)
			return i + (size_t)__builtin_ctz(bits);
	}
#endif
	for (; i < len; i++)
		if (text[i] == '"' || text[i] == '\xe2' || text[i] == '\xc2')
			return i;
	return len;
}

static int at3(const char *s, size_t i, size_t len, const char *seq)
{
	return i + 2 < len && s[i] == seq[0] && s[i + 1] == seq[1] && s[i + 2] == seq[2];
}

/* The length of a quote opening at text[i] (0: none there), and what
 * closes it: close, or also close2. */
static size_t opener(const char *text, size_t len, size_t i, const char **close, const char **close2)
{
	unsigned char c = (unsigned char)text[i];
	*close2 = NULL;
	if (c == '"') {
		unsigned char p = i ? (unsigned char)text[i - 1] : ' ';
		/* an opening straight quote follows a space or punctuation, not
		 * a digit or a letter (3.5" is an inch) */
		if (i + 1 >= len || is_space(text[i + 1]) || (p < 0x80 && !strchr(" \t\n([{:;,-/", p)))
			return 0;
		*close = "\"";
		return 1;
	}
	if (at3(text, i, len, "\xe2\x80\x9c")) { /* “ ... ” */
		*close = "\xe2\x80\x9d";
		return 3;
	}
	if (at3(text, i, len, "\xe2\x80\x9e")) { /* „ ... “ */
		*close = "\xe2\x80\x9c";
		*close2 = "\xe2\x80\x9d";
		return 3;
	}
	if (c == 0xC2 && i + 1 < len && (unsigned char)text[i + 1] == 0xAB) { /* « ... » */
		*close = "\xc2\xbb";
		return 2;
	}
	return 0;
}

/* Where the quote opened at text[i] (ol bytes) ends: past its closer, with
 * the same opener nested inside counted; len when it is not closed. */
static size_t quote_end(const char *text, size_t len, size_t i, size_t ol, const char *close, const char *close2)
{
	size_t cl = strlen(close), depth = 0;
	for (size_t j = i + ol; (j = next_mark(text, j, len)) < len; j++) {
		if (ol > 1 && j + ol <= len && !memcmp(text + j, text + i, ol) && memcmp(text + i, close, cl)) {
			depth++;
			j += ol - 1;
		} else if ((j + cl <= len && !memcmp(text + j, close, cl)) ||
			   (close2 && j + 3 <= len && !memcmp(text + j, close2, 3))) {
			if (!depth)
				return j + cl;
			depth--;
			j += cl - 1;
		}
	}
	return len;
}

size_t quotes_opener(const char *text, size_t len, size_t from, size_t to)
{
	for (size_t i = from; (i = next_mark(text, i, to)) < to; i++) {
		const char *close, *close2;
		if (opener(text, len, i, &close, &close2))
			return i;
	}
	return to;
}

void quotes_find(const char *text, size_t len, quotes *q)
{
	q->n = 0;
	q->made = 1;
	for (size_t i = 0; (i = next_mark(text, i, len)) < len; i++) {
		const char *close, *close2;
		size_t ol = opener(text, len, i, &close, &close2);
		if (!ol)
			continue;
		size_t e = quote_end(text, len, i, ol, close, close2);
		if (e == len && !(e >= strlen(close) && !memcmp(text + e - strlen(close), close, strlen(close))))
			break; /* never closed: no quote, and none after (each would
				* look to the end again: quadratic) */
		q->v = xgrow(q->v, &q->cap, q->n + 1, sizeof *q->v);
		q->v[q->n++] = (quote_span){i, e};
		i = e - 1;
	}
}

int quotes_holds(const quotes *q, size_t off, size_t *k)
{
	while (*k < q->n && q->v[*k].e <= off)
		(*k)++;
	return *k < q->n && q->v[*k].a <= off;
}

void quotes_free(quotes *q)
{
	free(q->v);
	q->v = NULL;
	q->n = q->cap = 0;
	q->made = 0;
}

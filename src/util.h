/* util.h - memory policy (exit on OOM), growable buffers, small string helpers.
 * Included by every module. */
#ifndef SVCBOOK_UTIL_H
#define SVCBOOK_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow *arr so that it holds at least need items of size sz; *cap tracks
 * capacity. Inline when there is room (most calls: a word a call in the
 * matcher); xgrow_more, called when there is none, grows. */
void *xgrow_more(void *arr, size_t *cap, size_t need, size_t sz);
static inline void *xgrow(void *arr, size_t *cap, size_t need, size_t sz)
{
	return need <= *cap ? arr : xgrow_more(arr, cap, need, sz);
}
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer, always NUL-terminated. */
typedef struct {
	char *data;
	size_t len, cap;
} buf;

void buf_init(buf *b);
void buf_free(buf *b);
/* Appends n bytes: inline when they fit, so that a literal's length and
 * copy are known where it is written (the backends append some two million
 * short pieces a build); buf_put_slow grows the buffer. */
void buf_put_slow(buf *b, const char *s, size_t n);
static inline void buf_put(buf *b, const char *s, size_t n)
{
	if (b->len + n < b->cap) {
		if (n)
			memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0';
	} else {
		buf_put_slow(b, s, n);
	}
}
static inline void buf_puts(buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}
/* One byte: inline, for the escapers that call it per character; the
 * slow path grows the buffer. */
void buf_putc_slow(buf *b, char c);
/* Characters (code points) in n bytes of valid UTF-8: the bytes that do
 * not continue a sequence. */
static inline size_t utf8_chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* Whether s is one of the NULL-terminated list's strings. */
static inline int str_in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

/* Whether the n bytes at a and b are the same, as memcmp(a, b, n) == 0:
 * eight at a time, the last one to eight in two overlapping loads, in line
 * (the spelling scan's look-up a word, where memcmp's call was a sixth of
 * it); tests/unit/test_util compares it with memcmp. */
static inline int bytes_equal(const char *a, const char *b, size_t n)
{
	uint64_t x, y;
	for (; n > 8; a += 8, b += 8, n -= 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y)
			return 0;
	}
	if (n >= 4) {
		uint32_t p, q, r, t;
		memcpy(&p, a, 4);
		memcpy(&q, b, 4);
		memcpy(&r, a + n - 4, 4);
		memcpy(&t, b + n - 4, 4);
		return p == q && r == t;
	}
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static inline void buf_putc(buf *b, char c)
{
	if (b->len + 1 < b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
	} else {
		buf_putc_slow(b, c);
	}
}
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the contents to the caller and leaves b empty. */
char *buf_detach(buf *b);

/* Reads a whole file; returns NULL and sets errno on failure. */
char *read_file(const char *path, size_t *len);

int str_starts(const char *s, const char *prefix);
int str_ends(const char *s, const char *suffix);
/* The length of s's longest prefix of plain text: printable ASCII, tab and
 * line ends, and well-formed two- and three-byte UTF-8 characters other
 * than C1 controls, surrogates, U+FFFE and U+FFFF. Such text is valid
 * UTF-8 and XML 1.0 and HTML characters; the reader's encoding check and
 * the DocBook writer look closer only from where it stops. */
size_t utf8_clean_prefix(const char *s, size_t n);
/* The same, stopping also at the bytes XML text escapes (< > & and CR, as
 * libxml2 does): such a prefix is written into XML as it is. */
size_t utf8_xml_text_prefix(const char *s, size_t n);
/* The edit distance of a and b in code points, for did-you-mean hints: an
 * insertion, a deletion, a substitution, or two neighbours swapped (клинета
 * for клиента: one slip, as a writer makes it) each count one; a swapped
 * pair is not edited again (optimal string alignment, the restricted
 * Damerau-Levenshtein distance). limit + 1 when it is more than limit:
 * only the band within limit of the diagonal is computed. rows holds
 * 3 * (nb + 1) entries. */
size_t cp_edit_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb, size_t limit,
                        size_t *rows);
/* The same of two strings, unlimited (strings cut at 200 code points). */
size_t utf8_edit_distance(const char *a, const char *b);

/* The nearest of candidates offered one by one, for a did-you-mean hint:
 * within max(2, len/3) edits (utf8_edit_distance) of the query,
 * never the query itself; ties: the first offered. best is NULL when none
 * is near enough. */
typedef struct {
	const char *query;
	const char *best;
	size_t dist, limit;
} nearest_acc;
void nearest_init(nearest_acc *a, const char *query);
void nearest_offer(nearest_acc *a, const char *candidate);

/* qsort that accepts an empty (NULL) array: qsort(NULL, 0, ...) is undefined. */
void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
/* For sort_array and bsearch over an array of char *: strcmp of the pointees. */
int cmp_strp(const void *a, const void *b);

/* FNV-1a, 64 bits: the hash words.c's sets and oblig.c's fingerprints
 * feed as they read (no string made). fnv1a_feed adds n bytes to h. */
#define FNV1A_BASIS 14695981039346656037ULL
#define FNV1A_PRIME 1099511628211ULL

static inline uint64_t fnv1a_feed(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * FNV1A_PRIME;
	return h;
}

/* Writes v in decimal at out (room for 20 digits), no NUL; returns the
 * number of digits. For the hot paths that would call snprintf once per
 * clause or reference (some 800 instructions each). */
static inline size_t put_decimal(char *out, unsigned long long v)
{
	char d[20];
	size_t n = 0;
	do
		d[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	for (size_t i = 0; i < n; i++)
		out[i] = d[n - 1 - i];
	return n;
}

#endif

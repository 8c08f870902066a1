/* words.c - splits a sentence into folded words and numbers for oblig.c,
 * and looks through a text for a few words without splitting it.
 * Every block of a book's text is looked through (words_find: three
 * quarters of a million words in the 10 MB bench book), the sentences
 * with a modal word split (words_split), so ASCII and the basic Cyrillic
 * letters are decoded, classified and folded without utf8proc, and the
 * folded words share one buffer instead of a malloc each. */
#include "words.h"
#include "util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#if defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#include <emmintrin.h>
#define WORDS_SSE2 1
#endif

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

/* One code point folded as words are: lower case, ё as е, ’ as '. Writes
 * its UTF-8 to o (4 bytes of room), returns the byte count. */
static size_t fold_cp(utf8proc_int32_t c, char *o)
{
	if (c < 0x80) {
		*o = (char)(c >= 'A' && c <= 'Z' ? c + 0x20 : c);
		return 1;
	}
	if (basic_cyrillic(c)) {
		c = c == 0x401 || c == 0x451 ? 0x435 : c <= 0x42F ? c + 0x20 : c;
		o[0] = (char)(0xC0 | (c >> 6)); /* а..я: two bytes */
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c == 0x2019)
		c = '\'';
	else
		c = utf8proc_tolower(c);
	if (c == 0x451)
		c = 0x435;
	return (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)o);
}

/* Folds one code point into t's buffer. */
static void fold_put(words *t, utf8proc_int32_t c)
{
	t->folded = xgrow(t->folded, &t->room, t->len + 4, 1);
	t->len += fold_cp(c, t->folded + t->len);
}

/* The basic Cyrillic letters by their two bytes, D0 or D1 then 80..BF:
 * the folded unit (А and а both 0xD0B0, Ё and ё 0xD0B5), 0 for the other
 * characters there (Ѐ, ѐ, ...: left to fold_cp); and the letter's place
 * for words_set's pairs, а..я 33..64 (е for ё), 0 for the others. */
static uint16_t cyr_fold[2][64];
static unsigned char cyr_index[2][64];
/* Every character of U+0400..U+047F folded (fold_cp), its two bytes
 * after it: the spellings words_set_add enumerates. */
static char cyr_folded[128][2];
static pthread_once_t cyr_once = PTHREAD_ONCE_INIT;
static atomic_int cyr_made; /* cyr_fold_init has run: no pthread_once a word */

static void cyr_fold_init(void);

/* The tables made, once, whoever asks first. */
static inline void cyr_ready(void)
{
	if (!atomic_load_explicit(&cyr_made, memory_order_acquire))
		pthread_once(&cyr_once, cyr_fold_init);
}

static void cyr_fold_init(void)
{
	for (int hi = 0; hi < 2; hi++)
		for (int lo = 0; lo < 64; lo++) {
			utf8proc_int32_t c = ((0xD0 + hi) & 0x1F) << 6 | lo;
			char f[4];
			if (fold_cp(c, f) == 2)
				memcpy(cyr_folded[hi << 6 | lo], f, 2);
			if (!basic_cyrillic(c) || fold_cp(c, f) != 2)
				continue;
			utf8proc_int32_t low = ((unsigned char)f[0] & 0x1F) << 6 | ((unsigned char)f[1] & 0x3F);
			cyr_fold[hi][lo] = (uint16_t)((unsigned char)f[0] << 8 | (unsigned char)f[1]);
			cyr_index[hi][lo] = (unsigned char)(33 + low - 0x430);
		}
	atomic_store_explicit(&cyr_made, 1, memory_order_release);
}

/* The two bytes at s (both there), the first in the low byte. */
static inline unsigned two_bytes(const char *s)
{
	return (unsigned char)s[0] | (unsigned)(unsigned char)s[1] << 8;
}

/* Whether two_bytes holds D0 or D1 then a continuation byte: one of
 * U+0400..U+047F, letters all. */
#define CYRILLIC_PAIR(w) (((w) & 0xC0FEu) == 0x80D0u)

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

#ifdef WORDS_SSE2
/* How many lower-case letters а..я other than ё (D0 B0..BF, D1 80..8F,
 * each its own folded form) start the sixteen bytes at s: 0 to 8. */
static inline unsigned lower_cyrillic_run(const char *s)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i m = _mm_and_si128(v, _mm_set1_epi16((short)0xF0FF)); /* the lead, the second's top half */
	__m128i ok = _mm_or_si128(_mm_cmpeq_epi16(m, _mm_set1_epi16((short)0xB0D0)),
				  _mm_cmpeq_epi16(m, _mm_set1_epi16((short)0x80D1)));
	unsigned bad = ~(unsigned)_mm_movemask_epi8(ok) & 0xFFFF;
	return bad ? (unsigned)__builtin_ctz(bad) / 2 : 8;
}
#endif

/* The ASCII and basic Cyrillic letters from i folded to out (as many
 * bytes as they take in s, and room for sixteen more): where the first
 * other byte is, or len. A pointer of its own, not t->folded: a store
 * through that might change t's fields, which the compiler then read
 * again at every letter. */
static inline size_t fold_common(const char *s, size_t i, size_t len, char **out)
{
	char *o = *out;
	while (i < len) {
#ifdef WORDS_SSE2
		if (i + 16 <= len) {
			/* a run of lower-case Cyrillic, most of a word's
			 * letters, copied as it is eight letters a step */
			unsigned n = lower_cyrillic_run(s + i);
			if (n) {
				memcpy(o, s + i, 16);
				o += 2 * n;
				i += 2 * n;
				if (n == 8)
					continue;
				if (i >= len)
					break;
			}
		}
#endif
		if (i + 1 < len) {
			unsigned w2 = two_bytes(s + i);
			unsigned u = CYRILLIC_PAIR(w2) ? cyr_fold[w2 & 1][w2 >> 8 & 0x3F] : 0;
			if (u) { /* А..я, Ё, ё */
				o[0] = (char)(u >> 8);
				o[1] = (char)(u & 0xFF);
				o += 2;
				i += 2;
				continue;
			}
		}
		unsigned char b0 = (unsigned char)s[i];
		if ((b0 | 0x20) < 'a' || (b0 | 0x20) > 'z')
			break;
		*o++ = (char)(b0 | 0x20);
		i++;
	}
	*out = o;
	return i;
}

/* Whether the word's first character at s[i..len) (a letter) is a
 * capital (*cap) and Cyrillic (*cyr): A..Z and U+0400..U+045F told in
 * line, the others by their code point. */
static void first_letter(const char *s, size_t i, size_t len, int *cap, int *cyr)
{
	unsigned char b0 = (unsigned char)s[i];
	if (b0 < 0x80) {
		*cap = b0 >= 'A' && b0 <= 'Z';
		*cyr = 0;
		return;
	}
	if (i + 1 < len && CYRILLIC_PAIR(two_bytes(s + i))) {
		unsigned char b1 = (unsigned char)s[i + 1];
		*cyr = 1;
		if (b0 == 0xD0) { /* U+0400..U+042F capitals, U+0430..U+043F not */
			*cap = b1 < 0xB0;
			return;
		}
		if (b1 < 0xA0) { /* U+0440..U+045F, small letters */
			*cap = 0;
			return;
		}
	}
	size_t n;
	utf8proc_int32_t first = cp_at(s, i, len, &n);
	*cap = is_upper(first);
	*cyr = first >= 0x400 && first <= 0x4FF;
}

/* A word from i (a letter there). Returns its end. */
static size_t word_at(words *t, const char *s, size_t i, size_t len)
{
	word *w = push(t, i);
	int cap, cyr;
	first_letter(s, i, len, &cap, &cyr);
	size_t n;
	while (i < len) {
		/* the common letters folded here (room for the rest of the
		 * text, sixteen bytes of fold_common's copy and the NUL), the
		 * rest below */
		t->folded = xgrow(t->folded, &t->room, t->len + (len - i) + 17, 1);
		char *o = t->folded + t->len;
		i = fold_common(s, i, len, &o);
		t->len = (size_t)(o - t->folded);
		if (i >= len)
			break;
		unsigned char b0 = (unsigned char)s[i];
		if (b0 < 0x80 && b0 != '\'' && b0 != '-')
			break; /* a space, a digit, punctuation */
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
	w->cap = cap;
	w->cyr = cyr;
	return i;
}

void words_split(words *t, const char *s, size_t len)
{
	memset(t, 0, sizeof *t);
	words_split_again(t, s, len);
}

void words_split_again(words *t, const char *s, size_t len)
{
	cyr_ready();
	t->n = t->len = 0;
	/* room for what most texts need: a folded word is as long as the
	 * original (ASCII, Cyrillic) plus its NUL, a word and its space at
	 * least two bytes */
	t->folded = xgrow(t->folded, &t->room, len + len / 4 + 24, 1);
	t->v = xgrow(t->v, &t->cap, len / 6 + 4, sizeof *t->v);
	for (size_t i = 0; i < len;) {
		unsigned char b = (unsigned char)s[i];
		if (b == ' ' || b == ',' || b == '.' || b == '(' || b == ')' || b == ':' || b == ';') {
			i++; /* the separators most texts have */
			continue;
		}
		if (i + 1 < len && CYRILLIC_PAIR(two_bytes(s + i))) {
			i = word_at(t, s, i, len); /* U+0400..U+047F: a letter */
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

/* ---- Looking for a few words without splitting ---- */

/* A words_set hashes a folded word character by character, each
 * character's UTF-8 bytes packed into one unit ("д" is 0xD0B4): one
 * multiplication per letter (FNV-1a's, util.h, over units). */
static uint64_t hash_unit(uint64_t h, const char *f, size_t n)
{
	uint32_t u = 0;
	for (size_t j = 0; j < n; j++)
		u = u << 8 | (unsigned char)f[j];
	return (h ^ u) * FNV1A_PRIME;
}

/* A word's hash in a words_set; never 0, which marks an empty slot. */
static uint64_t set_hash(uint64_t h)
{
	return h ? h : 1;
}

static int set_has(const words_set *s, uint64_t h)
{
	h = set_hash(h);
	for (size_t i = (size_t)h & WORDS_SET_MASK; s->h[i]; i = (i + 1) & WORDS_SET_MASK)
		if (s->h[i] == h)
			return 1;
	return 0;
}

/* The end of the number at i (a digit there), as number_at reads it. */
static size_t number_end(const char *s, size_t i, size_t len)
{
	while (i < len && is_digit((unsigned char)s[i]))
		i++;
	if (i + 1 < len && (s[i] == '.' || s[i] == ',') && is_digit((unsigned char)s[i + 1])) {
		i++;
		while (i < len && is_digit((unsigned char)s[i]))
			i++;
	}
	return i;
}

/* Whether the word at i goes on at i (i < len): a letter, or a joiner
 * followed by one; *c gets the character, *n its length. What word_at
 * reads, for the characters the loops below do not tell themselves. */
static int word_goes_on(const char *s, size_t i, size_t len, utf8proc_int32_t *c, size_t *n)
{
	size_t m;
	*c = cp_at(s, i, len, n);
	if (is_letter(*c))
		return 1;
	int joiner = *c == '\'' || *c == 0x2019 || *c == '-';
	return joiner && i + *n < len && is_letter(cp_at(s, i + *n, len, &m));
}

/* The word at i (a letter there), as word_at reads it: its end, and in *h
 * its hash. */
static size_t word_hash_at(const char *s, size_t i, size_t len, uint64_t *h)
{
	uint64_t x = FNV1A_BASIS;
	while (i < len) {
		if (i + 1 < len) {
			unsigned w = two_bytes(s + i);
			unsigned u = CYRILLIC_PAIR(w) ? cyr_fold[w & 1][w >> 8 & 0x3F] : 0;
			if (u) {
				x = (x ^ u) * FNV1A_PRIME;
				i += 2;
				continue;
			}
		}
		unsigned char b0 = (unsigned char)s[i];
		if ((b0 | 0x20) >= 'a' && (b0 | 0x20) <= 'z') {
			x = (x ^ (b0 | 0x20u)) * FNV1A_PRIME;
			i++;
			continue;
		}
		if (b0 < 0x80 && b0 != '\'' && b0 != '-')
			break; /* a space, a digit, punctuation */
		size_t n;
		utf8proc_int32_t c;
		if (!word_goes_on(s, i, len, &c, &n))
			break;
		char f[4];
		x = hash_unit(x, f, fold_cp(c, f));
		i += n;
	}
	*h = x;
	return i;
}

/* Four two-byte letters of U+0400..U+047F in the eight bytes at s (all
 * there): CYRILLIC_PAIR four times over in one test, where the byte order
 * allows it. */
static inline int four_cyrillic(const char *s)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t x;
	memcpy(&x, s, 8);
	return (x & 0xC0FEC0FEC0FEC0FEULL) == 0x80D080D080D080D0ULL;
#else
	(void)s;
	return 0;
#endif
}

/* The end of the word at i, as word_at reads it, without folding it. */
static size_t word_end(const char *s, size_t i, size_t len)
{
	while (i < len) {
		while (i + 7 < len && four_cyrillic(s + i))
			i += 8;
		while (i + 1 < len && CYRILLIC_PAIR(two_bytes(s + i)))
			i += 2;
		if (i >= len)
			break;
		unsigned char b0 = (unsigned char)s[i];
		if ((b0 | 0x20) >= 'a' && (b0 | 0x20) <= 'z') {
			i++;
			continue;
		}
		if (b0 < 0x80 && b0 != '\'' && b0 != '-')
			break;
		size_t n;
		utf8proc_int32_t c;
		if (!word_goes_on(s, i, len, &c, &n))
			break;
		i += n;
	}
	return i;
}

/* A letter's place in the first two letters of a set's words: a..z 1..26,
 * а..я 33..64 (е for ё), 0 for any other character (a word starting with
 * one is hashed whole); *n its length. */
static inline unsigned letter_index(const char *s, size_t i, size_t len, size_t *n)
{
	unsigned char b0 = (unsigned char)s[i];
	if ((b0 | 0x20) >= 'a' && (b0 | 0x20) <= 'z') {
		*n = 1;
		return (b0 | 0x20u) - 'a' + 1;
	}
	if (i + 1 < len) {
		unsigned w = two_bytes(s + i);
		if (CYRILLIC_PAIR(w)) {
			*n = 2;
			return cyr_index[w & 1][w >> 8 & 0x3F];
		}
	}
	*n = 0;
	return 0;
}

/* The bit of words_set.triples for first letters a, b and c (c 0: no
 * letter letter_index knows, or none). */
static inline unsigned triple_bit(unsigned a, unsigned b, unsigned c)
{
	return ((a << 14 | b << 7 | c) * 0x9E3779B1u) >> 20;
}

/* The bit of words_set.quads for first letters a, b, c (all known) and d
 * (0: no letter letter_index knows, or none). */
static inline unsigned quad_bit(unsigned a, unsigned b, unsigned c, unsigned d)
{
	return ((a << 21 | b << 14 | c << 7 | d) * 0x9E3779B1u) >> 20;
}

/* Whether the word at k (a letter there) may be one of set's (whose
 * any is 0) by its first three characters: 0 only when no word of set
 * starts with them. */
static inline int may_start3(const words_set *set, const char *s, size_t k, size_t len)
{
	size_t n1, n2, n3;
	unsigned a = letter_index(s, k, len, &n1);
	if (!a)
		return 1;
	if (!set->pairs[a])
		return 0; /* no word of set starts with it (set->any is 0) */
	if (k + n1 >= len)
		return 0; /* one letter */
	unsigned char c = (unsigned char)s[k + n1];
	if (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
		return c == '\'' || c == '-'; /* one letter (or a joiner after it: hashed) */
	unsigned b = letter_index(s, k + n1, len, &n2);
	if (!b)
		return 1;
	if (!(set->pairs[a] >> (b - 1) & 1))
		return 0;
	unsigned t = k + n1 + n2 < len ? letter_index(s, k + n1 + n2, len, &n3) : 0;
	unsigned bit = triple_bit(a, b, t);
	if (!(set->triples[bit >> 6] >> (bit & 63) & 1))
		return 0;
	if (!t)
		return 1;
	size_t n4, at = k + n1 + n2 + n3;
	bit = quad_bit(a, b, t, at < len ? letter_index(s, at, len, &n4) : 0);
	return set->quads[bit >> 6] >> (bit & 63) & 1;
}

/* The bit of words_set.cyr_pairs for the four bytes x (loaded little-
 * endian) of two Cyrillic letters, D0 or D1 then 80..BF each: each
 * letter's lead's low bit and its second byte's low six, 14 bits. */
static inline unsigned cyr_key(uint32_t x)
{
	return (x & 1) << 13 | (x >> 1 & 0x1F80u) | (x >> 10 & 0x40u) | (x >> 24 & 0x3Fu);
}

/* Adds to cyr_pairs the words starting with letters a and b (letter_index
 * places, both known): the bit of every spelling of them (case, ё), and
 * of a then a letter cyr_index does not know; a first letter it does not
 * know may start anything (may_start3 answers 1 for it). */
static void add_cyr_pairs(words_set *s, unsigned a, unsigned b)
{
	for (unsigned k1 = 0; k1 < 128; k1++) {
		unsigned ia = cyr_index[k1 >> 6][k1 & 63];
		if (!ia) {
			s->cyr_pairs[2 * k1] = s->cyr_pairs[2 * k1 + 1] = ~0ULL;
			continue;
		}
		if (ia != a)
			continue;
		for (unsigned k2 = 0; k2 < 128; k2++) {
			unsigned ib = cyr_index[k2 >> 6][k2 & 63], key = k1 << 7 | k2;
			if (!ib || ib == b)
				s->cyr_pairs[key >> 6] |= 1ULL << (key & 63);
		}
	}
}

/* The bit of words_set.cyr4 for the eight bytes x (loaded little-
 * endian) of four letters of U+0400..U+047F: each letter's lead's low
 * bit and its second byte's low six, hashed to sixteen bits. */
static inline unsigned cyr4_bit(uint64_t x)
{
	return (unsigned)(((x & 0x3F013F013F013F01ULL) * 0x9E3779B97F4A7C15ULL) >> 48);
}

/* Adds to cyr4 every spelling of the first four characters of folded
 * when they are letters of U+0400..U+047F: each character of that range
 * that folds (fold_cp) to the word's; marks cyr_short for a word of two
 * or three such letters. */
static void add_cyr4(words_set *s, const char *folded, size_t len)
{
	size_t n = 0;
	while (n < 4 && 2 * n + 1 < len && CYRILLIC_PAIR(two_bytes(folded + 2 * n)))
		n++;
	if (2 * n == len && (n == 2 || n == 3))
		s->cyr_short = 1;
	if (n < 4)
		return;
	/* each place's spellings: 7-bit codes, the lead's low bit then
	 * the second byte's low six */
	unsigned char code[4][128];
	size_t nc[4] = {0};
	for (size_t p = 0; p < 4; p++)
		for (unsigned k = 0; k < 128; k++)
			if (!memcmp(cyr_folded[k], folded + 2 * p, 2))
				code[p][nc[p]++] = (unsigned char)k;
	for (size_t a = 0; a < nc[0]; a++)
		for (size_t b = 0; b < nc[1]; b++)
			for (size_t c = 0; c < nc[2]; c++)
				for (size_t d = 0; d < nc[3]; d++) {
					unsigned char k4[4] = {code[0][a], code[1][b], code[2][c], code[3][d]};
					uint64_t x = 0;
					for (int p = 0; p < 4; p++)
						x |= (uint64_t)(0xD0u | k4[p] >> 6) << 16 * p |
						     (uint64_t)(0x80u | (k4[p] & 63)) << (16 * p + 8);
					unsigned bit = cyr4_bit(x);
					s->cyr4[bit >> 6] |= 1ULL << (bit & 63);
				}
}

void words_set_add(words_set *s, const char *folded)
{
	cyr_ready();
	uint64_t h = FNV1A_BASIS;
	size_t len = strlen(folded), n;
	for (size_t i = 0; i < len; i += n) {
		cp_at(folded, i, len, &n);
		h = hash_unit(h, folded + i, n);
	}
	h = set_hash(h);
	size_t i = (size_t)h & WORDS_SET_MASK;
	while (s->h[i] && s->h[i] != h)
		i = (i + 1) & WORDS_SET_MASK;
	if (!s->h[i])
		s->n++;
	s->h[i] = h;
	/* its first two letters, or "any word" when either is not one of
	 * those letter_index knows (or the word is one letter long) */
	size_t n1, n2;
	unsigned a = letter_index(folded, 0, len, &n1), b = a ? letter_index(folded, n1, len, &n2) : 0;
	if (a && b) {
		s->pairs[a] |= 1ULL << (b - 1);
		size_t n3;
		unsigned t = n1 + n2 < len ? letter_index(folded, n1 + n2, len, &n3) : 0;
		unsigned bit = triple_bit(a, b, t);
		s->triples[bit >> 6] |= 1ULL << (bit & 63);
		if (t) {
			size_t n4, at = n1 + n2 + n3;
			bit = quad_bit(a, b, t, at < len ? letter_index(folded, at, len, &n4) : 0);
			s->quads[bit >> 6] |= 1ULL << (bit & 63);
		}
		add_cyr_pairs(s, a, b);
	} else {
		s->any = 1;
	}
	add_cyr4(s, folded, len);
}

/* Whether the word at i (a letter there) may be in set: by its first
 * three letters (may_start3), unless set holds a word whose first letters
 * letter_index does not know (any). */
static int may_start(const words_set *set, const char *s, size_t i, size_t len)
{
	return set->any || may_start3(set, s, i, len);
}

int words_set_may_hold(const words_set *set, const char *folded, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* a word of four Cyrillic letters or more by cyr4 from one load, as
	 * words_find tells it, and one of two or three by cyr_short */
	if (!set->any && n >= 8) {
		uint64_t x;
		memcpy(&x, folded, 8);
		if ((x & 0xC0FEC0FEC0FEC0FEULL) == 0x80D080D080D080D0ULL) {
			unsigned bit = cyr4_bit(x);
			if (!(set->cyr4[bit >> 6] >> (bit & 63) & 1))
				return 0;
		}
	} else if (!set->any && !set->cyr_short && (n == 4 || n == 6) && CYRILLIC_PAIR(two_bytes(folded)) &&
		   CYRILLIC_PAIR(two_bytes(folded + 2)) && (n == 4 || CYRILLIC_PAIR(two_bytes(folded + 4)))) {
		return 0;
	}
#endif
	return n && may_start(set, folded, 0, n);
}

/* The careful look of words_find: from i, a token at a time, as
 * words_split reads them (i at a token's start: the text's start, or
 * after a space, a punctuation mark, a word or a number). Returns where
 * the first word that may be in set starts, or, once i has passed stop
 * without one, len with *next where it stopped (a token's start again). */
static size_t find_from(const words_set *set, const char *s, size_t i, size_t len, size_t stop, size_t *next)
{
	while (i < len) {
		if (i > stop) {
			*next = i;
			return len;
		}
		unsigned char b = (unsigned char)s[i];
		size_t n;
		if (i + 3 < len && CYRILLIC_PAIR(two_bytes(s + i)) && CYRILLIC_PAIR(two_bytes(s + i + 2)) &&
		    !set->any) {
			/* two Cyrillic letters, the commonest start: told in line */
			unsigned w = two_bytes(s + i), w2 = two_bytes(s + i + 2);
			unsigned a = cyr_index[w & 1][w >> 8 & 0x3F], c = cyr_index[w2 & 1][w2 >> 8 & 0x3F];
			if (a && c && !(set->pairs[a] >> (c - 1) & 1)) {
				i = word_end(s, i + 4, len);
				continue;
			}
		}
		if (i + 1 < len && CYRILLIC_PAIR(two_bytes(s + i))) {
			/* a letter */
		} else if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') {
		} else if (b < 0x80) {
			i = is_digit(b) ? number_end(s, i, len) : i + 1;
			continue;
		} else if (!is_letter(cp_at(s, i, len, &n))) {
			i += n;
			continue;
		}
		if (!may_start(set, s, i, len)) {
			i = word_end(s, i, len);
			continue;
		}
		uint64_t h;
		size_t at = i;
		i = word_hash_at(s, i, len, &h);
		if (set_has(set, h))
			return at;
	}
	*next = len;
	return len;
}

/* Whether no word or number goes on past the byte c: ASCII, no letter,
 * no joiner (a number ends before a letter too). */
static inline int word_stop(unsigned char c)
{
	return c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && c != '\'' && c != '-';
}

#ifdef WORDS_SSE2
#define FIND_BLOCKS 1

/* The bytes of x that are ASCII letters: (x | 0x20) - 'a' below 26,
 * unsigned, told as signed bytes after adding 0x80 (flipping the top
 * bit) in the same step. */
static inline __m128i ascii_letters(__m128i x)
{
	__m128i t = _mm_add_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8((char)(0x80 - 'a')));
	return _mm_cmplt_epi8(t, _mm_set1_epi8((char)(0x80 + 26)));
}

/* D0 or D1, the first byte of a Cyrillic letter of U+0400..U+047F. */
static inline __m128i cyrillic_leads(__m128i x)
{
	return _mm_cmpeq_epi8(_mm_and_si128(x, _mm_set1_epi8((char)0xFE)), _mm_set1_epi8((char)0xD0));
}

/* Whether the eight bytes x (loaded little-endian) at a word's start
 * tell that it is no word of set (whose any is 0): four letters of
 * U+0400..U+047F whose spelling is no set word's start (cyr4), or two or
 * three such letters and then no letter or joiner, a short word that no
 * set word is (cyr_short). 0 when they do not tell. */
static inline int cyr_no_word(const words_set *set, uint64_t x)
{
	if ((x & 0xC0FEC0FEu) != 0x80D080D0u)
		return 0;
	if ((x & 0xC0FEC0FEC0FEC0FEULL) == 0x80D080D080D080D0ULL) {
		unsigned bit = cyr4_bit(x);
		return !(set->cyr4[bit >> 6] >> (bit & 63) & 1);
	}
	if (set->cyr_short)
		return 0;
	return word_stop((unsigned char)((x >> 32 & 0xC0FEu) == 0x80D0u ? x >> 48 : x >> 32));
}

/* The bits for the vector v whose bytes one and two back are
 * v1 and v2: a bit for each byte that words_find must look at, an ASCII
 * letter or the first byte of a character of two bytes or more (which may
 * be a letter), unless it is inside a word: right after an ASCII letter
 * or a Cyrillic letter (D0/D1 then a continuation byte), where no word
 * starts. Continuation bytes and ASCII other than letters are passed
 * over. */
static inline __attribute__((always_inline)) unsigned look_bits(__m128i v, __m128i v1, __m128i v2)
{
	const __m128i zero = _mm_setzero_si128(), c0 = _mm_set1_epi8((char)0xC0);
	/* 0x80..0xBF: below 0xC0 as signed bytes, which ASCII is not */
	__m128i lead = _mm_andnot_si128(_mm_cmplt_epi8(v, c0), _mm_cmplt_epi8(v, zero));
	__m128i may = _mm_or_si128(ascii_letters(v), lead);
	__m128i in_word = _mm_or_si128(ascii_letters(v1), _mm_and_si128(_mm_cmplt_epi8(v1, c0), cyrillic_leads(v2)));
	return (unsigned)_mm_movemask_epi8(_mm_andnot_si128(in_word, may));
}

static inline __m128i load16(const unsigned char *p)
{
	return _mm_loadu_si128((const __m128i *)(const void *)p);
}

/* look_bits of the sixteen bytes at p, all in the text as are the two
 * before: each byte's neighbours from loads one and two bytes back. */
static inline __attribute__((always_inline)) unsigned look_in(const unsigned char *p)
{
	return look_bits(load16(p), load16(p - 1), load16(p - 2));
}

/* look_bits of the sixteen bytes at s + at (at < len) where they are not
 * all in the text with the two before, the first byte's lowest: the bytes
 * before the text's start and after its end read as NULs. At the text's
 * start the neighbours come from the vector itself shifted, at its end
 * the bits from the vector that ends it, so that only a text shorter than
 * eighteen bytes is copied. */
static unsigned look_edge(const unsigned char *s, size_t at, size_t len)
{
	if (at == 0 && len >= 16) {
		__m128i v = load16(s);
		return look_bits(v, _mm_slli_si128(v, 1), _mm_slli_si128(v, 2));
	}
	if (len >= 18 && at >= 2) /* a byte's bit depends on no byte after it */
		return look_in(s + len - 16) >> (at - (len - 16));
	unsigned char edge[2 + 16] = {0};
	size_t n = len - at < 16 ? len - at : 16;
	if (at >= 1)
		edge[1] = s[at - 1];
	if (at >= 2)
		edge[0] = s[at - 2];
	memcpy(edge + 2, s + at, n);
	return look_in(edge + 2) & (unsigned)((1ULL << n) - 1);
}

/* Of the n bytes at s + i (n <= 64, i + n <= len): look_bits, a vector
 * at a time. */
static inline uint64_t find_window(const unsigned char *s, size_t i, size_t n, size_t len)
{
	if (n == 64 && i >= 2)
		return (uint64_t)look_in(s + i) | (uint64_t)look_in(s + i + 16) << 16 |
		       (uint64_t)look_in(s + i + 32) << 32 | (uint64_t)look_in(s + i + 48) << 48;
	uint64_t look = 0;
	for (size_t j = 0; j < n; j += 16) {
		size_t at = i + j;
		look |= (uint64_t)(at >= 2 && at + 16 <= len ? look_in(s + at) : look_edge(s, at, len)) << j;
	}
	return look;
}
#endif

/* Where the first word of s[0..len) that may be in set starts. With SSE2
 * the text is looked through 64 bytes at a time for what may start a word
 * of set (find_window, then the first two letters in cyr_pairs and
 * may_start3 for the first three or four): a word of set starts with three
 * letters whose triple is in set->triples, or a letter letter_index does
 * not know, after neither an ASCII nor a Cyrillic letter. Only where such
 * a place is found is the text read a token at a time (find_from), from
 * the last ASCII byte before it that ends any word or number it follows,
 * to past the word there. Without SSE2, and for a set with any, find_from
 * reads it all. */
size_t words_find(const words_set *set, const char *s, size_t len)
{
	cyr_ready();
	size_t next;
#ifdef FIND_BLOCKS
	if (set->any)
		return find_from(set, s, 0, len, len, &next);
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, from = 0; /* from: a token's start, no candidate in [from, i) */
	while (i < len) {
		size_t end = len - i < 64 ? len : i + 64, q = len;
		uint64_t look = find_window(u, i, end - i, len);
		while (look) {
			size_t k = i + (size_t)__builtin_ctzll(look);
			look &= look - 1;
			unsigned char b = u[k];
			size_t n;
			if (k + 8 <= len) {
				/* most words: told from their first eight bytes */
				uint64_t x8;
				memcpy(&x8, u + k, 8);
				if (cyr_no_word(set, x8))
					continue;
			}
			if (k + 4 <= len) {
				/* two Cyrillic letters, most words' start: their
				 * pair looked up at once (what may_start3 tells
				 * first); one before a space or punctuation, a
				 * word of one letter (в, с, и: one in ten), no
				 * word of set (its any is 0) */
				uint32_t x;
				memcpy(&x, u + k, 4);
				unsigned key = cyr_key(x);
				if ((x & 0xC0FEC0FEu) == 0x80D080D0u && !(set->cyr_pairs[key >> 6] >> (key & 63) & 1))
					continue;
				if ((x & 0xC0FEu) == 0x80D0u && word_stop((unsigned char)(x >> 16)))
					continue;
			}
			if (b >= 0xC0 && (b & 0xFE) != 0xD0) {
				if (!is_letter(cp_at(s, k, len, &n)))
					continue;
			} else if (!may_start3(set, s, k, len)) {
				continue;
			} else if (k == from || word_stop(u[k - 1])) {
				/* a word starts here: hashed in place, and the look
				 * goes on after it */
				uint64_t h;
				size_t e = word_hash_at(s, k, len, &h);
				if (e == k)
					e++; /* D0 or D1 with no letter: a byte of its own */
				else if (set_has(set, h))
					return k;
				end = from = e;
				break;
			}
			q = k;
			break;
		}
		if (q == len) {
			i = end;
			continue;
		}
		/* read from a place where no word or number goes on (or from
		 * where the last reading stopped: linear time whatever the text) */
		size_t r = q;
		while (r > from && !word_stop(u[r - 1]))
			r--;
		size_t found = find_from(set, s, r, len, q, &next);
		if (found < len)
			return found;
		i = from = next;
	}
	return len;
#else
	return find_from(set, s, 0, len, len, &next);
#endif
}

int words_any(const words_set *set, const char *s, size_t len)
{
	return words_find(set, s, len) < len;
}

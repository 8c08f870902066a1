/* match.c - finds names in any grammatical form: Unicode folding, word splitting, Snowball stems, a key hash.
 * How names are matched, and the stemmers' known limits: match_int.h. Suggestions: match_near.c;
 * looking a name up: match_lookup.c; registering one: match_add.c. */
#include "match.h"
#include "dict.h"
#include "match_int.h"
#include "strmap.h"
#include "util.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- Unicode helpers ---- */

static int is_cyrillic(utf8proc_int32_t c)
{
	return (c >= 0x0400 && c <= 0x052F) || (c >= 0x1C80 && c <= 0x1C8F) ||
	       (c >= 0x2DE0 && c <= 0x2DFF) || (c >= 0xA640 && c <= 0xA69F);
}

static int is_latin(utf8proc_int32_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	if (c == 0xD7 || c == 0xF7)
		return 0;
	return (c >= 0x00C0 && c <= 0x02AF) || (c >= 0x1E00 && c <= 0x1EFF) ||
	       (c >= 0x2C60 && c <= 0x2C7F) || (c >= 0xA720 && c <= 0xA7FF) ||
	       (c >= 0xAB30 && c <= 0xAB6F) || (c >= 0xFF21 && c <= 0xFF3A) ||
	       (c >= 0xFF41 && c <= 0xFF5A);
}

static int is_letter(utf8proc_int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

/* Letters, digits and combining marks (a mark left after NFC, such as a
 * Russian stress accent, belongs to the word it follows). */
static int is_word_cp(utf8proc_int32_t c)
{
	if (c < 0x80) /* the common cases without a table look-up */
		return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9');
	if (c >= 0x0410 && c <= 0x044F)
		return 1;
	utf8proc_category_t cat = utf8proc_category(c);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
	       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

static int is_apostrophe(utf8proc_int32_t c)
{
	return c == '\'' || c == 0x2019;
}

/* A copy of s in which every invalid UTF-8 sequence is U+FFFD, so that
 * utf8proc never rejects it and the bad bytes separate words. */
static char *sanitize(const char *s)
{
	buf b;
	buf_init(&b);
	size_t len = strlen(s), i = 0;
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0) {
			buf_puts(&b, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		buf_put(&b, s + i, (size_t)k);
		i += (size_t)k;
	}
	return buf_detach(&b);
}

/* utf8proc_map on a string known to be valid; "" on the (unexpected) error. */
static char *umap(const char *s, int opts)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	                                  (utf8proc_option_t)(UTF8PROC_NULLTERM | opts));
	if (n < 0 || !out) {
		free(out);
		return xstrdup("");
	}
	char *r = xstrdup((const char *)out); /* our allocator, our free policy */
	free(out);
	return r;
}

/* After case folding: ё -> е, and drop combining grave/acute (stress marks)
 * after a Cyrillic letter; in words, also ’ -> '. In place (never longer). */
static void fixups(char *s, int in_word)
{
	size_t len = strlen(s), i = 0, o = 0;
	utf8proc_int32_t prev = -1;
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0) { /* cannot happen on utf8proc output; keep the byte */
			s[o++] = s[i++];
			continue;
		}
		i += (size_t)k;
		if ((c == 0x0300 || c == 0x0301) && is_cyrillic(prev))
			continue; /* prev stays the letter: two marks go too */
		if (c == 0x0451)
			c = 0x0435;
		else if (in_word && c == 0x2019)
			c = '\'';
		o += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)s + o);
		prev = c;
	}
	s[o] = '\0';
}

/* Decodes valid UTF-8 into code points; *offs gets each one's byte offset,
 * plus the end. Returns the count. */
size_t match_decode(const char *s, utf8proc_int32_t **cps, size_t **offs)
{
	size_t len = strlen(s), n = 0, i = 0;
	*cps = xmalloc((len + 1) * sizeof **cps);
	*offs = xmalloc((len + 1) * sizeof **offs);
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0) {
			c = 0xFFFD;
			k = 1;
		}
		(*cps)[n] = c;
		(*offs)[n++] = i;
		i += (size_t)k;
	}
	(*offs)[n] = len;
	return n;
}

/* ---- Words and stems ---- */

static inline int nfc_stable(int32_t c)
{
	return (c < 0x300 && c != 0xAD) || (c >= 0x400 && c < 0x483) ||
	       (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E) || /* dashes, quotes */
	       (c >= 0x20A0 && c <= 0x20C0) || c == 0x2116 || c == 0x2122;     /* currency, №, ™ */
}

int match_nfc_stable(int32_t c)
{
	return nfc_stable(c);
}

/* The NFC-stable code point at s[i] (before len) into *cp; returns its
 * length (1 to 3 bytes), or 0 when the bytes there are invalid UTF-8 (an
 * overlong form included) or a code point that NFC may change. */
static inline size_t stable_at(const unsigned char *u, size_t i, size_t len, utf8proc_int32_t *cp)
{
	size_t k;
	if (u[i] < 0x80) {
		*cp = u[i];
		return 1;
	}
	if ((u[i] & 0xE0) == 0xC0 && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
		*cp = (utf8proc_int32_t)(((u[i] & 0x1F) << 6) | (u[i + 1] & 0x3F));
		k = 2;
		if (*cp < 0x80)
			return 0;
	} else if ((u[i] & 0xF0) == 0xE0 && i + 2 < len && (u[i + 1] & 0xC0) == 0x80 &&
	           (u[i + 2] & 0xC0) == 0x80) {
		*cp = (utf8proc_int32_t)(((u[i] & 0x0F) << 12) | ((u[i + 1] & 0x3F) << 6) |
		                         (u[i + 2] & 0x3F));
		k = 3;
		if (*cp < 0x800)
			return 0;
	} else {
		return 0;
	}
	return nfc_stable(*cp) ? k : 0;
}

static int intern_stem(match_index *m, const char *stem, size_t len)
{
	/* looked up in place: most stems are known, and a copy is made only
	 * for a new one */
	int id = strmap_getn(&m->stem_ids, stem, len);
	if (id >= 0)
		return id;
	char *s = xstrndup(stem, len);
	m->stems = xgrow(m->stems, &m->capstems, m->nstems + 1, sizeof *m->stems);
	id = (int)m->nstems;
	m->stems[m->nstems++] = s;
	strmap_set(&m->stem_ids, s, id);
	return id;
}

/* KPIs, SLAs: two or more ASCII capitals and a small s. */
static int is_acronym_plural(const char *w)
{
	size_t n = strlen(w);
	if (n < 3 || w[n - 1] != 's')
		return 0;
	for (size_t i = 0; i + 1 < n; i++)
		if (w[i] < 'A' || w[i] > 'Z')
			return 0;
	return 1;
}

/* The n-byte folded word w ends with а/я/и/ы followed by в (see the note
 * at the top): its last four bytes, read once (each is two bytes in UTF-8). */
static int is_false_gerund(const char *w, size_t n)
{
	if (n < 4)
		return 0;
	const unsigned char *u = (const unsigned char *)w + n - 4;
	if (u[2] != 0xD0 || u[3] != 0xB2) /* в */
		return 0;
	return (u[0] == 0xD0 && u[1] == 0xB0) ||                 /* а */
	       (u[0] == 0xD1 && (u[1] == 0x8F || u[1] == 0x8B)) || /* я, ы */
	       (u[0] == 0xD0 && u[1] == 0xB8);                   /* и */
}

/* The stem of a folded word whose scripts are known (cyr: it has a
 * Cyrillic letter, lat: a Latin one). */
static int stem_folded(match_index *m, const char *nfc, const char *folded, int cyr, int lat)
{
	struct sb_stemmer *st = cyr ? m->ru : lat ? m->en : NULL;
	size_t len = strlen(folded);
	int gerund = cyr && is_false_gerund(folded, len);
	if (lat && !cyr && is_acronym_plural(nfc))
		len--;
	if (!st || gerund)
		return intern_stem(m, folded, len);
	const sb_symbol *out = sb_stemmer_stem(st, (const sb_symbol *)folded, (int)len);
	int olen = out ? sb_stemmer_length(st) : 0;
	if (olen <= 0)
		return intern_stem(m, folded, len);
	return intern_stem(m, (const char *)out, (size_t)olen);
}

int match_stem_word(match_index *m, const char *nfc, const char *folded)
{
	int cyr = 0, lat = 0;
	utf8proc_int32_t *cps;
	size_t *offs;
	size_t n = match_decode(folded, &cps, &offs);
	for (size_t i = 0; i < n; i++) {
		if (is_cyrillic(cps[i]))
			cyr = 1;
		else if (is_latin(cps[i]))
			lat = 1;
	}
	free(cps);
	free(offs);
	return stem_folded(m, nfc, folded, cyr, lat);
}

int match_fold_simple(int32_t c)
{
	return c < 0x80 || (c >= 0x400 && c <= 0x45F);
}

/* utf8proc_tolower of a code point for which match_fold_simple holds,
 * without a call into the library a letter (tests/unit/test_match.c
 * compares the two over all of them). */
static inline int32_t lower_simple(int32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 0x20 : c;
	if (c < 0x410)
		return c + 0x50; /* Ѐ..Џ */
	return c < 0x430 ? c + 0x20 : c; /* А..Я */
}

int32_t match_lower_simple(int32_t c)
{
	return lower_simple(c);
}

/* The folded form (case folding, then fixups) of an n-byte NFC word made
 * only of code points for which match_fold_simple holds, where case
 * folding is utf8proc_tolower (tests/unit/test_match.c checks it), with its
 * scripts in *cyr and *lat; NULL for any other word. */
static char *fold_simple(const char *w, size_t n, int *cyr, int *lat)
{
	const unsigned char *u = (const unsigned char *)w;
	char *out = xmalloc(n + 1);
	size_t o = 0;
	*cyr = *lat = 0;
	for (size_t i = 0, k; i < n; i += k) {
		utf8proc_int32_t c;
		if (!(k = stable_at(u, i, n, &c)) || !match_fold_simple(c)) {
			free(out);
			return NULL;
		}
		c = lower_simple(c);
		if (c == 0x0451) /* ё -> е, as fixups */
			c = 0x0435;
		if (c >= 0x400) {
			*cyr = 1;
			out[o++] = (char)(0xC0 | (c >> 6)); /* U+0400..U+045F: two bytes */
			out[o++] = (char)(0x80 | (c & 0x3F));
			continue;
		}
		if (c >= 'a' && c <= 'z')
			*lat = 1;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
}

/* The record of the n-byte NFC word at w, folding and stemming it on first
 * sight. */
static int word_id(match_index *m, const char *w, size_t n)
{
	int id = match_cache_get(m->word_ids, w, n); /* a few numbers compared, no strncmp */
	if (id < 0 && m->long_words.count)
		id = strmap_getn(&m->long_words, w, n);
	if (id >= 0)
		return id;
	char *nfc = xstrndup(w, n);
	int cyr, lat, stem;
	char *folded = fold_simple(w, n, &cyr, &lat);
	if (folded) {
		stem = stem_folded(m, nfc, folded, cyr, lat);
	} else {
		folded = umap(nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
		fixups(folded, 1);
		stem = match_stem_word(m, nfc, folded);
	}
	m->words = xgrow(m->words, &m->capwords, m->nwords + 1, sizeof *m->words);
	id = (int)m->nwords;
	m->words[id].folded = folded;
	m->words[id].stem = stem;
	m->words[id].alt = -2;
	m->words[id].nlem = -1;
	m->nwords++;
	if (!match_cache_put(m->word_ids, w, n, id))
		strmap_set(&m->long_words, nfc, id);
	free(nfc);
	return id;
}

static void add_word(match_index *m, parsed *p, const char *w, size_t n)
{
	p->words = xgrow(p->words, &p->cap, p->n + 1, sizeof *p->words);
	p->words[p->n++] = word_id(m, w, n);
}

/* The end of the run of two-byte letters U+0400..U+047F (D0 or D1 and a
 * continuation byte) that starts at u[i]: i when there is none. Eight
 * bytes a step while they are four such letters (little-endian loads). */
static inline size_t cyr_run(const unsigned char *u, size_t i, size_t len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
	while (len - i >= 8) {
		uint64_t w;
		memcpy(&w, u + i, 8);
		uint64_t off = (w & 0xC0FEC0FEC0FEC0FEULL) ^ 0x80D080D080D080D0ULL;
		if (off) {
			i += ((size_t)__builtin_ctzll(off) / 8) & ~(size_t)1;
			break;
		}
		i += 8;
	}
#endif
	while (i + 1 < len && (u[i] & 0xFE) == 0xD0 && (u[i + 1] & 0xC0) == 0x80)
		i += 2;
	return i;
}

/* The bytes of stable text as next_word sorts them (match_int.h). Before
 * a word, B_SEP and B_APOS are skipped (an apostrophe outside a word is
 * no word character). */
const unsigned char match_byte_class[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0,
	0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
	0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
};

/* The end of the word of stable text whose first code point, cp, is k
 * bytes at u[start], code point by code point (any word); (size_t)-1 at a
 * byte that is not stable text. */
static size_t word_end(const unsigned char *u, size_t start, size_t k, utf8proc_int32_t cp, size_t len)
{
	size_t i = start + k, k2;
	utf8proc_int32_t prev = cp, next;
	while (i < len) {
		/* U+0400..U+047F, most of a Russian word: letters, all
		 * NFC-stable (stable_at and is_word_cp agree); passed
		 * over four at a time (cyr_run), prev their last */
		size_t j = cyr_run(u, i, len);
		if (j > i) {
			prev = ((u[j - 2] & 0x1F) << 6) | (u[j - 1] & 0x3F);
			i = j;
			continue;
		}
		if (!(k = stable_at(u, i, len, &cp)))
			return (size_t)-1;
		if (is_word_cp(cp)) {
			/* a word character */
		} else if (is_apostrophe(cp) && is_letter(prev) && i + k < len) {
			if (!(k2 = stable_at(u, i + k, len, &next)))
				return (size_t)-1;
			if (!is_letter(next))
				break; /* "customer's" goes on, "customers'" ends */
		} else {
			break;
		}
		prev = cp;
		i += k;
	}
	return i;
}

/* The next word of the len bytes of stable text at u from *pos on: 1 with
 * the word at u[*start..*pos), 0 when there is none, -1 at a byte that is
 * not stable text (the slow path's). A word of ASCII letters and digits
 * and letters U+0400..U+047F ends at an ASCII byte of B_SEP, or the end,
 * found a byte class at a time and eight bytes a step through Cyrillic; a
 * word with anything else in it, or before its end, is read again from
 * its start code point by code point (word_end). tests/unit/test_match.c
 * compares the words with the loop this replaced over generated texts. */
static inline int next_word(const unsigned char *u, size_t len, size_t *pos, size_t *start)
{
	size_t i = *pos, k, e;
	utf8proc_int32_t cp;
	for (;;) {
		while (i < len && match_byte_class[u[i]] <= B_APOS)
			i++;
		if (i >= len) {
			*pos = i;
			return 0;
		}
		size_t s = i;
		for (;;) {
			i = cyr_run(u, i, len);
			if (i >= len)
				break;
			unsigned c = match_byte_class[u[i]];
			if (c == B_ALNUM) {
				do
					i++;
				while (i < len && match_byte_class[u[i]] == B_ALNUM);
				continue;
			}
			if (c == B_SEP && i > s)
				break;
			i = s; /* anything else: code point by code point */
			break;
		}
		if (i > s) {
			*start = s;
			*pos = i;
			return 1;
		}
		if (!(k = stable_at(u, i, len, &cp)))
			return -1;
		if (!is_word_cp(cp)) {
			i += k;
			continue;
		}
		if ((e = word_end(u, i, k, cp, len)) == (size_t)-1)
			return -1;
		*start = i;
		*pos = e;
		return 1;
	}
}

int match_next_word(const unsigned char *u, size_t len, size_t *pos, size_t *start)
{
	return next_word(u, len, pos, start);
}

int match_word_id(match_index *m, const char *w, size_t n)
{
	return word_id(m, w, n);
}

/* parse for a text that is its own NFC (see match_nfc_stable), read in one
 * pass without decoding it into arrays first. Returns 0, with p emptied,
 * at the first byte that is not such text: then parse takes the slow path. */
static int parse_stable(match_index *m, const char *s, parsed *p)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s), pos = 0, start;
	int r;
	while ((r = next_word(u, len, &pos, &start)) > 0)
		add_word(m, p, s + start, pos - start);
	if (r == 0)
		return 1;
	p->n = 0; /* its room stays for the slow path */
	return 0;
}

size_t match_stable_words(const char *s, size_t len, size_t *spans, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t pos = 0, start, n = 0;
	int r;
	while ((r = next_word(u, len, &pos, &start)) > 0)
		if (n < max) {
			spans[2 * n] = start;
			spans[2 * n++ + 1] = pos;
		}
	return r < 0 ? (size_t)-1 : n;
}

/* Splits name into words (see match.h) and records each one, into p's
 * own room (p->words, p->cap: NULL and 0 for new room), p->n from 0. */
static void parse_into(match_index *m, const char *name, parsed *p)
{
	p->n = 0;
	if (parse_stable(m, name, p))
		return;
	char *clean = sanitize(name);
	char *nfc = umap(clean, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_IGNORE);
	free(clean);
	utf8proc_int32_t *cps;
	size_t *offs;
	size_t n = match_decode(nfc, &cps, &offs), i = 0;
	while (i < n) {
		if (!is_word_cp(cps[i])) {
			i++;
			continue;
		}
		size_t start = i;
		while (i < n && (is_word_cp(cps[i]) ||
		                 (is_apostrophe(cps[i]) && i + 1 < n && is_letter(cps[i - 1]) &&
		                  is_letter(cps[i + 1]))))
			i++;
		add_word(m, p, nfc + offs[start], offs[i] - offs[start]);
	}
	free(cps);
	free(offs);
	free(nfc);
}

void match_parse(match_index *m, const char *name, parsed *p)
{
	p->words = NULL;
	p->cap = 0;
	parse_into(m, name, p);
}

/* Only Cyrillic letters (U+0400..U+04FF, two bytes each in UTF-8). */
static int all_cyrillic(const char *w)
{
	const unsigned char *u = (const unsigned char *)w;
	if (!*u)
		return 0;
	for (; *u; u += 2)
		if ((u[0] & 0xFE) != 0xD0 || (u[1] & 0xC0) != 0x80)
			return 0;
	return 1;
}

/* The word's lemma tokens, asking the dictionary on first need; 0 when it
 * has none (then the word's Snowball stem stands for it). */
int match_lemmas(match_index *m, int word)
{
	word_rec *w = &m->words[word];
	if (w->nlem >= 0)
		return w->nlem;
	int n = 0;
	if (all_cyrillic(w->folded)) {
		const char *out[MAX_LEMMAS];
		size_t k = dict_lemmas(DICT_RU, w->folded, out, MAX_LEMMAS);
		int toks[MAX_LEMMAS];
		for (size_t i = 0; i < k; i++)
			toks[n++] = intern_stem(m, out[i], strlen(out[i]));
		w = &m->words[word];
		memcpy(w->lem, toks, sizeof toks);
	}
	w->nlem = n;
	return n;
}

/* Whether two words known to the dictionary share a lemma. */
int match_same_lemma(match_index *m, int a, int b)
{
	for (int i = 0; i < m->words[a].nlem; i++)
		for (int j = 0; j < m->words[b].nlem; j++)
			if (m->words[a].lem[i] == m->words[b].lem[j])
				return 1;
	return 0;
}

/* A word's part of a key: its lemma tokens joined by '|' (sorted), or its
 * stem. */
static void put_word_key(match_index *m, buf *b, int word)
{
	int n = match_lemmas(m, word);
	if (!n) {
		buf_puts(b, m->stems[m->words[word].stem]);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (i)
			buf_putc(b, '|');
		buf_puts(b, m->stems[m->words[word].lem[i]]);
	}
}

/* The key: the words' stems joined by ' ', allocated once at its length
 * (a buffer grown stem by stem reallocated two or three times a key). */
static char *key_of(const match_index *m, const parsed *p)
{
	size_t len = p->n ? p->n - 1 : 0;
	for (size_t i = 0; i < p->n; i++)
		len += strlen(m->stems[m->words[p->words[i]].stem]);
	char *key = xmalloc(len + 1), *o = key;
	for (size_t i = 0; i < p->n; i++) {
		const char *st = m->stems[m->words[p->words[i]].stem];
		size_t k = strlen(st);
		if (i)
			*o++ = ' ';
		memcpy(o, st, k);
		o += k;
	}
	*o = '\0';
	return key;
}

/* The lemma key: each word's lemma tokens joined by '|' (or its stem, for
 * a word the dictionary lacks); NULL when the dictionary knows no word of
 * it (then it is the stem key). */
char *match_lemma_key_of(match_index *m, const parsed *p)
{
	buf b;
	buf_init(&b);
	int known = 0;
	for (size_t i = 0; i < p->n; i++) {
		if (i)
			buf_putc(&b, ' ');
		put_word_key(m, &b, p->words[i]);
		known |= m->words[p->words[i]].nlem > 0;
	}
	if (!known) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* The folded words joined by ' ' as code points, at most NEAR_MAX_CPS. */
size_t match_text_of(const match_index *m, const parsed *p, utf8proc_int32_t **out)
{
	buf b;
	buf_init(&b);
	for (size_t i = 0; i < p->n; i++) {
		if (i)
			buf_putc(&b, ' ');
		buf_puts(&b, m->words[p->words[i]].folded);
	}
	size_t *offs;
	size_t n = match_decode(b.data, out, &offs);
	free(offs);
	buf_free(&b);
	return n < NEAR_MAX_CPS ? n : NEAR_MAX_CPS;
}

/* A key's text is only for suggestions (match_nearest): made from its
 * words the first time one is looked for, not for each of the book's
 * names while it is read. The words' folded forms do not change, so it
 * is the text add_key would have made. */
void match_key_text(match_index *m, key_rec *k)
{
	if (!k->words)
		return;
	parsed p = {k->words, k->nstems, k->nstems};
	k->ntext = match_text_of(m, &p, &k->text);
	free(k->words);
	k->words = NULL;
}

/* ---- The public API ---- */

match_index *match_new(void)
{
	match_index *m = xcalloc(1, sizeof *m);
	m->ru = sb_stemmer_new("russian", "UTF_8");
	m->en = sb_stemmer_new("english", "UTF_8");
	m->word_ids = match_cache_new();
	strmap_init(&m->long_words);
	strmap_init(&m->stem_ids);
	strmap_init(&m->key_ids);
	return m;
}

void match_free(match_index *m)
{
	if (!m)
		return;
	if (m->ru)
		sb_stemmer_delete(m->ru);
	if (m->en)
		sb_stemmer_delete(m->en);
	for (size_t i = 0; i < m->nwords; i++)
		free(m->words[i].folded);
	free(m->words);
	for (size_t i = 0; i < m->nstems; i++)
		free(m->stems[i]);
	free(m->stems);
	for (size_t i = 0; i < m->nkeys; i++) {
		key_rec *k = &m->keys[i];
		free(k->name);
		free(k->text);
		free(k->words);
		free(k->stems);
		free(k->hits);
	}
	free(m->keys);
	free(m->joined);
	buf_free(&m->scratch);
	free(m->key_words);
	for (size_t i = 0; i < m->nnames; i++)
		free(m->names[i].name);
	free(m->names);
	match_cache_free(m->word_ids);
	strmap_free(&m->long_words);
	strmap_free(&m->stem_ids);
	strmap_free(&m->key_ids);
	free(m);
}

char *match_key(match_index *m, const char *name)
{
	/* the words' room is the index's, kept from key to key: a loading
	 * thread keys every reference's target, a malloc and a free each */
	parsed p = {m->key_words, 0, m->cap_key_words};
	parse_into(m, name, &p);
	m->key_words = p.words;
	m->cap_key_words = p.cap;
	return key_of(m, &p);
}

size_t match_stems(match_index *m, const char *text, int **ids)
{
	parsed p;
	match_parse(m, text, &p);
	for (size_t i = 0; i < p.n; i++)
		p.words[i] = m->words[p.words[i]].stem;
	*ids = p.words;
	return p.n;
}

const char *match_stem(const match_index *m, int id)
{
	return m->stems[id];
}

size_t match_nstems(const match_index *m)
{
	return m->nstems;
}

char *match_fold(const char *s)
{
	/* ASCII and basic Cyrillic, the usual name: no normalisation to do */
	int cyr, lat;
	char *simple = fold_simple(s, strlen(s), &cyr, &lat);
	if (simple)
		return simple;
	char *clean = sanitize(s);
	char *r = umap(clean, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
	free(clean);
	fixups(r, 0);
	return r;
}

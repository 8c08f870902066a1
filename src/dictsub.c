/* dictsub.c - a Hunspell .dic narrowed to the lines that can spell given
 * words (see dictsub.h). */
#define _GNU_SOURCE /* memfd_create */
#include "dictsub.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The hash of the character at u[*i] added to h, *i moved past it: a
 * Cyrillic letter of U+0400-047F (two bytes) or one byte, case folded
 * (Latin A-Z, Cyrillic Ѐ-Я and the paired letters U+0460-047F), since
 * Hunspell tries a capitalised word in lower case too. The words checked
 * are made of these only; any other byte counts as one character here,
 * so a stem's prefix is at most as long as meant, and a collision only
 * keeps a line more. */
#define FOLD(c) ((c) < 0x410 ? (c) + 0x50 : (c) < 0x430 ? (c) + 0x20 : (c) >= 0x460 ? (c) | 1 : (c))
#define FOLD4(c) FOLD(c), FOLD((c) + 1), FOLD((c) + 2), FOLD((c) + 3)
#define FOLD16(c) FOLD4(c), FOLD4((c) + 4), FOLD4((c) + 8), FOLD4((c) + 12)
/* U+0400-047F folded, by the low bit of the lead byte and the low six of
 * the second: a look-up where three tests were (the filter hashes some
 * 550 000 characters of the .dic). */
static const uint16_t cyr_fold[128] = {
	FOLD16(0x400), FOLD16(0x410), FOLD16(0x420), FOLD16(0x430),
	FOLD16(0x440), FOLD16(0x450), FOLD16(0x460), FOLD16(0x470),
};
#undef FOLD16
#undef FOLD4
#undef FOLD

static inline uint64_t add_char(uint64_t h, const unsigned char *u, size_t *i)
{
	uint32_t c = u[*i];
	if ((c & 0xFE) == 0xD0 && (u[*i + 1] & 0xC0) == 0x80) {
		c = cyr_fold[(c & 1) << 6 | (u[*i + 1] & 0x3F)];
		*i += 2;
	} else {
		if (c >= 'A' && c <= 'Z')
			c += 32;
		*i += 1;
	}
	return (h ^ c) * 0x100000001B3ULL;
}

#define HASH0 0xCBF29CE484222325ULL

/* A set of 64-bit hashes (0: an empty slot). */
typedef struct {
	uint64_t *v;
	size_t mask, n;
} hashset;

static void set_add(hashset *s, uint64_t h);

static void set_grow(hashset *s)
{
	hashset t = {xcalloc((s->mask + 1) * 2, sizeof *t.v), s->mask * 2 + 1, 0};
	for (size_t i = 0; i <= s->mask; i++)
		if (s->v[i])
			set_add(&t, s->v[i]);
	free(s->v);
	*s = t;
}

static void set_add(hashset *s, uint64_t h)
{
	h += !h;
	size_t i = (size_t)(h ^ h >> 29) & s->mask;
	for (; s->v[i]; i = (i + 1) & s->mask)
		if (s->v[i] == h)
			return;
	s->v[i] = h;
	if (++s->n * 2 > s->mask)
		set_grow(s);
}

static int set_has(const hashset *s, uint64_t h)
{
	h += !h;
	for (size_t i = (size_t)(h ^ h >> 29) & s->mask; s->v[i]; i = (i + 1) & s->mask)
		if (s->v[i] == h)
			return 1;
	return 0;
}

/* Every prefix of w, and of each part after a '-' or an apostrophe
 * (Hunspell checks the parts of a hyphenated word on their own), folded. */
static void add_prefixes(hashset *s, const char *w)
{
	const unsigned char *u = (const unsigned char *)w;
	for (size_t a = 0; u[a];) {
		uint64_t h = HASH0;
		size_t i = a;
		while (u[i]) {
			h = add_char(h, u, &i);
			set_add(s, h);
		}
		size_t dash = a + strcspn(w + a, "-'");
		if (!u[dash])
			break;
		a = dash + 1;
	}
}

/* Strips kept apart by their last character: a rule applies to a stem
 * that ends in its strip, and a verb's flags hold strips up to
 * "ороться" long, a noun's end in "а" or "ь". */
#define NEND 64

/* What the filter needs of the .aff's suffix rules. */
typedef struct {
	unsigned char maxstrip[256][NEND]; /* the longest strip (characters) by flag and bucket of its end */
	unsigned char longest[256];        /* the longest by flag */
	hashset strips;                    /* strip_hash of each rule's flag and strip */
} affix_rules;

/* The bucket of the character that ends the n bytes at s (n > 0): a
 * Cyrillic letter's code point, else the last byte, modulo NEND. A strip
 * and a stem ending in it have the same. */
static inline unsigned end_bucket(const unsigned char *s, size_t n)
{
	if (n >= 2 && (s[n - 2] == 0xD0 || s[n - 2] == 0xD1) && (s[n - 1] & 0xC0) == 0x80)
		return (((unsigned)(s[n - 2] & 0x1F) << 6) | (s[n - 1] & 0x3F)) % NEND;
	return s[n - 1] % NEND;
}

/* The hash of the n bytes at s read from the end (so that a stem's ends
 * are hashed a character more at a time), then of a flag. */
static uint64_t strip_hash(const char *s, size_t n, uint64_t h)
{
	while (n--)
		h = (h ^ (unsigned char)s[n]) * 0x100000001B3ULL;
	return h;
}

static uint64_t with_flag(uint64_t h, unsigned char flag)
{
	return (h ^ (0x100u | flag)) * 0x100000001B3ULL;
}

/* The suffix rules of the .aff text; 0 when it has more than this file
 * reasons about: only SET UTF-8, TRY, comments and SFX rules of one-byte
 * flags without continuation classes (no PFX, compounding, conversion or
 * other option). */
static int read_aff(char *aff, affix_rules *r)
{
	int seen[256] = {0};
	for (char *save = NULL, *l = strtok_r(aff, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *tok[5] = {0}, *ts = NULL;
		int n = 0;
		for (char *t = strtok_r(l, " \t\r", &ts); t && n < 5; t = strtok_r(NULL, " \t\r", &ts))
			tok[n++] = t;
		if (!n || tok[0][0] == '#' || !strcmp(tok[0], "TRY"))
			continue;
		if (!strcmp(tok[0], "SET")) {
			if (n < 2 || strcmp(tok[1], "UTF-8"))
				return 0;
			continue;
		}
		if (strcmp(tok[0], "SFX") || n < 4 || strlen(tok[1]) != 1)
			return 0;
		unsigned char f = (unsigned char)tok[1][0];
		if (!seen[f]) { /* its header: cross product, count */
			seen[f] = 1;
			continue;
		}
		if (strchr(tok[3], '/'))
			return 0;
		if (!strcmp(tok[2], "0"))
			continue; /* strips nothing */
		size_t len = strlen(tok[2]), k = utf8_chars(tok[2], len);
		unsigned b = end_bucket((const unsigned char *)tok[2], len);
		if (k > 255)
			return 0;
		if (k > r->maxstrip[f][b])
			r->maxstrip[f][b] = (unsigned char)k;
		if (k > r->longest[f])
			r->longest[f] = (unsigned char)k;
		set_add(&r->strips, with_flag(strip_hash(tok[2], len, HASH0), f));
	}
	return 1;
}

/* The start of the strip characters that end the stem d..end. */
static inline const char *back(const char *d, const char *end, unsigned strip)
{
	for (unsigned k = 0; k < strip && end > d; k++)
		do
			end--;
		while (end > d && ((unsigned char)*end & 0xC0) == 0x80);
	return end;
}

/* Whether s holds the bytes d..pe, folded. s holds every prefix of its
 * words, so it holds one only with every shorter one: each prefix from
 * the third character on is asked, so that most lines are dropped after
 * three or four letters, but not the first two, which nearly every line
 * has (a collision of those would only keep a line more). */
static inline int prefix_known(const char *d, const char *pe, const hashset *s)
{
	const unsigned char *u = (const unsigned char *)d;
	size_t n = (size_t)(pe - d);
	uint64_t h = HASH0;
	for (size_t i = 0, k = 1; i < n; k++) {
		h = add_char(h, u, &i);
		if ((k >= 3 || i >= n) && !set_has(s, h))
			return 0;
	}
	return 1;
}

/* The longest strip of the flags f..e that the stem d..slash ends in:
 * the stem's ends, a character longer each step, asked with each flag. */
static unsigned exact_strip(const affix_rules *r, const char *d, const char *slash, const char *e)
{
	unsigned longest = 0, best = 0;
	for (const unsigned char *f = (const unsigned char *)slash + 1; f < (const unsigned char *)e; f++)
		longest = r->longest[*f] > longest ? r->longest[*f] : longest;
	const char *p = slash;
	uint64_t h = HASH0;
	for (unsigned k = 1; k <= longest && p > d; k++) {
		const char *q = back(d, p, 1);
		h = strip_hash(q, (size_t)(p - q), h);
		p = q;
		for (const unsigned char *f = (const unsigned char *)slash + 1; f < (const unsigned char *)e; f++)
			if (k <= r->longest[*f] && set_has(&r->strips, with_flag(h, *f)))
				best = k;
	}
	return best;
}

const char *dictsub_line_end_plain(const char *d, const char *end, const char **slash)
{
	const char *nl = memchr(d, '\n', (size_t)(end - d));
	const char *e = nl ? nl : end;
	*slash = memchr(d, '/', (size_t)(e - d));
	return e;
}

/* The end of the line at d (its '\n', else end) and in *slash its first
 * '/' (NULL: none). Where SSE2 is, sixteen bytes a step while sixteen are
 * left, both bytes in one look: two memchr calls a line were a fifth of
 * the filter (146 000 lines of some 24 bytes); the rest as
 * dictsub_line_end_plain, which tests/unit/test_dictsub compares it with. */
static inline const char *line_end(const char *d, const char *end, const char **slash)
{
	*slash = NULL;
#if defined(__SSE2__)
	for (; end - d >= 16; d += 16) {
		const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)d);
		unsigned nl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
		unsigned sl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('/')));
		if (!*slash && sl && (!nl || __builtin_ctz(sl) < __builtin_ctz(nl)))
			*slash = d + __builtin_ctz(sl);
		if (nl)
			return d + __builtin_ctz(nl);
	}
#endif
	const char *sl, *e = dictsub_line_end_plain(d, end, &sl);
	if (!*slash)
		*slash = sl;
	return e;
}

const char *dictsub_line_end(const char *d, const char *end, const char **slash)
{
	return line_end(d, end, slash);
}

/* Appends to out the lines of the .dic text d (past its count line) that
 * can make a word with a prefix in s: a word made from a stem keeps all
 * of the stem but its stripped end, so the stem's first (characters -
 * longest strip it ends in) characters begin the word. The longest strip
 * of the flags' rules that end in the stem's last letter drops most lines
 * at a few instructions each; the few left are looked at again with the
 * strips the stem does end in (9 000 lines become 1 700 for the bench
 * book's words, each one Hunspell need not load). */
static size_t filter_dic(const char *d, size_t len, const affix_rules *r, const hashset *s, buf *out)
{
	size_t kept = 0;
	const char *end = d + len;
	while (d < end) {
		const char *slash, *e = line_end(d, end, &slash);
		int keep;
		if (!slash) {
			keep = prefix_known(d, e, s);
		} else if (slash == d) {
			keep = 1; /* no stem: its words are its suffixes' */
		} else {
			const unsigned char *ms = r->maxstrip[0] + end_bucket((const unsigned char *)d, (size_t)(slash - d));
			unsigned strip = 0;
			for (const unsigned char *f = (const unsigned char *)slash + 1; f < (const unsigned char *)e; f++)
				strip = ms[*f * NEND] > strip ? ms[*f * NEND] : strip;
			keep = prefix_known(d, back(d, slash, strip), s);
			unsigned exact = keep && strip ? exact_strip(r, d, slash, e) : strip;
			if (exact < strip)
				keep = prefix_known(d, back(d, slash, exact), s);
		}
		if (keep) {
			buf_put(out, d, (size_t)(e - d));
			buf_putc(out, '\n');
			kept++;
		}
		d = e + 1;
	}
	return kept;
}

/* The .dic text after its count line; NULL when a line holds what the
 * filter does not read (a space, a tab, an escape, a CR). */
static const char *dic_body(const char *d, size_t len)
{
	const char *nl = memchr(d, '\n', len);
	if (!nl)
		return NULL;
	size_t rest = len - (size_t)(nl + 1 - d);
	if (memchr(nl + 1, ' ', rest) || memchr(nl + 1, '\t', rest) || memchr(nl + 1, '\\', rest) ||
	    memchr(nl + 1, '\r', rest) || memchr(nl + 1, '\0', rest))
		return NULL;
	return nl + 1;
}

char *dictsub_write(const char *aff_path, const char *dic_path, const char *const *words, size_t n)
{
	size_t alen, dlen;
	char *aff = read_file(aff_path, &alen);
	if (!aff)
		return NULL;
	affix_rules *r = xcalloc(1, sizeof *r); /* 16 KB */
	r->strips = (hashset){xcalloc(1024, sizeof *r->strips.v), 1023, 0};
	int ok = read_aff(aff, r);
	free(aff);
	char *dic = ok ? read_file(dic_path, &dlen) : NULL;
	const char *body = dic ? dic_body(dic, dlen) : NULL;
	if (!body) {
		free(r->strips.v);
		free(r);
		free(dic);
		return NULL;
	}
	hashset s = {xcalloc(1024, sizeof *s.v), 1023, 0};
	for (size_t i = 0; i < n; i++)
		add_prefixes(&s, words[i]);
	buf out;
	buf_init(&out);
	buf_puts(&out, "0000000000\n"); /* the count, written once known */
	size_t kept = filter_dic(body, dlen - (size_t)(body - dic), r, &s, &out);
	free(s.v);
	free(r->strips.v);
	free(r);
	free(dic);
	char count[16];
	snprintf(count, sizeof count, "%010zu", kept + 1); /* Hunspell refuses 0 */
	memcpy(out.data, count, 10);

	/* In memory, not in a file: lint writes nothing anywhere, and a
	 * killed run leaves nothing behind. Hunspell opens it by the path the
	 * kernel gives the descriptor; without /proc, the whole dictionary. */
	int fd = memfd_create("svcbook-dic", MFD_CLOEXEC);
	int good = fd >= 0;
	for (size_t o = 0; good && o < out.len;) {
		ssize_t w = write(fd, out.data + o, out.len - o);
		good = w > 0;
		o += good ? (size_t)w : 0;
	}
	buf_free(&out);
	char *path = good ? xasprintf("/proc/self/fd/%d", fd) : NULL;
	if (path && access(path, R_OK) != 0) {
		free(path);
		path = NULL;
	}
	if (!path && fd >= 0)
		close(fd);
	return path;
}

void dictsub_free(char *path)
{
	if (!path)
		return;
	close(atoi(path + strlen("/proc/self/fd/")));
	free(path);
}

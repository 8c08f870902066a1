/* match.c - finds names in any grammatical form: Unicode folding, word splitting, Snowball stems, a key hash. */
#include "match.h"
#include "strmap.h"
#include "util.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Known limits of the stemmers (matching compares stems, so these forms do
 * not find each other):
 * - Russian fleeting vowels: звонок/звонка, продавец/продавца, день/дня,
 *   ребёнок/ребёнка, конец/конца.
 * - Suppletive and irregular plurals: человек/люди, ребёнок/дети,
 *   person/people, child/children, man/men, analysis/analyses.
 * - Different words that share a stem do find each other: клиентка is not
 *   клиент (different stems), but заказ/заказать, escalate/escalation do.
 * - Function words are stemmed and kept: "the customer" is not "customer".
 * - Different words whose forms stem alike meet: визит and виза (both виз)
 *   make [[визы]] ambiguous, and it is reported as such.
 * Worked around here:
 * - The Russian stemmer takes a final -ав/-яв/-ив/-ыв for a perfective
 *   gerund, so отзыв/отзывы, рукав/рукава, коллектив/коллектива, архив/архива
 *   got different stems; such words are kept whole (real gerunds are rare in
 *   names, and отзыва, отзывы, отзывов all stem to отзыв).
 * - The English stemmer keeps the s of KPIs, SLAs, FAQs ("kpis"), so an
 *   acronym of two or more capitals followed by a small s loses the s.
 * - It also takes the end of other bare nouns for a verb ending: канал ->
 *   кана, визит -> виз, приём -> при, while канала, визиты, приёма keep it.
 *   Names are written in the nominative, so a registered name's Cyrillic
 *   word that ends in a consonant is also registered under the stem of its
 *   instrumental (word + ом, the form the stemmer cuts cleanly): "Канал"
 *   answers to канал, канала (кана) and to каналы, каналу (канал). These
 *   extra keys never appear in suggestions. */

/* Longest folded text, in code points, that suggestions compare; a bound on
 * the quadratic edit distance for hostile input. */
#define NEAR_MAX_CPS 200

/* One distinct word as written (NFC): its folded form and its stem. */
typedef struct {
	char *folded;
	int stem; /* index into match_index.stems */
	int alt;  /* stem of the instrumental for a name word (see the top), -1 none, -2 not yet known */
} word_rec;

/* One distinct key with everything registered under it. */
typedef struct {
	char *name;              /* the first name registered under the key */
	utf8proc_int32_t *text;  /* its folded words joined by ' ', code points */
	size_t ntext;
	int *stems;              /* stem ids of its words */
	size_t nstems;
	match_hit *hits;
	size_t nhits, caphits;
	int hidden;              /* only an alternative key of names: no suggestion */
} key_rec;

struct match_index {
	struct sb_stemmer *ru, *en;
	strmap word_ids;         /* NFC word -> index into words */
	word_rec *words;
	size_t nwords, capwords;
	strmap stem_ids;         /* stem -> index into stems */
	char **stems;
	size_t nstems, capstems;
	strmap key_ids;          /* key -> index into keys */
	key_rec *keys;
	size_t nkeys, capkeys;
};

/* A name taken apart: its words' record indices. */
typedef struct {
	int *words;
	size_t n, cap;
} parsed;

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
static size_t decode(const char *s, utf8proc_int32_t **cps, size_t **offs)
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
	char *s = xstrndup(stem, len);
	int id = strmap_get(&m->stem_ids, s);
	if (id >= 0) {
		free(s);
		return id;
	}
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

/* Ends with а/я/и/ы followed by в (see the note at the top). */
static int is_false_gerund(const char *w)
{
	static const char *const ends[] = {"ав", "яв", "ив", "ыв"};
	for (size_t i = 0; i < sizeof ends / sizeof *ends; i++)
		if (str_ends(w, ends[i]))
			return 1;
	return 0;
}

/* The stem of a folded word whose scripts are known (cyr: it has a
 * Cyrillic letter, lat: a Latin one). */
static int stem_folded(match_index *m, const char *nfc, const char *folded, int cyr, int lat)
{
	struct sb_stemmer *st = cyr ? m->ru : lat ? m->en : NULL;
	size_t len = strlen(folded);
	if (lat && !cyr && is_acronym_plural(nfc))
		len--;
	if (!st || (cyr && is_false_gerund(folded)))
		return intern_stem(m, folded, len);
	const sb_symbol *out = sb_stemmer_stem(st, (const sb_symbol *)folded, (int)len);
	int olen = out ? sb_stemmer_length(st) : 0;
	if (olen <= 0)
		return intern_stem(m, folded, len);
	return intern_stem(m, (const char *)out, (size_t)olen);
}

static int stem_word(match_index *m, const char *nfc, const char *folded)
{
	int cyr = 0, lat = 0;
	utf8proc_int32_t *cps;
	size_t *offs;
	size_t n = decode(folded, &cps, &offs);
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
		c = utf8proc_tolower(c);
		if (c == 0x0451) /* ё -> е, as fixups */
			c = 0x0435;
		if (c >= 0x400)
			*cyr = 1;
		else if (c >= 'a' && c <= 'z')
			*lat = 1;
		o += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)out + o);
	}
	out[o] = '\0';
	return out;
}

/* The record of the n-byte NFC word at w, folding and stemming it on first
 * sight. */
static int word_id(match_index *m, const char *w, size_t n)
{
	int id = strmap_getn(&m->word_ids, w, n);
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
		stem = stem_word(m, nfc, folded);
	}
	m->words = xgrow(m->words, &m->capwords, m->nwords + 1, sizeof *m->words);
	id = (int)m->nwords;
	m->words[id].folded = folded;
	m->words[id].stem = stem;
	m->words[id].alt = -2;
	m->nwords++;
	strmap_set(&m->word_ids, nfc, id);
	free(nfc);
	return id;
}

static void add_word(match_index *m, parsed *p, const char *w, size_t n)
{
	p->words = xgrow(p->words, &p->cap, p->n + 1, sizeof *p->words);
	p->words[p->n++] = word_id(m, w, n);
}

/* parse for a text that is its own NFC (see match_nfc_stable), read in one
 * pass without decoding it into arrays first. Returns 0, with p emptied,
 * at the first byte that is not such text: then parse takes the slow path. */
static int parse_stable(match_index *m, const char *s, parsed *p)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, k, k2;
	utf8proc_int32_t cp, next;
	while (i < len) {
		if (!(k = stable_at(u, i, len, &cp)))
			goto slow;
		if (!is_word_cp(cp)) {
			i += k;
			continue;
		}
		size_t start = i;
		utf8proc_int32_t prev = cp;
		i += k;
		while (i < len) {
			if ((u[i] & 0xFE) == 0xD0 && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
				/* U+0400..U+047F, most of a Russian word: letters, all
				 * NFC-stable (stable_at and is_word_cp agree) */
				prev = ((u[i] & 0x1F) << 6) | (u[i + 1] & 0x3F);
				i += 2;
				continue;
			}
			if (!(k = stable_at(u, i, len, &cp)))
				goto slow;
			if (is_word_cp(cp)) {
				/* a word character */
			} else if (is_apostrophe(cp) && is_letter(prev) && i + k < len) {
				if (!(k2 = stable_at(u, i + k, len, &next)))
					goto slow;
				if (!is_letter(next))
					break; /* "customer's" goes on, "customers'" ends */
			} else {
				break;
			}
			prev = cp;
			i += k;
		}
		add_word(m, p, s + start, i - start);
	}
	return 1;
slow:
	free(p->words);
	p->words = NULL;
	p->n = p->cap = 0;
	return 0;
}

/* Splits name into words (see match.h) and records each one. */
static void parse(match_index *m, const char *name, parsed *p)
{
	p->words = NULL;
	p->n = p->cap = 0;
	if (parse_stable(m, name, p))
		return;
	char *clean = sanitize(name);
	char *nfc = umap(clean, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_IGNORE);
	free(clean);
	utf8proc_int32_t *cps;
	size_t *offs;
	size_t n = decode(nfc, &cps, &offs), i = 0;
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

static char *key_of(const match_index *m, const parsed *p)
{
	buf b;
	buf_init(&b);
	for (size_t i = 0; i < p->n; i++) {
		if (i)
			buf_putc(&b, ' ');
		buf_puts(&b, m->stems[m->words[p->words[i]].stem]);
	}
	return buf_detach(&b);
}

/* The folded words joined by ' ' as code points, at most NEAR_MAX_CPS. */
static size_t text_of(const match_index *m, const parsed *p, utf8proc_int32_t **out)
{
	buf b;
	buf_init(&b);
	for (size_t i = 0; i < p->n; i++) {
		if (i)
			buf_putc(&b, ' ');
		buf_puts(&b, m->words[p->words[i]].folded);
	}
	size_t *offs;
	size_t n = decode(b.data, out, &offs);
	free(offs);
	buf_free(&b);
	return n < NEAR_MAX_CPS ? n : NEAR_MAX_CPS;
}

/* ---- The public API ---- */

match_index *match_new(void)
{
	match_index *m = xcalloc(1, sizeof *m);
	m->ru = sb_stemmer_new("russian", "UTF_8");
	m->en = sb_stemmer_new("english", "UTF_8");
	strmap_init(&m->word_ids);
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
		free(k->stems);
		free(k->hits);
	}
	free(m->keys);
	strmap_free(&m->word_ids);
	strmap_free(&m->stem_ids);
	strmap_free(&m->key_ids);
	free(m);
}

char *match_key(match_index *m, const char *name)
{
	parsed p;
	parse(m, name, &p);
	char *key = key_of(m, &p);
	free(p.words);
	return key;
}

size_t match_stems(match_index *m, const char *text, int **ids)
{
	parsed p;
	parse(m, text, &p);
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

/* The last code point of a folded Cyrillic word is a consonant other than
 * й (so it may be a bare masculine noun). */
static int ends_in_consonant(const char *w)
{
	static const char *const vowels[] = {"а", "е", "и", "о", "у", "ы", "э", "ю", "я", "й", "ь", "ъ"};
	size_t n = strlen(w);
	/* Cyrillic letters are two bytes in UTF-8: U+0400..U+04FF. */
	if (n < 2 || ((unsigned char)w[n - 2] & 0xFE) != 0xD0)
		return 0;
	for (size_t i = 0; i < sizeof vowels / sizeof *vowels; i++)
		if (str_ends(w, vowels[i]))
			return 0;
	return 1;
}

/* The stem a name word also answers to, or -1 (see the note at the top). */
static int alt_stem(match_index *m, int word)
{
	word_rec *w = &m->words[word];
	if (w->alt != -2)
		return w->alt;
	int alt = -1;
	if (ends_in_consonant(w->folded)) {
		char *gen = xasprintf("%sом", w->folded);
		int s = stem_word(m, gen, gen);
		free(gen);
		w = &m->words[word]; /* stem_word does not add words, but stay safe */
		if (s != w->stem)
			alt = s;
	}
	w->alt = alt;
	return alt;
}

/* Registers (kind, index) under the key made of the given stems. */
static void add_key(match_index *m, const char *name, const parsed *p, const int *stems,
                    int hidden, int kind, int index)
{
	buf b;
	buf_init(&b);
	for (size_t i = 0; i < p->n; i++) {
		if (i)
			buf_putc(&b, ' ');
		buf_puts(&b, m->stems[stems[i]]);
	}
	int id = strmap_get(&m->key_ids, b.data);
	if (id < 0) {
		m->keys = xgrow(m->keys, &m->capkeys, m->nkeys + 1, sizeof *m->keys);
		id = (int)m->nkeys++;
		key_rec *k = &m->keys[id];
		memset(k, 0, sizeof *k);
		k->name = xstrdup(name);
		k->ntext = text_of(m, p, &k->text);
		k->stems = xmalloc(p->n * sizeof *k->stems);
		memcpy(k->stems, stems, p->n * sizeof *k->stems);
		k->nstems = p->n;
		k->hidden = hidden;
		strmap_set(&m->key_ids, b.data, id);
	} else if (m->keys[id].hidden && !hidden) {
		/* a name's own key: now offered as a suggestion, under that name */
		key_rec *k = &m->keys[id];
		free(k->name);
		free(k->text);
		k->name = xstrdup(name);
		k->ntext = text_of(m, p, &k->text);
		k->hidden = 0;
	}
	buf_free(&b);
	/* The reader adds all names of one target in a row, so a repeat can
	 * only be the last hit: a scan of all hits was quadratic when
	 * thousands of clauses share a title ("Greeting"). */
	key_rec *k = &m->keys[id];
	if (k->nhits && k->hits[k->nhits - 1].kind == kind && k->hits[k->nhits - 1].index == index)
		return;
	k->hits = xgrow(k->hits, &k->caphits, k->nhits + 1, sizeof *k->hits);
	k->hits[k->nhits].kind = kind;
	k->hits[k->nhits++].index = index;
}

/* At most 2^ALT_WORDS keys per name: the first words with an alternative. */
#define ALT_WORDS 4

void match_add(match_index *m, const char *name, int kind, int index)
{
	parsed p;
	parse(m, name, &p);
	if (!p.n) { /* a name with no word could only match other empty names */
		free(p.words);
		return;
	}
	int *stems = xmalloc(p.n * sizeof *stems);
	size_t alt_at[ALT_WORDS], nalt = 0;
	for (size_t i = 0; i < p.n; i++) {
		stems[i] = m->words[p.words[i]].stem;
		if (nalt < ALT_WORDS && alt_stem(m, p.words[i]) >= 0)
			alt_at[nalt++] = i;
	}
	add_key(m, name, &p, stems, 0, kind, index);
	for (unsigned combo = 1; combo < (1u << nalt); combo++) {
		for (size_t j = 0; j < nalt; j++) {
			const word_rec *w = &m->words[p.words[alt_at[j]]];
			stems[alt_at[j]] = combo & (1u << j) ? w->alt : w->stem;
		}
		add_key(m, name, &p, stems, 1, kind, index);
	}
	free(stems);
	free(p.words);
}

size_t match_lookup_key(const match_index *m, const char *key, const match_hit **hits)
{
	int id = *key ? strmap_get(&m->key_ids, key) : -1;
	if (id < 0) {
		*hits = NULL;
		return 0;
	}
	*hits = m->keys[id].hits;
	return m->keys[id].nhits;
}

size_t match_lookup(match_index *m, const char *name, const match_hit **hits)
{
	char *key = match_key(m, name);
	size_t n = match_lookup_key(m, key, hits);
	free(key);
	return n;
}

/* ---- Suggestions ---- */

/* Code points in valid UTF-8: the bytes that do not continue a sequence. */
static size_t cp_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Stems too common to make two names related. */
static int is_stop_stem(const char *s)
{
	static const char *const stop[] = {
		"the", "and", "for", "with", "from", "into", "that", "this", "not",
		"для", "при", "без", "над", "под", "или", "как", "что", "это", "все", "так",
	};
	for (size_t i = 0; i < sizeof stop / sizeof *stop; i++)
		if (!strcmp(s, stop[i]))
			return 1;
	return 0;
}

/* Levenshtein distance of a and b, or limit + 1 when it is more than limit.
 * Only the band of cells within limit of the diagonal is computed, and the
 * work stops once a whole row exceeds limit. row0/row1 hold nb + 1 entries. */
static size_t edit_distance(const utf8proc_int32_t *a, size_t na, const utf8proc_int32_t *b,
                            size_t nb, size_t limit, size_t *row0, size_t *row1)
{
	size_t inf = limit + 1;
	if ((na > nb ? na - nb : nb - na) > limit)
		return inf;
	for (size_t j = 0; j <= nb; j++)
		row0[j] = j < inf ? j : inf;
	for (size_t i = 1; i <= na; i++) {
		size_t lo = i > limit ? i - limit : 1;
		size_t hi = i + limit < nb ? i + limit : nb;
		row1[lo - 1] = lo == 1 && i < inf ? i : inf;
		size_t best = row1[lo - 1];
		for (size_t j = lo; j <= hi; j++) {
			size_t d = row0[j - 1] + (a[i - 1] != b[j - 1]);
			if (row0[j] + 1 < d)
				d = row0[j] + 1;
			if (row1[j - 1] + 1 < d)
				d = row1[j - 1] + 1;
			row1[j] = d < inf ? d : inf;
			if (row1[j] < best)
				best = row1[j];
		}
		if (hi < nb)
			row1[hi + 1] = inf;
		if (best > limit)
			return inf;
		size_t *t = row0;
		row0 = row1;
		row1 = t;
	}
	return row0[nb];
}

typedef struct {
	const char *name;
	int shared;
	size_t dist;
} candidate;

static int candidate_cmp(const candidate *a, const candidate *b)
{
	if (a->shared != b->shared)
		return b->shared - a->shared;
	if (a->dist != b->dist)
		return a->dist < b->dist ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Puts c into the sorted best list top[0..*n) of at most max entries. */
static void top_insert(candidate *top, size_t *n, size_t max, const candidate *c)
{
	size_t i = *n < max ? (*n)++ : max;
	if (i == max) { /* full: c must beat the last */
		if (candidate_cmp(c, &top[max - 1]) >= 0)
			return;
		i = max - 1;
	}
	while (i > 0 && candidate_cmp(c, &top[i - 1]) < 0) {
		top[i] = top[i - 1];
		i--;
	}
	top[i] = *c;
}

size_t match_nearest(match_index *m, const char *name, const char **out, size_t max)
{
	parsed p;
	parse(m, name, &p);
	if (!p.n || !max || !m->nkeys) {
		free(p.words);
		return 0;
	}
	utf8proc_int32_t *q;
	size_t nq = text_of(m, &p, &q);
	size_t within = nq / 3 > 2 ? nq / 3 : 2;
	/* The query's stems that may relate it to a name. */
	int *qs = xmalloc(p.n * sizeof *qs);
	size_t nqs = 0;
	for (size_t i = 0; i < p.n; i++) {
		int s = m->words[p.words[i]].stem;
		if (cp_count(m->stems[s]) >= 3 && !is_stop_stem(m->stems[s]))
			qs[nqs++] = s;
	}
	free(p.words);
	size_t *row0 = xmalloc((NEAR_MAX_CPS + 1) * sizeof *row0);
	size_t *row1 = xmalloc((NEAR_MAX_CPS + 1) * sizeof *row1);
	candidate *top = xmalloc(max * sizeof *top);
	size_t ntop = 0;
	for (size_t i = 0; i < m->nkeys; i++) {
		const key_rec *k = &m->keys[i];
		if (k->hidden)
			continue;
		candidate c = {k->name, 0, 0};
		for (size_t a = 0; a < nqs && !c.shared; a++)
			for (size_t b = 0; b < k->nstems && !c.shared; b++)
				c.shared = qs[a] == k->stems[b];
		/* Once the list is full, only a distance up to its last one can
		 * still get in: compute no further than that. */
		size_t limit = c.shared ? NEAR_MAX_CPS : within;
		if (ntop == max) {
			const candidate *last = &top[max - 1];
			if (last->shared > c.shared)
				continue;
			if (last->shared == c.shared && last->dist < limit)
				limit = last->dist;
		}
		size_t diff = nq > k->ntext ? nq - k->ntext : k->ntext - nq;
		if (diff > limit)
			continue;
		c.dist = edit_distance(q, nq, k->text, k->ntext, limit, row0, row1);
		if (c.dist > limit)
			continue;
		top_insert(top, &ntop, max, &c);
	}
	for (size_t i = 0; i < ntop; i++)
		out[i] = top[i].name;
	free(top);
	free(row0);
	free(row1);
	free(qs);
	free(q);
	return ntop;
}

/* spell.c - the misspelled words of a book's prose (see spell.h). */
#include "spell.h"
#include "dict.h"
#include "letters.h"
#include "match.h"
#include "strmap.h"
#include "thread.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Lines of code blocks and HTML blocks: not prose. Only blocks hold
 * blocks, and a block's children are all blocks or all inlines: the walk
 * goes down only where the first child is a block, past the inlines that
 * are most of a tree's nodes (an iterator visited all 273 000 of the
 * bench book's, 12 M instructions). */
static void mark_blocks(cmark_node *doc, unsigned char *skip, size_t nlines)
{
	cmark_node *n = cmark_node_first_child(doc);
	while (n) {
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_HTML_BLOCK) {
			int a = cmark_node_get_start_line(n), e = cmark_node_get_end_line(n);
			for (int l = a; l <= e && l >= 1 && (size_t)l <= nlines; l++)
				skip[l - 1] = 1;
		}
		cmark_node *down = cmark_node_first_child(n);
		if (down && (cmark_node_get_type(down) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK) {
			n = down;
			continue;
		}
		while (n != doc && !cmark_node_next(n))
			n = cmark_node_parent(n);
		n = n == doc ? NULL : cmark_node_next(n);
	}
}

/* Where s[i] starts something that is not prose, the offset after it; else i. */
static size_t skip_markup(const char *s, size_t i, size_t len)
{
	const char *end;
	if (s[i] == '`') { /* a code span: up to the same run of backticks */
		size_t run = 0;
		while (i + run < len && s[i + run] == '`')
			run++;
		for (size_t k = i + run; k + run <= len; k++)
			if (!strncmp(s + k, s + i, run) && (k + run == len || s[k + run] != '`'))
				return k + run;
		return len;
	}
	if (s[i] == '[' && i + 1 < len && s[i + 1] == '[') /* [[reference]] */
		return (end = strstr(s + i, "]]")) && (size_t)(end - s) < len ? (size_t)(end - s) + 2 : len;
	if (s[i] == ']' && i + 1 < len && s[i + 1] == '(') /* ](link target) */
		return (end = memchr(s + i, ')', len - i)) ? (size_t)(end - s) + 1 : len;
	if (s[i] == '<' || s[i] == '{') { /* <tag>, <autolink>, <!-- -->, {#attributes} */
		char close = s[i] == '<' ? '>' : '}';
		return (end = memchr(s + i, close, len - i)) ? (size_t)(end - s) + 1 : len;
	}
	if (!strncmp(s + i, "http://", 7) || !strncmp(s + i, "https://", 8) || !strncmp(s + i, "www.", 4)) {
		while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != ')')
			i++;
		return i;
	}
	return i;
}

/* The bytes skip_markup may skip from: the others are not looked at there. */
static const unsigned char markup_start[256] = {
	['`'] = 1, ['['] = 1, [']'] = 1, ['<'] = 1, ['{'] = 1, ['h'] = 1, ['w'] = 1,
};

static int is_cyr(const unsigned char *u)
{
	return (u[0] == 0xD0 || u[0] == 0xD1) && (u[1] & 0xC0) == 0x80;
}

size_t spell_cyr_run_plain(const char *s, size_t i, size_t len, unsigned *caps, size_t first)
{
	const unsigned char *u = (const unsigned char *)s;
	for (; i < len && is_cyr(u + i); i += 2)
		if (u[i] == 0xD0 && u[i + 1] < 0xB0)
			*caps |= i == first ? 1 : 2;
	return i;
}

/* The end of the run of Cyrillic letters (D0 or D1 and a continuation
 * byte) at s[i], a line of len bytes; *caps gets bit 0 when the run's
 * first letter is a capital (D0 80..AF: Ѐ..Я), bit 1 when a later one is.
 * Where SSE2 is, sixteen bytes a step while sixteen are left: most of a
 * Russian book's bytes are these runs (the scan's letter-by-letter loop
 * was 60 of its 240 M instructions on the bench book); the rest as
 * spell_cyr_run_plain, which tests/unit/test_spell compares it with. */
static inline size_t cyr_run(const char *s, size_t i, size_t len, unsigned *caps)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t a = i;
#if defined(__SSE2__)
	while (len - i >= 16) {
		const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
		unsigned lead = (unsigned)_mm_movemask_epi8(
			_mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xFE)), _mm_set1_epi8((char)0xD0)));
		/* 0x80..0xBF: below 0xC0 as signed bytes; 0x80..0xAF below 0xB0 */
		unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0)));
		unsigned low = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8((char)0xB0)));
		unsigned d0 = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xD0)));
		/* a bit at each even offset where a letter starts */
		unsigned pairs = lead & (cont >> 1) & 0x5555u;
		unsigned stop = ~pairs & 0x5555u;
		unsigned n = stop ? (unsigned)__builtin_ctz(stop) : 16;
		unsigned cap = d0 & (low >> 1) & pairs & ((1u << n) - 1);
		if (cap & 1u && i == a)
			*caps |= 1, cap &= ~1u;
		if (cap)
			*caps |= 2;
		i += n;
		if (n < 16)
			return i;
	}
#endif
	for (; i < len && is_cyr(u + i); i += 2)
		if (u[i] == 0xD0 && u[i + 1] < 0xB0)
			*caps |= i == a ? 1 : 2;
	return i;
}

size_t spell_cyr_run(const char *s, size_t i, size_t len, unsigned *caps)
{
	return cyr_run(s, i, len, caps);
}

static int is_lat(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* 1 when u starts a letter beyond ASCII and the basic Russian alphabet
 * (letters.h), not a mark: a word may start there. */
static int other_letter(const unsigned char *u, size_t left)
{
	size_t n;
	int upper;
	letters_script s = u[0] >= 0xC3 ? letters_other(u, left, &n, &upper) : LETTERS_NONE;
	return s != LETTERS_NONE && s != LETTERS_MARK;
}

/* The stem keys of the words of the book's names: accepted in any form.
 * Names share their words (the bench book's 2 449 terms have ~9 600 words,
 * a few hundred distinct): a word in tried has its key in ok already. */
static void add_names(match_index *m, strmap *ok, strmap *tried, const char *name)
{
	char *copy = xstrdup(name);
	for (char *w = strtok(copy, " \t,;:.()«»\"/"); w; w = strtok(NULL, " \t,;:.()«»\"/")) {
		if (strmap_get(tried, w) >= 0)
			continue;
		strmap_set(tried, w, 1);
		char *k = match_key(m, w);
		if (*k)
			strmap_set(ok, k, 1);
		free(k);
	}
	free(copy);
}

/* 1 when the dictionary or the book's names know the word. */
static int known(dict_lang lang, match_index *m, const strmap *ok, strmap *seen, const char *w)
{
	int v = strmap_get(seen, w);
	if (v >= 0)
		return v;
	int r = dict_spell(lang, w) != 0; /* no dictionary (-1): nothing is misspelled */
	if (!r && strchr(w, '-')) { /* кто-то, мистери-шопинг: each part */
		char *copy = xstrdup(w);
		r = 1;
		for (char *p = strtok(copy, "-"); p && r; p = strtok(NULL, "-"))
			r = strlen(p) < 2 || dict_spell(lang, p) != 0 || known(lang, m, ok, seen, p);
		free(copy);
	}
	char *plain = r ? NULL : letters_strip(w, lang != DICT_RU);
	if (plain) { /* café, naïve: en_US has only cafe, naive; за́мок */
		r = known(lang, m, ok, seen, plain);
		free(plain);
	}
	if (!r) {
		char *k = match_key(m, w);
		r = strmap_get(ok, k) >= 0;
		free(k);
	}
	strmap_set(seen, w, r);
	return r;
}

/* A word's look-up key: its first sixteen bytes as two numbers (zero past
 * its end) and its length, so that a probe compares two numbers rather
 * than bytes behind a pointer, and a hash of those and of any bytes past
 * the sixteenth. Most words of a Russian book are at most eight letters;
 * the bench book looks up 570 000 words, of 774 distinct. */
typedef struct {
	uint64_t lo, hi, h;
} word_key;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LITTLE_ENDIAN_BYTES 1
#else
#define LITTLE_ENDIAN_BYTES 0
#endif

/* The key of the n bytes at w, of which room (>= n) may be read: sixteen
 * at once when there are, else copied. */
static inline __attribute__((always_inline)) word_key key_of(const char *w, size_t n, size_t room)
{
	word_key k;
	size_t head = n < 16 ? n : 16;
	if (LITTLE_ENDIAN_BYTES && room >= 16) {
		memcpy(&k.lo, w, 8);
		memcpy(&k.hi, w + 8, 8);
		/* the bytes past the word are the numbers' high bytes: masked off */
		if (head < 8)
			k.lo &= (1ULL << (8 * head)) - 1, k.hi = 0;
		else if (head < 16)
			k.hi &= head == 8 ? 0 : ~0ULL >> (8 * (16 - head));
	} else {
		unsigned char b[16] = {0};
		memcpy(b, w, head);
		memcpy(&k.lo, b, 8);
		memcpy(&k.hi, b + 8, 8);
	}
	/* a product's top bits depend on all of its factor's: the table is
	 * indexed by them (slot_of), without a finaliser */
	k.h = (k.lo ^ (uint64_t)n) * 0xBF58476D1CE4E5B9ULL ^ k.hi * 0x94D049BB133111EBULL;
	if (n > 16)
		k.h ^= strmap_hash(w + 16, n - 16);
	return k;
}

void spell_word_key(const char *w, size_t n, size_t room, uint64_t out[3])
{
	word_key k = key_of(w, n, room);
	out[0] = k.lo, out[1] = k.hi, out[2] = k.h;
}

/* The distinct words met so far, by key: a slot holds the word's id + 1
 * (0: empty), its length and its key's first sixteen bytes. */
typedef struct {
	uint64_t lo, hi;
	uint32_t id1, len;
} word_slot;

/* The words to check, found without the dictionary (so that this runs
 * while the dictionary loads): each distinct word once, in the order first
 * met, and the files each is in. Their places are not kept: the files
 * that hold a word the dictionary lacks are read again for them (the
 * bench book's 570 000 places, 4.5 MB, were kept for none). */
typedef struct {
	char **words;
	size_t nwords, wcap;
	word_slot *slots;
	size_t mask;          /* slots - 1, a power of two minus one */
	unsigned shift;       /* 64 - log2(slots) */
	uint32_t *last_file;  /* per word: 1 + the last file it was met in */
	size_t lcap;
	uint32_t *in_file;    /* (word, file) pairs, a word's first in each file */
	size_t npairs, pcap;  /* pairs, two numbers each */
	size_t file;          /* the file being read */
	uint32_t file1;       /* file + 1 */
	/* the second reading: the words to report, and where */
	const unsigned char *bad;
	size_t nbad;
	spell_miss *miss;
	size_t nmiss, mcap;
} candidates;

/* The slot where a key's probe starts: its hash's top bits. */
static inline size_t slot_of(const candidates *c, uint64_t h)
{
	return (size_t)(h >> c->shift);
}

static void grow_slots(candidates *c)
{
	size_t cap = c->mask ? (c->mask + 1) * 2 : 1024;
	word_slot *v = xcalloc(cap, sizeof *v);
	unsigned shift = c->mask ? c->shift - 1 : 64 - 10;
	for (size_t i = 0; c->slots && i <= c->mask; i++) {
		if (!c->slots[i].id1)
			continue;
		const char *w = c->words[c->slots[i].id1 - 1];
		size_t j = (size_t)(key_of(w, c->slots[i].len, c->slots[i].len).h >> shift);
		while (v[j].id1)
			j = (j + 1) & (cap - 1);
		v[j] = c->slots[i];
	}
	free(c->slots);
	c->slots = v;
	c->mask = cap - 1;
	c->shift = shift;
}

/* The id of the n bytes at w (room readable): most words were met before,
 * found without a copy; a new one is copied and given the next id. */
static int word_id(candidates *c, const char *w, size_t n, size_t room)
{
	word_key k = key_of(w, n, room);
	size_t i = slot_of(c, k.h);
	for (; c->slots[i].id1; i = (i + 1) & c->mask) {
		const word_slot *sl = &c->slots[i];
		if (sl->lo == k.lo && sl->hi == k.hi && sl->len == n &&
		    (n <= 16 || bytes_equal(c->words[sl->id1 - 1] + 16, w + 16, n - 16)))
			return (int)sl->id1 - 1;
	}
	int id = (int)c->nwords;
	c->words = xgrow(c->words, &c->wcap, c->nwords + 1, sizeof *c->words);
	c->words[c->nwords++] = xstrndup(w, n);
	c->last_file = xgrow(c->last_file, &c->lcap, c->nwords, sizeof *c->last_file);
	c->last_file[id] = 0;
	c->slots[i] = (word_slot){k.lo, k.hi, (uint32_t)id + 1, (uint32_t)n};
	if (c->nwords * 2 > c->mask) /* at most half full */
		grow_slots(c);
	return id;
}

/* What an ASCII byte is to a word: 1 a letter or digit (a word may start
 * there), 2 a hyphen or an apostrophe (it may join two parts), 0 neither:
 * a word ends there, so that most words end on one look-up. */
static const unsigned char ascii_word[128] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x10 */
	0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 2, 0, 0, /* ' ' ! " # $ % & ' ( ) * + , - . / */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, /* 0-9 : ; < = > ? */
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* @ A-O */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, /* P-Z [ \ ] ^ _ */
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* ` a-o */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, /* p-z { | } ~ DEL */
};

/* A word found by word_end: whether it is checked at all (see spell.h):
 * not with a digit, a letter of the other script (or an apostrophe: no
 * Russian word has one) or a capital after the first letter (CRM, СМИ,
 * WhatsApp); two letters at least. */
typedef struct {
	size_t letters;
	int unchecked;
} word_info;

/* The end of the word that starts at s[i] (a letter or digit), a line of
 * len bytes. */
static inline size_t word_end(const char *s, size_t i, size_t len, dict_lang lang, word_info *w)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n;
	int upper;
	letters_script script;
	while (i < len) {
		unsigned char ch = u[i];
		if (ch < 0x80 && !ascii_word[ch])
			break; /* a space, a stop, a comma: the common end */
		if (is_cyr(u + i)) {
			/* a capital after the first letter of the word */
			unsigned caps = 0;
			size_t from = i;
			i = cyr_run(s, i, len, &caps);
			if (lang != DICT_RU || caps & 2 || (caps & 1 && w->letters))
				w->unchecked = 1;
			w->letters += (i - from) / 2;
		} else if (is_lat(ch)) {
			if (lang == DICT_RU || (ch <= 'Z' && w->letters))
				w->unchecked = 1;
			w->letters++;
			i++;
		} else if (ch >= '0' && ch <= '9') {
			w->unchecked = 1;
			w->letters++;
			i++;
		} else if (ch >= 0xC3 && (script = letters_other(u + i, len - i, &n, &upper))) {
			/* café, naïve, Zoë: one word, checked in its own script */
			if (upper && w->letters)
				w->unchecked = 1;
			if (script == LETTERS_LATIN ? lang == DICT_RU : script == LETTERS_CYRILLIC && lang != DICT_RU)
				w->unchecked = 1;
			w->letters += script != LETTERS_MARK;
			i += n;
		} else if ((n = ch == '-' ? 1 : letters_apostrophe(u + i, len - i)) && i + n < len &&
		           (is_cyr(u + i + n) || is_lat(u[i + n]) || other_letter(u + i + n, len - i - n))) {
			/* кто-то, isn't, isn’t */
			if (ch != '-' && lang == DICT_RU)
				w->unchecked = 1;
			i += n;
		} else {
			break;
		}
	}
	return i;
}

/* Word id met on the second reading, at column a + 1 of line l. */
static void report(candidates *c, int id, size_t l, size_t a)
{
	if ((size_t)id >= c->nbad || !c->bad[id]) /* met before: id < nbad */
		return;
	c->miss = xgrow(c->miss, &c->mcap, c->nmiss + 1, sizeof *c->miss);
	c->miss[c->nmiss++] = (spell_miss){(int)c->file, (int)l + 1, (int)a + 1, xstrdup(c->words[id])};
}

/* The n bytes at w (room readable), a word met at column a + 1 of line l:
 * noted on the first reading, reported on the second when the dictionary
 * lacks it. */
static inline void met(candidates *c, const char *w, size_t n, size_t room, size_t l, size_t a)
{
	int id = word_id(c, w, n, room);
	if (c->bad) {
		report(c, id, l, a);
	} else if (c->last_file[id] != c->file1) {
		c->last_file[id] = c->file1;
		c->in_file = xgrow(c->in_file, &c->pcap, c->npairs + 2, sizeof *c->in_file);
		c->in_file[c->npairs++] = (uint32_t)id;
		c->in_file[c->npairs++] = c->file1 - 1;
	}
}

/* The words of line l of f into c. */
static void scan_line(const book_file *f, size_t l, dict_lang lang, candidates *c)
{
	size_t off = f->lines[l], len = (l + 1 < f->nlines ? f->lines[l + 1] : f->len) - off, rest = f->len - off;
	const char *s = f->text + off;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		unsigned char ch = u[i];
		/* only these bytes start markup (skip_markup): the rest of the
		 * line's bytes skip the call */
		if (markup_start[ch]) {
			size_t j = skip_markup(s, i, len);
			if (j != i) {
				i = j;
				continue;
			}
		}
		int cyr = ch >= 0x80 && is_cyr(u + i);
		if (ch < 0x80 ? ascii_word[ch] != 1 : !cyr && !other_letter(u + i, len - i)) {
			i++;
			continue;
		}
		word_info w = {0, 0};
		size_t a = i;
		if (cyr) {
			/* most words: Cyrillic letters up to a space or a stop, as
			 * word_end's first step; it takes the rest of any other */
			unsigned caps = 0;
			i = cyr_run(s, i, len, &caps);
			w.letters = (i - a) / 2;
			w.unchecked = lang != DICT_RU || caps & 2;
			if (i < len && (u[i] >= 0x80 || ascii_word[u[i]]))
				i = word_end(s, i, len, lang, &w);
		} else {
			i = word_end(s, i, len, lang, &w);
		}
		if (i < len && (u[i] == '@' || u[i] == '.') && i + 1 < len && is_lat(u[i + 1]))
			continue; /* an e-mail address or a file name goes on: not a word */
		if (w.unchecked || w.letters < 2)
			continue;
		met(c, s + a, i - a, rest - a, l, a);
	}
}

/* The words of file fi of b into c, but for its code and HTML blocks. */
static void scan_file(const book *b, size_t fi, dict_lang lang, candidates *c)
{
	const book_file *f = &b->files[fi];
	if (!f->text || f->len > UINT32_MAX) /* past any max_input_mb */
		return;
	c->file = fi;
	c->file1 = (uint32_t)fi + 1;
	unsigned char *skip = xcalloc(f->nlines + 1, 1);
	if (f->doc)
		mark_blocks(f->doc, skip, f->nlines);
	for (size_t l = 0; l < f->nlines; l++)
		if (!skip[l])
			scan_line(f, l, lang, c);
	free(skip);
}

static void find_words(const book *b, dict_lang lang, candidates *c)
{
	memset(c, 0, sizeof *c);
	grow_slots(c);
	for (size_t fi = 0; fi < b->nfiles; fi++)
		scan_file(b, fi, lang, c);
}

/* The places of c's words that neither the dictionary nor the book's names
 * know; frees c. */
static spell_miss *check_words(const book *b, dict_lang lang, candidates *c, size_t *n)
{
	match_index *m = match_new();
	strmap ok, seen, tried;
	strmap_init(&ok);
	strmap_init(&seen);
	strmap_init(&tried);
	for (size_t i = 0; i < b->nterms; i++) {
		add_names(m, &ok, &tried, b->terms[i].name);
		for (size_t j = 0; j < b->terms[i].naka; j++)
			add_names(m, &ok, &tried, b->terms[i].aka[j]);
	}
	for (size_t i = 0; i < b->nroles; i++)
		add_names(m, &ok, &tried, b->roles[i].name);
	for (size_t i = 0; i < b->nstages; i++)
		add_names(m, &ok, &tried, b->stages[i].name);
	strmap_free(&tried);
	/* the whole dictionary's load is most of a scan's cost: these words
	 * are asked of one narrowed to them, and the whole one is loaded
	 * beside only when a word is missing (the rule asks for suggestions) */
	dict_narrow(lang, (const char *const *)c->words, c->nwords);
	unsigned char *bad = xcalloc(c->nwords + 1, 1);
	int missing = 0;
	for (size_t i = 0; i < c->nwords; i++)
		missing |= bad[i] = !known(lang, m, &ok, &seen, c->words[i]);
	if (missing)
		dict_load_beside(lang);
	/* the files that hold such a word, read again in order */
	unsigned char *again = xcalloc(b->nfiles + 1, 1);
	for (size_t i = 0; missing && i < c->npairs; i += 2)
		again[c->in_file[i + 1]] |= bad[c->in_file[i]];
	c->bad = bad;
	c->nbad = c->nwords;
	for (size_t fi = 0; fi < b->nfiles; fi++)
		if (again[fi])
			scan_file(b, fi, lang, c);
	spell_miss *v = c->miss;
	*n = c->nmiss;
	free(again);
	free(bad);
	for (size_t i = 0; i < c->nwords; i++)
		free(c->words[i]);
	free(c->words);
	free(c->slots);
	free(c->last_file);
	free(c->in_file);
	strmap_free(&ok);
	strmap_free(&seen);
	match_free(m);
	return v;
}

static spell_miss *scan(const book *b, size_t *n)
{
	candidates c;
	find_words(b, dict_of_book(b), &c);
	return check_words(b, dict_of_book(b), &c, n);
}

struct spell_job {
	const book *b;
	pthread_t thread;
	spell_miss *v; /* the result, the thread's until joined */
	size_t n;
	int joined, taken;
};

/* The job spell_begin started, until spell_end: only the thread that
 * begins it, calls spell_check and ends it touches this. */
static spell_job *current;

static void *scan_beside(void *arg)
{
	spell_job *j = arg;
	j->v = scan(j->b, &j->n);
	return NULL;
}

spell_job *spell_begin(const book *b)
{
	if (current)
		return NULL;
	spell_job *j = xcalloc(1, sizeof *j);
	j->b = b;
	if (!thread_try(&j->thread, scan_beside, j)) {
		free(j);
		return NULL;
	}
	return current = j;
}

static void join(spell_job *j)
{
	if (!j->joined) {
		pthread_join(j->thread, NULL);
		j->joined = 1;
	}
}

spell_miss *spell_check(const book *b, size_t *n)
{
	spell_job *j = current;
	if (j && j->b == b && !j->taken) {
		join(j);
		j->taken = 1;
		*n = j->n;
		return j->v;
	}
	return scan(b, n);
}

void spell_end(spell_job *j)
{
	if (!j)
		return;
	join(j);
	if (!j->taken)
		spell_free(j->v, j->n);
	if (current == j)
		current = NULL;
	free(j);
}

void spell_free(spell_miss *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].word);
	free(v);
}

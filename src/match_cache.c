/* match_cache.c - a caller's cache from a word's bytes to its stem
 * (match_stems_cached: the search index reads every word of the book
 * through it, three quarters of a million on the bench book), so that a
 * word seen before is one hash and one slot's comparison, and only a new
 * word goes to the index (match.c). */
#include "match_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A word as written -> its stem: open addressing over slots that hold
 * the word itself as numbers, so that a look-up compares a few numbers
 * and allocates nothing. A word's n bytes are its whole eight-byte pieces
 * and then the rest, 0 to 7 bytes, zero-padded to eight: its tail, as one
 * little-endian number. A slot keeps n, the first two pieces (0 for those
 * the word has not) and the tail, which are the whole word up to 23 bytes
 * (eleven Cyrillic letters: most words); bytes keeps every word whole,
 * for a longer word's other pieces and for cache_grow. */
struct match_cache {
	struct cache_slot {
		uint64_t p0, p1, tail;
		uint32_t n;   /* 0: empty (no word is empty) */
		uint32_t off; /* the word in bytes */
		int stem; /* or what match_cache_put kept */
	} *slots;
	size_t cap, count;
	unsigned shift; /* 64 - log2(cap): a hash's top bits pick the slot */
	char *bytes;
	size_t nbytes, capbytes;
};

match_cache *match_cache_new(void)
{
	return xcalloc(1, sizeof(match_cache));
}

void match_cache_free(match_cache *c)
{
	if (!c)
		return;
	free(c->slots);
	free(c->bytes);
	free(c);
}

/* The last n % 8 bytes of the n at s as one little-endian number. */
static inline uint64_t word_tail(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s + (n & ~(size_t)7);
	uint64_t w = 0;
	for (size_t i = 0; i < n % 8; i++)
		w |= (uint64_t)u[i] << (8 * i);
	return w;
}

/* The eight-byte piece k of the n-byte word at s, 0 past its whole ones. */
static inline uint64_t word_piece(const char *s, size_t n, size_t k)
{
	uint64_t w = 0;
	if (n >= 8 * (k + 1))
		memcpy(&w, s + 8 * k, 8);
	return w;
}

/* The cache's hash of the n-byte word at s with pieces p0, p1 and tail:
 * a product each, independent of one another, so that a short word costs
 * three multiplications side by side; the pieces past the second, which
 * few words have, one after another. Its top bits pick the slot (a
 * product's top bits depend on all of its factor's). */
static inline uint64_t word_hash(const char *s, size_t n, uint64_t p0, uint64_t p1, uint64_t tail)
{
	uint64_t h = p0 * 0x9E3779B97F4A7C15ULL ^ p1 * 0xBF58476D1CE4E5B9ULL ^
	             (tail ^ (uint64_t)n << 56) * 0x94D049BB133111EBULL;
	for (size_t k = 16; k + 8 <= n; k += 8) {
		uint64_t w;
		memcpy(&w, s + k, 8);
		h = (h ^ (h >> 29) ^ w) * 0xBF58476D1CE4E5B9ULL;
	}
	return h;
}

/* Whether the n-byte word at w is the one kept at k, past their first
 * two pieces (their tails compared already). */
static inline int same_rest(const char *k, const char *w, size_t n)
{
	uint64_t x, y;
	for (size_t i = 16; i + 8 <= n; i += 8) {
		memcpy(&x, k + i, 8);
		memcpy(&y, w + i, 8);
		if (x != y)
			return 0;
	}
	return 1;
}

/* What a look-up reads of a cache, copied where the compiler keeps it in
 * registers from word to word (a store through c could change c). */
struct cache_view {
	struct cache_slot *slots;
	size_t mask;
	unsigned shift;
	const char *bytes;
};

static inline struct cache_view cache_view(const match_cache *c)
{
	return (struct cache_view){c->slots, c->cap - 1, c->shift, c->bytes};
}

/* The slot of the n-byte word at w (pieces p0 and p1, tail tail, hash h)
 * in v: its own, or the empty one where it goes. */
static inline struct cache_slot *view_slot(struct cache_view v, const char *w, size_t n, uint64_t p0,
                                           uint64_t p1, uint64_t tail, uint64_t h)
{
	for (size_t i = (size_t)(h >> v.shift);; i = (i + 1) & v.mask) {
		struct cache_slot *s = &v.slots[i];
		if (!s->n)
			return s;
		if (!((s->p0 ^ p0) | (s->p1 ^ p1) | (s->tail ^ tail) | (s->n ^ n)) &&
		    (n < 24 || same_rest(v.bytes + s->off, w, n)))
			return s;
	}
}

static inline struct cache_slot *cache_slot(const match_cache *c, const char *w, size_t n, uint64_t p0,
                                            uint64_t p1, uint64_t tail, uint64_t h)
{
	return view_slot(cache_view(c), w, n, p0, p1, tail, h);
}

static void cache_grow(match_cache *c)
{
	struct cache_slot *old = c->slots;
	size_t oldcap = c->cap;
	c->cap = oldcap ? oldcap * 2 : 1024;
	c->shift = 64 - (unsigned)__builtin_ctzll(c->cap);
	c->slots = xcalloc(c->cap, sizeof *c->slots);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].n) {
			const struct cache_slot *o = &old[i];
			const char *w = c->bytes + o->off;
			uint64_t h = word_hash(w, o->n, o->p0, o->p1, o->tail);
			*cache_slot(c, w, o->n, o->p0, o->p1, o->tail, h) = *o;
		}
	free(old);
}

/* Keeps val for the n-byte word at w (pieces, tail, hash h), which c
 * lacks; 0 when it is too much to keep (a word or all of them past 2 GB):
 * then the caller keeps it some other way. */
static int cache_put(match_cache *c, const char *w, size_t n, uint64_t p0, uint64_t p1, uint64_t tail,
                     uint64_t h, int val)
{
	size_t room = (n & ~(size_t)7) + 8; /* the whole pieces and the tail */
	if (!n || n > UINT32_MAX / 2 || c->nbytes + room > UINT32_MAX / 2)
		return 0; /* n 0 marks an empty slot */
	if ((c->count + 1) * 2 > c->cap)
		cache_grow(c);
	struct cache_slot *s = cache_slot(c, w, n, p0, p1, tail, h);
	c->bytes = xgrow(c->bytes, &c->capbytes, c->nbytes + room, 1);
	memcpy(c->bytes + c->nbytes, w, n & ~(size_t)7);
	memcpy(c->bytes + c->nbytes + (n & ~(size_t)7), &tail, 8);
	*s = (struct cache_slot){p0, p1, tail, (uint32_t)n, (uint32_t)c->nbytes, val};
	c->nbytes += room;
	c->count++;
	return 1;
}

/* The stem of the n-byte word at w (pieces, tail, hash h) that c lacks,
 * from the index (word_id, as match_stems), kept in c (or, when it is too
 * much to keep, asked of the index each time). */
#if defined(__GNUC__)
__attribute__((noinline)) /* out of the loop of match_stems_cached */
#endif
static int cache_miss(match_index *m, match_cache *c, const char *w, size_t n, uint64_t p0, uint64_t p1,
                      uint64_t tail, uint64_t h)
{
	int id = match_word_id(m, w, n); /* before m->words is read: it may move */
	int stem = m->words[id].stem;
	cache_put(c, w, n, p0, p1, tail, h, stem);
	return stem;
}

int match_cache_get(match_cache *c, const char *w, size_t n)
{
	if (!c->cap)
		cache_grow(c);
	uint64_t p0 = word_piece(w, n, 0), p1 = word_piece(w, n, 1), tail = word_tail(w, n);
	struct cache_slot *s = cache_slot(c, w, n, p0, p1, tail, word_hash(w, n, p0, p1, tail));
	return s->n ? s->stem : -1;
}

int match_cache_put(match_cache *c, const char *w, size_t n, int val)
{
	if (!c->cap)
		cache_grow(c);
	uint64_t p0 = word_piece(w, n, 0), p1 = word_piece(w, n, 1), tail = word_tail(w, n);
	return cache_put(c, w, n, p0, p1, tail, word_hash(w, n, p0, p1, tail), val);
}

/* The stem of the n-byte word at w of stable text (as parse_stable finds
 * it), its pieces and tail given: from c (seen through *v), or else from
 * the index, which may grow c (then *v is seen anew). */
static inline int cache_stem(match_index *m, match_cache *c, struct cache_view *v, const char *w, size_t n,
                             uint64_t p0, uint64_t p1, uint64_t tail)
{
	uint64_t h = word_hash(w, n, p0, p1, tail);
	struct cache_slot *s = view_slot(*v, w, n, p0, p1, tail, h); /* c has slots: see below */
	if (s->n)
		return s->stem;
	int stem = cache_miss(m, c, w, n, p0, p1, tail, h);
	*v = cache_view(c);
	return stem;
}

/* Where the word of letters U+0400..U+047F at u[start] ends, eight bytes
 * (four letters) a step as cyr_run reads them, when it ends at an ASCII
 * byte of B_SEP at least eight bytes before the end of the len bytes
 * (most words of a Russian text); 0 for any other word, or none. *tail
 * gets its last n % 8 bytes as a number (word_tail's). */
static inline size_t cyr_word_end(const unsigned char *u, size_t start, size_t len, uint64_t *tail)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
	for (size_t i = start; len - i >= 8; i += 8) {
		uint64_t w, off;
		memcpy(&w, u + i, 8);
		off = (w & 0xC0FEC0FEC0FEC0FEULL) ^ 0x80D080D080D080D0ULL;
		if (!off)
			continue;
		unsigned j = ((unsigned)__builtin_ctzll(off) / 8) & ~1u; /* 0 to 6 */
		if (i + j == start || match_byte_class[u[i + j]] != B_SEP)
			return 0;
		*tail = w & ~(~0ULL << (8 * j));
		return i + j;
	}
#else
	(void)u, (void)start, (void)len, (void)tail;
#endif
	return 0;
}

size_t match_stems_cached(match_index *m, match_cache *c, const char *text, size_t len, int **ids, size_t *cap)
{
	const unsigned char *u = (const unsigned char *)text;
	size_t pos = 0, n = 0;
	/* room for every word at once: a word and what ends it are two bytes */
	*ids = xgrow(*ids, cap, len / 2 + 1, sizeof **ids);
	/* The loop keeps what it can in registers: out, not *ids (nothing
	 * below moves it); pos is not handed to match_next_word (its own
	 * copy is); c has slots before the first look (cache_stem). */
	int *out = *ids;
	if (!c->cap)
		cache_grow(c);
	struct cache_view v = cache_view(c);
	for (;;) {
		while (pos < len && match_byte_class[u[pos]] <= B_APOS)
			pos++;
		if (pos >= len)
			break;
		const char *w = text + pos;
		uint64_t tail;
		size_t e = cyr_word_end(u, pos, len, &tail), k;
		if (e) {
			/* its pieces from the bytes read already, or from
			 * memory that is there: the word's own */
			k = e - pos;
			out[n++] = cache_stem(m, c, &v, w, k, word_piece(w, k, 0), word_piece(w, k, 1), tail);
			pos = e + 1; /* past the B_SEP byte after it */
			continue;
		}
		/* any other word, or not a word: match_next_word's own way */
		size_t wpos = pos, wstart;
		int r = match_next_word(u, len, &wpos, &wstart);
		if (r < 0)
			goto slow;
		if (r == 0)
			break;
		pos = wpos;
		w = text + wstart;
		k = wpos - wstart;
		out[n++] = cache_stem(m, c, &v, w, k, word_piece(w, k, 0), word_piece(w, k, 1), word_tail(w, k));
	}
	return n;
slow:;
	/* not stable text: match_stems's slow path, the words as it finds them */
	parsed p;
	match_parse(m, text, &p);
	*ids = xgrow(*ids, cap, p.n, sizeof **ids);
	for (size_t i = 0; i < p.n; i++)
		(*ids)[i] = m->words[p.words[i]].stem;
	free(p.words);
	return p.n;
}

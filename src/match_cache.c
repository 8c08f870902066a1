/* match_cache.c - a caller's cache from a word's bytes to its stem
 * (match_stems_cached: the search index reads every word of the book
 * through it), so that a word seen before is one hash and one slot's
 * comparison, and only a new word goes to the index (match.c). */
#include "match_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- A caller's cache of words' stems ---- */

/* A word as written -> its stem, for one caller (match_stems_cached):
 * open addressing over slots that hold the word's hash, length, first
 * sixteen bytes and stem, so a word seen before costs one hash and one
 * slot's comparison; no string is allocated a word. A word's bytes are
 * its whole eight-byte pieces and then the rest, 0 to 7 bytes, zero-
 * padded to eight: its tail, as one number. The slot keeps the first two
 * pieces (0 for those the word has not) and the tail, which settle most
 * words (up to 23 bytes: eleven Cyrillic letters) without reading the
 * word kept in bytes; bytes keeps every word whole, for a longer word's
 * other pieces and for cache_grow. */
struct match_cache {
	struct cache_slot {
		uint64_t key; /* the hash's upper half (its lower picks the slot),
		               * then the length; 0: empty (no word is empty) */
		uint64_t p0, p1, tail;
		uint32_t off;
		int stem;
	} *slots;
	size_t cap, count;
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

/* The cache's hash of a word: its whole eight-byte pieces one after
 * another (hash_step), then its tail and length (hash_end).
 * match_stems_cached works it out as it reads a word. */
#define HASH_SEED 0x9E3779B97F4A7C15ULL

static inline uint64_t hash_step(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
	return h ^ (h >> 31);
}

static inline uint64_t hash_end(uint64_t h, uint64_t tail, size_t n)
{
	h = (h ^ tail ^ ((uint64_t)n << 56)) * 0x94D049BB133111EBULL;
	return h ^ (h >> 32);
}

static inline uint64_t word_hash(const char *s, size_t n)
{
	uint64_t h = HASH_SEED, w;
	for (size_t k = 0; k + 8 <= n; k += 8) {
		memcpy(&w, s + k, 8);
		h = hash_step(h, w);
	}
	return hash_end(h, word_tail(s, n), n);
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

static inline uint64_t slot_key(uint64_t h, size_t n)
{
	return (h & 0xFFFFFFFF00000000ULL) | n;
}

/* The slot of the n-byte word at w (hash h, first pieces p0 and p1, tail
 * tail) in c: its own, or the empty one where it goes. */
static inline struct cache_slot *cache_slot(const match_cache *c, const char *w, size_t n, uint64_t p0,
                                            uint64_t p1, uint64_t tail, uint64_t h)
{
	size_t mask = c->cap - 1, i = (size_t)h & mask;
	uint64_t key = slot_key(h, n);
	for (;; i = (i + 1) & mask) {
		struct cache_slot *s = &c->slots[i];
		if (!s->key)
			return s;
		if (s->key == key && !((s->p0 ^ p0) | (s->p1 ^ p1) | (s->tail ^ tail)) &&
		    (n < 24 || same_rest(c->bytes + s->off, w, n)))
			return s;
	}
}

static void cache_grow(match_cache *c)
{
	struct cache_slot *old = c->slots;
	size_t oldcap = c->cap;
	c->cap = oldcap ? oldcap * 2 : 1024;
	c->slots = xcalloc(c->cap, sizeof *c->slots);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key) {
			const char *w = c->bytes + old[i].off;
			size_t n = (uint32_t)old[i].key;
			*cache_slot(c, w, n, old[i].p0, old[i].p1, old[i].tail, word_hash(w, n)) = old[i];
		}
	free(old);
}

/* The stem of the n-byte word at w (pieces, tail, hash h) that c lacks,
 * from the index (word_id, as match_stems), kept in c. */
#if defined(__GNUC__)
__attribute__((noinline)) /* out of the loop of match_stems_cached */
#endif
static int cache_miss(match_index *m, match_cache *c, const char *w, size_t n, uint64_t p0, uint64_t p1,
                      uint64_t tail, uint64_t h)
{
	int id = match_word_id(m, w, n); /* before m->words is read: it may move */
	int stem = m->words[id].stem;
	size_t room = (n & ~(size_t)7) + 8; /* the whole pieces and the tail */
	if (n > UINT32_MAX / 2 || c->nbytes + room > UINT32_MAX / 2)
		return stem; /* too much to cache: asked of the index each time */
	if ((c->count + 1) * 2 > c->cap)
		cache_grow(c);
	struct cache_slot *s = cache_slot(c, w, n, p0, p1, tail, h);
	c->bytes = xgrow(c->bytes, &c->capbytes, c->nbytes + room, 1);
	memcpy(c->bytes + c->nbytes, w, n & ~(size_t)7);
	memcpy(c->bytes + c->nbytes + (n & ~(size_t)7), &tail, 8);
	s->key = slot_key(h, n);
	s->p0 = p0;
	s->p1 = p1;
	s->tail = tail;
	s->off = (uint32_t)c->nbytes;
	s->stem = stem;
	c->nbytes += room;
	c->count++;
	return stem;
}

/* The stem of the n-byte word at w of stable text (as parse_stable finds
 * it), its tail and word_hash given: from c, or else from the index. */
static inline int cache_stem(match_index *m, match_cache *c, const char *w, size_t n, uint64_t tail,
                             uint64_t h)
{
	uint64_t p0 = word_piece(w, n, 0), p1 = word_piece(w, n, 1);
	struct cache_slot *s = cache_slot(c, w, n, p0, p1, tail, h); /* c has slots: see below */
	if (s->key)
		return s->stem;
	return cache_miss(m, c, w, n, p0, p1, tail, h);
}

size_t match_stems_cached(match_index *m, match_cache *c, const char *text, size_t len, int **ids, size_t *cap)
{
	const unsigned char *u = (const unsigned char *)text;
	size_t pos = 0, start, n = 0;
	/* room for every word at once: a word and what ends it are two bytes */
	*ids = xgrow(*ids, cap, len / 2 + 1, sizeof **ids);
	/* The loop keeps what it can in registers: out, not *ids (nothing
	 * below moves it); pos and start are not handed to next_word (its
	 * own copies are); c has slots before the first look (cache_stem). */
	int *out = *ids;
	if (!c->cap)
		cache_grow(c);
	for (;;) {
		while (pos < len && match_byte_class[u[pos]] <= B_APOS)
			pos++;
		if (pos >= len)
			break;
		start = pos;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
		/* Most words: letters U+0400..U+047F up to an ASCII byte of
		 * B_SEP, at least eight bytes before the end. Read as cyr_run
		 * reads them, hashed on the way. */
		{
			uint64_t h = HASH_SEED, w = 0, off = 0;
			size_t i = start;
			while (len - i >= 8) {
				memcpy(&w, u + i, 8);
				off = (w & 0xC0FEC0FEC0FEC0FEULL) ^ 0x80D080D080D080D0ULL;
				if (off)
					break;
				h = hash_step(h, w);
				i += 8;
			}
			if (off) { /* else fewer than eight bytes are left */
				unsigned j = ((unsigned)__builtin_ctzll(off) / 8) & ~1u; /* 0 to 6 */
				if ((i > start || j) && match_byte_class[u[i + j]] == B_SEP) {
					uint64_t tail = w & ~(~0ULL << (8 * j));
					pos = i + j;
					out[n++] = cache_stem(m, c, text + start, pos - start, tail,
					                      hash_end(h, tail, pos - start));
					pos++; /* the B_SEP byte after it */
					continue;
				}
			}
		}
#endif
		/* any other word, or not a word: match_next_word's own way */
		size_t wpos = pos, wstart;
		int r = match_next_word(u, len, &wpos, &wstart);
		if (r < 0)
			goto slow;
		if (r == 0)
			break;
		pos = wpos;
		const char *w = text + wstart;
		size_t k = wpos - wstart;
		out[n++] = cache_stem(m, c, w, k, word_tail(w, k), word_hash(w, k));
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

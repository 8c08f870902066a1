/* strmap.h - an open-addressing hash map from strings to int, used for ids,
 * role ids and the matcher's normalised keys. Keys are copied. */
#ifndef SVCBOOK_STRMAP_H
#define SVCBOOK_STRMAP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct strmap {
	char **keys;
	int *vals;
	size_t cap, count;
} strmap;

void strmap_init(strmap *m);
void strmap_free(strmap *m);
/* Returns the value for key, or -1 when absent. */
int strmap_get(const strmap *m, const char *key);
/* The same for the n bytes at key (not NUL-terminated), without copying. */
int strmap_getn(const strmap *m, const char *key, size_t n);
/* Sets key to val, replacing any old value. */
void strmap_set(strmap *m, const char *key, int val);
/* Eight bytes a step (FNV-1a took one: a Cyrillic word is some twenty
 * bytes, and the matcher hashes every word of the book), each step a
 * multiply and a shift (from the splitmix64 finaliser); no seed, so a
 * map's layout is the same every run. Exposed for other tables, inline
 * for the spelling scan's look-up a word (570 000 on the bench book). */
static inline size_t strmap_hash(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
		h ^= h >> 31;
		s += 8;
		n -= 8;
	}
	/* the last 0-7 bytes as memcpy(&w, s, n) into a zeroed w reads them
	 * (the same value), without a copy of variable length: that copy was
	 * a third of a look-up. Two overlapping loads of four bytes, or the
	 * first, middle and last byte. */
	uint64_t w = 0;
	if (n >= 4) {
		uint32_t lo, hi;
		memcpy(&lo, s, 4);
		memcpy(&hi, s + n - 4, 4);
		w = (uint64_t)lo | ((uint64_t)hi << (8 * (n - 4)));
	} else if (n) {
		const unsigned char *u = (const unsigned char *)s;
		w = (uint64_t)u[0] | ((uint64_t)u[n / 2] << (8 * (n / 2))) | ((uint64_t)u[n - 1] << (8 * (n - 1)));
	}
	h = (h ^ w) * 0x94D049BB133111EBULL;
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	return (size_t)(h ^ (h >> 32));
}


#endif

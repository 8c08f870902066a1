/* strmap.c - open-addressing string hash map (linear probing, power-of-two size). */
#include "strmap.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void strmap_init(strmap *m)
{
	m->keys = NULL;
	m->vals = NULL;
	m->cap = m->count = 0;
}

void strmap_free(strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	strmap_init(m);
}

/* Eight bytes a step (FNV-1a took one: a Cyrillic word is some twenty
 * bytes, and the matcher hashes every word of the book), each step a
 * multiply and a shift (from the splitmix64 finaliser); no seed, so a
 * map's layout is the same every run. */
size_t strmap_hash(const char *s, size_t n)
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

/* strncmp stops at the stored key's NUL, so a shorter key is never read past. */
static size_t slot_n(const strmap *m, const char *key, size_t n)
{
	size_t mask = m->cap - 1;
	size_t i = strmap_hash(key, n) & mask;
	while (m->keys[i] && (strncmp(m->keys[i], key, n) != 0 || m->keys[i][n] != '\0'))
		i = (i + 1) & mask;
	return i;
}

static size_t slot(const strmap *m, const char *key)
{
	return slot_n(m, key, strlen(key));
}

int strmap_get(const strmap *m, const char *key)
{
	if (!m->cap)
		return -1;
	size_t i = slot(m, key);
	return m->keys[i] ? m->vals[i] : -1;
}

int strmap_getn(const strmap *m, const char *key, size_t n)
{
	if (!m->cap)
		return -1;
	size_t i = slot_n(m, key, n);
	return m->keys[i] ? m->vals[i] : -1;
}

static void rehash(strmap *m)
{
	strmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = xcalloc(m->cap, sizeof *m->keys);
	m->vals = xcalloc(m->cap, sizeof *m->vals);
	m->count = 0;
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.keys[i])
			continue;
		size_t j = slot(m, old.keys[i]);
		m->keys[j] = old.keys[i];
		m->vals[j] = old.vals[i];
		m->count++;
	}
	free(old.keys);
	free(old.vals);
}

void strmap_set(strmap *m, const char *key, int val)
{
	if ((m->count + 1) * 2 > m->cap)
		rehash(m);
	size_t i = slot(m, key);
	if (!m->keys[i]) {
		m->keys[i] = xstrdup(key);
		m->count++;
	}
	m->vals[i] = val;
}

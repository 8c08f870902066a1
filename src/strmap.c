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

/* match_lookup.c - looking a name up in the index: its stem key, then,
 * when the stems cannot settle it, the lemma keys (match_int.h says how).
 * The index itself, words, stems and keys: match.c. */
#include "match.h"
#include "match_int.h"
#include "strmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* At most this many combinations of a key's alternatives are looked up. */
#define MAX_COMBOS 64

/* Adds key id's hits to m->joined, each target once, at its earliest
 * registration. */
static size_t join_hits(match_index *m, int id, size_t n)
{
	const key_rec *k = &m->keys[id];
	for (size_t i = 0; i < k->nhits; i++) {
		size_t j = 0;
		while (j < n && (m->joined[j].kind != k->hits[i].kind || m->joined[j].index != k->hits[i].index))
			j++;
		if (j < n) {
			if (k->hits[i].seq < m->joined[j].seq)
				m->joined[j].seq = k->hits[i].seq;
			continue;
		}
		m->joined = xgrow(m->joined, &m->capjoined, n + 1, sizeof *m->joined);
		m->joined[n++] = k->hits[i];
	}
	return n;
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

/* The hits of a lemma key: every combination of its words' lemmas. */
static size_t lookup_lemmas(match_index *m, const char *key, const match_hit **hits)
{
	*hits = NULL;
	if (!*key)
		return 0;
	if (!strchr(key, '|')) { /* one lemma or stem per word: one key */
		int id = strmap_get(&m->key_ids, key);
		if (id < 0)
			return 0;
		*hits = m->keys[id].hits;
		return m->keys[id].nhits;
	}
	/* A word with several lemmas: every combination, hits joined. */
	char *words[64];
	char *alts[64][MAX_LEMMAS];
	size_t nalts[64], nw = 0, ncombo = 1;
	char *copy = xstrdup(key);
	for (char *w = strtok(copy, " "); w && nw < 64; w = strtok(NULL, " "))
		words[nw++] = w;
	for (size_t i = 0; i < nw; i++) {
		nalts[i] = 0;
		for (char *a = words[i], *bar; a && nalts[i] < MAX_LEMMAS; a = bar) {
			bar = strchr(a, '|');
			if (bar)
				*bar++ = '\0';
			alts[i][nalts[i]++] = a;
		}
		if (ncombo * nalts[i] <= MAX_COMBOS)
			ncombo *= nalts[i];
		else
			nalts[i] = 1;
	}
	size_t n = 0;
	buf b;
	buf_init(&b);
	for (size_t combo = 0; combo < ncombo; combo++) {
		b.len = 0;
		size_t c = combo;
		for (size_t i = 0; i < nw; i++) {
			if (i)
				buf_putc(&b, ' ');
			buf_puts(&b, alts[i][c % nalts[i]]);
			c /= nalts[i];
		}
		buf_putc(&b, '\0');
		int id = strmap_get(&m->key_ids, b.data);
		if (id >= 0)
			n = join_hits(m, id, n);
	}
	buf_free(&b);
	free(copy);
	/* registration order, as one key's hits are */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && m->joined[j].seq < m->joined[j - 1].seq; j--) {
			match_hit t = m->joined[j];
			m->joined[j] = m->joined[j - 1];
			m->joined[j - 1] = t;
		}
	*hits = m->joined;
	return n;
}

/* Whether hits settle a look-up: some, and one target of the first kind
 * (the kind a name prefers; xref_resolve takes it). */
static int settled(const match_hit *h, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 1; i < n; i++)
		if (h[i].kind == h[0].kind && h[i].index != h[0].index)
			return 0;
	return 1;
}

size_t match_resolve(match_index *m, const char *key, const char *name, const match_hit **hits)
{
	size_t n = match_lookup_key(m, key, hits);
	if (settled(*hits, n))
		return n;
	/* The stems find nothing (запись/записи: зап, запис) or two targets
	 * (визит, виза: виз): the lemmas decide, if they find anything. */
	match_lemma_index(m);
	parsed p;
	match_parse(m, name, &p);
	char *lk = match_lemma_key_of(m, &p);
	free(p.words);
	if (!lk)
		return n;
	const match_hit *lh;
	size_t ln = lookup_lemmas(m, lk, &lh);
	free(lk);
	if (!ln)
		return n;
	*hits = lh;
	return ln;
}

/* Whether word a and word b match: their lemma sets share one, or (when
 * the dictionary lacks either) their stems are equal. */
static int same_word(match_index *m, int a, int b)
{
	if (a == b || m->words[a].stem == m->words[b].stem)
		return match_lemmas(m, a) <= 0 || match_lemmas(m, b) <= 0 || a == b ||
		       m->words[a].lem[0] == m->words[b].lem[0] || match_same_lemma(m, a, b);
	return match_lemmas(m, a) > 0 && match_lemmas(m, b) > 0 && match_same_lemma(m, a, b);
}

int match_same(match_index *m, const char *a, const char *b)
{
	parsed pa, pb;
	match_parse(m, a, &pa);
	match_parse(m, b, &pb);
	int same = pa.n == pb.n && pa.n > 0;
	for (size_t i = 0; i < pa.n && same; i++)
		same = same_word(m, pa.words[i], pb.words[i]);
	free(pa.words);
	free(pb.words);
	return same;
}

size_t match_lookup(match_index *m, const char *name, const match_hit **hits)
{
	char *key = match_key(m, name);
	size_t n = match_resolve(m, key, name, hits);
	free(key);
	return n;
}

/* match_near.c - suggestions for a name that matches nothing: the names
 * whose words share a stem with it, then the nearest by edit distance
 * (cp_edit_distance: a swapped pair of letters is one edit). */
#include "match.h"
#include "match_int.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

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
	match_parse(m, name, &p);
	if (!p.n || !max || !m->nkeys) {
		free(p.words);
		return 0;
	}
	utf8proc_int32_t *q;
	size_t nq = match_text_of(m, &p, &q);
	size_t within = nq / 3 > 2 ? nq / 3 : 2;
	/* The query's stems that may relate it to a name. */
	int *qs = xmalloc(p.n * sizeof *qs);
	size_t nqs = 0;
	for (size_t i = 0; i < p.n; i++) {
		int s = m->words[p.words[i]].stem;
		if (utf8_chars(m->stems[s], strlen(m->stems[s])) >= 3 && !is_stop_stem(m->stems[s]))
			qs[nqs++] = s;
	}
	free(p.words);
	size_t *rows = xmalloc(3 * (NEAR_MAX_CPS + 1) * sizeof *rows);
	candidate *top = xmalloc(max * sizeof *top);
	size_t ntop = 0;
	for (size_t i = 0; i < m->nkeys; i++) {
		key_rec *k = &m->keys[i];
		if (k->hidden)
			continue;
		match_key_text(m, k);
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
		c.dist = cp_edit_distance(q, nq, k->text, k->ntext, limit, rows);
		if (c.dist > limit)
			continue;
		top_insert(top, &ntop, max, &c);
	}
	for (size_t i = 0; i < ntop; i++)
		out[i] = top[i].name;
	free(top);
	free(rows);
	free(qs);
	free(q);
	return ntop;
}

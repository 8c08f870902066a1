/* match_near.c - suggestions for a name that matches nothing: the names
 * whose words share a stem with it, then the nearest by edit distance. */
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
	size_t *row0 = xmalloc((NEAR_MAX_CPS + 1) * sizeof *row0);
	size_t *row1 = xmalloc((NEAR_MAX_CPS + 1) * sizeof *row1);
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

/* obligcmp.c - compares two versions of a clause's obligations: pairs
 * them by wording and tells whether each got stronger, weaker, or changed
 * its deadline (FORMAT.md 8; svcbook diff reads it). */
#include "oblig.h"
#include "deadline.h"
#include "oblig_int.h"
#include "util.h"
#include "words.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- Comparing two versions ---- */

/* The calendar time a deadline may last: [lo, hi] seconds. N working days
 * last at least N days and at most 7N/5 + 3 days (weekends, a holiday);
 * working hours likewise, a working day being eight of them. */
static void elapsed(const oblig_deadline *d, double *lo, double *hi)
{
	if (d->kind == OBLIG_DL_CALENDAR) {
		*lo = *hi = (double)d->seconds;
		return;
	}
	double days = (double)d->seconds / (double)OBLIG_WORKING_DAY;
	*lo = d->seconds < OBLIG_WORKING_DAY ? (double)d->seconds : days * 86400;
	*hi = (ceil(days) * 7 / 5 + 3) * 86400;
}

static int readable(const oblig_deadline *d)
{
	return d->kind == OBLIG_DL_CALENDAR || d->kind == OBLIG_DL_WORKING;
}

int oblig_deadline_cmp(const oblig_deadline *a, const oblig_deadline *b)
{
	if (a->kind == OBLIG_DL_TEXT || b->kind == OBLIG_DL_TEXT || (!readable(a) && !readable(b)))
		return 0;
	if (!readable(b))
		return -1;
	if (!readable(a))
		return 1;
	if (a->kind == b->kind)
		return a->seconds < b->seconds ? -1 : a->seconds > b->seconds;
	double alo, ahi, blo, bhi;
	elapsed(a, &alo, &ahi);
	elapsed(b, &blo, &bhi);
	if (ahi <= blo)
		return -1;
	if (bhi <= alo)
		return 1;
	return 2;
}

static int rank(const oblig *o)
{
	static const int r[] = {0, 1, 2, 3, 3};
	return r[o->strength];
}

static oblig_effect join(oblig_effect a, oblig_effect b)
{
	if (a == OBLIG_EDITORIAL)
		return b;
	if (b == OBLIG_EDITORIAL || a == b)
		return a;
	return OBLIG_MIXED;
}

/* The effect of one obligation becoming another. */
static oblig_effect pair_effect(const oblig *o, const oblig *n)
{
	oblig_effect e = OBLIG_EDITORIAL;
	int ro = rank(o), rn = rank(n);
	if (o->negated != n->negated && ro >= 2 && rn >= 2)
		return OBLIG_MIXED; /* a duty turned into its opposite */
	if (rn > ro)
		e = OBLIG_STRONGER;
	else if (rn < ro)
		e = OBLIG_WEAKER;
	switch (oblig_deadline_cmp(&n->deadline, &o->deadline)) {
	case -1: return join(e, OBLIG_STRONGER);
	case 1: return join(e, OBLIG_WEAKER);
	case 2: return OBLIG_MIXED;
	default: return e;
	}
}

/* The words that say what an obligation is about, crudely stemmed (their
 * first four letters), without modal words, negation and deadline words. */
static size_t content_words(const oblig *o, char ***out)
{
	words t;
	oblig_deadline dl;
	size_t len = strlen(o->sentence);
	words_split(&t, o->sentence, len);
	deadline_find(&t, o->sentence, len, &dl);
	oblig_deadline_free(&dl);
	char **v = xmalloc((t.n ? t.n : 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < t.n; i++) {
		const char *w = t.v[i].w;
		if (t.v[i].num || t.v[i].deadline || !oblig_wording_word(w))
			continue;
		v[n++] = words_prefix(w, 4);
	}
	words_free(&t);
	*out = v;
	return n;
}

/* Pairs compared at most: past this many (old x new obligations of one
 * clause), a hostile clause would make the diff quadratic, and the
 * obligations are paired by position instead. */
#define PAIR_CELLS_MAX 250000u

static int cmp_word(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Dice similarity of two sorted word lists (the words they share, each
 * counted as often as both have it). */
static double similarity(char **a, size_t na, char **b, size_t nb)
{
	if (!na && !nb)
		return 1;
	size_t common = 0, i = 0, j = 0;
	while (i < na && j < nb) {
		int c = strcmp(a[i], b[j]);
		if (c == 0)
			common++, i++, j++;
		else if (c < 0)
			i++;
		else
			j++;
	}
	return 2.0 * (double)common / (double)(na + nb);
}

static void free_words(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* A candidate pair and how alike its two obligations are. */
typedef struct {
	double s;
	int i, j;
} candidate;

/* Best first; of equals, the earlier old one, then the earlier new one. */
static int cmp_candidate(const void *x, const void *y)
{
	const candidate *a = x, *b = y;
	if (a->s != b->s)
		return a->s > b->s ? -1 : 1;
	if (a->i != b->i)
		return a->i < b->i ? -1 : 1;
	return (a->j > b->j) - (a->j < b->j);
}

/* Pairs old and new obligations greedily, best similarity first, down to a
 * half of their words in common. om[i]/nm[j]: the partner or -1. */
static void pair_up(const oblig_list *old, const oblig_list *new, int *om, int *nm)
{
	for (size_t i = 0; i < old->n; i++)
		om[i] = -1;
	for (size_t j = 0; j < new->n; j++)
		nm[j] = -1;
	if ((unsigned long long)old->n * new->n > PAIR_CELLS_MAX) {
		for (size_t i = 0; i < old->n && i < new->n; i++)
			om[i] = nm[i] = (int)i;
		return;
	}
	char ***ow = xcalloc(old->n ? old->n : 1, sizeof *ow), ***nw = xcalloc(new->n ? new->n : 1, sizeof *nw);
	size_t *on = xcalloc(old->n ? old->n : 1, sizeof *on), *nn = xcalloc(new->n ? new->n : 1, sizeof *nn);
	for (size_t i = 0; i < old->n; i++) {
		on[i] = content_words(&old->v[i], &ow[i]);
		qsort(ow[i], on[i], sizeof *ow[i], cmp_word);
	}
	for (size_t j = 0; j < new->n; j++) {
		nn[j] = content_words(&new->v[j], &nw[j]);
		qsort(nw[j], nn[j], sizeof *nw[j], cmp_word);
	}
	size_t cells = old->n * new->n;
	candidate *cv = xmalloc((cells ? cells : 1) * sizeof *cv);
	size_t nc = 0;
	for (size_t i = 0; i < old->n; i++)
		for (size_t j = 0; j < new->n; j++) {
			double s = similarity(ow[i], on[i], nw[j], nn[j]);
			if (s >= 0.5)
				cv[nc++] = (candidate){s, (int)i, (int)j};
		}
	qsort(cv, nc, sizeof *cv, cmp_candidate);
	for (size_t k = 0; k < nc; k++)
		if (om[cv[k].i] < 0 && nm[cv[k].j] < 0) {
			om[cv[k].i] = cv[k].j;
			nm[cv[k].j] = cv[k].i;
		}
	free(cv);
	/* One left on each side: the same duty reworded. */
	long lo = -1, ln = -1, co = 0, cn = 0;
	for (size_t i = 0; i < old->n; i++)
		if (om[i] < 0)
			lo = (long)i, co++;
	for (size_t j = 0; j < new->n; j++)
		if (nm[j] < 0)
			ln = (long)j, cn++;
	if (co == 1 && cn == 1) {
		om[lo] = (int)ln;
		nm[ln] = (int)lo;
	}
	for (size_t i = 0; i < old->n; i++)
		free_words(ow[i], on[i]);
	for (size_t j = 0; j < new->n; j++)
		free_words(nw[j], nn[j]);
	free(ow);
	free(nw);
	free(on);
	free(nn);
}

oblig_effect oblig_compare(const oblig_list *old, const oblig_list *new,
			   oblig_pair **pairs, size_t *npairs)
{
	int *om = xmalloc((old->n ? old->n : 1) * sizeof *om);
	int *nm = xmalloc((new->n ? new->n : 1) * sizeof *nm);
	pair_up(old, new, om, nm);
	oblig_pair *p = xmalloc((old->n + new->n + 1) * sizeof *p);
	size_t np = 0;
	oblig_effect all = OBLIG_EDITORIAL;
	/* In the new version's order, each removed one where it stood. */
	size_t i = 0;
	for (size_t j = 0; j <= new->n; j++) {
		size_t upto = j < new->n && nm[j] >= 0 ? (size_t)nm[j] : (j == new->n ? old->n : i);
		for (; i < upto && i < old->n; i++)
			if (om[i] < 0)
				p[np++] = (oblig_pair){(int)i, -1, OBLIG_WEAKER};
		if (j == new->n)
			break;
		if (nm[j] >= 0) {
			p[np++] = (oblig_pair){nm[j], (int)j, pair_effect(&old->v[nm[j]], &new->v[j])};
			if ((size_t)nm[j] >= i)
				i = (size_t)nm[j] + 1;
		} else {
			p[np++] = (oblig_pair){-1, (int)j, OBLIG_STRONGER};
		}
	}
	for (size_t k = 0; k < old->n; k++) {
		int seen = 0;
		for (size_t m = 0; m < np; m++)
			seen |= p[m].old == (int)k;
		if (!seen)
			p[np++] = (oblig_pair){(int)k, -1, OBLIG_WEAKER};
	}
	for (size_t k = 0; k < np; k++)
		all = join(all, p[k].effect);
	free(om);
	free(nm);
	if (pairs) {
		*pairs = p;
		*npairs = np;
	} else {
		free(p);
	}
	return all;
}

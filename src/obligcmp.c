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
	return d->kind == OBLIG_DL_CALENDAR || d->kind == OBLIG_DL_WORKING || d->kind == OBLIG_DL_CLOCK ||
	       d->kind == OBLIG_DL_BEFORE;
}

int oblig_deadline_cmp(const oblig_deadline *a, const oblig_deadline *b)
{
	if (a->kind == OBLIG_DL_TEXT || b->kind == OBLIG_DL_TEXT || (!readable(a) && !readable(b)))
		return 0;
	if (!readable(b))
		return -1;
	if (!readable(a))
		return 1;
	if (a->kind == b->kind && a->kind == OBLIG_DL_BEFORE) /* the longer lead is stronger */
		return a->seconds > b->seconds ? -1 : a->seconds < b->seconds;
	if (a->kind == b->kind) /* two times of day too: the earlier is stronger */
		return a->seconds < b->seconds ? -1 : a->seconds > b->seconds;
	if (a->kind == OBLIG_DL_CLOCK || b->kind == OBLIG_DL_CLOCK || a->kind == OBLIG_DL_BEFORE ||
	    b->kind == OBLIG_DL_BEFORE)
		return 2; /* "by 18:00" against "within 2 hours", "2 hours before" against either: no order */
	double alo, ahi, blo, bhi;
	elapsed(a, &alo, &ahi);
	elapsed(b, &blo, &bhi);
	if (ahi <= blo)
		return -1;
	if (bhi <= alo)
		return 1;
	return 2;
}

static oblig_effect join(oblig_effect a, oblig_effect b)
{
	if (a == OBLIG_EDITORIAL)
		return b;
	if (b == OBLIG_EDITORIAL || a == b)
		return a;
	return OBLIG_MIXED;
}

/* Two sequences compared: a sentence's modal words or its deadlines, old
 * and new. */
typedef struct {
	const oblig *o, *n;
	/* old i and new j say the same */
	int (*same)(const oblig *o, size_t i, const oblig *n, size_t j);
	/* the effect of old i becoming new j */
	oblig_effect (*pair)(const oblig *o, size_t i, const oblig *n, size_t j);
	/* whether item i of x counts when left over (a text deadline does not) */
	int (*counts)(const oblig *x, size_t i);
} seq;

/* The effect of the items old[i0..i1) and new[j0..j1) between two alike:
 * paired in order, then each left over that the other side has none like. */
static oblig_effect gap_effect(const seq *q, size_t no, size_t nn, size_t i0, size_t i1, size_t j0, size_t j1)
{
	oblig_effect e = OBLIG_EDITORIAL;
	size_t i = i0, j = j0;
	for (; i < i1 && j < j1; i++, j++)
		e = join(e, q->pair(q->o, i, q->n, j));
	for (; i < i1; i++) {
		int like = 0;
		for (size_t k = 0; k < nn && !like; k++)
			like = q->same(q->o, i, q->n, k);
		if (!like && q->counts(q->o, i))
			e = join(e, OBLIG_WEAKER);
	}
	for (; j < j1; j++) {
		int like = 0;
		for (size_t k = 0; k < no && !like; k++)
			like = q->same(q->o, k, q->n, j);
		if (!like && q->counts(q->n, j))
			e = join(e, OBLIG_STRONGER);
	}
	return e;
}

/* Items compared past this many old x new are paired in order. */
#define SEQ_CELLS_MAX 4096u

/* no old items against nn new: in order when as many, else the alike
 * matched (a longest common subsequence, the latest first) and the gaps
 * between compared by gap_effect. */
static oblig_effect seq_effect(const seq *q, size_t no, size_t nn)
{
	if (no == nn || (unsigned long long)(no + 1) * (nn + 1) > SEQ_CELLS_MAX)
		return gap_effect(q, no, nn, 0, no, 0, nn);
	unsigned short *L = xcalloc((no + 1) * (nn + 1), sizeof *L);
#define CELL(i, j) L[(i) * (nn + 1) + (j)]
	for (size_t i = 1; i <= no; i++)
		for (size_t j = 1; j <= nn; j++)
			CELL(i, j) = q->same(q->o, i - 1, q->n, j - 1) ? (unsigned short)(CELL(i - 1, j - 1) + 1)
				    : CELL(i - 1, j) >= CELL(i, j - 1) ? CELL(i - 1, j) : CELL(i, j - 1);
	oblig_effect e = OBLIG_EDITORIAL;
	size_t i = no, j = nn, gi = no, gj = nn; /* the gap after the last match, going back */
	while (i > 0 && j > 0) {
		if (q->same(q->o, i - 1, q->n, j - 1) && CELL(i, j) == CELL(i - 1, j - 1) + 1) {
			e = join(e, gap_effect(q, no, nn, i, gi, j, gj));
			i--, j--;
			gi = i, gj = j;
		} else if (CELL(i - 1, j) >= CELL(i, j - 1)) {
			i--;
		} else {
			j--;
		}
	}
#undef CELL
	free(L);
	return join(e, gap_effect(q, no, nn, 0, gi, 0, gj));
}

/* ---- Modal words ---- */

static int modal_rank(oblig_modal m)
{
	static const int r[] = {0, 1, 2, 3, 3};
	return m.strength <= OBLIG_MUST_NOT ? r[m.strength] : 0;
}

/* o's modal words: those kept, else its strength alone. */
static oblig_modal modal_at(const oblig *o, size_t i)
{
	return o->nmodals ? o->modals[i] : (oblig_modal){(unsigned char)o->strength, (unsigned char)o->negated};
}

static size_t nmodals(const oblig *o)
{
	return o->nmodals ? o->nmodals : 1;
}

static int modal_same(const oblig *o, size_t i, const oblig *n, size_t j)
{
	oblig_modal a = modal_at(o, i), b = modal_at(n, j);
	return a.strength == b.strength && a.negated == b.negated;
}

static oblig_effect modal_pair(const oblig *o, size_t i, const oblig *n, size_t j)
{
	oblig_modal a = modal_at(o, i), b = modal_at(n, j);
	int ro = modal_rank(a), rn = modal_rank(b);
	if (a.negated != b.negated && ro >= 2 && rn >= 2)
		return OBLIG_MIXED; /* a duty turned into its opposite */
	return rn > ro ? OBLIG_STRONGER : rn < ro ? OBLIG_WEAKER : OBLIG_EDITORIAL;
}

static int modal_counts(const oblig *x, size_t i)
{
	(void)x, (void)i;
	return 1;
}

/* ---- Deadlines ---- */

static const oblig_deadline *deadline_at(const oblig *o, size_t i)
{
	return i ? &o->more[i - 1] : &o->deadline;
}

static size_t ndeadlines(const oblig *o)
{
	return o->deadline.kind == OBLIG_DL_NONE ? 0 : 1 + o->nmore;
}

static int deadline_same(const oblig *o, size_t i, const oblig *n, size_t j)
{
	const oblig_deadline *a = deadline_at(o, i), *b = deadline_at(n, j);
	return a->kind == b->kind && a->seconds == b->seconds;
}

static oblig_effect deadline_pair(const oblig *o, size_t i, const oblig *n, size_t j)
{
	switch (oblig_deadline_cmp(deadline_at(n, j), deadline_at(o, i))) {
	case -1: return OBLIG_STRONGER;
	case 1: return OBLIG_WEAKER;
	case 2: return OBLIG_MIXED;
	default: return OBLIG_EDITORIAL;
	}
}

static int deadline_counts(const oblig *x, size_t i)
{
	return readable(deadline_at(x, i));
}

/* The effect of one obligation becoming another: every modal word and
 * every deadline of the sentence, not only the strongest and the first. */
static oblig_effect pair_effect(const oblig *o, const oblig *n)
{
	seq m = {o, n, modal_same, modal_pair, modal_counts};
	seq d = {o, n, deadline_same, deadline_pair, deadline_counts};
	return join(seq_effect(&m, nmodals(o), nmodals(n)), seq_effect(&d, ndeadlines(o), ndeadlines(n)));
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

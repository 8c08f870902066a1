/* obligtab.c - the book's obligations, clause by clause, found once. */
#include "obligtab.h"
#include "thread.h"
#include "util.h"

#include <stdatomic.h>
#include <stdlib.h>

/* Clauses are handed out in runs of this many: few enough turns at the
 * counter, small enough that the two threads end together. */
#define RUN 32

typedef struct {
	const book *b;
	oblig_table *t;
	atomic_size_t next; /* the first clause no thread has taken */
} fill_work;

static void fill_clause(const book *b, oblig_table *t, size_t c)
{
	oblig_list *l = &t->lists[c];
	oblig_clause(b, (int)c, l);
	if (l->n < l->cap) {
		/* kept for the whole build: no room for more (a list grows by
		 * eight at least; the bench book's 4 876 obligations held 1.1 MB
		 * of arrays for 0.2 MB of entries) */
		l->v = xrealloc(l->v, l->n * sizeof *l->v);
		l->cap = l->n;
	}
	uint64_t sum = 0;
	for (size_t i = 0; i < l->n; i++)
		sum += l->v[i].hash; /* oblig_item_hash, made while finding it */
	t->sums[c] = sum;
}

static void *fill(void *arg)
{
	fill_work *w = arg;
	for (;;) {
		size_t a = atomic_fetch_add(&w->next, RUN);
		if (a >= w->t->n)
			return NULL;
		size_t e = a + RUN < w->t->n ? a + RUN : w->t->n;
		for (size_t c = a; c < e; c++)
			fill_clause(w->b, w->t, c);
	}
}

oblig_table *oblig_table_build(const book *b)
{
	oblig_table *t = xcalloc(1, sizeof *t);
	t->n = b->nclauses;
	t->lists = xcalloc(t->n ? t->n : 1, sizeof *t->lists);
	t->sums = xcalloc(t->n ? t->n : 1, sizeof *t->sums);
	fill_work w = {b, t, 0};
	pthread_t th;
	int two = t->n > RUN && thread_try(&th, fill, &w);
	fill(&w);
	if (two)
		pthread_join(th, NULL);
	return t;
}

const oblig_list *oblig_table_get(const oblig_table *t, int c)
{
	return &t->lists[c];
}

void oblig_table_free(oblig_table *t)
{
	if (!t)
		return;
	for (size_t c = 0; c < t->n; c++)
		oblig_list_free(&t->lists[c]);
	free(t->lists);
	free(t->sums);
	free(t);
}

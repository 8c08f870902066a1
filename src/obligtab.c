/* obligtab.c - the book's obligations, clause by clause, found once. */
#include "obligtab.h"
#include "thread.h"
#include "util.h"

#include <stdatomic.h>
#include <stdlib.h>

/* Clauses are handed out in runs of this many: few enough turns at the
 * counter, small enough that the threads end together. */
#define RUN 32

/* A table being made: the book, the clauses handed out and those done,
 * and the thread begun to make them. */
struct oblig_fill {
	const book *b;
	oblig_table *t;
	atomic_size_t next;  /* the first clause no thread has taken */
	atomic_size_t done;  /* how many are made: all of them, t->n, once made */
	thread_gate gate;    /* oblig_table_wait waits on it for done */
	pthread_t th;
	int threaded;        /* th was begun */
	int ended;           /* oblig_table_end joined it (the beginner's own) */
};

static void fill_clause(const book *b, oblig_table *t, size_t c, oblig_reader *r)
{
	oblig_list *l = &t->lists[c];
	oblig_clause_with(b, (int)c, l, r);
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

/* Makes runs of clauses until none is left to take; whoever makes the
 * last wakes the waiters. */
static void *fill(void *arg)
{
	struct oblig_fill *w = arg;
	size_t n = w->t->n;
	oblig_reader *r = NULL; /* made with the first run taken */
	for (;;) {
		size_t a = atomic_fetch_add(&w->next, RUN);
		if (a >= n) {
			oblig_reader_free(r);
			return NULL;
		}
		size_t e = a + RUN < n ? a + RUN : n;
		if (!r)
			r = oblig_reader_new();
		for (size_t c = a; c < e; c++)
			fill_clause(w->b, w->t, c, r);
		if (atomic_fetch_add_explicit(&w->done, e - a, memory_order_acq_rel) + (e - a) == n)
			thread_advance(&w->gate, &w->done, n, 1);
	}
}

oblig_table *oblig_table_begin(const book *b)
{
	oblig_table *t = xcalloc(1, sizeof *t);
	t->n = b->nclauses;
	t->lists = xcalloc(t->n ? t->n : 1, sizeof *t->lists);
	t->sums = xcalloc(t->n ? t->n : 1, sizeof *t->sums);
	struct oblig_fill *w = t->fill = xcalloc(1, sizeof *w);
	w->b = b;
	w->t = t;
	atomic_init(&w->next, 0);
	atomic_init(&w->done, 0);
	thread_gate_init(&w->gate);
	/* no thread for a book of one run: the first wait makes it */
	w->threaded = t->n > RUN && thread_try(&w->th, fill, w);
	return t;
}

void oblig_table_wait(const oblig_table *t)
{
	struct oblig_fill *w = t->fill;
	if (atomic_load_explicit(&w->done, memory_order_acquire) == t->n)
		return;
	fill(w); /* the runs no thread has taken yet, here */
	thread_await_count(&w->gate, &w->done, t->n);
}

void oblig_table_end(oblig_table *t)
{
	struct oblig_fill *w = t->fill;
	oblig_table_wait(t);
	if (w->threaded && !w->ended)
		pthread_join(w->th, NULL);
	w->ended = 1;
}

oblig_table *oblig_table_build(const book *b)
{
	oblig_table *t = oblig_table_begin(b);
	oblig_table_end(t);
	return t;
}

const oblig_list *oblig_table_get(const oblig_table *t, int c)
{
	oblig_table_wait(t);
	return &t->lists[c];
}

uint64_t oblig_table_sum(const oblig_table *t, int c)
{
	oblig_table_wait(t);
	return t->sums[c];
}

void oblig_table_free(oblig_table *t)
{
	if (!t)
		return;
	struct oblig_fill *w = t->fill;
	oblig_table_end(t);
	thread_gate_free(&w->gate);
	free(w);
	for (size_t c = 0; c < t->n; c++)
		oblig_list_free(&t->lists[c]);
	free(t->lists);
	free(t->sums);
	free(t);
}

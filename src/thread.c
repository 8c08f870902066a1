/* thread.c - see thread.h. */
#include "thread.h"

#include <stdlib.h>

#include "hugeheap.h"

typedef struct {
	void *(*fn)(void *);
	void *arg;
} thread_start;

/* A thread's first steps: its malloc arena on huge pages when the heap
 * is (hugeheap.c), then its work. */
static void *thread_begin(void *p)
{
	thread_start s = *(thread_start *)p;
	hugeheap_thread();
	free(p);
	return s.fn(s.arg);
}

int thread_try(pthread_t *t, void *(*fn)(void *), void *arg)
{
	thread_start *s = malloc(sizeof *s);
	if (!s)
		return 0;
	s->fn = fn;
	s->arg = arg;
	if (pthread_create(t, NULL, thread_begin, s) == 0)
		return 1;
	free(s);
	return 0;
}

void thread_gate_init(thread_gate *g)
{
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->changed, NULL);
}

void thread_gate_free(thread_gate *g)
{
	pthread_mutex_destroy(&g->lock);
	pthread_cond_destroy(&g->changed);
}

void thread_raise(thread_gate *g, int *flag)
{
	pthread_mutex_lock(&g->lock);
	*flag = 1;
	pthread_cond_broadcast(&g->changed);
	pthread_mutex_unlock(&g->lock);
}

void thread_await(thread_gate *g, const int *flag)
{
	pthread_mutex_lock(&g->lock);
	while (!*flag)
		pthread_cond_wait(&g->changed, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

void thread_advance(thread_gate *g, atomic_size_t *n, size_t v, int wake)
{
	atomic_store_explicit(n, v, memory_order_release);
	if (!wake)
		return;
	/* under the lock: a waiter between its test and its wait holds it */
	pthread_mutex_lock(&g->lock);
	pthread_cond_broadcast(&g->changed);
	pthread_mutex_unlock(&g->lock);
}

void thread_await_count(thread_gate *g, atomic_size_t *n, size_t v)
{
	if (atomic_load_explicit(n, memory_order_acquire) >= v)
		return;
	pthread_mutex_lock(&g->lock);
	while (atomic_load_explicit(n, memory_order_acquire) < v)
		pthread_cond_wait(&g->changed, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

/* thread.h - how svcbook starts a thread (Lua stays on the main thread:
 * its time limit is the sandbox's own, sandbox.c, no signal) and how two
 * threads hand work over.
 * Included by: main, reader, html. */
#ifndef SVCBOOK_THREAD_H
#define SVCBOOK_THREAD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

/* Runs fn(arg) on a new thread *t and returns 1; 0 when no thread can be
 * had, and fn has not run: the caller does its work itself. */
int thread_try(pthread_t *t, void *(*fn)(void *), void *arg);

/* The lock and condition two threads share to hand work over: one sets a
 * flag (thread_raise), the other waits for it (thread_await); the lock may
 * guard more besides (html.c's page queue). */
typedef struct {
	pthread_mutex_t lock;
	pthread_cond_t changed;
} thread_gate;

void thread_gate_init(thread_gate *g);
void thread_gate_free(thread_gate *g);
/* Sets *flag, under the lock, and wakes whoever waits. */
void thread_raise(thread_gate *g, int *flag);
/* Returns once *flag is set. */
void thread_await(thread_gate *g, const int *flag);

/* A count one thread raises as it makes things in order and another reads
 * to use them as they come: thread_advance sets *n to v (the first v are
 * made), waking waiters only when wake is set (a wake per item would cost
 * more than the items; the last advance must wake); thread_await_count
 * returns once *n >= v, without the lock when they are made already. */
void thread_advance(thread_gate *g, atomic_size_t *n, size_t v, int wake);
void thread_await_count(thread_gate *g, atomic_size_t *n, size_t v);

#endif

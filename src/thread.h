/* thread.h - how svcbook starts its second thread: with SIGALRM (the Lua
 * sandbox's time limit, sandbox.c) blocked in it, so that the alarm always
 * lands on the main thread, the only one that runs Lua.
 * Included by: main, reader, html. */
#ifndef SVCBOOK_THREAD_H
#define SVCBOOK_THREAD_H

#include <pthread.h>

/* Runs fn(arg) on a new thread *t and returns 1; when no thread can be
 * had, runs fn(arg) here and returns 0 (there is then nothing to join). */
int thread_start(pthread_t *t, void *(*fn)(void *), void *arg);

/* The same, but when no thread can be had it returns 0 without running
 * fn: for work that waits for this thread. */
int thread_try(pthread_t *t, void *(*fn)(void *), void *arg);

#endif

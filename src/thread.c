/* thread.c - see thread.h. */
#include "thread.h"

#include <signal.h>

int thread_try(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t alarm, old;
	sigemptyset(&alarm);
	sigaddset(&alarm, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &alarm, &old);
	int started = pthread_create(t, NULL, fn, arg) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return started;
}

int thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	int started = thread_try(t, fn, arg);
	if (!started)
		fn(arg);
	return started;
}

/* test_sandbox.c - unit tests of src/sandbox.c's two kinds of run: an
 * untrusted one (the count hook: an instruction budget and the wall-clock
 * limit) and a trusted one (sandbox_trust: no hook; the watchdog thread
 * sets it once the run's time is up). A trusted endless loop ends with
 * "time limit exceeded" within the limit, even under a pcall, even when
 * its time ran out inside a C function; no hook is left on the state after
 * a run, timed out or not, so the next trusted run runs without one; an
 * untrusted run still ends with "instruction budget exhausted"; metering
 * a trusted run from inside it starts the budget at once; trusted runs on
 * two threads at once each end at their own limit. */
#include "sandbox.h"
#include "unit.h"

#include <lauxlib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The body of an endless loop. ThreadSanitizer holds a signal back
 * until the thread enters a function it intercepts (malloc, ...): under it,
 * a loop that calls none (Lua's VM is not instrumented) would never see the
 * watchdog's signal, so there the loops allocate. The plain build, which
 * delivers the signal at once, runs the empty loop. */
#if defined(__SANITIZE_THREAD__)
#define BODY " local t = {} "
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define BODY " local t = {} "
#endif
#endif
#ifndef BODY
#define BODY " "
#endif
#define LOOP "while true do" BODY "end"

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* lua: hooked() -> whether the state has a hook set now. */
static int l_hooked(lua_State *L)
{
	lua_pushboolean(L, lua_gethook(L) != NULL);
	return 1;
}

/* lua: spin(s): s seconds in C, where no hook can fire. */
static int l_spin(lua_State *L)
{
	double s = luaL_checknumber(L, 1);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (seconds_since(&t0) < s)
		;
	return 0;
}

/* lua: meter(): the run is no longer all ours (a book's template read). */
static int l_meter(lua_State *L)
{
	sandbox_trust(lua_touserdata(L, lua_upvalueindex(1)), 0);
	return 0;
}

static sandbox *new_box(void)
{
	sandbox *s = sandbox_new(0);
	lua_State *L = sandbox_state(s);
	lua_register(L, "hooked", l_hooked);
	lua_register(L, "spin", l_spin);
	lua_pushlightuserdata(L, s);
	lua_pushcclosure(L, l_meter, 1);
	lua_setglobal(L, "meter");
	return s;
}

static int run(sandbox *s, const char *src, size_t budget, char **err)
{
	lua_State *L = sandbox_state(s);
	lua_settop(L, 0);
	if (luaL_loadstring(L, src) != LUA_OK) {
		*err = strdup(lua_tostring(L, -1));
		lua_settop(L, 0);
		return LUA_ERRSYNTAX;
	}
	*err = NULL;
	return sandbox_call(s, 0, 0, budget, err);
}

/* Runs src, which must fail with `want` in its message within [lo, hi) s. */
static void expect_error(sandbox *s, const char *src, size_t budget, const char *want, double lo, double hi,
			 const char *what)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	char *err = NULL;
	int rc = run(s, src, budget, &err);
	double took = seconds_since(&t0);
	ok_detail(rc != LUA_OK && err && strstr(err, want), what, err ? err : "(it ran to the end)");
	char detail[64];
	snprintf(detail, sizeof detail, "%.3f s", took);
	ok_detail(took >= lo && took < hi, "... in its time", detail);
	ok(lua_gethook(sandbox_state(s)) == NULL, "... and no hook is left on the state");
	free(err);
}

static void expect_ok(sandbox *s, const char *src, const char *what)
{
	char *err = NULL;
	int rc = run(s, src, 0, &err);
	ok_detail(rc == LUA_OK, what, err);
	ok(lua_gethook(sandbox_state(s)) == NULL, "... and no hook is left on the state");
	free(err);
}

static void *loop_thread(void *arg)
{
	sandbox *s = arg;
	char *err = NULL;
	int rc = run(s, LOOP, 0, &err);
	int good = rc != LUA_OK && err && strstr(err, "time limit exceeded (1 s)");
	free(err);
	return good ? s : NULL;
}

int main(void)
{
	/* the limit is 1 s; 8 s more is for a loaded machine (and valgrind) */
	setenv("SVCBOOK_TIME_LIMIT", "1", 1);
	sandbox *s = new_box();
	sandbox_trust(s, 1);
	expect_ok(s, "assert(not hooked(), 'a trusted run has no hook')", "a trusted run runs without a hook");
	expect_error(s, LOOP, 0, "time limit exceeded (1 s)", 0.9, 9,
		     "a trusted endless loop ends with the time limit");
	expect_ok(s, "assert(not hooked(), 'hooked') local n = 0 for i = 1, 3000000 do n = n + i end",
		  "the next trusted run runs normally, without a hook (the watchdog disarmed)");
	expect_error(s, "while true do pcall(function() " LOOP " end) end", 0, "time limit exceeded (1 s)", 0.9,
		     9, "a trusted run's pcall cannot swallow the time limit");
	expect_error(s, "spin(1.3) local x = 0 for i = 1, 10 do x = x + i end", 0, "time limit exceeded (1 s)", 1.2, 9,
		     "a trusted run whose time ran out in a C function ends when it is back in Lua");
	/* many short runs: each is armed and disarmed; none is cut */
	int all = 1;
	for (int i = 0; i < 2000 && all; i++) {
		char *err = NULL;
		all = run(s, "local t = {} for i = 1, 100 do t[i] = i end", 0, &err) == LUA_OK;
		free(err);
	}
	ok(all, "2000 short trusted runs run to their end");
	expect_error(s, "meter() while true do end", 1000000, "instruction budget exhausted", 0, 9,
		     "metered from inside a trusted run: the budget from then on");
	expect_error(s, "while true do end", 1000000, "instruction budget exhausted", 0, 9,
		     "the next run of a state metered so is metered");

	/* untrusted: the budget, as before */
	sandbox *u = new_box();
	expect_ok(u, "assert(hooked(), 'an untrusted run has the hook')", "an untrusted run has the count hook");
	expect_error(u, "while true do end", 1000000, "instruction budget exhausted", 0, 9,
		     "an untrusted endless loop ends with the instruction budget");
	sandbox_free(u);

	/* two threads, two trusted states, both stuck at once */
	sandbox *a = new_box(), *b = new_box();
	sandbox_trust(a, 1);
	sandbox_trust(b, 1);
	pthread_t ta, tb;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pthread_create(&ta, NULL, loop_thread, a);
	pthread_create(&tb, NULL, loop_thread, b);
	void *ra, *rb;
	pthread_join(ta, &ra);
	pthread_join(tb, &rb);
	double took = seconds_since(&t0);
	ok(ra == a && rb == b, "trusted endless loops on two threads both end with the time limit");
	ok(took >= 0.9 && took < 9, "... in their time");
	expect_ok(a, "assert(not hooked(), 'hooked')", "... and the state runs normally after it");
	sandbox_free(a);
	sandbox_free(b);
	sandbox_free(s);
	return unit_done();
}

/* sandbox.c - capped Lua states for untrusted scripts: safe libraries only,
 * a memory cap in the allocator, an instruction budget in a count hook, and
 * a wall-clock limit checked in that hook and in the metered pattern
 * functions (pattern.c), the only C calls of the sandbox whose time is not
 * bounded by the size of their arguments. A trusted run (svcbook's own
 * code, sandbox_trust) has no count hook, which costs Lua a trap at every
 * VM instruction: its wall-clock limit is kept by a watchdog thread that
 * sets the hook only once the run's time is up (see "The watchdog"). */
#include "sandbox.h"
#include "pattern.h"
#include "util.h"

#include <errno.h>
#include <lauxlib.h>
#include <lualib.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_CAP ((size_t)256 << 20)
#define DEFAULT_BUDGET ((size_t)200 * 1000 * 1000)
#define DEFAULT_SECONDS 5
#define HOOK_STEP 1000

/* The registry key of the string library as it was opened: each fresh
 * string table is a copy of it (sandbox_fresh_string). */
static const char PRISTINE_STRING[] = "svcbook.string";

enum { OK = 0, OVER_BUDGET, OVER_TIME };

struct sandbox {
	lua_State *L;
	size_t used, cap;
	size_t budget, spent; /* instructions allowed and used by the current run */
	int over;             /* OVER_*: every later hook raises again */
	int seconds;          /* the wall-clock limit of one run */
	int64_t deadline;     /* CLOCK_MONOTONIC ns when the current run ends */
	int total;            /* sandbox_total_limit was asked for */
	int64_t first;        /* when the first run under it began, 0 before */
	int by_total;         /* the current run ends at the total limit */
	pattern_meter meter;  /* the pattern functions' tick, ud: this */
	int trusted;          /* runs without the count hook (sandbox_trust) */
	int unmetered;        /* the current run has no instruction budget */
	int running;          /* a run is under way */
	/* The watchdog's (wd.lock): the armed runs' list, the run's thread,
	 * whether the current run was signalled. */
	struct sandbox *wd_prev, *wd_next;
	pthread_t thread;
	int signalled;
	/* gen: the number of the current trusted run (its thread writes it,
	 * under wd.lock); fired: the number of the last run the watchdog
	 * found past its deadline. The signal handler compares them. */
	atomic_uint gen, fired;
};

static int64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* The allocator Lua calls for everything: frees on nsize == 0 and refuses
 * past the cap, which Lua turns into LUA_ERRMEM. */
static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	sandbox *s = ud;
	if (ptr == NULL)
		osize = 0;
	if (nsize == 0) {
		free(ptr);
		s->used -= osize;
		return NULL;
	}
	if (nsize > osize && s->used + (nsize - osize) > s->cap)
		return NULL;
	/* most calls make a new object: malloc, not realloc's way to it */
	void *p = ptr ? realloc(ptr, nsize) : malloc(nsize);
	if (p)
		s->used = s->used - osize + nsize;
	return p;
}

static void count_hook(lua_State *L, lua_Debug *ar);

/* All the runs together: 9 s, or one run's limit and 4 s when that is
 * more (SVCBOOK_TIME_LIMIT, a large book), so that a job ends in about
 * ten seconds whatever the number of stuck scripts. */
static int total_seconds(const sandbox *s)
{
	return s->seconds + 4 > 9 ? s->seconds + 4 : 9;
}

static int64_t total_end(const sandbox *s)
{
	return s->first + (int64_t)total_seconds(s) * 1000000000;
}

/* Raises once the run is over its budget or its time; from then on the
 * hook fires (and raises) at every instruction, so a script's own pcall
 * cannot swallow the error and go on. */
static void check_limits(lua_State *L, sandbox *s)
{
	if (!s->over && s->spent > s->budget)
		s->over = OVER_BUDGET;
	if (!s->over && now_ns() > s->deadline)
		s->over = OVER_TIME;
	if (!s->over)
		return;
	lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
	if (s->over == OVER_TIME && s->by_total)
		luaL_error(L, "time limit exceeded (%d s for all the runs together)", total_seconds(s));
	if (s->over == OVER_TIME)
		luaL_error(L, "time limit exceeded (%d s)", s->seconds);
	luaL_error(L, "instruction budget exhausted (endless loop?)");
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	sandbox *s;
	lua_getallocf(L, (void **)&s);
	if (!s->unmetered)
		s->spent += HOOK_STEP;
	check_limits(L, s);
}

/* ---- The watchdog ----
 *
 * A trusted run sets no hook. At its start it is armed: put in the list
 * of armed runs under wd.lock, with its deadline, its thread and a new
 * run number (gen). One watchdog thread per process (started with the
 * first trusted run) sleeps until the earliest deadline of the list
 * (pthread_cond_timedwait, CLOCK_MONOTONIC); a run it finds past its
 * deadline gets fired = gen and a signal (WD_SIGNAL, pthread_kill) to its
 * thread, both under wd.lock. The handler runs on that thread, so it
 * sets the count hook (interval 1) on the run's own state the way lua.c's
 * laction does on SIGINT: lua_sethook is the one Lua call documented as
 * safe from a signal handler (ldebug.c: hookmask is a sig_atomic_t, the
 * other fields at worst cause one wrong hook call). The hook then finds
 * the deadline passed and raises "time limit exceeded", as an untrusted
 * run's would, and from then on at every instruction.
 *
 * The hook is never set from the watchdog thread itself: lua_sethook
 * walks the running thread's CallInfo list (settraps), which that thread
 * may be shrinking meanwhile (the collector's luaE_shrinkCI).
 *
 * The end of a run: the thread first clears tl_run (the handler then does
 * nothing on this thread), then disarms the run (out of the list under
 * wd.lock: no signal is sent for it afterwards), then clears the hook. A
 * signal sent before the disarm but delivered late, even during a later
 * run of the same state, does nothing either: that run has another gen.
 * So no hook stays set on a state after its run, and none reaches the
 * next run unless that run's own time is up. */

#define WD_SIGNAL SIGRTMIN

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	sandbox *armed;   /* the list of armed runs */
	int64_t target;   /* the deadline the watchdog sleeps until, INT64_MAX: none */
	int started;      /* 1: the thread runs; -1: it could not be started */
} wd = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, INT64_MAX, 0};

static pthread_once_t wd_once = PTHREAD_ONCE_INIT;

/* The trusted run under way on this thread (the handler's only input). */
static _Thread_local _Atomic(sandbox *) tl_run;
static _Thread_local int tl_unblocked;

static void wd_handler(int sig)
{
	(void)sig;
	int saved = errno;
	sandbox *s = atomic_load(&tl_run);
	if (s && atomic_load_explicit(&s->fired, memory_order_relaxed) == atomic_load_explicit(&s->gen, memory_order_relaxed))
		lua_sethook(s->L, count_hook, LUA_MASKCOUNT, 1);
	errno = saved;
}

static void *wd_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&wd.lock);
	for (;;) {
		int64_t now = now_ns(), next = INT64_MAX;
		for (sandbox *s = wd.armed; s; s = s->wd_next) {
			if (s->signalled)
				continue;
			if (now > s->deadline) {
				s->signalled = 1;
				atomic_store(&s->fired, atomic_load_explicit(&s->gen, memory_order_relaxed));
				pthread_kill(s->thread, WD_SIGNAL);
			} else if (s->deadline < next) {
				next = s->deadline;
			}
		}
		wd.target = next;
		if (next == INT64_MAX) {
			pthread_cond_wait(&wd.wake, &wd.lock);
		} else {
			next += 1000000; /* 1 ms past: check_limits wants now > deadline */
			struct timespec ts = {(time_t)(next / 1000000000), (long)(next % 1000000000)};
			pthread_cond_timedwait(&wd.wake, &wd.lock, &ts);
		}
	}
	return NULL;
}

static void wd_start(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = wd_handler;
	sa.sa_flags = SA_RESTART; /* a read the run was in goes on */
	sigemptyset(&sa.sa_mask);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_destroy(&wd.wake);
	pthread_cond_init(&wd.wake, &ca);
	pthread_condattr_destroy(&ca);
	/* the watchdog takes no signal (serve's SIGINT goes elsewhere) */
	sigset_t all, old;
	sigfillset(&all);
	pthread_t t;
	pthread_attr_t ta;
	pthread_attr_init(&ta);
	pthread_attr_setdetachstate(&ta, PTHREAD_CREATE_DETACHED);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int ok = sigaction(WD_SIGNAL, &sa, NULL) == 0 && pthread_create(&t, &ta, wd_main, NULL) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&ta);
	wd.started = ok ? 1 : -1;
}

/* Arms the watchdog for the run of s that begins (its deadline set);
 * 0, or -1 when there is no watchdog (the run then keeps the hook). */
static int wd_arm(sandbox *s)
{
	pthread_once(&wd_once, wd_start);
	if (wd.started != 1)
		return -1;
	if (!tl_unblocked) {
		sigset_t one;
		sigemptyset(&one);
		sigaddset(&one, WD_SIGNAL);
		pthread_sigmask(SIG_UNBLOCK, &one, NULL);
		tl_unblocked = 1;
	}
	pthread_mutex_lock(&wd.lock);
	atomic_fetch_add_explicit(&s->gen, 1, memory_order_relaxed);
	s->signalled = 0;
	s->thread = pthread_self();
	s->wd_prev = NULL;
	s->wd_next = wd.armed;
	if (wd.armed)
		wd.armed->wd_prev = s;
	wd.armed = s;
	if (s->deadline < wd.target)
		pthread_cond_signal(&wd.wake);
	pthread_mutex_unlock(&wd.lock);
	return 0;
}

static void wd_disarm(sandbox *s)
{
	pthread_mutex_lock(&wd.lock);
	if (s->wd_prev)
		s->wd_prev->wd_next = s->wd_next;
	else
		wd.armed = s->wd_next;
	if (s->wd_next)
		s->wd_next->wd_prev = s->wd_prev;
	s->wd_prev = s->wd_next = NULL;
	pthread_mutex_unlock(&wd.lock);
}

/* A pattern function's tick: the time only. A pattern's steps are not
 * VM instructions: a plain gsub over a 100 MB print page must not run out
 * of a budget sized for a script's loops. */
static void pattern_tick(lua_State *L, pattern_meter *m)
{
	check_limits(L, m->ud);
}

/* setmetatable that refuses a __gc field: a finalizer runs with hooks off
 * (Lua's rule) and again in lua_close, where no limit could stop a loop.
 * Lua marks an object for finalization only when its metatable has __gc at
 * this call, so refusing here is enough. Upvalue: the stock setmetatable. */
static int safe_setmetatable(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TTABLE && lua_getfield(L, 2, "__gc") != LUA_TNIL)
		return luaL_error(L, "setmetatable: __gc is not allowed in the sandbox (a finalizer runs outside its limits)");
	lua_settop(L, 2);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, 2, 1);
	return 1;
}

/* load() that accepts text chunks only: binary chunks can break the VM. */
static int safe_load(lua_State *L)
{
	size_t len;
	const char *src = luaL_checklstring(L, 1, &len);
	const char *name = luaL_optstring(L, 2, "=(load)");
	int env = !lua_isnone(L, 4);
	if (luaL_loadbufferx(L, src, len, name, "t") != LUA_OK) {
		lua_pushnil(L);
		lua_insert(L, -2);
		return 2;
	}
	if (env) {
		lua_pushvalue(L, 4);
		if (!lua_setupvalue(L, -2, 1))
			lua_pop(L, 1);
	}
	return 1;
}

/* load() of a script's own environment: a chunk loaded without an env
 * gets that one (upvalue 1), not the shared globals. */
static int env_load(lua_State *L)
{
	lua_settop(L, 4);
	if (lua_isnoneornil(L, 4)) {
		lua_pushvalue(L, lua_upvalueindex(1));
		lua_replace(L, 4);
	}
	return safe_load(L);
}

void sandbox_push_env(sandbox *s)
{
	lua_State *L = s->L;
	lua_newtable(L);
	int env = lua_gettop(L);
	/* the libraries copied (string is fresh at every run anyway:
	 * sandbox_fresh_string), so that table.insert = ... stays here */
	static const char *const libs[] = {LUA_TABLIBNAME, LUA_MATHLIBNAME, LUA_UTF8LIBNAME, LUA_OSLIBNAME};
	for (size_t i = 0; i < sizeof libs / sizeof *libs; i++) {
		if (lua_getglobal(L, libs[i]) != LUA_TTABLE) {
			lua_pop(L, 1);
			continue;
		}
		lua_newtable(L);
		lua_pushnil(L);
		while (lua_next(L, -3)) {
			lua_pushvalue(L, -2);
			lua_insert(L, -2);
			lua_rawset(L, -4);
		}
		lua_setfield(L, env, libs[i]);
		lua_pop(L, 1);
	}
	lua_pushvalue(L, env);
	lua_setfield(L, env, LUA_GNAME);
	lua_pushvalue(L, env);
	lua_pushcclosure(L, env_load, 1);
	lua_setfield(L, env, "load");
	/* reads fall through to the globals; the metatable is out of reach */
	lua_newtable(L);
	lua_pushglobaltable(L);
	lua_setfield(L, -2, "__index");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, env);
}

/* The limit's base: SVCBOOK_TIME_LIMIT seconds (the runner's choice, as
 * CI's job timeout is), else 5. */
static int base_seconds(void)
{
	const char *e = getenv("SVCBOOK_TIME_LIMIT");
	char *end;
	long v = e ? strtol(e, &end, 10) : 0;
	return e && *e && !*end && v >= 1 && v <= 3600 ? (int)v : DEFAULT_SECONDS;
}

static sandbox *sandbox_alloc(size_t mem_cap)
{
	sandbox *s = xcalloc(1, sizeof *s);
	s->cap = mem_cap ? mem_cap : DEFAULT_CAP;
	s->seconds = base_seconds();
	s->meter.tick = pattern_tick;
	s->meter.ud = s;
	s->L = lua_newstate(capped_alloc, s);
	if (!s->L) {
		free(s);
		return NULL;
	}
	return s;
}

sandbox *sandbox_new_empty(size_t mem_cap)
{
	return sandbox_alloc(mem_cap);
}

static void open_lib(lua_State *L, const char *name, lua_CFunction f)
{
	luaL_requiref(L, name, f, 1);
	lua_pop(L, 1);
}

static void drop_field(lua_State *L, const char *table, const char *field)
{
	if (table)
		lua_getglobal(L, table);
	else
		lua_pushglobaltable(L);
	lua_pushnil(L);
	lua_setfield(L, -2, field);
	lua_pop(L, 1);
}

sandbox *sandbox_new(size_t mem_cap)
{
	sandbox *s = sandbox_alloc(mem_cap);
	if (!s)
		return NULL;
	lua_State *L = s->L;
	open_lib(L, LUA_GNAME, luaopen_base);
	open_lib(L, LUA_STRLIBNAME, luaopen_string);
	open_lib(L, LUA_TABLIBNAME, luaopen_table);
	open_lib(L, LUA_MATHLIBNAME, luaopen_math);
	open_lib(L, LUA_UTF8LIBNAME, luaopen_utf8);
	drop_field(L, NULL, "dofile");
	drop_field(L, NULL, "loadfile");
	drop_field(L, NULL, "collectgarbage");
	drop_field(L, NULL, "require");
	drop_field(L, LUA_STRLIBNAME, "dump");
	lua_getglobal(L, LUA_STRLIBNAME);
	pattern_install(L, -1, &s->meter);
	lua_setfield(L, LUA_REGISTRYINDEX, PRISTINE_STRING);
	sandbox_fresh_string(s);
	lua_getglobal(L, "setmetatable");
	lua_pushcclosure(L, safe_setmetatable, 1);
	lua_setglobal(L, "setmetatable");
	lua_pushcfunction(L, safe_load);
	lua_setglobal(L, "load");
	/* os: time only. Open the real library in a scratch table and copy. */
	luaL_requiref(L, LUA_OSLIBNAME, luaopen_os, 0);
	lua_newtable(L);
	const char *keep[] = {"time", "clock", "date", "difftime"};
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
		lua_getfield(L, -2, keep[i]);
		lua_setfield(L, -2, keep[i]);
	}
	lua_setglobal(L, "os");
	lua_pop(L, 1);
	return s;
}

void sandbox_free(sandbox *s)
{
	if (!s)
		return;
	lua_close(s->L);
	free(s);
}

void sandbox_set_cap(sandbox *s, size_t mem_cap)
{
	s->cap = mem_cap ? mem_cap : DEFAULT_CAP;
}

void sandbox_trust(sandbox *s, int trusted)
{
	s->trusted = trusted;
	if (!trusted && s->running && s->unmetered) {
		/* the code the run has loaded is no longer all ours: metered
		 * from here on (this is the run's own thread, which a C function
		 * of the run calls this from) */
		s->unmetered = 0;
		lua_sethook(s->L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
	}
}

void sandbox_total_limit(sandbox *s)
{
	s->total = 1;
}

int sandbox_total_spent(const sandbox *s)
{
	return s->total && s->first && now_ns() >= total_end(s);
}

int sandbox_total_seconds(const sandbox *s)
{
	return total_seconds(s);
}

void sandbox_extra_seconds(sandbox *s, int extra)
{
	s->seconds = base_seconds() + (extra > 0 ? extra : 0);
}

/* lua: puts a fresh copy of the pristine string library into the globals
 * and under a fresh string metatable. */
static int l_fresh_string(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, PRISTINE_STRING);
	luaL_checktype(L, -1, LUA_TTABLE);
	lua_createtable(L, 0, 20);
	lua_pushnil(L);
	while (lua_next(L, -3)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -4);
	}
	lua_pushvalue(L, -1);
	lua_setglobal(L, LUA_STRLIBNAME);
	lua_createtable(L, 0, 1);
	lua_insert(L, -2);
	lua_setfield(L, -2, "__index");
	lua_pushliteral(L, "");
	lua_insert(L, -2);
	lua_setmetatable(L, -2);
	return 0;
}

int sandbox_fresh_string(sandbox *s)
{
	/* protected: the state may be at its memory cap */
	lua_pushcfunction(s->L, l_fresh_string);
	int rc = lua_pcall(s->L, 0, 0, 0);
	if (rc != LUA_OK)
		lua_pop(s->L, 1);
	return rc == LUA_OK ? 0 : -1;
}

lua_State *sandbox_state(sandbox *s)
{
	return s->L;
}

static int msghandler(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (!msg)
		msg = luaL_tolstring(L, 1, NULL);
	luaL_traceback(L, L, msg, 1);
	return 1;
}

static char *take_error(lua_State *L, int rc)
{
	const char *m = lua_tostring(L, -1);
	char *e;
	if (rc == LUA_ERRMEM)
		e = xstrdup("memory limit exceeded");
	else
		e = xstrdup(m ? m : "error object is not a string");
	lua_pop(L, 1);
	return e;
}

int sandbox_call(sandbox *s, int nargs, int nresults, size_t budget, char **err)
{
	lua_State *L = s->L;
	s->budget = budget ? budget : DEFAULT_BUDGET;
	s->spent = 0;
	s->over = OK;
	int64_t now = now_ns();
	s->deadline = now + (int64_t)s->seconds * 1000000000;
	s->by_total = 0;
	if (s->total && !s->first)
		s->first = now;
	if (s->total && total_end(s) < s->deadline) {
		s->deadline = total_end(s);
		s->by_total = 1;
	}
	/* a trusted run: no hook, the watchdog keeps its time (a nested run,
	 * which nothing makes, is metered: tl_run names one run) */
	int armed = 0;
	s->unmetered = s->trusted && !atomic_load(&tl_run);
	if (s->unmetered) {
		/* tl_run first: a deadline passed already (the total limit)
		 * is signalled at once */
		atomic_store(&tl_run, s);
		armed = wd_arm(s) == 0;
		if (!armed) {
			atomic_store(&tl_run, NULL);
			s->unmetered = 0;
		}
	}
	if (!s->unmetered)
		lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
	s->running = 1;
	int base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, msghandler);
	lua_insert(L, base);
	int rc = lua_pcall(L, nargs, nresults, base);
	lua_remove(L, base);
	s->running = 0;
	if (armed) {
		/* the order the watchdog's comment above explains */
		atomic_store(&tl_run, NULL);
		wd_disarm(s);
	}
	s->unmetered = 0;
	lua_sethook(L, NULL, 0, 0);
	if (rc != LUA_OK && err)
		*err = take_error(L, rc);
	else if (rc != LUA_OK)
		lua_pop(L, 1);
	return rc;
}

int sandbox_run(sandbox *s, const char *src, size_t len, const char *chunkname,
		int env, int nresults, char **err)
{
	lua_State *L = s->L;
	if (env)
		env = lua_absindex(L, env);
	int rc = luaL_loadbufferx(L, src, len, chunkname, "t");
	if (rc != LUA_OK) {
		if (err)
			*err = take_error(L, rc);
		else
			lua_pop(L, 1);
		return rc;
	}
	if (env) {
		lua_pushvalue(L, env);
		if (!lua_setupvalue(L, -2, 1))
			lua_pop(L, 1);
	}
	return sandbox_call(s, 0, nresults, 0, err);
}

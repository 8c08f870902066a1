/* sandbox.c - capped Lua states for untrusted scripts: safe libraries only,
 * a memory cap in the allocator and an instruction budget in a count hook. */
#include "sandbox.h"
#include "util.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_CAP ((size_t)256 << 20)
#define DEFAULT_BUDGET ((size_t)200 * 1000 * 1000)
#define HOOK_STEP 1000

struct sandbox {
	lua_State *L;
	size_t used, cap;
	size_t budget, spent; /* instructions allowed and used by the current run */
	int over;             /* budget exhausted: every later hook raises again */
};

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
	void *p = realloc(ptr, nsize);
	if (p)
		s->used = s->used - osize + nsize;
	return p;
}

/* Counts instructions; once over budget it raises on every step, so a
 * script's own pcall cannot swallow the error and go on. */
static void count_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	sandbox *s;
	lua_getallocf(L, (void **)&s);
	s->spent += HOOK_STEP;
	if (s->over || s->spent > s->budget) {
		s->over = 1;
		lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
		luaL_error(L, "instruction budget exhausted (endless loop?)");
	}
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

static sandbox *sandbox_alloc(size_t mem_cap)
{
	sandbox *s = xcalloc(1, sizeof *s);
	s->cap = mem_cap ? mem_cap : DEFAULT_CAP;
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
	s->over = 0;
	lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
	int base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, msghandler);
	lua_insert(L, base);
	int rc = lua_pcall(L, nargs, nresults, base);
	lua_remove(L, base);
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

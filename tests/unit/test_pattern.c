/* test_pattern.c - unit tests of src/pattern.c: the metered find, match,
 * gmatch and gsub give what the stock string library gives (results and
 * error messages) on a list of patterns and on random ones; the meter stops
 * a catastrophic pattern; and the sandbox (src/sandbox.c) ends one with a
 * time limit error, refuses __gc and gives each caller a fresh string table. */
#include "pattern.h"
#include "sandbox.h"
#include "unit.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Runs fn(S, P) for the stock string table S and the metered functions P;
 * the script returns the number of cases and a list of mismatches. */
static const char compare_lua[] =
	"local S, P = ...\n"
	"local function pack(ok, ...) return { ok = ok, n = select('#', ...), ... } end\n"
	"local function show(r)\n"
	"  local t = {}\n"
	"  for i = 1, r.n do t[#t + 1] = string.format('%q', tostring(r[i])) end\n"
	"  return (r.ok and 'ok ' or 'error ') .. table.concat(t, ', ')\n"
	"end\n"
	"local function gm(lib, s, p, init)\n"
	"  local out = {}\n"
	"  for a, b, c in lib.gmatch(s, p, init) do\n"
	"    out[#out + 1] = tostring(a) .. '|' .. tostring(b) .. '|' .. tostring(c)\n"
	"    if #out > 1000 then break end\n"
	"  end\n"
	"  return table.concat(out, ';')\n"
	"end\n"
	"local repls = { '<%0>', '%1-%1', '%%', 'x%2', 'bad%', '%a',\n"
	"  { a = 'A', ab = false, b = 1 }, function(a, b) if a == 'b' then return nil end return a .. '!' end,\n"
	"  function(a) return {} end }\n"
	"local cases, bad = 0, {}\n"
	"local function check(name, f)\n"
	"  cases = cases + 1\n"
	"  local a, b = pack(pcall(f, S)), pack(pcall(f, P))\n"
	"  local same = a.ok == b.ok and a.n == b.n\n"
	"  for i = 1, a.n do same = same and a[i] == b[i] end\n"
	"  if not same and #bad < 10 then bad[#bad + 1] = name .. ': stock ' .. show(a) .. ' / ours ' .. show(b) end\n"
	"end\n"
	"local function all(s, p)\n"
	"  local q = string.format('%q %q', s, p)\n"
	"  for _, init in ipairs({ false, 1, 2, -1, -3, 0, 100 }) do\n"
	"    local i = init or nil\n"
	"    check('find ' .. q .. ' ' .. tostring(i), function(L) return L.find(s, p, i) end)\n"
	"    check('match ' .. q .. ' ' .. tostring(i), function(L) return L.match(s, p, i) end)\n"
	"    check('gmatch ' .. q .. ' ' .. tostring(i), function(L) return gm(L, s, p, i) end)\n"
	"  end\n"
	"  check('find plain ' .. q, function(L) return L.find(s, p, 1, true) end)\n"
	"  for k, r in ipairs(repls) do\n"
	"    check('gsub ' .. q .. ' repl ' .. k, function(L) return L.gsub(s, p, r) end)\n"
	"    check('gsub ' .. q .. ' repl ' .. k .. ' max 1', function(L) return L.gsub(s, p, r, 1) end)\n"
	"  end\n"
	"end\n"
	"local subjects = { '', 'a', 'aaa', 'abab', 'hello world', 'THE (quick) [brown] fox',\n"
	"  'a\\0b\\0', '  x = 10, y = 20  ', 'f(a(b)c)d', 'x.y%z', 'abc123def', '\\255\\128' }\n"
	"local patterns = { '', 'a', '^a', 'a$', '^$', '.', 'a*', 'a+', 'a-', 'a?', '%a+', '%d+', '%s*',\n"
	"  '[%a_][%w_]*', '[^%s]+', '(%w+)=(%w+)', '(%w+)%s*=%s*(%d+)', '()a()', '%b()', '%b[]', '%f[%a]%a+',\n"
	"  '%f[%z]', '(a)%1', '(a*(.)%w(%s*))', '[a-c]+', '[]]', '[^]]', '[%]]', 'x%.y', '%%', '%',\n"
	"  '[a', '(', ')', '%1', '(()', '%b', '%bx', '%f', '%fa', '%g+', '%p', '%c', '%x+', '%u%l',\n"
	"  '%W+', '[%w-]+', '[a-]', '.-b', '(.-)%s', 'a\\0b', '[\\0]', '$a', 'a$b', '^^', '%z',\n"
	"  '(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)(n)(o)(p)(q)(r)(s)(t)(u)(v)(w)(x)(y)(z)(1)(2)(3)(4)(5)(6)(7)' }\n"
	"for _, s in ipairs(subjects) do for _, p in ipairs(patterns) do all(s, p) end end\n"
	"local tokens = { 'a', 'b', '.', '%a', '%d', '%s', '[ab]', '[^a]', '[a-c]', '*', '+', '-', '?',\n"
	"  '(', ')', '()', '%1', '%2', '%b()', '%f[%w]', '^', '$', '%', '[', ']', ' ', '%%', '\\0' }\n"
	"local chars = { 'a', 'b', '(', ')', ' ', '1', '\\0', 'x', '%' }\n"
	"math.randomseed(22)\n"
	"for _ = 1, 3000 do\n"
	"  local p, s = {}, {}\n"
	"  for _ = 1, math.random(1, 6) do p[#p + 1] = tokens[math.random(#tokens)] end\n"
	"  for _ = 1, math.random(0, 12) do s[#s + 1] = chars[math.random(#chars)] end\n"
	"  all(table.concat(s), table.concat(p))\n"
	"end\n"
	"return cases, table.concat(bad, '\\n')\n";

static int ticks, ticks_allowed;

static void counting_tick(lua_State *L, pattern_meter *m)
{
	(void)m;
	if (++ticks > ticks_allowed)
		luaL_error(L, "stopped by the meter");
}

static void test_same_as_stock(void)
{
	lua_State *L = luaL_newstate();
	luaL_openlibs(L);
	static pattern_meter meter = {counting_tick, NULL};
	ticks = 0;
	ticks_allowed = 1 << 30;
	if (luaL_loadstring(L, compare_lua) != LUA_OK) {
		ok_detail(0, "the comparison script loads", lua_tostring(L, -1));
		lua_close(L);
		return;
	}
	lua_getglobal(L, "string");
	lua_newtable(L);
	pattern_install(L, -1, &meter);
	if (lua_pcall(L, 2, 2, 0) != LUA_OK) {
		ok_detail(0, "the comparison script runs", lua_tostring(L, -1));
		lua_close(L);
		return;
	}
	lua_Integer cases = lua_tointeger(L, -2);
	const char *bad = lua_tostring(L, -1);
	char what[80];
	snprintf(what, sizeof what, "%lld cases: the same results and errors as the stock functions", (long long)cases);
	ok_detail(cases > 100000 && bad && !*bad, what, bad);
	lua_close(L);
}

/* The catastrophic patterns, stopped after a few ticks each. */
static void test_meter_stops(void)
{
	static const char *const calls[] = {
		"return (('a'):rep(30000)):find(('a-'):rep(40) .. 'b')",
		"return (('a'):rep(30000)):match(('a*'):rep(40) .. 'b')",
		"for x in (('a'):rep(30000)):gmatch(('a-'):rep(40) .. 'b') do end",
		"return (('a'):rep(30000)):gsub(('a?'):rep(40) .. 'b', '')",
		"return (('('):rep(30000)):find(('%b()'):rep(3) .. 'x')",
	};
	lua_State *L = luaL_newstate();
	luaL_openlibs(L);
	static pattern_meter meter = {counting_tick, NULL};
	lua_getglobal(L, "string");
	pattern_install(L, -1, &meter);
	lua_pop(L, 1);
	for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
		ticks = 0;
		ticks_allowed = 50;
		int rc = luaL_dostring(L, calls[i]);
		const char *msg = rc != LUA_OK ? lua_tostring(L, -1) : "it ended";
		ok_detail(rc != LUA_OK && strstr(msg, "stopped by the meter") && ticks == 51,
			  "a catastrophic pattern is stopped by the meter", calls[i]);
		lua_settop(L, 0);
	}
	lua_close(L);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int run(sandbox *s, const char *src, char **err)
{
	lua_settop(sandbox_state(s), 0);
	return sandbox_run(s, src, strlen(src), "=test", 0, 0, err);
}

static void test_sandbox(void)
{
	setenv("SVCBOOK_TIME_LIMIT", "1", 1);
	sandbox *s = sandbox_new(0);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	char *err = NULL;
	/* pcall must not swallow it: the loop after it is stopped too */
	int rc = run(s, "pcall(string.find, ('a'):rep(30000), ('a-'):rep(40) .. 'b') while true do end", &err);
	double took = seconds_since(&t0);
	ok_detail(rc != LUA_OK && err && strstr(err, "time limit exceeded (1 s)"), "a stuck pattern ends with a time limit error",
		  err);
	/* a wall bound: the limit is 1 s; 8 s more is for a loaded machine */
	ok(took >= 0.9 && took < 9, "... after the limit");
	free(err);
	err = NULL;
	ok(run(s, "return ('x'):rep(10):find('x+')", &err) == LUA_OK, "the next run has its own time");
	free(err);
	err = NULL;
	rc = run(s, "setmetatable({}, {__gc = function() while true do end end})", &err);
	ok_detail(rc != LUA_OK && err && strstr(err, "__gc"), "setmetatable refuses __gc", err);
	free(err);
	err = NULL;
	rc = run(s, "local t = setmetatable({}, {__index = function() return 1 end}) assert(t.x == 1)", &err);
	ok_detail(rc == LUA_OK, "setmetatable without __gc works", err);
	free(err);
	err = NULL;
	run(s, "string.upper = nil getmetatable('').__index = { len = function() return -1 end }", &err);
	free(err);
	err = NULL;
	ok(sandbox_fresh_string(s) == 0, "a fresh string library");
	rc = run(s, "assert(string.upper('a') == 'A' and ('abc'):len() == 3 and ('a'):upper() == 'A')", &err);
	ok_detail(rc == LUA_OK, "what one script did to string does not reach the next", err);
	free(err);
	err = NULL;
	rc = run(s, "assert(string.find ~= nil and string.dump == nil)", &err);
	ok_detail(rc == LUA_OK, "the fresh copy is the sandbox's string (metered find, no dump)", err);
	free(err);
	sandbox_free(s);
}

int main(void)
{
	test_same_as_stock();
	test_meter_stops();
	test_sandbox();
	return unit_done();
}

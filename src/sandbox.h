/* sandbox.h - a capped Lua state for untrusted code (book.lua, rules, templates):
 * only base (without dofile/loadfile/collectgarbage, load forced to text),
 * string (without dump; find, match, gmatch and gsub metered, pattern.c),
 * table, math, utf8, and os.time/os.clock/os.date; setmetatable refuses
 * __gc; a memory cap, an instruction budget (none for svcbook's own code:
 * sandbox_trust) and a wall-clock limit that a script's own pcall cannot
 * swallow. Included by: config, lint, html. */
#ifndef SVCBOOK_SANDBOX_H
#define SVCBOOK_SANDBOX_H

#include <stddef.h>
#include <lua.h>

typedef struct sandbox sandbox;

/* A new state with the safe libraries opened into its globals. mem_cap in
 * bytes (0: default 256 MiB). */
sandbox *sandbox_new(size_t mem_cap);
void sandbox_free(sandbox *s);

/* Changes the memory cap (the linter raises it to fit its view of a large
 * book before building it). */
void sandbox_set_cap(sandbox *s, size_t mem_cap);
lua_State *sandbox_state(sandbox *s);

/* Each run (sandbox_run, sandbox_call) has a wall-clock limit: 5 seconds
 * (SVCBOOK_TIME_LIMIT=N: N, 1 to 3600) plus `extra` (for a large book); a
 * run past it fails with "time limit exceeded (N s)". */
void sandbox_extra_seconds(sandbox *s, int extra);

/* trusted 1: the runs of s from now on run svcbook's own code only (its
 * templates, its rules): no instruction budget and no count hook (a trap
 * at every VM instruction); their wall-clock limit is kept by a watchdog
 * thread, which sets the hook once a run's time is up (sandbox.c), so a
 * stuck run still ends with "time limit exceeded". trusted 0 (as made):
 * the budget again; said during a run (from a C function it called, on
 * its thread), from that moment on. The memory cap and the metered
 * pattern functions are the same either way. */
void sandbox_trust(sandbox *s, int trusted);

/* Bounds all the runs of s together as well: from the first run on, they
 * end within 9 s, or one run's limit and 4 s when that is more; a run cut
 * by it fails with "time limit exceeded (N s for all the runs together)".
 * sandbox_total_spent says when it is used up (the caller then runs no
 * more), sandbox_total_seconds how long it is. */
void sandbox_total_limit(sandbox *s);
int sandbox_total_spent(const sandbox *s);
int sandbox_total_seconds(const sandbox *s);

/* Gives the state a fresh copy of the string library, as the global
 * `string` and as the strings' metatable's __index, so that what one
 * script did to them does not reach the next. 0, or -1 when out of memory. */
int sandbox_fresh_string(sandbox *s);

/* Pushes a new environment for one script (a rule file): its own globals,
 * whose reads fall through to the state's (its metatable hidden), with
 * _G itself, its own copies of table, math, utf8 and os (string is fresh
 * at each run anyway) and a load() whose chunks get it: what one script
 * assigns, through _G, table.x = or load(), no other script sees. */
void sandbox_push_env(sandbox *s);

/* An empty state: no library at all (book.lua is data only). */
sandbox *sandbox_new_empty(size_t mem_cap);

/* Loads text (never binary) chunk `src` named `chunkname` ("@path" for files)
 * and runs it with _ENV = the table at stack index env (0: the globals), under
 * an instruction budget of `budget` VM instructions (0: default 200 million;
 * none in a trusted run).
 * Returns LUA_OK, or an error code with a message (with traceback) left in
 * *err (caller frees). Results, if any, are left on the stack (nresults). */
int sandbox_run(sandbox *s, const char *src, size_t len, const char *chunkname,
		int env, int nresults, char **err);

/* Calls the function below nargs arguments on the stack in protected mode
 * with the instruction budget; like lua_pcall, error text in *err. */
int sandbox_call(sandbox *s, int nargs, int nresults, size_t budget, char **err);

#endif

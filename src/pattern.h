/* pattern.h - string.find, string.match, string.gmatch and string.gsub with
 * Lua 5.4's pattern semantics, but metered: the stock ones run a pattern to
 * its end inside one C call, where no instruction hook can stop them, and a
 * pattern such as ("a-"):rep(40).."b" on 30 000 "a" runs for ever. These
 * call a tick function every PATTERN_TICK steps of the matcher; the tick
 * raises a Lua error to stop the match. Included by: sandbox. */
#ifndef SVCBOOK_PATTERN_H
#define SVCBOOK_PATTERN_H

#include <lua.h>

/* Steps of the matcher (a call of the matcher, one character tried by a
 * repetition) between two ticks. */
#define PATTERN_TICK 16384

/* What a metered function calls every PATTERN_TICK steps; it may raise
 * (luaL_error) to stop the match, and then the error is the call's error.
 * Owned by the caller, who keeps it alive as long as the state. */
typedef struct pattern_meter {
	void (*tick)(lua_State *L, struct pattern_meter *m);
	void *ud;
} pattern_meter;

/* Puts find, match, gmatch and gsub into the table at index t, metered by
 * m (NULL: never stopped, for tests). */
void pattern_install(lua_State *L, int t, pattern_meter *m);

#endif

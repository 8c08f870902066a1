/* lintapi.h - the `svcbook` table of functions a Lua rule calls.
 * Included by: lint. */
#ifndef SVCBOOK_LINTAPI_H
#define SVCBOOK_LINTAPI_H

#include "book.h"

#include <lua.h>

/* Sets the global `svcbook` (its functions see b: NULL while rule files
 * load, when only the book-free ones work) and a print() that prints
 * nothing. */
void lintapi_open(lua_State *L, book *b);

#endif

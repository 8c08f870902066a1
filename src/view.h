/* view.h - the rules' read-only Lua view of the book model.
 *
 * Every object a rule sees is a userdata that refuses writes. Clauses,
 * terms, roles, stages and references are created up front (so each has one
 * identity) but empty: a field is computed from the model when a rule first
 * reads it, and only tables (positions, lists, a clause's text) are kept.
 * Rules read a few fields of many objects, so this costs far less than
 * filling every field of every object before the first rule runs.
 * Included by: lint. */
#ifndef SVCBOOK_VIEW_H
#define SVCBOOK_VIEW_H

#include "book.h"

#include <lua.h>

typedef enum { VIEW_FILE, VIEW_CLAUSE, VIEW_TERM, VIEW_ROLE, VIEW_STAGE, VIEW_REF, VIEW_KINDS } view_kind;

/* Sets up the view's metatable and context in L for book b (NULL until the
 * book is known; calling it again with the book is fine). */
void view_register(lua_State *L, const book *b);

/* lua_CFunction: builds the view of the book registered in L and returns
 * the book object. Call it under the sandbox (it allocates). */
int view_build(lua_State *L);

/* Pushes object i of that kind, or nil (i < 0, or no view built yet). */
void view_push(lua_State *L, view_kind kind, int i);

/* A C string handed to Lua without a leak on a memory error: take a box,
 * store the malloc'd string in it, then view_box_push() replaces the box
 * with the string (or nil) and frees it. */
char **view_box(lua_State *L);
void view_box_push(lua_State *L, char **box);

#endif

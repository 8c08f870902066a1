/* view_int.h - what the rules' view's files share (view.c: the objects,
 * their fields and metatable, building the view; view_oblig.c: a clause's
 * obligations; view_config.c: book.config).
 * Included by: view, view_oblig, view_config. */
#ifndef SVCBOOK_VIEW_INT_H
#define SVCBOOK_VIEW_INT_H

#include "book.h"
#include "view.h"

#include <lua.h>

/* The metatable of every view object. */
#define RO_META "svcbook.readonly"

#define VIEW_NAME_SLOTS 256 /* a power of two, above 4 x the fields */
#define VIEW_FIELDS_MAX 64

/* One per Lua state, a userdata anchored in the registry; its user values
 * hold the int arrays below so they live as long as the state. */
typedef struct {
	const book *b;
	int items[VIEW_KINDS]; /* registry refs: per kind, the array of its objects */
	int names;             /* registry ref: field name -> field id */
	int empty;             /* registry ref: one shared read-only empty array */
	int *kids, *kids_at;   /* clause i's children: kids[kids_at[i]] .. kids[kids_at[i + 1] - 1] */
	int *secs, *secs_at;   /* role r's sections, the same way */
	/* A field's id by the address of its name's bytes (view.c's
	 * field_by_name): the names are short strings, which Lua interns, and
	 * the names table keeps them, so no other string has their address. */
	const char *name_at[VIEW_NAME_SLOTS];
	unsigned char name_field[VIEW_NAME_SLOTS];
	/* Whether a model object's cache may hold field f (the field was put
	 * there once); the others are worked out again on every read. */
	unsigned char cached[VIEW_FIELDS_MAX];
	char **written; /* the last written_id, owned by a box in user value 5 */
} view_ctx;

/* Sets t[k] to the string v (nothing when v is NULL). */
void view_set_str(lua_State *L, int t, const char *k, const char *v);
void view_set_int(lua_State *L, int t, const char *k, lua_Integer v);
/* Wraps the table at idx into a new plain (read-only) object, pushed. */
void view_ro_wrap(lua_State *L, int idx);
/* Wraps the table on top into a plain object and sets it as t[k]. */
void view_set_wrapped(lua_State *L, int t, const char *k);
/* The path of file f of b, NULL for none. */
const char *view_file_path(const book *b, int f);

/* Pushes clause c's obligations (an array) and returns 1, or pushes the
 * shared empty array and returns 0. */
int view_push_obligations(lua_State *L, const view_ctx *vc, int c);
/* How many obligations clause c has (clause.obligation_count). */
size_t view_obligation_count(const view_ctx *vc, int c);

/* Sets t.config to book.config. */
void view_set_config(lua_State *L, const book *b, int t);

#endif

/* view_oblig.c - a clause's obligations as the rules see them
 * (clause.obligations): the book's table's (obligtab.h) when it has one,
 * else found when a rule first reads them. */
#include "view_int.h"
#include "oblig.h"
#include "obligtab.h"

#include <lauxlib.h>
#include <string.h>

#define OBLIG_META "svcbook.obligations"

static int oblig_gc(lua_State *L)
{
	oblig_list_free(lua_touserdata(L, 1));
	return 0;
}

/* Sets t.deadline to {kind, text, seconds, minutes, days} of d, if any
 * (a time of day: {kind, text, seconds}; a lead time before an event:
 * calendar seconds, minutes and days, as a duration's). */
static void set_deadline(lua_State *L, int t, const oblig_deadline *d)
{
	static const char *kinds[] = {NULL, "calendar", "working", "text", "clock", "before"};
	if (d->kind == OBLIG_DL_NONE)
		return;
	lua_createtable(L, 0, 5);
	int dt = lua_gettop(L);
	lua_pushstring(L, kinds[d->kind]);
	lua_setfield(L, dt, "kind");
	view_set_str(L, dt, "text", d->text);
	if (d->kind == OBLIG_DL_CLOCK) /* a time of day: seconds after midnight */
		view_set_int(L, dt, "seconds", d->seconds);
	if (d->kind != OBLIG_DL_TEXT && d->kind != OBLIG_DL_CLOCK) {
		/* working time in working minutes and working days (8 hours) */
		long day = d->kind == OBLIG_DL_WORKING ? OBLIG_WORKING_DAY : 86400L;
		view_set_int(L, dt, "seconds", d->seconds);
		lua_pushnumber(L, (lua_Number)d->seconds / 60.0);
		lua_setfield(L, dt, "minutes");
		lua_pushnumber(L, (lua_Number)d->seconds / (lua_Number)day);
		lua_setfield(L, dt, "days");
	}
	view_set_wrapped(L, t, "deadline");
}

/* Pushes l, clause c's obligations, as an array: each a {sentence,
 * strength, negated, deadline, file, line, col}. */
static void push_oblig_list(lua_State *L, const view_ctx *vc, int c, const oblig_list *l)
{
	const char *file = view_file_path(vc->b, vc->b->clauses[c].pos.file);
	lua_createtable(L, (int)l->n, 0);
	for (size_t j = 0; j < l->n; j++) {
		const oblig *ob = &l->v[j];
		lua_createtable(L, 0, 7);
		int t = lua_gettop(L);
		view_set_str(L, t, "sentence", ob->sentence);
		view_set_str(L, t, "strength", oblig_strength_name(ob->strength));
		lua_pushboolean(L, ob->negated);
		lua_setfield(L, t, "negated");
		set_deadline(L, t, &ob->deadline);
		view_set_str(L, t, "file", file);
		view_set_int(L, t, "line", ob->line);
		view_set_int(L, t, "col", ob->col);
		view_ro_wrap(L, t);
		lua_rawseti(L, t - 1, (lua_Integer)j + 1);
		lua_pop(L, 1);
	}
	view_ro_wrap(L, -1);
	lua_remove(L, -2);
}

/* Pushes the array of clause c's obligations: the book's table's
 * (obligtab.h) when it has one, else found here (oblig_clause) into a
 * userdata while the tables are made, so that an out-of-memory error in
 * Lua does not leak them. */
int view_push_obligations(lua_State *L, const view_ctx *vc, int c)
{
	const oblig_table *t = vc->b->obligations;
	if (t && !oblig_table_get(t, c)->n) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, vc->empty);
		return 0;
	}
	if (t) {
		push_oblig_list(L, vc, c, oblig_table_get(t, c));
		return 1;
	}
	oblig_list *l = lua_newuserdatauv(L, sizeof *l, 0);
	memset(l, 0, sizeof *l);
	if (luaL_newmetatable(L, OBLIG_META)) {
		lua_pushcfunction(L, oblig_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	oblig_clause(vc->b, c, l);
	if (!l->n) {
		lua_pop(L, 1);
		lua_rawgeti(L, LUA_REGISTRYINDEX, vc->empty);
		return 0;
	}
	push_oblig_list(L, vc, c, l);
	lua_remove(L, -2); /* the list: its __gc frees it */
	return 1;
}

size_t view_obligation_count(const view_ctx *vc, int c)
{
	const oblig_table *t = vc->b->obligations;
	if (t)
		return oblig_table_get(t, c)->n;
	oblig_list l;
	memset(&l, 0, sizeof l);
	oblig_clause(vc->b, c, &l);
	size_t n = l.n;
	oblig_list_free(&l);
	return n;
}

/* html_overview.c - roles and stages as the templates get them, and the
 * roles overview: pyramid tiers, support lines, the stages-by-roles matrix. */
#include "html_site.h"

#include <stdlib.h>

static const char *level_names[] = {NULL, "provider", "support", "management"};

/* {name, href, id, line, level} for role r, linked in mode m. */
void html_push_role(html *h, int r, int m)
{
	lua_State *L = h->L;
	const book_role *role = &h->b->roles[r];
	lua_createtable(L, 0, 5);
	set_str(L, "id", role->id);
	set_str(L, "name", role->name ? role->name : role->id);
	if (role->clause >= 0)
		set_str(L, "href", h->chref[m][role->clause]);
	if (role->line > 0)
		set_int(L, "line", role->line);
	if (level_names[role->level])
		set_str(L, "level", level_names[role->level]);
}

/* {name, number, href} for a stage. */
void html_push_stage_link(html *h, int s, int m)
{
	lua_State *L = h->L;
	const book_stage *st = &h->b->stages[s];
	lua_createtable(L, 0, 4);
	set_str(L, "id", st->id);
	set_str(L, "name", st->name);
	if (st->clause >= 0) {
		set_str(L, "number", h->b->clauses[st->clause].number);
		set_str(L, "href", h->chref[m][st->clause]);
	}
}

/* The role section of role r that is its standard for stage s, or -1.
 * The table is made in one pass over the clauses: a scan per cell of the
 * matrix was O(roles x stages x clauses). */
static int stage_section(html *h, int r, int s)
{
	const book *b = h->b;
	if (!h->stage_sec) {
		size_t cells = b->nstages * b->nroles;
		h->stage_sec = xmalloc((cells ? cells : 1) * sizeof *h->stage_sec);
		for (size_t i = 0; i < cells; i++)
			h->stage_sec[i] = -1;
		strmap ids;
		strmap_init(&ids);
		for (size_t k = 0; k < b->nstages; k++)
			if (strmap_get(&ids, b->stages[k].id) < 0)
				strmap_set(&ids, b->stages[k].id, (int)k);
		for (size_t i = 0; i < b->nclauses; i++) {
			const book_clause *cl = &b->clauses[i];
			if (!cl->stage_ref || cl->file < 0 || b->files[cl->file].role < 0)
				continue;
			int st = strmap_get(&ids, cl->stage_ref);
			size_t at = (size_t)st * b->nroles + (size_t)b->files[cl->file].role;
			if (st >= 0 && h->stage_sec[at] < 0)
				h->stage_sec[at] = (int)i;
		}
		strmap_free(&ids);
	}
	return h->stage_sec[(size_t)s * b->nroles + (size_t)r];
}

/* The overview of the roles: pyramid tiers, support lines, and the matrix
 * of journey stages by roles. Links in mode m; headings at level. */
void html_push_overview(html *h, int m, int level)
{
	lua_State *L = h->L;
	const book *b = h->b;
	lua_createtable(L, 0, 6);
	set_int(L, "level", level > 6 ? 6 : level);
	lua_createtable(L, 0, 3);
	set_str(L, "pyramid", h->id_pyramid);
	set_str(L, "lines", h->id_lines);
	set_str(L, "matrix", h->id_matrix);
	lua_setfield(L, -2, "ids");
	/* Tiers from the top: management, support, providers, then roles with no level. */
	static const book_level order[] = {LEVEL_MANAGEMENT, LEVEL_SUPPORT, LEVEL_PROVIDER, LEVEL_NONE};
	lua_newtable(L);
	for (size_t k = 0; k < 4; k++) {
		size_t count = 0;
		for (size_t r = 0; r < b->nroles; r++)
			count += b->roles[r].level == order[k];
		if (order[k] == LEVEL_NONE && !count)
			continue;
		lua_createtable(L, 0, 2);
		set_str(L, "level", order[k] == LEVEL_NONE ? "other" : level_names[order[k]]);
		lua_newtable(L);
		for (size_t i = 0; i < b->nroles; i++)
			if (b->roles[h->role_order[i]].level == order[k]) {
				html_push_role(h, h->role_order[i], m);
				append(L);
			}
		lua_setfield(L, -2, "roles");
		append(L);
	}
	lua_setfield(L, -2, "pyramid");
	int any_line = 0;
	lua_newtable(L);
	for (int line = 1; line <= 3; line++) {
		lua_createtable(L, 0, 2);
		set_int(L, "line", line);
		lua_newtable(L);
		for (size_t i = 0; i < b->nroles; i++)
			if (b->roles[h->role_order[i]].line == line) {
				html_push_role(h, h->role_order[i], m);
				append(L);
				any_line = 1;
			}
		lua_setfield(L, -2, "roles");
		append(L);
	}
	lua_setfield(L, -2, "lines");
	set_bool(L, "has_lines", any_line);
	if (b->nstages && b->nroles) {
		lua_createtable(L, 0, 2);
		lua_newtable(L);
		for (size_t i = 0; i < b->nroles; i++) {
			html_push_role(h, h->role_order[i], m);
			append(L);
		}
		lua_setfield(L, -2, "roles");
		/* A row lists only its filled cells, each with the number of empty
		 * ones before it (s.after: after the last): 2 000 roles by 500
		 * stages are a million cells, and a table or a template loop per
		 * cell cost more than the rest of the roles page. */
		lua_newtable(L);
		for (size_t s = 0; s < b->nstages; s++) {
			html_push_stage_link(h, (int)s, m);
			lua_newtable(L);
			size_t last = 0; /* columns up to here are written */
			for (size_t i = 0; i < b->nroles; i++) {
				int r = h->role_order[i];
				int sec = stage_section(h, r, (int)s);
				int owner = b->stages[s].owner_role == r;
				if (sec < 0 && !owner)
					continue;
				lua_createtable(L, 0, 5);
				set_int(L, "column", (lua_Integer)i + 1);
				set_int(L, "before", (lua_Integer)(i - last));
				set_bool(L, "owner", owner);
				set_bool(L, "covered", sec >= 0);
				if (sec >= 0)
					set_str(L, "href", h->chref[m][sec]);
				else if (owner && b->roles[r].clause >= 0)
					set_str(L, "href", h->chref[m][b->roles[r].clause]);
				append(L);
				last = i + 1;
			}
			lua_setfield(L, -2, "cells");
			set_int(L, "after", (lua_Integer)(b->nroles - last));
			append(L);
		}
		lua_setfield(L, -2, "stages");
		lua_setfield(L, -2, "matrix");
	}
}

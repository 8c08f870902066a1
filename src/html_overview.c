/* html_overview.c - roles and stages as the templates get them, the roles
 * overview: pyramid tiers, support lines, the stages-by-roles matrix, and
 * a role book's summary of its role. */
#include "html_site.h"

#include <stdlib.h>

/* {name, href, id, line, level} for role r, linked in mode m. */
void html_push_role(html *h, int r, int m)
{
	lua_State *L = h->L;
	const book_role *role = &h->b->roles[r];
	lua_createtable(L, 0, 5);
	setk_str(L, K_ID, role->id);
	setk_str(L, K_NAME, role->name ? role->name : role->id);
	if (role->clause >= 0)
		setk_str(L, K_HREF, h->chref[m][role->clause]);
	if (role->line > 0)
		setk_int(L, K_LINE, role->line);
	setk_name(L, K_LEVEL, book_level_name(role->level));
}

/* {name, number, href} for a stage. */
void html_push_stage_link(html *h, int s, int m)
{
	lua_State *L = h->L;
	const book_stage *st = &h->b->stages[s];
	lua_createtable(L, 0, 4);
	setk_str(L, K_ID, st->id);
	setk_str(L, K_NAME, st->name);
	if (st->clause >= 0) {
		setk_str(L, K_NUMBER, h->b->clauses[st->clause].number);
		setk_str(L, K_HREF, h->chref[m][st->clause]);
	}
}

/* The roles of list[0..n) as a Lua array of roles (html_push_role). */
static void push_roles(html *h, const int *list, size_t n, int m)
{
	lua_createtable(h->L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		html_push_role(h, list[i], m);
		append(h->L);
	}
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
	/* Tiers from the top: management, support, providers, then roles with
	 * no level; each list as the plan gives it to every backend. */
	int *list = xmalloc((b->nroles ? b->nroles : 1) * sizeof *list);
	lua_newtable(L);
	for (size_t k = 0; k < 4; k++) {
		size_t n = plan_level_roles(h->plan, plan_tiers[k], list);
		if (plan_tiers[k] == LEVEL_NONE && !n)
			continue;
		lua_createtable(L, 0, 2);
		set_str(L, "level", plan_tiers[k] == LEVEL_NONE ? "other" : book_level_name(plan_tiers[k]));
		push_roles(h, list, n, m);
		lua_setfield(L, -2, "roles");
		append(L);
	}
	lua_setfield(L, -2, "pyramid");
	lua_newtable(L);
	for (int line = 1; line <= 3; line++) {
		lua_createtable(L, 0, 2);
		set_int(L, "line", line);
		push_roles(h, list, plan_line_roles(h->plan, line, list), m);
		lua_setfield(L, -2, "roles");
		append(L);
	}
	lua_setfield(L, -2, "lines");
	free(list);
	set_bool(L, "has_lines", h->plan->any_line);
	if (b->nstages && b->nroles) {
		lua_createtable(L, 0, 2);
		lua_newtable(L);
		for (size_t i = 0; i < b->nroles; i++) {
			html_push_role(h, h->role_order[i], m);
			append(L);
		}
		lua_setfield(L, -2, "roles");
		/* the caption names the journey as the book's chapter does */
		for (size_t c = 0; c < b->nchapters; c++)
			if (b->chapters[c].kind == CH_JOURNEY && b->chapters[c].clause >= 0)
				set_str(L, "journey", b->clauses[b->chapters[c].clause].title);
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
				int sec = plan_stage_section(h->plan, (int)s, r);
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

/* What a role book's roles chapter opens with, as the DocBook and the EPUB
 * give it: the role (linked to its standard), its tier and support line,
 * and each stage it owns or has a standard for, with those standards. */
void html_push_summary(html *h, int m)
{
	lua_State *L = h->L;
	const book *b = h->b;
	int r = h->plan->summary_role;
	lua_createtable(L, 0, 4);
	html_push_role(h, r, m);
	lua_setfield(L, -2, "role");
	if (b->roles[r].level != LEVEL_NONE)
		set_str(L, "level", book_level_name(b->roles[r].level));
	if (b->roles[r].line > 0)
		set_int(L, "line", b->roles[r].line);
	int *list = xmalloc((b->nstages ? b->nstages : 1) * sizeof *list);
	size_t n = plan_role_stages(h->plan, r, list);
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		lua_createtable(L, 0, 3);
		html_push_stage_link(h, list[i], m);
		lua_setfield(L, -2, "stage");
		set_bool(L, "owner", b->stages[list[i]].owner_role == r);
		/* every section of the role's standard for the stage; section,
		 * the first, for a template written before there could be more */
		lua_newtable(L);
		for (int sec = plan_stage_section(h->plan, list[i], r); sec >= 0; sec = plan_stage_next(h->plan, sec)) {
			lua_createtable(L, 0, 2);
			set_str(L, "name", b->clauses[sec].title);
			if (h->chref[m][sec])
				set_str(L, "href", h->chref[m][sec]);
			append(L);
		}
		lua_rawgeti(L, -1, 1);
		lua_setfield(L, -3, "section");
		lua_setfield(L, -2, "sections");
		append(L);
	}
	lua_setfield(L, -2, "stages");
	free(list);
}

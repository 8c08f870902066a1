/* html_glossary.c - the glossary page: terms in the book's collation, their
 * letter groups, and the clauses that use each term. */
#include "html_site.h"
#include "collate.h"

#include <stdlib.h>

/* The table of a clause that uses terms: {href, number, title, text =
 * number, tip = title (link()'s names), link = link(u, "xref")}; made once
 * per clause, however many terms it uses (the table of tables at index
 * uses). The link is made here once, not by the glossary per use: 200 000
 * uses on the 100 MB book, a third of the glossary's time; and in C, with
 * esc_html, what l_link gives for such a table (an <a> with title, or the
 * span of a clause left out of this output). */
static void push_use(html *h, int c, int uses)
{
	lua_State *L = h->L;
	if (h->use_slot[c]) {
		lua_rawgeti(L, uses, h->use_slot[c]);
		return;
	}
	const book_clause *cl = &h->b->clauses[c];
	lua_createtable(L, 0, 5);
	set_str(L, "href", h->chref[M_SITE][c]);
	lua_pushstring(L, cl->number ? cl->number : "");
	lua_pushvalue(L, -1);
	lua_setfield(L, -3, "number");
	lua_setfield(L, -2, "text");
	lua_pushstring(L, cl->title ? cl->title : "");
	lua_pushvalue(L, -1);
	lua_setfield(L, -3, "title");
	lua_setfield(L, -2, "tip");
	buf *o = &h->scratch;
	o->len = 0;
	html_put_link(o, piece_of("xref"), piece_of(h->chref[M_SITE][c]), piece_of(cl->title ? cl->title : ""),
	         piece_of(cl->number ? cl->number : ""));
	lua_pushlstring(L, o->data, o->len);
	lua_setfield(L, -2, "link");
	lua_pushvalue(L, -1);
	lua_rawseti(L, uses, ++h->nuse_tables);
	h->use_slot[c] = (int)h->nuse_tables;
}

/* The clauses (in this output) that refer to term t, in document order
 * (plan.h). */
static void push_uses(html *h, int t, int uses)
{
	lua_State *L = h->L;
	plan_uses u = plan_term_uses(h->plan, t);
	lua_createtable(L, (int)u.n, 0);
	for (size_t i = 0; i < u.n; i++) {
		push_use(h, u.clauses[i], uses);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

/* page.letters: the terms sorted for the book's language, grouped by letter. */
void html_push_glossary(html *h)
{
	lua_State *L = h->L;
	const book *b = h->b;
	char cur[8];
	int open = 0;
	/* the use tables, one per clause, shared by its terms (h->use_slot) */
	if (!h->use_slot)
		h->use_slot = xcalloc(b->nclauses ? b->nclauses : 1, sizeof *h->use_slot);
	else
		memset(h->use_slot, 0, (b->nclauses ? b->nclauses : 1) * sizeof *h->use_slot);
	h->nuse_tables = 0;
	lua_newtable(L);
	int uses = lua_gettop(L);
	lua_newtable(L);
	for (size_t i = 0; i < h->ngloss; i++) {
		if (h->letter_ids[i]) {
			if (open) {
				lua_setfield(L, -2, "terms");
				append(L);
			}
			open = 1;
			collate_letter(b->terms[h->gloss[i]].name, cur);
			lua_createtable(L, 0, 3);
			set_str(L, "letter", cur);
			set_str(L, "id", h->letter_ids[i]);
			lua_newtable(L);
		}
		int t = h->gloss[i];
		int c = b->terms[t].clause;
		lua_createtable(L, 0, 7);
		set_str(L, "id", b->clauses[c].id);
		set_str(L, "name", b->terms[t].name);
		set_str(L, "href", h->chref[M_SITE][c]);
		set_str(L, "number", b->clauses[c].number);
		html_set_body(L, "definition", h, M_SITE, c);
		lua_createtable(L, (int)b->terms[t].naka, 0);
		for (size_t k = 0; k < b->terms[t].naka; k++) {
			lua_pushstring(L, b->terms[t].aka[k]);
			append(L);
		}
		lua_setfield(L, -2, "aka");
		push_uses(h, t, uses);
		lua_setfield(L, -2, "uses");
		append(L);
	}
	if (open) {
		lua_setfield(L, -2, "terms");
		append(L);
	}
	lua_remove(L, uses);
}

/* The glossary's letter groups, in the plan's order, decided before any
 * Lua runs. */
void html_plan_glossary(html *h)
{
	const book *b = h->b;
	const int *e = h->gloss;
	size_t n = h->ngloss;
	h->letter_ids = xcalloc(n ? n : 1, sizeof *h->letter_ids);
	char prev[8] = "", cur[8];
	int groups = 0;
	for (size_t i = 0; i < n; i++) {
		collate_letter(b->terms[e[i]].name, cur);
		if (groups && strcmp(cur, prev) == 0)
			continue;
		strcpy(prev, cur);
		char base[32];
		snprintf(base, sizeof base, "letter-%d", ++groups);
		h->letter_ids[i] = html_fixed_id(h, base);
	}
}

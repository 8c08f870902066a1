/* html_glossary.c - the glossary page: terms in the book's collation, their
 * letter groups, and the clauses that use each term. */
#include "html_site.h"
#include "collate.h"

#include <stdlib.h>

/* Sets fields k1, then k2, of the table on top to one string s. */
static void set_twice(lua_State *L, enum html_key k1, enum html_key k2, const char *s)
{
	lua_pushstring(L, s);
	lua_pushvalue(L, lua_upvalueindex(2 + (int)k1));
	lua_pushvalue(L, -2);
	lua_rawset(L, -4);
	setk(L, k2);
}

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
	setk_str(L, K_HREF, h->chref[M_SITE][c]);
	set_twice(L, K_NUMBER, K_TEXT, cl->number ? cl->number : "");
	set_twice(L, K_TITLE, K_TIP, cl->title ? cl->title : "");
	buf *o = &h->scratch;
	o->len = 0;
	html_put_link(o, piece_of("xref"), piece_of(h->chref[M_SITE][c]), piece_of(cl->title ? cl->title : ""),
	         piece_of(cl->number ? cl->number : ""));
	lua_pushlstring(L, o->data, o->len);
	setk(L, K_LINK);
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
		setk_str(L, K_ID, b->clauses[c].id);
		setk_str(L, K_NAME, b->terms[t].name);
		setk_str(L, K_HREF, h->chref[M_SITE][c]);
		setk_str(L, K_NUMBER, b->clauses[c].number);
		html_set_body(L, K_DEFINITION, h, M_SITE, c);
		lua_createtable(L, (int)b->terms[t].naka, 0);
		for (size_t k = 0; k < b->terms[t].naka; k++) {
			lua_pushstring(L, b->terms[t].aka[k]);
			append(L);
		}
		setk(L, K_AKA);
		push_uses(h, t, uses);
		setk(L, K_USES);
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

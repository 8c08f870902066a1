/* html_page.c - the page tables the Lua templates lay out: the site table
 * every page shares, each page's own (its clauses, neighbours, print
 * chapters, history, acknowledgement sheet). */
#include "html_site.h"
#include "history.h"
#include "diagid.h"
#include "manifest.h"

#include <stdlib.h>

void html_set_body(lua_State *L, enum html_key key, const html *h, int m, int c)
{
	if (!h->shown[c]) /* not h->raw: html_render_bodies may be filling it */
		return;
	/* "\1M:C\1" by hand: snprintf was a tenth of pushing a clause */
	char mark[40];
	size_t n = 0;
	mark[n++] = BODY_MARK;
	mark[n++] = (char)('0' + m); /* m < M_COUNT < 10 */
	mark[n++] = ':';
	n += put_decimal(mark + n, (unsigned)c);
	mark[n++] = BODY_MARK;
	lua_pushvalue(L, lua_upvalueindex(2 + (int)key));
	lua_pushlstring(L, mark, n);
	lua_rawset(L, -3);
}

static int stage_of_id(const book *b, const char *id)
{
	int c = book_find_id(b, id);
	return c >= 0 ? b->clauses[c].stage : -1;
}

/* One clause for _clauses.html: heading, what it defines, its body. */
static void push_clause(html *h, int c, int m, int level)
{
	lua_State *L = h->L;
	const book *b = h->b;
	const book_clause *cl = &b->clauses[c];
	lua_createtable(L, 0, 12);
	setk_str(L, K_ID, cl->id);
	setk_str(L, K_NUMBER, cl->number);
	setk_str(L, K_TITLE, cl->title);
	setk_str(L, K_TITLE_HTML, h->title_html[m][c]);
	html_set_body(L, K_BODY, h, m, c);
	setk_str(L, K_HREF, h->chref[m][c]);
	setk_int(L, K_LEVEL, level < 1 ? 1 : level > 6 ? 6 : level);
	setk_int(L, K_DEPTH, cl->depth);
	setk_name(L, K_KIND, book_chapter_kind_name(b->chapters[cl->chapter].kind));
	if (cl->term >= 0) {
		const book_term *t = &b->terms[cl->term];
		lua_createtable(L, 0, 2);
		set_str(L, "name", t->name);
		lua_createtable(L, (int)t->naka, 0);
		for (size_t i = 0; i < t->naka; i++) {
			lua_pushstring(L, t->aka[i]);
			append(L);
		}
		lua_setfield(L, -2, "aka");
		lua_setfield(L, -2, "term");
	}
	if (cl->role >= 0 && cl->depth == 1) {
		html_push_role(h, cl->role, m);
		lua_setfield(L, -2, "role");
	}
	if (cl->stage >= 0) {
		const book_stage *st = &b->stages[cl->stage];
		lua_createtable(L, 0, 2);
		set_str(L, "id", st->id);
		if (st->owner_role >= 0) {
			html_push_role(h, st->owner_role, m);
			lua_setfield(L, -2, "owner");
		} else if (st->owner) {
			lua_createtable(L, 0, 1);
			set_str(L, "name", st->owner);
			lua_setfield(L, -2, "owner");
		}
		lua_setfield(L, -2, "stage");
	}
	if (cl->stage_ref) {
		int s = stage_of_id(b, cl->stage_ref);
		if (s >= 0) {
			html_push_stage_link(h, s, m);
			lua_setfield(L, -2, "stage_ref");
		}
	}
	if (cl->nroles_attr) {
		int all = 0;
		lua_newtable(L);
		for (size_t i = 0; i < cl->nroles_attr; i++) {
			if (strcmp(cl->roles_attr[i], "all") == 0) {
				all = 1;
				continue;
			}
			int r = book_find_role(b, cl->roles_attr[i]);
			if (r >= 0) {
				html_push_role(h, r, m);
			} else {
				lua_createtable(L, 0, 1);
				set_str(L, "name", cl->roles_attr[i]);
			}
			append(L);
		}
		lua_setfield(L, -2, "covers");
		set_bool(L, "covers_all", all);
	}
	if (b->chapters[cl->chapter].kind == CH_ROLES && cl->depth == 0 && h->plan->overview) {
		/* The roles chapter opens with the overview of its roles when
		 * the plan says so (the whole book: a role book has its own
		 * stages in its journey chapter, not every role's matrix). */
		html_push_overview(h, m, level + 1);
		lua_setfield(L, -2, "overview");
	}
	if (b->chapters[cl->chapter].kind == CH_ROLES && cl->depth == 0 && h->plan->summary_role >= 0) {
		/* a role book: its role's summary, not an empty page */
		html_push_summary(h, m);
		lua_setfield(L, -2, "summary");
	}
}

/* A role's name by id, NULL when the book has no such role. */
static const char *role_name(const book *b, const char *id)
{
	int r = id ? book_find_role(b, id) : -1;
	return r < 0 ? NULL : b->roles[r].name ? b->roles[r].name : b->roles[r].id;
}

/* Document control (FORMAT.md 9) for the covers: who owns the book (or,
 * in a role book, that role's standard), who approved it, when, and from
 * when it applies; only what book.lua and the role's heading say. */
static void push_control(html *h)
{
	lua_State *L = h->L;
	const book *b = h->b;
	const book_config *cf = &b->config;
	const char *std_owner = h->v && h->v->role >= 0 && (size_t)h->v->role < b->nroles
		? role_name(b, b->roles[h->v->role].owner) : NULL;
	const char *v[][2] = {
		{"owner", role_name(b, cf->owner)}, {"standard_owner", std_owner},
		{"approved_by", cf->approved_by}, {"approved", cf->approved}, {"effective", cf->effective},
	};
	int any = 0;
	lua_createtable(L, 0, 6);
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		if (v[i][1] && *v[i][1]) {
			set_str(L, v[i][0], v[i][1]);
			any = 1;
		}
	set_bool(L, "any", any);
}

/* The roles, in the book's order, for the home page's "choose your role". */
static void push_role_choice(html *h)
{
	lua_State *L = h->L;
	const int *order = h->role_order;
	lua_newtable(L);
	for (size_t i = 0; i < h->b->nroles; i++) {
		int r = order[i];
		if (h->b->roles[r].clause < 0 || !h->shown[h->b->roles[r].clause])
			continue;
		html_push_role(h, r, M_SITE);
		append(L);
	}
}

/* The site table every page shares. */
static void push_site(html *h)
{
	lua_State *L = h->L;
	const book *b = h->b;
	const book_config *cf = &b->config;
	buf *o = &h->scratch;
	lua_createtable(L, 0, 12);
	set_str(L, "lang", book_lang_tag(cf));
	set_str(L, "title", cf->title && *cf->title ? cf->title : "");
	if (cf->organization && *cf->organization)
		set_str(L, "organization", cf->organization);
	if (cf->version && *cf->version)
		set_str(L, "version", cf->version);
	if (h->v && h->v->full_url && *h->v->full_url)
		set_str(L, "full_url", h->v->full_url);
	if (h->v && h->v->role >= 0 && (size_t)h->v->role < b->nroles) {
		html_push_role(h, h->v->role, M_SITE);
		lua_setfield(L, -2, "role_book");
	}
	push_control(h);
	lua_setfield(L, -2, "control");
	push_role_choice(h);
	lua_setfield(L, -2, "roles");
	set_bool(L, "has_glossary", h->glossary_page >= 0);
	if (h->history_page >= 0)
		set_str(L, "history_href", html_page_href(h, h->history_page, o));
	memset(h->toc_count, 0, (b->nchapters + 1) * sizeof *h->toc_count);
	lua_createtable(L, 0, 4);
	set_str(L, "main", h->id_main);
	set_str(L, "search", h->id_search);
	set_str(L, "results", h->id_results);
	set_str(L, "toc", h->id_toc);
	lua_setfield(L, -2, "ids");
	/* The contents: chapters, and below each its depth-1 clauses. */
	lua_newtable(L);
	for (size_t p = 0; p < h->npages; p++) {
		const plan_page *pg = &h->pages[p];
		if (pg->kind != PLAN_PAGE_CHAPTER && pg->kind != PLAN_PAGE_ROLES)
			continue;
		lua_createtable(L, 0, 7);
		set_str(L, "number", b->clauses[pg->top].number);
		set_str(L, "title", b->clauses[pg->top].title);
		set_str(L, "id", b->clauses[pg->top].id);
		set_str(L, "href", html_page_href(h, (int)p, o));
		set_str(L, "page", pg->name);
		set_str(L, "kind", book_chapter_kind_name(b->chapters[pg->chapter].kind));
		set_bool(L, "top", 1);
		lua_newtable(L);
		for (size_t i = 0; i < b->nclauses; i++) {
			const book_clause *cl = &b->clauses[i];
			if (!h->shown[i] || cl->chapter != pg->chapter || cl->depth != 1)
				continue;
			h->toc_pos[i] = ++h->toc_count[pg->chapter];
			int cp = h->page_of[i];
			int top = h->pages[cp].top == (int)i;
			lua_createtable(L, 0, 6);
			setk_str(L, K_NUMBER, cl->number);
			setk_str(L, K_TITLE, cl->title);
			setk_str(L, K_ID, cl->id);
			setk_str(L, K_HREF, top ? html_page_href(h, cp, o) : h->chref[M_SITE][i]);
			setk_str(L, K_PAGE, h->pages[cp].name);
			setk_bool(L, K_TOP, top);
			setk_bool(L, K_TERM, cl->term >= 0);
			append(L);
		}
		lua_setfield(L, -2, "children");
		append(L);
	}
	lua_setfield(L, -2, "toc");
}

static const char *page_template(plan_page_kind k)
{
	switch (k) {
	case PLAN_PAGE_INDEX: return "index.html";
	case PLAN_PAGE_ROLES: return "roles.html";
	case PLAN_PAGE_GLOSSARY: return "glossary.html";
	case PLAN_PAGE_PRINT: return "print.html";
	case PLAN_PAGE_HISTORY: return "history.html";
	default: return "chapter.html";
	}
}

static const char *page_kind_name(plan_page_kind k)
{
	static const char *const names[] = {
		[PLAN_PAGE_INDEX] = "index", [PLAN_PAGE_CHAPTER] = "chapter", [PLAN_PAGE_ROLES] = "roles",
		[PLAN_PAGE_ROLE] = "role", [PLAN_PAGE_GLOSSARY] = "glossary", [PLAN_PAGE_HISTORY] = "history",
		[PLAN_PAGE_PRINT] = "print",
	};
	return names[k];
}

/* The title of page p: its first clause's, else a word of the output. */
static const char *page_title(const html *h, int p, const char **number)
{
	const plan_page *pg = &h->pages[p];
	*number = NULL;
	if (pg->top >= 0) {
		*number = h->b->clauses[pg->top].number;
		return h->b->clauses[pg->top].title;
	}
	switch (pg->kind) {
	case PLAN_PAGE_GLOSSARY: return h->w_glossary;
	case PLAN_PAGE_PRINT: return h->w_print;
	case PLAN_PAGE_HISTORY: return h->w_history;
	default: return h->w_home;
	}
}

static void push_neighbour(html *h, int p, const char *key)
{
	lua_State *L = h->L;
	const char *number;
	const char *title = page_title(h, p, &number);
	lua_createtable(L, 0, 3);
	set_str(L, "href", html_page_href(h, p, &h->scratch));
	set_str(L, "number", number);
	set_str(L, "title", title);
	lua_setfield(L, -2, key);
}

/* The revision history page (FORMAT.md 9): {partial, versions = {...}},
 * the newest version first; each version's changes grouped by role, as
 * history.c lists them (role by role), a clause the book still shows
 * linked. */
static void push_history(html *h)
{
	lua_State *L = h->L;
	const history *hi = h->b->history;
	lua_createtable(L, 0, 2);
	set_bool(L, "partial", hi->shallow || hi->detached);
	lua_createtable(L, (int)hi->n, 0);
	for (size_t i = hi->n; i-- > 0;) {
		const history_version *v = &hi->v[i];
		lua_createtable(L, 0, 8);
		set_int(L, "n", (int)i + 1);
		set_str(L, "version", v->version);
		set_str(L, "date", v->date);
		set_str(L, "author", v->author);
		lua_pushlstring(L, v->commit, 12);
		lua_setfield(L, -2, "commit");
		set_bool(L, "first", v->first);
		lua_newtable(L); /* roles */
		const char *role = NULL;
		for (size_t k = 0; k < v->nchanges; k++) {
			const history_change *c = &v->changes[k];
			if (!role || strcmp(role, c->role_id) != 0) {
				if (role)
					append(L); /* the role before */
				role = c->role_id;
				lua_createtable(L, 0, 2);
				set_str(L, "name", c->role_name);
				lua_newtable(L);
				lua_setfield(L, -2, "changes");
			}
			lua_getfield(L, -1, "changes");
			lua_createtable(L, 0, 5);
			set_str(L, "number", c->number);
			set_str(L, "title", c->title);
			set_str(L, "kind", c->kind);
			set_bool(L, "was", c->was);
			if (c->effect)
				set_str(L, "effect", c->effect);
			int cl = book_find_id(h->b, c->clause_id);
			if (cl >= 0 && h->shown[cl])
				set_str(L, "href", h->chref[M_SITE][cl]);
			append(L);
			lua_pop(L, 1);
		}
		if (role)
			append(L);
		lua_setfield(L, -2, "roles");
		append(L);
	}
	lua_setfield(L, -2, "versions");
}

/* A role book's acknowledgement sheet (FORMAT.md 9): what the employee
 * signs for, the role, the version and the fingerprint of the role's
 * obligations (manifest.json's, which reread compares). */
static void push_ack(html *h)
{
	lua_State *L = h->L;
	const book *b = h->b;
	char fp[17];
	manifest_fingerprint(b, h->v, fp);
	lua_createtable(L, 0, 3);
	set_str(L, "role", b->roles[h->v->role].name ? b->roles[h->v->role].name : b->roles[h->v->role].id);
	if (b->config.version && *b->config.version)
		set_str(L, "version", b->config.version);
	set_str(L, "fingerprint", fp);
}

/* The print version: every chapter with all its clauses, links inside. */
static void push_print_chapter(html *h, const plan_page *cp)
{
	lua_State *L = h->L;
	const book *b = h->b;
	lua_createtable(L, 0, 2);
	set_str(L, "kind", book_chapter_kind_name(b->chapters[cp->chapter].kind));
	lua_newtable(L);
	for (size_t i = 0; i < b->nclauses; i++) {
		if (!h->shown[i] || b->clauses[i].chapter != cp->chapter)
			continue;
		push_clause(h, (int)i, M_PRINT, b->clauses[i].depth + 2);
		append(L);
	}
	lua_setfield(L, -2, "clauses");
	append(L);
}

/* In the order of the book, but a role book's glossary (the terms
 * chapter) comes last: its reader starts with their duties and looks
 * terms up at the end, as in a printed manual. */
static void push_print_chapters(html *h)
{
	lua_State *L = h->L;
	int terms_last = h->v && h->v->role >= 0;
	lua_newtable(L);
	for (int pass = 0; pass < 1 + terms_last; pass++)
		for (size_t q = 0; q < h->npages; q++) {
			const plan_page *cp = &h->pages[q];
			if (cp->kind != PLAN_PAGE_CHAPTER && cp->kind != PLAN_PAGE_ROLES)
				continue;
			int terms = h->b->chapters[cp->chapter].kind == CH_TERMS;
			if (terms_last && terms != pass)
				continue;
			push_print_chapter(h, cp);
		}
}

/* A chapter with more sidebar entries than TOC_ALL shows, on its pages,
 * only the TOC_AROUND entries on each side of the page's own (the chapter's
 * page lists them all): 2 000 role pages that each listed all 2 000 roles
 * made the output grow with the square of the book. */
#define TOC_ALL 50
#define TOC_AROUND 10

/* page.toc_from and page.toc_to: the window of the current chapter's
 * sidebar entries (1-based, inclusive) when it is cut. */
static void set_toc_window(html *h, const plan_page *pg)
{
	if (pg->chapter < 0 || pg->top < 0)
		return;
	int n = h->toc_count[pg->chapter], pos = h->toc_pos[pg->top];
	if (n <= TOC_ALL || pos == 0) /* pos 0: the chapter's own page */
		return;
	int from = pos - TOC_AROUND, to = pos + TOC_AROUND;
	set_int(h->L, "toc_from", from < 1 ? 1 : from);
	set_int(h->L, "toc_to", to > n ? n : to);
}

/* lua: render_page(M, site, p) -> html. Builds page p's table and lays it
 * out with M.page(site, page). Runs inside the sandbox's protected call; it
 * holds no malloc'd memory while Lua may raise (all of it is owned by h). */
static int l_render_page(lua_State *L)
{
	html *h = lua_touserdata(L, lua_upvalueindex(1));
	const book *b = h->b;
	int p = (int)luaL_checkinteger(L, 3);
	const plan_page *pg = &h->pages[p];
	lua_getfield(L, 1, "page");
	lua_pushvalue(L, 2);
	lua_createtable(L, 0, 14);
	set_str(L, "name", pg->name);
	lua_pushfstring(L, "%s.html", pg->name);
	lua_setfield(L, -2, "file");
	set_str(L, "href", html_page_href(h, p, &h->scratch));
	set_str(L, "kind", page_kind_name(pg->kind));
	set_str(L, "template", page_template(pg->kind));
	const char *number;
	set_str(L, "title", page_title(h, p, &number));
	set_str(L, "number", number);
	if (pg->chapter >= 0) {
		set_str(L, "chapter_kind", book_chapter_kind_name(b->chapters[pg->chapter].kind));
		set_str(L, "chapter_page", b->chapters[pg->chapter].page);
	} else {
		set_str(L, "chapter_page", pg->name);
	}
	set_toc_window(h, pg);
	if (pg->kind != PLAN_PAGE_PRINT) {
		if (p > 0)
			push_neighbour(h, p - 1, "prev");
		if ((size_t)p + 1 < h->npages && h->pages[p + 1].kind != PLAN_PAGE_PRINT)
			push_neighbour(h, p + 1, "next");
	}
	if (pg->nclauses) {
		int topdepth = b->clauses[pg->clauses[0]].depth;
		lua_createtable(L, (int)pg->nclauses, 0);
		for (size_t i = 0; i < pg->nclauses; i++) {
			int c = pg->clauses[i];
			push_clause(h, c, M_SITE, b->clauses[c].depth - topdepth + 1);
			append(L);
		}
		lua_setfield(L, -2, "clauses");
	}
	if (pg->kind == PLAN_PAGE_GLOSSARY) {
		html_push_glossary(h);
		lua_setfield(L, -2, "letters");
	}
	if (pg->kind == PLAN_PAGE_PRINT) {
		push_print_chapters(h);
		lua_setfield(L, -2, "chapters");
		set_bool(L, "terms_last", h->v && h->v->role >= 0);
		if (h->v && h->v->role >= 0 && (size_t)h->v->role < b->nroles) {
			push_ack(h);
			lua_setfield(L, -2, "ack");
		}
	}
	if (pg->kind == PLAN_PAGE_HISTORY) {
		push_history(h);
		lua_setfield(L, -2, "history");
	}
	lua_call(L, 2, 1);
	return 1;
}

/* Pushes fn as a closure of h and the key names (html_site.h's setk_str:
 * the page tables' functions run as such closures). */
static void push_layout_fn(html *h, lua_CFunction fn)
{
	static const char *const names[] = {
#define HTML_KEY_NAME(k, s) s,
		HTML_KEYS(HTML_KEY_NAME)
#undef HTML_KEY_NAME
	};
	lua_State *L = h->L;
	lua_pushlightuserdata(L, h);
	for (int k = 0; k < K_COUNT; k++)
		lua_pushstring(L, names[k]);
	lua_pushcclosure(L, fn, 1 + K_COUNT);
}

/* lua: build_site(M) -> site table. */
static int l_build_site(lua_State *L)
{
	html *h = lua_touserdata(L, lua_upvalueindex(1));
	push_site(h);
	return 1;
}

/* Makes stack slot 2 the site table (slot 1 is the template module). */
int html_ensure_site(html *h)
{
	lua_State *L = h->L;
	if (lua_gettop(L) >= 2)
		return 0;
	char *err = NULL;
	push_layout_fn(h, l_build_site);
	if (sandbox_call(h->sb, 0, 1, 0, &err) != LUA_OK) {
		html_lua_fail(h, "site data", err);
		return -1;
	}
	return 0;
}

/* Lays out page p through the templates: pushes its text (with body
 * markers); -1 when the templates failed (reported). */
int html_layout_page(html *h, size_t p)
{
	lua_State *L = h->L;
	char *err = NULL;
	h->nsink = 0; /* a page before this one may have failed mid-render */
	/* made once: the key names are 20 strings to push */
	static const char render_fn = 0;
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &render_fn) != LUA_TFUNCTION) {
		lua_pop(L, 1);
		push_layout_fn(h, l_render_page);
		lua_pushvalue(L, -1);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &render_fn);
	}
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_pushinteger(L, (lua_Integer)p);
	if (sandbox_call(h->sb, 3, 1, 0, &err) != LUA_OK) {
		char *what = xasprintf("page %s.html", h->pages[p].name);
		html_lua_fail(h, what, err);
		free(what);
		return -1;
	}
	/* h: html_lua.c's close_page left the text in h->laid; else the
	 * layout returned text of its own ({% return %}) */
	if (lua_touserdata(L, -1) != h) {
		if (!lua_isstring(L, -1)) {
			diag_add(h->d, NULL, 0, 0, SEV_FATAL, DIAG_ID(TEMPLATE_ERROR), NULL,
				 "HTML page %s.html: the layout did not return text", h->pages[p].name);
			lua_pop(L, 1);
			return -1;
		}
		size_t n;
		const char *s = lua_tolstring(L, -1, &n);
		h->laid.len = 0;
		buf_put(&h->laid, s, n);
	}
	lua_pop(L, 1);
	if (!h->laid.data)
		buf_put(&h->laid, "", 0); /* text with its NUL, however short */
	return 0;
}

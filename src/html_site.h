/* html_site.h - what the HTML backend's modules share (not for other
 * modules: they call html.h). One html_site per output; each module
 * below owns one concern and documents the fields it fills:
 *   html.c         html_begin / html_end: the site's life
 *   html_plan.c    which clauses are shown, the pages, every address, fixed ids
 *   html_body.c    clause bodies and headings through cmark-gfm; reference
 *                  markup; body markers spliced into the written pages
 *   html_page.c    the page tables pushed to the Lua templates
 *   html_overview.c  the roles overview (pyramid, lines, matrix) and role links
 *   html_glossary.c  the glossary's order, letter groups and term uses
 *   html_lua.c     the template engine: sandbox, template files, C helpers
 *   html_write.c   the writer thread, the assets, html_write_site
 *   html_search.c  search-index.js
 * Included by: html*.c. */
#ifndef SVCBOOK_HTML_SITE_H
#define SVCBOOK_HTML_SITE_H

#include "html.h"
#include "plan.h"
#include "sandbox.h"
#include "strmap.h"
#include "thread.h"
#include "util.h"

#include <lauxlib.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

/* Links are written twice: for the site (page.html#id) and for the
 * one-page print version (#id). */
enum { M_SITE, M_PRINT, M_COUNT };

enum { TIP_MAX = 280 }; /* bytes of a definition shown on hover */

typedef struct html_site html;

/* A marked reference link in a rendered body (html_body.c), by offset:
 * its "<a href=" tag, its text after the tag, and its "</a>" (NO_CLOSE
 * when it has none: the rest of the body is its text). */
typedef struct {
	size_t at, text, close;
	int ref;
} body_ref;
#define NO_CLOSE ((size_t)-1)

/* A clause body as cmark-gfm wrote it, and its marked reference links,
 * found once when it is rendered (not each time a page splices it in):
 * one block, freed with free(). */
typedef struct {
	size_t len, nrefs;
	const body_ref *refs;
	const char *text; /* len bytes and a NUL */
} html_body;

struct html_site {
	const book *b;
	book *release;              /* b, when html_render_bodies may free its trees
	                               (html_release_trees), else NULL */
	const book_view *v;
	const char *outdir, *datadir;
	diag_list *d;
	const plan *plan;           /* what this output shows (plan.h). The next
	                               fields are its, read from it */
	plan *own_plan;             /* plan when html_begin made it (owned), else NULL */
	const unsigned char *shown; /* per clause: written in this output */
	const int *page_of;         /* per clause: page index, -1 when not shown */
	const int *role_order;      /* the book's role order */
	const plan_page *pages;     /* the site's pages (file name: name.html) */
	size_t npages;
	const int *gloss;           /* the glossary: term indices, in order */
	size_t ngloss;
	char **chref[M_COUNT];      /* per clause: its address, NULL when it has none */
	html_body **raw;            /* per clause: its body as cmark-gfm wrote it, references marked */
	html_body **raw_print;      /* per clause: the same for print when its inner headings differ */
	char **title_html[M_COUNT]; /* per clause: rendered heading inlines */
	int glossary_page, history_page; /* page indices, -1 when none */
	buf wbuf;                   /* a body's references' markup, on its way to a page */
	int options;
	sandbox *sb;
	lua_State *L;
	char *w_unresolved, *w_glossary, *w_print, *w_home, *w_history; /* from templates/words.lua */
	const char *id_main, *id_search, *id_results, *id_toc;
	const char *id_pyramid, *id_lines, *id_matrix;
	const char **letter_ids;    /* per glossary entry: its group's id (NULL within a group) */
	char **fixed;               /* ids the output adds: main, search, ... */
	size_t nfixed, cap_fixed;
	strmap fixed_ids;
	char *bookdir_real;
	buf scratch;                /* addresses built while Lua may raise */
	buf *sink;                  /* html_lua.c: the text of each open render, outermost first */
	size_t nsink, nsink_made, cap_sink; /* renders open, buffers made, slots */
	size_t sink_cap;            /* the most text one render may hold */
	buf laid;                   /* html_layout_page: the page's text, laid out */
	char *last_read;            /* the template text last read for Lua */
	char **tip_term, **tip_role, **tip_clause; /* hover texts, escaped, made once per target */
	int *toc_pos;               /* per clause: its 1-based place among its chapter's sidebar entries, 0 none */
	int *toc_count;             /* per chapter: how many sidebar entries it has */
	int *use_slot;              /* glossary: per clause, its use table's index in the uses array, or 0 */
	lua_Integer nuse_tables;    /* glossary: use tables made */
	struct html_search *search; /* html_search.c's own, NULL before the index */
	/* the bodies' progress, and html_write.c's writer queue (its own) */
	thread_gate gate;           /* bodies rendered, a page queued or taken, the end */
	atomic_size_t bodies_done;  /* raw[c] is final for every c below it */
};

/* A piece of text for html_put_link: s NULL when there is none (nil, false). */
typedef struct {
	const char *s;
	size_t n;
} piece;

static inline piece piece_of(const char *s)
{
	return (piece){s, s ? strlen(s) : 0};
}

/* ---- Lua table helpers (the page data) ---- */

static inline void set_str(lua_State *L, const char *key, const char *s)
{
	if (!s)
		return;
	/* not lua_pushstring: its cache of C strings by address, which the
	 * keys hit, would be filled with values that never recur */
	lua_pushlstring(L, s, strlen(s));
	lua_setfield(L, -2, key);
}

static inline void set_int(lua_State *L, const char *key, lua_Integer n)
{
	lua_pushinteger(L, n);
	lua_setfield(L, -2, key);
}

static inline void set_bool(lua_State *L, const char *key, int v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, key);
}

/* The names of the fields made for every clause, term, use, role and
 * contents entry (240 000 fields on the 10 MB bench book), as Lua strings
 * made once: upvalues 2... of the functions that build the page tables
 * (html_page.c's l_render_page and l_build_site, inside which every setk_
 * call runs), set with lua_rawset. lua_setfield found the name in Lua's
 * cache of C strings (a strcmp) and then in the table, a third of a
 * field's cost. The tables are the same: the same fields, in the same
 * order. */
#define HTML_KEYS(X)                                                                                    \
	X(ID, "id") X(NUMBER, "number") X(TITLE, "title") X(TITLE_HTML, "title_html") X(BODY, "body")     \
	X(DEFINITION, "definition") X(HREF, "href") X(LEVEL, "level") X(DEPTH, "depth") X(KIND, "kind")   \
	X(NAME, "name") X(LINE, "line") X(AKA, "aka") X(USES, "uses") X(TEXT, "text") X(TIP, "tip")       \
	X(LINK, "link") X(PAGE, "page") X(TOP, "top") X(TERM, "term")

enum html_key {
#define HTML_KEY_ENUM(k, s) K_##k,
	HTML_KEYS(HTML_KEY_ENUM)
#undef HTML_KEY_ENUM
	K_COUNT
};

/* Sets field k of the table below the value on top of the stack to it,
 * and pops it. */
static inline void setk(lua_State *L, enum html_key k)
{
	lua_pushvalue(L, lua_upvalueindex(2 + (int)k));
	lua_insert(L, -2);
	lua_rawset(L, -3);
}

static inline void setk_str(lua_State *L, enum html_key k, const char *s)
{
	if (!s)
		return;
	lua_pushvalue(L, lua_upvalueindex(2 + (int)k));
	lua_pushlstring(L, s, strlen(s)); /* not lua_pushstring: see set_str */
	lua_rawset(L, -3);
}

/* setk_str for a name of svcbook's own (a chapter's kind, a role's
 * level), a constant string that recurs: lua_pushstring finds it in Lua's
 * cache of C strings by address instead of hashing it again. */
static inline void setk_name(lua_State *L, enum html_key k, const char *s)
{
	if (!s)
		return;
	lua_pushvalue(L, lua_upvalueindex(2 + (int)k));
	lua_pushstring(L, s);
	lua_rawset(L, -3);
}

static inline void setk_int(lua_State *L, enum html_key k, lua_Integer n)
{
	lua_pushvalue(L, lua_upvalueindex(2 + (int)k));
	lua_pushinteger(L, n);
	lua_rawset(L, -3);
}

static inline void setk_bool(lua_State *L, enum html_key k, int v)
{
	lua_pushvalue(L, lua_upvalueindex(2 + (int)k));
	lua_pushboolean(L, v);
	lua_rawset(L, -3);
}

/* Appends the value on top of the stack to the array just below it. */
static inline void append(lua_State *L)
{
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
}

/* Clause bodies reach the templates as a short marker, "\1MODE:CLAUSE\1",
 * that write_pages replaces with the rendered HTML as it writes the page:
 * the book's text is neither copied into Lua nor concatenated there (the
 * print page holds the whole book, and its copies were most of build's
 * peak memory). Templates emit c.body and term.definition raw and
 * unchanged. The reader and config.c turn control characters of the
 * sources and book.lua into U+FFFD, so the book's text cannot hold a
 * marker; a book's own template could write one, as it could any HTML. */
#define BODY_MARK '\1'

/* ---- html_plan.c ---- */

/** Plans the site before any page is laid out, from plan p of its view
 *  (NULL: made here): the shown clauses, the pages, every clause's
 *  address in both modes, the role order, the ids the output adds, the
 *  glossary (html_plan_glossary). */
void html_plan(html *h, const plan *p);

/** An id for the output's own elements: base unless a clause or another
 *  fixed id has it, else base-2, base-3, ... Owned by h. */
const char *html_fixed_id(html *h, const char *base);

/** "NAME.html" of page p, escaped for an address, built in o. */
const char *html_page_href(html *h, int p, buf *o);

/* ---- html_body.c: cmark-gfm rendering, callable by any backend that has
 * planned an html_site (html_begin): html_render_titles renders
 * every shown heading (h->title_html), reference links marked;
 * html_render_bodies (html.h) renders every shown body into h->raw with
 * the references marked (xref_freeze); a page's text
 * with body markers goes out through html_splice_bodies. ---- */

/** Renders the shown clauses' headings. */
void html_render_titles(html *h);

/** Writes page text s (n bytes, body markers in it) to f with every
 *  marker replaced by its body, references' markup put in; waits for a
 *  body html_render_bodies has not finished yet. */
void html_splice_bodies(html *h, const char *s, size_t n, FILE *f);

/* ---- html_page.c ---- */

/** Sets field key of the table on top of L to the marker of clause c's
 *  body in mode m (nothing for a clause this output leaves out). */
void html_set_body(lua_State *L, enum html_key key, const html *h, int m, int c);

/** Makes stack slot 2 the site table (slot 1 is the template module). */
int html_ensure_site(html *h);

/** Lays out page p through the templates: its text (with body markers)
 *  in h->laid; -1 when the templates failed (reported). */
int html_layout_page(html *h, size_t p);

/** Done with h->laid (copied): empties it, and lets a large one go. */
void html_laid_done(html *h);

/* ---- html_overview.c ---- */

/** Pushes {id, name, href, line, level} for role r, linked in mode m. */
void html_push_role(html *h, int r, int m);

/** Pushes {id, name, number, href} for stage s, linked in mode m. */
void html_push_stage_link(html *h, int s, int m);

/** Pushes the roles overview (pyramid, lines, matrix); headings at level. */
void html_push_overview(html *h, int m, int level);
/* A role book's roles chapter opens with its role's summary instead
 * (plan.summary_role): {role, level, line, stages = {{stage, owner,
 * section}}}. */
void html_push_summary(html *h, int m);

/* ---- html_glossary.c ---- */

/** The glossary order and its letter groups, decided before any Lua runs. */
void html_plan_glossary(html *h);

/** Pushes page.letters: the terms in order, grouped by letter. */
void html_push_glossary(html *h);

/* ---- html_lua.c ---- */

/** Appends link(x, class)'s markup (lua/template.lua) to o. */
void html_put_link(buf *o, piece cls, piece href, piece tip, piece text);

/** Whether name is one plain file name a template or asset may have. */
int html_template_name_ok(const char *name);

/** templates/name: the book's own copy, else svcbook's; NULL when there
 *  is none. Caller frees. */
char *html_read_template(html *h, const char *name, size_t *len);

/** Reports a template failure (what: which step) and frees err. */
void html_lua_fail(html *h, const char *what, char *err);

/** Starts the sandbox with lua/template.lua's module at stack index 1. */
int html_start_lua(html *h);

/** Copies the words C itself needs from templates/words.lua. */
int html_fetch_words(html *h);

/* ---- html_search.c ---- */

/** Keeps shown clause c's distinct text stems for the search index
 *  (html_render_bodies, while it reads c's tree): the index then reads
 *  no tree. */
void html_search_take(html *h, int c);
/** Frees what the search index keeps in h. */
void html_search_free(html *h);

#endif

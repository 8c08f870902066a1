/* html_lua.c - the template engine: lua/template.lua in the sandbox, the
 * template files (the book's own copy first), and the helpers written in
 * C for speed (escape, str, link, read, and the sink a render's text goes
 * into: open, put, close). */
#include "html_site.h"
#include "diagid.h"
#include "escape.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

/* An attribute (open: ' name="') with value v escaped, when v is given. */
static void put_attr(buf *o, const char *open, piece v)
{
	if (!v.s)
		return;
	buf_puts(o, open);
	esc_html_n(o, v.s, v.n);
	buf_putc(o, '"');
}

/* The markup of link(x, class) (lua/template.lua): an <a> to href showing
 * text, with class and tip (its title) when given; with no href, the text
 * in a span of the class and "excluded". The one writer of it: l_link
 * for the templates, push_use for the glossary's uses. */
void html_put_link(buf *o, piece cls, piece href, piece tip, piece text)
{
	if (!href.s) {
		buf_puts(o, "<span class=\"");
		esc_html_n(o, cls.s, cls.n);
		buf_puts(o, " excluded\">");
		esc_html_n(o, text.s, text.n);
		buf_puts(o, "</span>");
		return;
	}
	buf_puts(o, "<a");
	put_attr(o, " class=\"", cls);
	put_attr(o, " href=\"", href);
	put_attr(o, " title=\"", tip);
	buf_puts(o, ">");
	esc_html_n(o, text.s, text.n);
	buf_puts(o, "</a>");
}

/* ---- templates and the sandbox ---- */

/* A template name is one plain file name: letters, digits, '.', '_', '-',
 * not starting with '.'. */
int html_template_name_ok(const char *name)
{
	if (!*name || *name == '.' || strlen(name) > 128)
		return 0;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '_' || *p == '-'))
			return 0;
	return 1;
}

/* The book's own BOOKDIR/templates/name when it is a file inside the book
 * folder, else NULL; one that is there but leads out of the folder (a
 * symlink) or is no file is ignored with a warning. Caller frees. */
static char *book_template_path(html *h, const char *name)
{
	if (!h->bookdir_real)
		return NULL;
	char *cand = xasprintf("%s/templates/%s", h->b->dir, name);
	char *real = realpath(cand, NULL);
	struct stat st;
	int there = lstat(cand, &st) == 0;
	free(cand);
	size_t n = strlen(h->bookdir_real);
	if (!real || strncmp(real, h->bookdir_real, n) != 0 || real[n] != '/' || stat(real, &st) != 0 ||
	    !S_ISREG(st.st_mode)) {
		/* a template silently replaced by svcbook's would puzzle its
		 * author; assets have copy_assets' own warning */
		if (there && (str_ends(name, ".html") || str_ends(name, ".lua")))
			diag_add(h->d, NULL, 0, 0, SEV_WARNING, DIAG_ID(UNSAFE_PATH),
				 "copy the file into the book's templates/ folder",
				 "templates/%s leads outside the book folder or is not a file: svcbook's own is used", name);
		free(real);
		return NULL;
	}
	return real;
}

/* Reads templates/name: the book's own copy first (unless only_ours),
 * then svcbook's; *theirs says which (may be NULL). */
static char *read_template_from(html *h, const char *name, size_t *len, int only_ours, int *theirs)
{
	if (theirs)
		*theirs = 0;
	if (!html_template_name_ok(name))
		return NULL;
	char *path = only_ours ? NULL : book_template_path(h, name);
	char *text = path ? read_file(path, len) : NULL;
	free(path);
	if (text && theirs)
		*theirs = 1;
	if (!text) {
		path = xasprintf("%s/templates/%s", h->datadir, name);
		text = read_file(path, len);
		free(path);
	}
	return text;
}

char *html_read_template(html *h, const char *name, size_t *len)
{
	return read_template_from(h, name, len, 0, NULL);
}

/* lua: read(name [, ours]) -> text | nil, message. With ours true, only
 * svcbook's own copy (for words.lua, which a book's copy extends). */
static int l_read(lua_State *L)
{
	html *h = lua_touserdata(L, lua_upvalueindex(1));
	const char *name = luaL_checkstring(L, 1);
	size_t len = 0;
	free(h->last_read); /* held by h, so a raising push leaks nothing */
	int theirs;
	h->last_read = read_template_from(h, name, &len, lua_toboolean(L, 2), &theirs);
	if (theirs) /* the book's code from now on: metered (html_start_lua) */
		sandbox_trust(h->sb, 0);
	if (!h->last_read) {
		lua_pushnil(L);
		lua_pushfstring(L, "no template named '%s'", name);
		return 2;
	}
	lua_pushlstring(L, h->last_read, len);
	return 1;
}

/* Integer v as tostring writes it (LUA_INTEGER_FMT, "%lld") into d;
 * returns its length. */
static size_t int_text(lua_Integer v, char d[24])
{
	size_t k = v < 0;
	d[0] = '-';
	/* unsigned: the most negative integer has no positive counterpart */
	return k + put_decimal(d + k, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
}

/* luaL_tolstring of slot i (absolute): pushes tostring(v) and returns it.
 * An integer with no metatable (the heading levels and line numbers,
 * tens of thousands a build) is written here, as tostring writes it
 * (LUA_INTEGER_FMT, "%lld"), without luaL_tolstring's pushfstring and
 * snprintf. */
static const char *push_tostring(lua_State *L, int i, size_t *n)
{
	if (lua_isinteger(L, i) && lua_getmetatable(L, i))
		lua_pop(L, 1); /* a metatable (none in the sandbox): its __tostring */
	else if (lua_isinteger(L, i)) {
		char d[24];
		return lua_pushlstring(L, d, int_text(lua_tointeger(L, i), d)), lua_tolstring(L, -1, n);
	}
	return luaL_tolstring(L, i, n);
}

/* lua: escape(v) -> text: template.lua's escaper, the same mapping as
 * esc_html over the whole Lua string (NULs included); nil and false give "".
 * A string with nothing to escape is returned as it is. */
/* Pushes template.lua's esc(v) of the value at index i (absolute): nil and
 * false give "", anything else its tostring with & < > " ' escaped. */
static void push_esc(lua_State *L, int i)
{
	if (lua_isnoneornil(L, i) || (lua_isboolean(L, i) && !lua_toboolean(L, i))) {
		lua_pushliteral(L, "");
		return;
	}
	size_t n, k = 0;
	const char *s;
	if (lua_type(L, i) == LUA_TSTRING) { /* the usual case, without tostring's metatable look-up */
		lua_pushvalue(L, i);
		s = lua_tolstring(L, -1, &n);
	} else {
		s = push_tostring(L, i, &n);
	}
	k = esc_html_plain(s, n); /* s[n] is a NUL: a Lua string */
	if (k == n)
		return;
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	luaL_addlstring(&b, s, k);
	for (; k < n; k++) {
		const char *e = esc_html_entity(s[k]);
		if (e)
			luaL_addstring(&b, e);
		else
			luaL_addchar(&b, s[k]);
	}
	luaL_pushresult(&b);
	lua_remove(L, -2); /* the unescaped string */
}

/* lua: escape(v), the templates' esc in C (a Lua pattern costs some 200
 * instructions per character). */
static int l_escape(lua_State *L)
{
	push_esc(L, 1);
	return 1;
}

/* lua: str(v), the templates' {{{ }}} in C: the string itself, "" for nil
 * and false, else tostring(v). */
static int l_str(lua_State *L)
{
	int t = lua_type(L, 1);
	if (t == LUA_TSTRING) {
		lua_settop(L, 1);
	} else if (t == LUA_TNIL || t == LUA_TNONE || (t == LUA_TBOOLEAN && !lua_toboolean(L, 1))) {
		lua_pushliteral(L, "");
	} else {
		push_tostring(L, 1, NULL);
	}
	return 1;
}

/* Pushes field k of the value in slot 1 and returns 1 when it is neither
 * nil nor false; else pushes nothing and returns 0. */
static int get_true(lua_State *L, const char *k)
{
	lua_getfield(L, 1, k);
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		return 0;
	}
	return 1;
}

/* Slot i as a piece of text: none for nil and false, else what tostring
 * gives (pushed when it is not a string: valid while the slot above is). */
static piece lua_piece(lua_State *L, int i)
{
	piece p = {NULL, 0};
	if (lua_toboolean(L, i))
		p.s = lua_type(L, i) == LUA_TSTRING ? lua_tolstring(L, i, &p.n) : push_tostring(L, i, &p.n);
	return p;
}

/* lua: link(x, class), template.lua's link in C, with the same result for
 * every x (the glossary alone makes tens of thousands of links), written
 * by html_put_link into the site's scratch buffer (the templates run on the
 * main thread, which uses it for nothing else meanwhile). */
static int l_link(lua_State *L)
{
	html *h = lua_touserdata(L, lua_upvalueindex(1));
	if (!lua_toboolean(L, 1)) {
		lua_pushliteral(L, "");
		return 1;
	}
	lua_settop(L, 2);
	if (!get_true(L, "text") && !get_true(L, "name") && !get_true(L, "title"))
		lua_pushliteral(L, "");
	lua_getfield(L, 1, "href"); /* 4 */
	lua_getfield(L, 1, "tip");  /* 5 */
	piece cls = lua_piece(L, 2), text = lua_piece(L, 3), href = lua_piece(L, 4), tip = lua_piece(L, 5);
	buf *o = &h->scratch;
	o->len = 0;
	html_put_link(o, cls, href, tip, text);
	lua_pushlstring(L, o->data, o->len);
	return 1;
}

/* Above this, a render's buffer is let go once its text is out rather
 * than kept for the next: only the print page and the glossary grow it so
 * far. */
#define SINK_KEEP ((size_t)1 << 20)

/* The render handle in slot 1: 1 for the outermost render of a page, 2
 * for a part it includes, ... (template.lua's set_sink). */
static buf *sink_at(lua_State *L, html *h)
{
	int isnum;
	lua_Integer k = lua_tointegerx(L, 1, &isnum); /* not luaL_checkinteger: once a put */
	if (!isnum)
		k = luaL_checkinteger(L, 1); /* raises its error */
	if (k < 1 || (size_t)k > h->nsink)
		luaL_error(L, "no render %d open", (int)k);
	return &h->sink[k - 1];
}

/* lua: open() -> handle: a render begins (renders nest: include). The
 * text goes into h->sink, which only the templates use; html_layout_page
 * starts each page with none open. */
static int l_sink_open(lua_State *L)
{
	html *h = lua_touserdata(L, lua_upvalueindex(1));
	h->sink = xgrow(h->sink, &h->cap_sink, h->nsink + 1, sizeof *h->sink);
	if (h->nsink == h->nsink_made)
		buf_init(&h->sink[h->nsink_made++]);
	h->sink[h->nsink++].len = 0;
	lua_pushinteger(L, (lua_Integer)h->nsink);
	return 1;
}

/* Appends the n bytes at s to the render's text o, held to the templates'
 * memory cap, as its pieces were. */
static void sink_add(lua_State *L, html *h, buf *o, const char *s, size_t len)
{
	if (len > h->sink_cap - o->len)
		luaL_error(L, "not enough memory for the page's text");
	buf_put(o, s, len);
}

/* Appends value i of a put ('e': escaped as escape() gives it, 'r': as
 * str() gives it) to the render's text o, without a call and a Lua string
 * of its own. */
static void sink_value(lua_State *L, html *h, buf *o, int i, char kind)
{
	int t = lua_type(L, i);
	if (t == LUA_TNIL || (t == LUA_TBOOLEAN && !lua_toboolean(L, i)))
		return; /* "", as escape() and str() give */
	size_t len;
	if (t == LUA_TNUMBER && lua_isinteger(L, i)) {
		if (lua_getmetatable(L, i)) { /* none in the sandbox: its __tostring */
			lua_pop(L, 1);
		} else { /* the heading levels, tens of thousands a build, without
			  * a Lua string (digits need no escaping) */
			char d[24];
			sink_add(L, h, o, d, int_text(lua_tointeger(L, i), d));
			return;
		}
	}
	int pushed = t != LUA_TSTRING;
	const char *s = pushed ? push_tostring(L, i, &len) : lua_tolstring(L, i, &len);
	size_t k = kind == 'e' ? esc_html_plain(s, len) : len; /* s[len] is a NUL */
	sink_add(L, h, o, s, k);
	if (k < len) { /* the rest escaped as push_esc does */
		size_t at = o->len;
		esc_html_n(o, s + k, len - k);
		if (o->len > h->sink_cap) {
			o->len = at;
			luaL_error(L, "not enough memory for the page's text");
		}
	}
	if (pushed)
		lua_pop(L, 1);
}

/* lua: put(handle, fmt, ...): appends a run (a compiled template's text
 * between two tags of code) to the render's text, in one call, where a
 * table slot and a table.concat step each cost more than the piece. fmt
 * is the run's literal text with a mark where each value goes
 * (lua/template.lua's translate): "\0e" what escape() gives for the next
 * value, "\0r" what str() gives, "\0z" a NUL byte; the literals are no
 * arguments of their own. */
static int l_sink_put(lua_State *L)
{
	html *h = lua_touserdata(L, lua_upvalueindex(1));
	buf *o = sink_at(L, h);
	size_t nf;
	const char *f = lua_type(L, 2) == LUA_TSTRING ? lua_tolstring(L, 2, &nf) : luaL_checklstring(L, 2, &nf);
	const char *end = f + nf;
	int n = lua_gettop(L), i = 3;
	for (;;) {
		const char *z = memchr(f, '\0', (size_t)(end - f));
		sink_add(L, h, o, f, z ? (size_t)(z - f) : (size_t)(end - f));
		if (!z)
			break;
		char kind = z + 1 < end ? z[1] : '\0';
		f = z + 2;
		if (kind == 'z') {
			sink_add(L, h, o, "", 1);
		} else if ((kind == 'e' || kind == 'r') && i <= n) {
			sink_value(L, h, o, i++, kind);
		} else {
			luaL_error(L, "put: a bad mark or too few values");
		}
	}
	if (i <= n)
		luaL_error(L, "put: %d values for %d marks", n - 2, i - 3);
	return 0;
}

/* lua: close(handle) -> text: the render's text; the handle and any opened
 * after it (a render that raised inside a pcall) are done with. */
static int l_sink_close(lua_State *L)
{
	html *h = lua_touserdata(L, lua_upvalueindex(1));
	buf *o = sink_at(L, h);
	h->nsink = (size_t)(o - h->sink);
	lua_pushlstring(L, o->data ? o->data : "", o->len);
	o->len = 0;
	if (o->cap > SINK_KEEP)
		buf_free(o);
	return 1;
}

/* lua: close_page(handle) -> h: close for the page's own render
 * (template.lua's M.page, the layout), whose text only the host reads: it
 * is made no Lua string (a copy, and as many bytes of garbage: the print
 * page's 17 MB) but swapped into h->laid with no copy, for
 * html_layout_page; h, a light userdata, says so. */
static int l_sink_close_page(lua_State *L)
{
	html *h = lua_touserdata(L, lua_upvalueindex(1));
	buf *o = sink_at(L, h);
	h->nsink = (size_t)(o - h->sink);
	buf t = h->laid;
	h->laid = *o;
	*o = t;
	o->len = 0;
	lua_pushlightuserdata(L, h);
	return 1;
}

void html_laid_done(html *h)
{
	h->laid.len = 0;
	if (h->laid.cap > SINK_KEEP)
		buf_free(&h->laid);
}

void html_lua_fail(html *h, const char *what, char *err)
{
	diag_add(h->d, NULL, 0, 0, SEV_FATAL, DIAG_ID(TEMPLATE_ERROR), NULL, "HTML %s: %s", what, err ? err : "?");
	free(err);
}

/* The templates' memory cap: their own 256 MiB, plus room for the page
 * tables of a large book (about 1.5 KiB per clause, reference, term, role
 * and stage, and an array slot per matrix cell), so a 100 MB book fits and
 * a memory bomb in a book's own template still ends. */
static size_t template_mem_cap(const book *b)
{
	size_t items = b->nclauses + b->nrefs + b->nterms + b->nroles + b->nstages;
	return ((size_t)256 << 20) + 1536 * items + 64 * b->nroles * b->nstages;
}

/* Loads lua/template.lua into the sandbox and leaves its module table at
 * stack index 1. */
int html_start_lua(html *h)
{
	h->sb = sandbox_new(template_mem_cap(h->b));
	if (!h->sb) {
		diag_add(h->d, NULL, 0, 0, SEV_FATAL, DIAG_ID(TEMPLATE_ERROR), NULL,
			 "cannot start Lua for the HTML templates");
		return -1;
	}
	h->L = sandbox_state(h->sb);
	/* A cycle when the heap is four times what lived, not twice: the
	 * site table lives from the first page to the last, and each page's
	 * tables are garbage once it is laid out; with Lua's default pause
	 * every cycle marked the site again (lint's rules do the same). */
	lua_gc(h->L, LUA_GCINC, 400, 0, 0);
	/* Only svcbook's own code (lua/template.lua, templates/) runs here
	 * unless a trusted book has a templates/ of its own, whose files
	 * replace or extend svcbook's (words.lua): then every run keeps the
	 * instruction budget. Trusted, a run has none, only the wall-clock
	 * limit (sandbox_trust); l_read meters the state as soon as it reads a
	 * book's file all the same (one put there since this look). */
	struct stat st;
	char *own = h->bookdir_real ? xasprintf("%s/templates", h->b->dir) : NULL;
	sandbox_trust(h->sb, !own || lstat(own, &st) != 0);
	free(own);
	char *path = xasprintf("%s/lua/template.lua", h->datadir);
	size_t len;
	char *src = read_file(path, &len);
	if (!src) {
		diag_add(h->d, NULL, 0, 0, SEV_FATAL, DIAG_ID(TEMPLATE_ERROR), NULL, "cannot read %s: %s", path,
			 strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	char *err = NULL;
	lua_settop(h->L, 0);
	int rc = sandbox_run(h->sb, src, len, "@lua/template.lua", 0, 1, &err);
	free(src);
	if (rc != LUA_OK || !lua_istable(h->L, 1)) {
		html_lua_fail(h, "template engine", err ? err : xstrdup("lua/template.lua did not return a table"));
		return -1;
	}
	lua_pushlightuserdata(h->L, h);
	lua_pushcclosure(h->L, l_read, 1);
	lua_setfield(h->L, 1, "read");
	lua_getfield(h->L, 1, "set_escape");
	lua_pushcfunction(h->L, l_escape);
	lua_getfield(h->L, 1, "set_link");
	lua_pushlightuserdata(h->L, h);
	lua_pushcclosure(h->L, l_link, 1);
	lua_getfield(h->L, 1, "set_str");
	lua_pushcfunction(h->L, l_str);
	lua_getfield(h->L, 1, "set_sink");
	lua_CFunction sink[] = {l_sink_open, l_sink_put, l_sink_close, l_sink_close_page};
	for (size_t i = 0; i < 4; i++) {
		lua_pushlightuserdata(h->L, h);
		lua_pushcclosure(h->L, sink[i], 1);
	}
	h->sink_cap = template_mem_cap(h->b);
	if (sandbox_call(h->sb, 4, 0, 0, &err) != LUA_OK || sandbox_call(h->sb, 1, 0, 0, &err) != LUA_OK ||
	    sandbox_call(h->sb, 1, 0, 0, &err) != LUA_OK || sandbox_call(h->sb, 1, 0, 0, &err) != LUA_OK) {
		html_lua_fail(h, "template engine", err);
		return -1;
	}
	return 0;
}

/* Copies the words C itself needs (reference titles, page titles). */
int html_fetch_words(html *h)
{
	lua_State *L = h->L;
	lua_getfield(L, 1, "words");
	lua_pushstring(L, h->b->config.language == LANG_RU ? "ru" : "en");
	char *err = NULL;
	if (sandbox_call(h->sb, 1, 1, 0, &err) != LUA_OK) {
		html_lua_fail(h, "words", err);
		return -1;
	}
	const char *keys[] = {"unresolved", "glossary", "print", "home", "history"};
	char **dst[] = {&h->w_unresolved, &h->w_glossary, &h->w_print, &h->w_home, &h->w_history};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const char *w = NULL;
		if (lua_istable(L, -1)) {
			lua_getfield(L, -1, keys[i]);
			w = lua_tostring(L, -1);
			*dst[i] = xstrdup(w ? w : keys[i]);
			lua_pop(L, 1);
		} else {
			*dst[i] = xstrdup(keys[i]);
		}
	}
	lua_settop(L, 1);
	return 0;
}

/* lint.c - the rule engine: loads Lua rules into sandboxed states, gives
 * them a read-only view of the model, collects what they report, then
 * applies suppression comments and book.lua severities to every diagnostic. */
#include "lint.h"
#include "attrs.h"
#include "cli.h"
#include "match.h"
#include "reader.h"
#include "sandbox.h"
#include "strmap.h"
#include "util.h"

#include <dirent.h>
#include <lauxlib.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#define RO_META "svcbook.readonly"
#define MSG_MAX 4000
/* Wall-clock limits for one rule: after SOFT seconds the VM is told to stop
 * at its next instruction; a rule stuck inside one C call (a pathological
 * string pattern) ends the process HARD seconds later. */
#define SOFT_SECONDS 30
#define HARD_SECONDS 5

typedef struct {
	sandbox *sb;
	int view_ref;  /* registry ref of the book view, LUA_NOREF until built */
	int arrays_ref;/* registry ref of {clauses=, roles=, ...} proxy arrays */
	int dead;      /* the state could not be created */
} lint_state;

struct lint_ctx {
	diag_list *d;
	char *bookdir;
	lint_rule *rules;
	size_t nrules, cap;
	lint_state st[2];
	int any_selected;
	book *b;            /* while checking */
	const lint_rule *running;
	size_t nreports, max_reports;
};

static const char *kind_names[CH_KIND_COUNT] = {
	"terms", "general", "principles", "journey", "roles", "appearance",
};
static const char *target_names[] = {NULL, "term", "role", "stage", "clause", "file"};
static const char *ref_kind_names[] = {"name", "role", "id", "link"};
static const char *status_names[] = {"ok", "undefined", "ambiguous"};
static const char *level_names[] = {NULL, "provider", "support", "management"};

/* ---- read-only proxies ----
 * A view object is a userdata whose only user value is the real table; the
 * shared metatable reads through and refuses writes, so no rule can change
 * what the next rule sees, and the real table is never reachable. */

static int ro_index(lua_State *L);

static void ro_wrap(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	lua_newuserdatauv(L, 0, 1);
	lua_pushvalue(L, idx);
	lua_setiuservalue(L, -2, 1);
	luaL_setmetatable(L, RO_META);
}

/* A C string handed to Lua: the box is made before the string exists, so
 * a memory error while pushing it frees the string through __gc instead
 * of leaking it. */
#define OWNED_META "svcbook.owned"

static int owned_gc(lua_State *L)
{
	char **box = lua_touserdata(L, 1);
	free(*box);
	*box = NULL;
	return 0;
}

static char **owned_box(lua_State *L)
{
	char **box = lua_newuserdatauv(L, sizeof *box, 0);
	*box = NULL;
	if (luaL_newmetatable(L, OWNED_META)) {
		lua_pushcfunction(L, owned_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	return box;
}

/* Replaces the box on top of the stack with its string (or nil). */
static void owned_push(lua_State *L, char **box)
{
	if (*box)
		lua_pushstring(L, *box);
	else
		lua_pushnil(L);
	free(*box);
	*box = NULL;
	lua_remove(L, -2);
}

/* Plain text of a clause's body, computed the first time a rule asks. */
static void clause_text(lua_State *L, const book *b, int c)
{
	const book_clause *cl = &b->clauses[c];
	char **box = owned_box(L);
	buf t;
	buf_init(&t);
	for (cmark_node *n = cl->body_first; n; n = cmark_node_next(n)) {
		char *s = book_node_text(n);
		if (t.len && *s)
			buf_putc(&t, ' ');
		buf_puts(&t, s);
		free(s);
		if (n == cl->body_last)
			break;
	}
	*box = buf_detach(&t);
	owned_push(L, box);
}

static int ro_index(lua_State *L)
{
	lua_getiuservalue(L, 1, 1);
	lua_pushvalue(L, 2);
	lua_rawget(L, -2);
	if (!lua_isnil(L, -1))
		return 1;
	const char *k = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : NULL;
	if (k && strcmp(k, "text") == 0) {
		lua_pop(L, 1);
		if (lua_getfield(L, -1, "\1clause") == LUA_TNUMBER) {
			int c = (int)lua_tointeger(L, -1);
			lua_pop(L, 1);
			const book *b = lua_touserdata(L, lua_upvalueindex(1));
			clause_text(L, b, c);
			lua_pushvalue(L, -1);
			lua_setfield(L, -3, "text");
			return 1;
		}
		lua_pushnil(L);
	}
	return 1;
}

static int ro_newindex(lua_State *L)
{
	return luaL_error(L, "the book view is read-only");
}

static int ro_len(lua_State *L)
{
	lua_getiuservalue(L, 1, 1);
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
	return 1;
}

static int ro_next(lua_State *L)
{
	lua_settop(L, 2);
	lua_getiuservalue(L, 1, 1);
	lua_pushvalue(L, 2);
	/* hidden bookkeeping fields start with \1: skip them */
	while (lua_next(L, 3)) {
		if (lua_type(L, -2) != LUA_TSTRING || lua_tostring(L, -2)[0] != '\1')
			return 2;
		lua_pop(L, 1);
	}
	return 0;
}

static int ro_pairs(lua_State *L)
{
	lua_pushcfunction(L, ro_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

static int ro_tostring(lua_State *L)
{
	lua_getiuservalue(L, 1, 1);
	if (lua_getfield(L, -1, "id") == LUA_TSTRING || lua_getfield(L, -2, "path") == LUA_TSTRING)
		lua_pushfstring(L, "svcbook view %s", lua_tostring(L, -1));
	else
		lua_pushliteral(L, "svcbook view");
	return 1;
}

static void ro_register(lua_State *L, book *b)
{
	luaL_newmetatable(L, RO_META);
	lua_pushlightuserdata(L, b);
	lua_pushcclosure(L, ro_index, 1);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, ro_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, ro_len);
	lua_setfield(L, -2, "__len");
	lua_pushcfunction(L, ro_pairs);
	lua_setfield(L, -2, "__pairs");
	lua_pushcfunction(L, ro_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pushliteral(L, "read-only");
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
}

/* ---- building the view ---- */

static void set_str(lua_State *L, int t, const char *k, const char *v)
{
	if (!v)
		return;
	lua_pushstring(L, v);
	lua_setfield(L, t, k);
}

static void set_int(lua_State *L, int t, const char *k, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, t, k);
}

static const char *file_path(const book *b, int f)
{
	return f >= 0 && (size_t)f < b->nfiles ? b->files[f].path : NULL;
}

static void set_pos(lua_State *L, int t, const book *b, book_pos p)
{
	set_str(L, t, "file", file_path(b, p.file));
	set_int(L, t, "line", p.line);
	set_int(L, t, "col", p.col);
}

/* A new read-only position object {file, line, col} set as field k of t. */
static void set_pos_obj(lua_State *L, int t, const char *k, const book *b, book_pos p)
{
	lua_createtable(L, 0, 3);
	set_pos(L, lua_gettop(L), b, p);
	ro_wrap(L, -1);
	lua_setfield(L, t, k);
	lua_pop(L, 1);
}

/* Pushes proxy i (0-based) of the proxy array at index arr, or nil. */
static void push_item(lua_State *L, int arr, int i)
{
	if (i < 0)
		lua_pushnil(L);
	else
		lua_rawgeti(L, arr, i + 1);
}

/* Creates n real tables (array at the returned index) and n proxies (the
 * next index): the items exist before any refers to another. fields: about
 * how many fields the fill_ function sets, so no table grows twice. */
static int make_items(lua_State *L, size_t n, int fields)
{
	lua_createtable(L, (int)n, 0);
	int real = lua_gettop(L);
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		lua_createtable(L, 0, fields);
		ro_wrap(L, -1);
		lua_rawseti(L, real + 1, (lua_Integer)i + 1);
		lua_rawseti(L, real, (lua_Integer)i + 1);
	}
	return real;
}

/* Wraps the array at idx into a read-only proxy and sets it as t[k]. */
static void set_ro_array(lua_State *L, int t, const char *k, int idx)
{
	ro_wrap(L, idx);
	lua_setfield(L, t, k);
}

/* The id as written in a heading's {#id} (after the reader's fix of a bad
 * one) and its column; NULL when the heading has none. */
static char *written_id(const book *b, const book_clause *cl, int *col)
{
	if (!cl->heading || cl->pos.file < 0)
		return NULL;
	const book_file *f = &b->files[cl->pos.file];
	int first = cl->pos.line, last = cmark_node_get_end_line(cl->heading);
	for (int ln = first; ln <= last && ln >= 1 && (size_t)ln <= f->nlines; ln++) {
		size_t a = f->lines[ln - 1], e = (size_t)ln < f->nlines ? f->lines[ln] : f->len;
		while (e > a && (f->text[e - 1] == '\n' || f->text[e - 1] == '\r' || f->text[e - 1] == ' ' ||
				 f->text[e - 1] == '\t' || f->text[e - 1] == '#'))
			e--;
		attrs_block blk;
		memset(&blk, 0, sizeof blk);
		long at = attrs_parse(f->text + a, e - a, &blk);
		if (at >= 0 && blk.id) {
			char *id = attrs_is_ncname(blk.id) ? xstrdup(blk.id) : attrs_slug(blk.id);
			*col = (int)blk.id_off + 1;
			/* id_off is relative to the parsed string: find '#' before it. */
			const char *hash = memchr(f->text + a + at, '#', e - a - (size_t)at);
			if (hash)
				*col = (int)(hash - (f->text + a)) + 1;
			attrs_free(&blk);
			return id;
		}
		attrs_free(&blk);
	}
	return NULL;
}

/* The line and column of role id in book.lua (its first quoted occurrence
 * after "roles"), so missing-role can point at it. */
static book_pos config_role_pos(const char *text, const char *id)
{
	book_pos p = {-1, 0, 0};
	if (!text)
		return p;
	const char *start = strstr(text, "roles");
	if (!start)
		start = text;
	size_t n = strlen(id);
	for (const char *s = start; (s = strstr(s, id)); s++) {
		if (s > text && (s[-1] == '"' || s[-1] == '\'') && s[n] == s[-1]) {
			int line = 1;
			const char *ls = text;
			for (const char *q = text; q < s; q++)
				if (*q == '\n') {
					line++;
					ls = q + 1;
				}
			p.line = line;
			p.col = (int)(s - 1 - ls) + 1;
			return p;
		}
	}
	return p;
}

typedef struct {
	int files, clauses, terms, roles, stages, refs; /* real arrays; proxies at +1 */
	int empty; /* a read-only empty array */
} view_idx;

static void fill_files(lua_State *L, const book *b, const view_idx *v)
{
	for (size_t i = 0; i < b->nfiles; i++) {
		const book_file *f = &b->files[i];
		lua_rawgeti(L, v->files, (lua_Integer)i + 1);
		int t = lua_gettop(L);
		set_str(L, t, "path", f->path);
		set_str(L, t, "file", f->path);
		set_int(L, t, "line", 1);
		set_int(L, t, "col", 1);
		set_str(L, t, "chapter", kind_names[f->chapter_kind]);
		set_int(L, t, "nlines", (lua_Integer)f->nlines);
		push_item(L, v->roles + 1, f->role);
		lua_setfield(L, t, "role");
		lua_pop(L, 1);
	}
}

static void fill_clauses(lua_State *L, const book *b, const view_idx *v)
{
	int P = v->clauses + 1;
	/* children lists, in order */
	lua_createtable(L, (int)b->nclauses, 0);
	int kids = lua_gettop(L);
	for (size_t i = 0; i < b->nclauses; i++) {
		lua_createtable(L, b->clauses[i].nchildren, 0);
		lua_rawseti(L, kids, (lua_Integer)i + 1);
	}
	for (size_t i = 0; i < b->nclauses; i++) {
		int p = b->clauses[i].parent;
		if (p < 0)
			continue;
		lua_rawgeti(L, kids, p + 1);
		push_item(L, P, (int)i);
		lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
		lua_pop(L, 1);
	}
	for (size_t i = 0; i < b->nclauses; i++) {
		const book_clause *cl = &b->clauses[i];
		lua_rawgeti(L, v->clauses, (lua_Integer)i + 1);
		int t = lua_gettop(L);
		set_int(L, t, "\1clause", (lua_Integer)i);
		set_int(L, t, "index", (lua_Integer)i + 1);
		set_str(L, t, "id", cl->id);
		lua_pushboolean(L, cl->id_explicit);
		lua_setfield(L, t, "explicit_id");
		if (cl->id_explicit) {
			int col = 0;
			char *w = written_id(b, cl, &col);
			if (w) {
				lua_pushstring(L, w);
				free(w);
				lua_setfield(L, t, "written_id");
				set_pos_obj(L, t, "id_at", b, (book_pos){cl->pos.file, cl->pos.line, col});
			}
		}
		set_str(L, t, "number", cl->number);
		set_str(L, t, "title", cl->title);
		set_int(L, t, "depth", cl->depth);
		set_str(L, t, "chapter", kind_names[b->chapters[cl->chapter].kind]);
		set_pos(L, t, b, cl->pos);
		push_item(L, P, cl->parent);
		lua_setfield(L, t, "parent");
		lua_rawgeti(L, kids, (lua_Integer)i + 1);
		set_ro_array(L, t, "children", -1);
		lua_pop(L, 1);
		lua_createtable(L, (int)cl->nattrs, 0);
		for (size_t j = 0; j < cl->nattrs; j++) {
			lua_createtable(L, 0, 5);
			int a = lua_gettop(L);
			set_str(L, a, "key", cl->attrs[j].key);
			set_str(L, a, "value", cl->attrs[j].value);
			set_pos(L, a, b, cl->attrs[j].pos);
			ro_wrap(L, a);
			lua_rawseti(L, a - 1, (lua_Integer)j + 1);
			lua_pop(L, 1);
		}
		set_ro_array(L, t, "attrs", -1);
		lua_pop(L, 1);
		if (cl->stage_ref) {
			set_str(L, t, "stage", cl->stage_ref);
			set_pos_obj(L, t, "stage_at", b, cl->stage_ref_pos);
		}
		if (cl->roles_attr) {
			lua_createtable(L, (int)cl->nroles_attr, 0);
			for (size_t j = 0; j < cl->nroles_attr; j++) {
				lua_pushstring(L, cl->roles_attr[j]);
				lua_rawseti(L, -2, (lua_Integer)j + 1);
			}
			set_ro_array(L, t, "roles", -1);
			lua_pop(L, 1);
			set_pos_obj(L, t, "roles_at", b, cl->roles_attr_pos);
		}
		push_item(L, v->terms + 1, cl->term);
		lua_setfield(L, t, "term");
		push_item(L, v->roles + 1, cl->role);
		lua_setfield(L, t, "role");
		push_item(L, v->stages + 1, cl->stage);
		lua_setfield(L, t, "journey_stage");
		int fr = cl->pos.file >= 0 ? b->files[cl->pos.file].role : -1;
		push_item(L, v->roles + 1, fr);
		lua_setfield(L, t, "in_role");
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

static void fill_terms(lua_State *L, const book *b, const view_idx *v)
{
	for (size_t i = 0; i < b->nterms; i++) {
		const book_term *tm = &b->terms[i];
		const book_clause *cl = &b->clauses[tm->clause];
		lua_rawgeti(L, v->terms, (lua_Integer)i + 1);
		int t = lua_gettop(L);
		set_int(L, t, "index", (lua_Integer)i + 1);
		set_str(L, t, "id", cl->id);
		set_str(L, t, "name", tm->name);
		set_str(L, t, "definition", tm->definition ? tm->definition : "");
		set_pos(L, t, b, cl->pos);
		push_item(L, v->clauses + 1, tm->clause);
		lua_setfield(L, t, "clause");
		lua_createtable(L, (int)tm->naka, 0);
		lua_createtable(L, (int)tm->naka, 0);
		for (size_t j = 0; j < tm->naka; j++) {
			lua_pushstring(L, tm->aka[j]);
			lua_rawseti(L, -3, (lua_Integer)j + 1);
			lua_createtable(L, 0, 3);
			set_pos(L, lua_gettop(L), b, tm->aka_pos[j]);
			ro_wrap(L, -1);
			lua_rawseti(L, -3, (lua_Integer)j + 1);
			lua_pop(L, 1);
		}
		set_ro_array(L, t, "aka_at", -1);
		lua_pop(L, 1);
		set_ro_array(L, t, "aka", -1);
		lua_pop(L, 1);
		lua_createtable(L, (int)tm->nuses, 0);
		for (size_t j = 0; j < tm->nuses; j++) {
			push_item(L, v->refs + 1, tm->uses[j]);
			lua_rawseti(L, -2, (lua_Integer)j + 1);
		}
		set_ro_array(L, t, "uses", -1);
		lua_pop(L, 2);
	}
}

static void fill_roles(lua_State *L, const book *b, const view_idx *v)
{
	/* sections: every clause below the role, in document order */
	lua_createtable(L, (int)b->nroles, 0);
	int secs = lua_gettop(L);
	for (size_t i = 0; i < b->nroles; i++) {
		lua_newtable(L);
		lua_rawseti(L, secs, (lua_Integer)i + 1);
	}
	for (size_t i = 0; i < b->nclauses; i++) {
		const book_clause *cl = &b->clauses[i];
		if (cl->depth < 2 || cl->pos.file < 0)
			continue;
		int r = b->files[cl->pos.file].role;
		if (r < 0 || b->files[cl->pos.file].chapter_kind != CH_ROLES)
			continue;
		lua_rawgeti(L, secs, r + 1);
		push_item(L, v->clauses + 1, (int)i);
		lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
		lua_pop(L, 1);
	}
	for (size_t i = 0; i < b->nroles; i++) {
		const book_role *r = &b->roles[i];
		lua_rawgeti(L, v->roles, (lua_Integer)i + 1);
		int t = lua_gettop(L);
		set_int(L, t, "index", (lua_Integer)i + 1);
		set_str(L, t, "id", r->id);
		set_str(L, t, "name", r->name);
		set_str(L, t, "level", level_names[r->level]);
		if (r->line)
			set_int(L, t, "support_line", r->line);
		set_pos(L, t, b, r->pos);
		set_str(L, t, "file", file_path(b, r->file));
		push_item(L, v->clauses + 1, r->clause);
		lua_setfield(L, t, "clause");
		lua_rawgeti(L, secs, (lua_Integer)i + 1);
		set_ro_array(L, t, "sections", -1);
		lua_pop(L, 2);
	}
	lua_pop(L, 1);
}

static void fill_stages(lua_State *L, const book *b, const view_idx *v)
{
	for (size_t i = 0; i < b->nstages; i++) {
		const book_stage *s = &b->stages[i];
		lua_rawgeti(L, v->stages, (lua_Integer)i + 1);
		int t = lua_gettop(L);
		set_int(L, t, "index", (lua_Integer)i + 1);
		set_str(L, t, "id", s->id);
		set_str(L, t, "name", s->name);
		set_str(L, t, "owner", s->owner);
		set_pos_obj(L, t, "owner_at", b, s->owner_pos);
		push_item(L, v->roles + 1, s->owner_role);
		lua_setfield(L, t, "owner_role");
		set_pos(L, t, b, b->clauses[s->clause].pos);
		push_item(L, v->clauses + 1, s->clause);
		lua_setfield(L, t, "clause");
		lua_pop(L, 1);
	}
}

static void fill_refs(lua_State *L, const book *b, const view_idx *v)
{
	for (size_t i = 0; i < b->nrefs; i++) {
		const book_ref *r = &b->refs[i];
		lua_rawgeti(L, v->refs, (lua_Integer)i + 1);
		int t = lua_gettop(L);
		set_int(L, t, "index", (lua_Integer)i + 1);
		set_str(L, t, "kind", ref_kind_names[r->kind]);
		set_str(L, t, "raw", r->raw);
		set_str(L, t, "target", r->target);
		set_str(L, t, "shown", r->shown);
		set_str(L, t, "status", status_names[r->status]);
		set_pos(L, t, b, r->pos);
		push_item(L, v->clauses + 1, r->clause);
		lua_setfield(L, t, "clause");
		if (r->status == RESOLVE_OK || r->status == RESOLVE_AMBIGUOUS) {
			set_str(L, t, "target_kind", target_names[r->target_kind]);
			int arr = 0;
			switch (r->target_kind) {
			case TARGET_TERM: arr = v->terms + 1; break;
			case TARGET_ROLE: arr = v->roles + 1; break;
			case TARGET_STAGE: arr = v->stages + 1; break;
			case TARGET_CLAUSE: arr = v->clauses + 1; break;
			case TARGET_FILE: arr = v->files + 1; break;
			default: break;
			}
			if (arr && r->status == RESOLVE_OK) {
				push_item(L, arr, r->target_index);
				lua_setfield(L, t, "target_item");
			}
			if (r->target_clause >= 0) {
				push_item(L, v->clauses + 1, r->target_clause);
				lua_setfield(L, t, "target_clause");
			}
		}
		if (!r->ncandidates) {
			/* one shared empty array: most references have no candidates */
			lua_pushvalue(L, v->empty);
			lua_setfield(L, t, "candidates");
			lua_pop(L, 1);
			continue;
		}
		lua_createtable(L, (int)r->ncandidates, 0);
		for (size_t j = 0; j < r->ncandidates; j++) {
			push_item(L, v->clauses + 1, r->candidates[j]);
			lua_rawseti(L, -2, (lua_Integer)j + 1);
		}
		set_ro_array(L, t, "candidates", -1);
		lua_pop(L, 2);
	}
}

static void fill_config(lua_State *L, const book *b, int t)
{
	const book_config *c = &b->config;
	lua_createtable(L, 0, 8);
	int k = lua_gettop(L);
	set_str(L, k, "title", c->title);
	set_str(L, k, "organization", c->organization);
	set_str(L, k, "version", c->version);
	set_str(L, k, "language", c->language == LANG_RU ? "ru" : "en");
	if (c->roles) {
		char **box = owned_box(L);
		char *path = xasprintf("%s/book.lua", b->dir);
		*box = read_file(path, NULL);
		free(path);
		const char *text = *box;
		lua_createtable(L, (int)c->nroles, 0);
		for (size_t i = 0; i < c->nroles; i++) {
			book_pos p = config_role_pos(text, c->roles[i]);
			lua_createtable(L, 0, 4);
			int r = lua_gettop(L);
			set_str(L, r, "id", c->roles[i]);
			set_str(L, r, "file", "book.lua");
			set_int(L, r, "line", p.line);
			set_int(L, r, "col", p.col);
			ro_wrap(L, r);
			lua_rawseti(L, r - 1, (lua_Integer)i + 1);
			lua_pop(L, 1);
		}
		set_ro_array(L, k, "roles", -1);
		lua_pop(L, 2); /* the array and the box (its __gc frees the text) */
	}
	lua_createtable(L, 0, (int)c->nrules);
	for (size_t i = 0; i < c->nrules; i++) {
		lua_pushstring(L, c->rule_sev[i]);
		lua_setfield(L, -2, c->rule_ids[i]);
	}
	set_ro_array(L, k, "rules", -1);
	lua_pop(L, 1);
	ro_wrap(L, k);
	lua_setfield(L, t, "config");
	lua_pop(L, 1);
}

/* Builds the view (under lua_pcall: it allocates under the memory cap).
 * Upvalue 1: the book. Returns the view and the table of proxy arrays. */
static int build_view(lua_State *L)
{
	const book *b = lua_touserdata(L, 1);
	view_idx v;
	v.files = make_items(L, b->nfiles, 10);
	v.clauses = make_items(L, b->nclauses, 26);
	v.terms = make_items(L, b->nterms, 12);
	v.roles = make_items(L, b->nroles, 12);
	v.stages = make_items(L, b->nstages, 12);
	v.refs = make_items(L, b->nrefs, 16);
	lua_newtable(L);
	ro_wrap(L, -1);
	v.empty = lua_gettop(L);
	fill_files(L, b, &v);
	fill_clauses(L, b, &v);
	fill_terms(L, b, &v);
	fill_roles(L, b, &v);
	fill_stages(L, b, &v);
	fill_refs(L, b, &v);

	lua_createtable(L, 0, 16);
	int bk = lua_gettop(L);
	set_str(L, bk, "title", b->config.title);
	set_str(L, bk, "language", b->config.language == LANG_RU ? "ru" : "en");
	set_ro_array(L, bk, "files", v.files + 1);
	set_ro_array(L, bk, "clauses", v.clauses + 1);
	set_ro_array(L, bk, "terms", v.terms + 1);
	set_ro_array(L, bk, "roles", v.roles + 1);
	set_ro_array(L, bk, "stages", v.stages + 1);
	/* refs ([[...]]) and links (Markdown links) apart; all_refs keeps model order */
	set_ro_array(L, bk, "all_refs", v.refs + 1);
	lua_newtable(L);
	int refs = lua_gettop(L);
	lua_newtable(L);
	int links = lua_gettop(L);
	for (size_t i = 0; i < b->nrefs; i++) {
		int dst = b->refs[i].kind == REF_LINK ? links : refs;
		push_item(L, v.refs + 1, (int)i);
		lua_rawseti(L, dst, (lua_Integer)lua_rawlen(L, dst) + 1);
	}
	set_ro_array(L, bk, "links", links);
	set_ro_array(L, bk, "refs", refs);
	lua_pop(L, 2);
	/* appearance: sections that say which roles they cover */
	lua_newtable(L);
	lua_newtable(L);
	for (size_t i = 0; i < b->nchapters; i++) {
		lua_pushstring(L, kind_names[b->chapters[i].kind]);
		push_item(L, v.clauses + 1, b->chapters[i].clause);
		lua_settable(L, -3);
	}
	set_ro_array(L, bk, "chapters", -1);
	lua_pop(L, 1);
	for (size_t i = 0; i < b->nclauses; i++) {
		if (!b->clauses[i].roles_attr || b->chapters[b->clauses[i].chapter].kind != CH_APPEARANCE)
			continue;
		push_item(L, v.clauses + 1, (int)i);
		lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	}
	set_ro_array(L, bk, "appearance", -1);
	lua_pop(L, 1);
	fill_config(L, b, bk);
	ro_wrap(L, bk);
	/* the proxy arrays, for svcbook.find_id / find_role */
	lua_createtable(L, 0, 2);
	lua_pushvalue(L, v.clauses + 1);
	lua_setfield(L, -2, "clauses");
	lua_pushvalue(L, v.roles + 1);
	lua_setfield(L, -2, "roles");
	return 2;
}

/* ---- the svcbook API table ---- */

static book *api_book(lua_State *L)
{
	book *b = lua_touserdata(L, lua_upvalueindex(1));
	if (!b)
		luaL_error(L, "no book is loaded");
	return b;
}

/* svcbook.nearest(name [, max]) -> array of the nearest names, best first */
static int api_nearest(lua_State *L)
{
	book *b = api_book(L);
	const char *name = luaL_checkstring(L, 1);
	lua_Integer max = luaL_optinteger(L, 2, 5);
	if (max < 1)
		max = 1;
	if (max > 20)
		max = 20;
	const char *out[20];
	size_t n = match_nearest(b->index, name, out, (size_t)max);
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		lua_pushstring(L, out[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* svcbook.key(name) -> the matcher's key (stems), equal for any form */
static int api_key(lua_State *L)
{
	book *b = api_book(L);
	const char *name = luaL_checkstring(L, 1);
	char **box = owned_box(L);
	*box = match_key(b->index, name);
	owned_push(L, box);
	return 1;
}

static int api_known_attribute(lua_State *L)
{
	const char *chapter = luaL_checkstring(L, 1);
	const char *key = luaL_checkstring(L, 2);
	int known = strcmp(key, "id") == 0;
	for (int k = 0; k < CH_KIND_COUNT && !known; k++)
		if (strcmp(kind_names[k], chapter) == 0)
			known = reader_known_attr((book_chapter_kind)k, key);
	lua_pushboolean(L, known);
	return 1;
}

/* svcbook.source_line(path, n) -> the text of line n of a book file */
static int api_source_line(lua_State *L)
{
	book *b = api_book(L);
	const char *path = luaL_checkstring(L, 1);
	lua_Integer n = luaL_checkinteger(L, 2);
	for (size_t i = 0; i < b->nfiles; i++) {
		const book_file *f = &b->files[i];
		if (strcmp(f->path, path) != 0)
			continue;
		if (n < 1 || (size_t)n > f->nlines)
			break;
		size_t a = f->lines[n - 1], e = (size_t)n < f->nlines ? f->lines[n] : f->len;
		while (e > a && (f->text[e - 1] == '\n' || f->text[e - 1] == '\r'))
			e--;
		lua_pushlstring(L, f->text + a, e - a);
		return 1;
	}
	lua_pushnil(L);
	return 1;
}

static int find_in(lua_State *L, const char *field, int idx)
{
	if (idx < 0) {
		lua_pushnil(L);
		return 1;
	}
	lua_getfield(L, LUA_REGISTRYINDEX, "svcbook.arrays");
	if (!lua_istable(L, -1)) {
		lua_pushnil(L);
		return 1;
	}
	lua_getfield(L, -1, field);
	lua_rawgeti(L, -1, idx + 1);
	return 1;
}

static int api_find_id(lua_State *L)
{
	book *b = api_book(L);
	return find_in(L, "clauses", book_find_id(b, luaL_checkstring(L, 1)));
}

static int api_find_role(lua_State *L)
{
	book *b = api_book(L);
	return find_in(L, "roles", book_find_role(b, luaL_checkstring(L, 1)));
}

/* Levenshtein distance in code points (strings cut at 200 code points). */
static size_t decode_cps(const char *s, utf8proc_int32_t *out, size_t max)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len && n < max;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
		if (k < 1) {
			c = 0xFFFD;
			k = 1;
		}
		out[n++] = c;
		i += (size_t)k;
	}
	return n;
}

static size_t lev(const char *a, const char *b)
{
	utf8proc_int32_t x[200], y[200];
	size_t row[201];
	size_t n = decode_cps(a, x, 200), m = decode_cps(b, y, 200);
	for (size_t j = 0; j <= m; j++)
		row[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t dg = row[0];
		row[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t up = row[j];
			size_t best = dg + (x[i - 1] != y[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			dg = up;
		}
	}
	return row[m];
}

/* The nearest of candidates within max(2, len/3) edits; ties: the first. */
typedef struct {
	const char *query;
	const char *best;
	size_t dist, limit;
} nearest_acc;

static void nearest_init(nearest_acc *a, const char *q)
{
	size_t len = utf8proc_decompose((const utf8proc_uint8_t *)q, 0, NULL, 0, 0);
	a->query = q;
	a->best = NULL;
	a->dist = (size_t)-1;
	a->limit = len / 3 > 2 ? len / 3 : 2;
}

static void nearest_offer(nearest_acc *a, const char *cand)
{
	if (!cand || strcmp(cand, a->query) == 0)
		return;
	size_t d = lev(a->query, cand);
	if (d <= a->limit && d < a->dist) {
		a->dist = d;
		a->best = cand;
	}
}

/* svcbook.nearest_id(id) -> the nearest clause id, or nil */
static int api_nearest_id(lua_State *L)
{
	book *b = api_book(L);
	nearest_acc a;
	nearest_init(&a, luaL_checkstring(L, 1));
	for (size_t i = 0; i < b->nclauses; i++)
		nearest_offer(&a, b->clauses[i].id);
	if (a.best)
		lua_pushstring(L, a.best);
	else
		lua_pushnil(L);
	return 1;
}

/* svcbook.nearest_role(id) -> the nearest role id, or nil */
static int api_nearest_role(lua_State *L)
{
	book *b = api_book(L);
	nearest_acc a;
	nearest_init(&a, luaL_checkstring(L, 1));
	for (size_t i = 0; i < b->nroles; i++)
		nearest_offer(&a, b->roles[i].id);
	if (a.best)
		lua_pushstring(L, a.best);
	else
		lua_pushnil(L);
	return 1;
}

/* svcbook.nearest_string(s, list) -> the nearest string of list, or nil */
static int api_nearest_string(lua_State *L)
{
	nearest_acc a;
	nearest_init(&a, luaL_checkstring(L, 1));
	luaL_checkany(L, 2);
	lua_Integer n = luaL_len(L, 2);
	int best = 0;
	for (lua_Integer i = 1; i <= n && i <= 100000; i++) {
		lua_geti(L, 2, i);
		const char *before = a.best;
		if (lua_type(L, -1) == LUA_TSTRING)
			nearest_offer(&a, lua_tostring(L, -1));
		if (a.best != before)
			best = (int)i;
		lua_pop(L, 1);
	}
	if (best)
		lua_geti(L, 2, best);
	else
		lua_pushnil(L);
	return 1;
}

/* print() in a rule goes nowhere a CI log could be spoofed from: drop it. */
static int api_print(lua_State *L)
{
	return 0;
}

static void open_api(lua_State *L, book *b)
{
	lua_newtable(L);
	const luaL_Reg fns[] = {
		{"nearest", api_nearest},
		{"key", api_key},
		{"known_attribute", api_known_attribute},
		{"source_line", api_source_line},
		{"find_id", api_find_id},
		{"find_role", api_find_role},
		{"nearest_id", api_nearest_id},
		{"nearest_role", api_nearest_role},
		{"nearest_string", api_nearest_string},
		{NULL, NULL},
	};
	lua_pushlightuserdata(L, b);
	luaL_setfuncs(L, fns, 1);
	lua_setglobal(L, "svcbook");
	lua_pushcfunction(L, api_print);
	lua_setglobal(L, "print");
}

/* ---- loading rules ---- */

static diag_severity parse_sev(const char *s)
{
	if (!s)
		return SEV_OFF;
	if (strcmp(s, "error") == 0)
		return SEV_ERROR;
	if (strcmp(s, "warning") == 0)
		return SEV_WARNING;
	if (strcmp(s, "note") == 0)
		return SEV_NOTE;
	return SEV_OFF;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.lua files of dir, sorted; when inside is given, only regular files
 * whose real path stays inside it. */
static char **lua_files(const char *dir, const char *inside, size_t *n)
{
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char **v = NULL;
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !str_ends(e->d_name, ".lua"))
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		char *real = realpath(path, NULL);
		free(path);
		struct stat st;
		int ok = real && stat(real, &st) == 0 && S_ISREG(st.st_mode);
		if (ok && inside) {
			size_t k = strlen(inside);
			ok = strncmp(real, inside, k) == 0 && real[k] == '/';
		}
		free(real);
		if (!ok)
			continue;
		v = xgrow(v, &cap, *n + 1, sizeof *v);
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		sort_array(v, *n, sizeof *v, cmp_str);
	return v;
}

/* "rules/x.lua:12: msg\ntraceback" -> line 12 and "msg" (first line). */
static int split_error(const char *err, const char *file, const char **msg, int *len)
{
	int line = 0;
	*msg = err;
	size_t n = strlen(file);
	if (strncmp(err, file, n) == 0 && err[n] == ':') {
		char *end;
		long l = strtol(err + n + 1, &end, 10);
		if (end != err + n + 1 && *end == ':') {
			line = (int)l;
			*msg = end + 1;
			while (**msg == ' ')
				(*msg)++;
		}
	}
	const char *nl = strchr(*msg, '\n');
	*len = nl ? (int)(nl - *msg) : (int)strlen(*msg);
	return line;
}

/* A rule's failure, as an error of that rule at its file and line. The
 * built-in rules live outside the book: their path goes in the message. */
static void rule_error(lint_ctx *c, const char *id, const char *file, int builtin, const char *what,
		       const char *err, int fallback_line)
{
	const char *msg;
	int len;
	int line = split_error(err, file, &msg, &len);
	if (!line)
		line = fallback_line;
	if (builtin)
		diag_add(c->d, NULL, 0, 0, SEV_ERROR, id, NULL, "built-in rule %s %s: %s:%d: %.*s", id, what,
			 file, line, len, msg);
	else
		diag_add(c->d, file, line, 0, SEV_ERROR, id,
			 "rules run in a sandbox: no io, no os but os.time/clock/date, no require, dofile or "
			 "loadfile, text chunks only, an instruction budget and a memory cap (docs/rules.md)",
			 "rule %s %s: %.*s", id, what, len, msg);
}

static lint_state *get_state(lint_ctx *c, int which)
{
	lint_state *s = &c->st[which];
	if (!s->sb && !s->dead) {
		s->sb = sandbox_new(0);
		if (!s->sb) {
			s->dead = 1;
			return NULL;
		}
		lua_State *L = sandbox_state(s->sb);
		ro_register(L, NULL);
		open_api(L, NULL);
	}
	return s->sb ? s : NULL;
}

static char *field_str(lua_State *L, int t, const char *k)
{
	char *v = NULL;
	if (lua_getfield(L, t, k) == LUA_TSTRING)
		v = xstrdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	return v;
}

static void load_rule(lint_ctx *c, int which, const char *dir, const char *name, const char *shown_dir)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *file = xasprintf("%s/%s", shown_dir, name);
	char *stem = xstrndup(name, strlen(name) - 4);
	size_t len;
	char *src = read_file(path, &len);
	free(path);
	int builtin = which == 0;
	lint_state *st = get_state(c, which);
	if (!src || !st) {
		diag_add(c->d, builtin ? NULL : file, 0, 0, SEV_ERROR, stem, NULL, "cannot read rule %s", file);
		goto done;
	}
	lua_State *L = sandbox_state(st->sb);
	int top = lua_gettop(L);
	/* Each rule has its own globals; reads fall through to the safe ones. */
	lua_newtable(L);
	lua_newtable(L);
	lua_pushglobaltable(L);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
	char *chunk = xasprintf("@%s", file);
	char *err = NULL;
	int rc = sandbox_run(st->sb, src, len, chunk, -1, 1, &err);
	free(chunk);
	free(src);
	if (rc != LUA_OK) {
		rule_error(c, stem, file, builtin, "does not load", err, 0);
		free(err);
		lua_settop(L, top);
		lua_gc(L, LUA_GCCOLLECT, 0);
		goto done;
	}
	int t = lua_gettop(L);
	char *id = lua_istable(L, t) ? field_str(L, t, "id") : NULL;
	char *sev = lua_istable(L, t) ? field_str(L, t, "severity") : NULL;
	int has_check = lua_istable(L, t) && lua_getfield(L, t, "check") == LUA_TFUNCTION;
	if (lua_istable(L, t))
		lua_pop(L, 1);
	const char *problem = !lua_istable(L, t) ? "must return a table {id=, severity=, description=, check=}"
			      : !id ? "has no id"
			      : !has_check ? "has no check function"
			      : parse_sev(sev) == SEV_OFF ? "has no severity (\"error\", \"warning\" or \"note\")"
			      : lint_find(c, id) ? "has the id of another rule" : NULL;
	if (problem) {
		diag_add(c->d, builtin ? NULL : file, 0, 0, SEV_ERROR, id ? id : stem, NULL, "rule %s %s", file, problem);
		free(id);
		free(sev);
		lua_settop(L, top);
		goto done;
	}
	c->rules = xgrow(c->rules, &c->cap, c->nrules + 1, sizeof *c->rules);
	lint_rule *r = &c->rules[c->nrules++];
	memset(r, 0, sizeof *r);
	r->id = id;
	r->sev = parse_sev(sev);
	free(sev);
	r->description = field_str(L, t, "description");
	if (!r->description)
		r->description = xstrdup(id);
	r->help = field_str(L, t, "help");
	if (!r->help)
		r->help = xstrdup(r->description);
	r->file = xstrdup(file);
	r->builtin = builtin;
	r->state = which;
	r->selected = 1;
	lua_pushvalue(L, t);
	r->ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_settop(L, top);
done:
	free(file);
	free(stem);
}

static int cmp_rule(const void *a, const void *b)
{
	return strcmp(((const lint_rule *)a)->id, ((const lint_rule *)b)->id);
}

lint_ctx *lint_new(const char *datadir, const char *bookdir, diag_list *d)
{
	lint_ctx *c = xcalloc(1, sizeof *c);
	c->d = d;
	c->st[0].view_ref = c->st[1].view_ref = LUA_NOREF;
	char *dir = xasprintf("%s/lua/rules", datadir);
	size_t n;
	char **v = lua_files(dir, NULL, &n);
	if (!n)
		diag_add(d, NULL, 0, 0, SEV_FATAL, "bad-input", "set SVCBOOK_DATADIR to the folder that holds lua/rules",
			 "no built-in rules in %s", dir);
	for (size_t i = 0; i < n; i++) {
		load_rule(c, 0, dir, v[i], "lua/rules");
		free(v[i]);
	}
	free(v);
	free(dir);
	if (bookdir) {
		c->bookdir = xstrdup(bookdir);
		char *real = realpath(bookdir, NULL);
		dir = xasprintf("%s/rules", bookdir);
		v = real ? lua_files(dir, real, &n) : NULL;
		if (!real)
			n = 0;
		for (size_t i = 0; i < n; i++) {
			load_rule(c, 1, dir, v[i], "rules");
			free(v[i]);
		}
		free(v);
		free(dir);
		free(real);
	}
	sort_array(c->rules, c->nrules, sizeof *c->rules, cmp_rule);
	return c;
}

void lint_free(lint_ctx *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nrules; i++) {
		free(c->rules[i].id);
		free(c->rules[i].description);
		free(c->rules[i].help);
		free(c->rules[i].file);
	}
	free(c->rules);
	sandbox_free(c->st[0].sb);
	sandbox_free(c->st[1].sb);
	free(c->bookdir);
	free(c);
}

const lint_rule *lint_rules(const lint_ctx *c, size_t *n)
{
	*n = c->nrules;
	return c->rules;
}

const lint_rule *lint_find(const lint_ctx *c, const char *id)
{
	for (size_t i = 0; i < c->nrules; i++)
		if (strcmp(c->rules[i].id, id) == 0)
			return &c->rules[i];
	return NULL;
}

int lint_select(lint_ctx *c, char **ids, size_t n, const char **bad)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!lint_find(c, ids[i])) {
			*bad = ids[i];
			return -1;
		}
	for (size_t i = 0; i < c->nrules; i++) {
		c->rules[i].selected = 0;
		for (size_t j = 0; j < n; j++)
			if (strcmp(c->rules[i].id, ids[j]) == 0)
				c->rules[i].selected = 1;
	}
	c->any_selected = 1;
	return 0;
}

/* ---- running rules ---- */

/* report(at, message [, hint]): at is any view object (or a table) with
 * file, line, col; nil for the book as a whole. Upvalue: the context. */
static int api_report(lua_State *L)
{
	lint_ctx *c = lua_touserdata(L, lua_upvalueindex(1));
	const lint_rule *r = c->running;
	if (!r)
		return luaL_error(L, "report() called outside a rule's check");
	const char *msg = luaL_checkstring(L, 2);
	const char *hint = luaL_optstring(L, 3, NULL);
	const char *file = NULL;
	lua_Integer line = 0, col = 0;
	if (!lua_isnoneornil(L, 1)) {
		if (lua_getfield(L, 1, "file") == LUA_TSTRING)
			file = lua_tostring(L, -1);
		lua_getfield(L, 1, "line");
		line = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
		lua_getfield(L, 1, "col");
		col = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
	}
	if (++c->nreports > c->max_reports)
		return luaL_error(L, "too many reports (more than %d)", (int)c->max_reports);
	if (line < 0 || line > INT_MAX)
		line = 0;
	if (col < 0 || col > INT_MAX)
		col = 0;
	/* Nothing below raises: the copies are safe. */
	diag_add(c->d, file, (int)line, file ? (int)col : 0, r->sev, r->id, hint, "%.*s", MSG_MAX, msg);
	if (hint && strlen(hint) > MSG_MAX)
		c->d->items[c->d->n - 1].hint[MSG_MAX] = '\0';
	return 0;
}

static volatile sig_atomic_t alarm_stage;
static lua_State *volatile alarm_L;

static void stop_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	lua_sethook(L, stop_hook, LUA_MASKCOUNT, 1);
	luaL_error(L, "time limit exceeded (%d s)", SOFT_SECONDS);
}

static void on_alarm(int sig)
{
	(void)sig;
	if (alarm_stage == 0 && alarm_L) {
		alarm_stage = 1;
		lua_sethook(alarm_L, stop_hook, LUA_MASKCOUNT, 1); /* async-signal-safe by the manual */
		alarm(HARD_SECONDS);
		return;
	}
	static const char m[] = "svcbook: a lint rule is stuck inside one library call; giving up\n";
	ssize_t w = write(STDERR_FILENO, m, sizeof m - 1);
	(void)w;
	_exit(2);
}

static void arm_alarm(lua_State *L)
{
	alarm_stage = 0;
	alarm_L = L;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm(SOFT_SECONDS);
}

static void disarm_alarm(void)
{
	alarm(0);
	alarm_L = NULL;
}

/* How many objects the view holds: sizes budgets and caps. */
static size_t book_items(const book *b)
{
	size_t items = b->nclauses + b->nrefs + b->nterms + b->nroles + b->nstages + b->nfiles;
	for (size_t i = 0; i < b->nclauses; i++)
		items += b->clauses[i].nattrs + b->clauses[i].nroles_attr;
	for (size_t i = 0; i < b->nterms; i++)
		items += b->terms[i].naka;
	return items;
}

/* Builds the view in state st once; 0 on success. */
static int ensure_view(lint_ctx *c, lint_state *st, book *b)
{
	if (st->view_ref != LUA_NOREF)
		return 0;
	lua_State *L = sandbox_state(st->sb);
	/* Room for the view (about 1.5 KiB per object) on top of the rules' own
	 * 256 MiB, so a 100 MB book fits and a memory bomb still ends. */
	sandbox_set_cap(st->sb, ((size_t)256 << 20) + 1536 * book_items(b));
	/* the API and the proxies need the book */
	ro_register(L, b);
	open_api(L, b);
	lua_pushcfunction(L, build_view);
	lua_pushlightuserdata(L, b);
	char *err = NULL;
	int rc = sandbox_call(st->sb, 1, 2, 0, &err);
	if (rc != LUA_OK) {
		diag_add(c->d, NULL, 0, 0, SEV_FATAL, "lint", NULL, "cannot build the rules' view of the book: %s", err);
		free(err);
		st->dead = 1;
		return -1;
	}
	lua_setfield(L, LUA_REGISTRYINDEX, "svcbook.arrays");
	st->view_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

static void run_rule(lint_ctx *c, lint_rule *r, book *b)
{
	lint_state *st = &c->st[r->state];
	if (!st->sb || st->dead || ensure_view(c, st, b) != 0)
		return;
	lua_State *L = sandbox_state(st->sb);
	int top = lua_gettop(L);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->ref);
	lua_getfield(L, -1, "check");
	lua_Debug ar;
	lua_pushvalue(L, -1);
	lua_getinfo(L, ">S", &ar);
	int defined = ar.linedefined;
	lua_rawgeti(L, LUA_REGISTRYINDEX, st->view_ref);
	lua_pushlightuserdata(L, c);
	lua_pushcclosure(L, api_report, 1);
	c->running = r;
	c->nreports = 0;
	size_t items = book_items(b);
	c->max_reports = 10000 + 10 * items;
	char *err = NULL;
	arm_alarm(L);
	int rc = sandbox_call(st->sb, 2, 0, (size_t)200 * 1000 * 1000 + 2000 * items, &err);
	disarm_alarm();
	c->running = NULL;
	lua_settop(L, top);
	if (rc != LUA_OK) {
		rule_error(c, r->id, r->file, r->builtin, "failed", err, defined);
		free(err);
		/* a memory bomb's garbage must not starve the next rule; a full
		 * collection of a large view costs seconds, so only after a failure */
		lua_gc(L, LUA_GCCOLLECT, 0);
	}
}

/* ---- suppression and severities ---- */

typedef struct {
	char *rule;   /* NULL: every rule */
	int line;     /* the comment's line */
	int next;     /* 1: next line only; 0: rest of the file */
} suppress;

typedef struct {
	suppress *v;
	size_t n, cap;
} suppress_list;

static void scan_suppressions(const book_file *f, suppress_list *out)
{
	static const char tag[] = "<!-- svcbook-disable";
	const char *t = f->text, *end = f->text + f->len;
	size_t line_i = 0;
	for (const char *p = t; (p = strstr(p, tag)); p += sizeof tag - 1) {
		const char *q = p + sizeof tag - 1;
		int next = 0;
		if (strncmp(q, "-next-line", 10) == 0) {
			next = 1;
			q += 10;
		}
		if (*q != ' ' && *q != '\t' && strncmp(q, "-->", 3) != 0)
			continue;
		const char *close = strstr(q, "-->");
		if (!close)
			break;
		while (line_i + 1 < f->nlines && f->lines[line_i + 1] <= (size_t)(p - t))
			line_i++;
		int line = (int)line_i + 1;
		size_t before = out->n;
		for (const char *s = q; s < close;) {
			s += strspn(s, " \t,\r\n");
			size_t k = strcspn(s, " \t,\r\n");
			if (s + k > close)
				k = (size_t)(close - s);
			if (!k)
				break;
			out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
			out->v[out->n++] = (suppress){xstrndup(s, k), line, next};
			s += k;
		}
		if (out->n == before) {
			out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
			out->v[out->n++] = (suppress){NULL, line, next};
		}
		if (close >= end)
			break;
	}
}

static int suppressed(const suppress_list *s, const diag *d)
{
	for (size_t i = 0; i < s->n; i++) {
		const suppress *x = &s->v[i];
		if (x->rule && strcmp(x->rule, d->rule) != 0)
			continue;
		if (x->next ? d->line == x->line + 1 : d->line > x->line)
			return 1;
	}
	return 0;
}

static void free_diag(diag *d)
{
	free(d->file);
	free(d->rule);
	free(d->message);
	free(d->hint);
}

/* Suppression comments, book.lua severities and --rule, for every
 * diagnostic (the reader's too) except fatal ones. */
static void post_process(lint_ctx *c, book *b)
{
	strmap files;
	strmap_init(&files);
	suppress_list *sup = xcalloc(b->nfiles ? b->nfiles : 1, sizeof *sup);
	for (size_t i = 0; i < b->nfiles; i++) {
		strmap_set(&files, b->files[i].path, (int)i);
		if (strstr(b->files[i].text, "svcbook-disable"))
			scan_suppressions(&b->files[i], &sup[i]);
	}
	diag_list *l = c->d;
	size_t w = 0;
	for (size_t i = 0; i < l->n; i++) {
		diag *d = &l->items[i];
		int keep = 1;
		if (d->sev < SEV_FATAL) {
			int f = strmap_get(&files, d->file);
			if (f >= 0 && sup[f].n && suppressed(&sup[f], d))
				keep = 0;
			for (size_t k = 0; keep && k < b->config.nrules; k++)
				if (strcmp(b->config.rule_ids[k], d->rule) == 0) {
					diag_severity s = parse_sev(b->config.rule_sev[k]);
					if (s == SEV_OFF)
						keep = 0;
					else
						d->sev = s;
				}
			if (keep && c->any_selected) {
				const lint_rule *r = lint_find(c, d->rule);
				keep = !r || r->selected;
			}
		}
		if (keep)
			l->items[w++] = *d;
		else
			free_diag(d);
	}
	l->n = w;
	for (size_t i = 0; i < b->nfiles; i++) {
		for (size_t j = 0; j < sup[i].n; j++)
			free(sup[i].v[j].rule);
		free(sup[i].v);
	}
	free(sup);
	strmap_free(&files);
}

/* book.lua rules = {...} naming a rule that does not exist is a typo. */
static void check_config_rules(lint_ctx *c, book *b)
{
	for (size_t k = 0; k < b->config.nrules; k++) {
		const char *id = b->config.rule_ids[k];
		if (lint_find(c, id))
			continue;
		/* the reader's own checks may be configured too */
		static const char *input[] = {"bad-encoding", "bad-attribute", "bad-id", "unknown-config", NULL};
		int known = 0;
		for (const char **p = input; *p; p++)
			known |= strcmp(*p, id) == 0;
		if (known)
			continue;
		char *path = xasprintf("%s/book.lua", b->dir);
		char *text = read_file(path, NULL);
		free(path);
		book_pos p = config_role_pos(text, id);
		free(text);
		diag_add(c->d, "book.lua", p.line, p.col, SEV_WARNING, "bad-config",
			 "svcbook lint --list-rules shows the rule ids", "rules: no rule has the id '%s'", id);
	}
}

void lint_check(lint_ctx *c, book *b)
{
	if (diag_worst(c->d) >= SEV_FATAL)
		return;
	c->b = b;
	for (size_t i = 0; i < c->nrules; i++)
		if (c->rules[i].selected && c->rules[i].sev != SEV_OFF)
			run_rule(c, &c->rules[i], b);
	check_config_rules(c, b);
	post_process(c, b);
	c->b = NULL;
}

void lint_book(book *b, const char *datadir)
{
	if (diag_worst(b->diags) >= SEV_FATAL)
		return;
	char *dd = datadir ? NULL : cli_datadir();
	lint_ctx *c = lint_new(datadir ? datadir : dd, b->dir, b->diags);
	lint_check(c, b);
	lint_free(c);
	free(dd);
}

/* view.c - the rules' read-only Lua view of the book model (see view.h).
 *
 * Every view object is a userdata of type view_obj with the shared
 * metatable RO_META and one user value. A "plain" object (an array, a
 * position, an attribute, a file, book.config, the book itself) has its
 * real table there, filled when it is made. A model object (clause, term,
 * role, stage, reference) starts with nothing there: ro_index computes the
 * field a rule asks for from the model; tables (positions, lists, a
 * clause's text) are then kept in a cache table in the user value, so a
 * field read twice is the same object. pairs() fills every field first. */
#include "view.h"
#include "view_int.h"
#include "attrs.h"
#include "config.h"
#include "util.h"

#include <lauxlib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define OWNED_META "svcbook.owned"
#define CTX_KEY "svcbook.view"
#define PLAIN VIEW_KINDS /* view_obj.kind of a plain object */

typedef struct {
	int kind;  /* view_kind, or PLAIN */
	int index; /* into the model's array of that kind */
	int full;  /* every field is in the cache (after pairs) */
} view_obj;


static const char *target_names[] = {NULL, "term", "role", "stage", "clause", "file"};
static const char *ref_kind_names[] = {"name", "role", "id", "link"};
static const char *status_names[] = {"ok", "undefined", "ambiguous"};

enum {
	F_INDEX, F_ID, F_EXPLICIT_ID, F_WRITTEN_ID, F_ID_AT, F_NUMBER, F_TITLE, F_DEPTH,
	F_CHAPTER, F_FILE, F_LINE, F_COL, F_PARENT, F_CHILDREN, F_ATTRS, F_STAGE,
	F_STAGE_AT, F_ROLES, F_ROLES_AT, F_TERM, F_ROLE, F_JOURNEY_STAGE, F_IN_ROLE, F_TEXT,
	F_NAME, F_DEFINITION, F_CLAUSE, F_AKA, F_AKA_AT, F_USES, F_LEVEL, F_SUPPORT_LINE,
	F_SECTIONS, F_OWNER, F_OWNER_AT, F_OWNER_ROLE, F_KIND, F_RAW, F_TARGET, F_SHOWN,
	F_STATUS, F_TARGET_KIND, F_TARGET_ITEM, F_TARGET_CLAUSE, F_CANDIDATES, F_USE_COUNT, F_OBLIGATIONS,
	F_END_LINE, F_BODY_LINE, F_BODY_COL, F_OBLIGATION_COUNT, F_COUNT
};

static const char *field_names[F_COUNT] = {
	"index", "id", "explicit_id", "written_id", "id_at", "number", "title", "depth",
	"chapter", "file", "line", "col", "parent", "children", "attrs", "stage",
	"stage_at", "roles", "roles_at", "term", "role", "journey_stage", "in_role", "text",
	"name", "definition", "clause", "aka", "aka_at", "uses", "level", "support_line",
	"sections", "owner", "owner_at", "owner_role", "kind", "raw", "target", "shown",
	"status", "target_kind", "target_item", "target_clause", "candidates", "use_count",
	"obligations", "end_line", "body_line", "body_col", "obligation_count",
};

_Static_assert(F_COUNT <= VIEW_FIELDS_MAX, "view_ctx.cached has a byte per field");

/* The fields pairs() shows, per kind; -1 ends. A clause's text and
 * obligations (and their count) are left out: they are computed only when
 * a rule asks for them by name. */
static const int clause_fields[] = {
	F_INDEX, F_ID, F_EXPLICIT_ID, F_WRITTEN_ID, F_ID_AT, F_NUMBER, F_TITLE, F_DEPTH,
	F_CHAPTER, F_FILE, F_LINE, F_COL, F_PARENT, F_CHILDREN, F_ATTRS, F_STAGE, F_STAGE_AT,
	F_ROLES, F_ROLES_AT, F_TERM, F_ROLE, F_JOURNEY_STAGE, F_IN_ROLE, F_END_LINE, F_BODY_LINE,
	F_BODY_COL, -1,
};
static const int term_fields[] = {
	F_INDEX, F_ID, F_NAME, F_DEFINITION, F_FILE, F_LINE, F_COL, F_CLAUSE, F_AKA, F_AKA_AT, F_USES, F_USE_COUNT, -1,
};
static const int role_fields[] = {
	F_INDEX, F_ID, F_NAME, F_LEVEL, F_SUPPORT_LINE, F_OWNER, F_OWNER_AT, F_OWNER_ROLE, F_FILE, F_LINE,
	F_COL, F_CLAUSE, F_SECTIONS, -1,
};
static const int stage_fields[] = {
	F_INDEX, F_ID, F_NAME, F_OWNER, F_OWNER_AT, F_OWNER_ROLE, F_FILE, F_LINE, F_COL, F_CLAUSE, -1,
};
static const int ref_fields[] = {
	F_INDEX, F_KIND, F_RAW, F_TARGET, F_SHOWN, F_STATUS, F_FILE, F_LINE, F_COL, F_CLAUSE,
	F_TARGET_KIND, F_TARGET_ITEM, F_TARGET_CLAUSE, F_CANDIDATES, -1,
};

static const int *const kind_fields[VIEW_KINDS] = {
	NULL, clause_fields, term_fields, role_fields, stage_fields, ref_fields,
};

/* ---- owned strings ---- */

static int owned_gc(lua_State *L)
{
	char **box = lua_touserdata(L, 1);
	free(*box);
	*box = NULL;
	return 0;
}

char **view_box(lua_State *L)
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

void view_box_push(lua_State *L, char **box)
{
	if (*box)
		lua_pushstring(L, *box);
	else
		lua_pushnil(L);
	free(*box);
	*box = NULL;
	lua_remove(L, -2);
}

/* ---- objects ---- */

/* Pushes a new plain object over the table at idx, with no metatable yet. */
static void push_plain(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	view_obj *o = lua_newuserdatauv(L, sizeof *o, 1);
	o->kind = PLAIN;
	o->index = -1;
	o->full = 1;
	lua_pushvalue(L, idx);
	lua_setiuservalue(L, -2, 1);
}

/* Wraps the table at idx into a new plain object, pushed. */
void view_ro_wrap(lua_State *L, int idx)
{
	push_plain(L, idx);
	luaL_setmetatable(L, RO_META);
}

/* Wraps the table on top into a plain object and sets it as t[k]. */
void view_set_wrapped(lua_State *L, int t, const char *k)
{
	view_ro_wrap(L, -1);
	lua_setfield(L, t, k);
	lua_pop(L, 1);
}

static void fill_metatable(lua_State *L, view_ctx *vc, int index);

/* set_wrapped for one of the book's arrays, which rules iterate: its own
 * metatable reads the array itself, which the rules still cannot reach
 * (the metatable is protected and the sandbox has no debug library). */
static void set_array(lua_State *L, view_ctx *vc, int t, const char *k)
{
	int arr = lua_gettop(L);
	push_plain(L, arr);
	lua_createtable(L, 0, 7);
	fill_metatable(L, vc, arr);
	lua_setmetatable(L, -2);
	lua_setfield(L, t, k);
	lua_pop(L, 1);
}

static void push_str(lua_State *L, const char *s)
{
	if (s)
		lua_pushstring(L, s);
	else
		lua_pushnil(L);
}

void view_set_str(lua_State *L, int t, const char *k, const char *v)
{
	if (!v)
		return;
	lua_pushstring(L, v);
	lua_setfield(L, t, k);
}

void view_set_int(lua_State *L, int t, const char *k, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, t, k);
}

const char *view_file_path(const book *b, int f)
{
	return f >= 0 && (size_t)f < b->nfiles ? b->files[f].path : NULL;
}

static void set_pos(lua_State *L, int t, const book *b, book_pos p)
{
	view_set_str(L, t, "file", view_file_path(b, p.file));
	view_set_int(L, t, "line", p.line);
	view_set_int(L, t, "col", p.col);
}

/* Pushes a new position object {file, line, col}. */
static void push_pos_obj(lua_State *L, const book *b, book_pos p)
{
	lua_createtable(L, 0, 3);
	set_pos(L, lua_gettop(L), b, p);
	view_ro_wrap(L, -1);
	lua_remove(L, -2);
}

/* Pushes field f (F_FILE, F_LINE or F_COL) of position p. */
static void push_pos_field(lua_State *L, const book *b, book_pos p, int f)
{
	if (f == F_FILE)
		push_str(L, view_file_path(b, p.file));
	else
		lua_pushinteger(L, f == F_LINE ? p.line : p.col);
}

static void push_item(lua_State *L, const view_ctx *vc, view_kind kind, int i)
{
	if (i < 0 || vc->items[kind] == LUA_NOREF) {
		lua_pushnil(L);
		return;
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, vc->items[kind]);
	lua_rawgeti(L, -1, (lua_Integer)i + 1);
	lua_remove(L, -2);
}

/* Pushes a plain array of the objects of one kind listed in idx[0..n);
 * returns 1 when it made a new one (0: the shared empty array). */
static int push_item_list(lua_State *L, const view_ctx *vc, view_kind kind, const int *idx, size_t n)
{
	if (!n) {
		/* one shared empty array: most objects have no attributes, uses,
		 * children or candidates */
		lua_rawgeti(L, LUA_REGISTRYINDEX, vc->empty);
		return 0;
	}
	lua_createtable(L, (int)n, 0);
	lua_rawgeti(L, LUA_REGISTRYINDEX, vc->items[kind]);
	for (size_t j = 0; j < n; j++) {
		lua_rawgeti(L, -1, (lua_Integer)idx[j] + 1);
		lua_rawseti(L, -3, (lua_Integer)j + 1);
	}
	lua_pop(L, 1);
	view_ro_wrap(L, -1);
	lua_remove(L, -2);
	return 1;
}

static int push_string_list(lua_State *L, const view_ctx *vc, char **v, size_t n)
{
	if (!n) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, vc->empty);
		return 0;
	}
	lua_createtable(L, (int)n, 0);
	for (size_t j = 0; j < n; j++) {
		lua_pushstring(L, v[j]);
		lua_rawseti(L, -2, (lua_Integer)j + 1);
	}
	view_ro_wrap(L, -1);
	lua_remove(L, -2);
	return 1;
}

/* ---- clause fields ---- */

/* Plain text of a clause's body. */
static void push_clause_text(lua_State *L, const book *b, int c)
{
	char **box = view_box(L);
	*box = book_clause_text(b, c);
	view_box_push(L, box);
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
			/* the reader's id as written (the common case) is an NCName,
			 * as every clause id is: no need to check it again */
			char *id = strcmp(blk.id, cl->id) == 0 || attrs_is_ncname(blk.id) ? xstrdup(blk.id) : attrs_slug(blk.id);
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

/* written_id (a string) or id_at (its place), for explicit ids only. The
 * string is held by the view's box (vc->written) until the next one, so a
 * push that raises leaks nothing, without a box of its own per clause
 * (duplicate-id reads every clause's). */
static void push_written_id(lua_State *L, const view_ctx *vc, const book_clause *cl, int f)
{
	if (!cl->id_explicit) {
		lua_pushnil(L);
		return;
	}
	int col = 0;
	free(*vc->written);
	*vc->written = written_id(vc->b, cl, &col);
	if (!*vc->written)
		lua_pushnil(L);
	else if (f == F_WRITTEN_ID)
		lua_pushstring(L, *vc->written);
	else
		push_pos_obj(L, vc->b, (book_pos){cl->pos.file, cl->pos.line, col});
}

static int push_attrs(lua_State *L, const view_ctx *vc, const book_clause *cl)
{
	const book *b = vc->b;
	if (!cl->nattrs) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, vc->empty);
		return 0;
	}
	lua_createtable(L, (int)cl->nattrs, 0);
	for (size_t j = 0; j < cl->nattrs; j++) {
		lua_createtable(L, 0, 5);
		int a = lua_gettop(L);
		view_set_str(L, a, "key", cl->attrs[j].key);
		view_set_str(L, a, "value", cl->attrs[j].value);
		set_pos(L, a, b, cl->attrs[j].pos);
		view_ro_wrap(L, a);
		lua_rawseti(L, a - 1, (lua_Integer)j + 1);
		lua_pop(L, 1);
	}
	view_ro_wrap(L, -1);
	lua_remove(L, -2);
	return 1;
}

/* Each push_*_field pushes field f of object i (nil when it has none) and
 * returns 1 when the value is a table to keep in the object's cache. */
/* 1 when line n of file f holds nothing but white space. */
static int blank_line(const book_file *f, int n)
{
	if (!f->text || n < 1 || (size_t)n > f->nlines)
		return 0;
	size_t a = f->lines[n - 1], e = (size_t)n < f->nlines ? f->lines[n] : f->len;
	for (size_t k = a; k < e; k++)
		if (!strchr(" \t\r\n", f->text[k]))
			return 0;
	return 1;
}

/* The last line of clause cl's own body (its sub-clauses not included),
 * so a rule can quote or fix a clause whole; the heading's last line when
 * the body is empty. cmark counts the blank lines after a list or a setext
 * heading into it: they are not the clause's. */
static int clause_end_line(const book *b, const book_clause *cl)
{
	cmark_node *last = cl->body_last ? cl->body_last : cl->heading;
	if (!last)
		return cl->pos.line;
	int from = cmark_node_get_start_line(last), end = cmark_node_get_end_line(last);
	if (cl->pos.file >= 0 && (size_t)cl->pos.file < b->nfiles)
		while (end > from && blank_line(&b->files[cl->pos.file], end))
			end--;
	return end;
}

static int push_clause_field(lua_State *L, const view_ctx *vc, int i, int f)
{
	const book *b = vc->b;
	const book_clause *cl = &b->clauses[i];
	switch (f) {
	case F_INDEX: lua_pushinteger(L, (lua_Integer)i + 1); return 0;
	case F_ID: push_str(L, cl->id); return 0;
	case F_EXPLICIT_ID: lua_pushboolean(L, cl->id_explicit); return 0;
	case F_WRITTEN_ID: push_written_id(L, vc, cl, f); return 0;
	case F_ID_AT: push_written_id(L, vc, cl, f); return 1;
	case F_NUMBER: push_str(L, cl->number); return 0;
	case F_TITLE: push_str(L, cl->title); return 0;
	case F_DEPTH: lua_pushinteger(L, cl->depth); return 0;
	case F_CHAPTER: push_str(L, book_chapter_kind_name(b->chapters[cl->chapter].kind)); return 0;
	case F_FILE: case F_LINE: case F_COL: push_pos_field(L, b, cl->pos, f); return 0;
	case F_PARENT: push_item(L, vc, VIEW_CLAUSE, cl->parent); return 0;
	case F_CHILDREN:
		return push_item_list(L, vc, VIEW_CLAUSE, vc->kids + vc->kids_at[i],
				      (size_t)(vc->kids_at[i + 1] - vc->kids_at[i]));
	case F_ATTRS: return push_attrs(L, vc, cl);
	case F_STAGE: push_str(L, cl->stage_ref); return 0;
	case F_STAGE_AT:
		if (!cl->stage_ref)
			break;
		push_pos_obj(L, b, cl->stage_ref_pos);
		return 1;
	case F_ROLES:
		if (!cl->roles_attr)
			break;
		return push_string_list(L, vc, cl->roles_attr, cl->nroles_attr);
	case F_ROLES_AT:
		if (!cl->roles_attr)
			break;
		push_pos_obj(L, b, cl->roles_attr_pos);
		return 1;
	case F_TERM: push_item(L, vc, VIEW_TERM, cl->term); return 0;
	case F_ROLE: push_item(L, vc, VIEW_ROLE, cl->role); return 0;
	case F_JOURNEY_STAGE: push_item(L, vc, VIEW_STAGE, cl->stage); return 0;
	case F_IN_ROLE:
		push_item(L, vc, VIEW_ROLE, cl->pos.file >= 0 ? b->files[cl->pos.file].role : -1);
		return 0;
	case F_TEXT: push_clause_text(L, b, i); return 1;
	case F_OBLIGATIONS: return view_push_obligations(L, vc, i);
	/* #obligations without making the list: no-obligation reads only
	 * that, and the lists were a third of its time on the bench book */
	case F_OBLIGATION_COUNT:
		/* kept only when each read would find the obligations again:
		 * from the book's table it is a look-up, and keeping it made
		 * every clause a cache table (3.3 M instructions on the bench book) */
		lua_pushinteger(L, (lua_Integer)view_obligation_count(vc, i));
		return b->obligations == NULL;
	case F_END_LINE: lua_pushinteger(L, clause_end_line(b, cl)); return 0;
	case F_BODY_LINE: case F_BODY_COL:
		if (!cl->body_first)
			break;
		lua_pushinteger(L, f == F_BODY_LINE ? cmark_node_get_start_line(cl->body_first)
						    : cmark_node_get_start_column(cl->body_first));
		return 0;
	default: break;
	}
	lua_pushnil(L);
	return 0;
}

/* ---- term, role, stage and reference fields ---- */

static int push_term_field(lua_State *L, const view_ctx *vc, int i, int f)
{
	const book *b = vc->b;
	const book_term *tm = &b->terms[i];
	const book_clause *cl = &b->clauses[tm->clause];
	switch (f) {
	case F_INDEX: lua_pushinteger(L, (lua_Integer)i + 1); return 0;
	case F_ID: push_str(L, cl->id); return 0;
	case F_NAME: push_str(L, tm->name); return 0;
	case F_DEFINITION: push_str(L, tm->definition ? tm->definition : ""); return 0;
	case F_FILE: case F_LINE: case F_COL: push_pos_field(L, b, cl->pos, f); return 0;
	case F_CLAUSE: push_item(L, vc, VIEW_CLAUSE, tm->clause); return 0;
	case F_AKA: return push_string_list(L, vc, tm->aka, tm->naka);
	case F_AKA_AT:
		if (!tm->naka) {
			lua_rawgeti(L, LUA_REGISTRYINDEX, vc->empty);
			return 0;
		}
		lua_createtable(L, (int)tm->naka, 0);
		for (size_t j = 0; j < tm->naka; j++) {
			push_pos_obj(L, b, tm->aka_pos[j]);
			lua_rawseti(L, -2, (lua_Integer)j + 1);
		}
		view_ro_wrap(L, -1);
		lua_remove(L, -2);
		return 1;
	case F_USES: return push_item_list(L, vc, VIEW_REF, tm->uses, tm->nuses);
	/* #uses without making the list: 20 000 terms' lists were most of
	 * unused-term on the 100 MB bench book */
	case F_USE_COUNT: lua_pushinteger(L, (lua_Integer)tm->nuses); return 0;
	default: break;
	}
	lua_pushnil(L);
	return 0;
}

static int push_role_field(lua_State *L, const view_ctx *vc, int i, int f)
{
	const book *b = vc->b;
	const book_role *r = &b->roles[i];
	switch (f) {
	case F_INDEX: lua_pushinteger(L, (lua_Integer)i + 1); return 0;
	case F_ID: push_str(L, r->id); return 0;
	case F_NAME: push_str(L, r->name); return 0;
	case F_LEVEL: push_str(L, book_level_name(r->level)); return 0;
	case F_OWNER: push_str(L, r->owner); return 0;
	case F_OWNER_AT:
		if (!r->owner)
			break;
		push_pos_obj(L, b, r->owner_pos);
		return 1;
	case F_OWNER_ROLE: push_item(L, vc, VIEW_ROLE, r->owner_role); return 0;
	case F_SUPPORT_LINE:
		if (!r->line)
			break;
		lua_pushinteger(L, r->line);
		return 0;
	case F_FILE: {
		/* the role's file, which its heading's place is in */
		const char *path = view_file_path(b, r->file);
		push_str(L, path ? path : view_file_path(b, r->pos.file));
		return 0;
	}
	case F_LINE: case F_COL: push_pos_field(L, b, r->pos, f); return 0;
	case F_CLAUSE: push_item(L, vc, VIEW_CLAUSE, r->clause); return 0;
	case F_SECTIONS:
		return push_item_list(L, vc, VIEW_CLAUSE, vc->secs + vc->secs_at[i],
				      (size_t)(vc->secs_at[i + 1] - vc->secs_at[i]));
	default: break;
	}
	lua_pushnil(L);
	return 0;
}

static int push_stage_field(lua_State *L, const view_ctx *vc, int i, int f)
{
	const book *b = vc->b;
	const book_stage *s = &b->stages[i];
	switch (f) {
	case F_INDEX: lua_pushinteger(L, (lua_Integer)i + 1); return 0;
	case F_ID: push_str(L, s->id); return 0;
	case F_NAME: push_str(L, s->name); return 0;
	case F_OWNER: push_str(L, s->owner); return 0;
	case F_OWNER_AT: push_pos_obj(L, b, s->owner_pos); return 1;
	case F_OWNER_ROLE: push_item(L, vc, VIEW_ROLE, s->owner_role); return 0;
	case F_FILE: case F_LINE: case F_COL: push_pos_field(L, b, b->clauses[s->clause].pos, f); return 0;
	case F_CLAUSE: push_item(L, vc, VIEW_CLAUSE, s->clause); return 0;
	default: break;
	}
	lua_pushnil(L);
	return 0;
}

static view_kind target_view_kind(book_target_kind k)
{
	switch (k) {
	case TARGET_TERM: return VIEW_TERM;
	case TARGET_ROLE: return VIEW_ROLE;
	case TARGET_STAGE: return VIEW_STAGE;
	case TARGET_CLAUSE: return VIEW_CLAUSE;
	case TARGET_FILE: return VIEW_FILE;
	default: return VIEW_KINDS;
	}
}

static int push_ref_field(lua_State *L, const view_ctx *vc, int i, int f)
{
	const book *b = vc->b;
	const book_ref *r = &b->refs[i];
	int found = r->status == RESOLVE_OK || r->status == RESOLVE_AMBIGUOUS;
	switch (f) {
	case F_INDEX: lua_pushinteger(L, (lua_Integer)i + 1); return 0;
	case F_KIND: lua_pushstring(L, ref_kind_names[r->kind]); return 0;
	case F_RAW: push_str(L, r->raw); return 0;
	case F_TARGET: push_str(L, r->target); return 0;
	case F_SHOWN: push_str(L, r->shown); return 0;
	case F_STATUS: lua_pushstring(L, status_names[r->status]); return 0;
	case F_FILE: case F_LINE: case F_COL: push_pos_field(L, b, r->pos, f); return 0;
	case F_CLAUSE: push_item(L, vc, VIEW_CLAUSE, r->clause); return 0;
	case F_TARGET_KIND:
		if (!found)
			break;
		push_str(L, target_names[r->target_kind]);
		return 0;
	case F_TARGET_ITEM: {
		view_kind k = target_view_kind(r->target_kind);
		if (r->status != RESOLVE_OK || k == VIEW_KINDS)
			break;
		push_item(L, vc, k, r->target_index);
		return 0;
	}
	case F_TARGET_CLAUSE:
		if (!found)
			break;
		push_item(L, vc, VIEW_CLAUSE, r->target_clause);
		return 0;
	case F_CANDIDATES: return push_item_list(L, vc, VIEW_CLAUSE, r->candidates, r->ncandidates);
	default: break;
	}
	lua_pushnil(L);
	return 0;
}

static int push_field(lua_State *L, const view_ctx *vc, const view_obj *o, int f)
{
	switch (o->kind) {
	case VIEW_CLAUSE: return push_clause_field(L, vc, o->index, f);
	case VIEW_TERM: return push_term_field(L, vc, o->index, f);
	case VIEW_ROLE: return push_role_field(L, vc, o->index, f);
	case VIEW_STAGE: return push_stage_field(L, vc, o->index, f);
	case VIEW_REF: return push_ref_field(L, vc, o->index, f);
	default: lua_pushnil(L); return 0;
	}
}

/* Stores the value on top under key k (a stack index) in the cache of the
 * object at index obj; the value stays on top. */
static void cache_put(lua_State *L, int obj, int k)
{
	if (lua_getiuservalue(L, obj, 1) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_createtable(L, 0, 4);
		lua_pushvalue(L, -1);
		lua_setiuservalue(L, obj, 1);
	}
	lua_pushvalue(L, k);
	lua_pushvalue(L, -3);
	lua_rawset(L, -3);
	lua_pop(L, 1);
}

/* ---- the metatable ---- */

/* The field id of the string key at index k, -1 when it names none: by
 * the address of its bytes (view_ctx.name_at), else (a string that is not
 * interned, which no field name is) by the names table. */
static size_t name_slot(const char *p)
{
	return (size_t)(((uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15u) >> 56) & (VIEW_NAME_SLOTS - 1);
}

static int field_of_key(lua_State *L, const view_ctx *vc, int k)
{
	const char *s = lua_tostring(L, k);
	for (size_t i = name_slot(s); vc->name_at[i]; i = (i + 1) & (VIEW_NAME_SLOTS - 1))
		if (vc->name_at[i] == s)
			return vc->name_field[i];
	lua_rawgeti(L, LUA_REGISTRYINDEX, vc->names);
	lua_pushvalue(L, k);
	lua_rawget(L, -2);
	int f = lua_isinteger(L, -1) ? (int)lua_tointeger(L, -1) : -1;
	lua_pop(L, 2);
	return f;
}

/* __index. Upvalue 1: the view_ctx. A model object's cache is looked in
 * only for a field that has ever been put in one (vc->cached): the others
 * (ids, titles, numbers, objects of the view) are worked out again, the
 * same value, without the look-up. */
static int ro_index(lua_State *L)
{
	view_ctx *vc = lua_touserdata(L, lua_upvalueindex(1));
	const view_obj *o = lua_touserdata(L, 1);
	lua_settop(L, 2);
	if (o->kind == PLAIN) {
		if (lua_getiuservalue(L, 1, 1) == LUA_TTABLE) {
			lua_pushvalue(L, 2);
			lua_rawget(L, 3);
		} else {
			lua_pushnil(L);
		}
		return 1;
	}
	/* a model object's cache holds nothing but fields, by name */
	int f = lua_type(L, 2) == LUA_TSTRING ? field_of_key(L, vc, 2) : -1;
	if (f >= 0 && (vc->cached[f] || !vc->b) && lua_getiuservalue(L, 1, 1) == LUA_TTABLE) {
		lua_pushvalue(L, 2);
		if (lua_rawget(L, 3) != LUA_TNIL)
			return 1;
	}
	lua_settop(L, 2);
	if (f < 0 || !vc->b) {
		lua_pushnil(L);
		return 1;
	}
	if (push_field(L, vc, o, f) && !lua_isnil(L, -1)) {
		vc->cached[f] = 1;
		cache_put(L, 1, 2);
	}
	return 1;
}

static int ro_newindex(lua_State *L)
{
	return luaL_error(L, "the book view is read-only");
}

static int ro_len(lua_State *L)
{
	if (lua_getiuservalue(L, 1, 1) == LUA_TTABLE && ((view_obj *)lua_touserdata(L, 1))->kind == PLAIN)
		lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
	else
		lua_pushinteger(L, 0);
	return 1;
}

static int ro_next(lua_State *L)
{
	lua_settop(L, 2);
	if (lua_getiuservalue(L, 1, 1) != LUA_TTABLE)
		return 0;
	lua_pushvalue(L, 2);
	return lua_next(L, 3) ? 2 : 0;
}

/* __pairs. Upvalue 1: the view_ctx. A model object gets every field first. */
static int ro_pairs(lua_State *L)
{
	view_ctx *vc = lua_touserdata(L, lua_upvalueindex(1));
	view_obj *o = lua_touserdata(L, 1);
	lua_settop(L, 1);
	if (!o->full && o->kind != PLAIN && vc->b) {
		for (const int *f = kind_fields[o->kind]; *f >= 0; f++) {
			lua_pushstring(L, field_names[*f]);
			/* a field push_field does not ask to keep is the same value
			 * when worked out again: ro_index need not look for it */
			if (push_field(L, vc, o, *f) && !lua_isnil(L, -1))
				vc->cached[*f] = 1;
			if (!lua_isnil(L, -1))
				cache_put(L, 1, 2);
			lua_settop(L, 1);
		}
		o->full = 1;
	}
	lua_pushcfunction(L, ro_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

static int ro_tostring(lua_State *L)
{
	if (lua_getfield(L, 1, "id") == LUA_TSTRING || lua_getfield(L, 1, "path") == LUA_TSTRING)
		lua_pushfstring(L, "svcbook view %s", lua_tostring(L, -1));
	else
		lua_pushliteral(L, "svcbook view");
	return 1;
}

static view_ctx *get_ctx(lua_State *L)
{
	view_ctx *vc = NULL;
	if (lua_getfield(L, LUA_REGISTRYINDEX, CTX_KEY) == LUA_TUSERDATA)
		vc = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return vc;
}

/* Sets the view's metamethods in the metatable on top. index: 0 for
 * ro_index, else the stack index of a table that __index reads directly
 * (the book's arrays: a rule's ipairs over them costs no C call per item). */
static void fill_metatable(lua_State *L, view_ctx *vc, int index)
{
	if (index) {
		lua_pushvalue(L, index);
	} else {
		lua_pushlightuserdata(L, vc);
		lua_pushcclosure(L, ro_index, 1);
	}
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, ro_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, ro_len);
	lua_setfield(L, -2, "__len");
	lua_pushlightuserdata(L, vc);
	lua_pushcclosure(L, ro_pairs, 1);
	lua_setfield(L, -2, "__pairs");
	lua_pushcfunction(L, ro_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pushliteral(L, "read-only");
	lua_setfield(L, -2, "__metatable");
}

void view_register(lua_State *L, const book *b)
{
	view_ctx *vc = get_ctx(L);
	if (vc) {
		vc->b = b;
		return;
	}
	vc = lua_newuserdatauv(L, sizeof *vc, 5);
	memset(vc, 0, sizeof *vc);
	vc->b = b;
	for (int k = 0; k < VIEW_KINDS; k++)
		vc->items[k] = LUA_NOREF;
	vc->empty = LUA_NOREF;
	vc->written = view_box(L);
	lua_setiuservalue(L, -2, 5);
	lua_setfield(L, LUA_REGISTRYINDEX, CTX_KEY);
	lua_createtable(L, 0, F_COUNT);
	for (int f = 0; f < F_COUNT; f++) {
		lua_pushinteger(L, f);
		lua_setfield(L, -2, field_names[f]);
	}
	/* the names' interned bytes, which the table keeps alive */
	for (int f = 0; f < F_COUNT; f++) {
		const char *p = lua_pushstring(L, field_names[f]);
		size_t i = name_slot(p);
		while (vc->name_at[i])
			i = (i + 1) & (VIEW_NAME_SLOTS - 1);
		vc->name_at[i] = p;
		vc->name_field[i] = (unsigned char)f;
		lua_pop(L, 1);
	}
	vc->names = luaL_ref(L, LUA_REGISTRYINDEX);

	luaL_newmetatable(L, RO_META);
	fill_metatable(L, vc, 0);
	lua_pop(L, 1);
}

void view_push(lua_State *L, view_kind kind, int i)
{
	view_ctx *vc = get_ctx(L);
	if (!vc)
		lua_pushnil(L);
	else
		push_item(L, vc, kind, i);
}

/* ---- building the view ---- */

/* A zeroed int array owned by the Lua state: user value uv of the context
 * (at stack index ctx). */
static int *state_ints(lua_State *L, int ctx, int uv, size_t n)
{
	int *v = lua_newuserdatauv(L, (n ? n : 1) * sizeof *v, 0);
	memset(v, 0, (n ? n : 1) * sizeof *v);
	lua_setiuservalue(L, ctx, uv);
	return v;
}

/* Groups clause indices by an owner (a parent clause, a role) in clause
 * order: out[at[o]] .. out[at[o + 1] - 1]. owner_of returns -1 for none. */
static void group_clauses(lua_State *L, int ctx, int uv, const book *b, size_t nowners,
			  int (*owner_of)(const book *, size_t), int **out, int **at)
{
	*at = state_ints(L, ctx, uv, nowners + 1);
	*out = state_ints(L, ctx, uv + 1, b->nclauses);
	for (size_t i = 0; i < b->nclauses; i++) {
		int o = owner_of(b, i);
		if (o >= 0)
			(*at)[o + 1]++;
	}
	for (size_t o = 0; o < nowners; o++)
		(*at)[o + 1] += (*at)[o];
	int *fill = xcalloc(nowners + 1, sizeof *fill);
	for (size_t i = 0; i < b->nclauses; i++) {
		int o = owner_of(b, i);
		if (o >= 0)
			(*out)[(*at)[o] + fill[o]++] = (int)i;
	}
	free(fill);
}

static int parent_of(const book *b, size_t i)
{
	return b->clauses[i].parent;
}

/* Role sections: every clause below a role's heading, in its role file. */
static int role_of(const book *b, size_t i)
{
	const book_clause *cl = &b->clauses[i];
	if (cl->depth < 2 || cl->pos.file < 0 || b->files[cl->pos.file].chapter_kind != CH_ROLES)
		return -1;
	return b->files[cl->pos.file].role;
}

/* Makes the n objects of a lazy kind and keeps their array in the registry. */
static void make_items(lua_State *L, view_ctx *vc, view_kind kind, size_t n)
{
	luaL_getmetatable(L, RO_META); /* once, not a registry look-up per object */
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		view_obj *o = lua_newuserdatauv(L, sizeof *o, 1);
		o->kind = kind;
		o->index = (int)i;
		o->full = 0;
		lua_pushvalue(L, -3);
		lua_setmetatable(L, -2);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	vc->items[kind] = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_pop(L, 1);
}

/* Files are few: plain objects, filled now. */
static void make_files(lua_State *L, view_ctx *vc)
{
	const book *b = vc->b;
	lua_createtable(L, (int)b->nfiles, 0);
	for (size_t i = 0; i < b->nfiles; i++) {
		const book_file *f = &b->files[i];
		lua_createtable(L, 0, 8);
		int t = lua_gettop(L);
		view_set_str(L, t, "path", f->path);
		view_set_str(L, t, "file", f->path);
		view_set_int(L, t, "line", 1);
		view_set_int(L, t, "col", 1);
		view_set_str(L, t, "chapter", book_chapter_kind_name(f->chapter_kind));
		view_set_int(L, t, "nlines", (lua_Integer)f->nlines);
		push_item(L, vc, VIEW_ROLE, f->role);
		lua_setfield(L, t, "role");
		view_ro_wrap(L, t);
		lua_rawseti(L, t - 1, (lua_Integer)i + 1);
		lua_pop(L, 1);
	}
	vc->items[VIEW_FILE] = luaL_ref(L, LUA_REGISTRYINDEX);
}

/* Sets t[k] to a read-only wrapper of kind's whole array of objects. */
static void set_items(lua_State *L, view_ctx *vc, int t, const char *k, view_kind kind)
{
	lua_rawgeti(L, LUA_REGISTRYINDEX, vc->items[kind]);
	set_array(L, vc, t, k);
}

/* book.refs ([[...]]), book.links (Markdown links), book.unresolved
 * (the [[...]] that did not resolve: what three rules look for, without
 * reading every reference) or book.role_refs (the [[@id]]: role-case read
 * the kind of each of the bench book's 21 654 references for its 1 330),
 * in model order. */
enum { REFS, LINKS, UNRESOLVED, ROLE_REFS };

static void set_refs(lua_State *L, view_ctx *vc, int t, const char *k, int which)
{
	const book *b = vc->b;
	lua_newtable(L);
	lua_rawgeti(L, LUA_REGISTRYINDEX, vc->items[VIEW_REF]);
	lua_Integer n = 0;
	for (size_t i = 0; i < b->nrefs; i++) {
		const book_ref *r = &b->refs[i];
		int in = which == LINKS ? r->kind == REF_LINK :
			which == ROLE_REFS ? r->kind == REF_ROLE :
			r->kind != REF_LINK && (which == REFS || r->status != RESOLVE_OK);
		if (!in)
			continue;
		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		lua_rawseti(L, -3, ++n);
	}
	lua_pop(L, 1);
	set_array(L, vc, t, k);
}

int view_build(lua_State *L)
{
	view_ctx *vc = get_ctx(L);
	if (!vc || !vc->b)
		return luaL_error(L, "no book is loaded");
	const book *b = vc->b;
	lua_getfield(L, LUA_REGISTRYINDEX, CTX_KEY);
	int ctx = lua_gettop(L);
	group_clauses(L, ctx, 1, b, b->nclauses, parent_of, &vc->kids, &vc->kids_at);
	group_clauses(L, ctx, 3, b, b->nroles, role_of, &vc->secs, &vc->secs_at);
	make_items(L, vc, VIEW_CLAUSE, b->nclauses);
	make_items(L, vc, VIEW_TERM, b->nterms);
	make_items(L, vc, VIEW_ROLE, b->nroles);
	make_items(L, vc, VIEW_STAGE, b->nstages);
	make_items(L, vc, VIEW_REF, b->nrefs);
	make_files(L, vc);
	lua_newtable(L);
	view_ro_wrap(L, -1);
	vc->empty = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_pop(L, 1);

	lua_createtable(L, 0, 16);
	int bk = lua_gettop(L);
	view_set_str(L, bk, "title", b->config.title);
	view_set_str(L, bk, "language", b->config.language == LANG_RU ? "ru" : "en");
	set_items(L, vc, bk, "files", VIEW_FILE);
	set_items(L, vc, bk, "clauses", VIEW_CLAUSE);
	set_items(L, vc, bk, "terms", VIEW_TERM);
	set_items(L, vc, bk, "roles", VIEW_ROLE);
	set_items(L, vc, bk, "stages", VIEW_STAGE);
	set_items(L, vc, bk, "all_refs", VIEW_REF);
	set_refs(L, vc, bk, "refs", REFS);
	set_refs(L, vc, bk, "links", LINKS);
	set_refs(L, vc, bk, "unresolved", UNRESOLVED);
	set_refs(L, vc, bk, "role_refs", ROLE_REFS);
	lua_newtable(L);
	for (size_t i = 0; i < b->nchapters; i++) {
		lua_pushstring(L, book_chapter_kind_name(b->chapters[i].kind));
		push_item(L, vc, VIEW_CLAUSE, b->chapters[i].clause);
		lua_settable(L, -3);
	}
	view_set_wrapped(L, bk, "chapters");
	/* appearance: sections that say which roles they cover */
	lua_newtable(L);
	lua_Integer n = 0;
	for (size_t i = 0; i < b->nclauses; i++) {
		if (!b->clauses[i].roles_attr || b->chapters[b->clauses[i].chapter].kind != CH_APPEARANCE)
			continue;
		push_item(L, vc, VIEW_CLAUSE, (int)i);
		lua_rawseti(L, -2, ++n);
	}
	set_array(L, vc, bk, "appearance");
	view_set_config(L, b, bk);
	view_ro_wrap(L, bk);
	return 1;
}

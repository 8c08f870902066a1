/* lintapi.c - the svcbook table a rule's Lua state sees: names and their
 * nearest matches, spelling, dates, Unicode case and words, the book's
 * ids and lines. Each function reads the model; none writes it. */
#include "lintapi.h"
#include "date.h"
#include "dict.h"
#include "headattr.h"
#include "i18n.h"
#include "inflect.h"
#include "match.h"
#include "spell.h"
#include "util.h"
#include "view.h"

#include <lauxlib.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static book *api_book(lua_State *L)
{
	book *b = lua_touserdata(L, lua_upvalueindex(1));
	if (!b) {
		lua_Debug ar;
		const char *fn = lua_getstack(L, 0, &ar) && lua_getinfo(L, "n", &ar) && ar.name ? ar.name : "this function";
		luaL_error(L, "svcbook.%s() needs the book, which a rule has only in check(): call it there, "
			   "not while the rule file loads", fn);
	}
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

/* One box per state for svcbook.key's answer, kept in the registry: the
 * key is held there while it is pushed (which may raise), without a new
 * userdata a call (duplicate-term asks for thousands). */
static const char key_box_tag = 0;

static char **key_box(lua_State *L)
{
	char **box;
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &key_box_tag) == LUA_TUSERDATA) {
		box = lua_touserdata(L, -1);
		lua_pop(L, 1);
		return box;
	}
	lua_pop(L, 1);
	box = view_box(L);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_box_tag);
	return box;
}

/* svcbook.key(name) -> the matcher's key (stems), equal for any form */
static int api_key(lua_State *L)
{
	book *b = api_book(L);
	const char *name = luaL_checkstring(L, 1);
	char **box = key_box(L);
	free(*box); /* a key whose push raised */
	*box = match_key(b->index, name);
	lua_pushstring(L, *box);
	free(*box);
	*box = NULL;
	return 1;
}

/* svcbook.same(a, b) -> whether two names find each other by their
 * lemmas (names with one key may be homographs: визит, виза) */
static int api_same(lua_State *L)
{
	book *b = api_book(L);
	lua_pushboolean(L, match_same(b->index, luaL_checkstring(L, 1), luaL_checkstring(L, 2)));
	return 1;
}

/* The chapter kind named chapter ("roles"), or -1. */
static int chapter_kind(const char *chapter)
{
	for (int k = 0; k < CH_KIND_COUNT; k++)
		if (strcmp(book_chapter_kind_name((book_chapter_kind)k), chapter) == 0)
			return k;
	return -1;
}

/* svcbook.known_attribute(chapter, key) -> whether the compiler reads
 * key= on a heading of that chapter (headattr.c's schema; id always) */
static int api_known_attribute(lua_State *L)
{
	int k = chapter_kind(luaL_checkstring(L, 1));
	const char *key = luaL_checkstring(L, 2);
	lua_pushboolean(L, strcmp(key, "id") == 0 || (k >= 0 && headattr_find((book_chapter_kind)k, key)));
	return 1;
}

/* svcbook.attributes(chapter) -> the attributes the compiler reads on a
 * heading of that chapter, in the schema's order (an empty array: none) */
static int api_attributes(lua_State *L)
{
	int k = chapter_kind(luaL_checkstring(L, 1));
	size_t n;
	const headattr_spec *s = headattr_schema(&n);
	lua_newtable(L);
	lua_Integer i = 0;
	for (size_t j = 0; j < n && k >= 0; j++)
		if (s[j].chapters & HA_IN(k)) {
			lua_pushstring(L, s[j].name);
			lua_rawseti(L, -2, ++i);
		}
	return 1;
}

/* svcbook.inflect(name, case) -> a Russian role name in "gen", "dat",
 * "acc", "ins" or "pre", checked against the dictionary, or nil */
static int api_inflect(lua_State *L)
{
	char *r = inflect_name(luaL_checkstring(L, 1), luaL_checkstring(L, 2));
	if (!r)
		return 0;
	lua_pushstring(L, r);
	free(r);
	return 1;
}

/* svcbook.fold(s) -> s in lower case, ё as е (Cyrillic too) */
static int api_fold(lua_State *L)
{
	char *r = match_fold(luaL_checkstring(L, 1));
	lua_pushstring(L, r);
	free(r);
	return 1;
}

/* svcbook._(msgid) -> its translation in the book's language (msgid
 * itself when the catalogue has none): rules format their own messages. */
static int api_gettext(lua_State *L)
{
	lua_pushstring(L, i18n_text(luaL_checkstring(L, 1)));
	return 1;
}

/* svcbook.spell(word) -> whether the dictionary of the book's language
 * (with the book's dictionary.txt) knows the word; true without one */
static int api_spell(lua_State *L)
{
	book *b = api_book(L);
	lua_pushboolean(L, dict_spell(dict_of_book(b), luaL_checkstring(L, 1)) != 0);
	return 1;
}

/* svcbook.suggest(word [, max]) -> the dictionary's suggestions, best first */
static int api_suggest(lua_State *L)
{
	book *b = api_book(L);
	const char *w = luaL_checkstring(L, 1);
	lua_Integer max = luaL_optinteger(L, 2, 5);
	char *out[10];
	size_t n = dict_suggest(dict_of_book(b), w, out, max < 1 ? 1 : max > 10 ? 10 : (size_t)max);
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		lua_pushstring(L, out[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
		free(out[i]);
	}
	return 1;
}

/* svcbook.misspelled() -> the prose words the dictionary does not know,
 * each {file, line, col, word} (spell.c says what is prose) */
static int api_misspelled(lua_State *L)
{
	book *b = api_book(L);
	size_t n;
	spell_miss *v = spell_check(b, &n);
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		lua_createtable(L, 0, 4);
		lua_pushstring(L, b->files[v[i].file].path);
		lua_setfield(L, -2, "file");
		lua_pushinteger(L, v[i].line);
		lua_setfield(L, -2, "line");
		lua_pushinteger(L, v[i].col);
		lua_setfield(L, -2, "col");
		lua_pushstring(L, v[i].word);
		lua_setfield(L, -2, "word");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	spell_free(v, n);
	return 1;
}

/* svcbook.source_line(path, n) -> the text of line n of a book file */
static int api_source_line(lua_State *L)
{
	book *b = api_book(L);
	const char *path = luaL_checkstring(L, 1);
	lua_Integer n = luaL_checkinteger(L, 2);
	/* a rule reads a file's lines in a row: the last file first (role-case
	 * compared each of 1 330 paths with the bench book's 288) */
	static _Thread_local const book *last_b;
	static _Thread_local size_t last;
	size_t from = last_b == b && last < b->nfiles ? last : 0;
	for (size_t k = 0; k < b->nfiles; k++) {
		size_t i = (from + k) % b->nfiles;
		const book_file *f = &b->files[i];
		if (strcmp(f->path, path) != 0)
			continue;
		last_b = b;
		last = i;
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

static int api_find_id(lua_State *L)
{
	book *b = api_book(L);
	view_push(L, VIEW_CLAUSE, book_find_id(b, luaL_checkstring(L, 1)));
	return 1;
}

static int api_find_role(lua_State *L)
{
	book *b = api_book(L);
	view_push(L, VIEW_ROLE, book_find_role(b, luaL_checkstring(L, 1)));
	return 1;
}

/* svcbook.nearest_id(id) -> the nearest clause id, or nil */
static int api_nearest_id(lua_State *L)
{
	book *b = api_book(L);
	nearest_acc a;
	nearest_init(&a, luaL_checkstring(L, 1));
	for (size_t i = 0; i < b->nclauses; i++)
		nearest_offer(&a, b->clauses[i].id);
	lua_pushstring(L, a.best); /* NULL pushes nil */
	return 1;
}

/* svcbook.nearest_role(id) -> the nearest role id (book_nearest_role), or nil */
static int api_nearest_role(lua_State *L)
{
	lua_pushstring(L, book_nearest_role(api_book(L), luaL_checkstring(L, 1))); /* NULL pushes nil */
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

/* N_(msgid) -> msgid: marks a rule's description for `make pot`; it is
 * translated where it is shown (lint --list-rules), in the language then. */
static int api_mark(lua_State *L)
{
	luaL_checkstring(L, 1);
	lua_settop(L, 1);
	return 1;
}

/* svcbook.date("YYYY-MM-DD") -> its day number (days since 1970-01-01), or
 * nil when it is not a calendar date (date.h) */
static int api_date(lua_State *L)
{
	long d;
	if (date_parse(luaL_checkstring(L, 1), &d) != 0)
		return 0;
	lua_pushinteger(L, d);
	return 1;
}

/* svcbook.today() -> today's day number (SOURCE_DATE_EPOCH when set) */
static int api_today(lua_State *L)
{
	lua_pushinteger(L, date_today());
	return 1;
}

/* svcbook.add_months(day, n) -> the day n months later, as "YYYY-MM-DD" too */
static int api_add_months(lua_State *L)
{
	lua_Integer d = luaL_checkinteger(L, 1), n = luaL_checkinteger(L, 2);
	luaL_argcheck(L, d > -1000000 && d < 10000000, 1, "not a day number");
	luaL_argcheck(L, n > -100000 && n < 100000, 2, "too many months");
	long r = date_add_months((long)d, (int)n);
	char out[11];
	date_format(r, out);
	lua_pushinteger(L, r);
	lua_pushstring(L, out);
	return 2;
}

/* s with each code point mapped by f (utf8proc_tolower/toupper); invalid
 * bytes kept as they are. */
static int map_case(lua_State *L, utf8proc_int32_t (*f)(utf8proc_int32_t))
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k < 1) {
			luaL_addchar(&b, s[i++]);
			continue;
		}
		utf8proc_uint8_t out[4];
		utf8proc_ssize_t m = utf8proc_encode_char(f(cp), out);
		luaL_addlstring(&b, (const char *)out, (size_t)m);
		i += (size_t)k;
	}
	luaL_pushresult(&b);
	return 1;
}

/* svcbook.lower(s), svcbook.upper(s): Unicode case mapping (string.lower
 * leaves Cyrillic as it is) */
static int api_lower(lua_State *L)
{
	return map_case(L, utf8proc_tolower);
}

static int api_upper(lua_State *L)
{
	return map_case(L, utf8proc_toupper);
}

/* Whether cp is part of a word: a letter, a mark or a digit. */
static int word_char(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME) || c == UTF8PROC_CATEGORY_ND;
}

/* svcbook.words(text) -> array of {word =, from =, to =}: the words of text
 * with their byte offsets (1-based, to inclusive, as string.sub takes
 * them); a hyphen or an apostrophe between two letters stays inside. */
static int api_words(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	lua_newtable(L);
	lua_Integer count = 0;
	size_t start = 0;
	int in = 0;
	for (size_t i = 0; i <= n;) {
		utf8proc_int32_t cp = -1;
		utf8proc_ssize_t k = i < n ? utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp) : 1;
		if (k < 1)
			k = 1, cp = -1;
		int w = i < n && cp >= 0 && word_char(cp);
		if (!w && in && i < n && (cp == '-' || cp == '\'' || cp == 0x2019)) {
			/* inside only when a letter follows */
			utf8proc_int32_t nx;
			size_t j = i + (size_t)k;
			w = j < n && utf8proc_iterate((const utf8proc_uint8_t *)s + j, (utf8proc_ssize_t)(n - j), &nx) > 0 && word_char(nx);
		}
		if (w && !in) {
			in = 1;
			start = i;
		} else if (!w && in) {
			in = 0;
			lua_createtable(L, 0, 3);
			lua_pushlstring(L, s + start, i - start);
			lua_setfield(L, -2, "word");
			lua_pushinteger(L, (lua_Integer)start + 1);
			lua_setfield(L, -2, "from");
			lua_pushinteger(L, (lua_Integer)i);
			lua_setfield(L, -2, "to");
			lua_rawseti(L, -2, ++count);
		}
		i += (size_t)k;
	}
	return 1;
}

void lintapi_open(lua_State *L, book *b)
{
	lua_newtable(L);
	const luaL_Reg fns[] = {
		{"_", api_gettext},
		{"nearest", api_nearest},
		{"key", api_key},
		{"same", api_same},
		{"known_attribute", api_known_attribute},
		{"attributes", api_attributes},
		{"source_line", api_source_line},
		{"inflect", api_inflect},
		{"spell", api_spell},
		{"suggest", api_suggest},
		{"misspelled", api_misspelled},
		{"fold", api_fold},
		{"find_id", api_find_id},
		{"find_role", api_find_role},
		{"nearest_id", api_nearest_id},
		{"nearest_role", api_nearest_role},
		{"nearest_string", api_nearest_string},
		{"date", api_date},
		{"today", api_today},
		{"add_months", api_add_months},
		{"lower", api_lower},
		{"upper", api_upper},
		{"words", api_words},
		{NULL, NULL},
	};
	lua_pushlightuserdata(L, b);
	luaL_setfuncs(L, fns, 1);
	lua_setglobal(L, "svcbook");
	lua_pushcfunction(L, api_print);
	lua_setglobal(L, "print");
	lua_pushcfunction(L, api_mark);
	lua_setglobal(L, "N_");
}

/* view_config.c - book.config as the rules see it: book.lua's settings,
 * each with where book.lua sets it (key_at). */
#include "view_int.h"
#include "config.h"
#include "util.h"

#include <lauxlib.h>
#include <stdlib.h>

/* Sets t[k .. "_at"] to where book.lua's text sets k. */
static void set_config_pos(lua_State *L, int t, const char *text, const char *k)
{
	book_pos p = config_key_pos(text, k);
	lua_createtable(L, 0, 3);
	int r = lua_gettop(L);
	view_set_str(L, r, "file", "book.lua");
	view_set_int(L, r, "line", p.line);
	view_set_int(L, r, "col", p.col);
	char *at = xasprintf("%s_at", k);
	view_set_wrapped(L, t, at);
	free(at);
}

/* Sets t[k] to book.lua's string value v, and where it is set. */
static void set_config_str(lua_State *L, int t, const char *text, const char *k, const char *v)
{
	if (!v)
		return;
	view_set_str(L, t, k, v);
	set_config_pos(L, t, text, k);
}

void view_set_config(lua_State *L, const book *b, int t)
{
	const book_config *c = &b->config;
	lua_createtable(L, 0, 16);
	int k = lua_gettop(L);
	view_set_str(L, k, "title", c->title);
	view_set_str(L, k, "organization", c->organization);
	view_set_str(L, k, "version", c->version);
	view_set_str(L, k, "language", c->language == LANG_RU ? "ru" : "en");
	char **box = view_box(L);
	char *path = xasprintf("%s/book.lua", b->dir);
	*box = read_file(path, NULL);
	free(path);
	const char *text = *box ? *box : "";
	set_config_str(L, k, text, "owner", c->owner);
	set_config_str(L, k, text, "approved_by", c->approved_by);
	set_config_str(L, k, text, "approved", c->approved);
	set_config_str(L, k, text, "effective", c->effective);
	if (c->review_every) {
		view_set_int(L, k, "review_every", c->review_every);
		set_config_pos(L, k, text, "review_every");
	}
	if (c->roles) {
		lua_createtable(L, (int)c->nroles, 0);
		for (size_t i = 0; i < c->nroles; i++) {
			book_pos p = config_string_pos(text, c->roles[i]);
			lua_createtable(L, 0, 4);
			int r = lua_gettop(L);
			view_set_str(L, r, "id", c->roles[i]);
			view_set_str(L, r, "file", "book.lua");
			view_set_int(L, r, "line", p.line);
			view_set_int(L, r, "col", p.col);
			view_ro_wrap(L, r);
			lua_rawseti(L, r - 1, (lua_Integer)i + 1);
			lua_pop(L, 1);
		}
		view_set_wrapped(L, k, "roles");
	}
	lua_pop(L, 1); /* the box: its __gc frees the text */
	lua_createtable(L, 0, (int)c->nrules);
	for (size_t i = 0; i < c->nrules; i++) {
		lua_pushstring(L, c->rule_sev[i]);
		lua_setfield(L, -2, c->rule_ids[i]);
	}
	view_set_wrapped(L, k, "rules");
	view_set_wrapped(L, t, "config");
}

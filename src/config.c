/* config.c - book.lua: plain assignments run with no library at all, under
 * the sandbox's memory cap and instruction budget, then read as data. */
#include "config.h"
#include "diagid.h"
#include "i18n.h"
#include "luamsg.h"
#include "sandbox.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define CONFIG_MEM ((size_t)16 << 20)
#define FILE_NAME "book.lua"

static const char *known_keys[] = {
	"title", "organization", "language", "version", "url", "roles",
	"autolink_terms", "rules", "unsafe_html", "owner", "approved_by", "approved",
	"effective", "review_every", "bonus", "max_input_mb", "rule_options", "rules_path", NULL,
};

/* See config.h. */
book_pos config_key_pos(const char *text, const char *key)
{
	book_pos p = {-1, 0, 0};
	size_t n = strlen(key);
	int line = 1;
	for (const char *ls = text; ls && *ls; line++) {
		const char *q = ls + strspn(ls, " \t");
		if (strncmp(q, key, n) == 0) {
			const char *e = q + n + strspn(q + n, " \t");
			if (e[0] == '=' && e[1] != '=') {
				p.line = line;
				p.col = (int)(q - ls) + 1;
				return p;
			}
		}
		ls = strchr(ls, '\n');
		if (ls)
			ls++;
	}
	return p;
}

/* A diagnostic of book.lua at the line that sets key (see key_at). */
static void key_diag(diag_list *d, const char *text, const char *key, diag_severity sev, const char *rule,
		     const char *hint, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static void key_diag(diag_list *d, const char *text, const char *key, diag_severity sev, const char *rule,
		     const char *hint, const char *fmt, ...)
{
	book_pos p = config_key_pos(text, key);
	va_list ap;
	va_start(ap, fmt);
	diag_addv(d, FILE_NAME, p.line, p.col, sev, rule, hint, fmt, ap);
	va_end(ap);
}

/* The known key nearest to k, if close (a typo); else the known key that
 * k spells out with a suffix, as `effective_date` for `effective`. */
static const char *nearest_key(const char *k)
{
	nearest_acc a;
	nearest_init(&a, k);
	for (const char **p = known_keys; *p; p++)
		nearest_offer(&a, *p);
	if (a.best)
		return a.best;
	const char *longest = NULL;
	for (const char **p = known_keys; *p; p++) {
		size_t n = strlen(*p);
		if (strncmp(k, *p, n) == 0 && (k[n] == '_' || k[n] == '-') && (!longest || n > strlen(longest)))
			longest = *p;
	}
	return longest;
}

/* The language of a book.lua Lua could not run, for its error: its
 * `language = "xx"` line when it has one, else Russian when its strings
 * and comments hold more Cyrillic than Latin letters (keys are Latin).
 * The reader guesses from the prose only once book.lua has been read. */
static const char *guess_language(const char *src, size_t len)
{
	size_t cyr = 0, lat = 0;
	int in = 0; /* inside a string or a comment */
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)src[i];
		if (!in && strncmp(src + i, "language", 8) == 0) {
			size_t j = i + 8;
			while (j < len && (src[j] == ' ' || src[j] == '=' || src[j] == '"' || src[j] == '\''))
				j++;
			if (j + 2 <= len && (strncmp(src + j, "ru", 2) == 0 || strncmp(src + j, "en", 2) == 0))
				return src[j] == 'r' ? "ru" : "en";
		}
		if (ch == '"' || ch == '\'')
			in = in == ch ? 0 : in ? in : ch;
		else if (!in && ch == '-' && i + 1 < len && src[i + 1] == '-')
			in = '\n';
		else if (ch == '\n' && in == '\n')
			in = 0;
		else if (in && (ch == 0xD0 || ch == 0xD1) && i + 1 < len && (unsigned char)src[i + 1] >= 0x80)
			cyr++;
		else if (in && (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')
			lat++;
	}
	return cyr > lat ? "ru" : cyr || lat ? "en" : NULL;
}

/* "book.lua:12: message" -> line 12 and the message after it, in the
 * language book.lua seems to be written in (src). */
static void report_lua_error(diag_list *d, const char *err, int rc, const char *src, size_t len)
{
	const char *lang = guess_language(src, len);
	if (lang)
		i18n_book_language(lang);
	int line = 0;
	const char *msg = err;
	size_t n = strlen(FILE_NAME);
	if (strncmp(err, FILE_NAME ":", n + 1) == 0) {
		char *end;
		long l = strtol(err + n + 1, &end, 10);
		if (end != err + n + 1 && *end == ':') {
			line = (int)l;
			msg = end + 1;
			while (*msg == ' ')
				msg++;
		}
	}
	/* The traceback adds nothing for a data file: keep the first line. */
	const char *nl = strchr(msg, '\n');
	int mlen = nl ? (int)(nl - msg) : (int)strlen(msg);
	if (rc == LUA_ERRSYNTAX) {
		/* Lua's own words in the book's language too, and the column
		 * of the token they point at */
		char *said = luamsg_syntax(msg, (size_t)mlen);
		int col = luamsg_column(msg, (size_t)mlen, src, len, line);
		diag_add(d, FILE_NAME, line, col, SEV_FATAL, DIAG_ID(BAD_CONFIG),
			 "book.lua holds lines key = value: text in quotes, a list in braces with commas between its items",
			 "Lua syntax error: %.*s", (int)strlen(said), said);
		free(said);
	} else {
		/* a run that failed: Lua's words and the sandbox's limits in
		 * the book's language, at the name they say when they say one */
		char *said = luamsg_runtime(msg, (size_t)mlen);
		int col = luamsg_runtime_column(msg, (size_t)mlen, src, len, line);
		diag_add(d, FILE_NAME, line, col, SEV_FATAL, DIAG_ID(BAD_CONFIG), NULL, "Lua error: %.*s",
			 (int)strlen(said), said);
		free(said);
	}
}

/* A copy of the Lua string at the top with control characters (NUL
 * included, but tab and line breaks) and bytes that are not UTF-8 as
 * U+FFFD, as the reader does for the sources: no output carries them, and
 * the HTML backend's body markers (html.c, "\1") cannot be forged from
 * book.lua. A string that was not UTF-8 is reported (key names it). */
static char *clean_string(lua_State *L, const char *key, const char *text, diag_list *d)
{
	size_t n;
	const char *s = lua_tolstring(L, -1, &n);
	buf b;
	buf_init(&b);
	buf_puts(&b, "");
	int bad = -1; /* the first byte that is not UTF-8 */
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
		if (k < 1) {
			if (bad < 0)
				bad = (unsigned char)s[i];
			buf_puts(&b, "\xEF\xBF\xBD");
			i++;
		} else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
			buf_puts(&b, "\xEF\xBF\xBD");
			i += (size_t)k;
		} else {
			buf_put(&b, s + i, (size_t)k);
			i += (size_t)k;
		}
	}
	if (bad >= 0)
		key_diag(d, text, key, SEV_WARNING, DIAG_ID(BAD_ENCODING), "save book.lua as UTF-8",
			 "'%s' is not valid UTF-8 (byte 0x%02X): such bytes are shown as U+FFFD", key, bad);
	return buf_detach(&b);
}

static char *get_string(lua_State *L, int env, const char *key, const char *text, diag_list *d)
{
	lua_getfield(L, env, key);
	char *v = NULL;
	if (lua_type(L, -1) == LUA_TSTRING)
		v = clean_string(L, key, text, d);
	else if (lua_type(L, -1) == LUA_TNUMBER)
		key_diag(d, text, key, SEV_ERROR, DIAG_ID(BAD_CONFIG), NULL, "'%s' must be a string, not a number", key);
	else if (lua_type(L, -1) == LUA_TBOOLEAN)
		key_diag(d, text, key, SEV_ERROR, DIAG_ID(BAD_CONFIG), NULL, "'%s' must be a string, not a boolean", key);
	else if (lua_type(L, -1) == LUA_TTABLE)
		key_diag(d, text, key, SEV_ERROR, DIAG_ID(BAD_CONFIG), NULL, "'%s' must be a string, not a table", key);
	else if (!lua_isnil(L, -1)) /* one message a type: Russian declines its name */
		key_diag(d, text, key, SEV_ERROR, DIAG_ID(BAD_CONFIG), NULL,
			 "'%s' must be a string, not a %s", key, luaL_typename(L, -1));
	lua_pop(L, 1);
	return v;
}

static void read_roles(lua_State *L, int env, book_config *c, const char *text, diag_list *d)
{
	lua_getfield(L, env, "roles");
	if (lua_istable(L, -1)) {
		lua_Integer n = luaL_len(L, -1);
		c->roles = xcalloc((size_t)n + 1, sizeof *c->roles);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_geti(L, -1, i);
			if (lua_type(L, -1) == LUA_TSTRING)
				c->roles[c->nroles++] = xstrdup(lua_tostring(L, -1));
			else
				key_diag(d, text, "roles", SEV_ERROR,
					 DIAG_ID(BAD_CONFIG), NULL, "roles[%lld] must be a role id (a string)", (long long)i);
			lua_pop(L, 1);
		}
	} else if (!lua_isnil(L, -1)) {
		key_diag(d, text, "roles", SEV_ERROR, DIAG_ID(BAD_CONFIG),
			 NULL, "'roles' must be a list of role ids");
	}
	lua_pop(L, 1);
}

static void read_rules(lua_State *L, int env, book_config *c, const char *text, diag_list *d)
{
	lua_getfield(L, env, "rules");
	if (lua_istable(L, -1)) {
		size_t cap = 0, cap2 = 0;
		lua_pushnil(L);
		while (lua_next(L, -2)) {
			const char *sev = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
			if (lua_type(L, -2) != LUA_TSTRING || !sev ||
			    (strcmp(sev, "off") && strcmp(sev, "note") && strcmp(sev, "warning") && strcmp(sev, "error"))) {
				key_diag(d, text, "rules", SEV_ERROR,
					 DIAG_ID(BAD_CONFIG), NULL,
					 "rules: each entry must be [\"rule-id\"] = \"off\", \"note\", \"warning\" or \"error\"");
			} else {
				c->rule_ids = xgrow(c->rule_ids, &cap, c->nrules + 1, sizeof *c->rule_ids);
				c->rule_sev = xgrow(c->rule_sev, &cap2, c->nrules + 1, sizeof *c->rule_sev);
				/* Keep id and severity together: store "id\0sev" pairs sorted below. */
				c->rule_ids[c->nrules] = xasprintf("%s%c%s", lua_tostring(L, -2), '\0', sev);
				c->rule_sev[c->nrules] = NULL;
				c->nrules++;
			}
			lua_pop(L, 1);
		}
		/* lua_next's order is not stable: sort for deterministic output. */
		sort_array(c->rule_ids, c->nrules, sizeof *c->rule_ids, cmp_strp);
		for (size_t i = 0; i < c->nrules; i++)
			c->rule_sev[i] = xstrdup(c->rule_ids[i] + strlen(c->rule_ids[i]) + 1);
	} else if (!lua_isnil(L, -1)) {
		key_diag(d, text, "rules", SEV_ERROR, DIAG_ID(BAD_CONFIG),
			 NULL, "'rules' must be a table");
	}
	lua_pop(L, 1);
}

/* A number at t[i] scaled to an integer (x10, x1000), or -1 when it is
 * not a number from 0 to max. */
static int bonus_number(lua_State *L, int i, double max, double scale)
{
	lua_geti(L, -1, i);
	int ok = lua_type(L, -1) == LUA_TNUMBER;
	double v = lua_tonumber(L, -1);
	lua_pop(L, 1);
	return ok && v >= 0 && v <= max ? (int)(v * scale + 0.5) : -1;
}

/* bonus = { {90, 1.2}, {75, 1.0}, {0, 0.8} }: the audit's coefficients,
 * thresholds from high to low (the first a score reaches gives it). */
static void read_bonus(lua_State *L, int env, book_config *c, const char *text, diag_list *d)
{
	lua_getfield(L, env, "bonus");
	lua_Integer n = lua_istable(L, -1) ? luaL_len(L, -1) : 0;
	int bad = !lua_isnil(L, -1) && (!lua_istable(L, -1) || n < 1 || n > 100);
	if (!bad && n > 0) {
		c->bonus_min = xcalloc((size_t)n, sizeof *c->bonus_min);
		c->bonus_coef = xcalloc((size_t)n, sizeof *c->bonus_coef);
	}
	for (lua_Integer i = 1; !bad && i <= n; i++) {
		lua_geti(L, -1, i);
		int min = -1, coef = -1;
		if (lua_istable(L, -1) && luaL_len(L, -1) == 2) {
			min = bonus_number(L, 1, 100, 10);
			coef = bonus_number(L, 2, 100, 1000);
		}
		lua_pop(L, 1);
		bad = min < 0 || coef < 0 || (c->nbonus && min >= c->bonus_min[c->nbonus - 1]);
		if (!bad) {
			c->bonus_min[c->nbonus] = min;
			c->bonus_coef[c->nbonus++] = coef;
		}
	}
	if (bad) {
		free(c->bonus_min);
		free(c->bonus_coef);
		c->bonus_min = c->bonus_coef = NULL;
		c->nbonus = 0;
		key_diag(d, text, "bonus", SEV_ERROR, DIAG_ID(BAD_CONFIG),
			 "bonus = { {90, 1.2}, {75, 1.0}, {0, 0.8} }: a score of 90 or more gives 1.2, 75 or more 1.0, else 0.8",
			 "bonus must list {threshold, coefficient} pairs, thresholds from 0 to 100 falling, "
			 "coefficients from 0 to 100");
	}
	lua_pop(L, 1);
}

static void check_keys(lua_State *L, int env, const char *text, diag_list *d)
{
	/* Collect and sort first: table traversal order is not deterministic. */
	char **keys = NULL;
	size_t n = 0, cap = 0;
	lua_pushnil(L);
	while (lua_next(L, env)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			continue;
		const char *k = lua_tostring(L, -1);
		int known = 0;
		for (const char **p = known_keys; *p; p++)
			known |= strcmp(*p, k) == 0;
		if (!known) {
			keys = xgrow(keys, &cap, n + 1, sizeof *keys);
			keys[n++] = xstrdup(k);
		}
	}
	sort_array(keys, n, sizeof *keys, cmp_strp);
	for (size_t i = 0; i < n; i++) {
		const char *near = nearest_key(keys[i]);
		char *hint = near ? xasprintf("did you mean %s?", near) : NULL;
		key_diag(d, text, keys[i], SEV_WARNING,
			 DIAG_ID(UNKNOWN_CONFIG), hint, "unknown setting '%s' in book.lua", keys[i]);
		free(hint);
		free(keys[i]);
	}
	free(keys);
}

/* review_every: whole months between reviews, 1 or more. */
static void read_review_every(lua_State *L, int env, book_config *c, const char *text, diag_list *d)
{
	lua_getfield(L, env, "review_every");
	if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= 1200)
		c->review_every = (int)lua_tointeger(L, -1);
	else if (!lua_isnil(L, -1))
		key_diag(d, text, "review_every", SEV_ERROR, DIAG_ID(BAD_CONFIG), "review_every = 12 means once a year",
			 "review_every must be a whole number of months (1 to 1200)");
	lua_pop(L, 1);
}

/* max_input_mb: the most the book's files may hold, in MB (1 to 4096). */
static void read_max_input(lua_State *L, int env, book_config *c, const char *text, diag_list *d)
{
	lua_getfield(L, env, "max_input_mb");
	if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= 4096)
		c->max_input_mb = (int)lua_tointeger(L, -1);
	else if (!lua_isnil(L, -1))
		key_diag(d, text, "max_input_mb", SEV_ERROR, DIAG_ID(BAD_CONFIG), "max_input_mb = 128 lets the book's files hold 128 MB",
			 "max_input_mb must be a whole number of megabytes (1 to 4096)");
	lua_pop(L, 1);
}

/* The value at the top of L as a Lua constructor of plain data (strings,
 * numbers, booleans, tables of them) in b; -1 when it holds anything else or
 * nests too deep. A rule's options cross from book.lua's state to the
 * rules' state this way. */
static int plain_data(lua_State *L, buf *b, int depth, size_t *items)
{
	if (++*items > 10000)
		return -1;
	switch (lua_type(L, -1)) {
	case LUA_TSTRING: {
		size_t n;
		const char *s = lua_tolstring(L, -1, &n);
		buf_putc(b, '"');
		for (size_t i = 0; i < n; i++)
			buf_printf(b, "\\%03u", (unsigned char)s[i]);
		buf_putc(b, '"');
		return 0;
	}
	case LUA_TNUMBER:
		if (lua_isinteger(L, -1))
			buf_printf(b, "%lld", (long long)lua_tointeger(L, -1));
		else
			buf_printf(b, "%.17g", lua_tonumber(L, -1));
		return 0;
	case LUA_TBOOLEAN:
		buf_puts(b, lua_toboolean(L, -1) ? "true" : "false");
		return 0;
	case LUA_TTABLE:
		if (depth > 8)
			return -1;
		buf_putc(b, '{');
		lua_pushnil(L);
		while (lua_next(L, -2)) {
			int kt = lua_type(L, -2);
			if (kt != LUA_TSTRING && !(kt == LUA_TNUMBER && lua_isinteger(L, -2))) {
				lua_pop(L, 2);
				return -1;
			}
			buf_putc(b, '[');
			lua_pushvalue(L, -2);
			int rc = plain_data(L, b, depth + 1, items);
			lua_pop(L, 1);
			buf_puts(b, "]=");
			if (rc != 0 || plain_data(L, b, depth + 1, items) != 0) {
				lua_pop(L, 2);
				return -1;
			}
			buf_putc(b, ',');
			lua_pop(L, 1);
		}
		buf_putc(b, '}');
		return 0;
	default:
		return -1;
	}
}

/* rule_options = { ["rule-id"] = { ... } }: each rule's own settings. */
static void read_rule_options(lua_State *L, int env, book_config *c, const char *text, diag_list *d)
{
	lua_getfield(L, env, "rule_options");
	if (!lua_isnil(L, -1)) {
		int ok = lua_istable(L, -1);
		lua_pushnil(L);
		while (ok && lua_next(L, -2)) {
			ok = lua_type(L, -2) == LUA_TSTRING && lua_istable(L, -1);
			lua_pop(L, 1);
			if (!ok)
				lua_pop(L, 1);
		}
		buf b;
		buf_init(&b);
		size_t items = 0;
		if (ok && plain_data(L, &b, 0, &items) == 0)
			c->rule_options = xstrdup(b.data);
		else
			key_diag(d, text, "rule_options", SEV_ERROR, DIAG_ID(BAD_CONFIG),
				 "rule_options = { [\"avoided-term\"] = { min = 2 } }",
				 "rule_options must map rule ids to tables of strings, numbers and booleans");
		buf_free(&b);
	}
	lua_pop(L, 1);
}

/* "en-GB", "en-US" (BCP 47, any case, '_' too): 1 and the region in
 * region; British English spells with en_GB's dictionary. */
static int english_region(const char *tag, char region[3])
{
	if (strlen(tag) != 5 || (tag[0] | 0x20) != 'e' || (tag[1] | 0x20) != 'n' || (tag[2] != '-' && tag[2] != '_'))
		return 0;
	char r[3] = {(char)(tag[3] & ~0x20), (char)(tag[4] & ~0x20), '\0'};
	if (strcmp(r, "GB") != 0 && strcmp(r, "US") != 0)
		return 0;
	memcpy(region, r, 3);
	return 1;
}

static void read_values(lua_State *L, int env, book_config *c, const char *text, diag_list *d)
{
	c->title = get_string(L, env, "title", text, d);
	c->organization = get_string(L, env, "organization", text, d);
	c->version = get_string(L, env, "version", text, d);
	c->url = get_string(L, env, "url", text, d);
	char *lang = get_string(L, env, "language", text, d);
	if (lang) {
		c->language_given = 1;
		if (strcmp(lang, "ru") == 0)
			c->language = LANG_RU;
		else if (strcmp(lang, "en") == 0)
			c->language = LANG_EN;
		else if (english_region(lang, c->region))
			c->language = LANG_EN;
		else {
			c->language_given = 0;
			key_diag(d, text, "language", SEV_ERROR, DIAG_ID(BAD_CONFIG), NULL,
				 "language must be \"ru\", \"en\", \"en-GB\" or \"en-US\", not \"%s\"", lang);
		}
		free(lang);
	}
	char *al = get_string(L, env, "autolink_terms", text, d);
	if (al) {
		if (strcmp(al, "first") == 0)
			c->autolink_first = 1;
		else if (strcmp(al, "none") != 0)
			key_diag(d, text, "autolink_terms",
				 SEV_ERROR, DIAG_ID(BAD_CONFIG), NULL, "autolink_terms must be \"first\" or \"none\"");
		free(al);
	}
	c->owner = get_string(L, env, "owner", text, d);
	c->approved_by = get_string(L, env, "approved_by", text, d);
	c->approved = get_string(L, env, "approved", text, d);
	c->effective = get_string(L, env, "effective", text, d);
	read_review_every(L, env, c, text, d);
	read_max_input(L, env, c, text, d);
	lua_getfield(L, env, "unsafe_html");
	c->unsafe_html = lua_toboolean(L, -1);
	lua_pop(L, 1);
	read_roles(L, env, c, text, d);
	read_rules(L, env, c, text, d);
	read_rule_options(L, env, c, text, d);
	c->rules_path = get_string(L, env, "rules_path", text, d);
	read_bonus(L, env, c, text, d);
	check_keys(L, env, text, d);
}

int config_read(const char *bookdir, book_config *c, diag_list *d)
{
	char *path = xasprintf("%s/" FILE_NAME, bookdir);
	size_t len;
	char *src = read_file(path, &len);
	int saved = errno;
	free(path);
	if (!src) {
		if (saved == ENOENT)
			return 0;
		diag_add(d, FILE_NAME, 0, 0, SEV_FATAL, DIAG_ID(BAD_INPUT), NULL, "cannot read book.lua: %s", strerror(saved));
		return -1;
	}
	int rc = config_parse(src, len, c, d);
	free(src);
	return rc;
}

int config_parse(const char *src, size_t len, book_config *c, diag_list *d)
{
	sandbox *s = sandbox_new_empty(CONFIG_MEM);
	if (!s) {
		diag_add(d, FILE_NAME, 0, 0, SEV_FATAL, DIAG_ID(BAD_CONFIG), NULL, "cannot create a Lua state");
		return -1;
	}
	lua_State *L = sandbox_state(s);
	lua_newtable(L);
	int env = lua_gettop(L);
	char *err = NULL;
	/* Windows Notepad starts a UTF-8 file with a byte-order mark; Lua's
	 * text loader does not skip it, so we do (the line count is unchanged). */
	size_t skip = len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	int rc = sandbox_run(s, src + skip, len - skip, "@" FILE_NAME, env, 0, &err);
	if (rc != LUA_OK) {
		report_lua_error(d, err, rc, src + skip, len - skip);
		free(err);
		sandbox_free(s);
		return -1;
	}
	/* what read_values reports about the keys in the book's language:
	 * the reader says it again once the chapters are read */
	const char *lang = guess_language(src + skip, len - skip);
	if (lang)
		i18n_book_language(lang);
	/* key_diag reads the text as a C string: it must end at len */
	char *text = xstrndup(src + skip, len - skip);
	read_values(L, env, c, text, d);
	free(text);
	sandbox_free(s);
	return 0;
}

/* See config.h. */
book_pos config_string_pos(const char *text, const char *id)
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
			/* memchr: the view asks this for each role of a long roles list */
			for (const char *q = text; (q = memchr(q, '\n', (size_t)(s - q))); q++) {
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

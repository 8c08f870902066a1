/* lint.c - the rule engine: loads Lua rules into sandboxed states, gives
 * them a read-only view of the model, collects what they report, then
 * applies suppression comments and book.lua severities to every diagnostic. */
#include "lint.h"
#include "lintapi.h"
#include "config.h"
#include "diagid.h"
#include "sandbox.h"
#include "i18n.h"
#include "strmap.h"
#include "suppress.h"
#include "util.h"
#include "view.h"

#include <dirent.h>
#include <lauxlib.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define MSG_MAX 4000
/* A book rule's findings: at most this many each, and this much text in
 * all the book's rules together; the rest is counted and said in a note. */
#define BOOK_RULE_REPORTS 10000
#define REPORT_BYTES ((size_t)64 << 20)
/* A rule's wall-clock limit (sandbox.c) has a second more per
 * ITEMS_PER_SECOND objects of the view, so a 100 MB book's rules have room
 * and a stuck rule still ends in seconds. */
#define ITEMS_PER_SECOND 100000

typedef struct {
	sandbox *sb;
	int view_ref;  /* registry ref of the book view, LUA_NOREF until built */
	int opts_ref;  /* registry ref of book.lua's rule_options, LUA_NOREF until made */
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
	diag_list *suppressed; /* what suppression comments silenced */
	const lint_rule *running;
	size_t nreports, max_reports;
	size_t dropped;      /* the running rule's findings past the caps */
	size_t report_bytes; /* message and hint text the book's rules kept */
	size_t last_file;    /* the book's file the last finding named, looked at first */
	char *hint_src, *hint_tr; /* the last finding's hint and its translation */
};


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

/* The *.lua files of dir, sorted; when inside is given, only regular files
 * whose real path stays inside it: one that leads out (a link to a shared
 * folder) is said in d, as shown_dir/NAME, and skipped. */
static char **lua_files(const char *dir, const char *inside, size_t *n, diag_list *d, const char *shown_dir)
{
	*n = 0;
	DIR *dh = opendir(dir);
	if (!dh)
		return NULL;
	char **v = NULL;
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(dh))) {
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
			if (!ok && d) {
				char *shown = xasprintf("%s/%s", shown_dir, e->d_name);
				diag_add(d, shown, 0, 0, SEV_WARNING, DIAG_ID(UNSAFE_PATH),
					 "copy the file into the book's rules/ folder, or name a shared folder of the repository in book.lua rules_path (docs/rules.md)",
					 "rule %s leads outside the book folder (to %s); it is not loaded", shown, real);
				free(shown);
			}
		}
		free(real);
		if (!ok)
			continue;
		v = xgrow(v, &cap, *n + 1, sizeof *v);
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(dh);
	if (*n)
		sort_array(v, *n, sizeof *v, cmp_strp);
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

/* Whether a rule's error message (len bytes) is the sandbox saying no:
 * a name it leaves out, its budget, its memory cap. */
static int sandbox_limit(const char *msg, int len)
{
	static const char *const signs[] = {"'io'", "'os'", "'require'", "'dofile'", "'loadfile'", "'package'",
					    "'debug'", "'execute'", "'getenv'", "'remove'", "'rename'", "'exit'", "'dump'",
					    "budget", "memory", "binary chunk", "time limit", "__gc"};
	char *m = xstrndup(msg, (size_t)len);
	int hit = 0;
	for (size_t i = 0; i < sizeof signs / sizeof *signs && !hit; i++)
		hit = strstr(m, signs[i]) != NULL;
	free(m);
	return hit;
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
		diag_add(c->d, file, line, 0, SEV_ERROR, id, sandbox_limit(msg, len) ?
			 "rules run in a sandbox: no io, no os but os.time/clock/date, no require, dofile or "
			 "loadfile, text chunks only, no __gc, an instruction budget, a time limit and a memory cap "
			 "(docs/rules.md)" :
			 "docs/rules.md describes what a rule receives (the book's view, report)",
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
		/* the book's rules share one time budget: 120 stuck files must not
		 * hold a CI job for 120 x 5 s */
		if (which == 1)
			sandbox_total_limit(s->sb);
		/* the built-in rules' state runs only lua/rules/ (and the view's
		 * C): no instruction budget, the wall-clock limit still holds;
		 * the book's rules keep theirs */
		else
			sandbox_trust(s->sb, 1);
		lua_State *L = sandbox_state(s->sb);
		/* the view is most of the heap and lives as long as the state: a
		 * collection cycle only when the heap is four times what lived
		 * after the last one (Lua's default, twice, spent ~25 M
		 * instructions on the 10 MB book marking the view again and
		 * again); the memory cap still holds, Lua collects in full
		 * before it gives up on an allocation */
		lua_gc(L, LUA_GCINC, 400, 0, 0);
		view_register(L, NULL);
		lintapi_open(L, NULL);
	}
	return s->sb ? s : NULL;
}

/* The rule table's fields are read raw: outside the sandbox's limits, an
 * __index metamethod that loops would hold the run for ever. */
static int raw_field(lua_State *L, int t, const char *k)
{
	t = lua_absindex(L, t);
	lua_pushstring(L, k);
	return lua_rawget(L, t);
}

static char *field_str(lua_State *L, int t, const char *k)
{
	char *v = NULL;
	if (raw_field(L, t, k) == LUA_TSTRING)
		v = xstrdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	return v;
}

/* Whether the book's rules used up their time together: then the rule
 * (id, at file) is said not to run, as an error (its check did not happen). */
static int out_of_time(lint_ctx *c, lint_state *st, const char *id, const char *file)
{
	if (!st || !st->sb || !sandbox_total_spent(st->sb))
		return 0;
	diag_add(c->d, file, 0, 0, SEV_ERROR, id, "SVCBOOK_TIME_LIMIT=N gives each run N s and them all N + 4 s",
		 "rule %s not run: the book's rules had %d s in all, and other rules used them", id,
		 sandbox_total_seconds(st->sb));
	return 1;
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
	if (!builtin && out_of_time(c, st, stem, file))
		goto done;
	lua_State *L = sandbox_state(st->sb);
	/* what the last rule did to the string library stays with it */
	if (sandbox_fresh_string(st->sb) != 0) {
		rule_error(c, stem, file, builtin, "does not load", "not enough memory", 0);
		goto done;
	}
	int top = lua_gettop(L);
	/* Each rule has its own globals; reads fall through to the safe ones,
	 * and the svcbook table is fresh: what the last rule put there is gone. */
	lintapi_open(L, NULL);
	sandbox_push_env(st->sb);
	char *chunk = xasprintf("@%s", file);
	char *err = NULL;
	int rc = sandbox_run(st->sb, src, len, chunk, -1, 1, &err);
	free(chunk);
	free(src);
	src = NULL;
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
	int has_check = lua_istable(L, t) && raw_field(L, t, "check") == LUA_TFUNCTION;
	if (lua_istable(L, t))
		lua_pop(L, 1);
	const char *problem = !lua_istable(L, t) ? "must return a table {id=, severity=, description=, check=}"
			      : !id ? "has no id"
			      : !has_check ? "has no check function"
			      : lint_find(c, id) ? "has the id of another rule" : NULL;
	char *bad_sev = NULL;
	if (!problem && parse_sev(sev) == SEV_OFF) {
		/* "warn", "Error": say what it has and what it may have */
		static const char *const sevs[] = {"error", "warning", "note"};
		nearest_acc a;
		nearest_init(&a, sev ? sev : "");
		for (size_t i = 0; i < 3; i++)
			nearest_offer(&a, sevs[i]);
		for (size_t i = 0; i < 3 && sev && strlen(sev) >= 2; i++)
			if (strncasecmp(sev, sevs[i], strlen(sev)) == 0)
				a.best = sevs[i]; /* "warn", "err" */
		bad_sev = sev ? xasprintf("has severity \"%.40s\", which is not \"error\", \"warning\" or \"note\"%s%s%s", sev,
					  a.best ? " (did you mean \"" : "", a.best ? a.best : "", a.best ? "\"?)" : "")
			      : xstrdup("has no severity (\"error\", \"warning\" or \"note\")");
		problem = bad_sev;
	}
	if (problem) {
		diag_add(c->d, builtin ? NULL : file, 0, 0, SEV_ERROR, id ? id : stem, NULL, "rule %s %s", file, problem);
		free(bad_sev);
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
	free(src);
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
	c->suppressed = diag_list_new();
	c->st[0].view_ref = c->st[1].view_ref = LUA_NOREF;
	c->st[0].opts_ref = c->st[1].opts_ref = LUA_NOREF;
	char *dir = xasprintf("%s/lua/rules", datadir);
	size_t n;
	char **v = lua_files(dir, NULL, &n, NULL, NULL);
	if (!n)
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_INPUT), "set SVCBOOK_DATADIR to the folder that holds lua/rules",
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
		v = real ? lua_files(dir, real, &n, d, "rules") : NULL;
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

/* The repository the book is in (the nearest folder above it with .git),
 * as a real path; the book's own folder when there is none. */
static char *repo_root(const char *bookdir)
{
	char *dir = realpath(bookdir, NULL);
	if (!dir)
		return NULL;
	char *own = xstrdup(dir);
	for (;;) {
		char *probe = xasprintf("%s/.git", dir);
		struct stat st;
		int found = stat(probe, &st) == 0;
		free(probe);
		if (found) {
			free(own);
			return dir;
		}
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			free(dir);
			return own;
		}
		*slash = '\0';
	}
}

void lint_add_rules_path(lint_ctx *c, const book *b)
{
	const char *rp = b->config.rules_path;
	if (!rp || !c->bookdir)
		return;
	char *dir = xasprintf("%s/%s", c->bookdir, rp);
	char *real = realpath(dir, NULL);
	char *root = repo_root(c->bookdir);
	size_t k = root ? strlen(root) : 0;
	/* shared rules, but from the book's repository only: a book must not make
	 * svcbook read any folder of the machine */
	if (!real || !root || *rp == '/' || strncmp(real, root, k) != 0 || (real[k] != '/' && real[k] != '\0')) {
		char *path = xasprintf("%s/book.lua", b->dir);
		char *text = read_file(path, NULL);
		free(path);
		book_pos p = config_string_pos(text, rp);
		free(text);
		diag_add(c->d, "book.lua", p.line, p.col, SEV_ERROR, DIAG_ID(BAD_CONFIG),
			 "rules_path names a folder of rules relative to the book folder, inside its repository",
			 real || *rp == '/' ? N_("rules_path '%s' leads outside the book's repository")
							  : N_("rules_path '%s' is no folder"), rp);
	} else {
		size_t n;
		char **v = lua_files(dir, root, &n, c->d, rp);
		for (size_t i = 0; i < n; i++) {
			load_rule(c, 1, dir, v[i], rp);
			free(v[i]);
		}
		free(v);
		sort_array(c->rules, c->nrules, sizeof *c->rules, cmp_rule);
	}
	free(root);
	free(real);
	free(dir);
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
	free(c->hint_src);
	free(c->hint_tr);
	diag_list_free(c->suppressed);
	free(c);
}

const lint_rule *lint_rules(const lint_ctx *c, size_t *n)
{
	*n = c->nrules;
	return c->rules;
}

lua_State *lint_rule_state(const lint_ctx *c, const lint_rule *r)
{
	return c->st[r->state].sb ? sandbox_state(c->st[r->state].sb) : NULL;
}

const diag_list *lint_suppressed(const lint_ctx *c)
{
	return c->suppressed;
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
/* A rule's fix = {range = {line, col, end_line, end_col}, replacement}:
 * raises when malformed, so a rule's mistake is its error. */
static diag_fix *read_fix(lua_State *L, int t)
{
	if (lua_getfield(L, t, "fix") == LUA_TNIL) {
		lua_pop(L, 1);
		return NULL;
	}
	int f = lua_gettop(L);
	luaL_argcheck(L, lua_istable(L, f), 1, "fix must be a table {range = {line, col, end_line, end_col}, replacement}");
	if (lua_getfield(L, f, "range") != LUA_TTABLE)
		luaL_error(L, "fix.range must be a table {line, col, end_line, end_col}");
	int r = lua_gettop(L);
	lua_Integer v[4];
	static const char *const keys[] = {"line", "col", "end_line", "end_col"};
	for (int i = 0; i < 4; i++) {
		int ty = lua_getfield(L, r, keys[i]);
		if (i == 2 && ty == LUA_TNIL)
			v[i] = v[0]; /* on one line */
		else if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || lua_tointeger(L, -1) > INT_MAX)
			luaL_error(L, "fix.range.%s must be a whole number from 1", keys[i]);
		else
			v[i] = lua_tointeger(L, -1);
		lua_pop(L, 1);
	}
	if (v[2] < v[0] || (v[2] == v[0] && v[3] < v[1]))
		luaL_error(L, "fix.range ends before it starts");
	if (lua_getfield(L, f, "replacement") != LUA_TSTRING)
		luaL_error(L, "fix.replacement must be a string");
	size_t n;
	const char *text = lua_tolstring(L, -1, &n);
	if (n > MSG_MAX)
		luaL_error(L, "fix.replacement is longer than %d bytes", MSG_MAX);
	diag_fix *fx = xmalloc(sizeof *fx);
	fx->line = (int)v[0];
	fx->col = (int)v[1];
	fx->end_line = (int)v[2];
	fx->end_col = (int)v[3];
	fx->text = xstrndup(text, n);
	lua_settop(L, f - 1);
	return fx;
}

/* report(at, message [, hint]) or report{at = , message = , hint = , fix = }:
 * at is any view object (or a table) with file, line, col; nil for the book
 * as a whole. Upvalue: the context. */
/* The length of s cut to at most max bytes, at a character's start. */
static size_t cut_utf8(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);
	if (n <= max)
		return n;
	n = max;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* Whether a finding may name file: one the reader read, book.lua, or a
 * rule file of the book. */
static int book_file_known(lint_ctx *c, const char *file)
{
	if (strcmp(file, "book.lua") == 0)
		return 1;
	/* a rule's findings come file by file: the last one's first (a
	 * thousand no-obligation findings compared each with every path) */
	if (c->b && c->last_file < c->b->nfiles && strcmp(c->b->files[c->last_file].path, file) == 0)
		return 1;
	for (size_t i = 0; c->b && i < c->b->nfiles; i++)
		if (strcmp(c->b->files[i].path, file) == 0) {
			c->last_file = i;
			return 1;
		}
	for (size_t i = 0; i < c->nrules; i++)
		if (!c->rules[i].builtin && strcmp(c->rules[i].file, file) == 0)
			return 1;
	return 0;
}

/* The translation of a finding's hint (which diag_add would look up), as
 * the last one's when it is the same text: a rule's findings come in runs
 * with one hint (no-obligation's, per role), and a look-up of a long text
 * in the catalogue cost ~3 500 instructions. Takes hint (malloc'd). */
static const char *hint_text(lint_ctx *c, char *hint)
{
	if (c->hint_src && strcmp(c->hint_src, hint) == 0) {
		free(hint);
		return c->hint_tr;
	}
	char *tr = xstrdup(i18n_text(hint));
	free(c->hint_src);
	free(c->hint_tr);
	c->hint_src = hint;
	c->hint_tr = tr;
	return tr;
}

static int api_report(lua_State *L)
{
	lint_ctx *c = lua_touserdata(L, lua_upvalueindex(1));
	const lint_rule *r = c->running;
	if (!r)
		return luaL_error(L, "report() called outside a rule's check");
	int at = 1, form = lua_gettop(L) == 1 && lua_type(L, 1) == LUA_TTABLE;
	const char *msg, *hint;
	if (form) {
		lua_getfield(L, 1, "message");
		msg = lua_tostring(L, -1);
		if (lua_type(L, -1) != LUA_TSTRING)
			return luaL_error(L, "report{...} needs message = \"...\"");
		lua_getfield(L, 1, "hint");
		hint = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		lua_getfield(L, 1, "at");
		at = lua_gettop(L);
	} else {
		msg = luaL_checkstring(L, 2);
		hint = luaL_optstring(L, 3, NULL);
	}
	const char *file = NULL;
	lua_Integer line = 0, col = 0;
	if (!lua_isnoneornil(L, at)) {
		luaL_argcheck(L, lua_istable(L, at) || lua_isuserdata(L, at), 1, "at must be an object of the view or a table");
		if (lua_getfield(L, at, "file") == LUA_TSTRING)
			file = lua_tostring(L, -1);
		lua_getfield(L, at, "line");
		line = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
		lua_getfield(L, at, "col");
		col = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
	}
	diag_fix *fx = form ? read_fix(L, 1) : NULL;
	if (fx && !file) {
		free(fx->text);
		free(fx);
		return luaL_error(L, "a fix needs a finding in a file (at = an object of the view)");
	}
	/* Cut before anything is copied: a 50 MB hint a thousand times is 50 GB
	 * outside the Lua memory cap. */
	size_t mlen = cut_utf8(msg, MSG_MAX), hlen = hint ? cut_utf8(hint, MSG_MAX) : 0;
	if (!r->builtin && (c->nreports >= BOOK_RULE_REPORTS || c->report_bytes + mlen + hlen > REPORT_BYTES)) {
		c->dropped++; /* said once, after the rule */
		if (fx)
			free(fx->text);
		free(fx);
		return 0;
	}
	if (++c->nreports > c->max_reports) {
		if (fx)
			free(fx->text);
		free(fx);
		return luaL_error(L, "too many reports (more than %d)", (int)c->max_reports);
	}
	c->report_bytes += mlen + hlen;
	char *hint_cut = hint ? xstrndup(hint, hlen) : NULL;
	hint = hint_cut;
	if (line < 0 || line > INT_MAX)
		line = 0;
	if (col < 0 || col > INT_MAX)
		col = 0;
	/* Nothing below raises: the copies are safe. */
	if (file && !book_file_known(c, file)) {
		/* The printers show a finding's source line: a rule must not make
		 * them read ../.git/config or /dev/zero. Kept, at the rule. */
		diag_add(c->d, r->builtin ? "book.lua" : r->file, 1, 0, r->sev, r->id, hint,
			 "%.*s (the rule reported it at \"%.100s\", which is no file of the book)", (int)mlen, msg, file);
		free(fx ? fx->text : NULL);
		free(fx);
		free(hint_cut);
		return 0;
	}
	diag_add_text(c->d, file, (int)line, file ? (int)col : 0, r->sev, r->id, hint ? hint_text(c, hint_cut) : NULL,
		      msg, mlen);
	c->d->items[c->d->n - 1].fix = fx;
	return 0;
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
	sandbox_extra_seconds(st->sb, (int)(book_items(b) / ITEMS_PER_SECOND));
	/* the API and the proxies need the book */
	view_register(L, b);
	lintapi_open(L, b);
	lua_pushcfunction(L, view_build);
	char *err = NULL;
	/* the view is made of live objects only: a collection while it is
	 * made finds no garbage (it cost ~5 M instructions on the bench book) */
	lua_gc(L, LUA_GCSTOP);
	int rc = sandbox_call(st->sb, 0, 1, 0, &err);
	lua_gc(L, LUA_GCRESTART);
	if (rc != LUA_OK) {
		diag_add(c->d, NULL, 0, 0, SEV_FATAL, DIAG_ID(LINT), NULL, "cannot build the rules' view of the book: %s", err);
		free(err);
		st->dead = 1;
		return -1;
	}
	st->view_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

/* Pushes the rule's options, book.lua's rule_options[id] (an empty table
 * when none): the third argument of check. Made in each state once from
 * the plain-data constructor config.c wrote. */
static void push_options(lint_ctx *c, lint_state *st, const char *id, const book *b)
{
	lua_State *L = sandbox_state(st->sb);
	if (st->opts_ref == LUA_NOREF) {
		const char *lit = b->config.rule_options ? b->config.rule_options : "{}";
		char *src = xasprintf("return %s", lit);
		char *err = NULL;
		/* book.lua's data: metered, as every text of the book is */
		int trusted = st == &c->st[0];
		sandbox_trust(st->sb, 0);
		int rc = sandbox_run(st->sb, src, strlen(src), "=rule_options", 0, 1, &err);
		sandbox_trust(st->sb, trusted);
		if (rc != LUA_OK) {
			diag_add(c->d, "book.lua", 0, 0, SEV_ERROR, DIAG_ID(BAD_CONFIG), NULL, "rule_options cannot be given to the rules: %s",
				 err ? err : "?");
			free(err);
			lua_newtable(L);
		}
		free(src);
		st->opts_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, st->opts_ref);
	if (lua_getfield(L, -1, id) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
	}
	lua_remove(L, -2);
}

static void run_rule(lint_ctx *c, lint_rule *r, book *b)
{
	lint_state *st = &c->st[r->state];
	if (!st->sb || st->dead || ensure_view(c, st, b) != 0)
		return;
	if (!r->builtin && out_of_time(c, st, r->id, r->file))
		return;
	lua_State *L = sandbox_state(st->sb);
	if (sandbox_fresh_string(st->sb) != 0) {
		rule_error(c, r->id, r->file, r->builtin, "failed", "not enough memory", 0);
		return;
	}
	lintapi_open(L, b); /* fresh for each rule, as string is */
	int top = lua_gettop(L);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->ref);
	raw_field(L, -1, "check");
	lua_Debug ar;
	lua_pushvalue(L, -1);
	lua_getinfo(L, ">S", &ar);
	int defined = ar.linedefined;
	lua_rawgeti(L, LUA_REGISTRYINDEX, st->view_ref);
	lua_pushlightuserdata(L, c);
	lua_pushcclosure(L, api_report, 1);
	push_options(c, st, r->id, b);
	c->running = r;
	c->nreports = 0;
	c->dropped = 0;
	size_t items = book_items(b);
	c->max_reports = 10000 + 10 * items;
	char *err = NULL;
	/* a stuck rule ends with a time limit error, reported as its own */
	int rc = sandbox_call(st->sb, 3, 0, (size_t)200 * 1000 * 1000 + 2000 * items, &err);
	c->running = NULL;
	lua_settop(L, top);
	if (c->dropped)
		diag_add(c->d, r->file, 0, 0, SEV_NOTE, r->id, NULL,
			 "rule %s reported %zu more findings, not kept: a book rule keeps %d at most, and the book's rules %zu MB of text",
			 r->id, c->dropped, BOOK_RULE_REPORTS, REPORT_BYTES >> 20);
	if (rc != LUA_OK) {
		rule_error(c, r->id, r->file, r->builtin, "failed", err, defined);
		free(err);
		/* a memory bomb's garbage must not starve the next rule; a full
		 * collection of a large view costs seconds, so only after a failure */
		lua_gc(L, LUA_GCCOLLECT, 0);
	}
}

/* ---- suppression and severities ---- */

/* A rule id a suppression comment may name: a rule, a check of the
 * reader's own, or bad-suppression itself. */
static int known_id(const char *id, void *arg)
{
	lint_ctx *c = arg;
	const diag_id_info *m = diag_id_find(id);
	return lint_find(c, id) || (m && m->group == DG_CHECK);
}

static void free_diag(diag *d)
{
	diag_free_fields(d);
}

/* Whether f's text may hold a suppression comment (svcbook-...). memchr
 * for the 'v' of each "sv" rather than strstr over every byte: 6.5 M
 * instructions on the 10 MB bench book, where 'v' is rare (Cyrillic). */
static int has_suppression(const book_file *f)
{
	/* up to a NUL, where strstr stopped (the reader keeps NUL bytes) */
	const char *t = f->text, *end = t + strnlen(t, f->len);
	for (const char *p = t + 1; p < end && (p = memchr(p, 'v', (size_t)(end - p))); p++)
		if (p[-1] == 's' && (size_t)(end - p) >= 7 && memcmp(p + 1, "cbook-", 6) == 0)
			return 1;
	return 0;
}

/* Suppression comments, book.lua severities and --rule, for every
 * diagnostic (the reader's too) except fatal ones. */
static void post_process(lint_ctx *c, book *b)
{
	strmap files;
	strmap_init(&files);
	suppress_set **sup = xcalloc(b->nfiles ? b->nfiles : 1, sizeof *sup);
	for (size_t i = 0; i < b->nfiles; i++) {
		strmap_set(&files, b->files[i].path, (int)i);
		if (has_suppression(&b->files[i]))
			sup[i] = suppress_scan(&b->files[i], known_id, c, c->d);
	}
	diag_list *l = c->d;
	size_t w = 0;
	for (size_t i = 0; i < l->n; i++) {
		diag *d = &l->items[i];
		int keep = 1;
		const char *reason = NULL;
		int silenced = 0;
		if (d->sev < SEV_FATAL) {
			int f = strmap_get(&files, d->file);
			if (f >= 0 && sup[f] && suppress_match(sup[f], d, &reason))
				keep = 0, silenced = 1;
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
		if (keep) {
			l->items[w++] = *d;
		} else if (silenced) {
			/* kept for SARIF's suppressions, the reason as the hint */
			diag_add(c->suppressed, d->file, d->line, d->col, d->sev, d->rule, reason, "%s", d->message);
			free_diag(d);
		} else {
			free_diag(d);
		}
	}
	l->n = w;
	for (size_t i = 0; i < b->nfiles; i++)
		suppress_free(sup[i]);
	free(sup);
	strmap_free(&files);
}

/* book.lua rules = {...} naming a rule that does not exist is a typo. */
static void check_config_rules(lint_ctx *c, book *b)
{
	for (size_t k = 0; k < b->config.nrules; k++) {
		const char *id = b->config.rule_ids[k];
		/* svcbook's own checks may be configured too (diagid.h) */
		if (known_id(id, c))
			continue;
		nearest_acc near;
		nearest_init(&near, id);
		for (size_t i = 0; i < c->nrules; i++)
			nearest_offer(&near, c->rules[i].id);
		for (size_t i = 0; i < DIAG_ID_COUNT; i++)
			if (diag_ids[i].group == DG_CHECK)
				nearest_offer(&near, diag_ids[i].id);
		char *path = xasprintf("%s/book.lua", b->dir);
		char *text = read_file(path, NULL);
		free(path);
		book_pos p = config_string_pos(text, id);
		free(text);
		char *hint = near.best ? xasprintf(_("did you mean '%s'?"), near.best) : NULL;
		diag_add(c->d, "book.lua", p.line, p.col, SEV_WARNING, DIAG_ID(BAD_CONFIG),
			 hint ? hint : "svcbook lint --list-rules shows the rule ids", "rules: no rule has the id '%s'", id);
		free(hint);
	}
}

int lint_config_off(const book *b, const char *id)
{
	for (size_t k = 0; k < b->config.nrules; k++)
		if (strcmp(b->config.rule_ids[k], id) == 0)
			return parse_sev(b->config.rule_sev[k]) == SEV_OFF;
	return 0;
}

void lint_check(lint_ctx *c, book *b)
{
	if (diag_worst(c->d) >= SEV_FATAL)
		return;
	c->b = b;
	/* a book of another language: its hints translate otherwise */
	free(c->hint_src);
	free(c->hint_tr);
	c->hint_src = c->hint_tr = NULL;
	for (size_t i = 0; i < c->nrules; i++)
		if (c->rules[i].selected && c->rules[i].sev != SEV_OFF && !lint_config_off(b, c->rules[i].id))
			run_rule(c, &c->rules[i], b);
	check_config_rules(c, b);
	post_process(c, b);
	c->b = NULL;
}

void lint_book(book *b, const char *datadir)
{
	if (diag_worst(b->diags) >= SEV_FATAL)
		return;
	lint_ctx *c = lint_new(datadir, b->dir, b->diags);
	/* spelling is `svcbook lint`'s alone: it loads a dictionary (0.1-0.3
	 * s) and reads every word, what a build need not wait for */
	size_t n;
	const lint_rule *r = lint_rules(c, &n);
	char **ids = xmalloc((n ? n : 1) * sizeof *ids);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!r[i].builtin || strcmp(r[i].id, "spelling") != 0)
			ids[k++] = r[i].id;
	const char *bad;
	if (k < n)
		lint_select(c, ids, k, &bad);
	free(ids);
	lint_check(c, b);
	lint_free(c);
}

/* ruletest.c - a rule file's own test cases, run as `svcbook lint
 * --test-rules`. A case's book is made in memory: a string `text` is the
 * Markdown after "# Agent" in roles/agent.md, a table is the book's files.
 * The rule's tests table is read with raw access only (no metamethod of the
 * rule's runs outside the sandbox's limits). */
#include "ruletest.h"
#include "book.h"
#include "config.h"
#include "diag.h"
#include "lint.h"
#include "reader.h"
#include "util.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char *name;
	reader_mem_file *files;
	size_t nfiles;
	char **expect;
	size_t nexpect;
	lua_Integer count; /* -1: #expect */
} rt_case;

static void free_case(rt_case *k)
{
	free(k->name);
	for (size_t i = 0; i < k->nfiles; i++) {
		free((char *)k->files[i].path);
		free((char *)k->files[i].text);
	}
	free(k->files);
	for (size_t i = 0; i < k->nexpect; i++)
		free(k->expect[i]);
	free(k->expect);
	memset(k, 0, sizeof *k);
}

static void add_file(rt_case *k, size_t *cap, const char *path, const char *text, size_t len)
{
	k->files = xgrow(k->files, cap, k->nfiles + 1, sizeof *k->files);
	reader_mem_file *f = &k->files[k->nfiles++];
	f->path = xstrdup(path);
	char *t = xmalloc(len + 1);
	memcpy(t, text, len);
	t[len] = '\0';
	f->text = t;
	f->len = len;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const reader_mem_file *)a)->path, ((const reader_mem_file *)b)->path);
}

/* A copy of string field k of the table at t, or NULL; *bad when it is
 * another type. */
static char *raw_str(lua_State *L, int t, const char *k, int *bad)
{
	lua_pushstring(L, k);
	int ty = lua_rawget(L, t);
	char *s = ty == LUA_TSTRING ? xstrdup(lua_tostring(L, -1)) : NULL;
	if (ty != LUA_TSTRING && ty != LUA_TNIL)
		*bad = 1;
	lua_pop(L, 1);
	return s;
}

/* Reads case i (the table on top) into k; an error message when malformed. */
static char *read_case(lua_State *L, lua_Integer i, rt_case *k)
{
	int t = lua_gettop(L);
	int bad = 0;
	char *name = raw_str(L, t, "name", &bad);
	char *lang = raw_str(L, t, "language", &bad);
	if (bad || (lang && strcmp(lang, "ru") != 0 && strcmp(lang, "en") != 0)) {
		free(name);
		free(lang);
		return xstrdup("name must be a string, language \"ru\" or \"en\"");
	}
	k->name = name ? name : xasprintf("case %lld", (long long)i);
	char lang_code[3] = "en";
	if (lang)
		memcpy(lang_code, lang, 3);
	free(lang);
	k->count = -1;
	size_t cap = 0;
	lua_pushstring(L, "text");
	int ty = lua_rawget(L, t);
	if (ty == LUA_TSTRING) {
		size_t len;
		const char *s = lua_tolstring(L, -1, &len);
		char *md = xasprintf("# Agent\n\n%s", s);
		add_file(k, &cap, "roles/agent.md", md, strlen(md));
		free(md);
		char *cfg = xasprintf("language = \"%s\"\n", lang_code);
		add_file(k, &cap, "book.lua", cfg, strlen(cfg));
		free(cfg);
	} else if (ty == LUA_TTABLE) {
		int ft = lua_gettop(L);
		lua_pushnil(L);
		while (lua_next(L, ft)) {
			if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING) {
				lua_pop(L, 3);
				return xstrdup("text as a table maps file paths to their text (strings)");
			}
			size_t len;
			const char *s = lua_tolstring(L, -1, &len);
			add_file(k, &cap, lua_tostring(L, -2), s, len);
			lua_pop(L, 1);
		}
		/* lua_next's order is not the same from run to run */
		sort_array(k->files, k->nfiles, sizeof *k->files, cmp_file);
	} else {
		lua_pop(L, 1);
		return xstrdup("text must be Markdown (a string) or a table of files");
	}
	lua_pop(L, 1);
	lua_pushstring(L, "expect");
	if (lua_rawget(L, t) != LUA_TTABLE) {
		lua_pop(L, 1);
		return xstrdup("expect must be a table: the findings' messages (or parts of them), count = N, or {} for none");
	}
	int et = lua_gettop(L);
	size_t n = lua_rawlen(L, et), ecap = 0;
	for (size_t j = 1; j <= n; j++) {
		if (lua_rawgeti(L, et, (lua_Integer)j) != LUA_TSTRING) {
			lua_pop(L, 2);
			return xasprintf("expect[%zu] must be a string (part of a finding's message)", j);
		}
		k->expect = xgrow(k->expect, &ecap, k->nexpect + 1, sizeof *k->expect);
		k->expect[k->nexpect++] = xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	lua_pushstring(L, "count");
	ty = lua_rawget(L, et);
	if (ty != LUA_TNIL) {
		if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0) {
			lua_pop(L, 2);
			return xstrdup("expect.count must be a whole number, 0 or more");
		}
		k->count = lua_tointeger(L, -1);
	}
	lua_pop(L, 2);
	return NULL;
}

/* The line of the rule file that sets tests (1 when none is found). */
static int tests_line(const char *path)
{
	char *text = read_file(path, NULL);
	int line = 1, found = 0;
	for (const char *p = text; p && *p && !found; line++) {
		const char *q = p + strspn(p, " \t");
		if (strncmp(q, "tests", 5) == 0 && q[5 + strspn(q + 5, " \t")] == '=')
			found = 1;
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
		if (!p)
			break;
	}
	free(text);
	return found ? line - 1 : 1;
}

/* Runs rule id over case k's book; NULL when it passes, else why not. */
static char *run_case(const char *bookdir, const char *datadir, const book *cfg, const char *id, const rt_case *k)
{
	book *b = reader_read_mem(bookdir, k->files, k->nfiles);
	lint_ctx *c = lint_new(datadir, bookdir, b->diags);
	lint_add_rules_path(c, cfg);
	char *ids[] = {(char *)id};
	const char *bad = NULL;
	buf why;
	buf_init(&why);
	if (lint_select(c, ids, 1, &bad) != 0) {
		buf_printf(&why, "rule %s did not load for the case", id);
	} else {
		lint_check(c, b);
		diag_sort(b->diags);
		size_t got = 0, next = 0;
		for (size_t i = 0; i < b->diags->n; i++) {
			const diag *d = &b->diags->items[i];
			if (strcmp(d->rule, id) != 0 || d->sev <= SEV_OFF)
				continue;
			got++;
			/* the expected messages, in the order the findings are sorted */
			if (next < k->nexpect && strstr(d->message, k->expect[next]))
				next++;
		}
		size_t want = k->count >= 0 ? (size_t)k->count : k->nexpect;
		if (next < k->nexpect)
			buf_printf(&why, "no finding says '%s'", k->expect[next]);
		else if (got != want)
			buf_printf(&why, "expected %zu finding%s, got %zu", want, want == 1 ? "" : "s", got);
		if (why.len)
			for (size_t i = 0; i < b->diags->n; i++)
				if (strcmp(b->diags->items[i].rule, id) == 0)
					buf_printf(&why, "\n#   found: %d:%d: %s", b->diags->items[i].line, b->diags->items[i].col,
						   b->diags->items[i].message);
	}
	lint_free(c);
	book_free(b);
	if (!why.len) {
		buf_free(&why);
		return NULL;
	}
	return buf_detach(&why);
}

int ruletest_run(const char *bookdir, const char *datadir)
{
	diag_list *d = diag_list_new();
	lint_ctx *c = lint_new(datadir, bookdir, d);
	book cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.dir = (char *)bookdir;
	if (config_read(bookdir, &cfg.config, d) == 0)
		lint_add_rules_path(c, &cfg);
	int rc = 0;
	size_t total = 0, failed = 0, nr;
	const lint_rule *r = lint_rules(c, &nr);
	for (size_t i = 0; i < nr && rc != 2; i++) {
		lua_State *L = lint_rule_state(c, &r[i]);
		if (!L)
			continue;
		int top = lua_gettop(L);
		lua_rawgeti(L, LUA_REGISTRYINDEX, r[i].ref);
		lua_pushstring(L, "tests");
		int ty = lua_rawget(L, -2);
		char *path = xasprintf("%s/%s", r[i].builtin ? datadir : bookdir, r[i].file);
		char *err = NULL;
		lua_Integer bad_case = 0;
		if (ty != LUA_TNIL && ty != LUA_TTABLE)
			err = xstrdup("tests must be a table of cases {text = ..., expect = {...}}");
		size_t n = ty == LUA_TTABLE ? lua_rawlen(L, -1) : 0;
		for (size_t j = 1; j <= n && !err; j++) {
			rt_case k;
			memset(&k, 0, sizeof k);
			if (lua_rawgeti(L, -1, (lua_Integer)j) != LUA_TTABLE)
				err = xstrdup("a case must be a table {text = ..., expect = {...}}");
			else
				err = read_case(L, (lua_Integer)j, &k);
			lua_pop(L, 1);
			if (err) {
				bad_case = (lua_Integer)j;
				free_case(&k);
				break;
			}
			char *why = run_case(bookdir, datadir, &cfg, r[i].id, &k);
			total++;
			printf("%s %zu - %s: %s (%s)\n", why ? "not ok" : "ok", total, r[i].id, k.name, r[i].file);
			if (why) {
				printf("#   %s\n", why);
				failed++;
				rc = 1;
			}
			free(why);
			free_case(&k);
		}
		if (err) {
			fprintf(stderr, "%s:%d: error: rule %s: tests", r[i].file, tests_line(path), r[i].id);
			if (bad_case)
				fprintf(stderr, "[%lld]", (long long)bad_case);
			fprintf(stderr, ": %s\n", err);
			free(err);
			rc = 2;
		}
		free(path);
		lua_settop(L, top);
	}
	diag_sort(d);
	diag_print_text(stderr, d, NULL, NULL, 0);
	if (rc != 2 && diag_worst(d) >= SEV_ERROR)
		rc = 2; /* a rule that did not load cannot be tested */
	printf("svcbook: %zu rule test%s, %zu passed, %zu failed\n", total, total == 1 ? "" : "s", total - failed, failed);
	book_config_free(&cfg.config);
	lint_free(c);
	diag_list_free(d);
	return rc;
}

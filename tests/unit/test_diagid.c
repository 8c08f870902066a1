/* test_diagid.c - the table of diagnostic ids (src/diagid.h): ids well
 * formed and unique, found by diag_id_find, documented where they say,
 * no check sharing an id with a built-in Lua rule, and no id the C code
 * reports spelt as a literal (SEV_X, "id", or diag_add's rule argument)
 * instead of DIAG_ID(NAME). Runs from the repository's root (tests/run.sh does). */
#include "diagid.h"
#include "unit.h"
#include "util.h"

#include <glob.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int well_formed(const char *id)
{
	if (!*id || id[0] == '-')
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return 0;
	return id[strlen(id) - 1] != '-';
}

static void test_table(void)
{
	ok(DIAG_ID_COUNT > 20, "the table holds svcbook's ids");
	ok(strcmp(DIAG_ID(BAD_INPUT), "bad-input") == 0, "DIAG_ID(BAD_INPUT) is bad-input");
	ok(diag_id_find("bad-config") == &diag_ids[DIAG_BAD_CONFIG], "diag_id_find finds its entry");
	ok(diag_id_find("undefined-term") == NULL, "a Lua rule's id is not in the table");
	ok(diag_id_find("") == NULL, "the empty id is not in the table");
	for (size_t i = 0; i < DIAG_ID_COUNT; i++) {
		const diag_id_info *m = &diag_ids[i];
		ok_detail(well_formed(m->id), "an id is lower-case words joined by '-'", m->id);
		ok_detail(m->description && *m->description && m->help && *m->help, "an id has a description and help",
			  m->id);
		ok_detail(m->sev > SEV_OFF, "an id's default severity is not off", m->id);
		for (size_t j = 0; j < i; j++)
			ok_detail(strcmp(diag_ids[j].id, m->id) != 0, "ids are unique", m->id);
		/* a check and a built-in rule of one id could not be told apart
		 * by --rule, suppression comments or book.lua `rules` */
		if (m->group != DG_AUDIT) {
			char *rule = xasprintf("lua/rules/%s.lua", m->id);
			ok_detail(access(rule, F_OK) != 0, "no check has a built-in rule's id", m->id);
			free(rule);
		}
		/* rules.md#bad-input: the page names the anchor */
		if (m->doc) {
			const char *hash = strchr(m->doc, '#');
			char *page = xasprintf("docs/%.*s", (int)(hash ? (size_t)(hash - m->doc) : strlen(m->doc)), m->doc);
			char *text = read_file(page, NULL);
			ok_detail(text != NULL, "an id's documentation page exists", page);
			if (text && hash) {
				char *anchor = xasprintf("<a id=\"%s\"></a>", hash + 1);
				ok_detail(strstr(text, anchor) != NULL, "an id's documentation anchor exists", m->doc);
				free(anchor);
			}
			free(text);
			free(page);
		}
		ok_detail(m->group != DG_CHECK || m->doc, "a check is documented in docs/rules.md", m->id);
	}
}

/* The rule argument (the sixth) of the first diag_add or diag_addv call
 * in text, if it is written as a string literal: where that call starts,
 * or NULL when none is. Skips string and character literals and nested
 * parentheses; *from is where the search goes on. */
static const char *literal_rule(const char *text, const char **from)
{
	for (const char *p = text; (p = strstr(p, "diag_add")) != NULL; p += 8) {
		const char *call = p;
		const char *q = p + 8;
		if (*q == 'v')
			q++;
		if (*q != '(' || (call > text && (call[-1] == '_' || (call[-1] >= 'a' && call[-1] <= 'z') ||
						 (call[-1] >= 'A' && call[-1] <= 'Z') || (call[-1] >= '0' && call[-1] <= '9'))))
			continue;
		int depth = 0, arg = 0;
		for (q++; *q; q++) {
			if (*q == '"' || *q == '\'') {
				char quote = *q;
				for (q++; *q && *q != quote; q++)
					if (*q == '\\' && q[1])
						q++;
				if (!*q)
					break;
			} else if (*q == '(') {
				depth++;
			} else if (*q == ')') {
				if (depth-- == 0)
					break;
			} else if (*q == ',' && depth == 0 && ++arg == 5) {
				const char *a = q + 1;
				while (*a == ' ' || *a == '\t' || *a == '\n')
					a++;
				if (*a == '"') {
					*from = a + 1;
					return call;
				}
				break;
			}
		}
	}
	return NULL;
}

/* The line number of at in text. */
static int line_of(const char *text, const char *at)
{
	int line = 1;
	for (const char *p = text; p < at; p++)
		line += *p == '\n';
	return line;
}

/* No call site spells an id as a string literal: it names it as
 * DIAG_ID(NAME), so a misspelt id does not compile and every id reported
 * is in the table. Looks for a literal right after a severity (SEV_X,
 * "id", which also finds wrappers as config.c's key_diag) and for a
 * literal rule argument of diag_add or diag_addv. */
static void test_sources(void)
{
	glob_t g;
	ok(glob("src/*.c", 0, NULL, &g) == 0 && g.gl_pathc > 10, "the sources are found (run from the root)");
	regex_t re;
	ok(regcomp(&re, "SEV_[A-Z]+,[[:space:]]*\"([a-z][a-z0-9-]*)\"", REG_EXTENDED) == 0, "the pattern compiles");
	regmatch_t t[2];
	ok(regexec(&re, "0, SEV_ERROR,\n\t\t \"bad-id\", NULL", 2, t, 0) == 0 && t[1].rm_eo - t[1].rm_so == 6,
	   "the pattern finds an id on the next line");
	const char *from;
	ok(literal_rule("x; diag_add(d, f(1, \"a,b\"), 1, ',',\n\t sev, \"bad-id\", NULL, \"x\");", &from) != NULL,
	   "a literal rule argument of diag_add is found");
	ok(literal_rule("diag_addv(l, f, 0, 0, s, \"bad-id\", h, fmt, ap);", &from) != NULL,
	   "a literal rule argument of diag_addv is found");
	ok(literal_rule("diag_add(d, g(1, 2), 0, 0, SEV_ERROR, DIAG_ID(BAD_ID), \"a, b\", \"%s\", \"c\");\n"
			"my_diag_add(d, f, 0, 0, sev, \"x\", NULL, \"y\");",
			&from) == NULL,
	   "DIAG_ID and other functions' literals are not taken for a literal rule");
	for (size_t i = 0; i < g.gl_pathc; i++) {
		char *text = read_file(g.gl_pathv[i], NULL);
		if (!text)
			continue;
		regmatch_t m[2];
		for (const char *p = text; regexec(&re, p, 2, m, 0) == 0; p += m[0].rm_eo) {
			char *what = xasprintf("%s:%d: \"%.*s\" (write DIAG_ID(NAME))", g.gl_pathv[i],
					       line_of(text, p + m[1].rm_so), (int)(m[1].rm_eo - m[1].rm_so), p + m[1].rm_so);
			ok_detail(0, "no id is a literal after a severity", what);
			free(what);
		}
		for (const char *p = text, *call; (call = literal_rule(p, &from)) != NULL; p = from) {
			char *what = xasprintf("%s:%d (write DIAG_ID(NAME))", g.gl_pathv[i], line_of(text, call));
			ok_detail(0, "no diag_add or diag_addv call passes its rule id as a literal", what);
			free(what);
		}
		free(text);
	}
	regfree(&re);
	globfree(&g);
}

int main(void)
{
	test_table();
	test_sources();
	return unit_done();
}

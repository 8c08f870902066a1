/* test_history.c - unit tests of src/history.c: a git repository (made
 * with the git command, as only tests may) whose book has three versions
 * and commits between them that do not change the version; the history
 * lists the three, oldest first, with author, date and the clauses that
 * changed per role; the book in a subfolder of the repository; outside git nothing; a
 * detached HEAD and a shallow clone are said. */
#include "history.h"
#include "unit.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64] = "/tmp/svcbook-history-XXXXXX";

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	return system(cmd);
}

static void put(const char *rel, const char *text)
{
	char *p = xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(p, "w");
	free(p);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void commit(const char *msg, const char *who, const char *when)
{
	sh("cd %s && git add -A && GIT_AUTHOR_NAME='%s' GIT_AUTHOR_EMAIL=a@example.org GIT_AUTHOR_DATE='%s' "
	   "GIT_COMMITTER_NAME=c GIT_COMMITTER_EMAIL=c@example.org GIT_COMMITTER_DATE='%s' "
	   "git -c init.defaultBranch=main commit -q -m '%s' 2>/dev/null",
	   dir, who, when, when, msg);
}

static void make_repo(void)
{
	sh("cd %s && git -c init.defaultBranch=main init -q book", dir);
	strcat(dir, "/book"); /* the repository's top */
	sh("mkdir -p %s/std/roles", dir);
	put("std/book.lua", "title = \"T\"\nlanguage = \"en\"\nversion = \"1.0\"\n");
	put("std/general.md", "# General\n\nWe serve.\n");
	put("std/roles/agent.md", "# Agent {#agent}\n\n## Greeting {#greeting}\n\nSay hello.\n");
	put("std/roles/cook.md", "# Cook {#cook}\n\n## Food {#food}\n\nCook well.\n");
	commit("first", "Anna", "2026-01-10T10:00:00+03:00");
	put("std/roles/agent.md", "# Agent {#agent}\n\n## Greeting {#greeting}\n\nSay hello, smile.\n");
	commit("wording, same version", "Boris", "2026-01-20T10:00:00+03:00");
	put("std/book.lua", "title = \"T\"\nlanguage = \"en\"\nversion = \"1.1\"\n");
	commit("1.1", "Boris", "2026-02-01T23:30:00-05:00");
	put("std/roles/cook.md", "# Cook {#cook}\n\n## Food {#food}\n\nCook well.\n\n## Knives {#knives}\n\nKeep them sharp.\n");
	put("std/book.lua", "title = \"T\"\nlanguage = \"en\"\nversion = \"2.0\"\n");
	commit("2.0", "Vera \xff", "2026-03-01T09:00:00+00:00");
	put("std/general.md", "# General\n\nWe serve all.\n");
	commit("after 2.0", "Vera", "2026-03-02T09:00:00+00:00");
}

static void test_versions(void)
{
	char *bookdir = xasprintf("%s/std", dir);
	history h;
	diag_list *d = diag_list_new();
	history_read(bookdir, 1, &h, d);
	ok(h.in_git && h.n == 3, "three versions: the commits that changed book.lua's version");
	if (h.n == 3) {
		ok(strcmp(h.v[0].version, "1.0") == 0 && strcmp(h.v[1].version, "1.1") == 0 &&
		   strcmp(h.v[2].version, "2.0") == 0, "oldest first");
		ok(strcmp(h.v[0].author, "Anna") == 0 && strcmp(h.v[0].date, "2026-01-10") == 0,
		   "the author and the author's date");
		ok(strcmp(h.v[1].date, "2026-02-01") == 0, "the date in the author's time zone, not UTC's");
		/* git itself re-encodes a Latin-1 byte as UTF-8 */
		ok_detail(strcmp(h.v[2].author, "Vera \xC3\xBF") == 0, "the author's name is UTF-8", h.v[2].author);
		ok(h.v[0].first && !h.v[1].first, "the first version is marked");
		/* 1.1: agent's greeting changed (in the commit before it) */
		ok(h.v[1].nchanges == 1 && strcmp(h.v[1].changes[0].role_id, "agent") == 0 &&
		   strcmp(h.v[1].changes[0].clause_id, "greeting") == 0 &&
		   strcmp(h.v[1].changes[0].kind, "changed") == 0, "1.1: the agent's greeting changed");
		int knives = 0, other = 0;
		for (size_t i = 0; i < h.v[2].nchanges; i++) {
			const history_change *c = &h.v[2].changes[i];
			if (strcmp(c->role_id, "cook") == 0 && strcmp(c->clause_id, "knives") == 0 &&
			    strcmp(c->kind, "added") == 0)
				knives++;
			else if (strcmp(c->role_id, "agent") == 0)
				other++;
		}
		ok(knives == 1 && other == 0, "2.0: the cook's new clause, nothing for the agent");
		ok(strlen(h.v[2].commit) == 40 && h.v[2].book && h.v[2].book->nroles == 2,
		   "each version's commit and its book");
		ok(history_find(&h, "1.1") == &h.v[1] && !history_find(&h, "9"), "a version is found by name");
	}
	ok(!h.shallow && !h.detached, "a plain clone on a branch is not partial");
	ok(diag_worst(d) < SEV_WARNING, "nothing said");
	history_free(&h);

	/* detached HEAD at 1.1's commit */
	sh("cd %s && git checkout -q HEAD~2 2>/dev/null", dir);
	history_read(bookdir, 0, &h, d);
	ok(h.detached && h.n == 2 && !h.v[1].book, "a detached HEAD: the history up to it, said so");
	history_free(&h);
	sh("cd %s && git checkout -q main 2>/dev/null", dir);

	/* a shallow clone of depth 2 sees 2.0 only */
	char *clone = xasprintf("%s/../clone", dir);
	sh("git clone -q --depth 2 file://%s %s 2>/dev/null", dir, clone);
	char *cbook = xasprintf("%s/std", clone);
	history_read(cbook, 0, &h, d);
	ok(h.shallow && h.n >= 1 && strcmp(h.v[h.n - 1].version, "2.0") == 0,
	   "a shallow clone: what it can see, said to be partial");
	history_free(&h);
	free(cbook);
	free(clone);
	free(bookdir);
	diag_list_free(d);
}

static void test_outside(void)
{
	char out[] = "/tmp/svcbook-nogit-XXXXXX";
	if (!mkdtemp(out))
		return;
	history h;
	diag_list *d = diag_list_new();
	setenv("GIT_CEILING_DIRECTORIES", "/tmp", 1);
	history_read(out, 0, &h, d);
	ok(!h.in_git && h.n == 0 && diag_worst(d) < SEV_WARNING, "outside git: no history and nothing said");
	history_free(&h);
	diag_list_free(d);
	rmdir(out);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	char *top = xstrdup(dir);
	make_repo();
	test_versions();
	test_outside();
	sh("rm -rf %s", top);
	free(top);
	return unit_done();
}

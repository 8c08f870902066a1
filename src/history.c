/* history.c - a book's revision history read from git with libgit2: the
 * first-parent chain from HEAD, each commit whose book.lua `version`
 * differs from its parent's a version; each version's book read from the
 * commit's tree into memory (reader_read_mem) and compared with the
 * version before (diff.c). Nothing is written and no git is run. */
#include "history.h"
#include "diagid.h"
#include "rolediff.h"
#include "config.h"
#include "date.h"
#include "diff.h"
#include "oblig.h"
#include "reader.h"
#include "util.h"

#include <git2.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* A longer chain is cut there (and the history said to be partial). */
#define MAX_COMMITS 100000
/* A blob larger than this is not a book file svcbook would read. */
#define MAX_BLOB ((size_t)64 << 20)

static const char *const chapter_names[] = {
	"book.lua", "terms.md", "general.md", "principles.md", "journey.md", "appearance.md",
};
static const char *const kind_names[] = {"added", "removed", "changed", "retitled", "moved"};
/* A clause the book had before, new to one role's book ("joined"), or
 * still in the book but no longer in the role's ("left"). */
static const char joined[] = "joined", left[] = "left";

typedef struct {
	git_repository *repo;
	const char *bookdir;
	char *prefix;       /* the book folder in the work tree: "" or "dir/sub/" */
	char *lua_path;     /* prefix + "book.lua" */
	/* book.lua blobs already evaluated: their version (NULL: none) */
	git_oid *seen;
	char **seen_version;
	size_t nseen, cap_seen, cap_seen_v;
} walk;

/* s as UTF-8 text with no control character: bad bytes become U+FFFD (an
 * author's name is shown in HTML and XML). */
static char *clean_text(const char *s)
{
	buf b;
	buf_init(&b);
	buf_puts(&b, "");
	size_t n = strlen(s);
	while (n) {
		size_t k = utf8_clean_prefix(s, n);
		buf_put(&b, s, k);
		s += k;
		n -= k;
		if (n) {
			buf_puts(&b, "\xEF\xBF\xBD");
			s++;
			n--;
		}
	}
	for (char *p = b.data; *p; p++)
		if (*p == '\t' || *p == '\n' || *p == '\r')
			*p = ' ';
	return buf_detach(&b);
}

/* The id of the blob at path in commit c's tree; -1 when there is none. */
static int blob_at(git_commit *c, const char *path, git_oid *out)
{
	git_tree *t;
	if (git_commit_tree(&t, c) != 0)
		return -1;
	git_tree_entry *e;
	int rc = git_tree_entry_bypath(&e, t, path);
	if (rc == 0) {
		if (git_tree_entry_type(e) == GIT_OBJECT_BLOB)
			git_oid_cpy(out, git_tree_entry_id(e));
		else
			rc = -1;
		git_tree_entry_free(e);
	}
	git_tree_free(t);
	return rc == 0 ? 0 : -1;
}

/* The `version` a book.lua blob sets (evaluated as book.lua always is, in
 * the sandbox); NULL when none. Each blob is evaluated once. */
static const char *version_of(walk *w, const git_oid *oid)
{
	for (size_t i = 0; i < w->nseen; i++)
		if (git_oid_equal(&w->seen[i], oid))
			return w->seen_version[i];
	char *v = NULL;
	git_blob *blob;
	if (git_blob_lookup(&blob, w->repo, oid) == 0) {
		size_t len = (size_t)git_blob_rawsize(blob);
		if (len <= MAX_BLOB) {
			book_config c;
			memset(&c, 0, sizeof c);
			diag_list *d = diag_list_new();
			config_parse(git_blob_rawcontent(blob), len, &c, d);
			if (c.version)
				v = clean_text(c.version);
			book_config_free(&c);
			diag_list_free(d);
		}
		git_blob_free(blob);
	}
	w->seen = xgrow(w->seen, &w->cap_seen, w->nseen + 1, sizeof *w->seen);
	w->seen_version = xgrow(w->seen_version, &w->cap_seen_v, w->nseen + 1, sizeof *w->seen_version);
	git_oid_cpy(&w->seen[w->nseen], oid);
	w->seen_version[w->nseen] = v;
	return w->seen_version[w->nseen++];
}

static void add_version(history *h, size_t *cap, git_commit *c, const char *version)
{
	h->v = xgrow(h->v, cap, h->n + 1, sizeof *h->v);
	history_version *v = &h->v[h->n++];
	memset(v, 0, sizeof *v);
	v->version = xstrdup(version);
	git_oid_tostr(v->commit, sizeof v->commit, git_commit_id(c));
	const git_signature *a = git_commit_author(c);
	v->author = clean_text(a && a->name ? a->name : "");
	/* the author's own calendar day, whatever the reader's time zone */
	long long t = a ? (long long)a->when.time + (long long)a->when.offset * 60 : 0;
	long long day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	date_format((long)day, v->date);
}

/* Walks the first-parent chain from HEAD, newest first, and keeps each
 * commit that changed book.lua's version; then turns the list oldest first. */
static void find_versions(walk *w, history *h)
{
	size_t cap = 0;
	git_commit *c = NULL;
	git_oid head;
	if (git_reference_name_to_id(&head, w->repo, "HEAD") != 0 || git_commit_lookup(&c, w->repo, &head) != 0)
		return;
	/* each commit's book.lua is looked up once: as the parent, it is
	 * the next step's own (a tree lookup reads packed objects: 1 100
	 * commits took 30 ms, twice what they need) */
	git_oid cur, prev;
	int has_cur = blob_at(c, w->lua_path, &cur) == 0;
	for (size_t steps = 0; c; steps++) {
		git_commit *p = NULL;
		if (steps >= MAX_COMMITS) {
			h->shallow = 1;
		} else if (git_commit_parentcount(c) > 0 && git_commit_parent(&p, c, 0) != 0) {
			h->shallow = 1; /* the parent is not in this clone */
			p = NULL;
		}
		int has_prev = p && blob_at(p, w->lua_path, &prev) == 0;
		const char *v = has_cur ? version_of(w, &cur) : NULL;
		const char *pv = has_prev ? version_of(w, &prev) : NULL;
		if (v && *v && (!pv || strcmp(v, pv) != 0))
			add_version(h, &cap, c, v);
		if (has_prev)
			cur = prev;
		has_cur = has_prev;
		git_commit_free(c);
		c = steps >= MAX_COMMITS ? NULL : p;
		if (c != p)
			git_commit_free(p);
	}
	for (size_t i = 0; i < h->n / 2; i++) {
		history_version t = h->v[i];
		h->v[i] = h->v[h->n - 1 - i];
		h->v[h->n - 1 - i] = t;
	}
}

/* Adds the blob of entry e (a file of the book at rel) to the list. */
static void add_blob(walk *w, const git_tree_entry *e, const char *rel, reader_mem_file **v, size_t *n,
		     size_t *cap)
{
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return;
	git_blob *blob;
	if (git_blob_lookup(&blob, w->repo, git_tree_entry_id(e)) != 0)
		return;
	size_t len = (size_t)git_blob_rawsize(blob);
	if (len <= MAX_BLOB) {
		char *text = xmalloc(len + 1);
		memcpy(text, git_blob_rawcontent(blob), len);
		text[len] = '\0';
		*v = xgrow(*v, cap, *n + 1, sizeof **v);
		(*v)[(*n)++] = (reader_mem_file){xstrdup(rel), text, len};
	}
	git_blob_free(blob);
}

/* The book as commit id has it, read from memory. */
static book *read_at(walk *w, const char *id)
{
	git_oid oid;
	git_commit *c;
	git_tree *root, *t = NULL;
	if (git_oid_fromstr(&oid, id) != 0 || git_commit_lookup(&c, w->repo, &oid) != 0)
		return NULL;
	int rc = git_commit_tree(&root, c);
	git_commit_free(c);
	if (rc != 0)
		return NULL;
	if (!*w->prefix) {
		t = root;
	} else {
		git_tree_entry *e;
		char *dir = xstrndup(w->prefix, strlen(w->prefix) - 1);
		if (git_tree_entry_bypath(&e, root, dir) == 0) {
			if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
				git_tree_lookup(&t, w->repo, git_tree_entry_id(e));
			git_tree_entry_free(e);
		}
		free(dir);
		git_tree_free(root);
	}
	if (!t)
		return NULL;
	reader_mem_file *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < sizeof chapter_names / sizeof *chapter_names; i++) {
		const git_tree_entry *e = git_tree_entry_byname(t, chapter_names[i]);
		if (e)
			add_blob(w, e, chapter_names[i], &v, &n, &cap);
	}
	const git_tree_entry *re = git_tree_entry_byname(t, "roles");
	git_tree *roles = NULL;
	if (re && git_tree_entry_type(re) == GIT_OBJECT_TREE && git_tree_lookup(&roles, w->repo, git_tree_entry_id(re)) == 0) {
		for (size_t i = 0; i < git_tree_entrycount(roles); i++) {
			const git_tree_entry *e = git_tree_entry_byindex(roles, i);
			const char *name = git_tree_entry_name(e);
			if (name[0] == '.' || !str_ends(name, ".md"))
				continue;
			char *rel = xasprintf("roles/%s", name);
			add_blob(w, e, rel, &v, &n, &cap);
			free(rel);
		}
		git_tree_free(roles);
	}
	git_tree_free(t);
	book *b = reader_read_mem(w->bookdir, v, n);
	for (size_t i = 0; i < n; i++) {
		free((char *)v[i].path);
		free((char *)v[i].text);
	}
	free(v);
	return b;
}

/* The effect (FORMAT.md 8) of a change of the clause with this id on its
 * obligations: those of its own body in old and in new (none where the
 * clause is not). NULL when neither book has such a clause. For a role
 * that is gone, whose book rolediff cannot make. */
static const char *clause_effect(const book *old, const book *new, const char *id)
{
	int a = id && *id ? book_find_id(old, id) : -1, b = id && *id ? book_find_id(new, id) : -1;
	if (a < 0 && b < 0)
		return NULL;
	oblig_list la = {0}, lb = {0};
	if (a >= 0)
		oblig_clause(old, a, &la);
	if (b >= 0)
		oblig_clause(new, b, &lb);
	oblig_effect e = oblig_compare(&la, &lb, NULL, NULL);
	oblig_list_free(&la);
	oblig_list_free(&lb);
	return oblig_effect_name(e);
}

/* A role's changes in the order of their numbers (4.9 before 4.10), the
 * book's reading order; one number's by id, then kind: the same order
 * every build. */
static int cmp_change(const void *pa, const void *pb)
{
	const history_change *a = pa, *b = pb;
	int c = rolediff_cmp_numbers(a->number, b->number);
	if (!c)
		c = strcmp(a->clause_id ? a->clause_id : "", b->clause_id ? b->clause_id : "");
	return c ? c : strcmp(a->kind, b->kind);
}

static history_change *add_change(history_version *v, size_t *cap, const diff_result *r, size_t role)
{
	v->changes = xgrow(v->changes, cap, v->nchanges + 1, sizeof *v->changes);
	history_change *hc = &v->changes[v->nchanges++];
	memset(hc, 0, sizeof *hc);
	hc->role_id = xstrdup(r->role_ids[role]);
	hc->role_name = xstrdup(r->role_names[role] ? r->role_names[role] : r->role_ids[role]);
	return hc;
}

/* v's changes since the book of the version before, role by role in the
 * order diff.c lists the roles, each role's clauses in the diff's order.
 * The effect is the one for the role (rolediff.h, what reread says): a
 * clause moved into a role's standard, or an appearance section whose
 * roles= gained it, is stronger for that role though its own words did not
 * change. Clauses that entered or left the role's book without a change
 * of their own (a chapter whose stages moved away, every clause a new role
 * is given) are "joined" or "left", not "added" or "removed": the book
 * had them before. Each role's in the order of their numbers. */
/* The entry of role's changes (from first on) for clause id, or NULL. */
static history_change *entry_of(history_version *v, size_t first, const char *id)
{
	for (size_t i = first; i < v->nchanges; i++)
		if (strcmp(v->changes[i].clause_id, id) == 0)
			return &v->changes[i];
	return NULL;
}

/* One entry per clause and role: a clause retitled and reworded is
 * "changed" (the effect is the clause's, once); one that left the role's
 * book is "left", under the number it had. */
static void put_change(history_version *v, size_t *cap, size_t first, const diff_result *r, size_t role,
		       const diff_change *ch, const diff_role_effect *e, const char *effect)
{
	history_change *hc = entry_of(v, first, ch->id);
	if (hc) {
		if (strcmp(hc->kind, kind_names[DIFF_RETITLED]) == 0 && !e->left) {
			hc->kind = kind_names[ch->kind];
			hc->effect = effect;
		}
		return;
	}
	hc = add_change(v, cap, r, role);
	hc->clause_id = xstrdup(ch->id ? ch->id : "");
	hc->number = xstrdup(e->was ? e->was : ch->number ? ch->number : "");
	hc->title = xstrdup(ch->title ? ch->title : "");
	hc->kind = e->left ? left : kind_names[ch->kind];
	hc->was = e->was != NULL;
	hc->effect = e->left ? NULL : effect;
}

static void take_changes(history_version *v, const book *old, const book *new)
{
	diff_result r;
	diff_books(old, new, &r);
	size_t cap = 0;
	for (size_t role = 0; role < r.nroles; role++) {
		size_t first = v->nchanges;
		int ri = book_find_role(new, r.role_ids[role]);
		const rolediff rd = r.rd[role]; /* diff.c compared the role's books */
		unsigned char *seen = xcalloc(rd.n ? rd.n : 1, 1);
		for (size_t i = 0; i < r.n; i++) {
			const diff_change *ch = &r.v[i];
			size_t k = 0;
			while (k < ch->nroles && ch->roles[k] != (int)role)
				k++;
			if (k == ch->nroles)
				continue;
			const rolediff_item *it = ri >= 0 ? rolediff_find(&rd, ch->id) : NULL;
			if (it)
				seen[it - rd.v] = 1;
			/* a removed role has no book now: the clause's own effect */
			const char *own = clause_effect(old, new, ch->id);
			const diff_role_effect *e = &ch->role_effects[k];
			put_change(v, &cap, first, &r, role, ch, e, ri < 0 || !own ? own : oblig_effect_name(e->effect));
		}
		for (size_t k = 0; ri >= 0 && k < rd.n; k++) {
			if (seen[k])
				continue;
			const rolediff_item *it = &rd.v[k];
			int c = it->clause >= 0 ? it->clause : book_find_id(old, it->id);
			const book *in = it->clause >= 0 ? new : old;
			history_change *hc = add_change(v, &cap, &r, role);
			hc->clause_id = xstrdup(it->id);
			hc->number = xstrdup(it->number);
			hc->title = xstrdup(c >= 0 && in->clauses[c].title ? in->clauses[c].title : "");
			if (it->clause >= 0)
				hc->kind = book_find_id(old, it->id) >= 0 ? joined : kind_names[DIFF_ADDED];
			else
				hc->kind = book_find_id(new, it->id) >= 0 ? left : kind_names[DIFF_REMOVED];
			int now = hc->kind == left ? book_find_id(new, it->id) : -1;
			hc->was = now >= 0 && strcmp(it->number, new->clauses[now].number ? new->clauses[now].number : "") != 0;
			hc->effect = hc->kind == left ? NULL : oblig_effect_name(it->effect);
		}
		sort_array(v->changes + first, v->nchanges - first, sizeof *v->changes, cmp_change);
		free(seen);
	}
	diff_free(&r);
}

/* Reads each version's book and compares it with the one before. */
static void compare_versions(walk *w, history *h, int keep_books)
{
	book *prev = NULL;
	for (size_t i = 0; i < h->n; i++) {
		history_version *v = &h->v[i];
		book *b = read_at(w, v->commit);
		int usable = b && diag_worst(b->diags) < SEV_FATAL;
		v->first = i == 0 || !prev;
		if (usable && prev)
			take_changes(v, prev, b);
		if (!keep_books && prev)
			book_free(prev);
		if (keep_books)
			v->book = usable ? b : NULL;
		if (!usable && b)
			book_free(b);
		prev = usable ? b : NULL;
	}
	if (!keep_books && prev)
		book_free(prev);
}

/* The book folder's place in the work tree ("" at its top, else "a/b/"),
 * or NULL when it is not inside it. */
static char *book_prefix(git_repository *repo, const char *bookdir)
{
	const char *wd = git_repository_workdir(repo);
	if (!wd)
		return NULL;
	char *rwd = realpath(wd, NULL), *rbook = realpath(bookdir, NULL);
	char *prefix = NULL;
	size_t n = rwd ? strlen(rwd) : 0;
	if (rwd && rbook && strncmp(rbook, rwd, n) == 0 && (rbook[n] == '\0' || rbook[n] == '/' || n == 1))
		prefix = rbook[n] == '\0' ? xstrdup("") : xasprintf("%s/", rbook + n + (n > 1));
	free(rwd);
	free(rbook);
	return prefix;
}

static void warn_git(diag_list *d, const char *what)
{
	const git_error *e = git_error_last();
	diag_add(d, NULL, 0, 0, SEV_WARNING, DIAG_ID(HISTORY), NULL, "no revision history: %s%s%s", what,
		 e && e->message ? ": " : "", e && e->message ? e->message : "");
}

int history_read(const char *bookdir, int keep_books, history *h, diag_list *d)
{
	memset(h, 0, sizeof *h);
	git_libgit2_init();
	git_repository *repo = NULL;
	int rc = git_repository_open_ext(&repo, bookdir, 0, NULL);
	if (rc != 0) {
		if (rc != GIT_ENOTFOUND)
			warn_git(d, "cannot open the git repository");
		git_libgit2_shutdown();
		return 0;
	}
	walk w;
	memset(&w, 0, sizeof w);
	w.repo = repo;
	w.bookdir = bookdir;
	w.prefix = book_prefix(repo, bookdir);
	if (w.prefix) {
		h->in_git = 1;
		h->shallow = git_repository_is_shallow(repo) == 1;
		h->detached = git_repository_head_detached(repo) == 1;
		w.lua_path = xasprintf("%sbook.lua", w.prefix);
		find_versions(&w, h);
		compare_versions(&w, h, keep_books);
	}
	for (size_t i = 0; i < w.nseen; i++)
		free(w.seen_version[i]);
	free(w.seen);
	free(w.seen_version);
	free(w.prefix);
	free(w.lua_path);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return 0;
}

const history_version *history_find(const history *h, const char *v)
{
	for (size_t i = h->n; i-- > 0;)
		if (strcmp(h->v[i].version, v) == 0)
			return &h->v[i];
	return NULL;
}

void history_free(history *h)
{
	for (size_t i = 0; i < h->n; i++) {
		history_version *v = &h->v[i];
		free(v->version);
		free(v->author);
		for (size_t j = 0; j < v->nchanges; j++) {
			history_change *c = &v->changes[j];
			free(c->role_id);
			free(c->role_name);
			free(c->clause_id);
			free(c->number);
			free(c->title);
		}
		free(v->changes);
		if (v->book)
			book_free(v->book);
	}
	free(h->v);
	memset(h, 0, sizeof *h);
}

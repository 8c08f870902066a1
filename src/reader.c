/* reader.c - a book folder to the model: finds the chapter files, loads
 * them (read, checked and parsed with cmark-gfm, on two threads), turns
 * headings into numbered clauses with ids and attributes, and records
 * terms, roles, stages and appearance sections. */
#include "reader.h"
#include "diagid.h"
#include "arena.h"
#include "attrs.h"
#include "headattr.h"
#include "i18n.h"
#include "checklist.h"
#include "config.h"
#include "trust.h"
#include "diag.h"
#include "dict.h"
#include "match.h"
#include "parse.h"
#include "srctext.h"
#include "strmap.h"
#include "thread.h"
#include "util.h"
#include "xref.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

static const struct {
	book_chapter_kind kind;
	const char *file; /* NULL: the roles/ folder */
	const char *page;
} chapter_files[] = {
	{CH_TERMS, "terms.md", "terms"},
	{CH_GENERAL, "general.md", "general"},
	{CH_PRINCIPLES, "principles.md", "principles"},
	{CH_JOURNEY, "journey.md", "journey"},
	{CH_ROLES, NULL, "roles"},
	{CH_APPEARANCE, "appearance.md", "appearance"},
};

cmark_llist *reader_extensions(void)
{
	return parse_extensions();
}

/* ---- reading files safely ---- */

/* Registering the names (match_add: words, stems, keys) beside the walk
 * and the end of reading: it writes only b->index, which nothing else
 * touches before xref_resolve, and reads names nothing changes once they
 * are made (terms.md alone makes terms). The same order as on one thread,
 * so the same index. */
typedef struct {
	book *b;
	int part;        /* 0: the terms; 1: roles, stages and clauses */
	int begun;       /* part 0 was begun */
	int threaded;    /* t runs it */
	pthread_t t;
} namer;

typedef struct {
	book *b;
	const reader_mem_file *mem; /* the files, when they are in memory (reader_read_mem) */
	size_t nmem;
	char *realdir;      /* the book folder's real path: nothing outside it is read */
	xref_found *found;  /* the references of the file being walked, found ahead */
	namer names;        /* the names registered beside the walk */
} reader;

static const char *fname(const book *b, int file)
{
	return file >= 0 ? b->files[file].path : "";
}

/* 1 when rel (relative to the book folder) is a regular file inside the
 * book folder, following symlinks only while they stay inside; else 0, said
 * in d. */
static int inside_book(const reader *r, const char *rel, diag_list *d)
{
	char *path = xasprintf("%s/%s", r->b->dir, rel);
	char *real = realpath(path, NULL);
	free(path);
	if (!real)
		return 0;
	size_t n = strlen(r->realdir);
	int ok = strncmp(real, r->realdir, n) == 0 && (real[n] == '/' || real[n] == '\0');
	if (!ok)
		diag_add(d, rel, 0, 0, SEV_ERROR, DIAG_ID(UNSAFE_PATH), NULL,
			 "%s leads outside the book folder (to %s); it is not read", rel, real);
	struct stat st;
	if (ok && (stat(real, &st) != 0 || !S_ISREG(st.st_mode))) {
		diag_add(d, rel, 0, 0, SEV_ERROR, DIAG_ID(BAD_INPUT), NULL, "%s is not a regular file; it is not read", rel);
		ok = 0;
	}
	free(real);
	return ok;
}

/* The in-memory file rel, or NULL. */
static const reader_mem_file *mem_file(const reader *r, const char *rel)
{
	for (size_t i = 0; i < r->nmem; i++)
		if (strcmp(r->mem[i].path, rel) == 0)
			return &r->mem[i];
	return NULL;
}

/* A book file's bytes, from the folder or from memory; NULL with errno set
 * when there is no such file. */
static char *source_read(const reader *r, const char *rel, size_t *len)
{
	if (r->mem) {
		const reader_mem_file *m = mem_file(r, rel);
		if (!m) {
			errno = ENOENT;
			return NULL;
		}
		if (len)
			*len = m->len;
		char *t = xmalloc(m->len + 1);
		memcpy(t, m->text, m->len);
		t[m->len] = '\0';
		return t;
	}
	char *path = xasprintf("%s/%s", r->b->dir, rel);
	char *text = read_file(path, len);
	int saved = errno;
	free(path);
	errno = saved;
	return text;
}

/* The book's own words (dictionary.txt), given to the dictionaries before
 * any name is matched or any word spelled. */
static void read_dictionary(reader *r)
{
	static const char rel[] = "dictionary.txt";
	if (!r->mem) {
		char *path = xasprintf("%s/%s", r->b->dir, rel);
		struct stat st;
		int exists = lstat(path, &st) == 0;
		free(path);
		if (!exists || !inside_book(r, rel, r->b->diags))
			return;
	}
	size_t len;
	char *text = source_read(r, rel, &len);
	if (!text)
		return;
	int bad;
	dict_add_text(text, len, &bad);
	if (bad)
		diag_add(r->b->diags, rel, bad, 1, SEV_WARNING, DIAG_ID(BAD_INPUT),
			 "one word a line, or a word and a known word it inflects like: чекаут клиент",
			 "this line is not one word (or a word and a model word); it is skipped");
	free(text);
}

/* The in-memory roles/NAME.md, sorted like role_files'. */
static char **mem_role_files(const reader *r, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	for (size_t i = 0; i < r->nmem; i++) {
		const char *p = r->mem[i].path;
		if (str_starts(p, "roles/") && !strchr(p + 6, '/') && p[6] != '.' && str_ends(p, ".md")) {
			v = xgrow(v, &cap, *n + 1, sizeof *v);
			v[(*n)++] = xstrdup(p);
		}
	}
	sort_array(v, *n, sizeof *v, cmp_strp);
	return v;
}

/* The .md files of roles/, sorted by name (bytes) for a stable order. */
static char **role_files(reader *r, size_t *n)
{
	if (r->mem)
		return mem_role_files(r, n);
	char *path = xasprintf("%s/roles", r->b->dir);
	DIR *d = opendir(path);
	free(path);
	*n = 0;
	if (!d)
		return NULL;
	char **v = NULL;
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !str_ends(e->d_name, ".md"))
			continue;
		v = xgrow(v, &cap, *n + 1, sizeof *v);
		v[(*n)++] = xasprintf("roles/%s", e->d_name);
	}
	closedir(d);
	if (*n)
		sort_array(v, *n, sizeof *v, cmp_strp);
	return v;
}

/* ---- loading the files, on two threads ---- */

/* A chapter file to read: what loading made of it, and what it said. Files
 * are loaded in any order, on either thread, and then put into the book
 * in their own order with their diagnostics, so that the book and its
 * messages are the same as if they had been read one by one. */
typedef struct {
	book_chapter_kind kind;
	book_file f;    /* path (owned until installed), text, lines, doc */
	diag_list *d;   /* loading's diagnostics */
	int ok;         /* f was read and parsed */
	xref_found *xf; /* its references, but the headings' (xref_scan) */
} pending;

typedef struct {
	const reader *r;
	pending *v;
	size_t n;
	atomic_size_t next; /* the next file to take, by either thread */
	arena *arena;       /* the second thread's, adopted by the book's */
} loader;

/* Reads, checks and parses one file; touches nothing but p and keys
 * (the thread's own index, for the references' match keys). */
static void load_one(const reader *r, pending *p, match_index *keys)
{
	const char *rel = p->f.path;
	p->d = diag_list_new();
	if (!r->mem && !inside_book(r, rel, p->d))
		return;
	size_t len;
	char *text = source_read(r, rel, &len);
	int saved = errno;
	if (!text) {
		diag_add(p->d, rel, 0, 0, SEV_FATAL, DIAG_ID(BAD_INPUT), NULL, "cannot read %s: %s", rel, strerror(saved));
		return;
	}
	if (len >= 2 && (memcmp(text, "\xFF\xFE", 2) == 0 || memcmp(text, "\xFE\xFF", 2) == 0)) {
		/* Notepad's "Unicode": not text svcbook can read, and not to guess */
		diag_add(p->d, rel, 0, 0, SEV_FATAL, DIAG_ID(BAD_ENCODING),
			 "save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8)",
			 "%s is UTF-16 (it starts with the byte-order mark %02X %02X); book files are UTF-8", rel,
			 (unsigned char)text[0], (unsigned char)text[1]);
		free(text);
		return;
	}
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		memmove(text, text + 3, len - 3);
		len -= 3;
		text[len] = '\0';
	}
	int valid;
	char *clean = srctext_check(p->d, rel, text, &len, &valid);
	if (clean != text)
		free(text);
	p->f.text = clean;
	p->f.len = len;
	srctext_index_lines(&p->f);
	p->f.doc = parse_markdown(p->f.text, p->f.len, valid);
	p->xf = xref_scan(r->b->dir, &p->f, p->d, keys);
	p->ok = 1;
}

/* Loads files until none is left. Each thread stems with an index of its
 * own, thrown away after: the book's would be shared, and its word and
 * stem numbers would depend on which thread took which file. */
static void load_some(loader *l)
{
	match_index *keys = match_new();
	size_t i;
	while ((i = atomic_fetch_add(&l->next, 1)) < l->n) {
		arena_tag(l->v[i].f.load_tag = i); /* its blocks may go early (book_release_trees) */
		load_one(l->r, &l->v[i], keys);
		arena_tag(ARENA_TAG_KEEP);
	}
	match_free(keys);
}

static void *load_beside(void *arg)
{
	loader *l = arg;
	l->arena = arena_new();
	arena_activate(l->arena);
	load_some(l);
	arena_activate(NULL);
	return NULL;
}

/* Loads v[0..n) on this thread and a second one; their trees end in the
 * book's arena. */
static void load_files(const reader *r, pending *v, size_t n)
{
	loader l = {r, v, n, 0, NULL};
	reader_extensions(); /* made once, before two threads ask for it */
	parse_begin();
	pthread_t t;
	/* without a second thread, this one loads them all in the book's arena */
	int threaded = n > 1 && thread_try(&t, load_beside, &l);
	load_some(&l);
	if (threaded)
		pthread_join(t, NULL);
	parse_end();
	arena_adopt(r->b->arena, l.arena);
}

/* Puts a loaded file into the book, after its diagnostics; its index, or
 * -1 when it could not be read. */
static int install_file(reader *r, pending *p)
{
	book *b = r->b;
	diag_move(b->diags, p->d);
	diag_list_free(p->d);
	if (!p->ok) {
		free(p->f.path);
		return -1;
	}
	b->files = xgrow(b->files, &b->cap_files, b->nfiles + 1, sizeof *b->files);
	int idx = (int)b->nfiles++;
	book_file *f = &b->files[idx];
	*f = p->f;
	f->chapter_kind = p->kind;
	f->chapter = -1;
	f->role = -1;
	return idx;
}

/* ---- clauses ---- */

static int new_clause(book *b)
{
	b->clauses = xgrow(b->clauses, &b->cap_clauses, b->nclauses + 1, sizeof *b->clauses);
	book_clause *c = &b->clauses[b->nclauses];
	memset(c, 0, sizeof *c);
	c->parent = c->term = c->role = c->stage = -1;
	c->file = -1;
	c->pos.file = -1;
	return (int)b->nclauses++;
}

/* Registers id for clause c, keeping ids unique: an explicit duplicate is an
 * error; a derived one silently gets a "-2", "-3" suffix (as lowdown does). */
static void assign_id(book *b, int c, char *id, int explicit_id, book_pos pos)
{
	if (explicit_id && !attrs_is_ncname(id)) {
		char *fixed = attrs_slug(id);
		diag_add(b->diags, fname(b, pos.file), pos.line, pos.col, SEV_ERROR, DIAG_ID(BAD_ID), NULL,
			 "id '%s' is not a valid XML name; using '%s'", id, fixed);
		free(id);
		id = fixed;
	}
	if (book_find_id(b, id) >= 0) {
		/* An explicit duplicate is reported by lua/rules/duplicate-id.lua,
		 * which compares the id as written with the one kept here. */
		/* Remember the next free suffix per base id: 5 000 headings with
		 * one id stay linear. */
		int n = strmap_get(b->id_next, id);
		for (n = n < 2 ? 2 : n;; n++) {
			char *alt = xasprintf("%s-%d", id, n);
			if (book_find_id(b, alt) < 0) {
				strmap_set(b->id_next, id, n + 1);
				free(id);
				id = alt;
				break;
			}
			free(alt);
		}
	}
	b->clauses[c].id = id;
	b->clauses[c].id_explicit = explicit_id;
	strmap_set(b->ids, id, c);
}

/* Per-file state while walking its top-level nodes. */
typedef struct {
	int file;
	book_chapter_kind kind;
	int chapter;         /* chapter index */
	int stack[64];       /* open clause per depth */
	int depth;           /* depth of the innermost open clause */
	int first_heading;   /* no heading seen yet in this file */
} walk;

static void number_clause(book *b, int c)
{
	book_clause *cl = &b->clauses[c];
	book_clause *parent = &b->clauses[cl->parent];
	/* "%s.%d", without a printf: one for every clause of the book */
	int k = ++parent->nchildren;
	char digits[20];
	size_t nd = put_decimal(digits, (unsigned)k);
	size_t pl = strlen(parent->number);
	char *num = xmalloc(pl + 1 + nd + 1);
	memcpy(num, parent->number, pl);
	num[pl] = '.';
	memcpy(num + pl + 1, digits, nd);
	num[pl + 1 + nd] = '\0';
	cl->number = num;
}

/* A heading becomes a clause at `depth` below the open clauses of w. */
static int heading_clause(reader *r, walk *w, cmark_node *h, int depth, int is_chapter)
{
	book *b = r->b;
	attrs_block blk;
	book_pos blkpos = {w->file, 0, 0};
	headattr_take(b, w->file, h, &blk, &blkpos);
	int c;
	if (is_chapter) {
		c = b->chapters[w->chapter].clause;
	} else {
		c = new_clause(b);
	}
	book_clause *cl = &b->clauses[c];
	cl->heading = h;
	cl->file = w->file;
	cl->pos.file = w->file;
	cl->pos.line = cmark_node_get_start_line(h);
	cl->pos.col = cmark_node_get_start_column(h);
	cl->chapter = w->chapter;
	if (!is_chapter) {
		cl->depth = depth;
		cl->parent = w->stack[depth - 1];
	}
	/* Title: plain text of the heading; refs inside are collected later and
	 * keep their shown text, so the title reads the same. */
	xref_collect(b, w->file, c, h);
	cl = &b->clauses[c];
	free(cl->title);
	cl->title = book_node_text(h);
	if (is_chapter) {
		/* A chapter's explicit id replaces its default one. */
		if (blk.id) {
			strmap_set(b->ids, cl->id, -1);
			free(cl->id);
			cl->id = NULL;
			book_pos p = blkpos;
			p.col += (int)blk.id_off;
			assign_id(b, c, xstrdup(blk.id), 1, p);
		}
	} else {
		if (blk.id) {
			book_pos p = blkpos;
			p.col += (int)blk.id_off;
			assign_id(b, c, xstrdup(blk.id), 1, p);
		} else if (w->kind == CH_ROLES && depth == 1) {
			/* A role without #id takes the file's name. */
			const char *base = strrchr(b->files[w->file].path, '/');
			base = base ? base + 1 : b->files[w->file].path;
			char *stem = xstrndup(base, strlen(base) - 3);
			char *id = attrs_is_ncname(stem) ? xstrdup(stem) : attrs_slug(stem);
			if (strcmp(id, stem) != 0) /* owner=, roles= and book.lua name the id */
				diag_add(b->diags, fname(b, w->file), cl->pos.line, cl->pos.col, SEV_WARNING, DIAG_ID(BAD_ID),
					 "rename the file, or give the heading {#id}",
					 "the file name '%s' is not an id, so the role's id is '%s': name it so in "
					 "owner=, roles= and book.lua",
					 stem, id);
			free(stem);
			assign_id(b, c, id, 0, cl->pos);
		} else {
			assign_id(b, c, attrs_slug(cl->title), 0, cl->pos);
		}
		number_clause(b, c);
	}
	headattr_store(b, c, w->kind, &blk, blkpos);
	if (w->kind == CH_TERMS && depth == 1)
		headattr_term(b, c, &blk, blkpos);
	else if (w->kind == CH_ROLES && depth == 1)
		headattr_role(b, c, w->file, &blk, blkpos);
	else if (w->kind == CH_JOURNEY && depth == 1)
		headattr_stage(b, c, &blk, blkpos);
	attrs_free(&blk);
	return c;
}

static int new_chapter(reader *r, book_chapter_kind kind, const char *page)
{
	book *b = r->b;
	b->chapters = xgrow(b->chapters, &b->cap_chapters, b->nchapters + 1, sizeof *b->chapters);
	int ch = (int)b->nchapters++;
	int c = new_clause(b);
	book_clause *cl = &b->clauses[c];
	cl->depth = 0;
	cl->chapter = ch;
	cl->number = xasprintf("%d", ch + 1);
	cl->title = xstrdup(book_chapter_default_title(kind, b->config.language));
	assign_id(b, c, xstrdup(page), 0, cl->pos);
	b->chapters[ch].kind = kind;
	b->chapters[ch].clause = c;
	b->chapters[ch].first_file = -1;
	b->chapters[ch].page = xstrdup(page);
	return ch;
}

/* Attaches top-level node n to the body of clause c. */
static void extend_body(book *b, int c, cmark_node *n)
{
	book_clause *cl = &b->clauses[c];
	if (!cl->body_first)
		cl->body_first = n;
	cl->body_last = n;
}

static void walk_file(reader *r, int file, int chapter)
{
	book *b = r->b;
	book_file *f = &b->files[file];
	walk w;
	memset(&w, 0, sizeof w);
	w.file = file;
	w.kind = f->chapter_kind;
	w.chapter = chapter;
	w.first_heading = 1;
	int is_role = w.kind == CH_ROLES;
	w.stack[0] = b->chapters[chapter].clause;
	w.depth = 0;
	int role_clause = -1;
	/* Text before a file's level-1 heading belongs to the chapter or role it
	 * opens: move it after the heading so the body is one run of siblings. */
	cmark_node *first_h = NULL;
	for (cmark_node *n = cmark_node_first_child(f->doc); n; n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			first_h = n;
			break;
		}
	if (first_h && cmark_node_get_heading_level(first_h) == 1) {
		cmark_node *n;
		while ((n = cmark_node_first_child(f->doc)) != first_h) {
			cmark_node_unlink(n);
			cmark_node_append_child(f->doc, n);
		}
	}
	if (is_role && (!first_h || cmark_node_get_heading_level(first_h) != 1)) {
		/* A role file without a level-1 heading: the role is named after the file. */
		int c = new_clause(b);
		book_clause *cl = &b->clauses[c];
		cl->depth = 1;
		cl->parent = w.stack[0];
		cl->chapter = chapter;
		cl->file = file;
		cl->pos = (book_pos){file, 1, 1};
		const char *base = f->path + strlen("roles/");
		char *stem = xstrndup(base, strlen(base) - 3);
		cl->title = xstrdup(stem);
		assign_id(b, c, attrs_is_ncname(stem) ? xstrdup(stem) : attrs_slug(stem), 0, cl->pos);
		free(stem);
		number_clause(b, c);
		attrs_block none = {0};
		headattr_role(b, c, file, &none, cl->pos);
		w.stack[1] = c;
		w.depth = 1;
		role_clause = c;
		w.first_heading = 0;
	}
	for (cmark_node *n = cmark_node_first_child(f->doc); n;) {
		cmark_node *next = cmark_node_next(n);
		if (cmark_node_get_type(n) != CMARK_NODE_HEADING) {
			int c = w.stack[w.depth];
			/* The roles chapter has no file of its own: text before a role's
			 * heading was moved above, so this is always inside a role. */
			if (r->found)
				xref_adopt(b, r->found, file, c, n);
			else
				xref_collect(b, file, c, n);
			extend_body(b, c, n);
			n = next;
			continue;
		}
		int level = cmark_node_get_heading_level(n);
		int is_chapter = 0, depth;
		if (is_role) {
			depth = (w.first_heading && level == 1) ? 1 : (level < 2 ? 2 : level);
		} else if (w.first_heading && level == 1) {
			is_chapter = 1;
			depth = 0;
		} else {
			depth = level < 2 ? 1 : level - 1;
		}
		if (depth > w.depth + 1)
			depth = w.depth + 1;
		if (depth > 63)
			depth = 63;
		w.first_heading = 0;
		int c = heading_clause(r, &w, n, depth, is_chapter);
		if (is_role && depth == 1)
			role_clause = c;
		w.stack[depth] = c;
		w.depth = depth;
		n = next;
	}
	(void)role_clause;
}

/* ---- the book as a whole ---- */

/* Without book.lua's language: Russian when the prose chapters have more
 * Cyrillic than Latin letters. */
static book_lang guess_language(const reader *r)
{
	const char *names[] = {"general.md", "terms.md", "principles.md", "appearance.md"};
	size_t cyr = 0, lat = 0;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char *text = source_read(r, names[i], NULL);
		if (!text)
			continue;
		for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
			if ((*p == 0xD0 || *p == 0xD1) && p[1] >= 0x80)
				cyr++;
			else if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
				lat++;
		}
		free(text);
	}
	return cyr > lat ? LANG_RU : LANG_EN;
}

book_lang reader_guess_language(const char *dir)
{
	book b = {.dir = (char *)dir};
	return guess_language(&(reader){.b = &b});
}

static void set_title(book *b)
{
	if (b->config.title)
		return;
	for (size_t i = 0; i < b->nchapters; i++) {
		book_chapter *ch = &b->chapters[i];
		book_clause *cl = &b->clauses[ch->clause];
		if (ch->kind == CH_GENERAL && cl->heading) {
			b->config.title = xstrdup(cl->title);
			return;
		}
	}
	char *real = realpath(b->dir, NULL);
	const char *base = real ? strrchr(real, '/') : NULL;
	b->config.title = xstrdup(base && base[1] ? base + 1 : "Book");
	free(real);
}

/* Terms, roles, stages, clauses: the order a [[name]] prefers them in,
 * which xref.c resolve_name reads off a key's hits. Part 0 the terms,
 * part 1 the others. */
static void *register_names(void *arg)
{
	const namer *nm = arg;
	book *b = nm->b;
	if (nm->part == 0) {
		for (size_t i = 0; i < b->nterms; i++) {
			match_add(b->index, b->terms[i].name, TARGET_TERM, (int)i);
			for (size_t j = 0; j < b->terms[i].naka; j++)
				match_add(b->index, b->terms[i].aka[j], TARGET_TERM, (int)i);
		}
		return NULL;
	}
	for (size_t i = 0; i < b->nroles; i++)
		match_add(b->index, b->roles[i].name, TARGET_ROLE, (int)i);
	for (size_t i = 0; i < b->nstages; i++)
		match_add(b->index, b->stages[i].name, TARGET_STAGE, (int)i);
	for (size_t i = 0; i < b->nclauses; i++)
		if (b->clauses[i].depth > 0)
			match_add(b->index, b->clauses[i].title, TARGET_CLAUSE, (int)i);
	return NULL;
}

/* Begins registering a part of the names, on a thread of its own when
 * there is one (else here, now). */
static void names_begin(reader *r, int part)
{
	namer *nm = &r->names;
	nm->b = r->b;
	nm->part = part;
	nm->begun = 1;
	nm->threaded = thread_try(&nm->t, register_names, nm);
	if (!nm->threaded)
		register_names(nm);
}

/* Returns once the part begun last is registered. */
static void names_end(reader *r)
{
	if (r->names.threaded)
		pthread_join(r->names.t, NULL);
	r->names.threaded = 0;
}

static void fill_terms_and_owners(book *b)
{
	for (size_t i = 0; i < b->nterms; i++) {
		b->terms[i].definition = book_clause_text(b, b->terms[i].clause);
	}
	for (size_t i = 0; i < b->nstages; i++)
		if (b->stages[i].owner)
			b->stages[i].owner_role = book_find_role(b, b->stages[i].owner);
	for (size_t i = 0; i < b->nroles; i++)
		if (b->roles[i].owner)
			b->roles[i].owner_role = book_find_role(b, b->roles[i].owner);
}

static void set_pages(book *b)
{
	for (size_t i = 0; i < b->nfiles; i++) {
		book_file *f = &b->files[i];
		if (f->chapter_kind == CH_ROLES && f->role >= 0)
			f->page = xasprintf("role-%s", b->roles[f->role].id);
		else
			f->page = xstrdup(b->chapters[f->chapter].page);
	}
}

static void add_pending(pending **v, size_t *n, size_t *cap, char *rel, book_chapter_kind kind)
{
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	pending *p = &(*v)[(*n)++];
	memset(p, 0, sizeof *p);
	p->kind = kind;
	p->f.path = rel;
}

/* The chapter files there are, in chapter order. */
static pending *list_files(reader *r, size_t *n)
{
	pending *v = NULL;
	size_t cap = 0;
	*n = 0;
	for (size_t k = 0; k < sizeof chapter_files / sizeof *chapter_files; k++) {
		book_chapter_kind kind = chapter_files[k].kind;
		if (chapter_files[k].file) {
			int exists;
			if (r->mem) {
				exists = mem_file(r, chapter_files[k].file) != NULL;
			} else {
				char *p = xasprintf("%s/%s", r->b->dir, chapter_files[k].file);
				struct stat st;
				exists = lstat(p, &st) == 0;
				free(p);
			}
			if (exists)
				add_pending(&v, n, &cap, xstrdup(chapter_files[k].file), kind);
			continue;
		}
		size_t nr;
		char **roles = role_files(r, &nr);
		for (size_t i = 0; i < nr; i++)
			add_pending(&v, n, &cap, roles[i], kind);
		free(roles);
	}
	return v;
}

/* Refuses (fatal) a book whose chapter files hold more than its limit,
 * before any is read; -1 then. Sizes as the files stand (a symlink's
 * target: one out of the book is refused when read). */
static int check_size(reader *r, const pending *v, size_t n)
{
	book *b = r->b;
	size_t mb = b->config.max_input_mb > 0 ? (size_t)b->config.max_input_mb : BOOK_MAX_INPUT_MB;
	/* a pull request may write book.lua too: only a trusted book raises it */
	int capped = mb > BOOK_MAX_INPUT_MB && !trust_wanted(0);
	if (capped)
		mb = BOOK_MAX_INPUT_MB;
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		if (r->mem) {
			const reader_mem_file *m = mem_file(r, v[i].f.path);
			total += m ? m->len : 0;
			continue;
		}
		char *p = xasprintf("%s/%s", b->dir, v[i].f.path);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
			total += (size_t)st.st_size;
		free(p);
	}
	if (total <= mb * 1000000)
		return 0;
	size_t len;
	char *text = source_read(r, "book.lua", &len);
	book_pos p = text ? config_key_pos(text, "max_input_mb") : (book_pos){-1, 0, 0};
	free(text);
	diag_add(b->diags, "book.lua", p.line > 0 ? p.line : 0, p.line > 0 ? p.col : 0, SEV_FATAL, DIAG_ID(BAD_INPUT),
		 "set max_input_mb in book.lua to read a larger book (dense markup takes about 110 bytes of memory per byte "
		 "to read: docs/performance.md)",
		 "the book's files hold %.1f MB, more than its limit of %zu MB (max_input_mb%s); nothing is read",
		 (double)total / 1e6, mb, capped ? _(" above 64 applies only to a trusted book: --trust-book or SVCBOOK_TRUST_BOOK=1") : "");
	return -1;
}

/* The id role file p gives its role, as heading_clause does: its level-1
 * heading's {#id}, else its file name (made an id). Caller frees. */
static char *peek_role_id(const pending *p)
{
	cmark_node *h = NULL;
	for (cmark_node *n = p->ok ? cmark_node_first_child(p->f.doc) : NULL; n && !h; n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING)
			h = n;
	cmark_node *last = h && cmark_node_get_heading_level(h) == 1 ? cmark_node_last_child(h) : NULL;
	if (last && cmark_node_get_type(last) == CMARK_NODE_TEXT) {
		const char *lit = cmark_node_get_literal(last);
		attrs_block blk;
		attrs_fault f;
		char *id = NULL;
		memset(&blk, 0, sizeof blk);
		if (attrs_parse(lit, strlen(lit), &blk) >= 0 || attrs_broken(lit, strlen(lit), &blk, &f))
			id = blk.id ? xstrdup(blk.id) : NULL;
		attrs_free(&blk);
		if (id)
			return id;
	}
	const char *base = p->f.path + strlen("roles/");
	char *stem = xstrndup(base, strlen(base) - 3);
	char *id = attrs_is_ncname(stem) ? xstrdup(stem) : attrs_slug(stem);
	free(stem);
	return id;
}

typedef struct {
	size_t rank, at;
	pending p;
} role_slot;

static int cmp_role_slot(const void *a, const void *b)
{
	const role_slot *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

/* Puts the role files of v[0..n) (loaded) in the order of book.lua's
 * staff list, the others after it by name: the book's role order, which
 * its numbers, sidebar, pyramid and matrix all follow (book_role_order). */
static void order_role_files(reader *r, pending *v, size_t n)
{
	const book_config *c = &r->b->config;
	size_t lo = 0, hi;
	while (lo < n && v[lo].kind != CH_ROLES)
		lo++;
	for (hi = lo; hi < n && v[hi].kind == CH_ROLES; hi++)
		;
	if (!c->nroles || hi - lo < 2)
		return;
	strmap listed;
	strmap_init(&listed);
	for (size_t i = c->nroles; i-- > 0;) /* the first mention counts */
		strmap_set(&listed, c->roles[i], (int)i);
	role_slot *s = xmalloc((hi - lo) * sizeof *s);
	for (size_t i = lo; i < hi; i++) {
		char *id = peek_role_id(&v[i]);
		int at = strmap_get(&listed, id);
		s[i - lo] = (role_slot){at >= 0 ? (size_t)at : c->nroles, i, v[i]};
		free(id);
	}
	sort_array(s, hi - lo, sizeof *s, cmp_role_slot);
	for (size_t i = lo; i < hi; i++)
		v[i] = s[i - lo].p;
	free(s);
	strmap_free(&listed);
}

static void read_chapters(reader *r)
{
	book *b = r->b;
	size_t n;
	pending *v = list_files(r, &n);
	if (check_size(r, v, n) != 0) {
		for (size_t i = 0; i < n; i++)
			free(v[i].f.path);
		free(v);
		return;
	}
	load_files(r, v, n);
	order_role_files(r, v, n);
	size_t i = 0;
	for (size_t k = 0; k < sizeof chapter_files / sizeof *chapter_files; k++) {
		book_chapter_kind kind = chapter_files[k].kind;
		int ch = -1;
		for (; i < n && v[i].kind == kind; i++) {
			int f = install_file(r, &v[i]);
			if (f < 0)
				continue;
			if (ch < 0)
				ch = new_chapter(r, kind, chapter_files[k].page);
			if (b->chapters[ch].first_file < 0)
				b->chapters[ch].first_file = f;
			b->files[f].chapter = ch;
			if (chapter_files[k].file) {
				b->clauses[b->chapters[ch].clause].file = f;
				b->clauses[b->chapters[ch].clause].pos = (book_pos){f, 1, 1};
			}
			r->found = v[i].xf;
			walk_file(r, f, ch);
			xref_found_done(b, r->found);
			r->found = NULL;
		}
		if (kind == CH_TERMS) /* every term is made: their names beside the rest */
			names_begin(r, 0);
	}
	free(v);
}

static void read_book(book *b, const char *dir, const reader_mem_file *mem, size_t nmem)
{
	b->dir = xstrdup(dir);
	b->diags = diag_list_new();
	b->ids = xcalloc(1, sizeof *b->ids);
	b->role_ids = xcalloc(1, sizeof *b->role_ids);
	b->id_next = xcalloc(1, sizeof *b->id_next);
	reader r = {.b = b, .mem = mem, .nmem = nmem};
	struct stat st;
	if (stat(dir, &st) != 0) {
		diag_add(b->diags, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_INPUT), NULL, "cannot open book folder '%s': %s", dir, strerror(errno));
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_add(b->diags, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_INPUT), NULL, "'%s' is not a folder", dir);
		return;
	}
	r.realdir = realpath(dir, NULL);
	if (!r.realdir) {
		diag_add(b->diags, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_INPUT), NULL, "cannot resolve '%s': %s", dir, strerror(errno));
		return;
	}
	if (mem) {
		const reader_mem_file *m = mem_file(&r, "book.lua");
		if (m)
			config_parse(m->text, m->len, &b->config, b->diags);
	} else {
		config_read(dir, &b->config, b->diags);
	}
	if (diag_worst(b->diags) >= SEV_FATAL) {
		free(r.realdir);
		return;
	}
	read_dictionary(&r);
	/* The language decides default chapter titles, so guess it from the
	 * raw files before any chapter is made. */
	if (!b->config.language_given)
		b->config.language = guess_language(&r);
	/* from here on the diagnostics speak the book's language */
	i18n_book_language(b->config.language == LANG_RU ? "ru" : "en");
	read_chapters(&r);
	names_end(&r); /* the terms: registered beside the walk */
	free(r.realdir);
	if (b->nfiles == 0 && diag_worst(b->diags) < SEV_FATAL) {
		diag_add(b->diags, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_INPUT),
			 "a book has terms.md, general.md, principles.md, journey.md, roles/*.md or appearance.md",
			 "no chapter files in '%s'", dir);
		return;
	}
	if (!r.names.begun) { /* not expected: a book with files has a terms step */
		names_begin(&r, 0);
		names_end(&r);
	}
	names_begin(&r, 1); /* the other names, while this thread fills in the rest */
	set_title(b);
	fill_terms_and_owners(b);
	set_pages(b);
	size_t marked = xref_mark(b, 0); /* the walk's references, not read again before the end */
	names_end(&r);
	xref_resolve(b);
	if (b->config.autolink_first)
		xref_autolink(b);
	xref_freeze(b, marked);
}

static book *read_from(const char *dir, const reader_mem_file *mem, size_t nmem)
{
	book *b = xcalloc(1, sizeof *b);
	b->index = match_new();
	b->arena = arena_new();
	/* Everything cmark allocates while the book is read (its parse, the
	 * reference links xref adds and the text nodes it frees) is in the
	 * book's arena; the backends' changes later go to the heap. */
	arena_activate(b->arena);
	arena_tag(ARENA_TAG_KEEP); /* but what load_some parses: a file's */
	read_book(b, dir, mem, nmem);
	arena_tag(0);
	arena_activate(NULL);
	arena_seal(b->arena);
	return b;
}

book *reader_read(const char *dir)
{
	return read_from(dir, NULL, 0);
}

book *reader_read_mem(const char *dir, const reader_mem_file *files, size_t n)
{
	/* a non-NULL list, even empty, means "from memory" */
	static const reader_mem_file none;
	return read_from(dir, n ? files : &none, n);
}

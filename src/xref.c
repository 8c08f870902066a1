/* xref.c - [[...]] references and links into the book: collected while the
 * reader walks each file, resolved in a second phase once every name is
 * known (as mandoc's check_xr does: xref_resolve.c). */
#include "xref.h"
#include "xref_int.h"
#include "arena.h"
#include "diag.h"
#include "diagid.h"
#include "match.h"
#include "strmap.h"
#include "util.h"

#include <stdint.h>
#include <strings.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>


static int is_ascii_punct(unsigned char c)
{
	return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Length of an entity reference at s (&name; &#123; &#x1F;), 0 if none. */
static size_t entity_len(const char *s, size_t max)
{
	size_t i = 1;
	if (max < 3 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		i = 2;
		if (i < max && (s[i] == 'x' || s[i] == 'X'))
			i++;
	}
	size_t start = i;
	while (i < max && i < 40 && ((s[i] >= '0' && s[i] <= '9') || ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')))
		i++;
	return (i > start && i < max && s[i] == ';') ? i + 1 : 0;
}

/* For each byte of a text node's literal: its source column, and whether
 * it came from a backslash escape (so "\[[" is not a reference). Walks the
 * literal and the source line together; where they stop agreeing (an
 * entity that decodes to several characters, a table cell), columns are
 * extrapolated and no escape is detected any more. Returns 1, writing
 * nothing, for the usual node whose literal is its source byte for byte:
 * its byte k is at the node's column + k and nothing in it is escaped.
 * With cols NULL it only says which of the two the node is. */
static int map_positions(const book_file *f, cmark_node *t, const char *lit, size_t n,
			 int *cols, unsigned char *esc)
{
	int line = cmark_node_get_start_line(t), col = cmark_node_get_start_column(t);
	const char *src = NULL, *end = NULL;
	if (line >= 1 && (size_t)line <= f->nlines && col >= 1) {
		size_t off = f->lines[line - 1] + (size_t)(col - 1);
		size_t lend = (size_t)line < f->nlines ? f->lines[line] : f->len;
		if (off <= lend && lend <= f->len) {
			src = f->text + off;
			end = f->text + lend;
		}
	}
	/* The usual text node: its literal is its source, byte for byte, with
	 * no backslash or entity that could stand for something else. */
	if (src && (size_t)(end - src) >= n && !memchr(lit, '\\', n) && !memchr(lit, '&', n) &&
	    memcmp(src, lit, n) == 0)
		return 1;
	if (!cols)
		return 0; /* the caller only asked */
	size_t j = 0, i = 0;
	int synced = src != NULL;
	while (j < n) {
		if (synced && src + i < end) {
			unsigned char s = (unsigned char)src[i];
			if (s == '\\' && src + i + 1 < end && is_ascii_punct((unsigned char)src[i + 1]) && lit[j] == src[i + 1]) {
				cols[j] = col + (int)i;
				esc[j++] = 1;
				i += 2;
				continue;
			}
			size_t el = s == '&' ? entity_len(src + i, (size_t)(end - src - i)) : 0;
			if (el) {
				size_t k = utf8_len((unsigned char)lit[j]);
				for (size_t m = 0; m < k && j < n; m++) {
					cols[j] = col + (int)i;
					esc[j++] = 1; /* an entity is never markup: "&#91;[" is text */
				}
				i += el;
				continue;
			}
			if (s == (unsigned char)lit[j]) {
				cols[j] = col + (int)i;
				esc[j++] = 0;
				i++;
				continue;
			}
			synced = 0;
		}
		cols[j] = j ? cols[j - 1] + 1 : col;
		esc[j++] = 0;
	}
	return 0;
}

/* xref_new_ref that keeps raw, a string of the caller's malloc, as the
 * reference's own (split_run makes it for the reference and has no other
 * use for it). */
static int new_ref_owning(book *b, book_ref_kind kind, char *raw, book_pos pos, int clause)
{
	b->refs = xgrow(b->refs, &b->cap_refs, b->nrefs + 1, sizeof *b->refs);
	int r = (int)b->nrefs++;
	book_ref *ref = &b->refs[r];
	memset(ref, 0, sizeof *ref);
	ref->kind = kind;
	ref->raw = raw;
	ref->pos = pos;
	ref->clause = clause;
	ref->target_index = ref->target_clause = -1;
	return r;
}

int xref_new_ref(book *b, book_ref_kind kind, const char *raw, book_pos pos, int clause)
{
	return new_ref_owning(b, kind, xstrdup(raw), pos, clause);
}

/* A copy of s[0..n) without the spaces and tabs around it. */
static char *trimmed(const char *s, size_t n)
{
	size_t a = 0;
	while (a < n && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s + a, n - a);
}

/* Splits "target|shown", "@role", "#id" into the ref's fields, each
 * trimmed, each copied once. */
static void parse_inner(book_ref *ref, const char *inner, size_t len)
{
	const char *bar = memchr(inner, '|', len);
	size_t tlen = bar ? (size_t)(bar - inner) : len;
	if (bar) {
		ref->shown = trimmed(bar + 1, len - tlen - 1);
		if (!*ref->shown) {
			free(ref->shown);
			ref->shown = NULL;
		}
	}
	size_t a = 0;
	while (a < tlen && (inner[a] == ' ' || inner[a] == '\t'))
		a++;
	if (a < tlen && (inner[a] == '@' || inner[a] == '#')) {
		ref->kind = inner[a] == '@' ? REF_ROLE : REF_ID;
		a++;
	}
	ref->target = trimmed(inner + a, tlen - a);
}

/* A node for a tree the reader parsed: cmark-gfm links a node only into a
 * tree of the same allocator (arena.h). */
cmark_node *xref_new_node(cmark_node_type type)
{
	return cmark_node_new_with_mem(type, arena_mem());
}

/* A text node of s[0..n); cmark copies it (s ending there is not copied
 * twice). */
cmark_node *xref_text_node(const char *s, size_t n)
{
	cmark_node *t = xref_new_node(CMARK_NODE_TEXT);
	if (s[n] == '\0') {
		cmark_node_set_literal(t, s);
		return t;
	}
	char *lit = xstrndup(s, n);
	cmark_node_set_literal(t, lit);
	free(lit);
	return t;
}

/* text_node for a piece of a buffer of ours: ended in place for the copy. */
static cmark_node *text_node_in(char *s, size_t n)
{
	char end = s[n];
	s[n] = '\0';
	cmark_node *t = xref_text_node(s, n);
	s[n] = end;
	return t;
}

/* A run of sibling text and soft-break nodes, flattened: soft breaks read
 * as '\n' so a reference may wrap across source lines. Each appended node
 * is a segment; only a node whose literal is not its source keeps a column
 * per byte. A text node's escapes and columns are worked out the first
 * time they are asked for (map_segment): most nodes of a run hold no "[["
 * and no reference starts in them, so nothing asks. */
typedef struct {
	size_t at, len;   /* where the node's text is in the run */
	int line;         /* its source line (0 for a soft break) */
	int col;          /* its source column */
	int *cols;        /* per byte of it, or NULL: col + offset */
	cmark_node *node; /* the text node, until it is mapped; else NULL */
} segment;

typedef struct {
	buf text;
	unsigned char *esc; /* per byte: 1 escaped, 2 a soft break (a text
	                     * node's are 0 until it is mapped) */
	size_t cap;
	segment *seg;
	size_t nseg, capseg;
	cmark_node *first, *last;
	const book_file *f; /* the run's file */
} run;

static void add_segment(run *r, size_t at, size_t len, int line, int col, cmark_node *text)
{
	r->seg = xgrow(r->seg, &r->capseg, r->nseg + 1, sizeof *r->seg);
	r->seg[r->nseg++] = (segment){at, len, line, col, NULL, text};
}

/* The segment of the run's byte o: the last one starting at or before it. */
static segment *segment_at(const run *r, size_t o)
{
	size_t lo = 0, hi = r->nseg;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->seg[mid].at <= o)
			lo = mid;
		else
			hi = mid;
	}
	return &r->seg[lo];
}

/* Fills in a text segment's escapes and columns (map_positions). */
static void map_segment(run *r, segment *s)
{
	if (!s->node)
		return;
	const char *lit = r->text.data + s->at;
	if (!map_positions(r->f, s->node, lit, s->len, NULL, NULL)) {
		s->cols = xmalloc((s->len ? s->len : 1) * sizeof *s->cols);
		map_positions(r->f, s->node, lit, s->len, s->cols, r->esc + s->at);
	}
	s->node = NULL;
}

/* Whether the run's byte o came from a backslash escape or an entity. */
static int escaped_at(run *r, size_t o)
{
	map_segment(r, segment_at(r, o));
	return r->esc[o] != 0;
}

/* The source place of the run's byte o. */
static book_pos place_at(run *r, int file, size_t o)
{
	segment *s = segment_at(r, o);
	map_segment(r, s);
	int col = s->cols ? s->cols[o - s->at] : s->col + (int)(o - s->at);
	return (book_pos){file, s->line, col};
}

static void run_append(run *r, cmark_node *n)
{
	size_t at = r->text.len;
	if (cmark_node_get_type(n) == CMARK_NODE_SOFTBREAK) {
		r->esc = xgrow(r->esc, &r->cap, at + 1, 1);
		r->esc[at] = 2;
		add_segment(r, at, 1, 0, 0, NULL);
		buf_putc(&r->text, '\n');
	} else {
		const char *lit = cmark_node_get_literal(n);
		size_t len = strlen(lit);
		r->esc = xgrow(r->esc, &r->cap, at + len + 1, 1);
		memset(r->esc + at, 0, len);
		add_segment(r, at, len, cmark_node_get_start_line(n), cmark_node_get_start_column(n), n);
		buf_put(&r->text, lit, len);
	}
	if (!r->first)
		r->first = n;
	r->last = n;
}

/* Empties r for the next run, keeping its memory: a file's runs reuse one
 * (growing the buffers from nothing for each run cost more than reading
 * them). */
static void run_clear(run *r)
{
	r->text.len = 0;
	if (r->text.data)
		r->text.data[0] = '\0';
	for (size_t i = 0; i < r->nseg; i++)
		free(r->seg[i].cols);
	r->nseg = 0;
	r->first = r->last = NULL;
}

static void run_free(run *r)
{
	run_clear(r);
	buf_free(&r->text);
	free(r->esc);
	free(r->seg);
}

/* Emits text s[a..b) of the run before `at`, turning '\n' back into soft breaks. */
static void emit_plain(cmark_node *at, run *r, size_t a, size_t e)
{
	char *t = r->text.data;
	size_t s = a, i = a;
	for (;;) {
		/* soft breaks are the run's '\n' bytes marked 2 */
		const char *nl = i < e ? memchr(t + i, '\n', e - i) : NULL;
		i = nl ? (size_t)(nl - t) : e;
		if (i < e && r->esc[i] != 2) {
			i++;
			continue;
		}
		if (i > s)
			cmark_node_insert_before(at, text_node_in(t + s, i - s));
		if (i == e)
			return;
		cmark_node_insert_before(at, xref_new_node(CMARK_NODE_SOFTBREAK));
		s = ++i;
	}
}

/* The first "cc" in t[i..n), or NULL (memchr for the first byte: glibc's
 * memmem costs some 300 instructions a call). */
static const char *find_pair(const char *t, size_t i, size_t n, char c)
{
	while (i + 1 < n) {
		const char *p = memchr(t + i, c, n - 1 - i);
		if (!p)
			return NULL;
		if (p[1] == c)
			return p;
		i = (size_t)(p - t) + 1;
	}
	return NULL;
}

/* Finds the next unescaped "[[" at or after i; returns its offset or -1. */
static long find_open(run *r, size_t i)
{
	const char *t = r->text.data;
	size_t n = r->text.len;
	while (i + 1 < n) {
		const char *p = memchr(t + i, '[', n - 1 - i);
		if (!p)
			return -1;
		i = (size_t)(p - t);
		if (t[i + 1] == '[' && !escaped_at(r, i) && !escaped_at(r, i + 1))
			return (long)i;
		i++;
	}
	return -1;
}

/* Replaces the run's nodes with text and reference links. Returns 1 when
 * it found at least one reference. */
static int split_run(book *b, int file, int clause, run *r, node_list *dead)
{
	const char *t = r->text.data;
	size_t done = 0; /* the run's text up to here is in the new nodes */
	size_t from = 0; /* where to look for the next "[[" */
	int found = 0;
	cmark_node *anchor = r->first; /* new nodes go before it */
	for (long open = find_open(r, 0); open >= 0; open = find_open(r, from)) {
		size_t o = (size_t)open;
		/* The reference ends at the first "]]"; an inner "[[" means the outer
		 * one was text ("[[a [[b]]" refers to b). */
		const char *cl = find_pair(t, o + 2, r->text.len, ']');
		if (!cl)
			break;
		size_t close = (size_t)(cl - t);
		/* the last unescaped "[[" before it */
		for (size_t i = o + 2; i < close;) {
			const char *br = memchr(t + i, '[', close - i);
			if (!br)
				break;
			i = (size_t)(br - t);
			if (t[i + 1] == '[' && !escaped_at(r, i))
				o = i;
			i++;
		}
		from = close + 2;
		if (close == o + 2) /* "[[]]" is text: emitted with what precedes the next reference */
			continue;
		emit_plain(anchor, r, done, o);
		/* The reference's own text: soft breaks read as spaces. */
		char *inner_text = xstrndup(t + o + 2, close - o - 2);
		for (char *p = inner_text; (p = strchr(p, '\n')) != NULL;)
			*p++ = ' ';
		book_pos pos = place_at(r, file, o);
		int ref = new_ref_owning(b, REF_NAME, inner_text, pos, clause);
		parse_inner(&b->refs[ref], inner_text, close - o - 2);
		cmark_node *link = xref_new_node(CMARK_NODE_LINK);
		cmark_node_set_url(link, "");
		cmark_node_set_user_data(link, (void *)(intptr_t)(ref + 1));
		const book_ref *rf = &b->refs[ref];
		const char *shown = rf->shown ? rf->shown : rf->target;
		cmark_node_append_child(link, xref_text_node(shown, strlen(shown)));
		cmark_node_insert_before(anchor, link);
		b->refs[ref].node = link;
		done = from;
		found = 1;
	}
	if (!found)
		return 0;
	emit_plain(anchor, r, done, r->text.len);
	/* Unlink the old nodes; free them later (they may be in the to-do list). */
	cmark_node *n = r->first, *stop = cmark_node_next(r->last);
	while (n && n != stop) {
		cmark_node *next = cmark_node_next(n);
		cmark_node_unlink(n);
		cmark_node_set_user_data(n, (void *)(intptr_t)-1);
		list_push(dead, n);
		n = next;
	}
	return 1;
}

/* Whether s holds "[[" (strchr: most text holds no '[' at all). */
static int has_open(const char *s)
{
	for (s = s ? strchr(s, '[') : NULL; s; s = strchr(s + 1, '['))
		if (s[1] == '[')
			return 1;
	return 0;
}

static int is_textish(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	return t == CMARK_NODE_TEXT || t == CMARK_NODE_SOFTBREAK;
}

/* A relative link into the book: "x.md", "x.md#id", "../x.md" or "#id". */
static int is_book_link(const char *url)
{
	if (!url || !*url)
		return 0;
	if (url[0] == '#')
		return url[1] != '\0';
	size_t p = strcspn(url, ":/?#");
	if (url[p] == ':' || url[0] == '/')
		return 0; /* has a scheme or is absolute */
	size_t path = strcspn(url, "?#");
	return path >= 3 && strncmp(url + path - 3, ".md", 3) == 0;
}

/* ---- links and images to other files ---- */

/* Where a link or an image that is not a book link points: elsewhere (a
 * scheme such as https:, or a fragment), or a file. */
static int is_local_file_url(const char *url, int *outside)
{
	*outside = 0;
	if (!url || !*url || url[0] == '#')
		return 0;
	size_t p = strcspn(url, ":/?#");
	if (url[p] == ':') {
		/* file: URLs name the machine's files, never the book's */
		*outside = p == 4 && strncasecmp(url, "file", 4) == 0;
		return *outside;
	}
	if (url[0] == '/' || url[0] == '\\') {
		*outside = 1; /* absolute (or protocol-relative //host) */
		return url[1] != '/';
	}
	return 1;
}

static void add_local_file(book *b, const char *rel)
{
	for (size_t i = 0; i < b->nlocal_files; i++)
		if (strcmp(b->local_files[i], rel) == 0)
			return;
	b->local_files = xgrow(b->local_files, &b->cap_local_files, b->nlocal_files + 1, sizeof *b->local_files);
	b->local_files[b->nlocal_files++] = xstrdup(rel);
}

/* Whether book-relative path rel is a regular file inside the book folder
 * (following symlinks, as a reader of the output would). */
static int inside_book(const book *b, const char *rel)
{
	char *realdir = realpath(b->dir, NULL);
	char *path = xasprintf("%s/%s", b->dir, rel);
	char *real = realpath(path, NULL);
	struct stat st;
	size_t n = realdir ? strlen(realdir) : 0;
	int ok = realdir && real && strncmp(real, realdir, n) == 0 && real[n] == '/' && stat(real, &st) == 0 &&
	         S_ISREG(st.st_mode);
	free(realdir);
	free(path);
	free(real);
	return ok;
}

/* Why book-relative rel, not inside_book, is not: 1 when it is a symlink
 * (a folder on its way may be one too) that leads out of the book folder
 * or nowhere, 0 when there is simply no such file. */
static int symlink_out(const book *b, const char *rel)
{
	char *path = xasprintf("%s/%s", b->dir, rel);
	int link = 0;
	for (char *s = path + strlen(b->dir) + 1;; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;
		*s = '\0';
		struct stat st;
		link = lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
		*s = c;
		if (link || !c)
			break;
	}
	free(path);
	return link;
}


/* A URL a browser would run or render as a document of its own:
 * javascript:, vbscript:, data: (but images). Browsers drop ASCII tabs and
 * newlines anywhere in a URL and leading spaces and controls, and schemes
 * are case-insensitive, so the scheme is read the same way. */
static int unsafe_url(const char *url, int image)
{
	char scheme[16];
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)url;
	while (*p && *p <= 0x20)
		p++;
	for (; *p && *p != ':' && n + 1 < sizeof scheme; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r')
			continue;
		scheme[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	}
	scheme[n] = '\0';
	if (*p != ':')
		return 0;
	if (strcmp(scheme, "javascript") == 0 || strcmp(scheme, "vbscript") == 0)
		return 1;
	if (strcmp(scheme, "data") == 0)
		return !(image && (strncasecmp((const char *)p + 1, "image/png", 9) == 0 ||
		                   strncasecmp((const char *)p + 1, "image/gif", 9) == 0 ||
		                   strncasecmp((const char *)p + 1, "image/jpeg", 10) == 0 ||
		                   strncasecmp((const char *)p + 1, "image/webp", 10) == 0));
	return 0;
}

/* A link or image to a file: inside the book, its address becomes the
 * file's path from the book folder (pages are written flat) and the file is
 * copied with the output; outside (or missing), it is reported and the
 * node put in `gone`: xref_collect replaces it by its text (an image by its
 * description), so nothing outside the book is ever read or linked, and no
 * page links to itself instead. */
static void check_local(book *b, int file, cmark_node *n, node_list *gone)
{
	const char *url = cmark_node_get_url(n);
	int outside;
	int image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
	if (url && unsafe_url(url, image)) {
		diag_add(b->diags, b->files[file].path, cmark_node_get_start_line(n), cmark_node_get_start_column(n),
		         SEV_WARNING, DIAG_ID(UNSAFE_URL), "a book links to pages and files, never to scripts",
		         "%s address '%.60s' would run a script or a document in the reader's browser: left out",
		         image ? "image" : "link", url);
		list_push(gone, n);
		return;
	}
	if (!is_local_file_url(url, &outside))
		return;
	const char *what = image ? "image" : "link";
	size_t plen = strcspn(url, "?#");
	char *rel = outside ? NULL : xref_join_path(b->files[file].path, url, plen);
	int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
	if (!rel) {
		diag_add(b->diags, b->files[file].path, line, col, SEV_WARNING, DIAG_ID(UNSAFE_PATH),
		         "only files inside the book folder are published",
		         "%s to '%s' points outside the book folder: left out", what, url);
		list_push(gone, n);
	} else if (*rel && !inside_book(b, rel) && symlink_out(b, rel)) {
		diag_add(b->diags, b->files[file].path, line, col, SEV_WARNING, DIAG_ID(UNSAFE_PATH),
		         "copy the file into the book folder: only files inside it are published",
		         "%s to '%s' is a symlink that leads outside the book folder (or to nothing): left out", what, url);
		list_push(gone, n);
	} else if (!*rel || !inside_book(b, rel)) {
		diag_add(b->diags, b->files[file].path, line, col, SEV_WARNING, DIAG_ID(MISSING_FILE), NULL,
		         "%s to '%s': no such file in the book folder: left out", what, url);
		list_push(gone, n);
	} else {
		add_local_file(b, rel);
		char *fixed = xasprintf("%s%s", rel, url + plen);
		cmark_node_set_url(n, fixed);
		free(fixed);
	}
	free(rel);
}

/* cmark-gfm keeps a parsed node's strings as pieces of its input and turns
 * one into a C string of its own the first time a getter asks for it
 * (cmark_chunk_to_cstr): reading writes. Asking here, while the book is
 * read on one thread, for every string a backend or the rules' view reads
 * (text literals are asked for below anyway) makes those later reads
 * plain reads, so they may happen on two threads at once (main.c). */
static void settle_strings(cmark_node *n, cmark_node_type ty)
{
	switch (ty) {
	case CMARK_NODE_CODE_BLOCK:
		cmark_node_get_fence_info(n);
		/* fall through */
	case CMARK_NODE_CODE:
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_HTML_INLINE:
		cmark_node_get_literal(n);
		break;
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		cmark_node_get_url(n);
		cmark_node_get_title(n);
		break;
	default:
		break;
	}
}

/* Puts a link's or an image's content where the node was, and the node
 * in dead (it may still be the iterator's). */
static void unwrap(cmark_node *n, node_list *dead)
{
	cmark_node *c;
	while ((c = cmark_node_first_child(n)) != NULL)
		cmark_node_insert_before(n, c);
	cmark_node_unlink(n);
	list_push(dead, n);
}

/* What collecting needs besides the book, kept from one top-level node to
 * the next: xref_scan collects a whole file with one. */
typedef struct {
	node_list starts, dead, gone;
	run r;
} collector;

static void collector_free(collector *c)
{
	free(c->starts.v);
	free(c->dead.v);
	free(c->gone.v);
	run_free(&c->r);
}

static void collect(book *b, int file, int clause, cmark_node *top, collector *c)
{
	node_list *starts = &c->starts, *dead = &c->dead, *gone = &c->gone;
	starts->n = dead->n = gone->n = 0;
	cmark_iter *it = cmark_iter_new(top);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type ty = cmark_node_get_type(n);
		settle_strings(n, ty);
		if (ty == CMARK_NODE_TEXT) {
			if (has_open(cmark_node_get_literal(n)))
				list_push(starts, n);
		} else if (ty == CMARK_NODE_IMAGE || (ty == CMARK_NODE_LINK && !is_book_link(cmark_node_get_url(n)) &&
		                                       !cmark_node_get_user_data(n))) {
			const char *url = ty == CMARK_NODE_LINK ? cmark_node_get_url(n) : NULL;
			int reserved = url && str_starts(url, BOOK_RESERVED_URL);
			size_t ngone = gone->n;
			check_local(b, file, n, gone);
			/* a link left out (no such file: "svcbook-x" is a relative
			 * address too) is unwrapped and freed below: not kept */
			if (reserved && gone->n == ngone) {
				b->reserved_links = xgrow(b->reserved_links, &b->cap_reserved_links,
							  b->nreserved_links + 1, sizeof *b->reserved_links);
				b->reserved_links[b->nreserved_links++] = n;
			}
		} else if (ty == CMARK_NODE_LINK && is_book_link(cmark_node_get_url(n)) && !cmark_node_get_user_data(n)) {
			book_pos pos = {file, cmark_node_get_start_line(n), cmark_node_get_start_column(n)};
			int ref = xref_new_ref(b, REF_LINK, cmark_node_get_url(n), pos, clause);
			b->refs[ref].target = xstrdup(cmark_node_get_url(n));
			b->refs[ref].node = n;
			cmark_node_set_user_data(n, (void *)(intptr_t)(ref + 1));
		}
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < gone->n; i++)
		unwrap(gone->v[i], dead);
	const book_file *f = &b->files[file];
	run *r = &c->r;
	for (size_t i = 0; i < starts->n; i++) {
		cmark_node *n = starts->v[i];
		if ((intptr_t)cmark_node_get_user_data(n) == -1)
			continue; /* consumed by an earlier run */
		/* Extend the run backwards is not needed: a run starts at the text
		 * that holds "[[", and goes forward while a reference is open. */
		run_clear(r);
		r->f = f;
		run_append(r, n);
		cmark_node *next = cmark_node_next(n);
		while (next && is_textish(next)) {
			run_append(r, next);
			next = cmark_node_next(next);
		}
		split_run(b, file, clause, r, dead);
	}
	for (size_t i = 0; i < dead->n; i++)
		cmark_node_free(dead->v[i]);
}

void xref_collect(book *b, int file, int clause, cmark_node *top)
{
	collector c = {0};
	collect(b, file, clause, top, &c);
	collector_free(&c);
}

/* ---- collecting ahead, on the loading threads ---- */

/* A file's references found before the walk: a book of its own holds
 * them (xref_collect writes nothing else of a book), with file 0 for the
 * file and no clause; tops says which references each top-level node
 * holds. */
struct xref_found {
	book shadow;
	struct found_top {
		cmark_node *top;
		size_t from, to; /* its references in shadow.refs */
	} *tops;
	size_t ntops, cap_tops, cursor;
};

xref_found *xref_scan(const char *bookdir, book_file *f, diag_list *d, match_index *keys)
{
	xref_found *x = xcalloc(1, sizeof *x);
	x->shadow.dir = (char *)bookdir;
	x->shadow.files = f;
	x->shadow.nfiles = 1;
	x->shadow.diags = d;
	collector c = {0};
	for (cmark_node *n = cmark_node_first_child(f->doc); n; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING)
			continue; /* after the walk has taken its attributes off */
		size_t from = x->shadow.nrefs;
		collect(&x->shadow, 0, -1, n, &c);
		x->tops = xgrow(x->tops, &x->cap_tops, x->ntops + 1, sizeof *x->tops);
		x->tops[x->ntops++] = (struct found_top){n, from, x->shadow.nrefs};
	}
	collector_free(&c);
	/* the look-up's costly half, parsing and stemming the name, here on
	 * the loading threads rather than in xref_resolve, which runs alone */
	for (size_t i = 0; i < x->shadow.nrefs; i++)
		if (x->shadow.refs[i].kind == REF_NAME)
			x->shadow.refs[i].key = match_key(keys, x->shadow.refs[i].target);
	return x;
}

void xref_adopt(book *b, xref_found *x, int file, int clause, cmark_node *top)
{
	/* the walk takes the nodes in their order, but for the text it moves
	 * after a file's first heading: look from the last one found */
	struct found_top *t = NULL;
	for (size_t k = 0; k < x->ntops && !t; k++) {
		size_t i = (x->cursor + k) % x->ntops;
		if (x->tops[i].top == top)
			t = &x->tops[i];
	}
	if (!t) {
		xref_collect(b, file, clause, top);
		return;
	}
	x->cursor = (size_t)(t - x->tops) + 1;
	for (size_t i = t->from; i < t->to; i++) {
		b->refs = xgrow(b->refs, &b->cap_refs, b->nrefs + 1, sizeof *b->refs);
		int r = (int)b->nrefs++;
		b->refs[r] = x->shadow.refs[i];
		b->refs[r].clause = clause;
		b->refs[r].pos.file = file;
		if (b->refs[r].node)
			cmark_node_set_user_data(b->refs[r].node, (void *)(intptr_t)(r + 1));
	}
	t->from = t->to; /* adopted */
}

void xref_found_done(book *b, xref_found *x)
{
	for (size_t i = 0; i < x->ntops; i++)
		for (size_t k = x->tops[i].from; k < x->tops[i].to; k++) {
			/* never adopted (the walk saw every node, so this is not
			 * expected): the node stops pointing at a reference */
			book_ref *r = &x->shadow.refs[k];
			if (r->node)
				cmark_node_set_user_data(r->node, NULL);
			book_ref_free(r);
		}
	for (size_t i = 0; i < x->shadow.nlocal_files; i++) {
		add_local_file(b, x->shadow.local_files[i]);
		free(x->shadow.local_files[i]);
	}
	for (size_t i = 0; i < x->shadow.nreserved_links; i++) {
		b->reserved_links = xgrow(b->reserved_links, &b->cap_reserved_links, b->nreserved_links + 1,
		                          sizeof *b->reserved_links);
		b->reserved_links[b->nreserved_links++] = x->shadow.reserved_links[i];
	}
	free(x->shadow.local_files);
	free(x->shadow.reserved_links);
	free(x->shadow.refs);
	free(x->tops);
	free(x);
}

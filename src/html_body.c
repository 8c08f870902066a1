/* html_body.c - clause bodies and headings through cmark-gfm's HTML
 * renderer, rendered once with the reference links marked; each
 * reference's markup (site or print) put in as a page is written. */
#include "html_site.h"
#include "escape.h"
#include "reader.h"

#include <cmark-gfm-extension_api.h>
#include <stdlib.h>

/* Plain text shortened for a title attribute: whitespace runs become one
 * space, cut at a word boundary before max bytes with an ellipsis. The
 * text is read only as far as the cut (byte max + 1): a term's definition
 * may be long, and only its start is shown. */
static char *short_text(const char *s, size_t max)
{
	buf o;
	buf_init(&o);
	buf_puts(&o, "");
	int space = 0;
	for (; s && *s && o.len <= max; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			space = o.len > 0;
			continue;
		}
		if (space)
			buf_putc(&o, ' ');
		space = 0;
		buf_putc(&o, *s);
	}
	if (o.len > max) {
		size_t cut = max;
		while (cut > 0 && ((unsigned char)o.data[cut] & 0xC0) == 0x80)
			cut--;
		size_t sp = cut;
		while (sp > max / 2 && o.data[sp] != ' ')
			sp--;
		if (o.data[sp] == ' ')
			cut = sp;
		o.len = cut;
		o.data[cut] = '\0';
		buf_puts(&o, "…");
	}
	return buf_detach(&o);
}

/* ---- references: marked links, their markup put in after rendering ---- */

/* cmark-gfm writes a link as <a href="URL"> (no title when it is empty),
 * and only some parents may hold other inline kinds (a table cell may not
 * hold a custom inline), so each reference link has the address
 * BOOK_REF_MARK<index> (given by the reader: xref_mark); put_rendered()
 * replaces the tag and its </a> (links never nest) by our own markup: a
 * class, the definition on hover, or a span for what cannot be linked. */
#define REF_MARK BOOK_REF_MARK

/* The text a reference shows on hover, escaped for an attribute: a term's
 * definition, a role's name, a clause's number and title. Made once per
 * target, not per reference. */
static const char *ref_tip(html *h, const book_ref *r)
{
	const book *b = h->b;
	const book_clause *cl = &b->clauses[r->target_clause];
	char ***cache;
	size_t at, n;
	if (r->target_kind == TARGET_TERM && r->target_index >= 0 && (size_t)r->target_index < b->nterms)
		cache = &h->tip_term, at = (size_t)r->target_index, n = b->nterms;
	else if (r->target_kind == TARGET_ROLE && r->target_index >= 0 && (size_t)r->target_index < b->nroles)
		cache = &h->tip_role, at = (size_t)r->target_index, n = b->nroles;
	else
		cache = &h->tip_clause, at = (size_t)r->target_clause, n = b->nclauses;
	if (!*cache)
		*cache = xcalloc(n, sizeof **cache);
	if ((*cache)[at])
		return (*cache)[at];
	char *tip;
	if (cache == &h->tip_term) {
		const book_term *t = &b->terms[r->target_index];
		tip = t->definition && *t->definition ? short_text(t->definition, TIP_MAX) : xstrdup(t->name ? t->name : "");
	} else if (cache == &h->tip_role) {
		tip = xstrdup(b->roles[r->target_index].name ? b->roles[r->target_index].name : "");
	} else {
		tip = xasprintf("%s %s", cl->number ? cl->number : "", cl->title ? cl->title : "");
	}
	buf o;
	buf_init(&o);
	buf_puts(&o, "");
	esc_html(&o, tip);
	free(tip);
	return (*cache)[at] = buf_detach(&o);
}

static const char *ref_class(const book_ref *r)
{
	switch (r->target_kind) {
	case TARGET_TERM: return "term";
	case TARGET_ROLE: return "xref role";
	case TARGET_STAGE: return "xref stage";
	default: return "xref";
	}
}

/* Appends reference r's opening markup in mode m to o; returns the markup
 * that closes it. Written where the reference is, not kept per reference:
 * a big book has hundreds of thousands of them, in two modes. */
static const char *put_ref_open(html *h, buf *o, int ri, int m)
{
	const book *b = h->b;
	const book_ref *r = &b->refs[ri];
	int c = r->target_clause;
	if (r->status != RESOLVE_OK || c < 0 || (size_t)c >= b->nclauses) {
		buf_puts(o, "<span class=\"unresolved\" title=\"");
		esc_html(o, h->w_unresolved);
		buf_puts(o, r->kind == REF_LINK ? ": " : ": [[");
		esc_html(o, r->raw);
		buf_puts(o, r->kind == REF_LINK ? "\">" : "]]\">");
		return "</span>";
	}
	const char *tip = ref_tip(h, r);
	const char *href = h->chref[m][c];
	buf_puts(o, href ? "<a class=\"" : "<span class=\"");
	buf_puts(o, ref_class(r));
	if (!href)
		buf_puts(o, " excluded");
	else if (!h->shown[c])
		buf_puts(o, " full-book");
	buf_puts(o, "\"");
	if (href) {
		buf_puts(o, " href=\"");
		esc_html(o, href);
		buf_puts(o, "\"");
	}
	buf_puts(o, " title=\"");
	buf_puts(o, tip);
	buf_puts(o, "\">");
	return href ? "</a>" : "</span>";
}

/* ---- Markdown through cmark-gfm ---- */

/* A growing list of the marked references found in one text. */
typedef struct {
	body_ref *v;
	size_t n, cap;
} ref_list;

/* Finds the marked reference links in cmark's HTML s (a string) into l
 * (emptied first): each "<a href=" REF_MARK tag with a reference's index
 * and its "</a>" (links never nest); a tag that is not one of ours is
 * text. (strstr: faster than memmem on a long needle.) */
static void scan_refs(const html *h, const char *s, ref_list *l)
{
	static const char open[] = "<a href=\"" REF_MARK;
	const char *p = s, *at;
	l->n = 0;
	while ((at = strstr(p, open)) != NULL) {
		const char *q = at + sizeof open - 1;
		char *end;
		long r = strtol(q, &end, 10);
		if (end == q || strncmp(end, "\">", 2) != 0 || r < 0 || (size_t)r >= h->b->nrefs) {
			p = q; /* not one of ours */
			continue;
		}
		l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
		body_ref *x = &l->v[l->n++];
		x->at = (size_t)(at - s);
		x->ref = (int)r;
		p = end + 2;
		x->text = (size_t)(p - s);
		const char *close = strstr(p, "</a>");
		if (!close) {
			x->close = NO_CLOSE;
			break;
		}
		x->close = (size_t)(close - s);
		p = close + 4;
	}
}

/* Appends text s (len bytes) to o with each of its n marked references r
 * replaced by its markup in mode m. */
static void put_marked(html *h, buf *o, const char *s, size_t len, const body_ref *r, size_t n, int m)
{
	size_t p = 0;
	for (size_t i = 0; i < n; i++) {
		buf_put(o, s + p, r[i].at - p);
		const char *ref_close = put_ref_open(h, o, r[i].ref, m);
		p = r[i].text;
		if (r[i].close == NO_CLOSE)
			break;
		buf_put(o, s + p, r[i].close - p);
		buf_puts(o, ref_close);
		p = r[i].close + 4;
	}
	buf_put(o, s + p, len - p);
}

/* Appends cmark's HTML s to o with each marked reference link replaced
 * by its markup in mode m. */
static void put_rendered(html *h, buf *o, const char *s, int m)
{
	ref_list l = {0};
	scan_refs(h, s, &l);
	put_marked(h, o, s, strlen(s), l.v, l.n, m);
	free(l.v);
}

/* An empty header cell (the corner of a table whose first column names
 * the rows) would be a header with no name for a screen reader: it becomes
 * a plain cell, in place (same length). */
static void html_empty_th(char *s)
{
	for (char *p = strstr(s, "<th"); p; p = strstr(p + 3, "<th")) {
		if (p[3] != '>' && p[3] != ' ')
			continue;
		char *gt = strchr(p, '>');
		if (gt && strncmp(gt + 1, "</th>", 5) == 0) {
			p[2] = 'd';
			gt[4] = 'd';
		}
	}
}

/* Whether block n's HTML may hold a "<th": a table's (an extension's
 * node: at a body's top level only the table is one), or any block's when
 * the book's raw HTML goes through. Text, code and addresses are escaped
 * ("&lt;th", "%3Cth"), so that no other block's may. */
static int may_have_th(const html *h, cmark_node *n)
{
	return (h->options & CMARK_OPT_UNSAFE) || cmark_node_get_syntax_extension(n) != NULL;
}

/* ---- cmark-gfm's output in a buffer kept from render to render ----
 * cmark_render_html grows what it writes with realloc, from nothing, for
 * every block it is given: 18 M instructions of reallocs (and copies) for
 * the bodies of the 10 MB bench book. Its allocator here hands the first
 * buffer asked for with realloc(NULL) (its output's) this thread's
 * scratch, kept at the largest size needed so far; anything else, and a
 * second output while the first is alive (render_nested), is the C
 * library's. What a render returns is released with render_free. */
static _Thread_local struct {
	char *p;
	size_t cap;
	int busy;
} scratch;

static void *scratch_calloc(size_t n, size_t size)
{
	return xcalloc(n, size);
}

static void *scratch_realloc(void *p, size_t n)
{
	if (!p && !scratch.busy) {
		scratch.busy = 1;
		p = scratch.p;
	} else if (!p || p != scratch.p) {
		return xrealloc(p, n);
	}
	if (n > scratch.cap) {
		scratch.p = xrealloc(scratch.p, n);
		scratch.cap = n;
	}
	return scratch.p;
}

static void scratch_free(void *p)
{
	if (p && p == scratch.p)
		scratch.busy = 0;
	else
		free(p);
}

static cmark_mem scratch_mem = {scratch_calloc, scratch_realloc, scratch_free};

/* n as cmark-gfm renders it to HTML (whatever allocator n was parsed
 * with, arena.h), or NULL; released with render_free. */
static char *render_html(const html *h, cmark_node *n)
{
	return cmark_render_html_with_mem(n, h->options, reader_extensions(), &scratch_mem);
}

static void render_free(char *s)
{
	scratch_free(s);
}

/* The scratch given back at the end of a run of renders (a thread's). */
static void render_done(void)
{
	free(scratch.p);
	scratch.p = NULL;
	scratch.cap = 0;
	scratch.busy = 0;
}

/* Appends n as cmark-gfm renders it, reference links still marked. */
static void render_node(html *h, buf *o, cmark_node *n)
{
	char *s = render_html(h, n);
	if (s) {
		if (may_have_th(h, n))
			html_empty_th(s);
		buf_puts(o, s);
		render_free(s);
	}
}

/* A heading inside a block quote or a list is no clause; it renders one
 * level below its clause's heading (level), so headings stay in order.
 * *inner (when not NULL) tells whether the body has such headings.
 * References stay marked (put_rendered). */
static int inner_level(int level)
{
	return level + 1 > 6 ? 6 : level + 1;
}

/* Appends block n as cmark-gfm renders it, its nested headings at level
 * sub: the level is changed in the output, not in the tree (the model is
 * read only). Each heading, rendered alone, is found in the block's
 * output after the one before it, so raw HTML of an unsafe book is never
 * taken for one. Returns the number of nested headings. */
static size_t render_nested(html *h, buf *o, cmark_node *n, int sub)
{
	cmark_node_type ty = cmark_node_get_type(n);
	if (ty != CMARK_NODE_BLOCK_QUOTE && ty != CMARK_NODE_LIST) {
		render_node(h, o, n); /* only these hold blocks (a heading) in a parsed body */
		return 0;
	}
	char *s = render_html(h, n);
	if (!s)
		return 0;
	html_empty_th(s);
	const char *p = s;
	size_t nn = 0;
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(x) != CMARK_NODE_HEADING)
			continue;
		nn++;
		char *hs = render_html(h, x);
		size_t len = hs ? strlen(hs) : 0;
		const char *q = len > 10 ? strstr(p, hs) : NULL; /* "<hN>" ... "</hN>\n" */
		if (q) {
			buf_put(o, p, (size_t)(q - p));
			buf_printf(o, "<h%d>", sub);
			buf_put(o, hs + 4, len - 10);
			buf_printf(o, "</h%d>\n", sub);
			p = q + len;
		}
		render_free(hs);
	}
	cmark_iter_free(it);
	buf_puts(o, p);
	render_free(s);
	return nn;
}

/* Clause c's body, rendered into *o (emptied first), which the caller
 * reuses from clause to clause (a body grown in a buffer of its own took
 * some eight reallocations), its marked references found into *l: both
 * copied once, at their size, into one block. */
static html_body *render_body(html *h, buf *o, ref_list *l, int c, int level, int *inner)
{
	const book_clause *cl = &h->b->clauses[c];
	int sub = inner_level(level);
	size_t nn = 0;
	o->len = 0;
	buf_puts(o, "");
	for (cmark_node *n = cl->body_first; n; n = cmark_node_next(n)) {
		nn += render_nested(h, o, n, sub);
		if (n == cl->body_last)
			break;
	}
	if (inner)
		*inner = nn > 0;
	scan_refs(h, o->data, l);
	html_body *hb = xmalloc(sizeof *hb + l->n * sizeof *l->v + o->len + 1);
	body_ref *refs = (body_ref *)(hb + 1);
	char *text = (char *)(refs + l->n);
	if (l->n)
		memcpy(refs, l->v, l->n * sizeof *l->v);
	memcpy(text, o->data, o->len + 1);
	hb->len = o->len;
	hb->nrefs = l->n;
	hb->refs = refs;
	hb->text = text;
	return hb;
}

/* The level of clause c's heading in mode m (the same formulas as the
 * page data: the page's first clause is h1; print puts chapters at h2). */
static int heading_level(const html *h, int c, int m)
{
	const book *b = h->b;
	int level = m == M_PRINT ? b->clauses[c].depth + 2 :
		b->clauses[c].depth - b->clauses[h->pages[h->page_of[c]].clauses[0]].depth + 1;
	return level < 1 ? 1 : level > 6 ? 6 : level;
}

/* Appends the inlines of heading n as cmark-gfm renders them, reference
 * links still marked: one call for the heading, "<hN>...</hN>\n" without
 * its tags (no attributes: the options have no source positions). */
static void render_heading_inlines(html *h, buf *o, cmark_node *n)
{
	if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
		char *s = render_html(h, n);
		const char *in = s ? strchr(s, '>') : NULL, *out = s ? strrchr(s, '<') : NULL;
		if (in && out && out > in && s[1] == 'h') {
			buf_put(o, in + 1, (size_t)(out - in - 1));
			render_free(s);
			return;
		}
		render_free(s);
	}
	for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k))
		render_node(h, o, k);
}

/* Clause c's heading in mode m, from its inlines rendered (raw) or, for a
 * clause with no heading, its title. */
static char *render_title(html *h, int c, const char *raw, int m)
{
	const book_clause *cl = &h->b->clauses[c];
	buf o;
	buf_init(&o);
	buf_puts(&o, "");
	if (cl->heading)
		put_rendered(h, &o, raw, m);
	else
		esc_html(&o, cl->title);
	/* A trailing line break inside a heading would only add a space. */
	while (o.len && (o.data[o.len - 1] == '\n' || o.data[o.len - 1] == ' '))
		o.data[--o.len] = '\0';
	return buf_detach(&o);
}

/* The headings' inlines, in both modes, with the reference links marked. */
void html_render_titles(html *h)
{
	const book *b = h->b;
	size_t n = b->nclauses ? b->nclauses : 1;
	h->raw = xcalloc(n, sizeof *h->raw);
	h->raw_print = xcalloc(n, sizeof *h->raw_print);
	for (int m = 0; m < M_COUNT; m++)
		h->title_html[m] = xcalloc(n, sizeof(char *));
	buf raw;
	buf_init(&raw);
	for (size_t i = 0; i < b->nclauses; i++) {
		if (!h->shown[i])
			continue;
		raw.len = 0;
		buf_puts(&raw, "");
		if (b->clauses[i].heading)
			render_heading_inlines(h, &raw, b->clauses[i].heading);
		for (int m = 0; m < M_COUNT; m++)
			h->title_html[m][i] = render_title(h, (int)i, raw.data, m);
	}
	buf_free(&raw);
	render_done();
}

void html_release_trees(html *h, book *b)
{
	h->release = b;
}

/* For each clause c, the least file whose tree the clauses from c on read
 * (their bodies); nclauses + 1 entries, the last past every file. */
static size_t *files_still_read(const book *b)
{
	size_t *v = xmalloc((b->nclauses + 1) * sizeof *v);
	v[b->nclauses] = SIZE_MAX;
	for (size_t i = b->nclauses; i-- > 0;) {
		const book_clause *cl = &b->clauses[i];
		size_t f = !cl->body_first ? SIZE_MAX : cl->file >= 0 ? (size_t)cl->file : 0;
		v[i] = f < v[i + 1] ? f : v[i + 1];
	}
	return v;
}

/* Renders every shown clause's body once, for the site's pages and the
 * print page alike: the references' markup, which differs between them,
 * goes in as a page is written. Only a body with inner headings at other
 * levels in print is rendered twice. The trees are only read (the model
 * is frozen), here and nowhere after (html_release_trees lets it free them as it
 * leaves each file behind): the writer reads no tree, and the
 * search index reads the stems taken here (html_search_take). */
void html_render_bodies(html *h)
{
	const book *b = h->b;
	buf o; /* this thread's: the bodies are rendered in it, then copied */
	buf_init(&o);
	ref_list l = {0};
	/* the last reader of the trees frees those of the files it has left
	 * behind: the peak of a build is while the pages are laid out beside */
	size_t *still = h->release ? files_still_read(b) : NULL;
	for (size_t i = 0; i < b->nclauses; i++) {
		/* the writer splices the bodies as they come: in the book's order,
		 * which is nearly the pages' (a wait per 256 bodies at most) */
		if (i % 256 == 0) {
			thread_advance(&h->gate, &h->bodies_done, i, i > 0);
			if (still && i > 0)
				book_release_trees(h->release, still[i] < b->nfiles ? still[i] : b->nfiles);
		}
		if (!h->shown[i])
			continue;
		int site = heading_level(h, (int)i, M_SITE), print = heading_level(h, (int)i, M_PRINT);
		int inner = 0;
		h->raw[i] = render_body(h, &o, &l, (int)i, site, &inner);
		if (inner && inner_level(site) != inner_level(print))
			h->raw_print[i] = render_body(h, &o, &l, (int)i, print, NULL);
		html_search_take(h, (int)i);
	}
	buf_free(&o);
	free(l.v);
	free(still);
	render_done();
	thread_advance(&h->gate, &h->bodies_done, b->nclauses, 1);
}

/* Reads the digits of a marker at s (before end) into *v; returns the
 * byte after them, or NULL when there is none or too many. */
static const char *mark_number(const char *s, const char *end, int *v)
{
	const char *p = s;
	*v = 0;
	while (p < end && *p >= '0' && *p <= '9' && p - s < 9)
		*v = *v * 10 + (*p++ - '0');
	return p > s && p < end ? p : NULL;
}

/* Writes body hb to f with its references' markup in mode m: the text
 * between references straight from where it was rendered, not copied
 * first; each reference, its markup and its (short) text, from h->wbuf. */
static void put_body(html *h, const html_body *hb, int m, FILE *f)
{
	const char *s = hb->text;
	size_t p = 0;
	for (size_t i = 0; i < hb->nrefs; i++) {
		const body_ref *r = &hb->refs[i];
		fwrite(s + p, 1, r->at - p, f);
		h->wbuf.len = 0;
		const char *ref_close = put_ref_open(h, &h->wbuf, r->ref, m);
		p = r->text;
		if (r->close != NO_CLOSE) {
			buf_put(&h->wbuf, s + p, r->close - p);
			buf_puts(&h->wbuf, ref_close);
			p = r->close + 4;
		}
		fwrite(h->wbuf.data, 1, h->wbuf.len, f);
		if (r->close == NO_CLOSE)
			break;
	}
	fwrite(s + p, 1, hb->len - p, f);
}

/* Reads the body marker at m (before end): its body (in mode *mode), and
 * in *next the byte after the marker; NULL when m does not start a marker
 * of a body. */
static const html_body *marked_body(html *h, const char *m, const char *end, int *mode, const char **next)
{
	int c;
	const char *p = mark_number(m + 1, end, mode);
	if (p && *p == ':')
		p = mark_number(p + 1, end, &c);
	else
		p = NULL;
	if (!p || *p != BODY_MARK || *mode >= M_COUNT || (size_t)c >= h->b->nclauses)
		return NULL;
	thread_await_count(&h->gate, &h->bodies_done, (size_t)c + 1);
	if (!h->raw[c])
		return NULL;
	*next = p + 1;
	return *mode == M_PRINT && h->raw_print[c] ? h->raw_print[c] : h->raw[c];
}

/* Writes page text s to f with every body marker replaced by its body; any
 * other byte, and a marker that names no body, is written as it is. The
 * page is never whole in memory: print.html holds the whole book. */
void html_splice_bodies(html *h, const char *s, size_t n, FILE *f)
{
	const char *end = s + n;
	while (s < end) {
		const char *m = memchr(s, BODY_MARK, (size_t)(end - s));
		if (!m) {
			fwrite(s, 1, (size_t)(end - s), f);
			return;
		}
		fwrite(s, 1, (size_t)(m - s), f);
		int mode;
		const char *next;
		const html_body *body = marked_body(h, m, end, &mode, &next);
		if (body) {
			put_body(h, body, mode, f);
			s = next;
		} else {
			fputc(*m, f);
			s = m + 1;
		}
	}
}

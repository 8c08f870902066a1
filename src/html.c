/* html.c - the HTML backend: clause bodies through cmark-gfm's HTML renderer,
 * page data built here, layout done by Lua templates in the sandbox. */
#include "history.h"
#include "html.h"
#include "collate.h"
#include "escape.h"
#include "manifest.h"
#include "match.h"
#include "output.h"
#include "reader.h"
#include "sandbox.h"
#include "strmap.h"
#include "thread.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <lauxlib.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

/* Links are written twice: for the site (page.html#id) and for the
 * one-page print version (#id). */
enum { M_SITE, M_PRINT, M_COUNT };

enum { TIP_MAX = 280 }; /* bytes of a definition shown on hover */

typedef enum { PG_INDEX, PG_CHAPTER, PG_ROLES, PG_ROLE, PG_GLOSSARY, PG_PRINT, PG_HISTORY } page_kind;

typedef struct {
	char *name;       /* file name without .html */
	page_kind kind;
	int chapter;      /* index into book.chapters, -1 for index/glossary/print */
	int top;          /* the clause the page opens with, -1 for none */
	int *clauses;     /* shown clauses on this page, in document order */
	size_t nclauses, cap;
} page;

/* A reference link whose address is a marker while rendering. */
typedef struct {
	cmark_node *link;
	char *url, *title; /* as they were, put back afterwards */
} swap;

typedef struct html_site html;

struct html_site {
	const book *b;
	const book_view *v;
	const char *outdir, *datadir;
	diag_list *d;
	unsigned char *shown;       /* per clause: written in this output */
	int *page_of;               /* per clause: page index, -1 when not shown */
	int *role_order;            /* roles as book.lua lists them, then the rest */
	char **chref[M_COUNT];      /* per clause: its address, NULL when it has none */
	char **raw;                 /* per clause: its body as cmark-gfm wrote it, references marked */
	char **raw_print;           /* per clause: the same for print when its inner headings differ */
	char **title_html[M_COUNT]; /* per clause: rendered heading inlines */
	page *pages;
	size_t npages, cap_pages;
	int glossary_page, history_page; /* page indices, -1 when none */
	swap *swaps;
	size_t nswaps, cap_swaps;
	buf wbuf;                   /* a body with its references' markup, on its way to a page */
	int options;
	sandbox *sb;
	lua_State *L;
	char *w_unresolved, *w_glossary, *w_print, *w_home, *w_history; /* from templates/words.lua */
	const char *id_main, *id_search, *id_results, *id_toc;
	const char *id_pyramid, *id_lines, *id_matrix;
	int *gloss;                /* the glossary: term indices, sorted (collate.h) */
	size_t ngloss;
	const char **letter_ids;    /* per glossary entry: its group's id (NULL within a group) */
	char **fixed;               /* ids the output adds: main, search, ... */
	size_t nfixed, cap_fixed;
	strmap fixed_ids;
	char *bookdir_real;
	buf scratch;                /* addresses built while Lua may raise */
	char *last_read;            /* the template text last read for Lua */
	int *stage_sec;             /* [stage * nroles + role]: the role's section for the stage, -1 */
	char **tip_term, **tip_role, **tip_clause; /* hover texts, escaped, made once per target */
	int *toc_pos;               /* per clause: its 1-based place among its chapter's sidebar entries, 0 none */
	int *toc_count;             /* per chapter: how many sidebar entries it has */
	unsigned *stem_seen;        /* per stem id: the put_stems call that last saw it */
	int *use_slot;              /* glossary: per clause, its use table's index in the uses array, or 0 */
	lua_Integer nuse_tables;    /* glossary: use tables made */
	int *use_scratch;           /* glossary: a term's clauses, sorted */
	size_t cap_use_scratch;
	struct stem_form *stem_form; /* per stem id: its JSON text, made once */
	size_t stem_cap;
	unsigned stem_stamp;
	/* html_write_site's writer thread (write_queued) and its queue */
	thread_gate gate;           /* bodies rendered, a page queued or taken, the end */
	atomic_size_t bodies_done;  /* raw[c] is final for every c below it */
	struct laid_out *queue, **queue_end; /* pages laid out, waiting to be written */
	size_t queued;              /* their bytes */
	int queue_closed;           /* no more pages will come */
	atomic_int write_failed;    /* a page could not be written: stop */
	diag_list *wd;              /* the writer thread's diagnostics */
};

static const char *level_names[] = {NULL, "provider", "support", "management"};

/* ---- links ---- */

/* A piece of text for put_link: s NULL when there is none (nil, false). */
typedef struct {
	const char *s;
	size_t n;
} piece;

static piece piece_of(const char *s)
{
	return (piece){s, s ? strlen(s) : 0};
}

/* An attribute (open: ' name="') with value v escaped, when v is given. */
static void put_attr(buf *o, const char *open, piece v)
{
	if (!v.s)
		return;
	buf_puts(o, open);
	esc_html_n(o, v.s, v.n);
	buf_putc(o, '"');
}

/* The markup of link(x, class) (lua/template.lua): an <a> to href showing
 * text, with class and tip (its title) when given; with no href, the text
 * in a span of the class and "excluded". The one writer of it: l_link
 * for the templates, push_use for the glossary's uses. */
static void put_link(buf *o, piece cls, piece href, piece tip, piece text)
{
	if (!href.s) {
		buf_puts(o, "<span class=\"");
		esc_html_n(o, cls.s, cls.n);
		buf_puts(o, " excluded\">");
		esc_html_n(o, text.s, text.n);
		buf_puts(o, "</span>");
		return;
	}
	buf_puts(o, "<a");
	put_attr(o, " class=\"", cls);
	put_attr(o, " href=\"", href);
	put_attr(o, " title=\"", tip);
	buf_puts(o, ">");
	esc_html_n(o, text.s, text.n);
	buf_puts(o, "</a>");
}

/* Plain text shortened for a title attribute: whitespace runs become one
 * space, cut at a word boundary before max bytes with an ellipsis. */
static char *short_text(const char *s, size_t max)
{
	buf o;
	buf_init(&o);
	buf_puts(&o, "");
	int space = 0;
	for (; s && *s; s++) {
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

/* ---- ids the output itself adds ---- */

/* An id for the output's own elements ("main", "search", ...) that no
 * clause uses and no other fixed id took: base, else base-2, base-3, ... */
static const char *fixed_id(html *h, const char *base)
{
	char *id = xstrdup(base);
	for (int n = 2; book_find_id(h->b, id) >= 0 || strmap_get(&h->fixed_ids, id) >= 0; n++) {
		free(id);
		id = xasprintf("%s-%d", base, n);
	}
	strmap_set(&h->fixed_ids, id, 1);
	h->fixed = xgrow(h->fixed, &h->cap_fixed, h->nfixed + 1, sizeof *h->fixed);
	h->fixed[h->nfixed++] = id;
	return id;
}

/* ---- pages ---- */

static int add_page(html *h, const char *name, page_kind kind, int chapter, int top)
{
	h->pages = xgrow(h->pages, &h->cap_pages, h->npages + 1, sizeof *h->pages);
	page *p = &h->pages[h->npages];
	memset(p, 0, sizeof *p);
	p->name = xstrdup(name);
	p->kind = kind;
	p->chapter = chapter;
	p->top = top;
	return (int)h->npages++;
}

static const char *clause_page_name(const book *b, int c)
{
	const book_clause *cl = &b->clauses[c];
	if (cl->file >= 0 && b->files[cl->file].page && cl->depth > 0)
		return b->files[cl->file].page;
	return b->chapters[cl->chapter].page;
}

/* Which clauses are written (and so may be link targets). Clauses are in
 * document order, so a parent is decided before its children. */
static void decide_shown(html *h)
{
	const book *b = h->b;
	const book_view *v = h->v;
	h->shown = xcalloc(b->nclauses ? b->nclauses : 1, 1);
	h->toc_pos = xcalloc(b->nclauses + 1, sizeof *h->toc_pos);
	h->toc_count = xcalloc(b->nchapters + 1, sizeof *h->toc_count);
	for (size_t i = 0; i < b->nclauses; i++) {
		const book_clause *cl = &b->clauses[i];
		int ok = book_view_has(v, (int)i) && cl->id;
		if (ok && cl->parent >= 0)
			ok = h->shown[cl->parent];
		if (ok && cl->term >= 0 && v && v->terms)
			ok = v->terms[cl->term];
		h->shown[i] = (unsigned char)ok;
	}
}

static int has_glossary(const html *h)
{
	for (size_t t = 0; t < h->b->nterms; t++) {
		int c = h->b->terms[t].clause;
		if (c >= 0 && h->shown[c])
			return 1;
	}
	return 0;
}

/* The pages in reading order (index, chapters with the role pages after
 * the roles chapter, glossary), then print; every shown clause gets one. */
static void plan_pages(html *h)
{
	const book *b = h->b;
	strmap names;
	strmap_init(&names);
	h->page_of = xmalloc((b->nclauses ? b->nclauses : 1) * sizeof *h->page_of);
	for (size_t i = 0; i < b->nclauses; i++)
		h->page_of[i] = -1;
	add_page(h, "index", PG_INDEX, -1, -1);
	for (size_t ch = 0; ch < b->nchapters; ch++) {
		int cc = b->chapters[ch].clause;
		if (cc < 0 || !h->shown[cc])
			continue;
		int kind = b->chapters[ch].kind == CH_ROLES ? PG_ROLES : PG_CHAPTER;
		int p = add_page(h, b->chapters[ch].page, kind, (int)ch, cc);
		strmap_set(&names, b->chapters[ch].page, p);
		for (size_t i = 0; i < b->nclauses; i++) {
			const book_clause *cl = &b->clauses[i];
			if (!h->shown[i] || cl->chapter != (int)ch)
				continue;
			const char *name = clause_page_name(b, (int)i);
			int pi = strmap_get(&names, name);
			if (pi < 0) {
				pi = add_page(h, name, PG_ROLE, (int)ch, (int)i);
				strmap_set(&names, name, pi);
			}
			page *pg = &h->pages[pi];
			pg->clauses = xgrow(pg->clauses, &pg->cap, pg->nclauses + 1, sizeof *pg->clauses);
			pg->clauses[pg->nclauses++] = (int)i;
			h->page_of[i] = pi;
		}
	}
	h->glossary_page = has_glossary(h) ? add_page(h, "glossary", PG_GLOSSARY, -1, -1) : -1;
	h->history_page = b->history && (!h->v || h->v->role < 0) ? add_page(h, "history", PG_HISTORY, -1, -1) : -1;
	add_page(h, "print", PG_PRINT, -1, -1);
	strmap_free(&names);
}

/* Every clause's address in each mode: page.html#id on the site, #id in
 * the print version, the full book's address for material the view leaves
 * out, or none (plain text). */
static void plan_hrefs(html *h)
{
	const book *b = h->b;
	size_t n = b->nclauses ? b->nclauses : 1;
	for (int m = 0; m < M_COUNT; m++)
		h->chref[m] = xcalloc(n, sizeof(char *));
	buf o;
	buf_init(&o);
	for (size_t i = 0; i < b->nclauses; i++) {
		const book_clause *cl = &b->clauses[i];
		if (!cl->id)
			continue;
		if (h->shown[i]) {
			o.len = 0;
			buf_puts(&o, "");
			esc_url(&o, h->pages[h->page_of[i]].name, ESC_URL_PART, ESC_URL_UTF8);
			buf_puts(&o, ".html#");
			esc_url(&o, cl->id, ESC_URL_PART, ESC_URL_UTF8);
			h->chref[M_SITE][i] = xstrdup(o.data);
			o.len = 0;
			buf_puts(&o, "#");
			esc_url(&o, cl->id, ESC_URL_PART, ESC_URL_UTF8);
			h->chref[M_PRINT][i] = xstrdup(o.data);
		} else if (h->v && h->v->full_url && *h->v->full_url) {
			o.len = 0;
			buf_puts(&o, "");
			esc_url(&o, h->v->full_url, ESC_URL_BASE, ESC_URL_UTF8);
			if (o.data[o.len - 1] != '/')
				buf_putc(&o, '/');
			esc_url(&o, clause_page_name(b, (int)i), ESC_URL_PART, ESC_URL_UTF8);
			buf_puts(&o, ".html#");
			esc_url(&o, cl->id, ESC_URL_PART, ESC_URL_UTF8);
			for (int m = 0; m < M_COUNT; m++)
				h->chref[m][i] = xstrdup(o.data);
		}
	}
	buf_free(&o);
}

/* ---- references: marked links, their markup put in after rendering ---- */

/* cmark-gfm writes a link as <a href="URL"> (no title when it is empty),
 * and only some parents may hold other inline kinds (a table cell may not
 * hold a custom inline), so each reference link gets the address
 * REF_MARK<index> while rendering; put_rendered() then replaces the tag
 * and its </a> (links never nest) by our own markup: a class, the
 * definition on hover, or a span for what cannot be linked. */
#define REF_MARK BOOK_RESERVED_URL "ref:"

static void add_swap(html *h, cmark_node *link)
{
	const char *url = cmark_node_get_url(link), *title = cmark_node_get_title(link);
	h->swaps = xgrow(h->swaps, &h->cap_swaps, h->nswaps + 1, sizeof *h->swaps);
	h->swaps[h->nswaps++] = (swap){link, xstrdup(url ? url : ""), xstrdup(title ? title : "")};
}

/* The reference links come from the model (book_ref.node), not from a walk
 * of every node of the book (30 ms of the build's serial part on the 10 MB
 * bench book); an author's own link to the marker's address would pass for
 * a reference: the reader keeps those (b->reserved_links), and they get an
 * empty address. */
static void mark_ref_links(html *h)
{
	const book *b = h->b;
	for (size_t r = 0; r < b->nrefs; r++) {
		cmark_node *n = b->refs[r].node;
		if (n && book_node_ref(n) == (int)r)
			add_swap(h, n);
	}
	for (size_t i = 0; i < b->nreserved_links; i++) {
		cmark_node *n = b->reserved_links[i];
		const char *url = cmark_node_get_url(n);
		if (book_node_ref(n) < 0 && url && strncmp(url, REF_MARK, sizeof REF_MARK - 1) == 0)
			add_swap(h, n);
	}
	char mark[64];
	for (size_t i = 0; i < h->nswaps; i++) {
		int r = book_node_ref(h->swaps[i].link);
		if (r >= 0)
			snprintf(mark, sizeof mark, REF_MARK "%d", r);
		else
			mark[0] = '\0';
		cmark_node_set_url(h->swaps[i].link, mark);
		cmark_node_set_title(h->swaps[i].link, "");
	}
}

static void unmark_ref_links(html *h)
{
	for (size_t i = 0; i < h->nswaps; i++) {
		cmark_node_set_url(h->swaps[i].link, h->swaps[i].url);
		cmark_node_set_title(h->swaps[i].link, h->swaps[i].title);
		free(h->swaps[i].url);
		free(h->swaps[i].title);
	}
	h->nswaps = 0;
}

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

/* Appends cmark's HTML s to o with each marked reference link replaced
 * by its markup in mode m. */
static void put_rendered(html *h, buf *o, const char *s, int m)
{
	static const char open[] = "<a href=\"" REF_MARK;
	const char *p = s, *at;
	while ((at = strstr(p, open)) != NULL) {
		const char *q = at + sizeof open - 1;
		char *end;
		long r = strtol(q, &end, 10);
		if (end == q || strncmp(end, "\">", 2) != 0 || r < 0 || (size_t)r >= h->b->nrefs) {
			buf_put(o, p, (size_t)(q - p)); /* not one of ours */
			p = q;
			continue;
		}
		buf_put(o, p, (size_t)(at - p));
		const char *ref_close = put_ref_open(h, o, (int)r, m);
		p = end + 2;
		const char *close = strstr(p, "</a>");
		if (!close)
			break;
		buf_put(o, p, (size_t)(close - p));
		buf_puts(o, ref_close);
		p = close + 4;
	}
	buf_puts(o, p);
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

/* Appends n as cmark-gfm renders it, reference links still marked. */
static void render_node(html *h, buf *o, cmark_node *n)
{
	/* the default allocator, whatever n was parsed with (arena.h): s is
	 * freed with free() */
	char *s = cmark_render_html_with_mem(n, h->options, reader_extensions(), cmark_get_default_mem_allocator());
	if (s) {
		html_empty_th(s);
		buf_puts(o, s);
		free(s);
	}
}

/* A heading inside a block quote or a list is no clause; it renders one
 * level below its clause's heading (level), so headings stay in order.
 * Levels are put back afterwards. *inner (when not NULL) tells whether
 * the body has such headings. References stay marked (put_rendered). */
static int inner_level(int level)
{
	return level + 1 > 6 ? 6 : level + 1;
}

static char *render_body(html *h, int c, int level, int *inner)
{
	const book_clause *cl = &h->b->clauses[c];
	int sub = inner_level(level);
	cmark_node **nested = NULL;
	int *was = NULL;
	size_t nn = 0, cap = 0, cap2 = 0;
	buf o;
	buf_init(&o);
	buf_puts(&o, "");
	for (cmark_node *n = cl->body_first; n; n = cmark_node_next(n)) {
		cmark_node_type ty = cmark_node_get_type(n);
		if (ty != CMARK_NODE_BLOCK_QUOTE && ty != CMARK_NODE_LIST) {
			/* only these hold blocks (a heading) in a parsed body */
			if (n == cl->body_last)
				break;
			continue;
		}
		cmark_iter *it = cmark_iter_new(n);
		cmark_event_type ev;
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *x = cmark_iter_get_node(it);
			if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(x) != CMARK_NODE_HEADING)
				continue;
			nested = xgrow(nested, &cap, nn + 1, sizeof *nested);
			was = xgrow(was, &cap2, nn + 1, sizeof *was);
			nested[nn] = x;
			was[nn++] = cmark_node_get_heading_level(x);
		}
		cmark_iter_free(it);
		if (n == cl->body_last)
			break;
	}
	for (size_t i = 0; i < nn; i++)
		cmark_node_set_heading_level(nested[i], sub);
	for (cmark_node *n = cl->body_first; n; n = cmark_node_next(n)) {
		render_node(h, &o, n);
		if (n == cl->body_last)
			break;
	}
	for (size_t i = 0; i < nn; i++)
		cmark_node_set_heading_level(nested[i], was[i]);
	if (inner)
		*inner = nn > 0;
	free(nested);
	free(was);
	return buf_detach(&o);
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
		char *s = cmark_render_html_with_mem(n, h->options, reader_extensions(), cmark_get_default_mem_allocator());
		const char *in = s ? strchr(s, '>') : NULL, *out = s ? strrchr(s, '<') : NULL;
		if (in && out && out > in && s[1] == 'h') {
			buf_put(o, in + 1, (size_t)(out - in - 1));
			free(s);
			return;
		}
		free(s);
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

/* The headings' inlines, in both modes, with the reference links marked:
 * they stay marked for html_render_bodies, which puts them back. */
static void render_titles(html *h)
{
	const book *b = h->b;
	size_t n = b->nclauses ? b->nclauses : 1;
	mark_ref_links(h);
	h->raw = xcalloc(n, sizeof(char *));
	h->raw_print = xcalloc(n, sizeof(char *));
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
}

/* Renders every shown clause's body once, for the site's pages and the
 * print page alike: the references' markup, which differs between them,
 * goes in as a page is written. Only a body with inner headings at other
 * levels in print is rendered twice. After this the HTML backend no
 * longer changes the trees, nor reads them. */
void html_render_bodies(html *h)
{
	const book *b = h->b;
	for (size_t i = 0; i < b->nclauses; i++) {
		/* the writer splices the bodies as they come: in the book's order,
		 * which is nearly the pages' (a wait per 256 bodies at most) */
		if (i % 256 == 0)
			thread_advance(&h->gate, &h->bodies_done, i, i > 0);
		if (!h->shown[i])
			continue;
		int site = heading_level(h, (int)i, M_SITE), print = heading_level(h, (int)i, M_PRINT);
		int inner = 0;
		h->raw[i] = render_body(h, (int)i, site, &inner);
		if (inner && inner_level(site) != inner_level(print))
			h->raw_print[i] = render_body(h, (int)i, print, NULL);
	}
	thread_advance(&h->gate, &h->bodies_done, b->nclauses, 1);
	unmark_ref_links(h); /* the writer reads no tree */
}

/* ---- Lua: pushing the page data ---- */

static void set_str(lua_State *L, const char *key, const char *s)
{
	if (!s)
		return;
	lua_pushstring(L, s);
	lua_setfield(L, -2, key);
}

/* Clause bodies reach the templates as a short marker, "\1MODE:CLAUSE\1",
 * that write_pages replaces with the rendered HTML as it writes the page:
 * the book's text is neither copied into Lua nor concatenated there (the
 * print page holds the whole book, and its copies were most of build's
 * peak memory). Templates emit c.body and term.definition raw and
 * unchanged. The reader and config.c turn control characters of the
 * sources and book.lua into U+FFFD, so the book's text cannot hold a
 * marker; a book's own template could write one, as it could any HTML. */
#define BODY_MARK '\1'

static void set_body(lua_State *L, const char *key, const html *h, int m, int c)
{
	if (!h->shown[c]) /* not h->raw: html_render_bodies may be filling it */
		return;
	/* "\1M:C\1" by hand: snprintf was a tenth of pushing a clause */
	char mark[40], digits[12];
	size_t n = 0, k = 0;
	mark[n++] = BODY_MARK;
	mark[n++] = (char)('0' + m); /* m < M_COUNT < 10 */
	mark[n++] = ':';
	unsigned v = (unsigned)c;
	do
		digits[k++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (k)
		mark[n++] = digits[--k];
	mark[n++] = BODY_MARK;
	lua_pushlstring(L, mark, n);
	lua_setfield(L, -2, key);
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

/* Reads the body marker at m (before end): its body with its references'
 * markup (in h->wbuf), and in *next the byte after the marker; NULL when m
 * does not start a marker of a body. */
static const char *marked_body(html *h, const char *m, const char *end, const char **next)
{
	int mode, c;
	const char *p = mark_number(m + 1, end, &mode);
	if (p && *p == ':')
		p = mark_number(p + 1, end, &c);
	else
		p = NULL;
	if (!p || *p != BODY_MARK || mode >= M_COUNT || (size_t)c >= h->b->nclauses)
		return NULL;
	thread_await_count(&h->gate, &h->bodies_done, (size_t)c + 1);
	if (!h->raw[c])
		return NULL;
	*next = p + 1;
	const char *raw = mode == M_PRINT && h->raw_print[c] ? h->raw_print[c] : h->raw[c];
	h->wbuf.len = 0;
	buf_puts(&h->wbuf, "");
	put_rendered(h, &h->wbuf, raw, mode);
	return h->wbuf.data;
}

/* Writes page text s to f with every body marker replaced by its body; any
 * other byte, and a marker that names no body, is written as it is. The
 * page is never whole in memory: print.html holds the whole book. */
static void splice_bodies(html *h, const char *s, size_t n, FILE *f)
{
	const char *end = s + n;
	while (s < end) {
		const char *m = memchr(s, BODY_MARK, (size_t)(end - s));
		if (!m) {
			fwrite(s, 1, (size_t)(end - s), f);
			return;
		}
		fwrite(s, 1, (size_t)(m - s), f);
		const char *next, *body = marked_body(h, m, end, &next);
		if (body) {
			fwrite(body, 1, h->wbuf.len, f);
			s = next;
		} else {
			fputc(*m, f);
			s = m + 1;
		}
	}
}

static void set_int(lua_State *L, const char *key, lua_Integer n)
{
	lua_pushinteger(L, n);
	lua_setfield(L, -2, key);
}

static void set_bool(lua_State *L, const char *key, int v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, key);
}

/* Appends the value on top of the stack to the array just below it. */
static void append(lua_State *L)
{
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
}

static const char *page_href_name(html *h, int p, buf *o)
{
	o->len = 0;
	buf_puts(o, "");
	esc_url(o, h->pages[p].name, ESC_URL_PART, ESC_URL_UTF8);
	buf_puts(o, ".html");
	return o->data;
}

/* {name, href, id, line, level} for role r, linked in mode m. */
static void push_role(html *h, int r, int m)
{
	lua_State *L = h->L;
	const book_role *role = &h->b->roles[r];
	lua_createtable(L, 0, 5);
	set_str(L, "id", role->id);
	set_str(L, "name", role->name ? role->name : role->id);
	if (role->clause >= 0)
		set_str(L, "href", h->chref[m][role->clause]);
	if (role->line > 0)
		set_int(L, "line", role->line);
	if (level_names[role->level])
		set_str(L, "level", level_names[role->level]);
}

/* {name, number, href} for a stage. */
static void push_stage_link(html *h, int s, int m)
{
	lua_State *L = h->L;
	const book_stage *st = &h->b->stages[s];
	lua_createtable(L, 0, 4);
	set_str(L, "id", st->id);
	set_str(L, "name", st->name);
	if (st->clause >= 0) {
		set_str(L, "number", h->b->clauses[st->clause].number);
		set_str(L, "href", h->chref[m][st->clause]);
	}
}

/* The role section of role r that is its standard for stage s, or -1.
 * The table is made in one pass over the clauses: a scan per cell of the
 * matrix was O(roles x stages x clauses). */
static int stage_section(html *h, int r, int s)
{
	const book *b = h->b;
	if (!h->stage_sec) {
		size_t cells = b->nstages * b->nroles;
		h->stage_sec = xmalloc((cells ? cells : 1) * sizeof *h->stage_sec);
		for (size_t i = 0; i < cells; i++)
			h->stage_sec[i] = -1;
		strmap ids;
		strmap_init(&ids);
		for (size_t k = 0; k < b->nstages; k++)
			if (strmap_get(&ids, b->stages[k].id) < 0)
				strmap_set(&ids, b->stages[k].id, (int)k);
		for (size_t i = 0; i < b->nclauses; i++) {
			const book_clause *cl = &b->clauses[i];
			if (!cl->stage_ref || cl->file < 0 || b->files[cl->file].role < 0)
				continue;
			int st = strmap_get(&ids, cl->stage_ref);
			size_t at = (size_t)st * b->nroles + (size_t)b->files[cl->file].role;
			if (st >= 0 && h->stage_sec[at] < 0)
				h->stage_sec[at] = (int)i;
		}
		strmap_free(&ids);
	}
	return h->stage_sec[(size_t)s * b->nroles + (size_t)r];
}

static int stage_of_id(const book *b, const char *id)
{
	int c = book_find_id(b, id);
	return c >= 0 ? b->clauses[c].stage : -1;
}

/* The overview of the roles: pyramid tiers, support lines, and the matrix
 * of journey stages by roles. Links in mode m; headings at level. */
static void push_overview(html *h, int m, int level)
{
	lua_State *L = h->L;
	const book *b = h->b;
	lua_createtable(L, 0, 6);
	set_int(L, "level", level > 6 ? 6 : level);
	lua_createtable(L, 0, 3);
	set_str(L, "pyramid", h->id_pyramid);
	set_str(L, "lines", h->id_lines);
	set_str(L, "matrix", h->id_matrix);
	lua_setfield(L, -2, "ids");
	/* Tiers from the top: management, support, providers, then roles with no level. */
	static const book_level order[] = {LEVEL_MANAGEMENT, LEVEL_SUPPORT, LEVEL_PROVIDER, LEVEL_NONE};
	lua_newtable(L);
	for (size_t k = 0; k < 4; k++) {
		size_t count = 0;
		for (size_t r = 0; r < b->nroles; r++)
			count += b->roles[r].level == order[k];
		if (order[k] == LEVEL_NONE && !count)
			continue;
		lua_createtable(L, 0, 2);
		set_str(L, "level", order[k] == LEVEL_NONE ? "other" : level_names[order[k]]);
		lua_newtable(L);
		for (size_t i = 0; i < b->nroles; i++)
			if (b->roles[h->role_order[i]].level == order[k]) {
				push_role(h, h->role_order[i], m);
				append(L);
			}
		lua_setfield(L, -2, "roles");
		append(L);
	}
	lua_setfield(L, -2, "pyramid");
	int any_line = 0;
	lua_newtable(L);
	for (int line = 1; line <= 3; line++) {
		lua_createtable(L, 0, 2);
		set_int(L, "line", line);
		lua_newtable(L);
		for (size_t i = 0; i < b->nroles; i++)
			if (b->roles[h->role_order[i]].line == line) {
				push_role(h, h->role_order[i], m);
				append(L);
				any_line = 1;
			}
		lua_setfield(L, -2, "roles");
		append(L);
	}
	lua_setfield(L, -2, "lines");
	set_bool(L, "has_lines", any_line);
	if (b->nstages && b->nroles) {
		lua_createtable(L, 0, 2);
		lua_newtable(L);
		for (size_t i = 0; i < b->nroles; i++) {
			push_role(h, h->role_order[i], m);
			append(L);
		}
		lua_setfield(L, -2, "roles");
		/* A row lists only its filled cells, each with the number of empty
		 * ones before it (s.after: after the last): 2 000 roles by 500
		 * stages are a million cells, and a table or a template loop per
		 * cell cost more than the rest of the roles page. */
		lua_newtable(L);
		for (size_t s = 0; s < b->nstages; s++) {
			push_stage_link(h, (int)s, m);
			lua_newtable(L);
			size_t last = 0; /* columns up to here are written */
			for (size_t i = 0; i < b->nroles; i++) {
				int r = h->role_order[i];
				int sec = stage_section(h, r, (int)s);
				int owner = b->stages[s].owner_role == r;
				if (sec < 0 && !owner)
					continue;
				lua_createtable(L, 0, 5);
				set_int(L, "column", (lua_Integer)i + 1);
				set_int(L, "before", (lua_Integer)(i - last));
				set_bool(L, "owner", owner);
				set_bool(L, "covered", sec >= 0);
				if (sec >= 0)
					set_str(L, "href", h->chref[m][sec]);
				else if (owner && b->roles[r].clause >= 0)
					set_str(L, "href", h->chref[m][b->roles[r].clause]);
				append(L);
				last = i + 1;
			}
			lua_setfield(L, -2, "cells");
			set_int(L, "after", (lua_Integer)(b->nroles - last));
			append(L);
		}
		lua_setfield(L, -2, "stages");
		lua_setfield(L, -2, "matrix");
	}
}

/* One clause for _clauses.html: heading, what it defines, its body. */
static void push_clause(html *h, int c, int m, int level)
{
	lua_State *L = h->L;
	const book *b = h->b;
	const book_clause *cl = &b->clauses[c];
	lua_createtable(L, 0, 12);
	set_str(L, "id", cl->id);
	set_str(L, "number", cl->number);
	set_str(L, "title", cl->title);
	set_str(L, "title_html", h->title_html[m][c]);
	set_body(L, "body", h, m, c);
	set_str(L, "href", h->chref[m][c]);
	set_int(L, "level", level < 1 ? 1 : level > 6 ? 6 : level);
	set_int(L, "depth", cl->depth);
	set_str(L, "kind", book_chapter_kind_name(b->chapters[cl->chapter].kind));
	if (cl->term >= 0) {
		const book_term *t = &b->terms[cl->term];
		lua_createtable(L, 0, 2);
		set_str(L, "name", t->name);
		lua_createtable(L, (int)t->naka, 0);
		for (size_t i = 0; i < t->naka; i++) {
			lua_pushstring(L, t->aka[i]);
			append(L);
		}
		lua_setfield(L, -2, "aka");
		lua_setfield(L, -2, "term");
	}
	if (cl->role >= 0 && cl->depth == 1) {
		push_role(h, cl->role, m);
		lua_setfield(L, -2, "role");
	}
	if (cl->stage >= 0) {
		const book_stage *st = &b->stages[cl->stage];
		lua_createtable(L, 0, 2);
		set_str(L, "id", st->id);
		if (st->owner_role >= 0) {
			push_role(h, st->owner_role, m);
			lua_setfield(L, -2, "owner");
		} else if (st->owner) {
			lua_createtable(L, 0, 1);
			set_str(L, "name", st->owner);
			lua_setfield(L, -2, "owner");
		}
		lua_setfield(L, -2, "stage");
	}
	if (cl->stage_ref) {
		int s = stage_of_id(b, cl->stage_ref);
		if (s >= 0) {
			push_stage_link(h, s, m);
			lua_setfield(L, -2, "stage_ref");
		}
	}
	if (cl->nroles_attr) {
		int all = 0;
		lua_newtable(L);
		for (size_t i = 0; i < cl->nroles_attr; i++) {
			if (strcmp(cl->roles_attr[i], "all") == 0) {
				all = 1;
				continue;
			}
			int r = book_find_role(b, cl->roles_attr[i]);
			if (r >= 0) {
				push_role(h, r, m);
			} else {
				lua_createtable(L, 0, 1);
				set_str(L, "name", cl->roles_attr[i]);
			}
			append(L);
		}
		lua_setfield(L, -2, "covers");
		set_bool(L, "covers_all", all);
	}
	if (b->chapters[cl->chapter].kind == CH_ROLES && cl->depth == 0 && !(h->v && h->v->role >= 0)) {
		/* The roles chapter opens with the overview of its roles; a role
		 * book has its own stages in its journey chapter, not the
		 * matrix of every role's. */
		push_overview(h, m, level + 1);
		lua_setfield(L, -2, "overview");
	}
}

/* A role's name by id, NULL when the book has no such role. */
static const char *role_name(const book *b, const char *id)
{
	int r = id ? book_find_role(b, id) : -1;
	return r < 0 ? NULL : b->roles[r].name ? b->roles[r].name : b->roles[r].id;
}

/* Document control (FORMAT.md 9) for the covers: who owns the book (or,
 * in a role book, that role's standard), who approved it, when, and from
 * when it applies; only what book.lua and the role's heading say. */
static void push_control(html *h)
{
	lua_State *L = h->L;
	const book *b = h->b;
	const book_config *cf = &b->config;
	const char *std_owner = h->v && h->v->role >= 0 && (size_t)h->v->role < b->nroles
		? role_name(b, b->roles[h->v->role].owner) : NULL;
	const char *v[][2] = {
		{"owner", role_name(b, cf->owner)}, {"standard_owner", std_owner},
		{"approved_by", cf->approved_by}, {"approved", cf->approved}, {"effective", cf->effective},
	};
	int any = 0;
	lua_createtable(L, 0, 6);
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		if (v[i][1] && *v[i][1]) {
			set_str(L, v[i][0], v[i][1]);
			any = 1;
		}
	set_bool(L, "any", any);
}

/* The roles, in the book's order, for the home page's "choose your role". */
static void push_role_choice(html *h)
{
	lua_State *L = h->L;
	int *order = book_role_order(h->b);
	lua_newtable(L);
	for (size_t i = 0; i < h->b->nroles; i++) {
		int r = order[i];
		if (h->b->roles[r].clause < 0 || !h->shown[h->b->roles[r].clause])
			continue;
		push_role(h, r, M_SITE);
		append(L);
	}
	free(order);
}

/* The site table every page shares. */
static void push_site(html *h)
{
	lua_State *L = h->L;
	const book *b = h->b;
	const book_config *cf = &b->config;
	buf *o = &h->scratch;
	lua_createtable(L, 0, 12);
	set_str(L, "lang", cf->language == LANG_RU ? "ru" : "en");
	set_str(L, "title", cf->title && *cf->title ? cf->title : "");
	if (cf->organization && *cf->organization)
		set_str(L, "organization", cf->organization);
	if (cf->version && *cf->version)
		set_str(L, "version", cf->version);
	if (h->v && h->v->full_url && *h->v->full_url)
		set_str(L, "full_url", h->v->full_url);
	if (h->v && h->v->role >= 0 && (size_t)h->v->role < b->nroles) {
		push_role(h, h->v->role, M_SITE);
		lua_setfield(L, -2, "role_book");
	}
	push_control(h);
	lua_setfield(L, -2, "control");
	push_role_choice(h);
	lua_setfield(L, -2, "roles");
	set_bool(L, "has_glossary", h->glossary_page >= 0);
	if (h->history_page >= 0)
		set_str(L, "history_href", page_href_name(h, h->history_page, o));
	memset(h->toc_count, 0, (b->nchapters + 1) * sizeof *h->toc_count);
	lua_createtable(L, 0, 4);
	set_str(L, "main", h->id_main);
	set_str(L, "search", h->id_search);
	set_str(L, "results", h->id_results);
	set_str(L, "toc", h->id_toc);
	lua_setfield(L, -2, "ids");
	/* The contents: chapters, and below each its depth-1 clauses. */
	lua_newtable(L);
	for (size_t p = 0; p < h->npages; p++) {
		const page *pg = &h->pages[p];
		if (pg->kind != PG_CHAPTER && pg->kind != PG_ROLES)
			continue;
		lua_createtable(L, 0, 7);
		set_str(L, "number", b->clauses[pg->top].number);
		set_str(L, "title", b->clauses[pg->top].title);
		set_str(L, "id", b->clauses[pg->top].id);
		set_str(L, "href", page_href_name(h, (int)p, o));
		set_str(L, "page", pg->name);
		set_str(L, "kind", book_chapter_kind_name(b->chapters[pg->chapter].kind));
		set_bool(L, "top", 1);
		lua_newtable(L);
		for (size_t i = 0; i < b->nclauses; i++) {
			const book_clause *cl = &b->clauses[i];
			if (!h->shown[i] || cl->chapter != pg->chapter || cl->depth != 1)
				continue;
			h->toc_pos[i] = ++h->toc_count[pg->chapter];
			int cp = h->page_of[i];
			int top = h->pages[cp].top == (int)i;
			lua_createtable(L, 0, 6);
			set_str(L, "number", cl->number);
			set_str(L, "title", cl->title);
			set_str(L, "id", cl->id);
			set_str(L, "href", top ? page_href_name(h, cp, o) : h->chref[M_SITE][i]);
			set_str(L, "page", h->pages[cp].name);
			set_bool(L, "top", top);
			set_bool(L, "term", cl->term >= 0);
			append(L);
		}
		lua_setfield(L, -2, "children");
		append(L);
	}
	lua_setfield(L, -2, "toc");
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The table of a clause that uses terms: {href, number, title, text =
 * number, tip = title (link()'s names), link = link(u, "xref")}; made once
 * per clause, however many terms it uses (the table of tables at index
 * uses). The link is made here once, not by the glossary per use: 200 000
 * uses on the 100 MB book, a third of the glossary's time; and in C, with
 * put_esc, what l_link gives for such a table (an <a> with title, or the
 * span of a clause left out of this output). */
static void push_use(html *h, int c, int uses)
{
	lua_State *L = h->L;
	if (h->use_slot[c]) {
		lua_rawgeti(L, uses, h->use_slot[c]);
		return;
	}
	const book_clause *cl = &h->b->clauses[c];
	lua_createtable(L, 0, 5);
	set_str(L, "href", h->chref[M_SITE][c]);
	lua_pushstring(L, cl->number ? cl->number : "");
	lua_pushvalue(L, -1);
	lua_setfield(L, -3, "number");
	lua_setfield(L, -2, "text");
	lua_pushstring(L, cl->title ? cl->title : "");
	lua_pushvalue(L, -1);
	lua_setfield(L, -3, "title");
	lua_setfield(L, -2, "tip");
	buf *o = &h->scratch;
	o->len = 0;
	put_link(o, piece_of("xref"), piece_of(h->chref[M_SITE][c]), piece_of(cl->title ? cl->title : ""),
	         piece_of(cl->number ? cl->number : ""));
	lua_pushlstring(L, o->data, o->len);
	lua_setfield(L, -2, "link");
	lua_pushvalue(L, -1);
	lua_rawseti(L, uses, ++h->nuse_tables);
	h->use_slot[c] = (int)h->nuse_tables;
}

/* The clauses (in this output) that refer to term t, in document order. */
static void push_uses(html *h, int t, int uses)
{
	lua_State *L = h->L;
	const book *b = h->b;
	const book_term *term = &b->terms[t];
	/* h's, so an error while pushing leaks nothing (html_free frees it) */
	h->use_scratch = xgrow(h->use_scratch, &h->cap_use_scratch, term->nuses ? term->nuses : 1, sizeof *h->use_scratch);
	int *cl = h->use_scratch;
	size_t n = 0;
	for (size_t i = 0; i < term->nuses; i++) {
		int r = term->uses[i];
		if (r < 0 || (size_t)r >= b->nrefs)
			continue;
		int c = b->refs[r].clause;
		if (c >= 0 && (size_t)c < b->nclauses && h->shown[c])
			cl[n++] = c;
	}
	sort_array(cl, n, sizeof *cl, cmp_int);
	lua_createtable(L, (int)n, 0);
	lua_Integer k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && cl[i] == cl[i - 1])
			continue;
		push_use(h, cl[i], uses);
		lua_rawseti(L, -2, ++k);
	}
}

/* page.letters: the terms sorted for the book's language, grouped by letter. */
static void push_glossary(html *h)
{
	lua_State *L = h->L;
	const book *b = h->b;
	char cur[8];
	int open = 0;
	/* the use tables, one per clause, shared by its terms (h->use_slot) */
	if (!h->use_slot)
		h->use_slot = xcalloc(b->nclauses ? b->nclauses : 1, sizeof *h->use_slot);
	else
		memset(h->use_slot, 0, (b->nclauses ? b->nclauses : 1) * sizeof *h->use_slot);
	h->nuse_tables = 0;
	lua_newtable(L);
	int uses = lua_gettop(L);
	lua_newtable(L);
	for (size_t i = 0; i < h->ngloss; i++) {
		if (h->letter_ids[i]) {
			if (open) {
				lua_setfield(L, -2, "terms");
				append(L);
			}
			open = 1;
			collate_letter(b->terms[h->gloss[i]].name, cur);
			lua_createtable(L, 0, 3);
			set_str(L, "letter", cur);
			set_str(L, "id", h->letter_ids[i]);
			lua_newtable(L);
		}
		int t = h->gloss[i];
		int c = b->terms[t].clause;
		lua_createtable(L, 0, 7);
		set_str(L, "id", b->clauses[c].id);
		set_str(L, "name", b->terms[t].name);
		set_str(L, "href", h->chref[M_SITE][c]);
		set_str(L, "number", b->clauses[c].number);
		set_body(L, "definition", h, M_SITE, c);
		lua_createtable(L, (int)b->terms[t].naka, 0);
		for (size_t k = 0; k < b->terms[t].naka; k++) {
			lua_pushstring(L, b->terms[t].aka[k]);
			append(L);
		}
		lua_setfield(L, -2, "aka");
		push_uses(h, t, uses);
		lua_setfield(L, -2, "uses");
		append(L);
	}
	if (open) {
		lua_setfield(L, -2, "terms");
		append(L);
	}
	lua_remove(L, uses);
}

/* The glossary order and its letter groups, decided before any Lua runs. */
static void plan_glossary(html *h)
{
	const book *b = h->b;
	int *e = xcalloc(b->nterms ? b->nterms : 1, sizeof *e);
	size_t n = 0;
	for (size_t t = 0; t < b->nterms; t++) {
		int c = b->terms[t].clause;
		if (c >= 0 && h->shown[c])
			e[n++] = (int)t;
	}
	collate_terms(b, e, n);
	h->gloss = e;
	h->ngloss = n;
	h->letter_ids = xcalloc(n ? n : 1, sizeof *h->letter_ids);
	char prev[8] = "", cur[8];
	int groups = 0;
	for (size_t i = 0; i < n; i++) {
		collate_letter(b->terms[e[i]].name, cur);
		if (groups && strcmp(cur, prev) == 0)
			continue;
		strcpy(prev, cur);
		char base[32];
		snprintf(base, sizeof base, "letter-%d", ++groups);
		h->letter_ids[i] = fixed_id(h, base);
	}
}

static const char *page_template(page_kind k)
{
	switch (k) {
	case PG_INDEX: return "index.html";
	case PG_ROLES: return "roles.html";
	case PG_GLOSSARY: return "glossary.html";
	case PG_PRINT: return "print.html";
	case PG_HISTORY: return "history.html";
	default: return "chapter.html";
	}
}

static const char *page_kind_name(page_kind k)
{
	static const char *names[] = {"index", "chapter", "roles", "role", "glossary", "print", "history"};
	return names[k];
}

/* The title of page p: its first clause's, else a word of the output. */
static const char *page_title(const html *h, int p, const char **number)
{
	const page *pg = &h->pages[p];
	*number = NULL;
	if (pg->top >= 0) {
		*number = h->b->clauses[pg->top].number;
		return h->b->clauses[pg->top].title;
	}
	switch (pg->kind) {
	case PG_GLOSSARY: return h->w_glossary;
	case PG_PRINT: return h->w_print;
	case PG_HISTORY: return h->w_history;
	default: return h->w_home;
	}
}

static void push_neighbour(html *h, int p, const char *key)
{
	lua_State *L = h->L;
	const char *number;
	const char *title = page_title(h, p, &number);
	lua_createtable(L, 0, 3);
	set_str(L, "href", page_href_name(h, p, &h->scratch));
	set_str(L, "number", number);
	set_str(L, "title", title);
	lua_setfield(L, -2, key);
}

/* The revision history page (FORMAT.md 9): {partial, versions = {...}},
 * the newest version first; each version's changes grouped by role, as
 * history.c lists them (role by role), a clause the book still shows
 * linked. */
static void push_history(html *h)
{
	lua_State *L = h->L;
	const history *hi = h->b->history;
	lua_createtable(L, 0, 2);
	set_bool(L, "partial", hi->shallow || hi->detached);
	lua_createtable(L, (int)hi->n, 0);
	for (size_t i = hi->n; i-- > 0;) {
		const history_version *v = &hi->v[i];
		lua_createtable(L, 0, 8);
		set_int(L, "n", (int)i + 1);
		set_str(L, "version", v->version);
		set_str(L, "date", v->date);
		set_str(L, "author", v->author);
		lua_pushlstring(L, v->commit, 12);
		lua_setfield(L, -2, "commit");
		set_bool(L, "first", v->first);
		lua_newtable(L); /* roles */
		const char *role = NULL;
		for (size_t k = 0; k < v->nchanges; k++) {
			const history_change *c = &v->changes[k];
			if (!role || strcmp(role, c->role_id) != 0) {
				if (role)
					append(L); /* the role before */
				role = c->role_id;
				lua_createtable(L, 0, 2);
				set_str(L, "name", c->role_name);
				lua_newtable(L);
				lua_setfield(L, -2, "changes");
			}
			lua_getfield(L, -1, "changes");
			lua_createtable(L, 0, 5);
			set_str(L, "number", c->number);
			set_str(L, "title", c->title);
			set_str(L, "kind", c->kind);
			if (c->effect)
				set_str(L, "effect", c->effect);
			int cl = book_find_id(h->b, c->clause_id);
			if (cl >= 0 && h->shown[cl])
				set_str(L, "href", h->chref[M_SITE][cl]);
			append(L);
			lua_pop(L, 1);
		}
		if (role)
			append(L);
		lua_setfield(L, -2, "roles");
		append(L);
	}
	lua_setfield(L, -2, "versions");
}

/* A role book's acknowledgement sheet (FORMAT.md 9): what the employee
 * signs for, the role, the version and the fingerprint of the role's
 * obligations (manifest.json's, which reread compares). */
static void push_ack(html *h)
{
	lua_State *L = h->L;
	const book *b = h->b;
	char fp[17];
	manifest_fingerprint(b, h->v, fp);
	lua_createtable(L, 0, 3);
	set_str(L, "role", b->roles[h->v->role].name ? b->roles[h->v->role].name : b->roles[h->v->role].id);
	if (b->config.version && *b->config.version)
		set_str(L, "version", b->config.version);
	set_str(L, "fingerprint", fp);
}

/* The print version: every chapter with all its clauses, links inside. */
static void push_print_chapter(html *h, const page *cp)
{
	lua_State *L = h->L;
	const book *b = h->b;
	lua_createtable(L, 0, 2);
	set_str(L, "kind", book_chapter_kind_name(b->chapters[cp->chapter].kind));
	lua_newtable(L);
	for (size_t i = 0; i < b->nclauses; i++) {
		if (!h->shown[i] || b->clauses[i].chapter != cp->chapter)
			continue;
		push_clause(h, (int)i, M_PRINT, b->clauses[i].depth + 2);
		append(L);
	}
	lua_setfield(L, -2, "clauses");
	append(L);
}

/* In the order of the book, but a role book's glossary (the terms
 * chapter) comes last: its reader starts with their duties and looks
 * terms up at the end, as in a printed manual. */
static void push_print_chapters(html *h)
{
	lua_State *L = h->L;
	int terms_last = h->v && h->v->role >= 0;
	lua_newtable(L);
	for (int pass = 0; pass < 1 + terms_last; pass++)
		for (size_t q = 0; q < h->npages; q++) {
			const page *cp = &h->pages[q];
			if (cp->kind != PG_CHAPTER && cp->kind != PG_ROLES)
				continue;
			int terms = h->b->chapters[cp->chapter].kind == CH_TERMS;
			if (terms_last && terms != pass)
				continue;
			push_print_chapter(h, cp);
		}
}

/* A chapter with more sidebar entries than TOC_ALL shows, on its pages,
 * only the TOC_AROUND entries on each side of the page's own (the chapter's
 * page lists them all): 2 000 role pages that each listed all 2 000 roles
 * made the output grow with the square of the book. */
#define TOC_ALL 50
#define TOC_AROUND 10

/* page.toc_from and page.toc_to: the window of the current chapter's
 * sidebar entries (1-based, inclusive) when it is cut. */
static void set_toc_window(html *h, const page *pg)
{
	if (pg->chapter < 0 || pg->top < 0)
		return;
	int n = h->toc_count[pg->chapter], pos = h->toc_pos[pg->top];
	if (n <= TOC_ALL || pos == 0) /* pos 0: the chapter's own page */
		return;
	int from = pos - TOC_AROUND, to = pos + TOC_AROUND;
	set_int(h->L, "toc_from", from < 1 ? 1 : from);
	set_int(h->L, "toc_to", to > n ? n : to);
}

/* lua: render_page(M, site, p) -> html. Builds page p's table and lays it
 * out with M.page(site, page). Runs inside the sandbox's protected call; it
 * holds no malloc'd memory while Lua may raise (all of it is owned by h). */
static int l_render_page(lua_State *L)
{
	html *h = lua_touserdata(L, lua_upvalueindex(1));
	const book *b = h->b;
	int p = (int)luaL_checkinteger(L, 3);
	const page *pg = &h->pages[p];
	lua_getfield(L, 1, "page");
	lua_pushvalue(L, 2);
	lua_createtable(L, 0, 14);
	set_str(L, "name", pg->name);
	lua_pushfstring(L, "%s.html", pg->name);
	lua_setfield(L, -2, "file");
	set_str(L, "href", page_href_name(h, p, &h->scratch));
	set_str(L, "kind", page_kind_name(pg->kind));
	set_str(L, "template", page_template(pg->kind));
	const char *number;
	set_str(L, "title", page_title(h, p, &number));
	set_str(L, "number", number);
	if (pg->chapter >= 0) {
		set_str(L, "chapter_kind", book_chapter_kind_name(b->chapters[pg->chapter].kind));
		set_str(L, "chapter_page", b->chapters[pg->chapter].page);
	} else {
		set_str(L, "chapter_page", pg->name);
	}
	set_toc_window(h, pg);
	if (pg->kind != PG_PRINT) {
		if (p > 0)
			push_neighbour(h, p - 1, "prev");
		if ((size_t)p + 1 < h->npages && h->pages[p + 1].kind != PG_PRINT)
			push_neighbour(h, p + 1, "next");
	}
	if (pg->nclauses) {
		int topdepth = b->clauses[pg->clauses[0]].depth;
		lua_createtable(L, (int)pg->nclauses, 0);
		for (size_t i = 0; i < pg->nclauses; i++) {
			int c = pg->clauses[i];
			push_clause(h, c, M_SITE, b->clauses[c].depth - topdepth + 1);
			append(L);
		}
		lua_setfield(L, -2, "clauses");
	}
	if (pg->kind == PG_GLOSSARY) {
		push_glossary(h);
		lua_setfield(L, -2, "letters");
	}
	if (pg->kind == PG_PRINT) {
		push_print_chapters(h);
		lua_setfield(L, -2, "chapters");
		set_bool(L, "terms_last", h->v && h->v->role >= 0);
		if (h->v && h->v->role >= 0 && (size_t)h->v->role < b->nroles) {
			push_ack(h);
			lua_setfield(L, -2, "ack");
		}
	}
	if (pg->kind == PG_HISTORY) {
		push_history(h);
		lua_setfield(L, -2, "history");
	}
	lua_call(L, 2, 1);
	return 1;
}

/* lua: build_site(M) -> site table. */
static int l_build_site(lua_State *L)
{
	html *h = lua_touserdata(L, lua_upvalueindex(1));
	push_site(h);
	return 1;
}

/* ---- templates and the sandbox ---- */

/* A template name is one plain file name: letters, digits, '.', '_', '-',
 * not starting with '.'. */
static int template_name_ok(const char *name)
{
	if (!*name || *name == '.' || strlen(name) > 128)
		return 0;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '_' || *p == '-'))
			return 0;
	return 1;
}

/* The book's own BOOKDIR/templates/name when it is a file inside the book
 * folder, else NULL; one that is there but leads out of the folder (a
 * symlink) or is no file is ignored with a warning. Caller frees. */
static char *book_template_path(html *h, const char *name)
{
	if (!h->bookdir_real)
		return NULL;
	char *cand = xasprintf("%s/templates/%s", h->b->dir, name);
	char *real = realpath(cand, NULL);
	struct stat st;
	int there = lstat(cand, &st) == 0;
	free(cand);
	size_t n = strlen(h->bookdir_real);
	if (!real || strncmp(real, h->bookdir_real, n) != 0 || real[n] != '/' || stat(real, &st) != 0 ||
	    !S_ISREG(st.st_mode)) {
		/* a template silently replaced by svcbook's would puzzle its
		 * author; assets have copy_assets' own warning */
		if (there && (str_ends(name, ".html") || str_ends(name, ".lua")))
			diag_add(h->d, NULL, 0, 0, SEV_WARNING, "unsafe-path", "copy the file into the book's templates/ folder",
				 "templates/%s leads outside the book folder or is not a file: svcbook's own is used", name);
		free(real);
		return NULL;
	}
	return real;
}

/* Reads templates/name: the book's own copy first (unless only_ours),
 * then svcbook's. */
static char *read_template_from(html *h, const char *name, size_t *len, int only_ours)
{
	if (!template_name_ok(name))
		return NULL;
	char *path = only_ours ? NULL : book_template_path(h, name);
	char *text = path ? read_file(path, len) : NULL;
	free(path);
	if (!text) {
		path = xasprintf("%s/templates/%s", h->datadir, name);
		text = read_file(path, len);
		free(path);
	}
	return text;
}

static char *read_template(html *h, const char *name, size_t *len)
{
	return read_template_from(h, name, len, 0);
}

/* lua: read(name [, ours]) -> text | nil, message. With ours true, only
 * svcbook's own copy (for words.lua, which a book's copy extends). */
static int l_read(lua_State *L)
{
	html *h = lua_touserdata(L, lua_upvalueindex(1));
	const char *name = luaL_checkstring(L, 1);
	size_t len = 0;
	free(h->last_read); /* held by h, so a raising push leaks nothing */
	h->last_read = read_template_from(h, name, &len, lua_toboolean(L, 2));
	if (!h->last_read) {
		lua_pushnil(L);
		lua_pushfstring(L, "no template named '%s'", name);
		return 2;
	}
	lua_pushlstring(L, h->last_read, len);
	return 1;
}

/* lua: escape(v) -> text: template.lua's escaper, the same mapping as
 * put_esc over the whole Lua string (NULs included); nil and false give "".
 * A string with nothing to escape is returned as it is. */
/* Pushes template.lua's esc(v) of the value at index i (absolute): nil and
 * false give "", anything else its tostring with & < > " ' escaped. */
static void push_esc(lua_State *L, int i)
{
	if (lua_isnoneornil(L, i) || (lua_isboolean(L, i) && !lua_toboolean(L, i))) {
		lua_pushliteral(L, "");
		return;
	}
	size_t n, k = 0;
	const char *s;
	if (lua_type(L, i) == LUA_TSTRING) { /* the usual case, without tostring's metatable look-up */
		lua_pushvalue(L, i);
		s = lua_tolstring(L, -1, &n);
	} else {
		s = luaL_tolstring(L, i, &n);
	}
	while (k < n && !esc_html_entity(s[k]))
		k++;
	if (k == n)
		return;
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	luaL_addlstring(&b, s, k);
	for (; k < n; k++) {
		const char *e = esc_html_entity(s[k]);
		if (e)
			luaL_addstring(&b, e);
		else
			luaL_addchar(&b, s[k]);
	}
	luaL_pushresult(&b);
	lua_remove(L, -2); /* the unescaped string */
}

/* lua: escape(v), the templates' esc in C (a Lua pattern costs some 200
 * instructions per character). */
static int l_escape(lua_State *L)
{
	push_esc(L, 1);
	return 1;
}

/* lua: str(v), the templates' {{{ }}} in C: the string itself, "" for nil
 * and false, else tostring(v). */
static int l_str(lua_State *L)
{
	int t = lua_type(L, 1);
	if (t == LUA_TSTRING) {
		lua_settop(L, 1);
	} else if (t == LUA_TNIL || t == LUA_TNONE || (t == LUA_TBOOLEAN && !lua_toboolean(L, 1))) {
		lua_pushliteral(L, "");
	} else {
		luaL_tolstring(L, 1, NULL);
	}
	return 1;
}

/* Pushes field k of the value in slot 1 and returns 1 when it is neither
 * nil nor false; else pushes nothing and returns 0. */
static int get_true(lua_State *L, const char *k)
{
	lua_getfield(L, 1, k);
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		return 0;
	}
	return 1;
}

/* Slot i as a piece of text: none for nil and false, else what tostring
 * gives (pushed when it is not a string: valid while the slot above is). */
static piece lua_piece(lua_State *L, int i)
{
	piece p = {NULL, 0};
	if (lua_toboolean(L, i))
		p.s = lua_type(L, i) == LUA_TSTRING ? lua_tolstring(L, i, &p.n) : luaL_tolstring(L, i, &p.n);
	return p;
}

/* lua: link(x, class), template.lua's link in C, with the same result for
 * every x (the glossary alone makes tens of thousands of links), written
 * by put_link into the site's scratch buffer (the templates run on the
 * main thread, which uses it for nothing else meanwhile). */
static int l_link(lua_State *L)
{
	html *h = lua_touserdata(L, lua_upvalueindex(1));
	if (!lua_toboolean(L, 1)) {
		lua_pushliteral(L, "");
		return 1;
	}
	lua_settop(L, 2);
	if (!get_true(L, "text") && !get_true(L, "name") && !get_true(L, "title"))
		lua_pushliteral(L, "");
	lua_getfield(L, 1, "href"); /* 4 */
	lua_getfield(L, 1, "tip");  /* 5 */
	piece cls = lua_piece(L, 2), text = lua_piece(L, 3), href = lua_piece(L, 4), tip = lua_piece(L, 5);
	buf *o = &h->scratch;
	o->len = 0;
	put_link(o, cls, href, tip, text);
	lua_pushlstring(L, o->data, o->len);
	return 1;
}

static void lua_fail(html *h, const char *what, char *err)
{
	diag_add(h->d, NULL, 0, 0, SEV_FATAL, "template-error", NULL, "HTML %s: %s", what, err ? err : "?");
	free(err);
}

/* The templates' memory cap: their own 256 MiB, plus room for the page
 * tables of a large book (about 1.5 KiB per clause, reference, term, role
 * and stage, and an array slot per matrix cell), so a 100 MB book fits and
 * a memory bomb in a book's own template still ends. */
static size_t template_mem_cap(const book *b)
{
	size_t items = b->nclauses + b->nrefs + b->nterms + b->nroles + b->nstages;
	return ((size_t)256 << 20) + 1536 * items + 64 * b->nroles * b->nstages;
}

/* Loads lua/template.lua into the sandbox and leaves its module table at
 * stack index 1. */
static int start_lua(html *h)
{
	h->sb = sandbox_new(template_mem_cap(h->b));
	if (!h->sb) {
		diag_add(h->d, NULL, 0, 0, SEV_FATAL, "template-error", NULL, "cannot start Lua for the HTML templates");
		return -1;
	}
	h->L = sandbox_state(h->sb);
	char *path = xasprintf("%s/lua/template.lua", h->datadir);
	size_t len;
	char *src = read_file(path, &len);
	if (!src) {
		diag_add(h->d, NULL, 0, 0, SEV_FATAL, "template-error", NULL, "cannot read %s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	char *err = NULL;
	lua_settop(h->L, 0);
	int rc = sandbox_run(h->sb, src, len, "@lua/template.lua", 0, 1, &err);
	free(src);
	if (rc != LUA_OK || !lua_istable(h->L, 1)) {
		lua_fail(h, "template engine", err ? err : xstrdup("lua/template.lua did not return a table"));
		return -1;
	}
	lua_pushlightuserdata(h->L, h);
	lua_pushcclosure(h->L, l_read, 1);
	lua_setfield(h->L, 1, "read");
	lua_getfield(h->L, 1, "set_escape");
	lua_pushcfunction(h->L, l_escape);
	lua_getfield(h->L, 1, "set_link");
	lua_pushlightuserdata(h->L, h);
	lua_pushcclosure(h->L, l_link, 1);
	lua_getfield(h->L, 1, "set_str");
	lua_pushcfunction(h->L, l_str);
	if (sandbox_call(h->sb, 1, 0, 0, &err) != LUA_OK || sandbox_call(h->sb, 1, 0, 0, &err) != LUA_OK ||
	    sandbox_call(h->sb, 1, 0, 0, &err) != LUA_OK) {
		lua_fail(h, "template engine", err);
		return -1;
	}
	return 0;
}

/* Copies the words C itself needs (reference titles, page titles). */
static int fetch_words(html *h)
{
	lua_State *L = h->L;
	lua_getfield(L, 1, "words");
	lua_pushstring(L, h->b->config.language == LANG_RU ? "ru" : "en");
	char *err = NULL;
	if (sandbox_call(h->sb, 1, 1, 0, &err) != LUA_OK) {
		lua_fail(h, "words", err);
		return -1;
	}
	const char *keys[] = {"unresolved", "glossary", "print", "home", "history"};
	char **dst[] = {&h->w_unresolved, &h->w_glossary, &h->w_print, &h->w_home, &h->w_history};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const char *w = NULL;
		if (lua_istable(L, -1)) {
			lua_getfield(L, -1, keys[i]);
			w = lua_tostring(L, -1);
			*dst[i] = xstrdup(w ? w : keys[i]);
			lua_pop(L, 1);
		} else {
			*dst[i] = xstrdup(keys[i]);
		}
	}
	lua_settop(L, 1);
	return 0;
}

static int write_out(html *h, const char *name, const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", h->outdir, name);
	int rc = output_write_file(path, data, len, h->d);
	free(path);
	return rc;
}

/* Makes stack slot 2 the site table (slot 1 is the template module). */
static int ensure_site(html *h)
{
	lua_State *L = h->L;
	if (lua_gettop(L) >= 2)
		return 0;
	char *err = NULL;
	lua_pushlightuserdata(L, h);
	lua_pushcclosure(L, l_build_site, 1);
	if (sandbox_call(h->sb, 0, 1, 0, &err) != LUA_OK) {
		lua_fail(h, "site data", err);
		return -1;
	}
	return 0;
}

/* Lays out page p through the templates: pushes its text (with body
 * markers); -1 when the templates failed (reported). */
static int layout_page(html *h, size_t p)
{
	lua_State *L = h->L;
	char *err = NULL;
	lua_pushlightuserdata(L, h);
	lua_pushcclosure(L, l_render_page, 1);
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_pushinteger(L, (lua_Integer)p);
	if (sandbox_call(h->sb, 3, 1, 0, &err) != LUA_OK) {
		char *what = xasprintf("page %s.html", h->pages[p].name);
		lua_fail(h, what, err);
		free(what);
		return -1;
	}
	if (!lua_isstring(L, -1)) {
		diag_add(h->d, NULL, 0, 0, SEV_FATAL, "template-error", NULL,
			 "HTML page %s.html: the layout did not return text", h->pages[p].name);
		return -1;
	}
	return 0;
}

/* Writes page p from its laid-out text (body markers in it) into the
 * output folder; diagnostics into d. */
static int write_text(html *h, size_t p, const char *text, size_t len, diag_list *d)
{
	char *path = xasprintf("%s/%s.html", h->outdir, h->pages[p].name);
	FILE *f = output_open(path, d);
	int rc = -1;
	if (f) {
		splice_bodies(h, text, len, f);
		rc = output_close(f, path, d);
	}
	free(path);
	return rc;
}

/* A page laid out by Lua on the main thread, on its way to the writer. */
struct laid_out {
	struct laid_out *next;
	size_t page, len;
	char text[]; /* len bytes and a NUL */
};

/* Laid-out text the main thread may get ahead of the writer by: more
 * would only raise the peak memory. */
#define QUEUE_MAX ((size_t)16 << 20)

/* Hands the text on top of the Lua stack, laid out for page p, to the
 * writer (a copy: Lua may collect its own), and pops it. */
static void enqueue(html *h, size_t p)
{
	size_t len;
	const char *text = lua_tolstring(h->L, -1, &len);
	struct laid_out *e = xmalloc(sizeof *e + len + 1);
	e->next = NULL;
	e->page = p;
	e->len = len;
	memcpy(e->text, text, len + 1);
	lua_pop(h->L, 1);
	pthread_mutex_lock(&h->gate.lock);
	while (h->queued > QUEUE_MAX && !atomic_load(&h->write_failed))
		pthread_cond_wait(&h->gate.changed, &h->gate.lock);
	*h->queue_end = e;
	h->queue_end = &e->next;
	h->queued += len;
	pthread_cond_broadcast(&h->gate.changed);
	pthread_mutex_unlock(&h->gate.lock);
}

static struct laid_out *dequeue(html *h)
{
	pthread_mutex_lock(&h->gate.lock);
	while (!h->queue && !h->queue_closed)
		pthread_cond_wait(&h->gate.changed, &h->gate.lock);
	struct laid_out *e = h->queue;
	if (e) {
		h->queue = e->next;
		if (!h->queue)
			h->queue_end = &h->queue;
		h->queued -= e->len;
		pthread_cond_broadcast(&h->gate.changed);
	}
	pthread_mutex_unlock(&h->gate.lock);
	return e;
}

/* The writer thread: writes the pages the main thread lays out, in the
 * order it lays them out, each body spliced in once the other thread has
 * rendered it (the first pages go out while the last bodies are made);
 * after a failure it only empties the queue. It calls no Lua and reads no
 * tree. */
static void *write_queued(void *arg)
{
	html *h = arg;
	struct laid_out *e;
	while ((e = dequeue(h)) != NULL) {
		if (!atomic_load(&h->write_failed) && write_text(h, e->page, e->text, e->len, h->wd) != 0)
			atomic_store(&h->write_failed, 1);
		free(e);
	}
	return NULL;
}

/* The k-th page to lay out: the pages in their order, the glossary (at
 * most one) moved to the end. */
static size_t layout_order(const html *h, size_t k)
{
	size_t g = h->glossary_page >= 0 ? (size_t)h->glossary_page : h->npages;
	if (g >= h->npages || k < g)
		return k;
	return k + 1 < h->npages ? k + 1 : g;
}

/* Lays out every page through the templates (this thread: Lua) while a
 * thread of its own writes them; without that thread, writes each page
 * here once the bodies are there. */
static int write_pages(html *h)
{
	lua_State *L = h->L;
	if (ensure_site(h) != 0)
		return -1;
	pthread_t t;
	int threaded = thread_try(&t, write_queued, h);
	if (!threaded) /* all of them: the pages may come in any order */
		thread_await_count(&h->gate, &h->bodies_done, h->b->nclauses);
	int rc = 0;
	/* The pages in their order, but the glossary last: the print page is
	 * the writer's longest (the whole book) and the glossary the longest to
	 * lay out, so the print page is written while the glossary is laid out
	 * instead of after everything (on the 100 MB book the writer went on
	 * alone for 0.3-0.8 s). Which page is laid out first changes nothing
	 * in any page. */
	for (size_t k = 0, p; k < h->npages && rc == 0; k++) {
		p = layout_order(h, k);
		if (atomic_load(&h->write_failed) || layout_page(h, p) != 0) {
			rc = -1;
		} else if (threaded) {
			enqueue(h, p);
		} else {
			size_t len;
			const char *text = lua_tolstring(L, -1, &len);
			rc = write_text(h, p, text, len, h->d);
			lua_pop(L, 1);
		}
	}
	if (threaded) {
		if (rc != 0)
			atomic_store(&h->write_failed, 1);
		thread_raise(&h->gate, &h->queue_closed);
		pthread_join(t, NULL);
		diag_move(h->d, h->wd);
		if (atomic_load(&h->write_failed))
			rc = -1;
	}
	lua_settop(L, 1);
	return rc;
}

/* ---- the search index ---- */

static size_t utf8_len(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A stem as the search index writes it: escaped for JSON once, with its
 * length in characters (most stems recur in clause after clause). */
struct stem_form {
	char *json;
	size_t len, chars;
};

static const struct stem_form *stem_form(html *h, int id)
{
	struct stem_form *f = &h->stem_form[id];
	if (!f->json) {
		const char *stem = match_stem(h->b->index, id);
		buf j;
		buf_init(&j);
		esc_json_n(&j, stem, strlen(stem), 0);
		f->len = j.len;
		f->json = buf_detach(&j);
		f->chars = utf8_len(stem, strlen(stem));
	}
	return f;
}

/* The distinct stems of text's words of at least min_chars code points,
 * in the order they first occur, as one JSON string. Duplicates are
 * dropped by stem id with a stamp per call. The order means nothing to
 * the search script; it is the text's, so the same book gives the same
 * index without a sort per clause. */
static void put_stems(html *h, buf *o, const char *text, size_t min_chars)
{
	int *ids;
	size_t n = match_stems(h->b->index, text ? text : "", &ids);
	size_t ns = match_nstems(h->b->index);
	if (h->stem_cap < ns) {
		h->stem_seen = xrealloc(h->stem_seen, ns * sizeof *h->stem_seen);
		memset(h->stem_seen + h->stem_cap, 0, (ns - h->stem_cap) * sizeof *h->stem_seen);
		h->stem_form = xrealloc(h->stem_form, ns * sizeof *h->stem_form);
		memset(h->stem_form + h->stem_cap, 0, (ns - h->stem_cap) * sizeof *h->stem_form);
		h->stem_cap = ns;
	}
	h->stem_stamp++;
	buf_putc(o, '"');
	int first = 1;
	for (size_t i = 0; i < n; i++) {
		if (h->stem_seen[ids[i]] == h->stem_stamp)
			continue;
		h->stem_seen[ids[i]] = h->stem_stamp;
		const struct stem_form *f = stem_form(h, ids[i]);
		if (min_chars > 1 && f->chars < min_chars)
			continue;
		if (!first)
			buf_putc(o, ' ');
		first = 0;
		buf_put(o, f->json, f->len);
	}
	buf_putc(o, '"');
	free(ids);
}

/* search-index.js: for each clause its number, title, address, kind, the
 * stems of its title (and a term's synonyms) and of its text. Loaded by a
 * script element, so search works from file:// with no fetch(). */
int html_write_search_index(html *h, diag_list *d)
{
	const book *b = h->b;
	char *path = xasprintf("%s/search-index.js", h->outdir);
	FILE *f = output_open(path, d);
	if (!f) {
		free(path);
		return -1;
	}
	/* written entry by entry: the index is a third of the book's size */
	buf o, href; /* not h->scratch: the pages may be written meanwhile */
	buf_init(&o);
	buf_init(&href);
	buf_puts(&o, "window.SVCBOOK_SEARCH = {\"version\":1,\"entries\":[\n");
	int first = 1;
	for (size_t i = 0; i < b->nclauses; i++) {
		const book_clause *cl = &b->clauses[i];
		if (!h->shown[i])
			continue;
		const char *kind = cl->term >= 0 ? "term" : cl->role >= 0 && cl->depth == 1 ? "role" :
			cl->stage >= 0 ? "stage" : cl->depth == 0 ? "chapter" : "clause";
		if (!first)
			buf_puts(&o, ",\n");
		first = 0;
		buf_puts(&o, "{\"n\":");
		esc_json(&o, cl->number, 0);
		buf_puts(&o, ",\"t\":");
		esc_json(&o, cl->title, 0);
		buf_puts(&o, ",\"h\":");
		int top = h->pages[h->page_of[i]].top == (int)i;
		esc_json(&o, top ? page_href_name(h, h->page_of[i], &href) : h->chref[M_SITE][i], 0);
		buf_puts(&o, ",\"k\":");
		esc_json(&o, kind, 0);
		buf_puts(&o, ",\"s\":");
		buf names;
		buf_init(&names);
		buf_puts(&names, cl->title ? cl->title : "");
		if (cl->term >= 0)
			for (size_t k = 0; k < b->terms[cl->term].naka; k++) {
				buf_putc(&names, ' ');
				buf_puts(&names, b->terms[cl->term].aka[k]);
			}
		put_stems(h, &o, names.data, 1);
		buf_free(&names);
		buf_puts(&o, ",\"w\":");
		char *text = book_clause_text(b, (int)i);
		put_stems(h, &o, text, 2);
		free(text);
		buf_putc(&o, '}');
		fwrite(o.data, 1, o.len, f);
		o.len = 0;
	}
	buf_puts(&o, "\n]};\n");
	fwrite(o.data, 1, o.len, f);
	buf_free(&o);
	buf_free(&href);
	int rc = output_close(f, path, d);
	free(path);
	return rc;
}

/* ---- assets ---- */

/* Names of the regular files in dir that are assets (not templates, not
 * Lua, not hidden), appended to *v. */
static void list_assets(const char *dir, char ***v, size_t *n, size_t *cap)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *name = e->d_name;
		if (!template_name_ok(name) || str_ends(name, ".html") || str_ends(name, ".lua"))
			continue;
		if (e->d_type == DT_DIR) /* templates/starter/ (svcbook new) is no asset */
			continue;
		*v = xgrow(*v, cap, *n + 1, sizeof **v);
		(*v)[(*n)++] = xstrdup(name);
	}
	closedir(d);
}

/* Copies style.css, svcbook.js and any other asset of templates/ (the
 * book's own copy of a name wins) into the output. */
static int copy_assets(html *h)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	char *dir = xasprintf("%s/templates", h->datadir);
	list_assets(dir, &names, &n, &cap);
	free(dir);
	if (h->bookdir_real) {
		dir = xasprintf("%s/templates", h->b->dir);
		list_assets(dir, &names, &n, &cap);
		free(dir);
	}
	sort_array(names, n, sizeof *names, cmp_str);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (i && strcmp(names[i], names[i - 1]) == 0)
			continue;
		size_t len;
		char *data = read_template(h, names[i], &len);
		if (!data) {
			/* A symlink out of the book folder, or unreadable: leave it out. */
			diag_add(h->d, NULL, 0, 0, SEV_WARNING, "template-error", NULL,
				 "templates/%s left out of the HTML: not a readable file inside the book folder", names[i]);
			continue;
		}
		rc = write_out(h, names[i], data, len);
		free(data);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* ---- the backend ---- */

static void html_free(html *h)
{
	const book *b = h->b;
	thread_gate_free(&h->gate);
	diag_list_free(h->wd);
	for (int m = 0; m < M_COUNT; m++) {
		for (size_t i = 0; i < b->nclauses; i++) {
			if (h->chref[m])
				free(h->chref[m][i]);
			if (h->title_html[m])
				free(h->title_html[m][i]);
		}
		free(h->chref[m]);
		free(h->title_html[m]);
	}
	for (size_t i = 0; h->raw && i < b->nclauses; i++) {
		free(h->raw[i]);
		free(h->raw_print[i]);
	}
	free(h->raw);
	free(h->raw_print);
	for (size_t p = 0; p < h->npages; p++) {
		free(h->pages[p].name);
		free(h->pages[p].clauses);
	}
	free(h->pages);
	free(h->swaps);
	free(h->stage_sec);
	for (size_t i = 0; h->tip_term && i < b->nterms; i++)
		free(h->tip_term[i]);
	for (size_t i = 0; h->tip_role && i < b->nroles; i++)
		free(h->tip_role[i]);
	for (size_t i = 0; h->tip_clause && i < b->nclauses; i++)
		free(h->tip_clause[i]);
	free(h->tip_term);
	free(h->tip_role);
	free(h->tip_clause);
	free(h->gloss);
	free(h->letter_ids);
	for (size_t i = 0; i < h->nfixed; i++)
		free(h->fixed[i]);
	free(h->fixed);
	strmap_free(&h->fixed_ids);
	free(h->shown);
	free(h->stem_seen);
	free(h->use_slot);
	free(h->use_scratch);
	for (size_t i = 0; i < h->stem_cap; i++)
		free(h->stem_form[i].json);
	free(h->stem_form);
	free(h->page_of);
	free(h->toc_pos);
	free(h->toc_count);
	free(h->role_order);
	free(h->w_unresolved);
	free(h->w_glossary);
	free(h->w_print);
	free(h->w_home);
	free(h->w_history);
	free(h->bookdir_real);
	free(h->last_read);
	buf_free(&h->scratch);
	buf_free(&h->wbuf);
	sandbox_free(h->sb);
}

html *html_begin(const book *b, const book_view *v, const char *outdir, const char *datadir, diag_list *d)
{
	html *h = xcalloc(1, sizeof *h);
	thread_gate_init(&h->gate);
	h->queue_end = &h->queue;
	h->wd = diag_list_new();
	h->b = b;
	h->v = v;
	h->outdir = outdir;
	h->datadir = datadir;
	h->d = d;
	h->options = CMARK_OPT_DEFAULT | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES;
	if (b->config.unsafe_html)
		h->options |= CMARK_OPT_UNSAFE;
	strmap_init(&h->fixed_ids);
	buf_init(&h->scratch);
	buf_init(&h->wbuf);
	/* an untrusted book's templates/ are not read at all (trust.h) */
	h->bookdir_real = b->dir && b->trusted ? realpath(b->dir, NULL) : NULL;
	if (start_lua(h) != 0 || fetch_words(h) != 0) {
		html_end(h);
		return NULL;
	}
	decide_shown(h);
	plan_pages(h);
	plan_hrefs(h);
	h->role_order = book_role_order(h->b);
	h->id_main = fixed_id(h, "main");
	h->id_search = fixed_id(h, "search");
	h->id_results = fixed_id(h, "search-results");
	h->id_toc = fixed_id(h, "toc");
	h->id_pyramid = fixed_id(h, "pyramid");
	h->id_lines = fixed_id(h, "support-lines");
	h->id_matrix = fixed_id(h, "matrix");
	plan_glossary(h);
	render_titles(h);
	return h;
}

int html_write_site(html *h)
{
	int rc = write_pages(h);
	if (rc == 0)
		rc = copy_assets(h);
	if (rc == 0) /* the images and files the pages link to */
		rc = output_copy_local(h->b->dir, h->b->local_files, h->b->nlocal_files, h->outdir, h->d);
	return rc;
}

void html_end(html *h)
{
	if (!h)
		return;
	unmark_ref_links(h); /* when the bodies were never rendered */
	html_free(h);
	free(h);
}

void html_end_kept(html *h)
{
	if (h)
		unmark_ref_links(h);
}

int html_write(const book *b, const book_view *v, const char *outdir, const char *datadir, diag_list *d)
{
	html *h = html_begin(b, v, outdir, datadir, d);
	if (!h)
		return -1;
	html_render_bodies(h);
	int rc = html_write_site(h);
	if (rc == 0)
		rc = html_write_search_index(h, d);
	html_end(h);
	return rc;
}

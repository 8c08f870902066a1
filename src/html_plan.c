/* html_plan.c - the HTML site planned before any page is laid out: which
 * clauses this output shows, its pages, every clause's address in the site
 * and in the print page, the ids the output itself adds. */
#include "html_site.h"
#include "escape.h"

#include <stdlib.h>

/* ---- ids the output itself adds ---- */

/* An id for the output's own elements ("main", "search", ...) that no
 * clause uses and no other fixed id took: base, else base-2, base-3, ... */
const char *html_fixed_id(html *h, const char *base)
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

const char *html_page_href(html *h, int p, buf *o)
{
	o->len = 0;
	buf_puts(o, "");
	esc_url(o, h->pages[p].name, ESC_URL_PART, ESC_URL_UTF8);
	buf_puts(o, ".html");
	return o->data;
}


void html_plan(html *h)
{
	decide_shown(h);
	plan_pages(h);
	plan_hrefs(h);
	h->role_order = book_role_order(h->b);
	h->id_main = html_fixed_id(h, "main");
	h->id_search = html_fixed_id(h, "search");
	h->id_results = html_fixed_id(h, "search-results");
	h->id_toc = html_fixed_id(h, "toc");
	h->id_pyramid = html_fixed_id(h, "pyramid");
	h->id_lines = html_fixed_id(h, "support-lines");
	h->id_matrix = html_fixed_id(h, "matrix");
	html_plan_glossary(h);
}

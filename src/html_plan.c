/* html_plan.c - the HTML site planned before any page is laid out: the
 * plan (plan.h: which clauses this output shows, its pages, ...), every
 * clause's address in the site and in the print page, the ids the output
 * itself adds. */
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
			esc_url(&o, plan_clause_page(b, (int)i), ESC_URL_PART, ESC_URL_UTF8);
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


void html_plan(html *h, const plan *p)
{
	const book *b = h->b;
	if (!p)
		p = h->own_plan = plan_new(b, h->v);
	h->plan = p;
	h->shown = p->shown;
	h->page_of = p->page_of;
	h->role_order = p->role_order;
	h->pages = p->pages;
	h->npages = p->npages;
	h->glossary_page = p->glossary_page;
	h->history_page = p->history_page;
	h->gloss = p->gloss;
	h->ngloss = p->ngloss;
	h->toc_pos = xcalloc(b->nclauses + 1, sizeof *h->toc_pos);
	h->toc_count = xcalloc(b->nchapters + 1, sizeof *h->toc_count);
	plan_hrefs(h);
	h->id_main = html_fixed_id(h, "main");
	h->id_search = html_fixed_id(h, "search");
	h->id_results = html_fixed_id(h, "search-results");
	h->id_toc = html_fixed_id(h, "toc");
	h->id_pyramid = html_fixed_id(h, "pyramid");
	h->id_lines = html_fixed_id(h, "support-lines");
	h->id_matrix = html_fixed_id(h, "matrix");
	html_plan_glossary(h);
}

/* html.c - the HTML backend (html.h): an html_site made, planned, its
 * headings rendered (html_begin), and freed (html_end). The work is in the
 * html_*.c modules listed in html_site.h. */
#include "html_site.h"

#include <stdlib.h>

/* ---- the backend ---- */

static void html_free(html *h)
{
	const book *b = h->b;
	thread_gate_free(&h->gate);
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
	for (size_t i = 0; h->tip_term && i < b->nterms; i++)
		free(h->tip_term[i]);
	for (size_t i = 0; h->tip_role && i < b->nroles; i++)
		free(h->tip_role[i]);
	for (size_t i = 0; h->tip_clause && i < b->nclauses; i++)
		free(h->tip_clause[i]);
	free(h->tip_term);
	free(h->tip_role);
	free(h->tip_clause);
	free(h->letter_ids);
	for (size_t i = 0; i < h->nfixed; i++)
		free(h->fixed[i]);
	free(h->fixed);
	strmap_free(&h->fixed_ids);
	free(h->use_slot);
	html_search_free(h);
	free(h->toc_pos);
	free(h->toc_count);
	plan_free(h->own_plan);
	free(h->w_unresolved);
	free(h->w_glossary);
	free(h->w_print);
	free(h->w_home);
	free(h->w_history);
	free(h->bookdir_real);
	free(h->last_read);
	buf_free(&h->scratch);
	for (size_t i = 0; i < h->nsink_made; i++)
		buf_free(&h->sink[i]);
	buf_free(&h->laid);
	free(h->sink);
	buf_free(&h->wbuf);
	sandbox_free(h->sb);
}

html *html_begin(const book *b, const book_view *v, const plan *p, const char *outdir, const char *datadir,
		 diag_list *d)
{
	html *h = xcalloc(1, sizeof *h);
	thread_gate_init(&h->gate);
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
	if (html_start_lua(h) != 0 || html_fetch_words(h) != 0) {
		html_end(h);
		return NULL;
	}
	html_plan(h, p);
	html_render_titles(h);
	return h;
}

void html_end(html *h)
{
	if (!h)
		return;
	html_free(h);
	free(h);
}

void html_end_kept(html *h)
{
	(void)h; /* the trees were never changed: nothing to give back */
}

int html_write(const book *b, const book_view *v, const char *outdir, const char *datadir, diag_list *d)
{
	html *h = html_begin(b, v, NULL, outdir, datadir, d);
	if (!h)
		return -1;
	html_render_bodies(h);
	int rc = html_write_site(h);
	if (rc == 0)
		rc = html_write_search_index(h, d);
	html_end(h);
	return rc;
}

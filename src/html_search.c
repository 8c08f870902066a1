/* html_search.c - search-index.js: each shown clause's number, title,
 * address, kind and word stems, loaded by a script element (file://). */
#include "html_site.h"
#include "escape.h"
#include "match.h"
#include "output.h"

#include <stdlib.h>

/* A stem as the search index writes it: escaped for JSON once, with its
 * length in characters (most stems recur in clause after clause). */
struct stem_form {
	char *json;
	size_t len, chars;
};

/* What the index keeps between clauses, per stem id (h->search; kept
 * until html_end, which a process about to exit skips), and each shown
 * clause's distinct text stems, taken by html_search_take while the
 * bodies are rendered so that the index needs no tree. */
struct html_search {
	unsigned *seen;          /* the distinct_stems call that last saw it */
	struct stem_form *form;  /* its JSON text, made once */
	size_t cap;
	unsigned stamp;
	int *ids;                /* the clauses' text stems, one run after another */
	size_t nids, capids;
	size_t *at;              /* per clause, its run in ids; NULL: none taken */
	unsigned *len;
	match_cache *cache;      /* this thread's words -> stems (match_stems_cached) */
	buf text;                /* a clause's text, kept from clause to clause */
	int *all;                /* a text's stems, duplicates and all */
	size_t capall;
};

static const struct stem_form *stem_form(html *h, int id)
{
	struct stem_form *f = &h->search->form[id];
	if (!f->json) {
		const char *stem = match_stem(h->b->index, id);
		buf j;
		buf_init(&j);
		esc_json_n(&j, stem, strlen(stem), 0);
		/* kept with room to be copied sixteen bytes, then eight a
		 * step (put_stems) */
		f->len = j.len;
		f->json = xcalloc(j.len + 16, 1);
		memcpy(f->json, j.data, j.len);
		buf_free(&j);
		f->chars = utf8_chars(stem, strlen(stem));
	}
	return f;
}

static struct html_search *search_state(html *h)
{
	if (!h->search) {
		h->search = xcalloc(1, sizeof *h->search);
		h->search->cache = match_cache_new();
		buf_init(&h->search->text);
	}
	return h->search;
}

/* The distinct stems of the len bytes of text's words (a NUL at
 * text[len]), in the order they first occur, appended to st->ids from
 * st->nids on (not counted there yet); how many. Duplicates are dropped
 * by stem id with a stamp per call. The order means nothing to the search
 * script; it is the text's, so the same book gives the same index
 * without a sort per clause. */
static size_t distinct_stems(html *h, const char *text, size_t len)
{
	struct html_search *st = search_state(h);
	size_t n = match_stems_cached(h->b->index, st->cache, text, len, &st->all, &st->capall);
	size_t ns = match_nstems(h->b->index);
	if (st->cap < ns) { /* doubled: the stems grow a few at a time */
		size_t nc = ns < 2 * st->cap ? 2 * st->cap : ns;
		st->seen = xrealloc(st->seen, nc * sizeof *st->seen);
		memset(st->seen + st->cap, 0, (nc - st->cap) * sizeof *st->seen);
		st->form = xrealloc(st->form, nc * sizeof *st->form);
		memset(st->form + st->cap, 0, (nc - st->cap) * sizeof *st->form);
		st->cap = nc;
	}
	st->ids = xgrow(st->ids, &st->capids, st->nids + n, sizeof *st->ids);
	int *out = st->ids + st->nids;
	unsigned stamp = ++st->stamp;
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		int id = st->all[i];
		if (st->seen[id] == stamp)
			continue;
		st->seen[id] = stamp;
		out[m++] = id;
	}
	return m;
}

/* The stems ids[0..n) of at least min_chars code points, as one JSON
 * string. Their forms are made and measured first, so that the room for
 * all of them is made once; then each is copied sixteen bytes, then eight
 * a step (its form has the room): the bytes copied past its end are
 * written over by the next, or lie past o->len. */
static void put_stems(html *h, buf *o, const int *ids, size_t n, size_t min_chars)
{
	size_t room = 2 + 16; /* the quotes, and the last copy's slack */
	for (size_t i = 0; i < n; i++) {
		const struct stem_form *f = stem_form(h, ids[i]);
		room += f->len + 1;
	}
	if (o->cap - o->len < room)
		o->data = xgrow(o->data, &o->cap, o->len + room, 1);
	const struct stem_form *form = h->search->form;
	char *p = o->data + o->len;
	*p++ = '"';
	int first = 1;
	for (size_t i = 0; i < n; i++) {
		const struct stem_form *f = &form[ids[i]];
		if (min_chars > 1 && f->chars < min_chars)
			continue;
		*p = ' '; /* the first stem is copied over it */
		p += !first;
		first = 0;
		memcpy(p, f->json, 16); /* most stems: one copy */
		for (size_t k = 16; k < f->len; k += 8)
			memcpy(p + k, f->json + k, 8);
		p += f->len;
	}
	*p++ = '"';
	*p = '\0';
	o->len = (size_t)(p - o->data);
}

void html_search_take(html *h, int c)
{
	struct html_search *st = search_state(h);
	st->text.len = 0;
	buf_put(&st->text, "", 0);
	book_clause_text_put(h->b, c, &st->text);
	size_t n = distinct_stems(h, st->text.data, st->text.len);
	if (!st->at) {
		st->at = xcalloc(h->b->nclauses, sizeof *st->at);
		st->len = xcalloc(h->b->nclauses, sizeof *st->len);
	}
	st->at[c] = st->nids;
	st->len[c] = (unsigned)n;
	st->nids += n;
}

/* search-index.js: for each clause its number, title, address, kind, the
 * stems of its title (and a term's synonyms) and of its text. Loaded by a
 * script element, so search works from file:// with no fetch(). */
int html_write_search_index(html *h, diag_list *d)
{
	struct html_search *st = search_state(h);
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
		esc_json(&o, top ? html_page_href(h, h->page_of[i], &href) : h->chref[M_SITE][i], 0);
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
		/* its stems after the text stems' runs, not kept there */
		size_t n = distinct_stems(h, names.data, names.len);
		put_stems(h, &o, st->ids + st->nids, n, 1);
		buf_free(&names);
		buf_puts(&o, ",\"w\":");
		/* the text stems html_render_bodies took: the trees may be gone */
		put_stems(h, &o, st->len[i] ? st->ids + st->at[i] : NULL, st->len[i], 2);
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


void html_search_free(html *h)
{
	struct html_search *st = h->search;
	if (!st)
		return;
	free(st->seen);
	for (size_t i = 0; i < st->cap; i++)
		free(st->form[i].json);
	free(st->form);
	free(st->ids);
	free(st->at);
	free(st->len);
	match_cache_free(st->cache);
	buf_free(&st->text);
	free(st->all);
	free(st);
	h->search = NULL;
}

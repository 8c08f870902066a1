/* xref_autolink.c - book.lua autolink_terms = "first": the first
 * plain-text use of each term in every clause becomes a reference, found
 * in any inflected form (match.h). Runs after xref_resolve. */
#include "xref.h"
#include "xref_int.h"
#include "match.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_TERM_WORDS 6

typedef struct {
	size_t start, end; /* byte range of a word in the literal */
} word_span;

static int is_word_cp(utf8proc_int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) ||
	       cat == UTF8PROC_CATEGORY_MN;
}

static size_t split_words(const char *s, word_span **out, size_t *cap)
{
	size_t n = 0, i = 0, len = strlen(s);
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0) {
			i++;
			continue;
		}
		if (!is_word_cp(c)) {
			i += (size_t)k;
			continue;
		}
		size_t start = i;
		while (i < len) {
			k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
			if (k <= 0 || !is_word_cp(c))
				break;
			i += (size_t)k;
		}
		*out = xgrow(*out, cap, n + 1, sizeof **out);
		(*out)[n].start = start;
		(*out)[n++].end = i;
	}
	return n;
}

/* The first term found at word w of s (longest phrase wins), or -1. */
static int term_at(book *b, const char *s, const word_span *w, size_t nw, size_t at, size_t *words)
{
	for (size_t n = nw - at < MAX_TERM_WORDS ? nw - at : MAX_TERM_WORDS; n > 0; n--) {
		/* A phrase never crosses punctuation other than spaces. */
		int clean = 1;
		for (size_t k = at; k + 1 < at + n && clean; k++)
			for (size_t p = w[k].end; p < w[k + 1].start; p++)
				if (s[p] != ' ')
					clean = 0;
		if (!clean)
			continue;
		char *phrase = xstrndup(s + w[at].start, w[at + n - 1].end - w[at].start);
		/* the stems alone: the lemmas of every phrase of the text
		 * would load the dictionary for all of them */
		const match_hit *hits;
		char *key = match_key(b->index, phrase);
		size_t nh = match_lookup_key(b->index, key, &hits);
		free(key);
		free(phrase);
		int term = -1, count = 0;
		for (size_t i = 0; i < nh; i++)
			if (hits[i].kind == TARGET_TERM && hits[i].index != term) {
				term = hits[i].index;
				count++;
			}
		if (count == 1) {
			*words = n;
			return term;
		}
	}
	return -1;
}

/* Links the first plain-text use of each term in one text node, when that
 * term was not linked yet in this clause. */
static void autolink_text(book *b, int file, int clause, cmark_node *t, int *linked, node_list *dead)
{
	const char *lit = cmark_node_get_literal(t);
	word_span *w = NULL;
	size_t cap = 0, nw = split_words(lit, &w, &cap), done = 0;
	int changed = 0;
	for (size_t i = 0; i < nw;) {
		size_t n = 0;
		int term = term_at(b, lit, w, nw, i, &n);
		if (term < 0 || linked[term] == clause + 1 || b->terms[term].clause == clause) {
			i++;
			continue;
		}
		linked[term] = clause + 1;
		size_t a = w[i].start, e = w[i + n - 1].end;
		if (a > done)
			cmark_node_insert_before(t, xref_text_node(lit + done, a - done));
		book_pos pos = {file, cmark_node_get_start_line(t), cmark_node_get_start_column(t) + (int)a};
		/* Text made by an earlier split has no position: use its block's. */
		for (cmark_node *p = t; pos.line <= 0 && p; p = cmark_node_parent(p)) {
			pos.line = cmark_node_get_start_line(p);
			pos.col = cmark_node_get_start_column(p);
		}
		char *raw = xstrndup(lit + a, e - a);
		int ref = xref_new_ref(b, REF_NAME, raw, pos, clause);
		b->refs[ref].target = raw;
		cmark_node *link = xref_new_node(CMARK_NODE_LINK);
		cmark_node_set_url(link, "");
		cmark_node_set_user_data(link, (void *)(intptr_t)(ref + 1));
		cmark_node_append_child(link, xref_text_node(lit + a, e - a));
		cmark_node_insert_before(t, link);
		b->refs[ref].node = link;
		/* Found by the term index itself: resolved already. */
		b->refs[ref].status = RESOLVE_OK;
		b->refs[ref].target_kind = TARGET_TERM;
		b->refs[ref].target_index = term;
		b->refs[ref].target_clause = b->terms[term].clause;
		book_term *bt = &b->terms[term];
		bt->uses = xgrow(bt->uses, &bt->cap_uses, bt->nuses + 1, sizeof *bt->uses);
		bt->uses[bt->nuses++] = ref;
		done = e;
		changed = 1;
		i += n;
	}
	if (changed) {
		if (done < strlen(lit))
			cmark_node_insert_before(t, xref_text_node(lit + done, strlen(lit) - done));
		cmark_node_unlink(t);
		list_push(dead, t);
	}
	free(w);
}

/* Text nodes of a clause's body that are plain prose: not inside a link,
 * an image or a heading. */
static void prose_texts(cmark_node *top, node_list *out)
{
	cmark_iter *it = cmark_iter_new(top);
	cmark_event_type ev;
	int inside = 0; /* depth of links and images entered */
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type ty = cmark_node_get_type(n);
		if (ty == CMARK_NODE_LINK || ty == CMARK_NODE_IMAGE || ty == CMARK_NODE_HEADING) {
			inside += ev == CMARK_EVENT_ENTER ? 1 : ev == CMARK_EVENT_EXIT ? -1 : 0;
			continue;
		}
		if (ev == CMARK_EVENT_ENTER && ty == CMARK_NODE_TEXT && !inside)
			list_push(out, n);
	}
	cmark_iter_free(it);
}

void xref_autolink(book *b)
{
	if (!b->nterms)
		return;
	int *linked = xcalloc(b->nterms, sizeof *linked); /* clause + 1 it was last linked in */
	/* The explicit references of each clause, grouped by a counting sort. */
	size_t nexplicit = b->nrefs;
	size_t *start = xcalloc(b->nclauses + 1, sizeof *start);
	int *by_clause = xcalloc(nexplicit ? nexplicit : 1, sizeof *by_clause);
	for (size_t i = 0; i < nexplicit; i++)
		if (b->refs[i].clause >= 0)
			start[b->refs[i].clause + 1]++;
	for (size_t c = 0; c < b->nclauses; c++)
		start[c + 1] += start[c];
	size_t *fill = xcalloc(b->nclauses + 1, sizeof *fill);
	for (size_t i = 0; i < nexplicit; i++) {
		int c = b->refs[i].clause;
		if (c >= 0)
			by_clause[start[c] + fill[c]++] = (int)i;
	}
	free(fill);
	for (size_t c = 0; c < b->nclauses; c++) {
		book_clause *cl = &b->clauses[c];
		if (!cl->body_first || cl->file < 0)
			continue;
		/* Explicit references already count as the first use. */
		node_list texts = {0}, dead = {0};
		for (cmark_node *n = cl->body_first;; n = cmark_node_next(n)) {
			prose_texts(n, &texts);
			if (n == cl->body_last)
				break;
		}
		for (size_t k = start[c]; k < start[c + 1]; k++) {
			const book_ref *r = &b->refs[by_clause[k]];
			if (r->status == RESOLVE_OK && r->target_kind == TARGET_TERM)
				linked[r->target_index] = (int)c + 1;
		}
		for (size_t i = 0; i < texts.n; i++)
			autolink_text(b, cl->file, (int)c, texts.v[i], linked, &dead);
		for (size_t i = 0; i < dead.n; i++)
			cmark_node_free(dead.v[i]);
		free(texts.v);
		free(dead.v);
	}
	free(linked);
	free(start);
	free(by_clause);
}

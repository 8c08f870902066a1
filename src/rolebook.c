/* rolebook.c - chooses the clauses and terms of one role's onboarding book. */
#include "rolebook.h"
#include "strmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

int rolebook_find(const book *b, const char *id)
{
	return id ? strmap_get(b->role_ids, id) : -1;
}

/* Does the appearance section cl cover role r (roles="... id ..." or all)? */
static int covers(const book *b, const book_clause *cl, int r)
{
	for (size_t i = 0; i < cl->nroles_attr; i++)
		if (strcmp(cl->roles_attr[i], "all") == 0 || strcmp(cl->roles_attr[i], b->roles[r].id) == 0)
			return 1;
	return 0;
}

/* Whether clause i is the role's material in its own right (before terms,
 * descendants and ancestors are added). */
static int own_material(const book *b, size_t i, int r)
{
	const book_clause *cl = &b->clauses[i];
	switch (b->chapters[cl->chapter].kind) {
	case CH_GENERAL:
	case CH_PRINCIPLES:
		return 1;
	case CH_ROLES:
		return cl->depth > 0 && cl->file >= 0 && cl->file == b->roles[r].file;
	case CH_JOURNEY:
		return cl->stage >= 0 && b->stages[cl->stage].owner_role == r;
	case CH_APPEARANCE:
		return cl->depth == 1 && covers(b, cl, r);
	default:
		return 0;
	}
}

/* The terms each clause refers to: clause c's are term[at[c]] ..
 * term[at[c + 1] - 1], in the book's order of references. */
struct rolebook_index {
	const book *b;
	int *at, *term;
};

rolebook_index *rolebook_index_new(const book *b)
{
	rolebook_index *x = xcalloc(1, sizeof *x);
	x->b = b;
	x->at = xcalloc(b->nclauses + 1, sizeof *x->at);
	x->term = xcalloc(b->nrefs ? b->nrefs : 1, sizeof *x->term);
	for (size_t i = 0; i < b->nrefs; i++) {
		const book_ref *ref = &b->refs[i];
		if (ref->status == RESOLVE_OK && ref->target_kind == TARGET_TERM && ref->clause >= 0)
			x->at[ref->clause + 1]++;
	}
	for (size_t c = 0; c < b->nclauses; c++)
		x->at[c + 1] += x->at[c];
	int *fill = xcalloc(b->nclauses + 1, sizeof *fill);
	for (size_t i = 0; i < b->nrefs; i++) {
		const book_ref *ref = &b->refs[i];
		if (ref->status == RESOLVE_OK && ref->target_kind == TARGET_TERM && ref->clause >= 0)
			x->term[x->at[ref->clause] + fill[ref->clause]++] = ref->target_index;
	}
	free(fill);
	return x;
}

void rolebook_index_free(rolebook_index *x)
{
	if (!x)
		return;
	free(x->at);
	free(x->term);
	free(x);
}

/* The clauses a view has taken in and not yet looked at. */
typedef struct {
	unsigned char *inc;
	int *v;
	size_t n;
} pending;

static void take(pending *p, int c)
{
	if (!p->inc[c]) {
		p->inc[c] = 1;
		p->v[p->n++] = c; /* at most once per clause: v has room for all */
	}
}

/* Closes the view over its two rules, each clause looked at once: every
 * clause keeps the chain of clauses that holds it (whose own text is then
 * shown too), and a term used in a clause of the view is in it, with its
 * clause and everything below that (a chapter's opening text, shown as a
 * holder, may use more terms; so may a term's definition). The least set
 * closed so, the same whatever the order the clauses are looked at in. */
static void close_view(const rolebook_index *x, pending *p, unsigned char *terms)
{
	const book *b = x->b;
	while (p->n) {
		int c = p->v[--p->n];
		for (int a = b->clauses[c].parent; a >= 0 && !p->inc[a]; a = b->clauses[a].parent)
			take(p, a);
		for (int k = x->at[c]; k < x->at[c + 1]; k++) {
			int t = x->term[k];
			if (terms[t])
				continue;
			terms[t] = 1;
			int tc = b->terms[t].clause;
			if (tc < 0)
				continue;
			take(p, tc);
			for (size_t j = (size_t)tc + 1; j < b->nclauses && b->clauses[j].depth > b->clauses[tc].depth; j++)
				take(p, (int)j);
		}
	}
}

void rolebook_view_in(const rolebook_index *x, int r, book_view *v)
{
	const book *b = x->b;
	size_t n = b->nclauses ? b->nclauses : 1;
	pending p = {xcalloc(n, 1), xcalloc(n, sizeof(int)), 0};
	unsigned char *terms = xcalloc(b->nterms ? b->nterms : 1, 1);
	for (size_t i = 0; i < b->nclauses; i++) {
		const book_clause *cl = &b->clauses[i];
		/* a section brings the clauses below it */
		if (own_material(b, i, r) || (cl->parent >= 0 && p.inc[cl->parent] && cl->depth > 0 &&
		                              b->chapters[cl->chapter].kind != CH_TERMS &&
		                              b->clauses[cl->parent].depth > 0))
			take(&p, (int)i);
	}
	close_view(x, &p, terms);
	free(p.v);
	memset(v, 0, sizeof *v);
	v->clauses = p.inc;
	v->terms = terms;
	v->full_url = b->config.url && *b->config.url ? b->config.url : NULL;
	v->role = r;
}

void rolebook_view(const book *b, int r, book_view *v)
{
	rolebook_index *x = rolebook_index_new(b);
	rolebook_view_in(x, r, v);
	rolebook_index_free(x);
}

void rolebook_view_free(book_view *v)
{
	free((void *)v->clauses);
	free((void *)v->terms);
	v->clauses = v->terms = NULL;
}

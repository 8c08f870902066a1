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
 * term[at[c + 1] - 1], in the book's order of references. shared: the
 * view every role's view holds, its clauses and its terms (see
 * rolebook_view_in); NULL in the index of one view. Where one role's
 * own material may be, each list in the book's order: the journey's and
 * the appearance's clauses, stage[0 .. nstage - 1], and the roles'
 * clauses of file f, in_file[file_at[f] .. file_at[f + 1] - 1]. */
struct rolebook_index {
	const book *b;
	int *at, *term;
	unsigned char *shared, *shared_terms;
	int *stage, *in_file, *file_at;
	size_t nstage;
};

static void make_view(const rolebook_index *x, int r, unsigned char *inc, unsigned char *terms);

/* Fills x's lists of where a role's own material may be: it lies in the
 * journey, the appearance and the role's own file, and so does every
 * section below it, a clause's parent being in its chapter and, but for
 * the chapter's own clause, in its file. Were one not, every clause is
 * listed (in stage). */
static void own_lists(rolebook_index *x)
{
	const book *b = x->b;
	size_t n = b->nclauses, nf = b->nfiles;
	int apart = 0;
	for (size_t i = 0; i < n; i++) {
		const book_clause *cl = &b->clauses[i], *p = cl->parent >= 0 ? &b->clauses[cl->parent] : NULL;
		apart |= p && (p->chapter != cl->chapter || (p->depth > 0 && p->file != cl->file));
	}
	x->stage = xcalloc(n ? n : 1, sizeof *x->stage);
	x->in_file = xcalloc(n ? n : 1, sizeof *x->in_file);
	x->file_at = xcalloc(nf + 1, sizeof *x->file_at);
	for (size_t i = 0; i < n; i++) {
		const book_clause *cl = &b->clauses[i];
		book_chapter_kind k = b->chapters[cl->chapter].kind;
		if (apart || k == CH_JOURNEY || k == CH_APPEARANCE)
			x->stage[x->nstage++] = (int)i;
		else if (k == CH_ROLES && cl->file >= 0 && (size_t)cl->file < nf)
			x->file_at[cl->file + 1]++;
	}
	for (size_t f = 0; f < nf; f++)
		x->file_at[f + 1] += x->file_at[f];
	int *fill = xcalloc(nf ? nf : 1, sizeof *fill);
	for (size_t i = 0; i < n && !apart; i++) {
		const book_clause *cl = &b->clauses[i];
		if (b->chapters[cl->chapter].kind == CH_ROLES && cl->file >= 0 && (size_t)cl->file < nf)
			x->in_file[x->file_at[cl->file] + fill[cl->file]++] = (int)i;
	}
	free(fill);
}

static rolebook_index *index_new(const book *b, int shared)
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
	if (shared) {
		unsigned char *inc = xcalloc(b->nclauses ? b->nclauses : 1, 1);
		unsigned char *terms = xcalloc(b->nterms ? b->nterms : 1, 1);
		make_view(x, -1, inc, terms);
		x->shared = inc;
		x->shared_terms = terms;
		own_lists(x);
	}
	return x;
}

rolebook_index *rolebook_index_new(const book *b)
{
	return index_new(b, 1);
}

void rolebook_index_free(rolebook_index *x)
{
	if (!x)
		return;
	free(x->at);
	free(x->term);
	free(x->shared);
	free(x->shared_terms);
	free(x->stage);
	free(x->in_file);
	free(x->file_at);
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

/* Material every role's book holds, whatever the role. */
static int shared_material(const book *b, size_t i)
{
	book_chapter_kind k = b->chapters[b->clauses[i].chapter].kind;
	return k == CH_GENERAL || k == CH_PRINCIPLES;
}

/* Adds to inc (and terms) the view of role r's own material and closes
 * it; r -1: of the material every role's book holds. The material: its
 * own clauses, and below a section of it the clauses it holds (not a
 * chapter's nor the glossary's: those are whole chapters). */
static void make_view(const rolebook_index *x, int r, unsigned char *inc, unsigned char *terms)
{
	const book *b = x->b;
	size_t n = b->nclauses ? b->nclauses : 1;
	pending p = {inc, xmalloc(n * sizeof(int)), 0};
	unsigned char *mine = xcalloc(n, 1); /* the material, before closing */
	/* with the shared view: one role's own material, where it may be,
	 * each list in the book's order (a section before what it holds) */
	int own_only = r >= 0 && x->shared;
	int file = own_only ? b->roles[r].file : -1;
	size_t m = own_only ? x->nstage : b->nclauses;
	size_t from = file >= 0 ? (size_t)x->file_at[file] : 0, to = file >= 0 ? (size_t)x->file_at[file + 1] : 0;
	for (size_t k = 0; k < m + (to - from); k++) {
		size_t i = !own_only ? k : k < m ? (size_t)x->stage[k] : (size_t)x->in_file[from + k - m];
		const book_clause *cl = &b->clauses[i];
		int own = r < 0 ? shared_material(b, i) : (!own_only || !shared_material(b, i)) && own_material(b, i, r);
		if (own || (cl->parent >= 0 && mine[cl->parent] && cl->depth > 0 &&
		            b->chapters[cl->chapter].kind != CH_TERMS && b->clauses[cl->parent].depth > 0)) {
			mine[i] = 1;
			take(&p, (int)i); /* in the shared view already: closed already */
		}
	}
	close_view(x, &p, terms);
	free(mine);
	free(p.v);
}

/* A view is the least set closed (close_view) over its role's material,
 * and the material of two is that of each (a clause is material when its
 * section is), so the view of the material every role holds, closed once
 * in x->shared, is closed further over one role's own material alone: the
 * same set, whatever the order (tests/unit/test_rolebook.c), for a tenth
 * of the work on the 10 MB bench book, where the shared view is most of
 * each role's book. */
void rolebook_view_in(const rolebook_index *x, int r, book_view *v)
{
	const book *b = x->b;
	unsigned char *inc = xcalloc(b->nclauses ? b->nclauses : 1, 1);
	unsigned char *terms = xcalloc(b->nterms ? b->nterms : 1, 1);
	if (x->shared) {
		memcpy(inc, x->shared, b->nclauses);
		memcpy(terms, x->shared_terms, b->nterms);
	}
	make_view(x, r, inc, terms);
	memset(v, 0, sizeof *v);
	v->clauses = inc;
	v->terms = terms;
	v->full_url = b->config.url && *b->config.url ? b->config.url : NULL;
	v->role = r;
}

/* One view: the shared one would cost as much as the view. */
void rolebook_view(const book *b, int r, book_view *v)
{
	rolebook_index *x = index_new(b, 0);
	rolebook_view_in(x, r, v);
	rolebook_index_free(x);
}

void rolebook_view_free(book_view *v)
{
	free((void *)v->clauses);
	free((void *)v->terms);
	v->clauses = v->terms = NULL;
}

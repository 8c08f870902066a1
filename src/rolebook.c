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

/* The terms referred to from the included clauses, closed over the terms
 * used in those terms' own definitions. Clauses are in document order and
 * a term's definition clauses follow its heading, so one pass over the
 * references per round suffices; rounds repeat until nothing is added. */
static int close_terms(const book *b, unsigned char *inc, unsigned char *terms)
{
	int added = 1, any = 0;
	while (added) {
		added = 0;
		for (size_t i = 0; i < b->nrefs; i++) {
			const book_ref *ref = &b->refs[i];
			if (ref->status != RESOLVE_OK || ref->target_kind != TARGET_TERM || ref->clause < 0 ||
			    !inc[ref->clause] || terms[ref->target_index])
				continue;
			terms[ref->target_index] = 1;
			added = 1;
			/* the term's clause and everything below it */
			int tc = b->terms[ref->target_index].clause;
			if (tc < 0)
				continue;
			inc[tc] = 1;
			for (size_t j = (size_t)tc + 1; j < b->nclauses && b->clauses[j].depth > b->clauses[tc].depth; j++)
				inc[j] = 1;
		}
		any |= added;
	}
	return any;
}

/* Every included clause keeps the chain of clauses that holds it (whose
 * own text is then shown too). Returns whether a clause was added. */
static int add_ancestors(const book *b, unsigned char *inc)
{
	int added = 0;
	for (size_t i = b->nclauses; i-- > 0;)
		if (inc[i])
			for (int p = b->clauses[i].parent; p >= 0 && !inc[p]; p = b->clauses[p].parent)
				inc[p] = added = 1;
	return added;
}

void rolebook_view(const book *b, int r, book_view *v)
{
	size_t n = b->nclauses ? b->nclauses : 1;
	unsigned char *inc = xcalloc(n, 1);
	unsigned char *terms = xcalloc(b->nterms ? b->nterms : 1, 1);
	for (size_t i = 0; i < b->nclauses; i++) {
		const book_clause *cl = &b->clauses[i];
		/* a section brings the clauses below it */
		inc[i] = own_material(b, i, r) || (cl->parent >= 0 && inc[cl->parent] && cl->depth > 0 &&
		                                   b->chapters[cl->chapter].kind != CH_TERMS &&
		                                   b->clauses[cl->parent].depth > 0);
	}
	/* a chapter's opening text, shown as a holder, may use more terms */
	while (add_ancestors(b, inc) | close_terms(b, inc, terms))
		;
	memset(v, 0, sizeof *v);
	v->clauses = inc;
	v->terms = terms;
	v->full_url = b->config.url && *b->config.url ? b->config.url : NULL;
	v->role = r;
}

void rolebook_view_free(book_view *v)
{
	free((void *)v->clauses);
	free((void *)v->terms);
	v->clauses = v->terms = NULL;
}

/* plan.c - what an output shows, decided once for every backend (plan.h):
 * the backends used to work these out each on its own, and drifted. */
#include "plan.h"
#include "collate.h"
#include "strmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

const book_level plan_tiers[4] = {LEVEL_MANAGEMENT, LEVEL_SUPPORT, LEVEL_PROVIDER, LEVEL_NONE};

/* Which clauses are written (and so may be link targets). Clauses are in
 * document order, so a parent is decided before its children. */
static void decide_shown(plan *p)
{
	const book *b = p->b;
	const book_view *v = p->v;
	p->shown = xcalloc(b->nclauses ? b->nclauses : 1, 1);
	for (size_t i = 0; i < b->nclauses; i++) {
		const book_clause *cl = &b->clauses[i];
		int ok = book_view_has(v, (int)i) && cl->id;
		if (ok && cl->parent >= 0)
			ok = p->shown[cl->parent];
		if (ok && cl->term >= 0 && v && v->terms)
			ok = v->terms[cl->term];
		p->shown[i] = (unsigned char)ok;
	}
}

const char *plan_clause_page(const book *b, int c)
{
	const book_clause *cl = &b->clauses[c];
	if (cl->file >= 0 && b->files[cl->file].page && cl->depth > 0)
		return b->files[cl->file].page;
	return b->chapters[cl->chapter].page;
}

static int add_page(plan *p, const char *name, plan_page_kind kind, int chapter, int top)
{
	p->pages = xgrow(p->pages, &p->cap_pages, p->npages + 1, sizeof *p->pages);
	plan_page *pg = &p->pages[p->npages];
	memset(pg, 0, sizeof *pg);
	pg->name = name;
	pg->kind = kind;
	pg->chapter = chapter;
	pg->top = top;
	return (int)p->npages++;
}

/* The pages in reading order (index, chapters with the role pages after
 * the roles chapter, glossary, history), then print; every shown clause
 * gets one. */
static void plan_pages(plan *p)
{
	const book *b = p->b;
	strmap names;
	strmap_init(&names);
	p->page_of = xmalloc((b->nclauses ? b->nclauses : 1) * sizeof *p->page_of);
	for (size_t i = 0; i < b->nclauses; i++)
		p->page_of[i] = -1;
	add_page(p, "index", PLAN_PAGE_INDEX, -1, -1);
	for (size_t ch = 0; ch < b->nchapters; ch++) {
		int cc = b->chapters[ch].clause;
		if (cc < 0 || !p->shown[cc])
			continue;
		plan_page_kind kind = b->chapters[ch].kind == CH_ROLES ? PLAN_PAGE_ROLES : PLAN_PAGE_CHAPTER;
		int at = add_page(p, b->chapters[ch].page, kind, (int)ch, cc);
		strmap_set(&names, b->chapters[ch].page, at);
		for (size_t i = 0; i < b->nclauses; i++) {
			const book_clause *cl = &b->clauses[i];
			if (!p->shown[i] || cl->chapter != (int)ch)
				continue;
			const char *name = plan_clause_page(b, (int)i);
			int pi = strmap_get(&names, name);
			if (pi < 0) {
				pi = add_page(p, name, PLAN_PAGE_ROLE, (int)ch, (int)i);
				strmap_set(&names, name, pi);
			}
			plan_page *pg = &p->pages[pi];
			pg->clauses = xgrow(pg->clauses, &pg->cap, pg->nclauses + 1, sizeof *pg->clauses);
			pg->clauses[pg->nclauses++] = (int)i;
			p->page_of[i] = pi;
		}
	}
	p->glossary_page = p->ngloss ? add_page(p, "glossary", PLAN_PAGE_GLOSSARY, -1, -1) : -1;
	p->history_page = b->history && (!p->v || p->v->role < 0) ? add_page(p, "history", PLAN_PAGE_HISTORY, -1, -1) : -1;
	add_page(p, "print", PLAN_PAGE_PRINT, -1, -1);
	strmap_free(&names);
}

/* The shown terms in glossary order (one collation for every backend). */
static void plan_glossary(plan *p)
{
	const book *b = p->b;
	p->gloss = xcalloc(b->nterms ? b->nterms : 1, sizeof *p->gloss);
	for (size_t t = 0; t < b->nterms; t++) {
		int c = b->terms[t].clause;
		if (c >= 0 && p->shown[c])
			p->gloss[p->ngloss++] = (int)t;
	}
	collate_terms(b, p->gloss, p->ngloss);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Every term's uses in this output, in one array: the shown clauses whose
 * references resolved to it, in document order, each once. */
static void plan_uses_of_terms(plan *p)
{
	const book *b = p->b;
	size_t total = 0;
	for (size_t t = 0; t < b->nterms; t++)
		total += b->terms[t].nuses;
	p->use = xmalloc((total ? total : 1) * sizeof *p->use);
	p->use_at = xmalloc((b->nterms + 1) * sizeof *p->use_at);
	size_t n = 0;
	for (size_t t = 0; t < b->nterms; t++) {
		const book_term *term = &b->terms[t];
		size_t from = n;
		p->use_at[t] = (int)from;
		for (size_t i = 0; i < term->nuses; i++) {
			int r = term->uses[i];
			if (r < 0 || (size_t)r >= b->nrefs)
				continue;
			int c = b->refs[r].clause;
			if (c >= 0 && (size_t)c < b->nclauses && p->shown[c])
				p->use[n++] = c;
		}
		sort_array(p->use + from, n - from, sizeof *p->use, cmp_int);
		size_t k = from; /* each clause once */
		for (size_t i = from; i < n; i++)
			if (i == from || p->use[i] != p->use[k - 1])
				p->use[k++] = p->use[i];
		n = k;
	}
	p->use_at[b->nterms] = (int)n;
}

/* The role order, and what the overview of the roles needs. The matrix
 * table is made in one pass over the clauses: a scan per cell was
 * O(roles x stages x clauses). */
static void plan_roles(plan *p)
{
	const book *b = p->b;
	p->role_order = book_role_order(b);
	p->overview = b->nroles > 0 && !(p->v && p->v->role >= 0);
	p->summary_role = p->v && p->v->role >= 0 ? p->v->role : -1;
	for (size_t r = 0; r < b->nroles; r++)
		p->any_line |= b->roles[r].line != 0;
	size_t cells = b->nstages * b->nroles;
	p->stage_sec = xmalloc((cells ? cells : 1) * sizeof *p->stage_sec);
	for (size_t i = 0; i < cells; i++)
		p->stage_sec[i] = -1;
	p->stage_next = xmalloc((b->nclauses ? b->nclauses : 1) * sizeof *p->stage_next);
	/* backwards, each section put before the cell's chain: the chains
	 * come out in document order, the first in the cell */
	for (size_t i = b->nclauses; i-- > 0;) {
		const book_clause *cl = &b->clauses[i];
		p->stage_next[i] = -1;
		if (!cl->stage_ref || cl->file < 0 || b->files[cl->file].role < 0)
			continue;
		int sc = book_find_id(b, cl->stage_ref);
		int st = sc >= 0 ? b->clauses[sc].stage : -1;
		if (st < 0)
			continue;
		size_t at = (size_t)st * b->nroles + (size_t)b->files[cl->file].role;
		p->stage_next[i] = p->stage_sec[at];
		p->stage_sec[at] = (int)i;
	}
}

plan *plan_new(const book *b, const book_view *v)
{
	plan *p = xcalloc(1, sizeof *p);
	p->b = b;
	p->v = v;
	decide_shown(p);
	plan_glossary(p);
	plan_pages(p);
	plan_uses_of_terms(p);
	plan_roles(p);
	return p;
}

void plan_free(plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->npages; i++)
		free(p->pages[i].clauses);
	free(p->pages);
	free(p->page_of);
	free(p->shown);
	free(p->gloss);
	free(p->role_order);
	free(p->stage_sec);
	free(p->stage_next);
	free(p->use_at);
	free(p->use);
	free(p);
}

int plan_shown(const plan *p, int c)
{
	return c >= 0 && (size_t)c < p->b->nclauses && p->shown[c];
}

plan_uses plan_term_uses(const plan *p, int t)
{
	plan_uses u = {NULL, 0};
	if (t >= 0 && (size_t)t < p->b->nterms) {
		u.clauses = p->use + p->use_at[t];
		u.n = (size_t)(p->use_at[t + 1] - p->use_at[t]);
	}
	return u;
}

int plan_stage_section(const plan *p, int s, int r)
{
	const book *b = p->b;
	if (s < 0 || (size_t)s >= b->nstages || r < 0 || (size_t)r >= b->nroles)
		return -1;
	return p->stage_sec[(size_t)s * b->nroles + (size_t)r];
}

int plan_stage_next(const plan *p, int sec)
{
	return sec >= 0 && (size_t)sec < p->b->nclauses ? p->stage_next[sec] : -1;
}

size_t plan_level_roles(const plan *p, book_level level, int *out)
{
	size_t n = 0;
	for (size_t i = 0; i < p->b->nroles; i++)
		if (p->b->roles[p->role_order[i]].level == level)
			out[n++] = p->role_order[i];
	return n;
}

size_t plan_line_roles(const plan *p, int line, int *out)
{
	size_t n = 0;
	for (size_t i = 0; i < p->b->nroles; i++)
		if (p->b->roles[p->role_order[i]].line == line)
			out[n++] = p->role_order[i];
	return n;
}

size_t plan_stage_roles(const plan *p, int s, int *out)
{
	size_t n = 0;
	for (size_t i = 0; i < p->b->nroles; i++)
		if (plan_stage_section(p, s, p->role_order[i]) >= 0)
			out[n++] = p->role_order[i];
	return n;
}

size_t plan_role_stages(const plan *p, int r, int *out)
{
	size_t n = 0;
	for (size_t s = 0; s < p->b->nstages; s++)
		if (p->b->stages[s].owner_role == r || plan_stage_section(p, (int)s, r) >= 0)
			out[n++] = (int)s;
	return n;
}

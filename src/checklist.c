/* checklist.c - which clauses a role is audited on (FORMAT.md 10): its own
 * clauses and the appearance sections that cover it, when they oblige. */
#include "checklist.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

int checklist_parse_weight(const char *v, int *w)
{
	long n = 0;
	if (!v || !*v || strlen(v) > 4)
		return -1;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		n = n * 10 + (*p - '0');
	}
	if (n < 1 || n > CHECKLIST_MAX_WEIGHT)
		return -1;
	*w = (int)n;
	return 0;
}

static const char *attr(const book_clause *cl, const char *key)
{
	for (size_t i = 0; i < cl->nattrs; i++)
		if (strcmp(cl->attrs[i].key, key) == 0)
			return cl->attrs[i].value;
	return NULL;
}

/* audit=no on the clause or on a clause above it (a section left out
 * leaves out what it holds). */
static int left_out(const book *b, int c)
{
	for (; c >= 0; c = b->clauses[c].parent) {
		const char *a = attr(&b->clauses[c], "audit");
		if (a && strcmp(a, "no") == 0)
			return 1;
	}
	return 0;
}

/* The appearance section that says whom clause c covers: c or the
 * nearest clause above it with roles=; -1 when none does. */
static int covering_section(const book *b, int c)
{
	for (; c >= 0; c = b->clauses[c].parent)
		if (b->clauses[c].nroles_attr)
			return c;
	return -1;
}

/* The roles (book indices, ascending) clause c is an item for: its
 * role's, or those its appearance section covers. Returns their number;
 * v has room for every role, mark is all 0 and left so. */
static size_t clause_roles(const book *b, int c, int *v, unsigned char *mark)
{
	const book_clause *cl = &b->clauses[c];
	const book_chapter *ch = &b->chapters[cl->chapter];
	size_t n = 0;
	if (ch->kind == CH_ROLES && cl->depth >= 2 && cl->file >= 0 && b->files[cl->file].role >= 0) {
		v[n++] = b->files[cl->file].role; /* depth 1 is the role itself */
		return n;
	}
	int s = ch->kind == CH_APPEARANCE && cl->depth >= 1 ? covering_section(b, c) : -1;
	if (s < 0)
		return 0;
	/* the ids looked up once each, not every role's id compared with each */
	const book_clause *sec = &b->clauses[s];
	for (size_t i = 0; i < sec->nroles_attr; i++) {
		if (strcmp(sec->roles_attr[i], "all") == 0) {
			memset(mark, 1, b->nroles);
			break;
		}
		int r = strmap_get(b->role_ids, sec->roles_attr[i]);
		if (r >= 0)
			mark[r] = 1;
	}
	for (size_t r = 0; r < b->nroles; r++)
		if (mark[r]) {
			v[n++] = (int)r;
			mark[r] = 0;
		}
	return n;
}

static void add_item(checklist *l, int c, int weight, const oblig_list *ob, const book *b)
{
	l->items = xgrow(l->items, &l->cap, l->n + 1, sizeof *l->items);
	l->items[l->n] = (checklist_item){c, weight, ob};
	strmap_set(&l->ids, b->clauses[c].id, (int)l->n);
	l->n++;
}

checklist_set *checklist_build(const book *b)
{
	checklist_set *s = xcalloc(1, sizeof *s);
	s->b = b;
	s->n = b->nroles;
	s->lists = xcalloc(b->nroles ? b->nroles : 1, sizeof *s->lists);
	s->obligs = b->obligations;
	if (!s->obligs)
		s->obligs = s->own = oblig_table_build(b);
	for (size_t r = 0; r < b->nroles; r++) {
		s->lists[r].role = (int)r;
		strmap_init(&s->lists[r].ids);
	}
	int *roles = xcalloc(b->nroles ? b->nroles : 1, sizeof *roles);
	unsigned char *mark = xcalloc(b->nroles ? b->nroles : 1, 1);
	for (size_t c = 0; c < b->nclauses; c++) {
		const oblig_list *ob = oblig_table_get(s->obligs, (int)c);
		if (!ob->n || left_out(b, (int)c))
			continue;
		size_t nr = clause_roles(b, (int)c, roles, mark);
		int w = 1;
		if (nr)
			checklist_parse_weight(attr(&b->clauses[c], "weight"), &w);
		/* an appearance section for all roles is an item of each */
		for (size_t i = 0; i < nr; i++)
			add_item(&s->lists[roles[i]], (int)c, w, ob, b);
	}
	free(mark);
	free(roles);
	return s;
}

int checklist_find(const checklist_set *s, int role, const char *id)
{
	if (role < 0 || (size_t)role >= s->n)
		return -1;
	return strmap_get(&s->lists[role].ids, id);
}

void checklist_free(checklist_set *s)
{
	if (!s)
		return;
	for (size_t r = 0; r < s->n; r++) {
		checklist *l = &s->lists[r];
		free(l->items);
		strmap_free(&l->ids);
	}
	oblig_table_free(s->own);
	free(s->lists);
	free(s);
}

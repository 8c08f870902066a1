/* rolediff.c - one role's book compared across two versions (rolediff.h).
 * The role's fingerprint (manifest.h) is compared first: when it is the
 * same, nothing in the role's book obliges differently and no clause is
 * looked at. The items are listed in the order of their numbers. */
#include "rolediff.h"

#include <stdlib.h>
#include <string.h>

#include "manifest.h"
#include "rolebook.h"
#include "util.h"

static void add(rolediff *d, const book_clause *cl, int clause, oblig_effect e)
{
	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof *d->v);
	d->v[d->n++] = (rolediff_item){xstrdup(cl->id), xstrdup(cl->number ? cl->number : ""), clause, e};
}

/* The effect of clause c of cur against clause oc of old (-1: not in the
 * role's old book), when their obligations differ. */
static void compare_clause(const book *old, int oc, const book *cur, int c, rolediff *out)
{
	oblig_list a = {0}, b = {0};
	if (oc >= 0)
		oblig_clause(old, oc, &a);
	oblig_clause(cur, c, &b);
	char fa[17], fb[17];
	oblig_fingerprint(&a, fa);
	oblig_fingerprint(&b, fb);
	if (strcmp(fa, fb) != 0)
		add(out, &cur->clauses[c], c, oblig_compare(&a, &b, NULL, NULL));
	oblig_list_free(&a);
	oblig_list_free(&b);
}

/* "4.10" after "4.9": clause numbers compared number by number; an item
 * with no number last. */
int rolediff_cmp_numbers(const char *a, const char *b)
{
	if (!*a || !*b)
		return !*a - !*b;
	while (*a && *b) {
		char *ea, *eb;
		long x = strtol(a, &ea, 10), y = strtol(b, &eb, 10);
		if (x != y)
			return x < y ? -1 : 1;
		a = *ea == '.' ? ea + 1 : ea;
		b = *eb == '.' ? eb + 1 : eb;
		if (ea == a && eb == b) /* neither a number: no order */
			break;
	}
	return (*a != 0) - (*b != 0);
}

static int cmp_item(const void *pa, const void *pb)
{
	return rolediff_cmp_numbers(((const rolediff_item *)pa)->number, ((const rolediff_item *)pb)->number);
}

void rolediff_compare(const book *old, const book *cur, int r, rolediff *out)
{
	rolediff_compare_as(old, book_find_role(old, cur->roles[r].id), cur, r, out);
}

void rolediff_compare_as(const book *old, int ro, const book *cur, int r, rolediff *out)
{
	rolediff_free(out);
	book_view vc, vo;
	rolebook_view(cur, r, &vc);
	if (ro >= 0)
		rolebook_view(old, ro, &vo);
	char fc[17], fo[17];
	manifest_fingerprint(cur, &vc, fc);
	if (ro >= 0) {
		manifest_fingerprint(old, &vo, fo);
	} else {
		oblig_list none = {0};
		oblig_fingerprint(&none, fo);
	}
	int differ = strcmp(fc, fo) != 0;
	for (size_t c = 0; differ && c < cur->nclauses; c++) {
		if (!vc.clauses[c])
			continue;
		int oc = ro >= 0 ? book_find_id(old, cur->clauses[c].id) : -1;
		compare_clause(old, oc >= 0 && vo.clauses[oc] ? oc : -1, cur, (int)c, out);
	}
	/* clauses the role's book no longer holds */
	for (size_t oc = 0; differ && ro >= 0 && oc < old->nclauses; oc++) {
		if (!vo.clauses[oc])
			continue;
		int c = book_find_id(cur, old->clauses[oc].id);
		if (c >= 0 && vc.clauses[c])
			continue;
		oblig_list a = {0}, none = {0};
		if (oblig_clause(old, (int)oc, &a))
			add(out, &old->clauses[oc], -1, oblig_compare(&a, &none, NULL, NULL));
		oblig_list_free(&a);
	}
	sort_array(out->v, out->n, sizeof *out->v, cmp_item);
	rolebook_view_free(&vc);
	if (ro >= 0)
		rolebook_view_free(&vo);
}

/* Whether clause c of b lies in section top (top itself excluded). */
static int below(const book *b, int c, int top)
{
	for (int p = b->clauses[c].parent; p >= 0; p = b->clauses[p].parent)
		if (p == top)
			return 1;
	return 0;
}

int rolediff_successor(const book *old, int ro, const book *cur)
{
	int top = old->roles[ro].clause, best = -1;
	size_t n = 0, most = 0;
	for (size_t c = 0; top >= 0 && c < old->nclauses; c++)
		n += below(old, (int)c, top);
	for (size_t r = 0; r < cur->nroles; r++) {
		if (book_find_role(old, cur->roles[r].id) >= 0 || cur->roles[r].clause < 0)
			continue;
		size_t k = 0;
		for (size_t c = 0; c < old->nclauses; c++) {
			int nc = below(old, (int)c, top) ? book_find_id(cur, old->clauses[c].id) : -1;
			k += nc >= 0 && below(cur, nc, cur->roles[r].clause);
		}
		if (k > most && 2 * k >= n) {
			most = k;
			best = (int)r;
		}
	}
	return best;
}

int rolediff_unbumped(const book *old, const book *cur)
{
	const char *va = old->config.version, *vb = cur->config.version;
	if (!va || !vb || strcmp(va, vb) != 0)
		return 0;
	int changed = 0;
	for (size_t i = 0; i < cur->nroles && !changed; i++) {
		rolediff d = {0};
		rolediff_compare(old, cur, (int)i, &d);
		changed = d.n > 0;
		rolediff_free(&d);
	}
	return changed;
}

const rolediff_item *rolediff_find(const rolediff *d, const char *id)
{
	for (size_t i = 0; id && i < d->n; i++)
		if (strcmp(d->v[i].id, id) == 0)
			return &d->v[i];
	return NULL;
}

void rolediff_free(rolediff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].id);
		free(d->v[i].number);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

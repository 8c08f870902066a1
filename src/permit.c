/* permit.c - the "до" that ends a permission (permit.h). */
#include "permit.h"

#include <string.h>

void permit_add(permit_modals *p, size_t i, oblig_modal m)
{
	if (p->kept < OBLIG_MODALS_MAX) {
		p->at[p->kept] = i;
		p->m[p->kept++] = m;
	}
	p->last = i;
	p->last_m = m;
	p->n++;
}

/* The modal word a "до" at word i belongs to; 0 when it cannot be told. */
static int modal_of(const permit_modals *p, size_t i, const oblig_modal *lead, oblig_modal *out)
{
	if (!p->n) {
		if (lead)
			*out = *lead;
		return lead != NULL;
	}
	if (i > p->last) {
		*out = p->last_m;
		return 1;
	}
	size_t k = 0;
	while (k < p->kept && p->at[k] < i)
		k++;
	if (k == p->kept && p->n > p->kept)
		return 0; /* between the last kept and the last counted */
	*out = p->m[k ? k - 1 : 0];
	return 1;
}

void permit_mark(words *t, const permit_modals *p, const oblig_modal *lead)
{
	for (size_t i = 0; i < t->n; i++) {
		/* "до" is d0 b4 d0 be: most words fail the first two bytes */
		const unsigned char *w = (const unsigned char *)t->v[i].w;
		oblig_modal m;
		if (w[0] != 0xD0 || w[1] != 0xB4 || strcmp(t->v[i].w, "до"))
			continue;
		if (modal_of(p, i, lead, &m) && m.strength == OBLIG_MAY)
			t->v[i].permit = 1;
	}
}

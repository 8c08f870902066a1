/* rolediff.h - what changed in one role's onboarding book between two
 * versions of the book, clause by clause, with each clause's effect on
 * the obligations (FORMAT.md 8). The one answer to "what must this role
 * re-read": reread, the diff's PR comment and the revision history all
 * ask it, so a clause moved into a role's standard, or an appearance
 * section whose roles= gained the role, is new duty for that role
 * (stronger) wherever it is reported, and a change of explanatory text
 * alone is nobody's re-reading: a clause is listed when the fingerprint of
 * its obligations (oblig_fingerprint) differs, the same test the
 * manifest's role fingerprints make. Included by: reread, diffmd, history. */
#ifndef SVCBOOK_ROLEDIFF_H
#define SVCBOOK_ROLEDIFF_H

#include <stddef.h>

#include "book.h"
#include "oblig.h"

typedef struct {
	char *id, *number;   /* the clause's, in the new book (the old one's when it left) */
	int clause;          /* its index in the new book, -1 when it left the role's book */
	oblig_effect effect; /* OBLIG_EDITORIAL: a duty reworded, its strength and deadline kept */
} rolediff_item;

typedef struct {
	rolediff_item *v;
	size_t n, cap;
} rolediff;

/* The clauses of role r of cur (an index into cur->roles) whose
 * obligations differ from old's book of the same role id (none in old:
 * every clause with obligations is new, stronger). out is emptied first;
 * the items in the order of their numbers (4.9 before 4.10). */
void rolediff_compare(const book *old, const book *cur, int r, rolediff *out);

/* The same for role ro of old (an index into old->roles, -1: none), a
 * role that may have had another id then (renamed since). */
void rolediff_compare_as(const book *old, int ro, const book *cur, int r, rolediff *out);

/* The role of cur that role ro of old became under another id (renamed):
 * a role old has no id of, whose standard holds the most of the clauses
 * of ro's standard, by their ids, and at least half of them; -1 when
 * there is none (the role was removed). */
int rolediff_successor(const book *old, int ro, const book *cur);

/* Clause numbers compared number by number ("4.9" before "4.10"), an
 * empty one last: <0, 0, >0 as strcmp. */
int rolediff_cmp_numbers(const char *a, const char *b);

/* Whether some role of cur has a clause whose obligations differ from
 * old's (rolediff_compare lists one) while the two books' version is the
 * same: reread then asks nobody, who signed that version, to re-read
 * until it is raised. */
int rolediff_unbumped(const book *old, const book *cur);

/* The item for clause id, or NULL. */
const rolediff_item *rolediff_find(const rolediff *d, const char *id);

void rolediff_free(rolediff *d);

#endif

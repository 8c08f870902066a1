/* diffob.h - the obligations side of svcbook diff (FORMAT.md 8): the
 * obligations of a changed clause before and after, the effect of the
 * change on them, and how that is written in each format.
 * Included by: diff, diffmd, difftext. */
#ifndef SVCBOOK_DIFFOB_H
#define SVCBOOK_DIFFOB_H

#include <stdio.h>
#include "diff.h"

/* Fills ch's effect, obligation lists and pairs for clause ca of the old
 * book a becoming clause cb of the new book b; ca or cb is -1 for an
 * added or removed clause (then its obligations are all new, stronger, or
 * all gone, weaker; none: editorial). */
void diffob_clause(diff_change *ch, const book *a, int ca, const book *b, int cb);

/* The effect of an appearance section's roles= change: the roles gained
 * the obligations of section c of book x (and of its sub-clauses), those
 * lost shed them. Editorial when the section obliges nothing. */
void diffob_coverage(diff_change *ch, const book *x, int c, int gained, int lost);

/* Frees what diffob_clause put in ch. */
void diffob_free(diff_change *ch);

/* Whether pair p of ch says something: an obligation added or removed,
 * stronger or weaker, or its strength or deadline worded otherwise (a
 * deadline kept as text). A sentence reworded alone is not shown. */
int diffob_shown(const diff_change *ch, const oblig_pair *p);

/* The number of shown pairs of ch. */
size_t diffob_nshown(const diff_change *ch);

/* Writes pair p as "before -> after" in words (oblig_describe), each side
 * "—" / "none" when it has no obligation. */
void diffob_put_pair(FILE *out, const diff_change *ch, const oblig_pair *p, book_lang lang, const char *arrow);

/* The sentence pair p is about: the new one, else the old one. */
const char *diffob_sentence(const diff_change *ch, const oblig_pair *p);

/* JSON: writes `, "effect": E, "obligations": [...]` (the shown pairs,
 * each {"effect", "old", "new"}, a side an object {"sentence", "strength",
 * "negated", "deadline", "line", "col"} or null; the column in
 * characters, as editors count). r: the books, for the columns. */
void diffob_json(FILE *out, const diff_result *r, const diff_change *ch);

#endif

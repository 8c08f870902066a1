/* oblig_int.h - what oblig.c shares with obligcmp.c and obligfp.c only.
 * Included by: oblig, obligcmp, obligfp. */
#ifndef SVCBOOK_OBLIG_INT_H
#define SVCBOOK_OBLIG_INT_H

#include <stdint.h>
#include "oblig.h"
#include "words.h"

/* Whether w says what is done rather than how strongly: not a modal word,
 * a negation, always/never, a form of "be" or "to". */
int oblig_wording_word(const char *w);

/* FNV-1a of "STRENGTH|NEGATED|" + "c" or "w" and the deadline's seconds
 * when readable + "|" + the folded words t joined by spaces, then mixed:
 * oblig_item_hash of an obligation whose sentence has the words t. */
uint64_t oblig_hash_words(oblig_strength s, int negated, const oblig_deadline *dl, const words *t);

#endif

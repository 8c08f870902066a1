/* permit.h - which "до" of a sentence ends a permission rather than sets
 * a deadline: "Гость может выехать до 12:00" is until noon, not by noon;
 * "Горничная должна убрать номер до 15:00" is a deadline. Included by:
 * oblig (before deadline_find reads the sentence). */
#ifndef SVCBOOK_PERMIT_H
#define SVCBOOK_PERMIT_H

#include "oblig.h"
#include "words.h"

/** Where the modal words a sentence counts stand: the first
 *  OBLIG_MODALS_MAX (their words and what they say, in reading order) and
 *  the last, however many there are. */
typedef struct {
	size_t at[OBLIG_MODALS_MAX];
	oblig_modal m[OBLIG_MODALS_MAX];
	size_t kept;     /**< how many of at and m are set */
	size_t n;        /**< how many were counted, all of them */
	size_t last;     /**< the word of the last counted */
	oblig_modal last_m;
} permit_modals;

/** Records a counted modal word at word i. */
void permit_add(permit_modals *p, size_t i, oblig_modal m);

/** Sets permit on each "до" of t that belongs to a permission (may: может,
 *  вправе, можно, допускается; negated too: "не обязан выезжать до 12:00",
 *  "может не выезжать до 12:00" say until, not by): the modal word
 *  nearest before it, else the first after it, else lead (a list item's
 *  lead-in's last; NULL: none). A "до" past the kept modal words but not
 *  past the last is left alone (a hostile sentence of many). */
void permit_mark(words *t, const permit_modals *p, const oblig_modal *lead);

#endif

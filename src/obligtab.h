/* obligtab.h - every clause's obligations, found once per book: the
 * manifest's fingerprints, the audit checklists and the rules'
 * clause.obligations all read this one table instead of each finding
 * them again (on the 10 MB bench book that was three passes of 1.7
 * billion instructions each, docs/performance.md).
 *
 * Ownership: a table owns its lists; it refers to the book by clause
 * index and must not outlive it. Made before the build's threads start
 * and only read after, so any thread may read it.
 * Included by: main, manifest, checklist, view. */
#ifndef SVCBOOK_OBLIGTAB_H
#define SVCBOOK_OBLIGTAB_H

#include <stdint.h>
#include "book.h"
#include "oblig.h"

typedef struct oblig_table {
	size_t n;            /**< b->nclauses when made */
	oblig_list *lists;   /**< per clause: oblig_clause of its own body */
	uint64_t *sums;      /**< per clause: its obligations' oblig_item_hash, added up */
} oblig_table;

/** Finds the obligations of every clause of b, on two threads when it can
 *  have a second (each clause is read by one of them; the result does not
 *  depend on which). Needs the sources (before book_drop_sources) for the
 *  obligations' positions; the rest comes from the trees. */
oblig_table *oblig_table_build(const book *b);

/** Clause c's obligations in t. */
const oblig_list *oblig_table_get(const oblig_table *t, int c);

void oblig_table_free(oblig_table *t);

#endif

/* obligtab.h - every clause's obligations, found once per book: the
 * manifest's fingerprints, the audit checklists and the rules'
 * clause.obligations all read this one table instead of each finding
 * them again (on the 10 MB bench book that was three passes of 1.7
 * billion instructions each, docs/performance.md).
 *
 * Ownership: a table owns its lists; it refers to the book by clause
 * index and must not outlive it. Begun (oblig_table_begin) on a thread
 * of its own while the caller goes on; whoever reads it first (any
 * thread: a rule's clause.obligations, the checklists, the manifest)
 * makes what is left and waits for the rest (oblig_table_get does), and
 * it is only read after. It reads the book's trees and sources: made
 * whole, and its thread joined (oblig_table_end), before either is
 * dropped.
 * Included by: main, lintcmd, manifest, checklist, view. */
#ifndef SVCBOOK_OBLIGTAB_H
#define SVCBOOK_OBLIGTAB_H

#include <stdint.h>
#include "book.h"
#include "oblig.h"

typedef struct oblig_table {
	size_t n;            /**< b->nclauses when made */
	oblig_list *lists;   /**< per clause: oblig_clause of its own body (made: oblig_table_get) */
	uint64_t *sums;      /**< per clause: its obligations' oblig_item_hash, added up (oblig_table_sum) */
	struct oblig_fill *fill; /**< obligtab.c's: how far it is made */
} oblig_table;

/** Begins finding the obligations of every clause of b, on a thread of
 *  its own when it can have one, and returns at once: the table is made
 *  by that thread and by whoever waits for it (oblig_table_wait), each
 *  clause by one of them (the result does not depend on which). Needs
 *  the trees and the sources (for the obligations' positions) until it is
 *  made: wait for it before book_drop_sources or book_drop_trees. */
oblig_table *oblig_table_begin(const book *b);

/** Returns once t is made, making runs of clauses no thread has taken. */
void oblig_table_wait(const oblig_table *t);

/** oblig_table_wait, then the thread oblig_table_begin began is joined:
 *  for the thread that began t, which ends it (or frees it) once it
 *  needs it made, before book_drop_sources; again, it does nothing. */
void oblig_table_end(oblig_table *t);

/** oblig_table_begin, then oblig_table_end: on two threads. */
oblig_table *oblig_table_build(const book *b);

/** Clause c's obligations in t (made first, if they are not). */
const oblig_list *oblig_table_get(const oblig_table *t, int c);

/** Clause c's sum of oblig_item_hash in t (made first, if it is not). */
uint64_t oblig_table_sum(const oblig_table *t, int c);

/** Ends t (oblig_table_end), then frees it. */
void oblig_table_free(oblig_table *t);

#endif

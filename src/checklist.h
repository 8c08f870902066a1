/* checklist.h - the audit checklists of a book (FORMAT.md 10): per role,
 * every clause of its standard and every appearance section covering it
 * that holds at least one obligation, with its weight.
 *
 * Ownership: a checklist_set owns its items, and the obligations when the
 * book had no table of them (obligtab.h); it refers to the book (clauses,
 * roles) by index and must not outlive it.
 * Included by: main (build), the checklist writers, audit. */
#ifndef SVCBOOK_CHECKLIST_H
#define SVCBOOK_CHECKLIST_H

#include "book.h"
#include "oblig.h"
#include "obligtab.h"
#include "strmap.h"

/** The largest weight= a heading may give. */
#define CHECKLIST_MAX_WEIGHT 1000

/** One item: a clause to observe, and what it obliges. */
typedef struct {
	int clause;         /**< index into book.clauses; its id is the item's id */
	int weight;         /**< weight=N, 1 when not given */
	const oblig_list *obligs; /**< the clause's own obligations (at least one),
	                               shared by the roles it is an item of */
} checklist_item;

/** The checklist of one role, items in book order. */
typedef struct {
	int role;           /**< index into book.roles */
	checklist_item *items;
	size_t n, cap;
	strmap ids;         /**< item id -> index into items */
} checklist;

typedef struct {
	const book *b;
	checklist *lists;   /**< one per role, indexed like book.roles */
	size_t n;
	const oblig_table *obligs; /**< every clause's obligations: b->obligations, else own */
	oblig_table *own;   /**< the table made here when the book had none */
} checklist_set;

/** Builds the checklists of every role of b, from b->obligations when
 *  set; else the obligations are read here from the trees, which works
 *  after book_drop_sources too. */
checklist_set *checklist_build(const book *b);

/** The index of item id in role r's checklist, or -1. */
int checklist_find(const checklist_set *s, int role, const char *id);

/** Reads a weight= value: a whole number 1..CHECKLIST_MAX_WEIGHT. Returns
 *  0 and sets *w, or -1 (the reader reports it as bad-attribute). */
int checklist_parse_weight(const char *v, int *w);

void checklist_free(checklist_set *s);

#endif

/* audit.h - svcbook audit (FORMAT.md 10): results CSV files scored against
 * the book's checklists. Every row is checked (unknown item with the
 * nearest ids, item not in the role's checklist, bad result word, date or
 * score, missing column, broken quoting: each at file:line:col); any error
 * and nothing is written. A row of an item an earlier version's checklist
 * had, on a visit before the change was in force, is a warning and left
 * out (audithist.h). Rows stream: memory grows with the number of
 * employees, departments and items, never with the number of rows.
 * Included by: main, auditrep. */
#ifndef SVCBOOK_AUDIT_H
#define SVCBOOK_AUDIT_H

#include <stdint.h>
#include "checklist.h"

typedef enum { AUDIT_TEXT, AUDIT_JSON, AUDIT_HTML } audit_format;

/** Weights of yes and no results (na counts for nothing). */
typedef struct {
	int64_t yes, no;
} audit_tally;

typedef struct {
	char *name, *department;
	int role;           /**< the role of its first row (book.roles index) */
	audit_tally t;
	long results;       /**< yes and no results counted */
} audit_emp;

typedef struct {
	char *name;
	audit_tally t;
	long promoters, passives, detractors; /**< survey scores 9-10, 7-8, 0-6 */
} audit_dept;

typedef struct {
	char month[8];      /**< "YYYY-MM" */
	audit_tally t;
} audit_month;

/** One checklist item's results, counted (not weighed). */
typedef struct {
	int role, item;     /**< book.roles index; index into that role's checklist */
	long yes, no, na;
} audit_item;

/** What a clean run found, sorted for output: employees by department
 *  then name, departments and months by name, items in book order. */
typedef struct {
	const book *b;
	const checklist_set *cl;
	audit_emp *emps;     size_t nemps;
	audit_dept *depts;   size_t ndepts;
	audit_month *months; size_t nmonths;
	audit_item *items;   size_t nitems; /**< the items with at least one result */
	audit_tally total;
	long promoters, passives, detractors;
	long rows;           /**< result rows counted */
	long duplicates;     /**< rows left out as duplicates */
	long left_out;       /**< rows left out: items of an earlier version's checklist */
	long answers;        /**< survey answers counted */
	const char *from, *to; /**< the period as given, or NULL */
} audit_report;

/** A score in tenths of a percent (875 = 87.5 %), rounded half up; -1
 *  when there is nothing to score (no yes or no). */
int audit_score(const audit_tally *t);
/** NPS in tenths (-1000..1000), rounded half away from zero; sets *none
 *  when there are no answers. */
int audit_nps(long promoters, long passives, long detractors, int *none);
/** The bonus coefficient of a score (tenths) in thousandths, from book.lua
 *  bonus; -1 when the book has none, the score is -1 or reaches no
 *  threshold. */
int audit_bonus(const book *b, int score);

/** The help of svcbook audit. */
extern const char *const audit_usage;

/** The whole command: svcbook audit ARGS (after "audit"). Returns the
 *  exit status: 0, or 2 for bad input or arguments (nothing written). */
int audit_main(int argc, char **argv);

#endif

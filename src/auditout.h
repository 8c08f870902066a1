/* auditout.h - OUTDIR/audit/, written by build (FORMAT.md 10): per role a
 * blank results sheet ROLE.csv and a printable checklist audit-ROLE.html,
 * and checklists.xlsx with a sheet per role. Written atomically as one
 * part (output.h). Included by: main. */
#ifndef SVCBOOK_AUDITOUT_H
#define SVCBOOK_AUDITOUT_H

#include "checklist.h"
#include "diag.h"
#include "output.h"

/** OUTDIR/audit made and not yet in place. */
typedef struct {
	output_part p;
	int state; /**< 1 made whole in p.tmp; 0 nothing to put in place (no
	                roles); -1 failed (reported, p already dropped) */
} auditout_made;

/** Writes OUTDIR/audit for the checklists of s into a temporary folder
 *  beside it (output_begin), on any thread: it only reads s and the
 *  frozen book. Nothing when the book has no roles. site: 1 when
 *  OUTDIR/html is written too (the checklists link to its clauses), else
 *  they link to book.lua's url, or not at all. 0, or -1 (reported into
 *  d). Then auditout_commit or auditout_abort. */
int auditout_make(const checklist_set *s, const char *outdir, int site, auditout_made *m, diag_list *d);
/** Puts what auditout_make made in place (output_commit): 0, or -1 when
 *  it failed now or then (reported into d). */
int auditout_commit(auditout_made *m, diag_list *d);
/** Drops what auditout_make made: the old OUTDIR/audit stays. */
void auditout_abort(auditout_made *m);

/** The blank results sheet of role r: the header and one row per item,
 *  role and item filled in. Appended to o. */
void auditout_csv(const checklist_set *s, int r, buf *o);

#endif

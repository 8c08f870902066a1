/* auditout.h - OUTDIR/audit/, written by build (FORMAT.md 10): per role a
 * blank results sheet ROLE.csv and a printable checklist audit-ROLE.html,
 * and checklists.xlsx with a sheet per role. Written atomically as one
 * part (output.h). Included by: main. */
#ifndef SVCBOOK_AUDITOUT_H
#define SVCBOOK_AUDITOUT_H

#include "checklist.h"
#include "diag.h"

/** Writes OUTDIR/audit for the checklists of s; nothing when the book has
 *  no roles. site: 1 when OUTDIR/html is written too (the checklists link
 *  to its clauses), else they link to book.lua's url, or not at all.
 *  0, or -1 (reported into d). */
int auditout_write(const checklist_set *s, const char *outdir, int site, diag_list *d);

/** The blank results sheet of role r: the header and one row per item,
 *  role and item filled in. Appended to o. */
void auditout_csv(const checklist_set *s, int r, buf *o);

#endif

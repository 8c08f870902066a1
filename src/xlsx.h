/* xlsx.h - the audit checklists as one spreadsheet (libxlsxwriter): a sheet
 * per role, the results columns of FORMAT.md 10 with each item's role and
 * id filled in, a yes / no / na choice list in the result column.
 * Included by: auditout. */
#ifndef SVCBOOK_XLSX_H
#define SVCBOOK_XLSX_H

#include "checklist.h"
#include "diag.h"

/** Writes the workbook at path; libxlsxwriter's temporary files go in
 *  tmpdir (inside the output). The same checklists give the same bytes.
 *  0, or -1 (reported into d). */
int xlsx_write_checklists(const checklist_set *s, const char *path, const char *tmpdir, diag_list *d);

#endif

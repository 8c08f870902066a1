/* fix.h - `svcbook lint --fix`: the findings' fixes written into the book's
 * files, each file replaced whole (a temporary file renamed over it), never
 * half-written. Included by: lintcmd. */
#ifndef SVCBOOK_FIX_H
#define SVCBOOK_FIX_H

#include "book.h"
#include "diag.h"

/* Applies the fixes of l's findings to the book files of b (read again from
 * bookdir); a fix that overlaps an earlier one in its file, or leaves the
 * file's text, waits for the next run. The findings fixed are removed from
 * l. Problems writing go to errs as errors. Returns how many were fixed;
 * *files is how many files changed. */
size_t fix_apply(const book *b, const char *bookdir, diag_list *l, diag_list *errs, size_t *files);

#endif

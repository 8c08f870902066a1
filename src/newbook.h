/* newbook.h - svcbook new: a starter book to begin from. Included by: main. */
#ifndef SVCBOOK_NEWBOOK_H
#define SVCBOOK_NEWBOOK_H

#include "diag.h"

/* Copies datadir/templates/starter/LANG/ (its files and roles/) into dir,
 * which must not exist or be empty. 0 on success, -1 (reported) else. */
int newbook_write(const char *datadir, const char *lang, const char *dir, diag_list *d);

#endif

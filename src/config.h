/* config.h - book.lua, evaluated as data in an empty Lua environment.
 * Included by: reader. */
#ifndef SVCBOOK_CONFIG_H
#define SVCBOOK_CONFIG_H

#include "book.h"
#include "diag.h"

/* Reads BOOKDIR/book.lua when present into c. Problems go to d with file
 * "book.lua" (a script that does not run is SEV_FATAL). Returns 0, or -1
 * when book.lua exists but could not be used. */
int config_read(const char *bookdir, book_config *c, diag_list *d);

#endif

/* config.h - book.lua, evaluated as data in an empty Lua environment.
 * Included by: reader, lint, view. */
#ifndef SVCBOOK_CONFIG_H
#define SVCBOOK_CONFIG_H

#include "book.h"
#include "diag.h"

/* Reads BOOKDIR/book.lua when present into c. Problems go to d with file
 * "book.lua" (a script that does not run is SEV_FATAL). Returns 0, or -1
 * when book.lua exists but could not be used. */
int config_read(const char *bookdir, book_config *c, diag_list *d);

/* The same for book.lua's text src of len bytes (an old version from git). */
int config_parse(const char *src, size_t len, book_config *c, diag_list *d);

/* Where book.lua's text sets key: the first line that starts with `key =`
 * (a plain assignment, as book.lua is written); line 0 when none does (a
 * key set some other way). */
book_pos config_key_pos(const char *text, const char *key);

/* The line and column in book.lua's text of the first quoted occurrence of
 * string s after "roles" (a role id, a rule id), so a diagnostic can point
 * at it; line 0 when not found. */
book_pos config_string_pos(const char *text, const char *s);

#endif

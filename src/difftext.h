/* difftext.h - svcbook diff as text for a person at a terminal: a line per
 * change (kind, what, number, id, title, roles, effect), the words that
 * changed, a line per obligation that changed; in the new book's language.
 * Included by: diff. */
#ifndef SVCBOOK_DIFFTEXT_H
#define SVCBOOK_DIFFTEXT_H

#include <stdio.h>
#include "diff.h"

/* Writes the changes of r. */
void difftext_write(FILE *out, const diff_result *r);

#endif

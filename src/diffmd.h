/* diffmd.h - svcbook diff as a pull-request comment (Markdown): who must
 * re-read what, then each change with its effect on the obligations.
 * Included by: diff. */
#ifndef SVCBOOK_DIFFMD_H
#define SVCBOOK_DIFFMD_H

#include <stdio.h>
#include "diff.h"

/* The first line of every comment, so that a CI job can find its own
 * comment and update it in place. */
#define DIFFMD_MARKER "<!-- svcbook-diff -->"

/* GitHub's limit on a comment's body, in characters; the comment is kept
 * under it in bytes, which is stricter. */
#define DIFFMD_MAX 65536

/* Writes the comment for r, in the new book's language. */
void diffmd_write(FILE *out, const diff_result *r);

#endif

/* suppress.h - suppression comments in a book's Markdown:
 *   <!-- svcbook-disable RULE-ID[, RULE-ID] -- reason -->      rest of the file
 *   <!-- svcbook-disable-next-line RULE-ID -- reason -->       the next line
 *   <!-- svcbook-enable [RULE-ID...] -->                       on again
 * No id means every rule. Comments inside code (fenced blocks, `spans`) are
 * text, not comments. Included by: lint. */
#ifndef SVCBOOK_SUPPRESS_H
#define SVCBOOK_SUPPRESS_H

#include "book.h"
#include "diag.h"

typedef struct suppress_set suppress_set;

/* The comments of f, in order. A comment that names no rule known(id, arg)
 * accepts, or is not written as above, is a bad-suppression warning in d. */
suppress_set *suppress_scan(const book_file *f, int (*known)(const char *id, void *arg), void *arg, diag_list *d);

/* Whether a comment silences x; *reason is its reason (NULL when none). */
int suppress_match(const suppress_set *s, const diag *x, const char **reason);

void suppress_free(suppress_set *s);

#endif

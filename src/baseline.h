/* baseline.h - lint --base: which findings a pull request's base book has
 * too, so that the ones it brings count wherever they are (a renamed term
 * breaks references on lines the pull request never touched).
 * Included by: lintcmd. */
#ifndef SVCBOOK_BASELINE_H
#define SVCBOOK_BASELINE_H

#include <stddef.h>

#include "diag.h"

struct book;

/* The findings of the base book b (read from bookdir), as keys. */
typedef struct baseline baseline;
baseline *baseline_new(const struct book *b, const char *bookdir, const diag_list *d);
void baseline_free(baseline *bl);

/* A flag per finding of d (the head book b's): 1 for one the base has
 * not. Each base finding answers for one head finding only, so a line
 * copied with its problem counts the copy. Caller frees. */
unsigned char *baseline_fresh(const baseline *bl, const struct book *b, const char *bookdir, const diag_list *d);

#endif

/* audithist.h - what the book's git history says about an audit row whose
 * item the book's checklists no longer give that role: the version that
 * removed it, or whether the visit was made while an earlier version's
 * checklist, which had it, was in force (docs/audit.md). The history is
 * read once, on the first such row; a clean file never reads it.
 * Included by: audit. */
#ifndef SVCBOOK_AUDITHIST_H
#define SVCBOOK_AUDITHIST_H

#include "book.h"

typedef struct audit_hist audit_hist;

/* Nothing is read until a question is asked. */
audit_hist *audit_hist_new(const char *bookdir);
void audit_hist_free(audit_hist *H);

/* "; version V (DATE) removed it, version W had it" for an id the book
 * has no clause for, in the catalogue's language; "" when the history
 * does not know it. Caller frees. */
char *audit_hist_removed(audit_hist *H, const char *id);

/* An item that left role_id's checklist after the visit: the last version
 * whose checklist of the role had it, and the one after it (cur: the book
 * as it is) with the day it came into force. */
typedef struct {
	const char *had, *dropped; /* versions; owned by H or cur */
	char from[11];             /* the day the dropping version is in force from */
} audit_earlier;

/* 1 when the item id was in role_id's checklist in an earlier version and
 * the version that dropped it came into force after day (its book.lua
 * `effective`, else `approved`, else its commit's date): the row was
 * filled in from that earlier checklist. 0 otherwise. */
int audit_hist_earlier(audit_hist *H, const book *cur, const char *role_id, const char *id, long day,
		       audit_earlier *out);

#endif

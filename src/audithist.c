/* audithist.c - the git history behind an audit row's unknown or misplaced
 * item (audithist.h). */
#include "audithist.h"
#include "checklist.h"
#include "date.h"
#include "diag.h"
#include "history.h"
#include "i18n.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct audit_hist {
	char *bookdir;
	history h;
	int read;
	checklist_set **lists; /* per version, built when first asked */
};

audit_hist *audit_hist_new(const char *bookdir)
{
	audit_hist *H = xcalloc(1, sizeof *H);
	H->bookdir = xstrdup(bookdir);
	return H;
}

void audit_hist_free(audit_hist *H)
{
	if (!H)
		return;
	if (H->read) {
		for (size_t i = 0; i < H->h.n; i++)
			if (H->lists[i])
				checklist_free(H->lists[i]);
		free(H->lists);
		history_free(&H->h);
	}
	free(H->bookdir);
	free(H);
}

static const history *hist(audit_hist *H)
{
	if (!H->read) {
		H->read = 1;
		diag_list *quiet = diag_list_new(); /* a repository's troubles are not the results' */
		history_read(H->bookdir, 1, &H->h, quiet);
		diag_list_free(quiet);
		H->lists = xcalloc(H->h.n ? H->h.n : 1, sizeof *H->lists);
	}
	return &H->h;
}

char *audit_hist_removed(audit_hist *H, const char *id)
{
	const history *h = hist(H);
	for (size_t i = h->n; i-- > 0;) {
		if (!h->v[i].book || book_find_id(h->v[i].book, id) < 0)
			continue;
		if (i + 1 < h->n)
			return xasprintf(_("; version %s (%s) removed it, version %s had it"), h->v[i + 1].version,
					 h->v[i + 1].date, h->v[i].version);
		return xasprintf(_("; version %s had it, the book has changed since"), h->v[i].version);
	}
	return xstrdup("");
}

/* The day a version is in force from: book.lua's effective, else approved,
 * else commit (its commit's date; NULL: today, for the book as it is). */
static long in_force(const book *b, const char *commit)
{
	long day;
	if (b->config.effective && date_parse(b->config.effective, &day) == 0)
		return day;
	if (b->config.approved && date_parse(b->config.approved, &day) == 0)
		return day;
	if (commit && date_parse(commit, &day) == 0)
		return day;
	return date_today();
}

/* Whether version i's checklist of role_id holds id. */
static int had_item(audit_hist *H, size_t i, const char *role_id, const char *id)
{
	const book *b = H->h.v[i].book;
	int r = b ? book_find_role(b, role_id) : -1;
	if (r < 0)
		return 0;
	if (!H->lists[i])
		H->lists[i] = checklist_build(b);
	return checklist_find(H->lists[i], r, id) >= 0;
}

int audit_hist_earlier(audit_hist *H, const book *cur, const char *role_id, const char *id, long day,
		       audit_earlier *out)
{
	const history *h = hist(H);
	for (size_t i = h->n; i-- > 0;) {
		if (!had_item(H, i, role_id, id))
			continue;
		const history_version *next = i + 1 < h->n ? &h->v[i + 1] : NULL;
		const book *nb = next && next->book ? next->book : cur;
		long from = in_force(nb, next ? next->date : NULL);
		if (day >= from)
			return 0; /* the visit was under the checklist without it */
		out->had = h->v[i].version;
		out->dropped = next ? next->version : cur->config.version ? cur->config.version : "";
		date_format(from, out->from);
		return 1;
	}
	return 0;
}

/* trust.c - see trust.h. */
#include "trust.h"
#include "diagid.h"
#include "diag.h"
#include "util.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* The names the warning shows; more are counted. */
#define SHOWN 4

static int run_trust;

void trust_set(int on)
{
	run_trust = on;
}

int trust_wanted(int flag)
{
	const char *e = getenv("SVCBOOK_TRUST_BOOK");
	return flag || run_trust || (e && strcmp(e, "1") == 0);
}

/* The entries of BOOKDIR/templates, sorted (the warning is the same on
 * every machine); *n of them. */
static char **template_names(const book *b, size_t *n)
{
	*n = 0;
	if (!b->dir)
		return NULL;
	char *dir = xasprintf("%s/templates", b->dir);
	DIR *d = opendir(dir);
	free(dir);
	if (!d)
		return NULL;
	char **v = NULL;
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		v = xgrow(v, &cap, *n + 1, sizeof *v);
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		sort_array(v, *n, sizeof *v, cmp_strp);
	return v;
}

void trust_apply(book *b, int trusted)
{
	b->trusted = trusted;
	if (trusted)
		return;
	size_t n;
	char **names = template_names(b, &n);
	int unsafe = b->config.unsafe_html != 0;
	buf what;
	buf_init(&what);
	for (size_t i = 0; i < n && i < SHOWN; i++)
		buf_printf(&what, "%stemplates/%s", i ? ", " : "", names[i]);
	if (n > SHOWN)
		buf_printf(&what, " (and %zu more in templates/)", n - SHOWN);
	if (unsafe)
		buf_printf(&what, "%sunsafe_html = true", n ? ", " : "");
	b->config.unsafe_html = 0;
	if (what.len)
		diag_add(b->diags, NULL, 0, 0, SEV_WARNING, DIAG_ID(UNTRUSTED_BOOK),
			 "a book's templates and raw HTML put its authors' markup and script on every page: pass "
			 "--trust-book (or SVCBOOK_TRUST_BOOK=1) only for a book whose authors you trust",
			 "the book is not trusted, so its own %s %s ignored; the HTML uses svcbook's", what.data,
			 n + (size_t)unsafe > 1 ? "are" : "is");
	buf_free(&what);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

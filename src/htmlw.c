/* htmlw.c - clause addresses for the standalone HTML pages. */
#include "htmlw.h"
#include "escape.h"

#include <string.h>

int htmlw_clause_has_page(const book *b, int c)
{
	const book_clause *cl = &b->clauses[c];
	return cl->file >= 0 && b->files[cl->file].page;
}

/* What goes between base and the page: a slash unless base ends in one
 * or is empty. */
static const char *sep_after(const char *base)
{
	return base && *base && base[strlen(base) - 1] != '/' ? "/" : "";
}

char *htmlw_clause_href(const book *b, int c, const char *base)
{
	if (!htmlw_clause_has_page(b, c))
		return NULL;
	const book_clause *cl = &b->clauses[c];
	return xasprintf("%s%s%s.html#%s", base ? base : "", sep_after(base), b->files[cl->file].page, cl->id);
}

void htmlw_put_clause_href(buf *o, const book *b, int c, const char *base)
{
	if (!htmlw_clause_has_page(b, c))
		return;
	const book_clause *cl = &b->clauses[c];
	/* esc_html_dq escapes byte by byte: the pieces escaped one by one
	 * are the whole escaped at once */
	esc_html_dq(o, base);
	buf_puts(o, sep_after(base));
	esc_html_dq(o, b->files[cl->file].page);
	buf_puts(o, ".html#");
	esc_html_dq(o, cl->id);
}

/* htmlw.c - clause addresses for the standalone HTML pages. */
#include "htmlw.h"

#include <string.h>

char *htmlw_clause_href(const book *b, int c, const char *base)
{
	const book_clause *cl = &b->clauses[c];
	if (cl->file < 0 || !b->files[cl->file].page)
		return NULL;
	const char *sep = base && *base && base[strlen(base) - 1] != '/' ? "/" : "";
	return xasprintf("%s%s%s.html#%s", base ? base : "", sep, b->files[cl->file].page, cl->id);
}

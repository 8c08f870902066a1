/* htmlw.c - escaping and clause addresses for the standalone HTML pages. */
#include "htmlw.h"

#include <string.h>

void htmlw_esc(buf *o, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(o, "&amp;"); break;
		case '<': buf_puts(o, "&lt;"); break;
		case '>': buf_puts(o, "&gt;"); break;
		case '"': buf_puts(o, "&quot;"); break;
		default: buf_putc(o, *s);
		}
	}
}

char *htmlw_clause_href(const book *b, int c, const char *base)
{
	const book_clause *cl = &b->clauses[c];
	if (cl->file < 0 || !b->files[cl->file].page)
		return NULL;
	const char *sep = base && *base && base[strlen(base) - 1] != '/' ? "/" : "";
	return xasprintf("%s%s%s.html#%s", base ? base : "", sep, b->files[cl->file].page, cl->id);
}

/* test_htmlw.c - unit tests of the standalone pages' clause addresses
 * (src/htmlw.c): htmlw_put_clause_href writes, piece by piece, what
 * esc_html_dq writes of htmlw_clause_href's address, for every kind of
 * base, and nothing for a clause without a page. */
#include "escape.h"
#include "htmlw.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	book_file files[] = {{.page = "role-a&b"}, {.page = NULL}, {.page = "general"}};
	book_clause clauses[] = {
		{.id = "a-greet", .file = 0},
		{.id = "x\"<y>&z", .file = 2},
		{.id = "no-page", .file = 1},
		{.id = "chapter", .file = -1},
	};
	book b;
	memset(&b, 0, sizeof b);
	b.files = files;
	b.nfiles = sizeof files / sizeof *files;
	b.clauses = clauses;
	b.nclauses = sizeof clauses / sizeof *clauses;
	const char *bases[] = {NULL, "", "../html/", "https://example.org/book", "https://ex.org/a&b/",
			       "https://ex.org/q?\"x\"<y>"};
	buf want, got;
	buf_init(&want);
	buf_init(&got);
	for (size_t i = 0; i < sizeof bases / sizeof *bases; i++) {
		for (int c = 0; c < (int)b.nclauses; c++) {
			want.len = got.len = 0;
			buf_puts(&want, "<");
			buf_puts(&got, "<");
			char *href = htmlw_clause_href(&b, c, bases[i]);
			esc_html_dq(&want, href);
			htmlw_put_clause_href(&got, &b, c, bases[i]);
			char what[200], detail[600];
			snprintf(what, sizeof what, "clause %s, base %s: the same address", clauses[c].id,
				 bases[i] ? bases[i] : "NULL");
			snprintf(detail, sizeof detail, "got [%s], want [%s]", got.data, want.data);
			ok_detail(got.len == want.len && memcmp(got.data, want.data, got.len) == 0, what, detail);
			ok((href != NULL) == htmlw_clause_has_page(&b, c), "htmlw_clause_has_page says whether there is an address");
			free(href);
		}
	}
	want.len = 0;
	htmlw_put_clause_href(&want, &b, 1, "../html/");
	buf_putc(&want, '\0');
	ok(strcmp(want.data, "../html/general.html#x&quot;&lt;y&gt;&amp;z") == 0, "the address escaped as an attribute value");
	buf_free(&want);
	buf_free(&got);
	return unit_done();
}

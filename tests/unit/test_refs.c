/* test_refs.c - [[references]] in a paragraph's text (xref.c's split_run,
 * reached through the reader as a book reads them): the runs of text are
 * cut into text and reference links, the rest of the text is kept as it
 * was, escapes and code stay text, and each reference knows its target,
 * its shown text and where it starts. A case is a clause's Markdown, the
 * text it reads as and its references. */
#include "book.h"
#include "diag.h"
#include "reader.h"
#include "unit.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The body of clauses [first..last] as text: a reference link is <shown>,
 * a soft break "/", code spans their text. */
static void render(cmark_node *first, cmark_node *last, buf *o)
{
	for (cmark_node *top = first; top; top = cmark_node_next(top)) {
		cmark_iter *it = cmark_iter_new(top);
		cmark_event_type ev;
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *n = cmark_iter_get_node(it);
			cmark_node_type t = cmark_node_get_type(n);
			if (t == CMARK_NODE_LINK && cmark_node_get_user_data(n))
				buf_puts(o, ev == CMARK_EVENT_ENTER ? "<" : ">");
			else if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE))
				buf_puts(o, cmark_node_get_literal(n));
			else if (ev == CMARK_EVENT_ENTER && t == CMARK_NODE_SOFTBREAK)
				buf_puts(o, "/");
		}
		cmark_iter_free(it);
		if (top == last) break;
	}
}
/* Reads "# G\n\n## A\n\n" + body as general.md; the text of clause A and
 * its references as "kind:target|shown@line:col" separated by spaces. */
static void read_case(const char *body, char *text, size_t tcap, char *refs, size_t rcap)
{
	char *md = xasprintf("# G\n\n## A\n\n%s\n", body);
	reader_mem_file f[] = {{"general.md", md, strlen(md)}};
	book *b = reader_read_mem("/tmp", f, 1);
	text[0] = refs[0] = '\0';
	if (b->nclauses == 2) {
		buf o;
		buf_init(&o);
		render(b->clauses[1].body_first, b->clauses[1].body_last, &o);
		snprintf(text, tcap, "%s", o.data ? o.data : "");
		buf_free(&o);
	}
	static const char kinds[] = "nri"; /* REF_NAME, REF_ROLE, REF_ID */
	size_t n = 0;
	for (size_t i = 0; i < b->nrefs && n < rcap; i++) {
		const book_ref *r = &b->refs[i];
		n += (size_t)snprintf(refs + n, rcap - n, "%s%c:%s%s%s@%d:%d", n ? " " : "", r->kind < 3 ? kinds[r->kind] : '?',
				      r->target, r->shown ? "|" : "", r->shown ? r->shown : "", r->pos.line, r->pos.col);
	}
	book_free(b);
	free(md);
}

static void expect(const char *body, const char *want_text, const char *want_refs)
{
	char text[1024], refs[1024];
	read_case(body, text, sizeof text, refs, sizeof refs);
	char *what = xasprintf("\"%s\" reads as \"%s\" with %s; want \"%s\" with %s", body, text, refs, want_text, want_refs);
	ok_detail(strcmp(text, want_text) == 0 && strcmp(refs, want_refs) == 0, "split_run", what);
	free(what);
}

int main(void)
{
	expect("See [[Customer]] and [[#a|the A]] or [[@agent]].", "See <Customer> and <the A> or <agent>.",
	       "n:Customer@5:5 i:a|the A@5:22 r:agent@5:38");
	expect("No references here.", "No references here.", "");
	expect("[[a]][[b]] x", "<a><b> x", "n:a@5:1 n:b@5:6");
	/* escaped brackets, an empty pair and an unclosed one are text;
	 * "[[a [[b]]" refers to b */
	expect("Text \\[[not]] and [[]] and [[a [[b]] end", "Text [[not]] and [[]] and [[a <b> end", "n:b@5:32");
	expect("one [[open", "one [[open", "");
	/* a soft break inside a reference reads as a space; outside, it stays */
	expect("Line one [[multi\nword]] next\nline", "Line one <multi word> next/line", "n:multi word@5:10");
	expect("[[c|shown\ntext]]", "<shown text>", "n:c|shown text@5:1");
	/* emphasis is cut like text; code spans are code, never references */
	expect("*[[emph]]* `[[code]]`", "<emph> [[code]]", "n:emph@5:2");
	expect("Клиент [[оператора]] ждёт", "Клиент <оператора> ждёт", "n:оператора@5:14");
	/* a run's later lines: their escapes and columns are worked out only
	 * when a reference or a "[[" is in them, and then as on the first */
	expect("[[a]] x\n\\[[b]] y\nz [[c]]", "<a> x/[[b]] y/z <c>", "n:a@5:1 n:c@7:3");
	expect("[[]] x\n&amp; [[b]] &copy;\n[[c &lt; d]]", "[[]] x/& <b> ©/<c < d>", "n:b@6:7 n:c < d@7:1");
	expect("x [[a\n&#91;[b]] [[c]]", "x <a [[b> <c>", "n:a [[b@5:3 n:c@6:11");
	return unit_done();
}

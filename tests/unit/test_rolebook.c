/* test_rolebook.c - the views of every role made from one index
 * (rolebook_view_in: the view all roles share closed once, then each
 * role's own material) are the views made one at a time from nothing
 * (rolebook_view): the same clauses and the same terms, on standards/ and
 * on a small book where a role's material reaches the shared material's
 * terms and a term's definition brings another term. */
#include "book.h"
#include "diag.h"
#include "reader.h"
#include "rolebook.h"
#include "unit.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

static void same_views(const book *b, const char *what)
{
	rolebook_index *x = rolebook_index_new(b);
	int bad = -1;
	size_t held = 0, all = 0;
	for (size_t r = 0; r < b->nroles; r++) {
		book_view one, in;
		rolebook_view(b, (int)r, &one);
		rolebook_view_in(x, (int)r, &in);
		if ((b->nclauses && memcmp(one.clauses, in.clauses, b->nclauses) != 0) ||
		    (b->nterms && memcmp(one.terms, in.terms, b->nterms) != 0) || one.role != in.role)
			bad = (int)r;
		for (size_t c = 0; c < b->nclauses; c++)
			held += in.clauses[c] != 0;
		all += b->nclauses;
		rolebook_view_free(&one);
		rolebook_view_free(&in);
	}
	rolebook_index_free(x);
	char name[200];
	snprintf(name, sizeof name, "%s: the %zu roles' views from one index are the views made alone", what, b->nroles);
	ok(b->nroles > 1 && bad < 0, name);
	snprintf(name, sizeof name, "%s: the views leave material out", what);
	ok(held > 0 && held < all, name);
}

/* Whether view v holds (lacks) the clause with this id, which exists. */
static int holds(const book *b, const book_view *v, const char *id)
{
	int c = book_find_id(b, id);
	return c >= 0 && v->clauses[c];
}

static int lacks(const book *b, const book_view *v, const char *id)
{
	int c = book_find_id(b, id);
	return c >= 0 && !v->clauses[c];
}

int main(void)
{
	book *b = reader_read("standards");
	ok(diag_worst(b->diags) < SEV_FATAL && b->nroles >= 8, "standards/ is read");
	same_views(b, "standards/");
	book_free(b);

	const char *lua = "title = 'T'\nlanguage = 'en'\nroles = { 'desk', 'tech' }\n";
	const char *terms = "# Terms\n\n## Visit {#visit}\n\nA call at the customer's, see [[ticket]].\n\n"
	                    "## Ticket {#ticket}\n\nA record.\n\n## Refund {#refund}\n\nMoney back.\n\n"
	                    "## Queue {#queue}\n\nWhere tickets wait.\n";
	const char *general = "# General\n\n## Scope {#scope}\n\nStaff must keep each [[ticket]].\n\n"
	                      "### Detail {#scope-detail}\n\nMore.\n";
	const char *journey = "# Journey\n\nThe stages.\n\n## Call {#call owner=desk}\n\nThe desk must answer.\n\n"
	                      "### Within a minute {#call-minute}\n\nIn a [[queue]].\n\n"
	                      "## Visit {#visit-stage owner=tech}\n\nThe tech must come on time.\n";
	const char *desk = "# Desk {#desk}\n\n## Greeting {#desk-greeting}\n\nThe desk must greet.\n\n"
	                   "### Words {#desk-words}\n\nSay hello; offer a [[refund]].\n";
	const char *tech = "# Tech {#tech}\n\n## Visits {#tech-visits}\n\nThe tech must plan each [[visit]].\n";
	const char *look = "# Appearance\n\n## Everyone {#look-all roles=all}\n\nStaff must be neat.\n\n"
	                   "### Shoes {#look-shoes}\n\nClean.\n\n## Field {#look-field roles=tech}\n\nBoots.\n";
	reader_mem_file f[] = {
		{"book.lua", lua, strlen(lua)},         {"terms.md", terms, strlen(terms)},
		{"general.md", general, strlen(general)}, {"journey.md", journey, strlen(journey)},
		{"roles/desk.md", desk, strlen(desk)},   {"roles/tech.md", tech, strlen(tech)},
		{"appearance.md", look, strlen(look)},
	};
	b = reader_read_mem("/tmp", f, sizeof f / sizeof *f);
	ok(diag_worst(b->diags) < SEV_FATAL && b->nroles == 2, "the small book is read");
	same_views(b, "a small book");
	int desk_r = rolebook_find(b, "desk"), tech_r = rolebook_find(b, "tech");
	rolebook_index *x = rolebook_index_new(b);
	book_view v;
	rolebook_view_in(x, tech_r, &v);
	ok(holds(b, &v, "visit") && holds(b, &v, "ticket") &&
	   lacks(b, &v, "refund") && holds(b, &v, "look-field") &&
	   lacks(b, &v, "desk-words"),
	   "tech's book: its term, the term that term's definition uses, its appearance; not desk's");
	rolebook_view_free(&v);
	rolebook_view_in(x, desk_r, &v);
	ok(holds(b, &v, "refund") && holds(b, &v, "queue") &&
	   holds(b, &v, "call-minute") && lacks(b, &v, "look-field") &&
	   holds(b, &v, "look-shoes") && holds(b, &v, "scope-detail"),
	   "desk's book: its terms, its stage with what it holds, the shared material");
	rolebook_view_free(&v);
	rolebook_index_free(x);
	book_free(b);
	return unit_done();
}

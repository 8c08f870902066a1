/* test_attrs.c - heading attribute blocks (src/attrs.c: attrs_parse,
 * attrs_broken, ids) and the schema that says which are read where
 * (src/headattr.c). Each case is one heading's text. */
#include "attrs.h"
#include "headattr.h"
#include "unit.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* attrs_parse of s: the block's offset, and its items written "#id k=v k=v". */
static long parsed(const char *s, char *out, size_t cap)
{
	attrs_block blk;
	long at = attrs_parse(s, strlen(s), &blk);
	size_t n = 0;
	out[0] = '\0';
	if (at >= 0) {
		if (blk.id)
			n += (size_t)snprintf(out + n, cap - n, "#%s", blk.id);
		for (size_t i = 0; i < blk.n && n < cap; i++)
			n += (size_t)snprintf(out + n, cap - n, "%s%s=%s", n ? " " : "", blk.items[i].key, blk.items[i].value);
	}
	attrs_free(&blk);
	return at;
}

static void expect(const char *s, long at, const char *items)
{
	char got[512];
	long g = parsed(s, got, sizeof got);
	char *what = xasprintf("attrs_parse(\"%s\") = %ld \"%s\", want %ld \"%s\"", s, g, got, at, items);
	ok_detail(g == at && strcmp(got, items) == 0, "attrs_parse", what);
	free(what);
}

static void test_parse(void)
{
	expect("Title {#id}", 6, "#id");
	expect("Title {#a level=provider line=2}", 6, "#a level=provider line=2");
	expect("Term {aka=\"client, buyer\"}", 5, "aka=client, buyer");
	expect("Term {aka='one two'}", 5, "aka=one two");
	expect("Role { level = support }", 5, "level=support"); /* spaces around '=' read as meant */
	expect("{#only}", 0, "#only");
	expect("Title {#id}  \t", 6, "#id");              /* trailing white space */
	expect("Title {.class #id}", 6, "#id");            /* classes are ignored */
	expect("Title", -1, "");
	expect("Title {#id} more", -1, "");                /* not at the end */
	expect("Title{#id}", -1, "");                      /* not apart from the text */
	expect("Title {#a #b}", -1, "");                   /* a second #id */
	expect("Title {key}", -1, "");                     /* a key without =value */
	expect("Title {k=\"open}", -1, "");                /* a quote left open */
	expect("a {b} {#c}", 6, "#c");                     /* the last block */
	expect("", -1, "");
	/* the offset of each key, for the column of a diagnostic */
	attrs_block blk;
	const char *s = "T {#x  owner=a stage=b}";
	ok(attrs_parse(s, strlen(s), &blk) == 2 && blk.n == 2 && blk.id_off == 3 && blk.items[0].off == 7 &&
		   blk.items[1].off == 15,
	   "attrs_parse: the offsets of the #id and of each key");
	attrs_free(&blk);
}

static void test_broken(void)
{
	attrs_block blk;
	attrs_fault f;
	const char *s = "Title {#keep level=provider oops}";
	ok(attrs_broken(s, strlen(s), &blk, &f) == 1 && f.why && strcmp(f.why, "a key without =value") == 0 &&
		   f.start == 6 && f.fault == 28 && f.end == strlen(s) && blk.id && strcmp(blk.id, "keep") == 0 && blk.n == 1,
	   "attrs_broken: what is wrong, where, and what was read before it");
	attrs_free(&blk);
	s = "Title {#id} and text";
	ok(attrs_broken(s, strlen(s), &blk, &f) == 1 && f.why == NULL && f.start == 6 && f.end == 11,
	   "attrs_broken: a good block with text after it");
	attrs_free(&blk);
	s = "Title {#open level=1";
	ok(attrs_broken(s, strlen(s), &blk, &f) == 1 && f.why && strcmp(f.why, "no closing '}'") == 0,
	   "attrs_broken: a block left open");
	attrs_free(&blk);
	s = "Use {braces} in text";
	ok(attrs_broken(s, strlen(s), &blk, &f) == 0, "attrs_broken: braces that read as no block");
	attrs_free(&blk);
}

static void test_ids(void)
{
	ok(attrs_is_ncname("a-b_c.d1"), "NCName: letters, digits, - _ .");
	ok(!attrs_is_ncname("1a") && !attrs_is_ncname("-a") && !attrs_is_ncname("") && !attrs_is_ncname("a b") &&
		   !attrs_is_ncname("a:b"),
	   "NCName: no digit or '-' first, no empty, space or colon");
	ok(attrs_is_ncname("клиент"), "NCName: Cyrillic letters");
	/* ASCII as XML 1.0 Namespaces says (letters and _ first; then digits,
	 * - and . too), every byte first and after a letter and a digit */
	int same = 1;
	char s1[4] = "";
	for (int a = 1; a < 128 && same; a++) {
		int start = (a >= 'A' && a <= 'Z') || (a >= 'a' && a <= 'z') || a == '_';
		int more = start || (a >= '0' && a <= '9') || a == '-' || a == '.';
		snprintf(s1, sizeof s1, "%c", a);
		same &= attrs_is_ncname(s1) == start;
		snprintf(s1, sizeof s1, "x%c", a);
		same &= attrs_is_ncname(s1) == more;
		snprintf(s1, sizeof s1, "x1%c", a);
		same &= attrs_is_ncname(s1) == more;
	}
	ok_detail(same, "NCName: every ASCII byte, first and later", s1);
	char *s = attrs_slug("Hello, World!");
	ok_detail(strcmp(s, "hello-world") == 0, "slug: lower case, '-' between words", s);
	free(s);
	s = attrs_slug("!!!");
	ok_detail(*s && attrs_is_ncname(s), "slug: never empty, always an NCName", s);
	free(s);
	s = attrs_slug("2 steps");
	ok_detail(attrs_is_ncname(s), "slug: a digit first still gives an NCName", s);
	free(s);
}

static void test_schema(void)
{
	ok(headattr_find(CH_TERMS, "aka") && headattr_find(CH_TERMS, "avoid"), "schema: aka= and avoid= in terms");
	ok(headattr_find(CH_ROLES, "owner") && headattr_find(CH_JOURNEY, "owner"), "schema: owner= in roles and journey");
	ok(!headattr_find(CH_GENERAL, "owner") && !headattr_find(CH_TERMS, "level"), "schema: not where it is not read");
	ok(!headattr_find(CH_ROLES, "id"), "schema: #id is no attribute of the schema");
	const headattr_spec *l = headattr_find(CH_ROLES, "level");
	ok(l && l->value == HA_LEVEL && l->top_only, "schema: level= is a role's own, of its kind");
	size_t n;
	const headattr_spec *s = headattr_schema(&n);
	for (size_t i = 0; i < n; i++) {
		ok_detail(s[i].chapters != 0 && s[i].description && *s[i].description, "schema: each entry read somewhere, described",
			  s[i].name);
		for (size_t j = 0; j < i; j++)
			ok_detail(strcmp(s[i].name, s[j].name) != 0, "schema: each name once", s[i].name);
	}
}

int main(void)
{
	test_parse();
	test_broken();
	test_ids();
	test_schema();
	return unit_done();
}

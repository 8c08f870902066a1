/* test_parse.c - unit tests of parsing on two threads (src/parse.c) and of
 * the arena each thread parses in (arena_adopt): overlapping parses keep
 * the extensions' inline syntax, even when one parse ends in the middle of
 * another's inlines, and trees parsed in a second arena live on in
 * the first. Run under AddressSanitizer by make check-asan. */
#include "arena.h"
#include "parse.h"
#include "reader.h"
#include "thread.h"
#include "unit.h"

#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char line[] = "Say ~~no~~ never, see www.example.org and https://example.com/x ~~twice~~.\n\n";

/* The strikethrough and link nodes of one parse of line repeated. */
static int count_inlines(cmark_node *doc, int *links)
{
	int strikes = 0;
	*links = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (strcmp(cmark_node_get_type_string(n), "strikethrough") == 0)
			strikes++;
		else if (cmark_node_get_type(n) == CMARK_NODE_LINK)
			(*links)++;
	}
	cmark_iter_free(it);
	return strikes;
}

/* An inline extension on '%' that parses another document, as a second
 * thread might, in the middle of the outer parse's inlines: its finish
 * empties cmark-gfm's table of special characters unless it is held. */
static cmark_node *parse_inside(cmark_syntax_extension *ext, cmark_parser *parser, cmark_node *parent,
                                unsigned char c, cmark_inline_parser *ip)
{
	(void)ext, (void)parser, (void)parent, (void)c, (void)ip;
	cmark_node_free(parse_markdown("~~inner~~", 9, 1));
	return NULL;
}

/* The strikethrough nodes of "% ~~outer~~" parsed with parse_inside. */
static int strikes_after_inner_parse(void)
{
	cmark_syntax_extension *e = cmark_syntax_extension_new("parse-inside");
	cmark_syntax_extension_set_match_inline_func(e, parse_inside);
	cmark_mem *mem = cmark_get_default_mem_allocator();
	cmark_syntax_extension_set_special_inline_chars(e, cmark_llist_append(mem, NULL, (void *)(size_t)'%'));
	cmark_parser *p = cmark_parser_new(0);
	for (cmark_llist *l = reader_extensions(); l; l = l->next)
		cmark_parser_attach_syntax_extension(p, l->data);
	cmark_parser_attach_syntax_extension(p, e);
	cmark_parser_feed(p, "% ~~outer~~\n", 12);
	cmark_node *doc = cmark_parser_finish(p);
	int links;
	int n = count_inlines(doc, &links);
	cmark_node_free(doc);
	cmark_parser_free(p);
	cmark_syntax_extension_free(mem, e);
	return n;
}

enum { PARSES = 150, LINES = 40 };

typedef struct {
	char *text;
	int good; /* parses that found every strikethrough and link */
} job;

static void *parse_many(void *arg)
{
	job *j = arg;
	arena *a = arena_new();
	arena_activate(a);
	for (int i = 0; i < PARSES; i++) {
		cmark_node *doc = parse_markdown(j->text, strlen(j->text), 1);
		int links, strikes = count_inlines(doc, &links);
		j->good += strikes == 2 * LINES && links == 2 * LINES;
		cmark_node_free(doc);
	}
	arena_activate(NULL);
	arena_free(a);
	return NULL;
}

static void test_overlapping(void)
{
	char *text = malloc(sizeof line * LINES);
	text[0] = '\0';
	for (int i = 0; i < LINES; i++)
		strcat(text, line);
	parse_begin();
	if (parse_table_held())
		ok(strikes_after_inner_parse() == 1, "a parse that ends inside another leaves it its ~~strikethrough~~");
	else
		printf("note: this cmark-gfm is not interposed; parses take turns to finish\n");
	job a = {text, 0}, b = {text, 0};
	pthread_t t;
	int threaded = thread_try(&t, parse_many, &a);
	parse_many(&b);
	if (threaded)
		pthread_join(t, NULL);
	ok(threaded, "a second thread started");
	char detail[64];
	snprintf(detail, sizeof detail, "%d and %d of %d", a.good, b.good, PARSES);
	ok_detail(a.good == PARSES && b.good == PARSES, "overlapping parses all find ~~strikethrough~~ and autolinks", detail);
	parse_end();
	cmark_node *doc = parse_markdown(text, strlen(text), 1);
	int links, strikes = count_inlines(doc, &links);
	ok(strikes == 2 * LINES && links == 2 * LINES, "a parse after parse_end still has the extensions");
	cmark_node_free(doc);
	free(text);
}

static void test_adopt(void)
{
	cmark_mem *m = arena_mem();
	arena *a = arena_new(), *b = arena_new();
	arena_activate(b);
	char *in_b = m->calloc(1, 100);
	strcpy(in_b, "made in the second arena");
	cmark_node *doc = parse_markdown("# T\n\nbody ~~x~~\n", 17, 1);
	arena_activate(a);
	char *in_a = m->calloc(1, 16);
	strcpy(in_a, "first");
	arena_adopt(a, b);
	ok(strcmp(in_b, "made in the second arena") == 0, "what the adopted arena held is intact");
	char *grown = m->realloc(in_a, 4000);
	ok(grown == in_a && strcmp(grown, "first") == 0, "the adopting arena's newest chunk still grows in place");
	char *html = cmark_render_html_with_mem(doc, 0, NULL, cmark_get_default_mem_allocator());
	ok(strstr(html, "<h1>T</h1>") != NULL, "a tree parsed in the adopted arena renders");
	free(html);
	cmark_node_free(doc);
	arena_activate(NULL);
	arena_free(a); /* frees b's blocks too: ASan would see a leak or a double free */
	passed++;
	arena *c = arena_new();
	arena_adopt(c, NULL);
	arena_activate(c);
	arena *d = arena_new();
	arena_adopt(d, c); /* the active one: d becomes active */
	ok(m->calloc(1, 8) != NULL, "adopting the active arena leaves a usable one active");
	arena_activate(NULL);
	arena_free(d);
}

int main(void)
{
	test_overlapping();
	test_adopt();
	return unit_done();
}

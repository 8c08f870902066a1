/* parse.c - see parse.h.
 *
 * How the table is kept filled: cmark-gfm calls
 * cmark_manage_extensions_special_characters, an exported function, through
 * its own procedure linkage table, so the definition below, in the
 * executable, is the one it reaches (ELF symbol interposition); it forwards
 * to the library's unless parses may overlap, and then the table stays as
 * parse_begin filled it. parse_begin checks that the library does call it:
 * a build of the library that calls its own copy directly is parsed with
 * the finishes taking turns instead (finish_lock). */
#define _GNU_SOURCE
#include "parse.h"
#include "arena.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>

typedef void manage_fn(cmark_parser *, int);

static manage_fn *library_manage;   /* the library's own definition */
static pthread_once_t found = PTHREAD_ONCE_INIT;
static atomic_int calls;            /* how often the library called ours */
static int table_held;              /* parse_begin filled the table for good */
static pthread_mutex_t finish_lock = PTHREAD_MUTEX_INITIALIZER;

static void find_library_manage(void)
{
	*(void **)&library_manage = dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
}

void cmark_manage_extensions_special_characters(cmark_parser *parser, int add)
{
	atomic_fetch_add(&calls, 1);
	if (table_held)
		return;
	pthread_once(&found, find_library_manage);
	if (library_manage)
		library_manage(parser, add);
}

cmark_llist *parse_extensions(void)
{
	static cmark_llist *list;
	if (!list) {
		cmark_gfm_core_extensions_ensure_registered();
		const char *names[] = {"table", "strikethrough", "autolink"};
		for (size_t i = 0; i < 3; i++) {
			cmark_syntax_extension *e = cmark_find_syntax_extension(names[i]);
			if (e)
				list = cmark_llist_append(cmark_get_default_mem_allocator(), list, e);
		}
	}
	return list;
}

static cmark_parser *new_parser(int valid)
{
	int opts = CMARK_OPT_SOURCEPOS | (valid ? 0 : CMARK_OPT_VALIDATE_UTF8);
	cmark_parser *p = cmark_parser_new_with_mem(opts, arena_mem());
	for (cmark_llist *l = parse_extensions(); l; l = l->next)
		cmark_parser_attach_syntax_extension(p, l->data);
	return p;
}

/* Fills the table with a parser that has the extensions, when the library
 * is seen to call our definition: a one-character parse must call it. */
void parse_begin(void)
{
	pthread_once(&found, find_library_manage);
	int before = atomic_load(&calls);
	cmark_node_free(cmark_parse_document("x", 1, 0));
	if (atomic_load(&calls) == before || !library_manage)
		return;
	cmark_parser *p = new_parser(1);
	library_manage(p, 1);
	cmark_parser_free(p);
	table_held = 1;
}

void parse_end(void)
{
	if (!table_held)
		return;
	table_held = 0;
	cmark_parser *p = new_parser(1);
	library_manage(p, 0);
	cmark_parser_free(p);
}

int parse_table_held(void)
{
	return table_held;
}

cmark_node *parse_markdown(const char *text, size_t len, int valid)
{
	cmark_parser *p = new_parser(valid);
	cmark_parser_feed(p, text, len);
	int turns = !table_held;
	if (turns)
		pthread_mutex_lock(&finish_lock);
	cmark_node *doc = cmark_parser_finish(p);
	if (turns)
		pthread_mutex_unlock(&finish_lock);
	cmark_parser_free(p);
	return doc;
}

/* test_drop.c - book_drop_trees (book.h): a build frees the trees once
 * their last reader is done (src/main.c write_parts), while the other
 * threads go on reading the rest of the model. Every pointer into a tree
 * becomes NULL, the rest of the model stays as it was, and the book is
 * still freed whole: a paragraph longer than an arena chunk (its text on
 * the heap, arena.c) is freed with the trees, which LeakSanitizer checks
 * under make check-asan; without one the nodes are not walked at all. */
#include "arena.h"
#include "book.h"
#include "reader.h"
#include "unit.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* A small book has no heap parts: its tree goes with the arena, no walk. */
static void small_book(void)
{
	const char *md = "# General\n\n## A {#a}\n\nText with *emphasis* and [[#a]].\n";
	reader_mem_file f[] = {{"general.md", md, strlen(md)}};
	book *b = reader_read_mem("/tmp", f, 1);
	ok(b->nclauses == 2 && arena_heap_parts() == 0, "a small book's trees lie in the arena alone");
	book_drop_trees(b);
	ok(!b->files[0].doc && !b->arena && !b->clauses[1].body_first && strcmp(b->clauses[1].title, "A") == 0,
	   "its trees are dropped, its clauses kept");
	book_free(b);
}

int main(void)
{
	small_book();
	buf md;
	buf_init(&md);
	buf_puts(&md, "# General\n\n## First {#first}\n\nSee [[#second|the second]].\n\nAn address of ours: [a](svcbook-ref:1).\n\n"
	              "## Second {#second}\n\n");
	for (int i = 0; i < 20000; i++) /* some 100 KB in one paragraph: on the heap */
		buf_puts(&md, "word ");
	buf_puts(&md, "\n\n- a list\n- [[#first]]\n");
	reader_mem_file f[] = {{"general.md", md.data, md.len}};
	book *b = reader_read_mem("/tmp", f, 1);
	ok(b->nfiles == 1 && b->files[0].doc && b->arena, "the book is read with its tree");
	ok(arena_heap_parts() > 0, "its long paragraph is on the heap");
	ok(b->nclauses == 3 && b->clauses[1].heading && b->clauses[2].body_first, "its clauses point into the tree");
	ok(b->nrefs == 2 && b->refs[0].node && b->refs[1].node, "its references point into the tree");
	ok(b->nreserved_links == 1 && b->reserved_links[0], "the author's svcbook- link is kept");
	char *title = b->nclauses == 3 ? xstrdup(b->clauses[2].title) : NULL;

	book_drop_sources(b);
	book_drop_trees(b);
	ok(!b->files[0].doc && !b->arena, "the tree and the arena are gone");
	ok(arena_heap_parts() == 0, "its heap parts are freed");
	int clauses_null = 1;
	for (size_t i = 0; i < b->nclauses; i++)
		clauses_null &= !b->clauses[i].heading && !b->clauses[i].body_first && !b->clauses[i].body_last;
	ok(clauses_null, "no clause points into a tree");
	int refs_null = 1;
	for (size_t i = 0; i < b->nrefs; i++)
		refs_null &= !b->refs[i].node;
	ok(refs_null, "no reference points into a tree");
	ok(!b->reserved_links && !b->nreserved_links, "no reserved link is left");
	ok(b->nclauses == 3 && title && strcmp(b->clauses[2].title, title) == 0 && strcmp(b->clauses[2].id, "second") == 0,
	   "the clauses keep their ids and titles");
	ok(b->nrefs == 2 && b->refs[0].status == RESOLVE_OK && b->refs[0].target_clause == 2 &&
	   b->refs[1].target_clause == 1, "the references keep their targets");
	ok(book_find_id(b, "first") == 1, "the ids are still found");

	book_drop_trees(b); /* twice: nothing left to free */
	ok(!b->files[0].doc && !b->arena, "dropping again changes nothing");
	free(title);
	book_free(b);
	buf_free(&md);
	return unit_done();
}

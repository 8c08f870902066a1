/* test_arena.c - unit tests of the parse allocator (src/arena.c): zeroed
 * memory, contents kept across realloc (in place and moved), reuse of freed
 * chunks while active, the heap when no arena is active (its chunks
 * counted, arena_heap_parts), the unused ends given back (arena_seal),
 * blocks freed by their tags (arena_release), and whole trees
 * parsed in an arena and changed afterwards. Run under AddressSanitizer by
 * make check-asan, which also sees the arena's poisoned headers. */
#include "arena.h"
#include "unit.h"

#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static void test_alloc(void)
{
	cmark_mem *m = arena_mem();
	arena *a = arena_new();
	arena_activate(a);

	unsigned char *p = m->calloc(10, 10);
	ok(all_zero(p, 100), "calloc gives zeroed memory");
	memset(p, 'x', 100);
	unsigned char *q = m->realloc(p, 5000);
	ok(q == p, "the newest chunk grows in place");
	ok(q[0] == 'x' && q[99] == 'x' && all_zero(q + 100, 4900), "growing in place keeps the text, the rest is zero");

	unsigned char *r = m->calloc(1, 24);
	unsigned char *q2 = m->realloc(q, 9000);
	ok(q2 != q && q2[0] == 'x' && q2[99] == 'x', "an older chunk moves and keeps its text");
	ok(all_zero(r, 24), "a chunk made in between is untouched");

	/* freed while active: the next request of its size gets it back zeroed */
	unsigned char *s = m->calloc(1, 120);
	memset(s, 'y', 120);
	m->free(s);
	unsigned char *t = m->calloc(1, 120);
	ok(t == s && all_zero(t, 120), "a freed chunk is reused, zeroed");
	unsigned char *u = m->calloc(1, 300);
	memset(u, 'z', 300);
	m->free(u);
	unsigned char *v = m->calloc(1, 280);
	ok(v == u && all_zero(v, 280), "a freed larger chunk serves a request that fits");

	/* big requests come from the heap even while active, counted until
	 * freed (book_drop_trees walks the trees only when some are left) */
	size_t parts = arena_heap_parts();
	unsigned char *big = m->calloc(1, 200000);
	ok(big && all_zero(big, 200000), "a big request is served, zeroed");
	ok(arena_heap_parts() == parts + 1, "a big request is a heap part");
	big[199999] = 1;
	big = m->realloc(big, 300000);
	ok(big[199999] == 1 && arena_heap_parts() == parts + 1, "a heap part grown is still one");
	m->free(big);
	ok(arena_heap_parts() == parts, "a heap part freed is no longer counted");

	/* many chunks across blocks keep their contents */
	enum { N = 20000 };
	static unsigned char *many[N];
	for (int i = 0; i < N; i++) {
		many[i] = m->calloc(1, 100);
		memset(many[i], i & 0xFF, 100);
	}
	int intact = 1;
	for (int i = 0; i < N; i++)
		intact &= many[i][0] == (i & 0xFF) && many[i][99] == (i & 0xFF);
	ok(intact, "20 000 chunks over several blocks keep their contents");

	arena_activate(NULL);
	/* no arena active: the heap, and free really frees (ASan would see a leak) */
	unsigned char *h = m->calloc(1, 64);
	ok(all_zero(h, 64), "calloc with no arena active gives zeroed heap memory");
	h = m->realloc(h, 100000);
	h[99999] = 2;
	m->free(h);
	/* an arena chunk freed with no arena active stays where it is */
	m->free(t);
	m->free(NULL);
	void *w = m->realloc(NULL, 10);
	ok(w != NULL, "realloc(NULL) allocates");
	m->free(w);
	arena_free(a);
	passed++; /* arena_free ran: ASan checks the blocks were ours */
}

static void test_tree(void)
{
	arena *a = arena_new();
	arena_activate(a);
	const char *md = "# Title\n\nSome *text* with a [link](u) and ~~more~~.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n";
	cmark_parser *p = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, arena_mem());
	cmark_parser_feed(p, md, strlen(md));
	cmark_node *doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	/* a node made while active goes into the tree: same allocator */
	cmark_node *t = cmark_node_new_with_mem(CMARK_NODE_TEXT, arena_mem());
	cmark_node_set_literal(t, "added");
	ok(cmark_node_append_child(cmark_node_next(cmark_node_first_child(doc)), t),
	   "a node of the arena links into an arena tree");
	arena_activate(NULL);
	/* changed after reading, as the backends do */
	cmark_node *para = cmark_node_next(cmark_node_first_child(doc));
	cmark_node *link = cmark_node_next(cmark_node_next(cmark_node_next(cmark_node_first_child(para))));
	ok(cmark_node_get_type(link) == CMARK_NODE_LINK && cmark_node_set_url(link, "changed-address"),
	   "a link's address changes after reading");
	char *html = cmark_render_html_with_mem(doc, CMARK_OPT_DEFAULT, NULL, cmark_get_default_mem_allocator());
	ok(strstr(html, "<h1>Title</h1>") && strstr(html, "href=\"changed-address\"") && strstr(html, "added"),
	   "the tree renders with the changes");
	free(html);
	cmark_node_free(doc);
	arena_free(a);
}

/* mem_calloc's own path for 1 to 256 bytes (a chunk of the size's free
 * list, else the newest block) against what the general one promises:
 * zeroed memory, the chunk freed last of a size given back first, no two
 * live chunks overlapping, across many blocks and mixed with reallocs
 * (realloc(NULL) takes the same path) and larger requests. */
static void test_small_path(void)
{
	cmark_mem *m = arena_mem();
	arena *a = arena_new();
	arena_activate(a);
	enum { LIVE = 3000, STEPS = 400000 };
	static unsigned char *live[LIVE];
	static size_t len[LIVE];
	unsigned x = 12345;
	int zeroed = 1, reused = 1, kept = 1;
	for (int step = 0; step < STEPS; step++) {
		x = x * 1103515245u + 12345u;
		int i = (int)((x >> 8) % LIVE);
		unsigned op = (x >> 24) % 8;
		if (live[i] && op < 3) {
			size_t n = len[i];
			for (size_t k = 0; k < n; k++)
				kept &= live[i][k] == (unsigned char)i;
			m->free(live[i]);
			if (n >= 1 && n <= 256 && op == 0) {
				/* the same size class again: the chunk just freed */
				size_t n2 = ((n + 7) & ~(size_t)7) - (x >> 29) % 8;
				unsigned char *q = m->calloc(1, n2);
				reused &= q == live[i];
				live[i] = q;
				len[i] = n2;
				zeroed &= all_zero(q, len[i]);
				memset(q, i & 0xFF, len[i]);
				continue;
			}
			live[i] = NULL;
		} else if (live[i] && op == 3) {
			size_t n = len[i] + 1 + (x >> 20) % 300;
			live[i] = m->realloc(live[i], n);
			memset(live[i] + len[i], i & 0xFF, n - len[i]);
			len[i] = n;
		} else if (!live[i]) {
			size_t n = op == 7 ? 257 + (x >> 12) % 5000 : (x >> 12) % 257;
			size_t count = n % 3 == 0 && n ? 3 : 1;
			len[i] = count * (n / count);
			if (op == 6) { /* cmark's buffers start as realloc(NULL) */
				live[i] = m->realloc(NULL, len[i]);
			} else {
				live[i] = m->calloc(count, n / count);
				zeroed &= all_zero(live[i], len[i]);
			}
			memset(live[i], i & 0xFF, len[i]);
		}
	}
	for (int i = 0; i < LIVE; i++)
		for (size_t k = 0; live[i] && k < len[i]; k++)
			kept &= live[i][k] == (unsigned char)i;
	ok(zeroed, "small requests are zeroed, fresh or reused");
	ok(reused, "a small chunk freed is the next of its size class");
	ok(kept, "400 000 mixed steps: no chunk overwrote another");
	arena_activate(NULL);
	arena_free(a);
}

/* arena_seal gives back the blocks' unused ends: what was handed out
 * keeps its bytes, across several blocks, and an arena made active again
 * after it still gives zeroed memory (the kernel's fresh pages). */
static void test_seal(void)
{
	cmark_mem *m = arena_mem();
	arena *a = arena_new();
	arena_activate(a);
	enum { N = 5000 };
	static unsigned char *p[N];
	for (int i = 0; i < N; i++) {
		p[i] = m->calloc(1, 1000);
		memset(p[i], i & 0xFF, 1000);
	}
	arena_activate(NULL);
	arena_seal(a);
	int kept = 1;
	for (int i = 0; i < N; i++)
		for (size_t k = 0; k < 1000; k++)
			kept &= p[i][k] == (unsigned char)(i & 0xFF);
	ok(kept, "sealing keeps what 5 000 chunks over several blocks hold");
	arena_activate(a);
	unsigned char *q = m->calloc(1, 50000);
	ok(q && all_zero(q, 50000), "after a seal the arena still gives zeroed memory");
	memset(q, 1, 50000);
	arena_activate(NULL);
	arena_seal(NULL);
	arena_free(a);
}

/* gone() for arena_release: tags below *ctx are read no more. */
static int below(size_t lo, size_t hi, void *ctx)
{
	(void)lo;
	return hi < *(size_t *)ctx;
}

/* Blocks remember the tags of what they hold; arena_release frees those
 * wholly gone and keeps those of ARENA_TAG_KEEP (made after the parse,
 * never put in a freed chunk of a tagged block). */
static void test_release(void)
{
	cmark_mem *m = arena_mem();
	arena *a = arena_new();
	arena_activate(a);
	/* three files of three blocks or so each: 2 MB blocks, 60 KB chunks */
	for (size_t t = 0; t < 3; t++) {
		arena_tag(t);
		for (int i = 0; i < 100; i++)
			m->calloc(1, 60000);
	}
	arena_tag(0);
	void *early = m->calloc(1, 64);
	m->free(early); /* a free chunk of file 0's blocks... */
	arena_tag(ARENA_TAG_KEEP);
	unsigned char *keep = m->calloc(1, 64); /* ...is not where this goes */
	ok(keep != early, "what belongs to every file is not put in a file's freed chunk");
	arena_activate(NULL);
	arena_seal(a);
	size_t none = 0, one = 1, all = 3;
	ok(arena_release(a, below, &none) == 0, "nothing goes while file 0 is still read");
	size_t n1 = arena_release(a, below, &one);
	ok(n1 >= 1, "file 0's own blocks go once it is read no more");
	size_t n3 = arena_release(a, below, &all);
	ok(n3 >= 2, "then those of files 1 and 2");
	memset(keep, 'k', 64);
	ok(keep[63] == 'k', "the block of what every file keeps stays");
	ok(arena_release(a, below, &all) == 0, "and nothing more goes");
	arena_free(a);
	arena_tag(0);
}

int main(void)
{
	test_alloc();
	test_release();
	test_seal();
	test_small_path();
	test_tree();
	return unit_done();
}

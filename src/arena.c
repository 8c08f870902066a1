/* arena.c - see arena.h.
 *
 * Each allocation is preceded by a size_t header: for arena memory its
 * capacity (a multiple of 8), for heap memory its size shifted left by one
 * with the low bit set. Blocks come zeroed from calloc, so fresh arena
 * memory needs no memset for cmark's calloc; a reused chunk is cleared. A
 * realloc of the newest allocation grows it in place: that is how a
 * paragraph's text buffer grows line by line while it is parsed. Under
 * AddressSanitizer the unused end of each block and the chunks waiting for
 * reuse are poisoned, so a write past the newest allocation or into a
 * freed chunk is still caught. */
#include "arena.h"
#include "hugeheap.h"
#include "util.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define SPAN ((size_t)2 << 20) /* a block with its header: one huge page */
#define BIG ((size_t)1 << 16) /* larger allocations come from the heap */
#define HDR sizeof(size_t)
#define EXACT 32                /* free lists for sizes 8, 16, ... 256 */
#define LISTS (EXACT + 9)       /* and for 2^8 .. 2^16 */

typedef struct block {
	struct block *next;
	size_t used;   /* bytes of the block's data handed out */
	size_t mapped; /* 1: mmap()ed, else from the heap */
	size_t lo, hi; /* the least and greatest tag of what was handed out */
} block;           /* the data follows, 8-aligned; the block on a SPAN boundary */
#define BLOCK (SPAN - sizeof(block)) /* bytes of a block's data */

struct arena {
	block *blocks;       /* the newest first */
	unsigned char *last; /* the newest allocation in blocks, for realloc in place */
	void *free[LISTS];   /* chunks freed while the arena was active (list_of) */
};

/* Each thread that reads has its own (the reader loads files on two). */
static _Thread_local arena *active;
/* What this thread hands out belongs to (arena_tag). */
static _Thread_local size_t tag;

/* The heap chunks handed out and not yet freed, by every thread: a few
 * at most (a paragraph longer than BIG), so counting them costs nothing. */
static atomic_size_t heap_parts;

static unsigned char *data_of(block *b)
{
	return (unsigned char *)(b + 1);
}

/* The block a chunk lies in: every block starts on a SPAN boundary. */
static block *block_of(const void *p)
{
	return (block *)((uintptr_t)p & ~(uintptr_t)(SPAN - 1));
}

/* Notes that b now holds something of this thread's tag. */
static inline void mark(block *b)
{
	if (tag < b->lo)
		b->lo = tag;
	if (tag > b->hi)
		b->hi = tag;
}

static size_t round8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static size_t hdr_get(const void *p)
{
	return ((const size_t *)p)[-1];
}

static void hdr_set(void *p, size_t v)
{
	((size_t *)p)[-1] = v;
}

/* A new zeroed block of SPAN bytes. Outside AddressSanitizer builds (whose
 * leak checker sees only the heap) it is mapped on a SPAN boundary and the
 * kernel is asked for a huge page there (MADV_HUGEPAGE; used where
 * transparent huge pages are "madvise" or "always"): the trees fill their
 * blocks whole, and one fault then maps what took 512 (the 10 MB bench
 * book's trees were some 15 000 of a build's 37 000 page faults). */
static block *block_new(void)
{
#if !defined(__SANITIZE_ADDRESS__) && defined(MADV_HUGEPAGE)
	char *m = mmap(NULL, 2 * SPAN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m != MAP_FAILED) {
		char *p = (char *)(((uintptr_t)m + SPAN - 1) & ~(uintptr_t)(SPAN - 1));
		if (p > m)
			munmap(m, (size_t)(p - m));
		munmap(p + SPAN, (size_t)(m + SPAN - p));
		madvise(p, SPAN, MADV_HUGEPAGE);
		block *b = (block *)p;
		b->mapped = 1;
		hugeheap_check(); /* the trees grow: so may the heap beside them */
		b->lo = SIZE_MAX;
		return b;
	}
#endif
	/* on a SPAN boundary all the same (block_of) */
	block *b = aligned_alloc(SPAN, SPAN);
	if (!b)
		b = xmalloc(SPAN); /* exits: aligned_alloc fails only for want of memory */
	memset(b, 0, SPAN);
	b->lo = SIZE_MAX;
	return b;
}

static void block_free(block *b)
{
	if (b->mapped)
		munmap(b, SPAN);
	else
		free(b);
}

arena *arena_new(void)
{
	return xcalloc(1, sizeof(arena));
}

void arena_free(arena *a)
{
	if (!a)
		return;
	if (active == a)
		active = NULL;
	for (block *b = a->blocks, *next; b; b = next) {
		next = b->next;
		UNPOISON(data_of(b), BLOCK);
		block_free(b);
	}
	free(a);
}

void arena_activate(arena *a)
{
	active = a;
}

void arena_adopt(arena *into, arena *from)
{
	if (!from)
		return;
	/* from's blocks go after into's own, so that into's newest block, the
	 * one realloc grows its newest chunk in, stays first */
	block **tail = &into->blocks;
	while (*tail)
		tail = &(*tail)->next;
	*tail = from->blocks;
	if (!into->last)
		into->last = from->last;
	/* from's free chunks are not reused: they stay in its blocks, which
	 * into now frees */
	if (active == from)
		active = into;
	free(from);
}

void arena_tag(size_t t)
{
	tag = t;
}

size_t arena_release(arena *a, int (*gone)(size_t lo, size_t hi, void *ctx), void *ctx)
{
	size_t n = 0;
	if (!a)
		return 0;
	/* the free lists and the newest chunk may lie in blocks freed here;
	 * a sealed arena takes nothing more, so they are only forgotten */
	memset(a->free, 0, sizeof a->free);
	a->last = NULL;
	for (block **link = &a->blocks; *link;) {
		block *b = *link;
		if (b->lo <= b->hi && b->hi != ARENA_TAG_KEEP && gone(b->lo, b->hi, ctx)) {
			*link = b->next;
			UNPOISON(data_of(b), BLOCK);
			block_free(b);
			n++;
		} else {
			link = &b->next;
		}
	}
	return n;
}

void arena_seal(arena *a)
{
#if !defined(__SANITIZE_ADDRESS__) && defined(MADV_DONTNEED)
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	for (block *b = a ? a->blocks : NULL; b; b = b->next) {
		uintptr_t from = ((uintptr_t)(data_of(b) + b->used) + page - 1) & ~(uintptr_t)(page - 1);
		uintptr_t end = (uintptr_t)b + SPAN;
		if (b->mapped && from < end)
			madvise((void *)from, (size_t)(end - from), MADV_DONTNEED);
	}
#else
	(void)a;
#endif
}

static void *heap_alloc(size_t n, int zero)
{
	if (n > SIZE_MAX / 2 - HDR)
		abort();
	size_t *h = zero ? xcalloc(1, HDR + n) : xmalloc(HDR + n);
	*h = n << 1 | 1;
	atomic_fetch_add_explicit(&heap_parts, 1, memory_order_relaxed);
	return h + 1;
}

/* Freed arena chunks wait in lists for reuse: one list per size up to 256
 * bytes, then one per power of two (capacities 2^k to 2^(k+1) - 1). */
static int floor_log2(size_t v)
{
	int k = 0;
	while (v >>= 1)
		k++;
	return k;
}

static int list_of(size_t cap)
{
	return cap <= 256 ? (int)(cap / 8) - 1 : EXACT + floor_log2(cap) - 8;
}

/* Unlinks and returns a free chunk of at least n bytes, or NULL: the exact
 * list up to 256 bytes; above, the first fit among a few chunks of n's own
 * power of two, else any chunk of the next one. */
static void *reuse(arena *a, size_t n)
{
	size_t r = round8(n ? n : 1);
	if (r <= 256) {
		void **head = &a->free[r / 8 - 1];
		void *p = *head;
		if (p) {
			UNPOISON(p, r);
			*head = *(void **)p;
		}
		return p;
	}
	int l = list_of(r);
	void **link = &a->free[l];
	for (int tries = 0; *link && tries < 8; tries++) {
		void *p = *link;
		size_t cap = hdr_get(p);
		if (cap >= n) {
			*link = *(void **)p;
			UNPOISON(p, cap);
			return p;
		}
		link = (void **)p;
	}
	if (l + 1 < LISTS && a->free[l + 1]) {
		void *p = a->free[l + 1];
		UNPOISON(p, hdr_get(p));
		a->free[l + 1] = *(void **)p;
		return p;
	}
	return NULL;
}

/* n <= BIG bytes of zeroed arena memory. */
static void *take(arena *a, size_t n)
{
	/* what belongs to every file (ARENA_TAG_KEEP: made after the parse)
	 * is carved anew, not put in a freed chunk of some file's block,
	 * which it would then keep from going early */
	void *q = tag != ARENA_TAG_KEEP ? reuse(a, n) : NULL;
	if (q) {
		mark(block_of(q));
		memset(q, 0, n ? n : 1);
		return q;
	}
	size_t cap = round8(n ? n : 1), need = HDR + cap;
	block *b = a->blocks;
	if (!b || BLOCK - b->used < need) {
		b = block_new();
		POISON(data_of(b), BLOCK);
		b->next = a->blocks;
		a->blocks = b;
	}
	unsigned char *p = data_of(b) + b->used + HDR;
	b->used += need;
	mark(b);
	UNPOISON(p - HDR, need);
	hdr_set(p, cap);
	a->last = p;
	return p;
}

static void *alloc(size_t n, int zero)
{
	if (active && n <= BIG)
		return take(active, n);
	return heap_alloc(n, zero);
}

/* The common request, 1 to 256 bytes while an arena is active (some
 * 390 000 a thread for the 10 MB book: a node, a small buffer): a chunk of
 * its size's free list, zeroed, else one carved from the newest block, as
 * reuse() and take() would give it; NULL when neither can (a new block is
 * the general way's). */
static inline void *small_take(arena *a, size_t n)
{
	size_t r = round8(n);
	void **head = &a->free[r / 8 - 1];
	void *p = *head;
	if (p && tag != ARENA_TAG_KEEP) { /* as take() */
		UNPOISON(p, r);
		*head = *(void **)p;
		mark(block_of(p));
		return memset(p, 0, n);
	}
	block *b = a->blocks;
	if (!b || BLOCK - b->used < HDR + r)
		return NULL;
	unsigned char *q = data_of(b) + b->used + HDR;
	b->used += HDR + r;
	mark(b);
	UNPOISON(q - HDR, HDR + r);
	hdr_set(q, r);
	a->last = q;
	return q;
}

static void *mem_calloc(size_t count, size_t size)
{
	size_t n;
	if (__builtin_mul_overflow(count, size, &n) || n > SIZE_MAX / 2)
		abort();
	arena *a = active;
	void *p;
	if (a && n - 1 < 256 && (p = small_take(a, n)) != NULL) /* n is 1 to 256 */
		return p;
	return alloc(n, 1);
}

static void mem_free(void *p);

static void *mem_realloc(void *p, size_t n)
{
	if (n > SIZE_MAX / 2 - HDR)
		abort();
	if (!p) {
		arena *a = active;
		void *q;
		if (a && n - 1 < 256 && (q = small_take(a, n)) != NULL)
			return q;
		return alloc(n, 0);
	}
	size_t h = hdr_get(p);
	if (h & 1) {
		size_t *q = xrealloc((size_t *)p - 1, HDR + n);
		*q = n << 1 | 1;
		return q + 1;
	}
	size_t cap = h;
	if (n <= cap)
		return p;
	arena *a = active;
	if (a && p == a->last && n <= BIG) {
		/* the newest chunk: grow it over the block's unused (zeroed) end */
		size_t start = (size_t)((unsigned char *)p - data_of(a->blocks));
		if (start + round8(n) <= BLOCK) {
			a->blocks->used = start + round8(n);
			mark(a->blocks);
			UNPOISON(p, round8(n));
			hdr_set(p, round8(n));
			return p;
		}
	}
	void *q = alloc(n, 0);
	memcpy(q, p, cap);
	mem_free(p);
	return q;
}

/* A chunk freed while its arena is active (the inline parser merges the
 * many text nodes it makes and frees the rest; xref replaces text nodes)
 * is kept for reuse: without that the arena held half as much again as
 * malloc did. With no arena active it is unknown which arena a chunk
 * belongs to, so it stays where it is until its arena goes. */
static void mem_free(void *p)
{
	if (!p)
		return;
	size_t h = hdr_get(p);
	if (h & 1) {
		free((size_t *)p - 1);
		atomic_fetch_sub_explicit(&heap_parts, 1, memory_order_relaxed);
		return;
	}
	if (!active)
		return;
	int l = list_of(h);
	*(void **)p = active->free[l];
	active->free[l] = p;
	POISON((char *)p + sizeof(void *), h - sizeof(void *)); /* the link stays readable */
}

size_t arena_heap_parts(void)
{
	return atomic_load_explicit(&heap_parts, memory_order_relaxed);
}

cmark_mem *arena_mem(void)
{
	static cmark_mem mem = {mem_calloc, mem_realloc, mem_free};
	return &mem;
}

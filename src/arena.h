/* arena.h - the allocator the reader gives cmark-gfm (cmark_mem): while an
 * arena is active, small allocations are carved in order from large blocks
 * and are never freed one by one; the whole arena goes with its book.
 *
 * Parsing makes one allocation per node, chunk and buffer, some 75 000 for
 * a 1 MB book, and malloc's bookkeeping for them (a header each, free
 * lists, zeroing) was a tenth of `svcbook lint`. A parsed tree lives as
 * long as its book, so nothing is lost by never freeing its parts early.
 *
 * Every allocation made through arena_mem() carries a small header that
 * says where it came from, so the same allocator also serves the trees
 * after parsing (a backend changing a node's URL or rendering it to HTML):
 * with no arena active, memory comes from and goes back to the heap.
 * The active arena is per thread: an arena is used by one thread at a
 * time (the reader gives its second thread an arena of its own and adopts
 * it after).
 * Included by: reader, parse, book, xref. */
#ifndef SVCBOOK_ARENA_H
#define SVCBOOK_ARENA_H

#include <cmark-gfm.h>

typedef struct arena arena;

arena *arena_new(void);
/* Frees the arena's blocks: every tree parsed in it must be freed first
 * (cmark_node_free returns only their heap parts) or never used again. */
void arena_free(arena *a);

/* Makes a the arena arena_mem() allocates from (NULL: none, the heap).
 * While a is active, a chunk freed through arena_mem() is kept for reuse
 * in a: so only a's own trees may be freed or changed meanwhile (the
 * reader, which activates its book's arena, touches no other book). */
void arena_activate(arena *a);

/* Moves from's blocks into into, which frees them with its own; from is
 * freed. Neither may be in use by another thread. */
void arena_adopt(arena *into, arena *from);

/* What the calling thread hands out from here on belongs to tag t (a
 * file being parsed; 0 at the start); ARENA_TAG_KEEP to everything, and
 * is never put in a freed chunk (which would keep a file's block).
 * Each block remembers the least and greatest tag of what it holds. */
#define ARENA_TAG_KEEP ((size_t)-1)
void arena_tag(size_t t);

/* Frees the blocks of a sealed arena (arena_seal) that hold only what is
 * no longer read, gone(lo, hi, ctx) telling for their tags lo..hi (a block
 * that held anything of ARENA_TAG_KEEP stays); the number freed. Only
 * when no tree in a has heap parts (arena_heap_parts), as nothing may walk
 * the trees after: the rest goes with arena_free. */
size_t arena_release(arena *a, int (*gone)(size_t lo, size_t hi, void *ctx), void *ctx);

/* Gives the kernel back the unused ends of a's blocks: once no arena is
 * active for good (reading is over), a takes nothing more, and a huge
 * page's untouched end would otherwise stay resident. */
void arena_seal(arena *a);

/* The cmark_mem to parse with, and to free what cmark returns for nodes
 * parsed with it (cmark_node_mem(node)->free). */
cmark_mem *arena_mem(void);

/* How many chunks arena_mem() took from the heap (larger than an arena
 * serves, or with no arena active) and has not freed, over all threads
 * and arenas. 0: every tree made with arena_mem() lies in arenas alone,
 * and arena_free() frees it whole without a walk over its nodes. */
size_t arena_heap_parts(void);

#endif

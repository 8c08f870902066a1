/* hugeheap.h - large books on huge pages: malloc's heaps marked for
 * transparent huge pages and grown in large steps, before a large book is
 * read (hugeheap.c).
 * Included by: main, lintcmd, thread, arena. */
#ifndef SVCBOOK_HUGEHEAP_H
#define SVCBOOK_HUGEHEAP_H

#include <stddef.h>

/* Markdown at or above this many bytes is a large book (auto mode). */
#define HUGEHEAP_MIN_BYTES ((size_t)2 << 20)

/* Before reading the book in bookdir, on the main thread and before any
 * other is started: when it is large (or SVCBOOK_HUGE_PAGES=yes) and the C
 * library, the kernel and the environment allow it, has malloc keep three
 * arenas and grow its main heap in one large step, and marks that heap
 * for transparent huge pages; changes nothing otherwise. */
void hugeheap_begin(const char *bookdir);

/* Marks what the main heap grew by since, or grew back by after a trim
 * (cheap when its end did not move): called where memory is taken in bulk
 * (arena.c's blocks, a thread's start). */
void hugeheap_check(void);

/* At a thread's start (thread.c): marks the heap of the arena malloc gives
 * the thread. */
void hugeheap_thread(void);

/* 1 once hugeheap_begin marked the heap. */
int hugeheap_active(void);

#endif

/* hugeheap.h - large books on huge pages: svcbook runs itself again, once,
 * with glibc's malloc tunables set, before it reads a large book.
 * Included by: main, lintcmd. */
#ifndef SVCBOOK_HUGEHEAP_H
#define SVCBOOK_HUGEHEAP_H

#include <stddef.h>

/* Markdown at or above this many bytes is a large book (auto mode). */
#define HUGEHEAP_MIN_BYTES ((size_t)2 << 20)

/* Keeps main's argv for hugeheap_reexec (not copied: it lives as long). */
void hugeheap_remember(char **argv);

/* Before reading the book in bookdir: when it is large (or
 * SVCBOOK_HUGE_PAGES=yes) and the C library, the kernel and the
 * environment allow it, replaces this process with svcbook run again with
 * GLIBC_TUNABLES asking malloc for transparent huge pages and a larger
 * heap step; returns (and changes nothing) otherwise, or when that fails.
 * Call it before anything is written or started (threads, files). */
void hugeheap_reexec(const char *bookdir);

#endif

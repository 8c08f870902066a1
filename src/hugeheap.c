/* hugeheap.c - large books on huge pages.
 *
 * glibc's malloc takes memory from the kernel a 4 KiB page at a time, one
 * page fault each: building the 10 MB bench book touches about 90 MB, some
 * 23 000 faults, and on a virtual machine a fault costs more than the work
 * done in the page (docs/performance.md, "Issue 16: huge pages"). For a
 * large book svcbook therefore marks malloc's heaps MADV_HUGEPAGE (one
 * fault per 2 MiB) and has it grow its main heap in large steps and keep
 * three arenas (mallopt), before the book is read.
 *
 * glibc's own tunable for this (glibc.malloc.hugetlb=1) is read from the
 * environment only, before main: svcbook first ran itself again with it,
 * which cost a second start of 36 shared libraries (20 ms on the bench VM,
 * half of it page faults). What the tunable does is done here instead:
 * the main heap is grown once, by a step fitted to the book, and marked;
 * a heap that grows later is marked where it grew (hugeheap_check, at
 * cheap points); each thread's arena is marked when the thread starts
 * (thread.c). Pages a heap touched before it was marked are collapsed
 * into a huge page (MADV_COLLAPSE, Linux 6.1), or stay small.
 *
 * Not done: when the user set malloc tunables of their own (GLIBC_TUNABLES
 * or the MALLOC_ARENA_MAX kind of name: theirs win),
 * under a sanitizer or valgrind (their own allocators), when the kernel
 * gives no huge pages (THP "never"), or with SVCBOOK_HUGE_PAGES=no. */
#include "hugeheap.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define HUGEHEAP_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define HUGEHEAP_SANITIZED 1
#endif
#endif

#if defined(__GLIBC__) && defined(__linux__) && !defined(HUGEHEAP_SANITIZED)
#define HUGEHEAP_ON 1
#include <malloc.h>
#endif

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif

#define HUGE_PAGE ((uintptr_t)2 << 20)
/* glibc's HEAP_MAX_SIZE, 2 * DEFAULT_MMAP_THRESHOLD_MAX (malloc.c): a
 * thread arena's heap is this large and on a boundary of this size
 * (heap_for_ptr in glibc's arena.c). With 32-bit words it is 1 MiB, too
 * small for a huge page: those heaps are left alone. */
#if defined(__WORDSIZE) && __WORDSIZE == 32
#define ARENA_HEAP ((uintptr_t)2 * (512 << 10))
#else
#define ARENA_HEAP ((uintptr_t)2 * (4 << 20) * sizeof(long))
#endif
/* The main heap's step: the book's Markdown times STEP_PER_BYTE, within
 * these bounds. Building the 10 MB bench book takes 40 MB of it (another
 * 8 MB each in two thread arenas, the trees 60 MB in arena.c's blocks), so
 * one step, taken before reading, is all such a build takes; untouched, a
 * step costs no memory. Three arenas: fewer heaps that each keep huge
 * pages half filled; with one, the threads wait on its lock (0.52 s, not
 * 0.40 s). docs/performance.md, "Issue 16: huge pages", has the figures of
 * the steps and arenas tried. */
#define STEP_MIN ((size_t)32 << 20)
#define STEP_MAX ((size_t)1 << 30)
#define STEP_PER_BYTE 8
#define ARENAS 3

/* Adds the sizes of the .md files of the folder dirfd (which it closes)
 * to *sum, stopping at cap; the names the reader reads (reader.c: the
 * chapters and roles/), only .md names looked at, symbolic links not
 * followed. */
static void add_markdown(int dirfd, size_t cap, size_t *sum)
{
	DIR *d = fdopendir(dirfd);
	if (!d) {
		close(dirfd);
		return;
	}
	struct dirent *e;
	while (*sum < cap && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		struct stat st;
		if (e->d_name[0] == '.' || n <= 3 || strcmp(e->d_name + n - 3, ".md") != 0 ||
		    (e->d_type != DT_REG && e->d_type != DT_UNKNOWN))
			continue;
		if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
			*sum += (size_t)st.st_size;
	}
	closedir(d);
}

/* The bytes of Markdown of the book in bookdir, counted up to cap. */
static size_t markdown_bytes(const char *bookdir, size_t cap)
{
	int fd = open(bookdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	int roles = openat(fd, "roles", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	size_t sum = 0;
	add_markdown(fd, cap, &sum);
	if (roles >= 0)
		add_markdown(roles, cap, &sum);
	return sum;
}

#ifdef HUGEHEAP_ON
static atomic_int active;
/* The main heap marked for huge pages: [heap_lo, heap_hi). */
static uintptr_t heap_lo;
static atomic_uintptr_t heap_hi;
static pthread_mutex_t mark_lock = PTHREAD_MUTEX_INITIALIZER;
static void *plug; /* kept to the end: its pages are never touched */

/* The kernel gives huge pages to those who ask ("madvise") or to all. */
static int kernel_has_thp(void)
{
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	if (!f)
		return 0;
	char line[128];
	int ok = fgets(line, sizeof line, f) && (strstr(line, "[madvise]") || strstr(line, "[always]"));
	fclose(f);
	return ok;
}

/* Where the main heap begins ("[heap]" in /proc/self/maps), else at. */
static uintptr_t heap_start(uintptr_t at)
{
	FILE *f = fopen("/proc/self/maps", "r");
	if (!f)
		return at;
	char line[512];
	unsigned long lo, hi;
	while (fgets(line, sizeof line, f))
		if (strstr(line, "[heap]") && sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo <= at && at <= hi) {
			at = (uintptr_t)lo;
			break;
		}
	fclose(f);
	return at;
}

/* Pages touched before their range was marked are small ones: the huge
 * page ranges around a are made huge pages now (best effort). */
static void collapse_at(uintptr_t a, uintptr_t hi)
{
	uintptr_t from = a & ~(HUGE_PAGE - 1);
	if (from < heap_lo)
		from += HUGE_PAGE;
	uintptr_t to = from + 2 * HUGE_PAGE;
	if (to > (hi & ~(HUGE_PAGE - 1)))
		to = hi & ~(HUGE_PAGE - 1);
	if (to > from)
		madvise((void *)from, to - from, MADV_COLLAPSE);
}

/* Marks the main heap as far as it now reaches. The whole of it each time:
 * a part grown since is a mapping of its own until marked like the rest,
 * then one with it again. heap_hi follows the heap down too: after a trim
 * (malloc gives the top back with brk), what grows back below the old
 * top is a new mapping, unmarked. */
static void mark_main_heap(void)
{
	uintptr_t top = (uintptr_t)sbrk(0);
	pthread_mutex_lock(&mark_lock);
	uintptr_t old = atomic_load(&heap_hi);
	if (top != old && top != (uintptr_t)-1 && top > heap_lo) {
		madvise((void *)heap_lo, top - heap_lo, MADV_HUGEPAGE);
		if (old && top > old)
			collapse_at(old, top);
		atomic_store(&heap_hi, top);
	}
	pthread_mutex_unlock(&mark_lock);
}

/* The heap seldom begins on a huge page boundary, and its memory below
 * the first one is small pages, what malloc gives from there a fault per
 * 4 KiB (some 350 on the bench book). The top of the heap (from top) up
 * to that boundary is taken by one chunk, kept and never touched, so that
 * what follows comes from huge pages. */
static void plug_partial_page(uintptr_t top)
{
	uintptr_t edge = (heap_lo + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	if (edge <= top + 4096 || edge - top > HUGE_PAGE)
		return;
	/* a chunk of up to 2 MiB from the heap, not mmap()ed on its own */
	mallopt(M_MMAP_THRESHOLD, (int)(4 * HUGE_PAGE));
	plug = malloc(edge - top - 64);
	mallopt(M_MMAP_THRESHOLD, 128 << 10);
}

/* The environment names glibc also reads its malloc tunables from
 * (env_alias in glibc's elf/dl-tunables.list): mallopt here would
 * override what the user set there (MALLOC_ARENA_MAX=1 got three arenas). */
static const char *const malloc_env[] = {
	"MALLOC_ARENA_MAX", "MALLOC_ARENA_TEST", "MALLOC_CHECK_", "MALLOC_MMAP_MAX_",
	"MALLOC_MMAP_THRESHOLD_", "MALLOC_PERTURB_", "MALLOC_TOP_PAD_", "MALLOC_TRIM_THRESHOLD_",
};

/* The user set malloc tunables of their own: GLIBC_TUNABLES or the
 * older names. */
static int user_tuned_malloc(void)
{
	const char *t = getenv("GLIBC_TUNABLES");
	if (t && strstr(t, "glibc.malloc."))
		return 1;
	for (size_t i = 0; i < sizeof malloc_env / sizeof *malloc_env; i++)
		if (getenv(malloc_env[i]))
			return 1;
	return 0;
}

/* Under a limit on the address space or data (ulimit -v, -d) a larger
 * step fails sooner (malloc does not retry it smaller): the least one
 * then, as glibc.malloc.top_pad did before (three arenas reserve less
 * address space than glibc's default of eight per core, too). */
static int memory_limited(void)
{
	struct rlimit r;
	return (getrlimit(RLIMIT_AS, &r) == 0 && r.rlim_cur != RLIM_INFINITY) ||
	       (getrlimit(RLIMIT_DATA, &r) == 0 && r.rlim_cur != RLIM_INFINITY);
}

static int allowed(const char *bookdir, size_t *bytes)
{
	const char *mode = getenv("SVCBOOK_HUGE_PAGES");
	if (mode && (strcmp(mode, "no") == 0 || strcmp(mode, "0") == 0))
		return 0;
	if (user_tuned_malloc())
		return 0; /* theirs win */
	const char *pre = getenv("LD_PRELOAD");
	if ((pre && strstr(pre, "vgpreload")) || !kernel_has_thp())
		return 0; /* valgrind's malloc; no huge pages at all */
	*bytes = markdown_bytes(bookdir, STEP_MAX / STEP_PER_BYTE);
	if (mode && (strcmp(mode, "yes") == 0 || strcmp(mode, "1") == 0))
		return 1;
	return *bytes >= HUGEHEAP_MIN_BYTES;
}

void hugeheap_begin(const char *bookdir)
{
	size_t bytes = 0;
	if (atomic_load(&active) || !allowed(bookdir, &bytes))
		return;
	size_t step = bytes * STEP_PER_BYTE;
	step = step < STEP_MIN || memory_limited() ? STEP_MIN : step > STEP_MAX ? STEP_MAX : step;
	mallopt(M_ARENA_MAX, ARENAS);
	mallopt(M_TOP_PAD, (int)step);
	/* The main heap grows by the step at the first request its top cannot
	 * meet: a few of 64 KiB (below malloc's mmap threshold, which
	 * M_TOP_PAD keeps from moving) bring it about now, on a heap little
	 * used yet. */
	uintptr_t before = (uintptr_t)sbrk(0);
	void *nudge[8];
	size_t n = 0;
	while (n < 8 && (uintptr_t)sbrk(0) == before && (nudge[n] = malloc((size_t)64 << 10)) != NULL)
		n++;
	uintptr_t first = n ? (uintptr_t)nudge[0] : before;
	for (size_t i = 0; i < n; i++)
		free(nudge[i]);
	/* No brk heap, or its top had room for all eight: nothing is marked,
	 * nor the threads' arenas (hugeheap_active stays 0); the step and the
	 * three arenas stay asked for. */
	if (before == (uintptr_t)-1 || (uintptr_t)sbrk(0) == before)
		return;
	heap_lo = heap_start(before) & ~((uintptr_t)getpagesize() - 1);
	plug_partial_page(first);
	mark_main_heap();
	collapse_at(before, atomic_load(&heap_hi));
	atomic_store(&active, 1);
}

void hugeheap_check(void)
{
	if (atomic_load_explicit(&active, memory_order_relaxed) &&
	    (uintptr_t)sbrk(0) != atomic_load_explicit(&heap_hi, memory_order_relaxed))
		mark_main_heap();
}

void hugeheap_thread(void)
{
	if (!atomic_load_explicit(&active, memory_order_relaxed) || ARENA_HEAP < 2 * HUGE_PAGE)
		return;
	/* a thread's arena is given at its first malloc; a chunk too large
	 * for malloc's per-thread cache (tcache, to 1 KiB) comes from it */
	void *p = malloc(4096);
	uintptr_t a = (uintptr_t)p;
	if (p && (a < heap_lo || a >= (uintptr_t)sbrk(0))) {
		uintptr_t h = a & ~(ARENA_HEAP - 1);
		madvise((void *)h, ARENA_HEAP, MADV_HUGEPAGE);
		madvise((void *)h, HUGE_PAGE, MADV_COLLAPSE); /* the arena's header, touched */
	}
	free(p);
	hugeheap_check();
}

int hugeheap_active(void)
{
	return atomic_load(&active);
}
#else
void hugeheap_begin(const char *bookdir)
{
	(void)bookdir;
	(void)markdown_bytes;
}

void hugeheap_check(void)
{
}

void hugeheap_thread(void)
{
}

int hugeheap_active(void)
{
	return 0;
}
#endif

/* test_hugeheap.c - unit tests of malloc's heaps on huge pages
 * (src/hugeheap.c): nothing done over the user's own malloc settings
 * (MALLOC_ARENA_MAX and the like, read by glibc from the environment), and
 * the main heap marked MADV_HUGEPAGE ("hg" in smaps) as it grows, also
 * when it grows again after a trim gave part of it back. Where the build,
 * the C library or the kernel give no huge pages (a sanitizer's build,
 * THP "never", the runner's own malloc tunables) the heap checks are
 * skipped. */
#include "hugeheap.h"
#include "unit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#define CHUNK ((size_t)64 << 10) /* below malloc's mmap threshold: from the heap */
#define MAX_CHUNKS 1024

static void *chunks[MAX_CHUNKS];

/* Bytes of the main heap ("[heap]" in smaps) not marked for huge pages. */
static size_t heap_unmarked(void)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	if (!f)
		return 0;
	char line[512];
	size_t unmarked = 0, size = 0;
	int in_heap = 0;
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, ' ')) {
			in_heap = strstr(line, "[heap]") != NULL;
			size = hi - lo;
		} else if (in_heap && strncmp(line, "VmFlags:", 8) == 0 && !strstr(line, " hg")) {
			unmarked += size;
		}
	}
	fclose(f);
	return unmarked;
}

/* Takes n chunks from the heap (their first bytes touched), or frees them. */
static void take(size_t n)
{
	for (size_t i = 0; i < n && i < MAX_CHUNKS; i++) {
		chunks[i] = malloc(CHUNK);
		if (chunks[i])
			memset(chunks[i], 1, 64);
	}
}

static void give_back(size_t n)
{
	for (size_t i = 0; i < n && i < MAX_CHUNKS; i++) {
		free(chunks[i]);
		chunks[i] = NULL;
	}
}

/* One check: the whole main heap is marked now. */
static void heap_marked(const char *what)
{
	char detail[64];
	size_t u = heap_unmarked();
	snprintf(detail, sizeof detail, "%zu bytes unmarked", u);
	ok_detail(u == 0, what, detail);
}

static int thp_on_request(void)
{
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	char line[128] = "";
	if (!f)
		return 0;
	int ok = fgets(line, sizeof line, f) && (strstr(line, "[madvise]") || strstr(line, "[always]"));
	fclose(f);
	return ok;
}

int main(void)
{
	char dir[] = "/tmp/svcbook-hugeheap-XXXXXX";
	if (!mkdtemp(dir)) {
		ok(0, "a temporary book folder");
		return unit_done();
	}
	setenv("SVCBOOK_HUGE_PAGES", "yes", 1);

	/* the user's MALLOC_ARENA_MAX wins over the three arenas */
	setenv("MALLOC_ARENA_MAX", "1", 1);
	hugeheap_begin(dir);
	ok(!hugeheap_active(), "MALLOC_ARENA_MAX set: malloc left as the user set it");
	unsetenv("MALLOC_ARENA_MAX");
	setenv("MALLOC_TOP_PAD_", "0", 1);
	hugeheap_begin(dir);
	ok(!hugeheap_active(), "MALLOC_TOP_PAD_ set: malloc left as the user set it");
	unsetenv("MALLOC_TOP_PAD_");

	hugeheap_begin(dir);
	rmdir(dir);
	if (!hugeheap_active()) {
		/* tests/cli.sh checks that a plain build does get them */
		printf("# malloc's heap not on huge pages here (THP %s): its checks skipped\n",
		       thp_on_request() ? "on request" : "off");
		return unit_done();
	}
	heap_marked("the main heap is marked once begun");

	/* past the first step (32 MiB for this empty book): grown and marked */
	take(768);
	hugeheap_check();
	heap_marked("the heap grown past its first step is marked");

	/* trimmed, then grown again below where it reached: a mapping of its
	 * own, which must be marked too */
	give_back(768);
#ifdef __GLIBC__
	malloc_trim(0);
#endif
	take(256);
	hugeheap_check();
	heap_marked("the heap trimmed and grown again is marked");
	give_back(256);
	return unit_done();
}

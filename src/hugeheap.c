/* hugeheap.c - large books on huge pages.
 *
 * glibc's malloc takes memory from the kernel a 4 KiB page at a time, one
 * page fault each: building the 10 MB bench book touches about 90 MB, some
 * 23 000 faults, and on a virtual machine a fault costs more than the work
 * done in the page (docs/performance.md, "Issue 16: huge pages"). glibc
 * 2.35 and later can ask for transparent huge pages (the tunable
 * glibc.malloc.hugetlb=1: malloc marks its heaps MADV_HUGEPAGE, one fault
 * per 2 MiB), grow its main heap in larger steps (glibc.malloc.top_pad)
 * and keep fewer arenas (glibc.malloc.arena_max), but it reads its
 * tunables only from the environment, before main: mallopt has no
 * equivalent for the first. So, for a large book, svcbook runs itself again with
 * GLIBC_TUNABLES set, before it has read, written or started anything.
 *
 * Not done: when the user set malloc tunables of their own (theirs win),
 * for a setuid run (glibc ignores tunables there), under a sanitizer or
 * valgrind (their own allocators; valgrind would lose the child), when
 * svcbook was started by naming it to ld.so, when the kernel gives huge
 * pages to all or to none (only "madvise" makes glibc's ask count), when
 * an input was read that cannot be read again (lint --diff -), or with
 * SVCBOOK_HUGE_PAGES=no. */
#include "hugeheap.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__GLIBC__)
#include <gnu/libc-version.h>
#include <sys/auxv.h>
#endif

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define HUGEHEAP_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define HUGEHEAP_SANITIZED 1
#endif
#endif

/* What is asked of malloc: huge pages, the main heap grown 32 MiB at a
 * time, three arenas (fewer heaps that each keep huge pages half filled).
 * The 10 MB bench book's build, runs taken in turn with cmark-gfm
 * (docs/performance.md, "Issue 16: huge pages"): without, 0.565 s and
 * 120 MB peak; a 4 MiB step 0.467 s and 124 MB; 16 MiB 0.35 s but 131 MB.
 * With the trees freed file by file (arena.c), seven rounds on an idle
 * machine: 16 MiB and two arenas 0.484 s, 118 MB; 16 MiB and three
 * 0.445 s, 121 MB; 32 MiB and three 0.396 s, 119 MB (cmark-gfm 0.408 s,
 * 96 MB; issue 16 holds peak memory to 1.3x cmark-gfm's). */
#define HUGEHEAP_TUNABLES "glibc.malloc.hugetlb=1:glibc.malloc.top_pad=33554432:glibc.malloc.arena_max=3"

static char **saved_argv;

void hugeheap_remember(char **argv)
{
	saved_argv = argv;
}

/* Adds the sizes of the .md files of the folder dirfd (which it closes)
 * to *sum, stopping at min; the names the reader reads (reader.c: the
 * chapters and roles/), only .md names looked at, symbolic links not
 * followed. */
static void add_markdown(int dirfd, size_t min, size_t *sum)
{
	DIR *d = fdopendir(dirfd);
	if (!d) {
		close(dirfd);
		return;
	}
	struct dirent *e;
	while (*sum < min && (e = readdir(d)) != NULL) {
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

static int large_book(const char *bookdir)
{
	int fd = open(bookdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	int roles = openat(fd, "roles", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	size_t sum = 0;
	add_markdown(fd, HUGEHEAP_MIN_BYTES, &sum);
	if (roles >= 0)
		add_markdown(roles, HUGEHEAP_MIN_BYTES, &sum);
	return sum >= HUGEHEAP_MIN_BYTES;
}

#if defined(__GLIBC__) && !defined(HUGEHEAP_SANITIZED)
/* glibc 2.35 brought glibc.malloc.hugetlb; an older one ignores it. */
static int glibc_has_hugetlb(void)
{
	int major = 0, minor = 0;
	return sscanf(gnu_get_libc_version(), "%d.%d", &major, &minor) == 2 &&
	       (major > 2 || (major == 2 && minor >= 35));
}

/* glibc asks for huge pages (madvise) only when the kernel gives them to
 * those who ask: with "always" every heap has them already, with "never"
 * none can, and the second start would be a loss. */
static int kernel_thp_on_request(void)
{
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	if (!f)
		return 0;
	char line[128];
	int ok = fgets(line, sizeof line, f) && strstr(line, "[madvise]");
	fclose(f);
	return ok;
}

static int allowed(const char *bookdir)
{
	const char *mode = getenv("SVCBOOK_HUGE_PAGES");
	if (mode && (strcmp(mode, "no") == 0 || strcmp(mode, "0") == 0))
		return 0;
	const char *t = getenv("GLIBC_TUNABLES");
	if (t && strstr(t, "glibc.malloc."))
		return 0; /* the user's own, or this is the second start */
	/* setuid (glibc ignores the tunables), valgrind (the child would run
	 * outside it), started as an argument of ld.so (/proc/self/exe is
	 * ld.so then, AT_BASE 0) */
	const char *pre = getenv("LD_PRELOAD");
	if (getauxval(AT_SECURE) || (pre && strstr(pre, "vgpreload")) || getauxval(AT_BASE) == 0)
		return 0;
	if (!glibc_has_hugetlb() || !kernel_thp_on_request())
		return 0;
	if (mode && (strcmp(mode, "yes") == 0 || strcmp(mode, "1") == 0))
		return 1;
	return large_book(bookdir);
}

void hugeheap_reexec(const char *bookdir)
{
	if (!saved_argv || !allowed(bookdir))
		return;
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0 || (size_t)n >= sizeof self - 1)
		return;
	self[n] = '\0';
	const char *old = getenv("GLIBC_TUNABLES");
	char *keep = old ? strdup(old) : NULL;
	size_t len = (old ? strlen(old) + 1 : 0) + sizeof HUGEHEAP_TUNABLES;
	char *val = malloc(len);
	if (!val || (old && !keep)) {
		free(val);
		free(keep);
		return;
	}
	snprintf(val, len, "%s%s%s", old ? old : "", old && *old ? ":" : "", HUGEHEAP_TUNABLES);
	if (setenv("GLIBC_TUNABLES", val, 1) == 0) {
		fflush(NULL);
		execv(self, saved_argv);
		/* still here: run on as we are, the environment as it was */
		if (keep)
			setenv("GLIBC_TUNABLES", keep, 1);
		else
			unsetenv("GLIBC_TUNABLES");
	}
	free(val);
	free(keep);
}
#else
void hugeheap_reexec(const char *bookdir)
{
	(void)bookdir;
	(void)large_book;
}
#endif

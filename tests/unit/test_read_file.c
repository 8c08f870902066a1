/* test_read_file.c - unit tests of util.c's read_file: a file read whole and
 * NUL-terminated whatever its size (empty, small, larger than the first
 * guess of a file of unknown size), a file of unknown size (/proc, where
 * fstat says 0), a missing file (NULL, errno from open), and a folder (NULL). */
#include "util.h"
#include "unit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes n bytes (a pattern) to a temporary file; returns its path. */
static char *temp_file(size_t n, char **content)
{
	char *path = xstrdup("/tmp/svcbook-read-file-XXXXXX");
	int fd = mkstemp(path);
	char *c = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		c[i] = (char)('a' + i % 26);
	c[n] = '\0';
	if (fd < 0 || write(fd, c, n) != (ssize_t)n)
		ok(0, "the temporary file is written");
	close(fd);
	*content = c;
	return path;
}

static void test_size(size_t n, const char *what)
{
	char *content;
	char *path = temp_file(n, &content);
	size_t len = 12345;
	char *got = read_file(path, &len);
	ok(got && len == n && memcmp(got, content, n) == 0 && got[n] == '\0', what);
	free(got);
	free(content);
	unlink(path);
	free(path);
}

int main(void)
{
	test_size(0, "an empty file reads as \"\"");
	test_size(1, "a one-byte file reads whole");
	test_size(65536, "a file of 64 KiB reads whole");
	test_size(300001, "a file of 300 001 bytes reads whole");

	size_t len = 0;
	char *proc = read_file("/proc/self/status", &len);
	ok(proc && len > 0 && strlen(proc) == len && strstr(proc, "Name:"),
	   "a file whose size fstat does not know (/proc) reads whole");
	free(proc);

	errno = 0;
	ok(read_file("/nonexistent/svcbook-none", &len) == NULL && errno == ENOENT,
	   "a missing file gives NULL and ENOENT");
	ok(read_file("/tmp", &len) == NULL, "a folder gives NULL");

	return unit_done();
}

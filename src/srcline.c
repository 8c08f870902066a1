/* srcline.c - a diagnostic's source line in constant time per finding:
 * printing 100 000 findings of a 2 MB file walked the file from its start
 * for each (quadratic: 40 s). Book files use the reader's line index;
 * other files (book.lua, rules/) are read and indexed once. */
#include "srcline.h"
#include "book.h"
#include "util.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Line starts as cmark counts lines: \n, \r\n or \r. A file without a
 * \r (the usual one) from \n to \n with memchr: printing a book's
 * findings reads every file that has one, and indexing them a byte at a
 * time was most of printing them (55 M instructions for the bench book's
 * 283 role files). */
static size_t *index_starts(const char *t, size_t len, size_t *n)
{
	size_t cap = 0;
	size_t *v = xgrow(NULL, &cap, 1, sizeof *v);
	v[0] = 0;
	*n = 1;
	if (!memchr(t, '\r', len)) {
		const char *p = t, *end = t + len;
		while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			p++;
			v = xgrow(v, &cap, *n + 1, sizeof *v);
			v[(*n)++] = (size_t)(p - t);
		}
		return v;
	}
	for (size_t i = 0; i < len; i++) {
		if (t[i] == '\r' && i + 1 < len && t[i + 1] == '\n')
			continue;
		if (t[i] == '\n' || t[i] == '\r') {
			v = xgrow(v, &cap, *n + 1, sizeof *v);
			v[(*n)++] = i + 1;
		}
	}
	return v;
}

/* Whether file is a plain path below the book folder: not absolute, no
 * ".." part, no empty part. */
static int plain_relative(const char *file)
{
	if (!*file || *file == '/')
		return 0;
	for (const char *p = file; *p;) {
		size_t k = strcspn(p, "/");
		if (k == 0 || (k == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += k;
		if (*p == '/')
			p++;
	}
	return 1;
}

/* The whole of the regular file open at fd, which it closes; NULL when
 * fd < 0 or it is no regular file. */
static char *read_regular(int fd, size_t *len)
{
	if (fd < 0)
		return NULL;
	struct stat st;
	char *text = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		size_t cap = (size_t)st.st_size + 1, n = 0;
		text = xmalloc(cap);
		while (n < cap - 1) {
			ssize_t r = read(fd, text + n, cap - 1 - n);
			if (r <= 0)
				break;
			n += (size_t)r;
		}
		text[n] = '\0';
		*len = n;
	}
	close(fd);
	return text;
}

/* Reads bookdir/file when it is a regular file reached without a symlink
 * at its end; O_NONBLOCK so that a FIFO cannot block the open. bookdir
 * NULL: file is one the user named, read where they said. */
static char *read_inside(const char *bookdir, const char *file, size_t *len)
{
	if (!bookdir)
		return read_regular(open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC), len);
	if (!plain_relative(file))
		return NULL;
	char *path = xasprintf("%s/%s", bookdir, file);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	free(path);
	return read_regular(fd, len);
}

static const char *line_of(const char *text, size_t len, const size_t *starts, size_t nlines, int line, size_t *n)
{
	if ((size_t)line > nlines)
		return NULL;
	size_t a = starts[line - 1], e = (size_t)line < nlines ? starts[line] : len;
	if (a >= len)
		return NULL;
	if (e > a && text[e - 1] == '\n')
		e--;
	if (e > a && text[e - 1] == '\r')
		e--;
	*n = e - a;
	return text + a;
}

const char *srcline_get(srcline *s, const char *file, int line, size_t *n)
{
	*n = 0;
	if (!file || !*file || line < 1)
		return NULL;
	/* findings come sorted by file: the last one found is tried first */
	for (size_t k = 0; s->b && k < s->b->nfiles; k++) {
		size_t i = s->hit && s->hit <= s->b->nfiles ? (s->hit - 1 + k) % s->b->nfiles : k;
		const book_file *f = &s->b->files[i];
		if (f->text && f->lines && strcmp(f->path, file) == 0) {
			s->hit = i + 1;
			return line_of(f->text, f->len, f->lines, f->nlines, line, n);
		}
	}
	if (!s->bookdir && !s->as_named)
		return NULL;
	if (!s->path || strcmp(s->path, file) != 0) {
		srcline_free(s);
		s->path = xstrdup(file);
		s->text = read_inside(s->as_named ? NULL : s->bookdir, file, &s->len);
		if (s->text)
			s->starts = index_starts(s->text, s->len, &s->nlines);
	}
	return s->text ? line_of(s->text, s->len, s->starts, s->nlines, line, n) : NULL;
}

void srcline_free(srcline *s)
{
	free(s->path);
	free(s->text);
	free(s->starts);
	s->path = s->text = NULL;
	s->starts = NULL;
	s->len = s->nlines = 0;
}

size_t srcline_at(const size_t *starts, size_t nlines, size_t off)
{
	size_t lo = 0, hi = nlines;
	while (hi - lo > 1) { /* the last line starting at or before off */
		size_t mid = lo + (hi - lo) / 2;
		if (starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo + 1;
}

void srcline_trim(const char **p, size_t *n)
{
	while (*n && (**p == ' ' || **p == '\t')) {
		(*p)++;
		(*n)--;
	}
	while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
		(*n)--;
}

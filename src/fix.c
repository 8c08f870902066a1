/* fix.c - applying fixes (fix.h). */
#include "fix.h"
#include "diagid.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
	size_t from, to; /* byte offsets in the file */
	size_t item;     /* index in the list */
} edit;

/* The offset of line:col (1-based, bytes) in text, or (size_t)-1 when the
 * file has no such place. Columns count after a byte-order mark, as the
 * reader does. */
static size_t offset_of(const char *text, size_t len, int line, int col)
{
	size_t p = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	for (int i = 1; i < line; i++) {
		const char *nl = memchr(text + p, '\n', len - p);
		if (!nl)
			return (size_t)-1;
		p = (size_t)(nl - text) + 1;
	}
	const char *nl = memchr(text + p, '\n', len - p);
	size_t end = nl ? (size_t)(nl - text) : len;
	if ((size_t)col - 1 > end - p)
		return (size_t)-1;
	return p + (size_t)col - 1;
}

static int cmp_edit(const void *a, const void *b)
{
	const edit *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->item < y->item ? -1 : x->item > y->item;
}

/* Writes data to path through a temporary file beside it and rename(2):
 * readers see the old file or the new one, never a part. */
static int replace_file(const char *path, const char *data, size_t len)
{
	struct stat st;
	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return -1;
	char *tmp = xasprintf("%s.svcbook-fix-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return -1;
	}
	int ok = fchmod(fd, st.st_mode & 07777) == 0;
	for (size_t w = 0; ok && w < len;) {
		ssize_t k = write(fd, data + w, len - w);
		if (k < 0 && errno == EINTR)
			continue;
		ok = k > 0;
		w += ok ? (size_t)k : 0;
	}
	ok = ok && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	ok = ok && rename(tmp, path) == 0;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok ? 0 : -1;
}

/* The fixes of one book file; marks the applied ones in done[]. */
static size_t fix_file(const char *bookdir, const char *file, diag_list *l, char *done, diag_list *errs)
{
	edit *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].fix && strcmp(l->items[i].file, file) == 0) {
			v = xgrow(v, &cap, n + 1, sizeof *v);
			v[n++] = (edit){0, 0, i};
		}
	if (!n)
		return 0;
	char *path = xasprintf("%s/%s", bookdir, file);
	size_t len;
	char *text = read_file(path, &len);
	size_t applied = 0;
	if (!text) {
		diag_add(errs, file, 0, 0, SEV_ERROR, DIAG_ID(BAD_OUTPUT), NULL, "cannot read %s to fix it: %s", file, strerror(errno));
		goto done;
	}
	size_t m = 0;
	for (size_t k = 0; k < n; k++) {
		const diag_fix *f = l->items[v[k].item].fix;
		size_t a = offset_of(text, len, f->line, f->col), b = offset_of(text, len, f->end_line, f->end_col);
		if (a == (size_t)-1 || b == (size_t)-1 || b < a)
			continue; /* not in the file as it is: left for the rule to report again */
		v[m++] = (edit){a, b, v[k].item};
	}
	sort_array(v, m, sizeof *v, cmp_edit);
	buf out;
	buf_init(&out);
	size_t at = 0;
	for (size_t k = 0; k < m; k++) {
		if (v[k].from < at)
			continue; /* overlaps the fix before it: the next run */
		buf_put(&out, text + at, v[k].from - at);
		buf_puts(&out, l->items[v[k].item].fix->text);
		at = v[k].to;
		done[v[k].item] = 1;
		applied++;
	}
	buf_put(&out, text + at, len - at);
	if (applied && replace_file(path, out.data ? out.data : "", out.len) != 0) {
		diag_add(errs, file, 0, 0, SEV_ERROR, DIAG_ID(BAD_OUTPUT), NULL, "cannot write the fixes into %s: %s", file,
			 strerror(errno));
		for (size_t k = 0; k < m; k++)
			done[v[k].item] = 0;
		applied = 0;
	}
	buf_free(&out);
	free(text);
done:
	free(path);
	free(v);
	return applied;
}

size_t fix_apply(const book *b, const char *bookdir, diag_list *l, diag_list *errs, size_t *files)
{
	*files = 0;
	char *done = xcalloc(l->n ? l->n : 1, 1);
	size_t total = 0;
	/* only the book's own files: never a path a rule made up */
	for (size_t i = 0; i < b->nfiles; i++) {
		size_t k = fix_file(bookdir, b->files[i].path, l, done, errs);
		total += k;
		*files += k > 0;
	}
	size_t w = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (done[i])
			diag_free_fields(&l->items[i]);
		else
			l->items[w++] = l->items[i];
	}
	l->n = w;
	free(done);
	return total;
}

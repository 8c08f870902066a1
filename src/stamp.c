/* stamp.c - see stamp.h. */
#include "stamp.h"
#include "strmap.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char HEADER[] = "svcbook output: svcbook wrote this folder and may replace or remove it.\n"
			     "Anything it did not write stops it. What it wrote:\n";

/* Deeper than any output svcbook writes (roles/ID/html/images/...): a
 * folder nested past it is not svcbook's. */
#define MAX_DEPTH 32

typedef struct {
	char **v;
	size_t n, cap;
} names;

static void names_free(names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* A name on one line: backslash and newline escaped. */
static void push_name(names *l, const char *rel, int folder)
{
	size_t n = strlen(rel);
	char *s = xmalloc(2 * n + 2), *o = s;
	for (const char *p = rel; *p; p++) {
		if (*p == '\\' || *p == '\n')
			*o++ = '\\';
		*o++ = *p == '\n' ? 'n' : *p;
	}
	if (folder)
		*o++ = '/';
	*o = '\0';
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = s;
}

/* 1 when entry e (at path) is a folder, not a symlink to one; 0 when it
 * is anything else; -1 when it cannot be told. The entry's type as the
 * folder lists it (d_type) where the file system gives it: a stamp is
 * made and checked twice a build over every file of the output (866 for
 * the 10 MB bench book), and each lstat was a system call. */
static int is_folder(const struct dirent *e, const char *path)
{
#ifdef DT_DIR
	if (e->d_type != DT_UNKNOWN)
		return e->d_type == DT_DIR;
#endif
	struct stat st;
	if (lstat(path, &st) != 0)
		return -1;
	return S_ISDIR(st.st_mode) != 0;
}

/* Adds every entry below dir to out, rel its path from the part's folder;
 * symlinks are names, never followed. -1 when it cannot be read whole. */
static int walk(const char *dir, const char *rel, int depth, names *out)
{
	if (depth > MAX_DEPTH) {
		errno = ELOOP;
		return -1;
	}
	DIR *dh = opendir(dir);
	if (!dh)
		return -1;
	struct dirent *e;
	int rc = 0;
	while (rc == 0 && (e = readdir(dh)) != NULL) {
		const char *n = e->d_name;
		if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || (!*rel && strcmp(n, STAMP_NAME) == 0))
			continue;
		char *path = xasprintf("%s/%s", dir, n);
		char *r = *rel ? xasprintf("%s/%s", rel, n) : xstrdup(n);
		int kind = is_folder(e, path);
		if (kind < 0) {
			rc = -1;
		} else if (kind) {
			push_name(out, r, 1);
			rc = walk(path, r, depth + 1, out);
		} else {
			push_name(out, r, 0);
		}
		free(path);
		free(r);
	}
	closedir(dh);
	return rc;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *stamp_make(const char *dir, size_t *len)
{
	names l = {0};
	if (walk(dir, "", 0, &l) != 0) {
		int e = errno;
		names_free(&l);
		errno = e;
		return NULL;
	}
	if (l.n)
		sort_array(l.v, l.n, sizeof *l.v, cmp_name);
	size_t n = sizeof HEADER - 1;
	for (size_t i = 0; i < l.n; i++)
		n += strlen(l.v[i]) + 1;
	char *text = xmalloc(n + 1), *o = text;
	memcpy(o, HEADER, sizeof HEADER - 1);
	o += sizeof HEADER - 1;
	for (size_t i = 0; i < l.n; i++) {
		size_t k = strlen(l.v[i]);
		memcpy(o, l.v[i], k);
		o[k] = '\n';
		o += k + 1;
	}
	*o = '\0';
	*len = n;
	names_free(&l);
	return text;
}

int stamp_begin(const char *dir)
{
	char *path = xasprintf("%s/" STAMP_NAME, dir);
	FILE *f = fopen(path, "w");
	free(path);
	if (!f)
		return -1;
	int bad = fputs(HEADER, f) < 0;
	return fclose(f) != 0 || bad ? -1 : 0;
}

/* The stamp's text, when dir is a real folder holding a real stamp file
 * that starts with the header; NULL otherwise. */
static char *read_stamp(const char *dir)
{
	struct stat st;
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return NULL;
	char *path = xasprintf("%s/" STAMP_NAME, dir);
	char *text = NULL;
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		text = read_file(path, NULL);
	free(path);
	if (text && strncmp(text, HEADER, sizeof HEADER - 1) != 0) {
		free(text);
		text = NULL;
	}
	return text;
}

int stamp_present(const char *dir)
{
	char *text = read_stamp(dir);
	free(text);
	return text != NULL;
}

int stamp_check(const char *dir, char **why)
{
	struct stat st;
	*why = NULL;
	if (lstat(dir, &st) != 0) {
		*why = xasprintf("cannot be read: %s", strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		*why = xstrdup("is a symlink");
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		*why = xstrdup("is not a folder");
		return -1;
	}
	char *text = read_stamp(dir);
	if (!text) {
		*why = xstrdup("has no svcbook stamp (" STAMP_NAME "): svcbook did not write it");
		return -1;
	}
	strmap listed;
	strmap_init(&listed);
	for (char *line = text + sizeof HEADER - 1, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		strmap_set(&listed, line, 1);
	}
	names l = {0};
	int rc = walk(dir, "", 0, &l);
	if (rc != 0)
		*why = xasprintf("cannot be read whole: %s", strerror(errno));
	if (l.n)
		sort_array(l.v, l.n, sizeof *l.v, cmp_name);
	for (size_t i = 0; rc == 0 && i < l.n; i++)
		if (strmap_get(&listed, l.v[i]) < 0) {
			*why = xasprintf("holds '%s', which svcbook did not write", l.v[i]);
			rc = -1;
		}
	names_free(&l);
	strmap_free(&listed);
	free(text);
	return rc;
}

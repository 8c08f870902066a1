/* changes.c - a pull request's changed lines (changes.h). */
#include "changes.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int changes_parse_filter(const char *s, changes_filter *f)
{
	static const struct {
		const char *name;
		changes_filter f;
	} names[] = {
		{"nofilter", FILTER_NOFILTER}, {"added", FILTER_ADDED},
		{"diff_context", FILTER_CONTEXT}, {"file", FILTER_FILE},
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(s, names[i].name) == 0) {
			*f = names[i].f;
			return 0;
		}
	return -1;
}

static void add(changes *c, const char *path, size_t plen, int from, int to, int hunk, int given)
{
	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof *c->v);
	report_range *r = &c->v[c->n++];
	r->path = xstrndup(path, plen);
	r->from = from;
	r->to = to;
	r->hunk = hunk;
	r->given = given;
}

int changes_parse_lines(changes *c, const char *arg)
{
	const char *colon = strrchr(arg, ':');
	if (!colon || colon == arg || !colon[1])
		return -1;
	const char *p = colon + 1;
	while (*p) {
		char *end;
		long a = strtol(p, &end, 10), b = a;
		if (end == p || a < 1 || a > INT_MAX)
			return -1;
		p = end;
		if (*p == '-') {
			b = strtol(p + 1, &end, 10);
			if (end == p + 1 || b < a || b > INT_MAX)
				return -1;
			p = end;
		}
		add(c, arg, (size_t)(colon - arg), (int)a, (int)b, 0, 1);
		if (*p == ',')
			p++;
		else if (*p)
			return -1;
	}
	return 0;
}

/* git's C-style quoting of a path with unusual bytes (the default for a
 * Cyrillic name: "b/roles/\320\272.md"): the bytes back. NULL when s is
 * not a well-formed quoted string. Caller frees. */
static char *unquote(const char *s, size_t n)
{
	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return NULL;
	buf b;
	buf_init(&b);
	for (size_t i = 1; i + 1 < n; i++) {
		char ch = s[i];
		if (ch != '\\') {
			buf_putc(&b, ch);
			continue;
		}
		if (++i + 1 >= n)
			break;
		const char *esc = strchr("abtnvfr\"\\", s[i]);
		if (esc && s[i]) {
			buf_putc(&b, "\a\b\t\n\v\f\r\"\\"[esc - "abtnvfr\"\\"]);
		} else if (s[i] >= '0' && s[i] <= '3' && i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '7' &&
			   s[i + 2] >= '0' && s[i + 2] <= '7') {
			buf_putc(&b, (char)((s[i] - '0') * 64 + (s[i + 1] - '0') * 8 + (s[i + 2] - '0')));
			i += 2;
		} else {
			buf_free(&b);
			return NULL;
		}
	}
	char *r = xstrdup(b.data ? b.data : "");
	buf_free(&b);
	return r;
}

/* The path of a "+++ " line: unquoted, without "b/" and a trailing
 * tab-separated timestamp; NULL for /dev/null (a deleted file). */
static char *new_path(const char *f, int *bad)
{
	*bad = 0;
	char *p;
	if (*f == '"') {
		p = unquote(f, strcspn(f, "\r"));
		if (!p) {
			*bad = 1;
			return NULL;
		}
	} else {
		p = xstrndup(f, strcspn(f, "\t\r"));
	}
	if (strcmp(p, "/dev/null") == 0) {
		free(p);
		return NULL;
	}
	if (strncmp(p, "b/", 2) == 0)
		memmove(p, p + 2, strlen(p + 2) + 1);
	return p;
}

/* "@@ -a[,b] +c[,d] @@": the new side's start and length; -1 when not. */
static int hunk_header(const char *line, long *start, long *len, long *old_len)
{
	const char *p = line + 3;
	char *end;
	if (*p != '-')
		return -1;
	strtol(p + 1, &end, 10);
	*old_len = 1;
	if (end == p + 1)
		return -1;
	if (*end == ',')
		*old_len = strtol(end + 1, &end, 10);
	if (*end != ' ' || end[1] != '+')
		return -1;
	p = end + 2;
	*start = strtol(p, &end, 10);
	if (end == p)
		return -1;
	*len = 1;
	if (*end == ',')
		*len = strtol(end + 1, &end, 10);
	if (strncmp(end, " @@", 3) != 0 || *start < 0 || *len < 0 || *old_len < 0 || *start > INT_MAX - *len)
		return -1;
	return 0;
}

static char *read_all(const char *path, size_t *len)
{
	if (strcmp(path, "-") != 0)
		return read_file(path, len);
	buf b;
	buf_init(&b);
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		buf_put(&b, chunk, k);
	if (ferror(stdin)) {
		buf_free(&b);
		return NULL;
	}
	*len = b.len;
	char *r = xmalloc(b.len + 1);
	if (b.len)
		memcpy(r, b.data, b.len);
	r[b.len] = '\0';
	buf_free(&b);
	return r;
}

int changes_read_diff(changes *c, const char *path, char **err)
{
	size_t len = 0;
	char *text = read_all(path, &len);
	const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
	*err = NULL;
	if (!text) {
		*err = xasprintf("%s: error: cannot read the diff: %s", shown, strerror(errno ? errno : EIO));
		return -1;
	}
	char *file = NULL;
	int lineno = 0, files = 0, nonblank = 0, rc = 0;
	long next = 0, left_new = 0, left_old = 0; /* inside a hunk: lines still to come */
	for (char *line = text; line && line < text + len;) {
		char *nl = memchr(line, '\n', (size_t)(text + len - line));
		if (nl)
			*nl = '\0';
		lineno++;
		nonblank |= line[0] != '\0';
		if (left_new > 0 || left_old > 0) {
			/* a hunk's body: only '+' lines are added */
			if (line[0] == '+' && left_new > 0) {
				if (file)
					add(c, file, strlen(file), (int)next, (int)next, 0, 0);
				next++;
				left_new--;
			} else if (line[0] == '-' && left_old > 0) {
				left_old--;
			} else if ((line[0] == ' ' || line[0] == '\0') && left_new > 0 && left_old > 0) {
				next++;
				left_new--;
				left_old--;
			} else if (line[0] != '\\') {
				*err = xasprintf("%s:%d: error: the hunk ends before its header said", shown, lineno);
				rc = -1;
				break;
			}
		} else if (strncmp(line, "+++ ", 4) == 0) {
			free(file);
			int bad;
			file = new_path(line + 4, &bad);
			if (bad) {
				*err = xasprintf("%s:%d: error: a quoted path git would not write", shown, lineno);
				rc = -1;
				break;
			}
			files++;
		} else if (strncmp(line, "@@ ", 3) == 0) {
			long start, n, old;
			if (!files || hunk_header(line, &start, &n, &old) != 0) {
				*err = xasprintf("%s:%d: error: not a hunk header of a unified diff: %.60s", shown, lineno, line);
				rc = -1;
				break;
			}
			if (file && n > 0)
				add(c, file, strlen(file), (int)start, (int)(start + n - 1), 1, 0);
			next = start;
			left_new = n;
			left_old = old;
		} else if (strncmp(line, "diff --git ", 11) == 0) {
			files++; /* a pure rename or a mode change has no '+++ ' line */
		} else if (strncmp(line, "Binary files ", 13) == 0 && strstr(line, " differ")) {
			files++; /* a binary file changed: no lines */
		}
		line = nl ? nl + 1 : NULL;
	}
	if (!rc && (left_new > 0 || left_old > 0)) {
		*err = xasprintf("%s:%d: error: the diff ends inside a hunk", shown, lineno);
		rc = -1;
	}
	/* Empty input is what a failed `git diff ... |` gives: the gate must
	 * not pass on it. Text with no file in it is no diff. */
	if (!rc && !nonblank) {
		*err = xasprintf("%s: error: no diff read (empty input): did git diff fail? (set -o pipefail)", shown);
		rc = -1;
	} else if (!rc && !files) {
		*err = xasprintf("%s:1: error: not a unified diff (no '+++ ' line): give git diff's output", shown);
		rc = -1;
	}
	free(file);
	free(text);
	return rc;
}

static int same_path(const char *given, const char *p)
{
	if (strncmp(given, "./", 2) == 0)
		given += 2;
	return p && strcmp(given, p) == 0;
}

int changes_hit(const changes *c, changes_filter f, const char *cwd_path, const char *root_path,
		const char *book_path, int line)
{
	if (f == FILTER_NOFILTER)
		return 1;
	for (size_t i = 0; i < c->n; i++) {
		const report_range *r = &c->v[i];
		if (!same_path(r->path, cwd_path) && !same_path(r->path, root_path) && !same_path(r->path, book_path))
			continue;
		if (f == FILTER_FILE || (line >= r->from && line <= r->to && (f == FILTER_CONTEXT || !r->hunk)))
			return 1;
	}
	return 0;
}

void changes_resolve_given(changes *c, const char *bookdir)
{
	char *root = realpath(bookdir, NULL);
	if (!root)
		return;
	size_t n = strlen(root);
	for (size_t i = 0; i < c->n; i++) {
		char *real = c->v[i].given ? realpath(c->v[i].path, NULL) : NULL;
		if (real && strncmp(real, root, n) == 0 && real[n] == '/') {
			char *rel = xstrdup(real + n + 1);
			free(c->v[i].path);
			c->v[i].path = rel;
		}
		free(real);
	}
	free(root);
}

void changes_free(changes *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].path);
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

/* changes.h - the lines a pull request changed: --changed-lines, a unified
 * diff as git writes it (quoted paths, context lines, standard input), and
 * reviewdog's filter modes that say which findings are the pull request's.
 * Included by: report, lintcmd. */
#ifndef SVCBOOK_CHANGES_H
#define SVCBOOK_CHANGES_H

#include <stddef.h>

/** Lines of one file: path as given (relative to the current directory,
 *  the repository root or the book folder). */
typedef struct {
	char *path;
	int from, to;
	int hunk;  /**< 1: a hunk's whole new side (context included); 0: added lines */
	int given; /**< 1: from --changed-lines (a path that must be a book file) */
} report_range;

typedef struct {
	report_range *v;
	size_t n, cap;
} changes;

/* reviewdog's -filter-mode: which findings decide the exit code. */
typedef enum {
	FILTER_NOFILTER, /* every finding (the default) */
	FILTER_ADDED,    /* on an added or changed line */
	FILTER_CONTEXT,  /* inside a hunk, context lines included (diff_context) */
	FILTER_FILE,     /* in a file the diff touches */
} changes_filter;

/* "added", "diff_context", "file", "nofilter"; -1 when unknown. */
int changes_parse_filter(const char *s, changes_filter *f);

/* Parses "FILE:LINES" (LINES: "3", "3-9", "3,5-9"); -1 when malformed. */
int changes_parse_lines(changes *c, const char *arg);

/* Makes each --changed-lines path that names a file inside bookdir from
 * the current directory (billing.md from roles/, an absolute path)
 * relative to the book folder. */
void changes_resolve_given(changes *c, const char *bookdir);

/* Reads a unified diff from path ("-": standard input): each file's added
 * lines and its hunks. -1 with *err (caller frees; "PATH:LINE: error: what") when
 * it cannot be read or is not a unified diff. */
int changes_read_diff(changes *c, const char *path, char **err);

/* Whether the line of a file is in f's set; paths: the file relative to
 * the current directory, to the repository root, to the book folder. */
int changes_hit(const changes *c, changes_filter f, const char *cwd_path, const char *root_path,
		const char *book_path, int line);

void changes_free(changes *c);

#endif

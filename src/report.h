/* report.h - diagnostics in the formats CI reads: JSON, SARIF 2.1.0,
 * GitHub workflow annotations (+ the step summary), GitLab Code Quality,
 * reviewdog's rdjson.
 * Included by: main. */
#ifndef SVCBOOK_REPORT_H
#define SVCBOOK_REPORT_H

#include <stdio.h>
#include "book.h"
#include "changes.h"
#include "diag.h"
#include "lint.h"

typedef enum { REPORT_TEXT, REPORT_JSON, REPORT_SARIF, REPORT_GITHUB, REPORT_GITLAB, REPORT_RDJSON } report_format;

typedef struct {
	const book *b;            /**< source text for UTF-16 columns and fingerprints (may be NULL) */
	const char *bookdir;      /**< where other files (book.lua, rules/) are read from */
	const char *prefix;       /**< book file -> path relative to the current directory */
	const char *root_prefix;  /**< book file -> path relative to the repository root */
	const lint_rule *rules;   /**< rule metadata for SARIF */
	size_t nrules;
	const changes *changed;   /**< a pull request's lines (may be NULL) */
	const char *version;      /**< svcbook's version for SARIF */
	changes_filter filter;    /**< which findings decide the exit code */
	const diag_list *suppressed; /**< silenced by a comment, the reason as hint (SARIF; may be NULL) */
	const unsigned char *fresh; /**< per finding of b->diags, 1 when lint --base's book lacks it (NULL: no --base) */
} report_opts;

/* "json" -> REPORT_JSON ...; -1 when unknown. */
int report_parse_format(const char *s, report_format *f);

/* The prefix that makes a book file's path relative to the repository
 * root (the nearest folder above the book that holds .git); the current
 * directory's prefix when there is none. Caller frees. */
char *report_root_prefix(const char *bookdir, const char *cwd_prefix);

/* Writes s as a JSON string: escaped, invalid UTF-8 as U+FFFD (esc_json,
 * ESC_JSON_SHORT | ESC_JSON_CLEAN). */
void report_json_str(FILE *out, const char *s);

/* Writes l (sorted) in format f (not REPORT_TEXT) to out. */
void report_write(FILE *out, report_format f, const diag_list *l, const report_opts *o);

/* Whether d is one of the pull request's findings under o->filter (a
 * finding about the whole book counts as book.lua's line 1). */
int report_in_filter(const diag *d, const report_opts *o);
/* 1 when finding i of l decides the exit code: fatal, or new since --base,
 * or under --filter on the pull request's lines; without --base and
 * --filter, every finding. */
int report_counts(const diag_list *l, size_t i, const report_opts *o);

/* The first --changed-lines path that names no file of the book (nor
 * book.lua), or NULL. */
const char *report_unknown_path(const report_opts *o);

/* Appends a Markdown summary of l to the file at path ($GITHUB_STEP_SUMMARY). */
int report_github_summary(const char *path, const diag_list *l, const report_opts *o);

#endif

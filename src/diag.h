/* diag.h - diagnostics as data: one list, one emitter, several output formats.
 * Every message the reader, the resolver and the Lua rules report goes here.
 * Included by: reader, xref, lint, main and backends that report. */
#ifndef SVCBOOK_DIAG_H
#define SVCBOOK_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { SEV_OFF, SEV_NOTE, SEV_WARNING, SEV_ERROR, SEV_FATAL } diag_severity;

/** A replacement that resolves a finding, in the finding's file: from
 *  line:col to end_line:end_col (exclusive), columns in bytes from 1. */
typedef struct {
	int line, col, end_line, end_col;
	char *text;
} diag_fix;

typedef struct {
	char *file;        /**< path relative to the book folder ("" for the book as a whole) */
	int line, col;     /**< 1-based; 0 when unknown; col in bytes (diag_column converts) */
	diag_severity sev;
	char *rule;        /**< rule id: "undefined-term", "bad-input", ... */
	char *message;
	char *hint;        /**< optional, NULL when none */
	diag_fix *fix;     /**< optional, NULL when none; owned (diag_free_fields frees it) */
} diag;

typedef struct diag_list {
	diag *items;
	size_t n, cap;
} diag_list;

diag_list *diag_list_new(void);
void diag_list_free(diag_list *l);

/* Adds a diagnostic; file may be NULL. message and hint are copied. */
void diag_add(diag_list *l, const char *file, int line, int col, diag_severity sev,
	      const char *rule, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
/* The same with the arguments as a va_list (for wrappers that know where). */
void diag_addv(diag_list *l, const char *file, int line, int col, diag_severity sev,
	       const char *rule, const char *hint, const char *fmt, va_list args)
	__attribute__((format(printf, 8, 0)));

/* The same with the message as its len bytes, and message and hint taken
 * as they are, untranslated: for a caller that translated them already
 * (a rule's report). */
void diag_add_text(diag_list *l, const char *file, int line, int col, diag_severity sev,
		   const char *rule, const char *hint, const char *msg, size_t len);

/* Frees what one diagnostic owns (not the diagnostic itself). */
void diag_free_fields(diag *d);

/* Moves from's diagnostics to the end of into, in their order; from is
 * left empty. */
void diag_move(diag_list *into, diag_list *from);

/* Sorts by file, line, column, rule, message: output order never depends on
 * the order rules ran in. */
void diag_sort(diag_list *l);

/* The worst severity present (SEV_OFF when empty). */
diag_severity diag_worst(const diag_list *l);

const char *diag_severity_name(diag_severity s);

/* The 1-based byte column col of the n-byte line as editors count it: in
 * characters (utf16 0) or in UTF-16 code units (utf16 1); an invalid byte
 * counts one. col itself when it is 0 or past the line's end. */
int diag_column(const char *line, size_t n, int col, int utf16);

/* Prints `file:line:col: severity: message [rule]`, the source line and a caret.
 * prefix is prepended to each file name (the book folder as the user named it,
 * so that paths are relative to the current directory); bookdir is where to read
 * source lines from (NULL: no source line). color: 1 to use ANSI colour. */
void diag_print_text(FILE *out, const diag_list *l, const char *prefix, const char *bookdir, int color);

/* The same for findings in files the user named (an audit's results,
 * the acknowledgements), paths from the current directory, each with its
 * source line and caret as the book's have; then the summary line. */
void diag_print_named(FILE *out, const diag_list *l, int color);

/* Prints "svcbook: N errors, N warnings[, N notes]" when l holds any:
 * the end of the text output says how it went. */
void diag_print_summary(FILE *out, const diag_list *l);

#endif

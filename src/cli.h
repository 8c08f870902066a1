/* cli.h - what every command of the command line shares: exit codes,
 * colour, paths as the user named them, the data folder, usage errors.
 * Included by: main and the modules that implement a command (lint, diff, ...). */
#ifndef SVCBOOK_CLI_H
#define SVCBOOK_CLI_H

#include "book.h"

#ifndef SVCBOOK_VERSION
#define SVCBOOK_VERSION "0.1.0"
#endif

enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };

/* Prints "svcbook: MESSAGE" and a hint to `svcbook help cmd`; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* 1 when diagnostics on stderr may use colour (a terminal, NO_COLOR unset). */
int cli_use_color(void);
/* The prefix that makes a book file's path relative to the current
 * directory: "" for ".", else "BOOKDIR/". Caller frees. */
char *cli_path_prefix(const char *bookdir);
/* svcbook's lua/ and templates/ folder. Caller frees. */
char *cli_datadir(void);
/* Sorts and prints b's diagnostics as text on stderr; returns the exit code
 * they call for. */
int cli_finish(book *b, const char *bookdir, int color);

#endif

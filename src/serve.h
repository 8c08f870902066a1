/* serve.h - svcbook serve: a live preview of a book on 127.0.0.1.
 * Included by: main. */
#ifndef SVCBOOK_SERVE_H
#define SVCBOOK_SERVE_H

/* Builds the book's HTML into outdir (a temporary folder when NULL, removed
 * at the end), serves it on 127.0.0.1:port (0: a free port, printed), and
 * rebuilds when a source changes until SIGINT or SIGTERM. Returns the exit
 * status: 0 after a signal, 2 when the book cannot be built at the start
 * or the port cannot be used. */
int serve_run(const char *bookdir, const char *outdir, unsigned port, int color);

#endif

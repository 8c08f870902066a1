/* reader.h - a book folder to the book model: files, cmark-gfm trees,
 * attribute blocks, clauses, terms, roles, stages; then references are
 * collected (xref.c) and resolved once the whole book is read.
 * Included by: main, tests. */
#ifndef SVCBOOK_READER_H
#define SVCBOOK_READER_H

#include "book.h"

/* Reads the book in dir. Always returns a book; problems are in b->diags,
 * and a SEV_FATAL one means the input was unusable. */
book *reader_read(const char *dir);

/* The language of the book in dir when book.lua does not say, guessed from
 * its chapters' text as reader_read guesses it: for what speaks the book's
 * language without reading it (lint --list-rules). */
book_lang reader_guess_language(const char *dir);

/* A book's files held in memory: an old version of it read from git
 * (history.c). path is relative to the book folder, '/' separated. */
typedef struct {
	const char *path;
	const char *text;
	size_t len;
} reader_mem_file;

/* Reads the book made of files (book.lua among them, roles/NAME.md for the
 * roles) as reader_read would read a folder holding them; dir is only
 * where links to other files are looked for. Nothing is read from disk. */
book *reader_read_mem(const char *dir, const reader_mem_file *files, size_t n);

/* parse_extensions(), for the backends that render with them. */
cmark_llist *reader_extensions(void);

#endif

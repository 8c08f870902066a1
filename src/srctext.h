/* srctext.h - a book file's bytes checked as UTF-8 text and its lines
 * indexed. Included by: reader. */
#ifndef SVCBOOK_SRCTEXT_H
#define SVCBOOK_SRCTEXT_H

#include "book.h"
#include "diag.h"

#include <stddef.h>

/* Checks the len bytes of text (the file path, for d), reporting the first
 * problem of each kind with its line and column; control characters become
 * U+FFFD. Returns the text to parse: text itself, or a new string when
 * something was replaced (*len updated). *valid: valid UTF-8 without NUL. */
char *srctext_check(diag_list *d, const char *path, char *text, size_t *len, int *valid);

/* Fills f->lines and f->nlines from f->text: line starts as cmark counts
 * lines (\n, \r\n or \r). */
void srctext_index_lines(book_file *f);

#endif

/* dump.h - the model as plain text, one line per object: for tests of the
 * reader and for authors who want to see what svcbook understood.
 * Included by: main. */
#ifndef SVCBOOK_DUMP_H
#define SVCBOOK_DUMP_H

#include <stdio.h>
#include "book.h"

void dump_write(const book *b, FILE *out);

#endif

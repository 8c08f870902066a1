/* spell.h - the words of a book's prose that the Hunspell dictionary of
 * the book's language does not know, with their places, for the spelling
 * rule. Code (blocks and spans), HTML, [[references]], link targets, URLs,
 * e-mail addresses and attribute blocks are not prose; words of the other
 * script, with a digit, or with a capital after the first letter
 * (acronyms, brand names: CRM, WhatsApp) are not checked. Words of terms
 * (names, aka), roles and stages are accepted in any form (their stems),
 * and so are the book's dictionary.txt words (dict.c).
 * Included by: lint. */
#ifndef SVCBOOK_SPELL_H
#define SVCBOOK_SPELL_H

#include "book.h"

typedef struct {
	int file;          /* index into book.files */
	int line, col;     /* 1-based; col in bytes */
	char *word;        /* as written */
} spell_miss;

/* The misspelled words of b, in file and reading order; *n their count.
 * Caller frees with spell_free. Loads the dictionary of the book's
 * language. */
spell_miss *spell_check(book *b, size_t *n);
void spell_free(spell_miss *v, size_t n);

#endif

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

#include <stdint.h>

typedef struct {
	int file;          /* index into book.files */
	int line, col;     /* 1-based; col in bytes */
	char *word;        /* as written */
} spell_miss;

/* The misspelled words of b, in file and reading order; *n their count.
 * Caller frees with spell_free. Loads the dictionary of the book's
 * language. When spell_begin(b) runs, the first call takes its result
 * (waiting for it) instead of reading the book again. */
spell_miss *spell_check(const book *b, size_t *n);
void spell_free(spell_miss *v, size_t n);

/* Starts spell_check(b) on a thread of its own and returns, for a caller
 * sure to run the spelling rule soon (`svcbook lint` with every rule), so
 * that the scan runs beside the obligations table and the other rules
 * rather than on the rules' thread. b is only read there, and must not
 * change nor be freed before spell_end. One job at a time; NULL (nothing
 * started: spell_check scans as always) without a thread. Begin and end
 * on the thread that calls spell_check. */
typedef struct spell_job spell_job;
spell_job *spell_begin(const book *b);
/* Waits for the job and frees the result no spell_check took. NULL: none. */
void spell_end(spell_job *j);

/* The end of the run of Cyrillic letters at s[i] in a line of len bytes
 * (s[len] readable); *caps |= 1 when the letter at first (the run's start)
 * is a capital, |= 2 when another is. spell_cyr_run: SSE2 where it is;
 * spell_cyr_run_plain a letter at a time. Exposed for tests/unit/test_spell. */
size_t spell_cyr_run(const char *s, size_t i, size_t len, unsigned *caps);
size_t spell_cyr_run_plain(const char *s, size_t i, size_t len, unsigned *caps, size_t first);

/* The look-up key of the n bytes at w, of which room (>= n) are readable
 * (out: the first sixteen bytes as two numbers, the hash): read sixteen
 * bytes at once where room allows, else copied. Exposed for
 * tests/unit/test_spell, which checks the two ways agree. */
void spell_word_key(const char *w, size_t n, size_t room, uint64_t out[3]);

#endif

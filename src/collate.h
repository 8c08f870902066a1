/* collate.h - the order of a book's glossary, one for every backend.
 *
 * A printed glossary's order: case ignored, ё filed with е, Latin letters
 * with diacritics with their base letter (é with e), leading quotes and
 * punctuation skipped («Зерно» under З), the book's own alphabet before
 * the other one, digits before letters; ties broken by the exact
 * spelling, then by the order of definition, so the order is total and
 * the output byte-identical. */
#ifndef SVCBOOK_COLLATE_H
#define SVCBOOK_COLLATE_H

#include <stddef.h>

#include "book.h"

/* Sorts terms[0..n) (indices into b->terms) into glossary order. */
void collate_terms(const book *b, int *terms, size_t n);

/* Compares two names as collate_terms does (without the final tie-break
 * on the term index): <0, 0 or >0. */
int collate_cmp(const char *a, const char *b, book_lang lang);

/* The letter NAME is filed under, as UTF-8 in out: its first letter,
 * upper case and without diacritics ("Е" for «ёлка»), "0–9" for a
 * digit, "#" when it has neither. */
void collate_letter(const char *name, char out[8]);

#endif

/* letters.h - the letters of the Latin and Cyrillic scripts beyond ASCII
 * and the basic Russian alphabet (café, naïve, Zoë; ґ, ў) and the
 * combining marks, for the spelling scan: a word is whole only when each
 * of its letters is known as one. And a word without its diacritics, for
 * a dictionary that spells a loanword only without them (en_US: cafe).
 * Included by: spell. */
#ifndef SVCBOOK_LETTERS_H
#define SVCBOOK_LETTERS_H

#include <stddef.h>

typedef enum {
	LETTERS_NONE,     /* not a letter here: ASCII, punctuation, another script */
	LETTERS_LATIN,    /* À..ɏ (not × ÷), Ḁ..ỿ */
	LETTERS_CYRILLIC, /* Ѐ..ԯ */
	LETTERS_MARK      /* a combining mark, U+0300..U+036F (é as e and U+0301) */
} letters_script;

/* The letter or mark at u (left > 0 bytes readable): its script, its
 * length in *n and in *upper whether it is a capital. LETTERS_NONE
 * (nothing set) for any other character or invalid UTF-8. */
letters_script letters_other(const unsigned char *u, size_t left, size_t *n, int *upper);

/* The length of the apostrophe at u, ' or ’ (U+2019), else 0. */
size_t letters_apostrophe(const unsigned char *u, size_t left);

/* word without its combining marks and, when latin, with its Latin
 * letters' diacritics taken off (café -> cafe, naïve -> naive; й stays й
 * in a Russian word: latin 0); NULL when that changes nothing. Caller
 * frees. */
char *letters_strip(const char *word, int latin);

#endif

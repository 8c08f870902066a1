/* words.h - a sentence's words for the obligation finder: each word's bytes
 * in the sentence, its folded form (lower case, ё as е), and whether it is
 * a number. Included by: oblig, deadline. */
#ifndef SVCBOOK_WORDS_H
#define SVCBOOK_WORDS_H

#include <stddef.h>

/** One word or number of a text. */
typedef struct {
	size_t start, end; /**< its bytes in the text */
	char *w;           /**< folded: lower case, ё as е, ’ as '; owned by the words */
	int num;           /**< 1 for a number ("15", "1,5"); value holds it */
	double value;
	int cap;           /**< it starts with a capital letter */
	int cyr;           /**< it starts with a Cyrillic letter */
	int deadline;      /**< part of a deadline (set by deadline_find) */
	size_t folded_at;  /**< where w starts in words.folded */
} word;

typedef struct {
	word *v;
	size_t n, cap;
	char *folded;      /**< every word's w, one after another (w points in here) */
	size_t len, room;
} words;

/** The words of text[0..len): runs of letters (with combining marks, and an
 *  apostrophe or hyphen between two letters: "can't", "forty-eight") and
 *  numbers (digits with one '.' or ',' between digits). Everything else
 *  separates them; invalid UTF-8 bytes too. */
void words_split(words *t, const char *text, size_t len);
void words_free(words *t);

/** 1 when the character at s is an upper-case letter (of any script). */
int words_upper_at(const char *s);

/** The first n code points of w. Caller frees. */
char *words_prefix(const char *w, size_t n);

#endif

/* words.h - a sentence's words for the obligation finder: each word's bytes
 * in the sentence, its folded form (lower case, ё as е), and whether it is
 * a number; and whether a text holds any of a few words (words_find), told
 * without splitting it. Included by: oblig, deadline. */
#ifndef SVCBOOK_WORDS_H
#define SVCBOOK_WORDS_H

#include <stddef.h>
#include <stdint.h>

/** One word or number of a text. */
typedef struct {
	size_t start, end; /**< its bytes in the text */
	char *w;           /**< folded: lower case, ё as е, ’ as '; owned by the words */
	int num;           /**< 1 for a number ("15", "1,5"); value holds it */
	double value;
	int cap;           /**< it starts with a capital letter */
	int cyr;           /**< it starts with a Cyrillic letter */
	int deadline;      /**< part of a deadline (set by deadline_find) */
	int permit;        /**< a "до" that ends a permission ("может выехать до 12:00"),
	                        no deadline's trigger (set by oblig before deadline_find) */
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
/** words_split into t's arrays as they are (t zeroed, or split before):
 *  a reader of many sentences allocates them once. */
void words_split_again(words *t, const char *text, size_t len);
void words_free(words *t);

/** A few folded words to look for in a text with words_any: a table of
 *  their hashes, at most WORDS_SET_MASK / 2 of them. Zero it, then add. */
#define WORDS_SET_MASK 255u
typedef struct {
	uint64_t h[WORDS_SET_MASK + 1];
	size_t n;
	/* the words' first two letters, so that a word starting with two
	 * others is passed over unhashed: pairs[first] has bit second - 1
	 * (a..z 1..26, а..я 33..64); any: a word is not two such letters */
	uint64_t pairs[65];
	/* the words' first three letters hashed (words.c, triple_bit), so
	 * that words_find passes over a word whose first three are no set
	 * word's (the third 0 when it is no letter letter_index knows) */
	uint64_t triples[64];
	/* the same for the first four letters of a word with three known
	 * ones (quad_bit): "дольше", "всех", "записывает" pass the triples
	 * of "должен", "всегда", "запрещено" but not these, unhashed */
	uint64_t quads[64];
	/* pairs again, by the four bytes of two Cyrillic letters (words.c,
	 * cyr_key): words_find's test of most words, without cyr_index */
	uint64_t cyr_pairs[256];
	/* the first four letters of the words, every spelling of them
	 * (case, ё) when all four are of U+0400..U+047F, hashed from their
	 * eight bytes (words.c, cyr4_bit): words_find's test of a word
	 * starting with four such letters, from one load */
	uint64_t cyr4[1024];
	/* a word of two or three letters, all of U+0400..U+047F: without
	 * one, such a short word is none of the set's */
	int cyr_short;
	int any;
} words_set;

/** Adds a word, folded as words_split folds (lower case, ё as е). */
void words_set_add(words_set *s, const char *folded);

/** 0 when no word of text[0..len), as words_split splits and folds it, is
 *  in s; 1 when one is (or, rarely, when one has the hash of one of s's
 *  words). Numbers are not looked up. Makes no word array and folds into
 *  no buffer: a sentence with none of a few words is passed over at a
 *  fraction of words_split's cost. */
int words_any(const words_set *s, const char *text, size_t len);

/** 0 when the folded word folded[0..n) (as words_split folds) is not in
 *  s, told by its first three or four letters; 1 when it may be. A look-up of a
 *  sentence's words passed over without hashing most. */
int words_set_may_hold(const words_set *s, const char *folded, size_t n);

/** Where the first word of text[0..len) that may be in s starts (as
 *  words_any tells); len when none is. */
size_t words_find(const words_set *s, const char *text, size_t len);

/** 1 when the character at s is an upper-case letter (of any script). */
int words_upper_at(const char *s);

/** The first n code points of w. Caller frees. */
char *words_prefix(const char *w, size_t n);

#endif

/* match_int.h - what the matcher's files share (match.c: the index, its
 * words, stems and keys; match_add.c: registering names; match_lookup.c:
 * looking them up; match_near.c: suggestions; match_cache.c: a caller's
 * cache of words' stems): the index's records, and how a name is taken
 * apart.
 * Included by: match, match_add, match_lookup, match_near, match_cache. */
#ifndef SVCBOOK_MATCH_INT_H
#define SVCBOOK_MATCH_INT_H

#include "match.h"
#include "strmap.h"
#include "util.h"

#include <stddef.h>
#include <utf8proc.h>

/* Names are matched on Snowball stems first (cheap, no dictionary). When
 * the stems settle nothing - no target (запись: зап, записи: запис), or two
 * of a kind (визит, виза: виз) - the lemmas decide: a Russian word the
 * Hunspell dictionary knows (dict.c) is the set of its lemmas, as "=lemma"
 * tokens (звонка: звонок or звонкий, both), two words match when their sets
 * share one, and a word the dictionary lacks keeps its stem. The dictionary
 * (about 0.1 s to load) and the names' lemma keys are made on the first
 * such look-up only: a book whose references the stems settle never loads
 * it. English stays on Snowball: en_US stems derivationally (request ->
 * quest, reply -> ply, customers -> custom) and knows no irregular forms.
 *
 * Known limits of the stemmers (the lemmas make up for them where the
 * dictionary knows the words; docs/format.md lists what is left):
 * - Russian fleeting vowels: звонок/звонка, продавец/продавца, день/дня,
 *   ребёнок/ребёнка, конец/конца (lemmas; and alt_form for -ок, -ец).
 * - Suppletive and irregular plurals: человек/люди, ребёнок/дети,
 *   person/people, child/children, man/men, analysis/analyses.
 * - Different words that share a stem do find each other: клиентка is not
 *   клиент (different stems), but заказ/заказать, escalate/escalation do.
 * - Function words are stemmed and kept: "the customer" is not "customer".
 * - Different words whose forms stem alike meet: визит and виза (both виз);
 *   the lemmas settle [[визы]] when both are names.
 * Worked around here:
 * - The Russian stemmer takes a final -ав/-яв/-ив/-ыв for a perfective
 *   gerund, so отзыв/отзывы, рукав/рукава, коллектив/коллектива, архив/архива
 *   got different stems; such words are kept whole (real gerunds are rare in
 *   names, and отзыва, отзывы, отзывов all stem to отзыв).
 * - The English stemmer keeps the s of KPIs, SLAs, FAQs ("kpis"), so an
 *   acronym of two or more capitals followed by a small s loses the s.
 * - It also takes the end of other bare nouns for a verb ending: канал ->
 *   кана, визит -> виз, приём -> при, while канала, визиты, приёма keep it.
 *   Names are written in the nominative, so a registered name's Cyrillic
 *   word that ends in a consonant is also registered under the stem of its
 *   instrumental (word + ом, the form the stemmer cuts cleanly): "Канал"
 *   answers to канал, канала (кана) and to каналы, каналу (канал); with a
 *   fleeting vowel dropped (продавец: продавцом), and for a noun in -а/-о
 *   with two consonants before it, the genitive plural with the vowel put
 *   back (письмо: писем), forms the dictionary lists as words of their own.
 *   These extra keys never appear in suggestions. */

/* Longest folded text, in code points, that suggestions compare; a bound on
 * the quadratic edit distance for hostile input. */
#define NEAR_MAX_CPS 200

/* At most this many lemmas per word. */
#define MAX_LEMMAS 4

/* One distinct word as written (NFC): its folded form and its stem. */
typedef struct {
	char *folded;
	int stem; /* index into match_index.stems */
	int alt;  /* stem of alt_form for a name word (see the top), -1 none, -2 not yet known */
	int lem[MAX_LEMMAS]; /* "=lemma" tokens, in the stems table */
	int nlem;            /* their count; 0 none (Snowball), -1 not asked yet */
} word_rec;

/* One distinct key with everything registered under it. */
typedef struct {
	char *name;              /* the first name registered under the key */
	utf8proc_int32_t *text;  /* its folded words joined by ' ', code points,
	                          * made by match_key_text when a suggestion is
	                          * first looked for (most books never ask) */
	size_t ntext;
	int *words;              /* its words' records until then, else NULL */
	int *stems;              /* stem ids of its words */
	size_t nstems;
	match_hit *hits;         /* their seq: a look-up that joins several keys
	                          * keeps the order names were registered in */
	size_t nhits, caphits;
	int hidden;              /* only an alternative key of names: no suggestion */
} key_rec;

struct match_index {
	struct sb_stemmer *ru, *en;
	match_cache *word_ids;   /* NFC word -> index into words */
	strmap long_words;       /* the same for a word word_ids cannot keep */
	word_rec *words;
	size_t nwords, capwords;
	strmap stem_ids;         /* stem -> index into stems */
	char **stems;
	size_t nstems, capstems;
	strmap key_ids;          /* key -> index into keys */
	key_rec *keys;
	size_t nkeys, capkeys;
	int nseq;                /* hits registered so far */
	struct pending_name {    /* every name added, for lemma_index */
		char *name;
		int kind, index;
	} *names;
	size_t nnames, capnames, nlemma_names;
	match_hit *joined;       /* a look-up over several keys: its hits */
	size_t capjoined;
	buf scratch;             /* add_key's key, its buffer kept between keys */
	int *key_words;          /* match_key's words, their room kept between keys */
	size_t cap_key_words;
};

/* A name taken apart: its words' record indices. */
typedef struct {
	int *words;
	size_t n, cap;
} parsed;

/* Takes name apart into p (its words' records, added to m as needed). */
void match_parse(match_index *m, const char *name, parsed *p);

/* The folded words joined by ' ' as code points, at most NEAR_MAX_CPS.
 * Returns their number; *out: caller frees. */
size_t match_text_of(const match_index *m, const parsed *p, utf8proc_int32_t **out);

/* Makes k->text from k->words, once. */
void match_key_text(match_index *m, key_rec *k);

/* The word's lemma tokens, asking the dictionary on first need; 0 when it
 * has none (then the word's Snowball stem stands for it). */
int match_lemmas(match_index *m, int word);

/* Whether two words known to the dictionary share a lemma. */
int match_same_lemma(match_index *m, int a, int b);

/* The lemma key of p (caller frees); NULL when the dictionary knows no
 * word of it (then it is the stem key). */
char *match_lemma_key_of(match_index *m, const parsed *p);

/* Registers the lemma keys of the names added since the last call. */
void match_lemma_index(match_index *m);

/* Decodes valid UTF-8 into code points; *offs gets each one's byte offset,
 * plus the end. Returns the count; the caller frees both. */
size_t match_decode(const char *s, utf8proc_int32_t **cps, size_t **offs);

/* The stem id of a folded word (nfc: as written), interned in m. */
int match_stem_word(match_index *m, const char *nfc, const char *folded);

/* The bytes of stable text as match.c next_word sorts them: B_SEP an
 * ASCII byte that is no word character and no apostrophe, B_APOS ',
 * B_ALNUM an ASCII letter or digit, B_CYR D0 or D1 (the first byte of
 * U+0400..U+047F), B_OTHER any other byte from 0x80 up. */
enum { B_SEP, B_APOS, B_ALNUM, B_CYR, B_OTHER };
extern const unsigned char match_byte_class[256];

/* The next word of the len bytes of stable text at u from *pos on (match.c
 * next_word): 1 with the word at u[*start..*pos), 0 when there is none,
 * -1 at a byte that is not stable text. */
int match_next_word(const unsigned char *u, size_t len, size_t *pos, size_t *start);

/* The record of the n-byte NFC word at w, folded and stemmed on first
 * sight (match.c word_id). */
int match_word_id(match_index *m, const char *w, size_t n);

/* A match_cache as a map from any n-byte word to an int (the index's
 * words, match.c word_id): its value, -1 when it has none; and a value
 * for a word it has not, 0 when the word is too much to keep (the
 * caller then keeps it some other way). */
int match_cache_get(match_cache *c, const char *w, size_t n);
int match_cache_put(match_cache *c, const char *w, size_t n, int val);

#endif

/* oblig.h - the obligations of a clause (FORMAT.md 8): which sentences
 * oblige, how strongly, whether they forbid, and by when; how two versions
 * of a clause's obligations compare; a fingerprint of them.
 *
 * A sentence obliges when it carries a modal word of FORMAT.md 8's table, in
 * Russian (any form: должен/должна/должно/должны, обязан..., ё read as е) or
 * English. The rest of a clause is explanation and is not kept here.
 *
 * Included by: lint (clause.obligations), dump, diff, and whoever needs a
 * clause's duties (document control, audit checklists). Never write a second
 * obligation detector: extend this one. */
#ifndef SVCBOOK_OBLIG_H
#define SVCBOOK_OBLIG_H

#include <stddef.h>
#include <stdint.h>
#include "book.h"
#include "util.h"

/** How strongly a sentence obliges: may < should < must, and must-not for
 *  a prohibition. OBLIG_NONE: the sentence does not oblige. The enum order
 *  is the order "the strongest modal of a sentence" uses. */
typedef enum {
	OBLIG_NONE,
	OBLIG_MAY,      /**< может, вправе, допускается; may, can, is allowed to */
	OBLIG_SHOULD,   /**< следует, рекомендуется, желательно; should, is recommended */
	OBLIG_MUST,     /**< должен, обязан, необходимо, требуется, всегда; must, shall, is required to, always */
	OBLIG_MUST_NOT  /**< запрещено, нельзя, не допускается, не должен, никогда; must not, shall not, may not, never */
} oblig_strength;

/** A deadline's kind: none, a readable duration of calendar time or of
 *  working time, one the parser could not read (kept as text only), a
 *  time of day ("не позднее 18:00", "by 6 pm"), or a lead time before an
 *  event ("за 2 часа до заезда", "накануне", "2 hours before check-in"),
 *  where longer is stronger. */
typedef enum {
	OBLIG_DL_NONE,
	OBLIG_DL_CALENDAR,
	OBLIG_DL_WORKING,
	OBLIG_DL_TEXT,
	OBLIG_DL_CLOCK,
	OBLIG_DL_BEFORE
} oblig_dl_kind;

/** Seconds in a working day: working time is counted in working hours,
 *  eight to a working day, five working days to a working week. */
#define OBLIG_WORKING_DAY (8L * 3600L)

/** A deadline in an obligation: "в течение 15 минут", "не позднее 2 рабочих
 *  дней", "within 2 hours", "no later than 3 days". */
typedef struct {
	oblig_dl_kind kind;
	long seconds;   /**< CALENDAR: the time allowed; WORKING: the working time allowed
	                     (a working day = OBLIG_WORKING_DAY); CLOCK: the time of day in
	                     seconds after midnight (18:00 = 64800; 24:00 = 86400); BEFORE: the
	                     calendar time before the event ("накануне" = 86400); 0 otherwise */
	char *text;     /**< the words as written, from the trigger ("в течение") on
	                     (BEFORE: to the event's first word, "за 2 часа до заезда");
	                     NULL for OBLIG_DL_NONE */
} oblig_deadline;

/** The modal words of one sentence kept for comparing, in reading order;
 *  past this many (a hostile sentence) the rest are not compared. */
#define OBLIG_MODALS_MAX 8

/** One modal word of a sentence: its strength and negation, as
 *  oblig.strength and oblig.negated say them for the strongest. */
typedef struct {
	unsigned char strength, negated;
} oblig_modal;

/** One obligation: a sentence with a modal word (or a list item under a
 *  lead-in that has one: "Оператор обязан:" then "- представиться;"). */
typedef struct {
	char *sentence;          /**< the sentence as plain text (for a list item: the lead-in, then the item) */
	oblig_strength strength; /**< the strongest modal of the sentence */
	int negated;             /**< 1 when the duty is not to do something: must-not always;
	                              "не следует", "should not" (should); "не обязан", "need not" (may) */
	oblig_deadline deadline; /**< the first deadline of the sentence */
	/* Every modal word and every deadline, in reading order, so that
	 * "must not A, must not B" -> "should not A, should not B" is weaker
	 * though its strongest word is the same (oblig_compare). */
	oblig_modal modals[OBLIG_MODALS_MAX];
	unsigned char nmodals;   /**< 0: not kept (strength and negated stand for them) */
	oblig_deadline *more;    /**< the deadlines after the first; NULL when none */
	size_t nmore;
	int line, col;           /**< where the sentence starts in its file; 0 when unknown */
	uint64_t hash;           /**< oblig_item_hash of it, made by oblig_find and oblig_clause
	                              from the words they have split anyway */
} oblig;

/** The obligations of a clause (or of a text), in reading order. */
typedef struct {
	oblig *v;
	size_t n, cap;
} oblig_list;

/** The effect of a change on a clause's obligations (FORMAT.md 8). */
typedef enum {
	OBLIG_EDITORIAL, /**< words changed, no obligation did */
	OBLIG_STRONGER,  /**< a new obligation, a raised strength, a shorter or new deadline */
	OBLIG_WEAKER,    /**< the reverse, or an obligation removed */
	OBLIG_MIXED      /**< some of both */
} oblig_effect;

/** What oblig_compare paired: an old obligation and a new one (either index
 *  -1 when it has no counterpart) and the effect of that pair alone. */
typedef struct {
	int old, new;
	oblig_effect effect;
} oblig_pair;

/** Appends the obligations of text (plain text: one paragraph, list item or
 *  table cell) to out. Sentences end at . ! ? or … followed by a space and a
 *  capital letter, a digit or an opening quote, and at the end of the text.
 *  line and col of each obligation are 0: the caller maps them (see
 *  oblig_clause). Returns the number appended. */
size_t oblig_find(const char *text, oblig_list *out);

/** Appends the obligations of clause c's own body (not its sub-clauses) to
 *  out, with the line and column in the source where each sentence starts.
 *  Code blocks and HTML are not read. A paragraph ending in ':' whose modal
 *  word leads into a list gives one obligation per item, with the item's
 *  own deadline. Returns the number appended. */
size_t oblig_clause(const book *b, int c, oblig_list *out);

/** The arrays oblig_clause reads a clause with, kept for the next: a
 *  reader of many clauses (the table) makes one per thread. */
typedef struct oblig_reader oblig_reader;
oblig_reader *oblig_reader_new(void);
void oblig_reader_free(oblig_reader *r);
/** oblig_clause with r's arrays. */
size_t oblig_clause_with(const book *b, int c, oblig_list *out, oblig_reader *r);

/** The strength and negation of a sentence, and its deadline (when it has a
 *  modal word): what oblig_find records for it. Returns the strength;
 *  *negated and *dl (which the caller frees with oblig_deadline_free) are
 *  set even for OBLIG_NONE (then 0 and OBLIG_DL_NONE). */
oblig_strength oblig_sentence(const char *sentence, size_t len, int *negated, oblig_deadline *dl);

/** Whether oblig_find, oblig_clause and oblig_sentence first look for a
 *  modal word (1, the default), which tells the sentences with none at a
 *  fraction of the cost of reading each word; 0 reads every sentence in
 *  full. The answers are the same: tests/unit/test_oblig sets it to check
 *  that. Not to be changed while another thread finds obligations. */
void oblig_set_first_look(int on);

/** How two deadlines compare: -1 when a is shorter (stronger), 1 when
 *  longer, 0 when the same or when neither says anything readable (both
 *  missing, or either kept as text only), 2 when they cannot be ordered
 *  (calendar and working time overlapping: N working days last between N
 *  and 7N/5 + 3 calendar days; a time of day or a lead time against
 *  anything of another kind). Two times of day: the earlier is shorter.
 *  Two lead times before an event: the longer is the stronger (-1: "за 2
 *  часа до" against "за 1 час до"). A readable deadline against none: the
 *  one with the deadline is shorter. */
int oblig_deadline_cmp(const oblig_deadline *a, const oblig_deadline *b);

/** Compares the obligations of one clause in an old and a new version.
 *  Obligations are paired by the words they share beyond their modal words
 *  and deadlines; a last unpaired one on each side is paired with the other.
 *  A clause of more than 250 000 old x new obligations (only a hostile one)
 *  is paired by position instead, so the time stays near linear.
 *  A pair is stronger or weaker by strength (may < should < must, likewise
 *  for the negated ones) and by deadline, each modal word and each
 *  deadline of the sentence in turn: the same number on both sides are
 *  compared in order; otherwise the ones alike are matched (the latest
 *  first), those between paired in order, and one left over counts
 *  (removed: weaker, added: stronger) only when the other side has none
 *  like it ("must A and must B" -> "must A and B" is a rewording). A duty
 *  turned into its opposite (must -> must-not) is mixed. An unpaired new obligation is stronger, an
 *  unpaired old one weaker. The clause's effect: mixed when some pairs are
 *  stronger and some weaker, else the one there is, else editorial. When
 *  pairs is not NULL, *pairs gets every pair (caller frees) and *npairs
 *  their count. */
oblig_effect oblig_compare(const oblig_list *old, const oblig_list *new,
			   oblig_pair **pairs, size_t *npairs);

/** A fingerprint of the obligations: 16 lowercase hex digits of a 64-bit
 *  hash of the multiset of obligations, each hashed (FNV-1a, then mixed)
 *  over its strength, negation, readable deadline and folded words (case,
 *  ё/е, punctuation and spacing do not count) and the hashes added up, so
 *  the order of obligations does not count either and a role's fingerprint
 *  can be summed from its clauses' without sorting. Text that obliges
 *  nothing does not change it; any change of an obligation's words does.
 *  Not a cryptographic hash. Writes 17 bytes to out. */
void oblig_fingerprint(const oblig_list *l, char out[17]);

/** One obligation's part of a fingerprint. */
uint64_t oblig_item_hash(const oblig *o);

/** The fingerprint of n obligations whose oblig_item_hash values add up
 *  (mod 2^64) to sum. */
void oblig_fingerprint_finish(uint64_t sum, size_t n, char out[17]);

/** "may", "should", "must", "must-not" ("none" for OBLIG_NONE). */
const char *oblig_strength_name(oblig_strength s);
/** "editorial", "stronger", "weaker", "mixed". */
const char *oblig_effect_name(oblig_effect e);
/** The effect in the book's language, the one wording of every output
 *  (the diff, its comment, reread, the revision history; the HTML's
 *  templates/words.lua says the same): "требования строже" /
 *  "stronger duties"... */
const char *oblig_effect_words(oblig_effect e, book_lang lang);

/** The obligation in words, in the book's language, for a reader of a diff:
 *  "обязательно, срок: 15 мин" / "must not" / "should, within 2 working
 *  days". Appended to o. */
void oblig_describe(const oblig *ob, book_lang lang, buf *o);

void oblig_deadline_free(oblig_deadline *dl);
/** Frees every obligation of l and its array; l is left empty. */
void oblig_list_free(oblig_list *l);

#endif

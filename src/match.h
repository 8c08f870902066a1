/* match.h - names in any grammatical form: each name is normalised (Unicode
 * NFC, case folding, ё->е), split into words, and each word stemmed with the
 * Snowball stemmer of its script (Cyrillic: Russian, Latin: English). The
 * stems joined by one space are the name's key; look-up is a hash look-up on
 * that key, never a scan. When the stems settle nothing (no target, or two:
 * визит and виза both stem to виз; запись and записи do not meet), the
 * lemmas decide: each Russian word the Hunspell dictionary knows stands for
 * the set of its lemmas ("=запись"), and words match when their sets share
 * one. Stems and lemmas are cached per distinct word.
 * Included by: reader, xref, lint, html (search index). */
#ifndef SVCBOOK_MATCH_H
#define SVCBOOK_MATCH_H

#include <stddef.h>
#include <stdint.h>

typedef struct match_index match_index;

/* A registered name points at one target: kind is the caller's own small
 * integer (book.h book_target_kind), index is the caller's index. */
typedef struct {
	int kind;
	int index;
	int seq; /* the matcher's own: when it was registered */
} match_hit;

match_index *match_new(void);
void match_free(match_index *m);

/* The key of a name: normalised, stemmed words joined by ' '. Words are runs
 * of letters and digits (Unicode categories L* and N*, with any combining
 * mark M* that follows, and an apostrophe between two letters, as in
 * "customer's"); everything else separates words, hyphens included
 * ("мистери-шопинг" is two words). Invalid UTF-8 bytes separate words.
 * Caller frees. Returns "" for a name with no word. */
char *match_key(match_index *m, const char *name);

/* The stems of text's words, in order, as ids into the index's stem table
 * (the words of match_key, without joining them): *ids is caller-freed.
 * Returns the count. For the search index, which dedupes by id. */
size_t match_stems(match_index *m, const char *text, int **ids);
/* The stem of an id from match_stems, and how many stems there are (every
 * id is below it). */
const char *match_stem(const match_index *m, int id);
size_t match_nstems(const match_index *m);

/* match_stems for a caller that reads text after text with one index (the
 * search index, every clause of the book): the same stems, into (*ids)[0..)
 * grown with xgrow (*cap its room; kept from call to call), through c, its
 * own cache from a word's bytes to its stem, so that a word seen before is
 * one hash look-up. text is len bytes with a NUL at text[len] and none
 * before. A cache serves one index and one thread (the index is written
 * as by match_stems, on a word it has not seen). Returns the count. */
typedef struct match_cache match_cache;
match_cache *match_cache_new(void);
void match_cache_free(match_cache *c);
size_t match_stems_cached(match_index *m, match_cache *c, const char *text, size_t len, int **ids,
                          size_t *cap);

/* The words of the len bytes at s as the matcher splits text that is its
 * own NFC: up to max of them as byte offsets [spans[2i], spans[2i+1]).
 * Returns how many there are, or (size_t)-1 when s is not such text (then
 * the matcher normalises it first). For tests/unit/test_match.c. */
size_t match_stable_words(const char *s, size_t len, size_t *spans, size_t max);

/* Whether NFC (with default-ignorables dropped) leaves code point c as it is
 * in any text made of such code points: then the matcher skips utf8proc_map.
 * Exposed so that tests/unit/test_match.c checks the claim against utf8proc. */
int match_nfc_stable(int32_t c);
/* Whether the matcher folds c (in a word) as utf8proc_tolower does, without
 * utf8proc_map: ASCII and U+0400..U+045F. Checked the same way. */
int match_fold_simple(int32_t c);
/* How it folds such a c: utf8proc_tolower's answer, worked out in line.
 * Exposed for the same check. */
int32_t match_lower_simple(int32_t c);

/* The normalised (NFC + casefold + ё->е) form of a single string, without
 * stemming; for sorting and search. Default-ignorable characters (soft
 * hyphen, zero-width space) and stress marks (U+0300/U+0301 after a Cyrillic
 * letter) are dropped; invalid UTF-8 bytes become U+FFFD. Caller frees. */
char *match_fold(const char *s);

/* Registers name (and so its key) as naming target (kind, index). Add all
 * names of one target in a row: then the same (kind, index) under one key
 * is stored once (only the key's last hit is compared). A name with no
 * word (key "") is not registered. */
void match_add(match_index *m, const char *name, int kind, int index);

/* All targets name finds (see match_resolve), in the order they were
 * added. Returns the count; *hits points into the index (valid until the
 * next match_add or look-up). */
size_t match_lookup(match_index *m, const char *name, const match_hit **hits);
/* The targets of a stem key match_key made, of any index (a key is the
 * same string whichever index made it: no state but the stemmers); the
 * stems alone. */
size_t match_lookup_key(const match_index *m, const char *key, const match_hit **hits);
/* A [[name]]'s look-up: its stem key (from match_key, of any index) first;
 * when the stems settle nothing (no target, or two of the kind found
 * first), name's lemmas decide, if they find anything (the first such
 * look-up loads the Russian dictionary and registers every name's lemmas).
 * *hits as match_lookup's. */
size_t match_resolve(match_index *m, const char *key, const char *name, const match_hit **hits);
/* 1 when names a and b find each other: as many words, each pair sharing a
 * lemma (or a stem, for a word the dictionary lacks). For names whose keys
 * are equal, to tell homographs apart (визит, виза); may load the
 * dictionary. */
int match_same(match_index *m, const char *a, const char *b);

/* Up to max registered names nearest to name, best first: names sharing a
 * stem first, then by edit distance over the folded text (cp_edit_distance:
 * in code points, a swapped pair one edit), ties broken by the name's
 * bytes; only names within distance max(2, len/3) or sharing a stem. len is the query's length; function
 * words and stems under 3 code points do not count as shared. Each key is
 * offered once, under the first name registered for it. out[i] points into
 * the index. */
size_t match_nearest(match_index *m, const char *name, const char **out, size_t max);

#endif

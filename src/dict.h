/* dict.h - the Hunspell dictionaries (Debian hunspell-ru, hunspell-en-us):
 * lemmas of Russian words for the matcher, spelling and suggestions. Each
 * language's dictionary is loaded once, on first use, and shared by all
 * threads (calls are serialised: Hunspell handles are not thread-safe).
 * Loading ru_RU costs about 0.1 s, so nothing loads it before a word
 * needs it, and the spelling scan asks a narrowed one (dict_narrow).
 * Without the dictionary files every call answers "unknown".
 * Included by: match, lint, lintcmd, reader. */
#ifndef SVCBOOK_DICT_H
#define SVCBOOK_DICT_H

#include <stddef.h>

/* DICT_EN: en_US (language = "en" or "en-US"); DICT_EN_GB: en_GB (hunspell-en-gb) */
typedef enum { DICT_RU, DICT_EN, DICT_EN_GB, DICT_NLANG } dict_lang;

struct book;

/* The dictionary of a book's language (book.lua `language`). */
dict_lang dict_of_book(const struct book *b);

/* The lemmas (dictionary forms) of a word as Hunspell reads it, each
 * lower-cased with ё as е and marked with a leading '=' (the matcher's
 * token: never a Snowball stem), sorted, without repeats, at most max; 0
 * when the dictionary does not know the word. word is UTF-8, lower case.
 * out[i] stay valid until the process ends. */
size_t dict_lemmas(dict_lang l, const char *word, const char **out, size_t max);

/* 1 when the dictionary (or a word added to it) spells word so; -1 when
 * there is no dictionary for l. */
int dict_spell(dict_lang l, const char *word);

/* Up to max suggestions for a misspelled word, best first; caller frees. */
size_t dict_suggest(dict_lang l, const char *word, char **out, size_t max);

/* Adds a word of a book (dictionary.txt). With model (a word the
 * dictionary knows), the word takes model's endings, so its forms are
 * known and lemmatised too; without, only the word as written is. */
void dict_add(dict_lang l, const char *word, const char *model);

/* A book's dictionary.txt: one word a line, optionally followed by a word
 * the dictionary knows that it inflects like ("чекаут клиент"); '#' starts
 * a comment. Each word goes to the dictionary of its script (Cyrillic:
 * Russian, else English). Words that are not one word are skipped; the
 * count of words added is returned, the first bad line in *bad_line (0 when
 * none). */
size_t dict_add_text(const char *text, size_t len, int *bad_line);

/* Starts loading l's dictionary on a thread of its own and returns: for
 * a caller sure to need it soon (lint's spelling rule), so that the load
 * (0.1-0.3 s for ru_RU) runs beside other work. A call that needs the
 * dictionary meanwhile waits for it; words added before are added to it
 * as always. Without a thread, nothing is done here. */
void dict_load_beside(dict_lang l);

/* Narrows l's dictionary to words (a spelling scan's, each once): from
 * then on dict_spell answers for them, and for their parts between
 * hyphens, from a dictionary of the stems that can make them (dictsub.h),
 * loaded here in a tenth of the whole one's time, with the same answers.
 * Any other word, a suggestion or a lemma loads the whole dictionary as
 * always. Does nothing once the whole one is loaded, when a narrowed one
 * is there, or when the dictionary's rules are more than dictsub.c reasons
 * about; a word added later (dict_add) drops the narrowed one. */
void dict_narrow(dict_lang l, const char *const *words, size_t n);

/* The folder of the .aff/.dic files: SVCBOOK_HUNSPELL_DIR, else
 * /usr/share/hunspell. */
const char *dict_dir(void);

#endif

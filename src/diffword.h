/* diffword.h - the words svcbook diff's text and comment and the revision
 * history use for a change, one table: in Russian the kind agrees with what
 * changed («добавлен пункт», «удалена роль», «изменены роли раздела»), as
 * the history page's words (templates/words.lua) do; in English the
 * JSON's words. Included by: difftext, diffmd, docbook. */
#ifndef SVCBOOK_DIFFWORD_H
#define SVCBOOK_DIFFWORD_H

#include "diff.h"

/* What a change is about, as its words name it: a clause, a journey
 * stage (a clause that defines one), a term, a role, a stage's owner, an
 * appearance section's roles. */
typedef enum { DWN_CLAUSE, DWN_STAGE, DWN_TERM, DWN_ROLE, DWN_OWNER, DWN_SECTION_ROLES, DWN_COUNT } diffword_noun;

/* The noun of change ch of r. */
diffword_noun diffword_noun_of(const diff_result *r, const diff_change *ch);

/* The noun's word: "пункт", "этап", "термин", "роль", "ответственный",
 * "роли раздела"; "clause", "stage", ... */
const char *diffword_noun_word(diffword_noun n, book_lang lang);

/* The kind's word agreeing with the noun: "добавлен" (пункт), "удалена"
 * (роль), "изменены" (роли раздела); an owner's change is "изменён" (a
 * stage's owner is not moved); English "added", "changed" ... */
const char *diffword_kind(diff_kind k, diffword_noun n, book_lang lang);

/* A clause that left a role's book, and before its old number:
 * "больше не для этой роли", "был"; "no longer for this role", "was"
 * (reread's words). */
const char *diffword_left(book_lang lang);
const char *diffword_was(book_lang lang);

/* The widest of every kind's and noun's words, in characters: the text
 * format's columns. */
size_t diffword_kind_width(book_lang lang);
size_t diffword_noun_width(book_lang lang);

#endif

/* deadline.h - reads the deadline of an obligation from its words:
 * "в течение 15 минут", "не позднее 2 рабочих дней", "within 2 hours",
 * "no later than 3 days". Included by: oblig. */
#ifndef SVCBOOK_DEADLINE_H
#define SVCBOOK_DEADLINE_H

#include "oblig.h"
#include "words.h"

/** The first deadline in t (the words of text): a trigger ("в течение",
 *  "в пределах", "не позднее", "не позже", "не дольше", "within", "no later
 *  than", "not later than") then an amount (digits, "1,5", a number in
 *  words, a range "1-2" read as its upper end, or none: "в течение часа")
 *  then optionally "рабочих"/"календарных", "business"/"working"/"calendar",
 *  then a unit (seconds to years; сутки). "не позднее следующего рабочего
 *  дня" and "no later than the next business day" are one (working) day.
 *  A lead time before an event is an OBLIG_DL_BEFORE deadline (longer is
 *  stronger): "за" + a duration + "до" ("за 2 часа до заезда"), after
 *  "не позднее", "не менее" (чем), "минимум" with or without "за"; a
 *  duration + "before"/"prior to", after "at least", "no later than" or
 *  alone ("30 minutes before the shift"); "накануне", "the day before":
 *  one day. Its words (marked) end at "до"/"before"; its text goes on to
 *  the event's first word. In working days it is kept as text.
 *  A trigger followed by anything else gives an OBLIG_DL_TEXT deadline: the
 *  words up to the next punctuation. text is len bytes, not NUL-terminated. The deadline's words are marked in t.
 *  *dl is left OBLIG_DL_NONE when there is no trigger. */
void deadline_find(words *t, const char *text, size_t len, oblig_deadline *dl);

/** Every deadline in t, in reading order: the first in *first (as
 *  deadline_find), the others in *more (malloc'd, NULL when none; the
 *  caller frees each and the array). Returns how many are in *more. A
 *  sentence may set two: "acknowledge within 1 working day and answer
 *  within 5 working days". */
size_t deadline_find_all(words *t, const char *text, size_t len, oblig_deadline *first, oblig_deadline **more);

#endif

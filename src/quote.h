/* quote.h - the quotations of a text: "...", “...”, «...», „...“. Quoted
 * words are what someone says, not what anyone owes (`Say: "How can I
 * help?"` obliges nothing), so the obligation finder passes over them.
 * A straight quote opens only after a space or punctuation (3.5" is an
 * inch); a quote never closed (an inch mark, a typo) is no quote; the
 * same guillemet or curly quote nested inside is counted. Included by:
 * oblig. */
#ifndef SVCBOOK_QUOTE_H
#define SVCBOOK_QUOTE_H

#include <stddef.h>

/** One quotation: bytes [a, e) of the text, its marks included. */
typedef struct {
	size_t a, e;
} quote_span;

/** A text's quotations in order; made: quotes_find has filled it. */
typedef struct {
	quote_span *v;
	size_t n, cap;
	int made;
} quotes;

/** Where the first mark that may open a quotation (as quotes_find reads
 *  them, closed or not) lies in text[from..to) (to <= len); to when none
 *  does. A quotation can hold no byte before its opening mark. */
size_t quotes_opener(const char *text, size_t len, size_t from, size_t to);
/** Finds the quotations of text[0..len) into q (emptied first). */
void quotes_find(const char *text, size_t len, quotes *q);

/** Whether byte off lies in a quotation of q. *k (0 at first) keeps
 *  where the last answer was found: ask in increasing off. */
int quotes_holds(const quotes *q, size_t off, size_t *k);

void quotes_free(quotes *q);

#endif

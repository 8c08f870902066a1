/* askclause.h - whether a modal word sits in an indirect question:
 * "спросите, чем можете помочь", "ask how you can help" ask what the
 * customer needs; they do not grant or impose anything. Included by: oblig. */
#ifndef SVCBOOK_ASKCLAUSE_H
#define SVCBOOK_ASKCLAUSE_H

#include "words.h"

/** 1 when word i of t (the words of text) is in the clause of an indirect
 *  question. Russian: after "спросите", "уточните", "узнайте" (and their
 *  infinitives), at most two words ("гостя", "у гостя") and a comma, the
 *  clause starting with a question word ("чем", "что", "как"...) or with
 *  its second word "ли" ("может ли"). English: after "ask" (asks, asked,
 *  asking), at most two words ("the guest") and a question word ("how",
 *  "what", "whether"...). Either way up to the word i with no comma,
 *  colon, semicolon, dash or bracket between. */
int askclause_holds(const words *t, const char *text, size_t i);

#endif

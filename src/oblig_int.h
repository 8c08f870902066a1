/* oblig_int.h - what oblig.c shares with obligcmp.c only.
 * Included by: oblig, obligcmp. */
#ifndef SVCBOOK_OBLIG_INT_H
#define SVCBOOK_OBLIG_INT_H

/* Whether w says what is done rather than how strongly: not a modal word,
 * a negation, always/never, a form of "be" or "to". */
int oblig_wording_word(const char *w);

#endif

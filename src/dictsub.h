/* dictsub.h - a Hunspell dictionary narrowed to one book's words. Hunspell
 * spends nearly all of a load (ru_RU: 355 M instructions, ~0.1 s) putting
 * the .dic's 146 000 stems in its tables, while a book's spelling scan
 * asks about a few thousand distinct words; the stems that can make
 * those words are a few thousand too. Hunspell loads them from a smaller
 * .dic and answers for those words as it would with the whole one.
 * Included by: dict. */
#ifndef SVCBOOK_DICTSUB_H
#define SVCBOOK_DICTSUB_H

#include <stddef.h>

/* Makes a .dic in memory holding the lines of dic_path that can make any
 * of words (with aff_path's suffixes, in any case Hunspell tries, whole
 * or split at a hyphen), and returns a path Hunspell can open it by, valid
 * until dictsub_free. NULL when aff_path uses more of Hunspell than this reasons
 * about (anything but SET UTF-8, TRY and SFX rules of one-byte flags
 * without continuation classes: no PFX, compounding, conversion), when
 * a .dic line holds a space, tab, escape or CR, or on any error: then the
 * whole dictionary is to be loaded. */
char *dictsub_write(const char *aff_path, const char *dic_path, const char *const *words, size_t n);
/* Lets the narrowed .dic go (once Hunspell has loaded it); NULL is fine. */
void dictsub_free(char *path);

/* The end of the .dic line at d (its '\n', else end; end readable) and in
 * *slash its first '/', else NULL. dictsub_line_end: SSE2 where it is;
 * dictsub_line_end_plain with memchr. Exposed for tests/unit/test_dictsub. */
const char *dictsub_line_end(const char *d, const char *end, const char **slash);
const char *dictsub_line_end_plain(const char *d, const char *end, const char **slash);

#endif

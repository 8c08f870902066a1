/* parse.h - Markdown to a cmark-gfm tree, on two threads at once.
 *
 * cmark-gfm's inline parser looks characters up in a process-wide table,
 * which cmark_parser_finish fills with the extensions' characters ('~' for
 * strikethrough, ':' and 'w' for autolinks) and empties again when it is
 * done (cmark_manage_extensions_special_characters): two finishes at once
 * would take those characters from each other. Between parse_begin and
 * parse_end the table holds them throughout, so parses may overlap; where
 * that cannot be arranged (see parse.c), finishes take turns.
 * Included by: reader (which parse.c does not include: no circle). */
#ifndef SVCBOOK_PARSE_H
#define SVCBOOK_PARSE_H

#include <cmark-gfm.h>
#include <stddef.h>

/* The cmark-gfm extensions a book's Markdown is parsed with (table,
 * strikethrough, autolink), for renderers that need the list. Made once:
 * call it before a second thread might. */
cmark_llist *parse_extensions(void);

/* Called on one thread before parses that may overlap, and after them. */
void parse_begin(void);
void parse_end(void);

/* 1 between parse_begin and parse_end when the table is held, 0 when
 * finishes take turns. */
int parse_table_held(void);

/* Parses text (valid: known to be UTF-8 without NUL) with the book's
 * extensions, in the calling thread's arena (arena.h). */
cmark_node *parse_markdown(const char *text, size_t len, int valid);

#endif

/* luamsg.h - Lua's own syntax error messages in the book's language: the
 * patterns Lua 5.4's parser and lexer (lparser.c, llex.c) write, such as
 * "'}' expected (to close '{' at line 3) near 'x'", through the catalogue,
 * and the column of the token they name. Included by: config. */
#ifndef SVCBOOK_LUAMSG_H
#define SVCBOOK_LUAMSG_H

#include <stddef.h>

/* The message of a Lua syntax error, the part after "CHUNK:LINE: " (len
 * bytes of msg), in the language of the messages (i18n.h) when Lua wrote
 * it from a known pattern; else as it is. Caller frees. */
char *luamsg_syntax(const char *msg, size_t len);

/* The column (in characters, from 1) on line (from 1) of src where the
 * token the message names ("near 'x'") starts: the first place on that
 * line it is written, or just after the line's end for "near <eof>"; 0
 * when the message names none or the line does not hold it. */
int luamsg_column(const char *msg, size_t len, const char *src, size_t srclen, int line);

#endif

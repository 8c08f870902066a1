/* luamsg.h - Lua's own error messages in the book's language: the
 * patterns Lua 5.4's parser and lexer (lparser.c, llex.c) write, such as
 * "'}' expected (to close '{' at line 3) near 'x'", and those of a run
 * (ldebug.c, lvm.c, lauxlib.c and the sandbox's limits), such as "attempt
 * to call a nil value (global 'x')", through the catalogue, and the column
 * of the token or the name they point at. Included by: config. */
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

/* The message of a Lua runtime error, the part after "CHUNK:LINE: " (len
 * bytes of msg), or of the sandbox's limits ("time limit exceeded (5 s)"),
 * in the language of the messages when it is one of the known patterns;
 * else as it is. Caller frees. */
char *luamsg_runtime(const char *msg, size_t len);

/* The column (in characters, from 1) on line (from 1) of src of the name
 * a runtime message ends with ("(global 'x')"): the first place on that
 * line it is written as a name, outside strings and comments; 0 when the
 * message names none or the line does not hold it. */
int luamsg_runtime_column(const char *msg, size_t len, const char *src, size_t srclen, int line);

#endif

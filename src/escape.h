/* escape.h - the one escaper of each kind for the text svcbook writes into
 * HTML, addresses and JSON: every module that writes such text uses these,
 * so a fix to one reaches every output. Each appends to a buf (util.h).
 * Included by: html_*, htmlw, roleindex, serve, report. */
#ifndef SVCBOOK_ESCAPE_H
#define SVCBOOK_ESCAPE_H

#include "util.h"

#include <stddef.h>

/** The entity HTML needs for c (one of & < > " '), else NULL. */
const char *esc_html_entity(char c);

/** How many of the n bytes at s (s[n] a NUL) come before the first that
 *  esc_html_n turns into an entity; n when there is none. */
size_t esc_html_plain(const char *s, size_t n);

/** Appends the n bytes at s with & < > " ' as entities: safe in HTML
 *  text and in any quoted attribute value. A NUL among them is kept;
 *  s[n] must be a NUL (a C or a Lua string). */
void esc_html_n(buf *o, const char *s, size_t n);

/** The same for the C string s; NULL appends nothing. */
void esc_html(buf *o, const char *s);

/** Appends s with & < > " as entities, the apostrophe as it is: for text
 *  and double-quoted values only (the audit pages and the role books'
 *  index, whose bytes predate esc_html). NULL appends nothing. */
void esc_html_dq(buf *o, const char *s);

/* What an address part may hold as it is, beside ASCII letters and digits. */
#define ESC_URL_PART "-._~!$&()*+,;=:@"       /* a page name or an id (RFC 3986 pchar) */
#define ESC_URL_BASE "-._~!#$%&()*+,/:;=?@[]" /* an author's base address: only what may not stand is encoded */
#define ESC_URL_PATH "-._~/!$&'()*+,;=@"      /* a file path in a file: or SARIF URI */
#define ESC_URL_STRICT "-._~/"                /* a path of unreserved characters only (EPUB, docs) */

enum {
	ESC_URL_UTF8 = 1 /* bytes of UTF-8 sequences stay as they are (HTML allows them) */
};

/** Appends s with every byte that is not an ASCII letter or digit, not in
 *  keep (one of ESC_URL_*) and, with ESC_URL_UTF8 in flags, not >= 0x80,
 *  percent-encoded as %XX (upper-case hex). */
void esc_url(buf *o, const char *s, const char *keep, int flags);

enum {
	ESC_JSON_SHORT = 1, /* \n \r \t as such (else as \u000a ...) */
	ESC_JSON_CLEAN = 2  /* DEL and C1 controls escaped, invalid UTF-8 as \ufffd */
};

/** Appends the n bytes at s escaped for a JSON string (and for a script
 *  element): " and \ backslashed, control characters and U+2028/2029 as
 *  \uXXXX; flags as above. No quotes around it. */
void esc_json_n(buf *o, const char *s, size_t n, int flags);

/** The same for the C string s (NULL is ""), with its quotes. */
void esc_json(buf *o, const char *s, int flags);

#endif

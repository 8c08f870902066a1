/* luamsg.c - Lua's syntax error messages in the book's language (luamsg.h). */
#include "luamsg.h"
#include "i18n.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lua 5.4's messages with nothing of the source in them (lparser.c,
 * llex.c, lcode.c); the ones with a token or a line number are below. */
static const char *const fixed[] = {
	N_("unexpected symbol"),
	N_("syntax error"),
	N_("unfinished string"),
	N_("malformed number"),
	N_("function arguments expected"),
	N_("<name> or '...' expected"),
	N_("'=' or 'in' expected"),
	N_("invalid escape sequence"),
	N_("hexadecimal digit expected"),
	N_("missing '{'"),
	N_("missing '}'"),
	N_("missing '{' in \\u{xxxx}"),
	N_("missing '}' in \\u{xxxx}"),
	N_("UTF-8 value too large"),
	N_("decimal escape too large"),
	N_("invalid long string delimiter"),
	N_("lexical element too long"),
	N_("chunk has too many lines"),
	N_("cannot use '...' outside a vararg function"),
	N_("control structure too long"),
};

/* The tokens luaX_token2str writes without quotes: the kinds of token. */
static const char *const kinds[] = {N_("<eof>"), N_("<name>"), N_("<string>"), N_("<number>"), N_("<integer>")};

/* A token as Lua names it ('=', <eof>): a kind of token translated, a
 * quoted one as it is. */
static const char *token(const char *t, size_t n)
{
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (strlen(kinds[i]) == n && memcmp(kinds[i], t, n) == 0)
			return _(kinds[i]);
	return NULL;
}

/* Whether t (n bytes) is a token as Lua names one: quoted, or a kind. */
static int is_token(const char *t, size_t n)
{
	return (n >= 3 && t[0] == '\'' && t[n - 1] == '\'') || token(t, n);
}

/* A token of the message: quoted ('x', as Lua quotes it), or a kind. */
static char *token_text(const char *t, size_t n)
{
	const char *k = token(t, n);
	return k ? xstrdup(k) : xstrndup(t, n);
}

/* "X expected", "X expected (to close Y at line N)": the message of
 * lparser.c error_expected and check_match; NULL for another. */
static char *expected(const char *core, size_t n)
{
	static const char tail[] = " expected", close[] = " expected (to close ";
	const char *e = NULL;
	for (const char *p = core; (p = strstr(p, " expected")) != NULL && p < core + n; p++)
		e = p; /* the last: a quoted token may hold the words */
	if (!e || !is_token(core, (size_t)(e - core)))
		return NULL;
	char *what = token_text(core, (size_t)(e - core));
	char *out = NULL;
	if ((size_t)(e - core) + sizeof tail - 1 == n) {
		out = xasprintf(_("%s expected"), what);
	} else if (strncmp(e, close, sizeof close - 1) == 0) {
		const char *who = e + sizeof close - 1;
		const char *at = strstr(who, " at line ");
		int line;
		char end;
		if (at && at < core + n && is_token(who, (size_t)(at - who)) &&
		    sscanf(at, " at line %d%c", &line, &end) == 2 && end == ')') {
			char *w = token_text(who, (size_t)(at - who));
			out = xasprintf(_("%s expected (to close %s at line %d)"), what, w, line);
			free(w);
		}
	}
	free(what);
	return out;
}

/* The message without " near TOKEN", translated; NULL when it is none of
 * Lua's known ones. */
static char *core_text(const char *core, size_t n)
{
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		if (strlen(fixed[i]) == n && memcmp(fixed[i], core, n) == 0)
			return xstrdup(_(fixed[i]));
	int line;
	char c[2];
	char *s = xstrndup(core, n);
	char *out = NULL;
	if (sscanf(s, "unfinished long string (starting at line %d%1[)]", &line, c) == 2)
		out = xasprintf(_("unfinished long string (starting at line %d)"), line);
	else if (sscanf(s, "unfinished long comment (starting at line %d%1[)]", &line, c) == 2)
		out = xasprintf(_("unfinished long comment (starting at line %d)"), line);
	else
		out = expected(s, n);
	free(s);
	return out;
}

/* Where " near " starts in msg (lexerror's "%s near %s"): the first, as
 * no known message holds the words but the token may. NULL without. */
static const char *near_of(const char *msg, size_t len)
{
	const char *p = strstr(msg, " near ");
	return p && p < msg + len ? p : NULL;
}

char *luamsg_syntax(const char *msg, size_t len)
{
	char *m = xstrndup(msg, len);
	const char *near = near_of(m, len);
	size_t n = near ? (size_t)(near - m) : len;
	char *core = core_text(m, n);
	if (!core)
		return m;
	char *out;
	if (!near)
		out = core;
	else if (strcmp(near + 6, "<eof>") == 0)
		out = xasprintf(_("%s near <eof>"), core);
	else
		out = xasprintf(_("%s near %s"), core, near + 6);
	if (out != core)
		free(core);
	free(m);
	return out;
}

int luamsg_column(const char *msg, size_t len, const char *src, size_t srclen, int line)
{
	char *m = xstrndup(msg, len);
	const char *near = near_of(m, len);
	const char *ls = src, *end = src + srclen;
	for (int l = 1; l < line && ls < end; l++) {
		const char *nl = memchr(ls, '\n', (size_t)(end - ls));
		ls = nl ? nl + 1 : end;
	}
	const char *le = memchr(ls, '\n', (size_t)(end - ls));
	if (!le)
		le = end;
	if (le > ls && le[-1] == '\r')
		le--;
	int col = 0;
	const char *tok = near ? near + 6 : NULL;
	size_t tn = tok ? strlen(tok) : 0;
	if (line < 1) {
		col = 0;
	} else if (tok && strcmp(tok, "<eof>") == 0) {
		/* the line after the last line end, when the file ends with one */
		col = ls >= end ? 1 : (int)utf8_chars(ls, (size_t)(le - ls)) + 1;
	} else if (ls < end && tn > 2 && tok[0] == '\'' && tok[tn - 1] == '\'') {
		/* txtToken quotes the token as written; the last place on the
		 * line: Lua stopped at it, after any like it it had read
		 * ("title = = x") */
		for (const char *p = le - (tn - 2); p >= ls; p--)
			if (memcmp(p, tok + 1, tn - 2) == 0) {
				col = (int)utf8_chars(ls, (size_t)(p - ls)) + 1;
				break;
			}
	}
	free(m);
	return col;
}

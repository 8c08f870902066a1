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

/* Line number line (from 1) of src: its start, *end where it ends (its
 * newline or the end of src). */
static const char *line_of(const char *src, size_t srclen, int line, const char **end_out)
{
	const char *ls = src, *end = src + srclen;
	for (int l = 1; l < line && ls < end; l++) {
		const char *nl = memchr(ls, '\n', (size_t)(end - ls));
		ls = nl ? nl + 1 : end;
	}
	const char *le = memchr(ls, '\n', (size_t)(end - ls));
	*end_out = le ? le : end;
	return ls;
}

int luamsg_column(const char *msg, size_t len, const char *src, size_t srclen, int line)
{
	char *m = xstrndup(msg, len);
	const char *near = near_of(m, len);
	const char *le, *ls = line_of(src, srclen, line, &le), *end = src + srclen;
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

/* Runtime errors. Lua 5.4's messages (ldebug.c, lvm.c, ldo.c, lauxlib.c)
 * and the sandbox's limits (sandbox.c) as patterns: a %s or %d stands for
 * a part of the message, which the translation gets in the same order.
 * `named`: ldebug.c's varinfo may follow, " (global 'x')". */
typedef struct {
	const char *pat;
	int named;
} rt_pattern;

static const rt_pattern runtime[] = {
	{N_("attempt to perform arithmetic on a %s value"), 1},
	{N_("attempt to perform bitwise operation on a %s value"), 1},
	{N_("attempt to call a %s value"), 1},
	{N_("attempt to index a %s value"), 1},
	{N_("attempt to concatenate a %s value"), 1},
	{N_("attempt to get length of a %s value"), 1},
	{N_("attempt to compare two %s values"), 0},
	{N_("attempt to compare %s with %s"), 0},
	{N_("attempt to divide by zero"), 0},
	{N_("attempt to perform 'n%%0'"), 0},
	{N_("number has no integer representation"), 0},
	{N_("bad 'for' initial value (number expected, got %s)"), 0},
	{N_("bad 'for' limit (number expected, got %s)"), 0},
	{N_("bad 'for' step (number expected, got %s)"), 0},
	{N_("'for' step is zero"), 0},
	{N_("table index is nil"), 0},
	{N_("table index is NaN"), 0},
	{N_("stack overflow"), 0},
	{N_("C stack overflow"), 0},
	{N_("not enough memory"), 0},
	{N_("error in error handling"), 0},
	{N_("memory limit exceeded"), 0},
	{N_("time limit exceeded (%d s)"), 0},
	{N_("time limit exceeded (%d s for all the runs together)"), 0},
	{N_("instruction budget exhausted (endless loop?)"), 0},
	{N_("bad argument #%d to '%s' (%s)"), 0},
	{N_("%s expected, got no value"), 0},
	{N_("%s expected, got %s"), 0},
};

/* What varinfo says the value was (" (global 'x')"). */
static const char *const named[] = {
	N_(" (global '%s')"), N_(" (local '%s')"),    N_(" (field '%s')"),
	N_(" (upvalue '%s')"), N_(" (constant '%s')"), N_(" (method '%s')"),
};

#define MAXARGS 3

typedef struct {
	const char *s;
	size_t n;
} part;

/* The literal text of pat from p up to its next %s or %d ("%%" is '%'),
 * into lit (its length returned); *next: where that conversion starts. */
static size_t literal(const char *pat, const char **next, char *lit, size_t cap)
{
	size_t k = 0;
	const char *p = pat;
	while (*p && !(p[0] == '%' && (p[1] == 's' || p[1] == 'd'))) {
		char c = *p;
		p += p[0] == '%' && p[1] == '%' ? 2 : 1;
		if (k + 1 < cap)
			lit[k++] = c;
	}
	lit[k] = '\0';
	*next = p;
	return k;
}

/* Whether msg (n bytes) starts with what pat says, its parts into args;
 * *used: how much of msg it takes. A part is the shortest text before the
 * literal after it; the last literal ends msg unless a tail may follow. */
static int match(const char *pat, const char *msg, size_t n, int tail, part args[MAXARGS], int *nargs,
		 size_t *used)
{
	char lit[128];
	const char *p = pat;
	size_t m = 0;
	*nargs = 0;
	size_t k = literal(p, &p, lit, sizeof lit);
	if (k > n || memcmp(msg, lit, k) != 0)
		return 0;
	m = k;
	while (*p) {
		char conv = p[1];
		k = literal(p + 2, &p, lit, sizeof lit);
		size_t end; /* where the part ends */
		if (k == 0 && !*p) {
			end = n; /* the last thing of pat */
		} else if (!*p && !tail) {
			if (n - m < k || memcmp(msg + n - k, lit, k) != 0)
				return 0;
			end = n - k;
		} else {
			end = m + 1; /* a part is not empty */
			while (end + k <= n && memcmp(msg + end, lit, k) != 0)
				end++;
			if (end + k > n)
				return 0;
		}
		if (end <= m || *nargs == MAXARGS)
			return 0;
		for (size_t i = m; conv == 'd' && i < end; i++)
			if (msg[i] < '0' || msg[i] > '9')
				return 0;
		args[(*nargs)++] = (part){msg + m, end - m};
		m = end + k;
	}
	*used = m;
	return tail || m == n;
}

/* The translation of pat with args in place of its %s and %d, in turn. */
static void fill(buf *b, const char *pat, const part *args, int nargs)
{
	const char *t = _(pat);
	int i = 0;
	for (const char *p = t; *p; p++) {
		if (p[0] == '%' && p[1] == '%') {
			buf_putc(b, '%');
			p++;
		} else if (p[0] == '%' && (p[1] == 's' || p[1] == 'd') && i < nargs) {
			buf_put(b, args[i].s, args[i].n);
			i++;
			p++;
		} else {
			buf_putc(b, *p);
		}
	}
}

/* The translation of what varinfo said (the whole of msg, n bytes) into
 * b; 0 when it is none of those. */
static int name_text(buf *b, const char *msg, size_t n)
{
	for (size_t i = 0; i < sizeof named / sizeof *named; i++) {
		part a[MAXARGS];
		int na;
		size_t used;
		if (match(named[i], msg, n, 0, a, &na, &used)) {
			fill(b, named[i], a, na);
			return 1;
		}
	}
	return 0;
}

/* The translation of msg (n bytes) into b; 0 when it is none of Lua's
 * known runtime messages. A part that is a message itself (bad
 * argument's "number expected, got nil") is translated too. */
static int runtime_text(buf *b, const char *msg, size_t n)
{
	for (size_t i = 0; i < sizeof runtime / sizeof *runtime; i++) {
		part a[MAXARGS];
		int na;
		size_t used;
		if (!match(runtime[i].pat, msg, n, runtime[i].named, a, &na, &used))
			continue;
		buf tail;
		buf_init(&tail);
		buf_puts(&tail, "");
		if (used < n && !name_text(&tail, msg + used, n - used)) {
			buf_free(&tail);
			continue;
		}
		/* the parts, each translated when it is a message */
		buf inner[MAXARGS];
		part tr[MAXARGS];
		for (int j = 0; j < na; j++) {
			buf_init(&inner[j]);
			buf_puts(&inner[j], "");
			tr[j] = a[j];
			if (runtime_text(&inner[j], a[j].s, a[j].n))
				tr[j] = (part){inner[j].data, inner[j].len};
		}
		fill(b, runtime[i].pat, tr, na);
		buf_put(b, tail.data, tail.len);
		for (int j = 0; j < na; j++)
			buf_free(&inner[j]);
		buf_free(&tail);
		return 1;
	}
	return 0;
}

char *luamsg_runtime(const char *msg, size_t len)
{
	buf b;
	buf_init(&b);
	buf_puts(&b, "");
	if (!runtime_text(&b, msg, len)) {
		buf_free(&b);
		return xstrndup(msg, len);
	}
	return buf_detach(&b);
}

/* Whether c may be part of a Lua name. */
static int name_char(unsigned char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int luamsg_runtime_column(const char *msg, size_t len, const char *src, size_t srclen, int line)
{
	/* the name varinfo gives, the last "'x')" of the message */
	if (len < 4 || msg[len - 1] != ')' || msg[len - 2] != '\'' || line < 1)
		return 0;
	const char *q = msg + len - 3;
	while (q > msg && q[-1] != '\'')
		q--;
	if (q == msg || q - 2 < msg || q[-2] != ' ')
		return 0;
	size_t nn = (size_t)(msg + len - 2 - q);
	for (size_t i = 0; i < nn; i++)
		if (!name_char((unsigned char)q[i]))
			return 0; /* "(field '?')": a name Lua does not know */
	const char *le, *ls = line_of(src, srclen, line, &le);
	/* the first place on the line it is written as a name: not in a
	 * string, not part of a longer name */
	char in = 0;
	for (const char *p = ls; nn && p + nn <= le; p++) {
		if (in) {
			if (*p == '\\')
				p++;
			else if (*p == in)
				in = 0;
		} else if (*p == '"' || *p == '\'') {
			in = *p;
		} else if (p[0] == '-' && p + 1 < le && p[1] == '-') {
			break;
		} else if (memcmp(p, q, nn) == 0 && (p == ls || !name_char((unsigned char)p[-1])) &&
			   (p + nn == le || !name_char((unsigned char)p[nn]))) {
			return (int)utf8_chars(ls, (size_t)(p - ls)) + 1;
		}
	}
	return 0;
}

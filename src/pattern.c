/* pattern.c - Lua 5.4's pattern matching (the manual's section 6.4.1), with
 * a step count: see pattern.h. The results, errors included, are those of
 * the stock string library; tests/unit/test_pattern.c compares the two. */
#define _GNU_SOURCE /* memmem */
#include "pattern.h"

#include <ctype.h>
#include <lauxlib.h>
#include <stddef.h>
#include <string.h>

#define ESC '%'
#define SPECIALS "^$*+?.([%-"
#define MAX_DEPTH 200   /* the matcher's recursion, as lstrlib's MAXCCALLS */
#define MAX_CAPTURES 32 /* LUA_MAXCAPTURES */
#define CAP_OPEN (-1)     /* a capture not closed yet */
#define CAP_POSITION (-2) /* a () capture */

typedef struct {
	const char *src, *src_end; /* the subject */
	const char *p_end;         /* the pattern's end */
	lua_State *L;
	pattern_meter *meter;
	int depth;        /* recursion left */
	unsigned left;    /* steps to the next tick */
	int level;        /* captures open or closed */
	struct {
		const char *init;
		ptrdiff_t len; /* or CAP_OPEN, CAP_POSITION */
	} cap[MAX_CAPTURES];
} matcher;

static const char *match(matcher *m, const char *s, const char *p);

/* One step of work: every PATTERN_TICK of them the meter may stop us. */
static void step(matcher *m)
{
	if (--m->left)
		return;
	m->left = PATTERN_TICK;
	if (m->meter)
		m->meter->tick(m->L, m->meter);
}

static void start(matcher *m, lua_State *L, pattern_meter *meter, const char *s, size_t ls, const char *p,
		  size_t lp)
{
	m->L = L;
	m->meter = meter;
	m->src = s;
	m->src_end = s + ls;
	m->p_end = p + lp;
	m->left = PATTERN_TICK;
}

/* Before each attempt at a new position. */
static void restart(matcher *m)
{
	m->level = 0;
	m->depth = MAX_DEPTH;
}

static int capture_index(matcher *m, int c)
{
	int l = c - '1';
	if (l < 0 || l >= m->level || m->cap[l].len == CAP_OPEN)
		return luaL_error(m->L, "invalid capture index %%%d", l + 1);
	return l;
}

static int open_capture(matcher *m)
{
	for (int l = m->level - 1; l >= 0; l--)
		if (m->cap[l].len == CAP_OPEN)
			return l;
	return luaL_error(m->L, "invalid pattern capture");
}

/* The end of the single-character class that starts at p. */
static const char *class_end(matcher *m, const char *p)
{
	char c = *p++;
	if (c == ESC) {
		if (p == m->p_end)
			luaL_error(m->L, "malformed pattern (ends with '%%')");
		return p + 1;
	}
	if (c == '[') {
		if (*p == '^')
			p++;
		do { /* up to the ']', an escaped one ("%]") included */
			if (p == m->p_end)
				luaL_error(m->L, "malformed pattern (missing ']')");
			if (*p++ == ESC && p < m->p_end)
				p++;
		} while (*p != ']');
		return p + 1;
	}
	return p;
}

/* %a, %d, ... : lower case is the class, upper case its complement. */
static int class_has(int c, int cl)
{
	int r;
	switch (tolower(cl)) {
	case 'a': r = isalpha(c); break;
	case 'c': r = iscntrl(c); break;
	case 'd': r = isdigit(c); break;
	case 'g': r = isgraph(c); break;
	case 'l': r = islower(c); break;
	case 'p': r = ispunct(c); break;
	case 's': r = isspace(c); break;
	case 'u': r = isupper(c); break;
	case 'w': r = isalnum(c); break;
	case 'x': r = isxdigit(c); break;
	case 'z': r = c == 0; break; /* deprecated, still in 5.4 */
	default: return cl == c;
	}
	if (isupper(cl))
		r = !r;
	return r != 0;
}

/* [set] between p (the '[') and ec (the ']'). */
static int set_has(int c, const char *p, const char *ec)
{
	int want = 1;
	if (p[1] == '^') {
		want = 0;
		p++;
	}
	while (++p < ec) {
		if (*p == ESC) {
			p++;
			if (class_has(c, (unsigned char)*p))
				return want;
		} else if (p[1] == '-' && p + 2 < ec) {
			p += 2;
			if ((unsigned char)p[-2] <= c && c <= (unsigned char)*p)
				return want;
		} else if ((unsigned char)*p == c) {
			return want;
		}
	}
	return !want;
}

/* Whether the character at s matches the class p..ep. */
static int single(matcher *m, const char *s, const char *p, const char *ep)
{
	if (s >= m->src_end)
		return 0;
	int c = (unsigned char)*s;
	switch (*p) {
	case '.': return 1;
	case ESC: return class_has(c, (unsigned char)p[1]);
	case '[': return set_has(c, p, ep - 1);
	default: return (unsigned char)*p == c;
	}
}

/* %bxy at p (p points at x). */
static const char *balance(matcher *m, const char *s, const char *p)
{
	if (p >= m->p_end - 1)
		luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
	if (s >= m->src_end || *s != *p)
		return NULL;
	char open = p[0], close = p[1];
	int depth = 1;
	while (++s < m->src_end) {
		step(m);
		if (*s == close) {
			if (--depth == 0)
				return s + 1;
		} else if (*s == open) {
			depth++;
		}
	}
	return NULL;
}

/* x*: as many as match, then back off one at a time. */
static const char *longest(matcher *m, const char *s, const char *p, const char *ep)
{
	ptrdiff_t i = 0;
	while (single(m, s + i, p, ep)) {
		step(m);
		i++;
	}
	for (; i >= 0; i--) {
		const char *r = match(m, s + i, ep + 1);
		if (r)
			return r;
	}
	return NULL;
}

/* x-: as few as will do. */
static const char *shortest(matcher *m, const char *s, const char *p, const char *ep)
{
	for (;;) {
		const char *r = match(m, s, ep + 1);
		if (r)
			return r;
		if (!single(m, s, p, ep))
			return NULL;
		s++;
	}
}

static const char *begin_capture(matcher *m, const char *s, const char *p, ptrdiff_t what)
{
	int l = m->level;
	if (l >= MAX_CAPTURES)
		luaL_error(m->L, "too many captures");
	m->cap[l].init = s;
	m->cap[l].len = what;
	m->level = l + 1;
	const char *r = match(m, s, p);
	if (!r)
		m->level--;
	return r;
}

static const char *close_capture(matcher *m, const char *s, const char *p)
{
	int l = open_capture(m);
	m->cap[l].len = s - m->cap[l].init;
	const char *r = match(m, s, p);
	if (!r)
		m->cap[l].len = CAP_OPEN;
	return r;
}

static const char *back_reference(matcher *m, const char *s, int c)
{
	int l = capture_index(m, c);
	size_t len = (size_t)m->cap[l].len;
	if ((size_t)(m->src_end - s) >= len && memcmp(m->cap[l].init, s, len) == 0)
		return s + len;
	return NULL;
}

/* The end of the match of pattern p at s, or NULL. Tail positions loop
 * instead of recursing, as lstrlib does, so the depth limit is the same. */
static const char *match(matcher *m, const char *s, const char *p)
{
	if (m->depth-- == 0)
		luaL_error(m->L, "pattern too complex");
	for (;;) {
		step(m);
		if (p == m->p_end)
			break;
		if (*p == '(') {
			s = p[1] == ')' ? begin_capture(m, s, p + 2, CAP_POSITION) : begin_capture(m, s, p + 1, CAP_OPEN);
			break;
		}
		if (*p == ')') {
			s = close_capture(m, s, p + 1);
			break;
		}
		if (*p == '$' && p + 1 == m->p_end) {
			s = s == m->src_end ? s : NULL;
			break;
		}
		if (*p == ESC && p[1] == 'b') {
			s = balance(m, s, p + 2);
			if (!s)
				break;
			p += 4;
			continue;
		}
		if (*p == ESC && p[1] == 'f') {
			p += 2;
			if (*p != '[')
				luaL_error(m->L, "missing '[' after '%%f' in pattern");
			const char *ep = class_end(m, p);
			/* the subject's end reads as '\0', as in lstrlib */
			int prev = s == m->src ? 0 : (unsigned char)s[-1];
			int here = s < m->src_end ? (unsigned char)*s : 0;
			if (!set_has(prev, p, ep - 1) && set_has(here, p, ep - 1)) {
				p = ep;
				continue;
			}
			s = NULL;
			break;
		}
		if (*p == ESC && isdigit((unsigned char)p[1])) {
			s = back_reference(m, s, (unsigned char)p[1]);
			if (!s)
				break;
			p += 2;
			continue;
		}
		/* a single-character class, maybe with a repetition */
		const char *ep = class_end(m, p);
		if (!single(m, s, p, ep)) {
			if (*ep == '*' || *ep == '?' || *ep == '-') {
				p = ep + 1;
				continue;
			}
			s = NULL;
			break;
		}
		if (*ep == '?') {
			const char *r = match(m, s + 1, ep + 1);
			if (r) {
				s = r;
				break;
			}
			p = ep + 1;
			continue;
		}
		if (*ep == '+') {
			s = longest(m, s + 1, p, ep);
			break;
		}
		if (*ep == '*') {
			s = longest(m, s, p, ep);
			break;
		}
		if (*ep == '-') {
			s = shortest(m, s, p, ep);
			break;
		}
		s++;
		p = ep;
	}
	m->depth++;
	return s;
}

/* Capture i of the match s..e: its text in *cap and its length, or
 * CAP_POSITION with the position pushed. With no captures, capture 0 is
 * the whole match. */
static ptrdiff_t get_capture(matcher *m, int i, const char *s, const char *e, const char **cap)
{
	if (i >= m->level) {
		if (i != 0)
			luaL_error(m->L, "invalid capture index %%%d", i + 1);
		*cap = s;
		return e - s;
	}
	ptrdiff_t len = m->cap[i].len;
	*cap = m->cap[i].init;
	if (len == CAP_OPEN)
		luaL_error(m->L, "unfinished capture");
	else if (len == CAP_POSITION)
		lua_pushinteger(m->L, (m->cap[i].init - m->src) + 1);
	return len;
}

static void push_capture(matcher *m, int i, const char *s, const char *e)
{
	const char *cap;
	ptrdiff_t len = get_capture(m, i, s, e, &cap);
	if (len != CAP_POSITION)
		lua_pushlstring(m->L, cap, (size_t)len);
}

/* Pushes the captures (the whole match when there are none and s is set). */
static int push_captures(matcher *m, const char *s, const char *e)
{
	int n = m->level == 0 && s ? 1 : m->level;
	luaL_checkstack(m->L, n, "too many captures");
	for (int i = 0; i < n; i++)
		push_capture(m, i, s, e);
	return n;
}

/* A 1-based, maybe negative, start position as an offset (may be > len). */
static size_t start_offset(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos - 1;
	if (pos == 0 || pos < -(lua_Integer)len)
		return 0;
	return (size_t)((lua_Integer)len + pos);
}

static int has_specials(const char *p, size_t lp)
{
	for (size_t i = 0; i < lp; i++)
		if (p[i] && strchr(SPECIALS, p[i]))
			return 1;
	return 0;
}

static pattern_meter *meter_of(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

static int find_or_match(lua_State *L, int find)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
		/* a plain search: memmem is linear, no meter needed */
		const char *at = memmem(s + init, ls - init, p, lp);
		if (!at) {
			luaL_pushfail(L);
			return 1;
		}
		lua_pushinteger(L, (at - s) + 1);
		lua_pushinteger(L, (lua_Integer)((size_t)(at - s) + lp));
		return 2;
	}
	matcher m;
	int anchor = lp > 0 && *p == '^';
	if (anchor) {
		p++;
		lp--;
	}
	start(&m, L, meter_of(L), s, ls, p, lp);
	const char *at = s + init;
	do {
		restart(&m);
		const char *e = match(&m, at, p);
		if (e) {
			if (!find)
				return push_captures(&m, at, e);
			lua_pushinteger(L, (at - s) + 1);
			lua_pushinteger(L, e - s);
			return push_captures(&m, NULL, NULL) + 2;
		}
	} while (at++ < m.src_end && !anchor);
	luaL_pushfail(L);
	return 1;
}

static int p_find(lua_State *L)
{
	return find_or_match(L, 1);
}

static int p_match(lua_State *L)
{
	return find_or_match(L, 0);
}

typedef struct {
	const char *next;      /* where the next search starts */
	const char *pattern;
	const char *last;      /* the end of the last match: no empty match there */
	matcher m;
} gmatch_state;

/* Upvalues: the meter, the subject, the pattern, the state. */
static int gmatch_next(lua_State *L)
{
	gmatch_state *g = lua_touserdata(L, lua_upvalueindex(4));
	g->m.L = L;
	for (const char *at = g->next; at <= g->m.src_end; at++) {
		restart(&g->m);
		const char *e = match(&g->m, at, g->pattern);
		if (e && e != g->last) {
			g->next = g->last = e;
			return push_captures(&g->m, at, e);
		}
	}
	return 0;
}

static int p_gmatch(lua_State *L)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
	lua_settop(L, 2); /* the strings stay alive as upvalues */
	gmatch_state *g = lua_newuserdatauv(L, sizeof *g, 0);
	if (init > ls)
		init = ls + 1;
	start(&g->m, L, meter_of(L), s, ls, p, lp);
	g->next = s + init;
	g->pattern = p;
	g->last = NULL;
	lua_pushlightuserdata(L, meter_of(L));
	lua_insert(L, 1);
	lua_pushcclosure(L, gmatch_next, 4);
	return 1;
}

/* The replacement string (argument 3) with %0-%9 and %% for the match s..e. */
static void add_template(matcher *m, luaL_Buffer *b, const char *s, const char *e)
{
	lua_State *L = m->L;
	size_t l;
	const char *r = lua_tolstring(L, 3, &l);
	const char *pc;
	while ((pc = memchr(r, ESC, l)) != NULL) {
		luaL_addlstring(b, r, (size_t)(pc - r));
		pc++;
		if (*pc == ESC) {
			luaL_addchar(b, *pc);
		} else if (*pc == '0') {
			luaL_addlstring(b, s, (size_t)(e - s));
		} else if (isdigit((unsigned char)*pc)) {
			const char *cap;
			ptrdiff_t len = get_capture(m, *pc - '1', s, e, &cap);
			if (len == CAP_POSITION)
				luaL_addvalue(b);
			else
				luaL_addlstring(b, cap, (size_t)len);
		} else {
			luaL_error(L, "invalid use of '%c' in replacement string", ESC);
		}
		l -= (size_t)(pc + 1 - r);
		r = pc + 1;
	}
	luaL_addlstring(b, r, l);
}

/* Adds the replacement of match s..e; 1 if it changed the text. */
static int add_replacement(matcher *m, luaL_Buffer *b, const char *s, const char *e, int type)
{
	lua_State *L = m->L;
	if (type == LUA_TFUNCTION) {
		lua_pushvalue(L, 3);
		int n = push_captures(m, s, e);
		lua_call(L, n, 1);
	} else if (type == LUA_TTABLE) {
		push_capture(m, 0, s, e);
		lua_gettable(L, 3);
	} else {
		add_template(m, b, s, e);
		return 1;
	}
	if (!lua_toboolean(L, -1)) { /* nil or false: keep the match */
		lua_pop(L, 1);
		luaL_addlstring(b, s, (size_t)(e - s));
		return 0;
	}
	if (!lua_isstring(L, -1))
		return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
	luaL_addvalue(b);
	return 1;
}

static int p_gsub(lua_State *L)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	int type = lua_type(L, 3);
	lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
	luaL_argexpected(L, type == LUA_TNUMBER || type == LUA_TSTRING || type == LUA_TFUNCTION || type == LUA_TTABLE,
			 3, "string/function/table");
	int anchor = lp > 0 && *p == '^';
	if (anchor) {
		p++;
		lp--;
	}
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	matcher m;
	start(&m, L, meter_of(L), s, ls, p, lp);
	const char *last = NULL;
	lua_Integer n = 0;
	int changed = 0;
	while (n < max) {
		restart(&m);
		const char *e = match(&m, s, p);
		if (e && e != last) {
			n++;
			changed |= add_replacement(&m, &b, s, e, type);
			s = last = e;
		} else if (s < m.src_end) {
			luaL_addchar(&b, *s++);
		} else {
			break;
		}
		if (anchor)
			break;
	}
	if (!changed) {
		lua_pushvalue(L, 1);
	} else {
		luaL_addlstring(&b, s, (size_t)(m.src_end - s));
		luaL_pushresult(&b);
	}
	lua_pushinteger(L, n);
	return 2;
}

void pattern_install(lua_State *L, int t, pattern_meter *meter)
{
	static const struct {
		const char *name;
		lua_CFunction f;
	} fns[] = {{"find", p_find}, {"match", p_match}, {"gmatch", p_gmatch}, {"gsub", p_gsub}};
	t = lua_absindex(L, t);
	for (size_t i = 0; i < sizeof fns / sizeof *fns; i++) {
		lua_pushlightuserdata(L, meter);
		lua_pushcclosure(L, fns[i].f, 1);
		lua_setfield(L, t, fns[i].name);
	}
}

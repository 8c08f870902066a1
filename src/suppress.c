/* suppress.c - suppression comments (suppress.h). */
#include "suppress.h"
#include "diagid.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef enum { SUP_DISABLE, SUP_NEXT_LINE, SUP_ENABLE } sup_kind;

typedef struct {
	sup_kind kind;
	int line;     /* the comment's line */
	char **ids;   /* none: every rule */
	size_t nids;
	char *reason; /* after " -- ", NULL when none */
} directive;

struct suppress_set {
	directive *v;
	size_t n, cap;
};

/* The first k-byte needle in [p, e), or NULL (memmem is a GNU extension). */
static const char *find(const char *p, const char *e, const char *needle, size_t k)
{
	for (; p + k <= e; p++)
		if (*p == *needle && memcmp(p, needle, k) == 0)
			return p;
	return NULL;
}

/* Whether the fence line opens or closes a fenced code block: ``` or ~~~
 * (three or more) after at most three spaces. */
static int fence(const char *p, const char *end, char *ch, size_t *len)
{
	int sp = 0;
	while (p < end && *p == ' ' && sp < 4) {
		p++;
		sp++;
	}
	if (sp > 3 || p >= end || (*p != '`' && *p != '~'))
		return 0;
	size_t k = 0;
	while (p + k < end && p[k] == *p)
		k++;
	if (k < 3)
		return 0;
	*ch = *p;
	*len = k;
	return 1;
}

static void parse(suppress_set *s, const book_file *f, int line, const char *at, const char *close,
		  int (*known)(const char *, void *), void *arg, diag_list *d)
{
	static const struct {
		const char *tag;
		sup_kind kind;
	} tags[] = {
		{"svcbook-disable-next-line", SUP_NEXT_LINE},
		{"svcbook-disable", SUP_DISABLE},
		{"svcbook-enable", SUP_ENABLE},
	};
	const char *q = at;
	size_t t = 0;
	for (; t < 3; t++)
		if (strncmp(q, tags[t].tag, strlen(tags[t].tag)) == 0)
			break;
	q += strlen(tags[t].tag);
	int col = (int)(at - (f->text + f->lines[line - 1])) + 1;
	if (q < close && *q != ' ' && *q != '\t' && *q != '\r' && *q != '\n') {
		diag_add(d, f->path, line, col, SEV_WARNING, DIAG_ID(BAD_SUPPRESSION),
			 "write <!-- svcbook-disable RULE-ID -- reason --> (svcbook lint --list-rules shows the ids)",
			 "%s", "this suppression comment is not written as svcbook reads it: it silences nothing");
		return;
	}
	directive x = {tags[t].kind, line, NULL, 0, NULL};
	size_t cap = 0;
	const char *ids_end = close;
	for (const char *r = q; r + 1 < close; r++)
		if (r[0] == '-' && r[1] == '-' && (r == q || r[-1] == ' ' || r[-1] == '\t')) {
			ids_end = r;
			const char *why = r + 2;
			while (why < close && (*why == ' ' || *why == '\t'))
				why++;
			size_t n = (size_t)(close - why);
			while (n && (why[n - 1] == ' ' || why[n - 1] == '\t' || why[n - 1] == '\n' || why[n - 1] == '\r'))
				n--;
			if (n)
				x.reason = xstrndup(why, n);
			break;
		}
	int bad = 0;
	for (const char *p = q; p < ids_end;) {
		p += strspn(p, " \t,\r\n");
		size_t k = strcspn(p, " \t,\r\n");
		if (p + k > ids_end)
			k = (size_t)(ids_end - p);
		if (!k)
			break;
		char *id = xstrndup(p, k);
		if (!known(id, arg)) {
			diag_add(d, f->path, line, (int)(p - (f->text + f->lines[line - 1])) + 1, SEV_WARNING, DIAG_ID(BAD_SUPPRESSION),
				 "svcbook lint --list-rules shows the ids; a reason goes after ' -- '",
				 "no rule has the id '%s': this comment silences nothing", id);
			free(id);
			bad = 1;
		} else {
			x.ids = xgrow(x.ids, &cap, x.nids + 1, sizeof *x.ids);
			x.ids[x.nids++] = id;
		}
		p += k;
	}
	/* a comment whose every id is unknown must not silence every rule */
	if (bad && !x.nids) {
		free(x.reason);
		return;
	}
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
	s->v[s->n++] = x;
}

suppress_set *suppress_scan(const book_file *f, int (*known)(const char *id, void *arg), void *arg, diag_list *d)
{
	suppress_set *s = xcalloc(1, sizeof *s);
	const char *end = f->text + f->len;
	char fch = 0;
	size_t flen = 0;
	int in_fence = 0;
	for (size_t i = 0; i < f->nlines; i++) {
		const char *p = f->text + f->lines[i];
		const char *e = i + 1 < f->nlines ? f->text + f->lines[i + 1] : end;
		char ch;
		size_t k;
		if (fence(p, e, &ch, &k)) {
			if (!in_fence) {
				in_fence = 1;
				fch = ch;
				flen = k;
				continue;
			}
			if (ch == fch && k >= flen) {
				in_fence = 0;
				continue;
			}
		}
		if (in_fence)
			continue;
		static const char tag[] = "<!--";
		for (const char *c = p; c < e && (c = find(c, e, tag, 4));) {
			const char *a = c + 4;
			while (a < e && (*a == ' ' || *a == '\t'))
				a++;
			size_t ticks = 0;
			for (const char *b = p; b < c; b++)
				ticks += *b == '`';
			const char *close = find(a, end, "-->", 3);
			if (!close)
				break;
			/* inside a `code span` it is text */
			if (ticks % 2 == 0 && (size_t)(end - a) >= 14 &&
			    (strncmp(a, "svcbook-disable", 15) == 0 || strncmp(a, "svcbook-enable", 14) == 0))
				parse(s, f, (int)i + 1, a, close, known, arg, d);
			c = close + 3;
		}
	}
	return s;
}

static int names(const directive *x, const char *rule)
{
	if (!x->nids)
		return 1;
	for (size_t i = 0; i < x->nids; i++)
		if (strcmp(x->ids[i], rule) == 0)
			return 1;
	return 0;
}

int suppress_match(const suppress_set *s, const diag *x, const char **reason)
{
	int off = 0;
	*reason = NULL;
	for (size_t i = 0; s && i < s->n; i++) {
		const directive *dv = &s->v[i];
		if (dv->line >= x->line || !names(dv, x->rule))
			continue;
		if (dv->kind == SUP_NEXT_LINE && dv->line == x->line - 1) {
			*reason = dv->reason;
			return 1;
		}
		if (dv->kind == SUP_DISABLE) {
			off = 1;
			*reason = dv->reason;
		} else if (dv->kind == SUP_ENABLE) {
			off = 0;
			*reason = NULL;
		}
	}
	return off;
}

void suppress_free(suppress_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		for (size_t j = 0; j < s->v[i].nids; j++)
			free(s->v[i].ids[j]);
		free(s->v[i].ids);
		free(s->v[i].reason);
	}
	free(s->v);
	free(s);
}

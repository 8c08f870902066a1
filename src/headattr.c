/* headattr.c - the heading-attribute schema and what the reader makes of
 * a heading's attribute block: values checked by their kind, terms' other
 * names, roles' levels, lines and owners, stages' owners, the role a
 * clause's stage= and appearance roles= name. */
#include "headattr.h"
#include "diagid.h"
#include "checklist.h"
#include "diag.h"
#include "i18n.h"
#include "strmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define TERMS HA_IN(CH_TERMS)
#define ROLES HA_IN(CH_ROLES)
#define JOURNEY HA_IN(CH_JOURNEY)
#define APPEARANCE HA_IN(CH_APPEARANCE)

/* docs/format.md, section 2 (and 10 for the audit checklists). */
static const headattr_spec schema[] = {
	{"aka", HA_LIST, TERMS, 1, 1, N_("the term's other names, which find it too")},
	{"avoid", HA_LIST, TERMS, 1, 1, N_("words the book must not use for the term")},
	{"level", HA_LEVEL, ROLES, 1, 0, N_("the role's level: provider, support or management")},
	{"line", HA_LINE, ROLES, 1, 0, N_("the role's support line: 1, 2 or 3")},
	{"owner", HA_ID, ROLES | JOURNEY, 1, 0, N_("the role that owns the role or the journey stage")},
	{"stage", HA_ID, ROLES, 0, 0, N_("the journey stage a role's clause belongs to")},
	{"roles", HA_IDS, APPEARANCE, 0, 0, N_("the roles an appearance clause is for")},
	{"weight", HA_WEIGHT, ROLES | APPEARANCE, 0, 0, N_("the clause's weight in the audit checklist")},
	{"audit", HA_YESNO, ROLES | APPEARANCE, 0, 0, N_("audit=no leaves the clause out of the audit checklist")},
};

const headattr_spec *headattr_schema(size_t *n)
{
	*n = sizeof schema / sizeof *schema;
	return schema;
}

const headattr_spec *headattr_find(book_chapter_kind kind, const char *name)
{
	for (size_t i = 0; i < sizeof schema / sizeof *schema; i++)
		if ((schema[i].chapters & HA_IN(kind)) && strcmp(schema[i].name, name) == 0)
			return &schema[i];
	return NULL;
}

static const char *fname(const book *b, int file)
{
	return file >= 0 ? b->files[file].path : "";
}

/* Removes lit[cut..resume) from the text node `last` (whose literal is lit):
 * the text on either side keeps one space between them. */
static void remove_span(cmark_node *last, const char *lit, size_t cut, size_t resume)
{
	size_t n = cut;
	while (n && (lit[n - 1] == ' ' || lit[n - 1] == '\t'))
		n--;
	const char *tail = lit + resume;
	tail += strspn(tail, " \t");
	size_t tn = strlen(tail);
	while (tn && (tail[tn - 1] == ' ' || tail[tn - 1] == '\t'))
		tn--;
	if (!n && !tn) {
		cmark_node_free(last);
		return;
	}
	/* lit[0..n) " " tail[0..tn), without a printf (a heading each) */
	size_t sp = n && tn ? 1 : 0;
	char *rest = xmalloc(n + sp + tn + 1);
	memcpy(rest, lit, n);
	rest[n] = ' ';
	memcpy(rest + n + sp, tail, tn);
	rest[n + sp + tn] = '\0';
	cmark_node_set_literal(last, rest);
	free(rest);
}

/* Strips a trailing attribute block from the heading's last text node and
 * returns it parsed (blk->n == 0 and no id when there is none). */
void headattr_take(book *b, int file, cmark_node *h, attrs_block *blk, book_pos *blkpos)
{
	memset(blk, 0, sizeof *blk);
	cmark_node *last = cmark_node_last_child(h);
	if (!last || cmark_node_get_type(last) != CMARK_NODE_TEXT)
		return;
	const char *lit = cmark_node_get_literal(last);
	long at = attrs_parse(lit, strlen(lit), blk);
	blkpos->file = file;
	blkpos->line = cmark_node_get_start_line(h);
	/* Offsets in blk are from the start of the text node. */
	blkpos->col = cmark_node_get_start_column(last);
	size_t cut, resume;
	if (at >= 0) {
		cut = (size_t)at;
		resume = strlen(lit);
	} else {
		/* FORMAT.md: the block is never shown, and nothing is dropped
		 * silently: a block written wrong is one warning where it goes
		 * wrong; what it says before that is kept (its #id above all, so
		 * that links to it still work), and its text is neither shown nor
		 * made into an id */
		attrs_fault f;
		if (!attrs_broken(lit, strlen(lit), blk, &f))
			return;
		if (f.why)
			diag_add(b->diags, fname(b, file), blkpos->line, blkpos->col + (int)f.fault,
				 SEV_WARNING, DIAG_ID(BAD_ATTRIBUTE),
				 "write {#id key=value key=\"a b\"} at the end of the heading",
				 "bad attribute block: %s; what comes before this is read, the rest is not",
				 _(f.why));
		else
			diag_add(b->diags, fname(b, file), blkpos->line, blkpos->col + (int)f.fault,
				 SEV_WARNING, DIAG_ID(BAD_ATTRIBUTE), "move the block to the end of the heading",
				 "text after an attribute block: the block is read, the text is kept in the "
				 "heading");
		cut = f.start;
		resume = f.end;
	}
	remove_span(last, lit, cut, resume);
}

static char **split_list(const char *s, const char *seps, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	const char *p = s;
	while (*p) {
		p += strspn(p, seps);
		size_t k = strcspn(p, seps);
		if (!k)
			break;
		/* trim spaces around comma-separated items */
		const char *a = p, *e = p + k;
		while (a < e && (*a == ' ' || *a == '\t'))
			a++;
		while (e > a && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > a) {
			v = xgrow(v, &cap, *n + 1, sizeof *v);
			v[(*n)++] = xstrndup(a, (size_t)(e - a));
		}
		p += k;
	}
	return v;
}

static book_pos attr_pos(book_pos blk, const attrs_item *it)
{
	book_pos p = blk;
	p.col += (int)it->off;
	return p;
}


/* Checks the value of it value as spec's kind says, reporting a bad one; *out gets
 * what a level or a line reads as. 0 when the value is good. */
static int check_value(book *b, const headattr_spec *spec, const attrs_item *it, book_pos p, int *out)
{
	const char *v = it->value;
	int w;
	switch (spec->value) {
	case HA_LEVEL:
		*out = strcmp(v, "provider") == 0     ? LEVEL_PROVIDER
		       : strcmp(v, "support") == 0    ? LEVEL_SUPPORT
		       : strcmp(v, "management") == 0 ? LEVEL_MANAGEMENT
						      : LEVEL_NONE;
		if (*out != LEVEL_NONE)
			return 0;
		diag_add(b->diags, fname(b, p.file), p.line, p.col, SEV_ERROR, DIAG_ID(BAD_ATTRIBUTE),
			 "use level=provider, level=support or level=management", "unknown role level '%s'", v);
		return -1;
	case HA_LINE: {
		char *end;
		long l = strtol(v, &end, 10);
		if (!*end && l >= 1 && l <= 3) {
			*out = (int)l;
			return 0;
		}
		diag_add(b->diags, fname(b, p.file), p.line, p.col, SEV_ERROR, DIAG_ID(BAD_ATTRIBUTE),
			 "support lines are 1, 2 and 3", "bad support line '%s'", v);
		return -1;
	}
	case HA_WEIGHT: /* checklist.c reads it again */
		if (checklist_parse_weight(v, &w) == 0)
			return 0;
		diag_add(b->diags, fname(b, p.file), p.line, p.col, SEV_ERROR, DIAG_ID(BAD_ATTRIBUTE),
			 "a weight is a whole number from 1 to 1000 (default 1); audit=no leaves a clause out",
			 "bad weight '%s'", v);
		return -1;
	case HA_YESNO:
		if (strcmp(v, "no") == 0 || strcmp(v, "yes") == 0)
			return 0;
		diag_add(b->diags, fname(b, p.file), p.line, p.col, SEV_ERROR, DIAG_ID(BAD_ATTRIBUTE),
			 "audit=no leaves the clause out of the audit checklist; audit=yes is the default",
			 "bad audit value '%s'", v);
		return -1;
	case HA_TEXT:
	case HA_LIST:
	case HA_ID:
	case HA_IDS:
		break;
	}
	return 0;
}

/* The items of a list value: names split at ',' and ';', ids at spaces and ','. */
static char **split_value(const headattr_spec *spec, const char *v, size_t *n)
{
	return split_list(v, spec->value == HA_IDS ? " \t," : ",;", n);
}

void headattr_term(book *b, int c, const attrs_block *blk, book_pos blkpos)
{
	b->terms = xgrow(b->terms, &b->cap_terms, b->nterms + 1, sizeof *b->terms);
	int t = (int)b->nterms++;
	book_term *term = &b->terms[t];
	memset(term, 0, sizeof *term);
	term->name = xstrdup(b->clauses[c].title);
	term->clause = c;
	b->clauses[c].term = t;
	for (size_t i = 0; i < blk->n; i++) {
		if (strcmp(blk->items[i].key, "aka") != 0)
			continue;
		size_t n;
		char **v = split_value(headattr_find(CH_TERMS, "aka"), blk->items[i].value, &n);
		term->aka = xrealloc(term->aka, (term->naka + n) * sizeof *term->aka);
		term->aka_pos = xrealloc(term->aka_pos, (term->naka + n) * sizeof *term->aka_pos);
		for (size_t j = 0; j < n; j++) {
			term->aka[term->naka] = v[j];
			term->aka_pos[term->naka++] = attr_pos(blkpos, &blk->items[i]);
		}
		free(v);
	}
}

int headattr_role(book *b, int c, int file, const attrs_block *blk, book_pos blkpos)
{
	b->roles = xgrow(b->roles, &b->cap_roles, b->nroles + 1, sizeof *b->roles);
	int r = (int)b->nroles++;
	book_role *role = &b->roles[r];
	memset(role, 0, sizeof *role);
	role->id = xstrdup(b->clauses[c].id);
	role->name = xstrdup(b->clauses[c].title);
	role->file = file;
	role->clause = c;
	role->pos = b->clauses[c].pos;
	role->owner_role = -1;
	for (size_t i = 0; i < blk->n; i++) {
		const attrs_item *it = &blk->items[i];
		book_pos p = attr_pos(blkpos, it);
		const headattr_spec *spec = headattr_find(CH_ROLES, it->key);
		int v;
		if (spec && spec->value == HA_LEVEL) {
			role->level = check_value(b, spec, it, p, &v) == 0 ? (book_level)v : LEVEL_NONE;
		} else if (spec && spec->value == HA_LINE) {
			if (check_value(b, spec, it, p, &v) == 0)
				role->line = v;
		} else if (strcmp(it->key, "owner") == 0) {
			free(role->owner);
			role->owner = xstrdup(it->value);
			role->owner_pos = p;
		}
	}
	b->clauses[c].role = r;
	b->files[file].role = r;
	if (book_find_role(b, role->id) < 0)
		strmap_set(b->role_ids, role->id, r);
	return r;
}

void headattr_stage(book *b, int c, const attrs_block *blk, book_pos blkpos)
{
	b->stages = xgrow(b->stages, &b->cap_stages, b->nstages + 1, sizeof *b->stages);
	int s = (int)b->nstages++;
	book_stage *st = &b->stages[s];
	memset(st, 0, sizeof *st);
	st->id = xstrdup(b->clauses[c].id);
	st->name = xstrdup(b->clauses[c].title);
	st->clause = c;
	st->owner_role = -1;
	st->owner_pos = b->clauses[c].pos;
	for (size_t i = 0; i < blk->n; i++)
		if (strcmp(blk->items[i].key, "owner") == 0) {
			free(st->owner);
			st->owner = xstrdup(blk->items[i].value);
			st->owner_pos = attr_pos(blkpos, &blk->items[i]);
		}
	b->clauses[c].stage = s;
}

/* Keeps every attribute on the clause (the linter reads them) and fills
 * the kind-specific fields. */
void headattr_store(book *b, int c, book_chapter_kind kind, const attrs_block *blk, book_pos blkpos)
{
	book_clause *cl = &b->clauses[c];
	cl->attrs = blk->n ? xcalloc(blk->n, sizeof *cl->attrs) : NULL;
	for (size_t i = 0; i < blk->n; i++) {
		const attrs_item *it = &blk->items[i];
		book_pos p = attr_pos(blkpos, it);
		cl->attrs[cl->nattrs].key = xstrdup(it->key);
		cl->attrs[cl->nattrs].value = xstrdup(it->value);
		cl->attrs[cl->nattrs++].pos = p;
		const headattr_spec *spec = headattr_find(kind, it->key);
		int v;
		if (!spec)
			continue; /* the linter's unknown-attribute says so */
		if (!spec->top_only)
			check_value(b, spec, it, p, &v);
		if (kind == CH_ROLES && strcmp(it->key, "stage") == 0) {
			free(cl->stage_ref);
			cl->stage_ref = xstrdup(it->value);
			cl->stage_ref_pos = p;
		} else if (kind == CH_APPEARANCE && strcmp(it->key, "roles") == 0) {
			for (size_t j = 0; j < cl->nroles_attr; j++)
				free(cl->roles_attr[j]);
			free(cl->roles_attr);
			cl->roles_attr = split_value(spec, it->value, &cl->nroles_attr);
			cl->roles_attr_pos = p;
		}
	}
}

/* diff.c - compares two book models by id and writes the changes as text, Markdown or JSON. */
#include "diff.h"
#include "diffmd.h"
#include "difftext.h"
#include "diffob.h"
#include "report.h"
#include "rolebook.h"
#include "strmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Word tables larger than this (old words x new words) are not aligned:
 * a hostile clause must not make the diff quadratic in time or memory. */
#define WORD_CELLS_MAX 4000000u

typedef struct {
	diff_result *r;
	strmap role_index;          /* role id -> index into r->role_ids */
	unsigned char **terms_a;    /* per role of the old book: its role book's terms */
	unsigned char **terms_b;
	unsigned char *mask;        /* affected roles of the change being built */
} ctx;

/* ---- Texts compared ---- */

static int is_block(cmark_node *n)
{
	return (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
}

/* The plain text of one node's subtree; references as [[raw]], so that a
 * changed number of the clause they point at is no change here, or (shown)
 * as the reader sees them. */
static void put_node(const book *x, cmark_node *root, buf *o, int shown)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_EXIT) {
			if (is_block(n))
				buf_putc(o, ' ');
			continue;
		}
		int r = book_node_ref(n);
		if (r >= 0 && x->refs[r].kind != REF_LINK && !shown) {
			buf_printf(o, "[[%s]]", x->refs[r].raw);
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			continue;
		}
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK: {
			const char *lit = cmark_node_get_literal(n);
			buf_puts(o, lit ? lit : "");
			if (is_block(n))
				buf_putc(o, ' ');
			break;
		}
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(o, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/* Collapses whitespace runs to one space and trims, in place. */
static char *squeeze(char *s)
{
	size_t o = 0;
	int space = 1;
	for (size_t i = 0; s[i]; i++) {
		char c = s[i];
		int ws = c == ' ' || c == '\t' || c == '\n' || c == '\r';
		if (ws) {
			if (!space)
				s[o++] = ' ';
			space = 1;
		} else {
			s[o++] = c;
			space = 0;
		}
	}
	if (o && s[o - 1] == ' ')
		o--;
	s[o] = '\0';
	return s;
}

/* What a reader sees of a clause's attributes, in the book's language. */
static void put_attrs_shown(const book *x, const book_clause *cl, buf *o)
{
	int ru = x->config.language == LANG_RU;
	if (cl->term >= 0 && x->terms[cl->term].naka) {
		const book_term *t = &x->terms[cl->term];
		buf_puts(o, ru ? "Синонимы:" : "Also:");
		for (size_t i = 0; i < t->naka; i++)
			buf_printf(o, " %s%s", t->aka[i], i + 1 < t->naka ? "," : ". ");
	}
	if (cl->role >= 0) {
		/* the book's words for the levels (templates/words.lua, the role
		 * page's badge and the pyramid's tiers): one wording */
		static const char *const ru_levels[] = {"", "Контактный персонал", "Поддержка", "Управление"};
		static const char *const en_levels[] = {"", "Service providers", "Support", "Management"};
		const book_role *ro = &x->roles[cl->role];
		if (ro->level != LEVEL_NONE)
			buf_printf(o, "%s: %s. ", ru ? "Уровень" : "Level", (ru ? ru_levels : en_levels)[ro->level]);
		if (ro->line)
			buf_printf(o, "%s: %d. ", ru ? "Линия" : "Line", ro->line);
	}
	if (cl->stage_ref) {
		const char *name = cl->stage_ref;
		for (size_t i = 0; i < x->nstages; i++)
			if (strcmp(x->stages[i].id, cl->stage_ref) == 0)
				name = x->stages[i].name;
		buf_printf(o, "%s: %s. ", ru ? "Этап" : "Stage", name);
	}
}

/* The text of clause c as its reader sees it, for showing a change:
 * references as their text, attributes in words. */
static char *clause_shown(const book *x, int c)
{
	const book_clause *cl = &x->clauses[c];
	buf o;
	buf_init(&o);
	put_attrs_shown(x, cl, &o);
	for (cmark_node *n = cl->body_first; n; n = cmark_node_next(n)) {
		put_node(x, n, &o, 1);
		if (n == cl->body_last)
			break;
	}
	return squeeze(buf_detach(&o));
}

/* A clause's own text (its body, not its sub-clauses'), with what else
 * defines it: a term's synonyms, a role's level and line. */
static char *clause_text(const book *x, int c)
{
	const book_clause *cl = &x->clauses[c];
	buf o;
	buf_init(&o);
	if (cl->term >= 0 && x->terms[cl->term].naka) {
		const book_term *t = &x->terms[cl->term];
		buf_puts(&o, "aka:");
		for (size_t i = 0; i < t->naka; i++)
			buf_printf(&o, " %s%s", t->aka[i], i + 1 < t->naka ? "," : "");
		buf_putc(&o, ' ');
	}
	if (cl->role >= 0) {
		static const char *const levels[] = {"", "provider", "support", "management"};
		const book_role *ro = &x->roles[cl->role];
		if (ro->level != LEVEL_NONE)
			buf_printf(&o, "level=%s ", levels[ro->level]);
		if (ro->line)
			buf_printf(&o, "line=%d ", ro->line);
	}
	if (cl->stage_ref)
		buf_printf(&o, "stage=%s ", cl->stage_ref);
	for (cmark_node *n = cl->body_first; n; n = cmark_node_next(n)) {
		put_node(x, n, &o, 0);
		if (n == cl->body_last)
			break;
	}
	return squeeze(buf_detach(&o));
}

/* Where a clause sits: its parent's id, or its chapter for a chapter. */
static const char *place_of(const book *x, int c)
{
	const book_clause *cl = &x->clauses[c];
	if (cl->parent >= 0 && x->clauses[cl->parent].id)
		return x->clauses[cl->parent].id;
	return x->chapters[cl->chapter].page;
}

/* "5.2 Title" of the clause that holds c, for a move. */
static char *place_text(const book *x, int c)
{
	const book_clause *cl = &x->clauses[c];
	int p = cl->parent >= 0 ? cl->parent : x->chapters[cl->chapter].clause;
	if (p < 0 || p == c)
		return xstrdup(x->chapters[cl->chapter].page);
	return xasprintf("%s %s", x->clauses[p].number ? x->clauses[p].number : "", x->clauses[p].title ? x->clauses[p].title : "");
}

/* The roles= of an appearance section, as one string ("" when none). */
static char *roles_attr_text(const book_clause *cl)
{
	buf o;
	buf_init(&o);
	buf_puts(&o, "");
	for (size_t i = 0; i < cl->nroles_attr; i++)
		buf_printf(&o, "%s%s", i ? " " : "", cl->roles_attr[i]);
	return buf_detach(&o);
}

/* ---- Affected roles ---- */

static void mark_role(ctx *d, const char *id)
{
	int i = strmap_get(&d->role_index, id);
	if (i >= 0)
		d->mask[i] = 1;
}

static void mark_all(ctx *d, const book *x)
{
	for (size_t r = 0; r < x->nroles; r++)
		mark_role(d, x->roles[r].id);
}

static void mark_term(ctx *d, const book *x, unsigned char **terms, int t)
{
	for (size_t r = 0; r < x->nroles; r++)
		if (terms[r][t])
			mark_role(d, x->roles[r].id);
}

/* The nearest clause at or above c with the given property. */
static int up_to_stage(const book *x, int c)
{
	for (; c >= 0; c = x->clauses[c].parent)
		if (x->clauses[c].stage >= 0)
			return c;
	return -1;
}

static int up_to_term(const book *x, int c)
{
	for (; c >= 0; c = x->clauses[c].parent)
		if (x->clauses[c].term >= 0)
			return c;
	return -1;
}

/* Marks the roles clause c of book x concerns: the roles whose onboarding
 * book holds it (FORMAT.md 7), and every role for book-wide material. */
static void mark_clause(ctx *d, const book *x, unsigned char **terms, int c)
{
	const book_clause *cl = &x->clauses[c];
	if (cl->depth == 0) {
		mark_all(d, x);
		return;
	}
	switch (x->chapters[cl->chapter].kind) {
	case CH_TERMS: {
		int tc = up_to_term(x, c);
		if (tc >= 0)
			mark_term(d, x, terms, x->clauses[tc].term);
		else
			mark_all(d, x);
		return;
	}
	case CH_ROLES:
		if (cl->file >= 0 && x->files[cl->file].role >= 0)
			mark_role(d, x->roles[x->files[cl->file].role].id);
		else
			mark_all(d, x);
		return;
	case CH_JOURNEY: {
		int sc = up_to_stage(x, c);
		int owner = sc >= 0 ? x->stages[x->clauses[sc].stage].owner_role : -1;
		if (owner >= 0)
			mark_role(d, x->roles[owner].id);
		else
			mark_all(d, x);
		return;
	}
	case CH_APPEARANCE: {
		int s = c;
		while (x->clauses[s].depth > 1)
			s = x->clauses[s].parent;
		const book_clause *sec = &x->clauses[s];
		for (size_t i = 0; i < sec->nroles_attr; i++) {
			if (strcmp(sec->roles_attr[i], "all") == 0)
				mark_all(d, x);
			else
				mark_role(d, sec->roles_attr[i]);
		}
		if (!sec->nroles_attr)
			mark_all(d, x);
		return;
	}
	default:
		mark_all(d, x);
	}
}

/* ---- Building the list ---- */

static diff_change *add_change(ctx *d, diff_kind k, diff_what w, const book *x, int c, char *old, char *new)
{
	diff_result *r = d->r;
	r->v = xgrow(r->v, &r->cap, r->n + 1, sizeof *r->v);
	diff_change *ch = &r->v[r->n++];
	memset(ch, 0, sizeof *ch);
	ch->old_role = -1;
	const book_clause *cl = &x->clauses[c];
	ch->kind = k;
	ch->what = w;
	ch->id = cl->id;
	ch->chapter = x->chapters[cl->chapter].page;
	ch->number = cl->number;
	ch->title = cl->title;
	ch->old = old;
	ch->new = new;
	ch->roles = NULL;
	ch->nroles = 0;
	return ch;
}

/* Moves the marked roles into the change (in role order) and clears the mask. */
static void take_roles(ctx *d, diff_change *ch)
{
	for (size_t i = 0; i < d->r->nroles; i++) {
		if (!d->mask[i])
			continue;
		ch->roles = xrealloc(ch->roles, (ch->nroles + 1) * sizeof *ch->roles);
		ch->roles[ch->nroles++] = (int)i;
		d->mask[i] = 0;
	}
}

static diff_what what_of(const book *x, int c)
{
	const book_clause *cl = &x->clauses[c];
	return cl->term >= 0 ? DW_TERM : cl->role >= 0 ? DW_ROLE : DW_CLAUSE;
}

static int str_differ(const char *s, const char *t)
{
	return strcmp(s ? s : "", t ? t : "") != 0;
}

/* Whether every role appearance section y covers, x covers too. */
static int covers_all(const book_clause *x, const book_clause *y)
{
	for (size_t i = 0; i < x->nroles_attr; i++)
		if (strcmp(x->roles_attr[i], "all") == 0)
			return 1;
	for (size_t j = 0; j < y->nroles_attr; j++) {
		size_t i = 0;
		while (i < x->nroles_attr && strcmp(x->roles_attr[i], y->roles_attr[j]) != 0)
			i++;
		if (i == x->nroles_attr)
			return 0;
	}
	return 1;
}

/* Whether appearance section cl covers role id. */
static int covers(const book_clause *cl, const char *id)
{
	for (size_t i = 0; i < cl->nroles_attr; i++)
		if (strcmp(cl->roles_attr[i], "all") == 0 || strcmp(cl->roles_attr[i], id) == 0)
			return 1;
	return 0;
}

/* The roles an appearance section's roles= change concerns: those it
 * now covers and did not, and those it no longer covers. A role covered
 * before and after has nothing new to read. */
static void mark_coverage_change(ctx *d, const book *a, const book *b, const book_clause *x, const book_clause *y)
{
	for (size_t i = 0; i < d->r->nroles; i++) {
		const char *id = d->r->role_ids[i];
		int before = book_find_role(a, id) >= 0 && covers(x, id);
		int after = book_find_role(b, id) >= 0 && covers(y, id);
		if (before != after)
			d->mask[i] = 1;
	}
}

/* Compares clause ca of the old book with clause cb of the new one. */
static void compare_clause(ctx *d, int ca, int cb)
{
	const book *a = d->r->a, *b = d->r->b;
	const book_clause *x = &a->clauses[ca], *y = &b->clauses[cb];
	diff_what w = what_of(b, cb);
	diff_change *ch;
	size_t moved = (size_t)-1; /* the move's change: an index, the list grows */
	if (strcmp(place_of(a, ca), place_of(b, cb)) != 0) {
		moved = d->r->n;
		ch = add_change(d, DIFF_MOVED, w, b, cb, place_text(a, ca), place_text(b, cb));
		mark_clause(d, a, d->terms_a, ca);
		mark_clause(d, b, d->terms_b, cb);
		take_roles(d, ch);
	}
	if (str_differ(x->title, y->title)) {
		ch = add_change(d, DIFF_RETITLED, w, b, cb, xstrdup(x->title ? x->title : ""), xstrdup(y->title ? y->title : ""));
		mark_clause(d, a, d->terms_a, ca);
		mark_clause(d, b, d->terms_b, cb);
		take_roles(d, ch);
	}
	char *ta = clause_text(a, ca), *tb = clause_text(b, cb);
	if (strcmp(ta, tb) != 0) {
		/* moved and reworded: one change (the move's roles are the same) */
		if (moved != (size_t)-1) {
			ch = &d->r->v[moved];
			ch->old_text = ta;
			ch->new_text = tb;
		} else {
			ch = add_change(d, DIFF_CHANGED, w, b, cb, ta, tb);
		}
		ch->old_shown = clause_shown(a, ca);
		ch->new_shown = clause_shown(b, cb);
		diffob_clause(ch, a, ca, b, cb);
		if (moved == (size_t)-1) {
			mark_clause(d, a, d->terms_a, ca);
			mark_clause(d, b, d->terms_b, cb);
			take_roles(d, ch);
		}
	} else {
		free(ta);
		free(tb);
	}
	if (x->stage >= 0 && y->stage >= 0) {
		const book_stage *sa = &a->stages[x->stage], *sb = &b->stages[y->stage];
		if (str_differ(sa->owner, sb->owner)) {
			ch = add_change(d, DIFF_MOVED, DW_OWNER, b, cb, xstrdup(sa->owner ? sa->owner : ""),
			                xstrdup(sb->owner ? sb->owner : ""));
			if (sa->owner)
				mark_role(d, sa->owner);
			if (sb->owner)
				mark_role(d, sb->owner);
			take_roles(d, ch);
		}
	}
	if (b->chapters[y->chapter].kind == CH_APPEARANCE && y->depth == 1 && a->chapters[x->chapter].kind == CH_APPEARANCE) {
		char *ra = roles_attr_text(x), *rb = roles_attr_text(y);
		if (strcmp(ra, rb) != 0) {
			ch = add_change(d, DIFF_CHANGED, DW_APPEARANCE_ROLES, b, cb, ra, rb);
			diffob_coverage(ch, b, cb, !covers_all(x, y), !covers_all(y, x));
			mark_coverage_change(d, a, b, x, y);
			take_roles(d, ch);
		} else {
			free(ra);
			free(rb);
		}
	}
}

/* Each role's onboarding-book terms: what a term change affects. */
static unsigned char **role_terms(const book *x)
{
	unsigned char **t = xcalloc(x->nroles ? x->nroles : 1, sizeof *t);
	for (size_t r = 0; r < x->nroles; r++) {
		book_view v;
		rolebook_view(x, (int)r, &v);
		t[r] = (unsigned char *)v.terms;
		free((void *)v.clauses);
	}
	return t;
}

static void free_terms(unsigned char **t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i]);
	free(t);
}

static void add_role_id(ctx *d, const char *id, const char *name)
{
	diff_result *r = d->r;
	if (strmap_get(&d->role_index, id) >= 0)
		return;
	r->role_ids = xrealloc(r->role_ids, (r->nroles + 1) * sizeof *r->role_ids);
	r->role_names = xrealloc(r->role_names, (r->nroles + 1) * sizeof *r->role_names);
	r->role_ids[r->nroles] = xstrdup(id);
	r->role_names[r->nroles] = xstrdup(name && *name ? name : id);
	strmap_set(&d->role_index, id, (int)r->nroles);
	r->nroles++;
}

/* The role whose file holds clause c of book x: its index, or -1. */
static int x_role_index(const book *x, int c)
{
	int f = x->clauses[c].file;
	return f >= 0 ? x->files[f].role : -1;
}

static const char *x_role_id(const book *x, int c)
{
	int r = x_role_index(x, c);
	return r >= 0 ? x->roles[r].id : "";
}

/* Whether change i's effect for each role is its clause's, rolediff's
 * answer: not a retitle next to another change of the same clause (its
 * move or its text carries the clause's effect, once). */
static int carries_clause(const diff_result *r, size_t i)
{
	if (r->v[i].kind != DIFF_RETITLED)
		return 1;
	const char *id = r->v[i].id;
	return !((i > 0 && strcmp(r->v[i - 1].id, id) == 0) || (i + 1 < r->n && strcmp(r->v[i + 1].id, id) == 0));
}

/* Each role's book compared (rolediff.h), and each change's effect for
 * each of its roles from it: the answer reread and the history give. A
 * removed role has no book now: the change's own effect. */
static void role_effects(diff_result *r)
{
	r->rd = xcalloc(r->nroles ? r->nroles : 1, sizeof *r->rd);
	for (size_t i = 0; i < r->nroles; i++) {
		int ri = book_find_role(r->b, r->role_ids[i]);
		if (ri >= 0)
			rolediff_compare(r->a, r->b, ri, &r->rd[i]);
	}
	for (size_t i = 0; i < r->n; i++) {
		diff_change *ch = &r->v[i];
		int own = carries_clause(r, i);
		ch->role_effects = xcalloc(ch->nroles ? ch->nroles : 1, sizeof *ch->role_effects);
		for (size_t k = 0; k < ch->nroles; k++) {
			diff_role_effect *e = &ch->role_effects[k];
			int role = ch->roles[k];
			e->effect = ch->effect;
			if (!own || book_find_role(r->b, r->role_ids[role]) < 0)
				continue;
			const rolediff_item *it = rolediff_find(&r->rd[role], ch->id);
			e->effect = it ? it->effect : OBLIG_EDITORIAL;
			int c = it && it->clause < 0 ? book_find_id(r->b, ch->id) : -1;
			if (c >= 0) {
				const char *now = r->b->clauses[c].number;
				e->left = 1;
				e->was = strcmp(it->number, now ? now : "") != 0 ? it->number : NULL;
			}
		}
	}
}

int diff_roles_differ(const diff_change *ch)
{
	for (size_t k = 0; k < ch->nroles; k++)
		if (ch->role_effects[k].left || ch->role_effects[k].effect != ch->effect)
			return 1;
	return 0;
}

void diff_books(const book *a, const book *b, diff_result *r)
{
	memset(r, 0, sizeof *r);
	r->a = a;
	r->b = b;
	ctx d = {r, {0}, NULL, NULL, NULL};
	strmap_init(&d.role_index);
	for (size_t i = 0; i < b->nroles; i++)
		add_role_id(&d, b->roles[i].id, b->roles[i].name);
	for (size_t i = 0; i < a->nroles; i++)
		add_role_id(&d, a->roles[i].id, a->roles[i].name);
	d.mask = xcalloc(r->nroles ? r->nroles : 1, 1);
	d.terms_a = role_terms(a);
	d.terms_b = role_terms(b);
	for (size_t c = 0; c < b->nclauses; c++) {
		const char *id = b->clauses[c].id;
		if (!id)
			continue;
		int ca = book_find_id(a, id);
		if (ca >= 0) {
			compare_clause(&d, ca, (int)c);
			continue;
		}
		diff_change *ch = add_change(&d, DIFF_ADDED, what_of(b, (int)c), b, (int)c, NULL, clause_text(b, (int)c));
		ch->new_shown = clause_shown(b, (int)c);
		diffob_clause(ch, a, -1, b, (int)c);
		mark_clause(&d, b, d.terms_b, (int)c);
		take_roles(&d, ch);
	}
	for (size_t c = 0; c < a->nclauses; c++) {
		const char *id = a->clauses[c].id;
		if (!id || book_find_id(b, id) >= 0)
			continue;
		diff_change *ch = add_change(&d, DIFF_REMOVED, what_of(a, (int)c), a, (int)c, clause_text(a, (int)c), NULL);
		ch->old_shown = clause_shown(a, (int)c);
		ch->old_role = book_find_role(b, x_role_id(a, (int)c)) < 0 ? x_role_index(a, (int)c) : -1;
		diffob_clause(ch, a, (int)c, b, -1);
		mark_clause(&d, a, d.terms_a, (int)c);
		take_roles(&d, ch);
	}
	role_effects(r);
	free_terms(d.terms_a, a->nroles);
	free_terms(d.terms_b, b->nroles);
	free(d.mask);
	strmap_free(&d.role_index);
}

void diff_free(diff_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].old);
		free(r->v[i].new);
		free(r->v[i].roles);
		free(r->v[i].old_shown);
		free(r->v[i].new_shown);
		free(r->v[i].old_text);
		free(r->v[i].new_text);
		free(r->v[i].role_effects);
		diffob_free(&r->v[i]);
	}
	free(r->v);
	for (size_t i = 0; r->rd && i < r->nroles; i++)
		rolediff_free(&r->rd[i]);
	free(r->rd);
	for (size_t i = 0; i < r->nroles; i++) {
		free(r->role_ids[i]);
		free(r->role_names[i]);
	}
	free(r->role_ids);
	free(r->role_names);
	memset(r, 0, sizeof *r);
}

/* ---- Word diff ---- */

typedef struct {
	const char *p;
	size_t len;
} word;

static word *split_words(const char *s, size_t *n)
{
	word *v = NULL;
	size_t cap = 0;
	*n = 0;
	while (s && *s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		const char *e = strchr(s, ' ');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		v = xgrow(v, &cap, *n + 1, sizeof *v);
		v[*n].p = s;
		v[(*n)++].len = len;
		s += len;
	}
	return v;
}

static int same_word(const word *x, const word *y)
{
	return x->len == y->len && memcmp(x->p, y->p, x->len) == 0;
}

void diff_words(const char *old, const char *new, diff_emit emit, void *ctxp)
{
	size_t na, nb;
	word *a = split_words(old, &na), *b = split_words(new, &nb);
	size_t pre = 0, suf = 0;
	while (pre < na && pre < nb && same_word(&a[pre], &b[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre && same_word(&a[na - 1 - suf], &b[nb - 1 - suf]))
		suf++;
	for (size_t i = 0; i < pre; i++)
		emit(ctxp, ' ', a[i].p, a[i].len);
	size_t m = na - pre - suf, n = nb - pre - suf;
	word *x = a + pre, *y = b + pre;
	if (m && n && (unsigned long long)(m + 1) * (n + 1) <= WORD_CELLS_MAX) {
		/* L[i][j]: the longest common subsequence of x[i..] and y[j..] */
		unsigned *L = xcalloc((m + 1) * (n + 1), sizeof *L);
#define AT(i, j) L[(i) * (n + 1) + (j)]
		for (size_t i = m; i-- > 0;)
			for (size_t j = n; j-- > 0;)
				AT(i, j) = same_word(&x[i], &y[j]) ? AT(i + 1, j + 1) + 1
				           : AT(i + 1, j) >= AT(i, j + 1) ? AT(i + 1, j) : AT(i, j + 1);
		size_t i = 0, j = 0;
		while (i < m || j < n) {
			if (i < m && j < n && same_word(&x[i], &y[j])) {
				emit(ctxp, ' ', x[i].p, x[i].len);
				i++, j++;
			} else if (i < m && (j == n || AT(i + 1, j) >= AT(i, j + 1))) {
				emit(ctxp, '-', x[i].p, x[i].len);
				i++;
			} else {
				emit(ctxp, '+', y[j].p, y[j].len);
				j++;
			}
		}
#undef AT
		free(L);
	} else {
		for (size_t i = 0; i < m; i++)
			emit(ctxp, '-', x[i].p, x[i].len);
		for (size_t j = 0; j < n; j++)
			emit(ctxp, '+', y[j].p, y[j].len);
	}
	for (size_t i = na - suf; i < na; i++)
		emit(ctxp, ' ', a[i].p, a[i].len);
	free(a);
	free(b);
}

/* ---- Output ---- */

static const char *const kind_names[] = {"added", "removed", "changed", "retitled", "moved"};
static const char *const what_names[] = {"clause", "term", "role", "owner", "appearance-roles"};

/* Whether a change concerns every role of either book. */
int diff_all_roles(const diff_result *r, const diff_change *ch)
{
	return r->nroles > 1 && ch->nroles == r->nroles;
}

/* Unchanged words kept around a change; longer unchanged runs are elided. */
#define CONTEXT_WORDS 6

typedef struct {
	char mark;
	const char *p;
	size_t len;
} token;

typedef struct {
	token *v;
	size_t n, cap;
} tokens;

static void collect(void *ctxp, char mark, const char *w, size_t len)
{
	tokens *t = ctxp;
	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
	t->v[t->n].mark = mark;
	t->v[t->n].p = w;
	t->v[t->n++].len = len;
}


/* Whether unchanged word i is far (more than CONTEXT_WORDS) from any change. */
static int far_from_change(const tokens *t, size_t i)
{
	size_t lo = i > CONTEXT_WORDS ? i - CONTEXT_WORDS : 0, hi = i + CONTEXT_WORDS;
	for (size_t k = lo; k <= hi && k < t->n; k++)
		if (t->v[k].mark != ' ')
			return 0;
	return 1;
}

void diff_render_words(FILE *out, const char *old, const char *new, const diff_style *st)
{
	tokens t = {NULL, 0, 0};
	diff_words(old, new, collect, &t);
	char open = 0;
	int elided = 0, first = 1;
	for (size_t i = 0; i < t.n; i++) {
		const token *k = &t.v[i];
		if (k->mark == ' ' && far_from_change(&t, i)) {
			if (!elided) {
				if (open == '-' || open == '+')
					fputs(open == '-' ? st->del_close : st->ins_close, out);
				fputs(first ? "" : " ", out);
				fputs(st->elision, out);
				open = 0;
				first = 0;
			}
			elided = 1;
			continue;
		}
		elided = 0;
		if (open != k->mark) {
			if (open == '-' || open == '+')
				fputs(open == '-' ? st->del_close : st->ins_close, out);
			fputs(first ? "" : " ", out);
			if (k->mark != ' ')
				fputs(k->mark == '-' ? st->del_open : st->ins_open, out);
			open = k->mark;
		} else {
			fputc(' ', out);
		}
		first = 0;
		st->put(out, k->p, k->len);
	}
	if (open == '-' || open == '+')
		fputs(open == '-' ? st->del_close : st->ins_close, out);
	free(t.v);
}

static void json_str_or_null(FILE *out, const char *s)
{
	if (s)
		report_json_str(out, s);
	else
		fputs("null", out);
}

/* "role_effects": per affected role its effect, and when the clause left
 * its book (reread's "gone": "left-role") the number it had there. */
static void write_json_roles(FILE *out, const diff_result *r, const diff_change *ch)
{
	fputs(", \"role_effects\": [", out);
	for (size_t k = 0; k < ch->nroles; k++) {
		const diff_role_effect *e = &ch->role_effects[k];
		fputs(k ? ", {\"role\": " : "{\"role\": ", out);
		report_json_str(out, r->role_ids[ch->roles[k]]);
		fprintf(out, ", \"effect\": \"%s\"", oblig_effect_name(e->effect));
		if (e->left)
			fputs(", \"gone\": \"left-role\"", out);
		if (e->was) {
			fputs(", \"old_number\": ", out);
			report_json_str(out, e->was);
		}
		fputc('}', out);
	}
	fputc(']', out);
}

static void write_json(FILE *out, const diff_result *r)
{
	/* the versions compared (book.lua version), for a consumer that
	 * files the changes under them */
	fputs("{\"old_version\": ", out);
	json_str_or_null(out, r->a->config.version);
	fputs(", \"new_version\": ", out);
	json_str_or_null(out, r->b->config.version);
	fputs(",\n \"changes\": [", out);
	for (size_t i = 0; i < r->n; i++) {
		const diff_change *ch = &r->v[i];
		fputs(i ? ",\n  {" : "\n  {", out);
		fputs("\"id\": ", out);
		report_json_str(out, ch->id);
		fprintf(out, ", \"kind\": \"%s\", \"what\": \"%s\", \"chapter\": ", kind_names[ch->kind], what_names[ch->what]);
		report_json_str(out, ch->chapter);
		fputs(", \"number\": ", out);
		report_json_str(out, ch->number);
		fputs(", \"title\": ", out);
		report_json_str(out, ch->title);
		fputs(", \"roles\": [", out);
		for (size_t k = 0; k < ch->nroles; k++) {
			if (k)
				fputs(", ", out);
			report_json_str(out, r->role_ids[ch->roles[k]]);
		}
		fputs("], \"old\": ", out);
		json_str_or_null(out, ch->old);
		fputs(", \"new\": ", out);
		json_str_or_null(out, ch->new);
		if (ch->old_text) {
			fputs(", \"old_text\": ", out);
			report_json_str(out, ch->old_text);
			fputs(", \"new_text\": ", out);
			report_json_str(out, ch->new_text);
		}
		diffob_json(out, r, ch);
		write_json_roles(out, r, ch);
		fputc('}', out);
	}
	fputs(r->n ? "\n]}\n" : "]}\n", out);
}

void diff_write(FILE *out, diff_format f, const diff_result *r)
{
	switch (f) {
	case DIFF_TEXT:
		difftext_write(out, r);
		break;
	case DIFF_MARKDOWN:
		diffmd_write(out, r);
		break;
	case DIFF_JSON:
		write_json(out, r);
		break;
	}
}

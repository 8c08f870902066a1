/* docbook_chapter.c - chapters and sections of the DocBook book, what a
 * heading's attributes say (as the HTML shows it), the roles chapter's
 * overview and the glossary. */
#include "docbook_int.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- chapters, sections, the glossary ---- */

static void open_division(dbk *d, const char *name, int c)
{
	const book_clause *cl = &d->b->clauses[c];
	dbk_start_block(d, name);
	dbk_attr(d, "xml:id", cl->id);
	if (cl->number)
		dbk_attr(d, "label", cl->number);
	dbk_write_title(d, c);
}

/* ---- what a heading's attributes say, as the HTML shows it ---- */

/* A link to clause c showing text, or the text alone when c is not in
 * this book (an onboarding book leaves other roles out). */
static void put_clause_link(dbk *d, int c, const char *text)
{
	int shown = c >= 0 && (size_t)c < d->b->nclauses && d->shown[c];
	if (shown) {
		dbk_start(d, "link");
		dbk_attr(d, "linkend", d->b->clauses[c].id);
	}
	dbk_put_text(d, text);
	if (shown)
		dbk_end(d);
}

static void put_role_link(dbk *d, int r)
{
	const book_role *role = &d->b->roles[r];
	put_clause_link(d, role->clause, role->name ? role->name : role->id);
}

static void start_meta(dbk *d, const char *role, const char *word)
{
	dbk_start_block(d, "para");
	dbk_attr(d, "role", role);
	if (word) {
		dbk_put_text(d, book_word(d->b->config.language, word));
		dbk_put_text(d, ": ");
	}
}

/* "Owner: ROLE" for stage st (its written id when no role has it, or
 * "not assigned"). */
static void write_owner(dbk *d, const book_stage *st)
{
	start_meta(d, "owner", "owner");
	if (st->owner_role >= 0)
		put_role_link(d, st->owner_role);
	else
		dbk_put_text(d, st->owner ? st->owner : book_word(d->b->config.language, "no-owner"));
	dbk_end(d);
}

/* The lines the HTML puts under a heading (templates/_clauses.html): a
 * role's level and line, a stage's owner, the stage a role's section is
 * the standard for, the roles an appearance section covers. Returns the
 * number of blocks written. */
static int write_meta(dbk *d, int c)
{
	const book *b = d->b;
	const book_clause *cl = &b->clauses[c];
	book_lang lang = b->config.language;
	int count = 0;
	if (cl->role >= 0 && b->roles[cl->role].clause == c && b->roles[cl->role].level != LEVEL_NONE) {
		const book_role *role = &b->roles[cl->role];
		static const char *const level_words[] = {[LEVEL_PROVIDER] = "provider",
							  [LEVEL_SUPPORT] = "support",
							  [LEVEL_MANAGEMENT] = "management"};
		start_meta(d, "role-level", NULL);
		dbk_put_text(d, book_word(lang, level_words[role->level]));
		if (role->line) {
			char n[64];
			snprintf(n, sizeof n, ", %s %d", book_word(lang, "line"), role->line);
			dbk_put_text(d, n);
		}
		dbk_end(d);
		count++;
	}
	if (cl->stage >= 0) {
		write_owner(d, &b->stages[cl->stage]);
		count++;
	}
	if (cl->stage_ref) {
		int sc = book_find_id(b, cl->stage_ref);
		if (sc >= 0 && b->clauses[sc].stage >= 0) {
			start_meta(d, "stage-ref", "standard-for");
			put_clause_link(d, sc, b->stages[b->clauses[sc].stage].name);
			dbk_end(d);
			count++;
		}
	}
	if (cl->nroles_attr) {
		int all = 0, first = 1;
		for (size_t i = 0; i < cl->nroles_attr; i++)
			all |= strcmp(cl->roles_attr[i], "all") == 0;
		start_meta(d, "covers", all ? NULL : "covers");
		if (all)
			dbk_put_text(d, book_word(lang, "covers-all"));
		for (size_t i = 0; i < cl->nroles_attr && !all; i++) {
			if (!first)
				dbk_put_text(d, ", ");
			first = 0;
			int r = book_find_role(b, cl->roles_attr[i]);
			if (r >= 0)
				put_role_link(d, r);
			else
				dbk_put_text(d, cl->roles_attr[i]);
		}
		dbk_end(d);
		count++;
	}
	return count;
}

/* ---- the roles chapter's overview ---- */

/* An unnumbered section of the overview: its title, a variablelist open. */
static void start_overview_list(dbk *d, const char *word)
{
	dbk_start_block(d, "section");
	dbk_start_block(d, "title");
	dbk_put_text(d, book_word(d->b->config.language, word));
	dbk_end(d);
	dbk_start_block(d, "variablelist");
}

/* The roles of list[0..n) as links, "a, b", or "—" for none. */
static void put_role_list(dbk *d, const int *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			dbk_put_text(d, ", ");
		put_role_link(d, list[i]);
	}
	if (!n)
		dbk_put_text(d, book_word(d->b->config.language, "none"));
}

/* One entry: term, then the roles of list[0..n) as links, or "—". */
static void overview_entry(dbk *d, const char *term, const int *list, size_t n)
{
	dbk_start_block(d, "varlistentry");
	dbk_start_block(d, "term");
	dbk_put_text(d, term);
	dbk_end(d);
	dbk_start_block(d, "listitem");
	dbk_start_block(d, "para");
	put_role_list(d, list, n);
	dbk_end(d);
	dbk_end(d);
	dbk_end(d);
}

/* What the HTML's roles page opens with (templates/_overview.html), in
 * lists a printed book can hold: the service pyramid and the support
 * lines, roles by level and by line, and the responsibility matrix as a
 * list of stages, each with its owner and the roles with a standard for
 * it (a table of stages by roles is a million cells in a big book). When
 * the plan says so (the whole book), in its role order. Returns the
 * number of sections written. */
static int write_overview(dbk *d)
{
	const book *b = d->b;
	const plan *p = d->p;
	book_lang lang = b->config.language;
	if (!p->overview)
		return 0;
	int *list = xmalloc(b->nroles * sizeof *list);
	int count = 0;
	start_overview_list(d, "pyramid");
	for (size_t k = 0; k < 4; k++) {
		size_t n = plan_level_roles(p, plan_tiers[k], list);
		const char *word = book_level_name(plan_tiers[k]);
		if (plan_tiers[k] != LEVEL_NONE || n)
			overview_entry(d, book_word(lang, word ? word : "other"), list, n);
	}
	dbk_end(d);
	dbk_end(d);
	count++;
	if (p->any_line) {
		start_overview_list(d, "lines");
		for (int line = 1; line <= 3; line++) {
			size_t n = plan_line_roles(p, line, list);
			char term[64];
			snprintf(term, sizeof term, "%s %d", book_word(lang, "line"), line);
			overview_entry(d, term, list, n);
		}
		dbk_end(d);
		dbk_end(d);
		count++;
	}
	if (b->nstages) {
		start_overview_list(d, "matrix");
		for (size_t s = 0; s < b->nstages; s++) {
			const book_stage *st = &b->stages[s];
			dbk_start_block(d, "varlistentry");
			dbk_start_block(d, "term");
			put_clause_link(d, st->clause, st->name);
			dbk_end(d);
			dbk_start_block(d, "listitem");
			write_owner(d, st);
			size_t n = plan_stage_roles(p, (int)s, list);
			start_meta(d, "covered", "has-standard");
			put_role_list(d, list, n);
			dbk_end(d);
			dbk_end(d);
			dbk_end(d);
		}
		dbk_end(d);
		dbk_end(d);
		count++;
	}
	free(list);
	return count;
}

/* One entry of the role's summary: term (a word of book_word), then what
 * put writes; the listitem's para left open for the caller to end. */
static void start_summary_entry(dbk *d, const char *word)
{
	dbk_start_block(d, "varlistentry");
	dbk_start_block(d, "term");
	if (word)
		dbk_put_text(d, book_word(d->b->config.language, word));
	dbk_end(d);
	dbk_start_block(d, "listitem");
	dbk_start_block(d, "para");
}

static void end_summary_entry(dbk *d)
{
	dbk_end(d);
	dbk_end(d);
	dbk_end(d);
}

/* What a role book's roles chapter opens with (the HTML's
 * templates/_summary.html): its role, linked to its standard, its tier
 * and support line, and each stage it owns or has a standard for, with
 * that standard. Returns the number of blocks written. */
static int write_summary(dbk *d)
{
	const book *b = d->b;
	int r = d->p->summary_role;
	if (r < 0)
		return 0;
	book_lang lang = b->config.language;
	const book_role *role = &b->roles[r];
	dbk_start_block(d, "variablelist");
	dbk_attr(d, "role", "role-summary");
	start_summary_entry(d, "role");
	put_role_link(d, r);
	end_summary_entry(d);
	if (role->level != LEVEL_NONE) {
		start_summary_entry(d, "pyramid");
		dbk_put_text(d, book_word(lang, book_level_name(role->level)));
		end_summary_entry(d);
	}
	if (role->line > 0) {
		char n[64];
		snprintf(n, sizeof n, "%s %d", book_word(lang, "line"), role->line);
		start_summary_entry(d, "lines");
		dbk_put_text(d, n);
		end_summary_entry(d);
	}
	int *list = xmalloc((b->nstages ? b->nstages : 1) * sizeof *list);
	size_t n = plan_role_stages(d->p, r, list);
	for (size_t i = 0; i < n; i++) {
		const book_stage *st = &b->stages[list[i]];
		int sec = plan_stage_section(d->p, list[i], r);
		dbk_start_block(d, "varlistentry");
		dbk_start_block(d, "term");
		dbk_put_text(d, book_word(lang, "stage"));
		dbk_put_text(d, ": ");
		put_clause_link(d, st->clause, st->name);
		dbk_end(d);
		dbk_start_block(d, "listitem");
		dbk_start_block(d, "para");
		if (st->owner_role == r) {
			dbk_put_text(d, book_word(lang, "owner-mark"));
			dbk_put_text(d, "; ");
		}
		dbk_put_text(d, book_word(lang, "standard-for"));
		dbk_put_text(d, ": ");
		for (int k = sec; k >= 0; k = plan_stage_next(d->p, k)) {
			if (k != sec)
				dbk_put_text(d, ", ");
			put_clause_link(d, k, b->clauses[k].title);
		}
		if (sec < 0)
			dbk_put_text(d, book_word(lang, "none"));
		end_summary_entry(d);
	}
	free(list);
	dbk_end(d);
	return 1;
}

/* 1 when clause c of the terms chapter belongs to a term (rendered in the
 * glossary, not as a section). */
static int in_term(const book *b, int c)
{
	while (c >= 0 && b->clauses[c].depth > 1)
		c = b->clauses[c].parent;
	return c >= 0 && b->clauses[c].depth == 1 && b->clauses[c].term >= 0;
}

/* "Used in: 2.1, 4.3." - the clauses (in this output) that refer to term
 * t, in document order, each once (plan.h). Returns 1 when written. */
static int write_used_in(dbk *d, int t)
{
	const book *b = d->b;
	plan_uses u = plan_term_uses(d->p, t);
	if (!u.n)
		return 0;
	dbk_start_block(d, "para");
	dbk_attr(d, "role", "used-in");
	dbk_put_text(d, book_word(b->config.language, "used-in"));
	dbk_put_text(d, ": ");
	for (size_t i = 0; i < u.n; i++) {
		if (i)
			dbk_put_text(d, ", ");
		dbk_start(d, "link");
		dbk_attr(d, "linkend", b->clauses[u.clauses[i]].id);
		/* a term's entry has no number in the glossary: its name */
		const book_clause *c = &b->clauses[u.clauses[i]];
		dbk_put_text(d, c->number && c->term < 0 ? c->number : c->title);
		dbk_end(d);
	}
	dbk_put_text(d, ".");
	dbk_end(d);
	return 1;
}

static void write_glossentry(dbk *d, int t)
{
	const book *b = d->b;
	int tc = b->terms[t].clause;
	dbk_start_block(d, "glossentry");
	dbk_attr(d, "xml:id", b->clauses[tc].id);
	dbk_start_block(d, "glossterm");
	dbk_write_heading_inlines(d, tc);
	dbk_end(d);
	dbk_start_block(d, "glossdef");
	int count = 0;
	if (b->terms[t].naka) {
		start_meta(d, "aka", "aka");
		for (size_t k = 0; k < b->terms[t].naka; k++) {
			if (k)
				dbk_put_text(d, ", ");
			dbk_put_text(d, b->terms[t].aka[k]);
		}
		dbk_end(d);
		count++;
	}
	count += dbk_write_body(d, tc);
	/* Clauses below a term are part of its definition: a bridgehead with
	 * the clause's id (references to it still resolve), then its blocks. */
	for (size_t i = (size_t)tc + 1; i < b->nclauses && b->clauses[i].depth > b->clauses[tc].depth &&
					 b->clauses[i].chapter == b->clauses[tc].chapter;
	     i++) {
		if (!d->shown[i])
			continue;
		dbk_start_block(d, "bridgehead");
		dbk_attr(d, "xml:id", b->clauses[i].id);
		if (b->clauses[i].number) {
			dbk_put_text(d, b->clauses[i].number);
			dbk_put_text(d, " ");
		}
		dbk_write_heading_inlines(d, (int)i);
		dbk_end(d);
		count++;
		count += dbk_write_body(d, (int)i);
	}
	count += write_used_in(d, t);
	if (!count)
		dbk_empty_para(d);
	dbk_end(d);
	dbk_end(d);
}

/* The terms as a glossary at the end of their chapter: the glossary keeps
 * the chapter's number and introduction, and DocBook allows navigation
 * components after a chapter's blocks and sections. */
static void write_glossary(dbk *d, int ch)
{
	const book *b = d->b;
	const plan *p = d->p;
	int any = 0;
	for (size_t i = 0; i < p->ngloss; i++) {
		int t = p->gloss[i];
		if (b->clauses[b->terms[t].clause].chapter != ch)
			continue;
		if (!any++) {
			dbk_start_block(d, "glossary");
			dbk_start_block(d, "title");
			dbk_put_text(d, book_word(b->config.language, "glossary"));
			dbk_end(d);
		}
		write_glossentry(d, t);
	}
	if (any)
		dbk_end(d);
}

typedef struct {
	int clause;
	int count; /* blocks and child sections written */
} open_sec;

void dbk_write_chapter(dbk *d, int ch)
{
	const book *b = d->b;
	const book_chapter *chap = &b->chapters[ch];
	int cc = chap->clause;
	open_division(d, "chapter", cc);
	int count = dbk_write_body(d, cc);
	if (chap->kind == CH_ROLES)
		count += write_overview(d) + write_summary(d);
	int terms = chap->kind == CH_TERMS;
	open_sec *stack = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = (size_t)cc + 1; i < b->nclauses; i++) {
		const book_clause *cl = &b->clauses[i];
		if (cl->chapter != ch || cl->depth == 0 || !d->shown[i])
			continue;
		if (terms && in_term(b, (int)i))
			continue;
		/* Close the open sections that are not its ancestors. */
		while (n && stack[n - 1].clause != cl->parent) {
			if (!stack[n - 1].count)
				dbk_empty_para(d);
			dbk_end(d);
			n--;
		}
		if (n)
			stack[n - 1].count++;
		else
			count++;
		open_division(d, "section", (int)i);
		stack = xgrow(stack, &cap, n + 1, sizeof *stack);
		stack[n].clause = (int)i;
		stack[n].count = write_meta(d, (int)i);
		stack[n].count += dbk_write_body(d, (int)i);
		n++;
	}
	while (n) {
		if (!stack[n - 1].count)
			dbk_empty_para(d);
		dbk_end(d);
		n--;
	}
	free(stack);
	if (!count)
		dbk_empty_para(d); /* a chapter needs a block or a section */
	if (terms)
		write_glossary(d, ch);
	dbk_end(d);
}

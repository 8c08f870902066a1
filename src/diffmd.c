/* diffmd.c - the pull-request comment of svcbook diff: a hidden marker,
 * the versions, per role the clauses to re-read (linked to their entries),
 * then each change: what happened, the effect on the obligations and each
 * changed obligation in words, the text's word diff folded. Every piece of
 * the book's text is escaped; no source syntax (attributes, [[...]]) is
 * shown; the whole stays under DIFFMD_MAX bytes. */
#include "diffmd.h"
#include "diffob.h"
#include "diffword.h"
#include "rolediff.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* One entry whose text is longer than this loses its word diff. */
#define ENTRY_MAX 6000
/* Room kept for the closing lines. */
#define TAIL_ROOM 1000
/* Entries shown before the rest is folded. */
#define OPEN_ENTRIES 15
/* Clause numbers listed on one role's line before "and N more". */
#define LINE_NUMBERS 40

typedef struct {
	const char *heading, *version, *unchanged, *count, *no_changes, *reread, *all_roles, *new_role,
		*role_removed, *and_more, *changes, *text, *more, *cut, *cut_tail, *long_text, *none, *gained,
		*lost, *owner, *nobody, *unbumped, *unbumped_tail;
	const char *whats[DWN_COUNT]; /* a clause's none: "— добавлен"; the kind is diffword.h's */
} words;

static const words ru_words = {
	"Изменения в стандартах", "Версия", "не изменилась", "Изменений", "Изменений нет.",
	"Кому что перечитать", "Все роли", "новая роль", "роль удалена", "и ещё", "Что изменилось", "Текст",
	"Ещё изменений", "Не поместилось в комментарий изменений", "все покажет `svcbook diff`",
	"Текст слишком длинный для комментария, слов", "нет", "Теперь для", "Больше не для",
	"Ответственный за этап", "Обязательства ни одной роли не изменились: перечитывать никому не нужно.",
	"**Внимание:** обязательства изменились, а версия (`version` в book.lua) — нет, она по-прежнему",
	"`svcbook reread` никого не попросит перечитать, пока версию не поднимут.",
	{"", "этап", "термин", "роль", "ответственный за этап", "роли раздела"},
};
static const words en_words = {
	"Changes to the standards", "Version", "unchanged", "Changes", "No changes.",
	"What to re-read, by role", "All roles", "new role", "role removed", "and more:", "What changed", "Text",
	"More changes", "Changes left out of this comment", "`svcbook diff` shows them all",
	"The text is too long for the comment, words", "none", "Now for", "No longer for",
	"Stage owner", "No role's obligations changed: nobody needs to re-read.",
	"**Warning:** the obligations changed but the version (`version` in book.lua) did not: it is still",
	"`svcbook reread` will ask nobody to re-read until it is raised.",
	{"", "", "term", "role", "stage owner", "section roles"},
};

static FILE *mem_open(char **s, size_t *len)
{
	FILE *f = open_memstream(s, len);
	if (!f) {
		fputs("svcbook: out of memory\n", stderr);
		exit(2);
	}
	return f;
}

/* Text from the book: every ASCII punctuation character that means
 * something to CommonMark, GFM or a forge (mentions, HTML, entities) is
 * backslash-escaped, so no source can add markup, HTML, a mention or an
 * issue link to the comment. */
static void md_text(FILE *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' || c == '\r')
			c = ' ';
		if (c < 0x80 && c && strchr("\\`*_[]<>()#+-.!|~@&", c))
			fputc('\\', out);
		fputc(c, out);
	}
}

static void md_str(FILE *out, const char *s)
{
	md_text(out, s ? s : "", s ? strlen(s) : 0);
}

/* GFM strikethrough and strong emphasis, not HTML: a comment's HTML is
 * sanitized differently by each forge. */
static const diff_style md_style = {"~~", "~~", "**", "**", "…", md_text};

/* The anchor of a change's entry, and a link to it. ids are NCNames:
 * nothing in them means anything to Markdown or HTML. */
static void put_anchor(FILE *out, const char *id)
{
	fprintf(out, "<a name=\"svcbook-%s\"></a>", id);
}

/* A clause number ("4.2.1") as it is: digits and dots need no escape
 * where it stands (never at the start of a line). */
static void put_number(FILE *out, const char *number)
{
	for (const char *p = number ? number : ""; *p; p++) {
		if ((*p < '0' || *p > '9') && *p != '.')
			fputc('\\', out);
		fputc(*p, out);
	}
}

static void put_link(FILE *out, const char *number, const char *id)
{
	fputc('[', out);
	if (number && *number)
		put_number(out, number);
	else
		md_str(out, id);
	fprintf(out, "](#svcbook-%s)", id);
}

/* Whether the change is part of a removed role (shown as that one line). */
static int in_removed_role(const diff_change *ch)
{
	return ch->old_role >= 0;
}

/* Whether change i is the first of r's changes with its id. */
static int first_of_id(const diff_result *r, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (strcmp(r->v[j].id, r->v[i].id) == 0)
			return 0;
	return 1;
}

/* Whether the comment has an entry for clause id (a link can point at it). */
static int has_entry(const diff_result *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].id && strcmp(r->v[i].id, id) == 0)
			return 1;
	return 0;
}

/* A clause that left the role's book but not the book: its old number
 * may be another clause's now, so its title, linked, and the number it
 * had (reread's words): "[Хранение багажа](#…) (был 5.2.2, больше не
 * для этой роли)". */
static void put_left(FILE *out, const diff_result *r, const rolediff_item *it)
{
	book_lang lang = r->b->config.language;
	int c = book_find_id(r->a, it->id), now = book_find_id(r->b, it->id);
	const char *num = r->b->clauses[now].number ? r->b->clauses[now].number : "";
	int link = has_entry(r, it->id); /* a chapter left with its stages has none */
	if (strcmp(num, it->number) == 0) { /* its number stayed: that number */
		if (link)
			put_link(out, it->number, it->id);
		else
			put_number(out, it->number);
		fprintf(out, " (%s)", diffword_left(lang));
		return;
	}
	fputs(link ? "[" : "", out);
	md_str(out, c >= 0 && r->a->clauses[c].title ? r->a->clauses[c].title : it->id);
	if (link)
		fprintf(out, "](#svcbook-%s)", it->id);
	fputs(" (", out);
	if (*it->number) {
		fprintf(out, "%s ", diffword_was(lang));
		put_number(out, it->number);
		fputs(", ", out);
	}
	fprintf(out, "%s)", diffword_left(lang));
}

/* Links to the items of d, but those every role has (shown once). */
static void put_items(FILE *out, const diff_result *r, const rolediff *d, const rolediff *all,
		      const words *w)
{
	size_t shown = 0, total = 0;
	for (size_t k = 0; k < d->n; k++) {
		const rolediff_item *it = &d->v[k];
		if (all && rolediff_find(all, it->id))
			continue;
		total++;
		if (shown == LINE_NUMBERS)
			continue;
		fputs(shown ? ", " : "", out);
		if (it->clause < 0 && book_find_id(r->b, it->id) >= 0) {
			put_left(out, r, it);
			shown++;
			continue;
		}
		if (has_entry(r, it->id))
			put_link(out, it->number, it->id);
		else if (*it->number)
			put_number(out, it->number);
		else
			md_str(out, it->id);
		shown++;
	}
	if (total > shown)
		fprintf(out, " %s %zu", w->and_more, total - shown);
}

/* "Кому что перечитать": per role, the clauses whose obligations changed
 * in its book (rolediff.h, the answer `svcbook reread` gives), those that
 * every role has once, as "all roles"; a removed role is one line. */
static void put_reread(FILE *out, const diff_result *r, const words *w)
{
	size_t nb = r->b->nroles;
	rolediff *d = xcalloc(nb ? nb : 1, sizeof *d);
	for (size_t i = 0; i < nb; i++)
		rolediff_compare(r->a, r->b, (int)i, &d[i]);
	/* the items of the first role that every other role has too, in its
	 * book (a clause that left one role's book for another's is no
	 * clause of all roles) */
	rolediff all = {0};
	for (size_t k = 0; nb > 1 && k < d[0].n; k++) {
		size_t i = 1;
		const rolediff_item *it;
		while (i < nb && d[0].v[k].clause >= 0 && (it = rolediff_find(&d[i], d[0].v[k].id)) && it->clause >= 0)
			i++;
		if (i == nb) {
			all.v = xgrow(all.v, &all.cap, all.n + 1, sizeof *all.v);
			all.v[all.n++] = (rolediff_item){xstrdup(d[0].v[k].id), xstrdup(d[0].v[k].number),
							 d[0].v[k].clause, d[0].v[k].effect};
		}
	}
	fprintf(out, "### %s\n\n", w->reread);
	int any = 0;
	if (all.n) {
		fprintf(out, "- **%s**: ", w->all_roles);
		put_items(out, r, &all, NULL, w);
		fputc('\n', out);
		any = 1;
	}
	for (size_t role = 0; role < r->nroles; role++) {
		const char *id = r->role_ids[role];
		int ri = book_find_role(r->b, id);
		if (ri < 0) {
			fputs("- **", out);
			md_str(out, r->role_names[role]);
			fprintf(out, "** (`%s`): %s\n", id, w->role_removed);
			any = 1;
			continue;
		}
		if (d[ri].n == all.n)
			continue;
		fputs("- **", out);
		md_str(out, r->role_names[role]);
		fputs("**", out);
		if (book_find_role(r->a, id) < 0)
			fprintf(out, " (%s)", w->new_role);
		fputs(": ", out);
		put_items(out, r, &d[ri], &all, w);
		fputc('\n', out);
		any = 1;
	}
	if (!any)
		fprintf(out, "%s\n", w->nobody);
	fputc('\n', out);
	for (size_t i = 0; i < nb; i++)
		rolediff_free(&d[i]);
	free(d);
	rolediff_free(&all);
}

/* The roles an appearance section's roles= now names and no longer names. */
static void put_coverage(FILE *out, const diff_result *r, const diff_change *ch, const words *w)
{
	int any = 0;
	for (int side = 0; side < 2; side++) {
		int first = 1;
		for (size_t k = 0; k < ch->nroles; k++) {
			const char *id = r->role_ids[ch->roles[k]];
			int c = book_find_id(r->b, ch->id);
			int now = 0;
			if (c >= 0)
				for (size_t j = 0; j < r->b->clauses[c].nroles_attr; j++)
					now |= !strcmp(r->b->clauses[c].roles_attr[j], id) ||
					       !strcmp(r->b->clauses[c].roles_attr[j], "all");
			if (now != !side)
				continue;
			if (first)
				fprintf(out, "%s%s: ", side && any ? " " : "", side ? w->lost : w->gained);
			else
				fputs(", ", out);
			md_str(out, r->role_names[ch->roles[k]]);
			first = 0;
			any = 1;
		}
		if (!first)
			fputc('.', out);
	}
	fputs("\n\n", out);
}

static const char *role_name(const diff_result *r, const char *id)
{
	for (size_t i = 0; i < r->nroles; i++)
		if (strcmp(r->role_ids[i], id) == 0)
			return r->role_names[i];
	return id;
}

static size_t count_words(const char *s)
{
	size_t n = 0;
	for (int in = 0; s && *s; s++) {
		int sp = *s == ' ';
		n += !sp && !in;
		in = !sp;
	}
	return n;
}

/* Each role and what the change does for it, a line each. */
static void put_role_effects(FILE *out, const diff_result *r, const diff_change *ch)
{
	book_lang lang = r->b->config.language;
	for (size_t k = 0; k < ch->nroles; k++) {
		const diff_role_effect *e = &ch->role_effects[k];
		fputs("- ", out);
		md_str(out, r->role_names[ch->roles[k]]);
		fputs(": ", out);
		if (e->left && e->was) {
			fprintf(out, "%s (%s ", diffword_left(lang), diffword_was(lang));
			put_number(out, e->was);
			fputc(')', out);
		} else if (e->left) {
			fputs(diffword_left(lang), out);
		} else {
			fputs(oblig_effect_words(e->effect, lang), out);
		}
		fputc('\n', out);
	}
	fputc('\n', out);
}

/* One change's entry; with_text 0 leaves the word diff out. */
static void put_entry(FILE *out, const diff_result *r, size_t i, const words *w, int with_text)
{
	const diff_change *ch = &r->v[i];
	book_lang lang = r->b->config.language;
	fputs("#### ", out);
	if (first_of_id(r, i))
		put_anchor(out, ch->id);
	put_number(out, ch->number);
	fputc(' ', out);
	md_str(out, ch->title);
	diffword_noun noun = diffword_noun_of(r, ch);
	fprintf(out, " — %s%s%s", w->whats[noun], *w->whats[noun] ? ": " : "", diffword_kind(ch->kind, noun, lang));
	int text = ch->old_shown || ch->new_shown;
	/* every entry says its effect, as the text and JSON do: a retitle,
	 * a move or an owner change too (editorial); each role's when they
	 * differ (a clause moved from one role's standard to another's) */
	if (!diff_roles_differ(ch))
		fprintf(out, ", %s", oblig_effect_words(ch->effect, r->b->config.language));
	fputs("\n\n", out);
	if (diff_roles_differ(ch))
		put_role_effects(out, r, ch);
	if (ch->what == DW_OWNER) {
		fprintf(out, "%s: ", w->owner);
		md_str(out, *ch->old ? role_name(r, ch->old) : w->none);
		fputs(" → ", out);
		md_str(out, *ch->new ? role_name(r, ch->new) : w->none);
		fputs("\n\n", out);
		return;
	}
	if (ch->what == DW_APPEARANCE_ROLES) {
		put_coverage(out, r, ch, w);
		return;
	}
	if (!text || ch->kind == DIFF_MOVED) { /* retitled or moved: before and after, in a line */
		md_str(out, ch->old);
		fputs(" → ", out);
		md_str(out, ch->new);
		fputs("\n\n", out);
		if (!text)
			return;
	}
	size_t shown = 0;
	for (size_t k = 0; k < ch->npairs; k++) {
		const oblig_pair *p = &ch->pairs[k];
		if (!diffob_shown(ch, p))
			continue;
		fputs("- ", out);
		diffob_put_pair(out, ch, p, lang, " → ");
		fputs(lang == LANG_RU ? ": «" : ": “", out);
		md_str(out, diffob_sentence(ch, p));
		fputs(lang == LANG_RU ? "»\n" : "”\n", out);
		shown++;
	}
	if (shown)
		fputc('\n', out);
	fprintf(out, "<details><summary>%s</summary>\n\n", w->text);
	if (with_text)
		diff_render_words(out, ch->old_shown ? ch->old_shown : "", ch->new_shown ? ch->new_shown : "", &md_style);
	else
		fprintf(out, "%s: %zu.", w->long_text, count_words(ch->old_shown) + count_words(ch->new_shown));
	fputs("\n\n</details>\n\n", out);
}

/* Entry i in a malloc'd string (its text left out when too long). */
static char *entry(const diff_result *r, size_t i, const words *w, size_t *len)
{
	for (int with_text = 1;; with_text = 0) {
		char *s = NULL;
		FILE *f = mem_open(&s, len);
		put_entry(f, r, i, w, with_text);
		fclose(f);
		if (*len <= ENTRY_MAX || !with_text)
			return s;
		free(s);
	}
}

void diffmd_write(FILE *out, const diff_result *r)
{
	const words *w = r->b->config.language == LANG_RU ? &ru_words : &en_words;
	char *head = NULL;
	size_t hlen = 0;
	FILE *h = mem_open(&head, &hlen);
	fprintf(h, "%s\n## %s\n\n", DIFFMD_MARKER, w->heading);
	const char *va = r->a->config.version, *vb = r->b->config.version;
	if (vb) {
		fprintf(h, "%s ", w->version);
		if (va && strcmp(va, vb) != 0) {
			md_str(h, va);
			fputs(" → ", h);
		}
		md_str(h, vb);
		if (va && strcmp(va, vb) == 0)
			fprintf(h, " (%s)", w->unchanged);
		fputs(". ", h);
	}
	/* every change counted, as the text and JSON list them: a removed
	 * role's own (shown as its line under re-reading) too */
	size_t shown = r->n, eff[4] = {0};
	for (size_t i = 0; i < r->n; i++)
		eff[r->v[i].effect]++;
	if (!r->n) {
		fprintf(h, "%s\n", w->no_changes);
		fclose(h);
		fputs(head, out);
		free(head);
		return;
	}
	fprintf(h, "%s: %zu", w->count, shown);
	static const oblig_effect order[] = {OBLIG_STRONGER, OBLIG_WEAKER, OBLIG_MIXED, OBLIG_EDITORIAL};
	int first = 1;
	for (size_t k = 0; k < 4; k++) {
		if (!eff[order[k]])
			continue;
		fprintf(h, "%s%s: %zu", first ? " (" : ", ", oblig_effect_words(order[k], r->b->config.language), eff[order[k]]);
		first = 0;
	}
	fputs(first ? ".\n\n" : ").\n\n", h);
	if (rolediff_unbumped(r->a, r->b)) {
		/* the roles listed below signed this version already */
		fprintf(h, "%s ", w->unbumped);
		md_str(h, vb);
		fprintf(h, ". %s\n\n", w->unbumped_tail);
	}
	put_reread(h, r, w);
	fclose(h);
	if (hlen > DIFFMD_MAX / 2) /* a book of thousands of roles: keep its start */
		hlen = utf8_clean_prefix(head, DIFFMD_MAX / 2);
	fwrite(head, 1, hlen, out);
	free(head);
	size_t used = hlen, left = 0, open = 0;
	fprintf(out, "### %s\n\n", w->changes);
	int folded = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (in_removed_role(&r->v[i]))
			continue;
		size_t len;
		char *e = entry(r, i, w, &len);
		if (left || used + len + TAIL_ROOM > DIFFMD_MAX) {
			left++;
			free(e);
			continue;
		}
		if (open == OPEN_ENTRIES && !folded) {
			size_t rest = 0;
			for (size_t j = i; j < r->n; j++)
				rest += !in_removed_role(&r->v[j]);
			fputs("<details><summary>", out);
			fprintf(out, "%s: %zu", w->more, rest);
			fputs("</summary>\n\n", out);
			folded = 1;
		}
		fwrite(e, 1, len, out);
		used += len;
		open++;
		free(e);
	}
	if (folded)
		fputs("</details>\n\n", out);
	if (left) {
		fprintf(out, "%s: %zu (%s).\n", w->cut, left, w->cut_tail);
	}
}

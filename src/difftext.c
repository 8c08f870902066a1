/* difftext.c - svcbook diff's text format (difftext.h): a line per change
 * and its word diff, in the new book's language, roles by name and
 * attributes in words, as the Markdown comment shows them. */
#include "difftext.h"

#include <stdlib.h>
#include <string.h>

#include "diffob.h"
#include "diffword.h"
#include "util.h"

/* The kind and what of a change are diffword.h's words. */
typedef struct {
	const char *all_roles, *no_roles, *none, *open_quote, *close_quote;
} words;

static const words ru_words = {"все роли", "ни одной роли", "нет", "«", "»"};
static const words en_words = {"all roles", "no role", "none", "\"", "\""};

/* s, then spaces up to a column w characters wide and one more: columns
 * line up in Cyrillic too, where printf's %-8s counts bytes. */
static void put_column(FILE *out, const char *s, size_t w)
{
	fputs(s, out);
	for (size_t n = utf8_chars(s, strlen(s)); n <= w; n++)
		fputc(' ', out);
}

static const char *role_name(const diff_result *r, const char *id)
{
	for (size_t i = 0; i < r->nroles; i++)
		if (strcmp(r->role_ids[i], id) == 0)
			return r->role_names[i] && *r->role_names[i] ? r->role_names[i] : id;
	return id;
}

/* Each role and what the change does for it: "[Администратор: требования
 * строже; Консьерж: больше не для этой роли (был 5.2.2)]". */
static void put_role_effects(FILE *out, const diff_result *r, const diff_change *ch, book_lang lang)
{
	fputs(" [", out);
	for (size_t k = 0; k < ch->nroles; k++) {
		const diff_role_effect *e = &ch->role_effects[k];
		fprintf(out, "%s%s: ", k ? "; " : "", r->role_names[ch->roles[k]]);
		if (e->left && e->was)
			fprintf(out, "%s (%s %s)", diffword_left(lang), diffword_was(lang), e->was);
		else if (e->left)
			fputs(diffword_left(lang), out);
		else
			fputs(oblig_effect_words(e->effect, lang), out);
	}
	fputs("]\n", out);
}

/* The roles and the effect, or each role's effect when they differ. */
static void put_roles(FILE *out, const diff_result *r, const diff_change *ch, const words *w, book_lang lang)
{
	if (diff_roles_differ(ch)) {
		put_role_effects(out, r, ch, lang);
		return;
	}
	fputs(" [", out);
	if (diff_all_roles(r, ch))
		fputs(w->all_roles, out);
	else if (!ch->nroles)
		fputs(w->no_roles, out);
	for (size_t k = 0; k < ch->nroles && !diff_all_roles(r, ch); k++)
		fprintf(out, "%s%s", k ? ", " : "", r->role_names[ch->roles[k]]);
	fprintf(out, "] %s\n", oblig_effect_words(ch->effect, lang));
}

/* A space-separated list of role ids (an owner, a roles= attribute) as
 * the roles' names; malloc'd. */
static char *names_of(const diff_result *r, const char *ids, const words *w)
{
	buf o;
	buf_init(&o);
	buf_puts(&o, "");
	for (const char *p = ids; *p;) {
		size_t n = strcspn(p, " ");
		if (n) {
			char *id = xstrndup(p, n);
			const char *name = strcmp(id, "all") == 0 ? w->all_roles : role_name(r, id);
			buf_printf(&o, "%s%s", o.len ? ", " : "", name);
			free(id);
		}
		p += n + (p[n] == ' ');
	}
	if (!o.len)
		buf_puts(&o, w->none);
	return buf_detach(&o);
}

static void put_plain(FILE *out, const char *s, size_t len)
{
	fwrite(s, 1, len, out);
}

static const diff_style text_style = {"[-", "-]", "{+", "+}", "...", put_plain};

/* The second line: what the reader sees change, word by word. */
static void put_words(FILE *out, const diff_result *r, const diff_change *ch, const words *w)
{
	fputs("    ", out);
	if (ch->kind == DIFF_MOVED && ch->what != DW_OWNER && ch->old_shown) {
		/* moved and reworded: the place, then the text */
		diff_render_words(out, ch->old, ch->new, &text_style);
		fputs("\n    ", out);
	}
	if (ch->old_shown || ch->new_shown) {
		diff_render_words(out, ch->old_shown ? ch->old_shown : "", ch->new_shown ? ch->new_shown : "", &text_style);
	} else if (ch->what == DW_OWNER || ch->what == DW_APPEARANCE_ROLES) {
		/* names of several words: before and after whole, not word by word */
		char *a = names_of(r, ch->old, w), *b = names_of(r, ch->new, w);
		fprintf(out, "%s -> %s", a, b);
		free(a);
		free(b);
	} else {
		diff_render_words(out, ch->old, ch->new, &text_style);
	}
	fputc('\n', out);
}

/* A line per obligation that changed: its effect, before → after, the sentence. */
static void put_pairs(FILE *out, const diff_change *ch, book_lang lang, const words *w)
{
	for (size_t i = 0; i < ch->npairs; i++) {
		const oblig_pair *p = &ch->pairs[i];
		if (!diffob_shown(ch, p))
			continue;
		fprintf(out, "    %s: ", oblig_effect_words(p->effect, lang));
		diffob_put_pair(out, ch, p, lang, " -> ");
		fprintf(out, ": %s%s%s\n", w->open_quote, diffob_sentence(ch, p), w->close_quote);
	}
}

void difftext_write(FILE *out, const diff_result *r)
{
	book_lang lang = r->b->config.language;
	const words *w = lang == LANG_RU ? &ru_words : &en_words;
	for (size_t i = 0; i < r->n; i++) {
		const diff_change *ch = &r->v[i];
		diffword_noun noun = diffword_noun_of(r, ch);
		put_column(out, diffword_kind(ch->kind, noun, lang), diffword_kind_width(lang));
		put_column(out, diffword_noun_word(noun, lang), diffword_noun_width(lang));
		fprintf(out, "%s %s %s%s%s", ch->number ? ch->number : "-", ch->id, w->open_quote, ch->title ? ch->title : "",
			w->close_quote);
		put_roles(out, r, ch, w, lang);
		if (ch->kind == DIFF_CHANGED || ch->kind == DIFF_RETITLED || ch->kind == DIFF_MOVED)
			put_words(out, r, ch, w);
		put_pairs(out, ch, lang, w);
	}
}

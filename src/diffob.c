/* diffob.c - a changed clause's obligations before and after, the effect
 * of the change on them, written for the diff's formats (see diffob.h). */
#include "diffob.h"
#include "report.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void diffob_clause(diff_change *ch, const book *a, int ca, const book *b, int cb)
{
	if (ca >= 0)
		oblig_clause(a, ca, &ch->ob_old);
	if (cb >= 0)
		oblig_clause(b, cb, &ch->ob_new);
	ch->effect = oblig_compare(&ch->ob_old, &ch->ob_new, &ch->pairs, &ch->npairs);
}

void diffob_coverage(diff_change *ch, const book *x, int c, int gained, int lost)
{
	oblig_list l = {0};
	int depth = x->clauses[c].depth;
	for (size_t i = (size_t)c; i < x->nclauses && (i == (size_t)c || x->clauses[i].depth > depth); i++)
		oblig_clause(x, (int)i, &l);
	ch->effect = !l.n || (!gained && !lost) ? OBLIG_EDITORIAL
		     : gained && lost ? OBLIG_MIXED
		     : gained ? OBLIG_STRONGER : OBLIG_WEAKER;
	oblig_list_free(&l);
}

void diffob_free(diff_change *ch)
{
	oblig_list_free(&ch->ob_old);
	oblig_list_free(&ch->ob_new);
	free(ch->pairs);
	ch->pairs = NULL;
	ch->npairs = 0;
}

static char *describe(const oblig *o, book_lang lang)
{
	buf b;
	buf_init(&b);
	oblig_describe(o, lang, &b);
	return buf_detach(&b);
}

int diffob_shown(const diff_change *ch, const oblig_pair *p)
{
	if (p->old < 0 || p->new < 0 || p->effect != OBLIG_EDITORIAL)
		return 1;
	char *x = describe(&ch->ob_old.v[p->old], LANG_EN), *y = describe(&ch->ob_new.v[p->new], LANG_EN);
	int differ = strcmp(x, y) != 0;
	free(x);
	free(y);
	return differ;
}

size_t diffob_nshown(const diff_change *ch)
{
	size_t n = 0;
	for (size_t i = 0; i < ch->npairs; i++)
		n += (size_t)diffob_shown(ch, &ch->pairs[i]);
	return n;
}

static void put_side(FILE *out, const oblig_list *l, int i, book_lang lang)
{
	if (i < 0) {
		fputs(lang == LANG_RU ? "нет" : "none", out);
		return;
	}
	char *s = describe(&l->v[i], lang);
	fputs(s, out);
	free(s);
}

void diffob_put_pair(FILE *out, const diff_change *ch, const oblig_pair *p, book_lang lang, const char *arrow)
{
	put_side(out, &ch->ob_old, p->old, lang);
	fputs(arrow, out);
	put_side(out, &ch->ob_new, p->new, lang);
}

const char *diffob_sentence(const diff_change *ch, const oblig_pair *p)
{
	return p->new >= 0 ? ch->ob_new.v[p->new].sentence : ch->ob_old.v[p->old].sentence;
}

/* b: the book the obligation is in; f: its clause's file there (-1: unknown). */
static void json_oblig(FILE *out, const oblig_list *l, int i, const book *b, int f)
{
	static const char *const kinds[] = {"none", "calendar", "working", "text", "clock", "before"};
	if (i < 0) {
		fputs("null", out);
		return;
	}
	const oblig *o = &l->v[i];
	fputs("{\"sentence\": ", out);
	report_json_str(out, o->sentence);
	fprintf(out, ", \"strength\": \"%s\", \"negated\": %s, \"deadline\": ", oblig_strength_name(o->strength),
		o->negated ? "true" : "false");
	if (o->deadline.kind == OBLIG_DL_NONE) {
		fputs("null", out);
	} else {
		fprintf(out, "{\"kind\": \"%s\", ", kinds[o->deadline.kind]);
		if (o->deadline.kind != OBLIG_DL_TEXT)
			fprintf(out, "\"seconds\": %ld, ", o->deadline.seconds);
		fputs("\"text\": ", out);
		report_json_str(out, o->deadline.text);
		fputc('}', out);
	}
	fprintf(out, ", \"line\": %d, \"col\": %d}", o->line, b ? book_char_col(b, f, o->line, o->col) : o->col);
}

/* The file of clause id in b, or -1. */
static int clause_file(const book *b, const char *id)
{
	int c = id && *id ? book_find_id(b, id) : -1;
	return c >= 0 ? b->clauses[c].pos.file : -1;
}

void diffob_json(FILE *out, const diff_result *r, const diff_change *ch)
{
	int fo = clause_file(r->a, ch->id), fn = clause_file(r->b, ch->id);
	fprintf(out, ", \"effect\": \"%s\", \"obligations\": [", oblig_effect_name(ch->effect));
	int first = 1;
	for (size_t i = 0; i < ch->npairs; i++) {
		const oblig_pair *p = &ch->pairs[i];
		if (!diffob_shown(ch, p))
			continue;
		fprintf(out, "%s{\"effect\": \"%s\", \"old\": ", first ? "" : ", ", oblig_effect_name(p->effect));
		json_oblig(out, &ch->ob_old, p->old, r->a, fo);
		fputs(", \"new\": ", out);
		json_oblig(out, &ch->ob_new, p->new, r->b, fn);
		fputc('}', out);
		first = 0;
	}
	fputc(']', out);
}

/* dump.c - a text backend that prints the model (svcbook dump). */
#include "dump.h"
#include "oblig.h"

static const char *kind_names[] = {"none", "term", "role", "stage", "clause", "file"};
static const char *status_names[] = {"ok", "undefined", "ambiguous"};

static const char *file_of(const book *b, int f)
{
	return f >= 0 ? b->files[f].path : "-";
}

/* A text as one double-quoted field: " and \\ escaped, line ends as spaces. */
static void put_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, out);
	}
	fputc('"', out);
}

/* The obligations of clause c, one line each under the clause's line:
 * strength, "negated", the deadline (kind, seconds, words) and where the
 * sentence starts, then the sentence. */
static void dump_obligations(const book *b, int c, FILE *out)
{
	static const char *dl_kinds[] = {"-", "calendar", "working", "text", "clock", "before"};
	oblig_list l = {0};
	oblig_clause(b, c, &l);
	for (size_t j = 0; j < l.n; j++) {
		const oblig *o = &l.v[j];
		fprintf(out, "  oblig %s%s %s:%d:%d", oblig_strength_name(o->strength), o->negated ? " negated" : "",
			file_of(b, b->clauses[c].pos.file), o->line,
			book_char_col(b, b->clauses[c].pos.file, o->line, o->col));
		if (o->deadline.kind != OBLIG_DL_NONE) {
			fprintf(out, " deadline=%s", dl_kinds[o->deadline.kind]);
			if (o->deadline.kind != OBLIG_DL_TEXT)
				fprintf(out, ":%lds", o->deadline.seconds);
			fputc(' ', out);
			put_quoted(out, o->deadline.text);
		}
		fputc(' ', out);
		put_quoted(out, o->sentence);
		fputc('\n', out);
	}
	oblig_list_free(&l);
}

void dump_write(const book *b, FILE *out)
{
	fprintf(out, "book title=\"%s\" language=%s\n", b->config.title ? b->config.title : "",
		b->config.language == LANG_RU ? "ru" : "en");
	for (size_t i = 0; i < b->nclauses; i++) {
		const book_clause *c = &b->clauses[i];
		fprintf(out, "clause %s %*s#%s \"%s\" %s:%d:%d", c->number, c->depth * 2, "", c->id, c->title,
			file_of(b, c->pos.file), c->pos.line, book_char_col(b, c->pos.file, c->pos.line, c->pos.col));
		for (size_t j = 0; j < c->nattrs; j++)
			fprintf(out, " %s=\"%s\"", c->attrs[j].key, c->attrs[j].value);
		fputc('\n', out);
		dump_obligations(b, (int)i, out);
	}
	for (size_t i = 0; i < b->nterms; i++) {
		const book_term *t = &b->terms[i];
		fprintf(out, "term #%s \"%s\"", b->clauses[t->clause].id, t->name);
		for (size_t j = 0; j < t->naka; j++)
			fprintf(out, " aka=\"%s\"", t->aka[j]);
		fprintf(out, " uses=%zu\n", t->nuses);
	}
	for (size_t i = 0; i < b->nroles; i++) {
		const book_role *r = &b->roles[i];
		fprintf(out, "role #%s \"%s\" level=%s line=%d file=%s page=%s\n", r->id, r->name,
			book_level_name(r->level) ? book_level_name(r->level) : "-", r->line, file_of(b, r->file), b->files[r->file].page);
	}
	for (size_t i = 0; i < b->nstages; i++) {
		const book_stage *s = &b->stages[i];
		fprintf(out, "stage #%s \"%s\" owner=%s%s\n", s->id, s->name, s->owner ? s->owner : "-",
			s->owner && s->owner_role < 0 ? " (missing)" : "");
	}
	for (size_t i = 0; i < b->nrefs; i++) {
		const book_ref *r = &b->refs[i];
		fprintf(out, "ref %s:%d:%d \"%s\" -> %s", file_of(b, r->pos.file), r->pos.line,
			book_char_col(b, r->pos.file, r->pos.line, r->pos.col), r->raw,
			status_names[r->status]);
		if (r->status == RESOLVE_OK)
			fprintf(out, " %s #%s", kind_names[r->target_kind], b->clauses[r->target_clause].id);
		fputc('\n', out);
	}
}

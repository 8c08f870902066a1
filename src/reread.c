/* reread.c - svcbook reread: reads the acknowledgements (CSV, csvtable.h,
 * or a workbook, xlsxread.h), finds the
 * book of each signed version in the git history (history.h), and lists
 * the people whose role's obligations differ between that version and the
 * book as it is now, clause by clause (oblig.h). Writes nothing but
 * standard output and standard error. */
#include "reread.h"
#include "diagid.h"
#include "book.h"
#include "cli.h"
#include "csvtable.h"
#include "date.h"
#include "diag.h"
#include "history.h"
#include "i18n.h"
#include "manifest.h"
#include "oblig.h"
#include "reader.h"
#include "report.h"
#include "rolediff.h"
#include "util.h"
#include "xlsxread.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns an acknowledgement file must have, in any order. */
enum { COL_PERSON, COL_ROLE, COL_VERSION, COL_SIGNED, NCOLS };
static const char *const col_names[NCOLS] = {"person", "role", "version", "signed"};

/* One line of the file. */
typedef struct {
	char *person, *version;
	int role;           /* index into the current book's roles */
	long signed_day;
	const book *old;    /* the book of the signed version */
	int superseded;     /* the same person signed later for the same role */
	int old_role;       /* index into old's roles: the role signed for */
	const char *renamed_in; /* the version that renamed it, NULL when it was not */
} ack;

/* What changed for one role since one version. */
typedef struct {
	int role, old_role;
	const book *old;
	rolediff d;
} role_changes;

typedef struct {
	const book *cur;
	const history *h;
	const char *file;   /* the acknowledgements as the user would find them; FILE(SHEET) in a workbook */
	char *sheet;        /* that name while a workbook's sheet is read */
	diag_list *d;
	ack *acks;
	size_t nacks, cap_acks;
	role_changes *rc;
	size_t nrc, cap_rc;
} run;

static void bad(run *R, int line, int col, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Every problem of the sheet is one rule, bad-acks: the table's own
 * (bad-csv, missing-column) are only the audit's finer names for it. */
static void bad_v(void *ctx, int line, int col, const char *rule, const char *hint, const char *fmt, va_list ap)
{
	run *R = ctx;
	diag_addv(R->d, R->file, line, col, SEV_ERROR, DIAG_ID(BAD_ACKS), hint, fmt, ap);
}

static void bad(run *R, int line, int col, const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bad_v(R, line, col, NULL, hint, fmt, ap);
	va_end(ap);
}

/* A "did you mean" hint for an unknown role id; caller frees. */
static char *role_hint(const book *b, const char *id)
{
	const char *near = book_nearest_role(b, id);
	if (near)
		return xasprintf(_("did you mean '%s'?"), near);
	buf l;
	buf_init(&l);
	buf_puts(&l, _("the book's roles: "));
	for (size_t r = 0; r < b->nroles; r++)
		buf_printf(&l, "%s%s (%s)", r ? ", " : "", b->roles[r].id, b->roles[r].name ? b->roles[r].name : "");
	return buf_detach(&l);
}

/* The first version after ver, or the book as it is now, whose book has
 * no role id. */
static const char *version_without(const run *R, const char *ver, const char *id)
{
	const history_version *hv = history_find(R->h, ver);
	for (size_t i = hv ? (size_t)(hv - R->h->v) + 1 : R->h->n; i < R->h->n; i++)
		if (R->h->v[i].book && book_find_role(R->h->v[i].book, id) < 0)
			return R->h->v[i].version;
	return R->cur->config.version ? R->cur->config.version : "";
}

/* "the versions known: 2026.1, 2026.2", the history's and the book's
 * own, newest last; the last ten of a long history. Caller frees. */
static char *known_versions(const run *R)
{
	const char *cur = R->cur->config.version;
	buf l;
	buf_init(&l);
	size_t from = R->h->n > 10 ? R->h->n - 10 : 0;
	if (from)
		buf_puts(&l, "…, ");
	for (size_t i = from; i < R->h->n; i++)
		if (!cur || strcmp(R->h->v[i].version, cur) != 0)
			buf_printf(&l, "%s, ", R->h->v[i].version);
	if (cur)
		buf_printf(&l, "%s, ", cur);
	if (l.len < 2) {
		buf_free(&l);
		return NULL;
	}
	l.data[l.len - 2] = '\0';
	char *hint = xasprintf(_("the versions known: %s"), l.data);
	buf_free(&l);
	return hint;
}

/* A role the book has no more: known in the signed version old, it was
 * renamed (*role its new index, *renamed_in the version) or removed (a
 * warning: nothing of the book is that person's now, *role -1); else it
 * is unknown, an error. Returns 0 on the error. */
static int gone_role(run *R, const csv_field *f, const book *old, const char *ver, int *role, int *old_role,
		     const char **renamed_in)
{
	int ro = old ? book_find_role(old, f->text) : -1;
	if (ro < 0) {
		char *hint = role_hint(R->cur, f->text);
		bad(R, f->line, f->col, hint, "unknown role '%s'", f->text);
		free(hint);
		return 0;
	}
	const char *gone = version_without(R, ver, f->text);
	*old_role = ro;
	*role = rolediff_successor(old, ro, R->cur);
	if (*role >= 0)
		*renamed_in = gone;
	else
		diag_add(R->d, R->file, f->line, f->col, SEV_WARNING, DIAG_ID(BAD_ACKS),
			 N_("give the role they have now and the version they sign for it, or remove the line"),
			 "role '%s' was removed in version %s: the book holds nothing for them to re-read", f->text, gone);
	return 1;
}

/* One record: checked field by field, every problem reported; kept when
 * it has none. */
static void read_record(run *R, const csv_field *const *v)
{
	int ok = 1;
	for (int c = 0; c < NCOLS; c++)
		if (!v[c]->len) {
			bad(R, v[c]->line, v[c]->col, NULL, "empty field '%s'", col_names[c]);
			ok = 0;
		}
	const book *old = NULL;
	const char *ver = v[COL_VERSION] ? v[COL_VERSION]->text : NULL;
	if (ver && *ver) {
		const history_version *hv = NULL;
		if (R->cur->config.version && strcmp(ver, R->cur->config.version) == 0)
			old = R->cur; /* the version the book folder holds now */
		else if ((hv = history_find(R->h, ver)) && hv->book)
			old = hv->book;
		if (!old) {
			char *known = hv ? NULL : known_versions(R);
			bad(R, v[COL_VERSION]->line, v[COL_VERSION]->col, known,
			    hv ? N_("version '%s' is in the history, but its book cannot be read")
			       : R->h->in_git ? N_("version '%s' is in no commit of the book's history")
			                      : N_("version '%s' is not the book's: it is not in git, so only its own version is known"),
			    ver);
			free(known);
			ok = 0;
		}
	}
	int role = -1, old_role = -1;
	const char *renamed_in = NULL;
	if (v[COL_ROLE] && v[COL_ROLE]->len && (role = book_find_role(R->cur, v[COL_ROLE]->text)) < 0)
		ok &= gone_role(R, v[COL_ROLE], old, ver, &role, &old_role, &renamed_in);
	else if (role >= 0 && old)
		old_role = book_find_role(old, v[COL_ROLE]->text);
	long day = 0;
	if (v[COL_SIGNED] && v[COL_SIGNED]->len && date_parse(v[COL_SIGNED]->text, &day) != 0) {
		char iso[11];
		char *hint = date_guess(v[COL_SIGNED]->text, iso) == 0 ? xasprintf(_("did you mean '%s'?"), iso) : NULL;
		bad(R, v[COL_SIGNED]->line, v[COL_SIGNED]->col, hint ? hint : "a calendar day written YYYY-MM-DD",
		    "bad date '%s'", v[COL_SIGNED]->text);
		free(hint);
		ok = 0;
	} else if (v[COL_SIGNED] && v[COL_SIGNED]->len && day > date_today()) {
		char today[11];
		date_format(date_today(), today);
		bad(R, v[COL_SIGNED]->line, v[COL_SIGNED]->col, NULL, "signed on %s, after today (%s)",
		    v[COL_SIGNED]->text, today);
		ok = 0;
	}
	if (!ok)
		return;
	R->acks = xgrow(R->acks, &R->cap_acks, R->nacks + 1, sizeof *R->acks);
	if (role < 0)
		return; /* its role was removed: said, and nothing to re-read */
	R->acks[R->nacks++] =
		(ack){xstrdup(v[COL_PERSON]->text), xstrdup(ver), role, day, old, 0, old_role, renamed_in};
}

/* Reads t and frees it; every bad line is reported. */
static void read_table(run *R, csv_table *t)
{
	const csv_field *v[NCOLS], *first;
	int rc;
	while ((rc = csv_table_next(t, v, &first)) != 0)
		if (rc > 0)
			read_record(R, v);
	csv_table_free(t);
}

/* One sheet of a workbook (xlsxread.h's xlsx_each_table). */
static void read_sheet(void *ctx, char *name, csv_table *t)
{
	run *R = ctx;
	free(R->sheet);
	R->file = R->sheet = name;
	if (t)
		read_table(R, t);
}

/* Reads the whole file, in, opened from R->file: a workbook's sheets as
 * the audit reads its results (each sheet with something in it is a
 * table; a pipe is CSV), or CSV. */
static void read_acks(run *R, FILE *in)
{
	const csv_table_spec spec = {col_names, NCOLS, "person,role,version,signed", bad_v, R};
	if (!xlsx_is_zip(in)) {
		read_table(R, csv_table_new(in, &spec));
		return;
	}
	char *err = xlsx_read_tables(R->file, "signed", &spec, read_sheet, R);
	if (err)
		bad(R, 0, 0, csv_save_as_hint, "%s", err);
	free(err);
}

/* Only the latest acknowledgement of a person for a role counts (the
 * latest signing date; on the same day, the later line, or sheet). */
static void drop_superseded(run *R)
{
	for (size_t i = 0; i < R->nacks; i++)
		for (size_t j = 0; j < R->nacks; j++) {
			ack *a = &R->acks[i], *b = &R->acks[j];
			if (i != j && a->role == b->role && strcmp(a->person, b->person) == 0 &&
			    (b->signed_day > a->signed_day || (b->signed_day == a->signed_day && j > i)))
				a->superseded = 1;
		}
}

/* What changed for a's role since a's version (computed once a pair). */
static const role_changes *changes_for(run *R, const ack *a)
{
	for (size_t i = 0; i < R->nrc; i++)
		if (R->rc[i].role == a->role && R->rc[i].old == a->old && R->rc[i].old_role == a->old_role)
			return &R->rc[i];
	R->rc = xgrow(R->rc, &R->cap_rc, R->nrc + 1, sizeof *R->rc);
	role_changes *c = &R->rc[R->nrc++];
	memset(c, 0, sizeof *c);
	c->role = a->role;
	c->old_role = a->old_role;
	c->old = a->old;
	if (a->old != R->cur)
		rolediff_compare_as(a->old, a->old_role, R->cur, a->role, &c->d);
	return c;
}

static void csv_put(FILE *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* The words of the text list, in the book's language (its diff comment's
 * words, oblig.h, for the effects). */
typedef struct {
	const char *signed_version; /* between "person (role)" and the version */
	const char *removed, *left_role, *was;
	const char *as, *until; /* after the version: " as ID (... until VERSION)" when renamed */
} list_words;

static const list_words ru_list = {" — подпись под версией ", "удалён", "больше не для этой роли", "был",
				   " под ролью ", " (её id до версии "};
static const list_words en_list = {", signed version ", "removed", "no longer for this role", "was",
				   " as ", " (the role's id until version "};

/* The role id a signed for: its id in the version signed. */
static const char *signed_role(const ack *a, const book *cur)
{
	return a->old && a->old_role >= 0 ? a->old->roles[a->old_role].id : cur->roles[a->role].id;
}

/* "человека" after "из 1", "из 21"; "человек" after the others. */
static const char *people_word(size_t n, book_lang lang)
{
	if (lang != LANG_RU)
		return n == 1 ? "person" : "people";
	return n % 10 == 1 && n % 100 != 11 ? "человека" : "человек";
}

/* What happened to item it of the list: its effect, or that it left the
 * book or the role's book; machine words for CSV and JSON (lang < 0). */
static const char *item_effect(const run *R, const rolediff_item *it, int lang)
{
	const list_words *w = lang == LANG_RU ? &ru_list : &en_list;
	if (it->clause < 0 && book_find_id(R->cur, it->id) < 0)
		return lang < 0 ? "removed" : w->removed;
	if (it->clause < 0)
		return lang < 0 ? "left-role" : w->left_role;
	return lang < 0 ? oblig_effect_name(it->effect) : oblig_effect_words(it->effect, (book_lang)lang);
}

/* The clause's title: in the book now, else in the signed version. */
static const char *item_title(const run *R, const ack *a, const rolediff_item *it)
{
	if (it->clause >= 0)
		return R->cur->clauses[it->clause].title;
	int oc = book_find_id(a->old, it->id);
	return oc >= 0 && a->old->clauses[oc].title ? a->old->clauses[oc].title : it->id;
}

static void write_json(const run *R, const ack *a, const rolediff *d, int first, FILE *out)
{
	const book_role *role = &R->cur->roles[a->role];
	fputs(first ? "\n  {\"person\": " : ",\n  {\"person\": ", out);
	report_json_str(out, a->person);
	fputs(", \"role\": ", out);
	report_json_str(out, role->id);
	fputs(", \"role_name\": ", out);
	report_json_str(out, role->name ? role->name : role->id);
	fputs(", \"signed_version\": ", out);
	report_json_str(out, a->version);
	fputs(", \"signed_role\": ", out);
	report_json_str(out, signed_role(a, R->cur));
	fputs(", \"clauses\": [", out);
	for (size_t k = 0; k < d->n; k++) {
		fputs(k ? ", {\"id\": " : "{\"id\": ", out);
		report_json_str(out, d->v[k].id);
		fputs(", \"number\": ", out);
		report_json_str(out, d->v[k].number);
		fputs(", \"title\": ", out);
		report_json_str(out, item_title(R, a, &d->v[k]));
		fprintf(out, ", \"effect\": \"%s\"", oblig_effect_name(d->v[k].effect));
		if (d->v[k].clause < 0)
			fprintf(out, ", \"gone\": \"%s\"", item_effect(R, &d->v[k], -1));
		fputc('}', out);
	}
	fputs("]}", out);
}

/* One row per clause; the columns after effect came later (role_name,
 * title, signed_role: the id signed for, another when renamed since;
 * effect_text: the effect in the book's words, for a sheet people read),
 * so that a sheet's formulas keep their columns. */
static void write_csv(const run *R, const ack *a, const rolediff *d, FILE *out)
{
	const book_role *role = &R->cur->roles[a->role];
	for (size_t k = 0; k < d->n; k++) {
		csv_put(out, a->person);
		fputc(',', out);
		csv_put(out, role->id);
		fputc(',', out);
		csv_put(out, a->version);
		fprintf(out, ",%s,%s,%s,", d->v[k].id, d->v[k].number, item_effect(R, &d->v[k], -1));
		csv_put(out, role->name ? role->name : role->id);
		fputc(',', out);
		csv_put(out, item_title(R, a, &d->v[k]));
		fputc(',', out);
		csv_put(out, signed_role(a, R->cur));
		fputc(',', out);
		csv_put(out, item_effect(R, &d->v[k], (int)R->cur->config.language));
		fputs("\r\n", out);
	}
}

/* Whether clause it, which left the role's book, still has the number it
 * had (a stage whose owner changed): then that number names it, as the
 * diff and the history do. */
static int same_number(const run *R, const rolediff_item *it)
{
	int c = book_find_id(R->cur, it->id);
	return c >= 0 && strcmp(R->cur->clauses[c].number ? R->cur->clauses[c].number : "", it->number) == 0;
}

/* A clause that left is named by its title and its old number when that
 * changed: the number may be another clause's now. */
static void write_text(const run *R, const ack *a, const rolediff *d, FILE *out)
{
	book_lang lang = R->cur->config.language;
	const list_words *w = lang == LANG_RU ? &ru_list : &en_list;
	const book_role *role = &R->cur->roles[a->role];
	fprintf(out, "%s (%s)%s%s", a->person, role->name ? role->name : role->id, w->signed_version, a->version);
	if (a->renamed_in)
		fprintf(out, "%s%s%s%s)", w->as, signed_role(a, R->cur), w->until, a->renamed_in);
	fputs(":\n", out);
	for (size_t k = 0; k < d->n; k++) {
		const rolediff_item *it = &d->v[k];
		if (it->clause >= 0 || same_number(R, it))
			fprintf(out, "  %s %s: ", it->number, item_title(R, a, it));
		else if (*it->number)
			fprintf(out, "  %s (%s %s): ", item_title(R, a, it), w->was, it->number);
		else
			fprintf(out, "  %s: ", item_title(R, a, it));
		fprintf(out, "%s\n", item_effect(R, it, (int)lang));
	}
}

/* The list, in the file's order; returns how many must re-read. */
static size_t write_list(run *R, reread_format f, FILE *out)
{
	const char *version = R->cur->config.version ? R->cur->config.version : "";
	size_t must = 0, people = 0;
	if (f == REREAD_JSON) {
		fputs("{\"version\": ", out);
		report_json_str(out, version);
		fputs(", \"people\": [", out);
	} else if (f == REREAD_CSV || f == REREAD_CSV_BOM) {
		if (f == REREAD_CSV_BOM)
			fputs("\xEF\xBB\xBF", out);
		fputs("person,role,signed_version,clause,number,effect,role_name,title,signed_role,effect_text\r\n", out);
	}
	for (size_t i = 0; i < R->nacks; i++) {
		const ack *a = &R->acks[i];
		if (a->superseded)
			continue;
		people++;
		const role_changes *c = changes_for(R, a);
		if (!c->d.n)
			continue;
		if (f == REREAD_JSON)
			write_json(R, a, &c->d, must == 0, out);
		else if (f == REREAD_CSV || f == REREAD_CSV_BOM)
			write_csv(R, a, &c->d, out);
		else
			write_text(R, a, &c->d, out);
		must++;
	}
	if (f == REREAD_JSON) {
		fputs(must ? "\n]}\n" : "]}\n", out);
	} else if (f == REREAD_TEXT) {
		book_lang lang = R->cur->config.language;
		if (lang == LANG_RU)
			fprintf(out, "Перечитать версию %s нужно %zu из %zu %s.\n", version, must, people,
				people_word(people, lang));
		else
			fprintf(out, "%zu of %zu %s must re-read version %s.\n", must, people, people_word(people, lang),
				version);
	}
	return must;
}

static void free_run(run *R)
{
	for (size_t i = 0; i < R->nacks; i++) {
		free(R->acks[i].person);
		free(R->acks[i].version);
	}
	free(R->acks);
	free(R->sheet);
	for (size_t i = 0; i < R->nrc; i++) {
		rolediff_free(&R->rc[i].d);
	}
	free(R->rc);
}

int reread_run(const char *bookdir, const char *acks, reread_format f, int color)
{
	book *b = reader_read(bookdir);
	if (diag_worst(b->diags) >= SEV_FATAL) {
		int rc = cli_finish(b, bookdir, color);
		book_free(b);
		return rc;
	}
	char *prefix = cli_path_prefix(bookdir);
	char *file = acks ? xstrdup(acks) : xasprintf("%sacks.csv", prefix);
	diag_list *d = diag_list_new();
	FILE *in = fopen(file, "rb");
	int rc = EXIT_USAGE;
	if (!in) {
		diag_add(d, file, 0, 0, SEV_FATAL, DIAG_ID(BAD_INPUT), acks ? NULL : "give the file with --acks FILE",
			 "cannot read the acknowledgements: %s", strerror(errno));
	} else {
		history h;
		history_read(bookdir, 1, &h, d);
		run R = {b, &h, file, NULL, d, NULL, 0, 0, NULL, 0, 0};
		read_acks(&R, in);
		fclose(in);
		if (h.shallow || h.detached)
			diag_add(d, NULL, 0, 0, SEV_NOTE, DIAG_ID(HISTORY), NULL, "the revision history is partial: %s",
				 h.shallow ? "a shallow clone" : "a detached HEAD");
		if (diag_worst(d) < SEV_ERROR) {
			drop_superseded(&R);
			rc = write_list(&R, f, stdout) ? EXIT_ERRORS : EXIT_OK;
			if (fflush(stdout) != 0)
				rc = EXIT_USAGE;
		}
		free_run(&R);
		history_free(&h);
	}
	diag_sort(d);
	diag_print_named(stderr, d, color);
	diag_list_free(d);
	free(file);
	free(prefix);
	book_free(b);
	return rc;
}

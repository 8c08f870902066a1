/* audit.c - svcbook audit: reads results and survey CSV files row by row,
 * checks each against the book's checklists, and pools the scores of
 * FORMAT.md 10 per employee, department, month and item. */
#include "audit.h"
#include "diagid.h"
#include "audithist.h"
#include "auditrep.h"
#include "cli.h"
#include "csvtable.h"
#include "date.h"
#include "diag.h"
#include "i18n.h"
#include "reader.h"
#include "strmap.h"
#include "util.h"
#include "xlsxread.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Past this many errors in one file the rest are counted, not listed:
 * a wrong file of a million rows must not print a million lines. */
#define MAX_ERRORS 200

enum { C_DATE, C_EMPLOYEE, C_DEPARTMENT, C_ROLE, C_ITEM, C_RESULT, NCOLS };
static const char *const col_names[NCOLS] = {"date", "employee", "department", "role", "item", "result"};
enum { S_DATE, S_DEPARTMENT, S_SCORE, NSCOLS };
static const char *const scol_names[NSCOLS] = {"date", "department", "score"};

typedef enum { R_BAD = -1, R_NO, R_YES, R_NA } result_word;

/* A row already counted: (day, employee, clause) -> where it was. */
typedef struct {
	int32_t day, emp, clause, line;
	int32_t file; /* index into the files + 1; 0: empty slot */
} seen_row;

typedef struct {
	const book *b;
	const checklist_set *cl;
	diag_list *d;
	const char *file;   /* the file (or a workbook's sheet) being read, as messages name it */
	int file_no;        /* its index in names */
	long errors;        /* in this file */
	int failed;         /* an error anywhere: check the rest, count nothing */
	long from, to;      /* the period in days; LONG_MIN/LONG_MAX: open */
	int have_from, have_to;
	char **names;       /* every file and sheet read, for "duplicate of FILE:LINE" */
	size_t nnames, cap_names;
	/* the pools */
	strmap emp_ids, dept_ids, month_ids;
	audit_emp *emps;     size_t nemps, cap_emps;
	audit_dept *depts;   size_t ndepts, cap_depts;
	audit_month *months; size_t nmonths, cap_months;
	size_t *item_base;   /* per role: where its items start in counts */
	audit_item *counts;  size_t ncounts;
	audit_tally total;
	long promoters, passives, detractors, rows, duplicates, answers;
	long left_out;       /* rows of items of earlier versions' checklists */
	seen_row *seen;      size_t seen_cap, seen_n;
	int last_emp, last_dept; /* the last row's, or -1 */
	buf key;
	audit_hist *hist;    /* git's word on items the checklists have not */
} run;

static void bad(run *R, int line, int col, const char *rule, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static void bad_v(void *ctx, int line, int col, const char *rule, const char *hint, const char *fmt, va_list ap)
{
	run *R = ctx;
	R->failed = 1;
	if (++R->errors > MAX_ERRORS)
		return;
	diag_addv(R->d, R->file, line, col, SEV_ERROR, rule, hint, fmt, ap);
}

static void bad(run *R, int line, int col, const char *rule, const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bad_v(R, line, col, rule, hint, fmt, ap);
	va_end(ap);
}

/* ---- the arithmetic of FORMAT.md 10 ---- */

int audit_score(const audit_tally *t)
{
	int64_t all = t->yes + t->no;
	if (all <= 0)
		return -1;
	return (int)((2000 * t->yes + all) / (2 * all));
}

int audit_nps(long promoters, long passives, long detractors, int *none)
{
	long all = promoters + passives + detractors;
	*none = all == 0;
	if (!all)
		return 0;
	long num = 1000 * (promoters - detractors);
	long mag = (2 * (num < 0 ? -num : num) + all) / (2 * all);
	return (int)(num < 0 ? -mag : mag);
}

int audit_bonus(const book *b, int score)
{
	if (score < 0)
		return -1;
	for (size_t i = 0; i < b->config.nbonus; i++)
		if (score >= b->config.bonus_min[i])
			return b->config.bonus_coef[i];
	return -1;
}

/* ---- checking one field ---- */

static result_word read_result(const char *s)
{
	static const char *const yes[] = {"yes", "Yes", "YES", "да", "Да", "ДА", NULL};
	static const char *const no[] = {"no", "No", "NO", "нет", "Нет", "НЕТ", NULL};
	static const char *const na[] = {"na", "NA", "n/a", "N/A", "н/п", "Н/п", "Н/П", NULL};
	for (int i = 0; yes[i]; i++)
		if (strcmp(s, yes[i]) == 0)
			return R_YES;
	for (int i = 0; no[i]; i++)
		if (strcmp(s, no[i]) == 0)
			return R_NO;
	for (int i = 0; na[i]; i++)
		if (strcmp(s, na[i]) == 0)
			return R_NA;
	return R_BAD;
}

/* "nearest ids: a, b, c" from role r's checklist (every role's when r is
 * -1): the three nearest by edit distance, ties in book order. */
static char *nearest_items(const run *R, int r, const char *id)
{
	const char *best[3] = {NULL, NULL, NULL};
	size_t dist[3] = {0, 0, 0};
	for (size_t k = 0; k < R->cl->n; k++) {
		if (r >= 0 && (int)k != r)
			continue;
		const checklist *l = &R->cl->lists[k];
		for (size_t i = 0; i < l->n; i++) {
			const char *c = R->b->clauses[l->items[i].clause].id;
			size_t dd = utf8_edit_distance(id, c);
			int dup = 0;
			for (int j = 0; j < 3; j++)
				dup |= best[j] && strcmp(best[j], c) == 0;
			for (int j = 0; j < 3 && !dup; j++) {
				if (!best[j] || dd < dist[j]) {
					for (int m = 2; m > j; m--) {
						best[m] = best[m - 1];
						dist[m] = dist[m - 1];
					}
					best[j] = c;
					dist[j] = dd;
					break;
				}
			}
		}
	}
	if (!best[0])
		return xstrdup(r >= 0 ? _("this role's checklist is empty") : _("the checklists are empty"));
	buf o;
	buf_init(&o);
	for (int j = 0; j < 3 && best[j]; j++)
		buf_printf(&o, "%s%s", j ? ", " : "", best[j]);
	int n = best[2] ? 3 : best[1] ? 2 : 1;
	char *hint = xasprintf(dngettext("svcbook", "nearest id: %s", "nearest ids: %s", (unsigned long)n), o.data);
	buf_free(&o);
	return hint;
}

/* A clause named by its title or number, as the checklist shows them,
 * not by its id: "that is clause 5.1.3's title; its id is ...", one of
 * role r's items first. NULL when no clause is named so. Caller frees. */
static char *by_title(const run *R, int r, const char *text)
{
	int found = -1;
	for (size_t c = 0; c < R->b->nclauses; c++) {
		const book_clause *cl = &R->b->clauses[c];
		if (!cl->id || ((!cl->title || strcmp(cl->title, text) != 0) && (!cl->number || strcmp(cl->number, text) != 0)))
			continue;
		if (found < 0 || checklist_find(R->cl, r, cl->id) >= 0)
			found = (int)c;
		if (checklist_find(R->cl, r, cl->id) >= 0)
			break;
	}
	if (found < 0)
		return NULL;
	const book_clause *cl = &R->b->clauses[found];
	return xasprintf(_("that names clause %s %s; the item column takes its id: %s"), cl->number, cl->title, cl->id);
}

/* Why clause c is no item of the role asked for: another role's item,
 * left out, or no duty in it. Caller frees. */
static char *why_not_item(const run *R, int c)
{
	const char *id = R->b->clauses[c].id;
	for (size_t k = 0; k < R->cl->n; k++)
		if (checklist_find(R->cl, (int)k, id) >= 0)
			return xasprintf(_("it is an item of role '%s'"), R->b->roles[k].id);
	for (int p = c; p >= 0; p = R->b->clauses[p].parent)
		for (size_t i = 0; i < R->b->clauses[p].nattrs; i++)
			if (!strcmp(R->b->clauses[p].attrs[i].key, "audit") && !strcmp(R->b->clauses[p].attrs[i].value, "no"))
				return xstrdup(_("audit=no leaves it out of the checklists"));
	return xstrdup(_("its text holds no obligation, so it is no checklist item"));
}

/* role: the book's role, or -1 (reported). */
static int check_role(run *R, const csv_field *f)
{
	int r = book_find_role(R->b, f->text);
	if (r >= 0)
		return r;
	const char *near = book_nearest_role(R->b, f->text);
	char *hint = near ? xasprintf(_("did you mean '%s'?"), near) : NULL;
	bad(R, f->line, f->col, DIAG_ID(UNKNOWN_ROLE), hint, "unknown role '%s'", f->text);
	free(hint);
	return -1;
}

static int in_period(const run *R, long day)
{
	return (!R->have_from || day >= R->from) && (!R->have_to || day <= R->to);
}

/* An item of an earlier version's checklist, on a visit before the version
 * that dropped it came into force: said once, and the row left out. */
#define ITEM_EARLIER (-2)

static int earlier_item(run *R, const csv_field *f, int r, long day)
{
	audit_earlier e;
	if (!audit_hist_earlier(R->hist, R->b, R->b->roles[r].id, f->text, day, &e))
		return 0;
	if (in_period(R, day)) {
		char visit[11];
		date_format(day, visit);
		diag_add(R->d, R->file, f->line, f->col, SEV_WARNING, DIAG_ID(EARLIER_ITEM),
			 "a row of an earlier checklist is not scored against this one",
			 "item '%s' was in the checklist of role '%s' until version %s (in force from %s); "
			 "the visit of %s was before: the row is left out of the scores",
			 f->text, R->b->roles[r].id, e.dropped, e.from, visit);
	}
	return 1;
}

/* item: its index in role r's checklist; ITEM_EARLIER (said) for an item
 * of an earlier version's checklist (day: the visit's, or LONG_MIN when
 * its date is bad); or -1 (reported). */
static int check_item(run *R, const csv_field *f, int r, long day)
{
	int i = checklist_find(R->cl, r, f->text);
	if (i >= 0)
		return i;
	if (day != LONG_MIN && earlier_item(R, f, r, day))
		return ITEM_EARLIER;
	int c = book_find_id(R->b, f->text);
	if (c >= 0) {
		const book_clause *cl = &R->b->clauses[c];
		char *why = why_not_item(R, c);
		bad(R, f->line, f->col, DIAG_ID(NOT_IN_CHECKLIST), why, "item '%s' (clause %s %s) is not in the checklist of role '%s'",
		    f->text, cl->number, cl->title, R->b->roles[r].id);
		free(why);
		return -1;
	}
	char *hint = by_title(R, r, f->text);
	if (!hint)
		hint = nearest_items(R, r, f->text);
	char *gone = R->errors < MAX_ERRORS ? audit_hist_removed(R->hist, f->text) : xstrdup("");
	bad(R, f->line, f->col, DIAG_ID(UNKNOWN_ITEM), hint, "unknown item '%s': no clause of the book has this id%s", f->text,
	    gone);
	free(gone);
	free(hint);
	return -1;
}

/* ---- pooling ---- */

static int find_dept(run *R, const char *name)
{
	if (R->last_dept >= 0 && strcmp(R->depts[R->last_dept].name, name) == 0)
		return R->last_dept; /* a visit's rows come together */
	int i = R->last_dept = strmap_get(&R->dept_ids, name);
	if (i >= 0)
		return i;
	R->depts = xgrow(R->depts, &R->cap_depts, R->ndepts + 1, sizeof *R->depts);
	memset(&R->depts[R->ndepts], 0, sizeof *R->depts);
	R->depts[R->ndepts].name = xstrdup(name);
	strmap_set(&R->dept_ids, name, (int)R->ndepts);
	return R->last_dept = (int)R->ndepts++;
}

static int find_emp(run *R, const char *dept, const char *name, int role)
{
	const audit_emp *last = R->last_emp >= 0 ? &R->emps[R->last_emp] : NULL;
	if (last && strcmp(last->name, name) == 0 && strcmp(last->department, dept) == 0)
		return R->last_emp;
	R->key.len = 0;
	buf_puts(&R->key, dept);
	buf_putc(&R->key, '\x1f');
	buf_puts(&R->key, name);
	int i = strmap_get(&R->emp_ids, R->key.data);
	if (i >= 0)
		return R->last_emp = i;
	R->emps = xgrow(R->emps, &R->cap_emps, R->nemps + 1, sizeof *R->emps);
	memset(&R->emps[R->nemps], 0, sizeof *R->emps);
	R->emps[R->nemps].name = xstrdup(name);
	R->emps[R->nemps].department = xstrdup(dept);
	R->emps[R->nemps].role = role;
	strmap_set(&R->emp_ids, R->key.data, (int)R->nemps);
	return R->last_emp = (int)R->nemps++;
}

static audit_month *find_month(run *R, const char *date)
{
	int i = strmap_getn(&R->month_ids, date, 7);
	if (i >= 0)
		return &R->months[i];
	R->months = xgrow(R->months, &R->cap_months, R->nmonths + 1, sizeof *R->months);
	audit_month *m = &R->months[R->nmonths];
	memset(m, 0, sizeof *m);
	memcpy(m->month, date, 7);
	strmap_set(&R->month_ids, m->month, (int)R->nmonths);
	R->nmonths++;
	return m;
}

static size_t seen_slot(const run *R, long day, int emp, int clause)
{
	uint64_t h = (((uint64_t)(uint32_t)day << 32) | (uint32_t)emp) ^ ((uint64_t)(uint32_t)clause * 0x9E3779B97F4A7C15u);
	/* MurmurHash3's finaliser: every input bit moves the low bits used */
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDu;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53u;
	h ^= h >> 33;
	size_t i = (size_t)h & (R->seen_cap - 1);
	while (R->seen[i].file &&
	       !(R->seen[i].day == day && R->seen[i].emp == emp && R->seen[i].clause == clause))
		i = (i + 1) & (R->seen_cap - 1);
	return i;
}

/* Records the row; the earlier one when it is a duplicate, else NULL. */
static const seen_row *seen_add(run *R, long day, int emp, int clause, int line)
{
	if (2 * (R->seen_n + 1) > R->seen_cap) {
		seen_row *old = R->seen;
		size_t oldcap = R->seen_cap;
		R->seen_cap = oldcap ? 2 * oldcap : 1024;
		R->seen = xcalloc(R->seen_cap, sizeof *R->seen);
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].file)
				R->seen[seen_slot(R, old[i].day, old[i].emp, old[i].clause)] = old[i];
		free(old);
	}
	size_t i = seen_slot(R, day, emp, clause);
	if (R->seen[i].file)
		return &R->seen[i];
	R->seen[i] = (seen_row){(int32_t)day, emp, clause, line, R->file_no + 1};
	R->seen_n++;
	return NULL;
}

static void add_tally(audit_tally *t, result_word w, int weight)
{
	if (w == R_YES)
		t->yes += weight;
	else if (w == R_NO)
		t->no += weight;
}

/* ---- reading the results ---- */

static int check_date(run *R, const csv_field *f, long *day)
{
	if (date_parse(f->text, day) == 0)
		return 0;
	char iso[11];
	char *hint = date_guess(f->text, iso) == 0 ? xasprintf(_("did you mean '%s'?"), iso) : NULL;
	bad(R, f->line, f->col, DIAG_ID(BAD_DATE), hint ? hint : "a calendar day written YYYY-MM-DD", "bad date '%s'", f->text);
	free(hint);
	return -1;
}

static int not_empty(run *R, const csv_field *f, const char *name)
{
	if (f->len)
		return 0;
	bad(R, f->line, f->col, DIAG_ID(EMPTY_FIELD), NULL, "empty %s", name);
	return -1;
}

static void result_row(run *R, const csv_field *const *v, const csv_field *first)
{
	/* a row of a blank sheet not filled in: only its role and item */
	if (!v[C_DATE]->len && !v[C_EMPLOYEE]->len && !v[C_DEPARTMENT]->len && !v[C_RESULT]->len)
		return;
	long day = 0;
	int date_ok = check_date(R, v[C_DATE], &day) == 0;
	int ok = date_ok;
	ok &= not_empty(R, v[C_EMPLOYEE], "employee") == 0;
	ok &= not_empty(R, v[C_DEPARTMENT], "department") == 0;
	int r = check_role(R, v[C_ROLE]);
	int item = r >= 0 ? check_item(R, v[C_ITEM], r, date_ok ? day : LONG_MIN) : -1;
	ok &= r >= 0 && (item >= 0 || item == ITEM_EARLIER);
	result_word w = read_result(v[C_RESULT]->text);
	if (w == R_BAD && !v[C_RESULT]->len) {
		ok &= not_empty(R, v[C_RESULT], "result") == 0;
	} else if (w == R_BAD) {
		bad(R, v[C_RESULT]->line, v[C_RESULT]->col, DIAG_ID(BAD_RESULT), "write yes, no or na (да, нет, н/п)",
		    "bad result '%s'", v[C_RESULT]->text);
		ok = 0;
	}
	if (!ok || !in_period(R, day))
		return;
	if (item == ITEM_EARLIER) {
		R->left_out++;
		return;
	}
	const checklist_item *it = &R->cl->lists[r].items[item];
	int e = find_emp(R, v[C_DEPARTMENT]->text, v[C_EMPLOYEE]->text, r);
	/* duplicates are still looked for after an error: all problems at once */
	const seen_row *dup = seen_add(R, day, e, it->clause, first->line);
	if (dup) {
		diag_add(R->d, R->file, first->line, first->col, SEV_WARNING, DIAG_ID(DUPLICATE_ROW), "a row is counted once",
			 "the same date, employee and item as %s:%d", R->names[dup->file - 1], (int)dup->line);
		R->duplicates++;
		return;
	}
	if (R->failed)
		return; /* after an error nothing is counted: only checked */
	R->rows++;
	audit_item *c = &R->counts[R->item_base[r] + (size_t)item];
	c->yes += w == R_YES;
	c->no += w == R_NO;
	c->na += w == R_NA;
	add_tally(&R->emps[e].t, w, it->weight);
	R->emps[e].results += w != R_NA;
	int dept = find_dept(R, v[C_DEPARTMENT]->text); /* before R->depts is read: it may move */
	add_tally(&R->depts[dept].t, w, it->weight);
	add_tally(&find_month(R, v[C_DATE]->text)->t, w, it->weight);
	add_tally(&R->total, w, it->weight);
}

static void survey_row(run *R, const csv_field *const *v)
{
	long day = 0;
	int ok = check_date(R, v[S_DATE], &day) == 0;
	ok &= not_empty(R, v[S_DEPARTMENT], "department") == 0;
	const char *s = v[S_SCORE]->text;
	int score = -1;
	if ((s[0] >= '0' && s[0] <= '9' && !s[1]) || strcmp(s, "10") == 0)
		score = atoi(s);
	if (!*s) {
		ok &= not_empty(R, v[S_SCORE], "score") == 0;
	} else if (score < 0) {
		bad(R, v[S_SCORE]->line, v[S_SCORE]->col, DIAG_ID(BAD_SCORE), "a survey score is a whole number from 0 to 10",
		    "score '%s' is not a whole number from 0 to 10", s);
		ok = 0;
	}
	if (!ok || R->failed || !in_period(R, day))
		return;
	int dept = find_dept(R, v[S_DEPARTMENT]->text);
	audit_dept *dp = &R->depts[dept];
	long *slot = score >= 9 ? &dp->promoters : score >= 7 ? &dp->passives : &dp->detractors;
	(*slot)++;
	long *all = score >= 9 ? &R->promoters : score >= 7 ? &R->passives : &R->detractors;
	(*all)++;
	R->answers++;
}

/* What follows is read from name (taken): messages and duplicates name it. */
static void start_source(run *R, char *name)
{
	R->names = xgrow(R->names, &R->cap_names, R->nnames + 1, sizeof *R->names);
	R->names[R->nnames] = name;
	R->file = name;
	R->file_no = (int)R->nnames++;
}

static csv_table_spec table_spec(run *R, int survey)
{
	return (csv_table_spec){
		survey ? scol_names : col_names, survey ? NSCOLS : NCOLS,
		survey ? "date,department,score" : "date,employee,department,role,item,result,auditor,comment",
		bad_v, R,
	};
}

/* Scores (or checks) every row of t; survey: a table of --nps. */
static void read_table(run *R, csv_table *t, int survey)
{
	const csv_field *v[NCOLS], *first;
	int rc;
	while ((rc = csv_table_next(t, v, &first)) != 0) {
		if (rc < 0)
			continue;
		if (survey)
			survey_row(R, v);
		else
			result_row(R, v, first);
	}
	csv_table_free(t);
}

/* One sheet of a workbook (xlsxread.h's xlsx_each_table). */
typedef struct {
	run *R;
	int survey;
} sheet_ctx;

static void read_sheet(void *ctx, char *name, csv_table *t)
{
	sheet_ctx *c = ctx;
	start_source(c->R, name);
	if (t)
		read_table(c->R, t, c->survey);
}

/* A workbook handed back (the checklists.xlsx build makes, filled in):
 * each sheet with rows is a table, named FILE(SHEET) in messages. */
static void read_workbook(run *R, const char *name, int survey)
{
	csv_table_spec spec = table_spec(R, survey);
	sheet_ctx c = {R, survey};
	char *err = xlsx_read_tables(name, "date", &spec, read_sheet, &c);
	if (err)
		bad(R, 0, 0, DIAG_ID(BAD_CSV), csv_save_as_hint, "%s", err);
	free(err);
}

/* Reads every file; 0 when all could be opened. */
static int read_all(run *R, char **files, size_t nfiles, const char *nps)
{
	for (size_t i = 0; i <= nfiles; i++) {
		const char *name = i < nfiles ? files[i] : nps;
		if (!name)
			break;
		FILE *in = fopen(name, "rb");
		if (!in) {
			diag_add(R->d, name, 0, 0, SEV_FATAL, DIAG_ID(BAD_INPUT), NULL, "cannot read %s: %s", name, strerror(errno));
			return -1;
		}
		start_source(R, xstrdup(name));
		R->errors = 0;
		if (xlsx_is_zip(in)) {
			read_workbook(R, name, i == nfiles);
		} else {
			csv_table_spec spec = table_spec(R, i == nfiles);
			read_table(R, csv_table_new(in, &spec), i == nfiles);
		}
		fclose(in);
		if (R->errors > MAX_ERRORS)
			diag_add(R->d, name, 0, 0, SEV_ERROR, DIAG_ID(BAD_INPUT), NULL, "%ld more errors in this file are not shown",
				 R->errors - MAX_ERRORS);
	}
	return 0;
}

/* ---- the report ---- */

static int cmp_emp(const void *a, const void *b)
{
	const audit_emp *x = a, *y = b;
	int c = strcmp(x->department, y->department);
	return c ? c : strcmp(x->name, y->name);
}

static int cmp_dept(const void *a, const void *b)
{
	return strcmp(((const audit_dept *)a)->name, ((const audit_dept *)b)->name);
}

static int cmp_month(const void *a, const void *b)
{
	return strcmp(((const audit_month *)a)->month, ((const audit_month *)b)->month);
}

static void make_report(run *R, audit_report *rep)
{
	memset(rep, 0, sizeof *rep);
	rep->b = R->b;
	rep->cl = R->cl;
	sort_array(R->emps, R->nemps, sizeof *R->emps, cmp_emp);
	sort_array(R->depts, R->ndepts, sizeof *R->depts, cmp_dept);
	sort_array(R->months, R->nmonths, sizeof *R->months, cmp_month);
	rep->emps = R->emps, rep->nemps = R->nemps;
	rep->depts = R->depts, rep->ndepts = R->ndepts;
	rep->months = R->months, rep->nmonths = R->nmonths;
	/* items in book order: by role in the book's role order, then checklist order */
	rep->items = xcalloc(R->ncounts ? R->ncounts : 1, sizeof *rep->items);
	int *order = book_role_order(R->b);
	for (size_t k = 0; k < R->b->nroles; k++) {
		int r = order[k];
		for (size_t i = 0; i < R->cl->lists[r].n; i++) {
			const audit_item *c = &R->counts[R->item_base[r] + i];
			if (c->yes + c->no + c->na)
				rep->items[rep->nitems++] = *c;
		}
	}
	free(order);
	rep->total = R->total;
	rep->promoters = R->promoters, rep->passives = R->passives, rep->detractors = R->detractors;
	rep->rows = R->rows, rep->duplicates = R->duplicates, rep->answers = R->answers;
	rep->left_out = R->left_out;
}

static void free_run(run *R)
{
	for (size_t i = 0; i < R->nemps; i++) {
		free(R->emps[i].name);
		free(R->emps[i].department);
	}
	free(R->emps);
	for (size_t i = 0; i < R->ndepts; i++)
		free(R->depts[i].name);
	free(R->depts);
	free(R->months);
	free(R->counts);
	free(R->item_base);
	free(R->seen);
	for (size_t i = 0; i < R->nnames; i++)
		free(R->names[i]);
	free(R->names);
	strmap_free(&R->emp_ids);
	strmap_free(&R->dept_ids);
	strmap_free(&R->month_ids);
	buf_free(&R->key);
	audit_hist_free(R->hist);
}

/* Writes the report to path through a temporary file beside it, renamed
 * into place only when whole; standard output when path is NULL. */
static int write_report(const audit_report *rep, audit_format f, const char *path)
{
	if (!path) {
		auditrep_write(stdout, f, rep);
		return fflush(stdout) == 0 ? 0 : -1;
	}
	char *tmp = xasprintf("%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd >= 0) { /* mkstemp makes it 0600: give it the mode a new file gets */
		mode_t um = umask(0);
		umask(um);
		fchmod(fd, 0666 & ~um);
	}
	FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!out) {
		fprintf(stderr, "svcbook: cannot write %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd), unlink(tmp);
		free(tmp);
		return -1;
	}
	auditrep_write(out, f, rep);
	int bad_write = ferror(out) != 0;
	if (fclose(out) != 0 || bad_write || rename(tmp, path) != 0) {
		fprintf(stderr, "svcbook: cannot write %s: %s\n", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

/* ---- the command line ---- */

const char *const audit_usage =
	"usage: svcbook audit [BOOKDIR] RESULTS.csv|.xlsx... [--nps FILE] [--from DATE] [--to DATE]\n"
	"                     [--format text|json|html] [-o FILE]\n"
	"\n"
	"Scores audit results (CSV: date,employee,department,role,item,result,\n"
	"auditor,comment; or an Excel workbook with those columns, such as the\n"
	"audit/checklists.xlsx the build wrote, filled in) against the checklists\n"
	"of the book in BOOKDIR (default .): per employee, department, month and\n"
	"item, in percent (the weight of yes items over that of yes and no items;\n"
	"na left out); NPS per department and overall from a survey file\n"
	"(date,department,score); bonus coefficients from book.lua bonus. See\n"
	"docs/audit.md.\n"
	"\n"
	"options:\n"
	"      --nps FILE        survey answers, scores 0 to 10\n"
	"      --from DATE       count only rows on or after DATE (YYYY-MM-DD)\n"
	"      --to DATE         ... and on or before DATE\n"
	"  -f, --format FORMAT   text (default), json, or html (a report with charts,\n"
	"                        each item linked to its clause at book.lua's url)\n"
	"  -o, --output FILE     write the report there (default: standard output)\n"
	"      --no-color        never colour diagnostics (also: NO_COLOR set)\n"
	"\n"
	"Every bad row is named at file:line:col (a workbook's at\n"
	"file(sheet):row:col). Exit status: 0 scored, 2 for bad input or\n"
	"arguments (then no report is written).\n";

typedef struct {
	const char *bookdir, *nps, *from, *to, *out;
	char **files;
	size_t nfiles;
	audit_format format;
	int color;
} audit_opts;

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int parse_args(int argc, char **argv, audit_opts *o)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(audit_usage, stdout);
			exit(EXIT_OK);
		} else if (strcmp(a, "--nps") == 0 || strcmp(a, "--from") == 0 || strcmp(a, "--to") == 0 ||
			   strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
			if (!val || !*val)
				return cli_usage_error("audit", "option %s needs a value", a);
			if (strcmp(a, "--nps") == 0)
				o->nps = val;
			else if (strcmp(a, "--from") == 0)
				o->from = val;
			else if (strcmp(a, "--to") == 0)
				o->to = val;
			else
				o->out = val;
			i++;
		} else if (strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0) {
			const char *v = val ? val : "";
			if (strcmp(v, "text") == 0)
				o->format = AUDIT_TEXT;
			else if (strcmp(v, "json") == 0)
				o->format = AUDIT_JSON;
			else if (strcmp(v, "html") == 0)
				o->format = AUDIT_HTML;
			else
				return cli_usage_error("audit", "option --format needs text, json or html (got '%s')", v);
			i++;
		} else if (strcmp(a, "--no-color") == 0) {
			o->color = 0;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("audit", "unknown option '%s'", a);
		} else if (!o->bookdir && !o->nfiles && is_dir(a)) {
			o->bookdir = a;
		} else {
			o->files = xrealloc(o->files, (o->nfiles + 1) * sizeof *o->files);
			o->files[o->nfiles++] = argv[i];
		}
	}
	if (!o->bookdir)
		o->bookdir = ".";
	if (!o->nfiles)
		return cli_usage_error("audit", "%s", "no results file given");
	return EXIT_OK;
}

static int parse_period(const audit_opts *o, run *R)
{
	if (o->from && date_parse(o->from, &R->from) != 0)
		return cli_usage_error("audit", "--from needs a date written YYYY-MM-DD (got '%s')", o->from);
	if (o->to && date_parse(o->to, &R->to) != 0)
		return cli_usage_error("audit", "--to needs a date written YYYY-MM-DD (got '%s')", o->to);
	R->have_from = o->from != NULL;
	R->have_to = o->to != NULL;
	if (R->have_from && R->have_to && R->from > R->to)
		return cli_usage_error("audit", "--from %s is after --to %s", o->from, o->to);
	return EXIT_OK;
}

static void init_counts(run *R)
{
	R->item_base = xcalloc(R->cl->n ? R->cl->n : 1, sizeof *R->item_base);
	for (size_t r = 0; r < R->cl->n; r++) {
		R->item_base[r] = R->ncounts;
		R->ncounts += R->cl->lists[r].n;
	}
	R->counts = xcalloc(R->ncounts ? R->ncounts : 1, sizeof *R->counts);
	for (size_t r = 0; r < R->cl->n; r++)
		for (size_t i = 0; i < R->cl->lists[r].n; i++)
			R->counts[R->item_base[r] + i] = (audit_item){(int)r, (int)i, 0, 0, 0};
}

int audit_main(int argc, char **argv)
{
	audit_opts o;
	memset(&o, 0, sizeof o);
	o.color = cli_use_color();
	run R;
	memset(&R, 0, sizeof R);
	int rc = parse_args(argc, argv, &o);
	if (rc == EXIT_OK)
		rc = parse_period(&o, &R);
	if (rc != EXIT_OK) {
		free(o.files);
		return rc;
	}
	book *b = reader_read(o.bookdir);
	if (diag_worst(b->diags) >= SEV_ERROR) {
		/* a bad weight= or bonus would be scored as the default: pay
		 * must not come from a checklist that is not the one written */
		cli_finish(b, o.bookdir, o.color);
		fputs("svcbook: audit: the book has errors (above); fix them before scoring\n", stderr);
		book_free(b);
		free(o.files);
		return EXIT_USAGE;
	}
	checklist_set *cl = checklist_build(b);
	R.b = b, R.cl = cl, R.d = diag_list_new();
	R.hist = audit_hist_new(o.bookdir);
	strmap_init(&R.emp_ids);
	strmap_init(&R.dept_ids);
	strmap_init(&R.month_ids);
	buf_init(&R.key);
	init_counts(&R);
	R.last_emp = R.last_dept = -1;
	rc = EXIT_USAGE;
	if (read_all(&R, o.files, o.nfiles, o.nps) == 0 && diag_worst(R.d) < SEV_ERROR) {
		audit_report rep;
		make_report(&R, &rep);
		rep.from = o.from, rep.to = o.to;
		rc = write_report(&rep, o.format, o.out) == 0 ? EXIT_OK : EXIT_USAGE;
		free(rep.items);
	}
	diag_sort(R.d);
	diag_print_named(stderr, R.d, o.color);
	diag_list_free(R.d);
	free_run(&R);
	checklist_free(cl);
	book_free(b);
	free(o.files);
	return rc;
}

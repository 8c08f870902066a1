/* auditrep.c - writes an audit report: text for a terminal, JSON for
 * other tools, HTML for managers. Reads the report, computes nothing but
 * the percentages it shows. */
#include "auditrep.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

void auditrep_tenths(FILE *out, int t)
{
	fprintf(out, "%s%d.%d", t < 0 ? "-" : "", abs(t) / 10, abs(t) % 10);
}

/* A coefficient in thousandths, as few decimals as it needs, one at least. */
static void put_coef(FILE *out, int c)
{
	char frac[8];
	snprintf(frac, sizeof frac, "%03d", c % 1000);
	for (int i = 2; i > 0 && frac[i] == '0'; i--)
		frac[i] = '\0';
	fprintf(out, "%d.%s", c / 1000, frac);
}

/* An item's compliance: its yes share of yes and no, tenths; -1: none. */
static int compliance(const audit_item *it)
{
	audit_tally t = {it->yes, it->no};
	return audit_score(&t);
}

static const book_clause *item_clause(const audit_report *r, const audit_item *it)
{
	return &r->b->clauses[r->cl->lists[it->role].items[it->item].clause];
}

/* ---- text ---- */

static void text_score(FILE *out, int s)
{
	if (s < 0) {
		fputs("no score", out);
		return;
	}
	auditrep_tenths(out, s);
	fputs(" %", out);
}

static void text_nps(FILE *out, long p, long pa, long d)
{
	int none;
	int n = audit_nps(p, pa, d, &none);
	if (none) {
		fputs("no NPS answers", out);
		return;
	}
	fputs("NPS ", out);
	auditrep_tenths(out, n);
	fprintf(out, " (%ld answers: %ld promoters, %ld passives, %ld detractors)", p + pa + d, p, pa, d);
}

static void write_text(FILE *out, const audit_report *r)
{
	fprintf(out, "%ld results", r->rows);
	if (r->duplicates)
		fprintf(out, " (duplicates counted once: %ld)", r->duplicates);
	if (r->from || r->to)
		fprintf(out, ", from %s to %s", r->from ? r->from : "the first", r->to ? r->to : "the last");
	fputs("\noverall: ", out);
	text_score(out, audit_score(&r->total));
	fputs(", ", out);
	text_nps(out, r->promoters, r->passives, r->detractors);
	fputs("\n\ndepartments:\n", out);
	for (size_t i = 0; i < r->ndepts; i++) {
		const audit_dept *d = &r->depts[i];
		fprintf(out, "  %s: ", d->name);
		text_score(out, audit_score(&d->t));
		fputs(", ", out);
		text_nps(out, d->promoters, d->passives, d->detractors);
		fputc('\n', out);
	}
	fputs("\nemployees:\n", out);
	for (size_t i = 0; i < r->nemps; i++) {
		const audit_emp *e = &r->emps[i];
		int s = audit_score(&e->t), bonus = audit_bonus(r->b, s);
		fprintf(out, "  %s / %s (%s): ", e->department, e->name, r->b->roles[e->role].id);
		text_score(out, s);
		fprintf(out, " of %ld items", e->results);
		if (bonus >= 0) {
			fputs(", bonus ", out);
			put_coef(out, bonus);
		}
		fputc('\n', out);
	}
	fputs("\nmonths:\n", out);
	for (size_t i = 0; i < r->nmonths; i++) {
		fprintf(out, "  %s: ", r->months[i].month);
		text_score(out, audit_score(&r->months[i].t));
		fputc('\n', out);
	}
	fputs("\nitems (compliance: yes of yes and no):\n", out);
	for (size_t i = 0; i < r->nitems; i++) {
		const audit_item *it = &r->items[i];
		const book_clause *cl = item_clause(r, it);
		fprintf(out, "  %s %s (%s): ", cl->number, cl->id, r->b->roles[it->role].id);
		text_score(out, compliance(it));
		fprintf(out, ", %ld yes, %ld no, %ld na\n", it->yes, it->no, it->na);
	}
}

/* ---- JSON ---- */

static void json_tenths(FILE *out, int t, int none)
{
	if (none)
		fputs("null", out);
	else
		auditrep_tenths(out, t);
}

static void write_json(FILE *out, const audit_report *r)
{
	fputs("{\"employees\": [", out);
	for (size_t i = 0; i < r->nemps; i++) {
		const audit_emp *e = &r->emps[i];
		int s = audit_score(&e->t), bonus = audit_bonus(r->b, s);
		fputs(i ? ",\n  {\"employee\": " : "\n  {\"employee\": ", out);
		report_json_str(out, e->name);
		fputs(", \"department\": ", out);
		report_json_str(out, e->department);
		fputs(", \"role\": ", out);
		report_json_str(out, r->b->roles[e->role].id);
		fputs(", \"score\": ", out);
		json_tenths(out, s, s < 0);
		fprintf(out, ", \"items\": %ld, \"bonus\": ", e->results);
		if (bonus < 0)
			fputs("null", out);
		else
			put_coef(out, bonus);
		fputc('}', out);
	}
	fputs("],\n\"departments\": [", out);
	for (size_t i = 0; i < r->ndepts; i++) {
		const audit_dept *d = &r->depts[i];
		int s = audit_score(&d->t), none;
		int nps = audit_nps(d->promoters, d->passives, d->detractors, &none);
		fputs(i ? ",\n  {\"department\": " : "\n  {\"department\": ", out);
		report_json_str(out, d->name);
		fputs(", \"score\": ", out);
		json_tenths(out, s, s < 0);
		fputs(", \"nps\": ", out);
		json_tenths(out, nps, none);
		fputc('}', out);
	}
	fputs("],\n\"items\": [", out);
	for (size_t i = 0; i < r->nitems; i++) {
		const audit_item *it = &r->items[i];
		int c = compliance(it);
		fputs(i ? ",\n  {\"id\": " : "\n  {\"id\": ", out);
		report_json_str(out, item_clause(r, it)->id);
		fputs(", \"role\": ", out);
		report_json_str(out, r->b->roles[it->role].id);
		fputs(", \"compliance\": ", out);
		json_tenths(out, c, c < 0);
		fprintf(out, ", \"no\": %ld, \"yes\": %ld, \"na\": %ld}", it->no, it->yes, it->na);
	}
	int none, s = audit_score(&r->total);
	int nps = audit_nps(r->promoters, r->passives, r->detractors, &none);
	fputs("],\n\"nps\": ", out);
	json_tenths(out, nps, none);
	fputs(",\n\"score\": ", out);
	json_tenths(out, s, s < 0);
	fputs(",\n\"months\": [", out);
	for (size_t i = 0; i < r->nmonths; i++) {
		int m = audit_score(&r->months[i].t);
		fprintf(out, "%s{\"month\": \"%s\", \"score\": ", i ? ",\n  " : "\n  ", r->months[i].month);
		json_tenths(out, m, m < 0);
		fputc('}', out);
	}
	fprintf(out, "],\n\"results\": %ld, \"duplicates\": %ld, \"answers\": %ld}\n", r->rows, r->duplicates,
		r->answers);
}

void auditrep_write(FILE *out, audit_format f, const audit_report *r)
{
	if (f == AUDIT_JSON)
		write_json(out, r);
	else
		write_text(out, r);
}

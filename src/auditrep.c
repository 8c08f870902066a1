/* auditrep.c - writes an audit report: text for a terminal, JSON for
 * other tools, HTML for managers. Reads the report, computes nothing but
 * the percentages it shows. */
#include "auditrep.h"
#include "escape.h"
#include "htmlw.h"
#include "i18n.h"
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

/* ---- HTML ---- */

static const char *word(book_lang lang, const char *key)
{
	static const struct { const char *key, *ru, *en; } words[] = {
		{"title", "Результаты проверок", "Audit results"},
		{"duplicates", "повторов учтено один раз", "duplicates counted once"},
		{"left-out", "строк прежних чек-листов не учтено", "rows of earlier checklists left out"},
		{"period", "Период", "Period"},
		{"all", "все даты", "all dates"},
		{"overall", "Общий балл", "Overall score"},
		{"nps", "NPS", "NPS"},
		{"departments", "Подразделения", "Departments"},
		{"department", "Подразделение", "Department"},
		{"employees", "Сотрудники", "Employees"},
		{"employee", "Сотрудник", "Employee"},
		{"role", "Роль", "Role"},
		{"score", "Балл, %", "Score, %"},
		{"items", "Пунктов", "Items"},
		{"bonus", "Коэффициент", "Bonus"},
		{"months", "По месяцам", "By month"},
		{"month", "Месяц", "Month"},
		{"missed", "Десять чаще всего нарушаемых пунктов", "The ten most missed items"},
		{"missed-none", "Ни один пункт не нарушен.", "No item was missed."},
		{"all-items", "Все пункты", "All items"},
		{"item", "Пункт", "Item"},
		{"compliance", "Соблюдение, %", "Compliance, %"},
		{"yes", "да", "yes"},
		{"no", "нет", "no"},
		{"na", "н/п", "na"},
		{"chart-dept", "Балл подразделений, %", "Department scores, %"},
		{"chart-month", "Балл по месяцам, %", "Scores by month, %"},
		{"chart-missed", "Число нарушений по пунктам", "Times each item was missed"},
		{"none", "—", "—"},
		{"how", "Балл — вес пунктов «да» от веса пунктов «да» и «нет» (н/п не учитывается). NPS — доля оценок 9–10 минус доля оценок 0–6.",
		 "A score is the weight of yes items over that of yes and no items (na left out). NPS is the share of scores 9-10 minus that of 0-6."},
	};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strcmp(words[i].key, key) == 0)
			return lang == LANG_RU ? words[i].ru : words[i].en;
	return key;
}

/* A count and its noun in the book's language: "1 нарушение", "2
 * нарушения", "5 нарушений" (the Plural-Forms rule of po/ru.po), "1 result".
 * The page follows the book, not the catalogue the messages use. */
static void count_words(FILE *out, book_lang lang, long n, const char *key)
{
	static const struct { const char *key, *ru[3], *en[2]; } nouns[] = {
		{"results", {"результат", "результата", "результатов"}, {"result", "results"}},
		{"answers", {"ответ", "ответа", "ответов"}, {"answer", "answers"}},
		{"no-count", {"нарушение", "нарушения", "нарушений"}, {"missed", "missed"}},
	};
	for (size_t i = 0; i < sizeof nouns / sizeof *nouns; i++) {
		if (strcmp(nouns[i].key, key) != 0)
			continue;
		long m10 = n % 10, m100 = n % 100;
		int ru = m10 == 1 && m100 != 11 ? 0 : m10 >= 2 && m10 <= 4 && (m100 < 10 || m100 >= 20) ? 1 : 2;
		fprintf(out, "%ld %s", n, lang == LANG_RU ? nouns[i].ru[ru] : nouns[i].en[n != 1]);
		return;
	}
	fprintf(out, "%ld %s", n, key);
}

/* A role as a reader knows it: its name, its id when it has none. */
static const char *role_name(const audit_report *r, int role)
{
	const book_role *br = &r->b->roles[role];
	return br->name ? br->name : br->id;
}

static void h_esc(FILE *out, const char *s)
{
	buf b;
	buf_init(&b);
	esc_html_dq(&b, s);
	fputs(b.data ? b.data : "", out);
	buf_free(&b);
}

static void h_tenths(FILE *out, int t, int none, book_lang lang)
{
	if (none)
		fputs(word(lang, "none"), out);
	else
		auditrep_tenths(out, t);
}

/* A bar of a chart: its label above it, the bar, its value at its end.
 * Sizes are in the SVG's own units: 360 wide, a phone's width, so the
 * text stays readable there and grows with the screen. */
typedef struct {
	const char *label;
	int value;     /* tenths, or a count */
	int none;      /* no value */
} bar;

#define CHART_W 360
#define ROW_H 34

static void chart(FILE *out, const char *id, const char *title, const bar *bars, size_t n, int max, int tenths)
{
	fprintf(out, "<figure class=\"chart\"><svg viewBox=\"0 0 %d %zu\" role=\"img\" aria-labelledby=\"%s\">"
		     "<title id=\"%s\">", CHART_W, n * ROW_H + 4, id, id);
	h_esc(out, title);
	fputs("</title>", out);
	for (size_t i = 0; i < n; i++) {
		int y = (int)i * ROW_H;
		fprintf(out, "<text x=\"0\" y=\"%d\" class=\"l\">", y + 13);
		h_esc(out, bars[i].label);
		fputs("</text>", out);
		int w = bars[i].none || max <= 0 ? 0 : (int)((long)bars[i].value * (CHART_W - 60) / max);
		if (w < 0)
			w = 0;
		fprintf(out, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"14\" class=\"b\"/>", y + 17, w);
		fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"v\">", w + 4, y + 29);
		if (bars[i].none)
			fputs("—", out);
		else if (tenths)
			auditrep_tenths(out, bars[i].value);
		else
			fprintf(out, "%d", bars[i].value);
		fputs("</text>", out);
	}
	fputs("</svg></figure>\n", out);
}

static const char *html_style =
	"*{box-sizing:border-box}"
	"body{font:16px/1.45 system-ui,\"Liberation Sans\",Arial,sans-serif;color:#1a1a1a;background:#fff;margin:0}"
	"main{max-width:52rem;margin:0 auto;padding:1rem}"
	"h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.2rem;margin:1.6rem 0 .5rem}"
	".meta,.how{color:#444;font-size:.9rem}"
	".cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}"
	".card{flex:1 1 10rem;border:1px solid #bbb;border-radius:.4rem;padding:.6rem .8rem}"
	".card b{display:block;font-size:1.8rem}"
	".chart{margin:.5rem 0;max-width:30rem}"
	".chart svg{width:100%;height:auto;display:block}"
	".l{font-size:14px;fill:#1a1a1a}.v{font-size:13px;fill:#1a1a1a}.b{fill:#2b6cb0}"
	".scroll{overflow-x:auto}"
	"table{border-collapse:collapse;margin:.4rem 0;font-size:.9rem}"
	"th,td{border-bottom:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}"
	"td.n,th.n{text-align:right;white-space:nowrap}"
	"a{color:#0645ad}"
	"@media print{main{max-width:none;padding:0}h2{break-after:avoid}figure,tr{break-inside:avoid}a{color:inherit}}";

/* A table's box, which scrolls sideways on a narrow screen: keyboard users
 * reach it (tabindex) and screen readers hear what it holds. */
static void scroll_open(FILE *out, const char *label)
{
	fputs("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"", out);
	h_esc(out, label);
	fputs("\">", out);
}

static int cmp_missed(const void *a, const void *b)
{
	const audit_item *x = *(const audit_item *const *)a, *y = *(const audit_item *const *)b;
	if (x->no != y->no)
		return x->no > y->no ? -1 : 1;
	return x < y ? -1 : x > y; /* book order */
}

/* The item's name for a reader: "2.2.1 Greeting (cashier)", linked to its
 * clause at book.lua's url when there is one. */
static void item_cell(FILE *out, const audit_report *r, const audit_item *it)
{
	const book_clause *cl = item_clause(r, it);
	char *href = r->b->config.url ? htmlw_clause_href(r->b, (int)(cl - r->b->clauses), r->b->config.url) : NULL;
	if (href) {
		fputs("<a href=\"", out);
		h_esc(out, href);
		fputs("\">", out);
	}
	h_esc(out, cl->number);
	fputc(' ', out);
	h_esc(out, cl->title);
	if (href)
		fputs("</a>", out);
	free(href);
	fputs(" <code>", out);
	h_esc(out, cl->id);
	fputs("</code> (", out);
	h_esc(out, role_name(r, it->role));
	fputc(')', out);
}

static void html_head(FILE *out, const audit_report *r, book_lang lang)
{
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
		book_lang_tag(&r->b->config));
	h_esc(out, word(lang, "title"));
	if (r->b->config.title) {
		fputs(": ", out);
		h_esc(out, r->b->config.title);
	}
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n<h1>", html_style);
	h_esc(out, word(lang, "title"));
	fputs("</h1>\n<p class=\"meta\">", out);
	if (r->b->config.title)
		h_esc(out, r->b->config.title);
	if (r->b->config.version) {
		fputs(" ", out);
		h_esc(out, r->b->config.version);
	}
	fprintf(out, " · %s: ", word(lang, "period"));
	if (r->from || r->to) {
		h_esc(out, r->from ? r->from : "…");
		fputs(" – ", out);
		h_esc(out, r->to ? r->to : "…");
	} else {
		fputs(word(lang, "all"), out);
	}
	fputs(" · ", out);
	count_words(out, lang, r->rows, "results");
	if (r->duplicates)
		fprintf(out, " (%s: %ld)", word(lang, "duplicates"), r->duplicates);
	if (r->left_out)
		fprintf(out, " (%s: %ld)", word(lang, "left-out"), r->left_out);
	fprintf(out, "</p>\n<p class=\"how\">%s</p>\n", word(lang, "how"));
}

static void html_cards(FILE *out, const audit_report *r, book_lang lang)
{
	int s = audit_score(&r->total), none;
	int nps = audit_nps(r->promoters, r->passives, r->detractors, &none);
	fprintf(out, "<div class=\"cards\"><p class=\"card\">%s<b>", word(lang, "overall"));
	h_tenths(out, s, s < 0, lang);
	fprintf(out, "%s</b></p><p class=\"card\">%s<b>", s < 0 ? "" : " %", word(lang, "nps"));
	h_tenths(out, nps, none, lang);
	fputs("</b>", out);
	count_words(out, lang, r->answers, "answers");
	fputs("</p></div>\n", out);
}

static void html_departments(FILE *out, const audit_report *r, book_lang lang)
{
	fprintf(out, "<h2>%s</h2>\n", word(lang, "departments"));
	bar *bars = xcalloc(r->ndepts + 1, sizeof *bars);
	for (size_t i = 0; i < r->ndepts; i++) {
		int s = audit_score(&r->depts[i].t);
		bars[i] = (bar){r->depts[i].name, s, s < 0};
	}
	chart(out, "chart-dept", word(lang, "chart-dept"), bars, r->ndepts, 1000, 1);
	free(bars);
	scroll_open(out, word(lang, "departments"));
	fprintf(out, "<table><thead><tr><th scope=\"col\">%s</th><th class=\"n\" scope=\"col\">%s</th>"
		     "<th class=\"n\" scope=\"col\">%s</th></tr></thead><tbody>\n",
		word(lang, "department"), word(lang, "score"), word(lang, "nps"));
	for (size_t i = 0; i < r->ndepts; i++) {
		const audit_dept *d = &r->depts[i];
		int s = audit_score(&d->t), none;
		int nps = audit_nps(d->promoters, d->passives, d->detractors, &none);
		fputs("<tr><td>", out);
		h_esc(out, d->name);
		fputs("</td><td class=\"n\">", out);
		h_tenths(out, s, s < 0, lang);
		fputs("</td><td class=\"n\">", out);
		h_tenths(out, nps, none, lang);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n", out);
}

static void html_employees(FILE *out, const audit_report *r, book_lang lang)
{
	fprintf(out, "<h2>%s</h2>\n", word(lang, "employees"));
	scroll_open(out, word(lang, "employees"));
	fprintf(out, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		     "<th scope=\"col\">%s</th><th class=\"n\" scope=\"col\">%s</th><th class=\"n\" scope=\"col\">%s</th>"
		     "<th class=\"n\" scope=\"col\">%s</th></tr></thead><tbody>\n",
		word(lang, "department"), word(lang, "employee"), word(lang, "role"),
		word(lang, "score"), word(lang, "items"), word(lang, "bonus"));
	for (size_t i = 0; i < r->nemps; i++) {
		const audit_emp *e = &r->emps[i];
		int s = audit_score(&e->t), bonus = audit_bonus(r->b, s);
		fputs("<tr><td>", out);
		h_esc(out, e->department);
		fputs("</td><td>", out);
		h_esc(out, e->name);
		fputs("</td><td>", out);
		h_esc(out, role_name(r, e->role));
		fputs("</td><td class=\"n\">", out);
		h_tenths(out, s, s < 0, lang);
		fprintf(out, "</td><td class=\"n\">%ld</td><td class=\"n\">", e->results);
		if (bonus < 0)
			fputs(word(lang, "none"), out);
		else
			put_coef(out, bonus);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n", out);
}

static void html_months(FILE *out, const audit_report *r, book_lang lang)
{
	fprintf(out, "<h2>%s</h2>\n", word(lang, "months"));
	bar *bars = xcalloc(r->nmonths + 1, sizeof *bars);
	for (size_t i = 0; i < r->nmonths; i++) {
		int s = audit_score(&r->months[i].t);
		bars[i] = (bar){r->months[i].month, s, s < 0};
	}
	chart(out, "chart-month", word(lang, "chart-month"), bars, r->nmonths, 1000, 1);
	free(bars);
}

static void html_missed(FILE *out, const audit_report *r, book_lang lang)
{
	fprintf(out, "<h2>%s</h2>\n", word(lang, "missed"));
	const audit_item **v = xcalloc(r->nitems + 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < r->nitems; i++)
		if (r->items[i].no > 0)
			v[n++] = &r->items[i];
	sort_array(v, n, sizeof *v, cmp_missed);
	if (n > 10)
		n = 10;
	if (!n) {
		fprintf(out, "<p>%s</p>\n", word(lang, "missed-none"));
		free(v);
		return;
	}
	bar bars[10];
	char *labels[10];
	for (size_t i = 0; i < n; i++) {
		const book_clause *cl = item_clause(r, v[i]);
		labels[i] = xasprintf("%s %s (%s)", cl->number, cl->title, role_name(r, v[i]->role));
		bars[i] = (bar){labels[i], (int)v[i]->no, 0};
	}
	chart(out, "chart-missed", word(lang, "chart-missed"), bars, n, (int)v[0]->no, 0);
	fprintf(out, "<ol>\n");
	for (size_t i = 0; i < n; i++) {
		fputs("<li>", out);
		item_cell(out, r, v[i]);
		fputs(": ", out);
		count_words(out, lang, v[i]->no, "no-count");
		fputs("</li>\n", out);
		free(labels[i]);
	}
	fputs("</ol>\n", out);
	free(v);
}

static void html_items(FILE *out, const audit_report *r, book_lang lang)
{
	fprintf(out, "<h2>%s</h2>\n", word(lang, "all-items"));
	scroll_open(out, word(lang, "all-items"));
	fprintf(out, "<table><thead><tr><th scope=\"col\">%s</th>"
		     "<th class=\"n\" scope=\"col\">%s</th><th class=\"n\" scope=\"col\">%s</th>"
		     "<th class=\"n\" scope=\"col\">%s</th><th class=\"n\" scope=\"col\">%s</th></tr></thead><tbody>\n",
		word(lang, "item"), word(lang, "compliance"), word(lang, "yes"), word(lang, "no"),
		word(lang, "na"));
	for (size_t i = 0; i < r->nitems; i++) {
		const audit_item *it = &r->items[i];
		int c = compliance(it);
		fputs("<tr><td>", out);
		item_cell(out, r, it);
		fputs("</td><td class=\"n\">", out);
		h_tenths(out, c, c < 0, lang);
		fprintf(out, "</td><td class=\"n\">%ld</td><td class=\"n\">%ld</td><td class=\"n\">%ld</td></tr>\n", it->yes,
			it->no, it->na);
	}
	fputs("</tbody></table></div>\n", out);
}

/* A page for managers: the figures first, charts (inline SVG, no script)
 * beside the tables they draw, every item linked to its clause. */
static void auditrep_html(FILE *out, const audit_report *r)
{
	book_lang lang = r->b->config.language;
	html_head(out, r, lang);
	html_cards(out, r, lang);
	html_departments(out, r, lang);
	html_employees(out, r, lang);
	html_months(out, r, lang);
	html_missed(out, r, lang);
	html_items(out, r, lang);
	fputs("</main>\n</body>\n</html>\n", out);
}

/* ---- text ---- */

/* The text report is in the catalogue's language (the book's, i18n.h),
 * each count with its plural form: "1 passive", "2 ответа". */

static void text_score(FILE *out, int s)
{
	if (s < 0) {
		fputs(_("no score"), out);
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
		fputs(_("no NPS answers"), out);
		return;
	}
	fputs("NPS ", out);
	auditrep_tenths(out, n);
	fputs(" (", out);
	fprintf(out, dngettext("svcbook", "%ld answer", "%ld answers", (unsigned long)(p + pa + d)), p + pa + d);
	fputs(": ", out);
	fprintf(out, dngettext("svcbook", "%ld promoter", "%ld promoters", (unsigned long)(p)), p);
	fputs(", ", out);
	fprintf(out, dngettext("svcbook", "%ld passive", "%ld passives", (unsigned long)(pa)), pa);
	fputs(", ", out);
	fprintf(out, dngettext("svcbook", "%ld detractor", "%ld detractors", (unsigned long)(d)), d);
	fputc(')', out);
}

static void write_text(FILE *out, const audit_report *r)
{
	fprintf(out, dngettext("svcbook", "%ld result", "%ld results", (unsigned long)(r->rows)), r->rows);
	if (r->duplicates)
		fprintf(out, _(" (duplicates counted once: %ld)"), r->duplicates);
	if (r->left_out)
		fprintf(out, _(" (rows of earlier checklists left out: %ld)"), r->left_out);
	if (r->from || r->to)
		fprintf(out, _(", from %s to %s"), r->from ? r->from : _("the first"), r->to ? r->to : _("the last"));
	fprintf(out, "\n%s ", _("overall:"));
	text_score(out, audit_score(&r->total));
	fputs(", ", out);
	text_nps(out, r->promoters, r->passives, r->detractors);
	fprintf(out, "\n\n%s\n", _("departments:"));
	for (size_t i = 0; i < r->ndepts; i++) {
		const audit_dept *d = &r->depts[i];
		fprintf(out, "  %s: ", d->name);
		text_score(out, audit_score(&d->t));
		fputs(", ", out);
		text_nps(out, d->promoters, d->passives, d->detractors);
		fputc('\n', out);
	}
	fprintf(out, "\n%s\n", _("employees:"));
	for (size_t i = 0; i < r->nemps; i++) {
		const audit_emp *e = &r->emps[i];
		int s = audit_score(&e->t), bonus = audit_bonus(r->b, s);
		fprintf(out, "  %s / %s (%s): ", e->department, e->name, role_name(r, e->role));
		text_score(out, s);
		fprintf(out, dngettext("svcbook", " of %ld item", " of %ld items", (unsigned long)(e->results)), e->results);
		if (bonus >= 0) {
			fprintf(out, ", %s ", _("bonus"));
			put_coef(out, bonus);
		}
		fputc('\n', out);
	}
	fprintf(out, "\n%s\n", _("months:"));
	for (size_t i = 0; i < r->nmonths; i++) {
		fprintf(out, "  %s: ", r->months[i].month);
		text_score(out, audit_score(&r->months[i].t));
		fputc('\n', out);
	}
	fprintf(out, "\n%s\n", _("items (compliance: yes of yes and no):"));
	for (size_t i = 0; i < r->nitems; i++) {
		const audit_item *it = &r->items[i];
		const book_clause *cl = item_clause(r, it);
		fprintf(out, "  %s %s (%s): ", cl->number, cl->id, role_name(r, it->role));
		text_score(out, compliance(it));
		fprintf(out, _(", %ld yes, %ld no, %ld na"), it->yes, it->no, it->na);
		fputc('\n', out);
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
	fprintf(out, "],\n\"results\": %ld, \"duplicates\": %ld, \"left_out\": %ld, \"answers\": %ld}\n", r->rows,
		r->duplicates, r->left_out, r->answers);
}

void auditrep_write(FILE *out, audit_format f, const audit_report *r)
{
	if (f == AUDIT_JSON)
		write_json(out, r);
	else if (f == AUDIT_HTML)
		auditrep_html(out, r);
	else
		write_text(out, r);
}

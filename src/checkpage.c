/* checkpage.c - a role's audit checklist as one printable HTML page. Its
 * style is its own (the page is handed out on paper, not browsed with the
 * site): A4, small type, one row per item, no row split across pages. */
#include "checkpage.h"
#include "escape.h"
#include "htmlw.h"

#include <stdlib.h>
#include <string.h>

const char *checkpage_word(book_lang lang, const char *key)
{
	static const struct { const char *key, *ru, *en; } words[] = {
		{"yes", "да", "yes"},
		{"no", "нет", "no"},
		{"na", "н/п", "na"},
		{"na-long", "не применимо", "not applicable"},
		{"title", "Чек-лист проверки", "Audit checklist"},
		{"date", "Дата", "Date"},
		{"employee", "Сотрудник", "Employee"},
		{"department", "Подразделение", "Department"},
		{"auditor", "Проверяющий", "Auditor"},
		{"number", "№", "No."},
		{"item", "Пункт стандарта: что соблюдать", "Clause: what to observe"},
		{"comment", "Комментарий", "Comment"},
		{"weight", "вес", "weight"},
		{"version", "версия", "version"},
		{"items", "пунктов", "items"},
		{"role", "роль", "role"},
		{"score", "Балл = вес «да» / вес («да» + «нет») × 100 =", "Score = weight of yes / weight of (yes + no) × 100 ="},
		{"signature", "Подпись проверяющего", "Auditor's signature"},
		{"how", "Отметьте в каждой строке одно: да — стандарт соблюдён, нет — не соблюдён, н/п — ситуация не возникла.",
		 "Tick one box in each row: yes, the standard was kept; no, it was not; na, the situation did not arise."},
		{"empty", "В стандарте этой роли нет обязательств для проверки.",
		 "This role's standard holds no obligations to audit."},
	};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strcmp(words[i].key, key) == 0)
			return lang == LANG_RU ? words[i].ru : words[i].en;
	return key;
}

static const char *style =
	"@page{size:A4;margin:10mm 9mm 11mm}"
	"*{box-sizing:border-box}"
	"body{font:10pt/1.3 system-ui,\"Liberation Sans\",Arial,sans-serif;color:#111;background:#fff;margin:0 auto;"
	"max-width:60rem;padding:1rem}"
	"h1{font-size:14pt;margin:0 0 .2rem}"
	"p{margin:.2rem 0}"
	".meta,.how{font-size:9pt;color:#333}"
	".fields{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;margin:.5rem 0}"
	".fields span{flex:1 1 14rem;border-bottom:1px solid #111;padding-top:.7rem;font-size:9pt}"
	"table{width:100%;border-collapse:collapse;margin-top:.4rem}"
	"th,td{border:1px solid #555;padding:.15rem .3rem;vertical-align:top;text-align:left;overflow-wrap:anywhere}"
	"th{font-size:8.5pt;background:#eee}"
	"tr{break-inside:avoid}"
	"thead{display:table-header-group}"
	".n{white-space:nowrap;width:3.2rem}"
	".box{width:2.4rem;text-align:center}"
	".box input{width:1.05rem;height:1.05rem;margin:.1rem 0 0}"
	".c{width:22%}"
	"a{color:#0645ad}"
	".t{font-weight:600}"
	".w{font-size:8.5pt;color:#333}"
	"ul{margin:.1rem 0 0;padding-left:1rem;font-size:8.5pt}"
	"li{margin:0}"
	".id{display:block;font:8pt monospace;color:#444}"
	".end{margin-top:.6rem;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem}"
	".end span{flex:1 1 18rem;border-bottom:1px solid #111;padding-top:.9rem;font-size:9pt}"
	"@media (max-width:40rem){body{padding:.5rem}.c{width:auto}}"
	"@media print{body{padding:0;max-width:none}a{color:inherit;text-decoration:none}}";

static void box(buf *o, const char *word, const char *number)
{
	buf_puts(o, "<td class=\"box\"><input type=\"checkbox\" aria-label=\"");
	esc_html_dq(o, word);
	buf_puts(o, " ");
	esc_html_dq(o, number);
	buf_puts(o, "\"></td>");
}

/* Where a list item's lead-in ends in its sentence ("Оператор обязан: "),
 * 0 when it has none. */
static size_t lead_in_len(const char *s)
{
	const char *c = strstr(s, ": ");
	return c ? (size_t)(c - s) + 2 : 0;
}

/* The obligations to observe; the items of one lead-in ("Оператор обязан:"
 * then a list) under it once, not the lead-in again on every line. */
static void put_obligations(buf *o, const oblig_list *l)
{
	buf_puts(o, "<ul>");
	for (size_t i = 0; i < l->n;) {
		const char *s = l->v[i].sentence;
		size_t p = lead_in_len(s), j = i + 1;
		while (p && j < l->n && strncmp(l->v[j].sentence, s, p) == 0)
			j++;
		buf_puts(o, "<li>");
		if (j - i < 2) {
			esc_html_dq(o, s);
			buf_puts(o, "</li>");
			i++;
			continue;
		}
		char *lead = xstrndup(s, p - 1); /* the colon kept, the space not */
		esc_html_dq(o, lead);
		free(lead);
		buf_puts(o, "<ul>");
		for (; i < j; i++) {
			buf_puts(o, "<li>");
			esc_html_dq(o, l->v[i].sentence + p);
			buf_puts(o, "</li>");
		}
		buf_puts(o, "</ul></li>");
	}
	buf_puts(o, "</ul>");
}

static void item_row(const checklist_set *s, const checklist_item *it, const char *base, buf *o)
{
	const book *b = s->b;
	const book_clause *cl = &b->clauses[it->clause];
	book_lang lang = b->config.language;
	buf_puts(o, "<tr><td class=\"n\">");
	esc_html_dq(o, cl->number);
	buf_puts(o, "</td><td>");
	int linked = base && htmlw_clause_has_page(b, it->clause);
	if (linked) {
		buf_puts(o, "<a class=\"t\" href=\"");
		htmlw_put_clause_href(o, b, it->clause, base);
		buf_puts(o, "\">");
	} else {
		buf_puts(o, "<span class=\"t\">");
	}
	esc_html_dq(o, cl->title);
	buf_puts(o, linked ? "</a>" : "</span>");
	if (it->weight != 1)
		buf_printf(o, " <span class=\"w\">(%s %d)</span>", checkpage_word(lang, "weight"), it->weight);
	put_obligations(o, it->obligs);
	buf_puts(o, "<span class=\"id\">");
	esc_html_dq(o, cl->id);
	buf_puts(o, "</span></td>");
	box(o, checkpage_word(lang, "yes"), cl->number);
	box(o, checkpage_word(lang, "no"), cl->number);
	box(o, checkpage_word(lang, "na"), cl->number);
	buf_puts(o, "<td class=\"c\"></td></tr>\n");
}

static void field(buf *o, book_lang lang, const char *key)
{
	buf_puts(o, "<span>");
	esc_html_dq(o, checkpage_word(lang, key));
	buf_puts(o, ":</span>");
}

void checkpage_render(const checklist_set *s, int r, const char *base, buf *o)
{
	const book *b = s->b;
	const checklist *l = &s->lists[r];
	const book_role *role = &b->roles[r];
	book_lang lang = b->config.language;
	buf_printf(o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
		   book_lang_tag(&b->config));
	esc_html_dq(o, checkpage_word(lang, "title"));
	buf_puts(o, ": ");
	esc_html_dq(o, role->name);
	buf_puts(o, "</title>\n<style>");
	buf_puts(o, style);
	buf_puts(o, "</style>\n</head>\n<body>\n<main>\n<h1>");
	esc_html_dq(o, checkpage_word(lang, "title"));
	buf_puts(o, ": ");
	esc_html_dq(o, role->name);
	buf_puts(o, "</h1>\n<p class=\"meta\">");
	if (b->config.title)
		esc_html_dq(o, b->config.title);
	if (b->config.organization) {
		buf_puts(o, " · ");
		esc_html_dq(o, b->config.organization);
	}
	if (b->config.version) {
		buf_printf(o, " · %s ", checkpage_word(lang, "version"));
		esc_html_dq(o, b->config.version);
	}
	buf_printf(o, " · %s <code>", checkpage_word(lang, "role"));
	esc_html_dq(o, role->id);
	buf_printf(o, "</code> · %s: %zu</p>\n<div class=\"fields\">", checkpage_word(lang, "items"), l->n);
	field(o, lang, "date");
	field(o, lang, "employee");
	field(o, lang, "department");
	field(o, lang, "auditor");
	buf_puts(o, "</div>\n<p class=\"how\">");
	esc_html_dq(o, checkpage_word(lang, l->n ? "how" : "empty"));
	buf_puts(o, "</p>\n");
	if (l->n) {
		buf_printf(o, "<table>\n<thead><tr><th class=\"n\" scope=\"col\">%s</th><th scope=\"col\">%s</th>",
			   checkpage_word(lang, "number"), checkpage_word(lang, "item"));
		buf_printf(o, "<th class=\"box\" scope=\"col\">%s</th><th class=\"box\" scope=\"col\">%s</th>"
			   "<th class=\"box\" scope=\"col\">%s</th><th class=\"c\" scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			   checkpage_word(lang, "yes"), checkpage_word(lang, "no"), checkpage_word(lang, "na"),
			   checkpage_word(lang, "comment"));
		for (size_t i = 0; i < l->n; i++)
			item_row(s, &l->items[i], base, o);
		buf_puts(o, "</tbody>\n</table>\n");
	}
	buf_puts(o, "<div class=\"end\">");
	field(o, lang, "score");
	field(o, lang, "signature");
	buf_puts(o, "</div>\n</main>\n</body>\n</html>\n");
}

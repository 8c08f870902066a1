/* xlsx.c - checklists.xlsx: auditors work in spreadsheets, so each role's
 * blank results sheet also comes as a worksheet with a choice list. */
#include "xlsx.h"
#include "diagid.h"
#include "checkpage.h"
#include "date.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* Rows below the prefilled items that keep the result choice list. */
#define XLSX_MORE_ROWS 2000

/* The results columns (FORMAT.md 10), then what helps the auditor; audit
 * reads the first eight by name and ignores the rest. */
static const char *const columns[] = {
	"date", "employee", "department", "role", "item", "result", "auditor", "comment",
	"number", "title", "weight",
};
static const double widths[] = {11, 22, 22, 16, 26, 8, 18, 30, 8, 48, 7};
#define NCOLS (sizeof columns / sizeof *columns)
#define COL_RESULT 5

/* A sheet name Excel accepts: at most 31 characters (whole UTF-8
 * characters), unique in the workbook ("~2", "~3" added). */
static char *sheet_name(lxw_workbook *wb, const char *id, size_t r)
{
	size_t n = 0, chars = 0;
	while (id[n] && chars < 28) {
		n++;
		while (((unsigned char)id[n] & 0xC0) == 0x80)
			n++;
		chars++;
	}
	char *name = xstrndup(id, n);
	for (int k = 2; workbook_validate_sheet_name(wb, name) != LXW_NO_ERROR; k++) {
		free(name);
		name = k < 1000 ? xasprintf("%.*s~%d", (int)n, id, k) : xasprintf("role-%zu", r);
		if (k >= 1000)
			break;
	}
	return name;
}

/* The file's creation date, part of its bytes: the book's effective or
 * approval date when given, else a fixed one, never the clock. */
static time_t created(const book *b)
{
	long days;
	if ((b->config.effective && date_parse(b->config.effective, &days) == 0) ||
	    (b->config.approved && date_parse(b->config.approved, &days) == 0))
		return (time_t)days * 86400;
	return (time_t)946684800; /* 2000-01-01 */
}

static void write_sheet(lxw_workbook *wb, const checklist_set *s, size_t r, lxw_format *head, lxw_format *day)
{
	const book *b = s->b;
	const checklist *l = &s->lists[r];
	char *name = sheet_name(wb, b->roles[r].id, r);
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	free(name);
	if (!ws)
		return;
	/* neighbours of one width as one range: a <col> element costs the
	 * library a dozen printf calls, each sheet again */
	for (size_t c = 0, e; c < NCOLS; c = e + 1) {
		for (e = c; e + 1 < NCOLS && widths[e + 1] == widths[c]; e++)
			;
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)e, widths[c], c == 0 ? day : NULL);
	}
	for (size_t c = 0; c < NCOLS; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, columns[c], head);
	worksheet_freeze_panes(ws, 1, 0);
	for (size_t i = 0; i < l->n; i++) {
		const book_clause *cl = &b->clauses[l->items[i].clause];
		lxw_row_t row = (lxw_row_t)(i + 1);
		worksheet_write_string(ws, row, 3, b->roles[r].id, NULL);
		worksheet_write_string(ws, row, 4, cl->id, NULL);
		worksheet_write_string(ws, row, 8, cl->number, NULL);
		worksheet_write_string(ws, row, 9, cl->title, NULL);
		worksheet_write_number(ws, row, 10, l->items[i].weight, NULL);
	}
	if (!l->n)
		return;
	book_lang lang = b->config.language;
	char *words[] = {(char *)checkpage_word(lang, "yes"), (char *)checkpage_word(lang, "no"),
			 (char *)checkpage_word(lang, "na"), NULL};
	lxw_data_validation dv;
	memset(&dv, 0, sizeof dv);
	dv.validate = LXW_VALIDATION_TYPE_LIST;
	dv.value_list = words;
	/* auditors copy the item rows once per visit below the prefilled
	 * ones: the choice list runs on past them */
	lxw_row_t last = l->n + XLSX_MORE_ROWS;
	worksheet_data_validation_range(ws, 1, COL_RESULT, last, COL_RESULT, &dv);
}

int xlsx_write_checklists(const checklist_set *s, const char *path, const char *tmpdir, diag_list *d)
{
	lxw_workbook_options opt = {LXW_FALSE, (char *)tmpdir, LXW_FALSE};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb) {
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), NULL, "cannot write %s", path);
		return -1;
	}
	const book *b = s->b;
	lxw_doc_properties props;
	memset(&props, 0, sizeof props);
	props.title = b->config.title;
	props.company = b->config.organization;
	props.created = created(b);
	workbook_set_properties(wb, &props);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	/* the date column shows days as YYYY-MM-DD: a Russian Excel would
	 * show (and save as CSV) a typed day as 03.12.2026, which audit
	 * does not read; the column alone, as its neighbours have widths */
	lxw_format *day = workbook_add_format(wb);
	format_set_num_format(day, "yyyy-mm-dd");
	int *order = book_role_order(b);
	for (size_t i = 0; i < b->nroles; i++)
		write_sheet(wb, s, (size_t)order[i], head, day);
	free(order);
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR) {
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), NULL, "cannot write %s: %s", path, lxw_strerror(e));
		return -1;
	}
	return 0;
}

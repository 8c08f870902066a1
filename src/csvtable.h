/* csvtable.h - a CSV file whose first line names its columns, over csv.h:
 * finds the columns the caller needs (in any order, each named once),
 * refuses a file separated by ';' (Excel's "CSV" in a Russian locale),
 * hands each record's fields by column, reports a missing or an extra
 * field, and trims spaces around unquoted fields (a spreadsheet's slip:
 * «Салон на Ленина » is «Салон на Ленина»). Every problem goes to the
 * caller's report function with file position; the caller decides the
 * rule id and what an error means. Included by: audit (results, surveys),
 * document control (acknowledgement sheets). */
#ifndef SVCBOOK_CSVTABLE_H
#define SVCBOOK_CSVTABLE_H

#include "csv.h"

#include <stdarg.h>
#include <stdio.h>

/* A problem at line:col (col in characters). rule is one of "bad-csv"
 * (not CSV, or not comma-separated) and "missing-column" (a header or a
 * record without a column); hint may be NULL. */
typedef void csv_table_report(void *ctx, int line, int col, const char *rule, const char *hint, const char *fmt,
			      va_list ap);

typedef struct {
	const char *const *names; /* the columns needed, in the caller's order */
	int ncols;                /* at most CSV_TABLE_MAX */
	const char *want;         /* the header as it should be written, for hints: "person,role,version,signed" */
	csv_table_report *report;
	void *ctx;
} csv_table_spec;

#define CSV_TABLE_MAX 16

typedef struct csv_table csv_table;

/* A table read from in, which stays the caller's; spec must outlive it. */
/** The hint for a file a spreadsheet saved wrongly: save it as CSV UTF-8
 * (Excel's menu named in both languages; untranslated, for _()). */
extern const char csv_save_as_hint[];

csv_table *csv_table_new(FILE *in, const csv_table_spec *spec);
void csv_table_free(csv_table *t);

/* A source of records other than CSV text (a worksheet, xlsxread.h):
 * *f and *n as csv_next's, line the row and col the column; 1 for a
 * record, 0 at the end (it reports no errors). */
typedef int csv_table_rows(void *src, const csv_field **f, size_t *n);

/* A table of the records next(src) gives, the first its header. A row
 * may be shorter than the header (a sheet stores no empty cell at the
 * end of a row: the field is empty) or longer (a note beside the table:
 * ignored). */
csv_table *csv_table_new_rows(csv_table_rows *next, void *src, const csv_table_spec *spec);

/* The next record: v[c] is the field of column c (names[c]), trimmed,
 * valid until the next call; *first is the record's first field (its
 * line). Returns 1 for a record, 0 at the end, -1 for a record that was
 * reported and is to be skipped. A header without a needed column is
 * reported and every record after it skipped (their CSV errors still
 * reported); a ';'-separated file is reported once and ends the table,
 * as a file that is no UTF-8 text (csv_error_file). */
int csv_table_next(csv_table *t, const csv_field **v, const csv_field **first);

#endif

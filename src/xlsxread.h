/* xlsxread.h - the rows of an Excel workbook (.xlsx: a zip of XML parts),
 * for a results file handed back as the workbook svcbook made: each
 * worksheet in the workbook's order, each row as csv.h's fields (line the
 * row, col the column), shared and inline strings, numbers as stored, and
 * dates (a date-formatted number, or a number in the column the caller
 * names) as YYYY-MM-DD. Included by: audit (results, surveys), document
 * control (acknowledgement sheets). */
#ifndef SVCBOOK_XLSXREAD_H
#define SVCBOOK_XLSXREAD_H

#include "csv.h"
#include "csvtable.h"

#include <stddef.h>
#include <stdio.h>

/* 1 when f starts as a zip archive does (PK\3\4): decided by content, as
 * a workbook renamed .csv is still one. f is rewound; a stream that
 * cannot be (a pipe) is not read and not a workbook. */
int xlsx_is_zip(FILE *f);

typedef struct xlsx_book xlsx_book;

/* The workbook at path; NULL with *err (translated, the caller's to free)
 * when it is no zip or no readable workbook. */
xlsx_book *xlsx_open(const char *path, char **err);
void xlsx_close(xlsx_book *x);

size_t xlsx_nsheets(const xlsx_book *x);
const char *xlsx_sheet_name(const xlsx_book *x, size_t i);

typedef struct xlsx_sheet xlsx_sheet;

/* Sheet i of x, which must outlive it, read as a stream; date_column:
 * the name (in the sheet's first row) of the column whose numbers are
 * dates, or NULL. */
xlsx_sheet *xlsx_sheet_open(xlsx_book *x, size_t i, const char *date_column);
void xlsx_sheet_free(xlsx_sheet *s);

/* After the rows (or none): NULL, or the message (translated, the
 * caller's to free) that the sheet's part is missing or not well-formed
 * XML, from its start or part of the way. */
char *xlsx_sheet_error(const xlsx_sheet *s);

/* 1 when the sheet has a row with something in it (an empty sheet, such
 * as a new workbook's Sheet2, is no table); that row is still the first
 * xlsx_sheet_next gives. */
int xlsx_sheet_rows(xlsx_sheet *s);

/* The next row with a cell that is not empty, as csvtable.h's
 * csv_table_rows (src is the sheet): 1, or 0 at the end. Empty cells
 * before the last one are empty fields; the fields stay valid until the
 * next call. */
int xlsx_sheet_next(void *sheet, const csv_field **f, size_t *n);

/* The tables of the workbook at path, as audit and reread read them: for
 * each sheet, in the workbook's order, each(ctx, name, t) with the name
 * messages give it, "PATH(SHEET)" (the callee's to free), and the sheet
 * as a table of spec (date_column as xlsx_sheet_open's), which each reads
 * and frees; t is NULL for a sheet with nothing in it. Returns NULL, or
 * the message (translated, the caller's to free) that the workbook or a
 * sheet cannot be read, said after that sheet's rows; the sheets after it
 * are not read. */
typedef void xlsx_each_table(void *ctx, char *name, csv_table *t);
char *xlsx_read_tables(const char *path, const char *date_column, const csv_table_spec *spec, xlsx_each_table *each,
		       void *ctx);

/* Days since 1970-01-01 of the spreadsheet day number serial (the 1900
 * system, or 1904 when date1904); -1 when it is no day (below 1, the
 * 1900 system's 29 February 1900 that never was, past 9999). */
int xlsx_serial_day(double serial, int date1904, long *days);

#endif

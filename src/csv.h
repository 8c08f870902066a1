/* csv.h - a streaming RFC 4180 reader: UTF-8 with an optional BOM, CRLF or
 * LF line ends, quoted fields with "" and line ends inside, each field with
 * the line and column (in characters) where it starts. It holds one record
 * at a time, never the whole file. Included by: audit (results, surveys),
 * document control (acknowledgement sheets). */
#ifndef SVCBOOK_CSV_H
#define SVCBOOK_CSV_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
	const char *text; /**< the field's value, unquoted, NUL-terminated; valid until the next csv_next */
	size_t len;       /**< its length in bytes (the value holds no NUL) */
	int line, col;    /**< 1-based; where the field starts (its opening quote when quoted); col in characters */
	int quoted;       /**< 1 when it was written in quotes */
} csv_field;

typedef struct csv_reader csv_reader;

/* A reader of f, which stays the caller's (read from where it is, not
 * closed by csv_free). */
csv_reader *csv_new(FILE *f);
void csv_free(csv_reader *r);

/* Reads the next record into *fields (n of them, at least one). Lines with
 * nothing on them are skipped. Returns 1 for a record, 0 at the end of the
 * input, -1 for a record that is not well-formed: csv_error says what and
 * where. After most errors (a stray quote, text after a closing quote,
 * invalid UTF-8, a NUL byte) the rest of that line is skipped and the next
 * call goes on with the next line; after a quoted field that is never
 * closed, a record over CSV_MAX_RECORD, a read error or an error about
 * the whole file (csv_error_file), the next call returns 0. */
int csv_next(csv_reader *r, const csv_field **fields, size_t *n);

/* 1 when the last error is about the whole file, not a record: a zip
 * (an .xlsx), UTF-16, or a file in another encoding than UTF-8 (its
 * message names the one it looks like: "Windows-1251"). csv_next returns
 * 0 after it. */
int csv_error_file(const csv_reader *r);

/* The last error's message (no file name, no position) and, in *line and
 * *col, its position (col in characters); NULL when there was none. */
const char *csv_error(const csv_reader *r, int *line, int *col);

/* The longest record read, in bytes: a bound on memory whatever the file. */
#define CSV_MAX_RECORD (1024 * 1024)

#endif

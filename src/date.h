/* date.h - ISO calendar dates (YYYY-MM-DD) as day numbers, and today.
 * Included by: config, lint, the document control modules. */
#ifndef SVCBOOK_DATE_H
#define SVCBOOK_DATE_H

/* Day numbers count days since 1970-01-01 (negative before it). */

/* Parses exactly "YYYY-MM-DD" (a real calendar day, years 1000..9999) into
 * *days. Returns 0, or -1 when s is not such a date. */
int date_parse(const char *s, long *days);

/* A day written another common way, turned into "YYYY-MM-DD" in out (11
 * bytes): D.M.YYYY (03.12.2026, as a Russian spreadsheet exports it), or
 * an ISO day with a time after it. Returns 0, or -1 when s is neither. */
int date_guess(const char *s, char out[11]);

/* Today in UTC: SOURCE_DATE_EPOCH when it is set to a number of seconds
 * (reproducible builds), else the clock. */
long date_today(void);

/* days plus n months; a day past the end of the month it lands in becomes
 * that month's last day (2026-01-31 + 1 month = 2026-02-28). */
long date_add_months(long days, int n);

/* Writes days as "YYYY-MM-DD" into out (11 bytes). */
void date_format(long days, char out[11]);

#endif

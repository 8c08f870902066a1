/* test_date.c - unit tests of src/date.c: strict ISO dates (leap years,
 * month ends, junk refused), month arithmetic clamped to month ends, and
 * today taken from SOURCE_DATE_EPOCH. */
#include "date.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

static int parses_to(const char *s, const char *expect)
{
	long d;
	char out[11];
	if (date_parse(s, &d) != 0)
		return 0;
	date_format(d, out);
	return strcmp(out, expect) == 0;
}

static void test_parse(void)
{
	long d = 1;
	ok(date_parse("1970-01-01", &d) == 0 && d == 0, "the epoch is day 0");
	ok(date_parse("2026-03-15", &d) == 0 && d == 20527, "2026-03-15 is day 20527");
	ok(parses_to("2024-02-29", "2024-02-29"), "a leap day in a leap year");
	ok(parses_to("2000-02-29", "2000-02-29"), "2000 is a leap year");
	const char *bad[] = {"2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
			     "2026-4-1", "2026/04/01", "26-04-01", "2026-04-01x", "", "0999-01-01",
			     "2026-04-0a", "01.04.2026", NULL};
	int all = 1;
	for (const char **b = bad; *b; b++)
		if (date_parse(*b, &d) == 0) {
			all = 0;
			ok_detail(0, "a bad date is refused", *b);
		}
	ok(all, "bad dates are refused");
	ok(date_parse(NULL, &d) == -1, "no date is refused");
}

static void test_months(void)
{
	long d;
	char out[11];
	date_parse("2026-01-31", &d);
	date_format(date_add_months(d, 1), out);
	ok(strcmp(out, "2026-02-28") == 0, "Jan 31 + 1 month is the end of February");
	date_parse("2026-03-15", &d);
	date_format(date_add_months(d, 12), out);
	ok(strcmp(out, "2027-03-15") == 0, "+12 months is a year");
	date_format(date_add_months(d, 22), out);
	ok(strcmp(out, "2028-01-15") == 0, "+22 months crosses two years");
	date_format(date_add_months(d, -3), out);
	ok(strcmp(out, "2025-12-15") == 0, "-3 months goes back a year");
}

static void test_today(void)
{
	setenv("SOURCE_DATE_EPOCH", "1773532800", 1); /* 2026-03-15 00:00 UTC */
	char out[11];
	date_format(date_today(), out);
	ok(strcmp(out, "2026-03-15") == 0, "today is SOURCE_DATE_EPOCH's day");
	setenv("SOURCE_DATE_EPOCH", "junk", 1);
	ok(date_today() > 20000, "a SOURCE_DATE_EPOCH that is not a number: the clock");
	unsetenv("SOURCE_DATE_EPOCH");
}

static void test_guess(void)
{
	char out[11];
	ok(date_guess("03.12.2026", out) == 0 && strcmp(out, "2026-12-03") == 0, "03.12.2026 is 2026-12-03 (day first)");
	ok(date_guess("3.1.2026", out) == 0 && strcmp(out, "2026-01-03") == 0, "3.1.2026: one-digit day and month");
	ok(date_guess("03.12.2026 0:00", out) == 0 && strcmp(out, "2026-12-03") == 0, "a time after the day is dropped");
	ok(date_guess("2026-12-03T10:00:00", out) == 0 && strcmp(out, "2026-12-03") == 0, "an ISO day with a time");
	ok(date_guess("31.02.2026", out) != 0, "31.02.2026 is no day");
	ok(date_guess("12/03/2026", out) != 0, "12/03/2026 is ambiguous: no guess");
	ok(date_guess("03.12.26", out) != 0, "a two-digit year: no guess");
	ok(date_guess("2026-12-03x", out) != 0 && date_guess("", out) != 0, "junk after a day, or nothing: no guess");
}

int main(void)
{
	test_guess();
	test_parse();
	test_months();
	test_today();
	return unit_done();
}

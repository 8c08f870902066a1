/* date.c - ISO calendar dates as day numbers (the proleptic Gregorian
 * calendar, as ISO 8601 has it), for book.lua's dates and acks.csv. */
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(long y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : n[m - 1];
}

/* Days since 1970-01-01 of a valid y-m-d (H. Hinnant's days_from_civil). */
static long from_civil(long y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void to_civil(long z, long *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int date_parse(const char *s, long *days)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	*days = from_civil(y, m, d);
	return 0;
}

long date_today(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	long long secs = -1;
	if (e && *e) {
		char *end;
		long long v = strtoll(e, &end, 10);
		if (!*end && v >= 0)
			secs = v;
	}
	if (secs < 0)
		secs = (long long)time(NULL);
	return (long)(secs / 86400);
}

long date_add_months(long days, int n)
{
	long y;
	int m, d;
	to_civil(days, &y, &m, &d);
	long months = y * 12 + (m - 1) + n;
	y = months >= 0 ? months / 12 : -((-months + 11) / 12);
	m = (int)(months - y * 12) + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return from_civil(y, m, d);
}

void date_format(long days, char out[11])
{
	long y;
	int m, d;
	to_civil(days, &y, &m, &d);
	unsigned v[3] = {(unsigned)(y < 0 ? 0 : y % 10000), (unsigned)m, (unsigned)d};
	snprintf(out, 11, "%04u-%02u-%02u", v[0] % 10000u, v[1] % 100u, v[2] % 100u);
}

/* Reads 1 to maxd digits at *s into *v, moving *s past them. */
static int read_digits(const char **s, int maxd, long *v)
{
	int n = 0;
	*v = 0;
	while (n < maxd && **s >= '0' && **s <= '9')
		*v = *v * 10 + (*(*s)++ - '0'), n++;
	return n;
}

/* A time after a day, as a spreadsheet writes one: " 0:00", " 00:00:00",
 * "T10:00". */
static int time_tail(const char *s)
{
	if (*s != ' ' && *s != 'T')
		return 0;
	for (s++; *s; s++)
		if (!(*s >= '0' && *s <= '9') && *s != ':' && *s != '.')
			return 0;
	return 1;
}

int date_guess(const char *s, char out[11])
{
	long a, b, y, days;
	const char *p = s;
	char iso[11];
	if (read_digits(&p, 4, &y) == 4 && *p == '-') { /* an ISO day with a time */
		if (strlen(s) <= 10 || !time_tail(s + 10))
			return -1;
		memcpy(iso, s, 10);
		iso[10] = '\0';
	} else { /* D.M.YYYY: a day as Russian and German spreadsheets write it */
		p = s;
		if (!read_digits(&p, 2, &a) || *p++ != '.' || !read_digits(&p, 2, &b) || *p++ != '.' || read_digits(&p, 4, &y) != 4)
			return -1;
		if (*p && !time_tail(p))
			return -1;
		snprintf(iso, sizeof iso, "%04d-%02d-%02d", (int)y, (int)b, (int)a);
	}
	if (date_parse(iso, &days) != 0)
		return -1;
	memcpy(out, iso, 11);
	return 0;
}

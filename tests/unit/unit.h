/* unit.h - what every unit test program keeps: the count of its checks,
 * ok() (or ok_detail(), saying what went wrong) per check, and unit_done()
 * to end main with the "N passed, N failed" line tests/run.sh reads. */
#ifndef SVCBOOK_UNIT_H
#define SVCBOOK_UNIT_H

#include <stdio.h>

static int passed, failed;

static inline void ok_detail(int cond, const char *what, const char *detail)
{
	if (cond) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
}

static inline void ok(int cond, const char *what)
{
	ok_detail(cond, what, NULL);
}

static inline int unit_done(void)
{
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

#endif

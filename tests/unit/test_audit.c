/* test_audit.c - unit tests of the audit arithmetic (src/audit.c, FORMAT.md
 * 10) at its edges: scores rounded half up in tenths, na left out, NPS
 * rounded half away from zero, bonus thresholds reached exactly. Each
 * expected value is worked out in the comment beside it. */
#include "audit.h"
#include "unit.h"

#include <string.h>

static int score(long yes, long no)
{
	audit_tally t = {yes, no};
	return audit_score(&t);
}

static void test_score(void)
{
	ok(score(0, 0) == -1, "nothing to score (all na): -1, shown as no score");
	ok(score(5, 0) == 1000, "5 of 5: 100.0");
	ok(score(0, 7) == 0, "0 of 7: 0.0");
	ok(score(13, 3) == 813, "13 of 16 = 81.25 -> 81.3 (half up)");
	ok(score(1, 7) == 125, "1 of 8 = 12.5 exactly");
	ok(score(1, 15) == 63, "1 of 16 = 6.25 -> 6.3 (half up, not to even)");
	ok(score(2, 1) == 667, "2 of 3 = 66.67 -> 66.7");
	ok(score(1, 2) == 333, "1 of 3 = 33.33 -> 33.3");
	ok(score(19, 5) == 792, "19 of 24 = 79.17 -> 79.2");
	ok(score(999999, 1) == 1000, "999 999 of 1 000 000 = 99.9999 -> 100.0");
	ok(score(1999, 1) == 1000, "1999 of 2000 = 99.95 -> 100.0 (half up)");
	ok(score(1997, 3) == 999, "1997 of 2000 = 99.85 -> 99.9 (half up)");
	ok(score((long)3e12, (long)1e12) == 750, "weights past 2^32 (a long file of weight-1000 items): 75.0");
}

static int nps(long p, long pa, long d, int *none)
{
	return audit_nps(p, pa, d, none);
}

static void test_nps(void)
{
	int none = 0;
	nps(0, 0, 0, &none);
	ok(none, "no answers: no NPS");
	ok(nps(3, 1, 1, &none) == 400 && !none, "(3 - 1) of 5 = 40.0");
	ok(nps(1, 1, 2, &none) == -250, "(1 - 2) of 4 = -25.0");
	ok(nps(4, 2, 3, &none) == 111, "(4 - 3) of 9 = 11.11 -> 11.1");
	ok(nps(0, 15, 1, &none) == -63, "(0 - 1) of 16 = -6.25 -> -6.3 (half away from zero)");
	ok(nps(1, 15, 0, &none) == 63, "(1 - 0) of 16 = 6.25 -> 6.3");
	ok(nps(0, 0, 5, &none) == -1000, "all detractors: -100.0");
	ok(nps(0, 7, 0, &none) == 0, "all passives: 0.0");
}

static void test_bonus(void)
{
	book b;
	memset(&b, 0, sizeof b);
	ok(audit_bonus(&b, 1000) == -1, "no bonus in book.lua: none");
	int min[] = {900, 750, 0}, coef[] = {1200, 1000, 800};
	b.config.bonus_min = min;
	b.config.bonus_coef = coef;
	b.config.nbonus = 3;
	ok(audit_bonus(&b, 1000) == 1200, "100.0 -> 1.2");
	ok(audit_bonus(&b, 900) == 1200, "90.0 reaches 90 -> 1.2");
	ok(audit_bonus(&b, 899) == 1000, "89.9 -> 1.0");
	ok(audit_bonus(&b, 750) == 1000, "75.0 reaches 75 -> 1.0");
	ok(audit_bonus(&b, 749) == 800, "74.9 -> 0.8");
	ok(audit_bonus(&b, 0) == 800, "0.0 reaches 0 -> 0.8");
	ok(audit_bonus(&b, -1) == -1, "no score: no bonus");
	int min2[] = {500}, coef2[] = {1000};
	b.config.bonus_min = min2;
	b.config.bonus_coef = coef2;
	b.config.nbonus = 1;
	ok(audit_bonus(&b, 499) == -1, "below every threshold: none");
}

int main(void)
{
	test_score();
	test_nps();
	test_bonus();
	return unit_done();
}

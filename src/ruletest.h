/* ruletest.h - `svcbook lint --test-rules`: runs the test cases rule files
 * carry (`tests = { {text = ..., expect = {...}} }`, as prh's specs), each
 * over a small book held in memory. Included by: lintcmd. */
#ifndef SVCBOOK_RULETEST_H
#define SVCBOOK_RULETEST_H

/* Runs the tests of the built-in rules (DATADIR/lua/rules), of BOOKDIR's
 * rules/ and of its book.lua rules_path; prints ok / not ok per case and a
 * summary on standard output. Returns 0 when all pass, 1 when one fails,
 * 2 when a tests table is malformed (file:line on standard error). */
int ruletest_run(const char *bookdir, const char *datadir);

#endif

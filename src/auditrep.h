/* auditrep.h - the audit report of a clean run (audit.h) as text, JSON
 * (FORMAT.md 10's fields, then months, the overall score and counts) or
 * an HTML page with inline SVG charts. Included by: audit. */
#ifndef SVCBOOK_AUDITREP_H
#define SVCBOOK_AUDITREP_H

#include <stdio.h>
#include "audit.h"

void auditrep_write(FILE *out, audit_format f, const audit_report *r);

/** Writes tenths as "87.5" ("-12.5"). */
void auditrep_tenths(FILE *out, int tenths);

#endif

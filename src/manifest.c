/* manifest.c - OUTDIR/manifest.json: the book's version and, per role, the
 * clauses of its onboarding book and a fingerprint of their obligations,
 * so that HR can tell whose duties a new version changed (reread.c). */
#include "manifest.h"
#include "oblig.h"
#include "output.h"
#include "report.h"
#include "rolebook.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void manifest_fingerprint(const book *b, const book_view *v, char out[17])
{
	oblig_list l = {0};
	for (size_t c = 0; c < b->nclauses; c++)
		if (!v || !v->clauses || v->clauses[c])
			oblig_clause(b, (int)c, &l);
	oblig_fingerprint(&l, out);
	oblig_list_free(&l);
}

void manifest_clause_fingerprint(const book *b, int c, char out[17])
{
	oblig_list l = {0};
	oblig_clause(b, c, &l);
	oblig_fingerprint(&l, out);
	oblig_list_free(&l);
}

/* One role's entry: {"id", "name", "clauses": [...], "fingerprint"}. */
static void put_role(FILE *f, const book *b, int r)
{
	book_view v;
	rolebook_view(b, r, &v);
	char fp[17];
	manifest_fingerprint(b, &v, fp);
	fputs("    {\"id\": ", f);
	report_json_str(f, b->roles[r].id);
	fputs(", \"name\": ", f);
	report_json_str(f, b->roles[r].name);
	fputs(",\n     \"clauses\": [", f);
	int first = 1;
	for (size_t c = 0; c < b->nclauses; c++) {
		if (!v.clauses[c])
			continue;
		fputs(first ? "" : ", ", f);
		report_json_str(f, b->clauses[c].id);
		first = 0;
	}
	fprintf(f, "],\n     \"fingerprint\": \"%s\"}", fp);
	rolebook_view_free(&v);
}

int manifest_write(const book *b, const char *outdir, diag_list *d)
{
	char *final = xasprintf("%s/manifest.json", outdir);
	char *tmp = xasprintf("%s/.manifest.json.tmp", outdir);
	int rc = -1;
	FILE *f = output_open(tmp, d);
	if (f) {
		fputs("{\"version\": ", f);
		if (b->config.version)
			report_json_str(f, b->config.version);
		else
			fputs("null", f);
		fputs(",\n  \"roles\": [\n", f);
		int *order = book_role_order(b);
		for (size_t i = 0; i < b->nroles; i++) {
			put_role(f, b, order[i]);
			fputs(i + 1 < b->nroles ? ",\n" : "\n", f);
		}
		free(order);
		fputs("  ]}\n", f);
		rc = output_close(f, tmp, d);
	}
	if (rc == 0 && rename(tmp, final) != 0) {
		diag_add(d, NULL, 0, 0, SEV_FATAL, "bad-output", NULL, "cannot write '%s'", final);
		rc = -1;
	}
	if (rc != 0)
		remove(tmp);
	free(tmp);
	free(final);
	return rc;
}

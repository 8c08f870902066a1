/* rdjson.c - reviewdog's Diagnostic Format as one JSON document (rdjson,
 * the DiagnosticResult message of reviewdog's proto/rdf): inline review
 * comments, and suggestions where a finding carries a fix. Paths are
 * relative to the current directory, where reviewdog runs; columns count
 * UTF-8 bytes, as the format says; ranges end exclusive. */
#include "diagid.h"
#include "report.h"
#include "report_src.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *rd_severity(diag_severity s)
{
	return s >= SEV_ERROR ? "ERROR" : s == SEV_WARNING ? "WARNING" : "INFO";
}

static void position(FILE *out, const char *key, int line, int col)
{
	fprintf(out, "\"%s\": {\"line\": %d", key, line);
	if (col > 0)
		fprintf(out, ", \"column\": %d", col);
	fputc('}', out);
}

void rdjson_write(FILE *out, const diag_list *l, const report_opts *o)
{
	rsrc src = {.o = o};
	char *docs = report_docs_url();
	diag_severity worst = SEV_OFF;
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].sev > worst)
			worst = l->items[i].sev;
	fputs("{\n  \"source\": {\"name\": \"svcbook\", \"url\": ", out);
	char *info = xasprintf("%srules.md", docs);
	report_json_str(out, info);
	free(info);
	fputs("},\n", out);
	if (worst > SEV_OFF)
		fprintf(out, "  \"severity\": \"%s\",\n", rd_severity(worst));
	fputs("  \"diagnostics\": [", out);
	for (size_t i = 0; i < l->n; i++) {
		const diag *d = &l->items[i];
		fputs(i ? ",\n    {" : "\n    {", out);
		fputs("\"message\": ", out);
		if (d->hint) {
			char *m = xasprintf("%s\n%s", d->message, d->hint);
			report_json_str(out, m);
			free(m);
		} else {
			report_json_str(out, d->message);
		}
		fputs(", \"location\": {\"path\": ", out);
		char *p = xasprintf("%s%s", o->prefix ? o->prefix : "", d->file);
		report_json_str(out, p);
		free(p);
		if (d->line > 0) {
			fputs(", \"range\": {", out);
			position(out, "start", d->line, d->col);
			int end = d->col > 0 ? rsrc_end_byte(&src, d) : 0;
			if (end > d->col) {
				fputs(", ", out);
				position(out, "end", d->line, end);
			}
			fputc('}', out);
		}
		fprintf(out, "}, \"severity\": \"%s\", \"code\": {\"value\": ", rd_severity(d->sev));
		const char *id = *d->rule ? d->rule : "svcbook";
		report_json_str(out, id);
		/* a built-in rule's page, or that of svcbook's own check (diagid.h) */
		int builtin = 0;
		for (size_t k = 0; k < o->nrules; k++)
			if (strcmp(o->rules[k].id, id) == 0)
				builtin = o->rules[k].builtin;
		const diag_id_info *m = builtin ? NULL : diag_id_find(id);
		builtin |= m && m->group == DG_CHECK;
		if (builtin) {
			char *url = xasprintf("%srules.md#%s", docs, id);
			fputs(", \"url\": ", out);
			report_json_str(out, url);
			free(url);
		}
		fputc('}', out);
		if (d->fix) {
			fputs(", \"suggestions\": [{\"range\": {", out);
			position(out, "start", d->fix->line, d->fix->col);
			fputs(", ", out);
			position(out, "end", d->fix->end_line, d->fix->end_col);
			fputs("}, \"text\": ", out);
			report_json_str(out, d->fix->text);
			fputs("}]", out);
		}
		fputc('}', out);
	}
	fputs(l->n ? "\n  ]\n}\n" : "]\n}\n", out);
	free(docs);
	rsrc_free(&src);
}

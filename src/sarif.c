/* sarif.c - SARIF 2.1.0 for code scanning: the rule table with its
 * documentation links, results with a place each (GitHub refuses a result
 * without one), UTF-16 columns, fingerprints, suppressions and fixes. */
#include "cli.h"
#include "diagid.h"
#include "escape.h"
#include "i18n.h"
#include "report.h"
#include "report_src.h"
#include "util.h"

#include <strings.h>
#include <stdlib.h>
#include <string.h>

/* The folder of svcbook's documentation as a URI ending in '/':
 * SVCBOOK_DOCS_URL, else the docs/ beside the data folder. Caller frees. */
char *report_docs_url(void)
{
	const char *env = getenv("SVCBOOK_DOCS_URL");
	if (env && *env)
		return xasprintf("%s%s", env, env[strlen(env) - 1] == '/' ? "" : "/");
	char *dd = cli_datadir();
	char *real = realpath(dd, NULL);
	buf b;
	buf_init(&b);
	buf_puts(&b, "file://");
	esc_url(&b, real ? real : dd, ESC_URL_STRICT, 0);
	buf_puts(&b, "/docs/");
	free(real);
	free(dd);
	char *r = xstrdup(b.data);
	buf_free(&b);
	return r;
}

/* SARIF names are identifiers a person reads, distinct from the id (the
 * Multitool's SARIF1001): "undefined-term" -> "UndefinedTerm", "say" ->
 * "SayRule". Caller frees. */
static char *rule_name(const char *id)
{
	buf nm;
	buf_init(&nm);
	int up = 1, parts = 0;
	for (const char *p = id; *p; p++) {
		if (*p == '-' || *p == '_' || *p == '.') {
			up = 1;
			continue;
		}
		parts += up;
		buf_putc(&nm, up && *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p);
		up = 0;
	}
	if (!nm.len || strcasecmp(nm.data, id) == 0)
		buf_puts(&nm, "Rule");
	char *r = xstrdup(nm.data);
	buf_free(&nm);
	return r;
}

/* uri: the rule's documentation, or NULL for a book's own rule (its
 * documentation is the book's, not svcbook's). */
static void sarif_rule(FILE *out, const char *id, const char *desc, const char *help, diag_severity sev,
		       const char *uri, int first)
{
	/* in the language of the messages, as lint --list-rules says them */
	desc = i18n_text(desc);
	help = i18n_text(help);
	fputs(first ? "\n            {" : ",\n            {", out);
	fputs("\"id\": ", out);
	report_json_str(out, id);
	fputs(", \"name\": ", out);
	char *nm = rule_name(id);
	report_json_str(out, nm);
	free(nm);
	fputs(", \"shortDescription\": {\"text\": ", out);
	report_json_str(out, desc);
	fputs("}, \"fullDescription\": {\"text\": ", out);
	if (help && strcmp(help, desc) != 0) {
		char *full = xasprintf("%s %s", desc, help);
		report_json_str(out, full);
		free(full);
	} else {
		report_json_str(out, desc);
	}
	fputs("}, \"help\": {\"text\": ", out);
	report_json_str(out, help);
	fputs(", \"markdown\": ", out);
	char *md = uri ? xasprintf("**%s**\n\n%s\n\n[docs/rules.md](%s)", desc, help, uri)
		       : xasprintf("**%s**\n\n%s", desc, help);
	report_json_str(out, md);
	free(md);
	fputc('}', out);
	if (uri) {
		fputs(", \"helpUri\": ", out);
		report_json_str(out, uri);
	}
	fputs(", \"defaultConfiguration\": {\"level\": ", out);
	report_json_str(out, rsrc_level(sev));
	fputs("}}", out);
}

/* Appends id to the rule table's ids. */
static void add_id(const char ***ids, size_t *cap, size_t *n, const char *id)
{
	*ids = xgrow(*ids, cap, *n + 1, sizeof **ids);
	(*ids)[(*n)++] = id;
}

/* The rule table: every loaded rule, svcbook's own checks (diagid.h), and
 * any other id a diagnostic carries. Returns the ids in table order
 * (caller frees). */
static const char **sarif_rules(FILE *out, const diag_list *l, const report_opts *o, const char *docs, size_t *nids)
{
	size_t cap = 0, n = 0;
	const char **ids = NULL;
	for (size_t i = 0; i < o->nrules; i++) {
		const lint_rule *r = &o->rules[i];
		char *uri = r->builtin ? xasprintf("%srules.md#%s", docs, r->id) : NULL;
		sarif_rule(out, r->id, r->description, r->help, r->sev, uri, n == 0);
		free(uri);
		add_id(&ids, &cap, &n, r->id);
	}
	for (size_t i = 0; i < DIAG_ID_COUNT; i++) {
		const diag_id_info *m = &diag_ids[i];
		if (m->group != DG_CHECK)
			continue;
		char *uri = xasprintf("%s%s", docs, m->doc);
		sarif_rule(out, m->id, m->description, m->help, m->sev, uri, n == 0);
		free(uri);
		add_id(&ids, &cap, &n, m->id);
	}
	for (size_t i = 0; i < l->n; i++) {
		const char *id = *l->items[i].rule ? l->items[i].rule : "svcbook";
		int known = 0;
		for (size_t j = 0; j < n && !known; j++)
			known = strcmp(ids[j], id) == 0;
		if (known)
			continue;
		/* svcbook's own trouble (diagid.h), or a rule that did not load */
		const diag_id_info *m = diag_id_find(id);
		if (m && m->group == DG_INTERNAL)
			sarif_rule(out, id, m->description, m->help, l->items[i].sev, NULL, n == 0);
		else
			sarif_rule(out, id, id, id, l->items[i].sev, NULL, n == 0);
		add_id(&ids, &cap, &n, id);
	}
	*nids = n;
	return ids;
}

static void sarif_location(FILE *out, rsrc *src, const diag *d, const report_opts *o)
{
	fputs(", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"", out);
	rsrc_uri_path(out, o->root_prefix, d->file);
	fputs("\", \"uriBaseId\": \"SRCROOT\"}", out);
	if (d->line > 0) {
		fprintf(out, ", \"region\": {\"startLine\": %d", d->line);
		if (d->col > 0) {
			int sc = rsrc_col(src, d, 1), ec = rsrc_end_col(src, d, 1);
			fprintf(out, ", \"startColumn\": %d", sc);
			if (ec > sc)
				fprintf(out, ", \"endColumn\": %d", ec);
		}
		fputc('}', out);
	}
	fputs("}}]", out);
}

/* A column of the fix's range in UTF-16 units, as columnKind says. */
static int fix_col(rsrc *src, const char *file, int line, int col)
{
	size_t n;
	const char *p = rsrc_line(src, file, line, &n);
	return p ? diag_column(p, n, col, 1) : col;
}

static void sarif_fix(FILE *out, rsrc *src, const diag *d, const report_opts *o)
{
	const diag_fix *f = d->fix;
	fputs(", \"fixes\": [{\"description\": {\"text\": ", out);
	char *what = *f->text ? xasprintf(_("Replace with '%s'"), f->text) : xstrdup(_("Delete"));
	report_json_str(out, what);
	free(what);
	fputs("}, \"artifactChanges\": [{\"artifactLocation\": {\"uri\": \"", out);
	rsrc_uri_path(out, o->root_prefix, d->file);
	fprintf(out, "\", \"uriBaseId\": \"SRCROOT\"}, \"replacements\": [{\"deletedRegion\": {\"startLine\": %d, "
		     "\"startColumn\": %d, \"endLine\": %d, \"endColumn\": %d}, \"insertedContent\": {\"text\": ",
		f->line, fix_col(src, d->file, f->line, f->col), f->end_line, fix_col(src, d->file, f->end_line, f->end_col));
	report_json_str(out, f->text);
	fputs("}}]}]}]", out);
}

void sarif_write(FILE *out, const diag_list *l, const report_opts *o)
{
	rsrc src = {.o = o};
	char *docs = report_docs_url();
	fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	      "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
	      "      \"tool\": {\n        \"driver\": {\n          \"name\": \"svcbook\",\n", out);
	fputs("          \"version\": ", out);
	report_json_str(out, o->version ? o->version : "0");
	fputs(",\n          \"informationUri\": ", out);
	char *info = xasprintf("%srules.md", docs);
	report_json_str(out, info);
	free(info);
	fputs(",\n          \"rules\": [", out);
	size_t nids;
	const char **ids = sarif_rules(out, l, o, docs, &nids);
	fputs("\n          ]\n        }\n      },\n", out);
	/* the language of the run's texts; SARIF's default is en-US */
	if (strcmp(i18n_language(), "ru") == 0)
		fputs("      \"language\": \"ru-RU\",\n", out);
	fputs("      \"columnKind\": \"utf16CodeUnits\",\n"
	      "      \"originalUriBaseIds\": {\"SRCROOT\": {\"description\": {\"text\": ", out);
	report_json_str(out, _("The repository root"));
	fputs("}}},\n      \"results\": [", out);
	/* the findings, then those a comment silenced, with its reason */
	const diag_list *sup = o->suppressed;
	size_t nsup = sup ? sup->n : 0, total = l->n + nsup;
	uint64_t *fp = xcalloc(total ? total : 1, sizeof *fp);
	for (size_t i = 0; i < total; i++)
		fp[i] = rsrc_fingerprint(&src, i < l->n ? &l->items[i] : &sup->items[i - l->n], 0);
	int *occs = rsrc_occurrences(fp, total);
	for (size_t i = 0; i < total; i++) {
		const diag *d = i < l->n ? &l->items[i] : &sup->items[i - l->n];
		const char *id = *d->rule ? d->rule : "svcbook";
		size_t idx = 0;
		while (idx < nids && strcmp(ids[idx], id) != 0)
			idx++;
		fputs(i ? ",\n        {" : "\n        {", out);
		fputs("\"ruleId\": ", out);
		report_json_str(out, id);
		fprintf(out, ", \"ruleIndex\": %zu, \"level\": \"%s\", \"message\": {\"text\": ", idx, rsrc_level(d->sev));
		if (d->hint && i < l->n) {
			char *m = xasprintf("%s\n%s", d->message, d->hint);
			report_json_str(out, m);
			free(m);
		} else {
			report_json_str(out, d->message);
		}
		fputc('}', out);
		if (*d->file)
			sarif_location(out, &src, d, o);
		if (d->fix && *d->file)
			sarif_fix(out, &src, d, o);
		if (i >= l->n) {
			fputs(", \"suppressions\": [{\"kind\": \"inSource\"", out);
			if (d->hint) {
				fputs(", \"justification\": ", out);
				report_json_str(out, d->hint);
			}
			fputs("}]", out);
		}
		fprintf(out, ", \"partialFingerprints\": {\"svcbookFindingHash/v1\": \"%016llx:%d\"}}",
			(unsigned long long)fp[i], occs[i]);
	}
	fputs(total ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n", out);
	free(fp);
	free(occs);
	free(ids);
	free(docs);
	rsrc_free(&src);
}

/* report.c - diagnostics for machines: JSON, SARIF 2.1.0, GitHub workflow
 * annotations and step summary, GitLab Code Quality; JSON strings escaped by escape.c. */
#include "report.h"
#include "report_src.h"
#include "escape.h"
#include "util.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int report_parse_format(const char *s, report_format *f)
{
	static const struct {
		const char *name;
		report_format f;
	} names[] = {
		{"text", REPORT_TEXT}, {"json", REPORT_JSON}, {"sarif", REPORT_SARIF},
		{"github", REPORT_GITHUB}, {"gitlab", REPORT_GITLAB}, {"rdjson", REPORT_RDJSON},
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(s, names[i].name) == 0) {
			*f = names[i].f;
			return 0;
		}
	return -1;
}

/* ---- paths ---- */

char *report_root_prefix(const char *bookdir, const char *cwd_prefix)
{
	char *real = realpath(bookdir, NULL);
	if (!real)
		return xstrdup(cwd_prefix);
	size_t n = strlen(real);
	char *dir = xstrdup(real);
	for (;;) {
		char *probe = xasprintf("%s/.git", *dir ? dir : "");
		struct stat st;
		int found = stat(probe, &st) == 0;
		free(probe);
		if (found)
			break;
		char *slash = strrchr(dir, '/');
		if (!slash || (slash == dir && !dir[1])) {
			free(dir);
			free(real);
			return xstrdup(cwd_prefix);
		}
		*slash = '\0';
	}
	size_t k = strlen(dir);
	char *res;
	if (k >= n)
		res = xstrdup("");
	else
		res = xasprintf("%s/", real + k + 1);
	free(dir);
	free(real);
	return res;
}

/* ---- JSON ---- */

/* A JSON string: quotes, backslashes and control characters escaped,
 * invalid UTF-8 replaced with U+FFFD so the document stays valid. */
void report_json_str(FILE *out, const char *s)
{
	buf o;
	buf_init(&o);
	esc_json(&o, s, ESC_JSON_SHORT | ESC_JSON_CLEAN);
	fwrite(o.data, 1, o.len, out);
	buf_free(&o);
}

const char *rsrc_level(diag_severity s)
{
	return s >= SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

/* ---- source lines: columns and fingerprints ---- */

const char *rsrc_line(rsrc *s, const char *file, int line, size_t *n)
{
	if (!s->sl.bookdir) {
		s->sl.b = s->o->b;
		s->sl.bookdir = s->o->bookdir ? s->o->bookdir : ".";
	}
	return srcline_get(&s->sl, file, line, n);
}

void rsrc_free(rsrc *s)
{
	srcline_free(&s->sl);
}

int rsrc_col(rsrc *s, const diag *d, int utf16)
{
	size_t n;
	const char *p = rsrc_line(s, d->file, d->line, &n);
	return p ? diag_column(p, n, d->col, utf16) : d->col;
}

/* Where the finding's token ends, as a byte column one past it: a
 * reference [[...]] or an attribute block {...} to its closing bracket,
 * a word to the next space. 0 when there is no column. */
static int end_byte(const char *p, size_t n, int col)
{
	if (col < 1 || (size_t)col > n)
		return 0;
	size_t i = (size_t)col - 1;
	const char *close = NULL;
	if (n - i >= 2 && p[i] == '[' && p[i + 1] == '[')
		close = "]]";
	else if (p[i] == '{')
		close = "}";
	else if (p[i] == '[')
		close = ")";
	if (close) {
		for (size_t j = i + 1; j + strlen(close) <= n; j++)
			if (memcmp(p + j, close, strlen(close)) == 0)
				return (int)(j + strlen(close)) + 1;
	}
	size_t j = i;
	while (j < n && p[j] != ' ' && p[j] != '\t')
		j++;
	if (j == i)
		j = i + 1;
	return (int)j + 1;
}

int rsrc_end_col(rsrc *s, const diag *d, int utf16)
{
	size_t n;
	const char *p = rsrc_line(s, d->file, d->line, &n);
	if (!p)
		return 0;
	int e = end_byte(p, n, d->col);
	return e ? diag_column(p, n, e, utf16) : 0;
}

int rsrc_end_byte(rsrc *s, const diag *d)
{
	size_t n;
	const char *p = rsrc_line(s, d->file, d->line, &n);
	return p ? end_byte(p, n, d->col) : 0;
}

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	h ^= 0xff; /* field separator */
	h *= 0x100000001b3ULL;
	return h;
}

uint64_t rsrc_fingerprint(rsrc *s, const diag *d, uint64_t seed)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;
	h = fnv(h, d->rule, strlen(d->rule));
	h = fnv(h, d->file, strlen(d->file));
	h = fnv(h, d->message, strlen(d->message));
	size_t n;
	const char *p = rsrc_line(s, d->file, d->line, &n);
	if (p) {
		srcline_trim(&p, &n);
		h = fnv(h, p, n);
	}
	return h;
}

typedef struct {
	uint64_t fp;
	size_t i;
} fp_at;

static int cmp_fp_at(const void *a, const void *b)
{
	const fp_at *x = a, *y = b;
	if (x->fp != y->fp)
		return x->fp < y->fp ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Sorted rather than compared pairwise: 350 000 findings were minutes. */
int *rsrc_occurrences(const uint64_t *fp, size_t n)
{
	int *occ = xcalloc(n ? n : 1, sizeof *occ);
	fp_at *v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = (fp_at){fp[i], i};
	qsort(v, n, sizeof *v, cmp_fp_at);
	for (size_t k = 1; k < n; k++)
		if (v[k].fp == v[k - 1].fp)
			occ[v[k].i] = occ[v[k - 1].i] + 1;
	free(v);
	return occ;
}

void rsrc_uri_path(FILE *out, const char *prefix, const char *file)
{
	buf o;
	buf_init(&o);
	esc_url(&o, prefix ? prefix : "", ESC_URL_PATH, 0);
	esc_url(&o, file, ESC_URL_PATH, 0);
	if (o.len)
		fwrite(o.data, 1, o.len, out);
	buf_free(&o);
}

/* ---- JSON (svcbook's own) ---- */

static void write_json(FILE *out, const diag_list *l, const report_opts *o)
{
	rsrc src = {.o = o};
	size_t counts[SEV_FATAL + 1] = {0};
	fputs("{\n  \"version\": 1,\n  \"diagnostics\": [", out);
	for (size_t i = 0; i < l->n; i++) {
		const diag *d = &l->items[i];
		counts[d->sev]++;
		fputs(i ? ",\n    {" : "\n    {", out);
		fputs("\"file\": ", out);
		if (*d->file) {
			char *p = xasprintf("%s%s", o->prefix ? o->prefix : "", d->file);
			report_json_str(out, p);
			free(p);
		} else {
			fputs("null", out);
		}
		fprintf(out, ", \"line\": %d, \"column\": %d, \"severity\": ", d->line, rsrc_col(&src, d, 0));
		report_json_str(out, diag_severity_name(d->sev));
		fputs(", \"rule\": ", out);
		report_json_str(out, d->rule);
		fputs(", \"message\": ", out);
		report_json_str(out, d->message);
		fputs(", \"hint\": ", out);
		if (d->hint)
			report_json_str(out, d->hint);
		else
			fputs("null", out);
		fputc('}', out);
	}
	fprintf(out, "%s],\n  \"summary\": {\"errors\": %zu, \"warnings\": %zu, \"notes\": %zu}\n}\n",
		l->n ? "\n  " : "", counts[SEV_ERROR] + counts[SEV_FATAL], counts[SEV_WARNING], counts[SEV_NOTE]);
	rsrc_free(&src);
}

/* ---- GitHub workflow commands ---- */

static void gh_escape(FILE *out, const char *s, int property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%': fputs("%25", out); break;
		case '\r': fputs("%0D", out); break;
		case '\n': fputs("%0A", out); break;
		case ':': fputs(property ? "%3A" : ":", out); break;
		case ',': fputs(property ? "%2C" : ",", out); break;
		default: fputc(*s, out);
		}
	}
}

/* 1 when d is on a line the pull request changed (the filter's lines;
 * the added ones without a filter). */
static int on_changed_line(const diag *d, const report_opts *o)
{
	if (!*d->file || !o->changed || !o->changed->n)
		return 0;
	char *cwd = xasprintf("%s%s", o->prefix ? o->prefix : "", d->file);
	char *root = xasprintf("%s%s", o->root_prefix ? o->root_prefix : "", d->file);
	int hit = changes_hit(o->changed, o->filter == FILTER_NOFILTER ? FILTER_ADDED : o->filter, cwd, root, d->file,
			      d->line);
	free(cwd);
	free(root);
	return hit;
}

static void gh_annotation(FILE *out, const diag *d, const report_opts *o, rsrc *src)
{
	fprintf(out, "::%s ", d->sev >= SEV_ERROR ? "error" : d->sev == SEV_WARNING ? "warning" : "notice");
	if (*d->file) {
		char *p = xasprintf("%s%s", o->root_prefix ? o->root_prefix : "", d->file);
		fputs("file=", out);
		gh_escape(out, p, 1);
		free(p);
		if (d->line > 0)
			fprintf(out, ",line=%d", d->line);
		if (d->line > 0 && d->col > 0)
			fprintf(out, ",col=%d", rsrc_col(src, d, 1));
		fputc(',', out);
	}
	fputs("title=", out);
	gh_escape(out, *d->rule ? d->rule : "svcbook", 1);
	fputs("::", out);
	gh_escape(out, d->message, 0);
	if (d->hint) {
		gh_escape(out, "\n", 0);
		gh_escape(out, d->hint, 0);
	}
	fputc('\n', out);
}

static void write_github(FILE *out, const diag_list *l, const report_opts *o)
{
	rsrc src = {.o = o};
	/* GitHub shows ten annotations of each level: the changed lines first. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < l->n; i++)
			if (on_changed_line(&l->items[i], o) == !pass)
				gh_annotation(out, &l->items[i], o, &src);
	rsrc_free(&src);
}

/* Markdown table cell: pipes, backslashes, markup and line ends neutralised. */
static void md_cell(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r')
			fputc(' ', out);
		else if (strchr("|\\`*_[]<>#!~&", *s))
			fprintf(out, "\\%c", *s);
		else
			fputc(*s, out);
	}
}

/* The summary's table of the findings with counts == want (or of all,
 * want < 0). */
static void summary_table(FILE *f, const diag_list *l, const report_opts *o, int want)
{
	fputs("| | Location | Rule | Message |\n| --- | --- | --- | --- |\n", f);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < l->n; i++) {
			const diag *d = &l->items[i];
			if (want >= 0 ? report_counts(l, i, o) != want || pass : on_changed_line(d, o) != !pass)
				continue;
			fputs(d->sev >= SEV_ERROR ? "| error | " : d->sev == SEV_WARNING ? "| warning | " : "| note | ", f);
			if (*d->file) {
				char *p = xasprintf("%s%s:%d", o->root_prefix ? o->root_prefix : "", d->file, d->line);
				md_cell(f, p);
				free(p);
			}
			fputs(" | ", f);
			md_cell(f, d->rule);
			fputs(" | ", f);
			md_cell(f, d->message);
			if (d->hint) {
				fputs(" (", f);
				md_cell(f, d->hint);
				fputc(')', f);
			}
			fputs(" |\n", f);
		}
}

int report_github_summary(const char *path, const diag_list *l, const report_opts *o)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return -1;
	size_t err = 0, warn = 0, other = 0, counted = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (l->items[i].sev >= SEV_ERROR)
			err++;
		else if (l->items[i].sev == SEV_WARNING)
			warn++;
		else
			other++;
		counted += (size_t)report_counts(l, i, o);
	}
	fputs("## svcbook lint\n\n", f);
	if (!l->n) {
		fputs("No problems found.\n", f);
		fclose(f);
		return 0;
	}
	fprintf(f, "%zu error(s), %zu warning(s), %zu note(s).\n\n", err, warn, other);
	if (o->filter == FILTER_NOFILTER && !o->fresh) {
		summary_table(f, l, o, -1);
	} else {
		/* which findings decide the job, and which were there before */
		fprintf(f, "### This pull request's findings (%zu): they decide the job\n\n", counted);
		if (counted)
			summary_table(f, l, o, 1);
		else
			fputs("None.\n", f);
		fprintf(f, "\n### Findings it did not bring (%zu): shown, not counted\n\n", l->n - counted);
		if (l->n - counted)
			summary_table(f, l, o, 0);
		else
			fputs("None.\n", f);
	}
	return fclose(f) == 0 ? 0 : -1;
}

/* ---- GitLab Code Quality ---- */

static void write_gitlab(FILE *out, const diag_list *l, const report_opts *o)
{
	rsrc src = {.o = o};
	uint64_t *fp = xcalloc(l->n ? l->n : 1, sizeof *fp);
	for (size_t i = 0; i < l->n; i++)
		fp[i] = rsrc_fingerprint(&src, &l->items[i], 0);
	int *occs = rsrc_occurrences(fp, l->n);
	fputc('[', out);
	for (size_t i = 0; i < l->n; i++) {
		const diag *d = &l->items[i];
		uint64_t h2 = rsrc_fingerprint(&src, d, 0x5bd1e995ULL);
		int occ = occs[i];
		fputs(i ? ",\n  {" : "\n  {", out);
		fputs("\"type\": \"issue\", \"check_name\": ", out);
		report_json_str(out, *d->rule ? d->rule : "svcbook");
		fputs(", \"description\": ", out);
		char *desc = xasprintf("%s: %s%s%s", *d->rule ? d->rule : "svcbook", d->message, d->hint ? " (" : "",
				       d->hint ? d->hint : "");
		if (d->hint) {
			char *t = xasprintf("%s)", desc);
			free(desc);
			desc = t;
		}
		report_json_str(out, desc);
		free(desc);
		fprintf(out, ", \"severity\": \"%s\"",
			d->sev >= SEV_FATAL ? "critical" : d->sev == SEV_ERROR ? "major" : d->sev == SEV_WARNING ? "minor" : "info");
		fprintf(out, ", \"fingerprint\": \"%016llx%016llx%04x\"", (unsigned long long)fp[i],
			(unsigned long long)h2, (unsigned)occ & 0xffff);
		fputs(", \"location\": {\"path\": ", out);
		char *p = xasprintf("%s%s", o->root_prefix ? o->root_prefix : "", *d->file ? d->file : "book.lua");
		if (!*d->file) {
			free(p);
			p = xstrdup(o->root_prefix && *o->root_prefix ? o->root_prefix : ".");
		}
		report_json_str(out, p);
		free(p);
		fprintf(out, ", \"lines\": {\"begin\": %d}}}", d->line > 0 ? d->line : 1);
	}
	fputs(l->n ? "\n]\n" : "]\n", out);
	free(fp);
	free(occs);
	rsrc_free(&src);
}

/* Where a finding about the book as a whole (a rule's report(nil, ...), a
 * built-in rule that failed) is shown: code scanning refuses a result
 * without a location. book.lua's first line, else the book's first file. */
static const char *whole_book_file(const report_opts *o)
{
	char *p = xasprintf("%s/book.lua", o->bookdir ? o->bookdir : ".");
	struct stat st;
	int has = stat(p, &st) == 0;
	free(p);
	if (!has && o->b && o->b->nfiles)
		return o->b->files[0].path;
	return "book.lua";
}

int report_in_filter(const diag *d, const report_opts *o)
{
	if (o->filter == FILTER_NOFILTER || d->sev >= SEV_FATAL)
		return 1;
	diag placed = *d;
	if (!*d->file) {
		placed.file = (char *)whole_book_file(o);
		placed.line = 1;
	}
	if (!o->changed || !o->changed->n)
		return 0;
	char *cwd = xasprintf("%s%s", o->prefix ? o->prefix : "", placed.file);
	char *root = xasprintf("%s%s", o->root_prefix ? o->root_prefix : "", placed.file);
	int hit = changes_hit(o->changed, o->filter, cwd, root, placed.file, placed.line);
	free(cwd);
	free(root);
	return hit;
}

int report_counts(const diag_list *l, size_t i, const report_opts *o)
{
	const diag *d = &l->items[i];
	if (d->sev >= SEV_FATAL || (o->fresh && o->fresh[i]))
		return 1;
	if (o->filter == FILTER_NOFILTER)
		return !o->fresh; /* --base alone: only what the base lacks */
	return report_in_filter(d, o);
}

const char *report_unknown_path(const report_opts *o)
{
	for (size_t i = 0; o->changed && i < o->changed->n; i++) {
		const report_range *r = &o->changed->v[i];
		if (!r->given)
			continue;
		changes one = {(report_range *)r, 1, 1};
		size_t nf = o->b ? o->b->nfiles : 0;
		int found = 0;
		for (size_t k = 0; k <= nf && !found; k++) {
			const char *f = k < nf ? o->b->files[k].path : "book.lua";
			char *cwd = xasprintf("%s%s", o->prefix ? o->prefix : "", f);
			char *root = xasprintf("%s%s", o->root_prefix ? o->root_prefix : "", f);
			found = changes_hit(&one, FILTER_FILE, cwd, root, f, 0);
			free(cwd);
			free(root);
		}
		if (!found)
			return r->path;
	}
	return NULL;
}

void report_write(FILE *out, report_format f, const diag_list *l, const report_opts *o)
{
	if (f == REPORT_JSON) {
		write_json(out, l, o); /* svcbook's own format: "file": null */
		return;
	}
	/* a shallow copy that gives file-less findings a place */
	diag_list placed = *l;
	placed.items = xmalloc((l->n ? l->n : 1) * sizeof *placed.items);
	const char *whole = whole_book_file(o);
	for (size_t i = 0; i < l->n; i++) {
		placed.items[i] = l->items[i];
		if (!*placed.items[i].file) {
			placed.items[i].file = (char *)whole;
			placed.items[i].line = 1;
			placed.items[i].col = 0;
		}
	}
	switch (f) {
	case REPORT_SARIF: sarif_write(out, &placed, o); break;
	case REPORT_GITHUB: write_github(out, &placed, o); break;
	case REPORT_GITLAB: write_gitlab(out, &placed, o); break;
	case REPORT_RDJSON: rdjson_write(out, &placed, o); break;
	default: break;
	}
	free(placed.items);
}

/* report.c - diagnostics for machines: JSON, SARIF 2.1.0, GitHub workflow
 * annotations and step summary, GitLab Code Quality; one JSON string escaper. */
#include "report.h"
#include "util.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

int report_parse_format(const char *s, report_format *f)
{
	static const struct {
		const char *name;
		report_format f;
	} names[] = {
		{"text", REPORT_TEXT}, {"json", REPORT_JSON}, {"sarif", REPORT_SARIF},
		{"github", REPORT_GITHUB}, {"gitlab", REPORT_GITLAB},
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(s, names[i].name) == 0) {
			*f = names[i].f;
			return 0;
		}
	return -1;
}

/* ---- changed lines ---- */

static void add_range(report_range **v, size_t *n, size_t *cap, const char *path, size_t plen, int from, int to)
{
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	(*v)[*n].path = xstrndup(path, plen);
	(*v)[*n].from = from;
	(*v)[(*n)++].to = to;
}

int report_parse_changed(const char *arg, report_range **v, size_t *n, size_t *cap)
{
	const char *colon = strrchr(arg, ':');
	if (!colon || colon == arg || !colon[1])
		return -1;
	const char *p = colon + 1;
	while (*p) {
		char *end;
		long a = strtol(p, &end, 10), b = a;
		if (end == p || a < 1 || a > INT_MAX)
			return -1;
		p = end;
		if (*p == '-') {
			b = strtol(p + 1, &end, 10);
			if (end == p + 1 || b < a || b > INT_MAX)
				return -1;
			p = end;
		}
		add_range(v, n, cap, arg, (size_t)(colon - arg), (int)a, (int)b);
		if (*p == ',')
			p++;
		else if (*p)
			return -1;
	}
	return 0;
}

int report_read_diff(const char *path, report_range **v, size_t *n, size_t *cap)
{
	char *text = read_file(path, NULL);
	if (!text)
		return -1;
	char *file = NULL;
	for (char *line = text; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (strncmp(line, "+++ ", 4) == 0) {
			free(file);
			const char *f = line + 4;
			if (strncmp(f, "b/", 2) == 0)
				f += 2;
			size_t k = strcspn(f, "\t\r");
			file = strcmp(f, "/dev/null") == 0 ? NULL : xstrndup(f, k);
		} else if (file && strncmp(line, "@@ ", 3) == 0) {
			/* @@ -a,b +c,d @@ */
			const char *plus = strstr(line, " +");
			if (plus) {
				char *end;
				long c = strtol(plus + 2, &end, 10), d = 1;
				if (*end == ',')
					d = strtol(end + 1, NULL, 10);
				if (c >= 1 && d >= 1 && c + d - 1 <= INT_MAX)
					add_range(v, n, cap, file, strlen(file), (int)c, (int)(c + d - 1));
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	free(file);
	free(text);
	return 0;
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
	fputc('"', out);
	size_t n = s ? strlen(s) : 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			switch (c) {
			case '"': fputs("\\\"", out); break;
			case '\\': fputs("\\\\", out); break;
			case '\n': fputs("\\n", out); break;
			case '\r': fputs("\\r", out); break;
			case '\t': fputs("\\t", out); break;
			default:
				if (c < 0x20 || c == 0x7F)
					fprintf(out, "\\u%04x", c);
				else
					fputc(c, out);
			}
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k < 0) {
			fputs("\\ufffd", out);
			i++;
			continue;
		}
		if (cp == 0x2028 || cp == 0x2029 || (cp >= 0x80 && cp <= 0x9F))
			fprintf(out, "\\u%04x", (unsigned)cp);
		else
			fwrite(s + i, 1, (size_t)k, out);
		i += (size_t)k;
	}
	fputc('"', out);
}

static const char *level_of(diag_severity s)
{
	return s >= SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

/* ---- source lines: UTF-16 columns and fingerprints ---- */

typedef struct {
	const report_opts *o;
	char *path; /* file read from disk (not a book file) */
	char *text;
	size_t len;
} source;

/* The text of line `line` of file (a path relative to the book folder):
 * from the model when it is a book file, else from disk. *n is its length. */
static const char *line_of(source *s, const char *file, int line, size_t *n)
{
	*n = 0;
	if (!*file || line < 1)
		return NULL;
	const char *text = NULL;
	size_t len = 0;
	const book *b = s->o->b;
	for (size_t i = 0; b && i < b->nfiles; i++)
		if (strcmp(b->files[i].path, file) == 0) {
			text = b->files[i].text;
			len = b->files[i].len;
			break;
		}
	if (!text) {
		if (!s->path || strcmp(s->path, file) != 0) {
			free(s->path);
			free(s->text);
			s->path = xstrdup(file);
			char *p = xasprintf("%s/%s", s->o->bookdir ? s->o->bookdir : ".", file);
			s->text = read_file(p, &s->len);
			free(p);
		}
		text = s->text;
		len = s->len;
	}
	if (!text)
		return NULL;
	const char *p = text, *end = text + len;
	for (int i = 1; i < line && p < end; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	if (p >= end)
		return NULL;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	*n = (size_t)((nl ? nl : end) - p);
	if (*n && p[*n - 1] == '\r')
		(*n)--;
	return p;
}

/* A 1-based byte column to a 1-based column in UTF-16 code units. */
static int utf16_col(source *s, const diag *d)
{
	size_t n;
	const char *p = line_of(s, d->file, d->line, &n);
	if (!p || d->col < 1)
		return d->col;
	size_t bytes = (size_t)d->col - 1, units = 0;
	if (bytes > n)
		return d->col; /* past the end of the line: leave as is */
	for (size_t i = 0; i < bytes;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k < 1) {
			units++;
			i++;
			continue;
		}
		units += cp >= 0x10000 ? 2 : 1;
		i += (size_t)k;
	}
	return (int)units + 1;
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

/* A fingerprint that survives lines moving: rule, file, message and the
 * trimmed text of the line, not the line number. seed varies the hash. */
static uint64_t fingerprint(source *s, const diag *d, uint64_t seed)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;
	h = fnv(h, d->rule, strlen(d->rule));
	h = fnv(h, d->file, strlen(d->file));
	h = fnv(h, d->message, strlen(d->message));
	size_t n;
	const char *p = line_of(s, d->file, d->line, &n);
	if (p) {
		while (n && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		h = fnv(h, p, n);
	}
	return h;
}

/* The n-th (0-based) earlier diagnostic with the same fingerprint gets
 * ":n" so identical findings stay distinct and stable. */
static int occurrence(uint64_t *seen, size_t i)
{
	int k = 0;
	for (size_t j = 0; j < i; j++)
		k += seen[j] == seen[i];
	return k;
}

/* Percent-encodes a relative path for a URI (RFC 3986 path characters). */
static void uri_path(FILE *out, const char *prefix, const char *file)
{
	char *p = xasprintf("%s%s", prefix ? prefix : "", file);
	for (const unsigned char *c = (const unsigned char *)p; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		    strchr("-._~/!$&'()*+,;=@", *c))
			fputc(*c, out);
		else
			fprintf(out, "%%%02X", *c);
	}
	free(p);
}

/* ---- JSON (svcbook's own) ---- */

static void write_json(FILE *out, const diag_list *l, const report_opts *o)
{
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
		fprintf(out, ", \"line\": %d, \"column\": %d, \"severity\": ", d->line, d->col);
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
}

/* ---- SARIF 2.1.0 ---- */

typedef struct {
	const char *id, *description, *help;
	diag_severity sev;
} rule_meta;

/* What the reader itself reports, for SARIF's rule table. */
static const rule_meta input_rules[] = {
	{"bad-input", "The book folder or a file in it cannot be read.", "Check the path and the permissions.", SEV_FATAL},
	{"bad-encoding", "A file is not valid UTF-8 or holds control characters.", "Save the file as UTF-8 without control characters.", SEV_WARNING},
	{"bad-id", "An {#id} is not a valid XML name.", "Use letters, digits, '-', '_' and '.', starting with a letter.", SEV_ERROR},
	{"bad-attribute", "A heading attribute has a value the compiler does not accept.", "See docs/format.md, section 2, for the values.", SEV_ERROR},
	{"unsafe-path", "A book file (a symbolic link), a link or an image leads outside the book folder.", "Keep every file of the book inside its folder.", SEV_ERROR},
	{"bad-config", "book.lua cannot be used as written.", "book.lua holds plain assignments; see docs/format.md, section 6.", SEV_ERROR},
	{"unknown-config", "book.lua sets something svcbook does not know.", "Check the spelling; see docs/format.md, section 6.", SEV_WARNING},
	{"missing-file", "A link or image points to a file the book folder does not have; it is left out.", "Add the file to the book folder or fix the address.", SEV_WARNING},
	{"unsafe-url", "A link or image address would run a script (javascript:, data:); it is left out.", "Link to pages and files only.", SEV_WARNING},
	{"template-error", "A template of the HTML output (svcbook's or the book's own) fails.", "Fix the book's templates/ file named in the message.", SEV_FATAL},
	{"bad-output", "The output folder cannot be written.", "Check the -o folder and its permissions.", SEV_FATAL},
};

int report_input_rule(size_t i, const char **id, const char **description, diag_severity *sev)
{
	if (i >= sizeof input_rules / sizeof *input_rules)
		return 0;
	*id = input_rules[i].id;
	*description = input_rules[i].description;
	*sev = input_rules[i].sev;
	return 1;
}

static void sarif_rule(FILE *out, const char *id, const char *desc, const char *help, diag_severity sev, int first)
{
	fputs(first ? "\n            {" : ",\n            {", out);
	fputs("\"id\": ", out);
	report_json_str(out, id);
	fputs(", \"name\": ", out);
	/* SARIF names are identifiers: "undefined-term" -> "UndefinedTerm" */
	buf nm;
	buf_init(&nm);
	int up = 1;
	for (const char *p = id; *p; p++) {
		if (*p == '-' || *p == '_' || *p == '.') {
			up = 1;
			continue;
		}
		buf_putc(&nm, up && *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p);
		up = 0;
	}
	report_json_str(out, nm.data ? nm.data : id);
	buf_free(&nm);
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
	fputs("}, \"defaultConfiguration\": {\"level\": ", out);
	report_json_str(out, level_of(sev));
	fputs("}}", out);
}

/* The rule table: every loaded rule, the reader's own, and any other id a
 * diagnostic carries. Returns the ids in table order (caller frees). */
static const char **sarif_rules(FILE *out, const diag_list *l, const report_opts *o, size_t *nids)
{
	size_t cap = 0, n = 0;
	const char **ids = NULL;
	for (size_t i = 0; i < o->nrules; i++) {
		const lint_rule *r = &o->rules[i];
		sarif_rule(out, r->id, r->description, r->help, r->sev, n == 0);
		ids = xgrow(ids, &cap, n + 1, sizeof *ids);
		ids[n++] = r->id;
	}
	for (size_t i = 0; i < sizeof input_rules / sizeof *input_rules; i++) {
		const rule_meta *m = &input_rules[i];
		sarif_rule(out, m->id, m->description, m->help, m->sev, n == 0);
		ids = xgrow(ids, &cap, n + 1, sizeof *ids);
		ids[n++] = m->id;
	}
	for (size_t i = 0; i < l->n; i++) {
		const char *id = *l->items[i].rule ? l->items[i].rule : "svcbook";
		int known = 0;
		for (size_t j = 0; j < n && !known; j++)
			known = strcmp(ids[j], id) == 0;
		if (known)
			continue;
		sarif_rule(out, id, id, id, l->items[i].sev, n == 0);
		ids = xgrow(ids, &cap, n + 1, sizeof *ids);
		ids[n++] = id;
	}
	*nids = n;
	return ids;
}

static void write_sarif(FILE *out, const diag_list *l, const report_opts *o)
{
	source src = {o, NULL, NULL, 0};
	fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	      "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
	      "      \"tool\": {\n        \"driver\": {\n          \"name\": \"svcbook\",\n", out);
	fputs("          \"version\": ", out);
	report_json_str(out, o->version ? o->version : "0");
	fputs(",\n          \"rules\": [", out);
	size_t nids;
	const char **ids = sarif_rules(out, l, o, &nids);
	fputs("\n          ]\n        }\n      },\n"
	      "      \"columnKind\": \"utf16CodeUnits\",\n"
	      "      \"originalUriBaseIds\": {\"SRCROOT\": {\"description\": {\"text\": \"The repository root\"}}},\n"
	      "      \"results\": [", out);
	uint64_t *fp = xcalloc(l->n ? l->n : 1, sizeof *fp);
	for (size_t i = 0; i < l->n; i++)
		fp[i] = fingerprint(&src, &l->items[i], 0);
	for (size_t i = 0; i < l->n; i++) {
		const diag *d = &l->items[i];
		const char *id = *d->rule ? d->rule : "svcbook";
		size_t idx = 0;
		while (idx < nids && strcmp(ids[idx], id) != 0)
			idx++;
		fputs(i ? ",\n        {" : "\n        {", out);
		fputs("\"ruleId\": ", out);
		report_json_str(out, id);
		fprintf(out, ", \"ruleIndex\": %zu, \"level\": \"%s\", \"message\": {\"text\": ", idx, level_of(d->sev));
		if (d->hint) {
			char *m = xasprintf("%s\n%s", d->message, d->hint);
			report_json_str(out, m);
			free(m);
		} else {
			report_json_str(out, d->message);
		}
		fputc('}', out);
		if (*d->file) {
			fputs(", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"", out);
			uri_path(out, o->root_prefix, d->file);
			fputs("\", \"uriBaseId\": \"SRCROOT\"}", out);
			if (d->line > 0) {
				fprintf(out, ", \"region\": {\"startLine\": %d", d->line);
				if (d->col > 0)
					fprintf(out, ", \"startColumn\": %d", utf16_col(&src, d));
				fputc('}', out);
			}
			fputs("}}]", out);
		}
		fprintf(out, ", \"partialFingerprints\": {\"svcbookFindingHash/v1\": \"%016llx:%d\"}}",
			(unsigned long long)fp[i], occurrence(fp, i));
	}
	fputs(l->n ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n", out);
	free(fp);
	free(ids);
	free(src.path);
	free(src.text);
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

/* 1 when d is on a line the pull request changed. */
static int on_changed_line(const diag *d, const report_opts *o)
{
	if (!*d->file || !o->nchanged)
		return 0;
	char *cwd = xasprintf("%s%s", o->prefix ? o->prefix : "", d->file);
	char *root = xasprintf("%s%s", o->root_prefix ? o->root_prefix : "", d->file);
	int hit = 0;
	for (size_t i = 0; i < o->nchanged && !hit; i++) {
		const report_range *r = &o->changed[i];
		const char *p = r->path;
		if (strncmp(p, "./", 2) == 0)
			p += 2;
		if ((strcmp(p, cwd) == 0 || strcmp(p, root) == 0) && d->line >= r->from && d->line <= r->to)
			hit = 1;
	}
	free(cwd);
	free(root);
	return hit;
}

static void gh_annotation(FILE *out, const diag *d, const report_opts *o, source *src)
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
			fprintf(out, ",col=%d", utf16_col(src, d));
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
	source src = {o, NULL, NULL, 0};
	/* GitHub shows ten annotations of each level: the changed lines first. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < l->n; i++)
			if (on_changed_line(&l->items[i], o) == !pass)
				gh_annotation(out, &l->items[i], o, &src);
	free(src.path);
	free(src.text);
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

int report_github_summary(const char *path, const diag_list *l, const report_opts *o)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return -1;
	size_t err = 0, warn = 0, other = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (l->items[i].sev >= SEV_ERROR)
			err++;
		else if (l->items[i].sev == SEV_WARNING)
			warn++;
		else
			other++;
	}
	fputs("## svcbook lint\n\n", f);
	if (!l->n) {
		fputs("No problems found.\n", f);
		fclose(f);
		return 0;
	}
	fprintf(f, "%zu error(s), %zu warning(s), %zu note(s).\n\n", err, warn, other);
	fputs("| | Location | Rule | Message |\n| --- | --- | --- | --- |\n", f);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < l->n; i++) {
			const diag *d = &l->items[i];
			if (on_changed_line(d, o) != !pass)
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
	return fclose(f) == 0 ? 0 : -1;
}

/* ---- GitLab Code Quality ---- */

static void write_gitlab(FILE *out, const diag_list *l, const report_opts *o)
{
	source src = {o, NULL, NULL, 0};
	uint64_t *fp = xcalloc(l->n ? l->n : 1, sizeof *fp);
	for (size_t i = 0; i < l->n; i++)
		fp[i] = fingerprint(&src, &l->items[i], 0);
	fputc('[', out);
	for (size_t i = 0; i < l->n; i++) {
		const diag *d = &l->items[i];
		uint64_t h2 = fingerprint(&src, d, 0x5bd1e995ULL);
		int occ = occurrence(fp, i);
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
	free(src.path);
	free(src.text);
}

void report_write(FILE *out, report_format f, const diag_list *l, const report_opts *o)
{
	switch (f) {
	case REPORT_JSON: write_json(out, l, o); break;
	case REPORT_SARIF: write_sarif(out, l, o); break;
	case REPORT_GITHUB: write_github(out, l, o); break;
	case REPORT_GITLAB: write_gitlab(out, l, o); break;
	default: break;
	}
}

/* lintcmd.c - `svcbook lint`: its options, the rules run over the book,
 * the diagnostics written in the format asked for, the exit code (which the
 * --filter mode may narrow to a pull request's lines). */
#include "lintcmd.h"
#include "baseline.h"
#include "i18n.h"
#include "book.h"
#include "changes.h"
#include "cli.h"
#include "config.h"
#include "diagid.h"
#include "diag.h"
#include "fix.h"
#include "hugeheap.h"
#include "lint.h"
#include "obligtab.h"
#include "reader.h"
#include "report.h"
#include "spell.h"
#include "ruletest.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


const char *const lintcmd_usage =
	N_("usage: svcbook lint [BOOKDIR] [--format FORMAT] [--werror] [--rule ID]...\n"
	"                    [--changed-lines FILE:LINES]... [--diff FILE|-]\n"
	"                    [--filter MODE] [--base DIR] [--fix] [--list-rules]\n"
	"                    [--test-rules]\n"
	"\n"
	"Reads the book in BOOKDIR (default .), runs the lint rules (built-in and\n"
	"BOOKDIR/rules/*.lua) and prints what they find.\n"
	"\n"
	"options:\n"
	"  -f, --format FORMAT     text (default, on standard error), json, sarif,\n"
	"                          github (workflow annotations), gitlab (Code\n"
	"                          Quality report) or rdjson (reviewdog); machine\n"
	"                          formats go to standard output\n"
	"      --werror            treat warnings as errors (exit 1)\n"
	"      --rule ID           run only this rule (repeat, or ID,ID)\n"
	"      --list-rules        list the rules with severity and description\n"
	"      --test-rules        run the test cases of every rule file (tests = {...})\n"
	"      --changed-lines FILE:LINES\n"
	"                          lines a pull request changed (LINES: 3,7-9; FILE\n"
	"                          relative to the current directory, the repository\n"
	"                          root or the book); with --format github their\n"
	"                          findings come first\n"
	"      --diff FILE         the same, read from a unified diff as git diff\n"
	"                          writes it (- reads standard input)\n"
	"      --filter MODE       which findings decide the exit code (reviewdog's\n"
	"                          modes): added (on added lines), diff_context (in\n"
	"                          the diff's hunks), file (in changed files) or\n"
	"                          nofilter (all, the default); all are still shown\n"
	"      --base DIR          the pull request's base version of the book: a\n"
	"                          finding it lacks counts too, wherever it is (a\n"
	"                          renamed term breaks references on lines the pull\n"
	"                          request never touched); alone, only those count\n"
	"      --fix               write the fixes findings offer into the book's\n"
	"                          files (each file replaced whole), then report\n"
	"                          what is left\n"
	"      --no-color          never colour diagnostics (also: NO_COLOR set)\n"
	"\n"
	"With --format github and GITHUB_STEP_SUMMARY set, a Markdown summary is\n"
	"appended to that file. See docs/rules.md and docs/ci.md.\n"
	"Exit status: 0 without errors, 1 with errors (or warnings under --werror),\n"
	"2 for unusable input or arguments.\n");

/* The model and the rule engine live until the process ends (freeing a
 * large book costs time and gives memory back to no one); reachable from
 * here, leak checkers do not count them. */
static book *volatile kept_book;
static lint_ctx *volatile kept_lint;

static void keep_until_exit(book *b, lint_ctx *c)
{
	kept_book = b;
	kept_lint = c;
}

/* svcbook lint --list-rules */
static int list_rules(const char *bookdir)
{
	char *datadir = cli_datadir();
	diag_list *d = diag_list_new();
	lint_ctx *c = lint_new(datadir, bookdir, d);
	/* book.lua alone says where the shared rules are: no need to read the book */
	book cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.dir = (char *)bookdir;
	if (config_read(bookdir, &cfg.config, d) == 0)
		lint_add_rules_path(c, &cfg);
	/* the descriptions in the book's language, as lint speaks of it */
	book_lang lang = cfg.config.language_given ? cfg.config.language : reader_guess_language(bookdir);
	i18n_book_language(lang == LANG_RU ? "ru" : "en");
	book_config_free(&cfg.config);
	size_t n;
	const lint_rule *r = lint_rules(c, &n);
	for (size_t i = 0; i < n; i++) {
		printf("%-24s %-8s %s", r[i].id, diag_severity_name(r[i].sev), i18n_text(r[i].description));
		if (!r[i].builtin)
			printf(_(" (this book's rule: %s)"), r[i].file);
		putchar('\n');
	}
	for (size_t i = 0; i < DIAG_ID_COUNT; i++)
		if (diag_ids[i].group == DG_CHECK)
			printf("%-24s %-8s %s%s\n", diag_ids[i].id, diag_severity_name(diag_ids[i].sev),
			       _(diag_ids[i].description), _(" (always checked)"));
	diag_sort(d);
	diag_print_text(stderr, d, NULL, NULL, 0);
	int rc = diag_worst(d) >= SEV_ERROR ? EXIT_ERRORS : EXIT_OK;
	lint_free(c);
	diag_list_free(d);
	free(datadir);
	return rc;
}

typedef struct {
	const char *bookdir;
	report_format format;
	int werror, list, color, fix, test_rules;
	char **rules;
	size_t nrules, caprules;
	changes changed;
	changes_filter filter;
	const char *base;  /* --base: the pull request's base book */
	int have_changes; /* --diff or --changed-lines given (an empty diff too) */
} lint_options;

static int parse_lint(int argc, char **argv, lint_options *o)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(_(lintcmd_usage), stdout);
			exit(EXIT_OK);
		} else if (strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0) {
			if (!val || report_parse_format(val, &o->format) != 0)
				return cli_usage_error("lint", "option --format needs text, json, sarif, github, gitlab or rdjson (got '%s')",
						       val ? val : "");
			i++;
		} else if (strcmp(a, "--werror") == 0) {
			o->werror = 1;
		} else if (strcmp(a, "--fix") == 0) {
			o->fix = 1;
		} else if (strcmp(a, "--list-rules") == 0) {
			o->list = 1;
		} else if (strcmp(a, "--test-rules") == 0) {
			o->test_rules = 1;
		} else if (strcmp(a, "--no-color") == 0) {
			o->color = 0;
		} else if (strcmp(a, "--rule") == 0) {
			if (!val || !*val)
				return cli_usage_error("lint", "option %s needs a rule id", a);
			char *copy = xstrdup(val);
			for (char *t = strtok(copy, ","); t; t = strtok(NULL, ",")) {
				o->rules = xgrow(o->rules, &o->caprules, o->nrules + 1, sizeof *o->rules);
				o->rules[o->nrules++] = xstrdup(t);
			}
			free(copy);
			i++;
		} else if (strcmp(a, "--changed-lines") == 0) {
			o->have_changes = 1;
			if (!val || changes_parse_lines(&o->changed, val) != 0)
				return cli_usage_error("lint", "option --changed-lines needs FILE:LINES, as in roles/a.md:3,7-9 (got '%s')",
						       val ? val : "");
			i++;
		} else if (strcmp(a, "--diff") == 0) {
			if (!val)
				return cli_usage_error("lint", "%s", "option --diff needs a file (- for standard input)");
			char *err;
			o->have_changes = 1;
			if (changes_read_diff(&o->changed, val, &err) != 0) {
				fprintf(stderr, "%s\n", err);
				free(err);
				return EXIT_USAGE;
			}
			i++;
		} else if (strcmp(a, "--base") == 0) {
			if (!val || !*val)
				return cli_usage_error("lint", "%s", "option --base needs the base version's book folder");
			o->base = val;
			i++;
		} else if (strcmp(a, "--filter") == 0) {
			if (!val || changes_parse_filter(val, &o->filter) != 0)
				return cli_usage_error("lint", "option --filter needs added, diff_context, file or nofilter (got '%s')",
						       val ? val : "");
			i++;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("lint", "unknown option '%s'", a);
		} else if (o->bookdir) {
			return cli_usage_error("lint", "more than one book folder given ('%s')", a);
		} else {
			o->bookdir = a;
		}
	}
	if (!o->bookdir)
		o->bookdir = ".";
	if (o->filter != FILTER_NOFILTER && !o->have_changes)
		return cli_usage_error("lint", "%s", "option --filter needs the pull request's lines: --diff or --changed-lines");
	return EXIT_OK;
}

static void free_lint_options(lint_options *o)
{
	for (size_t i = 0; i < o->nrules; i++)
		free(o->rules[i]);
	free(o->rules);
	changes_free(&o->changed);
}

/* The exit code the findings call for; under --filter only the pull
 * request's findings count (the others are still reported). */
static int lint_exit_code(const diag_list *d, int werror, const report_opts *ro)
{
	diag_severity w = SEV_OFF;
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].sev > w && report_counts(d, i, ro))
			w = d->items[i].sev;
	if (w >= SEV_FATAL)
		return EXIT_USAGE;
	if (w >= SEV_ERROR || (werror && w >= SEV_WARNING))
		return EXIT_ERRORS;
	return EXIT_OK;
}

/* Reads the book and runs the selected rules, the findings sorted; NULL
 * (and *rc) when a --rule id is not a rule. */
static book *lint_once(lint_options *o, const char *datadir, lint_ctx **pc, int *rc)
{
	book *b = reader_read(o->bookdir);
	lint_ctx *c = lint_new(datadir, b->dir, b->diags);
	lint_add_rules_path(c, b);
	const char *bad = NULL;
	if (lint_select(c, o->rules, o->nrules, &bad) != 0) {
		/* a rule that failed to load has the id: say why, not "no rule" */
		int failed = 0;
		for (size_t i = 0; i < b->diags->n && !failed; i++)
			failed = strcmp(b->diags->items[i].rule, bad) == 0;
		int check = 0; /* a check of svcbook's own: listed, but no rule */
		for (size_t i = 0; i < DIAG_ID_COUNT && !check; i++)
			check = diag_ids[i].group == DG_CHECK && strcmp(diag_ids[i].id, bad) == 0;
		if (failed) {
			cli_finish(b, o->bookdir, o->color);
			*rc = cli_usage_error("lint", "rule '%s' did not load (the error above says why)", bad);
		} else if (check) {
			*rc = cli_usage_error("lint",
					      "'%s' is checked by svcbook itself, always: --rule selects rules to run "
					      "(svcbook lint --list-rules shows them; a plain lint reports '%s')",
					      bad, bad);
		} else {
			/* "speling": the nearest loaded rule, as for an unknown
			 * command or a book.lua rules id */
			size_t n;
			const lint_rule *r = lint_rules(c, &n);
			nearest_acc near;
			nearest_init(&near, bad);
			for (size_t i = 0; i < n; i++)
				nearest_offer(&near, r[i].id);
			if (near.best)
				*rc = cli_usage_error("lint",
						      "no rule has the id '%s' (svcbook lint --list-rules shows them)\n"
						      "hint: did you mean '%s'?",
						      bad, near.best);
			else
				*rc = cli_usage_error("lint", "no rule has the id '%s' (svcbook lint --list-rules shows them)",
						      bad);
		}
		lint_free(c);
		book_free(b);
		return NULL;
	}
	/* every rule runs: the spelling rule's scan of the book's words runs
	 * (and loads the dictionary it needs, spell.c) on a thread of its own
	 * while the obligations (no-obligation reads nearly all) are found, once, on
	 * a thread of their own while the rules before it run (it makes what
	 * is left, obligtab.h), and while the other rules run; with --rule, a rule
	 * finds those it reads itself. Spelling turned off in book.lua does
	 * not run (lint_check): no dictionary, no scan. */
	spell_job *spelling = NULL;
	if (!o->nrules && diag_worst(b->diags) < SEV_FATAL) {
		if (!lint_config_off(b, "spelling"))
			spelling = spell_begin(b);
		b->obligations = oblig_table_begin(b); /* made by the rules that read it */
	}
	lint_check(c, b);
	spell_end(spelling);
	if (b->obligations)
		oblig_table_end((oblig_table *)b->obligations); /* its thread joined: the book is kept till exit */
	diag_sort(b->diags);
	*pc = c;
	return b;
}

/* Frees b and the obligations table lint_once made for it. */
static void lint_book_free(book *b)
{
	oblig_table_free((oblig_table *)b->obligations); /* lint_once's own */
	book_free(b);
}

/* --base: lints the base book with the same rules; per finding of b, 1
 * when the base lacks it (baseline.h). NULL and *rc set when the base
 * cannot be linted. */
static unsigned char *lint_base(const lint_options *o, const char *datadir, const book *b, int *rc)
{
	lint_options ob = *o;
	ob.bookdir = o->base;
	lint_ctx *c = NULL;
	book *base = lint_once(&ob, datadir, &c, rc);
	if (!base)
		return NULL;
	for (size_t i = 0; i < base->diags->n; i++)
		if (base->diags->items[i].sev >= SEV_FATAL) {
			/* a base that cannot be read would make every finding new */
			*rc = cli_usage_error("lint", "--base '%s' cannot be read: %s", o->base, base->diags->items[i].message);
			lint_free(c);
			lint_book_free(base);
			return NULL;
		}
	baseline *bl = baseline_new(base, o->base, base->diags);
	unsigned char *fresh = baseline_fresh(bl, b, o->bookdir, b->diags);
	baseline_free(bl);
	lint_free(c);
	lint_book_free(base);
	return fresh;
}

int lintcmd_run(int argc, char **argv)
{
	lint_options o;
	memset(&o, 0, sizeof o);
	o.color = cli_use_color();
	int rc = parse_lint(argc, argv, &o);
	if (rc != EXIT_OK) {
		free_lint_options(&o);
		return rc;
	}
	if (o.list) {
		rc = list_rules(o.bookdir);
		free_lint_options(&o);
		return rc;
	}
	char *datadir = cli_datadir();
	if (o.test_rules) {
		rc = ruletest_run(o.bookdir, datadir);
		goto done;
	}
	hugeheap_begin(o.bookdir);
	lint_ctx *c = NULL;
	book *b = lint_once(&o, datadir, &c, &rc);
	if (!b)
		goto done;
	if (o.fix) {
		diag_list *errs = diag_list_new();
		size_t files, fixed = fix_apply(b, o.bookdir, b->diags, errs, &files);
		if (fixed) {
			/* two plurals, each its own: "исправлены 2 находки в 1 файле" */
			fputs("svcbook: ", stderr);
			fprintf(stderr, dngettext("svcbook", "fixed %zu finding", "fixed %zu findings", fixed), fixed);
			fprintf(stderr, dngettext("svcbook", " in %zu file", " in %zu files", files), files);
			fputc('\n', stderr);
			/* the files changed: what is left is what a new run finds */
			lint_free(c);
			lint_book_free(b);
			b = lint_once(&o, datadir, &c, &rc);
			if (!b) {
				diag_list_free(errs);
				goto done;
			}
		}
		diag_move(b->diags, errs);
		diag_list_free(errs);
		diag_sort(b->diags);
	}
	unsigned char *fresh = NULL;
	if (o.base && !(fresh = lint_base(&o, datadir, b, &rc))) {
		lint_free(c);
		lint_book_free(b);
		goto done;
	}
	char *prefix = cli_path_prefix(o.bookdir);
	char *root = report_root_prefix(o.bookdir, prefix);
	size_t nrules;
	const lint_rule *rules = lint_rules(c, &nrules);
	report_opts ro = {b, o.bookdir, prefix, root, rules, nrules, &o.changed, SVCBOOK_VERSION, o.filter,
			  lint_suppressed(c), fresh};
	changes_resolve_given(&o.changed, o.bookdir);
	const char *unknown = report_unknown_path(&ro);
	if (unknown) {
		rc = cli_usage_error("lint", "--changed-lines: '%s' is no file of the book (give it relative to the current "
				     "directory, the repository root or the book folder)", unknown);
	} else {
		if (o.format == REPORT_TEXT) {
			diag_print_text(stderr, b->diags, prefix, o.bookdir, o.color);
			diag_print_summary(stderr, b->diags);
		} else {
			report_write(stdout, o.format, b->diags, &ro);
			const char *summary = getenv("GITHUB_STEP_SUMMARY");
			if (o.format == REPORT_GITHUB && summary && *summary && report_github_summary(summary, b->diags, &ro) != 0)
				fprintf(stderr, "svcbook: cannot write the step summary to %s\n", summary);
		}
		rc = lint_exit_code(b->diags, o.werror, &ro);
	}
	free(root);
	free(prefix);
	free(fresh);
	keep_until_exit(b, c);
	b = NULL;
	c = NULL;
done:
	free(datadir);
	free_lint_options(&o);
	return rc;
}

/* main.c - the svcbook command line: build, lint, help. */
#include "book.h"
#include "cli.h"
#include "diag.h"
#include "docbook.h"
#include "dump.h"
#include "html.h"
#include "output.h"
#include "reader.h"
#include "util.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SVCBOOK_VERSION
#define SVCBOOK_VERSION "0.1.0"
#endif


static const char *usage_main =
	"usage: svcbook COMMAND [ARGS]\n"
	"\n"
	"Compiles a customer-service standards book written in Markdown into an\n"
	"HTML site and a DocBook 5 document, and checks it.\n"
	"\n"
	"commands:\n"
	"  build [BOOKDIR] [-o OUTDIR]   write OUTDIR/html/ and OUTDIR/docbook/book.xml\n"
	"  lint [BOOKDIR]                check the book and print diagnostics\n"
	"  dump [BOOKDIR]                print the book model as svcbook reads it\n"
	"  help [COMMAND]                show help for a command\n"
	"\n"
	"options:\n"
	"  -h, --help       show this help\n"
	"  -V, --version    show the version\n"
	"\n"
	"Exit status: 0 success, 1 errors in the book, 2 unusable input or arguments.\n";

static const char *usage_build =
	"usage: svcbook build [BOOKDIR] [-o OUTDIR] [--format html|docbook] [--validate]\n"
	"\n"
	"Reads the book in BOOKDIR (default .) and writes OUTDIR (default out):\n"
	"  OUTDIR/html/index.html ...   the HTML site (works from the file system)\n"
	"  OUTDIR/docbook/book.xml      one DocBook 5.0 document\n"
	"Each part is written atomically: a failed build leaves the old output.\n"
	"\n"
	"options:\n"
	"  -o, --output OUTDIR   where to write (default out)\n"
	"  -f, --format FORMAT   html or docbook: write only that part\n"
	"      --validate        check the DocBook against the DocBook 5.0 RELAX NG schema\n"
	"      --no-color        never colour diagnostics (also: NO_COLOR set)\n"
	"\n"
	"Diagnostics go to standard error as file:line:col: severity: message [rule].\n"
	"Exit status: 0 clean, 1 when errors were reported (the book is still\n"
	"written), 2 for unusable input or arguments.\n";

static const char *usage_lint =
	"usage: svcbook lint [BOOKDIR]\n"
	"\n"
	"Reads the book in BOOKDIR (default .) and prints its diagnostics.\n"
	"Exit status: 0 without errors, 1 with errors, 2 for unusable input.\n";

typedef struct {
	const char *bookdir;
	const char *outdir;
	int html, docbook;
	int validate;
	int color;
} options;

static int write_html(book *b, const options *o, const char *datadir)
{
	output_part p;
	if (output_begin(&p, o->outdir, "html", b->diags) != 0)
		return -1;
	if (html_write(b, NULL, p.tmp, datadir, b->diags) != 0) {
		output_abort(&p);
		return -1;
	}
	return output_commit(&p, b->diags);
}

static int write_docbook(book *b, const options *o)
{
	output_part p;
	if (output_begin(&p, o->outdir, "docbook", b->diags) != 0)
		return -1;
	char *path = xasprintf("%s/book.xml", p.tmp);
	int rc = dbk_write(b, NULL, path, b->diags);
	if (rc == 0 && o->validate && dbk_validate(path, b->diags) != 0) {
		/* An invalid document is our bug, not the author's: keep the old
		 * output and say so. */
		rc = -1;
	}
	free(path);
	if (rc != 0) {
		output_abort(&p);
		return -1;
	}
	return output_commit(&p, b->diags);
}

static int parse_common(const char *cmd, int argc, char **argv, options *o, int allow_output)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(strcmp(cmd, "build") == 0 ? usage_build : usage_lint, stdout);
			exit(EXIT_OK);
		} else if (allow_output && (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)) {
			if (++i >= argc)
				return cli_usage_error(cmd, "option %s needs a folder", a);
			o->outdir = argv[i];
		} else if (allow_output && (strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0)) {
			if (++i >= argc)
				return cli_usage_error(cmd, "option %s needs html or docbook", a);
			if (strcmp(argv[i], "html") == 0)
				o->docbook = 0;
			else if (strcmp(argv[i], "docbook") == 0)
				o->html = 0;
			else
				return cli_usage_error(cmd, "unknown format '%s' (use html or docbook)", argv[i]);
		} else if (allow_output && strcmp(a, "--validate") == 0) {
			o->validate = 1;
		} else if (strcmp(a, "--no-color") == 0) {
			o->color = 0;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error(cmd, "unknown option '%s'", a);
		} else if (o->bookdir) {
			return cli_usage_error(cmd, "more than one book folder given ('%s')", a);
		} else {
			o->bookdir = a;
		}
	}
	if (!o->bookdir)
		o->bookdir = ".";
	return EXIT_OK;
}

static int cmd_build(int argc, char **argv)
{
	options o = {NULL, "out", 1, 1, 0, cli_use_color()};
	int rc = parse_common("build", argc, argv, &o, 1);
	if (rc != EXIT_OK)
		return rc;
	book *b = reader_read(o.bookdir);
	if (diag_worst(b->diags) < SEV_FATAL && output_prepare(o.outdir, b->diags) == 0) {
		char *datadir = cli_datadir();
		if (o.html)
			write_html(b, &o, datadir);
		if (o.docbook && diag_worst(b->diags) < SEV_FATAL)
			write_docbook(b, &o);
		free(datadir);
	}
	rc = cli_finish(b, o.bookdir, o.color);
	book_free(b);
	return rc;
}

static int cmd_lint(int argc, char **argv)
{
	options o = {NULL, NULL, 0, 0, 0, cli_use_color()};
	int rc = parse_common("lint", argc, argv, &o, 0);
	if (rc != EXIT_OK)
		return rc;
	book *b = reader_read(o.bookdir);
	rc = cli_finish(b, o.bookdir, o.color);
	book_free(b);
	return rc;
}

/* svcbook dump: what the reader understood, one line per object. */
static int cmd_dump(int argc, char **argv)
{
	options o = {NULL, NULL, 0, 0, 0, cli_use_color()};
	int rc = parse_common("lint", argc, argv, &o, 0);
	if (rc != EXIT_OK)
		return rc;
	book *b = reader_read(o.bookdir);
	if (diag_worst(b->diags) < SEV_FATAL)
		dump_write(b, stdout);
	rc = cli_finish(b, o.bookdir, o.color);
	book_free(b);
	return rc;
}

static int cmd_help(int argc, char **argv)
{
	if (argc == 0) {
		fputs(usage_main, stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[0], "build") == 0)
		fputs(usage_build, stdout);
	else if (strcmp(argv[0], "lint") == 0)
		fputs(usage_lint, stdout);
	else if (strcmp(argv[0], "help") == 0)
		fputs(usage_main, stdout);
	else
		return cli_usage_error("", "no help for unknown command '%s'", argv[0]);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	LIBXML_TEST_VERSION
	int rc;
	if (argc < 2) {
		fputs(usage_main, stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0)
		rc = cmd_help(0, NULL);
	else if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		printf("svcbook %s\n", SVCBOOK_VERSION);
		rc = EXIT_OK;
	} else if (strcmp(cmd, "build") == 0)
		rc = cmd_build(argc - 2, argv + 2);
	else if (strcmp(cmd, "lint") == 0)
		rc = cmd_lint(argc - 2, argv + 2);
	else if (strcmp(cmd, "dump") == 0)
		rc = cmd_dump(argc - 2, argv + 2);
	else if (strcmp(cmd, "help") == 0)
		rc = cmd_help(argc - 2, argv + 2);
	else {
		fprintf(stderr, "svcbook: unknown command '%s'\nTry 'svcbook --help'.\n", cmd);
		rc = EXIT_USAGE;
	}
	xmlCleanupParser();
	return rc;
}

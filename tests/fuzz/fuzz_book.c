/* fuzz_book.c - libFuzzer target: arbitrary bytes become the files of a
 * book and go through the whole pipeline (reader, references, lint rules,
 * HTML and DocBook). Each run checks that the DocBook is well-formed and
 * that every reference is either resolved or reported.
 *
 * The input is split at lines "@@@": the parts become, in order,
 * general.md, terms.md, principles.md, journey.md, roles/agent.md,
 * roles/lead.md, appearance.md and book.lua. Build and run: make fuzz. */
#include "book.h"
#include "cli.h"
#include "diag.h"
#include "docbook.h"
#include "html.h"
#include "lint.h"
#include "output.h"
#include "reader.h"
#include "util.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const parts[] = {
	"general.md", "terms.md", "principles.md", "journey.md",
	"roles/agent.md", "roles/lead.md", "appearance.md", "book.lua",
};
#define NPARTS (sizeof parts / sizeof *parts)

static char *root;    /* this process's scratch folder */
static char *datadir; /* templates/ and lua/ */

static void quiet(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }

static void setup(void)
{
	char tmpl[] = "/tmp/svcbook-fuzz-XXXXXX";
	if (!mkdtemp(tmpl))
		abort();
	root = xstrdup(tmpl);
	datadir = cli_datadir();
	xmlSetGenericErrorFunc(NULL, quiet);
}

static void write_part(const char *dir, const char *name, const uint8_t *p, size_t n)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (n && fwrite(p, 1, n, f) != n)
		abort();
	fclose(f);
	free(path);
}

/* Unresolved references must each have a diagnostic at their place, unless
 * the input could have switched the reporting rule off. */
static void check_reported(const book *b, int may_suppress)
{
	if (may_suppress)
		return;
	for (size_t i = 0; i < b->nrefs; i++) {
		const book_ref *r = &b->refs[i];
		if (r->status == RESOLVE_OK || r->pos.file < 0)
			continue;
		const char *file = b->files[r->pos.file].path;
		int found = 0;
		for (size_t k = 0; k < b->diags->n && !found; k++) {
			const diag *d = &b->diags->items[k];
			found = d->line == r->pos.line && d->col == r->pos.col && strcmp(d->file, file) == 0;
		}
		if (!found) {
			fprintf(stderr, "unreported reference [[%s]] at %s:%d:%d\n", r->raw, file, r->pos.line, r->pos.col);
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!root)
		setup();
	char *dir = xasprintf("%s/book", root);
	output_remove_tree(dir);
	char *roles = xasprintf("%s/roles", dir);
	if (mkdir(dir, 0755) != 0 || mkdir(roles, 0755) != 0)
		abort();
	free(roles);
	size_t part = 0, start = 0;
	for (size_t i = 0; i <= size && part < NPARTS; i++) {
		int sep = i + 4 <= size && memcmp(data + i, "@@@\n", 4) == 0 && (i == 0 || data[i - 1] == '\n');
		if (i == size || sep) {
			write_part(dir, parts[part++], data + start, i - start);
			start = i + 4;
			i += 3;
		}
	}
	int may_suppress = memmem(data, size, "svcbook-disable", 15) != NULL || part == NPARTS;

	book *b = reader_read(dir);
	lint_book(b, datadir);
	if (diag_worst(b->diags) < SEV_FATAL) {
		char *out = xasprintf("%s/html", root);
		output_remove_tree(out);
		if (mkdir(out, 0755) != 0)
			abort();
		html_write(b, NULL, out, datadir, b->diags);
		output_remove_tree(out);
		free(out);
		char *xml = xasprintf("%s/book.xml", root);
		if (dbk_write(b, NULL, NULL, xml, b->diags) == 0) {
			xmlDocPtr doc = xmlReadFile(xml, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
			if (!doc) {
				fprintf(stderr, "DocBook is not well-formed\n");
				abort();
			}
			xmlFreeDoc(doc);
		}
		unlink(xml);
		free(xml);
		check_reported(b, may_suppress);
	}
	book_free(b);
	free(dir);
	return 0;
}

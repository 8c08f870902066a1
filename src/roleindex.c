/* roleindex.c - OUTDIR/roles/index.html: one small static page from which
 * HR hands each employee their role's book (FORMAT.md 9: "--role all writes
 * an index page of the role books"). Written straight from the model: it
 * has no chapters, search or sidebar for the templates to lay out. */
#include "roleindex.h"
#include "escape.h"
#include "output.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* s as HTML text (and attribute value). */
static void put_esc(FILE *f, const char *s)
{
	buf o;
	buf_init(&o);
	esc_html_dq(&o, s);
	if (o.len)
		fwrite(o.data, 1, o.len, f);
	buf_free(&o);
}

/* The page's own words, in the book's language. */
typedef struct {
	const char *title, *role, *book, *print, *docbook, *epub, *version, *effective, *approved_by;
} words;

static const words ru = {"Книги для ролей", "Роль", "Книга", "Версия для печати", "DocBook", "EPUB",
			 "Версия", "Вступает в силу", "Утвердил"};
static const words en = {"Role books", "Role", "Book", "Print version", "DocBook", "EPUB",
			 "Version", "Effective from", "Approved by"};

/* "<dt>label</dt><dd>value</dd>" when value says something. */
static void fact(FILE *f, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	fputs("<dt>", f);
	put_esc(f, label);
	fputs("</dt><dd>", f);
	put_esc(f, value);
	fputs("</dd>\n", f);
}

int roleindex_write(const book *b, const char *dir, int html, int docbook, int epub, diag_list *d)
{
	const book_config *cf = &b->config;
	const words *w = cf->language == LANG_RU ? &ru : &en;
	char *path = xasprintf("%s/index.html", dir);
	FILE *f = output_open(path, d);
	if (!f) {
		free(path);
		return -1;
	}
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		   "<meta name=\"generator\" content=\"svcbook\">\n<title>",
		cf->language == LANG_RU ? "ru" : "en");
	put_esc(f, w->title);
	if (cf->title && *cf->title) {
		fputs(" — ", f);
		put_esc(f, cf->title);
	}
	fputs("</title>\n<style>\nbody { font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }\n"
	      "dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; } dd { margin: 0; }\n"
	      "td, th { text-align: left; padding: 0.3rem 0.8rem 0.3rem 0; }\n</style>\n</head>\n<body>\n<main>\n<h1>", f);
	put_esc(f, cf->title && *cf->title ? cf->title : w->title);
	fputs("</h1>\n<p>", f);
	put_esc(f, w->title);
	fputs("</p>\n", f);
	if ((cf->version && *cf->version) || (cf->effective && *cf->effective) || (cf->approved_by && *cf->approved_by)) {
		fputs("<dl>\n", f);
		fact(f, w->version, cf->version);
		fact(f, w->effective, cf->effective);
		fact(f, w->approved_by, cf->approved_by);
		fputs("</dl>\n", f);
	}
	if (b->nroles) {
		fputs("<table>\n<thead><tr><th scope=\"col\">", f);
		put_esc(f, w->role);
		fputs("</th>", f);
		if (html) {
			fputs("<th scope=\"col\">", f);
			put_esc(f, w->book);
			fputs("</th><th scope=\"col\">", f);
			put_esc(f, w->print);
			fputs("</th>", f);
		}
		if (docbook) {
			fputs("<th scope=\"col\">", f);
			put_esc(f, w->docbook);
			fputs("</th>", f);
		}
		if (epub) {
			fputs("<th scope=\"col\">", f);
			put_esc(f, w->epub);
			fputs("</th>", f);
		}
		fputs("</tr></thead>\n<tbody>\n", f);
		int *order = book_role_order(b);
		for (size_t i = 0; i < b->nroles; i++) {
			const book_role *r = &b->roles[order[i]];
			fputs("<tr><th scope=\"row\">", f);
			put_esc(f, r->name ? r->name : r->id);
			fputs("</th>", f);
			/* role ids are NCNames: safe in a path, escaped all the same */
			if (html) {
				fputs("<td><a href=\"", f);
				put_esc(f, r->id);
				fputs("/html/index.html\">index.html</a></td><td><a href=\"", f);
				put_esc(f, r->id);
				fputs("/html/print.html\">print.html</a></td>", f);
			}
			if (docbook) {
				fputs("<td><a href=\"", f);
				put_esc(f, r->id);
				fputs("/docbook/book.xml\">book.xml</a></td>", f);
			}
			if (epub) {
				fputs("<td><a href=\"", f);
				put_esc(f, r->id);
				fputs("/epub/book.epub\">book.epub</a></td>", f);
			}
			fputs("</tr>\n", f);
		}
		free(order);
		fputs("</tbody>\n</table>\n", f);
	}
	fputs("</main>\n</body>\n</html>\n", f);
	int rc = output_close(f, path, d);
	free(path);
	return rc;
}

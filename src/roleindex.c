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
	const char *open_book, *open_print, *get_docbook, *get_epub; /* the links' labels, not file names */
} words;

static const words ru = {"Книги для ролей", "Роль", "Книга", "Версия для печати", "DocBook", "EPUB",
			 "Версия", "Вступает в силу", "Утвердил",
			 "Открыть книгу", "Открыть для печати", "Скачать DocBook (XML)", "Скачать EPUB"};
static const words en = {"Role books", "Role", "Book", "Print version", "DocBook", "EPUB",
			 "Version", "Effective from", "Approved by",
			 "Open the book", "Open for printing", "Download DocBook (XML)", "Download EPUB"};

/* One cell: a link to the role's file at path under its folder. */
static void link_cell(FILE *f, const char *id, const char *path, const char *label)
{
	fputs("<td><a href=\"", f);
	put_esc(f, id); /* role ids are NCNames: safe in a path, escaped all the same */
	fputs(path, f);
	fputs("\">", f);
	put_esc(f, label);
	fputs("</a></td>", f);
}

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
		book_lang_tag(cf));
	put_esc(f, w->title);
	if (cf->title && *cf->title) {
		fputs(" — ", f);
		put_esc(f, cf->title);
	}
	fputs("</title>\n", f);
	/* the site's own look: the style sheet every role's HTML book has */
	if (html && b->nroles) {
		fputs("<link rel=\"stylesheet\" href=\"", f);
		put_esc(f, b->roles[0].id);
		fputs("/html/style.css\">\n", f);
	}
	fputs("<style>\nmain { margin: 0 auto; max-width: 50rem; padding: 1.5rem 1rem 3rem; }\n"
	      "body:not(.site) { font: 16px/1.5 system-ui, sans-serif; }\n"
	      "dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; } dd { margin: 0; }\n"
	      "table { border-collapse: collapse; } td, th { text-align: left; padding: 0.4rem 0.6rem; }\n"
	      "</style>\n</head>\n<body", f);
	fputs(html && b->nroles ? " class=\"site page-roles\">\n<main>\n<h1>" : ">\n<main>\n<h1>", f);
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
			if (html) {
				link_cell(f, r->id, "/html/index.html", w->open_book);
				link_cell(f, r->id, "/html/print.html", w->open_print);
			}
			if (docbook)
				link_cell(f, r->id, "/docbook/book.xml", w->get_docbook);
			if (epub)
				link_cell(f, r->id, "/epub/book.epub", w->get_epub);
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

/* html.h - the HTML backend: a static site that works from the file system
 * (chapter and role pages, glossary, roles overview, print version, search).
 * Clause bodies go through cmark-gfm's own HTML renderer; the pages are laid
 * out by Lua templates (lua/template.lua, templates/). The work is split by
 * concern into html_*.c (listed in html_site.h). Another backend that wants
 * the clause bodies as cmark-gfm's HTML (EPUB) makes a site with html_begin,
 * renders with html_render_bodies and reads them through html_body.c's
 * functions (html_site.h). Included by: main, serve. */
#ifndef SVCBOOK_HTML_H
#define SVCBOOK_HTML_H

#include "book.h"
#include "diag.h"

/** Writes the HTML site of the book (or of the view's part; v may be NULL)
 *  into outdir (an existing empty folder). datadir is where svcbook's own
 *  lua/ and templates/ folders are; a book may override any template file
 *  with its own BOOKDIR/templates/<same name> (b->dir). The output is
 *  byte-identical for the same model. 0 on success, -1 on failure (reported
 *  into d). */
int html_write(const book *b, const book_view *v, const char *outdir, const char *datadir, diag_list *d);

/* The same in steps, so that what reads the book's trees can run on
 * another thread while the pages are laid out by Lua (which never reads
 * the trees):
 *   html_begin          plans the site (from plan p of view v, plan.h,
 *                       which it only reads; NULL: it makes its own),
 *                       starts Lua, renders the headings;
 *                       NULL on failure (reported into d)
 *   html_render_bodies  renders every clause body (trees only, no Lua)
 *   html_write_site     lays out the pages (Lua, this thread), while a
 *                       thread of its own writes them, splicing in each
 *                       body as soon as it is rendered: it may be called
 *                       before html_render_bodies has finished on another
 *                       thread;
 *                       then the assets and the files the pages link to
 *   html_write_search_index  search-index.js (match index and the stems
 *                       html_render_bodies took, no tree and no Lua; after
 *                       html_render_bodies, on any thread), its
 *                       diagnostics in d
 *   html_end            frees what html_begin made;
 *   html_end_kept       the same, for a process about to exit: nothing
 *                       is freed (freeing the site and its Lua state cost
 *                       10 ms at the end of the 10 MB book's build, for
 *                       no one); the caller keeps h reachable. */
typedef struct html_site html_site;
struct plan;
html_site *html_begin(const book *b, const book_view *v, const struct plan *p, const char *outdir,
		      const char *datadir, diag_list *d);
void html_render_bodies(html_site *h);
/* Lets html_render_bodies free b's trees (book_release_trees) as it leaves
 * each file behind: for the caller whose html_render_bodies is the last
 * reader of b's trees (main.c write_parts), before it is called. */
void html_release_trees(html_site *h, book *b);
int html_write_site(html_site *h);
int html_write_search_index(html_site *h, diag_list *d);
void html_end(html_site *h);
void html_end_kept(html_site *h);

/* For serve, which lays out a page when it is asked for (one call at a
 * time: the site has one Lua state):
 *   html_page_name    the name of page p (0, 1, ...), NULL past the last
 *   html_page_text    page NAME ("index", "role-ID": the file name without
 *                     .html) laid out with its bodies, byte for byte what
 *                     html_write_site writes (caller frees); NULL when the
 *                     site has no such page or its templates failed
 *                     (reported into the site's d). It waits for the
 *                     bodies it shows: html_render_bodies may be running
 *                     on another thread.
 *   html_write_files  html_write_site without the pages: the assets and
 *                     the files the pages link to. */
const char *html_page_name(const html_site *h, size_t p);
char *html_page_text(html_site *h, const char *name, size_t *len);
int html_write_files(html_site *h);

#endif

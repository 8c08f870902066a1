/* backend.c - the table of build's formats (backend.h) and the small
 * adapters from its steps to each backend's own calls. */
#include "backend.h"
#include "docbook.h"
#include "epub.h"
#include "html.h"
#include "i18n.h"
#include "output.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* What a backend that writes one file keeps between its steps. */
typedef struct {
	backend_args a;
	int rc;
} file_job;

static void *file_begin(const backend_args *a, diag_list *d)
{
	file_job *j = xcalloc(1, sizeof *j);
	j->a = *a;
	return j;
}

static int file_end(void *st)
{
	file_job *j = st;
	int rc = j->rc;
	free(j);
	return rc;
}

/* ---- html: the site (html.h) ---- */

typedef struct {
	html_site *site;
	int exiting;
	int index_rc;
} html_job;

static void *html_job_begin(const backend_args *a, diag_list *d)
{
	html_site *site = html_begin(a->b, a->v, a->p, a->dir, a->datadir, d);
	if (!site)
		return NULL;
	if (a->drop)
		html_release_trees(site, a->drop);
	html_job *j = xcalloc(1, sizeof *j);
	j->site = site;
	j->exiting = a->exiting;
	return j;
}

/* The bodies, which read the trees (and take the search index's stems
 * from them)... */
static void html_job_beside(void *st, diag_list *d)
{
	(void)d;
	html_render_bodies(((html_job *)st)->site);
}

/* ...then the search index, from those stems: the trees may be gone. */
static void html_job_after(void *st, diag_list *d)
{
	html_job *j = st;
	j->index_rc = html_write_search_index(j->site, d);
}

static int html_job_write(void *st)
{
	return html_write_site(((html_job *)st)->site);
}

/* The site of the process's last output is kept until it exits, like the
 * book: freeing it would only delay the exit. */
static html_site *volatile kept_site;

static int html_job_end(void *st)
{
	html_job *j = st;
	int rc = j->index_rc;
	if (j->exiting) {
		html_end_kept(j->site);
		kept_site = j->site;
	} else {
		html_end(j->site);
	}
	free(j);
	return rc;
}

/* ---- docbook: book.xml (docbook.h), and the files it refers to ---- */

static void docbook_beside(void *st, diag_list *d)
{
	file_job *j = st;
	char *path = xasprintf("%s/book.xml", j->a.dir);
	j->rc = dbk_write(j->a.b, j->a.v, j->a.p, path, d);
	if (j->rc == 0) /* imagedata filerefs are relative to book.xml */
		j->rc = output_copy_local(j->a.b->dir, j->a.b->local_files, j->a.b->nlocal_files, j->a.dir, d);
	/* An invalid document is our bug, not the author's: keep the old
	 * output and say so. */
	if (j->rc == 0 && j->a.validate && dbk_validate(path, d) != 0)
		j->rc = -1;
	free(path);
}

/* ---- epub: book.epub (epub.h) ---- */

static void epub_beside(void *st, diag_list *d)
{
	file_job *j = st;
	char *path = xasprintf("%s/book.epub", j->a.dir);
	j->rc = epub_write(j->a.b, j->a.v, j->a.p, path, d);
	free(path);
}

/* In the order the parts are decided in: the HTML, then the DocBook
 * (written first, beside the rules, but kept only when the HTML was),
 * then the EPUB. The EPUB is not written by default: it would cost every
 * build another rendering of every body, and the default output stays
 * as it was. */
const backend backends[] = {
	{"html", N_("OUTDIR/html/index.html ...   the HTML site (works from the file system)"), 1, 0,
	 html_job_begin, html_job_beside, html_job_after, html_job_write, html_job_end},
	{"docbook", N_("OUTDIR/docbook/book.xml      one DocBook 5.0 document"), 1, 1,
	 file_begin, docbook_beside, NULL, NULL, file_end},
	{"epub", N_("OUTDIR/epub/book.epub        an EPUB 3 book (only with --format epub)"), 0, 1,
	 file_begin, epub_beside, NULL, NULL, file_end},
};
const size_t nbackends = sizeof backends / sizeof *backends;

int backend_find(const char *name)
{
	for (size_t k = 0; k < nbackends; k++)
		if (strcmp(backends[k].name, name) == 0)
			return (int)k;
	return -1;
}

char *backend_names(void)
{
	buf o;
	buf_init(&o);
	buf_puts(&o, "");
	for (size_t k = 0; k < nbackends; k++)
		buf_printf(&o, "%s%s", k == 0 ? "" : k + 1 < nbackends ? ", " : _(" or "), backends[k].name);
	return buf_detach(&o);
}

int backend_run(size_t k, const backend_args *a, diag_list *d)
{
	const backend *be = &backends[k];
	void *st = be->begin(a, d);
	if (!st)
		return -1;
	if (be->beside)
		be->beside(st, d);
	if (be->after)
		be->after(st, d);
	int rc = be->write ? be->write(st) : 0;
	int end = be->end(st);
	return rc != 0 ? rc : end;
}

/* html_write.c - the pages written: laid out by Lua on this thread, written
 * by a thread of their own with the bodies spliced in; then the assets
 * and the files the pages link to. */
#include "html_site.h"
#include "output.h"
#include "diagid.h"

#include <dirent.h>
#include <stdlib.h>

static int write_out(html *h, const char *name, const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", h->outdir, name);
	int rc = output_write_file(path, data, len, h->d);
	free(path);
	return rc;
}

/* Writes page p from its laid-out text (body markers in it) into the
 * output folder; diagnostics into d. */
static int write_text(html *h, size_t p, const char *text, size_t len, diag_list *d)
{
	char *path = xasprintf("%s/%s.html", h->outdir, h->pages[p].name);
	FILE *f = output_open(path, d);
	int rc = -1;
	if (f) {
		html_splice_bodies(h, text, len, f);
		rc = output_close(f, path, d);
	}
	free(path);
	return rc;
}

/* A page laid out by Lua on the main thread, on its way to the writer. */
struct laid_out {
	struct laid_out *next;
	size_t page, len;
	char text[]; /* len bytes and a NUL */
};

/* Laid-out text the main thread may get ahead of the writer by: more
 * would only raise the peak memory. The writer falls behind only while
 * it waits for bodies (a page is written faster than laid out), and
 * meanwhile the trees are alive (the bodies' thread frees them after the
 * bodies and the search index): on the 10 MB bench book a queue of up to 6 MB of pages
 * (all of them but the first: 6.7 MB) then came on top of the trees, the
 * bodies and the templates' Lua heap, a peak of 127 MB instead of 118.
 * 1 MB is still a hundred pages of the site, or the print page (1.1 MB)
 * whole: the main thread waits only when the writer has that much before
 * it, and it lays out the glossary, the last page, before it waits. */
#define QUEUE_MAX ((size_t)1 << 20)

/* write_pages' writer thread and its queue (h->gate guards it). */
typedef struct {
	html *h;
	struct laid_out *queue, **queue_end; /* pages laid out, waiting to be written */
	size_t queued;                      /* their bytes */
	int closed;                         /* no more pages will come */
	atomic_int failed;                  /* a page could not be written: stop */
	diag_list *d;                       /* the writer thread's diagnostics */
} writer;

/* Hands the text laid out for page p (h->laid) to the writer (a copy:
 * the next page is laid out into the same buffer). */
static void enqueue(writer *w, size_t p)
{
	html *h = w->h;
	size_t len = h->laid.len;
	struct laid_out *e = xmalloc(sizeof *e + len + 1);
	e->next = NULL;
	e->page = p;
	e->len = len;
	memcpy(e->text, h->laid.data, len + 1);
	html_laid_done(h);
	pthread_mutex_lock(&h->gate.lock);
	while (w->queued > QUEUE_MAX && !atomic_load(&w->failed))
		pthread_cond_wait(&h->gate.changed, &h->gate.lock);
	*w->queue_end = e;
	w->queue_end = &e->next;
	w->queued += len;
	pthread_cond_broadcast(&h->gate.changed);
	pthread_mutex_unlock(&h->gate.lock);
}

static struct laid_out *dequeue(writer *w)
{
	thread_gate *g = &w->h->gate;
	pthread_mutex_lock(&g->lock);
	while (!w->queue && !w->closed)
		pthread_cond_wait(&g->changed, &g->lock);
	struct laid_out *e = w->queue;
	if (e) {
		w->queue = e->next;
		if (!w->queue)
			w->queue_end = &w->queue;
		w->queued -= e->len;
		pthread_cond_broadcast(&g->changed);
	}
	pthread_mutex_unlock(&g->lock);
	return e;
}

/* The writer thread: writes the pages the main thread lays out, in the
 * order it lays them out, each body spliced in once the other thread has
 * rendered it (the first pages go out while the last bodies are made);
 * after a failure it only empties the queue. It calls no Lua and reads no
 * tree. */
static void *write_queued(void *arg)
{
	writer *w = arg;
	struct laid_out *e;
	while ((e = dequeue(w)) != NULL) {
		if (!atomic_load(&w->failed) && write_text(w->h, e->page, e->text, e->len, w->d) != 0)
			atomic_store(&w->failed, 1);
		free(e);
	}
	return NULL;
}

/* The k-th page to lay out: the pages in their order, the glossary (at
 * most one) moved to the end. */
static size_t layout_order(const html *h, size_t k)
{
	size_t g = h->glossary_page >= 0 ? (size_t)h->glossary_page : h->npages;
	if (g >= h->npages || k < g)
		return k;
	return k + 1 < h->npages ? k + 1 : g;
}

/* Lays out every page through the templates (this thread: Lua) while a
 * thread of its own writes them; without that thread, writes each page
 * here once the bodies are there. */
static int write_pages(html *h)
{
	lua_State *L = h->L;
	if (html_ensure_site(h) != 0)
		return -1;
	writer w = {.h = h, .d = diag_list_new()};
	w.queue_end = &w.queue;
	atomic_init(&w.failed, 0);
	pthread_t t;
	int threaded = thread_try(&t, write_queued, &w);
	if (!threaded) /* all of them: the pages may come in any order */
		thread_await_count(&h->gate, &h->bodies_done, h->b->nclauses);
	int rc = 0;
	/* The pages in their order, but the glossary last: the print page is
	 * the writer's longest (the whole book) and the glossary the longest to
	 * lay out, so the print page is written while the glossary is laid out
	 * instead of after everything (on the 100 MB book the writer went on
	 * alone for 0.3-0.8 s). Which page is laid out first changes nothing
	 * in any page. */
	for (size_t k = 0, p; k < h->npages && rc == 0; k++) {
		p = layout_order(h, k);
		/* the print page's tables (8 MB of the Lua heap's 10 on the 10 MB
		 * bench book, garbage once it is laid out) collected before the
		 * glossary makes as many, which the collector would otherwise
		 * leave beside them while the trees may still be alive */
		if ((int)p == h->glossary_page)
			lua_gc(L, LUA_GCCOLLECT);
		if (atomic_load(&w.failed) || html_layout_page(h, p) != 0) {
			rc = -1;
		} else if (threaded) {
			enqueue(&w, p);
		} else {
			rc = write_text(h, p, h->laid.data, h->laid.len, h->d);
			html_laid_done(h);
		}
	}
	if (threaded) {
		if (rc != 0)
			atomic_store(&w.failed, 1);
		thread_raise(&h->gate, &w.closed);
		pthread_join(t, NULL);
		diag_move(h->d, w.d);
		if (atomic_load(&w.failed))
			rc = -1;
	}
	diag_list_free(w.d);
	lua_settop(L, 1);
	return rc;
}

/* ---- assets ---- */

/* Names of the regular files in dir that are assets (not templates, not
 * Lua, not hidden), appended to *v. */
static void list_assets(const char *dir, char ***v, size_t *n, size_t *cap)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *name = e->d_name;
		if (!html_template_name_ok(name) || str_ends(name, ".html") || str_ends(name, ".lua"))
			continue;
		if (e->d_type == DT_DIR) /* templates/starter/ (svcbook new) is no asset */
			continue;
		*v = xgrow(*v, cap, *n + 1, sizeof **v);
		(*v)[(*n)++] = xstrdup(name);
	}
	closedir(d);
}

/* Copies style.css, svcbook.js and any other asset of templates/ (the
 * book's own copy of a name wins) into the output. */
static int copy_assets(html *h)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	char *dir = xasprintf("%s/templates", h->datadir);
	list_assets(dir, &names, &n, &cap);
	free(dir);
	if (h->bookdir_real) {
		dir = xasprintf("%s/templates", h->b->dir);
		list_assets(dir, &names, &n, &cap);
		free(dir);
	}
	sort_array(names, n, sizeof *names, cmp_strp);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (i && strcmp(names[i], names[i - 1]) == 0)
			continue;
		size_t len;
		char *data = html_read_template(h, names[i], &len);
		if (!data) {
			/* A symlink out of the book folder, or unreadable: leave it out. */
			diag_add(h->d, NULL, 0, 0, SEV_WARNING, DIAG_ID(TEMPLATE_ERROR), NULL,
				 "templates/%s left out of the HTML: not a readable file inside the book folder", names[i]);
			continue;
		}
		rc = write_out(h, names[i], data, len);
		free(data);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int html_write_site(html *h)
{
	int rc = write_pages(h);
	if (rc == 0)
		rc = copy_assets(h);
	if (rc == 0) /* the images and files the pages link to */
		rc = output_copy_local(h->b->dir, h->b->local_files, h->b->nlocal_files, h->outdir, h->d);
	return rc;
}

const char *html_page_name(const html *h, size_t p)
{
	return p < h->npages ? h->pages[p].name : NULL;
}

char *html_page_text(html *h, const char *name, size_t *len)
{
	size_t p = 0;
	while (p < h->npages && strcmp(h->pages[p].name, name) != 0)
		p++;
	if (p == h->npages || html_ensure_site(h) != 0 || html_layout_page(h, p) != 0)
		return NULL;
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	if (f) {
		html_splice_bodies(h, h->laid.data, h->laid.len, f);
		if (fclose(f) != 0) {
			free(text);
			text = NULL;
		}
	}
	html_laid_done(h);
	return text;
}

int html_write_files(html *h)
{
	int rc = copy_assets(h);
	if (rc == 0)
		rc = output_copy_local(h->b->dir, h->b->local_files, h->b->nlocal_files, h->outdir, h->d);
	return rc;
}

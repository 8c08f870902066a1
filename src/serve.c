/* serve.c - svcbook serve: live preview; builds the HTML, serves it on 127.0.0.1 with libmicrohttpd, rebuilds on change (inotify) and reloads open pages. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* pipe2 */
#endif
#include "serve.h"
#include "trust.h"
#include "book.h"
#include "cli.h"
#include "diag.h"
#include "escape.h"
#include "html.h"
#include "lint.h"
#include "output.h"
#include "reader.h"
#include "thread.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <microhttpd.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <dlfcn.h>

/* Quiet time after the last change before a rebuild: editors write a file
 * in several steps (temporary file, rename, attributes). */
#define DEBOUNCE_MS 30
/* How long a reload request waits for a change before it answers anyway. */
#define LONG_POLL_S 20
/* The reload endpoint and the script served pages load from it. */
#define LIVE_PREFIX "/__svcbook/"

/* The page script: waits for a version other than the page's own, then
 * reloads; shows the latest diagnostics in a box (as text, never HTML). */
static const char live_js[] =
	"(function () {\n"
	"  var me = document.currentScript, v = +me.getAttribute('data-version'), seen = -1;\n"
	"  function show(r) {\n"
	"    var box = document.getElementById('svcbook-live');\n"
	"    if (!r.diagnostics) { if (box) box.remove(); return; }\n"
	"    if (!box) {\n"
	"      box = document.createElement('pre'); box.id = 'svcbook-live';\n"
	"      box.setAttribute('role', 'status');\n"
	"      box.style.cssText = 'position:fixed;bottom:0;left:0;right:0;max-height:40vh;overflow:auto;margin:0;'\n"
	"        + 'padding:.75em 1em;background:#fff8e1;color:#3e2723;border-top:3px solid #c62828;'\n"
	"        + 'font:13px/1.4 monospace;white-space:pre-wrap;z-index:1000';\n"
	"      document.body.appendChild(box);\n"
	"    }\n"
	"    box.textContent = r.diagnostics;\n"
	"  }\n"
	"  function poll() {\n"
	"    var x = new XMLHttpRequest();\n"
	"    x.open('GET', '" LIVE_PREFIX "version?since=' + v + '&seen=' + seen);\n"
	"    x.onload = function () {\n"
	"      var r = JSON.parse(x.responseText);\n"
	"      if (r.version !== v) { location.reload(); return; }\n"
	"      seen = r.serial; show(r); poll();\n"
	"    };\n"
	"    x.onerror = function () { setTimeout(poll, 1000); };\n"
	"    x.send();\n"
	"  }\n"
	"  poll();\n"
	"})();\n";

/* A build of the book that pages are laid out from, on request: the
 * model, its HTML site (Lua state, rendered bodies) and the thread that
 * renders the bodies and writes the search index. */
typedef struct {
	book *b;
	html_site *h;
	diag_list *hd;     /* the site's (templates), under site_lock */
	diag_list *id;     /* the bodies thread's (search index) */
	pthread_t t;
	int threaded, joined, index_rc;
} site;

typedef struct {
	const char *bookdir;
	char *outdir;       /* where builds go */
	char *htmldir;      /* outdir/html, resolved */
	int own_outdir;     /* a temporary folder we remove at the end */
	int color;
	char *datadir;
	/* shared with the HTTP threads, under lock */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	long version;       /* of the pages: a new one makes open pages reload */
	long serial;        /* of state and diagnostics: new with each publish */
	int checked;        /* the rules have run on the version's book */
	char *state;        /* "ok", "errors" (written with errors), "failed" (old output kept) */
	char *diagnostics;  /* text of the last build's diagnostics, "" when none */
	/* the site pages are laid out from; one page at a time (one Lua
	 * state), swapped under the same lock */
	pthread_mutex_t site_lock;
	site *cur;
} server;

static int stop_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
	(void)sig;
	ssize_t r = write(stop_pipe[1], "x", 1);
	(void)r;
}

/* ---- Building ---- */

/* The diagnostics as lint prints them, for the page (no colour). */
static char *diag_text(book *b, const char *bookdir)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return xstrdup("");
	char *prefix = cli_path_prefix(bookdir);
	diag_print_text(f, b->diags, prefix, bookdir, 0);
	free(prefix);
	fclose(f);
	return text;
}

static void *bodies_beside(void *arg)
{
	site *w = arg;
	html_render_bodies(w->h);
	w->index_rc = html_write_search_index(w->h, w->id);
	return NULL;
}

/* Plans the site of b (written, when it is, into dir) and starts its
 * bodies; NULL when it cannot be (reported into b's diagnostics). */
static site *site_open(book *b, const char *dir, const char *datadir)
{
	site *w = xcalloc(1, sizeof *w);
	w->b = b;
	w->hd = diag_list_new();
	w->id = diag_list_new();
	w->h = html_begin(b, NULL, NULL, dir, datadir, w->hd);
	if (!w->h) {
		diag_move(b->diags, w->hd);
		diag_list_free(w->hd);
		diag_list_free(w->id);
		free(w);
		return NULL;
	}
	w->threaded = thread_try(&w->t, bodies_beside, w);
	if (!w->threaded)
		bodies_beside(w);
	return w;
}

/* Waits for the bodies and the search index: after it the trees are the
 * reader's again (the rules may read them). */
static void site_join(site *w)
{
	if (w->threaded && !w->joined)
		pthread_join(w->t, NULL);
	w->joined = 1;
	diag_move(w->b->diags, w->id);
}

static void site_close(site *w)
{
	if (!w)
		return;
	site_join(w);
	html_end(w->h);
	book_free(w->b);
	diag_list_free(w->hd);
	diag_list_free(w->id);
	free(w);
}

/* Makes what the pages show public: a new version when pages changed
 * (open pages reload), the state and diagnostics in any case. */
static void publish(server *s, book *b, const char *state, int pages, int checked)
{
	diag_sort(b->diags);
	char *text = diag_text(b, s->bookdir);
	pthread_mutex_lock(&s->lock);
	free(s->state);
	free(s->diagnostics);
	s->state = xstrdup(state);
	s->diagnostics = text;
	if (pages)
		s->version++;
	s->checked = checked;
	s->serial++;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
}

static const char *state_of(book *b)
{
	return diag_worst(b->diags) >= SEV_ERROR ? "errors" : "ok";
}

/* Writes every page of w into its folder, each laid out as a request
 * would have it (the lock taken per page: requests wait for one page at
 * most), then the assets; 0 when all were written. */
static int write_site(server *s, site *w, const char *dir)
{
	int rc = 0;
	for (size_t p = 0; rc == 0; p++) {
		pthread_mutex_lock(&s->site_lock);
		const char *name = html_page_name(w->h, p);
		char *file = name ? xasprintf("%s/%s.html", dir, name) : NULL;
		size_t len = 0;
		char *text = name ? html_page_text(w->h, name, &len) : NULL;
		pthread_mutex_unlock(&s->site_lock);
		if (!name)
			break;
		rc = text ? output_write_file(file, text, len, w->b->diags) : -1;
		free(text);
		free(file);
	}
	pthread_mutex_lock(&s->site_lock);
	if (rc == 0)
		rc = html_write_files(w->h);
	diag_move(w->b->diags, w->hd);
	pthread_mutex_unlock(&s->site_lock);
	return rc;
}

/* Reads the book and serves its pages at once, from memory, laid out when
 * asked for (a one-file edit of the 10 MB book: reading it and planning
 * the site, not writing 300 pages); then runs the rules, writes the site
 * into outdir/html (atomically: the files that are not pages are served
 * from there) and publishes the rules' findings. The pages do not depend
 * on the rules (build runs them first only to stop at a fatal one, which
 * only a missing rules folder causes). The rules and the writing are
 * skipped when the book changed again meanwhile (busy says so): the next
 * rebuild does them on the newer text. A book that cannot be read keeps
 * the last good pages. */
static void rebuild(server *s, int (*busy)(void *), void *arg)
{
	trust_set(1);
	book *b = reader_read(s->bookdir);
	trust_apply(b, 1); /* the writer's own book, on their machine (trust.h) */
	site *w = NULL;
	output_part p;
	int part = diag_worst(b->diags) < SEV_FATAL && output_prepare(s->outdir, b->diags) == 0 &&
	           output_begin(&p, s->outdir, "html", b->diags) == 0;
	if (part && !(w = site_open(b, p.tmp, s->datadir)))
		output_abort(&p);
	const char *state = "failed";
	if (!w) {
		publish(s, b, state, 1, 1);
		cli_finish(b, s->bookdir, s->color);
		book_free(b);
	} else {
		pthread_mutex_lock(&s->site_lock);
		site *old = s->cur;
		s->cur = w;
		publish(s, b, state_of(b), 1, 0);
		pthread_mutex_unlock(&s->site_lock);
		/* the old site freed once the new bodies are there: not while the
		 * first request lays out its page */
		site_join(w);
		site_close(old);
		if (busy && busy(arg)) {
			output_abort(&p);
			state = "pages only: changed again";
		} else {
			lint_book(b, s->datadir);
			int written = write_site(s, w, p.tmp) == 0 && w->index_rc == 0;
			if (!written)
				output_abort(&p);
			else
				written = output_commit(&p, b->diags) == 0;
			/* a rule that could not run at all (fatal): "failed", as a
			 * site not written whole (its pages stay served) */
			state = !written || diag_worst(b->diags) >= SEV_FATAL ? "failed" : state_of(b);
			publish(s, b, state, 0, 1);
			/* the terminal gets them as svcbook lint prints them */
			cli_finish(b, s->bookdir, s->color);
		}
	}
	time_t now = time(NULL);
	struct tm tm;
	char hhmmss[16];
	strftime(hhmmss, sizeof hhmmss, "%H:%M:%S", localtime_r(&now, &tm));
	fprintf(stderr, "svcbook: %s built (%s)\n", hhmmss, state);
}

/* ---- libmicrohttpd, opened when serve starts ----
 * Linked, it and gnutls's eight libraries were loaded and initialised by
 * every command (half of `svcbook lint`'s start on a small book, 2.4 MB of
 * its memory); only serve needs it. The prototypes are the header's. */
static struct {
	__typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
	__typeof__(MHD_add_response_header) *add_response_header;
	__typeof__(MHD_queue_response) *queue_response;
	__typeof__(MHD_destroy_response) *destroy_response;
	__typeof__(MHD_lookup_connection_value) *lookup_connection_value;
	__typeof__(MHD_start_daemon) *start_daemon;
	__typeof__(MHD_get_daemon_info) *get_daemon_info;
	__typeof__(MHD_stop_daemon) *stop_daemon;
} mhd;

/* 0 when every function was found; else says why on stderr. */
static int open_mhd(void)
{
	void *lib = dlopen(SVCBOOK_MHD_LIB, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		fprintf(stderr, "svcbook: serve needs libmicrohttpd (Debian package libmicrohttpd12): %s\n", dlerror());
		return -1;
	}
	static const char *const names[] = {
		"MHD_create_response_from_buffer", "MHD_add_response_header", "MHD_queue_response",
		"MHD_destroy_response", "MHD_lookup_connection_value", "MHD_start_daemon",
		"MHD_get_daemon_info", "MHD_stop_daemon",
	};
	void **slots[] = {
		(void **)&mhd.create_response_from_buffer, (void **)&mhd.add_response_header,
		(void **)&mhd.queue_response, (void **)&mhd.destroy_response,
		(void **)&mhd.lookup_connection_value, (void **)&mhd.start_daemon,
		(void **)&mhd.get_daemon_info, (void **)&mhd.stop_daemon,
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		/* POSIX's way to a function pointer from dlsym (C forbids the cast) */
		*slots[i] = dlsym(lib, names[i]);
		if (!*slots[i]) {
			fprintf(stderr, "svcbook: serve: %s has no %s\n", SVCBOOK_MHD_LIB, names[i]);
			return -1;
		}
	}
	return 0; /* the library stays open until the process ends */
}

/* ---- HTTP ---- */

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *type, char *body, size_t len)
{
	struct MHD_Response *r = mhd.create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	mhd.add_response_header(r, "Content-Type", type);
	mhd.add_response_header(r, "Cache-Control", "no-store");
	mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ret = mhd.queue_response(c, status, r);
	mhd.destroy_response(r);
	return ret;
}

static enum MHD_Result not_found(struct MHD_Connection *c)
{
	return reply(c, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8", xstrdup("not found\n"), 10);
}

/* GET /__svcbook/version?since=N[&seen=S]: answers when the version
 * differs from N (at once for a stale N), or, with seen, when the serial
 * of the diagnostics differs from S (the rules' findings come after the
 * pages), or after LONG_POLL_S seconds. */
static enum MHD_Result version(server *s, struct MHD_Connection *c)
{
	const char *since = mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
	long want = since ? strtol(since, NULL, 10) : -1;
	const char *seen_arg = mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "seen");
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += LONG_POLL_S;
	pthread_mutex_lock(&s->lock);
	long seen = seen_arg ? strtol(seen_arg, NULL, 10) : 0;
	while (s->version == want && (!seen_arg || s->serial == seen))
		if (pthread_cond_timedwait(&s->changed, &s->lock, &until) == ETIMEDOUT)
			break;
	buf o;
	buf_init(&o);
	buf_printf(&o, "{\"version\": %ld, \"serial\": %ld, \"checked\": %s, \"state\": ", s->version, s->serial,
	           s->checked ? "true" : "false");
	esc_json(&o, s->state ? s->state : "failed", 0);
	buf_puts(&o, ", \"diagnostics\": ");
	esc_json(&o, s->diagnostics ? s->diagnostics : "", 0);
	buf_puts(&o, "}\n");
	pthread_mutex_unlock(&s->lock);
	size_t len = o.len;
	return reply(c, MHD_HTTP_OK, "application/json", buf_detach(&o), len);
}

static const char *content_type(const char *path)
{
	static const char *const types[][2] = {
		{".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"}, {".json", "application/json"},
		{".png", "image/png"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"},
		{".gif", "image/gif"}, {".svg", "image/svg+xml"}, {".webp", "image/webp"},
		{".ico", "image/x-icon"}, {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
	};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (str_ends(path, types[i][0]))
			return types[i][1];
	return "application/octet-stream";
}

/* A URL path (already percent-decoded by libmicrohttpd) that may name a
 * file of the site: no "..", no empty or hidden segment, no backslash. */
static int safe_path(const char *p)
{
	if (*p != '/')
		return 0;
	for (const char *seg = p + 1; *seg;) {
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		if (n == 0 || seg[0] == '.' || memchr(seg, '\\', n))
			return 0;
		if (!end)
			break;
		seg = end + 1;
	}
	return 1;
}

/* Adds the reload script before </body> of a page. */
static char *inject(char *page, size_t *len, long ver)
{
	char *tag = xasprintf("<script src=\"" LIVE_PREFIX "live.js\" data-version=\"%ld\"></script>\n", ver);
	const char *at = NULL;
	for (const char *p = page; (p = strstr(p, "</body>")) != NULL; p++)
		at = p;
	size_t pre = at ? (size_t)(at - page) : *len, tl = strlen(tag);
	char *out = xmalloc(*len + tl + 1);
	memcpy(out, page, pre);
	memcpy(out + pre, tag, tl);
	memcpy(out + pre + tl, page + pre, *len - pre);
	*len += tl;
	out[*len] = '\0';
	free(tag);
	free(page);
	return out;
}

/* The page a URL names ("/" and "/index.html": "index"), laid out from
 * the current site with the reload script; NULL when the site has no such
 * page (or its templates failed: the file written last is served). */
static char *page(server *s, const char *url, size_t *len)
{
	size_t n = strlen(url);
	char *name = NULL;
	if (strcmp(url, "/") == 0)
		name = xstrdup("index");
	else if (str_ends(url, ".html") && n > 6)
		name = xstrndup(url + 1, n - 6);
	if (!name)
		return NULL;
	pthread_mutex_lock(&s->site_lock);
	char *text = s->cur ? html_page_text(s->cur->h, name, len) : NULL;
	pthread_mutex_lock(&s->lock);
	long ver = s->version;
	pthread_mutex_unlock(&s->lock);
	pthread_mutex_unlock(&s->site_lock);
	free(name);
	return text ? inject(text, len, ver) : NULL;
}

static enum MHD_Result file(server *s, struct MHD_Connection *c, const char *url)
{
	if (!safe_path(url))
		return not_found(c);
	size_t plen;
	char *text = page(s, url, &plen);
	if (text)
		return reply(c, MHD_HTTP_OK, "text/html; charset=utf-8", text, plen);
	char *path = xasprintf("%s%s%s", s->htmldir, url, str_ends(url, "/") ? "index.html" : "");
	/* the file itself, resolved, must still be inside the site */
	char real[PATH_MAX];
	struct stat st;
	size_t hl = strlen(s->htmldir);
	if (!realpath(path, real) || strncmp(real, s->htmldir, hl) != 0 || real[hl] != '/' ||
	    stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
		free(path);
		return not_found(c);
	}
	free(path);
	size_t len;
	char *data = read_file(real, &len);
	if (!data)
		return not_found(c);
	const char *type = content_type(real);
	if (str_ends(real, ".html")) {
		pthread_mutex_lock(&s->lock);
		long ver = s->version;
		pthread_mutex_unlock(&s->lock);
		data = inject(data, &len, ver);
	}
	return reply(c, MHD_HTTP_OK, type, data, len);
}

/* Whether Host names this machine: 127.0.0.1, localhost or [::1], with
 * any port. A page elsewhere that rebinds its own name to 127.0.0.1 (DNS
 * rebinding) sends its own name, and is refused. */
static int local_host(const char *host)
{
	if (!host)
		return 0;
	static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		size_t n = strlen(names[i]);
		if (strncasecmp(host, names[i], n) != 0)
			continue;
		const char *p = host + n;
		if (!*p)
			return 1;
		if (*p++ != ':' || !*p)
			continue;
		while (*p >= '0' && *p <= '9')
			p++;
		if (!*p)
			return 1;
	}
	return 0;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *ver, const char *upload, size_t *upload_size, void **con_cls)
{
	(void)ver;
	(void)upload;
	(void)upload_size;
	(void)con_cls;
	server *s = cls;
	if (!local_host(mhd.lookup_connection_value(c, MHD_HEADER_KIND, "Host")))
		return reply(c, MHD_HTTP_FORBIDDEN, "text/plain; charset=utf-8", xstrdup("svcbook serve answers localhost only\n"), 37);
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", xstrdup("GET only\n"), 9);
	if (strcmp(url, LIVE_PREFIX "version") == 0)
		return version(s, c);
	if (strcmp(url, LIVE_PREFIX "live.js") == 0)
		return reply(c, MHD_HTTP_OK, "text/javascript; charset=utf-8", xstrdup(live_js), sizeof live_js - 1);
	return file(s, c, url);
}

/* ---- Watching ---- */

/* Folder depth watched below the book: a book is a few levels deep. */
#define WATCH_DEPTH 8

/* Watches dir and its sub-folders (not hidden ones, not the output). */
static void watch_tree(int fd, const char *dir, const char *skip, int depth)
{
	char real[PATH_MAX];
	if (depth > WATCH_DEPTH)
		return;
	if (realpath(dir, real) && skip && strcmp(real, skip) == 0)
		return;
	inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
	                               IN_DELETE_SELF | IN_ATTRIB | IN_ONLYDIR);
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || e->d_type != DT_DIR)
			continue;
		char *sub = xasprintf("%s/%s", dir, e->d_name);
		watch_tree(fd, sub, skip, depth + 1);
		free(sub);
	}
	closedir(d);
}

/* Reads what inotify has; 1 when something happened. */
static int drain(int fd)
{
	char ev[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	int any = 0;
	for (;;) {
		ssize_t n = read(fd, ev, sizeof ev);
		if (n <= 0)
			return any;
		any = 1;
	}
}

/* Whether the book changed again (inotify has news, left for the loop). */
static int changed_again(void *arg)
{
	struct pollfd p = {*(int *)arg, POLLIN, 0};
	return poll(&p, 1, 0) > 0;
}

/* Waits for changes and rebuilds until a signal arrives. */
static void watch_loop(server *s)
{
	char out_real[PATH_MAX];
	const char *skip = realpath(s->outdir, out_real) ? out_real : NULL;
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "svcbook: cannot watch the book (inotify: %s); serving without rebuilds\n", strerror(errno));
	} else {
		watch_tree(fd, s->bookdir, skip, 0);
	}
	struct pollfd p[2] = {{stop_pipe[0], POLLIN, 0}, {fd, POLLIN, 0}};
	for (;;) {
		if (poll(p, fd >= 0 ? 2 : 1, -1) < 0 && errno != EINTR)
			break;
		if (p[0].revents)
			break;
		if (fd < 0 || !(p[1].revents & POLLIN) || !drain(fd))
			continue;
		/* quiet for DEBOUNCE_MS, then rebuild */
		while (poll(&p[1], 1, DEBOUNCE_MS) > 0 && drain(fd))
			;
		/* new folders (a new roles/ say) are watched from now on */
		watch_tree(fd, s->bookdir, skip, 0);
		drain(fd);
		rebuild(s, changed_again, &fd);
	}
	if (fd >= 0)
		close(fd);
}

/* ---- The command ---- */

static struct MHD_Daemon *listen_local(server *s, unsigned port, unsigned *bound)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct MHD_Daemon *d = mhd.start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION,
	                                        (uint16_t)port, NULL, NULL, handle, s,
	                                        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&a,
	                                        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(LONG_POLL_S + 10),
	                                        MHD_OPTION_END);
	if (!d)
		return NULL;
	const union MHD_DaemonInfo *i = mhd.get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	*bound = i ? i->port : port;
	return d;
}

int serve_run(const char *bookdir, const char *outdir, unsigned port, int color)
{
	server s;
	memset(&s, 0, sizeof s);
	if (open_mhd() != 0)
		return EXIT_USAGE;
	s.bookdir = bookdir;
	s.color = color;
	s.datadir = cli_datadir();
	if (outdir) {
		s.outdir = xstrdup(outdir);
	} else {
		char tmpl[] = "/tmp/svcbook-serve-XXXXXX";
		if (!mkdtemp(tmpl)) {
			fprintf(stderr, "svcbook: cannot create a temporary folder: %s\n", strerror(errno));
			free(s.datadir);
			return EXIT_USAGE;
		}
		s.outdir = xstrdup(tmpl);
		s.own_outdir = 1;
	}
	/* Each rebuild allocates what the last one freed: kept in the heap
	 * (not trimmed, not mmapped and unmapped), its pages are still mapped;
	 * new pages cost more than the parsing on this kind of machine (the
	 * 10 MB book's read: 0.48 -> 0.2 s of CPU from the second rebuild on). */
	mallopt(M_MMAP_THRESHOLD, 256 << 20);
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
	pthread_mutex_init(&s.lock, NULL);
	pthread_mutex_init(&s.site_lock, NULL);
	pthread_cond_init(&s.changed, NULL);
	int rc = EXIT_USAGE;
	struct MHD_Daemon *d = NULL;
	rebuild(&s, NULL, NULL);
	char real[PATH_MAX];
	char *html = xasprintf("%s/html", s.outdir);
	if (strcmp(s.state, "failed") == 0 || !realpath(html, real)) {
		fprintf(stderr, "svcbook: the book could not be built; nothing to serve\n");
		free(html);
		goto done;
	}
	free(html);
	s.htmldir = xstrdup(real);
	if (pipe2(stop_pipe, O_CLOEXEC) != 0)
		goto done;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	unsigned bound = 0;
	d = listen_local(&s, port, &bound);
	if (!d) {
		fprintf(stderr, "svcbook: cannot listen on 127.0.0.1:%u (in use? try --port 0)\n", port);
		goto done;
	}
	printf("svcbook: serving %s on http://127.0.0.1:%u/ (output in %s); Ctrl-C ends\n", bookdir, bound, s.outdir);
	fflush(stdout);
	watch_loop(&s);
	rc = EXIT_OK;
done:
	if (d)
		mhd.stop_daemon(d);
	site_close(s.cur);
	if (s.own_outdir)
		output_remove_tree(s.outdir);
	if (stop_pipe[0] >= 0) {
		close(stop_pipe[0]);
		close(stop_pipe[1]);
	}
	pthread_cond_destroy(&s.changed);
	pthread_mutex_destroy(&s.lock);
	pthread_mutex_destroy(&s.site_lock);
	free(s.outdir);
	free(s.htmldir);
	free(s.datadir);
	free(s.state);
	free(s.diagnostics);
	return rc;
}

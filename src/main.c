/* main.c - the svcbook command line: build, lint, help. */
#include "audit.h"
#include "backend.h"
#include "auditout.h"
#include "book.h"
#include "checklist.h"
#include "cli.h"
#include "diag.h"
#include "diagid.h"
#include "diff.h"
#include "rolediff.h"
#include "dump.h"
#include "history.h"
#include "hugeheap.h"
#include "i18n.h"
#include "lint.h"
#include "lintcmd.h"
#include "manifest.h"
#include "obligtab.h"
#include "newbook.h"
#include "output.h"
#include "plan.h"
#include "reader.h"
#include "report.h"
#include "reread.h"
#include "rolebook.h"
#include "roleindex.h"
#include "serve.h"
#include "thread.h"
#include "trust.h"
#include "util.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>



static const char *usage_main =
	N_("usage: svcbook COMMAND [ARGS]\n"
	"\n"
	"Compiles a customer-service standards book written in Markdown into an\n"
	"HTML site and a DocBook 5 document, and checks it.\n"
	"\n"
	"commands:\n"
	"  build [BOOKDIR] [-o OUTDIR]   write OUTDIR/html/ and OUTDIR/docbook/book.xml\n"
	"  lint [BOOKDIR]                check the book and print diagnostics\n"
	"  diff OLD NEW [--format F]     what changed between two versions, by role\n"
	"  serve [BOOKDIR] [--port N]    live preview on 127.0.0.1, rebuilt on change\n"
	"  new DIR [--lang en|ru]        write a starter book into a new folder\n"
	"  dump [BOOKDIR]                print the book model as svcbook reads it\n"
	"  reread [BOOKDIR] [--acks F]   who must re-read the book since the version they signed\n"
	"  audit [BOOKDIR] RESULTS.csv   score audit results per employee and department\n"
	"  help [COMMAND]                show help for a command\n"
	"\n"
	"options:\n"
	"  -h, --help       show this help\n"
	"  -V, --version    show the version\n"
	"\n"
	"Exit status: 0 success, 1 errors in the book, 2 unusable input or arguments.\n");

/* build's help: the head, a line per format (backend.h), the rest */
static const char *usage_build =
	N_("usage: svcbook build [BOOKDIR] [-o OUTDIR] [--format html|docbook|epub] [--validate]\n"
	"                     [--role ID|all] [--no-history] [--trust-book]\n"
	"\n"
	"Reads the book in BOOKDIR (default .) and writes OUTDIR (default out):\n");

static const char *usage_build_tail =
	N_("  OUTDIR/audit/                with the HTML: per role a printable checklist\n"
	"                               (audit-ROLE.html), a CSV sheet, checklists.xlsx\n"
	"  OUTDIR/manifest.json         per role: its clauses, a fingerprint of its duties\n"
	"Each part is written atomically: a failed build leaves the old output.\n"
	"The output it replaces waits in OUTDIR/.svcbook-spare/ for the next build\n"
	"to reuse its files (a file linked elsewhere is never reused).\n"
	"\n"
	"options:\n"
	"  -o, --output OUTDIR   where to write (default out)\n"
	"  -f, --format FORMAT   html, docbook or epub: write only those parts (a list\n"
	"                        with commas, or the option again, for more than one);\n"
	"                        without it, html and docbook\n"
	"  -r, --role ID         write the onboarding book of one role instead: general\n"
	"                        provisions, principles, the role's standard, the stages\n"
	"                        it owns, its appearance and the terms those use\n"
	"      --role all        one onboarding book per role, in OUTDIR/roles/ID/, and\n"
	"                        OUTDIR/roles/index.html listing them\n"
	"      --validate        check the DocBook against the DocBook 5.0 RELAX NG schema\n"
	"      --trust-book      apply the book's own templates/ (its markup, style and\n"
	"                        scripts) and unsafe_html; without it (and without\n"
	"                        SVCBOOK_TRUST_BOOK=1) they are ignored, with a warning\n"
	"      --no-history      leave out the revision history read from git (also:\n"
	"                        SVCBOOK_NO_HISTORY set)\n"
	"      --no-color        never colour diagnostics (also: NO_COLOR set)\n"
	"\n"
	"Diagnostics go to standard error as file:line:col: severity: message [rule].\n"
	"Exit status: 0 clean, 1 when errors were reported (the book is still\n"
	"written), 2 for unusable input or arguments.\n");

static void put_usage_build(FILE *f)
{
	fputs(_(usage_build), f);
	for (size_t k = 0; k < nbackends; k++)
		fprintf(f, "  %s\n", _(backends[k].writes));
	fputs(_(usage_build_tail), f);
}

static const char *usage_diff =
	N_("usage: svcbook diff OLD NEW [--format text|markdown|json]\n"
	"\n"
	"Compares two versions of a book (two folders) by their ids: clauses\n"
	"added, removed, changed, retitled or moved; terms added, removed or\n"
	"redefined; roles added or removed; stage owners and the roles of\n"
	"appearance sections changed. Renumbering alone is no change. Each\n"
	"change names the roles it affects. See docs/diff.md.\n"
	"\n"
	"options:\n"
	"  -f, --format FORMAT   text (default), markdown (a pull-request comment:\n"
	"                        a summary per role, then word-level diffs) or json\n"
	"      --no-color        never colour diagnostics (also: NO_COLOR set)\n"
	"\n"
	"Exit status: 0 the books are the same, 1 they differ, 2 unusable input\n"
	"or arguments (as diff(1)).\n");

static const char *usage_dump =
	N_("usage: svcbook dump [BOOKDIR] [--no-color]\n"
	"\n"
	"Prints the book model of BOOKDIR (default .) as svcbook reads it, one\n"
	"line per object (chapters, clauses, terms, roles, stages, references),\n"
	"each clause followed by its obligations (strength, deadline, place),\n"
	"for checking how a book was understood; diagnostics of reading go to\n"
	"standard error. No rule runs.\n"
	"\n"
	"options:\n"
	"      --no-color        never colour diagnostics (also: NO_COLOR set)\n"
	"\n"
	"Exit status: 0, 1 errors found while reading, 2 unusable input or\n"
	"arguments.\n");

static const char *usage_serve =
	N_("usage: svcbook serve [BOOKDIR] [--port N] [-o OUTDIR]\n"
	"\n"
	"Builds the HTML of the book in BOOKDIR (default .), serves it on\n"
	"http://127.0.0.1:N/ and rebuilds it whenever a source changes; open\n"
	"pages reload by themselves and show the lint diagnostics, which are\n"
	"also printed here. A change that breaks the book keeps the last good\n"
	"pages served. Ctrl-C ends.\n"
	"\n"
	"options:\n"
	"  -p, --port N          the port (default 3000; 0 picks a free one)\n"
	"  -o, --output OUTDIR   build there (default: a temporary folder, removed\n"
	"                        at the end)\n"
	"      --no-color        never colour diagnostics (also: NO_COLOR set)\n"
	"\n"
	"Exit status: 0 after Ctrl-C or SIGTERM, 2 when the book cannot be built\n"
	"at the start or the port cannot be used.\n");

static const char *usage_reread =
	N_("usage: svcbook reread [BOOKDIR] [--acks FILE] [--format text|json|csv] [--bom]\n"
	"\n"
	"Reads the acknowledgements (default BOOKDIR/acks.csv: person,role,version,signed)\n"
	"and lists each person whose role's obligations changed since the version\n"
	"they signed, with the clauses that changed and how (stronger, weaker,\n"
	"mixed, editorial). Signed versions are found in the book's git history.\n"
	"Only a person's latest signature for a role counts.\n"
	"\n"
	"options:\n"
	"  -a, --acks FILE       the acknowledgements (CSV, or an .xlsx workbook, with\n"
	"                        a header row)\n"
	"  -f, --format FORMAT   text (default, the list to print), json or csv\n"
	"      --bom             start the CSV with a UTF-8 byte order mark, which\n"
	"                        Excel needs to read it as UTF-8\n"
	"      --no-color        never colour diagnostics (also: NO_COLOR set)\n"
	"\n"
	"Exit status: 0 nobody must re-read, 1 someone must, 2 unusable input\n"
	"(every bad line of the file named at file:line:col) or arguments.\n");

static const char *usage_new =
	N_("usage: svcbook new DIR [--lang en|ru]\n"
	"\n"
	"Writes a starter book into DIR (which must not exist or be empty):\n"
	"book.lua, the five chapters, a customer journey with two stages, two\n"
	"roles and an appearance chapter, with comments that explain the format.\n"
	"It builds and lints clean; edit it into your own standards.\n"
	"\n"
	"options:\n"
	"  -l, --lang LANG   the book's language: en (default) or ru\n"
	"\n"
	"Exit status: 0 written, 2 when DIR is not empty or cannot be written.\n");

typedef struct {
	const char *bookdir;
	const char *outdir;
	unsigned formats;   /* bit k: backends[k] is written (--format, else the defaults) */
	int formats_given;
	int validate;
	int color;
	const char *role;   /* --role: an id, "all", or NULL for the full book */
	int no_history;     /* --no-history (or SVCBOOK_NO_HISTORY set) */
	int trust_book;     /* --trust-book (or SVCBOOK_TRUST_BOOK=1) */
} options;

static int wants(const options *o, size_t k)
{
	return (o->formats >> k) & 1u;
}

static int wants_named(const options *o, const char *name)
{
	int k = backend_find(name);
	return k >= 0 && wants(o, (size_t)k);
}

/* One part of a build: a backend's folder and its state. */
typedef struct {
	output_part out;
	int began;  /* out was begun */
	void *st;   /* the backend's, NULL when not begun or failed */
	int rc;
} part;

/* What the second thread does in a build (backend.h): the early backends'
 * beside() while the main thread runs the rules (the DocBook, the EPUB),
 * then, once the main thread has begun the others (html_begin plans the
 * site, on the main thread because of Lua), their beside() (the HTML's
 * bodies) and then every after() (the HTML's search index, from the
 * stems the bodies took) while the main thread runs their write(). No
 * thread waits for another but at the end: the model is frozen when
 * reading ends (xref_mark gives every reference link its address,
 * xref.c settle_strings leaves nothing for a read to change), and every
 * backend only reads it. The trees are the model's largest part (some 6
 * bytes per byte of Markdown) and beside() reads them last (write() reads
 * none, nor does after()): when no one reads them after this output, the
 * second thread frees them as soon as its last beside() is done, while
 * the main thread still lays out pages, which lowers a build's peak
 * memory. */
typedef struct {
	part *parts;         /* per backend */
	diag_list *d;        /* the worker's own; moved into b->diags after */
	thread_gate gate;
	int late_posted;     /* the others are begun (or failed) */
	book *drop;          /* its trees are freed after the last beside(), or NULL */
} parts_work;

static void run_beside(parts_work *w, int early)
{
	for (size_t k = 0; k < nbackends; k++)
		if (backends[k].early == early && w->parts[k].st && backends[k].beside)
			backends[k].beside(w->parts[k].st, w->d);
}

/* The backends' after(), once the trees are freed (if they are). */
static void run_after(parts_work *w)
{
	for (size_t k = 0; k < nbackends; k++)
		if (w->parts[k].st && backends[k].after)
			backends[k].after(w->parts[k].st, w->d);
}

static void *work_beside(void *arg)
{
	parts_work *w = arg;
	run_beside(w, 1);
	thread_await(&w->gate, &w->late_posted);
	run_beside(w, 0);
	if (w->drop)
		book_drop_trees(w->drop);
	run_after(w);
	return NULL;
}

/* Begins backend k's part of view v (planned: pl) in OUTDIR; drop: b when
 * k's beside() is the last to read the trees, which it may then free. */
static void begin_part(book *b, const options *o, const book_view *v, const plan *pl, const char *datadir, size_t k,
		       part *p, book *drop)
{
	p->began = output_begin(&p->out, o->outdir, backends[k].name, b->diags) == 0;
	if (!p->began)
		return;
	backend_args a = {.b = b, .v = v, .p = pl, .dir = p->out.tmp, .datadir = datadir, .validate = o->validate,
			  .exiting = 1, .drop = drop};
	p->st = backends[k].begin(&a, b->diags);
}

/* What a full book's build writes after its parts: OUTDIR/audit (the
 * checklists, FORMAT.md 10, beside the HTML) and OUTDIR/manifest.json.
 * Both only read the frozen book and its obligations table, so they are
 * made on a thread of their own while write_parts writes the parts (a
 * core is then always busy; alone after the parts they had one core
 * idle), each into a temporary folder or file with diagnostics of its
 * own. write_parts puts them in place after the parts as if made then,
 * one after the other: the audit only when no fatal diagnostic came
 * before, the manifest only when none came before it either; each one's
 * diagnostics after everything before it. */
typedef struct {
	const book *b;
	const char *outdir;
	int audit;          /* OUTDIR/audit is wanted: the HTML is */
	pthread_t t;
	int state;          /* 0 not begun, 1 being made on t, 2 made */
	atomic_int stop;    /* a fatal diagnostic came: what is left is not made */
	auditout_made am;
	diag_list *ad;      /* the audit's, moved into b->diags at its commit */
	manifest_made mm;
	diag_list *md;      /* the manifest's */
} tail_work;

static void tail_init(tail_work *t, const book *b, const options *o)
{
	memset(t, 0, sizeof *t);
	t->b = b;
	t->outdir = o->outdir;
	t->audit = wants_named(o, "html");
	t->ad = diag_list_new();
	t->md = diag_list_new();
}

static void *make_tail(void *arg)
{
	tail_work *t = arg;
	if (t->audit && !atomic_load(&t->stop)) {
		checklist_set *s = checklist_build(t->b);
		auditout_make(s, t->outdir, 1, &t->am, t->ad);
		checklist_free(s);
	}
	if (!atomic_load(&t->stop))
		manifest_make(t->b, t->outdir, &t->mm, t->md);
	return NULL;
}

/* The tail's own thread. What it frees stays in its malloc arena, which
 * the HTML's writer thread takes over (join_tail). Not given back with
 * malloc_trim: that trims every arena, cutting holes in huge pages that
 * were then faulted in again 4 KiB at a time (1 700 faults, 40 ms of the
 * 10 MB bench book's build), for no lower peak. */
static void *tail_thread(void *arg)
{
	make_tail(arg);
	return NULL;
}

/* Returns once the tail is made: on its thread, or here when no thread
 * could be had. */
static void join_tail(tail_work *t)
{
	if (t->state == 1)
		pthread_join(t->t, NULL);
	else if (t->state == 0)
		make_tail(t);
	t->state = 2;
}

/* Puts the tail in place; 1 when something was. */
static int finish_tail(book *b, tail_work *t)
{
	if (diag_worst(b->diags) >= SEV_FATAL)
		atomic_store(&t->stop, 1);
	join_tail(t);
	int any = 0;
	if (t->audit && diag_worst(b->diags) < SEV_FATAL) {
		diag_move(b->diags, t->ad);
		any |= auditout_commit(&t->am, b->diags) == 0 && t->b->nroles;
	} else {
		auditout_abort(&t->am);
	}
	if (diag_worst(b->diags) < SEV_FATAL && manifest_replaceable(t->outdir, b->diags) == 0) {
		diag_move(b->diags, t->md);
		any |= manifest_commit(&t->mm, b->diags) == 0;
	} else {
		manifest_abort(&t->mm);
	}
	diag_list_free(t->ad);
	diag_list_free(t->md);
	return any;
}

/* Makes OUTDIR if need be and removes what a killed build left there
 * (its parts' temporary folders, a manifest being written): a build
 * killed at any point leaves nothing the next one does not take away. */
static int prepare_outdir(const options *o, diag_list *d)
{
	static const char *const beside[] = {MANIFEST_NAME, NULL};
	if (output_prepare(o->outdir, d) != 0)
		return -1;
	output_sweep(o->outdir, beside);
	return 0;
}

/* Writes the parts of OUTDIR asked for (backend.h) for view v, the rules
 * first when run_rules (so the early parts are written while they run).
 * Three threads: this one runs the rules and the backends' begin() and
 * write() (Lua stays on it), a second their beside(), and the HTML's
 * writer its own; tail (NULL: none), the audit and the manifest, a fourth.
 * The result is that of running the rules, then writing each part in the
 * table's order, then the tail: nothing is committed after a fatal
 * diagnostic, each part only when written whole and the parts before it
 * were too; an output folder made for nothing is removed (only if empty).
 * last: nothing reads the trees after these parts, which may free them
 * (the tail does not read them). */
static void write_parts(book *b, const options *o, const book_view *v, const char *datadir, int run_rules, int last,
			tail_work *tail)
{
	struct stat st;
	int existed = stat(o->outdir, &st) == 0;
	if (prepare_outdir(o, b->diags) != 0) {
		if (run_rules)
			lint_book(b, datadir);
		if (tail)
			finish_tail(b, tail);
		return;
	}
	if (tail)
		tail->state = thread_try(&tail->t, tail_thread, tail);
	/* What v shows, planned once for every part (plan.h: the plan is
	 * only read, by any thread), not once by each backend. */
	plan *pl = plan_new(b, v);
	parts_work w;
	memset(&w, 0, sizeof w);
	w.d = diag_list_new();
	w.parts = xcalloc(nbackends, sizeof *w.parts);
	w.drop = last ? b : NULL;
	/* the last beside() to run (the early ones run first) */
	size_t last_beside = nbackends;
	for (int early = 1; early >= 0; early--)
		for (size_t k = 0; k < nbackends; k++)
			if (wants(o, k) && backends[k].early == early && backends[k].beside)
				last_beside = k;
	for (size_t k = 0; k < nbackends; k++)
		if (wants(o, k) && backends[k].early)
			begin_part(b, o, v, pl, datadir, k, &w.parts[k], k == last_beside ? w.drop : NULL);
	thread_gate_init(&w.gate);
	pthread_t t;
	int threaded = thread_try(&t, work_beside, &w);
	if (run_rules)
		lint_book(b, datadir);
	/* the obligations table, begun before, reads the sources and the
	 * trees until made (the rules made it, unless none read it) */
	if (b->obligations)
		oblig_table_end((oblig_table *)b->obligations);
	if (run_rules)
		book_drop_sources(b);
	int rules_ok = diag_worst(b->diags) < SEV_FATAL;
	if (tail && !rules_ok)
		atomic_store(&tail->stop, 1);
	if (!threaded)
		run_beside(&w, 1);
	for (size_t k = 0; k < nbackends && rules_ok; k++) {
		if (!wants(o, k) || backends[k].early)
			continue;
		begin_part(b, o, v, pl, datadir, k, &w.parts[k], k == last_beside ? w.drop : NULL);
	}
	thread_raise(&w.gate, &w.late_posted);
	/* The tail, begun with the rules, is made by now (if not, the second
	 * thread and it keep both cores busy meanwhile): waited for here, so
	 * that the HTML's writer thread takes over its malloc arena instead
	 * of making a fourth (6 MB more peak memory). */
	if (tail && rules_ok)
		join_tail(tail);
	if (!threaded) {
		run_beside(&w, 0);
		if (w.drop)
			book_drop_trees(b);
		run_after(&w);
	}
	for (size_t k = 0; k < nbackends; k++)
		if (!backends[k].early && w.parts[k].st && backends[k].write)
			w.parts[k].rc = backends[k].write(w.parts[k].st);
	if (threaded)
		pthread_join(t, NULL);
	for (size_t k = 0; k < nbackends; k++) {
		part *p = &w.parts[k];
		int end = p->st ? backends[k].end(p->st) : -1;
		if (p->rc == 0)
			p->rc = end;
	}
	plan_free(pl); /* after every part: a site kept for the exit (backend.c) reads it no more */
	diag_move(b->diags, w.d);
	diag_list_free(w.d);
	thread_gate_free(&w.gate);
	int any = 0, ok_so_far = rules_ok;
	for (size_t k = 0; k < nbackends; k++) {
		part *p = &w.parts[k];
		if (!wants(o, k))
			continue;
		int ok = ok_so_far && p->st && p->rc == 0;
		if (p->began && ok)
			output_commit(&p->out, b->diags);
		else if (p->began)
			output_abort(&p->out);
		any |= p->began && ok;
		ok_so_far = ok;
	}
	free(w.parts);
	if (tail)
		any |= finish_tail(b, tail);
	if (!existed && !any)
		rmdir(o->outdir); /* made above for nothing; only if still empty */
}

/* One role's book into dir/NAME for each part asked for (dir exists),
 * one part after another; x: the book's rolebook_index. */
static int write_role_into(book *b, const options *o, const rolebook_index *x, int r, const char *dir,
			   const char *datadir)
{
	book_view v;
	rolebook_view_in(x, r, &v);
	plan *pl = plan_new(b, &v); /* one for the role's parts */
	int rc = 0;
	for (size_t k = 0; k < nbackends && rc == 0; k++) {
		if (!wants(o, k))
			continue;
		char *d = xasprintf("%s/%s", dir, backends[k].name);
		backend_args a = {.b = b, .v = &v, .p = pl, .dir = d, .datadir = datadir, .validate = o->validate,
				  .exiting = 0};
		rc = mkdir(d, 0755) != 0 || backend_run(k, &a, b->diags) != 0 ? -1 : 0;
		free(d);
	}
	plan_free(pl);
	rolebook_view_free(&v);
	return rc;
}

/* --role all: OUTDIR/roles/ID/{html,docbook,...} for every role, swapped in
 * as one part, so the set of role books is never half old, half new. */
static void write_all_roles(book *b, const options *o, const char *datadir)
{
	output_part p;
	if (output_begin(&p, o->outdir, "roles", b->diags) != 0)
		return;
	rolebook_index *x = rolebook_index_new(b);
	for (size_t r = 0; r < b->nroles; r++) {
		char *dir = xasprintf("%s/%s", p.tmp, b->roles[r].id);
		int rc = mkdir(dir, 0755) != 0 ? -1 : write_role_into(b, o, x, (int)r, dir, datadir);
		if (rc != 0 && diag_worst(b->diags) < SEV_FATAL)
			diag_add(b->diags, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), NULL,
				 "cannot write the book of role '%s' in '%s'",
			         b->roles[r].id, o->outdir);
		free(dir);
		if (rc != 0) {
			rolebook_index_free(x);
			output_abort(&p);
			return;
		}
	}
	rolebook_index_free(x);
	if (roleindex_write(b, p.tmp, wants_named(o, "html"), wants_named(o, "docbook"), wants_named(o, "epub"),
	                    b->diags) != 0) {
		output_abort(&p);
		return;
	}
	output_commit(&p, b->diags);
}

/* The ids of the book's roles, "a, b, c", for a message. */
static char *role_list(const book *b)
{
	buf l;
	buf_init(&l);
	for (size_t r = 0; r < b->nroles; r++)
		buf_printf(&l, "%s%s", r ? ", " : "", b->roles[r].id);
	if (!b->nroles)
		buf_puts(&l, "none: the book has no roles/*.md");
	return buf_detach(&l);
}

/* build --role ID|all, after the rules */
static void write_role_output(book *b, const options *o, const char *datadir)
{
	if (strcmp(o->role, "all") == 0) {
		write_all_roles(b, o, datadir);
		return;
	}
	int r = rolebook_find(b, o->role);
	if (r < 0) {
		char *known = role_list(b);
		diag_add(b->diags, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_INPUT), NULL, "no role has the id '%s' (roles: %s)",
			 o->role, known);
		free(known);
		return;
	}
	book_view v;
	rolebook_view(b, r, &v);
	write_parts(b, o, &v, datadir, 0, 0, NULL);
	rolebook_view_free(&v);
}

/* --format F[,F...], given once or more: those parts alone. */
static int parse_formats(const char *arg, options *o)
{
	if (!o->formats_given)
		o->formats = 0;
	o->formats_given = 1;
	char *list = xstrdup(arg);
	int rc = 0;
	for (char *save = NULL, *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		int k = backend_find(w);
		if (k < 0)
			rc = -1;
		else
			o->formats |= 1u << k;
	}
	free(list);
	return o->formats ? rc : -1;
}

static int parse_common(const char *cmd, int argc, char **argv, options *o, int allow_output)
{
	int rc;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			if (strcmp(cmd, "build") == 0)
				put_usage_build(stdout);
			else
				fputs(_(usage_dump), stdout);
			exit(EXIT_OK);
		} else if (allow_output && (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)) {
			if (++i >= argc)
				return cli_usage_error(cmd, "option %s needs a folder", a);
			o->outdir = argv[i];
		} else if (allow_output && (strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0)) {
			if (++i >= argc || parse_formats(argv[i], o) != 0) {
				char *names = backend_names();
				if (i >= argc)
					rc = cli_usage_error(cmd, "option %s needs %s", a, names);
				else
					rc = cli_usage_error(cmd, "unknown format '%s' (use %s)", argv[i], names);
				free(names);
				return rc;
			}
		} else if (allow_output && (strcmp(a, "-r") == 0 || strcmp(a, "--role") == 0)) {
			if (++i >= argc || !*argv[i])
				return cli_usage_error(cmd, "option %s needs a role id or all", a);
			o->role = argv[i];
		} else if (allow_output && strcmp(a, "--validate") == 0) {
			o->validate = 1;
		} else if (allow_output && strcmp(a, "--trust-book") == 0) {
			o->trust_book = 1;
		} else if (allow_output && strcmp(a, "--no-history") == 0) {
			o->no_history = 1;
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

/* The model and the rule engine of build and lint live until the process
 * ends: freeing a large book node by node costs about a tenth of a lint run
 * and gives the memory back to no one. They stay reachable from here, so
 * leak checkers (LeakSanitizer, valgrind) do not count them as leaks. */
static book *volatile kept_book;
static lint_ctx *volatile kept_lint;

static void keep_until_exit(book *b, lint_ctx *c)
{
	kept_book = b;
	kept_lint = c;
}

static int cmd_build(int argc, char **argv)
{
	options o = {NULL, "out", 0, 0, 0, cli_use_color(), NULL, 0, 0};
	for (size_t k = 0; k < nbackends; k++)
		o.formats |= (unsigned)backends[k].by_default << k;
	int rc = parse_common("build", argc, argv, &o, 1);
	if (rc != EXIT_OK)
		return rc;
	hugeheap_begin(o.bookdir);
	trust_set(o.trust_book);
	book *b = reader_read(o.bookdir);
	char *datadir = cli_datadir();
	if (diag_worst(b->diags) < SEV_FATAL) {
		trust_apply(b, trust_wanted(o.trust_book));
		output_check_place(o.outdir, o.bookdir, b->diags);
	}
	/* the revision history is the full book's (FORMAT.md 9) */
	static history h; /* kept with the book until the process exits */
	const char *nh = getenv("SVCBOOK_NO_HISTORY");
	if (!o.role && !o.no_history && !(nh && *nh) && diag_worst(b->diags) < SEV_FATAL) {
		history_read(o.bookdir, 0, &h, b->diags);
		if (h.n)
			b->history = &h;
	}
	/* found once for the rules, the checklists, the manifest and the
	 * acknowledgement sheets, kept with the book: begun here on a thread
	 * of its own, made by the first of them to read it (and that thread)
	 * while this one plans and begins the parts */
	if (diag_worst(b->diags) < SEV_FATAL)
		b->obligations = oblig_table_begin(b);
	if (!o.role && diag_worst(b->diags) < SEV_FATAL) {
		/* the rules beside the DocBook, then the trees go; the audit and
		 * the manifest (the book's, not one role's), which read the
		 * obligations table, beside both */
		tail_work tail;
		tail_init(&tail, b, &o);
		write_parts(b, &o, NULL, datadir, 1, b->obligations != NULL, &tail);
	} else {
		lint_book(b, datadir);
		if (b->obligations)
			oblig_table_end((oblig_table *)b->obligations); /* it reads the sources */
		book_drop_sources(b);
		if (o.role && diag_worst(b->diags) < SEV_FATAL && prepare_outdir(&o, b->diags) == 0)
			write_role_output(b, &o, datadir);
	}
	if (b->obligations)
		oblig_table_end((oblig_table *)b->obligations); /* when no part did: its thread joined */
	free(datadir);
	rc = cli_finish(b, o.bookdir, o.color);
	keep_until_exit(b, NULL);
	return rc;
}

/* svcbook dump: what the reader understood, one line per object. */
static int cmd_dump(int argc, char **argv)
{
	options o = {NULL, NULL, 0, 0, 0, cli_use_color(), NULL, 0, 0};
	int rc = parse_common("dump", argc, argv, &o, 0);
	if (rc != EXIT_OK)
		return rc;
	book *b = reader_read(o.bookdir);
	if (diag_worst(b->diags) < SEV_FATAL)
		dump_write(b, stdout);
	rc = cli_finish(b, o.bookdir, o.color);
	book_free(b);
	return rc;
}

static int cmd_serve(int argc, char **argv)
{
	const char *dir = NULL, *out = NULL;
	unsigned port = 3000;
	int color = cli_use_color();
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(_(usage_serve), stdout);
			return EXIT_OK;
		} else if (strcmp(a, "-p") == 0 || strcmp(a, "--port") == 0) {
			char *end = NULL;
			long v = ++i < argc ? strtol(argv[i], &end, 10) : -1;
			if (!end || *end || v < 0 || v > 65535)
				return cli_usage_error("serve", "option %s needs a port number, 0 to 65535", a);
			port = (unsigned)v;
		} else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
			if (++i >= argc)
				return cli_usage_error("serve", "option %s needs a folder", a);
			out = argv[i];
		} else if (strcmp(a, "--no-color") == 0) {
			color = 0;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("serve", "unknown option '%s'", a);
		} else if (dir) {
			return cli_usage_error("serve", "more than one book folder given ('%s')", a);
		} else {
			dir = a;
		}
	}
	hugeheap_begin(dir ? dir : ".");
	return serve_run(dir ? dir : ".", out, port, color);
}

/* Reads one side of a diff; NULL (diagnostics printed) when unusable. */
static book *diff_side(const char *dir, int color)
{
	book *b = reader_read(dir);
	if (diag_worst(b->diags) < SEV_FATAL)
		return b;
	cli_finish(b, dir, color);
	book_free(b);
	return NULL;
}

static int cmd_diff(int argc, char **argv)
{
	const char *dirs[2] = {NULL, NULL};
	int ndirs = 0, color = cli_use_color();
	diff_format f = DIFF_TEXT;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(_(usage_diff), stdout);
			return EXIT_OK;
		} else if (strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0) {
			const char *v = ++i < argc ? argv[i] : "";
			if (strcmp(v, "text") == 0)
				f = DIFF_TEXT;
			else if (strcmp(v, "markdown") == 0)
				f = DIFF_MARKDOWN;
			else if (strcmp(v, "json") == 0)
				f = DIFF_JSON;
			else
				return cli_usage_error("diff", "option --format needs text, markdown or json (got '%s')", v);
		} else if (strcmp(a, "--no-color") == 0) {
			color = 0;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("diff", "unknown option '%s'", a);
		} else if (ndirs == 2) {
			return cli_usage_error("diff", "more than two book folders given ('%s')", a);
		} else {
			dirs[ndirs++] = a;
		}
	}
	if (ndirs != 2)
		return cli_usage_error("diff", "%s", _("two book folders needed: OLD and NEW"));
	book *a = diff_side(dirs[0], color);
	book *b = a ? diff_side(dirs[1], color) : NULL;
	if (!a || !b) {
		book_free(a);
		return EXIT_USAGE;
	}
	diff_result r;
	diff_books(a, b, &r);
	diff_write(stdout, f, &r);
	if (f == DIFF_TEXT && rolediff_unbumped(a, b))
		/* the Markdown comment says it in its head; text goes on stderr,
		 * as a warning, leaving the change lines as they are */
		fprintf(stderr, _("svcbook: warning: the obligations changed but the version did not (still %s): "
				  "nobody will be asked to re-read until book.lua's version is raised\n"),
			b->config.version);
	int rc = r.n ? EXIT_ERRORS : EXIT_OK;
	if (fflush(stdout) != 0)
		rc = EXIT_USAGE;
	diff_free(&r);
	book_free(a);
	book_free(b);
	return rc;
}

static int cmd_reread(int argc, char **argv)
{
	const char *dir = NULL, *acks = NULL;
	reread_format f = REREAD_TEXT;
	int color = cli_use_color(), bom = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(_(usage_reread), stdout);
			return EXIT_OK;
		} else if (strcmp(a, "-a") == 0 || strcmp(a, "--acks") == 0) {
			if (++i >= argc || !*argv[i])
				return cli_usage_error("reread", "option %s needs a file", a);
			acks = argv[i];
		} else if (strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0) {
			const char *v = ++i < argc ? argv[i] : "";
			if (strcmp(v, "text") == 0)
				f = REREAD_TEXT;
			else if (strcmp(v, "json") == 0)
				f = REREAD_JSON;
			else if (strcmp(v, "csv") == 0)
				f = REREAD_CSV;
			else
				return cli_usage_error("reread", "option --format needs text, json or csv (got '%s')", v);
		} else if (strcmp(a, "--bom") == 0) {
			bom = 1;
		} else if (strcmp(a, "--no-color") == 0) {
			color = 0;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("reread", "unknown option '%s'", a);
		} else if (dir) {
			return cli_usage_error("reread", "more than one book folder given ('%s')", a);
		} else {
			dir = a;
		}
	}
	if (bom && f != REREAD_CSV)
		return cli_usage_error("reread", "option --bom goes with --format csv");
	return reread_run(dir ? dir : ".", acks, bom ? REREAD_CSV_BOM : f, color);
}

static int cmd_new(int argc, char **argv)
{
	const char *dir = NULL, *lang = "en";
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(_(usage_new), stdout);
			return EXIT_OK;
		} else if (strcmp(a, "-l") == 0 || strcmp(a, "--lang") == 0) {
			if (++i >= argc || (strcmp(argv[i], "en") != 0 && strcmp(argv[i], "ru") != 0))
				return cli_usage_error("new", "option %s needs en or ru", a);
			lang = argv[i];
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("new", "unknown option '%s'", a);
		} else if (dir) {
			return cli_usage_error("new", "more than one folder given ('%s')", a);
		} else {
			dir = a;
		}
	}
	if (!dir)
		return cli_usage_error("new", "%s", _("no folder given"));
	diag_list *d = diag_list_new();
	char *datadir = cli_datadir();
	i18n_book_language(lang);
	int rc = newbook_write(datadir, lang, dir, d) == 0 ? EXIT_OK : EXIT_USAGE;
	diag_print_text(stderr, d, NULL, NULL, cli_use_color());
	if (rc == EXIT_OK)
		printf(_("svcbook: wrote a starter book in %s\nnext: svcbook build %s && svcbook lint %s\n"), dir, dir, dir);
	free(datadir);
	diag_list_free(d);
	return rc;
}

static int cmd_help(int argc, char **argv)
{
	if (argc == 0) {
		fputs(_(usage_main), stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[0], "build") == 0)
		put_usage_build(stdout);
	else if (strcmp(argv[0], "lint") == 0)
		fputs(_(lintcmd_usage), stdout);
	else if (strcmp(argv[0], "new") == 0)
		fputs(_(usage_new), stdout);
	else if (strcmp(argv[0], "diff") == 0)
		fputs(_(usage_diff), stdout);
	else if (strcmp(argv[0], "serve") == 0)
		fputs(_(usage_serve), stdout);
	else if (strcmp(argv[0], "dump") == 0)
		fputs(_(usage_dump), stdout);
	else if (strcmp(argv[0], "reread") == 0)
		fputs(_(usage_reread), stdout);
	else if (strcmp(argv[0], "audit") == 0)
		fputs(audit_usage, stdout);
	else if (strcmp(argv[0], "help") == 0 || strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0)
		fputs(_(usage_main), stdout);
	else
		return cli_usage_error("", "no help for unknown command '%s'", argv[0]);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	LIBXML_TEST_VERSION
	i18n_init();
	int rc;
	if (argc < 2) {
		fputs(_(usage_main), stderr);
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
		rc = lintcmd_run(argc - 2, argv + 2);
	else if (strcmp(cmd, "dump") == 0)
		rc = cmd_dump(argc - 2, argv + 2);
	else if (strcmp(cmd, "new") == 0)
		rc = cmd_new(argc - 2, argv + 2);
	else if (strcmp(cmd, "diff") == 0)
		rc = cmd_diff(argc - 2, argv + 2);
	else if (strcmp(cmd, "serve") == 0)
		rc = cmd_serve(argc - 2, argv + 2);
	else if (strcmp(cmd, "reread") == 0)
		rc = cmd_reread(argc - 2, argv + 2);
	else if (strcmp(cmd, "audit") == 0)
		rc = audit_main(argc - 2, argv + 2);
	else if (strcmp(cmd, "help") == 0)
		rc = cmd_help(argc - 2, argv + 2);
	else {
		/* "biuld": the nearest command, as the rules' hints do */
		static const char *const cmds[] = {"build", "lint", "dump", "new", "diff", "serve", "reread", "audit", "help"};
		nearest_acc a;
		nearest_init(&a, cmd);
		for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
			nearest_offer(&a, cmds[i]);
		fprintf(stderr, _("svcbook: unknown command '%s'\n"), cmd);
		if (a.best)
			fprintf(stderr, _("hint: did you mean 'svcbook %s'?\n"), a.best);
		fputs(_("Try 'svcbook --help'.\n"), stderr);
		rc = EXIT_USAGE;
	}
	xmlCleanupParser();
	return rc;
}

/* manifest.c - OUTDIR/manifest.json: the book's version and, per role, the
 * clauses of its onboarding book and a fingerprint of their obligations,
 * so that HR can tell whose duties a new version changed (reread.c). */
#include "manifest.h"
#include "diagid.h"
#include "escape.h"
#include "oblig.h"
#include "obligtab.h"
#include "output.h"
#include "report.h"
#include "rolebook.h"
#include "util.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Each clause's part of a fingerprint: the sum of its obligations'
 * oblig_item_hash and their number. */
typedef struct {
	uint64_t sum;
	size_t n;
} clause_part;

static clause_part part_of(const book *b, int c)
{
	if (b->obligations) {
		clause_part p = {oblig_table_sum(b->obligations, c), 0};
		p.n = oblig_table_get(b->obligations, c)->n;
		return p;
	}
	oblig_list l = {0};
	oblig_clause(b, c, &l);
	clause_part p = {0, l.n};
	for (size_t i = 0; i < l.n; i++)
		p.sum += oblig_item_hash(&l.v[i]);
	oblig_list_free(&l);
	return p;
}

void manifest_fingerprint(const book *b, const book_view *v, char out[17])
{
	clause_part all = {0, 0};
	for (size_t c = 0; c < b->nclauses; c++) {
		if (v && v->clauses && !v->clauses[c])
			continue;
		clause_part p = part_of(b, (int)c);
		all.sum += p.sum;
		all.n += p.n;
	}
	oblig_fingerprint_finish(all.sum, all.n, out);
}

void manifest_clause_fingerprint(const book *b, int c, char out[17])
{
	clause_part p = part_of(b, c);
	oblig_fingerprint_finish(p.sum, p.n, out);
}

/* What every role's entry is made of, made once for all the roles (a
 * 10 MB book has 283 roles sharing the general provisions): each
 * clause's id as a JSON string after ", " (quotes included, as
 * report_json_str writes it), the ids one after another in the book's
 * order, clause c's text[at[c]] .. text[at[c + 1] - 1]; and the parts of
 * the fingerprints summed in the same order, clauses 0 .. c - 1 in
 * sum[c] and n[c]. A run of clauses a role's book holds one after
 * another (the general provisions: thousands) is then one copy and one
 * subtraction, not a look at each clause. */
typedef struct {
	char *text;
	size_t *at;
	uint64_t *sum; /* wraps as oblig_fingerprint_finish's sum does */
	size_t *n;
} role_parts;

static role_parts parts_new(const book *b)
{
	role_parts x;
	size_t nc = b->nclauses;
	x.at = xcalloc(nc + 1, sizeof *x.at);
	x.sum = xcalloc(nc + 1, sizeof *x.sum);
	x.n = xcalloc(nc + 1, sizeof *x.n);
	buf t;
	buf_init(&t);
	for (size_t c = 0; c < nc; c++) {
		x.at[c] = t.len;
		buf_put(&t, ", ", 2);
		esc_json(&t, b->clauses[c].id, ESC_JSON_SHORT | ESC_JSON_CLEAN);
		clause_part p = part_of(b, (int)c);
		x.sum[c + 1] = x.sum[c] + p.sum;
		x.n[c + 1] = x.n[c] + p.n;
	}
	x.at[nc] = t.len;
	x.text = buf_detach(&t);
	return x;
}

static void parts_free(role_parts *x)
{
	free(x->text);
	free(x->at);
	free(x->sum);
	free(x->n);
}

/* One role's entry: {"id", "name", "clauses": [...], "fingerprint"}, made
 * in o (a million stdio calls fewer). */
static void put_role(buf *o, const book *b, const rolebook_index *x, int r, const role_parts *parts)
{
	book_view v;
	rolebook_view_in(x, r, &v);
	buf_puts(o, "    {\"id\": ");
	esc_json(o, b->roles[r].id, ESC_JSON_SHORT | ESC_JSON_CLEAN);
	buf_puts(o, ", \"name\": ");
	esc_json(o, b->roles[r].name, ESC_JSON_SHORT | ESC_JSON_CLEAN);
	buf_puts(o, ",\n     \"clauses\": [");
	/* the view's clauses run by run: from the first it holds after c to
	 * the first after that it does not (rolebook_view_in marks with 1) */
	const unsigned char *in = v.clauses;
	size_t nc = b->nclauses, c = 0, skip = 2; /* no ", " before the first */
	uint64_t sum = 0;
	size_t n = 0;
	while (c < nc) {
		const unsigned char *on = memchr(in + c, 1, nc - c);
		if (!on)
			break;
		size_t from = (size_t)(on - in);
		const unsigned char *off = memchr(on, 0, nc - from);
		c = off ? (size_t)(off - in) : nc;
		buf_put(o, parts->text + parts->at[from] + skip, parts->at[c] - parts->at[from] - skip);
		skip = 0;
		sum += parts->sum[c] - parts->sum[from];
		n += parts->n[c] - parts->n[from];
	}
	char fp[17];
	oblig_fingerprint_finish(sum, n, fp);
	buf_printf(o, "],\n     \"fingerprint\": \"%s\"}", fp);
	rolebook_view_free(&v);
}

/* Whether the file at path is svcbook's own manifest (what manifest_write
 * writes starts and ends so), so that a user's manifest.json is never
 * replaced: not a symlink, a FIFO or a file with another hard link. */
static int is_ours(const char *path)
{
	static const char head[] = "{\"version\": ", tail[] = "  ]}\n";
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat st;
	char h[sizeof head - 1], t[sizeof tail - 1];
	size_t nh = sizeof h, nt = sizeof t;
	int ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1 && (size_t)st.st_size >= nh + nt &&
		 pread(fd, h, nh, 0) == (ssize_t)nh && pread(fd, t, nt, st.st_size - (off_t)nt) == (ssize_t)nt &&
		 memcmp(h, head, nh) == 0 && memcmp(t, tail, nt) == 0;
	close(fd);
	return ok;
}

static char *final_of(const char *outdir)
{
	return xasprintf("%s/" MANIFEST_NAME, outdir);
}

int manifest_replaceable(const char *outdir, diag_list *d)
{
	char *final = final_of(outdir);
	struct stat st;
	int rc = 0;
	if (lstat(final, &st) == 0 && !is_ours(final)) {
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT),
			 "svcbook replaces only a file it wrote (docs/reliability.md): move that one away, or choose another output folder with -o",
			 "'%s' is not a manifest svcbook wrote; it is left as it is", final);
		rc = -1;
	}
	free(final);
	return rc;
}

/* Lets go of the temporary file's lock (output_open_beside). */
static void release(manifest_made *m)
{
	if (m->lock > 0)
		close(m->lock);
	m->lock = 0;
}

int manifest_make(const book *b, const char *outdir, manifest_made *m, diag_list *d)
{
	m->final = final_of(outdir);
	m->tmp = NULL;
	m->lock = 0;
	char *tmp = NULL;
	int rc = -1;
	FILE *f = output_open_beside(m->final, &tmp, &m->lock, d);
	if (f) {
		fputs("{\"version\": ", f);
		if (b->config.version)
			report_json_str(f, b->config.version);
		else
			fputs("null", f);
		fputs(",\n  \"roles\": [\n", f);
		int *order = book_role_order(b);
		role_parts parts = parts_new(b);
		rolebook_index *x = rolebook_index_new(b);
		buf o;
		buf_init(&o);
		for (size_t i = 0; i < b->nroles; i++) {
			o.len = 0;
			put_role(&o, b, x, order[i], &parts);
			buf_puts(&o, i + 1 < b->nroles ? ",\n" : "\n");
			fwrite(o.data, 1, o.len, f);
		}
		buf_free(&o);
		rolebook_index_free(x);
		parts_free(&parts);
		free(order);
		fputs("  ]}\n", f);
		rc = output_close(f, tmp, d);
	}
	if (rc == 0)
		m->tmp = tmp;
	else if (tmp)
		unlink(tmp);
	if (rc != 0) {
		free(tmp);
		release(m);
	}
	return rc;
}

int manifest_commit(manifest_made *m, diag_list *d)
{
	int rc = -1;
	if (m->tmp && rename(m->tmp, m->final) == 0) {
		free(m->tmp);
		m->tmp = NULL;
		rc = 0;
	} else if (m->tmp) {
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), NULL, "cannot write '%s'", m->final);
	}
	manifest_abort(m);
	return rc;
}

void manifest_abort(manifest_made *m)
{
	if (m->tmp)
		unlink(m->tmp);
	release(m);
	free(m->tmp);
	free(m->final);
	m->tmp = m->final = NULL;
}

int manifest_write(const book *b, const char *outdir, diag_list *d)
{
	if (manifest_replaceable(outdir, d) != 0)
		return -1;
	manifest_made m;
	if (manifest_make(b, outdir, &m, d) != 0) {
		manifest_abort(&m);
		return -1;
	}
	return manifest_commit(&m, d);
}

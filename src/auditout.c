/* auditout.c - the audit folder of a build: the checklists as CSV, HTML
 * and XLSX, swapped in whole or not at all. */
#include "auditout.h"
#include "checkpage.h"
#include "output.h"
#include "xlsx.h"

#include <stdlib.h>
#include <string.h>

/* A CSV field, quoted when it must be (RFC 4180). */
static void csv_field_out(buf *o, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		buf_puts(o, s);
		return;
	}
	buf_putc(o, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(o, '"');
		buf_putc(o, *s);
	}
	buf_putc(o, '"');
}

void auditout_csv(const checklist_set *s, int r, buf *o)
{
	const checklist *l = &s->lists[r];
	buf_puts(o, "date,employee,department,role,item,result,auditor,comment\r\n");
	for (size_t i = 0; i < l->n; i++) {
		buf_puts(o, ",,,");
		csv_field_out(o, s->b->roles[r].id);
		buf_putc(o, ',');
		csv_field_out(o, s->b->clauses[l->items[i].clause].id);
		buf_puts(o, ",,,\r\n");
	}
}

static int write_role(const checklist_set *s, int r, const char *dir, const char *base, diag_list *d)
{
	const char *id = s->b->roles[r].id;
	buf o;
	buf_init(&o);
	auditout_csv(s, r, &o);
	char *path = xasprintf("%s/%s.csv", dir, id);
	int rc = output_write_file(path, o.data, o.len, d);
	free(path);
	o.len = 0;
	checkpage_render(s, r, base, &o);
	path = xasprintf("%s/audit-%s.html", dir, id);
	if (rc == 0)
		rc = output_write_file(path, o.data, o.len, d);
	free(path);
	buf_free(&o);
	return rc;
}

int auditout_make(const checklist_set *s, const char *outdir, int site, auditout_made *m, diag_list *d)
{
	const book *b = s->b;
	m->state = 0;
	if (!b->nroles)
		return 0;
	m->state = -1;
	if (output_begin(&m->p, outdir, "audit", d) != 0)
		return -1;
	const char *base = site ? "../html/" : b->config.url;
	int rc = 0;
	for (size_t r = 0; r < b->nroles && rc == 0; r++)
		rc = write_role(s, (int)r, m->p.tmp, base, d);
	char *xlsx = xasprintf("%s/checklists.xlsx", m->p.tmp);
	if (rc == 0)
		rc = xlsx_write_checklists(s, xlsx, m->p.tmp, d);
	free(xlsx);
	if (rc == 0) {
		m->state = 1;
		return 0;
	}
	output_abort(&m->p);
	return -1;
}

int auditout_commit(auditout_made *m, diag_list *d)
{
	int state = m->state;
	m->state = 0;
	if (state == 1)
		return output_commit(&m->p, d);
	return state;
}

void auditout_abort(auditout_made *m)
{
	if (m->state == 1)
		output_abort(&m->p);
	m->state = 0;
}

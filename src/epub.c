/* epub.c - the EPUB 3 backend (epub.h).
 *
 * The publication follows the plan (plan.h: which clauses are shown, on
 * which page, the glossary's order, the terms' uses); each document is
 * built as an XHTML tree with libxml2 and serialised as XML, and all goes
 * into a zip with libzip, the mimetype first and stored. The bodies are
 * made XHTML in epubbody.c, the zip and the package document in
 * epubpkg.c. */
#include "epub.h"
#include "epubint.h"
#include "diagid.h"

#include <ctype.h>
#include <libxml/xmlsave.h>
#include <stdlib.h>
#include <string.h>

#define XHTML_NS "http://www.w3.org/1999/xhtml"
#define OPS_NS "http://www.idpf.org/2007/ops"

/* ---- the plan: plan.h's, a content document per chapter's and role's page ---- */

/* A page name as a file name in the zip: as it is when plain ASCII,
 * else by number (non-ASCII names are a warning of epubcheck's). */
static char *doc_file(const char *page, size_t n)
{
	for (const char *p = page; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return xasprintf("page-%zu.xhtml", n + 1);
	return xasprintf("%s.xhtml", page);
}

static void plan_docs(epub *e)
{
	const plan *p = e->p;
	e->doc_of = xmalloc((e->b->nclauses ? e->b->nclauses : 1) * sizeof *e->doc_of);
	for (size_t i = 0; i < e->b->nclauses; i++)
		e->doc_of[i] = -1;
	for (size_t i = 0; i < p->npages; i++) {
		const plan_page *pg = &p->pages[i];
		plan_page_kind k = pg->kind;
		if ((k != PLAN_PAGE_CHAPTER && k != PLAN_PAGE_ROLES && k != PLAN_PAGE_ROLE) || !pg->nclauses)
			continue;
		e->docs = xgrow(e->docs, &e->cap_docs, e->ndocs + 1, sizeof *e->docs);
		e->docs[e->ndocs] = (content_doc){doc_file(pg->name, e->ndocs), k, pg->clauses, pg->nclauses};
		for (size_t j = 0; j < pg->nclauses; j++)
			e->doc_of[pg->clauses[j]] = (int)e->ndocs;
		e->ndocs++;
	}
}

char *epub_clause_href(const epub *e, int c)
{
	const book *b = e->b;
	if (c < 0 || (size_t)c >= b->nclauses || !b->clauses[c].id)
		return NULL;
	buf o;
	buf_init(&o);
	buf_puts(&o, "");
	if (plan_shown(e->p, c) && e->doc_of[c] >= 0) {
		epub_put_url(&o, e->docs[e->doc_of[c]].file);
	} else if (e->v && e->v->full_url && *e->v->full_url) {
		buf_puts(&o, e->v->full_url);
		if (o.data[o.len - 1] != '/')
			buf_putc(&o, '/');
		epub_put_url(&o, plan_clause_page(b, c));
		buf_puts(&o, ".html");
	} else {
		buf_free(&o);
		return NULL;
	}
	buf_putc(&o, '#');
	epub_put_url(&o, b->clauses[c].id);
	return buf_detach(&o);
}

/* ---- XHTML documents ---- */

static xmlDocPtr new_xhtml(const epub *e, const char *title, xmlNodePtr *body)
{
	const char *lang = book_lang_tag(&e->b->config);
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlCreateIntSubset(doc, BAD_CAST "html", NULL, NULL);
	xmlNodePtr html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL);
	xmlDocSetRootElement(doc, html);
	xmlSetNs(html, xmlNewNs(html, BAD_CAST XHTML_NS, NULL));
	xmlNewNs(html, BAD_CAST OPS_NS, BAD_CAST "epub");
	xmlNodeSetLang(html, BAD_CAST lang);
	xmlNewProp(html, BAD_CAST "lang", BAD_CAST lang);
	xmlNodePtr head = xmlNewChild(html, NULL, BAD_CAST "head", NULL);
	xmlNewProp(xmlNewChild(head, NULL, BAD_CAST "meta", NULL), BAD_CAST "charset", BAD_CAST "utf-8");
	xmlNewTextChild(head, NULL, BAD_CAST "title", BAD_CAST(title && *title ? title : "-"));
	xmlNodePtr css = xmlNewChild(head, NULL, BAD_CAST "link", NULL);
	xmlNewProp(css, BAD_CAST "rel", BAD_CAST "stylesheet");
	xmlNewProp(css, BAD_CAST "href", BAD_CAST "style.css");
	*body = xmlNewChild(html, NULL, BAD_CAST "body", NULL);
	return doc;
}

/* Serialises doc as XML into the zip as EPUB/name, and frees it. */
static void add_doc(epub *e, const char *name, xmlDocPtr doc)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlSaveCtxtPtr s = xb ? xmlSaveToBuffer(xb, "UTF-8", 0) : NULL;
	if (!s || xmlSaveDoc(s, doc) < 0)
		e->err = 1;
	if (s)
		xmlSaveClose(s);
	if (xb && !e->err) {
		char *entry = xasprintf("EPUB/%s", name);
		size_t len = (size_t)xmlBufferLength(xb);
		char *data = xmalloc(len + 1);
		memcpy(data, xmlBufferContent(xb), len);
		epub_add_entry(e, entry, data, len, 0);
		free(entry);
	}
	if (xb)
		xmlBufferFree(xb);
	xmlFreeDoc(doc);
}

/* "4.2 Title", or the title alone for a clause with no number. */
static char *numbered_title(const book_clause *cl)
{
	if (cl->number && *cl->number)
		return xasprintf("%s %s", cl->number, cl->title ? cl->title : "");
	return xstrdup(cl->title ? cl->title : "");
}

static void put_heading(epub *e, int c, int level, xmlNodePtr body)
{
	const book_clause *cl = &e->b->clauses[c];
	char tag[3] = {'h', (char)('0' + (level < 1 ? 1 : level > 6 ? 6 : level)), '\0'};
	xmlNodePtr h = xmlNewChild(body, NULL, BAD_CAST tag, NULL);
	xmlNewProp(h, BAD_CAST "id", BAD_CAST cl->id);
	if (cl->number && *cl->number) {
		xmlNodePtr num = xmlNewTextChild(h, NULL, BAD_CAST "span", BAD_CAST cl->number);
		xmlNewProp(num, BAD_CAST "class", BAD_CAST "number");
		xmlAddChild(h, xmlNewDocText(h->doc, BAD_CAST " "));
	}
	xmlAddChild(h, xmlNewDocText(h->doc, BAD_CAST(cl->title ? cl->title : "")));
}

/* ---- links to clauses and roles ---- */

static void put_text(xmlNodePtr parent, const char *text)
{
	xmlAddChild(parent, xmlNewDocText(parent->doc, BAD_CAST text));
}

/* A link to clause c with text, or the text alone when c is not shown. */
static void put_clause_link(epub *e, xmlNodePtr parent, int c, const char *text)
{
	char *href = epub_clause_href(e, c);
	if (href)
		xmlNewProp(xmlNewTextChild(parent, NULL, BAD_CAST "a", BAD_CAST text), BAD_CAST "href", BAD_CAST href);
	else
		put_text(parent, text);
	free(href);
}

static void put_role_link(epub *e, xmlNodePtr parent, int r)
{
	const book_role *role = &e->b->roles[r];
	put_clause_link(e, parent, role->clause, role->name && *role->name ? role->name : role->id);
}

/* The roles of list[0..n) as links, "a, b", or "—" for none. */
static void put_role_list(epub *e, xmlNodePtr parent, const int *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			put_text(parent, ", ");
		put_role_link(e, parent, list[i]);
	}
	if (!n)
		put_text(parent, book_word(e->b->config.language, "none"));
}

/* ---- what the HTML says under a heading ---- */

/* <p class="cls">WORD: </p>, open for what follows; WORD NULL: none. */
static xmlNodePtr meta_line(epub *e, xmlNodePtr body, const char *cls, const char *word)
{
	xmlNodePtr p = xmlNewChild(body, NULL, BAD_CAST "p", NULL);
	xmlNewProp(p, BAD_CAST "class", BAD_CAST cls);
	if (word) {
		char *w = xasprintf("%s: ", book_word(e->b->config.language, word));
		xmlAddChild(p, xmlNewDocText(p->doc, BAD_CAST w));
		free(w);
	}
	return p;
}

/* "Owner: ROLE" for stage st: its written id when no role has it, or
 * "not assigned" (the HTML's and the DocBook's words). */
static void put_owner(epub *e, xmlNodePtr body, const book_stage *st)
{
	xmlNodePtr p = meta_line(e, body, "owner", "owner");
	if (st->owner_role >= 0)
		put_role_link(e, p, st->owner_role);
	else
		put_text(p, st->owner ? st->owner : book_word(e->b->config.language, "no-owner"));
}

/* The lines templates/_clauses.html puts under clause c's heading, as the
 * DocBook's write_meta: a term's other names, a role's level and line, a
 * stage's owner, the stage a role's section is the standard for, the
 * roles an appearance section covers. */
static void put_meta(epub *e, int c, xmlNodePtr body)
{
	const book *b = e->b;
	const book_clause *cl = &b->clauses[c];
	book_lang lang = b->config.language;
	if (cl->term >= 0 && b->terms[cl->term].clause == c && b->terms[cl->term].naka) {
		xmlNodePtr p = meta_line(e, body, "aka", "aka");
		for (size_t k = 0; k < b->terms[cl->term].naka; k++) {
			if (k)
				put_text(p, ", ");
			put_text(p, b->terms[cl->term].aka[k]);
		}
	}
	if (cl->role >= 0 && b->roles[cl->role].clause == c && b->roles[cl->role].level != LEVEL_NONE) {
		const book_role *role = &b->roles[cl->role];
		xmlNodePtr p = meta_line(e, body, "role-level", NULL);
		put_text(p, book_word(lang, book_level_name(role->level)));
		if (role->line) {
			char n[64];
			snprintf(n, sizeof n, ", %s %d", book_word(lang, "line"), role->line);
			put_text(p, n);
		}
	}
	if (cl->stage >= 0)
		put_owner(e, body, &b->stages[cl->stage]);
	if (cl->stage_ref) {
		int sc = book_find_id(b, cl->stage_ref);
		if (sc >= 0 && b->clauses[sc].stage >= 0)
			put_clause_link(e, meta_line(e, body, "stage-ref", "standard-for"), sc,
			                b->stages[b->clauses[sc].stage].name);
	}
	if (cl->nroles_attr) {
		int all = 0;
		for (size_t i = 0; i < cl->nroles_attr; i++)
			all |= strcmp(cl->roles_attr[i], "all") == 0;
		xmlNodePtr p = meta_line(e, body, "covers", all ? NULL : "covers");
		if (all)
			put_text(p, book_word(lang, "covers-all"));
		for (size_t i = 0; i < cl->nroles_attr && !all; i++) {
			if (i)
				put_text(p, ", ");
			int r = book_find_role(b, cl->roles_attr[i]);
			if (r >= 0)
				put_role_link(e, p, r);
			else
				put_text(p, cl->roles_attr[i]);
		}
	}
}

/* ---- the roles chapter's overview ---- */

/* A heading of the overview and the list under it. */
static xmlNodePtr start_overview_list(epub *e, xmlNodePtr section, const char *word)
{
	/* no id: the chapter's own headings' ids could be the same words */
	xmlNewTextChild(section, NULL, BAD_CAST "h2", BAD_CAST book_word(e->b->config.language, word));
	return xmlNewChild(section, NULL, BAD_CAST "dl", NULL);
}

static void overview_entry(epub *e, xmlNodePtr dl, const char *term, const int *list, size_t n)
{
	xmlNewTextChild(dl, NULL, BAD_CAST "dt", BAD_CAST term);
	put_role_list(e, xmlNewChild(dl, NULL, BAD_CAST "dd", NULL), list, n);
}

/* The stage's owner and the roles with a standard for it (plan's order). */
static void matrix_entry(epub *e, xmlNodePtr dl, size_t s, int *list)
{
	const book *b = e->b;
	const book_stage *st = &b->stages[s];
	put_clause_link(e, xmlNewChild(dl, NULL, BAD_CAST "dt", NULL), st->clause, st->name ? st->name : "");
	xmlNodePtr dd = xmlNewChild(dl, NULL, BAD_CAST "dd", NULL);
	put_owner(e, dd, st);
	size_t n = plan_stage_roles(e->p, (int)s, list);
	put_role_list(e, meta_line(e, dd, "covered", "has-standard"), list, n);
}

/* What the HTML's roles page and the DocBook's roles chapter open with,
 * as the DocBook gives it (lists a small screen can hold): the service
 * pyramid, the support lines and the responsibility matrix, each a list
 * of roles in the plan's role order. */
static void write_overview(epub *e, xmlNodePtr body)
{
	const book *b = e->b;
	const plan *p = e->p;
	book_lang lang = b->config.language;
	int *list = xmalloc((b->nroles ? b->nroles : 1) * sizeof *list);
	xmlNodePtr section = xmlNewChild(body, NULL, BAD_CAST "section", NULL);
	xmlNewProp(section, BAD_CAST "class", BAD_CAST "overview");
	xmlNodePtr dl = start_overview_list(e, section, "pyramid");
	for (size_t k = 0; k < 4; k++) {
		size_t n = plan_level_roles(p, plan_tiers[k], list);
		const char *word = book_level_name(plan_tiers[k]);
		if (plan_tiers[k] != LEVEL_NONE || n)
			overview_entry(e, dl, book_word(lang, word ? word : "other"), list, n);
	}
	if (p->any_line) {
		dl = start_overview_list(e, section, "lines");
		for (int line = 1; line <= 3; line++) {
			size_t n = plan_line_roles(p, line, list);
			char term[64];
			snprintf(term, sizeof term, "%s %d", book_word(lang, "line"), line);
			overview_entry(e, dl, term, list, n);
		}
	}
	if (b->nstages) {
		dl = start_overview_list(e, section, "matrix");
		for (size_t s = 0; s < b->nstages; s++)
			matrix_entry(e, dl, s, list);
	}
	free(list);
}

/* dt WORD (book_word), then an empty dd of dl, returned. */
static xmlNodePtr summary_entry(epub *e, xmlNodePtr dl, const char *word)
{
	xmlNewTextChild(dl, NULL, BAD_CAST "dt", BAD_CAST book_word(e->b->config.language, word));
	return xmlNewChild(dl, NULL, BAD_CAST "dd", NULL);
}

/* What a role book's roles chapter opens with, as the HTML's
 * templates/_summary.html and the DocBook give it: its role, linked to
 * its standard, its tier and support line, and each stage it owns or has
 * a standard for, with that standard. */
static void write_summary(epub *e, xmlNodePtr body)
{
	const book *b = e->b;
	book_lang lang = b->config.language;
	int r = e->p->summary_role;
	const book_role *role = &b->roles[r];
	xmlNodePtr dl = xmlNewChild(body, NULL, BAD_CAST "dl", NULL);
	xmlNewProp(dl, BAD_CAST "class", BAD_CAST "role-summary");
	put_role_link(e, summary_entry(e, dl, "role"), r);
	if (role->level != LEVEL_NONE)
		put_text(summary_entry(e, dl, "pyramid"), book_word(lang, book_level_name(role->level)));
	if (role->line > 0) {
		char n[64];
		snprintf(n, sizeof n, "%s %d", book_word(lang, "line"), role->line);
		put_text(summary_entry(e, dl, "lines"), n);
	}
	int *list = xmalloc((b->nstages ? b->nstages : 1) * sizeof *list);
	size_t n = plan_role_stages(e->p, r, list);
	for (size_t i = 0; i < n; i++) {
		const book_stage *st = &b->stages[list[i]];
		int sec = plan_stage_section(e->p, list[i], r);
		xmlNodePtr dt = xmlNewChild(dl, NULL, BAD_CAST "dt", NULL);
		char *word = xasprintf("%s: ", book_word(lang, "stage"));
		put_text(dt, word);
		free(word);
		put_clause_link(e, dt, st->clause, st->name ? st->name : "");
		xmlNodePtr dd = xmlNewChild(dl, NULL, BAD_CAST "dd", NULL);
		word = xasprintf("%s%s%s: ", st->owner_role == r ? book_word(lang, "owner-mark") : "",
				 st->owner_role == r ? "; " : "", book_word(lang, "standard-for"));
		put_text(dd, word);
		free(word);
		for (int k = sec; k >= 0; k = plan_stage_next(e->p, k)) {
			if (k != sec)
				put_text(dd, ", ");
			put_clause_link(e, dd, k, b->clauses[k].title);
		}
		if (sec < 0)
			put_text(dd, book_word(lang, "none"));
	}
	free(list);
}

/* ---- the documents ---- */

static void write_doc(epub *e, size_t k)
{
	const book *b = e->b;
	const content_doc *cd = &e->docs[k];
	int first = cd->clauses[0];
	char *title = numbered_title(&b->clauses[first]);
	xmlNodePtr body;
	xmlDocPtr doc = new_xhtml(e, title, &body);
	free(title);
	for (size_t j = 0; j < cd->nclauses; j++) {
		int c = cd->clauses[j];
		put_heading(e, c, b->clauses[c].depth - b->clauses[first].depth + 1, body);
		put_meta(e, c, body);
		epub_put_body(e, c, body);
	}
	if (cd->kind == PLAN_PAGE_ROLES && e->p->overview)
		write_overview(e, body);
	if (cd->kind == PLAN_PAGE_ROLES && e->p->summary_role >= 0)
		write_summary(e, body);
	add_doc(e, cd->file, doc);
}

/* Appends "Used in: 4.2 Title, ..." for term t, as the HTML's glossary. */
static void put_uses(epub *e, int t, xmlNodePtr dl)
{
	plan_uses u = plan_term_uses(e->p, t);
	if (!u.n)
		return;
	xmlNodePtr dd = xmlNewChild(dl, NULL, BAD_CAST "dd", NULL);
	xmlNewProp(dd, BAD_CAST "class", BAD_CAST "used-in");
	char *word = xasprintf("%s: ", book_word(e->b->config.language, "used-in"));
	xmlAddChild(dd, xmlNewDocText(dd->doc, BAD_CAST word));
	free(word);
	for (size_t i = 0; i < u.n; i++) {
		char *href = epub_clause_href(e, u.clauses[i]), *text = numbered_title(&e->b->clauses[u.clauses[i]]);
		if (i)
			xmlAddChild(dd, xmlNewDocText(dd->doc, BAD_CAST ", "));
		if (href)
			xmlNewProp(xmlNewTextChild(dd, NULL, BAD_CAST "a", BAD_CAST text), BAD_CAST "href", BAD_CAST href);
		else
			xmlAddChild(dd, xmlNewDocText(dd->doc, BAD_CAST text));
		free(href);
		free(text);
	}
}

/* glossary.xhtml: each shown term in the plan's glossary order (the
 * HTML's and the DocBook's), linked to its clause, with its definition
 * and where it is used. */
static void write_glossary(epub *e)
{
	const book *b = e->b;
	const char *word = book_word(b->config.language, "glossary");
	xmlNodePtr body;
	xmlDocPtr doc = new_xhtml(e, word, &body);
	xmlNewProp(xmlNewTextChild(body, NULL, BAD_CAST "h1", BAD_CAST word), BAD_CAST "id", BAD_CAST "glossary");
	xmlNodePtr dl = xmlNewChild(body, NULL, BAD_CAST "dl", NULL);
	for (size_t i = 0; i < e->p->ngloss; i++) {
		const book_term *t = &b->terms[e->p->gloss[i]];
		char *href = epub_clause_href(e, t->clause);
		xmlNodePtr dt = xmlNewChild(dl, NULL, BAD_CAST "dt", NULL);
		xmlNewProp(xmlNewTextChild(dt, NULL, BAD_CAST "a", BAD_CAST(t->name && *t->name ? t->name : "-")),
		           BAD_CAST "href", BAD_CAST href);
		/* the definition as the HTML's glossary gives it: the term's
		 * body, its references links */
		epub_put_body(e, t->clause, xmlNewChild(dl, NULL, BAD_CAST "dd", NULL));
		put_uses(e, e->p->gloss[i], dl);
		free(href);
	}
	add_doc(e, "glossary.xhtml", doc);
}

/* A role's name by id; NULL when the book has no such role. */
static const char *role_name(const book *b, const char *id)
{
	int r = id ? book_find_role(b, id) : -1;
	return r < 0 ? NULL : b->roles[r].name ? b->roles[r].name : b->roles[r].id;
}

/* One <dt>WORD</dt><dd>text</dd> of the cover, when text says something. */
static void control_item(epub *e, xmlNodePtr *dl, xmlNodePtr body, const char *word, const char *text)
{
	if (!text || !*text)
		return;
	if (!*dl) {
		*dl = xmlNewChild(body, NULL, BAD_CAST "dl", NULL);
		xmlNewProp(*dl, BAD_CAST "class", BAD_CAST "cover-control");
	}
	xmlNewTextChild(*dl, NULL, BAD_CAST "dt", BAD_CAST book_word(e->b->config.language, word));
	xmlNewTextChild(*dl, NULL, BAD_CAST "dd", BAD_CAST text);
}

/* Document control (FORMAT.md 9) on the title page, as the HTML's cover
 * (templates/_control.html): from when it applies, who approved it and
 * when, who owns the book and the role's standard; only what it says. */
static void write_control(epub *e, xmlNodePtr body)
{
	const book *b = e->b;
	const book_config *cf = &b->config;
	xmlNodePtr dl = NULL;
	control_item(e, &dl, body, "effective", cf->effective);
	control_item(e, &dl, body, "approved-by", cf->approved_by);
	control_item(e, &dl, body, "approved", cf->approved);
	control_item(e, &dl, body, "book-owner", role_name(b, cf->owner));
	if (e->v && e->v->role >= 0 && (size_t)e->v->role < b->nroles)
		control_item(e, &dl, body, "standard-owner", role_name(b, b->roles[e->v->role].owner));
}

/* The title page: the book's title, whose book a role book is, the
 * organisation and the version. */
static void write_title_page(epub *e)
{
	const book *b = e->b;
	const book_config *cf = &b->config;
	xmlNodePtr body;
	xmlDocPtr doc = new_xhtml(e, cf->title, &body);
	xmlNodePtr h = xmlNewTextChild(body, NULL, BAD_CAST "h1", BAD_CAST(cf->title && *cf->title ? cf->title : "-"));
	xmlNewProp(h, BAD_CAST "class", BAD_CAST "title");
	if (e->v && e->v->role >= 0 && (size_t)e->v->role < b->nroles) {
		/* the DocBook's subtitle, in the same words */
		char *s = xasprintf("%s%s", cf->language == LANG_RU ? "Книга для роли: " : "Book for the role: ",
		                    b->roles[e->v->role].name ? b->roles[e->v->role].name : "");
		xmlNewProp(xmlNewTextChild(body, NULL, BAD_CAST "p", BAD_CAST s), BAD_CAST "class", BAD_CAST "subtitle");
		free(s);
	}
	if (cf->organization && *cf->organization)
		xmlNewProp(xmlNewTextChild(body, NULL, BAD_CAST "p", BAD_CAST cf->organization), BAD_CAST "class",
		           BAD_CAST "organization");
	if (cf->version && *cf->version) {
		char *s = xasprintf("%s %s", book_word(cf->language, "version"), cf->version);
		xmlNewProp(xmlNewTextChild(body, NULL, BAD_CAST "p", BAD_CAST s), BAD_CAST "class", BAD_CAST "version");
		free(s);
	}
	write_control(e, body);
	add_doc(e, "title.xhtml", doc);
}

/* The navigation document: the chapters and their sections. */
static void write_nav(epub *e)
{
	const book *b = e->b;
	const char *word = book_word(b->config.language, "contents");
	xmlNodePtr body;
	xmlDocPtr doc = new_xhtml(e, word, &body);
	xmlNodePtr nav = xmlNewChild(body, NULL, BAD_CAST "nav", NULL);
	xmlNewNsProp(nav, xmlSearchNs(doc, xmlDocGetRootElement(doc), BAD_CAST "epub"), BAD_CAST "type", BAD_CAST "toc");
	xmlNewProp(nav, BAD_CAST "id", BAD_CAST "toc");
	xmlNewTextChild(nav, NULL, BAD_CAST "h1", BAD_CAST word);
	xmlNodePtr top = xmlNewChild(nav, NULL, BAD_CAST "ol", NULL), chapter = NULL, sub = NULL;
	for (size_t i = 0; i < b->nclauses; i++) {
		const book_clause *cl = &b->clauses[i];
		if (!plan_shown(e->p, (int)i) || cl->depth > 1 || (cl->depth == 1 && !chapter))
			continue;
		xmlNodePtr li;
		if (cl->depth == 0) {
			li = chapter = xmlNewChild(top, NULL, BAD_CAST "li", NULL);
			sub = NULL;
		} else {
			if (!sub)
				sub = xmlNewChild(chapter, NULL, BAD_CAST "ol", NULL);
			li = xmlNewChild(sub, NULL, BAD_CAST "li", NULL);
		}
		char *href = epub_clause_href(e, (int)i), *text = numbered_title(cl);
		xmlNewProp(xmlNewTextChild(li, NULL, BAD_CAST "a", BAD_CAST(*text ? text : "-")), BAD_CAST "href", BAD_CAST href);
		free(href);
		free(text);
	}
	if (e->p->ngloss) {
		xmlNodePtr a = xmlNewTextChild(xmlNewChild(top, NULL, BAD_CAST "li", NULL), NULL, BAD_CAST "a",
		                               BAD_CAST book_word(b->config.language, "glossary"));
		xmlNewProp(a, BAD_CAST "href", BAD_CAST "glossary.xhtml#glossary");
	}
	if (!top->children) /* an empty list is no valid toc: the title page then */
		xmlNewProp(xmlNewTextChild(xmlNewChild(top, NULL, BAD_CAST "li", NULL), NULL, BAD_CAST "a",
		                           BAD_CAST(b->config.title && *b->config.title ? b->config.title : "-")),
		           BAD_CAST "href", BAD_CAST "title.xhtml");
	add_doc(e, "nav.xhtml", doc);
}

static const char css[] =
	"body { font-family: serif; line-height: 1.4; margin: 0 1em; }\n"
	"h1, h2, h3, h4, h5, h6 { font-family: sans-serif; line-height: 1.2; }\n"
	"h1.title { margin-top: 30%; text-align: center; }\n"
	"p.subtitle, p.organization, p.version { text-align: center; }\n"
	".number { color: #555; }\n"
	"p.aka, p.role-level, p.owner, p.stage-ref, p.covers { font-style: italic; }\n"
	"dl.cover-control { margin: 2em auto; width: 80%; }\n"
	"table { border-collapse: collapse; }\n"
	"th, td { border: 1px solid #999; padding: 0.2em 0.4em; vertical-align: top; }\n"
	"pre { white-space: pre-wrap; }\n"
	"img { max-width: 100%; }\n";

static void free_epub(epub *e)
{
	for (size_t k = 0; k < e->ndocs; k++)
		free(e->docs[k].file);
	free(e->docs);
	for (size_t k = 0; k < e->nmedia; k++)
		free(e->media_list[k]);
	free(e->media_list);
	strmap_free(&e->media);
	plan_free(e->own_plan);
	free(e->doc_of);
}

int epub_write(const book *b, const book_view *v, const plan *given, const char *path, diag_list *d)
{
	epub e;
	memset(&e, 0, sizeof e);
	e.b = b, e.v = v, e.path = path, e.d = d;
	/* as the HTML backend renders: the book's raw HTML only when trusted */
	e.options = CMARK_OPT_DEFAULT | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES;
	if (b->trusted && b->config.unsafe_html)
		e.options |= CMARK_OPT_UNSAFE;
	strmap_init(&e.media);
	e.own_plan = given ? NULL : plan_new(b, v);
	e.p = given ? given : e.own_plan;
	plan_docs(&e);
	epub_plan_dates(&e);
	int zerr = 0;
	e.z = zip_open(path, ZIP_CREATE | ZIP_EXCL, &zerr);
	if (!e.z) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		diag_add(d, path, 0, 0, SEV_FATAL, DIAG_ID(IO_ERROR), NULL, "cannot write '%s': %s", path,
			 zip_error_strerror(&ze));
		zip_error_fini(&ze);
		free_epub(&e);
		return -1;
	}
	epub_add_container(&e);
	write_title_page(&e);
	write_nav(&e);
	for (size_t k = 0; k < e.ndocs; k++)
		write_doc(&e, k);
	if (e.p->ngloss)
		write_glossary(&e);
	epub_add_text(&e, "EPUB/style.css", css);
	for (size_t k = 0; k < e.nmedia; k++)
		epub_add_local(&e, e.media_list[k]);
	epub_write_package(&e);
	int rc = 0;
	if (e.err) {
		diag_add(d, path, 0, 0, SEV_FATAL, DIAG_ID(IO_ERROR), NULL, "the EPUB writer failed for %s", path);
		zip_discard(e.z);
		rc = -1;
	} else if (zip_close(e.z) != 0) {
		diag_add(d, path, 0, 0, SEV_FATAL, DIAG_ID(IO_ERROR), NULL, "cannot write '%s': %s", path,
			 zip_strerror(e.z));
		zip_discard(e.z);
		rc = -1;
	}
	free_epub(&e);
	return rc;
}

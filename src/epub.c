/* epub.c - the EPUB 3 backend (epub.h).
 *
 * The publication is planned from the model (which clauses are shown,
 * which content document holds each), then each document is built as an
 * XHTML tree with libxml2 and serialised as XML, and everything goes into
 * a zip with libzip, the mimetype first and stored.
 *
 * A clause body is cmark-gfm's HTML, as the HTML backend renders it, read
 * back by libxml2's HTML parser: that HTML is no XML, the tree it gives is.
 * The reference links are then found in that tree by order: cmark-gfm
 * writes one <a> per link node, in document order, and without
 * --trust-book the book's raw HTML is left out, so the n-th <a> is the n-th
 * link node. With the book's raw HTML let in, an <a> of its own is told
 * apart by its address. So nothing is marked in the model, which this
 * backend only reads: it may run beside the rules. */
#include "epub.h"
#include "history.h"
#include "reader.h"
#include "strmap.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlwriter.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#define XHTML_NS "http://www.w3.org/1999/xhtml"
#define OPS_NS "http://www.idpf.org/2007/ops"
#define BODY_OPTS (HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET)

/* One content document: a chapter's page, or a role's. */
typedef struct {
	char *file;  /* "terms.xhtml", relative to the package document */
	int first;   /* its first clause */
} content_doc;

typedef struct {
	const book *b;
	const book_view *v;
	const char *path;
	diag_list *d;
	int options;           /* cmark-gfm's, as the HTML backend's */
	unsigned char *shown;  /* per clause: written here */
	int *doc_of;           /* per clause: its document, -1 when not shown */
	content_doc *docs;
	size_t ndocs, cap_docs;
	strmap media;          /* local images put in the zip: path -> 1 */
	char **media_list;     /* the same, in the order first used */
	size_t nmedia, cap_media;
	zip_t *z;
	char modified[21];     /* dcterms:modified, YYYY-MM-DDThh:mm:ssZ */
	time_t mtime;          /* every zip entry's time: the same day, at noon */
	int err;
} epub;

/* ---- the plan ---- */

/* The page a clause is on in the HTML site: a role's own page for a role's
 * sections, else its chapter's (html.c clause_page_name). */
static const char *page_name(const book *b, int c)
{
	const book_clause *cl = &b->clauses[c];
	if (cl->file >= 0 && b->files[cl->file].page && cl->depth > 0)
		return b->files[cl->file].page;
	return b->chapters[cl->chapter].page;
}

/* Which clauses are written, as the DocBook decides it (docbook.c
 * shown_clauses): a parent before its children. */
static unsigned char *shown_clauses(const book *b, const book_view *v)
{
	unsigned char *s = xcalloc(b->nclauses ? b->nclauses : 1, 1);
	for (size_t i = 0; i < b->nclauses; i++) {
		const book_clause *cl = &b->clauses[i];
		int ok = book_view_has(v, (int)i) && cl->id;
		if (ok && cl->parent >= 0)
			ok = s[cl->parent];
		if (ok && cl->term >= 0 && v && v->terms)
			ok = v->terms[cl->term];
		s[i] = (unsigned char)ok;
	}
	return s;
}

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
	const book *b = e->b;
	strmap names;
	strmap_init(&names);
	e->shown = shown_clauses(b, e->v);
	e->doc_of = xmalloc((b->nclauses ? b->nclauses : 1) * sizeof *e->doc_of);
	for (size_t i = 0; i < b->nclauses; i++) {
		e->doc_of[i] = -1;
		if (!e->shown[i])
			continue;
		const char *page = page_name(b, (int)i);
		int k = strmap_get(&names, page);
		if (k < 0) {
			e->docs = xgrow(e->docs, &e->cap_docs, e->ndocs + 1, sizeof *e->docs);
			e->docs[e->ndocs] = (content_doc){doc_file(page, e->ndocs), (int)i};
			k = (int)e->ndocs++;
			strmap_set(&names, page, k);
		}
		e->doc_of[i] = k;
	}
	strmap_free(&names);
}

/* ---- dates: from the book, never the clock ---- */

static int iso_date(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	if (!s || strlen(s) != sizeof shape - 1)
		return 0;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != '-')
			return 0;
	return 1;
}

/* dcterms:modified is the day the book took effect, else was approved,
 * else its newest version in git, else a fixed day; the zip's entries
 * carry the same day at noon, local time as zip stores it (libzip turns
 * a time_t into local time: noon stays that day in every time zone). */
static void plan_dates(epub *e)
{
	const book_config *cf = &e->b->config;
	const history *h = e->b->history;
	const char *day = "2000-01-01";
	if (iso_date(cf->effective))
		day = cf->effective;
	else if (iso_date(cf->approved))
		day = cf->approved;
	else if (h && h->n && iso_date(h->v[h->n - 1].date))
		day = h->v[h->n - 1].date;
	snprintf(e->modified, sizeof e->modified, "%sT00:00:00Z", day);
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = atoi(day) - 1900;
	tm.tm_mon = atoi(day + 5) - 1;
	tm.tm_mday = atoi(day + 8);
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	if (tm.tm_year < 80) /* zip's times start in 1980 */
		tm.tm_year = 80, tm.tm_mon = 0, tm.tm_mday = 1;
	e->mtime = mktime(&tm);
}

/* ---- addresses ---- */

/* Appends s to o as a URL path or fragment: bytes other than unreserved
 * ones and '/' percent-encoded. */
static void put_url(buf *o, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || strchr("-._~/", *p))
			buf_putc(o, (char)*p);
		else
			buf_printf(o, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

static int hexval(char c)
{
	return isdigit((unsigned char)c) ? c - '0' : isxdigit((unsigned char)c) ? (tolower((unsigned char)c) - 'a' + 10) : -1;
}

/* s with its %XX escapes decoded. Caller frees. */
static char *url_decode(const char *s)
{
	buf o;
	buf_init(&o);
	buf_puts(&o, "");
	for (const char *p = s; *p; p++) {
		if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			buf_putc(&o, (char)(hexval(p[1]) * 16 + hexval(p[2])));
			p += 2;
		} else {
			buf_putc(&o, *p);
		}
	}
	return buf_detach(&o);
}

/* Clause c's address from a content document: its document and id when
 * shown, else the full book's page (a role book's full_url), else NULL. */
static char *clause_href(const epub *e, int c)
{
	const book *b = e->b;
	if (c < 0 || (size_t)c >= b->nclauses || !b->clauses[c].id)
		return NULL;
	buf o;
	buf_init(&o);
	buf_puts(&o, "");
	if (e->shown[c]) {
		put_url(&o, e->docs[e->doc_of[c]].file);
	} else if (e->v && e->v->full_url && *e->v->full_url) {
		buf_puts(&o, e->v->full_url);
		if (o.data[o.len - 1] != '/')
			buf_putc(&o, '/');
		put_url(&o, page_name(b, c));
		buf_puts(&o, ".html");
	} else {
		buf_free(&o);
		return NULL;
	}
	buf_putc(&o, '#');
	put_url(&o, b->clauses[c].id);
	return buf_detach(&o);
}

/* 1 for an address an e-reader may follow out of the book. */
static int outside_url(const char *u)
{
	static const char *const ok[] = {"http://", "https://", "mailto:", "tel:"};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (strncasecmp(u, ok[i], strlen(ok[i])) == 0)
			return 1;
	return 0;
}

/* ---- the zip ---- */

/* Adds data (malloc'ed, given to libzip) as entry name: stored or
 * deflated, with the book's time and plain file permissions. */
static void add_entry(epub *e, const char *name, char *data, size_t len, int store)
{
	zip_source_t *s = zip_source_buffer(e->z, data, len, 1);
	zip_int64_t i = s ? zip_file_add(e->z, name, s, ZIP_FL_ENC_UTF_8) : -1;
	if (i < 0) {
		if (s)
			zip_source_free(s);
		else
			free(data);
		e->err = 1;
		return;
	}
	if (zip_set_file_compression(e->z, (zip_uint64_t)i, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) != 0 ||
	    zip_file_set_mtime(e->z, (zip_uint64_t)i, e->mtime, 0) != 0 ||
	    zip_file_set_external_attributes(e->z, (zip_uint64_t)i, 0, ZIP_OPSYS_UNIX, 0100644u << 16) != 0)
		e->err = 1;
}

static void add_text(epub *e, const char *name, const char *text)
{
	add_entry(e, name, xstrdup(text), strlen(text), 0);
}

/* A local file of the book, read now (the zip is written at the end). */
static void add_local(epub *e, const char *rel)
{
	char *path = xasprintf("%s/%s", e->b->dir, rel), *name = xasprintf("EPUB/%s", rel);
	size_t len;
	char *data = read_file(path, &len);
	if (data) {
		add_entry(e, name, data, len, 0);
	} else {
		diag_add(e->d, path, 0, 0, SEV_FATAL, "io-error", NULL, "cannot read '%s': %s", path, strerror(errno));
		e->err = 1;
	}
	free(path);
	free(name);
}

/* ---- XHTML documents ---- */

static xmlDocPtr new_xhtml(const epub *e, const char *title, xmlNodePtr *body)
{
	const char *lang = e->b->config.language == LANG_RU ? "ru" : "en";
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
		add_entry(e, entry, data, len, 0);
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

/* ---- clause bodies: cmark-gfm's HTML, made XHTML ---- */

typedef struct {
	cmark_node **v;
	size_t n, cap, next;
} link_list;

/* The link nodes of clause c's body, in document order. */
static void collect_links(const book_clause *cl, link_list *l)
{
	for (cmark_node *n = cl->body_first; n; n = cmark_node_next(n)) {
		cmark_iter *it = cmark_iter_new(n);
		cmark_event_type ev;
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *x = cmark_iter_get_node(it);
			if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(x) == CMARK_NODE_LINK) {
				l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
				l->v[l->n++] = x;
			}
		}
		cmark_iter_free(it);
		if (n == cl->body_last)
			break;
	}
}

static char *render_body(const epub *e, const book_clause *cl)
{
	buf o;
	buf_init(&o);
	buf_puts(&o, "");
	for (cmark_node *n = cl->body_first; n; n = cmark_node_next(n)) {
		/* the default allocator, whatever n was parsed with (arena.h) */
		char *s = cmark_render_html_with_mem(n, e->options, reader_extensions(), cmark_get_default_mem_allocator());
		if (s)
			buf_puts(&o, s);
		free(s);
		if (n == cl->body_last)
			break;
	}
	return buf_detach(&o);
}

static char *get_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	char *s = xstrdup(v ? (const char *)v : "");
	xmlFree(v);
	return s;
}

/* An element that keeps its text but is no longer a link (or image). */
static void to_span(xmlNodePtr n)
{
	while (n->properties)
		xmlRemoveProp(n->properties);
	xmlNodeSetName(n, BAD_CAST "span");
}

/* The link node a cmark-gfm <a> came from, or NULL for the book's own
 * raw <a> (only with unsafe HTML let in: then the addresses must agree). */
static cmark_node *match_link(const epub *e, link_list *l, const char *href)
{
	if (l->next >= l->n)
		return NULL;
	if (!(e->options & CMARK_OPT_UNSAFE))
		return l->v[l->next++];
	const char *url = cmark_node_get_url(l->v[l->next]);
	char *a = url_decode(href), *u = url_decode(url ? url : "");
	int same = strcmp(a, u) == 0;
	free(a);
	free(u);
	return same ? l->v[l->next++] : NULL;
}

/* An <a>: a reference links to its clause's document, a link out of the
 * book stays, any other (to a file of the book, or an address an e-reader
 * cannot follow) keeps its text only. */
static void fix_link(epub *e, xmlNodePtr n, link_list *l)
{
	char *href = get_attr(n, "href");
	cmark_node *ln = match_link(e, l, href);
	int r = ln ? book_node_ref(ln) : -1;
	char *to = NULL;
	if (r >= 0 && e->b->refs[r].status == RESOLVE_OK)
		to = clause_href(e, e->b->refs[r].target_clause);
	else if (r < 0 && outside_url(href))
		to = xstrdup(href);
	else if (r < 0 && href[0] == '#')
		to = clause_href(e, book_find_id(e->b, href + 1));
	char *title = to ? get_attr(n, "title") : NULL;
	to_span(n);
	if (r >= 0 && e->b->refs[r].status != RESOLVE_OK)
		xmlNewProp(n, BAD_CAST "class", BAD_CAST "unresolved");
	if (to) {
		xmlNodeSetName(n, BAD_CAST "a");
		xmlNewProp(n, BAD_CAST "href", BAD_CAST to);
		if (*title)
			xmlNewProp(n, BAD_CAST "title", BAD_CAST title);
	}
	free(title);
	free(to);
	free(href);
}

static const char *media_type(const char *path)
{
	static const char *const types[][2] = {
		{".png", "image/png"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"},
		{".gif", "image/gif"}, {".svg", "image/svg+xml"},
	};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (strlen(path) > strlen(types[i][0]) && strcasecmp(path + strlen(path) - strlen(types[i][0]), types[i][0]) == 0)
			return types[i][1];
	return NULL;
}

static int is_local_file(const book *b, const char *rel)
{
	for (size_t i = 0; i < b->nlocal_files; i++)
		if (strcmp(b->local_files[i], rel) == 0)
			return 1;
	return 0;
}

/* An <img>: a local image of a core media type goes into the zip; any
 * other (remote: an EPUB holds its images) becomes its alt text. Returns
 * n, or the text node that replaced it. */
static xmlNodePtr fix_image(epub *e, xmlNodePtr n)
{
	char *src = get_attr(n, "src"), *rel = url_decode(src);
	char *q = strpbrk(rel, "?#");
	if (q)
		*q = '\0';
	int ok = !outside_url(src) && !strstr(rel, "..") && rel[0] != '/' && media_type(rel) && is_local_file(e->b, rel);
	if (ok && strmap_get(&e->media, rel) < 0) {
		strmap_set(&e->media, rel, 1);
		e->media_list = xgrow(e->media_list, &e->cap_media, e->nmedia + 1, sizeof *e->media_list);
		e->media_list[e->nmedia++] = xstrdup(rel);
	}
	free(src);
	free(rel);
	if (ok) {
		xmlChar *alt = xmlGetProp(n, BAD_CAST "alt");
		if (!alt)
			xmlNewProp(n, BAD_CAST "alt", BAD_CAST "");
		xmlFree(alt);
		return n;
	}
	xmlChar *alt = xmlGetProp(n, BAD_CAST "alt");
	xmlNodePtr t = xmlNewDocText(n->doc, alt ? alt : BAD_CAST "");
	xmlFree(alt);
	xmlReplaceNode(n, t);
	xmlFreeNode(n);
	return t;
}

/* Elements no content document of ours holds: scripts (an EPUB of an
 * untrusted book runs nothing, a trusted one's is no scripted EPUB),
 * and what would load from elsewhere or leave the page. */
static int dropped_element(const char *name)
{
	static const char *const drop[] = {"script", "noscript", "style", "iframe", "frame", "frameset", "object",
	                                   "embed", "applet", "base", "link", "meta", "audio", "video", "source",
	                                   "track", "form", "title", "head"};
	for (size_t i = 0; i < sizeof drop / sizeof *drop; i++)
		if (strcmp(name, drop[i]) == 0)
			return 1;
	return 0;
}

/* Attributes that go: event handlers, ids (cmark-gfm writes none; the
 * book's raw HTML could repeat a clause's), names that are no XML. */
static void fix_attrs(xmlNodePtr n)
{
	xmlAttrPtr a = n->properties;
	while (a) {
		xmlAttrPtr next = a->next;
		const char *name = (const char *)a->name;
		if (strncasecmp(name, "on", 2) == 0 || strcmp(name, "id") == 0 || strcmp(name, "name") == 0 ||
		    xmlValidateName(a->name, 0) != 0 || strchr(name, ':'))
			xmlRemoveProp(a);
		a = next;
	}
}

/* Text that XML 1.0 cannot hold (a control character from an entity)
 * becomes U+FFFD, as the DocBook writer does. */
static void fix_text(xmlNodePtr n)
{
	const unsigned char *s = n->content;
	int bad = 0;
	for (const unsigned char *p = s; p && *p && !bad; p++)
		bad = (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
		      (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF));
	if (!bad)
		return;
	buf o;
	buf_init(&o);
	buf_puts(&o, "");
	for (const unsigned char *p = s; *p; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') {
			buf_puts(&o, "\xEF\xBF\xBD");
		} else if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
			buf_puts(&o, "\xEF\xBF\xBD");
			p += 2;
		} else {
			buf_putc(&o, (char)*p);
		}
	}
	xmlNodeSetContent(n, NULL);
	xmlNodeAddContent(n, BAD_CAST o.data);
	buf_free(&o);
}

/* Makes the parsed body fit a content document, in document order (the
 * links are matched by it). */
static void fix_tree(epub *e, xmlNodePtr parent, link_list *l)
{
	xmlNodePtr n = parent->children;
	while (n) {
		xmlNodePtr next = n->next;
		if (n->type == XML_TEXT_NODE) {
			fix_text(n);
		} else if (n->type != XML_ELEMENT_NODE) {
			xmlUnlinkNode(n); /* comments ("raw HTML omitted"), processing instructions */
			xmlFreeNode(n);
		} else if (dropped_element((const char *)n->name) || xmlValidateNCName(n->name, 0) != 0) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		} else {
			fix_attrs(n);
			if (strcmp((const char *)n->name, "a") == 0)
				fix_link(e, n, l);
			else if (strcmp((const char *)n->name, "img") == 0)
				n = fix_image(e, n);
			if (n->type == XML_ELEMENT_NODE)
				fix_tree(e, n, l);
		}
		n = next;
	}
}

/* Appends clause c's body to parent, as XHTML. */
static void put_body(epub *e, int c, xmlNodePtr parent)
{
	const book_clause *cl = &e->b->clauses[c];
	if (!cl->body_first)
		return;
	char *html = render_body(e, cl);
	if (!*html) {
		free(html);
		return;
	}
	htmlDocPtr h = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8", BODY_OPTS);
	free(html);
	xmlNodePtr root = h ? xmlDocGetRootElement(h) : NULL, body = NULL;
	for (xmlNodePtr k = root ? root->children : NULL; k && !body; k = k->next)
		if (k->type == XML_ELEMENT_NODE && strcmp((const char *)k->name, "body") == 0)
			body = k;
	if (body) {
		link_list l = {0};
		collect_links(cl, &l);
		fix_tree(e, body, &l);
		free(l.v);
		for (xmlNodePtr k = body->children; k; k = k->next)
			xmlAddChild(parent, xmlDocCopyNode(k, parent->doc, 1));
	}
	if (h)
		xmlFreeDoc(h);
}

/* ---- the documents ---- */

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

static void write_doc(epub *e, size_t k)
{
	const book *b = e->b;
	int first = e->docs[k].first;
	char *title = numbered_title(&b->clauses[first]);
	xmlNodePtr body;
	xmlDocPtr doc = new_xhtml(e, title, &body);
	free(title);
	for (size_t i = (size_t)first; i < b->nclauses; i++) {
		if (e->doc_of[i] != (int)k)
			continue;
		put_heading(e, (int)i, b->clauses[i].depth - b->clauses[first].depth + 1, body);
		put_body(e, (int)i, body);
	}
	add_doc(e, e->docs[k].file, doc);
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
		if (!e->shown[i] || cl->depth > 1 || (cl->depth == 1 && !chapter))
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
		char *href = clause_href(e, (int)i), *text = numbered_title(cl);
		xmlNewProp(xmlNewTextChild(li, NULL, BAD_CAST "a", BAD_CAST(*text ? text : "-")), BAD_CAST "href", BAD_CAST href);
		free(href);
		free(text);
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
	"table { border-collapse: collapse; }\n"
	"th, td { border: 1px solid #999; padding: 0.2em 0.4em; vertical-align: top; }\n"
	"pre { white-space: pre-wrap; }\n"
	"img { max-width: 100%; }\n";

/* ---- the package ---- */

/* A stable identifier: the book's url, else a UUID from a hash of its
 * title, organisation and the role a role book is for. */
static char *identifier(const epub *e)
{
	const book_config *cf = &e->b->config;
	const char *role = e->v && e->v->role >= 0 ? e->b->roles[e->v->role].id : "";
	char *key = xasprintf("%s\n%s\n%s\n%s", cf->title ? cf->title : "", cf->organization ? cf->organization : "",
	                      cf->url ? cf->url : "", role);
	uint64_t h[2] = {0xcbf29ce484222325u, 0x84222325cbf29ce4u};
	for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
		h[0] = (h[0] ^ *p) * 0x100000001b3u;
		h[1] = (h[1] ^ *p) * 0x100000001b3u + 0x9e3779b97f4a7c15u;
	}
	free(key);
	/* version 5's bits, as a name-based UUID */
	h[0] = (h[0] & ~(uint64_t)0xf000u) | 0x5000u;
	h[1] = (h[1] & ~(3ull << 62)) | (2ull << 62);
	return xasprintf("urn:uuid:%08x-%04x-%04x-%04x-%012llx", (unsigned)(h[0] >> 32), (unsigned)(h[0] >> 16) & 0xffffu,
	                 (unsigned)h[0] & 0xffffu, (unsigned)(h[1] >> 48), (unsigned long long)(h[1] & 0xffffffffffffull));
}

static void item(xmlTextWriterPtr w, const char *id, const char *href, const char *type, const char *props)
{
	buf o;
	buf_init(&o);
	buf_puts(&o, "");
	put_url(&o, href);
	xmlTextWriterStartElement(w, BAD_CAST "item");
	xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST id);
	xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST o.data);
	xmlTextWriterWriteAttribute(w, BAD_CAST "media-type", BAD_CAST type);
	if (props)
		xmlTextWriterWriteAttribute(w, BAD_CAST "properties", BAD_CAST props);
	xmlTextWriterEndElement(w);
	buf_free(&o);
}

static void itemref(xmlTextWriterPtr w, const char *id)
{
	xmlTextWriterStartElement(w, BAD_CAST "itemref");
	xmlTextWriterWriteAttribute(w, BAD_CAST "idref", BAD_CAST id);
	xmlTextWriterEndElement(w);
}

static void dc(xmlTextWriterPtr w, const char *name, const char *text)
{
	if (text && *text)
		xmlTextWriterWriteElementNS(w, BAD_CAST "dc", BAD_CAST name, NULL, BAD_CAST text);
}

static void write_package(epub *e)
{
	const book_config *cf = &e->b->config;
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xb ? xmlNewTextWriterMemory(xb, 0) : NULL;
	if (!w) {
		e->err = 1;
		if (xb)
			xmlBufferFree(xb);
		return;
	}
	char *id = identifier(e), name[32];
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "package");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST "http://www.idpf.org/2007/opf");
	xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST "3.0");
	xmlTextWriterWriteAttribute(w, BAD_CAST "unique-identifier", BAD_CAST "book-id");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST(cf->language == LANG_RU ? "ru" : "en"));
	xmlTextWriterStartElement(w, BAD_CAST "metadata");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
	xmlTextWriterStartElementNS(w, BAD_CAST "dc", BAD_CAST "identifier", NULL);
	xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST "book-id");
	xmlTextWriterWriteString(w, BAD_CAST id);
	xmlTextWriterEndElement(w);
	dc(w, "title", cf->title && *cf->title ? cf->title : "-");
	dc(w, "language", cf->language == LANG_RU ? "ru" : "en");
	dc(w, "publisher", cf->organization);
	xmlTextWriterStartElement(w, BAD_CAST "meta");
	xmlTextWriterWriteAttribute(w, BAD_CAST "property", BAD_CAST "dcterms:modified");
	xmlTextWriterWriteString(w, BAD_CAST e->modified);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "manifest");
	item(w, "title", "title.xhtml", "application/xhtml+xml", NULL);
	item(w, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
	item(w, "css", "style.css", "text/css", NULL);
	for (size_t k = 0; k < e->ndocs; k++) {
		snprintf(name, sizeof name, "doc-%zu", k + 1);
		item(w, name, e->docs[k].file, "application/xhtml+xml", NULL);
	}
	for (size_t k = 0; k < e->nmedia; k++) {
		snprintf(name, sizeof name, "media-%zu", k + 1);
		item(w, name, e->media_list[k], media_type(e->media_list[k]), NULL);
	}
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "spine");
	itemref(w, "title");
	itemref(w, "nav");
	for (size_t k = 0; k < e->ndocs; k++) {
		snprintf(name, sizeof name, "doc-%zu", k + 1);
		itemref(w, name);
	}
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	if (xmlTextWriterEndDocument(w) < 0)
		e->err = 1;
	xmlFreeTextWriter(w);
	add_text(e, "EPUB/package.opf", (const char *)xmlBufferContent(xb));
	xmlBufferFree(xb);
	free(id);
}

static const char container[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
	"  <rootfiles>\n"
	"    <rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
	"  </rootfiles>\n"
	"</container>\n";

static void free_epub(epub *e)
{
	for (size_t k = 0; k < e->ndocs; k++)
		free(e->docs[k].file);
	free(e->docs);
	for (size_t k = 0; k < e->nmedia; k++)
		free(e->media_list[k]);
	free(e->media_list);
	strmap_free(&e->media);
	free(e->shown);
	free(e->doc_of);
}

int epub_write(const book *b, const book_view *v, const char *path, diag_list *d)
{
	epub e;
	memset(&e, 0, sizeof e);
	e.b = b, e.v = v, e.path = path, e.d = d;
	/* as the HTML backend renders: the book's raw HTML only when trusted */
	e.options = CMARK_OPT_DEFAULT | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES;
	if (b->trusted && b->config.unsafe_html)
		e.options |= CMARK_OPT_UNSAFE;
	strmap_init(&e.media);
	plan_docs(&e);
	plan_dates(&e);
	int zerr = 0;
	e.z = zip_open(path, ZIP_CREATE | ZIP_EXCL, &zerr);
	if (!e.z) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		diag_add(d, path, 0, 0, SEV_FATAL, "io-error", NULL, "cannot write '%s': %s", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		free_epub(&e);
		return -1;
	}
	/* the mimetype first, stored: how a reader knows the file */
	add_entry(&e, "mimetype", xstrdup("application/epub+zip"), strlen("application/epub+zip"), 1);
	add_text(&e, "META-INF/container.xml", container);
	write_title_page(&e);
	write_nav(&e);
	for (size_t k = 0; k < e.ndocs; k++)
		write_doc(&e, k);
	add_text(&e, "EPUB/style.css", css);
	for (size_t k = 0; k < e.nmedia; k++)
		add_local(&e, e.media_list[k]);
	write_package(&e);
	int rc = 0;
	if (e.err) {
		diag_add(d, path, 0, 0, SEV_FATAL, "io-error", NULL, "the EPUB writer failed for %s", path);
		zip_discard(e.z);
		rc = -1;
	} else if (zip_close(e.z) != 0) {
		diag_add(d, path, 0, 0, SEV_FATAL, "io-error", NULL, "cannot write '%s': %s", path, zip_strerror(e.z));
		zip_discard(e.z);
		rc = -1;
	}
	free_epub(&e);
	return rc;
}

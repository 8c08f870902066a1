/* epubbody.c - a clause body as XHTML for the EPUB (epubint.h).
 *
 * A clause body is cmark-gfm's HTML, as the HTML backend renders it, read
 * back by libxml2's HTML parser: that HTML is no XML, the tree it gives is.
 * The reference links are then found in that tree by the address the
 * frozen model gives them (BOOK_REF_MARK): the backend only reads the
 * model, so it may run beside the rules. */
#include "epubint.h"
#include "reader.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BODY_OPTS (HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET)

/* 1 for an address an e-reader may follow out of the book. */
static int outside_url(const char *u)
{
	static const char *const ok[] = {"http://", "https://", "mailto:", "tel:"};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (strncasecmp(u, ok[i], strlen(ok[i])) == 0)
			return 1;
	return 0;
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

/* ---- clause bodies: cmark-gfm's HTML, made XHTML ---- */

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

/* The reference an <a> stands for: reading gives every reference link
 * the address BOOK_REF_MARK<index> (xref_mark, most of them while the
 * names are registered; xref_freeze the rest, and an author's link to
 * such an address an empty one), which cmark-gfm writes as it is. -1 for
 * any other link. */
static int link_ref(const epub *e, const char *href)
{
	size_t n = sizeof BOOK_REF_MARK - 1;
	if (strncmp(href, BOOK_REF_MARK, n) != 0 || !isdigit((unsigned char)href[n]))
		return -1;
	char *end;
	unsigned long r = strtoul(href + n, &end, 10);
	return *end || r >= e->b->nrefs ? -1 : (int)r;
}

/* An <a>: a reference links to its clause's document, a link out of the
 * book stays, any other (to a file of the book, or an address an e-reader
 * cannot follow) keeps its text only. */
static void fix_link(epub *e, xmlNodePtr n)
{
	char *href = get_attr(n, "href");
	int r = link_ref(e, href);
	char *to = NULL;
	if (r >= 0 && e->b->refs[r].status == RESOLVE_OK)
		to = epub_clause_href(e, e->b->refs[r].target_clause);
	else if (r < 0 && outside_url(href))
		to = xstrdup(href);
	else if (r < 0 && href[0] == '#')
		to = epub_clause_href(e, book_find_id(e->b, href + 1));
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
	int ok = !outside_url(src) && !strstr(rel, "..") && rel[0] != '/' && epub_media_type(rel) && is_local_file(e->b, rel);
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

/* Makes the parsed body fit a content document. */
static void fix_tree(epub *e, xmlNodePtr parent)
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
				fix_link(e, n);
			else if (strcmp((const char *)n->name, "img") == 0)
				n = fix_image(e, n);
			if (n->type == XML_ELEMENT_NODE)
				fix_tree(e, n);
		}
		n = next;
	}
}

/* Appends clause c's body to parent, as XHTML. */
void epub_put_body(epub *e, int c, xmlNodePtr parent)
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
		fix_tree(e, body);
		for (xmlNodePtr k = body->children; k; k = k->next)
			xmlAddChild(parent, xmlDocCopyNode(k, parent->doc, 1));
	}
	if (h)
		xmlFreeDoc(h);
}

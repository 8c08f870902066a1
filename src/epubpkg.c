/* epubpkg.c - the EPUB's zip (libzip), its dates and its package
 * document (epubint.h). Everything in the zip carries the book's date,
 * plain permissions and a fixed order, so the bytes repeat. */
#include "epubint.h"
#include "diagid.h"
#include "escape.h"
#include "history.h"

#include <ctype.h>
#include <errno.h>
#include <libxml/xmlwriter.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
void epub_plan_dates(epub *e)
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

/* Appends s to o as a URL path or fragment: bytes other than unreserved
 * ones and '/' percent-encoded. */
void epub_put_url(buf *o, const char *s)
{
	esc_url(o, s, ESC_URL_STRICT, 0);
}

const char *epub_media_type(const char *path)
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

/* ---- the zip ---- */

/* Adds data (malloc'ed, given to libzip) as entry name: stored or
 * deflated, with the book's time and plain file permissions. */
void epub_add_entry(epub *e, const char *name, char *data, size_t len, int store)
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

void epub_add_text(epub *e, const char *name, const char *text)
{
	epub_add_entry(e, name, xstrdup(text), strlen(text), 0);
}

/* A local file of the book, read now (the zip is written at the end). */
void epub_add_local(epub *e, const char *rel)
{
	char *path = xasprintf("%s/%s", e->b->dir, rel), *name = xasprintf("EPUB/%s", rel);
	size_t len;
	char *data = read_file(path, &len);
	if (data) {
		epub_add_entry(e, name, data, len, 0);
	} else {
		diag_add(e->d, path, 0, 0, SEV_FATAL, DIAG_ID(IO_ERROR), NULL, "cannot read '%s': %s", path,
			 strerror(errno));
		e->err = 1;
	}
	free(path);
	free(name);
}

static const char container[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
	"  <rootfiles>\n"
	"    <rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
	"  </rootfiles>\n"
	"</container>\n";

void epub_add_container(epub *e)
{
	/* the mimetype first, stored: how a reader knows the file */
	epub_add_entry(e, "mimetype", xstrdup("application/epub+zip"), strlen("application/epub+zip"), 1);
	epub_add_text(e, "META-INF/container.xml", container);
}

/* ---- the package ---- */

/* A stable identifier: a UUID from a hash of the book's title,
 * organisation, url and the role a role book is for. */
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
	epub_put_url(&o, href);
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

void epub_write_package(epub *e)
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
	xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST book_lang_tag(cf));
	xmlTextWriterStartElement(w, BAD_CAST "metadata");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
	xmlTextWriterStartElementNS(w, BAD_CAST "dc", BAD_CAST "identifier", NULL);
	xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST "book-id");
	xmlTextWriterWriteString(w, BAD_CAST id);
	xmlTextWriterEndElement(w);
	/* a role book's title names the role: on a reader's shelf, beside the
	 * whole book and the other roles' books, it is the title that shows */
	const char *title = cf->title && *cf->title ? cf->title : "-";
	char *full = NULL;
	if (e->v && e->v->role >= 0 && (size_t)e->v->role < e->b->nroles) {
		const book_role *r = &e->b->roles[e->v->role];
		full = xasprintf("%s — %s", title, r->name && *r->name ? r->name : r->id);
	}
	dc(w, "title", full ? full : title);
	free(full);
	dc(w, "language", book_lang_tag(cf));
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
		item(w, name, e->media_list[k], epub_media_type(e->media_list[k]), NULL);
	}
	if (e->p->ngloss)
		item(w, "glossary", "glossary.xhtml", "application/xhtml+xml", NULL);
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "spine");
	itemref(w, "title");
	itemref(w, "nav");
	for (size_t k = 0; k < e->ndocs; k++) {
		snprintf(name, sizeof name, "doc-%zu", k + 1);
		itemref(w, name);
	}
	if (e->p->ngloss)
		itemref(w, "glossary");
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	if (xmlTextWriterEndDocument(w) < 0)
		e->err = 1;
	xmlFreeTextWriter(w);
	epub_add_text(e, "EPUB/package.opf", (const char *)xmlBufferContent(xb));
	xmlBufferFree(xb);
	free(id);
}

/* docbook.c - the DocBook 5.0 backend: streams the book model as one <book>
 * through libxml2's output buffer and escaping (no tree), and validates a written
 * document against the DocBook 5.0 RELAX NG schema. Here: the writer's
 * primitives, the book's info, dbk_write and validation; the bodies and
 * chapters are in docbook_md.c and docbook_chapter.c (docbook_int.h). */
#include "docbook_int.h"
#include "history.h"
#include "manifest.h"
#include "oblig.h"
#include "diag.h"
#include "diagid.h"
#include "diffword.h"
#include "output.h"

#include <ctype.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- text and attributes ---- */

int dbk_xml_char_ok(utf8proc_int32_t c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	       (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Copies s[0..n) into o, replacing invalid UTF-8 and characters XML 1.0
 * forbids (control characters, U+FFFE, ...) with U+FFFD. */
static void sanitize(buf *o, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		/* a run of plain text (util.h), copied in one go */
		size_t j = i + utf8_clean_prefix(s + i, n - i);
		if (j > i) {
			buf_put(o, s + i, j - i);
			i = j;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			buf_puts(o, "\xEF\xBF\xBD");
			i++;
		} else {
			if (dbk_xml_char_ok(cp))
				buf_put(o, s + i, (size_t)k);
			else
				buf_puts(o, "\xEF\xBF\xBD");
			i += (size_t)k;
		}
	}
}

void dbk_check(dbk *d, int rc)
{
	if (rc < 0)
		d->err = 1;
}

/* ---- the writer ----
 * The document is streamed as it is made, with no tree. Markup and text
 * that needs no escaping gather in d->ob, which goes to libxml2's output
 * buffer in large pieces (dbk_flush); what needs escaping is escaped by
 * libxml2: text by xmlOutputBufferWriteEscape, attribute values by
 * xmlAttrSerializeTxtContent (what xmlTextWriter called). The bytes are
 * xmlTextWriter's without indentation (an empty element as <x/>); it cost
 * a list node, a copy of the name and a dozen output calls an element,
 * and its UTF-8 "encoder" copied the whole document once more. */

enum { OB_FLUSH = 1 << 18 }; /* d->ob goes out when it holds this much: past the
                               * file's 64 KiB buffer, most of it is written
                               * without a copy there */

/* Writes the n bytes at s, which need no escaping, after what is written.
 * Into d->file when there is one: libxml2's buffer then only ever holds
 * text it escaped since the last of these, and goes out first. Copying
 * every byte into libxml2's buffer on the way to the file cost 13 M
 * instructions of the 10 MB bench book's book.xml. */
static void put_raw(dbk *d, const char *s, size_t n)
{
	if (d->file) {
		if (xmlOutputBufferGetSize(d->out) > 0)
			dbk_check(d, xmlOutputBufferFlush(d->out));
		if (fwrite(s, 1, n, d->file) != n)
			d->err = 1;
		return;
	}
	for (size_t i = 0; i < n;) {
		int k = n - i > INT_MAX / 2 ? INT_MAX / 2 : (int)(n - i);
		dbk_check(d, xmlOutputBufferWrite(d->out, k, s + i));
		i += (size_t)k;
	}
}

void dbk_flush(dbk *d)
{
	if (!d->ob.len)
		return;
	put_raw(d, d->ob.data, d->ob.len);
	d->ob.len = 0;
	d->ob.data[0] = '\0';
}

void dbk_init(dbk *d, xmlOutputBufferPtr out)
{
	memset(d, 0, sizeof *d);
	buf_init(&d->ob);
	buf_init(&d->tmp);
	d->out = out;
	d->err = out == NULL;
}

int dbk_release(dbk *d)
{
	if (d->out) {
		dbk_flush(d);
		dbk_check(d, xmlOutputBufferClose(d->out));
		d->out = NULL;
	}
	free(d->st);
	free(d->names);
	if (d->abuf)
		xmlBufferFree(d->abuf);
	if (d->adoc)
		xmlFreeDoc(d->adoc);
	buf_free(&d->ob);
	buf_free(&d->tmp);
	return d->err ? -1 : 0;
}

static void ob_check(dbk *d)
{
	if (d->ob.len >= OB_FLUSH)
		dbk_flush(d);
}

/* Content follows: a start tag still open gets its '>'. */
static void content(dbk *d)
{
	if (d->tag_open) {
		buf_putc(&d->ob, '>');
		d->tag_open = 0;
	}
}

void dbk_put_text_n(dbk *d, const char *s, size_t n)
{
	if (!s || !n)
		return;
	content(d);
	size_t plain = utf8_xml_text_prefix(s, n);
	if (plain == n) {
		/* nothing to check or escape: the bytes as they are (what
		 * libxml2's escaping would copy, without its pass) */
		if (n < OB_FLUSH) {
			buf_put(&d->ob, s, n);
			ob_check(d);
			return;
		}
		dbk_flush(d);
		put_raw(d, s, n);
		return;
	}
	const char *text = s;
	/* the clean prefix goes on from where the XML one stopped (at a
	 * character's start): the text is not read twice */
	if (s[n] != '\0' || plain + utf8_clean_prefix(s + plain, n - plain) != n) {
		/* not plain text ending here: a sanitised copy */
		d->tmp.len = 0;
		if (d->tmp.data)
			d->tmp.data[0] = '\0';
		sanitize(&d->tmp, s, n);
		text = d->tmp.data;
	}
	/* libxml2 escapes the text straight into its output buffer, after
	 * what d->ob holds */
	dbk_flush(d);
	dbk_check(d, xmlOutputBufferWriteEscape(d->out, BAD_CAST text, NULL));
}

void dbk_put_newline(dbk *d)
{
	content(d);
	buf_putc(&d->ob, '\n');
	ob_check(d);
}

void dbk_put_text(dbk *d, const char *s)
{
	if (s)
		dbk_put_text_n(d, s, strlen(s));
}

/* The bytes libxml2's attribute escaping copies as they are, of printable
 * ASCII: all but " < > & (it also copies UTF-8, in a document in UTF-8,
 * and writes tabs and line ends as references). */
static const unsigned char attr_ascii[256] = {
	['\x20'] = 1, ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['\''] = 1, ['('] = 1, [')'] = 1, ['*'] = 1,
	['+'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1,
	['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, [':'] = 1, [';'] = 1, ['='] = 1,
	['?'] = 1, ['@'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
	['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
	['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1,
	['Z'] = 1, ['['] = 1, ['\\'] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['a'] = 1, ['b'] = 1,
	['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1,
	['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
	['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1,
	['~'] = 1,
};

/* Whether libxml2's attribute escaping copies value as it is; its length
 * in *len. One pass over the usual id or word (ASCII), two more over the
 * rest of a value with other characters. */
static int attr_plain(const char *value, size_t *len)
{
	size_t n = 0;
	while (attr_ascii[(unsigned char)value[n]])
		n++;
	if (!value[n]) {
		*len = n;
		return 1;
	}
	size_t rest = strlen(value + n);
	*len = n + rest;
	return strcspn(value + n, "\t\n\r\"<>&") == rest && utf8_clean_prefix(value + n, rest) == rest;
}

void dbk_attr(dbk *d, const char *name, const char *value)
{
	if (!value)
		return;
	if (!d->tag_open) { /* no start tag to add it to (xmlTextWriter refused) */
		d->err = 1;
		return;
	}
	size_t n;
	int plain = attr_plain(value, &n);
	buf_putc(&d->ob, ' ');
	buf_puts(&d->ob, name);
	buf_put(&d->ob, "=\"", 2);
	if (plain) {
		buf_put(&d->ob, value, n);
	} else {
		buf v;
		buf_init(&v);
		const char *text = value;
		if (utf8_clean_prefix(value, n) != n) {
			sanitize(&v, value, n);
			text = v.data;
		}
		if (!d->abuf) {
			/* the document says UTF-8, as xmlTextWriter's did: no
			 * character references for what UTF-8 can say */
			d->abuf = xmlBufferCreate();
			d->adoc = xmlNewDoc(NULL);
			if (d->adoc)
				d->adoc->encoding = xmlStrdup(BAD_CAST "UTF-8");
		}
		if (d->abuf && d->adoc && d->adoc->encoding) {
			xmlBufferEmpty(d->abuf);
			xmlAttrSerializeTxtContent(d->abuf, d->adoc, NULL, BAD_CAST text);
			buf_put(&d->ob, (const char *)xmlBufferContent(d->abuf), (size_t)xmlBufferLength(d->abuf));
		} else {
			d->err = 1;
		}
		buf_free(&v);
	}
	buf_putc(&d->ob, '"');
}

void dbk_start_n(dbk *d, const char *name, size_t n)
{
	content(d);
	d->names = xgrow(d->names, &d->cap_names, (size_t)d->depth + 1, sizeof *d->names);
	d->names[d->depth].s = name;
	d->names[d->depth++].n = n;
	buf_putc(&d->ob, '<');
	buf_put(&d->ob, name, n);
	d->tag_open = 1;
}

/* Block elements start on a line of their own: whitespace between
 * elements in element-only content is insignificant, and validation
 * errors then carry useful line numbers. Never used in mixed content. */
void dbk_start_block_n(dbk *d, const char *name, size_t n)
{
	content(d);
	buf_putc(&d->ob, '\n');
	dbk_start_n(d, name, n);
}

void dbk_end(dbk *d)
{
	if (d->depth <= 0) {
		d->err = 1;
		return;
	}
	const dbk_name *e = &d->names[--d->depth];
	if (d->tag_open) {
		buf_put(&d->ob, "/>", 2);
		d->tag_open = 0;
	} else {
		buf_put(&d->ob, "</", 2);
		buf_put(&d->ob, e->s, e->n);
		buf_putc(&d->ob, '>');
	}
	ob_check(d);
}

void dbk_pi(dbk *d, const char *target)
{
	content(d);
	buf_put(&d->ob, "<?", 2);
	buf_puts(&d->ob, target);
	buf_put(&d->ob, "?>", 2);
}

void dbk_empty_para(dbk *d)
{
	dbk_start_block(d, "para");
	dbk_end(d);
}

int dbk_is_alpha(char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Percent-encodes what an xsd:anyURI must not hold as is (spaces,
 * quotes, brackets, non-ASCII, stray '%'). */
static char *escape_href(const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	buf o;
	buf_init(&o);
	buf_puts(&o, "");
	/* A ':' before the first '/', '?' or '#' makes a scheme; when what
	 * precedes it is not a valid scheme name, the ':' is data ("foo):"). */
	size_t first = strcspn(url, "/?#");
	const char *colon = memchr(url, ':', first);
	int scheme = colon && colon > url && dbk_is_alpha(url[0]);
	for (const char *q = url; scheme && q < colon; q++)
		if (!dbk_is_alpha(*q) && !isdigit((unsigned char)*q) && !strchr("+-.", *q))
			scheme = 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		unsigned char c = *p;
		int in_first = (size_t)((const char *)p - url) < first;
		if (c == ':' && in_first && !scheme) {
			buf_puts(&o, "%3A");
			continue;
		}
		if (c == '%' && isxdigit(p[1]) && isxdigit(p[2]))
			buf_putc(&o, '%');
		else if (c > 0x20 && c < 0x7F && !strchr("\"<>\\^`{|}[]%", c))
			buf_putc(&o, (char)c);
		else {
			buf_putc(&o, '%');
			buf_putc(&o, hex[c >> 4]);
			buf_putc(&o, hex[c & 15]);
		}
	}
	return buf_detach(&o);
}

void dbk_attr_href(dbk *d, const char *name, const char *url)
{
	char *e = escape_href(url ? url : "");
	dbk_attr(d, name, e);
	free(e);
}

/* <tag role="role">text</tag> in the info, when text says something. */
static void info_item(dbk *d, const char *tag, const char *role, const char *text)
{
	if (!text || !*text)
		return;
	dbk_start_block(d, tag);
	dbk_attr(d, "role", role);
	dbk_put_text(d, text);
	dbk_end(d);
}

/* A role's name by id; NULL when the book has no such role. */
static const char *role_name(const book *b, const char *id)
{
	int r = id ? book_find_role(b, id) : -1;
	return r < 0 ? NULL : b->roles[r].name ? b->roles[r].name : b->roles[r].id;
}

/* Document control (FORMAT.md 9) in the info: the dates as `date`, who
 * approved and who owns the book (or a role book's standard) as
 * `bibliomisc`, each with a role saying which. */
static void write_control(dbk *d)
{
	const book *b = d->b;
	const book_config *cf = &b->config;
	info_item(d, "date", "effective", cf->effective);
	info_item(d, "date", "approved", cf->approved);
	info_item(d, "bibliomisc", "approved-by", cf->approved_by);
	info_item(d, "bibliomisc", "owner", role_name(b, cf->owner));
	if (d->v && d->v->role >= 0 && (size_t)d->v->role < b->nroles)
		info_item(d, "bibliomisc", "standard-owner", role_name(b, b->roles[d->v->role].owner));
}

/* A word of the revision history in the book's language (the HTML's are
 * in words.lua): a change's kind or effect as history.c names them. */
static const char *rev_word(book_lang lang, const char *key)
{
	static const char *const kinds[] = {"added", "removed", "changed", "retitled", "moved"};
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) /* the diff's words (a clause's) */
		if (strcmp(kinds[k], key) == 0)
			return diffword_kind((diff_kind)k, DWN_CLAUSE, lang);
	static const char *const w[][3] = {
		{"joined", "впервые для этой роли", "new to this role"},
		{"left", "больше не для этой роли", "no longer for this role"}, {"was", "был", "was"},
		{"first", "Первая версия в истории.", "The first version in the history."},
		{"none", "Стандарты ролей не изменились.", "No role's standard changed."},
	};
	for (size_t i = 0; i < sizeof w / sizeof *w; i++)
		if (strcmp(w[i][0], key) == 0)
			return w[i][lang == LANG_RU ? 1 : 2];
	for (oblig_effect e = OBLIG_EDITORIAL; e <= OBLIG_MIXED; e++)
		if (strcmp(oblig_effect_name(e), key) == 0)
			return oblig_effect_words(e, lang);
	return key;
}

/* The revision history (FORMAT.md 9) as `revhistory`, newest first: each
 * version's number, date, author, and a list item per role and clause
 * changed ("Role: 4.2.1 Title: changed, stronger duties"). */
static void write_revhistory(dbk *d)
{
	const history *h = d->b->history;
	book_lang lang = d->b->config.language;
	dbk_start_block(d, "revhistory");
	for (size_t i = h->n; i-- > 0;) {
		const history_version *v = &h->v[i];
		dbk_start_block(d, "revision");
		dbk_start_block(d, "revnumber");
		dbk_put_text(d, v->version);
		dbk_end(d);
		dbk_start_block(d, "date");
		dbk_put_text(d, v->date);
		dbk_end(d);
		if (*v->author) {
			dbk_start_block(d, "author");
			dbk_start_block(d, "personname");
			dbk_put_text(d, v->author);
			dbk_end(d);
			dbk_end(d);
		}
		if (v->first || !v->nchanges) {
			dbk_start_block(d, "revremark");
			dbk_put_text(d, rev_word(lang, v->first ? "first" : "none"));
			dbk_end(d);
		} else {
			dbk_start_block(d, "revdescription");
			dbk_start_block(d, "itemizedlist");
			for (size_t k = 0; k < v->nchanges; k++) {
				const history_change *c = &v->changes[k];
				dbk_start_block(d, "listitem");
				dbk_start_block(d, "para");
				buf t; /* not d->tmp, which put_text uses */
				buf_init(&t);
				if (c->was) /* the old number: another clause may have it now */
					buf_printf(&t, "%s: %s (%s %s): %s", c->role_name, c->title, rev_word(lang, "was"), c->number,
						   rev_word(lang, c->kind));
				else
					buf_printf(&t, "%s: %s %s: %s", c->role_name, c->number, c->title, rev_word(lang, c->kind));
				if (c->effect)
					buf_printf(&t, ", %s", rev_word(lang, c->effect));
				dbk_put_text(d, t.data);
				buf_free(&t);
				dbk_end(d);
				dbk_end(d);
			}
			dbk_end(d);
			dbk_end(d);
		}
		dbk_end(d);
	}
	dbk_end(d);
}

/* <para>label: text</para>, or a line to fill in when text is NULL. */
static void ack_line(dbk *d, const char *label, const char *text)
{
	dbk_start_block(d, "para");
	dbk_put_text(d, label);
	dbk_put_text(d, ": ");
	dbk_put_text(d, text ? text : "________________________________________");
	dbk_end(d);
}

/* A role book ends with an acknowledgement sheet (FORMAT.md 9): the role,
 * the version, the fingerprint of the role's obligations, and lines for
 * the reader's name, signature and date. */
static void write_ack(dbk *d)
{
	const book *b = d->b;
	int ru = b->config.language == LANG_RU;
	const book_role *r = &b->roles[d->v->role];
	char fp[17];
	manifest_fingerprint(b, d->v, fp);
	dbk_start_block(d, "appendix");
	dbk_attr(d, "role", "acknowledgement");
	dbk_start_block(d, "title");
	dbk_put_text(d, ru ? "Лист ознакомления" : "Acknowledgement");
	dbk_end(d);
	dbk_start_block(d, "para");
	dbk_put_text(d, ru ? "С обязанностями этой книги ознакомлен(а) и обязуюсь их выполнять."
	               : "I have read the obligations in this book and agree to comply with them.");
	dbk_end(d);
	ack_line(d, ru ? "Книга для роли" : "Book for the role", r->name ? r->name : r->id);
	ack_line(d, ru ? "Версия" : "Version", b->config.version && *b->config.version ? b->config.version : "—");
	ack_line(d, ru ? "Отпечаток обязанностей" : "Fingerprint of the obligations", fp);
	ack_line(d, ru ? "Фамилия, имя, отчество" : "Full name", NULL);
	ack_line(d, ru ? "Подпись" : "Signature", NULL);
	ack_line(d, ru ? "Дата" : "Date", NULL);
	dbk_end(d);
}

static void write_book(dbk *d)
{
	const book *b = d->b;
	const book_config *cf = &b->config;
	buf_puts(&d->ob, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	dbk_start(d, "book");
	dbk_attr(d, "xmlns", DBK_NS);
	dbk_attr(d, "xmlns:xlink", XLINK_NS);
	dbk_attr(d, "version", "5.0");
	dbk_attr(d, "xml:lang", book_lang_tag(cf));
	dbk_start_block(d, "info");
	dbk_start_block(d, "title");
	dbk_put_text(d, cf->title ? cf->title : "");
	dbk_end(d);
	if (d->v && d->v->role >= 0 && (size_t)d->v->role < b->nroles) {
		/* an onboarding book says whose it is (the HTML's words.lua has the same words) */
		dbk_start_block(d, "subtitle");
		dbk_put_text(d, cf->language == LANG_RU ? "Книга для роли: " : "Book for the role: ");
		dbk_put_text(d, b->roles[d->v->role].name);
		dbk_end(d);
	}
	if (cf->organization && *cf->organization) {
		dbk_start_block(d, "orgname");
		dbk_put_text(d, cf->organization);
		dbk_end(d);
	}
	if (cf->version && *cf->version) {
		dbk_start_block(d, "releaseinfo");
		dbk_put_text(d, cf->version);
		dbk_end(d);
	}
	write_control(d);
	if (d->b->history && d->b->history->n && (!d->v || d->v->role < 0))
		write_revhistory(d);
	dbk_end(d);
	for (size_t ch = 0; ch < b->nchapters; ch++) {
		int c = b->chapters[ch].clause;
		if (c >= 0 && d->shown[c])
			dbk_write_chapter(d, (int)ch);
	}
	if (d->v && d->v->role >= 0 && (size_t)d->v->role < b->nroles)
		write_ack(d);
	content(d);
	buf_putc(&d->ob, '\n');
	dbk_end(d);
	while (d->depth > 0) /* what is still open (nothing, when all went well) */
		dbk_end(d);
	buf_putc(&d->ob, '\n');
	dbk_flush(d);
	dbk_check(d, xmlOutputBufferFlush(d->out));
}

/* libxml2's output buffer into f, through f's own buffer: the output
 * buffer libxml2 makes for a FILE flushes the FILE every 4 000 bytes. */
static int to_file(void *f, const char *s, int n)
{
	return n > 0 && fwrite(s, 1, (size_t)n, f) != (size_t)n ? -1 : n;
}

/* The document is streamed to its file through libxml2's output buffer:
 * held whole in an xmlBuffer, it grew by doubling to up to twice its size
 * and was build's peak memory. */
int dbk_write(const book *b, const book_view *v, const plan *given, const char *path, diag_list *dl)
{
	FILE *f = output_open(path, dl);
	if (!f)
		return -1;
	dbk d;
	dbk_init(&d, xmlOutputBufferCreateIO(to_file, NULL, f, NULL));
	d.file = f;
	d.b = b;
	d.v = v;
	plan *own = given ? NULL : plan_new(b, v);
	const plan *p = given ? given : own;
	d.p = p;
	d.shown = p->shown;
	int started = !d.err;
	if (!started)
		diag_add(dl, path, 0, 0, SEV_FATAL, DIAG_ID(IO_ERROR), NULL, "cannot start the DocBook writer");
	else
		write_book(&d);
	int failed = dbk_release(&d) != 0; /* f stays open */
	if (started && failed)
		diag_add(dl, path, 0, 0, SEV_FATAL, DIAG_ID(IO_ERROR), NULL, "the DocBook writer failed for %s", path);
	int rc = output_close(f, path, dl) != 0 || failed ? -1 : 0;
	plan_free(own);
	return rc;
}

/* ---- validation ---- */

enum { MAX_REPORTED = 100 };

typedef struct {
	diag_list *d;
	const char *path;
	int n;
} vctx;

#if LIBXML_VERSION >= 21200
static void on_error(void *data, const xmlError *e)
#else
static void on_error(void *data, xmlErrorPtr e)
#endif
{
	vctx *c = data;
	if (!e || e->level < XML_ERR_ERROR)
		return;
	if (++c->n > MAX_REPORTED)
		return;
	char *msg = xstrdup(e->message ? e->message : "invalid");
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	diag_add(c->d, c->path, e->line > 0 ? e->line : 0, e->int2 > 0 ? e->int2 : 0, SEV_ERROR, DIAG_ID(DOCBOOK_INVALID),
		 NULL, "%s", msg);
	free(msg);
}

/* The schema is parsed once per process: parsing it costs more than
 * validating a typical book. */
static xmlRelaxNGPtr load_schema(vctx *c)
{
	static xmlRelaxNGPtr schema;
	static int tried;
	if (tried)
		return schema;
	tried = 1;
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(DBK_SCHEMA);
	if (!pc)
		return NULL;
	xmlRelaxNGSetParserStructuredErrors(pc, on_error, c);
	schema = xmlRelaxNGParse(pc);
	xmlRelaxNGFreeParserCtxt(pc);
	return schema;
}

int dbk_validate(const char *path, diag_list *dl)
{
	vctx c = {dl, path, 0};
	xmlRelaxNGPtr schema = load_schema(&c);
	if (!schema) {
		diag_add(dl, path, 0, 0, SEV_ERROR, DIAG_ID(DOCBOOK_INVALID), "install the Debian package docbook5-xml",
			 "cannot load the DocBook 5.0 RELAX NG schema %s", DBK_SCHEMA);
		return -1;
	}
	c.n = 0;
	xmlSetStructuredErrorFunc(&c, on_error);
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	int rc = -1;
	if (doc) {
		xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
		if (vc) {
			xmlRelaxNGSetValidStructuredErrors(vc, on_error, &c);
			rc = xmlRelaxNGValidateDoc(vc, doc);
			xmlRelaxNGFreeValidCtxt(vc);
		}
		xmlFreeDoc(doc);
	}
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (rc != 0 && c.n == 0)
		diag_add(dl, path, 0, 0, SEV_ERROR, DIAG_ID(DOCBOOK_INVALID), NULL, "%s is not valid DocBook 5.0", path);
	if (c.n > MAX_REPORTED)
		diag_add(dl, path, 0, 0, SEV_ERROR, DIAG_ID(DOCBOOK_INVALID), NULL, "%d more DocBook validation errors",
			 c.n - MAX_REPORTED);
	return rc == 0 ? 0 : -1;
}

/* docbook.c - the DocBook 5.0 backend: streams the book model as one <book>
 * through libxml2's xmlTextWriter (no tree), and validates a written
 * document against the DocBook 5.0 RELAX NG schema. */
#include "docbook.h"
#include "history.h"
#include "manifest.h"
#include "diag.h"
#include "output.h"
#include "plan.h"
#include "util.h"

#include <cmark-gfm-core-extensions.h>
#include <ctype.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlwriter.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#define DBK_NS "http://docbook.org/ns/docbook"
#define XLINK_NS "http://www.w3.org/1999/xlink"

/* Nesting caps, in open XML elements. Markdown may nest block quotes and
 * lists without limit; XML tools do not (libxml2 refuses more than 256
 * levels, Java validators overflow their stacks). Deeper containers are
 * flattened: their blocks go to the enclosing container, so no text is
 * lost. Inline wrappers past the inline cap are dropped the same way. */
enum { BLOCK_DEPTH_MAX = 120, INLINE_DEPTH_MAX = 200 };

/* What a frame of the walker's stack stands for. */
typedef enum {
	FR_BASE,      /* the context the walk writes into (section body, title) */
	FR_CONTAINER, /* blockquote, listitem: needs a block child */
	FR_LIST,      /* itemizedlist, orderedlist */
	FR_INLINE,    /* para, emphasis, entry, ...: closes what it opened */
	FR_LINK,      /* link or glossterm: no link may nest inside */
	FR_TABLE,
	FR_ROW
} frame_kind;

typedef struct {
	cmark_node *node;
	frame_kind kind;
	int opened;   /* elements this frame opened, closed on EXIT */
	int count;    /* blocks written inside (placeholders need it) */
	int target;   /* frame whose count a block written here adds to */
	int flags;    /* tables: TB_*; rows: cells written */
} frame;

enum { TB_HAS_BODY = 1, TB_BODY_OPEN = 2, TB_HEADER_ONLY = 4 };

typedef struct {
	const book *b;
	const book_view *v;
	const plan *p;        /* what this document shows (plan.h) */
	xmlTextWriterPtr w;
	xmlOutputBufferPtr out; /* w's output, for escaped text written straight into it */
	int depth;            /* open XML elements */
	int err;              /* a writer call failed */
	int link_depth;       /* open link/glossterm elements */
	const unsigned char *shown; /* p->shown: per clause, 1 when written with its xml:id */
	frame *st;
	size_t nst, cap_st;
	buf tmp;              /* scratch for sanitised text */
} dbk;

/* ---- text and attributes ---- */

static int xml_char_ok(utf8proc_int32_t c)
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
			if (xml_char_ok(cp))
				buf_put(o, s + i, (size_t)k);
			else
				buf_puts(o, "\xEF\xBF\xBD");
			i += (size_t)k;
		}
	}
}

static void check(dbk *d, int rc)
{
	if (rc < 0)
		d->err = 1;
}

static void put_text_n(dbk *d, const char *s, size_t n)
{
	if (!s || !n)
		return;
	size_t plain = utf8_xml_text_prefix(s, n);
	if (plain == n && n <= INT_MAX) {
		/* nothing to check or escape: the bytes as they are (what
		 * libxml2's escaping would copy, without its pass) */
		check(d, xmlTextWriterWriteRawLen(d->w, BAD_CAST "", 0));
		check(d, xmlOutputBufferWrite(d->out, (int)n, s));
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
	/* The writer closes a pending start tag (a raw write of nothing), then
	 * libxml2 escapes the text straight into the writer's output buffer:
	 * xmlTextWriterWriteString made an escaped copy first, and was most of
	 * the writer's time. */
	check(d, xmlTextWriterWriteRawLen(d->w, BAD_CAST "", 0));
	check(d, xmlOutputBufferWriteEscape(d->out, BAD_CAST text, NULL));
}

static void put_text(dbk *d, const char *s)
{
	if (s)
		put_text_n(d, s, strlen(s));
}

static void attr(dbk *d, const char *name, const char *value)
{
	size_t n = strlen(value);
	if (utf8_clean_prefix(value, n) == n) { /* the usual id or word: no copy */
		check(d, xmlTextWriterWriteAttribute(d->w, BAD_CAST name, BAD_CAST value));
		return;
	}
	buf v;
	buf_init(&v);
	sanitize(&v, value, n);
	check(d, xmlTextWriterWriteAttribute(d->w, BAD_CAST name, BAD_CAST(v.data ? v.data : "")));
	buf_free(&v);
}

static void start(dbk *d, const char *name)
{
	check(d, xmlTextWriterStartElement(d->w, BAD_CAST name));
	d->depth++;
}

/* Block elements start on a line of their own: whitespace between
 * elements in element-only content is insignificant, and validation
 * errors then carry useful line numbers. Never used in mixed content. */
static void start_block(dbk *d, const char *name)
{
	check(d, xmlTextWriterWriteString(d->w, BAD_CAST "\n"));
	start(d, name);
}

static void end(dbk *d)
{
	check(d, xmlTextWriterEndElement(d->w));
	d->depth--;
}

static void empty_para(dbk *d)
{
	start_block(d, "para");
	end(d);
}

static int is_alpha(char c)
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
	int scheme = colon && colon > url && is_alpha(url[0]);
	for (const char *q = url; scheme && q < colon; q++)
		if (!is_alpha(*q) && !isdigit((unsigned char)*q) && !strchr("+-.", *q))
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

static void attr_href(dbk *d, const char *name, const char *url)
{
	char *e = escape_href(url ? url : "");
	attr(d, name, e);
	free(e);
}

/* ---- raw HTML: text only, never markup ---- */

/* Tags that sit inside a line of text: stripping them must not split a
 * word, while block tags (<div>, <br>, <td>) separate words. */
static int inline_tag(const char *name, size_t n)
{
	static const char *tags[] = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del",
				     "dfn", "em", "i", "ins", "kbd", "mark", "q", "s", "samp", "small",
				     "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var"};
	for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
		if (strlen(tags[i]) == n && strncasecmp(tags[i], name, n) == 0)
			return 1;
	return 0;
}

/* Case-insensitive strstr for ASCII needles. */
static const char *find_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

/* Decodes one character reference at s ("&amp;", "&#169;", "&#xA9;");
 * returns its length, 0 when s is not one we know. */
static size_t html_entity(const char *s, buf *o)
{
	static const struct { const char *name, *utf8; } named[] = {
		{"amp;", "&"}, {"lt;", "<"}, {"gt;", ">"}, {"quot;", "\""}, {"apos;", "'"}, {"nbsp;", "\xC2\xA0"},
	};
	if (s[1] == '#') {
		int x = s[2] == 'x' || s[2] == 'X';
		const char *p = s + 2 + x;
		long cp = 0;
		size_t digits = 0;
		while (digits < 8 && (x ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p))) {
			int v = isdigit((unsigned char)*p) ? *p - '0' : (*p | 0x20) - 'a' + 10;
			cp = cp * (x ? 16 : 10) + v;
			p++;
			digits++;
		}
		if (!digits || *p != ';')
			return 0;
		if (!xml_char_ok((utf8proc_int32_t)cp) || cp == 0)
			cp = 0xFFFD;
		utf8proc_uint8_t u[4];
		utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)cp, u);
		buf_put(o, (const char *)u, (size_t)k);
		return (size_t)(p + 1 - s);
	}
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (strncmp(s + 1, named[i].name, strlen(named[i].name)) == 0) {
			buf_puts(o, named[i].utf8);
			return 1 + strlen(named[i].name);
		}
	return 0;
}

/* The text of raw HTML: tags, comments, processing instructions and
 * declarations are dropped (an author's <!-- svcbook-disable ... -->
 * must not show), CDATA and the text between tags are kept, <script> and
 * <style> contents are dropped with their tags. */
static void strip_html(const char *s, buf *o, int block)
{
	const char *p = s;
	while (*p) {
		if (*p == '&') {
			size_t k = html_entity(p, o);
			if (k) {
				p += k;
				continue;
			}
			buf_putc(o, *p++);
			continue;
		}
		if (*p != '<') {
			buf_putc(o, *p++);
			continue;
		}
		const char *close = NULL;
		if (strncmp(p, "<!--", 4) == 0) {
			close = strstr(p + 4, "-->");
			p = close ? close + 3 : p + strlen(p);
		} else if (strncmp(p, "<![CDATA[", 9) == 0) {
			close = strstr(p + 9, "]]>");
			size_t n = close ? (size_t)(close - p - 9) : strlen(p + 9);
			buf_put(o, p + 9, n);
			p = p + 9 + n + (close ? 3 : 0);
		} else if (p[1] == '?') {
			close = strstr(p + 2, "?>");
			p = close ? close + 2 : p + strlen(p);
		} else if (p[1] == '!' && is_alpha(p[2])) {
			close = strchr(p, '>');
			p = close ? close + 1 : p + strlen(p);
		} else if (is_alpha(p[1]) || (p[1] == '/' && is_alpha(p[2]))) {
			const char *name = p + 1 + (p[1] == '/');
			size_t n = 0;
			while (is_alpha(name[n]) || (name[n] >= '0' && name[n] <= '9') || name[n] == '-')
				n++;
			/* Skip to the tag's end, minding quoted attribute values. */
			const char *q = name + n;
			char quote = 0;
			while (*q && (quote || *q != '>')) {
				if (quote && *q == quote)
					quote = 0;
				else if (!quote && (*q == '"' || *q == '\''))
					quote = *q;
				q++;
			}
			p = *q ? q + 1 : q;
			if (p[-1] == '>' && name[-1] != '/' &&
			    ((n == 6 && strncasecmp(name, "script", 6) == 0) || (n == 5 && strncasecmp(name, "style", 5) == 0))) {
				char endtag[9];
				snprintf(endtag, sizeof endtag, "</%.*s", (int)n, name);
				const char *e = find_ci(p, endtag);
				if (e) {
					const char *gt = strchr(e, '>');
					p = gt ? gt + 1 : e + strlen(e);
				} else {
					p += strlen(p);
				}
			}
			if (block && !inline_tag(name, n) && o->len && o->data[o->len - 1] != ' ' &&
			    o->data[o->len - 1] != '\n')
				buf_putc(o, ' ');
		} else {
			buf_putc(o, *p++);
		}
	}
}

/* ---- the walker's stack ---- */

static frame *top(dbk *d)
{
	return &d->st[d->nst - 1];
}

static void push(dbk *d, cmark_node *n, frame_kind kind, int opened)
{
	d->st = xgrow(d->st, &d->cap_st, d->nst + 1, sizeof *d->st);
	frame *f = &d->st[d->nst];
	memset(f, 0, sizeof *f);
	f->node = n;
	f->kind = kind;
	f->opened = opened;
	f->target = (kind == FR_BASE || (kind == FR_CONTAINER && opened)) ? (int)d->nst
		    : d->nst ? d->st[d->nst - 1].target : 0;
	d->nst++;
	if (kind == FR_LINK && opened)
		d->link_depth++;
}

/* Counts a block written at the current place. */
static void count_block(dbk *d)
{
	if (d->nst)
		d->st[top(d)->target].count++;
}

static int type_is(cmark_node *n, const char *name)
{
	const char *t = cmark_node_get_type_string(n);
	return t && strcmp(t, name) == 0;
}

/* ---- cross-references ---- */

/* Opens what a link node becomes; returns the number of elements opened
 * and whether it is a link (for the no-nested-links rule). */
static int open_link(dbk *d, cmark_node *n, int *is_link)
{
	const book *b = d->b;
	int r = book_node_ref(n);
	*is_link = 1;
	if (d->link_depth > 0 || d->depth >= INLINE_DEPTH_MAX)
		return 0; /* links do not nest: keep the shown text only */
	if (r < 0 || (size_t)r >= b->nrefs) {
		start(d, "link");
		attr_href(d, "xlink:href", cmark_node_get_url(n));
		const char *title = cmark_node_get_title(n);
		if (title && *title)
			attr(d, "xlink:title", title);
		return 1;
	}
	const book_ref *ref = &b->refs[r];
	int c = ref->target_clause;
	if (ref->status != RESOLVE_OK || c < 0 || (size_t)c >= b->nclauses) {
		*is_link = 0;
		start(d, "phrase");
		attr(d, "role", "unresolved");
		return 1;
	}
	if (d->shown[c]) {
		int term = ref->target_kind == TARGET_TERM && b->clauses[c].term >= 0;
		start(d, term ? "glossterm" : "link");
		attr(d, "linkend", b->clauses[c].id);
		return 1;
	}
	if (d->v && d->v->full_url) {
		const char *base = d->v->full_url;
		size_t blen = strlen(base);
		char *url = xasprintf("%s%s%s.html#%s", base, blen && base[blen - 1] == '/' ? "" : "/",
				      plan_clause_page(b, c), b->clauses[c].id);
		start(d, "link");
		attr_href(d, "xlink:href", url);
		free(url);
		return 1;
	}
	return 0;
}

/* ---- Markdown blocks and inlines ---- */

static void write_code_block(dbk *d, cmark_node *n)
{
	count_block(d);
	start_block(d, "programlisting");
	const char *info = cmark_node_get_fence_info(n);
	if (info && *info) {
		size_t k = strcspn(info, " \t");
		size_t ok = strspn(info, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+#.-");
		if (k && ok >= k && k <= 64) {
			char *lang = xstrndup(info, k);
			attr(d, "language", lang);
			free(lang);
		}
	}
	const char *lit = cmark_node_get_literal(n);
	size_t len = lit ? strlen(lit) : 0;
	if (len && lit[len - 1] == '\n')
		len--; /* the closing line break is not part of the listing */
	put_text_n(d, lit, len);
	end(d);
}

static void write_html_block(dbk *d, cmark_node *n)
{
	buf t;
	buf_init(&t);
	const char *lit = cmark_node_get_literal(n);
	strip_html(lit ? lit : "", &t, 1);
	size_t a = 0, e = t.len;
	while (a < e && strchr(" \t\r\n", t.data[a]))
		a++;
	while (e > a && strchr(" \t\r\n", t.data[e - 1]))
		e--;
	if (e > a) {
		count_block(d);
		start_block(d, "para");
		put_text_n(d, t.data + a, e - a);
		end(d);
	}
	buf_free(&t);
}

static void write_html_inline(dbk *d, cmark_node *n)
{
	buf t;
	buf_init(&t);
	const char *lit = cmark_node_get_literal(n);
	strip_html(lit ? lit : "", &t, 0);
	put_text_n(d, t.data, t.len);
	buf_free(&t);
}

/* Plain text of an image's description, for its textobject. */
static void write_image(dbk *d, cmark_node *n)
{
	char *alt = book_node_text(n);
	start(d, "inlinemediaobject");
	start(d, "imageobject");
	start(d, "imagedata");
	attr_href(d, "fileref", cmark_node_get_url(n));
	end(d);
	end(d);
	if (*alt) {
		start(d, "textobject");
		start(d, "phrase");
		put_text(d, alt);
		end(d);
		end(d);
	}
	end(d);
	free(alt);
}

static void enter_table(dbk *d, cmark_node *n)
{
	count_block(d);
	int rows = 0;
	for (cmark_node *r = cmark_node_first_child(n); r; r = cmark_node_next(r))
		rows++;
	int cols = cmark_gfm_extensions_get_table_columns(n);
	if (cols < 1)
		cols = 1;
	start_block(d, "informaltable");
	start_block(d, "tgroup");
	char num[16];
	snprintf(num, sizeof num, "%d", cols);
	attr(d, "cols", num);
	push(d, n, FR_TABLE, 2);
	top(d)->flags = rows > 1 ? TB_HAS_BODY : TB_HEADER_ONLY;
}

static frame *find_table(dbk *d)
{
	for (size_t i = d->nst; i-- > 0;)
		if (d->st[i].kind == FR_TABLE)
			return &d->st[i];
	return NULL;
}

static void enter_row(dbk *d, cmark_node *n)
{
	frame *t = find_table(d);
	int header = cmark_gfm_extensions_get_table_row_is_header(n);
	int opened = 1;
	if (!t) { /* a row outside a table: keep its text */
		push(d, n, FR_INLINE, 0);
		return;
	}
	if (header && (t->flags & TB_HAS_BODY)) {
		start_block(d, "thead");
		opened = 2;
	} else if (!(t->flags & TB_BODY_OPEN)) {
		/* A table of just a header row: CALS needs a tbody with a row,
		 * so the header row is the body (its cells set in bold). */
		start_block(d, "tbody");
		t->flags |= TB_BODY_OPEN;
	}
	start_block(d, "row");
	push(d, n, FR_ROW, opened);
}

static void enter_cell(dbk *d, cmark_node *n)
{
	frame *t = find_table(d);
	frame *row = top(d);
	if (!t || row->kind != FR_ROW) {
		push(d, n, FR_INLINE, 0);
		return;
	}
	int idx = row->flags++;
	start_block(d, "entry"); /* a line break between cells keeps their words apart */
	uint8_t *al = cmark_gfm_extensions_get_table_alignments(t->node);
	int cols = cmark_gfm_extensions_get_table_columns(t->node);
	if (al && idx < cols) {
		if (al[idx] == 'l')
			attr(d, "align", "left");
		else if (al[idx] == 'r')
			attr(d, "align", "right");
		else if (al[idx] == 'c')
			attr(d, "align", "center");
	}
	int opened = 1;
	if ((t->flags & TB_HEADER_ONLY) && cmark_gfm_extensions_get_table_row_is_header(row->node)) {
		start(d, "emphasis");
		attr(d, "role", "strong");
		opened = 2;
	}
	push(d, n, FR_INLINE, opened);
}

static void open_inline(dbk *d, cmark_node *n, const char *name, const char *role)
{
	if (d->depth >= INLINE_DEPTH_MAX) {
		push(d, n, FR_INLINE, 0);
		return;
	}
	start(d, name);
	if (role)
		attr(d, "role", role);
	push(d, n, FR_INLINE, 1);
}

static void open_container(dbk *d, cmark_node *n, const char *name, frame_kind kind)
{
	if (d->depth >= BLOCK_DEPTH_MAX) {
		push(d, n, kind, 0);
		return;
	}
	count_block(d);
	start_block(d, name);
	if (cmark_node_get_type(n) == CMARK_NODE_LIST && cmark_node_get_list_type(n) == CMARK_ORDERED_LIST) {
		int s = cmark_node_get_list_start(n);
		if (s != 1) {
			char num[16];
			snprintf(num, sizeof num, "%d", s);
			attr(d, "startingnumber", num);
		}
	}
	push(d, n, kind, 1);
}

static void enter_node(dbk *d, cmark_iter *it, cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_BLOCK_QUOTE:
		open_container(d, n, "blockquote", FR_CONTAINER);
		return;
	case CMARK_NODE_LIST:
		open_container(d, n, cmark_node_get_list_type(n) == CMARK_ORDERED_LIST ? "orderedlist" : "itemizedlist",
			       FR_LIST);
		return;
	case CMARK_NODE_ITEM:
		if (d->nst && top(d)->kind == FR_LIST && top(d)->opened) {
			start_block(d, "listitem");
			push(d, n, FR_CONTAINER, 1);
		} else {
			push(d, n, FR_CONTAINER, 0);
		}
		return;
	case CMARK_NODE_PARAGRAPH:
		count_block(d);
		start_block(d, "para");
		push(d, n, FR_INLINE, 1);
		return;
	case CMARK_NODE_HEADING:
		count_block(d);
		start_block(d, "bridgehead");
		push(d, n, FR_INLINE, 1);
		return;
	case CMARK_NODE_CODE_BLOCK:
		write_code_block(d, n);
		return;
	case CMARK_NODE_HTML_BLOCK:
		write_html_block(d, n);
		return;
	case CMARK_NODE_THEMATIC_BREAK:
		return;
	case CMARK_NODE_TEXT:
		put_text(d, cmark_node_get_literal(n));
		return;
	case CMARK_NODE_SOFTBREAK:
		put_text(d, "\n");
		return;
	case CMARK_NODE_LINEBREAK:
		/* DocBook 5.0 has no line break element in paragraphs; the
		 * DocBook XSL stylesheets honour this processing instruction. */
		check(d, xmlTextWriterWritePI(d->w, BAD_CAST "linebreak", NULL));
		put_text(d, "\n");
		return;
	case CMARK_NODE_CODE:
		if (d->depth < INLINE_DEPTH_MAX) {
			start(d, "literal");
			put_text(d, cmark_node_get_literal(n));
			end(d);
		} else {
			put_text(d, cmark_node_get_literal(n));
		}
		return;
	case CMARK_NODE_HTML_INLINE:
		write_html_inline(d, n);
		return;
	case CMARK_NODE_EMPH:
		open_inline(d, n, "emphasis", NULL);
		return;
	case CMARK_NODE_STRONG:
		open_inline(d, n, "emphasis", "strong");
		return;
	case CMARK_NODE_LINK: {
		int is_link;
		int opened = open_link(d, n, &is_link);
		push(d, n, is_link ? FR_LINK : FR_INLINE, opened);
		return;
	}
	case CMARK_NODE_IMAGE:
		write_image(d, n);
		cmark_iter_reset(it, n, CMARK_EVENT_EXIT); /* its text is written */
		return;
	default:
		break;
	}
	if (type_is(n, "table"))
		enter_table(d, n);
	else if (type_is(n, "table_row") || type_is(n, "table_header"))
		enter_row(d, n);
	else if (type_is(n, "table_cell"))
		enter_cell(d, n);
	else if (type_is(n, "strikethrough"))
		open_inline(d, n, "emphasis", "strikethrough");
	else
		push(d, n, FR_INLINE, 0); /* unknown: keep the children's text */
}

static void leave_node(dbk *d, cmark_node *n)
{
	if (d->nst <= 1 || top(d)->node != n)
		return; /* a leaf, or the walk's own root */
	frame f = *top(d);
	d->nst--;
	switch (f.kind) {
	case FR_CONTAINER:
		if (f.opened && f.count == 0)
			empty_para(d); /* blockquote and listitem need a block */
		break;
	case FR_ROW:
		if (f.flags == 0) {
			start_block(d, "entry");
			end(d);
		}
		break;
	case FR_TABLE:
		if (!(f.flags & TB_BODY_OPEN)) {
			start_block(d, "tbody");
			start_block(d, "row");
			start_block(d, "entry");
			end(d);
			end(d);
			end(d);
		} else {
			end(d); /* tbody */
		}
		break;
	case FR_LINK:
		if (f.opened)
			d->link_depth--;
		break;
	default:
		break;
	}
	for (int i = 0; i < f.opened; i++)
		end(d);
}

/* Writes one node's subtree; with skip_root only its children (a heading's
 * inlines as a title). Iterative: no recursion over the input's depth. */
static void walk(dbk *d, cmark_node *root, int skip_root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (skip_root && n == root)
			continue;
		if (ev == CMARK_EVENT_ENTER)
			enter_node(d, it, n);
		else
			leave_node(d, n);
	}
	cmark_iter_free(it);
}

/* Starts a walk context; returns its frame index. */
static size_t begin_ctx(dbk *d)
{
	push(d, NULL, FR_BASE, 0);
	return d->nst - 1;
}

/* Ends a walk context; returns the number of blocks written in it. */
static int end_ctx(dbk *d, size_t at)
{
	/* Frames left open by an iterator that skipped an EXIT are closed
	 * here, so the document stays well-formed whatever happens. */
	while (d->nst > at + 1) {
		frame f = *top(d);
		d->nst--;
		if (f.kind == FR_LINK && f.opened)
			d->link_depth--;
		for (int i = 0; i < f.opened; i++)
			end(d);
	}
	int count = d->st[at].count;
	d->nst = at;
	return count;
}

/* The body blocks of clause c; returns how many blocks were written. */
static int write_body(dbk *d, int c)
{
	const book_clause *cl = &d->b->clauses[c];
	size_t at = begin_ctx(d);
	for (cmark_node *n = cl->body_first; n; n = cmark_node_next(n)) {
		walk(d, n, 0);
		if (n == cl->body_last)
			break;
	}
	return end_ctx(d, at);
}

/* A clause's heading as inline content (its title text without a heading). */
static void write_heading_inlines(dbk *d, int c)
{
	const book_clause *cl = &d->b->clauses[c];
	size_t at = begin_ctx(d);
	if (cl->heading)
		walk(d, cl->heading, 1);
	else
		put_text(d, cl->title);
	end_ctx(d, at);
}

static void write_title(dbk *d, int c)
{
	start_block(d, "title");
	write_heading_inlines(d, c);
	end(d);
}

/* ---- chapters, sections, the glossary ---- */

static void open_division(dbk *d, const char *name, int c)
{
	const book_clause *cl = &d->b->clauses[c];
	start_block(d, name);
	attr(d, "xml:id", cl->id);
	if (cl->number)
		attr(d, "label", cl->number);
	write_title(d, c);
}

/* ---- what a heading's attributes say, as the HTML shows it ---- */

/* A link to clause c showing text, or the text alone when c is not in
 * this book (an onboarding book leaves other roles out). */
static void put_clause_link(dbk *d, int c, const char *text)
{
	int shown = c >= 0 && (size_t)c < d->b->nclauses && d->shown[c];
	if (shown) {
		start(d, "link");
		attr(d, "linkend", d->b->clauses[c].id);
	}
	put_text(d, text);
	if (shown)
		end(d);
}

static void put_role_link(dbk *d, int r)
{
	const book_role *role = &d->b->roles[r];
	put_clause_link(d, role->clause, role->name ? role->name : role->id);
}

static void start_meta(dbk *d, const char *role, const char *word)
{
	start_block(d, "para");
	attr(d, "role", role);
	if (word) {
		put_text(d, book_word(d->b->config.language, word));
		put_text(d, ": ");
	}
}

/* "Owner: ROLE" for stage st (its written id when no role has it, or
 * "not assigned"). */
static void write_owner(dbk *d, const book_stage *st)
{
	start_meta(d, "owner", "owner");
	if (st->owner_role >= 0)
		put_role_link(d, st->owner_role);
	else
		put_text(d, st->owner ? st->owner : book_word(d->b->config.language, "no-owner"));
	end(d);
}

/* The lines the HTML puts under a heading (templates/_clauses.html): a
 * role's level and line, a stage's owner, the stage a role's section is
 * the standard for, the roles an appearance section covers. Returns the
 * number of blocks written. */
static int write_meta(dbk *d, int c)
{
	const book *b = d->b;
	const book_clause *cl = &b->clauses[c];
	book_lang lang = b->config.language;
	int count = 0;
	if (cl->role >= 0 && b->roles[cl->role].clause == c && b->roles[cl->role].level != LEVEL_NONE) {
		const book_role *role = &b->roles[cl->role];
		static const char *const level_words[] = {[LEVEL_PROVIDER] = "provider",
							  [LEVEL_SUPPORT] = "support",
							  [LEVEL_MANAGEMENT] = "management"};
		start_meta(d, "role-level", NULL);
		put_text(d, book_word(lang, level_words[role->level]));
		if (role->line) {
			char n[64];
			snprintf(n, sizeof n, ", %s %d", book_word(lang, "line"), role->line);
			put_text(d, n);
		}
		end(d);
		count++;
	}
	if (cl->stage >= 0) {
		write_owner(d, &b->stages[cl->stage]);
		count++;
	}
	if (cl->stage_ref) {
		int sc = book_find_id(b, cl->stage_ref);
		if (sc >= 0 && b->clauses[sc].stage >= 0) {
			start_meta(d, "stage-ref", "standard-for");
			put_clause_link(d, sc, b->stages[b->clauses[sc].stage].name);
			end(d);
			count++;
		}
	}
	if (cl->nroles_attr) {
		int all = 0, first = 1;
		for (size_t i = 0; i < cl->nroles_attr; i++)
			all |= strcmp(cl->roles_attr[i], "all") == 0;
		start_meta(d, "covers", all ? NULL : "covers");
		if (all)
			put_text(d, book_word(lang, "covers-all"));
		for (size_t i = 0; i < cl->nroles_attr && !all; i++) {
			if (!first)
				put_text(d, ", ");
			first = 0;
			int r = book_find_role(b, cl->roles_attr[i]);
			if (r >= 0)
				put_role_link(d, r);
			else
				put_text(d, cl->roles_attr[i]);
		}
		end(d);
		count++;
	}
	return count;
}

/* ---- the roles chapter's overview ---- */

/* An unnumbered section of the overview: its title, a variablelist open. */
static void start_overview_list(dbk *d, const char *word)
{
	start_block(d, "section");
	start_block(d, "title");
	put_text(d, book_word(d->b->config.language, word));
	end(d);
	start_block(d, "variablelist");
}

/* The roles of list[0..n) as links, "a, b", or "—" for none. */
static void put_role_list(dbk *d, const int *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			put_text(d, ", ");
		put_role_link(d, list[i]);
	}
	if (!n)
		put_text(d, book_word(d->b->config.language, "none"));
}

/* One entry: term, then the roles of list[0..n) as links, or "—". */
static void overview_entry(dbk *d, const char *term, const int *list, size_t n)
{
	start_block(d, "varlistentry");
	start_block(d, "term");
	put_text(d, term);
	end(d);
	start_block(d, "listitem");
	start_block(d, "para");
	put_role_list(d, list, n);
	end(d);
	end(d);
	end(d);
}

/* What the HTML's roles page opens with (templates/_overview.html), in
 * lists a printed book can hold: the service pyramid and the support
 * lines, roles by level and by line, and the responsibility matrix as a
 * list of stages, each with its owner and the roles with a standard for
 * it (a table of stages by roles is a million cells in a big book). When
 * the plan says so (the whole book), in its role order. Returns the
 * number of sections written. */
static int write_overview(dbk *d)
{
	const book *b = d->b;
	const plan *p = d->p;
	book_lang lang = b->config.language;
	if (!p->overview)
		return 0;
	const int *order = p->role_order;
	int *list = xmalloc(b->nroles * sizeof *list);
	int count = 0;
	start_overview_list(d, "pyramid");
	for (size_t k = 0; k < 4; k++) {
		size_t n = 0;
		for (size_t i = 0; i < b->nroles; i++)
			if (b->roles[order[i]].level == plan_tiers[k])
				list[n++] = order[i];
		const char *word = book_level_name(plan_tiers[k]);
		if (plan_tiers[k] != LEVEL_NONE || n)
			overview_entry(d, book_word(lang, word ? word : "other"), list, n);
	}
	end(d);
	end(d);
	count++;
	if (p->any_line) {
		start_overview_list(d, "lines");
		for (int line = 1; line <= 3; line++) {
			size_t n = 0;
			for (size_t i = 0; i < b->nroles; i++)
				if (b->roles[order[i]].line == line)
					list[n++] = order[i];
			char term[64];
			snprintf(term, sizeof term, "%s %d", book_word(lang, "line"), line);
			overview_entry(d, term, list, n);
		}
		end(d);
		end(d);
		count++;
	}
	if (b->nstages) {
		start_overview_list(d, "matrix");
		for (size_t s = 0; s < b->nstages; s++) {
			const book_stage *st = &b->stages[s];
			start_block(d, "varlistentry");
			start_block(d, "term");
			put_clause_link(d, st->clause, st->name);
			end(d);
			start_block(d, "listitem");
			write_owner(d, st);
			size_t n = 0;
			for (size_t i = 0; i < b->nroles; i++)
				if (plan_stage_section(p, (int)s, order[i]) >= 0)
					list[n++] = order[i];
			start_meta(d, "covered", "has-standard");
			put_role_list(d, list, n);
			end(d);
			end(d);
			end(d);
		}
		end(d);
		end(d);
		count++;
	}
	free(list);
	return count;
}

/* 1 when clause c of the terms chapter belongs to a term (rendered in the
 * glossary, not as a section). */
static int in_term(const book *b, int c)
{
	while (c >= 0 && b->clauses[c].depth > 1)
		c = b->clauses[c].parent;
	return c >= 0 && b->clauses[c].depth == 1 && b->clauses[c].term >= 0;
}

/* "Used in: 2.1, 4.3." - the clauses (in this output) that refer to term
 * t, in document order, each once (plan.h). Returns 1 when written. */
static int write_used_in(dbk *d, int t)
{
	const book *b = d->b;
	plan_uses u = plan_term_uses(d->p, t);
	if (!u.n)
		return 0;
	start_block(d, "para");
	attr(d, "role", "used-in");
	put_text(d, book_word(b->config.language, "used-in"));
	put_text(d, ": ");
	for (size_t i = 0; i < u.n; i++) {
		if (i)
			put_text(d, ", ");
		start(d, "link");
		attr(d, "linkend", b->clauses[u.clauses[i]].id);
		/* a term's entry has no number in the glossary: its name */
		const book_clause *c = &b->clauses[u.clauses[i]];
		put_text(d, c->number && c->term < 0 ? c->number : c->title);
		end(d);
	}
	put_text(d, ".");
	end(d);
	return 1;
}

static void write_glossentry(dbk *d, int t)
{
	const book *b = d->b;
	int tc = b->terms[t].clause;
	start_block(d, "glossentry");
	attr(d, "xml:id", b->clauses[tc].id);
	start_block(d, "glossterm");
	write_heading_inlines(d, tc);
	end(d);
	start_block(d, "glossdef");
	int count = 0;
	if (b->terms[t].naka) {
		start_meta(d, "aka", "aka");
		for (size_t k = 0; k < b->terms[t].naka; k++) {
			if (k)
				put_text(d, ", ");
			put_text(d, b->terms[t].aka[k]);
		}
		end(d);
		count++;
	}
	count += write_body(d, tc);
	/* Clauses below a term are part of its definition: a bridgehead with
	 * the clause's id (references to it still resolve), then its blocks. */
	for (size_t i = (size_t)tc + 1; i < b->nclauses && b->clauses[i].depth > b->clauses[tc].depth &&
					 b->clauses[i].chapter == b->clauses[tc].chapter;
	     i++) {
		if (!d->shown[i])
			continue;
		start_block(d, "bridgehead");
		attr(d, "xml:id", b->clauses[i].id);
		if (b->clauses[i].number) {
			put_text(d, b->clauses[i].number);
			put_text(d, " ");
		}
		write_heading_inlines(d, (int)i);
		end(d);
		count++;
		count += write_body(d, (int)i);
	}
	count += write_used_in(d, t);
	if (!count)
		empty_para(d);
	end(d);
	end(d);
}

/* The terms as a glossary at the end of their chapter: the glossary keeps
 * the chapter's number and introduction, and DocBook allows navigation
 * components after a chapter's blocks and sections. */
static void write_glossary(dbk *d, int ch)
{
	const book *b = d->b;
	const plan *p = d->p;
	int any = 0;
	for (size_t i = 0; i < p->ngloss; i++) {
		int t = p->gloss[i];
		if (b->clauses[b->terms[t].clause].chapter != ch)
			continue;
		if (!any++) {
			start_block(d, "glossary");
			start_block(d, "title");
			put_text(d, book_word(b->config.language, "glossary"));
			end(d);
		}
		write_glossentry(d, t);
	}
	if (any)
		end(d);
}

typedef struct {
	int clause;
	int count; /* blocks and child sections written */
} open_sec;

static void write_chapter(dbk *d, int ch)
{
	const book *b = d->b;
	const book_chapter *chap = &b->chapters[ch];
	int cc = chap->clause;
	open_division(d, "chapter", cc);
	int count = write_body(d, cc);
	if (chap->kind == CH_ROLES)
		count += write_overview(d);
	int terms = chap->kind == CH_TERMS;
	open_sec *stack = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = (size_t)cc + 1; i < b->nclauses; i++) {
		const book_clause *cl = &b->clauses[i];
		if (cl->chapter != ch || cl->depth == 0 || !d->shown[i])
			continue;
		if (terms && in_term(b, (int)i))
			continue;
		/* Close the open sections that are not its ancestors. */
		while (n && stack[n - 1].clause != cl->parent) {
			if (!stack[n - 1].count)
				empty_para(d);
			end(d);
			n--;
		}
		if (n)
			stack[n - 1].count++;
		else
			count++;
		open_division(d, "section", (int)i);
		stack = xgrow(stack, &cap, n + 1, sizeof *stack);
		stack[n].clause = (int)i;
		stack[n].count = write_meta(d, (int)i);
		stack[n].count += write_body(d, (int)i);
		n++;
	}
	while (n) {
		if (!stack[n - 1].count)
			empty_para(d);
		end(d);
		n--;
	}
	free(stack);
	if (!count)
		empty_para(d); /* a chapter needs a block or a section */
	if (terms)
		write_glossary(d, ch);
	end(d);
}

/* <tag role="role">text</tag> in the info, when text says something. */
static void info_item(dbk *d, const char *tag, const char *role, const char *text)
{
	if (!text || !*text)
		return;
	start_block(d, tag);
	attr(d, "role", role);
	put_text(d, text);
	end(d);
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
	static const char *const w[][3] = {
		{"added", "добавлен", "added"}, {"removed", "удалён", "removed"},
		{"changed", "изменён", "changed"}, {"retitled", "переименован", "retitled"},
		{"moved", "перенесён", "moved"}, {"editorial", "редакционная правка", "editorial"},
		{"stronger", "требования строже", "stronger duties"},
		{"weaker", "требования мягче", "weaker duties"},
		{"mixed", "требования изменились в обе стороны", "duties changed both ways"},
		{"first", "Первая версия в истории.", "The first version in the history."},
		{"none", "Стандарты ролей не изменились.", "No role's standard changed."},
	};
	for (size_t i = 0; i < sizeof w / sizeof *w; i++)
		if (strcmp(w[i][0], key) == 0)
			return w[i][lang == LANG_RU ? 1 : 2];
	return key;
}

/* The revision history (FORMAT.md 9) as `revhistory`, newest first: each
 * version's number, date, author, and a list item per role and clause
 * changed ("Role: 4.2.1 Title: changed, stronger duties"). */
static void write_revhistory(dbk *d)
{
	const history *h = d->b->history;
	book_lang lang = d->b->config.language;
	start_block(d, "revhistory");
	for (size_t i = h->n; i-- > 0;) {
		const history_version *v = &h->v[i];
		start_block(d, "revision");
		start_block(d, "revnumber");
		put_text(d, v->version);
		end(d);
		start_block(d, "date");
		put_text(d, v->date);
		end(d);
		if (*v->author) {
			start_block(d, "author");
			start_block(d, "personname");
			put_text(d, v->author);
			end(d);
			end(d);
		}
		if (v->first || !v->nchanges) {
			start_block(d, "revremark");
			put_text(d, rev_word(lang, v->first ? "first" : "none"));
			end(d);
		} else {
			start_block(d, "revdescription");
			start_block(d, "itemizedlist");
			for (size_t k = 0; k < v->nchanges; k++) {
				const history_change *c = &v->changes[k];
				start_block(d, "listitem");
				start_block(d, "para");
				buf t; /* not d->tmp, which put_text uses */
				buf_init(&t);
				buf_printf(&t, "%s: %s %s: %s", c->role_name, c->number, c->title, rev_word(lang, c->kind));
				if (c->effect)
					buf_printf(&t, ", %s", rev_word(lang, c->effect));
				put_text(d, t.data);
				buf_free(&t);
				end(d);
				end(d);
			}
			end(d);
			end(d);
		}
		end(d);
	}
	end(d);
}

/* <para>label: text</para>, or a line to fill in when text is NULL. */
static void ack_line(dbk *d, const char *label, const char *text)
{
	start_block(d, "para");
	put_text(d, label);
	put_text(d, ": ");
	put_text(d, text ? text : "________________________________________");
	end(d);
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
	start_block(d, "appendix");
	attr(d, "role", "acknowledgement");
	start_block(d, "title");
	put_text(d, ru ? "Лист ознакомления" : "Acknowledgement");
	end(d);
	start_block(d, "para");
	put_text(d, ru ? "С обязанностями этой книги ознакомлен(а) и обязуюсь их выполнять."
	               : "I have read the duties of this book and will keep to them.");
	end(d);
	ack_line(d, ru ? "Книга для роли" : "Book for the role", r->name ? r->name : r->id);
	ack_line(d, ru ? "Версия" : "Version", b->config.version && *b->config.version ? b->config.version : "—");
	ack_line(d, ru ? "Отпечаток обязанностей" : "Fingerprint of the duties", fp);
	ack_line(d, ru ? "Фамилия, имя, отчество" : "Full name", NULL);
	ack_line(d, ru ? "Подпись" : "Signature", NULL);
	ack_line(d, ru ? "Дата" : "Date", NULL);
	end(d);
}

static void write_book(dbk *d)
{
	const book *b = d->b;
	const book_config *cf = &b->config;
	check(d, xmlTextWriterStartDocument(d->w, NULL, "UTF-8", NULL));
	start(d, "book");
	attr(d, "xmlns", DBK_NS);
	attr(d, "xmlns:xlink", XLINK_NS);
	attr(d, "version", "5.0");
	attr(d, "xml:lang", cf->language == LANG_RU ? "ru" : "en");
	start_block(d, "info");
	start_block(d, "title");
	put_text(d, cf->title ? cf->title : "");
	end(d);
	if (d->v && d->v->role >= 0 && (size_t)d->v->role < b->nroles) {
		/* an onboarding book says whose it is (the HTML's words.lua has the same words) */
		start_block(d, "subtitle");
		put_text(d, cf->language == LANG_RU ? "Книга для роли: " : "Book for the role: ");
		put_text(d, b->roles[d->v->role].name);
		end(d);
	}
	if (cf->organization && *cf->organization) {
		start_block(d, "orgname");
		put_text(d, cf->organization);
		end(d);
	}
	if (cf->version && *cf->version) {
		start_block(d, "releaseinfo");
		put_text(d, cf->version);
		end(d);
	}
	write_control(d);
	if (d->b->history && d->b->history->n && (!d->v || d->v->role < 0))
		write_revhistory(d);
	end(d);
	for (size_t ch = 0; ch < b->nchapters; ch++) {
		int c = b->chapters[ch].clause;
		if (c >= 0 && d->shown[c])
			write_chapter(d, (int)ch);
	}
	if (d->v && d->v->role >= 0 && (size_t)d->v->role < b->nroles)
		write_ack(d);
	check(d, xmlTextWriterWriteString(d->w, BAD_CAST "\n"));
	end(d);
	check(d, xmlTextWriterEndDocument(d->w));
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
int dbk_write(const book *b, const book_view *v, const char *path, diag_list *dl)
{
	FILE *f = output_open(path, dl);
	if (!f)
		return -1;
	dbk d;
	memset(&d, 0, sizeof d);
	d.b = b;
	d.v = v;
	buf_init(&d.tmp);
	plan *p = plan_new(b, v);
	d.p = p;
	d.shown = p->shown;
	xmlOutputBufferPtr out = xmlOutputBufferCreateIO(to_file, NULL, f, NULL);
	d.w = out ? xmlNewTextWriter(out) : NULL; /* owns out from here on */
	d.out = out;
	if (!d.w) {
		diag_add(dl, path, 0, 0, SEV_FATAL, "io-error", NULL, "cannot start the DocBook writer");
		if (out)
			xmlOutputBufferClose(out);
		d.err = 1;
	} else {
		check(&d, xmlTextWriterSetIndent(d.w, 0));
		write_book(&d);
		xmlFreeTextWriter(d.w); /* flushes out into f; f stays open */
		if (d.err)
			diag_add(dl, path, 0, 0, SEV_FATAL, "io-error", NULL, "the DocBook writer failed for %s", path);
	}
	int rc = output_close(f, path, dl) != 0 || d.err ? -1 : 0;
	plan_free(p);
	free(d.st);
	buf_free(&d.tmp);
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
	diag_add(c->d, c->path, e->line > 0 ? e->line : 0, e->int2 > 0 ? e->int2 : 0, SEV_ERROR, "docbook-invalid",
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
		diag_add(dl, path, 0, 0, SEV_ERROR, "docbook-invalid", "install the Debian package docbook5-xml",
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
		diag_add(dl, path, 0, 0, SEV_ERROR, "docbook-invalid", NULL, "%s is not valid DocBook 5.0", path);
	if (c.n > MAX_REPORTED)
		diag_add(dl, path, 0, 0, SEV_ERROR, "docbook-invalid", NULL, "%d more DocBook validation errors",
			 c.n - MAX_REPORTED);
	return rc == 0 ? 0 : -1;
}

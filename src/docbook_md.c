/* docbook_md.c - clause bodies and headings in DocBook: the cmark-gfm tree
 * walked into blocks, inlines, tables and links (with nesting caps), raw
 * HTML kept as its text only. */
#include "docbook_int.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
		if (!dbk_xml_char_ok((utf8proc_int32_t)cp) || cp == 0)
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
		} else if (p[1] == '!' && dbk_is_alpha(p[2])) {
			close = strchr(p, '>');
			p = close ? close + 1 : p + strlen(p);
		} else if (dbk_is_alpha(p[1]) || (p[1] == '/' && dbk_is_alpha(p[2]))) {
			const char *name = p + 1 + (p[1] == '/');
			size_t n = 0;
			while (dbk_is_alpha(name[n]) || (name[n] >= '0' && name[n] <= '9') || name[n] == '-')
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
		dbk_start(d, "link");
		dbk_attr_href(d, "xlink:href", cmark_node_get_url(n));
		const char *title = cmark_node_get_title(n);
		if (title && *title)
			dbk_attr(d, "xlink:title", title);
		return 1;
	}
	const book_ref *ref = &b->refs[r];
	int c = ref->target_clause;
	if (ref->status != RESOLVE_OK || c < 0 || (size_t)c >= b->nclauses) {
		*is_link = 0;
		dbk_start(d, "phrase");
		dbk_attr(d, "role", "unresolved");
		return 1;
	}
	if (d->shown[c]) {
		int term = ref->target_kind == TARGET_TERM && b->clauses[c].term >= 0;
		dbk_start(d, term ? "glossterm" : "link");
		dbk_attr(d, "linkend", b->clauses[c].id);
		return 1;
	}
	if (d->v && d->v->full_url) {
		const char *base = d->v->full_url;
		size_t blen = strlen(base);
		char *url = xasprintf("%s%s%s.html#%s", base, blen && base[blen - 1] == '/' ? "" : "/",
				      plan_clause_page(b, c), b->clauses[c].id);
		dbk_start(d, "link");
		dbk_attr_href(d, "xlink:href", url);
		free(url);
		return 1;
	}
	return 0;
}

/* ---- Markdown blocks and inlines ---- */

static void write_code_block(dbk *d, cmark_node *n)
{
	count_block(d);
	dbk_start_block(d, "programlisting");
	const char *info = cmark_node_get_fence_info(n);
	if (info && *info) {
		size_t k = strcspn(info, " \t");
		size_t ok = strspn(info, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+#.-");
		if (k && ok >= k && k <= 64) {
			char *lang = xstrndup(info, k);
			dbk_attr(d, "language", lang);
			free(lang);
		}
	}
	const char *lit = cmark_node_get_literal(n);
	size_t len = lit ? strlen(lit) : 0;
	if (len && lit[len - 1] == '\n')
		len--; /* the closing line break is not part of the listing */
	dbk_put_text_n(d, lit, len);
	dbk_end(d);
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
		dbk_start_block(d, "para");
		dbk_put_text_n(d, t.data + a, e - a);
		dbk_end(d);
	}
	buf_free(&t);
}

static void write_html_inline(dbk *d, cmark_node *n)
{
	buf t;
	buf_init(&t);
	const char *lit = cmark_node_get_literal(n);
	strip_html(lit ? lit : "", &t, 0);
	dbk_put_text_n(d, t.data, t.len);
	buf_free(&t);
}

/* Plain text of an image's description, for its textobject. */
static void write_image(dbk *d, cmark_node *n)
{
	char *alt = book_node_text(n);
	dbk_start(d, "inlinemediaobject");
	dbk_start(d, "imageobject");
	dbk_start(d, "imagedata");
	dbk_attr_href(d, "fileref", cmark_node_get_url(n));
	dbk_end(d);
	dbk_end(d);
	if (*alt) {
		dbk_start(d, "textobject");
		dbk_start(d, "phrase");
		dbk_put_text(d, alt);
		dbk_end(d);
		dbk_end(d);
	}
	dbk_end(d);
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
	dbk_start_block(d, "informaltable");
	dbk_start_block(d, "tgroup");
	char num[16];
	snprintf(num, sizeof num, "%d", cols);
	dbk_attr(d, "cols", num);
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
		dbk_start_block(d, "thead");
		opened = 2;
	} else if (!(t->flags & TB_BODY_OPEN)) {
		/* A table of just a header row: CALS needs a tbody with a row,
		 * so the header row is the body (its cells set in bold). */
		dbk_start_block(d, "tbody");
		t->flags |= TB_BODY_OPEN;
	}
	dbk_start_block(d, "row");
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
	dbk_start_block(d, "entry"); /* a line break between cells keeps their words apart */
	uint8_t *al = cmark_gfm_extensions_get_table_alignments(t->node);
	int cols = cmark_gfm_extensions_get_table_columns(t->node);
	if (al && idx < cols) {
		if (al[idx] == 'l')
			dbk_attr(d, "align", "left");
		else if (al[idx] == 'r')
			dbk_attr(d, "align", "right");
		else if (al[idx] == 'c')
			dbk_attr(d, "align", "center");
	}
	int opened = 1;
	if ((t->flags & TB_HEADER_ONLY) && cmark_gfm_extensions_get_table_row_is_header(row->node)) {
		dbk_start(d, "emphasis");
		dbk_attr(d, "role", "strong");
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
	dbk_start(d, name);
	if (role)
		dbk_attr(d, "role", role);
	push(d, n, FR_INLINE, 1);
}

static void open_container(dbk *d, cmark_node *n, const char *name, frame_kind kind)
{
	if (d->depth >= BLOCK_DEPTH_MAX) {
		push(d, n, kind, 0);
		return;
	}
	count_block(d);
	dbk_start_block(d, name);
	if (cmark_node_get_type(n) == CMARK_NODE_LIST && cmark_node_get_list_type(n) == CMARK_ORDERED_LIST) {
		int s = cmark_node_get_list_start(n);
		if (s != 1) {
			char num[16];
			snprintf(num, sizeof num, "%d", s);
			dbk_attr(d, "startingnumber", num);
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
			dbk_start_block(d, "listitem");
			push(d, n, FR_CONTAINER, 1);
		} else {
			push(d, n, FR_CONTAINER, 0);
		}
		return;
	case CMARK_NODE_PARAGRAPH:
		count_block(d);
		dbk_start_block(d, "para");
		push(d, n, FR_INLINE, 1);
		return;
	case CMARK_NODE_HEADING:
		count_block(d);
		dbk_start_block(d, "bridgehead");
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
		dbk_put_text(d, cmark_node_get_literal(n));
		return;
	case CMARK_NODE_SOFTBREAK:
		dbk_put_newline(d);
		return;
	case CMARK_NODE_LINEBREAK:
		/* DocBook 5.0 has no line break element in paragraphs; the
		 * DocBook XSL stylesheets honour this processing instruction. */
		dbk_pi(d, "linebreak");
		dbk_put_newline(d);
		return;
	case CMARK_NODE_CODE:
		if (d->depth < INLINE_DEPTH_MAX) {
			dbk_start(d, "literal");
			dbk_put_text(d, cmark_node_get_literal(n));
			dbk_end(d);
		} else {
			dbk_put_text(d, cmark_node_get_literal(n));
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
			dbk_empty_para(d); /* blockquote and listitem need a block */
		break;
	case FR_ROW:
		if (f.flags == 0) {
			dbk_start_block(d, "entry");
			dbk_end(d);
		}
		break;
	case FR_TABLE:
		if (!(f.flags & TB_BODY_OPEN)) {
			dbk_start_block(d, "tbody");
			dbk_start_block(d, "row");
			dbk_start_block(d, "entry");
			dbk_end(d);
			dbk_end(d);
			dbk_end(d);
		} else {
			dbk_end(d); /* tbody */
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
		dbk_end(d);
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
			dbk_end(d);
	}
	int count = d->st[at].count;
	d->nst = at;
	return count;
}

/* The body blocks of clause c; returns how many blocks were written. */
int dbk_write_body(dbk *d, int c)
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
void dbk_write_heading_inlines(dbk *d, int c)
{
	const book_clause *cl = &d->b->clauses[c];
	size_t at = begin_ctx(d);
	if (cl->heading)
		walk(d, cl->heading, 1);
	else
		dbk_put_text(d, cl->title);
	end_ctx(d, at);
}

void dbk_write_title(dbk *d, int c)
{
	dbk_start_block(d, "title");
	dbk_write_heading_inlines(d, c);
	dbk_end(d);
}

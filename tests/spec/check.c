/* check.c - the spec test's checker: for each example, the DocBook the
 * compiler wrote must be valid against the DocBook 5.0 RELAX NG schema
 * (libxml2; run.sh also asks jing) and must hold every word of the
 * example's plain text (cmark-gfm's own plaintext rendering), in order.
 *
 * usage: check SCHEMA LIST
 * LIST lines: "N EXAMPLE.md BOOK.xml"; prints "N ok" or "N REASON" per line. */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct {
	char **v;
	size_t n, cap;
} words;

static void words_add(words *w, const char *s, size_t n)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 64;
		w->v = realloc(w->v, w->cap * sizeof *w->v);
		if (!w->v)
			abort();
	}
	char *c = malloc(n + 1);
	if (!c)
		abort();
	memcpy(c, s, n);
	c[n] = '\0';
	w->v[w->n++] = c;
}

static void words_free(words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	memset(w, 0, sizeof *w);
}

/* Words are runs of letters and digits (Unicode L* and N*). */
static void split_words(const char *s, words *w)
{
	size_t n = strlen(s), i = 0, start = 0;
	int in = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			k = 1;
			cp = 0xFFFD;
		}
		utf8proc_category_t cat = utf8proc_category(cp);
		int alnum = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO &&
			    cat != UTF8PROC_CATEGORY_MN && cat != UTF8PROC_CATEGORY_MC && cat != UTF8PROC_CATEGORY_ME;
		if (alnum && !in) {
			in = 1;
			start = i;
		} else if (!alnum && in) {
			in = 0;
			words_add(w, s + start, i - start);
		}
		i += (size_t)k;
	}
	if (in)
		words_add(w, s + start, n - start);
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, len = 0;
	char *s = malloc(cap);
	size_t r;
	while (s && (r = fread(s + len, 1, cap - len - 1, f)) > 0) {
		len += r;
		if (cap - len < 2) {
			cap *= 2;
			s = realloc(s, cap);
		}
	}
	fclose(f);
	if (s)
		s[len] = '\0';
	return s;
}

static char *plaintext(const char *md)
{
	cmark_gfm_core_extensions_ensure_registered();
	int opts = CMARK_OPT_VALIDATE_UTF8;
	cmark_parser *p = cmark_parser_new(opts);
	const char *names[] = {"table", "strikethrough", "autolink"};
	for (size_t i = 0; i < 3; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(names[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	cmark_parser_feed(p, md, strlen(md));
	cmark_node *doc = cmark_parser_finish(p);
	/* List numbers are not text of the document: DocBook numbers an
	 * orderedlist itself (from its startingnumber), so the expected words
	 * come from the same document with its lists as bullet lists. */
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_LIST)
			cmark_node_set_list_type(n, CMARK_BULLET_LIST);
	}
	cmark_iter_free(it);
	char *text = cmark_render_plaintext(doc, opts, 0);
	cmark_node_free(doc);
	cmark_parser_free(p);
	return text;
}

/* The element with xml:id id, found without recursion. */
static xmlNodePtr find_id(xmlNodePtr root, const char *id)
{
	xmlNodePtr n = root;
	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			xmlChar *v = xmlGetNsProp(n, BAD_CAST "id", XML_XML_NAMESPACE);
			int hit = v && strcmp((const char *)v, id) == 0;
			xmlFree(v);
			if (hit)
				return n;
		}
		if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n && !n->next && n != root)
			n = n->parent;
		if (!n || n == root)
			return NULL;
		n = n->next;
	}
	return NULL;
}

static int nerrors;
static char first_error[300];

static void on_error(void *data, xmlErrorPtr e)
{
	(void)data;
	if (!e || e->level < XML_ERR_ERROR)
		return;
	if (!nerrors++)
		snprintf(first_error, sizeof first_error, "line %d: %s", e->line, e->message ? e->message : "?");
	char *nl = strchr(first_error, '\n');
	if (nl)
		*nl = '\0';
}

/* Returns NULL when the example passes, else a reason (static or
 * malloc'd into *owned). */
static const char *check_one(xmlRelaxNGPtr schema, const char *mdpath, const char *xmlpath, char **owned)
{
	*owned = NULL;
	char *md = read_all(mdpath);
	if (!md)
		return "cannot read the example";
	nerrors = 0;
	first_error[0] = '\0';
	xmlSetStructuredErrorFunc(NULL, on_error);
	xmlDocPtr doc = xmlReadFile(xmlpath, NULL, XML_PARSE_NONET);
	if (!doc) {
		free(md);
		*owned = malloc(400);
		snprintf(*owned, 400, "no well-formed DocBook: %s", nerrors ? first_error : "no output");
		return *owned;
	}
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
	xmlRelaxNGSetValidStructuredErrors(vc, on_error, NULL);
	int rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	if (rc != 0) {
		xmlFreeDoc(doc);
		free(md);
		*owned = malloc(400);
		snprintf(*owned, 400, "invalid DocBook (libxml2): %s", first_error);
		return *owned;
	}
	/* general.md holds the example as a section's body: every word, in
	 * order. terms.md holds it as a term's definition, where headings of
	 * the example become terms of their own and the glossary sorts them:
	 * every word, in any order. */
	xmlNodePtr general = find_id(xmlDocGetRootElement(doc), "general");
	xmlNodePtr terms = find_id(xmlDocGetRootElement(doc), "terms");
	char *plain = plaintext(md);
	words want = {0}, got = {0}, tgot = {0};
	split_words(plain, &want);
	char *content = general ? (char *)xmlNodeGetContent(general) : NULL;
	split_words(content ? content : "", &got);
	xmlFree(content);
	content = terms ? (char *)xmlNodeGetContent(terms) : NULL;
	split_words(content ? content : "", &tgot);
	xmlFree(content);
	size_t j = 0;
	const char *reason = NULL;
	if (!general || !terms)
		reason = "no chapter general or terms in the DocBook";
	for (size_t i = 0; !reason && i < want.n; i++) {
		while (j < got.n && strcmp(got.v[j], want.v[i]) != 0)
			j++;
		if (j == got.n) {
			*owned = malloc(400);
			snprintf(*owned, 400, "text lost in general.md: word %zu of %zu '%.80s' is missing (or out of order)",
				 i + 1, want.n, want.v[i]);
			reason = *owned;
			break;
		}
		j++;
	}
	/* Multiset inclusion: each expected word consumes one found word. */
	for (size_t i = 0; !reason && i < want.n; i++) {
		size_t k;
		for (k = 0; k < tgot.n; k++)
			if (tgot.v[k][0] && strcmp(tgot.v[k], want.v[i]) == 0)
				break;
		if (k == tgot.n) {
			*owned = malloc(400);
			snprintf(*owned, 400, "text lost in terms.md: word %zu of %zu '%.80s' is missing", i + 1, want.n,
				 want.v[i]);
			reason = *owned;
			break;
		}
		tgot.v[k][0] = '\0';
	}
	words_free(&want);
	words_free(&got);
	words_free(&tgot);
	free(plain);
	xmlFreeDoc(doc);
	free(md);
	return reason;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: check SCHEMA LIST\n");
		return 2;
	}
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(argv[1]);
	xmlRelaxNGPtr schema = pc ? xmlRelaxNGParse(pc) : NULL;
	if (!schema) {
		fprintf(stderr, "check: cannot load schema %s\n", argv[1]);
		return 2;
	}
	FILE *list = fopen(argv[2], "r");
	if (!list) {
		perror(argv[2]);
		return 2;
	}
	char line[8192];
	while (fgets(line, sizeof line, list)) {
		char md[4000], xml[4000];
		int n;
		if (sscanf(line, "%d %3999s %3999s", &n, md, xml) != 3)
			continue;
		char *owned;
		const char *why = check_one(schema, md, xml, &owned);
		printf("%d %s\n", n, why ? why : "ok");
		free(owned);
	}
	fclose(list);
	xmlRelaxNGFree(schema);
	xmlRelaxNGFreeParserCtxt(pc);
	xmlCleanupParser();
	return 0;
}

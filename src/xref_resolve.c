/* xref_resolve.c - the second phase of references (xref.c collects
 * them while reading): once every name is known, each reference finds its
 * target; then the model is frozen, every reference link given its
 * marker address. */
#include "xref.h"
#include "xref_int.h"
#include "match.h"
#include "strmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- resolution ---- */

/* Undefined and ambiguous references are not reported here: the lint
 * rules (lua/rules/) read the status and report them with hints. */

static int kind_clause(const book *b, int kind, int index)
{
	switch (kind) {
	case TARGET_TERM: return b->terms[index].clause;
	case TARGET_ROLE: return b->roles[index].clause;
	case TARGET_STAGE: return b->stages[index].clause;
	default: return index;
	}
}

static void resolve_name(book *b, book_ref *ref)
{
	const match_hit *hits;
	size_t n = ref->key ? match_resolve(b->index, ref->key, ref->target, &hits) : match_lookup(b->index, ref->target, &hits);
	free(ref->key);
	ref->key = NULL;
	if (!n) {
		ref->status = RESOLVE_UNDEFINED;
		return;
	}
	/* The reader registers terms, then roles, stages and clauses
	 * (register_names), the order a name prefers them in, and a key's hits
	 * keep that order: the first hit's kind wins, and its run is all the
	 * candidates. (A scan of all hits per reference was quadratic when
	 * thousands of clauses share a title.) */
	size_t count = 1;
	while (count < n && hits[count].kind == hits[0].kind)
		count++;
	book_target_kind kind = (book_target_kind)hits[0].kind;
	ref->target_kind = kind;
	ref->target_index = hits[0].index;
	ref->target_clause = kind_clause(b, kind, hits[0].index);
	if (count == 1) {
		ref->status = RESOLVE_OK;
		return;
	}
	ref->status = RESOLVE_AMBIGUOUS;
	ref->candidates = xcalloc(count, sizeof *ref->candidates);
	for (size_t i = 0; i < count; i++)
		ref->candidates[ref->ncandidates++] = kind_clause(b, kind, hits[i].index);
}

static void resolve_id(book *b, book_ref *ref)
{
	int c = book_find_id(b, ref->target);
	if (c < 0) {
		ref->status = RESOLVE_UNDEFINED;
		return;
	}
	const book_clause *cl = &b->clauses[c];
	ref->status = RESOLVE_OK;
	ref->target_clause = c;
	if (cl->term >= 0) {
		ref->target_kind = TARGET_TERM;
		ref->target_index = cl->term;
	} else if (cl->role >= 0) {
		ref->target_kind = TARGET_ROLE;
		ref->target_index = cl->role;
	} else if (cl->stage >= 0) {
		ref->target_kind = TARGET_STAGE;
		ref->target_index = cl->stage;
	} else {
		ref->target_kind = TARGET_CLAUSE;
		ref->target_index = c;
	}
}

static void resolve_role(book *b, book_ref *ref)
{
	int r = book_find_role(b, ref->target);
	if (r < 0) {
		ref->status = RESOLVE_UNDEFINED;
		return;
	}
	ref->status = RESOLVE_OK;
	ref->target_kind = TARGET_ROLE;
	ref->target_index = r;
	ref->target_clause = b->roles[r].clause;
}

char *xref_join_path(const char *from_file, const char *rel, size_t rlen)
{
	if (rlen && (rel[0] == '/' || rel[0] == '\\'))
		return NULL;
	buf out;
	buf_init(&out);
	const char *slash = strrchr(from_file, '/');
	if (slash)
		buf_put(&out, from_file, (size_t)(slash - from_file) + 1);
	buf_put(&out, rel, rlen);
	/* Collapse "." and ".." segments. */
	char *p = out.data;
	char **seg = NULL;
	size_t n = 0, cap = 0;
	for (char *tok = strtok(p, "/"); tok; tok = strtok(NULL, "/")) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			if (!n) {
				free(seg);
				buf_free(&out);
				return NULL;
			}
			n--;
			continue;
		}
		seg = xgrow(seg, &cap, n + 1, sizeof *seg);
		seg[n++] = tok;
	}
	buf res;
	buf_init(&res);
	for (size_t i = 0; i < n; i++)
		buf_printf(&res, "%s%s", i ? "/" : "", seg[i]);
	free(seg);
	buf_free(&out);
	return buf_detach(&res);
}

static int file_first_clause(const book *b, int f)
{
	const book_file *bf = &b->files[f];
	if (bf->role >= 0)
		return b->roles[bf->role].clause;
	return b->chapters[bf->chapter].clause;
}

static void resolve_link(book *b, book_ref *ref, strmap *paths)
{
	const char *url = ref->target;
	const char *hash = strchr(url, '#');
	size_t plen = strcspn(url, "?#");
	int file = ref->pos.file;
	if (plen) {
		char *path = xref_join_path(b->files[ref->pos.file].path, url, plen);
		file = path ? strmap_get(paths, path) : -1;
		free(path);
		if (file < 0) {
			ref->status = RESOLVE_UNDEFINED;
			return;
		}
	}
	if (hash && hash[1]) {
		int c = book_find_id(b, hash + 1);
		if (c < 0) {
			ref->status = RESOLVE_UNDEFINED;
			return;
		}
		ref->status = RESOLVE_OK;
		ref->target_kind = TARGET_CLAUSE;
		ref->target_index = c;
		ref->target_clause = c;
		return;
	}
	ref->status = RESOLVE_OK;
	ref->target_kind = TARGET_FILE;
	ref->target_index = file;
	ref->target_clause = file_first_clause(b, file);
}

/* Whether inline node n opens a sentence: nothing but spaces and line
 * breaks before it in its block, or text ending in . ! ? (…) before them. */
static int opens_sentence(cmark_node *n)
{
	for (;;) {
		cmark_node *p = cmark_node_previous(n);
		if (!p) {
			cmark_node *up = cmark_node_parent(n);
			cmark_node_type t = up ? cmark_node_get_type(up) : CMARK_NODE_NONE;
			if (t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG || t == CMARK_NODE_LINK) {
				n = up;
				continue;
			}
			return 1;
		}
		cmark_node_type t = cmark_node_get_type(p);
		if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
			n = p;
			continue;
		}
		if (t != CMARK_NODE_TEXT)
			return 0;
		const char *s = cmark_node_get_literal(p);
		size_t k = s ? strlen(s) : 0;
		while (k && (s[k - 1] == ' ' || s[k - 1] == '\t'))
			k--;
		if (!k) {
			n = p;
			continue;
		}
		return strchr(".!?", s[k - 1]) != NULL || (k >= 3 && memcmp(s + k - 3, "\xE2\x80\xA6", 3) == 0);
	}
}

/* name with its first letter lower-cased, as a role's name reads inside
 * a sentence ("the clinic manager of each clinic"); as it is when its
 * second letter is a capital too ("IT manager"). Caller frees. */
static char *lower_first(const char *name)
{
	utf8proc_int32_t a, b = 0;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)name, -1, &a);
	if (k < 1 || !utf8proc_isupper(a))
		return xstrdup(name);
	if (name[k])
		utf8proc_iterate((const utf8proc_uint8_t *)name + k, -1, &b);
	if (b && utf8proc_isupper(b))
		return xstrdup(name);
	utf8proc_uint8_t lo[4];
	utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_tolower(a), lo);
	return xasprintf("%.*s%s", (int)n, (const char *)lo, name + k);
}

/* [[@role]] and [[#id]] without |text show the target's own name; a
 * role's inside a sentence with its first letter small. */
static void set_shown_text(book *b, book_ref *ref)
{
	if (ref->status != RESOLVE_OK || ref->shown || !ref->node)
		return;
	char *text = NULL;
	if (ref->kind == REF_ROLE)
		text = opens_sentence(ref->node) ? xstrdup(b->roles[ref->target_index].name)
		                                 : lower_first(b->roles[ref->target_index].name);
	else if (ref->kind == REF_ID) {
		const book_clause *cl = &b->clauses[ref->target_clause];
		text = cl->term >= 0 ? xstrdup(cl->title) : xasprintf("%s %s", cl->number, cl->title);
	}
	if (!text)
		return;
	cmark_node *child = cmark_node_first_child(ref->node);
	if (child && cmark_node_get_type(child) == CMARK_NODE_TEXT)
		cmark_node_set_literal(child, text);
	free(text);
}

void xref_resolve(book *b)
{
	strmap paths;
	strmap_init(&paths);
	for (size_t i = 0; i < b->nfiles; i++)
		strmap_set(&paths, b->files[i].path, (int)i);
	for (size_t i = 0; i < b->nrefs; i++) {
		book_ref *ref = &b->refs[i];
		switch (ref->kind) {
		case REF_NAME: resolve_name(b, ref); break;
		case REF_ID: resolve_id(b, ref); break;
		case REF_ROLE: resolve_role(b, ref); break;
		case REF_LINK: resolve_link(b, ref, &paths); break;
		}
		if (ref->status == RESOLVE_OK && ref->target_kind == TARGET_TERM) {
			book_term *t = &b->terms[ref->target_index];
			t->uses = xgrow(t->uses, &t->cap_uses, t->nuses + 1, sizeof *t->uses);
			t->uses[t->nuses++] = (int)i;
		}
		set_shown_text(b, ref);
	}
	strmap_free(&paths);
}

/* ---- the frozen model ---- */

size_t xref_mark(book *b, size_t from)
{
	/* BOOK_REF_MARK "%zu", written by hand: snprintf was most of the cost
	 * of freezing (some 800 instructions a reference) */
	char mark[64];
	const size_t plen = sizeof BOOK_REF_MARK - 1;
	memcpy(mark, BOOK_REF_MARK, plen);
	for (size_t r = from; r < b->nrefs; r++) {
		cmark_node *n = b->refs[r].node;
		if (!n || book_node_ref(n) != (int)r)
			continue;
		mark[plen + put_decimal(mark + plen, r)] = '\0';
		cmark_node_set_url(n, mark);
		cmark_node_set_title(n, "");
	}
	return b->nrefs;
}

void xref_freeze(book *b, size_t marked)
{
	xref_mark(b, marked);
	/* an author's own link to a marker's address would pass for a
	 * reference: it gets none */
	for (size_t i = 0; i < b->nreserved_links; i++) {
		cmark_node *n = b->reserved_links[i];
		const char *url = cmark_node_get_url(n);
		if (book_node_ref(n) < 0 && url && strncmp(url, BOOK_REF_MARK, sizeof BOOK_REF_MARK - 1) == 0) {
			cmark_node_set_url(n, "");
			cmark_node_set_title(n, "");
		}
	}
}

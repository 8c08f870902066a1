/* book.c - the model's own operations: look-ups, plain text, words, freeing. */
#include "book.h"
#include "arena.h"
#include "diag.h"
#include "match.h"
#include "strmap.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int book_node_ref(cmark_node *node)
{
	if (!node || cmark_node_get_type(node) != CMARK_NODE_LINK)
		return -1;
	intptr_t v = (intptr_t)cmark_node_get_user_data(node);
	return v > 0 ? (int)(v - 1) : -1;
}

int book_find_id(const book *b, const char *id)
{
	return b->ids ? strmap_get(b->ids, id) : -1;
}

int book_char_col(const book *b, int f, int line, int col)
{
	if (f < 0 || (size_t)f >= b->nfiles || line < 1 || col < 1)
		return col;
	const book_file *bf = &b->files[f];
	if (!bf->text || !bf->lines || (size_t)line > bf->nlines)
		return col;
	size_t start = bf->lines[line - 1];
	size_t end = (size_t)line < bf->nlines ? bf->lines[line] : bf->len;
	return diag_column(bf->text + start, end - start, col, 0);
}

int book_find_role(const book *b, const char *id)
{
	return b->role_ids ? strmap_get(b->role_ids, id) : -1;
}

/* How many of the hyphen-separated words of a are words of b in a row
 * (a's all, in b's order: "nurse" in "veterinary-nurse"), else 1 when
 * their last words are the same ("vet-nurse", "veterinary-nurse"), else 0. */
static size_t shared_words(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	for (size_t i = 0; la < lb && i + la <= lb; i++)
		if ((i == 0 || b[i - 1] == '-') && (i + la == lb || b[i + la] == '-') && memcmp(b + i, a, la) == 0) {
			size_t n = 1;
			for (size_t k = 0; k < la; k++)
				n += a[k] == '-';
			return n;
		}
	const char *ea = strrchr(a, '-'), *eb = strrchr(b, '-');
	ea = ea ? ea + 1 : a;
	eb = eb ? eb + 1 : b;
	return (ea != a || eb != b) && strcmp(ea, eb) == 0;
}

const char *book_nearest_role(const book *b, const char *id)
{
	nearest_acc a;
	nearest_init(&a, id);
	for (size_t r = 0; r < b->nroles; r++)
		nearest_offer(&a, b->roles[r].id);
	if (a.best)
		return a.best;
	const char *best = NULL;
	size_t most = 0;
	for (size_t r = 0; r < b->nroles; r++) {
		const char *c = b->roles[r].id;
		size_t n = strlen(c) > strlen(id) ? shared_words(id, c) : shared_words(c, id);
		if (n > most || (n && n == most && strlen(c) > strlen(best))) {
			most = n;
			best = c;
		}
	}
	return best;
}

int book_view_has(const book_view *v, int clause)
{
	return !v || !v->clauses || (clause >= 0 && v->clauses[clause]);
}

/* Appends node's text to b: the text of book_node_text (which is what
 * b holds from start on). The subtree is walked in the order of
 * cmark_iter's ENTER events, without an iterator (allocated a block). */
static void put_node_text(buf *b, size_t start, cmark_node *node)
{
	cmark_node *n = node, *next;
	for (;;) {
		int leaf = 0;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK: {
			const char *lit = cmark_node_get_literal(n);
			if (lit)
				buf_puts(b, lit);
			leaf = 1;
			break;
		}
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(b, ' ');
			leaf = 1;
			break;
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
		case CMARK_NODE_ITEM:
			if (b->len > start && b->data[b->len - 1] != ' ' && n != node)
				buf_putc(b, ' ');
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_THEMATIC_BREAK:
		case CMARK_NODE_HTML_INLINE:
			leaf = 1; /* cmark_iter enters no leaf */
			break;
		default:
			break;
		}
		if (!leaf && (next = cmark_node_first_child(n))) {
			n = next;
			continue;
		}
		while (n != node && !(next = cmark_node_next(n)))
			n = cmark_node_parent(n);
		if (n == node)
			break;
		n = next;
	}
	/* Trim the trailing space block separators leave. */
	while (b->len > start && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
}

char *book_node_text(cmark_node *node)
{
	buf b;
	buf_init(&b);
	put_node_text(&b, 0, node);
	return buf_detach(&b);
}

void book_clause_text_put(const book *b, int c, buf *t)
{
	const book_clause *cl = &b->clauses[c];
	size_t start = t->len;
	for (cmark_node *n = cl->body_first; n; n = cmark_node_next(n)) {
		/* a space between two blocks' texts, taken back when the
		 * second has none */
		size_t sep = t->len;
		if (t->len > start)
			buf_putc(t, ' ');
		size_t at = t->len;
		put_node_text(t, at, n);
		if (t->len == at && sep < at) {
			t->len = sep;
			t->data[sep] = '\0';
		}
		if (n == cl->body_last)
			break;
	}
}

char *book_clause_text(const book *b, int c)
{
	buf t;
	buf_init(&t);
	book_clause_text_put(b, c, &t);
	return buf_detach(&t);
}

const char *book_chapter_kind_name(book_chapter_kind kind)
{
	static const char *names[CH_KIND_COUNT] = {
		"terms", "general", "principles", "journey", "roles", "appearance",
	};
	return (int)kind >= 0 && kind < CH_KIND_COUNT ? names[kind] : "";
}

const char *book_chapter_default_title(book_chapter_kind kind, book_lang lang)
{
	static const char *ru[CH_KIND_COUNT] = {
		"Термины и определения", "Общие положения", "Принципы",
		"Путь клиента", "Стандарты общения", "Внешний вид",
	};
	static const char *en[CH_KIND_COUNT] = {
		"Terms and definitions", "General provisions", "Principles",
		"Customer journey", "Communication standards", "Appearance",
	};
	if ((int)kind < 0 || kind >= CH_KIND_COUNT)
		return "";
	return lang == LANG_RU ? ru[kind] : en[kind];
}

int *book_role_order(const book *b)
{
	unsigned char *done = xcalloc(b->nroles ? b->nroles : 1, 1);
	int *order = xmalloc((b->nroles ? b->nroles : 1) * sizeof *order);
	size_t n = 0;
	for (size_t i = 0; i < b->config.nroles; i++) {
		int r = book_find_role(b, b->config.roles[i]);
		if (r >= 0 && !done[r]) {
			done[r] = 1;
			order[n++] = r;
		}
	}
	for (size_t r = 0; r < b->nroles; r++)
		if (!done[r])
			order[n++] = (int)r;
	free(done);
	return order;
}

const char *book_level_name(book_level level)
{
	static const char *const names[] = {[LEVEL_PROVIDER] = "provider", [LEVEL_SUPPORT] = "support",
					    [LEVEL_MANAGEMENT] = "management"};
	return (int)level > 0 && level <= LEVEL_MANAGEMENT ? names[level] : NULL;
}

const char *book_lang_tag(const book_config *c)
{
	if (c->language == LANG_RU)
		return "ru";
	if (strcmp(c->region, "GB") == 0)
		return "en-GB";
	return strcmp(c->region, "US") == 0 ? "en-US" : "en";
}

const char *book_word(book_lang lang, const char *key)
{
	static const struct { const char *key, *ru, *en; } words[] = {
		{"contents", "Содержание", "Contents"},
		{"glossary", "Глоссарий", "Glossary"},
		{"roles", "Роли", "Roles"},
		{"role", "Роль", "Role"},
		{"owner-mark", "ответственный", "owner"},
		{"used-in", "Где используется", "Used in"},
		{"owner", "Ответственный", "Owner"},
		{"stage", "Этап", "Stage"},
		{"unresolved", "неразрешённая ссылка", "unresolved reference"},
		{"provider", "Контактный персонал", "Service providers"},
		{"support", "Поддержка", "Support"},
		{"management", "Управление", "Management"},
		{"line", "Линия", "Line"},
		{"version", "Версия", "Version"},
		{"print", "Версия для печати", "Print version"},
		{"search", "Поиск", "Search"},
		{"previous", "Назад", "Previous"},
		{"next", "Далее", "Next"},
		/* the HTML's templates/words.lua says the same */
		{"aka", "Синонимы", "Also known as"},
		{"no-owner", "не назначен", "not assigned"},
		{"covers", "Для ролей", "For roles"},
		{"covers-all", "Для всех ролей", "For all roles"},
		{"standard-for", "Стандарт для этапа", "Standard for the stage"},
		{"pyramid", "Пирамида сервиса", "Service pyramid"},
		{"lines", "Линии поддержки", "Support lines"},
		{"matrix", "Матрица ответственности", "Responsibility matrix"},
		{"other", "Прочие роли", "Other roles"},
		{"none", "—", "—"},
		{"has-standard", "Стандарт для этапа есть у", "Roles with a standard for it"},
		/* document control on a cover (FORMAT.md 9), as words.lua's */
		{"role-book", "Книга для роли", "Book for the role"},
		{"effective", "Вступает в силу", "Effective from"},
		{"approved-by", "Утвердил", "Approved by"},
		{"approved", "Дата утверждения", "Approved on"},
		{"book-owner", "Владелец документа", "Document owner"},
		{"standard-owner", "Владелец стандарта роли", "Owner of the standard"},
	};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strcmp(words[i].key, key) == 0)
			return lang == LANG_RU ? words[i].ru : words[i].en;
	return key;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void book_config_free(book_config *c)
{
	free(c->rule_options);
	free(c->rules_path);
	free(c->title);
	free(c->organization);
	free(c->version);
	free(c->url);
	free(c->owner);
	free(c->approved_by);
	free(c->approved);
	free(c->effective);
	free_strv(c->roles, c->nroles);
	free(c->bonus_min);
	free(c->bonus_coef);
	free_strv(c->rule_ids, c->nrules);
	free_strv(c->rule_sev, c->nrules);
}

void book_drop_sources(book *b)
{
	for (size_t i = 0; i < b->nfiles; i++) {
		free(b->files[i].text);
		free(b->files[i].lines);
		b->files[i].text = NULL;
		b->files[i].lines = NULL;
		b->files[i].len = b->files[i].nlines = 0;
	}
}

typedef struct {
	const size_t *file_of; /* a tag's file, or 0 (gone) for a tag of no file */
	size_t ntags;
	size_t done;           /* files[0..done) are read no more */
} release_ctx;

static int tags_gone(size_t lo, size_t hi, void *ctx)
{
	const release_ctx *r = ctx;
	for (size_t t = lo; t <= hi && t < r->ntags; t++)
		if (r->file_of[t] >= r->done)
			return 0;
	return hi < r->ntags;
}

size_t book_release_trees(book *b, size_t files_done)
{
	if (!b->arena || arena_heap_parts() > 0)
		return 0;
	size_t ntags = 0;
	/* only a parsed file has a tag (reader.c load_some) */
	for (size_t i = 0; i < b->nfiles; i++)
		if (b->files[i].doc && b->files[i].load_tag >= ntags)
			ntags = b->files[i].load_tag + 1;
	size_t *file_of = xcalloc(ntags ? ntags : 1, sizeof *file_of);
	for (size_t i = 0; i < b->nfiles; i++)
		if (b->files[i].doc)
			file_of[b->files[i].load_tag] = i;
	release_ctx r = {file_of, ntags, files_done};
	size_t n = arena_release(b->arena, tags_gone, &r);
	free(file_of);
	return n;
}

void book_drop_trees(book *b)
{
	/* the walk frees the trees' heap parts, the arena the rest: with none
	 * (the usual case) the walk, some 120 instructions a node, is skipped */
	int walk = arena_heap_parts() > 0;
	for (size_t i = 0; i < b->nfiles; i++) {
		if (walk && b->files[i].doc)
			cmark_node_free(b->files[i].doc);
		b->files[i].doc = NULL;
	}
	for (size_t i = 0; i < b->nclauses; i++) {
		b->clauses[i].heading = NULL;
		b->clauses[i].body_first = b->clauses[i].body_last = NULL;
	}
	for (size_t i = 0; i < b->nrefs; i++)
		b->refs[i].node = NULL;
	free(b->reserved_links);
	b->reserved_links = NULL;
	b->nreserved_links = b->cap_reserved_links = 0;
	arena_free(b->arena);
	b->arena = NULL;
}

void book_ref_free(book_ref *r)
{
	free(r->raw);
	free(r->target);
	free(r->shown);
	free(r->candidates);
	free(r->key);
}

void book_free(book *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nfiles; i++) {
		book_file *f = &b->files[i];
		free(f->path);
		free(f->text);
		free(f->page);
		free(f->lines);
		if (f->doc)
			cmark_node_free(f->doc);
	}
	free(b->files);
	for (size_t i = 0; i < b->nchapters; i++)
		free(b->chapters[i].page);
	free(b->chapters);
	for (size_t i = 0; i < b->nclauses; i++) {
		book_clause *c = &b->clauses[i];
		free(c->id);
		free(c->number);
		free(c->title);
		for (size_t j = 0; j < c->nattrs; j++) {
			free(c->attrs[j].key);
			free(c->attrs[j].value);
		}
		free(c->attrs);
		free(c->stage_ref);
		free_strv(c->roles_attr, c->nroles_attr);
	}
	free(b->clauses);
	for (size_t i = 0; i < b->nterms; i++) {
		book_term *t = &b->terms[i];
		free(t->name);
		free_strv(t->aka, t->naka);
		free(t->aka_pos);
		free(t->definition);
		free(t->uses);
	}
	free(b->terms);
	for (size_t i = 0; i < b->nroles; i++) {
		free(b->roles[i].id);
		free(b->roles[i].name);
		free(b->roles[i].owner);
	}
	free(b->roles);
	for (size_t i = 0; i < b->nstages; i++) {
		free(b->stages[i].id);
		free(b->stages[i].name);
		free(b->stages[i].owner);
	}
	free(b->stages);
	for (size_t i = 0; i < b->nrefs; i++)
		book_ref_free(&b->refs[i]);
	free(b->refs);
	book_config_free(&b->config);
	if (b->index)
		match_free(b->index);
	arena_free(b->arena); /* after the trees: cmark_node_free freed their heap parts */
	diag_list_free(b->diags);
	if (b->ids) {
		strmap_free(b->ids);
		free(b->ids);
	}
	if (b->id_next) {
		strmap_free(b->id_next);
		free(b->id_next);
	}
	if (b->role_ids) {
		strmap_free(b->role_ids);
		free(b->role_ids);
	}
	for (size_t i = 0; i < b->nlocal_files; i++)
		free(b->local_files[i]);
	free(b->local_files);
	free(b->reserved_links);
	free(b->dir);
	free(b);
}

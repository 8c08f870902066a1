/* spell.c - the misspelled words of a book's prose (see spell.h). */
#include "spell.h"
#include "dict.h"
#include "match.h"
#include "strmap.h"
#include "thread.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Lines of code blocks and HTML blocks: not prose. */
static void mark_blocks(cmark_node *doc, unsigned char *skip, size_t nlines)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_CODE_BLOCK && t != CMARK_NODE_HTML_BLOCK))
			continue;
		int a = cmark_node_get_start_line(n), e = cmark_node_get_end_line(n);
		for (int l = a; l <= e && l >= 1 && (size_t)l <= nlines; l++)
			skip[l - 1] = 1;
	}
	cmark_iter_free(it);
}

/* Where s[i] starts something that is not prose, the offset after it; else i. */
static size_t skip_markup(const char *s, size_t i, size_t len)
{
	const char *end;
	if (s[i] == '`') { /* a code span: up to the same run of backticks */
		size_t run = 0;
		while (i + run < len && s[i + run] == '`')
			run++;
		for (size_t k = i + run; k + run <= len; k++)
			if (!strncmp(s + k, s + i, run) && (k + run == len || s[k + run] != '`'))
				return k + run;
		return len;
	}
	if (s[i] == '[' && i + 1 < len && s[i + 1] == '[') /* [[reference]] */
		return (end = strstr(s + i, "]]")) && (size_t)(end - s) < len ? (size_t)(end - s) + 2 : len;
	if (s[i] == ']' && i + 1 < len && s[i + 1] == '(') /* ](link target) */
		return (end = memchr(s + i, ')', len - i)) ? (size_t)(end - s) + 1 : len;
	if (s[i] == '<' || s[i] == '{') { /* <tag>, <autolink>, <!-- -->, {#attributes} */
		char close = s[i] == '<' ? '>' : '}';
		return (end = memchr(s + i, close, len - i)) ? (size_t)(end - s) + 1 : len;
	}
	if (!strncmp(s + i, "http://", 7) || !strncmp(s + i, "https://", 8) || !strncmp(s + i, "www.", 4)) {
		while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != ')')
			i++;
		return i;
	}
	return i;
}

/* The bytes skip_markup may skip from: the others are not looked at there. */
static const unsigned char markup_start[256] = {
	['`'] = 1, ['['] = 1, [']'] = 1, ['<'] = 1, ['{'] = 1, ['h'] = 1, ['w'] = 1,
};

static int is_cyr(const unsigned char *u)
{
	return (u[0] == 0xD0 || u[0] == 0xD1) && (u[1] & 0xC0) == 0x80;
}

static int is_lat(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* The stem keys of the words of the book's names: accepted in any form. */
static void add_names(match_index *m, strmap *ok, const char *name)
{
	char *copy = xstrdup(name);
	for (char *w = strtok(copy, " \t,;:.()«»\"/"); w; w = strtok(NULL, " \t,;:.()«»\"/")) {
		char *k = match_key(m, w);
		if (*k)
			strmap_set(ok, k, 1);
		free(k);
	}
	free(copy);
}

/* 1 when the dictionary or the book's names know the word. */
static int known(dict_lang lang, match_index *m, const strmap *ok, strmap *seen, const char *w)
{
	int v = strmap_get(seen, w);
	if (v >= 0)
		return v;
	int r = dict_spell(lang, w) != 0; /* no dictionary (-1): nothing is misspelled */
	if (!r && strchr(w, '-')) { /* кто-то, мистери-шопинг: each part */
		char *copy = xstrdup(w);
		r = 1;
		for (char *p = strtok(copy, "-"); p && r; p = strtok(NULL, "-"))
			r = strlen(p) < 2 || dict_spell(lang, p) != 0 || known(lang, m, ok, seen, p);
		free(copy);
	}
	if (!r) {
		char *k = match_key(m, w);
		r = strmap_get(ok, k) >= 0;
		free(k);
	}
	strmap_set(seen, w, r);
	return r;
}

/* The words to check, found without the dictionary (so that this runs
 * while the dictionary loads): each distinct word once, in the order first
 * met, and each place of one, in reading order. */
typedef struct {
	int id;       /* into words */
	uint32_t off; /* the word's byte offset in its file's text */
} place;

typedef struct {
	char **words;
	size_t nwords, wcap;
	place *at;     /* 8 bytes a word of the book: its line and column are
	                * worked out only for the words the dictionary lacks */
	size_t nat, acap;
	size_t *first; /* per file: its first place in at */
} candidates;

static void find_words(const book *b, dict_lang lang, candidates *c)
{
	strmap ids;
	strmap_init(&ids);
	memset(c, 0, sizeof *c);
	c->first = xcalloc(b->nfiles + 1, sizeof *c->first);
	for (size_t fi = 0; fi < b->nfiles; fi++) {
		const book_file *f = &b->files[fi];
		c->first[fi] = c->nat;
		if (!f->text || f->len > UINT32_MAX) /* past any max_input_mb */
			continue;
		unsigned char *skip = xcalloc(f->nlines + 1, 1);
		if (f->doc)
			mark_blocks(f->doc, skip, f->nlines);
		for (size_t l = 0; l < f->nlines; l++) {
			if (skip[l])
				continue;
			const char *s = f->text + f->lines[l];
			size_t len = (l + 1 < f->nlines ? f->lines[l + 1] : f->len) - f->lines[l];
			const unsigned char *u = (const unsigned char *)s;
			for (size_t i = 0; i < len;) {
				/* only these bytes start markup (skip_markup): the rest
				 * of the line's bytes skip the call */
				if (markup_start[u[i]]) {
					size_t j = skip_markup(s, i, len);
					if (j != i) {
						i = j;
						continue;
					}
				}
				if (!is_cyr(u + i) && !is_lat(u[i]) && !(u[i] >= '0' && u[i] <= '9')) {
					i++;
					continue;
				}
				/* the word, and whether it is checked at all (see spell.h):
				 * not with a digit, a letter of the other script (or an
				 * apostrophe: no Russian word has one) or a capital after
				 * the first letter (CRM, СМИ, WhatsApp); two letters at least */
				size_t a = i, letters = 0;
				int unchecked = 0;
				while (i < len) {
					unsigned char ch = u[i];
					if (is_cyr(u + i)) {
						if (lang != DICT_RU || (ch == 0xD0 && u[i + 1] < 0xB0 && letters))
							unchecked = 1;
						letters++;
						i += 2;
					} else if (is_lat(ch)) {
						if (lang == DICT_RU || (ch <= 'Z' && letters))
							unchecked = 1;
						letters++;
						i++;
					} else if (ch >= '0' && ch <= '9') {
						unchecked = 1;
						letters++;
						i++;
					} else if ((ch == '-' || ch == '\'') && i + 1 < len && (is_cyr(u + i + 1) || is_lat(u[i + 1]))) {
						if (ch == '\'' && lang == DICT_RU)
							unchecked = 1;
						i++;
					} else {
						break;
					}
				}
				if (i < len && (u[i] == '@' || u[i] == '.' ) && i + 1 < len && is_lat(u[i + 1]))
					continue; /* an e-mail address or a file name goes on: not a word */
				if (unchecked || letters < 2)
					continue;
				/* most words were met before: found without a copy */
				int id = strmap_getn(&ids, s + a, i - a);
				if (id < 0) {
					id = (int)c->nwords;
					c->words = xgrow(c->words, &c->wcap, c->nwords + 1, sizeof *c->words);
					c->words[c->nwords++] = xstrndup(s + a, i - a);
					strmap_set(&ids, c->words[id], id);
				}
				c->at = xgrow(c->at, &c->acap, c->nat + 1, sizeof *c->at);
				c->at[c->nat++] = (place){id, (uint32_t)(f->lines[l] + a)};
			}
		}
		free(skip);
	}
	c->first[b->nfiles] = c->nat;
	strmap_free(&ids);
}

/* The places of c's words that neither the dictionary nor the book's names
 * know; frees c. */
static spell_miss *check_words(const book *b, dict_lang lang, candidates *c, size_t *n)
{
	match_index *m = match_new();
	strmap ok, seen;
	strmap_init(&ok);
	strmap_init(&seen);
	for (size_t i = 0; i < b->nterms; i++) {
		add_names(m, &ok, b->terms[i].name);
		for (size_t j = 0; j < b->terms[i].naka; j++)
			add_names(m, &ok, b->terms[i].aka[j]);
	}
	for (size_t i = 0; i < b->nroles; i++)
		add_names(m, &ok, b->roles[i].name);
	for (size_t i = 0; i < b->nstages; i++)
		add_names(m, &ok, b->stages[i].name);
	unsigned char *bad = xcalloc(c->nwords + 1, 1);
	for (size_t i = 0; i < c->nwords; i++)
		bad[i] = !known(lang, m, &ok, &seen, c->words[i]);
	spell_miss *v = NULL;
	size_t cap = 0;
	*n = 0;
	for (size_t fi = 0; fi < b->nfiles; fi++) {
		const book_file *f = &b->files[fi];
		size_t l = 0; /* the places of a file come in reading order */
		for (size_t i = c->first[fi]; i < c->first[fi + 1]; i++) {
			const place *p = &c->at[i];
			if (!bad[p->id])
				continue;
			while (l + 1 < f->nlines && f->lines[l + 1] <= p->off)
				l++;
			v = xgrow(v, &cap, *n + 1, sizeof *v);
			v[*n].file = (int)fi;
			v[*n].line = (int)l + 1;
			v[*n].col = (int)(p->off - f->lines[l]) + 1;
			v[(*n)++].word = xstrdup(c->words[p->id]);
		}
	}
	free(bad);
	free(c->first);
	for (size_t i = 0; i < c->nwords; i++)
		free(c->words[i]);
	free(c->words);
	free(c->at);
	strmap_free(&ok);
	strmap_free(&seen);
	match_free(m);
	return v;
}

static spell_miss *scan(const book *b, size_t *n)
{
	candidates c;
	find_words(b, dict_of_book(b), &c);
	return check_words(b, dict_of_book(b), &c, n);
}

struct spell_job {
	const book *b;
	pthread_t thread;
	spell_miss *v; /* the result, the thread's until joined */
	size_t n;
	int joined, taken;
};

/* The job spell_begin started, until spell_end: only the thread that
 * begins it, calls spell_check and ends it touches this. */
static spell_job *current;

static void *scan_beside(void *arg)
{
	spell_job *j = arg;
	j->v = scan(j->b, &j->n);
	return NULL;
}

spell_job *spell_begin(const book *b)
{
	if (current)
		return NULL;
	spell_job *j = xcalloc(1, sizeof *j);
	j->b = b;
	if (!thread_try(&j->thread, scan_beside, j)) {
		free(j);
		return NULL;
	}
	return current = j;
}

static void join(spell_job *j)
{
	if (!j->joined) {
		pthread_join(j->thread, NULL);
		j->joined = 1;
	}
}

spell_miss *spell_check(const book *b, size_t *n)
{
	spell_job *j = current;
	if (j && j->b == b && !j->taken) {
		join(j);
		j->taken = 1;
		*n = j->n;
		return j->v;
	}
	return scan(b, n);
}

void spell_end(spell_job *j)
{
	if (!j)
		return;
	join(j);
	if (!j->taken)
		spell_free(j->v, j->n);
	if (current == j)
		current = NULL;
	free(j);
}

void spell_free(spell_miss *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].word);
	free(v);
}

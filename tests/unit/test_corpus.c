/* test_corpus.c - the matcher on a corpus (tests/corpus/): every case form
 * (6 cases x 2 numbers) of 200 frequent Russian nouns of service texts and
 * the forms of 61 English ones resolve to their term, among all of them at
 * once; and no term of standards/, the starter books and the golden books
 * finds a different term of another of these books (or its own). */
#include "attrs.h"
#include "dict.h"
#include "match.h"
#include "unit.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FORMS 13

typedef struct {
	char *f[MAX_FORMS]; /* f[0] the lemma, then its forms */
	int n;
} row;

static row *rows;
static size_t nrows, caprows;

/* Reads a tab-separated corpus file; returns the number of rows read. */
static size_t read_forms(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		ok_detail(0, "corpus file opens", path);
		return 0;
	}
	char *line = NULL;
	size_t cap = 0, before = nrows;
	while (getline(&line, &cap, fp) > 0) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\r\n")] = '\0';
		rows = xgrow(rows, &caprows, nrows + 1, sizeof *rows);
		row *r = &rows[nrows++];
		r->n = 0;
		for (char *t = strtok(line, "\t"); t && r->n < MAX_FORMS; t = strtok(NULL, "\t"))
			r->f[r->n++] = xstrdup(t);
	}
	free(line);
	fclose(fp);
	return nrows - before;
}

/* The lemma as a book writes a term: a capital first letter. */
static char *capitalised(const char *s)
{
	char *c = xstrdup(s);
	unsigned char *u = (unsigned char *)c;
	if (u[0] == 0xD0 && u[1] >= 0xB0 && u[1] <= 0xBF)
		u[1] -= 0x20; /* а-п */
	else if (u[0] == 0xD1 && u[1] >= 0x80 && u[1] <= 0x8F)
		u[0] = 0xD0, u[1] += 0x20; /* р-я */
	else if (u[0] >= 'a' && u[0] <= 'z')
		u[0] -= 32;
	return c;
}

static void test_forms(const char *dir)
{
	char *ru = xasprintf("%s/forms-ru.tsv", dir), *en = xasprintf("%s/forms-en.tsv", dir);
	size_t nru = read_forms(ru), nen = read_forms(en);
	ok_detail(nru == 200, "the Russian corpus has 200 nouns", ru);
	ok_detail(nen >= 50, "the English corpus has 50 nouns or more", en);
	free(ru);
	free(en);
	match_index *m = match_new();
	for (size_t i = 0; i < nrows; i++) {
		char *name = capitalised(rows[i].f[0]);
		match_add(m, name, 1, (int)i);
		free(name);
	}
	size_t forms = 0, wrong = 0;
	for (size_t i = 0; i < nrows; i++) {
		ok_detail(rows[i].n == (i < nru ? 13 : 5), "a corpus row has its lemma and all its forms", rows[i].f[0]);
		for (int k = 1; k < rows[i].n; k++) {
			const match_hit *h;
			size_t n = match_lookup(m, rows[i].f[k], &h);
			forms++;
			if (n == 1 && h[0].index == (int)i)
				continue;
			wrong++;
			char detail[512];
			snprintf(detail, sizeof detail, "[[%s]] (form %d of %s): %zu hits, first %s", rows[i].f[k], k,
			         rows[i].f[0], n, n ? rows[h[0].index].f[0] : "-");
			ok_detail(0, "a form resolves to its term alone", detail);
		}
	}
	char what[128];
	snprintf(what, sizeof what, "all %zu forms resolve to their term alone", forms);
	ok(wrong == 0 && forms >= 200 * 12, what);
	match_free(m);
}

/* ---- the terms of the books ---- */

typedef struct {
	int book;
	char *names[16]; /* the heading's title, then its aka */
	int n;
} term;

static term *terms;
static size_t nterms, capterms;

static void read_terms(const char *path, int book)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		return;
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, fp) > 0) {
		if (strncmp(line, "## ", 3) != 0)
			continue;
		line[strcspn(line, "\r\n")] = '\0';
		char *title = line + 3;
		attrs_block blk;
		long at = attrs_parse(title, strlen(title), &blk);
		terms = xgrow(terms, &capterms, nterms + 1, sizeof *terms);
		term *t = &terms[nterms++];
		t->book = book;
		t->n = 0;
		size_t tl = at >= 0 ? (size_t)at : strlen(title);
		while (tl && title[tl - 1] == ' ')
			tl--;
		t->names[t->n++] = xstrndup(title, tl);
		for (size_t i = 0; at >= 0 && i < blk.n; i++) {
			if (strcmp(blk.items[i].key, "aka") != 0)
				continue;
			char *v = xstrdup(blk.items[i].value);
			for (char *a = strtok(v, ",;"); a && t->n < 16; a = strtok(NULL, ",;")) {
				a += strspn(a, " ");
				if (*a)
					t->names[t->n++] = xstrdup(a);
			}
			free(v);
		}
		if (at >= 0)
			attrs_free(&blk);
	}
	free(line);
	fclose(fp);
}

/* Two terms are one concept when they share a name, folded. */
static int same_concept(const term *a, const term *b)
{
	for (int i = 0; i < a->n; i++)
		for (int j = 0; j < b->n; j++) {
			char *x = match_fold(a->names[i]), *y = match_fold(b->names[j]);
			int eq = !strcmp(x, y);
			free(x);
			free(y);
			if (eq)
				return 1;
		}
	return 0;
}

static void test_books(const char *root)
{
	static const char *const books[] = {
		"standards/terms.md", "templates/starter/ru/terms.md", "templates/starter/en/terms.md",
		"tests/golden/en-minimal/book/terms.md", "tests/golden/ru-inflected/book/terms.md",
		"tests/golden/crlf-bom/book/terms.md", "tests/golden/inner-headings/book/terms.md",
	};
	size_t nb = sizeof books / sizeof *books;
	for (size_t b = 0; b < nb; b++) {
		char *p = xasprintf("%s/%s", root, books[b]);
		read_terms(p, (int)b);
		free(p);
	}
	ok_detail(nterms >= 30, "the books' terms are read", root);
	match_index *m = match_new();
	for (size_t i = 0; i < nterms; i++)
		for (int k = 0; k < terms[i].n; k++)
			match_add(m, terms[i].names[k], 1, (int)i);
	size_t names = 0, wrong = 0;
	for (size_t i = 0; i < nterms; i++)
		for (int k = 0; k < terms[i].n; k++) {
			const match_hit *h;
			size_t n = match_lookup(m, terms[i].names[k], &h);
			names++;
			for (size_t j = 0; j < n; j++) {
				const term *o = &terms[h[j].index];
				if (h[j].index == (int)i || same_concept(&terms[i], o))
					continue;
				wrong++;
				char detail[512];
				snprintf(detail, sizeof detail, "'%s' (%s) finds '%s' (%s)", terms[i].names[k],
				         books[terms[i].book], o->names[0], books[o->book]);
				ok_detail(0, "no false match between the books' terms", detail);
			}
		}
	char what[160];
	snprintf(what, sizeof what, "%zu names of %zu terms in %zu books: no false match", names, nterms, nb);
	ok(wrong == 0, what);
	match_free(m);
}

/* A book's dictionary.txt: a word with a model word inflects like it. */
static void test_book_words(void)
{
	const char *lem[4];
	ok(dict_lemmas(DICT_RU, "чекаутами", lem, 4) == 0, "an unknown word has no lemma");
	int bad;
	const char text[] = "# words\nчекаут клиент\nfoodtech\nnot one word here\n";
	size_t n = dict_add_text(text, sizeof text - 1, &bad);
	ok(n == 2 && bad == 4, "dictionary.txt: two words added, line 4 is not one word");
	size_t k = dict_lemmas(DICT_RU, "чекаутами", lem, 4);
	ok_detail(k == 1 && !strcmp(lem[0], "=чекаут"), "a word added like клиент: its forms have its lemma",
	          k ? lem[0] : "none");
	ok(dict_spell(DICT_EN, "foodtech") == 1, "a word added is spelled right");
}

int main(void)
{
	/* tests/run.sh runs from the checkout's root; CORPUS_ROOT elsewhere */
	const char *root = getenv("CORPUS_ROOT");
	if (!root)
		root = ".";
	char *dir = xasprintf("%s/tests/corpus", root);
	test_forms(dir);
	test_books(root);
	test_book_words(); /* last: it changes the process's dictionaries */
	free(dir);
	return unit_done();
}

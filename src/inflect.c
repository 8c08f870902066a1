/* inflect.c - a Russian noun phrase in another case (see inflect.h). */
#include "inflect.h"
#include "dict.h"
#include "match.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

enum { GEN, DAT, ACC, INS, PRE, NCASES };

/* Endings to try per case, '|' between alternatives; "" = as it is. */
typedef struct {
	const char *ending;        /* the nominative's ending this row replaces */
	const char *to[NCASES];
} paradigm;

/* Nouns (a role is a person: the masculine accusative is the genitive). */
static const paradigm nouns[] = {
	{"ия", {"ии", "ии", "ию", "ией", "ии"}},
	{"а", {"ы|и", "е", "у", "ой|ей", "е"}},
	{"я", {"и", "е", "ю", "ей|ёй", "е"}},
	{"ь", {"я", "ю", "я", "ем|ём", "е"}},
	{"й", {"я", "ю", "я", "ем", "е"}},
	{"ец", {"ца", "цу", "ца", "цем|цом", "це"}},
	{"ок", {"ка", "ку", "ка", "ком", "ке"}},
	{"", {"а", "у", "а", "ом|ем", "е"}}, /* a consonant */
};

/* Adjectives before the head noun, by the noun's gender. */
static const paradigm adj_masc[] = {
	{"ый", {"ого", "ому", "ого", "ым", "ом"}},
	{"ой", {"ого", "ому", "ого", "ым", "ом"}},
	{"ий", {"его|ого", "ему|ому", "его|ого", "им", "ем|ом"}},
};
static const paradigm adj_fem[] = {
	{"ая", {"ой", "ой", "ую", "ой", "ой"}},
	{"яя", {"ей", "ей", "юю", "ей", "ей"}},
};

static int case_index(const char *c)
{
	static const char *const names[NCASES] = {"gen", "dat", "acc", "ins", "pre"};
	for (int i = 0; i < NCASES; i++)
		if (!strcmp(c, names[i]))
			return i;
	return -1;
}

static int is_adjective(const char *w)
{
	return str_ends(w, "ый") || str_ends(w, "ий") || str_ends(w, "ой") || str_ends(w, "ая") ||
	       str_ends(w, "яя");
}

/* Whether form is a form of word (both folded): one of its lemmas is
 * word's, or it is a word of its own in the dictionary (hunspell-ru lists
 * some forms so: продавцом, месяцем). */
static int checked(const char *form, const char *word)
{
	const char *a[4], *b[4];
	size_t na = dict_lemmas(DICT_RU, form, a, 4), nb = dict_lemmas(DICT_RU, word, b, 4);
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (!strcmp(a[i], b[j]))
				return 1;
	return na == 1 && !strcmp(a[0] + 1, form); /* a[0] is "=form" */
}

/* word (folded) in case c by the first row of rows whose ending it has;
 * the first alternative Hunspell confirms, or NULL. */
static char *inflect_word(const char *word, const paradigm *rows, size_t nrows, int c)
{
	for (size_t r = 0; r < nrows; r++) {
		if (!str_ends(word, rows[r].ending))
			continue;
		size_t stem = strlen(word) - strlen(rows[r].ending);
		char *alts = xstrdup(rows[r].to[c]), *save;
		char *found = NULL;
		for (char *a = strtok_r(alts, "|", &save); a && !found; a = strtok_r(NULL, "|", &save)) {
			char *form = xasprintf("%.*s%s", (int)stem, word, a);
			if (checked(form, word))
				found = form;
			else
				free(form);
		}
		free(alts);
		return found; /* the first row that fits decides */
	}
	return NULL;
}

char *inflect_name(const char *name, const char *gram_case)
{
	int c = case_index(gram_case);
	if (c < 0)
		return NULL;
	char *folded = match_fold(name), *orig = xstrdup(name);
	char *words[16], *as_written[16], *save;
	size_t n = 0, n2 = 0;
	for (char *w = strtok_r(folded, " ", &save); w && n < 16; w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	for (char *w = strtok_r(orig, " ", &save); w && n2 < 16; w = strtok_r(NULL, " ", &save))
		as_written[n2++] = w; /* the words after the head stay as written */
	/* the head: the first word that is not an adjective */
	size_t head = 0;
	while (head < n && is_adjective(words[head]))
		head++;
	int ok = n == n2 && head < n && (unsigned char)words[head][0] >= 0xD0 && (unsigned char)words[head][0] <= 0xD1;
	char *out[16] = {0};
	if (ok) {
		out[head] = inflect_word(words[head], nouns, sizeof nouns / sizeof *nouns, c);
		ok = out[head] != NULL;
	}
	int fem = ok && (str_ends(words[head], "а") || str_ends(words[head], "я"));
	for (size_t i = 0; ok && i < head; i++) {
		out[i] = fem ? inflect_word(words[i], adj_fem, 2, c) : inflect_word(words[i], adj_masc, 3, c);
		ok = out[i] != NULL;
	}
	char *r = NULL;
	if (ok) {
		buf b;
		buf_init(&b);
		for (size_t i = 0; i < n; i++) {
			if (i)
				buf_putc(&b, ' ');
			buf_puts(&b, i <= head ? out[i] : as_written[i]);
		}
		r = buf_detach(&b);
	}
	for (size_t i = 0; i < 16; i++)
		free(out[i]);
	free(folded);
	free(orig);
	return r;
}

/* test_dictsub.c - unit tests of the narrowed Hunspell dictionary
 * (src/dictsub.c): for thousands of words (forms of stems taken through
 * ru_RU.dic, capitalised, hyphenated, misspelt, Latin) Hunspell made from
 * the narrowed .dic answers as Hunspell made from the whole one; and a
 * dictionary with rules dictsub.c does not reason about (en_US: prefixes,
 * compounds) is not narrowed. Needs the ru_RU Hunspell dictionary (dict.h);
 * without it, it says so and checks nothing. */
#include "dict.h"
#include "dictsub.h"
#include "unit.h"
#include "util.h"

#include <hunspell.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Endings of Russian nouns, adjectives and verbs, put in place of a
 * stem's last letters. */
static const char *const endings[] = {"",    "а",   "у",   "ом",   "ами", "ого", "ему", "ешь",
				      "ется", "ала", "ить", "ость", "ы",   "ях",  "ся",  "ённый"};

typedef struct {
	char **v;
	size_t n, cap;
} words;

static void add(words *w, const char *s)
{
	w->v = xgrow(w->v, &w->cap, w->n + 1, sizeof *w->v);
	w->v[w->n++] = xstrdup(s);
}

/* The stem without its last k letters (Cyrillic: two bytes each). */
static char *cut(const char *stem, size_t k)
{
	size_t n = strlen(stem);
	while (k-- && n >= 2 && ((unsigned char)stem[n - 1] & 0xC0) == 0x80)
		n -= 2;
	return xstrndup(stem, n);
}

/* Words made from every step-th stem of the .dic text. */
static void make_words(const char *dic, size_t step, words *w)
{
	size_t line = 0;
	for (const char *p = strchr(dic, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
		if (line++ % step)
			continue;
		char *stem = xstrndup(p + 1, strcspn(p + 1, "/\n"));
		if (((unsigned char)stem[0] & 0xF0) != 0xD0) { /* Cyrillic only */
			free(stem);
			continue;
		}
		for (size_t k = 0; k < 3; k++) {
			char *root = cut(stem, k);
			for (size_t e = 0; e < sizeof endings / sizeof *endings; e++) {
				char *form = xasprintf("%s%s", root, endings[e]);
				add(w, form);
				if (e % 4 == 0) {
					char *hy = xasprintf("кто-%s", form), *hy2 = xasprintf("%s-то", form);
					add(w, hy);
					add(w, hy2);
					free(hy);
					free(hy2);
				}
				free(form);
			}
			free(root);
		}
		/* capitalised (А-П: D0 90-9F from D0 B0-BF; Р-Я: D0 A0-AF from D1 80-8F) */
		char *cap = xstrdup(stem);
		unsigned char *u = (unsigned char *)cap;
		if (u[0] == 0xD0 && u[1] >= 0xB0)
			u[1] -= 0x20;
		else if (u[0] == 0xD1 && u[1] >= 0x80 && u[1] <= 0x8F)
			u[0] = 0xD0, u[1] += 0x20;
		add(w, cap);
		free(cap);
		/* misspelt: two letters swapped */
		char *typo = xstrdup(stem);
		if (strlen(typo) >= 4) {
			char t[2] = {typo[0], typo[1]};
			typo[0] = typo[2], typo[1] = typo[3], typo[2] = t[0], typo[3] = t[1];
		}
		add(w, typo);
		free(typo);
		free(stem);
	}
	const char *latin[] = {"customer", "Customer", "e-mail", "CRM", "ок", "кто-нибудь", "из-за", "ёлка", "Ёлка"};
	for (size_t i = 0; i < sizeof latin / sizeof *latin; i++)
		add(w, latin[i]);
}

/* dictsub_line_end (SSE2, sixteen bytes a step) against memchr's
 * dictsub_line_end_plain: random texts of newlines, slashes, letters and
 * Cyrillic bytes, every start and end. */
static void check_line_end(void)
{
	static const char pick[] = {'\n', '/', 'a', 'Z', (char)0xD0, (char)0xB0, '\n', '/', 'b', (char)0x0A ^ 0x80};
	unsigned seed = 99;
	int bad = 0;
	for (int round = 0; round < 400 && !bad; round++) {
		char t[72];
		for (size_t k = 0; k < sizeof t; k++) {
			seed = seed * 1103515245u + 12345u;
			/* a newline or slash now and then, so that lines are long */
			unsigned r = (seed >> 16) % (2 + (unsigned)round % 40);
			t[k] = r < sizeof pick ? pick[r] : 'x';
		}
		for (size_t a = 0; a < sizeof t && !bad; a++)
			for (size_t z = a; z <= sizeof t && !bad; z++) {
				const char *s1, *s2;
				const char *e1 = dictsub_line_end(t + a, t + z, &s1), *e2 = dictsub_line_end_plain(t + a, t + z, &s2);
				if (e1 != e2 || s1 != s2) {
					printf("# round %d, bytes %zu-%zu: end %td (plain %td), slash %td (plain %td)\n", round, a, z,
					       e1 - t, e2 - t, s1 ? s1 - t : -1, s2 ? s2 - t : -1);
					bad = 1;
				}
			}
	}
	ok(!bad, "dictsub_line_end agrees with memchr");
}

int main(void)
{
	check_line_end();
	char *aff = xasprintf("%s/ru_RU.aff", dict_dir()), *dic = xasprintf("%s/ru_RU.dic", dict_dir());
	size_t len;
	char *text = read_file(dic, &len);
	if (!text || access(aff, R_OK) != 0) {
		printf("# no ru_RU Hunspell dictionary in %s: nothing checked\n", dict_dir());
		free(text);
		free(aff);
		free(dic);
		return unit_done();
	}
	words w = {0};
	make_words(text, 97, &w);
	char *sub = dictsub_write(aff, dic, (const char *const *)w.v, w.n);
	ok(sub != NULL, "ru_RU is narrowed");
	if (sub) {
		size_t sublen;
		char *subtext = read_file(sub, &sublen);
		ok(subtext && sublen < len / 2, "the narrowed .dic is smaller");
		free(subtext);
		Hunhandle *whole = Hunspell_create(aff, dic), *narrow = Hunspell_create(aff, sub);
		size_t same = 0, known = 0;
		for (size_t i = 0; i < w.n; i++) {
			int a = Hunspell_spell(whole, w.v[i]) != 0, b = Hunspell_spell(narrow, w.v[i]) != 0;
			same += a == b;
			known += a;
			if (a != b)
				printf("# %s: whole %d, narrowed %d\n", w.v[i], a, b);
		}
		char detail[80];
		snprintf(detail, sizeof detail, "%zu of %zu the same", same, w.n);
		ok_detail(same == w.n, "the narrowed dictionary spells every word as the whole one", detail);
		ok(known > w.n / 10 && known < w.n - w.n / 10, "the words are known and unknown");
		Hunspell_destroy(whole);
		Hunspell_destroy(narrow);
		dictsub_free(sub);
	}
	/* a word list of none still gives Hunspell a dictionary, of nearly
	 * nothing */
	sub = dictsub_write(aff, dic, NULL, 0);
	ok(sub != NULL, "no words: narrowed all the same");
	if (sub) {
		Hunhandle *h = Hunspell_create(aff, sub);
		ok(Hunspell_spell(h, "клиент") == 0, "no words: not even the common ones");
		Hunspell_destroy(h);
		dictsub_free(sub);
	}
	char *en_aff = xasprintf("%s/en_US.aff", dict_dir()), *en_dic = xasprintf("%s/en_US.dic", dict_dir());
	if (access(en_aff, R_OK) == 0) {
		const char *one[] = {"customer"};
		sub = dictsub_write(en_aff, en_dic, one, 1);
		ok(sub == NULL, "en_US (prefixes, compounds) is not narrowed");
		dictsub_free(sub);
	}
	free(en_aff);
	free(en_dic);
	for (size_t i = 0; i < w.n; i++)
		free(w.v[i]);
	free(w.v);
	free(text);
	free(aff);
	free(dic);
	return unit_done();
}

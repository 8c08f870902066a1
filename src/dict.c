/* dict.c - Hunspell dictionaries, loaded lazily once and shared (see dict.h). */
#include "dict.h"
#include "book.h"
#include "dictsub.h"
#include "strmap.h"
#include "thread.h"
#include "util.h"

#include <hunspell.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const files[DICT_NLANG] = {"ru_RU", "en_US", "en_GB"};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static Hunhandle *handles[DICT_NLANG];
static int tried[DICT_NLANG];

/* Hunspell takes 10-35 us a Russian word: each word's lemmas are asked
 * once per process, whichever thread's index needs them first. */
static strmap cache[DICT_NLANG]; /* word -> index into lemma lists */
static char ***cached;           /* the lists, NULL-terminated */
static size_t ncached, capcached;
static int cache_ready;

/* The words added (dictionary.txt), in order: those added before a
 * handle loads are added to it when it does, so a book's dictionary.txt
 * does not load it by itself. */
static struct added {
	char *word, *model;
} *pending[DICT_NLANG];
static size_t npending[DICT_NLANG], cappending[DICT_NLANG];

/* The dictionary narrowed to the words of a spelling scan (dict_narrow),
 * and those words (with their parts between hyphens): it answers
 * dict_spell for them alone. */
static Hunhandle *narrow[DICT_NLANG];
static strmap narrowed[DICT_NLANG];

static void add_locked(Hunhandle *h, const char *word, const char *model)
{
	if (model && *model && Hunspell_spell(h, model))
		Hunspell_add_with_affix(h, word, model);
	else
		Hunspell_add(h, word);
}

const char *dict_dir(void)
{
	const char *d = getenv("SVCBOOK_HUNSPELL_DIR");
	return d && *d ? d : "/usr/share/hunspell";
}

/* A handle made from l's .aff and the .dic at dic (with the words added
 * so far); NULL when the .dic is missing. */
static Hunhandle *create(dict_lang l, const char *aff, const char *dic)
{
	FILE *f = fopen(dic, "rb"); /* Hunspell_create says nothing when it is missing */
	if (!f)
		return NULL;
	fclose(f);
	Hunhandle *h = Hunspell_create(aff, dic);
	for (size_t i = 0; i < npending[l]; i++)
		add_locked(h, pending[l][i].word, pending[l][i].model);
	return h;
}

/* The handle of l, loaded on first use; NULL without the files. Called
 * with the lock held. */
static Hunhandle *handle(dict_lang l)
{
	if (!tried[l]) {
		tried[l] = 1;
		char *aff = xasprintf("%s/%s.aff", dict_dir(), files[l]);
		char *dic = xasprintf("%s/%s.dic", dict_dir(), files[l]);
		handles[l] = create(l, aff, dic);
		free(aff);
		free(dic);
	}
	return handles[l];
}

/* The narrowed handle when it answers for word, else the whole one. */
static Hunhandle *handle_for(dict_lang l, const char *word)
{
	if (narrow[l] && strmap_get(&narrowed[l], word) >= 0)
		return narrow[l];
	return handle(l);
}

static void drop_narrow(dict_lang l)
{
	if (narrow[l]) {
		Hunspell_destroy(narrow[l]);
		narrow[l] = NULL;
		strmap_free(&narrowed[l]);
	}
}

/* 1 when w is made of ASCII and Cyrillic letters of U+0400-047F alone:
 * the characters whose case dictsub.c folds as Hunspell does. */
static int plain_word(const char *w)
{
	for (const unsigned char *u = (const unsigned char *)w; *u; u++) {
		if (*u < 0x80)
			continue;
		if ((*u != 0xD0 && *u != 0xD1) || (u[1] & 0xC0) != 0x80)
			return 0;
		u++;
	}
	return 1;
}

void dict_narrow(dict_lang l, const char *const *words, size_t n)
{
	pthread_mutex_lock(&lock);
	int plain = !tried[l] && !narrow[l];
	for (size_t i = 0; plain && i < npending[l]; i++)
		plain = !pending[l][i].model || plain_word(pending[l][i].model);
	for (size_t i = 0; plain && i < n; i++)
		plain = plain_word(words[i]);
	if (plain) {
		/* the words, and the models the added words inflect like */
		const char **v = xcalloc(n + npending[l] + 1, sizeof *v);
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			v[k++] = words[i];
		for (size_t i = 0; i < npending[l]; i++)
			if (pending[l][i].model)
				v[k++] = pending[l][i].model;
		char *aff = xasprintf("%s/%s.aff", dict_dir(), files[l]);
		char *dic = xasprintf("%s/%s.dic", dict_dir(), files[l]);
		char *sub = dictsub_write(aff, dic, v, k);
		if (sub) {
			narrow[l] = create(l, aff, sub);
			dictsub_free(sub);
		}
		if (narrow[l]) {
			strmap_init(&narrowed[l]);
			for (size_t i = 0; i < n; i++) {
				strmap_set(&narrowed[l], words[i], 1);
				char *copy = xstrdup(words[i]); /* spell.c asks for each part too */
				for (char *save = NULL, *p = strtok_r(copy, "-", &save); p; p = strtok_r(NULL, "-", &save))
					strmap_set(&narrowed[l], p, 1);
				free(copy);
			}
		}
		free(v);
		free(aff);
		free(dic);
	}
	pthread_mutex_unlock(&lock);
}

static void *load(void *arg)
{
	pthread_mutex_lock(&lock);
	handle(*(const dict_lang *)arg);
	pthread_mutex_unlock(&lock);
	return NULL;
}

void dict_load_beside(dict_lang l)
{
	static const dict_lang langs[DICT_NLANG] = {DICT_RU, DICT_EN, DICT_EN_GB};
	pthread_t t;
	if (thread_try(&t, load, (void *)&langs[l]))
		pthread_detach(t);
}

dict_lang dict_of_book(const book *b)
{
	const char *tag = book_lang_tag(&b->config);
	return strcmp(tag, "ru") == 0 ? DICT_RU : strcmp(tag, "en-GB") == 0 ? DICT_EN_GB : DICT_EN;
}

/* In place: ё -> е, Ё -> е, А-Я -> а-я (Hunspell may answer a capital). */
static void fold(char *s)
{
	unsigned char *u = (unsigned char *)s;
	size_t o = 0;
	for (size_t i = 0; u[i];) {
		if (u[i] == 0xD1 && u[i + 1] == 0x91) { /* ё */
			u[o++] = 0xD0, u[o++] = 0xB5, i += 2;
		} else if (u[i] == 0xD0 && u[i + 1] == 0x81) { /* Ё */
			u[o++] = 0xD0, u[o++] = 0xB5, i += 2;
		} else if (u[i] == 0xD0 && u[i + 1] >= 0x90 && u[i + 1] <= 0x9F) { /* А-П */
			u[o++] = 0xD0, u[o++] = (unsigned char)(u[i + 1] + 0x20), i += 2;
		} else if (u[i] == 0xD0 && u[i + 1] >= 0xA0 && u[i + 1] <= 0xAF) { /* Р-Я */
			u[o++] = 0xD1, u[o++] = (unsigned char)(u[i + 1] - 0x20), i += 2;
		} else if (u[i] >= 'A' && u[i] <= 'Z') {
			u[o++] = (unsigned char)(u[i++] + 32);
		} else {
			u[o++] = u[i++];
		}
	}
	u[o] = '\0';
}

/* The lemmas of word, from the cache or Hunspell; called with the lock
 * held. A NULL-terminated list owned by the cache. */
static char **lemmas_locked(dict_lang l, const char *word)
{
	if (!cache_ready) {
		for (int i = 0; i < DICT_NLANG; i++)
			strmap_init(&cache[i]);
		cache_ready = 1;
	}
	int id = strmap_get(&cache[l], word);
	if (id >= 0)
		return cached[id];
	char **list = NULL;
	int n = 0;
	Hunhandle *h = handle(l);
	if (h)
		n = Hunspell_stem(h, &list, word);
	char **v = xcalloc((size_t)(n > 0 ? n : 0) + 1, sizeof *v);
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		char *s = xasprintf("=%s", list[i]);
		fold(s);
		int seen = 0;
		for (size_t j = 0; j < k && !seen; j++)
			seen = !strcmp(v[j], s);
		if (seen)
			free(s);
		else
			v[k++] = s;
	}
	if (n > 0)
		Hunspell_free_list(h, &list, n);
	qsort(v, k, sizeof *v, cmp_strp);
	cached = xgrow(cached, &capcached, ncached + 1, sizeof *cached);
	cached[ncached] = v;
	strmap_set(&cache[l], word, (int)ncached++);
	return v;
}

size_t dict_lemmas(dict_lang l, const char *word, const char **out, size_t max)
{
	pthread_mutex_lock(&lock);
	char **v = lemmas_locked(l, word);
	size_t k = 0;
	for (; v[k] && k < max; k++)
		out[k] = v[k]; /* never freed: dict_add forgets the map, not the lists */
	pthread_mutex_unlock(&lock);
	return k;
}

int dict_spell(dict_lang l, const char *word)
{
	pthread_mutex_lock(&lock);
	Hunhandle *h = handle_for(l, word);
	int r = h ? Hunspell_spell(h, word) != 0 : -1;
	pthread_mutex_unlock(&lock);
	return r;
}

size_t dict_suggest(dict_lang l, const char *word, char **out, size_t max)
{
	char **list = NULL;
	int n = 0;
	pthread_mutex_lock(&lock);
	Hunhandle *h = handle(l);
	if (h)
		n = Hunspell_suggest(h, &list, word);
	size_t k = 0;
	for (int i = 0; i < n && k < max; i++)
		out[k++] = xstrdup(list[i]);
	if (n > 0)
		Hunspell_free_list(h, &list, n);
	pthread_mutex_unlock(&lock);
	return k;
}

void dict_add(dict_lang l, const char *word, const char *model)
{
	pthread_mutex_lock(&lock);
	/* a narrowed dictionary knows only its words' stems, maybe not the
	 * model's: the whole one answers from now on */
	drop_narrow(l);
	/* kept for handles loaded later */
	pending[l] = xgrow(pending[l], &cappending[l], npending[l] + 1, sizeof *pending[l]);
	pending[l][npending[l]].word = xstrdup(word);
	pending[l][npending[l]++].model = model ? xstrdup(model) : NULL;
	if (tried[l] && handles[l]) {
		add_locked(handles[l], word, model);
		/* what was cached before may have changed: forget it */
		if (cache_ready)
			for (int i = 0; i < DICT_NLANG; i++) {
				strmap_free(&cache[i]);
				strmap_init(&cache[i]);
			}
	}
	pthread_mutex_unlock(&lock);
}

/* 1 when s is one word: letters, digits, '-' or an apostrophe, no space. */
static int one_word(const char *s)
{
	if (!*s)
		return 0;
	for (const unsigned char *u = (const unsigned char *)s; *u; u++)
		if (*u <= ' ' || strchr("\"#,;:!?()[]{}<>/\\|", *u))
			return 0;
	return 1;
}

size_t dict_add_text(const char *text, size_t len, int *bad_line)
{
	size_t added = 0;
	int line = 0;
	*bad_line = 0;
	for (size_t i = 0; i < len;) {
		size_t e = i;
		while (e < len && text[e] != '\n')
			e++;
		line++;
		char *l = xstrndup(text + i, e - i);
		i = e + 1;
		l[strcspn(l, "#\r")] = '\0';
		char *word = strtok(l, " \t"), *model = word ? strtok(NULL, " \t") : NULL;
		if (word && (!one_word(word) || (model && (!one_word(model) || strtok(NULL, " \t"))))) {
			if (!*bad_line)
				*bad_line = line;
		} else if (word) {
			/* the script of the first byte: Cyrillic is 0xD0..0xD4 */
			unsigned char c = (unsigned char)word[0];
			if (c >= 0xD0 && c <= 0xD4) {
				dict_add(DICT_RU, word, model);
			} else { /* whichever English the book is in */
				dict_add(DICT_EN, word, model);
				dict_add(DICT_EN_GB, word, model);
			}
			added++;
		}
		free(l);
	}
	return added;
}

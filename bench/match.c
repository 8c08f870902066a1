/* bench/match.c - times the name matcher (src/match.c) alone on a book's
 * names: every heading title and aka registered (match_add), every [[name]]
 * keyed (match_key) and looked up (match_lookup_key), as the reader and the
 * resolver do, each on one thread. Prints milliseconds per phase, the best
 * of RUNS; the dictionary's loading is timed apart (the first Russian
 * word), as it is paid once per process.
 *
 * usage: bench/match BOOKDIR [RUNS]     (built by `make bench/match`) */
#include "../src/match.h"
#ifdef HAVE_DICT
#include "../src/dict.h"
#endif

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static char **names, **refs;
static int *kinds;             /* 1 a term (terms.md), 4 a clause title */
static size_t nnames, nrefs, capn, capr, capk;
static int in_terms;

static void push(char ***v, size_t *n, size_t *cap, const char *s, size_t len)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*v = realloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = strndup(s, len);
}

/* Titles of headings (without their {...}) and aka values; [[targets]]. */
static void scan(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) > 0) {
		if (line[0] == '#') {
			char *t = line + strspn(line, "#");
			t += strspn(t, " ");
			char *brace = strchr(t, '{');
			size_t len = brace ? (size_t)(brace - t) : strcspn(t, "\n");
			push(&names, &nnames, &capn, t, len);
			kinds = realloc(kinds, (capk = capn) * sizeof *kinds);
			kinds[nnames - 1] = in_terms && line[1] == '#' && line[2] == ' ' ? 1 : 4;
			char *aka = brace ? strstr(brace, "aka=\"") : NULL;
			if (aka) {
				aka += 5;
				for (char *e; *aka && *aka != '"'; aka = *e == ',' ? e + 1 : e) {
					aka += strspn(aka, " ");
					e = aka + strcspn(aka, ",\"");
					push(&names, &nnames, &capn, aka, (size_t)(e - aka));
					kinds = realloc(kinds, (capk = capn) * sizeof *kinds);
					kinds[nnames - 1] = kinds[nnames - 2];
				}
			}
			continue;
		}
		for (char *p = line; (p = strstr(p, "[["));) {
			char *e = strstr(p + 2, "]]");
			if (!e)
				break;
			char *bar = memchr(p + 2, '|', (size_t)(e - p - 2));
			char *t = p + 2 + (p[2] == '@' || p[2] == '#');
			if (p[2] != '@' && p[2] != '#')
				push(&refs, &nrefs, &capr, t, (size_t)((bar ? bar : e) - t));
			p = e + 2;
		}
	}
	free(line);
	fclose(f);
}

static void scan_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		size_t n = strlen(e->d_name);
		if (n > 3 && !strcmp(e->d_name + n - 3, ".md")) {
			in_terms = !strcmp(e->d_name, "terms.md");
			scan(path);
		}
		else if (!strchr(e->d_name, '.'))
			scan_dir(path);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench/match BOOKDIR [RUNS]\n");
		return 2;
	}
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	scan_dir(argv[1]);
	double t0 = now_ms();
#ifdef HAVE_DICT
	const char *lem[4];
	if (getenv("BENCH_LOAD_DICT")) /* else only a look-up that needs it does */
		dict_lemmas(DICT_RU, "клиент", lem, 4);
#endif
	double load = now_ms() - t0;
	double best[3] = {1e18, 1e18, 1e18};
	size_t found = 0;
	for (int r = 0; r < runs; r++) {
		match_index *m = match_new();
		double a = now_ms();
		for (int kind = 1; kind <= 4; kind += 3) /* terms first, as the reader */
			for (size_t i = 0; i < nnames; i++)
				if (kinds[i] == kind)
					match_add(m, names[i], kind, (int)i);
		double b = now_ms();
		/* the loading threads key the names with an index of their own */
		match_index *k = match_new();
		char **keys = malloc(nrefs * sizeof *keys);
		for (size_t i = 0; i < nrefs; i++)
			keys[i] = match_key(k, refs[i]);
		double c = now_ms();
		found = 0;
		for (size_t i = 0; i < nrefs; i++) {
			const match_hit *h;
#ifdef HAVE_DICT
			found += match_resolve(m, keys[i], refs[i], &h) > 0; /* as xref_resolve */
#else
			found += match_lookup_key(m, keys[i], &h) > 0; /* before match_resolve */
#endif
		}
		double d = now_ms();
		double t[3] = {b - a, c - b, d - c};
		for (int i = 0; i < 3; i++)
			if (t[i] < best[i])
				best[i] = t[i];
		for (size_t i = 0; i < nrefs; i++)
			free(keys[i]);
		free(keys);
		match_free(k);
		match_free(m);
	}
	printf("names %zu, references %zu (%zu found)\n", nnames, nrefs, found);
	if (getenv("BENCH_UNSETTLED")) {
		match_index *m = match_new();
		for (int kind = 1; kind <= 4; kind += 3)
			for (size_t i = 0; i < nnames; i++)
				if (kinds[i] == kind)
					match_add(m, names[i], kind, (int)i);
		size_t uns = 0;
		for (size_t i = 0; i < nrefs; i++) {
			const match_hit *h;
			char *k = match_key(m, refs[i]);
			size_t n = match_lookup_key(m, k, &h);
			int ok = n > 0;
			for (size_t j = 1; j < n; j++)
				ok &= h[j].kind != h[0].kind || h[j].index == h[0].index;
			if (!ok && uns++ < 5)
				printf("unsettled: %s (%zu hits)\n", refs[i], n);
			free(k);
		}
		printf("%zu unsettled\n", uns);
	}
	printf("first word (dictionary load) %.1f ms\n", load);
	printf("match_add %.1f ms, match_key %.1f ms, lookup %.1f ms, total %.1f ms (best of %d)\n",
	       best[0], best[1], best[2], best[0] + best[1] + best[2], runs);
	return 0;
}

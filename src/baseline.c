/* baseline.c - lint --base (baseline.h): a finding is known by its rule,
 * its file, the text of its source line (spaces around it trimmed) and its
 * message with the digits left out. Lines move and clauses are renumbered
 * between two versions, so neither a line number nor a number in the
 * message ("first defined at roles/a.md:12:3", "5.1.4") tells two
 * findings apart; the line's own text does, as in GitLab's fingerprints
 * (report.c's rsrc_fingerprint, which keeps the numbers). */
#include "baseline.h"

#include "book.h"
#include "srcline.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct baseline {
	uint64_t *keys; /* sorted */
	size_t n;
};

static uint64_t fnv(uint64_t h, const char *s, size_t n, int skip_digits)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (skip_digits && c >= '0' && c <= '9')
			continue;
		h = (h ^ c) * 0x100000001b3ULL;
	}
	return (h ^ 0xff) * 0x100000001b3ULL; /* a field's end: "ab","c" is not "a","bc" */
}

static uint64_t key_of(srcline *sl, const diag *d)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	h = fnv(h, d->rule, strlen(d->rule), 0);
	h = fnv(h, d->file, strlen(d->file), 0);
	h = fnv(h, d->message, strlen(d->message), 1);
	size_t n = 0;
	const char *p = *d->file && d->line > 0 ? srcline_get(sl, d->file, d->line, &n) : NULL;
	if (p) {
		srcline_trim(&p, &n);
		h = fnv(h, p, n, 0);
	}
	return h;
}

static uint64_t *keys_of(const book *b, const char *bookdir, const diag_list *d)
{
	srcline sl = {.b = b, .bookdir = bookdir};
	uint64_t *k = xcalloc(d->n ? d->n : 1, sizeof *k);
	for (size_t i = 0; i < d->n; i++)
		k[i] = key_of(&sl, &d->items[i]);
	srcline_free(&sl);
	return k;
}

static int cmp_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

baseline *baseline_new(const book *b, const char *bookdir, const diag_list *d)
{
	baseline *bl = xcalloc(1, sizeof *bl);
	bl->keys = keys_of(b, bookdir, d);
	bl->n = d->n;
	qsort(bl->keys, bl->n, sizeof *bl->keys, cmp_key);
	return bl;
}

void baseline_free(baseline *bl)
{
	if (!bl)
		return;
	free(bl->keys);
	free(bl);
}

unsigned char *baseline_fresh(const baseline *bl, const book *b, const char *bookdir, const diag_list *d)
{
	uint64_t *k = keys_of(b, bookdir, d);
	unsigned char *fresh = xcalloc(d->n ? d->n : 1, 1);
	unsigned char *used = xcalloc(bl->n ? bl->n : 1, 1);
	for (size_t i = 0; i < d->n; i++) {
		/* the first unused base finding with this key answers for it */
		size_t lo = 0, hi = bl->n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (bl->keys[mid] < k[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		while (lo < bl->n && bl->keys[lo] == k[i] && used[lo])
			lo++;
		if (lo < bl->n && bl->keys[lo] == k[i])
			used[lo] = 1;
		else
			fresh[i] = 1;
	}
	free(used);
	free(k);
	return fresh;
}

/* obligfp.c - the fingerprint of obligations (oblig.h): each obligation
 * hashed over its strength, negation, readable deadline and folded words,
 * the hashes added up. */
#include "oblig.h"
#include "oblig_int.h"
#include "words.h"

#include <string.h>

/* splitmix64's finaliser: each item's hash spread over all 64 bits, so
 * that adding them up (an order-free combination) does not cancel. */
static uint64_t mix(uint64_t x)
{
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* h fed with v in decimal, as printf's %ld writes it. */
static uint64_t feed_long(uint64_t h, long v)
{
	char d[24];
	size_t n = 0;
	if (v < 0)
		d[n++] = '-';
	/* the magnitude as unsigned: LONG_MIN has no positive long */
	n += put_decimal(d + n, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
	return fnv1a_feed(h, d, n);
}

/* FNV-1a of "STRENGTH|NEGATED|" + "c" or "w" and the deadline's seconds
 * when readable + "|" + the folded words t joined by spaces, fed as it
 * goes (no string made: four thousand obligations of the bench book cost
 * 70 million instructions in buf_printf), then mixed. */
uint64_t oblig_hash_words(oblig_strength s, int negated, const oblig_deadline *dl, const words *t)
{
	/* the bytes of "%s|%d|" and "%c%ld", written without snprintf (two
	 * calls of a thousand instructions each an obligation) */
	const char *name = oblig_strength_name(s);
	uint64_t h = fnv1a_feed(FNV1A_BASIS, name, strlen(name));
	h = fnv1a_feed(h, "|", 1);
	h = feed_long(h, negated);
	h = fnv1a_feed(h, "|", 1);
	if (dl->kind == OBLIG_DL_CALENDAR || dl->kind == OBLIG_DL_WORKING) {
		h = fnv1a_feed(h, dl->kind == OBLIG_DL_WORKING ? "w" : "c", 1);
		h = feed_long(h, dl->seconds);
	}
	h = fnv1a_feed(h, "|", 1);
	/* the folded words lie one after another, each ended by a NUL: read
	 * as joined by spaces, without the last NUL */
	for (size_t i = 0; i + 1 < t->len; i++)
		h = (h ^ (t->folded[i] ? (unsigned char)t->folded[i] : ' ')) * FNV1A_PRIME;
	return mix(h);
}

uint64_t oblig_item_hash(const oblig *o)
{
	words t;
	words_split(&t, o->sentence, strlen(o->sentence));
	uint64_t h = oblig_hash_words(o->strength, o->negated, &o->deadline, &t);
	words_free(&t);
	return h;
}

void oblig_fingerprint_finish(uint64_t sum, size_t n, char out[17])
{
	uint64_t h = mix(sum ^ mix((uint64_t)n));
	static const char hex[] = "0123456789abcdef";
	for (int k = 0; k < 16; k++)
		out[k] = hex[(h >> (60 - 4 * k)) & 15];
	out[16] = '\0';
}

void oblig_fingerprint(const oblig_list *l, char out[17])
{
	uint64_t sum = 0;
	for (size_t i = 0; i < l->n; i++)
		sum += oblig_item_hash(&l->v[i]);
	oblig_fingerprint_finish(sum, l->n, out);
}

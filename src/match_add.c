/* match_add.c - registering a name in the index: the keys it answers to,
 * its words' stems and the stems of their other forms (alt_form), then,
 * when a look-up needs them, its lemma keys. match_int.h says why; the
 * words, stems and keys themselves: match.c. */
#include "match.h"
#include "match_int.h"
#include "strmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The last code point of a folded Cyrillic word is a consonant other than
 * й (so it may be a bare masculine noun). */
static int ends_in_consonant(const char *w)
{
	static const char *const vowels[] = {"а", "е", "и", "о", "у", "ы", "э", "ю", "я", "й", "ь", "ъ"};
	size_t n = strlen(w);
	/* Cyrillic letters are two bytes in UTF-8: U+0400..U+04FF. */
	if (n < 2 || ((unsigned char)w[n - 2] & 0xFE) != 0xD0)
		return 0;
	for (size_t i = 0; i < sizeof vowels / sizeof *vowels; i++)
		if (str_ends(w, vowels[i]))
			return 0;
	return 1;
}

/* The stem a name word also answers to, or -1 (see the note at the top). */
static int is_cyr_vowel(utf8proc_int32_t c)
{
	return c == 0x430 || c == 0x435 || c == 0x438 || c == 0x43E || c == 0x443 || c == 0x44B ||
	       c == 0x44D || c == 0x44E || c == 0x44F || c == 0x451;
}

static int is_cyr_consonant(utf8proc_int32_t c)
{
	return c >= 0x430 && c <= 0x44F && !is_cyr_vowel(c) && c != 0x439 && c != 0x44A && c != 0x44C;
}

/* The form whose stem a name word also answers to, or NULL (see the note
 * at the top): the instrumental of a bare noun (канал: каналом), with its
 * fleeting vowel gone (продавец: продавцом, звонок: звонком); the
 * genitive plural of a noun in -а/-о whose stem ends in two consonants,
 * with the vowel put back (письмо: писем, заявка: заявок), a form the
 * dictionary may list as a word of its own. Caller frees. */
static char *alt_form(const char *w)
{
	utf8proc_int32_t *c;
	size_t *offs;
	size_t n = match_decode(w, &c, &offs);
	char *r = NULL;
	if (n >= 4 && is_cyr_consonant(c[n - 1]) && c[n - 1] != 0x439) {
		utf8proc_int32_t v = c[n - 2];
		int fleeting = (v == 0x43E || v == 0x435 || v == 0x451) &&
		               ((c[n - 1] == 0x43A && is_cyr_consonant(c[n - 3])) || c[n - 1] == 0x446);
		if (fleeting) /* -ок, -ек, -ёк after a consonant; -ец */
			r = xasprintf("%.*s%.*sом", (int)offs[n - 2], w, (int)(offs[n] - offs[n - 1]), w + offs[n - 1]);
		else if (ends_in_consonant(w))
			r = xasprintf("%sом", w);
	} else if (n >= 4 && (c[n - 1] == 0x430 || c[n - 1] == 0x43E) && is_cyr_consonant(c[n - 2]) &&
	           (is_cyr_consonant(c[n - 3]) || c[n - 3] == 0x44C || c[n - 3] == 0x439)) {
		/* письмо -> писем (ь, й become е), заявка -> заявок, сестра -> сестер */
		const char *ins = c[n - 2] == 0x43A && c[n - 3] != 0x44C && c[n - 3] != 0x439 ? "о" : "е";
		size_t cut = c[n - 3] == 0x44C || c[n - 3] == 0x439 ? offs[n - 3] : offs[n - 2];
		r = xasprintf("%.*s%s%.*s", (int)cut, w, ins, (int)(offs[n - 1] - offs[n - 2]), w + offs[n - 2]);
	}
	free(c);
	free(offs);
	return r;
}

/* The stem a name word also answers to, or -1 (see alt_form). */
static int alt_stem(match_index *m, int word)
{
	word_rec *w = &m->words[word];
	if (w->alt != -2)
		return w->alt;
	int alt = -1;
	char *form = alt_form(w->folded);
	if (form) {
		int s = match_stem_word(m, form, form);
		w = &m->words[word]; /* stem_word does not add words, but stay safe */
		if (s != w->stem)
			alt = s;
		free(form);
	}
	w->alt = alt;
	return alt;
}

/* Makes key k one that suggestions offer, as name (words p). */
static void show_key(match_index *m, key_rec *k, const char *name, const parsed *p)
{
	k->name = xstrdup(name);
	k->words = xmalloc((p->n ? p->n : 1) * sizeof *k->words);
	memcpy(k->words, p->words, p->n * sizeof *k->words);
	k->stems = xmalloc(p->n * sizeof *k->stems);
	for (size_t i = 0; i < p->n; i++)
		k->stems[i] = m->words[p->words[i]].stem;
	k->nstems = p->n;
	k->hidden = 0;
}

/* Registers (kind, index) under the key made of the given tokens (a stem
 * or a lemma per word). Suggestions compare the words' stems. */
static void add_key(match_index *m, const char *name, const parsed *p, const int *toks,
                    int hidden, int kind, int index)
{
	buf b = m->scratch; /* kept from key to key: no allocation a key */
	b.len = 0;
	buf_put(&b, "", 0);
	for (size_t i = 0; i < p->n; i++) {
		if (i)
			buf_putc(&b, ' ');
		buf_puts(&b, m->stems[toks[i]]);
	}
	m->scratch = b;
	int id = strmap_get(&m->key_ids, b.data);
	if (id < 0) {
		m->keys = xgrow(m->keys, &m->capkeys, m->nkeys + 1, sizeof *m->keys);
		id = (int)m->nkeys++;
		key_rec *k = &m->keys[id];
		memset(k, 0, sizeof *k);
		k->hidden = 1;
		strmap_set(&m->key_ids, b.data, id);
	}
	/* a visible key is what suggestions compare, under the first name
	 * shown with it; a hidden key is never one, until a name's own key
	 * (not hidden) comes */
	if (m->keys[id].hidden && !hidden)
		show_key(m, &m->keys[id], name, p);
	/* The reader adds all names of one target in a row, so a repeat can
	 * only be the last hit: a scan of all hits was quadratic when
	 * thousands of clauses share a title ("Greeting"). */
	key_rec *k = &m->keys[id];
	if (k->nhits && k->hits[k->nhits - 1].kind == kind && k->hits[k->nhits - 1].index == index)
		return;
	k->hits = xgrow(k->hits, &k->caphits, k->nhits + 1, sizeof *k->hits);
	k->hits[k->nhits].kind = kind;
	k->hits[k->nhits].index = index;
	k->hits[k->nhits++].seq = m->nseq++;
}

/* At most 2^ALT_WORDS keys per name: the first words with an alternative. */
#define ALT_WORDS 4
/* ... and at most this many keys per name and tier. */
#define MAX_NAME_COMBOS 16

/* Registers the name under every combination of its words' choices: the
 * stems (tier 0: each word's stem or the stem of its alt_form); the lemmas
 * (tier 1: a known word's lemmas, else as in tier 0). Only the first words
 * with a choice (ALT_WORDS) vary; the first combination of tier 0 is the
 * name's own key, all others are hidden from suggestions. Returns 1 when
 * the dictionary knew a word. */
static int add_combos(match_index *m, const char *name, const parsed *p, int tier, int kind, int index)
{
	int *toks = xmalloc(p->n * sizeof *toks);
	int choice[ALT_WORDS][MAX_LEMMAS], known = 0;
	size_t nchoice[ALT_WORDS], alt_at[ALT_WORDS], nalt = 0, ncombo = 1;
	for (size_t i = 0; i < p->n; i++) {
		int nl = tier ? match_lemmas(m, p->words[i]) : 0;
		const word_rec *w = &m->words[p->words[i]];
		known |= nl > 0;
		toks[i] = nl ? w->lem[0] : w->stem;
		if (nalt == ALT_WORDS)
			continue;
		if (nl > 1) {
			memcpy(choice[nalt], w->lem, sizeof w->lem);
			nchoice[nalt] = (size_t)nl;
		} else if (!nl && alt_stem(m, p->words[i]) >= 0) {
			w = &m->words[p->words[i]];
			choice[nalt][0] = w->stem;
			choice[nalt][1] = w->alt;
			nchoice[nalt] = 2;
		} else {
			continue;
		}
		if (ncombo * nchoice[nalt] > MAX_NAME_COMBOS)
			continue; /* bounded: a word past it keeps its first choice */
		ncombo *= nchoice[nalt];
		alt_at[nalt++] = i;
	}
	for (size_t combo = 0; combo < ncombo; combo++) {
		size_t c = combo;
		for (size_t j = 0; j < nalt; j++) {
			toks[alt_at[j]] = choice[j][c % nchoice[j]];
			c /= nchoice[j];
		}
		add_key(m, name, p, toks, tier || combo != 0, kind, index);
	}
	free(toks);
	return known;
}

void match_add(match_index *m, const char *name, int kind, int index)
{
	parsed p;
	match_parse(m, name, &p);
	/* a name with no word could only match other empty names */
	if (p.n) {
		add_combos(m, name, &p, 0, kind, index);
		/* its lemmas only when a look-up needs them (lemma_index) */
		m->names = xgrow(m->names, &m->capnames, m->nnames + 1, sizeof *m->names);
		m->names[m->nnames].name = xstrdup(name);
		m->names[m->nnames].kind = kind;
		m->names[m->nnames++].index = index;
	}
	free(p.words);
}

/* Registers the lemma keys of the names added since the last call: the
 * first look-up the stems cannot settle loads the dictionary. */
void match_lemma_index(match_index *m)
{
	for (; m->nlemma_names < m->nnames; m->nlemma_names++) {
		const struct pending_name *n = &m->names[m->nlemma_names];
		parsed p;
		match_parse(m, n->name, &p);
		int known = 0;
		for (size_t i = 0; i < p.n && !known; i++)
			known = match_lemmas(m, p.words[i]) > 0;
		if (known) /* else its lemma key is its stem key, registered */
			add_combos(m, n->name, &p, 1, n->kind, n->index);
		free(p.words);
	}
}

/* oblig.c - finds the obligations of a clause (modal words, negation,
 * deadlines); obligfp.c fingerprints them, obligcmp.c compares two
 * versions. */
#define _GNU_SOURCE /* memmem */
#include "oblig.h"
#include "oblig_int.h"
#include "askclause.h"
#include "quote.h"
#include "deadline.h"
#include "permit.h"
#include "srcline.h"
#include "strmap.h"
#include "words.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Modal words (FORMAT.md 8), by the word and its neighbours ---- */

static const char *const ru_dolzhen[] = {"должен", "должна", "должно", "должны", NULL};
static const char *const ru_obyazan[] = {
	"обязан", "обязана", "обязано", "обязаны", "обязательно", "обязателен", "обязательна",
	"обязательны", "необходимо", "необходим", "необходима", "необходимы", "требуется",
	"требуются", NULL};
static const char *const ru_zapret[] = {
	"запрещено", "запрещен", "запрещена", "запрещены", "запрещается", "запрещаются", NULL};
static const char *const ru_dopusk[] = {"допускается", "допускаются", "допустимо", NULL};
static const char *const ru_nedopusk[] = {"недопустимо", "недопустим", "недопустима", "недопустимы", NULL};
static const char *const ru_should[] = {
	"следует", "рекомендуется", "рекомендуются", "рекомендовано", "рекомендуем", "желательно", NULL};
static const char *const ru_mozhet[] = {"может", "могут", "можете", "можем", NULL};
/* "может потребоваться", "может быть": a possibility, not a permission. */
static const char *const ru_possible[] = {
	"потребоваться", "понадобиться", "быть", "оказаться", "возникнуть", "случиться",
	"произойти", "занять", "стать", "появиться", "измениться", "отличаться", "требоваться", NULL};
static const char *const en_must[] = {"must", "shall", NULL};
static const char *const en_must_not[] = {"mustn't", "shan't", NULL};
static const char *const en_be[] = {"is", "are", "be", "been", "was", "were", "am", NULL};

/* A modal word that carries a sentence by itself (not always/never, which
 * may also only qualify another: "должен всегда", "should never"). */
static int is_main_modal(const char *w)
{
	return str_in_list(w, ru_dolzhen) || str_in_list(w, ru_obyazan) || str_in_list(w, ru_zapret) ||
	       str_in_list(w, ru_dopusk) || str_in_list(w, ru_should) || str_in_list(w, ru_mozhet) ||
	       !strcmp(w, "можно") || !strcmp(w, "вправе") || !strcmp(w, "нельзя") || str_in_list(w, en_must) ||
	       str_in_list(w, en_must_not) || !strcmp(w, "should") ||
	       !strcmp(w, "may") || !strcmp(w, "can") || !strcmp(w, "required") ||
	       !strcmp(w, "recommended") || !strcmp(w, "allowed") || !strcmp(w, "permitted");
}

/* Whether w says what is done rather than how strongly (obligcmp.c
 * compares two obligations' wording by such words): not a modal word, a
 * negation, always/never, a form of "be" or "to". */
int oblig_wording_word(const char *w)
{
	return !(is_main_modal(w) || !strcmp(w, "не") || !strcmp(w, "not") || !strcmp(w, "никогда") ||
	         !strcmp(w, "never") || !strcmp(w, "всегда") || !strcmp(w, "always") || str_in_list(w, en_be) ||
	         !strcmp(w, "to") || !strcmp(w, "has") || !strcmp(w, "have") || !strcmp(w, "expected") ||
	         !strcmp(w, "circumstances") || !strcmp(w, "коем"));
}

/* Every word ru_modal or en_modal can find a duty in: the other words of
 * a sentence (nearly all) are passed over with one look-up instead of
 * some fifty strcmp each. */
static strmap modal_words;
/* The same words for words_any, which tells the sentences that have none
 * of them (fourteen in fifteen) without splitting them into words. */
static words_set modal_set;
static pthread_once_t modal_once = PTHREAD_ONCE_INIT;
static atomic_int modal_made; /* modal_words_init has run: no pthread_once a block */

/* Which list a word of modal_words comes from (its value there), so that
 * ru_modal and en_modal tell a list's word by it rather than by strcmp
 * with each of the list's words; SINGLE for the others. */
enum { W_DOLZHEN = 1, W_OBYAZAN, W_ZAPRET, W_DOPUSK, W_NEDOPUSK, W_SHOULD, W_MOZHET, W_MUST, W_MUST_NOT, W_SINGLE };

static void add_words(const char *const *list, int kind)
{
	for (; *list; list++) {
		strmap_set(&modal_words, *list, kind);
		words_set_add(&modal_set, *list);
	}
}

static void modal_words_init(void)
{
	static const char *const single[] = {
		"всегда", "никогда", "нельзя", "нежелательно", "вправе", "можно", "should", "shouldn't",
		"may", "can", "need", "needn't", "always", "never", "prohibited", "forbidden", "required",
		"recommended", "allowed", "permitted", "has", "have", "expected", "circumstances", "коем", NULL};
	strmap_init(&modal_words);
	add_words(ru_dolzhen, W_DOLZHEN);
	add_words(ru_obyazan, W_OBYAZAN);
	add_words(ru_zapret, W_ZAPRET);
	add_words(ru_dopusk, W_DOPUSK);
	add_words(ru_nedopusk, W_NEDOPUSK);
	add_words(ru_should, W_SHOULD);
	add_words(ru_mozhet, W_MOZHET);
	add_words(en_must, W_MUST);
	add_words(en_must_not, W_MUST_NOT);
	add_words(single, W_SINGLE);
	atomic_store_explicit(&modal_made, 1, memory_order_release);
}

/* The modal words' tables made, once, whoever asks first. */
static inline void modal_ready(void)
{
	if (!atomic_load_explicit(&modal_made, memory_order_acquire))
		pthread_once(&modal_once, modal_words_init);
}

static int near_main_modal(const words *t, size_t i)
{
	for (size_t j = i >= 2 ? i - 2 : 0; j <= i + 2 && j < t->n; j++)
		if (j != i && is_main_modal(t->v[j].w))
			return 1;
	return 0;
}

/* Whether w is "никогда" or "never": most words fail their first
 * bytes before any strcmp. */
static int is_never(const char *w)
{
	return (w[0] == 'n' && !strcmp(w, "never")) || (w[0] == '\xd0' && w[1] == '\xbd' && !strcmp(w, "никогда"));
}

/* "никогда"/"never" within two words of a modal word negates it. */
static int never_near(const words *t, size_t i)
{
	for (size_t j = i >= 2 ? i - 2 : 0; j <= i + 2 && j < t->n; j++)
		if (j != i && is_never(t->v[j].w))
			return 1;
	return 0;
}

static const char *word_at(const words *t, size_t i)
{
	return i < t->n ? t->v[i].w : "";
}

/* Whether word i ends "under no circumstances" or is the "коем" of "ни в
 * коем случае": a prohibition by itself, or of the modal word near it. */
static int no_case_at(const words *t, size_t i)
{
	const char *w = t->v[i].w;
	if (w[0] != 'c' && !(w[0] == '\xd0' && w[1] == '\xba'))
		return 0; /* neither "circumstances" nor "коем" */
	if (!strcmp(w, "circumstances"))
		return i >= 2 && !strcmp(t->v[i - 1].w, "no") && !strcmp(t->v[i - 2].w, "under");
	return !strcmp(w, "коем") && i >= 2 && !strcmp(t->v[i - 1].w, "в") && !strcmp(t->v[i - 2].w, "ни") &&
	       !strcmp(word_at(t, i + 1), "случае");
}

/* Whether a main modal word is near the phrase no_case_at(i) found:
 * "Under no circumstances should", "не должен ни в коем случае". */
static int modal_near_no_case(const words *t, size_t i)
{
	for (size_t j = i >= 4 ? i - 4 : 0; j <= i + 3 && j < t->n; j++)
		if (j != i && is_main_modal(t->v[j].w))
			return 1;
	return 0;
}

/* Whether the phrase of no_case_at is near modal word i (the same
 * distance modal_near_no_case allows, seen from the modal). */
static int no_case_near(const words *t, size_t i)
{
	for (size_t j = i >= 3 ? i - 3 : 0; j <= i + 4 && j < t->n; j++)
		if (j != i && no_case_at(t, j))
			return 1;
	return 0;
}

typedef struct {
	oblig_strength s;
	int neg;
} modal;

static modal mk(oblig_strength s, int neg)
{
	modal m = {s, neg};
	return m;
}

/* The duty made negative: must -> must-not, should -> should not, may ->
 * must-not (English "may not", FORMAT.md 8). */
static modal negate(modal m)
{
	if (m.s == OBLIG_NONE || m.neg)
		return m;
	return mk(m.s == OBLIG_SHOULD ? OBLIG_SHOULD : OBLIG_MUST_NOT, 1);
}

static modal ru_modal(const words *t, size_t i, int kind)
{
	const char *w = t->v[i].w, *prev = i ? t->v[i - 1].w : "", *next = word_at(t, i + 1);
	int ne = !strcmp(prev, "не"), ne_after = !strcmp(next, "не") || !strcmp(next, "никогда");
	if (kind == W_SINGLE && !strcmp(w, "коем"))
		return no_case_at(t, i) && !modal_near_no_case(t, i) ? mk(OBLIG_MUST_NOT, 1) : mk(OBLIG_NONE, 0);
	if (kind == W_DOLZHEN)
		return ne || ne_after ? mk(OBLIG_MUST_NOT, 1) : mk(OBLIG_MUST, 0);
	if (kind == W_OBYAZAN) {
		if (!strcmp(prev, "может") || !strcmp(prev, "могут"))
			return mk(OBLIG_NONE, 0);
		if (ne)
			return mk(OBLIG_MAY, 1); /* "не обязан": need not */
		return ne_after ? mk(OBLIG_MUST_NOT, 1) : mk(OBLIG_MUST, 0);
	}
	if (!strcmp(w, "всегда"))
		return ne || near_main_modal(t, i) ? mk(OBLIG_NONE, 0) : mk(OBLIG_MUST, 0);
	if (!strcmp(w, "никогда"))
		return near_main_modal(t, i) ? mk(OBLIG_NONE, 0) : mk(OBLIG_MUST_NOT, 1);
	if (kind == W_ZAPRET)
		return ne ? mk(OBLIG_MAY, 0) : mk(OBLIG_MUST_NOT, 1);
	if (!strcmp(w, "нельзя") || kind == W_NEDOPUSK)
		return mk(OBLIG_MUST_NOT, 1);
	if (kind == W_DOPUSK)
		return ne ? mk(OBLIG_MUST_NOT, 1) : mk(OBLIG_MAY, 0);
	if (!strcmp(w, "нежелательно"))
		return mk(OBLIG_SHOULD, 1);
	if (kind == W_SHOULD) {
		if (!strcmp(prev, "как")) /* "как следует": properly */
			return mk(OBLIG_NONE, 0);
		return mk(OBLIG_SHOULD, ne || ne_after);
	}
	if (!strcmp(w, "вправе"))
		return ne ? mk(OBLIG_MUST_NOT, 1) : mk(OBLIG_MAY, 0);
	if (!strcmp(w, "можно"))
		return ne ? mk(OBLIG_MUST_NOT, 1) : mk(OBLIG_MAY, 0);
	if (kind == W_MOZHET) {
		/* "не может" is "cannot": as ambiguous as "can't". */
		if (ne || str_in_list(next, ru_possible))
			return mk(OBLIG_NONE, 0);
		return mk(OBLIG_MAY, !strcmp(next, "не"));
	}
	return mk(OBLIG_NONE, 0);
}

static modal en_modal(const words *t, size_t i, int kind)
{
	const char *w = t->v[i].w, *prev = i ? t->v[i - 1].w : "", *next = word_at(t, i + 1);
	const char *prev2 = i >= 2 ? t->v[i - 2].w : "";
	int not_after = !strcmp(next, "not") || !strcmp(next, "never");
	int not_before = !strcmp(prev, "not") || (!strcmp(prev2, "not") && str_in_list(prev, en_be));
	if (kind == W_MUST)
		return not_after ? mk(OBLIG_MUST_NOT, 1) : mk(OBLIG_MUST, 0);
	if (kind == W_MUST_NOT)
		return mk(OBLIG_MUST_NOT, 1);
	if (!strcmp(w, "should") || !strcmp(w, "shouldn't"))
		return mk(OBLIG_SHOULD, not_after || w[6]);
	if (!strcmp(w, "may")) {
		if (t->v[i].cap && i) /* "in May" */
			return mk(OBLIG_NONE, 0);
		if (!strcmp(next, "be"))
			return mk(OBLIG_NONE, 0); /* "may be required": a possibility */
		return not_after ? mk(OBLIG_MUST_NOT, 1) : mk(OBLIG_MAY, 0);
	}
	if (!strcmp(w, "can"))
		return not_after || !strcmp(next, "be") ? mk(OBLIG_NONE, 0) : mk(OBLIG_MAY, 0);
	if ((!strcmp(w, "need") && !strcmp(next, "not")) || !strcmp(w, "needn't"))
		return mk(OBLIG_MAY, 1);
	if (!strcmp(w, "always"))
		return !strcmp(prev, "not") || near_main_modal(t, i) ? mk(OBLIG_NONE, 0) : mk(OBLIG_MUST, 0);
	if (!strcmp(w, "never"))
		return near_main_modal(t, i) ? mk(OBLIG_NONE, 0) : mk(OBLIG_MUST_NOT, 1);
	if (!strcmp(w, "prohibited") || !strcmp(w, "forbidden"))
		return not_before ? mk(OBLIG_MAY, 0) : mk(OBLIG_MUST_NOT, 1);
	int passive = str_in_list(prev, en_be) || (!strcmp(prev, "not") && str_in_list(prev2, en_be));
	if (!strcmp(w, "circumstances"))
		return no_case_at(t, i) && !modal_near_no_case(t, i) ? mk(OBLIG_MUST_NOT, 1) : mk(OBLIG_NONE, 0);
	if ((!strcmp(w, "has") || !strcmp(w, "have")) && !strcmp(next, "to")) {
		if (!strcmp(word_at(t, i + 2), "do") && !strcmp(word_at(t, i + 3), "with"))
			return mk(OBLIG_NONE, 0); /* "has to do with": is about */
		size_t pl = strlen(prev);
		int nt = !strcmp(prev, "not") || (pl > 3 && !strcmp(prev + pl - 3, "n't"));
		return nt ? mk(OBLIG_MAY, 1) : mk(OBLIG_MUST, 0); /* "does not have to": need not */
	}
	if (!strcmp(w, "expected") && passive && !strcmp(next, "to"))
		return not_before ? mk(OBLIG_MAY, 1) : mk(OBLIG_MUST, 0);
	if (!strcmp(w, "required") && (passive || !strcmp(next, "to"))) {
		if (!strcmp(prev2, "may") || !strcmp(prev2, "might") || !strcmp(prev2, "can"))
			return mk(OBLIG_NONE, 0);
		return not_before ? mk(OBLIG_MAY, 1) : mk(OBLIG_MUST, 0);
	}
	if (!strcmp(w, "recommended") && passive)
		return mk(OBLIG_SHOULD, not_before);
	if ((!strcmp(w, "allowed") || !strcmp(w, "permitted")) && (passive || !strcmp(next, "to")))
		return not_before ? mk(OBLIG_MUST_NOT, 1) : mk(OBLIG_MAY, 0);
	return mk(OBLIG_NONE, 0);
}

/* Whether w opens a condition: "если", "когда", "if", "when" or
 * "unless". Most words fail their first bytes before any strcmp. */
static int is_cond(const char *w)
{
	switch (w[0]) {
	case 'i':
		return !strcmp(w, "if");
	case 'w':
		return !strcmp(w, "when");
	case 'u':
		return !strcmp(w, "unless");
	case '\xd0':
		return (w[1] == '\xb5' && !strcmp(w, "если")) || (w[1] == '\xba' && !strcmp(w, "когда"));
	default:
		return 0;
	}
}

/* Whether word i sits in a condition: after "если", "когда", "if", "when"
 * or "unless" with no comma, colon, semicolon or dash between. "Если
 * проблему нельзя устранить, техник ..." says when, not what is forbidden. */
static int in_condition(const words *t, const char *text, size_t i)
{
	/* a condition is a few words long: a bounded look back keeps a
	 * sentence of many modal words linear */
	for (size_t j = i; j-- > 0 && i - j <= 40;) {
		for (size_t k = t->v[j].end; k < t->v[j + 1].start; k++)
			if ((text[k] && strchr(",;:", text[k])) || (text[k] == '\xe2' && k + 2 < t->v[j + 1].start &&
						      text[k + 1] == '\x80' && text[k + 2] == '\x94'))
				return 0;
		if (is_cond(t->v[j].w))
			return 1;
	}
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The strongest modal of a sentence's words (enum order; the first of
 * equals); modals in a condition, an indirect question (askclause.h) or
 * quotes do not count. q: the quotes of the text the sentence starts at
 * byte base of (NULL: none). Every modal counted goes to all (the first
 * OBLIG_MODALS_MAX), *nall their number, and its place to *mp. */
static modal strongest(const words *t, const char *text, const quotes *q, size_t base, oblig_modal *all,
		       unsigned char *nall, permit_modals *mp)
{
	modal best = mk(OBLIG_NONE, 0);
	size_t k = 0;
	*nall = 0;
	modal_ready();
	for (size_t i = 0; i < t->n; i++) {
		/* most words fail the set's first letters, before any hash */
		size_t end = i + 1 < t->n ? t->v[i + 1].folded_at : t->len;
		int kind;
		if (t->v[i].num || !words_set_may_hold(&modal_set, t->v[i].w, end - t->v[i].folded_at - 1) ||
		    (kind = strmap_get(&modal_words, t->v[i].w)) < 0)
			continue;
		modal m = t->v[i].cyr ? ru_modal(t, i, kind) : en_modal(t, i, kind);
		if (m.s == OBLIG_NONE || in_condition(t, text, i) || askclause_holds(t, text, i) ||
		    (q && quotes_holds(q, base + t->v[i].start, &k)))
			continue;
		if (!m.neg && never_near(t, i) && strcmp(t->v[i].w, "всегда") && strcmp(t->v[i].w, "always"))
			m = negate(m);
		if (no_case_near(t, i))
			m = mk(OBLIG_MUST_NOT, 1); /* "Under no circumstances should": a prohibition */
		oblig_modal om = {(unsigned char)m.s, (unsigned char)m.neg};
		if (*nall < OBLIG_MODALS_MAX)
			all[(*nall)++] = om;
		permit_add(mp, i, om);
		if (m.s > best.s)
			best = m;
	}
	return best;
}

/* oblig_sentence without the first look, into ob (zeroed by the
 * caller): strength, negation, modals, deadlines and hash (all but the
 * sentence and its place). The deadlines are read only when the sentence
 * obliges, or always with deadlines set. q, base: as strongest's. lead:
 * the modal word a "до" with none in the sentence belongs to (a list
 * item's lead-in's; NULL: none). The words go to t, whose arrays serve
 * sentence after sentence. */
static void sentence_read(const char *sentence, size_t len, const quotes *q, size_t base, int deadlines,
			  const oblig_modal *lead, oblig *ob, words *t)
{
	words_split_again(t, sentence, len);
	permit_modals mp = {.n = 0};
	modal m = strongest(t, sentence, q, base, ob->modals, &ob->nmodals, &mp);
	ob->strength = m.s;
	ob->negated = m.neg;
	if (m.s != OBLIG_NONE || deadlines) {
		permit_mark(t, &mp, lead); /* "может выехать до 12:00": no deadline */
		ob->nmore = deadline_find_all(t, sentence, len, &ob->deadline, &ob->more);
	}
	if (m.s != OBLIG_NONE)
		ob->hash = oblig_hash_words(m.s, m.neg, &ob->deadline, t);
}

static void more_free(oblig *o)
{
	for (size_t i = 0; i < o->nmore; i++)
		oblig_deadline_free(&o->more[i]);
	free(o->more);
	o->more = NULL;
	o->nmore = 0;
}

static int first_look = 1;

void oblig_set_first_look(int on)
{
	first_look = on;
}

/* The sentence read whole into ob (zeroed by the caller), its own quotes
 * looked for: with deadlines set, its deadlines even when it has no modal
 * word. */
static void sentence_alone(const char *sentence, size_t len, int deadlines, const oblig_modal *lead, oblig *ob,
			   words *t)
{
	quotes q = {0};
	quotes_find(sentence, len, &q);
	sentence_read(sentence, len, &q, 0, deadlines, lead, ob, t);
	quotes_free(&q);
}

oblig_strength oblig_sentence(const char *sentence, size_t len, int *negated, oblig_deadline *dl)
{
	modal_ready();
	if (first_look && !words_any(&modal_set, sentence, len)) {
		/* what strongest finds in a sentence with no modal word */
		*negated = 0;
		memset(dl, 0, sizeof *dl);
		return OBLIG_NONE;
	}
	oblig ob = {0};
	words t = {0};
	sentence_alone(sentence, len, 0, NULL, &ob, &t);
	words_free(&t);
	more_free(&ob);
	*negated = ob.negated;
	*dl = ob.deadline;
	return ob.strength;
}

/* ---- Sentences ---- */

/* Whether a sentence may start at s: a capital letter, a digit, an opening
 * quote or bracket (the next sentence after ". "). */
static int starts_sentence(const char *s)
{
	unsigned char c = (unsigned char)*s;
	if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '"' || c == '(' || c == '[')
		return 1;
	return words_upper_at(s);
}

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The first byte from i that may end a sentence: '.', '!', '?' or the
 * first of "…" (0xE2); len when none does. Sixteen bytes a step with
 * SSE2. */
static inline size_t next_stop(const char *text, size_t i, size_t len)
{
#if defined(__SSE2__)
	for (; i + 16 <= len; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')),
						      _mm_cmpeq_epi8(v, _mm_set1_epi8('!'))),
					 _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('?')),
						      _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2))));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		if (bits)
			return i + (size_t)__builtin_ctz(bits);
	}
#endif
	for (; i < len; i++)
		if (text[i] == '.' || text[i] == '!' || text[i] == '?' || text[i] == '\xe2')
			return i;
	return len;
}

/* The end of the sentence that starts at text + at: the byte after its
 * final punctuation, or the end of the text. */
static size_t sentence_end(const char *text, size_t at, size_t len)
{
	for (size_t i = at; (i = next_stop(text, i, len)) < len; i++) {
		char c = text[i];
		size_t plen = 0;
		if (c == '.' || c == '!' || c == '?')
			plen = 1;
		else if (c == '\xe2' && i + 2 < len && text[i + 1] == '\x80' && text[i + 2] == '\xa6')
			plen = 3; /* … */
		if (!plen)
			continue;
		size_t j = i + plen;
		while (j < len && (text[j] == '.' || text[j] == '!' || text[j] == '?'))
			j++;
		if (j >= len)
			return len;
		if (!is_space(text[j]))
			continue;
		size_t k = j;
		while (k < len && is_space(text[k]))
			k++;
		if (k >= len || starts_sentence(text + k))
			return j;
	}
	return len;
}

static void trim(const char *text, size_t *a, size_t *e)
{
	while (*a < *e && is_space(text[*a]))
		(*a)++;
	while (*e > *a && is_space(text[*e - 1]))
		(*e)--;
}

static void oblig_free(oblig *o)
{
	free(o->sentence);
	o->sentence = NULL;
	oblig_deadline_free(&o->deadline);
	more_free(o);
}

static oblig *push(oblig_list *l)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	oblig *o = &l->v[l->n++];
	memset(o, 0, sizeof *o);
	return o;
}

/* Whether text[0..len) holds anything but spaces. */
static int has_text(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_space(text[i]))
			return 1;
	return 0;
}

/* Splits text into sentences and appends the obliging ones; *last gets the
 * index in out of the text's last sentence when it obliges, else -1.
 * A sentence obliges only with a modal word, so the text is first looked
 * through for one (words_find): none, and it is not split at all; one,
 * and the sentences before it are split but not read, and so on past each
 * sentence read. (A word never spans two sentences: they end at
 * punctuation then a space.) */
static size_t find_sentences(const char *text, size_t len, oblig_list *out, long *last, size_t **starts,
			     size_t *nstarts, size_t before, words *t)
{
	size_t added = 0;
	*last = -1;
	modal_ready();
	size_t modal_at = first_look ? words_find(&modal_set, text, len) : 0;
	if (modal_at == len)
		return 0; /* no sentence obliges, so none is the last */
	/* found when a sentence read may be quoted: before, the text up to
	 * the sentence's end is only looked through for an opening mark */
	quotes q = {0};
	size_t unquoted = 0; /* no mark opens a quotation before it */
	for (size_t at = 0; at < len;) {
		size_t e = sentence_end(text, at, len), a = at;
		at = e;
		trim(text, &a, &e);
		if (a >= e)
			continue;
		*last = -1;
		if (modal_at >= e)
			continue; /* what oblig_sentence finds in a sentence without a modal word */
		oblig ob = {0};
		if (!q.made && unquoted < e && (unquoted = quotes_opener(text, len, unquoted, e)) < e)
			quotes_find(text, len, &q); /* a quote may span sentences */
		sentence_read(text + a, e - a, q.made ? &q : NULL, a, 0, NULL, &ob, t);
		if (ob.strength != OBLIG_NONE) {
			ob.sentence = xstrndup(text + a, e - a);
			*push(out) = ob;
			if (starts) { /* where obligation before + k starts, at k */
				*starts = xgrow(*starts, nstarts, out->n - before, sizeof **starts);
				(*starts)[out->n - 1 - before] = a;
			}
			*last = (long)out->n - 1;
			added++;
		} else {
			oblig_deadline_free(&ob.deadline);
			more_free(&ob);
		}
		if (!first_look)
			continue;
		modal_at = at + words_find(&modal_set, text + at, len - at);
		if (modal_at == len) {
			/* no sentence after this one obliges: the last is this one
			 * only when no other follows */
			if (has_text(text + at, len - at))
				*last = -1;
			break;
		}
	}
	quotes_free(&q);
	return added;
}

size_t oblig_find(const char *text, oblig_list *out)
{
	long last;
	words t = {0};
	size_t n = find_sentences(text, strlen(text), out, &last, NULL, NULL, 0, &t);
	words_free(&t);
	return n;
}

/* ---- A clause's body: text blocks with their source positions ---- */

/* A piece of a block's text: where it starts in the text and in the source. */
typedef struct {
	size_t off, len;  /* where in the text, and the length of the node's own literal */
	int line, col;
	int exact;        /* 1: the piece is its node's literal, byte for byte */
} segment;

typedef struct {
	buf text;
	segment *seg;
	size_t nseg, cap;
	int line, col;    /* the block's own position, for pieces without one */
	const book_file *src; /* the clause's file, to place pieces without a position */
	/* what reading the block's sentences reuses, block after block: the
	 * words of a sentence, where each obligation's sentence starts */
	words t;
	size_t *starts, nstarts;
} block_text;

/* A reader's arrays, kept from clause to clause (oblig_clause_with). */
struct oblig_reader {
	block_text bt;
};

static void add_piece(block_text *bt, cmark_node *n, const char *s)
{
	int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
	bt->seg = xgrow(bt->seg, &bt->cap, bt->nseg + 1, sizeof *bt->seg);
	segment *g = &bt->seg[bt->nseg++];
	g->off = bt->text.len;
	g->len = strlen(s);
	g->exact = line > 0 && col > 0 && cmark_node_get_type(n) == CMARK_NODE_TEXT;
	g->line = line > 0 ? line : bt->line;
	g->col = line > 0 && col > 0 ? col : bt->col;
	buf_put(&bt->text, s, g->len);
}

/* The node after n in a walk of root's tree in document order (as
 * cmark_iter's enter events come), into n's children when descend; NULL
 * after the last. No iterator to allocate: a clause's blocks are walked
 * some twenty thousand times a book. */
static cmark_node *walk_next(cmark_node *n, cmark_node *root, int descend)
{
	cmark_node *c = descend ? cmark_node_first_child(n) : NULL;
	if (c)
		return c;
	for (; n && n != root; n = cmark_node_parent(n))
		if ((c = cmark_node_next(n)))
			return c;
	return NULL;
}

/* The plain text of a block's inline content, as its reader sees it. */
static void block_collect(block_text *bt, cmark_node *block)
{
	bt->text.len = 0;
	if (bt->text.data)
		bt->text.data[0] = '\0';
	bt->nseg = 0;
	bt->line = cmark_node_get_start_line(block);
	bt->col = cmark_node_get_start_column(block);
	for (cmark_node *n = block; n; n = walk_next(n, block, 1)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE: {
			const char *lit = cmark_node_get_literal(n);
			add_piece(bt, n, lit ? lit : "");
			break;
		}
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(&bt->text, ' ');
			break;
		default:
			break;
		}
	}
}

/* How much of the text at `at` to look for in the source: up to the first
 * line end or character that may be markup there, within its own piece
 * of text (max bytes: the plain text runs on where the source has markup),
 * at most 48 bytes, cut at a character's start; long enough that two
 * sentences opening with the same word are told apart. */
static size_t prefix_len(const char *at, size_t max)
{
	/* strcspn(at, "\n[]*_`<&\\") cut at max, without reading the rest
	 * of the block (at[max] is in the text or its NUL): the stops as
	 * bits of two words, \n & * < below 64, [ \\ ] _ ` above */
	static const uint64_t stop[2] = {1ULL << '\n' | 1ULL << '&' | 1ULL << '*' | 1ULL << '<',
					 1ULL << ('[' - 64) | 1ULL << ('\\' - 64) | 1ULL << (']' - 64) |
						 1ULL << ('_' - 64) | 1ULL << ('`' - 64)};
#define PREFIX_STOP(c) ((unsigned char)(c) < 128 && (stop[(unsigned char)(c) >> 6] >> ((c) & 63) & 1))
	if (max > 48)
		max = 48;
	size_t n = 0;
	while (n < max && !PREFIX_STOP(at[n]))
		n++;
	if (n == max && at[n] && !PREFIX_STOP(at[n]))
		while (n && ((unsigned char)at[n] & 0xC0) == 0x80)
			n--;
#undef PREFIX_STOP
	return n;
}

/* A piece with no source position of its own (text after a [[reference]],
 * which xref made): the sentence's first words looked up in the source,
 * from where the piece's block or node starts. Left as it is when they
 * are not found near. */
static void find_in_source(const block_text *bt, const char *at, size_t max, int *line, int *col)
{
	const book_file *f = bt->src;
	if (!f || !f->text || !f->lines || *line < 1 || (size_t)*line > f->nlines)
		return;
	size_t n = prefix_len(at, max);
	if (n < 2)
		return;
	size_t from = f->lines[*line - 1] + (size_t)(*col > 0 ? *col - 1 : 0);
	size_t span = f->len - from < 4096 ? f->len - from : 4096;
	if (from >= f->len)
		return;
	const char *hit = memmem(f->text + from, span, at, n);
	if (!hit)
		return;
	size_t off = (size_t)(hit - f->text), l = srcline_at(f->lines, f->nlines, off);
	*line = (int)l;
	*col = (int)(off - f->lines[l - 1]) + 1;
}

/* Whether the source at line:col holds the start of at (1 when
 * there is no source to look at). */
static int at_source(const block_text *bt, const char *at, size_t max, int line, int col)
{
	const book_file *f = bt->src;
	if (!f || !f->text || !f->lines || line < 1 || (size_t)line > f->nlines || col < 1)
		return 1;
	size_t n = prefix_len(at, max), from = f->lines[line - 1] + (size_t)col - 1;
	return from + n <= f->len && memcmp(f->text + from, at, n) == 0;
}

static void position(const block_text *bt, size_t off, int *line, int *col)
{
	*line = bt->line;
	*col = bt->col;
	for (size_t i = bt->nseg; i-- > 0;) {
		const segment *g = &bt->seg[i];
		if (g->off <= off) {
			size_t end = g->off + g->len, max = end > off ? end - off : 0;
			*line = g->line;
			*col = g->col + (g->exact ? (int)(off - g->off) : 0);
			if (!g->exact || !at_source(bt, bt->text.data + off, max, *line, *col)) {
				/* a node split by xref keeps its first piece's position */
				*col = g->col;
				find_in_source(bt, bt->text.data + off, max, line, col);
			}
			return;
		}
	}
	find_in_source(bt, bt->text.data + off, bt->text.len - off, line, col);
}

static int is_text_block(cmark_node *n)
{
	cmark_node *c = cmark_node_first_child(n);
	return c && (cmark_node_get_type(c) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE;
}

/* A lead-in: "Оператор обязан:" before a list whose items are its duties. */
typedef struct {
	cmark_node *list;
	oblig lead;       /* its strength, negation, deadline and sentence */
} lead_in;

static int ends_with_colon(const char *s)
{
	size_t n = strlen(s);
	while (n && is_space(s[n - 1]))
		n--;
	return n && s[n - 1] == ':';
}

/* One list item under a lead-in: the lead's duty applied to the item, with
 * the item's own modal when stronger and its own deadline when it has one. */
static void add_item(const lead_in *li, block_text *bt, oblig_list *out)
{
	size_t a = 0, e = bt->text.len;
	trim(bt->text.data, &a, &e);
	if (a >= e)
		return;
	oblig *o = push(out), it = {0};
	o->sentence = xasprintf("%s %.*s", li->lead.sentence, (int)(e - a), bt->text.data + a);
	/* a "до" of an item with no modal word of its own belongs to the
	 * lead-in's last ("Гость может:" then "- выехать до 12:00") */
	const oblig *ld = &li->lead;
	oblig_modal last = ld->nmodals ? ld->modals[ld->nmodals - 1]
				       : (oblig_modal){(unsigned char)ld->strength, (unsigned char)ld->negated};
	sentence_alone(bt->text.data + a, e - a, 1, &last, &it, &bt->t);
	o->strength = li->lead.strength;
	o->negated = li->lead.negated;
	if (it.strength > o->strength) {
		o->strength = it.strength;
		o->negated = it.negated;
	}
	/* the lead-in's modal words, then the item's own */
	memcpy(o->modals, li->lead.modals, li->lead.nmodals * sizeof *o->modals);
	o->nmodals = li->lead.nmodals;
	for (size_t k = 0; k < it.nmodals && o->nmodals < OBLIG_MODALS_MAX; k++)
		o->modals[o->nmodals++] = it.modals[k];
	if (it.deadline.kind == OBLIG_DL_NONE && li->lead.deadline.kind != OBLIG_DL_NONE) {
		/* the item's own deadlines, else the lead-in's */
		it.deadline = li->lead.deadline;
		it.deadline.text = xstrdup(it.deadline.text);
		it.nmore = li->lead.nmore;
		it.more = it.nmore ? xmalloc(it.nmore * sizeof *it.more) : NULL;
		for (size_t k = 0; k < it.nmore; k++) {
			it.more[k] = li->lead.more[k];
			it.more[k].text = xstrdup(it.more[k].text);
		}
	}
	o->deadline = it.deadline;
	o->more = it.more;
	o->nmore = it.nmore;
	o->hash = oblig_item_hash(o);
	position(bt, a, &o->line, &o->col);
}

static void read_block(block_text *bt, cmark_node *n, lead_in *li, oblig_list *out, size_t *added)
{
	block_collect(bt, n);
	cmark_node *item = cmark_node_parent(n);
	if (li->list && item && cmark_node_get_type(item) == CMARK_NODE_ITEM &&
	    cmark_node_parent(item) == li->list && cmark_node_first_child(item) == n) {
		add_item(li, bt, out);
		(*added)++;
		return;
	}
	size_t before = out->n;
	long last;
	*added += find_sentences(bt->text.data, bt->text.len, out, &last, &bt->starts, &bt->nstarts, before,
				 &bt->t);
	for (size_t i = before; i < out->n; i++)
		position(bt, bt->starts[i - before], &out->v[i].line, &out->v[i].col);
	cmark_node *next = cmark_node_next(n);
	if (last >= 0 && (size_t)last == out->n - 1 && next && cmark_node_get_type(next) == CMARK_NODE_LIST &&
	    ends_with_colon(out->v[last].sentence)) {
		/* The lead-in stands for its items: it leaves the list, they come. */
		if (li->list)
			oblig_free(&li->lead);
		li->list = next;
		li->lead = out->v[last];
		out->n--;
		(*added)--;
	}
}

oblig_reader *oblig_reader_new(void)
{
	oblig_reader *r = xcalloc(1, sizeof *r);
	block_text *bt = &r->bt;
	buf_init(&bt->text);
	/* room for most blocks at once rather than doubling up from eight */
	bt->text.data = xgrow(NULL, &bt->text.cap, 2048, 1);
	bt->text.data[0] = '\0';
	bt->seg = xgrow(NULL, &bt->cap, 32, sizeof *bt->seg);
	return r;
}

void oblig_reader_free(oblig_reader *r)
{
	if (!r)
		return;
	buf_free(&r->bt.text);
	free(r->bt.seg);
	free(r->bt.starts);
	words_free(&r->bt.t);
	free(r);
}

size_t oblig_clause_with(const book *b, int c, oblig_list *out, oblig_reader *r)
{
	const book_clause *cl = &b->clauses[c];
	block_text *bt = &r->bt;
	bt->src = cl->pos.file >= 0 && (size_t)cl->pos.file < b->nfiles ? &b->files[cl->pos.file] : NULL;
	lead_in li = {0};
	size_t added = 0;
	for (cmark_node *top = cl->body_first; top; top = cmark_node_next(top)) {
		for (cmark_node *n = top; n;) {
			int text = is_text_block(n);
			if (text)
				read_block(bt, n, &li, out, &added);
			n = walk_next(n, top, !text);
		}
		if (top == cl->body_last)
			break;
	}
	if (li.list)
		oblig_free(&li.lead);
	return added;
}

size_t oblig_clause(const book *b, int c, oblig_list *out)
{
	oblig_reader *r = oblig_reader_new();
	size_t added = oblig_clause_with(b, c, out, r);
	oblig_reader_free(r);
	return added;
}

/* ---- Names and words ---- */

const char *oblig_strength_name(oblig_strength s)
{
	static const char *names[] = {"none", "may", "should", "must", "must-not"};
	return (unsigned)s <= OBLIG_MUST_NOT ? names[s] : "none";
}

const char *oblig_effect_name(oblig_effect e)
{
	static const char *names[] = {"editorial", "stronger", "weaker", "mixed"};
	return (unsigned)e <= OBLIG_MIXED ? names[e] : "editorial";
}

const char *oblig_effect_words(oblig_effect e, book_lang lang)
{
	static const char *const ru[] = {"редакционная правка", "требования строже", "требования мягче",
					 "требования изменились в обе стороны"};
	static const char *const en[] = {"editorial", "stronger duties", "weaker duties", "duties changed both ways"};
	if ((unsigned)e > OBLIG_MIXED)
		e = OBLIG_EDITORIAL;
	return (lang == LANG_RU ? ru : en)[e];
}

static const char *modal_words_of(oblig_strength s, int negated, book_lang lang)
{
	static const char *ru[] = {"—", "может", "следует", "обязательно", "запрещено"};
	static const char *en[] = {"-", "may", "should", "must", "must not"};
	if (negated && s == OBLIG_SHOULD)
		return lang == LANG_RU ? "не следует" : "should not";
	if (negated && s == OBLIG_MAY)
		return lang == LANG_RU ? "не обязательно" : "need not";
	return (lang == LANG_RU ? ru : en)[s <= OBLIG_MUST_NOT ? s : 0];
}

void oblig_describe(const oblig *ob, book_lang lang, buf *o)
{
	if (ob->nmodals > 1) { /* each, so that a change of the second shows */
		for (size_t k = 0; k < ob->nmodals; k++)
			buf_printf(o, "%s%s", k ? ", " : "",
				   modal_words_of((oblig_strength)ob->modals[k].strength, ob->modals[k].negated, lang));
	} else {
		buf_puts(o, modal_words_of(ob->strength, ob->negated, lang));
	}
	if (ob->deadline.kind != OBLIG_DL_NONE)
		buf_printf(o, ", %s", ob->deadline.text);
	for (size_t k = 0; k < ob->nmore; k++)
		buf_printf(o, ", %s", ob->more[k].text);
}

void oblig_deadline_free(oblig_deadline *dl)
{
	free(dl->text);
	dl->text = NULL;
	dl->kind = OBLIG_DL_NONE;
}

void oblig_list_free(oblig_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		oblig_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

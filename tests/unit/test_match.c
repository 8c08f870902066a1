/* test_match.c - unit tests of the name matcher (src/match.c): folding, keys, look-up in any grammatical form, suggestions,
 * the word splitter's fast path and the search index's cache of stems. */
#include "match.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The caller's target kinds, as book.h has them; letters in expectations. */
enum { T = 1, R = 2, S = 3, C = 4 };

/* Hits as text, "T0 C2", or "-" for none. */
static void hits_text(const match_hit *h, size_t n, char *out, size_t cap)
{
	static const char kinds[] = "?TRSC";
	size_t o = 0;
	out[0] = '\0';
	if (!n)
		snprintf(out, cap, "-");
	for (size_t i = 0; i < n && o < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%s%c%d", i ? " " : "",
		                      h[i].kind >= 0 && h[i].kind <= 4 ? kinds[h[i].kind] : '?', h[i].index);
}

static void expect_lookup(match_index *m, const char *name, const char *want)
{
	const match_hit *h;
	size_t n = match_lookup(m, name, &h);
	char got[256], what[512], detail[512];
	hits_text(h, n, got, sizeof got);
	snprintf(what, sizeof what, "lookup [[%s]]", name);
	snprintf(detail, sizeof detail, "want %s, got %s", want, got);
	ok_detail(!strcmp(got, want), what, detail);
}

static void expect_str(const char *what, char *got, const char *want)
{
	char detail[512];
	snprintf(detail, sizeof detail, "want \"%s\", got \"%s\"", want, got);
	ok_detail(!strcmp(got, want), what, detail);
	free(got);
}

/* want: the suggested names joined by " | ", or "" for none. */
static void expect_nearest(match_index *m, const char *name, size_t max, const char *want)
{
	const char *near[8];
	size_t n = match_nearest(m, name, near, max);
	char got[512] = "", what[512], detail[1200];
	size_t o = 0;
	for (size_t i = 0; i < n && o < sizeof got; i++)
		o += (size_t)snprintf(got + o, sizeof got - o, "%s%s", i ? " | " : "", near[i]);
	snprintf(what, sizeof what, "nearest [[%s]] (max %zu)", name, max);
	snprintf(detail, sizeof detail, "want \"%s\", got \"%s\"", want, got);
	ok_detail(!strcmp(got, want) && n <= max, what, detail);
}

/* A small book: terms with aka, roles, journey stages and clause titles. */
static match_index *sample_book(void)
{
	match_index *m = match_new();
	match_add(m, "Клиент", T, 0);
	match_add(m, "Клиент", T, 0);   /* registered twice: stored once */
	match_add(m, "клиенты", T, 0);  /* same key again: stored once */
	match_add(m, "Обращение", T, 1);
	match_add(m, "запрос", T, 1);
	match_add(m, "Жалоба", T, 2);
	match_add(m, "претензия", T, 2);
	match_add(m, "рекламация", T, 2);
	match_add(m, "Ёлка", T, 3);
	match_add(m, "NPS", T, 4);
	match_add(m, "Net Promoter Score", T, 4);
	match_add(m, "индекс потребительской лояльности", T, 4);
	match_add(m, "Mystery shopper", T, 5);
	match_add(m, "тайный покупатель", T, 5);
	match_add(m, "Complaint", T, 6);
	match_add(m, "Escalation", T, 7);
	match_add(m, "эскалация", T, 7);
	match_add(m, "Customer journey", T, 8);
	match_add(m, "путь клиента", T, 8);
	match_add(m, "CJM", T, 8);
	match_add(m, "Момент истины", T, 9);
	match_add(m, "точка контакта", T, 9);
	match_add(m, "точка взаимодействия", T, 9);
	match_add(m, "Отзыв", T, 10);
	match_add(m, "KPI", T, 11);
	match_add(m, "Мистери-шопинг", T, 12);
	match_add(m, "Мойка посуды", T, 13);
	match_add(m, "Возврат", T, 14);
	match_add(m, "!!!", T, 15);      /* no word: never matches */
	match_add(m, "Оператор первой линии", R, 0);
	match_add(m, "Оператор второй линии", R, 1);
	match_add(m, "Руководитель смены", R, 2);
	match_add(m, "Бариста", R, 3);
	match_add(m, "Первый звонок", S, 0);
	match_add(m, "Ожидание заказа", S, 1);
	match_add(m, "Приветствие по телефону", C, 0);
	match_add(m, "Внешний вид", C, 1);
	match_add(m, "Клиент", C, 2);    /* same name as term 0, another kind */
	match_add(m, "Возврат", C, 3);
	match_add(m, "возврата", C, 4);  /* two clauses under one key */
	match_add(m, "Стандарт 2026", C, 5);
	/* bare nouns whose nominative the stemmer cuts like a verb */
	match_add(m, "Канал связи", T, 16);
	match_add(m, "Визит", T, 17);
	match_add(m, "Приём", T, 18);
	match_add(m, "Виза", T, 19);
	return m;
}

static const struct {
	const char *name, *want;
} lookups[] = {
	/* Russian cases and plurals of one word. */
	{"Клиент", "T0 C2"},
	{"клиенту", "T0 C2"},
	{"клиентов", "T0 C2"},
	{"Клиенты", "T0 C2"},
	{"КЛИЕНТАМИ", "T0 C2"},
	{"клиентка", "-"},               /* another stem: клиентк */
	{"клиентке", "-"},
	{"обращение", "T1"},
	{"обращения", "T1"},
	{"обращению", "T1"},
	{"обращений", "T1"},
	{"запросу", "T1"},
	{"жалоба", "T2"},
	{"жалобы", "T2"},
	{"жалобу", "T2"},
	{"жалоб", "T2"},
	{"претензии", "T2"},
	{"рекламацию", "T2"},
	{"жалобщик", "-"},
	/* ё and е, composed and decomposed. */
	{"ёлка", "T3"},
	{"елка", "T3"},
	{"ЁЛКИ", "T3"},
	{"елке", "T3"},
	{"е\xcc\x88лка", "T3"},            /* е + U+0308 */
	/* Latin words in a Russian book, English words. */
	{"NPS", "T4"},
	{"nps", "T4"},
	{"net promoter score", "T4"},
	{"индексу потребительской лояльности", "T4"},
	{"mystery shopper", "T5"},
	{"Mystery Shoppers", "T5"},
	{"mystery-shoppers", "T5"},      /* the hyphen separates two words */
	{"тайного покупателя", "T5"},
	{"тайные покупатели", "T5"},
	{"shopper", "-"},
	{"complaint", "T6"},
	{"complaints", "T6"},
	{"COMPLAINTS", "T6"},
	{"Complaint", "T6"},
	{"escalation", "T7"},
	{"escalations", "T7"},
	{"escalate", "T7"},              /* the English stemmer gives escal to both */
	{"эскалации", "T7"},
	{"customer journey", "T8"},
	{"customer journeys", "T8"},
	{"Customer Journeys", "T8"},
	{"customer's journey", "T8"},    /* possessive 's is part of the word */
	{"customer\xe2\x80\x99s journey", "T8"}, /* with U+2019 */
	{"пути клиента", "T8"},
	{"путь клиентов", "T8"},
	{"cjm", "T8"},
	/* Multi-word names, aka, punctuation and spaces. */
	{"момент истины", "T9"},
	{"моменты истины", "T9"},
	{"  момента   истины  ", "T9"},
	{"момента\nистины", "T9"},
	{"момент-истины", "T9"},
	{"«Момент истины»", "T9"},
	{"точке контакта", "T9"},
	{"точками взаимодействия", "T9"},
	{"точка", "-"},
	{"истины момент", "-"},          /* word order matters */
	{"отзыв", "T10"},                /* -ыв is not a gerund here */
	{"отзывы", "T10"},
	{"отзыва", "T10"},
	{"отзывов", "T10"},
	{"KPI", "T11"},
	{"KPIs", "T11"},
	{"KPI's", "T11"},
	{"мистери-шопинга", "T12"},
	{"мистери шопинг", "T12"},
	{"шопинг", "-"},
	/* й stays distinct from и; a decomposed й is a й. */
	{"мойки посуды", "T13"},
	{"мои\xcc\x86ки посуды", "T13"},  /* и + U+0306 */
	{"моики посуды", "-"},
	/* Ambiguity: several targets under one key, in insertion order. */
	{"возврат", "T14 C3 C4"},
	{"возвраты", "T14 C3 C4"},
	/* Roles. */
	{"Оператор первой линии", "R0"},
	{"оператору первой линии", "R0"},
	{"операторы первой линии", "R0"},
	{"ОПЕРАТОРОМ ПЕРВОЙ ЛИНИИ", "R0"},
	{"оператору\xc2\xa0первой линии", "R0"}, /* no-break space */
	{"оператору, первой линии!", "R0"},
	{"оператор второй линии", "R1"},
	{"оператору второй линии", "R1"},
	{"оператор третьей линии", "-"},
	{"оператор", "-"},
	{"первой линии", "-"},
	{"руководителю смены", "R2"},
	{"руководители смен", "R2"},
	{"бариста", "R3"},
	{"баристы", "R3"},
	/* Stages and clauses. */
	{"ожидания заказов", "S1"},
	{"первый звонок", "S0"},
	{"первого звонка", "S0"},        /* the dictionary knows звонка is звонок (Snowball: звонк) */
	{"приветствия по телефону", "C0"},
	{"внешнему виду", "C1"},
	{"стандарта 2026", "C5"},
	{"стандарт 2025", "-"},
	/* Stress marks, soft hyphens, invalid UTF-8, empty names. */
	{"клие\xcc\x81нту", "T0 C2"},      /* е + U+0301 */
	{"кли\xc2\xad" "енту", "T0 C2"},   /* soft hyphen U+00AD */
	{"клиенту\xff", "T0 C2"},
	{"кли\xff" "енту", "-"},
	{"\xff\xfe", "-"},
	{"\xd0", "-"},                   /* truncated sequence */
	{"", "-"},
	{"   ", "-"},
	{"???", "-"},
	{"—", "-"},
	/* the nominative (stemmed like a verb) and the other cases both find the noun */
	{"канал связи", "T16"},
	{"канала связи", "T16"},
	{"каналы связи", "T16"},
	{"каналам связи", "T16"},
	{"каналов связи", "T16"},
	{"визит", "T17"},             /* визит and виза stem alike (виз); their lemmas differ */
	{"визиты", "T17"},
	{"визитом", "T17"},
	{"визита", "T17"},
	{"приём", "T18"},
	{"приема", "T18"},
	{"приему", "T18"},
	{"приёмы", "T18"},
	{"виза", "T19"},
	{"визы", "T19"},
	{"визой", "T19"},
};

static void test_fold_and_keys(void)
{
	expect_str("fold ЁЛКА", match_fold("ЁЛКА"), "елка");
	expect_str("fold Straße", match_fold("Straße"), "strasse");
	expect_str("fold decomposed й", match_fold("И\xcc\x86"), "й");
	expect_str("fold keeps й apart from и", match_fold("Й"), "й");
	expect_str("fold NFD café", match_fold("Cafe\xcc\x81"), "caf\xc3\xa9");
	expect_str("fold stress mark", match_fold("Клие\xcc\x81нт"), "клиент");
	expect_str("fold soft hyphen", match_fold("кли\xc2\xad" "ент"), "клиент");
	expect_str("fold keeps punctuation", match_fold("«Клиент», A-B"), "«клиент», a-b");
	expect_str("fold invalid UTF-8", match_fold("a\xff" "b"), "a\xef\xbf\xbd" "b");

	match_index *m = match_new();
	expect_str("key role", match_key(m, "  Оператору,  первой   линии! "), "оператор перв лин");
	expect_str("key English", match_key(m, "Customer\xe2\x80\x99s Journeys"), "custom journey");
	expect_str("key acronym plural", match_key(m, "SLAs"), "sla");
	expect_str("key digits kept", match_key(m, "Стандарт №2026"), "стандарт 2026");
	expect_str("key other script kept", match_key(m, "Ελλάδα"), "ελλάδα");
	expect_str("key empty", match_key(m, "«»—!"), "");
	expect_str("key hyphen", match_key(m, "wi-fi"), "wi fi");
	char *a = match_key(m, "йод"), *b = match_key(m, "иод");
	ok_detail(strcmp(a, b) != 0, "key йод differs from иод", a);
	free(a);
	free(b);
	match_free(m);
}

static void test_lookups(void)
{
	match_index *m = sample_book();
	for (size_t i = 0; i < sizeof lookups / sizeof *lookups; i++)
		expect_lookup(m, lookups[i].name, lookups[i].want);
	/* Pointer from look-up stays valid until the next add. */
	const match_hit *h;
	size_t n = match_lookup(m, "жалобы", &h);
	ok_detail(n == 1 && h[0].kind == T && h[0].index == 2, "lookup hits pointer", NULL);
	/* A key made by another index (a loading thread's) finds what the name
	 * does: keys are strings of stems, whichever index made them. */
	match_index *other = match_new();
	match_add(other, "Бариста", R, 0); /* its own words and stems, numbered otherwise */
	int same = 1;
	for (size_t i = 0; i < sizeof lookups / sizeof *lookups; i++) {
		char *key = match_key(other, lookups[i].name);
		const match_hit *hk, *hn;
		size_t nk = match_resolve(m, key, lookups[i].name, &hk);
		match_hit first[8];
		if (nk)
			memcpy(first, hk, (nk < 8 ? nk : 8) * sizeof *first);
		size_t nn = match_lookup(m, lookups[i].name, &hn);
		int differ = nk != nn;
		for (size_t j = 0; j < nk && j < 8 && !differ; j++)
			differ = first[j].kind != hn[j].kind || first[j].index != hn[j].index;
		if (differ) {
			same = 0;
			ok_detail(0, "lookup by another index's key", lookups[i].name);
		}
		free(key);
	}
	if (same)
		ok(1, "lookup by another index's key: the same hits for every name");
	match_free(other);
	match_free(m);
}

static void test_nearest(void)
{
	match_index *m = sample_book();
	expect_nearest(m, "клиетн", 5, "Клиент");
	expect_nearest(m, "complaynt", 5, "Complaint");
	expect_nearest(m, "escalashun", 5, "Escalation");
	expect_nearest(m, "оператор третьей линии", 5, "Оператор первой линии | Оператор второй линии");
	expect_nearest(m, "оператор третьей линии", 1, "Оператор первой линии");
	expect_nearest(m, "точка входа", 5, "точка контакта | точка взаимодействия");
	expect_nearest(m, "zzzz", 5, "");
	expect_nearest(m, "", 5, "");
	expect_nearest(m, "клиетн", 0, "");
	/* two letters swapped are one slip: клинета is 2 from Клиент, not 3 */
	expect_nearest(m, "клинета", 5, "Клиент");
	match_free(m);

	/* Ties go by the name's bytes, not by insertion order; function words
	 * relate nothing. */
	m = match_new();
	match_add(m, "abcy", T, 0);
	match_add(m, "abcx", T, 1);
	match_add(m, "Памятка для кассира", C, 0);
	expect_nearest(m, "abcz", 5, "abcx | abcy");
	expect_nearest(m, "для повара", 5, "");
	expect_nearest(m, "памятки для повара", 5, "Памятка для кассира");
	match_free(m);

	/* Speed: many names, many queries (should take well under a second). */
	m = match_new();
	char name[128];
	for (int i = 0; i < 3000; i++) {
		snprintf(name, sizeof name, "Стандарт обслуживания номер %d в зале", i);
		match_add(m, name, C, i);
	}
	size_t total = 0;
	const char *near[5];
	for (int i = 0; i < 50; i++)
		total += match_nearest(m, "Стандарт облсуживания номер 17 в зале", near, 5);
	ok_detail(total == 250, "nearest over 3000 names", NULL);
	match_free(m);
}

/* match_nfc_stable's claim, checked against utf8proc itself: every code
 * point it calls stable is unchanged by NFC with ignorables dropped, alone
 * and next to every other such code point (so none composes with its
 * neighbour), and the fast path gives the keys of the slow one. */
static int nfc_same(const utf8proc_int32_t *cps, size_t n)
{
	utf8proc_uint8_t in[16];
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += (size_t)utf8proc_encode_char(cps[i], in + len);
	in[len] = 0;
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r = utf8proc_map(in, 0, &out, UTF8PROC_NULLTERM | UTF8PROC_STABLE |
	                                  UTF8PROC_COMPOSE | UTF8PROC_IGNORE);
	int same = r == (utf8proc_ssize_t)len && !memcmp(out, in, len);
	free(out);
	return same;
}

static void test_nfc_stable(void)
{
	static utf8proc_int32_t st[0x3000];
	size_t n = 0, bad = 0, badpair = 0;
	for (utf8proc_int32_t c = 1; c < 0x3000; c++)
		if (match_nfc_stable(c))
			st[n++] = c;
	for (size_t i = 0; i < n; i++) {
		if (!nfc_same(&st[i], 1))
			bad++;
		for (size_t j = 0; j < n; j++) {
			utf8proc_int32_t pair[2] = {st[i], st[j]};
			if (!nfc_same(pair, 2))
				badpair++;
		}
	}
	ok_detail(n > 800 && bad == 0, "NFC leaves every fast-path code point alone", NULL);
	ok_detail(badpair == 0, "NFC leaves every pair of fast-path code points alone", NULL);
	/* match.c parse_stable takes any two bytes D0/D1 xx for a word's
	 * letter without looking: U+0400..U+047F must all be NFC-stable letters */
	size_t notletter = 0;
	for (utf8proc_int32_t c = 0x400; c < 0x480; c++) {
		utf8proc_category_t cat = utf8proc_category(c);
		if (!match_nfc_stable(c) || cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_LO)
			notletter++;
	}
	ok_detail(notletter == 0, "U+0400..U+047F are NFC-stable letters (the two-byte fast path)", NULL);
	size_t badfold = 0, nfold = 0;
	for (utf8proc_int32_t c = 1; c < 0x3000; c++) {
		if (!match_fold_simple(c))
			continue;
		nfold++;
		utf8proc_uint8_t in[8], want[8];
		in[utf8proc_encode_char(c, in)] = 0;
		want[utf8proc_encode_char(utf8proc_tolower(c), want)] = 0;
		utf8proc_uint8_t *out = NULL;
		utf8proc_map(in, 0, &out, UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
		if (!out || strcmp((char *)out, (char *)want) != 0)
			badfold++;
		free(out);
	}
	ok_detail(nfold > 200 && badfold == 0, "case folding is utf8proc_tolower wherever the matcher folds without utf8proc_map", NULL);
	size_t badlower = 0;
	for (utf8proc_int32_t c = 0; c < 0x3000; c++)
		if (match_fold_simple(c) && match_lower_simple(c) != utf8proc_tolower(c))
			badlower++;
	ok_detail(badlower == 0, "the matcher's own lower case is utf8proc_tolower wherever it folds without utf8proc_map", NULL);
	ok_detail(!match_nfc_stable(0xAD) && !match_nfc_stable(0x301) && !match_nfc_stable(0x483) &&
	   !match_nfc_stable(0x2000) && !match_nfc_stable(0x202A) && !match_nfc_stable(0x2126),
	   "soft hyphen, combining marks, singletons take the slow path", NULL);
	match_index *m = match_new();
	char *h1 = match_key(m, "кли\u00ADента"), *h2 = match_key(m, "клиента");
	ok_detail(!strcmp(h1, h2), "a soft hyphen inside a word is dropped (slow path)", h1);
	free(h1);
	free(h2);
	char *a = match_key(m, "Ёлка клиента");
	char *b = match_key(m, "\u0415\u0308лка клиента");
	ok_detail(!strcmp(a, b), "precomposed (fast) and decomposed (slow) Ё give one key", b);
	free(a);
	free(b);
	a = match_key(m, "ЁЛКА Ёлка ёлка ELKA Éclair");
	b = match_key(m, "елка елка елка elka éclair");
	ok_detail(!strcmp(a, b), "simple folding (Ё, ASCII) and utf8proc's (É) give the same keys", a);
	free(a);
	free(b);
	a = match_key(m, "Клиент — гость, «оплата» №5 ₽");
	ok_detail(!strcmp(a, "клиент гост оплат 5"), "dashes, quotes, № and ₽ separate words (fast path)", a);
	free(a);
	a = match_key(m, "a\xE2\x80" "b \xE0\x80\x80" "c");
	ok_detail(!strcmp(a, "a b c"), "truncated and overlong three-byte forms separate words", a);
	free(a);
	match_free(m);
}

/* ---- The word splitter's fast path against the loop it replaced ---- */

/* parse_stable's loop as it was written before next_word (a code point at
 * a time, categories from utf8proc): the words of stable text as spans,
 * or (size_t)-1 when the text is not stable (the slow path's). */
static size_t ref_stable_at(const unsigned char *u, size_t i, size_t len, utf8proc_int32_t *cp)
{
	size_t k;
	if (u[i] < 0x80) {
		*cp = u[i];
		return 1;
	}
	if ((u[i] & 0xE0) == 0xC0 && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
		*cp = ((u[i] & 0x1F) << 6) | (u[i + 1] & 0x3F);
		k = 2;
		if (*cp < 0x80)
			return 0;
	} else if ((u[i] & 0xF0) == 0xE0 && i + 2 < len && (u[i + 1] & 0xC0) == 0x80 &&
	           (u[i + 2] & 0xC0) == 0x80) {
		*cp = ((u[i] & 0x0F) << 12) | ((u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F);
		k = 3;
		if (*cp < 0x800)
			return 0;
	} else {
		return 0;
	}
	return match_nfc_stable(*cp) ? k : 0;
}

static int ref_letter(utf8proc_int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

static int ref_word_cp(utf8proc_int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
	       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

static size_t ref_words(const char *s, size_t len, size_t *spans, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k, n = 0;
	utf8proc_int32_t cp, next;
	while (i < len) {
		if (!(k = ref_stable_at(u, i, len, &cp)))
			return (size_t)-1;
		if (!ref_word_cp(cp)) {
			i += k;
			continue;
		}
		size_t start = i;
		utf8proc_int32_t prev = cp;
		i += k;
		while (i < len) {
			if (!(k = ref_stable_at(u, i, len, &cp)))
				return (size_t)-1;
			if (ref_word_cp(cp)) {
				/* a word character */
			} else if ((cp == '\'' || cp == 0x2019) && ref_letter(prev) && i + k < len) {
				if (!ref_stable_at(u, i + k, len, &next))
					return (size_t)-1;
				if (!ref_letter(next))
					break;
			} else {
				break;
			}
			prev = cp;
			i += k;
		}
		if (n < max) {
			spans[2 * n] = start;
			spans[2 * n + 1] = i;
		}
		n++;
	}
	return n;
}

/* Texts made of pieces that meet each branch of the splitter: Cyrillic
 * words of every length (the eight-byte steps start and end anywhere),
 * ASCII letters and digits, apostrophes in and out of words, other
 * stable letters and separators, and bytes that send the text to the slow
 * path (a combining mark, a soft hyphen, a bad or cut UTF-8 sequence). */
static const char *const pieces[] = {
	"клиент", "сотрудник", "подразделения", "а", "ёж", "ЁЛКА", "Ѐѿ", "ѐ", "Ѡ", "ъ",
	"CRM", "a", "Z", "0", "42", "x1", "customer", "O", "s",
	" ", " ", " ", ", ", ". ", "\n", "-", "(", ")", "[[", "]]", "\t", "\"", ":", "@",
	"'", "\xE2\x80\x99", "\xC2\xAB", "\xC2\xBB", "\xE2\x80\x94", "\xE2\x84\x96", "\xE2\x82\xBD",
	"\xC3\xA9", "\xC3\x89", "\xC2\xA0", "\xD2\x82", "\xC4\x9F",
	"\xCC\x81", "\xC2\xAD", "\xD2\x90", "\xD0", "\xD1", "\x80", "\xBF", "\xFF", "\xE2\x80", "\xE4\xB8\xAD",
	"\xC0\x80",
};

static unsigned long rnd_state = 12345;
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((rnd_state >> 33) % n);
}

static void test_stable_words(void)
{
	enum { NP = sizeof pieces / sizeof *pieces, MAXW = 200 };
	size_t got[2 * MAXW], want[2 * MAXW];
	char text[1024], what[1400];
	size_t bad = 0, slow = 0, words = 0, badstems = 0;
	match_index *plain = match_new(), *cached = match_new();
	match_cache *cache = match_cache_new();
	int *ids = NULL;
	size_t cap = 0;
	for (int t = 0; t < 40000; t++) {
		size_t len = 0, np = 1 + rnd(t % 7 == 0 ? 150 : 30);
		/* mostly stable text: the slow path's pieces (the last 11) rarely */
		for (size_t i = 0; i < np; i++) {
			const char *p = pieces[rnd(rnd(50) ? NP - 11 : NP)];
			size_t k = strlen(p);
			if (len + k >= sizeof text)
				break;
			memcpy(text + len, p, k);
			len += k;
		}
		text[len] = '\0';
		size_t n = match_stable_words(text, len, got, MAXW);
		size_t r = ref_words(text, len, want, MAXW);
		if (n != r || (n != (size_t)-1 && memcmp(got, want, 2 * (n < MAXW ? n : MAXW) * sizeof *got))) {
			if (bad++ < 5) {
				snprintf(what, sizeof what, "\"%s\": %zu words, want %zu", text, n, r);
				ok_detail(0, "the stable-text words are the loop's", what);
			}
		}
		if (r == (size_t)-1)
			slow++;
		else
			words += r;
		/* match_stems_cached gives match_stems's stems, one cache over
		 * every text (its own index: compared as strings) */
		int *want_ids;
		size_t nw = match_stems(plain, text, &want_ids);
		size_t nc = match_stems_cached(cached, cache, text, len, &ids, &cap);
		int same = nw == nc;
		for (size_t i = 0; same && i < nw; i++)
			same = !strcmp(match_stem(plain, want_ids[i]), match_stem(cached, ids[i]));
		free(want_ids);
		if (!same && badstems++ < 5) {
			snprintf(what, sizeof what, "\"%s\": %zu stems, want %zu", text, nc, nw);
			ok_detail(0, "match_stems_cached gives match_stems's stems", what);
		}
	}
	snprintf(what, sizeof what, "%zu of 40000 texts differ (%zu slow, %zu words)", bad, slow, words);
	ok_detail(bad == 0 && slow > 2000 && words > 150000, "the stable-text words are the loop's", what);
	ok_detail(badstems == 0, "match_stems_cached gives match_stems's stems over 40000 texts", NULL);
	/* long words the cache's slot alone cannot tell apart: the same
	 * first sixteen bytes, tail and length, another third piece */
	static const char *const longs[] = {
		"подразделениями абвгдежзийклмно подразделениямы абвгдежзийклмнп",
		"подразделениями абвгдежзийклмно подразделениямы абвгдежзийклмнп",
		"abcdefghijklmnopqrstuvwxyzab abcdefghijklmnopqrstuvwxyzac abcdefghijklmnopQrstuvwxyzab",
		"абвгдежзийклмнопрстуфхцчшщъ абвгдежзийклмнопрстуфхцчшщь абвгдежзийклмнопрСтуфхцчшщъ.",
	};
	size_t badlong = 0;
	for (int round = 0; round < 2; round++)
		for (size_t t = 0; t < sizeof longs / sizeof *longs; t++) {
			int *want_ids;
			size_t nw = match_stems(plain, longs[t], &want_ids);
			size_t nc = match_stems_cached(cached, cache, longs[t], strlen(longs[t]), &ids, &cap);
			int same = nw == nc;
			for (size_t i = 0; same && i < nw; i++)
				same = !strcmp(match_stem(plain, want_ids[i]), match_stem(cached, ids[i]));
			free(want_ids);
			badlong += !same;
		}
	ok_detail(badlong == 0, "match_stems_cached tells apart long words alike in their first pieces and tail", NULL);
	free(ids);
	match_cache_free(cache);
	match_free(plain);
	match_free(cached);
}

int main(void)
{
	test_nfc_stable();
	test_fold_and_keys();
	test_lookups();
	test_nearest();
	test_stable_words();
	return unit_done();
}

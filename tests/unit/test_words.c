/* test_words.c - unit tests of the sentence splitter (src/words.c): its
 * ASCII and Cyrillic fast paths give what utf8proc's classification and
 * case folding give, letter by letter over the Basic Multilingual Plane,
 * and words, numbers and joiners come out as documented. */
#include "words.h"
#include "unit.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

/* What words.c did for every code point before its fast paths. */
static int ref_letter(utf8proc_int32_t c)
{
	utf8proc_category_t k = utf8proc_category(c);
	return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_ME;
}

static utf8proc_int32_t ref_fold(utf8proc_int32_t c)
{
	if (c == 0x2019)
		c = '\'';
	c = utf8proc_tolower(c);
	return c == 0x451 ? 0x435 : c;
}

/* "x" + the letter + "y": one word, folded like ref_fold; a code point
 * that is no letter splits "x" and "y". 0 when it does not (printed). */
static int check_code_point(utf8proc_int32_t c)
{
	if (!utf8proc_codepoint_valid(c) || c == 0)
		return 1;
	char text[16], want[16], what[64];
	utf8proc_uint8_t enc[4], low[4];
	utf8proc_ssize_t n = utf8proc_encode_char(c, enc);
	snprintf(text, sizeof text, "x%.*sy", (int)n, (const char *)enc);
	words t;
	words_split(&t, text, strlen(text));
	snprintf(what, sizeof what, "U+%04X", (unsigned)c);
	int before = failed;
	if (ref_letter(c)) {
		utf8proc_ssize_t m = utf8proc_encode_char(ref_fold(c), low);
		snprintf(want, sizeof want, "x%.*sy", (int)m, (const char *)low);
		ok_detail(t.n == 1 && strcmp(t.v[0].w, want) == 0, what, t.n ? t.v[0].w : "no word");
	} else if (c >= '0' && c <= '9') {
		ok_detail(t.n == 3 && t.v[1].num, what, "a digit between letters is a number");
	} else if (c == '\'' || c == 0x2019 || c == '-') {
		ok_detail(t.n == 1 && t.v[0].w[1] == (c == '-' ? '-' : '\''), what, "a joiner between letters");
	} else {
		ok_detail(t.n == 2 && strcmp(t.v[0].w, "x") == 0 && strcmp(t.v[1].w, "y") == 0, what,
			  "no letter: splits");
	}
	words_free(&t);
	int good = failed == before;
	failed = before; /* counted once per block, in main */
	passed -= good;
	return good;
}

/* words_any finds each word of text as words_split folds it, and nothing
 * that is no word of it. 0 when it does not (printed). */
static int check_any(const char *text)
{
	words t;
	words_split(&t, text, strlen(text));
	int good = 1;
	for (size_t i = 0; i < t.n; i++) {
		words_set one = {0}, other = {0};
		char more[64];
		words_set_add(&one, t.v[i].w);
		snprintf(more, sizeof more, "%sq", t.v[i].w);
		words_set_add(&other, more);
		int found = 0;
		for (size_t j = 0; j < t.n; j++)
			found |= !t.v[j].num && !strcmp(t.v[j].w, more);
		if (words_any(&one, text, strlen(text)) != !t.v[i].num ||
		    words_any(&other, text, strlen(text)) != found) {
			printf("FAIL words_any in \"%s\" for \"%s\"\n", text, t.v[i].w);
			good = 0;
		}
	}
	words_free(&t);
	return good;
}

/* check_any around code point c: inside a word, alone, after a capital
 * Cyrillic letter, after a joiner, before an apostrophe, between digits. */
static int check_any_code_point(utf8proc_int32_t c)
{
	if (!utf8proc_codepoint_valid(c) || c == 0)
		return 1;
	static const char *const forms[] = {"x@y", "@", "Ж@д", "a-@ b", "@'q", "1@2", "@@ ё@",
					    "бвгдежзи@клмн", "ЖЖЖЖЖЖЖ@ опрст@уфхцчшщ"};
	utf8proc_uint8_t enc[5] = {0};
	utf8proc_encode_char(c, enc);
	int good = 1;
	for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
		char text[96];
		size_t n = 0;
		for (const char *p = forms[f]; *p; p++) /* @: the code point */
			n += (size_t)snprintf(text + n, sizeof text - n, "%.*s", *p == '@' ? 4 : 1,
					      *p == '@' ? (const char *)enc : p);
		good &= check_any(text);
	}
	return good;
}

/* ---- words_split against a reading code point by code point ---- */

/* The words of s[0..len) as words.h defines them, read with utf8proc code
 * point by code point (what words.c did before its fast paths), each as
 * "start-end cap cyr folded|" (numbers "start-end #folded|") into out. */
static void ref_split(const char *s, size_t len, char *out, size_t cap)
{
	size_t o = 0, i = 0;
	out[0] = '\0';
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0) {
			i++;
			continue;
		}
		size_t a = i;
		char w[1024];
		size_t wn = 0;
		if (c >= '0' && c <= '9') {
			while (i < len && s[i] >= '0' && s[i] <= '9')
				w[wn++] = s[i++];
			if (i + 1 < len && (s[i] == '.' || s[i] == ',') && s[i + 1] >= '0' && s[i + 1] <= '9') {
				w[wn++] = '.';
				i++;
				while (i < len && s[i] >= '0' && s[i] <= '9')
					w[wn++] = s[i++];
			}
			o += (size_t)snprintf(out + o, cap - o, "%zu-%zu #%.*s|", a, i, (int)wn, w);
			continue;
		}
		if (!ref_letter(c)) {
			i += (size_t)n;
			continue;
		}
		utf8proc_int32_t first = c;
		while (i < len) {
			n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
			if (n <= 0)
				break;
			int take = ref_letter(c);
			if (!take && (c == '\'' || c == 0x2019 || c == '-') && i + (size_t)n < len) {
				utf8proc_int32_t d;
				utf8proc_ssize_t m = utf8proc_iterate((const utf8proc_uint8_t *)s + i + n,
								      (utf8proc_ssize_t)(len - i - (size_t)n), &d);
				take = m > 0 && ref_letter(d);
			}
			if (!take)
				break;
			wn += (size_t)utf8proc_encode_char(ref_fold(c), (utf8proc_uint8_t *)w + wn);
			i += (size_t)n;
		}
		o += (size_t)snprintf(out + o, cap - o, "%zu-%zu %d %d %.*s|", a, i,
				      utf8proc_category(first) == UTF8PROC_CATEGORY_LU, first >= 0x400 && first <= 0x4FF,
				      (int)wn, w);
	}
}

/* words_split's words of text in ref_split's form. */
static void got_split(const char *s, size_t len, char *out, size_t cap)
{
	words t;
	words_split(&t, s, len);
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < t.n; i++) {
		const word *w = &t.v[i];
		if (w->num)
			o += (size_t)snprintf(out + o, cap - o, "%zu-%zu #%s|", w->start, w->end, w->w);
		else
			o += (size_t)snprintf(out + o, cap - o, "%zu-%zu %d %d %s|", w->start, w->end, w->cap, w->cyr, w->w);
	}
	words_free(&t);
}

/* 1 when words_split and ref_split read text alike (else printed). */
static int same_split(const char *text, size_t len)
{
	char want[4096], got[4096];
	ref_split(text, len, want, sizeof want);
	got_split(text, len, got, sizeof got);
	if (!strcmp(want, got))
		return 1;
	printf("FAIL words_split of \"%.*s\":\n  got  %s\n  want %s\n", (int)len, text, got, want);
	return 0;
}

/* Every code point of the BMP inside and after runs of small Cyrillic
 * letters (words_split copies up to eight of them a step), at each place
 * of such a step. The number of texts read otherwise than ref_split. */
static int check_split_runs(utf8proc_int32_t from, utf8proc_int32_t to)
{
	static const char run[] = "абвгдежзийклмнопрстуфхцчшщъыьэюя";
	int bad = 0;
	for (utf8proc_int32_t c = from; c < to; c++) {
		if (!utf8proc_codepoint_valid(c) || c == 0)
			continue;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t n = utf8proc_encode_char(c, enc);
		for (size_t at = 0; at <= 18 && !bad; at += at < 2 || at > 14 ? 1 : 7) {
			char text[128];
			size_t k = 0;
			memcpy(text, run, 2 * at);
			k = 2 * at;
			memcpy(text + k, enc, (size_t)n);
			k += (size_t)n;
			memcpy(text + k, run + 2 * at, sizeof run - 1 - 2 * at);
			k += sizeof run - 1 - 2 * at;
			bad += !same_split(text, k);
			bad += !same_split(text, 2 * at + (size_t)n); /* the text ends after it */
		}
	}
	return bad;
}

/* Generated texts of pieces words_split reads differently: small and
 * capital Cyrillic, ё, Latin, digits, joiners, marks, bad bytes, other
 * scripts. The number read otherwise than ref_split. */
static int check_split_generated(void)
{
	static const char *const pieces[] = {
		"о", "д", "я", "р", "п", "а", "О", "Я", "Р", "П", "ё", "Ё", "ѐ", "Ѡ", "ѡ", "ђ", "ӕ", "a", "Z", "é",
		" ", " ", ",", ".", "-", "'", "\xe2\x80\x99", "1", "1,5", "\xcc\x81", "\xd0", "\xd1", "\xff",
		"\xb0", "中", "«", "—", "должен", "ДОЛЖНА", "мож", "ет", "\n"};
	unsigned long x = 42;
	int bad = 0;
	for (int k = 0; k < 40000 && bad < 5; k++) {
		char text[512];
		size_t n = 0;
		for (int m = 0, pieces_n = 1 + (int)(x % 40); m < pieces_n; m++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			const char *p = pieces[(x >> 33) % (sizeof pieces / sizeof *pieces)];
			size_t pl = strlen(p);
			if (n + pl >= sizeof text)
				break;
			memcpy(text + n, p, pl);
			n += pl;
		}
		bad += !same_split(text, n);
	}
	return bad;
}

/* ---- words_find's 64-byte look against words_split ---- */

static const char *const find_words[] = {"должен", "может", "нельзя", "may", "shouldn't", "mustn't", "ёж"};
/* words of four letters or more only: words_find then tells the short
 * Cyrillic words from their bytes */
static const char *const find_long[] = {"должен", "может", "всегда", "коем", "нельзя", "may", "mustn't", "need"};
static const char *const *find_list = find_words;
static size_t find_n = sizeof find_words / sizeof *find_words;

/* Where the first word of text (as words_split splits and folds it) that
 * is one of find_list starts; len when none is. */
static size_t ref_find(const char *text, size_t len)
{
	words t;
	words_split(&t, text, len);
	size_t at = len;
	for (size_t i = 0; i < t.n && at == len; i++)
		for (size_t j = 0; j < find_n; j++)
			if (!t.v[i].num && !strcmp(t.v[i].w, find_list[j]))
				at = t.v[i].start;
	words_free(&t);
	return at;
}

/* words_find on base with every byte value put at every place (in place
 * of the byte there, and before it), after a prefix of pad bytes of each
 * kind, so that every byte sits at every place of a sixteen-byte block
 * next to a word that starts or does not start one of find_words. The
 * number of texts where words_find and ref_find differ (printed). */
static int check_find(const words_set *set, const char *base)
{
	static const char *const pads[] = {"", " ", "ж", "x", "  ", "ж ", "жж", "\xc2\xab", "abcde",
					   "ааааааа", "1,5 ", "Ж-ж ", "x'", "йй йй йй", "- -- - --",
					   "\xd0", "\xb0"};
	size_t blen = strlen(base);
	int bad = 0;
	char text[256];
	for (size_t pd = 0; pd < sizeof pads / sizeof *pads; pd++) {
		size_t plen = strlen(pads[pd]);
		for (size_t at = 0; at <= blen; at++)
			for (int b = 0; b < 256; b++)
				for (int insert = 0; insert < 2; insert++) {
					if (!insert && at == blen)
						continue;
					size_t n = 0;
					memcpy(text, pads[pd], plen);
					n = plen;
					memcpy(text + n, base, at);
					n += at;
					text[n++] = (char)b;
					size_t rest = insert ? at : at + 1;
					memcpy(text + n, base + rest, blen - rest);
					n += blen - rest;
					size_t got = words_find(set, text, n), want = ref_find(text, n);
					if (got != want) {
						if (bad < 5)
							printf("FAIL words_find in \"%.*s\": %zu, want %zu\n", (int)n, text,
							       got, want);
						bad++;
					}
				}
	}
	return bad;
}

int main(void)
{
	/* every code point of the BMP, counted as one check per block of 4096
	 * (a failing code point is printed with its own line) */
	for (utf8proc_int32_t blk = 0; blk < 0x10000; blk += 0x1000) {
		int bad = 0;
		for (utf8proc_int32_t c = blk; c < blk + 0x1000; c++)
			bad += !check_code_point(c);
		char what[80];
		snprintf(what, sizeof what, "U+%04X..U+%04X: each code point a letter, a number, a joiner or a split",
			 (unsigned)blk, (unsigned)(blk + 0xFFF));
		ok(bad == 0, what);
	}
	/* words_any against words_split, every code point of the BMP */
	for (utf8proc_int32_t blk = 0; blk < 0x10000; blk += 0x1000) {
		int bad = 0;
		for (utf8proc_int32_t c = blk; c < blk + 0x1000; c++)
			bad += !check_any_code_point(c);
		char what[80];
		snprintf(what, sizeof what, "U+%04X..U+%04X: words_any finds the words words_split makes",
			 (unsigned)blk, (unsigned)(blk + 0xFFF));
		ok(bad == 0, what);
	}
	{
		words_set s = {0};
		words_set_add(&s, "должен");
		words_set_add(&s, "mustn't");
		words_set_add(&s, "15");
		static const struct {
			const char *text;
			int want;
			const char *what;
		} cases[] = {
			{"Он ДОЛЖНЫ", 0, "another word of the same stem"},
			{"Он ДОЛЖЕН.", 1, "a capital word"},
			{"Он ДОЛЖЁН", 1, "Ё read as е"},
			{"MUSTN\xe2\x80\x99T", 1, "’ read as '"},
			{"mustn'", 0, "a word does not end in a joiner"},
			{"15 минут", 0, "numbers are not looked up"},
			{"не-должен должен-то", 0, "a hyphen joins words"},
			{"15должен", 1, "a word right after a number"},
		};
		for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
			ok_detail(words_any(&s, cases[i].text, strlen(cases[i].text)) == cases[i].want,
				  "words_any", cases[i].what);
	}
	/* words_split against the code point reading */
	for (utf8proc_int32_t blk = 0; blk < 0x10000; blk += 0x4000) {
		char what[96];
		snprintf(what, sizeof what, "U+%04X..U+%04X in runs of small Cyrillic: words_split as code point by code point",
			 (unsigned)blk, (unsigned)(blk + 0x3FFF));
		ok(check_split_runs(blk, blk + 0x4000) == 0, what);
	}
	ok(check_split_generated() == 0, "generated texts: words_split as code point by code point");
	{
		static words_set s; /* no word of two or three Cyrillic letters */
		find_list = find_long;
		find_n = sizeof find_long / sizeof *find_long;
		for (size_t i = 0; i < find_n; i++)
			words_set_add(&s, find_long[i]);
		static const char *const bases[] = {
			"Он не до ДОЛ за всё ВСЕ вс дОлЖеН, ДолЖЁн-то МОЖЕТ; коем КОЕМ ко кое ни в коЁм",
			"а и в — «должен» всегда—нельзя, не: долж должнен ДОЛЖНЫ mAY need NEED-to",
		};
		for (size_t i = 0; i < sizeof bases / sizeof *bases; i++)
			ok_detail(check_find(&s, bases[i]) == 0, "words_find, long words: every byte at every place",
				  bases[i]);
		/* words_set_may_hold: 1 for every word of the set (a prefix of
		 * one of them may go either way), 0 for words of two or three
		 * Cyrillic letters and for four that start no word of it */
		int bad = 0;
		for (size_t i = 0; i < find_n; i++)
			bad += !words_set_may_hold(&s, find_long[i], strlen(find_long[i]));
		static const char *const no[] = {"до", "все", "ко", "дол", "долг", "всем", "кое", "коел", "нелз"};
		for (size_t i = 0; i < sizeof no / sizeof *no; i++)
			bad += words_set_may_hold(&s, no[i], strlen(no[i]));
		ok(!bad, "words_set_may_hold: the set's words, not the short ones nor other starts");
		find_list = find_words;
		find_n = sizeof find_words / sizeof *find_words;
	}
	{
		words_set s = {0};
		for (size_t i = 0; i < sizeof find_words / sizeof *find_words; i++)
			words_set_add(&s, find_words[i]);
		static const char *const bases[] = {
			"Оператор отвечает клиенту, но может не перезванивать.",
			"The agent calls back; a manager may refuse, he shouldn't.",
			"«Должен» — сотрудник—должен,нельзя-то ДОЛЖЁН mustn’t ёж.",
			"бумага для принтера и ручки, нет ничего больше здесь вообще",
			/* longer than two of words_find's 64-byte windows, each
			 * byte at every place of them and across their edges */
			"Сотрудник ДОлжен вежливо ответить клиенту, а потом должЕн-то ещё МОЖЕТ позвонить; "
			"НЕЛЬЗЯ ЁЖ ёЖ Ёж еж",
		};
		for (size_t i = 0; i < sizeof bases / sizeof *bases; i++)
			ok_detail(check_find(&s, bases[i]) == 0, "words_find: every byte at every place of a block",
				  bases[i]);
	}
	/* capitals and scripts of the first letter */
	words t;
	const char *s = "Ёлка, ёж и Dog: 1,5 часа; can't ЖДАТЬ.";
	words_split(&t, s, strlen(s));
	ok(t.n == 8, "eight words and numbers");
	if (t.n == 8) {
		ok(strcmp(t.v[0].w, "елка") == 0 && t.v[0].cap && t.v[0].cyr, "Ёлка: folded, a capital, Cyrillic");
		ok(strcmp(t.v[1].w, "еж") == 0 && !t.v[1].cap, "ёж: folded");
		ok(strcmp(t.v[3].w, "dog") == 0 && t.v[3].cap && !t.v[3].cyr, "Dog: a capital, not Cyrillic");
		ok(t.v[4].num && t.v[4].value == 1.5 && strcmp(t.v[4].w, "1.5") == 0, "1,5: a number");
		ok(strcmp(t.v[6].w, "can't") == 0, "can't: one word");
		ok(strcmp(t.v[7].w, "ждать") == 0 && t.v[7].cap, "ЖДАТЬ: folded");
		ok(t.v[7].start == strlen(s) - strlen("ЖДАТЬ.") && t.v[7].end == strlen(s) - 1, "ЖДАТЬ: its bytes");
	}
	words_free(&t);
	ok(words_upper_at("Ж") && words_upper_at("Q") && !words_upper_at("ж") && !words_upper_at("1"),
	   "words_upper_at");
	/* a bad byte separates */
	const char *bad = "ab\xff\xd0" "cd";
	words_split(&t, bad, strlen(bad));
	ok(t.n == 2 && strcmp(t.v[0].w, "ab") == 0 && strcmp(t.v[1].w, "cd") == 0, "invalid bytes separate words");
	words_free(&t);
	return unit_done();
}

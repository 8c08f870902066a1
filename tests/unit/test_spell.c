/* test_spell.c - unit tests of the spelling scan (src/spell.c): which
 * words of the prose it reports (markup, code, references, addresses and
 * names are not prose), and that a scan begun on a thread of its own
 * (spell_begin, as `svcbook lint` does) hands spell_check the same words
 * as a scan on the caller's thread, each place of a repeated word. Needs the ru_RU and en_US Hunspell
 * dictionaries (dict.h); without them it says so and checks nothing. */
#include "dict.h"
#include "reader.h"
#include "spell.h"
#include "unit.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The misses as "word@file:line:col" joined by spaces. */
static void describe(const book *b, const spell_miss *v, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && o < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%s%s@%s:%d:%d", i ? " " : "", v[i].word, b->files[v[i].file].path,
				      v[i].line, v[i].col);
}

static void expect(const book *b, const char *what, const char *want)
{
	size_t n;
	spell_miss *v = spell_check(b, &n);
	char got[4096], detail[9000];
	describe(b, v, n, got, sizeof got);
	snprintf(detail, sizeof detail, "want %s, got %s", want, got);
	ok_detail(!strcmp(got, want), what, detail);
	spell_free(v, n);
}

static book *read_book(const char *lang, const char *general)
{
	char *config = xasprintf("title = \"T\"\nlanguage = \"%s\"\n", lang);
	const char *terms = "# Terms\n\n## Зорбакс {#zorbax}\n\nКлиент, который покупает.\n";
	reader_mem_file f[] = {
		{"book.lua", config, strlen(config)},
		{"terms.md", terms, strlen(terms)},
		{"general.md", general, strlen(general)},
	};
	book *b = reader_read_mem("/tmp", f, 3);
	free(config);
	return b;
}

/* spell_cyr_run (SSE2, sixteen bytes a step) against the letter-at-a-time
 * spell_cyr_run_plain: random lines of Cyrillic letters, capitals, stray
 * lead and continuation bytes, ASCII, from every start and every length. */
static void check_cyr_run(void)
{
	static const unsigned char pick[] = {0xD0, 0xD1, 0xD0, 0xD1, 0x80, 0x8F, 0x90, 0xAF, 0xB0, 0xBF,
					     0xB5, 0x81, 0xC0, 0xD2, 0xCF, 'a', ' ', '-', 0x7F, 0xFF, 0x00};
	unsigned seed = 12345;
	int bad = 0;
	for (int round = 0; round < 3000 && !bad; round++) {
		unsigned char line[80];
		size_t n = 1 + round % 60;
		for (size_t k = 0; k < sizeof line; k++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = seed >> 16;
			/* mostly whole letters, so runs are long */
			if (r % 4 && k + 1 < sizeof line) {
				line[k] = (unsigned char)(0xD0 + (r >> 2) % 2);
				line[k + 1] = (unsigned char)(0x80 + (r >> 3) % 64);
				k++;
			} else {
				line[k] = pick[(r >> 2) % sizeof pick];
			}
		}
		for (size_t i = 0; i <= n && !bad; i++) {
			unsigned c1 = 0, c2 = 0;
			size_t e1 = spell_cyr_run((const char *)line, i, n, &c1);
			size_t e2 = spell_cyr_run_plain((const char *)line, i, n, &c2, i);
			if (e1 != e2 || c1 != c2) {
				printf("# round %d, from %zu of %zu: end %zu (plain %zu), caps %u (plain %u)\n", round, i, n, e1,
				       e2, c1, c2);
				bad = 1;
			}
		}
	}
	ok(!bad, "spell_cyr_run agrees with the letter-at-a-time scan");
}

/* spell_word_key reading sixteen bytes at once (the bytes past the word
 * masked off) against the copy it makes near a buffer's end: every length
 * 0-40 at every offset of random buffers, and words that differ only past
 * their end or only in their last byte get different keys. */
static void check_word_key(void)
{
	unsigned seed = 777;
	int bad = 0, clash = 0;
	for (int round = 0; round < 200 && !bad; round++) {
		char bytes[64];
		for (size_t k = 0; k < sizeof bytes; k++) {
			seed = seed * 1103515245u + 12345u;
			bytes[k] = (char)(seed >> 16);
		}
		for (size_t at = 0; at + 40 <= sizeof bytes && !bad; at++)
			for (size_t n = 0; n <= 40 && !bad; n++) {
				uint64_t fast[3], plain[3], other[3];
				spell_word_key(bytes + at, n, sizeof bytes - at, fast);
				char *copy = xstrndup(bytes + at, n);
				spell_word_key(copy, n, n, plain);
				if (memcmp(fast, plain, sizeof fast)) {
					printf("# round %d, offset %zu, length %zu: the keys differ\n", round, at, n);
					bad = 1;
				}
				if (n) { /* the last byte changed: another word */
					copy[n - 1] ^= 1;
					spell_word_key(copy, n, n, other);
					clash |= !memcmp(fast, other, 2 * sizeof *fast) && (n <= 16 || fast[2] == other[2]);
				}
				free(copy);
			}
	}
	ok(!bad, "spell_word_key reads sixteen bytes at once as it reads a copy");
	ok(!clash, "a word's last byte is part of its key");
}

int main(void)
{
	check_cyr_run();
	check_word_key();
	if (dict_spell(DICT_RU, "клиент") < 0 || dict_spell(DICT_EN, "customer") < 0) {
		printf("# no Hunspell ru_RU/en_US dictionary in %s: nothing checked\n", dict_dir());
		return unit_done();
	}
	const char *ru = "# Общие положения\n"
			 "\n"
			 "Оператор звонит клиетну и пишет `ошибкка в коде` и ``двойной `код` ззззр`` потом.\n"
			 "Адрес info@example.com, ссылка https://example.com/пуутьь и www.прримерр.рф, [[неизвестнн]].\n"
			 "<span>тэгггг</span> и [текст ссылки](http://example.com/ааааа) и ![рис](img/бббббб.png).\n"
			 "Кто-то из мистери-шопинга, Зорбаксу и Зорбаксами, CRM, WhatsApp, СМИ, а1б2, хорошоо.\n"
			 "\n"
			 "```\n"
			 "кодд в блоке\n"
			 "```\n"
			 "\n"
			 "<div>\n"
			 "блокк HTML\n"
			 "</div>\n"
			 "\n"
			 "Файл отчёт.txt и слово.com; текст с хвостом wwwслово и hслово, и {#атрибутт} и ]( вне) ещё.\n";
	book *b = read_book("ru", ru);
	/* columns in bytes; <span> is markup, its text prose */
	const char *want = "клиетну@general.md:3:31 тэгггг@general.md:5:7 мистери-шопинга@general.md:6:18 "
			   "хорошоо@general.md:6:122";
	expect(b, "a Russian book: prose words only", want);

	/* begun on a thread of its own: the same words, taken once */
	spell_job *j = spell_begin(b);
	ok(j != NULL, "spell_begin starts a scan");
	ok(spell_begin(b) == NULL, "one scan at a time");
	expect(b, "the scan begun beside gives what spell_check finds", want);
	expect(b, "a second call scans again", want);
	spell_end(j);
	expect(b, "after spell_end, spell_check scans", want);

	/* ended without being taken: its words are freed (ASan says) */
	j = spell_begin(b);
	spell_end(j);
	book_free(b);

	/* another book at the same time: spell_check scans its own */
	b = read_book("ru", ru);
	book *other = read_book("ru", "# Общие положения\n\nОператор пишет ошыбку.\n");
	j = spell_begin(b);
	expect(other, "a scan begun for another book is not taken", "ошыбку@general.md:3:29");
	expect(b, "the book's own is", want);
	spell_end(j);
	book_free(other);
	book_free(b);

	/* each distinct word is looked up once, after all are found: every
	 * place of a misspelled word is reported, in reading order, and a word
	 * known as a part of a hyphenated one (or the other way) stays known */
	b = read_book("ru", "# Общие положения\n\nклиетну пишет клиетну, кто-то и кто.\n"
			    "Пишет ошыбку-клиетну и ошыбку; клиетну\n");
	j = spell_begin(b);
	expect(b, "repeated words: each place, in order",
	       "клиетну@general.md:3:1 клиетну@general.md:3:27 ошыбку-клиетну@general.md:4:12 "
	       "ошыбку@general.md:4:43 клиетну@general.md:4:57");
	spell_end(j);
	expect(b, "the same on the caller's thread",
	       "клиетну@general.md:3:1 клиетну@general.md:3:27 ошыбку-клиетну@general.md:4:12 "
	       "ошыбку@general.md:4:43 клиетну@general.md:4:57");
	book_free(b);

	b = read_book("en", "# General\n\nThe operator calls the custmer, don't `teh` and rock'n'roll recieve.\n");
	j = spell_begin(b);
	expect(b, "an English book", "custmer@general.md:3:24 rock'n'roll@general.md:3:49 recieve@general.md:3:61");
	spell_end(j);
	book_free(b);
	return unit_done();
}

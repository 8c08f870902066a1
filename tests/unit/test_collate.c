/* test_collate.c - unit tests of src/collate.c, the glossary order both
 * backends use: case, ё, Latin diacritics, leading punctuation, the book's
 * alphabet first, digits, ties, and the letter a name is filed under. */
#include "collate.h"
#include "unit.h"

#include <string.h>

static int before(const char *a, const char *b, book_lang lang)
{
	return collate_cmp(a, b, lang) < 0 && collate_cmp(b, a, lang) > 0;
}

static void test_order(void)
{
	ok(before("абонент", "Бариста", LANG_RU), "case is ignored: абонент before Бариста");
	ok(before("ёлка", "жалоба", LANG_RU) && before("единица", "ёмкость", LANG_RU),
	   "ё is filed with е, not after я");
	ok(before("«Зерно»", "Идея", LANG_RU) && before("Жалоба", "«Зерно»", LANG_RU),
	   "leading quotes are skipped: «Зерно» under З");
	ok(before("я", "CRM", LANG_RU), "a Russian book lists its own alphabet first");
	ok(before("CRM", "клиент", LANG_EN), "an English book lists Latin first");
	ok(before("Café", "cake", LANG_EN) && before("Café", "cafe", LANG_EN),
	   "é sorts with e");
	ok(before("café", "cafg", LANG_EN), "é is not after z");
	ok(before("24/7", "абонент", LANG_RU), "digits before letters");
	ok(before("запись", "запись на приём", LANG_RU), "a prefix before the longer name");
	ok(before("мастер смены", "мастерская", LANG_RU), "a space before a letter");
	ok(collate_cmp("Клиент", "клиент", LANG_RU) != 0, "different spellings are not equal");
	ok(collate_cmp("клиент", "клиент", LANG_RU) == 0, "the same name is equal");
	ok(collate_cmp(NULL, "", LANG_RU) == 0, "no name is the empty name");
}

static int letter_is(const char *name, const char *expect)
{
	char out[8];
	collate_letter(name, out);
	return strcmp(out, expect) == 0;
}

static void test_letters(void)
{
	ok(letter_is("ёлка", "Е"), "ёлка is filed under Е");
	ok(letter_is("«Зерно»", "З"), "«Зерно» is filed under З");
	ok(letter_is("éclair", "E"), "éclair is filed under E");
	ok(letter_is("24/7", "0–9"), "24/7 is filed under 0–9");
	ok(letter_is("—", "#"), "a name with no letter is filed under #");
	ok(letter_is("", "#"), "the empty name is filed under #");
}

static void test_terms(void)
{
	book b;
	memset(&b, 0, sizeof b);
	book_term t[5];
	memset(t, 0, sizeof t);
	const char *names[] = {"Сервис", "абонент", "NPS", "Ёмкость", "абонент"};
	for (int i = 0; i < 5; i++)
		t[i].name = (char *)names[i];
	b.terms = t;
	b.nterms = 5;
	b.config.language = LANG_RU;
	int order[] = {0, 1, 2, 3, 4};
	collate_terms(&b, order, 5);
	int want[] = {1, 4, 3, 0, 2};
	ok(memcmp(order, want, sizeof want) == 0,
	   "terms sorted: абонент, абонент (definition order), Ёмкость, Сервис, NPS");
}

int main(void)
{
	test_order();
	test_letters();
	test_terms();
	return unit_done();
}

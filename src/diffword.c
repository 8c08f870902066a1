/* diffword.c - the words of a change (diffword.h). */
#include "diffword.h"
#include "util.h"

#include <string.h>

/* [noun's gender or number][kind]: masculine (пункт, этап, термин,
 * ответственный), feminine (роль), plural (роли раздела) */
static const char *const ru_kinds[3][DIFF_KIND_COUNT] = {
	{"добавлен", "удалён", "изменён", "переименован", "перенесён"},
	{"добавлена", "удалена", "изменена", "переименована", "перенесена"},
	{"добавлены", "удалены", "изменены", "переименованы", "перенесены"},
};
static const char *const en_kinds[DIFF_KIND_COUNT] = {"added", "removed", "changed", "retitled", "moved"};
static const char *const ru_nouns[DWN_COUNT] = {"пункт", "этап", "термин", "роль", "ответственный", "роли раздела"};
static const char *const en_nouns[DWN_COUNT] = {"clause", "stage", "term", "role", "owner", "appearance-roles"};

diffword_noun diffword_noun_of(const diff_result *r, const diff_change *ch)
{
	switch (ch->what) {
	case DW_TERM: return DWN_TERM;
	case DW_ROLE: return DWN_ROLE;
	case DW_OWNER: return DWN_OWNER;
	case DW_APPEARANCE_ROLES: return DWN_SECTION_ROLES;
	case DW_CLAUSE: break;
	}
	const book *x = ch->kind == DIFF_REMOVED ? r->a : r->b;
	int c = ch->id ? book_find_id(x, ch->id) : -1;
	return c >= 0 && x->clauses[c].stage >= 0 ? DWN_STAGE : DWN_CLAUSE;
}

const char *diffword_noun_word(diffword_noun n, book_lang lang)
{
	/* English keeps the JSON's words: a stage is a clause there */
	if (lang != LANG_RU)
		return en_nouns[n == DWN_STAGE ? DWN_CLAUSE : n];
	return ru_nouns[n];
}

const char *diffword_kind(diff_kind k, diffword_noun n, book_lang lang)
{
	if (n == DWN_OWNER)
		k = DIFF_CHANGED;
	if (lang != LANG_RU)
		return n == DWN_OWNER ? en_kinds[DIFF_MOVED] : en_kinds[k];
	return ru_kinds[n == DWN_ROLE ? 1 : n == DWN_SECTION_ROLES ? 2 : 0][k];
}

const char *diffword_left(book_lang lang)
{
	return lang == LANG_RU ? "больше не для этой роли" : "no longer for this role";
}

const char *diffword_was(book_lang lang)
{
	return lang == LANG_RU ? "был" : "was";
}

/* The larger of w and s's width in characters (columns line up in Cyrillic). */
static size_t max_width(size_t w, const char *s)
{
	size_t n = utf8_chars(s, strlen(s));
	return n > w ? n : w;
}

size_t diffword_kind_width(book_lang lang)
{
	size_t w = 0;
	for (int n = 0; n < DWN_COUNT; n++)
		for (int k = 0; k < DIFF_KIND_COUNT; k++)
			w = max_width(w, diffword_kind((diff_kind)k, (diffword_noun)n, lang));
	return w;
}

size_t diffword_noun_width(book_lang lang)
{
	size_t w = 0;
	for (int n = 0; n < DWN_COUNT; n++)
		w = max_width(w, diffword_noun_word((diffword_noun)n, lang));
	return w;
}

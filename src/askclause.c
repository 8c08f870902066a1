/* askclause.c - modal words in an indirect question (askclause.h). */
#include "askclause.h"
#include "util.h"

#include <string.h>

static const char *const ru_ask[] = {"спросите", "спросить", "спроси", "уточните", "уточнить", "уточни",
				     "узнайте", "узнать", "узнай", NULL};
static const char *const ru_question[] = {"что", "чем", "чего", "чему", "как", "какой", "какая", "какое",
					  "какие", "каким", "какую", "когда", "где", "куда", "откуда", "кто",
					  "кого", "кому", "почему", "зачем", "сколько", NULL};
static const char *const en_ask[] = {"ask", "asks", "asked", "asking", NULL};
static const char *const en_question[] = {"how", "what", "whether", "which", "who", "whom",
					  "when", "where", "why", NULL};

/* The clause ends between two words at one of these (or a dash). */
static int ends_clause(const char *text, size_t from, size_t to, int comma_too)
{
	for (size_t k = from; k < to; k++) {
		if (strchr(";:()[]!?.", text[k]) && text[k])
			return 1;
		if (comma_too && text[k] == ',')
			return 1;
		if (text[k] == '\xe2' && k + 2 < to && text[k + 1] == '\x80' &&
		    (text[k + 2] == '\x94' || text[k + 2] == '\x93'))
			return 1;
	}
	return 0;
}

static int has_comma(const char *text, size_t from, size_t to)
{
	return memchr(text + from, ',', to - from) != NULL;
}

/* Whether an asking word is at last, last - 1 or last - 2 ("спросите
 * гостя,", "ask the guest how"), with no clause end between it and last. */
static int asked_before(const words *t, const char *text, size_t last, const char *const *ask)
{
	for (size_t k = last; last - k <= 2; k--) {
		if (str_in_list(t->v[k].w, ask))
			return 1;
		if (!k || ends_clause(text, t->v[k - 1].end, t->v[k].start, 1))
			return 0;
	}
	return 0;
}

int askclause_holds(const words *t, const char *text, size_t i)
{
	/* a question is a few words long: a bounded look back keeps a
	 * sentence of many modal words linear */
	for (size_t j = i; j-- > 0 && i - j <= 20;) {
		size_t gap = t->v[j].end, next = t->v[j + 1].start;
		if (ends_clause(text, gap, next, 0))
			return 0;
		if (t->v[j].cyr || t->v[j + 1].cyr) {
			if (!has_comma(text, gap, next))
				continue;
			/* the clause starts at j + 1: a question after an asking word */
			int question = str_in_list(t->v[j + 1].w, ru_question) ||
				       (j + 2 < t->n && !strcmp(t->v[j + 2].w, "ли"));
			return question && asked_before(t, text, j, ru_ask);
		}
		if (has_comma(text, gap, next))
			return 0;
		if (j && str_in_list(t->v[j].w, en_question) && !ends_clause(text, t->v[j - 1].end, t->v[j].start, 1) &&
		    asked_before(t, text, j - 1, en_ask))
			return 1;
	}
	return 0;
}

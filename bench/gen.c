/* gen.c - writes a large, deterministic standards book (FORMAT.md layout) for the benchmark. */
/*
 * usage: bench/gen [-m MB] [-r ROLES] [-t TERMS] [-s SEED] OUTDIR
 *
 * Writes OUTDIR/book/ (book.lua, terms.md, general.md, principles.md,
 * journey.md, roles/NAME.md, appearance.md) and OUTDIR/book.md, the
 * concatenation of all its Markdown for cmark-gfm and pandoc. The same
 * arguments always give the same bytes (own PRNG, no clock, no locale).
 *
 * Terms are real Russian nouns, adjective + noun pairs and noun + genitive
 * noun phrases. References use the terms in other grammatical cases; each
 * inflected form is checked with the Snowball Russian stemmer (the one
 * svcbook uses) and kept only when it stems like the dictionary form, so
 * every [[reference]] resolves. Roles and terms default to a log scale
 * between 40 roles / 300 terms at 1 MB and 2 000 / 20 000 at 100 MB.
 */
#include <errno.h>
#include <libstemmer.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- PRNG: splitmix64, fixed seed ---- */

static uint64_t rng_state = 0x5eedb00c2026ULL;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); n > 0. */
static size_t rng_below(size_t n)
{
	return (size_t)(rng_next() % (uint64_t)n);
}

static int rng_chance(int percent)
{
	return (int)rng_below(100) < percent;
}

#define PICK(arr) ((arr)[rng_below(sizeof(arr) / sizeof *(arr))])
#define COUNT(arr) (sizeof(arr) / sizeof *(arr))

/* ---- small helpers ---- */

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "gen: out of memory\n");
		exit(2);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

static void mkdir_p(const char *path)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen: cannot create %s: %s\n", path, strerror(errno));
		exit(2);
	}
}

/* ---- output: each file is written, then appended to the concatenation ---- */

static FILE *cat_out;     /* OUTDIR/book.md */
static FILE *cur;         /* the file being written */
static size_t cur_bytes;  /* bytes written to cur */
static size_t total_bytes;
static size_t total_words;  /* words written (runs of non-blank bytes) */
static size_t last_ref_at;  /* total_words at the last [[reference]] */
static int in_word;

static void out_open(const char *path)
{
	cur = fopen(path, "wb");
	if (!cur) {
		fprintf(stderr, "gen: cannot write %s: %s\n", path, strerror(errno));
		exit(2);
	}
	cur_bytes = 0;
}

/* Closes the current file and appends a copy of it to the concatenation. */
static void out_close(const char *path)
{
	if (fclose(cur) != 0) {
		fprintf(stderr, "gen: write error on %s\n", path);
		exit(2);
	}
	cur = NULL;
	if (!cat_out)
		return;
	FILE *in = fopen(path, "rb");
	char block[65536];
	size_t n;
	while (in && (n = fread(block, 1, sizeof block, in)) > 0)
		fwrite(block, 1, n, cat_out);
	if (in)
		fclose(in);
	fputs("\n", cat_out);
}

static void put(const char *s)
{
	size_t n = strlen(s);
	fwrite(s, 1, n, cur);
	for (size_t i = 0; i < n; i++) {
		int blank = s[i] == ' ' || s[i] == '\n';
		total_words += !blank && !in_word;
		in_word = !blank;
	}
	cur_bytes += n;
	total_bytes += n;
}

static void putf(const char *fmt, ...)
{
	char small[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof small) {
		put(small);
		return;
	}
	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	put(big);
	free(big);
}

/* ---- Russian morphology: enough for nouns, adjectives and their cases ---- */

/* Cases: 0 nom, 1 gen, 2 dat, 3 acc, 4 ins, 5 prep (singular); 6 nom,
 * 7 gen, 8 dat, 9 ins, 10 prep (plural). NULL: form not generated (the
 * genitive plural of many nouns has a fleeting vowel the stemmer splits). */
#define NCASES 11

enum gender { MASC, FEM, NEUT };

typedef struct {
	enum gender gender;
	const char *end[NCASES];
} noun_class;

static const noun_class NC_M = {MASC, {"", "а", "у", "", "ом", "е", "ы", "ов", "ам", "ами", "ах"}};
static const noun_class NC_MK = {MASC, {"", "а", "у", "", "ом", "е", "и", "ов", "ам", "ами", "ах"}};
static const noun_class NC_MI = {MASC, {"й", "я", "ю", "й", "ем", "е", "и", "ев", "ям", "ями", "ях"}}; /* -ий */
static const noun_class NC_MS = {MASC, {"ь", "я", "ю", "ь", "ем", "е", "и", "ей", "ям", "ями", "ях"}}; /* -ль */
static const noun_class NC_MZ = {MASC, {"", "а", "у", "", "ом", "е", "и", "ей", "ам", "ами", "ах"}}; /* -ж */
static const noun_class NC_F = {FEM, {"а", "ы", "е", "у", "ой", "е", "ы", NULL, "ам", "ами", "ах"}};
static const noun_class NC_FK = {FEM, {"а", "и", "е", "у", "ой", "е", "и", NULL, "ам", "ами", "ах"}};
static const noun_class NC_FI = {FEM, {"я", "и", "и", "ю", "ей", "и", "и", "й", "ям", "ями", "ях"}}; /* -ия */
static const noun_class NC_FS = {FEM, {"ь", "и", "и", "ь", "ью", "и", "и", "ей", "ям", "ями", "ях"}}; /* -сть */
static const noun_class NC_NI = {NEUT, {"е", "я", "ю", "е", "ем", "и", "я", "й", "ям", "ями", "ях"}}; /* -ие */
static const noun_class NC_NO = {NEUT, {"о", "а", "у", "о", "ом", "е", "а", NULL, "ам", "ами", "ах"}};

typedef struct {
	const char *stem;
	const noun_class *cls;
} noun;

static const noun nouns[] = {
	{"клиент", &NC_M}, {"абонент", &NC_M}, {"договор", &NC_M}, {"тариф", &NC_M},
	{"адрес", &NC_M}, {"сервис", &NC_M}, {"офис", &NC_M}, {"график", &NC_MK},
	{"контакт", &NC_M}, {"документ", &NC_M}, {"регламент", &NC_M}, {"стандарт", &NC_M},
	{"маршрут", &NC_M}, {"баланс", &NC_M}, {"пакет", &NC_M}, {"кабинет", &NC_M},
	{"продукт", &NC_M}, {"проект", &NC_M}, {"результат", &NC_M}, {"вопрос", &NC_M},
	{"ответ", &NC_M}, {"сигнал", &NC_M}, {"канал", &NC_M}, {"процесс", &NC_M},
	{"этап", &NC_M}, {"метод", &NC_M}, {"режим", &NC_M}, {"лимит", &NC_M},
	{"приоритет", &NC_M}, {"комментари", &NC_MI}, {"сценари", &NC_MI}, {"критери", &NC_MI},
	{"сотрудник", &NC_MK}, {"специалист", &NC_M}, {"менеджер", &NC_M}, {"оператор", &NC_M},
	{"инженер", &NC_M}, {"техник", &NC_MK}, {"поставщик", &NC_MK}, {"консультант", &NC_M},
	{"администратор", &NC_M}, {"агент", &NC_M}, {"мастер", &NC_M}, {"монтажник", &NC_MK},
	{"диспетчер", &NC_M}, {"аналитик", &NC_MK}, {"бухгалтер", &NC_M}, {"юрист", &NC_M},
	{"инцидент", &NC_M}, {"дефект", &NC_M}, {"сбой", &NC_M}, {"отказ", &NC_M},
	{"возврат", &NC_M}, {"перерасчет", &NC_M}, {"протокол", &NC_M}, {"журнал", &NC_M},
	{"шаблон", &NC_M}, {"скрипт", &NC_M}, {"чек", &NC_MK}, {"талон", &NC_M},
	{"бланк", &NC_MK}, {"акт", &NC_M}, {"номер", &NC_M}, {"код", &NC_M},
	{"парол", &NC_MS}, {"доступ", &NC_M}, {"заказ", &NC_M}, {"визит", &NC_M},
	{"выезд", &NC_M}, {"ремонт", &NC_M}, {"монтаж", &NC_MZ}, {"демонтаж", &NC_MZ},
	{"аудит", &NC_M}, {"контрол", &NC_MS}, {"мониторинг", &NC_MK}, {"рейтинг", &NC_MK},
	{"бонус", &NC_M}, {"депозит", &NC_M}, {"кредит", &NC_M}, {"счетчик", &NC_MK},
	{"роутер", &NC_M}, {"модем", &NC_M}, {"кабел", &NC_MS}, {"терминал", &NC_M},
	{"склад", &NC_M}, {"филиал", &NC_M}, {"регион", &NC_M}, {"сегмент", &NC_M},
	{"заявк", &NC_FK}, {"жалоб", &NC_F}, {"услуг", &NC_FK}, {"оплат", &NC_F},
	{"систем", &NC_F}, {"форм", &NC_F}, {"карт", &NC_F}, {"схем", &NC_F},
	{"норм", &NC_F}, {"смен", &NC_F}, {"очеред", &NC_FS}, {"проблем", &NC_F},
	{"скидк", &NC_FK}, {"гаранти", &NC_FI}, {"компани", &NC_FI}, {"организаци", &NC_FI},
	{"категори", &NC_FI}, {"консультаци", &NC_FI}, {"операци", &NC_FI}, {"инструкци", &NC_FI},
	{"претензи", &NC_FI}, {"ситуаци", &NC_FI}, {"акци", &NC_FI}, {"лини", &NC_FI},
	{"процедур", &NC_F}, {"программ", &NC_F}, {"платформ", &NC_F}, {"анкет", &NC_F},
	{"квитанци", &NC_FI}, {"подпис", &NC_FS}, {"ответственност", &NC_FS}, {"доступност", &NC_FS},
	{"скорост", &NC_FS}, {"стоимост", &NC_FS}, {"лояльност", &NC_FS}, {"вежливост", &NC_FS},
	{"обслуживани", &NC_NI}, {"подключени", &NC_NI}, {"оборудовани", &NC_NI}, {"решени", &NC_NI},
	{"уведомлени", &NC_NI}, {"сообщени", &NC_NI}, {"соглашени", &NC_NI}, {"приветстви", &NC_NI},
	{"согласовани", &NC_NI}, {"ожидани", &NC_NI}, {"поручени", &NC_NI}, {"отключени", &NC_NI},
	{"качеств", &NC_NO}, {"правил", &NC_NO}, {"окн", &NC_NO}, {"мест", &NC_NO},
};

/* Adjective endings per gender (6 singular cases) and for the plural (5). */
typedef struct {
	const char *sing[3][6];
	const char *plur[5];
} adj_class;

static const adj_class AC_HARD = {
	{{"ый", "ого", "ому", "ый", "ым", "ом"},
	 {"ая", "ой", "ой", "ую", "ой", "ой"},
	 {"ое", "ого", "ому", "ое", "ым", "ом"}},
	{"ые", "ых", "ым", "ыми", "ых"}};
static const adj_class AC_VELAR = {
	{{"ий", "ого", "ому", "ий", "им", "ом"},
	 {"ая", "ой", "ой", "ую", "ой", "ой"},
	 {"ое", "ого", "ому", "ое", "им", "ом"}},
	{"ие", "их", "им", "ими", "их"}};

typedef struct {
	const char *stem;
	const adj_class *cls;
} adjective;

static const adjective adjectives[] = {
	{"срочн", &AC_HARD}, {"планов", &AC_HARD}, {"повторн", &AC_HARD}, {"первичн", &AC_HARD},
	{"личн", &AC_HARD}, {"сервисн", &AC_HARD}, {"гарантийн", &AC_HARD}, {"абонентск", &AC_VELAR},
	{"клиентск", &AC_VELAR}, {"техническ", &AC_VELAR}, {"служебн", &AC_HARD}, {"договорн", &AC_HARD},
	{"платн", &AC_HARD}, {"бесплатн", &AC_HARD}, {"един", &AC_HARD}, {"полн", &AC_HARD},
	{"сезонн", &AC_HARD}, {"региональн", &AC_HARD}, {"федеральн", &AC_HARD}, {"корпоративн", &AC_HARD},
	{"частн", &AC_HARD}, {"финансов", &AC_HARD}, {"почтов", &AC_HARD}, {"телефонн", &AC_HARD},
	{"электронн", &AC_HARD}, {"мобильн", &AC_HARD}, {"резервн", &AC_HARD}, {"аварийн", &AC_HARD},
	{"закрыт", &AC_HARD}, {"открыт", &AC_HARD}, {"отложенн", &AC_HARD}, {"нов", &AC_HARD},
	{"стандартн", &AC_HARD}, {"специальн", &AC_HARD}, {"дополнительн", &AC_HARD}, {"временн", &AC_HARD},
	{"постоянн", &AC_HARD}, {"контрольн", &AC_HARD}, {"итогов", &AC_HARD}, {"ежемесячн", &AC_HARD},
	{"кассов", &AC_HARD}, {"фирменн", &AC_HARD}, {"нормативн", &AC_HARD}, {"оперативн", &AC_HARD},
	{"внепланов", &AC_HARD}, {"удаленн", &AC_HARD}, 
	{"индивидуальн", &AC_HARD}, {"типов", &AC_HARD}, {"сложн", &AC_HARD},
	{"повышенн", &AC_HARD}, {"официальн", &AC_HARD}, {"письменн", &AC_HARD},
	{"устн", &AC_HARD}, {"очередн", &AC_HARD}, {"массов", &AC_HARD},
};

/* A word of the book's vocabulary with its forms that stem like its
 * dictionary form (NULL where a form is missing or stems differently). */
typedef struct {
	char *form[NCASES];  /* nouns: per case; adjectives: filled per gender below */
	char *agree[3][NCASES]; /* adjectives only: per gender of the noun */
	enum gender gender;
} lexeme;

static lexeme *noun_lex, *adj_lex;
static size_t n_nouns, n_adjs;
static struct sb_stemmer *stemmer;

/* The stem svcbook would compute for a lowercase word (see match.c: words
 * ending in -ав/-яв/-ив/-ыв are kept whole). */
static char *stem_of(const char *w)
{
	static const char *const gerund[] = {"ав", "яв", "ив", "ыв"};
	size_t n = strlen(w);
	for (size_t i = 0; i < COUNT(gerund); i++) {
		size_t k = strlen(gerund[i]);
		if (n >= k && strcmp(w + n - k, gerund[i]) == 0)
			return xstrdup(w);
	}
	const sb_symbol *s = sb_stemmer_stem(stemmer, (const sb_symbol *)w, (int)n);
	int len = sb_stemmer_length(stemmer);
	char *r = xmalloc((size_t)len + 1);
	memcpy(r, s, (size_t)len);
	r[len] = '\0';
	return r;
}

/* Keeps form only when it stems like base; frees it otherwise. */
static char *keep_if_same_stem(char *form, const char *base_stem)
{
	char *st = stem_of(form);
	int same = strcmp(st, base_stem) == 0;
	free(st);
	if (same)
		return form;
	free(form);
	return NULL;
}

static void lex_init(void)
{
	stemmer = sb_stemmer_new("russian", "UTF_8");
	if (!stemmer) {
		fprintf(stderr, "gen: no Russian Snowball stemmer\n");
		exit(2);
	}
	noun_lex = calloc(COUNT(nouns), sizeof *noun_lex);
	for (size_t i = 0; i < COUNT(nouns); i++) {
		if (!nouns[i].cls)
			continue;
		lexeme *l = &noun_lex[n_nouns];
		char *base = xasprintf("%s%s", nouns[i].stem, nouns[i].cls->end[0]);
		char *bst = stem_of(base);
		for (int c = 0; c < NCASES; c++)
			if (nouns[i].cls->end[c])
				l->form[c] = keep_if_same_stem(
					xasprintf("%s%s", nouns[i].stem, nouns[i].cls->end[c]), bst);
		l->gender = nouns[i].cls->gender;
		free(bst);
		free(base);
		if (l->form[0])
			n_nouns++;
	}
	adj_lex = calloc(COUNT(adjectives), sizeof *adj_lex);
	for (size_t i = 0; i < COUNT(adjectives); i++) {
		const adj_class *ac = adjectives[i].cls;
		if (!ac)
			continue;
		lexeme *l = &adj_lex[n_adjs];
		char *base = xasprintf("%s%s", adjectives[i].stem, ac->sing[MASC][0]);
		char *bst = stem_of(base);
		for (int g = 0; g < 3; g++)
			for (int c = 0; c < NCASES; c++) {
				const char *e = c < 6 ? ac->sing[g][c] : ac->plur[c - 6];
				l->agree[g][c] = keep_if_same_stem(
					xasprintf("%s%s", adjectives[i].stem, e), bst);
			}
		free(bst);
		free(base);
		int ok = 1;
		for (int g = 0; g < 3; g++)
			ok = ok && l->agree[g][0];
		if (ok)
			n_adjs++;
	}
}

/* ---- terms ---- */

/* A term: an optional adjective, a head noun, an optional genitive noun. */
typedef struct {
	int adj, noun, gen; /* indices into adj_lex / noun_lex, -1 for none */
	char *id;
	char *name;         /* nominative, capitalised */
	int aka;            /* index of another phrase used as aka, -1 for none */
	unsigned cases;     /* bit c: case c can be written */
	size_t uses;
} term;

typedef struct {
	int adj, noun, gen;
} phrase;

static term *terms;
static size_t n_terms;
static phrase *akas;
static size_t n_akas;

/* Capitalises the first Cyrillic letter of s (lowercase а-я and ё). */
static char *capitalise(const char *s)
{
	char *r = xstrdup(s);
	unsigned char *u = (unsigned char *)r;
	if (u[0] == 0xD0 && u[1] >= 0xB0 && u[1] <= 0xBF)
		u[1] = (unsigned char)(u[1] - 0x20); /* а..п -> А..П */
	else if (u[0] == 0xD1 && u[1] >= 0x80 && u[1] <= 0x8F) {
		u[0] = 0xD0; /* р..я -> Р..Я */
		u[1] = (unsigned char)(u[1] + 0x20);
	}
	return r;
}

/* The phrase in case c, or NULL when one of its words lacks that form. */
static char *phrase_form(const phrase *p, int c)
{
	const lexeme *n = &noun_lex[p->noun];
	const char *head = n->form[c];
	if (!head)
		return NULL;
	const char *adj = "";
	if (p->adj >= 0) {
		adj = adj_lex[p->adj].agree[n->gender][c];
		if (!adj)
			return NULL;
	}
	const char *gen = p->gen >= 0 ? noun_lex[p->gen].form[1] : "";
	return xasprintf("%s%s%s%s%s", adj, *adj ? " " : "", head, *gen ? " " : "", gen);
}

/* A distinct key for a phrase: its words' stems (the same as svcbook's key). */
static uint64_t phrase_key(const phrase *p)
{
	uint64_t h = 1469598103934665603ULL;
	int parts[3] = {p->adj, p->noun, p->gen};
	for (int i = 0; i < 3; i++) {
		h = (h ^ (uint64_t)(parts[i] + 2 + i * 1000)) * 1099511628211ULL;
	}
	return h;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Chooses want + nakas distinct phrases: all single nouns first, then
 * random adjective + noun, noun + genitive and three-word phrases. Word
 * stems are distinct per lexeme (checked in lex_check), so distinct
 * (adj, noun, gen) triples give distinct keys. */
static void pick_terms(size_t want, size_t nakas)
{
	size_t total = want + nakas, n = 0, cap = total + 16;
	phrase *all = xmalloc(cap * sizeof *all);
	uint64_t *seen = xmalloc(cap * sizeof *seen);
	size_t nseen = 0;
	for (size_t i = 0; i < n_nouns && n < total; i++) {
		all[n] = (phrase){-1, (int)i, -1};
		seen[nseen++] = phrase_key(&all[n]);
		n++;
	}
	qsort(seen, nseen, sizeof *seen, cmp_u64);
	size_t attempts = 0;
	while (n < total) {
		if (++attempts > total * 200) {
			fprintf(stderr, "gen: cannot find %zu distinct terms\n", total);
			exit(2);
		}
		phrase p;
		int shape = (int)rng_below(3);
		p.noun = (int)rng_below(n_nouns);
		p.adj = shape != 1 ? (int)rng_below(n_adjs) : -1;
		p.gen = shape != 0 ? (int)rng_below(n_nouns) : -1;
		if (p.gen == p.noun || (p.gen >= 0 && !noun_lex[p.gen].form[1]))
			continue;
		uint64_t k = phrase_key(&p);
		if (bsearch(&k, seen, nseen, sizeof *seen, cmp_u64))
			continue;
		/* keep seen sorted: insertion (the lists stay small enough) */
		size_t lo = 0, hi = nseen;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (seen[mid] < k)
				lo = mid + 1;
			else
				hi = mid;
		}
		memmove(seen + lo + 1, seen + lo, (nseen - lo) * sizeof *seen);
		seen[lo] = k;
		nseen++;
		all[n++] = p;
	}
	free(seen);
	/* Shuffle so the glossary is not ordered by shape (Fisher-Yates). */
	for (size_t i = total; i > 1; i--) {
		size_t j = rng_below(i);
		phrase t = all[i - 1];
		all[i - 1] = all[j];
		all[j] = t;
	}
	terms = calloc(want, sizeof *terms);
	akas = xmalloc((nakas ? nakas : 1) * sizeof *akas);
	for (size_t i = 0; i < want; i++) {
		term *t = &terms[i];
		t->adj = all[i].adj;
		t->noun = all[i].noun;
		t->gen = all[i].gen;
		t->id = xasprintf("t%05zu", i + 1);
		char *nom = phrase_form(&all[i], 0);
		t->name = capitalise(nom);
		free(nom);
		t->aka = -1;
		for (int c = 0; c < NCASES; c++) {
			char *f = phrase_form(&all[i], c);
			if (f)
				t->cases |= 1u << c;
			free(f);
		}
	}
	n_terms = want;
	for (size_t i = 0; i < nakas; i++) {
		akas[i] = all[want + i];
		terms[rng_below(want)].aka = (int)i; /* a term may get only the last one */
	}
	n_akas = nakas;
	free(all);
}

/* Two lexemes must never share a stem, or two terms could share a key. */
static void lex_check(void)
{
	size_t n = n_nouns + n_adjs;
	char **st = xmalloc(n * sizeof *st);
	for (size_t i = 0; i < n_nouns; i++)
		st[i] = stem_of(noun_lex[i].form[0]);
	for (size_t i = 0; i < n_adjs; i++)
		st[n_nouns + i] = stem_of(adj_lex[i].agree[MASC][0]);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(st[i], st[j]) == 0) {
				fprintf(stderr, "gen: two words share the stem %s\n", st[i]);
				exit(2);
			}
	for (size_t i = 0; i < n; i++)
		free(st[i]);
	free(st);
}

/* ---- text ---- */

static size_t n_roles, n_stages;

/* Sentence frames per case: the preposition or verb that governs it. */
static const char *const frame_before[NCASES][4] = {
	{"Если", "Когда", "В стандарте", "Здесь"},
	{"без", "для", "от", "после"},
	{"по", "к", "согласно", "благодаря"},
	{"проверяет", "фиксирует", "передаёт", "уточняет"},
	{"вместе с", "перед", "над", "за"},
	{"о", "при", "в", "на"},
	{"Если", "Когда", "В стандарте", "Здесь"},
	{"без", "для", "от", "после"},
	{"по", "к", "согласно", "благодаря"},
	{"вместе с", "перед", "над", "за"},
	{"о", "при", "в", "на"},
};

static const char *const subjects[] = {
	"Сотрудник", "Специалист", "Оператор", "Руководитель смены", "Администратор",
	"Каждый участник процесса", "Ответственный сотрудник", "Дежурный инженер",
};
static const char *const verbs[] = {
	"сообщает клиенту срок и", "вежливо уточняет детали и", "записывает всё в CRM и",
	"не перебивает собеседника и", "проверяет историю обращений и",
	"называет своё имя и", "говорит спокойно и", "подтверждает договорённость и",
};
static const char *const tails[] = {
	"не заставляет клиента ждать дольше двух минут",
	"объясняет, что будет дальше и когда",
	"не использует внутренние сокращения в разговоре",
	"предлагает удобное время для следующего контакта",
	"передаёт вопрос так, чтобы клиенту не пришлось повторять его",
	"благодарит за терпение и извиняется за неудобства",
	"сверяет данные с карточкой в системе учёта",
	"оставляет короткий понятный комментарий в истории",
	"держит обещание и перезванивает в назначенное время",
	"не обсуждает коллег и другие подразделения при клиенте",
};
static const char *const fillers[] = {
	"Это правило действует во всех каналах связи, включая чат и почту.",
	"Нарушение правила разбирается на еженедельной встрече смены.",
	"Клиент должен понимать, кто отвечает за его вопрос и в какой срок.",
	"Исключения согласуются заранее и записываются в журнал смены.",
	"Время ответа считается с момента поступления сообщения в очередь.",
	"Формулировки должны быть простыми, без канцелярита и жаргона.",
	"Сотрудник не обещает того, что не может выполнить сам.",
	"Итог разговора повторяется клиенту своими словами в конце.",
};

/* A [[reference]] to a term in case c, or a role or id reference. */
static void put_term_ref(size_t ti, int c)
{
	term *t = &terms[ti];
	phrase p = {t->adj, t->noun, t->gen};
	char *f = phrase_form(&p, c);
	if (rng_chance(5)) {
		char *cap = capitalise(f);
		free(f);
		f = cap;
	}
	putf("[[%s]]", f);
	free(f);
	t->uses++;
	last_ref_at = total_words;
}

/* Next term to refer to: every term once in order, then random ones. */
static size_t next_term(void)
{
	static size_t cursor;
	if (cursor < n_terms)
		return cursor++;
	return rng_below(n_terms);
}

/* A random case the term can be written in. */
static int term_case(size_t ti)
{
	for (;;) {
		int c = (int)rng_below(NCASES);
		if (terms[ti].cases & (1u << c))
			return c;
	}
}

static void put_ref_sentence(void)
{
	size_t ti = next_term();
	int c = term_case(ti);
	const char *pre = frame_before[c][rng_below(4)];
	if (c == 0 || c == 6) {
		putf("%s ", pre);
		put_term_ref(ti, c);
		putf(" %s, сотрудник %s.", rng_chance(50) ? "задействован" : "упомянут", PICK(tails));
	} else if (c == 3) {
		putf("%s %s ", PICK(subjects), pre);
		put_term_ref(ti, c);
		putf(" и %s.", PICK(tails));
	} else {
		putf("%s %s ", PICK(subjects), PICK(verbs));
		putf("%s ", PICK(tails));
		putf("%s ", pre);
		put_term_ref(ti, c);
		put(".");
	}
}

/* A paragraph of about words words with one [[reference]] per ~40 words
 * of the whole book (lists and tables count too). */
static void put_paragraph(int words)
{
	size_t end = total_words + (size_t)words;
	int col = 0;
	while (total_words < end) {
		size_t before = cur_bytes;
		if (total_words - last_ref_at >= 24) {
			if (rng_chance(8) && n_roles) {
				putf("Вопрос передаётся роли [[@r%04zu]] без задержки.", rng_below(n_roles) + 1);
				last_ref_at = total_words;
			} else if (rng_chance(5) && n_stages) {
				putf("Подробности описаны в разделе [[#s%04zu]].", rng_below(n_stages) + 1);
				last_ref_at = total_words;
			} else {
				put_ref_sentence();
			}
		} else if (rng_chance(50)) {
			put(PICK(fillers));
		} else {
			putf("%s %s %s.", PICK(subjects), PICK(verbs), PICK(tails));
		}
		col += (int)(cur_bytes - before);
		if (total_words < end) {
			if (col > 140) { /* wrap like a human editor, a plain-text reader likes it */
				put("\n");
				col = 0;
			} else {
				put(" ");
			}
		}
	}
	put("\n\n");
}

static void put_list(int items)
{
	const char *bullet = rng_chance(30) ? "1. " : "- ";
	for (int i = 0; i < items; i++) {
		put(bullet);
		if (rng_chance(40)) {
			size_t ti = next_term();
			putf("%s ", frame_before[1][rng_below(4)]);
			put_term_ref(ti, terms[ti].cases & 2 ? 1 : 0);
			putf(": %s;", PICK(tails));
		} else if (rng_chance(10)) {
			putf("~~%s~~ %s;", PICK(tails), PICK(tails));
		} else {
			putf("%s;", PICK(tails));
		}
		put("\n");
	}
	put("\n");
}

static void put_table(int rows)
{
	put("| Ситуация | Что делает сотрудник | Срок |\n| --- | --- | ---: |\n");
	for (int i = 0; i < rows; i++) {
		size_t ti = next_term();
		put("| ");
		put_term_ref(ti, 0);
		putf(" | %s | %zu мин |\n", PICK(tails), rng_below(60) + 1);
	}
	put("\n");
}

static void put_quote(void)
{
	putf("> «%s», — %s.\n\n", PICK(fillers), "так звучит правильная фраза");
}

/* Body of a section: paragraphs, sometimes a list, a table or a quote. */
static void put_body(size_t bytes)
{
	size_t start = cur_bytes;
	do {
		put_paragraph(40 + (int)rng_below(80));
		int r = (int)rng_below(10);
		if (r == 0)
			put_list(3 + (int)rng_below(5));
		else if (r == 1)
			put_table(3 + (int)rng_below(6));
		else if (r == 2)
			put_quote();
		else if (r == 3)
			put("Подробнее: <https://example.ru/standards> и база знаний.\n\n");
	} while (cur_bytes - start < bytes);
}

/* ---- the files ---- */

static const char *const role_nouns[] = {
	"Оператор", "Специалист", "Администратор", "Инженер", "Техник", "Менеджер",
	"Координатор", "Консультант", "Диспетчер", "Кассир",
};
static const char *const role_areas[] = {
	"первой линии", "второй линии", "выездной службы", "офиса продаж", "биллинга",
	"по жалобам", "по подключению", "контакт-центра", "склада", "претензионной группы",
};
static const char *const stage_names[] = {
	"Первое обращение", "Консультация", "Оформление договора", "Подключение",
	"Выезд техника", "Оплата", "Повторное обращение", "Жалоба", "Расторжение",
	"Диагностика", "Возврат оборудования", "Опрос после визита",
};

typedef struct {
	char *id, *name;
	const char *level;
	int line;
} role_rec;

static role_rec *roles;
static size_t *stage_owner; /* per stage: role index */

static double book_mb; /* the size asked for (-m) */

static void write_book_lua(const char *dir)
{
	char *path = xasprintf("%s/book.lua", dir);
	FILE *saved = cat_out;
	cat_out = NULL; /* not Markdown: not in the concatenation */
	out_open(path);
	put("-- Сгенерировано bench/gen: книга для замера скорости svcbook.\n");
	put("title = \"Стандарты клиентского сервиса (нагрузочная книга)\"\n");
	put("organization = \"ООО «Эталон»\"\nlanguage = \"ru\"\nversion = \"bench\"\n");
	put("roles = {\n");
	for (size_t i = 0; i < n_roles; i++)
		putf("  \"%s\",\n", roles[i].id);
	put("}\nautolink_terms = \"none\"\n");
	/* past svcbook's default input limit (64 MB): the 100 MB book is meant */
	if (book_mb > 50)
		putf("max_input_mb = %d\n", (int)(book_mb * 1.3) + 1);
	out_close(path);
	free(path);
	/* the jargon of the text that hunspell-ru lacks, as standards/ has it,
	 * so that the book lints clean with the spelling rule */
	path = xasprintf("%s/dictionary.txt", dir);
	out_open(path);
	put("канцелярит клиент\nбиллинг клиент\n");
	out_close(path);
	cat_out = saved;
	free(path);
}

static void write_terms(const char *dir, size_t bytes)
{
	char *path = xasprintf("%s/terms.md", dir);
	out_open(path);
	put("# Термины и определения {#terms}\n\n");
	put_paragraph(60);
	size_t per = bytes / (n_terms ? n_terms : 1);
	for (size_t i = 0; i < n_terms; i++) {
		term *t = &terms[i];
		putf("## %s {#%s", t->name, t->id);
		if (t->aka >= 0) {
			char *a = phrase_form(&akas[t->aka], 0);
			putf(" aka=\"%s\"", a);
			free(a);
		}
		put("}\n\n");
		size_t start = cur_bytes;
		do
			put_paragraph(25 + (int)rng_below(30));
		while (cur_bytes - start < per);
	}
	out_close(path);
	free(path);
}

static void write_prose_chapter(const char *dir, const char *file, const char *title,
                                const char *id, size_t bytes, const char *const *heads,
                                size_t nheads)
{
	char *path = xasprintf("%s/%s", dir, file);
	out_open(path);
	putf("# %s {#%s}\n\n", title, id);
	put_paragraph(80);
	size_t n = 1 + bytes / 6000, per = bytes / n;
	for (size_t i = 0; i < n; i++) {
		putf("## %s %zu {#%s-%zu}\n\n", heads[i % nheads], i + 1, id, i + 1);
		put_body(per);
		if (rng_chance(30)) {
			putf("### Пример {#%s-%zu-example}\n\n", id, i + 1);
			put_quote();
		}
	}
	out_close(path);
	free(path);
}

static void write_journey(const char *dir)
{
	char *path = xasprintf("%s/journey.md", dir);
	out_open(path);
	put("# Путь клиента: этапы и владельцы {#journey}\n\n");
	put_paragraph(60);
	put("| Этап | Владелец |\n| --- | --- |\n");
	for (size_t i = 0; i < n_stages; i++)
		putf("| [[#s%04zu]] | [[@%s]] |\n", i + 1, roles[stage_owner[i]].id);
	put("\n");
	for (size_t i = 0; i < n_stages; i++) {
		putf("## %s %zu {#s%04zu owner=%s}\n\n", stage_names[i % COUNT(stage_names)],
		     i + 1, i + 1, roles[stage_owner[i]].id);
		put_paragraph(60 + (int)rng_below(60));
	}
	out_close(path);
	free(path);
}

static void write_role(const char *dir, size_t r, size_t bytes)
{
	role_rec *ro = &roles[r];
	char *path = xasprintf("%s/roles/%s.md", dir, ro->id);
	out_open(path);
	putf("# %s {#%s level=%s", ro->name, ro->id, ro->level);
	if (ro->line)
		putf(" line=%d", ro->line);
	put("}\n\n");
	put_paragraph(60);
	putf("## Зона ответственности {#%s-scope}\n\n", ro->id);
	put_paragraph(50);
	put_list(5);
	for (size_t s = 0; s < n_stages; s++) {
		if (stage_owner[s] != r)
			continue;
		putf("## %s {#%s-s%04zu stage=s%04zu}\n\n", stage_names[s % COUNT(stage_names)],
		     ro->id, s + 1, s + 1);
		put_paragraph(60);
		putf("### Приветствие {#%s-s%04zu-greeting}\n\n", ro->id, s + 1);
		put_quote();
		put_paragraph(40);
	}
	putf("## Что запрещено {#%s-forbidden}\n\n", ro->id);
	put_list(4);
	putf("## Эскалация {#%s-escalation}\n\n", ro->id);
	put_table(4);
	size_t k = 0;
	while (cur_bytes < bytes) {
		k++;
		putf("## Ситуация %zu {#%s-case-%zu}\n\n", k, ro->id, k);
		put_body(2500);
		if (rng_chance(40)) {
			putf("### Как говорить {#%s-case-%zu-say}\n\n", ro->id, k);
			put_quote();
			put_paragraph(40);
		}
	}
	out_close(path);
	free(path);
}

static void write_appearance(const char *dir)
{
	char *path = xasprintf("%s/appearance.md", dir);
	out_open(path);
	put("# Внешний вид {#appearance}\n\n");
	put_paragraph(60);
	put("## Общие требования {#appearance-all roles=all}\n\n");
	put_body(1500);
	for (size_t i = 0; i < n_roles; i += 10) {
		putf("## Группа ролей %zu {#appearance-g%zu roles=\"", i / 10 + 1, i / 10 + 1);
		for (size_t j = i; j < i + 10 && j < n_roles; j++)
			putf("%s%s", j > i ? " " : "", roles[j].id);
		put("\"}\n\n");
		put_body(800);
	}
	out_close(path);
	free(path);
}

static void make_roles(void)
{
	roles = calloc(n_roles, sizeof *roles);
	for (size_t i = 0; i < n_roles; i++) {
		roles[i].id = xasprintf("r%04zu", i + 1);
		roles[i].name = xasprintf("%s %s, группа %zu", role_nouns[i % COUNT(role_nouns)],
		                          role_areas[(i / COUNT(role_nouns)) % COUNT(role_areas)], i + 1);
		int lv = (int)(i % 10);
		roles[i].level = lv < 6 ? "provider" : lv < 9 ? "support" : "management";
		roles[i].line = lv < 9 ? 1 + (int)(i % 3) : 0;
	}
	stage_owner = xmalloc((n_stages ? n_stages : 1) * sizeof *stage_owner);
	for (size_t s = 0; s < n_stages; s++)
		stage_owner[s] = (s * 7) % n_roles; /* spread over the roles, deterministic */
}

static void usage(void)
{
	fputs("usage: gen [-m MB] [-r ROLES] [-t TERMS] [-s SEED] OUTDIR\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	double mb = 1;
	long want_roles = 0, want_terms = 0;
	const char *outdir = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-m") && i + 1 < argc)
			mb = atof(argv[++i]);
		else if (!strcmp(argv[i], "-r") && i + 1 < argc)
			want_roles = atol(argv[++i]);
		else if (!strcmp(argv[i], "-t") && i + 1 < argc)
			want_terms = atol(argv[++i]);
		else if (!strcmp(argv[i], "-s") && i + 1 < argc)
			rng_state = strtoull(argv[++i], NULL, 0);
		else if (argv[i][0] == '-' || outdir)
			usage();
		else
			outdir = argv[i];
	}
	if (!outdir || mb <= 0)
		usage();
	/* Log scale: 1 MB -> 40 roles, 300 terms; 100 MB -> 2000, 20000. */
	double f = log10(mb) / 2;
	if (!want_roles)
		want_roles = lround(40 * pow(50, f));
	if (!want_terms)
		want_terms = lround(300 * pow(20000.0 / 300, f));
	n_roles = want_roles < 1 ? 1 : (size_t)want_roles;
	n_stages = n_roles / 4 < 12 ? 12 : n_roles / 4;

	lex_init();
	lex_check();
	pick_terms(want_terms < 1 ? 1 : (size_t)want_terms, (size_t)want_terms / 10);
	make_roles();

	size_t target = (size_t)(mb * 1e6);
	book_mb = mb;
	char *book = xasprintf("%s/book", outdir);
	char *roles_dir = xasprintf("%s/roles", book);
	mkdir_p(outdir);
	mkdir_p(book);
	mkdir_p(roles_dir);
	char *cat_path = xasprintf("%s/book.md", outdir);
	cat_out = fopen(cat_path, "wb");
	if (!cat_out) {
		fprintf(stderr, "gen: cannot write %s\n", cat_path);
		return 2;
	}
	static const char *const gen_heads[] = {"Область применения", "Ответственность",
	                                        "Сроки", "Каналы связи", "Учёт обращений"};
	static const char *const pr_heads[] = {"Клиент важнее процедуры", "Одно окно",
	                                       "Честность", "Скорость", "Уважение"};
	write_book_lua(book);
	/* terms ~ 150 bytes per term plus definitions; at least 6 % of the book */
	size_t terms_bytes = target / 16 > n_terms * 400 ? target / 16 : n_terms * 400;
	write_terms(book, terms_bytes);
	write_prose_chapter(book, "general.md", "Общие положения", "general", target / 25,
	                    gen_heads, COUNT(gen_heads));
	write_prose_chapter(book, "principles.md", "Принципы", "principles", target / 25,
	                    pr_heads, COUNT(pr_heads));
	write_journey(book);
	/* roles share what is left, minus room for the appearance chapter */
	size_t appear = 3000 + n_roles * 160;
	for (size_t r = 0; r < n_roles; r++) {
		/* each role gets an equal share of what is still missing */
		size_t used = total_bytes + appear;
		size_t share = target > used ? (target - used) / (n_roles - r) : 0;
		write_role(book, r, share);
	}
	write_appearance(book);
	fclose(cat_out);

	size_t unused = 0, nrefs = 0;
	for (size_t i = 0; i < n_terms; i++) {
		unused += terms[i].uses == 0;
		nrefs += terms[i].uses;
	}
	fprintf(stderr, "gen: %s: %.2f MB of Markdown, %zu words, %zu roles, %zu stages, "
	                "%zu terms (%zu aka), %zu term references (one per %.0f words), "
	                "%zu terms unused\n",
	        book, total_bytes / 1e6, total_words, n_roles, n_stages, n_terms, n_akas, nrefs,
	        nrefs ? (double)total_words / (double)nrefs : 0.0, unused);
	free(cat_path);
	free(roles_dir);
	free(book);
	sb_stemmer_delete(stemmer);
	return 0;
}

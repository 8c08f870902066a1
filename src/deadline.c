/* deadline.c - the deadline of an obligation, read from its words. */
#include "deadline.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int is(const words *t, size_t i, const char *w)
{
	return i < t->n && !strcmp(t->v[i].w, w);
}

static int starts(const char *w, const char *prefix)
{
	return !strncmp(w, prefix, strlen(prefix));
}

/* What may follow a trigger: a duration, a time of day, or (when neither
 * does) words kept as text. "до", "к" and "by" are common words: only a
 * time of day after them is a deadline; "не более" only a duration. */
enum { AFTER_DURATION = 1, AFTER_CLOCK = 2, AFTER_TEXT = 4 };

/* The words after a trigger: the index of the first, or 0 when none at i;
 * *after: what may follow it. */
static size_t trigger_at(const words *t, size_t i, int *after)
{
	/* most words start with none of the triggers' letters (в, н, д, к, w,
	 * n, b): told by their first bytes, before any strcmp */
	const unsigned char *w = (const unsigned char *)t->v[i].w;
	if (!(w[0] == 0xD0 && (w[1] == 0xB2 || w[1] == 0xBD || w[1] == 0xB4 || w[1] == 0xBA)) && w[0] != 'w' &&
	    w[0] != 'n' && w[0] != 'b')
		return 0;
	*after = AFTER_DURATION | AFTER_TEXT;
	if (is(t, i, "в") && (is(t, i + 1, "течение") || is(t, i + 1, "течении") || is(t, i + 1, "пределах")))
		return i + 2;
	if (is(t, i, "within"))
		return i + 1;
	if (is(t, i, "не") && is(t, i + 1, "дольше"))
		return i + 2;
	*after = AFTER_DURATION | AFTER_CLOCK | AFTER_TEXT;
	if (is(t, i, "не") && (is(t, i + 1, "позднее") || is(t, i + 1, "позже")))
		return i + 2;
	if ((is(t, i, "no") || is(t, i, "not")) && is(t, i + 1, "later") && is(t, i + 1 + 1, "than"))
		return i + 3;
	*after = AFTER_DURATION;
	if (is(t, i, "не") && is(t, i + 1, "более"))
		return i + 2;
	if ((is(t, i, "no") || is(t, i, "not")) && is(t, i + 1, "more") && is(t, i + 1 + 1, "than"))
		return i + 3;
	/* "с 9:00 до 18:00" is a span of hours, not a deadline; nor is the
	 * end of a permission ("может выехать до 12:00": oblig marks it) */
	*after = AFTER_CLOCK;
	if ((is(t, i, "до") && !(i && t->v[i - 1].num) && !t->v[i].permit) || is(t, i, "к") || is(t, i, "by"))
		return i + 1;
	return 0;
}

typedef struct {
	const char *w;
	double v;
} number_word;

/* Numbers in words, in the forms a duration takes ("двух", "пятнадцати"). */
static const number_word numbers[] = {
	{"один", 1}, {"одна", 1}, {"одно", 1}, {"одного", 1}, {"одной", 1}, {"одну", 1},
	{"полтора", 1.5}, {"полторы", 1.5}, {"полутора", 1.5},
	{"два", 2}, {"две", 2}, {"двух", 2}, {"три", 3}, {"трех", 3}, {"четыре", 4}, {"четырех", 4},
	{"пять", 5}, {"пяти", 5}, {"шесть", 6}, {"шести", 6}, {"семь", 7}, {"семи", 7},
	{"восемь", 8}, {"восьми", 8}, {"девять", 9}, {"девяти", 9}, {"десять", 10}, {"десяти", 10},
	{"двенадцать", 12}, {"двенадцати", 12}, {"четырнадцать", 14}, {"четырнадцати", 14},
	{"пятнадцать", 15}, {"пятнадцати", 15}, {"двадцать", 20}, {"двадцати", 20},
	{"тридцать", 30}, {"тридцати", 30}, {"сорок", 40}, {"сорока", 40},
	{"пятьдесят", 50}, {"пятидесяти", 50}, {"шестьдесят", 60}, {"шестидесяти", 60},
	{"девяносто", 90}, {"девяноста", 90},
	{"a", 1}, {"an", 1}, {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5},
	{"six", 6}, {"seven", 7}, {"eight", 8}, {"nine", 9}, {"ten", 10}, {"twelve", 12},
	{"fourteen", 14}, {"fifteen", 15}, {"twenty", 20}, {"thirty", 30}, {"forty", 40},
	{"fifty", 50}, {"sixty", 60}, {"ninety", 90},
	{NULL, 0}};

static double number_word_value(const char *w)
{
	for (const number_word *n = numbers; n->w; n++)
		if (!strcmp(n->w, w))
			return n->v;
	/* "forty-eight": tens and units joined by a hyphen */
	const char *h = strchr(w, '-');
	if (h && h > w) {
		char *tens = xstrndup(w, (size_t)(h - w));
		double a = number_word_value(tens), b = number_word_value(h + 1);
		free(tens);
		return a >= 20 && b > 0 && b < 10 ? a + b : 0;
	}
	return 0;
}

/* The amount at *i, moving past it; 0 when none. "двадцати четырех" and
 * "1-2" (the upper end) are one amount. */
static double amount_at(const words *t, size_t *i)
{
	if (*i >= t->n)
		return 0;
	const word *w = &t->v[*i];
	if (w->num) {
		double v = w->value;
		(*i)++;
		if (*i < t->n && t->v[*i].num) /* a range "1-2", "1 или 2" would be a word */
			v = t->v[(*i)++].value;
		return v;
	}
	double v = number_word_value(w->w);
	if (v <= 0)
		return 0;
	(*i)++;
	if (v >= 20 && v < 100 && *i < t->n) {
		double u = number_word_value(t->v[*i].w);
		if (u > 0 && u < 10) {
			v += u;
			(*i)++;
		}
	}
	return v;
}

static const char *const ru_day[] = {"день", "дня", "дней", "дню", "дни", "днях", "дн", "сутки", "суток", NULL};
static const char *const ru_hour[] = {"час", "часа", "часов", "часу", "ч", NULL};
static const char *const ru_year[] = {"год", "года", "лет", "году", NULL};

/* The length of one unit in seconds, 0 when w is no unit. */
static long unit_seconds(const char *w)
{
	if (starts(w, "секунд") || !strcmp(w, "сек") || starts(w, "second") || !strcmp(w, "sec") ||
	    !strcmp(w, "secs"))
		return 1;
	if (starts(w, "минут") || !strcmp(w, "мин") || starts(w, "minute") || !strcmp(w, "min") ||
	    !strcmp(w, "mins"))
		return 60;
	if (str_in_list(w, ru_hour) || !strcmp(w, "hour") || !strcmp(w, "hours") || !strcmp(w, "hr") ||
	    !strcmp(w, "hrs") || !strcmp(w, "h"))
		return 3600;
	if (str_in_list(w, ru_day) || !strcmp(w, "day") || !strcmp(w, "days"))
		return 86400;
	if (starts(w, "недел") || !strcmp(w, "week") || !strcmp(w, "weeks"))
		return 7 * 86400;
	if (starts(w, "месяц") || !strcmp(w, "month") || !strcmp(w, "months"))
		return 30 * 86400;
	if (str_in_list(w, ru_year) || !strcmp(w, "year") || !strcmp(w, "years"))
		return 365 * 86400;
	return 0;
}

/* The same unit counted in working time; 0 when it has none. */
static long working_seconds(long unit)
{
	switch (unit) {
	case 3600: return 3600;
	case 86400: return OBLIG_WORKING_DAY;
	case 7 * 86400: return 5 * OBLIG_WORKING_DAY;
	default: return 0;
	}
}

static int is_working(const char *w)
{
	return starts(w, "рабоч") || !strcmp(w, "business") || !strcmp(w, "working");
}

static int is_calendar(const char *w)
{
	return starts(w, "календарн") || !strcmp(w, "calendar");
}

/* A duration from i; returns the index after it, 0 when none is there. */
static size_t duration_at(const words *t, size_t i, oblig_deadline *dl)
{
	/* "получаса", "полчаса", "half an hour" */
	if (is(t, i, "получаса") || is(t, i, "полчаса")) {
		dl->kind = OBLIG_DL_CALENDAR;
		dl->seconds = 1800;
		return i + 1;
	}
	if (is(t, i, "half") && (is(t, i + 1, "an") || is(t, i + 1, "a")) && is(t, i + 2, "hour")) {
		dl->kind = OBLIG_DL_CALENDAR;
		dl->seconds = 1800;
		return i + 3;
	}
	size_t j = i;
	double v;
	if (is(t, j, "следующего") || is(t, j, "следующих")) {
		v = 1, j++;
	} else if (is(t, j, "the") && is(t, j + 1, "next")) {
		v = 1, j += 2;
	} else {
		v = amount_at(t, &j);
		if (v <= 0)
			v = 1; /* "в течение часа", "within the hour" */
	}
	if (j == i && is(t, j, "the"))
		j++;
	int working = 0;
	if (j < t->n && is_working(t->v[j].w))
		working = 1, j++;
	else if (j < t->n && is_calendar(t->v[j].w))
		j++;
	long unit = j < t->n ? unit_seconds(t->v[j].w) : 0;
	if (!unit)
		return 0;
	if (working && !(unit = working_seconds(unit)))
		return 0;
	dl->kind = working ? OBLIG_DL_WORKING : OBLIG_DL_CALENDAR;
	dl->seconds = lround(v * (double)unit);
	return j + 1;
}

/* Two digits of minutes ("00".."59"): their value, -1 when w is none. */
static long minutes_of(const char *w)
{
	if (!(w[0] >= '0' && w[0] <= '5' && w[1] >= '0' && w[1] <= '9' && !w[2]))
		return -1;
	return (w[0] - '0') * 10 + (w[1] - '0');
}

/* "pm"/"p.m." (1), "am"/"a.m." (0) at i, *e past it; -1 when neither. */
static int half_day_at(const words *t, size_t i, size_t *e)
{
	int pm;
	if ((pm = is(t, i, "pm")) || is(t, i, "am")) {
		*e = i + 1;
		return pm;
	}
	if (((pm = is(t, i, "p")) || is(t, i, "a")) && is(t, i + 1, "m")) {
		*e = i + 2;
		return pm;
	}
	return -1;
}

/* A time of day from i ("18:00", "9:30", "18.00", "6 pm", "6:30 p.m.",
 * "полудня", "noon", "полуночи", "midnight"); returns the index after it,
 * 0 when none is there. */
static size_t clock_at(const words *t, const char *text, size_t i, oblig_deadline *dl)
{
	long h, m = 0;
	size_t e = i + 1;
	if (is(t, i, "полудня") || is(t, i, "noon")) {
		h = 12;
	} else if (is(t, i, "полуночи") || is(t, i, "midnight")) {
		h = 24;
	} else if (i < t->n && t->v[i].num) {
		const word *w = &t->v[i];
		const char *dot = strchr(w->w, '.');
		h = strtol(w->w, NULL, 10);
		if (dot && text[w->start + (size_t)(dot - w->w)] == '.') { /* "18.00", not "1,5" */
			m = minutes_of(dot + 1);
		} else if (dot) {
			return 0;
		} else if (e < t->n && t->v[e].num && t->v[e].start == w->end + 1 && text[w->end] == ':') {
			m = minutes_of(t->v[e++].w);
		} else {
			m = -2; /* "6" alone: a time only with am/pm */
		}
		size_t after;
		int pm = half_day_at(t, e, &after);
		if (pm >= 0 && h >= 1 && h <= 12 && m != -1) {
			h = h % 12 + (pm ? 12 : 0);
			m = m < 0 ? 0 : m;
			e = after;
		}
		if (m < 0 || h > 24 || (h == 24 && m))
			return 0;
	} else {
		return 0;
	}
	dl->kind = OBLIG_DL_CLOCK;
	dl->seconds = h * 3600 + m * 60;
	return e;
}

/* ---- Lead times before an event ---- */

/* Whether a punctuation mark stands between words a and a + 1. */
static int punct_between(const words *t, const char *text, size_t a)
{
	for (size_t k = t->v[a].end; k < t->v[a + 1].start; k++)
		if (strchr(",;:.()!?", text[k]))
			return 1;
	return 0;
}

/* A word that names only part of an event ("до начала смены"). */
static int event_head(const char *w)
{
	return !strcmp(w, "начала") || !strcmp(w, "окончания") || !strcmp(w, "конца") || !strcmp(w, "start") ||
	       !strcmp(w, "end") || !strcmp(w, "beginning");
}

/* Whether a Cyrillic word ends as a noun in the genitive may ("заезда",
 * "прибытия", "смены"): after "накануне", the event; a verb ("позвонить")
 * or an adverb ("вечером") is not. */
static int genitive_like(const word *x)
{
	const char *w = x->w;
	size_t n = strlen(w);
	if (n < 4 || !x->cyr)
		return 0;
	const char *e = w + n - 2;
	return !strcmp(e, "а") || !strcmp(e, "я") || !strcmp(e, "и") || !strcmp(e, "ы");
}

/* The words of the event after a lead time, from ev: its first word (past
 * an article), and one more when the first names only part of it ("до
 * начала смены"). Returns the index after them; ev when none follows. */
static size_t event_end(const words *t, const char *text, size_t ev, int genitive_only)
{
	if (ev == 0 || ev >= t->n || punct_between(t, text, ev - 1))
		return ev;
	size_t k = ev;
	if ((is(t, k, "the") || is(t, k, "a") || is(t, k, "an")) && k + 1 < t->n && !punct_between(t, text, k))
		k++;
	if (genitive_only && !genitive_like(&t->v[k]))
		return ev;
	k++;
	if (event_head(t->v[k - 1].w) && k < t->n && !punct_between(t, text, k - 1)) {
		if (is(t, k, "of") && k + 1 < t->n && !punct_between(t, text, k))
			k++;
		k++;
	}
	return k;
}

/* Which words a sentence has that a lead time ends with: LEAD_RU ("до",
 * "накануне"), LEAD_EN ("before", "prior"). Most sentences have none, and
 * are not looked through for one. */
enum { LEAD_RU = 1, LEAD_EN = 2 };

static int lead_words(const words *t, size_t from)
{
	int f = 0;
	for (size_t i = from; i < t->n; i++) {
		const char *w = t->v[i].w;
		if (is(t, i, "до") || is(t, i, "накануне"))
			f |= LEAD_RU;
		else if (w[0] == 'b' || w[0] == 'p')
			f |= !strcmp(w, "before") || !strcmp(w, "prior") ? LEAD_EN : 0;
	}
	return f;
}

/* Words that may open a lead time: "не позднее (чем)", "не позже",
 * "не менее", "не меньше", "минимум", "как минимум"; "no later than",
 * "not later than", "no less than", "not less than", "at least". Returns
 * the index after them (i when none). */
static size_t lead_prefix(const words *t, size_t i)
{
	size_t p = i;
	if (is(t, i, "не") && (is(t, i + 1, "позднее") || is(t, i + 1, "позже") || is(t, i + 1, "менее") ||
			       is(t, i + 1, "меньше")))
		p = i + 2;
	else if (is(t, i, "как") && is(t, i + 1, "минимум"))
		p = i + 2;
	else if (is(t, i, "минимум"))
		p = i + 1;
	else if ((is(t, i, "no") || is(t, i, "not")) && (is(t, i + 1, "later") || is(t, i + 1, "less")) &&
		 is(t, i + 2, "than"))
		p = i + 3;
	else if (is(t, i, "at") && is(t, i + 1, "least"))
		p = i + 2;
	if (p > i && is(t, p, "чем"))
		p++;
	return p;
}

/* A lead time before an event from word i: "за 2 часа до заезда", "не
 * позднее чем за сутки до", "не менее 2 часов до", "накануне заезда";
 * "2 hours before check-in", "at least 30 minutes before the shift",
 * "no later than an hour prior to", "the day before arrival". *dl gets
 * it (OBLIG_DL_BEFORE; a lead time in working days, which cannot be
 * ordered against calendar time, as text); *lead: the index after its
 * own words ("до", "before" included); returns the index after the
 * event's words, 0 when there is no lead time at i. flags: lead_words. */
static size_t before_at(const words *t, const char *text, size_t i, int flags, oblig_deadline *dl, size_t *lead)
{
	size_t p = lead_prefix(t, i), e, ev;
	if (is(t, p, "накануне")) {
		dl->kind = OBLIG_DL_BEFORE;
		dl->seconds = 86400;
		*lead = p + 1;
		return event_end(t, text, p + 1, 1);
	}
	int za = is(t, p, "за");
	if (!za && p == i && !(flags & LEAD_EN))
		return 0; /* a bare duration before "до" is none ("осталось 2 часа до") */
	size_t q = za ? p + 1 : p;
	if (q >= t->n || (!za && p == i && (t->v[q].cyr || unit_seconds(t->v[q].w))))
		return 0; /* bare English: an amount first ("hours before" is none) */
	oblig_deadline d = {0};
	if (!(e = duration_at(t, q, &d)))
		return 0;
	if (is(t, e, "до") && (za || p > i) && flags & LEAD_RU)
		ev = e + 1;
	else if (!za && is(t, e, "before"))
		ev = e + 1;
	else if (!za && is(t, e, "prior") && is(t, e + 1, "to"))
		ev = e + 2;
	else
		return 0;
	*dl = d;
	dl->kind = d.kind == OBLIG_DL_WORKING ? OBLIG_DL_TEXT : OBLIG_DL_BEFORE;
	if (dl->kind == OBLIG_DL_TEXT)
		dl->seconds = 0;
	*lead = ev;
	return event_end(t, text, ev, 0);
}

/* Where an unreadable deadline's words end: the next , ; : . ( or the end. */
static size_t text_end(const char *text, size_t len, size_t from)
{
	size_t k = from;
	while (k < len && !strchr(",;:.()!?", text[k]))
		k++;
	while (k > from && text[k - 1] == ' ')
		k--;
	return k;
}

/* The deadline whose trigger is the first at or after word from: *dl
 * set, its words marked; returns the word after it, 0 when there is none.
 * lead: lead_words of the sentence, read once for all its deadlines (a
 * sentence of many stays linear). */
static size_t deadline_from(words *t, const char *text, size_t len, size_t from, int lead, oblig_deadline *dl)
{
	memset(dl, 0, sizeof *dl);
	for (size_t i = from; i < t->n; i++) {
		int after;
		size_t ev, e;
		if (lead && (e = before_at(t, text, i, lead, dl, &ev))) {
			/* the lead time's words are the deadline's; the event's
			 * ("заезда") say what the duty is about and are shown only */
			for (size_t k = i; k < ev; k++)
				t->v[k].deadline = 1;
			size_t a = t->v[i].start, end = t->v[e - 1].end;
			dl->text = xstrndup(text + a, end - a);
			return ev;
		}
		size_t j = trigger_at(t, i, &after);
		if (!j)
			continue;
		e = after & AFTER_DURATION ? duration_at(t, j, dl) : 0;
		if (!e && after & AFTER_CLOCK)
			e = clock_at(t, text, j, dl);
		if (!e && !(after & AFTER_TEXT))
			continue;
		size_t a = t->v[i].start, end;
		if (e) {
			end = t->v[e - 1].end;
			if (end < len && text[end] == '.' && !strcmp(t->v[e - 1].w, "m")) /* "p.m." */
				end++;
		} else {
			dl->kind = OBLIG_DL_TEXT;
			dl->seconds = 0;
			end = text_end(text, len, t->v[j - 1].end);
			for (e = j; e < t->n && t->v[e].start < end; e++)
				;
		}
		for (size_t k = i; k < e; k++)
			t->v[k].deadline = 1;
		dl->text = xstrndup(text + a, end - a);
		return e > i ? e : i + 1;
	}
	return 0;
}

void deadline_find(words *t, const char *text, size_t len, oblig_deadline *dl)
{
	deadline_from(t, text, len, 0, lead_words(t, 0), dl);
}

size_t deadline_find_all(words *t, const char *text, size_t len, oblig_deadline *first, oblig_deadline **more)
{
	int lead = lead_words(t, 0);
	size_t at = deadline_from(t, text, len, 0, lead, first), n = 0, cap = 0;
	*more = NULL;
	while (at) {
		oblig_deadline d;
		if (!(at = deadline_from(t, text, len, at, lead, &d)))
			break;
		*more = xgrow(*more, &cap, n + 1, sizeof **more);
		(*more)[n++] = d;
	}
	return n;
}

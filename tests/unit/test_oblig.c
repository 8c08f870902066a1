/* test_oblig.c - unit tests of the obligation finder (src/oblig.c): strength,
 * negation and deadline of each sentence, and the effect of changing one
 * sentence into another, on a corpus of Russian and English pairs. */
#include "oblig.h"
#include "obligtab.h"
#include "words.h"
#include "reader.h"
#include "unit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A sentence's obligations in short: "must c900" (strength, then the
 * deadline: c/w + seconds of calendar/working time, k + seconds after
 * midnight of a time of day, b + seconds of a lead time before an event,
 * t:TEXT unreadable, - none); "!" after the
 * strength marks negated ("should!" = should not); several obligations
 * joined by " + "; "none" for a sentence with none. */
static void summary(const oblig_list *l, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = '\0';
	if (!l->n)
		snprintf(out, cap, "none");
	for (size_t i = 0; i < l->n && o < cap; i++) {
		const oblig *ob = &l->v[i];
		const char *neg = ob->negated && ob->strength != OBLIG_MUST_NOT ? "!" : "";
		char dl[160];
		switch (ob->deadline.kind) {
		case OBLIG_DL_CALENDAR: snprintf(dl, sizeof dl, "c%ld", ob->deadline.seconds); break;
		case OBLIG_DL_WORKING: snprintf(dl, sizeof dl, "w%ld", ob->deadline.seconds); break;
		case OBLIG_DL_TEXT: snprintf(dl, sizeof dl, "t:%s", ob->deadline.text); break;
		case OBLIG_DL_CLOCK: snprintf(dl, sizeof dl, "k%ld", ob->deadline.seconds); break;
		case OBLIG_DL_BEFORE: snprintf(dl, sizeof dl, "b%ld", ob->deadline.seconds); break;
		default: snprintf(dl, sizeof dl, "-"); break;
		}
		o += (size_t)snprintf(out + o, cap - o, "%s%s%s %s", i ? " + " : "",
				      oblig_strength_name(ob->strength), neg, dl);
	}
}

static void expect_sentence(const char *text, const oblig_list *l, const char *want)
{
	char got[512], what[600], detail[1200];
	summary(l, got, sizeof got);
	snprintf(what, sizeof what, "\"%s\"", text);
	snprintf(detail, sizeof detail, "want %s, got %s", want, got);
	ok_detail(!strcmp(got, want), what, detail);
}

/* One pair: old and new text, what each obliges, and the effect. */
typedef struct {
	const char *old, *old_want;
	const char *new, *new_want;
	const char *effect;
} pair_case;

static const pair_case pairs[] = {
	/* Russian: a duty appears, goes, rises and falls */
	{"Оператор отвечает на звонок.", "none",
	 "Оператор должен ответить на звонок.", "must -", "stronger"},
	{"Оператор должен ответить на звонок.", "must -",
	 "Оператор отвечает на звонок.", "none", "weaker"},
	{"Оператору следует уточнить номер заказа.", "should -",
	 "Оператор обязан уточнить номер заказа.", "must -", "stronger"},
	{"Оператор обязан уточнить номер заказа.", "must -",
	 "Оператор может уточнить номер заказа.", "may -", "weaker"},
	{"Оператор может предложить компенсацию.", "may -",
	 "Оператору рекомендуется предложить компенсацию.", "should -", "stronger"},
	{"Менеджеру желательно перезвонить клиенту.", "should -",
	 "Менеджер вправе перезвонить клиенту.", "may -", "weaker"},
	{"Инженер должна оформить акт.", "must -",
	 "Инженер обязана оформить акт.", "must -", "editorial"},
	{"Сотрудники должны носить бейдж.", "must -",
	 "Все сотрудники должны носить бейдж с именем.", "must -", "editorial"},
	{"Необходимо записать номер обращения.", "must -",
	 "Требуется записать номер обращения.", "must -", "editorial"},
	{"Оператор всегда представляется.", "must -",
	 "Оператор представляется.", "none", "weaker"},
	{"Опоздание допускается по согласованию.", "may -",
	 "Опоздание не допускается.", "must-not -", "stronger"},
	/* Russian negation */
	{"Оператор не должен перебивать клиента.", "must-not -",
	 "Оператору не следует перебивать клиента.", "should! -", "weaker"},
	{"Оператору не следует перебивать клиента.", "should! -",
	 "Оператору запрещено перебивать клиента.", "must-not -", "stronger"},
	{"Перебивать клиента нельзя.", "must-not -",
	 "Перебивать клиента не рекомендуется.", "should! -", "weaker"},
	{"Оператор никогда не перебивает клиента.", "must-not -",
	 "Оператор не перебивает клиента.", "none", "weaker"},
	{"Оператор должен назвать своё имя.", "must -",
	 "Оператор не должен называть своё имя.", "must-not -", "mixed"},
	{"Инженер обязан согласовать визит.", "must -",
	 "Инженер не обязан согласовывать визит.", "may! -", "weaker"},
	{"Передавать пароль третьим лицам запрещается.", "must-not -",
	 "Передавать пароль третьим лицам не запрещено.", "may -", "weaker"},
	{"Оператор должен не допускать пауз дольше минуты.", "must-not -",
	 "Оператор должен не допускать пауз дольше минуты.", "must-not -", "editorial"},
	{"Курить в зале недопустимо.", "must-not -",
	 "Курить в зале нежелательно.", "should! -", "weaker"},
	{"Менеджер не вправе отменять заказ.", "must-not -",
	 "Менеджер вправе отменить заказ.", "may -", "weaker"},
	/* Russian: ambiguous wording is not an obligation */
	{"Может потребоваться выезд инженера.", "none",
	 "Необходим выезд инженера.", "must -", "stronger"},
	{"Оператор не может ответить сразу.", "none",
	 "Оператор должен ответить сразу.", "must -", "stronger"},
	{"Ожидание может занять до часа.", "none",
	 "Ожидание может быть долгим.", "none", "editorial"},
	{"Делайте всё как следует.", "none",
	 "Оператор не всегда отвечает сразу.", "none", "editorial"},
	/* Russian: two modals, the strongest; each compared in turn, so
	 * "может предложить воду" -> "обязан предложить воду" is stronger
	 * though the strongest word (всегда) is the same */
	{"Оператор может предложить чай и должен проводить гостя.", "must -",
	 "Оператор может предложить чай и проводить гостя.", "may -", "weaker"},
	{"Оператор всегда здоровается и может предложить воду.", "must -",
	 "Оператор всегда здоровается и обязан предложить воду.", "must -", "stronger"},
	/* every modal word and every deadline of a sentence (the PawCare
	 * trial's 5.1.4 and 5.4.1 were editorial) */
	{"The receptionist must not give medical advice, must not guess a diagnosis, and must never swear.",
	 "must-not -",
	 "The receptionist should not give medical advice, should not guess a diagnosis, and must never swear.",
	 "must-not -", "weaker"},
	{"The manager must acknowledge it within 1 working day and answer within 5 working days.", "must w28800",
	 "The manager must acknowledge it within 1 working day and answer within 10 working days.", "must w28800",
	 "weaker"},
	{"The manager must acknowledge it within 1 working day and answer within 5 working days.", "must w28800",
	 "The manager must acknowledge it within 1 working day and answer within 2 working days.", "must w28800",
	 "stronger"},
	{"The manager must acknowledge it within 1 working day and answer within 5 working days.", "must w28800",
	 "The manager must acknowledge it within 1 working day and answer.", "must w28800", "weaker"},
	/* a repeated modal dropped is a rewording; a new one is stronger */
	{"The nurse must weigh the patient and must record its temperature.", "must -",
	 "The nurse must weigh the patient and record its temperature.", "must -", "editorial"},
	{"The nurse must weigh the patient.", "must -",
	 "The nurse may ask the owner and must weigh the patient.", "must -", "stronger"},
	{"Staff must not give advice, must not guess, and must never swear.", "must-not -",
	 "Staff should not give advice or guess, and must never swear.", "must-not -", "weaker"},
	/* quoted words oblige nothing; the words around them do */
	{"Say: \"How can I help you today?\"", "none",
	 "Say: “How can I help you and your pet today?”", "none", "editorial"},
	{"Скажите: «Чем я могу вам помочь?»", "none",
	 "Скажите: „Чем я могу помочь?“", "none", "editorial"},
	{"The agent must never say \"We can do nothing\".", "must-not -",
	 "The agent should never say \"We can do nothing\".", "should! -", "weaker"},
	{"The agent must use a 3.5\" screen.", "must -",
	 "The agent may use a 3.5\" screen.", "may -", "weaker"},
	/* a prohibition however it is put */
	{"Under no circumstances should the receptionist shout.", "must-not -",
	 "The receptionist must not shout.", "must-not -", "editorial"},
	{"Under no circumstances leave the desk.", "must-not -",
	 "Never leave the desk.", "must-not -", "editorial"},
	{"Ни в коем случае не следует спорить с клиентом.", "must-not -",
	 "Запрещено спорить с клиентом.", "must-not -", "editorial"},
	{"Ни в коем случае не оставляйте стойку.", "must-not -",
	 "Нельзя оставлять стойку.", "must-not -", "editorial"},
	{"The receptionist has to log every call.", "must -",
	 "The receptionist is expected to log every call.", "must -", "editorial"},
	{"The receptionist does not have to log every call.", "may! -",
	 "The receptionist is not expected to log every call.", "may! -", "editorial"},
	{"This has to do with billing.", "none", "This is about billing.", "none", "editorial"},
	{"Следует всегда уточнять имя клиента.", "should -",
	 "Всегда уточняйте имя клиента.", "must -", "stronger"},
	{"Оператору следует никогда не спорить с клиентом.", "should! -",
	 "Оператор никогда не спорит с клиентом.", "must-not -", "stronger"},
	/* Russian: word order */
	{"Ответить на письмо оператор обязан.", "must -",
	 "Оператор обязан ответить на письмо.", "must -", "editorial"},
	{"Клиенту перезвонить должен менеджер смены.", "must -",
	 "Менеджер смены должен перезвонить клиенту.", "must -", "editorial"},
	/* Russian deadlines */
	{"Оператор должен ответить в течение 15 минут.", "must c900",
	 "Оператор должен ответить в течение 10 минут.", "must c600", "stronger"},
	{"Оператор должен ответить в течение 10 минут.", "must c600",
	 "Оператор должен ответить в течение часа.", "must c3600", "weaker"},
	{"Инженер обязан выехать не позднее 2 рабочих дней.", "must w57600",
	 "Инженер обязан выехать не позднее 2 дней.", "must c172800", "stronger"},
	{"Инженер обязан выехать не позднее 3 дней.", "must c259200",
	 "Инженер обязан выехать не позднее 3 рабочих дней.", "must w86400", "weaker"},
	{"Инженер обязан выехать в течение 5 дней.", "must c432000",
	 "Инженер обязан выехать в течение 3 рабочих дней.", "must w86400", "mixed"},
	{"Менеджер должен ответить в течение 24 часов.", "must c86400",
	 "Менеджер должен ответить в течение суток.", "must c86400", "editorial"},
	{"Менеджер должен ответить в течение двух часов.", "must c7200",
	 "Менеджер должен ответить в течение 2 часов.", "must c7200", "editorial"},
	{"Менеджер должен ответить в течение двадцати четырех часов.", "must c86400",
	 "Менеджер должен ответить в течение 48 часов.", "must c172800", "weaker"},
	{"Возврат следует оформить в течение 1,5 часа.", "should c5400",
	 "Возврат следует оформить в течение получаса.", "should c1800", "stronger"},
	{"Оператор должен ответить.", "must -",
	 "Оператор должен ответить в течение 20 секунд.", "must c20", "stronger"},
	{"Оператор должен ответить в течение 20 секунд.", "must c20",
	 "Оператор должен ответить.", "must -", "weaker"},
	{"Счёт необходимо выставить не позднее следующего рабочего дня.", "must w28800",
	 "Счёт необходимо выставить в течение рабочего дня.", "must w28800", "editorial"},
	{"Ответ обязателен в течение трёх гудков.", "must t:в течение трёх гудков",
	 "Ответ обязателен в течение четырёх гудков.", "must t:в течение четырёх гудков", "editorial"},
	{"Инженер должен приехать в течение разумного срока.", "must t:в течение разумного срока",
	 "Инженер может приехать в течение разумного срока.", "may t:в течение разумного срока", "weaker"},
	{"Жалобу нужно разобрать в течение недели.", "none",
	 "Жалобу необходимо разобрать в пределах 1-2 недель.", "must c1209600", "stronger"},
	{"Менеджер обязан рассмотреть жалобу в течение 4 рабочих часов.", "must w14400",
	 "Менеджер обязан рассмотреть жалобу в течение 1 рабочего дня.", "must w28800", "weaker"},
	{"Оплату следует подтвердить в течение 1 месяца.", "should c2592000",
	 "Оплату следует подтвердить в течение 2 недель.", "should c1209600", "stronger"},
	{"Оператор должен ответить в течение 15 минут.", "must c900",
	 "Оператор может ответить в течение 5 минут.", "may c300", "mixed"},
	/* Russian: times of day (the earlier is stronger) and limits */
	{"Трансфер необходимо заказать не позднее 18:00 накануне выезда.", "must k64800",
	 "Трансфер необходимо заказать не позднее 16:00 накануне выезда.", "must k57600", "stronger"},
	{"Журнал смены нужно передать, менеджер должен сделать это не позднее 07:00.", "must k25200",
	 "Журнал смены нужно передать, менеджер должен сделать это не позже 07:45.", "must k27900", "weaker"},
	{"Горничная должна убрать номер.", "must -",
	 "Горничная должна убрать номер до 15:00.", "must k54000", "stronger"},
	{"Завтрак должен быть готов к 7.30.", "must k27000",
	 "Завтрак должен быть готов к 9:30.", "must k34200", "weaker"},
	{"Ресепшен должен работать с 9:00 до 18:00.", "must -",
	 "Ресепшен должен работать с 9:00 до 20:00.", "must -", "editorial"},
	{"Регистрация должна занимать не более 5 минут.", "must c300",
	 "Регистрация должна занимать не более 3 минут.", "must c180", "stronger"},
	{"Ожидание у стойки должно длиться не дольше 3 минут.", "must c180",
	 "Ожидание у стойки должно длиться не более 5 минут.", "must c300", "weaker"},
	{"Администратор должен выдать не более двух ключей.", "must -",
	 "Администратор должен выдать до 2 ключей.", "must -", "editorial"},
	{"Номер должен быть убран до 15:00.", "must k54000",
	 "Номер должен быть убран в течение 2 часов.", "must c7200", "mixed"},
	{"Номер должен быть убран не позднее полудня.", "must k43200",
	 "Номер должен быть убран не позднее 12:00.", "must k43200", "editorial"},
	{"Отчёт должен быть сдан не позднее 18:00.", "must k64800",
	 "Отчёт должен быть сдан не позднее 18:60.", "must t:не позднее 18", "editorial"},
	/* Russian: a lead time before an event, where longer is stronger
	 * ("за 2 часа до заезда" is stricter than "за 1 час до"), and
	 * "накануне" (the day before) */
	{"Номер должен быть готов за 1 час до заезда гостя.", "must b3600",
	 "Номер должен быть готов за 2 часа до заезда гостя.", "must b7200", "stronger"},
	{"Номер должен быть готов за 2 часа до заезда гостя.", "must b7200",
	 "Номер должен быть готов за 1 час до заезда гостя.", "must b3600", "weaker"},
	{"Сотрудник обязан прийти за 30 минут до начала смены.", "must b1800",
	 "Сотрудник обязан прийти за полчаса до начала смены.", "must b1800", "editorial"},
	{"Менеджер должен проверить номер не позднее чем за час до заезда.", "must b3600",
	 "Менеджер должен проверить номер не менее чем за сутки до заезда.", "must b86400", "stronger"},
	{"Номер должен быть готов.", "must -",
	 "Номер должен быть готов за 2 часа до заезда.", "must b7200", "stronger"},
	{"Номер должен быть готов за 2 часа до заезда.", "must b7200",
	 "Номер должен быть готов в течение 2 часов.", "must c7200", "mixed"},
	{"Номер должен быть готов за 2 часа до заезда.", "must b7200",
	 "Номер должен быть готов до 12:00.", "must k43200", "mixed"},
	{"Администратор должен позвонить гостю за 3 дня до заезда.", "must b259200",
	 "Администратор должен позвонить гостю накануне заезда.", "must b86400", "weaker"},
	{"Накануне заезда администратор должен позвонить гостю.", "must b86400",
	 "Администратор должен позвонить гостю за 2 часа до заезда.", "must b7200", "weaker"},
	{"Администратор должен позвонить гостю в день заезда.", "must -",
	 "Администратор должен позвонить гостю накануне.", "must b86400", "stronger"},
	{"Трансфер необходимо заказать не позднее 18:00 в день выезда.", "must k64800",
	 "Трансфер необходимо заказать не позднее 18:00 накануне выезда.", "must k64800", "stronger"},
	/* not a lead time: "за" without "до" is the time a task takes, a
	 * duration before "до" with no "за" is none, nor is one in working
	 * days (kept as text: it cannot be ordered against calendar time) */
	{"Горничная должна убрать номер за 30 минут.", "must -",
	 "Горничная должна убрать номер за 20 минут.", "must -", "editorial"},
	{"Осталось 2 часа до заезда, администратор должен ждать.", "must -",
	 "Осталось 3 часа до заезда, администратор должен ждать.", "must -", "editorial"},
	{"Номер должен быть проверен не менее чем за 2 рабочих дня до заезда.",
	 "must t:не менее чем за 2 рабочих дня до заезда",
	 "Номер должен быть проверен не менее чем за 3 рабочих дня до заезда.",
	 "must t:не менее чем за 3 рабочих дня до заезда", "editorial"},
	/* Russian: "до" after "может"/"вправе" ends a permission, no deadline */
	{"Гость может выехать до 12:00.", "may -",
	 "Гость может выехать до 14:00.", "may -", "editorial"},
	{"Гость вправе выехать до полудня.", "may -",
	 "Гость вправе выехать до 14:00.", "may -", "editorial"},
	{"До 12:00 гость может выехать без доплаты.", "may -",
	 "До 13:00 гость может выехать без доплаты.", "may -", "editorial"},
	{"Гость может выехать до 12:00, а горничная должна убрать номер до 15:00.", "must k54000",
	 "Гость может выехать до 14:00, а горничная должна убрать номер до 16:00.", "must k57600", "weaker"},
	{"Горничная должна убрать номер до 15:00, гость может выехать до 12:00.", "must k54000",
	 "Горничная должна убрать номер до 15:00, гость может выехать до 14:00.", "must k54000", "editorial"},
	{"Гость не обязан выезжать до 12:00.", "may! -",
	 "Гость не обязан выезжать до 14:00.", "may! -", "editorial"},
	{"Гость может выехать к 12:00.", "may k43200",
	 "Гость может выехать не позднее 14:00.", "may k50400", "weaker"},
	/* English: a duty appears, goes, rises and falls */
	{"The agent answers the call.", "none",
	 "The agent must answer the call.", "must -", "stronger"},
	{"The agent shall log the ticket.", "must -",
	 "The agent should log the ticket.", "should -", "weaker"},
	{"The agent should log the ticket.", "should -",
	 "The agent is required to log the ticket.", "must -", "stronger"},
	{"The agent can offer a refund.", "may -",
	 "The agent is allowed to offer a refund.", "may -", "editorial"},
	{"A follow-up call is recommended.", "should -",
	 "A follow-up call may be made.", "none", "weaker"},
	{"Staff always wear a badge.", "must -",
	 "Staff may wear a badge.", "may -", "weaker"},
	/* English negation */
	{"The agent must not share the password.", "must-not -",
	 "The agent should not share the password.", "should! -", "weaker"},
	{"The agent may not share the password.", "must-not -",
	 "The agent shall not share the password.", "must-not -", "editorial"},
	{"The agent shouldn't interrupt the customer.", "should! -",
	 "The agent must never interrupt the customer.", "must-not -", "stronger"},
	{"Never promise a date you cannot keep.", "must-not -",
	 "Do not promise a date you cannot keep.", "none", "weaker"},
	{"The engineer is required to call ahead.", "must -",
	 "The engineer is not required to call ahead.", "may! -", "weaker"},
	{"Smoking is prohibited on site.", "must-not -",
	 "Smoking is not allowed on site.", "must-not -", "editorial"},
	{"The agent must confirm the address.", "must -",
	 "The agent must not confirm the address.", "must-not -", "mixed"},
	/* English: ambiguous wording */
	{"The agent can't see the order history.", "none",
	 "The agent must see the order history.", "must -", "stronger"},
	{"A visit may be required.", "none",
	 "A visit cannot be arranged on Sundays.", "none", "editorial"},
	{"In May the office closes early.", "none",
	 "The office may close early.", "may -", "stronger"},
	/* English: times of day and limits */
	{"The transfer must be booked by 6 pm.", "must k64800",
	 "The transfer must be booked by 18:00.", "must k64800", "editorial"},
	{"The transfer must be booked by 6 pm the day before.", "must k64800",
	 "The transfer must be booked by 4:30 p.m. the day before.", "must k59400", "stronger"},
	{"The log must be handed over no later than 07:30.", "must k27000",
	 "The log must be handed over no later than 7 am.", "must k25200", "stronger"},
	{"Check-in must take no more than 5 minutes.", "must c300",
	 "Check-in must take not more than 3 minutes.", "must c180", "stronger"},
	{"The agent must reply within 5 minutes.", "must c300",
	 "The agent must reply within 3 minutes.", "must c180", "stronger"},
	{"Staff must be at the desk by midnight.", "must k86400",
	 "Staff must be at the desk by 11 pm.", "must k82800", "stronger"},
	{"Staff must stand by the desk.", "must -",
	 "Staff must stand by 6 desks.", "must -", "editorial"},
	/* English: a lead time before an event, the day before; "until"
	 * after "may" is a permission's end, no deadline */
	{"The room must be ready at least 1 hour before check-in.", "must b3600",
	 "The room must be ready at least 2 hours before check-in.", "must b7200", "stronger"},
	{"Staff must arrive 30 minutes before the shift starts.", "must b1800",
	 "Staff must arrive 15 minutes before the shift starts.", "must b900", "weaker"},
	{"The concierge must call the guest the day before arrival.", "must b86400",
	 "The concierge must call the guest two days before arrival.", "must b172800", "stronger"},
	{"The manager must inspect the room no later than an hour before check-in.", "must b3600",
	 "The manager must inspect the room no later than 2 hours prior to check-in.", "must b7200", "stronger"},
	{"The manager must inspect the room no later than 2 hours before check-in.", "must b7200",
	 "The manager must inspect the room within 2 hours.", "must c7200", "mixed"},
	{"Staff should come hours before the event.", "should -",
	 "Staff should come long before the event.", "should -", "editorial"},
	{"The guest may check out until noon.", "may -",
	 "The guest may check out until 2 pm.", "may -", "editorial"},
	/* English deadlines */
	{"The agent must reply within 2 hours.", "must c7200",
	 "The agent must reply within 1 hour.", "must c3600", "stronger"},
	{"The agent must reply within an hour.", "must c3600",
	 "The agent must reply within 90 minutes.", "must c5400", "weaker"},
	{"Refunds must be issued no later than 3 days after the request.", "must c259200",
	 "Refunds must be issued no later than 3 business days after the request.", "must w86400", "weaker"},
	{"The engineer shall visit within two working days.", "must w57600",
	 "The engineer shall visit within forty-eight hours.", "must c172800", "stronger"},
	{"Complaints should be answered within a week.", "should c604800",
	 "Complaints must be answered within 5 working days.", "must w144000", "mixed"},
	{"The invoice must be sent no later than the next business day.", "must w28800",
	 "The invoice must be sent within one business day.", "must w28800", "editorial"},
	{"The agent must reply within a reasonable time.", "must t:within a reasonable time",
	 "The agent must reply within 30 minutes.", "must c1800", "editorial"},
	{"The agent must reply within half an hour.", "must c1800",
	 "The agent must always reply within 30 minutes.", "must c1800", "editorial"},
	{"The manager must reply within 3 days.", "must c259200",
	 "The manager must reply within 1 week.", "must c604800", "weaker"},
};

static void test_pairs(void)
{
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		const pair_case *p = &pairs[i];
		oblig_list a = {0}, b = {0};
		oblig_find(p->old, &a);
		oblig_find(p->new, &b);
		expect_sentence(p->old, &a, p->old_want);
		expect_sentence(p->new, &b, p->new_want);
		const char *got = oblig_effect_name(oblig_compare(&a, &b, NULL, NULL));
		char what[600], detail[200];
		snprintf(what, sizeof what, "effect of \"%s\" -> \"%s\"", p->old, p->new);
		snprintf(detail, sizeof detail, "want %s, got %s", p->effect, got);
		ok_detail(!strcmp(got, p->effect), what, detail);
		oblig_list_free(&a);
		oblig_list_free(&b);
	}
	char n[32];
	snprintf(n, sizeof n, "%zu", sizeof pairs / sizeof *pairs);
	ok_detail(sizeof pairs / sizeof *pairs >= 60, "the corpus has at least 60 pairs", n);
}

/* Explanation around an obligation is not one; sentences split at ". "
 * before a capital, not after "т. е." or inside "1,5". */
static void test_sentences(void)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"Клиент ценит время. Оператор должен ответить в течение 15 минут. Это важно.", "must c900"},
		{"Оператор вежлив, т. е. не спорит. Он обязан представиться.", "must -"},
		{"Оператор должен ответить. Менеджеру следует перезвонить в течение 2 часов!", "must - + should c7200"},
		{"Why? Because the agent must reply within 3 days… Then the case may be closed.", "must c259200"},
		{"", "none"},
		{"Просто текст без обязанностей", "none"},
		{"Никогда не обещайте невозможного.", "must-not -"},
		/* a modal word in an indirect question obliges nothing */
		{"Поприветствуйте клиента, назовите своё имя и спросите, чем можете помочь.", "none"},
		{"Спросите гостя, может ли он подождать.", "none"},
		{"Уточните у гостя, должен ли он доплатить за поздний выезд.", "none"},
		{"Администратор должен поприветствовать клиента и спросить, чем может помочь.", "must -"},
		{"Спросите имя, вы обязаны записать его.", "must -"},
		{"Спросите гостя о поездке, администратор может предложить такси.", "may -"},
		{"Узнать может только администратор.", "may -"},
		{"Спросите, чем можете помочь; вы обязаны записать ответ.", "must -"},
		{"Greet the customer within ten seconds and ask how you can help.", "none"},
		{"Ask the guest what they may need.", "none"},
		{"You must greet the customer and ask how you can help.", "must -"},
		{"Ask the guest for their name; you must log it.", "must -"},
		{"Ask for the name, and you must log it.", "must -"},
		{"Staff can ask how the stay was.", "may -"},
		{"ОПЕРАТОР ОБЯЗАН ПРЕДСТАВИТЬСЯ.", "must -"},
		{"Оператор обязан уведомить клиента в течение часа (не позднее 3 часов).", "must c3600"},
		/* a modal word in a condition says when, not what */
		{"Если проблему нельзя устранить за один визит, техник должен объяснить причину.", "must -"},
		{"Если проблему нельзя устранить за один визит (нет оборудования), техник объясняет причину.", "none"},
		{"Когда клиент должен ждать, оператор извиняется.", "none"},
		{"If the customer must wait, the agent shall say how long.", "must -"},
		{"Если клиент спрашивает — нельзя отказывать.", "must-not -"},
		/* a quotation opened in an earlier sentence, one never closed,
		 * one after the modal word, one in the next sentence */
		{"Он сказал «Вы. Должны ждать». Оператор должен ответить.", "must -"},
		{"Он сказал Вы. Должны ждать. Оператор должен ответить.", "must - + must -"},
		{"Он сказал «Вы. Должны ждать. Оператор должен ответить.", "must - + must -"},
		{"Оператор должен ответить. Он сказал «должен».", "must -"},
		{"Текст — «цитата». Оператор должен ответить, «не может» сказать.", "must -"},
		{"Say \"Hi. You must wait\". The agent must reply.", "must -"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		oblig_list l = {0};
		oblig_find(cases[i].text, &l);
		expect_sentence(cases[i].text, &l, cases[i].want);
		oblig_list_free(&l);
	}
	oblig_list l = {0};
	oblig_find("Вступление. Оператор должен ответить в течение 15 минут. Итог.", &l);
	ok(l.n == 1 && !strcmp(l.v[0].sentence, "Оператор должен ответить в течение 15 минут."),
	   "the obligation's sentence is kept whole, without its neighbours");
	ok(l.n == 1 && !strcmp(l.v[0].deadline.text, "в течение 15 минут"), "the deadline's words as written");
	buf d;
	buf_init(&d);
	if (l.n)
		oblig_describe(&l.v[0], LANG_RU, &d);
	ok_detail(!strcmp(d.data, "обязательно, в течение 15 минут"), "described in Russian", d.data);
	buf_free(&d);
	oblig_list_free(&l);
}

static void fingerprint_of(const char *text, char out[17])
{
	oblig_list l = {0};
	oblig_find(text, &l);
	oblig_fingerprint(&l, out);
	oblig_list_free(&l);
}

/* Explanation, case, spacing and order do not change the fingerprint; an
 * obligation's words, strength and deadline do. */
static void test_fingerprint(void)
{
	char a[17], b[17], c[17], d[17], e[17], f[17];
	fingerprint_of("Оператор должен ответить в течение 15 минут. Клиент торопится.", a);
	fingerprint_of("Клиенты не любят ждать.  Оператор  должен ответить в течение 15 минут!", b);
	fingerprint_of("Оператор должен ответить в течение 10 минут.", c);
	fingerprint_of("Оператор может ответить в течение 15 минут.", d);
	fingerprint_of("Менеджер должен перезвонить. Оператор должен ответить в течение 15 минут.", e);
	fingerprint_of("Оператор должен ответить в течение 15 минут. Менеджер должен перезвонить.", f);
	ok(strlen(a) == 16 && strspn(a, "0123456789abcdef") == 16, "a fingerprint is 16 hex digits");
	ok_detail(!strcmp(a, b), "explanatory text and spacing do not change the fingerprint", b);
	ok(strcmp(a, c) != 0, "a changed deadline changes it");
	ok(strcmp(a, d) != 0, "a changed strength changes it");
	ok(!strcmp(e, f), "the order of obligations does not change it");
	ok(strcmp(a, e) != 0, "an added obligation changes it");
	char z[17], y[17];
	fingerprint_of("Только пояснение.", z);
	fingerprint_of("Другое пояснение, длиннее.", y);
	ok(!strcmp(z, y) && strcmp(z, a) != 0, "no obligation: one fingerprint, whatever the explanation");
	/* A role's fingerprint is summed from its clauses' parts (manifest.c):
	 * the same as the fingerprint of all their obligations in one list. */
	oblig_list l1 = {0}, l2 = {0}, both = {0};
	oblig_find("Менеджер должен перезвонить.", &l1);
	oblig_find("Оператор должен ответить в течение 15 минут. Кассир обязан выдать чек.", &l2);
	oblig_find("Оператор должен ответить в течение 15 минут. Менеджер должен перезвонить. Кассир обязан выдать чек.", &both);
	uint64_t sum = 0;
	for (size_t i = 0; i < l1.n; i++)
		sum += oblig_item_hash(&l1.v[i]);
	for (size_t i = 0; i < l2.n; i++)
		sum += oblig_item_hash(&l2.v[i]);
	char parts[17], whole[17];
	oblig_fingerprint_finish(sum, l1.n + l2.n, parts);
	oblig_fingerprint(&both, whole);
	ok_detail(!strcmp(parts, whole), "the fingerprint summed from two clauses' parts is that of all their obligations", parts);
	oblig_list_free(&l1);
	oblig_list_free(&l2);
	oblig_list_free(&both);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* A clause read from a book: positions in the file, a lead-in and its list,
 * code that is not read. */
static void test_clause(void)
{
	char dir[] = "/tmp/svcbook-oblig.XXXXXX";
	if (!mkdtemp(dir)) {
		ok(0, "a temporary book folder");
		return;
	}
	char roles[600];
	snprintf(roles, sizeof roles, "%s/roles", dir);
	mkdir(roles, 0700);
	write_file(dir, "book.lua", "title = \"T\"\nlanguage = \"ru\"\n");
	write_file(dir, "general.md",
		   "# Общие положения\n\n## Ответ {#answer}\n\n"
		   "Клиент ждёт. Оператор **должен** ответить\nв течение 15 минут.\n\n"
		   "Оператор обязан:\n\n- представиться;\n- ответить не позднее 2 рабочих дней;\n"
		   "- никогда не спорить.\n\n```\nдолжен в коде\n```\n\n"
		   "| Кто | Что |\n| --- | --- |\n| Менеджер | следует перезвонить |\n");
	book *b = reader_read(dir);
	int c = book_find_id(b, "answer");
	oblig_list l = {0};
	if (c >= 0)
		oblig_clause(b, c, &l);
	char got[512];
	summary(&l, got, sizeof got);
	ok_detail(!strcmp(got, "must c900 + must - + must w57600 + must-not - + should -"),
		  "a clause: a sentence, three list items under their lead-in, a table cell; code not read", got);
	if (l.n == 5) {
		char pos[64];
		snprintf(pos, sizeof pos, "%d:%d", l.v[0].line, l.v[0].col);
		ok_detail(l.v[0].line == 5 && l.v[0].col == 24, "the sentence's line and column (in bytes, as book_pos)", pos);
		snprintf(pos, sizeof pos, "%d:%d", l.v[2].line, l.v[2].col);
		ok_detail(l.v[2].line == 11 && l.v[2].col == 3, "a list item's line and column", pos);
		ok_detail(!strcmp(l.v[1].sentence, "Оператор обязан: представиться;"),
			  "a list item's sentence is its lead-in and itself", l.v[1].sentence);
		ok_detail(!strcmp(l.v[0].sentence, "Оператор должен ответить в течение 15 минут."),
			  "emphasis and line breaks read as text", l.v[0].sentence);
	} else {
		ok(0, "five obligations to look at");
	}
	oblig_list_free(&l);
	book_free(b);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		ok(0, "the temporary book removed");
}

/* ---- The first look (words_any) against the full reading ---- */

/* oblig_item_hash as it was first written: the string it hashes made with
 * buf_printf, then FNV-1a, then splitmix64's finaliser. */
static uint64_t ref_item_hash(const oblig *o)
{
	buf b;
	buf_init(&b);
	buf_printf(&b, "%s|%d|", oblig_strength_name(o->strength), o->negated);
	if (o->deadline.kind == OBLIG_DL_CALENDAR || o->deadline.kind == OBLIG_DL_WORKING)
		buf_printf(&b, "%c%ld", o->deadline.kind == OBLIG_DL_WORKING ? 'w' : 'c', o->deadline.seconds);
	buf_putc(&b, '|');
	words t;
	words_split(&t, o->sentence, strlen(o->sentence));
	for (size_t k = 0; k < t.n; k++)
		buf_printf(&b, "%s%s", k ? " " : "", t.v[k].w);
	words_free(&t);
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < b.len; i++)
		h = (h ^ (unsigned char)b.data[i]) * 1099511628211ULL;
	buf_free(&b);
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

/* Two readings of one sentence agree: strength, negation, deadline. */
static int same_reading(const char *s, size_t len, char *why, size_t cap)
{
	int n1, n2;
	oblig_deadline d1, d2;
	oblig_strength s1 = oblig_sentence(s, len, &n1, &d1);
	oblig_set_first_look(0);
	oblig_strength s2 = oblig_sentence(s, len, &n2, &d2);
	oblig_set_first_look(1);
	int same = s1 == s2 && n1 == n2 && d1.kind == d2.kind && d1.seconds == d2.seconds &&
		   (d1.text && d2.text ? !strcmp(d1.text, d2.text) : d1.text == d2.text);
	if (!same)
		snprintf(why, cap, "\"%.*s\": %s%s %d/%s against %s%s %d/%s", (int)len, s,
			 oblig_strength_name(s1), n1 ? "!" : "", d1.kind, d1.text ? d1.text : "",
			 oblig_strength_name(s2), n2 ? "!" : "", d2.kind, d2.text ? d2.text : "");
	oblig_deadline_free(&d1);
	oblig_deadline_free(&d2);
	return same;
}

/* The pieces generated sentences are made of: every modal word in
 * several cases and spellings (ё, ’, hyphens, a dotted capital I that
 * folds to i), the words around modals that change their reading
 * (negation, conditions, "может быть", "may be", "in May"), deadlines,
 * numbers glued to words, letters of other scripts, punctuation. */
static const char *const pieces[] = {
	"должен", "Должна", "ДОЛЖНО", "должны", "дОлЖеН", "обязан", "Обязана", "обязано", "ОБЯЗАНЫ",
	"обязательно", "обязателен", "обязательна", "обязательны", "необходимо", "Необходим",
	"необходима", "необходимы", "требуется", "Требуются", "запрещено", "запрещён", "ЗАПРЕЩЕНА",
	"запрещены", "запрещается", "запрещаются", "допускается", "Допускаются", "допустимо",
	"недопустимо", "недопустим", "недопустима", "недопустимы", "следует", "Следует",
	"рекомендуется", "рекомендуются", "рекомендовано", "рекомендуем", "желательно",
	"нежелательно", "может", "Могут", "можете", "можем", "можно", "Можно", "вправе", "нельзя",
	"НЕЛЬЗЯ", "всегда", "Всегда", "никогда", "Никогда", "не", "Не", "НЕ", "если", "Если",
	"когда", "как", "быть", "потребоваться", "понадобиться", "оказаться", "занять",
	"не-должен", "должен-то", "обязан’", "должен'", "должеn", "ёлка", "Ёж", "ещё", "всё",
	"оператор", "Оператор", "клиенту", "ответить", "перезвонить", "в", "течение", "течении",
	"пределах", "позднее", "позже", "дольше", "15", "1,5", "2.5", "15мин", "мин", "минут",
	"часа", "часов", "рабочих", "календарных", "дней", "суток", "недели", "получаса",
	"полчаса", "двух", "двадцати", "четырех", "следующего", "рабочего", "дня",
	"must", "Must", "MUST", "shall", "mustn't", "mustn’t", "MUSTN’T", "shan't", "should",
	"Should", "shouldn't", "SHOULDN’T", "may", "May", "MAY", "can", "Can", "need", "needn't",
	"needn’t", "always", "Always", "never", "Never", "prohibited", "PROHİBITED", "forbidden",
	"required", "Required", "recommended", "allowed", "permitted", "not", "Not", "is", "are",
	"be", "been", "was", "to", "if", "If", "when", "unless", "might", "agent", "the",
	"customer", "within", "no", "later", "than", "next", "business", "working", "calendar",
	"day", "days", "hours", "half", "an", "hour", "forty-eight", "twenty", "\xe2\x84\xaa", "café",
	"naïve", "straße", "ǅ", "İ", "µ", "º", "日本", "\xcc\x81", "д\xcc\x81олжен", "\xff", "\xd0",
};

/* Words that are no modal, or nearly one, half the words of a sentence. */
static const char *const filler[] = {
	"оператор", "клиент", "звонок", "заявку", "Менеджер", "должность", "обязанности", "можжевельник",
	"всегдашний", "следующий", "запрет", "нельзяя", "mustard", "shallow", "canary", "mayor",
	"needle", "alwayss", "requirement", "call", "ticket", "Agent", "ответ", "Ответ", "ЖДЁТ",
};

static const char *const glue[] = {
	" ", " ", " ", " ", ", ", " — ", "-", "’", "'", ": ", "; ", "", " (", ") ", "\n", " 15 ",
	" 2,5 ", "\"", "«", "»", "…", "?", "!",
};

/* A fixed pseudo-random sequence: the same sentences every run. */
static unsigned long next_rand(unsigned long *x)
{
	*x = *x * 6364136223846793005UL + 1442695040888963407UL;
	return *x >> 33;
}

/* A generated sentence (without its final punctuation) into s. */
static void gen_sentence(buf *s, unsigned long *x)
{
	size_t np = sizeof pieces / sizeof *pieces, ng = sizeof glue / sizeof *glue;
	size_t nf = sizeof filler / sizeof *filler;
	size_t n = 1 + next_rand(x) % 9;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_puts(s, glue[next_rand(x) % ng]);
		if (next_rand(x) % 3)
			buf_puts(s, filler[next_rand(x) % nf]);
		else
			buf_puts(s, pieces[next_rand(x) % np]);
	}
}

/* Two lists of obligations are the same, field by field. */
static int same_list(const oblig_list *a, const oblig_list *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++) {
		const oblig *p = &a->v[i], *q = &b->v[i];
		/* and each obligation's hash as found is oblig_item_hash's */
		if (p->hash != oblig_item_hash(p) || q->hash != ref_item_hash(q))
			return 0;
		if (strcmp(p->sentence, q->sentence) || p->strength != q->strength || p->negated != q->negated ||
		    p->line != q->line || p->col != q->col || p->deadline.kind != q->deadline.kind ||
		    p->deadline.seconds != q->deadline.seconds ||
		    (p->deadline.text && q->deadline.text ? strcmp(p->deadline.text, q->deadline.text)
							  : p->deadline.text != q->deadline.text))
			return 0;
	}
	return 1;
}

static const char *const ends[] = {". ", "! ", "? ", "… ", ".\n", " ", ", ", ". ", "... ", ".", ": ", "?! "};

/* Texts of several generated sentences: oblig_find splits them and finds
 * the same obligations with the first look as without. */
static void test_fast_texts(void)
{
	unsigned long x = 1616;
	size_t bad = 0, total = 6000, found = 0;
	buf s;
	buf_init(&s);
	buf_puts(&s, "");
	for (size_t k = 0; k < total; k++) {
		s.len = 0;
		s.data[0] = '\0';
		size_t n = 1 + next_rand(&x) % 6;
		for (size_t i = 0; i < n; i++) {
			gen_sentence(&s, &x);
			buf_puts(&s, ends[next_rand(&x) % (sizeof ends / sizeof *ends)]);
		}
		oblig_list a = {0}, b = {0};
		oblig_find(s.data, &a);
		oblig_set_first_look(0);
		oblig_find(s.data, &b);
		oblig_set_first_look(1);
		found += b.n;
		if (!same_list(&a, &b) && !bad++)
			ok_detail(0, "a generated text read the same with and without the first look", s.data);
		oblig_list_free(&a);
		oblig_list_free(&b);
	}
	char what[96];
	snprintf(what, sizeof what, "%zu of %zu differ, %zu obligations", bad, total, found);
	ok_detail(!bad && found > total / 2, "generated texts read the same with and without the first look", what);
	buf_free(&s);
}

/* Clauses of generated paragraphs, lead-ins ending in ':' with their
 * lists, table cells, code and references: oblig_clause finds the same
 * obligations, lead-ins and positions with the first look as without. */
static void test_fast_clauses(void)
{
	unsigned long x = 2026;
	buf md, s;
	buf_init(&md);
	buf_init(&s);
	buf_puts(&s, "");
	buf_puts(&md, "# Общие положения\n\n");
	for (int c = 0; c < 400; c++) {
		buf_printf(&md, "## Пункт %d {#c%d}\n\n", c, c);
		size_t blocks = 1 + next_rand(&x) % 4;
		for (size_t k = 0; k < blocks; k++) {
			s.len = 0;
			s.data[0] = '\0';
			size_t n = 1 + next_rand(&x) % 3;
			for (size_t i = 0; i < n; i++) {
				gen_sentence(&s, &x);
				buf_puts(&s, i + 1 < n ? ". " : "");
			}
			for (size_t i = 0; i < s.len; i++) /* no Markdown from the pieces */
				if (strchr("\n\"(-", s.data[i]) && (i == 0 || s.data[i - 1] == '\n'))
					s.data[i] = 'x';
			switch (next_rand(&x) % 6) {
			case 0: /* a lead-in and its list */
				buf_printf(&md, "%s:\n\n", s.data);
				for (size_t i = 0, m = 1 + next_rand(&x) % 3; i < m; i++) {
					s.len = 0;
					s.data[0] = '\0';
					gen_sentence(&s, &x);
					buf_printf(&md, "- %s;\n", s.data);
				}
				buf_puts(&md, "\n");
				break;
			case 1:
				buf_printf(&md, "| Кто | Что |\n| --- | --- |\n| %s | %s |\n\n", "Оператор", s.data);
				break;
			case 2:
				buf_printf(&md, "```\n%s\n```\n\n", s.data);
				break;
			case 3:
				buf_printf(&md, "%s **должен** [[c%d]] ответить\nв течение 15 минут.\n\n", s.data,
					   (int)(next_rand(&x) % 400));
				break;
			default:
				buf_printf(&md, "%s.\n\n", s.data);
			}
		}
	}
	const char *lua = "title = \"T\"\nlanguage = \"ru\"\n";
	reader_mem_file files[] = {{"book.lua", lua, strlen(lua)}, {"general.md", md.data, md.len}};
	book *b = reader_read_mem("/tmp", files, 2);
	size_t bad = 0, found = 0, clauses = 0;
	for (size_t c = 0; c < b->nclauses; c++) {
		oblig_list l1 = {0}, l2 = {0};
		oblig_clause(b, (int)c, &l1);
		oblig_set_first_look(0);
		oblig_clause(b, (int)c, &l2);
		oblig_set_first_look(1);
		found += l2.n;
		clauses++;
		if (!same_list(&l1, &l2) && !bad++)
			ok_detail(0, "a generated clause read the same with and without the first look",
				  b->clauses[c].id ? b->clauses[c].id : "?");
		oblig_list_free(&l1);
		oblig_list_free(&l2);
	}
	char what[96];
	snprintf(what, sizeof what, "%zu of %zu differ, %zu obligations", bad, clauses, found);
	ok_detail(!bad && clauses > 400 && found > clauses, "generated clauses read the same with and without the first look", what);
	if (getenv("TEST_OBLIG_VERBOSE"))
		printf("%s\n", what);
	book_free(b);
	buf_free(&md);
	buf_free(&s);
}

static void test_fast_path(void)
{
	unsigned long x = 16;
	size_t bad = 0, obliging = 0, total = 30000, hash_bad = 0;
	char why[1024] = "";
	buf s;
	buf_init(&s);
	for (size_t k = 0; k < total; k++) {
		s.len = 0;
		gen_sentence(&s, &x);
		if (next_rand(&x) % 2)
			buf_putc(&s, '.');
		int neg;
		oblig_deadline dl;
		oblig_set_first_look(0);
		oblig_strength st = oblig_sentence(s.data, s.len, &neg, &dl);
		oblig_set_first_look(1);
		obliging += st != OBLIG_NONE;
		oblig ob = {.sentence = s.data, .strength = st, .negated = neg, .deadline = dl};
		if (oblig_item_hash(&ob) != ref_item_hash(&ob) && !hash_bad++)
			ok_detail(0, "an obligation's hash as the first version made it", s.data);
		oblig_deadline_free(&dl);
		if (!same_reading(s.data, s.len, why, sizeof why) && !bad++)
			ok_detail(0, "a generated sentence read the same with and without the first look", why);
	}
	char n[96];
	snprintf(n, sizeof n, "%zu of %zu differ, %zu oblige", bad, total, obliging);
	ok_detail(!bad, "generated sentences read the same with and without the first look", n);
	if (getenv("TEST_OBLIG_VERBOSE"))
		printf("%s\n", n);
	ok(!hash_bad, "obligations hash as the first version hashed them");
	ok_detail(obliging > total / 4 && obliging < total * 3 / 4, "the generated sentences both oblige and do not", n);

	/* Every line of standards/, whole and cut at every tenth byte. */
	const char *files[] = {"standards/general.md", "standards/journey.md", "standards/principles.md",
			       "standards/appearance.md", "standards/terms.md", "standards/roles/operator-l1.md",
			       "standards/roles/field-tech.md", "standards/roles/service-manager.md"};
	size_t lines = 0;
	bad = 0;
	for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
		FILE *in = fopen(files[f], "r");
		if (!in)
			continue;
		char line[8192];
		while (fgets(line, sizeof line, in)) {
			size_t len = strlen(line);
			lines++;
			for (size_t cut = 0; cut < len; cut += 10)
				if (!same_reading(line + cut, len - cut, why, sizeof why) && !bad++)
					ok_detail(0, "a line of standards/ read the same with and without the first look", why);
		}
		fclose(in);
	}
	snprintf(n, sizeof n, "%zu lines, %zu differ", lines, bad);
	ok_detail(lines > 500 && !bad, "standards/ read the same with and without the first look", n);
	buf_free(&s);
}

/* ---- The table, begun on a thread and read from others ---- */

/* Whether list l is what oblig_clause finds in clause c of b. */
static int same_as_clause(const book *b, int c, const oblig_list *l)
{
	oblig_list want = {0};
	oblig_clause(b, c, &want);
	int same = want.n == l->n;
	for (size_t i = 0; same && i < l->n; i++)
		same = !strcmp(want.v[i].sentence, l->v[i].sentence) && want.v[i].strength == l->v[i].strength &&
		       want.v[i].negated == l->v[i].negated && want.v[i].line == l->v[i].line &&
		       want.v[i].col == l->v[i].col && want.v[i].hash == l->v[i].hash;
	oblig_list_free(&want);
	return same;
}

typedef struct {
	const book *b;
	const oblig_table *t;
	int bad;
} reader_arg;

/* Reads the table from the last clause back, as a second reader would. */
static void *read_backwards(void *arg)
{
	reader_arg *r = arg;
	for (size_t c = r->t->n; c-- > 0;) {
		const oblig_list *l = oblig_table_get(r->t, (int)c);
		uint64_t sum = 0;
		for (size_t i = 0; i < l->n; i++)
			sum += l->v[i].hash;
		r->bad += oblig_table_sum(r->t, (int)c) != sum;
	}
	return NULL;
}

static void test_table(void)
{
	book *b = reader_read("standards");
	ok(b->nclauses > 64, "standards/ has clauses for three runs of the table at least");
	/* read at once from two threads while its own makes it */
	oblig_table *t = oblig_table_begin(b);
	reader_arg r = {b, t, 0};
	pthread_t th;
	int two = pthread_create(&th, NULL, read_backwards, &r) == 0;
	int bad = 0;
	for (size_t c = 0; c < t->n; c++)
		bad += !same_as_clause(b, (int)c, oblig_table_get(t, (int)c));
	if (two)
		pthread_join(th, NULL);
	ok(!bad && !r.bad, "a table begun on a thread: every clause's obligations and sum as oblig_clause's");
	oblig_table_end(t);
	oblig_table_end(t);
	oblig_table_free(t);
	/* freed before anyone read it: made, its thread joined */
	oblig_table_free(oblig_table_begin(b));
	t = oblig_table_build(b);
	bad = 0;
	for (size_t c = 0; c < t->n; c++)
		bad += !same_as_clause(b, (int)c, &t->lists[c]);
	ok(!bad, "oblig_table_build: made when it returns");
	oblig_table_free(t);
	book_free(b);
}

int main(void)
{
	test_fast_path();
	test_fast_texts();
	test_fast_clauses();
	test_pairs();
	test_sentences();
	test_fingerprint();
	test_clause();
	test_table();
	return unit_done();
}

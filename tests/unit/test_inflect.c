/* test_inflect.c - role names put into another case (src/inflect.c), as
 * the role-case hint writes them: adjectives before the head noun agree,
 * the words after it stay, every form checked by the dictionary. */
#include "inflect.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void expect(const char *name, const char *c, const char *want)
{
	char *got = inflect_name(name, c);
	char what[256], detail[256];
	snprintf(what, sizeof what, "%s, %s", name, c);
	snprintf(detail, sizeof detail, "want %s, got %s", want ? want : "(none)", got ? got : "(none)");
	ok_detail(want ? got && !strcmp(got, want) : !got, what, detail);
	free(got);
}

int main(void)
{
	expect("Руководитель смены", "gen", "руководителя смены");
	expect("Руководитель смены", "dat", "руководителю смены");
	expect("Руководитель смены", "acc", "руководителя смены");
	expect("Руководитель смены", "ins", "руководителем смены");
	expect("Руководитель смены", "pre", "руководителе смены");
	expect("Старший администратор", "gen", "старшего администратора");
	expect("Старший администратор", "dat", "старшему администратору");
	expect("Старший администратор", "ins", "старшим администратором");
	expect("Старший администратор", "pre", "старшем администраторе");
	expect("Оператор первой линии", "dat", "оператору первой линии");
	expect("Оператор первой линии", "ins", "оператором первой линии");
	expect("Инженер третьей линии", "gen", "инженера третьей линии");
	expect("Менеджер по работе с клиентами", "dat", "менеджеру по работе с клиентами");
	expect("Продавец", "gen", "продавца");
	expect("Продавец", "ins", "продавцом");
	expect("Кассир", "dat", "кассиру");
	expect("Главная медсестра", "dat", "главной медсестре");
	expect("Главная медсестра", "acc", "главную медсестру");
	expect("Главная медсестра", "ins", "главной медсестрой");
	expect("Служба поддержки", "gen", "службы поддержки");
	expect("Support lead", "dat", NULL);
	expect("Кассир", "nominative", NULL);
	expect("", "dat", NULL);
	return unit_done();
}

/* i18n.c - choosing the language of messages and finding the catalogue. */
#include "i18n.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SVCBOOK_LOCALEDIR
#define SVCBOOK_LOCALEDIR "/usr/local/share/locale"
#endif

/* Unset, C, POSIX or C.<codeset>: no language chosen (C.UTF-8 is many a
 * container's default, not a wish for English). */
static int is_c_locale(const char *v)
{
	return !v || !*v || strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 || strncmp(v, "C.", 2) == 0;
}

/* The LC_ALL or LC_MESSAGES the user set to a language, or NULL. */
static const char *chosen_locale(void)
{
	const char *v = getenv("LC_ALL");
	if (v && *v)
		return is_c_locale(v) ? NULL : v;
	v = getenv("LC_MESSAGES");
	return is_c_locale(v) ? NULL : v;
}

/* ./locale beside the binary when it holds a catalogue (a build tree),
 * else the installed one. */
static void bind_catalogue(void)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 32);
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			strcpy(slash, "/locale/ru/LC_MESSAGES/svcbook.mo");
			struct stat st;
			if (stat(self, &st) == 0) {
				strcpy(slash, "/locale");
				bindtextdomain("svcbook", self);
				return;
			}
		}
	}
	bindtextdomain("svcbook", SVCBOOK_LOCALEDIR);
}

/* 1 when the user chose the language (LANGUAGE, LC_ALL, LC_MESSAGES),
 * read once: the LANGUAGE set for a book is no choice of the user's. */
static int user_chose = -1;

static void note_user_choice(void)
{
	if (user_chose < 0)
		user_chose = !is_c_locale(getenv("LANGUAGE")) || chosen_locale() != NULL;
}

void i18n_init(void)
{
	note_user_choice();
	/* messages only: LC_NUMERIC, LC_COLLATE and LC_CTYPE stay "C", so
	 * output never depends on the user's locale */
	const char *m = setlocale(LC_MESSAGES, "");
	/* glibc ignores LANGUAGE under the C locale; C.UTF-8 says the same
	 * (English) and lets LANGUAGE choose */
	if (!m || is_c_locale(m)) {
		setlocale(LC_MESSAGES, "C.UTF-8");
		/* LC_MESSAGES=ru_RU.UTF-8 where that locale is not generated (a
		 * container): its language still applies, as LANGUAGE */
		const char *want = chosen_locale();
		if (want && is_c_locale(getenv("LANGUAGE"))) {
			char lang[64];
			size_t n = strcspn(want, ".@");
			if (n >= sizeof lang)
				n = sizeof lang - 1;
			memcpy(lang, want, n);
			lang[n] = '\0';
			setenv("LANGUAGE", lang, 1);
		}
	}
	bind_catalogue();
	bind_textdomain_codeset("svcbook", "UTF-8");
	/* strerror's texts come from glibc's own catalogue, converted to
	 * LC_CTYPE's charset: ASCII under "C", where Russian is transliterated
	 * ("Net takogo fajla"). svcbook writes UTF-8 whatever the locale. */
	bind_textdomain_codeset("libc", "UTF-8");
}

void i18n_book_language(const char *lang)
{
	note_user_choice();
	if (user_chose)
		return;
	/* LANGUAGE is read by every lookup: the switch applies from here on.
	 * Set only when it changes (serve rebuilds while its threads run). */
	const char *now = getenv("LANGUAGE");
	if (!now || strcmp(now, lang) != 0)
		setenv("LANGUAGE", lang, 1);
}

const char *i18n_text(const char *msgid)
{
	if (!msgid || !*msgid)
		return msgid;
	return dgettext("svcbook", msgid);
}

const char *i18n_language(void)
{
	/* msgid "" is the header of the catalogue in use, "" without one
	 * (through a variable: xgettext would take "" for a message) */
	static const char header[] = "";
	const char *h = dgettext("svcbook", header);
	const char *l = h ? strstr(h, "\nLanguage: ") : NULL;
	return l && strncmp(l + 11, "ru", 2) == 0 ? "ru" : "en";
}

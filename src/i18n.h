/* i18n.h - messages in the book's language: GNU gettext, domain "svcbook".
 * The catalogue (po/ru.po, compiled into locale/ru/LC_MESSAGES/svcbook.mo)
 * is found beside the binary (./locale) or in LOCALEDIR when installed.
 * Included by: main (init), config and new (the book's language), diag. */
#ifndef SVCBOOK_I18N_H
#define SVCBOOK_I18N_H

#include <libintl.h>

#define _(s) dgettext("svcbook", s)
/* Marks a string for extraction where it is stored and translated later. */
#define N_(s) (s)

/* Sets up gettext from the environment: before any message is printed. */
void i18n_init(void);

/* The book's language ("ru", "en") for what follows, unless the user chose
 * one: LANGUAGE, LC_ALL or LC_MESSAGES set to a locale other than C/POSIX. */
void i18n_book_language(const char *lang);

/* The language of the messages now: "ru" when they come from the Russian
 * catalogue (the book's language or the user's choice), else "en". */
const char *i18n_language(void);

/* The translation of msgid ("" and NULL as they are). */
const char *i18n_text(const char *msgid) __attribute__((format_arg(1)));

#endif

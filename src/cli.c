/* cli.c - helpers shared by the commands: colour, paths, data folder, exit codes. */
#include "cli.h"
#include "diag.h"
#include "i18n.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SVCBOOK_DATADIR
#define SVCBOOK_DATADIR "/usr/local/share/svcbook"
#endif

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "svcbook: ");
	va_start(ap, fmt);
	/* before a book is read: in the user's language (LANGUAGE, LC_MESSAGES) */
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	if (cmd && *cmd)
		fprintf(stderr, _("\nTry 'svcbook help %s'.\n"), cmd);
	else
		fputs(_("\nTry 'svcbook --help'.\n"), stderr);
	return EXIT_USAGE;
}

int cli_use_color(void)
{
	const char *nc = getenv("NO_COLOR");
	return isatty(STDERR_FILENO) && !(nc && *nc);
}

char *cli_path_prefix(const char *bookdir)
{
	if (strcmp(bookdir, ".") == 0 || strcmp(bookdir, "./") == 0)
		return xstrdup("");
	size_t n = strlen(bookdir);
	return xasprintf("%s%s", bookdir, n && bookdir[n - 1] == '/' ? "" : "/");
}

/* $SVCBOOK_DATADIR, else beside the executable (a build tree), else the
 * installed DATADIR. */
char *cli_datadir(void)
{
	const char *env = getenv("SVCBOOK_DATADIR");
	if (env && *env)
		return xstrdup(env);
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			char *probe = xasprintf("%s/templates", self);
			struct stat st;
			int ok = stat(probe, &st) == 0 && S_ISDIR(st.st_mode);
			free(probe);
			if (ok)
				return xstrdup(self);
		}
	}
	return xstrdup(SVCBOOK_DATADIR);
}

int cli_finish(book *b, const char *bookdir, int color)
{
	diag_sort(b->diags);
	char *prefix = cli_path_prefix(bookdir);
	diag_print_text(stderr, b->diags, prefix, bookdir, color);
	diag_print_summary(stderr, b->diags);
	free(prefix);
	diag_severity w = diag_worst(b->diags);
	return w >= SEV_FATAL ? EXIT_USAGE : w >= SEV_ERROR ? EXIT_ERRORS : EXIT_OK;
}

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

#ifndef SVCBOOK_DATA_VERSION
#error "SVCBOOK_DATA_VERSION: build with make, which reads it from lua/VERSION"
#endif

/* The first line of dir/lua/VERSION, blanks trimmed (caller frees); NULL
 * when there is none. */
static char *data_version_of(const char *dir)
{
	char *path = xasprintf("%s/lua/VERSION", dir);
	size_t len;
	char *text = read_file(path, &len);
	free(path);
	if (!text)
		return NULL;
	size_t n = strcspn(text, "\r\n");
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	size_t start = strspn(text, " \t");
	char *v = xstrndup(text + (start < n ? start : n), start < n ? n - start : 0);
	free(text);
	return v;
}

/* Exits 2, saying so, when dir's lua/ is of another version than this
 * binary: lua/template.lua and the rules talk to the C (the pieces of a
 * page, the rules' API), and a mismatch failed deep in Lua with a stack
 * trace (a binary not rebuilt after a pull, an install of another
 * version). A dir without lua/ is left to the errors of what needs it. */
static void check_data_version(const char *dir)
{
	char *lua = xasprintf("%s/lua", dir);
	struct stat st;
	int has_lua = stat(lua, &st) == 0 && S_ISDIR(st.st_mode);
	free(lua);
	if (!has_lua)
		return;
	char *v = data_version_of(dir);
	if (v && strcmp(v, SVCBOOK_DATA_VERSION) == 0) {
		free(v);
		return;
	}
	fputs("svcbook: ", stderr);
	if (v)
		fprintf(stderr, _("the data folder '%s' (lua/, templates/) is of another version: its lua/VERSION says data version %s, and this svcbook (%s) needs data version %s\n"),
			dir, v, SVCBOOK_VERSION, SVCBOOK_DATA_VERSION);
	else
		fprintf(stderr, _("the data folder '%s' (lua/, templates/) is of another version: it has no lua/VERSION, and this svcbook (%s) needs data version %s\n"),
			dir, SVCBOOK_VERSION, SVCBOOK_DATA_VERSION);
	fputs(_("Install svcbook with its data folder from one build (make install), rebuild svcbook in its checkout (make), or set SVCBOOK_DATADIR to the data folder of this version.\n"),
	      stderr);
	free(v);
	exit(EXIT_USAGE);
}

/* $SVCBOOK_DATADIR, else beside the executable (a build tree), else the
 * installed DATADIR. */
static char *find_datadir(void)
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

/* The data folder, checked once to be of this binary's version. */
char *cli_datadir(void)
{
	static int checked;
	char *dir = find_datadir();
	if (!checked)
		check_data_version(dir);
	checked = 1;
	return dir;
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

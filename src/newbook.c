/* newbook.c - writes the starter book of templates/starter/LANG into a new folder. */
#include "newbook.h"
#include "diagid.h"
#include "output.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Whether dir is absent or an empty folder; -1 when it is something else. */
static int usable_target(const char *dir, diag_list *d)
{
	struct stat st;
	if (stat(dir, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode)) {
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), NULL, "'%s' exists and is not a folder", dir);
		return -1;
	}
	DIR *dd = opendir(dir);
	if (!dd) {
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), NULL, "cannot read '%s': %s", dir, strerror(errno));
		return -1;
	}
	struct dirent *e;
	int empty = 1;
	while (empty && (e = readdir(dd)) != NULL)
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	closedir(dd);
	if (!empty) {
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), "choose a new folder: svcbook new never overwrites a book",
		         "'%s' is not empty", dir);
		return -1;
	}
	return 0;
}

/* Copies the regular files of from/ into to/ (one level). */
static int copy_files(const char *from, const char *to, diag_list *d)
{
	DIR *dd = opendir(from);
	if (!dd) {
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_INPUT), NULL, "no starter book in '%s': %s", from, strerror(errno));
		return -1;
	}
	struct dirent *e;
	int rc = 0;
	while (rc == 0 && (e = readdir(dd)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *src = xasprintf("%s/%s", from, e->d_name);
		struct stat st;
		if (stat(src, &st) == 0 && S_ISREG(st.st_mode)) {
			size_t len;
			char *data = read_file(src, &len);
			char *dst = xasprintf("%s/%s", to, e->d_name);
			rc = data ? output_write_file(dst, data, len, d) : -1;
			if (!data)
				diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_INPUT), NULL, "cannot read '%s'", src);
			free(data);
			free(dst);
		}
		free(src);
	}
	closedir(dd);
	return rc;
}

int newbook_write(const char *datadir, const char *lang, const char *dir, diag_list *d)
{
	if (usable_target(dir, d) != 0 || output_prepare(dir, d) != 0)
		return -1;
	char *from = xasprintf("%s/templates/starter/%s", datadir, lang);
	char *roles_from = xasprintf("%s/roles", from);
	char *roles_to = xasprintf("%s/roles", dir);
	int rc = copy_files(from, dir, d);
	if (rc == 0 && mkdir(roles_to, 0755) != 0) {
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), NULL, "cannot create '%s': %s", roles_to, strerror(errno));
		rc = -1;
	}
	if (rc == 0)
		rc = copy_files(roles_from, roles_to, d);
	free(from);
	free(roles_from);
	free(roles_to);
	return rc;
}

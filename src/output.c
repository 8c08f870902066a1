/* output.c - atomic output folders: build beside, then rename into place. */
#define _XOPEN_SOURCE 700
#include "output.h"
#include "diagid.h"
#include "stamp.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/fs.h> /* RENAME_EXCHANGE */

static int mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, 0777);
	free(p);
	return rc != 0 && errno != EEXIST ? -1 : 0;
}

int output_prepare(const char *outdir, diag_list *d)
{
	struct stat st;
	if (stat(outdir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), NULL, "output path '%s' exists and is not a folder", outdir);
		return -1;
	}
	if (mkdir_p(outdir) != 0) {
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), NULL, "cannot create output folder '%s': %s", outdir, strerror(errno));
		return -1;
	}
	if (access(outdir, W_OK | X_OK) != 0) {
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), NULL, "output folder '%s' is not writable", outdir);
		return -1;
	}
	return 0;
}

/* The first prefix of path, as written, that is a symlink (caller frees);
 * NULL when none is. */
static char *symlink_on(const char *path)
{
	char *p = xstrdup(path);
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;
		*s = '\0';
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode))
			return p;
		if (!c)
			break;
		*s = c;
	}
	free(p);
	return NULL;
}

/* The real path outdir would have: its longest existing prefix resolved,
 * the rest appended ("." and ".." taken lexically). NULL on failure. */
static char *real_to_be(const char *outdir)
{
	char *head = xstrdup(*outdir ? outdir : ".");
	char *tail = xstrdup("");
	char *real;
	while ((real = realpath(head, NULL)) == NULL && strcmp(head, ".") != 0 && strcmp(head, "/") != 0) {
		char *slash = strrchr(head, '/');
		char *t = xasprintf("%s/%s", slash ? slash + 1 : head, tail);
		free(tail);
		tail = t;
		if (!slash)
			strcpy(head, ".");
		else if (slash == head)
			head[1] = '\0';
		else
			*slash = '\0';
	}
	free(head);
	if (!real) {
		free(tail);
		return NULL;
	}
	/* append tail's parts */
	for (char *part = strtok(tail, "/"); part; part = strtok(NULL, "/")) {
		if (strcmp(part, ".") == 0)
			continue;
		if (strcmp(part, "..") == 0) {
			char *slash = strrchr(real, '/');
			if (slash && slash != real)
				*slash = '\0';
			else
				strcpy(real, "/");
			continue;
		}
		char *r = xasprintf("%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", part);
		free(real);
		real = r;
	}
	free(tail);
	return real;
}

int output_check_place(const char *outdir, const char *bookdir, diag_list *d)
{
	char *link = symlink_on(outdir);
	if (link) {
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), "give a real folder with -o (a symlink could lead a build to replace another folder)",
			 "output path '%s' is a symlink ('%s'); nothing is written", outdir, link);
		free(link);
		return -1;
	}
	char *book = realpath(bookdir, NULL);
	char *out = real_to_be(outdir);
	int rc = 0;
	size_t n = book ? strlen(book) : 0;
	if (book && out && strncmp(out, book, n) == 0 && (out[n] == '\0' || out[n] == '/')) {
		const char *rel = out + n + (out[n] == '/');
		if (!*rel || strchr(rel, '/') || strcmp(rel, "roles") == 0 || strcmp(rel, "templates") == 0 ||
		    strcmp(rel, "rules") == 0) {
			diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT),
				 "give an output folder outside the book, or a folder of its own at the book's top such as ./out",
				 !*rel ? "output folder '%s' is the book folder; nothing is written"
				       : "output folder '%s' is inside the book's own files; nothing is written", outdir);
			rc = -1;
		}
	}
	free(book);
	free(out);
	return rc;
}

/* Opens folder path and takes its lock; -1 when it cannot be had now. */
static int lock_folder(const char *path, int wait)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Whether s starts with six letters or digits, as mkdtemp and mkstemp
 * fill in XXXXXX. */
static int six(const char *s)
{
	for (int i = 0; i < 6; i++)
		if (!isalnum((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Whether name is one of svcbook's temporary names for base (NULL: for
 * any): ".BASE.tmp-XXXXXX" (a part's folder, a file written beside its
 * place), or a part's ".BASE.tmp-XXXXXX.old-XXXXXX" (the output it
 * replaces, on its way to the spare folder). */
static int temp_name(const char *name, const char *base)
{
	const char *t = name[0] == '.' ? strstr(name + 1, ".tmp-") : NULL;
	if (!t || t == name + 1)
		return 0;
	size_t n = (size_t)(t - name - 1);
	if (base && (strlen(base) != n || strncmp(name + 1, base, n) != 0))
		return 0;
	const char *x = t + 5;
	if (!six(x))
		return 0;
	return !x[6] || (strncmp(x + 6, ".old-", 5) == 0 && six(x + 11) && !x[17]);
}

/* Whether folder path holds nothing but a stamp, perhaps cut short: a
 * build killed as it began the folder. */
static int holds_only_stamp(const char *path)
{
	DIR *dh = opendir(path);
	if (!dh)
		return 0;
	struct dirent *e;
	int only = 1;
	while (only && (e = readdir(dh)) != NULL)
		only = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 || strcmp(e->d_name, STAMP_NAME) == 0;
	closedir(dh);
	return only;
}

/* Whether path was last changed more than seconds ago: a folder a build
 * has just made and not yet locked is not a killed build's. */
static int older_than(const char *path, int seconds)
{
	struct stat st;
	return lstat(path, &st) == 0 && st.st_mtime + seconds < time(NULL);
}

/* Removes temporary folder path when no build holds it (a killed one's
 * lock went with it) and it is svcbook's: it has the stamp, or holds no
 * more than a stamp begun. Another folder of that name stays. */
static void sweep_folder(const char *path)
{
	int fd = lock_folder(path, 0);
	if (fd < 0)
		return;
	if (stamp_present(path)) {
		output_remove_tree(path);
	} else if (older_than(path, 5) && holds_only_stamp(path)) {
		char *st = xasprintf("%s/" STAMP_NAME, path);
		struct stat sb;
		if (lstat(st, &sb) != 0 || S_ISREG(sb.st_mode)) {
			unlink(st);
			rmdir(path);
		}
		free(st);
	}
	close(fd);
}

/* Removes the temporary folders of part ("html", "agent"; NULL: of any
 * part) in dir that no build holds: what a build killed before its commit
 * or its clean-up left, ".html.tmp-XXXXXX" and its ".old-XXXXXX" beside
 * it; only svcbook's (sweep_folder). */
static void sweep_stale(const char *dir, const char *part)
{
	DIR *dh = opendir(dir);
	if (!dh)
		return;
	struct dirent *e;
	while ((e = readdir(dh)) != NULL) {
		if (!temp_name(e->d_name, part))
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			sweep_folder(path);
		free(path);
	}
	closedir(dh);
}

/* Removes file path, a temporary file output_open_beside made, when it is
 * ours (a regular file of this user with one link) and no build holds its
 * lock: one killed while writing it, or before renaming it. */
static void sweep_file(const char *path)
{
	struct stat st, fst;
	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 || st.st_uid != geteuid())
		return;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &fst) == 0 && fst.st_ino == st.st_ino && fst.st_dev == st.st_dev)
		unlink(path);
	close(fd);
}

void output_sweep(const char *outdir, const char *const *beside)
{
	sweep_stale(outdir, NULL);
	DIR *dh = beside && *beside ? opendir(outdir) : NULL;
	if (!dh)
		return;
	struct dirent *e;
	while ((e = readdir(dh)) != NULL) {
		for (const char *const *b = beside; *b; b++) {
			if (!temp_name(e->d_name, *b) || strstr(e->d_name, ".old-"))
				continue;
			char *path = xasprintf("%s/%s", outdir, e->d_name);
			sweep_file(path);
			free(path);
		}
	}
	closedir(dh);
}

/* ---- spare files ----
 *
 * A commit does not delete the output it replaces: the folder moves into
 * OUTDIR/.svcbook-spare/, and the next build's output_open renames the
 * file of the same name from there into place instead of creating a file,
 * writes it over and cuts it to length at output_close (emptying it first
 * would make ext4 write it out at close: auto_da_alloc); what that build
 * leaves unused goes at its commit. On ext4 without a journal
 * (this project's bench machine) creating a file scans past every inode
 * freed in the last half minute (fs/ext4/ialloc.c, recently_deleted), so a
 * build that followed another paid for each file it made in proportion to
 * the files the last one deleted: a third of `build`'s time on the 10 MB
 * bench book, and the deleting was most of the commit. The file of the
 * same name, not any spare: its pages are still cached, so writing over
 * it allocates and frees none (on the bench machine a fresh page cost 25
 * times a cached one: a print page put into a role page's old file was 2 s
 * of the 100 MB book's build). A name the last output did not have gets a
 * new file. The previous output's files take their space until the next
 * build. A file another name links to (st_nlink > 1: a hard-linked copy
 * of the output, say) is never reused. */

#define SPARE ".svcbook-spare"

static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;
static char *spare_dir;    /* OUTDIR/.svcbook-spare of the last output_begin */
static int gens_listed;    /* spare_gens holds the folders spare_dir held */
static char **spare_gens;  /* its folders, PART.tmp-XXXXXX.old-XXXXXX */
static size_t ngens, cap_gens;

static void forget_spares(void)
{
	for (size_t i = 0; i < ngens; i++)
		free(spare_gens[i]);
	ngens = 0;
	gens_listed = 0;
}

static void use_spares_of(const char *outdir)
{
	char *dir = xasprintf("%s/" SPARE, outdir);
	pthread_mutex_lock(&spare_lock);
	if (!spare_dir || strcmp(spare_dir, dir) != 0) {
		free(spare_dir);
		spare_dir = dir;
		dir = NULL;
		forget_spares();
	}
	pthread_mutex_unlock(&spare_lock);
	free(dir);
}

static void add_gen(char *path)
{
	spare_gens = xgrow(spare_gens, &cap_gens, ngens + 1, sizeof *spare_gens);
	spare_gens[ngens++] = path;
}

/* 1 when spare_dir is a folder of its own, not a symlink that would lead
 * spares, and the output they came from, out of the output folder. */
static int spare_dir_ok(void)
{
	struct stat st;
	return lstat(spare_dir, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Lists spare_dir's folders in spare_gens, once per process and output
 * folder (spare_lock held); retire adds the ones it makes. Only folders
 * with svcbook's stamp: what else is there is never taken from or removed. */
static void list_gens(void)
{
	if (gens_listed)
		return;
	gens_listed = 1;
	DIR *dh = spare_dir_ok() ? opendir(spare_dir) : NULL;
	struct dirent *e;
	while (dh && (e = readdir(dh)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *gen = xasprintf("%s/%s", spare_dir, e->d_name);
		if (stamp_present(gen))
			add_gen(gen);
		else
			free(gen);
	}
	if (dh)
		closedir(dh);
}

/* 1 when spare folder gen (a path) held a copy of part ("html"): the
 * folders are named PART.tmp-XXXXXX.old-XXXXXX. */
static int gen_of_part(const char *gen, const char *part, size_t n)
{
	const char *base = strrchr(gen, '/');
	base = base ? base + 1 : gen;
	return strncmp(base, part, n) == 0 && strncmp(base + n, ".tmp-", 5) == 0;
}

/* Renames to path the spare file of its name: OUTDIR/[DIR/].PART.tmp-X/NAME
 * from OUTDIR/.svcbook-spare/PART.tmp-Y.old-Z/NAME, if it is still ours
 * alone (not taken by another build meanwhile, no hard link made since).
 * 0 when there was none to take. */
static int take_spare(const char *path)
{
	int took = 0;
	pthread_mutex_lock(&spare_lock);
	size_t n = spare_dir ? strlen(spare_dir) - strlen("/" SPARE) : 0;
	if (spare_dir && strncmp(path, spare_dir, n) == 0 && path[n] == '/') {
		list_gens();
		/* the part's folder: the first component named .PART.tmp-X */
		const char *c = path + n + 1, *rel, *dot = NULL;
		while ((rel = strchr(c, '/')) != NULL && !((dot = strstr(c, ".tmp-")) != NULL && dot < rel))
			c = rel + 1;
		while (rel && c < dot && *c == '.')
			c++;
		if (rel && strstr(rel, "/..")) /* never a spare from outside its folder */
			rel = NULL;
		for (size_t i = 0; rel && i < ngens && !took; i++) {
			if (!gen_of_part(spare_gens[i], c, (size_t)(dot - c)))
				continue;
			char *from = xasprintf("%s%s", spare_gens[i], rel);
			struct stat st;
			took = lstat(from, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1 && rename(from, path) == 0;
			free(from);
		}
	}
	pthread_mutex_unlock(&spare_lock);
	return took;
}

/* Drops the part's spare folders from the list, removing what is left
 * of them (spare_lock held). */
static void drop_gens_of(const char *part)
{
	size_t keep = 0, n = strlen(part);
	for (size_t i = 0; i < ngens; i++) {
		char *g = spare_gens[i];
		if (!gen_of_part(g, part, n)) {
			spare_gens[keep++] = g;
			continue;
		}
		output_remove_tree(g);
		free(g);
	}
	ngens = keep;
}

/* At the commit of part, whose replaced folder is old: removes what is
 * left of the part's spare folders (the other parts' stay for the builds
 * that write them: build --format docbook must not empty the HTML's), and
 * moves old there; with no spare folder to be had, removes old. */
static void retire(const char *old, const char *part)
{
	pthread_mutex_lock(&spare_lock);
	int moved = 0;
	if (spare_dir) {
		list_gens();
		drop_gens_of(part);
		if ((mkdir(spare_dir, 0700) == 0 || errno == EEXIST) && spare_dir_ok()) {
			const char *base = strrchr(old, '/');
			base = base ? base + 1 : old;
			while (*base == '.')
				base++;
			char *to = xasprintf("%s/%s", spare_dir, base);
			moved = rename(old, to) == 0;
			if (moved)
				add_gen(to); /* for a later build here in this process */
			else
				free(to);
		}
	}
	pthread_mutex_unlock(&spare_lock);
	if (!moved)
		output_remove_tree(old);
}

static void refuse_replace(const char *final, char *why, diag_list *d)
{
	diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT),
		 "svcbook replaces only a folder it wrote (docs/reliability.md): move that one away, or choose another output folder with -o",
		 "'%s' %s; it is left as it is", final, why);
	free(why);
}

int output_begin(output_part *p, const char *outdir, const char *part, diag_list *d)
{
	p->lock = -1;
	use_spares_of(outdir);
	p->final = xasprintf("%s/%s", outdir, part);
	/* Refused before any work when the folder it would replace is not
	 * svcbook's (checked again at the commit) */
	char *why = NULL;
	struct stat st;
	if (lstat(p->final, &st) == 0 && stamp_check(p->final, &why) != 0) {
		refuse_replace(p->final, why, d);
		free(p->final);
		p->final = p->tmp = NULL;
		return -1;
	}
	/* The part may be nested (roles/ID): make its parent first. */
	char *slash = strrchr(p->final, '/');
	*slash = '\0';
	int rc = mkdir_p(p->final);
	*slash = '/';
	const char *base = slash + 1;
	if (rc == 0) {
		*slash = '\0';
		sweep_stale(p->final, base);
		*slash = '/';
	}
	char *tmpl = xasprintf("%.*s/.%s.tmp-XXXXXX", (int)(slash - p->final), p->final, base);
	if (rc != 0 || !mkdtemp(tmpl)) {
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), NULL, "cannot create a folder in '%s': %s", outdir, strerror(errno));
		free(tmpl);
		free(p->final);
		p->final = p->tmp = NULL;
		return -1;
	}
	/* held until commit or abort; a killed build lets it go with its
	 * life. Taken before the stamp: a stamped folder no build holds is a
	 * killed build's, which another build's sweep_stale removes */
	p->lock = lock_folder(tmpl, 1);
	chmod(tmpl, 0755);
	stamp_begin(tmpl); /* without it, a killed build's folder would stay */
	p->tmp = tmpl;
	return 0;
}

static void unlock(output_part *p)
{
	if (p->lock >= 0)
		close(p->lock);
	p->lock = -1;
}

int output_commit(output_part *p, diag_list *d)
{
	char *old = NULL;
	struct stat st;
	size_t slen;
	char *stamp = stamp_make(p->tmp, &slen);
	char *spath = xasprintf("%s/" STAMP_NAME, p->tmp);
	int bad = !stamp || output_write_file(spath, stamp, slen, d) != 0;
	if (!stamp)
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), NULL, "cannot list '%s' for its stamp: %s", p->tmp, strerror(errno));
	free(stamp);
	free(spath);
	if (bad) {
		output_abort(p);
		return -1;
	}
	char *why = NULL;
	if (lstat(p->final, &st) == 0 && stamp_check(p->final, &why) != 0) {
		refuse_replace(p->final, why, d);
		output_abort(p);
		return -1;
	}
	int swapped = 0;
	if (lstat(p->final, &st) == 0) {
		old = xasprintf("%s.old-XXXXXX", p->tmp);
		/* Swapped in one step where the file system can (renameat2): a
		 * reader (serve) never finds the folder missing. Then the old
		 * output, now at tmp, moves on to old. */
		int made = mkdtemp(old) != NULL;
		if (made && syscall(SYS_renameat2, AT_FDCWD, p->tmp, AT_FDCWD, p->final, RENAME_EXCHANGE) == 0) {
			swapped = 1;
			if (rename(p->tmp, old) != 0) {
				output_remove_tree(p->tmp);
				rmdir(old);
				free(old);
				old = NULL;
			}
		} else if (!made || rename(p->final, old) != 0) {
			diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), NULL, "cannot replace '%s': %s", p->final, strerror(errno));
			if (made)
				rmdir(old);
			free(old);
			output_abort(p);
			return -1;
		}
	}
	if (!swapped && rename(p->tmp, p->final) != 0) {
		diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), NULL, "cannot write '%s': %s", p->final, strerror(errno));
		if (old)
			rename(old, p->final); /* put the previous output back */
		free(old);
		output_abort(p);
		return -1;
	}
	if (old) {
		int fd = lock_folder(old, 1);
		const char *part = strrchr(p->final, '/');
		retire(old, part ? part + 1 : p->final);
		if (fd >= 0)
			close(fd);
	}
	free(old);
	unlock(p);
	free(p->tmp);
	free(p->final);
	p->tmp = p->final = NULL;
	return 0;
}

void output_abort(output_part *p)
{
	if (p->tmp)
		output_remove_tree(p->tmp);
	unlock(p);
	free(p->tmp);
	free(p->final);
	p->tmp = p->final = NULL;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

int output_remove_tree(const char *path)
{
	return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void write_failed(const char *path, diag_list *d)
{
	diag_add(d, NULL, 0, 0, SEV_FATAL, DIAG_ID(BAD_OUTPUT), NULL, "cannot write '%s': %s", path, strerror(errno));
}

/* The stdio buffer of the file a thread has open: glibc's own is 4 KiB
 * (setvbuf without a buffer of ours keeps that size), and the 10 MB bench
 * book's 60 MB of output were 15 000 write calls. */
#define OUTPUT_BUFSIZ ((size_t)64 << 10)
static _Thread_local FILE *buffered;
static _Thread_local char *buffer;

FILE *output_open(const char *path, diag_list *d)
{
	FILE *f = NULL;
	if (take_spare(path)) {
		/* written over in place and cut to its length by output_close:
		 * emptied first, ext4 would write it out at close (auto_da_alloc) */
		int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
		f = fd >= 0 ? fdopen(fd, "wb") : NULL;
		if (!f) { /* a spare this user may not write: remove it, make a file */
			if (fd >= 0)
				close(fd);
			unlink(path);
		}
	}
	if (!f)
		f = fopen(path, "wb");
	if (!f) {
		write_failed(path, d);
		return NULL;
	}
	if (!buffered) { /* one file at a time per thread has it */
		buffer = xmalloc(OUTPUT_BUFSIZ);
		setvbuf(f, buffer, _IOFBF, OUTPUT_BUFSIZ);
		buffered = f;
	}
	return f;
}

/* A new file made with mkstemp from template tmp and locked (flock), so
 * that no other build's sweep_file takes it for a killed build's; made
 * again if a sweep removed it before the lock was had. -1 on failure. */
static int make_locked(char *tmp)
{
	size_t n = strlen(tmp);
	for (int tries = 0; tries < 4; tries++) {
		memcpy(tmp + n - 6, "XXXXXX", 6);
		int fd = mkstemp(tmp);
		if (fd < 0)
			return -1;
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		struct stat a, b;
		if (flock(fd, LOCK_EX) == 0 && fstat(fd, &a) == 0 && lstat(tmp, &b) == 0 && a.st_ino == b.st_ino &&
		    a.st_dev == b.st_dev)
			return fd;
		close(fd);
	}
	errno = EEXIST;
	return -1;
}

FILE *output_open_beside(const char *final, char **tmp, int *lock, diag_list *d)
{
	const char *slash = strrchr(final, '/');
	const char *name = slash ? slash + 1 : final;
	*tmp = xasprintf("%.*s.%s.tmp-XXXXXX", (int)(name - final), final, name);
	*lock = -1;
	int fd = make_locked(*tmp);
	FILE *f = NULL;
	if (fd >= 0) { /* mkstemp makes it 0600: give it the mode a new file gets */
		mode_t um = umask(0);
		umask(um);
		/* the lock outlives the stream: a second descriptor of it */
		*lock = fcntl(fd, F_DUPFD_CLOEXEC, 0);
		if (*lock >= 0 && fchmod(fd, 0666 & ~um) == 0)
			f = fdopen(fd, "wb");
		if (!f) {
			close(fd);
			unlink(*tmp);
			if (*lock >= 0)
				close(*lock);
			*lock = -1;
		}
	}
	if (!f) {
		write_failed(final, d);
		free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	if (!buffered) {
		buffer = xmalloc(OUTPUT_BUFSIZ);
		setvbuf(f, buffer, _IOFBF, OUTPUT_BUFSIZ);
		buffered = f;
	}
	return f;
}

int output_close(FILE *f, const char *path, diag_list *d)
{
	int ok = !ferror(f) && fflush(f) == 0;
	/* a reused spare may have been longer: cut it where the writing ended */
	off_t end = ftello(f);
	if (ok && (end < 0 || ftruncate(fileno(f), end) != 0))
		ok = 0;
	int ours = f == buffered;
	if (fclose(f) != 0)
		ok = 0;
	if (ours) {
		free(buffer);
		buffer = NULL;
		buffered = NULL;
	}
	if (!ok) {
		write_failed(path, d);
		return -1;
	}
	return 0;
}

int output_write_file(const char *path, const char *data, size_t len, diag_list *d)
{
	FILE *f = output_open(path, d);
	if (!f)
		return -1;
	if (len)
		fwrite(data, 1, len, f);
	return output_close(f, path, d);
}

int output_copy_local(const char *bookdir, char *const *files, size_t n, const char *dir, diag_list *d)
{
	for (size_t i = 0; i < n; i++) {
		char *src = xasprintf("%s/%s", bookdir, files[i]);
		char *dst = xasprintf("%s/%s", dir, files[i]);
		char *slash = strrchr(dst, '/');
		*slash = '\0';
		int rc = mkdir_p(dst);
		*slash = '/';
		size_t len;
		char *data = rc == 0 ? read_file(src, &len) : NULL;
		if (!data) {
			diag_add(d, files[i], 0, 0, SEV_WARNING, DIAG_ID(BAD_INPUT), NULL, "cannot copy %s into the output", files[i]);
		} else if (output_write_file(dst, data, len, d) != 0) {
			free(data);
			free(src);
			free(dst);
			return -1;
		}
		free(data);
		free(src);
		free(dst);
	}
	return 0;
}

/* SQL sources on disk: a file the user names, and a folder of *.sql files
 * whose entries are hostile input (a pull request can commit a symlink to
 * a runner's files, or a FIFO). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "lockstep/catalog.h"
#include "lockstep/arena.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Read all of fd and apply it as path. Does not close fd. */
static int apply_fd(ls_catalog *cat, int fd, const char *path, ls_error *err)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc = 0;
	for (;;) {
		if (cap - len < 65536) {
			char *nb = ls_realloc(buf, cap + 65536);
			if (!nb) {
				rc = ls_error_set(err, LS_ENOMEM, path, 0, 0, "out of memory");
				goto done;
			}
			buf = nb;
			cap += 65536;
		}
		ssize_t got = read(fd, buf + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = ls_error_set(err, LS_EINVAL, path, 0, 0, "cannot read: %s", strerror(errno));
			goto done;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	rc = ls_catalog_apply_sql(cat, buf ? buf : "", len, path, err);
done:
	free(buf);
	return rc;
}

static bool inside(const char *root, const char *target);

/* When path (a name the user gave) is a symbolic link: LS_EINVAL naming it
 * unless its target, resolved, lies inside the link's own folder, resolved
 * too — a pull request that turns db/schema.sql into a link to a runner's
 * file (~/.aws/credentials, /proc/self/environ) must not have it read,
 * whatever the first token of that file would show in an error. 0 when
 * path is no link or its target stays. */
static int link_stays(const char *path, ls_error *err)
{
	int rc = 0;
	char *dir = strdup(path), *root = NULL, *target = NULL;
	if (!dir)
		return ls_error_set(err, LS_ENOMEM, path, 0, 0, "out of memory");
	char *slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	root = realpath(dir, NULL);
	target = realpath(path, NULL);
	if (!root || !target)
		rc = errno == ENOMEM ? ls_error_set(err, LS_ENOMEM, path, 0, 0, "out of memory") :
			ls_error_set(err, LS_EINVAL, path, 0, 0, "cannot follow the symbolic link: %s",
					strerror(errno));
	else if (!inside(root, target))
		rc = ls_error_set(err, LS_EINVAL, path, 0, 0,
				"symbolic link out of its folder: not followed (name the file it points to)");
	free(target);
	free(root);
	free(dir);
	return rc;
}

int ls_catalog_apply_file(ls_catalog *cat, const char *path, ls_error *err)
{
	struct stat st;
	/* A name under /dev/ is typed by the user (/dev/stdin, the /dev/fd/N
	 * of `<(...)`), never planted by a checkout. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && strncmp(path, "/dev/", 5) != 0) {
		int rc = link_stays(path, err);
		if (rc < 0)
			return rc;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return ls_error_set(err, LS_EINVAL, path, 0, 0, "cannot open: %s", strerror(errno));
	int rc = apply_fd(cat, fd, path, err);
	close(fd);
	return rc;
}

/* What a file of mode m is, for a refusal. */
static const char *file_kind(mode_t m)
{
	return S_ISDIR(m) ? "a folder" : S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket" :
		S_ISCHR(m) || S_ISBLK(m) ? "a device" : "a special file";
}

/* Whether the resolved path target lies inside the resolved folder root. */
static bool inside(const char *root, const char *target)
{
	size_t n = strlen(root);
	if (strncmp(target, root, n) != 0)
		return false;
	return (n > 0 && root[n - 1] == '/') || target[n] == '/';
}

/* Open the entry name of the folder dfd (root: the folder resolved; path:
 * the entry as messages name it) for reading, into *out. A symbolic link
 * is followed only when its target, resolved, is inside root; an entry
 * that is not a regular file is refused before it is opened (a FIFO would
 * block, /dev/zero never end). LS_EINVAL naming path otherwise; nothing of
 * a refused target is read.
 *
 * Between the checks and the open a writer of the folder could swap the
 * entry: the open does not follow a last symlink (O_NOFOLLOW) and the
 * file opened must be the one checked (device and inode), so a swap is
 * refused too. An intermediate folder of a link's target swapped in that
 * window is not detected; that needs someone writing the folder while
 * lockstep runs, who could read the files without lockstep. */
static int open_entry(int *out, int dfd, const char *root, const char *name,
		const char *path, ls_error *err)
{
	struct stat st, fst;
	int fd = -1;
	bool link = false;
	*out = -1;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return ls_error_set(err, LS_EINVAL, path, 0, 0, "cannot open: %s", strerror(errno));
	if (S_ISLNK(st.st_mode)) {
		link = true;
		char *target = realpath(path, NULL);
		if (!target)
			return errno == ENOMEM ? ls_error_set(err, LS_ENOMEM, path, 0, 0, "out of memory") :
				ls_error_set(err, LS_EINVAL, path, 0, 0,
						"cannot follow the symbolic link: %s", strerror(errno));
		if (!inside(root, target)) {
			free(target);
			return ls_error_set(err, LS_EINVAL, path, 0, 0,
					"symbolic link out of the source folder: not followed");
		}
		if (stat(target, &st) != 0) {
			int e = errno;
			free(target);
			return ls_error_set(err, LS_EINVAL, path, 0, 0, "cannot open: %s", strerror(e));
		}
		if (S_ISREG(st.st_mode))
			fd = open(target, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
		free(target);
	} else if (S_ISREG(st.st_mode)) {
		fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	}
	if (!S_ISREG(st.st_mode))
		return ls_error_set(err, LS_EINVAL, path, 0, 0, "%s%s, not a regular file: not read",
				link ? "a symbolic link to " : "", file_kind(st.st_mode));
	if (fd < 0)
		return ls_error_set(err, LS_EINVAL, path, 0, 0, "cannot open: %s",
				errno == ELOOP ? "it became a symbolic link" : strerror(errno));
	if (fstat(fd, &fst) != 0 || !S_ISREG(fst.st_mode) || fst.st_dev != st.st_dev ||
			fst.st_ino != st.st_ino) {
		close(fd);
		return ls_error_set(err, LS_EINVAL, path, 0, 0,
				"the file changed while lockstep opened it: not read");
	}
	*out = fd;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the *.sql entries of the open folder d, sorted by bytes,
 * into *out (each and the array from ls_malloc; the caller frees). */
static int list_sql(char ***out, size_t *n_out, DIR *d, const char *dir, ls_error *err)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	for (;;) {
		errno = 0;
		struct dirent *e = readdir(d);
		if (!e)
			break;
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".sql") != 0)
			continue;
		if (n == cap) {
			char **nn = ls_realloc(names, (cap ? cap * 2 : 16) * sizeof *names);
			if (!nn)
				goto nomem;
			names = nn;
			cap = cap ? cap * 2 : 16;
		}
		if (!(names[n] = ls_malloc(l + 1)))
			goto nomem;
		memcpy(names[n++], e->d_name, l + 1);
	}
	if (errno != 0)
		rc = ls_error_set(err, LS_EINVAL, dir, 0, 0, "cannot read folder: %s", strerror(errno));
	if (n)
		qsort(names, n, sizeof *names, cmp_names);
	*out = names;
	*n_out = n;
	return rc;
nomem:
	*out = names;
	*n_out = n;
	return ls_error_set(err, LS_ENOMEM, dir, 0, 0, "out of memory");
}

int ls_catalog_apply_folder(ls_catalog *cat, const char *dir, ls_error *err)
{
	char **names = NULL, *path = NULL, *root = NULL;
	size_t n = 0;
	int rc = 0;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		rc = ls_error_set(err, LS_EINVAL, dir, 0, 0, "cannot open folder: %s", strerror(errno));
		if (dfd >= 0)
			close(dfd);
		return rc;
	}
	/* links are judged against the folder as the kernel resolves it */
	if (!(root = realpath(dir, NULL))) {
		rc = ls_error_set(err, LS_EINVAL, dir, 0, 0, "cannot open folder: %s", strerror(errno));
		goto done;
	}
	if ((rc = list_sql(&names, &n, d, dir, err)) < 0)
		goto done;
	size_t dl = strlen(dir);
	for (size_t i = 0; i < n && rc == 0; i++) {
		size_t l = strlen(names[i]);
		char *p = ls_realloc(path, dl + l + 2);
		if (!p) {
			rc = ls_error_set(err, LS_ENOMEM, dir, 0, 0, "out of memory");
			break;
		}
		path = p;
		memcpy(path, dir, dl);
		path[dl] = '/';
		memcpy(path + dl + 1, names[i], l + 1);
		int fd;
		if ((rc = open_entry(&fd, dirfd(d), root, names[i], path, err)) < 0)
			break;
		rc = apply_fd(cat, fd, path, err);
		close(fd);
	}
done:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(path);
	free(root);
	closedir(d);
	return rc;
}

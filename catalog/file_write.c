/* Writing output files safely: temporaries beside the final names, renamed
 * into place when all are written; stale temporaries of dead writers
 * removed. See lockstep/file.h for the contract and the naming scheme. */
#define _POSIX_C_SOURCE 200809L
#include "lockstep/file.h"
#include "lockstep/arena.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MARK ".lockstep-"
#define N_RANDOM 6
#define MAX_NAME 255

static const char ALNUM[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* One file of a set being written. */
typedef struct pending {
	char tmp[MAX_NAME + 1];  /* its temporary name in the folder, "" when none */
} pending;

/* "dir/name" for messages (cut short when long; messages only). */
static const char *where(char *buf, size_t size, const char *dir, const char *name)
{
	if (name)
		snprintf(buf, size, "%s/%s", dir, name);
	else
		snprintf(buf, size, "%s", dir);
	return buf;
}

static int fail(ls_error *err, const char *dir, const char *name, const char *what, int e)
{
	char path[512];
	return ls_error_set(err, LS_EIO, where(path, sizeof path, dir, name), 0, 0, "%s: %s",
			what, strerror(e));
}

/* A plain file name: not empty, no '/', not "." or "..", short enough for
 * its temporary name. */
static bool plain_name(const char *name)
{
	size_t len = strlen(name);
	return len > 0 && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..") &&
			len + sizeof "." MARK "-" + 20 + N_RANDOM <= MAX_NAME;
}

/* N_RANDOM letters and digits from getrandom(2); where it is missing, the
 * clock and a counter (the names need not be secret for safety — O_EXCL
 * refuses any file or link already there — only hard to guess so no one
 * can make every attempt fail). */
static void random_suffix(char out[N_RANDOM + 1])
{
	static unsigned long counter;
	unsigned char r[N_RANDOM];
	if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		unsigned long v = (unsigned long)ts.tv_nsec ^ ((unsigned long)ts.tv_sec << 20) ^
				(++counter * 2654435761UL);
		for (int i = 0; i < N_RANDOM; i++, v = v * 6364136223846793005UL + 1442695040888963407UL)
			r[i] = (unsigned char)(v >> 33);
	}
	for (int i = 0; i < N_RANDOM; i++)
		out[i] = ALNUM[r[i] % (sizeof ALNUM - 1)];
	out[N_RANDOM] = '\0';
}

/* Create a new temporary for name in the folder dfd: *fd open for writing,
 * its name in tmp. Returns 0 or -errno. */
static int create_tmp(int *fd, char tmp[MAX_NAME + 1], int dfd, const char *name)
{
	char rnd[N_RANDOM + 1];
	for (int attempt = 0; attempt < 100; attempt++) {
		random_suffix(rnd);
		snprintf(tmp, MAX_NAME + 1, ".%s" MARK "%ld-%s", name, (long)getpid(), rnd);
		/* 0644: the kernel takes the umask off, as for any new file */
		*fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (*fd >= 0)
			return 0;
		if (errno != EEXIST) {
			tmp[0] = '\0';
			return -errno;
		}
	}
	tmp[0] = '\0';
	return -EEXIST;
}

/* Write all len bytes to fd and flush them to disk. Returns 0 or -errno. */
static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		data += w;
		len -= (size_t)w;
	}
	return fsync(fd) == 0 ? 0 : -errno;
}

/* Write one file to a new temporary in dfd, its name in p->tmp ("" when
 * none was created). */
static int write_tmp(pending *p, int dfd, const char *dir, const ls_file_content *f,
		ls_error *err)
{
	int fd = -1;
	int e = create_tmp(&fd, p->tmp, dfd, f->name);
	if (e < 0)
		return fail(err, dir, f->name, "cannot create a temporary file", -e);
	e = write_all(fd, f->data, f->len);
	if (close(fd) != 0 && e == 0)
		e = -errno;
	/* on failure p->tmp stays set: the caller removes it */
	return e < 0 ? fail(err, dir, f->name, "cannot write", -e) : 0;
}

/* Open the folder dir without following a link at its last name, creating
 * it when asked. Trailing slashes are dropped first: "link/" would resolve
 * through the link. Returns the descriptor or < 0 (err set). */
static int open_dir(int *dfd, const char *dir, bool make, ls_error *err)
{
	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	char path[PATH_MAX];
	if (len >= sizeof path)
		return ls_error_set(err, LS_EINVAL, NULL, 0, 0, "the folder name is too long");
	memcpy(path, dir, len);
	path[len] = '\0';
	const int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	*dfd = open(path, flags);
	if (*dfd < 0 && errno == ENOENT && make) {
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return fail(err, dir, NULL, "cannot create the folder", errno);
		*dfd = open(path, flags);
	}
	if (*dfd >= 0)
		return 0;
	int e = errno;
	struct stat sb;
	if (e == ELOOP || (e == ENOTDIR && lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)))
		return ls_error_set(err, LS_EIO, dir, 0, 0,
				"refusing to write into a symbolic link (give the folder it points to)");
	return fail(err, dir, NULL, "cannot open the folder", e);
}

/* Whether name (a directory entry) is a temporary of the scheme in
 * lockstep/file.h; its PID in *pid. */
static bool temp_pid(long *pid, const char *name)
{
	size_t len = strlen(name);
	if (name[0] != '.' || len < 1 + 1 + sizeof MARK - 1 + 1 + 1 + N_RANDOM)
		return false;
	const char *rnd = name + len - N_RANDOM;
	for (int i = 0; i < N_RANDOM; i++)
		if (!rnd[i] || !strchr(ALNUM, rnd[i]))
			return false;
	if (rnd[-1] != '-')
		return false;
	const char *digits = rnd - 1;
	int n = 0;
	while (digits > name && digits[-1] >= '0' && digits[-1] <= '9' && n < 10)
		digits--, n++;
	size_t mark = sizeof MARK - 1;
	if (n == 0 || digits[0] == '0' || (size_t)(digits - name) < 2 + mark ||
			memcmp(digits - mark, MARK, mark) != 0)
		return false;
	*pid = strtol(digits, NULL, 10);
	return *pid > 0 && *pid <= INT_MAX;
}

/* Remove the stale temporaries of the open folder dfd. */
static int clean_stale(size_t *n_removed, int dfd, const char *dir, ls_error *err)
{
	int fd = dup(dfd);
	if (fd < 0)
		return fail(err, dir, NULL, "cannot read the folder", errno);
	DIR *d = fdopendir(fd);
	if (!d) {
		int e = errno;
		close(fd);
		return fail(err, dir, NULL, "cannot read the folder", e);
	}
	uid_t me = geteuid();
	long self = (long)getpid();
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		long pid;
		struct stat sb;
		if (!temp_pid(&pid, de->d_name) || pid == self)
			continue;
		/* EPERM: alive, another user's process */
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (fstatat(dfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
				!S_ISREG(sb.st_mode) || sb.st_uid != me)
			continue;
		/* unlinkat never follows a link: if the name became one since
		 * fstatat, the link itself goes, not what it points to */
		if (unlinkat(dfd, de->d_name, 0) == 0 && n_removed)
			(*n_removed)++;
	}
	closedir(d);
	return 0;
}

int ls_file_clean_stale(size_t *n_removed, const char *dir, ls_error *err)
{
	int dfd = -1, rc;
	if (n_removed)
		*n_removed = 0;
	if (!dir || !*dir)
		return ls_error_set(err, LS_EINVAL, NULL, 0, 0, "no folder given");
	if ((rc = open_dir(&dfd, dir, false, err)) < 0)
		goto done;
	rc = clean_stale(n_removed, dfd, dir, err);
done:
	if (dfd >= 0)
		close(dfd);
	return rc;
}

/* Refuse, before anything is written, what rename(2) could not replace: a
 * final name that is a folder. */
static int check_targets(int dfd, const char *dir, const ls_file_content *files, size_t n,
		ls_error *err)
{
	for (size_t i = 0; i < n; i++) {
		struct stat sb;
		if (fstatat(dfd, files[i].name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(sb.st_mode))
			return fail(err, dir, files[i].name, "cannot write", EISDIR);
	}
	return 0;
}

int ls_file_write_set(const char *dir, const ls_file_content *files, size_t n_files,
		const ls_file_options *opts, ls_error *err)
{
	const ls_file_options defaults = LS_FILE_OPTIONS_INIT;
	pending *p = NULL;
	int dfd = -1, rc = 0;
	if (!opts)
		opts = &defaults;
	if (!dir || !*dir)
		return ls_error_set(err, LS_EINVAL, NULL, 0, 0, "no folder given");
	for (size_t i = 0; i < n_files; i++)
		if (!plain_name(files[i].name))
			return ls_error_set(err, LS_EINVAL, NULL, 0, 0, "'%s' is not a plain file name",
					files[i].name);
	if (n_files == 0)
		return 0;
	if (!(p = ls_malloc(n_files * sizeof *p)))
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < n_files; i++)
		p[i].tmp[0] = '\0';
	if ((rc = open_dir(&dfd, dir, opts->make_dir, err)) < 0)
		goto done;
	/* best effort: a folder that cannot be listed fails below anyway */
	if (opts->clean_stale) {
		ls_error ignored;
		ls_error_clear(&ignored);
		clean_stale(NULL, dfd, dir, &ignored);
	}
	if ((rc = check_targets(dfd, dir, files, n_files, err)) < 0)
		goto done;
	for (size_t i = 0; i < n_files && rc == 0; i++)
		rc = write_tmp(&p[i], dfd, dir, &files[i], err);
	for (size_t i = 0; i < n_files && rc == 0; i++) {
		if (renameat(dfd, p[i].tmp, dfd, files[i].name) != 0)
			rc = fail(err, dir, files[i].name, "cannot rename into place", errno);
		else
			p[i].tmp[0] = '\0';
	}
	/* the renames themselves reach the disk only with the folder; some
	 * file systems cannot fsync a folder (EINVAL), which is no error */
	if (rc == 0 && fsync(dfd) != 0 && errno != EINVAL && errno != EROFS)
		rc = fail(err, dir, NULL, "cannot flush the folder", errno);
done:
	for (size_t i = 0; i < n_files && p; i++)
		if (p[i].tmp[0])
			unlinkat(dfd, p[i].tmp, 0);
	if (dfd >= 0)
		close(dfd);
	free(p);
	return rc;
}

int ls_file_write(const char *path, const char *data, size_t len, ls_error *err)
{
	if (!path || !*path)
		return ls_error_set(err, LS_EINVAL, NULL, 0, 0, "no file name given");
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	char dir[PATH_MAX];
	size_t dlen = slash ? (size_t)(slash - path) : 1;
	if (dlen >= sizeof dir)
		return ls_error_set(err, LS_EINVAL, NULL, 0, 0, "the file name is too long");
	if (!slash)
		memcpy(dir, ".", 1);
	else if (dlen == 0)
		memcpy(dir, "/", dlen = 1);
	else
		memcpy(dir, path, dlen);
	dir[dlen] = '\0';
	ls_file_content f = {.name = name, .data = data, .len = len};
	ls_file_options o = LS_FILE_OPTIONS_INIT;
	o.make_dir = false;
	return ls_file_write_set(dir, &f, 1, &o, err);
}

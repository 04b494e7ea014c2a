/* lockstep — writing output files safely.
 *
 * Every file lockstep writes (the plan files, reports) goes through here:
 * each file is first written to a temporary name in its destination folder,
 * created with O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC (never through a link,
 * never over a file that exists) and mode 0644 less the umask, written in
 * full with checked writes, flushed with fsync, and only then renamed over
 * the final name. rename(2) replaces whatever is at the final name — a link
 * planted there is replaced by the new regular file, never followed. On any
 * failure the temporaries are removed and the old files are left as they
 * were.
 *
 * Temporary names: ".NAME.lockstep-PID-XXXXXX" beside NAME, where PID is the
 * writer's process id and XXXXXX six random letters and digits (so a name
 * cannot be guessed and planted). A writer killed before it cleaned up
 * (SIGKILL, a power cut) leaves its temporaries behind; the next write into
 * that folder removes those whose PID is no longer alive, when they are
 * regular files owned by the current user. Links and other files are never
 * touched.
 *
 * A write past `ulimit -f` raises SIGXFSZ, which kills the process unless it
 * is ignored: callers ignore it (plans/main.c does) so the write fails with
 * EFBIG and is reported as LS_EIO like any other write error.
 */
#ifndef LOCKSTEP_FILE_H
#define LOCKSTEP_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "lockstep/error.h"

/* One file to write: its name inside the folder (a plain name, no '/') and
 * its bytes. */
typedef struct ls_file_content {
	const char *name;
	const char *data;
	size_t len;
} ls_file_content;

typedef struct ls_file_options {
	unsigned int version;      /* LS_FILE_OPTIONS_VERSION */
	bool make_dir;             /* create the folder (mode 0755 less the umask)
	                            * when it is missing; its parent must exist */
	bool clean_stale;          /* first remove stale temporaries (see above) */
} ls_file_options;

#define LS_FILE_OPTIONS_VERSION 1
#define LS_FILE_OPTIONS_INIT {LS_FILE_OPTIONS_VERSION, true, true}

/* Write the n_files files into the folder dir, all or none: each one to its
 * temporary name first, and only when every one is written and flushed are
 * they renamed into place (then the folder is flushed). opts may be NULL
 * for LS_FILE_OPTIONS_INIT.
 *
 * dir itself must not be a symbolic link (a planted link would send the
 * files elsewhere); the folders above it may be. A final name that is a
 * folder is refused before anything is written.
 *
 * Returns 0; LS_EINVAL for an empty dir or a name that is not a plain file
 * name; LS_EIO naming the file (or the folder) for every failure of the
 * file system — a link at dir, a missing parent, a full disk, EFBIG — with
 * no temporary left behind and the old files intact. Only a failure of
 * rename(2) itself between two renames (an I/O error) can leave some files
 * new and some old; each file is then still whole. */
int ls_file_write_set(const char *dir, const ls_file_content *files, size_t n_files,
		const ls_file_options *opts, ls_error *err);

/* Write one file at path (its folder must exist) the same way. Returns as
 * ls_file_write_set. */
int ls_file_write(const char *path, const char *data, size_t len, ls_error *err);

/* Remove, in the folder dir, the temporaries of writers that are no longer
 * running (the naming scheme above): regular files owned by the current
 * user whose PID does not exist (kill(PID, 0) fails with ESRCH); never a
 * link, never through one. *n_removed (may be NULL) receives how many were
 * removed. Returns 0, or LS_EIO when dir cannot be read. */
int ls_file_clean_stale(size_t *n_removed, const char *dir, ls_error *err);

#endif

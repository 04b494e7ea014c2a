/* Private to catalog/: the few libgit2 calls history.c needs, with libgit2's
 * errors turned into ls_error (unknown revision: LS_EINVAL; unreadable
 * repository: LS_EENV; a missing or damaged object: LS_EIO). */
#ifndef LS_CATALOG_GIT_H
#define LS_CATALOG_GIT_H

#include <git2.h>
#include <stdbool.h>

#include "lockstep/arena.h"
#include "lockstep/error.h"

/* Open the repository at or above path (NULL: "."). */
int ls_git_open(git_repository **out, const char *path, ls_error *err);

/* Resolve rev (rev-parse syntax, peeled to a commit). LS_EINVAL naming rev
 * when there is no such revision; LS_EIO when its objects are missing or
 * damaged. */
int ls_git_resolve(git_oid *out, git_repository *repo, const char *rev, ls_error *err);

/* The commit that ref (peeled through tags) names: *found false when it
 * names none (a dangling symbolic ref, a tag of a tree); LS_EIO when an
 * object on the way is missing or damaged. */
int ls_git_ref_commit(git_oid *out, bool *found, git_repository *repo, git_reference *ref,
		ls_error *err);

/* The commit's root tree. */
int ls_git_commit_tree(git_tree **out, git_commit **commit_out, git_repository *repo,
		const git_oid *commit, ls_error *err);

/* The id and mode of the entry at path in tree ("" is the tree itself,
 * GIT_FILEMODE_TREE); *found false when there is none. */
int ls_git_entry_id(git_oid *out, bool *found, git_filemode_t *mode, git_tree *tree,
		const char *path, ls_error *err);

/* 0 when an entry of this mode is a file lockstep reads (a blob, or an
 * executable one). A symbolic link (its blob is the link's text) or a
 * submodule is LS_EINVAL naming path: a revision's links are never
 * followed nor parsed. */
int ls_git_check_file(git_filemode_t mode, const char *path, ls_error *err);

/* Every file (blob, symlinks too) under path ("" = all) of tree, recursively, as
 * repository-relative paths with their blob ids, in tree order. */
typedef struct ls_git_file {
	const char *path;
	git_oid blob;
	git_filemode_t mode;   /* a blob's mode: GIT_FILEMODE_LINK for a symlink */
} ls_git_file;
int ls_git_list(ls_git_file **out, size_t *n, ls_arena *a, git_repository *repo,
		git_tree *tree, const char *path, ls_error *err);

/* The content of a blob, copied into the arena (NUL-terminated). */
int ls_git_read_blob(const char **data, size_t *len, ls_arena *a, git_repository *repo,
		const git_oid *blob, const char *path, ls_error *err);

/* Give repo lockstep's object database (git_odb.c): libgit2's pack reader
 * and lockstep's loose-object reader, which reports a truncated or corrupt
 * loose object (libgit2 1.5's spins forever on a truncated one), for the
 * objects folder and its alternates. LS_EENV when it cannot be set up. */
int ls_git_odb_install(git_repository *repo, ls_error *err);

/* Whether libgit2's last error is the object database's: an object missing
 * (named by a ref, a commit or a tree) or unreadable. */
bool ls_git_odb_fault(void);

/* Error for a failed libgit2 call: code, with libgit2's last message; the
 * code is LS_EIO, with a hint, when the object database failed. */
int ls_git_error(ls_error *err, int code, const char *what);

#endif

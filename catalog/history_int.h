/* Private to catalog/history*.c: the history handle and the steps shared by
 * catalog-of-a-revision (history.c), the snapshot walk (history_walk.c) and
 * the log (history_log.c). */
#ifndef LS_CATALOG_HISTORY_INT_H
#define LS_CATALOG_HISTORY_INT_H

#include "lockstep/history.h"
#include "lockstep/store.h"

#include "build.h"
#include "git.h"
#include "layout.h"

struct ls_history {
	git_repository *repo;
	ls_store *store;             /* NULL: no store */
	ls_layout_kind kind;         /* from --layout (AUTO: detect) */
	char *path;                  /* from --path, or NULL */
	char *default_store;
	bool progress;               /* stderr is a terminal and it was asked */
	ls_history_warn_fn warn;
	void *warn_ctx;
	ls_history_stats stats;
	char parser[64];             /* parse cache key of this build's parser */
};

/* Where a revision's schema lives: the layout and its folder (or file). */
typedef struct ls_hsource {
	ls_layout_kind kind;
	const char *root;            /* "" = repository root */
	const char *text;            /* "kind:root", the store's source key */
} ls_hsource;

/* One migration of a revision, with the blobs git holds for it. */
typedef struct ls_hfile {
	const char *path;
	git_oid blob;
	const char *version;
	const char *down_path;
	git_oid down_blob;
	bool has_down;
	git_oid introduced;          /* first commit seen with this path and blob */
} ls_hfile;

/* Detect the source in tree: with --layout/--path when given, else the
 * layout ls_layout_find finds in the whole tree (root_override, from
 * REV:PATH, wins over --path). LS_ENOTFOUND when the tree holds no schema. */
int ls_history_source(ls_hsource *out, ls_history *h, git_tree *tree,
		const char *root_override, ls_arena *a, ls_error *err);

/* The migrations of src in tree, in run order (*n = 0 when the source is
 * not in this tree); introduced is set to commit. In arena a. */
int ls_history_files(ls_hfile **out, size_t *n, ls_history *h, git_tree *tree,
		const ls_hsource *src, const git_oid *commit, ls_arena *a, ls_error *err);

/* Read, parse (through the parse cache when there is a store) and apply
 * files[from..n) to cat. Messages name "<short commit>:<path>". after may
 * be NULL (build.h). */
int ls_history_apply(ls_history *h, ls_catalog *cat, const ls_hfile *const *files,
		size_t from, size_t n, const git_oid *commit, ls_after_stmt_fn after, void *ctx,
		ls_error *err);

/* The id of src's root (folder tree or file blob) in tree; *found false when
 * it is not there. */
int ls_history_root_id(git_oid *out, bool *found, git_tree *tree, const ls_hsource *src,
		ls_error *err);

/* Send a warning line to the caller's callback. */
void ls_history_warn(ls_history *h, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* One commit of a walk (history_walk.c). */
typedef struct ls_hrev {
	git_oid commit;
	bool recorded;               /* a revision row exists: key is valid */
	bool failed;                 /* its migrations do not apply */
	bool root_known;
	bool root_found;
	git_oid root;                /* the source's root id in this commit */
	bool files_loaded;
	const ls_hfile **files;      /* its migrations, interned */
	size_t n_files;
	char key[65];                /* snapshot key */
	char base[41];               /* revision it was built on, or "" */
	size_t n_parents;
	struct ls_hrev **parents;    /* those in the walk, in commit order */
	size_t children_left;        /* children in the walk not visited yet */
} ls_hrev;

/* A walk over commits, parents before children, every one recorded in the
 * store (history_walk.c). */
typedef struct ls_hwalk {
	ls_history *h;
	ls_arena *a;                 /* revisions, interned files: the walk's life */
	ls_hsource src;
	ls_hrev **revs;              /* in walk order, parents first */
	size_t n_revs;
	void *index;                 /* commit -> revision, private */
	void *files;                 /* (path, blob) -> interned file, private */
	size_t n_failed;
} ls_hwalk;

/* Walk revs (NULL: every ref) into the store; failed revisions are counted
 * and the first failure's diagnostics kept in err (the walk goes on).
 * Returns 0, or LS_EINVAL after the walk when a revision failed, or another
 * code when the walk itself failed. *out is freed with ls_hwalk_free even on
 * failure. */
int ls_hwalk_run(ls_hwalk **out, ls_history *h, const char *const *revs, size_t n_revs,
		ls_error *err);
void ls_hwalk_free(ls_hwalk *w);

/* The revision of commit in the walk, or NULL. */
ls_hrev *ls_hwalk_find(ls_hwalk *w, const git_oid *commit);

/* Make sure r->files is loaded (from the store, following bases). */
int ls_hwalk_load_files(ls_hwalk *w, ls_hrev *r, ls_error *err);

/* The catalog of a recorded revision, loaded from the store. */
int ls_hwalk_catalog(ls_catalog **out, ls_hwalk *w, ls_hrev *r, ls_error *err);

#endif

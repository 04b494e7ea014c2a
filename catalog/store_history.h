/* Private to catalog/: what history.c keeps in the store (store_schema.c,
 * version 2): the parse cache, revisions, their files and warnings. */
#ifndef LS_CATALOG_STORE_HISTORY_H
#define LS_CATALOG_STORE_HISTORY_H

#include <stddef.h>

#include "lockstep/store.h"

/* The cached parse tree of blob for parser: a malloc'ed copy in *tree
 * (free() it), or LS_ENOTFOUND. */
int ls_store_tree_get(void **tree, size_t *len, ls_store *st, const char *blob,
		const char *parser, ls_error *err);

/* Cache a parse tree (an existing one is kept). */
int ls_store_tree_put(ls_store *st, const char *blob, const char *parser,
		const void *tree, size_t len, ls_error *err);

typedef struct ls_store_revision {
	char key[65];        /* snapshot key */
	char base[41];       /* base commit, or "" */
	size_t n_files;      /* migrations of the revision, base's included */
} ls_store_revision;

/* The recorded revision (commit, source) that this build's catalog model
 * (LS_CATALOG_MODEL) built, or LS_ENOTFOUND: one recorded by another model
 * holds a catalog this build would not make, and is built again. */
int ls_store_revision_get(ls_store_revision *out, ls_store *st, const char *commit,
		const char *source, ls_error *err);

/* One migration row: position in the revision's run order, and its files. */
typedef struct ls_store_file {
	size_t position;
	const char *path;
	const char *blob;
	const char *version;     /* may be NULL */
	const char *down_path;   /* may be NULL */
	const char *down_blob;   /* may be NULL */
} ls_store_file;

/* Call fn for each own file row of a revision (those after its base's), in
 * position order; strings live until fn returns. */
typedef int (*ls_store_file_fn)(void *ctx, const ls_store_file *f, ls_error *err);
int ls_store_revision_files(ls_store *st, const char *commit, const char *source,
		ls_store_file_fn fn, void *ctx, ls_error *err);

/* Call fn for each warning of a revision, in order. */
typedef int (*ls_store_warning_fn)(void *ctx, const char *message, ls_error *err);
int ls_store_revision_warnings(ls_store *st, const char *commit, const char *source,
		ls_store_warning_fn fn, void *ctx, ls_error *err);

/* Record a revision with its own file rows (files[0..n_files_own)) and its
 * warnings, in one transaction, as built by LS_CATALOG_MODEL; a row of
 * another model for the same revision is replaced. base may be NULL. */
int ls_store_revision_add(ls_store *st, const char *commit, const char *source,
		const ls_store_revision *rev, const ls_store_file *files, size_t n_files_own,
		const char *const *warnings, size_t n_warnings, ls_error *err);

/* How many snapshots the store holds. */
int ls_store_count_snapshots(size_t *out, ls_store *st, ls_error *err);

#endif

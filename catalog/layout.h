/* Private to catalog/: migration layouts. Given the files of one revision's
 * tree, find where the schema lives and in which order its migrations run.
 *
 * Pure: no git, no file system. The caller lists the tree's files and gives
 * a reader for the few files whose content decides the order (sqitch.plan,
 * drizzle's meta/_journal.json). history.c uses it for every revision.
 */
#ifndef LS_CATALOG_LAYOUT_H
#define LS_CATALOG_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "lockstep/arena.h"
#include "lockstep/error.h"

typedef enum ls_layout_kind {
	LS_LAYOUT_AUTO = 0,     /* detect */
	LS_LAYOUT_FILE,         /* one schema file: schema.sql, structure.sql, pg_dump -s */
	LS_LAYOUT_FLYWAY,       /* V1__x.sql, V1.1__x.sql, R__x.sql (U1__x.sql undo) */
	LS_LAYOUT_GOLANG,       /* golang-migrate: 0001_x.up.sql + 0001_x.down.sql */
	LS_LAYOUT_DIESEL,       /* <dir>/<version>_name/up.sql + down.sql */
	LS_LAYOUT_PRISMA,       /* <dir>/<ts>_name/migration.sql */
	LS_LAYOUT_DRIZZLE,      /* 0000_name.sql, meta/_journal.json order when present */
	LS_LAYOUT_SQITCH,       /* sqitch.plan, deploy/<change>.sql, revert/<change>.sql */
	LS_LAYOUT_NUMBERED,     /* plain numbered files: 001_x.sql, 2.sql */
	LS_LAYOUT_COUNT
} ls_layout_kind;

/* "file", "flyway", "golang-migrate", "diesel", "prisma", "drizzle",
 * "sqitch", "numbered"; "auto" for LS_LAYOUT_AUTO. Static strings. */
const char *ls_layout_name(ls_layout_kind kind);

/* The kind named by name (as ls_layout_name spells it), or -1. */
int ls_layout_from_name(const char *name);

/* One migration, in run order. Paths are repository-relative, '/'-separated,
 * exactly as given in the tree listing. */
typedef struct ls_migration {
	const char *version;    /* normalized version, compared for duplicates:
	                         * flyway "1.1" (V1_1 and V01.1 give the same),
	                         * golang/numbered/drizzle the number without
	                         * leading zeros, diesel/prisma the folder's
	                         * version prefix, sqitch the change name
	                         * (reworked: "name@tag"); NULL for the single
	                         * file and flyway repeatables */
	const char *name;       /* description part of the name ("create_users") */
	const char *up_path;    /* the file that is applied */
	const char *down_path;  /* its down/undo/revert script, or NULL */
	bool repeatable;        /* flyway R__: runs after every versioned one */
} ls_migration;

typedef struct ls_layout {
	ls_layout_kind kind;
	const char *root;          /* folder the layout lives in ("" = repository
	                            * root), or the schema file itself */
	ls_migration *migrations;  /* run order */
	size_t n_migrations;
} ls_layout;

/* Reads a file of the same tree: *data (NUL-terminated, length *len) lives in
 * arena a. Returns 0, LS_ENOTFOUND if there is no such file, or another code
 * with err set. */
typedef int (*ls_layout_read_fn)(void *ctx, ls_arena *a, const char *path,
		const char **data, size_t *len, ls_error *err);

/* Find the layout among paths (every file of the tree, any order) and order
 * its migrations. kind LS_LAYOUT_AUTO detects it; root NULL searches the whole
 * tree, else only that folder (or that file, which makes it LS_LAYOUT_FILE).
 * Everything in *out lives in arena a.
 *
 * Returns 0; LS_ENOTFOUND when the tree holds no schema in that place (a
 * revision before the schema existed: the caller treats it as empty); or
 * LS_EINVAL with err naming the problem: several candidate folders (the
 * message lists them and the hint says --path), a plan or journal that cannot
 * be read or names a missing file. */
int ls_layout_find(ls_layout *out, ls_arena *a, const char *const *paths,
		size_t n_paths, ls_layout_kind kind, const char *root,
		ls_layout_read_fn read, void *ctx, ls_error *err);

#endif

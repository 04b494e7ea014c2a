/* lockstep — schema history from git.
 *
 * A project's schema lives in git as a schema file or a migrations folder
 * (flyway, golang-migrate, diesel, prisma, drizzle, sqitch, plain numbered
 * files). The catalog of a revision is the replay of that revision's
 * migrations in the layout's order, read straight from git objects with
 * libgit2: no checkout, no database.
 *
 * With a store (store.h), parse trees are cached by git blob id, each
 * revision's catalog is recorded as a snapshot, and a revision whose
 * migrations are its parent's plus new ones starts from the parent's
 * snapshot and applies only the new files. Object identity (ids) carries
 * through the replay, so a RENAME keeps it.
 */
#ifndef LOCKSTEP_HISTORY_H
#define LOCKSTEP_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lockstep/catalog.h"
#include "lockstep/error.h"

typedef struct ls_history ls_history;

/* A warning about the history itself (an edited migration, ...): one line
 * without the "warning: " prefix. */
typedef void (*ls_history_warn_fn)(void *ctx, const char *message);

typedef struct ls_history_options {
	unsigned int version;
	const char *layout;        /* "auto" or NULL, "file", "flyway", ... */
	const char *path;          /* schema folder or file in the tree, or NULL */
	const char *store;         /* SQLite store file, or NULL for none */
	bool progress;             /* progress lines on stderr */
	ls_history_warn_fn warn;   /* NULL: warnings are dropped */
	void *warn_ctx;
} ls_history_options;

#define LS_HISTORY_OPTIONS_VERSION 1
#define LS_HISTORY_OPTIONS_INIT {LS_HISTORY_OPTIONS_VERSION, NULL, NULL, NULL, false, NULL, NULL}

/* Open the repository at or above repo (NULL: the current folder).
 * LS_EENV when there is none or it cannot be read; LS_EINVAL for a bad
 * option (unknown layout). Freed with ls_history_free. */
int ls_history_open(ls_history **out, const char *repo, const ls_history_options *opts,
		ls_error *err);

void ls_history_free(ls_history *h);

/* The default store of the repository: "<git dir>/lockstep.sqlite".
 * Borrowed from h. */
const char *ls_history_default_store(ls_history *h);

/* Whether rev names a revision of the repository (anything git rev-parse
 * accepts that peels to a commit, or REV:PATH). */
bool ls_history_is_revision(ls_history *h, const char *rev);

/* Build the catalog of one revision: rev is anything git rev-parse accepts
 * (branch, tag, HEAD~3, short id) or REV:PATH, PATH naming the schema folder
 * or file in that revision. LS_EINVAL for an unknown revision (naming it),
 * a file PostgreSQL would refuse (path:line:col, err->commit set); LS_EENV
 * for missing objects (a shallow clone). */
int ls_history_catalog(ls_catalog **out, ls_history *h, const char *rev, ls_error *err);

/* What one snapshot run did (counted, so tests can check the cache). */
typedef struct ls_history_stats {
	size_t revisions;       /* commits that changed the schema, recorded */
	size_t new_snapshots;   /* snapshots not in the store before */
	size_t files_parsed;    /* files given to the SQL parser */
	size_t cache_hits;      /* files whose parse tree came from the store */
	size_t commits_walked;  /* every commit visited */
} ls_history_stats;

/* Record the catalog of revs (n_revs of them) and of every commit they
 * reach, or of every commit reachable from any ref when revs is NULL, into
 * the store (options.store; required). Commits already recorded are not
 * read again. */
int ls_history_snapshot(ls_history_stats *stats, ls_history *h, const char *const *revs,
		size_t n_revs, ls_error *err);

/* One change between a revision and its parent. */
typedef struct ls_history_change {
	char op;                 /* '+' added, '-' dropped, '~' altered, '>' renamed */
	const char *kind;        /* "table", "column", "view", ... */
	const char *name;        /* qualified name in the revision (old one for '-') */
	const char *old_name;    /* '>': the name before */
} ls_history_change;

/* A statement of the revision's new files that changed the object asked
 * for. */
typedef struct ls_history_statement {
	const char *path;
	int line;
	const char *sql;
} ls_history_statement;

/* One revision that changed the schema (or the object asked for). */
typedef struct ls_history_entry {
	char commit[41];
	const char *author;      /* "Name <email>" */
	int64_t time;            /* author time, seconds since the epoch */
	int offset;              /* author's UTC offset, minutes */
	const char *subject;
	const ls_history_change *changes;
	size_t n_changes;
	const ls_history_statement *statements;  /* only for an object's log */
	size_t n_statements;
} ls_history_entry;

typedef int (*ls_history_log_fn)(void *ctx, const ls_history_entry *e, ls_error *err);

/* Walk the first-parent history of rev (NULL: HEAD), newest first, and call
 * fn for each commit that changed the schema, or — when object is not NULL
 * ("schema.table", "schema.table.column", "schema.view", ...) — that changed
 * that object, following it through renames. Uses (and fills) the store
 * when options.store is set. LS_ENOTFOUND when object never existed. */
int ls_history_log(ls_history *h, const char *rev, const char *object,
		ls_history_log_fn fn, void *ctx, ls_error *err);

#endif

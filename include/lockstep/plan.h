/* lockstep — diff and plan: from one catalog to another.
 *
 * ls_plan_build compares two catalogs and writes the steps that take a
 * database holding FROM to exactly TO (the up plan) and back (the down
 * plan). Renames are matched first: given (--rename), from history
 * identity, or inferred by similarity with a confidence; a plausible rename
 * that is not confident enough stops the plan (LS_EINVAL) rather than drop
 * a table or column that holds data. Every plan is checked before it is
 * returned: its SQL, applied to FROM offline, must give TO's catalog.
 */
#ifndef LOCKSTEP_PLAN_H
#define LOCKSTEP_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "lockstep/arena.h"
#include "lockstep/catalog.h"
#include "lockstep/error.h"
#include "lockstep/stats.h"

typedef enum ls_change_type {
	LS_CHANGE_ADD,
	LS_CHANGE_DROP,
	LS_CHANGE_ALTER,
	LS_CHANGE_RENAME
} ls_change_type;

/* One difference between the catalogs, for `lockstep diff`. */
typedef struct ls_change {
	ls_change_type type;
	const char *kind;        /* "table", "column", "index", ... */
	const char *name;        /* qualified, quoted as SQL needs ("public.t.c") */
	const char *new_name;    /* RENAME: the new name */
	const char *detail;      /* ALTER: what changed ("type integer -> bigint") */
} ls_change;

/* A matched rename and why it was believed. */
typedef struct ls_rename {
	const char *kind;
	const char *from;
	const char *to;
	double confidence;       /* 1 for given and history; else similarity */
	const char *reason;      /* "given", "history", "similarity", "same definition" */
} ls_rename;

typedef struct ls_lock {
	const char *relation;    /* as named before the step runs */
	const char *mode;        /* pg_locks.mode: "AccessExclusiveLock", ... */
} ls_lock;

/* The long work a step does: what its duration grows with. */
typedef enum ls_work {
	LS_WORK_NONE,            /* catalog changes only */
	LS_WORK_SCAN,            /* reads every row (a CHECK validated, a default
	                          * partition searched, max() of a column) */
	LS_WORK_FK_SCAN,         /* reads every row and looks each up in the
	                          * referenced table (a foreign key validated) */
	LS_WORK_INDEX,           /* builds an index: reads and sorts every row */
	LS_WORK_REWRITE,         /* writes the table anew, its indexes rebuilt */
	LS_WORK_COPY,            /* copies every row, in batches (partition swap) */
	LS_WORK_QUERY            /* runs a query or body whose cost is not a table's
	                          * size (a materialized view filled, a domain's
	                          * check over its columns) */
} ls_work;

/* The word plan.json and plan.md give work w ("scan", "rewrite", ...). */
const char *ls_work_name(ls_work w);

/* A relation whose size a step's work grows with. */
typedef struct ls_work_on {
	const char *schema, *name;
	const char *qname;       /* quoted as SQL needs ("public.\"Order\"") */
} ls_work_on;

typedef struct ls_precheck {
	const char *name;        /* what it checks, in words */
	const char *sql;         /* a query returning the rows that violate it (none: it holds) */
} ls_precheck;

typedef struct ls_step {
	const char *action;      /* "create table", "alter column type", ... */
	const char *object;      /* the object's qualified name */
	const char *sql;         /* statements, each ending in ";\n" */
	bool transactional;
	ls_lock *locks;
	size_t n_locks;
	bool rewrites;
	bool scans;
	const char *risk;        /* low, medium, high */
	ls_precheck *prechecks;
	size_t n_prechecks;
	const char *rollback;    /* SQL undoing the step, or NULL */
	const char *loses;       /* data this step loses (irreversible), or NULL */
	bool rows_kept;          /* with loses: what goes is a copy, its rows live
	                          * on elsewhere (the partition swap's old table):
	                          * irreversible, but no data lost */
	const char *recipe;      /* the recipe that made it ("plain", "unique index
	                          * concurrently", ...) */
	const char *plain;       /* what the plain statement would have locked and
	                          * done, in words; NULL for a plain step */
	size_t group;            /* its transaction group, from 1 */
	const char *cleanup;     /* outside a transaction: SQL that clears what a
	                          * failed run of the step left (an invalid index)
	                          * before it is run again, or NULL */
	bool repeatable;         /* outside a transaction: a run that stopped
	                          * part-way is run again, or undone by rollback,
	                          * as it is (a batched copy, a VACUUM) */
	ls_work work;            /* the heaviest work it does */
	ls_work_on *work_on;     /* the relations it does it on */
	size_t n_work_on;
	double estimate_ms;      /* how long it runs, from --stats; -1: unknown */
	double lock_ms;          /* how long it holds its strongest lock (to its
	                          * group's end); -1: unknown */
} ls_step;

/* A transaction group: consecutive steps that run together, in one
 * transaction when they may. The database is only ever left at a group
 * boundary. */
typedef struct ls_group {
	size_t first, n;         /* its steps: steps[first .. first + n - 1] */
	bool transactional;      /* BEGIN ... COMMIT around it (false: one step
	                          * that must run outside a transaction) */
	bool exclusive;          /* holds AccessExclusiveLock on something */
	bool long_work;          /* scans, rewrites or builds an index */
	const char *lock_timeout;      /* e.g. "100ms" */
	const char *statement_timeout; /* "0" for none */
	const char *window;      /* what it blocks and for how long, in words */
	bool undo;               /* its steps' rollbacks, run last first, take the
	                          * database back to the boundary before it
	                          * (checked offline) */
	bool undo_with_previous; /* ... to the boundary before the group before it
	                          * (a key swap undone takes its index build
	                          * along): both leave the ledger together */
} ls_group;

typedef struct ls_plan_side {
	ls_step *steps;
	size_t n_steps;
	ls_group *groups;
	size_t n_groups;
} ls_plan_side;

typedef struct ls_plan {
	ls_arena *arena;
	ls_change *changes;
	size_t n_changes;
	ls_rename *renames;
	size_t n_renames;
	ls_plan_side up;         /* FROM -> TO */
	ls_plan_side down;       /* TO -> FROM */
	const char **warnings;
	size_t n_warnings;
	const char *id;          /* the plan's identity in the ledger: a hash of
	                          * both sides' SQL */
	const char *stats_taken_at; /* --stats: when the statistics were read
	                          * (the steps' estimates are from them); NULL */
	int pg_version;          /* the PostgreSQL major version planned for */
} ls_plan;

typedef struct ls_plan_options {
	const char *const *renames; /* "s.t=s.u", "s.t.c=d"; "s.t=" means not renamed */
	size_t n_renames;
	bool identity;           /* both catalogs come from one history: ids match */
	bool plain;              /* --no-online: the plain statements, for a
	                          * database without rows or traffic */
	const char *const *attach; /* "s.t=s.p": the partition swap of table s.t
	                          * attaches it as TO's partition s.p, no copy */
	size_t n_attach;
	const ls_stats *stats;   /* --stats: table sizes, for the estimates */
	int pg_version;          /* --pg-version: 11-17; 0: the stats' server's,
	                          * else 15 */
} ls_plan_options;

#define LS_PLAN_OPTIONS_INIT {NULL, 0, false, false, NULL, 0, NULL, 0}

/* What a lock mode (as pg_locks spells it) blocks while it is held or
 * waited for: LS_BLOCKS_* bits. */
#define LS_BLOCKS_READS 1
#define LS_BLOCKS_WRITES 2
#define LS_BLOCKS_DDL 4
int ls_lock_blocks(const char *mode);

/* Risk levels, lowest first: none, low, medium, high, critical (README
 * "Risk levels"); the rank of one (0-4; 1 for an unknown word), and a
 * side's highest ("none" for no steps). */
int ls_risk_rank(const char *risk);
const char *ls_plan_max_risk(const ls_plan_side *side);

/* Diff and plan. from and to are sorted and read, not changed otherwise. */
int ls_plan_build(ls_plan **out, ls_catalog *from, ls_catalog *to,
		const ls_plan_options *opts, ls_error *err);

void ls_plan_free(ls_plan *p);

/* The whole side as one script (steps in order, each headed by a comment
 * with its number, action, object and risk). malloc'ed. */
char *ls_plan_side_sql(const ls_plan_side *side, const char *title);

#endif

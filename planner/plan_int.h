/* Private to planner/: the state of one plan being built.
 *
 * A plan is built per direction (up: FROM -> TO, down: TO -> FROM) by
 * pl_side: renames first (renames.c), applied to a copy of the source
 * catalog; then both catalogs as scattered scripts (script.h), their nodes
 * classified (diff.c); then the steps (steps.c) in phases (order.c):
 *   1. drops of dependent things (views, constraints, indexes, triggers,
 *      ...) and of what is replaced, in reverse dependency order;
 *   2. creates and alters, in TO's dependency order;
 *   3. drops of tables, sequences, functions, types, schemas, in reverse
 *      dependency order;
 *   4. comments and privileges.
 * The steps are then applied offline to another copy of the source
 * catalog, which must come out equal to the target (plan.c).
 */
#ifndef LS_PLANNER_PLAN_INT_H
#define LS_PLANNER_PLAN_INT_H

#include "lockstep/plan.h"
#include "lockstep/buf.h"
#include "lockstep/script.h"

#include <stdbool.h>
#include <stddef.h>

/* What happens to a script node. */
enum {
	PL_KEEP = 0,
	PL_CREATE,      /* TO node without a FROM node */
	PL_DROP,        /* FROM node without a TO node */
	PL_REPLACE,     /* dropped in phase 1, created in phase 2 */
	PL_IN_PLACE,    /* CREATE OR REPLACE (functions) */
	PL_ALTER,       /* tables, types, sequences, extensions: ALTER statements;
	                 * a CHECK or FOREIGN KEY that only becomes valid: VALIDATE;
	                 * a trigger that is only enabled or disabled */
	PL_DROPPED,     /* a PL_DROP node dropped early, its name wanted by a create */
};

/* One rename, by kind. For a column, schema/table name the table as it is
 * in FROM (f_*) and in TO (t_*). */
typedef struct pl_rename {
	char kind;                   /* n schema, r table, c column, v view, S sequence,
	                              * T type, F function, L collation */
	const char *f_schema, *f_table, *f_name;
	const char *t_schema, *t_table, *t_name;
	double confidence;
	const char *reason;
} pl_rename;

/* A table the partition swap recipe turns into TO's (recipes/swap.c). */
typedef struct pl_swap {
	const char *schema, *name;
	const char *attach_schema;   /* --attach: the old table becomes this
	                              * partition of TO's, no copy; or NULL */
	const char *attach_name;
} pl_swap;

/* What a PostgreSQL version has that a plan depends on (versions.c). */
typedef enum pl_feature {
	PL_FEATURE_FAST_DEFAULT,        /* 11 */
	PL_FEATURE_NOT_NULL_BY_CHECK,   /* 12 */
	PL_FEATURE_ATTACH_SHARE_UPDATE, /* 12 */
	PL_FEATURE_DETACH_CONCURRENTLY, /* 14 */
	PL_FEATURE_NULLS_NOT_DISTINCT   /* 15 */
} pl_feature;

typedef struct pl_side {
	ls_arena *a;                 /* the plan's arena */
	ls_plan *plan;
	bool up;                     /* the FROM -> TO side (changes are listed) */
	ls_catalog *from;            /* the side's source, as given */
	ls_catalog *cur;             /* source after the renames */
	ls_catalog *to;
	const pl_rename *renames;    /* oriented for this side */
	size_t n_renames;
	ls_catalog *work;            /* cur with every step so far applied */
	ls_script *sf, *st;          /* scripts of cur and to */
	unsigned char *fstate, *tstate;
	size_t *adopt;               /* per TO node: the FROM index node that its new
	                              * key takes USING INDEX, else LS_SCRIPT_NONE;
	                              * NULL for none at all (diff.c) */
	ls_step *steps;
	size_t n_steps;
	bool plain;                  /* --no-online: the plain statements only */
	int pg_version;              /* the server the plan is for (11-17) */
	const char *const *attach;   /* --attach (the up side only) */
	size_t n_attach;
	size_t group;                /* the group of the last step (groups.c) */
	bool unit, open;             /* inside a unit; the next step joins it */
	const ls_script_node **deferred; /* FROM's keys and foreign keys whose
	                              * drop waits for a key swap (recipes/) */
	size_t n_deferred;
	unsigned n_temporary;        /* temporary names given (recipes/key.c) */
	pl_swap *swaps;              /* tables swapped (recipes/swap.c) */
	size_t n_swaps;
	ls_error *err;
} pl_side;

/* --- versions.c --- */

/* Whether the side's PostgreSQL version has f. */
bool pl_has(const pl_side *s, pl_feature f);
/* "PostgreSQL 11 lacks ... (12 and later): what the plan does instead". */
const char *pl_lacks(pl_side *s, pl_feature f);
/* TO refused when it declares what the version cannot build. */
int pl_version_check(pl_side *s);

/* --- renames.c --- */

/* Split "a.b.c" at dots outside double quotes, unquoted, into parts (at
 * most 3, in a); the number of parts, 0 when s is not such a name. */
size_t pl_split_name(ls_arena *a, const char *s, const char **parts);

/* Match the renames from FROM to TO: given, by identity, by similarity
 * (tables, enum types, columns). Plausible but uncertain renames are
 * LS_EINVAL: a first diagnostic with every renaming --rename, then one per
 * question naming both and the two --rename arguments that settle it. The
 * list lands in the arena. */
int pl_match_renames(ls_arena *a, ls_catalog *from, ls_catalog *to,
		const ls_plan_options *o, pl_rename **out, size_t *n, ls_error *err);

/* Lock, in mode, the sequences that FROM's table schema.table owns (of
 * column only, unless NULL): a drop, a schema move or SET [UN]LOGGED of the
 * table or column takes them along; not one that an earlier step released
 * (OWNED BY NONE). */
void pl_lock_owned(pl_side *s, ls_step *st, const char *schema, const char *table,
		const char *column, const char *mode);

/* Lock, in mode, every partition (at every level) that catalog c gives
 * the partitioned table schema.table: ALTER TABLE on a partitioned table
 * recurses, and an index, key, check, foreign key or row trigger is cloned
 * onto each partition. Nothing for a table that is not partitioned. */
/* Lock the default partition of work's partitioned table schema.parent
 * (and, with partitions, its own partitions), unless it is the table
 * self_schema.self_name: creating, dropping, attaching or detaching
 * another partition takes AccessExclusiveLock on it, whose partition
 * constraint changes (a new or attached partition makes the server scan
 * it, partitions and all, for rows of the new bounds; a drop or a detach
 * locks the default partition alone). The default partition locked, or
 * NULL. */
const ls_table *pl_lock_default_partition(pl_side *s, ls_step *st, const char *schema,
		const char *parent, const char *self_schema, const char *self_name, bool partitions);
void pl_lock_partitions(pl_side *s, ls_step *st, ls_catalog *c, const char *schema,
		const char *table, const char *mode);

/* Whether a table of s->work lists schema.name among its INHERITS
 * parents: ALTER TABLE on it then goes without ONLY where the server
 * requires or passes the change down (columns, CHECKs). */
bool pl_has_children(const pl_side *s, const char *schema, const char *name);

/* Lock, in mode, every inheritance descendant that s->work gives
 * schema.name: a column change or a CHECK dropped on a parent reaches
 * each (find_all_inheritors). */
void pl_lock_children(pl_side *s, ls_step *st, const char *schema, const char *name,
		const char *mode);

/* Lock what creating (or replacing) f parses: its SQL-standard body's
 * INSERT, UPDATE or DELETE targets in RowExclusiveLock, every other
 * relation it names in AccessShareLock (nothing for any other body). */
void pl_lock_body_writes(pl_side *s, ls_step *st, const ls_function *f);

/* Creating (or replacing) view v reads the relations its query names:
 * AccessShareLock on each; a materialized view created WITH DATA runs its
 * query, and also reads what the views and the SQL-standard functions it
 * reaches read (ls_catalog_reads). */
void pl_lock_view_reads(pl_side *s, ls_step *st, const ls_view *v);

/* AccessShareLock on every relation of s->work that text (of kind) reads,
 * parsed or, with LS_READS_RUN, run (ls_catalog_reads). What an opaque
 * body would read is not claimed: it cannot be known. Out of memory marks
 * s->a failed. */
void pl_lock_reads(pl_side *s, ls_step *st, const char *text, ls_reads_kind kind,
		unsigned flags);

/* Equal definitions, names aside. */
/* "schema"."name", each part quoted as PostgreSQL needs, in s->a. */
const char *pl_qname(pl_side *s, const char *schema, const char *name);

bool pl_same_constraint(const ls_constraint *a, const ls_constraint *b);
/* Whether two indexes are built alike. Their options (storage parameters,
 * names unique) are compared as sets: another order is the same index to
 * the server, and phase 4 puts them in TO's order (steps_meta.c). */
bool pl_same_index(const ls_index *a, const ls_index *b);
/* Whether two lists hold the same strings, in any order (options, the
 * columns of a key). */
bool pl_same_options(const char *const *a, size_t na, const char *const *b, size_t nb);

/* Append to b the statements that turn a relation's storage parameters
 * `from` into `to`, in to's order, as the server keeps them: "ALTER RESET
 * (...)" of the names to lacks, then "ALTER SET (...)" of to's options
 * past those that stay in place (alter is "ALTER TABLE x" or the like; a
 * table's "toast." options are ordered apart, as the server keeps them).
 * Nothing when they are equal. *weak is cleared when an option named
 * takes AccessExclusiveLock. (steps_table.c) */
void pl_options_sql(ls_buf *b, const char *alter, const char *const *from, size_t nf,
		const char *const *to, size_t nt, bool *weak);

/* The same renames seen from TO to FROM. */
pl_rename *pl_invert_renames(ls_arena *a, const pl_rename *r, size_t n);

/* Rename steps for s->renames (types; schemas a table is renamed into;
 * tables, ordered or renamed aside so that no name collides; columns),
 * then the names derived from them (keys, indexes, sequences, triggers,
 * policies whose definition is unchanged), each applied to s->cur as it is
 * added. */
int pl_rename_steps(pl_side *s);

/* The FROM name of a relation named (schema, name) after the renames, for
 * pre-checks that run before the plan; column likewise (NULL: same). */
void pl_source_name(const pl_side *s, const char **schema, const char **name);
const char *pl_source_column(const pl_side *s, const char *schema, const char *table,
		const char *column);

/* --- diff.c --- */

/* Classify the nodes of s->sf and s->st (fstate, tstate). */
int pl_classify(pl_side *s);
/* Whether FROM's node is a function the plan drops or replaces. */
bool pl_is_dropped_function(const pl_side *s, size_t node);

/* --- steps.c --- */

/* Append a step. sql and rollback are copied. */
ls_step *pl_add_step(pl_side *s, const char *action, const char *object,
		const char *sql, const char *rollback);
/* Append a step and apply it to s->work; *out (may be NULL) gets the step.
 * NULL sql (out of memory) or a step that does not apply is an error. */
int pl_emit(pl_side *s, ls_step **out, const char *action, const char *object,
		const char *sql, const char *rollback);
/* Append and apply a CREATE [UNIQUE] INDEX CONCURRENTLY (sql) of index
 * qindex: outside a transaction; a build that stopped left an invalid index
 * of that name, which the cleanup drops before a retry, and the undo drops
 * it the same way (DROP INDEX CONCURRENTLY IF EXISTS: reads and writes go
 * on). With qtable, the step scans it under ShareUpdateExclusiveLock, is
 * made by recipe and replaces what plain says; without, the caller says
 * what the step locks. */
int pl_emit_concurrent_build(pl_side *s, ls_step **out, const char *action, const char *qindex,
		const char *sql, const char *qtable, const char *recipe, const char *plain);
void pl_lock(pl_side *s, ls_step *st, const char *relation, const char *mode);
/* What long work step st does, on table schema.name (NULL: not a table's
 * size): the heaviest kind given is the step's. */
void pl_work(pl_side *s, ls_step *st, ls_work kind, const char *schema, const char *name);
/* Add a warning to the plan (printf format, in the plan's arena). */
void pl_warn(pl_side *s, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void pl_precheck(pl_side *s, ls_step *st, const char *name, const char *sql);
void pl_change(pl_side *s, ls_change_type type, const char *kind, const char *name,
		const char *new_name, const char *detail);

/* The statement that drops a node's object. */
const char *pl_drop_sql(pl_side *s, const ls_script_node *n);
/* Steps altering the table of s->work named like t into t. */
int pl_alter_table(pl_side *s, const ls_table *t);
/* When the sequence schema.name of s->work is the identity sequence of a
 * column that TO keeps without identity, drop the identity now: a
 * sequence TO creates wants the name (identity -> serial). */
int pl_drop_identity_named(pl_side *s, const char *schema, const char *name);
/* Drop the defaults of FROM's table node n that call a function the plan
 * drops or replaces (phase 1); phase 2 sets TO's again. */
int pl_drop_defaults_calling(pl_side *s, const ls_script_node *n);
/* The step that validates TO's CHECK or FOREIGN KEY node t, NOT VALID in
 * s->work: ALTER TABLE ... VALIDATE CONSTRAINT, a scan under
 * ShareUpdateExclusiveLock (and RowShareLock on the referenced table). */
int pl_validate_constraint(pl_side *s, const ls_script_node *t);
/* The step that adds TO's PRIMARY KEY or UNIQUE node t over FROM's index
 * node x, which work holds: ALTER TABLE ... ADD CONSTRAINT ... USING INDEX
 * (the index takes the constraint's name), no build. */
int pl_add_key_using_index(pl_side *s, const ls_script_node *t, const ls_script_node *x);
/* The step that sets TO's trigger node t enabled, disabled, REPLICA or
 * ALWAYS, as s->work has it otherwise: ALTER TABLE ... ENABLE|DISABLE
 * TRIGGER, ShareRowExclusiveLock on the table. */
int pl_trigger_state(pl_side *s, const ls_script_node *t);
/* When work's partition w may be detached CONCURRENTLY, the name of the
 * CHECK constraint that the server then adds to it (a copy of its
 * partition constraint); NULL when it may not, or the name is not certain
 * (steps_detach.c). */
const char *pl_detach_check_name(pl_side *s, const ls_table *w);
/* Pre-checks of a constraint or index created on a table that holds rows. */
void pl_node_prechecks(pl_side *s, ls_step *st, const ls_script_node *n);
/* The rows of TO's table t as FROM holds them, for pre-checks that run
 * before the plan: "s.t" or "(SELECT old AS new, ...) AS t". */
const char *pl_source_rel(pl_side *s, const ls_table *t);
/* Steps altering the type, sequence or extension of s->work named like t
 * into t. */
int pl_alter_type(pl_side *s, const ls_type *t);
int pl_alter_sequence(pl_side *s, const ls_sequence *t);
int pl_alter_extension(pl_side *s, const ls_extension *t);
/* Whether enum f becomes t only by being recreated (a value removed or
 * moved): the columns using it are recast. */
bool pl_enum_recreated(const ls_type *f, const ls_type *t);
/* Comments and privileges (phase 4). */
int pl_meta_steps(pl_side *s);
/* GRANT/REVOKE taking privileges `from` to `to` on `on` ("TABLE s.t"); col
 * names a column privilege; pre (or NULL) goes before each statement. */
void pl_grant_diff(ls_buf *b, const char *pre, const char *on, const char *col,
		const ls_grant *from, size_t nf, const ls_grant *to, size_t nt);
/* Locks, risk and pre-checks of a create/drop node step. */
void pl_node_effects(pl_side *s, ls_step *st, const ls_script_node *n, bool create);
const char *pl_node_name(pl_side *s, const ls_script_node *n);
const char *pl_kind_word(ls_script_kind k);

/* --- order.c --- */

/* The step dropping FROM's node n (record: list the change). */
int pl_drop_node(pl_side *s, const ls_script_node *n, bool record);
/* All steps of the side after the renames, in phase order. */
int pl_order_steps(pl_side *s);
/* Drop now FROM's sequence schema.name that the plan drops in phase 3, when
 * work still holds it: a step of phase 2 wants its name (ADD IDENTITY of a
 * serial column whose sequence had the name the identity's gets). */
int pl_drop_sequence_now(pl_side *s, const char *schema, const char *name);

/* --- plan.c --- */

/* A copy of cat built from its schema script (identity is not kept). */
int pl_clone(ls_catalog **out, ls_catalog *cat, ls_error *err);
/* Apply a step's SQL to cat; a failure is an internal error naming it. */
int pl_apply(ls_catalog *cat, const char *sql, const char *what, ls_error *err);

/* --- groups.c --- */

/* Steps emitted between pl_unit_begin and pl_unit_end form one
 * transaction group (a table's alters, a key swap); any other step is a
 * group of its own. pl_unit_break ends the current group inside a unit:
 * the next step starts another. */
void pl_unit_begin(pl_side *s);
void pl_unit_break(pl_side *s);
void pl_unit_end(pl_side *s);
/* The side's groups from its steps' group numbers: a step that must run
 * outside a transaction is split into a group of its own; each group gets
 * its lock window, its timeouts, and whether its steps' rollbacks undo it
 * exactly, checked offline from the catalog before the group (start: a
 * copy of the side's source). *gave gets the catalog all the steps give,
 * for the caller to free (NULL on failure). */
int pl_groups(pl_side *s, ls_plan_side *side, ls_catalog **gave);

/* --- check_diff.c --- */

/* What differs between two catalog JSON texts (ls_catalog_to_json), for
 * the self-check's message: the object as SQL names it (kind, quoted
 * schema-qualified name, a function's identity arguments, the entry of a
 * table such as a column) and the attribute with both values quoted as
 * tokens, e.g. "function public.f(integer): grants is '[...]' after the
 * plan, '[...]' wanted"; or that an object is missing or extra. Never a
 * position in the JSON. *out is from a (NULL when a fails: see
 * ls_arena_failed). Returns 1 when the texts differ, 0 when equal. */
int pl_catalog_difference(ls_arena *a, const char *got, const char *want, const char **out);

#endif

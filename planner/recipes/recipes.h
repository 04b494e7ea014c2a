/* Private to planner/: the online recipes, chosen by the step builder
 * unless the plan is --no-online (issue 14; README "Online recipes").
 *
 * A recipe turns one change that the plain statement would make under a
 * long lock into steps whose strong locks are held for catalog changes
 * only, the long work (an index build, a validation) done under a lock
 * that blocks no reads or writes:
 *   key.c         PRIMARY KEY / UNIQUE: CREATE UNIQUE INDEX CONCURRENTLY,
 *                 then ADD CONSTRAINT ... USING INDEX; a key that replaces
 *                 another is swapped in one short transaction with the
 *                 foreign keys that reference it;
 *   constraint.c  FOREIGN KEY and CHECK: ADD ... NOT VALID, then VALIDATE;
 *                 SET NOT NULL through a validated CHECK;
 *   index.c       an index on a partitioned table: each partition's built
 *                 concurrently, then ON ONLY the parent and attached;
 *   partition.c   a partition created or dropped beside a default
 *                 partition, its rows moved;
 *   swap.c        a table that changes its partitioning: built beside,
 *                 kept in sync by a trigger, copied in batches, swapped
 *                 (swap_copy.c); or, with --attach, the old table attached
 *                 as one of TO's partitions (swap_attach.c).
 * Each step says which recipe made it and what the plain statement would
 * have locked (ls_step.recipe, ls_step.plain).
 */
#ifndef LS_PLANNER_RECIPES_H
#define LS_PLANNER_RECIPES_H

#include "../plan_int.h"

/* The work table schema.name when a recipe may replace a plain statement
 * on it: online plans, a regular table (not partitioned, not a partition)
 * that held rows before the plan. NULL otherwise. */
const ls_table *pl_online_table(pl_side *s, const char *schema, const char *name);

/* Phase 1 asks before dropping FROM's node n: true when the drop waits
 * for a key swap of phase 2 (n is a key that TO replaces by one the key
 * recipe builds, or a foreign key that references such a key); n is then
 * on s->deferred. */
bool pl_defer_drop(pl_side *s, const ls_script_node *n);

/* Whether the DROP NOT NULL of column col of work table w waits for the
 * drop of a deferred primary key over it (the server refuses it while the
 * key stands): the key's drop emits it. */
bool pl_not_null_waits(pl_side *s, const ls_table *w, const char *col);

/* Drop now the deferred node whose key is `key` (a create of phase 2
 * wants its name), or every deferred node left (key NULL: the end of
 * phase 2). */
int pl_drop_deferred(pl_side *s, const char *key);

/* TO's partition t (a table node) created beside a default partition
 * that held rows, its rows of t's bounds moved out and back in through
 * the parent in the same step (recipes/partition.c); *done when emitted,
 * under action. */
int pl_recipe_partition_create(pl_side *s, const ls_script_node *t, const char *action,
		bool *done);
/* FROM's partition n dropped beside a default partition that stays: its
 * rows go to the default partition; *done when emitted. */
int pl_recipe_partition_drop(pl_side *s, const ls_script_node *n, const char *action,
		bool *done);

/* The rows of partition bound `bound` ("FOR VALUES IN (...)", "FOR
 * VALUES FROM (...) TO (...)") of a table partitioned by `key` ("LIST
 * (a)", "RANGE (a, b)") as a condition over the key's columns; NULL when
 * the key has an expression, a collation or an operator class, or is
 * HASH (partition.c). */
const char *pl_bound_rows(pl_side *s, const char *key, const char *bound);

/* TO's key node t (PRIMARY KEY or UNIQUE) built online: *done is set when
 * the recipe emitted it (else the caller emits the plain statement). */
int pl_recipe_key(pl_side *s, const ls_script_node *t, bool *done);

/* TO's foreign key or check node t added NOT VALID, then validated in a
 * group of its own; *done as above. */
int pl_recipe_constraint(pl_side *s, const ls_script_node *t, bool *done);

/* Add TO's foreign key node t NOT VALID inside the current unit (a key
 * swap); its VALIDATE is emitted by pl_recipe_validate. */
int pl_recipe_fk_not_valid(pl_side *s, const ls_script_node *t);
int pl_recipe_validate(pl_side *s, const ls_script_node *t);

/* TO's index node t on a partitioned table that held rows, built
 * partition by partition (index.c); *done as above. */
int pl_recipe_partitioned_index(pl_side *s, const ls_script_node *t, bool *done);

/* SET NOT NULL of column col of work table w through a CHECK (col IS NOT
 * NULL) added NOT VALID, validated, then SET NOT NULL (no scan: the valid
 * check proves it) and the check dropped; *done as above. */
int pl_recipe_not_null(pl_side *s, const ls_table *w, const char *col, bool *done);

/* Whether catalog c has a relation or type named schema.name (key.c): a
 * temporary name must not clash with one (a relation's row type would). */
bool pl_relation_named(ls_catalog *c, const char *schema, const char *name);

/* Mark the tables whose partitioning changes (FROM's and TO's table of
 * the same name, top-level on both sides) for the partition swap, and
 * their nodes on both sides (partitions, keys, indexes, constraints,
 * triggers, policies, comments, grants) kept: the recipe makes and drops
 * them. Nothing for --no-online. Called by pl_classify. */
int pl_swap_classify(pl_side *s);
/* Whether the table schema.name is swapped by the recipe. */
bool pl_is_swapped(const pl_side *s, const char *schema, const char *name);
/* The partition swap of work's table w into TO's t (swap.c). */
int pl_recipe_swap(pl_side *s, const ls_table *w, const ls_table *t);

#endif

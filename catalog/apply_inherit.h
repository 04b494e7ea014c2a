/* Private to catalog/: table inheritance (INHERITS). */
#ifndef LS_CATALOG_APPLY_INHERIT_H
#define LS_CATALOG_APPLY_INHERIT_H

#include "build.h"

/* Whether some table lists t among its INHERITS parents. */
bool ls_inherit_is_parent(ls_catalog *cat, const ls_table *t);

/* The next table from position *pos on that inherits from t, or NULL;
 * *pos moves past it. Start with *pos = 0. Borrowed from cat->tables. */
const ls_table *ls_inherit_child(ls_catalog *cat, const ls_table *t, size_t *pos);

/* How many of t's parents have column col (when not NULL) plus how many
 * have a CHECK constraint named check that is not NO INHERIT. */
int ls_inherit_count(ls_catalog *cat, const ls_table *t, const char *col, const char *check);

/* CREATE TABLE's INHERITS list on the new (empty) table id: the parents
 * are recorded in order, their columns and CHECK constraints copied and
 * merged. 0, or a negative LS_E* code with ap->err set. */
int ls_inherit_parents(ls_apply *ap, uint64_t id, PgQuery__CreateStmt *s);

/* A column definition of the child named like one of its inherited
 * columns: merged into it (same type; NOT NULL or DEFAULT of its own).
 * Column constraints that need the table go to *later. */
int ls_inherit_local_column(ls_apply *ap, uint64_t id, PgQuery__ColumnDef *cd,
		PgQuery__Constraint ***later, size_t *n_later);

/* Once every element of the CREATE TABLE is in: a column whose parents'
 * defaults conflict and that gave none of its own is an error. */
int ls_inherit_check_defaults(ls_apply *ap, ls_table *t);

/* A CHECK k about to be added to t locally, named like an inherited-only
 * CHECK of t with the same expression: that one becomes local too (the
 * server's "merging constraint with inherited definition"), true. */
bool ls_inherit_merge_check(ls_catalog *cat, ls_table *t, const ls_constraint *k);

#endif

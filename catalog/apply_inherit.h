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

/* Whether t's columns are in the order CREATE TABLE ... INHERITS gives:
 * its parents' columns in order (a name once), then its own. */
bool ls_inherit_order_ok(ls_catalog *cat, const ls_table *t);

/* After what (an ALTER TABLE named in the message) changed table id's
 * columns: id and its descendants must have an order ls_inherit_order_ok
 * accepts, or LS_EUNSUPPORTED: the model and its schema script could not
 * agree (the server appends a parent's new column at each child's end). */
int ls_inherit_check_order(ls_apply *ap, uint64_t id, const char *what, int depth);

/* ALTER TABLE parent ADD COLUMN col (added to the parent already): each
 * child gets a copy at its end, not its own, and passes it on; a child
 * that has col merges it (same type and collation, or the server's
 * error), and its children are left alone (ATExecAddColumn). */
int ls_inherit_add_column(ls_apply *ap, uint64_t parent_id, const char *col, int depth);

/* ALTER TABLE id INHERIT parent (ATExecAddInherit): refused as the server
 * refuses it (a partition or partitioned table, twice, circular, a
 * missing or different column or CHECK); else the parent is appended and
 * every column and CHECK stays the child's own. */
int ls_inherit_attach(ls_apply *ap, uint64_t id, const PgQuery__RangeVar *rv);

/* ALTER TABLE id NO INHERIT parent: the parent goes from the list, and
 * the columns and CHECKs that no other parent gives become the child's
 * own. */
int ls_inherit_detach(ls_apply *ap, uint64_t id, const PgQuery__RangeVar *rv);

#endif

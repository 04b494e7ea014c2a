/* Private to catalog/: helpers shared by the table, constraint and index
 * apply files. */
#ifndef LS_CATALOG_APPLY_TABLE_H
#define LS_CATALOG_APPLY_TABLE_H

#include "build.h"

/* Fill x->keys from IndexElem nodes; *colnames gets the name of each key
 * (column, function name or "expr") for naming. Columns are checked
 * against t when t is not NULL. */
int ls_index_keys(ls_apply *ap, ls_table *t, ls_index *x, pgnode **params,
		size_t n, const char ***colnames);

/* Every column an expression names must be a column of t (skipped when
 * t is NULL): `column "x" does not exist` otherwise. */
int ls_check_expr_columns(ls_apply *ap, ls_table *t, const pgnode *expr);
/* Every column a generated column of t names exists in t (the server
 * refuses "column \"x\" does not exist"); run once all columns are in. */
int ls_check_generated_columns(ls_apply *ap, ls_table *t);

/* The name an index key gives the index's generated name: the column, or
 * for a stored expression FigureColname of it (a function's name, "expr"). */
const char *ls_index_key_name(ls_apply *ap, const ls_index_key *k);

/* ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition. */
const char *ls_index_name_addition(ls_apply *ap, const char **names, size_t n);

/* WITH (...) DefElems into sorted-later "name=value" strings, replacing
 * earlier values of the same name. */
int ls_def_options(ls_apply *ap, pgnode **opts, size_t n, const char ***out, size_t *count);
/* Move a view's "check_option=..." option into its check_option (the
 * server keeps it among the options; the model beside them). */
void ls_view_take_check_option(ls_view *v);

/* Add a table constraint (CHECK, PRIMARY KEY, UNIQUE, EXCLUDE, FOREIGN KEY)
 * to t, naming it as PostgreSQL would when it has no name. */
int ls_add_constraint(ls_apply *ap, ls_table *t, PgQuery__Constraint *c);

/* Remove constraint i of t, and the index behind it. */
void ls_remove_constraint(ls_catalog *cat, ls_table *t, size_t i);

/* Add a column to t from a ColumnDef (type, default, identity, column
 * constraints); constraints that need the whole table are appended to
 * *later for the caller to add after all columns. */
int ls_add_column(ls_apply *ap, ls_table *t, PgQuery__ColumnDef *cd,
		PgQuery__Constraint ***later, size_t *n_later);

#endif

#ifndef LS_CATALOG_APPLY_TABLE_H2
#define LS_CATALOG_APPLY_TABLE_H2
/* The table with identity id, or NULL (pointers into cat->tables go stale
 * when tables are added; ids do not). */
ls_table *ls_table_by_id(ls_catalog *cat, uint64_t id);

int ls_fill_table(ls_apply *ap, uint64_t id, uint64_t parent_id, PgQuery__CreateStmt *s);

/* "RANGE (a, (lower(b)))" as pg_get_partkeydef prints a partition key;
 * NULL on out of memory. */
const char *ls_partition_key(ls_apply *ap, PgQuery__PartitionSpec *ps);

/* DefineIndex's rule for a unique index (what: "PRIMARY KEY", "UNIQUE")
 * on a partitioned table: its key columns must hold every column of the
 * partition key, and the key can have no expression. 0 for any other
 * table or index. */
int ls_unique_fits_partition_key(ls_apply *ap, const ls_table *t, const ls_index *x,
		const char *what);

/* Whether col of t is a partition's inherited column (its parent has it):
 * the server changes it only through the parent. */
bool ls_inherited_column(ls_catalog *cat, const ls_table *t, const char *col);

/* Whether trigger g reads column col: its WHEN (NEW.col, OLD.col) or its
 * UPDATE OF list (the server records both as dependencies on the
 * column; apply_alter.c). */
bool ls_trigger_uses_column(ls_apply *ap, const ls_trigger *g, const char *col);

/* The ids of t's partitions (one level) into *ids, allocated in the
 * catalog's arena; count in *n. Negative on out of memory. */
int ls_partition_ids(ls_apply *ap, const ls_table *t, uint64_t **ids, size_t *n);

/* "FOR VALUES ..." / "DEFAULT" for a partition of parent, as
 * pg_get_expr(relpartbound) prints it. NULL on error. */
const char *ls_partition_bound(ls_apply *ap, ls_table *parent, PgQuery__PartitionBoundSpec *b);

/* A partition's "col WITH OPTIONS ..." / constraint on an inherited column. */
int ls_partition_column_options(ls_apply *ap, ls_table *t, PgQuery__ColumnDef *cd,
		PgQuery__Constraint ***later, size_t *n_later);

/* Copy the indexes of table src_id onto t (LIKE ... INCLUDING INDEXES). */
int ls_like_indexes(ls_apply *ap, ls_table *t, uint64_t src_id, bool comments);
#endif

#ifndef LS_CATALOG_APPLY_TABLE_H3
#define LS_CATALOG_APPLY_TABLE_H3
/* ADD CONSTRAINT ... USING INDEX. */
int ls_constraint_using_index(ls_apply *ap, ls_table *t, ls_constraint *k,
		PgQuery__Constraint *c);
#endif


#ifndef LS_CATALOG_APPLY_TABLE_H5
#define LS_CATALOG_APPLY_TABLE_H5
/* Indexes of partitioned tables (apply_partition.c). */
int ls_partition_index_created(ls_apply *ap, size_t index_pos);
int ls_partition_attached(ls_apply *ap, uint64_t child_id);
/* ATTACH PARTITION: the partition's CHECKs (each of the parent's must be
 * there) and the foreign keys that match the parent's become the parent's
 * copies, implied and no longer listed. */
int ls_partition_constraints_attached(ls_apply *ap, const ls_table *parent, uint64_t child_id);
void ls_partition_detached(ls_apply *ap, ls_table *parent, ls_table *child);
int ls_attach_index(ls_apply *ap, ls_index *parent, const char *schema, const char *name);
/* Remove index j and the partitions' copies of it. */
void ls_remove_index_tree(ls_catalog *cat, size_t j);
#endif

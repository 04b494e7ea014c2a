/* Private to catalog/: canonical queries (query.c, query_dml.c).
 *
 * A query is stored the way ruleutils prints the server's parse tree:
 * relations schema-qualified, column references qualified by the name of
 * their range table entry (names made unique against enclosing levels, as
 * set_rtable_names does), `*` expanded, output columns named, parameters
 * of a SQL-standard function body named. Views, policy expressions with
 * sub-selects and SQL-standard function bodies use it; expressions go
 * through expr.c's normalizer with ls_query_hook as its hook.
 */
#ifndef LS_CATALOG_QUERY_H
#define LS_CATALOG_QUERY_H

#include "expr.h"

typedef struct ls_qscope ls_qscope;
typedef struct ls_qcte ls_qcte;

/* One parameter of a SQL-standard function body. */
typedef struct ls_qparam {
	const char *name;  /* "" when unnamed */
	const char *type;  /* canonical type */
} ls_qparam;

/* The state of one query normalization. Zero it, then set what applies. */
typedef struct ls_query {
	ls_qscope *cur;          /* innermost query level */
	ls_qscope *base;         /* the level given by ls_query_base, or NULL */
	ls_qcte *ctes;
	size_t n_ctes;
	const char **out_types;  /* output column types of the last SELECT done */
	const char **depends;    /* relations read, "schema.name" (catalog arena) */
	size_t n_depends;
	/* SQL-standard function body: the function's name and input parameters */
	const char *func_name;
	const ls_qparam *params;
	size_t n_params;
	/* a view's or CREATE TABLE AS's query: the output columns of its top
	 * level keep the literal casts that type them (ls_norm_output) */
	bool typed_outputs;
} ls_query;

/* The normalizer's hook and column-type callback for queries (ctx is the
 * ls_query). */
pgnode *ls_query_hook(ls_norm *n, void *ctx, pgnode *in, bool *handled);
const char *ls_query_coltype(ls_norm *n, void *ctx, const PgQuery__ColumnRef *c);

/* An enclosing level that is not a query: the relation of a policy
 * expression (t, named as pg_get_expr names it), or with t NULL the OLD and
 * NEW entries PostgreSQL 15 puts first in a view's range table, whose names
 * are taken. Call once, before anything else. */
void ls_query_base(ls_norm *n, ls_query *q, ls_table *t);

/* The canonical copy of a SELECT, with its output column names. */
PgQuery__SelectStmt *ls_query_select(ls_norm *n, ls_query *q, PgQuery__SelectStmt *s,
		const char ***out_cols, size_t *n_out);

/* The canonical copy of a statement of a function body: SELECT, INSERT,
 * UPDATE or DELETE (others are returned as they are). */
pgnode *ls_query_stmt(ls_norm *n, ls_query *q, pgnode *stmt);

/* --- shared by query.c and query_dml.c --- */

/* A new query level for a statement whose range table starts with the
 * target relation (INSERT/UPDATE/DELETE); returns the previous level. */
ls_qscope *ls_query_push(ls_norm *n, ls_query *q);
void ls_query_pop(ls_query *q, ls_qscope *prev);

/* Reserve the range table names of the current level: a DML target (or
 * NULL) and the FROM items, in range table order, made unique against the
 * enclosing levels as set_rtable_names does. Before WITH is normalized:
 * the CTEs' queries see these names. */
void ls_query_reserve(ls_norm *n, ls_query *q, pgnode *target, pgnode **items, size_t count);

/* Then the entries: a DML target (or NULL; its copy into *target_out) and
 * every FROM item normalized, each taking its reserved name. */
pgnode **ls_query_from(ls_norm *n, ls_query *q, pgnode *target, pgnode **target_out,
		pgnode **items, size_t count);

/* WITH of a level: each CTE's query normalized, its name visible after. */
PgQuery__WithClause *ls_query_with(ls_norm *n, ls_query *q, PgQuery__WithClause *w);

/* A target list normalized as output columns (names as the server gives
 * them), with `*` expanded. */
pgnode **ls_query_targets(ls_norm *n, ls_query *q, pgnode **items, size_t count,
		size_t *n_out, const char ***names, size_t *n_names);

#endif

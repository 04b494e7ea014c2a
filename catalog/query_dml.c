/* Canonical INSERT, UPDATE and DELETE, as the statements of a SQL-standard
 * function body (BEGIN ATOMIC ... END) are printed by pg_get_functiondef:
 * the target relation qualified, expressions qualified as in a SELECT
 * (query.c), an INSERT's column list spelled out.
 */
#define _POSIX_C_SOURCE 200809L
#include "query.h"

#include <string.h>

static pgnode *wrap_rv(ls_norm *n, PgQuery__RangeVar *rv)
{
	return ls_norm_wrap(n, PG_QUERY__NODE__NODE_RANGE_VAR, rv);
}

/* The DML level: the target's name and the FROM/USING items' reserved,
 * WITH normalized, then the target and the items. Returns the items. */
static pgnode **dml_level(ls_norm *n, ls_query *q, PgQuery__RangeVar **rel,
		PgQuery__WithClause **with, pgnode **items, size_t count)
{
	pgnode *target = wrap_rv(n, *rel), *out = NULL;
	if (!target)
		return items;
	ls_query_reserve(n, q, target, items, count);
	*with = ls_query_with(n, q, *with);
	pgnode **from = ls_query_from(n, q, target, &out, items, count);
	if (out && out->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
		*rel = out->range_var;
	return from;
}

static pgnode **returning(ls_norm *n, ls_query *q, pgnode **items, size_t count, size_t *n_out)
{
	const char **names = NULL;
	size_t n_names = 0;
	if (count == 0) {
		*n_out = 0;
		return items;
	}
	return ls_query_targets(n, q, items, count, n_out, &names, &n_names);
}

/* SET col = expr: the column stays as written, the value is normalized. */
static pgnode **set_list(ls_norm *n, pgnode **items, size_t count)
{
	pgnode **out = ls_arena_alloc(ls_norm_scratch(n), (count + 1) * sizeof *out);
	if (!out) {
		ls_norm_fail(n);
		return items;
	}
	for (size_t i = 0; i < count; i++) {
		out[i] = items[i];
		if (items[i]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
			continue;
		PgQuery__ResTarget *rt = ls_norm_dup(n, items[i]->res_target, sizeof *items[i]->res_target);
		if (!rt)
			return items;
		rt->val = ls_norm_node(n, rt->val);
		rt->location = -1;
		out[i] = ls_norm_wrap(n, PG_QUERY__NODE__NODE_RES_TARGET, rt);
	}
	return out;
}

static pgnode *update_stmt(ls_norm *n, ls_query *q, pgnode *in)
{
	PgQuery__UpdateStmt *u = ls_norm_dup(n, in->update_stmt, sizeof *in->update_stmt);
	if (!u)
		return in;
	ls_qscope *prev = ls_query_push(n, q);
	if (ls_norm_failed(n))
		return in;
	u->from_clause = dml_level(n, q, &u->relation, &u->with_clause, u->from_clause, u->n_from_clause);
	u->target_list = set_list(n, u->target_list, u->n_target_list);
	u->where_clause = ls_norm_node(n, u->where_clause);
	u->returning_list = returning(n, q, u->returning_list, u->n_returning_list, &u->n_returning_list);
	ls_query_pop(q, prev);
	return ls_norm_wrap(n, in->node_case, u);
}

static pgnode *delete_stmt(ls_norm *n, ls_query *q, pgnode *in)
{
	PgQuery__DeleteStmt *d = ls_norm_dup(n, in->delete_stmt, sizeof *in->delete_stmt);
	if (!d)
		return in;
	ls_qscope *prev = ls_query_push(n, q);
	if (ls_norm_failed(n))
		return in;
	d->using_clause = dml_level(n, q, &d->relation, &d->with_clause, d->using_clause, d->n_using_clause);
	d->where_clause = ls_norm_node(n, d->where_clause);
	d->returning_list = returning(n, q, d->returning_list, d->n_returning_list, &d->n_returning_list);
	ls_query_pop(q, prev);
	return ls_norm_wrap(n, in->node_case, d);
}

/* The number of values an INSERT gives: the first VALUES row, or the
 * output columns of its SELECT. */
static size_t insert_width(const PgQuery__SelectStmt *s, size_t n_out)
{
	if (s->n_values_lists > 0 && s->values_lists[0]->node_case == PG_QUERY__NODE__NODE_LIST)
		return s->values_lists[0]->list->n_items;
	return n_out;
}

/* INSERT INTO t VALUES (...) names its columns as the server prints it:
 * the first columns of the table, one per value. */
static pgnode **insert_cols(ls_norm *n, const PgQuery__RangeVar *rv, size_t width, size_t *count)
{
	ls_apply *ap = ls_norm_apply(n);
	ls_table *t = ls_lookup_table(ap->cat, rv->schemaname[0] ? rv->schemaname : NULL, rv->relname);
	*count = 0;
	if (!t || width > t->n_columns)
		return NULL;
	pgnode **cols = ls_arena_alloc(ls_norm_scratch(n), (width + 1) * sizeof *cols);
	if (!cols) {
		ls_norm_fail(n);
		return NULL;
	}
	for (size_t i = 0; i < width; i++) {
		PgQuery__ResTarget init = PG_QUERY__RES_TARGET__INIT;
		PgQuery__ResTarget *rt = ls_norm_dup(n, &init, sizeof init);
		if (!rt)
			return NULL;
		rt->name = (char *)t->columns[i].name;
		rt->location = -1;
		cols[i] = ls_norm_wrap(n, PG_QUERY__NODE__NODE_RES_TARGET, rt);
	}
	*count = width;
	return cols;
}

static pgnode *insert_stmt(ls_norm *n, ls_query *q, pgnode *in)
{
	PgQuery__InsertStmt *s = ls_norm_dup(n, in->insert_stmt, sizeof *in->insert_stmt);
	if (!s)
		return in;
	ls_qscope *prev = ls_query_push(n, q);
	if (ls_norm_failed(n))
		return in;
	dml_level(n, q, &s->relation, &s->with_clause, NULL, 0);
	if (s->select_stmt && s->select_stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
		const char **cols;
		size_t nc;
		PgQuery__SelectStmt *sel = ls_query_select(n, q, s->select_stmt->select_stmt, &cols, &nc);
		s->select_stmt = ls_norm_wrap(n, PG_QUERY__NODE__NODE_SELECT_STMT, sel);
		if (s->n_cols == 0 && sel) {
			size_t count;
			pgnode **named = insert_cols(n, s->relation, insert_width(sel, nc), &count);
			if (named) {
				s->cols = named;
				s->n_cols = count;
			}
		}
	}
	s->returning_list = returning(n, q, s->returning_list, s->n_returning_list, &s->n_returning_list);
	ls_query_pop(q, prev);
	return ls_norm_wrap(n, in->node_case, s);
}

pgnode *ls_query_stmt(ls_norm *n, ls_query *q, pgnode *stmt)
{
	switch (stmt->node_case) {
	case PG_QUERY__NODE__NODE_SELECT_STMT: {
		const char **cols;
		size_t nc;
		PgQuery__SelectStmt *s = ls_query_select(n, q, stmt->select_stmt, &cols, &nc);
		return ls_norm_wrap(n, stmt->node_case, s);
	}
	case PG_QUERY__NODE__NODE_INSERT_STMT:
		return insert_stmt(n, q, stmt);
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
		return update_stmt(n, q, stmt);
	case PG_QUERY__NODE__NODE_DELETE_STMT:
		return delete_stmt(n, q, stmt);
	default:
		return stmt;
	}
}

/* CREATE TABLE AS and SELECT INTO: a table whose columns are the query's
 * output columns, named as the server names them (or by the column list
 * given) and typed by the query's output types (query.c, expr_type.c).
 * Nothing else carries over: no defaults, NOT NULL or constraints.
 *
 * A column whose type lockstep cannot tell (an expression the type
 * resolver does not know, a set operation, VALUES) is refused, never
 * guessed: a wrong column type would be a wrong catalog.
 */
#define _POSIX_C_SOURCE 200809L
#include "query.h"

#include <string.h>

/* What the server carries into a CREATE TABLE AS column that lockstep
 * does not follow: a collation other than the type's default, taken by a
 * column reference or derived by an expression over one. The relation q
 * reads that could pass one on (a view, a table with a collated column),
 * or NULL. */
static const char *collation_source(ls_catalog *cat, const ls_query *q)
{
	for (size_t i = 0; i < q->n_depends; i++) {
		const char *dep = q->depends[i];
		for (size_t j = 0; j < cat->n_views; j++) {
			const ls_view *v = &cat->views[j];
			size_t ns = strlen(v->schema);
			if (!strncmp(dep, v->schema, ns) && dep[ns] == '.' && !strcmp(dep + ns + 1, v->name))
				return dep;
		}
		for (size_t j = 0; j < cat->n_tables; j++) {
			const ls_table *t = &cat->tables[j];
			size_t ns = strlen(t->schema);
			if (strncmp(dep, t->schema, ns) || dep[ns] != '.' || strcmp(dep + ns + 1, t->name))
				continue;
			for (size_t k = 0; k < t->n_columns; k++)
				if (t->columns[k].collation)
					return dep;
		}
	}
	return NULL;
}

/* A ColumnDef of the given name and canonical type; the type is parsed
 * from "NULL::type" into *parsed, which the caller frees with
 * ls_expr_free once the table is made. */
static pgnode *column_def(ls_norm *n, const char *name, const char *type,
		PgQuery__ParseResult **parsed)
{
	ls_arena *a = ls_norm_scratch(n);
	char *text = ls_arena_printf(a, "NULL::%s", type);
	pgnode *e = NULL;
	*parsed = text ? ls_parse_expr(text, &e) : NULL;
	if (!*parsed || e->node_case != PG_QUERY__NODE__NODE_TYPE_CAST)
		return NULL;
	PgQuery__ColumnDef init = PG_QUERY__COLUMN_DEF__INIT;
	PgQuery__ColumnDef *cd = ls_norm_dup(n, &init, sizeof init);
	if (!cd)
		return NULL;
	cd->colname = (char *)name;
	cd->type_name = e->type_cast->type_name;
	cd->is_local = true;
	cd->location = -1;
	return ls_norm_wrap(n, PG_QUERY__NODE__NODE_COLUMN_DEF, cd);
}

/* The table of CREATE TABLE AS / SELECT INTO: into names it, query (a
 * SELECT, without its INTO) gives its columns. */
static int create_table_as(ls_apply *ap, PgQuery__IntoClause *into, PgQuery__SelectStmt *query,
		bool if_not_exists)
{
	ls_query q = {.typed_outputs = true};
	ls_norm *n = ls_norm_new(ap, ls_query_hook, &q);
	if (!n)
		return ap->err->code;
	ls_norm_set_coltype(n, ls_query_coltype);
	const char **cols;
	size_t nc;
	PgQuery__SelectStmt *sel = ls_query_select(n, &q, query, &cols, &nc);
	const char **types = q.out_types;
	PgQuery__ParseResult **parsed = NULL;
	int rc = 0;
	if (ls_norm_failed(n)) {
		rc = ap->err->n_diags ? ap->err->code : ls_apply_nomem(ap);
		goto done;
	}
	if (!types || nc == 0 || sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
		rc = ls_apply_error(ap, LS_EUNSUPPORTED,
				"CREATE TABLE AS over a set operation or VALUES is not supported "
				"(the column types are not known)");
		goto done;
	}
	const char *collated = collation_source(ap->cat, &q);
	if (collated) {
		rc = ls_apply_error(ap, LS_EUNSUPPORTED,
				"CREATE TABLE AS reading %s is not supported (collations its columns "
				"may carry are not followed); create the table with its columns and "
				"fill it with INSERT ... SELECT", collated);
		goto done;
	}
	if (into->n_col_names > nc) {
		rc = ls_apply_error(ap, LS_EINVAL, "too many column names were specified");
		goto done;
	}
	pgnode **elts = ls_arena_alloc(ls_norm_scratch(n), nc * sizeof *elts);
	parsed = ls_arena_alloc(ls_norm_scratch(n), nc * sizeof *parsed);
	if (!elts || !parsed) {
		rc = ls_apply_nomem(ap);
		goto done;
	}
	for (size_t i = 0; i < nc; i++) {
		const char *name = i < into->n_col_names ? into->col_names[i]->string->sval : cols[i];
		if (!types[i]) {
			rc = ls_apply_error(ap, LS_EUNSUPPORTED,
					"cannot tell the type of column \"%s\" of CREATE TABLE AS; "
					"create the table with its columns and fill it with INSERT ... SELECT",
					name);
			goto done;
		}
		elts[i] = column_def(n, name, types[i], &parsed[i]);
		if (!elts[i]) {
			rc = ls_norm_failed(n) || !parsed[i] ? ls_apply_nomem(ap) :
				ls_apply_error(ap, LS_EUNSUPPORTED, "cannot read type %s", types[i]);
			goto done;
		}
	}
	PgQuery__CreateStmt cs = PG_QUERY__CREATE_STMT__INIT;
	cs.relation = into->rel;
	cs.n_table_elts = nc;
	cs.table_elts = elts;
	cs.n_options = into->n_options;
	cs.options = into->options;
	cs.oncommit = into->on_commit;
	cs.tablespacename = into->table_space_name;
	cs.access_method = into->access_method;
	cs.if_not_exists = if_not_exists;
	rc = ls_apply_create_table(ap, &cs);
done:
	for (size_t i = 0; parsed && i < nc; i++)
		ls_expr_free(parsed[i]);
	ls_norm_free(n);
	return rc;
}

int ls_apply_create_table_as(ls_apply *ap, PgQuery__CreateTableAsStmt *s)
{
	if (!s->query || s->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return ls_apply_error(ap, LS_EUNSUPPORTED,
				"CREATE TABLE AS EXECUTE is not supported");
	return create_table_as(ap, s->into, s->query->select_stmt, s->if_not_exists);
}

int ls_apply_select_into(ls_apply *ap, PgQuery__SelectStmt *s)
{
	PgQuery__SelectStmt query = *s;
	query.into_clause = NULL;
	return create_table_as(ap, s->into_clause, &query, false);
}

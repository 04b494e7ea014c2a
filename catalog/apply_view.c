/* Views and materialized views.
 *
 * A view's definition is stored as the server would print it with
 * pg_get_viewdef() under an empty search_path, so that a definition the
 * user wrote and the one read back from the server compare equal:
 * the query normalized as ruleutils prints it (query.c), with the view's
 * column aliases applied.
 */
#define _POSIX_C_SOURCE 200809L
#include "query.h"
#include "apply_table.h"

#include <string.h>

static const char *last_string(pgnode **items, size_t n)
{
	if (n == 0 || items[n - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
		return NULL;
	return items[n - 1]->string->sval;
}

/* Output column i of sel is named name: AS name, left out for a column
 * reference of that name, as ruleutils prints it. false on no memory. */
static bool name_output(ls_norm *n, PgQuery__SelectStmt *sel, size_t i, const char *name)
{
	PgQuery__ResTarget *rt = ls_norm_dup(n, sel->target_list[i]->res_target, sizeof(PgQuery__ResTarget));
	if (!rt)
		return false;
	pgnode *val = rt->val;
	const char *plain = val && val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF ?
		last_string(val->column_ref->fields, val->column_ref->n_fields) : NULL;
	rt->name = plain && !strcmp(plain, name) ? (char *)"" : (char *)name;
	sel->target_list[i] = ls_norm_wrap(n, PG_QUERY__NODE__NODE_RES_TARGET, rt);
	return true;
}

/* Column aliases (CREATE VIEW v (a, b)) rename the first output columns;
 * the server prints them as AS a. */
static void apply_aliases(ls_norm *n, PgQuery__SelectStmt *sel, const char **cols, size_t nc,
		pgnode **aliases, size_t n_aliases)
{
	while (sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
		sel = sel->larg;
	for (size_t i = 0; i < n_aliases && i < nc && i < sel->n_target_list; i++) {
		const char *alias = aliases[i]->string->sval;
		if (!name_output(n, sel, i, alias))
			return;
		cols[i] = alias;
	}
}

/* Every branch of a set operation at a view's top level names its output
 * columns after the view's (pg_get_viewdef passes the view's tuple
 * descriptor down to each branch): AS name, left out for a column
 * reference of that name. */
static void name_branches(ls_norm *n, PgQuery__SelectStmt *sel, const char **cols, size_t nc)
{
	if (sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
		if (sel->larg)
			name_branches(n, sel->larg, cols, nc);
		if (sel->rarg)
			name_branches(n, sel->rarg, cols, nc);
		return;
	}
	for (size_t i = 0; i < nc && i < sel->n_target_list; i++)
		if (!name_output(n, sel, i, cols[i]))
			return;
}

/* Canonical definition, output columns and dependencies of a query, with
 * the view's column aliases applied. */
static int view_definition(ls_apply *ap, pgnode *query, pgnode **aliases, size_t n_aliases,
		ls_view *out)
{
	if (query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "views over anything but SELECT are not supported");
	ls_query q = {.typed_outputs = true};
	ls_norm *n = ls_norm_new(ap, ls_query_hook, &q);
	if (!n)
		return ap->err->code;
	ls_norm_set_coltype(n, ls_query_coltype);
	/* PostgreSQL 15 keeps OLD and NEW first in a view's range table */
	ls_query_base(n, &q, NULL);
	const char **cols;
	size_t nc;
	PgQuery__SelectStmt *sel = ls_query_select(n, &q, query->select_stmt, &cols, &nc);
	apply_aliases(n, sel, cols, nc, aliases, n_aliases);
	if (sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
		name_branches(n, sel, cols, nc);
	int rc = 0;
	if (ls_norm_failed(n)) {
		rc = ap->err->n_diags ? ap->err->code : ls_apply_nomem(ap);
		goto done;
	}
	pgnode wrap = PG_QUERY__NODE__INIT;
	wrap.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
	wrap.select_stmt = sel;
	out->definition = ls_deparse_stmt(ap->cat->arena, &wrap);
	if (!out->definition) {
		rc = ls_apply_error(ap, LS_EUNSUPPORTED, "cannot deparse view definition");
		goto done;
	}
	out->columns = ls_arena_alloc(ap->cat->arena, (nc + 1) * sizeof *out->columns);
	for (size_t i = 0; out->columns && i < nc; i++)
		out->columns[i] = ls_arena_strdup(ap->cat->arena, cols[i]);
	out->n_columns = nc;
	out->depends = q.depends;
	out->n_depends = q.n_depends;
done:
	ls_norm_free(n);
	return rc;
}

/* check_option=... in WITH (...) is the same as WITH CHECK OPTION. */
void ls_view_take_check_option(ls_view *v)
{
	for (size_t i = 0; i < v->n_options; i++)
		if (!strncmp(v->options[i], "check_option=", 13)) {
			v->check_option = !strcmp(v->options[i] + 13, "local") ? "LOCAL" : "CASCADED";
			LS_REMOVE(v->options, v->n_options, i);
			return;
		}
}

int ls_apply_create_view(ls_apply *ap, PgQuery__ViewStmt *s)
{
	ls_catalog *cat = ap->cat;
	PgQuery__RangeVar *rv = s->view;
	const char *schema = rv->relpersistence[0] == 't' ? ls_temp_schema(ap) :
		ls_creation_schema(ap, rv->schemaname);
	if (!schema)
		return ap->err->code;
	ls_view nv = {0};
	int rc = view_definition(ap, s->query, s->aliases, s->n_aliases, &nv);
	if (rc < 0)
		return rc;
	if ((rc = ls_def_options(ap, s->options, s->n_options, &nv.options, &nv.n_options)) < 0)
		return rc;
	ls_view_take_check_option(&nv);
	/* DefineView appends WITH CHECK OPTION to the options as check_option */
	if (nv.check_option && (s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION ||
			s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION))
		return ls_apply_error(ap, LS_EINVAL, "parameter \"check_option\" specified more than once");
	if (s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION)
		nv.check_option = "LOCAL";
	else if (s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION)
		nv.check_option = "CASCADED";
	ls_view *old = ls_catalog_find_view(cat, schema, rv->relname);
	if (old && s->replace && !old->materialized) {
		if (nv.n_columns < old->n_columns)
			return ls_apply_error(ap, LS_EINVAL, "cannot drop columns from view");
		for (size_t i = 0; i < old->n_columns; i++)
			if (strcmp(old->columns[i], nv.columns[i]))
				return ls_apply_error(ap, LS_EINVAL, "cannot change name of view column \"%s\" to \"%s\"",
						old->columns[i], nv.columns[i]);
		nv.id = old->id;
		nv.schema = old->schema;
		nv.name = old->name;
		nv.comment = old->comment;
		nv.grants = old->grants;
		nv.n_grants = old->n_grants;
		nv.owner = old->owner;
		nv.triggers = old->triggers;
		nv.n_triggers = old->n_triggers;
		/* columns keep their comments (by position, as attnum does) */
		if (old->column_comments) {
			nv.column_comments = ls_arena_alloc(cat->arena,
					nv.n_columns * sizeof *nv.column_comments);
			if (!nv.column_comments)
				return ls_apply_nomem(ap);
			memset(nv.column_comments, 0, nv.n_columns * sizeof *nv.column_comments);
			memcpy(nv.column_comments, old->column_comments,
					old->n_columns * sizeof *nv.column_comments);
		}
		*old = nv;
		ls_index_view_changed(cat, old);
		return 0;
	}
	if (ls_relation_name_taken(cat, schema, rv->relname))
		return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" already exists", rv->relname);
	ls_view *v = LS_PUSH(cat, cat->views, cat->n_views);
	if (!v)
		return ls_apply_nomem(ap);
	*v = nv;
	v->id = cat->next_id++;
	v->schema = schema;
	v->name = ls_arena_strdup(cat->arena, rv->relname);
	v->owner = ls_current_role(cat);
	if (ls_default_grants(cat, LS_DEFACL_TABLES, schema, &v->grants, &v->n_grants) < 0)
		return ls_apply_nomem(ap);
	return 0;
}

int ls_apply_create_matview(ls_apply *ap, PgQuery__CreateTableAsStmt *s)
{
	ls_catalog *cat = ap->cat;
	PgQuery__RangeVar *rv = s->into->rel;
	const char *schema = ls_creation_schema(ap, rv->schemaname);
	if (!schema)
		return ap->err->code;
	if (ls_relation_name_taken(cat, schema, rv->relname)) {
		if (s->if_not_exists)
			return 0;
		return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" already exists", rv->relname);
	}
	ls_view nv = {0};
	int rc = view_definition(ap, s->query, s->into->col_names, s->into->n_col_names, &nv);
	if (rc < 0)
		return rc;
	if ((rc = ls_def_options(ap, s->into->options, s->into->n_options, &nv.options, &nv.n_options)) < 0)
		return rc;
	ls_view *v = LS_PUSH(cat, cat->views, cat->n_views);
	if (!v)
		return ls_apply_nomem(ap);
	*v = nv;
	v->id = cat->next_id++;
	v->schema = schema;
	v->name = ls_arena_strdup(cat->arena, rv->relname);
	v->materialized = true;
	v->with_data = !s->into->skip_data;
	v->owner = ls_current_role(cat);
	if (ls_default_grants(cat, LS_DEFACL_TABLES, schema, &v->grants, &v->n_grants) < 0)
		return ls_apply_nomem(ap);
	return 0;
}

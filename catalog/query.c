/* Canonical queries: what ruleutils does to a query when it prints it.
 *
 * A query the user wrote and the one the server prints (pg_get_viewdef,
 * pg_get_expr of a policy, pg_get_functiondef of a SQL-standard body)
 * must give the same text, so both are normalized here the same way:
 *   - relations are schema-qualified (the server prints them under an
 *     empty search_path);
 *   - every range table entry gets the name set_rtable_names gives it: its
 *     alias, else the relation's (or CTE's) name, with _1, _2 ... appended
 *     when the name is taken at this level or by an enclosing one; the
 *     entry is printed with that name as alias and column references use it;
 *   - column references are qualified by their entry's name; a reference to
 *     a parameter of a SQL-standard body is its name ($1 too), qualified
 *     with the function's name when some level has a range table
 *     (get_parameter);
 *   - `*` is expanded and every output column named (FigureColname).
 * Levels are scopes: a SELECT, a set operation, a DML statement, or a base
 * that is no query (a policy's relation, a view's OLD and NEW).
 */
#define _POSIX_C_SOURCE 200809L
#include "query_int.h"
#include "apply_table.h"
#include "expr_type.h"

#include <string.h>

static const char *last_string(pgnode **items, size_t n)
{
	if (n == 0 || items[n - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
		return NULL;
	return items[n - 1]->string->sval;
}

static const char *field(const PgQuery__ColumnRef *c, size_t i)
{
	if (i >= c->n_fields || c->fields[i]->node_case != PG_QUERY__NODE__NODE_STRING)
		return NULL;
	return c->fields[i]->string->sval;
}

/* FigureColname: the name PostgreSQL gives an unnamed output column,
 * computed on the expression as written. Returns NULL for "weak" names. */
static const char *figure_colname(const pgnode *e)
{
	if (!e)
		return NULL;
	switch (e->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF:
		return last_string(e->column_ref->fields, e->column_ref->n_fields);
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		return last_string(e->func_call->funcname, e->func_call->n_funcname);
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		const char *a = figure_colname(e->type_cast->arg);
		const PgQuery__TypeName *tn = e->type_cast->type_name;
		return a ? a : last_string(tn->names, tn->n_names);
	}
	case PG_QUERY__NODE__NODE_CASE_EXPR: return "case";
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR: return "array";
	case PG_QUERY__NODE__NODE_COALESCE_EXPR: return "coalesce";
	case PG_QUERY__NODE__NODE_ROW_EXPR: return "row";
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
		return e->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least";
	case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
		return figure_colname(e->collate_clause->arg);
	case PG_QUERY__NODE__NODE_SUB_LINK:
		if (e->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK)
			return "exists";
		if (e->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK)
			return "array";
		if (e->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK &&
				e->sub_link->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
				e->sub_link->subselect->select_stmt->n_target_list == 1)
			return figure_colname(e->sub_link->subselect->select_stmt->target_list[0]->res_target->val);
		return NULL;
	default:
		return NULL;
	}
}

static qentry *add_entry(ls_norm *n, ls_query *q, const char *visible, const char *refname)
{
	qentry *e = ls_arena_push(ls_norm_scratch(n), (void **)&q->cur->entries,
			&q->cur->n_entries, sizeof *e);
	if (!e) {
		ls_norm_fail(n);
		return NULL;
	}
	e->visible = visible;
	e->refname = refname;
	return e;
}

/* The output column types of a view, found by normalizing its (canonical,
 * qualified) definition again; NULL when they cannot be told. Errors are
 * not reported: the view exists, the types are only a help. */
static const char **view_types(ls_norm *n, ls_view *vw, bool typed)
{
	ls_apply *ap = ls_norm_apply(n);
	const char *text = ls_arena_printf(ls_norm_scratch(n), "(%s)", vw->definition);
	pgnode *e;
	PgQuery__ParseResult *r = text ? ls_parse_expr(text, &e) : NULL;
	if (!r || e->node_case != PG_QUERY__NODE__NODE_SUB_LINK ||
			e->sub_link->subselect->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
		ls_expr_free(r);
		return NULL;
	}
	ls_error quiet;
	ls_error_clear(&quiet);
	ls_apply probe = *ap;
	probe.err = &quiet;
	ls_query q = {.typed_outputs = typed};
	ls_norm *inner = ls_norm_new(&probe, ls_query_hook, &q);
	const char **out = NULL;
	if (inner) {
		ls_norm_set_coltype(inner, ls_query_coltype);
		ls_query_base(inner, &q, NULL);
		const char **cols;
		size_t nc;
		ls_query_select(inner, &q, e->sub_link->subselect->select_stmt, &cols, &nc);
		if (!ls_norm_failed(inner) && nc == vw->n_columns && q.out_types) {
			out = ls_arena_alloc(ls_norm_scratch(n), (nc + 1) * sizeof *out);
			for (size_t i = 0; out && i < nc; i++)
				out[i] = q.out_types[i] ? ls_arena_strdup(ls_norm_scratch(n), q.out_types[i]) : NULL;
		}
	}
	ls_norm_free(inner);
	ls_expr_free(r);
	return out;
}

int ls_catalog_view_types(ls_catalog *cat, ls_view *v, ls_arena *a, const char ***out)
{
	*out = NULL;
	ls_error quiet;
	ls_error_clear(&quiet);
	/* no source: nothing here reports a position, and errors stay quiet */
	ls_apply ap = {.cat = cat, .err = &quiet};
	ls_query q = {0};
	ls_norm *n = ls_norm_new(&ap, ls_query_hook, &q);
	if (!n)
		return LS_ENOMEM;
	int rc = 0;
	/* the top level keeps the casts that type its literal columns */
	const char **types = v->definition ? view_types(n, v, true) : NULL;
	if (types) {
		const char **copy = ls_arena_alloc(a, (v->n_columns + 1) * sizeof *copy);
		for (size_t i = 0; copy && i < v->n_columns; i++)
			if ((copy[i] = types[i] ? ls_arena_strdup(a, types[i]) : NULL) == NULL && types[i])
				copy = NULL;
		if (copy)
			*out = copy;
		else
			rc = LS_ENOMEM;
	}
	ls_norm_free(n);
	return rc;
}

/* Column names and types of a relation of the catalog. */
static void relation_cols(ls_norm *n, ls_table *t, ls_view *vw, qentry *e)
{
	size_t count = t ? t->n_columns : vw->n_columns;
	e->cols = ls_arena_alloc(ls_norm_scratch(n), (count ? count : 1) * sizeof *e->cols);
	e->types = t ? ls_arena_alloc(ls_norm_scratch(n), (count ? count : 1) * sizeof *e->types) :
		view_types(n, vw, false);
	if (!e->cols || (t && !e->types)) {
		ls_norm_fail(n);
		return;
	}
	for (size_t i = 0; i < count; i++) {
		e->cols[i] = t ? t->columns[i].name : vw->columns[i];
		if (t)
			e->types[i] = t->columns[i].type;
	}
	e->n_cols = count;
}

void ls_query_base(ls_norm *n, ls_query *q, ls_table *t)
{
	ls_query_push(n, q);
	if (ls_norm_failed(n))
		return;
	ls_qscope *s = q->cur;
	q->base = s;
	s->names = ls_arena_alloc(ls_norm_scratch(n), 2 * sizeof *s->names);
	if (!s->names) {
		ls_norm_fail(n);
		return;
	}
	if (!t) {
		s->names[0] = "old";
		s->names[1] = "new";
		s->n_names = 2;
		return;
	}
	s->names[0] = t->name;
	s->n_names = 1;
	qentry *e = add_entry(n, q, t->name, t->name);
	if (e)
		relation_cols(n, t, NULL, e);
}

/* --- references --- */

/* The entry the query text calls name, searching out from the innermost
 * level. */
static const qentry *entry_named(const ls_query *q, const char *name)
{
	for (const ls_qscope *s = q->cur; s; s = s->parent)
		for (size_t i = 0; i < s->n_entries; i++)
			if (s->entries[i].visible && !strcmp(s->entries[i].visible, name))
				return &s->entries[i];
	return NULL;
}

/* The entry that has column col, searching out from the innermost level;
 * NULL when none, or when two entries of the first level that has it do
 * (the server refuses an ambiguous reference). */
static const qentry *owner_of(const ls_query *q, const char *col)
{
	for (const ls_qscope *s = q->cur; s; s = s->parent) {
		const qentry *found = NULL;
		int hits = 0;
		for (size_t i = 0; i < s->n_entries; i++)
			for (size_t j = 0; j < s->entries[i].n_cols; j++)
				if (!strcmp(s->entries[i].cols[j], col)) {
					found = &s->entries[i];
					hits++;
					break;
				}
		if (hits == 1)
			return found;
		if (hits > 1)
			return NULL;
	}
	return NULL;
}

static const char *entry_coltype(const qentry *e, const char *col)
{
	for (size_t j = 0; e->types && j < e->n_cols; j++)
		if (!strcmp(e->cols[j], col))
			return e->types[j];
	return NULL;
}

static const ls_qparam *param_named(const ls_query *q, const char *name)
{
	for (size_t i = 0; name && i < q->n_params; i++)
		if (q->params[i].name[0] && !strcmp(q->params[i].name, name))
			return &q->params[i];
	return NULL;
}

static pgnode *make_ref(ls_norm *n, const char *rel, const char *col)
{
	PgQuery__ColumnRef init = PG_QUERY__COLUMN_REF__INIT;
	PgQuery__ColumnRef *c = ls_norm_dup(n, &init, sizeof init);
	pgnode **f = ls_arena_alloc(ls_norm_scratch(n), 2 * sizeof *f);
	if (!c || !f) {
		ls_norm_fail(n);
		return NULL;
	}
	f[0] = ls_norm_string(n, rel ? rel : col);
	f[1] = rel ? ls_norm_string(n, col) : NULL;
	c->fields = f;
	c->n_fields = rel ? 2 : 1;
	c->location = -1;
	return ls_norm_wrap(n, PG_QUERY__NODE__NODE_COLUMN_REF, c);
}

/* A sub-link's output columns have no visible names: ruleutils prints its
 * query without AS (and a literal there with the type it took, which would
 * name it otherwise), so none is kept on either side. */
static void hide_names(ls_norm *n, PgQuery__SelectStmt *sel)
{
	if (!sel)
		return;
	if (sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
		hide_names(n, sel->larg);
		hide_names(n, sel->rarg);
		return;
	}
	for (size_t i = 0; i < sel->n_target_list; i++) {
		if (sel->target_list[i]->node_case != PG_QUERY__NODE__NODE_RES_TARGET ||
				!sel->target_list[i]->res_target->name[0])
			continue;
		PgQuery__ResTarget *rt = ls_norm_dup(n, sel->target_list[i]->res_target, sizeof(PgQuery__ResTarget));
		if (!rt)
			return;
		rt->name = (char *)"";
		sel->target_list[i] = ls_norm_wrap(n, PG_QUERY__NODE__NODE_RES_TARGET, rt);
	}
}

/* A parameter as get_parameter prints it: qualified with the function's
 * name when any level in scope has a range table. */
static pgnode *param_ref(ls_norm *n, const ls_query *q, const ls_qparam *p)
{
	bool qualify = false;
	for (const ls_qscope *s = q->cur; s && !qualify; s = s->parent)
		qualify = s->n_names > 0;
	return make_ref(n, qualify ? q->func_name : NULL, p->name);
}

static pgnode *column_ref(ls_norm *n, ls_query *q, pgnode *in)
{
	const PgQuery__ColumnRef *c = in->column_ref;
	const char *f0 = field(c, 0), *f1 = field(c, 1), *f2 = field(c, 2);
	if (c->n_fields == 1 && f0) {
		const qentry *e = owner_of(q, f0);
		const ls_qparam *p = e ? NULL : param_named(q, f0);
		return e ? make_ref(n, e->refname, f0) : p ? param_ref(n, q, p) : in;
	}
	if (c->n_fields == 2 && f0 && f1) {
		const qentry *e = entry_named(q, f0);
		if (e)
			return make_ref(n, e->refname, f1);
		const ls_qparam *p = q->func_name && !strcmp(f0, q->func_name) ? param_named(q, f1) : NULL;
		return p ? param_ref(n, q, p) : in;
	}
	if (c->n_fields == 3 && f1 && f2) {
		const qentry *e = entry_named(q, f1);
		return e ? make_ref(n, e->refname, f2) : in;
	}
	return in;
}

const char *ls_query_coltype(ls_norm *n, void *ctx, const PgQuery__ColumnRef *c)
{
	(void)n;
	const ls_query *q = ctx;
	const char *f0 = field(c, 0), *f1 = field(c, 1);
	if (c->n_fields == 1 && f0) {
		const ls_qparam *p = param_named(q, f0);
		return p ? p->type : NULL;
	}
	if (c->n_fields != 2 || !f0 || !f1)
		return NULL;
	for (const ls_qscope *s = q->cur; s; s = s->parent)
		for (size_t i = 0; i < s->n_entries; i++)
			if (s->entries[i].refname && !strcmp(s->entries[i].refname, f0))
				return entry_coltype(&s->entries[i], f1);
	const ls_qparam *p = q->func_name && !strcmp(f0, q->func_name) ? param_named(q, f1) : NULL;
	return p ? p->type : NULL;
}

pgnode *ls_query_hook(ls_norm *n, void *ctx, pgnode *in, bool *handled)
{
	ls_query *q = ctx;
	switch (in->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF:
		*handled = true;
		return column_ref(n, q, in);
	case PG_QUERY__NODE__NODE_PARAM_REF: {
		int k = in->param_ref->number;
		size_t seen = 0;
		*handled = true;
		for (size_t i = 0; k > 0 && i < q->n_params; i++)
			if (++seen == (size_t)k)
				return q->params[i].name[0] ? param_ref(n, q, &q->params[i]) : in;
		return in;
	}
	case PG_QUERY__NODE__NODE_SUB_LINK: {
		if (in->sub_link->subselect->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
			return in;
		*handled = true;
		PgQuery__SubLink *sl = ls_norm_dup(n, in->sub_link, sizeof *in->sub_link);
		if (!sl)
			return in;
		sl->testexpr = ls_norm_node(n, sl->testexpr);
		const char **cols;
		size_t nc;
		PgQuery__SelectStmt *sub = ls_query_select(n, q, in->sub_link->subselect->select_stmt, &cols, &nc);
		hide_names(n, sub);
		sl->subselect = ls_norm_wrap(n, PG_QUERY__NODE__NODE_SELECT_STMT, sub);
		return ls_norm_wrap(n, PG_QUERY__NODE__NODE_SUB_LINK, sl);
	}
	default:
		return in;
	}
}

/* --- FROM --- */

/* Alias column names replace the first names of an entry. */
static void apply_alias_cols(qentry *e, PgQuery__Alias *alias)
{
	for (size_t i = 0; alias && i < alias->n_colnames && i < e->n_cols; i++)
		e->cols[i] = alias->colnames[i]->string->sval;
}

/* An alias node naming refname, keeping the column names of old. */
static PgQuery__Alias *alias_named(ls_norm *n, PgQuery__Alias *old, const char *refname)
{
	if (old && !strcmp(old->aliasname, refname))
		return old;
	PgQuery__Alias init = PG_QUERY__ALIAS__INIT;
	PgQuery__Alias *a = ls_norm_dup(n, old ? old : &init, sizeof init);
	if (a)
		a->aliasname = (char *)refname;
	return a;
}

static pgnode *range_var(ls_norm *n, ls_query *q, pgnode *item)
{
	ls_apply *ap = ls_norm_apply(n);
	PgQuery__RangeVar *rv = item->range_var;
	const char *schema = rv->schemaname[0] ? rv->schemaname : NULL;
	const char *visible = rv->alias ? rv->alias->aliasname : rv->relname;
	const char *ref = ls_query_take_name(q->cur, visible);
	PgQuery__RangeVar *c = ls_norm_dup(n, rv, sizeof *rv);
	if (!c)
		return item;
	c->location = -1;
	if (strcmp(ref, rv->alias ? rv->alias->aliasname : rv->relname))
		c->alias = alias_named(n, rv->alias, ref);
	for (size_t i = 0; !schema && i < q->n_ctes; i++)
		if (!strcmp(q->ctes[i].name, rv->relname)) {
			qentry *e = add_entry(n, q, visible, ref);
			if (e) {
				e->cols = q->ctes[i].cols;
				e->types = q->ctes[i].types;
				e->n_cols = q->ctes[i].n_cols;
				apply_alias_cols(e, rv->alias);
			}
			return ls_norm_wrap(n, PG_QUERY__NODE__NODE_RANGE_VAR, c);
		}
	ls_table *t = ls_lookup_table(ap->cat, schema, rv->relname);
	ls_view *vw = t ? NULL : ls_lookup_view(ap->cat, schema, rv->relname);
	if (!t && !vw) {
		ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", rv->relname);
		ls_norm_fail(n);
		return item;
	}
	const char *real_schema = t ? t->schema : vw->schema;
	const char *real_name = t ? t->name : vw->name;
	const char **dep = ls_arena_push(ap->cat->arena, (void **)&q->depends, &q->n_depends, sizeof *dep);
	if (dep)
		*dep = ls_arena_printf(ap->cat->arena, "%s.%s", real_schema, real_name);
	qentry *e = add_entry(n, q, visible, ref);
	if (e) {
		relation_cols(n, t, vw, e);
		apply_alias_cols(e, rv->alias);
	}
	c->schemaname = (char *)real_schema;
	return ls_norm_wrap(n, PG_QUERY__NODE__NODE_RANGE_VAR, c);
}

static pgnode *from_item(ls_norm *n, ls_query *q, pgnode *item)
{
	switch (item->node_case) {
	case PG_QUERY__NODE__NODE_RANGE_VAR:
		return range_var(n, q, item);
	case PG_QUERY__NODE__NODE_JOIN_EXPR: {
		PgQuery__JoinExpr *j = ls_norm_dup(n, item->join_expr, sizeof *item->join_expr);
		if (!j)
			return item;
		j->larg = from_item(n, q, j->larg);
		j->rarg = from_item(n, q, j->rarg);
		const char *ref = ls_query_take_name(q->cur, NULL);
		if (j->alias && ref)
			j->alias = alias_named(n, j->alias, ref);
		j->quals = ls_norm_node(n, j->quals);
		return ls_norm_wrap(n, item->node_case, j);
	}
	case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
		PgQuery__RangeSubselect *r = ls_norm_dup(n, item->range_subselect, sizeof *item->range_subselect);
		const char *visible = r && r->alias ? r->alias->aliasname : "unnamed_subquery";
		const char *ref = ls_query_take_name(q->cur, visible);
		if (!r || r->subquery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
			return item;
		const char **cols;
		size_t nc;
		PgQuery__SelectStmt *sub = ls_query_select(n, q, r->subquery->select_stmt, &cols, &nc);
		const char **types = q->out_types;
		r->subquery = ls_norm_wrap(n, PG_QUERY__NODE__NODE_SELECT_STMT, sub);
		if (r->alias)
			r->alias = alias_named(n, r->alias, ref);
		qentry *e = add_entry(n, q, visible, ref);
		if (e) {
			e->cols = cols;
			e->types = types;
			e->n_cols = nc;
			apply_alias_cols(e, r->alias);
		}
		return ls_norm_wrap(n, item->node_case, r);
	}
	case PG_QUERY__NODE__NODE_RANGE_FUNCTION:
		q->cur->opaque = true;
		ls_query_take_name(q->cur, NULL);
		return item;
	case PG_QUERY__NODE__NODE_RANGE_TABLE_SAMPLE: {
		PgQuery__RangeTableSample *r = ls_norm_dup(n, item->range_table_sample,
				sizeof *item->range_table_sample);
		if (!r)
			return item;
		r->relation = from_item(n, q, r->relation);
		return ls_norm_wrap(n, item->node_case, r);
	}
	default:
		q->cur->opaque = true;
		ls_query_take_name(q->cur, NULL);
		return item;
	}
}

pgnode **ls_query_from(ls_norm *n, ls_query *q, pgnode *target, pgnode **target_out,
		pgnode **items, size_t count)
{
	if (target)
		*target_out = range_var(n, q, target);
	pgnode **from = ls_arena_alloc(ls_norm_scratch(n), (count + 1) * sizeof *from);
	if (!from) {
		ls_norm_fail(n);
		return items;
	}
	for (size_t i = 0; i < count; i++)
		from[i] = from_item(n, q, items[i]);
	return from;
}

/* --- output columns --- */

/* One output target (not a star): normalized value, name as the server
 * prints it. */
static void push_target(ls_norm *n, pgnode ***out, size_t *n_out, pgnode *val,
		const char *name, const char ***names, size_t *n_names)
{
	ls_arena *a = ls_norm_scratch(n);
	PgQuery__ResTarget init = PG_QUERY__RES_TARGET__INIT;
	PgQuery__ResTarget *rt = ls_norm_dup(n, &init, sizeof init);
	pgnode **slot = ls_arena_push(a, (void **)out, n_out, sizeof **out);
	const char **nslot = ls_arena_push(a, (void **)names, n_names, sizeof **names);
	if (!rt || !slot || !nslot) {
		ls_norm_fail(n);
		return;
	}
	rt->val = val;
	rt->location = -1;
	*nslot = name ? name : "?column?";
	const char *plain = val && val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF ?
		last_string(val->column_ref->fields, val->column_ref->n_fields) : NULL;
	rt->name = plain && !strcmp(plain, *nslot) ? (char *)"" : (char *)*nslot;
	*slot = ls_norm_wrap(n, PG_QUERY__NODE__NODE_RES_TARGET, rt);
}

/* `*` or `rel.*`: one qualified target per column of the matching entries
 * of the current level. */
static void expand_star(ls_norm *n, ls_query *q, const char *rel, pgnode ***out, size_t *n_out,
		const char ***names, size_t *n_names)
{
	ls_qscope *s = q->cur;
	for (size_t i = 0; i < s->n_entries; i++) {
		qentry *e = &s->entries[i];
		if (rel && strcmp(rel, e->visible))
			continue;
		for (size_t j = 0; j < e->n_cols; j++)
			push_target(n, out, n_out, make_ref(n, e->refname, e->cols[j]), e->cols[j],
					names, n_names);
	}
}

/* An output column that is a bare name no level of the query supplies:
 * no column of a FROM item, no FROM item (a whole-row reference), no
 * parameter. The server refuses it (column "x" does not exist); reported
 * when every FROM item's columns are known. Other clauses may name an
 * output column (ORDER BY, GROUP BY) and are not checked here. */
static bool unknown_output_name(ls_norm *n, const ls_query *q, const pgnode *val)
{
	if (!val || val->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || val->column_ref->n_fields != 1)
		return false;
	const char *f0 = field(val->column_ref, 0);
	if (!f0 || owner_of(q, f0) || entry_named(q, f0) || param_named(q, f0))
		return false;
	for (const ls_qscope *s = q->cur; s; s = s->parent) {
		if (s->opaque)
			return false;
		for (size_t i = 0; i < s->n_entries; i++)
			if (s->entries[i].n_cols == 0)
				return false;
	}
	ls_apply_error(ls_norm_apply(n), LS_EINVAL, "column \"%s\" does not exist", f0);
	ls_norm_fail(n);
	return true;
}

pgnode **ls_query_targets(ls_norm *n, ls_query *q, pgnode **items, size_t count,
		size_t *n_out, const char ***names, size_t *n_names)
{
	pgnode **out = NULL;
	*n_out = 0;
	for (size_t i = 0; i < count; i++) {
		PgQuery__ResTarget *rt = items[i]->res_target;
		pgnode *val = rt->val;
		if (val && val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
			PgQuery__ColumnRef *cr = val->column_ref;
			pgnode *last = cr->fields[cr->n_fields - 1];
			if (last->node_case == PG_QUERY__NODE__NODE_A_STAR) {
				const char *rel = cr->n_fields >= 2 ? field(cr, cr->n_fields - 2) : NULL;
				expand_star(n, q, rel, &out, n_out, names, n_names);
				continue;
			}
		}
		if (unknown_output_name(n, q, val))
			return out;
		const char *name = rt->name && *rt->name ? rt->name : figure_colname(val);
		/* the top level of a view or CREATE TABLE AS (not a set
		 * operation's branch, whose literals take the operation's type) */
		bool top = q->typed_outputs && q->cur && q->cur->parent == q->base;
		pgnode *v = top ? ls_norm_output(n, val) : ls_norm_node(n, val);
		push_target(n, &out, n_out, v, name, names, n_names);
	}
	return out;
}

/* --- WITH --- */

PgQuery__WithClause *ls_query_with(ls_norm *n, ls_query *q, PgQuery__WithClause *in)
{
	if (!in)
		return in;
	PgQuery__WithClause *w = ls_norm_dup(n, in, sizeof *in);
	pgnode **ctes = ls_arena_alloc(ls_norm_scratch(n), (in->n_ctes + 1) * sizeof *ctes);
	if (!w || !ctes) {
		ls_norm_fail(n);
		return in;
	}
	for (size_t i = 0; i < in->n_ctes; i++) {
		pgnode *node = in->ctes[i];
		PgQuery__CommonTableExpr *ce = ls_norm_dup(n, node->common_table_expr, sizeof *node->common_table_expr);
		ctes[i] = node;
		if (!ce || ce->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
			continue;
		/* The name is visible inside its own query (WITH RECURSIVE), with
		 * the alias columns if any; nested WITHs may move the array, so
		 * the entry is found again by position. */
		ls_qcte *slot = ls_arena_push(ls_norm_scratch(n), (void **)&q->ctes, &q->n_ctes, sizeof *slot);
		if (!slot) {
			ls_norm_fail(n);
			return in;
		}
		size_t at = q->n_ctes - 1;
		slot->name = ce->ctename;
		slot->n_cols = ce->n_aliascolnames;
		slot->cols = ls_arena_alloc(ls_norm_scratch(n), (ce->n_aliascolnames + 1) * sizeof *slot->cols);
		for (size_t k = 0; slot->cols && k < ce->n_aliascolnames; k++)
			slot->cols[k] = ce->aliascolnames[k]->string->sval;
		const char **cols;
		size_t nc;
		PgQuery__SelectStmt *sel = ls_query_select(n, q, ce->ctequery->select_stmt, &cols, &nc);
		if (ce->n_aliascolnames == 0) {
			q->ctes[at].cols = cols;
			q->ctes[at].n_cols = nc;
		}
		if (nc == q->ctes[at].n_cols)
			q->ctes[at].types = q->out_types;
		ce->ctequery = ls_norm_wrap(n, PG_QUERY__NODE__NODE_SELECT_STMT, sel);
		ctes[i] = ls_norm_wrap(n, PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR, ce);
	}
	w->ctes = ctes;
	return w;
}

/* --- SELECT --- */

/* GROUP BY 2 / ORDER BY 2: the server prints the second output column's
 * expression instead (a constant output stays a position). */
static pgnode **by_position(ls_norm *n, PgQuery__SelectStmt *c, pgnode **items, size_t count,
		bool sort)
{
	pgnode **out = ls_arena_alloc(ls_norm_scratch(n), (count + 1) * sizeof *out);
	if (!out) {
		ls_norm_fail(n);
		return items;
	}
	for (size_t i = 0; i < count; i++) {
		out[i] = items[i];
		pgnode *e = sort ? items[i]->sort_by->node : items[i];
		if (!e || e->node_case != PG_QUERY__NODE__NODE_A_CONST ||
				e->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL)
			continue;
		int k = e->a_const->ival->ival;
		if (k < 1 || (size_t)k > c->n_target_list)
			continue;
		pgnode *val = c->target_list[k - 1]->res_target->val;
		if (!val || val->node_case == PG_QUERY__NODE__NODE_A_CONST)
			continue;
		if (!sort) {
			out[i] = val;
			continue;
		}
		PgQuery__SortBy *sb = ls_norm_dup(n, items[i]->sort_by, sizeof(PgQuery__SortBy));
		if (!sb)
			return items;
		sb->node = val;
		out[i] = ls_norm_wrap(n, PG_QUERY__NODE__NODE_SORT_BY, sb);
	}
	return out;
}

static pgnode **sort_clause(ls_norm *n, PgQuery__SelectStmt *c)
{
	pgnode **sorts = ls_arena_alloc(ls_norm_scratch(n), (c->n_sort_clause + 1) * sizeof *sorts);
	if (!sorts) {
		ls_norm_fail(n);
		return c->sort_clause;
	}
	for (size_t i = 0; i < c->n_sort_clause; i++) {
		PgQuery__SortBy *sb = ls_norm_dup(n, c->sort_clause[i]->sort_by, sizeof(PgQuery__SortBy));
		sorts[i] = c->sort_clause[i];
		if (sb) {
			sb->node = ls_norm_node(n, sb->node);
			sorts[i] = ls_norm_wrap(n, PG_QUERY__NODE__NODE_SORT_BY, sb);
		}
	}
	return by_position(n, c, sorts, c->n_sort_clause, true);
}

/* A set operation is a level of its own whose range table holds its
 * branches (named "*SELECT* N", which no identifier can take). */
static void setop_names(ls_norm *n, ls_qscope *s)
{
	static const char *const branch_names[] = {"*SELECT* 1", "*SELECT* 2"};
	s->names = ls_arena_alloc(ls_norm_scratch(n), 2 * sizeof *s->names);
	if (!s->names) {
		ls_norm_fail(n);
		return;
	}
	s->names[0] = branch_names[0];
	s->names[1] = branch_names[1];
	s->n_names = 2;
}

PgQuery__SelectStmt *ls_query_select(ls_norm *n, ls_query *q, PgQuery__SelectStmt *s,
		const char ***out_cols, size_t *n_out)
{
	PgQuery__SelectStmt *c = ls_norm_dup(n, s, sizeof *s);
	*out_cols = NULL;
	*n_out = 0;
	if (!c)
		return s;
	ls_qscope *prev = ls_query_push(n, q);
	if (ls_norm_failed(n))
		return s;
	if (c->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
		const char **rc;
		size_t rn;
		setop_names(n, q->cur);
		c->with_clause = ls_query_with(n, q, c->with_clause);
		c->larg = ls_query_select(n, q, s->larg, out_cols, n_out);
		/* the branches' types may differ: not resolved here */
		c->rarg = ls_query_select(n, q, s->rarg, &rc, &rn);
		ls_query_pop(q, prev);
		q->out_types = NULL;
		return c;
	}
	if (ls_query_check_windows(n, s) < 0) {
		ls_norm_fail(n);
		ls_query_pop(q, prev);
		return s;
	}
	ls_query_reserve(n, q, NULL, c->from_clause, c->n_from_clause);
	c->with_clause = ls_query_with(n, q, c->with_clause);
	c->from_clause = ls_query_from(n, q, NULL, NULL, c->from_clause, c->n_from_clause);
	c->target_list = ls_query_targets(n, q, c->target_list, c->n_target_list, &c->n_target_list,
			out_cols, n_out);
	const char **types = ls_arena_alloc(ls_norm_scratch(n), (c->n_target_list + 1) * sizeof *types);
	for (size_t i = 0; types && i < c->n_target_list; i++) {
		/* an untyped literal of an output column becomes text */
		types[i] = ls_expr_type(n, c->target_list[i]->res_target->val);
		if (types[i] && !strcmp(types[i], "unknown"))
			types[i] = "text";
	}
	c->where_clause = ls_norm_node(n, c->where_clause);
	c->having_clause = ls_norm_node(n, c->having_clause);
	/* WINDOW w AS (...): read in the query's scope, like OVER (...) */
	pgnode **windows = c->n_window_clause ?
		ls_arena_alloc(ls_norm_scratch(n), c->n_window_clause * sizeof *windows) : NULL;
	if (c->n_window_clause && !windows)
		ls_norm_fail(n);
	for (size_t i = 0; windows && i < c->n_window_clause && !ls_norm_failed(n); i++) {
		pgnode *wn = c->window_clause[i];
		windows[i] = wn->node_case != PG_QUERY__NODE__NODE_WINDOW_DEF ? wn :
			ls_norm_wrap(n, PG_QUERY__NODE__NODE_WINDOW_DEF, ls_norm_window(n, wn->window_def));
	}
	if (windows && !ls_norm_failed(n))
		c->window_clause = windows;
	c->group_clause = ls_norm_array(n, c->group_clause, c->n_group_clause);
	c->group_clause = by_position(n, c, c->group_clause, c->n_group_clause, false);
	c->distinct_clause = ls_norm_array(n, c->distinct_clause, c->n_distinct_clause);
	c->values_lists = ls_norm_array(n, c->values_lists, c->n_values_lists);
	c->limit_count = ls_norm_node(n, c->limit_count);
	c->limit_offset = ls_norm_node(n, c->limit_offset);
	c->sort_clause = sort_clause(n, c);
	ls_query_pop(q, prev);
	q->out_types = types;
	return c;
}

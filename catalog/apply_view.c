/* Views and materialized views.
 *
 * A view's definition is stored as the server would print it with
 * pg_get_viewdef() under an empty search_path, so that a definition the
 * user wrote and the one read back from the server compare equal:
 * relations schema-qualified, every column reference qualified by its
 * range entry's name, `*` expanded to the columns it stands for, every
 * output column named (and the name dropped where it equals the column
 * referenced), expressions through the expression normalizer (expr.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "expr.h"
#include "apply_table.h"

#include <string.h>

typedef struct range_entry {
	const char *refname;
	const char **cols;
	const char **types;    /* parallel to cols, NULL when unknown */
	size_t n_cols;
} range_entry;

typedef struct scope {
	struct scope *parent;
	range_entry *entries;
	size_t n_entries;
} scope;

typedef struct cte {
	const char *name;
	const char **cols;
	size_t n_cols;
} cte;

typedef struct vctx {
	scope *cur;
	cte *ctes;
	size_t n_ctes;
	const char **depends;
	size_t n_depends;
} vctx;

static PgQuery__SelectStmt *norm_select(ls_norm *n, vctx *v, PgQuery__SelectStmt *s,
		const char ***out_cols, size_t *n_out);

static const char *last_string(pgnode **items, size_t n)
{
	if (n == 0 || items[n - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
		return NULL;
	return items[n - 1]->string->sval;
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

/* The range entry that owns column col, searching out from the innermost
 * scope; NULL when none or ambiguous within the first scope that has it. */
static const char *owner_of(const vctx *v, const char *col)
{
	for (const scope *s = v->cur; s; s = s->parent) {
		const char *found = NULL;
		int hits = 0;
		for (size_t i = 0; i < s->n_entries; i++)
			for (size_t j = 0; j < s->entries[i].n_cols; j++)
				if (!strcmp(s->entries[i].cols[j], col)) {
					found = s->entries[i].refname;
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

static pgnode *qualified_ref(ls_norm *n, const char *rel, const char *col)
{
	PgQuery__ColumnRef init = PG_QUERY__COLUMN_REF__INIT;
	PgQuery__ColumnRef *c = ls_norm_dup(n, &init, sizeof init);
	pgnode **f = ls_arena_alloc(ls_norm_scratch(n), 2 * sizeof *f);
	if (!c || !f) {
		ls_norm_fail(n);
		return NULL;
	}
	f[0] = ls_norm_string(n, rel);
	f[1] = ls_norm_string(n, col);
	c->fields = f;
	c->n_fields = 2;
	c->location = -1;
	return ls_norm_wrap(n, PG_QUERY__NODE__NODE_COLUMN_REF, c);
}

/* The type of a qualified column reference [ref, col] in scope. */
static const char *view_coltype(ls_norm *n, void *ctx, const PgQuery__ColumnRef *c)
{
	(void)n;
	const vctx *v = ctx;
	if (c->n_fields != 2 || c->fields[0]->node_case != PG_QUERY__NODE__NODE_STRING ||
			c->fields[1]->node_case != PG_QUERY__NODE__NODE_STRING)
		return NULL;
	const char *ref = c->fields[0]->string->sval, *col = c->fields[1]->string->sval;
	for (const scope *s = v->cur; s; s = s->parent)
		for (size_t i = 0; i < s->n_entries; i++) {
			const range_entry *e = &s->entries[i];
			if (strcmp(e->refname, ref))
				continue;
			for (size_t j = 0; e->types && j < e->n_cols; j++)
				if (!strcmp(e->cols[j], col))
					return e->types[j];
			return NULL;
		}
	return NULL;
}

/* Hook: qualify column references, normalize sub-selects in scope. */
static pgnode *view_hook(ls_norm *n, void *ctx, pgnode *in, bool *handled)
{
	vctx *v = ctx;
	if (in->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
		PgQuery__ColumnRef *c = in->column_ref;
		*handled = true;
		if (c->n_fields == 1 && c->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING) {
			const char *rel = owner_of(v, c->fields[0]->string->sval);
			return rel ? qualified_ref(n, rel, c->fields[0]->string->sval) : in;
		}
		if (c->n_fields == 3 && c->fields[2]->node_case == PG_QUERY__NODE__NODE_STRING)
			return qualified_ref(n, c->fields[1]->string->sval, c->fields[2]->string->sval);
		return in;
	}
	if (in->node_case == PG_QUERY__NODE__NODE_SUB_LINK &&
			in->sub_link->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
		*handled = true;
		PgQuery__SubLink *sl = ls_norm_dup(n, in->sub_link, sizeof *in->sub_link);
		if (!sl)
			return in;
		sl->testexpr = ls_norm_node(n, sl->testexpr);
		const char **cols;
		size_t nc;
		PgQuery__SelectStmt *sub = norm_select(n, v, in->sub_link->subselect->select_stmt, &cols, &nc);
		sl->subselect = ls_norm_wrap(n, PG_QUERY__NODE__NODE_SELECT_STMT, sub);
		return ls_norm_wrap(n, PG_QUERY__NODE__NODE_SUB_LINK, sl);
	}
	return in;
}

static range_entry *add_entry(ls_norm *n, vctx *v, const char *refname)
{
	range_entry *e = ls_arena_push(ls_norm_scratch(n), (void **)&v->cur->entries,
			&v->cur->n_entries, sizeof *e);
	if (!e)
		ls_norm_fail(n);
	else
		e->refname = refname;
	return e;
}

/* Column names of a relation of the catalog. */
static void relation_cols(ls_norm *n, ls_table *t, ls_view *vw, range_entry *e)
{
	size_t count = t ? t->n_columns : vw->n_columns;
	e->cols = ls_arena_alloc(ls_norm_scratch(n), (count ? count : 1) * sizeof *e->cols);
	e->types = t ? ls_arena_alloc(ls_norm_scratch(n), (count ? count : 1) * sizeof *e->types) : NULL;
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

/* Alias column names replace the first names of an entry. */
static void apply_alias_cols(range_entry *e, PgQuery__Alias *alias)
{
	for (size_t i = 0; alias && i < alias->n_colnames && i < e->n_cols; i++)
		e->cols[i] = alias->colnames[i]->string->sval;
}

static pgnode *norm_range_var(ls_norm *n, vctx *v, pgnode *item)
{
	ls_apply *ap = ls_norm_apply(n);
	PgQuery__RangeVar *rv = item->range_var;
	const char *schema = rv->schemaname[0] ? rv->schemaname : NULL;
	const char *ref = rv->alias ? rv->alias->aliasname : rv->relname;
	for (size_t i = 0; !schema && i < v->n_ctes; i++)
		if (!strcmp(v->ctes[i].name, rv->relname)) {
			range_entry *e = add_entry(n, v, ref);
			if (e) {
				e->cols = v->ctes[i].cols;
				e->n_cols = v->ctes[i].n_cols;
			}
			return item;
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
	const char **dep = ls_arena_push(ap->cat->arena, (void **)&v->depends, &v->n_depends, sizeof *dep);
	if (dep)
		*dep = ls_arena_printf(ap->cat->arena, "%s.%s", real_schema, real_name);
	range_entry *e = add_entry(n, v, ref);
	if (e) {
		relation_cols(n, t, vw, e);
		apply_alias_cols(e, rv->alias);
	}
	PgQuery__RangeVar *c = ls_norm_dup(n, rv, sizeof *rv);
	if (!c)
		return item;
	c->schemaname = (char *)real_schema;
	c->location = -1;
	return ls_norm_wrap(n, PG_QUERY__NODE__NODE_RANGE_VAR, c);
}

static pgnode *norm_from_item(ls_norm *n, vctx *v, pgnode *item)
{
	switch (item->node_case) {
	case PG_QUERY__NODE__NODE_RANGE_VAR:
		return norm_range_var(n, v, item);
	case PG_QUERY__NODE__NODE_JOIN_EXPR: {
		PgQuery__JoinExpr *j = ls_norm_dup(n, item->join_expr, sizeof *item->join_expr);
		if (!j)
			return item;
		j->larg = norm_from_item(n, v, j->larg);
		j->rarg = norm_from_item(n, v, j->rarg);
		j->quals = ls_norm_node(n, j->quals);
		return ls_norm_wrap(n, item->node_case, j);
	}
	case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
		PgQuery__RangeSubselect *r = ls_norm_dup(n, item->range_subselect, sizeof *item->range_subselect);
		if (!r || r->subquery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
			return item;
		const char **cols;
		size_t nc;
		PgQuery__SelectStmt *sub = norm_select(n, v, r->subquery->select_stmt, &cols, &nc);
		r->subquery = ls_norm_wrap(n, PG_QUERY__NODE__NODE_SELECT_STMT, sub);
		range_entry *e = add_entry(n, v, r->alias ? r->alias->aliasname : "unnamed_subquery");
		if (e) {
			e->cols = cols;
			e->n_cols = nc;
			apply_alias_cols(e, r->alias);
		}
		return ls_norm_wrap(n, item->node_case, r);
	}
	default:
		return item;
	}
}

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

/* `*` or `rel.*`: one qualified target per column of the matching entries. */
static void expand_star(ls_norm *n, vctx *v, const char *rel, pgnode ***out, size_t *n_out,
		const char ***names, size_t *n_names)
{
	for (size_t i = 0; i < v->cur->n_entries; i++) {
		range_entry *e = &v->cur->entries[i];
		if (rel && strcmp(rel, e->refname))
			continue;
		for (size_t j = 0; j < e->n_cols; j++)
			push_target(n, out, n_out, qualified_ref(n, e->refname, e->cols[j]), e->cols[j],
					names, n_names);
	}
}

static void norm_targets(ls_norm *n, vctx *v, PgQuery__SelectStmt *c,
		const char ***names, size_t *n_names)
{
	pgnode **out = NULL;
	size_t n_out = 0;
	for (size_t i = 0; i < c->n_target_list; i++) {
		PgQuery__ResTarget *rt = c->target_list[i]->res_target;
		pgnode *val = rt->val;
		if (val && val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
			PgQuery__ColumnRef *cr = val->column_ref;
			pgnode *last = cr->fields[cr->n_fields - 1];
			if (last->node_case == PG_QUERY__NODE__NODE_A_STAR) {
				const char *rel = cr->n_fields >= 2 ? cr->fields[cr->n_fields - 2]->string->sval : NULL;
				expand_star(n, v, rel, &out, &n_out, names, n_names);
				continue;
			}
		}
		const char *name = rt->name && *rt->name ? rt->name : figure_colname(val);
		push_target(n, &out, &n_out, ls_norm_node(n, val), name, names, n_names);
	}
	c->target_list = out;
	c->n_target_list = n_out;
}

static void norm_with(ls_norm *n, vctx *v, PgQuery__SelectStmt *c)
{
	if (!c->with_clause)
		return;
	PgQuery__WithClause *w = ls_norm_dup(n, c->with_clause, sizeof *c->with_clause);
	if (!w)
		return;
	pgnode **ctes = ls_arena_alloc(ls_norm_scratch(n), (c->with_clause->n_ctes + 1) * sizeof *ctes);
	if (!ctes) {
		ls_norm_fail(n);
		return;
	}
	for (size_t i = 0; i < c->with_clause->n_ctes; i++) {
		pgnode *node = c->with_clause->ctes[i];
		PgQuery__CommonTableExpr *ce = ls_norm_dup(n, node->common_table_expr, sizeof *node->common_table_expr);
		ctes[i] = node;
		if (!ce || ce->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
			continue;
		/* The name is visible inside its own query (WITH RECURSIVE), with
		 * the alias columns if any; nested WITHs may move the array, so
		 * the entry is found again by position. */
		cte *slot = ls_arena_push(ls_norm_scratch(n), (void **)&v->ctes, &v->n_ctes, sizeof *slot);
		if (!slot) {
			ls_norm_fail(n);
			return;
		}
		size_t at = v->n_ctes - 1;
		slot->name = ce->ctename;
		slot->n_cols = ce->n_aliascolnames;
		slot->cols = ls_arena_alloc(ls_norm_scratch(n), (ce->n_aliascolnames + 1) * sizeof *slot->cols);
		for (size_t k = 0; slot->cols && k < ce->n_aliascolnames; k++)
			slot->cols[k] = ce->aliascolnames[k]->string->sval;
		const char **cols;
		size_t nc;
		PgQuery__SelectStmt *q = norm_select(n, v, ce->ctequery->select_stmt, &cols, &nc);
		if (ce->n_aliascolnames == 0) {
			v->ctes[at].cols = cols;
			v->ctes[at].n_cols = nc;
		}
		ce->ctequery = ls_norm_wrap(n, PG_QUERY__NODE__NODE_SELECT_STMT, q);
		ctes[i] = ls_norm_wrap(n, PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR, ce);
	}
	w->ctes = ctes;
	c->with_clause = w;
}

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

static PgQuery__SelectStmt *norm_select(ls_norm *n, vctx *v, PgQuery__SelectStmt *s,
		const char ***out_cols, size_t *n_out)
{
	PgQuery__SelectStmt *c = ls_norm_dup(n, s, sizeof *s);
	*out_cols = NULL;
	*n_out = 0;
	if (!c)
		return s;
	size_t saved_ctes = v->n_ctes;
	norm_with(n, v, c);
	if (c->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
		const char **rc;
		size_t rn;
		c->larg = norm_select(n, v, s->larg, out_cols, n_out);
		c->rarg = norm_select(n, v, s->rarg, &rc, &rn);
		v->n_ctes = saved_ctes;
		return c;
	}
	scope sc = {.parent = v->cur};
	v->cur = &sc;
	pgnode **from = ls_arena_alloc(ls_norm_scratch(n), (c->n_from_clause + 1) * sizeof *from);
	for (size_t i = 0; from && i < c->n_from_clause; i++)
		from[i] = norm_from_item(n, v, c->from_clause[i]);
	if (from)
		c->from_clause = from;
	norm_targets(n, v, c, out_cols, n_out);
	c->where_clause = ls_norm_node(n, c->where_clause);
	c->having_clause = ls_norm_node(n, c->having_clause);
	c->group_clause = ls_norm_array(n, c->group_clause, c->n_group_clause);
	c->group_clause = by_position(n, c, c->group_clause, c->n_group_clause, false);
	c->distinct_clause = ls_norm_array(n, c->distinct_clause, c->n_distinct_clause);
	c->values_lists = ls_norm_array(n, c->values_lists, c->n_values_lists);
	c->limit_count = ls_norm_node(n, c->limit_count);
	c->limit_offset = ls_norm_node(n, c->limit_offset);
	pgnode **sorts = ls_arena_alloc(ls_norm_scratch(n), (c->n_sort_clause + 1) * sizeof *sorts);
	for (size_t i = 0; sorts && i < c->n_sort_clause; i++) {
		PgQuery__SortBy *sb = ls_norm_dup(n, c->sort_clause[i]->sort_by, sizeof(PgQuery__SortBy));
		sorts[i] = c->sort_clause[i];
		if (sb) {
			sb->node = ls_norm_node(n, sb->node);
			sorts[i] = ls_norm_wrap(n, PG_QUERY__NODE__NODE_SORT_BY, sb);
		}
	}
	if (sorts)
		c->sort_clause = by_position(n, c, sorts, c->n_sort_clause, true);
	v->cur = sc.parent;
	v->n_ctes = saved_ctes;
	return c;
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
		PgQuery__ResTarget *rt = ls_norm_dup(n, sel->target_list[i]->res_target, sizeof(PgQuery__ResTarget));
		if (!rt)
			return;
		pgnode *val = rt->val;
		const char *plain = val && val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF ?
			last_string(val->column_ref->fields, val->column_ref->n_fields) : NULL;
		rt->name = plain && !strcmp(plain, alias) ? (char *)"" : (char *)alias;
		sel->target_list[i] = ls_norm_wrap(n, PG_QUERY__NODE__NODE_RES_TARGET, rt);
		cols[i] = alias;
	}
}

/* Canonical definition, output columns and dependencies of a query, with
 * the view's column aliases applied. */
static int view_definition(ls_apply *ap, pgnode *query, pgnode **aliases, size_t n_aliases,
		ls_view *out)
{
	if (query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "views over anything but SELECT are not supported");
	vctx v = {0};
	ls_norm *n = ls_norm_new(ap, view_hook, &v);
	if (!n)
		return ap->err->code;
	ls_norm_set_coltype(n, view_coltype);
	const char **cols;
	size_t nc;
	PgQuery__SelectStmt *sel = norm_select(n, &v, query->select_stmt, &cols, &nc);
	apply_aliases(n, sel, cols, nc, aliases, n_aliases);
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
	out->depends = v.depends;
	out->n_depends = v.n_depends;
done:
	ls_norm_free(n);
	return rc;
}

/* check_option=... in WITH (...) is the same as WITH CHECK OPTION. */
static void take_check_option(ls_apply *ap, ls_view *v)
{
	for (size_t i = 0; i < v->n_options; i++)
		if (!strncmp(v->options[i], "check_option=", 13)) {
			v->check_option = !strcmp(v->options[i] + 13, "local") ? "LOCAL" : "CASCADED";
			LS_REMOVE(v->options, v->n_options, i);
			return;
		}
	(void)ap;
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
	take_check_option(ap, &nv);
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
	if (ls_default_grants(cat, LS_DEFACL_TABLES, schema, &v->grants, &v->n_grants) < 0)
		return ls_apply_nomem(ap);
	return 0;
}

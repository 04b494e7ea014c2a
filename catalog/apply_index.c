/* CREATE INDEX, and the index keys shared with PRIMARY KEY / UNIQUE /
 * EXCLUDE constraints. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "apply_table.h"
#include "name_conflict.h"

#include <string.h>

/* FigureColname for an index expression: a function's name, else "expr". */
static const char *expr_colname(const pgnode *e)
{
	if (e && e->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
		const PgQuery__FuncCall *f = e->func_call;
		pgnode *last = f->funcname[f->n_funcname - 1];
		if (last->node_case == PG_QUERY__NODE__NODE_STRING)
			return last->string->sval;
	}
	if (e && e->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		return expr_colname(e->type_cast->arg);
	return "expr";
}

const char *ls_index_key_name(ls_apply *ap, const ls_index_key *k)
{
	if (k->column)
		return k->column;
	pgnode *e;
	PgQuery__ParseResult *r = ls_parse_expr(k->expr, &e);
	const char *name = r ? ls_arena_strdup(ap->cat->arena, expr_colname(e)) : "expr";
	ls_expr_free(r);
	return name ? name : "expr";
}

/* Qualified name of an opclass or collation name list: pg_catalog ones
 * bare, an extension's operator class with its schema. */
static const char *name_list_text(ls_apply *ap, pgnode **names, size_t n, bool opclass)
{
	const char *schema, *name;
	if (n == 0 || ls_name_list((const pgnode *const *)names, n, &schema, &name) < 0)
		return NULL;
	if (schema && strcmp(schema, "pg_catalog") == 0)
		schema = NULL;
	if (!schema && opclass)
		schema = ls_extension_object_schema(ap->cat, 'o', name);
	if (!schema && !opclass) {
		/* a user collation on search_path: the server prints it qualified */
		const ls_collation *c = ls_lookup_collation(ap->cat, NULL, name);
		schema = c ? c->schema : NULL;
	}
	return ls_qualify(ap->cat->arena, schema, name);
}

/* Whether the COLLATE of index key el is the collation column c has (its
 * own, or its domain's): the server records it, but pg_get_indexdef
 * prints it only where it differs, so the model keeps none. */
static bool same_as_column(ls_catalog *cat, const ls_column *c, const PgQuery__IndexElem *el)
{
	const char *schema, *name;
	if (!c || ls_name_list((const pgnode *const *)el->collation, el->n_collation, &schema, &name) < 0)
		return false;
	const char *key = ls_collation_name(cat, schema, name);
	const char *col = c->collation;
	for (size_t i = 0; !col && i < cat->n_types; i++) {
		const ls_type *d = &cat->types[i];
		if (d->kind == LS_TYPE_DOMAIN && d->collation &&
				!strcmp(ls_qualify(cat->arena, d->schema, d->name), c->type))
			col = d->collation;
	}
	return key && col && !strcmp(key, col);
}

/* ResolveOpClass: the operator class an index key names exists for the
 * index's access method. */
static int check_opclass(ls_apply *ap, const char *method, const PgQuery__IndexElem *el)
{
	const char *schema, *name;
	if (el->n_opclass == 0 || !method ||
			ls_name_list((const pgnode *const *)el->opclass, el->n_opclass, &schema, &name) < 0)
		return 0;
	if (ls_opclass_exists(ap->cat, method, schema, name))
		return 0;
	char tok[LS_ERROR_TOKEN_SIZE];
	const char *full = schema ? ls_arena_printf(ap->cat->arena, "%s.%s", schema, name) : name;
	return ls_apply_error(ap, LS_EINVAL, "operator class \"%s\" does not exist for access method \"%s\"",
			ls_error_token(tok, sizeof tok, full ? full : name), method);
}

int ls_check_expr_columns(ls_apply *ap, ls_table *t, const pgnode *expr)
{
	const char **cols;
	size_t n;
	if (!t)
		return 0;
	int rc = ls_expr_columns(ap, expr, &cols, &n);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (!ls_table_column(t, cols[i]))
			rc = ls_apply_error(ap, LS_EINVAL, "column \"%s\" does not exist", cols[i]);
	return rc;
}

int ls_index_keys(ls_apply *ap, ls_table *t, ls_index *x, pgnode **params,
		size_t n, const char ***colnames)
{
	ls_catalog *cat = ap->cat;
	size_t n_names = 0;
	*colnames = NULL;
	for (size_t i = 0; i < n; i++) {
		PgQuery__IndexElem *el = params[i]->index_elem;
		ls_index_key *k = LS_PUSH(cat, x->keys, x->n_keys);
		const char **cn = LS_PUSH(cat, *colnames, n_names);
		if (!k || !cn)
			return ls_apply_nomem(ap);
		if (el->name && *el->name) {
			if (t && !ls_table_column(t, el->name))
				return ls_apply_error(ap, LS_EINVAL, "column \"%s\" does not exist", el->name);
			k->column = ls_arena_strdup(cat->arena, el->name);
			if (!k->column)
				return ls_apply_nomem(ap);
			*cn = k->column;
		} else {
			*cn = expr_colname(el->expr);
			int rc = ls_check_expr_columns(ap, t, el->expr);
			if (rc < 0)
				return rc;
			k->expr = ls_expr_canonical(ap, el->expr);
			if (!k->expr)
				return ap->err->code;
		}
		k->collation = name_list_text(ap, el->collation, el->n_collation, false);
		if (k->collation && k->column && t && same_as_column(cat, ls_table_column(t, k->column), el))
			k->collation = NULL;
		int orc = check_opclass(ap, x->method, el);
		if (orc < 0)
			return orc;
		k->opclass = name_list_text(ap, el->opclass, el->n_opclass, true);
		/* a spelled-out default operator class is the default */
		ls_column *col = t && k->column ? ls_table_column(t, k->column) : NULL;
		if (col && ls_is_default_opclass(x->method, col->type, k->opclass))
			k->opclass = NULL;
		k->desc = el->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
		if (el->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST)
			k->nulls_first = true;
		else if (el->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST)
			k->nulls_first = false;
		else
			k->nulls_first = k->desc;
	}
	return 0;
}

/* ChooseIndexNameAddition: the key column names joined by '_', cut at
 * NAMEDATALEN - 1 bytes. */
const char *ls_index_name_addition(ls_apply *ap, const char **names, size_t n)
{
	char buf[64];
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(names[i]);
		if (i > 0 && len < sizeof buf - 1)
			buf[len++] = '_';
		for (size_t j = 0; j < l && len < sizeof buf - 1; j++)
			buf[len++] = names[i][j];
		buf[len] = '\0';
		if (len >= sizeof buf - 1)
			break;
	}
	return ls_arena_strdup(ap->cat->arena, buf);
}

/* The name of DefElem d as an option is kept: "toast.x" in namespace toast. */
static const char *option_name(ls_apply *ap, const PgQuery__DefElem *d)
{
	return d->defnamespace && *d->defnamespace ?
		ls_arena_printf(ap->cat->arena, "%s.%s", d->defnamespace, d->defname) : d->defname;
}

/* Storage parameters of WITH (...) or SET (...) into *out as "name=value",
 * as transformRelOptions keeps them: the options already there that the
 * list does not name stay in their order, the named ones follow in the
 * order written (SET of an option already there moves it to the end). A
 * name written twice is refused as parseRelOptions refuses it. */
int ls_def_options(ls_apply *ap, pgnode **opts, size_t n, const char ***out, size_t *count)
{
	for (size_t i = 0; i < n; i++) {
		const char *name = option_name(ap, opts[i]->def_elem);
		if (!name)
			return ls_apply_nomem(ap);
		for (size_t k = 0; k < i; k++) {
			const char *o = option_name(ap, opts[k]->def_elem);
			if (o && !strcmp(o, name))
				return ls_apply_error(ap, LS_EINVAL, "parameter \"%s\" specified more than once",
						opts[i]->def_elem->defname);
		}
	}
	for (size_t i = 0; i < n; i++) {
		PgQuery__DefElem *d = opts[i]->def_elem;
		const char *v = "true";
		pgnode *a = d->arg;
		if (a && a->node_case == PG_QUERY__NODE__NODE_INTEGER)
			v = ls_arena_printf(ap->cat->arena, "%d", a->integer->ival);
		else if (a && a->node_case == PG_QUERY__NODE__NODE_FLOAT)
			v = a->float_->fval;
		else if (a && a->node_case == PG_QUERY__NODE__NODE_STRING)
			v = a->string->sval;
		else if (a && a->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
			v = a->boolean->boolval ? "true" : "false";
		else if (a && a->node_case == PG_QUERY__NODE__NODE_TYPE_NAME &&
				a->type_name->n_names > 0 &&
				a->type_name->names[a->type_name->n_names - 1]->node_case == PG_QUERY__NODE__NODE_STRING)
			/* a bare word (check_option=local) parses as a type name */
			v = a->type_name->names[a->type_name->n_names - 1]->string->sval;
		const char *name = option_name(ap, d);
		const char *kv = name && v ? ls_arena_printf(ap->cat->arena, "%s=%s", name, v) : NULL;
		if (!kv)
			return ls_apply_nomem(ap);
		size_t nl = strlen(name);
		for (size_t j = 0; j < *count; j++)
			if (strncmp((*out)[j], name, nl) == 0 && (*out)[j][nl] == '=') {
				LS_REMOVE(*out, *count, j);
				break;
			}
		if (!LS_PUSH(ap->cat, *out, *count))
			return ls_apply_nomem(ap);
		(*out)[*count - 1] = kv;
	}
	return 0;
}

int ls_apply_create_index(ls_apply *ap, PgQuery__IndexStmt *s)
{
	ls_catalog *cat = ap->cat;
	const char **colnames;
	ls_table *t = ls_lookup_table(cat, s->relation->schemaname[0] ? s->relation->schemaname : NULL,
			s->relation->relname);
	ls_view *mv = NULL;
	if (!t) {
		mv = ls_lookup_view(cat, s->relation->schemaname[0] ? s->relation->schemaname : NULL,
				s->relation->relname);
		if (!mv || !mv->materialized)
			return ls_apply_error(ap, LS_EINVAL, mv ? "\"%s\" is not a table or materialized view" :
					"relation \"%s\" does not exist", s->relation->relname);
	}
	const char *schema = t ? t->schema : mv->schema;
	const char *table = t ? t->name : mv->name;
	LS_REL(ap, t);
	if (s->idxname && *s->idxname && ls_class_name_taken(cat, schema, s->idxname)) {
		if (s->if_not_exists)
			return 0;
		return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" already exists", s->idxname);
	}
	/* Keys are resolved before the index exists, so a failure leaves
	 * nothing behind; the name is chosen from them. */
	ls_index tmp = {0};
	tmp.method = s->access_method && *s->access_method ? s->access_method : "btree";
	int rc = ls_index_keys(ap, t, &tmp, s->index_params, s->n_index_params, &colnames);
	if (rc < 0)
		return rc;
	/* ChooseIndexColumnNames: keys, then INCLUDE columns */
	for (size_t i = 0; i < s->n_index_including_params; i++) {
		const char **slot = ls_arena_push(cat->arena, (void **)&colnames, &(size_t){s->n_index_params + i},
				sizeof *colnames);
		if (!slot)
			return ls_apply_nomem(ap);
		*slot = s->index_including_params[i]->index_elem->name;
	}
	const char *name = s->idxname && *s->idxname ? s->idxname :
		ls_choose_relation_name(cat, schema, table,
				ls_index_name_addition(ap, colnames, s->n_index_params + s->n_index_including_params),
				/* ChooseIndexName: "key" only for constraints */
				s->primary ? "pkey" : s->isconstraint ? "key" : "idx");
	ls_index *x = ls_new_index(cat, schema, name);
	if (!x)
		return ls_apply_nomem(ap);
	x->table = table;
	x->keys = tmp.keys;
	x->n_keys = tmp.n_keys;
	x->unique = s->unique;
	x->nulls_not_distinct = s->nulls_not_distinct;
	if (s->access_method && *s->access_method)
		x->method = ls_arena_strdup(cat->arena, s->access_method);
	for (size_t i = 0; i < s->n_index_including_params; i++) {
		const char **inc = LS_PUSH(cat, x->include, x->n_include);
		if (!inc)
			return ls_apply_nomem(ap);
		*inc = ls_arena_strdup(cat->arena, s->index_including_params[i]->index_elem->name);
	}
	if (s->where_clause && (rc = ls_check_expr_columns(ap, t, s->where_clause)) < 0)
		return rc;
	if (s->where_clause && !(x->where = ls_expr_canonical(ap, s->where_clause)))
		return ap->err->code;
	if (t && s->unique && ls_unique_fits_partition_key(ap, t, x, s->primary ? "PRIMARY KEY" :
			"UNIQUE") < 0)
		return ap->err->code;
	rc = ls_def_options(ap, s->options, s->n_options, &x->options, &x->n_options);
	/* without ONLY, the partitions get the index too */
	if (rc == 0 && s->relation->inh && t && t->kind == LS_TABLE_PARTITIONED)
		rc = ls_partition_index_created(ap, (size_t)(x - cat->indexes));
	return rc;
}

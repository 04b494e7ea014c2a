/* Table constraints: naming, checks PostgreSQL makes, backing indexes;
 * partition bounds. */
#define _POSIX_C_SOURCE 200809L
#include "datetime.h"
#include "build.h"
#include "apply_table.h"
#include "apply_inherit.h"
#include "name_conflict.h"
#include "rewrite.h"

#include <stdio.h>
#include <string.h>

static const char **string_list(ls_apply *ap, pgnode **items, size_t n, size_t *count)
{
	const char **out = NULL;
	*count = 0;
	for (size_t i = 0; i < n; i++) {
		const char **slot = LS_PUSH(ap->cat, out, *count);
		if (!slot) {
			*count = 0;
			return NULL;
		}
		/* copied: the parse tree is freed after the statement */
		*slot = ls_arena_strdup(ap->cat->arena, items[i]->node_case == PG_QUERY__NODE__NODE_STRING ?
				items[i]->string->sval : items[i]->index_elem->name);
		if (!*slot) {
			*count = 0;
			return NULL;
		}
	}
	return out;
}

static bool same_columns(const char **a, size_t na, const char **b, size_t nb)
{
	if (na != nb)
		return false;
	/* A unique key matches in any column order (transformFkeyCheckAttrs). */
	for (size_t i = 0; i < na; i++) {
		bool found = false;
		for (size_t j = 0; j < nb && !found; j++)
			found = strcmp(a[i], b[j]) == 0;
		if (!found)
			return false;
	}
	return true;
}

/* The referenced side of a foreign key: table, columns (the primary key
 * when none are given), and a unique constraint or index that matches. */
static int resolve_fk_target(ls_apply *ap, ls_table *self, ls_constraint *k,
		PgQuery__Constraint *c)
{
	ls_catalog *cat = ap->cat;
	PgQuery__RangeVar *rv = c->pktable;
	ls_table *ref = ls_lookup_table(cat, rv->schemaname[0] ? rv->schemaname : NULL, rv->relname);
	if (!ref)
		return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", rv->relname);
	(void)self;
	k->ref_schema = ref->schema;
	k->ref_table = ref->name;
	if (c->n_pk_attrs == 0) {
		for (size_t i = 0; i < ref->n_constraints; i++)
			if (ref->constraints[i].type == 'p') {
				k->ref_columns = ref->constraints[i].columns;
				k->n_ref_columns = ref->constraints[i].n_columns;
			}
		if (!k->ref_columns)
			return ls_apply_error(ap, LS_EINVAL, "there is no primary key for referenced table \"%s\"", ref->name);
	} else {
		k->ref_columns = string_list(ap, c->pk_attrs, c->n_pk_attrs, &k->n_ref_columns);
		if (!k->ref_columns)
			return ls_apply_nomem(ap);
		for (size_t i = 0; i < k->n_ref_columns; i++)
			if (!ls_table_column(ref, k->ref_columns[i]))
				return ls_apply_error(ap, LS_EINVAL, "column \"%s\" referenced in foreign key constraint does not exist", k->ref_columns[i]);
	}
	if (k->n_ref_columns != k->n_columns)
		return ls_apply_error(ap, LS_EINVAL, "number of referencing and referenced columns for foreign key disagree");
	bool matched = false;
	for (size_t i = 0; i < ref->n_constraints && !matched; i++) {
		ls_constraint *u = &ref->constraints[i];
		matched = (u->type == 'p' || u->type == 'u') &&
			same_columns(k->ref_columns, k->n_ref_columns, u->columns, u->n_columns);
	}
	for (size_t i = 0; i < cat->n_indexes && !matched; i++) {
		ls_index *x = &cat->indexes[i];
		if (!x->unique || x->where || strcmp(x->schema, ref->schema) || strcmp(x->table, ref->name))
			continue;
		const char *cols[32];
		size_t n = 0;
		for (size_t j = 0; j < x->n_keys && n < 32; j++)
			cols[n++] = x->keys[j].column ? x->keys[j].column : "";
		matched = same_columns(k->ref_columns, k->n_ref_columns, cols, n);
	}
	if (!matched)
		return ls_apply_error(ap, LS_EINVAL, "there is no unique constraint matching given keys for referenced table \"%s\"", ref->name);
	return 0;
}

static char fk_action(const char *a)
{
	return a && *a ? a[0] : 'a';
}

/* The index behind a PRIMARY KEY / UNIQUE / EXCLUDE constraint. */
static int constraint_index(ls_apply *ap, ls_table *t, ls_constraint *k,
		PgQuery__Constraint *c)
{
	ls_catalog *cat = ap->cat;
	/* an index shares the relation name space only (enums, domains may
	 * have the same name) */
	if (ls_check_new_name(ap, t->schema, k->name, LS_NEW_INDEX) < 0)
		return ap->err->code;
	ls_index *x = ls_new_index(cat, t->schema, k->name);
	if (!x)
		return ls_apply_nomem(ap);
	x->table = t->name;
	x->unique = k->type != 'x';
	x->nulls_not_distinct = k->nulls_not_distinct;
	x->constraint = k->name;
	if (c->access_method && *c->access_method)
		x->method = ls_arena_strdup(cat->arena, c->access_method);
	for (size_t i = 0; i < k->n_columns; i++) {
		ls_index_key *key = LS_PUSH(cat, x->keys, x->n_keys);
		if (!key)
			return ls_apply_nomem(ap);
		key->column = k->columns[i];
	}
	for (size_t i = 0; i < c->n_including; i++) {
		const char **inc = LS_PUSH(cat, x->include, x->n_include);
		if (!inc)
			return ls_apply_nomem(ap);
		*inc = ls_arena_strdup(cat->arena, c->including[i]->string->sval);
	}
	if (c->where_clause && !(x->where = ls_expr_canonical(ap, c->where_clause)))
		return ap->err->code;
	if (k->type != 'x' && ls_unique_fits_partition_key(ap, t, x, k->type == 'p' ? "PRIMARY KEY" :
			"UNIQUE") < 0)
		return ap->err->code;
	return ls_def_options(ap, c->options, c->n_options, &x->options, &x->n_options);
}

/* EXCLUDE USING gist (room WITH =, during WITH &&): keys, and the
 * canonical text of the element list. */
static int exclusion(ls_apply *ap, ls_table *t, ls_constraint *k, PgQuery__Constraint *c,
		const char ***names, size_t *n_names)
{
	ls_arena *a = ap->cat->arena;
	const char *text = "";
	for (size_t i = 0; i < c->n_exclusions; i++) {
		PgQuery__List *pair = c->exclusions[i]->list;
		PgQuery__IndexElem *el = pair->items[0]->index_elem;
		PgQuery__List *ops = pair->items[1]->list;
		const char *op = ops->items[ops->n_items - 1]->string->sval;
		const char *col = el->name && *el->name ? el->name : "expr";
		if (el->name && *el->name && !ls_table_column(t, el->name))
			return ls_apply_error(ap, LS_EINVAL, "column \"%s\" named in key does not exist", el->name);
		const char *item = el->name && *el->name ? ls_quote_ident(a, el->name) :
			ls_arena_printf(a, "(%s)", ls_expr_canonical(ap, el->expr));
		text = ls_arena_printf(a, "%s%s%s WITH %s", text, i ? ", " : "", item, op);
		const char **slot = LS_PUSH(ap->cat, *names, *n_names);
		if (!slot || !text)
			return ls_apply_nomem(ap);
		*slot = col;
	}
	k->exclusion = ls_arena_printf(a, "USING %s (%s)",
			c->access_method && *c->access_method ? c->access_method : "gist", text);
	return k->exclusion ? 0 : ls_apply_nomem(ap);
}

/* The name PostgreSQL gives an unnamed constraint. */
static const char *constraint_name(ls_apply *ap, ls_table *t, ls_constraint *k,
		PgQuery__Constraint *c, const char **names, size_t n_names)
{
	ls_catalog *cat = ap->cat;
	switch (k->type) {
	case 'p':
		return ls_choose_relation_name(cat, t->schema, t->name, NULL, "pkey");
	case 'u':
	case 'x': {
		/* ChooseIndexColumnNames: key columns, then INCLUDE columns */
		const char *all[64];
		size_t n = 0;
		const char **keys = k->type == 'u' ? k->columns : names;
		size_t nk = k->type == 'u' ? k->n_columns : n_names;
		for (size_t i = 0; i < nk && n < 64; i++)
			all[n++] = keys[i];
		for (size_t i = 0; i < c->n_including && n < 64; i++)
			all[n++] = c->including[i]->string->sval;
		return ls_choose_relation_name(cat, t->schema, t->name,
				ls_index_name_addition(ap, all, n), k->type == 'u' ? "key" : "excl");
	}
	case 'f':
		return ls_choose_constraint_name(cat, t->schema, t->name,
				ls_index_name_addition(ap, k->columns, k->n_columns), "fkey");
	default: {
		/* CHECK: the column's name when exactly one column is used. */
		const char **cols;
		size_t n, distinct = 0;
		const char *one = NULL;
		if (ls_expr_columns(ap, c->raw_expr, &cols, &n) < 0)
			return NULL;
		for (size_t i = 0; i < n; i++)
			if (!one || strcmp(one, cols[i]) != 0) {
				if (!one)
					one = cols[i];
				distinct++;
				for (size_t j = 0; j < i; j++)
					if (strcmp(cols[j], cols[i]) == 0) {
						distinct--;
						break;
					}
			}
		return ls_choose_constraint_name(cat, t->schema, t->name,
				distinct == 1 ? one : NULL, "check");
	}
	}
}

static int check_key_columns(ls_apply *ap, ls_table *t, ls_constraint *k)
{
	for (size_t i = 0; i < k->n_columns; i++)
		if (!ls_table_column(t, k->columns[i]))
			return ls_apply_error(ap, LS_EINVAL, k->type == 'f' ?
					"column \"%s\" referenced in foreign key constraint does not exist" :
					"column \"%s\" named in key does not exist", k->columns[i]);
	return 0;
}

int ls_add_constraint(ls_apply *ap, ls_table *t, PgQuery__Constraint *c)
{
	LS_REL(ap, t);
	ls_catalog *cat = ap->cat;
	ls_constraint k = {0};
	const char **names = NULL;
	size_t n_names = 0;
	int rc;
	switch (c->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: k.type = 'p'; break;
	case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: k.type = 'u'; break;
	case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: k.type = 'c'; break;
	case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: k.type = 'f'; break;
	case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: k.type = 'x'; break;
	default:
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported constraint type");
	}
	k.deferrable = c->deferrable;
	k.deferred = c->initdeferred;
	k.valid = !c->skip_validation;
	k.no_inherit = c->is_no_inherit;
	k.nulls_not_distinct = c->nulls_not_distinct;
	if (c->indexname && *c->indexname)
		return ls_constraint_using_index(ap, t, &k, c);
	if (k.type == 'f')
		k.columns = string_list(ap, c->fk_attrs, c->n_fk_attrs, &k.n_columns);
	else if (k.type == 'p' || k.type == 'u')
		k.columns = string_list(ap, c->keys, c->n_keys, &k.n_columns);
	if (ls_arena_failed(cat->arena))
		return ls_apply_nomem(ap);
	if ((rc = check_key_columns(ap, t, &k)) < 0)
		return rc;
	if (k.type == 'p')
		for (size_t i = 0; i < t->n_constraints; i++)
			if (t->constraints[i].type == 'p')
				return ls_apply_error(ap, LS_EINVAL, "multiple primary keys for table \"%s\" are not allowed", t->name);
	if (k.type == 'c' && (rc = ls_check_expr_columns(ap, t, c->raw_expr)) < 0)
		return rc;
	if (k.type == 'c' && !(k.expr = ls_expr_canonical(ap, c->raw_expr)))
		return ap->err->code;
	if (k.type == 'x' && (rc = exclusion(ap, t, &k, c, &names, &n_names)) < 0)
		return rc;
	if (k.type == 'f') {
		if ((rc = resolve_fk_target(ap, t, &k, c)) < 0)
			return rc;
		/* ATExecAddConstraint (PostgreSQL 15): validating it later on
		 * every partition is not implemented by the server */
		if (!k.valid && t->kind == LS_TABLE_PARTITIONED)
			return ls_apply_error(ap, LS_EINVAL, "cannot add NOT VALID foreign key on partitioned table \"%s\" referencing relation \"%s\"",
					t->name, k.ref_table);
		k.on_update = fk_action(c->fk_upd_action);
		k.on_delete = fk_action(c->fk_del_action);
		k.match = c->fk_matchtype && *c->fk_matchtype ? c->fk_matchtype[0] : 's';
	}
	k.name = c->conname && *c->conname ? ls_arena_strdup(cat->arena, c->conname) :
		constraint_name(ap, t, &k, c, names, n_names);
	if (!k.name)
		return ap->err->code ? ap->err->code : ls_apply_nomem(ap);
	if (ls_inherit_merge_check(cat, t, &k))
		return 0;
	if (ls_table_constraint(t, k.name))
		return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" for relation \"%s\" already exists", k.name, t->name);
	uint64_t id = t->id;
	if (k.type == 'p' || k.type == 'u' || k.type == 'x') {
		if ((rc = constraint_index(ap, t, &k, c)) < 0)
			return rc;
		t = ls_table_by_id(cat, id);
	}
	if (k.type == 'p')
		for (size_t i = 0; i < k.n_columns; i++)
			ls_table_column(t, k.columns[i])->not_null = true;
	ls_constraint *slot = LS_PUSH(cat, t->constraints, t->n_constraints);
	if (!slot)
		return ls_apply_nomem(ap);
	*slot = k;
	ls_index_constraint_added(cat, t, NULL, k.name);
	if (!ap->only && t->kind == LS_TABLE_PARTITIONED && (k.type == 'p' || k.type == 'u' || k.type == 'x')) {
		ls_index *x = ls_catalog_find_index(cat, t->schema, k.name);
		if (x)
			return ls_partition_index_created(ap, (size_t)(x - cat->indexes));
	}
	return 0;
}

/* ADD CONSTRAINT name PRIMARY KEY / UNIQUE USING INDEX idx: the index
 * becomes the constraint's, renamed to the constraint's name. */
int ls_constraint_using_index(ls_apply *ap, ls_table *t, ls_constraint *k,
		PgQuery__Constraint *c)
{
	ls_catalog *cat = ap->cat;
	ls_index *x = ls_catalog_find_index(cat, t->schema, c->indexname);
	if (!x || strcmp(x->table, t->name) != 0)
		return ls_apply_error(ap, LS_EINVAL, "index \"%s\" does not exist", c->indexname);
	if (!x->unique)
		return ls_apply_error(ap, LS_EINVAL, "\"%s\" is not a unique index", c->indexname);
	if (x->constraint)
		return ls_apply_error(ap, LS_EINVAL, "index \"%s\" is already associated with a constraint", c->indexname);
	k->name = c->conname && *c->conname ? ls_arena_strdup(cat->arena, c->conname) : x->name;
	if (ls_table_constraint(t, k->name))
		return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" for relation \"%s\" already exists", k->name, t->name);
	for (size_t i = 0; i < x->n_keys; i++) {
		const char **slot = LS_PUSH(cat, k->columns, k->n_columns);
		if (!slot)
			return ls_apply_nomem(ap);
		*slot = x->keys[i].column;
		if (k->type == 'p')
			ls_table_column(t, x->keys[i].column)->not_null = true;
	}
	k->nulls_not_distinct = x->nulls_not_distinct;
	x->name = k->name;
	x->constraint = k->name;
	ls_catalog_touch(cat); /* the index has a new name */
	ls_constraint *slot = LS_PUSH(cat, t->constraints, t->n_constraints);
	if (!slot)
		return ls_apply_nomem(ap);
	*slot = *k;
	ls_index_constraint_added(cat, t, NULL, slot->name);
	return 0;
}

void ls_remove_index_tree(ls_catalog *cat, size_t j)
{
	const char *name = cat->indexes[j].name;
	LS_REMOVE_ITEM(cat, cat->indexes, cat->n_indexes, j);
	/* the partitions' copies go with it */
	for (size_t k = cat->n_indexes; k-- > 0;)
		if (k < cat->n_indexes && cat->indexes[k].parent_index &&
				!strcmp(cat->indexes[k].parent_index, name))
			ls_remove_index_tree(cat, k);
}

void ls_remove_constraint(ls_catalog *cat, ls_table *t, size_t i)
{
	const char *name = t->constraints[i].name;
	for (size_t j = 0; j < cat->n_indexes; j++) {
		ls_index *x = &cat->indexes[j];
		if (x->constraint && strcmp(x->constraint, name) == 0 &&
				strcmp(x->schema, t->schema) == 0 && strcmp(x->table, t->name) == 0) {
			ls_remove_index_tree(cat, j);
			break;
		}
	}
	LS_REMOVE(t->constraints, t->n_constraints, i);
}

/* The type of key column `key` of a partitioned table, from its
 * partition key text "RANGE (a, b)"; NULL for expression keys. */
/* The type of the key'th column of parent's partition key (NULL for an
 * expression): the key text names it as SQL quotes it. */
static const char *key_type(ls_apply *ap, ls_table *parent, size_t key)
{
	const char **cols;
	size_t n;
	if (!parent->partition_key ||
			ls_partition_key_columns(ap, parent->partition_key, &cols, &n) < 0 || key >= n ||
			!cols[key])
		return NULL;
	ls_column *c = ls_table_column(parent, cols[key]);
	return c ? c->type : NULL;
}

static bool is_number_type(const char *t)
{
	return t && (!strcmp(t, "smallint") || !strcmp(t, "integer") || !strcmp(t, "bigint") ||
			!strncmp(t, "numeric", 7) || !strcmp(t, "real") || !strcmp(t, "double precision"));
}

/* One bound datum as pg_get_expr(relpartbound) prints it: the value in
 * the key column's type, quoted unless it is a non-negative number of a
 * number type; a bare date on a timestamp key gets its midnight. */
static const char *bound_datum(ls_apply *ap, ls_table *parent, size_t key, pgnode *d)
{
	ls_arena *a = ap->cat->arena;
	if (d->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
		const char *s, *n;
		ls_name_list((const pgnode *const *)d->column_ref->fields, d->column_ref->n_fields, &s, &n);
		return n && !strcmp(n, "minvalue") ? "MINVALUE" : n && !strcmp(n, "maxvalue") ? "MAXVALUE" : n;
	}
	while (d->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		d = d->type_cast->arg;
	if (d->node_case != PG_QUERY__NODE__NODE_A_CONST)
		return ls_expr_canonical(ap, d);
	PgQuery__AConst *k = d->a_const;
	if (k->isnull)
		return "NULL";
	char num[64];
	const char *v = NULL;
	if (k->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
		snprintf(num, sizeof num, "%d", k->ival->ival);
		v = num;
	} else if (k->val_case == PG_QUERY__A__CONST__VAL_FVAL) {
		v = k->fval->fval;
	} else if (k->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
		v = k->sval->sval;
	} else if (k->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL) {
		return k->boolval->boolval ? "true" : "false";
	} else {
		return ls_expr_canonical(ap, d);
	}
	const char *type = key_type(ap, parent, key);
	if (is_number_type(type) && v[0] != '-')
		return ls_arena_strdup(a, v);
	/* a date or time as the type's output function prints it
	 * ('2026-01-01 00:00+00' is '2026-01-01 00:00:00+00'); a form the
	 * reader does not know is kept as written */
	const char *dt;
	if (type && ls_datetime_kind(type) != LS_DT_NONE &&
			ls_datetime_canonical_type(a, type, v, &dt) == 0 && dt)
		v = dt;
	/* a string literal, quotes doubled */
	size_t n = strlen(v), q = 0;
	for (size_t i = 0; i < n; i++)
		q += v[i] == '\'';
	char *out = ls_arena_alloc(a, n + q + 3);
	if (!out)
		return NULL;
	char *w = out;
	*w++ = '\'';
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '\'')
			*w++ = '\'';
		*w++ = v[i];
	}
	*w++ = '\'';
	*w = '\0';
	return out;
}

static const char *datum_list(ls_apply *ap, ls_table *parent, pgnode **items, size_t n)
{
	const char *text = "";
	for (size_t i = 0; text && i < n; i++) {
		const char *d = bound_datum(ap, parent, i, items[i]);
		if (!d)
			return NULL;
		text = ls_arena_printf(ap->cat->arena, "%s%s%s", text, i ? ", " : "", d);
	}
	return text;
}

const char *ls_partition_bound(ls_apply *ap, ls_table *parent, PgQuery__PartitionBoundSpec *b)
{
	ls_arena *a = ap->cat->arena;
	if (b->is_default)
		return "DEFAULT";
	if (!strcmp(b->strategy, "h"))
		return ls_arena_printf(a, "FOR VALUES WITH (modulus %d, remainder %d)", b->modulus, b->remainder);
	if (!strcmp(b->strategy, "l")) {
		const char *text = "";
		for (size_t i = 0; text && i < b->n_listdatums; i++) {
			const char *d = bound_datum(ap, parent, 0, b->listdatums[i]);
			text = d ? ls_arena_printf(a, "%s%s%s", text, i ? ", " : "", d) : NULL;
		}
		return text ? ls_arena_printf(a, "FOR VALUES IN (%s)", text) : NULL;
	}
	const char *lo = datum_list(ap, parent, b->lowerdatums, b->n_lowerdatums);
	const char *hi = datum_list(ap, parent, b->upperdatums, b->n_upperdatums);
	if (!lo || !hi)
		return NULL;
	return ls_arena_printf(a, "FOR VALUES FROM (%s) TO (%s)", lo, hi);
}

int ls_partition_column_options(ls_apply *ap, ls_table *t, PgQuery__ColumnDef *cd,
		PgQuery__Constraint ***later, size_t *n_later)
{
	ls_column *col = ls_table_column(t, cd->colname);
	if (cd->is_not_null)
		col->not_null = true;
	for (size_t i = 0; i < cd->n_constraints; i++) {
		col = ls_table_column(t, cd->colname);
		PgQuery__Constraint *c = cd->constraints[i]->constraint;
		if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL) {
			col->not_null = true;
		} else if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT) {
			/* a NULL the server keeps no default for overrides the
			 * parent's all the same: the partition has none */
			if (ls_expr_default(ap, c->raw_expr, col->type, &col->default_expr) < 0)
				return ap->err->code;
		} else {
			PgQuery__Constraint **slot = ls_arena_push(ap->cat->arena, (void **)later, n_later, sizeof **later);
			if (!slot)
				return ls_apply_nomem(ap);
			*slot = c;
		}
	}
	return 0;
}

int ls_like_indexes(ls_apply *ap, ls_table *t, uint64_t src_id, bool comments)
{
	ls_catalog *cat = ap->cat;
	uint64_t id = t->id;
	size_t n = cat->n_indexes;
	for (size_t i = 0; i < n; i++) {
		ls_table *src = ls_table_by_id(cat, src_id);
		t = ls_table_by_id(cat, id);
		ls_index x = cat->indexes[i];
		if (strcmp(x.schema, src->schema) || strcmp(x.table, src->name))
			continue;
		const char *label = x.unique ? "key" : "idx";
		ls_constraint *k = x.constraint ? ls_table_constraint(src, x.constraint) : NULL;
		if (k && k->type == 'p')
			label = "pkey";
		else if (k && k->type == 'x')
			label = "excl";
		const char *names[32];
		size_t nn = 0;
		for (size_t j = 0; j < x.n_keys && nn < 32; j++)
			names[nn++] = ls_index_key_name(ap, &x.keys[j]);
		for (size_t j = 0; j < x.n_include && nn < 32; j++)
			names[nn++] = x.include[j];
		const char *name = ls_choose_relation_name(cat, t->schema, t->name,
				!strcmp(label, "pkey") ? NULL : ls_index_name_addition(ap, names, nn), label);
		ls_constraint copy = k ? *k : (ls_constraint){0};
		ls_index *nx = ls_new_index(cat, t->schema, name);
		if (!nx)
			return ls_apply_nomem(ap);
		const char *nname = nx->name;
		uint64_t nid = nx->id;
		*nx = x;
		nx->id = nid;
		nx->name = nname;
		nx->schema = t->schema;
		nx->table = t->name;
		nx->comment = comments ? x.comment : NULL;
		nx->constraint = k ? nname : NULL;
		if (k) {
			copy.name = nname;
			copy.comment = comments ? k->comment : NULL;
			ls_constraint *slot = LS_PUSH(cat, t->constraints, t->n_constraints);
			if (!slot)
				return ls_apply_nomem(ap);
			*slot = copy;
			ls_index_constraint_added(cat, t, NULL, copy.name);
		}
	}
	return 0;
}

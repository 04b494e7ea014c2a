/* CREATE TABLE: columns, column constraints, LIKE, partitions. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "apply_table.h"
#include "apply_inherit.h"
#include "name_index.h"

#include <string.h>

/* Column-level constraints that stay on the column (NOT NULL, DEFAULT,
 * identity, generated) are applied here; the others are handed back as
 * table constraints with the column as their key. */
static int column_constraint(ls_apply *ap, ls_table *t, ls_column *col,
		PgQuery__Constraint *c, PgQuery__Constraint ***later, size_t *n_later)
{
	ls_catalog *cat = ap->cat;
	switch (c->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
		col->not_null = true;
		return 0;
	case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
		col->not_null = false;
		return 0;
	case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
		/* DEFAULT NULL stores no default at all, unless its coercion to
		 * the column's type does something */
		return ls_expr_default(ap, c->raw_expr, col->type, &col->default_expr);
	case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
		col->generated = ls_expr_canonical(ap, c->raw_expr);
		return col->generated ? 0 : ap->err->code;
	case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
		col->identity = c->generated_when[0] == 'a' ? 'a' : 'd';
		col->not_null = true;
		return ls_new_owned_sequence(ap, t, col->name, col->type, true,
				c->options, c->n_options) ? 0 : ap->err->code;
	case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
	case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
	case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
	case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE: {
		/* transformConstraintAttrs: these follow, and modify, the column
		 * constraint before them. */
		PgQuery__Constraint *prev = *n_later ? (*later)[*n_later - 1] : NULL;
		if (!prev || prev->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK)
			return ls_apply_error(ap, LS_EINVAL, "misplaced %s clause",
					c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE ? "DEFERRABLE" :
					c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE ? "NOT DEFERRABLE" :
					c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED ? "INITIALLY DEFERRED" :
					"INITIALLY IMMEDIATE");
		if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE)
			prev->deferrable = true;
		else if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE)
			prev->deferrable = false;
		else if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED)
			prev->initdeferred = prev->deferrable = true;
		else
			prev->initdeferred = false;
		return 0;
	}
	default: {
		/* PRIMARY KEY / UNIQUE / REFERENCES / CHECK on one column. */
		pgnode *key = NULL;
		PgQuery__String init = PG_QUERY__STRING__INIT;
		PgQuery__String *s = ls_arena_alloc(cat->arena, sizeof *s);
		key = ls_arena_alloc(cat->arena, sizeof *key);
		pgnode **keys = ls_arena_alloc(cat->arena, sizeof *keys);
		PgQuery__Constraint *copy = ls_arena_alloc(cat->arena, sizeof *copy);
		PgQuery__Constraint ***slot_arr = later;
		if (!s || !key || !keys || !copy)
			return ls_apply_nomem(ap);
		*s = init;
		s->sval = (char *)col->name;
		pgnode ninit = PG_QUERY__NODE__INIT;
		*key = ninit;
		key->node_case = PG_QUERY__NODE__NODE_STRING;
		key->string = s;
		keys[0] = key;
		*copy = *c;
		if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
			copy->fk_attrs = keys;
			copy->n_fk_attrs = 1;
		} else if (c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) {
			copy->keys = keys;
			copy->n_keys = 1;
		}
		PgQuery__Constraint **slot = ls_arena_push(cat->arena, (void **)slot_arr, n_later, sizeof **later);
		if (!slot)
			return ls_apply_nomem(ap);
		*slot = copy;
		return 0;
	}
	}
}

int ls_add_column(ls_apply *ap, ls_table *t, PgQuery__ColumnDef *cd,
		PgQuery__Constraint ***later, size_t *n_later)
{
	ls_catalog *cat = ap->cat;
	int serial = 0;
	if (ls_table_column(t, cd->colname))
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" specified more than once", cd->colname);
	const char *type = ls_type_name(ap, cd->type_name, &serial);
	if (!type)
		return ap->err->code;
	LS_REL(ap, t);
	ls_column *col = LS_PUSH(cat, t->columns, t->n_columns);
	if (!col)
		return ls_apply_nomem(ap);
	col->id = cat->next_id++;
	col->name = ls_arena_strdup(cat->arena, cd->colname);
	if (!col->name)
		return ls_apply_nomem(ap);
	col->type = type;
	col->not_null = cd->is_not_null;
	if (cd->coll_clause) {
		PgQuery__CollateClause *cc = cd->coll_clause;
		const char *schema, *name;
		if (ls_name_list((const pgnode *const *)cc->collname, cc->n_collname, &schema, &name) == 0) {
			int rc = ls_collation_check(ap, schema, name);
			if (rc < 0)
				return rc;
			col->collation = ls_collation_name(cat, schema, name);
		}
	}
	for (size_t i = 0; i < cd->n_constraints; i++) {
		/* t->columns may move while constraints add sequences: look the
		 * column up again each time. */
		col = ls_table_column(t, cd->colname);
		int rc = column_constraint(ap, t, col, cd->constraints[i]->constraint, later, n_later);
		if (rc < 0)
			return rc;
	}
	if (serial) {
		ls_sequence *sq = ls_new_owned_sequence(ap, t, cd->colname, type, false, NULL, 0);
		if (!sq)
			return ap->err->code;
		col = ls_table_column(t, cd->colname);
		col->not_null = true;
		col->default_expr = ls_arena_printf(cat->arena, "nextval('%s')",
				ls_qualify(cat->arena, sq->schema, sq->name));
	}
	return 0;
}

/* CREATE TABLE ... (LIKE src INCLUDING ...). */
static int apply_like(ls_apply *ap, ls_table *t, PgQuery__TableLikeClause *like)
{
	ls_catalog *cat = ap->cat;
	enum { L_COMMENTS = 1 << 0, L_CONSTRAINTS = 1 << 2, L_DEFAULTS = 1 << 3,
		L_GENERATED = 1 << 4, L_IDENTITY = 1 << 5, L_INDEXES = 1 << 6 };
	const char *sschema = like->relation->schemaname[0] ? like->relation->schemaname : NULL;
	ls_table *src = ls_lookup_table(cat, sschema, like->relation->relname);
	if (!src)
		return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", like->relation->relname);
	uint64_t src_id = src->id;
	unsigned o = like->options;
	for (size_t i = 0; i < src->n_columns; i++) {
		ls_column c = src->columns[i];
		if (ls_table_column(t, c.name))
			return ls_apply_error(ap, LS_EINVAL, "column \"%s\" specified more than once", c.name);
		ls_column *col = LS_PUSH(cat, t->columns, t->n_columns);
		if (!col)
			return ls_apply_nomem(ap);
		col->id = cat->next_id++;
		col->name = c.name;
		col->type = c.type;
		col->collation = c.collation;
		col->not_null = c.not_null;
		col->default_expr = (o & L_DEFAULTS) && !c.identity ? c.default_expr : NULL;
		col->generated = (o & L_GENERATED) ? c.generated : NULL;
		if (c.generated && !(o & L_GENERATED))
			col->default_expr = NULL;
		col->comment = (o & L_COMMENTS) ? c.comment : NULL;
		if ((o & L_IDENTITY) && c.identity) {
			col->identity = c.identity;
			if (!ls_new_owned_sequence(ap, t, c.name, c.type, true, NULL, 0))
				return ap->err->code;
		}
		/* src may have moved if t and src share the array: re-find */
		for (size_t k = 0; k < cat->n_tables; k++)
			if (cat->tables[k].id == src_id)
				src = &cat->tables[k];
	}
	if (o & L_CONSTRAINTS) {
		for (size_t i = 0; i < src->n_constraints; i++) {
			ls_constraint *c = &src->constraints[i];
			if (c->type != 'c')
				continue;
			ls_constraint *n = LS_PUSH(cat, t->constraints, t->n_constraints);
			if (!n)
				return ls_apply_nomem(ap);
			*n = *c;
			if (!(o & L_COMMENTS))
				n->comment = NULL;
			ls_index_constraint_added(cat, t, NULL, n->name);
		}
	}
	if (o & L_INDEXES)
		return ls_like_indexes(ap, t, src_id, (o & L_COMMENTS) != 0);
	return 0;
}

/* transformPartitionSpec: every column a key names exists. */
static int check_partition_key(ls_apply *ap, ls_table *t, PgQuery__PartitionSpec *ps)
{
	for (size_t i = 0; i < ps->n_part_params; i++) {
		PgQuery__PartitionElem *pe = ps->part_params[i]->partition_elem;
		int rc = 0;
		if (pe->name && *pe->name && !ls_table_column(t, pe->name))
			rc = ls_apply_error(ap, LS_EINVAL, "column \"%s\" named in partition key does not exist", pe->name);
		else if (!(pe->name && *pe->name))
			rc = ls_check_expr_columns(ap, t, pe->expr);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int ls_check_generated_columns(ls_apply *ap, ls_table *t)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < t->n_columns; i++) {
		if (!t->columns[i].generated)
			continue;
		pgnode *e;
		PgQuery__ParseResult *r = ls_parse_expr(t->columns[i].generated, &e);
		if (!r)
			continue;
		rc = ls_check_expr_columns(ap, t, e);
		ls_expr_free(r);
	}
	return rc;
}

/* "RANGE (created_at)" as pg_get_partkeydef prints it. */
const char *ls_partition_key(ls_apply *ap, PgQuery__PartitionSpec *ps)
{
	ls_arena *a = ap->cat->arena;
	const char *strategy = ps->strategy;
	const char *text = ls_arena_printf(a, "%s (",
			!strcmp(strategy, "range") ? "RANGE" : !strcmp(strategy, "list") ? "LIST" : "HASH");
	for (size_t i = 0; text && i < ps->n_part_params; i++) {
		PgQuery__PartitionElem *pe = ps->part_params[i]->partition_elem;
		const char *k = pe->name && *pe->name ? ls_quote_ident(a, pe->name) :
			ls_arena_printf(a, "(%s)", ls_expr_canonical(ap, pe->expr));
		text = ls_arena_printf(a, "%s%s%s", text, i ? ", " : "", k);
	}
	return text ? ls_arena_printf(a, "%s)", text) : NULL;
}

int ls_apply_create_table(ls_apply *ap, PgQuery__CreateStmt *s)
{
	ls_catalog *cat = ap->cat;
	PgQuery__RangeVar *rv = s->relation;
	/* temporary tables live in pg_temp until the end of the file */
	if (s->of_typename)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "typed tables (OF type) are not supported");
	const char *schema = rv->relpersistence[0] == 't' ? ls_temp_schema(ap) :
		ls_creation_schema(ap, rv->schemaname);
	if (!schema)
		return ap->err->code;
	if (ls_relation_name_taken(cat, schema, rv->relname)) {
		if (s->if_not_exists)
			return 0;
		bool is_type = ls_catalog_find_type(cat, schema, rv->relname) != NULL;
		return ls_apply_error(ap, LS_EINVAL, "%s \"%s\" already exists",
				is_type ? "type" : "relation", rv->relname);
	}
	ls_table *parent = NULL;
	if (s->partbound) {
		PgQuery__RangeVar *prv = s->inh_relations[0]->range_var;
		parent = ls_lookup_table(cat, prv->schemaname[0] ? prv->schemaname : NULL, prv->relname);
		if (!parent)
			return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", prv->relname);
		if (parent->kind != LS_TABLE_PARTITIONED)
			return ls_apply_error(ap, LS_EINVAL, "\"%s\" is not partitioned", prv->relname);
	}
	uint64_t parent_id = parent ? parent->id : 0;
	ls_table *t = ls_new_table(cat, schema, rv->relname);
	if (!t)
		return ls_apply_nomem(ap);
	uint64_t id = t->id;
	int rc = ls_fill_table(ap, id, parent_id, s);
	if (rc < 0)
		return rc;
	return 0;
}

static bool same_names(pgnode **a, size_t na, pgnode **b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		const char *x = a[i]->node_case == PG_QUERY__NODE__NODE_STRING ? a[i]->string->sval : NULL;
		const char *y = b[i]->node_case == PG_QUERY__NODE__NODE_STRING ? b[i]->string->sval : NULL;
		if (!x || !y || strcmp(x, y))
			return false;
	}
	return true;
}

static bool is_index_constraint(const PgQuery__Constraint *c)
{
	return c && !c->indexname[0] && (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
			c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE);
}

static bool same_index(const PgQuery__Constraint *a, const PgQuery__Constraint *b)
{
	return same_names(a->keys, a->n_keys, b->keys, b->n_keys) &&
		same_names(a->including, a->n_including, b->including, b->n_including) &&
		!a->where_clause && !b->where_clause && a->deferrable == b->deferrable &&
		a->initdeferred == b->initdeferred;
}

/* transformIndexConstraints: the primary key is taken first, then the
 * UNIQUE constraints in order; one identical to an index already taken is
 * merged into it (giving it its name when it had none) and becomes NULL.
 * Renamed entries are copied into the arena: the parse tree stays as
 * libpg_query made it, since its own free walks it. */
static int merge_index_constraints(ls_apply *ap, PgQuery__Constraint **later, size_t n)
{
	size_t taken[64];
	size_t n_taken = 0;
	for (int pk = 1; pk >= 0; pk--)
		for (size_t i = 0; i < n; i++) {
			PgQuery__Constraint *c = later[i];
			if (!is_index_constraint(c) ||
					(c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) != (pk == 1))
				continue;
			size_t k;
			for (k = 0; k < n_taken && !same_index(c, later[taken[k]]); k++)
				;
			if (k == n_taken) {
				if (n_taken < 64)
					taken[n_taken++] = i;
				continue;
			}
			PgQuery__Constraint *prior = later[taken[k]];
			if (!prior->conname[0] && c->conname[0]) {
				PgQuery__Constraint *copy = ls_arena_alloc(ap->cat->arena, sizeof *copy);
				if (!copy)
					return ls_apply_nomem(ap);
				*copy = *prior;
				copy->conname = c->conname;
				later[taken[k]] = copy;
			}
			later[i] = NULL;
		}
	return 0;
}

ls_table *ls_table_by_id(ls_catalog *cat, uint64_t id)
{
	long i = ls_index_find_table_id(cat, id);
	return i < 0 ? NULL : &cat->tables[i];
}

/* The body of CREATE TABLE once the (empty) table exists. Tables are found
 * by id after every step that may add tables or sequences. */
int ls_fill_table(ls_apply *ap, uint64_t id, uint64_t parent_id, PgQuery__CreateStmt *s)
{
	ls_catalog *cat = ap->cat;
	PgQuery__Constraint **later = NULL;
	size_t n_later = 0;
	int rc = 0;
	ls_table *t = ls_table_by_id(cat, id);
	t->unlogged = s->relation->relpersistence[0] == 'u';
	/* ON COMMIT applies to temporary tables only, which are not kept */
	if (parent_id) {
		ls_table *p = ls_table_by_id(cat, parent_id);
		t->parent_schema = p->schema;
		t->parent_table = p->name;
		for (size_t i = 0; i < p->n_columns; i++) {
			ls_column *c = LS_PUSH(cat, t->columns, t->n_columns);
			if (!c)
				return ls_apply_nomem(ap);
			*c = p->columns[i];
			c->id = cat->next_id++;
			c->comment = NULL;
			c->grants = NULL;
			c->n_grants = 0;
			c->identity = 0;
		}
		t->partition_bound = ls_partition_bound(ap, p, s->partbound);
		if (!t->partition_bound)
			return ap->err->code;
	} else if (s->n_inh_relations && (rc = ls_inherit_parents(ap, id, s)) < 0) {
		return rc;
	}
	for (size_t i = 0; rc == 0 && i < s->n_table_elts; i++) {
		pgnode *e = s->table_elts[i];
		t = ls_table_by_id(cat, id);
		if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
			PgQuery__ColumnDef *cd = e->column_def;
			ls_column *existing = ls_table_column(t, cd->colname);
			if (existing && parent_id)
				rc = ls_partition_column_options(ap, t, cd, &later, &n_later);
			else if (existing && t->n_inherits)
				rc = ls_inherit_local_column(ap, id, cd, &later, &n_later);
			else
				rc = ls_add_column(ap, t, cd, &later, &n_later);
		} else if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
			PgQuery__Constraint **slot = ls_arena_push(cat->arena, (void **)&later, &n_later, sizeof *later);
			if (!slot)
				return ls_apply_nomem(ap);
			*slot = e->constraint;
		} else if (e->node_case == PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE) {
			rc = apply_like(ap, t, e->table_like_clause);
		} else {
			rc = ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported table element");
		}
	}
	if (rc < 0)
		return rc;
	t = ls_table_by_id(cat, id);
	if ((rc = ls_inherit_check_defaults(ap, t)) < 0)
		return rc;
	if ((rc = ls_check_generated_columns(ap, t)) < 0)
		return rc;
	if (s->partspec) {
		if ((rc = check_partition_key(ap, t, s->partspec)) < 0)
			return rc;
		t->kind = LS_TABLE_PARTITIONED;
		t->partition_key = ls_partition_key(ap, s->partspec);
		if (!t->partition_key)
			return ap->err->code ? ap->err->code : ls_apply_nomem(ap);
	}
	rc = ls_def_options(ap, s->options, s->n_options, &t->options, &t->n_options);
	if (rc < 0)
		return rc;
	if ((rc = merge_index_constraints(ap, later, n_later)) < 0)
		return rc;
	/* CHECK constraints are named before indexes and foreign keys, as
	 * PostgreSQL adds them with the table and the rest after it; the
	 * primary key is the first index. */
	for (int pass = 0; rc == 0 && pass < 4; pass++)
		for (size_t i = 0; rc == 0 && i < n_later; i++) {
			PgQuery__ConstrType ct = later[i] ? later[i]->contype : PG_QUERY__CONSTR_TYPE__CONSTR_TYPE_UNDEFINED;
			int want = ct == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK ? 0 :
				ct == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ? 1 :
				ct == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ? 3 : 2;
			/* transformFKConstraints, transformCheckConstraints: NOT
			 * VALID means nothing in CREATE TABLE, the table is empty */
			if (later[i] && want == pass) {
				later[i]->skip_validation = false;
				rc = ls_add_constraint(ap, ls_table_by_id(cat, id), later[i]);
			}
		}
	/* a new partition gets (or attaches) its parent's indexes */
	if (rc == 0 && parent_id)
		rc = ls_partition_attached(ap, id);
	return rc;
}

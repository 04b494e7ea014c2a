/* User types: enums, domains, composite types. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "apply_table.h"

#include <string.h>

/* A new type named by a name list, in its creation schema; NULL with the
 * error set when the name is taken (types share names with relations). */
static ls_type *new_type(ls_apply *ap, pgnode **names, size_t n, ls_type_kind kind)
{
	ls_catalog *cat = ap->cat;
	const char *schema, *name;
	if (ls_name_list((const pgnode *const *)names, n, &schema, &name) < 0) {
		ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported type name");
		return NULL;
	}
	schema = ls_creation_schema(ap, schema);
	if (!schema)
		return NULL;
	if (ls_relation_name_taken(cat, schema, name)) {
		ls_apply_error(ap, LS_EINVAL, "type \"%s\" already exists", name);
		return NULL;
	}
	ls_type *t = LS_PUSH(cat, cat->types, cat->n_types);
	if (!t) {
		ls_apply_nomem(ap);
		return NULL;
	}
	t->id = cat->next_id++;
	t->schema = schema;
	t->name = ls_arena_strdup(cat->arena, name);
	t->kind = kind;
	return t;
}

int ls_apply_create_enum(ls_apply *ap, PgQuery__CreateEnumStmt *s)
{
	ls_type *t = new_type(ap, s->type_name, s->n_type_name, LS_TYPE_ENUM);
	if (!t)
		return ap->err->code;
	for (size_t i = 0; i < s->n_vals; i++) {
		const char *v = s->vals[i]->string->sval;
		for (size_t j = 0; j < t->n_labels; j++)
			if (!strcmp(t->labels[j], v))
				return ls_apply_error(ap, LS_EINVAL, "enum label \"%s\" used more than once", v);
		const char **slot = LS_PUSH(ap->cat, t->labels, t->n_labels);
		if (!slot)
			return ls_apply_nomem(ap);
		*slot = ls_arena_strdup(ap->cat->arena, v);
	}
	return 0;
}

static ls_type *find_type_by_names(ls_apply *ap, pgnode **names, size_t n)
{
	const char *schema, *name;
	if (ls_name_list((const pgnode *const *)names, n, &schema, &name) < 0)
		return NULL;
	ls_type *t = ls_lookup_type(ap->cat, schema, name);
	if (!t)
		ls_apply_error(ap, LS_EINVAL, "type \"%s\" does not exist", name);
	return t;
}

static long label_index(const ls_type *t, const char *label)
{
	for (size_t i = 0; i < t->n_labels; i++)
		if (!strcmp(t->labels[i], label))
			return (long)i;
	return -1;
}

int ls_apply_alter_enum(ls_apply *ap, PgQuery__AlterEnumStmt *s)
{
	ls_type *t = find_type_by_names(ap, s->type_name, s->n_type_name);
	if (!t)
		return ap->err->code;
	if (t->kind != LS_TYPE_ENUM)
		return ls_apply_error(ap, LS_EINVAL, "%s is not an enum", t->name);
	if (s->old_val && *s->old_val) { /* RENAME VALUE */
		long i = label_index(t, s->old_val);
		if (i < 0)
			return ls_apply_error(ap, LS_EINVAL, "\"%s\" is not an existing enum label", s->old_val);
		if (label_index(t, s->new_val) >= 0)
			return ls_apply_error(ap, LS_EINVAL, "enum label \"%s\" already exists", s->new_val);
		t->labels[i] = ls_arena_strdup(ap->cat->arena, s->new_val);
		return 0;
	}
	if (label_index(t, s->new_val) >= 0) {
		if (s->skip_if_new_val_exists)
			return 0;
		return ls_apply_error(ap, LS_EINVAL, "enum label \"%s\" already exists", s->new_val);
	}
	size_t at = t->n_labels;
	if (s->new_val_neighbor && *s->new_val_neighbor) {
		long i = label_index(t, s->new_val_neighbor);
		if (i < 0)
			return ls_apply_error(ap, LS_EINVAL, "\"%s\" is not an existing enum label", s->new_val_neighbor);
		at = (size_t)i + (s->new_val_is_after ? 1 : 0);
	}
	if (!LS_PUSH(ap->cat, t->labels, t->n_labels))
		return ls_apply_nomem(ap);
	memmove(&t->labels[at + 1], &t->labels[at], (t->n_labels - 1 - at) * sizeof *t->labels);
	t->labels[at] = ls_arena_strdup(ap->cat->arena, s->new_val);
	return 0;
}

/* One CHECK of a domain: named as ChooseConstraintName(domain, NULL,
 * "check") when unnamed. */
static int domain_check(ls_apply *ap, uint64_t id, PgQuery__Constraint *c)
{
	ls_catalog *cat = ap->cat;
	ls_type *t = NULL;
	for (size_t i = 0; i < cat->n_types; i++)
		if (cat->types[i].id == id)
			t = &cat->types[i];
	ap->value_type = t->base_type;
	const char *expr = ls_expr_canonical(ap, c->raw_expr);
	ap->value_type = NULL;
	if (!expr)
		return ap->err->code;
	const char *name = c->conname && *c->conname ? ls_arena_strdup(cat->arena, c->conname) :
		ls_choose_constraint_name(cat, t->schema, t->name, NULL, "check");
	for (size_t i = 0; name && i < t->n_checks; i++)
		if (!strcmp(t->checks[i].name, name))
			return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" for domain \"%s\" already exists", name, t->name);
	ls_type_check *k = LS_PUSH(cat, t->checks, t->n_checks);
	if (!k || !name)
		return ls_apply_nomem(ap);
	k->name = name;
	k->expr = expr;
	k->valid = !c->skip_validation;
	return 0;
}

int ls_apply_create_domain(ls_apply *ap, PgQuery__CreateDomainStmt *s)
{
	ls_catalog *cat = ap->cat;
	const char *base = ls_type_name(ap, s->type_name, NULL);
	if (!base)
		return ap->err->code;
	ls_type *t = new_type(ap, s->domainname, s->n_domainname, LS_TYPE_DOMAIN);
	if (!t)
		return ap->err->code;
	uint64_t id = t->id;
	t->base_type = base;
	if (s->coll_clause) {
		const char *cs, *cn;
		PgQuery__CollateClause *cc = s->coll_clause;
		if (ls_name_list((const pgnode *const *)cc->collname, cc->n_collname, &cs, &cn) == 0)
			t->collation = ls_collation_name(cat, cs, cn);
	}
	for (size_t i = 0; i < s->n_constraints; i++) {
		PgQuery__Constraint *c = s->constraints[i]->constraint;
		int rc = 0;
		for (size_t j = 0; j < cat->n_types; j++)
			if (cat->types[j].id == id)
				t = &cat->types[j];
		switch (c->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
			t->not_null = true;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
			t->not_null = false;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
			if (!(t->default_expr = ls_expr_canonical(ap, c->raw_expr)))
				rc = ap->err->code;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
			rc = domain_check(ap, id, c);
			break;
		default:
			rc = ls_apply_error(ap, LS_EINVAL, "%s constraints not possible for domains",
					c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ? "unique" :
					c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ? "primary key" :
					c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ? "foreign key" : "these");
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

int ls_apply_create_composite(ls_apply *ap, PgQuery__CompositeTypeStmt *s)
{
	ls_catalog *cat = ap->cat;
	PgQuery__RangeVar *rv = s->typevar;
	const char *schema = ls_creation_schema(ap, rv->schemaname);
	if (!schema)
		return ap->err->code;
	if (ls_relation_name_taken(cat, schema, rv->relname))
		return ls_apply_error(ap, LS_EINVAL, "type \"%s\" already exists", rv->relname);
	/* Attribute types resolve before the type exists. */
	ls_attribute *attrs = NULL;
	size_t n = 0;
	for (size_t i = 0; i < s->n_coldeflist; i++) {
		PgQuery__ColumnDef *cd = s->coldeflist[i]->column_def;
		for (size_t j = 0; j < n; j++)
			if (!strcmp(attrs[j].name, cd->colname))
				return ls_apply_error(ap, LS_EINVAL, "column \"%s\" specified more than once", cd->colname);
		ls_attribute *a = LS_PUSH(cat, attrs, n);
		if (!a)
			return ls_apply_nomem(ap);
		a->name = ls_arena_strdup(cat->arena, cd->colname);
		if (!(a->type = ls_type_name(ap, cd->type_name, NULL)))
			return ap->err->code;
		if (cd->coll_clause) {
			const char *cs, *cn;
			PgQuery__CollateClause *cc = cd->coll_clause;
			if (ls_name_list((const pgnode *const *)cc->collname, cc->n_collname, &cs, &cn) == 0)
				a->collation = ls_collation_name(cat, cs, cn);
		}
	}
	ls_type *t = LS_PUSH(cat, cat->types, cat->n_types);
	if (!t)
		return ls_apply_nomem(ap);
	t->id = cat->next_id++;
	t->schema = schema;
	t->name = ls_arena_strdup(cat->arena, rv->relname);
	t->kind = LS_TYPE_COMPOSITE;
	t->attributes = attrs;
	t->n_attributes = n;
	return 0;
}

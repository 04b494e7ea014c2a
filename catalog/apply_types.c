/* User types: enums, domains, composite types. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "apply_table.h"
#include "name_conflict.h"

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
	/* enums and domains share the type name space only (indexes and
	 * sequences have no row type) */
	if (ls_check_new_name(ap, schema, name, LS_NEW_TYPE) < 0)
		return NULL;
	ls_type *t = LS_PUSH(cat, cat->types, cat->n_types);
	if (!t) {
		ls_apply_nomem(ap);
		return NULL;
	}
	t->id = cat->next_id++;
	t->schema = schema;
	t->name = ls_arena_strdup(cat->arena, name);
	t->kind = kind;
	t->owner = ls_current_role(cat);
	if (!t->name || ls_default_grants(cat, LS_DEFACL_TYPES, schema, &t->grants,
			&t->n_grants) < 0) {
		ls_apply_nomem(ap);
		return NULL;
	}
	return t;
}

/* Labels live in a name column: at most NAMEDATALEN - 1 bytes. */
static int check_label(ls_apply *ap, const char *label)
{
	char tok[LS_ERROR_TOKEN_SIZE];
	if (strlen(label) > 63)
		return ls_apply_error(ap, LS_EINVAL, "invalid enum label \"%s\"",
				ls_error_token(tok, sizeof tok, label));
	return 0;
}

int ls_apply_create_enum(ls_apply *ap, PgQuery__CreateEnumStmt *s)
{
	ls_type *t = new_type(ap, s->type_name, s->n_type_name, LS_TYPE_ENUM);
	if (!t)
		return ap->err->code;
	for (size_t i = 0; i < s->n_vals; i++) {
		const char *v = s->vals[i]->string->sval;
		int rc = check_label(ap, v);
		if (rc < 0)
			return rc;
		/* PostgreSQL 15 has no check of its own: the unique index says it */
		for (size_t j = 0; j < t->n_labels; j++)
			if (!strcmp(t->labels[j], v))
				return ls_apply_error(ap, LS_EINVAL,
						"duplicate key value violates unique constraint \"pg_enum_typid_label_index\"");
		const char **slot = LS_PUSH(ap->cat, t->labels, t->n_labels);
		if (!slot || !(*slot = ls_arena_strdup(ap->cat->arena, v)))
			return ls_apply_nomem(ap);
	}
	return 0;
}

static ls_type *find_type_by_names(ls_apply *ap, pgnode **names, size_t n)
{
	const char *schema, *name;
	if (ls_name_list((const pgnode *const *)names, n, &schema, &name) < 0)
		return NULL;
	ls_type *t = ls_lookup_type(ap->cat, schema, name);
	/* a table's or view's row type is a type too, just not an enum */
	if (!t && (ls_lookup_table(ap->cat, schema, name) || ls_lookup_view(ap->cat, schema, name)))
		ls_apply_error(ap, LS_EINVAL, "%s is not an enum", name);
	else if (!t)
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
	int rc = check_label(ap, s->new_val);
	if (rc < 0)
		return rc;
	if (s->old_val && *s->old_val) { /* RENAME VALUE */
		long i = label_index(t, s->old_val);
		char tok[LS_ERROR_TOKEN_SIZE];
		if (i < 0)
			return ls_apply_error(ap, LS_EINVAL, "\"%s\" is not an existing enum label",
					ls_error_token(tok, sizeof tok, s->old_val));
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
		char tok[LS_ERROR_TOKEN_SIZE];
		if (i < 0)
			return ls_apply_error(ap, LS_EINVAL, "\"%s\" is not an existing enum label",
					ls_error_token(tok, sizeof tok, s->new_val_neighbor));
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
	/* VALUE is the only column a domain CHECK can name */
	const char **cols;
	size_t n_cols;
	int rc = ls_expr_columns(ap, c->raw_expr, &cols, &n_cols);
	for (size_t i = 0; rc == 0 && i < n_cols; i++)
		if (strcmp(cols[i], "value") != 0)
			rc = ls_apply_error(ap, LS_EINVAL, "column \"%s\" does not exist", cols[i]);
	if (rc < 0)
		return rc;
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
	ls_index_constraint_added(cat, NULL, t, name);
	return 0;
}

static const char *domain_refusal(PgQuery__ConstrType type)
{
	switch (type) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
		return "unique constraints not possible for domains";
	case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
		return "primary key constraints not possible for domains";
	case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
		return "exclusion constraints not possible for domains";
	case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
		return "foreign key constraints not possible for domains";
	case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
	case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
	case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
	case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
		return "specifying constraint deferrability not supported for domains";
	default:
		return "unsupported domain constraint";
	}
}

/* DefineDomain's first pass over the constraints: one DEFAULT (coerced to
 * the base type), NULL and NOT NULL not both, CHECKs not NO INHERIT, the
 * other kinds refused. The CHECKs themselves are added afterwards. */
static int domain_constraints(ls_apply *ap, ls_type *t, PgQuery__CreateDomainStmt *s)
{
	bool saw_default = false, null_defined = false;
	for (size_t i = 0; i < s->n_constraints; i++) {
		PgQuery__Constraint *c = s->constraints[i]->constraint;
		switch (c->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
			if (saw_default)
				return ls_apply_error(ap, LS_EINVAL, "multiple default expressions");
			saw_default = true;
			/* DefineDomain: a NULL that stays a constant is no default */
			if (ls_expr_default(ap, c->raw_expr, t->base_type, &t->default_expr) < 0)
				return ap->err->code;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
		case PG_QUERY__CONSTR_TYPE__CONSTR_NULL: {
			bool not_null = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL;
			if (null_defined && t->not_null != not_null)
				return ls_apply_error(ap, LS_EINVAL, "conflicting NULL/NOT NULL constraints");
			t->not_null = not_null;
			null_defined = true;
			break;
		}
		case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
			if (c->is_no_inherit)
				return ls_apply_error(ap, LS_EINVAL, "check constraints for domains cannot be marked NO INHERIT");
			break;
		default:
			return ls_apply_error(ap, LS_EINVAL, "%s", domain_refusal(c->contype));
		}
	}
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
		if (ls_name_list((const pgnode *const *)cc->collname, cc->n_collname, &cs, &cn) == 0) {
			int crc = ls_collation_check(ap, cs, cn);
			if (crc < 0)
				return crc;
			t->collation = ls_collation_name(cat, cs, cn);
		}
	}
	int rc = domain_constraints(ap, t, s);
	for (size_t i = 0; rc == 0 && i < s->n_constraints; i++)
		if (s->constraints[i]->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK)
			rc = domain_check(ap, id, s->constraints[i]->constraint);
	return rc;
}

int ls_apply_create_composite(ls_apply *ap, PgQuery__CompositeTypeStmt *s)
{
	ls_catalog *cat = ap->cat;
	PgQuery__RangeVar *rv = s->typevar;
	const char *schema = ls_creation_schema(ap, rv->schemaname);
	if (!schema)
		return ap->err->code;
	int rc = ls_check_new_name(ap, schema, rv->relname, LS_NEW_COMPOSITE);
	if (rc < 0)
		return rc;
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
		if (!(a->name = ls_arena_strdup(cat->arena, cd->colname)))
			return ls_apply_nomem(ap);
		if (!(a->type = ls_type_name(ap, cd->type_name, NULL)))
			return ap->err->code;
		if (cd->coll_clause) {
			const char *cs, *cn;
			PgQuery__CollateClause *cc = cd->coll_clause;
			if (ls_name_list((const pgnode *const *)cc->collname, cc->n_collname, &cs, &cn) == 0) {
				int crc = ls_collation_check(ap, cs, cn);
				if (crc < 0)
					return crc;
				a->collation = ls_collation_name(cat, cs, cn);
			}
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
	t->owner = ls_current_role(cat);
	if (ls_default_grants(cat, LS_DEFACL_TYPES, schema, &t->grants, &t->n_grants) < 0)
		return ls_apply_nomem(ap);
	return 0;
}

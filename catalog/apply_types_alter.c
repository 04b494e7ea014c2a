/* ALTER DOMAIN, ALTER TYPE ... ATTRIBUTE, domain constraint renames. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"

#include <string.h>

static ls_type *find_domain(ls_apply *ap, pgnode **names, size_t n)
{
	const char *schema, *name;
	if (ls_name_list((const pgnode *const *)names, n, &schema, &name) < 0)
		return NULL;
	ls_type *t = ls_lookup_type(ap->cat, schema, name);
	if (!t)
		ls_apply_error(ap, LS_EINVAL, "type \"%s\" does not exist", name);
	else if (t->kind != LS_TYPE_DOMAIN) {
		ls_apply_error(ap, LS_EINVAL, "\"%s\" is not a domain", name);
		t = NULL;
	}
	return t;
}

static long check_index(const ls_type *t, const char *name)
{
	for (size_t i = 0; i < t->n_checks; i++)
		if (!strcmp(t->checks[i].name, name))
			return (long)i;
	return -1;
}

/* Before a check of the domain's values (SET NOT NULL, a valid CHECK,
 * VALIDATE): the server checks only columns of the domain or of a domain
 * over it, and refuses when a column holds it inside another type (an
 * array of it: get_rels_with_domain, find_composite_type_dependencies). */
static int domain_checkable(ls_apply *ap, const ls_type *t, int depth)
{
	ls_catalog *cat = ap->cat;
	const char *q = ls_qualify(cat->arena, t->schema, t->name);
	const char *arr = q ? ls_arena_printf(cat->arena, "%s[]", q) : NULL;
	if (!arr)
		return ls_apply_nomem(ap);
	for (size_t i = 0; i < cat->n_tables; i++) {
		const ls_table *r = &cat->tables[i];
		for (size_t j = 0; j < r->n_columns; j++)
			if (!strcmp(r->columns[j].type, arr))
				return ls_apply_error(ap, LS_EINVAL, "cannot alter type \"%s\" because column \"%s.%s\" uses it",
						ls_lookup_type(cat, NULL, t->name) == t ? t->name : q, r->name,
						r->columns[j].name);
	}
	for (size_t i = 0; depth < 16 && i < cat->n_types; i++) {
		const ls_type *d = &cat->types[i];
		if (d->kind == LS_TYPE_DOMAIN && d->base_type && !strcmp(d->base_type, q)) {
			int rc = domain_checkable(ap, d, depth + 1);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/* ALTER DOMAIN ... ADD CONSTRAINT: CHECK only (NOT NULL is SET NOT NULL). */
static int domain_add_check(ls_apply *ap, ls_type *t, PgQuery__Constraint *c)
{
	ls_catalog *cat = ap->cat;
	if (c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_CHECK)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "only CHECK constraints can be added to a domain");
	ap->value_type = t->base_type;
	const char *expr = ls_expr_canonical(ap, c->raw_expr);
	ap->value_type = NULL;
	if (!expr)
		return ap->err->code;
	const char *name = c->conname[0] ? ls_arena_strdup(cat->arena, c->conname) :
		ls_choose_constraint_name(cat, t->schema, t->name, NULL, "check");
	if (!name)
		return ls_apply_nomem(ap);
	if (check_index(t, name) >= 0)
		return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" for domain \"%s\" already exists", name, t->name);
	ls_type_check *k = LS_PUSH(cat, t->checks, t->n_checks);
	if (!k)
		return ls_apply_nomem(ap);
	k->name = name;
	k->expr = expr;
	k->valid = !c->skip_validation;
	ls_index_constraint_added(cat, NULL, t, name);
	return k->valid ? domain_checkable(ap, t, 0) : 0;
}

int ls_apply_alter_domain(ls_apply *ap, PgQuery__AlterDomainStmt *s)
{
	ls_type *t = find_domain(ap, s->type_name, s->n_type_name);
	if (!t)
		return ap->err->code;
	long i;
	switch (s->subtype[0]) {
	case 'T': /* SET / DROP DEFAULT */
		if (!s->def) {
			t->default_expr = NULL;
			return 0;
		}
		return ls_expr_default(ap, s->def, t->base_type, &t->default_expr);
	case 'N':
		t->not_null = false;
		return 0;
	case 'O':
		if (t->not_null)
			return 0;
		t->not_null = true;
		return domain_checkable(ap, t, 0);
	case 'C':
		return domain_add_check(ap, t, s->def->constraint);
	case 'X':
		if ((i = check_index(t, s->name)) < 0)
			return s->missing_ok ? 0 : ls_apply_error(ap, LS_EINVAL,
					"constraint \"%s\" of domain \"%s\" does not exist", s->name, t->name);
		LS_REMOVE(t->checks, t->n_checks, (size_t)i);
		return 0;
	case 'V':
		if ((i = check_index(t, s->name)) < 0)
			return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" of domain \"%s\" does not exist", s->name, t->name);
		t->checks[i].valid = true;
		return domain_checkable(ap, t, 0);
	default:
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported ALTER DOMAIN");
	}
}

int ls_rename_domain_constraint(ls_apply *ap, PgQuery__RenameStmt *s)
{
	pgnode *o = s->object;
	ls_type *t = o->node_case == PG_QUERY__NODE__NODE_LIST ?
		find_domain(ap, o->list->items, o->list->n_items) : NULL;
	if (!t)
		return ap->err->n_diags ? ap->err->code : ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported RENAME");
	long i = check_index(t, s->subname);
	if (i < 0)
		return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" of domain \"%s\" does not exist", s->subname, t->name);
	if (check_index(t, s->newname) >= 0)
		return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" for domain \"%s\" already exists", s->newname, t->name);
	t->checks[i].name = ls_arena_strdup(ap->cat->arena, s->newname);
	return 0;
}

static ls_type *find_composite(ls_apply *ap, const PgQuery__RangeVar *rv)
{
	ls_type *t = ls_lookup_type(ap->cat, rv->schemaname[0] ? rv->schemaname : NULL, rv->relname);
	if (!t || t->kind != LS_TYPE_COMPOSITE) {
		ls_apply_error(ap, LS_EINVAL, t ? "\"%s\" is not a composite type" : "type \"%s\" does not exist", rv->relname);
		return NULL;
	}
	return t;
}

static long attr_index(const ls_type *t, const char *name)
{
	for (size_t i = 0; i < t->n_attributes; i++)
		if (!strcmp(t->attributes[i].name, name))
			return (long)i;
	return -1;
}

/* One ADD / DROP / ALTER ATTRIBUTE of ALTER TYPE. */
static int alter_attribute(ls_apply *ap, ls_type *t, PgQuery__AlterTableCmd *cmd)
{
	ls_catalog *cat = ap->cat;
	long i;
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: {
		PgQuery__ColumnDef *cd = cmd->def->column_def;
		if (attr_index(t, cd->colname) >= 0)
			return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" already exists", cd->colname, t->name);
		const char *type = ls_type_name(ap, cd->type_name, NULL);
		if (!type)
			return ap->err->code;
		ls_attribute *a = LS_PUSH(cat, t->attributes, t->n_attributes);
		if (!a)
			return ls_apply_nomem(ap);
		a->name = ls_arena_strdup(cat->arena, cd->colname);
		a->type = type;
		if (cd->coll_clause) {
			const char *cs, *cn;
			PgQuery__CollateClause *cc = cd->coll_clause;
			if (ls_name_list((const pgnode *const *)cc->collname, cc->n_collname, &cs, &cn) == 0)
				a->collation = ls_collation_name(cat, cs, cn);
		}
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
		if ((i = attr_index(t, cmd->name)) < 0)
			return cmd->missing_ok ? 0 : ls_apply_error(ap, LS_EINVAL,
					"column \"%s\" of relation \"%s\" does not exist", cmd->name, t->name);
		LS_REMOVE(t->attributes, t->n_attributes, (size_t)i);
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
		if ((i = attr_index(t, cmd->name)) < 0)
			return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" does not exist", cmd->name, t->name);
		/* the server does not rewrite the values a column holds: an
		 * attribute keeps its type while any column stores the type */
		const ls_table *ut = NULL;
		const ls_column *uc = ls_catalog_type_user(cat, cat->arena, t->schema, t->name, &ut, NULL);
		if (uc)
			return ls_apply_error(ap, LS_EINVAL, "cannot alter type \"%s\" because column \"%s.%s\" uses it",
					t->name, ut->name, uc->name);
		PgQuery__ColumnDef *cd = cmd->def->column_def;
		const char *type = ls_type_name(ap, cd->type_name, NULL);
		if (!type)
			return ap->err->code;
		t->attributes[i].type = type;
		/* the attribute takes the collation written, else the new type's
		 * default (none is modelled then) */
		t->attributes[i].collation = NULL;
		if (cd->coll_clause) {
			const char *cs, *cn;
			PgQuery__CollateClause *cc = cd->coll_clause;
			if (ls_name_list((const pgnode *const *)cc->collname, cc->n_collname, &cs, &cn) == 0)
				t->attributes[i].collation = ls_collation_name(cat, cs, cn);
		}
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner: {
		const char *owner;
		int rc = ls_role_spec(ap, cmd->newowner, &owner);
		if (rc == 0)
			ls_owner_type(t, owner);
		return rc;
	}
	default:
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported ALTER TYPE subcommand");
	}
}

int ls_apply_alter_type_attributes(ls_apply *ap, PgQuery__AlterTableStmt *s)
{
	ls_type *t = find_composite(ap, s->relation);
	if (!t)
		return ap->err->code;
	uint64_t id = t->id;
	for (size_t i = 0; i < s->n_cmds; i++) {
		for (size_t k = 0; k < ap->cat->n_types; k++)
			if (ap->cat->types[k].id == id)
				t = &ap->cat->types[k];
		int rc = alter_attribute(ap, t, s->cmds[i]->alter_table_cmd);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int ls_rename_attribute(ls_apply *ap, PgQuery__RenameStmt *s)
{
	ls_type *t = find_composite(ap, s->relation);
	if (!t)
		return ap->err->code;
	long i = attr_index(t, s->subname);
	if (i < 0)
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" does not exist", s->subname);
	if (attr_index(t, s->newname) >= 0)
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" already exists", s->newname, t->name);
	t->attributes[i].name = ls_arena_strdup(ap->cat->arena, s->newname);
	return 0;
}

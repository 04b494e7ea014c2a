/* ALTER ... OWNER TO: who owns an object (catalog.h, "Owners").
 *
 * The server gives the new owner the old owner's entry and merges into it
 * whatever the new owner held before (aclnewowner): the new owner then
 * holds every privilege, so its grants leave the model, as introspect
 * leaves the owner's entries out. The old owner keeps nothing (its entry
 * became the new owner's); grants to others and to PUBLIC stay. A table
 * takes the sequences it owns (serial, identity) along, not its
 * partitions or the objects of its schema (ATExecChangeOwner).
 */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "apply_func.h"

#include <string.h>

/* Remove every grant to role from a list. */
static void drop_grants_to(ls_grant *g, size_t *n, const char *role)
{
	for (size_t i = *n; i-- > 0;)
		if (!strcmp(g[i].grantee, role))
			LS_REMOVE(g, *n, i);
}

/* Set *slot to owner and drop what the new owner held in grants. A new
 * owner that is the starting role (NULL) is known by no name: grants to
 * it by name cannot be recognised offline. */
static void set_owner(const char **slot, const char *owner, ls_grant *g, size_t *n)
{
	*slot = owner;
	if (owner)
		drop_grants_to(g, n, owner);
}

int ls_owner_table(ls_catalog *cat, ls_table *t, const char *owner)
{
	set_owner(&t->owner, owner, t->grants, &t->n_grants);
	for (size_t i = 0; owner && i < t->n_columns; i++)
		drop_grants_to(t->columns[i].grants, &t->columns[i].n_grants, owner);
	/* the sequences it owns, through the catalog's index (a scan of every
	 * sequence for every OWNER TO is quadratic on a pg_dump) */
	size_t *at;
	long n = ls_catalog_owned(cat, LS_OWN_SEQUENCE, t->schema, t->name, cat->arena, &at);
	if (n < 0)
		return LS_ENOMEM;
	for (long i = 0; i < n; i++) {
		ls_sequence *q = &cat->sequences[at[i]];
		set_owner(&q->owner, owner, q->grants, &q->n_grants);
	}
	return 0;
}

void ls_owner_view(ls_view *v, const char *owner)
{
	set_owner(&v->owner, owner, v->grants, &v->n_grants);
}

void ls_owner_sequence(ls_sequence *q, const char *owner)
{
	set_owner(&q->owner, owner, q->grants, &q->n_grants);
}

void ls_owner_type(ls_type *t, const char *owner)
{
	set_owner(&t->owner, owner, t->grants, &t->n_grants);
}

/* ALTER TYPE / DOMAIN name OWNER TO: a type of the model; a built-in or
 * an extension's type is not modelled and left alone; a relation's row
 * type and a type that does not exist are refused (AlterTypeOwner). */
static int owner_of_type(ls_apply *ap, const PgQuery__AlterOwnerStmt *s, const char *owner)
{
	if (!s->object || s->object->node_case != PG_QUERY__NODE__NODE_LIST)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported ALTER TYPE ... OWNER TO");
	const char *schema, *name;
	const PgQuery__List *l = s->object->list;
	if (ls_name_list((const pgnode *const *)l->items, l->n_items, &schema, &name) < 0)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported ALTER TYPE ... OWNER TO");
	ls_catalog *cat = ap->cat;
	ls_type *t = ls_lookup_type(cat, schema, name);
	if (t && s->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN && t->kind != LS_TYPE_DOMAIN)
		return ls_apply_error(ap, LS_EINVAL, "\"%s\" is not a domain", t->name);
	if (t) {
		ls_owner_type(t, owner);
		return 0;
	}
	if (ls_lookup_table(cat, schema, name) || ls_lookup_view(cat, schema, name)) {
		const char *q = ls_quote_ident(cat->arena, name);
		return q ? ls_apply_error(ap, LS_EINVAL, "%s is a table's row type", q) : ls_apply_nomem(ap);
	}
	const char *text = schema ? ls_qualify(cat->arena, schema, name) : ls_quote_ident(cat->arena, name);
	if (!text)
		return ls_apply_nomem(ap);
	ls_error quiet;
	ls_error_clear(&quiet);
	ls_apply probe = *ap;
	probe.err = &quiet;
	if (!ls_type_name_text(&probe, text))
		return ls_apply_error(ap, LS_EINVAL, "type \"%s\" does not exist", name);
	return 0;
}

int ls_apply_alter_owner(ls_apply *ap, PgQuery__AlterOwnerStmt *s)
{
	ls_catalog *cat = ap->cat;
	const char *owner;
	int rc = ls_role_spec(ap, s->newowner, &owner);
	if (rc < 0)
		return rc;
	switch (s->object_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
		const char *name = s->object->string->sval;
		ls_schema *sc = ls_catalog_find_schema(cat, name);
		if (!sc)
			return ls_apply_error(ap, LS_EINVAL, "schema \"%s\" does not exist", name);
		set_owner(&sc->owner, owner, sc->grants, &sc->n_grants);
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
		return owner_of_type(ap, s, owner);
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE: {
		char kind = ls_routine_kind(s->object_type);
		ls_function *f;
		if ((rc = ls_lookup_function_args(ap, s->object->object_with_args, kind, false, &f)) < 0)
			return rc;
		set_owner(&f->owner, owner, f->grants, &f->n_grants);
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION:
		return 0; /* collations' owners are not modelled (README) */
	default:
		/* objects the model does not hold (an operator, a database, ...):
		 * refused, never taken without its effect */
		if (ls_object_kind_sql(s->object_type))
			return ls_apply_error(ap, LS_EUNSUPPORTED, "ALTER %s ... OWNER TO is not supported",
					ls_object_kind_sql(s->object_type));
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported ALTER ... OWNER TO");
	}
}

void ls_catalog_adopt_owners(ls_catalog *dst, ls_catalog *src)
{
	for (size_t i = 0; i < dst->n_schemas; i++) {
		const ls_schema *x = ls_catalog_find_schema(src, dst->schemas[i].name);
		dst->schemas[i].owner = x ? x->owner : NULL;
	}
	for (size_t i = 0; i < dst->n_types; i++) {
		ls_type *t = &dst->types[i];
		const ls_type *x = ls_catalog_find_type(src, t->schema, t->name);
		t->owner = x ? x->owner : NULL;
	}
	for (size_t i = 0; i < dst->n_sequences; i++) {
		ls_sequence *q = &dst->sequences[i];
		const ls_sequence *x = ls_catalog_find_sequence(src, q->schema, q->name);
		q->owner = x ? x->owner : NULL;
	}
	for (size_t i = 0; i < dst->n_tables; i++) {
		ls_table *t = &dst->tables[i];
		const ls_table *x = ls_catalog_find_table(src, t->schema, t->name);
		t->owner = x ? x->owner : NULL;
	}
	for (size_t i = 0; i < dst->n_views; i++) {
		ls_view *v = &dst->views[i];
		const ls_view *x = ls_catalog_find_view(src, v->schema, v->name);
		v->owner = x ? x->owner : NULL;
	}
	for (size_t i = 0; i < dst->n_functions; i++) {
		ls_function *f = &dst->functions[i];
		const ls_function *x = ls_catalog_find_function(src, f->schema, f->name,
				f->identity_args);
		f->owner = x ? x->owner : NULL;
	}
}

/* DROP, RENAME, SET SCHEMA, COMMENT ON, GRANT / REVOKE. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "apply_func.h"
#include "apply_table.h"
#include "rewrite.h"

#include <stdio.h>
#include <string.h>

static bool cascade(PgQuery__DropBehavior b)
{
	return b == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
}

static const char *qname(const char *schema, const char *name, char *buf, size_t n)
{
	snprintf(buf, n, "%s.%s", schema, name);
	return buf;
}

/* Views that read relation schema.name (by their recorded dependencies). */
static ls_view *dependent_view(ls_catalog *cat, const char *schema, const char *name)
{
	char q[300];
	qname(schema, name, q, sizeof q);
	for (size_t i = 0; i < cat->n_views; i++)
		for (size_t j = 0; j < cat->views[i].n_depends; j++)
			if (!strcmp(cat->views[i].depends[j], q))
				return &cat->views[i];
	return NULL;
}

static int drop_relation_deps(ls_apply *ap, const char *schema, const char *name, bool casc);
static void drop_view_at(ls_apply *ap, size_t i);

int ls_drop_view(ls_apply *ap, size_t i)
{
	drop_view_at(ap, i);
	return 0;
}

static void drop_view_at(ls_apply *ap, size_t i)
{
	ls_catalog *cat = ap->cat;
	ls_view v = cat->views[i];
	LS_REMOVE_ITEM(cat, cat->views, cat->n_views, i);
	for (size_t j = cat->n_indexes; j-- > 0;)
		if (!strcmp(cat->indexes[j].schema, v.schema) && !strcmp(cat->indexes[j].table, v.name))
			LS_REMOVE_ITEM(cat, cat->indexes, cat->n_indexes, j);
	drop_relation_deps(ap, v.schema, v.name, true);
}

/* Objects depending on a relation that is going away: views (error
 * without CASCADE), foreign keys of other tables (dropped with CASCADE). */
static int drop_relation_deps(ls_apply *ap, const char *schema, const char *name, bool casc)
{
	ls_catalog *cat = ap->cat;
	ls_view *v;
	while ((v = dependent_view(cat, schema, name))) {
		if (!casc)
			return ls_apply_error(ap, LS_EINVAL, "cannot drop %s %s because other objects depend on it",
					ls_catalog_find_table(cat, schema, name) ? "table" : "view", name);
		drop_view_at(ap, (size_t)(v - cat->views));
	}
	/* routines whose SQL-standard body reads it (the server records those
	 * dependencies when it parses the body) */
	for (size_t i = cat->n_functions; i-- > 0;) {
		if (i >= cat->n_functions || !ls_body_reads(ap, &cat->functions[i], schema, name, NULL))
			continue;
		if (!casc)
			return ls_apply_error(ap, LS_EINVAL, "cannot drop %s %s because other objects depend on it",
					ls_catalog_find_table(cat, schema, name) ? "table" : "view", name);
		int rc = ls_drop_function(ap, &cat->functions[i], true);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < cat->n_tables; i++) {
		ls_table *o = &cat->tables[i];
		for (size_t j = o->n_constraints; j-- > 0;) {
			ls_constraint *k = &o->constraints[j];
			if (k->type != 'f' || strcmp(k->ref_schema, schema) || strcmp(k->ref_table, name) ||
					(!strcmp(o->schema, schema) && !strcmp(o->name, name)))
				continue;
			if (!casc)
				return ls_apply_error(ap, LS_EINVAL, "cannot drop table %s because other objects depend on it", name);
			ls_remove_constraint(cat, o, j);
		}
	}
	return 0;
}

static int drop_table(ls_apply *ap, ls_table *t, bool casc)
{
	ls_catalog *cat = ap->cat;
	const char *schema = t->schema, *name = t->name;
	uint64_t id = t->id;
	int rc = drop_relation_deps(ap, schema, name, casc);
	if (rc < 0)
		return rc;
	/* Partitions go with their parent. */
	for (size_t i = cat->n_tables; i-- > 0;)
		if (cat->tables[i].parent_table && !strcmp(cat->tables[i].parent_schema, schema) &&
				!strcmp(cat->tables[i].parent_table, name) &&
				(rc = drop_table(ap, &cat->tables[i], casc)) < 0)
			return rc;
	for (size_t j = cat->n_indexes; j-- > 0;)
		if (!strcmp(cat->indexes[j].schema, schema) && !strcmp(cat->indexes[j].table, name))
			LS_REMOVE_ITEM(cat, cat->indexes, cat->n_indexes, j);
	for (size_t j = cat->n_sequences; j-- > 0;)
		if (cat->sequences[j].owned_table && !strcmp(cat->sequences[j].schema, schema) &&
				!strcmp(cat->sequences[j].owned_table, name))
			LS_REMOVE_ITEM(cat, cat->sequences, cat->n_sequences, j);
	t = ls_table_by_id(cat, id);
	LS_REMOVE_ITEM(cat, cat->tables, cat->n_tables, (size_t)(t - cat->tables));
	return 0;
}

/* A column of any table (or a domain / composite) using type schema.name. */
static bool type_in_use(ls_catalog *cat, const char *schema, const char *name)
{
	const char *q = ls_qualify(cat->arena, schema, name);
	size_t n = strlen(q);
	for (size_t i = 0; i < cat->n_tables; i++)
		for (size_t j = 0; j < cat->tables[i].n_columns; j++) {
			const char *ty = cat->tables[i].columns[j].type;
			if (!strncmp(ty, q, n) && (ty[n] == '\0' || ty[n] == '['))
				return true;
		}
	for (size_t i = 0; i < cat->n_types; i++) {
		ls_type *t = &cat->types[i];
		if (t->base_type && !strcmp(t->base_type, q))
			return true;
		for (size_t j = 0; j < t->n_attributes; j++)
			if (!strcmp(t->attributes[j].type, q))
				return true;
	}
	return false;
}

static int drop_one(ls_apply *ap, PgQuery__DropStmt *s, pgnode *obj);

/* DROP TYPE ... CASCADE: the columns of that type (or its array) go, and
 * the constraints and indexes of their tables that use them. */
static void drop_columns_of_type(ls_catalog *cat, const char *q)
{
	size_t n = strlen(q);
	for (size_t i = 0; i < cat->n_tables; i++) {
		ls_table *t = &cat->tables[i];
		for (size_t j = t->n_columns; j-- > 0;) {
			const char *ty = t->columns[j].type;
			if (strncmp(ty, q, n) || (ty[n] != '\0' && ty[n] != '['))
				continue;
			const char *col = t->columns[j].name;
			for (size_t k = t->n_constraints; k-- > 0;)
				for (size_t c = 0; c < t->constraints[k].n_columns; c++)
					if (!strcmp(t->constraints[k].columns[c], col)) {
						ls_remove_constraint(cat, t, k);
						break;
					}
			for (size_t k = cat->n_indexes; k-- > 0;) {
				ls_index *x = &cat->indexes[k];
				if (strcmp(x->schema, t->schema) || strcmp(x->table, t->name))
					continue;
				for (size_t c = 0; c < x->n_keys; c++)
					if (x->keys[c].column && !strcmp(x->keys[c].column, col)) {
						LS_REMOVE_ITEM(cat, cat->indexes, cat->n_indexes, k);
						break;
					}
			}
			LS_REMOVE(t->columns, t->n_columns, j);
		}
	}
}

int ls_apply_drop(ls_apply *ap, PgQuery__DropStmt *s)
{
	for (size_t i = 0; i < s->n_objects; i++) {
		int rc = drop_one(ap, s, s->objects[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int missing(ls_apply *ap, PgQuery__DropStmt *s, const char *what, const char *name)
{
	if (s->missing_ok)
		return 0;
	return ls_apply_error(ap, LS_EINVAL, "%s \"%s\" does not exist", what, name);
}

static int drop_schema(ls_apply *ap, PgQuery__DropStmt *s, const char *name)
{
	ls_catalog *cat = ap->cat;
	ls_schema *sc = ls_catalog_find_schema(cat, name);
	if (!sc)
		return missing(ap, s, "schema", name);
	bool used = false;
	for (size_t i = 0; i < cat->n_tables; i++)
		used = used || !strcmp(cat->tables[i].schema, name);
	for (size_t i = 0; i < cat->n_views; i++)
		used = used || !strcmp(cat->views[i].schema, name);
	for (size_t i = 0; i < cat->n_types; i++)
		used = used || !strcmp(cat->types[i].schema, name);
	for (size_t i = 0; i < cat->n_sequences; i++)
		used = used || !strcmp(cat->sequences[i].schema, name);
	for (size_t i = 0; i < cat->n_functions; i++)
		used = used || !strcmp(cat->functions[i].schema, name);
	if (used && !cascade(s->behavior))
		return ls_apply_error(ap, LS_EINVAL, "cannot drop schema %s because other objects depend on it", name);
	ls_drop_schema_objects(ap, name);
	ls_drop_default_acls(cat, name);
	sc = ls_catalog_find_schema(cat, name);
	LS_REMOVE_ITEM(cat, cat->schemas, cat->n_schemas, (size_t)(sc - cat->schemas));
	return 0;
}

void ls_drop_schema_objects(ls_apply *ap, const char *name)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = cat->n_views; i-- > 0;)
		if (i < cat->n_views && !strcmp(cat->views[i].schema, name))
			drop_view_at(ap, i);
	for (size_t i = cat->n_tables; i-- > 0;)
		if (i < cat->n_tables && !strcmp(cat->tables[i].schema, name))
			drop_table(ap, &cat->tables[i], true);
	for (size_t i = cat->n_sequences; i-- > 0;)
		if (!strcmp(cat->sequences[i].schema, name))
			LS_REMOVE_ITEM(cat, cat->sequences, cat->n_sequences, i);
	for (size_t i = cat->n_types; i-- > 0;)
		if (!strcmp(cat->types[i].schema, name))
			LS_REMOVE_ITEM(cat, cat->types, cat->n_types, i);
	for (size_t i = cat->n_functions; i-- > 0;)
		if (!strcmp(cat->functions[i].schema, name))
			LS_REMOVE_ITEM(cat, cat->functions, cat->n_functions, i);
}

/* DROP TRIGGER / POLICY name ON table: the object is [schema,] table, name. */
static int drop_table_child(ls_apply *ap, PgQuery__DropStmt *s, PgQuery__List *l, bool trigger)
{
	const char *tname = l->items[l->n_items - 2]->string->sval;
	const char *name = l->items[l->n_items - 1]->string->sval;
	const char *schema = l->n_items > 2 ? l->items[l->n_items - 3]->string->sval : NULL;
	ls_table *t = ls_lookup_table(ap->cat, schema, tname);
	ls_view *v = t || !trigger ? NULL : ls_lookup_view(ap->cat, schema, tname);
	for (size_t i = 0; v && i < v->n_triggers; i++)
		if (!strcmp(v->triggers[i].name, name)) {
			LS_REMOVE(v->triggers, v->n_triggers, i);
			return 0;
		}
	if (v)
		return s->missing_ok ? 0 : ls_apply_error(ap, LS_EINVAL,
				"trigger \"%s\" for table \"%s\" does not exist", name, tname);
	if (!t)
		return missing(ap, s, "relation", tname);
	size_t *n = trigger ? &t->n_triggers : &t->n_policies;
	for (size_t i = 0; i < *n; i++) {
		const char *nm = trigger ? t->triggers[i].name : t->policies[i].name;
		if (strcmp(nm, name))
			continue;
		if (trigger)
			LS_REMOVE(t->triggers, t->n_triggers, i);
		else
			LS_REMOVE(t->policies, t->n_policies, i);
		return 0;
	}
	if (s->missing_ok)
		return 0;
	return ls_apply_error(ap, LS_EINVAL, "%s \"%s\" for table \"%s\" does not exist",
			trigger ? "trigger" : "policy", name, tname);
}

static int drop_function(ls_apply *ap, PgQuery__DropStmt *s, PgQuery__ObjectWithArgs *owa)
{
	char kind = s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE ? 'p' :
		s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE ? 'r' : 'f';
	ls_function *f;
	int rc = ls_lookup_function_args(ap, owa, kind, s->missing_ok, &f);
	if (rc < 0 || !f)
		return rc;
	return ls_drop_function(ap, f, cascade(s->behavior));
}

int ls_drop_function(ls_apply *ap, ls_function *f, bool casc)
{
	/* what calls it: with CASCADE the CHECKs and triggers go and defaults
	 * are dropped; an error without. Calls are matched by schema and name,
	 * as the canonical text carries no argument types. */
	ls_catalog *cat = ap->cat;
	const char *fq = ls_qualify(cat->arena, f->schema, f->name);
	if (!fq)
		return ls_apply_nomem(ap);
	bool used = false;
	for (size_t i = 0; i < cat->n_tables && !used; i++) {
		ls_table *t = &cat->tables[i];
		for (size_t j = 0; j < t->n_columns && !used; j++)
			used = t->columns[j].default_expr &&
				ls_expr_calls_function(ap, t->columns[j].default_expr, f->schema, f->name);
		for (size_t j = 0; j < t->n_constraints && !used; j++)
			used = t->constraints[j].expr &&
				ls_expr_calls_function(ap, t->constraints[j].expr, f->schema, f->name);
		for (size_t j = 0; j < t->n_triggers && !used; j++)
			used = t->triggers[j].function && !strcmp(t->triggers[j].function, fq);
	}
	for (size_t i = 0; i < cat->n_views && !used; i++)
		for (size_t j = 0; j < cat->views[i].n_triggers && !used; j++)
			used = cat->views[i].triggers[j].function && !strcmp(cat->views[i].triggers[j].function, fq);
	if (used && !casc)
		return ls_apply_error(ap, LS_EINVAL, "cannot drop function %s because other objects depend on it",
				f->name);
	for (size_t i = 0; used && i < cat->n_views; i++) {
		ls_view *v = &cat->views[i];
		for (size_t j = v->n_triggers; j-- > 0;)
			if (v->triggers[j].function && !strcmp(v->triggers[j].function, fq))
				LS_REMOVE(v->triggers, v->n_triggers, j);
	}
	for (size_t i = 0; used && i < cat->n_tables; i++) {
		ls_table *t = &cat->tables[i];
		for (size_t j = 0; j < t->n_columns; j++)
			if (t->columns[j].default_expr &&
					ls_expr_calls_function(ap, t->columns[j].default_expr, f->schema, f->name))
				t->columns[j].default_expr = NULL;
		for (size_t j = t->n_constraints; j-- > 0;)
			if (t->constraints[j].expr &&
					ls_expr_calls_function(ap, t->constraints[j].expr, f->schema, f->name))
				ls_remove_constraint(cat, t, j);
		for (size_t j = t->n_triggers; j-- > 0;)
			if (t->triggers[j].function && !strcmp(t->triggers[j].function, fq))
				LS_REMOVE(t->triggers, t->n_triggers, j);
	}
	size_t i = (size_t)(f - cat->functions);
	LS_REMOVE_ITEM(cat, cat->functions, cat->n_functions, i);
	return 0;
}

static int drop_one(ls_apply *ap, PgQuery__DropStmt *s, pgnode *obj)
{
	ls_catalog *cat = ap->cat;
	const char *schema = NULL, *name = NULL;
	PgQuery__ObjectType k = s->remove_type;
	if (ls_unmodelled_kind(k))
		return ls_apply_error(ap, LS_EUNSUPPORTED, "DROP %s is not supported", ls_unmodelled_kind(k));
	if (k == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION || k == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE || k == PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE)
		return drop_function(ap, s, obj->object_with_args);
	if (k == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER || k == PG_QUERY__OBJECT_TYPE__OBJECT_POLICY)
		return drop_table_child(ap, s, obj->list, k == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER);
	if (obj->node_case == PG_QUERY__NODE__NODE_LIST)
		ls_name_list((const pgnode *const *)obj->list->items, obj->list->n_items, &schema, &name);
	else if (obj->node_case == PG_QUERY__NODE__NODE_STRING)
		name = obj->string->sval;
	else if (obj->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
		ls_name_list((const pgnode *const *)obj->type_name->names, obj->type_name->n_names, &schema, &name);
	if (!name)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported DROP");
	switch (k) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
		return drop_schema(ap, s, name);
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: {
		ls_table *t = ls_lookup_table(cat, schema, name);
		return t ? drop_table(ap, t, cascade(s->behavior)) : missing(ap, s, "table", name);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: {
		ls_view *v = ls_lookup_view(cat, schema, name);
		bool mat = k == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW;
		if (!v || v->materialized != mat)
			return missing(ap, s, mat ? "materialized view" : "view", name);
		int rc = drop_relation_deps(ap, v->schema, v->name, cascade(s->behavior));
		if (rc < 0)
			return rc;
		drop_view_at(ap, (size_t)(ls_lookup_view(cat, schema, name) - cat->views));
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: {
		ls_index *x = ls_lookup_index(cat, schema, name);
		if (!x)
			return missing(ap, s, "index", name);
		if (x->constraint)
			return ls_apply_error(ap, LS_EINVAL, "cannot drop index %s because constraint %s on table %s requires it", name, x->constraint, x->table);
		ls_remove_index_tree(cat, (size_t)(x - cat->indexes));
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
		ls_sequence *q = ls_lookup_sequence(cat, schema, name);
		if (!q)
			return missing(ap, s, "sequence", name);
		/* defaults that call nextval() on it depend on it (unless the
		 * sequence is owned by that very column) */
		const char *call = ls_arena_printf(cat->arena, "nextval('%s')",
				ls_qualify(cat->arena, q->schema, q->name));
		for (size_t i = 0; call && i < cat->n_tables; i++)
			for (size_t j = 0; j < cat->tables[i].n_columns; j++) {
				ls_column *c = &cat->tables[i].columns[j];
				if (!c->default_expr || !strstr(c->default_expr, call))
					continue;
				bool owner = q->owned_table && !strcmp(q->owned_table, cat->tables[i].name) &&
					!strcmp(q->schema, cat->tables[i].schema) && !strcmp(q->owned_column, c->name);
				if (!owner && !cascade(s->behavior))
					return ls_apply_error(ap, LS_EINVAL, "cannot drop sequence %s because other objects depend on it", name);
				c->default_expr = NULL;
			}
		LS_REMOVE_ITEM(cat, cat->sequences, cat->n_sequences, (size_t)(q - cat->sequences));
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
		ls_type *t = ls_lookup_type(cat, schema, name);
		if (!t)
			return missing(ap, s, "type", name);
		if (type_in_use(cat, t->schema, t->name) && !cascade(s->behavior))
			return ls_apply_error(ap, LS_EINVAL, "cannot drop type %s because other objects depend on it", name);
		drop_columns_of_type(cat, ls_qualify(cat->arena, t->schema, t->name));
		t = ls_lookup_type(cat, schema, name);
		LS_REMOVE_ITEM(cat, cat->types, cat->n_types, (size_t)(t - cat->types));
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION:
		for (size_t i = 0; i < cat->n_extensions; i++)
			if (!strcmp(cat->extensions[i].name, name)) {
				LS_REMOVE(cat->extensions, cat->n_extensions, i);
				return 0;
			}
		return missing(ap, s, "extension", name);
	default:
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported DROP");
	}
}

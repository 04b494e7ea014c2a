/* DROP, RENAME, SET SCHEMA, COMMENT ON, GRANT / REVOKE. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "apply_inherit.h"
#include "apply_func.h"
#include "apply_table.h"
#include "apply_dropdeps.h"
#include "rewrite.h"
#include "lockstep/buf.h"

#include <stdint.h>
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
static int drop_row_type_users(ls_apply *ap, const char *schema, const char *name, bool casc);
static bool type_in_use(ls_catalog *cat, const char *schema, const char *name);
static int drop_columns_of_type(ls_apply *ap, const char *q);
static int drop_sequence(ls_apply *ap, ls_sequence *q, bool casc);

/* The first routine whose signature uses type schema.name, or NULL. */
static ls_function *signature_user(ls_apply *ap, const char *schema, const char *name)
{
	ls_catalog *cat = ap->cat;
	const char *q = ls_qualify(cat->arena, schema, name);
	for (size_t i = 0; q && i < cat->n_functions; i++)
		if (ls_signature_uses(ap, &cat->functions[i], q))
			return &cat->functions[i];
	return NULL;
}

/* The first policy of another table whose USING or WITH CHECK reads
 * relation schema.name (*owner gets its table), or NULL. */
static ls_policy *reading_policy(ls_apply *ap, const char *schema, const char *name,
		ls_table **owner)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = 0; i < cat->n_tables; i++) {
		ls_table *t = &cat->tables[i];
		if (!strcmp(t->schema, schema) && !strcmp(t->name, name))
			continue;
		for (size_t j = 0; j < t->n_policies; j++) {
			ls_policy *p = &t->policies[j];
			if (ls_policy_reads(ap, p, schema, name)) {
				*owner = t;
				return p;
			}
		}
	}
	return NULL;
}

/* An object's name as the server's messages describe it: bare when its
 * schema is on search_path, else qualified, each part quoted by
 * quote_identifier's rule (as getObjectDescription writes it). */
static const char *described(ls_catalog *cat, const char *schema, const char *name)
{
	const char *n = ls_quote_ident_server(cat->arena, name);
	if (!n)
		return name;
	for (size_t i = 0; i < cat->n_search_path; i++)
		if (!strcmp(cat->search_path[i], schema))
			return n;
	const char *s = ls_quote_ident_server(cat->arena, schema);
	const char *q = s ? ls_arena_printf(cat->arena, "%s.%s", s, n) : NULL;
	return q ? q : name;
}

/* A type as described() names it, but one named as a type of pg_catalog,
 * which is searched first, keeps its schema (format_type_be). */
static const char *described_type(ls_catalog *cat, const char *schema, const char *name)
{
	if (!ls_pg_catalog_type(name))
		return described(cat, schema, name);
	const char *s = ls_quote_ident_server(cat->arena, schema);
	const char *q = s ? ls_arena_printf(cat->arena, "%s.%s", s, name) : NULL;
	return q ? q : name;
}

/* How the server names relation schema.name in "cannot drop ...". */
static const char *relation_word(ls_catalog *cat, const char *schema, const char *name)
{
	if (ls_catalog_find_table(cat, schema, name))
		return "table";
	const ls_view *v = ls_catalog_find_view(cat, schema, name);
	return v && v->materialized ? "materialized view" : "view";
}

/* Whether table t is one that ap->dropping names (resolved as the DROP
 * resolves them; one dropped already is gone, and no longer named). */
static bool in_drop_list(ls_apply *ap, const ls_table *t)
{
	const PgQuery__DropStmt *s = ap->dropping;
	for (size_t i = 0; s && i < s->n_objects; i++) {
		const char *schema = NULL, *name = NULL;
		const pgnode *obj = s->objects[i];
		if (obj->node_case == PG_QUERY__NODE__NODE_LIST)
			ls_name_list((const pgnode *const *)obj->list->items, obj->list->n_items, &schema, &name);
		const ls_table *o = name ? ls_lookup_table(ap->cat, schema, name) : NULL;
		if (o && !strcmp(o->schema, t->schema) && !strcmp(o->name, t->name))
			return true;
	}
	return false;
}

static int refuse_relation(ls_apply *ap, const char *schema, const char *name);

/* What uses the row type of relation schema.name, or reads it from a
 * policy: refused without CASCADE; with it the routines and policies go
 * and the columns of that type are dropped, as the server does. */
static int drop_row_type_users(ls_apply *ap, const char *schema, const char *name, bool casc)
{
	ls_catalog *cat = ap->cat;
	ls_function *f;
	ls_policy *p;
	ls_table *t;
	bool typed = type_in_use(cat, schema, name);
	if (!casc && (typed || signature_user(ap, schema, name) ||
			reading_policy(ap, schema, name, &t)))
		return refuse_relation(ap, schema, name);
	while ((f = signature_user(ap, schema, name))) {
		int rc = ls_drop_function(ap, f, true);
		if (rc < 0)
			return rc;
	}
	while ((p = reading_policy(ap, schema, name, &t)))
		LS_REMOVE(t->policies, t->n_policies, (size_t)(p - t->policies));
	return typed ? drop_columns_of_type(ap, ls_qualify(cat->arena, schema, name)) : 0;
}

/* The refusal of a DROP of relation schema.name without CASCADE: the
 * server's primary message, the dependents in the hint. */
static int refuse_relation(ls_apply *ap, const char *schema, const char *name)
{
	ls_catalog *cat = ap->cat;
	ls_deps_text d = LS_DEPS_TEXT_INIT;
	bool *listed = cat->n_views ? ls_arena_alloc(cat->arena, cat->n_views * sizeof *listed) : NULL;
	ls_deps_relation(ap, schema, name, NULL, listed, &d);
	return ls_deps_hint(ap, ls_apply_error(ap, LS_EINVAL, "cannot drop %s %s because other objects depend on it",
			relation_word(cat, schema, name), described(cat, schema, name)), &d);
}

int ls_drop_view(ls_apply *ap, size_t i)
{
	drop_view_at(ap, i);
	return 0;
}

static void drop_view_at(ls_apply *ap, size_t i)
{
	ls_catalog *cat = ap->cat;
	ls_view v = cat->views[i];
	/* the routines of its row type first, while the type still resolves
	 * (a parameter of a type that is gone reads as no type at all); they
	 * may take views with them, this one too */
	drop_row_type_users(ap, v.schema, v.name, true);
	const ls_view *still = ls_catalog_find_view(cat, v.schema, v.name);
	if (!still)
		return;
	i = (size_t)(still - cat->views);
	v = cat->views[i];
	LS_REMOVE_ITEM(cat, cat->views, cat->n_views, i);
	for (size_t j = cat->n_indexes; j-- > 0;)
		if (!strcmp(cat->indexes[j].schema, v.schema) && !strcmp(cat->indexes[j].table, v.name))
			LS_REMOVE_ITEM(cat, cat->indexes, cat->n_indexes, j);
	drop_relation_deps(ap, v.schema, v.name, true);
}

/* The first view but schema.name itself whose query names relation
 * schema.name by a regclass constant (ls_text_names_tree with tree), or
 * SIZE_MAX. */
static size_t naming_view(ls_apply *ap, const char *schema, const char *name, bool tree)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = 0; i < cat->n_views; i++) {
		const ls_view *v = &cat->views[i];
		if ((strcmp(v->schema, schema) || strcmp(v->name, name)) &&
				(tree ? ls_text_names_tree : ls_text_names)(ap, v->definition, 'q', NULL, schema, name))
			return i;
	}
	return SIZE_MAX;
}

/* What names relation schema.name by a regclass constant (tree: or an
 * index on it, a sequence it owns, outside the tables that go with it; a
 * default of a table the same DROP names counts as none): defaults and
 * views. Without casc: 1 when there is one (the caller refuses), else 0;
 * with casc they go (the defaults are dropped, the views with what depends
 * on them): 0, or a negative LS_E* code. */
static int drop_naming(ls_apply *ap, const char *schema, const char *name, bool tree, bool casc)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = 0; i < cat->n_tables; i++) {
		ls_table *o = &cat->tables[i];
		if (tree && ls_goes_with(cat, o, schema, name))
			continue;
		for (size_t j = 0; j < o->n_columns; j++) {
			ls_column *c = &o->columns[j];
			if (!(tree ? ls_text_names_tree : ls_text_names)(ap, c->default_expr, 'e', c->type, schema, name))
				continue;
			if (!casc && !(tree && in_drop_list(ap, o)))
				return 1;
			c->default_expr = NULL;
		}
	}
	for (size_t v; (v = naming_view(ap, schema, name, tree)) != SIZE_MAX;) {
		if (!casc)
			return 1;
		drop_view_at(ap, v);
	}
	return 0;
}

/* Objects depending on a relation that is going away: views (error
 * without CASCADE), foreign keys of other tables (dropped with CASCADE). */
static int drop_relation_deps(ls_apply *ap, const char *schema, const char *name, bool casc)
{
	ls_catalog *cat = ap->cat;
	ls_view *v;
	while ((v = dependent_view(cat, schema, name))) {
		if (!casc)
			return refuse_relation(ap, schema, name);
		drop_view_at(ap, (size_t)(v - cat->views));
	}
	int rc = drop_row_type_users(ap, schema, name, casc);
	if (rc < 0)
		return rc;
	/* routines whose SQL-standard body reads it (the server records those
	 * dependencies when it parses the body) */
	for (size_t i = cat->n_functions; i-- > 0;) {
		if (i >= cat->n_functions || !ls_body_reads(ap, &cat->functions[i], schema, name, NULL))
			continue;
		if (!casc)
			return refuse_relation(ap, schema, name);
		rc = ls_drop_function(ap, &cat->functions[i], true);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < cat->n_tables; i++) {
		ls_table *o = &cat->tables[i];
		if (ls_goes_with(cat, o, schema, name))
			continue;
		for (size_t j = o->n_constraints; j-- > 0;) {
			if (!ls_fk_depends_on(cat, &o->constraints[j], schema, name))
				continue;
			if (!casc && !in_drop_list(ap, o))
				return refuse_relation(ap, schema, name);
			ls_remove_constraint(cat, o, j);
		}
	}
	rc = drop_naming(ap, schema, name, true, casc);
	return rc > 0 ? refuse_relation(ap, schema, name) : rc;
}

static int drop_table(ls_apply *ap, ls_table *t, bool casc)
{
	ls_catalog *cat = ap->cat;
	const char *schema = t->schema, *name = t->name;
	uint64_t id = t->id;
	int rc = drop_relation_deps(ap, schema, name, casc);
	if (rc < 0)
		return rc;
	/* Inheritance children go with CASCADE only (DETAIL "table c depends
	 * on table p"). */
	size_t pos = 0;
	const ls_table *child;
	while ((child = ls_inherit_child(cat, ls_table_by_id(cat, id), &pos))) {
		/* a child the same DROP names goes now, itself without CASCADE */
		if (!casc && !in_drop_list(ap, child))
			return refuse_relation(ap, schema, name);
		if ((rc = drop_table(ap, &cat->tables[pos - 1], casc)) < 0)
			return rc;
		pos = 0;
	}
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
	for (size_t i = 0; q && i < cat->n_tables; i++)
		for (size_t j = 0; j < cat->tables[i].n_columns; j++)
			if (ls_of_type(cat->tables[i].columns[j].type, q))
				return true;
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
static int drop_columns_of_type(ls_apply *ap, const char *q);

/* The refusal of a DROP TYPE of a type in use, naming what uses it. */
static int refuse_type(ls_apply *ap, ls_type *ty)
{
	ls_catalog *cat = ap->cat;
	ls_deps_text d = LS_DEPS_TEXT_INIT;
	ls_deps_type(ap, ty->schema, ty->name, &d);
	return ls_deps_hint(ap, ls_apply_error(ap, LS_EINVAL, "cannot drop type %s because other objects depend on it",
			described_type(cat, ty->schema, ty->name)), &d);
}

/* DROP TYPE schema.name CASCADE: the domains over it go too, and the
 * columns of all of them. */
static int drop_type_tree(ls_apply *ap, const char *schema, const char *name)
{
	ls_catalog *cat = ap->cat;
	const char *q = ls_qualify(cat->arena, schema, name);
	int rc;
	if (!q)
		return ls_apply_nomem(ap);
	/* the routines whose signature uses it (a domain's too) and the
	 * views storing a value of it */
	for (ls_function *f; (f = signature_user(ap, schema, name));)
		if ((rc = ls_drop_function(ap, f, true)) < 0)
			return rc;
	for (size_t v; (v = ls_typed_view(ap, schema, name, 0)) != SIZE_MAX;)
		if ((rc = ls_drop_view(ap, v)) < 0)
			return rc;
	/* a composite type is a relation, which regclass constants name */
	const ls_type *ty = ls_catalog_find_type(cat, schema, name);
	if (ty && ty->kind == LS_TYPE_COMPOSITE && (rc = drop_naming(ap, schema, name, false, true)) < 0)
		return rc;
	for (size_t i = cat->n_types; i-- > 0;)
		if (i < cat->n_types && cat->types[i].base_type && !strcmp(cat->types[i].base_type, q) &&
				(rc = drop_type_tree(ap, cat->types[i].schema, cat->types[i].name)) < 0)
			return rc;
	if ((rc = drop_columns_of_type(ap, q)) < 0)
		return rc;
	for (size_t i = 0; i < cat->n_types; i++)
		if (!strcmp(cat->types[i].schema, schema) && !strcmp(cat->types[i].name, name)) {
			LS_REMOVE_ITEM(cat, cat->types, cat->n_types, i);
			break;
		}
	return 0;
}

/* DROP TYPE ... CASCADE: the columns of that type (or its array) go, as
 * ALTER TABLE ... DROP COLUMN ... CASCADE takes them (with the constraints,
 * indexes, views and routines that use them); a table whose partition key
 * uses one goes whole (the server records the table's dependency on the
 * type), a partition's inherited column with its parent's. */
static int drop_columns_of_type(ls_apply *ap, const char *q)
{
	ls_catalog *cat = ap->cat;
	ls_arena *a = cat->arena;
	ls_buf b = {.a = a};
	if (!q)
		return ls_apply_nomem(ap);
	for (size_t i = 0; i < cat->n_tables; i++) {
		ls_table *t = &cat->tables[i];
		const char *tq = ls_qualify(a, t->schema, t->name);
		bool whole = false;
		for (size_t j = 0; j < t->n_columns && !whole; j++)
			whole = ls_of_type(t->columns[j].type, q) &&
				ls_partition_key_uses(ap, t->partition_key, t->columns[j].name);
		if (whole) {
			ls_buf_printf(&b, "DROP TABLE IF EXISTS %s CASCADE;\n", tq);
			continue;
		}
		for (size_t j = 0; j < t->n_columns; j++)
			if (ls_of_type(t->columns[j].type, q) && !ls_inherited_column(cat, t, t->columns[j].name))
				ls_buf_printf(&b, "ALTER TABLE IF EXISTS %s DROP COLUMN IF EXISTS %s CASCADE;\n",
						tq, ls_quote_ident(a, t->columns[j].name));
	}
	const char *sql = ls_buf_take(&b);
	if (!sql)
		return ls_apply_nomem(ap);
	return *sql ? ls_catalog_apply_sql(cat, sql, strlen(sql), "DROP TYPE ... CASCADE", ap->err) : 0;
}

/* DROP of a list: the server deletes the objects together
 * (performMultipleDeletions), so what one of them needs and another is, is
 * no refusal (a table's inheritance child, a foreign key of another table
 * of the list); a refusal names no single object ("desired object(s)"). */
int ls_apply_drop(ls_apply *ap, PgQuery__DropStmt *s)
{
	int rc = 0;
	bool many = s->n_objects > 1 && !cascade(s->behavior);
	bool tables = s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
	uint64_t ids[64];
	if (many && tables && s->n_objects <= 64) {
		/* every name is resolved first (a missing one is refused before
		 * anything goes); a table an earlier one took along is not
		 * dropped twice */
		for (size_t i = 0; i < s->n_objects; i++) {
			const char *schema = NULL, *name = NULL;
			const pgnode *obj = s->objects[i];
			if (obj->node_case == PG_QUERY__NODE__NODE_LIST)
				ls_name_list((const pgnode *const *)obj->list->items, obj->list->n_items, &schema, &name);
			const ls_table *t = name ? ls_lookup_table(ap->cat, schema, name) : NULL;
			if (!t && (rc = drop_one(ap, s, s->objects[i])) < 0)
				return rc;
			ids[i] = t ? t->id : 0;
		}
		ap->dropping = s;
	}
	for (size_t i = 0; i < s->n_objects && rc >= 0; i++)
		if (!ap->dropping || (ids[i] && ls_table_by_id(ap->cat, ids[i])))
			rc = drop_one(ap, s, s->objects[i]);
	ap->dropping = NULL;
	return many ? ls_apply_refusal_of_many(ap, rc) : rc;
}

static int missing(ls_apply *ap, PgQuery__DropStmt *s, const char *what, const char *name)
{
	if (s->missing_ok)
		return 0;
	return ls_apply_error(ap, LS_EINVAL, "%s \"%s\" does not exist", what, name);
}

/* DROP TYPE of no type of the user's: the row type of a table or a view
 * (IF EXISTS or not) is refused as the server refuses it, naming the
 * relation; else the type does not exist. */
static int refuse_row_type(ls_apply *ap, const char *schema, const char *name, PgQuery__DropStmt *s)
{
	ls_catalog *cat = ap->cat;
	const ls_table *t = ls_lookup_table(cat, schema, name);
	const ls_view *v = t ? NULL : ls_lookup_view(cat, schema, name);
	if (!t && !v)
		return missing(ap, s, "type", name);
	const char *rs = t ? t->schema : v->schema, *rn = t ? t->name : v->name;
	const char *word = t ? "table" : v->materialized ? "materialized view" : "view";
	const char *rel = described(cat, rs, rn);
	int rc = ls_apply_error(ap, LS_EINVAL, "cannot drop type %s because %s %s requires it",
			rel, word, rel);
	if (ap->err && !ap->err->hint[0])
		snprintf(ap->err->hint, sizeof ap->err->hint, "You can drop %s %s instead.", word, rel);
	return rc;
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
	for (size_t i = 0; i < cat->n_extensions; i++)
		used = used || (cat->extensions[i].schema && !strcmp(cat->extensions[i].schema, name));
	for (size_t i = 0; i < cat->n_collations; i++)
		used = used || !strcmp(cat->collations[i].schema, name);
	if (used && !cascade(s->behavior)) {
		ls_deps_text d = LS_DEPS_TEXT_INIT;
		ls_deps_schema(ap, name, &d);
		return ls_deps_hint(ap, ls_apply_error(ap, LS_EINVAL,
				"cannot drop schema %s because other objects depend on it", name), &d);
	}
	ls_drop_schema_objects(ap, name);
	/* its collations take what uses them in other schemas along */
	for (size_t i = cat->n_collations; i-- > 0;) {
		if (i >= cat->n_collations || strcmp(cat->collations[i].schema, name))
			continue;
		int rc = ls_apply_drop_collation(ap, name, cat->collations[i].name, true, true);
		if (rc < 0)
			return rc;
	}
	ls_drop_schema_collations(cat, name);
	/* and its extensions what uses their objects */
	int rc = ls_drop_extension_users(ap, name);
	if (rc < 0)
		return rc;
	for (size_t i = cat->n_extensions; i-- > 0;)
		if (cat->extensions[i].schema && !strcmp(cat->extensions[i].schema, name))
			LS_REMOVE(cat->extensions, cat->n_extensions, i);
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
	/* its sequences take the defaults naming them along */
	for (size_t i = cat->n_sequences; i-- > 0;)
		if (i < cat->n_sequences && !strcmp(cat->sequences[i].schema, name))
			drop_sequence(ap, &cat->sequences[i], true);
	/* its types take the columns of other schemas that use them along */
	for (size_t i = cat->n_types; i-- > 0;)
		if (i < cat->n_types && !strcmp(cat->types[i].schema, name) &&
				drop_type_tree(ap, name, cat->types[i].name) < 0)
			return;
	/* its routines take along what calls them from other schemas: views,
	 * aggregates (as ls_drop_function with CASCADE does) */
	for (size_t i = cat->n_functions; i-- > 0;)
		if (i < cat->n_functions && !strcmp(cat->functions[i].schema, name) &&
				ls_drop_function(ap, &cat->functions[i], true) < 0)
			return;
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
	char kind = ls_routine_kind(s->remove_type);
	ls_function *f;
	int rc = ls_lookup_function_args(ap, owa, kind, s->missing_ok, &f);
	if (rc < 0 || !f)
		return rc;
	if (kind == 'f' && f->kind == 'a') {
		rc = ls_apply_error(ap, LS_EINVAL, "\"%s\" is an aggregate function", f->name);
		if (ap->err)
			snprintf(ap->err->hint, sizeof ap->err->hint, "Use DROP AGGREGATE to drop aggregate functions.");
		return rc;
	}
	return ls_drop_function(ap, f, cascade(s->behavior));
}

static ls_function *function_by_id(ls_catalog *cat, uint64_t id)
{
	for (size_t i = 0; i < cat->n_functions; i++)
		if (cat->functions[i].id == id)
			return &cat->functions[i];
	return NULL;
}

/* The first view whose query calls f, or SIZE_MAX. */
static size_t calling_view(ls_apply *ap, const ls_function *f)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = 0; i < cat->n_views; i++)
		if (ls_text_calls_overload(ap, cat->views[i].definition, 'q', f))
			return i;
	return SIZE_MAX;
}

/* The first policy whose USING or WITH CHECK calls f (*owner, when not
 * NULL, gets its table), or NULL. */
static ls_policy *calling_policy(ls_apply *ap, const ls_function *f, ls_table **owner)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = 0; i < cat->n_tables; i++)
		for (size_t j = 0; j < cat->tables[i].n_policies; j++) {
			ls_policy *p = &cat->tables[i].policies[j];
			if (ls_policy_calls(ap, p, f)) {
				if (owner)
					*owner = &cat->tables[i];
				return p;
			}
		}
	return NULL;
}

/* The first other routine whose SQL-standard body calls f, or NULL. */
static ls_function *calling_body(ls_apply *ap, const ls_function *f)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = 0; i < cat->n_functions; i++)
		if (ls_body_calls(ap, &cat->functions[i], f))
			return &cat->functions[i];
	return NULL;
}

/* "cannot drop function f(integer,text) ...": the routine as the server
 * describes it, its input types joined by "," (a type of a schema on
 * search_path unqualified, as format_type_be prints it). */
static int refuse_function(ls_apply *ap, const ls_function *f)
{
	ls_catalog *cat = ap->cat;
	ls_fparam *p;
	size_t n;
	int rc = ls_function_params(ap, f, &p, &n);
	if (rc < 0)
		return rc;
	const char *types = "";
	for (size_t i = 0; types && i < n; i++) {
		if (p[i].mode == 'o' || p[i].mode == 't')
			continue;
		const char *ty = p[i].type;
		for (size_t k = 0; k < cat->n_search_path; k++) {
			const char *sq = ls_quote_ident(cat->arena, cat->search_path[k]);
			size_t l = sq ? strlen(sq) : 0;
			if (l && !strncmp(ty, sq, l) && ty[l] == '.') {
				/* pg_catalog, searched first, hides a type of its names */
				char base[64];
				snprintf(base, sizeof base, "%.*s", (int)strcspn(ty + l + 1, "["), ty + l + 1);
				if (!ls_pg_catalog_type(base))
					ty += l + 1;
				break;
			}
		}
		types = ls_arena_printf(cat->arena, "%s%s%s", types, *types ? "," : "", ty);
	}
	if (!types)
		return ls_apply_nomem(ap);
	return ls_apply_error(ap, LS_EINVAL, "cannot drop %s %s(%s) because other objects depend on it",
			f->kind == 'p' ? "procedure" : "function", described(cat, f->schema, f->name), types);
}

/* refuse_function with what uses f in the hint, and what depends on
 * those (ls_deps_function_closure). */
static int refuse_function_deps(ls_apply *ap, const ls_function *f)
{
	ls_deps_text d = LS_DEPS_TEXT_INIT;
	ls_deps_function_closure(ap, f, NULL, &d);
	return ls_deps_hint(ap, refuse_function(ap, f), &d);
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
				ls_expr_calls_overload(ap, t->columns[j].default_expr, f);
		for (size_t j = 0; j < t->n_constraints && !used; j++)
			used = t->constraints[j].expr &&
				ls_expr_calls_overload(ap, t->constraints[j].expr, f);
		for (size_t j = 0; j < t->n_triggers && !used; j++)
			used = t->triggers[j].function && !strcmp(t->triggers[j].function, fq);
	}
	for (size_t i = 0; i < cat->n_indexes && !used; i++)
		used = !cat->indexes[i].constraint &&
			ls_index_calls_overload(ap, &cat->indexes[i], f);
	for (size_t i = 0; i < cat->n_views && !used; i++)
		for (size_t j = 0; j < cat->views[i].n_triggers && !used; j++)
			used = cat->views[i].triggers[j].function && !strcmp(cat->views[i].triggers[j].function, fq);
	for (size_t i = 0; i < cat->n_functions && !used; i++)
		used = ls_aggregate_uses(&cat->functions[i], fq);
	if (!used && !casc && calling_view(ap, f) != SIZE_MAX)
		used = true;
	if (!used && !casc && (calling_policy(ap, f, NULL) || calling_body(ap, f)))
		used = true;
	if (used && !casc)
		return refuse_function_deps(ap, f);
	/* what the server drops with it: views and routines calling it,
	 * policies calling it */
	uint64_t id = f->id;
	for (size_t v; (v = calling_view(ap, f)) != SIZE_MAX;) {
		drop_view_at(ap, v);
		if (!(f = function_by_id(cat, id)))
			return 0; /* it went with the view */
	}
	for (ls_function *g; (g = calling_body(ap, f));) {
		int rc = ls_drop_function(ap, g, true);
		if (rc < 0)
			return rc;
		if (!(f = function_by_id(cat, id)))
			return 0;
	}
	/* aggregates it supports, and what uses those */
	for (size_t i = 0; i < cat->n_functions; i++) {
		if (!ls_aggregate_uses(&cat->functions[i], fq))
			continue;
		int rc = ls_drop_function(ap, &cat->functions[i], true);
		if (rc < 0)
			return rc;
		if (!(f = function_by_id(cat, id)))
			return 0;
		i = (size_t)-1;
	}
	ls_table *pt;
	for (ls_policy *p; (p = calling_policy(ap, f, &pt));)
		LS_REMOVE(pt->policies, pt->n_policies, (size_t)(p - pt->policies));
	for (size_t i = 0; used && i < cat->n_views; i++) {
		ls_view *v = &cat->views[i];
		for (size_t j = v->n_triggers; j-- > 0;)
			if (v->triggers[j].function && !strcmp(v->triggers[j].function, fq))
				LS_REMOVE(v->triggers, v->n_triggers, j);
	}
	/* indexes calling it (a partitioned index with its partitions' copies) */
	for (size_t i = 0; used && i < cat->n_indexes;) {
		if (!cat->indexes[i].constraint &&
				ls_index_calls_overload(ap, &cat->indexes[i], f)) {
			/* the tree's removal moves the others: look again */
			ls_remove_index_tree(cat, i);
			i = 0;
			continue;
		}
		i++;
	}
	for (size_t i = 0; used && i < cat->n_tables; i++) {
		ls_table *t = &cat->tables[i];
		for (size_t j = 0; j < t->n_columns; j++)
			if (t->columns[j].default_expr &&
					ls_expr_calls_overload(ap, t->columns[j].default_expr, f))
				t->columns[j].default_expr = NULL;
		for (size_t j = t->n_constraints; j-- > 0;)
			if (t->constraints[j].expr &&
					ls_expr_calls_overload(ap, t->constraints[j].expr, f))
				ls_remove_constraint(cat, t, j);
		for (size_t j = t->n_triggers; j-- > 0;)
			if (t->triggers[j].function && !strcmp(t->triggers[j].function, fq))
				LS_REMOVE(t->triggers, t->n_triggers, j);
	}
	size_t i = (size_t)(f - cat->functions);
	LS_REMOVE_ITEM(cat, cat->functions, cat->n_functions, i);
	return 0;
}

/* DROP SEQUENCE q: the sequence of an identity column is that column's
 * (refused even with CASCADE); defaults and views naming it (nextval's
 * argument, a regclass constant) depend on it, the default of the column
 * that owns it (serial) too: an error naming them, or they go with
 * CASCADE. */
static int drop_sequence(ls_apply *ap, ls_sequence *q, bool casc)
{
	ls_catalog *cat = ap->cat;
	if (q->identity && q->owned_table)
		return ls_apply_error(ap, LS_EINVAL, "cannot drop sequence %s because column %s of table %s requires it",
				q->name, q->owned_column, q->owned_table);
	int rc = drop_naming(ap, q->schema, q->name, false, casc);
	if (rc > 0) {
		ls_deps_text d = LS_DEPS_TEXT_INIT;
		ls_deps_naming(ap, q->schema, q->name, &d);
		return ls_deps_hint(ap, ls_apply_error(ap, LS_EINVAL, "cannot drop sequence %s because other objects depend on it",
				q->name), &d);
	}
	if (rc < 0)
		return rc;
	/* the views it took along leave cat->sequences as it was */
	LS_REMOVE_ITEM(cat, cat->sequences, cat->n_sequences, (size_t)(q - cat->sequences));
	return 0;
}

/* DROP INDEX x (backing no constraint): the defaults and views naming it
 * by a regclass constant depend on it, an error naming them, or they go
 * with CASCADE; the index goes with its partitions' copies. */
static int drop_index(ls_apply *ap, ls_index *x, bool casc)
{
	ls_catalog *cat = ap->cat;
	const char *schema = x->schema, *name = x->name;
	int rc = drop_naming(ap, schema, name, false, casc);
	if (rc > 0) {
		ls_deps_text d = LS_DEPS_TEXT_INIT;
		ls_deps_naming(ap, schema, name, &d);
		return ls_deps_hint(ap, ls_apply_error(ap, LS_EINVAL, "cannot drop index %s because other objects depend on it",
				described(cat, schema, name)), &d);
	}
	if (rc < 0)
		return rc;
	/* the views it took along may have moved the indexes */
	if ((x = ls_catalog_find_index(cat, schema, name)))
		ls_remove_index_tree(cat, (size_t)(x - cat->indexes));
	return 0;
}

static int drop_one(ls_apply *ap, PgQuery__DropStmt *s, pgnode *obj)
{
	ls_catalog *cat = ap->cat;
	const char *schema = NULL, *name = NULL;
	PgQuery__ObjectType k = s->remove_type;
	if (ls_unmodelled_kind(k))
		return ls_apply_error(ap, LS_EUNSUPPORTED, "DROP %s is not supported", ls_unmodelled_kind(k));
	if (ls_routine_kind(k))
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
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION:
		return ls_apply_drop_collation(ap, schema, name, s->missing_ok, cascade(s->behavior));
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
			return ls_apply_error(ap, LS_EINVAL, "cannot drop index %s because constraint %s on table %s requires it",
					described(cat, x->schema, x->name), x->constraint,
					described(cat, x->schema, x->table));
		return drop_index(ap, x, cascade(s->behavior));
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
		ls_sequence *q = ls_lookup_sequence(cat, schema, name);
		if (!q)
			return missing(ap, s, "sequence", name);
		return drop_sequence(ap, q, cascade(s->behavior));
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
		ls_type *t = ls_lookup_type(cat, schema, name);
		if (!t && k == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
			return refuse_row_type(ap, schema, name, s);
		if (!t)
			return missing(ap, s, "type", name);
		/* a composite type is a relation too, which regclass constants
		 * name */
		int named = t->kind == LS_TYPE_COMPOSITE && !cascade(s->behavior) ?
			drop_naming(ap, t->schema, t->name, false, false) : 0;
		if ((type_in_use(cat, t->schema, t->name) || signature_user(ap, t->schema, t->name) ||
				ls_typed_view(ap, t->schema, t->name, 0) != SIZE_MAX || named > 0) &&
				!cascade(s->behavior))
			return refuse_type(ap, t);
		return drop_type_tree(ap, t->schema, t->name);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION:
		for (size_t i = 0; i < cat->n_extensions; i++)
			if (!strcmp(cat->extensions[i].name, name))
				return ls_apply_drop_extension(ap, name, cascade(s->behavior));
		return missing(ap, s, "extension", name);
	default:
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported DROP");
	}
}

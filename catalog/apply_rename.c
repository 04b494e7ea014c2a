/* RENAME, SET SCHEMA, COMMENT ON, GRANT / REVOKE. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "apply_inherit.h"
#include "apply_table.h"
#include "rewrite.h"
#include "apply_func.h"
#include "name_conflict.h"

#include <stdio.h>
#include <string.h>

static int move_function(ls_apply *ap, PgQuery__ObjectType kind, PgQuery__ObjectWithArgs *owa,
		const char *new_name, const char *new_schema, bool missing_ok);
static int rename_schema(ls_apply *ap, const char *old, const char *new_name);
static int apply_rename(ls_apply *ap, PgQuery__RenameStmt *s);
static int apply_set_schema(ls_apply *ap, PgQuery__AlterObjectSchemaStmt *s);

/* Renames and moves change names and schemas in place all along the way,
 * with lookups in between: they run with the name indexes suspended (plain
 * scans), which are rebuilt after. Renames are rare; lookups are not. */
int ls_apply_rename(ls_apply *ap, PgQuery__RenameStmt *s)
{
	ls_index_suspend(ap->cat);
	int rc = apply_rename(ap, s);
	ls_index_resume(ap->cat);
	return rc;
}

int ls_apply_set_schema(ls_apply *ap, PgQuery__AlterObjectSchemaStmt *s)
{
	ls_index_suspend(ap->cat);
	int rc = apply_set_schema(ap, s);
	ls_index_resume(ap->cat);
	return rc;
}

static const char *rv_schema(const PgQuery__RangeVar *rv)
{
	return rv && rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
}

/* Everything that names table schema.old by name follows the rename. */
static void follow_table_rename(ls_catalog *cat, const char *schema, const char *old,
		const char *new_name)
{
	for (size_t i = 0; i < cat->n_indexes; i++)
		if (!strcmp(cat->indexes[i].schema, schema) && !strcmp(cat->indexes[i].table, old))
			cat->indexes[i].table = new_name;
	for (size_t i = 0; i < cat->n_sequences; i++)
		if (cat->sequences[i].owned_table && !strcmp(cat->sequences[i].schema, schema) &&
				!strcmp(cat->sequences[i].owned_table, old))
			cat->sequences[i].owned_table = new_name;
	for (size_t i = 0; i < cat->n_tables; i++) {
		ls_table *t = &cat->tables[i];
		if (t->parent_table && !strcmp(t->parent_schema, schema) && !strcmp(t->parent_table, old))
			t->parent_table = new_name;
		for (size_t j = 0; j < t->n_inherits; j++)
			if (!strcmp(t->inherits[j].schema, schema) && !strcmp(t->inherits[j].name, old))
				t->inherits[j].name = new_name;
		for (size_t j = 0; j < t->n_constraints; j++)
			if (t->constraints[j].type == 'f' && !strcmp(t->constraints[j].ref_schema, schema) &&
					!strcmp(t->constraints[j].ref_table, old))
				t->constraints[j].ref_table = new_name;
	}
	const char *oq = ls_arena_printf(cat->arena, "%s.%s", schema, old);
	for (size_t i = 0; i < cat->n_views; i++)
		for (size_t j = 0; j < cat->views[i].n_depends; j++)
			if (!strcmp(cat->views[i].depends[j], oq))
				cat->views[i].depends[j] = ls_arena_printf(cat->arena, "%s.%s", schema, new_name);
}

static void follow_column_rename(ls_catalog *cat, ls_table *t, const char *old, const char *new_name)
{
	for (size_t j = 0; j < t->n_constraints; j++)
		for (size_t c = 0; c < t->constraints[j].n_columns; c++)
			if (!strcmp(t->constraints[j].columns[c], old))
				t->constraints[j].columns[c] = new_name;
	for (size_t i = 0; i < cat->n_indexes; i++) {
		ls_index *x = &cat->indexes[i];
		if (strcmp(x->schema, t->schema) || strcmp(x->table, t->name))
			continue;
		for (size_t k = 0; k < x->n_keys; k++)
			if (x->keys[k].column && !strcmp(x->keys[k].column, old))
				x->keys[k].column = new_name;
		for (size_t k = 0; k < x->n_include; k++)
			if (!strcmp(x->include[k], old))
				x->include[k] = new_name;
	}
	for (size_t i = 0; i < cat->n_sequences; i++)
		if (cat->sequences[i].owned_table && !strcmp(cat->sequences[i].schema, t->schema) &&
				!strcmp(cat->sequences[i].owned_table, t->name) &&
				!strcmp(cat->sequences[i].owned_column, old))
			cat->sequences[i].owned_column = new_name;
	for (size_t i = 0; i < cat->n_tables; i++)
		for (size_t j = 0; j < cat->tables[i].n_constraints; j++) {
			ls_constraint *k = &cat->tables[i].constraints[j];
			if (k->type != 'f' || strcmp(k->ref_schema, t->schema) || strcmp(k->ref_table, t->name))
				continue;
			for (size_t c = 0; c < k->n_ref_columns; c++)
				if (!strcmp(k->ref_columns[c], old))
					k->ref_columns[c] = new_name;
		}
}

/* Relation os.on is now ns.nn: the regclass constants naming it follow,
 * spelled as ls_regclass_literal spells them (the server stores the
 * relation's OID and prints its name of the day). 0, or LS_ENOMEM. */
static int follow_regclass(ls_apply *ap, const char *os, const char *on, const char *ns,
		const char *nn)
{
	ls_arena *a = ap->cat->arena;
	const char *oq = ls_arena_printf(a, "%s.%s", ls_quote_ident_server(a, os), ls_quote_ident_server(a, on));
	const char *nq = ls_arena_printf(a, "%s.%s", ls_quote_ident_server(a, ns), ls_quote_ident_server(a, nn));
	if (!oq || !nq)
		return ls_apply_nomem(ap);
	ls_rename rn = {.old_sequence = oq, .new_sequence = nq};
	return ls_rewrite_names(ap, &rn);
}

/* Relation name moved from schema to schema to, its indexes with it: the
 * regclass constants naming those follow (follow_regclass). */
static int follow_index_regclass(ls_apply *ap, const char *schema, const char *name, const char *to)
{
	ls_catalog *cat = ap->cat;
	int rc = 0;
	for (size_t i = 0; i < cat->n_indexes && rc >= 0; i++)
		if (!strcmp(cat->indexes[i].schema, to) && !strcmp(cat->indexes[i].table, name))
			rc = follow_regclass(ap, schema, cat->indexes[i].name, to, cat->indexes[i].name);
	return rc;
}

static int rename_relation(ls_apply *ap, PgQuery__RenameStmt *s)
{
	ls_catalog *cat = ap->cat;
	const char *schema = rv_schema(s->relation), *name = s->relation->relname;
	const char *nn = ls_arena_strdup(cat->arena, s->newname);
	ls_table *t = ls_lookup_table(cat, schema, name);
	ls_view *v = t ? NULL : ls_lookup_view(cat, schema, name);
	ls_index *x = t || v ? NULL : ls_lookup_index(cat, schema, name);
	ls_sequence *q = t || v || x ? NULL : ls_lookup_sequence(cat, schema, name);
	const char *in = t ? t->schema : v ? v->schema : x ? x->schema : q ? q->schema : NULL;
	if (!in)
		return s->missing_ok ? 0 : ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", name);
	if (ls_relation_name_taken(cat, in, s->newname))
		return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" already exists", s->newname);
	if (!nn)
		return ls_apply_nomem(ap);
	if (t || v) {
		const char *old = t ? t->name : v->name;
		ls_rename rn = {.schema = in, .old_table = old, .new_table = nn,
			.type_schema = in, .old_type = old, .new_type = nn};
		follow_table_rename(cat, in, old, nn);
		/* its row type is renamed with it */
		if (ls_catalog_retype(cat, ls_qualify(cat->arena, in, old), ls_qualify(cat->arena, in, nn),
				false) < 0)
			return ls_apply_nomem(ap);
		if (t)
			t->name = nn;
		else
			v->name = nn;
		int rc = ls_rewrite_names(ap, &rn);
		return rc < 0 ? rc : follow_regclass(ap, in, old, in, nn);
	} else if (x) {
		const char *old = x->name;
		/* Renaming a constraint's index renames the constraint too. */
		if (x->constraint) {
			ls_table *owner = ls_catalog_find_table(cat, x->schema, x->table);
			ls_constraint *k = owner ? ls_table_constraint(owner, x->constraint) : NULL;
			if (k)
				k->name = nn;
			x->constraint = nn;
		}
		x->name = nn;
		return follow_regclass(ap, in, old, in, nn);
	} else {
		const char *old = q->name;
		ls_rename rn = {.old_sequence = ls_qualify(cat->arena, q->schema, q->name),
			.new_sequence = ls_qualify(cat->arena, q->schema, nn)};
		q->name = nn;
		int rc = ls_rewrite_names(ap, &rn);
		return rc < 0 ? rc : follow_regclass(ap, in, old, in, nn);
	}
}

/* Column old of table t becomes nn, and everything that names it. */
static int rename_one_column(ls_apply *ap, ls_table *t, const char *old, const char *nn)
{
	ls_catalog *cat = ap->cat;
	ls_column *c = ls_table_column(t, old);
	if (!c)
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" does not exist", old);
	if (ls_table_column(t, nn))
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" already exists", nn, t->name);
	ls_rename rn = {.schema = t->schema, .table = t->name, .old_column = c->name, .new_column = nn};
	follow_column_rename(cat, t, c->name, nn);
	c->name = nn;
	return ls_rewrite_names(ap, &rn);
}

/* How many of t's INHERITS parents are among the n tables ids. */
static int parents_among(ls_catalog *cat, const ls_table *t, const uint64_t *ids, size_t n)
{
	int count = 0;
	for (size_t j = 0; j < t->n_inherits; j++) {
		const ls_table *p = ls_catalog_find_table(cat, t->inherits[j].schema, t->inherits[j].name);
		for (size_t k = 0; p && k < n; k++)
			if (ids[k] == p->id) {
				count++;
				break;
			}
	}
	return count;
}

/* RENAME COLUMN on an inheritance parent (renameatt_internal): the column
 * of every descendant (find_all_inheritors: children, then theirs) is
 * renamed with it, an inherited one or one the descendant also declares;
 * a descendant whose column also comes from a parent outside the tree
 * (attinhcount above its parents in the tree) is refused. */
static int rename_inherited(ls_apply *ap, uint64_t id, const char *old, const char *nn)
{
	ls_catalog *cat = ap->cat;
	uint64_t *ids = NULL;
	size_t n = 0;
	uint64_t *first = ls_arena_push(cat->arena, (void **)&ids, &n, sizeof *ids);
	if (!first)
		return ls_apply_nomem(ap);
	*first = id;
	for (size_t i = 0; i < n; i++) {
		const ls_table *t = ls_table_by_id(cat, ids[i]), *c;
		size_t pos = 0;
		while (t && (c = ls_inherit_child(cat, t, &pos))) {
			size_t k;
			for (k = 0; k < n && ids[k] != c->id; k++)
				;
			if (k < n)
				continue; /* reached twice (multiple inheritance inside the tree) */
			uint64_t cid = c->id;
			uint64_t *slot = ls_arena_push(cat->arena, (void **)&ids, &n, sizeof *ids);
			if (!slot)
				return ls_apply_nomem(ap);
			*slot = cid;
			t = ls_table_by_id(cat, ids[i]);
		}
	}
	/* the descendants first, as the server renames them */
	for (size_t i = 1; i < n; i++) {
		ls_table *c = ls_table_by_id(cat, ids[i]);
		if (!ls_table_column(c, old))
			return ls_apply_error(ap, LS_EINVAL, "column \"%s\" does not exist", old);
		if (ls_inherit_count(cat, c, old, NULL) > parents_among(cat, c, ids, n))
			return ls_apply_error(ap, LS_EINVAL, "cannot rename inherited column \"%s\"", old);
		int rc = rename_one_column(ap, c, old, nn);
		if (rc < 0)
			return rc;
	}
	return rename_one_column(ap, ls_table_by_id(cat, id), old, nn);
}

/* RENAME COLUMN on table id and, as renameatt does, on each partition:
 * a partition's columns are its parent's, renamed only through it, and
 * a partitioned table's column only together with its partitions'. An
 * inheritance parent's column is renamed in its descendants too. */
static int rename_column(ls_apply *ap, uint64_t id, const char *old, const char *nn,
		bool recurse, bool recursing)
{
	ls_catalog *cat = ap->cat;
	ls_table *t = ls_table_by_id(cat, id);
	uint64_t *kids;
	size_t n;
	int rc = t ? ls_partition_ids(ap, t, &kids, &n) : 0;
	if (rc < 0)
		return rc;
	bool parent = t && ls_inherit_is_parent(cat, t);
	if (t && (n || parent) && !recurse && !recursing)
		return ls_apply_error(ap, LS_EINVAL, "inherited column \"%s\" must be renamed in child tables too", old);
	if (t && !recursing && ls_inherited_column(cat, t, old) && ls_table_column(t, old))
		return ls_apply_error(ap, LS_EINVAL, "cannot rename inherited column \"%s\"", old);
	if (parent && !recursing)
		return rename_inherited(ap, id, old, nn);
	/* the server renames the partitions' columns first */
	for (size_t i = 0; t && i < n && rc == 0; i++)
		rc = rename_column(ap, kids[i], old, nn, true, true);
	if (rc < 0)
		return rc;
	t = ls_table_by_id(cat, id);
	if (!t)
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" does not exist", old);
	if (!recursing && ls_inherited_column(cat, t, old))
		return ls_apply_error(ap, LS_EINVAL, "cannot rename inherited column \"%s\"", old);
	return rename_one_column(ap, t, old, nn);
}

static int rename_in_table(ls_apply *ap, PgQuery__RenameStmt *s)
{
	ls_catalog *cat = ap->cat;
	ls_table *t = ls_lookup_table(cat, rv_schema(s->relation), s->relation->relname);
	if (!t && s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
		ls_view *v = ls_lookup_view(cat, rv_schema(s->relation), s->relation->relname);
		if (v)
			return ls_rename_view_column(ap, v, s->subname, s->newname);
	}
	if (!t && s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER) {
		ls_view *v = ls_lookup_view(cat, rv_schema(s->relation), s->relation->relname);
		for (size_t i = 0; v && i < v->n_triggers; i++)
			if (!strcmp(v->triggers[i].name, s->newname))
				return ls_apply_error(ap, LS_EINVAL, "trigger \"%s\" for relation \"%s\" already exists",
						s->newname, v->name);
		for (size_t i = 0; v && i < v->n_triggers; i++)
			if (!strcmp(v->triggers[i].name, s->subname)) {
				v->triggers[i].name = ls_arena_strdup(cat->arena, s->newname);
				return v->triggers[i].name ? 0 : ls_apply_nomem(ap);
			}
		if (v)
			return ls_apply_error(ap, LS_EINVAL, "trigger \"%s\" for table \"%s\" does not exist",
					s->subname, v->name);
	}
	if (!t)
		return s->missing_ok ? 0 : ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", s->relation->relname);
	const char *nn = ls_arena_strdup(cat->arena, s->newname);
	if (s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN)
		return rename_column(ap, t->id, s->subname, nn, s->relation->inh, false);
	if (s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT) {
		ls_constraint *k = ls_table_constraint(t, s->subname);
		if (!k)
			return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" for table \"%s\" does not exist", s->subname, t->name);
		if (ls_table_constraint(t, s->newname))
			return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" for relation \"%s\" already exists", s->newname, t->name);
		for (size_t i = 0; i < cat->n_indexes; i++)
			if (cat->indexes[i].constraint && !strcmp(cat->indexes[i].constraint, k->name) &&
					!strcmp(cat->indexes[i].table, t->name) && !strcmp(cat->indexes[i].schema, t->schema)) {
				cat->indexes[i].constraint = nn;
				cat->indexes[i].name = nn;
			}
		k->name = nn;
		return 0;
	}
	bool trig = s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER;
	size_t n = trig ? t->n_triggers : t->n_policies;
	for (size_t i = 0; i < n; i++) {
		const char **name = trig ? &t->triggers[i].name : &t->policies[i].name;
		if (!strcmp(*name, s->subname)) {
			*name = nn;
			return 0;
		}
	}
	return ls_apply_error(ap, LS_EINVAL, "%s \"%s\" for table \"%s\" does not exist",
			trig ? "trigger" : "policy", s->subname, t->name);
}

static int rename_type(ls_apply *ap, PgQuery__RenameStmt *s)
{
	ls_catalog *cat = ap->cat;
	const char *schema = NULL, *name = NULL;
	pgnode *o = s->object;
	if (o->node_case == PG_QUERY__NODE__NODE_LIST)
		ls_name_list((const pgnode *const *)o->list->items, o->list->n_items, &schema, &name);
	ls_type *t = name ? ls_lookup_type(cat, schema, name) : NULL;
	if (!t)
		return ls_apply_error(ap, LS_EINVAL, "type \"%s\" does not exist", name ? name : "?");
	if (ls_relation_name_taken(cat, t->schema, s->newname))
		return ls_apply_error(ap, LS_EINVAL, "type \"%s\" already exists", s->newname);
	const char *oldq = ls_qualify(cat->arena, t->schema, t->name);
	ls_rename rn = {.type_schema = t->schema, .old_type = t->name,
		.new_type = ls_arena_strdup(cat->arena, s->newname)};
	if (!oldq || !rn.new_type)
		return ls_apply_nomem(ap);
	const char *old = t->name;
	t->name = rn.new_type;
	/* Everything that uses it prints the type by its new name. */
	const char *newq = ls_qualify(cat->arena, t->schema, t->name);
	if (!oldq || !newq || ls_catalog_retype(cat, oldq, newq, false) < 0)
		return ls_apply_nomem(ap);
	int rc = ls_rewrite_names(ap, &rn);
	/* a composite type is a relation too, which regclass constants name */
	if (rc < 0 || t->kind != LS_TYPE_COMPOSITE)
		return rc;
	return follow_regclass(ap, t->schema, old, t->schema, t->name);
}

static int apply_rename(ls_apply *ap, PgQuery__RenameStmt *s)
{
	switch (s->rename_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		return rename_relation(ap, s);
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
		return rename_in_table(ap, s);
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
		return rename_type(ap, s);
	case PG_QUERY__OBJECT_TYPE__OBJECT_ATTRIBUTE:
		return ls_rename_attribute(ap, s);
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE:
		return move_function(ap, s->rename_type, s->object->object_with_args, s->newname, NULL, s->missing_ok);
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT:
		return ls_rename_domain_constraint(ap, s);
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
		return rename_schema(ap, s->subname, s->newname);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION:
		return ls_apply_move_collation(ap, s->object, s->newname, NULL, s->missing_ok);
	default:
		if (ls_object_kind_sql(s->rename_type))
			return ls_apply_error(ap, LS_EUNSUPPORTED, "ALTER %s ... RENAME is not supported",
					ls_object_kind_sql(s->rename_type));
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported RENAME");
	}
}

/* Replace the schema part "old." of qualified type text with "new.". */
static const char *requalify(ls_catalog *cat, const char *text, const char *qold, const char *qnew)
{
	size_t n = strlen(qold);
	if (text && !strncmp(text, qold, n) && text[n] == '.')
		return ls_arena_printf(cat->arena, "%s%s", qnew, text + n);
	return text;
}

static void schema_rename_table(ls_catalog *cat, ls_table *t, const char *old, const char *nn,
		const char *qold, const char *qnew)
{
	if (!strcmp(t->schema, old))
		t->schema = nn;
	if (t->parent_schema && !strcmp(t->parent_schema, old))
		t->parent_schema = nn;
	for (size_t j = 0; j < t->n_inherits; j++)
		if (!strcmp(t->inherits[j].schema, old))
			t->inherits[j].schema = nn;
	for (size_t j = 0; j < t->n_constraints; j++)
		if (t->constraints[j].ref_schema && !strcmp(t->constraints[j].ref_schema, old))
			t->constraints[j].ref_schema = nn;
	for (size_t j = 0; j < t->n_triggers; j++)
		t->triggers[j].function = requalify(cat, t->triggers[j].function, qold, qnew);
}

/* ALTER SCHEMA old RENAME TO new: every object in it and every name that
 * points into it. */
static int rename_schema(ls_apply *ap, const char *old, const char *new_name)
{
	ls_catalog *cat = ap->cat;
	ls_schema *sc = ls_catalog_find_schema(cat, old);
	if (!sc)
		return ls_apply_error(ap, LS_EINVAL, "schema \"%s\" does not exist", old);
	if (ls_catalog_find_schema(cat, new_name))
		return ls_apply_error(ap, LS_EINVAL, "schema \"%s\" already exists", new_name);
	const char *nn = ls_arena_strdup(cat->arena, new_name);
	const char *qold = ls_quote_ident(cat->arena, old), *qnew = ls_quote_ident(cat->arena, nn);
	if (!nn || !qold || !qnew)
		return ls_apply_nomem(ap);
	ls_rename rn = {.old_schema_name = sc->name, .new_schema_name = nn};
	int rc = ls_rewrite_names(ap, &rn);
	if (rc < 0)
		return rc;
	sc->name = nn;
	ls_rename_default_acls(cat, old, nn);
	ls_rename_schema_collations(cat, old, nn);
	for (size_t i = 0; i < cat->n_extensions; i++)
		if (!strcmp(cat->extensions[i].schema, old))
			cat->extensions[i].schema = nn;
	for (size_t i = 0; i < cat->n_types; i++) {
		ls_type *t = &cat->types[i];
		if (!strcmp(t->schema, old))
			t->schema = nn;
	}
	for (size_t i = 0; i < cat->n_sequences; i++)
		if (!strcmp(cat->sequences[i].schema, old))
			cat->sequences[i].schema = nn;
	for (size_t i = 0; i < cat->n_tables; i++)
		schema_rename_table(cat, &cat->tables[i], old, nn, qold, qnew);
	for (size_t i = 0; i < cat->n_indexes; i++)
		if (!strcmp(cat->indexes[i].schema, old))
			cat->indexes[i].schema = nn;
	size_t ol = strlen(old);
	for (size_t i = 0; i < cat->n_views; i++) {
		ls_view *v = &cat->views[i];
		if (!strcmp(v->schema, old))
			v->schema = nn;
		for (size_t j = 0; j < v->n_triggers; j++)
			v->triggers[j].function = requalify(cat, v->triggers[j].function, qold, qnew);
		for (size_t j = 0; j < v->n_depends; j++)
			if (!strncmp(v->depends[j], old, ol) && v->depends[j][ol] == '.')
				v->depends[j] = ls_arena_printf(cat->arena, "%s%s", nn, v->depends[j] + ol);
	}
	for (size_t i = 0; i < cat->n_functions; i++)
		if (!strcmp(cat->functions[i].schema, old))
			cat->functions[i].schema = nn;
	if (ls_catalog_retype(cat, qold, qnew, true) < 0)
		return ls_apply_nomem(ap);
	return ls_arena_failed(cat->arena) ? ls_apply_nomem(ap) : 0;
}

/* ALTER FUNCTION/PROCEDURE/ROUTINE ... RENAME TO / SET SCHEMA: calls in
 * stored expressions and trigger functions follow (they are bound by oid). */
static int move_function(ls_apply *ap, PgQuery__ObjectType kind, PgQuery__ObjectWithArgs *owa,
		const char *new_name, const char *new_schema, bool missing_ok)
{
	ls_catalog *cat = ap->cat;
	ls_function *f = NULL;
	char k = ls_routine_kind(kind);
	int rc = ls_lookup_function_args(ap, owa, k, missing_ok, &f);
	if (rc < 0 || !f)
		return rc;
	const char *to_schema = new_schema ? new_schema : f->schema;
	const char *to_name = new_name ? new_name : f->name;
	for (size_t i = 0; i < cat->n_functions; i++) {
		ls_function *o = &cat->functions[i];
		if (o != f && !strcmp(o->schema, to_schema) && !strcmp(o->name, to_name) &&
				o->identity_args && f->identity_args && !strcmp(o->identity_args, f->identity_args))
			return ls_apply_error(ap, LS_EINVAL, "function %s(%s) already exists in schema \"%s\"",
					to_name, f->identity_args, to_schema);
	}
	ls_rename rn = {.func_schema = f->schema, .old_function = f->name,
		.new_function = ls_arena_strdup(cat->arena, to_name), .new_func_schema = new_schema,
		.function = f};
	/* aggregates name their support functions as ls_qualify writes them */
	const char *oldq = ls_qualify(cat->arena, f->schema, f->name);
	const char *newq = ls_qualify(cat->arena, to_schema, to_name);
	if (!oldq || !newq || ls_aggregates_retarget(cat, oldq, newq, false) < 0)
		return ls_apply_nomem(ap);
	f->name = rn.new_function;
	f->schema = to_schema;
	return ls_rewrite_names(ap, &rn);
}

/* The relations that move with relation schema.name into schema to (its
 * indexes, then the sequences it owns, as AlterTableNamespaceInternal
 * moves them): an error when one's name is taken there. */
static int companions_clash(ls_apply *ap, const char *schema, const char *name, const char *to)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = 0; i < cat->n_indexes; i++) {
		const ls_index *x = &cat->indexes[i];
		if (!strcmp(x->schema, schema) && !strcmp(x->table, name) && ls_class_name_taken(cat, to, x->name))
			return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" already exists in schema \"%s\"", x->name, to);
	}
	for (size_t i = 0; i < cat->n_sequences; i++) {
		const ls_sequence *q = &cat->sequences[i];
		if (q->owned_table && !strcmp(q->schema, schema) && !strcmp(q->owned_table, name) &&
				ls_class_name_taken(cat, to, q->name))
			return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" already exists in schema \"%s\"", q->name, to);
	}
	return 0;
}

/* A relation moved into schema to clashes with a relation of its name
 * (the relation), else with a type (its row type). */
static int relation_clash(ls_apply *ap, const char *name, const char *to)
{
	if (ls_class_name_taken(ap->cat, to, name))
		return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" already exists in schema \"%s\"", name, to);
	if (ls_type_name_taken(ap->cat, to, name))
		return ls_apply_error(ap, LS_EINVAL, "type \"%s\" already exists in schema \"%s\"", name, to);
	return 0;
}

/* ALTER SEQUENCE / VIEW / MATERIALIZED VIEW / TYPE / DOMAIN / EXTENSION
 * ... SET SCHEMA. */
static int set_schema_other(ls_apply *ap, PgQuery__AlterObjectSchemaStmt *s, ls_schema *to)
{
	ls_catalog *cat = ap->cat;
	PgQuery__ObjectType k = s->object_type;
	if (k == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE) {
		ls_sequence *q = ls_lookup_sequence(cat, rv_schema(s->relation), s->relation->relname);
		if (!q)
			return s->missing_ok ? 0 : ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", s->relation->relname);
		if (ls_relation_name_taken(cat, to->name, q->name))
			return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" already exists in schema \"%s\"", q->name, to->name);
		const char *old = q->schema;
		ls_rename rn = {.old_sequence = ls_qualify(cat->arena, q->schema, q->name),
			.new_sequence = ls_qualify(cat->arena, to->name, q->name)};
		q->schema = to->name;
		int rc = ls_rewrite_names(ap, &rn);
		return rc < 0 ? rc : follow_regclass(ap, old, q->name, to->name, q->name);
	}
	if (k == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW || k == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) {
		ls_view *v = ls_lookup_view(cat, rv_schema(s->relation), s->relation->relname);
		if (!v)
			return s->missing_ok ? 0 : ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", s->relation->relname);
		int rc = relation_clash(ap, v->name, to->name);
		if (rc < 0 || (rc = companions_clash(ap, v->schema, v->name, to->name)) < 0)
			return rc;
		const char *old = v->schema;
		const char *qold = ls_arena_printf(cat->arena, "%s.%s", old, v->name);
		for (size_t i = 0; i < cat->n_views; i++)
			for (size_t j = 0; j < cat->views[i].n_depends; j++)
				if (!strcmp(cat->views[i].depends[j], qold))
					cat->views[i].depends[j] = ls_arena_printf(cat->arena, "%s.%s", to->name, v->name);
		for (size_t i = 0; i < cat->n_indexes; i++)
			if (!strcmp(cat->indexes[i].schema, old) && !strcmp(cat->indexes[i].table, v->name))
				cat->indexes[i].schema = to->name;
		ls_rename rn = {.schema = old, .old_table = v->name, .new_table = v->name, .new_schema = to->name,
			.type_schema = old, .old_type = v->name, .new_type = v->name, .new_type_schema = to->name};
		if (ls_catalog_retype(cat, ls_qualify(cat->arena, old, v->name),
				ls_qualify(cat->arena, to->name, v->name), false) < 0)
			return ls_apply_nomem(ap);
		v->schema = to->name;
		if ((rc = ls_rewrite_names(ap, &rn)) < 0 ||
				(rc = follow_regclass(ap, old, v->name, to->name, v->name)) < 0)
			return rc;
		return follow_index_regclass(ap, old, v->name, to->name);
	}
	if (k == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE || k == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN) {
		const char *schema = NULL, *name = NULL;
		pgnode *o = s->object;
		if (o->node_case == PG_QUERY__NODE__NODE_LIST)
			ls_name_list((const pgnode *const *)o->list->items, o->list->n_items, &schema, &name);
		else if (o->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
			ls_name_list((const pgnode *const *)o->type_name->names, o->type_name->n_names, &schema, &name);
		ls_type *t = name ? ls_lookup_type(cat, schema, name) : NULL;
		if (!t)
			return s->missing_ok ? 0 : ls_apply_error(ap, LS_EINVAL, "type \"%s\" does not exist", name ? name : "?");
		if (ls_relation_name_taken(cat, to->name, t->name))
			return ls_apply_error(ap, LS_EINVAL, "type \"%s\" already exists in schema \"%s\"", t->name, to->name);
		const char *oldq = ls_qualify(cat->arena, t->schema, t->name);
		ls_rename rn = {.type_schema = t->schema, .old_type = t->name, .new_type = t->name,
			.new_type_schema = to->name};
		const char *old = t->schema;
		t->schema = to->name;
		const char *newq = ls_qualify(cat->arena, t->schema, t->name);
		if (!oldq || !newq || ls_catalog_retype(cat, oldq, newq, false) < 0)
			return ls_apply_nomem(ap);
		int rc = ls_rewrite_names(ap, &rn);
		if (rc < 0 || t->kind != LS_TYPE_COMPOSITE)
			return rc;
		return follow_regclass(ap, old, t->name, t->schema, t->name);
	}
	if (ls_routine_kind(k))
		return move_function(ap, k, s->object->object_with_args, NULL, to->name, s->missing_ok);
	if (k == PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION)
		return ls_apply_move_collation(ap, s->object, NULL, to->name, s->missing_ok);
	if (k == PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION) {
		for (size_t i = 0; i < cat->n_extensions; i++)
			if (!strcmp(cat->extensions[i].name, s->object->string->sval)) {
				cat->extensions[i].schema = to->name;
				return 0;
			}
		return ls_apply_error(ap, LS_EINVAL, "extension \"%s\" does not exist", s->object->string->sval);
	}
	if (ls_object_kind_sql(k))
		return ls_apply_error(ap, LS_EUNSUPPORTED, "ALTER %s ... SET SCHEMA is not supported",
				ls_object_kind_sql(k));
	return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported ALTER ... SET SCHEMA");
}

static int apply_set_schema(ls_apply *ap, PgQuery__AlterObjectSchemaStmt *s)
{
	ls_catalog *cat = ap->cat;
	if (s->object_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
		ls_schema *to = ls_catalog_find_schema(cat, s->newschema);
		if (!to)
			return ls_apply_error(ap, LS_EINVAL, "schema \"%s\" does not exist", s->newschema);
		return set_schema_other(ap, s, to);
	}
	ls_table *t = ls_lookup_table(cat, rv_schema(s->relation), s->relation->relname);
	if (!t)
		return s->missing_ok ? 0 : ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", s->relation->relname);
	ls_schema *to = ls_catalog_find_schema(cat, s->newschema);
	if (!to)
		return ls_apply_error(ap, LS_EINVAL, "schema \"%s\" does not exist", s->newschema);
	int rc = relation_clash(ap, t->name, to->name);
	if (rc < 0 || (rc = companions_clash(ap, t->schema, t->name, to->name)) < 0)
		return rc;
	const char *old = t->schema;
	/* its children name their parent by schema */
	for (size_t i = 0; i < cat->n_tables; i++)
		for (size_t j = 0; j < cat->tables[i].n_inherits; j++)
			if (!strcmp(cat->tables[i].inherits[j].schema, old) &&
					!strcmp(cat->tables[i].inherits[j].name, t->name))
				cat->tables[i].inherits[j].schema = to->name;
	/* Indexes and owned sequences move with the table. */
	for (size_t i = 0; i < cat->n_indexes; i++)
		if (!strcmp(cat->indexes[i].schema, old) && !strcmp(cat->indexes[i].table, t->name))
			cat->indexes[i].schema = to->name;
	for (size_t i = 0; i < cat->n_sequences; i++)
		if (cat->sequences[i].owned_table && !strcmp(cat->sequences[i].schema, old) &&
				!strcmp(cat->sequences[i].owned_table, t->name)) {
			/* owned sequences move too, and defaults print their new schema */
			ls_rename sr = {.old_sequence = ls_qualify(cat->arena, old, cat->sequences[i].name),
				.new_sequence = ls_qualify(cat->arena, to->name, cat->sequences[i].name)};
			cat->sequences[i].schema = to->name;
			rc = ls_rewrite_names(ap, &sr);
			if (rc < 0)
				return rc;
		}
	const char *qold = ls_arena_printf(cat->arena, "%s.%s", old, t->name);
	for (size_t i = 0; i < cat->n_views; i++)
		for (size_t j = 0; j < cat->views[i].n_depends; j++)
			if (!strcmp(cat->views[i].depends[j], qold))
				cat->views[i].depends[j] = ls_arena_printf(cat->arena, "%s.%s", to->name, t->name);
	ls_rename rn = {.schema = old, .old_table = t->name, .new_table = t->name, .new_schema = to->name,
		.type_schema = old, .old_type = t->name, .new_type = t->name, .new_type_schema = to->name};
	if (ls_catalog_retype(cat, ls_qualify(cat->arena, old, t->name),
			ls_qualify(cat->arena, to->name, t->name), false) < 0)
		return ls_apply_nomem(ap);
	if ((rc = ls_rewrite_names(ap, &rn)) < 0)
		return rc;
	for (size_t i = 0; i < cat->n_tables; i++)
		for (size_t j = 0; j < cat->tables[i].n_constraints; j++) {
			ls_constraint *k = &cat->tables[i].constraints[j];
			if (k->type == 'f' && !strcmp(k->ref_schema, old) && !strcmp(k->ref_table, t->name))
				k->ref_schema = to->name;
		}
	t->schema = to->name;
	if ((rc = follow_regclass(ap, old, t->name, to->name, t->name)) < 0)
		return rc;
	return follow_index_regclass(ap, old, t->name, to->name);
}

int ls_rename_view_column(ls_apply *ap, ls_view *v, const char *old, const char *new_name)
{
	ls_catalog *cat = ap->cat;
	size_t i;
	for (i = 0; i < v->n_columns && strcmp(v->columns[i], old); i++)
		;
	if (i == v->n_columns)
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" does not exist", old);
	for (size_t j = 0; j < v->n_columns; j++)
		if (!strcmp(v->columns[j], new_name))
			return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" already exists", new_name, v->name);
	const char *nn = ls_arena_strdup(cat->arena, new_name);
	const char *def = ls_rename_output_column(ap, v->definition, i, nn);
	if (!nn || !def)
		return ap->err->n_diags ? ap->err->code : ls_apply_nomem(ap);
	v->definition = def;
	v->columns[i] = nn;
	ls_rename rn = {.schema = v->schema, .table = v->name, .old_column = old, .new_column = nn};
	return ls_rewrite_names(ap, &rn);
}

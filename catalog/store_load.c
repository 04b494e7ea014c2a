/* Reading the rows of one snapshot back into a catalog.
 *
 * One SELECT per table of the schema, ordered by parent position then
 * position, so every list comes back in the order it was saved. Elements
 * are appended with ls_arena_push, as the builder does, so a loaded catalog
 * can be changed further by ls_catalog_apply_sql. Positions are checked to
 * run 0, 1, 2, ... under each parent: a gap or a parent that does not
 * exist means a damaged store (LS_EIO), never an out-of-bounds write.
 */
#include "store_load.h"

#include <stdlib.h>
#include <string.h>

typedef void (*row_fn)(ls_row *r, ls_catalog *cat);

/* Run sql (one value: the snapshot key) and give each row to fn. A row fn
 * cannot fail by itself: it marks r, and the row is judged here. */
static int load_rows(ls_store *st, ls_catalog *cat, const char *key,
		const char *sql, const char *table, row_fn fn, ls_error *err)
{
	sqlite3_stmt *stmt = NULL;
	int rc;
	if ((rc = ls_store_query(&stmt, st, err, sql, SV_ARGS(SV_S(key)))) < 0)
		goto done;
	while ((rc = ls_store_step(st, stmt, err)) == 1) {
		ls_row r = {stmt, cat->arena, 0, false, false};
		fn(&r, cat);
		if (r.nomem || ls_arena_failed(cat->arena))
			rc = ls_error_set(err, LS_ENOMEM, st->path, 0, 0, "out of memory");
		else if (r.bad || r.col != sqlite3_column_count(stmt))
			rc = ls_error_set(err, LS_EIO, st->path, 0, 0,
					"the store is corrupt (a bad row in table %s of snapshot %s)", table, key);
		if (rc < 0) {
			sqlite3_reset(stmt);
			goto done;
		}
	}
done:
	return rc;
}

static void search_path_row(ls_row *r, ls_catalog *cat)
{
	ls_push_str(r, cat, &cat->search_path, &cat->n_search_path);
}

static void schema_row(ls_row *r, ls_catalog *cat)
{
	ls_r_pos(r, cat->n_schemas);
	ls_schema *s = PUSH(cat, cat->schemas, cat->n_schemas);
	if (!s) {
		r->nomem = true;
		return;
	}
	s->id = ls_r_u64(r);
	s->name = ls_r_str(r);
	s->comment = ls_r_str(r);
}

static void extension_row(ls_row *r, ls_catalog *cat)
{
	ls_r_pos(r, cat->n_extensions);
	ls_extension *e = PUSH(cat, cat->extensions, cat->n_extensions);
	if (!e) {
		r->nomem = true;
		return;
	}
	e->id = ls_r_u64(r);
	e->name = ls_r_str(r);
	e->schema = ls_r_str(r);
	e->comment = ls_r_str(r);
}

static void collation_row(ls_row *r, ls_catalog *cat)
{
	ls_r_pos(r, cat->n_collations);
	ls_collation *c = PUSH(cat, cat->collations, cat->n_collations);
	if (!c) {
		r->nomem = true;
		return;
	}
	c->id = ls_r_u64(r);
	c->schema = ls_r_str(r);
	c->name = ls_r_str(r);
	c->provider = ls_r_chr(r);
	c->locale = ls_r_str(r);
	c->lc_collate = ls_r_str(r);
	c->lc_ctype = ls_r_str(r);
	c->deterministic = ls_r_bool(r);
	c->comment = ls_r_str(r);
}

static void type_row(ls_row *r, ls_catalog *cat)
{
	ls_r_pos(r, cat->n_types);
	ls_type *t = PUSH(cat, cat->types, cat->n_types);
	if (!t) {
		r->nomem = true;
		return;
	}
	t->id = ls_r_u64(r);
	t->schema = ls_r_str(r);
	t->name = ls_r_str(r);
	t->kind = (ls_type_kind)ls_r_chr(r);
	t->base_type = ls_r_str(r);
	t->collation = ls_r_str(r);
	t->default_expr = ls_r_str(r);
	t->not_null = ls_r_bool(r);
	t->comment = ls_r_str(r);
}

static void type_label_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_types);
	if (!r->bad)
		ls_push_str(r, cat, &cat->types[p].labels, &cat->types[p].n_labels);
}

static void type_check_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_types);
	if (r->bad)
		return;
	ls_type *t = &cat->types[p];
	ls_r_pos(r, t->n_checks);
	ls_type_check *c = PUSH(cat, t->checks, t->n_checks);
	if (!c) {
		r->nomem = true;
		return;
	}
	c->name = ls_r_str(r);
	c->expr = ls_r_str(r);
	c->valid = ls_r_bool(r);
}

static void type_attribute_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_types);
	if (r->bad)
		return;
	ls_type *t = &cat->types[p];
	ls_r_pos(r, t->n_attributes);
	ls_attribute *a = PUSH(cat, t->attributes, t->n_attributes);
	if (!a) {
		r->nomem = true;
		return;
	}
	a->name = ls_r_str(r);
	a->type = ls_r_str(r);
	a->collation = ls_r_str(r);
}

static void sequence_row(ls_row *r, ls_catalog *cat)
{
	ls_r_pos(r, cat->n_sequences);
	ls_sequence *s = PUSH(cat, cat->sequences, cat->n_sequences);
	if (!s) {
		r->nomem = true;
		return;
	}
	s->id = ls_r_u64(r);
	s->schema = ls_r_str(r);
	s->name = ls_r_str(r);
	s->type = ls_r_str(r);
	s->start = ls_r_int(r);
	s->increment = ls_r_int(r);
	s->min = ls_r_int(r);
	s->max = ls_r_int(r);
	s->cache = ls_r_int(r);
	s->cycle = ls_r_bool(r);
	s->owned_table = ls_r_str(r);
	s->owned_column = ls_r_str(r);
	s->identity = ls_r_bool(r);
	s->unlogged = ls_r_bool(r);
	s->comment = ls_r_str(r);
}

static void table_row(ls_row *r, ls_catalog *cat)
{
	ls_r_pos(r, cat->n_tables);
	ls_table *t = PUSH(cat, cat->tables, cat->n_tables);
	if (!t) {
		r->nomem = true;
		return;
	}
	t->id = ls_r_u64(r);
	t->schema = ls_r_str(r);
	t->name = ls_r_str(r);
	t->kind = (ls_table_kind)ls_r_chr(r);
	t->unlogged = ls_r_bool(r);
	t->partition_key = ls_r_str(r);
	t->parent_schema = ls_r_str(r);
	t->parent_table = ls_r_str(r);
	t->partition_bound = ls_r_str(r);
	t->rls_enabled = ls_r_bool(r);
	t->rls_forced = ls_r_bool(r);
	t->comment = ls_r_str(r);
}

static void column_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_tables);
	if (r->bad)
		return;
	ls_table *t = &cat->tables[p];
	ls_r_pos(r, t->n_columns);
	ls_column *c = PUSH(cat, t->columns, t->n_columns);
	if (!c) {
		r->nomem = true;
		return;
	}
	c->name = ls_r_str(r);
	c->type = ls_r_str(r);
	c->collation = ls_r_str(r);
	c->default_expr = ls_r_str(r);
	c->generated = ls_r_str(r);
	c->identity = ls_r_chr(r);
	c->not_null = ls_r_bool(r);
	c->comment = ls_r_str(r);
	c->id = ls_r_u64(r);
}

static void constraint_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_tables);
	if (r->bad)
		return;
	ls_table *t = &cat->tables[p];
	ls_r_pos(r, t->n_constraints);
	ls_constraint *k = PUSH(cat, t->constraints, t->n_constraints);
	if (!k) {
		r->nomem = true;
		return;
	}
	k->name = ls_r_str(r);
	k->type = ls_r_chr(r);
	k->expr = ls_r_str(r);
	k->ref_schema = ls_r_str(r);
	k->ref_table = ls_r_str(r);
	k->on_update = ls_r_chr(r);
	k->on_delete = ls_r_chr(r);
	k->match = ls_r_chr(r);
	k->exclusion = ls_r_str(r);
	k->deferrable = ls_r_bool(r);
	k->deferred = ls_r_bool(r);
	k->valid = ls_r_bool(r);
	k->no_inherit = ls_r_bool(r);
	k->nulls_not_distinct = ls_r_bool(r);
	k->comment = ls_r_str(r);
}

static void constraint_column_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_tables);
	if (r->bad)
		return;
	ls_table *t = &cat->tables[p];
	size_t q = ls_r_parent(r, t->n_constraints);
	const char *side = ls_r_peek(r);
	if (r->bad)
		return;
	ls_constraint *k = &t->constraints[q];
	if (strcmp(side, "key") == 0)
		ls_push_str(r, cat, &k->columns, &k->n_columns);
	else if (strcmp(side, "ref") == 0)
		ls_push_str(r, cat, &k->ref_columns, &k->n_ref_columns);
	else
		r->bad = true;
}

static void trigger_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_tables);
	if (r->bad)
		return;
	ls_table *t = &cat->tables[p];
	ls_r_pos(r, t->n_triggers);
	ls_trigger *g = PUSH(cat, t->triggers, t->n_triggers);
	if (!g) {
		r->nomem = true;
		return;
	}
	ls_load_trigger_fields(r, g);
}

static void trigger_arg_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_tables);
	if (r->bad)
		return;
	ls_table *t = &cat->tables[p];
	size_t q = ls_r_parent(r, t->n_triggers);
	if (!r->bad)
		ls_push_str(r, cat, &t->triggers[q].args, &t->triggers[q].n_args);
}

static void policy_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_tables);
	if (r->bad)
		return;
	ls_table *t = &cat->tables[p];
	ls_r_pos(r, t->n_policies);
	ls_policy *x = PUSH(cat, t->policies, t->n_policies);
	if (!x) {
		r->nomem = true;
		return;
	}
	x->name = ls_r_str(r);
	x->permissive = ls_r_bool(r);
	x->command = ls_r_str(r);
	x->using_expr = ls_r_str(r);
	x->check_expr = ls_r_str(r);
	x->comment = ls_r_str(r);
}

static void policy_role_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_tables);
	if (r->bad)
		return;
	ls_table *t = &cat->tables[p];
	size_t q = ls_r_parent(r, t->n_policies);
	if (!r->bad)
		ls_push_str(r, cat, &t->policies[q].roles, &t->policies[q].n_roles);
}

static void index_row(ls_row *r, ls_catalog *cat)
{
	ls_r_pos(r, cat->n_indexes);
	ls_index *x = PUSH(cat, cat->indexes, cat->n_indexes);
	if (!x) {
		r->nomem = true;
		return;
	}
	x->id = ls_r_u64(r);
	x->schema = ls_r_str(r);
	x->name = ls_r_str(r);
	x->table = ls_r_str(r);
	x->method = ls_r_str(r);
	x->unique = ls_r_bool(r);
	x->nulls_not_distinct = ls_r_bool(r);
	x->where = ls_r_str(r);
	x->constraint = ls_r_str(r);
	x->comment = ls_r_str(r);
	x->parent_index = ls_r_str(r);
}

static void index_key_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_indexes);
	if (r->bad)
		return;
	ls_index *x = &cat->indexes[p];
	ls_r_pos(r, x->n_keys);
	ls_index_key *k = PUSH(cat, x->keys, x->n_keys);
	if (!k) {
		r->nomem = true;
		return;
	}
	k->column = ls_r_str(r);
	k->expr = ls_r_str(r);
	k->collation = ls_r_str(r);
	k->opclass = ls_r_str(r);
	k->desc = ls_r_bool(r);
	k->nulls_first = ls_r_bool(r);
}

static void index_include_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_indexes);
	if (!r->bad)
		ls_push_str(r, cat, &cat->indexes[p].include, &cat->indexes[p].n_include);
}

static void view_row(ls_row *r, ls_catalog *cat)
{
	ls_r_pos(r, cat->n_views);
	ls_view *v = PUSH(cat, cat->views, cat->n_views);
	if (!v) {
		r->nomem = true;
		return;
	}
	v->id = ls_r_u64(r);
	v->schema = ls_r_str(r);
	v->name = ls_r_str(r);
	v->materialized = ls_r_bool(r);
	v->definition = ls_r_str(r);
	v->check_option = ls_r_str(r);
	v->with_data = ls_r_bool(r);
	v->comment = ls_r_str(r);
}

static void view_column_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_views);
	if (!r->bad)
		ls_push_str(r, cat, &cat->views[p].columns, &cat->views[p].n_columns);
}

static void view_depend_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_views);
	if (!r->bad)
		ls_push_str(r, cat, &cat->views[p].depends, &cat->views[p].n_depends);
}

static void function_row(ls_row *r, ls_catalog *cat)
{
	ls_r_pos(r, cat->n_functions);
	ls_function *f = PUSH(cat, cat->functions, cat->n_functions);
	if (!f) {
		r->nomem = true;
		return;
	}
	f->id = ls_r_u64(r);
	f->schema = ls_r_str(r);
	f->name = ls_r_str(r);
	f->kind = ls_r_chr(r);
	f->arguments = ls_r_str(r);
	f->identity_args = ls_r_str(r);
	f->returns = ls_r_str(r);
	f->language = ls_r_str(r);
	f->body = ls_r_str(r);
	f->body_sha256 = ls_r_str(r);
	f->volatility = ls_r_chr(r);
	f->strict = ls_r_bool(r);
	f->security_definer = ls_r_bool(r);
	f->leakproof = ls_r_bool(r);
	f->parallel = ls_r_str(r);
	f->comment = ls_r_str(r);
}

static void function_config_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_functions);
	if (!r->bad)
		ls_push_str(r, cat, &cat->functions[p].config, &cat->functions[p].n_config);
}

/* The grants list of an object: kind and positions as in the grants
 * table. False when there is no such object. */
static bool grant_target(ls_catalog *cat, const char *kind, size_t op, int64_t cp,
		ls_grant ***arr, size_t **n)
{
#define TARGET(name, list, count) \
	if (strcmp(kind, name) == 0 && cp == -1 && op < cat->count) { \
		*arr = &cat->list[op].grants; \
		*n = &cat->list[op].n_grants; \
		return true; \
	}
	TARGET("schema", schemas, n_schemas)
	TARGET("sequence", sequences, n_sequences)
	TARGET("table", tables, n_tables)
	TARGET("view", views, n_views)
	TARGET("function", functions, n_functions)
	TARGET("type", types, n_types)
	TARGET("default_acl", default_acls, n_default_acls)
#undef TARGET
	if (strcmp(kind, "column") == 0 && op < cat->n_tables && cp >= 0 &&
			(uint64_t)cp < cat->tables[op].n_columns) {
		*arr = &cat->tables[op].columns[cp].grants;
		*n = &cat->tables[op].columns[cp].n_grants;
		return true;
	}
	return false;
}

static void grant_row(ls_row *r, ls_catalog *cat)
{
	ls_grant **arr;
	size_t *n;
	const char *kind = ls_r_peek(r);
	int64_t op = ls_r_int(r);
	int64_t cp = ls_r_int(r);
	if (r->bad || op < 0 || !grant_target(cat, kind, (size_t)op, cp, &arr, &n)) {
		r->bad = true;
		return;
	}
	ls_r_pos(r, *n);
	ls_grant *g = ls_arena_push(cat->arena, (void **)arr, n, sizeof **arr);
	if (!g) {
		r->nomem = true;
		return;
	}
	g->grantee = ls_r_str(r);
	g->privilege = ls_r_str(r);
	g->grantable = ls_r_bool(r);
}

static void option_row(ls_row *r, ls_catalog *cat)
{
	const char *kind = ls_r_peek(r);
	int64_t op = ls_r_int(r);
	if (r->bad || op < 0)
		r->bad = true;
	else if (strcmp(kind, "table") == 0 && (uint64_t)op < cat->n_tables)
		ls_push_str(r, cat, &cat->tables[op].options, &cat->tables[op].n_options);
	else if (strcmp(kind, "index") == 0 && (uint64_t)op < cat->n_indexes)
		ls_push_str(r, cat, &cat->indexes[op].options, &cat->indexes[op].n_options);
	else if (strcmp(kind, "view") == 0 && (uint64_t)op < cat->n_views)
		ls_push_str(r, cat, &cat->views[op].options, &cat->views[op].n_options);
	else
		r->bad = true;
}

static void data_step_row(ls_row *r, ls_catalog *cat)
{
	ls_r_pos(r, cat->n_data_steps);
	ls_data_step *d = PUSH(cat, cat->data_steps, cat->n_data_steps);
	if (!d) {
		r->nomem = true;
		return;
	}
	d->path = ls_r_str(r);
	d->line = ls_r_i32(r);
	d->column = ls_r_i32(r);
	d->sql = ls_r_str(r);
}

/* The reads, parents before children (a child row finds its parent by
 * position). Every SELECT names its columns in the order its row function
 * reads them. */
static const struct {
	const char *table;
	const char *sql;
	row_fn fn;
	int since;        /* the store version that has the table */
} loads[] = {
	{"search_path", "SELECT position, name FROM search_path WHERE snapshot_key = ?1"
		" ORDER BY position", search_path_row, 0},
	{"schemas", "SELECT position, id, name, comment FROM schemas WHERE snapshot_key = ?1"
		" ORDER BY position", schema_row, 0},
	{"extensions", "SELECT position, id, name, schema, comment FROM extensions"
		" WHERE snapshot_key = ?1 ORDER BY position", extension_row, 0},
	{"collations", "SELECT position, id, schema, name, provider, locale, lc_collate, lc_ctype,"
		" deterministic, comment FROM collations WHERE snapshot_key = ?1 ORDER BY position",
		collation_row, 5},
	{"types", "SELECT position, id, schema, name, kind, base_type, collation, default_expr,"
		" not_null, comment FROM types WHERE snapshot_key = ?1 ORDER BY position", type_row, 0},
	{"type_labels", "SELECT type_position, position, label FROM type_labels"
		" WHERE snapshot_key = ?1 ORDER BY type_position, position", type_label_row, 0},
	{"type_checks", "SELECT type_position, position, name, expr, valid FROM type_checks"
		" WHERE snapshot_key = ?1 ORDER BY type_position, position", type_check_row, 0},
	{"type_attributes", "SELECT type_position, position, name, type, collation"
		" FROM type_attributes WHERE snapshot_key = ?1 ORDER BY type_position, position",
		type_attribute_row, 0},
	{"sequences", "SELECT position, id, schema, name, type, start_value, increment,"
		" min_value, max_value, cache, cycle, owned_table, owned_column, identity, unlogged,"
		" comment FROM sequences WHERE snapshot_key = ?1 ORDER BY position", sequence_row, 0},
	{"tables", "SELECT position, id, schema, name, kind, unlogged, partition_key,"
		" parent_schema, parent_table, partition_bound, rls_enabled, rls_forced, comment"
		" FROM tables WHERE snapshot_key = ?1 ORDER BY position", table_row, 0},
	{"columns", "SELECT table_position, position, name, type, collation, default_expr,"
		" generated_expr, identity, not_null, comment, id FROM columns WHERE snapshot_key = ?1"
		" ORDER BY table_position, position", column_row, 0},
	{"constraints", "SELECT table_position, position, name, type, expr, ref_schema,"
		" ref_table, on_update, on_delete, match_type, exclusion, is_deferrable, is_deferred,"
		" valid, no_inherit, nulls_not_distinct, comment FROM constraints"
		" WHERE snapshot_key = ?1 ORDER BY table_position, position", constraint_row, 0},
	{"constraint_columns", "SELECT table_position, constraint_position, side, position, name"
		" FROM constraint_columns WHERE snapshot_key = ?1"
		" ORDER BY table_position, constraint_position, side, position", constraint_column_row, 0},
	{"triggers", "SELECT table_position, position, name, timing, events, for_each_row,"
		" when_expr, function_name, constraint_trigger, is_deferrable, is_deferred, enabled,"
		" comment FROM triggers WHERE snapshot_key = ?1 ORDER BY table_position, position",
		trigger_row, 0},
	{"trigger_args", "SELECT table_position, trigger_position, position, arg FROM trigger_args"
		" WHERE snapshot_key = ?1 ORDER BY table_position, trigger_position, position",
		trigger_arg_row, 0},
	{"policies", "SELECT table_position, position, name, permissive, command, using_expr,"
		" check_expr, comment FROM policies WHERE snapshot_key = ?1"
		" ORDER BY table_position, position", policy_row, 0},
	{"policy_roles", "SELECT table_position, policy_position, position, role FROM policy_roles"
		" WHERE snapshot_key = ?1 ORDER BY table_position, policy_position, position",
		policy_role_row, 0},
	{"indexes", "SELECT position, id, schema, name, table_name, method, is_unique,"
		" nulls_not_distinct, where_expr, constraint_name, comment, parent_index FROM indexes"
		" WHERE snapshot_key = ?1 ORDER BY position", index_row, 0},
	{"index_keys", "SELECT index_position, position, column_name, expr, collation, opclass,"
		" descending, nulls_first FROM index_keys WHERE snapshot_key = ?1"
		" ORDER BY index_position, position", index_key_row, 0},
	{"index_include", "SELECT index_position, position, column_name FROM index_include"
		" WHERE snapshot_key = ?1 ORDER BY index_position, position", index_include_row, 0},
	{"views", "SELECT position, id, schema, name, is_materialized, definition, check_option,"
		" with_data, comment FROM views WHERE snapshot_key = ?1 ORDER BY position", view_row, 0},
	{"view_columns", "SELECT view_position, position, name FROM view_columns"
		" WHERE snapshot_key = ?1 ORDER BY view_position, position", view_column_row, 0},
	{"view_depends", "SELECT view_position, position, relation FROM view_depends"
		" WHERE snapshot_key = ?1 ORDER BY view_position, position", view_depend_row, 0},
	{"functions", "SELECT position, id, schema, name, kind, arguments, identity_args, returns,"
		" language, body, body_sha256, volatility, is_strict, security_definer, leakproof,"
		" parallel, comment FROM functions WHERE snapshot_key = ?1 ORDER BY position",
		function_row, 0},
	{"function_config", "SELECT function_position, position, setting FROM function_config"
		" WHERE snapshot_key = ?1 ORDER BY function_position, position", function_config_row, 0},
	{"type_attribute_comments", "SELECT type_position, position, comment"
		" FROM type_attribute_comments WHERE snapshot_key = ?1 ORDER BY type_position, position",
		ls_load_type_attribute_comment_row, 4},
	{"type_check_comments", "SELECT type_position, position, comment"
		" FROM type_check_comments WHERE snapshot_key = ?1 ORDER BY type_position, position",
		ls_load_type_check_comment_row, 4},
	{"view_column_comments", "SELECT view_position, position, comment"
		" FROM view_column_comments WHERE snapshot_key = ?1 ORDER BY view_position, position",
		ls_load_view_column_comment_row, 4},
	{"view_triggers", "SELECT view_position, position, name, timing, events, for_each_row,"
		" when_expr, function_name, constraint_trigger, is_deferrable, is_deferred, enabled,"
		" comment FROM view_triggers WHERE snapshot_key = ?1 ORDER BY view_position, position",
		ls_load_view_trigger_row, 4},
	{"view_trigger_args", "SELECT view_position, trigger_position, position, arg"
		" FROM view_trigger_args WHERE snapshot_key = ?1"
		" ORDER BY view_position, trigger_position, position", ls_load_view_trigger_arg_row, 4},
	{"trigger_transitions", "SELECT relation_kind, relation_position, trigger_position,"
		" old_table, new_table FROM trigger_transitions WHERE snapshot_key = ?1"
		" ORDER BY relation_kind, relation_position, trigger_position", ls_load_trigger_transition_row, 4},
	{"default_privileges", "SELECT position, role, schema, kind FROM default_privileges"
		" WHERE snapshot_key = ?1 ORDER BY position", ls_load_default_acl_row, 4},
	{"owners", "SELECT object_kind, object_position, owner FROM owners"
		" WHERE snapshot_key = ?1 ORDER BY object_kind, object_position", ls_load_owner_row, 6},
	{"table_inherits", "SELECT table_position, position, schema, name FROM table_inherits"
		" WHERE snapshot_key = ?1 ORDER BY table_position, position", ls_load_table_inherits_row, 8},
	{"inherited_only", "SELECT table_position, item, position FROM inherited_only"
		" WHERE snapshot_key = ?1 ORDER BY table_position, item, position", ls_load_inherited_only_row, 8},
	{"function_aggregates", "SELECT function_position, agg_kind, direct_args, sfunc, stype, sspace,"
		" finalfunc, finalfunc_extra, finalfunc_modify, combinefunc, serialfunc, deserialfunc,"
		" initcond, msfunc, minvfunc, mstype, msspace, mfinalfunc, mfinalfunc_extra,"
		" mfinalfunc_modify, minitcond, sortop FROM function_aggregates WHERE snapshot_key = ?1"
		" ORDER BY function_position", ls_load_function_aggregate_row, 9},
	/* after every object that has grants or options */
	{"grants", "SELECT object_kind, object_position, column_position, position, grantee,"
		" privilege, grantable FROM grants WHERE snapshot_key = ?1"
		" ORDER BY object_kind, object_position, column_position, position", grant_row, 0},
	{"options", "SELECT object_kind, object_position, position, option FROM options"
		" WHERE snapshot_key = ?1 ORDER BY object_kind, object_position, position", option_row, 0},
	{"data_steps", "SELECT position, path, line, column_no, sql FROM data_steps"
		" WHERE snapshot_key = ?1 ORDER BY position", data_step_row, 0},
};

int ls_store_load_objects(ls_store *st, ls_catalog *cat, const char *key,
		ls_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < sizeof loads / sizeof *loads && rc == 0; i++)
		if (st->schema_version >= loads[i].since)
			rc = load_rows(st, cat, key, loads[i].sql, loads[i].table, loads[i].fn, err);
	return rc ? rc : ls_load_implied(st, cat, key, err);
}

/* Reading the rows of one snapshot back into a catalog.
 *
 * One SELECT per table of the schema, ordered by parent position then
 * position, so every list comes back in the order it was saved. Elements
 * are appended with ls_arena_push, as the builder does, so a loaded catalog
 * can be changed further by ls_catalog_apply_sql. Positions are checked to
 * run 0, 1, 2, ... under each parent: a gap or a parent that does not
 * exist means a damaged store (LS_EIO), never an out-of-bounds write.
 */
#include "store_int.h"

#include <string.h>

#define PUSH(cat, arr, n) \
	ls_arena_push((cat)->arena, (void **)&(arr), &(n), sizeof *(arr))

/* The reading state of one result row. Columns are read in SELECT order,
 * one call per column; each call is its own statement, so the order of the
 * reads is the order of the code. */
typedef struct row {
	sqlite3_stmt *stmt;
	ls_arena *a;
	int col;          /* next column to read */
	bool bad;         /* a value out of range: the store is damaged */
	bool nomem;
} row;

static const char *r_str(row *r)
{
	int i = r->col++;
	if (sqlite3_column_type(r->stmt, i) == SQLITE_NULL)
		return NULL;
	const unsigned char *t = sqlite3_column_text(r->stmt, i);
	if (!t) {
		r->nomem = true;
		return NULL;
	}
	return ls_arena_strndup(r->a, (const char *)t, (size_t)sqlite3_column_bytes(r->stmt, i));
}

/* Text of the next column without a copy: valid until the next step. */
static const char *r_peek(row *r)
{
	const char *t = (const char *)sqlite3_column_text(r->stmt, r->col++);
	if (!t)
		r->bad = true;
	return t ? t : "";
}

static int64_t r_int(row *r)
{
	int i = r->col++;
	if (sqlite3_column_type(r->stmt, i) == SQLITE_NULL)
		r->bad = true;
	return sqlite3_column_int64(r->stmt, i);
}

static uint64_t r_u64(row *r)
{
	return (uint64_t)r_int(r);
}

static bool r_bool(row *r)
{
	return r_int(r) != 0;
}

static int r_i32(row *r)
{
	int64_t v = r_int(r);
	if (v < INT32_MIN || v > INT32_MAX)
		r->bad = true;
	return (int)v;
}

/* A one-character code: NULL is 0. */
static char r_chr(row *r)
{
	int i = r->col++;
	if (sqlite3_column_type(r->stmt, i) == SQLITE_NULL)
		return 0;
	const unsigned char *t = sqlite3_column_text(r->stmt, i);
	if (!t)
		r->nomem = true;
	else if (sqlite3_column_bytes(r->stmt, i) != 1)
		r->bad = true;
	return t ? (char)t[0] : 0;
}

/* The position column: must be the count of elements already loaded. */
static void r_pos(row *r, size_t want)
{
	if (r_int(r) != (int64_t)want)
		r->bad = true;
}

/* The position of a parent among n; 0 and r->bad when out of range. */
static size_t r_parent(row *r, size_t n)
{
	int64_t v = r_int(r);
	if (v < 0 || (uint64_t)v >= n) {
		r->bad = true;
		return 0;
	}
	return (size_t)v;
}

typedef void (*row_fn)(row *r, ls_catalog *cat);

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
		row r = {stmt, cat->arena, 0, false, false};
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

/* Append to a list of strings, checking the position. */
static void push_str(row *r, ls_catalog *cat, const char ***arr, size_t *n)
{
	r_pos(r, *n);
	const char **s = ls_arena_push(cat->arena, (void **)arr, n, sizeof **arr);
	if (!s) {
		r->nomem = true;
		return;
	}
	*s = r_str(r);
}

static void search_path_row(row *r, ls_catalog *cat)
{
	push_str(r, cat, &cat->search_path, &cat->n_search_path);
}

static void schema_row(row *r, ls_catalog *cat)
{
	r_pos(r, cat->n_schemas);
	ls_schema *s = PUSH(cat, cat->schemas, cat->n_schemas);
	if (!s) {
		r->nomem = true;
		return;
	}
	s->id = r_u64(r);
	s->name = r_str(r);
	s->comment = r_str(r);
}

static void extension_row(row *r, ls_catalog *cat)
{
	r_pos(r, cat->n_extensions);
	ls_extension *e = PUSH(cat, cat->extensions, cat->n_extensions);
	if (!e) {
		r->nomem = true;
		return;
	}
	e->id = r_u64(r);
	e->name = r_str(r);
	e->schema = r_str(r);
	e->comment = r_str(r);
}

static void type_row(row *r, ls_catalog *cat)
{
	r_pos(r, cat->n_types);
	ls_type *t = PUSH(cat, cat->types, cat->n_types);
	if (!t) {
		r->nomem = true;
		return;
	}
	t->id = r_u64(r);
	t->schema = r_str(r);
	t->name = r_str(r);
	t->kind = (ls_type_kind)r_chr(r);
	t->base_type = r_str(r);
	t->collation = r_str(r);
	t->default_expr = r_str(r);
	t->not_null = r_bool(r);
	t->comment = r_str(r);
}

static void type_label_row(row *r, ls_catalog *cat)
{
	size_t p = r_parent(r, cat->n_types);
	if (!r->bad)
		push_str(r, cat, &cat->types[p].labels, &cat->types[p].n_labels);
}

static void type_check_row(row *r, ls_catalog *cat)
{
	size_t p = r_parent(r, cat->n_types);
	if (r->bad)
		return;
	ls_type *t = &cat->types[p];
	r_pos(r, t->n_checks);
	ls_type_check *c = PUSH(cat, t->checks, t->n_checks);
	if (!c) {
		r->nomem = true;
		return;
	}
	c->name = r_str(r);
	c->expr = r_str(r);
	c->valid = r_bool(r);
}

static void type_attribute_row(row *r, ls_catalog *cat)
{
	size_t p = r_parent(r, cat->n_types);
	if (r->bad)
		return;
	ls_type *t = &cat->types[p];
	r_pos(r, t->n_attributes);
	ls_attribute *a = PUSH(cat, t->attributes, t->n_attributes);
	if (!a) {
		r->nomem = true;
		return;
	}
	a->name = r_str(r);
	a->type = r_str(r);
	a->collation = r_str(r);
}

static void sequence_row(row *r, ls_catalog *cat)
{
	r_pos(r, cat->n_sequences);
	ls_sequence *s = PUSH(cat, cat->sequences, cat->n_sequences);
	if (!s) {
		r->nomem = true;
		return;
	}
	s->id = r_u64(r);
	s->schema = r_str(r);
	s->name = r_str(r);
	s->type = r_str(r);
	s->start = r_int(r);
	s->increment = r_int(r);
	s->min = r_int(r);
	s->max = r_int(r);
	s->cache = r_int(r);
	s->cycle = r_bool(r);
	s->owned_table = r_str(r);
	s->owned_column = r_str(r);
	s->identity = r_bool(r);
	s->unlogged = r_bool(r);
	s->comment = r_str(r);
}

static void table_row(row *r, ls_catalog *cat)
{
	r_pos(r, cat->n_tables);
	ls_table *t = PUSH(cat, cat->tables, cat->n_tables);
	if (!t) {
		r->nomem = true;
		return;
	}
	t->id = r_u64(r);
	t->schema = r_str(r);
	t->name = r_str(r);
	t->kind = (ls_table_kind)r_chr(r);
	t->unlogged = r_bool(r);
	t->partition_key = r_str(r);
	t->parent_schema = r_str(r);
	t->parent_table = r_str(r);
	t->partition_bound = r_str(r);
	t->rls_enabled = r_bool(r);
	t->rls_forced = r_bool(r);
	t->comment = r_str(r);
}

static void column_row(row *r, ls_catalog *cat)
{
	size_t p = r_parent(r, cat->n_tables);
	if (r->bad)
		return;
	ls_table *t = &cat->tables[p];
	r_pos(r, t->n_columns);
	ls_column *c = PUSH(cat, t->columns, t->n_columns);
	if (!c) {
		r->nomem = true;
		return;
	}
	c->name = r_str(r);
	c->type = r_str(r);
	c->collation = r_str(r);
	c->default_expr = r_str(r);
	c->generated = r_str(r);
	c->identity = r_chr(r);
	c->not_null = r_bool(r);
	c->comment = r_str(r);
	c->id = r_u64(r);
}

static void constraint_row(row *r, ls_catalog *cat)
{
	size_t p = r_parent(r, cat->n_tables);
	if (r->bad)
		return;
	ls_table *t = &cat->tables[p];
	r_pos(r, t->n_constraints);
	ls_constraint *k = PUSH(cat, t->constraints, t->n_constraints);
	if (!k) {
		r->nomem = true;
		return;
	}
	k->name = r_str(r);
	k->type = r_chr(r);
	k->expr = r_str(r);
	k->ref_schema = r_str(r);
	k->ref_table = r_str(r);
	k->on_update = r_chr(r);
	k->on_delete = r_chr(r);
	k->match = r_chr(r);
	k->exclusion = r_str(r);
	k->deferrable = r_bool(r);
	k->deferred = r_bool(r);
	k->valid = r_bool(r);
	k->no_inherit = r_bool(r);
	k->nulls_not_distinct = r_bool(r);
	k->comment = r_str(r);
}

static void constraint_column_row(row *r, ls_catalog *cat)
{
	size_t p = r_parent(r, cat->n_tables);
	if (r->bad)
		return;
	ls_table *t = &cat->tables[p];
	size_t q = r_parent(r, t->n_constraints);
	const char *side = r_peek(r);
	if (r->bad)
		return;
	ls_constraint *k = &t->constraints[q];
	if (strcmp(side, "key") == 0)
		push_str(r, cat, &k->columns, &k->n_columns);
	else if (strcmp(side, "ref") == 0)
		push_str(r, cat, &k->ref_columns, &k->n_ref_columns);
	else
		r->bad = true;
}

static void trigger_row(row *r, ls_catalog *cat)
{
	size_t p = r_parent(r, cat->n_tables);
	if (r->bad)
		return;
	ls_table *t = &cat->tables[p];
	r_pos(r, t->n_triggers);
	ls_trigger *g = PUSH(cat, t->triggers, t->n_triggers);
	if (!g) {
		r->nomem = true;
		return;
	}
	g->name = r_str(r);
	g->timing = r_str(r);
	g->events = r_str(r);
	g->for_each_row = r_bool(r);
	g->when = r_str(r);
	g->function = r_str(r);
	g->constraint_trigger = r_bool(r);
	g->deferrable = r_bool(r);
	g->deferred = r_bool(r);
	g->enabled = r_chr(r);
	g->comment = r_str(r);
}

static void trigger_arg_row(row *r, ls_catalog *cat)
{
	size_t p = r_parent(r, cat->n_tables);
	if (r->bad)
		return;
	ls_table *t = &cat->tables[p];
	size_t q = r_parent(r, t->n_triggers);
	if (!r->bad)
		push_str(r, cat, &t->triggers[q].args, &t->triggers[q].n_args);
}

static void policy_row(row *r, ls_catalog *cat)
{
	size_t p = r_parent(r, cat->n_tables);
	if (r->bad)
		return;
	ls_table *t = &cat->tables[p];
	r_pos(r, t->n_policies);
	ls_policy *x = PUSH(cat, t->policies, t->n_policies);
	if (!x) {
		r->nomem = true;
		return;
	}
	x->name = r_str(r);
	x->permissive = r_bool(r);
	x->command = r_str(r);
	x->using_expr = r_str(r);
	x->check_expr = r_str(r);
	x->comment = r_str(r);
}

static void policy_role_row(row *r, ls_catalog *cat)
{
	size_t p = r_parent(r, cat->n_tables);
	if (r->bad)
		return;
	ls_table *t = &cat->tables[p];
	size_t q = r_parent(r, t->n_policies);
	if (!r->bad)
		push_str(r, cat, &t->policies[q].roles, &t->policies[q].n_roles);
}

static void index_row(row *r, ls_catalog *cat)
{
	r_pos(r, cat->n_indexes);
	ls_index *x = PUSH(cat, cat->indexes, cat->n_indexes);
	if (!x) {
		r->nomem = true;
		return;
	}
	x->id = r_u64(r);
	x->schema = r_str(r);
	x->name = r_str(r);
	x->table = r_str(r);
	x->method = r_str(r);
	x->unique = r_bool(r);
	x->nulls_not_distinct = r_bool(r);
	x->where = r_str(r);
	x->constraint = r_str(r);
	x->comment = r_str(r);
	x->parent_index = r_str(r);
}

static void index_key_row(row *r, ls_catalog *cat)
{
	size_t p = r_parent(r, cat->n_indexes);
	if (r->bad)
		return;
	ls_index *x = &cat->indexes[p];
	r_pos(r, x->n_keys);
	ls_index_key *k = PUSH(cat, x->keys, x->n_keys);
	if (!k) {
		r->nomem = true;
		return;
	}
	k->column = r_str(r);
	k->expr = r_str(r);
	k->collation = r_str(r);
	k->opclass = r_str(r);
	k->desc = r_bool(r);
	k->nulls_first = r_bool(r);
}

static void index_include_row(row *r, ls_catalog *cat)
{
	size_t p = r_parent(r, cat->n_indexes);
	if (!r->bad)
		push_str(r, cat, &cat->indexes[p].include, &cat->indexes[p].n_include);
}

static void view_row(row *r, ls_catalog *cat)
{
	r_pos(r, cat->n_views);
	ls_view *v = PUSH(cat, cat->views, cat->n_views);
	if (!v) {
		r->nomem = true;
		return;
	}
	v->id = r_u64(r);
	v->schema = r_str(r);
	v->name = r_str(r);
	v->materialized = r_bool(r);
	v->definition = r_str(r);
	v->check_option = r_str(r);
	v->with_data = r_bool(r);
	v->comment = r_str(r);
}

static void view_column_row(row *r, ls_catalog *cat)
{
	size_t p = r_parent(r, cat->n_views);
	if (!r->bad)
		push_str(r, cat, &cat->views[p].columns, &cat->views[p].n_columns);
}

static void view_depend_row(row *r, ls_catalog *cat)
{
	size_t p = r_parent(r, cat->n_views);
	if (!r->bad)
		push_str(r, cat, &cat->views[p].depends, &cat->views[p].n_depends);
}

static void function_row(row *r, ls_catalog *cat)
{
	r_pos(r, cat->n_functions);
	ls_function *f = PUSH(cat, cat->functions, cat->n_functions);
	if (!f) {
		r->nomem = true;
		return;
	}
	f->id = r_u64(r);
	f->schema = r_str(r);
	f->name = r_str(r);
	f->kind = r_chr(r);
	f->arguments = r_str(r);
	f->identity_args = r_str(r);
	f->returns = r_str(r);
	f->language = r_str(r);
	f->body = r_str(r);
	f->body_sha256 = r_str(r);
	f->volatility = r_chr(r);
	f->strict = r_bool(r);
	f->security_definer = r_bool(r);
	f->leakproof = r_bool(r);
	f->parallel = r_str(r);
	f->comment = r_str(r);
}

static void function_config_row(row *r, ls_catalog *cat)
{
	size_t p = r_parent(r, cat->n_functions);
	if (!r->bad)
		push_str(r, cat, &cat->functions[p].config, &cat->functions[p].n_config);
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
#undef TARGET
	if (strcmp(kind, "column") == 0 && op < cat->n_tables && cp >= 0 &&
			(uint64_t)cp < cat->tables[op].n_columns) {
		*arr = &cat->tables[op].columns[cp].grants;
		*n = &cat->tables[op].columns[cp].n_grants;
		return true;
	}
	return false;
}

static void grant_row(row *r, ls_catalog *cat)
{
	ls_grant **arr;
	size_t *n;
	const char *kind = r_peek(r);
	int64_t op = r_int(r);
	int64_t cp = r_int(r);
	if (r->bad || op < 0 || !grant_target(cat, kind, (size_t)op, cp, &arr, &n)) {
		r->bad = true;
		return;
	}
	r_pos(r, *n);
	ls_grant *g = ls_arena_push(cat->arena, (void **)arr, n, sizeof **arr);
	if (!g) {
		r->nomem = true;
		return;
	}
	g->grantee = r_str(r);
	g->privilege = r_str(r);
	g->grantable = r_bool(r);
}

static void option_row(row *r, ls_catalog *cat)
{
	const char *kind = r_peek(r);
	int64_t op = r_int(r);
	if (r->bad || op < 0)
		r->bad = true;
	else if (strcmp(kind, "table") == 0 && (uint64_t)op < cat->n_tables)
		push_str(r, cat, &cat->tables[op].options, &cat->tables[op].n_options);
	else if (strcmp(kind, "index") == 0 && (uint64_t)op < cat->n_indexes)
		push_str(r, cat, &cat->indexes[op].options, &cat->indexes[op].n_options);
	else if (strcmp(kind, "view") == 0 && (uint64_t)op < cat->n_views)
		push_str(r, cat, &cat->views[op].options, &cat->views[op].n_options);
	else
		r->bad = true;
}

static void data_step_row(row *r, ls_catalog *cat)
{
	r_pos(r, cat->n_data_steps);
	ls_data_step *d = PUSH(cat, cat->data_steps, cat->n_data_steps);
	if (!d) {
		r->nomem = true;
		return;
	}
	d->path = r_str(r);
	d->line = r_i32(r);
	d->column = r_i32(r);
	d->sql = r_str(r);
}

/* The reads, parents before children (a child row finds its parent by
 * position). Every SELECT names its columns in the order its row function
 * reads them. */
static const struct {
	const char *table;
	const char *sql;
	row_fn fn;
} loads[] = {
	{"search_path", "SELECT position, name FROM search_path WHERE snapshot_key = ?1"
		" ORDER BY position", search_path_row},
	{"schemas", "SELECT position, id, name, comment FROM schemas WHERE snapshot_key = ?1"
		" ORDER BY position", schema_row},
	{"extensions", "SELECT position, id, name, schema, comment FROM extensions"
		" WHERE snapshot_key = ?1 ORDER BY position", extension_row},
	{"types", "SELECT position, id, schema, name, kind, base_type, collation, default_expr,"
		" not_null, comment FROM types WHERE snapshot_key = ?1 ORDER BY position", type_row},
	{"type_labels", "SELECT type_position, position, label FROM type_labels"
		" WHERE snapshot_key = ?1 ORDER BY type_position, position", type_label_row},
	{"type_checks", "SELECT type_position, position, name, expr, valid FROM type_checks"
		" WHERE snapshot_key = ?1 ORDER BY type_position, position", type_check_row},
	{"type_attributes", "SELECT type_position, position, name, type, collation"
		" FROM type_attributes WHERE snapshot_key = ?1 ORDER BY type_position, position",
		type_attribute_row},
	{"sequences", "SELECT position, id, schema, name, type, start_value, increment,"
		" min_value, max_value, cache, cycle, owned_table, owned_column, identity, unlogged,"
		" comment FROM sequences WHERE snapshot_key = ?1 ORDER BY position", sequence_row},
	{"tables", "SELECT position, id, schema, name, kind, unlogged, partition_key,"
		" parent_schema, parent_table, partition_bound, rls_enabled, rls_forced, comment"
		" FROM tables WHERE snapshot_key = ?1 ORDER BY position", table_row},
	{"columns", "SELECT table_position, position, name, type, collation, default_expr,"
		" generated_expr, identity, not_null, comment, id FROM columns WHERE snapshot_key = ?1"
		" ORDER BY table_position, position", column_row},
	{"constraints", "SELECT table_position, position, name, type, expr, ref_schema,"
		" ref_table, on_update, on_delete, match_type, exclusion, is_deferrable, is_deferred,"
		" valid, no_inherit, nulls_not_distinct, comment FROM constraints"
		" WHERE snapshot_key = ?1 ORDER BY table_position, position", constraint_row},
	{"constraint_columns", "SELECT table_position, constraint_position, side, position, name"
		" FROM constraint_columns WHERE snapshot_key = ?1"
		" ORDER BY table_position, constraint_position, side, position", constraint_column_row},
	{"triggers", "SELECT table_position, position, name, timing, events, for_each_row,"
		" when_expr, function_name, constraint_trigger, is_deferrable, is_deferred, enabled,"
		" comment FROM triggers WHERE snapshot_key = ?1 ORDER BY table_position, position",
		trigger_row},
	{"trigger_args", "SELECT table_position, trigger_position, position, arg FROM trigger_args"
		" WHERE snapshot_key = ?1 ORDER BY table_position, trigger_position, position",
		trigger_arg_row},
	{"policies", "SELECT table_position, position, name, permissive, command, using_expr,"
		" check_expr, comment FROM policies WHERE snapshot_key = ?1"
		" ORDER BY table_position, position", policy_row},
	{"policy_roles", "SELECT table_position, policy_position, position, role FROM policy_roles"
		" WHERE snapshot_key = ?1 ORDER BY table_position, policy_position, position",
		policy_role_row},
	{"indexes", "SELECT position, id, schema, name, table_name, method, is_unique,"
		" nulls_not_distinct, where_expr, constraint_name, comment, parent_index FROM indexes"
		" WHERE snapshot_key = ?1 ORDER BY position", index_row},
	{"index_keys", "SELECT index_position, position, column_name, expr, collation, opclass,"
		" descending, nulls_first FROM index_keys WHERE snapshot_key = ?1"
		" ORDER BY index_position, position", index_key_row},
	{"index_include", "SELECT index_position, position, column_name FROM index_include"
		" WHERE snapshot_key = ?1 ORDER BY index_position, position", index_include_row},
	{"views", "SELECT position, id, schema, name, is_materialized, definition, check_option,"
		" with_data, comment FROM views WHERE snapshot_key = ?1 ORDER BY position", view_row},
	{"view_columns", "SELECT view_position, position, name FROM view_columns"
		" WHERE snapshot_key = ?1 ORDER BY view_position, position", view_column_row},
	{"view_depends", "SELECT view_position, position, relation FROM view_depends"
		" WHERE snapshot_key = ?1 ORDER BY view_position, position", view_depend_row},
	{"functions", "SELECT position, id, schema, name, kind, arguments, identity_args, returns,"
		" language, body, body_sha256, volatility, is_strict, security_definer, leakproof,"
		" parallel, comment FROM functions WHERE snapshot_key = ?1 ORDER BY position",
		function_row},
	{"function_config", "SELECT function_position, position, setting FROM function_config"
		" WHERE snapshot_key = ?1 ORDER BY function_position, position", function_config_row},
	/* after every object that has grants or options */
	{"grants", "SELECT object_kind, object_position, column_position, position, grantee,"
		" privilege, grantable FROM grants WHERE snapshot_key = ?1"
		" ORDER BY object_kind, object_position, column_position, position", grant_row},
	{"options", "SELECT object_kind, object_position, position, option FROM options"
		" WHERE snapshot_key = ?1 ORDER BY object_kind, object_position, position", option_row},
	{"data_steps", "SELECT position, path, line, column_no, sql FROM data_steps"
		" WHERE snapshot_key = ?1 ORDER BY position", data_step_row},
};

int ls_store_load_objects(ls_store *st, ls_catalog *cat, const char *key,
		ls_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < sizeof loads / sizeof *loads && rc == 0; i++)
		rc = load_rows(st, cat, key, loads[i].sql, loads[i].table, loads[i].fn, err);
	return rc;
}

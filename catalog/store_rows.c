/* The rows of one stored object (schema: store_schema_v3.c), given to a
 * sink: written to the store, or encoded for the object's hash, so the hash
 * covers exactly what is stored. Every function here emits one kind of
 * object with its lists, in array order, positions from 0, parents before
 * children; each returns 0 or the LS_E* of the first failed row. */
#include "store_int.h"

#include <string.h>

#define ROWDEF(name, table, sql) \
	static const ls_store_rowdef name = {table, sql}

/* One row: the definition and its values (the object id comes first, from
 * the sink). */
#define ROW(k, def, ...) ((k)->row((k), &(def), SV_ARGS(__VA_ARGS__), err))

ROWDEF(GRANT, "obj_grants",
	"INSERT INTO obj_grants (object_id, column_position, position, object_schema,"
	" object_name, column_name, grantee, privilege, grantable)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");

/* The grants of an object, or (col >= 0) of its column col. */
static int grant_rows(ls_store_sink *k, int64_t col, const char *schema, const char *name,
		const char *column, const ls_grant *g, size_t n, ls_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = ROW(k, GRANT, SV_I(col), SV_Z(i), SV_S(schema), SV_S(name), SV_S(column),
				SV_S(g[i].grantee), SV_S(g[i].privilege), SV_B(g[i].grantable));
	return rc;
}

ROWDEF(REVOKED_DEFAULT, "obj_revoked_defaults",
	"INSERT INTO obj_revoked_defaults (object_id, privilege) VALUES (?1, ?2)");

/* The grants of a function or type, whose built-in grant to PUBLIC (priv,
 * not grantable) is implied: left out of obj_grants, and when the list
 * has no grant of priv to PUBLIC at all, one obj_revoked_defaults row says
 * it was revoked. So a function or type with only the default stores as
 * version 3 stored it, with no grant rows. */
static int grant_rows_implied(ls_store_sink *k, const char *schema, const char *name,
		const char *priv, const ls_grant *g, size_t n, ls_error *err)
{
	int rc = 0;
	bool has_public = false;
	size_t pos = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		bool pub = !strcmp(g[i].grantee, "PUBLIC") && !strcmp(g[i].privilege, priv);
		has_public = has_public || pub;
		if (pub && !g[i].grantable)
			continue;
		rc = ROW(k, GRANT, SV_I(-1), SV_Z(pos++), SV_S(schema), SV_S(name), SV_S(NULL),
				SV_S(g[i].grantee), SV_S(g[i].privilege), SV_B(g[i].grantable));
	}
	if (rc == 0 && !has_public)
		rc = ROW(k, REVOKED_DEFAULT, SV_S(priv));
	return rc;
}

/* One row per string of a list: the prefix values (the parent's
 * positions), then the position and the string. */
static int list_rows(ls_store_sink *k, const ls_store_rowdef *def, const ls_sval *prefix,
		size_t n_prefix, const char *const *items, size_t n, ls_error *err)
{
	ls_sval v[8];
	int rc = 0;
	if (n_prefix)
		memcpy(v, prefix, n_prefix * sizeof *v);
	for (size_t i = 0; i < n && rc == 0; i++) {
		v[n_prefix] = SV_Z(i);
		v[n_prefix + 1] = SV_S(items[i]);
		rc = k->row(k, def, v, n_prefix + 2, err);
	}
	return rc;
}

#define NO_PREFIX NULL, 0

ROWDEF(OWNER, "obj_owners",
	"INSERT INTO obj_owners (object_id, owner) VALUES (?1, ?2)");

/* The owner, when it has a name (since version 6): the last row of the
 * object, none for the starting role. */
static int owner_row(ls_store_sink *k, const char *owner, ls_error *err)
{
	return owner ? ROW(k, OWNER, SV_S(owner)) : 0;
}

ROWDEF(OPTION, "obj_options",
	"INSERT INTO obj_options (object_id, position, option) VALUES (?1, ?2, ?3)");
ROWDEF(SEARCH_PATH, "obj_search_path",
	"INSERT INTO obj_search_path (object_id, position, name) VALUES (?1, ?2, ?3)");
ROWDEF(SCHEMA, "obj_schemas",
	"INSERT INTO obj_schemas (object_id, id, name, comment) VALUES (?1, ?2, ?3, ?4)");
ROWDEF(EXTENSION, "obj_extensions",
	"INSERT INTO obj_extensions (object_id, id, name, schema, comment)"
	" VALUES (?1, ?2, ?3, ?4, ?5)");

static int schema_rows(ls_store_sink *k, const ls_schema *s, ls_error *err)
{
	int rc = ROW(k, SCHEMA, SV_U(s->id), SV_S(s->name), SV_S(s->comment));
	if (rc == 0)
		rc = grant_rows(k, -1, NULL, s->name, NULL, s->grants, s->n_grants, err);
	return rc ? rc : owner_row(k, s->owner, err);
}

static int extension_rows(ls_store_sink *k, const ls_extension *e, ls_error *err)
{
	return ROW(k, EXTENSION, SV_U(e->id), SV_S(e->name), SV_S(e->schema), SV_S(e->comment));
}

ROWDEF(COLLATION, "obj_collations",
	"INSERT INTO obj_collations (object_id, id, schema, name, provider, locale, lc_collate,"
	" lc_ctype, deterministic, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");

static int collation_rows(ls_store_sink *k, const ls_collation *c, ls_error *err)
{
	return ROW(k, COLLATION, SV_U(c->id), SV_S(c->schema), SV_S(c->name), SV_C(c->provider),
			SV_S(c->locale), SV_S(c->lc_collate), SV_S(c->lc_ctype), SV_B(c->deterministic),
			SV_S(c->comment));
}

ROWDEF(TYPE, "obj_types",
	"INSERT INTO obj_types (object_id, id, schema, name, kind, base_type, collation,"
	" default_expr, not_null, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
ROWDEF(TYPE_LABEL, "obj_type_labels",
	"INSERT INTO obj_type_labels (object_id, position, label) VALUES (?1, ?2, ?3)");
ROWDEF(TYPE_CHECK, "obj_type_checks",
	"INSERT INTO obj_type_checks (object_id, position, name, expr, valid)"
	" VALUES (?1, ?2, ?3, ?4, ?5)");
ROWDEF(TYPE_ATTRIBUTE_COMMENT, "obj_type_attribute_comments",
	"INSERT INTO obj_type_attribute_comments (object_id, position, comment) VALUES (?1, ?2, ?3)");
ROWDEF(TYPE_CHECK_COMMENT, "obj_type_check_comments",
	"INSERT INTO obj_type_check_comments (object_id, position, comment) VALUES (?1, ?2, ?3)");
ROWDEF(TYPE_ATTRIBUTE, "obj_type_attributes",
	"INSERT INTO obj_type_attributes (object_id, position, name, type, collation)"
	" VALUES (?1, ?2, ?3, ?4, ?5)");

static int type_rows(ls_store_sink *k, const ls_type *t, ls_error *err)
{
	int rc = ROW(k, TYPE, SV_U(t->id), SV_S(t->schema), SV_S(t->name), SV_C(t->kind),
			SV_S(t->base_type), SV_S(t->collation), SV_S(t->default_expr),
			SV_B(t->not_null), SV_S(t->comment));
	if (rc == 0)
		rc = list_rows(k, &TYPE_LABEL, NO_PREFIX, t->labels, t->n_labels, err);
	for (size_t i = 0; i < t->n_checks && rc == 0; i++) {
		const ls_type_check *c = &t->checks[i];
		rc = ROW(k, TYPE_CHECK, SV_Z(i), SV_S(c->name), SV_S(c->expr), SV_B(c->valid));
	}
	for (size_t i = 0; i < t->n_attributes && rc == 0; i++) {
		const ls_attribute *a = &t->attributes[i];
		rc = ROW(k, TYPE_ATTRIBUTE, SV_Z(i), SV_S(a->name), SV_S(a->type), SV_S(a->collation));
	}
	/* since version 4, rows only for what is there */
	for (size_t i = 0; i < t->n_attributes && rc == 0; i++)
		if (t->attributes[i].comment)
			rc = ROW(k, TYPE_ATTRIBUTE_COMMENT, SV_Z(i), SV_S(t->attributes[i].comment));
	for (size_t i = 0; i < t->n_checks && rc == 0; i++)
		if (t->checks[i].comment)
			rc = ROW(k, TYPE_CHECK_COMMENT, SV_Z(i), SV_S(t->checks[i].comment));
	if (rc == 0)
		rc = grant_rows_implied(k, t->schema, t->name, "USAGE", t->grants, t->n_grants, err);
	return rc ? rc : owner_row(k, t->owner, err);
}

ROWDEF(SEQUENCE, "obj_sequences",
	"INSERT INTO obj_sequences (object_id, id, schema, name, type, start_value, increment,"
	" min_value, max_value, cache, cycle, owned_table, owned_column, identity, unlogged,"
	" comment)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");

static int sequence_rows(ls_store_sink *k, const ls_sequence *s, ls_error *err)
{
	int rc = ROW(k, SEQUENCE, SV_U(s->id), SV_S(s->schema), SV_S(s->name), SV_S(s->type),
			SV_I(s->start), SV_I(s->increment), SV_I(s->min), SV_I(s->max), SV_I(s->cache),
			SV_B(s->cycle), SV_S(s->owned_table), SV_S(s->owned_column),
			SV_B(s->identity), SV_B(s->unlogged), SV_S(s->comment));
	if (rc == 0)
		rc = grant_rows(k, -1, s->schema, s->name, NULL, s->grants, s->n_grants, err);
	return rc ? rc : owner_row(k, s->owner, err);
}

ROWDEF(TABLE, "obj_tables",
	"INSERT INTO obj_tables (object_id, id, schema, name, kind, unlogged, partition_key,"
	" parent_schema, parent_table, partition_bound, rls_enabled, rls_forced, comment)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
ROWDEF(COLUMN, "obj_columns",
	"INSERT INTO obj_columns (object_id, position, id, name, type, collation, default_expr,"
	" generated_expr, identity, not_null, comment)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");

static int column_rows(ls_store_sink *k, const ls_table *t, ls_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < t->n_columns && rc == 0; i++) {
		const ls_column *c = &t->columns[i];
		rc = ROW(k, COLUMN, SV_Z(i), SV_U(c->id), SV_S(c->name), SV_S(c->type),
				SV_S(c->collation), SV_S(c->default_expr), SV_S(c->generated),
				SV_C(c->identity), SV_B(c->not_null), SV_S(c->comment));
		if (rc == 0)
			rc = grant_rows(k, (int64_t)i, t->schema, t->name, c->name, c->grants,
					c->n_grants, err);
	}
	return rc;
}

ROWDEF(CONSTRAINT, "obj_constraints",
	"INSERT INTO obj_constraints (object_id, position, name, type, expr, ref_schema,"
	" ref_table, on_update, on_delete, match_type, exclusion, is_deferrable, is_deferred,"
	" valid, no_inherit, nulls_not_distinct, comment)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
ROWDEF(CONSTRAINT_COLUMN, "obj_constraint_columns",
	"INSERT INTO obj_constraint_columns (object_id, constraint_position, side, position, name)"
	" VALUES (?1, ?2, ?3, ?4, ?5)");

static int constraint_rows(ls_store_sink *k, const ls_table *t, ls_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < t->n_constraints && rc == 0; i++) {
		const ls_constraint *c = &t->constraints[i];
		rc = ROW(k, CONSTRAINT, SV_Z(i), SV_S(c->name), SV_C(c->type), SV_S(c->expr),
				SV_S(c->ref_schema), SV_S(c->ref_table), SV_C(c->on_update),
				SV_C(c->on_delete), SV_C(c->match), SV_S(c->exclusion), SV_B(c->deferrable),
				SV_B(c->deferred), SV_B(c->valid), SV_B(c->no_inherit),
				SV_B(c->nulls_not_distinct), SV_S(c->comment));
		if (rc == 0)
			rc = list_rows(k, &CONSTRAINT_COLUMN, SV_ARGS(SV_Z(i), SV_S("key")),
					c->columns, c->n_columns, err);
		if (rc == 0)
			rc = list_rows(k, &CONSTRAINT_COLUMN, SV_ARGS(SV_Z(i), SV_S("ref")),
					c->ref_columns, c->n_ref_columns, err);
	}
	return rc;
}

ROWDEF(TRIGGER, "obj_triggers",
	"INSERT INTO obj_triggers (object_id, position, name, timing, events, for_each_row,"
	" when_expr, function_name, constraint_trigger, is_deferrable, is_deferred, enabled,"
	" comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
ROWDEF(TRIGGER_ARG, "obj_trigger_args",
	"INSERT INTO obj_trigger_args (object_id, trigger_position, position, arg)"
	" VALUES (?1, ?2, ?3, ?4)");
ROWDEF(POLICY, "obj_policies",
	"INSERT INTO obj_policies (object_id, position, name, permissive, command, using_expr,"
	" check_expr, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
ROWDEF(POLICY_ROLE, "obj_policy_roles",
	"INSERT INTO obj_policy_roles (object_id, policy_position, position, role)"
	" VALUES (?1, ?2, ?3, ?4)");

ROWDEF(TRIGGER_TRANSITION, "obj_trigger_transitions",
	"INSERT INTO obj_trigger_transitions (object_id, trigger_position, old_table, new_table)"
	" VALUES (?1, ?2, ?3, ?4)");

/* REFERENCING of the triggers that have it (since version 4). */
static int transition_rows(ls_store_sink *k, const ls_trigger *g, size_t n, ls_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (g[i].old_table || g[i].new_table)
			rc = ROW(k, TRIGGER_TRANSITION, SV_Z(i), SV_S(g[i].old_table), SV_S(g[i].new_table));
	return rc;
}

static int trigger_policy_rows(ls_store_sink *k, const ls_table *t, ls_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < t->n_triggers && rc == 0; i++) {
		const ls_trigger *g = &t->triggers[i];
		rc = ROW(k, TRIGGER, SV_Z(i), SV_S(g->name), SV_S(g->timing), SV_S(g->events),
				SV_B(g->for_each_row), SV_S(g->when), SV_S(g->function),
				SV_B(g->constraint_trigger), SV_B(g->deferrable), SV_B(g->deferred),
				SV_C(g->enabled), SV_S(g->comment));
		if (rc == 0)
			rc = list_rows(k, &TRIGGER_ARG, SV_ARGS(SV_Z(i)), g->args, g->n_args, err);
	}
	for (size_t i = 0; i < t->n_policies && rc == 0; i++) {
		const ls_policy *p = &t->policies[i];
		rc = ROW(k, POLICY, SV_Z(i), SV_S(p->name), SV_B(p->permissive), SV_S(p->command),
				SV_S(p->using_expr), SV_S(p->check_expr), SV_S(p->comment));
		if (rc == 0)
			rc = list_rows(k, &POLICY_ROLE, SV_ARGS(SV_Z(i)), p->roles, p->n_roles, err);
	}
	return rc;
}

ROWDEF(TABLE_INHERITS, "obj_table_inherits",
	"INSERT INTO obj_table_inherits (object_id, position, schema, name) VALUES (?1, ?2, ?3, ?4)");
ROWDEF(INHERITED_ONLY, "obj_inherited_only",
	"INSERT INTO obj_inherited_only (object_id, item, position) VALUES (?1, ?2, ?3)");

/* INHERITS parents and the inherited-only columns and CHECKs (since
 * version 6); none for a table without inheritance. */
static int inherit_rows(ls_store_sink *k, const ls_table *t, ls_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < t->n_inherits && rc == 0; i++)
		rc = ROW(k, TABLE_INHERITS, SV_Z(i), SV_S(t->inherits[i].schema), SV_S(t->inherits[i].name));
	for (size_t i = 0; i < t->n_columns && rc == 0; i++)
		if (t->columns[i].inherited_only)
			rc = ROW(k, INHERITED_ONLY, SV_S("column"), SV_Z(i));
	for (size_t i = 0; i < t->n_constraints && rc == 0; i++)
		if (t->constraints[i].inherited_only)
			rc = ROW(k, INHERITED_ONLY, SV_S("constraint"), SV_Z(i));
	return rc;
}

static int table_rows(ls_store_sink *k, const ls_table *t, ls_error *err)
{
	int rc = ROW(k, TABLE, SV_U(t->id), SV_S(t->schema), SV_S(t->name), SV_C(t->kind),
			SV_B(t->unlogged), SV_S(t->partition_key), SV_S(t->parent_schema),
			SV_S(t->parent_table), SV_S(t->partition_bound), SV_B(t->rls_enabled),
			SV_B(t->rls_forced), SV_S(t->comment));
	if (rc == 0)
		rc = column_rows(k, t, err);
	if (rc == 0)
		rc = constraint_rows(k, t, err);
	if (rc == 0)
		rc = trigger_policy_rows(k, t, err);
	if (rc == 0)
		rc = list_rows(k, &OPTION, NO_PREFIX, t->options, t->n_options, err);
	if (rc == 0)
		rc = grant_rows(k, -1, t->schema, t->name, NULL, t->grants, t->n_grants, err);
	if (rc == 0)
		rc = transition_rows(k, t->triggers, t->n_triggers, err);
	if (rc == 0)
		rc = owner_row(k, t->owner, err);
	if (rc == 0)
		rc = inherit_rows(k, t, err);
	return rc;
}

ROWDEF(INDEX, "obj_indexes",
	"INSERT INTO obj_indexes (object_id, id, schema, name, table_name, method, is_unique,"
	" nulls_not_distinct, where_expr, constraint_name, comment, parent_index)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
ROWDEF(INDEX_KEY, "obj_index_keys",
	"INSERT INTO obj_index_keys (object_id, position, column_name, expr, collation, opclass,"
	" descending, nulls_first) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
ROWDEF(INDEX_INCLUDE, "obj_index_include",
	"INSERT INTO obj_index_include (object_id, position, column_name) VALUES (?1, ?2, ?3)");

static int index_rows(ls_store_sink *k, const ls_index *x, ls_error *err)
{
	int rc = ROW(k, INDEX, SV_U(x->id), SV_S(x->schema), SV_S(x->name), SV_S(x->table),
			SV_S(x->method), SV_B(x->unique), SV_B(x->nulls_not_distinct), SV_S(x->where),
			SV_S(x->constraint), SV_S(x->comment), SV_S(x->parent_index));
	for (size_t i = 0; i < x->n_keys && rc == 0; i++) {
		const ls_index_key *y = &x->keys[i];
		rc = ROW(k, INDEX_KEY, SV_Z(i), SV_S(y->column), SV_S(y->expr), SV_S(y->collation),
				SV_S(y->opclass), SV_B(y->desc), SV_B(y->nulls_first));
	}
	if (rc == 0)
		rc = list_rows(k, &INDEX_INCLUDE, NO_PREFIX, x->include, x->n_include, err);
	if (rc == 0)
		rc = list_rows(k, &OPTION, NO_PREFIX, x->options, x->n_options, err);
	return rc;
}

ROWDEF(VIEW, "obj_views",
	"INSERT INTO obj_views (object_id, id, schema, name, is_materialized, definition,"
	" check_option, with_data, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
ROWDEF(VIEW_COLUMN, "obj_view_columns",
	"INSERT INTO obj_view_columns (object_id, position, name) VALUES (?1, ?2, ?3)");
ROWDEF(VIEW_DEPEND, "obj_view_depends",
	"INSERT INTO obj_view_depends (object_id, position, relation) VALUES (?1, ?2, ?3)");

ROWDEF(VIEW_COLUMN_COMMENT, "obj_view_column_comments",
	"INSERT INTO obj_view_column_comments (object_id, position, comment) VALUES (?1, ?2, ?3)");
ROWDEF(VIEW_TRIGGER, "obj_view_triggers",
	"INSERT INTO obj_view_triggers (object_id, position, name, timing, events, for_each_row,"
	" when_expr, function_name, constraint_trigger, is_deferrable, is_deferred, enabled,"
	" comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
ROWDEF(VIEW_TRIGGER_ARG, "obj_view_trigger_args",
	"INSERT INTO obj_view_trigger_args (object_id, trigger_position, position, arg)"
	" VALUES (?1, ?2, ?3, ?4)");

/* A view's column comments and triggers (since version 4). */
static int view_rows_v4(ls_store_sink *k, const ls_view *v, ls_error *err)
{
	int rc = 0;
	for (size_t i = 0; v->column_comments && i < v->n_columns && rc == 0; i++)
		if (v->column_comments[i])
			rc = ROW(k, VIEW_COLUMN_COMMENT, SV_Z(i), SV_S(v->column_comments[i]));
	for (size_t i = 0; i < v->n_triggers && rc == 0; i++) {
		const ls_trigger *g = &v->triggers[i];
		rc = ROW(k, VIEW_TRIGGER, SV_Z(i), SV_S(g->name), SV_S(g->timing), SV_S(g->events),
				SV_B(g->for_each_row), SV_S(g->when), SV_S(g->function),
				SV_B(g->constraint_trigger), SV_B(g->deferrable), SV_B(g->deferred),
				SV_C(g->enabled), SV_S(g->comment));
		if (rc == 0)
			rc = list_rows(k, &VIEW_TRIGGER_ARG, SV_ARGS(SV_Z(i)), g->args, g->n_args, err);
	}
	return rc ? rc : transition_rows(k, v->triggers, v->n_triggers, err);
}

static int view_rows(ls_store_sink *k, const ls_view *v, ls_error *err)
{
	int rc = ROW(k, VIEW, SV_U(v->id), SV_S(v->schema), SV_S(v->name), SV_B(v->materialized),
			SV_S(v->definition), SV_S(v->check_option), SV_B(v->with_data), SV_S(v->comment));
	if (rc == 0)
		rc = list_rows(k, &VIEW_COLUMN, NO_PREFIX, v->columns, v->n_columns, err);
	if (rc == 0)
		rc = list_rows(k, &VIEW_DEPEND, NO_PREFIX, v->depends, v->n_depends, err);
	if (rc == 0)
		rc = list_rows(k, &OPTION, NO_PREFIX, v->options, v->n_options, err);
	if (rc == 0)
		rc = grant_rows(k, -1, v->schema, v->name, NULL, v->grants, v->n_grants, err);
	if (rc == 0)
		rc = view_rows_v4(k, v, err);
	return rc ? rc : owner_row(k, v->owner, err);
}

ROWDEF(FUNCTION, "obj_functions",
	"INSERT INTO obj_functions (object_id, id, schema, name, kind, arguments, identity_args,"
	" returns, language, body, body_sha256, volatility, is_strict, security_definer,"
	" leakproof, parallel, comment)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
ROWDEF(FUNCTION_CONFIG, "obj_function_config",
	"INSERT INTO obj_function_config (object_id, position, setting) VALUES (?1, ?2, ?3)");

ROWDEF(FUNCTION_AGGREGATE, "obj_function_aggregates",
	"INSERT INTO obj_function_aggregates (object_id, agg_kind, direct_args, sfunc, stype,"
	" sspace, finalfunc, finalfunc_extra, finalfunc_modify, combinefunc, serialfunc,"
	" deserialfunc, initcond, msfunc, minvfunc, mstype, msspace, mfinalfunc,"
	" mfinalfunc_extra, mfinalfunc_modify, minitcond, sortop) VALUES (?1, ?2, ?3, ?4,"
	" ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)");

/* The pg_aggregate row of an aggregate (since version 9). */
static int aggregate_row(ls_store_sink *k, const ls_aggregate *g, ls_error *err)
{
	return ROW(k, FUNCTION_AGGREGATE, SV_C(g->kind), SV_I(g->direct_args), SV_S(g->sfunc),
			SV_S(g->stype), SV_I(g->sspace), SV_S(g->finalfunc), SV_B(g->finalfunc_extra),
			SV_C(g->finalfunc_modify), SV_S(g->combinefunc), SV_S(g->serialfunc),
			SV_S(g->deserialfunc), SV_S(g->initcond), SV_S(g->msfunc), SV_S(g->minvfunc),
			SV_S(g->mstype), SV_I(g->msspace), SV_S(g->mfinalfunc), SV_B(g->mfinalfunc_extra),
			SV_C(g->mfinalfunc_modify), SV_S(g->minitcond), SV_S(g->sortop));
}

static int function_rows(ls_store_sink *k, const ls_function *f, ls_error *err)
{
	int rc = ROW(k, FUNCTION, SV_U(f->id), SV_S(f->schema), SV_S(f->name), SV_C(f->kind),
			SV_S(f->arguments), SV_S(f->identity_args), SV_S(f->returns),
			SV_S(f->language), SV_S(f->body), SV_S(f->body_sha256), SV_C(f->volatility),
			SV_B(f->strict), SV_B(f->security_definer), SV_B(f->leakproof),
			SV_S(f->parallel), SV_S(f->comment));
	if (rc == 0)
		rc = list_rows(k, &FUNCTION_CONFIG, NO_PREFIX, f->config, f->n_config, err);
	if (rc == 0)
		rc = grant_rows_implied(k, f->schema, f->name, "EXECUTE", f->grants, f->n_grants, err);
	if (rc == 0 && f->aggregate)
		rc = aggregate_row(k, f->aggregate, err);
	return rc ? rc : owner_row(k, f->owner, err);
}

ROWDEF(DEFAULT_ACL, "obj_default_acls",
	"INSERT INTO obj_default_acls (object_id, role, schema, kind) VALUES (?1, ?2, ?3, ?4)");

static int default_acl_rows(ls_store_sink *k, const ls_default_acl *d, ls_error *err)
{
	int rc = ROW(k, DEFAULT_ACL, SV_S(d->role), SV_S(d->schema), SV_C((char)d->kind));
	return rc ? rc : grant_rows(k, -1, d->schema, ls_defacl_kind_word(d->kind), NULL,
			d->grants, d->n_grants, err);
}

ROWDEF(DATA_STEP, "obj_data_steps",
	"INSERT INTO obj_data_steps (object_id, path, line, column_no, sql)"
	" VALUES (?1, ?2, ?3, ?4, ?5)");

int ls_store_object_rows(ls_store_sink *k, ls_store_kind kind, const void *obj,
		ls_error *err)
{
	int rc = 0;
	switch (kind) {
	case LS_STORE_SCHEMA: rc = schema_rows(k, obj, err); break;
	case LS_STORE_EXTENSION: rc = extension_rows(k, obj, err); break;
	case LS_STORE_TYPE: rc = type_rows(k, obj, err); break;
	case LS_STORE_SEQUENCE: rc = sequence_rows(k, obj, err); break;
	case LS_STORE_TABLE: rc = table_rows(k, obj, err); break;
	case LS_STORE_INDEX: rc = index_rows(k, obj, err); break;
	case LS_STORE_VIEW: rc = view_rows(k, obj, err); break;
	case LS_STORE_FUNCTION: rc = function_rows(k, obj, err); break;
	case LS_STORE_DEFAULT_ACL: rc = default_acl_rows(k, obj, err); break;
	case LS_STORE_COLLATION: rc = collation_rows(k, obj, err); break;
	case LS_STORE_DATA_STEP: {
		const ls_data_step *d = obj;
		rc = ROW(k, DATA_STEP, SV_S(d->path), SV_I(d->line), SV_I(d->column), SV_S(d->sql));
		break;
	}
	case LS_STORE_SEARCH_PATH: {
		const ls_catalog *cat = obj;
		rc = list_rows(k, &SEARCH_PATH, NO_PREFIX, cat->search_path, cat->n_search_path, err);
		break;
	}
	case LS_STORE_KINDS: break;
	}
	return rc ? rc : ls_store_dependency_rows(k, kind, obj, err);
}

/* Writing a catalog as the rows of one snapshot (schema: store_schema.c).
 * Every function here writes one kind of object with its lists, in array
 * order, positions from 0; each returns 0 or the LS_E* of the first failed
 * statement. The caller holds the transaction and rolls it back. */
#include "store_int.h"

#include <string.h>

/* The object a list of grants belongs to. */
typedef struct owner {
	const char *kind;     /* grants.object_kind */
	size_t pos;           /* position of the object (of the table, for a column) */
	int64_t col;          /* position of the column, or -1 */
	const char *schema;
	const char *name;
	const char *column;
} owner;

static const char SQL_GRANT[] =
	"INSERT INTO grants (snapshot_key, object_kind, object_position, column_position,"
	" position, object_schema, object_name, column_name, grantee, privilege, grantable)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

static int save_grants(ls_store *st, const char *key, const owner *o,
		const ls_grant *g, size_t n, ls_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = ls_store_exec(st, err, SQL_GRANT, SV_ARGS(SV_S(key), SV_S(o->kind),
				SV_Z(o->pos), SV_I(o->col), SV_Z(i), SV_S(o->schema), SV_S(o->name),
				SV_S(o->column), SV_S(g[i].grantee), SV_S(g[i].privilege),
				SV_B(g[i].grantable)));
	return rc;
}

/* One row per string of a list: the prefix values (key and the parent's
 * positions), then the position and the string. */
static int save_list(ls_store *st, ls_error *err, const char *sql,
		const ls_sval *prefix, size_t n_prefix, const char *const *items, size_t n)
{
	ls_sval v[8];
	int rc = 0;
	memcpy(v, prefix, n_prefix * sizeof *v);
	for (size_t i = 0; i < n && rc == 0; i++) {
		v[n_prefix] = SV_Z(i);
		v[n_prefix + 1] = SV_S(items[i]);
		rc = ls_store_exec(st, err, sql, v, n_prefix + 2);
	}
	return rc;
}

static const char SQL_OPTION[] =
	"INSERT INTO options (snapshot_key, object_kind, object_position, position, option)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_SEARCH_PATH[] =
	"INSERT INTO search_path (snapshot_key, position, name) VALUES (?1, ?2, ?3)";
static const char SQL_SCHEMA[] =
	"INSERT INTO schemas (snapshot_key, position, id, name, comment) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_EXTENSION[] =
	"INSERT INTO extensions (snapshot_key, position, id, name, schema, comment)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

static int save_schemas(ls_store *st, ls_catalog *cat, const char *key, ls_error *err)
{
	int rc = save_list(st, err, SQL_SEARCH_PATH, SV_ARGS(SV_S(key)),
			cat->search_path, cat->n_search_path);
	for (size_t i = 0; i < cat->n_schemas && rc == 0; i++) {
		const ls_schema *s = &cat->schemas[i];
		owner o = {"schema", i, -1, NULL, s->name, NULL};
		if ((rc = ls_store_exec(st, err, SQL_SCHEMA, SV_ARGS(SV_S(key), SV_Z(i),
				SV_U(s->id), SV_S(s->name), SV_S(s->comment)))) == 0)
			rc = save_grants(st, key, &o, s->grants, s->n_grants, err);
	}
	for (size_t i = 0; i < cat->n_extensions && rc == 0; i++) {
		const ls_extension *e = &cat->extensions[i];
		rc = ls_store_exec(st, err, SQL_EXTENSION, SV_ARGS(SV_S(key), SV_Z(i),
				SV_U(e->id), SV_S(e->name), SV_S(e->schema), SV_S(e->comment)));
	}
	return rc;
}

static const char SQL_TYPE[] =
	"INSERT INTO types (snapshot_key, position, id, schema, name, kind, base_type,"
	" collation, default_expr, not_null, comment)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char SQL_TYPE_LABEL[] =
	"INSERT INTO type_labels (snapshot_key, type_position, position, label)"
	" VALUES (?1, ?2, ?3, ?4)";
static const char SQL_TYPE_CHECK[] =
	"INSERT INTO type_checks (snapshot_key, type_position, position, name, expr, valid)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_TYPE_ATTRIBUTE[] =
	"INSERT INTO type_attributes (snapshot_key, type_position, position, name, type, collation)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

static int save_type(ls_store *st, const ls_type *t, size_t ti, const char *key, ls_error *err)
{
	int rc = ls_store_exec(st, err, SQL_TYPE, SV_ARGS(SV_S(key), SV_Z(ti), SV_U(t->id),
			SV_S(t->schema), SV_S(t->name), SV_C(t->kind), SV_S(t->base_type),
			SV_S(t->collation), SV_S(t->default_expr), SV_B(t->not_null), SV_S(t->comment)));
	if (rc == 0)
		rc = save_list(st, err, SQL_TYPE_LABEL, SV_ARGS(SV_S(key), SV_Z(ti)),
				t->labels, t->n_labels);
	for (size_t i = 0; i < t->n_checks && rc == 0; i++) {
		const ls_type_check *c = &t->checks[i];
		rc = ls_store_exec(st, err, SQL_TYPE_CHECK, SV_ARGS(SV_S(key), SV_Z(ti), SV_Z(i),
				SV_S(c->name), SV_S(c->expr), SV_B(c->valid)));
	}
	for (size_t i = 0; i < t->n_attributes && rc == 0; i++) {
		const ls_attribute *a = &t->attributes[i];
		rc = ls_store_exec(st, err, SQL_TYPE_ATTRIBUTE, SV_ARGS(SV_S(key), SV_Z(ti),
				SV_Z(i), SV_S(a->name), SV_S(a->type), SV_S(a->collation)));
	}
	return rc;
}

static const char SQL_SEQUENCE[] =
	"INSERT INTO sequences (snapshot_key, position, id, schema, name, type, start_value,"
	" increment, min_value, max_value, cache, cycle, owned_table, owned_column, identity,"
	" unlogged, comment)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";

static int save_sequence(ls_store *st, const ls_sequence *s, size_t i, const char *key, ls_error *err)
{
	owner o = {"sequence", i, -1, s->schema, s->name, NULL};
	int rc = ls_store_exec(st, err, SQL_SEQUENCE, SV_ARGS(SV_S(key), SV_Z(i), SV_U(s->id),
			SV_S(s->schema), SV_S(s->name), SV_S(s->type), SV_I(s->start),
			SV_I(s->increment), SV_I(s->min), SV_I(s->max), SV_I(s->cache),
			SV_B(s->cycle), SV_S(s->owned_table), SV_S(s->owned_column),
			SV_B(s->identity), SV_B(s->unlogged), SV_S(s->comment)));
	return rc ? rc : save_grants(st, key, &o, s->grants, s->n_grants, err);
}

static const char SQL_TABLE[] =
	"INSERT INTO tables (snapshot_key, position, id, schema, name, kind, unlogged,"
	" partition_key, parent_schema, parent_table, partition_bound, rls_enabled,"
	" rls_forced, comment)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
static const char SQL_COLUMN[] =
	"INSERT INTO columns (snapshot_key, table_position, position, name, type, collation,"
	" default_expr, generated_expr, identity, not_null, comment, id)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

static int save_columns(ls_store *st, const ls_table *t, size_t ti, const char *key, ls_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < t->n_columns && rc == 0; i++) {
		const ls_column *c = &t->columns[i];
		owner o = {"column", ti, (int64_t)i, t->schema, t->name, c->name};
		rc = ls_store_exec(st, err, SQL_COLUMN, SV_ARGS(SV_S(key), SV_Z(ti), SV_Z(i),
				SV_S(c->name), SV_S(c->type), SV_S(c->collation), SV_S(c->default_expr),
				SV_S(c->generated), SV_C(c->identity), SV_B(c->not_null), SV_S(c->comment),
				SV_U(c->id)));
		if (rc == 0)
			rc = save_grants(st, key, &o, c->grants, c->n_grants, err);
	}
	return rc;
}

static const char SQL_CONSTRAINT[] =
	"INSERT INTO constraints (snapshot_key, table_position, position, name, type, expr,"
	" ref_schema, ref_table, on_update, on_delete, match_type, exclusion, is_deferrable,"
	" is_deferred, valid, no_inherit, nulls_not_distinct, comment)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
static const char SQL_CONSTRAINT_COLUMN[] =
	"INSERT INTO constraint_columns (snapshot_key, table_position, constraint_position,"
	" side, position, name) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

static int save_constraints(ls_store *st, const ls_table *t, size_t ti, const char *key, ls_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < t->n_constraints && rc == 0; i++) {
		const ls_constraint *k = &t->constraints[i];
		rc = ls_store_exec(st, err, SQL_CONSTRAINT, SV_ARGS(SV_S(key), SV_Z(ti), SV_Z(i),
				SV_S(k->name), SV_C(k->type), SV_S(k->expr), SV_S(k->ref_schema),
				SV_S(k->ref_table), SV_C(k->on_update), SV_C(k->on_delete), SV_C(k->match),
				SV_S(k->exclusion), SV_B(k->deferrable), SV_B(k->deferred), SV_B(k->valid),
				SV_B(k->no_inherit), SV_B(k->nulls_not_distinct), SV_S(k->comment)));
		if (rc == 0)
			rc = save_list(st, err, SQL_CONSTRAINT_COLUMN, SV_ARGS(SV_S(key), SV_Z(ti),
					SV_Z(i), SV_S("key")), k->columns, k->n_columns);
		if (rc == 0)
			rc = save_list(st, err, SQL_CONSTRAINT_COLUMN, SV_ARGS(SV_S(key), SV_Z(ti),
					SV_Z(i), SV_S("ref")), k->ref_columns, k->n_ref_columns);
	}
	return rc;
}

static const char SQL_TRIGGER[] =
	"INSERT INTO triggers (snapshot_key, table_position, position, name, timing, events,"
	" for_each_row, when_expr, function_name, constraint_trigger, is_deferrable,"
	" is_deferred, enabled, comment)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
static const char SQL_TRIGGER_ARG[] =
	"INSERT INTO trigger_args (snapshot_key, table_position, trigger_position, position, arg)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_POLICY[] =
	"INSERT INTO policies (snapshot_key, table_position, position, name, permissive,"
	" command, using_expr, check_expr, comment)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_POLICY_ROLE[] =
	"INSERT INTO policy_roles (snapshot_key, table_position, policy_position, position, role)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";

static int save_triggers_policies(ls_store *st, const ls_table *t, size_t ti,
		const char *key, ls_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < t->n_triggers && rc == 0; i++) {
		const ls_trigger *g = &t->triggers[i];
		rc = ls_store_exec(st, err, SQL_TRIGGER, SV_ARGS(SV_S(key), SV_Z(ti), SV_Z(i),
				SV_S(g->name), SV_S(g->timing), SV_S(g->events), SV_B(g->for_each_row),
				SV_S(g->when), SV_S(g->function), SV_B(g->constraint_trigger),
				SV_B(g->deferrable), SV_B(g->deferred), SV_C(g->enabled), SV_S(g->comment)));
		if (rc == 0)
			rc = save_list(st, err, SQL_TRIGGER_ARG, SV_ARGS(SV_S(key), SV_Z(ti), SV_Z(i)),
					g->args, g->n_args);
	}
	for (size_t i = 0; i < t->n_policies && rc == 0; i++) {
		const ls_policy *p = &t->policies[i];
		rc = ls_store_exec(st, err, SQL_POLICY, SV_ARGS(SV_S(key), SV_Z(ti), SV_Z(i),
				SV_S(p->name), SV_B(p->permissive), SV_S(p->command), SV_S(p->using_expr),
				SV_S(p->check_expr), SV_S(p->comment)));
		if (rc == 0)
			rc = save_list(st, err, SQL_POLICY_ROLE, SV_ARGS(SV_S(key), SV_Z(ti), SV_Z(i)),
					p->roles, p->n_roles);
	}
	return rc;
}

static int save_table(ls_store *st, const ls_table *t, size_t ti, const char *key, ls_error *err)
{
	owner o = {"table", ti, -1, t->schema, t->name, NULL};
	int rc = ls_store_exec(st, err, SQL_TABLE, SV_ARGS(SV_S(key), SV_Z(ti), SV_U(t->id),
			SV_S(t->schema), SV_S(t->name), SV_C(t->kind), SV_B(t->unlogged),
			SV_S(t->partition_key), SV_S(t->parent_schema), SV_S(t->parent_table),
			SV_S(t->partition_bound), SV_B(t->rls_enabled), SV_B(t->rls_forced),
			SV_S(t->comment)));
	if (rc == 0)
		rc = save_columns(st, t, ti, key, err);
	if (rc == 0)
		rc = save_constraints(st, t, ti, key, err);
	if (rc == 0)
		rc = save_triggers_policies(st, t, ti, key, err);
	if (rc == 0)
		rc = save_list(st, err, SQL_OPTION, SV_ARGS(SV_S(key), SV_S("table"), SV_Z(ti)),
				t->options, t->n_options);
	if (rc == 0)
		rc = save_grants(st, key, &o, t->grants, t->n_grants, err);
	return rc;
}

static const char SQL_INDEX[] =
	"INSERT INTO indexes (snapshot_key, position, id, schema, name, table_name, method,"
	" is_unique, nulls_not_distinct, where_expr, constraint_name, comment, parent_index)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
static const char SQL_INDEX_KEY[] =
	"INSERT INTO index_keys (snapshot_key, index_position, position, column_name, expr,"
	" collation, opclass, descending, nulls_first)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_INDEX_INCLUDE[] =
	"INSERT INTO index_include (snapshot_key, index_position, position, column_name)"
	" VALUES (?1, ?2, ?3, ?4)";

static int save_index(ls_store *st, const ls_index *x, size_t xi, const char *key, ls_error *err)
{
	int rc = ls_store_exec(st, err, SQL_INDEX, SV_ARGS(SV_S(key), SV_Z(xi), SV_U(x->id),
			SV_S(x->schema), SV_S(x->name), SV_S(x->table), SV_S(x->method),
			SV_B(x->unique), SV_B(x->nulls_not_distinct), SV_S(x->where),
			SV_S(x->constraint), SV_S(x->comment), SV_S(x->parent_index)));
	for (size_t i = 0; i < x->n_keys && rc == 0; i++) {
		const ls_index_key *k = &x->keys[i];
		rc = ls_store_exec(st, err, SQL_INDEX_KEY, SV_ARGS(SV_S(key), SV_Z(xi), SV_Z(i),
				SV_S(k->column), SV_S(k->expr), SV_S(k->collation), SV_S(k->opclass),
				SV_B(k->desc), SV_B(k->nulls_first)));
	}
	if (rc == 0)
		rc = save_list(st, err, SQL_INDEX_INCLUDE, SV_ARGS(SV_S(key), SV_Z(xi)),
				x->include, x->n_include);
	if (rc == 0)
		rc = save_list(st, err, SQL_OPTION, SV_ARGS(SV_S(key), SV_S("index"), SV_Z(xi)),
				x->options, x->n_options);
	return rc;
}

static const char SQL_VIEW[] =
	"INSERT INTO views (snapshot_key, position, id, schema, name, is_materialized,"
	" definition, check_option, with_data, comment)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char SQL_VIEW_COLUMN[] =
	"INSERT INTO view_columns (snapshot_key, view_position, position, name)"
	" VALUES (?1, ?2, ?3, ?4)";
static const char SQL_VIEW_DEPEND[] =
	"INSERT INTO view_depends (snapshot_key, view_position, position, relation)"
	" VALUES (?1, ?2, ?3, ?4)";

static int save_view(ls_store *st, const ls_view *v, size_t vi, const char *key, ls_error *err)
{
	owner o = {"view", vi, -1, v->schema, v->name, NULL};
	int rc = ls_store_exec(st, err, SQL_VIEW, SV_ARGS(SV_S(key), SV_Z(vi), SV_U(v->id),
			SV_S(v->schema), SV_S(v->name), SV_B(v->materialized), SV_S(v->definition),
			SV_S(v->check_option), SV_B(v->with_data), SV_S(v->comment)));
	if (rc == 0)
		rc = save_list(st, err, SQL_VIEW_COLUMN, SV_ARGS(SV_S(key), SV_Z(vi)),
				v->columns, v->n_columns);
	if (rc == 0)
		rc = save_list(st, err, SQL_VIEW_DEPEND, SV_ARGS(SV_S(key), SV_Z(vi)),
				v->depends, v->n_depends);
	if (rc == 0)
		rc = save_list(st, err, SQL_OPTION, SV_ARGS(SV_S(key), SV_S("view"), SV_Z(vi)),
				v->options, v->n_options);
	if (rc == 0)
		rc = save_grants(st, key, &o, v->grants, v->n_grants, err);
	return rc;
}

static const char SQL_FUNCTION[] =
	"INSERT INTO functions (snapshot_key, position, id, schema, name, kind, arguments,"
	" identity_args, returns, language, body, body_sha256, volatility, is_strict,"
	" security_definer, leakproof, parallel, comment)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
static const char SQL_FUNCTION_CONFIG[] =
	"INSERT INTO function_config (snapshot_key, function_position, position, setting)"
	" VALUES (?1, ?2, ?3, ?4)";

static int save_function(ls_store *st, const ls_function *f, size_t fi, const char *key, ls_error *err)
{
	owner o = {"function", fi, -1, f->schema, f->name, NULL};
	int rc = ls_store_exec(st, err, SQL_FUNCTION, SV_ARGS(SV_S(key), SV_Z(fi), SV_U(f->id),
			SV_S(f->schema), SV_S(f->name), SV_C(f->kind), SV_S(f->arguments),
			SV_S(f->identity_args), SV_S(f->returns), SV_S(f->language), SV_S(f->body),
			SV_S(f->body_sha256), SV_C(f->volatility), SV_B(f->strict),
			SV_B(f->security_definer), SV_B(f->leakproof), SV_S(f->parallel),
			SV_S(f->comment)));
	if (rc == 0)
		rc = save_list(st, err, SQL_FUNCTION_CONFIG, SV_ARGS(SV_S(key), SV_Z(fi)),
				f->config, f->n_config);
	if (rc == 0)
		rc = save_grants(st, key, &o, f->grants, f->n_grants, err);
	return rc;
}

static const char SQL_DATA_STEP[] =
	"INSERT INTO data_steps (snapshot_key, position, path, line, column_no, sql)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

int ls_store_save_objects(ls_store *st, ls_catalog *cat, const char *key,
		ls_error *err)
{
	int rc = save_schemas(st, cat, key, err);
	for (size_t i = 0; i < cat->n_types && rc == 0; i++)
		rc = save_type(st, &cat->types[i], i, key, err);
	for (size_t i = 0; i < cat->n_sequences && rc == 0; i++)
		rc = save_sequence(st, &cat->sequences[i], i, key, err);
	for (size_t i = 0; i < cat->n_tables && rc == 0; i++)
		rc = save_table(st, &cat->tables[i], i, key, err);
	for (size_t i = 0; i < cat->n_indexes && rc == 0; i++)
		rc = save_index(st, &cat->indexes[i], i, key, err);
	for (size_t i = 0; i < cat->n_views && rc == 0; i++)
		rc = save_view(st, &cat->views[i], i, key, err);
	for (size_t i = 0; i < cat->n_functions && rc == 0; i++)
		rc = save_function(st, &cat->functions[i], i, key, err);
	for (size_t i = 0; i < cat->n_data_steps && rc == 0; i++) {
		const ls_data_step *d = &cat->data_steps[i];
		rc = ls_store_exec(st, err, SQL_DATA_STEP, SV_ARGS(SV_S(key), SV_Z(i),
				SV_S(d->path), SV_I(d->line), SV_I(d->column), SV_S(d->sql)));
	}
	return rc;
}

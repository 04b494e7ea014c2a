/* The snapshot key (store_hash.c): equal catalogs have equal keys, however
 * they were built and whatever the store's memo holds; every change to
 * what a snapshot stores gives another key — each field of each kind of
 * object, list entries added, dropped and moved, identities, next_id, the
 * search path and data steps — and so does every change to the catalog's
 * JSON. Each changed catalog is also saved and loaded back as it was. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "full_catalog.h"
#include "lockstep/store.h"
#include "store_int.h"

/* The key of full_catalog(). It depends on the encoding of objects and of
 * keys: a change to either is a change to the store's format (stored
 * objects would no longer be found by their hash), so it needs a new store
 * version, not a new constant here. (Version 4 gave it its new fields, and
 * leaves the built-in PUBLIC EXECUTE of function audit out of its rows;
 * catalogs built from SQL without the new fields keep their version 3
 * keys: test_store.c, test_upgrade_from_version_3. Version 6 gave it
 * its owners, stored only where they have a name.) */
static const char FULL_KEY[] = "a5f87c70df25f18c7f4161544f9d3a5d2c10540dd98887b07fcc5161ea808eac";

static char dir[] = "/tmp/ls_test_store_key_XXXXXX";

static void key_of(char key[65], ls_catalog *cat)
{
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_snapshot_key(key, cat, &err), 0);
	assert_int_equal(strlen(key), 64);
}

static char *json_of(ls_catalog *cat)
{
	char *json = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_to_json(&json, cat, &err), 0);
	return json;
}

static ls_store *open_store(const char *name)
{
	char path[512];
	ls_store *st = NULL;
	ls_error err;
	ls_error_clear(&err);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_int_equal(ls_store_open(&st, path, &err), 0);
	return st;
}

static void save(char key[65], ls_store *st, ls_catalog *cat)
{
	ls_error err;
	ls_error_clear(&err);
	int rc = ls_store_save(key, st, cat, &err);
	if (rc != 0)
		fail_msg("save: %s", err.diags[0].message);
}

static ls_catalog *load(ls_store *st, const char *key)
{
	ls_catalog *cat = NULL;
	ls_error err;
	ls_error_clear(&err);
	int rc = ls_store_load(&cat, st, key, &err);
	if (rc != 0)
		fail_msg("load %s: %s", key, err.diags[0].message);
	return cat;
}

/* --- equal catalogs --- */

static void test_equal_catalogs_equal_keys(void **state)
{
	(void)state;
	char k1[65], k2[65], k3[65];
	ls_catalog *a = full_catalog(), *b = full_catalog();
	key_of(k1, a);
	key_of(k2, b);
	assert_string_equal(k1, k2);
	assert_string_equal(k1, FULL_KEY);
	/* the store's key, with its memo empty, then full */
	ls_store *st = open_store("equal.db");
	save(k3, st, a);
	assert_string_equal(k1, k3);
	save(k3, st, b);
	assert_string_equal(k1, k3);
	/* a catalog loaded from the store has the key it was saved under */
	ls_catalog *back = load(st, k1);
	key_of(k3, back);
	assert_string_equal(k1, k3);
	save(k3, st, back);
	assert_string_equal(k1, k3);
	/* a string replaced by an equal copy changes nothing */
	a->tables[0].columns[1].type = S(a, a->tables[0].columns[1].type);
	save(k3, st, a);
	assert_string_equal(k1, k3);
	ls_catalog_free(back);
	ls_store_close(st);
	ls_catalog_free(a);
	ls_catalog_free(b);
}

/* The same SQL applied to two catalogs gives one key. */
static void test_built_twice(void **state)
{
	(void)state;
	static const char sql[] =
		"CREATE SCHEMA app;\n"
		"CREATE TYPE app.mood AS ENUM ('a', 'b');\n"
		"CREATE TABLE app.t (id bigserial PRIMARY KEY, m app.mood, n text DEFAULT 'x');\n"
		"CREATE INDEX t_n ON app.t (lower(n)) WHERE n IS NOT NULL;\n"
		"CREATE VIEW app.v AS SELECT id, n FROM app.t;\n"
		"ALTER TABLE app.t RENAME COLUMN n TO name;\n"
		"INSERT INTO app.t (name) VALUES ('seed');\n";
	char k[2][65];
	for (int i = 0; i < 2; i++) {
		ls_catalog *cat = NULL;
		ls_error err;
		ls_error_clear(&err);
		assert_int_equal(ls_catalog_new(&cat, &err), 0);
		assert_int_equal(ls_catalog_apply_sql(cat, sql, sizeof sql - 1, "t.sql", &err), 0);
		key_of(k[i], cat);
		ls_catalog_free(cat);
	}
	assert_string_equal(k[0], k[1]);
}

/* --- every change --- */

/* Each change is made to a new full_catalog() (elements in construction
 * order, see full_catalog.h). json: whether the catalog's JSON changes
 * too (identities, next_id, the search path and data steps are not in it). */
/* Two options in the other order: the server keeps the order written. */
#define SWAP(x, y) do { const char *sw_ = (x); (x) = (y); (y) = sw_; } while (0)

#define MUTATIONS(X) \
	X(schema_id, false, c->schemas[1].id = 5) \
	X(schema_name, true, c->schemas[1].name = S(c, "Fancy")) \
	X(schema_comment, true, c->schemas[1].comment = S(c, "x")) \
	X(schema_comment_null, true, c->schemas[1].comment = NULL) \
	X(schema_grant_grantee, true, c->schemas[1].grants[0].grantee = S(c, "other")) \
	X(schema_grant_privilege, true, c->schemas[1].grants[1].privilege = S(c, "USAGE")) \
	X(schema_grant_grantable, true, c->schemas[1].grants[1].grantable = true) \
	X(schema_grant_dropped, true, c->schemas[1].n_grants--) \
	X(schema_dropped, true, c->n_schemas--) \
	X(schema_owner, false, c->schemas[1].owner = S(c, "r\xc3\xb4le")) \
	X(schema_owner_null, false, c->schemas[1].owner = NULL) \
	X(schema_owner_named, false, c->schemas[0].owner = S(c, "app")) \
	X(type_owner, false, c->types[0].owner = S(c, "app2")) \
	X(type_owner_null, false, c->types[0].owner = NULL) \
	X(sequence_owner, false, c->sequences[1].owner = NULL) \
	X(table_owner, false, c->tables[0].owner = S(c, "app")) \
	X(table_owner_null, false, c->tables[0].owner = NULL) \
	X(table_owner_named, false, c->tables[1].owner = S(c, "")) \
	X(view_owner, false, c->views[1].owner = NULL) \
	X(function_owner, false, c->functions[0].owner = S(c, "ap")) \
	X(function_owner_named, false, c->functions[1].owner = S(c, "app")) \
	X(extension_id, false, c->extensions[0].id = 1) \
	X(extension_name, true, c->extensions[0].name = S(c, "hstore")) \
	X(extension_schema, true, c->extensions[1].schema = S(c, "public")) \
	X(extension_comment, true, c->extensions[1].comment = NULL) \
	X(search_path_entry, false, c->search_path[3] = S(c, "public")) \
	X(search_path_null, false, c->search_path[2] = S(c, "")) \
	X(search_path_shorter, false, c->n_search_path--) \
	X(search_path_split, false, c->search_path[0] = S(c, "Fancy \"Schema\" "); \
		c->search_path[1] = S(c, "\xc3\xbc'")) \
	X(type_id, false, c->types[0].id = 1) \
	X(type_schema, true, c->types[0].schema = S(c, "other")) \
	X(type_name, true, c->types[0].name = S(c, "mood2")) \
	X(type_kind, true, c->types[2].kind = LS_TYPE_DOMAIN) \
	X(type_label, true, c->types[0].labels[0] = S(c, "zeta2")) \
	X(type_label_order, true, const char *x = c->types[0].labels[0]; \
		c->types[0].labels[0] = c->types[0].labels[1]; c->types[0].labels[1] = x) \
	X(type_label_null, true, c->types[0].labels[3] = S(c, "")) \
	X(type_label_dropped, true, c->types[0].n_labels--) \
	X(type_base, true, c->types[1].base_type = S(c, "numeric")) \
	X(type_collation, true, c->types[1].collation = NULL) \
	X(type_default, true, c->types[1].default_expr = NULL) \
	X(type_not_null, true, c->types[1].not_null = false) \
	X(type_check_name, true, c->types[1].checks[0].name = S(c, "a_pos")) \
	X(type_check_expr, true, c->types[1].checks[1].expr = S(c, "VALUE < 9")) \
	X(type_check_valid, true, c->types[1].checks[1].valid = true) \
	X(type_attribute_name, true, c->types[2].attributes[0].name = S(c, "y")) \
	X(type_attribute_type, true, c->types[2].attributes[1].type = S(c, "int")) \
	X(type_attribute_collation, true, c->types[2].attributes[1].collation = S(c, "C")) \
	X(type_comment, true, c->types[2].comment = S(c, "")) \
	X(type_attribute_comment, true, c->types[2].attributes[1].comment = S(c, "")) \
	X(type_check_comment, true, c->types[1].checks[1].comment = NULL) \
	X(type_grant, true, c->types[0].grants[1].grantable = false) \
	X(type_grant_default_revoked, true, c->types[2].n_grants = 0) \
	X(type_grant_default_grantable, true, c->types[2].grants[0].grantable = true) \
	X(sequence_id, false, c->sequences[1].id = 3) \
	X(sequence_schema, true, c->sequences[1].schema = S(c, "other")) \
	X(sequence_name, true, c->sequences[1].name = S(c, "plain2_seq")) \
	X(sequence_type, true, c->sequences[1].type = S(c, "integer")) \
	X(sequence_start, true, c->sequences[1].start = 6) \
	X(sequence_increment, true, c->sequences[1].increment = 2) \
	X(sequence_min, true, c->sequences[1].min = -4) \
	X(sequence_max, true, c->sequences[1].max = 1) \
	X(sequence_cache, true, c->sequences[1].cache = 8) \
	X(sequence_cycle, true, c->sequences[1].cycle = true) \
	X(sequence_owned_table, true, c->sequences[1].owned_table = S(c, "events")) \
	X(sequence_owned_column, true, c->sequences[0].owned_column = S(c, "c5")) \
	X(sequence_identity, true, c->sequences[1].identity = false) \
	X(sequence_unlogged, true, c->sequences[1].unlogged = false) \
	X(sequence_comment, true, c->sequences[0].comment = NULL) \
	X(sequence_grant, true, c->sequences[0].grants[0].privilege = S(c, "UPDATE")) \
	X(table_id, false, c->tables[0].id = 1) \
	X(table_schema, true, c->tables[2].schema = S(c, "public")) \
	X(table_name, true, c->tables[0].name = S(c, "events2")) \
	X(table_kind, true, c->tables[0].kind = LS_TABLE_REGULAR) \
	X(table_unlogged, true, c->tables[0].unlogged = false) \
	X(table_partition_key, true, c->tables[0].partition_key = S(c, "LIST (c5)")) \
	X(table_parent_schema, true, c->tables[1].parent_schema = NULL) \
	X(table_parent_table, true, c->tables[1].parent_table = S(c, "Ref")) \
	X(table_partition_bound, true, c->tables[1].partition_bound = S(c, "DEFAULT")) \
	X(table_rls_enabled, true, c->tables[0].rls_enabled = false) \
	X(table_rls_forced, true, c->tables[0].rls_forced = true) \
	X(table_comment, true, c->tables[2].comment = S(c, "ref")) \
	X(table_option, true, c->tables[0].options[0] = S(c, "fillfactor=80")) \
	X(table_option_dropped, true, c->tables[0].n_options--) \
	X(table_option_order, true, SWAP(c->tables[0].options[0], c->tables[0].options[1])) \
	X(table_grant, true, c->tables[0].grants[0].grantable = false) \
	X(table_dropped, true, c->n_tables--) \
	X(names_shifted, true, c->tables[1].schema = S(c, "publice"); \
		c->tables[1].name = S(c, "vents_2024")) \
	X(column_id, false, c->tables[0].columns[1].id = 1) \
	X(column_name, true, c->tables[0].columns[1].name = S(c, "c9")) \
	X(column_type, true, c->tables[0].columns[1].type = S(c, "integer")) \
	X(column_collation, true, c->tables[0].columns[0].collation = S(c, "C")) \
	X(column_default, true, c->tables[0].columns[1].default_expr = NULL) \
	X(column_generated, true, c->tables[0].columns[4].generated = S(c, "(c5 * 3)")) \
	X(column_identity, true, c->tables[0].columns[0].identity = 'd') \
	X(column_not_null, true, c->tables[0].columns[1].not_null = true) \
	X(column_comment, true, c->tables[0].columns[1].comment = NULL) \
	X(column_grant, true, c->tables[0].columns[3].grants[1].grantee = S(c, "reader")) \
	X(column_grant_grantable, true, c->tables[0].columns[0].grants[0].grantable = true) \
	X(column_order, true, ls_column x = c->tables[0].columns[0]; \
		c->tables[0].columns[0] = c->tables[0].columns[1]; c->tables[0].columns[1] = x) \
	X(column_dropped, true, c->tables[0].n_columns--) \
	X(constraint_name, true, c->tables[0].constraints[3].name = S(c, "d_key")) \
	X(constraint_type, true, c->tables[0].constraints[3].type = 'u') \
	X(constraint_columns, true, c->tables[0].constraints[2].columns[1] = S(c, "c3")) \
	X(constraint_expr, true, c->tables[0].constraints[0].expr = S(c, "(c5 > 1)")) \
	X(constraint_ref_schema, true, c->tables[0].constraints[2].ref_schema = S(c, "public")) \
	X(constraint_ref_table, true, c->tables[0].constraints[2].ref_table = S(c, "events")) \
	X(constraint_ref_columns, true, c->tables[0].constraints[2].n_ref_columns--) \
	X(constraint_on_update, true, c->tables[0].constraints[2].on_update = 'r') \
	X(constraint_on_delete, true, c->tables[0].constraints[2].on_delete = 'a') \
	X(constraint_match, true, c->tables[0].constraints[2].match = 's') \
	X(constraint_exclusion, true, c->tables[0].constraints[1].exclusion = \
		S(c, "USING gist (c4 WITH <>)")) \
	X(constraint_deferrable, true, c->tables[0].constraints[3].deferrable = true) \
	X(constraint_deferred, true, c->tables[0].constraints[2].deferred = true) \
	X(constraint_valid, true, c->tables[0].constraints[0].valid = true) \
	X(constraint_no_inherit, true, c->tables[0].constraints[0].no_inherit = false) \
	X(constraint_nulls_not_distinct, true, c->tables[0].constraints[4].nulls_not_distinct = false) \
	X(constraint_comment, true, c->tables[0].constraints[0].comment = NULL) \
	X(trigger_name, true, c->tables[0].triggers[1].name = S(c, "b_other")) \
	X(trigger_timing, true, c->tables[0].triggers[1].timing = S(c, "AFTER")) \
	X(trigger_events, true, c->tables[0].triggers[1].events = S(c, "INSERT")) \
	X(trigger_for_each_row, true, c->tables[0].triggers[1].for_each_row = false) \
	X(trigger_when, true, c->tables[0].triggers[0].when = NULL) \
	X(trigger_function, true, c->tables[0].triggers[1].function = S(c, "public.g")) \
	X(trigger_args, true, c->tables[0].triggers[0].args[2] = S(c, "")) \
	X(trigger_constraint, true, c->tables[0].triggers[0].constraint_trigger = false) \
	X(trigger_deferrable, true, c->tables[0].triggers[1].deferrable = false) \
	X(trigger_deferred, true, c->tables[0].triggers[1].deferred = true) \
	X(trigger_enabled, true, c->tables[0].triggers[1].enabled = 'A') \
	X(trigger_comment, true, c->tables[0].triggers[0].comment = NULL) \
	X(trigger_old_table, true, c->tables[0].triggers[0].old_table = S(c, "old")) \
	X(trigger_new_table, true, c->tables[0].triggers[1].new_table = NULL) \
	X(trigger_transition_swapped, true, c->tables[0].triggers[1].old_table = S(c, ""); \
		c->tables[0].triggers[1].new_table = NULL) \
	X(policy_name, true, c->tables[0].policies[1].name = S(c, "q_other")) \
	X(policy_permissive, true, c->tables[0].policies[1].permissive = true) \
	X(policy_command, true, c->tables[0].policies[1].command = S(c, "UPDATE")) \
	X(policy_roles, true, c->tables[0].policies[0].roles[1] = S(c, "web")) \
	X(policy_using, true, c->tables[0].policies[0].using_expr = S(c, "(c5 = 2)")) \
	X(policy_check, true, c->tables[0].policies[0].check_expr = NULL) \
	X(policy_comment, true, c->tables[0].policies[0].comment = S(c, "p")) \
	X(index_id, false, c->indexes[1].id = 1) \
	X(index_schema, true, c->indexes[1].schema = S(c, "other")) \
	X(index_name, true, c->indexes[1].name = S(c, "plain2_idx")) \
	X(index_table, true, c->indexes[1].table = S(c, "v")) \
	X(index_method, true, c->indexes[1].method = S(c, "hash")) \
	X(index_unique, true, c->indexes[1].unique = true) \
	X(index_nulls_not_distinct, true, c->indexes[1].nulls_not_distinct = false) \
	X(index_key_column, true, c->indexes[0].keys[0].column = S(c, "c3")) \
	X(index_key_expr, true, c->indexes[0].keys[1].expr = S(c, "upper((c3)::text)")) \
	X(index_key_collation, true, c->indexes[0].keys[1].collation = NULL) \
	X(index_key_opclass, true, c->indexes[0].keys[0].opclass = NULL) \
	X(index_key_desc, true, c->indexes[0].keys[0].desc = false) \
	X(index_key_nulls_first, true, c->indexes[0].keys[0].nulls_first = true) \
	X(index_include, true, c->indexes[0].include[1] = S(c, "c3")) \
	X(index_where, true, c->indexes[1].where = NULL) \
	X(index_option, true, c->indexes[0].options[1] = S(c, "x=1")) \
	X(index_option_order, true, SWAP(c->indexes[0].options[0], c->indexes[0].options[1])) \
	X(index_constraint, true, c->indexes[0].constraint = NULL) \
	X(index_comment, true, c->indexes[1].comment = S(c, "")) \
	X(index_attached, true, c->indexes[1].parent_index = S(c, "events_idx")) \
	X(view_id, false, c->views[1].id = 1) \
	X(view_schema, true, c->views[1].schema = S(c, "other")) \
	X(view_name, true, c->views[1].name = S(c, "w")) \
	X(view_materialized, true, c->views[1].materialized = true) \
	X(view_definition, true, c->views[1].definition = S(c, " SELECT 1;")) \
	X(view_columns, true, c->views[0].columns[1] = S(c, "R")) \
	X(view_option, true, c->views[0].options[0] = S(c, "fillfactor=60")) \
	X(view_option_order, true, SWAP(c->views[1].options[0], c->views[1].options[1])) \
	X(view_check_option, true, c->views[1].check_option = S(c, "LOCAL")) \
	X(view_with_data, true, c->views[0].with_data = false) \
	X(view_depends, true, c->views[0].depends[3] = S(c, "public.other")) \
	X(view_comment, true, c->views[0].comment = NULL) \
	X(view_grant, true, c->views[0].grants[0].privilege = S(c, "INSERT")) \
	X(view_column_comment, true, c->views[0].column_comments[1] = S(c, "col")) \
	X(view_column_comment_moved, true, c->views[0].column_comments[0] = \
		c->views[0].column_comments[1]; c->views[0].column_comments[1] = NULL) \
	X(view_trigger_name, true, c->views[1].triggers[0].name = S(c, "v_other")) \
	X(view_trigger_events, true, c->views[1].triggers[1].events = S(c, "INSERT")) \
	X(view_trigger_args, true, c->views[1].triggers[0].args[1] = S(c, "")) \
	X(view_trigger_enabled, true, c->views[1].triggers[1].enabled = 'D') \
	X(view_trigger_new_table, true, c->views[1].triggers[0].new_table = NULL) \
	X(view_trigger_comment, true, c->views[1].triggers[0].comment = NULL) \
	X(view_trigger_dropped, true, c->views[1].n_triggers--) \
	X(function_id, false, c->functions[1].id = 1) \
	X(function_schema, true, c->functions[1].schema = S(c, "other")) \
	X(function_name, true, c->functions[1].name = S(c, "q")) \
	X(function_kind, true, c->functions[1].kind = 'f') \
	X(function_arguments, true, c->functions[1].arguments = S(c, "a integer")) \
	X(function_identity_args, true, c->functions[1].identity_args = S(c, "a integer")) \
	X(function_returns, true, c->functions[1].returns = S(c, "void")) \
	X(function_language, true, c->functions[1].language = S(c, "plpgsql")) \
	X(function_body, true, c->functions[1].body = S(c, "SELECT 1")) \
	X(function_body_sha256, true, c->functions[0].body_sha256 = NULL) \
	X(function_volatility, true, c->functions[1].volatility = 'i') \
	X(function_strict, true, c->functions[1].strict = true) \
	X(function_security_definer, true, c->functions[1].security_definer = false) \
	X(function_leakproof, true, c->functions[1].leakproof = false) \
	X(function_parallel, true, c->functions[1].parallel = S(c, "SAFE")) \
	X(function_config, true, c->functions[0].config[0] = S(c, "work_mem=1MB")) \
	X(function_comment, true, c->functions[1].comment = S(c, "p")) \
	X(function_grant, true, c->functions[0].grants[0].grantee = S(c, "app")) \
	X(function_grant_default, true, c->functions[0].grants[0].grantable = false) \
	X(function_grant_revoked, true, c->functions[1].n_grants = 0) \
	X(default_acl_role, true, c->default_acls[1].role = NULL) \
	X(default_acl_schema, true, c->default_acls[0].schema = S(c, "public")) \
	X(default_acl_kind, true, c->default_acls[0].kind = LS_DEFACL_TYPES) \
	X(default_acl_grant, true, c->default_acls[1].grants[1].grantee = S(c, "app")) \
	X(default_acl_grant_added, true, c->default_acls[0].grants = c->default_acls[1].grants; \
		c->default_acls[0].n_grants = 1) \
	X(default_acl_dropped, true, c->n_default_acls--) \
	X(default_acls_none, true, c->n_default_acls = 0) \
	X(data_step_path, false, c->data_steps[1].path = S(c, "x.sql")) \
	X(data_step_line, false, c->data_steps[1].line = 2) \
	X(data_step_column, false, c->data_steps[1].column = 2) \
	X(data_step_sql, false, c->data_steps[1].sql = S(c, "DO $$ $$")) \
	X(data_step_dropped, false, c->n_data_steps--) \
	X(next_id, false, c->next_id++)

#define DEFINE(name, json, ...) \
	static void mut_##name(ls_catalog *c) { __VA_ARGS__; }
MUTATIONS(DEFINE)
#undef DEFINE

typedef struct mutation {
	const char *name;
	void (*fn)(ls_catalog *c);
	bool json;
} mutation;

#define ENTRY(name, json, ...) {#name, mut_##name, json},
static const mutation mutations[] = {MUTATIONS(ENTRY)};
#undef ENTRY

#define N_MUTATIONS (sizeof mutations / sizeof *mutations)

static int cmp_key(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* Every change gives a key of its own: not the unchanged catalog's, not
 * another change's. Saved in one store, each loads back as it was. */
static void test_every_change_another_key(void **state)
{
	(void)state;
	static char keys[N_MUTATIONS + 1][65];
	ls_catalog *base = full_catalog();
	char *base_json = json_of(base);
	key_of(keys[N_MUTATIONS], base);
	ls_store *st = open_store("changes.db");
	for (size_t i = 0; i < N_MUTATIONS; i++) {
		const mutation *m = &mutations[i];
		ls_catalog *c = full_catalog();
		m->fn(c);
		char *json = json_of(c);
		if ((strcmp(json, base_json) != 0) != m->json)
			fail_msg("%s: the JSON %s", m->name, m->json ? "did not change" : "changed");
		key_of(keys[i], c);
		if (!strcmp(keys[i], keys[N_MUTATIONS]))
			fail_msg("%s: the key did not change", m->name);
		char saved[65];
		save(saved, st, c);
		assert_string_equal(saved, keys[i]);
		ls_catalog *back = load(st, saved);
		char *back_json = json_of(back);
		assert_string_equal(json, back_json);
		char again[65];
		key_of(again, back);
		if (strcmp(again, saved))
			fail_msg("%s: the loaded catalog has another key", m->name);
		free(back_json);
		ls_catalog_free(back);
		free(json);
		ls_catalog_free(c);
	}
	qsort(keys, N_MUTATIONS + 1, sizeof keys[0], cmp_key);
	for (size_t i = 1; i <= N_MUTATIONS; i++)
		if (!strcmp(keys[i - 1], keys[i]))
			fail_msg("two changes gave one key %s", keys[i]);
	ls_store_close(st);
	free(base_json);
	ls_catalog_free(base);
}

/* An index attached to a parent's index is not in the JSON, but it is
 * stored: a change to it changes the key. */
static void test_attached_index(void **state)
{
	(void)state;
	char k1[65], k2[65];
	ls_catalog *c = full_catalog();
	c->indexes[1].parent_index = S(c, "events_idx");
	char *before = json_of(c);
	key_of(k1, c);
	c->indexes[1].method = S(c, "hash");
	char *after = json_of(c);
	key_of(k2, c);
	assert_string_equal(before, after);
	assert_string_not_equal(k1, k2);
	free(before);
	free(after);
	ls_catalog_free(c);
}

/* Save c into st and check the key: the one a memo-less computation
 * gives, another than the last one (unless same), and the snapshot loads
 * back as c is. */
static void save_step(ls_store *st, ls_catalog *c, char last[65], bool same, const char *what)
{
	char k[65], want[65];
	save(k, st, c);
	key_of(want, c);
	if (strcmp(k, want))
		fail_msg("%s: the store's key is not the catalog's", what);
	if ((strcmp(k, last) == 0) != same)
		fail_msg("%s: the key %s", what, same ? "changed" : "did not change");
	ls_catalog *back = load(st, k);
	char *a = json_of(c), *b = json_of(back);
	if (strcmp(a, b))
		fail_msg("%s: the snapshot loads back otherwise", what);
	free(a);
	free(b);
	ls_catalog_free(back);
	memcpy(last, k, 65);
}

/* One catalog changed in place between saves, as a history walk does (the
 * store's memo keeps the shapes of its objects from one save to the
 * next): each save has the key of what the catalog holds then. */
static void test_changed_between_saves(void **state)
{
	(void)state;
	char first[65], last[65];
	ls_store *st = open_store("walk.db");
	ls_catalog *c = full_catalog();
	save(first, st, c);
	memcpy(last, first, sizeof last);
	ls_table *t = ls_catalog_find_table(c, "public", "events");
	ls_type *mood = ls_catalog_find_type(c, "public", "mood");
	ls_index *x = ls_catalog_find_index(c, "public", "plain_idx");
	assert_non_null(t);
	assert_non_null(mood);
	assert_non_null(x);

	t->columns[1].type = S(c, "integer");
	save_step(st, c, last, false, "column type");
	t->columns[0].grants[0].grantable = !t->columns[0].grants[0].grantable;
	save_step(st, c, last, false, "column grant");
	t->constraints[0].name = S(c, "a_check2");
	save_step(st, c, last, false, "constraint name");
	t->triggers[0].args[1] = S(c, "y");
	save_step(st, c, last, false, "trigger argument");
	ls_column col = t->columns[0];
	t->columns[0] = t->columns[1];
	t->columns[1] = col;
	save_step(st, c, last, false, "columns swapped");
	t->n_columns--;
	save_step(st, c, last, false, "column dropped");
	ls_column *added = ls_arena_push(c->arena, (void **)&t->columns, &t->n_columns,
			sizeof *t->columns);
	assert_non_null(added);
	added->id = 31337;
	added->name = S(c, "added");
	added->type = S(c, "text");
	save_step(st, c, last, false, "column added");
	const char *label = mood->labels[0];
	mood->labels[0] = mood->labels[1];
	mood->labels[1] = label;
	save_step(st, c, last, false, "labels swapped");
	x->method = S(c, "hash");
	save_step(st, c, last, false, "index method");
	t->id++;
	save_step(st, c, last, false, "table id");
	c->next_id++;
	save_step(st, c, last, false, "next_id");
	c->search_path[0] = S(c, "elsewhere");
	save_step(st, c, last, false, "search path");
	c->data_steps[0].line--;
	save_step(st, c, last, false, "data step");
	save_step(st, c, last, true, "nothing");
	ls_catalog_free(c);

	/* the first catalog again, changed and changed back */
	c = full_catalog();
	save_step(st, c, last, false, "the first catalog again");
	assert_string_equal(last, first);
	t = ls_catalog_find_table(c, "public", "events");
	t->columns[1].type = S(c, "text");
	save_step(st, c, last, false, "column type");
	t->columns[1].type = S(c, "bigint");
	save_step(st, c, last, false, "column type back");
	assert_string_equal(last, first);
	ls_catalog_free(c);
	ls_store_close(st);
}

static void apply(ls_catalog *c, const char *sql)
{
	ls_error err;
	ls_error_clear(&err);
	if (ls_catalog_apply_sql(c, sql, strlen(sql), "walk.sql", &err) != 0)
		fail_msg("%s: %s", sql, err.diags[0].message);
}

/* A catalog of more objects than one run of the key holds, changed by SQL
 * between saves as a history walk changes it: in the middle, at the end,
 * with everything after a dropped table moving up. */
static void test_many_objects(void **state)
{
	(void)state;
	char last[65] = "", sql[256];
	ls_store *st = open_store("many.db");
	ls_catalog *c = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_new(&c, &err), 0);
	for (int i = 0; i < 200; i++) {
		snprintf(sql, sizeof sql, "CREATE TABLE t%03d (id serial PRIMARY KEY, v text);", i);
		apply(c, sql);
	}
	save_step(st, c, last, false, "200 tables");
	static const char *const steps[] = {
		"ALTER TABLE t070 ADD COLUMN w integer",
		"ALTER TABLE t199 ALTER COLUMN v SET NOT NULL",
		"CREATE INDEX t130_v ON t130 (v)",
		"DROP TABLE t010",
		"ALTER TABLE t005 RENAME TO t250",
		"CREATE TABLE a000 (x int)",
		"COMMENT ON TABLE t150 IS 'late'",
	};
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		apply(c, steps[i]);
		save_step(st, c, last, false, steps[i]);
	}
	ls_catalog_free(c);
	ls_store_close(st);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	static const char *const files[] = {"equal.db", "changes.db", "walk.db", "many.db"};
	static const char *const ext[] = {"", "-wal", "-shm"};
	char path[600];
	for (size_t i = 0; i < 4; i++)
		for (size_t j = 0; j < 3; j++) {
			snprintf(path, sizeof path, "%s/%s%s", dir, files[i], ext[j]);
			remove(path);
		}
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal_catalogs_equal_keys),
		cmocka_unit_test(test_built_twice),
		cmocka_unit_test(test_every_change_another_key),
		cmocka_unit_test(test_attached_index),
		cmocka_unit_test(test_changed_between_saves),
		cmocka_unit_test(test_many_objects),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

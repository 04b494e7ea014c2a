/* Store version 3: every object once, snapshots as lists of objects.
 *
 * Version 2 wrote every row of every snapshot: a history of 2,000 commits
 * over 300 tables stored each unchanged table 2,000 times. Version 3 keeps
 * an object (a schema, extension, type, sequence, table with its columns,
 * constraints, triggers, policies, options and grants, index, view,
 * function, data step, or the search path) once:
 *
 *   store_objects     id INTEGER PRIMARY KEY, kind, hash: the SHA-256 of the
 *                     rows the object is stored as (store_hash.c), unique
 *   obj_<table>       the object's rows, by object_id: obj_tables,
 *                     obj_columns, obj_constraints, ... (one per version 2
 *                     table, with object_id where snapshot_key and the
 *                     parent's position were), obj_grants, obj_options,
 *                     obj_dependencies, obj_data_steps, obj_search_path
 *   snapshots         id INTEGER PRIMARY KEY, key (unique), created_at,
 *                     next_id
 *   snapshot_members  (snapshot_id, kind) -> object_ids, the JSON array of
 *                     the snapshot's objects of that kind in catalog order
 *                     ("[3,17,18]"): a row per kind, ten per snapshot, so a
 *                     snapshot that shares 299 of 300 tables with its
 *                     parent writes one table and ten short rows
 *
 * Every version 2 table is now a view with its name and its columns
 * (snapshot_key, positions, ...), joined through snapshot_objects, so the
 * queries of version 2 work unchanged, and lockstep itself reads snapshots
 * through them (store_load.c). The views need SQLite's JSON functions
 * (built in since 3.38). dependencies.to_kind is found per snapshot (a name
 * is a table in one snapshot and a view in the next).
 *
 * Deleting a snapshot row deletes its members; objects no snapshot lists
 * any more stay until removed by hand:
 *   DELETE FROM store_objects WHERE id NOT IN
 *     (SELECT object_id FROM snapshot_objects);
 */
#include "store_int.h"

#define KINDS "('schema', 'extension', 'type', 'sequence', 'table', 'index', 'view'," \
	" 'function', 'data_step', 'search_path')"

/* Before the conversion: the new snapshots table (an integer id, rows
 * kept), and the object tables beside the version 2 tables it reads. */
const char *const ls_store_v3[] = {
	"DROP VIEW objects",
	"CREATE TABLE snapshots_v3 (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  key TEXT NOT NULL UNIQUE,\n"
	"  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),\n"
	"  next_id INTEGER NOT NULL\n"
	")",
	"INSERT INTO snapshots_v3 (key, created_at, next_id)\n"
	"  SELECT key, created_at, next_id FROM snapshots ORDER BY created_at, key",
	"DROP TABLE snapshots",
	"ALTER TABLE snapshots_v3 RENAME TO snapshots",
	"CREATE TABLE store_objects (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  kind TEXT NOT NULL CHECK (kind IN " KINDS "),\n"
	"  hash TEXT NOT NULL UNIQUE\n"
	")",
	"CREATE TABLE snapshot_members (\n"
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,\n"
	"  kind TEXT NOT NULL CHECK (kind IN " KINDS "),\n"
	"  object_ids TEXT NOT NULL,\n"
	"  PRIMARY KEY (snapshot_id, kind)\n"
	") WITHOUT ROWID",
	"CREATE TABLE obj_search_path (\n"
	"  object_id INTEGER NOT NULL REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_schemas (\n"
	"  object_id INTEGER PRIMARY KEY REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  id INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  comment TEXT\n"
	")",
	"CREATE TABLE obj_extensions (\n"
	"  object_id INTEGER PRIMARY KEY REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  id INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  schema TEXT,\n"
	"  comment TEXT\n"
	")",
	"CREATE TABLE obj_types (\n"
	"  object_id INTEGER PRIMARY KEY REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  id INTEGER NOT NULL,\n"
	"  schema TEXT,\n"
	"  name TEXT,\n"
	"  kind TEXT,\n"
	"  base_type TEXT,\n"
	"  collation TEXT,\n"
	"  default_expr TEXT,\n"
	"  not_null INTEGER NOT NULL,\n"
	"  comment TEXT\n"
	")",
	"CREATE TABLE obj_type_labels (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_types (object_id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  label TEXT,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_type_checks (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_types (object_id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  expr TEXT,\n"
	"  valid INTEGER NOT NULL,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_type_attributes (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_types (object_id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  type TEXT,\n"
	"  collation TEXT,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_sequences (\n"
	"  object_id INTEGER PRIMARY KEY REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  id INTEGER NOT NULL,\n"
	"  schema TEXT,\n"
	"  name TEXT,\n"
	"  type TEXT,\n"
	"  start_value INTEGER NOT NULL,\n"
	"  increment INTEGER NOT NULL,\n"
	"  min_value INTEGER NOT NULL,\n"
	"  max_value INTEGER NOT NULL,\n"
	"  cache INTEGER NOT NULL,\n"
	"  cycle INTEGER NOT NULL,\n"
	"  owned_table TEXT,\n"
	"  owned_column TEXT,\n"
	"  identity INTEGER NOT NULL,\n"
	"  unlogged INTEGER NOT NULL,\n"
	"  comment TEXT\n"
	")",
	"CREATE TABLE obj_tables (\n"
	"  object_id INTEGER PRIMARY KEY REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  id INTEGER NOT NULL,\n"
	"  schema TEXT,\n"
	"  name TEXT,\n"
	"  kind TEXT,\n"
	"  unlogged INTEGER NOT NULL,\n"
	"  partition_key TEXT,\n"
	"  parent_schema TEXT,\n"
	"  parent_table TEXT,\n"
	"  partition_bound TEXT,\n"
	"  rls_enabled INTEGER NOT NULL,\n"
	"  rls_forced INTEGER NOT NULL,\n"
	"  comment TEXT\n"
	")",
	"CREATE TABLE obj_columns (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_tables (object_id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  id INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  type TEXT,\n"
	"  collation TEXT,\n"
	"  default_expr TEXT,\n"
	"  generated_expr TEXT,\n"
	"  identity TEXT,\n"
	"  not_null INTEGER NOT NULL,\n"
	"  comment TEXT,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_constraints (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_tables (object_id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  type TEXT,\n"
	"  expr TEXT,\n"
	"  ref_schema TEXT,\n"
	"  ref_table TEXT,\n"
	"  on_update TEXT,\n"
	"  on_delete TEXT,\n"
	"  match_type TEXT,\n"
	"  exclusion TEXT,\n"
	"  is_deferrable INTEGER NOT NULL,\n"
	"  is_deferred INTEGER NOT NULL,\n"
	"  valid INTEGER NOT NULL,\n"
	"  no_inherit INTEGER NOT NULL,\n"
	"  nulls_not_distinct INTEGER NOT NULL,\n"
	"  comment TEXT,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_constraint_columns (\n"
	"  object_id INTEGER NOT NULL,\n"
	"  constraint_position INTEGER NOT NULL,\n"
	"  side TEXT NOT NULL CHECK (side IN ('key', 'ref')),\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  PRIMARY KEY (object_id, constraint_position, side, position),\n"
	"  FOREIGN KEY (object_id, constraint_position)\n"
	"    REFERENCES obj_constraints (object_id, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE obj_triggers (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_tables (object_id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  timing TEXT,\n"
	"  events TEXT,\n"
	"  for_each_row INTEGER NOT NULL,\n"
	"  when_expr TEXT,\n"
	"  function_name TEXT,\n"
	"  constraint_trigger INTEGER NOT NULL,\n"
	"  is_deferrable INTEGER NOT NULL,\n"
	"  is_deferred INTEGER NOT NULL,\n"
	"  enabled TEXT,\n"
	"  comment TEXT,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_trigger_args (\n"
	"  object_id INTEGER NOT NULL,\n"
	"  trigger_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  arg TEXT,\n"
	"  PRIMARY KEY (object_id, trigger_position, position),\n"
	"  FOREIGN KEY (object_id, trigger_position)\n"
	"    REFERENCES obj_triggers (object_id, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE obj_policies (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_tables (object_id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  permissive INTEGER NOT NULL,\n"
	"  command TEXT,\n"
	"  using_expr TEXT,\n"
	"  check_expr TEXT,\n"
	"  comment TEXT,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_policy_roles (\n"
	"  object_id INTEGER NOT NULL,\n"
	"  policy_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  role TEXT,\n"
	"  PRIMARY KEY (object_id, policy_position, position),\n"
	"  FOREIGN KEY (object_id, policy_position)\n"
	"    REFERENCES obj_policies (object_id, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE obj_indexes (\n"
	"  object_id INTEGER PRIMARY KEY REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  id INTEGER NOT NULL,\n"
	"  schema TEXT,\n"
	"  name TEXT,\n"
	"  table_name TEXT,\n"
	"  method TEXT,\n"
	"  is_unique INTEGER NOT NULL,\n"
	"  nulls_not_distinct INTEGER NOT NULL,\n"
	"  where_expr TEXT,\n"
	"  constraint_name TEXT,\n"
	"  comment TEXT,\n"
	"  parent_index TEXT\n"
	")",
	"CREATE TABLE obj_index_keys (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_indexes (object_id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  column_name TEXT,\n"
	"  expr TEXT,\n"
	"  collation TEXT,\n"
	"  opclass TEXT,\n"
	"  descending INTEGER NOT NULL,\n"
	"  nulls_first INTEGER NOT NULL,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_index_include (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_indexes (object_id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  column_name TEXT,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_views (\n"
	"  object_id INTEGER PRIMARY KEY REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  id INTEGER NOT NULL,\n"
	"  schema TEXT,\n"
	"  name TEXT,\n"
	"  is_materialized INTEGER NOT NULL,\n"
	"  definition TEXT,\n"
	"  check_option TEXT,\n"
	"  with_data INTEGER NOT NULL,\n"
	"  comment TEXT\n"
	")",
	"CREATE TABLE obj_view_columns (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_views (object_id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_view_depends (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_views (object_id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  relation TEXT,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_functions (\n"
	"  object_id INTEGER PRIMARY KEY REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  id INTEGER NOT NULL,\n"
	"  schema TEXT,\n"
	"  name TEXT,\n"
	"  kind TEXT,\n"
	"  arguments TEXT,\n"
	"  identity_args TEXT,\n"
	"  returns TEXT,\n"
	"  language TEXT,\n"
	"  body TEXT,\n"
	"  body_sha256 TEXT,\n"
	"  volatility TEXT,\n"
	"  is_strict INTEGER NOT NULL,\n"
	"  security_definer INTEGER NOT NULL,\n"
	"  leakproof INTEGER NOT NULL,\n"
	"  parallel TEXT,\n"
	"  comment TEXT\n"
	")",
	"CREATE TABLE obj_function_config (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_functions (object_id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  setting TEXT,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	/* Privileges of a schema, sequence, table, view or function, or (when
	 * column_position >= 0) of a table's column; the names are for people
	 * reading the table. */
	"CREATE TABLE obj_grants (\n"
	"  object_id INTEGER NOT NULL REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  column_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  object_schema TEXT,\n"
	"  object_name TEXT,\n"
	"  column_name TEXT,\n"
	"  grantee TEXT,\n"
	"  privilege TEXT,\n"
	"  grantable INTEGER NOT NULL,\n"
	"  PRIMARY KEY (object_id, column_position, position)\n"
	")",
	/* Storage parameters of a table, index or view. */
	"CREATE TABLE obj_options (\n"
	"  object_id INTEGER NOT NULL REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  option TEXT,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_data_steps (\n"
	"  object_id INTEGER PRIMARY KEY REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  path TEXT,\n"
	"  line INTEGER NOT NULL,\n"
	"  column_no INTEGER NOT NULL,\n"
	"  sql TEXT\n"
	")",
	/* What an object needs, as in version 2's dependencies; to_kind is
	 * NULL where it depends on the snapshot (table, view, sequence or
	 * relation). */
	"CREATE TABLE obj_dependencies (\n"
	"  object_id INTEGER NOT NULL REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  kind TEXT NOT NULL,\n"
	"  from_kind TEXT NOT NULL,\n"
	"  from_schema TEXT,\n"
	"  from_name TEXT,\n"
	"  from_detail TEXT,\n"
	"  to_kind TEXT,\n"
	"  to_schema TEXT,\n"
	"  to_name TEXT,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE INDEX obj_dependencies_to ON obj_dependencies (to_schema, to_name)",
	NULL,
};

/* The rows of one kind of object of every snapshot, with the snapshot's
 * key and the object's position in it. */
#define OF(table, kind) " FROM snapshot_objects so JOIN " table " x" \
	" ON x.object_id = so.object_id WHERE so.kind = '" kind "'"

/* Whether the snapshot of so has a relation of this kind named as d's
 * target. */
#define HAS(kind, table) \
	"EXISTS (SELECT 1 FROM snapshot_objects r JOIN " table " y ON y.object_id = r.object_id" \
	" WHERE r.snapshot_id = so.snapshot_id AND r.kind = '" kind "'" \
	" AND y.schema = x.to_schema AND y.name = x.to_name)"

/* After the conversion: the version 2 tables go, views of the same names
 * and columns come. */
const char *const ls_store_v3_after[] = {
	"DROP TABLE dependencies",
	"DROP TABLE data_steps",
	"DROP TABLE options",
	"DROP TABLE grants",
	"DROP TABLE function_config",
	"DROP TABLE functions",
	"DROP TABLE view_depends",
	"DROP TABLE view_columns",
	"DROP TABLE views",
	"DROP TABLE index_include",
	"DROP TABLE index_keys",
	"DROP TABLE indexes",
	"DROP TABLE policy_roles",
	"DROP TABLE policies",
	"DROP TABLE trigger_args",
	"DROP TABLE triggers",
	"DROP TABLE constraint_columns",
	"DROP TABLE constraints",
	"DROP TABLE columns",
	"DROP TABLE tables",
	"DROP TABLE sequences",
	"DROP TABLE type_attributes",
	"DROP TABLE type_checks",
	"DROP TABLE type_labels",
	"DROP TABLE types",
	"DROP TABLE extensions",
	"DROP TABLE schemas",
	"DROP TABLE search_path",
	/* Every object of every snapshot: one row per element of the lists. */
	"CREATE VIEW snapshot_objects (snapshot_id, snapshot_key, kind, position, object_id) AS\n"
	"  SELECT s.id, s.key, m.kind, j.key, j.value\n"
	"  FROM snapshots s JOIN snapshot_members m ON m.snapshot_id = s.id,\n"
	"    json_each(m.object_ids) j",
	"CREATE VIEW search_path (snapshot_key, position, name) AS\n"
	"  SELECT so.snapshot_key, x.position, x.name" OF("obj_search_path", "search_path"),
	"CREATE VIEW schemas (snapshot_key, position, id, name, comment) AS\n"
	"  SELECT so.snapshot_key, so.position, x.id, x.name, x.comment" OF("obj_schemas", "schema"),
	"CREATE VIEW extensions (snapshot_key, position, id, name, schema, comment) AS\n"
	"  SELECT so.snapshot_key, so.position, x.id, x.name, x.schema, x.comment"
	OF("obj_extensions", "extension"),
	"CREATE VIEW types (snapshot_key, position, id, schema, name, kind, base_type, collation,\n"
	"    default_expr, not_null, comment) AS\n"
	"  SELECT so.snapshot_key, so.position, x.id, x.schema, x.name, x.kind, x.base_type,\n"
	"    x.collation, x.default_expr, x.not_null, x.comment" OF("obj_types", "type"),
	"CREATE VIEW type_labels (snapshot_key, type_position, position, label) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.label" OF("obj_type_labels", "type"),
	"CREATE VIEW type_checks (snapshot_key, type_position, position, name, expr, valid) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.name, x.expr, x.valid"
	OF("obj_type_checks", "type"),
	"CREATE VIEW type_attributes (snapshot_key, type_position, position, name, type,\n"
	"    collation) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.name, x.type, x.collation"
	OF("obj_type_attributes", "type"),
	"CREATE VIEW sequences (snapshot_key, position, id, schema, name, type, start_value,\n"
	"    increment, min_value, max_value, cache, cycle, owned_table, owned_column, identity,\n"
	"    unlogged, comment) AS\n"
	"  SELECT so.snapshot_key, so.position, x.id, x.schema, x.name, x.type, x.start_value,\n"
	"    x.increment, x.min_value, x.max_value, x.cache, x.cycle, x.owned_table,\n"
	"    x.owned_column, x.identity, x.unlogged, x.comment" OF("obj_sequences", "sequence"),
	"CREATE VIEW tables (snapshot_key, position, id, schema, name, kind, unlogged,\n"
	"    partition_key, parent_schema, parent_table, partition_bound, rls_enabled, rls_forced,\n"
	"    comment) AS\n"
	"  SELECT so.snapshot_key, so.position, x.id, x.schema, x.name, x.kind, x.unlogged,\n"
	"    x.partition_key, x.parent_schema, x.parent_table, x.partition_bound, x.rls_enabled,\n"
	"    x.rls_forced, x.comment" OF("obj_tables", "table"),
	"CREATE VIEW columns (snapshot_key, table_position, position, name, type, collation,\n"
	"    default_expr, generated_expr, identity, not_null, comment, id) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.name, x.type, x.collation,\n"
	"    x.default_expr, x.generated_expr, x.identity, x.not_null, x.comment, x.id"
	OF("obj_columns", "table"),
	"CREATE VIEW constraints (snapshot_key, table_position, position, name, type, expr,\n"
	"    ref_schema, ref_table, on_update, on_delete, match_type, exclusion, is_deferrable,\n"
	"    is_deferred, valid, no_inherit, nulls_not_distinct, comment) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.name, x.type, x.expr, x.ref_schema,\n"
	"    x.ref_table, x.on_update, x.on_delete, x.match_type, x.exclusion, x.is_deferrable,\n"
	"    x.is_deferred, x.valid, x.no_inherit, x.nulls_not_distinct, x.comment"
	OF("obj_constraints", "table"),
	"CREATE VIEW constraint_columns (snapshot_key, table_position, constraint_position, side,\n"
	"    position, name) AS\n"
	"  SELECT so.snapshot_key, so.position, x.constraint_position, x.side, x.position, x.name"
	OF("obj_constraint_columns", "table"),
	"CREATE VIEW triggers (snapshot_key, table_position, position, name, timing, events,\n"
	"    for_each_row, when_expr, function_name, constraint_trigger, is_deferrable,\n"
	"    is_deferred, enabled, comment) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.name, x.timing, x.events,\n"
	"    x.for_each_row, x.when_expr, x.function_name, x.constraint_trigger, x.is_deferrable,\n"
	"    x.is_deferred, x.enabled, x.comment" OF("obj_triggers", "table"),
	"CREATE VIEW trigger_args (snapshot_key, table_position, trigger_position, position, arg) AS\n"
	"  SELECT so.snapshot_key, so.position, x.trigger_position, x.position, x.arg"
	OF("obj_trigger_args", "table"),
	"CREATE VIEW policies (snapshot_key, table_position, position, name, permissive, command,\n"
	"    using_expr, check_expr, comment) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.name, x.permissive, x.command,\n"
	"    x.using_expr, x.check_expr, x.comment" OF("obj_policies", "table"),
	"CREATE VIEW policy_roles (snapshot_key, table_position, policy_position, position, role) AS\n"
	"  SELECT so.snapshot_key, so.position, x.policy_position, x.position, x.role"
	OF("obj_policy_roles", "table"),
	"CREATE VIEW indexes (snapshot_key, position, id, schema, name, table_name, method,\n"
	"    is_unique, nulls_not_distinct, where_expr, constraint_name, comment, parent_index) AS\n"
	"  SELECT so.snapshot_key, so.position, x.id, x.schema, x.name, x.table_name, x.method,\n"
	"    x.is_unique, x.nulls_not_distinct, x.where_expr, x.constraint_name, x.comment,\n"
	"    x.parent_index" OF("obj_indexes", "index"),
	"CREATE VIEW index_keys (snapshot_key, index_position, position, column_name, expr,\n"
	"    collation, opclass, descending, nulls_first) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.column_name, x.expr, x.collation,\n"
	"    x.opclass, x.descending, x.nulls_first" OF("obj_index_keys", "index"),
	"CREATE VIEW index_include (snapshot_key, index_position, position, column_name) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.column_name"
	OF("obj_index_include", "index"),
	"CREATE VIEW views (snapshot_key, position, id, schema, name, is_materialized, definition,\n"
	"    check_option, with_data, comment) AS\n"
	"  SELECT so.snapshot_key, so.position, x.id, x.schema, x.name, x.is_materialized,\n"
	"    x.definition, x.check_option, x.with_data, x.comment" OF("obj_views", "view"),
	"CREATE VIEW view_columns (snapshot_key, view_position, position, name) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.name" OF("obj_view_columns", "view"),
	"CREATE VIEW view_depends (snapshot_key, view_position, position, relation) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.relation"
	OF("obj_view_depends", "view"),
	"CREATE VIEW functions (snapshot_key, position, id, schema, name, kind, arguments,\n"
	"    identity_args, returns, language, body, body_sha256, volatility, is_strict,\n"
	"    security_definer, leakproof, parallel, comment) AS\n"
	"  SELECT so.snapshot_key, so.position, x.id, x.schema, x.name, x.kind, x.arguments,\n"
	"    x.identity_args, x.returns, x.language, x.body, x.body_sha256, x.volatility,\n"
	"    x.is_strict, x.security_definer, x.leakproof, x.parallel, x.comment"
	OF("obj_functions", "function"),
	"CREATE VIEW function_config (snapshot_key, function_position, position, setting) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.setting"
	OF("obj_function_config", "function"),
	"CREATE VIEW grants (snapshot_key, object_kind, object_position, column_position, position,\n"
	"    object_schema, object_name, column_name, grantee, privilege, grantable) AS\n"
	"  SELECT so.snapshot_key, CASE WHEN x.column_position >= 0 THEN 'column' ELSE so.kind END,\n"
	"    so.position, x.column_position, x.position, x.object_schema, x.object_name,\n"
	"    x.column_name, x.grantee, x.privilege, x.grantable\n"
	"  FROM snapshot_objects so JOIN obj_grants x ON x.object_id = so.object_id",
	"CREATE VIEW options (snapshot_key, object_kind, object_position, position, option) AS\n"
	"  SELECT so.snapshot_key, so.kind, so.position, x.position, x.option\n"
	"  FROM snapshot_objects so JOIN obj_options x ON x.object_id = so.object_id",
	"CREATE VIEW data_steps (snapshot_key, position, path, line, column_no, sql) AS\n"
	"  SELECT so.snapshot_key, so.position, x.path, x.line, x.column_no, x.sql"
	OF("obj_data_steps", "data_step"),
	/* Numbered per snapshot as version 2 wrote them: tables, indexes,
	 * sequences, views, each in snapshot order. Partitioned by the key, so
	 * a query for one snapshot_key reads that snapshot only (SQLite pushes
	 * such a term into the window); to_kind costs a look at the snapshot's
	 * relations per row, so a query over every snapshot is slow. */
	"CREATE VIEW dependencies (snapshot_key, position, kind, from_kind, from_schema, from_name,\n"
	"    from_detail, to_kind, to_schema, to_name) AS\n"
	"  SELECT so.snapshot_key,\n"
	"    row_number() OVER (PARTITION BY so.snapshot_key ORDER BY\n"
	"      CASE so.kind WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'sequence' THEN 2 ELSE 3 END,\n"
	"      so.position, x.position) - 1,\n"
	"    x.kind, x.from_kind, x.from_schema, x.from_name, x.from_detail,\n"
	"    coalesce(x.to_kind, CASE\n"
	"      WHEN " HAS("table", "obj_tables") " THEN 'table'\n"
	"      WHEN " HAS("view", "obj_views") " THEN 'view'\n"
	"      WHEN " HAS("sequence", "obj_sequences") " THEN 'sequence'\n"
	"      ELSE 'relation' END),\n"
	"    x.to_schema, x.to_name\n"
	"  FROM snapshot_objects so JOIN obj_dependencies x ON x.object_id = so.object_id",
	/* Every named object of a snapshot in one list, for browsing (as in
	 * version 1). */
	"CREATE VIEW objects (snapshot_key, kind, position, id, schema, name) AS\n"
	"  SELECT snapshot_key, 'schema', position, id, NULL, name FROM schemas\n"
	"  UNION ALL SELECT snapshot_key, 'extension', position, id, schema, name FROM extensions\n"
	"  UNION ALL SELECT snapshot_key, 'type', position, id, schema, name FROM types\n"
	"  UNION ALL SELECT snapshot_key, 'sequence', position, id, schema, name FROM sequences\n"
	"  UNION ALL SELECT snapshot_key, 'table', position, id, schema, name FROM tables\n"
	"  UNION ALL SELECT snapshot_key, 'index', position, id, schema, name FROM indexes\n"
	"  UNION ALL SELECT snapshot_key,\n"
	"    CASE WHEN is_materialized THEN 'materialized_view' ELSE 'view' END,\n"
	"    position, id, schema, name FROM views\n"
	"  UNION ALL SELECT snapshot_key, 'function', position, id, schema, name FROM functions",
	NULL,
};

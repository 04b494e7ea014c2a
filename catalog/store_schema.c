/* The store's SQL schema, as the migration steps that build it.
 *
 * ls_store_migrations[v] takes a store from version v to v + 1: statements,
 * and for version 3 a conversion in C between them. A step is never edited
 * once released: a change to the schema is a new step at the end, and
 * LS_STORE_VERSION grows by one. ls_store_open applies the missing steps in
 * one transaction, then sets PRAGMA user_version. The statements are static
 * text without values. Versions 1 and 2 are here; version 3, which keeps
 * each object once and turns the tables below into views of the same
 * names and columns, is in store_schema_v3.c.
 *
 * Layout of versions 1 and 2. Besides meta (what the file is), every row
 * belongs to a snapshot (snapshot_key, the SHA-256 of the
 * catalog's canonical JSON). Lists keep their order in a 0-based position
 * column, and a child row names its parent by the parent's position (names
 * are not unique in every catalog a program can build; positions are).
 * Booleans are 0/1; single-letter codes (pg_constraint.contype, ...) are
 * one-character text, NULL when unset; uint64 ids are stored bit for bit
 * in SQLite's signed integers.
 */
#include "store_int.h"

/* Version 0 (an empty file) to 1: the first schema. */
static const char *const v1[] = {
	"CREATE TABLE meta (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL\n"
	")",
	"INSERT INTO meta (key, value) VALUES ('application', 'lockstep')",
	"CREATE TABLE snapshots (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),\n"
	"  next_id INTEGER NOT NULL\n"
	")",
	"CREATE TABLE search_path (\n"
	"  snapshot_key TEXT NOT NULL REFERENCES snapshots (key) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  PRIMARY KEY (snapshot_key, position)\n"
	")",
	"CREATE TABLE schemas (\n"
	"  snapshot_key TEXT NOT NULL REFERENCES snapshots (key) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  id INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  comment TEXT,\n"
	"  PRIMARY KEY (snapshot_key, position)\n"
	")",
	"CREATE TABLE extensions (\n"
	"  snapshot_key TEXT NOT NULL REFERENCES snapshots (key) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  id INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  schema TEXT,\n"
	"  comment TEXT,\n"
	"  PRIMARY KEY (snapshot_key, position)\n"
	")",
	"CREATE TABLE types (\n"
	"  snapshot_key TEXT NOT NULL REFERENCES snapshots (key) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  id INTEGER NOT NULL,\n"
	"  schema TEXT,\n"
	"  name TEXT,\n"
	"  kind TEXT,\n"
	"  base_type TEXT,\n"
	"  collation TEXT,\n"
	"  default_expr TEXT,\n"
	"  not_null INTEGER NOT NULL,\n"
	"  comment TEXT,\n"
	"  PRIMARY KEY (snapshot_key, position)\n"
	")",
	"CREATE TABLE type_labels (\n"
	"  snapshot_key TEXT NOT NULL,\n"
	"  type_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  label TEXT,\n"
	"  PRIMARY KEY (snapshot_key, type_position, position),\n"
	"  FOREIGN KEY (snapshot_key, type_position)\n"
	"    REFERENCES types (snapshot_key, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE type_checks (\n"
	"  snapshot_key TEXT NOT NULL,\n"
	"  type_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  expr TEXT,\n"
	"  valid INTEGER NOT NULL,\n"
	"  PRIMARY KEY (snapshot_key, type_position, position),\n"
	"  FOREIGN KEY (snapshot_key, type_position)\n"
	"    REFERENCES types (snapshot_key, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE type_attributes (\n"
	"  snapshot_key TEXT NOT NULL,\n"
	"  type_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  type TEXT,\n"
	"  collation TEXT,\n"
	"  PRIMARY KEY (snapshot_key, type_position, position),\n"
	"  FOREIGN KEY (snapshot_key, type_position)\n"
	"    REFERENCES types (snapshot_key, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE sequences (\n"
	"  snapshot_key TEXT NOT NULL REFERENCES snapshots (key) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
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
	"  comment TEXT,\n"
	"  PRIMARY KEY (snapshot_key, position)\n"
	")",
	"CREATE TABLE tables (\n"
	"  snapshot_key TEXT NOT NULL REFERENCES snapshots (key) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
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
	"  comment TEXT,\n"
	"  PRIMARY KEY (snapshot_key, position)\n"
	")",
	"CREATE TABLE columns (\n"
	"  snapshot_key TEXT NOT NULL,\n"
	"  table_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  type TEXT,\n"
	"  collation TEXT,\n"
	"  default_expr TEXT,\n"
	"  generated_expr TEXT,\n"
	"  identity TEXT,\n"
	"  not_null INTEGER NOT NULL,\n"
	"  comment TEXT,\n"
	"  PRIMARY KEY (snapshot_key, table_position, position),\n"
	"  FOREIGN KEY (snapshot_key, table_position)\n"
	"    REFERENCES tables (snapshot_key, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE constraints (\n"
	"  snapshot_key TEXT NOT NULL,\n"
	"  table_position INTEGER NOT NULL,\n"
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
	"  PRIMARY KEY (snapshot_key, table_position, position),\n"
	"  FOREIGN KEY (snapshot_key, table_position)\n"
	"    REFERENCES tables (snapshot_key, position) ON DELETE CASCADE\n"
	")",
	/* side 'key': the constraint's columns; 'ref': the referenced columns
	 * of a foreign key. */
	"CREATE TABLE constraint_columns (\n"
	"  snapshot_key TEXT NOT NULL,\n"
	"  table_position INTEGER NOT NULL,\n"
	"  constraint_position INTEGER NOT NULL,\n"
	"  side TEXT NOT NULL CHECK (side IN ('key', 'ref')),\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  PRIMARY KEY (snapshot_key, table_position, constraint_position, side, position),\n"
	"  FOREIGN KEY (snapshot_key, table_position, constraint_position)\n"
	"    REFERENCES constraints (snapshot_key, table_position, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE triggers (\n"
	"  snapshot_key TEXT NOT NULL,\n"
	"  table_position INTEGER NOT NULL,\n"
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
	"  PRIMARY KEY (snapshot_key, table_position, position),\n"
	"  FOREIGN KEY (snapshot_key, table_position)\n"
	"    REFERENCES tables (snapshot_key, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE trigger_args (\n"
	"  snapshot_key TEXT NOT NULL,\n"
	"  table_position INTEGER NOT NULL,\n"
	"  trigger_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  arg TEXT,\n"
	"  PRIMARY KEY (snapshot_key, table_position, trigger_position, position),\n"
	"  FOREIGN KEY (snapshot_key, table_position, trigger_position)\n"
	"    REFERENCES triggers (snapshot_key, table_position, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE policies (\n"
	"  snapshot_key TEXT NOT NULL,\n"
	"  table_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  permissive INTEGER NOT NULL,\n"
	"  command TEXT,\n"
	"  using_expr TEXT,\n"
	"  check_expr TEXT,\n"
	"  comment TEXT,\n"
	"  PRIMARY KEY (snapshot_key, table_position, position),\n"
	"  FOREIGN KEY (snapshot_key, table_position)\n"
	"    REFERENCES tables (snapshot_key, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE policy_roles (\n"
	"  snapshot_key TEXT NOT NULL,\n"
	"  table_position INTEGER NOT NULL,\n"
	"  policy_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  role TEXT,\n"
	"  PRIMARY KEY (snapshot_key, table_position, policy_position, position),\n"
	"  FOREIGN KEY (snapshot_key, table_position, policy_position)\n"
	"    REFERENCES policies (snapshot_key, table_position, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE indexes (\n"
	"  snapshot_key TEXT NOT NULL REFERENCES snapshots (key) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
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
	"  parent_index TEXT,\n"
	"  PRIMARY KEY (snapshot_key, position)\n"
	")",
	"CREATE TABLE index_keys (\n"
	"  snapshot_key TEXT NOT NULL,\n"
	"  index_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  column_name TEXT,\n"
	"  expr TEXT,\n"
	"  collation TEXT,\n"
	"  opclass TEXT,\n"
	"  descending INTEGER NOT NULL,\n"
	"  nulls_first INTEGER NOT NULL,\n"
	"  PRIMARY KEY (snapshot_key, index_position, position),\n"
	"  FOREIGN KEY (snapshot_key, index_position)\n"
	"    REFERENCES indexes (snapshot_key, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE index_include (\n"
	"  snapshot_key TEXT NOT NULL,\n"
	"  index_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  column_name TEXT,\n"
	"  PRIMARY KEY (snapshot_key, index_position, position),\n"
	"  FOREIGN KEY (snapshot_key, index_position)\n"
	"    REFERENCES indexes (snapshot_key, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE views (\n"
	"  snapshot_key TEXT NOT NULL REFERENCES snapshots (key) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  id INTEGER NOT NULL,\n"
	"  schema TEXT,\n"
	"  name TEXT,\n"
	"  is_materialized INTEGER NOT NULL,\n"
	"  definition TEXT,\n"
	"  check_option TEXT,\n"
	"  with_data INTEGER NOT NULL,\n"
	"  comment TEXT,\n"
	"  PRIMARY KEY (snapshot_key, position)\n"
	")",
	"CREATE TABLE view_columns (\n"
	"  snapshot_key TEXT NOT NULL,\n"
	"  view_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  PRIMARY KEY (snapshot_key, view_position, position),\n"
	"  FOREIGN KEY (snapshot_key, view_position)\n"
	"    REFERENCES views (snapshot_key, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE view_depends (\n"
	"  snapshot_key TEXT NOT NULL,\n"
	"  view_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  relation TEXT,\n"
	"  PRIMARY KEY (snapshot_key, view_position, position),\n"
	"  FOREIGN KEY (snapshot_key, view_position)\n"
	"    REFERENCES views (snapshot_key, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE functions (\n"
	"  snapshot_key TEXT NOT NULL REFERENCES snapshots (key) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
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
	"  comment TEXT,\n"
	"  PRIMARY KEY (snapshot_key, position)\n"
	")",
	"CREATE TABLE function_config (\n"
	"  snapshot_key TEXT NOT NULL,\n"
	"  function_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  setting TEXT,\n"
	"  PRIMARY KEY (snapshot_key, function_position, position),\n"
	"  FOREIGN KEY (snapshot_key, function_position)\n"
	"    REFERENCES functions (snapshot_key, position) ON DELETE CASCADE\n"
	")",
	/* Privileges of every kind of object. object_position is the position
	 * of the object in its own table (for a column: of its table);
	 * column_position is -1 unless object_kind is 'column'. The names
	 * beside them are for people reading the table. */
	"CREATE TABLE grants (\n"
	"  snapshot_key TEXT NOT NULL REFERENCES snapshots (key) ON DELETE CASCADE,\n"
	"  object_kind TEXT NOT NULL CHECK (object_kind IN\n"
	"    ('schema', 'sequence', 'table', 'column', 'view', 'function')),\n"
	"  object_position INTEGER NOT NULL,\n"
	"  column_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  object_schema TEXT,\n"
	"  object_name TEXT,\n"
	"  column_name TEXT,\n"
	"  grantee TEXT,\n"
	"  privilege TEXT,\n"
	"  grantable INTEGER NOT NULL,\n"
	"  PRIMARY KEY (snapshot_key, object_kind, object_position, column_position, position)\n"
	")",
	/* Storage parameters ("name=value") of tables, indexes and views. */
	"CREATE TABLE options (\n"
	"  snapshot_key TEXT NOT NULL REFERENCES snapshots (key) ON DELETE CASCADE,\n"
	"  object_kind TEXT NOT NULL CHECK (object_kind IN ('table', 'index', 'view')),\n"
	"  object_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  option TEXT,\n"
	"  PRIMARY KEY (snapshot_key, object_kind, object_position, position)\n"
	")",
	"CREATE TABLE data_steps (\n"
	"  snapshot_key TEXT NOT NULL REFERENCES snapshots (key) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  path TEXT,\n"
	"  line INTEGER NOT NULL,\n"
	"  column_no INTEGER NOT NULL,\n"
	"  sql TEXT,\n"
	"  PRIMARY KEY (snapshot_key, position)\n"
	")",
	/* Derived on save, never read back: which object needs which.
	 * kind: foreign_key, partition, trigger, index, owned_by, view.
	 * *_kind: table, view, sequence, index, function, or relation when the
	 * target is not in the snapshot. from_detail names the constraint,
	 * trigger or owning column the dependency comes from. */
	"CREATE TABLE dependencies (\n"
	"  snapshot_key TEXT NOT NULL REFERENCES snapshots (key) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  kind TEXT NOT NULL,\n"
	"  from_kind TEXT NOT NULL,\n"
	"  from_schema TEXT,\n"
	"  from_name TEXT,\n"
	"  from_detail TEXT,\n"
	"  to_kind TEXT NOT NULL,\n"
	"  to_schema TEXT,\n"
	"  to_name TEXT,\n"
	"  PRIMARY KEY (snapshot_key, position)\n"
	")",
	"CREATE INDEX dependencies_to ON dependencies (snapshot_key, to_schema, to_name)",
	/* Every named object of a snapshot in one list, for browsing. */
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

/* Version 1 to 2: column identity, and what history.c records.
 * A revision is one commit read with one layout (source: "layout:root").
 * Its migrations, in run order, are those of its base revision (the parent
 * it was built on, or none) followed by its own revision_files rows, which
 * start at the base's n_files. Warnings about the history (an edited or
 * removed migration, a duplicate version) are kept with the revision that
 * showed them. The parse cache holds the pg_query_parse_protobuf output of
 * a git blob, per parser (libpg_query and lockstep's preprocessing both
 * shape the tree). */
static const char *const v2[] = {
	"ALTER TABLE columns ADD COLUMN id INTEGER NOT NULL DEFAULT 0",
	"CREATE TABLE parse_cache (\n"
	"  blob_id TEXT NOT NULL,\n"
	"  parser TEXT NOT NULL,\n"
	"  tree BLOB NOT NULL,\n"
	"  PRIMARY KEY (blob_id, parser)\n"
	")",
	"CREATE TABLE revisions (\n"
	"  commit_id TEXT NOT NULL,\n"
	"  source TEXT NOT NULL,\n"
	"  snapshot_key TEXT NOT NULL REFERENCES snapshots (key),\n"
	"  base_commit TEXT,\n"
	"  n_files INTEGER NOT NULL,\n"
	"  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),\n"
	"  PRIMARY KEY (commit_id, source)\n"
	")",
	"CREATE TABLE revision_files (\n"
	"  commit_id TEXT NOT NULL,\n"
	"  source TEXT NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  path TEXT NOT NULL,\n"
	"  blob_id TEXT NOT NULL,\n"
	"  version TEXT,\n"
	"  down_path TEXT,\n"
	"  down_blob_id TEXT,\n"
	"  PRIMARY KEY (commit_id, source, position),\n"
	"  FOREIGN KEY (commit_id, source)\n"
	"    REFERENCES revisions (commit_id, source) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE revision_warnings (\n"
	"  commit_id TEXT NOT NULL,\n"
	"  source TEXT NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  message TEXT NOT NULL,\n"
	"  PRIMARY KEY (commit_id, source, position),\n"
	"  FOREIGN KEY (commit_id, source)\n"
	"    REFERENCES revisions (commit_id, source) ON DELETE CASCADE\n"
	")",
	"CREATE INDEX revisions_snapshot ON revisions (snapshot_key)",
	NULL,
};

/* Version 5: the catalog model each revision was built by
 * (LS_CATALOG_MODEL); the revisions recorded before say 0, so the first
 * walk of a new build replays them again. */
static const char *const v5[] = {
	"ALTER TABLE revisions ADD COLUMN model INTEGER NOT NULL DEFAULT 0",
	NULL,
};

/* Version 8: table inheritance, in tables of its own so a table without
 * it is stored (and hashed) as before: the INHERITS parents of a table in
 * order, and which of its columns and CHECK constraints are there only
 * because a parent has them (attislocal / conislocal false). */
static const char *const v8[] = {
	"CREATE TABLE obj_table_inherits (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_tables (object_id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  schema TEXT NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_inherited_only (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_tables (object_id) ON DELETE CASCADE,\n"
	"  item TEXT NOT NULL CHECK (item IN ('column', 'constraint')),\n"
	"  position INTEGER NOT NULL,\n"
	"  PRIMARY KEY (object_id, item, position)\n"
	")",
	"CREATE VIEW table_inherits (snapshot_key, table_position, position, schema, name) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.schema, x.name\n"
	"  FROM snapshot_objects so JOIN obj_table_inherits x ON x.object_id = so.object_id\n"
	"  WHERE so.kind = 'table'",
	"CREATE VIEW inherited_only (snapshot_key, table_position, item, position) AS\n"
	"  SELECT so.snapshot_key, so.position, x.item, x.position\n"
	"  FROM snapshot_objects so JOIN obj_inherited_only x ON x.object_id = so.object_id\n"
	"  WHERE so.kind = 'table'",
	NULL,
};

/* Version 9: aggregates (pg_aggregate), one row beside the obj_functions
 * row of each, so a function that is not an aggregate is stored (and
 * hashed) as before. */
static const char *const v9[] = {
	"CREATE TABLE obj_function_aggregates (\n"
	"  object_id INTEGER PRIMARY KEY REFERENCES obj_functions (object_id) ON DELETE CASCADE,\n"
	"  agg_kind TEXT NOT NULL CHECK (agg_kind IN ('n', 'o', 'h')),\n"
	"  direct_args INTEGER NOT NULL,\n"
	"  sfunc TEXT NOT NULL,\n"
	"  stype TEXT NOT NULL,\n"
	"  sspace INTEGER NOT NULL,\n"
	"  finalfunc TEXT,\n"
	"  finalfunc_extra INTEGER NOT NULL,\n"
	"  finalfunc_modify TEXT NOT NULL,\n"
	"  combinefunc TEXT,\n"
	"  serialfunc TEXT,\n"
	"  deserialfunc TEXT,\n"
	"  initcond TEXT,\n"
	"  msfunc TEXT,\n"
	"  minvfunc TEXT,\n"
	"  mstype TEXT,\n"
	"  msspace INTEGER NOT NULL,\n"
	"  mfinalfunc TEXT,\n"
	"  mfinalfunc_extra INTEGER NOT NULL,\n"
	"  mfinalfunc_modify TEXT NOT NULL,\n"
	"  minitcond TEXT,\n"
	"  sortop TEXT\n"
	")",
	"CREATE VIEW function_aggregates (snapshot_key, function_position, agg_kind, direct_args,\n"
	"  sfunc, stype, sspace, finalfunc, finalfunc_extra, finalfunc_modify, combinefunc,\n"
	"  serialfunc, deserialfunc, initcond, msfunc, minvfunc, mstype, msspace, mfinalfunc,\n"
	"  mfinalfunc_extra, mfinalfunc_modify, minitcond, sortop) AS\n"
	"  SELECT so.snapshot_key, so.position, x.agg_kind, x.direct_args, x.sfunc, x.stype,\n"
	"  x.sspace, x.finalfunc, x.finalfunc_extra, x.finalfunc_modify, x.combinefunc,\n"
	"  x.serialfunc, x.deserialfunc, x.initcond, x.msfunc, x.minvfunc, x.mstype, x.msspace,\n"
	"  x.mfinalfunc, x.mfinalfunc_extra, x.mfinalfunc_modify, x.minitcond, x.sortop\n"
	"  FROM snapshot_objects so JOIN obj_function_aggregates x ON x.object_id = so.object_id\n"
	"  WHERE so.kind = 'function'",
	NULL,
};

const ls_store_upgrade ls_store_migrations[LS_STORE_VERSION] = {
	{v1, NULL, NULL},                                       /* 0 -> 1 */
	{v2, NULL, NULL},                                       /* 1 -> 2 */
	{ls_store_v3, ls_store_upgrade_v3, ls_store_v3_after},  /* 2 -> 3 */
	{ls_store_v4, NULL, NULL},                              /* 3 -> 4 */
	{v5, NULL, NULL},                                       /* 4 -> 5 */
	{ls_store_v6, NULL, NULL},                              /* 5 -> 6 */
	{ls_store_v7, NULL, NULL},                              /* 6 -> 7 */
	{v8, NULL, NULL},                                       /* 7 -> 8 */
	{v9, NULL, NULL},                                       /* 8 -> 9 */
};

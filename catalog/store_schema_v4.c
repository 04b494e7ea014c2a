/* Store version 4: what the model gained after version 3, in tables of
 * their own, so an object that uses none of it is stored, and hashed,
 * exactly as version 3 stored it, and a snapshot key stays the same:
 *
 *   obj_type_attribute_comments  COMMENT ON COLUMN of a composite type
 *   obj_type_check_comments      COMMENT ON CONSTRAINT ... ON DOMAIN
 *   obj_view_column_comments     COMMENT ON COLUMN of a view
 *   obj_view_triggers (+ _args)  triggers on views
 *   obj_trigger_transitions      REFERENCING OLD/NEW TABLE of a trigger
 *                                (relation_kind 'table' or 'view')
 *   obj_revoked_defaults         a function without PUBLIC EXECUTE or a
 *                                type without PUBLIC USAGE: obj_grants
 *                                leaves that built-in grant out, and this
 *                                row says it is gone
 *   obj_default_acls             ALTER DEFAULT PRIVILEGES (a new object
 *                                kind, 'default_acl'; its privileges are
 *                                obj_grants rows)
 *
 * The kind lists of store_objects and snapshot_members are CHECKed, so
 * the two tables are copied aside and created again with the new kind
 * (without ALTER TABLE RENAME, which would check every view against tables
 * that are gone for the moment). Every snapshot gets its empty
 * 'default_acl' list. The version 2 style views of the new tables follow.
 */
#include "store_int.h"

#define KINDS "('schema', 'extension', 'type', 'sequence', 'table', 'index', 'view'," \
	" 'function', 'data_step', 'search_path', 'default_acl')"

#define OF(table, kind) " FROM snapshot_objects so JOIN " table " x" \
	" ON x.object_id = so.object_id WHERE so.kind = '" kind "'"

const char *const ls_store_v4[] = {
	"CREATE TABLE store_objects_v3 AS SELECT id, kind, hash FROM store_objects",
	"DROP TABLE store_objects",
	"CREATE TABLE store_objects (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  kind TEXT NOT NULL CHECK (kind IN " KINDS "),\n"
	"  hash TEXT NOT NULL UNIQUE\n"
	")",
	"INSERT INTO store_objects (id, kind, hash) SELECT id, kind, hash FROM store_objects_v3"
	" ORDER BY id",
	"DROP TABLE store_objects_v3",
	"CREATE TABLE snapshot_members_v3 AS SELECT snapshot_id, kind, object_ids FROM snapshot_members",
	"DROP TABLE snapshot_members",
	"CREATE TABLE snapshot_members (\n"
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,\n"
	"  kind TEXT NOT NULL CHECK (kind IN " KINDS "),\n"
	"  object_ids TEXT NOT NULL,\n"
	"  PRIMARY KEY (snapshot_id, kind)\n"
	") WITHOUT ROWID",
	"INSERT INTO snapshot_members (snapshot_id, kind, object_ids)\n"
	"  SELECT snapshot_id, kind, object_ids FROM snapshot_members_v3",
	"DROP TABLE snapshot_members_v3",
	"INSERT INTO snapshot_members (snapshot_id, kind, object_ids)\n"
	"  SELECT id, 'default_acl', '[]' FROM snapshots",
	"CREATE TABLE obj_type_attribute_comments (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_types (object_id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  comment TEXT,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_type_check_comments (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_types (object_id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  comment TEXT,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_view_column_comments (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_views (object_id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  comment TEXT,\n"
	"  PRIMARY KEY (object_id, position)\n"
	")",
	"CREATE TABLE obj_view_triggers (\n"
	"  object_id INTEGER NOT NULL REFERENCES obj_views (object_id) ON DELETE CASCADE,\n"
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
	"CREATE TABLE obj_view_trigger_args (\n"
	"  object_id INTEGER NOT NULL,\n"
	"  trigger_position INTEGER NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  arg TEXT,\n"
	"  PRIMARY KEY (object_id, trigger_position, position),\n"
	"  FOREIGN KEY (object_id, trigger_position)\n"
	"    REFERENCES obj_view_triggers (object_id, position) ON DELETE CASCADE\n"
	")",
	"CREATE TABLE obj_trigger_transitions (\n"
	"  object_id INTEGER NOT NULL REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  trigger_position INTEGER NOT NULL,\n"
	"  old_table TEXT,\n"
	"  new_table TEXT,\n"
	"  PRIMARY KEY (object_id, trigger_position)\n"
	")",
	"CREATE TABLE obj_revoked_defaults (\n"
	"  object_id INTEGER NOT NULL REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  privilege TEXT NOT NULL,\n"
	"  PRIMARY KEY (object_id, privilege)\n"
	")",
	"CREATE TABLE obj_default_acls (\n"
	"  object_id INTEGER PRIMARY KEY REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  role TEXT,\n"
	"  schema TEXT,\n"
	"  kind TEXT NOT NULL\n"
	")",
	"CREATE VIEW type_attribute_comments (snapshot_key, type_position, position, comment) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.comment"
	OF("obj_type_attribute_comments", "type"),
	"CREATE VIEW type_check_comments (snapshot_key, type_position, position, comment) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.comment"
	OF("obj_type_check_comments", "type"),
	"CREATE VIEW view_column_comments (snapshot_key, view_position, position, comment) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.comment"
	OF("obj_view_column_comments", "view"),
	"CREATE VIEW view_triggers (snapshot_key, view_position, position, name, timing, events,\n"
	"    for_each_row, when_expr, function_name, constraint_trigger, is_deferrable,\n"
	"    is_deferred, enabled, comment) AS\n"
	"  SELECT so.snapshot_key, so.position, x.position, x.name, x.timing, x.events,\n"
	"    x.for_each_row, x.when_expr, x.function_name, x.constraint_trigger, x.is_deferrable,\n"
	"    x.is_deferred, x.enabled, x.comment" OF("obj_view_triggers", "view"),
	"CREATE VIEW view_trigger_args (snapshot_key, view_position, trigger_position, position,\n"
	"    arg) AS\n"
	"  SELECT so.snapshot_key, so.position, x.trigger_position, x.position, x.arg"
	OF("obj_view_trigger_args", "view"),
	"CREATE VIEW trigger_transitions (snapshot_key, relation_kind, relation_position,\n"
	"    trigger_position, old_table, new_table) AS\n"
	"  SELECT so.snapshot_key, so.kind, so.position, x.trigger_position, x.old_table, x.new_table\n"
	"  FROM snapshot_objects so JOIN obj_trigger_transitions x ON x.object_id = so.object_id",
	"CREATE VIEW revoked_defaults (snapshot_key, object_kind, object_position, privilege) AS\n"
	"  SELECT so.snapshot_key, so.kind, so.position, x.privilege\n"
	"  FROM snapshot_objects so JOIN obj_revoked_defaults x ON x.object_id = so.object_id",
	"CREATE VIEW default_privileges (snapshot_key, position, role, schema, kind) AS\n"
	"  SELECT so.snapshot_key, so.position, x.role, x.schema, x.kind"
	OF("obj_default_acls", "default_acl"),
	NULL,
};

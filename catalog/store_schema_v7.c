/* Store version 7: the user's collations (CREATE COLLATION), a new object
 * kind 'collation' with a table of its own, obj_collations. An object that
 * is not a collation is stored and hashed as version 4 stored it, and a
 * snapshot without collations keeps its key.
 *
 * As in version 4 (store_schema_v4.c), the kind lists of store_objects and
 * snapshot_members are CHECKed, so the two tables are copied aside and
 * created again with the new kind. Every snapshot gets its empty
 * 'collation' list; the version 2 style view of the new table follows.
 */
#include "store_int.h"

#define KINDS "('schema', 'extension', 'type', 'sequence', 'table', 'index', 'view'," \
	" 'function', 'data_step', 'search_path', 'default_acl', 'collation')"

#define OF(table, kind) " FROM snapshot_objects so JOIN " table " x" \
	" ON x.object_id = so.object_id WHERE so.kind = '" kind "'"

const char *const ls_store_v7[] = {
	"CREATE TABLE store_objects_v4 AS SELECT id, kind, hash FROM store_objects",
	"DROP TABLE store_objects",
	"CREATE TABLE store_objects (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  kind TEXT NOT NULL CHECK (kind IN " KINDS "),\n"
	"  hash TEXT NOT NULL UNIQUE\n"
	")",
	"INSERT INTO store_objects (id, kind, hash) SELECT id, kind, hash FROM store_objects_v4"
	" ORDER BY id",
	"DROP TABLE store_objects_v4",
	"CREATE TABLE snapshot_members_v4 AS SELECT snapshot_id, kind, object_ids FROM snapshot_members",
	"DROP TABLE snapshot_members",
	"CREATE TABLE snapshot_members (\n"
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,\n"
	"  kind TEXT NOT NULL CHECK (kind IN " KINDS "),\n"
	"  object_ids TEXT NOT NULL,\n"
	"  PRIMARY KEY (snapshot_id, kind)\n"
	") WITHOUT ROWID",
	"INSERT INTO snapshot_members (snapshot_id, kind, object_ids)\n"
	"  SELECT snapshot_id, kind, object_ids FROM snapshot_members_v4",
	"DROP TABLE snapshot_members_v4",
	"INSERT INTO snapshot_members (snapshot_id, kind, object_ids)\n"
	"  SELECT id, 'collation', '[]' FROM snapshots",
	"CREATE TABLE obj_collations (\n"
	"  object_id INTEGER PRIMARY KEY REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  id INTEGER NOT NULL,\n"
	"  schema TEXT,\n"
	"  name TEXT,\n"
	"  provider TEXT NOT NULL,\n"
	"  locale TEXT,\n"
	"  lc_collate TEXT,\n"
	"  lc_ctype TEXT,\n"
	"  deterministic INTEGER NOT NULL,\n"
	"  comment TEXT\n"
	")",
	"CREATE VIEW collations (snapshot_key, position, id, schema, name, provider, locale,\n"
	"    lc_collate, lc_ctype, deterministic, comment) AS\n"
	"  SELECT so.snapshot_key, so.position, x.id, x.schema, x.name, x.provider, x.locale,\n"
	"    x.lc_collate, x.lc_ctype, x.deterministic, x.comment" OF("obj_collations", "collation"),
	NULL,
};

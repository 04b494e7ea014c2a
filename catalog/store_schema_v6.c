/* Store version 6: who owns an object (catalog.h, "Owners"), in a table
 * of its own with a row only for an object whose owner has a name, so an
 * object created by the role a script starts as (owner NULL, every object
 * of a schema without SET ROLE, SET SESSION AUTHORIZATION or OWNER TO) is
 * stored, and hashed, exactly as version 5 stored it, and a snapshot key
 * stays the same:
 *
 *   obj_owners   the owner of a schema, type, sequence, table, view or
 *                function
 *
 * and its version 2 style view, owners (object_kind as snapshot_objects
 * names the kind, its position in the snapshot).
 */
#include "store_int.h"

const char *const ls_store_v6[] = {
	"CREATE TABLE obj_owners (\n"
	"  object_id INTEGER PRIMARY KEY REFERENCES store_objects (id) ON DELETE CASCADE,\n"
	"  owner TEXT NOT NULL\n"
	")",
	"CREATE VIEW owners (snapshot_key, object_kind, object_position, owner) AS\n"
	"  SELECT so.snapshot_key, so.kind, so.position, x.owner\n"
	"  FROM snapshot_objects so JOIN obj_owners x ON x.object_id = so.object_id",
	NULL,
};

/* Private to catalog/: the catalog as a flat list of identified objects.
 *
 * Every object the model gives an identity (schemas, extensions, types,
 * sequences, tables and their columns, indexes, views, functions) once, with
 * its id, its name and its canonical JSON. history.c compares two
 * revisions object by object: same id, other name = renamed; same id,
 * other JSON = altered.
 */
#ifndef LS_CATALOG_OBJECTS_H
#define LS_CATALOG_OBJECTS_H

#include <stdint.h>

#include "lockstep/catalog.h"

typedef enum ls_object_kind {
	LS_OBJECT_SCHEMA,
	LS_OBJECT_EXTENSION,
	LS_OBJECT_TYPE,
	LS_OBJECT_SEQUENCE,
	LS_OBJECT_TABLE,
	LS_OBJECT_COLUMN,
	LS_OBJECT_INDEX,
	LS_OBJECT_VIEW,
	LS_OBJECT_FUNCTION,
	LS_OBJECT_COUNT
} ls_object_kind;

typedef struct ls_object {
	ls_object_kind kind;
	uint64_t id;
	const char *schema;       /* NULL for a schema */
	const char *name;         /* a column's table */
	const char *column;       /* a column's name, else NULL */
	const char *signature;    /* a function's identity arguments, else NULL */
	const void *obj;          /* the model struct (ls_column for a column) */
} ls_object;

/* The word for o in messages: "table", "column", "materialized view",
 * "procedure", ... Static. */
const char *ls_object_kind_word(const ls_object *o);

/* "schema.name", "schema.table.column", "schema.f(integer)" or "name" for a
 * schema, each part quoted as PostgreSQL needs; in arena a. NULL on OOM. */
const char *ls_object_qualified(ls_arena *a, const ls_object *o);

/* Every identified object of cat, sorted by (kind, schema, name, column,
 * signature); malloc'ed array (free() it), borrowing from cat. Indexes
 * attached to a parent's index are left out, as in JSON. */
int ls_catalog_objects(ls_object **out, size_t *n, ls_catalog *cat, ls_error *err);

/* Canonical JSON of one object on one line (a table without its columns:
 * they are objects of their own). malloc'ed. */
int ls_object_to_json(char **out, const ls_object *o, ls_error *err);

/* Give cat's objects the identities of the objects of from with the same
 * kind and name, and fresh ones (past both catalogs' next_id) to the rest:
 * a revision replayed from the start (an edited migration) keeps its
 * parent's identities instead of ids counted anew. */
int ls_catalog_adopt_ids(ls_catalog *cat, ls_catalog *from, ls_error *err);

#endif

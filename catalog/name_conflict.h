/* Private to catalog/: name collisions of new relations and types, reported
 * as PostgreSQL 15 reports them.
 *
 * Relations (pg_class: tables, views, materialized views, sequences,
 * indexes, composite types) and types (pg_type: enums, domains, composite
 * types, and the row types of tables, views and materialized views; not of
 * sequences or indexes) are two name spaces per schema. heap_create_with_
 * catalog checks the relation name first, then the row type's; DefineEnum
 * and DefineDomain check only types; DefineCompositeType checks the type
 * first; index_create only relations. */
#ifndef LS_CATALOG_NAME_CONFLICT_H
#define LS_CATALOG_NAME_CONFLICT_H

#include "build.h"

typedef enum ls_new_kind {
	LS_NEW_RELATION,   /* table, view, materialized view: relation, then type */
	LS_NEW_SEQUENCE,   /* relation, then type (no row type is made, but checked) */
	LS_NEW_INDEX,      /* relation only */
	LS_NEW_COMPOSITE,  /* type, then relation */
	LS_NEW_TYPE        /* enum, domain: type only */
} ls_new_kind;

/* True when a pg_class / pg_type entry named name exists in schema. */
bool ls_class_name_taken(ls_catalog *cat, const char *schema, const char *name);
bool ls_type_name_taken(ls_catalog *cat, const char *schema, const char *name);

/* 0 when an object of kind may be named name in schema; otherwise
 * LS_EINVAL with `relation "x" already exists` or `type "x" already
 * exists`, whichever the server reports first. */
int ls_check_new_name(ls_apply *ap, const char *schema, const char *name, ls_new_kind kind);

#endif

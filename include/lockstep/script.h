/* lockstep — a catalog as the statement groups of its schema script.
 *
 * `catalog --format sql` writes a catalog as one script. The planner needs
 * the same script in pieces: every statement group (a CREATE TABLE, one
 * constraint, one index, the comments of one object, ...) with a key that
 * names it, the SQL that creates it, the groups it needs first, and its
 * place in a dependency order PostgreSQL accepts. Two catalogs' groups with
 * equal keys and equal SQL are the same thing; that is what a diff starts
 * from.
 */
#ifndef LOCKSTEP_SCRIPT_H
#define LOCKSTEP_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "lockstep/catalog.h"
#include "lockstep/error.h"

/* The kinds of statement groups, in the order a script wants them when
 * nothing else decides. */
typedef enum ls_script_kind {
	LS_SCRIPT_SCHEMA,        /* CREATE SCHEMA (DROP SCHEMA public when absent) */
	LS_SCRIPT_EXTENSION,
	LS_SCRIPT_COLLATION,     /* CREATE COLLATION of the user's */
	LS_SCRIPT_ENUM,
	LS_SCRIPT_COMPOSITE,
	LS_SCRIPT_DOMAIN,
	LS_SCRIPT_SEQUENCE,      /* not identity sequences: they come with the column */
	LS_SCRIPT_FUNCTION,      /* bodies given as strings */
	LS_SCRIPT_TABLE,         /* columns (and, unscattered, valid CHECKs), partitions */
	LS_SCRIPT_DEFAULT,       /* a column default moved out of CREATE TABLE */
	LS_SCRIPT_OWNED_BY,
	LS_SCRIPT_KEY,           /* PRIMARY KEY, UNIQUE, EXCLUDE */
	LS_SCRIPT_INDEX,
	LS_SCRIPT_VIEW,
	LS_SCRIPT_MATVIEW,
	LS_SCRIPT_LATE_FUNCTION, /* SQL-standard bodies, parsed on CREATE */
	LS_SCRIPT_CHECK,
	LS_SCRIPT_FOREIGN_KEY,
	LS_SCRIPT_TRIGGER,
	LS_SCRIPT_RLS,
	LS_SCRIPT_POLICY,
	LS_SCRIPT_COMMENT,
	LS_SCRIPT_GRANT,
	LS_SCRIPT_DEFAULT_PRIVILEGES, /* ALTER DEFAULT PRIVILEGES: role, schema, kind letter */
	LS_SCRIPT_KIND_COUNT
} ls_script_kind;

#define LS_SCRIPT_NONE ((size_t)-1)

typedef struct ls_script_node {
	ls_script_kind kind;
	ls_script_kind target;   /* COMMENT, GRANT, OWNED BY: the object's kind */
	const char *schema;      /* "" for schemas and extensions */
	const char *name;
	const char *sub;         /* constraint, trigger, policy, function args; "" */
	const char *key;         /* "kind target schema name sub", unique per script */
	const void *obj;         /* the model object (see sql_nodes.c) */
	const ls_table *table;   /* table of a table's part, or NULL */
	size_t item;             /* index of the part in table, or LS_SCRIPT_NONE */
	const char *sql;         /* the statements, each ending in ";\n" */
	const size_t *deps;      /* nodes that must come first */
	size_t n_deps;
	size_t rank;             /* place in the script's order */
} ls_script_node;

typedef struct ls_script {
	ls_script_node *nodes;   /* sorted by key */
	size_t n_nodes;
	size_t *order;           /* node indexes in dependency order */
	ls_arena *arena;         /* owns everything above */
} ls_script;

/* The statement groups of cat. With scatter, every CHECK constraint is a
 * group of its own (ALTER TABLE ... ADD CONSTRAINT) instead of a clause of
 * CREATE TABLE, so a changed check is a changed group, not a changed table.
 * The script points into cat: keep cat alive and unchanged while using it. */
int ls_catalog_script(ls_script **out, ls_catalog *cat, bool scatter, ls_error *err);

void ls_script_free(ls_script *s);

/* The node with this key, or NULL. */
const ls_script_node *ls_script_find(const ls_script *s, const char *key);

/* The node of an object (not a COMMENT, GRANT or OWNED BY): kind, schema
 * ("" for schemas and extensions), name, sub (NULL: ""). NULL when absent. */
const ls_script_node *ls_script_find_object(const ls_script *s, ls_script_kind kind,
		const char *schema, const char *name, const char *sub);

#endif

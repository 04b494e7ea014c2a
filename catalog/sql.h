/* Private to catalog/sql*.c: the catalog as a schema script
 * (ls_catalog_to_sql).
 *
 * Built the way pg_dump builds its output (src/bin/pg_dump/pg_dump_sort.c):
 * every statement group is a node with a kind, a sort key and the nodes it
 * needs first; nodes are pre-sorted by (priority of the kind, schema, name,
 * sub-name) and then topologically sorted, and each node is written by an
 * emitter. sql.c drives and sorts, sql_nodes.c collects the nodes,
 * sql_deps.c finds their dependencies and breaks cycles, sql_emit.c,
 * sql_emit_late.c and sql_meta.c write the statements.
 */
#ifndef LS_CATALOG_SQL_H
#define LS_CATALOG_SQL_H

#include "lockstep/buf.h"
#include "lockstep/catalog.h"
#include "lockstep/keymap.h"
#include "lockstep/script.h"

#include <stdbool.h>
#include <stddef.h>

/* The kinds of statement groups: the public ls_script_kind under the
 * short names this module uses. priority[] in sql.c has one entry per kind. */
typedef enum sql_kind {
	SK_SCHEMA = LS_SCRIPT_SCHEMA,
	SK_EXTENSION = LS_SCRIPT_EXTENSION,
	SK_COLLATION = LS_SCRIPT_COLLATION,
	SK_ENUM = LS_SCRIPT_ENUM,
	SK_COMPOSITE = LS_SCRIPT_COMPOSITE,
	SK_DOMAIN = LS_SCRIPT_DOMAIN,
	SK_SEQUENCE = LS_SCRIPT_SEQUENCE,
	SK_FUNCTION = LS_SCRIPT_FUNCTION,
	SK_TABLE = LS_SCRIPT_TABLE,
	SK_DEFAULT = LS_SCRIPT_DEFAULT,
	SK_OWNED_BY = LS_SCRIPT_OWNED_BY,
	SK_KEY = LS_SCRIPT_KEY,
	SK_INDEX = LS_SCRIPT_INDEX,
	SK_VIEW = LS_SCRIPT_VIEW,
	SK_MATVIEW = LS_SCRIPT_MATVIEW,
	SK_LATE_FUNCTION = LS_SCRIPT_LATE_FUNCTION,
	SK_CHECK = LS_SCRIPT_CHECK,
	SK_FOREIGN_KEY = LS_SCRIPT_FOREIGN_KEY,
	SK_TRIGGER = LS_SCRIPT_TRIGGER,
	SK_RLS = LS_SCRIPT_RLS,
	SK_POLICY = LS_SCRIPT_POLICY,
	SK_COMMENT = LS_SCRIPT_COMMENT,
	SK_GRANT = LS_SCRIPT_GRANT,
	SK_DEFAULT_ACL = LS_SCRIPT_DEFAULT_PRIVILEGES,
	SK_COUNT = LS_SCRIPT_KIND_COUNT
} sql_kind;

#define SQL_NONE ((size_t)-1)

/* One statement group. obj points into the catalog; table and item name
 * a child object (constraint, column, trigger, policy) of a table. */
typedef struct sql_node {
	sql_kind kind;
	sql_kind target;        /* COMMENT / GRANT: the kind of the object */
	int rank;               /* sort key after the priority (see key_rank) */
	const char *schema;     /* sort key: "" for schemas and extensions */
	const char *name;
	const char *sub;
	const void *obj;
	const ls_table *table;
	size_t item;
	size_t target_node;     /* COMMENT / GRANT / OWNED BY: the object's node */
	size_t first_child;     /* TABLE: its constraint/trigger/policy nodes */
	size_t n_children;
	size_t *deps;           /* nodes that must come first */
	size_t n_deps;
	bool *moved_default;    /* TABLE after the cycle fixer: per column */
	bool *moved_check;      /* per constraint */
} sql_node;

/* A name that expressions and types can refer to, mapped to its node.
 * Keys carry a one-letter namespace: q (quoted qualified relation or type
 * name), f (quoted qualified function name), r (raw "schema.name", as
 * view dependencies are recorded), s (schema name). */
typedef struct sql_name {
	const char *key;
	size_t node;
} sql_name;

typedef struct sql_ctx {
	ls_catalog *cat;
	ls_arena *a;            /* scratch: freed when the script is done */
	sql_node *nodes;
	size_t n_nodes;
	sql_name *names;
	size_t n_names;
	bool scatter;           /* every CHECK its own node (ls_catalog_script) */
	/* Lookups made once per object (sql_collect builds them; keys hashed
	 * by ls_key_hash(schema, name, NULL)): */
	ls_keymap table_nodes;  /* SK_TABLE nodes by (schema, name) */
	ls_keymap by_table_ix;  /* cat->indexes by (schema, table) */
	ls_keymap by_owner_seq; /* identity cat->sequences by (schema, owned_table) */
	/* per cat->collations entry: its qualified name and its node
	 * (sql_link builds them) */
	const char **coll_q;
	size_t *coll_node;
} sql_ctx;

/* --- sql.c --- */

/* Collect, link and order the nodes of cx->cat: *order (in cx->a) lists
 * every node in dependency order. 0, LS_ENOMEM or LS_ECYCLE (err set). */
int sql_plan_nodes(sql_ctx *cx, size_t **order, ls_error *err);

/* --- sql_nodes.c --- */

/* Append a node (schema NULL: ""; sub NULL: ""); returns its index, or
 * SQL_NONE when out of memory. Pointers into cx->nodes go stale. */
size_t sql_add_node(sql_ctx *cx, sql_kind kind, const char *schema,
		const char *name, const char *sub, const void *obj);

/* Create a node for every statement group of the catalog. 0 or LS_ENOMEM. */
int sql_collect(sql_ctx *cx);

/* The kind of a function's node: SK_LATE_FUNCTION for a SQL-standard body
 * (BEGIN ATOMIC / RETURN), which the server parses on CREATE. */
sql_kind sql_function_kind(const ls_function *f);

/* The identity sequence behind column col of t, or NULL (after sql_collect). */
const ls_sequence *sql_identity_sequence(const sql_ctx *cx, const ls_table *t,
		const char *col);

/* The index behind constraint name of t, or NULL (after sql_collect). */
const ls_index *sql_backing_index(const sql_ctx *cx, const ls_table *t, const char *name);

/* --- sql_deps.c --- */

/* Fill the dependencies of every node (name map first). 0 or LS_ENOMEM. */
int sql_link(sql_ctx *cx);

/* Cycle fixer (pg_dump's repairTableAttrDefLoop and
 * repairTableConstraintLoop): move the defaults and CHECK constraints of
 * table node i that refer to other objects out of its CREATE TABLE into
 * nodes of their own. Returns 1 when something moved, 0 when nothing could,
 * LS_ENOMEM. */
int sql_split_table(sql_ctx *cx, size_t i);

/* --- sql_emit.c, sql_emit_late.c, sql_meta.c --- */

/* Write node n's statements, each ending in ";\n". */
void sql_emit_node(const sql_ctx *cx, const sql_node *n, ls_buf *b);

void sql_emit_key(const sql_ctx *cx, const sql_node *n, ls_buf *b);
void sql_emit_check(const sql_ctx *cx, const sql_node *n, ls_buf *b);
void sql_emit_foreign_key(const sql_node *n, ls_buf *b);
void sql_emit_index(const ls_index *x, ls_buf *b);
void sql_emit_view(const ls_view *v, ls_buf *b);
void sql_emit_trigger(const sql_node *n, ls_buf *b);
void sql_emit_policy(const sql_node *n, ls_buf *b);
void sql_emit_rls(const ls_table *t, ls_buf *b);
void sql_emit_comment(const sql_node *n, ls_buf *b);
void sql_emit_grant(const sql_node *n, ls_buf *b);
void sql_emit_default_acl(const ls_default_acl *d, ls_buf *b);

/* "ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] " for an entry. */
void ls_defacl_prefix(ls_buf *b, const ls_default_acl *d);

/* "ALTER TABLE [ONLY] s.t" — ONLY unless t is partitioned, whose
 * constraints and indexes must reach its partitions. */
void sql_alter_table(ls_buf *b, const ls_table *t);

/* WITH (name=value, ...) storage parameters; numbers bare, other values
 * as literals. */
void sql_options(ls_buf *b, const char *const *opts, size_t n);

/* "s.f(identity args)" of a function. */
void sql_function_sig(ls_buf *b, const ls_function *f);

#endif

/* Private to catalog/: renames inside stored definitions (rewrite.c). */
#ifndef LS_CATALOG_REWRITE_H
#define LS_CATALOG_REWRITE_H

#include "build.h"

/* One rename. Set the fields of the kind of rename; the rest NULL. */
typedef struct ls_rename {
	const char *schema;        /* schema of the relation */
	const char *table;         /* relation whose column is renamed (its current name) */
	const char *old_column;    /* column rename: old and new name */
	const char *new_column;
	const char *old_table;     /* relation rename: old and new name */
	const char *new_table;
	const char *new_schema;    /* relation moved to another schema (with old_table == new_table) */
	const char *old_sequence;  /* sequence rename: qualified, quoted as in nextval() */
	const char *new_sequence;
	const char *func_schema;   /* function rename or move: schema and name before, */
	const char *old_function;  /* and after (new_func_schema NULL: same schema) */
	const char *new_function;
	const char *new_func_schema;
	const ls_function *overload; /* detecting calls: of this overload only, when
	                             * the call resolves to one (expr_call.c) */
	const ls_function *function; /* the routine renamed (its body names its parameters
	                             * with its name), or NULL */
	const char *type_schema;   /* type rename or move (a relation's row type too): */
	const char *old_type;      /* schema and name before, and after */
	const char *new_type;
	const char *new_type_schema;
	const char *old_schema_name; /* schema rename: every qualified name in it */
	const char *new_schema_name;
	bool bare_columns;         /* set internally: unqualified refs are the table's */
} ls_rename;

/* text with every whole-token occurrence of old (a qualified type name as
 * ls_qualify writes it; with prefix, a quoted schema name and its dot)
 * spelled new_name, outside literals and other quoted names: the text
 * itself when nothing changes, a copy in a otherwise, NULL on no memory
 * (apply_retype.c). */
const char *ls_retype_text(ls_arena *a, const char *text, const char *old, const char *new_name,
		bool prefix);

/* The type old is now new_name (prefix: the schema old is new_name) in
 * every type kept as text: columns, domains' base types, composite
 * attributes, routines' arguments and results, aggregates' states.
 * LS_ENOMEM on no memory. Expressions are ls_rewrite_names' (old_type). */
int ls_catalog_retype(ls_catalog *cat, const char *old, const char *new_name, bool prefix);

/* Call fn on m and on every message reachable from it (oneof members
 * only when set), parents first. */
void ls_each_message(ProtobufCMessage *m, void (*fn)(ProtobufCMessage *, void *), void *ctx);

/* Apply the rename to every stored expression and view definition. */
int ls_rewrite_names(ls_apply *ap, const ls_rename *rn);

/* The definition of a view whose output column i is renamed: its target
 * gets AS new_name (or loses it, when it is a column of that name). */
const char *ls_rename_output_column(ls_apply *ap, const char *definition, size_t i,
		const char *new_name);

/* ALTER VIEW v RENAME COLUMN old TO new_name (also ALTER TABLE on a view). */
int ls_rename_view_column(ls_apply *ap, ls_view *v, const char *old, const char *new_name);

/* Whether a stored expression of a table names its column (unqualified, as
 * table expressions do). */
bool ls_expr_uses_column(ls_apply *ap, const char *expr, const char *column);

/* Whether a partition key text ("LIST (a)", "RANGE ((lower(b)), c)") names
 * column, as a key column or inside a key expression. */
bool ls_partition_key_uses(ls_apply *ap, const char *key, const char *column);

/* The elements of a partition key text: each key column's name, NULL for
 * an expression; *names in the catalog arena. Negative on out of memory;
 * 0 elements for a text that is not a key. */
int ls_partition_key_columns(ls_apply *ap, const char *key, const char ***names, size_t *n);

/* Whether a stored expression calls function schema.name. */
bool ls_expr_calls_function(ls_apply *ap, const char *expr, const char *schema, const char *name);

/* As ls_expr_calls_function, ls_index_calls_function and
 * ls_text_calls_function, for one overload: a call the resolver settles on
 * another overload of the name is not a call of f (one it cannot settle
 * is counted, as the name alone counts it). */
bool ls_expr_calls_overload(ls_apply *ap, const char *expr, const ls_function *f);
bool ls_index_calls_overload(ls_apply *ap, const ls_index *x, const ls_function *f);
bool ls_text_calls_overload(ls_apply *ap, const char *text, char kind, const ls_function *f);

/* Whether text (kind as for ls_text_calls_function) stores a value of type
 * schema.name, which the server records as a dependency on the type: a
 * cast to it, or a literal argument of a call of a catalog routine whose
 * parameter has the type. */
/* text parsed as kind ('q' a query, 'b' a SQL-standard body, else an
 * expression): the tree to free with ls_expr_free, *root its node (NULL
 * when it does not parse). */
PgQuery__ParseResult *ls_parse_text_of(const char *text, char kind, pgnode **root);
bool ls_text_uses_type(ls_apply *ap, const char *text, char kind, const char *schema,
		const char *name);

/* Whether index x calls function schema.name in a key expression or its
 * predicate (the server records a dependency on it). */
bool ls_index_calls_function(ls_apply *ap, const ls_index *x, const char *schema,
		const char *name);

/* Whether a stored expression (a policy's USING, a CHECK) reads relation
 * schema.table (column NULL) or that column of it, in a sub-select. */
bool ls_expr_reads(ls_apply *ap, const char *expr, const char *schema, const char *table,
		const char *column);

/* Whether f's body is SQL-standard (RETURN, BEGIN ATOMIC: the server keeps
 * it parsed and records what it reads and calls); other bodies are opaque. */
bool ls_function_has_sql_body(const ls_function *f);

/* Whether text calls function schema.name; kind: 'e' a stored expression,
 * 'q' a view's query, 'b' a SQL-standard body (other bodies: false). */
bool ls_text_calls_function(ls_apply *ap, const char *text, char kind, const char *schema,
		const char *name);

/* Whether f's SQL-standard body reads relation schema.table (column NULL)
 * or that column of it; false for any other body. */
bool ls_body_reads(ls_apply *ap, const ls_function *f, const char *schema,
		const char *table, const char *column);

/* Whether view v reads column schema.table.column. */
bool ls_view_uses_column(ls_apply *ap, const ls_view *v, const char *schema,
		const char *table, const char *column);

/* Call fn on m and on every message reachable from it (oneof members
 * only when set), parents first. */
void ls_each_message(ProtobufCMessage *m, void (*fn)(ProtobufCMessage *, void *), void *ctx);

/* A SQL-standard body ("RETURN ...", "BEGIN ATOMIC ... END") parsed as the
 * CREATE FUNCTION it belongs to; *root is that statement, NULL when the
 * text is not such a body. Free the result with ls_expr_free. */
PgQuery__ParseResult *ls_parse_sql_body(const char *body, pgnode **root);

#endif

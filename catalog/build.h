/* Private to catalog/: the state and helpers shared by the apply files.
 *
 * Applying a statement reads the model through the lookups here and changes
 * it in place. Errors follow PostgreSQL's wording, located at the
 * statement's first token (ls_stmt) unless a more precise position is known.
 */
#ifndef LS_CATALOG_BUILD_H
#define LS_CATALOG_BUILD_H

#include "lockstep/catalog.h"
#include "name_index.h"
#include "parse.h"

/* Appending to a model array: LS_PUSH(cat, tbl->columns, tbl->n_columns)
 * returns a zeroed new element or NULL. Arrays in the model must only ever
 * grow through LS_PUSH (its capacity is derived from the count). */
#define LS_PUSH(cat, arr, n) \
	ls_arena_push((cat)->arena, (void **)&(arr), &(n), sizeof *(arr))

/* Remove element i of an array (keeps order). */
#define LS_REMOVE(arr, n, i) \
	do { \
		memmove(&(arr)[(i)], &(arr)[(i) + 1], ((n) - (i) - 1) * sizeof *(arr)); \
		(n)--; \
	} while (0)

/* Remove element i of a catalog array that is indexed by name (schemas,
 * tables, views, types, sequences, indexes, functions): the positions of
 * the items after it change, so the indexes are touched. */
#define LS_REMOVE_ITEM(cat, arr, n, i) \
	do { \
		LS_REMOVE(arr, n, i); \
		ls_catalog_touch(cat); \
	} while (0)

/* The context of one statement being applied. */
typedef struct ls_apply {
	ls_catalog *cat;
	const ls_parsed *src;
	const ls_stmt *stmt;
	ls_error *err;
	const char *data_path;   /* src->path in the catalog's arena, once copied */
	/* The table whose columns unqualified names in an expression refer to
	 * (CHECK, DEFAULT, index, policy), so casts can be judged by the
	 * column's type; NULL outside such an expression. */
	const char *rel_schema;
	const char *rel_name;
	const char *value_type;  /* type of VALUE in a domain CHECK, or NULL */
	bool only;               /* ALTER TABLE ONLY: no recursion to partitions */
	bool recursing;          /* an ALTER TABLE reaching a partition from its parent */
	/* The DROP TABLE being applied, without CASCADE, of more than one
	 * table: the server drops a list's objects together, so a table the
	 * list names is no dependent that refuses another (apply_ddl.c). */
	const PgQuery__DropStmt *dropping;
	/* SET TIME ZONE to another zone than UTC in this session (its text),
	 * or NULL: lockstep reads a timestamptz literal without an offset in
	 * UTC, the TimeZone it assumes (and introspect sets). */
	const char *time_zone;
} ls_apply;

/* Set the table of ls_apply.rel_* for the expressions of one statement. */
#define LS_REL(ap, t) ((ap)->rel_schema = (t) ? (t)->schema : NULL, (ap)->rel_name = (t) ? (t)->name : NULL)

/* The refusal just reported (rc, a dependency refusal "... because other
 * objects depend on it") as the server words it when one deletion takes
 * several objects at once (a DROP of a list, a parent's column with its
 * children's copies): "cannot drop desired object(s) because other objects
 * depend on them". Returns rc. */
int ls_apply_refusal_of_many(ls_apply *ap, int rc);

/* Report an error at the statement (PostgreSQL's message text). */
int ls_apply_error(ls_apply *ap, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* The SQL words of an object kind lockstep does not model (COLLATION,
 * AGGREGATE, OPERATOR, TEXT SEARCH ..., CONVERSION), for the message that
 * refuses a statement about it; NULL for any other kind. objtype is a
 * PgQuery__ObjectType. */
const char *ls_unmodelled_kind(int objtype);

/* The SQL words of an object kind (ls_unmodelled_kind's, and the others a
 * RENAME, SET SCHEMA, OWNER TO or COMMENT ON may name but the model does
 * not hold: OPERATOR CLASS, STATISTICS, DATABASE, ...), for the message
 * that refuses the statement; NULL for a kind with no such words. */
const char *ls_object_kind_sql(int objtype);

/* Out of memory at the statement. */
int ls_apply_nomem(ls_apply *ap);

/* --- names (catalog/names.c) --- */

/* Resolve the schema of a possibly qualified name for a CREATE: the given
 * schema, else the first existing schema of search_path. NULL (and an
 * error "no schema has been selected to create in") when none. */
const char *ls_creation_schema(ls_apply *ap, const char *schema);

/* PostgreSQL's makeObjectName/ChooseRelationName: "name1_name2_label"
 * truncated to 63 bytes (multibyte-safe, shortening the longer part first),
 * with a number appended to label until no relation (table, index,
 * sequence, view, type) of that schema has it. name2 may be NULL. */
const char *ls_choose_relation_name(ls_catalog *cat, const char *schema,
		const char *name1, const char *name2, const char *label);

/* Same for constraint names (ChooseConstraintName): unique among the
 * constraints of the schema. */
const char *ls_choose_constraint_name(ls_catalog *cat, const char *schema,
		const char *name1, const char *name2, const char *label);

/* True when a relation (pg_class) or a type (pg_type) named name exists in
 * schema: ls_class_name_taken || ls_type_name_taken (name_conflict.h). */
bool ls_relation_name_taken(ls_catalog *cat, const char *schema, const char *name);

/* Identifier quoting into the arena (see catalog.h ls_quote_ident), and a
 * qualified "schema.name". */
const char *ls_qualify(ls_arena *a, const char *schema, const char *name);

/* Canonical collation name ("pg_catalog.\"C\"", "public.ci"), NULL for
 * "default": an unqualified name is the user's collation of that name
 * first on search_path unless pg_catalog has it (apply_collation.c). */
const char *ls_collation_name(ls_catalog *cat, const char *schema, const char *name);

/* --- collations (catalog/apply_collation.c) --- */

/* The user's collation schema.name (schema NULL: the first of that name on
 * search_path, unless it is one of pg_catalog's), or NULL. */
ls_collation *ls_lookup_collation(ls_catalog *cat, const char *schema, const char *name);

/* 0 when COLLATE schema.name can resolve (no schema, pg_catalog, or a user
 * collation of that schema); else the server's "does not exist". */
int ls_collation_check(ls_apply *ap, const char *schema, const char *name);

/* CREATE COLLATION (options, or FROM another). */
int ls_apply_create_collation(ls_apply *ap, const PgQuery__DefineStmt *s);

/* DROP COLLATION [IF EXISTS] schema.name: refused naming the objects that
 * use it; with CASCADE and such objects LS_EUNSUPPORTED. */
/* One element of an exclusion constraint: a column (unquoted) or an
 * expression "(...)", and its operator class as written (or NULL). */
typedef struct ls_exclusion_element {
	const char *column;
	const char *expr;
	const char *opclass;
} ls_exclusion_element;

/* The access method (into method) and the elements of an exclusion
 * constraint text ("USING gist (a WITH =, (lower(b)) WITH =) WHERE
 * (...)"), in the catalog arena; none for another text. 0, or LS_ENOMEM
 * reported. */
int ls_exclusion_elements(ls_apply *ap, const char *text, char method[32],
		ls_exclusion_element **out, size_t *n_out);

/* DROP EXTENSION name (installed): refused naming what uses its objects,
 * or with casc that goes first (apply_extension.c). */
int ls_apply_drop_extension(ls_apply *ap, const char *name, bool casc);

/* What uses the objects of the extensions in schema (NULL: all) goes, as
 * DROP SCHEMA ... CASCADE takes them. */
int ls_drop_extension_users(ls_apply *ap, const char *schema);

int ls_apply_drop_collation(ls_apply *ap, const char *schema, const char *name, bool missing_ok,
		bool casc);

/* ALTER COLLATION object RENAME TO newname / SET SCHEMA newschema (one of
 * them non-NULL): every use of it follows. */
int ls_apply_move_collation(ls_apply *ap, const pgnode *object, const char *newname,
		const char *newschema, bool missing_ok);

/* ALTER COLLATION ... REFRESH VERSION: checks the collation exists. */
int ls_apply_alter_collation(ls_apply *ap, const PgQuery__AlterCollationStmt *s);

/* The comment slot of COMMENT ON COLLATION object, or NULL with an error. */
const char **ls_collation_comment(ls_apply *ap, const pgnode *object);

/* ALTER SCHEMA old RENAME TO new_name: its collations, and their uses. */
void ls_rename_schema_collations(ls_catalog *cat, const char *old, const char *new_name);

/* Remove the collations of schema (DROP SCHEMA ... CASCADE). */
void ls_drop_schema_collations(ls_catalog *cat, const char *schema);

/* Resolve a table by (schema or NULL, name) through search_path. */
ls_table *ls_lookup_table(ls_catalog *cat, const char *schema, const char *name);
ls_view *ls_lookup_view(ls_catalog *cat, const char *schema, const char *name);
ls_sequence *ls_lookup_sequence(ls_catalog *cat, const char *schema, const char *name);
ls_index *ls_lookup_index(ls_catalog *cat, const char *schema, const char *name);
ls_type *ls_lookup_type(ls_catalog *cat, const char *schema, const char *name);
ls_function *ls_lookup_function(ls_catalog *cat, const char *schema,
		const char *name, const char *identity_args);

ls_column *ls_table_column(ls_table *t, const char *name);

/* The canonical order of grants: grantee, then privilege. */
int ls_grant_cmp(const ls_grant *a, const ls_grant *b);
ls_constraint *ls_table_constraint(ls_table *t, const char *name);

/* Strings of a name list node array (String nodes): fills schema (or NULL)
 * and name. Returns 0 or LS_EINVAL for a list it cannot split. */
int ls_name_list(const pgnode *const *names, size_t n, const char **schema,
		const char **name);

/* --- extensions (catalog/extensions.c) --- */

/* The schema of the installed extension that provides a function (kind
 * 'f') or operator class ('o') of that name, or NULL. */
const char *ls_extension_object_schema(ls_catalog *cat, char kind, const char *name);

/* The i-th function ('f'), operator class ('o') or type ('t') lockstep
 * knows extension provides, or NULL past the last. */
const char *ls_extension_object_at(size_t i, const char *extension, char kind);

/* The operator class btree_gist makes the default of gist for a column of
 * type (a canonical spelling), or NULL for a type it does not cover. */
const char *ls_btree_gist_default_opclass(const char *type);

/* Whether operator class (schema or NULL).name exists for access method
 * method: PostgreSQL 15's own, or one of an installed extension. Unknown
 * names count as existing when the catalog has an extension this check
 * does not know the operator classes of. */
bool ls_opclass_exists(ls_catalog *cat, const char *method, const char *schema, const char *name);

/* Whether opclass is the default one for a column of type under method,
 * so pg_get_indexdef would not print it. */
bool ls_is_default_opclass(const char *method, const char *type, const char *opclass);

/* A JSON text as jsonb prints it (catalog/jsonb.c); the text itself when
 * it does not parse (the server would refuse it anyway). */
const char *ls_jsonb_canonical(ls_arena *a, const char *text);

/* --- types (catalog/types.c) --- */

/* Canonical spelling of a TypeName as format_type() prints it, with user
 * types qualified by their schema: "integer", "character varying(20)",
 * "timestamp(3) with time zone", "public.mood[]". Sets *serial to 2, 4 or
 * 8 for smallserial/serial/bigserial (they become the integer type).
 * Returns NULL and reports `type "x" does not exist` when unknown. */
const char *ls_type_name(ls_apply *ap, const PgQuery__TypeName *tn, int *serial);

/* Whether pg_catalog has a type named name (a pg_type typname such as
 * "box" or "int4", not a grammar alias such as "integer"): the server
 * searches pg_catalog first, so a user type of that name is not visible
 * unqualified and format_type_be prints it qualified. */
bool ls_pg_catalog_type(const char *name);

/* A canonical spelling without its type modifiers ("timestamp(3) with
 * time zone" → "timestamp with time zone"), cut to size - 1 bytes, in out. */
void ls_type_base(const char *type, char *out, size_t size);

/* Canonical spelling from a text type name (as format_type prints, or as a
 * user writes), NULL if it does not parse. */
const char *ls_type_name_text(ls_apply *ap, const char *text);

/* --- expressions (catalog/expr.c) --- */

/* Canonical text of an expression node: deparsed after normalization (casts
 * of constants and columns dropped, IN lists as = ANY (ARRAY[...]), LIKE as
 * ~~, BETWEEN expanded, nextval() and user function names qualified). The
 * node is modified in place. NULL on failure. */
const char *ls_expr_canonical(ls_apply *ap, pgnode *expr);

/* Same for a value assigned to a column of the given canonical type: a
 * quoted number for a number column becomes the number, as the server
 * stores it. */
const char *ls_expr_canonical_typed(ls_apply *ap, pgnode *expr, const char *type);
/* A column's or a domain's DEFAULT expr for a value of the given canonical
 * type (a domain's: its base type), as the server keeps it: *out is the
 * canonical text, or NULL when the server stores no default at all.
 * A NULL, bare or under casts, is dropped only when coercing it to type
 * leaves a plain constant (heap.c AddRelationNewConstraints, DefineDomain):
 * a length coercion (varchar(10), numeric(10,2), timestamp(3) ...), a
 * domain, or a cast between two types keeps it, printed NULL::type.
 * What the server refuses in a DEFAULT is refused first: a column
 * reference, and a regclass literal naming no relation for a regclass
 * column. 0, or a negative LS_E* code (the error in ap). */
int ls_expr_default(ls_apply *ap, pgnode *expr, const char *type, const char **out);

/* The relation a regclass literal's text ("items", "app.\"My T\"") names,
 * resolved as regclassin resolves it (in its schema, else in the first
 * schema of search_path holding a relation of that name: a table, view,
 * sequence, index or composite type), spelled as regclassout prints it
 * under the empty search_path introspect reads with: qualified, each part
 * quoted by quote_identifier's rule. In a; NULL when text names no
 * relation of the catalog (a system relation, an extension's, an OID) or
 * on no memory. */
const char *ls_regclass_literal(ls_catalog *cat, ls_arena *a, const char *text);

/* Same, from expression text (e.g. pg_get_expr output). */
const char *ls_expr_canonical_text(ls_apply *ap, const char *text);

/* A column's default (canonical text def, or NULL) once ALTER COLUMN TYPE
 * took the column from old_type to new_type: ATExecAlterColumnType keeps
 * the default's tree and coerces it to the new type with an implicit cast
 * the server does not print, so a constant of the old type stays one
 * (''::character varying on a column now text); the text is then read as a
 * default of the new type. *out is the new text (NULL when def is); 0, or a
 * negative LS_E* code (the error in ap). */
int ls_expr_default_retyped(ls_apply *ap, const char *def, const char *old_type,
		const char *new_type, const char **out);

/* Deparse an expression node as ls_deparse_expr does, through the
 * catalog's deparse cache; the text is in the catalog's arena, shared. */
const char *ls_expr_deparse(ls_apply *ap, const pgnode *expr);

/* Names of the columns an expression references, in tree order (for
 * constraint and index naming and dependency checks). */
int ls_expr_columns(ls_apply *ap, const pgnode *expr, const char ***out, size_t *n);

/* --- apply entry points, one per statement family --- */

/* Apply one statement node (the dispatcher; also used for the elements of
 * CREATE SCHEMA). */
int ls_apply_node(ls_apply *ap, pgnode *node);

/* Called after each statement ls_apply_parsed applied; a negative return
 * stops the file with that code. */
typedef int (*ls_after_stmt_fn)(void *ctx, const ls_parsed *p, const ls_stmt *s,
		ls_error *err);

/* Apply the statements of one parsed file in order, then end its session
 * (search_path back to the default, temporary objects gone), as
 * ls_catalog_apply_sql does; after (may be NULL) runs after each statement. */
int ls_apply_parsed(ls_catalog *cat, ls_parsed *p, ls_after_stmt_fn after, void *ctx,
		ls_error *err);
int ls_apply_set_schema(ls_apply *ap, PgQuery__AlterObjectSchemaStmt *s);
int ls_apply_create_table(ls_apply *ap, PgQuery__CreateStmt *s);
int ls_apply_alter_table(ls_apply *ap, PgQuery__AlterTableStmt *s);
int ls_apply_create_index(ls_apply *ap, PgQuery__IndexStmt *s);
int ls_apply_create_enum(ls_apply *ap, PgQuery__CreateEnumStmt *s);
int ls_apply_alter_enum(ls_apply *ap, PgQuery__AlterEnumStmt *s);
int ls_apply_create_domain(ls_apply *ap, PgQuery__CreateDomainStmt *s);
int ls_apply_create_composite(ls_apply *ap, PgQuery__CompositeTypeStmt *s);
int ls_apply_create_sequence(ls_apply *ap, PgQuery__CreateSeqStmt *s);
int ls_apply_alter_sequence(ls_apply *ap, PgQuery__AlterSeqStmt *s);
int ls_apply_create_view(ls_apply *ap, PgQuery__ViewStmt *s);
int ls_apply_create_matview(ls_apply *ap, PgQuery__CreateTableAsStmt *s);
/* CREATE TABLE AS / SELECT INTO (apply_ctas.c). */
int ls_apply_create_table_as(ls_apply *ap, PgQuery__CreateTableAsStmt *s);
int ls_apply_select_into(ls_apply *ap, PgQuery__SelectStmt *s);
int ls_apply_create_function(ls_apply *ap, PgQuery__CreateFunctionStmt *s);
int ls_apply_create_trigger(ls_apply *ap, PgQuery__CreateTrigStmt *s);
int ls_apply_create_policy(ls_apply *ap, PgQuery__CreatePolicyStmt *s);
int ls_apply_alter_policy(ls_apply *ap, PgQuery__AlterPolicyStmt *s);
int ls_apply_drop(ls_apply *ap, PgQuery__DropStmt *s);
int ls_apply_rename(ls_apply *ap, PgQuery__RenameStmt *s);
int ls_apply_comment(ls_apply *ap, PgQuery__CommentStmt *s);
int ls_apply_grant(ls_apply *ap, PgQuery__GrantStmt *s);
int ls_apply_alter_default_privileges(ls_apply *ap, PgQuery__AlterDefaultPrivilegesStmt *s);

/* --- default privileges (catalog/apply_defacl.c) --- */


/* The default privileges entry (role NULL: the running role), or NULL. */
ls_default_acl *ls_find_default_acl(ls_catalog *cat, const char *role, const char *schema,
		ls_defacl_kind kind);

/* The grants an object of kind k that the running role creates in schema
 * gets (schema NULL for a schema itself): a new list in the arena. 0 or
 * LS_ENOMEM. */
int ls_default_grants(ls_catalog *cat, ls_defacl_kind kind, const char *schema,
		ls_grant **out, size_t *n);

/* A schema dropped: its default privileges go. Renamed: they follow. */
void ls_drop_default_acls(ls_catalog *cat, const char *schema);
void ls_rename_default_acls(ls_catalog *cat, const char *old, const char *new_name);

/* Drop view i of the catalog and everything that depends on it. */
int ls_drop_view(ls_apply *ap, size_t i);
/* Drop routine f: what calls it (defaults, CHECKs, triggers) goes with
 * CASCADE (casc), else an error if anything does. */
int ls_drop_function(ls_apply *ap, ls_function *f, bool casc);

/* Drop every object in schema name (DROP SCHEMA ... CASCADE, the end of
 * a session for pg_temp), not the schema itself. */
void ls_drop_schema_objects(ls_apply *ap, const char *name);

/* The session's temporary schema, created on first use; NULL on out of
 * memory. Temporary objects live there until the end of the file (one
 * psql session), then go, as they do on the server. */
const char *ls_temp_schema(ls_apply *ap);

/* ALTER DOMAIN, ALTER TYPE ... ATTRIBUTE (catalog/apply_types_alter.c). */
int ls_apply_alter_domain(ls_apply *ap, PgQuery__AlterDomainStmt *s);
int ls_apply_alter_type_attributes(ls_apply *ap, PgQuery__AlterTableStmt *s);
int ls_rename_attribute(ls_apply *ap, PgQuery__RenameStmt *s);
int ls_rename_domain_constraint(ls_apply *ap, PgQuery__RenameStmt *s);

/* BEGIN / SAVEPOINT / ROLLBACK [TO] / RELEASE / COMMIT (catalog/txn.c). */
int ls_apply_transaction(ls_apply *ap, PgQuery__TransactionStmt *s);

/* Before SET [LOCAL] search_path: records what SET LOCAL must give back at
 * COMMIT. Returns 1 when the SET LOCAL is outside a transaction and has no
 * effect, 0 to go on, or an error. */
int ls_note_search_path(ls_apply *ap, bool local);

/* End of a file (one psql session): an unfinished transaction is gone. */
void ls_end_session(ls_catalog *cat);
/* SET [SESSION] ROLE r | NONE, RESET ROLE, SET SESSION AUTHORIZATION r |
 * DEFAULT, RESET SESSION AUTHORIZATION: who runs what follows (undone by
 * ROLLBACK [TO SAVEPOINT] as on the server; SET LOCAL is refused). */
int ls_apply_set_role(ls_apply *ap, const PgQuery__VariableSetStmt *s);
/* The role running the statements now (NULL: the one the script starts
 * as, whose name is unknown offline), and SESSION_USER's. */
const char *ls_current_role(ls_catalog *cat);
const char *ls_session_role(ls_catalog *cat);
/* Run what follows as role (NULL: the starting role) until ls_role_leave
 * with the same save: CREATE SCHEMA AUTHORIZATION creates its elements as
 * the schema's owner, a serial column added to a table makes its sequence
 * as the table's owner (with that role's default privileges). 0 or
 * LS_ENOMEM. */
typedef struct ls_role_save {
	bool acting;
	const char *acting_as;
} ls_role_save;
int ls_role_enter(ls_apply *ap, const char *role, ls_role_save *save);
void ls_role_leave(ls_catalog *cat, const ls_role_save *save);
/* The role a RoleSpec names: the name (copied into the arena), "PUBLIC",
 * or for CURRENT_USER / CURRENT_ROLE the current role and for
 * SESSION_USER the session's (NULL: the starting role). 0 or LS_ENOMEM. */
int ls_role_spec(ls_apply *ap, const PgQuery__RoleSpec *r, const char **out);
/* Whether a and b are the same role (NULL: the starting role). */
bool ls_same_role(const char *a, const char *b);

/* --- owners (catalog/apply_owner.c) --- */

/* ALTER SCHEMA / TYPE / DOMAIN / FUNCTION / PROCEDURE / ROUTINE ... OWNER
 * TO (other kinds are not modelled: no effect). */
int ls_apply_alter_owner(ls_apply *ap, PgQuery__AlterOwnerStmt *s);
/* Make owner (NULL: the starting role) the owner, and drop the grants it
 * held (merged into the owner's entry, which is not modelled). A table's
 * columns and the sequences it owns follow it; its partitions do not. */
int ls_owner_table(ls_catalog *cat, ls_table *t, const char *owner); /* 0, LS_ENOMEM */
void ls_owner_view(ls_view *v, const char *owner);
void ls_owner_sequence(ls_sequence *q, const char *owner);
void ls_owner_type(ls_type *t, const char *owner);

/* A new table/sequence/... in the model, with a fresh identity. */
ls_table *ls_new_table(ls_catalog *cat, const char *schema, const char *name);
ls_sequence *ls_new_sequence(ls_catalog *cat, const char *schema, const char *name);
ls_index *ls_new_index(ls_catalog *cat, const char *schema, const char *name);

/* Create the sequence behind a serial or identity column (name chosen as
 * PostgreSQL does: table_column_seq), with options from seq_options
 * (DefElem nodes, may be NULL). */
ls_sequence *ls_new_owned_sequence(ls_apply *ap, ls_table *t, const char *column,
		const char *type, bool identity, pgnode **seq_options, size_t n_seq_options);

/* Apply sequence DefElem options (START, INCREMENT, MINVALUE, ...) to sq. */
int ls_sequence_options(ls_apply *ap, ls_sequence *sq, pgnode **opts, size_t n,
		bool is_alter);

#endif

/* lockstep — the catalog model.
 *
 * A catalog is what a PostgreSQL database would hold after running a schema:
 * schemas, extensions, types, sequences, tables with their columns,
 * constraints, indexes, triggers and policies, views, functions. It is built
 * offline from SQL (ls_catalog_load_*), from a live server
 * (ls_introspect, introspect.h), or from the snapshot store (store.h), and all
 * three give the same model for the same schema.
 *
 * The model is plain data: arrays with a count beside each, every string
 * owned by the catalog's arena, NULL meaning "absent". Names are stored
 * unquoted, exactly as PostgreSQL stores them. Types, expressions and
 * definitions are stored in canonical text (see README, "Catalog JSON").
 */
#ifndef LOCKSTEP_CATALOG_H
#define LOCKSTEP_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lockstep/arena.h"
#include "lockstep/error.h"

/* The version of what the catalog builder makes of SQL. Bump it with any
 * change that gives another catalog for the same SQL (a fix in the model,
 * a field added, a form normalized otherwise): a store's revisions recorded
 * by another version are built again instead of reused
 * (store_history.h). tests/catalog_model.sh fails when the catalog of a
 * fixture changes and this number does not. */
#define LS_CATALOG_MODEL 5

/* One privilege granted on an object (or a column). */
typedef struct ls_grant {
	const char *grantee;   /* role name, or "PUBLIC" */
	const char *privilege; /* "SELECT", "USAGE", ... upper case */
	bool grantable;
} ls_grant;

/* Owners. Every object that takes GRANT (schemas, types, sequences, tables,
 * views, functions) records the role that owns it: the role running the
 * CREATE (SET ROLE, SET SESSION AUTHORIZATION), changed by ALTER ... OWNER
 * TO; NULL is the role the script starts as, whose name is not known
 * offline. The owner holds every privilege on what it owns, so its own
 * privileges are never in grants (a GRANT to it adds nothing, a REVOKE
 * from it is not modelled, as introspect leaves the owner's entries out).
 * The owner is not in the JSON, the SQL or the diff: a catalog does not
 * depend on who ran it. */
typedef struct ls_schema {
	uint64_t id;
	const char *name;
	const char *comment;
	ls_grant *grants;
	size_t n_grants;
	const char *owner;            /* see "Owners" above ls_schema */
} ls_schema;

typedef struct ls_extension {
	uint64_t id;
	const char *name;
	const char *schema;
	const char *comment;
} ls_extension;

/* A collation of the user's (CREATE COLLATION): what pg_collation keeps
 * of it but its version (the library's, unknown offline) and encoding. */
typedef struct ls_collation {
	uint64_t id;
	const char *schema;
	const char *name;
	char provider;               /* collprovider: 'i' icu, 'c' libc */
	const char *locale;          /* icu: colliculocale; NULL for libc */
	const char *lc_collate;      /* libc: collcollate; NULL for icu */
	const char *lc_ctype;        /* libc: collctype; NULL for icu */
	bool deterministic;
	const char *comment;
} ls_collation;

typedef enum ls_type_kind {
	LS_TYPE_ENUM = 'e',
	LS_TYPE_DOMAIN = 'd',
	LS_TYPE_COMPOSITE = 'c'
} ls_type_kind;

typedef struct ls_type_check {
	const char *name;
	const char *expr;    /* canonical CHECK expression, VALUE as the column */
	bool valid;
	const char *comment; /* COMMENT ON CONSTRAINT ... ON DOMAIN */
} ls_type_check;

typedef struct ls_attribute {
	const char *name;
	const char *type;
	const char *collation;
	const char *comment;         /* COMMENT ON COLUMN type.attribute */
} ls_attribute;

typedef struct ls_type {
	uint64_t id;
	const char *schema;
	const char *name;
	ls_type_kind kind;
	const char **labels;         /* enum: labels in sort order */
	size_t n_labels;
	const char *base_type;       /* domain */
	const char *collation;       /* domain */
	const char *default_expr;    /* domain */
	bool not_null;               /* domain */
	ls_type_check *checks;       /* domain, sorted by name */
	size_t n_checks;
	ls_attribute *attributes;    /* composite, in order */
	size_t n_attributes;
	const char *comment;
	ls_grant *grants;            /* USAGE; a new type has PUBLIC USAGE */
	size_t n_grants;
	const char *owner;            /* see "Owners" above ls_schema */
} ls_type;

typedef struct ls_column {
	uint64_t id;               /* identity, kept by RENAME COLUMN */
	const char *name;
	const char *type;          /* as format_type() spells it, user types qualified */
	const char *collation;     /* NULL: the type's default; else qualified name */
	const char *default_expr;  /* canonical expression, or NULL */
	const char *generated;     /* GENERATED ALWAYS AS (expr) STORED, or NULL */
	char identity;             /* 0, 'a' ALWAYS, 'd' BY DEFAULT */
	bool not_null;
	bool inherited_only;       /* pg_attribute.attislocal false: the column is
	                            * there only because a parent table (INHERITS)
	                            * has it; false for partitions' columns */
	const char *comment;
	ls_grant *grants;          /* column privileges */
	size_t n_grants;
} ls_column;

typedef struct ls_constraint {
	const char *name;
	char type;                 /* pg_constraint.contype: p u c f x */
	const char **columns;      /* key columns (p u f), in key order */
	size_t n_columns;
	const char *expr;          /* CHECK: canonical expression */
	const char *ref_schema;    /* FOREIGN KEY target */
	const char *ref_table;
	const char **ref_columns;
	size_t n_ref_columns;
	char on_update;            /* confupdtype: a r c n d */
	char on_delete;            /* confdeltype */
	char match;                /* confmatchtype: s f p */
	const char *exclusion;     /* EXCLUDE: canonical "USING m (a WITH =, ...)" */
	bool deferrable;
	bool deferred;
	bool valid;                /* false for NOT VALID */
	bool no_inherit;
	bool nulls_not_distinct;
	bool inherited_only;       /* CHECK: pg_constraint.conislocal false, there
	                            * only because a parent table has it */
	const char *comment;
} ls_constraint;

typedef struct ls_index_key {
	const char *column;        /* a column name, or NULL for an expression */
	const char *expr;          /* canonical expression, or NULL */
	const char *collation;     /* NULL: default */
	const char *opclass;       /* NULL: the default operator class */
	bool desc;
	bool nulls_first;          /* resolved: true for DESC unless NULLS LAST */
} ls_index_key;

typedef struct ls_index {
	uint64_t id;
	const char *schema;
	const char *name;
	const char *table;         /* table or materialized view, same schema */
	const char *method;        /* btree, gin, gist, brin, hash, ... */
	bool unique;
	bool nulls_not_distinct;
	ls_index_key *keys;
	size_t n_keys;
	const char **include;      /* INCLUDE columns */
	size_t n_include;
	const char *where;         /* partial index predicate, canonical */
	const char **options;      /* storage parameters "name=value", as the server keeps them */
	size_t n_options;
	const char *constraint;    /* name of the constraint it backs, or NULL */
	const char *parent_index;  /* a partition's index attached to this index of
	                            * its parent (same schema as the parent), or
	                            * NULL; attached indexes are implied by the
	                            * parent's and not listed in JSON or SQL */
	const char *comment;
} ls_index;

typedef enum ls_table_kind {
	LS_TABLE_REGULAR = 'r',
	LS_TABLE_PARTITIONED = 'p'
} ls_table_kind;

typedef struct ls_trigger {
	const char *name;
	const char *timing;        /* BEFORE, AFTER, INSTEAD OF */
	const char *events;        /* "INSERT OR UPDATE OF a, b", canonical order */
	bool for_each_row;
	const char *when;          /* canonical WHEN expression, or NULL */
	const char *function;      /* qualified function name */
	const char **args;
	size_t n_args;
	bool constraint_trigger;
	bool deferrable;
	bool deferred;
	char enabled;              /* pg_trigger.tgenabled: O D R A */
	const char *old_table;     /* REFERENCING OLD TABLE AS name, or NULL */
	const char *new_table;     /* REFERENCING NEW TABLE AS name, or NULL */
	const char *comment;
} ls_trigger;

typedef struct ls_policy {
	const char *name;
	bool permissive;
	const char *command;       /* ALL SELECT INSERT UPDATE DELETE */
	const char **roles;        /* sorted; "PUBLIC" when none given */
	size_t n_roles;
	const char *using_expr;
	const char *check_expr;
	const char *comment;
} ls_policy;

/* A parent of a table's INHERITS, in pg_inherits.inhseqno order. */
typedef struct ls_table_parent {
	const char *schema;
	const char *name;
} ls_table_parent;

typedef struct ls_table {
	uint64_t id;
	const char *schema;
	const char *name;
	ls_table_kind kind;
	bool unlogged;
	const char *partition_key;   /* "RANGE (created_at)", or NULL */
	const char *parent_schema;   /* partition of, or NULL */
	const char *parent_table;
	const char *partition_bound; /* "FOR VALUES ...", "DEFAULT", or NULL */
	ls_table_parent *inherits;   /* INHERITS parents (never for partitions), in order */
	size_t n_inherits;
	ls_column *columns;
	size_t n_columns;
	ls_constraint *constraints;  /* sorted by name */
	size_t n_constraints;
	ls_trigger *triggers;        /* sorted by name */
	size_t n_triggers;
	ls_policy *policies;         /* sorted by name */
	size_t n_policies;
	const char **options;        /* storage parameters "name=value" as the server
	                              * keeps them: its own, then "toast.name=value" */
	size_t n_options;
	bool rls_enabled;
	bool rls_forced;
	const char *comment;
	ls_grant *grants;
	size_t n_grants;
	const char *owner;            /* see "Owners" above ls_schema */
} ls_table;

typedef struct ls_sequence {
	uint64_t id;
	const char *schema;
	const char *name;
	const char *type;            /* smallint, integer, bigint */
	int64_t start;
	int64_t increment;
	int64_t min;
	int64_t max;
	int64_t cache;
	bool cycle;
	const char *owned_table;     /* OWNED BY: table in the same schema, or NULL */
	const char *owned_column;
	bool identity;               /* the sequence behind an identity column */
	bool unlogged;
	const char *comment;
	ls_grant *grants;
	size_t n_grants;
	const char *owner;            /* see "Owners" above ls_schema */
} ls_sequence;

typedef struct ls_view {
	uint64_t id;
	const char *schema;
	const char *name;
	bool materialized;
	const char *definition;      /* canonical SELECT */
	const char **columns;        /* output column names, or empty if unknown */
	size_t n_columns;
	const char **column_comments; /* COMMENT ON COLUMN, beside columns (n_columns
	                             * entries, NULL where none); NULL when no
	                             * column has one */
	const char **options;        /* WITH (...) "name=value", as the server keeps them */
	size_t n_options;
	const char *check_option;    /* LOCAL, CASCADED, or NULL */
	bool with_data;              /* materialized: populated */
	const char **depends;        /* relations it reads, qualified, sorted */
	size_t n_depends;
	ls_trigger *triggers;        /* views only (INSTEAD OF, statement level), by name */
	size_t n_triggers;
	const char *comment;
	ls_grant *grants;
	size_t n_grants;
	const char *owner;            /* see "Owners" above ls_schema */
} ls_view;

/* What CREATE AGGREGATE adds to its pg_proc row (pg_aggregate). Support
 * functions are qualified as ls_qualify writes them ("public.f",
 * "pg_catalog.int4pl"), types canonical, NULL when not given. */
typedef struct ls_aggregate {
	char kind;                   /* n normal, o ordered-set, h hypothetical */
	int direct_args;             /* aggnumdirectargs */
	const char *sfunc;
	const char *stype;
	int sspace;                  /* 0: not given */
	const char *finalfunc;
	bool finalfunc_extra;
	char finalfunc_modify;       /* r READ_ONLY, s SHAREABLE, w READ_WRITE */
	const char *combinefunc;
	const char *serialfunc;
	const char *deserialfunc;
	const char *initcond;
	const char *msfunc;
	const char *minvfunc;
	const char *mstype;
	int msspace;
	const char *mfinalfunc;
	bool mfinalfunc_extra;
	char mfinalfunc_modify;
	const char *minitcond;
	const char *sortop;          /* "pg_catalog.>" */
} ls_aggregate;

typedef struct ls_function {
	uint64_t id;
	const char *schema;
	const char *name;
	char kind;                   /* f function, p procedure, a aggregate */
	const char *arguments;       /* "a integer, b text DEFAULT 'x'" canonical */
	const char *identity_args;   /* "integer, text" — the signature */
	const char *returns;         /* canonical result type, NULL for procedures */
	const char *language;
	const char *body;            /* verbatim */
	const char *body_sha256;     /* hex */
	char volatility;             /* i s v */
	bool strict;
	bool security_definer;
	bool leakproof;
	const char *parallel;        /* SAFE, RESTRICTED, UNSAFE */
	const char **config;         /* SET name = value, sorted */
	size_t n_config;
	const char *comment;
	ls_grant *grants;            /* EXECUTE; a new function has PUBLIC EXECUTE */
	size_t n_grants;
	const char *owner;            /* see "Owners" above ls_schema */
	const ls_aggregate *aggregate; /* kind 'a' only: language, body and
	                             * config are NULL; arguments and
	                             * identity_args as pg_get_function_arguments
	                             * prints them ("*", "float8 ORDER BY ...") */
} ls_function;

/* Object kinds of default privileges (pg_default_acl.defaclobjtype). */
typedef enum ls_defacl_kind {
	LS_DEFACL_TABLES = 'r',      /* tables, views, materialized views */
	LS_DEFACL_SEQUENCES = 'S',
	LS_DEFACL_FUNCTIONS = 'f',   /* functions and procedures (ROUTINES) */
	LS_DEFACL_TYPES = 'T',
	LS_DEFACL_SCHEMAS = 'n'
} ls_defacl_kind;

/* ALTER DEFAULT PRIVILEGES: one pg_default_acl entry. A global entry
 * (schema NULL) holds the whole default, and exists only while it differs
 * from the server's built-in one (PUBLIC EXECUTE on functions, PUBLIC
 * USAGE on types, nothing else); a schema's entry holds what is granted on
 * top, and exists while that is not empty. As for objects, the privileges
 * of the role itself (the owner) are not modelled. */
typedef struct ls_default_acl {
	const char *role;            /* FOR ROLE; NULL: the role running the schema */
	const char *schema;          /* IN SCHEMA, or NULL for a global entry */
	ls_defacl_kind kind;
	ls_grant *grants;            /* sorted as object grants */
	size_t n_grants;
} ls_default_acl;

/* A statement that changes data, not the catalog (INSERT, UPDATE, DO, ...):
 * kept in order so a plan can carry it, and listed in a warning. */
typedef struct ls_data_step {
	const char *path;
	int line;
	int column;
	const char *sql;
} ls_data_step;

typedef struct ls_catalog {
	ls_arena *arena;
	ls_schema *schemas;       size_t n_schemas;
	ls_extension *extensions; size_t n_extensions;
	ls_type *types;           size_t n_types;
	ls_sequence *sequences;   size_t n_sequences;
	ls_table *tables;         size_t n_tables;
	ls_index *indexes;        size_t n_indexes;
	ls_view *views;           size_t n_views;
	ls_function *functions;   size_t n_functions;
	ls_default_acl *default_acls; size_t n_default_acls;
	ls_collation *collations; size_t n_collations;
	ls_data_step *data_steps; size_t n_data_steps;
	const char **search_path; size_t n_search_path;
	uint64_t next_id;         /* identity counter */
	void *priv;               /* private state of the builder */
} ls_catalog;

/* Create an empty catalog: what `createdb` gives (schema public with its
 * default privileges, search_path "$user", public). */
int ls_catalog_new(ls_catalog **out, ls_error *err);

/* A copy of src that can be changed on its own: every list of the model
 * copied into a new arena, ids and next_id kept, no builder state (an open
 * transaction, SET LOCAL). Strings are shared with src (the builder never
 * writes into a string, it replaces pointers), so src must outlive the
 * copy. Fails only for memory. */
int ls_catalog_copy(ls_catalog **out, const ls_catalog *src, ls_error *err);

/* Give every schema, type, sequence, table, view and function of dst the
 * owner of the object of the same kind and name in src (the starting
 * role, NULL, when src has none): owners are not in the JSON, so two
 * catalogs alike in JSON name their objects alike. Lookups in src change
 * its private state only (see the lookups below). */
void ls_catalog_adopt_owners(ls_catalog *dst, ls_catalog *src);

/* Free a catalog and everything in it. Accepts NULL. */
void ls_catalog_free(ls_catalog *cat);

/* An aggregate's arguments ("*", "double precision ORDER BY anyelement",
 * "VARIADIC \"any\" ORDER BY VARIADIC \"any\"") as a plain parameter list,
 * its signature's types in order, as FUNCTION f(...) names it ("",
 * "double precision, anyelement", "VARIADIC \"any\""). Other argument
 * lists are returned as they are. In a's memory; NULL when a is out of
 * memory. */
const char *ls_aggregate_param_text(ls_arena *a, const char *arguments);

/* Apply SQL text to the catalog, statement by statement, as PostgreSQL 15
 * would run it. path names the source in messages. On a syntax error or a
 * statement PostgreSQL would refuse, returns LS_EPARSE/LS_EINVAL/... with
 * err naming path:line:column; the catalog may then hold part of the file. */
int ls_catalog_apply_sql(ls_catalog *cat, const char *sql, size_t len,
		const char *path, ls_error *err);

/* Read a file and apply it (see ls_catalog_apply_sql). The path is the
 * user's and may be a pipe (`<(...)`), but a checkout can plant a link
 * under the name a CI script gives: a symbolic link is followed only when
 * its target, resolved, stays inside the link's own folder (names under
 * /dev/ excepted: /dev/stdin, /dev/fd/N). LS_EINVAL naming path when it
 * is such a link or cannot be read, before any byte of a target is read. */
int ls_catalog_apply_file(ls_catalog *cat, const char *path, ls_error *err);

/* Apply every *.sql file of the folder dir in byte order of their names
 * (see ls_catalog_apply_sql). The folder's entries are hostile input: a
 * symbolic link is followed only when its target, resolved, stays inside
 * the folder; an entry that is not a regular file (a FIFO, a device, a
 * folder) is not opened. Either is LS_EINVAL naming the entry, before any
 * byte of it is read; files before it in the order are applied. */
int ls_catalog_apply_folder(ls_catalog *cat, const char *dir, ls_error *err);

/* Sort every list into the canonical order (by schema, name, ...). Called by
 * the writers and the store; idempotent. */
void ls_catalog_sort(ls_catalog *cat);

/* Write the catalog as canonical JSON (README, "Catalog JSON"). The string
 * is malloc'ed; caller frees with free(). */
int ls_catalog_to_json(char **out, ls_catalog *cat, ls_error *err);

/* Write the catalog as one dependency-ordered SQL script that builds it on
 * an empty database. malloc'ed; caller frees. */
int ls_catalog_to_sql(char **out, ls_catalog *cat, ls_error *err);

/* SHA-256 (hex, 64 chars + NUL) of the catalog's canonical JSON. (A
 * snapshot's key in the store covers identities too: see store.h.) */
int ls_catalog_hash(char out[65], ls_catalog *cat, ls_error *err);

/* Quote an identifier where SQL needs it: bare when it is [a-z_][a-z0-9_$]*
 * and not a keyword that needs quoting. Result in the arena. */
const char *ls_quote_ident(ls_arena *a, const char *name);

/* Quote an identifier exactly as PostgreSQL's quote_identifier does, for
 * text compared with the server's own (its messages): as ls_quote_ident,
 * but a '$' is quoted too. */
const char *ls_quote_ident_server(ls_arena *a, const char *name);

/* The relations f's SQL-standard body inserts into, updates or deletes
 * from ("schema"."name", quoted as SQL needs, in a; the server locks them
 * in RowExclusiveLock when it creates the function). 0 for any other body,
 * or when a is out of memory. */
size_t ls_function_writes(ls_arena *a, const ls_function *f, const char ***out);

/* Whether evaluating stored expression expr may call a volatile function
 * (catalog/volatile.c): a built-in whose pg_proc.provolatile is 'v', a
 * volatile function of an extension lockstep knows, or a function of cat
 * declared VOLATILE (any overload of the name; an unqualified name in any
 * schema). Text that does not parse counts as volatile. */
bool ls_expr_volatile(const ls_catalog *cat, const char *expr);

/* Whether PostgreSQL casts type from to type to WITHOUT FUNCTION
 * (catalog/casts.c: pg_cast.castmethod 'b' of PostgreSQL 15 and of the
 * extensions lockstep knows, installed in cat). Both are spelled as a
 * column's type is, without a typmod; a holds the scratch. */
bool ls_cast_binary(ls_arena *a, const ls_catalog *cat, const char *from, const char *to);

/* The relations a stored text reads: the server takes AccessShareLock on
 * each when it parses the text (CREATE VIEW, CREATE FUNCTION with a
 * SQL-standard body, CREATE POLICY) or runs it (CREATE MATERIALIZED VIEW
 * ... WITH DATA, REFRESH, a CHECK validated or an index expression
 * evaluated on existing rows). */
typedef enum ls_reads_kind {
	LS_READS_EXPR = 'e',     /* a stored expression: CHECK, default, policy
	                          * USING / WITH CHECK, trigger WHEN, index key */
	LS_READS_QUERY = 'q',    /* a view's query (ls_view.definition) */
	LS_READS_BODY = 'b'      /* a function's body (ls_function.body) */
} ls_reads_kind;

typedef struct ls_reads {
	const char **relations;  /* "schema"."name" quoted as SQL needs, each once,
	                          * in the order first met */
	size_t n_relations;
	bool opaque;             /* a run reaches a function of cat whose body is
	                          * not SQL-standard (plpgsql, a quoted LANGUAGE
	                          * sql string, C): what it reads cannot be known */
} ls_reads;

/* Run: the text is executed, not only parsed. Parsing locks the relations
 * the text names (a view named is locked, not what it reads); running also
 * locks what each view it reads reads, at any depth, and what the
 * SQL-standard bodies of the functions of cat it calls read (and the
 * functions and views those reach). Materialized views are read as they
 * are (their query does not run). */
#define LS_READS_RUN 1u

/* The relations of cat that text (of kind) reads, as described above, in
 * *out (its arrays in a). Only relations of cat count (tables, views,
 * materialized views, sequences), named schema-qualified as canonical
 * texts name them. A NULL text, or a body that is not SQL-standard, reads
 * nothing. 0; LS_ENOMEM; LS_EPARSE when text, or a view or body it
 * reaches, does not parse as its kind (canonical texts do: the parser ran
 * out of memory, or the catalog came from a hostile store). *out is empty
 * on failure. */
int ls_catalog_reads(ls_catalog *cat, const char *text, ls_reads_kind kind, unsigned flags,
		ls_arena *a, ls_reads *out);

/* The privilege PUBLIC holds on a new object of kind k when no default
 * privileges say otherwise (EXECUTE on functions, USAGE on types), or
 * NULL. */
const char *ls_defacl_builtin_privilege(ls_defacl_kind k);

/* "TABLES", "SEQUENCES", "FUNCTIONS", "TYPES", "SCHEMAS": the kind as
 * ALTER DEFAULT PRIVILEGES names it. */
const char *ls_defacl_kind_word(ls_defacl_kind k);

/* expr (a default's canonical text) as it may follow DEFAULT in a column
 * or domain definition, where the grammar takes only a b_expr: in
 * parentheses when, written bare, it would not parse or would parse as
 * something else ("'x' COLLATE \"C\"" is the column's collation there);
 * expr itself otherwise. NULL when a is out of memory. ALTER ... SET
 * DEFAULT takes any expression and needs none of this. */
const char *ls_catalog_default_sql(ls_arena *a, const char *expr);

/* The output column types of view v of cat, as the server would type its
 * definition over cat: *out gets v->n_columns canonical types ("integer",
 * "numeric(10,2)") in a, an entry NULL where the resolver cannot tell, or
 * *out NULL when the definition cannot be typed at all. 0, or LS_ENOMEM. */
int ls_catalog_view_types(ls_catalog *cat, ls_view *v, ls_arena *a, const char ***out);

/* The first column (tables in order, then their columns) of cat that holds
 * values of the type schema.name: a column of that type or an array of it,
 * or of a domain or composite type built on it (at any depth), as
 * PostgreSQL's find_composite_type_dependencies finds them; *table gets its
 * table. NULL when none (*table untouched). *direct (may be NULL) is set
 * when nothing of cat holds the type but plain columns of it: no array of
 * it in a column, no domain over it, no composite type's attribute of it.
 * Names are built in a (NULL when a is out of memory). */
const ls_column *ls_catalog_type_user(ls_catalog *cat, ls_arena *a, const char *schema,
		const char *name, const ls_table **table, bool *direct);

/* Lookups. Return borrowed pointers or NULL: the first object of that name
 * in the array, as a scan would find it. They go through hash indexes the
 * catalog keeps in its private state, built on first use, so even a lookup
 * changes the catalog: one catalog is not for two threads at once. */
ls_table *ls_catalog_find_table(ls_catalog *cat, const char *schema, const char *name);
ls_view *ls_catalog_find_view(ls_catalog *cat, const char *schema, const char *name);
ls_type *ls_catalog_find_type(ls_catalog *cat, const char *schema, const char *name);
ls_sequence *ls_catalog_find_sequence(ls_catalog *cat, const char *schema, const char *name);
ls_index *ls_catalog_find_index(ls_catalog *cat, const char *schema, const char *name);
/* Whether indexes a and b index the same (method, uniqueness, keys with
 * their collations, operator classes and order, INCLUDE, predicate): a
 * partition's index that can stand for its parent's, as the server
 * compares them when it attaches one (CompareIndexInfo). */
bool ls_index_same_definition(const ls_index *a, const ls_index *b);
ls_schema *ls_catalog_find_schema(ls_catalog *cat, const char *name);
/* The first function or procedure schema.name whose identity arguments
 * are identity_args (NULL: whatever they are). */
ls_function *ls_catalog_find_function(ls_catalog *cat, const char *schema, const char *name,
		const char *identity_args);

/* What hangs off table schema.table, by position in its array, ascending:
 *   LS_OWN_SEQUENCE  sequences whose owned_table it is (same schema);
 *   LS_OWN_INDEX     indexes on it;
 *   LS_OWN_FK        tables with a foreign key that references it (the
 *                    table itself included when it references itself);
 *   LS_OWN_VIEW      views whose depends name it, and views without
 *                    recorded dependencies (they may read anything).
 * The positions are the ones a scan of the whole array would find, through
 * a hash index like the lookups above. *out comes from a (NULL when there
 * are none). Returns the count, or LS_ENOMEM (*out NULL). */
typedef enum ls_own_kind {
	LS_OWN_SEQUENCE,
	LS_OWN_INDEX,
	LS_OWN_FK,
	LS_OWN_VIEW,
	LS_OWN_COUNT
} ls_own_kind;
long ls_catalog_owned(ls_catalog *cat, ls_own_kind kind, const char *schema, const char *table,
		ls_arena *a, size_t **out);

#endif

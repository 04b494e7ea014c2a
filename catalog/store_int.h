/* Private to catalog/store*.c: the store handle and the SQLite helpers the
 * store files share.
 *
 * Values reach SQLite only as bound parameters. A statement's values are
 * given as an array of ls_sval built with the SV_* macros, so each value
 * carries its type and ls_store_exec can check that the array has exactly
 * as many values as the statement has parameters.
 */
#ifndef LS_CATALOG_STORE_INT_H
#define LS_CATALOG_STORE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "lockstep/store.h"

/* Version of the store schema this build writes (PRAGMA user_version). */
#define LS_STORE_VERSION 9

/* PRAGMA application_id of every lockstep store: "LkSt". */
#define LS_STORE_APPLICATION_ID 0x4C6B5374

/* How long a connection waits for another process writing the same store
 * before it gives up (ls_store_begin_write, ls_store_wait_busy). */
#define LS_STORE_WAIT_MS 120000

/* Prepared statements kept per store, keyed by their SQL text pointer. */
#define LS_STORE_CACHE 96

typedef struct ls_store_memo ls_store_memo;

struct ls_store {
	sqlite3 *db;
	char *path;                      /* as given to ls_store_open, for messages */
	struct {
		const char *sql;             /* a static string: compared by address */
		sqlite3_stmt *stmt;
	} cache[LS_STORE_CACHE];
	size_t n_cache;
	ls_store_memo *memo;             /* object hashes and ids, made by the first save */
	int64_t schema_version;          /* the version of the tables read and written:
	                                  * LS_STORE_VERSION, but while an upgrade
	                                  * converts the snapshots of an older one */
	int64_t waited_ms;               /* of the current wait for another writer */
	bool said_waiting;               /* "waiting for another lockstep" was said */
};

/* One bound value: 't' text (NULL binds SQL NULL), 'i' integer, 'c' a
 * one-character text that binds NULL for the character 0. */
typedef struct ls_sval {
	char type;
	union {
		const char *s;
		int64_t i;
		char c[2];
	} v;
} ls_sval;

/* uint64 identities are stored in SQLite's signed 64-bit integers with
 * their bits kept: values past INT64_MAX read back negative in the sqlite3
 * shell, and exactly in lockstep. */
static inline int64_t ls_store_u64_to_i64(uint64_t u)
{
	return u <= INT64_MAX ? (int64_t)u : -(int64_t)(UINT64_MAX - u) - 1;
}

#define SV_S(x) ((ls_sval){'t', {.s = (x)}})
#define SV_I(x) ((ls_sval){'i', {.i = (int64_t)(x)}})
#define SV_Z(x) ((ls_sval){'i', {.i = (int64_t)(size_t)(x)}})
#define SV_U(x) ((ls_sval){'i', {.i = ls_store_u64_to_i64(x)}})
#define SV_B(x) ((ls_sval){'i', {.i = (x) ? 1 : 0}})
#define SV_C(x) ((ls_sval){'c', {.c = {(char)(x), 0}}})

/* The values of one statement: SV_ARGS(SV_S(key), SV_Z(i)) expands to the
 * array and its length. */
#define SV_ARGS(...) (const ls_sval[]){__VA_ARGS__}, \
	sizeof((const ls_sval[]){__VA_ARGS__}) / sizeof(ls_sval)

/* Turn the SQLite result code rc of the last call on st->db into an
 * ls_error naming the store's path; what says what was being done.
 * Returns LS_ENOMEM for SQLITE_NOMEM, else LS_EIO. */
int ls_store_fail(ls_store *st, ls_error *err, int rc, const char *what);

/* A prepared statement for sql (a static string), from the store's cache:
 * reset, with no bindings. Borrowed: do not finalize. */
int ls_store_prepare(sqlite3_stmt **out, ls_store *st, const char *sql,
		ls_error *err);

/* Prepare sql and bind n values; the statement is ready to step. */
int ls_store_query(sqlite3_stmt **out, ls_store *st, ls_error *err,
		const char *sql, const ls_sval *vals, size_t n);

/* Step a statement: 1 for a row, 0 when done (the statement is then
 * reset), or a negative LS_E* (reset too). */
int ls_store_step(ls_store *st, sqlite3_stmt *stmt, ls_error *err);

/* Run a statement that returns no rows, with n bound values. */
int ls_store_exec(ls_store *st, ls_error *err, const char *sql,
		const ls_sval *vals, size_t n);

/* Run static SQL text without values (transaction control, DDL,
 * pragmas): sqlite3_exec. */
int ls_store_exec_script(ls_store *st, ls_error *err, const char *sql,
		const char *what);

/* BEGIN IMMEDIATE: take the store's write lock, waiting (and saying so on
 * stderr, once per store) while another process writes, for up to
 * LS_STORE_WAIT_MS; then LS_EIO "the store is locked by another process".
 * Every write transaction starts here, so two processes writing one store
 * take turns: what one reads inside its transaction no other changes. */
int ls_store_begin_write(ls_store *st, ls_error *err, const char *what);

/* SQLite's busy handler of every store connection (ctx is the store;
 * count the number of calls for this wait): say once on stderr that
 * another process holds the lock, sleep 10 ms, 20 ms, ... up to 100 ms a
 * time, and return 0 (give up) once LS_STORE_WAIT_MS have passed. Also
 * called by hand where SQLite returns SQLITE_BUSY without calling it. */
int ls_store_wait_busy(void *ctx, int count);

/* Make st's waits for a lock those of ls_store_begin_write (a write outside
 * a transaction waits as long). */
void ls_store_wait_setup(ls_store *st);

/* Finalize every cached statement (after the schema changed under them). */
void ls_store_forget_statements(ls_store *st);

/* One step of the store schema: the statements of sql, then convert (when
 * not NULL), then the statements of sql_after; each list NULL-ended. */
typedef struct ls_store_upgrade {
	const char *const *sql;
	int (*convert)(ls_store *st, ls_error *err);
	const char *const *sql_after;
} ls_store_upgrade;

/* ls_store_migrations[v] takes a store from version v to v + 1; there are
 * LS_STORE_VERSION of them (store_schema.c). The caller runs them in one
 * transaction with foreign keys off. */
extern const ls_store_upgrade ls_store_migrations[LS_STORE_VERSION];

/* Version 3's statements, before and after its conversion
 * (store_schema_v3.c). */
extern const char *const ls_store_v3[];
extern const char *const ls_store_v3_after[];

/* Version 4's statements (store_schema_v4.c). */
extern const char *const ls_store_v4[];

/* Version 6's statements (store_schema_v6.c). */
extern const char *const ls_store_v6[];

/* Version 7's statements (store_schema_v7.c). */
extern const char *const ls_store_v7[];

/* --- objects (store_rows.c, store_deps.c, store_hash.c) ---
 *
 * A snapshot is a row of snapshots plus, per kind, the list of its objects
 * (snapshot_members); each object is stored once, under an INTEGER id, and
 * found by the SHA-256 of the rows it is stored as (store_objects.hash).
 */

/* The kinds of stored objects, in the order a snapshot lists them. A table
 * holds its columns, constraints, triggers, policies, options and grants; an
 * index its keys; each data step is an object; the search path is one. */
typedef enum ls_store_kind {
	LS_STORE_SCHEMA,
	LS_STORE_EXTENSION,
	LS_STORE_TYPE,
	LS_STORE_SEQUENCE,
	LS_STORE_TABLE,
	LS_STORE_INDEX,
	LS_STORE_VIEW,
	LS_STORE_FUNCTION,
	LS_STORE_DATA_STEP,
	LS_STORE_SEARCH_PATH,
	LS_STORE_DEFAULT_ACL,        /* since version 4; left out of a key when none */
	LS_STORE_COLLATION,          /* since version 5; left out of a key when none */
	LS_STORE_KINDS
} ls_store_kind;

/* store_objects.kind and snapshot_members.kind of each kind. */
extern const char *const ls_store_kind_names[LS_STORE_KINDS];

/* An object table of the schema: its name and its INSERT, whose first
 * parameter is the object id. */
typedef struct ls_store_rowdef {
	const char *table;
	const char *sql;
} ls_store_rowdef;

/* Where the rows of an object go: written to the store, or encoded for its
 * hash. vals are the values after the object id. */
typedef struct ls_store_sink ls_store_sink;
struct ls_store_sink {
	int (*row)(ls_store_sink *k, const ls_store_rowdef *def, const ls_sval *vals,
			size_t n, ls_error *err);
};

/* Give every row of one object (the model struct obj; for the search path,
 * the catalog) to k, in a fixed order, parents before children. */
int ls_store_object_rows(ls_store_sink *k, ls_store_kind kind, const void *obj,
		ls_error *err);

/* The dependencies rows of one object (store_deps.c): what it needs, by
 * name; which kind of relation a name is depends on the snapshot, so
 * to_kind is left NULL for the dependencies view to find. */
int ls_store_dependency_rows(ls_store_sink *k, ls_store_kind kind, const void *obj,
		ls_error *err);

/* What a store knows about one object content (store_hash.c): owned by the
 * memo, alive until ls_store_memo_free. */
typedef struct ls_store_entry ls_store_entry;
struct ls_store_entry {
	ls_store_entry *next_pending;  /* the memo's list of ids not committed yet */
	uint64_t fast;                 /* cheap hash of bytes, for the memo's table */
	size_t len;                    /* of bytes */
	int64_t object_id;             /* store_objects.id in this store; 0: not known */
	bool pending;                  /* object_id was written by the open transaction */
	unsigned char sha[32];         /* SHA-256 of bytes */
	char hash[65];                 /* the same in hex: store_objects.hash */
	unsigned char bytes[];         /* the object's rows, encoded (store_hash.c) */
};

/* One object of a snapshot, in the snapshot's order. */
typedef struct ls_store_member {
	ls_store_kind kind;
	const void *obj;
	ls_store_entry *entry;
} ls_store_member;

typedef struct ls_store_members {
	ls_store_member *items;    /* malloc'ed */
	size_t n;
	size_t count[LS_STORE_KINDS];
	char key[65];              /* the snapshot key */
} ls_store_members;

/* A cache from object content to its hash and its id in the store. */
int ls_store_memo_new(ls_store_memo **out, ls_error *err);
void ls_store_memo_free(ls_store_memo *m);

/* The members of cat in its current order (the caller sorts it first, or
 * not at all for a catalog loaded as stored), each with its content hash,
 * and the snapshot key; m->items is malloc'ed (free it, also on failure). */
int ls_store_members_of(ls_store_members *m, ls_store_memo *memo, const ls_catalog *cat,
		ls_error *err);

/* Write the objects the store does not hold yet and the snapshot_members
 * rows of snapshot snapshot_id. The caller holds the transaction and calls
 * ls_store_memo_settle after it ends. */
int ls_store_save_members(ls_store *st, int64_t snapshot_id, const ls_store_members *m,
		ls_error *err);

/* Note that e->object_id was written by the open transaction. */
void ls_store_memo_pending(ls_store_memo *m, ls_store_entry *e);

/* After the transaction of ls_store_save_members: committed keeps the ids
 * of the objects it wrote, else forgets them. Accepts NULL. */
void ls_store_memo_settle(ls_store_memo *m, bool committed);

/* The key of cat's snapshot, without a store: SHA-256 over the content
 * hashes of its objects, kind by kind in the catalog's order, and next_id.
 * Equal catalogs (content, identities, order, next_id, search_path, data
 * steps) have equal keys; any difference in what a snapshot stores gives
 * another key. */
int ls_catalog_snapshot_key(char out[65], ls_catalog *cat, ls_error *err);

/* Empty a catalog from ls_catalog_new for a load: a snapshot holds
 * everything, schema public and the search path included. */
void ls_store_empty_catalog(ls_catalog *cat);

/* Fill cat (from ls_catalog_new, then emptied) from the rows of snapshot
 * key (store_load.c), through the tables or views named as in store
 * version 2. The caller holds the transaction and frees cat on failure. */
int ls_store_load_objects(ls_store *st, ls_catalog *cat, const char *key,
		ls_error *err);

/* The version 2 to 3 conversion (store_upgrade.c): every snapshot's rows
 * rewritten as objects and members. */
int ls_store_upgrade_v3(ls_store *st, ls_error *err);

#endif

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
#define LS_STORE_VERSION 2

/* PRAGMA application_id of every lockstep store: "LkSt". */
#define LS_STORE_APPLICATION_ID 0x4C6B5374

/* How long a statement waits for another process's lock, in ms. */
#define LS_STORE_BUSY_MS 5000

/* Prepared statements kept per store, keyed by their SQL text pointer. */
#define LS_STORE_CACHE 96

struct ls_store {
	sqlite3 *db;
	char *path;                      /* as given to ls_store_open, for messages */
	struct {
		const char *sql;             /* a static string: compared by address */
		sqlite3_stmt *stmt;
	} cache[LS_STORE_CACHE];
	size_t n_cache;
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

/* The migration steps: ls_store_migrations[v] is the NULL-ended list of
 * statements that takes a store from version v to v + 1; there are
 * LS_STORE_VERSION of them (store_schema.c). */
extern const char *const *const ls_store_migrations[LS_STORE_VERSION];

/* Write every object of cat as rows of snapshot key (store_save.c). The
 * caller holds the transaction. */
int ls_store_save_objects(ls_store *st, ls_catalog *cat, const char *key,
		ls_error *err);

/* Derive and write the dependencies rows of snapshot key (store_deps.c). */
int ls_store_save_dependencies(ls_store *st, ls_catalog *cat,
		const char *key, ls_error *err);

/* Fill cat (from ls_catalog_new, then emptied) from the rows of snapshot
 * key (store_load.c). The caller holds the transaction and frees cat on
 * failure. */
int ls_store_load_objects(ls_store *st, ls_catalog *cat, const char *key,
		ls_error *err);

#endif

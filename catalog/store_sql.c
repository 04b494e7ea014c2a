/* SQLite helpers of the store: errors, the statement cache, binding. */
#include "store_int.h"

#include <string.h>

/* The message for a result code, in the store's words: the codes a user
 * can cause (another file, a damaged file, a lock) get a sentence of their
 * own, the rest SQLite's message. */
static const char *describe(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_NOTADB:
		return "not a lockstep store (not an SQLite database)";
	case SQLITE_CORRUPT:
		return "the store is corrupt";
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return "the store is locked by another process";
	case SQLITE_READONLY:
		return "the store is read-only";
	case SQLITE_FULL:
		return "the disk is full";
	default:
		return NULL;
	}
}

int ls_store_fail(ls_store *st, ls_error *err, int rc, const char *what)
{
	const char *path = st ? st->path : NULL;
	if ((rc & 0xff) == SQLITE_NOMEM)
		return ls_error_set(err, LS_ENOMEM, path, 0, 0, "out of memory");
	const char *msg = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
	const char *words = describe(rc);
	if (words)
		return ls_error_set(err, LS_EIO, path, 0, 0, "%s (%s: %s)", words, what, msg);
	return ls_error_set(err, LS_EIO, path, 0, 0, "%s: %s", what, msg);
}

int ls_store_prepare(sqlite3_stmt **out, ls_store *st, const char *sql,
		ls_error *err)
{
	*out = NULL;
	for (size_t i = 0; i < st->n_cache; i++)
		if (st->cache[i].sql == sql) {
			*out = st->cache[i].stmt;
			sqlite3_reset(*out);
			sqlite3_clear_bindings(*out);
			return 0;
		}
	if (st->n_cache == LS_STORE_CACHE)
		return ls_error_set(err, LS_EINVAL, st->path, 0, 0,
				"internal error: store statement cache is full");
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
	if (rc != SQLITE_OK)
		return ls_store_fail(st, err, rc, "cannot prepare a statement");
	st->cache[st->n_cache].sql = sql;
	st->cache[st->n_cache].stmt = stmt;
	st->n_cache++;
	*out = stmt;
	return 0;
}

/* Bind one value at 1-based index i. */
static int bind_one(sqlite3_stmt *stmt, int i, const ls_sval *v)
{
	switch (v->type) {
	case 'i':
		return sqlite3_bind_int64(stmt, i, v->v.i);
	case 'c':
		if (!v->v.c[0])
			return sqlite3_bind_null(stmt, i);
		return sqlite3_bind_text(stmt, i, v->v.c, 1, SQLITE_TRANSIENT);
	default:
		/* The strings outlive the step: the statement is reset and its
		 * bindings cleared before the caller's values go away. */
		if (!v->v.s)
			return sqlite3_bind_null(stmt, i);
		return sqlite3_bind_text(stmt, i, v->v.s, -1, SQLITE_STATIC);
	}
}

int ls_store_query(sqlite3_stmt **out, ls_store *st, ls_error *err,
		const char *sql, const ls_sval *vals, size_t n)
{
	sqlite3_stmt *stmt = NULL;
	int rc;
	*out = NULL;
	if ((rc = ls_store_prepare(&stmt, st, sql, err)) < 0)
		goto done;
	/* A mismatch is a bug in the store, caught by the first test that runs
	 * the statement. */
	if ((size_t)sqlite3_bind_parameter_count(stmt) != n) {
		rc = ls_error_set(err, LS_EINVAL, st->path, 0, 0,
				"internal error: %zu values for %d parameters in: %.60s",
				n, sqlite3_bind_parameter_count(stmt), sql);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		int src = bind_one(stmt, (int)i + 1, &vals[i]);
		if (src != SQLITE_OK) {
			rc = ls_store_fail(st, err, src, "cannot bind a value");
			goto done;
		}
	}
	*out = stmt;
done:
	return rc;
}

int ls_store_step(ls_store *st, sqlite3_stmt *stmt, ls_error *err)
{
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	/* sqlite3_errmsg must be read before the reset clears it */
	int out = rc == SQLITE_DONE ? 0 : ls_store_fail(st, err, rc, "cannot run a statement");
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return out;
}

int ls_store_exec(ls_store *st, ls_error *err, const char *sql,
		const ls_sval *vals, size_t n)
{
	sqlite3_stmt *stmt = NULL;
	int rc;
	if ((rc = ls_store_query(&stmt, st, err, sql, vals, n)) < 0)
		goto done;
	rc = ls_store_step(st, stmt, err);
	if (rc == 1) {
		/* a statement that returns rows (PRAGMA): ignore them */
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
		rc = 0;
	}
done:
	return rc;
}

int ls_store_exec_script(ls_store *st, ls_error *err, const char *sql,
		const char *what)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : ls_store_fail(st, err, rc, what);
}

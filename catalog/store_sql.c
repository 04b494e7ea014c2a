/* SQLite helpers of the store: errors, the statement cache, binding. */
#include "store_int.h"

#include <stdio.h>
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

/* The path on one line: control characters as \xNN (a path is the
 * user's, and may hold a newline). */
static void put_path(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

/* SQLite's busy handler: count is the number of calls for this wait. Say
 * once that another process holds the lock, then sleep 10 ms, 20 ms, ...
 * up to 100 ms a time until LS_STORE_WAIT_MS have passed (0: give up). */
int ls_store_wait_busy(void *ctx, int count)
{
	ls_store *st = ctx;
	if (count == 0)
		st->waited_ms = 0;
	if (st->waited_ms >= LS_STORE_WAIT_MS)
		return 0;
	if (!st->said_waiting) {
		st->said_waiting = true;
		fputs("lockstep: waiting for another lockstep writing ", stderr);
		put_path(stderr, st->path);
		fputc('\n', stderr);
	}
	int ms = count < 9 ? 10 * (count + 1) : 100;
	sqlite3_sleep(ms);
	st->waited_ms += ms;
	return 1;
}

void ls_store_wait_setup(ls_store *st)
{
	sqlite3_busy_handler(st->db, ls_store_wait_busy, st);
}

int ls_store_begin_write(ls_store *st, ls_error *err, const char *what)
{
	ls_store_wait_setup(st);
	int rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return 0;
	rc = ls_store_fail(st, err, rc, what);
	if (err && st->waited_ms >= LS_STORE_WAIT_MS)
		snprintf(err->hint, sizeof err->hint, "another process has been writing the store for"
				" %d s; run again when it is done", LS_STORE_WAIT_MS / 1000);
	return rc;
}

/* The SQLite snapshot store: opening (with checks and upgrades), saving and
 * loading snapshots. See store.h; the schema is in store_schema.c, the rows
 * are written by store_save.c and store_deps.c and read by store_load.c. */
#define _POSIX_C_SOURCE 200809L
#include "objects.h"
#include "store_int.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static_assert(sizeof ls_store_migrations / sizeof *ls_store_migrations == LS_STORE_VERSION,
		"one migration step per store version");

/* What an open file says about itself. */
typedef struct identity {
	int64_t application_id;
	int64_t version;        /* PRAGMA user_version */
	bool has_tables;        /* any table at all */
	bool has_meta;          /* a meta table saying application = lockstep */
} identity;

/* Big-endian integer of n bytes at p. */
static uint32_t be(const unsigned char *p, int n)
{
	uint32_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* Look at the file before SQLite does, for the clearest message on the
 * usual mistakes: a file that is not SQLite at all, and a store cut short
 * (SQLite itself would only notice when it reads a missing page). A missing
 * or empty file is fine: it becomes a new store. The size check is skipped
 * while a -wal file exists, as the WAL may hold the pages the file lacks. */
static int check_file(const char *path, ls_error *err)
{
	unsigned char h[100];
	struct stat sb;
	if (stat(path, &sb) != 0)
		return errno == ENOENT ? 0 : ls_error_set(err, LS_EIO, path, 0, 0,
				"cannot open the store: %s", strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return ls_error_set(err, LS_EIO, path, 0, 0, "cannot open the store: not a regular file");
	if (sb.st_size == 0)
		return 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return ls_error_set(err, LS_EIO, path, 0, 0, "cannot open the store: %s", strerror(errno));
	size_t got = fread(h, 1, sizeof h, f);
	fclose(f);
	if (got < 16 || memcmp(h, "SQLite format 3", 16) != 0)
		return ls_error_set(err, LS_EIO, path, 0, 0, "not a lockstep store (not an SQLite database)");
	if (got < sizeof h)
		return ls_error_set(err, LS_EIO, path, 0, 0,
				"the store is corrupt (truncated to %lld bytes)", (long long)sb.st_size);
	uint32_t page = be(h + 16, 2) == 1 ? 65536 : be(h + 16, 2);
	uint32_t pages = be(h + 28, 4);
	bool size_valid = pages > 0 && be(h + 24, 4) == be(h + 92, 4);
	char wal[4096];
	struct stat wb;
	snprintf(wal, sizeof wal, "%s-wal", path);
	if (size_valid && (long long)sb.st_size < (long long)page * pages && stat(wal, &wb) != 0)
		return ls_error_set(err, LS_EIO, path, 0, 0,
				"the store is corrupt (truncated: %lld of %lld bytes)",
				(long long)sb.st_size, (long long)page * pages);
	return 0;
}

/* Read one integer pragma (a static statement without values). */
static int pragma_int(int64_t *out, ls_store *st, const char *sql, ls_error *err)
{
	sqlite3_stmt *stmt = NULL;
	int rc;
	*out = 0;
	if ((rc = ls_store_query(&stmt, st, err, sql, NULL, 0)) < 0)
		goto done;
	if ((rc = ls_store_step(st, stmt, err)) < 0)
		goto done;
	if (rc == 1) {
		*out = sqlite3_column_int64(stmt, 0);
		sqlite3_reset(stmt);
	}
	rc = 0;
done:
	return rc;
}

/* 1 when the query with one text value returns a row whose first column
 * equals want (or any row, when want is NULL), 0 when not, or < 0. */
static int query_has(ls_store *st, const char *sql, const char *value,
		const char *want, ls_error *err)
{
	sqlite3_stmt *stmt = NULL;
	int rc;
	if ((rc = ls_store_query(&stmt, st, err, sql, SV_ARGS(SV_S(value)))) < 0)
		goto done;
	if ((rc = ls_store_step(st, stmt, err)) != 1)
		goto done;
	const char *got = (const char *)sqlite3_column_text(stmt, 0);
	rc = !want || (got && strcmp(got, want) == 0);
	sqlite3_reset(stmt);
done:
	return rc;
}

static const char SQL_APPLICATION_ID[] = "PRAGMA application_id";
static const char SQL_USER_VERSION[] = "PRAGMA user_version";
static const char SQL_ANY_TABLE[] =
	"SELECT name FROM sqlite_master WHERE type = ?1 ORDER BY name LIMIT 1";
static const char SQL_META_TABLE[] =
	"SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?1 ORDER BY name";
static const char SQL_META_APP[] = "SELECT value FROM meta WHERE key = ?1 ORDER BY key";

/* Read what the file says about itself (the first reads of the file, so a
 * file SQLite cannot read fails here). */
static int read_identity(identity *id, ls_store *st, ls_error *err)
{
	int rc;
	memset(id, 0, sizeof *id);
	if ((rc = pragma_int(&id->application_id, st, SQL_APPLICATION_ID, err)) < 0 ||
			(rc = pragma_int(&id->version, st, SQL_USER_VERSION, err)) < 0 ||
			(rc = query_has(st, SQL_ANY_TABLE, "table", NULL, err)) < 0)
		goto done;
	id->has_tables = rc == 1;
	if ((rc = query_has(st, SQL_META_TABLE, "meta", NULL, err)) < 0)
		goto done;
	if (rc == 1 && (rc = query_has(st, SQL_META_APP, "application", "lockstep", err)) < 0)
		goto done;
	id->has_meta = rc == 1;
	rc = 0;
done:
	return rc;
}

/* Decide whether the file is a lockstep store this build can use. An
 * empty database (no tables, version 0) is a store at version 0. */
static int check_identity(const identity *id, ls_store *st, ls_error *err)
{
	const char *p = st->path;
	if (id->application_id != LS_STORE_APPLICATION_ID && id->application_id != 0)
		return ls_error_set(err, LS_EIO, p, 0, 0,
				"not a lockstep store (SQLite application_id 0x%08llx, lockstep's is 0x%08x)",
				(unsigned long long)(uint32_t)id->application_id, LS_STORE_APPLICATION_ID);
	if (id->version == 0 && !id->has_tables)
		return 0;
	if (id->version == 0 && id->application_id == LS_STORE_APPLICATION_ID)
		return ls_error_set(err, LS_EIO, p, 0, 0,
				"the store is corrupt (it has tables but no store version)");
	if (id->application_id == 0 || id->version == 0)
		return ls_error_set(err, LS_EIO, p, 0, 0,
				"not a lockstep store (an SQLite database with %s, but without lockstep's"
				" application_id and meta table)", id->has_tables ? "tables" : "a user_version");
	if (id->version > LS_STORE_VERSION) {
		if (err)
			snprintf(err->hint, sizeof err->hint, "upgrade lockstep to read this store");
		return ls_error_set(err, LS_EIO, p, 0, 0,
				"the store was written by a newer lockstep (store version %lld; this one knows up to %d)",
				(long long)id->version, LS_STORE_VERSION);
	}
	if (!id->has_meta)
		return ls_error_set(err, LS_EIO, p, 0, 0,
				"the store is corrupt (its meta table is missing or not lockstep's)");
	return 0;
}

/* Apply the migration steps from version to LS_STORE_VERSION in one
 * transaction. The version is read again inside it: another process may
 * have upgraded the file meanwhile. */
static int migrate(ls_store *st, ls_error *err)
{
	identity id;
	char set[128];
	int rc;
	bool in_tx = false;
	if ((rc = ls_store_exec_script(st, err, "BEGIN IMMEDIATE", "cannot upgrade the store")) < 0)
		goto done;
	in_tx = true;
	if ((rc = read_identity(&id, st, err)) < 0 || (rc = check_identity(&id, st, err)) < 0)
		goto done;
	for (int64_t v = id.version; v < LS_STORE_VERSION; v++)
		for (const char *const *sql = ls_store_migrations[v]; *sql; sql++)
			if ((rc = ls_store_exec_script(st, err, *sql, "cannot upgrade the store")) < 0)
				goto done;
	/* PRAGMAs take no parameters; both numbers are constants of this build */
	snprintf(set, sizeof set, "PRAGMA application_id = %d; PRAGMA user_version = %d",
			LS_STORE_APPLICATION_ID, LS_STORE_VERSION);
	if ((rc = ls_store_exec_script(st, err, set, "cannot upgrade the store")) < 0 ||
			(rc = ls_store_exec_script(st, err, "COMMIT", "cannot upgrade the store")) < 0)
		goto done;
	in_tx = false;
done:
	if (in_tx)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Open the SQLite connection and decide what the file is; upgrades an
 * older store. Settings that cannot change inside a transaction (WAL,
 * foreign keys) are made before the upgrade. */
static int open_db(ls_store *st, ls_error *err)
{
	identity id;
	int rc = sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		rc = ls_store_fail(st, err, rc, "cannot open the store");
		goto done;
	}
	sqlite3_busy_timeout(st->db, LS_STORE_BUSY_MS);
	if ((rc = read_identity(&id, st, err)) < 0 || (rc = check_identity(&id, st, err)) < 0)
		goto done;
	if ((rc = ls_store_exec_script(st, err, "PRAGMA journal_mode = WAL", "cannot open the store")) < 0 ||
			(rc = ls_store_exec_script(st, err, "PRAGMA foreign_keys = ON", "cannot open the store")) < 0 ||
			/* in WAL mode NORMAL keeps the file consistent on a crash; a
			 * power cut may lose the last snapshots, which are rebuilt */
			(rc = ls_store_exec_script(st, err, "PRAGMA synchronous = NORMAL", "cannot open the store")) < 0)
		goto done;
	if (id.version < LS_STORE_VERSION)
		rc = migrate(st, err);
done:
	return rc;
}

int ls_store_open(ls_store **out, const char *path, ls_error *err)
{
	ls_store *st = NULL;
	int rc;
	*out = NULL;
	if (!path || !*path) {
		rc = ls_error_set(err, LS_EINVAL, NULL, 0, 0, "no store path given");
		goto done;
	}
	size_t len = strlen(path);
	if ((st = ls_malloc(sizeof *st)) != NULL) {
		memset(st, 0, sizeof *st);
		st->path = ls_malloc(len + 1);
	}
	if (!st || !st->path) {
		rc = ls_error_set(err, LS_ENOMEM, path, 0, 0, "out of memory");
		goto done;
	}
	memcpy(st->path, path, len + 1);
	if ((rc = check_file(path, err)) < 0 || (rc = open_db(st, err)) < 0)
		goto done;
	*out = st;
	st = NULL;
done:
	ls_store_close(st);
	return rc;
}

void ls_store_close(ls_store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->n_cache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

static const char SQL_ADD_SNAPSHOT[] =
	"INSERT OR IGNORE INTO snapshots (key, next_id) VALUES (?1, ?2)";

/* Save: the key first (it sorts cat), then everything in one transaction.
 * A key already present is left as it is: same key, same catalog. */
int ls_store_save(char key[65], ls_store *st, ls_catalog *cat, ls_error *err)
{
	int rc;
	bool in_tx = false;
	key[0] = '\0';
	ls_catalog_sort(cat);
	if ((rc = ls_catalog_snapshot_key(key, cat, err)) < 0)
		goto done;
	if ((rc = ls_store_exec_script(st, err, "BEGIN IMMEDIATE", "cannot save the snapshot")) < 0)
		goto done;
	in_tx = true;
	if ((rc = ls_store_exec(st, err, SQL_ADD_SNAPSHOT, SV_ARGS(SV_S(key), SV_U(cat->next_id)))) < 0)
		goto done;
	if (sqlite3_changes(st->db) > 0 &&
			((rc = ls_store_save_objects(st, cat, key, err)) < 0 ||
			 (rc = ls_store_save_dependencies(st, cat, key, err)) < 0))
		goto done;
	if ((rc = ls_store_exec_script(st, err, "COMMIT", "cannot save the snapshot")) < 0)
		goto done;
	in_tx = false;
done:
	if (in_tx)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static const char SQL_SNAPSHOT[] =
	"SELECT next_id FROM snapshots WHERE key = ?1 ORDER BY key";

/* Read the snapshot row: its next_id, or LS_ENOTFOUND. */
static int load_snapshot(ls_store *st, ls_catalog *cat, const char *key, ls_error *err)
{
	sqlite3_stmt *stmt = NULL;
	int rc;
	if ((rc = ls_store_query(&stmt, st, err, SQL_SNAPSHOT, SV_ARGS(SV_S(key)))) < 0 ||
			(rc = ls_store_step(st, stmt, err)) < 0)
		goto done;
	if (rc == 0) {
		rc = ls_error_set(err, LS_ENOTFOUND, st->path, 0, 0, "no snapshot %s in the store", key);
		goto done;
	}
	cat->next_id = (uint64_t)sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	rc = 0;
done:
	return rc;
}

/* Drop what ls_catalog_new put in cat (schema public, the default
 * search_path, ...): a snapshot holds all of it. The arena and the builder's
 * private state stay. */
static void empty_catalog(ls_catalog *cat)
{
	ls_arena *arena = cat->arena;
	void *priv = cat->priv;
	memset(cat, 0, sizeof *cat);
	cat->arena = arena;
	cat->priv = priv;
}

/* Load: one read transaction, so a concurrent save is either all seen or
 * not at all. Everything in the new catalog comes from the snapshot. */
int ls_store_load(ls_catalog **out, ls_store *st, const char *key, ls_error *err)
{
	ls_catalog *cat = NULL;
	bool in_tx = false;
	int rc;
	*out = NULL;
	if (!key) {
		rc = ls_error_set(err, LS_EINVAL, st->path, 0, 0, "no snapshot key given");
		goto done;
	}
	if ((rc = ls_catalog_new(&cat, err)) < 0)
		goto done;
	empty_catalog(cat);
	if ((rc = ls_store_exec_script(st, err, "BEGIN", "cannot load the snapshot")) < 0)
		goto done;
	in_tx = true;
	if ((rc = load_snapshot(st, cat, key, err)) < 0 ||
			(rc = ls_store_load_objects(st, cat, key, err)) < 0)
		goto done;
	if ((rc = ls_store_exec_script(st, err, "COMMIT", "cannot load the snapshot")) < 0)
		goto done;
	in_tx = false;
	*out = cat;
	cat = NULL;
done:
	if (in_tx)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	ls_catalog_free(cat);
	return rc;
}

/* The SQLite snapshot store: opening (with checks and upgrades), saving and
 * loading snapshots. See store.h; the schema is in store_schema.c, the rows
 * are written by store_save.c and store_deps.c and read by store_load.c. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "objects.h"
#include "store_int.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* A store path's sidecar files, which SQLite creates beside it. */
static const char *const SIDECARS[] = {"-wal", "-shm", "-journal"};

/* Refuse a link (or anything but a regular file) at the store's path or at
 * one of its sidecars' names; 1 when the store does not exist yet, 0 when
 * it does, or < 0. A link planted there would have lockstep
 * write its store into whatever file it points to. SQLite itself is asked
 * not to follow links too (SQLITE_OPEN_NOFOLLOW, and it opens the sidecars
 * with O_NOFOLLOW); this check is for the clear message. */
static int check_not_link(const char *path, ls_error *err)
{
	char side[4096];
	struct stat sb;
	bool missing = false;
	for (size_t i = 0; i <= sizeof SIDECARS / sizeof *SIDECARS; i++) {
		const char *p = path;
		if (i > 0) {
			snprintf(side, sizeof side, "%s%s", path, SIDECARS[i - 1]);
			p = side;
		}
		if (lstat(p, &sb) != 0) {
			if (errno == ENOENT) {
				missing = missing || i == 0;
				continue;
			}
			return ls_error_set(err, LS_EIO, p, 0, 0, "cannot open the store: %s", strerror(errno));
		}
		if (S_ISLNK(sb.st_mode))
			return ls_error_set(err, LS_EIO, p, 0, 0,
					"refusing the store: it is a symbolic link (give the file it points to)");
		if (!S_ISREG(sb.st_mode))
			return ls_error_set(err, LS_EIO, p, 0, 0, "cannot open the store: not a regular file");
	}
	return missing;
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
	int rc = check_not_link(path, err);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return ls_error_set(err, LS_EIO, path, 0, 0, "cannot open the store: %s", strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return ls_error_set(err, LS_EIO, path, 0, 0, "cannot open the store: not a regular file");
	}
	size_t got = 0;
	while (got < sizeof h) {
		ssize_t r = read(fd, h + got, sizeof h - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (sb.st_size == 0)
		return 0;
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
	if (size_valid && (long long)sb.st_size < (long long)page * pages && lstat(wal, &wb) != 0)
		return ls_error_set(err, LS_EIO, path, 0, 0,
				"the store is corrupt (truncated: %lld of %lld bytes)",
				(long long)sb.st_size, (long long)page * pages);
	return 0;
}

/* The name SQLite opens: the store's folder resolved (links among the
 * folders are the user's own layout, and SQLITE_OPEN_NOFOLLOW refuses a
 * link anywhere in the name), then the file's own name, which must not be
 * a link. *out is malloc'ed. */
static int resolve_path(char **out, const char *path, ls_error *err)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t dlen = slash ? (size_t)(slash - path) : 0;
	char dir[PATH_MAX], real[PATH_MAX];
	*out = NULL;
	if (!*base || dlen >= sizeof dir)
		return ls_error_set(err, LS_EIO, path, 0, 0, "cannot open the store: not a file name");
	if (!slash)
		strcpy(dir, ".");
	else if (dlen == 0)
		strcpy(dir, "/");
	else {
		memcpy(dir, path, dlen);
		dir[dlen] = '\0';
	}
	if (!realpath(dir, real))
		return ls_error_set(err, LS_EIO, path, 0, 0, "cannot open the store: %s", strerror(errno));
	size_t rlen = strlen(real), blen = strlen(base);
	if (!(*out = ls_malloc(rlen + 1 + blen + 1)))
		return ls_error_set(err, LS_ENOMEM, path, 0, 0, "out of memory");
	memcpy(*out, real, rlen);
	size_t at = rlen;
	if (rlen == 0 || real[rlen - 1] != '/')
		(*out)[at++] = '/';
	memcpy(*out + at, base, blen + 1);
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
	/* one read transaction, one state of the file: read statement by
	 * statement, a store another process is creating meanwhile showed
	 * its tables without its application_id ("not a lockstep store") */
	bool own_tx = sqlite3_get_autocommit(st->db) != 0;
	if (own_tx && (rc = ls_store_exec_script(st, err, "BEGIN", "cannot open the store")) < 0)
		return rc;
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
	if (own_tx && rc == 0)
		rc = ls_store_exec_script(st, err, "COMMIT", "cannot open the store");
	else if (own_tx)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
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

/* Run a list of static statements (NULL-ended). */
static int run_list(ls_store *st, const char *const *sql, ls_error *err)
{
	int rc = 0;
	for (; sql && *sql && rc == 0; sql++)
		rc = ls_store_exec_script(st, err, *sql, "cannot upgrade the store");
	return rc;
}

static const char SQL_FK_CHECK[] =
	"SELECT \"table\" FROM pragma_foreign_key_check ORDER BY 1 LIMIT 1";

/* Fail when the upgraded file breaks a foreign key: the steps run with
 * foreign keys off, so this is where a bad step or a damaged file shows. */
static int check_foreign_keys(ls_store *st, ls_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = ls_store_query(&q, st, err, SQL_FK_CHECK, NULL, 0);
	if (rc == 0 && (rc = ls_store_step(st, q, err)) == 1) {
		const char *table = (const char *)sqlite3_column_text(q, 0);
		rc = ls_error_set(err, LS_EIO, st->path, 0, 0,
				"the store is corrupt (a row of table %s lost its parent in the upgrade)",
				table ? table : "?");
		sqlite3_reset(q);
	}
	return rc;
}

/* Apply the migration steps from version to LS_STORE_VERSION in one
 * transaction. The version is read again inside it: another process may
 * have upgraded the file meanwhile. Foreign keys are off meanwhile (a step
 * may rebuild a table others refer to, as SQLite's ALTER TABLE page
 * describes) and checked once at the end. */
static int migrate(ls_store *st, ls_error *err)
{
	identity id;
	char set[128];
	int rc;
	bool in_tx = false;
	if ((rc = ls_store_exec_script(st, err, "PRAGMA foreign_keys = OFF", "cannot upgrade the store")) < 0 ||
			(rc = ls_store_begin_write(st, err, "cannot upgrade the store")) < 0)
		goto done;
	in_tx = true;
	if ((rc = read_identity(&id, st, err)) < 0 || (rc = check_identity(&id, st, err)) < 0)
		goto done;
	for (int64_t v = id.version; v < LS_STORE_VERSION && rc == 0; v++) {
		const ls_store_upgrade *step = &ls_store_migrations[v];
		st->schema_version = v + 1;
		if ((rc = run_list(st, step->sql, err)) == 0 && step->convert)
			rc = step->convert(st, err);
		if (rc == 0)
			rc = run_list(st, step->sql_after, err);
		/* the tables under the cached statements may have changed */
		ls_store_forget_statements(st);
	}
	if (rc < 0 || (rc = check_foreign_keys(st, err)) < 0)
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
	ls_store_memo_settle(st->memo, rc == 0);
	ls_store_forget_statements(st);
	/* back on whatever happened: the connection is used again only if the
	 * upgrade worked */
	sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	return rc;
}

static const char SQL_WAL[] = "PRAGMA journal_mode = WAL";

/* Put the file in WAL mode (a no-op once it is). Leaving rollback mode
 * takes the file's exclusive lock from inside the pragma's own read
 * transaction, so when another process holds or wants a lock SQLite
 * returns SQLITE_BUSY without calling the busy handler (waiting there
 * could deadlock): that wait is made here, as any other wait for the
 * lock, and the pragma tried again. Seen as "database is locked" when
 * several runs create one store at once. A file system without the
 * shared memory WAL needs answers the old mode. */
static int set_wal(ls_store *st, ls_error *err)
{
	for (int count = 0;; count++) {
		sqlite3_stmt *stmt = NULL;
		const char *mode = NULL;
		int rc = sqlite3_prepare_v2(st->db, SQL_WAL, -1, &stmt, NULL);
		if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			mode = (const char *)sqlite3_column_text(stmt, 0);
			rc = mode && strcmp(mode, "wal") == 0 ? SQLITE_DONE : SQLITE_ROW;
		}
		if (rc == SQLITE_ROW)
			rc = ls_error_set(err, LS_EIO, st->path, 0, 0, "cannot open the store: its file"
					" system does not support SQLite's WAL mode (journal mode stays %s)",
					mode ? mode : "unknown");
		else if ((rc & 0xff) == SQLITE_BUSY && ls_store_wait_busy(st, count))
			rc = 1;
		else if (rc != SQLITE_DONE)
			rc = ls_store_fail(st, err, rc, "cannot open the store");
		else
			rc = 0;
		sqlite3_finalize(stmt);
		if (rc <= 0)
			return rc;
	}
}

/* Open the SQLite connection and decide what the file is; upgrades an
 * older store. Settings that cannot change inside a transaction (WAL,
 * foreign keys) are made before the upgrade. */
static int open_db(ls_store *st, ls_error *err)
{
	identity id;
	char *name = NULL;
	int rc;
	if ((rc = resolve_path(&name, st->path, err)) < 0)
		goto done;
	rc = sqlite3_open_v2(name, &st->db,
			SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL);
	free(name);
	if (rc != SQLITE_OK) {
		rc = ls_store_fail(st, err, rc, "cannot open the store");
		goto done;
	}
	ls_store_wait_setup(st);
	if ((rc = read_identity(&id, st, err)) < 0 || (rc = check_identity(&id, st, err)) < 0)
		goto done;
	if ((rc = set_wal(st, err)) < 0 ||
			(rc = ls_store_exec_script(st, err, "PRAGMA foreign_keys = ON", "cannot open the store")) < 0 ||
			/* in WAL mode NORMAL keeps the file consistent on a crash; a
			 * power cut may lose the last snapshots, which are rebuilt */
			(rc = ls_store_exec_script(st, err, "PRAGMA synchronous = NORMAL", "cannot open the store")) < 0)
		goto done;
	if (id.version < LS_STORE_VERSION)
		rc = migrate(st, err);
	st->schema_version = LS_STORE_VERSION;
	/* Version 3 dropped the tables that held every snapshot's rows: give
	 * their pages back (nine tenths of the file and more). A VACUUM that
	 * cannot run now (another connection, a full disk) leaves a larger but
	 * sound file, so it is not an error. */
	if (rc == 0 && id.version >= 1 && id.version < 3)
		sqlite3_exec(st->db, "VACUUM", NULL, NULL, NULL);
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

void ls_store_forget_statements(ls_store *st)
{
	for (size_t i = 0; i < st->n_cache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	st->n_cache = 0;
}

void ls_store_close(ls_store *st)
{
	if (!st)
		return;
	ls_store_forget_statements(st);
	sqlite3_close(st->db);
	ls_store_memo_free(st->memo);
	free(st->path);
	free(st);
}

static const char SQL_ADD_SNAPSHOT[] =
	"INSERT OR IGNORE INTO snapshots (key, next_id) VALUES (?1, ?2)";

/* Save: the key first (it sorts cat; objects are hashed outside the
 * transaction), then everything in one transaction. A key already present
 * is left as it is: same key, same catalog. */
int ls_store_save(char key[65], ls_store *st, ls_catalog *cat, ls_error *err)
{
	ls_store_members mb = {0};
	int rc;
	bool in_tx = false;
	key[0] = '\0';
	ls_catalog_sort(cat);
	if ((!st->memo && (rc = ls_store_memo_new(&st->memo, err)) < 0) ||
			(rc = ls_store_members_of(&mb, st->memo, cat, err)) < 0)
		goto done;
	if ((rc = ls_store_begin_write(st, err, "cannot save the snapshot")) < 0)
		goto done;
	in_tx = true;
	if ((rc = ls_store_exec(st, err, SQL_ADD_SNAPSHOT, SV_ARGS(SV_S(mb.key), SV_U(cat->next_id)))) < 0)
		goto done;
	if (sqlite3_changes(st->db) > 0 &&
			(rc = ls_store_save_members(st, sqlite3_last_insert_rowid(st->db), &mb, err)) < 0)
		goto done;
	if ((rc = ls_store_exec_script(st, err, "COMMIT", "cannot save the snapshot")) < 0)
		goto done;
	in_tx = false;
	memcpy(key, mb.key, sizeof mb.key);
done:
	if (in_tx)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	ls_store_memo_settle(st->memo, rc == 0);
	free(mb.items);
	return rc;
}

static const char SQL_SNAPSHOT[] =
	"SELECT id, next_id FROM snapshots WHERE key = ?1 ORDER BY key";

/* Read the snapshot row: its id and next_id, or LS_ENOTFOUND. */
static int load_snapshot(int64_t *id, ls_store *st, ls_catalog *cat, const char *key,
		ls_error *err)
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
	*id = sqlite3_column_int64(stmt, 0);
	cat->next_id = (uint64_t)sqlite3_column_int64(stmt, 1);
	sqlite3_reset(stmt);
	rc = 0;
done:
	return rc;
}

/* The number of ids in a list as lockstep writes it ("[1,2,3]"), or -1
 * when it is not one. */
static long long count_ids(const char *s)
{
	long long n = 0;
	if (!s || *s++ != '[')
		return -1;
	if (*s == ']')
		return s[1] ? -1 : 0;
	for (;;) {
		if (*s < '1' || *s > '9')
			return -1;
		while (*s >= '0' && *s <= '9')
			s++;
		n++;
		if (*s == ']')
			return s[1] ? -1 : n;
		if (*s++ != ',')
			return -1;
	}
}

static int corrupt(ls_store *st, const char *key, const char *what, ls_error *err)
{
	return ls_error_set(err, LS_EIO, st->path, 0, 0, "the store is corrupt (snapshot %s %s)",
			key, what);
}

static const char SQL_MEMBERS[] =
	"SELECT kind, object_ids FROM snapshot_members WHERE snapshot_id = ?1 ORDER BY kind";

/* The number of objects of each kind the snapshot lists, checking that
 * every list is there and well formed (before any query reads them). */
static int member_counts(long long counts[LS_STORE_KINDS], ls_store *st, int64_t id,
		const char *key, ls_error *err)
{
	sqlite3_stmt *q = NULL;
	bool seen[LS_STORE_KINDS] = {false};
	int rc = ls_store_query(&q, st, err, SQL_MEMBERS, SV_ARGS(SV_I(id)));
	while (rc >= 0 && (rc = ls_store_step(st, q, err)) == 1) {
		const char *kind = (const char *)sqlite3_column_text(q, 0);
		int k = 0;
		while (k < LS_STORE_KINDS && (!kind || strcmp(kind, ls_store_kind_names[k])))
			k++;
		if (k == LS_STORE_KINDS || (counts[k] = count_ids((const char *)sqlite3_column_text(q, 1))) < 0) {
			sqlite3_reset(q);
			return corrupt(st, key, "has a bad list of objects", err);
		}
		seen[k] = true;
	}
	for (int k = 0; rc == 0 && k < LS_STORE_KINDS; k++)
		if (!seen[k])
			rc = corrupt(st, key, "has lost a list of objects", err);
	return rc;
}

static const char SQL_MEMBERS_FOUND[] =
	"SELECT count(*) FROM snapshot_objects so JOIN store_objects o"
	" ON o.id = so.object_id AND o.kind = so.kind WHERE so.snapshot_id = ?1 ORDER BY 1";

/* After the load: every object the snapshot lists exists with its kind,
 * and every one came back. */
static int check_loaded(const long long counts[LS_STORE_KINDS], ls_store *st, int64_t id,
		const ls_catalog *cat, const char *key, ls_error *err)
{
	const size_t got[LS_STORE_KINDS] = {
		cat->n_schemas, cat->n_extensions, cat->n_types, cat->n_sequences, cat->n_tables,
		cat->n_indexes, cat->n_views, cat->n_functions, cat->n_data_steps, 1,
		cat->n_default_acls, cat->n_collations,
	};
	long long total = 0;
	sqlite3_stmt *q = NULL;
	int rc;
	for (int k = 0; k < LS_STORE_KINDS; k++) {
		if (counts[k] != (long long)got[k])
			return corrupt(st, key, "lists objects the store does not have", err);
		total += counts[k];
	}
	if ((rc = ls_store_query(&q, st, err, SQL_MEMBERS_FOUND, SV_ARGS(SV_I(id)))) < 0 ||
			(rc = ls_store_step(st, q, err)) < 0)
		return rc;
	long long found = rc == 1 ? sqlite3_column_int64(q, 0) : -1;
	if (rc == 1)
		sqlite3_reset(q);
	return found == total ? 0 : corrupt(st, key, "lists objects the store does not have", err);
}

/* Drop what ls_catalog_new put in cat (schema public, the default
 * search_path, ...): a snapshot holds all of it. The arena and the builder's
 * private state stay. */
void ls_store_empty_catalog(ls_catalog *cat)
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
	long long counts[LS_STORE_KINDS] = {0};
	int64_t id = 0;
	bool in_tx = false;
	int rc;
	*out = NULL;
	if (!key) {
		rc = ls_error_set(err, LS_EINVAL, st->path, 0, 0, "no snapshot key given");
		goto done;
	}
	if ((rc = ls_catalog_new(&cat, err)) < 0)
		goto done;
	ls_store_empty_catalog(cat);
	if ((rc = ls_store_exec_script(st, err, "BEGIN", "cannot load the snapshot")) < 0)
		goto done;
	in_tx = true;
	if ((rc = load_snapshot(&id, st, cat, key, err)) < 0 ||
			(rc = member_counts(counts, st, id, key, err)) < 0 ||
			(rc = ls_store_load_objects(st, cat, key, err)) < 0 ||
			(rc = check_loaded(counts, st, id, cat, key, err)) < 0)
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

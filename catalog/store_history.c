/* History rows of the store (store_history.h). */
#define _POSIX_C_SOURCE 200809L
#include "store_history.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

static const char SQL_TREE_GET[] =
	"SELECT tree FROM parse_cache WHERE blob_id = ?1 AND parser = ?2 ORDER BY blob_id";
static const char SQL_TREE_PUT[] =
	"INSERT OR IGNORE INTO parse_cache (blob_id, parser, tree) VALUES (?1, ?2, ?3)";

int ls_store_tree_get(void **tree, size_t *len, ls_store *st, const char *blob,
		const char *parser, ls_error *err)
{
	sqlite3_stmt *q;
	*tree = NULL;
	*len = 0;
	int rc = ls_store_query(&q, st, err, SQL_TREE_GET, SV_ARGS(SV_S(blob), SV_S(parser)));
	if (rc < 0 || (rc = ls_store_step(st, q, err)) < 0)
		return rc;
	if (rc == 0)
		return LS_ENOTFOUND;
	int n = sqlite3_column_bytes(q, 0);
	const void *data = sqlite3_column_blob(q, 0);
	void *copy = ls_malloc(n > 0 ? (size_t)n : 1);
	if (copy && n > 0)
		memcpy(copy, data, (size_t)n);
	sqlite3_reset(q);
	if (!copy)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	*tree = copy;
	*len = (size_t)n;
	return 0;
}

int ls_store_tree_put(ls_store *st, const char *blob, const char *parser,
		const void *tree, size_t len, ls_error *err)
{
	sqlite3_stmt *q;
	ls_store_wait_setup(st);
	int rc = ls_store_prepare(&q, st, SQL_TREE_PUT, err);
	if (rc < 0)
		return rc;
	if (sqlite3_bind_text(q, 1, blob, -1, SQLITE_STATIC) != SQLITE_OK ||
			sqlite3_bind_text(q, 2, parser, -1, SQLITE_STATIC) != SQLITE_OK ||
			sqlite3_bind_blob(q, 3, len ? tree : "", (int)len, SQLITE_STATIC) != SQLITE_OK)
		return ls_store_fail(st, err, sqlite3_errcode(st->db), "cannot cache a parse tree");
	rc = ls_store_step(st, q, err);
	sqlite3_clear_bindings(q);
	return rc < 0 ? rc : 0;
}

static const char SQL_REV_GET[] =
	"SELECT snapshot_key, base_commit, n_files FROM revisions"
	" WHERE commit_id = ?1 AND source = ?2 AND model = ?3 ORDER BY commit_id";

static void copy_text(char *dst, size_t size, const unsigned char *src)
{
	size_t n = src ? strlen((const char *)src) : 0;
	if (n >= size)
		n = size - 1;
	memcpy(dst, src ? (const char *)src : "", n);
	dst[n] = '\0';
}

int ls_store_revision_get(ls_store_revision *out, ls_store *st, const char *commit,
		const char *source, ls_error *err)
{
	sqlite3_stmt *q;
	memset(out, 0, sizeof *out);
	int rc = ls_store_query(&q, st, err, SQL_REV_GET,
			SV_ARGS(SV_S(commit), SV_S(source), SV_I(LS_CATALOG_MODEL)));
	if (rc < 0 || (rc = ls_store_step(st, q, err)) < 0)
		return rc;
	if (rc == 0)
		return LS_ENOTFOUND;
	copy_text(out->key, sizeof out->key, sqlite3_column_text(q, 0));
	copy_text(out->base, sizeof out->base, sqlite3_column_text(q, 1));
	sqlite3_int64 n = sqlite3_column_int64(q, 2);
	out->n_files = n > 0 ? (size_t)n : 0;
	sqlite3_reset(q);
	return 0;
}

static const char SQL_REV_FILES[] =
	"SELECT position, path, blob_id, version, down_path, down_blob_id FROM revision_files"
	" WHERE commit_id = ?1 AND source = ?2 ORDER BY position";

int ls_store_revision_files(ls_store *st, const char *commit, const char *source,
		ls_store_file_fn fn, void *ctx, ls_error *err)
{
	sqlite3_stmt *q;
	int rc = ls_store_query(&q, st, err, SQL_REV_FILES, SV_ARGS(SV_S(commit), SV_S(source)));
	while (rc >= 0 && (rc = ls_store_step(st, q, err)) == 1) {
		sqlite3_int64 pos = sqlite3_column_int64(q, 0);
		ls_store_file f = {
			.position = pos > 0 ? (size_t)pos : 0,
			.path = (const char *)sqlite3_column_text(q, 1),
			.blob = (const char *)sqlite3_column_text(q, 2),
			.version = (const char *)sqlite3_column_text(q, 3),
			.down_path = (const char *)sqlite3_column_text(q, 4),
			.down_blob = (const char *)sqlite3_column_text(q, 5),
		};
		if (!f.path || !f.blob) {
			sqlite3_reset(q);
			return ls_error_set(err, LS_EIO, NULL, 0, 0, "damaged revision_files row");
		}
		if ((rc = fn(ctx, &f, err)) < 0)
			sqlite3_reset(q);
	}
	return rc < 0 ? rc : 0;
}

static const char SQL_REV_WARNINGS[] =
	"SELECT message FROM revision_warnings WHERE commit_id = ?1 AND source = ?2"
	" ORDER BY position";

int ls_store_revision_warnings(ls_store *st, const char *commit, const char *source,
		ls_store_warning_fn fn, void *ctx, ls_error *err)
{
	sqlite3_stmt *q;
	int rc = ls_store_query(&q, st, err, SQL_REV_WARNINGS, SV_ARGS(SV_S(commit), SV_S(source)));
	while (rc >= 0 && (rc = ls_store_step(st, q, err)) == 1) {
		const char *m = (const char *)sqlite3_column_text(q, 0);
		if ((rc = fn(ctx, m ? m : "", err)) < 0)
			sqlite3_reset(q);
	}
	return rc < 0 ? rc : 0;
}

/* A row an older catalog model recorded goes, with its files and warnings
 * (ON DELETE CASCADE). Another process walking the same history may have
 * recorded the revision since it was looked up: its row stands (same
 * commit, same migrations, same snapshot), and this one adds nothing. */
static const char SQL_REV_STALE[] =
	"DELETE FROM revisions WHERE commit_id = ?1 AND source = ?2 AND model <> ?3";
static const char SQL_REV_ADD[] =
	"INSERT INTO revisions (commit_id, source, snapshot_key, base_commit, n_files, model)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (commit_id, source) DO NOTHING";
static const char SQL_FILE_ADD[] =
	"INSERT INTO revision_files (commit_id, source, position, path, blob_id, version,"
	" down_path, down_blob_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char SQL_WARNING_ADD[] =
	"INSERT INTO revision_warnings (commit_id, source, position, message)"
	" VALUES (?1, ?2, ?3, ?4)";

int ls_store_revision_add(ls_store *st, const char *commit, const char *source,
		const ls_store_revision *rev, const ls_store_file *files, size_t n_files_own,
		const char *const *warnings, size_t n_warnings, ls_error *err)
{
	int rc = ls_store_begin_write(st, err, "cannot record a revision");
	if (rc < 0)
		return rc;
	rc = ls_store_exec(st, err, SQL_REV_STALE, SV_ARGS(SV_S(commit), SV_S(source),
			SV_I(LS_CATALOG_MODEL)));
	if (rc == 0)
		rc = ls_store_exec(st, err, SQL_REV_ADD, SV_ARGS(SV_S(commit), SV_S(source),
				SV_S(rev->key), SV_S(rev->base[0] ? rev->base : NULL), SV_Z(rev->n_files),
				SV_I(LS_CATALOG_MODEL)));
	if (rc == 0 && sqlite3_changes(st->db) == 0)
		n_files_own = n_warnings = 0;
	for (size_t i = 0; rc == 0 && i < n_files_own; i++) {
		const ls_store_file *f = &files[i];
		rc = ls_store_exec(st, err, SQL_FILE_ADD, SV_ARGS(SV_S(commit), SV_S(source),
				SV_Z(f->position), SV_S(f->path), SV_S(f->blob), SV_S(f->version),
				SV_S(f->down_path), SV_S(f->down_blob)));
	}
	for (size_t i = 0; rc == 0 && i < n_warnings; i++)
		rc = ls_store_exec(st, err, SQL_WARNING_ADD, SV_ARGS(SV_S(commit), SV_S(source),
				SV_Z(i), SV_S(warnings[i])));
	if (rc == 0)
		return ls_store_exec_script(st, err, "COMMIT", "cannot record a revision");
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static const char SQL_COUNT_SNAPSHOTS[] = "SELECT count(*) FROM snapshots ORDER BY 1";

int ls_store_count_snapshots(size_t *out, ls_store *st, ls_error *err)
{
	sqlite3_stmt *q;
	*out = 0;
	int rc = ls_store_query(&q, st, err, SQL_COUNT_SNAPSHOTS, NULL, 0);
	if (rc < 0 || (rc = ls_store_step(st, q, err)) < 0)
		return rc;
	if (rc == 1) {
		sqlite3_int64 n = sqlite3_column_int64(q, 0);
		*out = n > 0 ? (size_t)n : 0;
		sqlite3_reset(q);
	}
	return 0;
}

/* The SQLite snapshot store: a catalog with every field set survives a
 * save and a load exactly (JSON byte for byte, and the build state JSON
 * leaves out: ids, next_id, search_path, data steps); saving twice stores
 * once, and objects two snapshots share are stored once; equal catalogs
 * have equal keys and every change gives another; files that are not a
 * usable store give LS_EIO naming the file; an empty file, and version 1
 * and 2 stores written by earlier lockstep (tests/fixtures/store), are
 * upgraded and read back the same; every allocation failure in a load or a
 * save is reported as LS_ENOMEM and leaks nothing (ASan). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "full_catalog.h"
#include "lockstep/store.h"
#include "objects.h"
#include "store_history.h"
#include "store_int.h"

#define PUSH(cat, arr, n) \
	ls_arena_push((cat)->arena, (void **)&(arr), &(n), sizeof *(arr))

static char tmpdir[] = "/tmp/ls_test_store_XXXXXX";

/* A path in the test's directory (static buffer per call site is enough:
 * each test keeps at most two). */
static const char *tmp_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", tmpdir, name);
	return buf;
}

/* --- comparing --- */

static char *json_of(ls_catalog *cat)
{
	char *json = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_to_json(&json, cat, &err), 0);
	return json;
}

static void assert_same_str(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* What the JSON does not show: identities, next_id, search_path, data
 * steps, and the kind codes as the model's enums. */
static void assert_same_build_state(const ls_catalog *a, const ls_catalog *b)
{
	assert_true(a->next_id == b->next_id);
	assert_int_equal(a->n_search_path, b->n_search_path);
	for (size_t i = 0; i < a->n_search_path; i++)
		assert_same_str(a->search_path[i], b->search_path[i]);
	assert_int_equal(a->n_data_steps, b->n_data_steps);
	for (size_t i = 0; i < a->n_data_steps; i++) {
		assert_same_str(a->data_steps[i].path, b->data_steps[i].path);
		assert_int_equal(a->data_steps[i].line, b->data_steps[i].line);
		assert_int_equal(a->data_steps[i].column, b->data_steps[i].column);
		assert_same_str(a->data_steps[i].sql, b->data_steps[i].sql);
	}
#define SAME_IDS(arr, n) \
	do { \
		assert_int_equal(a->n, b->n); \
		for (size_t i = 0; i < a->n; i++) \
			assert_true(a->arr[i].id == b->arr[i].id); \
	} while (0)
	SAME_IDS(schemas, n_schemas);
	SAME_IDS(extensions, n_extensions);
	SAME_IDS(types, n_types);
	SAME_IDS(sequences, n_sequences);
	SAME_IDS(tables, n_tables);
	SAME_IDS(indexes, n_indexes);
	SAME_IDS(views, n_views);
	SAME_IDS(functions, n_functions);
#undef SAME_IDS
	/* owners are not in the JSON (store version 6) */
#define SAME_OWNERS(arr, n) \
	do { \
		for (size_t i = 0; i < a->n; i++) \
			assert_same_str(a->arr[i].owner, b->arr[i].owner); \
	} while (0)
	SAME_OWNERS(schemas, n_schemas);
	SAME_OWNERS(types, n_types);
	SAME_OWNERS(sequences, n_sequences);
	SAME_OWNERS(tables, n_tables);
	SAME_OWNERS(views, n_views);
	SAME_OWNERS(functions, n_functions);
#undef SAME_OWNERS
	for (size_t i = 0; i < a->n_types; i++)
		assert_int_equal(a->types[i].kind, b->types[i].kind);
	for (size_t i = 0; i < a->n_tables; i++) {
		assert_int_equal(a->tables[i].kind, b->tables[i].kind);
		assert_int_equal(a->tables[i].n_columns, b->tables[i].n_columns);
		for (size_t j = 0; j < a->tables[i].n_columns; j++)
			assert_true(a->tables[i].columns[j].id == b->tables[i].columns[j].id);
	}
	assert_null(b->priv);
}

/* --- store helpers --- */

static ls_store *open_ok(const char *path)
{
	ls_store *st = NULL;
	ls_error err;
	ls_error_clear(&err);
	int rc = ls_store_open(&st, path, &err);
	if (rc != 0) {
		char buf[1024];
		ls_error_format(&err, 0, buf, sizeof buf);
		fail_msg("open %s: %s", path, buf);
	}
	return st;
}

/* Run one SQL statement on the file directly, as the sqlite3 shell would;
 * returns the first column of the first row as an integer (or -1). */
static long long sql_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	long long v = -1;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	int rc = sqlite3_step(stmt);
	assert_true(rc == SQLITE_ROW || rc == SQLITE_DONE);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

static void sql_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static void save_ok(char key[65], ls_store *st, ls_catalog *cat)
{
	ls_error err;
	ls_error_clear(&err);
	int rc = ls_store_save(key, st, cat, &err);
	if (rc != 0) {
		char buf[1024];
		ls_error_format(&err, 0, buf, sizeof buf);
		fail_msg("save: %s", buf);
	}
	assert_int_equal(strlen(key), 64);
}

static ls_catalog *load_ok(ls_store *st, const char *key)
{
	ls_catalog *cat = NULL;
	ls_error err;
	ls_error_clear(&err);
	int rc = ls_store_load(&cat, st, key, &err);
	if (rc != 0) {
		char buf[1024];
		ls_error_format(&err, 0, buf, sizeof buf);
		fail_msg("load: %s", buf);
	}
	return cat;
}

/* The error of opening (and, if that works, loading from) path must be
 * LS_EIO, and its message must name the file and contain want. */
static void assert_open_fails(const char *path, const char *want)
{
	ls_store *st = NULL;
	ls_catalog *cat = NULL;
	ls_error err;
	char buf[1024];
	ls_error_clear(&err);
	int rc = ls_store_open(&st, path, &err);
	if (rc == 0) {
		rc = ls_store_load(&cat, st, "0000000000000000000000000000000000000000000000000000000000000000", &err);
		if (rc == LS_ENOTFOUND)
			rc = 0;
		ls_catalog_free(cat);
		ls_store_close(st);
	} else {
		assert_null(st);
	}
	assert_int_equal(rc, LS_EIO);
	assert_int_equal(err.code, LS_EIO);
	ls_error_format(&err, 0, buf, sizeof buf);
	if (!strstr(buf, path) || !strstr(buf, want))
		fail_msg("message \"%s\" should name %s and say \"%s\"", buf, path, want);
}

/* --- the tests --- */

static void test_roundtrip(void **state)
{
	(void)state;
	char path[512], key[65], key2[65];
	tmp_path(path, sizeof path, "roundtrip.db");
	ls_catalog *cat = full_catalog();
	ls_store *st = open_ok(path);
	save_ok(key, st, cat);
	char *before = json_of(cat);

	ls_catalog *back = load_ok(st, key);
	char *after = json_of(back);
	assert_string_equal(before, after);
	assert_same_build_state(cat, back);
	ls_store_close(st);

	/* again from a new connection: it was committed to the file */
	st = open_ok(path);
	ls_catalog *again = load_ok(st, key);
	char *after2 = json_of(again);
	assert_string_equal(before, after2);
	assert_same_build_state(cat, again);
	/* the loaded catalog hashes to its key */
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_snapshot_key(key2, again, &err), 0);
	assert_string_equal(key, key2);
	/* the same content with another identity is another snapshot */
	again->tables[0].id++;
	assert_int_equal(ls_catalog_snapshot_key(key2, again, &err), 0);
	assert_string_not_equal(key, key2);
	again->tables[0].id--;
	again->tables[0].columns[0].id++;
	assert_int_equal(ls_catalog_snapshot_key(key2, again, &err), 0);
	assert_string_not_equal(key, key2);
	again->tables[0].columns[0].id--;

	/* lists were grown as the builder grows them: appending is safe */
	ls_table *t = ls_catalog_find_table(again, "public", "events");
	assert_non_null(t);
	for (int i = 0; i < 20; i++)
		assert_non_null(PUSH(again, t->columns, t->n_columns));
	ls_type *ty = ls_catalog_find_type(again, "public", "mood");
	assert_non_null(ty);
	for (int i = 0; i < 20; i++)
		assert_non_null(PUSH(again, ty->labels, ty->n_labels));
	assert_non_null(PUSH(again, again->schemas, again->n_schemas));
	assert_non_null(PUSH(again, again->search_path, again->n_search_path));

	free(after2);
	free(after);
	free(before);
	ls_catalog_free(again);
	ls_catalog_free(back);
	ls_catalog_free(cat);
	ls_store_close(st);
}

/* Collations (store version 5) come back as saved; a catalog without them
 * keeps the key it had before they were modelled (test_store_key pins it). */
static void test_collations_roundtrip(void **state)
{
	(void)state;
	char path[512], key[65], plain[65];
	tmp_path(path, sizeof path, "collations.db");
	ls_catalog *cat = full_catalog();
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_snapshot_key(plain, cat, &err), 0);
	ls_collation *c = PUSH(cat, cat->collations, cat->n_collations);
	assert_non_null(c);
	c->id = cat->next_id++;
	c->schema = S(cat, "Fancy \"Schema\" \xc3\xbc'");
	c->name = S(cat, "n\xc3\xb6" "case");
	c->provider = 'i';
	c->locale = S(cat, "und-u-ks-level2");
	c->comment = S(cat, "");
	c = PUSH(cat, cat->collations, cat->n_collations);
	assert_non_null(c);
	c->id = cat->next_id++;
	c->schema = S(cat, "public");
	c->name = S(cat, "C2");
	c->provider = 'c';
	c->lc_collate = S(cat, "C");
	c->lc_ctype = S(cat, "POSIX");
	c->deterministic = true;
	ls_store *st = open_ok(path);
	save_ok(key, st, cat);
	assert_string_not_equal(key, plain);
	char *before = json_of(cat);
	ls_catalog *back = load_ok(st, key);
	char *after = json_of(back);
	assert_string_equal(before, after);
	assert_non_null(strstr(after, "\"collations\""));
	assert_int_equal(sql_int(path, "SELECT count(*) FROM collations"), 2);
	free(after);
	free(before);
	ls_catalog_free(back);
	ls_catalog_free(cat);
	ls_store_close(st);
}

/* Aggregates (store version 9) come back with every pg_aggregate field:
 * plain, ordered-set with moving and partial options, hypothetical. */
static const char aggregates_sql[] =
		"CREATE AGGREGATE total(int) (sfunc = int4pl, stype = int, initcond = '0');\n"
		"CREATE AGGREGATE \"Odd \"\"name\"(int) (sfunc = int4_avg_accum, stype = int8[],"
		" finalfunc = int8_avg, initcond = '{0,0}', combinefunc = int4_avg_combine,"
		" msfunc = int4_avg_accum, minvfunc = int4_avg_accum_inv, mstype = int8[],"
		" mfinalfunc = int8_avg, minitcond = '{0,0}', msspace = 16, sspace = 8,"
		" mfinalfunc_modify = shareable, parallel = safe);\n"
		"CREATE AGGREGATE p(float8 ORDER BY anyelement) (sfunc = ordered_set_transition,"
		" stype = internal, finalfunc = percentile_disc_final, finalfunc_extra);\n"
		"CREATE AGGREGATE r(VARIADIC \"any\" ORDER BY VARIADIC \"any\") (sfunc ="
		" ordered_set_transition_multi, stype = internal, finalfunc = rank_final,"
		" finalfunc_extra, hypothetical);\n"
		"CREATE AGGREGATE m(int) (sfunc = int4larger, stype = int, sortop = >);\n";

static void test_aggregates_roundtrip(void **state)
{
	(void)state;
	const char *sql = aggregates_sql;
	char path[512], key[65];
	tmp_path(path, sizeof path, "aggregates.db");
	ls_catalog *cat = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_new(&cat, &err), 0);
	assert_int_equal(ls_catalog_apply_sql(cat, sql, strlen(sql), "agg.sql", &err), 0);
	ls_store *st = open_ok(path);
	save_ok(key, st, cat);
	char *before = json_of(cat);
	ls_catalog *back = load_ok(st, key);
	char *after = json_of(back);
	assert_string_equal(before, after);
	assert_non_null(strstr(after, "\"mfinalfunc_modify\": \"s\""));
	assert_int_equal(sql_int(path, "SELECT count(*) FROM function_aggregates"), 5);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM function_aggregates"
			" WHERE agg_kind = 'h' AND direct_args = 1"), 1);
	free(after);
	free(before);
	ls_catalog_free(back);
	ls_catalog_free(cat);
	ls_store_close(st);
}

static void test_save_twice_stores_once(void **state)
{
	(void)state;
	char path[512], k1[65], k2[65], k3[65];
	tmp_path(path, sizeof path, "twice.db");
	ls_catalog *cat = full_catalog();
	ls_store *st = open_ok(path);
	save_ok(k1, st, cat);
	long long tables = sql_int(path, "SELECT count(*) FROM tables");
	save_ok(k2, st, cat);
	assert_string_equal(k1, k2);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM tables"), tables);

	/* a different catalog is a second snapshot */
	ls_catalog *empty = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_new(&empty, &err), 0);
	save_ok(k3, st, empty);
	assert_string_not_equal(k1, k3);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 2);

	ls_catalog_free(empty);
	ls_catalog_free(cat);
	ls_store_close(st);
}

static void test_queryable_with_plain_sql(void **state)
{
	(void)state;
	char path[512], key[65];
	tmp_path(path, sizeof path, "query.db");
	ls_catalog *cat = full_catalog();
	ls_store *st = open_ok(path);
	save_ok(key, st, cat);
	ls_store_close(st);
	ls_catalog_free(cat);

	assert_int_equal(sql_int(path, "PRAGMA user_version"), 9);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM meta WHERE key = 'application'"
			" AND value = 'lockstep'"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM columns c JOIN tables t"
			" ON t.snapshot_key = c.snapshot_key AND t.position = c.table_position"
			" WHERE t.name = 'events'"), 5);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM constraint_columns"
			" WHERE side = 'ref'"), 2);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM grants WHERE object_kind = 'column'"
			" AND column_name = 'c5' AND privilege = 'SELECT'"), 1);
	/* ids past INT64_MAX keep their bits */
	assert_int_equal(sql_int(path, "SELECT id FROM sequences WHERE name = 'events_id_seq'"), -1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM objects"), 19);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM objects WHERE kind = 'materialized_view'"
			" AND name = 'mv'"), 1);
	/* the derived dependencies */
	assert_int_equal(sql_int(path, "SELECT count(*) FROM dependencies WHERE kind = 'foreign_key'"
			" AND from_name = 'events' AND from_detail = 'c_fkey' AND to_kind = 'table'"
			" AND to_name = 'Ref' AND to_schema = 'Fancy \"Schema\" \xc3\xbc'''"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM dependencies WHERE kind = 'partition'"
			" AND from_name = 'events_2024' AND to_name = 'events'"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM dependencies WHERE kind = 'trigger'"
			" AND to_kind = 'function' AND to_name = 'audit'"
			" AND to_schema = 'Fancy \"Schema\" \xc3\xbc'''"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM dependencies WHERE kind = 'index'"
			" AND from_name = 'plain_idx' AND to_kind = 'view' AND to_name = 'mv'"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM dependencies WHERE kind = 'owned_by'"
			" AND from_name = 'events_id_seq' AND from_detail = 'id' AND to_name = 'events'"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM dependencies WHERE kind = 'view'"
			" AND from_name = 'mv'"), 4);
	/* version 4: what is stored apart so older objects keep their hashes */
	assert_int_equal(sql_int(path, "SELECT count(*) FROM view_column_comments"
			" WHERE position = 1 AND comment = 'col ''q'''"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM type_attribute_comments"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM type_check_comments"
			" WHERE position = 1 AND comment = ''"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM view_triggers"), 2);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM view_trigger_args"), 2);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM trigger_transitions"), 3);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM default_privileges"
			" WHERE role IS NULL AND schema IS NULL AND kind = 'f'"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM grants"
			" WHERE object_kind = 'default_acl'"), 2);
	/* the built-in PUBLIC grant of functions and types is implied: stored
	 * only when revoked (type money2, procedure p keeps it) */
	assert_int_equal(sql_int(path, "SELECT count(*) FROM revoked_defaults"
			" WHERE object_kind = 'type' AND privilege = 'USAGE'"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM revoked_defaults"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM grants WHERE object_kind = 'type'"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM dependencies WHERE kind = 'trigger'"
			" AND from_kind = 'view' AND from_name = 'v'"), 2);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM dependencies WHERE kind = 'view'"
			" AND to_kind = 'relation' AND to_schema IS NULL AND to_name = 'not qualified'"), 1);
	/* version 6: owners with a name, one row each */
	assert_int_equal(sql_int(path, "SELECT count(*) FROM owners"), 6);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM owners WHERE object_kind = 'table'"
			" AND owner = ''"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM owners WHERE object_kind = 'schema'"
			" AND owner = 'r\xc3\xb4le \"q\"'"), 1);
}

static void test_load_unknown_key(void **state)
{
	(void)state;
	char path[512];
	tmp_path(path, sizeof path, "unknown.db");
	ls_store *st = open_ok(path);
	ls_catalog *cat = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_store_load(&cat, st, "abc", &err), LS_ENOTFOUND);
	assert_null(cat);
	ls_store_close(st);
}

/* Round-trip one catalog through a store; returns nothing, fails the test
 * on any difference. */
static void roundtrip(ls_store *st, ls_catalog *cat, const char *what)
{
	char key[65];
	save_ok(key, st, cat);
	char *before = json_of(cat);
	ls_catalog *back = load_ok(st, key);
	char *after = json_of(back);
	if (strcmp(before, after) != 0)
		fail_msg("%s: the loaded catalog differs", what);
	assert_same_build_state(cat, back);
	free(after);
	free(before);
	ls_catalog_free(back);
}

/* Every catalog fixture (LS_FIXTURES/catalog/NNN-*.sql), built by the real
 * builder, survives the store. Fixtures the builder cannot apply are left
 * to the builder's own tests. */
static void test_fixtures_roundtrip(void **state)
{
	(void)state;
	char dir[512], path[1024], db[512];
	const char *root = getenv("LS_FIXTURES");
	snprintf(dir, sizeof dir, "%s/catalog", root ? root : "tests/fixtures");
	DIR *d = opendir(dir);
	if (!d && !root)
		skip();
	assert_non_null(d);
	ls_store *st = open_ok(tmp_path(db, sizeof db, "fixtures.db"));
	int done = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".sql") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		ls_catalog *cat = NULL;
		ls_error err;
		ls_error_clear(&err);
		assert_int_equal(ls_catalog_new(&cat, &err), 0);
		if (ls_catalog_apply_file(cat, path, &err) == 0) {
			roundtrip(st, cat, path);
			done++;
		}
		ls_catalog_free(cat);
	}
	closedir(d);
	ls_store_close(st);
	assert_true(done > 0);
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

static void test_garbage_file(void **state)
{
	(void)state;
	char path[512];
	tmp_path(path, sizeof path, "garbage.db");
	char junk[4096];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)(i * 7 + 3);
	write_file(path, junk, sizeof junk);
	assert_open_fails(path, "not a lockstep store");
	/* a text file shorter than any header */
	write_file(path, "hello\n", 6);
	assert_open_fails(path, "not a lockstep store");
}

/* A good store cut short at several lengths. */
static void test_truncated_store(void **state)
{
	(void)state;
	char path[512], cut[512], key[65];
	tmp_path(path, sizeof path, "whole.db");
	tmp_path(cut, sizeof cut, "cut.db");
	ls_catalog *cat = full_catalog();
	ls_store *st = open_ok(path);
	save_ok(key, st, cat);
	ls_store_close(st);
	ls_catalog_free(cat);

	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char data[1 << 20];
	size_t n = fread(data, 1, sizeof data, f);
	fclose(f);
	assert_true(n > 8192 && n < sizeof data);
	const size_t lengths[] = {50, 100, 4096, n / 2, n - 4096};
	for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++) {
		write_file(cut, data, lengths[i]);
		assert_open_fails(cut, "corrupt");
	}
}

static void test_other_application(void **state)
{
	(void)state;
	char path[512];
	tmp_path(path, sizeof path, "other.db");
	sql_exec(path, "CREATE TABLE users (id integer primary key, name text);"
			"INSERT INTO users VALUES (1, 'x')");
	assert_open_fails(path, "not a lockstep store");

	tmp_path(path, sizeof path, "other_appid.db");
	sql_exec(path, "PRAGMA application_id = 1598903374; CREATE TABLE meta (key, value)");
	assert_open_fails(path, "application_id");

	/* a file with a table named meta is not enough */
	tmp_path(path, sizeof path, "other_meta.db");
	sql_exec(path, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
			"INSERT INTO meta VALUES ('application', 'something-else');"
			"PRAGMA user_version = 1");
	assert_open_fails(path, "not a lockstep store");
}

static void test_newer_store(void **state)
{
	(void)state;
	char path[512];
	tmp_path(path, sizeof path, "newer.db");
	ls_store_close(open_ok(path));
	sql_exec(path, "PRAGMA user_version = 999");
	assert_open_fails(path, "was written by a newer lockstep (store version 999");
}

/* Snapshot B of the version 1 and 2 fixtures: the full catalog with its
 * table "Fancy ..."."Ref" changed (tests/fixtures/store/v2.sql says how
 * they were made). */
static ls_catalog *fixture_b(void)
{
	ls_catalog *b = full_catalog_v3();
	b->tables[2].comment = S(b, "changed in b");
	ls_column *c = PUSH(b, b->tables[2].columns, b->tables[2].n_columns);
	assert_non_null(c);
	c->id = 42;
	c->name = S(b, "added");
	c->type = S(b, "text");
	b->next_id++;
	return b;
}

/* The snapshot keys of the fixtures, as lockstep before version 3 made
 * them: they stay the keys of those snapshots. */
static const char KEY_A[] = "8dbc592ec248a30564f7d0a92228b7db36b3ad75dedbf7676c7cd16105173ac5";
static const char KEY_B[] = "9f5194db391a2b900212bf3482a4472aab10d9761e975eb0a7b9a9d50b832f78";
static const char KEY_C[] = "2bccbc6eb0cba8c1e32349757352979d1b6a191ec0c0614d3fb3439394a69657";

/* Make the store file path from the SQL text of fixture store/name. */
static void store_from_fixture(const char *path, const char *name)
{
	char file[1024];
	const char *root = getenv("LS_FIXTURES");
	snprintf(file, sizeof file, "%s/store/%s", root ? root : "tests/fixtures", name);
	FILE *f = fopen(file, "rb");
	if (!f)
		fail_msg("cannot read %s", file);
	static char sql[1 << 20];
	size_t n = fread(sql, 1, sizeof sql - 1, f);
	fclose(f);
	assert_true(n > 0 && n < sizeof sql - 1);
	sql[n] = '\0';
	remove(path);
	sql_exec(path, sql);
}

/* Load key from st and compare it with want: JSON and build state. When
 * the fixture is version 1, columns had no ids yet: they load as 0. */
static void assert_loads_as(ls_store *st, const char *key, ls_catalog *want, bool column_ids)
{
	ls_catalog *back = load_ok(st, key);
	char *a = json_of(want), *b = json_of(back);
	assert_string_equal(a, b);
	if (column_ids) {
		assert_same_build_state(want, back);
	} else {
		for (size_t i = 0; i < back->n_tables; i++)
			for (size_t j = 0; j < back->tables[i].n_columns; j++)
				assert_true(back->tables[i].columns[j].id == 0);
	}
	free(a);
	free(b);
	ls_catalog_free(back);
}

/* A version 1 or 2 store with three snapshots: opening upgrades it; each
 * snapshot loads under its old key exactly as it was saved; objects the
 * snapshots share are stored once; the old tables are views now. */
static void upgrade_fixture(const char *name, int version)
{
	char path[512], key[65];
	tmp_path(path, sizeof path, name);
	store_from_fixture(path, version == 1 ? "v1.sql" : "v2.sql");
	assert_int_equal(sql_int(path, "PRAGMA user_version"), version);
	ls_store *st = open_ok(path);
	assert_int_equal(sql_int(path, "PRAGMA user_version"), 9);
	ls_catalog *a = full_catalog_v3(), *b = fixture_b(), *c = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_new(&c, &err), 0);
	assert_loads_as(st, KEY_A, a, version == 2);
	assert_loads_as(st, KEY_B, b, version == 2);
	assert_loads_as(st, KEY_C, c, true);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 3);
	/* A's three tables, and B's changed one */
	assert_int_equal(sql_int(path, "SELECT count(*) FROM obj_tables"), 4);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM tables"), 6);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_master"
			" WHERE type = 'table' AND name IN ('tables', 'columns', 'grants')"), 0);
	/* their pages were given back */
	assert_int_equal(sql_int(path, "PRAGMA freelist_count"), 0);
	/* saved again, A gets a key of this version: a new snapshot row, but
	 * (when the fixture had column ids already) not one object more */
	long long objects = sql_int(path, "SELECT count(*) FROM store_objects");
	save_ok(key, st, a);
	assert_string_not_equal(key, KEY_A);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 4);
	if (version == 2)
		assert_int_equal(sql_int(path, "SELECT count(*) FROM store_objects"), objects);
	if (version == 2) {
		/* the revision row is kept, as built by catalog model 0: a walk
		 * of this build does not take it (store_history.h) */
		ls_store_revision rev;
		assert_int_equal(sql_int(path, "SELECT count(*) FROM revisions WHERE model = 0"
				" AND commit_id = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' AND n_files = 1"
				" AND snapshot_key = '9f5194db391a2b900212bf3482a4472aab10d9761e975eb0a7b9a9d50b832f78'"), 1);
		assert_int_equal(ls_store_revision_get(&rev, st, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
				"flyway:migrations", &err), LS_ENOTFOUND);
		void *tree = NULL;
		size_t len = 0;
		assert_int_equal(ls_store_tree_get(&tree, &len, st,
				"0123456789012345678901234567890123456789", "pg_query-15", &err), 0);
		assert_int_equal(len, 6);
		assert_memory_equal(tree, "\x01\x02tree", 6);
		free(tree);
	}
	ls_catalog_free(a);
	ls_catalog_free(b);
	ls_catalog_free(c);
	ls_store_close(st);
	/* opening again changes nothing */
	ls_store_close(open_ok(path));
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 4);
}

static void test_upgrade_from_version_1(void **state)
{
	(void)state;
	upgrade_fixture("v1.db", 1);
}

static void test_upgrade_from_version_2(void **state)
{
	(void)state;
	upgrade_fixture("v2.db", 2);
}

/* The catalog of the first n migrations of the version 3 fixture, built
 * by this lockstep from the same files. */
static ls_catalog *fixture_v3_catalog(int n)
{
	static const char *const files[] = {"001_base.sql", "002_more.sql"};
	const char *root = getenv("LS_FIXTURES");
	ls_catalog *cat = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_new(&cat, &err), 0);
	for (int i = 0; i < n; i++) {
		char file[1024];
		snprintf(file, sizeof file, "%s/store/v3/%s", root ? root : "tests/fixtures", files[i]);
		if (ls_catalog_apply_file(cat, file, &err) != 0)
			fail_msg("%s: %s", file, err.diags[0].message);
	}
	return cat;
}

/* A version 3 store (tests/fixtures/store/v3.sql: `lockstep snapshot` of
 * two commits, by lockstep before version 4): opening upgrades it in
 * place; each snapshot loads under its key as this lockstep builds the
 * same migrations, and that catalog has the same key today, so a history
 * recorded before is found again, not recorded twice. */
static void test_upgrade_from_version_3(void **state)
{
	(void)state;
	static const char *const keys[] = {
		"d851d4fcd81086534e3272675089a17c8bdcc5ac01502cbc1a19cdfbb90719da",
		"d7553ce99756a9aa90bd06d763626b06b4fdda67f557746b460e26133fdbc205",
	};
	char path[512], key[65];
	tmp_path(path, sizeof path, "v3.db");
	store_from_fixture(path, "v3.sql");
	assert_int_equal(sql_int(path, "PRAGMA user_version"), 3);
	long long objects = sql_int(path, "SELECT count(*) FROM store_objects");
	ls_store *st = open_ok(path);
	assert_int_equal(sql_int(path, "PRAGMA user_version"), 9);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM store_objects"), objects);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshot_members"
			" WHERE kind = 'default_acl' AND object_ids = '[]'"), 2);
	for (int i = 0; i < 2; i++) {
		ls_catalog *built = fixture_v3_catalog(i + 1);
		char k[65];
		ls_error err;
		ls_error_clear(&err);
		assert_int_equal(ls_catalog_snapshot_key(k, built, &err), 0);
		assert_string_equal(k, keys[i]);
		ls_catalog *back = load_ok(st, keys[i]);
		char *a = json_of(built), *b = json_of(back);
		assert_string_equal(a, b);
		free(a);
		free(b);
		/* saved again: the same snapshot, no new object */
		save_ok(key, st, back);
		assert_string_equal(key, keys[i]);
		ls_catalog_free(back);
		ls_catalog_free(built);
	}
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 2);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM store_objects"), objects);
	/* its revisions were built by an older catalog model (0): not found,
	 * so a walk builds them again; recorded again, the row is this
	 * model's, with its files, and the snapshot is the one already there */
	static const char commit[] = "f9f42c7437ec215fdd49e5d398a15747aa546036";
	ls_store_revision rev;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM revisions WHERE model = 0"), 2);
	long long files = sql_int(path, "SELECT count(*) FROM revision_files");
	assert_true(files > 0);
	assert_int_equal(ls_store_revision_get(&rev, st, commit, "numbered:migrations", &err),
			LS_ENOTFOUND);
	ls_store_revision again = {.n_files = 0};
	memcpy(again.key, keys[1], sizeof again.key);
	assert_int_equal(ls_store_revision_add(st, commit, "numbered:migrations", &again,
			NULL, 0, NULL, 0, &err), 0);
	assert_int_equal(ls_store_revision_get(&rev, st, commit, "numbered:migrations", &err), 0);
	assert_string_equal(rev.key, keys[1]);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM revisions WHERE model = 0"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM revision_files"
			" WHERE commit_id = 'f9f42c7437ec215fdd49e5d398a15747aa546036'"), 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 2);
	ls_store_close(st);
	/* opening again changes nothing */
	ls_store_close(open_ok(path));
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 2);
}

static void test_upgrade_from_version_0(void **state)
{
	(void)state;
	char path[512], key[65];
	/* an SQLite file with no tables and user_version 0, made by hand */
	tmp_path(path, sizeof path, "v0.db");
	sql_exec(path, "CREATE TABLE x (a); DROP TABLE x");
	assert_int_equal(sql_int(path, "PRAGMA user_version"), 0);
	ls_store *st = open_ok(path);
	ls_catalog *cat = full_catalog();
	save_ok(key, st, cat);
	ls_catalog *back = load_ok(st, key);
	char *a = json_of(cat), *b = json_of(back);
	assert_string_equal(a, b);
	free(a);
	free(b);
	ls_catalog_free(back);
	ls_catalog_free(cat);
	ls_store_close(st);
	assert_int_equal(sql_int(path, "PRAGMA user_version"), 9);
	assert_int_equal(sql_int(path, "PRAGMA application_id"), 0x4C6B5374);
	/* opening again changes nothing */
	ls_store_close(open_ok(path));
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 1);

	/* an empty (0-byte) file */
	tmp_path(path, sizeof path, "empty.db");
	write_file(path, "", 0);
	ls_store_close(open_ok(path));
	assert_int_equal(sql_int(path, "PRAGMA user_version"), 9);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM pragma_journal_mode"
			" WHERE journal_mode = 'wal'"), 1);
}

/* Two connections on one file: what one saves, the other loads. */
static void test_two_connections(void **state)
{
	(void)state;
	char path[512], key[65];
	tmp_path(path, sizeof path, "shared.db");
	ls_store *a = open_ok(path);
	ls_store *b = open_ok(path);
	ls_catalog *cat = full_catalog();
	save_ok(key, a, cat);
	ls_catalog *back = load_ok(b, key);
	char *x = json_of(cat), *y = json_of(back);
	assert_string_equal(x, y);
	free(x);
	free(y);
	save_ok(key, b, back);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 1);
	ls_catalog_free(back);
	ls_catalog_free(cat);
	ls_store_close(b);
	ls_store_close(a);
}

/* Bytes of a good store overwritten here and there: opening and loading
 * may work or fail with LS_EIO, never anything else (ASan watches). */
static void test_damaged_bytes(void **state)
{
	(void)state;
	char path[512], cut[512], key[65];
	tmp_path(path, sizeof path, "bytes.db");
	tmp_path(cut, sizeof cut, "bytes_damaged.db");
	ls_catalog *cat = full_catalog();
	ls_store *st = open_ok(path);
	save_ok(key, st, cat);
	ls_store_close(st);
	ls_catalog_free(cat);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char data[1 << 20];
	size_t n = fread(data, 1, sizeof data, f);
	fclose(f);
	uint32_t seed = 12345;
	for (int round = 0; round < 150; round++) {
		static char copy[1 << 20];
		memcpy(copy, data, n);
		for (int k = 0; k < 8; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = 100 + (seed >> 8) % (n - 100);
			copy[at] = (char)(seed >> 3);
		}
		write_file(cut, copy, n);
		ls_error err;
		ls_error_clear(&err);
		ls_catalog *back = NULL;
		int rc = ls_store_open(&st, cut, &err);
		if (rc == 0) {
			rc = ls_store_load(&back, st, key, &err);
			ls_catalog_free(back);
			ls_store_close(st);
		}
		if (rc != 0 && rc != LS_EIO && rc != LS_ENOTFOUND)
			fail_msg("round %d: rc %d: %s", round, rc, err.diags[0].message);
		if (rc != 0)
			assert_string_equal(err.diags[0].path, cut);
	}
}

/* Damage that SQLite cannot see: rows that do not fit together. */
static void test_inconsistent_rows(void **state)
{
	(void)state;
	char path[512], key[65];
	static const char *const damage[] = {
		"DELETE FROM obj_columns WHERE position = 1",
		"UPDATE obj_grants SET column_position = 99 WHERE object_name = 'events'"
		" AND column_position = -1",
		"UPDATE obj_type_labels SET position = position + 10",
		"UPDATE obj_constraints SET type = 'pp' WHERE name = 'd_pkey'",
		"DELETE FROM obj_tables WHERE name = 'events_2024'",
		/* the lists of a snapshot */
		"UPDATE store_objects SET kind = 'view' WHERE kind = 'index'",
		"UPDATE snapshot_members SET object_ids = '[1,2' WHERE kind = 'table'",
		"UPDATE snapshot_members SET object_ids = '[]' WHERE kind = 'search_path'",
		"UPDATE snapshot_members SET object_ids = json_insert(object_ids, '$[#]', 99999)"
		" WHERE kind = 'table'",
		"UPDATE snapshot_members SET object_ids ="
		" (SELECT object_ids FROM snapshot_members WHERE kind = 'index') WHERE kind = 'table'",
		"DELETE FROM snapshot_members WHERE kind = 'search_path'",
	};
	for (size_t i = 0; i < sizeof damage / sizeof *damage; i++) {
		char name[32];
		snprintf(name, sizeof name, "damaged%zu.db", i);
		tmp_path(path, sizeof path, name);
		ls_catalog *cat = full_catalog();
		ls_store *st = open_ok(path);
		save_ok(key, st, cat);
		ls_catalog_free(cat);
		ls_store_close(st);
		sql_exec(path, "PRAGMA foreign_keys = OFF");
		sql_exec(path, damage[i]);
		st = open_ok(path);
		ls_error err;
		ls_error_clear(&err);
		assert_int_equal(ls_store_load(&cat, st, key, &err), LS_EIO);
		assert_null(cat);
		assert_non_null(strstr(err.diags[0].message, "corrupt"));
		assert_string_equal(err.diags[0].path, path);
		ls_store_close(st);
	}
}

/* Every allocation of a load fails in turn: LS_ENOMEM each time, nothing
 * leaked, until the load works. */
static void test_fault_injection_load(void **state)
{
	(void)state;
	char path[512], key[65];
	tmp_path(path, sizeof path, "fault_load.db");
	ls_catalog *cat = full_catalog();
	ls_store *st = open_ok(path);
	save_ok(key, st, cat);
	char *want = json_of(cat);
	long n;
	for (n = 1; n < 100000; n++) {
		ls_catalog *back = NULL;
		ls_error err;
		ls_error_clear(&err);
		ls_alloc_fail_after(n);
		int rc = ls_store_load(&back, st, key, &err);
		ls_alloc_fail_after(0);
		if (rc == 0) {
			char *got = json_of(back);
			assert_string_equal(want, got);
			free(got);
			ls_catalog_free(back);
			break;
		}
		assert_int_equal(rc, LS_ENOMEM);
		assert_int_equal(err.code, LS_ENOMEM);
		assert_null(back);
	}
	assert_true(n > 1);
	assert_true(n < 100000);
	free(want);
	ls_catalog_free(cat);
	ls_store_close(st);
}

/* Aggregates under out-of-memory at every allocation: building them from
 * SQL and loading them from the store fail with LS_ENOMEM and free
 * everything (the sanitizer build checks the frees), until one succeeds. */
static void test_aggregates_fault_injection(void **state)
{
	(void)state;
	char path[512], key[65];
	long n;
	for (n = 1; n < 100000; n++) {
		ls_catalog *c = NULL;
		ls_error err;
		ls_error_clear(&err);
		assert_int_equal(ls_catalog_new(&c, &err), 0);
		ls_alloc_fail_after(n);
		int rc = ls_catalog_apply_sql(c, aggregates_sql, strlen(aggregates_sql), "agg.sql", &err);
		ls_alloc_fail_after(0);
		if (rc != 0 && rc != LS_ENOMEM)
			fail_msg("allocation %ld: %s", n, err.n_diags ? err.diags[0].message : "?");
		ls_catalog_free(c);
		if (rc == 0)
			break;
		assert_int_equal(rc, LS_ENOMEM);
	}
	assert_true(n > 1 && n < 100000);
	tmp_path(path, sizeof path, "aggregates_fault.db");
	ls_catalog *cat = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_new(&cat, &err), 0);
	assert_int_equal(ls_catalog_apply_sql(cat, aggregates_sql, strlen(aggregates_sql), "agg.sql", &err), 0);
	ls_store *st = open_ok(path);
	save_ok(key, st, cat);
	char *want = json_of(cat);
	for (n = 1; n < 100000; n++) {
		ls_catalog *back = NULL;
		ls_error_clear(&err);
		ls_alloc_fail_after(n);
		int rc = ls_store_load(&back, st, key, &err);
		ls_alloc_fail_after(0);
		if (rc == 0) {
			char *got = json_of(back);
			assert_string_equal(want, got);
			free(got);
			ls_catalog_free(back);
			break;
		}
		assert_int_equal(rc, LS_ENOMEM);
		assert_null(back);
	}
	assert_true(n > 1 && n < 100000);
	free(want);
	ls_catalog_free(cat);
	ls_store_close(st);
}

/* The same for a save: a failed save leaves no snapshot behind. */
static void test_fault_injection_save(void **state)
{
	(void)state;
	char path[512], key[65];
	tmp_path(path, sizeof path, "fault_save.db");
	ls_catalog *cat = full_catalog();
	ls_store *st = open_ok(path);
	long n;
	for (n = 1; n < 100000; n++) {
		ls_error err;
		ls_error_clear(&err);
		ls_alloc_fail_after(n);
		int rc = ls_store_save(key, st, cat, &err);
		ls_alloc_fail_after(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, LS_ENOMEM);
		assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 0);
		assert_int_equal(sql_int(path, "SELECT count(*) FROM tables"), 0);
	}
	assert_true(n > 1);
	assert_true(n < 100000);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 1);
	ls_catalog_free(cat);
	ls_store_close(st);
}

static void test_fault_injection_open(void **state)
{
	(void)state;
	char path[512];
	tmp_path(path, sizeof path, "fault_open.db");
	long n;
	for (n = 1; n < 1000; n++) {
		ls_store *st = NULL;
		ls_error err;
		ls_error_clear(&err);
		ls_alloc_fail_after(n);
		int rc = ls_store_open(&st, path, &err);
		ls_alloc_fail_after(0);
		if (rc == 0) {
			ls_store_close(st);
			break;
		}
		assert_int_equal(rc, LS_ENOMEM);
		assert_null(st);
	}
	assert_true(n > 1 && n < 1000);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	DIR *d = opendir(tmpdir);
	if (!d)
		return -1;
	struct dirent *e;
	char path[1024];
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			remove(tmp_path(path, sizeof path, e->d_name));
	closedir(d);
	return rmdir(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_collations_roundtrip),
		cmocka_unit_test(test_aggregates_roundtrip),
		cmocka_unit_test(test_aggregates_fault_injection),
		cmocka_unit_test(test_save_twice_stores_once),
		cmocka_unit_test(test_queryable_with_plain_sql),
		cmocka_unit_test(test_fixtures_roundtrip),
		cmocka_unit_test(test_load_unknown_key),
		cmocka_unit_test(test_garbage_file),
		cmocka_unit_test(test_truncated_store),
		cmocka_unit_test(test_other_application),
		cmocka_unit_test(test_newer_store),
		cmocka_unit_test(test_upgrade_from_version_0),
		cmocka_unit_test(test_upgrade_from_version_1),
		cmocka_unit_test(test_upgrade_from_version_2),
		cmocka_unit_test(test_upgrade_from_version_3),
		cmocka_unit_test(test_two_connections),
		cmocka_unit_test(test_inconsistent_rows),
		cmocka_unit_test(test_damaged_bytes),
		cmocka_unit_test(test_fault_injection_load),
		cmocka_unit_test(test_fault_injection_save),
		cmocka_unit_test(test_fault_injection_open),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

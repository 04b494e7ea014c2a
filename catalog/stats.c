/* Table statistics of a live database (lockstep/stats.h): read with libpq
 * in one read-only transaction, written and read as JSON with jansson. */
#define _POSIX_C_SOURCE 200809L
#include "lockstep/stats.h"
#include "lockstep/conninfo.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Every user relation that holds rows or is partitioned: the system
 * schemas, TOAST and temporary schemas aside. The sizes lock each relation
 * (AccessShareLock) until the transaction ends. */
static const char *tables_sql =
	"SELECT n.nspname, c.relname, c.relkind, pn.nspname, p.relname, c.reltuples, "
	"coalesce(s.n_live_tup, 0), coalesce(s.n_dead_tup, 0), pg_catalog.pg_relation_size(c.oid), "
	"CASE WHEN c.reltoastrelid <> 0 THEN pg_catalog.pg_total_relation_size(c.reltoastrelid) "
	"ELSE 0 END, pg_catalog.pg_indexes_size(c.oid), "
	"pg_catalog.to_char(greatest(s.last_analyze, s.last_autoanalyze) AT TIME ZONE 'UTC', "
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
	"FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"LEFT JOIN pg_catalog.pg_stat_all_tables s ON s.relid = c.oid "
	"LEFT JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid AND c.relispartition "
	"LEFT JOIN pg_catalog.pg_class p ON p.oid = i.inhparent "
	"LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace "
	"WHERE c.relkind IN ('r', 'p', 'm') AND c.relpersistence <> 't' "
	"AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast' "
	"ORDER BY n.nspname COLLATE \"C\", c.relname COLLATE \"C\"";

static const char *indexes_sql =
	"SELECT n.nspname, ic.relname, tc.relname, am.amname, x.indisunique, x.indisprimary, "
	"pg_catalog.pg_relation_size(ic.oid) "
	"FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid "
	"JOIN pg_catalog.pg_class tc ON tc.oid = x.indrelid "
	"JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace "
	"JOIN pg_catalog.pg_am am ON am.oid = ic.relam "
	"WHERE tc.relkind IN ('r', 'p', 'm') AND tc.relpersistence <> 't' "
	"AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast' "
	"ORDER BY n.nspname COLLATE \"C\", ic.relname COLLATE \"C\"";

/* The server and the settings, sizes in bytes. */
static const char *server_sql =
	"SELECT pg_catalog.current_setting('server_version_num')::int, "
	"pg_catalog.current_setting('server_version'), "
	"pg_catalog.to_char(pg_catalog.now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
	"pg_catalog.pg_database_size(pg_catalog.current_database()), "
	"pg_catalog.current_setting('block_size')::bigint, "
	"pg_catalog.pg_size_bytes(pg_catalog.current_setting('maintenance_work_mem')), "
	"pg_catalog.pg_size_bytes(pg_catalog.current_setting('work_mem')), "
	"pg_catalog.pg_size_bytes(pg_catalog.current_setting('shared_buffers')), "
	"pg_catalog.current_setting('max_parallel_maintenance_workers')::int, "
	"pg_catalog.current_setting('max_parallel_workers')::int";

static int new_stats(ls_stats **out, ls_error *err)
{
	ls_stats *s = calloc(1, sizeof *s);
	if (!s || ls_arena_new(&s->arena) < 0) {
		free(s);
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	}
	*out = s;
	return 0;
}

void ls_stats_free(ls_stats *s)
{
	if (!s)
		return;
	ls_arena_free(s->arena);
	free(s);
}

static const char *text(ls_stats *s, PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : ls_arena_strdup(s->arena, PQgetvalue(r, row, col));
}

static int64_t number(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

/* Run sql in c, which must give columns; *out the result. */
static int query(PGconn *c, const char *sql, int columns, PGresult **out, const char *what,
		ls_error *err)
{
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQnfields(r) != columns) {
		char where[512];
		ls_conninfo_describe(where, sizeof where, c);
		const char *why = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
		int rc = ls_error_set(err, LS_EENV, NULL, 0, 0, "reading the %s of %s failed: %s", what,
				where, why ? why : "no rows");
		PQclear(r);
		return rc;
	}
	*out = r;
	return 0;
}

static int read_tables(ls_stats *s, PGconn *c, ls_error *err)
{
	PGresult *r;
	int rc = query(c, tables_sql, 12, &r, "table sizes", err);
	if (rc < 0)
		return rc;
	int n = PQntuples(r);
	s->tables = n ? ls_arena_alloc(s->arena, (size_t)n * sizeof *s->tables) : NULL;
	for (int i = 0; i < n && s->tables; i++) {
		ls_stats_table *t = &s->tables[s->n_tables++];
		t->schema = text(s, r, i, 0);
		t->name = text(s, r, i, 1);
		t->kind = PQgetvalue(r, i, 2)[0];
		t->parent_schema = text(s, r, i, 3);
		t->parent_name = text(s, r, i, 4);
		t->rows = strtod(PQgetvalue(r, i, 5), NULL);
		t->live_rows = number(r, i, 6);
		t->dead_rows = number(r, i, 7);
		t->heap_bytes = number(r, i, 8);
		t->toast_bytes = number(r, i, 9);
		t->index_bytes = number(r, i, 10);
		t->last_analyze = text(s, r, i, 11);
	}
	PQclear(r);
	return ls_arena_failed(s->arena) ? ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory") : 0;
}

static int read_indexes(ls_stats *s, PGconn *c, ls_error *err)
{
	PGresult *r;
	int rc = query(c, indexes_sql, 7, &r, "index sizes", err);
	if (rc < 0)
		return rc;
	int n = PQntuples(r);
	s->indexes = n ? ls_arena_alloc(s->arena, (size_t)n * sizeof *s->indexes) : NULL;
	for (int i = 0; i < n && s->indexes; i++) {
		ls_stats_index *x = &s->indexes[s->n_indexes++];
		x->schema = text(s, r, i, 0);
		x->name = text(s, r, i, 1);
		x->table = text(s, r, i, 2);
		x->method = text(s, r, i, 3);
		x->unique = PQgetvalue(r, i, 4)[0] == 't';
		x->primary = PQgetvalue(r, i, 5)[0] == 't';
		x->bytes = number(r, i, 6);
	}
	PQclear(r);
	return ls_arena_failed(s->arena) ? ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory") : 0;
}

static int read_server(ls_stats *s, PGconn *c, ls_error *err)
{
	PGresult *r;
	int rc = query(c, server_sql, 10, &r, "server settings", err);
	if (rc < 0)
		return rc;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return ls_error_set(err, LS_EENV, NULL, 0, 0, "reading the server settings gave no row");
	}
	s->server_version_num = (int)number(r, 0, 0);
	s->server_version = text(s, r, 0, 1);
	s->taken_at = text(s, r, 0, 2);
	s->database_bytes = number(r, 0, 3);
	s->block_size = number(r, 0, 4);
	s->maintenance_work_mem = number(r, 0, 5);
	s->work_mem = number(r, 0, 6);
	s->shared_buffers = number(r, 0, 7);
	s->max_parallel_maintenance_workers = (int)number(r, 0, 8);
	s->max_parallel_workers = (int)number(r, 0, 9);
	PQclear(r);
	return ls_arena_failed(s->arena) ? ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory") : 0;
}

/* A statement that must succeed (the transaction's settings). */
static int run(PGconn *c, const char *sql, ls_error *err)
{
	PGresult *r = PQexec(c, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	if (ok)
		return 0;
	char where[512];
	ls_conninfo_describe(where, sizeof where, c);
	return ls_error_set(err, LS_EENV, NULL, 0, 0, "reading the statistics of %s failed: %s",
			where, PQerrorMessage(c));
}

int ls_stats_collect(ls_stats **out, const char *conninfo, ls_error *err)
{
	*out = NULL;
	PGconn *c = NULL;
	ls_stats *s = NULL;
	int rc;
	if ((rc = ls_conninfo_connect(&c, conninfo, err)) < 0 || (rc = new_stats(&s, err)) < 0)
		goto done;
	/* read-only, one snapshot; a relation locked by someone else's DDL
	 * is not waited for long (the sizes need AccessShareLock), and the
	 * transaction holds its locks for the few queries only */
	if ((rc = run(c, "SET application_name = 'lockstep stats'", err)) < 0 ||
			(rc = run(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err)) < 0 ||
			(rc = run(c, "SET LOCAL lock_timeout = '2s'", err)) < 0 ||
			(rc = run(c, "SET LOCAL statement_timeout = '60s'", err)) < 0 ||
			(rc = run(c, "SET LOCAL search_path = pg_catalog, pg_temp", err)) < 0 ||
			(rc = read_server(s, c, err)) < 0 || (rc = read_tables(s, c, err)) < 0 ||
			(rc = read_indexes(s, c, err)) < 0 || (rc = run(c, "COMMIT", err)) < 0)
		goto done;
	*out = s;
	s = NULL;
done:
	ls_stats_free(s);
	PQfinish(c);
	return rc;
}

/* --- JSON --- */

static const char *kind_word(char k)
{
	return k == 'p' ? "partitioned table" : k == 'm' ? "materialized view" : "table";
}

static char kind_letter(const char *w)
{
	return !w ? 0 : !strcmp(w, "table") ? 'r' : !strcmp(w, "partitioned table") ? 'p' :
		!strcmp(w, "materialized view") ? 'm' : 0;
}

/* A value added to o; false when out of memory (v NULL or not added). */
static bool put(json_t *o, const char *key, json_t *v)
{
	return v && json_object_set_new(o, key, v) == 0;
}

static json_t *str_or_null(const char *v)
{
	return v ? json_string(v) : json_null();
}

char *ls_stats_to_json(const ls_stats *s)
{
	json_t *root = json_object(), *tables = json_array(), *indexes = json_array();
	json_t *settings = json_object();
	bool ok = root && tables && indexes && settings &&
		put(root, "lockstep_stats", json_integer(LS_STATS_FORMAT)) &&
		put(root, "server_version_num", json_integer(s->server_version_num)) &&
		put(root, "server_version", str_or_null(s->server_version)) &&
		put(root, "taken_at", str_or_null(s->taken_at)) &&
		put(root, "database_bytes", json_integer(s->database_bytes)) &&
		put(settings, "block_size", json_integer(s->block_size)) &&
		put(settings, "maintenance_work_mem", json_integer(s->maintenance_work_mem)) &&
		put(settings, "work_mem", json_integer(s->work_mem)) &&
		put(settings, "shared_buffers", json_integer(s->shared_buffers)) &&
		put(settings, "max_parallel_maintenance_workers",
				json_integer(s->max_parallel_maintenance_workers)) &&
		put(settings, "max_parallel_workers", json_integer(s->max_parallel_workers));
	for (size_t i = 0; ok && i < s->n_tables; i++) {
		const ls_stats_table *t = &s->tables[i];
		json_t *o = json_object();
		ok = o && json_array_append_new(tables, o) == 0 &&
			put(o, "schema", json_string(t->schema)) && put(o, "name", json_string(t->name)) &&
			put(o, "kind", json_string(kind_word(t->kind))) &&
			put(o, "partition_of", t->parent_name ? json_pack("{s:s, s:s}", "schema",
					t->parent_schema, "name", t->parent_name) : json_null()) &&
			put(o, "rows", json_real(t->rows)) && put(o, "live_rows", json_integer(t->live_rows)) &&
			put(o, "dead_rows", json_integer(t->dead_rows)) &&
			put(o, "heap_bytes", json_integer(t->heap_bytes)) &&
			put(o, "toast_bytes", json_integer(t->toast_bytes)) &&
			put(o, "index_bytes", json_integer(t->index_bytes)) &&
			put(o, "last_analyze", str_or_null(t->last_analyze));
	}
	for (size_t i = 0; ok && i < s->n_indexes; i++) {
		const ls_stats_index *x = &s->indexes[i];
		json_t *o = json_object();
		ok = o && json_array_append_new(indexes, o) == 0 &&
			put(o, "schema", json_string(x->schema)) && put(o, "name", json_string(x->name)) &&
			put(o, "table", json_string(x->table)) && put(o, "method", str_or_null(x->method)) &&
			put(o, "unique", json_boolean(x->unique)) &&
			put(o, "primary", json_boolean(x->primary)) && put(o, "bytes", json_integer(x->bytes));
	}
	char *out = NULL;
	if (ok && put(root, "settings", json_incref(settings)) &&
			put(root, "tables", json_incref(tables)) && put(root, "indexes", json_incref(indexes))) {
		char *d = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);
		size_t n = d ? strlen(d) : 0;
		out = d ? malloc(n + 2) : NULL;
		if (out) {
			memcpy(out, d, n);
			out[n] = '\n';
			out[n + 1] = '\0';
		}
		free(d);
	}
	json_decref(settings);
	json_decref(tables);
	json_decref(indexes);
	json_decref(root);
	return out;
}

/* --- reading a stats file --- */

#define MAX_STATS_BYTES (256L * 1024 * 1024)

/* The file's bytes: a regular file, not through a symbolic link, at most
 * MAX_STATS_BYTES. */
static int read_all(const char *path, char **out, size_t *len, ls_error *err)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return ls_error_set(err, errno == ELOOP ? LS_EINVAL : LS_EIO, path, 0, 0,
				"cannot open the stats file: %s", errno == ELOOP ?
				"it is a symbolic link (not followed)" : strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_STATS_BYTES) {
		close(fd);
		return ls_error_set(err, LS_EINVAL, path, 0, 0, "the stats file is %s",
				st.st_size > MAX_STATS_BYTES ? "larger than 256 MiB" : "not a regular file");
	}
	char *buf = malloc((size_t)st.st_size + 1);
	size_t n = 0;
	while (buf && n < (size_t)st.st_size) {
		ssize_t k = read(fd, buf + n, (size_t)st.st_size - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		n += (size_t)k;
	}
	close(fd);
	if (!buf)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

/* Member key of o as a string (NULL when null or absent); *bad when it is
 * another type. */
static const char *get_str(ls_stats *s, json_t *o, const char *key, bool *bad)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*bad = true;
		return NULL;
	}
	return ls_arena_strdup(s->arena, json_string_value(v));
}

/* Member key of o as a number (integer or real), *bad when not one (or
 * negative, for sizes). */
static double get_num(json_t *o, const char *key, bool *bad)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_number(v)) {
		*bad = true;
		return 0;
	}
	return json_number_value(v);
}

static int64_t get_size(json_t *o, const char *key, bool *bad)
{
	double v = get_num(o, key, bad);
	if (!(v >= 0 && v <= 9.2e18)) {
		*bad = true;
		return 0;
	}
	return (int64_t)v;
}

/* A count or version: 0 .. INT_MAX. */
static int get_int(json_t *o, const char *key, bool *bad)
{
	double v = get_num(o, key, bad);
	if (!(v >= 0 && v <= 2147483647.0)) {
		*bad = true;
		return 0;
	}
	return (int)v;
}

static int bad_file(ls_error *err, const char *path, const char *what, size_t i)
{
	return ls_error_set(err, LS_EINVAL, path, 0, 0, "not a lockstep stats file: %s %zu is not "
			"one lockstep stats writes (docs/stats.md)", what, i + 1);
}

static int load_tables(ls_stats *s, json_t *a, const char *path, ls_error *err)
{
	size_t n = json_array_size(a);
	s->tables = n ? ls_arena_alloc(s->arena, n * sizeof *s->tables) : NULL;
	if (n && !s->tables)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(a, i), *p = json_object_get(o, "partition_of");
		ls_stats_table *t = &s->tables[i];
		bool bad = !json_is_object(o);
		t->schema = get_str(s, o, "schema", &bad);
		t->name = get_str(s, o, "name", &bad);
		t->kind = kind_letter(json_string_value(json_object_get(o, "kind")));
		if (p && !json_is_null(p)) {
			bad = bad || !json_is_object(p);
			t->parent_schema = get_str(s, p, "schema", &bad);
			t->parent_name = get_str(s, p, "name", &bad);
		}
		t->rows = get_num(o, "rows", &bad);
		t->live_rows = get_size(o, "live_rows", &bad);
		t->dead_rows = get_size(o, "dead_rows", &bad);
		t->heap_bytes = get_size(o, "heap_bytes", &bad);
		t->toast_bytes = get_size(o, "toast_bytes", &bad);
		t->index_bytes = get_size(o, "index_bytes", &bad);
		t->last_analyze = get_str(s, o, "last_analyze", &bad);
		if (bad || !t->schema || !t->name || !t->kind ||
				(t->parent_name && !t->parent_schema))
			return bad_file(err, path, "table", i);
		s->n_tables++;
	}
	return 0;
}

static int load_indexes(ls_stats *s, json_t *a, const char *path, ls_error *err)
{
	size_t n = json_array_size(a);
	s->indexes = n ? ls_arena_alloc(s->arena, n * sizeof *s->indexes) : NULL;
	if (n && !s->indexes)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(a, i);
		ls_stats_index *x = &s->indexes[i];
		bool bad = !json_is_object(o);
		x->schema = get_str(s, o, "schema", &bad);
		x->name = get_str(s, o, "name", &bad);
		x->table = get_str(s, o, "table", &bad);
		x->method = get_str(s, o, "method", &bad);
		x->unique = json_is_true(json_object_get(o, "unique"));
		x->primary = json_is_true(json_object_get(o, "primary"));
		x->bytes = get_size(o, "bytes", &bad);
		if (bad || !x->schema || !x->name || !x->table)
			return bad_file(err, path, "index", i);
		s->n_indexes++;
	}
	return 0;
}

static int cmp_tables(const void *a, const void *b)
{
	const ls_stats_table *x = a, *y = b;
	int c = strcmp(x->schema, y->schema);
	return c ? c : strcmp(x->name, y->name);
}

static int cmp_indexes(const void *a, const void *b)
{
	const ls_stats_index *x = a, *y = b;
	int c = strcmp(x->schema, y->schema);
	return c ? c : strcmp(x->name, y->name);
}

int ls_stats_load(ls_stats **out, const char *path, ls_error *err)
{
	*out = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc = read_all(path, &buf, &len, err);
	if (rc < 0)
		return rc;
	rc = ls_stats_parse(out, buf, len, path, err);
	free(buf);
	return rc;
}

int ls_stats_parse(ls_stats **out, const char *text, size_t len, const char *path, ls_error *err)
{
	*out = NULL;
	int rc;
	json_error_t je;
	/* the position only: jansson's text can quote the file's bytes */
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return ls_error_set(err, LS_EINVAL, path, je.line > 0 ? je.line : 0,
				je.column > 0 ? je.column : 0, "not a lockstep stats file: not valid JSON");
	ls_stats *s = NULL;
	json_t *settings = json_object_get(root, "settings"), *tables = json_object_get(root, "tables");
	json_t *indexes = json_object_get(root, "indexes");
	json_t *format = json_object_get(root, "lockstep_stats");
	if (!json_is_object(root) || !json_is_integer(format) || !json_is_object(settings) ||
			!json_is_array(tables) || !json_is_array(indexes)) {
		rc = ls_error_set(err, LS_EINVAL, path, 0, 0, "not a lockstep stats file: it lacks "
				"\"lockstep_stats\", \"settings\", \"tables\" or \"indexes\" (docs/stats.md)");
		goto done;
	}
	if (json_integer_value(format) != LS_STATS_FORMAT) {
		rc = ls_error_set(err, LS_EINVAL, path, 0, 0, "stats file format %lld: this lockstep "
				"reads format %d", (long long)json_integer_value(format), LS_STATS_FORMAT);
		goto done;
	}
	if ((rc = new_stats(&s, err)) < 0)
		goto done;
	bool bad = false;
	s->server_version_num = get_int(root, "server_version_num", &bad);
	s->server_version = get_str(s, root, "server_version", &bad);
	s->taken_at = get_str(s, root, "taken_at", &bad);
	s->database_bytes = get_size(root, "database_bytes", &bad);
	s->block_size = get_size(settings, "block_size", &bad);
	s->maintenance_work_mem = get_size(settings, "maintenance_work_mem", &bad);
	s->work_mem = get_size(settings, "work_mem", &bad);
	s->shared_buffers = get_size(settings, "shared_buffers", &bad);
	s->max_parallel_maintenance_workers = get_int(settings, "max_parallel_maintenance_workers",
			&bad);
	s->max_parallel_workers = get_int(settings, "max_parallel_workers", &bad);
	if (bad) {
		rc = ls_error_set(err, LS_EINVAL, path, 0, 0, "not a lockstep stats file: the server "
				"or its settings are not as lockstep stats writes them (docs/stats.md)");
		goto done;
	}
	if ((rc = load_tables(s, tables, path, err)) < 0 ||
			(rc = load_indexes(s, indexes, path, err)) < 0)
		goto done;
	if (ls_arena_failed(s->arena)) {
		rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	if (s->n_tables)
		qsort(s->tables, s->n_tables, sizeof *s->tables, cmp_tables);
	if (s->n_indexes)
		qsort(s->indexes, s->n_indexes, sizeof *s->indexes, cmp_indexes);
	*out = s;
	s = NULL;
done:
	ls_stats_free(s);
	json_decref(root);
	return rc;
}

const ls_stats_table *ls_stats_find_table(const ls_stats *s, const char *schema, const char *name)
{
	if (!s || !s->n_tables)
		return NULL;
	ls_stats_table key = {.schema = schema, .name = name};
	return bsearch(&key, s->tables, s->n_tables, sizeof *s->tables, cmp_tables);
}

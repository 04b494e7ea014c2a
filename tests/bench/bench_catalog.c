/* Benchmark: parse+apply of generated schemas, next to the raw libpg_query
 * parse of the same bytes. Not a test: numbers are printed, never asserted.
 *   bench_catalog schema N     one file of N tables (with indexes, FKs)
 *   bench_catalog history N    N migration files applied in order
 *   bench_catalog raw-schema N / raw-history N   libpg_query parse only
 *   bench_catalog unpack-schema N / unpack-history N   the parse and
 *       protobuf-c's unpacking of its result (pg_query__parse_result__unpack
 *       with the default allocator, then free_unpacked): the part of
 *       parse+apply that is not lockstep's own code
 * Each run prints milliseconds and the peak RSS of the process. */
#define _POSIX_C_SOURCE 200809L
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "lockstep/catalog.h"

typedef struct buf {
	char *s;
	size_t n, cap;
} buf;

static void put(buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#include <stdarg.h>
static void put(buf *b, const char *fmt, ...)
{
	va_list ap;
	if (!b->s) {
		b->cap = 1 << 16;
		b->s = malloc(b->cap);
		if (!b->s)
			exit(3);
	}
	for (;;) {
		va_start(ap, fmt);
		int k = vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
		if (k >= 0 && b->n + (size_t)k < b->cap) {
			b->n += (size_t)k;
			return;
		}
		b->cap = b->cap ? b->cap * 2 : 1 << 16;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			exit(3);
	}
}

/* Table i of a multi-tenant schema: 8 columns, a composite primary key,
 * a foreign key to the previous table, a CHECK, two indexes. */
static void table_sql(buf *b, int i)
{
	put(b, "CREATE TABLE t%04d (\n  org_id bigint NOT NULL,\n  id bigserial,\n"
		"  name varchar(200) NOT NULL,\n  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),\n"
		"  amount numeric(12,2) DEFAULT 0,\n  payload jsonb NOT NULL DEFAULT '{}',\n"
		"  parent_id bigint,\n  created_at timestamptz NOT NULL DEFAULT now(),\n"
		"  PRIMARY KEY (org_id, id)%s\n);\n", i,
		i > 0 ? ",\n  FOREIGN KEY (org_id, parent_id) REFERENCES t0000 (org_id, id)" : "");
	put(b, "CREATE INDEX ON t%04d (org_id, created_at DESC);\n", i);
	put(b, "CREATE UNIQUE INDEX t%04d_name_key ON t%04d (org_id, lower(name)) WHERE status = 'active';\n", i, i);
	put(b, "COMMENT ON TABLE t%04d IS 'table %d';\n", i, i);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* History file f: the first 300 tables are created one per file; later
 * files alter an earlier table. */
static void history_file(buf *b, int f)
{
	if (f % 3 != 2 || f < 3) {
		table_sql(b, f);
		return;
	}
	put(b, "ALTER TABLE t%04d ADD COLUMN note_%d text;\n", f - 2, f);
	put(b, "ALTER TABLE t%04d ALTER COLUMN amount SET DEFAULT 1;\n", f - 1);
	table_sql(b, f);
}

/* The raw libpg_query parse of files given by name: the floor a history
 * run is compared with (tests/bench/history.sh). */
static int raw_files(int n, char **paths)
{
	size_t bytes = 0;
	double total = 0;
	for (int i = 0; i < n; i++) {
		FILE *f = fopen(paths[i], "rb");
		if (!f)
			return 3;
		buf b = {0};
		char chunk[65536];
		size_t got;
		while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
			put(&b, "%.*s", (int)got, chunk);
		fclose(f);
		if (!b.s)
			put(&b, "%s", "");
		bytes += b.n;
		double t0 = now_ms();
		PgQueryProtobufParseResult r = pg_query_parse_protobuf(b.s);
		total += now_ms() - t0;
		pg_query_free_protobuf_parse_result(r);
		free(b.s);
	}
	printf("raw-files      files=%-5d bytes=%-9zu time_ms=%.1f\n", n, bytes, total);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "raw-files"))
		return raw_files(argc - 2, argv + 2);
	if (argc != 3)
		return 2;
	const char *mode = argv[1];
	int n = atoi(argv[2]);
	bool history = strstr(mode, "history") != NULL;
	bool raw = strncmp(mode, "raw", 3) == 0;
	bool unpack = strncmp(mode, "unpack", 6) == 0;
	buf *files = calloc((size_t)n, sizeof *files);
	size_t bytes = 0;
	if (history) {
		for (int i = 0; i < n; i++) {
			history_file(&files[i], i);
			bytes += files[i].n;
		}
	} else {
		for (int i = 0; i < n; i++)
			table_sql(&files[0], i);
		bytes = files[0].n;
	}
	int nf = history ? n : 1;
	ls_catalog *cat = NULL;
	ls_error err;
	ls_error_clear(&err);
	if (!raw && !unpack && ls_catalog_new(&cat, &err) < 0)
		return 3;
	double t0 = now_ms();
	for (int i = 0; i < nf; i++) {
		if (raw || unpack) {
			PgQueryProtobufParseResult r = pg_query_parse_protobuf(files[i].s);
			if (r.error)
				return 3;
			if (unpack) {
				PgQuery__ParseResult *res = pg_query__parse_result__unpack(NULL,
						r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
				if (!res)
					return 3;
				pg_query__parse_result__free_unpacked(res, NULL);
			}
			pg_query_free_protobuf_parse_result(r);
		} else if (ls_catalog_apply_sql(cat, files[i].s, files[i].n, "bench.sql", &err) < 0) {
			char line[1024];
			ls_error_format(&err, 0, line, sizeof line);
			fprintf(stderr, "%s\n", line);
			return 3;
		}
	}
	double t1 = now_ms();
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("%-14s n=%-5d files=%-4d bytes=%-9zu time_ms=%-9.1f peak_rss_mb=%.1f\n",
		mode, n, nf, bytes, t1 - t0, ru.ru_maxrss / 1024.0);
	ls_catalog_free(cat);
	for (int i = 0; i < nf; i++)
		free(files[i].s);
	free(files);
	return 0;
}

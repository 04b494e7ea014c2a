/* The name indexes (name_index.c) against plain scans: after every
 * statement of scripts that create, rename, move, drop and roll back, every
 * object of every indexed array is found where a scan finds it, tables by
 * id too, every constraint name is known, and names that are not there are
 * not found. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "apply_table.h"
#include "build.h"
#include "objects.h"

static bool eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* The first position of (schema, name) in an array, by scan. */
#define SCAN_FN(T, arr, n) \
	static long scan_##arr(const ls_catalog *cat, const char *schema, const char *name) \
	{ \
		for (size_t i = 0; i < cat->n; i++) \
			if (eq(cat->arr[i].schema, schema) && eq(cat->arr[i].name, name)) \
				return (long)i; \
		return -1; \
	}
SCAN_FN(ls_table, tables, n_tables)
SCAN_FN(ls_view, views, n_views)
SCAN_FN(ls_type, types, n_types)
SCAN_FN(ls_sequence, sequences, n_sequences)
SCAN_FN(ls_index, indexes, n_indexes)

static long pos(const void *p, const void *base, size_t size)
{
	return p ? (long)(((const char *)p - (const char *)base) / (long)size) : -1;
}

static void check_kind_tables(ls_catalog *cat)
{
	for (size_t i = 0; i < cat->n_tables; i++) {
		const ls_table *t = &cat->tables[i];
		assert_int_equal(pos(ls_catalog_find_table(cat, t->schema, t->name), cat->tables, sizeof *t),
				scan_tables(cat, t->schema, t->name));
		assert_int_equal(pos(ls_table_by_id(cat, t->id), cat->tables, sizeof *t), (long)i);
		/* the same name in the other schemas */
		for (size_t s = 0; s < cat->n_schemas; s++)
			assert_int_equal(pos(ls_catalog_find_table(cat, cat->schemas[s].name, t->name),
					cat->tables, sizeof *t),
					scan_tables(cat, cat->schemas[s].name, t->name));
		for (size_t k = 0; k < t->n_constraints; k++)
			assert_true(ls_index_constraint_exists(cat, t->schema, t->constraints[k].name));
	}
	assert_null(ls_table_by_id(cat, cat->next_id + 1000));
}

/* Whether item i of kind hangs off schema.table, by its fields. */
static bool owned_by(const ls_catalog *cat, ls_own_kind kind, size_t i, const char *schema,
		const char *table)
{
	if (kind == LS_OWN_SEQUENCE)
		return eq(cat->sequences[i].schema, schema) && eq(cat->sequences[i].owned_table, table);
	if (kind == LS_OWN_INDEX)
		return eq(cat->indexes[i].schema, schema) && eq(cat->indexes[i].table, table);
	if (kind == LS_OWN_VIEW) {
		const ls_view *v = &cat->views[i];
		char q[256];
		snprintf(q, sizeof q, "%s.%s", schema, table);
		bool hit = !v->n_depends;
		for (size_t k = 0; k < v->n_depends; k++)
			hit = hit || eq(v->depends[k], q);
		return hit;
	}
	for (size_t k = 0; k < cat->tables[i].n_constraints; k++) {
		const ls_constraint *c = &cat->tables[i].constraints[k];
		if (c->type == 'f' && eq(c->ref_schema, schema) && eq(c->ref_table, table))
			return true;
	}
	return false;
}

/* ls_catalog_owned gives what a scan finds, for every kind, for every
 * table name in every schema (and one that is not there). */
static void check_owned(ls_catalog *cat)
{
	ls_arena *a = NULL;
	assert_int_equal(ls_arena_new(&a), 0);
	for (int kind = 0; kind < LS_OWN_COUNT; kind++) {
		size_t n = kind == LS_OWN_SEQUENCE ? cat->n_sequences :
			kind == LS_OWN_INDEX ? cat->n_indexes :
			kind == LS_OWN_VIEW ? cat->n_views : cat->n_tables;
		for (size_t s = 0; s < cat->n_schemas; s++)
			for (size_t t = 0; t <= cat->n_tables; t++) {
				const char *sc = cat->schemas[s].name;
				const char *tn = t < cat->n_tables ? cat->tables[t].name : "no_such_table";
				size_t *at;
				long got = ls_catalog_owned(cat, (ls_own_kind)kind, sc, tn, a, &at);
				assert_true(got >= 0);
				long k = 0;
				for (size_t i = 0; i < n; i++)
					if (owned_by(cat, (ls_own_kind)kind, i, sc, tn)) {
						assert_true(k < got);
						assert_int_equal(at[k], i);
						k++;
					}
				assert_int_equal(k, got);
			}
	}
	ls_arena_free(a);
}

static void check_all(ls_catalog *cat)
{
	check_kind_tables(cat);
	check_owned(cat);
	for (size_t i = 0; i < cat->n_schemas; i++)
		assert_ptr_equal(ls_catalog_find_schema(cat, cat->schemas[i].name), &cat->schemas[i]);
	for (size_t i = 0; i < cat->n_views; i++) {
		const ls_view *v = &cat->views[i];
		assert_int_equal(pos(ls_catalog_find_view(cat, v->schema, v->name), cat->views, sizeof *v),
				scan_views(cat, v->schema, v->name));
	}
	for (size_t i = 0; i < cat->n_types; i++) {
		const ls_type *t = &cat->types[i];
		assert_int_equal(pos(ls_catalog_find_type(cat, t->schema, t->name), cat->types, sizeof *t),
				scan_types(cat, t->schema, t->name));
		for (size_t k = 0; k < t->n_checks; k++)
			assert_true(ls_index_constraint_exists(cat, t->schema, t->checks[k].name));
	}
	for (size_t i = 0; i < cat->n_sequences; i++) {
		const ls_sequence *q = &cat->sequences[i];
		assert_int_equal(pos(ls_catalog_find_sequence(cat, q->schema, q->name), cat->sequences, sizeof *q),
				scan_sequences(cat, q->schema, q->name));
	}
	for (size_t i = 0; i < cat->n_indexes; i++) {
		const ls_index *x = &cat->indexes[i];
		assert_int_equal(pos(ls_catalog_find_index(cat, x->schema, x->name), cat->indexes, sizeof *x),
				scan_indexes(cat, x->schema, x->name));
	}
	for (size_t i = 0; i < cat->n_functions; i++) {
		const ls_function *f = &cat->functions[i];
		long want = -1;
		for (size_t j = 0; j < cat->n_functions && want < 0; j++)
			if (eq(cat->functions[j].schema, f->schema) && eq(cat->functions[j].name, f->name) &&
					eq(cat->functions[j].identity_args, f->identity_args))
				want = (long)j;
		assert_int_equal(pos(ls_lookup_function(cat, f->schema, f->name, f->identity_args),
				cat->functions, sizeof *f), want);
		/* without arguments: the first overload */
		want = -1;
		for (size_t j = 0; j < cat->n_functions && want < 0; j++)
			if (eq(cat->functions[j].schema, f->schema) && eq(cat->functions[j].name, f->name))
				want = (long)j;
		assert_int_equal(pos(ls_lookup_function(cat, f->schema, f->name, NULL),
				cat->functions, sizeof *f), want);
	}
	/* names that are not there */
	assert_null(ls_catalog_find_table(cat, "public", "no_such_table"));
	assert_null(ls_catalog_find_index(cat, "public", "no_such_index"));
	assert_null(ls_catalog_find_schema(cat, "no_such_schema"));
	assert_null(ls_catalog_find_table(cat, NULL, "t"));
	assert_false(ls_index_constraint_exists(cat, "public", "no_such_constraint"));
	/* a constraint name exists exactly where a scan finds it */
	const char *probes[] = {"t_pkey", "t_a_check", "t_a_check1", "u_pkey", "d_check", "p_pkey",
		"v_pkey", "pos_check", "pos_check1", "renamed_k"};
	for (size_t s = 0; s < cat->n_schemas; s++)
		for (size_t p = 0; p < sizeof probes / sizeof *probes; p++) {
			const char *sc = cat->schemas[s].name;
			bool want = false;
			for (size_t i = 0; i < cat->n_tables; i++)
				for (size_t k = 0; k < cat->tables[i].n_constraints; k++)
					want = want || (eq(cat->tables[i].schema, sc) &&
						eq(cat->tables[i].constraints[k].name, probes[p]));
			for (size_t i = 0; i < cat->n_types; i++)
				for (size_t k = 0; k < cat->types[i].n_checks; k++)
					want = want || (eq(cat->types[i].schema, sc) &&
						eq(cat->types[i].checks[k].name, probes[p]));
			assert_int_equal(ls_index_constraint_exists(cat, sc, probes[p]), want);
		}
}

typedef struct run_ctx {
	ls_catalog *cat;
	int statements;
} run_ctx;

static int check_after(void *ctx, const ls_parsed *p, const ls_stmt *s, ls_error *err)
{
	(void)p;
	(void)s;
	(void)err;
	run_ctx *r = ctx;
	check_all(r->cat);
	r->statements++;
	return 0;
}

/* Apply sql statement by statement into cat, checking after each. */
static void run(ls_catalog *cat, const char *sql)
{
	ls_error err;
	ls_error_clear(&err);
	ls_parsed *p = NULL;
	assert_int_equal(ls_parse(&p, sql, strlen(sql), "t.sql", &err), 0);
	run_ctx r = {.cat = cat};
	int rc = ls_apply_parsed(cat, p, check_after, &r, &err);
	if (rc < 0) {
		char line[1024];
		ls_error_format(&err, 0, line, sizeof line);
		fail_msg("%s", line);
	}
	ls_parsed_free(p);
	/* every statement was checked */
	assert_int_equal(ls_parse(&p, sql, strlen(sql), "t.sql", &err), 0);
	const ls_stmt *s;
	int n = 0;
	while (ls_parsed_next(p, &s, &err) > 0)
		n++;
	assert_int_equal(r.statements, n);
	ls_parsed_free(p);
	check_all(cat);
}

static const char *const script =
	"CREATE SCHEMA s1; CREATE SCHEMA s2;\n"
	"CREATE TABLE t (id int PRIMARY KEY, a int CHECK (a > 0), b int CHECK (a > 0), c serial);\n"
	"CREATE TABLE s1.t (id bigserial PRIMARY KEY, a int CHECK (a > 0));\n"
	"CREATE TABLE u (id int PRIMARY KEY, t_id int REFERENCES t, x text UNIQUE);\n"
	"CREATE INDEX ON t (a); CREATE INDEX ON t (a); CREATE UNIQUE INDEX u_x_lower ON u (lower(x));\n"
	"CREATE TYPE mood AS ENUM ('a', 'b'); CREATE TYPE s1.pair AS (x int, y int);\n"
	"CREATE DOMAIN pos AS int CHECK (VALUE > 0) CHECK (VALUE < 100);\n"
	"CREATE DOMAIN d AS text; ALTER DOMAIN d ADD CHECK (VALUE <> '');\n"
	"CREATE SEQUENCE s2.q; CREATE VIEW v AS SELECT id, a FROM t;\n"
	"CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
	"CREATE FUNCTION f(text) RETURNS int LANGUAGE sql AS 'SELECT 2';\n"
	"CREATE FUNCTION s1.f(int) RETURNS int LANGUAGE sql AS 'SELECT 3';\n"
	/* renames and moves */
	"ALTER TABLE t RENAME TO t2; ALTER TABLE t2 RENAME TO t;\n"
	"ALTER INDEX t_a_idx RENAME TO t_a_index; ALTER TABLE t RENAME CONSTRAINT t_a_check TO renamed_k;\n"
	"ALTER TABLE u SET SCHEMA s2; ALTER SEQUENCE s2.q SET SCHEMA s1; ALTER VIEW v SET SCHEMA s1;\n"
	"ALTER TYPE mood SET SCHEMA s2; ALTER FUNCTION f(text) RENAME TO g; ALTER FUNCTION g(text) SET SCHEMA s2;\n"
	"ALTER SCHEMA s1 RENAME TO s3; ALTER DOMAIN d RENAME CONSTRAINT d_check TO d_nonempty;\n"
	/* a unique index becomes a constraint's, under the constraint's name */
	"CREATE TABLE w (id int NOT NULL); CREATE UNIQUE INDEX w_idx ON w (id);\n"
	"ALTER TABLE w ADD CONSTRAINT w_key PRIMARY KEY USING INDEX w_idx;\n"
	/* partitions: indexes cloned and attached */
	"CREATE TABLE p (id int, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);\n"
	"CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');\n"
	"CREATE TABLE p2 (id int NOT NULL, at date NOT NULL);\n"
	"ALTER TABLE p ATTACH PARTITION p2 FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');\n"
	"ALTER TABLE p DETACH PARTITION p2;\n"
	/* drops */
	"ALTER TABLE t DROP COLUMN c; ALTER TABLE t DROP COLUMN b;\n"
	"DROP INDEX t_a_idx1; DROP TABLE s2.u; DROP FUNCTION f(int); DROP TYPE s3.pair;\n"
	"ALTER DOMAIN pos DROP CONSTRAINT pos_check; DROP VIEW s3.v;\n"
	/* transactions */
	"BEGIN; CREATE TABLE x1 (id int PRIMARY KEY); SAVEPOINT a; DROP TABLE t CASCADE;\n"
	"CREATE TABLE t (id int PRIMARY KEY CHECK (id > 0)); ROLLBACK TO a; CREATE INDEX ON x1 (id); COMMIT;\n"
	"BEGIN; DROP SCHEMA s3 CASCADE; CREATE TABLE y (a int); ROLLBACK;\n"
	"CREATE OR REPLACE VIEW v2 AS SELECT 1 AS one; CREATE OR REPLACE VIEW v2 AS SELECT 1 AS one, 2 AS two;\n"
	/* temporary objects go at the end of the file */
	"CREATE TEMP TABLE tmp (id int PRIMARY KEY); CREATE INDEX ON tmp (id);\n"
	"DROP SCHEMA s3 CASCADE;\n"
	"CREATE TABLE t3 (LIKE t INCLUDING ALL);\n"
	/* owners given in place: a sequence OWNED BY, foreign keys added to
	 * tables already indexed, an identity column added */
	"CREATE SEQUENCE q2; ALTER SEQUENCE q2 OWNED BY t3.a; ALTER SEQUENCE q2 OWNED BY t.a;\n"
	"ALTER TABLE t3 ADD FOREIGN KEY (id) REFERENCES t; ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES t;\n"
	"ALTER TABLE t3 ADD COLUMN g int GENERATED ALWAYS AS IDENTITY; ALTER SEQUENCE q2 OWNED BY NONE;\n"
	/* a view replaced in place reads another table; a column it reads
	 * cannot be dropped, one it no longer reads can */
	"CREATE VIEW v3 AS SELECT a FROM t; CREATE OR REPLACE VIEW v3 AS SELECT a FROM t3;\n"
	"ALTER TABLE t DROP COLUMN a; ALTER TABLE t3 DROP COLUMN a CASCADE;\n";

static void test_script(void **state)
{
	(void)state;
	ls_catalog *cat = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_new(&cat, &err), 0);
	run(cat, script);
	/* the replaced view went with the column it read */
	assert_null(ls_catalog_find_view(cat, "public", "v3"));
	/* a second file on the same catalog, after the first one's session */
	run(cat, "CREATE TABLE t4 (id int PRIMARY KEY); ALTER TABLE t4 RENAME TO t5;\n"
			"DROP TABLE t5; CREATE TABLE t5 (a int CHECK (a > 0));\n");
	/* sorting moves every item: lookups still agree */
	ls_catalog_sort(cat);
	check_all(cat);
	run(cat, "CREATE TABLE t6 (id int PRIMARY KEY); DROP TABLE t3;\n");
	ls_catalog_free(cat);
}

/* Ids adopted from another catalog: tables are found by their new ids. */
static void test_adopt_ids(void **state)
{
	(void)state;
	ls_catalog *a = NULL, *b = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_new(&a, &err), 0);
	assert_int_equal(ls_catalog_new(&b, &err), 0);
	run(a, "CREATE TABLE z (id int); CREATE TABLE t (id int);\n");
	run(b, "CREATE TABLE t (id int); CREATE TABLE y (id int);\n");
	assert_int_equal(ls_catalog_adopt_ids(b, a, &err), 0);
	check_all(b);
	assert_ptr_equal(ls_table_by_id(b, ls_catalog_find_table(a, "public", "t")->id),
			ls_catalog_find_table(b, "public", "t"));
	ls_catalog_free(a);
	ls_catalog_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_script),
		cmocka_unit_test(test_adopt_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

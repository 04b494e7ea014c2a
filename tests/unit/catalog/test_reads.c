/* ls_catalog_reads: the relations a stored text reads, parsed or run. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lockstep/arena.h"
#include "lockstep/catalog.h"
#include "lockstep/error.h"

static const char schema_sql[] =
	"CREATE SCHEMA \"Sales Data\";\n"
	"CREATE TABLE rate (cur text PRIMARY KEY, factor numeric NOT NULL);\n"
	"CREATE TABLE price (id int PRIMARY KEY, amount numeric NOT NULL);\n"
	"CREATE TABLE \"Sales Data\".\"select\" (id int, note text);\n"
	"CREATE TABLE audit (n int);\n"
	"CREATE FUNCTION usd(a numeric) RETURNS numeric LANGUAGE sql STABLE\n"
	"  RETURN a * (SELECT rate.factor FROM rate WHERE rate.cur = 'usd');\n"
	"CREATE FUNCTION note_of(i int) RETURNS text LANGUAGE sql STABLE\n"
	"  BEGIN ATOMIC SELECT s.note FROM \"Sales Data\".\"select\" s WHERE s.id = i; END;\n"
	"CREATE FUNCTION seen() RETURNS bigint LANGUAGE plpgsql STABLE\n"
	"  AS $$ BEGIN RETURN (SELECT count(*) FROM audit); END $$;\n"
	"CREATE VIEW priced AS SELECT id, usd(amount) AS usd, note_of(id) AS note FROM price;\n"
	"CREATE VIEW priced_top AS SELECT id, usd FROM priced WHERE id > 1;\n"
	"CREATE MATERIALIZED VIEW totals AS SELECT sum(usd) AS total FROM priced_top;\n";

typedef struct fixture {
	ls_catalog *cat;
	ls_arena *a;
} fixture;

static int setup(void **state)
{
	static fixture f;
	ls_error err = {0};
	if (ls_catalog_new(&f.cat, &err) < 0 || ls_arena_new(&f.a) < 0)
		return -1;
	if (ls_catalog_apply_sql(f.cat, schema_sql, strlen(schema_sql), "t.sql", &err) < 0)
		return -1;
	ls_error_clear(&err);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	ls_arena_free(f->a);
	ls_catalog_free(f->cat);
	return 0;
}

/* The relations, joined with spaces. */
static const char *joined(fixture *f, const ls_reads *r)
{
	const char *s = "";
	for (size_t i = 0; i < r->n_relations; i++)
		s = ls_arena_printf(f->a, "%s%s%s", s, i ? " " : "", r->relations[i]);
	return s;
}

static const ls_view *view(fixture *f, const char *name)
{
	const ls_view *v = ls_catalog_find_view(f->cat, "public", name);
	assert_non_null(v);
	return v;
}

/* Parsed, a query opens what it names: a view, not what the view reads,
 * and not what the functions it calls read. */
static void test_parsed_query(void **state)
{
	fixture *f = *state;
	ls_reads r;
	assert_int_equal(ls_catalog_reads(f->cat, view(f, "priced_top")->definition, LS_READS_QUERY,
			0, f->a, &r), 0);
	assert_string_equal(joined(f, &r), "public.priced");
	assert_false(r.opaque);
	assert_int_equal(ls_catalog_reads(f->cat, view(f, "priced")->definition, LS_READS_QUERY,
			0, f->a, &r), 0);
	assert_string_equal(joined(f, &r), "public.price");
}

/* Run, it opens what the views read, at any depth, and what the
 * SQL-standard bodies it calls read; a matview is read as it is. */
static void test_run_query(void **state)
{
	fixture *f = *state;
	ls_reads r;
	assert_int_equal(ls_catalog_reads(f->cat, view(f, "priced_top")->definition, LS_READS_QUERY,
			LS_READS_RUN, f->a, &r), 0);
	assert_string_equal(joined(f, &r),
			"public.priced public.rate \"Sales Data\".\"select\" public.price");
	assert_false(r.opaque);
	assert_int_equal(ls_catalog_reads(f->cat, "SELECT totals.total FROM public.totals",
			LS_READS_QUERY, LS_READS_RUN, f->a, &r), 0);
	assert_string_equal(joined(f, &r), "public.totals");
}

/* A body that is not SQL-standard is opaque when run, nothing when
 * created; a SQL-standard one is parsed (its own names only). */
static void test_bodies(void **state)
{
	fixture *f = *state;
	ls_reads r;
	const ls_function *seen = ls_catalog_find_function(f->cat, "public", "seen", NULL);
	const ls_function *note = ls_catalog_find_function(f->cat, "public", "note_of", NULL);
	assert_non_null(seen);
	assert_non_null(note);
	assert_int_equal(ls_catalog_reads(f->cat, seen->body, LS_READS_BODY, 0, f->a, &r), 0);
	assert_int_equal(r.n_relations, 0);
	assert_int_equal(ls_catalog_reads(f->cat, note->body, LS_READS_BODY, 0, f->a, &r), 0);
	assert_string_equal(joined(f, &r), "\"Sales Data\".\"select\"");
	assert_int_equal(ls_catalog_reads(f->cat, "public.seen() > 0", LS_READS_EXPR, LS_READS_RUN,
			f->a, &r), 0);
	assert_int_equal(r.n_relations, 0);
	assert_true(r.opaque);
}

/* Expressions: a sub-select's relations when parsed; a function's reads
 * only when run; CTE names and unknown relations are not relations. */
static void test_expressions(void **state)
{
	fixture *f = *state;
	ls_reads r;
	const char *e = "(id IN (SELECT priced.id FROM public.priced)) AND public.usd(1) > 0";
	assert_int_equal(ls_catalog_reads(f->cat, e, LS_READS_EXPR, 0, f->a, &r), 0);
	assert_string_equal(joined(f, &r), "public.priced");
	assert_int_equal(ls_catalog_reads(f->cat, e, LS_READS_EXPR, LS_READS_RUN, f->a, &r), 0);
	assert_string_equal(joined(f, &r),
			"public.priced public.rate \"Sales Data\".\"select\" public.price");
	assert_int_equal(ls_catalog_reads(f->cat,
			"WITH price AS (SELECT 1 AS id) SELECT price.id FROM price, public.nowhere",
			LS_READS_QUERY, LS_READS_RUN, f->a, &r), 0);
	assert_int_equal(r.n_relations, 0);
	assert_int_equal(ls_catalog_reads(f->cat, "(((", LS_READS_EXPR, LS_READS_RUN, f->a, &r),
			LS_EPARSE);
	assert_int_equal(r.n_relations, 0);
	assert_int_equal(ls_catalog_reads(f->cat, NULL, LS_READS_EXPR, 0, f->a, &r), 0);
	assert_int_equal(r.n_relations, 0);
}

/* The Nth allocation fails, for every N until none does: LS_ENOMEM with
 * an empty result, nothing leaked (the sanitizer build checks). */
static void test_out_of_memory(void **state)
{
	fixture *f = *state;
	const char *q = view(f, "priced_top")->definition;
	long n;
	for (n = 1; n < 10000; n++) {
		ls_arena *a;
		assert_int_equal(ls_arena_new(&a), 0);
		ls_reads r;
		ls_alloc_fail_after(n);
		int rc = ls_catalog_reads(f->cat, q, LS_READS_QUERY, LS_READS_RUN, a, &r);
		ls_alloc_fail_after(0);
		ls_arena_free(a);
		if (rc == 0) {
			assert_int_equal(r.n_relations, 4);
			break;
		}
		/* the parser's own allocations fail as a text that does not parse */
		assert_true(rc == LS_ENOMEM || rc == LS_EPARSE);
		assert_int_equal(r.n_relations, 0);
	}
	assert_true(n > 1);
	assert_true(n < 10000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parsed_query),
		cmocka_unit_test(test_run_query),
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_expressions),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

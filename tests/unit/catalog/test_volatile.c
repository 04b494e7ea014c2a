/* Whether a default may call a volatile function (catalog/volatile.c):
 * built-ins by pg_proc.provolatile, extensions' functions, and the
 * catalog's own functions by what they declare. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "build.h"

static ls_catalog *build(const char *sql)
{
	ls_catalog *cat;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_new(&cat, &err), 0);
	assert_int_equal(ls_catalog_apply_sql(cat, sql, strlen(sql), "t.sql", &err), 0);
	return cat;
}

static void test_builtins(void **state)
{
	(void)state;
	ls_catalog *cat = build("");
	assert_false(ls_expr_volatile(cat, NULL));
	assert_false(ls_expr_volatile(cat, "0"));
	assert_false(ls_expr_volatile(cat, "now()"));                 /* stable */
	assert_false(ls_expr_volatile(cat, "CURRENT_TIMESTAMP"));
	assert_false(ls_expr_volatile(cat, "lower('A'::text)"));      /* immutable */
	assert_true(ls_expr_volatile(cat, "random()"));
	assert_true(ls_expr_volatile(cat, "pg_catalog.random()"));
	assert_true(ls_expr_volatile(cat, "nextval('s'::regclass)"));
	assert_true(ls_expr_volatile(cat, "clock_timestamp()"));
	assert_true(ls_expr_volatile(cat, "gen_random_uuid()"));
	/* inside other nodes: a cast, an operator, CASE, COALESCE, arrays */
	assert_true(ls_expr_volatile(cat, "(random() * 10::double precision)::integer"));
	assert_true(ls_expr_volatile(cat, "COALESCE(NULL::integer, (random())::integer)"));
	assert_true(ls_expr_volatile(cat, "CASE WHEN true THEN 1 ELSE (random())::int END"));
	assert_true(ls_expr_volatile(cat, "ARRAY[1, (random())::int]"));
	assert_false(ls_expr_volatile(cat, "ARRAY[1, 2]"));
	/* a function of another schema named like a volatile built-in is not it */
	assert_false(ls_expr_volatile(cat, "app.random()"));
	/* what does not parse may be anything */
	assert_true(ls_expr_volatile(cat, "random(("));
	ls_catalog_free(cat);
}

static void test_extensions(void **state)
{
	(void)state;
	ls_catalog *cat = build("CREATE EXTENSION pgcrypto; CREATE EXTENSION \"uuid-ossp\";");
	assert_true(ls_expr_volatile(cat, "public.gen_random_bytes(4)"));
	assert_true(ls_expr_volatile(cat, "gen_salt('bf'::text)"));
	assert_true(ls_expr_volatile(cat, "uuid_generate_v4()"));
	assert_false(ls_expr_volatile(cat, "uuid_nil()"));            /* immutable */
	assert_false(ls_expr_volatile(cat, "digest('a'::text, 'sha256'::text)"));
	ls_catalog_free(cat);
}

static void test_catalog_functions(void **state)
{
	(void)state;
	ls_catalog *cat = build(
		"CREATE SCHEMA app;"
		"CREATE FUNCTION app.ticket() RETURNS int LANGUAGE plpgsql AS $$BEGIN RETURN 1; END$$;"
		"CREATE FUNCTION app.zero() RETURNS int LANGUAGE sql STABLE AS 'SELECT 0';"
		"CREATE FUNCTION app.two(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 2';"
		"CREATE FUNCTION app.two(text) RETURNS int LANGUAGE sql VOLATILE AS 'SELECT 2';");
	assert_true(ls_expr_volatile(cat, "app.ticket()"));           /* VOLATILE by default */
	assert_true(ls_expr_volatile(cat, "ticket()"));               /* unqualified: any schema */
	assert_false(ls_expr_volatile(cat, "app.zero()"));
	assert_false(ls_expr_volatile(cat, "other.ticket()"));
	/* overloads are not resolved: any volatile one counts */
	assert_true(ls_expr_volatile(cat, "app.two(1)"));
	ls_catalog_free(cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtins),
		cmocka_unit_test(test_extensions),
		cmocka_unit_test(test_catalog_functions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

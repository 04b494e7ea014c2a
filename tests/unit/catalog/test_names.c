/* Names: quoting as quote_identifier does, and the names PostgreSQL
 * generates (suffixes on collision, 63-byte truncation). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "build.h"

static void test_quote_ident(void **state)
{
	(void)state;
	ls_arena *a;
	assert_int_equal(ls_arena_new(&a), 0);
	assert_string_equal(ls_quote_ident(a, "users"), "users");
	assert_string_equal(ls_quote_ident(a, "Users"), "\"Users\"");
	assert_string_equal(ls_quote_ident(a, "order"), "\"order\"");     /* reserved */
	assert_string_equal(ls_quote_ident(a, "user"), "\"user\"");       /* reserved */
	assert_string_equal(ls_quote_ident(a, "name"), "name");           /* unreserved */
	assert_string_equal(ls_quote_ident(a, "int"), "\"int\"");         /* col_name keyword */
	assert_string_equal(ls_quote_ident(a, "a b"), "\"a b\"");
	assert_string_equal(ls_quote_ident(a, "a\"b"), "\"a\"\"b\"");
	assert_string_equal(ls_quote_ident(a, "köln"), "\"köln\"");
	assert_string_equal(ls_quote_ident(a, "_x$1"), "_x$1");
	assert_string_equal(ls_quote_ident(a, "1abc"), "\"1abc\"");
	ls_arena_free(a);
}

static ls_catalog *build(const char *sql)
{
	ls_catalog *cat;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_new(&cat, &err), 0);
	assert_int_equal(ls_catalog_apply_sql(cat, sql, strlen(sql), "t.sql", &err), 0);
	return cat;
}

static void test_generated_names(void **state)
{
	(void)state;
	ls_catalog *cat = build(
		"CREATE TABLE t (a int CHECK (a > 0), b int, CHECK (a > 0), CHECK (a < b), UNIQUE (a, b));"
		"CREATE INDEX ON t (a); CREATE INDEX ON t (a); CREATE INDEX ON t (lower(b::text));");
	ls_table *t = ls_catalog_find_table(cat, "public", "t");
	assert_non_null(ls_table_constraint(t, "t_a_check"));
	assert_non_null(ls_table_constraint(t, "t_a_check1"));
	assert_non_null(ls_table_constraint(t, "t_check"));
	assert_non_null(ls_table_constraint(t, "t_a_b_key"));
	assert_non_null(ls_catalog_find_index(cat, "public", "t_a_idx"));
	assert_non_null(ls_catalog_find_index(cat, "public", "t_a_idx1"));
	assert_non_null(ls_catalog_find_index(cat, "public", "t_lower_idx"));
	ls_catalog_free(cat);
}

static void test_truncation(void **state)
{
	(void)state;
	/* 60-byte table and column names: each is cut so the whole fits 63
	 * bytes, the longer one first. */
	ls_catalog *cat = build(
		"CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ("
		"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb serial);");
	assert_int_equal(cat->n_sequences, 1);
	assert_string_equal(cat->sequences[0].name,
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbb_seq");
	assert_int_equal(strlen(cat->sequences[0].name), 63);
	ls_catalog_free(cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote_ident),
		cmocka_unit_test(test_generated_names),
		cmocka_unit_test(test_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Parsing: statement positions, syntax error positions, meta-commands. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "parse.h"

static void test_positions(void **state)
{
	(void)state;
	const char *sql = "-- header\n\nCREATE TABLE a (x int);\n  /* c */ CREATE TABLE \"Köln\" (y int);";
	ls_error err;
	ls_error_clear(&err);
	ls_parsed *p = NULL;
	assert_int_equal(ls_parse(&p, sql, strlen(sql), "f.sql", &err), 0);
	assert_int_equal(p->n_stmts, 2);
	assert_int_equal(p->stmts[0].line, 3);
	assert_int_equal(p->stmts[0].column, 1);
	assert_int_equal(p->stmts[1].line, 4);
	assert_int_equal(p->stmts[1].column, 11);
	ls_parsed_free(p);
}

static void test_syntax_errors_collected(void **state)
{
	(void)state;
	/* two bad statements: both are reported, with the cursor position;
	 * the column counts characters, not bytes (ö is two bytes) */
	const char *sql = "CREATE TABLE ö (a int,);\nCREATE TABLE ok (a int);\nCREAT TABLE b (a int);\n";
	ls_error err;
	ls_error_clear(&err);
	ls_parsed *p = NULL;
	assert_int_equal(ls_parse(&p, sql, strlen(sql), "f.sql", &err), LS_EPARSE);
	assert_null(p);
	assert_int_equal(err.n_diags, 2);
	assert_int_equal(err.diags[0].line, 1);
	assert_int_equal(err.diags[0].column, 23);
	assert_string_equal(err.diags[0].message, "syntax error at or near \")\"");
	assert_int_equal(err.diags[1].line, 3);
	assert_int_equal(err.diags[1].column, 1);
	char buf[1024];
	ls_error_format(&err, 0, buf, sizeof buf);
	assert_string_equal(buf, "f.sql:1:23: error: syntax error at or near \")\"");
}

static void test_meta_commands_blanked(void **state)
{
	(void)state;
	const char *sql = "\\restrict abc\nSELECT 1;\n\\connect db\nCREATE TABLE t (a text DEFAULT '\\x');\n";
	ls_error err;
	ls_error_clear(&err);
	ls_parsed *p = NULL;
	assert_int_equal(ls_parse(&p, sql, strlen(sql), "dump.sql", &err), 0);
	assert_int_equal(p->n_stmts, 2);
	assert_int_equal(p->stmts[1].line, 4);
	ls_parsed_free(p);
}

static void test_nul_byte_rejected(void **state)
{
	(void)state;
	const char sql[] = "CREATE TABLE a (x int);\0garbage";
	ls_error err;
	ls_error_clear(&err);
	ls_parsed *p = NULL;
	assert_int_equal(ls_parse(&p, sql, sizeof sql - 1, "f.sql", &err), LS_EPARSE);
	assert_int_equal(err.diags[0].column, 24);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_syntax_errors_collected),
		cmocka_unit_test(test_meta_commands_blanked),
		cmocka_unit_test(test_nul_byte_rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Connection strings (conninfo.h): what is masked, what is taken for a
 * connection string, and which malformed strings are refused without
 * quoting them. No server: connecting is tests/security/conn.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lockstep/conninfo.h"

static void masks(const char *text, const char *want)
{
	char out[512];
	assert_string_equal(ls_conninfo_mask(out, sizeof out, text), want);
}

static void test_mask_uri(void **state)
{
	(void)state;
	masks("postgresql://u:PW@host/db", "postgresql://u:***@host/db");
	masks("postgres://u:PW%40x@h:5432/db", "postgres://u:***@h:5432/db");
	/* libpq ends the password at the first '@'; the rest is hidden too */
	masks("postgresql://u:P@W@host/db", "postgresql://u:***@host/db");
	masks("postgresql://u:PW@[::1/db", "postgresql://u:***@[::1/db");
	masks("postgresql://u:PW%zz@host/db", "postgresql://u:***@host/db");
	masks("'postgresql://u:PW@h/db': no such file", "'postgresql://u:***@h/db': no such file");
	/* no password: unchanged */
	masks("postgresql://u@host:5432/db", "postgresql://u@host:5432/db");
	masks("postgresql://host:5432/db", "postgresql://host:5432/db");
	masks("postgresql://u:@h/db", "postgresql://u:@h/db");
	masks("https://tok:SECRET@github.com/x", "https://tok:***@github.com/x");
}

static void test_mask_keys(void **state)
{
	(void)state;
	masks("host=x password=PW dbname=d", "host=x password=*** dbname=d");
	masks("host=x password = 'P W\\' x' dbname=d", "host=x password = *** dbname=d");
	masks("host=x password='unterminated and more", "host=x password=***");
	masks("host=x password=P\\ W dbname=d", "host=x password=*** dbname=d");
	masks("sslpassword=K PGPASSWORD=E", "sslpassword=*** PGPASSWORD=***");
	masks("postgresql:///db?host=h&password=PW&sslmode=disable", "postgresql:///db?host=h&password=***");
	masks("postgresql:///db?%70assword=PW", "postgresql:///db?%70assword=***");
	masks("postgresql:///db?pass%77ord=PW", "postgresql:///db?pass%77ord=***");
	/* a key that only ends in the word, a word without "=": unchanged */
	masks("password authentication failed for user \"u\"",
			"password authentication failed for user \"u\"");
	masks("passwords=x", "passwords=x");
	/* masked once, masked the same again (stderr is masked on its way out) */
	masks("host=x password=***: error: x", "host=x password=***: error: x");
	masks("postgresql://u:***@h/db", "postgresql://u:***@h/db");
}

static void test_mask_bounded(void **state)
{
	(void)state;
	char out[20];
	ls_conninfo_mask(out, sizeof out, "postgresql://u:SECRETSECRET@host/db");
	assert_string_equal(out, "postgresql://u:***@");
	ls_conninfo_mask(out, 1, "password=x");
	assert_string_equal(out, "");
	/* a long hostile text is scanned in linear time */
	size_t n = 1 << 20;
	char *big = malloc(n + 1), *res = malloc(3 * n + 4);
	assert_non_null(big);
	assert_non_null(res);
	for (size_t i = 0; i < n; i++)
		big[i] = "a://"[i % 4];
	big[n] = '\0';
	ls_conninfo_mask(res, 3 * n + 4, big);
	assert_string_equal(res, big);
	big[n - 1] = '@';
	ls_conninfo_mask(res, 3 * n + 4, big);
	assert_string_equal(res, "a://a:***@");
	free(big);
	free(res);
}

static void test_is(void **state)
{
	(void)state;
	assert_true(ls_conninfo_is("postgresql://h/db"));
	assert_true(ls_conninfo_is("POSTGRES://h/db"));
	assert_true(ls_conninfo_is("  postgres://h/db"));
	assert_true(ls_conninfo_is("host=x"));
	assert_true(ls_conninfo_is("dbname = d"));
	assert_true(ls_conninfo_is("password=PW"));
	assert_true(ls_conninfo_is("sslmode=require host=x"));
	/* revisions, paths, "empty" */
	assert_false(ls_conninfo_is("HEAD~1"));
	assert_false(ls_conninfo_is("main:db/schema.sql"));
	assert_false(ls_conninfo_is("feature=x"));
	assert_false(ls_conninfo_is("schema.sql"));
	assert_false(ls_conninfo_is("empty"));
	assert_false(ls_conninfo_is(""));
}

/* Refused with LS_EINVAL; no message, path or hint holds the password. */
static void refused(const char *conninfo, const char *why)
{
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_conninfo_check(conninfo, &err), LS_EINVAL);
	assert_int_equal(err.code, LS_EINVAL);
	assert_int_equal(err.n_diags, 1);
	assert_non_null(strstr(err.diags[0].message, why));
	assert_null(strstr(err.diags[0].message, "PW"));
	assert_null(strstr(err.diags[0].path, "PW"));
	assert_null(strstr(err.hint, "PW"));
}

static void test_check(void **state)
{
	(void)state;
	refused("postgresql://u:PW@[::1/db", "IPv6");
	refused("postgresql://u:PW%zz@host/db", "percent escape");
	refused("postgresql://u@host/db?password=PW%00", "zero byte");
	refused("postgresql://host/db?password=PW=x", "second \"=\"");
	refused("postgresql://host/db?PW", "no \"=\"");
	refused("postgresql://host/db?PW=x", "URI parameter is not a keyword");
	refused("host=x password='PW unterminated", "no closing quote");
	refused("host=x password=y PW", "not followed by \"=\"");
	refused("host=x PW=y", "keyword");
	refused("", "empty");
	refused(" \t", "empty");
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_conninfo_check("host=x password='P W' dbname=d", &err), 0);
	assert_int_equal(ls_conninfo_check("postgresql://u:P%20W@h/d?sslmode=require", &err), 0);
	assert_int_equal(err.n_diags, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mask_uri),
		cmocka_unit_test(test_mask_keys),
		cmocka_unit_test(test_mask_bounded),
		cmocka_unit_test(test_is),
		cmocka_unit_test(test_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

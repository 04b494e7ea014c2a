/* Names: quoting as quote_identifier does, and the names PostgreSQL
 * generates (suffixes on collision, 63-byte truncation). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "build.h"
#include "lockstep/buf.h"

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
	assert_string_equal(ls_quote_ident_server(a, "_x$1"), "\"_x$1\"");  /* quote_identifier */
	assert_string_equal(ls_quote_ident_server(a, "köln"), "\"köln\"");
	assert_string_equal(ls_quote_ident_server(a, "order"), "\"order\"");
	assert_string_equal(ls_quote_ident_server(a, "name"), "name");
	assert_string_equal(ls_quote_ident(a, "1abc"), "\"1abc\"");
	ls_arena_free(a);
}

/* libpg_query's keyword list: PostgreSQL's ScanKeywords, exported by the
 * library without a header (common/kwlookup.h). Only this test reads it. */
typedef struct pg_keyword_list {
	const char *kw_string;
	const uint16_t *kw_offsets;
	const void *hash;
	int num_keywords;
	int max_kw_len;
} pg_keyword_list;
extern const pg_keyword_list ScanKeywords;

/* Every keyword of the scanner: quoted exactly when the scanner says it is
 * not an unreserved one (names.c keeps its own table of those). */
static void test_quote_keywords(void **state)
{
	(void)state;
	ls_arena *a;
	assert_int_equal(ls_arena_new(&a), 0);
	assert_true(ScanKeywords.num_keywords > 400);
	for (int i = 0; i < ScanKeywords.num_keywords; i++) {
		const char *word = ScanKeywords.kw_string + ScanKeywords.kw_offsets[i];
		int kind = ls_keyword_kind(word);
		assert_true(kind > 0);
		char want[64];
		snprintf(want, sizeof want, kind > PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD ? "\"%s\"" : "%s", word);
		const char *got = ls_quote_ident(a, word);
		if (strcmp(got, want))
			fail_msg("keyword %s (kind %d) quoted as %s", word, kind, got);
	}
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

/* A regclass literal names the relation regclassin finds: in its schema,
 * else in the first schema of search_path holding a relation of the name
 * (an index, a sequence, a composite type too), spelled qualified and
 * quoted as regclassout prints it under an empty search_path; a system
 * relation or an unknown one is no relation of the catalog. */
static void test_regclass_literal(void **state)
{
	(void)state;
	ls_catalog *cat = build(
		"CREATE SCHEMA app; CREATE SCHEMA \"My S\";"
		"CREATE TABLE app.t (a int); CREATE TABLE public.t (a int);"
		"CREATE INDEX t_a_idx ON app.t (a); CREATE TABLE \"My S\".\"X y\" (a int);"
		"CREATE TYPE app.pair AS (a int, b int); CREATE SEQUENCE public.\"s$1\";");
	/* the search_path of a session that ran SET search_path = app, public
	 * (a file's own SET ends with the file) */
	const char *path[] = {"app", "public"};
	const char **saved = cat->search_path;
	size_t n_saved = cat->n_search_path;
	cat->search_path = path;
	cat->n_search_path = 2;
	ls_arena *a;
	assert_int_equal(ls_arena_new(&a), 0);
	assert_string_equal(ls_regclass_literal(cat, a, "t"), "app.t");
	assert_string_equal(ls_regclass_literal(cat, a, "public.t"), "public.t");
	assert_string_equal(ls_regclass_literal(cat, a, "T_A_IDX"), "app.t_a_idx");
	assert_string_equal(ls_regclass_literal(cat, a, "pair"), "app.pair");
	assert_string_equal(ls_regclass_literal(cat, a, "\"s$1\""), "public.\"s$1\"");
	assert_string_equal(ls_regclass_literal(cat, a, "\"My S\".\"X y\""), "\"My S\".\"X y\"");
	assert_null(ls_regclass_literal(cat, a, "pg_class"));
	assert_null(ls_regclass_literal(cat, a, "pg_catalog.pg_type"));
	assert_null(ls_regclass_literal(cat, a, "nothing"));
	assert_null(ls_regclass_literal(cat, a, "16384"));
	cat->search_path = saved;
	cat->n_search_path = n_saved;
	assert_string_equal(ls_regclass_literal(cat, a, "t"), "public.t");
	ls_arena_free(a);
	ls_catalog_free(cat);
}

/* pg_catalog's type names, which hide a user type of the same name on
 * search_path; the grammar's aliases are none. */
static void test_pg_catalog_type(void **state)
{
	(void)state;
	assert_true(ls_pg_catalog_type("box"));
	assert_true(ls_pg_catalog_type("int4"));
	assert_true(ls_pg_catalog_type("text"));
	assert_false(ls_pg_catalog_type("integer"));
	assert_false(ls_pg_catalog_type("boolean"));
	assert_false(ls_pg_catalog_type("item"));
}

/* A dollar-quote tag closes its quote only at the end of the body: not
 * inside it, and not where the body's own tail runs on into the tag. */
static void test_dollar_tag(void **state)
{
	(void)state;
	static const struct {
		const char *body, *tag;
	} cases[] = {
		{"SELECT 1", "$function$"},
		{"SELECT '$function$'", "$function1$"},
		{"SELECT 1 -- $function", "$function1$"},    /* $function + $function$ */
		{"SELECT 1 -- $", "$function$"},             /* "$$" is another tag */
		{"SELECT 1 -- $function1", "$function$"},
		{"x $function$ y $function1", "$function2$"},
		{"$function$ $function1$ $function2$", "$function3$"},
		{"", "$function$"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char tag[64];
		ls_dollar_tag(tag, sizeof tag, cases[i].body, "function");
		assert_string_equal(tag, cases[i].tag);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote_ident),
		cmocka_unit_test(test_quote_keywords),
		cmocka_unit_test(test_generated_names),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_dollar_tag),
		cmocka_unit_test(test_regclass_literal),
		cmocka_unit_test(test_pg_catalog_type),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Parsing: statement positions, syntax error positions, meta-commands. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockstep/catalog.h"
#include "parse.h"

/* Read p's statements to the end: their count; the positions of the first
 * 16 in line[] and col[] (either may be NULL). */
static size_t read_all(ls_parsed *p, int *line, int *col)
{
	ls_error err;
	ls_error_clear(&err);
	const ls_stmt *s;
	size_t n = 0;
	int rc;
	while ((rc = ls_parsed_next(p, &s, &err)) > 0) {
		if (n < 16 && line)
			line[n] = s->line;
		if (n < 16 && col)
			col[n] = s->column;
		n++;
	}
	assert_int_equal(rc, 0);
	return n;
}

static void test_positions(void **state)
{
	(void)state;
	const char *sql = "-- header\n\nCREATE TABLE a (x int);\n  /* c */ CREATE TABLE \"Köln\" (y int);";
	ls_error err;
	ls_error_clear(&err);
	ls_parsed *p = NULL;
	assert_int_equal(ls_parse(&p, sql, strlen(sql), "f.sql", &err), 0);
	int line[16], col[16];
	assert_int_equal(read_all(p, line, col), 2);
	assert_int_equal(line[0], 3);
	assert_int_equal(col[0], 1);
	assert_int_equal(line[1], 4);
	assert_int_equal(col[1], 11);
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

/* What the catalog does not model is refused naming the statement, never
 * by a parse node number or a bare "unsupported DROP". */
static void test_unmodelled_named(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq);",
			"CREATE OPERATOR \"===\" is not supported"},
		{"COMMENT ON OPERATOR === (int, int) IS 'x';", "COMMENT ON OPERATOR is not supported"},
		{"DROP OPERATOR === (int, int);", "DROP OPERATOR is not supported"},
		{"CREATE AGGREGATE j(anyelement) (sfunc = pg_catalog.json_agg_transfn, stype = internal);",
			"built-in function pg_catalog.json_agg_transfn(internal, anyelement) of an aggregate is not supported"},
		/* inheritance whose column order CREATE TABLE ... INHERITS cannot
		 * give (the model could not write it) */
		{"CREATE TABLE p (a int);\nCREATE TABLE c (b int, a int);\nALTER TABLE c INHERIT p;",
			"ALTER TABLE c INHERIT p would leave the columns of table \"c\" in an order "
			"CREATE TABLE ... INHERITS cannot give, which is not supported"},
		{"CREATE TABLE p (a int);\nCREATE TABLE q (b int);\nCREATE TABLE c () INHERITS (p, q);\n"
			"ALTER TABLE c NO INHERIT p;", "ALTER TABLE c NO INHERIT p would leave the columns of "
			"table \"c\" in an order CREATE TABLE ... INHERITS cannot give, which is not supported"},
		{"CREATE TABLE p (a int);\nCREATE TABLE c (b int) INHERITS (p);\nCREATE TABLE \"G\" () INHERITS (c);\n"
			"ALTER TABLE p ADD COLUMN d int;", "ALTER TABLE p ADD COLUMN d would leave the columns of "
			"table \"c\" in an order CREATE TABLE ... INHERITS cannot give, which is not supported"},
		{"CREATE TABLE p (a int, b int);\nCREATE TABLE c (x int) INHERITS (p);\n"
			"ALTER TABLE ONLY p DROP COLUMN a;", "ALTER TABLE ONLY p DROP COLUMN a would leave the "
			"columns of table \"c\" in an order CREATE TABLE ... INHERITS cannot give, which is not "
			"supported"},
		{"CREATE TYPE shell;", "CREATE TYPE shell is not supported (a base or shell type)"},
		/* ALTER ... OWNER TO, RENAME, SET SCHEMA, COMMENT ON of what the
		 * model does not hold: refused by name, never taken without effect */
		{"ALTER OPERATOR + (int, int) OWNER TO app_owner;", "ALTER OPERATOR ... OWNER TO is not supported"},
		{"ALTER OPERATOR CLASS int4_ops USING btree OWNER TO app_owner;",
			"ALTER OPERATOR CLASS ... OWNER TO is not supported"},
		{"ALTER OPERATOR FAMILY integer_ops USING btree OWNER TO app_owner;",
			"ALTER OPERATOR FAMILY ... OWNER TO is not supported"},
		{"ALTER CONVERSION c OWNER TO app_owner;", "ALTER CONVERSION ... OWNER TO is not supported"},
		{"ALTER TEXT SEARCH CONFIGURATION english OWNER TO app_owner;",
			"ALTER TEXT SEARCH CONFIGURATION ... OWNER TO is not supported"},
		{"ALTER TEXT SEARCH DICTIONARY simple OWNER TO app_owner;",
			"ALTER TEXT SEARCH DICTIONARY ... OWNER TO is not supported"},
		{"ALTER DATABASE d OWNER TO app_owner;", "ALTER DATABASE ... OWNER TO is not supported"},
		{"ALTER LANGUAGE sql OWNER TO app_owner;", "ALTER LANGUAGE ... OWNER TO is not supported"},
		{"ALTER STATISTICS s OWNER TO app_owner;", "ALTER STATISTICS ... OWNER TO is not supported"},
		{"ALTER PUBLICATION p OWNER TO app_owner;", "ALTER PUBLICATION ... OWNER TO is not supported"},
		{"ALTER LARGE OBJECT 1 OWNER TO app_owner;", "ALTER LARGE OBJECT ... OWNER TO is not supported"},
		{"ALTER OPERATOR CLASS int4_ops USING btree RENAME TO x;",
			"ALTER OPERATOR CLASS ... RENAME is not supported"},
		{"ALTER TEXT SEARCH PARSER \"default\" RENAME TO d2;",
			"ALTER TEXT SEARCH PARSER ... RENAME is not supported"},
		{"ALTER STATISTICS s RENAME TO t;", "ALTER STATISTICS ... RENAME is not supported"},
		{"ALTER OPERATOR + (int, int) SET SCHEMA public;", "ALTER OPERATOR ... SET SCHEMA is not supported"},
		{"ALTER OPERATOR FAMILY integer_ops USING btree SET SCHEMA public;",
			"ALTER OPERATOR FAMILY ... SET SCHEMA is not supported"},
		{"ALTER TEXT SEARCH DICTIONARY simple SET SCHEMA public;",
			"ALTER TEXT SEARCH DICTIONARY ... SET SCHEMA is not supported"},
		{"COMMENT ON OPERATOR CLASS int4_ops USING btree IS 'x';", "COMMENT ON OPERATOR CLASS is not supported"},
		{"COMMENT ON DATABASE postgres IS 'x';", "COMMENT ON DATABASE is not supported"},
		{"CREATE SEQUENCE s;\nALTER SEQUENCE s ADD COLUMN x int;", "unsupported ALTER SEQUENCE action"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ls_catalog *c = NULL;
		ls_error err;
		ls_error_clear(&err);
		assert_int_equal(ls_catalog_new(&c, &err), 0);
		const char *sql = cases[i][0];
		assert_int_equal(ls_catalog_apply_sql(c, sql, strlen(sql), "f.sql", &err), LS_EUNSUPPORTED);
		assert_true(err.n_diags >= 1);
		assert_string_equal(err.diags[0].message, cases[i][1]);
		ls_catalog_free(c);
	}
}

/* What PostgreSQL 15 refuses, in its words (checked with psql): about
 * owners and sequences (a missing type, a table's row type, a missing
 * sequence, the owner of a sequence linked to a table, two persistence
 * changes in one statement), and about columns of inheritance parents and
 * partitioned tables. */
static void test_server_refusals(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"ALTER TYPE nosuch OWNER TO app_owner;", "type \"nosuch\" does not exist"},
		{"ALTER DOMAIN nosuch OWNER TO app_owner;", "type \"nosuch\" does not exist"},
		{"CREATE TABLE tt (a int);\nALTER TYPE tt OWNER TO app_owner;", "tt is a table's row type"},
		{"ALTER SEQUENCE nosuch OWNER TO app_owner;", "relation \"nosuch\" does not exist"},
		{"CREATE TABLE ti (id int GENERATED ALWAYS AS IDENTITY);\n"
			"ALTER SEQUENCE ti_id_seq OWNER TO app_owner;", "cannot change owner of sequence \"ti_id_seq\""},
		{"CREATE TABLE ts (s serial);\nALTER SEQUENCE ts_s_seq OWNER TO app_owner;",
			"cannot change owner of sequence \"ts_s_seq\""},
		{"CREATE SEQUENCE q;\nALTER SEQUENCE q SET UNLOGGED, SET LOGGED;",
			"cannot change persistence setting twice"},
		/* DROP COLUMN ONLY of a partitioned table with partitions */
		{"CREATE TABLE pt (id int, c int) PARTITION BY RANGE (id);\n"
			"CREATE TABLE pt1 PARTITION OF pt FOR VALUES FROM (0) TO (10);\nALTER TABLE ONLY pt DROP COLUMN c;",
			"cannot drop column from only the partitioned table when partitions exist"},
		/* RENAME COLUMN of an inheritance parent (renameatt_internal) */
		{"CREATE TABLE p (a int);\nCREATE TABLE c (b int) INHERITS (p);\nALTER TABLE ONLY p RENAME a TO z;",
			"inherited column \"a\" must be renamed in child tables too"},
		{"CREATE TABLE p (a int);\nCREATE TABLE q (a int);\nCREATE TABLE c () INHERITS (p, q);\n"
			"ALTER TABLE p RENAME a TO z;", "cannot rename inherited column \"a\""},
		{"CREATE TABLE p (a int);\nCREATE TABLE c (b int) INHERITS (p);\nALTER TABLE c RENAME a TO z;",
			"cannot rename inherited column \"a\""},
		{"CREATE TABLE p (a int);\nCREATE TABLE c (z int) INHERITS (p);\nALTER TABLE p RENAME a TO z;",
			"column \"z\" of relation \"c\" already exists"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ls_catalog *c = NULL;
		ls_error err;
		ls_error_clear(&err);
		assert_int_equal(ls_catalog_new(&c, &err), 0);
		const char *sql = cases[i][0];
		assert_int_equal(ls_catalog_apply_sql(c, sql, strlen(sql), "f.sql", &err), LS_EINVAL);
		assert_true(err.n_diags >= 1);
		assert_string_equal(err.diags[0].message, cases[i][1]);
		ls_catalog_free(c);
	}
}

/* Collations are modelled (issue 13): what was refused above applies. */
static void test_collations_modelled(void **state)
{
	(void)state;
	const char *sql = "CREATE SCHEMA \"My\";\n"
		"CREATE COLLATION c1 (provider = icu, locale = 'de-u-ks-level2', deterministic = false);\n"
		"CREATE COLLATION \"My\".c2 FROM \"C\";\n"
		"ALTER COLLATION c1 REFRESH VERSION;\n"
		"ALTER COLLATION c1 RENAME TO c3;\n"
		"COMMENT ON COLLATION c3 IS 'x';\n"
		"ALTER COLLATION \"My\".c2 OWNER TO CURRENT_USER;\n"
		"DROP COLLATION \"My\".c2;\n";
	ls_catalog *c = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_new(&c, &err), 0);
	assert_int_equal(ls_catalog_apply_sql(c, sql, strlen(sql), "f.sql", &err), 0);
	assert_int_equal(c->n_collations, 1);
	assert_string_equal(c->collations[0].name, "c3");
	assert_string_equal(c->collations[0].locale, "de-u-ks-level2");
	assert_string_equal(c->collations[0].comment, "x");
	assert_false(c->collations[0].deterministic);
	ls_catalog_free(c);
}

/* Aggregates are modelled (issue 13): CREATE, OR REPLACE, COMMENT, ALTER
 * AGGREGATE RENAME / OWNER / SET SCHEMA, GRANT through FUNCTION, DROP. */
static void test_aggregates_modelled(void **state)
{
	(void)state;
	const char *sql = "CREATE SCHEMA s;\n"
		"CREATE AGGREGATE total(int) (sfunc = int4pl, stype = int, initcond = '0');\n"
		"CREATE OR REPLACE AGGREGATE total(int) (sfunc = int4pl, stype = int, initcond = '5');\n"
		"CREATE AGGREGATE cnt(*) (sfunc = int8inc, stype = int8, initcond = '0');\n"
		"CREATE AGGREGATE p(float8 ORDER BY anyelement) (sfunc = ordered_set_transition,"
		" stype = internal, finalfunc = percentile_disc_final, finalfunc_extra);\n"
		"COMMENT ON AGGREGATE total(int) IS 'x';\n"
		"ALTER AGGREGATE total(int) RENAME TO sum5;\n"
		"ALTER AGGREGATE sum5(int) SET SCHEMA s;\n"
		"ALTER AGGREGATE s.sum5(int) OWNER TO CURRENT_USER;\n"
		"REVOKE EXECUTE ON FUNCTION s.sum5(int) FROM PUBLIC;\n"
		"ALTER AGGREGATE p(float8 ORDER BY anyelement) RENAME TO pct;\n"
		"DROP AGGREGATE cnt(*);\n"
		"DROP AGGREGATE IF EXISTS nope(int);\n";
	ls_catalog *c = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_new(&c, &err), 0);
	assert_int_equal(ls_catalog_apply_sql(c, sql, strlen(sql), "f.sql", &err), 0);
	assert_int_equal(c->n_functions, 2);
	const ls_function *t = NULL, *p = NULL;
	for (size_t i = 0; i < c->n_functions; i++) {
		if (!strcmp(c->functions[i].name, "sum5"))
			t = &c->functions[i];
		if (!strcmp(c->functions[i].name, "pct"))
			p = &c->functions[i];
	}
	assert_non_null(t);
	assert_non_null(p);
	assert_string_equal(t->schema, "s");
	assert_string_equal(t->comment, "x");
	assert_int_equal(t->kind, 'a');
	assert_string_equal(t->aggregate->initcond, "5");
	assert_string_equal(t->aggregate->sfunc, "pg_catalog.int4pl");
	assert_int_equal(t->n_grants, 0);
	assert_string_equal(p->arguments, "double precision ORDER BY anyelement");
	assert_string_equal(p->returns, "anyelement");
	assert_int_equal(p->aggregate->kind, 'o');
	assert_int_equal(p->aggregate->direct_args, 1);
	ls_catalog_free(c);
}

/* Aggregates: what PostgreSQL 15 refuses, in its words (each seen with
 * psql on PostgreSQL 15). */
static void test_aggregates_refused_as_server(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"CREATE AGGREGATE a(int) (sfunc = nosuch, stype = int);",
			"function nosuch(integer, integer) does not exist"},
		{"CREATE AGGREGATE a(int) (sfunc = int4pl);", "aggregate stype must be specified"},
		{"CREATE AGGREGATE a(int) (stype = int);", "aggregate sfunc must be specified"},
		{"CREATE AGGREGATE a(int) (sfunc = int4pl, stype = int, mfinalfunc = int4pl);",
			"aggregate mfinalfunc must not be specified without mstype"},
		{"CREATE FUNCTION acc(float8[], float8) RETURNS float8[] LANGUAGE sql STRICT AS 'SELECT $1';\n"
			"CREATE AGGREGATE a(float8) (sfunc = acc, stype = float8[]);",
			"must not omit initial value when transition function is strict and transition type "
			"is not compatible with input type"},
		{"CREATE AGGREGATE a(int) (sfunc = int4pl, stype = int);\n"
			"CREATE AGGREGATE a(int) (sfunc = int4pl, stype = int);",
			"function \"a\" already exists with same argument types"},
		{"CREATE AGGREGATE a(int) (sfunc = int4pl, stype = int);\n"
			"CREATE OR REPLACE AGGREGATE a(int) (sfunc = int4_sum, stype = int8);",
			"cannot change return type of existing function"},
		{"CREATE AGGREGATE a(int) (sfunc = int4pl, stype = int);\n"
			"CREATE OR REPLACE FUNCTION a(int) RETURNS int LANGUAGE sql AS 'SELECT 1';",
			"cannot change routine kind"},
		{"CREATE AGGREGATE a(int) (sfunc = int4pl, stype = int);\nDROP FUNCTION a(int);",
			"\"a\" is an aggregate function"},
		{"CREATE AGGREGATE a(int) (sfunc = int4pl, stype = int);\nALTER FUNCTION a(int) STRICT;",
			"\"a\" is an aggregate function"},
		{"CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';\nDROP AGGREGATE f(int);",
			"function f(integer) is not an aggregate"},
		{"DROP AGGREGATE nope(*);", "aggregate nope(*) does not exist"},
		{"CREATE FUNCTION acc(float8[], float8) RETURNS float8[] LANGUAGE sql AS 'SELECT $1';\n"
			"CREATE AGGREGATE m(float8) (sfunc = acc, stype = float8[]);\n"
			"DROP FUNCTION acc(float8[], float8);",
			"cannot drop function acc(double precision[],double precision) because other objects depend on it"},
		{"CREATE AGGREGATE m(int) (sfunc = int4pl, stype = int);\nCREATE TABLE t (a int);\n"
			"CREATE VIEW v AS SELECT m(a) FROM t;\nDROP AGGREGATE m(int);",
			"cannot drop function m(integer) because other objects depend on it"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ls_catalog *c = NULL;
		ls_error err;
		ls_error_clear(&err);
		assert_int_equal(ls_catalog_new(&c, &err), 0);
		const char *sql = cases[i][0];
		assert_int_equal(ls_catalog_apply_sql(c, sql, strlen(sql), "f.sql", &err), LS_EINVAL);
		assert_true(err.n_diags >= 1);
		assert_string_equal(err.diags[0].message, cases[i][1]);
		ls_catalog_free(c);
	}
}

/* Table inheritance: what PostgreSQL 15 refuses, in its words (each seen
 * with psql on PostgreSQL 15). */
static void test_inheritance_refused_as_server(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"CREATE TABLE p (a int, b text);\nCREATE TABLE q (b int);\nCREATE TABLE c () INHERITS (p, q);",
			"inherited column \"b\" has a type conflict"},
		{"CREATE TABLE p (a int);\nCREATE TABLE c (a int) INHERITS (p, p);",
			"relation \"p\" would be inherited from more than once"},
		{"CREATE TABLE p (a int DEFAULT 1);\nCREATE TABLE q (a int DEFAULT 2);\nCREATE TABLE c () INHERITS (p, q);",
			"column \"a\" inherits conflicting default values"},
		{"CREATE TABLE p (a int, CONSTRAINT ck CHECK (a > 0));\nCREATE TABLE y (CONSTRAINT ck CHECK (a > 1)) INHERITS (p);",
			"constraint \"ck\" for relation \"y\" already exists"},
		{"CREATE TABLE pp (a int) PARTITION BY RANGE (a);\nCREATE TABLE c () INHERITS (pp);",
			"cannot inherit from partitioned table \"pp\""},
		{"CREATE TABLE p (a int);\nCREATE TABLE c () INHERITS (p);\nALTER TABLE ONLY p ADD CONSTRAINT z CHECK (a < 1);",
			"constraint must be added to child tables too"},
		{"CREATE TABLE p (a int CONSTRAINT ck CHECK (a > 0));\nCREATE TABLE c () INHERITS (p);\nALTER TABLE c DROP CONSTRAINT ck;",
			"cannot drop inherited constraint \"ck\" of relation \"c\""},
		{"CREATE TABLE p (a int);\nCREATE TABLE c () INHERITS (p);\nALTER TABLE c DROP COLUMN a;",
			"cannot drop inherited column \"a\""},
		{"CREATE TABLE p (a int);\nCREATE TABLE c () INHERITS (p);\nALTER TABLE c ALTER a TYPE bigint;",
			"cannot alter inherited column \"a\""},
		{"CREATE TABLE p (a int);\nCREATE TABLE c () INHERITS (p);\nALTER TABLE c RENAME a TO b;",
			"cannot rename inherited column \"a\""},
		{"CREATE TABLE p (a int);\nCREATE TABLE c () INHERITS (p);\nDROP TABLE p;",
			"cannot drop table p because other objects depend on it"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ls_catalog *c = NULL;
		ls_error err;
		ls_error_clear(&err);
		assert_int_equal(ls_catalog_new(&c, &err), 0);
		const char *sql = cases[i][0];
		assert_int_equal(ls_catalog_apply_sql(c, sql, strlen(sql), "f.sql", &err), LS_EINVAL);
		assert_true(err.n_diags >= 1);
		assert_string_equal(err.diags[0].message, cases[i][1]);
		ls_catalog_free(c);
	}
}

static void test_meta_commands_blanked(void **state)
{
	(void)state;
	const char *sql = "\\restrict abc\nSELECT 1;\n\\connect db\nCREATE TABLE t (a text DEFAULT '\\x');\n";
	ls_error err;
	ls_error_clear(&err);
	ls_parsed *p = NULL;
	assert_int_equal(ls_parse(&p, sql, strlen(sql), "dump.sql", &err), 0);
	int line[16];
	assert_int_equal(read_all(p, line, NULL), 2);
	assert_int_equal(line[1], 4);
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

/* Every syntax error of a file, in order, each at its line:col: libpg_query's
 * scanner splitter, used before, dropped a statement with no keyword
 * (SELEC 1) and let a stray ')' swallow the statements after it. */
static void test_every_syntax_error(void **state)
{
	(void)state;
	const char *sql = "CREATE TABLE a (id int,);\n"
		"SELEC 1;\n"
		"SELECT 1);\n"
		"CREATE TABLE b (s text DEFAULT E'it\\'s;');\n"
		"CREATE TABLE c (id int,);\n"
		"CREATE TABLE ok (id int);\n"
		"CREATE TABEL d (id int);\n";
	static const int want[][2] = {{1, 24}, {2, 1}, {3, 9}, {5, 24}, {7, 8}};
	ls_error err;
	ls_error_clear(&err);
	ls_parsed *p = NULL;
	assert_int_equal(ls_parse(&p, sql, strlen(sql), "f.sql", &err), LS_EPARSE);
	assert_int_equal(err.n_diags, 5);
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(err.diags[i].line, want[i][0]);
		assert_int_equal(err.diags[i].column, want[i][1]);
	}
	assert_string_equal(err.diags[1].message, "syntax error at or near \"SELEC\"");
	assert_string_equal(err.diags[4].message, "syntax error at or near \"TABEL\"");
}

/* "CREATE TABLE t (a int CHECK (a + a + ... a > 0));" with n terms, after
 * prefix; malloc'ed. */
static char *deep_check(const char *prefix, int n)
{
	size_t len = strlen(prefix) + (size_t)n * 4 + 64;
	char *s = malloc(len);
	assert_non_null(s);
	char *q = s + sprintf(s, "%sCREATE TABLE t (a int CHECK (", prefix);
	for (int i = 0; i < n; i++)
		q += sprintf(q, "a + ");
	sprintf(q, "a > 0));\n");
	return s;
}

/* A statement nested deeper than LS_PARSE_MAX_DEPTH is refused at its
 * position before anything recursive walks it (protobuf-c's unpack of the
 * 4,350-term chain overflowed the stack); a shallower one is read. */
static void test_stack_depth_limit(void **state)
{
	(void)state;
	ls_error err;
	ls_parsed *p = NULL;
	int sizes[] = {4350, 200000};
	for (size_t i = 0; i < 2; i++) {
		char *sql = deep_check("CREATE TABLE ok (a int);\n  ", sizes[i]);
		ls_error_clear(&err);
		assert_int_equal(ls_parse(&p, sql, strlen(sql), "f.sql", &err), LS_EPARSE);
		assert_null(p);
		assert_int_equal(err.n_diags, 1);
		assert_string_equal(err.diags[0].message, "stack depth limit exceeded");
		assert_int_equal(err.diags[0].line, 2);
		assert_int_equal(err.diags[0].column, 3);
		assert_true(err.hint[0] != '\0');
		free(sql);
	}
	/* a cached tree as deep: refused too */
	char *sql = deep_check("", 4350);
	PgQueryProtobufParseResult r = pg_query_parse_protobuf(sql);
	assert_null(r.error);
	ls_parse_cache cache = {.tree = r.parse_tree.data, .tree_len = r.parse_tree.len};
	ls_error_clear(&err);
	assert_int_equal(ls_parse_cached(&p, sql, strlen(sql), "f.sql", &cache, &err), LS_EPARSE);
	assert_string_equal(err.diags[0].message, "stack depth limit exceeded");
	pg_query_free_protobuf_parse_result(r);
	/* and as an expression text */
	pgnode *e;
	char *expr = strstr(sql, "CHECK (") + 7;
	expr[strlen(expr) - 4] = '\0';
	assert_null(ls_parse_expr(expr, &e));
	free(sql);
	/* shallower: read */
	sql = deep_check("", 1000);
	ls_error_clear(&err);
	assert_int_equal(ls_parse(&p, sql, strlen(sql), "f.sql", &err), 0);
	assert_int_equal(read_all(p, NULL, NULL), 1);
	ls_parsed_free(p);
	expr = strstr(sql, "CHECK (") + 7;
	expr[strlen(expr) - 4] = '\0';
	PgQuery__ParseResult *x = ls_parse_expr(expr, &e);
	assert_non_null(x);
	ls_expr_free(x);
	free(sql);
}

/* A file far longer than one section is cut where the parser cuts it: the
 * statements (their offsets and lengths) are those of libpg_query's parse
 * of the whole text, past ';' in strings, E'' strings, dollar quotes,
 * comments, parentheses and a BEGIN ATOMIC body with CASE ... END. */
static void test_sections(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"CREATE TABLE t%d (a int, s text DEFAULT 'a;b', e text DEFAULT E'x\\';y');\n",
		("CREATE FUNCTION f%d(a int) RETURNS int LANGUAGE sql\n"
		"BEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN 1 ELSE 2 END;\n  SELECT a + 1;\nEND;\n"),
		"CREATE FUNCTION g%d() RETURNS int LANGUAGE plpgsql AS $b$ BEGIN RETURN 1; END $b$;\n",
		"/* ; */ -- ;\nCREATE VIEW v%d AS SELECT (SELECT 1; ) AS x;\n",
		"COMMENT ON TABLE t0 IS 'x;'; SELECT 1\n;\n",
	};
	size_t cap = 1 << 20, len = 0;
	char *sql = malloc(cap);
	assert_non_null(sql);
	for (int i = 0; len < 300000; i++) {
		const char *piece = pieces[i % 5];
		/* the view is a syntax error: left out, kept in the list to show
		 * that a ';' in parentheses does not end a statement */
		if (i % 5 == 3)
			continue;
		len += (size_t)snprintf(sql + len, cap - len, piece, i);
	}
	PgQuerySplitResult want = pg_query_split_with_parser(sql);
	assert_null(want.error);
	ls_error err;
	ls_error_clear(&err);
	ls_parsed *p = NULL;
	assert_int_equal(ls_parse(&p, sql, len, "f.sql", &err), 0);
	const ls_stmt *s;
	int n = 0;
	while (ls_parsed_next(p, &s, &err) > 0) {
		assert_true(n < want.n_stmts);
		size_t off = (size_t)want.stmts[n]->stmt_location;
		while (sql[off] == ' ' || sql[off] == '\n')
			off++;
		assert_int_equal(s->offset, off);
		assert_int_equal(s->offset + s->len,
				(size_t)(want.stmts[n]->stmt_location + want.stmts[n]->stmt_len));
		n++;
	}
	assert_int_equal(n, want.n_stmts);
	assert_true(n > 1000);
	pg_query_free_split_result(want);
	ls_parsed_free(p);
	/* one error at the end: each statement is parsed alone to find every
	 * error, and only that one fails (a statement cut in two would too) */
	int lines = 1;
	for (size_t i = 0; i < len; i++)
		lines += sql[i] == '\n';
	len += (size_t)snprintf(sql + len, cap - len, "SELEC 1;\n");
	ls_error_clear(&err);
	assert_int_equal(ls_parse(&p, sql, len, "f.sql", &err), LS_EPARSE);
	assert_int_equal(err.n_diags, 1);
	assert_int_equal(err.diags[0].line, lines);
	free(sql);
}

/* The tree a parse hands to its cache's save, kept. */
typedef struct saved_tree {
	unsigned char *bytes;
	size_t len;
} saved_tree;

static int save_tree(void *ctx, const void *tree, size_t len, ls_error *err)
{
	(void)err;
	saved_tree *t = ctx;
	t->bytes = malloc(len ? len : 1);
	assert_non_null(t->bytes);
	memcpy(t->bytes, tree, len);
	t->len = len;
	return 0;
}

/* Parse sql with tree as its cached parse tree: the return code. */
static int parse_with_tree(const char *sql, const void *tree, size_t len)
{
	ls_parse_cache cache = {.tree = tree, .tree_len = len};
	ls_error err;
	ls_error_clear(&err);
	ls_parsed *p = NULL;
	int rc = ls_parse_cached(&p, sql, strlen(sql), "f.sql", &cache, &err);
	const ls_stmt *s;
	while (rc == 0 && (rc = ls_parsed_next(p, &s, &err)) > 0)
		rc = 0;
	ls_parsed_free(p);
	return rc;
}

/* A cached tree cut short or with a byte changed is read or is LS_EIO;
 * running out of memory while unpacking a good one is LS_ENOMEM, not a
 * damaged tree (the tree's blocks come from an arena: ASan sees each). */
static void test_cached_tree(void **state)
{
	(void)state;
	const char *sql = "CREATE TABLE t (id bigint PRIMARY KEY, s text DEFAULT 'x' CHECK (s <> ''));\n"
		"CREATE INDEX ON t (lower(s)) WHERE id > 0;\n";
	saved_tree t = {0};
	ls_parse_cache cache = {.save = save_tree, .ctx = &t};
	ls_error err;
	ls_error_clear(&err);
	ls_parsed *p = NULL;
	assert_int_equal(ls_parse_cached(&p, sql, strlen(sql), "f.sql", &cache, &err), 0);
	assert_true(cache.parsed);
	assert_int_equal(read_all(p, NULL, NULL), 2);
	ls_parsed_free(p);
	assert_int_equal(parse_with_tree(sql, t.bytes, t.len), 0);
	for (size_t cut = 0; cut < t.len; cut++) {
		int rc = parse_with_tree(sql, t.bytes, cut);
		assert_true(rc == 0 || rc == LS_EIO);
	}
	unsigned char *copy = malloc(t.len);
	assert_non_null(copy);
	for (size_t i = 0; i < t.len; i++) {
		memcpy(copy, t.bytes, t.len);
		copy[i] ^= 0xa5;
		int rc = parse_with_tree(sql, copy, t.len);
		assert_true(rc == 0 || rc == LS_EIO);
	}
	free(copy);
	long n;
	for (n = 1; n < 10000; n++) {
		ls_alloc_fail_after(n);
		int rc = parse_with_tree(sql, t.bytes, t.len);
		ls_alloc_fail_after(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, LS_ENOMEM);
	}
	assert_true(n > 2);
	assert_true(n < 10000);
	free(t.bytes);
}

/* The deparse cache gives what an uncached deparse gives, for expressions
 * that differ in one small thing each (a oneof member, NULL against '',
 * a flag, a list's length), and one shared text for the same expression
 * written at another place. */
static void test_deparse_cache(void **state)
{
	(void)state;
	const char *sql = "SELECT a + 1, a + 2, a  +  1, 1, 1.0, '1', true, 'true', NULL, '', "
		"x IS NULL, x IS NOT NULL, ARRAY[1, 2], ARRAY[1], ARRAY[1, 2], a.b, \"a.b\", "
		"f(a), f(VARIADIC a), f(a), f(DISTINCT a), count(*), count(a), "
		"CAST(a AS int), CAST(a AS bigint), a::int[], a::int, "
		"CASE WHEN a THEN 1 END, CASE WHEN a THEN 1 ELSE 2 END, a + 1";
	ls_error err;
	ls_error_clear(&err);
	ls_parsed *p = NULL;
	assert_int_equal(ls_parse(&p, sql, strlen(sql), "f.sql", &err), 0);
	const ls_stmt *st;
	assert_int_equal(ls_parsed_next(p, &st, &err), 1);
	PgQuery__SelectStmt *sel = st->node->select_stmt;
	ls_arena *a;
	assert_int_equal(ls_arena_new(&a), 0);
	ls_deparse_cache *cache = NULL;
	const char *got[64];
	size_t n = sel->n_target_list;
	assert_true(n <= 64);
	for (size_t i = 0; i < n; i++) {
		const pgnode *e = sel->target_list[i]->res_target->val;
		got[i] = ls_deparse_expr_cached(a, &cache, e);
		assert_non_null(got[i]);
		assert_string_equal(got[i], ls_deparse_expr(a, e));
	}
	/* the same expression again (another location): the same text, shared */
	assert_ptr_equal(got[2], got[0]);
	assert_ptr_equal(got[n - 1], got[0]);
	assert_ptr_equal(got[14], got[12]);
	assert_ptr_equal(got[19], got[17]);
	/* different ones: different texts */
	assert_string_not_equal(got[0], got[1]);
	assert_string_not_equal(got[3], got[4]);
	assert_string_not_equal(got[5], got[6]);
	assert_string_not_equal(got[8], got[9]);
	assert_string_not_equal(got[12], got[13]);
	assert_string_not_equal(got[15], got[16]);
	assert_string_not_equal(got[17], got[18]);
	assert_string_not_equal(got[17], got[20]);
	assert_string_not_equal(got[21], got[22]);
	assert_string_not_equal(got[23], got[24]);
	assert_string_not_equal(got[25], got[26]);
	assert_string_not_equal(got[27], got[28]);
	ls_arena_free(a);
	ls_parsed_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_syntax_errors_collected),
		cmocka_unit_test(test_every_syntax_error),
		cmocka_unit_test(test_stack_depth_limit),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_collations_modelled),
		cmocka_unit_test(test_aggregates_modelled),
		cmocka_unit_test(test_aggregates_refused_as_server),
		cmocka_unit_test(test_meta_commands_blanked),
		cmocka_unit_test(test_unmodelled_named),
		cmocka_unit_test(test_server_refusals),
		cmocka_unit_test(test_inheritance_refused_as_server),
		cmocka_unit_test(test_nul_byte_rejected),
		cmocka_unit_test(test_cached_tree),
		cmocka_unit_test(test_deparse_cache),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

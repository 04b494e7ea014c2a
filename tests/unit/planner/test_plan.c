/* The planner offline: renames asked for or refused, irreversible steps
 * named, pre-checks written, identifiers quoted, the same bytes on every
 * run, and every allocation failure handled. What the plans do on a real
 * server is tests/pg/plan_fixtures.sh's. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockstep/plan.h"
#include "plan_int.h"
#include "risk/estimate.h"
#include "lockstep/str.h"

static ls_catalog *load(const char *sql)
{
	ls_catalog *c = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_new(&c, &err), 0);
	assert_int_equal(ls_catalog_apply_sql(c, sql, strlen(sql), "test.sql", &err), 0);
	return c;
}

/* Plan from -> to with renames; returns rc, *out the plan (or NULL) and
 * msg the error's first line. */
static int plan(ls_plan **out, const char *from, const char *to, const char *const *renames,
		size_t n, char *msg, size_t size)
{
	ls_catalog *f = load(from), *t = load(to);
	ls_plan_options o = LS_PLAN_OPTIONS_INIT;
	o.renames = renames;
	o.n_renames = n;
	ls_error err;
	ls_error_clear(&err);
	int rc = ls_plan_build(out, f, t, &o, &err);
	if (msg)
		ls_error_format(&err, 0, msg, size);
	ls_catalog_free(f);
	ls_catalog_free(t);
	return rc;
}

static char *up_sql(const ls_plan *p)
{
	return ls_plan_side_sql(&p->up, "up");
}

static const char *customers =
	"CREATE TABLE customers (id serial PRIMARY KEY, fullname text NOT NULL, email varchar(50));\n"
	"CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers(id));\n";
static const char *clients =
	"CREATE TABLE clients (id serial PRIMARY KEY, full_name text NOT NULL, email varchar(200),\n"
	"  created_at timestamptz DEFAULT now());\n"
	"CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES clients(id));\n";

static void test_uncertain_rename_stops(void **state)
{
	(void)state;
	ls_plan *p = NULL;
	char msg[1024];
	assert_int_equal(plan(&p, customers, clients, NULL, 0, msg, sizeof msg), LS_EINVAL);
	assert_null(p);
	assert_non_null(strstr(msg, "--rename public.customers=public.clients"));
	assert_non_null(strstr(msg, "--rename public.customers="));
}

static void test_given_rename_keeps_data(void **state)
{
	(void)state;
	const char *r[] = {"public.customers=public.clients"};
	ls_plan *p = NULL;
	char msg[1024];
	assert_int_equal(plan(&p, customers, clients, r, 1, msg, sizeof msg), 0);
	char *up = up_sql(p), *down = ls_plan_side_sql(&p->down, "down");
	assert_non_null(strstr(up, "ALTER TABLE public.customers RENAME TO clients;"));
	assert_non_null(strstr(up, "RENAME COLUMN fullname TO full_name;"));
	assert_non_null(strstr(up, "RENAME CONSTRAINT customers_pkey TO clients_pkey;"));
	assert_non_null(strstr(up, "ALTER SEQUENCE public.customers_id_seq RENAME TO clients_id_seq;"));
	assert_null(strstr(up, "DROP TABLE"));
	assert_null(strstr(down, "DROP TABLE"));
	assert_true(p->n_renames >= 2);
	assert_string_equal(p->renames[0].reason, "given");
	for (size_t i = 0; i < p->up.n_steps; i++)
		assert_null(p->up.steps[i].loses);
	free(up);
	free(down);
	ls_plan_free(p);
}

static void test_not_renamed_on_request(void **state)
{
	(void)state;
	const char *r[] = {"public.customers="};
	ls_plan *p = NULL;
	assert_int_equal(plan(&p, customers, clients, r, 1, NULL, 0), 0);
	bool dropped = false;
	for (size_t i = 0; i < p->up.n_steps; i++)
		if (!strcmp(p->up.steps[i].action, "drop table")) {
			dropped = true;
			assert_non_null(p->up.steps[i].loses);
			assert_string_equal(p->up.steps[i].risk, "high");
		}
	assert_true(dropped);
	ls_plan_free(p);
}

static void test_bad_rename_argument(void **state)
{
	(void)state;
	const char *r[] = {"public.nope=public.clients"};
	ls_plan *p = NULL;
	char msg[1024];
	assert_int_equal(plan(&p, customers, clients, r, 1, msg, sizeof msg), LS_EINVAL);
	assert_non_null(strstr(msg, "FROM has no table public.nope"));
}

static void test_quoted_names_and_losses(void **state)
{
	(void)state;
	ls_plan *p = NULL;
	assert_int_equal(plan(&p,
			"CREATE TABLE \"My Table\" (\"Id\" int, \"naïve\" text, \"select\" int);\n",
			"CREATE TABLE \"My Table\" (\"Id\" bigint, \"select\" int);\n", NULL, 0, NULL, 0), 0);
	char *up = up_sql(p);
	assert_non_null(strstr(up, "ALTER TABLE ONLY public.\"My Table\" DROP COLUMN \"naïve\";"));
	assert_non_null(strstr(up, "ALTER COLUMN \"Id\" TYPE bigint;"));
	bool lost = false;
	for (size_t i = 0; i < p->up.n_steps; i++)
		lost = lost || (p->up.steps[i].loses && strstr(p->up.steps[i].loses, "\"naïve\""));
	assert_true(lost);
	/* the way back narrows bigint to integer: that is irreversible too */
	bool narrowed = false;
	for (size_t i = 0; i < p->down.n_steps; i++)
		narrowed = narrowed || (p->down.steps[i].loses &&
				strstr(p->down.steps[i].loses, "bigint -> integer"));
	assert_true(narrowed);
	free(up);
	ls_plan_free(p);
}

/* The step of p's side whose SQL contains needle, or NULL. */
static const ls_step *step_with(const ls_plan_side *side, const char *needle)
{
	for (size_t i = 0; i < side->n_steps; i++)
		if (side->steps[i].sql && strstr(side->steps[i].sql, needle))
			return &side->steps[i];
	return NULL;
}

/* An index on a materialized view the plan keeps is built and dropped
 * CONCURRENTLY, outside the transaction, like one on a table; on a view
 * the plan rebuilds it comes back inside the rebuild's transaction. */
static void test_matview_index_concurrently(void **state)
{
	(void)state;
	const char *base = "CREATE TABLE t (a int, b text);\n"
		"CREATE MATERIALIZED VIEW \"M v\" AS SELECT a, b FROM t;\n"
		"CREATE MATERIALIZED VIEW e AS SELECT a FROM t WITH NO DATA;\n";
	char from[512], to[512];
	snprintf(from, sizeof from, "%sCREATE INDEX old_b ON \"M v\" (b);\n", base);
	snprintf(to, sizeof to, "%sCREATE UNIQUE INDEX mv_a ON \"M v\" (a);\n"
			"CREATE INDEX e_a ON e (a);\n", base);
	ls_plan *p = NULL;
	assert_int_equal(plan(&p, from, to, NULL, 0, NULL, 0), 0);
	const ls_step *c = step_with(&p->up,
			"CREATE UNIQUE INDEX CONCURRENTLY mv_a ON public.\"M v\"");
	assert_non_null(c);
	assert_false(c->transactional);
	c = step_with(&p->up, "CREATE INDEX CONCURRENTLY e_a ON public.e");
	assert_non_null(c);
	assert_false(c->transactional);
	c = step_with(&p->up, "DROP INDEX CONCURRENTLY IF EXISTS public.old_b");
	assert_non_null(c);
	assert_false(c->transactional);
	c = step_with(&p->down, "DROP INDEX CONCURRENTLY IF EXISTS public.mv_a");
	assert_non_null(c);
	ls_plan_free(p);
	/* the view's query changes: dropped and created again, its index with it */
	snprintf(to, sizeof to, "CREATE TABLE t (a int, b text);\n"
			"CREATE MATERIALIZED VIEW \"M v\" AS SELECT a, b, 1 AS c FROM t;\n"
			"CREATE MATERIALIZED VIEW e AS SELECT a FROM t WITH NO DATA;\n"
			"CREATE INDEX old_b ON \"M v\" (b);\n");
	assert_int_equal(plan(&p, from, to, NULL, 0, NULL, 0), 0);
	assert_null(step_with(&p->up, "CONCURRENTLY"));
	c = step_with(&p->up, "CREATE INDEX old_b ON public.\"M v\"");
	assert_non_null(c);
	assert_true(c->transactional);
	ls_plan_free(p);
}

static void test_prechecks(void **state)
{
	(void)state;
	ls_plan *p = NULL;
	assert_int_equal(plan(&p,
			"CREATE TABLE t (org int, id int, v text, r int);\nCREATE TABLE u (id int PRIMARY KEY);\n",
			"CREATE TABLE u (id int PRIMARY KEY);\nCREATE TABLE t (org int NOT NULL, id int NOT "
			"NULL, v text CHECK (v <> ''), r int REFERENCES u(id), PRIMARY KEY (org, id));\n",
			NULL, 0, NULL, 0), 0);
	bool dup = false, nulls = false, check = false, orphan = false;
	for (size_t i = 0; i < p->up.n_steps; i++)
		for (size_t k = 0; k < p->up.steps[i].n_prechecks; k++) {
			const ls_precheck *c = &p->up.steps[i].prechecks[k];
			dup = dup || strstr(c->sql, "GROUP BY org, id HAVING pg_catalog.count(*) "
					"OPERATOR(pg_catalog.>) 1");
			nulls = nulls || strstr(c->sql, "WHERE org IS NULL");
			check = check || strstr(c->sql, "WHERE NOT (v <> '')");
			orphan = orphan || strstr(c->sql, "NOT EXISTS (SELECT 1 FROM public.u");
		}
	assert_true(dup);
	assert_true(nulls);
	assert_true(check);
	assert_true(orphan);
	ls_plan_free(p);
}

static void test_same_bytes(void **state)
{
	(void)state;
	const char *from = "CREATE TYPE m AS ENUM ('a', 'b');\nCREATE TABLE z (id int, m m);\n"
		"CREATE TABLE y (id int);\nCREATE VIEW v AS SELECT id FROM z;\n";
	const char *to = "CREATE TYPE m AS ENUM ('a', 'c', 'b');\nCREATE TABLE z (id bigint, m m);\n"
		"CREATE TABLE x (id int);\nCREATE VIEW v AS SELECT id FROM z;\n";
	char *first = NULL;
	for (int run = 0; run < 3; run++) {
		ls_plan *p = NULL;
		assert_int_equal(plan(&p, from, to, NULL, 0, NULL, 0), 0);
		char *up = up_sql(p), *down = ls_plan_side_sql(&p->down, "down");
		size_t n = strlen(up) + strlen(down) + 1;
		char *both = malloc(n);
		snprintf(both, n, "%s%s", up, down);
		if (!first)
			first = both;
		else {
			assert_string_equal(first, both);
			free(both);
		}
		free(up);
		free(down);
		ls_plan_free(p);
	}
	free(first);
}

/* Every diagnostic of a plan that stops, one per line, in a malloc'd
 * string; "" for a plan that is built (its renames then, "from>to;"). */
static char *outcome(const char *from, const char *to)
{
	ls_catalog *f = load(from), *t = load(to);
	ls_plan *p = NULL;
	ls_error err;
	ls_error_clear(&err);
	char *out = calloc(1, 16384);
	assert_non_null(out);
	if (ls_plan_build(&p, f, t, NULL, &err) == 0) {
		for (size_t i = 0; i < p->n_renames; i++)
			snprintf(out + strlen(out), 16384 - strlen(out), "%s>%s;", p->renames[i].from,
					p->renames[i].to);
	} else {
		for (size_t i = 0; i < err.n_diags; i++) {
			char line[1024];
			ls_error_format(&err, i, line, sizeof line);
			snprintf(out + strlen(out), 16384 - strlen(out), "%s\n", line);
		}
	}
	ls_plan_free(p);
	ls_catalog_free(f);
	ls_catalog_free(t);
	return out;
}

/* Issue 13 item 2: a column's rename (or the question about it) does not
 * depend on the order of the columns of either table, every candidate is
 * compared, whatever its type, and all questions come in one run. */
static void test_rename_order_independent(void **state)
{
	(void)state;
	static const struct {
		const char *from[2], *to[2], *want;
	} cases[] = {
		/* the case: expiresAt is the strict best, createdAt added */
		{{"CREATE TABLE s (id int, expires timestamp);", NULL},
		 {"CREATE TABLE s (id int, \"createdAt\" timestamp DEFAULT now(), \"expiresAt\" timestamp);",
		  "CREATE TABLE s (id int, \"expiresAt\" timestamp, \"createdAt\" timestamp DEFAULT now());"},
		 "public.s.expires>public.s.\"expiresAt\";"},
		/* two renames at once, both dropped columns in either order */
		{{"CREATE TABLE s (id int, expires timestamp, label text);",
		  "CREATE TABLE s (id int, label text, expires timestamp);"},
		 {"CREATE TABLE s (id int, labels text, \"expiresAt\" timestamp);",
		  "CREATE TABLE s (id int, \"expiresAt\" timestamp, labels text);"},
		 NULL},
		/* a tie: asked, naming the first candidate by name */
		{{"CREATE TABLE p (id int, name text);", NULL},
		 {"CREATE TABLE p (id int, a_name text, b_name text);",
		  "CREATE TABLE p (id int, b_name text, a_name text);"},
		 "error: 1 possible rename needs an answer (data is never dropped on a guess); to rename "
		 "it: --rename public.p.name=a_name\nerror: column public.p.name may have been renamed to "
		 "a_name (same type text, similarity 0.80): pass --rename public.p.name=a_name to rename "
		 "it, or --rename public.p.name= to drop it and its data\n"},
		/* other types, dissimilar names: two questions, one run */
		{{"CREATE TABLE b (id text, max_kb int, note text); CREATE TABLE c (id int, flag bool);",
		  "CREATE TABLE c (id int, flag bool); CREATE TABLE b (id text, note text, max_kb int);"},
		 {"CREATE TABLE b (id text, size_limit bigint, remark varchar(9)); CREATE TABLE c (id int, enabled bool);",
		  "CREATE TABLE c (id int, enabled bool); CREATE TABLE b (id text, remark varchar(9), size_limit bigint);"},
		 NULL},
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		char *first = NULL;
		for (size_t i = 0; i < 2; i++)
			for (size_t j = 0; j < 2; j++) {
				if (!cases[c].from[i] || !cases[c].to[j])
					continue;
				char *got = outcome(cases[c].from[i], cases[c].to[j]);
				if (!first) {
					first = got;
					if (cases[c].want)
						assert_string_equal(first, cases[c].want);
					continue;
				}
				assert_string_equal(first, got);
				free(got);
			}
		free(first);
	}
	/* the last case: four lines, the first with every renaming argument (a
	 * candidate of the same type category first) */
	char *q = outcome(cases[3].from[0], cases[3].to[0]);
	assert_non_null(strstr(q, "3 possible renames need an answer"));
	assert_non_null(strstr(q, "to rename all: --rename public.b.note=remark "
				"--rename public.b.max_kb=size_limit --rename public.c.flag=enabled\n"));
	assert_non_null(strstr(q, "column public.b.max_kb may have been renamed to size_limit (type integer -> bigint"));
	free(q);
	/* the second: both renamed */
	q = outcome(cases[1].from[0], cases[1].to[1]);
	assert_string_equal(q, "public.s.expires>public.s.\"expiresAt\";public.s.label>public.s.labels;");
	free(q);
}

/* Issue 13 item 1: an enum renamed with the same labels is renamed in
 * place (no rewrite of the columns using it), its column asked about;
 * labels that differ are a new type, the column recast through text. */
static void test_enum_renamed(void **state)
{
	(void)state;
	const char *from = "CREATE TYPE mood AS ENUM ('sad', 'ok');\n"
		"CREATE TABLE p (id int, mood mood, moods mood[]);\n";
	const char *to = "CREATE TYPE feeling AS ENUM ('sad', 'ok');\n"
		"CREATE TABLE p (id int, feeling feeling, moods feeling[]);\n";
	static const char *const answer[] = {"public.p.mood=feeling"};
	ls_plan *p = NULL;
	char msg[1024];
	assert_int_equal(plan(&p, from, to, NULL, 0, msg, sizeof msg), LS_EINVAL);
	assert_non_null(strstr(msg, "--rename public.p.mood=feeling"));
	assert_int_equal(plan(&p, from, to, answer, 1, NULL, 0), 0);
	char *up = up_sql(p);
	assert_non_null(strstr(up, "ALTER TYPE public.mood RENAME TO feeling;"));
	assert_non_null(strstr(up, "ALTER TABLE public.p RENAME COLUMN mood TO feeling;"));
	assert_null(strstr(up, "USING"));
	free(up);
	ls_plan_free(p);
	/* another label: not the same type */
	const char *to2 = "CREATE TYPE feeling AS ENUM ('sad', 'ok', 'glad');\n"
		"CREATE TABLE p (id int, feeling feeling, moods feeling[]);\n";
	assert_int_equal(plan(&p, from, to2, answer, 1, NULL, 0), 0);
	up = up_sql(p);
	assert_null(strstr(up, "RENAME TO feeling"));
	assert_non_null(strstr(up, "::pg_catalog.text::public.feeling"));
	free(up);
	ls_plan_free(p);
}

/* Aggregates: an option changed keeps the signature, so CREATE OR
 * REPLACE AGGREGATE, and the view over it stays; a new result type or
 * another kind (ordered-set) is DROP AGGREGATE and CREATE, the view going
 * first; the grant names it as a FUNCTION of its plain types. */
static void test_aggregates_planned(void **state)
{
	(void)state;
	const char *from =
		"CREATE AGGREGATE t(int) (sfunc = int4pl, stype = int, initcond = '0');\n"
		"CREATE AGGREGATE w(int) (sfunc = int4pl, stype = int);\n"
		"CREATE AGGREGATE p(float8) (sfunc = float8larger, stype = float8);\n"
		"CREATE TABLE s (q int);\n"
		"CREATE VIEW v AS SELECT t(q) AS a FROM s;\n"
		"CREATE VIEW vw AS SELECT w(q) AS a FROM s;\n";
	const char *to =
		"CREATE AGGREGATE t(int) (sfunc = int4pl, stype = int, initcond = '5', parallel = safe);\n"
		"CREATE AGGREGATE w(int) (sfunc = int4_sum, stype = int8);\n"
		"CREATE AGGREGATE p(float8 ORDER BY float8) (sfunc = ordered_set_transition,"
		" stype = internal, finalfunc = percentile_cont_float8_final);\n"
		"GRANT EXECUTE ON FUNCTION p(float8, float8) TO app_reader;\n"
		"CREATE TABLE s (q int);\n"
		"CREATE VIEW v AS SELECT t(q) AS a FROM s;\n"
		"CREATE VIEW vw AS SELECT w(q) AS a FROM s;\n";
	ls_plan *p = NULL;
	char msg[512];
	assert_int_equal(plan(&p, from, to, NULL, 0, msg, sizeof msg), 0);
	char *up = up_sql(p);
	assert_non_null(strstr(up, "CREATE OR REPLACE AGGREGATE public.t(integer) ("));
	assert_null(strstr(up, "DROP VIEW public.v;"));
	assert_non_null(strstr(up, "DROP VIEW public.vw;"));
	assert_non_null(strstr(up, "DROP AGGREGATE public.w(integer);"));
	assert_true(strstr(up, "DROP VIEW public.vw;") < strstr(up, "DROP AGGREGATE public.w(integer);"));
	assert_non_null(strstr(up, "DROP AGGREGATE public.p(double precision);"));
	assert_non_null(strstr(up, "CREATE AGGREGATE public.p(double precision ORDER BY double precision) ("));
	assert_non_null(strstr(up, "GRANT EXECUTE ON FUNCTION public.p(double precision, double precision) TO app_reader;"));
	free(up);
	ls_plan_free(p);
}

/* Two collations of one definition renamed: similarity cannot tell which
 * is which (each is recreated), history identity can (ALTER COLLATION ...
 * RENAME, the columns keep theirs). */
static void test_collation_renamed_by_identity(void **state)
{
	(void)state;
	const char *from = "CREATE COLLATION a (provider = icu, locale = 'de');\n"
		"CREATE COLLATION b (provider = icu, locale = 'de');\n"
		"CREATE TABLE t (x text COLLATE a, y text COLLATE b);\n";
	const char *renames = "ALTER COLLATION a RENAME TO c;\nALTER COLLATION b RENAME TO d;\n";
	ls_catalog *f = load(from), *t = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_copy(&t, f, &err), 0);
	assert_int_equal(ls_catalog_apply_sql(t, renames, strlen(renames), "to.sql", &err), 0);
	for (int identity = 0; identity < 2; identity++) {
		ls_plan_options o = LS_PLAN_OPTIONS_INIT;
		o.identity = identity;
		ls_plan *p = NULL;
		assert_int_equal(ls_plan_build(&p, f, t, &o, &err), 0);
		char *up = up_sql(p);
		if (identity) {
			assert_non_null(strstr(up, "ALTER COLLATION public.a RENAME TO c;"));
			assert_non_null(strstr(up, "ALTER COLLATION public.b RENAME TO d;"));
			assert_null(strstr(up, "DROP COLLATION"));
		} else {
			assert_null(strstr(up, "RENAME"));
			assert_non_null(strstr(up, "DROP COLLATION public.a;"));
		}
		free(up);
		ls_plan_free(p);
	}
	ls_catalog_free(t);
	ls_catalog_free(f);
}

/* Every allocation of a small plan fails once; each run ends in LS_ENOMEM
 * with nothing leaked (ASan) until the plan is built. */
static void test_fault(void **state)
{
	(void)state;
	const char *from = "CREATE TABLE t (a int, b text);\nCREATE INDEX ON t (b);\n";
	const char *to = "CREATE TABLE t (a bigint NOT NULL DEFAULT 0, c int);\nCOMMENT ON TABLE t IS 'x';\n";
	ls_catalog *f = load(from), *t = load(to);
	/* b is dropped on purpose: a dropped and an added column are asked about */
	static const char *const drop_b[] = {"public.t.b="};
	ls_plan_options o = LS_PLAN_OPTIONS_INIT;
	o.renames = drop_b;
	o.n_renames = 1;
	long n;
	for (n = 1; n < 1000000; n++) {
		ls_plan *p = NULL;
		ls_error err;
		ls_error_clear(&err);
		ls_alloc_fail_after(n);
		int rc = ls_plan_build(&p, f, t, &o, &err);
		ls_alloc_fail_after(0);
		ls_plan_free(p);
		if (rc == 0)
			break;
		if (rc != LS_ENOMEM) {
			char msg[1024];
			ls_error_format(&err, 0, msg, sizeof msg);
			fail_msg("allocation %ld: %s", n, msg);
		}
	}
	print_message("plan built after %ld failed allocations\n", n - 1);
	assert_true(n > 1 && n < 1000000);
	/* the questions (b may be c, a moved table's name taken): LS_ENOMEM
	 * until they are asked */
	for (n = 1; n < 1000000; n++) {
		ls_plan *p = NULL;
		ls_error err;
		ls_error_clear(&err);
		ls_alloc_fail_after(n);
		int rc = ls_plan_build(&p, f, t, NULL, &err);
		ls_alloc_fail_after(0);
		ls_plan_free(p);
		if (rc == LS_EINVAL) {
			char msg[1024];
			ls_error_format(&err, 1, msg, sizeof msg);
			if (!strstr(msg, "--rename public.t.b=c"))
				fail_msg("allocation %ld: %s", n, msg);
			break;
		}
		assert_int_equal(rc, LS_ENOMEM);
	}
	assert_true(n > 1 && n < 1000000);
	ls_catalog_free(f);
	ls_catalog_free(t);
}

/* What the self-check names when a plan does not reach its target: the
 * catalogs of got and want are compared as the self-check compares them;
 * the message names the object (kind, quoted name, a function's
 * arguments, a table's column) and the attribute, never a line. */
static void difference(const char *got_sql, const char *want_sql, const char *expect)
{
	ls_catalog *g = load(got_sql), *w = load(want_sql);
	char *gj = NULL, *wj = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_to_json(&gj, g, &err), 0);
	assert_int_equal(ls_catalog_to_json(&wj, w, &err), 0);
	ls_arena *a = NULL;
	assert_int_equal(ls_arena_new(&a), 0);
	const char *msg;
	assert_int_equal(pl_catalog_difference(a, gj, wj, &msg), 1);
	assert_non_null(msg);
	if (strcmp(msg, expect) != 0)
		fail_msg("got: %s\nwanted: %s", msg, expect);
	assert_null(strstr(msg, "line "));
	ls_arena_free(a);
	free(gj);
	free(wj);
	ls_catalog_free(g);
	ls_catalog_free(w);
}

static void test_self_check_names_the_difference(void **state)
{
	(void)state;
	const char *f2 = "CREATE FUNCTION \"Zoë\"(a int) RETURNS int LANGUAGE sql AS 'SELECT a';\n"
		"CREATE FUNCTION \"Zoë\"(a text) RETURNS text LANGUAGE sql AS 'SELECT a';\n";
	char got[1024], want[1024];
	snprintf(got, sizeof got, "%sGRANT EXECUTE ON FUNCTION \"Zoë\"(text) TO app_reader;\n", f2);
	snprintf(want, sizeof want, "%sGRANT EXECUTE ON FUNCTION \"Zoë\"(int) TO app_reader;\n", f2);
	difference(got, want, "function public.\"Zoë\"(a integer): grant EXECUTE TO app_reader "
			"missing after the plan");
	difference(want, got, "function public.\"Zoë\"(a integer): grant EXECUTE TO app_reader "
			"present after the plan, not wanted");
	difference("CREATE TABLE \"T\" (a int DEFAULT 1, b text);",
			"CREATE TABLE \"T\" (a int DEFAULT 2, b text);",
			"table public.\"T\" column a: default_expr is '\"1\"' after the plan, '\"2\"' wanted");
	difference("CREATE TABLE t (a int);", "CREATE TABLE t (a int);\nCREATE TABLE u (a int);",
			"table public.u: missing after the plan");
	difference("CREATE SCHEMA s;", "", "schema s: present after the plan, not wanted");
	difference("", "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON "
			"TABLES TO app_reader;", "default privileges IN SCHEMA public ON TABLES: missing "
			"after the plan");
	difference("ALTER DEFAULT PRIVILEGES FOR ROLE \"Ünï\" GRANT INSERT ON TABLES TO app_reader;",
			"ALTER DEFAULT PRIVILEGES FOR ROLE \"Ünï\" GRANT SELECT ON TABLES TO app_reader;",
			"default privileges FOR ROLE \"Ünï\" ON TABLES: grant SELECT TO app_reader missing "
			"after the plan");
}

/* A plan the self-check refuses today: an inheritance child's column that
 * was its own as well as its parent's becomes only the parent's (attislocal
 * false), which no step changes: the message names the table, the column
 * and the attribute, not a line of the catalog JSON. (The first example
 * here, a composite type's attribute added before another, is planned
 * since: test_composite_attributes.) When the planner learns this change,
 * provoke the refusal with another. */
static void test_self_check_refusal_message(void **state)
{
	(void)state;
	ls_plan *p = NULL;
	char msg[1024];
	int rc = plan(&p, "CREATE TABLE p (a int);\nCREATE TABLE \"C\" (a int) INHERITS (p);\n",
			"CREATE TABLE p (a int);\nCREATE TABLE \"C\" () INHERITS (p);\n", NULL, 0, msg,
			sizeof msg);
	assert_int_equal(rc, LS_EUNSUPPORTED);
	assert_null(p);
	assert_string_equal(msg, "error: cannot plan this change: the up plan, applied offline, "
			"does not give the TO catalog (table public.\"C\" column a: local is '(none)' after "
			"the plan, 'false' wanted)");
}

/* Composite type attributes: renamed in place (RENAME ATTRIBUTE, not a
 * drop and an add), added before others in a type no column holds (the
 * attributes from the first one out of place dropped and added again),
 * reordered in a type a column holds (the type recreated, the column
 * recast attribute by attribute), refused where neither is exact. */
static void test_composite_attributes(void **state)
{
	(void)state;
	ls_plan *p = NULL;
	char msg[1024];
	assert_int_equal(plan(&p, "CREATE TYPE a AS (icty text, zip text);\n"
			"CREATE TABLE t (x a);\n", "CREATE TYPE a AS (city text, zip text);\n"
			"CREATE TABLE t (x a);\n", NULL, 0, msg, sizeof msg), 0);
	char *up = up_sql(p);
	assert_non_null(strstr(up, "ALTER TYPE public.a RENAME ATTRIBUTE icty TO city;\n"));
	assert_null(strstr(up, "DROP ATTRIBUTE"));
	free(up);
	ls_plan_free(p);
	p = NULL;
	assert_int_equal(plan(&p, "CREATE TYPE \"P\" AS (postcode text);\n",
			"CREATE TYPE \"P\" AS (\"E\" text, postcode char);\n", NULL, 0, msg, sizeof msg), 0);
	up = up_sql(p);
	const char *drop = strstr(up, "ALTER TYPE public.\"P\" DROP ATTRIBUTE postcode;\n");
	const char *e = strstr(up, "ALTER TYPE public.\"P\" ADD ATTRIBUTE \"E\" text;\n");
	const char *pc = strstr(up, "ALTER TYPE public.\"P\" ADD ATTRIBUTE postcode character(1);\n");
	assert_true(drop && e && pc && drop < e && e < pc);
	free(up);
	ls_plan_free(p);
	p = NULL;
	assert_int_equal(plan(&p, "CREATE TYPE m AS (c char(3), v numeric);\n"
			"CREATE TABLE t (x m);\n", "CREATE TYPE m AS (v numeric, c char(3));\n"
			"CREATE TABLE t (x m);\n", NULL, 0, msg, sizeof msg), 0);
	up = up_sql(p);
	assert_non_null(strstr(up, "ALTER TABLE ONLY public.t ALTER COLUMN x TYPE public.m USING "
			"CASE WHEN x IS NOT DISTINCT FROM NULL THEN NULL ELSE ROW((x).v, (x).c)::public.m "
			"END;\n"));
	free(up);
	ls_plan_free(p);
	p = NULL;
	assert_int_equal(plan(&p, "CREATE TYPE m AS (c text, v numeric);\nCREATE TABLE t (x m[]);\n",
			"CREATE TYPE m AS (v numeric, c text);\nCREATE TABLE t (x m[]);\n", NULL, 0, msg,
			sizeof msg), LS_EUNSUPPORTED);
	assert_null(p);
	assert_string_equal(msg, "error: cannot plan this change yet: composite type public.m changes "
			"the order of its attributes (c, v -> v, c) and column public.t.x holds it in an "
			"array; ALTER TYPE only appends attributes");
}

/* The composite key conversion over a foreign key (issue 14): every key
 * dropped is dropped in the group that adds its successor USING INDEX;
 * no group that blocks writes scans, rewrites or builds; the index is
 * built concurrently outside a transaction. --no-online: the plain
 * statements, keys dropped before they are added again. */
static const char *cpk_from =
	"CREATE TABLE orgs (id bigint PRIMARY KEY);\n"
	"CREATE TABLE a (org_id bigint NOT NULL REFERENCES orgs (id), id bigint, PRIMARY KEY (id));\n"
	"CREATE TABLE b (org_id bigint NOT NULL, id bigint, a_id bigint REFERENCES a (id), PRIMARY KEY (id));\n";
static const char *cpk_to =
	"CREATE TABLE orgs (id bigint PRIMARY KEY);\n"
	"CREATE TABLE a (org_id bigint NOT NULL REFERENCES orgs (id), id bigint, PRIMARY KEY (org_id, id));\n"
	"CREATE TABLE b (org_id bigint NOT NULL, id bigint, a_id bigint, PRIMARY KEY (org_id, id),\n"
	"  FOREIGN KEY (org_id, a_id) REFERENCES a (org_id, id));\n";

static bool group_has(const ls_plan_side *side, size_t group, const char *text)
{
	for (size_t i = 0; i < side->n_steps; i++)
		if (side->steps[i].group == group && strstr(side->steps[i].sql, text))
			return true;
	return false;
}

static void test_key_swap_groups(void **state)
{
	(void)state;
	ls_plan *p = NULL;
	assert_int_equal(plan(&p, cpk_from, cpk_to, NULL, 0, NULL, 0), 0);
	for (int side = 0; side < 2; side++) {
		const ls_plan_side *sd = side ? &p->down : &p->up;
		size_t swaps = 0, builds = 0;
		for (size_t i = 0; i < sd->n_steps; i++) {
			const ls_step *st = &sd->steps[i];
			if (strstr(st->sql, "DROP CONSTRAINT a_pkey") || strstr(st->sql, "DROP CONSTRAINT b_pkey")) {
				assert_true(group_has(sd, st->group, "PRIMARY KEY USING INDEX"));
				swaps++;
			}
			if (strstr(st->sql, "CREATE UNIQUE INDEX CONCURRENTLY")) {
				assert_false(st->transactional);
				builds++;
			}
		}
		assert_int_equal(swaps, 2);
		assert_int_equal(builds, 2);
		for (size_t k = 0; k < sd->n_groups; k++) {
			const ls_group *g = &sd->groups[k];
			if (ls_same(g->lock_timeout, "100ms"))
				assert_false(g->long_work);
			assert_true(g->undo);
		}
	}
	ls_plan_free(p);

	ls_catalog *f = load(cpk_from), *t = load(cpk_to);
	ls_plan_options o = LS_PLAN_OPTIONS_INIT;
	o.plain = true;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_plan_build(&p, f, t, &o, &err), 0);
	char *sql = up_sql(p);
	assert_non_null(strstr(sql, "DROP CONSTRAINT a_pkey"));
	assert_null(strstr(sql, "CONCURRENTLY"));
	assert_true(strstr(sql, "DROP CONSTRAINT a_pkey") < strstr(sql, "ADD CONSTRAINT a_pkey PRIMARY KEY (org_id, id)"));
	free(sql);
	ls_plan_free(p);
	ls_catalog_free(f);
	ls_catalog_free(t);
}

/* The key swap when a column of the old primary key loses NOT NULL (the
 * down side of a conversion that made it NOT NULL): the server refuses
 * the DROP NOT NULL while the key stands, so it runs in the swap's group,
 * after the old key's drop; the table is never without a key. */
static void test_key_swap_not_null(void **state)
{
	(void)state;
	const char *a = "CREATE TABLE inv (tenant_id int, id int PRIMARY KEY, total int);\n";
	const char *b = "CREATE TABLE inv (tenant_id int NOT NULL, id int, total int,\n"
		"  PRIMARY KEY (tenant_id, id));\n";
	ls_plan *p = NULL;
	assert_int_equal(plan(&p, a, b, NULL, 0, NULL, 0), 0);
	for (int side = 0; side < 2; side++) {
		const ls_plan_side *sd = side ? &p->down : &p->up;
		size_t drop = 0, dnn = 0, swap = 0;
		for (size_t i = 0; i < sd->n_steps; i++) {
			const char *q = sd->steps[i].sql;
			if (strstr(q, "DROP CONSTRAINT inv_pkey"))
				drop = i + 1;
			if (strstr(q, "ALTER COLUMN tenant_id DROP NOT NULL"))
				dnn = i + 1;
			if (strstr(q, "PRIMARY KEY USING INDEX"))
				swap = i + 1;
		}
		assert_true(drop && swap);
		assert_int_equal(sd->steps[drop - 1].group, sd->steps[swap - 1].group);
		if (side) {
			assert_true(dnn > drop && dnn < swap);
			assert_int_equal(sd->steps[dnn - 1].group, sd->steps[drop - 1].group);
		} else {
			assert_int_equal(dnn, 0);
		}
	}
	ls_plan_free(p);
}

/* plan --attach: the old table becomes TO's partition (no copy step, the
 * bounds' CHECK validated before the swap), and every argument that names
 * no such table and partition is refused by name (a typo must not plan the
 * copy silently), as is the swap it cannot attach. */
static void test_attach(void **state)
{
	(void)state;
	const char *a = "CREATE TABLE ev (id bigint, at date NOT NULL, PRIMARY KEY (id, at));\n"
		"CREATE TABLE other (id int);\n";
	const char *b = "CREATE TABLE ev (id bigint, at date NOT NULL, PRIMARY KEY (id, at))\n"
		"  PARTITION BY RANGE (at);\n"
		"CREATE TABLE ev_old PARTITION OF ev FOR VALUES FROM (MINVALUE) TO ('2027-01-01');\n"
		"CREATE TABLE ev_new PARTITION OF ev FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');\n"
		"CREATE TABLE ev_rest PARTITION OF ev DEFAULT;\n"
		"CREATE SCHEMA x;\n"
		"CREATE TABLE x.ev_x PARTITION OF ev FOR VALUES FROM ('2028-01-01') TO ('2029-01-01');\n"
		"CREATE TABLE other (id int);\n";
	ls_catalog *f = load(a), *t = load(b);
	static const char *const good[] = {"public.ev=ev_old"};
	ls_plan_options o = LS_PLAN_OPTIONS_INIT;
	o.attach = good;
	o.n_attach = 1;
	ls_plan *p = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_plan_build(&p, f, t, &o, &err), 0);
	char *up = up_sql(p);
	assert_null(strstr(up, "copied"));
	assert_non_null(strstr(up, "VALIDATE CONSTRAINT lockstep_partition_bound"));
	assert_non_null(strstr(up, "ATTACH PARTITION public.ev_old FOR VALUES FROM (MINVALUE)"));
	assert_null(strstr(up, "DROP TABLE public.ev"));
	free(up);
	ls_plan_free(p);
	static const struct {
		const char *arg, *says;
	} bad[] = {
		{"public.ev", "expected schema.table=schema.partition"},
		{"ev=ev_old", "expected schema.table=schema.partition"},
		{"public.other=ev_old", "is not a plain table that TO partitions"},
		{"public.ev=ev_nope", "TO has no partition public.ev_nope"},
		{"public.ev=ev_rest", "the default partition"},
		{"public.ev=other.ev_old", "TO has no partition other.ev_old"},
		{"public.ev=x.ev_x", "another schema"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *one[] = {bad[i].arg};
		o.attach = one;
		ls_error_clear(&err);
		p = NULL;
		assert_int_equal(ls_plan_build(&p, f, t, &o, &err), LS_EINVAL);
		char msg[1024];
		ls_error_format(&err, 0, msg, sizeof msg);
		if (!strstr(msg, bad[i].says) || !strstr(msg, "--attach"))
			fail_msg("--attach %s: %s", bad[i].arg, msg);
		ls_plan_free(p);
	}
	o.attach = good;
	o.plain = true;
	ls_error_clear(&err);
	assert_int_equal(ls_plan_build(&p, f, t, &o, &err), LS_EINVAL);
	ls_catalog_free(t);
	ls_catalog_free(f);
	/* a table whose indexes are not TO's: refused, naming the index */
	f = load("CREATE TABLE ev (id bigint, at date NOT NULL, PRIMARY KEY (id, at));\n"
		"CREATE INDEX ev_at ON ev (at);\n");
	t = load(b);
	o.plain = false;
	ls_error_clear(&err);
	assert_int_equal(ls_plan_build(&p, f, t, &o, &err), LS_EUNSUPPORTED);
	char msg[1024];
	ls_error_format(&err, 0, msg, sizeof msg);
	assert_non_null(strstr(msg, "index ev_at is not one of them"));
	ls_catalog_free(t);
	ls_catalog_free(f);
}

/* plan --stats (issue 16): the 50 GB fixture's table planned for a type
 * change, an index, a foreign key and a composite-key conversion; every
 * step that works on rows has an estimate and a lock time, and its risk
 * is the rules' (README "Risk levels"): the rewrite that holds
 * AccessExclusiveLock for minutes critical, the builds and the validation
 * that block nobody medium, the catalog changes none. The same plan over a
 * 1 MB table: the rewrite is brief, medium. Without statistics no step
 * has an estimate. */
static ls_stats *stats_of(const char *text)
{
	ls_stats *st = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_stats_parse(&st, text, strlen(text), "test.json", &err), 0);
	return st;
}

static char *slurp_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	b[n] = '\0';
	fclose(f);
	return b;
}

static const ls_step *step_named(const ls_plan_side *sd, const char *action)
{
	for (size_t i = 0; i < sd->n_steps; i++)
		if (!strcmp(sd->steps[i].action, action))
			return &sd->steps[i];
	fail_msg("no step %s", action);
	return NULL;
}

static void test_estimates(void **state)
{
	(void)state;
	char *a = slurp_file(LS_SOURCE_DIR "/tests/fixtures/stats/50gb/from.sql");
	char *b = slurp_file(LS_SOURCE_DIR "/tests/fixtures/stats/50gb/to.sql");
	char *big = slurp_file(LS_SOURCE_DIR "/tests/fixtures/stats/audit-logs-50gb.json");
	ls_catalog *f = load(a), *t = load(b);
	ls_stats *st = stats_of(big);
	ls_plan_options o = LS_PLAN_OPTIONS_INIT;
	o.stats = st;
	ls_plan *p = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_plan_build(&p, f, t, &o, &err), 0);
	const ls_step *rw = step_named(&p->up, "alter column type");
	const ls_step *ix = step_named(&p->up, "create index");
	const ls_step *key = step_named(&p->up, "build unique index concurrently");
	const ls_step *swap = step_named(&p->up, "swap key using index");
	const ls_step *fk = step_named(&p->up, "add foreign key not valid");
	const ls_step *val = step_named(&p->up, "validate foreign key");
	assert_int_equal(rw->work, LS_WORK_REWRITE);
	assert_int_equal(ix->work, LS_WORK_INDEX);
	assert_int_equal(key->work, LS_WORK_INDEX);
	assert_int_equal(val->work, LS_WORK_FK_SCAN);
	assert_int_equal(fk->work, LS_WORK_NONE);
	/* 50 GB: minutes, each */
	assert_true(rw->estimate_ms > 60000 && ix->estimate_ms > 60000 && val->estimate_ms > 10000);
	assert_true(rw->lock_ms >= rw->estimate_ms);
	assert_true(swap->estimate_ms >= 0 && swap->estimate_ms < 100);
	assert_string_equal(rw->risk, "critical");
	assert_string_equal(ix->risk, "medium");
	assert_string_equal(key->risk, "medium");
	assert_string_equal(val->risk, "medium");
	assert_string_equal(swap->risk, "none");
	assert_string_equal(fk->risk, "none");
	assert_string_equal(ls_plan_max_risk(&p->up), "critical");
	assert_non_null(p->stats_taken_at);
	ls_plan_free(p);
	ls_stats_free(st);
	/* a 1 MB audit_logs: the rewrite holds its lock briefly */
	st = stats_of("{\"lockstep_stats\": 1, \"server_version_num\": 150018, \"server_version\": "
		"\"15\", \"taken_at\": null, \"database_bytes\": 1, \"settings\": {\"block_size\": 8192, "
		"\"maintenance_work_mem\": 65536, \"work_mem\": 4096, \"shared_buffers\": 1, "
		"\"max_parallel_maintenance_workers\": 2, \"max_parallel_workers\": 8}, \"indexes\": [], "
		"\"tables\": [{\"schema\": \"public\", \"name\": \"audit_logs\", \"kind\": \"table\", "
		"\"partition_of\": null, \"rows\": 10000, \"live_rows\": 10000, \"dead_rows\": 0, "
		"\"heap_bytes\": 1048576, \"toast_bytes\": 0, \"index_bytes\": 0, \"last_analyze\": null}, "
		"{\"schema\": \"public\", \"name\": \"users\", \"kind\": \"table\", \"partition_of\": null, "
		"\"rows\": 10, \"live_rows\": 10, \"dead_rows\": 0, \"heap_bytes\": 8192, \"toast_bytes\": 0, "
		"\"index_bytes\": 8192, \"last_analyze\": null}]}");
	o.stats = st;
	assert_int_equal(ls_plan_build(&p, f, t, &o, &err), 0);
	rw = step_named(&p->up, "alter column type");
	assert_true(rw->estimate_ms > 0 && rw->estimate_ms < 1000);
	assert_string_equal(rw->risk, "medium");
	ls_plan_free(p);
	ls_stats_free(st);
	/* no statistics: no estimate, the statement's risk */
	o.stats = NULL;
	assert_int_equal(ls_plan_build(&p, f, t, &o, &err), 0);
	rw = step_named(&p->up, "alter column type");
	assert_true(rw->estimate_ms < 0 && rw->lock_ms < 0);
	assert_string_equal(rw->risk, "high");
	assert_null(p->stats_taken_at);
	ls_plan_free(p);
	ls_catalog_free(t);
	ls_catalog_free(f);
	free(a);
	free(b);
	free(big);
}

/* --pg-version (issue 16 item 4): one pair planned for 11, 12, 14 and 15
 * differs exactly where the version table of planner/versions.c says: SET
 * NOT NULL through a valid CHECK from 12 (plain before, with a warning),
 * ATTACH PARTITION under ShareUpdateExclusiveLock on the parent from 12
 * (AccessExclusiveLock before), DETACH ... CONCURRENTLY from 14; a key
 * NULLS NOT DISTINCT refused before 15. */
static const char *lock_on(const ls_step *st, const char *rel)
{
	for (size_t i = 0; i < st->n_locks; i++)
		if (!strcmp(st->locks[i].relation, rel))
			return st->locks[i].mode;
	return "";
}

static void test_versions(void **state)
{
	(void)state;
	const char *a = "CREATE TABLE t (id int PRIMARY KEY, v text);\n"
		"CREATE TABLE p (id int, k int NOT NULL) PARTITION BY RANGE (k);\n"
		"CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);\n"
		"CREATE TABLE p2 (id int, k int NOT NULL);\n";
	const char *b = "CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL);\n"
		"CREATE TABLE p (id int, k int NOT NULL) PARTITION BY RANGE (k);\n"
		"CREATE TABLE p1 (id int, k int NOT NULL);\n"
		"CREATE TABLE p2 PARTITION OF p FOR VALUES FROM (10) TO (20);\n";
	ls_catalog *f = load(a), *t = load(b);
	static const int versions[] = {11, 12, 14, 15};
	for (size_t i = 0; i < sizeof versions / sizeof *versions; i++) {
		int v = versions[i];
		ls_plan_options o = LS_PLAN_OPTIONS_INIT;
		o.pg_version = v;
		ls_plan *p = NULL;
		ls_error err;
		ls_error_clear(&err);
		assert_int_equal(ls_plan_build(&p, f, t, &o, &err), 0);
		assert_int_equal(p->pg_version, v);
		char *up = up_sql(p);
		bool by_check = strstr(up, "CHECK (v IS NOT NULL) NOT VALID") != NULL;
		bool concurrently = strstr(up, "DETACH PARTITION public.p1 CONCURRENTLY") != NULL;
		const ls_step *att = NULL;
		for (size_t k = 0; k < p->up.n_steps; k++)
			if (!strcmp(p->up.steps[k].action, "attach partition"))
				att = &p->up.steps[k];
		assert_non_null(att);
		if (by_check != (v >= 12) || concurrently != (v >= 14) ||
				strcmp(lock_on(att, "public.p"), v >= 12 ? "ShareUpdateExclusiveLock" :
				"AccessExclusiveLock"))
			fail_msg("PostgreSQL %d: by check %d, concurrently %d, attach locks the parent %s",
					v, by_check, concurrently, lock_on(att, "public.p"));
		bool warned = false;
		for (size_t k = 0; k < p->n_warnings; k++)
			warned = warned || strstr(p->warnings[k], "lacks") != NULL;
		assert_int_equal(warned, v < 14);
		free(up);
		ls_plan_free(p);
	}
	ls_catalog_free(t);
	/* NULLS NOT DISTINCT: refused for 14, planned for 15 */
	t = load("CREATE TABLE t (id int PRIMARY KEY, v text UNIQUE NULLS NOT DISTINCT);\n"
		"CREATE TABLE p (id int, k int NOT NULL) PARTITION BY RANGE (k);\n"
		"CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);\n"
		"CREATE TABLE p2 (id int, k int NOT NULL);\n");
	ls_plan_options o = LS_PLAN_OPTIONS_INIT;
	o.pg_version = 14;
	ls_plan *p = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_plan_build(&p, f, t, &o, &err), LS_EUNSUPPORTED);
	char msg[1024];
	ls_error_format(&err, 0, msg, sizeof msg);
	assert_non_null(strstr(msg, "NULLS NOT DISTINCT"));
	o.pg_version = 15;
	ls_error_clear(&err);
	assert_int_equal(ls_plan_build(&p, f, t, &o, &err), 0);
	ls_plan_free(p);
	o.pg_version = 10;
	assert_int_equal(ls_plan_build(&p, f, t, &o, &err), LS_EINVAL);
	ls_catalog_free(t);
	ls_catalog_free(f);
}

/* The rules of planner/risk/risk.c, row by row: a step's level from what
 * it blocks, for how long, whether it works on rows and loses data. */
static void test_risk_rules(void **state)
{
	(void)state;
	ls_lock ae = {"public.t", "AccessExclusiveLock"}, sre = {"public.t", "ShareRowExclusiveLock"},
		sue = {"public.t", "ShareUpdateExclusiveLock"};
	const struct {
		const ls_lock *lock;
		ls_work work;
		double lock_ms;
		bool loses;
		const char *level;
		bool rows_kept;
	} cases[] = {
		{&ae, LS_WORK_NONE, 2, true, "critical", false},  /* loses data */
		{&ae, LS_WORK_NONE, 2, true, "none", true},       /* loses a copy only */
		{&ae, LS_WORK_REWRITE, 61000, false, "critical", false}, /* reads and writes, minutes */
		{&ae, LS_WORK_REWRITE, 59000, false, "high", false},     /* ... under a minute */
		{&sre, LS_WORK_FK_SCAN, 61000, false, "high", false},    /* writes only, minutes */
		{&sre, LS_WORK_SCAN, 1500, false, "high", false},        /* writes, over a second */
		{&ae, LS_WORK_REWRITE, 800, false, "medium", false},     /* rows, briefly */
		{&sue, LS_WORK_INDEX, 600000, false, "medium", false},   /* long, blocks nobody */
		{&sue, LS_WORK_SCAN, 300, false, "low", false},          /* rows, briefly, nobody */
		{&ae, LS_WORK_NONE, 900, false, "none", false},          /* catalog, brief */
		{&ae, LS_WORK_NONE, 1500, false, "high", false},         /* catalog, but held long */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		ls_step st = {0};
		st.locks = (ls_lock *)cases[i].lock;
		st.n_locks = 1;
		st.work = cases[i].work;
		st.lock_ms = st.estimate_ms = cases[i].lock_ms;
		st.loses = cases[i].loses ? "rows" : NULL;
		st.rows_kept = cases[i].rows_kept;
		const char *got = pl_risk_level(&st);
		if (strcmp(got, cases[i].level))
			fail_msg("case %zu: %s, wanted %s", i, got, cases[i].level);
	}
	assert_int_equal(ls_risk_rank("none"), 0);
	assert_int_equal(ls_risk_rank("critical"), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uncertain_rename_stops),
		cmocka_unit_test(test_given_rename_keeps_data),
		cmocka_unit_test(test_not_renamed_on_request),
		cmocka_unit_test(test_bad_rename_argument),
		cmocka_unit_test(test_quoted_names_and_losses),
		cmocka_unit_test(test_prechecks),
		cmocka_unit_test(test_matview_index_concurrently),
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_rename_order_independent),
		cmocka_unit_test(test_enum_renamed),
		cmocka_unit_test(test_collation_renamed_by_identity),
		cmocka_unit_test(test_aggregates_planned),
		cmocka_unit_test(test_fault),
		cmocka_unit_test(test_self_check_names_the_difference),
		cmocka_unit_test(test_self_check_refusal_message),
		cmocka_unit_test(test_key_swap_groups),
		cmocka_unit_test(test_key_swap_not_null),
		cmocka_unit_test(test_composite_attributes),
		cmocka_unit_test(test_attach),
		cmocka_unit_test(test_estimates),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_risk_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

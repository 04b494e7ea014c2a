/* The SQLite snapshot store: a catalog with every field set survives a
 * save and a load exactly (JSON byte for byte, and the build state JSON
 * leaves out: ids, next_id, search_path, data steps); saving twice stores
 * once; files that are not a usable store give LS_EIO naming the file; an
 * empty file is upgraded; every allocation failure in a load or a save is
 * reported as LS_ENOMEM and leaks nothing (ASan). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lockstep/store.h"
#include "objects.h"

#define PUSH(cat, arr, n) \
	ls_arena_push((cat)->arena, (void **)&(arr), &(n), sizeof *(arr))

static char tmpdir[] = "/tmp/ls_test_store_XXXXXX";

/* A path in the test's directory (static buffer per call site is enough:
 * each test keeps at most two). */
static const char *tmp_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", tmpdir, name);
	return buf;
}

/* --- building a catalog with every field set ---
 *
 * Fields of one struct never hold the same value in every element (two
 * booleans are true together in one element and differ in another), so a
 * store that swapped two columns would show in the comparison. */

static const char *S(ls_catalog *cat, const char *s)
{
	const char *p = ls_arena_strdup(cat->arena, s);
	assert_true(!s || p);
	return p;
}

/* Append strings to a string list; NULL entries are kept (a list may hold
 * NULL), the list ends at the sentinel END. */
static const char END[] = "<end>";

static void strs(ls_catalog *cat, const char ***arr, size_t *n, ...)
{
	va_list ap;
	va_start(ap, n);
	for (;;) {
		const char *s = va_arg(ap, const char *);
		if (s == END)
			break;
		const char **slot = ls_arena_push(cat->arena, (void **)arr, n, sizeof **arr);
		assert_non_null(slot);
		*slot = S(cat, s);
	}
	va_end(ap);
}

static void grant(ls_catalog *cat, ls_grant **arr, size_t *n, const char *grantee,
		const char *privilege, bool grantable)
{
	ls_grant *g = ls_arena_push(cat->arena, (void **)arr, n, sizeof **arr);
	assert_non_null(g);
	g->grantee = S(cat, grantee);
	g->privilege = S(cat, privilege);
	g->grantable = grantable;
}

static void add_schemas(ls_catalog *cat)
{
	/* ls_catalog_new gave "public"; keep it and add odd ones */
	cat->schemas[0].id = UINT64_MAX;
	ls_schema *s = PUSH(cat, cat->schemas, cat->n_schemas);
	assert_non_null(s);
	s->id = (uint64_t)INT64_MAX + 1;
	s->name = S(cat, "Fancy \"Schema\" \xc3\xbc'");
	s->comment = S(cat, "");
	grant(cat, &s->grants, &s->n_grants, "r\xc3\xb4le \"x\"", "USAGE", true);
	grant(cat, &s->grants, &s->n_grants, "PUBLIC", "CREATE", false);
	s = PUSH(cat, cat->schemas, cat->n_schemas);
	assert_non_null(s);
	s->id = 0;
	s->name = S(cat, "");
	s->comment = NULL;

	ls_extension *e = PUSH(cat, cat->extensions, cat->n_extensions);
	assert_non_null(e);
	e->id = 77;
	e->name = S(cat, "pgcrypto");
	e->schema = S(cat, "ext's");
	e->comment = S(cat, "cryptographic functions \xe2\x9c\x93");
	e = PUSH(cat, cat->extensions, cat->n_extensions);
	assert_non_null(e);
	e->id = 78;
	e->name = S(cat, "citext");
	e->schema = NULL;
	e->comment = S(cat, "");

	strs(cat, &cat->search_path, &cat->n_search_path, "Fancy \"Schema\" \xc3\xbc'", "",
			(const char *)NULL, "$user", END);
	cat->next_id = UINT64_MAX - 1;
}

static void add_types(ls_catalog *cat)
{
	ls_type *t = PUSH(cat, cat->types, cat->n_types);
	assert_non_null(t);
	t->id = 1000;
	t->schema = S(cat, "public");
	t->name = S(cat, "mood");
	t->kind = LS_TYPE_ENUM;
	strs(cat, &t->labels, &t->n_labels, "zeta", "alpha", "", (const char *)NULL,
			"\xc3\xbc \"q\" 'x'", END);
	t->comment = S(cat, "enum 'quoted'");

	t = PUSH(cat, cat->types, cat->n_types);
	assert_non_null(t);
	t->id = 1001;
	t->schema = S(cat, "public");
	t->name = S(cat, "money2");
	t->kind = LS_TYPE_DOMAIN;
	t->base_type = S(cat, "numeric(10,2)");
	t->collation = S(cat, "pg_catalog.\"C\"");
	t->default_expr = S(cat, "");
	t->not_null = true;
	ls_type_check *c = PUSH(cat, t->checks, t->n_checks);
	assert_non_null(c);
	c->name = S(cat, "a_positive");
	c->expr = S(cat, "VALUE > 0");
	c->valid = true;
	c = PUSH(cat, t->checks, t->n_checks);
	assert_non_null(c);
	c->name = S(cat, "b_small");
	c->expr = NULL;
	c->valid = false;

	t = PUSH(cat, cat->types, cat->n_types);
	assert_non_null(t);
	t->id = 1002;
	t->schema = S(cat, "Fancy \"Schema\" \xc3\xbc'");
	t->name = S(cat, "pair");
	t->kind = LS_TYPE_COMPOSITE;
	ls_attribute *a = PUSH(cat, t->attributes, t->n_attributes);
	assert_non_null(a);
	a->name = S(cat, "z");
	a->type = S(cat, "text");
	a->collation = S(cat, "pg_catalog.\"de_DE\"");
	a = PUSH(cat, t->attributes, t->n_attributes);
	assert_non_null(a);
	a->name = S(cat, "a");
	a->type = S(cat, "");
	a->collation = NULL;
	t->comment = NULL;
}

static void add_sequences(ls_catalog *cat)
{
	ls_sequence *s = PUSH(cat, cat->sequences, cat->n_sequences);
	assert_non_null(s);
	s->id = UINT64_MAX;
	s->schema = S(cat, "public");
	s->name = S(cat, "events_id_seq");
	s->type = S(cat, "bigint");
	s->start = INT64_MIN;
	s->increment = -1;
	s->min = INT64_MIN;
	s->max = INT64_MAX;
	s->cache = INT64_MAX;
	s->cycle = true;
	s->owned_table = S(cat, "events");
	s->owned_column = S(cat, "id");
	s->identity = true;
	s->unlogged = false;
	s->comment = S(cat, "");
	grant(cat, &s->grants, &s->n_grants, "app", "USAGE", false);
	grant(cat, &s->grants, &s->n_grants, "app", "SELECT", true);

	s = PUSH(cat, cat->sequences, cat->n_sequences);
	assert_non_null(s);
	s->id = 2;
	s->schema = S(cat, "public");
	s->name = S(cat, "plain_seq");
	s->type = NULL;
	s->start = 5;
	s->increment = INT64_MAX;
	s->min = -3;
	s->max = 0;
	s->cache = 7;
	s->cycle = false;
	s->identity = true;
	s->unlogged = true;
}

static void add_columns(ls_catalog *cat, ls_table *t)
{
	static const char ident[] = {'a', 'd', 0, 'a', 0};
	for (int i = 0; i < 5; i++) {
		ls_column *c = PUSH(cat, t->columns, t->n_columns);
		assert_non_null(c);
		char name[32];
		if (i == 3)
			snprintf(name, sizeof name, "col\xc3\xa9 \"%d\"", 5 - i);
		else
			snprintf(name, sizeof name, "c%d", 5 - i);
		c->name = S(cat, name);
		c->type = S(cat, i == 2 ? "character varying(20)" : "bigint");
		c->collation = i == 2 ? S(cat, "pg_catalog.\"C\"") : i == 4 ? S(cat, "") : NULL;
		c->default_expr = i == 1 ? S(cat, "'it''s'::text") : i == 4 ? S(cat, "") : NULL;
		c->generated = i == 4 ? S(cat, "(c5 * 2)") : NULL;
		c->identity = ident[i];
		c->id = i == 4 ? UINT64_MAX : 9000 + (uint64_t)i;
		c->not_null = i % 2 == 0;
		c->comment = i == 0 ? S(cat, "first \xe2\x80\x94 column") : i == 1 ? S(cat, "") : NULL;
		if (i == 0 || i == 3) {
			grant(cat, &c->grants, &c->n_grants, "reader", "SELECT", i == 3);
			grant(cat, &c->grants, &c->n_grants, "writer", "UPDATE", false);
		}
	}
}

static ls_constraint *add_constraint(ls_catalog *cat, ls_table *t, const char *name, char type)
{
	ls_constraint *k = PUSH(cat, t->constraints, t->n_constraints);
	assert_non_null(k);
	k->name = S(cat, name);
	k->type = type;
	k->valid = true;
	return k;
}

static void add_constraints(ls_catalog *cat, ls_table *t)
{
	ls_constraint *k = add_constraint(cat, t, "a_check", 'c');
	k->expr = S(cat, "(c5 > 0)");
	k->no_inherit = true;
	k->valid = false;
	k->comment = S(cat, "");
	k = add_constraint(cat, t, "b_excl", 'x');
	k->exclusion = S(cat, "USING gist (c4 WITH =)");
	k->deferrable = true;
	k->deferred = true;
	k = add_constraint(cat, t, "c_fkey", 'f');
	strs(cat, &k->columns, &k->n_columns, "c5", "c4", END);
	k->ref_schema = S(cat, "Fancy \"Schema\" \xc3\xbc'");
	k->ref_table = S(cat, "Ref");
	strs(cat, &k->ref_columns, &k->n_ref_columns, "y", "x", END);
	k->on_update = 'c';
	k->on_delete = 'n';
	k->match = 'f';
	k->deferrable = true;
	k->comment = S(cat, "fk \"comment\"");
	k = add_constraint(cat, t, "d_pkey", 'p');
	strs(cat, &k->columns, &k->n_columns, "c5", END);
	k = add_constraint(cat, t, "e_key", 'u');
	strs(cat, &k->columns, &k->n_columns, "c3", "", (const char *)NULL, END);
	k->nulls_not_distinct = true;
}

static void add_triggers_policies(ls_catalog *cat, ls_table *t)
{
	ls_trigger *g = PUSH(cat, t->triggers, t->n_triggers);
	assert_non_null(g);
	g->name = S(cat, "a_audit");
	g->timing = S(cat, "AFTER");
	g->events = S(cat, "INSERT OR UPDATE OF c4, c3");
	g->for_each_row = true;
	g->when = S(cat, "(new.c5 IS DISTINCT FROM old.c5)");
	g->function = S(cat, "\"Fancy \"\"Schema\"\" \xc3\xbc'\".audit");
	strs(cat, &g->args, &g->n_args, "x", "", (const char *)NULL, "it's", END);
	g->constraint_trigger = true;
	g->deferrable = false;
	g->deferred = false;
	g->enabled = 'D';
	g->comment = S(cat, "");
	g = PUSH(cat, t->triggers, t->n_triggers);
	assert_non_null(g);
	g->name = S(cat, "b_plain");
	g->timing = S(cat, "BEFORE");
	g->events = S(cat, "DELETE");
	g->function = S(cat, "public.f");
	g->for_each_row = true;
	g->deferrable = true;
	g->enabled = 'O';

	ls_policy *p = PUSH(cat, t->policies, t->n_policies);
	assert_non_null(p);
	p->name = S(cat, "p_tenant");
	p->permissive = true;
	p->command = S(cat, "ALL");
	strs(cat, &p->roles, &p->n_roles, "PUBLIC", "app", END);
	p->using_expr = S(cat, "(c5 = 1)");
	p->check_expr = S(cat, "");
	p->comment = S(cat, "policy \xc3\xbc");
	p = PUSH(cat, t->policies, t->n_policies);
	assert_non_null(p);
	p->name = S(cat, "q_restrict");
	p->permissive = false;
	p->command = S(cat, "SELECT");
}

static void add_tables(ls_catalog *cat)
{
	ls_table *t = PUSH(cat, cat->tables, cat->n_tables);
	assert_non_null(t);
	t->id = 5000;
	t->schema = S(cat, "public");
	t->name = S(cat, "events");
	t->kind = LS_TABLE_PARTITIONED;
	t->unlogged = true;
	t->partition_key = S(cat, "RANGE (c5)");
	add_columns(cat, t);
	add_constraints(cat, t);
	add_triggers_policies(cat, t);
	strs(cat, &t->options, &t->n_options, "fillfactor=70", "autovacuum_enabled=false", END);
	t->rls_enabled = true;
	t->rls_forced = false;
	t->comment = S(cat, "events \"table\" 'x' \xf0\x9f\x98\x80");
	grant(cat, &t->grants, &t->n_grants, "app", "INSERT", true);
	grant(cat, &t->grants, &t->n_grants, "PUBLIC", "SELECT", false);

	t = PUSH(cat, cat->tables, cat->n_tables);
	assert_non_null(t);
	t->id = 5001;
	t->schema = S(cat, "public");
	t->name = S(cat, "events_2024");
	t->kind = LS_TABLE_REGULAR;
	t->parent_schema = S(cat, "public");
	t->parent_table = S(cat, "events");
	t->partition_bound = S(cat, "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
	t->rls_enabled = true;
	t->rls_forced = true;
	t->comment = S(cat, "");

	t = PUSH(cat, cat->tables, cat->n_tables);
	assert_non_null(t);
	t->id = 5002;
	t->schema = S(cat, "Fancy \"Schema\" \xc3\xbc'");
	t->name = S(cat, "Ref");
	t->kind = LS_TABLE_REGULAR;
	t->partition_bound = S(cat, "");
	ls_column *c = PUSH(cat, t->columns, t->n_columns);
	assert_non_null(c);
	c->name = S(cat, "x");
	c->type = S(cat, "integer");
}

static void add_indexes(ls_catalog *cat)
{
	ls_index *x = PUSH(cat, cat->indexes, cat->n_indexes);
	assert_non_null(x);
	x->id = (uint64_t)1 << 63;
	x->schema = S(cat, "public");
	x->name = S(cat, "events_idx");
	x->table = S(cat, "events");
	x->method = S(cat, "gin");
	x->unique = true;
	x->nulls_not_distinct = false;
	ls_index_key *k = PUSH(cat, x->keys, x->n_keys);
	assert_non_null(k);
	k->column = S(cat, "c4");
	k->collation = S(cat, "pg_catalog.\"C\"");
	k->opclass = S(cat, "text_pattern_ops");
	k->desc = true;
	k->nulls_first = false;
	k = PUSH(cat, x->keys, x->n_keys);
	assert_non_null(k);
	k->expr = S(cat, "lower((c3)::text)");
	k->collation = S(cat, "");
	k->nulls_first = true;
	strs(cat, &x->include, &x->n_include, "c2", "c1", END);
	x->where = S(cat, "(c5 > 10)");
	strs(cat, &x->options, &x->n_options, "fastupdate=off", "", END);
	x->constraint = S(cat, "e_key");
	x->comment = S(cat, "idx \xc3\xbc");

	x = PUSH(cat, cat->indexes, cat->n_indexes);
	assert_non_null(x);
	x->id = 0;
	x->schema = S(cat, "public");
	x->name = S(cat, "plain_idx");
	x->table = S(cat, "mv");
	x->method = S(cat, "btree");
	x->nulls_not_distinct = true;
	x->where = S(cat, "");
}

static void add_views(ls_catalog *cat)
{
	ls_view *v = PUSH(cat, cat->views, cat->n_views);
	assert_non_null(v);
	v->id = 7000;
	v->schema = S(cat, "public");
	v->name = S(cat, "mv");
	v->materialized = true;
	v->definition = S(cat, " SELECT events.c5,\n    'x''y'::text AS \"Q\"\n   FROM events;");
	strs(cat, &v->columns, &v->n_columns, "c5", "Q", END);
	strs(cat, &v->options, &v->n_options, "fillfactor=50", END);
	v->with_data = true;
	strs(cat, &v->depends, &v->n_depends, "\"Fancy \"\"Schema\"\" \xc3\xbc'\".\"Ref\"",
			"public.events", "public.nope", "not qualified", END);
	v->comment = S(cat, "");
	grant(cat, &v->grants, &v->n_grants, "reader", "SELECT", false);

	v = PUSH(cat, cat->views, cat->n_views);
	assert_non_null(v);
	v->id = 7001;
	v->schema = S(cat, "public");
	v->name = S(cat, "v");
	v->definition = S(cat, "");
	v->check_option = S(cat, "CASCADED");
	v->with_data = true;
	strs(cat, &v->options, &v->n_options, "security_barrier=true", "check_option=cascaded", END);
}

static void add_functions(ls_catalog *cat)
{
	ls_function *f = PUSH(cat, cat->functions, cat->n_functions);
	assert_non_null(f);
	f->id = 9000;
	f->schema = S(cat, "Fancy \"Schema\" \xc3\xbc'");
	f->name = S(cat, "audit");
	f->kind = 'f';
	f->arguments = S(cat, "");
	f->identity_args = S(cat, "");
	f->returns = S(cat, "trigger");
	f->language = S(cat, "plpgsql");
	f->body = S(cat, "\nBEGIN\n  RAISE NOTICE 'it''s %', $x$\"q\"$x$;\n  RETURN NEW;\nEND;\n");
	f->body_sha256 = S(cat, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	f->volatility = 's';
	f->strict = true;
	f->security_definer = true;
	f->leakproof = false;
	f->parallel = S(cat, "RESTRICTED");
	strs(cat, &f->config, &f->n_config, "work_mem=64MB", "search_path=pg_catalog, public", END);
	f->comment = S(cat, "fn \xc3\xbc");
	grant(cat, &f->grants, &f->n_grants, "PUBLIC", "EXECUTE", false);

	f = PUSH(cat, cat->functions, cat->n_functions);
	assert_non_null(f);
	f->id = 9001;
	f->schema = S(cat, "public");
	f->name = S(cat, "p");
	f->kind = 'p';
	f->arguments = S(cat, "a integer, b text DEFAULT 'x'::text");
	f->identity_args = S(cat, "a integer, b text");
	f->returns = NULL;
	f->language = S(cat, "sql");
	f->body = S(cat, "");
	f->volatility = 'v';
	f->security_definer = true;
	f->leakproof = true;
	f->parallel = S(cat, "UNSAFE");
}

static void add_data_steps(ls_catalog *cat)
{
	ls_data_step *d = PUSH(cat, cat->data_steps, cat->n_data_steps);
	assert_non_null(d);
	d->path = S(cat, "migrations/V2__se\xc3\xb1or.sql");
	d->line = INT_MAX;
	d->column = INT_MIN;
	d->sql = S(cat, "INSERT INTO t VALUES ('it''s', \"x\")");
	d = PUSH(cat, cat->data_steps, cat->n_data_steps);
	assert_non_null(d);
	d->path = NULL;
	d->line = 0;
	d->column = 1;
	d->sql = S(cat, "");
}

static ls_catalog *full_catalog(void)
{
	ls_catalog *cat = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_new(&cat, &err), 0);
	add_schemas(cat);
	add_types(cat);
	add_sequences(cat);
	add_tables(cat);
	add_indexes(cat);
	add_views(cat);
	add_functions(cat);
	add_data_steps(cat);
	return cat;
}

/* --- comparing --- */

static char *json_of(ls_catalog *cat)
{
	char *json = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_to_json(&json, cat, &err), 0);
	return json;
}

static void assert_same_str(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* What the JSON does not show: identities, next_id, search_path, data
 * steps, and the kind codes as the model's enums. */
static void assert_same_build_state(const ls_catalog *a, const ls_catalog *b)
{
	assert_true(a->next_id == b->next_id);
	assert_int_equal(a->n_search_path, b->n_search_path);
	for (size_t i = 0; i < a->n_search_path; i++)
		assert_same_str(a->search_path[i], b->search_path[i]);
	assert_int_equal(a->n_data_steps, b->n_data_steps);
	for (size_t i = 0; i < a->n_data_steps; i++) {
		assert_same_str(a->data_steps[i].path, b->data_steps[i].path);
		assert_int_equal(a->data_steps[i].line, b->data_steps[i].line);
		assert_int_equal(a->data_steps[i].column, b->data_steps[i].column);
		assert_same_str(a->data_steps[i].sql, b->data_steps[i].sql);
	}
#define SAME_IDS(arr, n) \
	do { \
		assert_int_equal(a->n, b->n); \
		for (size_t i = 0; i < a->n; i++) \
			assert_true(a->arr[i].id == b->arr[i].id); \
	} while (0)
	SAME_IDS(schemas, n_schemas);
	SAME_IDS(extensions, n_extensions);
	SAME_IDS(types, n_types);
	SAME_IDS(sequences, n_sequences);
	SAME_IDS(tables, n_tables);
	SAME_IDS(indexes, n_indexes);
	SAME_IDS(views, n_views);
	SAME_IDS(functions, n_functions);
#undef SAME_IDS
	for (size_t i = 0; i < a->n_types; i++)
		assert_int_equal(a->types[i].kind, b->types[i].kind);
	for (size_t i = 0; i < a->n_tables; i++) {
		assert_int_equal(a->tables[i].kind, b->tables[i].kind);
		assert_int_equal(a->tables[i].n_columns, b->tables[i].n_columns);
		for (size_t j = 0; j < a->tables[i].n_columns; j++)
			assert_true(a->tables[i].columns[j].id == b->tables[i].columns[j].id);
	}
	assert_null(b->priv);
}

/* --- store helpers --- */

static ls_store *open_ok(const char *path)
{
	ls_store *st = NULL;
	ls_error err;
	ls_error_clear(&err);
	int rc = ls_store_open(&st, path, &err);
	if (rc != 0) {
		char buf[1024];
		ls_error_format(&err, 0, buf, sizeof buf);
		fail_msg("open %s: %s", path, buf);
	}
	return st;
}

/* Run one SQL statement on the file directly, as the sqlite3 shell would;
 * returns the first column of the first row as an integer (or -1). */
static long long sql_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	long long v = -1;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	int rc = sqlite3_step(stmt);
	assert_true(rc == SQLITE_ROW || rc == SQLITE_DONE);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

static void sql_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static void save_ok(char key[65], ls_store *st, ls_catalog *cat)
{
	ls_error err;
	ls_error_clear(&err);
	int rc = ls_store_save(key, st, cat, &err);
	if (rc != 0) {
		char buf[1024];
		ls_error_format(&err, 0, buf, sizeof buf);
		fail_msg("save: %s", buf);
	}
	assert_int_equal(strlen(key), 64);
}

static ls_catalog *load_ok(ls_store *st, const char *key)
{
	ls_catalog *cat = NULL;
	ls_error err;
	ls_error_clear(&err);
	int rc = ls_store_load(&cat, st, key, &err);
	if (rc != 0) {
		char buf[1024];
		ls_error_format(&err, 0, buf, sizeof buf);
		fail_msg("load: %s", buf);
	}
	return cat;
}

/* The error of opening (and, if that works, loading from) path must be
 * LS_EIO, and its message must name the file and contain want. */
static void assert_open_fails(const char *path, const char *want)
{
	ls_store *st = NULL;
	ls_catalog *cat = NULL;
	ls_error err;
	char buf[1024];
	ls_error_clear(&err);
	int rc = ls_store_open(&st, path, &err);
	if (rc == 0) {
		rc = ls_store_load(&cat, st, "0000000000000000000000000000000000000000000000000000000000000000", &err);
		if (rc == LS_ENOTFOUND)
			rc = 0;
		ls_catalog_free(cat);
		ls_store_close(st);
	} else {
		assert_null(st);
	}
	assert_int_equal(rc, LS_EIO);
	assert_int_equal(err.code, LS_EIO);
	ls_error_format(&err, 0, buf, sizeof buf);
	if (!strstr(buf, path) || !strstr(buf, want))
		fail_msg("message \"%s\" should name %s and say \"%s\"", buf, path, want);
}

/* --- the tests --- */

static void test_roundtrip(void **state)
{
	(void)state;
	char path[512], key[65], key2[65];
	tmp_path(path, sizeof path, "roundtrip.db");
	ls_catalog *cat = full_catalog();
	ls_store *st = open_ok(path);
	save_ok(key, st, cat);
	char *before = json_of(cat);

	ls_catalog *back = load_ok(st, key);
	char *after = json_of(back);
	assert_string_equal(before, after);
	assert_same_build_state(cat, back);
	ls_store_close(st);

	/* again from a new connection: it was committed to the file */
	st = open_ok(path);
	ls_catalog *again = load_ok(st, key);
	char *after2 = json_of(again);
	assert_string_equal(before, after2);
	assert_same_build_state(cat, again);
	/* the loaded catalog hashes to its key */
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_snapshot_key(key2, again, &err), 0);
	assert_string_equal(key, key2);
	/* the same content with another identity is another snapshot */
	again->tables[0].id++;
	assert_int_equal(ls_catalog_snapshot_key(key2, again, &err), 0);
	assert_string_not_equal(key, key2);
	again->tables[0].id--;
	again->tables[0].columns[0].id++;
	assert_int_equal(ls_catalog_snapshot_key(key2, again, &err), 0);
	assert_string_not_equal(key, key2);
	again->tables[0].columns[0].id--;

	/* lists were grown as the builder grows them: appending is safe */
	ls_table *t = ls_catalog_find_table(again, "public", "events");
	assert_non_null(t);
	for (int i = 0; i < 20; i++)
		assert_non_null(PUSH(again, t->columns, t->n_columns));
	ls_type *ty = ls_catalog_find_type(again, "public", "mood");
	assert_non_null(ty);
	for (int i = 0; i < 20; i++)
		assert_non_null(PUSH(again, ty->labels, ty->n_labels));
	assert_non_null(PUSH(again, again->schemas, again->n_schemas));
	assert_non_null(PUSH(again, again->search_path, again->n_search_path));

	free(after2);
	free(after);
	free(before);
	ls_catalog_free(again);
	ls_catalog_free(back);
	ls_catalog_free(cat);
	ls_store_close(st);
}

static void test_save_twice_stores_once(void **state)
{
	(void)state;
	char path[512], k1[65], k2[65], k3[65];
	tmp_path(path, sizeof path, "twice.db");
	ls_catalog *cat = full_catalog();
	ls_store *st = open_ok(path);
	save_ok(k1, st, cat);
	long long tables = sql_int(path, "SELECT count(*) FROM tables");
	save_ok(k2, st, cat);
	assert_string_equal(k1, k2);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM tables"), tables);

	/* a different catalog is a second snapshot */
	ls_catalog *empty = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_catalog_new(&empty, &err), 0);
	save_ok(k3, st, empty);
	assert_string_not_equal(k1, k3);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 2);

	ls_catalog_free(empty);
	ls_catalog_free(cat);
	ls_store_close(st);
}

static void test_queryable_with_plain_sql(void **state)
{
	(void)state;
	char path[512], key[65];
	tmp_path(path, sizeof path, "query.db");
	ls_catalog *cat = full_catalog();
	ls_store *st = open_ok(path);
	save_ok(key, st, cat);
	ls_store_close(st);
	ls_catalog_free(cat);

	assert_int_equal(sql_int(path, "PRAGMA user_version"), 2);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM meta WHERE key = 'application'"
			" AND value = 'lockstep'"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM columns c JOIN tables t"
			" ON t.snapshot_key = c.snapshot_key AND t.position = c.table_position"
			" WHERE t.name = 'events'"), 5);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM constraint_columns"
			" WHERE side = 'ref'"), 2);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM grants WHERE object_kind = 'column'"
			" AND column_name = 'c5' AND privilege = 'SELECT'"), 1);
	/* ids past INT64_MAX keep their bits */
	assert_int_equal(sql_int(path, "SELECT id FROM sequences WHERE name = 'events_id_seq'"), -1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM objects"), 19);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM objects WHERE kind = 'materialized_view'"
			" AND name = 'mv'"), 1);
	/* the derived dependencies */
	assert_int_equal(sql_int(path, "SELECT count(*) FROM dependencies WHERE kind = 'foreign_key'"
			" AND from_name = 'events' AND from_detail = 'c_fkey' AND to_kind = 'table'"
			" AND to_name = 'Ref' AND to_schema = 'Fancy \"Schema\" \xc3\xbc'''"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM dependencies WHERE kind = 'partition'"
			" AND from_name = 'events_2024' AND to_name = 'events'"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM dependencies WHERE kind = 'trigger'"
			" AND to_kind = 'function' AND to_name = 'audit'"
			" AND to_schema = 'Fancy \"Schema\" \xc3\xbc'''"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM dependencies WHERE kind = 'index'"
			" AND from_name = 'plain_idx' AND to_kind = 'view' AND to_name = 'mv'"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM dependencies WHERE kind = 'owned_by'"
			" AND from_name = 'events_id_seq' AND from_detail = 'id' AND to_name = 'events'"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM dependencies WHERE kind = 'view'"
			" AND from_name = 'mv'"), 4);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM dependencies WHERE kind = 'view'"
			" AND to_kind = 'relation' AND to_schema IS NULL AND to_name = 'not qualified'"), 1);
}

static void test_load_unknown_key(void **state)
{
	(void)state;
	char path[512];
	tmp_path(path, sizeof path, "unknown.db");
	ls_store *st = open_ok(path);
	ls_catalog *cat = NULL;
	ls_error err;
	ls_error_clear(&err);
	assert_int_equal(ls_store_load(&cat, st, "abc", &err), LS_ENOTFOUND);
	assert_null(cat);
	ls_store_close(st);
}

/* Round-trip one catalog through a store; returns nothing, fails the test
 * on any difference. */
static void roundtrip(ls_store *st, ls_catalog *cat, const char *what)
{
	char key[65];
	save_ok(key, st, cat);
	char *before = json_of(cat);
	ls_catalog *back = load_ok(st, key);
	char *after = json_of(back);
	if (strcmp(before, after) != 0)
		fail_msg("%s: the loaded catalog differs", what);
	assert_same_build_state(cat, back);
	free(after);
	free(before);
	ls_catalog_free(back);
}

/* Every catalog fixture (LS_FIXTURES/catalog/NNN-*.sql), built by the real
 * builder, survives the store. Fixtures the builder cannot apply are left
 * to the builder's own tests. */
static void test_fixtures_roundtrip(void **state)
{
	(void)state;
	char dir[512], path[1024], db[512];
	const char *root = getenv("LS_FIXTURES");
	snprintf(dir, sizeof dir, "%s/catalog", root ? root : "tests/fixtures");
	DIR *d = opendir(dir);
	if (!d && !root)
		skip();
	assert_non_null(d);
	ls_store *st = open_ok(tmp_path(db, sizeof db, "fixtures.db"));
	int done = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".sql") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		ls_catalog *cat = NULL;
		ls_error err;
		ls_error_clear(&err);
		assert_int_equal(ls_catalog_new(&cat, &err), 0);
		if (ls_catalog_apply_file(cat, path, &err) == 0) {
			roundtrip(st, cat, path);
			done++;
		}
		ls_catalog_free(cat);
	}
	closedir(d);
	ls_store_close(st);
	assert_true(done > 0);
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

static void test_garbage_file(void **state)
{
	(void)state;
	char path[512];
	tmp_path(path, sizeof path, "garbage.db");
	char junk[4096];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)(i * 7 + 3);
	write_file(path, junk, sizeof junk);
	assert_open_fails(path, "not a lockstep store");
	/* a text file shorter than any header */
	write_file(path, "hello\n", 6);
	assert_open_fails(path, "not a lockstep store");
}

/* A good store cut short at several lengths. */
static void test_truncated_store(void **state)
{
	(void)state;
	char path[512], cut[512], key[65];
	tmp_path(path, sizeof path, "whole.db");
	tmp_path(cut, sizeof cut, "cut.db");
	ls_catalog *cat = full_catalog();
	ls_store *st = open_ok(path);
	save_ok(key, st, cat);
	ls_store_close(st);
	ls_catalog_free(cat);

	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char data[1 << 20];
	size_t n = fread(data, 1, sizeof data, f);
	fclose(f);
	assert_true(n > 8192 && n < sizeof data);
	const size_t lengths[] = {50, 100, 4096, n / 2, n - 4096};
	for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++) {
		write_file(cut, data, lengths[i]);
		assert_open_fails(cut, "corrupt");
	}
}

static void test_other_application(void **state)
{
	(void)state;
	char path[512];
	tmp_path(path, sizeof path, "other.db");
	sql_exec(path, "CREATE TABLE users (id integer primary key, name text);"
			"INSERT INTO users VALUES (1, 'x')");
	assert_open_fails(path, "not a lockstep store");

	tmp_path(path, sizeof path, "other_appid.db");
	sql_exec(path, "PRAGMA application_id = 1598903374; CREATE TABLE meta (key, value)");
	assert_open_fails(path, "application_id");

	/* a file with a table named meta is not enough */
	tmp_path(path, sizeof path, "other_meta.db");
	sql_exec(path, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
			"INSERT INTO meta VALUES ('application', 'something-else');"
			"PRAGMA user_version = 1");
	assert_open_fails(path, "not a lockstep store");
}

static void test_newer_store(void **state)
{
	(void)state;
	char path[512];
	tmp_path(path, sizeof path, "newer.db");
	ls_store_close(open_ok(path));
	sql_exec(path, "PRAGMA user_version = 999");
	assert_open_fails(path, "was written by a newer lockstep (store version 999");
}

/* A version 1 store with a snapshot in it (made by taking a new store back
 * to version 1 by hand): opening upgrades it, the snapshot still loads, its
 * columns get id 0 and the history tables exist. */
static void test_upgrade_from_version_1(void **state)
{
	(void)state;
	char path[512], key[65];
	tmp_path(path, sizeof path, "v1.db");
	ls_catalog *cat = full_catalog();
	ls_store *st = open_ok(path);
	save_ok(key, st, cat);
	ls_store_close(st);
	sql_exec(path, "DROP TABLE revision_warnings; DROP TABLE revision_files; DROP TABLE revisions;"
			" DROP TABLE parse_cache;"
			"ALTER TABLE columns DROP COLUMN id; PRAGMA user_version = 1");
	st = open_ok(path);
	assert_int_equal(sql_int(path, "PRAGMA user_version"), 2);
	ls_catalog *back = load_ok(st, key);
	char *a = json_of(cat), *b = json_of(back);
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM columns WHERE id <> 0"), 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM revisions"), 0);
	ls_catalog_free(back);
	ls_catalog_free(cat);
	ls_store_close(st);
}

static void test_upgrade_from_version_0(void **state)
{
	(void)state;
	char path[512], key[65];
	/* an SQLite file with no tables and user_version 0, made by hand */
	tmp_path(path, sizeof path, "v0.db");
	sql_exec(path, "CREATE TABLE x (a); DROP TABLE x");
	assert_int_equal(sql_int(path, "PRAGMA user_version"), 0);
	ls_store *st = open_ok(path);
	ls_catalog *cat = full_catalog();
	save_ok(key, st, cat);
	ls_catalog *back = load_ok(st, key);
	char *a = json_of(cat), *b = json_of(back);
	assert_string_equal(a, b);
	free(a);
	free(b);
	ls_catalog_free(back);
	ls_catalog_free(cat);
	ls_store_close(st);
	assert_int_equal(sql_int(path, "PRAGMA user_version"), 2);
	assert_int_equal(sql_int(path, "PRAGMA application_id"), 0x4C6B5374);
	/* opening again changes nothing */
	ls_store_close(open_ok(path));
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 1);

	/* an empty (0-byte) file */
	tmp_path(path, sizeof path, "empty.db");
	write_file(path, "", 0);
	ls_store_close(open_ok(path));
	assert_int_equal(sql_int(path, "PRAGMA user_version"), 2);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM pragma_journal_mode"
			" WHERE journal_mode = 'wal'"), 1);
}

/* Two connections on one file: what one saves, the other loads. */
static void test_two_connections(void **state)
{
	(void)state;
	char path[512], key[65];
	tmp_path(path, sizeof path, "shared.db");
	ls_store *a = open_ok(path);
	ls_store *b = open_ok(path);
	ls_catalog *cat = full_catalog();
	save_ok(key, a, cat);
	ls_catalog *back = load_ok(b, key);
	char *x = json_of(cat), *y = json_of(back);
	assert_string_equal(x, y);
	free(x);
	free(y);
	save_ok(key, b, back);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 1);
	ls_catalog_free(back);
	ls_catalog_free(cat);
	ls_store_close(b);
	ls_store_close(a);
}

/* Bytes of a good store overwritten here and there: opening and loading
 * may work or fail with LS_EIO, never anything else (ASan watches). */
static void test_damaged_bytes(void **state)
{
	(void)state;
	char path[512], cut[512], key[65];
	tmp_path(path, sizeof path, "bytes.db");
	tmp_path(cut, sizeof cut, "bytes_damaged.db");
	ls_catalog *cat = full_catalog();
	ls_store *st = open_ok(path);
	save_ok(key, st, cat);
	ls_store_close(st);
	ls_catalog_free(cat);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char data[1 << 20];
	size_t n = fread(data, 1, sizeof data, f);
	fclose(f);
	uint32_t seed = 12345;
	for (int round = 0; round < 150; round++) {
		static char copy[1 << 20];
		memcpy(copy, data, n);
		for (int k = 0; k < 8; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = 100 + (seed >> 8) % (n - 100);
			copy[at] = (char)(seed >> 3);
		}
		write_file(cut, copy, n);
		ls_error err;
		ls_error_clear(&err);
		ls_catalog *back = NULL;
		int rc = ls_store_open(&st, cut, &err);
		if (rc == 0) {
			rc = ls_store_load(&back, st, key, &err);
			ls_catalog_free(back);
			ls_store_close(st);
		}
		if (rc != 0 && rc != LS_EIO && rc != LS_ENOTFOUND)
			fail_msg("round %d: rc %d: %s", round, rc, err.diags[0].message);
		if (rc != 0)
			assert_string_equal(err.diags[0].path, cut);
	}
}

/* Damage that SQLite cannot see: rows that do not fit together. */
static void test_inconsistent_rows(void **state)
{
	(void)state;
	char path[512], key[65];
	static const char *const damage[] = {
		"DELETE FROM columns WHERE position = 1",
		"UPDATE grants SET object_position = 99 WHERE object_kind = 'table'",
		"UPDATE type_labels SET position = position + 10",
		"UPDATE options SET object_kind = 'view', object_position = 5 WHERE object_kind = 'index'",
		"UPDATE constraints SET type = 'pp' WHERE name = 'd_pkey'",
	};
	for (size_t i = 0; i < sizeof damage / sizeof *damage; i++) {
		char name[32];
		snprintf(name, sizeof name, "damaged%zu.db", i);
		tmp_path(path, sizeof path, name);
		ls_catalog *cat = full_catalog();
		ls_store *st = open_ok(path);
		save_ok(key, st, cat);
		ls_catalog_free(cat);
		ls_store_close(st);
		sql_exec(path, "PRAGMA foreign_keys = OFF");
		sql_exec(path, damage[i]);
		st = open_ok(path);
		ls_error err;
		ls_error_clear(&err);
		assert_int_equal(ls_store_load(&cat, st, key, &err), LS_EIO);
		assert_null(cat);
		assert_non_null(strstr(err.diags[0].message, "corrupt"));
		assert_string_equal(err.diags[0].path, path);
		ls_store_close(st);
	}
}

/* Every allocation of a load fails in turn: LS_ENOMEM each time, nothing
 * leaked, until the load works. */
static void test_fault_injection_load(void **state)
{
	(void)state;
	char path[512], key[65];
	tmp_path(path, sizeof path, "fault_load.db");
	ls_catalog *cat = full_catalog();
	ls_store *st = open_ok(path);
	save_ok(key, st, cat);
	char *want = json_of(cat);
	long n;
	for (n = 1; n < 100000; n++) {
		ls_catalog *back = NULL;
		ls_error err;
		ls_error_clear(&err);
		ls_alloc_fail_after(n);
		int rc = ls_store_load(&back, st, key, &err);
		ls_alloc_fail_after(0);
		if (rc == 0) {
			char *got = json_of(back);
			assert_string_equal(want, got);
			free(got);
			ls_catalog_free(back);
			break;
		}
		assert_int_equal(rc, LS_ENOMEM);
		assert_int_equal(err.code, LS_ENOMEM);
		assert_null(back);
	}
	assert_true(n > 1);
	assert_true(n < 100000);
	free(want);
	ls_catalog_free(cat);
	ls_store_close(st);
}

/* The same for a save: a failed save leaves no snapshot behind. */
static void test_fault_injection_save(void **state)
{
	(void)state;
	char path[512], key[65];
	tmp_path(path, sizeof path, "fault_save.db");
	ls_catalog *cat = full_catalog();
	ls_store *st = open_ok(path);
	long n;
	for (n = 1; n < 100000; n++) {
		ls_error err;
		ls_error_clear(&err);
		ls_alloc_fail_after(n);
		int rc = ls_store_save(key, st, cat, &err);
		ls_alloc_fail_after(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, LS_ENOMEM);
		assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 0);
		assert_int_equal(sql_int(path, "SELECT count(*) FROM tables"), 0);
	}
	assert_true(n > 1);
	assert_true(n < 100000);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM snapshots"), 1);
	ls_catalog_free(cat);
	ls_store_close(st);
}

static void test_fault_injection_open(void **state)
{
	(void)state;
	char path[512];
	tmp_path(path, sizeof path, "fault_open.db");
	long n;
	for (n = 1; n < 1000; n++) {
		ls_store *st = NULL;
		ls_error err;
		ls_error_clear(&err);
		ls_alloc_fail_after(n);
		int rc = ls_store_open(&st, path, &err);
		ls_alloc_fail_after(0);
		if (rc == 0) {
			ls_store_close(st);
			break;
		}
		assert_int_equal(rc, LS_ENOMEM);
		assert_null(st);
	}
	assert_true(n > 1 && n < 1000);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	DIR *d = opendir(tmpdir);
	if (!d)
		return -1;
	struct dirent *e;
	char path[1024];
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			remove(tmp_path(path, sizeof path, e->d_name));
	closedir(d);
	return rmdir(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_save_twice_stores_once),
		cmocka_unit_test(test_queryable_with_plain_sql),
		cmocka_unit_test(test_fixtures_roundtrip),
		cmocka_unit_test(test_load_unknown_key),
		cmocka_unit_test(test_garbage_file),
		cmocka_unit_test(test_truncated_store),
		cmocka_unit_test(test_other_application),
		cmocka_unit_test(test_newer_store),
		cmocka_unit_test(test_upgrade_from_version_0),
		cmocka_unit_test(test_upgrade_from_version_1),
		cmocka_unit_test(test_two_connections),
		cmocka_unit_test(test_inconsistent_rows),
		cmocka_unit_test(test_damaged_bytes),
		cmocka_unit_test(test_fault_injection_load),
		cmocka_unit_test(test_fault_injection_save),
		cmocka_unit_test(test_fault_injection_open),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* A catalog with every field of the model set, for the store's tests
 * (full_catalog.h). */
#define _POSIX_C_SOURCE 200809L
#include "full_catalog.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>

#define PUSH(cat, arr, n) \
	ls_arena_push((cat)->arena, (void **)&(arr), &(n), sizeof *(arr))

const char *S(ls_catalog *cat, const char *s)
{
	const char *p = ls_arena_strdup(cat->arena, s);
	assert_true(!s || p);
	return p;
}

/* Append strings to a string list; NULL entries are kept (a list may hold
 * NULL), the list ends at the sentinel END. */
const char END[] = "<end>";

void strs(ls_catalog *cat, const char ***arr, size_t *n, ...)
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
	strs(cat, &t->options, &t->n_options, "autovacuum_enabled=false", "fillfactor=70", END);
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
	strs(cat, &x->options, &x->n_options, "", "fastupdate=off", END);
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
	strs(cat, &v->options, &v->n_options, "check_option=cascaded", "security_barrier=true", END);
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

ls_catalog *full_catalog_v3(void)
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
	/* the built-in grants a function and a type have unless revoked */
	for (size_t i = 0; i < cat->n_types; i++)
		grant(cat, &cat->types[i].grants, &cat->types[i].n_grants, "PUBLIC", "USAGE", false);
	grant(cat, &cat->functions[1].grants, &cat->functions[1].n_grants, "PUBLIC", "EXECUTE", false);
	return cat;
}

/* What store version 4 added to the model. */
static void add_v4(ls_catalog *cat)
{
	ls_type *t = &cat->types[0];
	grant(cat, &t->grants, &t->n_grants, "app", "USAGE", true);
	cat->types[1].n_grants = 0; /* REVOKE USAGE ... FROM PUBLIC */
	cat->types[2].attributes[0].comment = S(cat, "attr \xc3\xbc");
	cat->types[1].checks[1].comment = S(cat, "");
	cat->functions[0].grants[0].grantable = true;

	ls_trigger *g = &cat->tables[0].triggers[0];
	g->old_table = S(cat, "old rows");
	g = &cat->tables[0].triggers[1];
	g->new_table = S(cat, "");

	ls_view *v = &cat->views[0];
	v->column_comments = ls_arena_alloc(cat->arena, v->n_columns * sizeof *v->column_comments);
	assert_non_null(v->column_comments);
	v->column_comments[0] = NULL;
	v->column_comments[1] = S(cat, "col 'q'");
	v = &cat->views[1];
	g = PUSH(cat, v->triggers, v->n_triggers);
	assert_non_null(g);
	g->name = S(cat, "v_instead");
	g->timing = S(cat, "INSTEAD OF");
	g->events = S(cat, "UPDATE");
	g->for_each_row = true;
	g->function = S(cat, "public.f");
	strs(cat, &g->args, &g->n_args, "a", (const char *)NULL, END);
	g->enabled = 'O';
	g->comment = S(cat, "on a view");
	g->new_table = S(cat, "n");
	g = PUSH(cat, v->triggers, v->n_triggers);
	assert_non_null(g);
	g->name = S(cat, "v_stmt");
	g->timing = S(cat, "AFTER");
	g->events = S(cat, "INSERT OR DELETE");
	g->when = S(cat, "true");
	g->function = S(cat, "public.g");
	g->constraint_trigger = true;
	g->deferrable = true;
	g->deferred = true;
	g->enabled = 'R';

	ls_default_acl *d = PUSH(cat, cat->default_acls, cat->n_default_acls);
	assert_non_null(d);
	d->kind = LS_DEFACL_FUNCTIONS; /* REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC */
	d = PUSH(cat, cat->default_acls, cat->n_default_acls);
	assert_non_null(d);
	d->role = S(cat, "r\xc3\xb4le");
	d->schema = S(cat, "Fancy \"Schema\" \xc3\xbc'");
	d->kind = LS_DEFACL_TABLES;
	grant(cat, &d->grants, &d->n_grants, "app", "SELECT", true);
	grant(cat, &d->grants, &d->n_grants, "PUBLIC", "INSERT", false);
}

/* What version 6 added: owners with a name (NULL, the starting role,
 * elsewhere). */
static void add_v5(ls_catalog *cat)
{
	cat->schemas[1].owner = S(cat, "r\xc3\xb4le \"q\"");
	cat->types[0].owner = S(cat, "app");
	cat->sequences[1].owner = S(cat, "app");
	cat->tables[0].owner = S(cat, "");
	cat->views[1].owner = S(cat, "app");
	cat->functions[0].owner = S(cat, "app");
}

ls_catalog *full_catalog(void)
{
	ls_catalog *cat = full_catalog_v3();
	add_v4(cat);
	add_v5(cat);
	return cat;
}


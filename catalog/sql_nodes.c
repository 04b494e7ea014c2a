/* The nodes of the schema script: one per statement group, with the sort
 * key and the model object it writes (sql.h). Dependencies are sql_deps.c's.
 */
#define _POSIX_C_SOURCE 200809L
#include "sql.h"

#include <string.h>

#include "lockstep/str.h"
#include <strings.h>

size_t sql_add_node(sql_ctx *cx, sql_kind kind, const char *schema,
		const char *name, const char *sub, const void *obj)
{
	sql_node *n = ls_arena_push(cx->a, (void **)&cx->nodes, &cx->n_nodes, sizeof *n);
	if (!n)
		return SQL_NONE;
	n->kind = kind;
	n->schema = schema ? schema : "";
	n->name = name;
	n->sub = sub ? sub : "";
	n->obj = obj;
	n->item = SQL_NONE;
	n->target_node = SQL_NONE;
	n->first_child = SQL_NONE;
	return cx->n_nodes - 1;
}

/* A COMMENT or GRANT node for the object of node target. */
static size_t add_meta(sql_ctx *cx, sql_kind kind, sql_kind target_kind,
		const char *schema, const char *name, const char *sub, const void *obj,
		size_t target)
{
	size_t i = sql_add_node(cx, kind, schema, name, sub, obj);
	if (i != SQL_NONE) {
		cx->nodes[i].target = target_kind;
		cx->nodes[i].target_node = target;
	}
	return i;
}

/* Whether the grants differ from what the server gives on its own:
 * `def_grantee def_priv` (not grantable), or nothing when def_priv is NULL. */
static bool grants_differ(const ls_grant *g, size_t n, const char *def_priv)
{
	if (!def_priv)
		return n > 0;
	return n != 1 || !ls_same(g[0].grantee, "PUBLIC") || !ls_same(g[0].privilege, def_priv) ||
		g[0].grantable;
}

sql_kind sql_function_kind(const ls_function *f)
{
	if (!f->language || strcmp(f->language, "sql") != 0 || !f->body)
		return SK_FUNCTION;
	const char *p = f->body;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (strncasecmp(p, "BEGIN ATOMIC", 12) == 0 ||
			(strncasecmp(p, "RETURN", 6) == 0 && (p[6] == ' ' || p[6] == '(' || p[6] == '\n')))
		return SK_LATE_FUNCTION;
	return SK_FUNCTION;
}

const ls_sequence *sql_identity_sequence(const sql_ctx *cx, const ls_table *t,
		const char *col)
{
	const ls_keymap *m = &cx->by_owner_seq;
	uint64_t h = ls_key_hash(t->schema, t->name, NULL);
	for (size_t k = ls_keymap_first(m, h); k < m->n && m->e[k].hash == h; k++) {
		const ls_sequence *s = &cx->cat->sequences[m->e[k].pos];
		if (s->identity && ls_same(s->schema, t->schema) && ls_same(s->owned_table, t->name) &&
				ls_same(s->owned_column, col))
			return s;
	}
	return NULL;
}

const ls_index *sql_backing_index(const sql_ctx *cx, const ls_table *t, const char *name)
{
	const ls_keymap *m = &cx->by_table_ix;
	uint64_t h = ls_key_hash(t->schema, t->name, NULL);
	for (size_t k = ls_keymap_first(m, h); k < m->n && m->e[k].hash == h; k++) {
		const ls_index *x = &cx->cat->indexes[m->e[k].pos];
		if (ls_same(x->schema, t->schema) && ls_same(x->table, t->name) &&
				ls_same(x->constraint, name))
			return x;
	}
	return NULL;
}

/* A keymap of n entries in the scratch arena; false when out of memory. */
static bool keymap_new(sql_ctx *cx, ls_keymap *m, size_t n)
{
	m->n = 0;
	m->e = ls_arena_alloc(cx->a, (n + 1) * sizeof *m->e);
	return m->e != NULL;
}

/* The catalog's indexes by table and identity sequences by owner. */
static int map_catalog(sql_ctx *cx)
{
	ls_catalog *cat = cx->cat;
	if (!keymap_new(cx, &cx->by_table_ix, cat->n_indexes) ||
			!keymap_new(cx, &cx->by_owner_seq, cat->n_sequences))
		return LS_ENOMEM;
	for (size_t i = 0; i < cat->n_indexes; i++)
		cx->by_table_ix.e[cx->by_table_ix.n++] = (ls_keymap_entry){
			ls_key_hash(cat->indexes[i].schema, cat->indexes[i].table, NULL), i};
	for (size_t i = 0; i < cat->n_sequences; i++)
		if (cat->sequences[i].identity)
			cx->by_owner_seq.e[cx->by_owner_seq.n++] = (ls_keymap_entry){
				ls_key_hash(cat->sequences[i].schema, cat->sequences[i].owned_table, NULL), i};
	ls_keymap_sort(&cx->by_table_ix);
	ls_keymap_sort(&cx->by_owner_seq);
	return 0;
}

/* The SK_TABLE nodes by (schema, name), once the tables are collected. */
static int map_table_nodes(sql_ctx *cx)
{
	if (!keymap_new(cx, &cx->table_nodes, cx->n_nodes))
		return LS_ENOMEM;
	for (size_t i = 0; i < cx->n_nodes; i++)
		if (cx->nodes[i].kind == SK_TABLE) {
			const ls_table *t = cx->nodes[i].obj;
			cx->table_nodes.e[cx->table_nodes.n++] = (ls_keymap_entry){
				ls_key_hash(t->schema, t->name, NULL), i};
		}
	ls_keymap_sort(&cx->table_nodes);
	return 0;
}

/* Keys and indexes of partitions go before those of their partitioned
 * tables, deepest level first: an index created on a partitioned table
 * builds (and names) one on every partition, which must not take the name
 * of an index the partition has of its own. Regular tables rank 0. */
static int key_rank(ls_catalog *cat, const ls_table *t)
{
	if (!t || t->kind != LS_TABLE_PARTITIONED)
		return 0;
	int depth = 0;
	const ls_table *p = t;
	while (p && p->parent_table && depth < 100) {
		p = ls_catalog_find_table(cat, p->parent_schema, p->parent_table);
		depth++;
	}
	return 100 - depth;
}

/* CREATE SCHEMA for every schema but public, and the comments and grants
 * that differ from a new schema's (public's: from what createdb gives). */
static int collect_schemas(sql_ctx *cx)
{
	ls_catalog *cat = cx->cat;
	bool has_public = false;
	for (size_t i = 0; i < cat->n_schemas; i++) {
		const ls_schema *s = &cat->schemas[i];
		bool pub = ls_same(s->name, "public");
		size_t node = SQL_NONE;
		has_public = has_public || pub;
		if (!pub && (node = sql_add_node(cx, SK_SCHEMA, "", s->name, NULL, s)) == SQL_NONE)
			return LS_ENOMEM;
		/* public comes with createdb: only what differs is written. */
		bool comment = pub ? !ls_same(s->comment, "standard public schema") : s->comment != NULL;
		bool grants = grants_differ(s->grants, s->n_grants, pub ? "USAGE" : NULL);
		if (comment && add_meta(cx, SK_COMMENT, SK_SCHEMA, "", s->name, NULL, s, node) == SQL_NONE)
			return LS_ENOMEM;
		if (grants && add_meta(cx, SK_GRANT, SK_SCHEMA, "", s->name, NULL, s, node) == SQL_NONE)
			return LS_ENOMEM;
	}
	/* A catalog without public: the script drops the one createdb made. */
	if (!has_public && sql_add_node(cx, SK_SCHEMA, "", "public", NULL, NULL) == SQL_NONE)
		return LS_ENOMEM;
	return 0;
}

/* Any comment on the type, its attributes or its checks. */
static bool type_has_comment(const ls_type *t)
{
	bool any = t->comment != NULL;
	for (size_t j = 0; j < t->n_attributes; j++)
		any = any || t->attributes[j].comment;
	for (size_t j = 0; j < t->n_checks; j++)
		any = any || t->checks[j].comment;
	return any;
}

/* Extensions, collations and types, with their comments and grants. */
static int collect_types(sql_ctx *cx)
{
	ls_catalog *cat = cx->cat;
	for (size_t i = 0; i < cat->n_extensions; i++) {
		const ls_extension *e = &cat->extensions[i];
		size_t n = sql_add_node(cx, SK_EXTENSION, "", e->name, NULL, e);
		if (n == SQL_NONE || (e->comment &&
				add_meta(cx, SK_COMMENT, SK_EXTENSION, "", e->name, NULL, e, n) == SQL_NONE))
			return LS_ENOMEM;
	}
	for (size_t i = 0; i < cat->n_collations; i++) {
		const ls_collation *c = &cat->collations[i];
		size_t n = sql_add_node(cx, SK_COLLATION, c->schema, c->name, NULL, c);
		if (n == SQL_NONE || (c->comment &&
				add_meta(cx, SK_COMMENT, SK_COLLATION, c->schema, c->name, NULL, c, n) == SQL_NONE))
			return LS_ENOMEM;
	}
	for (size_t i = 0; i < cat->n_types; i++) {
		const ls_type *t = &cat->types[i];
		sql_kind k = t->kind == LS_TYPE_ENUM ? SK_ENUM :
			t->kind == LS_TYPE_DOMAIN ? SK_DOMAIN : SK_COMPOSITE;
		size_t n = sql_add_node(cx, k, t->schema, t->name, NULL, t);
		if (n == SQL_NONE || (type_has_comment(t) &&
				add_meta(cx, SK_COMMENT, k, t->schema, t->name, NULL, t, n) == SQL_NONE))
			return LS_ENOMEM;
		/* USAGE to PUBLIC is the server's default for a new type. */
		if (grants_differ(t->grants, t->n_grants, "USAGE") &&
				add_meta(cx, SK_GRANT, k, t->schema, t->name, NULL, t, n) == SQL_NONE)
			return LS_ENOMEM;
	}
	return 0;
}

/* The node a sequence's comment and grants follow: its own, or for an
 * identity sequence the table that creates it. */
static size_t sequence_home(sql_ctx *cx, const ls_sequence *s, size_t own)
{
	if (!s->identity)
		return own;
	const ls_keymap *m = &cx->table_nodes;
	uint64_t h = ls_key_hash(s->schema, s->owned_table, NULL);
	for (size_t k = ls_keymap_first(m, h); k < m->n && m->e[k].hash == h; k++) {
		const ls_table *t = cx->nodes[m->e[k].pos].obj;
		if (ls_same(t->schema, s->schema) && ls_same(t->name, s->owned_table))
			return m->e[k].pos;
	}
	return SQL_NONE;
}

/* Sequences (collected after the tables: an identity sequence has no node
 * of its own, its comment and grants follow its table), OWNED BY. */
static int collect_sequences(sql_ctx *cx)
{
	ls_catalog *cat = cx->cat;
	for (size_t i = 0; i < cat->n_sequences; i++) {
		const ls_sequence *s = &cat->sequences[i];
		size_t n = SQL_NONE;
		if (!s->identity) {
			n = sql_add_node(cx, SK_SEQUENCE, s->schema, s->name, NULL, s);
			if (n == SQL_NONE)
				return LS_ENOMEM;
			if (s->owned_table && add_meta(cx, SK_OWNED_BY, SK_SEQUENCE, s->schema, s->name,
					NULL, s, n) == SQL_NONE)
				return LS_ENOMEM;
		}
		size_t home = sequence_home(cx, s, n);
		if (s->comment && add_meta(cx, SK_COMMENT, SK_SEQUENCE, s->schema, s->name, NULL,
				s, home) == SQL_NONE)
			return LS_ENOMEM;
		if (s->n_grants && add_meta(cx, SK_GRANT, SK_SEQUENCE, s->schema, s->name, NULL,
				s, home) == SQL_NONE)
			return LS_ENOMEM;
	}
	return 0;
}

/* Functions and procedures, their comments, and their grants when they
 * differ from the default (EXECUTE to PUBLIC). */
static int collect_functions(sql_ctx *cx)
{
	ls_catalog *cat = cx->cat;
	for (size_t i = 0; i < cat->n_functions; i++) {
		const ls_function *f = &cat->functions[i];
		sql_kind k = sql_function_kind(f);
		size_t n = sql_add_node(cx, k, f->schema, f->name, f->identity_args, f);
		if (n == SQL_NONE)
			return LS_ENOMEM;
		if (f->comment && add_meta(cx, SK_COMMENT, k, f->schema, f->name, f->identity_args,
				f, n) == SQL_NONE)
			return LS_ENOMEM;
		/* EXECUTE to PUBLIC is the server's default for a new function. */
		if (grants_differ(f->grants, f->n_grants, "EXECUTE") &&
				add_meta(cx, SK_GRANT, k, f->schema, f->name, f->identity_args, f, n) == SQL_NONE)
			return LS_ENOMEM;
	}
	return 0;
}

/* The nodes of a table's constraints, triggers and policies, created right
 * after the table's node so the table knows their range. */
static int collect_table_children(sql_ctx *cx, const ls_table *t)
{
	for (size_t j = 0; j < t->n_constraints; j++) {
		const ls_constraint *k = &t->constraints[j];
		sql_kind kind = k->type == 'f' ? SK_FOREIGN_KEY : k->type == 'c' ? SK_CHECK : SK_KEY;
		if (kind == SK_CHECK && k->valid && !cx->scatter)
			continue; /* inline in CREATE TABLE */
		if (kind == SK_CHECK && k->inherited_only)
			continue; /* the parent's, which the child gets from it */
		size_t n = sql_add_node(cx, kind, t->schema, t->name, k->name, k);
		if (n == SQL_NONE)
			return LS_ENOMEM;
		cx->nodes[n].table = t;
		cx->nodes[n].item = j;
		cx->nodes[n].rank = kind == SK_KEY ? key_rank(cx->cat, t) : 0;
	}
	for (size_t j = 0; j < t->n_triggers + t->n_policies; j++) {
		bool trg = j < t->n_triggers;
		const char *name = trg ? t->triggers[j].name : t->policies[j - t->n_triggers].name;
		size_t n = sql_add_node(cx, trg ? SK_TRIGGER : SK_POLICY, t->schema, t->name, name, NULL);
		if (n == SQL_NONE)
			return LS_ENOMEM;
		cx->nodes[n].table = t;
		cx->nodes[n].item = trg ? j : j - t->n_triggers;
	}
	if (t->rls_enabled || t->rls_forced) {
		size_t n = sql_add_node(cx, SK_RLS, t->schema, t->name, NULL, t);
		if (n == SQL_NONE)
			return LS_ENOMEM;
		cx->nodes[n].table = t;
	}
	return 0;
}

/* Any comment on the table or on one of its parts. */
static bool table_has_comment(const ls_table *t)
{
	bool any = t->comment != NULL;
	for (size_t j = 0; j < t->n_columns; j++)
		any = any || t->columns[j].comment;
	for (size_t j = 0; j < t->n_constraints; j++)
		any = any || t->constraints[j].comment;
	for (size_t j = 0; j < t->n_triggers; j++)
		any = any || t->triggers[j].comment;
	for (size_t j = 0; j < t->n_policies; j++)
		any = any || t->policies[j].comment;
	return any;
}

static bool table_has_grant(const ls_table *t)
{
	bool any = t->n_grants > 0;
	for (size_t j = 0; j < t->n_columns; j++)
		any = any || t->columns[j].n_grants;
	return any;
}

/* Tables, their parts, and one COMMENT and one GRANT node covering the
 * table and its parts. */
static int collect_tables(sql_ctx *cx)
{
	ls_catalog *cat = cx->cat;
	for (size_t i = 0; i < cat->n_tables; i++) {
		const ls_table *t = &cat->tables[i];
		size_t n = sql_add_node(cx, SK_TABLE, t->schema, t->name, NULL, t);
		if (n == SQL_NONE)
			return LS_ENOMEM;
		cx->nodes[n].table = t;
		if (collect_table_children(cx, t) < 0)
			return LS_ENOMEM;
		cx->nodes[n].first_child = n + 1;
		cx->nodes[n].n_children = cx->n_nodes - n - 1;
		if (table_has_comment(t) &&
				add_meta(cx, SK_COMMENT, SK_TABLE, t->schema, t->name, NULL, t, n) == SQL_NONE)
			return LS_ENOMEM;
		if (table_has_grant(t) &&
				add_meta(cx, SK_GRANT, SK_TABLE, t->schema, t->name, NULL, t, n) == SQL_NONE)
			return LS_ENOMEM;
	}
	return 0;
}

/* The node of the constraint an index backs (its table's child: key
 * nodes are only ever children of their table's node). */
static size_t constraint_node(const sql_ctx *cx, const ls_index *x)
{
	const ls_keymap *m = &cx->table_nodes;
	uint64_t h = ls_key_hash(x->schema, x->table, NULL);
	for (size_t k = ls_keymap_first(m, h); k < m->n && m->e[k].hash == h; k++) {
		const sql_node *t = &cx->nodes[m->e[k].pos];
		for (size_t i = t->first_child; i < t->first_child + t->n_children; i++) {
			const sql_node *n = &cx->nodes[i];
			if (n->kind == SK_KEY && ls_same(n->table->schema, x->schema) &&
					ls_same(n->table->name, x->table) && ls_same(n->sub, x->constraint))
				return i;
		}
	}
	return SQL_NONE;
}

/* Any comment on the view, its columns or its triggers. */
static bool view_has_comment(const ls_view *v)
{
	bool any = v->comment != NULL;
	for (size_t j = 0; v->column_comments && j < v->n_columns; j++)
		any = any || v->column_comments[j];
	for (size_t j = 0; j < v->n_triggers; j++)
		any = any || v->triggers[j].comment;
	return any;
}

/* Indexes (those backing a constraint are written with it; their comment
 * follows the constraint), views and materialized views. */
static int collect_relations(sql_ctx *cx)
{
	ls_catalog *cat = cx->cat;
	for (size_t i = 0; i < cat->n_indexes; i++) {
		const ls_index *x = &cat->indexes[i];
		if (x->parent_index)
			continue; /* made by its parent's index */
		size_t n = x->constraint ? constraint_node(cx, x) :
			sql_add_node(cx, SK_INDEX, x->schema, x->name, NULL, x);
		if (!x->constraint && n == SQL_NONE)
			return LS_ENOMEM;
		if (!x->constraint)
			cx->nodes[n].rank = key_rank(cat, ls_catalog_find_table(cat, x->schema, x->table));
		if (x->comment && add_meta(cx, SK_COMMENT, SK_INDEX, x->schema, x->name, NULL,
				x, n) == SQL_NONE)
			return LS_ENOMEM;
	}
	for (size_t i = 0; i < cat->n_views; i++) {
		const ls_view *v = &cat->views[i];
		sql_kind k = v->materialized ? SK_MATVIEW : SK_VIEW;
		size_t n = sql_add_node(cx, k, v->schema, v->name, NULL, v);
		if (n == SQL_NONE)
			return LS_ENOMEM;
		/* its triggers: nodes without a table, obj the view */
		for (size_t j = 0; j < v->n_triggers; j++) {
			size_t g = sql_add_node(cx, SK_TRIGGER, v->schema, v->name, v->triggers[j].name, v);
			if (g == SQL_NONE)
				return LS_ENOMEM;
			cx->nodes[g].item = j;
		}
		cx->nodes[n].first_child = n + 1;
		cx->nodes[n].n_children = v->n_triggers;
		if (view_has_comment(v) &&
				add_meta(cx, SK_COMMENT, k, v->schema, v->name, NULL, v, n) == SQL_NONE)
			return LS_ENOMEM;
		if (v->n_grants && add_meta(cx, SK_GRANT, k, v->schema, v->name, NULL, v, n) == SQL_NONE)
			return LS_ENOMEM;
	}
	return 0;
}

/* Default privileges: one node per entry, keyed by (schema or "", role or
 * "", kind letter). */
static int collect_default_acls(sql_ctx *cx)
{
	ls_catalog *cat = cx->cat;
	for (size_t i = 0; i < cat->n_default_acls; i++) {
		const ls_default_acl *d = &cat->default_acls[i];
		const char *sub = ls_arena_printf(cx->a, "%c", (char)d->kind);
		if (!sub || sql_add_node(cx, SK_DEFAULT_ACL, d->schema, d->role ? d->role : "", sub,
				d) == SQL_NONE)
			return LS_ENOMEM;
	}
	return 0;
}

int sql_collect(sql_ctx *cx)
{
	int rc = map_catalog(cx);
	if (rc == 0)
		rc = collect_schemas(cx);
	if (rc == 0)
		rc = collect_types(cx);
	if (rc == 0)
		rc = collect_functions(cx);
	if (rc == 0)
		rc = collect_tables(cx);
	if (rc == 0)
		rc = map_table_nodes(cx);
	if (rc == 0)
		rc = collect_sequences(cx);
	if (rc == 0)
		rc = collect_relations(cx);
	if (rc == 0)
		rc = collect_default_acls(cx);
	return rc;
}

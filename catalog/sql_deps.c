/* The nodes of the schema script and what each needs first.
 *
 * Dependencies come from the model: a partition needs its parent, an index
 * its table, a view the relations it reads (ls_view.depends), a trigger its
 * function. Types and expressions are canonical text with every user name
 * qualified, so the names they mention are found by scanning the text for
 * qualified names (skipping string literals) and looking them up: a column
 * of type public.mood needs that type, a DEFAULT calling public.f() needs
 * that function.
 */
#define _POSIX_C_SOURCE 200809L
#include "sql.h"
#include "build.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- nodes --- */

/* Append a node; its index, or SQL_NONE when out of memory. */
static size_t add_node(sql_ctx *cx, sql_kind kind, const char *schema,
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
	size_t i = add_node(cx, kind, schema, name, sub, obj);
	if (i != SQL_NONE) {
		cx->nodes[i].target = target_kind;
		cx->nodes[i].target_node = target;
	}
	return i;
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* Whether the grants differ from what the server gives on its own:
 * `def_grantee def_priv` (not grantable), or nothing when def_priv is NULL. */
static bool grants_differ(const ls_grant *g, size_t n, const char *def_priv)
{
	if (!def_priv)
		return n > 0;
	return n != 1 || !same(g[0].grantee, "PUBLIC") || !same(g[0].privilege, def_priv) ||
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

const ls_sequence *sql_identity_sequence(const ls_catalog *cat, const ls_table *t,
		const char *col)
{
	for (size_t i = 0; i < cat->n_sequences; i++) {
		const ls_sequence *s = &cat->sequences[i];
		if (s->identity && same(s->schema, t->schema) && same(s->owned_table, t->name) &&
				same(s->owned_column, col))
			return s;
	}
	return NULL;
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

static int collect_schemas(sql_ctx *cx)
{
	ls_catalog *cat = cx->cat;
	bool has_public = false;
	for (size_t i = 0; i < cat->n_schemas; i++) {
		const ls_schema *s = &cat->schemas[i];
		bool pub = same(s->name, "public");
		size_t node = SQL_NONE;
		has_public = has_public || pub;
		if (!pub && (node = add_node(cx, SK_SCHEMA, "", s->name, NULL, s)) == SQL_NONE)
			return LS_ENOMEM;
		/* public comes with createdb: only what differs is written. */
		bool comment = pub ? !same(s->comment, "standard public schema") : s->comment != NULL;
		bool grants = grants_differ(s->grants, s->n_grants, pub ? "USAGE" : NULL);
		if (comment && add_meta(cx, SK_COMMENT, SK_SCHEMA, "", s->name, NULL, s, node) == SQL_NONE)
			return LS_ENOMEM;
		if (grants && add_meta(cx, SK_GRANT, SK_SCHEMA, "", s->name, NULL, s, node) == SQL_NONE)
			return LS_ENOMEM;
	}
	/* A catalog without public: the script drops the one createdb made. */
	if (!has_public && add_node(cx, SK_SCHEMA, "", "public", NULL, NULL) == SQL_NONE)
		return LS_ENOMEM;
	return 0;
}

static int collect_types(sql_ctx *cx)
{
	ls_catalog *cat = cx->cat;
	for (size_t i = 0; i < cat->n_extensions; i++) {
		const ls_extension *e = &cat->extensions[i];
		size_t n = add_node(cx, SK_EXTENSION, "", e->name, NULL, e);
		if (n == SQL_NONE || (e->comment &&
				add_meta(cx, SK_COMMENT, SK_EXTENSION, "", e->name, NULL, e, n) == SQL_NONE))
			return LS_ENOMEM;
	}
	for (size_t i = 0; i < cat->n_types; i++) {
		const ls_type *t = &cat->types[i];
		sql_kind k = t->kind == LS_TYPE_ENUM ? SK_ENUM :
			t->kind == LS_TYPE_DOMAIN ? SK_DOMAIN : SK_COMPOSITE;
		size_t n = add_node(cx, k, t->schema, t->name, NULL, t);
		if (n == SQL_NONE || (t->comment &&
				add_meta(cx, SK_COMMENT, k, t->schema, t->name, NULL, t, n) == SQL_NONE))
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
	for (size_t i = 0; i < cx->n_nodes; i++)
		if (cx->nodes[i].kind == SK_TABLE) {
			const ls_table *t = cx->nodes[i].obj;
			if (same(t->schema, s->schema) && same(t->name, s->owned_table))
				return i;
		}
	return SQL_NONE;
}

/* Sequences after tables: an identity sequence's comment follows its table. */
static int collect_sequences(sql_ctx *cx)
{
	ls_catalog *cat = cx->cat;
	for (size_t i = 0; i < cat->n_sequences; i++) {
		const ls_sequence *s = &cat->sequences[i];
		size_t n = SQL_NONE;
		if (!s->identity) {
			n = add_node(cx, SK_SEQUENCE, s->schema, s->name, NULL, s);
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

static int collect_functions(sql_ctx *cx)
{
	ls_catalog *cat = cx->cat;
	for (size_t i = 0; i < cat->n_functions; i++) {
		const ls_function *f = &cat->functions[i];
		sql_kind k = sql_function_kind(f);
		size_t n = add_node(cx, k, f->schema, f->name, f->identity_args, f);
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
		if (kind == SK_CHECK && k->valid)
			continue; /* inline in CREATE TABLE */
		size_t n = add_node(cx, kind, t->schema, t->name, k->name, k);
		if (n == SQL_NONE)
			return LS_ENOMEM;
		cx->nodes[n].table = t;
		cx->nodes[n].item = j;
		cx->nodes[n].rank = kind == SK_KEY ? key_rank(cx->cat, t) : 0;
	}
	for (size_t j = 0; j < t->n_triggers + t->n_policies; j++) {
		bool trg = j < t->n_triggers;
		const char *name = trg ? t->triggers[j].name : t->policies[j - t->n_triggers].name;
		size_t n = add_node(cx, trg ? SK_TRIGGER : SK_POLICY, t->schema, t->name, name, NULL);
		if (n == SQL_NONE)
			return LS_ENOMEM;
		cx->nodes[n].table = t;
		cx->nodes[n].item = trg ? j : j - t->n_triggers;
	}
	if (t->rls_enabled || t->rls_forced) {
		size_t n = add_node(cx, SK_RLS, t->schema, t->name, NULL, t);
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

static int collect_tables(sql_ctx *cx)
{
	ls_catalog *cat = cx->cat;
	for (size_t i = 0; i < cat->n_tables; i++) {
		const ls_table *t = &cat->tables[i];
		size_t n = add_node(cx, SK_TABLE, t->schema, t->name, NULL, t);
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

/* The node of the constraint an index backs (its table's child). */
static size_t constraint_node(const sql_ctx *cx, const ls_index *x)
{
	for (size_t i = 0; i < cx->n_nodes; i++) {
		const sql_node *n = &cx->nodes[i];
		if (n->kind == SK_KEY && same(n->table->schema, x->schema) &&
				same(n->table->name, x->table) && same(n->sub, x->constraint))
			return i;
	}
	return SQL_NONE;
}

static int collect_relations(sql_ctx *cx)
{
	ls_catalog *cat = cx->cat;
	for (size_t i = 0; i < cat->n_indexes; i++) {
		const ls_index *x = &cat->indexes[i];
		size_t n = x->constraint ? constraint_node(cx, x) :
			add_node(cx, SK_INDEX, x->schema, x->name, NULL, x);
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
		size_t n = add_node(cx, k, v->schema, v->name, NULL, v);
		if (n == SQL_NONE)
			return LS_ENOMEM;
		if (v->comment && add_meta(cx, SK_COMMENT, k, v->schema, v->name, NULL, v, n) == SQL_NONE)
			return LS_ENOMEM;
		if (v->n_grants && add_meta(cx, SK_GRANT, k, v->schema, v->name, NULL, v, n) == SQL_NONE)
			return LS_ENOMEM;
	}
	return 0;
}

int sql_collect(sql_ctx *cx)
{
	int rc = collect_schemas(cx);
	if (rc == 0)
		rc = collect_types(cx);
	if (rc == 0)
		rc = collect_functions(cx);
	if (rc == 0)
		rc = collect_tables(cx);
	if (rc == 0)
		rc = collect_sequences(cx);
	if (rc == 0)
		rc = collect_relations(cx);
	return rc;
}

/* --- the name map --- */

static int add_name(sql_ctx *cx, char ns, const char *text, size_t node)
{
	sql_name *e = ls_arena_push(cx->a, (void **)&cx->names, &cx->n_names, sizeof *e);
	if (!e || !text)
		return LS_ENOMEM;
	e->key = ls_arena_printf(cx->a, "%c%s", ns, text);
	e->node = node;
	return e->key ? 0 : LS_ENOMEM;
}

/* Quoted ("q") and raw ("r") keys of a relation or type. */
static int add_relation_names(sql_ctx *cx, const char *schema, const char *name,
		size_t node, bool raw)
{
	int rc = add_name(cx, 'q', ls_qualify(cx->a, schema, name), node);
	if (rc == 0 && raw)
		rc = add_name(cx, 'r', ls_arena_printf(cx->a, "%s.%s", schema, name), node);
	return rc;
}

static int cmp_name(const void *pa, const void *pb)
{
	const sql_name *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->node > b->node) - (a->node < b->node);
}

static int build_names(sql_ctx *cx)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < cx->n_nodes; i++) {
		const sql_node *n = &cx->nodes[i];
		switch (n->kind) {
		case SK_SCHEMA:
			rc = add_name(cx, 's', n->name, i);
			break;
		case SK_ENUM:
		case SK_COMPOSITE:
		case SK_DOMAIN:
			rc = add_relation_names(cx, n->schema, n->name, i, false);
			break;
		case SK_TABLE:
		case SK_VIEW:
		case SK_MATVIEW:
			rc = add_relation_names(cx, n->schema, n->name, i, true);
			break;
		case SK_FUNCTION:
		case SK_LATE_FUNCTION:
			rc = add_name(cx, 'f', ls_qualify(cx->a, n->schema, n->name), i);
			break;
		default:
			break;
		}
	}
	if (rc == 0 && cx->n_names > 1)
		qsort(cx->names, cx->n_names, sizeof *cx->names, cmp_name);
	return rc;
}

/* Index of the first map entry with this key, or n_names (also for a
 * NULL key, an allocation that failed: the arena remembers it). */
static size_t find_name(const sql_ctx *cx, const char *key)
{
	size_t lo = 0, hi = key ? cx->n_names : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(cx->names[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return key && lo < cx->n_names && strcmp(cx->names[lo].key, key) == 0 ? lo : cx->n_names;
}

/* --- dependencies --- */

static int add_dep(sql_ctx *cx, size_t i, size_t dep)
{
	if (dep == SQL_NONE || dep == i)
		return 0;
	sql_node *n = &cx->nodes[i];
	for (size_t j = 0; j < n->n_deps; j++)
		if (n->deps[j] == dep)
			return 0;
	size_t *slot = ls_arena_push(cx->a, (void **)&n->deps, &n->n_deps, sizeof *slot);
	if (!slot)
		return LS_ENOMEM;
	*slot = dep;
	return 0;
}

/* Depend on every node the key names (i == SQL_NONE: only count them).
 * Returns the count, or LS_ENOMEM. */
static int dep_on_key(sql_ctx *cx, size_t i, const char *key)
{
	int found = 0;
	for (size_t k = find_name(cx, key); k < cx->n_names && !strcmp(cx->names[k].key, key); k++) {
		if (i != SQL_NONE && add_dep(cx, i, cx->names[k].node) < 0)
			return LS_ENOMEM;
		found++;
	}
	return found;
}

static int dep_on(sql_ctx *cx, size_t i, char ns, const char *text, size_t len)
{
	char key[512];
	if (!text || len + 2 > sizeof key)
		return 0;
	key[0] = ns;
	memcpy(key + 1, text, len);
	key[len + 1] = '\0';
	return dep_on_key(cx, i, key);
}

/* A type as a column or attribute spells it: "public.mood[]" needs the
 * type (or the table whose row type it is) public.mood. */
static int dep_on_type(sql_ctx *cx, size_t i, const char *type)
{
	if (!type)
		return 0;
	size_t len = strlen(type);
	while (len >= 2 && type[len - 2] == '[' && type[len - 1] == ']')
		len -= 2;
	return dep_on(cx, i, 'q', type, len);
}

static bool ident_start(unsigned char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static bool ident_char(unsigned char c)
{
	return ident_start(c) || c == '$' || (c >= '0' && c <= '9');
}

/* Length of the identifier at p (bare or "quoted"), 0 if none. */
static size_t ident_len(const char *p)
{
	if (*p == '"') {
		const char *q = p + 1;
		while (*q && !(q[0] == '"' && q[1] != '"'))
			q += q[0] == '"' ? 2 : 1;
		return *q ? (size_t)(q - p) + 1 : 0;
	}
	const char *q = p;
	if (!ident_start((unsigned char)*q))
		return 0;
	while (ident_char((unsigned char)*q))
		q++;
	return (size_t)(q - p);
}

/* Skip a string literal, dollar-quoted string or positional parameter at
 * p; returns where scanning resumes (p itself when there is none). */
static const char *skip_quoted(const char *p, const char *start)
{
	if (*p == '\'') {
		bool esc = p > start && (p[-1] == 'E' || p[-1] == 'e');
		for (p++; *p; p++) {
			if (esc && *p == '\\' && p[1])
				p++;
			else if (*p == '\'' && p[1] == '\'')
				p++;
			else if (*p == '\'')
				return p + 1;
		}
		return p;
	}
	if (*p == '$') {
		const char *q = p + 1;
		while (ident_char((unsigned char)*q) && *q != '$')
			q++;
		if (*q != '$')
			return q;
		size_t tag = (size_t)(q - p) + 1;
		const char *end;
		for (end = q + 1; *end && strncmp(end, p, tag) != 0; end++)
			;
		return *end ? end + tag : end;
	}
	return p;
}

/* Scan canonical SQL text for qualified names (a.b, a.b.c) and depend on
 * what they name: a function when "(" follows, else a relation or type (a
 * three-part name also as its first two parts, schema.table.column).
 * Returns how many references were found, or LS_ENOMEM. */
static int scan_refs(sql_ctx *cx, size_t i, const char *text)
{
	int found = 0;
	for (const char *p = text; p && *p;) {
		const char *q = skip_quoted(p, text);
		if (q != p) {
			p = q;
			continue;
		}
		size_t l = ident_len(p);
		if (l == 0) {
			p++;
			continue;
		}
		size_t parts = 1, first_two = 0, len = l;
		while (p[len] == '.' && (l = ident_len(p + len + 1)) > 0) {
			len += 1 + l;
			if (++parts == 2)
				first_two = len;
		}
		int rc = 0;
		if (parts >= 2 && p[len] == '(')
			rc = dep_on(cx, i, 'f', p, len);
		else if (parts >= 2 && (rc = dep_on(cx, i, 'q', p, len)) == 0 && parts > 2)
			rc = dep_on(cx, i, 'q', p, first_two);
		if (rc < 0)
			return rc;
		found += rc;
		p += len;
	}
	return found;
}

static size_t schema_node(sql_ctx *cx, const char *schema)
{
	size_t k = find_name(cx, ls_arena_printf(cx->a, "s%s", schema ? schema : ""));
	return k < cx->n_names ? cx->names[k].node : SQL_NONE;
}

static size_t relation_node(sql_ctx *cx, const char *schema, const char *name)
{
	size_t k = find_name(cx, ls_arena_printf(cx->a, "r%s.%s", schema, name));
	return k < cx->n_names ? cx->names[k].node : SQL_NONE;
}

/* scan_refs over several texts (NULLs skipped); 0 or LS_ENOMEM. */
static int scan_all(sql_ctx *cx, size_t i, const char *const *texts, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (texts[k] && scan_refs(cx, i, texts[k]) < 0)
			return LS_ENOMEM;
	return 0;
}

static int type_deps(sql_ctx *cx, size_t i, const ls_type *t)
{
	int rc = dep_on_type(cx, i, t->base_type);
	for (size_t k = 0; rc >= 0 && k < t->n_attributes; k++)
		rc = dep_on_type(cx, i, t->attributes[k].type);
	for (size_t k = 0; rc >= 0 && k < t->n_checks; k++)
		rc = scan_refs(cx, i, t->checks[k].expr);
	if (rc >= 0 && t->default_expr)
		rc = scan_refs(cx, i, t->default_expr);
	return rc < 0 ? rc : 0;
}

static int function_deps(sql_ctx *cx, size_t i, const ls_function *f)
{
	const char *texts[] = {f->arguments, f->returns,
		sql_function_kind(f) == SK_LATE_FUNCTION ? f->body : NULL};
	return scan_all(cx, i, texts, 3);
}

/* A table needs its parent, the types of its columns, and what its
 * defaults, generated expressions and inline CHECKs call (unless the cycle
 * fixer moved them out). */
static int table_deps(sql_ctx *cx, size_t i, const ls_table *t)
{
	const sql_node *n = &cx->nodes[i];
	int rc = 0;
	if (t->parent_table)
		rc = add_dep(cx, i, relation_node(cx, t->parent_schema, t->parent_table));
	if (rc == 0 && t->partition_key)
		rc = scan_refs(cx, i, t->partition_key);
	for (size_t k = 0; rc >= 0 && k < t->n_columns; k++) {
		const ls_column *c = &t->columns[k];
		bool moved = n->moved_default && n->moved_default[k];
		if ((rc = dep_on_type(cx, i, c->type)) >= 0 && c->default_expr && !moved)
			rc = scan_refs(cx, i, c->default_expr);
		if (rc >= 0 && c->generated)
			rc = scan_refs(cx, i, c->generated);
	}
	for (size_t k = 0; rc >= 0 && k < t->n_constraints; k++) {
		const ls_constraint *c = &t->constraints[k];
		bool moved = n->moved_check && n->moved_check[k];
		if (c->type == 'c' && c->valid && !moved)
			rc = scan_refs(cx, i, c->expr);
	}
	return rc < 0 ? rc : 0;
}

/* A PRIMARY KEY / UNIQUE / EXCLUDE, CHECK or FOREIGN KEY node. */
static int constraint_deps(sql_ctx *cx, size_t i)
{
	const sql_node *n = &cx->nodes[i];
	const ls_table *t = n->table;
	const ls_constraint *k = &t->constraints[n->item];
	int rc = add_dep(cx, i, relation_node(cx, t->schema, t->name));
	if (rc == 0 && k->type == 'f')
		rc = add_dep(cx, i, relation_node(cx, k->ref_schema, k->ref_table));
	const char *texts[] = {k->expr, k->exclusion};
	return rc < 0 ? rc : scan_all(cx, i, texts, 2);
}

static int index_deps(sql_ctx *cx, size_t i, const ls_index *x)
{
	int rc = add_dep(cx, i, relation_node(cx, x->schema, x->table));
	for (size_t k = 0; rc >= 0 && k < x->n_keys; k++)
		if (x->keys[k].expr)
			rc = scan_refs(cx, i, x->keys[k].expr);
	if (rc >= 0 && x->where)
		rc = scan_refs(cx, i, x->where);
	return rc < 0 ? rc : 0;
}

static int view_deps(sql_ctx *cx, size_t i, const ls_view *v)
{
	int rc = 0;
	for (size_t k = 0; rc == 0 && k < v->n_depends; k++) {
		size_t e = find_name(cx, ls_arena_printf(cx->a, "r%s", v->depends[k]));
		if (e < cx->n_names)
			rc = add_dep(cx, i, cx->names[e].node);
	}
	if (rc == 0 && scan_refs(cx, i, v->definition) < 0)
		rc = LS_ENOMEM;
	return rc;
}

/* A trigger needs its function; a policy what its expressions call. */
static int trigger_policy_deps(sql_ctx *cx, size_t i)
{
	const sql_node *n = &cx->nodes[i];
	const ls_table *t = n->table;
	int rc = add_dep(cx, i, relation_node(cx, t->schema, t->name));
	if (rc == 0 && n->kind == SK_TRIGGER) {
		const ls_trigger *g = &t->triggers[n->item];
		if (g->function && dep_on(cx, i, 'f', g->function, strlen(g->function)) < 0)
			rc = LS_ENOMEM;
		if (rc == 0 && g->when && scan_refs(cx, i, g->when) < 0)
			rc = LS_ENOMEM;
	} else if (rc == 0 && n->kind == SK_POLICY) {
		const ls_policy *p = &t->policies[n->item];
		const char *texts[] = {p->using_expr, p->check_expr};
		rc = scan_all(cx, i, texts, 2);
	}
	return rc;
}

/* A comment or grant follows its object and, for a table, the nodes of
 * the constraints, triggers and policies it may name. */
static int meta_deps(sql_ctx *cx, size_t i)
{
	size_t target = cx->nodes[i].target_node;
	int rc = add_dep(cx, i, target);
	if (rc == 0 && target != SQL_NONE && cx->nodes[i].target == SK_TABLE) {
		size_t first = cx->nodes[target].first_child, n = cx->nodes[target].n_children;
		for (size_t k = 0; rc == 0 && k < n; k++)
			rc = add_dep(cx, i, first + k);
	}
	return rc;
}

/* The dependencies of node i, by its kind. */
static int node_deps(sql_ctx *cx, size_t i)
{
	const sql_node *n = &cx->nodes[i];
	const void *obj = n->obj;
	int rc = 0;
	if (n->kind != SK_SCHEMA && n->kind != SK_EXTENSION)
		rc = add_dep(cx, i, schema_node(cx, n->schema));
	if (rc < 0)
		return rc;
	switch (n->kind) {
	case SK_EXTENSION:
		return add_dep(cx, i, schema_node(cx, ((const ls_extension *)obj)->schema));
	case SK_ENUM:
	case SK_COMPOSITE:
	case SK_DOMAIN:
		return type_deps(cx, i, obj);
	case SK_FUNCTION:
	case SK_LATE_FUNCTION:
		return function_deps(cx, i, obj);
	case SK_TABLE:
		return table_deps(cx, i, obj);
	case SK_DEFAULT: {
		const ls_column *c = &n->table->columns[n->item];
		rc = add_dep(cx, i, relation_node(cx, n->table->schema, n->table->name));
		return rc < 0 || scan_refs(cx, i, c->default_expr) < 0 ? LS_ENOMEM : 0;
	}
	case SK_OWNED_BY: {
		const ls_sequence *s = obj;
		rc = add_dep(cx, i, n->target_node);
		return rc < 0 ? rc : add_dep(cx, i, relation_node(cx, s->schema, s->owned_table));
	}
	case SK_KEY:
	case SK_CHECK:
	case SK_FOREIGN_KEY:
		return constraint_deps(cx, i);
	case SK_INDEX:
		return index_deps(cx, i, obj);
	case SK_VIEW:
	case SK_MATVIEW:
		return view_deps(cx, i, obj);
	case SK_TRIGGER:
	case SK_POLICY:
	case SK_RLS:
		return trigger_policy_deps(cx, i);
	case SK_COMMENT:
	case SK_GRANT:
		return meta_deps(cx, i);
	default:
		return 0;
	}
}

int sql_link(sql_ctx *cx)
{
	int rc = build_names(cx);
	for (size_t i = 0; rc == 0 && i < cx->n_nodes; i++)
		rc = node_deps(cx, i);
	return rc;
}

/* Move one default (is_check false) or CHECK of table node i into a node
 * of its own. */
static int split_item(sql_ctx *cx, size_t i, bool is_check, size_t item)
{
	const ls_table *t = cx->nodes[i].table;
	const char *sub = is_check ? t->constraints[item].name : t->columns[item].name;
	size_t n = add_node(cx, is_check ? SK_CHECK : SK_DEFAULT, t->schema, t->name, sub,
			is_check ? (const void *)&t->constraints[item] : (const void *)&t->columns[item]);
	if (n == SQL_NONE)
		return LS_ENOMEM;
	cx->nodes[n].table = t;
	cx->nodes[n].item = item;
	if (is_check)
		cx->nodes[i].moved_check[item] = true;
	else
		cx->nodes[i].moved_default[item] = true;
	return node_deps(cx, n);
}

int sql_split_table(sql_ctx *cx, size_t i)
{
	const ls_table *t = cx->nodes[i].table;
	if (cx->nodes[i].moved_default)
		return 0; /* already split: what is left cannot move */
	bool *md = ls_arena_alloc(cx->a, (t->n_columns + 1) * sizeof *md);
	bool *mc = ls_arena_alloc(cx->a, (t->n_constraints + 1) * sizeof *mc);
	if (!md || !mc)
		return LS_ENOMEM;
	cx->nodes[i].moved_default = md;
	cx->nodes[i].moved_check = mc;
	int moved = 0, rc = 0;
	for (size_t k = 0; rc >= 0 && k < t->n_columns; k++) {
		const ls_column *c = &t->columns[k];
		if (c->default_expr && (rc = scan_refs(cx, SQL_NONE, c->default_expr)) > 0) {
			rc = split_item(cx, i, false, k);
			moved = 1;
		}
	}
	for (size_t k = 0; rc >= 0 && k < t->n_constraints; k++) {
		const ls_constraint *c = &t->constraints[k];
		if (c->type == 'c' && c->valid && (rc = scan_refs(cx, SQL_NONE, c->expr)) > 0) {
			rc = split_item(cx, i, true, k);
			moved = 1;
		}
	}
	if (rc < 0)
		return LS_ENOMEM;
	/* The table's own dependencies again, without what moved out. */
	cx->nodes[i].n_deps = 0;
	if (node_deps(cx, i) < 0)
		return LS_ENOMEM;
	return moved;
}

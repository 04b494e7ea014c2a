/* The catalog as canonical JSON (README, "Catalog JSON"; every field in
 * docs/catalog-json.md): every field of the model except identities and
 * build state, keys sorted, lists in the order ls_catalog_sort gives, and
 * the SHA-256 of that text.
 *
 * Each builder below returns a new jansson value (one reference, owned by
 * the caller) or NULL when jansson could not allocate; the only failure is
 * out of memory, reported once, by the public functions. (jansson also
 * refuses strings that are not UTF-8; the model holds none: parse.c rejects
 * such input before anything reaches it.) */
#define _POSIX_C_SOURCE 200809L
#include "lockstep/catalog.h"

#include <assert.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lockstep/buf.h"
#include "objects.h"
#include "sha256.h"

typedef json_t *(*item_fn)(const void *item);

static int oom(ls_error *err)
{
	return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
}

/* A string, or JSON null for an absent (NULL) one. */
static json_t *str(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* A one-character string for a code letter, or JSON null when it is 0. */
static json_t *chr(char c)
{
	char b[2] = {c, '\0'};
	return c ? json_string(b) : json_null();
}

/* Set key to v on o. Takes v's reference in every case (jansson's
 * json_object_set_new does too, even when it fails), so callers can chain
 * put(o, "k", builder(...)) with &&. Returns false when o or v is NULL or
 * the set failed; o itself is left to the caller to release. */
static bool put(json_t *o, const char *key, json_t *v)
{
	if (!o || !v) {
		json_decref(v);
		return false;
	}
	return json_object_set_new(o, key, v) == 0;
}

/* Finish an object built by a chain of put(): o when ok, else NULL with o
 * released. */
static json_t *finish(json_t *o, bool ok)
{
	if (ok)
		return o;
	json_decref(o);
	return NULL;
}

/* An array of n strings (NULL entries as null); [] when n is 0. */
static json_t *strs(const char *const *a, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++)
		if (json_array_append_new(arr, str(a[i])) < 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

/* An array of the objects fn makes for each of the n items of size sz at
 * items, in order; [] when n is 0. NULL when any of them failed. */
static json_t *list(const void *items, size_t n, size_t sz, item_fn fn)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++) {
		/* json_array_append_new takes o's reference even on failure */
		if (json_array_append_new(arr, fn((const char *)items + i * sz)) < 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *grant_json(const void *p)
{
	const ls_grant *g = p;
	json_t *o = json_object();
	return finish(o, put(o, "grantee", str(g->grantee)) &&
		put(o, "privilege", str(g->privilege)) &&
		put(o, "grantable", json_boolean(g->grantable)));
}

static json_t *grants(const ls_grant *g, size_t n)
{
	return list(g, n, sizeof *g, grant_json);
}

static json_t *schema_json(const void *p)
{
	const ls_schema *s = p;
	json_t *o = json_object();
	return finish(o, put(o, "name", str(s->name)) &&
		put(o, "comment", str(s->comment)) &&
		put(o, "grants", grants(s->grants, s->n_grants)));
}

static json_t *extension_json(const void *p)
{
	const ls_extension *e = p;
	json_t *o = json_object();
	return finish(o, put(o, "name", str(e->name)) &&
		put(o, "schema", str(e->schema)) &&
		put(o, "comment", str(e->comment)));
}

static json_t *collation_json(const void *p)
{
	const ls_collation *c = p;
	json_t *o = json_object();
	return finish(o, put(o, "name", str(c->name)) &&
		put(o, "schema", str(c->schema)) &&
		put(o, "provider", str(c->provider == 'i' ? "icu" : "libc")) &&
		put(o, "locale", str(c->locale)) &&
		put(o, "lc_collate", str(c->lc_collate)) &&
		put(o, "lc_ctype", str(c->lc_ctype)) &&
		put(o, "deterministic", json_boolean(c->deterministic)) &&
		put(o, "comment", str(c->comment)));
}

static json_t *type_check_json(const void *p)
{
	const ls_type_check *c = p;
	json_t *o = json_object();
	return finish(o, put(o, "name", str(c->name)) &&
		put(o, "expr", str(c->expr)) &&
		put(o, "valid", json_boolean(c->valid)) &&
		put(o, "comment", str(c->comment)));
}

static json_t *attribute_json(const void *p)
{
	const ls_attribute *a = p;
	json_t *o = json_object();
	return finish(o, put(o, "name", str(a->name)) &&
		put(o, "type", str(a->type)) &&
		put(o, "collation", str(a->collation)) &&
		put(o, "comment", str(a->comment)));
}

/* A type: every kind writes every field, so enums, domains and composites
 * have the same keys (unused ones null, false or []). */
static json_t *type_json(const void *p)
{
	const ls_type *t = p;
	json_t *o = json_object();
	return finish(o, put(o, "schema", str(t->schema)) &&
		put(o, "name", str(t->name)) &&
		put(o, "kind", chr((char)t->kind)) &&
		put(o, "labels", strs(t->labels, t->n_labels)) &&
		put(o, "base_type", str(t->base_type)) &&
		put(o, "collation", str(t->collation)) &&
		put(o, "default_expr", str(t->default_expr)) &&
		put(o, "not_null", json_boolean(t->not_null)) &&
		put(o, "checks", list(t->checks, t->n_checks, sizeof *t->checks, type_check_json)) &&
		put(o, "attributes", list(t->attributes, t->n_attributes,
				sizeof *t->attributes, attribute_json)) &&
		put(o, "comment", str(t->comment)) &&
		put(o, "grants", grants(t->grants, t->n_grants)));
}

static json_t *sequence_json(const void *p)
{
	const ls_sequence *s = p;
	json_t *o = json_object();
	return finish(o, put(o, "schema", str(s->schema)) &&
		put(o, "name", str(s->name)) &&
		put(o, "type", str(s->type)) &&
		put(o, "start", json_integer(s->start)) &&
		put(o, "increment", json_integer(s->increment)) &&
		put(o, "min", json_integer(s->min)) &&
		put(o, "max", json_integer(s->max)) &&
		put(o, "cache", json_integer(s->cache)) &&
		put(o, "cycle", json_boolean(s->cycle)) &&
		put(o, "owned_table", str(s->owned_table)) &&
		put(o, "owned_column", str(s->owned_column)) &&
		put(o, "identity", json_boolean(s->identity)) &&
		put(o, "unlogged", json_boolean(s->unlogged)) &&
		put(o, "comment", str(s->comment)) &&
		put(o, "grants", grants(s->grants, s->n_grants)));
}

static json_t *column_json(const void *p)
{
	const ls_column *c = p;
	json_t *o = json_object();
	return finish(o, put(o, "name", str(c->name)) &&
		put(o, "type", str(c->type)) &&
		put(o, "collation", str(c->collation)) &&
		put(o, "default_expr", str(c->default_expr)) &&
		put(o, "generated", str(c->generated)) &&
		put(o, "identity", chr(c->identity)) &&
		put(o, "not_null", json_boolean(c->not_null)) &&
		(!c->inherited_only || put(o, "local", json_false())) &&
		put(o, "comment", str(c->comment)) &&
		put(o, "grants", grants(c->grants, c->n_grants)));
}

static json_t *constraint_json(const void *p)
{
	const ls_constraint *k = p;
	json_t *o = json_object();
	return finish(o, put(o, "name", str(k->name)) &&
		put(o, "type", chr(k->type)) &&
		put(o, "columns", strs(k->columns, k->n_columns)) &&
		put(o, "expr", str(k->expr)) &&
		put(o, "ref_schema", str(k->ref_schema)) &&
		put(o, "ref_table", str(k->ref_table)) &&
		put(o, "ref_columns", strs(k->ref_columns, k->n_ref_columns)) &&
		put(o, "on_update", chr(k->on_update)) &&
		put(o, "on_delete", chr(k->on_delete)) &&
		put(o, "match", chr(k->match)) &&
		put(o, "exclusion", str(k->exclusion)) &&
		put(o, "deferrable", json_boolean(k->deferrable)) &&
		put(o, "deferred", json_boolean(k->deferred)) &&
		put(o, "valid", json_boolean(k->valid)) &&
		put(o, "no_inherit", json_boolean(k->no_inherit)) &&
		put(o, "nulls_not_distinct", json_boolean(k->nulls_not_distinct)) &&
		(!k->inherited_only || put(o, "local", json_false())) &&
		put(o, "comment", str(k->comment)));
}

static json_t *trigger_json(const void *p)
{
	const ls_trigger *t = p;
	json_t *o = json_object();
	return finish(o, put(o, "name", str(t->name)) &&
		put(o, "timing", str(t->timing)) &&
		put(o, "events", str(t->events)) &&
		put(o, "for_each_row", json_boolean(t->for_each_row)) &&
		put(o, "when", str(t->when)) &&
		put(o, "function", str(t->function)) &&
		put(o, "args", strs(t->args, t->n_args)) &&
		put(o, "constraint_trigger", json_boolean(t->constraint_trigger)) &&
		put(o, "deferrable", json_boolean(t->deferrable)) &&
		put(o, "deferred", json_boolean(t->deferred)) &&
		put(o, "enabled", chr(t->enabled)) &&
		put(o, "old_table", str(t->old_table)) &&
		put(o, "new_table", str(t->new_table)) &&
		put(o, "comment", str(t->comment)));
}

static json_t *policy_json(const void *p)
{
	const ls_policy *x = p;
	json_t *o = json_object();
	return finish(o, put(o, "name", str(x->name)) &&
		put(o, "permissive", json_boolean(x->permissive)) &&
		put(o, "command", str(x->command)) &&
		put(o, "roles", strs(x->roles, x->n_roles)) &&
		put(o, "using_expr", str(x->using_expr)) &&
		put(o, "check_expr", str(x->check_expr)) &&
		put(o, "comment", str(x->comment)));
}

static json_t *parent_json(const void *p)
{
	const ls_table_parent *x = p;
	json_t *o = json_object();
	return finish(o, put(o, "schema", str(x->schema)) && put(o, "name", str(x->name)));
}

/* A table with its columns (table order), constraints, triggers and
 * policies (each sorted by name by ls_catalog_sort). */
static json_t *table_json(const void *p)
{
	const ls_table *t = p;
	json_t *o = json_object();
	return finish(o, put(o, "schema", str(t->schema)) &&
		put(o, "name", str(t->name)) &&
		put(o, "kind", chr((char)t->kind)) &&
		put(o, "unlogged", json_boolean(t->unlogged)) &&
		put(o, "partition_key", str(t->partition_key)) &&
		put(o, "parent_schema", str(t->parent_schema)) &&
		put(o, "parent_table", str(t->parent_table)) &&
		put(o, "partition_bound", str(t->partition_bound)) &&
		(!t->n_inherits || put(o, "inherits", list(t->inherits, t->n_inherits, sizeof *t->inherits, parent_json))) &&
		put(o, "columns", list(t->columns, t->n_columns, sizeof *t->columns, column_json)) &&
		put(o, "constraints", list(t->constraints, t->n_constraints,
				sizeof *t->constraints, constraint_json)) &&
		put(o, "triggers", list(t->triggers, t->n_triggers, sizeof *t->triggers, trigger_json)) &&
		put(o, "policies", list(t->policies, t->n_policies, sizeof *t->policies, policy_json)) &&
		put(o, "options", strs(t->options, t->n_options)) &&
		put(o, "rls_enabled", json_boolean(t->rls_enabled)) &&
		put(o, "rls_forced", json_boolean(t->rls_forced)) &&
		put(o, "comment", str(t->comment)) &&
		put(o, "grants", grants(t->grants, t->n_grants)));
}

static json_t *index_key_json(const void *p)
{
	const ls_index_key *k = p;
	json_t *o = json_object();
	return finish(o, put(o, "column", str(k->column)) &&
		put(o, "expr", str(k->expr)) &&
		put(o, "collation", str(k->collation)) &&
		put(o, "opclass", str(k->opclass)) &&
		put(o, "desc", json_boolean(k->desc)) &&
		put(o, "nulls_first", json_boolean(k->nulls_first)));
}

static json_t *index_json(const void *p)
{
	const ls_index *x = p;
	json_t *o = json_object();
	return finish(o, put(o, "schema", str(x->schema)) &&
		put(o, "name", str(x->name)) &&
		put(o, "table", str(x->table)) &&
		put(o, "method", str(x->method)) &&
		put(o, "unique", json_boolean(x->unique)) &&
		put(o, "nulls_not_distinct", json_boolean(x->nulls_not_distinct)) &&
		put(o, "keys", list(x->keys, x->n_keys, sizeof *x->keys, index_key_json)) &&
		put(o, "include", strs(x->include, x->n_include)) &&
		put(o, "where", str(x->where)) &&
		put(o, "options", strs(x->options, x->n_options)) &&
		put(o, "constraint", str(x->constraint)) &&
		put(o, "comment", str(x->comment)));
}

/* The column comments of a view: one entry per column (null where none),
 * or [] when no column has a comment. */
static json_t *column_comments(const ls_view *v)
{
	bool any = false;
	for (size_t i = 0; v->column_comments && i < v->n_columns; i++)
		any = any || v->column_comments[i];
	return any ? strs(v->column_comments, v->n_columns) : json_array();
}

static json_t *view_json(const void *p)
{
	const ls_view *v = p;
	json_t *o = json_object();
	return finish(o, put(o, "schema", str(v->schema)) &&
		put(o, "name", str(v->name)) &&
		put(o, "materialized", json_boolean(v->materialized)) &&
		put(o, "definition", str(v->definition)) &&
		put(o, "columns", strs(v->columns, v->n_columns)) &&
		put(o, "column_comments", column_comments(v)) &&
		put(o, "triggers", list(v->triggers, v->n_triggers, sizeof *v->triggers, trigger_json)) &&
		put(o, "options", strs(v->options, v->n_options)) &&
		put(o, "check_option", str(v->check_option)) &&
		put(o, "with_data", json_boolean(v->with_data)) &&
		put(o, "depends", strs(v->depends, v->n_depends)) &&
		put(o, "comment", str(v->comment)) &&
		put(o, "grants", grants(v->grants, v->n_grants)));
}

/* pg_aggregate's columns of an aggregate, by the option names of CREATE
 * AGGREGATE. */
static json_t *aggregate_json(const ls_aggregate *g)
{
	json_t *o = json_object();
	return finish(o, put(o, "kind", chr(g->kind)) &&
		put(o, "direct_args", json_integer(g->direct_args)) &&
		put(o, "sfunc", str(g->sfunc)) &&
		put(o, "stype", str(g->stype)) &&
		put(o, "sspace", json_integer(g->sspace)) &&
		put(o, "finalfunc", str(g->finalfunc)) &&
		put(o, "finalfunc_extra", json_boolean(g->finalfunc_extra)) &&
		put(o, "finalfunc_modify", chr(g->finalfunc_modify)) &&
		put(o, "combinefunc", str(g->combinefunc)) &&
		put(o, "serialfunc", str(g->serialfunc)) &&
		put(o, "deserialfunc", str(g->deserialfunc)) &&
		put(o, "initcond", str(g->initcond)) &&
		put(o, "msfunc", str(g->msfunc)) &&
		put(o, "minvfunc", str(g->minvfunc)) &&
		put(o, "mstype", str(g->mstype)) &&
		put(o, "msspace", json_integer(g->msspace)) &&
		put(o, "mfinalfunc", str(g->mfinalfunc)) &&
		put(o, "mfinalfunc_extra", json_boolean(g->mfinalfunc_extra)) &&
		put(o, "mfinalfunc_modify", chr(g->mfinalfunc_modify)) &&
		put(o, "minitcond", str(g->minitcond)) &&
		put(o, "sortop", str(g->sortop)));
}

static json_t *function_json(const void *p)
{
	const ls_function *f = p;
	json_t *o = json_object();
	/* "aggregate" only on aggregates: the other functions' JSON is as before */
	if (f->aggregate && !put(o, "aggregate", aggregate_json(f->aggregate)))
		return finish(o, false);
	return finish(o, put(o, "schema", str(f->schema)) &&
		put(o, "name", str(f->name)) &&
		put(o, "kind", chr(f->kind)) &&
		put(o, "arguments", str(f->arguments)) &&
		put(o, "identity_args", str(f->identity_args)) &&
		put(o, "returns", str(f->returns)) &&
		put(o, "language", str(f->language)) &&
		put(o, "body", str(f->body)) &&
		put(o, "body_sha256", str(f->body_sha256)) &&
		put(o, "volatility", chr(f->volatility)) &&
		put(o, "strict", json_boolean(f->strict)) &&
		put(o, "security_definer", json_boolean(f->security_definer)) &&
		put(o, "leakproof", json_boolean(f->leakproof)) &&
		put(o, "parallel", str(f->parallel)) &&
		put(o, "config", strs(f->config, f->n_config)) &&
		put(o, "comment", str(f->comment)) &&
		put(o, "grants", grants(f->grants, f->n_grants)));
}

static json_t *default_acl_json(const void *p)
{
	const ls_default_acl *d = p;
	json_t *o = json_object();
	return finish(o, put(o, "role", str(d->role)) &&
		put(o, "schema", str(d->schema)) &&
		put(o, "kind", chr((char)d->kind)) &&
		put(o, "grants", grants(d->grants, d->n_grants)));
}

/* The top-level document. data_steps, search_path, next_id and every id are
 * left out: they are build state, and differ between builders of the same
 * schema. */
/* One top-level list of the document: its items and their builder; skip
 * (may be NULL) leaves an item out. */
typedef struct top_list {
	const char *key;
	const void *items;
	size_t n, sz;
	item_fn fn;
	bool (*skip)(const void *item);
} top_list;

static bool attached_index(const void *p)
{
	return ((const ls_index *)p)->parent_index != NULL;
}

/* Write "key": [...] of l into b as json_dumps(JSON_INDENT(2) |
 * JSON_SORT_KEYS) writes it at the second level of the document, one item
 * at a time: only one item's jansson tree exists at once. False when
 * jansson could not allocate (b->failed tells of b). */
static bool write_list(ls_buf *b, const top_list *l)
{
	size_t written = 0;
	ls_buf_printf(b, "  \"%s\": [", l->key);
	for (size_t i = 0; i < l->n; i++) {
		const void *item = (const char *)l->items + i * l->sz;
		if (l->skip && l->skip(item))
			continue;
		json_t *v = l->fn(item);
		char *text = v ? json_dumps(v, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
		json_decref(v);
		if (!text)
			return false;
		ls_buf_put(b, written++ ? ",\n    " : "\n    ");
		/* the item's lines, indented two levels deeper */
		for (const char *q = text, *nl; *q; q = nl + 1) {
			nl = strchr(q, '\n');
			if (!nl) {
				ls_buf_put(b, q);
				break;
			}
			ls_buf_putn(b, q, (size_t)(nl - q));
			ls_buf_put(b, "\n    ");
		}
		free(text);
	}
	ls_buf_put(b, written ? "\n  ]" : "]");
	return true;
}

/* Sorts cat, then gives in *out the document dumped with two-space indent,
 * sorted keys and UTF-8 kept as is, plus a trailing newline; malloc'ed, the
 * caller frees it with free(). The text is written object by object (the
 * bytes json_dumps gives for the whole document; a jansson tree of a large
 * catalog took several times its text). On out of memory: LS_ENOMEM, *out
 * NULL. */
int ls_catalog_to_json(char **out, ls_catalog *cat, ls_error *err)
{
	ls_buf b = {0};
	*out = NULL;
	ls_catalog_sort(cat);
	/* in the order of their keys, as JSON_SORT_KEYS puts them */
	const top_list lists[] = {
		/* only when there are any: a catalog without collations is
		 * written as it was before they were modelled */
		{"collations", cat->collations, cat->n_collations, sizeof *cat->collations,
			collation_json, NULL},
		{"default_privileges", cat->default_acls, cat->n_default_acls,
			sizeof *cat->default_acls, default_acl_json, NULL},
		{"extensions", cat->extensions, cat->n_extensions, sizeof *cat->extensions,
			extension_json, NULL},
		{"format", NULL, 0, 0, NULL, NULL},
		{"functions", cat->functions, cat->n_functions, sizeof *cat->functions,
			function_json, NULL},
		{"indexes", cat->indexes, cat->n_indexes, sizeof *cat->indexes, index_json,
			attached_index},
		{"schemas", cat->schemas, cat->n_schemas, sizeof *cat->schemas, schema_json, NULL},
		{"sequences", cat->sequences, cat->n_sequences, sizeof *cat->sequences,
			sequence_json, NULL},
		{"tables", cat->tables, cat->n_tables, sizeof *cat->tables, table_json, NULL},
		{"types", cat->types, cat->n_types, sizeof *cat->types, type_json, NULL},
		{"version", NULL, 0, 0, NULL, NULL},
		{"views", cat->views, cat->n_views, sizeof *cat->views, view_json, NULL},
	};
	bool ok = true;
	ls_buf_put(&b, "{\n");
	bool first = true;
	for (size_t i = 0; ok && i < sizeof lists / sizeof *lists; i++) {
		if (lists[i].fn == collation_json && !lists[i].n)
			continue;
		if (!first)
			ls_buf_put(&b, ",\n");
		first = false;
		if (!strcmp(lists[i].key, "format"))
			ls_buf_put(&b, "  \"format\": \"lockstep-catalog\"");
		else if (!strcmp(lists[i].key, "version"))
			ls_buf_put(&b, "  \"version\": 1");
		else
			ok = write_list(&b, &lists[i]);
	}
	ls_buf_put(&b, "\n}\n");
	if (!ok || b.failed) {
		free(b.s);
		return oom(err);
	}
	*out = b.s;
	return 0;
}

/* out receives the lowercase hex SHA-256 of the text ls_catalog_to_json
 * gives (trailing newline included), 64 characters and a NUL. On failure
 * its code, with out set to "". */
int ls_catalog_hash(char out[65], ls_catalog *cat, ls_error *err)
{
	char *text = NULL;
	int rc;

	out[0] = '\0';
	if ((rc = ls_catalog_to_json(&text, cat, err)) < 0)
		goto done;
	ls_sha256_hex(text, strlen(text), out);
done:
	free(text);
	return rc;
}

/* One builder per object kind, in ls_object_kind order. */
static const item_fn object_builders[] = {
	schema_json, extension_json, type_json, sequence_json, table_json,
	column_json, index_json, view_json, function_json,
};
static_assert(sizeof object_builders / sizeof *object_builders == LS_OBJECT_COUNT,
		"one JSON builder per object kind");

int ls_object_to_json(char **out, const ls_object *o, ls_error *err)
{
	*out = NULL;
	json_t *v = object_builders[o->kind](o->obj);
	/* a table's columns are objects of their own: a changed column is not
	 * also a changed table */
	if (v && o->kind == LS_OBJECT_TABLE)
		json_object_del(v, "columns");
	char *text = v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(v);
	if (!text)
		return oom(err);
	*out = text;
	return 0;
}

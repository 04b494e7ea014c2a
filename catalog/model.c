/* The catalog model: creation, lookups, canonical order. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "name_index.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ls_catalog_new(ls_catalog **out, ls_error *err)
{
	ls_catalog *cat = NULL;
	ls_arena *a = NULL;
	*out = NULL;
	if (ls_arena_new(&a) < 0)
		goto nomem;
	cat = ls_arena_alloc(a, sizeof *cat);
	if (!cat)
		goto nomem;
	cat->arena = a;
	cat->next_id = 1;
	/* What createdb gives: schema public, usable by everyone. */
	ls_schema *pub = LS_PUSH(cat, cat->schemas, cat->n_schemas);
	if (!pub)
		goto nomem;
	pub->id = cat->next_id++;
	pub->name = "public";
	pub->comment = ls_arena_strdup(a, "standard public schema");
	ls_grant *g = LS_PUSH(cat, pub->grants, pub->n_grants);
	if (!g || !pub->comment)
		goto nomem;
	g->grantee = "PUBLIC";
	g->privilege = "USAGE";
	const char **sp = LS_PUSH(cat, cat->search_path, cat->n_search_path);
	if (!sp)
		goto nomem;
	*sp = "$user";
	sp = LS_PUSH(cat, cat->search_path, cat->n_search_path);
	if (!sp)
		goto nomem;
	*sp = "public";
	*out = cat;
	return 0;
nomem:
	ls_arena_free(a);
	return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
}

void ls_catalog_free(ls_catalog *cat)
{
	if (cat)
		ls_arena_free(cat->arena);
}

static bool eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The lookups go through the hash indexes of name_index.c, which give
 * what a scan of the array in order would. */
#define FIND_IN(kind, arr) \
	long i = ls_index_find(cat, kind, schema, name, NULL); \
	return i < 0 ? NULL : &cat->arr[i]

ls_schema *ls_catalog_find_schema(ls_catalog *cat, const char *name)
{
	const char *schema = NULL;
	FIND_IN(LS_IX_SCHEMA, schemas);
}

ls_table *ls_catalog_find_table(ls_catalog *cat, const char *schema, const char *name)
{
	FIND_IN(LS_IX_TABLE, tables);
}

ls_view *ls_catalog_find_view(ls_catalog *cat, const char *schema, const char *name)
{
	FIND_IN(LS_IX_VIEW, views);
}

ls_type *ls_catalog_find_type(ls_catalog *cat, const char *schema, const char *name)
{
	FIND_IN(LS_IX_TYPE, types);
}

ls_sequence *ls_catalog_find_sequence(ls_catalog *cat, const char *schema, const char *name)
{
	FIND_IN(LS_IX_SEQUENCE, sequences);
}

ls_index *ls_catalog_find_index(ls_catalog *cat, const char *schema, const char *name)
{
	FIND_IN(LS_IX_INDEX, indexes);
}

/* Walk search_path for the first schema holding the object: the lookup
 * rule of an unqualified name. pg_catalog is not modelled. */
/* pg_temp, when the session has one, is searched first for relations
 * and types. */
#define LOOKUP_VIA_PATH(finder) \
	if (schema) \
		return finder(cat, schema, name); \
	if (ls_catalog_find_schema(cat, "pg_temp")) { \
		void *tmp = finder(cat, "pg_temp", name); \
		if (tmp) \
			return tmp; \
	} \
	for (size_t i = 0; i < cat->n_search_path; i++) { \
		void *hit = finder(cat, cat->search_path[i], name); \
		if (hit) \
			return hit; \
	} \
	return NULL

ls_table *ls_lookup_table(ls_catalog *cat, const char *schema, const char *name)
{
	LOOKUP_VIA_PATH(ls_catalog_find_table);
}

ls_view *ls_lookup_view(ls_catalog *cat, const char *schema, const char *name)
{
	LOOKUP_VIA_PATH(ls_catalog_find_view);
}

ls_sequence *ls_lookup_sequence(ls_catalog *cat, const char *schema, const char *name)
{
	LOOKUP_VIA_PATH(ls_catalog_find_sequence);
}

ls_index *ls_lookup_index(ls_catalog *cat, const char *schema, const char *name)
{
	LOOKUP_VIA_PATH(ls_catalog_find_index);
}

ls_type *ls_lookup_type(ls_catalog *cat, const char *schema, const char *name)
{
	LOOKUP_VIA_PATH(ls_catalog_find_type);
}

static ls_function *find_function(ls_catalog *cat, const char *schema,
		const char *name, const char *identity_args)
{
	long i = ls_index_find(cat, LS_IX_FUNCTION, schema, name, identity_args);
	return i < 0 ? NULL : &cat->functions[i];
}

ls_function *ls_catalog_find_function(ls_catalog *cat, const char *schema, const char *name,
		const char *identity_args)
{
	return find_function(cat, schema, name, identity_args);
}

ls_function *ls_lookup_function(ls_catalog *cat, const char *schema,
		const char *name, const char *identity_args)
{
	if (schema)
		return find_function(cat, schema, name, identity_args);
	for (size_t i = 0; i < cat->n_search_path; i++) {
		ls_function *f = find_function(cat, cat->search_path[i], name, identity_args);
		if (f)
			return f;
	}
	return NULL;
}

ls_column *ls_table_column(ls_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_columns; i++)
		if (eq(t->columns[i].name, name))
			return &t->columns[i];
	return NULL;
}

ls_constraint *ls_table_constraint(ls_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_constraints; i++)
		if (eq(t->constraints[i].name, name))
			return &t->constraints[i];
	return NULL;
}

ls_table *ls_new_table(ls_catalog *cat, const char *schema, const char *name)
{
	ls_table *t = LS_PUSH(cat, cat->tables, cat->n_tables);
	if (!t)
		return NULL;
	t->id = cat->next_id++;
	t->schema = ls_arena_strdup(cat->arena, schema);
	t->name = ls_arena_strdup(cat->arena, name);
	t->kind = LS_TABLE_REGULAR;
	t->owner = ls_current_role(cat);
	if (ls_default_grants(cat, LS_DEFACL_TABLES, schema, &t->grants, &t->n_grants) < 0)
		return NULL;
	return t->schema && t->name ? t : NULL;
}

ls_sequence *ls_new_sequence(ls_catalog *cat, const char *schema, const char *name)
{
	ls_sequence *s = LS_PUSH(cat, cat->sequences, cat->n_sequences);
	if (!s)
		return NULL;
	s->id = cat->next_id++;
	s->schema = ls_arena_strdup(cat->arena, schema);
	s->name = ls_arena_strdup(cat->arena, name);
	s->type = "bigint";
	s->start = 1;
	s->increment = 1;
	s->min = 1;
	s->max = INT64_MAX;
	s->cache = 1;
	s->owner = ls_current_role(cat);
	if (ls_default_grants(cat, LS_DEFACL_SEQUENCES, schema, &s->grants, &s->n_grants) < 0)
		return NULL;
	return s->schema && s->name ? s : NULL;
}

ls_index *ls_new_index(ls_catalog *cat, const char *schema, const char *name)
{
	ls_index *x = LS_PUSH(cat, cat->indexes, cat->n_indexes);
	if (!x)
		return NULL;
	x->id = cat->next_id++;
	x->schema = ls_arena_strdup(cat->arena, schema);
	x->name = ls_arena_strdup(cat->arena, name);
	x->method = "btree";
	return x->schema && x->name ? x : NULL;
}

const char *ls_unmodelled_kind(int objtype)
{
	switch (objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_OPERATOR: return "OPERATOR";
	case PG_QUERY__OBJECT_TYPE__OBJECT_CONVERSION: return "CONVERSION";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TSCONFIGURATION: return "TEXT SEARCH CONFIGURATION";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TSDICTIONARY: return "TEXT SEARCH DICTIONARY";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TSPARSER: return "TEXT SEARCH PARSER";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TSTEMPLATE: return "TEXT SEARCH TEMPLATE";
	default: return NULL;
	}
}

const char *ls_object_kind_sql(int objtype)
{
	const char *w = ls_unmodelled_kind(objtype);
	if (w)
		return w;
	switch (objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_ACCESS_METHOD: return "ACCESS METHOD";
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE: return "AGGREGATE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_CAST: return "CAST";
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION: return "COLLATION";
	case PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE: return "DATABASE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_EVENT_TRIGGER: return "EVENT TRIGGER";
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: return "EXTENSION";
	case PG_QUERY__OBJECT_TYPE__OBJECT_FDW: return "FOREIGN DATA WRAPPER";
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_SERVER: return "SERVER";
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: return "FOREIGN TABLE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_LANGUAGE: return "LANGUAGE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_LARGEOBJECT: return "LARGE OBJECT";
	case PG_QUERY__OBJECT_TYPE__OBJECT_OPCLASS: return "OPERATOR CLASS";
	case PG_QUERY__OBJECT_TYPE__OBJECT_OPFAMILY: return "OPERATOR FAMILY";
	case PG_QUERY__OBJECT_TYPE__OBJECT_PUBLICATION: return "PUBLICATION";
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROLE: return "ROLE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_RULE: return "RULE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_STATISTIC_EXT: return "STATISTICS";
	case PG_QUERY__OBJECT_TYPE__OBJECT_SUBSCRIPTION: return "SUBSCRIPTION";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLESPACE: return "TABLESPACE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRANSFORM: return "TRANSFORM";
	case PG_QUERY__OBJECT_TYPE__OBJECT_USER_MAPPING: return "USER MAPPING";
	default: return NULL;
	}
}

int ls_apply_error(ls_apply *ap, int code, const char *fmt, ...)
{
	char msg[768];
	va_list args;
	va_start(args, fmt);
	vsnprintf(msg, sizeof msg, fmt, args);
	va_end(args);
	int line = ap->stmt ? ap->stmt->line : 0;
	int col = ap->stmt ? ap->stmt->column : 0;
	return ls_error_set(ap->err, code, ap->src ? ap->src->path : NULL, line,
			col, "%s", msg);
}

int ls_apply_refusal_of_many(ls_apply *ap, int rc)
{
	ls_diag *d = rc == LS_EINVAL && ap->err->n_diags ? &ap->err->diags[ap->err->n_diags - 1] : NULL;
	if (d && strstr(d->message, " because other objects depend on it"))
		snprintf(d->message, sizeof d->message, "%s",
				"cannot drop desired object(s) because other objects depend on them");
	return rc;
}

int ls_apply_nomem(ls_apply *ap)
{
	return ls_apply_error(ap, LS_ENOMEM, "out of memory");
}

/* --- canonical order --- */

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

static int cmp_strp(const void *a, const void *b)
{
	return cmp_str(*(const char *const *)a, *(const char *const *)b);
}

#define CMP_QUALIFIED(T) \
	static int cmp_##T(const void *pa, const void *pb) \
	{ \
		const ls_##T *a = pa, *b = pb; \
		int c = cmp_str(a->schema, b->schema); \
		return c ? c : cmp_str(a->name, b->name); \
	}
CMP_QUALIFIED(table)
CMP_QUALIFIED(index)
CMP_QUALIFIED(view)
CMP_QUALIFIED(type)
CMP_QUALIFIED(sequence)

static int cmp_function(const void *pa, const void *pb)
{
	const ls_function *a = pa, *b = pb;
	int c = cmp_str(a->schema, b->schema);
	if (!c)
		c = cmp_str(a->name, b->name);
	return c ? c : cmp_str(a->identity_args, b->identity_args);
}

static int cmp_schema(const void *pa, const void *pb)
{
	return cmp_str(((const ls_schema *)pa)->name, ((const ls_schema *)pb)->name);
}

static int cmp_extension(const void *pa, const void *pb)
{
	return cmp_str(((const ls_extension *)pa)->name, ((const ls_extension *)pb)->name);
}

static int cmp_collation(const void *pa, const void *pb)
{
	const ls_collation *a = pa, *b = pb;
	int c = cmp_str(a->schema, b->schema);
	return c ? c : cmp_str(a->name, b->name);
}

static int cmp_constraint(const void *pa, const void *pb)
{
	return cmp_str(((const ls_constraint *)pa)->name, ((const ls_constraint *)pb)->name);
}

static int cmp_trigger(const void *pa, const void *pb)
{
	return cmp_str(((const ls_trigger *)pa)->name, ((const ls_trigger *)pb)->name);
}

static int cmp_policy(const void *pa, const void *pb)
{
	return cmp_str(((const ls_policy *)pa)->name, ((const ls_policy *)pb)->name);
}

static int cmp_type_check(const void *pa, const void *pb)
{
	return cmp_str(((const ls_type_check *)pa)->name, ((const ls_type_check *)pb)->name);
}

static int cmp_grant(const void *pa, const void *pb)
{
	const ls_grant *a = pa, *b = pb;
	int c = cmp_str(a->grantee, b->grantee);
	return c ? c : cmp_str(a->privilege, b->privilege);
}

int ls_grant_cmp(const ls_grant *a, const ls_grant *b)
{
	return cmp_grant(a, b);
}

/* Default privileges: the running role's (NULL) first, then by role;
 * global entries before a schema's; then by object kind letter. */
static int cmp_default_acl(const void *pa, const void *pb)
{
	const ls_default_acl *a = pa, *b = pb;
	int c = cmp_str(a->role, b->role);
	if (!c)
		c = cmp_str(a->schema, b->schema);
	return c ? c : (int)a->kind - (int)b->kind;
}

/* Whether n items of size bytes are in order already. */
static bool in_order(const void *items, size_t n, size_t size,
		int (*cmp)(const void *, const void *))
{
	const unsigned char *p = items;
	for (size_t i = 1; i < n; i++)
		if (cmp(p + (i - 1) * size, p + i * size) > 0)
			return false;
	return true;
}

/* Sort an array unless it is in order: the writers and the store sort the
 * same catalog again and again (each revision of a history, JSON after
 * the store). Leaving a sorted array as it is gives what glibc's stable
 * qsort gives. Evaluates to whether the items moved. */
#define SORT(arr, n, cmp) \
	((n) > 1 && !in_order((arr), (n), sizeof *(arr), cmp) ? \
		(qsort((arr), (n), sizeof *(arr), cmp), true) : false)

/* The storage parameters as introspect reads them: the table's own
 * (pg_class.reloptions), then its TOAST table's as "toast.name=value",
 * each part in the order the server keeps (written order; ALTER ... SET
 * moves a named one to its end). Other code appends a TOAST option
 * anywhere: move them behind, keeping both parts' order. */
static void toast_options_last(const char **o, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		const char *x = o[i];
		size_t j = i;
		if (!strncmp(x, "toast.", 6))
			continue;
		while (j > 0 && !strncmp(o[j - 1], "toast.", 6)) {
			o[j] = o[j - 1];
			j--;
		}
		o[j] = x;
	}
}

static void sort_table(ls_table *t)
{
	SORT(t->constraints, t->n_constraints, cmp_constraint);
	SORT(t->triggers, t->n_triggers, cmp_trigger);
	SORT(t->policies, t->n_policies, cmp_policy);
	toast_options_last(t->options, t->n_options);
	SORT(t->grants, t->n_grants, cmp_grant);
	for (size_t i = 0; i < t->n_columns; i++)
		SORT(t->columns[i].grants, t->columns[i].n_grants, cmp_grant);
	for (size_t i = 0; i < t->n_policies; i++)
		SORT(t->policies[i].roles, t->policies[i].n_roles, cmp_strp);
}

void ls_catalog_sort(ls_catalog *cat)
{
	bool moved = SORT(cat->schemas, cat->n_schemas, cmp_schema);
	for (size_t i = 0; i < cat->n_schemas; i++)
		SORT(cat->schemas[i].grants, cat->schemas[i].n_grants, cmp_grant);
	SORT(cat->extensions, cat->n_extensions, cmp_extension);
	SORT(cat->collations, cat->n_collations, cmp_collation);
	moved |= SORT(cat->types, cat->n_types, cmp_type);
	for (size_t i = 0; i < cat->n_types; i++) {
		SORT(cat->types[i].checks, cat->types[i].n_checks, cmp_type_check);
		SORT(cat->types[i].grants, cat->types[i].n_grants, cmp_grant);
	}
	moved |= SORT(cat->sequences, cat->n_sequences, cmp_sequence);
	for (size_t i = 0; i < cat->n_sequences; i++)
		SORT(cat->sequences[i].grants, cat->sequences[i].n_grants, cmp_grant);
	moved |= SORT(cat->tables, cat->n_tables, cmp_table);
	for (size_t i = 0; i < cat->n_tables; i++)
		sort_table(&cat->tables[i]);
	moved |= SORT(cat->indexes, cat->n_indexes, cmp_index);
	moved |= SORT(cat->views, cat->n_views, cmp_view);
	for (size_t i = 0; i < cat->n_views; i++) {
		SORT(cat->views[i].depends, cat->views[i].n_depends, cmp_strp);
		SORT(cat->views[i].grants, cat->views[i].n_grants, cmp_grant);
		SORT(cat->views[i].triggers, cat->views[i].n_triggers, cmp_trigger);
	}
	moved |= SORT(cat->functions, cat->n_functions, cmp_function);
	for (size_t i = 0; i < cat->n_functions; i++) {
		SORT(cat->functions[i].config, cat->functions[i].n_config, cmp_strp);
		SORT(cat->functions[i].grants, cat->functions[i].n_grants, cmp_grant);
	}
	SORT(cat->default_acls, cat->n_default_acls, cmp_default_acl);
	for (size_t i = 0; i < cat->n_default_acls; i++)
		SORT(cat->default_acls[i].grants, cat->default_acls[i].n_grants, cmp_grant);
	/* items moved: the indexes are rebuilt at their next use */
	if (moved)
		ls_catalog_touch(cat);
}

/* Whether a column's or attribute's type text is qname or an array of it. */
static bool type_or_array(const char *type, const char *qname, bool *array)
{
	size_t n = strlen(qname);
	if (!type || strncmp(type, qname, n) != 0)
		return false;
	*array = type[n] != '\0';
	return type[n] == '\0' || strcmp(type + n, "[]") == 0;
}

static const ls_column *type_user(ls_catalog *cat, ls_arena *a, const char *qname, int depth,
		const ls_table **table, bool *direct)
{
	const ls_column *found = NULL;
	bool arr;
	for (size_t i = 0; i < cat->n_tables; i++)
		for (size_t j = 0; j < cat->tables[i].n_columns; j++)
			if (type_or_array(cat->tables[i].columns[j].type, qname, &arr)) {
				if (arr)
					*direct = false;
				if (!found) {
					found = &cat->tables[i].columns[j];
					*table = &cat->tables[i];
				}
			}
	/* a domain or composite type cannot hold itself: depth only guards
	 * against a catalog that says otherwise */
	for (size_t i = 0; depth < 16 && i < cat->n_types; i++) {
		const ls_type *t = &cat->types[i];
		bool holds = t->kind == LS_TYPE_DOMAIN && type_or_array(t->base_type, qname, &arr);
		for (size_t j = 0; !holds && t->kind == LS_TYPE_COMPOSITE && j < t->n_attributes; j++)
			holds = type_or_array(t->attributes[j].type, qname, &arr);
		if (!holds)
			continue;
		*direct = false;
		const char *sq = ls_quote_ident(a, t->schema), *nq = ls_quote_ident(a, t->name);
		const char *inner = sq && nq ? ls_arena_printf(a, "%s.%s", sq, nq) : NULL;
		const ls_table *it = NULL;
		const ls_column *c = inner ? type_user(cat, a, inner, depth + 1, &it, direct) : NULL;
		if (c && !found) {
			found = c;
			*table = it;
		}
	}
	return found;
}

const ls_column *ls_catalog_type_user(ls_catalog *cat, ls_arena *a, const char *schema,
		const char *name, const ls_table **table, bool *direct)
{
	bool d = true;
	const char *sq = ls_quote_ident(a, schema), *nq = ls_quote_ident(a, name);
	const char *qname = sq && nq ? ls_arena_printf(a, "%s.%s", sq, nq) : NULL;
	const ls_table *t = NULL;
	const ls_column *c = qname ? type_user(cat, a, qname, 0, &t, &d) : NULL;
	if (c)
		*table = t;
	if (direct)
		*direct = d;
	return c;
}

/* DROP EXTENSION: what uses the objects an extension brings (the types,
 * functions and operator classes catalog/extensions.c knows of it), named
 * as PostgreSQL 15 names them when it refuses the drop, and taken away
 * with it by CASCADE (findDependentObjects in src/backend/catalog/
 * dependency.c: a column of its type goes, and what hangs off the column
 * with it; a default calling its function goes from its column; an index,
 * constraint or view using its operator class or function goes). */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "apply_dropdeps.h"
#include "rewrite.h"
#include "lockstep/buf.h"

#include <string.h>

/* Whether column c is of one of the extension's types (or a domain over
 * one, which the server names apart: see domains in ext_users). */
static bool column_of_one(ls_catalog *cat, const ls_extension *e, const ls_column *c)
{
	const char *t;
	for (size_t i = 0; e->schema && (t = ls_extension_object_at(i, e->name, 't')); i++) {
		const char *q = ls_qualify(cat->arena, e->schema, t);
		if (q && ls_of_type(c->type, q))
			return true;
	}
	return false;
}

/* ... or of one of an extension in schema skip (going away with it). */
static bool column_of_ext(ls_catalog *cat, const ls_extension *e, const char *skip,
		const ls_column *c)
{
	if (column_of_one(cat, e, c))
		return true;
	for (size_t i = 0; skip && i < cat->n_extensions; i++)
		if (cat->extensions[i].schema && !strcmp(cat->extensions[i].schema, skip) &&
				column_of_one(cat, &cat->extensions[i], c))
			return true;
	return false;
}

/* Whether expr calls one of the extension's functions. */
static bool calls_ext(ls_apply *ap, const ls_extension *e, const char *expr, char kind)
{
	const char *f;
	for (size_t i = 0; expr && (f = ls_extension_object_at(i, e->name, 'f')); i++)
		if (kind == 'e' ? ls_expr_calls_function(ap, expr, e->schema, f) :
				ls_text_calls_function(ap, expr, kind, e->schema, f))
			return true;
	return false;
}

/* Whether operator class name (schema-qualified or not) is one of the
 * extension's, or, for btree_gist, the one it makes the default of gist
 * for a column of type (NULL: no such column). */
static bool opclass_of_ext(const ls_extension *e, const char *method, const char *opclass,
		const char *type)
{
	if (opclass) {
		const char *dot = strrchr(opclass, '.'), *o;
		const char *name = dot ? dot + 1 : opclass;
		for (size_t i = 0; (o = ls_extension_object_at(i, e->name, 'o')); i++)
			if (!strcmp(o, name))
				return true;
		return false;
	}
	return !strcmp(e->name, "btree_gist") && method && !strcmp(method, "gist") &&
		ls_btree_gist_default_opclass(type);
}

/* Whether table t has a column of an extension type that expr names:
 * what it belongs to goes with that column, unnamed. */
static bool on_ext_column(ls_apply *ap, const ls_extension *e, const char *skip, const ls_table *t,
		const char *expr)
{
	for (size_t j = 0; t && expr && j < t->n_columns; j++)
		if (column_of_ext(ap->cat, e, skip, &t->columns[j]) &&
				ls_expr_uses_column(ap, expr, t->columns[j].name))
			return true;
	return false;
}

static const ls_column *column_named(const ls_table *t, const char *name)
{
	for (size_t j = 0; t && name && j < t->n_columns; j++)
		if (!strcmp(t->columns[j].name, name))
			return &t->columns[j];
	return NULL;
}

/* Identifier text as the server stores it: "a""b" → a"b, other text as is. */
static const char *unquoted(ls_arena *a, const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return s;
	char *o = ls_arena_alloc(a, n);
	if (!o)
		return NULL;
	size_t k = 0;
	for (size_t i = 1; i + 1 < n; i++) {
		o[k++] = s[i];
		if (s[i] == '"' && s[i + 1] == '"')
			i++;
	}
	o[k] = '\0';
	return o;
}

int ls_exclusion_elements(ls_apply *ap, const char *text, char method[32],
		ls_exclusion_element **out, size_t *n_out)
{
	const char *p = text;
	size_t n, cap = 0;
	*out = NULL;
	*n_out = 0;
	method[0] = '\0';
	if (!p || strncmp(p, "USING ", 6))
		return 0;
	p += 6;
	n = strcspn(p, " (");
	if (n >= 32)
		return 0;
	memcpy(method, p, n);
	method[n] = '\0';
	p = strchr(p, '(');
	while (p && *p && *p != ')') {
		p++;
		while (*p == ' ')
			p++;
		/* one element, up to the "," or ")" at its depth */
		const char *start = p;
		int depth = 0;
		for (; *p && !(depth == 0 && (*p == ',' || *p == ')')); p++)
			depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
		char *el = ls_arena_strndup(ap->cat->arena, start, (size_t)(p - start));
		if (!el)
			return ls_apply_nomem(ap);
		char *with = strstr(el, " WITH ");
		if (with)
			*with = '\0';
		ls_exclusion_element x = {NULL, NULL, NULL};
		if (*el == '(') {
			x.expr = el;
		} else {
			char *sp = el;
			if (*sp == '"')
				for (sp++; *sp && !(sp[0] == '"' && sp[1] != '"'); sp += sp[0] == '"' ? 2 : 1)
					;
			sp = strchr(sp, ' ');
			if (sp) {
				*sp = '\0';
				x.opclass = sp + 1;
				if (!strncmp(x.opclass, "COLLATE ", 8) || !strncmp(x.opclass, "ASC", 3) ||
						!strncmp(x.opclass, "DESC", 4) || !strncmp(x.opclass, "NULLS", 5))
					x.opclass = NULL;
				else if (strchr(x.opclass, ' '))
					*strchr(x.opclass, ' ') = '\0';
			}
			x.column = unquoted(ap->cat->arena, el);
			if (!x.column)
				return ls_apply_nomem(ap);
		}
		if (*n_out == cap) {
			cap = cap ? 2 * cap : 4;
			ls_exclusion_element *m = ls_arena_alloc(ap->cat->arena, cap * sizeof *m);
			if (!m)
				return ls_apply_nomem(ap);
			if (*n_out)
				memcpy(m, *out, *n_out * sizeof *m);
			*out = m;
		}
		(*out)[(*n_out)++] = x;
	}
	return 0;
}

/* Whether the exclusion constraint text of t uses an operator class of
 * the extension, explicit or btree_gist's default for a key column;
 * *on_col: a key column is of an extension type. */
static bool exclusion_uses(ls_apply *ap, const ls_extension *e, const char *skip_schema,
		const ls_table *t, const char *text, bool *on_col)
{
	char method[32];
	ls_exclusion_element *el;
	size_t n;
	bool uses = false;
	*on_col = false;
	if (ls_exclusion_elements(ap, text, method, &el, &n) < 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (el[i].column) {
			const ls_column *c = column_named(t, el[i].column);
			*on_col = *on_col || (c && column_of_ext(ap->cat, e, skip_schema, c));
			uses = uses || (c && opclass_of_ext(e, method, el[i].opclass, c->type));
		} else {
			*on_col = *on_col || on_ext_column(ap, e, skip_schema, t, el[i].expr);
			uses = uses || calls_ext(ap, e, el[i].expr, 'e');
		}
	}
	return uses;
}

static bool skipped(const char *schema, const char *skip_schema)
{
	return skip_schema && !strcmp(schema, skip_schema);
}

/* Name column c of table t, and the views reading it (a normal dependency
 * on the column: the server names them too). */
static void add_column(ls_apply *ap, const ls_table *t, const ls_column *c, const char *skip_schema,
		ls_deps_text *d)
{
	ls_catalog *cat = ap->cat;
	ls_deps_add(d, "column %s of table %s", c->name, ls_deps_relname(ap, t->schema, t->name));
	for (size_t v = 0; v < cat->n_views; v++) {
		const ls_view *w = &cat->views[v];
		if (!skipped(w->schema, skip_schema) &&
				ls_view_uses_column(ap, w, t->schema, t->name, c->name)) {
			ls_deps_add(d, "%s %s", w->materialized ? "materialized view" : "view",
					ls_deps_relname(ap, w->schema, w->name));
			ls_deps_relation(ap, w->schema, w->name, skip_schema, NULL, d);
		}
	}
}

/* What uses extension e, in the server's words into d (NULL: not listed),
 * and the statements that drop them as DROP EXTENSION ... CASCADE does
 * into b (NULL: not written). What is in skip_schema (a schema being
 * dropped, NULL: none) is not listed, nor what goes with a column listed
 * already. */
static void ext_users(ls_apply *ap, const ls_extension *e, const char *skip_schema,
		ls_deps_text *d, ls_buf *b)
{
	ls_catalog *cat = ap->cat;
	ls_arena *a = cat->arena;
	for (size_t i = 0; i < cat->n_tables; i++) {
		const ls_table *t = &cat->tables[i];
		if (skipped(t->schema, skip_schema))
			continue;
		const char *tn = ls_deps_relname(ap, t->schema, t->name);
		const char *tq = ls_qualify(a, t->schema, t->name);
		for (size_t j = 0; j < t->n_columns; j++) {
			const ls_column *c = &t->columns[j];
			if (column_of_ext(cat, e, skip_schema, c)) {
				if (d)
					add_column(ap, t, c, skip_schema, d);
				if (b)
					ls_buf_printf(b, "ALTER TABLE IF EXISTS %s DROP COLUMN IF EXISTS %s CASCADE;\n",
							tq, ls_quote_ident(a, c->name));
			} else if (c->default_expr && calls_ext(ap, e, c->default_expr, 'e')) {
				if (d)
					ls_deps_add(d, "default value for column %s of table %s", c->name, tn);
				if (b)
					ls_buf_printf(b, "ALTER TABLE IF EXISTS %s ALTER COLUMN %s DROP DEFAULT;\n",
							tq, ls_quote_ident(a, c->name));
			}
		}
		for (size_t j = 0; j < t->n_constraints; j++) {
			const ls_constraint *k = &t->constraints[j];
			bool on_col = false, uses;
			if (k->type == 'x')
				uses = exclusion_uses(ap, e, skip_schema, t, k->exclusion, &on_col);
			else
				uses = k->expr && calls_ext(ap, e, k->expr, 'e');
			if (!uses || on_col || on_ext_column(ap, e, skip_schema, t, k->expr))
				continue;
			if (d)
				ls_deps_add(d, "constraint %s on table %s", k->name, tn);
			if (b)
				ls_buf_printf(b, "ALTER TABLE IF EXISTS %s DROP CONSTRAINT IF EXISTS %s CASCADE;\n",
						tq, ls_quote_ident(a, k->name));
		}
	}
	for (size_t i = 0; i < cat->n_types; i++) {
		const ls_type *t = &cat->types[i];
		const char *ty;
		bool over = false;
		for (size_t k = 0; !over && (ty = ls_extension_object_at(k, e->name, 't')); k++) {
			const char *q = ls_qualify(a, e->schema, ty);
			over = q && t->base_type && ls_of_type(t->base_type, q);
		}
		if (!over || skipped(t->schema, skip_schema))
			continue;
		const char *dq = ls_qualify(a, t->schema, t->name);
		if (d) {
			ls_deps_add(d, "type %s", ls_deps_typename(ap, t->schema, t->name));
			/* and the columns of the domain */
			for (size_t k = 0; dq && k < cat->n_tables; k++)
				for (size_t j = 0; j < cat->tables[k].n_columns; j++)
					if (!skipped(cat->tables[k].schema, skip_schema) &&
							ls_of_type(cat->tables[k].columns[j].type, dq))
						add_column(ap, &cat->tables[k], &cat->tables[k].columns[j], skip_schema, d);
		}
		if (b)
			ls_buf_printf(b, "DROP TYPE IF EXISTS %s CASCADE;\n", ls_qualify(a, t->schema, t->name));
	}
	for (size_t i = 0; i < cat->n_indexes; i++) {
		const ls_index *x = &cat->indexes[i];
		if (x->parent_index || skipped(x->schema, skip_schema) || x->constraint)
			continue;
		const ls_table *t = ls_lookup_table(cat, x->schema, x->table);
		bool uses = x->where && calls_ext(ap, e, x->where, 'e'), on_col = false;
		for (size_t j = 0; j < x->n_keys; j++) {
			const ls_index_key *k = &x->keys[j];
			const ls_column *c = column_named(t, k->column);
			uses = uses || (k->expr && calls_ext(ap, e, k->expr, 'e')) ||
				((c || k->opclass) && opclass_of_ext(e, x->method, k->opclass, c ? c->type : NULL));
			on_col = on_col || (c && column_of_ext(cat, e, skip_schema, c)) || on_ext_column(ap, e, skip_schema, t, k->expr);
		}
		for (size_t j = 0; j < x->n_include; j++) {
			const ls_column *c = column_named(t, x->include[j]);
			on_col = on_col || (c && column_of_ext(cat, e, skip_schema, c));
		}
		on_col = on_col || on_ext_column(ap, e, skip_schema, t, x->where);
		if (!uses || on_col)
			continue;
		if (d)
			ls_deps_add(d, "index %s", ls_deps_relname(ap, x->schema, x->name));
		if (b)
			ls_buf_printf(b, "DROP INDEX IF EXISTS %s CASCADE;\n", ls_qualify(a, x->schema, x->name));
	}
	for (size_t i = 0; i < cat->n_views; i++) {
		const ls_view *v = &cat->views[i];
		if (!v->definition || skipped(v->schema, skip_schema) || !calls_ext(ap, e, v->definition, 'q'))
			continue;
		if (d) {
			ls_deps_add(d, "%s %s", v->materialized ? "materialized view" : "view",
					ls_deps_relname(ap, v->schema, v->name));
			ls_deps_relation(ap, v->schema, v->name, skip_schema, NULL, d);
		}
		if (b)
			ls_buf_printf(b, "DROP %s IF EXISTS %s CASCADE;\n",
					v->materialized ? "MATERIALIZED VIEW" : "VIEW", ls_qualify(a, v->schema, v->name));
	}
}

void ls_deps_of_extension(ls_apply *ap, const ls_extension *e, const char *skip_schema,
		ls_deps_text *d)
{
	if (e->schema)
		ext_users(ap, e, skip_schema, d, NULL);
}

int ls_drop_extension_users(ls_apply *ap, const char *schema)
{
	ls_catalog *cat = ap->cat;
	ls_buf b = {.a = cat->arena};
	for (size_t i = 0; i < cat->n_extensions; i++)
		if (cat->extensions[i].schema && (!schema || !strcmp(cat->extensions[i].schema, schema)))
			ext_users(ap, &cat->extensions[i], NULL, NULL, &b);
	const char *sql = ls_buf_take(&b);
	if (!sql)
		return ls_apply_nomem(ap);
	return *sql ? ls_catalog_apply_sql(cat, sql, strlen(sql), "DROP EXTENSION ... CASCADE", ap->err) : 0;
}

int ls_apply_drop_extension(ls_apply *ap, const char *name, bool casc)
{
	ls_catalog *cat = ap->cat;
	size_t i = 0;
	while (i < cat->n_extensions && strcmp(cat->extensions[i].name, name))
		i++;
	if (i == cat->n_extensions)
		return 0;
	ls_extension *e = &cat->extensions[i];
	if (e->schema && casc) {
		/* what uses it goes first, through the statements that drop each
		 * (they know what depends on those in turn) */
		ls_buf b = {.a = cat->arena};
		ext_users(ap, e, NULL, NULL, &b);
		const char *sql = ls_buf_take(&b);
		if (!sql)
			return ls_apply_nomem(ap);
		int rc = *sql ? ls_catalog_apply_sql(cat, sql, strlen(sql), "DROP EXTENSION ... CASCADE",
				ap->err) : 0;
		if (rc < 0)
			return rc;
	} else {
		ls_deps_text d = LS_DEPS_TEXT_INIT;
		ls_deps_of_extension(ap, e, NULL, &d);
		if (d.len)
			return ls_deps_hint(ap, ls_apply_error(ap, LS_EINVAL,
					"cannot drop extension %s because other objects depend on it", e->name), &d);
	}
	for (i = 0; i < cat->n_extensions; i++)
		if (!strcmp(cat->extensions[i].name, name)) {
			LS_REMOVE(cat->extensions, cat->n_extensions, i);
			break;
		}
	return 0;
}

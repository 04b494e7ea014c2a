/* The dependents a refused DROP names, in the server's words (see
 * apply_dropdeps.h). */
#define _POSIX_C_SOURCE 200809L
#include "apply_dropdeps.h"
#include "apply_func.h"
#include "apply_table.h"
#include "parse.h"
#include "rewrite.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Whether item is one of the "; "-separated items of d already. */
static bool deps_has(const ls_deps_text *d, const char *item)
{
	size_t n = strlen(item);
	for (const char *p = d->buf; (p = strstr(p, item)); p++)
		if ((p == d->buf || (p - d->buf >= 2 && p[-2] == ';' && p[-1] == ' ')) &&
				(p[n] == '\0' || (p[n] == ';' && p[n + 1] == ' ')))
			return true;
	return false;
}

void ls_deps_add(ls_deps_text *d, const char *fmt, ...)
{
	char item[320];
	va_list args;
	va_start(args, fmt);
	int n = vsnprintf(item, sizeof item, fmt, args);
	va_end(args);
	const char *sep = d->len ? "; " : "";
	if (d->full || (n >= 0 && (size_t)n < sizeof item && deps_has(d, item)))
		return;
	if (n < 0 || (size_t)n >= sizeof item || d->len + strlen(sep) + (size_t)n + 5 >= sizeof d->buf) {
		d->full = true;
		d->len += (size_t)snprintf(d->buf + d->len, sizeof d->buf - d->len, "%s...", sep);
		return;
	}
	d->len += (size_t)snprintf(d->buf + d->len, sizeof d->buf - d->len, "%s%s", sep, item);
}

int ls_deps_hint(ls_apply *ap, int rc, const ls_deps_text *d)
{
	if (d->len && ap->err && !ap->err->hint[0])
		snprintf(ap->err->hint, sizeof ap->err->hint, "dependents: %s (DROP ... CASCADE drops them too)", d->buf);
	return rc;
}

const char *ls_deps_relname(ls_apply *ap, const char *schema, const char *name)
{
	ls_arena *a = ap->cat->arena;
	const char *n = ls_quote_ident_server(a, name);
	if (!n)
		return name;
	if (!schema || !strcmp(schema, "public"))
		return n;
	const char *sq = ls_quote_ident_server(a, schema);
	const char *q = sq ? ls_arena_printf(a, "%s.%s", sq, n) : NULL;
	return q ? q : name;
}

const char *ls_deps_typename(ls_apply *ap, const char *schema, const char *name)
{
	if (schema && !strcmp(schema, "public") && ls_pg_catalog_type(name)) {
		const char *q = ls_arena_printf(ap->cat->arena, "public.%s", name);
		return q ? q : name;
	}
	return ls_deps_relname(ap, schema, name);
}

/* Types the server spells in several words: an argument that is one of
 * them (or its array) has no name in front. */
static bool multiword_type(const char *s)
{
	static const char *const types[] = {"double precision", "character varying", "bit varying",
		"timestamp with time zone", "timestamp without time zone", "time with time zone",
		"time without time zone"};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		size_t n = strlen(types[i]);
		if (!strncmp(s, types[i], n) && (s[n] == '\0' || !strcmp(s + n, "[]")))
			return true;
	}
	return false;
}

/* The type of one identity argument ("IN a public.t", "b integer",
 * "double precision") as the server's format_type prints it here; NULL for
 * an OUT argument of a function (not part of its signature). */
static const char *arg_type(ls_apply *ap, const char *arg, size_t len, bool procedure)
{
	char *s = ls_arena_strndup(ap->cat->arena, arg, len);
	if (!s)
		return NULL;
	static const char *const modes[] = {"IN ", "INOUT ", "VARIADIC ", "OUT "};
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (!strncmp(s, modes[i], strlen(modes[i]))) {
			if (i == 3 && !procedure)
				return NULL;
			s += strlen(modes[i]);
			break;
		}
	if (*s == '"') {
		/* a quoted name, or a quoted schema of the type ("s".t) */
		const char *p = s + 1;
		while (*p && !(p[0] == '"' && p[1] != '"'))
			p += p[0] == '"' ? 2 : 1;
		if (*p == '"' && p[1] == ' ')
			s = (char *)p + 2;
	} else if (strchr(s, ' ') && !multiword_type(s)) {
		s = strchr(s, ' ') + 1;
	}
	/* public is on search_path, but behind pg_catalog: a type named as
	 * one of pg_catalog's stays qualified */
	if (!strncmp(s, "public.", 7)) {
		char base[64];
		size_t n = strcspn(s + 7, "[");
		snprintf(base, sizeof base, "%.*s", (int)n, s + 7);
		if (!ls_pg_catalog_type(base))
			s += 7;
	}
	return s;
}

const char *ls_deps_function(ls_apply *ap, const ls_function *f)
{
	ls_arena *a = ap->cat->arena;
	bool proc = f->kind == 'p';
	/* PostgreSQL 15 names a procedure "function" in these lines too */
	const char *out = ls_arena_printf(a, "function %s(", ls_deps_relname(ap, f->schema, f->name));
	const char *args = f->identity_args ? f->identity_args : "";
	/* an aggregate by its plain signature: "p(double precision,anyelement)" */
	if (f->kind == 'a' && !(args = ls_aggregate_param_text(a, args)))
		return f->name;
	bool first = true;
	while (out && *args) {
		const char *end = strstr(args, ", ");
		size_t len = end ? (size_t)(end - args) : strlen(args);
		const char *ty = arg_type(ap, args, len, proc);
		if (ty) {
			out = ls_arena_printf(a, "%s%s%s", out, first ? "" : ",", ty);
			first = false;
		}
		args += len + (end ? 2 : 0);
	}
	out = out ? ls_arena_printf(a, "%s)", out) : NULL;
	return out ? out : f->name;
}

static bool in_schema(const char *skip, const char *schema)
{
	return skip && !strcmp(skip, schema);
}

/* Whether d names prefix+name as one of its entries ("; " between them). */
static bool listed_already(const ls_deps_text *d, const char *prefix, const char *name)
{
	size_t lp = strlen(prefix), ln = strlen(name);
	for (const char *p = d->buf; (p = strstr(p, prefix)); p += lp) {
		bool starts = p == d->buf || (p - d->buf >= 2 && p[-2] == ';' && p[-1] == ' ');
		if (starts && !strncmp(p + lp, name, ln) && (p[lp + ln] == ';' || p[lp + ln] == '\0'))
			return true;
	}
	return false;
}

static void relation_closure(ls_apply *ap, const char *schema, const char *name,
		const char *skip_schema, bool *listed, ls_deps_text *d, int depth);

bool ls_goes_with(ls_catalog *cat, const ls_table *o, const char *schema, const char *name)
{
	for (int depth = 0; o && depth < 64; depth++) {
		if (!strcmp(o->schema, schema) && !strcmp(o->name, name))
			return true;
		o = o->parent_table ? ls_catalog_find_table(cat, o->parent_schema, o->parent_table) : NULL;
	}
	return false;
}

bool ls_fk_depends_on(ls_catalog *cat, const ls_constraint *k, const char *schema, const char *name)
{
	if (k->type != 'f')
		return false;
	if (!strcmp(k->ref_schema, schema) && !strcmp(k->ref_table, name))
		return true;
	const ls_table *t = ls_catalog_find_table(cat, schema, name);
	return t && t->parent_table && ls_goes_with(cat, t, k->ref_schema, k->ref_table);
}

/* Whether table t inherits from schema.name, directly or through its
 * parents (depth levels up so far). */
static bool descends_from(ls_catalog *cat, const ls_table *t, const char *schema, const char *name,
		int depth)
{
	for (size_t i = 0; t && depth < 64 && i < t->n_inherits; i++)
		if ((!strcmp(t->inherits[i].schema, schema) && !strcmp(t->inherits[i].name, name)) ||
				descends_from(cat, ls_catalog_find_table(cat, t->inherits[i].schema,
						t->inherits[i].name), schema, name, depth + 1))
			return true;
	return false;
}

/* Add what names relation schema.name by a regclass constant (tree: or
 * an index on it, a sequence it owns; what goes with it is left out, and
 * its inheritance children, named, with their defaults), outside schema
 * skip, and what depends on those: defaults, views (each once, listed as
 * for relation_closure). */
static void naming_closure(ls_apply *ap, const char *schema, const char *name, bool tree,
		const char *skip, bool *listed, ls_deps_text *d, int depth)
{
	ls_catalog *cat = ap->cat;
	bool (*names)(ls_apply *, const char *, char, const char *, const char *, const char *) =
		tree ? ls_text_names_tree : ls_text_names;
	for (size_t i = 0; i < cat->n_tables; i++) {
		const ls_table *t = &cat->tables[i];
		if (in_schema(skip, t->schema) || (tree && (ls_goes_with(cat, t, schema, name) ||
				descends_from(cat, t, schema, name, 0))))
			continue;
		for (size_t j = 0; j < t->n_columns; j++)
			if (names(ap, t->columns[j].default_expr, 'e', t->columns[j].type, schema, name))
				ls_deps_add(d, "default value for column %s of table %s", t->columns[j].name,
						ls_deps_relname(ap, t->schema, t->name));
	}
	for (size_t i = 0; i < cat->n_views; i++) {
		const ls_view *v = &cat->views[i];
		if (in_schema(skip, v->schema) || (listed && listed[i]) ||
				(!strcmp(v->schema, schema) && !strcmp(v->name, name)) ||
				!names(ap, v->definition, 'q', NULL, schema, name))
			continue;
		if (listed)
			listed[i] = true;
		ls_deps_add(d, "%s %s", v->materialized ? "materialized view" : "view",
				ls_deps_relname(ap, v->schema, v->name));
		relation_closure(ap, v->schema, v->name, skip, listed, d, depth + 1);
	}
}

void ls_deps_naming(ls_apply *ap, const char *schema, const char *name, ls_deps_text *d)
{
	naming_closure(ap, schema, name, false, NULL, NULL, d, 0);
}

/* Tables that inherit from schema.name, and theirs (the server names every
 * table a CASCADE would take), with what depends on each (views reading a
 * child); a child of two of them once. */
static void inheritance_children(ls_apply *ap, const char *schema, const char *name,
		const char *skip_schema, bool *listed, ls_deps_text *d, int depth)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = 0; i < cat->n_tables && depth < 64; i++) {
		ls_table *o = &cat->tables[i];
		bool child = false;
		for (size_t j = 0; j < o->n_inherits && !child; j++)
			child = !strcmp(o->inherits[j].schema, schema) && !strcmp(o->inherits[j].name, name);
		if (!child || in_schema(skip_schema, o->schema))
			continue;
		const char *dn = ls_deps_relname(ap, o->schema, o->name);
		if (!listed_already(d, "table ", dn))
			ls_deps_add(d, "table %s", dn);
		relation_closure(ap, o->schema, o->name, skip_schema, listed, d, depth + 1);
	}
}

bool ls_policy_calls(ls_apply *ap, const ls_policy *p, const ls_function *f)
{
	return ls_text_calls_overload(ap, p->using_expr, 'e', f) ||
		ls_text_calls_overload(ap, p->check_expr, 'e', f);
}

bool ls_body_calls(ls_apply *ap, const ls_function *g, const ls_function *f)
{
	return g != f && ls_function_has_sql_body(g) &&
		ls_text_calls_overload(ap, g->body, 'b', f);
}

static void function_closure(ls_apply *ap, const ls_function *f, const char *skip, bool *listed,
		ls_deps_text *d, int depth);
static void type_closure(ls_apply *ap, const char *schema, const char *name, const char *skip,
		bool *listed, ls_deps_text *d, int depth);

/* ls_deps_relation, depth levels of dependents down (the server's DETAIL
 * is the closure: what depends on a dependent is named too). */
static void relation_closure(ls_apply *ap, const char *schema, const char *name,
		const char *skip_schema, bool *listed, ls_deps_text *d, int depth)
{
	ls_catalog *cat = ap->cat;
	if (depth > 16 || d->full)
		return;
	char q[300];
	snprintf(q, sizeof q, "%s.%s", schema, name);
	for (size_t i = 0; i < cat->n_views; i++) {
		ls_view *v = &cat->views[i];
		bool reads = false;
		for (size_t j = 0; j < v->n_depends && !reads; j++)
			reads = !strcmp(v->depends[j], q);
		if (!reads || in_schema(skip_schema, v->schema) || (listed && listed[i]))
			continue;
		if (listed)
			listed[i] = true;
		ls_deps_add(d, "%s %s", v->materialized ? "materialized view" : "view",
				ls_deps_relname(ap, v->schema, v->name));
		relation_closure(ap, v->schema, v->name, skip_schema, listed, d, depth + 1);
	}
	for (size_t i = 0; i < cat->n_functions; i++) {
		ls_function *f = &cat->functions[i];
		if (!in_schema(skip_schema, f->schema) && ls_body_reads(ap, f, schema, name, NULL)) {
			ls_deps_add(d, "%s", ls_deps_function(ap, f));
			function_closure(ap, f, skip_schema, listed, d, depth + 1);
		}
	}
	for (size_t i = 0; i < cat->n_tables; i++) {
		ls_table *o = &cat->tables[i];
		if (ls_goes_with(cat, o, schema, name) || in_schema(skip_schema, o->schema))
			continue;
		for (size_t j = 0; j < o->n_constraints; j++) {
			ls_constraint *k = &o->constraints[j];
			if (ls_fk_depends_on(cat, k, schema, name))
				ls_deps_add(d, "constraint %s on table %s", k->name,
						ls_deps_relname(ap, o->schema, o->name));
		}
	}
	naming_closure(ap, schema, name, true, skip_schema, listed, d, depth);
	/* policies of other tables reading it */
	for (size_t i = 0; i < cat->n_tables; i++) {
		const ls_table *t = &cat->tables[i];
		if ((!strcmp(t->schema, schema) && !strcmp(t->name, name)) || in_schema(skip_schema, t->schema))
			continue;
		for (size_t j = 0; j < t->n_policies; j++)
			if (ls_policy_reads(ap, &t->policies[j], schema, name))
				ls_deps_add(d, "policy %s on table %s", t->policies[j].name,
						ls_deps_relname(ap, t->schema, t->name));
	}
	/* what uses its row type: routines' signatures, columns, casts */
	type_closure(ap, schema, name, skip_schema, listed, d, depth + 1);
	inheritance_children(ap, schema, name, skip_schema, listed, d, depth);
}

void ls_deps_relation(ls_apply *ap, const char *schema, const char *name,
		const char *skip_schema, bool *listed, ls_deps_text *d)
{
	relation_closure(ap, schema, name, skip_schema, listed, d, 0);
}

/* What calls routine f, outside schema skip (NULL: anywhere). */
static void function_users(ls_apply *ap, const ls_function *f, const char *skip,
		ls_deps_text *d)
{
	ls_catalog *cat = ap->cat;
	const char *fq = ls_qualify(cat->arena, f->schema, f->name);
	for (size_t i = 0; fq && i < cat->n_tables; i++) {
		ls_table *t = &cat->tables[i];
		if (in_schema(skip, t->schema))
			continue;
		const char *tn = ls_deps_relname(ap, t->schema, t->name);
		for (size_t j = 0; j < t->n_columns; j++) {
			/* a column named already takes its default with it */
			char col[320];
			snprintf(col, sizeof col, "%s of table %s", t->columns[j].name, tn);
			if (t->columns[j].default_expr && !listed_already(d, "column ", col) &&
					ls_expr_calls_overload(ap, t->columns[j].default_expr, f))
				ls_deps_add(d, "default value for column %s of table %s",
						t->columns[j].name, tn);
		}
		for (size_t j = 0; j < t->n_constraints; j++)
			if (t->constraints[j].expr &&
					ls_expr_calls_overload(ap, t->constraints[j].expr, f))
				ls_deps_add(d, "constraint %s on table %s",
						t->constraints[j].name, tn);
		for (size_t j = 0; j < t->n_triggers; j++)
			if (t->triggers[j].function && !strcmp(t->triggers[j].function, fq))
				ls_deps_add(d, "trigger %s on table %s", t->triggers[j].name, tn);
	}
	for (size_t i = 0; fq && i < cat->n_indexes; i++) {
		const ls_index *x = &cat->indexes[i];
		/* a partition's copy of a parent's index goes with the parent's,
		 * which the server names alone */
		if (!in_schema(skip, x->schema) && !x->constraint && !x->parent_index &&
				ls_index_calls_overload(ap, x, f))
			ls_deps_add(d, "index %s", ls_deps_relname(ap, x->schema, x->name));
	}
	for (size_t i = 0; fq && i < cat->n_views; i++) {
		ls_view *v = &cat->views[i];
		if (in_schema(skip, v->schema))
			continue;
		for (size_t j = 0; j < v->n_triggers; j++)
			if (v->triggers[j].function && !strcmp(v->triggers[j].function, fq))
				ls_deps_add(d, "trigger %s on view %s", v->triggers[j].name,
						ls_deps_relname(ap, v->schema, v->name));
	}
	for (size_t i = 0; fq && i < cat->n_functions; i++)
		if (!in_schema(skip, cat->functions[i].schema) && ls_aggregate_uses(&cat->functions[i], fq))
			ls_deps_add(d, "%s", ls_deps_function(ap, &cat->functions[i]));
}

void ls_deps_of_function(ls_apply *ap, const ls_function *f, ls_deps_text *d)
{
	function_users(ap, f, NULL, d);
}

/* What calls f outside schema skip, and what depends on those: the views
 * calling it (and their readers), policies, routines whose SQL-standard
 * body calls it, the aggregates of it and their callers. */
static void function_closure(ls_apply *ap, const ls_function *f, const char *skip, bool *listed,
		ls_deps_text *d, int depth)
{
	ls_catalog *cat = ap->cat;
	const char *fq = ls_qualify(cat->arena, f->schema, f->name);
	if (depth > 16 || d->full || !fq)
		return;
	function_users(ap, f, skip, d);
	for (size_t i = 0; i < cat->n_views; i++) {
		const ls_view *v = &cat->views[i];
		if (in_schema(skip, v->schema) || (listed && listed[i]) ||
				!ls_text_calls_overload(ap, v->definition, 'q', f))
			continue;
		if (listed)
			listed[i] = true;
		ls_deps_add(d, "%s %s", v->materialized ? "materialized view" : "view",
				ls_deps_relname(ap, v->schema, v->name));
		relation_closure(ap, v->schema, v->name, skip, listed, d, depth + 1);
	}
	for (size_t i = 0; i < cat->n_tables; i++)
		for (size_t j = 0; !in_schema(skip, cat->tables[i].schema) && j < cat->tables[i].n_policies; j++)
			if (ls_policy_calls(ap, &cat->tables[i].policies[j], f))
				ls_deps_add(d, "policy %s on table %s", cat->tables[i].policies[j].name,
						ls_deps_relname(ap, cat->tables[i].schema, cat->tables[i].name));
	for (size_t i = 0; i < cat->n_functions; i++) {
		const ls_function *g = &cat->functions[i];
		if (in_schema(skip, g->schema))
			continue;
		if (ls_body_calls(ap, g, f)) {
			ls_deps_add(d, "%s", ls_deps_function(ap, g));
			function_closure(ap, g, skip, listed, d, depth + 1);
		} else if (g != f && ls_aggregate_uses(g, fq)) {
			function_closure(ap, g, skip, listed, d, depth + 1);
		}
	}
}

void ls_deps_function_closure(ls_apply *ap, const ls_function *f, const char *skip_schema,
		ls_deps_text *d)
{
	ls_catalog *cat = ap->cat;
	bool *listed = cat->n_views ? ls_arena_alloc(cat->arena, cat->n_views * sizeof *listed) : NULL;
	if (listed)
		memset(listed, 0, cat->n_views * sizeof *listed);
	function_closure(ap, f, skip_schema, listed, d, 0);
}

/* A type as a signature spells it, without SETOF and array brackets. */
static bool same_type(const char *type, const char *q)
{
	if (!type)
		return false;
	if (!strncmp(type, "SETOF ", 6))
		type += 6;
	size_t n = strlen(q);
	if (strncmp(type, q, n))
		return false;
	for (type += n; type[0] == '[' && type[1] == ']'; type += 2)
		;
	return *type == '\0';
}

bool ls_signature_uses(ls_apply *ap, const ls_function *f, const char *q)
{
	if (!q || same_type(f->returns, q))
		return q != NULL;
	/* every DROP asks about every routine: parse only the arguments that
	 * spell the name */
	ls_fparam *p;
	size_t n;
	if (!(f->arguments && strstr(f->arguments, q)) && !(f->returns && strstr(f->returns, q)))
		return false;
	if (ls_function_params(ap, f, &p, &n) < 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (same_type(p[i].type, q))
			return true;
	return false;
}

bool ls_policy_reads(ls_apply *ap, const ls_policy *p, const char *schema, const char *name)
{
	return ls_expr_reads(ap, p->using_expr, schema, name, NULL) ||
		ls_expr_reads(ap, p->check_expr, schema, name, NULL);
}

bool ls_of_type(const char *ty, const char *q)
{
	size_t n = strlen(q);
	return ty && !strncmp(ty, q, n) && (ty[n] == '\0' || ty[n] == '[');
}

/* Whether table t (from: its parent, when from is 1) or a table it is a
 * partition of is partitioned by a column of type q. */
static bool keyed_by_type(ls_apply *ap, const ls_table *t, const char *q, int from)
{
	for (int depth = 0; t && depth < 64; depth++) {
		if (depth >= from)
			for (size_t j = 0; t->partition_key && j < t->n_columns; j++)
				if (ls_of_type(t->columns[j].type, q) &&
						ls_partition_key_uses(ap, t->partition_key, t->columns[j].name))
					return true;
		t = t->parent_table ? ls_lookup_table(ap->cat, t->parent_schema, t->parent_table) : NULL;
	}
	return false;
}

size_t ls_typed_view(ls_apply *ap, const char *schema, const char *name, size_t from)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = from; i < cat->n_views; i++)
		if (ls_text_uses_type(ap, cat->views[i].definition, 'q', schema, name))
			return i;
	return SIZE_MAX;
}

/* Add column col of table t and what depends on it: the views reading it
 * (a normal dependency on the column) and what reads those, outside
 * schema skip, and its table's policies and triggers reading it. */
static void column_closure(ls_apply *ap, const ls_table *t, const char *col, const char *skip,
		ls_deps_text *d, int depth)
{
	ls_catalog *cat = ap->cat;
	const char *tn = ls_deps_relname(ap, t->schema, t->name);
	ls_deps_add(d, "column %s of table %s", col, tn);
	for (size_t v = 0; v < cat->n_views; v++) {
		const ls_view *w = &cat->views[v];
		if (!in_schema(skip, w->schema) && ls_view_uses_column(ap, w, t->schema, t->name, col)) {
			ls_deps_add(d, "%s %s", w->materialized ? "materialized view" : "view",
					ls_deps_relname(ap, w->schema, w->name));
			relation_closure(ap, w->schema, w->name, skip, NULL, d, depth + 1);
		}
	}
	for (size_t k = 0; k < t->n_policies; k++)
		if ((t->policies[k].using_expr && ls_expr_uses_column(ap, t->policies[k].using_expr, col)) ||
				(t->policies[k].check_expr && ls_expr_uses_column(ap, t->policies[k].check_expr, col)))
			ls_deps_add(d, "policy %s on table %s", t->policies[k].name, tn);
	for (size_t k = 0; k < t->n_triggers; k++)
		if (ls_trigger_uses_column(ap, &t->triggers[k], col))
			ls_deps_add(d, "trigger %s on table %s", t->triggers[k].name, tn);
}

/* ls_deps_type, but what is in schema skip (non-NULL: going away), depth
 * levels of dependents down; listed as for relation_closure. */
static void type_closure(ls_apply *ap, const char *schema, const char *name, const char *skip,
		bool *listed, ls_deps_text *d, int depth)
{
	ls_catalog *cat = ap->cat;
	const char *q = ls_qualify(cat->arena, schema, name);
	if (!q || depth > 16 || d->full)
		return;
	for (size_t i = 0; i < cat->n_tables; i++) {
		const ls_table *t = &cat->tables[i];
		if (in_schema(skip, t->schema))
			continue;
		if (keyed_by_type(ap, t, q, 0)) {
			/* its partition key uses the type: the table depends on it,
			 * its partitions go with it */
			if (!keyed_by_type(ap, t, q, 1))
				ls_deps_add(d, "table %s", ls_deps_relname(ap, t->schema, t->name));
			continue;
		}
		for (size_t j = 0; j < t->n_columns; j++)
			if (ls_of_type(t->columns[j].type, q))
				column_closure(ap, t, t->columns[j].name, skip, d, depth);
	}
	for (size_t i = 0; i < cat->n_types; i++) {
		const ls_type *t = &cat->types[i];
		if (in_schema(skip, t->schema))
			continue;
		if (t->base_type && !strcmp(t->base_type, q)) {
			ls_deps_add(d, "type %s", ls_deps_typename(ap, t->schema, t->name));
			type_closure(ap, t->schema, t->name, skip, listed, d, depth + 1);
		}
		for (size_t j = 0; j < t->n_attributes; j++)
			if (!strcmp(t->attributes[j].type, q))
				ls_deps_add(d, "column %s of composite type %s", t->attributes[j].name,
						ls_deps_relname(ap, t->schema, t->name));
	}
	for (size_t v = 0; (v = ls_typed_view(ap, schema, name, v)) != SIZE_MAX; v++) {
		const ls_view *w = &cat->views[v];
		if (in_schema(skip, w->schema))
			continue;
		ls_deps_add(d, "%s %s", w->materialized ? "materialized view" : "view",
				ls_deps_relname(ap, w->schema, w->name));
		relation_closure(ap, w->schema, w->name, skip, NULL, d, depth + 1);
	}
	/* a composite type is a relation too, which regclass constants name */
	const ls_type *ty = ls_catalog_find_type(cat, schema, name);
	if (ty && ty->kind == LS_TYPE_COMPOSITE)
		naming_closure(ap, schema, name, false, skip, listed, d, depth);
	/* routines whose signature uses it, and what depends on those (after
	 * the columns: a default calling one goes with its column, named) */
	for (size_t i = 0; i < cat->n_functions; i++) {
		const ls_function *f = &cat->functions[i];
		if (!in_schema(skip, f->schema) && ls_signature_uses(ap, f, q)) {
			ls_deps_add(d, "%s", ls_deps_function(ap, f));
			function_closure(ap, f, skip, listed, d, depth + 1);
		}
	}
}

void ls_deps_type(ls_apply *ap, const char *schema, const char *name, ls_deps_text *d)
{
	type_closure(ap, schema, name, NULL, NULL, d, 0);
}

/* Add the views outside schema skip that call f, each once (listed). */
static void views_calling(ls_apply *ap, const ls_function *f, const char *skip, bool *listed,
		ls_deps_text *d)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = 0; i < cat->n_views; i++) {
		const ls_view *v = &cat->views[i];
		if (in_schema(skip, v->schema) || (listed && listed[i]) ||
				!ls_text_calls_overload(ap, v->definition, 'q', f))
			continue;
		if (listed)
			listed[i] = true;
		ls_deps_add(d, "%s %s", v->materialized ? "materialized view" : "view",
				ls_deps_relname(ap, v->schema, v->name));
	}
}

/* Add what other schemas hold that depends on the objects of schema name,
 * which a DROP SCHEMA without CASCADE names: what depends on its relations
 * (ls_deps_relation), what names its sequences, uses its types or calls
 * its routines. */
static void outside_users(ls_apply *ap, const char *name, bool *listed, ls_deps_text *d)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = 0; i < cat->n_tables; i++)
		if (!strcmp(cat->tables[i].schema, name))
			ls_deps_relation(ap, name, cat->tables[i].name, name, listed, d);
	for (size_t i = 0; i < cat->n_views; i++)
		if (!strcmp(cat->views[i].schema, name))
			ls_deps_relation(ap, name, cat->views[i].name, name, listed, d);
	/* what of other schemas names its sequences, uses its types */
	for (size_t i = 0; i < cat->n_sequences; i++)
		if (!strcmp(cat->sequences[i].schema, name))
			naming_closure(ap, name, cat->sequences[i].name, false, name, listed, d, 1);
	for (size_t i = 0; i < cat->n_types; i++)
		if (!strcmp(cat->types[i].schema, name))
			type_closure(ap, name, cat->types[i].name, name, listed, d, 1);
	/* views and aggregates of other schemas calling its routines, and the
	 * views calling those aggregates */
	for (size_t i = 0; i < cat->n_functions; i++) {
		const ls_function *f = &cat->functions[i];
		const char *fq = ls_qualify(cat->arena, f->schema, f->name);
		if (strcmp(f->schema, name) || !fq)
			continue;
		for (size_t j = 0; j < cat->n_functions; j++) {
			const ls_function *g = &cat->functions[j];
			if (strcmp(g->schema, name) && ls_aggregate_uses(g, fq)) {
				ls_deps_add(d, "%s", ls_deps_function(ap, g));
				views_calling(ap, g, name, listed, d);
			}
		}
		views_calling(ap, f, name, listed, d);
		/* defaults, checks, indexes and triggers of other schemas */
		function_users(ap, f, name, d);
	}
}

void ls_deps_schema(ls_apply *ap, const char *name, ls_deps_text *d)
{
	ls_catalog *cat = ap->cat;
	bool *listed = cat->n_views ? ls_arena_alloc(cat->arena, cat->n_views * sizeof *listed) : NULL;
	for (size_t i = 0; i < cat->n_extensions; i++)
		if (cat->extensions[i].schema && !strcmp(cat->extensions[i].schema, name)) {
			ls_deps_add(d, "extension %s", cat->extensions[i].name);
			ls_deps_of_extension(ap, &cat->extensions[i], name, d);
		}
	for (size_t i = 0; i < cat->n_collations; i++)
		if (!strcmp(cat->collations[i].schema, name)) {
			ls_deps_add(d, "collation %s", ls_deps_relname(ap, name, cat->collations[i].name));
			ls_deps_of_collation(ap, &cat->collations[i], name, d);
		}
	for (size_t i = 0; i < cat->n_tables; i++) {
		ls_table *t = &cat->tables[i];
		if (!strcmp(t->schema, name) && !(t->parent_table && !strcmp(t->parent_schema, name)))
			ls_deps_add(d, "table %s", ls_deps_relname(ap, t->schema, t->name));
	}
	for (size_t i = 0; i < cat->n_views; i++)
		if (!strcmp(cat->views[i].schema, name))
			ls_deps_add(d, "%s %s", cat->views[i].materialized ? "materialized view" : "view",
					ls_deps_relname(ap, cat->views[i].schema, cat->views[i].name));
	for (size_t i = 0; i < cat->n_sequences; i++)
		if (!strcmp(cat->sequences[i].schema, name) && !cat->sequences[i].owned_table)
			ls_deps_add(d, "sequence %s", ls_deps_relname(ap, name, cat->sequences[i].name));
	for (size_t i = 0; i < cat->n_types; i++)
		if (!strcmp(cat->types[i].schema, name))
			ls_deps_add(d, "type %s", ls_deps_typename(ap, name, cat->types[i].name));
	for (size_t i = 0; i < cat->n_functions; i++)
		if (!strcmp(cat->functions[i].schema, name))
			ls_deps_add(d, "%s", ls_deps_function(ap, &cat->functions[i]));
	outside_users(ap, name, listed, d);
}

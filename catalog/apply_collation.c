/* The user's collations: CREATE COLLATION (options or FROM), DROP, ALTER
 * ... RENAME TO / SET SCHEMA / REFRESH VERSION, COMMENT ON COLLATION, and
 * the lookup that resolves COLLATE "x" of a column, domain, index key or
 * expression to one of them, as PostgreSQL 15 does (DefineCollation,
 * CollationCreate, IsThereCollationInNamespace in
 * src/backend/commands/collationcmds.c and catalog/pg_collation.c).
 *
 * Messages are the server's. It names a collation's encoding when the
 * collation has one: a libc collation made from options takes the
 * database's (UTF8 here, as initdb of the tests gives), an ICU one has none
 * (-1); one copied FROM another takes the source's (the model keeps no
 * encoding, so a libc one copied from "C" is taken as UTF8 too). What the
 * server checks against its own build is not checked offline: a libc
 * locale is whatever the server's system has (newlocale), an ICU locale
 * any string ICU accepts, and a collation's version the library's.
 */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "apply_dropdeps.h"
#include "lockstep/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Collations of pg_catalog that every PostgreSQL 15 of Debian has; the
 * server looks in pg_catalog first, so these names never reach a user's
 * collation of the same name through search_path. */
static bool builtin_collation(const char *name)
{
	size_t n = strlen(name);
	return !strcmp(name, "default") || !strcmp(name, "C") || !strcmp(name, "POSIX") ||
		!strcmp(name, "ucs_basic") || !strcmp(name, "C.utf8") ||
		(n > 6 && !strcmp(name + n - 6, "-x-icu"));
}

static ls_collation *find_in(ls_catalog *cat, const char *schema, const char *name)
{
	for (size_t i = 0; i < cat->n_collations; i++)
		if (!strcmp(cat->collations[i].schema, schema) && !strcmp(cat->collations[i].name, name))
			return &cat->collations[i];
	return NULL;
}

ls_collation *ls_lookup_collation(ls_catalog *cat, const char *schema, const char *name)
{
	if (schema)
		return find_in(cat, schema, name);
	if (builtin_collation(name))
		return NULL;
	for (size_t i = 0; i < cat->n_search_path; i++) {
		ls_collation *c = find_in(cat, cat->search_path[i], name);
		if (c)
			return c;
	}
	return NULL;
}

const char *ls_collation_name(ls_catalog *cat, const char *schema, const char *name)
{
	/* COLLATE "default" is the type's own collation: nothing to record. */
	if (!strcmp(name, "default") && (!schema || !strcmp(schema, "pg_catalog")))
		return NULL;
	if (!schema) {
		const ls_collation *c = ls_lookup_collation(cat, NULL, name);
		schema = c ? c->schema : "pg_catalog";
	}
	return ls_qualify(cat->arena, schema, name);
}

/* The name as written, "a.b", for a message. */
static const char *written(ls_apply *ap, const char *schema, const char *name)
{
	return schema ? ls_arena_printf(ap->cat->arena, "%s.%s", schema, name) : name;
}

static int not_found(ls_apply *ap, const char *schema, const char *name)
{
	if (schema && strcmp(schema, "pg_catalog") && !ls_catalog_find_schema(ap->cat, schema))
		return ls_apply_error(ap, LS_EINVAL, "schema \"%s\" does not exist", schema);
	return ls_apply_error(ap, LS_EINVAL, "collation \"%s\" for encoding \"UTF8\" does not exist",
			written(ap, schema, name));
}

int ls_collation_check(ls_apply *ap, const char *schema, const char *name)
{
	if (!schema || !strcmp(schema, "pg_catalog") || ls_lookup_collation(ap->cat, schema, name))
		return 0;
	return not_found(ap, schema, name);
}

/* The value of an option as the server's defGetString reads it (a
 * number printed in the arena), or NULL. */
static const char *def_text(ls_arena *a, const PgQuery__DefElem *d)
{
	if (!d->arg)
		return NULL;
	switch (d->arg->node_case) {
	case PG_QUERY__NODE__NODE_STRING:
		return d->arg->string->sval;
	case PG_QUERY__NODE__NODE_INTEGER:
		return ls_arena_printf(a, "%d", d->arg->integer->ival);
	case PG_QUERY__NODE__NODE_BOOLEAN:
		return d->arg->boolean->boolval ? "true" : "false";
	case PG_QUERY__NODE__NODE_TYPE_NAME: {
		const PgQuery__TypeName *tn = d->arg->type_name;
		if (tn->n_names > 0 && tn->names[tn->n_names - 1]->node_case == PG_QUERY__NODE__NODE_STRING)
			return tn->names[tn->n_names - 1]->string->sval;
		return NULL;
	}
	default:
		return NULL;
	}
}

/* defGetBoolean: 1 true, 0 false, -1 not a Boolean. */
static int def_bool(ls_arena *a, const PgQuery__DefElem *d)
{
	if (!d->arg)
		return 1;
	const char *s = def_text(a, d);
	if (!s)
		return -1;
	if (!strcmp(s, "1") || !strcasecmp(s, "true") || !strcasecmp(s, "on"))
		return 1;
	if (!strcmp(s, "0") || !strcasecmp(s, "false") || !strcasecmp(s, "off"))
		return 0;
	return -1;
}

/* What FROM copies: a user collation, or one of pg_catalog's. */
static int copy_from(ls_apply *ap, const PgQuery__DefElem *d, ls_collation *out)
{
	const char *schema = NULL, *name = NULL;
	if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_LIST ||
			ls_name_list((const pgnode *const *)d->arg->list->items, d->arg->list->n_items,
				&schema, &name) < 0 || !name)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported CREATE COLLATION ... FROM");
	const ls_collation *src = schema && strcmp(schema, "pg_catalog") ? find_in(ap->cat, schema, name) :
		schema ? NULL : ls_lookup_collation(ap->cat, NULL, name);
	if (src) {
		out->provider = src->provider;
		out->locale = src->locale;
		out->lc_collate = src->lc_collate;
		out->lc_ctype = src->lc_ctype;
		out->deterministic = src->deterministic;
		return 0;
	}
	if (schema && strcmp(schema, "pg_catalog"))
		return not_found(ap, schema, name);
	size_t n = strlen(name);
	out->deterministic = true;
	if (!strcmp(name, "default"))
		return ls_apply_error(ap, LS_EINVAL, "collation \"default\" cannot be copied");
	if (!strcmp(name, "C") || !strcmp(name, "POSIX") || !strcmp(name, "ucs_basic") ||
			!strcmp(name, "C.utf8")) {
		out->provider = 'c';
		out->lc_collate = out->lc_ctype = !strcmp(name, "ucs_basic") ? "C" : name;
		return 0;
	}
	if (n > 6 && !strcmp(name + n - 6, "-x-icu")) {
		out->provider = 'i';
		out->locale = ls_arena_strndup(ap->cat->arena, name, n - 6);
		return out->locale ? 0 : ls_apply_nomem(ap);
	}
	return not_found(ap, schema, name);
}

/* The options of CREATE COLLATION name (...), checked as DefineCollation
 * checks them, into out. */
static int read_options(ls_apply *ap, const PgQuery__DefineStmt *s, ls_collation *out)
{
	const PgQuery__DefElem *from = NULL, *provider = NULL, *locale = NULL, *collate = NULL,
		*ctype = NULL, *det = NULL, *version = NULL;
	for (size_t i = 0; i < s->n_definition; i++) {
		if (s->definition[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported CREATE COLLATION");
		const PgQuery__DefElem *d = s->definition[i]->def_elem;
		const PgQuery__DefElem **slot = !strcmp(d->defname, "from") ? &from :
			!strcmp(d->defname, "provider") ? &provider : !strcmp(d->defname, "locale") ? &locale :
			!strcmp(d->defname, "lc_collate") ? &collate : !strcmp(d->defname, "lc_ctype") ? &ctype :
			!strcmp(d->defname, "deterministic") ? &det : !strcmp(d->defname, "version") ? &version :
			NULL;
		if (!slot)
			return ls_apply_error(ap, LS_EINVAL, "collation attribute \"%s\" not recognized", d->defname);
		if (*slot)
			return ls_apply_error(ap, LS_EINVAL, "conflicting or redundant options");
		*slot = d;
	}
	if (locale && (collate || ctype))
		return ls_apply_error(ap, LS_EINVAL, "conflicting or redundant options");
	if (from) {
		if (s->n_definition != 1)
			return ls_apply_error(ap, LS_EINVAL, "conflicting or redundant options");
		return copy_from(ap, from, out);
	}
	const char *p = provider ? def_text(ap->cat->arena, provider) : "libc";
	if (!p || (strcmp(p, "icu") && strcmp(p, "libc")))
		return ls_apply_error(ap, LS_EINVAL, "unrecognized collation provider: %s", p ? p : "");
	out->provider = strcmp(p, "icu") ? 'c' : 'i';
	int d = det ? def_bool(ap->cat->arena, det) : 1;
	if (d < 0)
		return ls_apply_error(ap, LS_EINVAL, "deterministic requires a Boolean value");
	out->deterministic = d == 1;
	const char *loc = locale ? def_text(ap->cat->arena, locale) : NULL;
	if (out->provider == 'c') {
		out->lc_collate = collate ? def_text(ap->cat->arena, collate) : loc;
		out->lc_ctype = ctype ? def_text(ap->cat->arena, ctype) : loc;
		if (!out->lc_collate)
			return ls_apply_error(ap, LS_EINVAL, "parameter \"lc_collate\" must be specified");
		if (!out->lc_ctype)
			return ls_apply_error(ap, LS_EINVAL, "parameter \"lc_ctype\" must be specified");
	} else {
		out->locale = loc;
		if (!out->locale)
			return ls_apply_error(ap, LS_EINVAL, "parameter \"locale\" must be specified");
	}
	if (!out->deterministic && out->provider != 'i')
		return ls_apply_error(ap, LS_EINVAL, "nondeterministic collations not supported with this provider");
	return 0;
}

/* The server's "already exists": with the encoding when both the new
 * collation and the one in the way have one (libc). in_schema: the
 * ALTER wording, naming the schema. */
static int exists_error(ls_apply *ap, const ls_collation *other, bool new_libc, const char *schema,
		const char *name, bool in_schema)
{
	bool enc = new_libc && other->provider == 'c';
	if (in_schema)
		return ls_apply_error(ap, LS_EINVAL, "collation \"%s\"%s already exists in schema \"%s\"",
				name, enc ? " for encoding \"UTF8\"" : "", schema);
	return ls_apply_error(ap, LS_EINVAL, "collation \"%s\"%s already exists", name,
			enc ? " for encoding \"UTF8\"" : "");
}

int ls_apply_create_collation(ls_apply *ap, const PgQuery__DefineStmt *s)
{
	ls_catalog *cat = ap->cat;
	const char *schema = NULL, *name = NULL;
	if (ls_name_list((const pgnode *const *)s->defnames, s->n_defnames, &schema, &name) < 0 || !name)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported CREATE COLLATION");
	if (schema && !ls_catalog_find_schema(cat, schema))
		return ls_apply_error(ap, LS_EINVAL, "schema \"%s\" does not exist", schema);
	if (!(schema = ls_creation_schema(ap, schema)))
		return LS_EINVAL;
	ls_collation def = {0};
	int rc = read_options(ap, s, &def);
	if (rc < 0)
		return rc;
	const ls_collation *other = find_in(cat, schema, name);
	if (other) {
		if (s->if_not_exists)
			return 0; /* NOTICE: collation "x" already exists, skipping */
		return exists_error(ap, other, def.provider == 'c', schema, name, false);
	}
	ls_collation *c = LS_PUSH(cat, cat->collations, cat->n_collations);
	if (!c)
		return ls_apply_nomem(ap);
	*c = def;
	c->id = cat->next_id++;
	c->schema = ls_arena_strdup(cat->arena, schema);
	c->name = ls_arena_strdup(cat->arena, name);
	if (def.locale)
		c->locale = ls_arena_strdup(cat->arena, def.locale);
	if (def.lc_collate)
		c->lc_collate = ls_arena_strdup(cat->arena, def.lc_collate);
	if (def.lc_ctype)
		c->lc_ctype = ls_arena_strdup(cat->arena, def.lc_ctype);
	if (!c->schema || !c->name || (def.locale && !c->locale) ||
			(def.lc_collate && !c->lc_collate) || (def.lc_ctype && !c->lc_ctype))
		return ls_apply_nomem(ap);
	return 0;
}

/* Whether canonical expression text e names collation q ("COLLATE q" and
 * not a longer name). */
static bool expr_collates(const char *e, const char *q)
{
	size_t n = strlen(q);
	for (const char *p = e; p && (p = strstr(p, "COLLATE ")); p += 8) {
		const char *at = p + 8;
		if (!strncmp(at, q, n) && (at[n] == '\0' || strchr(" ),:;[]", at[n])))
			return true;
	}
	return false;
}

/* expr with every "COLLATE oldq" respelled "COLLATE newq", in the arena;
 * expr itself when it has none (or out of memory). */
static const char *recollate_expr(ls_arena *a, const char *expr, const char *oldq, const char *newq)
{
	if (!expr || !expr_collates(expr, oldq))
		return expr;
	ls_buf b = {0};
	size_t n = strlen(oldq);
	const char *p = expr;
	for (const char *m; (m = strstr(p, "COLLATE ")); ) {
		const char *at = m + 8;
		ls_buf_putn(&b, p, (size_t)(at - p));
		if (!strncmp(at, oldq, n) && (at[n] == '\0' || strchr(" ),:;[]", at[n]))) {
			ls_buf_put(&b, newq);
			p = at + n;
		} else {
			p = at;
		}
	}
	ls_buf_put(&b, p);
	const char *out = b.failed ? NULL : ls_arena_strdup(a, b.s ? b.s : "");
	free(b.s);
	return out ? out : expr;
}

static bool same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Every use of collation oldq (columns, domains, attributes, index keys,
 * expressions) respelled newq: a rename or a move keeps them on it. */
static void recollate(ls_catalog *cat, const char *oldq, const char *newq)
{
	ls_arena *a = cat->arena;
	for (size_t i = 0; i < cat->n_tables; i++) {
		ls_table *t = &cat->tables[i];
		for (size_t j = 0; j < t->n_columns; j++) {
			ls_column *c = &t->columns[j];
			if (same(c->collation, oldq))
				c->collation = newq;
			c->default_expr = recollate_expr(a, c->default_expr, oldq, newq);
			c->generated = recollate_expr(a, c->generated, oldq, newq);
		}
		for (size_t j = 0; j < t->n_constraints; j++)
			t->constraints[j].expr = recollate_expr(a, t->constraints[j].expr, oldq, newq);
	}
	for (size_t i = 0; i < cat->n_types; i++) {
		ls_type *t = &cat->types[i];
		if (same(t->collation, oldq))
			t->collation = newq;
		for (size_t j = 0; j < t->n_attributes; j++)
			if (same(t->attributes[j].collation, oldq))
				t->attributes[j].collation = newq;
		for (size_t j = 0; j < t->n_checks; j++)
			t->checks[j].expr = recollate_expr(a, t->checks[j].expr, oldq, newq);
	}
	for (size_t i = 0; i < cat->n_indexes; i++) {
		ls_index *x = &cat->indexes[i];
		for (size_t j = 0; j < x->n_keys; j++) {
			if (same(x->keys[j].collation, oldq))
				x->keys[j].collation = newq;
			x->keys[j].expr = recollate_expr(a, x->keys[j].expr, oldq, newq);
		}
		x->where = recollate_expr(a, x->where, oldq, newq);
	}
	for (size_t i = 0; i < cat->n_views; i++)
		cat->views[i].definition = recollate_expr(a, cat->views[i].definition, oldq, newq);
}

/* The domain schema.name uses collation q (its own COLLATE). */
static bool domain_collates(ls_catalog *cat, const char *type, const char *q)
{
	for (size_t i = 0; i < cat->n_types; i++) {
		const ls_type *t = &cat->types[i];
		if (t->kind == LS_TYPE_DOMAIN && same(t->collation, q)) {
			const char *tq = ls_qualify(cat->arena, t->schema, t->name);
			if (tq && same(type, tq))
				return true;
		}
	}
	return false;
}

/* Whether canonical text e names column col (quoted as SQL needs) as a
 * whole token. */
static bool mentions(ls_arena *a, const char *e, const char *col)
{
	const char *q = ls_quote_ident(a, col);
	size_t n = q ? strlen(q) : 0;
	for (const char *p = e; n && p && (p = strstr(p, q)); p++) {
		char before = p == e ? ' ' : p[-1], after = p[n];
		bool ident_b = before == '_' || before == '$' || before == '"' ||
			(before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z') ||
			(before >= '0' && before <= '9') || (unsigned char)before >= 0x80;
		bool ident_a = after == '_' || after == '$' || after == '"' ||
			(after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z') ||
			(after >= '0' && after <= '9') || (unsigned char)after >= 0x80;
		if (!ident_b && !ident_a)
			return true;
	}
	return false;
}

/* Whether column c (of a table) is itself a user of collation q: its own
 * COLLATE, its domain's, or a generated expression naming it. */
static bool column_collates(ls_catalog *cat, const ls_column *c, const char *q)
{
	return same(c->collation, q) || (!c->collation && domain_collates(cat, c->type, q)) ||
		(c->generated && expr_collates(c->generated, q));
}

/* Whether expr (of table t) names a column of t that uses q: what hangs
 * off such a column (a constraint, an index) goes with it, and the server
 * does not name it apart (an automatic dependency). */
static bool on_user_column(ls_catalog *cat, const ls_table *t, const char *expr, const char *q)
{
	for (size_t j = 0; t && expr && j < t->n_columns; j++)
		if (column_collates(cat, &t->columns[j], q) && mentions(cat->arena, expr, t->columns[j].name))
			return true;
	return false;
}

/* Whether view v reads, from a relation it depends on, a column that has
 * collation q (the server records the collation of every column
 * reference). */
static bool view_reads_collated(ls_catalog *cat, const ls_view *v, const char *q)
{
	for (size_t i = 0; i < cat->n_tables && v->definition; i++) {
		const ls_table *t = &cat->tables[i];
		bool read = false;
		for (size_t k = 0; k < v->n_depends && !read; k++) {
			const char *dot = strchr(v->depends[k], '.');
			read = dot && !strncmp(v->depends[k], t->schema, (size_t)(dot - v->depends[k])) &&
				!t->schema[dot - v->depends[k]] && !strcmp(dot + 1, t->name);
		}
		for (size_t j = 0; read && j < t->n_columns; j++)
			if ((same(t->columns[j].collation, q) ||
					(!t->columns[j].collation && domain_collates(cat, t->columns[j].type, q))) &&
					mentions(cat->arena, v->definition, t->columns[j].name))
				return true;
	}
	return false;
}

static bool skipped(const char *schema, const char *skip_schema)
{
	return skip_schema && !strcmp(schema, skip_schema);
}

/* What uses collation q, in the server's words into d (NULL: not
 * listed), and the statements that drop them as DROP ... CASCADE does into
 * b (NULL: not written): a column of it (or of a domain of it) goes, a
 * default goes from its column, a constraint, index or view goes, a
 * domain goes with its columns, a composite type loses its attribute.
 * What is in skip_schema (a schema being dropped, NULL: none) is not
 * listed, nor what goes with a column listed already. */
static void collation_users(ls_apply *ap, const char *q, const char *skip_schema, ls_deps_text *d,
		ls_buf *b)
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
			if (column_collates(cat, c, q)) {
				if (d)
					ls_deps_add(d, "column %s of table %s", c->name, tn);
				if (b)
					ls_buf_printf(b, "ALTER TABLE IF EXISTS %s DROP COLUMN IF EXISTS %s CASCADE;\n",
							tq, ls_quote_ident(a, c->name));
			} else if (c->default_expr && expr_collates(c->default_expr, q)) {
				if (d)
					ls_deps_add(d, "default value for column %s of table %s", c->name, tn);
				if (b)
					ls_buf_printf(b, "ALTER TABLE IF EXISTS %s ALTER COLUMN %s DROP DEFAULT;\n",
							tq, ls_quote_ident(a, c->name));
			}
		}
		for (size_t j = 0; j < t->n_constraints; j++) {
			const ls_constraint *k = &t->constraints[j];
			if (!k->expr || !expr_collates(k->expr, q) || on_user_column(cat, t, k->expr, q))
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
		if (skipped(t->schema, skip_schema))
			continue;
		const char *tq = ls_qualify(a, t->schema, t->name);
		bool uses = same(t->collation, q) || (t->default_expr && expr_collates(t->default_expr, q));
		for (size_t j = 0; j < t->n_checks; j++)
			uses = uses || (t->checks[j].expr && expr_collates(t->checks[j].expr, q));
		if (uses) {
			if (d)
				ls_deps_add(d, "type %s", ls_deps_typename(ap, t->schema, t->name));
			if (b)
				ls_buf_printf(b, "DROP TYPE IF EXISTS %s CASCADE;\n", tq);
			continue;
		}
		for (size_t j = 0; j < t->n_attributes; j++)
			if (same(t->attributes[j].collation, q)) {
				if (d)
					ls_deps_add(d, "column %s of composite type %s", t->attributes[j].name,
							ls_deps_relname(ap, t->schema, t->name));
				if (b)
					ls_buf_printf(b, "ALTER TYPE %s DROP ATTRIBUTE IF EXISTS %s CASCADE;\n", tq,
							ls_quote_ident(a, t->attributes[j].name));
			}
	}
	for (size_t i = 0; i < cat->n_indexes; i++) {
		const ls_index *x = &cat->indexes[i];
		if (x->parent_index || skipped(x->schema, skip_schema))
			continue;
		const ls_table *t = NULL;
		for (size_t k = 0; k < cat->n_tables && !t; k++)
			if (!strcmp(cat->tables[k].schema, x->schema) && !strcmp(cat->tables[k].name, x->table))
				t = &cat->tables[k];
		bool uses = x->where && expr_collates(x->where, q), on_col = false;
		for (size_t j = 0; j < x->n_keys; j++) {
			const ls_index_key *k = &x->keys[j];
			uses = uses || same(k->collation, q) || (k->expr && expr_collates(k->expr, q));
			for (size_t c = 0; t && k->column && c < t->n_columns; c++)
				on_col = on_col || (!strcmp(t->columns[c].name, k->column) &&
					column_collates(cat, &t->columns[c], q));
			on_col = on_col || on_user_column(cat, t, k->expr, q);
		}
		on_col = on_col || on_user_column(cat, t, x->where, q);
		if (!uses || on_col)
			continue;
		if (d)
			ls_deps_add(d, "index %s", ls_deps_relname(ap, x->schema, x->name));
		if (b && x->constraint)
			ls_buf_printf(b, "ALTER TABLE IF EXISTS %s DROP CONSTRAINT IF EXISTS %s CASCADE;\n",
					ls_qualify(a, x->schema, x->table), ls_quote_ident(a, x->constraint));
		else if (b)
			ls_buf_printf(b, "DROP INDEX IF EXISTS %s CASCADE;\n", ls_qualify(a, x->schema, x->name));
	}
	for (size_t i = 0; i < cat->n_views; i++) {
		const ls_view *v = &cat->views[i];
		if (!v->definition || skipped(v->schema, skip_schema) ||
				(!expr_collates(v->definition, q) && !view_reads_collated(cat, v, q)))
			continue;
		if (d)
			ls_deps_add(d, "%s %s", v->materialized ? "materialized view" : "view",
					ls_deps_relname(ap, v->schema, v->name));
		if (b)
			ls_buf_printf(b, "DROP %s IF EXISTS %s CASCADE;\n",
					v->materialized ? "MATERIALIZED VIEW" : "VIEW", ls_qualify(a, v->schema, v->name));
	}
}

void ls_deps_of_collation(ls_apply *ap, const ls_collation *c, const char *skip_schema,
		ls_deps_text *d)
{
	const char *q = ls_qualify(ap->cat->arena, c->schema, c->name);
	if (q)
		collation_users(ap, q, skip_schema, d, NULL);
}

int ls_apply_drop_collation(ls_apply *ap, const char *schema, const char *name, bool missing_ok,
		bool casc)
{
	ls_catalog *cat = ap->cat;
	ls_collation *c = ls_lookup_collation(cat, schema, name);
	if (!c)
		return missing_ok ? 0 : not_found(ap, schema, name);
	ls_deps_text d = LS_DEPS_TEXT_INIT;
	if (casc) {
		/* what uses it goes first, through the statements that drop each
		 * (they know what depends on those in turn) */
		const char *cs = c->schema, *cn = c->name;
		const char *q = ls_qualify(cat->arena, cs, cn);
		ls_buf b = {.a = cat->arena};
		if (!q)
			return ls_apply_nomem(ap);
		collation_users(ap, q, NULL, NULL, &b);
		const char *sql = ls_buf_take(&b);
		if (!sql)
			return ls_apply_nomem(ap);
		int rc = *sql ? ls_catalog_apply_sql(cat, sql, strlen(sql), "DROP COLLATION ... CASCADE",
				ap->err) : 0;
		if (rc < 0)
			return rc;
		c = find_in(cat, cs, cn);
		if (!c)
			return 0;
	} else {
		ls_deps_of_collation(ap, c, NULL, &d);
	}
	if (d.len)
		return ls_deps_hint(ap, ls_apply_error(ap, LS_EINVAL,
				"cannot drop collation %s because other objects depend on it",
				ls_deps_relname(ap, c->schema, c->name)), &d);
	LS_REMOVE(cat->collations, cat->n_collations, (size_t)(c - cat->collations));
	return 0;
}

void ls_drop_schema_collations(ls_catalog *cat, const char *schema)
{
	for (size_t i = cat->n_collations; i-- > 0;)
		if (!strcmp(cat->collations[i].schema, schema))
			LS_REMOVE(cat->collations, cat->n_collations, i);
}

int ls_apply_move_collation(ls_apply *ap, const pgnode *object, const char *newname,
		const char *newschema, bool missing_ok)
{
	ls_catalog *cat = ap->cat;
	const char *schema = NULL, *name = NULL;
	if (!object || object->node_case != PG_QUERY__NODE__NODE_LIST ||
			ls_name_list((const pgnode *const *)object->list->items, object->list->n_items,
				&schema, &name) < 0 || !name)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported ALTER COLLATION");
	ls_collation *c = ls_lookup_collation(cat, schema, name);
	if (!c)
		return missing_ok ? 0 : not_found(ap, schema, name);
	const char *to_schema = newschema ? newschema : c->schema;
	const char *to_name = newname ? newname : c->name;
	if (newschema && !strcmp(newschema, c->schema))
		return 0;
	const ls_collation *other = find_in(cat, to_schema, to_name);
	if (other && other != c)
		return exists_error(ap, other, c->provider == 'c', to_schema, to_name, true);
	const char *oldq = ls_qualify(cat->arena, c->schema, c->name);
	const char *ns = ls_arena_strdup(cat->arena, to_schema);
	const char *nn = ls_arena_strdup(cat->arena, to_name);
	const char *newq = ls_qualify(cat->arena, to_schema, to_name);
	if (!oldq || !ns || !nn || !newq)
		return ls_apply_nomem(ap);
	c->schema = ns;
	c->name = nn;
	recollate(cat, oldq, newq);
	return 0;
}

int ls_apply_alter_collation(ls_apply *ap, const PgQuery__AlterCollationStmt *s)
{
	/* REFRESH VERSION: the version is not modelled; the collation must
	 * exist. */
	const char *schema = NULL, *name = NULL;
	if (ls_name_list((const pgnode *const *)s->collname, s->n_collname, &schema, &name) < 0 || !name)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported ALTER COLLATION");
	return ls_lookup_collation(ap->cat, schema, name) ? 0 : not_found(ap, schema, name);
}

const char **ls_collation_comment(ls_apply *ap, const pgnode *object)
{
	const char *schema = NULL, *name = NULL;
	if (!object || object->node_case != PG_QUERY__NODE__NODE_LIST ||
			ls_name_list((const pgnode *const *)object->list->items, object->list->n_items,
				&schema, &name) < 0 || !name) {
		ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported COMMENT ON COLLATION");
		return NULL;
	}
	ls_collation *c = ls_lookup_collation(ap->cat, schema, name);
	if (!c) {
		not_found(ap, schema, name);
		return NULL;
	}
	return &c->comment;
}

void ls_rename_schema_collations(ls_catalog *cat, const char *old, const char *new_name)
{
	for (size_t i = 0; i < cat->n_collations; i++) {
		ls_collation *c = &cat->collations[i];
		if (strcmp(c->schema, old))
			continue;
		const char *oldq = ls_qualify(cat->arena, c->schema, c->name);
		const char *newq = ls_qualify(cat->arena, new_name, c->name);
		c->schema = new_name;
		if (oldq && newq)
			recollate(cat, oldq, newq);
	}
}

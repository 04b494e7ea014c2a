/* Steps that alter types, sequences and extensions in place.
 *
 * Enum values are added in place (ALTER TYPE ... ADD VALUE BEFORE/AFTER)
 * or renamed (RENAME VALUE). PostgreSQL cannot remove or reorder a value:
 * then the type is recreated — renamed aside, created anew, every column
 * using it recast through text, the old type dropped — after a pre-check
 * that no row holds a value that goes away.
 */
#define _POSIX_C_SOURCE 200809L
#include "plan_int.h"

#include <stdio.h>
#include <string.h>

#include "lockstep/str.h"

static bool has_label(const ls_type *t, const char *l)
{
	for (size_t i = 0; i < t->n_labels; i++)
		if (ls_same(t->labels[i], l))
			return true;
	return false;
}

/* Whether a's labels appear in b in the same order (b may have more). */
static bool ordered_subset(const ls_type *a, const ls_type *b)
{
	size_t j = 0;
	for (size_t i = 0; i < a->n_labels; i++) {
		while (j < b->n_labels && !ls_same(b->labels[j], a->labels[i]))
			j++;
		if (j == b->n_labels)
			return false;
		j++;
	}
	return true;
}

/* Same length, and the labels that differ are new names at the same
 * places. */
static bool renamed_only(const ls_type *a, const ls_type *b)
{
	if (a->n_labels != b->n_labels)
		return false;
	for (size_t i = 0; i < a->n_labels; i++)
		if (!ls_same(a->labels[i], b->labels[i]) && (has_label(a, b->labels[i]) ||
				has_label(b, a->labels[i])))
			return false;
	return true;
}

bool pl_enum_recreated(const ls_type *f, const ls_type *t)
{
	return f->kind == LS_TYPE_ENUM && t->kind == LS_TYPE_ENUM && !ordered_subset(f, t) &&
		!renamed_only(f, t);
}

static int type_step(pl_side *s, ls_step **out, const char *action, const char *obj,
		const char *sql, const char *back)
{
	ls_step *st;
	int rc = pl_emit(s, &st, action, obj, sql, back);
	if (out)
		*out = st;
	return rc;
}

static int enum_add_values(pl_side *s, const ls_type *t)
{
	const char *obj = pl_qname(s, t->schema, t->name);
	for (size_t i = 0; i < t->n_labels; i++) {
		const ls_type *w = ls_catalog_find_type(s->work, t->schema, t->name);
		if (has_label(w, t->labels[i]))
			continue;
		ls_buf b = {.a = s->a};
		ls_buf_put(&b, "ALTER TYPE ");
		ls_buf_qname(&b, t->schema, t->name);
		/* IF NOT EXISTS: run again after a stop that did not reach the
		 * ledger, the step does nothing */
		ls_buf_put(&b, " ADD VALUE IF NOT EXISTS ");
		ls_buf_literal(&b, t->labels[i]);
		if (i > 0) {
			ls_buf_put(&b, " AFTER ");
			ls_buf_literal(&b, t->labels[i - 1]);
		} else if (w->n_labels) {
			ls_buf_put(&b, " BEFORE ");
			ls_buf_literal(&b, w->labels[0]);
		}
		ls_buf_put(&b, ";\n");
		pl_change(s, LS_CHANGE_ALTER, "enum", obj, NULL,
				ls_arena_printf(s->a, "value '%s' added", t->labels[i]));
		ls_step *st;
		int rc = type_step(s, &st, "add enum value", obj, ls_buf_take(&b), NULL);
		if (rc < 0)
			return rc;
		/* a value added in a transaction cannot be used before it commits */
		st->transactional = false;
	}
	return 0;
}

static int enum_rename_values(pl_side *s, const ls_type *w, const ls_type *t)
{
	const char *obj = pl_qname(s, t->schema, t->name);
	for (size_t i = 0; i < t->n_labels; i++) {
		if (ls_same(w->labels[i], t->labels[i]))
			continue;
		const char *old = ls_arena_strdup(s->a, w->labels[i]);
		ls_buf b = {.a = s->a};
		ls_buf_put(&b, "ALTER TYPE ");
		ls_buf_qname(&b, t->schema, t->name);
		ls_buf_put(&b, " RENAME VALUE ");
		ls_buf_literal(&b, old);
		ls_buf_put(&b, " TO ");
		ls_buf_literal(&b, t->labels[i]);
		ls_buf_put(&b, ";\n");
		const char *sql = ls_buf_take(&b);
		ls_buf_put(&b, "ALTER TYPE ");
		ls_buf_qname(&b, t->schema, t->name);
		ls_buf_put(&b, " RENAME VALUE ");
		ls_buf_literal(&b, t->labels[i]);
		ls_buf_put(&b, " TO ");
		ls_buf_literal(&b, old);
		ls_buf_put(&b, ";\n");
		pl_change(s, LS_CHANGE_ALTER, "enum", obj, NULL,
				ls_arena_printf(s->a, "value '%s' renamed to '%s'", old, t->labels[i]));
		int rc = type_step(s, NULL, "rename enum value", obj, sql, ls_buf_take(&b));
		if (rc < 0)
			return rc;
		w = ls_catalog_find_type(s->work, t->schema, t->name);
	}
	return 0;
}

/* A column of a table in work whose type is the enum (or an array of it). */
typedef struct enum_use {
	const char *schema, *table, *column, *def;
	bool array;
} enum_use;

static size_t enum_uses(pl_side *s, const char *type, enum_use **out)
{
	size_t n = 0;
	*out = NULL;
	size_t tl = strlen(type);
	for (size_t i = 0; i < s->work->n_tables; i++) {
		const ls_table *t = &s->work->tables[i];
		if (t->parent_table)
			continue; /* the parent's ALTER reaches it */
		for (size_t j = 0; j < t->n_columns; j++) {
			const ls_column *c = &t->columns[j];
			bool arr = !strncmp(c->type, type, tl) && ls_same(c->type + tl, "[]");
			if (!ls_same(c->type, type) && !arr)
				continue;
			enum_use *u = ls_arena_push(s->a, (void **)out, &n, sizeof *u);
			if (!u)
				return n;
			u->schema = ls_arena_strdup(s->a, t->schema);
			u->table = ls_arena_strdup(s->a, t->name);
			u->column = ls_arena_strdup(s->a, c->name);
			u->def = c->default_expr ? ls_arena_strdup(s->a, c->default_expr) : NULL;
			u->array = arr;
		}
	}
	return n;
}

/* Whether a pg_type entry named name may exist in schema in c: an enum,
 * domain or composite type, a table's or view's row type, or an array
 * type "_x" of one of them. */
static bool type_taken(ls_catalog *c, const char *schema, const char *name)
{
	for (int arr = 0; arr < 2; arr++) {
		const char *n = arr ? name + 1 : name;
		if (arr && name[0] != '_')
			break;
		if (ls_catalog_find_type(c, schema, n) || ls_catalog_find_table(c, schema, n) ||
				ls_catalog_find_view(c, schema, n))
			return true;
	}
	return false;
}

/* The name an enum is renamed to while it is recreated: NAME__lockstep_old
 * (NAME cut on a character boundary to fit the server's 63 bytes), with a
 * number when a type of the user's holds it in the plan's catalogs. NULL
 * when out of memory. */
static const char *aside_name(pl_side *s, const ls_type *t)
{
	for (unsigned long n = 0;; n++) {
		char suffix[40];
		if (n)
			snprintf(suffix, sizeof suffix, "__lockstep_old%lu", n);
		else
			snprintf(suffix, sizeof suffix, "__lockstep_old");
		size_t len = strlen(t->name), room = 63 - strlen(suffix);
		if (len > room) {
			len = room;
			while (len > 0 && ((unsigned char)t->name[len] & 0xC0) == 0x80)
				len--;
		}
		const char *name = ls_arena_printf(s->a, "%.*s%s", (int)len, t->name, suffix);
		if (!name)
			return NULL;
		if (!type_taken(s->cur, t->schema, name) && !type_taken(s->work, t->schema, name) &&
				!type_taken(s->to, t->schema, name))
			return name;
	}
}

static int enum_recreate(pl_side *s, const ls_type *w, const ls_type *t)
{
	const char *obj = pl_qname(s, t->schema, t->name);
	const char *type = obj;
	const char *aside = aside_name(s, t);
	if (!aside)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	enum_use *u;
	size_t n = enum_uses(s, type, &u);
	ls_buf b = {.a = s->a};
	ls_buf_put(&b, "ALTER TYPE ");
	ls_buf_qname(&b, t->schema, t->name);
	ls_buf_put(&b, " RENAME TO ");
	ls_buf_ident(&b, aside);
	ls_buf_put(&b, ";\nCREATE TYPE ");
	ls_buf_qname(&b, t->schema, t->name);
	ls_buf_put(&b, " AS ENUM (");
	for (size_t i = 0; i < t->n_labels; i++) {
		ls_buf_put(&b, i ? ", " : "");
		ls_buf_literal(&b, t->labels[i]);
	}
	ls_buf_put(&b, ");\n");
	for (size_t i = 0; i < n; i++) {
		const char *tbl = pl_qname(s, u[i].schema, u[i].table);
		const char *col = ls_quote_ident(s->a, u[i].column);
		const ls_table *wt = ls_catalog_find_table(s->work, u[i].schema, u[i].table);
		const char *alter = wt && wt->kind == LS_TABLE_PARTITIONED ? "ALTER TABLE" : "ALTER TABLE ONLY";
		if (u[i].def)
			ls_buf_printf(&b, "%s %s ALTER COLUMN %s DROP DEFAULT;\n", alter, tbl, col);
		ls_buf_printf(&b, "%s %s ALTER COLUMN %s TYPE %s%s USING %s::pg_catalog.text%s::%s%s;\n",
				alter, tbl,
				col, type, u[i].array ? "[]" : "", col, u[i].array ? "[]" : "", type,
				u[i].array ? "[]" : "");
		if (u[i].def)
			ls_buf_printf(&b, "%s %s ALTER COLUMN %s SET DEFAULT %s;\n", alter, tbl, col, u[i].def);
	}
	ls_buf_put(&b, "DROP TYPE ");
	ls_buf_qname(&b, t->schema, aside);
	ls_buf_put(&b, ";\n");
	/* the values that go away, for the pre-check and the change */
	ls_buf gone = {.a = s->a};
	size_t n_gone = 0;
	for (size_t i = 0; i < w->n_labels; i++)
		if (!has_label(t, w->labels[i])) {
			ls_buf_put(&gone, n_gone++ ? ", " : "");
			ls_buf_literal(&gone, w->labels[i]);
		}
	const char *removed = ls_buf_take(&gone);
	pl_change(s, LS_CHANGE_ALTER, "enum", obj, NULL, n_gone ?
			ls_arena_printf(s->a, "values removed (%s); type recreated", removed) :
			"values reordered; type recreated");
	ls_step *st;
	int rc = type_step(s, &st, "recreate enum", obj, ls_buf_take(&b), NULL);
	if (rc < 0)
		return rc;
	st->risk = n ? "high" : "low";
	for (size_t i = 0; i < n; i++) {
		const char *tbl = pl_qname(s, u[i].schema, u[i].table);
		pl_lock(s, st, tbl, "AccessExclusiveLock");
		st->rewrites = st->scans = true;
		pl_work(s, st, LS_WORK_REWRITE, u[i].schema, u[i].table);
		if (!n_gone)
			continue;
		const char *col = ls_quote_ident(s->a, u[i].column);
		const char *src_schema = u[i].schema, *src_table = u[i].table;
		pl_source_name(s, &src_schema, &src_table);
		const char *src_col = ls_quote_ident(s->a,
				pl_source_column(s, u[i].schema, u[i].table, u[i].column));
		pl_precheck(s, st, ls_arena_printf(s->a, "no row of %s holds a value removed from %s "
				"(%s)", ls_arena_printf(s->a, "%s.%s", tbl, col), obj, removed),
				u[i].array ?
				ls_arena_printf(s->a, "SELECT %s FROM %s WHERE %s::pg_catalog.text[] "
					"OPERATOR(pg_catalog.&&) ARRAY[%s]::pg_catalog.text[]",
					src_col, pl_qname(s, src_schema, src_table), src_col, removed) :
				ls_arena_printf(s->a, "SELECT %s FROM %s WHERE %s::pg_catalog.text "
					"OPERATOR(pg_catalog.=) ANY (ARRAY[%s]::pg_catalog.text[])", src_col,
					pl_qname(s, src_schema, src_table), src_col, removed));
	}
	return 0;
}

static int alter_enum(pl_side *s, const ls_type *t)
{
	const ls_type *w = ls_catalog_find_type(s->work, t->schema, t->name);
	if (ordered_subset(w, t))
		return enum_add_values(s, t);
	if (renamed_only(w, t))
		return enum_rename_values(s, w, t);
	return enum_recreate(s, w, t);
}

/* The tables a check of the domain scans, each in ShareLock (PostgreSQL's
 * validateDomainConstraint): every table and partition with a column of
 * the domain or of a domain over it, as work holds them before the step.
 * (A column of an array of the domain makes the server refuse the step,
 * and the offline check with it: error fixtures 076, 077.) */
static void lock_domain_users(pl_side *s, ls_step *st, const char *type, int depth)
{
	for (size_t i = 0; i < s->work->n_tables; i++) {
		const ls_table *t = &s->work->tables[i];
		for (size_t j = 0; j < t->n_columns; j++)
			if (ls_same(t->columns[j].type, type)) {
				pl_lock(s, st, pl_qname(s, t->schema, t->name), "ShareLock");
				break;
			}
	}
	for (size_t i = 0; depth < 16 && i < s->work->n_types; i++) {
		const ls_type *d = &s->work->types[i];
		if (d->kind == LS_TYPE_DOMAIN && ls_same(d->base_type, type))
			lock_domain_users(s, st, pl_qname(s, d->schema, d->name), depth + 1);
	}
}

/* ALTER DOMAIN with one clause, and its inverse (NULL: none). scans: the
 * clause checks every value of the domain (SET NOT NULL, a valid ADD
 * CHECK, VALIDATE), said by the caller, never read off the clause's text,
 * which holds the check's own expression; check: that expression, when the
 * scan evaluates it (what the functions it calls read is read), or NULL. */
static int domain_step(pl_side *s, const ls_type *t, const char *action, const char *clause,
		const char *back, const char *detail, bool scans, const char *check)
{
	const char *obj = pl_qname(s, t->schema, t->name);
	ls_buf b = {.a = s->a};
	ls_buf_printf(&b, "ALTER DOMAIN %s %s;\n", obj, clause);
	const char *sql = ls_buf_take(&b);
	const char *rb = back ? ls_arena_printf(s->a, "ALTER DOMAIN %s %s;\n", obj, back) : NULL;
	pl_change(s, LS_CHANGE_ALTER, "domain", obj, NULL, detail);
	ls_step *st = NULL;
	int rc = type_step(s, &st, action, obj, sql, rb);
	if (rc == 0 && scans) {
		st->scans = true;
		pl_work(s, st, LS_WORK_QUERY, NULL, NULL);
		lock_domain_users(s, st, obj, 0);
		pl_lock_reads(s, st, check, LS_READS_EXPR, LS_READS_RUN);
	}
	return rc;
}

static const ls_type_check *domain_check(const ls_type *t, const char *name)
{
	for (size_t i = 0; i < t->n_checks; i++)
		if (ls_same(t->checks[i].name, name))
			return &t->checks[i];
	return NULL;
}

static int alter_domain(pl_side *s, const ls_type *t)
{
	const ls_type *w = ls_catalog_find_type(s->work, t->schema, t->name);
	int rc;
	if (!ls_same(w->base_type, t->base_type) || !ls_same_or_null(w->collation, t->collation))
		return ls_error_set(s->err, LS_EUNSUPPORTED, NULL, 0, 0,
				"cannot plan this change yet: domain %s.%s changes its base type or collation "
				"(%s -> %s); lockstep does not recreate domains yet", t->schema, t->name,
				w->base_type, t->base_type);
	if (!ls_same_or_null(w->default_expr, t->default_expr)) {
		const char *old = w->default_expr ? ls_arena_strdup(s->a, w->default_expr) : NULL;
		if ((rc = domain_step(s, t, t->default_expr ? "set domain default" : "drop domain default",
				t->default_expr ? ls_arena_printf(s->a, "SET DEFAULT %s", t->default_expr) :
				"DROP DEFAULT", old ? ls_arena_printf(s->a, "SET DEFAULT %s", old) :
				"DROP DEFAULT", "default", false, NULL)) < 0)
			return rc;
		w = ls_catalog_find_type(s->work, t->schema, t->name);
	}
	if (w->not_null != t->not_null) {
		if ((rc = domain_step(s, t, t->not_null ? "set domain not null" : "drop domain not null",
				t->not_null ? "SET NOT NULL" : "DROP NOT NULL",
				t->not_null ? "DROP NOT NULL" : "SET NOT NULL", "NOT NULL", t->not_null, NULL)) < 0)
			return rc;
		w = ls_catalog_find_type(s->work, t->schema, t->name);
	}
	/* checks that go or change, then those that come */
	for (size_t i = 0; i < w->n_checks;) {
		const ls_type_check *c = &w->checks[i], *tc = domain_check(t, c->name);
		if (tc && ls_same(tc->expr, c->expr) && (tc->valid == c->valid || tc->valid)) {
			i++;
			continue;
		}
		const char *name = ls_quote_ident(s->a, c->name);
		const char *back = ls_arena_printf(s->a, "ADD CONSTRAINT %s CHECK (%s)%s", name, c->expr,
				c->valid ? "" : " NOT VALID");
		if ((rc = domain_step(s, t, "drop domain check", ls_arena_printf(s->a,
				"DROP CONSTRAINT %s", name), back, ls_arena_printf(s->a, "check %s dropped",
				name), false, NULL)) < 0)
			return rc;
		w = ls_catalog_find_type(s->work, t->schema, t->name);
		i = 0;
	}
	for (size_t i = 0; i < t->n_checks; i++) {
		const ls_type_check *tc = &t->checks[i], *c = domain_check(w, tc->name);
		const char *name = ls_quote_ident(s->a, tc->name);
		if (c && !c->valid && tc->valid) {
			if ((rc = domain_step(s, t, "validate domain check", ls_arena_printf(s->a,
					"VALIDATE CONSTRAINT %s", name), NULL, ls_arena_printf(s->a,
					"check %s validated", name), true, tc->expr)) < 0)
				return rc;
		} else if (!c) {
			if ((rc = domain_step(s, t, "add domain check", ls_arena_printf(s->a,
					"ADD CONSTRAINT %s CHECK (%s)%s", name, tc->expr, tc->valid ? "" : " NOT VALID"),
					ls_arena_printf(s->a, "DROP CONSTRAINT %s", name),
					ls_arena_printf(s->a, "check %s added", name), tc->valid, tc->expr)) < 0)
				return rc;
		}
		w = ls_catalog_find_type(s->work, t->schema, t->name);
	}
	return 0;
}

static const ls_attribute *attribute(const ls_type *t, const char *name)
{
	for (size_t i = 0; i < t->n_attributes; i++)
		if (ls_same(t->attributes[i].name, name))
			return &t->attributes[i];
	return NULL;
}

static int composite_step(pl_side *s, const ls_type *t, const char *action, const char *clause,
		const char *back, const char *detail)
{
	const char *obj = pl_qname(s, t->schema, t->name);
	pl_change(s, LS_CHANGE_ALTER, "type", obj, NULL, detail);
	return type_step(s, NULL, action, obj, ls_arena_printf(s->a, "ALTER TYPE %s %s;\n", obj, clause),
			back ? ls_arena_printf(s->a, "ALTER TYPE %s %s;\n", obj, back) : NULL);
}

static const char *attribute_def(pl_side *s, const ls_attribute *a)
{
	return ls_arena_printf(s->a, "%s %s%s%s", ls_quote_ident(s->a, a->name), a->type,
			a->collation ? " COLLATE " : "", a->collation ? a->collation : "");
}

/* Attributes renamed: FROM's attribute that TO lacks and TO's that FROM
 * lacks at the same place, of the same type and collation, are one
 * attribute renamed (RENAME ATTRIBUTE keeps every stored value); an
 * attribute dropped and another added elsewhere are not. */
static int rename_attributes(pl_side *s, const ls_type *t)
{
	const ls_type *w = ls_catalog_find_type(s->work, t->schema, t->name);
	for (size_t i = 0; i < w->n_attributes && i < t->n_attributes; i++) {
		const ls_attribute *a = &w->attributes[i], *ta = &t->attributes[i];
		if (attribute(t, a->name) || attribute(w, ta->name) || !ls_same(a->type, ta->type) ||
				!ls_same_or_null(a->collation, ta->collation))
			continue;
		const char *old = ls_quote_ident(s->a, a->name), *name = ls_quote_ident(s->a, ta->name);
		int rc = composite_step(s, t, "rename attribute", ls_arena_printf(s->a,
				"RENAME ATTRIBUTE %s TO %s", old, name), ls_arena_printf(s->a,
				"RENAME ATTRIBUTE %s TO %s", name, old), ls_arena_printf(s->a,
				"attribute %s renamed to %s", old, name));
		if (rc < 0)
			return rc;
		w = ls_catalog_find_type(s->work, t->schema, t->name);
	}
	return 0;
}

static const char *attribute_list(pl_side *s, const ls_type *t)
{
	ls_buf b = {.a = s->a};
	for (size_t i = 0; i < t->n_attributes; i++) {
		ls_buf_put(&b, i ? ", " : "");
		ls_buf_ident(&b, t->attributes[i].name);
	}
	return ls_buf_take(&b);
}

/* Why column uc of work's table ut cannot be recast by the recreate (what
 * blocks ALTER COLUMN TYPE or what the recreate does not carry over), or
 * NULL: a default or generation expression of the type, a generated
 * column of the table, inheritance (a parent's ALTER reaches its children,
 * a child's inherited column is the parent's), a view reading the table. */
static const char *recast_blocked(pl_side *s, const ls_table *ut, const ls_column *uc)
{
	if (uc->default_expr || uc->generated)
		return uc->generated ? "is generated" : "has a default";
	for (size_t i = 0; i < ut->n_columns; i++)
		if (ut->columns[i].generated)
			return "is in a table with a generated column";
	if (ut->n_inherits)
		return "is in an inheritance child";
	for (size_t i = 0; i < s->work->n_tables; i++) {
		const ls_table *c = &s->work->tables[i];
		for (size_t j = 0; j < c->n_inherits; j++)
			if (ls_same(c->inherits[j].schema, ut->schema) && ls_same(c->inherits[j].name, ut->name))
				return "is in an inheritance parent";
	}
	const char *q = ls_arena_printf(s->a, "%s.%s", ut->schema, ut->name);
	for (size_t i = 0; i < s->work->n_views; i++) {
		const ls_view *v = &s->work->views[i];
		for (size_t j = 0; j < v->n_depends; j++)
			if (ls_same(v->depends[j], q))
				return ls_arena_printf(s->a, "is read by view %s.%s", v->schema, v->name);
		if (!v->n_depends)
			return ls_arena_printf(s->a, "may be read by view %s.%s", v->schema, v->name);
	}
	return NULL;
}

/* Whether something but table columns refers to the type qname: a
 * function's signature (the old type, renamed aside, could not be
 * dropped). */
static bool signature_uses(pl_side *s, const char *qname)
{
	for (size_t i = 0; i < s->work->n_functions; i++) {
		const ls_function *f = &s->work->functions[i];
		if ((f->arguments && strstr(f->arguments, qname)) || (f->returns && strstr(f->returns, qname)))
			return true;
	}
	return false;
}

/* The composite type recreated in TO's order, for the columns that hold
 * it: renamed aside, created anew, each column recast with its values
 * carried attribute by attribute (NULL for an attribute TO adds; a NULL
 * value stays NULL, a value of NULL attributes stays one), the old type
 * dropped. The caller made sure every attribute both keep has the same
 * type and collation (a record cast would coerce, char(1) silently
 * truncating), and that only plain columns of ordinary tables hold it. */
static int composite_recreate(pl_side *s, const ls_type *w, const ls_type *t)
{
	const char *obj = pl_qname(s, t->schema, t->name);
	const char *aside = aside_name(s, t);
	if (!aside)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	const char *from_order = attribute_list(s, w), *to_order = attribute_list(s, t);
	ls_buf b = {.a = s->a};
	ls_buf_printf(&b, "ALTER TYPE %s RENAME TO ", obj);
	ls_buf_ident(&b, aside);
	ls_buf_printf(&b, ";\nCREATE TYPE %s AS (", obj);
	for (size_t i = 0; i < t->n_attributes; i++)
		ls_buf_printf(&b, "%s%s", i ? ", " : "", attribute_def(s, &t->attributes[i]));
	ls_buf_put(&b, ");\n");
	size_t n_users = 0;
	const char **locked = NULL;
	size_t n_locked = 0;
	for (size_t i = 0; i < s->work->n_tables; i++) {
		const ls_table *ut = &s->work->tables[i];
		if (ut->parent_table)
			continue; /* the partitioned table's ALTER reaches it */
		const char *tbl = pl_qname(s, ut->schema, ut->name);
		for (size_t j = 0; j < ut->n_columns; j++) {
			const ls_column *c = &ut->columns[j];
			if (!ls_same(c->type, obj))
				continue;
			const char *col = ls_quote_ident(s->a, c->name);
			ls_buf_printf(&b, "%s %s ALTER COLUMN %s TYPE %s USING CASE WHEN %s IS NOT DISTINCT "
					"FROM NULL THEN NULL ELSE ROW(", ut->kind == LS_TABLE_PARTITIONED ?
					"ALTER TABLE" : "ALTER TABLE ONLY", tbl, col, obj, col);
			for (size_t k = 0; k < t->n_attributes; k++) {
				const char *an = t->attributes[k].name;
				ls_buf_put(&b, k ? ", " : "");
				if (attribute(w, an))
					ls_buf_printf(&b, "(%s).%s", col, ls_quote_ident(s->a, an));
				else
					ls_buf_put(&b, "NULL");
			}
			ls_buf_printf(&b, ")::%s END;\n", obj);
			n_users++;
			const char **l = ls_arena_push(s->a, (void **)&locked, &n_locked, sizeof *l);
			if (l)
				*l = tbl;
		}
	}
	ls_buf_put(&b, "DROP TYPE ");
	ls_buf_qname(&b, t->schema, aside);
	ls_buf_put(&b, ";\n");
	pl_change(s, LS_CHANGE_ALTER, "type", obj, NULL, ls_arena_printf(s->a,
			"attributes reordered (%s -> %s); type recreated, its columns recast", from_order,
			to_order));
	ls_step *st;
	int rc = type_step(s, &st, "recreate composite type", obj, ls_buf_take(&b), NULL);
	if (rc < 0)
		return rc;
	st->risk = "high";
	st->rewrites = st->scans = n_users > 0;
	for (size_t i = 0; i < n_locked; i++)
		pl_lock(s, st, locked[i], "AccessExclusiveLock");
	for (size_t i = 0; i < s->work->n_tables; i++) {
		const ls_table *ut = &s->work->tables[i];
		for (size_t j = 0; !ut->parent_table && j < ut->n_columns; j++)
			if (ls_same(ut->columns[j].type, obj)) {
				pl_lock_partitions(s, st, s->work, ut->schema, ut->name, "AccessExclusiveLock");
				pl_work(s, st, LS_WORK_REWRITE, ut->schema, ut->name);
				break;
			}
	}
	return 0;
}

/* TO puts an attribute that work has before one of work's (ADD ATTRIBUTE
 * only appends): from the first attribute out of place, work's are
 * dropped and TO's added in order, which is exact while no column holds
 * the type; when columns do, the type is recreated and the columns
 * recast (composite_recreate) where that keeps every value, and the plan
 * is refused otherwise. */
static int reorder_attributes(pl_side *s, const ls_type *t)
{
	const ls_type *w = ls_catalog_find_type(s->work, t->schema, t->name);
	size_t k = 0;
	while (k < w->n_attributes && k < t->n_attributes &&
			ls_same(w->attributes[k].name, t->attributes[k].name))
		k++;
	if (k == w->n_attributes)
		return 0;
	const char *obj = pl_qname(s, t->schema, t->name);
	const ls_table *ut = NULL;
	bool direct = true;
	const ls_column *uc = ls_catalog_type_user(s->work, s->a, t->schema, t->name, &ut, &direct);
	if (uc) {
		const char *why = NULL;
		if (!direct)
			why = ls_same(uc->type, obj) ? "holds it, and an array column, a domain or another "
				"composite type uses it" : ls_same(uc->type, ls_arena_printf(s->a, "%s[]", obj)) ?
				"holds it in an array" : "holds it through a domain or another composite type";
		else if (signature_uses(s, obj))
			why = "holds it and a function's signature uses it";
		for (size_t i = 0; !why && i < s->work->n_tables; i++) {
			const ls_table *x = &s->work->tables[i];
			for (size_t j = 0; !why && j < x->n_columns; j++)
				if (ls_same(x->columns[j].type, obj) &&
						(why = recast_blocked(s, x, &x->columns[j]))) {
					ut = x;
					uc = &x->columns[j];
					why = ls_arena_printf(s->a, "holds it and %s", why);
				}
		}
		for (size_t i = 0; !why && i < w->n_attributes; i++) {
			const ls_attribute *a = &w->attributes[i], *ta = attribute(t, a->name);
			if (!ls_same(a->type, ta->type) || !ls_same_or_null(a->collation, ta->collation))
				why = "holds it and an attribute changes type";
		}
		if (why)
			return ls_error_set(s->err, LS_EUNSUPPORTED, NULL, 0, 0,
					"cannot plan this change yet: composite type %s.%s changes the order of its "
					"attributes (%s -> %s) and column %s.%s.%s %s; ALTER TYPE only appends "
					"attributes", t->schema, t->name, attribute_list(s, w), attribute_list(s, t),
					ut->schema, ut->name, uc->name, why);
		return composite_recreate(s, w, t);
	}
	/* no value of the type is stored: the attributes are dropped and added
	 * again in TO's order, nothing lost */
	while (w->n_attributes > k) {
		const ls_attribute *a = &w->attributes[w->n_attributes - 1];
		const char *name = ls_quote_ident(s->a, a->name);
		int rc = composite_step(s, t, "drop attribute", ls_arena_printf(s->a,
				"DROP ATTRIBUTE %s", name), ls_arena_printf(s->a, "ADD ATTRIBUTE %s",
				attribute_def(s, a)), ls_arena_printf(s->a, "attribute %s dropped to be added "
				"again in order (no column holds the type)", name));
		if (rc < 0)
			return rc;
		w = ls_catalog_find_type(s->work, t->schema, t->name);
	}
	return 0;
}

static int alter_composite(pl_side *s, const ls_type *t)
{
	int rc;
	if ((rc = rename_attributes(s, t)) < 0)
		return rc;
	const ls_type *w = ls_catalog_find_type(s->work, t->schema, t->name);
	for (size_t i = 0; i < w->n_attributes;) {
		const ls_attribute *a = &w->attributes[i];
		if (attribute(t, a->name)) {
			i++;
			continue;
		}
		const char *name = ls_quote_ident(s->a, a->name);
		if ((rc = composite_step(s, t, "drop attribute", ls_arena_printf(s->a,
				"DROP ATTRIBUTE %s", name), ls_arena_printf(s->a, "ADD ATTRIBUTE %s",
				attribute_def(s, a)), ls_arena_printf(s->a, "attribute %s dropped", name))) < 0)
			return rc;
		w = ls_catalog_find_type(s->work, t->schema, t->name);
		i = 0;
	}
	if ((rc = reorder_attributes(s, t)) < 0)
		return rc;
	w = ls_catalog_find_type(s->work, t->schema, t->name);
	for (size_t i = 0; i < t->n_attributes; i++) {
		const ls_attribute *ta = &t->attributes[i], *a = attribute(w, ta->name);
		const char *name = ls_quote_ident(s->a, ta->name);
		const ls_table *ut = NULL;
		const ls_column *uc;
		if (!a)
			rc = composite_step(s, t, "add attribute", ls_arena_printf(s->a, "ADD ATTRIBUTE %s",
					attribute_def(s, ta)), ls_arena_printf(s->a, "DROP ATTRIBUTE %s", name),
					ls_arena_printf(s->a, "attribute %s added", name));
		else if (ls_same(a->type, ta->type) && ls_same_or_null(a->collation, ta->collation))
			rc = 0;
		else if ((uc = ls_catalog_type_user(s->work, s->a, t->schema, t->name, &ut, NULL)))
			rc = ls_error_set(s->err, LS_EUNSUPPORTED, NULL, 0, 0,
					"cannot plan this change yet: composite type %s.%s changes the type of "
					"attribute %s (%s -> %s) and column %s.%s.%s holds it; the server alters "
					"no attribute of a type a column holds", t->schema, t->name, ta->name,
					a->type, ta->type, ut->schema, ut->name, uc->name);
		else
			rc = composite_step(s, t, "alter attribute type", ls_arena_printf(s->a,
					"ALTER ATTRIBUTE %s TYPE %s%s%s", name, ta->type, ta->collation ? " COLLATE " : "",
					ta->collation ? ta->collation : ""), ls_arena_printf(s->a,
					"ALTER ATTRIBUTE %s TYPE %s%s%s", name, a->type, a->collation ? " COLLATE " : "",
					a->collation ? a->collation : ""), ls_arena_printf(s->a,
					"attribute %s type %s -> %s", name, a->type, ta->type));
		if (rc < 0)
			return rc;
		w = ls_catalog_find_type(s->work, t->schema, t->name);
	}
	return 0;
}

int pl_alter_type(pl_side *s, const ls_type *t)
{
	const ls_type *w = ls_catalog_find_type(s->work, t->schema, t->name);
	if (!w || w->kind != t->kind)
		return ls_error_set(s->err, LS_EUNSUPPORTED, NULL, 0, 0,
				"cannot plan this change yet: type %s.%s changes its kind", t->schema, t->name);
	switch (t->kind) {
	case LS_TYPE_ENUM: return alter_enum(s, t);
	case LS_TYPE_DOMAIN: return alter_domain(s, t);
	case LS_TYPE_COMPOSITE: return alter_composite(s, t);
	}
	return 0;
}

static const char *sequence_sql(pl_side *s, const ls_sequence *q)
{
	return ls_arena_printf(s->a, "ALTER SEQUENCE %s AS %s START WITH %lld INCREMENT BY %lld "
			"MINVALUE %lld MAXVALUE %lld CACHE %lld %s;\n", pl_qname(s, q->schema, q->name),
			q->type ? q->type : "bigint", (long long)q->start, (long long)q->increment,
			(long long)q->min, (long long)q->max, (long long)q->cache,
			q->cycle ? "CYCLE" : "NO CYCLE");
}

int pl_alter_sequence(pl_side *s, const ls_sequence *t)
{
	const ls_sequence *w = ls_catalog_find_sequence(s->work, t->schema, t->name);
	const char *obj = pl_qname(s, t->schema, t->name);
	int rc;
	if (!w)
		return ls_error_set(s->err, LS_EUNSUPPORTED, NULL, 0, 0,
				"cannot plan this change: sequence %s.%s is missing before it is altered",
				t->schema, t->name);
	if (!ls_same_or_null(w->type, t->type) || w->start != t->start || w->increment != t->increment ||
			w->min != t->min || w->max != t->max || w->cache != t->cache || w->cycle != t->cycle) {
		const char *back = sequence_sql(s, w);
		pl_change(s, LS_CHANGE_ALTER, "sequence", obj, NULL, "options");
		ls_step *st;
		if ((rc = pl_emit(s, &st, "alter sequence", obj, sequence_sql(s, t), back)) < 0)
			return rc;
		pl_lock(s, st, obj, "ShareRowExclusiveLock");
		w = ls_catalog_find_sequence(s->work, t->schema, t->name);
	}
	if (w->unlogged != t->unlogged) {
		pl_change(s, LS_CHANGE_ALTER, "sequence", obj, NULL, t->unlogged ? "unlogged" : "logged");
		ls_step *st;
		if ((rc = pl_emit(s, &st, t->unlogged ? "set unlogged" : "set logged", obj,
				ls_arena_printf(s->a, "ALTER SEQUENCE %s SET %s;\n", obj,
					t->unlogged ? "UNLOGGED" : "LOGGED"),
				ls_arena_printf(s->a, "ALTER SEQUENCE %s SET %s;\n", obj,
					t->unlogged ? "LOGGED" : "UNLOGGED"))) < 0)
			return rc;
		pl_lock(s, st, obj, "AccessExclusiveLock");
	}
	return 0;
}

int pl_alter_extension(pl_side *s, const ls_extension *t)
{
	const ls_extension *w = NULL;
	for (size_t i = 0; i < s->work->n_extensions && !w; i++)
		if (ls_same(s->work->extensions[i].name, t->name))
			w = &s->work->extensions[i];
	if (!w || ls_same(w->schema, t->schema))
		return 0;
	const char *obj = ls_quote_ident(s->a, t->name);
	pl_change(s, LS_CHANGE_ALTER, "extension", obj, NULL,
			ls_arena_printf(s->a, "schema %s -> %s", w->schema, t->schema));
	return pl_emit(s, NULL, "alter extension", obj,
			ls_arena_printf(s->a, "ALTER EXTENSION %s SET SCHEMA %s;\n", obj,
				ls_quote_ident(s->a, t->schema)),
			ls_arena_printf(s->a, "ALTER EXTENSION %s SET SCHEMA %s;\n", obj,
				ls_quote_ident(s->a, w->schema)));
}

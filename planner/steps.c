/* Steps: the statements of one change, with their locks, risk, pre-checks
 * and inverse. This file has what every kind shares (adding a step, the
 * drop of a statement group, the locks of a create or a drop); tables are
 * steps_table.c's, types and sequences steps_type.c's, comments and
 * privileges steps_meta.c's.
 *
 * Lock modes are the ones PostgreSQL 15 takes (AlterTableGetLockLevel in
 * src/backend/commands/tablecmds.c, DefineIndex, CreateTrigger, ...),
 * spelled as pg_locks spells them.
 */
#define _POSIX_C_SOURCE 200809L
#include "plan_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lockstep/str.h"

const char *pl_qname(pl_side *s, const char *schema, const char *name)
{
	return ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, schema), ls_quote_ident(s->a, name));
}

ls_step *pl_add_step(pl_side *s, const char *action, const char *object,
		const char *sql, const char *rollback)
{
	ls_step *st = ls_arena_push(s->a, (void **)&s->steps, &s->n_steps, sizeof *st);
	if (!st)
		return NULL;
	st->action = action;
	st->object = object ? object : "";
	st->sql = ls_arena_strdup(s->a, sql ? sql : "");
	st->rollback = rollback ? ls_arena_strdup(s->a, rollback) : NULL;
	st->transactional = true;
	st->risk = "low";
	st->recipe = "plain";
	st->estimate_ms = st->lock_ms = -1;
	/* a group of its own, or the next of the open unit's (groups.c) */
	if (!s->open)
		s->group++;
	st->group = s->group;
	s->open = s->unit;
	return st;
}

void pl_work(pl_side *s, ls_step *st, ls_work kind, const char *schema, const char *name)
{
	if (kind > st->work)
		st->work = kind;
	if (!schema || !name)
		return;
	for (size_t i = 0; i < st->n_work_on; i++)
		if (!strcmp(st->work_on[i].schema, schema) && !strcmp(st->work_on[i].name, name))
			return;
	ls_work_on *w = ls_arena_push(s->a, (void **)&st->work_on, &st->n_work_on, sizeof *w);
	if (w) {
		w->schema = ls_arena_strdup(s->a, schema);
		w->name = ls_arena_strdup(s->a, name);
		w->qname = pl_qname(s, schema, name);
	}
}

int pl_emit(pl_side *s, ls_step **out, const char *action, const char *object,
		const char *sql, const char *rollback)
{
	if (out)
		*out = NULL;
	/* a name that could not be quoted left "(null)" in the text */
	if (!sql || !object || ls_arena_failed(s->a))
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	ls_step *st = pl_add_step(s, action, object, sql, rollback);
	if (!st)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if (out)
		*out = st;
	char what[512];
	snprintf(what, sizeof what, "%s step %zu: %s %s", s->up ? "up" : "down", s->n_steps,
			action, object);
	return pl_apply(s->work, sql, what, s->err);
}

int pl_emit_concurrent_build(pl_side *s, ls_step **out, const char *action, const char *qindex,
		const char *sql, const char *qtable, const char *recipe, const char *plain)
{
	const char *drop = !qindex ? NULL :
		ls_arena_printf(s->a, "DROP INDEX CONCURRENTLY IF EXISTS %s;\n", qindex);
	ls_step *st;
	int rc = pl_emit(s, &st, action, qindex, sql, drop);
	if (rc < 0)
		return rc;
	st->transactional = false;
	st->cleanup = drop;
	if (qtable) {
		st->scans = true;
		st->risk = "medium";
		st->recipe = recipe;
		st->plain = plain;
		pl_lock(s, st, qtable, "ShareUpdateExclusiveLock");
	}
	if (out)
		*out = st;
	return 0;
}

void pl_warn(pl_side *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *text = n < 0 ? NULL : ls_arena_alloc_raw(s->a, (size_t)n + 1);
	if (!text)
		return;
	va_start(ap, fmt);
	vsnprintf(text, (size_t)n + 1, fmt, ap);
	va_end(ap);
	const char **x = ls_arena_push(s->a, (void **)&s->plan->warnings, &s->plan->n_warnings,
			sizeof *x);
	if (x)
		*x = text;
}

void pl_lock(pl_side *s, ls_step *st, const char *relation, const char *mode)
{
	for (size_t i = 0; i < st->n_locks; i++)
		if (ls_same(st->locks[i].relation, relation)) {
			/* keep the stronger: the modes are listed weakest first */
			static const char *const order[] = {"AccessShareLock", "RowShareLock",
				"RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock",
				"ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"};
			size_t a = 0, b = 0;
			for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
				if (ls_same(order[k], st->locks[i].mode))
					a = k;
				if (ls_same(order[k], mode))
					b = k;
			}
			if (b > a)
				st->locks[i].mode = mode;
			return;
		}
	ls_lock *l = ls_arena_push(s->a, (void **)&st->locks, &st->n_locks, sizeof *l);
	if (l) {
		l->relation = ls_arena_strdup(s->a, relation);
		l->mode = mode;
	}
}

void pl_precheck(pl_side *s, ls_step *st, const char *name, const char *sql)
{
	if (!name || !sql)
		return;
	ls_precheck *p = ls_arena_push(s->a, (void **)&st->prechecks, &st->n_prechecks, sizeof *p);
	if (p) {
		p->name = name;
		p->sql = sql;
	}
}

void pl_change(pl_side *s, ls_change_type type, const char *kind, const char *name,
		const char *new_name, const char *detail)
{
	if (!s->up)
		return;
	ls_plan *p = s->plan;
	ls_change *c = ls_arena_push(s->a, (void **)&p->changes, &p->n_changes, sizeof *c);
	if (c) {
		c->type = type;
		c->kind = kind;
		c->name = name;
		c->new_name = new_name;
		c->detail = detail;
	}
}

const char *pl_kind_word(ls_script_kind k)
{
	switch (k) {
	case LS_SCRIPT_SCHEMA: return "schema";
	case LS_SCRIPT_EXTENSION: return "extension";
	case LS_SCRIPT_COLLATION: return "collation";
	case LS_SCRIPT_ENUM: return "enum";
	case LS_SCRIPT_COMPOSITE: return "type";
	case LS_SCRIPT_DOMAIN: return "domain";
	case LS_SCRIPT_SEQUENCE: return "sequence";
	case LS_SCRIPT_FUNCTION:
	case LS_SCRIPT_LATE_FUNCTION: return "function";
	case LS_SCRIPT_TABLE: return "table";
	case LS_SCRIPT_DEFAULT: return "default";
	case LS_SCRIPT_OWNED_BY: return "sequence owner";
	case LS_SCRIPT_KEY: return "constraint";
	case LS_SCRIPT_INDEX: return "index";
	case LS_SCRIPT_VIEW: return "view";
	case LS_SCRIPT_MATVIEW: return "materialized view";
	case LS_SCRIPT_CHECK: return "check constraint";
	case LS_SCRIPT_FOREIGN_KEY: return "foreign key";
	case LS_SCRIPT_TRIGGER: return "trigger";
	case LS_SCRIPT_RLS: return "row level security";
	case LS_SCRIPT_POLICY: return "policy";
	case LS_SCRIPT_COMMENT: return "comment";
	case LS_SCRIPT_GRANT: return "privileges";
	case LS_SCRIPT_DEFAULT_PRIVILEGES: return "default privileges";
	case LS_SCRIPT_KIND_COUNT: break;
	}
	return "object";
}

/* Whether a node is a part of a table (named "schema.table.part"). */
static bool table_part(ls_script_kind k)
{
	return k == LS_SCRIPT_KEY || k == LS_SCRIPT_CHECK || k == LS_SCRIPT_FOREIGN_KEY ||
		k == LS_SCRIPT_TRIGGER || k == LS_SCRIPT_POLICY || k == LS_SCRIPT_DEFAULT;
}

const char *pl_node_name(pl_side *s, const ls_script_node *n)
{
	ls_arena *a = s->a;
	if (!n->schema[0])
		return ls_quote_ident(a, n->name);
	const char *q = ls_arena_printf(a, "%s.%s", ls_quote_ident(a, n->schema),
			ls_quote_ident(a, n->name));
	if (n->kind == LS_SCRIPT_FUNCTION || n->kind == LS_SCRIPT_LATE_FUNCTION)
		return ls_arena_printf(a, "%s(%s)", q, n->sub);
	if (table_part(n->kind))
		return ls_arena_printf(a, "%s.%s", q, ls_quote_ident(a, n->sub));
	return q;
}

/* "s.t" of a node's table, quoted. */
static const char *table_of(pl_side *s, const ls_script_node *n)
{
	return ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, n->schema),
			ls_quote_ident(s->a, n->name));
}

bool pl_has_children(const pl_side *s, const char *schema, const char *name)
{
	for (size_t i = 0; i < s->work->n_tables; i++)
		for (size_t j = 0; j < s->work->tables[i].n_inherits; j++)
			if (ls_same(s->work->tables[i].inherits[j].schema, schema) &&
					ls_same(s->work->tables[i].inherits[j].name, name))
				return true;
	return false;
}

static void lock_children(pl_side *s, ls_step *st, const char *schema, const char *name,
		const char *mode, int depth)
{
	for (size_t i = 0; depth < 64 && i < s->work->n_tables; i++) {
		const ls_table *c = &s->work->tables[i];
		for (size_t j = 0; j < c->n_inherits; j++)
			if (ls_same(c->inherits[j].schema, schema) && ls_same(c->inherits[j].name, name)) {
				pl_lock(s, st, pl_qname(s, c->schema, c->name), mode);
				lock_children(s, st, c->schema, c->name, mode, depth + 1);
				break;
			}
	}
}

void pl_lock_children(pl_side *s, ls_step *st, const char *schema, const char *name,
		const char *mode)
{
	lock_children(s, st, schema, name, mode, 0);
}

/* ONLY, but for a partitioned table and (recurse: a default or a CHECK)
 * an inheritance parent, whose children follow. */
static void alter_table(pl_side *s, ls_buf *b, const ls_table *t, bool recurse)
{
	ls_buf_put(b, t->kind == LS_TABLE_PARTITIONED || (recurse &&
			pl_has_children(s, t->schema, t->name)) ? "ALTER TABLE " : "ALTER TABLE ONLY ");
	ls_buf_qname(b, t->schema, t->name);
}

const char *pl_drop_sql(pl_side *s, const ls_script_node *n)
{
	ls_buf b = {.a = s->a};
	const ls_table *t = n->table;
	switch (n->kind) {
	case LS_SCRIPT_SCHEMA:
		if (!n->obj)
			ls_buf_put(&b, "CREATE SCHEMA public;\nGRANT USAGE ON SCHEMA public TO PUBLIC;\n"
					"COMMENT ON SCHEMA public IS 'standard public schema';\n");
		else {
			ls_buf_put(&b, "DROP SCHEMA ");
			ls_buf_ident(&b, n->name);
			ls_buf_put(&b, ";\n");
		}
		break;
	case LS_SCRIPT_EXTENSION:
		ls_buf_put(&b, "DROP EXTENSION ");
		ls_buf_ident(&b, n->name);
		ls_buf_put(&b, ";\n");
		break;
	case LS_SCRIPT_COLLATION:
		ls_buf_put(&b, "DROP COLLATION ");
		ls_buf_qname(&b, n->schema, n->name);
		ls_buf_put(&b, ";\n");
		break;
	case LS_SCRIPT_ENUM:
	case LS_SCRIPT_COMPOSITE:
	case LS_SCRIPT_DOMAIN:
		ls_buf_put(&b, n->kind == LS_SCRIPT_DOMAIN ? "DROP DOMAIN " : "DROP TYPE ");
		ls_buf_qname(&b, n->schema, n->name);
		ls_buf_put(&b, ";\n");
		break;
	case LS_SCRIPT_SEQUENCE:
		ls_buf_put(&b, "DROP SEQUENCE ");
		ls_buf_qname(&b, n->schema, n->name);
		ls_buf_put(&b, ";\n");
		break;
	case LS_SCRIPT_FUNCTION:
	case LS_SCRIPT_LATE_FUNCTION: {
		const ls_function *f = n->obj;
		ls_buf_put(&b, f->kind == 'p' ? "DROP PROCEDURE " : f->kind == 'a' ? "DROP AGGREGATE " :
				"DROP FUNCTION ");
		ls_buf_qname(&b, n->schema, n->name);
		ls_buf_printf(&b, "(%s);\n", n->sub);
		break;
	}
	case LS_SCRIPT_TABLE:
		ls_buf_put(&b, "DROP TABLE ");
		ls_buf_qname(&b, n->schema, n->name);
		ls_buf_put(&b, ";\n");
		break;
	case LS_SCRIPT_DEFAULT:
		alter_table(s, &b, t, true);
		ls_buf_put(&b, " ALTER COLUMN ");
		ls_buf_ident(&b, t->columns[n->item].name);
		ls_buf_put(&b, " DROP DEFAULT;\n");
		break;
	case LS_SCRIPT_OWNED_BY:
		ls_buf_put(&b, "ALTER SEQUENCE ");
		ls_buf_qname(&b, n->schema, n->name);
		ls_buf_put(&b, " OWNED BY NONE;\n");
		break;
	case LS_SCRIPT_KEY:
	case LS_SCRIPT_CHECK:
	case LS_SCRIPT_FOREIGN_KEY:
		alter_table(s, &b, t, n->kind == LS_SCRIPT_CHECK);
		ls_buf_put(&b, " DROP CONSTRAINT ");
		ls_buf_ident(&b, n->sub);
		ls_buf_put(&b, ";\n");
		break;
	case LS_SCRIPT_INDEX:
		ls_buf_put(&b, "DROP INDEX ");
		ls_buf_qname(&b, n->schema, n->name);
		ls_buf_put(&b, ";\n");
		break;
	case LS_SCRIPT_VIEW:
	case LS_SCRIPT_MATVIEW:
		ls_buf_put(&b, n->kind == LS_SCRIPT_MATVIEW ? "DROP MATERIALIZED VIEW " : "DROP VIEW ");
		ls_buf_qname(&b, n->schema, n->name);
		ls_buf_put(&b, ";\n");
		break;
	case LS_SCRIPT_TRIGGER:
	case LS_SCRIPT_POLICY:
		ls_buf_put(&b, n->kind == LS_SCRIPT_TRIGGER ? "DROP TRIGGER " : "DROP POLICY ");
		ls_buf_ident(&b, n->sub);
		ls_buf_put(&b, " ON ");
		ls_buf_qname(&b, n->schema, n->name);
		ls_buf_put(&b, ";\n");
		break;
	case LS_SCRIPT_RLS:
		ls_buf_put(&b, "ALTER TABLE ");
		ls_buf_qname(&b, n->schema, n->name);
		ls_buf_put(&b, " DISABLE ROW LEVEL SECURITY;\nALTER TABLE ");
		ls_buf_qname(&b, n->schema, n->name);
		ls_buf_put(&b, " NO FORCE ROW LEVEL SECURITY;\n");
		break;
	case LS_SCRIPT_COMMENT:
	case LS_SCRIPT_GRANT:
	case LS_SCRIPT_DEFAULT_PRIVILEGES:
	case LS_SCRIPT_KIND_COUNT:
		break;
	}
	return ls_buf_take(&b);
}

/* Whether the drop or move of table (of column, unless NULL) takes FROM's
 * owned sequence q along: q is owned by it, and no earlier step of this
 * side released it (OWNED BY NONE), which s->work shows. */
static bool takes_owned(const pl_side *s, const ls_sequence *q, const char *table,
		const char *column)
{
	if (column && !ls_same(q->owned_column, column))
		return false;
	const ls_sequence *w = s->work ? ls_catalog_find_sequence(s->work, q->schema, q->name) : NULL;
	return !w || ls_same(w->owned_table, table);
}

void pl_lock_owned(pl_side *s, ls_step *st, const char *schema, const char *table,
		const char *column, const char *mode)
{
	size_t *at;
	long n = ls_catalog_owned(s->cur, LS_OWN_SEQUENCE, schema, table, s->a, &at);
	for (long i = 0; i < n; i++) {
		const ls_sequence *q = &s->cur->sequences[at[i]];
		if (takes_owned(s, q, table, column))
			pl_lock(s, st, pl_qname(s, q->schema, q->name), mode);
	}
	/* out of memory: the scan */
	for (size_t i = 0; n < 0 && i < s->cur->n_sequences; i++) {
		const ls_sequence *q = &s->cur->sequences[i];
		if (ls_same(q->schema, schema) && ls_same(q->owned_table, table) &&
				takes_owned(s, q, table, column))
			pl_lock(s, st, pl_qname(s, q->schema, q->name), mode);
	}
}

void pl_lock_partitions(pl_side *s, ls_step *st, ls_catalog *c, const char *schema,
		const char *table, const char *mode)
{
	const ls_table *t = ls_catalog_find_table(c, schema, table);
	if (!t || t->kind != LS_TABLE_PARTITIONED)
		return;
	for (size_t i = 0; i < c->n_tables; i++) {
		const ls_table *p = &c->tables[i];
		if (p->parent_table && ls_same(p->parent_schema, schema) &&
				ls_same(p->parent_table, table)) {
			pl_lock(s, st, pl_qname(s, p->schema, p->name), mode);
			pl_lock_partitions(s, st, c, p->schema, p->name, mode);
		}
	}
}

void pl_lock_body_writes(pl_side *s, ls_step *st, const ls_function *f)
{
	const char **rels;
	size_t n = ls_function_writes(s->a, f, &rels);
	for (size_t i = 0; i < n; i++)
		pl_lock(s, st, rels[i], "RowExclusiveLock");
	/* the server parses a SQL-standard body on CREATE, whatever
	 * check_function_bodies says, and so opens what it names */
	pl_lock_reads(s, st, f->body, LS_READS_BODY, 0);
}

void pl_lock_reads(pl_side *s, ls_step *st, const char *text, ls_reads_kind kind,
		unsigned flags)
{
	ls_reads r;
	/* a stored text that does not parse is memory the parser ran out of:
	 * the plan fails as on any out of memory */
	if (ls_catalog_reads(s->work, text, kind, flags, s->a, &r) < 0) {
		ls_arena_set_failed(s->a);
		return;
	}
	for (size_t i = 0; i < r.n_relations; i++)
		pl_lock(s, st, r.relations[i], "AccessShareLock");
}

/* A relation a view reads, as its depends list names it ("schema.name",
 * unquoted: a name may hold a dot), quoted as the locks name relations;
 * NULL when work has none of that name. */
static const char *depend_relation(pl_side *s, const char *dep)
{
	for (const char *dot = strchr(dep, '.'); dot; dot = strchr(dot + 1, '.')) {
		const char *schema = ls_arena_printf(s->a, "%.*s", (int)(dot - dep), dep);
		const char *name = dot + 1;
		if (schema && (ls_catalog_find_table(s->work, schema, name) ||
				ls_catalog_find_view(s->work, schema, name) ||
				ls_catalog_find_sequence(s->work, schema, name)))
			return pl_qname(s, schema, name);
	}
	return NULL;
}

void pl_lock_view_reads(pl_side *s, ls_step *st, const ls_view *v)
{
	for (size_t i = 0; i < v->n_depends; i++) {
		const char *rel = depend_relation(s, v->depends[i]);
		if (rel)
			pl_lock(s, st, rel, "AccessShareLock");
	}
	/* CREATE MATERIALIZED VIEW ... WITH DATA runs the query: the rewriter
	 * opens what the views it reads read, the executor what the bodies of
	 * the functions it calls read */
	pl_lock_reads(s, st, v->definition, LS_READS_QUERY,
			v->materialized && v->with_data ? LS_READS_RUN : 0);
}

static bool table_existed(pl_side *s, const char *schema, const char *name);

const ls_table *pl_lock_default_partition(pl_side *s, ls_step *st, const char *schema,
		const char *parent, const char *self_schema, const char *self_name, bool partitions)
{
	for (size_t i = 0; i < s->work->n_tables; i++) {
		const ls_table *p = &s->work->tables[i];
		if (p->parent_table && ls_same(p->parent_schema, schema) &&
				ls_same(p->parent_table, parent) && ls_same(p->partition_bound, "DEFAULT") &&
				!(ls_same(p->schema, self_schema) && ls_same(p->name, self_name))) {
			pl_lock(s, st, pl_qname(s, p->schema, p->name), "AccessExclusiveLock");
			if (partitions)
				pl_lock_partitions(s, st, s->work, p->schema, p->name, "AccessExclusiveLock");
			return p;
		}
	}
	return NULL;
}

/* The table a node reads or changes when it is created or dropped, as
 * named before the step runs, with the mode PostgreSQL takes on it. */
static void node_locks(pl_side *s, ls_step *st, const ls_script_node *n, bool create)
{
	const char *rel = table_of(s, n);
	switch (n->kind) {
	case LS_SCRIPT_TABLE: {
		const ls_table *t = n->obj;
		if (!create) {
			pl_lock(s, st, rel, "AccessExclusiveLock");
			pl_lock_owned(s, st, t->schema, t->name, NULL, "AccessExclusiveLock");
			/* its partitions go with it (work has lost them already) */
			pl_lock_partitions(s, st, s->cur, t->schema, t->name, "AccessExclusiveLock");
		}
		if (t->parent_table) {
			pl_lock(s, st, ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, t->parent_schema),
					ls_quote_ident(s->a, t->parent_table)), "AccessExclusiveLock");
			/* the default partition's constraint changes with it; a new
			 * partition has the server scan it for rows of its bounds,
			 * under the parent's AccessExclusiveLock */
			const ls_table *d = pl_lock_default_partition(s, st, t->parent_schema,
					t->parent_table, t->schema, t->name, create);
			if (d && create && table_existed(s, d->schema, d->name)) {
				st->scans = true;
				pl_work(s, st, LS_WORK_SCAN, d->schema, d->name);
				pl_warn(s, "creating partition %s of %s scans the default partition %s for "
						"rows of its bounds while it holds AccessExclusiveLock on %s (its "
						"reads and writes wait for the scan, and a row found there stops the "
						"plan): a valid CHECK on %s that excludes the new bounds lets "
						"PostgreSQL skip the scan", rel, pl_qname(s, t->parent_schema,
						t->parent_table), pl_qname(s, d->schema, d->name),
						pl_qname(s, t->parent_schema, t->parent_table),
						pl_qname(s, d->schema, d->name));
			}
		}
		/* CREATE TABLE ... INHERITS reads its parents under
		 * ShareUpdateExclusiveLock (MergeAttributes); a DROP of the
		 * child takes none on them */
		for (size_t i = 0; create && i < t->n_inherits; i++)
			pl_lock(s, st, ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, t->inherits[i].schema),
					ls_quote_ident(s->a, t->inherits[i].name)), "ShareUpdateExclusiveLock");
		break;
	}
	case LS_SCRIPT_KEY:
	case LS_SCRIPT_CHECK:
	case LS_SCRIPT_DEFAULT:
		pl_lock(s, st, rel, "AccessExclusiveLock");
		pl_lock_partitions(s, st, s->work, n->schema, n->name, "AccessExclusiveLock");
		/* a CHECK (not NO INHERIT) reaches inheritance children, and so does
		 * a default dropped (pl_drop_sql) */
		if ((n->kind == LS_SCRIPT_CHECK && !n->table->constraints[n->item].no_inherit) ||
				(n->kind == LS_SCRIPT_DEFAULT && !create))
			pl_lock_children(s, st, n->schema, n->name, "AccessExclusiveLock");
		/* a valid CHECK added to a table that holds rows runs on each:
		 * what the functions it calls read is read */
		if (n->kind == LS_SCRIPT_CHECK && create && n->table->constraints[n->item].valid &&
				table_existed(s, n->schema, n->name))
			pl_lock_reads(s, st, n->table->constraints[n->item].expr, LS_READS_EXPR,
					LS_READS_RUN);
		break;
	case LS_SCRIPT_POLICY:
	case LS_SCRIPT_RLS:
		/* row security is the partitioned table's alone */
		pl_lock(s, st, rel, "AccessExclusiveLock");
		/* CREATE POLICY parses its expressions: their sub-selects open
		 * what they name */
		if (create && n->kind == LS_SCRIPT_POLICY && n->table && n->item != LS_SCRIPT_NONE) {
			const ls_policy *p = &n->table->policies[n->item];
			pl_lock_reads(s, st, p->using_expr, LS_READS_EXPR, 0);
			pl_lock_reads(s, st, p->check_expr, LS_READS_EXPR, 0);
		}
		break;
	case LS_SCRIPT_FOREIGN_KEY: {
		const ls_constraint *k = &n->table->constraints[n->item];
		const char *mode = create ? "ShareRowExclusiveLock" : "AccessExclusiveLock";
		pl_lock(s, st, rel, mode);
		pl_lock_partitions(s, st, s->work, n->schema, n->name, mode);
		pl_lock(s, st, ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, k->ref_schema),
				ls_quote_ident(s->a, k->ref_table)), mode);
		/* a partitioned referenced table: the key's triggers are on each of
		 * its partitions too */
		pl_lock_partitions(s, st, s->work, k->ref_schema, k->ref_table, mode);
		break;
	}
	case LS_SCRIPT_TRIGGER: {
		const char *mode = create ? "ShareRowExclusiveLock" : "AccessExclusiveLock";
		pl_lock(s, st, rel, mode);
		/* a row trigger is cloned onto each partition, a statement trigger not */
		if (n->table && n->table->triggers[n->item].for_each_row)
			pl_lock_partitions(s, st, s->work, n->schema, n->name, mode);
		break;
	}
	case LS_SCRIPT_LATE_FUNCTION:
		if (create)
			pl_lock_body_writes(s, st, n->obj);
		break;
	case LS_SCRIPT_OWNED_BY: {
		/* ALTER SEQUENCE ... OWNED BY: the sequence's row, and the owning
		 * table read */
		const ls_sequence *q = n->obj;
		pl_lock(s, st, rel, "ShareRowExclusiveLock");
		if (create && q && q->owned_table)
			pl_lock(s, st, pl_qname(s, q->schema, q->owned_table), "AccessShareLock");
		break;
	}
	case LS_SCRIPT_INDEX: {
		const ls_index *x = n->obj;
		const char *on = ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, x->schema),
				ls_quote_ident(s->a, x->table));
		const char *mode = create ? (st->transactional ? "ShareLock" : "ShareUpdateExclusiveLock") :
			st->transactional ? "AccessExclusiveLock" : "ShareUpdateExclusiveLock";
		pl_lock(s, st, on, mode);
		/* built on, or dropped from, each partition too (never concurrently) */
		pl_lock_partitions(s, st, s->work, x->schema, x->table, mode);
		if (!create)
			pl_lock(s, st, rel, "AccessExclusiveLock");
		/* the build evaluates its expressions and predicate on each row
		 * (a table the plan creates has none) */
		bool rows = create && table_existed(s, x->schema, x->table);
		for (size_t i = 0; rows && i < x->n_keys; i++)
			pl_lock_reads(s, st, x->keys[i].expr, LS_READS_EXPR, LS_READS_RUN);
		if (rows)
			pl_lock_reads(s, st, x->where, LS_READS_EXPR, LS_READS_RUN);
		break;
	}
	case LS_SCRIPT_VIEW:
	case LS_SCRIPT_MATVIEW:
		if (!create)
			pl_lock(s, st, rel, "AccessExclusiveLock");
		else
			pl_lock_view_reads(s, st, n->obj);
		break;
	case LS_SCRIPT_SEQUENCE: {
		const ls_sequence *q = n->obj;
		if (!create)
			pl_lock(s, st, rel, "AccessExclusiveLock");
		/* CREATE SEQUENCE ... OWNED BY reads the owning table */
		else if (q->owned_table && strstr(n->sql, "OWNED BY"))
			pl_lock(s, st, pl_qname(s, q->schema, q->owned_table), "AccessShareLock");
		break;
	}
	default:
		break;
	}
}

/* Whether the table of a node existed before the plan (its data is at
 * stake) — a table created by this plan is empty. */
static bool table_existed(pl_side *s, const char *schema, const char *name)
{
	return ls_catalog_find_table(s->cur, schema, name) != NULL;
}

void pl_node_effects(pl_side *s, ls_step *st, const ls_script_node *n, bool create)
{
	node_locks(s, st, n, create);
	bool existing = n->table ? table_existed(s, n->table->schema, n->table->name) : false;
	switch (n->kind) {
	case LS_SCRIPT_TABLE:
		if (!create) {
			st->risk = "high";
			st->loses = ls_arena_printf(s->a, "every row of table %s", table_of(s, n));
		} else if (((const ls_table *)n->obj)->parent_table) {
			st->risk = st->scans ? "high" : "medium";
		}
		break;
	case LS_SCRIPT_KEY:
	case LS_SCRIPT_CHECK:
	case LS_SCRIPT_FOREIGN_KEY:
		if (create && existing) {
			const ls_constraint *k = &n->table->constraints[n->item];
			st->scans = k->type != 'c' && k->type != 'f' ? true : k->valid;
			if (st->scans)
				pl_work(s, st, k->type == 'c' ? LS_WORK_SCAN : k->type == 'f' ? LS_WORK_FK_SCAN :
						LS_WORK_INDEX, n->table->schema, n->table->name);
			st->risk = k->type == 'p' || k->type == 'u' || k->type == 'x' ? "high" :
				st->scans ? "medium" : "low";
		}
		break;
	case LS_SCRIPT_INDEX:
		if (create) {
			const ls_index *x = n->obj;
			st->scans = table_existed(s, x->schema, x->table);
			if (st->scans)
				pl_work(s, st, LS_WORK_INDEX, x->schema, x->table);
			st->risk = !st->scans ? "low" : st->transactional ? "high" : "medium";
		}
		break;
	case LS_SCRIPT_MATVIEW:
		if (create && (st->scans = ((const ls_view *)n->obj)->with_data))
			pl_work(s, st, LS_WORK_QUERY, NULL, NULL);
		break;
	case LS_SCRIPT_SEQUENCE:
		if (!create)
			st->loses = ls_arena_printf(s->a, "the current value of sequence %s", table_of(s, n));
		break;
	default:
		break;
	}
}

int pl_validate_constraint(pl_side *s, const ls_script_node *t)
{
	const ls_table *tt = t->table;
	const ls_constraint *k = &tt->constraints[t->item];
	const ls_script_node *f = ls_script_find(s->sf, t->key);
	const char *name = pl_node_name(s, t);
	ls_buf b = {.a = s->a};
	/* a CHECK is its children's too */
	alter_table(s, &b, tt, k->type == 'c');
	ls_buf_put(&b, " VALIDATE CONSTRAINT ");
	ls_buf_ident(&b, k->name);
	ls_buf_put(&b, ";\n");
	const char *sql = ls_buf_take(&b);
	/* no ALTER makes a constraint NOT VALID again: the rollback drops it
	 * and adds FROM's */
	const char *back = f ? ls_arena_printf(s->a, "%s%s", pl_drop_sql(s, f), f->sql) : NULL;
	pl_change(s, LS_CHANGE_ALTER, pl_kind_word(t->kind), name, NULL, "validated");
	ls_step *st;
	int rc = pl_emit(s, &st, ls_arena_printf(s->a, "validate %s", pl_kind_word(t->kind)), name,
			sql, back);
	if (rc < 0)
		return rc;
	pl_lock(s, st, table_of(s, t), "ShareUpdateExclusiveLock");
	if (k->type == 'f')
		pl_lock(s, st, pl_qname(s, k->ref_schema, k->ref_table), "RowShareLock");
	st->scans = true;
	pl_work(s, st, k->type == 'f' ? LS_WORK_FK_SCAN : LS_WORK_SCAN, tt->schema, tt->name);
	st->risk = "medium";
	pl_node_prechecks(s, st, t);
	return 0;
}

/* "ALTER TABLE s.t DISABLE TRIGGER g;\n" and the like, for state O D R A. */
static const char *trigger_state_sql(pl_side *s, const ls_script_node *n, char state)
{
	ls_buf b = {.a = s->a};
	ls_buf_put(&b, "ALTER TABLE ");
	ls_buf_qname(&b, n->schema, n->name);
	ls_buf_put(&b, state == 'D' ? " DISABLE TRIGGER " : state == 'R' ? " ENABLE REPLICA TRIGGER " :
			state == 'A' ? " ENABLE ALWAYS TRIGGER " : " ENABLE TRIGGER ");
	ls_buf_ident(&b, n->sub);
	ls_buf_put(&b, ";\n");
	return ls_buf_take(&b);
}

int pl_trigger_state(pl_side *s, const ls_script_node *t)
{
	const ls_trigger *g = &t->table->triggers[t->item];
	const ls_script_node *f = ls_script_find(s->sf, t->key);
	char from = f && f->table ? f->table->triggers[f->item].enabled : 'O';
	const char *name = pl_node_name(s, t);
	pl_change(s, LS_CHANGE_ALTER, pl_kind_word(t->kind), name, NULL,
			g->enabled == 'D' ? "disabled" : "enabled");
	ls_step *st;
	int rc = pl_emit(s, &st, ls_arena_printf(s->a, "%s trigger", g->enabled == 'D' ? "disable" :
				"enable"), name, trigger_state_sql(s, t, g->enabled ? g->enabled : 'O'),
			trigger_state_sql(s, t, from ? from : 'O'));
	if (rc < 0)
		return rc;
	pl_lock(s, st, table_of(s, t), "ShareRowExclusiveLock");
	return 0;
}

int pl_add_key_using_index(pl_side *s, const ls_script_node *t, const ls_script_node *x)
{
	const ls_constraint *k = &t->table->constraints[t->item];
	const ls_index *xi = x->obj;
	const char *name = pl_node_name(s, t);
	ls_buf b = {.a = s->a};
	alter_table(s, &b, t->table, false);
	ls_buf_put(&b, " ADD CONSTRAINT ");
	ls_buf_ident(&b, k->name);
	ls_buf_put(&b, k->type == 'p' ? " PRIMARY KEY USING INDEX " : " UNIQUE USING INDEX ");
	ls_buf_ident(&b, xi->name);
	if (k->deferrable)
		ls_buf_put(&b, k->deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE");
	ls_buf_put(&b, ";\n");
	const char *sql = ls_buf_take(&b);
	/* the drop of the key takes its index along: the rollback builds
	 * FROM's index again */
	const char *back = ls_arena_printf(s->a, "%s%s", pl_drop_sql(s, t), x->sql);
	pl_change(s, LS_CHANGE_ADD, pl_kind_word(t->kind), name, NULL,
			ls_arena_printf(s->a, "using index %s", ls_quote_ident(s->a, xi->name)));
	ls_step *st;
	int rc = pl_emit(s, &st, "create constraint", name, sql, back);
	if (rc < 0)
		return rc;
	/* catalog work only: the index is there and unique, and TO's NOT NULL
	 * of a primary key's columns was set by the table's steps before */
	pl_lock(s, st, table_of(s, t), "AccessExclusiveLock");
	st->risk = "low";
	return 0;
}

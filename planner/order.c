/* Order: the steps of one side in four phases (plan_int.h), each phase in
 * an order PostgreSQL accepts.
 *
 * The scripts already carry a dependency order that the server accepts
 * for creating everything (foreign key cycles broken by adding the keys
 * after the tables, as pg_dump does): creates and alters follow TO's
 * order, drops follow FROM's order reversed. Drops are split so that
 * what depends on a table (views, foreign keys, triggers, ...) goes before
 * anything is altered, and the tables, types and functions themselves go
 * after, once nothing needs them.
 */
#define _POSIX_C_SOURCE 200809L
#include "plan_int.h"
#include "recipes/recipes.h"

#include <string.h>

#include "lockstep/str.h"

static bool is_meta(ls_script_kind k)
{
	return k == LS_SCRIPT_COMMENT || k == LS_SCRIPT_GRANT || k == LS_SCRIPT_DEFAULT_PRIVILEGES;
}

/* Kinds dropped in phase 3, once nothing depends on them. */
static bool heavy(ls_script_kind k)
{
	return k == LS_SCRIPT_TABLE || k == LS_SCRIPT_SEQUENCE || k == LS_SCRIPT_ENUM ||
		k == LS_SCRIPT_COMPOSITE || k == LS_SCRIPT_DOMAIN || k == LS_SCRIPT_EXTENSION ||
		k == LS_SCRIPT_SCHEMA || k == LS_SCRIPT_FUNCTION || k == LS_SCRIPT_LATE_FUNCTION ||
		k == LS_SCRIPT_COLLATION;
}

static unsigned char fstate_of(const pl_side *s, const ls_script_node *n)
{
	return n ? s->fstate[n - s->sf->nodes] : PL_KEEP;
}

static bool goes(unsigned char state)
{
	return state == PL_DROP || state == PL_DROPPED;
}

/* Whether FROM's table goes away with the plan (itself, or the
 * partitioned table it is a partition of). */
static bool table_dropped(const pl_side *s, const char *schema, const char *name)
{
	for (int depth = 0; depth < 64; depth++) {
		const ls_script_node *n = ls_script_find_object(s->sf, LS_SCRIPT_TABLE, schema, name, NULL);
		if (!n)
			return false;
		if (goes(fstate_of(s, n)))
			return true;
		const ls_table *t = n->obj;
		if (!t->parent_table)
			return false;
		schema = t->parent_schema;
		name = t->parent_table;
	}
	return false;
}

/* The table a part node belongs to, for an index its table. */
static void node_table(const ls_script_node *n, const char **schema, const char **name)
{
	*schema = *name = NULL;
	if (n->kind == LS_SCRIPT_INDEX) {
		const ls_index *x = n->obj;
		*schema = x->schema;
		*name = x->table;
	} else if (n->table && n->kind != LS_SCRIPT_TABLE) {
		*schema = n->table->schema;
		*name = n->table->name;
	}
}

/* Whether FROM's column schema.table.column goes away with the plan: with
 * its table, or dropped from a table that TO keeps (the names are TO's,
 * the renames applied). */
static bool column_dropped(const pl_side *s, const char *schema, const char *table,
		const char *column)
{
	if (table_dropped(s, schema, table))
		return true;
	const ls_table *t = ls_catalog_find_table(s->to, schema, table);
	for (size_t i = 0; t && i < t->n_columns; i++)
		if (ls_same(t->columns[i].name, column))
			return false;
	return t != NULL;
}

/* Whether a sequence of FROM is owned by a column that goes away (DROP
 * TABLE and DROP COLUMN take it along). */
static bool owner_dropped(const pl_side *s, const ls_sequence *q)
{
	if (!q->owned_table)
		return false;
	if (!q->owned_column)
		return table_dropped(s, q->schema, q->owned_table);
	return column_dropped(s, q->schema, q->owned_table, q->owned_column);
}

/* Whether the drop of a FROM node is implied by another drop: parts of a
 * dropped table (but a foreign key to another table must go first, or
 * that table could not be dropped), partitions of a dropped table,
 * sequences owned by a dropped table or column, OWNED BY of a dropped
 * sequence (not of one that stays while its owner goes: OWNED BY NONE
 * keeps it from the owner's drop). */
static bool implied(const pl_side *s, const ls_script_node *n)
{
	const char *schema, *name;
	node_table(n, &schema, &name);
	if (schema && table_dropped(s, schema, name)) {
		if (n->kind != LS_SCRIPT_FOREIGN_KEY)
			return true;
		const ls_constraint *k = &n->table->constraints[n->item];
		return ls_same(k->ref_schema, n->table->schema) && ls_same(k->ref_table, n->table->name);
	}
	if (n->kind == LS_SCRIPT_TABLE) {
		const ls_table *t = n->obj;
		return t->parent_table && table_dropped(s, t->parent_schema, t->parent_table);
	}
	if (n->kind == LS_SCRIPT_SEQUENCE) {
		const ls_sequence *q = n->obj;
		return owner_dropped(s, q);
	}
	if (n->kind == LS_SCRIPT_OWNED_BY) {
		const ls_script_node *q = ls_script_find_object(s->sf, LS_SCRIPT_SEQUENCE, n->schema,
				n->name, NULL);
		/* a sequence that stays is released first: its owner's drop would
		 * take it along */
		return goes(fstate_of(s, q));
	}
	return false;
}

/* An index on a regular table, or on a materialized view, that exists
 * before the step is built and dropped CONCURRENTLY, outside a
 * transaction, so writes (or REFRESH ... CONCURRENTLY and reads) go on.
 * A materialized view counts only when the plan keeps it as it is: one
 * dropped and created again takes its indexes along inside the
 * transaction that rebuilds it. */
static bool concurrent_index(pl_side *s, const ls_script_node *n)
{
	if (n->kind != LS_SCRIPT_INDEX)
		return false;
	const ls_index *x = n->obj;
	const ls_table *t = ls_catalog_find_table(s->work, x->schema, x->table);
	/* a partition's index of its own too (not one attached to its
	 * parent's: that one comes and goes with the parent's) */
	if (t)
		return t->kind == LS_TABLE_REGULAR && !x->parent_index &&
			ls_catalog_find_table(s->cur, x->schema, x->table);
	const ls_view *v = ls_catalog_find_view(s->work, x->schema, x->table);
	if (!v || !v->materialized)
		return false;
	const ls_script_node *m = ls_script_find_object(s->sf, LS_SCRIPT_MATVIEW, x->schema,
			x->table, NULL);
	return m && fstate_of(s, m) == PL_KEEP;
}

static const char *concurrently(pl_side *s, const char *sql, const char *prefix)
{
	size_t n = strlen(prefix);
	if (!sql || strncmp(sql, prefix, n) != 0)
		return sql;
	return ls_arena_printf(s->a, "%sCONCURRENTLY %s", prefix, sql + n);
}

static const char *action(pl_side *s, const char *verb, ls_script_kind k)
{
	return ls_arena_printf(s->a, "%s %s", verb, pl_kind_word(k));
}

int pl_drop_node(pl_side *s, const ls_script_node *n, bool record)
{
	const char *sql = pl_drop_sql(s, n);
	bool conc = concurrent_index(s, n);
	/* IF EXISTS: run again after a stop that did not reach the ledger, the
	 * step does nothing (a drop that stopped half-way left the index
	 * invalid: this drops it) */
	if (conc && sql)
		sql = concurrently(s, sql, "DROP INDEX ");
	if (conc && sql && !strncmp(sql, "DROP INDEX CONCURRENTLY ", 24))
		sql = ls_arena_printf(s->a, "DROP INDEX CONCURRENTLY IF EXISTS %s", sql + 24);
	const char *name = pl_node_name(s, n);
	if (record)
		pl_change(s, LS_CHANGE_DROP, pl_kind_word(n->kind), name, NULL, NULL);
	bool done = false;
	int rc = n->kind == LS_SCRIPT_TABLE ?
		pl_recipe_partition_drop(s, n, action(s, "drop", n->kind), &done) : 0;
	if (rc < 0 || done)
		return rc;
	ls_step *st;
	rc = pl_emit(s, &st, action(s, "drop", n->kind), name, sql, n->sql);
	if (rc < 0)
		return rc;
	st->transactional = !conc;
	if (conc)
		st->cleanup = ls_arena_printf(s->a, "DROP INDEX CONCURRENTLY IF EXISTS %s;\n",
				pl_node_name(s, n));
	pl_node_effects(s, st, n, false);
	return 0;
}

int pl_drop_sequence_now(pl_side *s, const char *schema, const char *name)
{
	const ls_script_node *n = ls_script_find_object(s->sf, LS_SCRIPT_SEQUENCE, schema, name,
			NULL);
	if (!n || s->fstate[n - s->sf->nodes] != PL_DROP ||
			!ls_catalog_find_sequence(s->work, schema, name))
		return 0;
	int rc = pl_drop_node(s, n, true);
	if (rc < 0)
		return rc;
	s->fstate[n - s->sf->nodes] = PL_DROPPED;
	return 0;
}

/* Whether FROM's node goes in phase 1 by its own kind: what is dropped or
 * replaced and others depend on (a replaced function too). */
static bool phase1_kind(const pl_side *s, size_t i)
{
	const ls_script_node *n = &s->sf->nodes[i];
	unsigned char st = s->fstate[i];
	if ((st != PL_DROP && st != PL_REPLACE) || is_meta(n->kind))
		return false;
	/* a replaced collation (a changed definition: the server has no ALTER
	 * for it) goes with the views and indexes over it, before its create */
	return !heavy(n->kind) || (st == PL_REPLACE && (n->kind == LS_SCRIPT_FUNCTION ||
			n->kind == LS_SCRIPT_LATE_FUNCTION || n->kind == LS_SCRIPT_COLLATION));
}

/* Which nodes of FROM phase 1 drops: those of its kinds, and a table,
 * type or function the plan drops that depends on one of them (a routine
 * returning SETOF a view, a column of a view's row type, a body calling a
 * replaced function): the server refuses to drop what it depends on
 * while it exists, so it goes first instead of in phase 3. In order,
 * dependencies first; NULL on no memory. */
static bool *phase1_nodes(pl_side *s)
{
	const ls_script *sf = s->sf;
	bool *early = ls_arena_alloc(s->a, (sf->n_nodes + 1) * sizeof *early);
	if (!early)
		return NULL;
	memset(early, 0, (sf->n_nodes + 1) * sizeof *early);
	for (size_t k = 0; k < sf->n_nodes; k++) {
		size_t i = sf->order[k];
		const ls_script_node *n = &sf->nodes[i];
		if (implied(s, n))
			continue;
		early[i] = phase1_kind(s, i);
		for (size_t d = 0; !early[i] && d < n->n_deps; d++)
			early[i] = early[n->deps[d]] && s->fstate[i] == PL_DROP && heavy(n->kind);
	}
	return early;
}

/* Phase 1: what is dropped or replaced and others depend on. */
static int phase_drop_dependents(pl_side *s)
{
	const ls_script *sf = s->sf;
	bool *early = phase1_nodes(s);
	if (!early)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t k = sf->n_nodes; k-- > 0;) {
		size_t i = sf->order[k];
		const ls_script_node *n = &sf->nodes[i];
		unsigned char st = s->fstate[i];
		if (st == PL_ALTER && n->kind == LS_SCRIPT_TABLE) {
			int rc = pl_drop_defaults_calling(s, n);
			if (rc < 0)
				return rc;
			continue;
		}
		if (!early[i])
			continue;
		/* a key that the key recipe swaps, and the foreign keys that
		 * reference it, go in the swap's transaction instead */
		if (pl_defer_drop(s, n))
			continue;
		int rc = pl_drop_node(s, n, st == PL_DROP);
		if (rc < 0)
			return rc;
		if (heavy(n->kind) && st == PL_DROP)
			s->fstate[i] = PL_DROPPED;
	}
	return 0;
}

static const char *or_replace(pl_side *s, const char *sql)
{
	if (!strncmp(sql, "CREATE FUNCTION", 15) || !strncmp(sql, "CREATE PROCEDURE", 16) ||
			!strncmp(sql, "CREATE VIEW", 11) || !strncmp(sql, "CREATE AGGREGATE", 16))
		return ls_arena_printf(s->a, "CREATE OR REPLACE %s", sql + 7);
	return sql;
}

/* Whether work already holds TO's constraint or index, as an earlier step
 * left it (a detached partition keeps what its parent gave it). */
static bool already_there(pl_side *s, const ls_script_node *t)
{
	if (t->kind == LS_SCRIPT_INDEX) {
		const ls_index *x = t->obj;
		const ls_index *w = ls_catalog_find_index(s->work, x->schema, x->name);
		return w && pl_same_index(w, x);
	}
	if (t->kind != LS_SCRIPT_KEY && t->kind != LS_SCRIPT_CHECK && t->kind != LS_SCRIPT_FOREIGN_KEY)
		return false;
	const ls_constraint *k = &t->table->constraints[t->item];
	const ls_table *w = ls_catalog_find_table(s->work, t->table->schema, t->table->name);
	for (size_t i = 0; w && i < w->n_constraints; i++)
		if (ls_same(w->constraints[i].name, k->name))
			return pl_same_constraint(&w->constraints[i], k);
	return false;
}

/* Kinds with a pg_class row: one name space per schema. */
static bool in_pg_class(ls_script_kind k)
{
	return k == LS_SCRIPT_TABLE || k == LS_SCRIPT_VIEW || k == LS_SCRIPT_MATVIEW ||
		k == LS_SCRIPT_SEQUENCE || k == LS_SCRIPT_INDEX || k == LS_SCRIPT_COMPOSITE;
}

/* Kinds with a pg_type row of their own name (a sequence and an index
 * have none). */
static bool in_pg_type(ls_script_kind k)
{
	return k == LS_SCRIPT_TABLE || k == LS_SCRIPT_VIEW || k == LS_SCRIPT_MATVIEW ||
		k == LS_SCRIPT_COMPOSITE || k == LS_SCRIPT_ENUM || k == LS_SCRIPT_DOMAIN;
}

/* Functions and procedures: pg_proc, where PostgreSQL knows one by its
 * name and input argument types alone. A script node's key holds the
 * parameter names too (f(a text) and f(b text) are two nodes), so a
 * function of TO may be one that FROM's function of the same name, which
 * the plan drops, still is for the server: that one is dropped before the
 * create (a parameter renamed; an overload that is not the same is dropped
 * a little earlier, which nothing still needs). */
static bool is_routine(ls_script_kind k)
{
	return k == LS_SCRIPT_FUNCTION || k == LS_SCRIPT_LATE_FUNCTION;
}

/* Whether the server refuses to create `made` while `there` of the same
 * schema and name exists: relations share one name space, and a
 * relation's row type or a type's name is checked against every type
 * (PostgreSQL 15 checks a new sequence too, though it has no row type). */
static bool name_clash(ls_script_kind made, ls_script_kind there)
{
	if (in_pg_class(made) && in_pg_class(there))
		return true;
	return (in_pg_type(made) || made == LS_SCRIPT_SEQUENCE) && in_pg_type(there);
}

/* Drop FROM's node at order position pos before its time, with the tables,
 * sequences and types of phase 3 that depend on it, last first. Anything
 * else still depending on it is left: the drop then fails its check on
 * work, and the plan is refused rather than reordered by guess. */
static int drop_early(pl_side *s, size_t pos)
{
	const ls_script *sf = s->sf;
	bool *with = ls_arena_alloc(s->a, sf->n_nodes * sizeof *with);
	if (!with)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	with[sf->order[pos]] = true;
	for (size_t k = pos + 1; k < sf->n_nodes; k++) {
		size_t i = sf->order[k];
		const ls_script_node *n = &sf->nodes[i];
		for (size_t d = 0; d < n->n_deps && !with[i]; d++)
			with[i] = with[n->deps[d]] && s->fstate[i] == PL_DROP && heavy(n->kind) &&
				!implied(s, n);
	}
	for (size_t k = sf->n_nodes; k-- > pos;) {
		size_t i = sf->order[k];
		if (!with[i])
			continue;
		int rc = pl_drop_node(s, &sf->nodes[i], true);
		if (rc < 0)
			return rc;
		s->fstate[i] = PL_DROPPED;
	}
	return 0;
}

/* A table, sequence, type or function that the plan drops in phase 3 but
 * whose name a create of phase 2 wants (a table becomes a view of the same
 * name, an enum a domain, a function's parameter is renamed): drop it
 * before the create. */
static int drop_clashing(pl_side *s, const ls_script_node *t)
{
	if (!in_pg_class(t->kind) && !in_pg_type(t->kind) && !is_routine(t->kind))
		return 0;
	const ls_script *sf = s->sf;
	for (size_t k = sf->n_nodes; k-- > 0;) {
		const ls_script_node *n = &sf->nodes[sf->order[k]];
		if (s->fstate[sf->order[k]] != PL_DROP || !heavy(n->kind) ||
				!(name_clash(t->kind, n->kind) || (is_routine(t->kind) && is_routine(n->kind))) ||
				strcmp(n->schema, t->schema) != 0 ||
				strcmp(n->name, t->name) != 0 || implied(s, n))
			continue;
		int rc = drop_early(s, k);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int create_node(pl_side *s, const ls_script_node *t, unsigned char state)
{
	if (state == PL_CREATE && already_there(s, t))
		return 0;
	size_t x = s->adopt ? s->adopt[t - s->st->nodes] : LS_SCRIPT_NONE;
	if (state == PL_CREATE && x != LS_SCRIPT_NONE)
		return pl_add_key_using_index(s, t, &s->sf->nodes[x]);
	int rc = state == PL_CREATE ? drop_clashing(s, t) : 0;
	if (rc == 0 && state == PL_CREATE && t->kind == LS_SCRIPT_SEQUENCE)
		rc = pl_drop_identity_named(s, t->schema, t->name);
	if (rc < 0)
		return rc;
	const ls_script_node *f = state == PL_REPLACE ? ls_script_find(s->sf, t->key) : NULL;
	const char *name = pl_node_name(s, t);
	bool conc = concurrent_index(s, t);
	const char *sql = t->sql;
	if (conc) {
		sql = concurrently(s, sql, "CREATE INDEX ");
		sql = concurrently(s, sql, "CREATE UNIQUE INDEX ");
	}
	if (state == PL_CREATE)
		pl_change(s, LS_CHANGE_ADD, pl_kind_word(t->kind), name, NULL, NULL);
	else if (f && !ls_same(f->sql, t->sql))
		pl_change(s, LS_CHANGE_ALTER, pl_kind_word(t->kind), name, NULL, "definition");
	bool changed = state == PL_CREATE || (f && !ls_same(f->sql, t->sql));
	bool done = false;
	if (t->kind == LS_SCRIPT_KEY)
		rc = pl_recipe_key(s, t, &done);
	else if (t->kind == LS_SCRIPT_FOREIGN_KEY || t->kind == LS_SCRIPT_CHECK)
		rc = pl_recipe_constraint(s, t, &done);
	else if (t->kind == LS_SCRIPT_INDEX && !conc)
		rc = pl_recipe_partitioned_index(s, t, &done);
	/* FROM's version, when its drop waited for a key swap that is not
	 * this one, goes first */
	if (rc == 0 && !done)
		rc = pl_drop_deferred(s, t->key);
	if (rc < 0 || done)
		return rc;
	ls_step *st;
	/* prechecks look at the table before the plan: take them before the
	 * step changes work */
	const char *verb = action(s, state == PL_CREATE ? "create" : changed ? "recreate" : "restore",
			t->kind);
	if (t->kind == LS_SCRIPT_TABLE && (rc = pl_recipe_partition_create(s, t, verb, &done)) < 0)
		return rc;
	if (done)
		return 0;
	rc = conc ? pl_emit_concurrent_build(s, &st, verb, name, sql, NULL, NULL, NULL) :
		pl_emit(s, &st, verb, name, sql, pl_drop_sql(s, t));
	if (rc < 0)
		return rc;
	pl_node_effects(s, st, t, true);
	pl_node_prechecks(s, st, t);
	return 0;
}

static int replace_in_place(pl_side *s, const ls_script_node *t)
{
	const ls_script_node *f = ls_script_find(s->sf, t->key);
	const char *name = pl_node_name(s, t);
	pl_change(s, LS_CHANGE_ALTER, pl_kind_word(t->kind), name, NULL, "definition");
	ls_step *st;
	/* a view that gained columns cannot give them back by OR REPLACE */
	const char *back = !f ? NULL : t->kind != LS_SCRIPT_VIEW ||
		((const ls_view *)f->obj)->n_columns == ((const ls_view *)t->obj)->n_columns ?
		or_replace(s, f->sql) : ls_arena_printf(s->a, "%s%s", pl_drop_sql(s, f), f->sql);
	int rc = pl_emit(s, &st, action(s, "replace", t->kind), name, or_replace(s, t->sql), back);
	if (rc == 0 && t->kind == LS_SCRIPT_LATE_FUNCTION)
		pl_lock_body_writes(s, st, t->obj);
	if (rc == 0 && t->kind == LS_SCRIPT_VIEW) {
		pl_lock(s, st, pl_qname(s, t->schema, t->name), "AccessExclusiveLock");
		pl_lock_view_reads(s, st, t->obj);
	}
	return rc;
}

static int alter_node(pl_side *s, const ls_script_node *t)
{
	switch (t->kind) {
	case LS_SCRIPT_TABLE: {
		/* a table's alters are one transaction group */
		pl_unit_begin(s);
		int rc = pl_alter_table(s, t->obj);
		pl_unit_end(s);
		return rc;
	}
	case LS_SCRIPT_ENUM:
	case LS_SCRIPT_COMPOSITE:
	case LS_SCRIPT_DOMAIN: return pl_alter_type(s, t->obj);
	case LS_SCRIPT_SEQUENCE: return pl_alter_sequence(s, t->obj);
	case LS_SCRIPT_EXTENSION: return pl_alter_extension(s, t->obj);
	case LS_SCRIPT_CHECK:
	case LS_SCRIPT_FOREIGN_KEY: return pl_validate_constraint(s, t);
	case LS_SCRIPT_TRIGGER: return pl_trigger_state(s, t);
	default: return 0;
	}
}

/* Phase 2: creates, replacements and alters in TO's order. */
static int phase_create(pl_side *s)
{
	const ls_script *st = s->st;
	for (size_t k = 0; k < st->n_nodes; k++) {
		size_t i = st->order[k];
		const ls_script_node *t = &st->nodes[i];
		int rc = 0;
		if (is_meta(t->kind))
			continue;
		switch (s->tstate[i]) {
		case PL_CREATE:
		case PL_REPLACE: rc = create_node(s, t, s->tstate[i]); break;
		case PL_IN_PLACE: rc = replace_in_place(s, t); break;
		case PL_ALTER: rc = alter_node(s, t); break;
		default: break;
		}
		if (rc < 0)
			return rc;
	}
	/* a deferred drop whose swap did not come (none is expected) */
	return pl_drop_deferred(s, NULL);
}

/* Phase 3: tables, sequences, functions, types, extensions, schemas. */
static int phase_drop_objects(pl_side *s)
{
	const ls_script *sf = s->sf;
	for (size_t k = sf->n_nodes; k-- > 0;) {
		const ls_script_node *n = &sf->nodes[sf->order[k]];
		if (s->fstate[sf->order[k]] != PL_DROP || !heavy(n->kind) || implied(s, n))
			continue;
		int rc = pl_drop_node(s, n, true);
		if (rc < 0)
			return rc;
	}
	/* the changes of implied drops are listed too */
	for (size_t k = sf->n_nodes; k-- > 0;) {
		const ls_script_node *n = &sf->nodes[sf->order[k]];
		if (goes(s->fstate[sf->order[k]]) && n->kind == LS_SCRIPT_TABLE && implied(s, n))
			pl_change(s, LS_CHANGE_DROP, "table", pl_node_name(s, n), NULL,
					"with its partitioned table");
	}
	return 0;
}

int pl_order_steps(pl_side *s)
{
	int rc;
	if ((rc = pl_clone(&s->work, s->cur, s->err)) < 0)
		return rc;
	if ((rc = phase_drop_dependents(s)) < 0 || (rc = phase_create(s)) < 0 ||
			(rc = phase_drop_objects(s)) < 0 || (rc = pl_meta_steps(s)) < 0)
		return rc;
	return 0;
}

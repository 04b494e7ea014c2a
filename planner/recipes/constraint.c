/* The constraint recipes (recipes.h): a FOREIGN KEY or CHECK on a table
 * that holds rows added NOT VALID (catalog only, a short lock), then
 * validated in a transaction of its own under ShareUpdateExclusiveLock
 * (a foreign key's referenced table under RowShareLock): reads and writes
 * go on during the scan. SET NOT NULL goes through a CHECK (col IS NOT
 * NULL) the same way: once that check is valid, SET NOT NULL does not
 * scan (PostgreSQL 12 and later), and the check is dropped.
 */
#define _POSIX_C_SOURCE 200809L
#include "recipes.h"

#include <stdio.h>
#include <string.h>

#include "lockstep/buf.h"
#include "lockstep/str.h"

/* The node's ADD CONSTRAINT with NOT VALID before its final ";\n". */
static const char *not_valid(pl_side *s, const char *sql)
{
	size_t n = strlen(sql);
	if (n < 2 || strcmp(sql + n - 2, ";\n") != 0)
		return NULL;
	return ls_arena_printf(s->a, "%.*s NOT VALID;\n", (int)(n - 2), sql);
}

static const char *qtable(pl_side *s, const ls_table *t)
{
	return pl_qname(s, t->schema, t->name);
}

static const char *qref(pl_side *s, const ls_constraint *k)
{
	return pl_qname(s, k->ref_schema, k->ref_table);
}

static const char *drop_sql(pl_side *s, const ls_table *t, const char *name)
{
	return ls_arena_printf(s->a, "ALTER TABLE ONLY %s DROP CONSTRAINT %s;\n", qtable(s, t),
			ls_quote_ident(s->a, name));
}

static const char *plain_words(pl_side *s, const ls_table *t, const ls_constraint *k)
{
	if (k->type == 'f')
		return ls_arena_printf(s->a, "ADD CONSTRAINT %s FOREIGN KEY validates under "
				"ShareRowExclusiveLock on %s and %s: writes wait for the whole scan",
				ls_quote_ident(s->a, k->name), qtable(s, t), qref(s, k));
	return ls_arena_printf(s->a, "ADD CONSTRAINT %s CHECK scans under AccessExclusiveLock on "
			"%s: reads and writes wait for the whole scan", ls_quote_ident(s->a, k->name),
			qtable(s, t));
}

/* Whether the recipe applies to TO's node t: a valid foreign key or check
 * on a regular table that held rows, a foreign key's referenced table
 * regular too (PostgreSQL 15 refuses NOT VALID on a partitioned
 * referencing table). */
static bool applies(pl_side *s, const ls_script_node *t)
{
	const ls_constraint *k = &t->table->constraints[t->item];
	if (!k->valid || (k->type != 'f' && k->type != 'c'))
		return false;
	if (!pl_online_table(s, t->table->schema, t->table->name))
		return false;
	/* a CHECK reaches an inheritance parent's children (added ONLY, the
	 * server refuses it): the plain statement, as planned */
	if (k->type == 'c' && pl_has_children(s, t->table->schema, t->table->name))
		return false;
	if (k->type == 'f') {
		const ls_table *r = ls_catalog_find_table(s->work, k->ref_schema, k->ref_table);
		if (!r || r->kind != LS_TABLE_REGULAR || r->parent_table)
			return false;
	}
	return true;
}

int pl_recipe_fk_not_valid(pl_side *s, const ls_script_node *t)
{
	const ls_constraint *k = &t->table->constraints[t->item];
	const char *sql = not_valid(s, t->sql);
	if (!sql)
		return ls_error_set(s->err, LS_EUNSUPPORTED, NULL, 0, 0,
				"cannot plan this change: the constraint %s does not end its statement",
				k->name);
	ls_step *st;
	int rc = pl_emit(s, &st, k->type == 'f' ? "add foreign key not valid" : "add check not valid",
			pl_node_name(s, t), sql, drop_sql(s, t->table, k->name));
	if (rc < 0)
		return rc;
	st->recipe = "not valid, then validate";
	st->plain = plain_words(s, t->table, k);
	if (k->type == 'f') {
		pl_lock(s, st, qtable(s, t->table), "ShareRowExclusiveLock");
		pl_lock(s, st, qref(s, k), "ShareRowExclusiveLock");
		/* a partitioned table gets the key's triggers on each partition */
		pl_lock_partitions(s, st, s->work, k->ref_schema, k->ref_table, "ShareRowExclusiveLock");
	} else {
		pl_lock(s, st, qtable(s, t->table), "AccessExclusiveLock");
	}
	pl_node_prechecks(s, st, t);
	return 0;
}

int pl_recipe_validate(pl_side *s, const ls_script_node *t)
{
	const ls_constraint *k = &t->table->constraints[t->item];
	const char *sql = ls_arena_printf(s->a, "ALTER TABLE ONLY %s VALIDATE CONSTRAINT %s;\n",
			qtable(s, t->table), ls_quote_ident(s->a, k->name));
	/* no statement makes a constraint NOT VALID again: drop, add NOT VALID */
	const char *nv = not_valid(s, t->sql);
	const char *back = nv ? ls_arena_printf(s->a, "%s%s", drop_sql(s, t->table, k->name), nv) :
		NULL;
	ls_step *st;
	int rc = pl_emit(s, &st, k->type == 'f' ? "validate foreign key" : "validate check",
			pl_node_name(s, t), sql, back);
	if (rc < 0)
		return rc;
	st->recipe = "not valid, then validate";
	st->plain = plain_words(s, t->table, k);
	st->scans = true;
	pl_work(s, st, k->type == 'f' ? LS_WORK_FK_SCAN : LS_WORK_SCAN, t->table->schema,
			t->table->name);
	st->risk = "medium";
	pl_lock(s, st, qtable(s, t->table), "ShareUpdateExclusiveLock");
	if (k->type == 'f') {
		pl_lock(s, st, qref(s, k), "RowShareLock");
		/* the check's join reads a partitioned table's partitions */
		pl_lock_partitions(s, st, s->work, k->ref_schema, k->ref_table, "AccessShareLock");
	} else
		pl_lock_reads(s, st, k->expr, LS_READS_EXPR, LS_READS_RUN);
	return 0;
}

/* A valid foreign key added to a partitioned table that holds rows: no
 * recipe (PostgreSQL 15: "cannot add NOT VALID foreign key on partitioned
 * table"), and the plan says what that costs. */
static void warn_partitioned(pl_side *s, const ls_script_node *t)
{
	const ls_constraint *k = &t->table->constraints[t->item];
	if (s->plain || !s->up || k->type != 'f' || !k->valid ||
			!ls_catalog_find_table(s->cur, t->table->schema, t->table->name))
		return;
	const ls_table *w = ls_catalog_find_table(s->work, t->table->schema, t->table->name);
	if (!w || w->kind != LS_TABLE_PARTITIONED)
		return;
	pl_warn(s, "foreign key %s of partitioned table %s is added validated: PostgreSQL 15 "
			"refuses NOT VALID there, so its scan holds ShareRowExclusiveLock on %s, its "
			"partitions and %s (writes wait for the scan)", ls_quote_ident(s->a, k->name),
			qtable(s, t->table), qtable(s, t->table), qref(s, k));
}

int pl_recipe_constraint(pl_side *s, const ls_script_node *t, bool *done)
{
	*done = false;
	if (!applies(s, t)) {
		warn_partitioned(s, t);
		return 0;
	}
	*done = true;
	int rc = pl_recipe_fk_not_valid(s, t);
	if (rc < 0)
		return rc;
	return pl_recipe_validate(s, t);
}

/* "lockstep_nn_N": the first N no constraint of the table has, in work or
 * in TO. */
static const char *temporary_check(pl_side *s, const ls_table *w)
{
	const ls_table *t = ls_catalog_find_table(s->to, w->schema, w->name);
	for (unsigned n = 1;; n++) {
		const char *name = ls_arena_printf(s->a, "lockstep_nn_%u", n);
		if (!name)
			return NULL;
		bool taken = false;
		for (size_t i = 0; i < w->n_constraints && !taken; i++)
			taken = ls_same(w->constraints[i].name, name);
		for (size_t i = 0; t && i < t->n_constraints && !taken; i++)
			taken = ls_same(t->constraints[i].name, name);
		if (!taken)
			return name;
	}
}

int pl_recipe_not_null(pl_side *s, const ls_table *w, const char *col, bool *done)
{
	*done = false;
	/* on an inheritance parent SET NOT NULL reaches the children, and the
	 * check would have to be theirs too: the plain statement */
	if (!pl_online_table(s, w->schema, w->name) || pl_has_children(s, w->schema, w->name))
		return 0;
	if (!pl_has(s, PL_FEATURE_NOT_NULL_BY_CHECK)) {
		pl_warn(s, "SET NOT NULL of %s.%s: %s", qtable(s, w), ls_quote_ident(s->a, col),
				pl_lacks(s, PL_FEATURE_NOT_NULL_BY_CHECK));
		return 0;
	}
	const char *qt = qtable(s, w), *qc = ls_quote_ident(s->a, col);
	const char *tmp = temporary_check(s, w);
	if (!tmp || !qt || !qc)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	const char *qtmp = ls_quote_ident(s->a, tmp);
	const char *obj = ls_arena_printf(s->a, "%s.%s", qt, qc);
	const char *plain = ls_arena_printf(s->a, "ALTER COLUMN %s SET NOT NULL scans under "
			"AccessExclusiveLock on %s: reads and writes wait for the whole scan", qc, qt);
	const char *check = ls_arena_printf(s->a, "ALTER TABLE ONLY %s\n    ADD CONSTRAINT %s "
			"CHECK (%s IS NOT NULL) NOT VALID;\n", qt, qtmp, qc);
	const char *drop = ls_arena_printf(s->a, "ALTER TABLE ONLY %s DROP CONSTRAINT %s;\n", qt,
			qtmp);
	*done = true;
	ls_step *st;
	pl_unit_break(s);
	int rc = pl_emit(s, &st, "add not-null check not valid", obj, check, drop);
	if (rc < 0)
		return rc;
	st->recipe = "not null through a check";
	st->plain = plain;
	pl_lock(s, st, qt, "AccessExclusiveLock");
	pl_precheck(s, st, ls_arena_printf(s->a, "no NULL in %s", obj),
			ls_arena_printf(s->a, "SELECT * FROM %s WHERE %s IS NULL", pl_source_rel(s, w), qc));

	pl_unit_break(s);
	const char *validate = ls_arena_printf(s->a, "ALTER TABLE ONLY %s VALIDATE CONSTRAINT %s;\n",
			qt, qtmp);
	if ((rc = pl_emit(s, &st, "validate not-null check", obj, validate,
			ls_arena_printf(s->a, "%s%s", drop, check))) < 0)
		return rc;
	st->recipe = "not null through a check";
	st->plain = plain;
	st->scans = true;
	pl_work(s, st, LS_WORK_SCAN, w->schema, w->name);
	st->risk = "medium";
	pl_lock(s, st, qt, "ShareUpdateExclusiveLock");

	pl_unit_break(s);
	const char *set = ls_arena_printf(s->a, "ALTER TABLE ONLY %s ALTER COLUMN %s SET NOT NULL;\n%s",
			qt, qc, drop);
	const char *back = ls_arena_printf(s->a, "ALTER TABLE ONLY %s\n    ADD CONSTRAINT %s "
			"CHECK (%s IS NOT NULL);\nALTER TABLE ONLY %s ALTER COLUMN %s DROP NOT NULL;\n",
			qt, qtmp, qc, qt, qc);
	if ((rc = pl_emit(s, &st, "set not null", obj, set, back)) < 0)
		return rc;
	st->recipe = "not null through a check";
	st->plain = plain;
	pl_lock(s, st, qt, "AccessExclusiveLock");
	pl_unit_break(s);
	return 0;
}

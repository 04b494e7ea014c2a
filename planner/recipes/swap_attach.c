/* The partition swap without a copy (swap.h; `plan --attach T=P`): the
 * old table becomes TO's partition P as it is, its rows never moved, when
 * every one of them falls into P's bounds:
 *   1. build: TO's table under a temporary name with its other
 *      partitions (swap.c), empty: catalog work;
 *   2. bound: P's bounds added to the old table as a CHECK, NOT VALID
 *      (catalog only), then validated in a group of its own (a scan under
 *      ShareUpdateExclusiveLock: reads and writes go on); prechecks.sql
 *      finds the rows outside before anything runs;
 *   3. swap, one short transaction under AccessExclusiveLock: the
 *      foreign keys into the old table unhooked, its triggers and
 *      policies dropped and its privileges, RLS and comments made P's; it
 *      is renamed P and its indexes TO's names of P's; the identity
 *      carries on in the new table's sequence; the new table takes the
 *      name, TO's triggers, and the old table as partition P: ATTACH
 *      PARTITION proves the bounds from the valid CHECK and does not scan;
 *      the CHECK dropped, the views bound to the new table;
 *   4. the foreign keys into it added again NOT VALID, then validated
 *      (swap.c).
 * Nothing is dropped, nothing lost: the undo of step 3 detaches P, moves
 * the rows written since into TO's other partitions back into it (under
 * the swap's lock: their number grows with the time since), and names
 * and identity go back. What the old table must already be (TO's key,
 * indexes, checks and foreign keys) is refused by name when it is not. */
#define _POSIX_C_SOURCE 200809L
#include "swap.h"

#include <string.h>

#include "lockstep/str.h"

static const ls_constraint *constraint_named(const ls_table *t, char type, const char *name)
{
	for (size_t i = 0; i < t->n_constraints; i++)
		if (t->constraints[i].type == type && ls_same(t->constraints[i].name, name))
			return &t->constraints[i];
	return NULL;
}

/* Whether foreign keys a and b say the same. */
static bool same_fk(const ls_constraint *a, const ls_constraint *b)
{
	return pl_same_options(a->columns, a->n_columns, b->columns, b->n_columns) &&
		pl_same_options(a->ref_columns, a->n_ref_columns, b->ref_columns, b->n_ref_columns) &&
		ls_same(a->ref_schema, b->ref_schema) && ls_same(a->ref_table, b->ref_table) &&
		a->on_update == b->on_update && a->on_delete == b->on_delete && a->match == b->match &&
		a->deferrable == b->deferrable && a->deferred == b->deferred;
}

/* The constraints: TO's CHECKs and foreign keys the old table has, valid,
 * under the same names (the attach takes them as the parent's), and no
 * other; the same primary key. */
static int fits_constraints(swap *x)
{
	pl_side *s = x->s;
	for (size_t i = 0; i < x->t->n_constraints; i++) {
		const ls_constraint *k = &x->t->constraints[i];
		if (k->type != 'c' && k->type != 'f' && k->type != 'p')
			continue;
		const ls_constraint *o = constraint_named(x->w, k->type, k->name);
		bool same = o && (k->type == 'c' ? ls_same(o->expr, k->expr) : k->type == 'f' ?
				same_fk(o, k) : pl_same_options(o->columns, o->n_columns, k->columns,
				k->n_columns));
		if (!same || !o->valid)
			return pl_swap_refuse(x, ls_arena_printf(s->a, "attaches the old table only when it "
					"has TO's %s %s as it is (and valid): add or change it in a migration of "
					"its own first", k->type == 'p' ? "primary key" : k->type == 'c' ? "check" :
					"foreign key", ls_quote_ident(s->a, k->name)));
	}
	for (size_t i = 0; i < x->w->n_constraints; i++) {
		const ls_constraint *o = &x->w->constraints[i];
		if ((o->type == 'c' || o->type == 'f') && !constraint_named(x->t, o->type, o->name))
			return pl_swap_refuse(x, ls_arena_printf(s->a, "attaches the old table only with "
					"TO's constraints: drop %s in a migration of its own first",
					ls_quote_ident(s->a, o->name)));
	}
	return 0;
}

/* TO's index of the partition that stands for TO's index x of the table. */
static const ls_index *part_index(swap *x, const ls_index *of)
{
	ls_catalog *c = x->s->to;
	for (size_t i = 0; i < c->n_indexes; i++) {
		const ls_index *ix = &c->indexes[i];
		if (ls_same(ix->schema, x->part->schema) && ls_same(ix->table, x->part->name) &&
				ls_same(ix->parent_index, of->name))
			return ix;
	}
	return NULL;
}

/* Every index of TO's table has its like on the old table (a key's is a
 * key's), which the attach takes; the old table has no other. */
static int fits_indexes(swap *x)
{
	pl_side *s = x->s;
	ls_catalog *w = s->work, *to = s->to;
	for (size_t i = 0; i < w->n_indexes; i++) {
		const ls_index *o = &w->indexes[i];
		if (!ls_same(o->schema, x->schema) || !ls_same(o->table, x->name))
			continue;
		bool found = false;
		for (size_t k = 0; k < to->n_indexes && !found; k++) {
			const ls_index *t = &to->indexes[k];
			found = ls_same(t->schema, x->schema) && ls_same(t->table, x->name) &&
				!t->constraint == !o->constraint && ls_index_same_definition(t, o);
		}
		if (!found)
			return pl_swap_refuse(x, ls_arena_printf(s->a, "attaches the old table only with "
					"TO's indexes: index %s is not one of them (drop it in a migration of its own "
					"first, DROP INDEX CONCURRENTLY)", ls_quote_ident(s->a, o->name)));
	}
	for (size_t k = 0; k < to->n_indexes; k++) {
		const ls_index *t = &to->indexes[k];
		if (ls_same(t->schema, x->part->schema) && ls_same(t->table, x->part->name) &&
				!t->parent_index)
			return pl_swap_refuse(x, ls_arena_printf(s->a, "attaches the old table only as a "
					"partition with its parent's indexes: TO's index %s is the partition's own",
					ls_quote_ident(s->a, t->name)));
		if (!ls_same(t->schema, x->schema) || !ls_same(t->table, x->name))
			continue;
		bool found = false;
		for (size_t i = 0; i < w->n_indexes && !found; i++) {
			const ls_index *o = &w->indexes[i];
			found = ls_same(o->schema, x->schema) && ls_same(o->table, x->name) &&
				!t->constraint == !o->constraint && ls_index_same_definition(t, o);
		}
		if (!found)
			return pl_swap_refuse(x, ls_arena_printf(s->a, "attaches the old table only when it "
					"has TO's indexes: it lacks one like %s (create it in a migration of its own "
					"first, CREATE INDEX CONCURRENTLY), or the attach would build it under its "
					"lock", ls_quote_ident(s->a, t->name)));
		const ls_index *p = part_index(x, t);
		if (p && pl_relation_named(w, x->schema, p->name) &&
				!ls_catalog_find_index(w, x->schema, p->name))
			return pl_swap_refuse(x, ls_arena_printf(s->a, "needs the name %s for the "
					"partition's index, which another relation holds", ls_quote_ident(s->a,
					p->name)));
	}
	return 0;
}

int pl_swap_attach_fits(swap *x)
{
	pl_side *s = x->s;
	x->bound_check = pl_bound_rows(s, x->t->partition_key, x->part->partition_bound);
	if (!x->bound_check)
		return pl_swap_refuse(x, "attaches the old table only under a RANGE or LIST key of "
				"plain columns (its bounds become a CHECK)");
	if (x->w->unlogged != x->part->unlogged ||
			!pl_same_options(x->w->options, x->w->n_options, x->part->options, x->part->n_options))
		return pl_swap_refuse(x, "attaches the old table only with the partition's storage "
				"(UNLOGGED, storage parameters)");
	for (size_t i = 0; i < x->part->n_columns; i++) {
		const ls_column *c = &x->part->columns[i], *o = pl_swap_column(x->w, c->name);
		if (c->identity)
			return pl_swap_refuse(x, "attaches the old table only as a partition without an "
					"identity of its own");
		if (!o || o->not_null != c->not_null || !ls_same_or_null(o->collation, c->collation))
			return pl_swap_refuse(x, ls_arena_printf(s->a, "attaches the old table only with "
					"the partition's columns (column %s differs)", ls_quote_ident(s->a,
					c->name)));
	}
	int rc = fits_constraints(x);
	return rc < 0 ? rc : fits_indexes(x);
}

/* The bounds' CHECK: added NOT VALID, then validated, each its own group
 * (the swap's undo leaves it NOT VALID again, and the validation's undo
 * is what makes that exact). */
int pl_swap_attach_bound(swap *x)
{
	pl_side *s = x->s;
	const char *name = "lockstep_partition_bound";
	for (unsigned n = 1; constraint_named(x->w, 'c', name) || constraint_named(x->w, 'p', name);
			n++)
		name = ls_arena_printf(s->a, "lockstep_partition_bound_%u", n);
	x->bound_name = name;
	const char *qn = ls_quote_ident(s->a, name);
	const char *add = ls_arena_printf(s->a, "ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s) NOT VALID;\n",
			x->q, qn, x->bound_check);
	const char *drop = ls_arena_printf(s->a, "ALTER TABLE %s DROP CONSTRAINT %s;\n", x->q, qn);
	ls_step *st;
	int rc = pl_emit(s, &st, "swap: the partition's bounds as a check", x->q, add, drop);
	if (rc < 0)
		return rc;
	st->recipe = "partition swap, attached";
	st->plain = ls_arena_printf(s->a, "no statement changes a table's partitioning: "
			"dropping and creating %s loses its rows", x->q);
	st->risk = "low";
	pl_warn(s, "from the step that adds %s on %s until the swap, a row the application writes "
			"outside the bounds of partition %s fails that check: give the partition an upper "
			"bound past the time the swap runs", qn, x->q, x->qold);
	pl_lock(s, st, x->q, "AccessExclusiveLock");
	pl_precheck(s, st, ls_arena_printf(s->a, "every row of %s falls into partition %s of TO",
			x->q, x->qold), ls_arena_printf(s->a, "SELECT * FROM %s WHERE NOT (%s)",
			pl_source_rel(s, x->w), x->bound_check));
	/* the scan blocks no one: a group of its own, not the build's */
	pl_unit_break(s);
	if ((rc = pl_emit(s, &st, "swap: validate the bounds' check", x->q,
			ls_arena_printf(s->a, "ALTER TABLE %s VALIDATE CONSTRAINT %s;\n", x->q, qn),
			ls_arena_printf(s->a, "%s%s", drop, add))) < 0)
		return rc;
	st->recipe = "partition swap, attached";
	st->scans = true;
	pl_work(s, st, LS_WORK_SCAN, x->schema, x->name);
	st->risk = "medium";
	pl_lock(s, st, x->q, "ShareUpdateExclusiveLock");
	return 0;
}

/* " (SEQUENCE NAME s.n START WITH ... CYCLE)" of sequence q. */
static const char *identity_options(pl_side *s, const ls_sequence *q)
{
	return ls_arena_printf(s->a, " (SEQUENCE NAME %s START WITH %lld INCREMENT BY %lld "
			"MINVALUE %lld MAXVALUE %lld CACHE %lld%s)", pl_qname(s, q->schema, q->name),
			(long long)q->start, (long long)q->increment, (long long)q->min, (long long)q->max,
			(long long)q->cache, q->cycle ? " CYCLE" : " NO CYCLE");
}

static void comment_sql(pl_side *s, ls_buf *b, const char *on, const char *text)
{
	ls_buf_printf(b, "COMMENT ON %s IS ", on);
	if (text)
		ls_buf_literal(b, text);
	else
		ls_buf_put(b, "NULL");
	ls_buf_put(b, ";\n");
	(void)s;
}

/* The old table's privileges, RLS and comments made the partition's (up:
 * from w to p, on relation q) or back (down). */
static void meta_sql(swap *x, ls_buf *b, const ls_table *from, const ls_table *to, const char *q)
{
	pl_side *s = x->s;
	const char *on = ls_arena_printf(s->a, "TABLE %s", q);
	pl_grant_diff(b, NULL, on, NULL, from->grants, from->n_grants, to->grants, to->n_grants);
	for (size_t i = 0; i < to->n_columns; i++) {
		const ls_column *c = &to->columns[i], *f = pl_swap_column(from, c->name);
		if (!f)
			continue;
		const char *col = ls_arena_printf(s->a, " (%s)", ls_quote_ident(s->a, c->name));
		pl_grant_diff(b, NULL, on, col, f->grants, f->n_grants, c->grants, c->n_grants);
		if (!ls_same_or_null(f->comment, c->comment))
			comment_sql(s, b, ls_arena_printf(s->a, "COLUMN %s.%s", q, ls_quote_ident(s->a,
					c->name)), c->comment);
	}
	if (!ls_same_or_null(from->comment, to->comment))
		comment_sql(s, b, on, to->comment);
	if (from->rls_enabled != to->rls_enabled)
		ls_buf_printf(b, "ALTER TABLE %s %s ROW LEVEL SECURITY;\n", q, to->rls_enabled ?
				"ENABLE" : "DISABLE");
	if (from->rls_forced != to->rls_forced)
		ls_buf_printf(b, "ALTER TABLE %s %s ROW LEVEL SECURITY;\n", q, to->rls_forced ?
				"FORCE" : "NO FORCE");
}

/* The column defaults of from made to's, on relation q. */
static void defaults_sql(swap *x, ls_buf *b, const ls_table *from, const ls_table *to,
		const char *q)
{
	pl_side *s = x->s;
	for (size_t i = 0; i < to->n_columns; i++) {
		const ls_column *c = &to->columns[i], *f = pl_swap_column(from, c->name);
		if (!f || f->identity || c->identity || ls_same_or_null(f->default_expr, c->default_expr))
			continue;
		if (c->default_expr)
			ls_buf_printf(b, "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s;\n", q,
					ls_quote_ident(s->a, c->name), c->default_expr);
		else
			ls_buf_printf(b, "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT;\n", q,
					ls_quote_ident(s->a, c->name));
	}
}

/* The statements of script sc's nodes of kind on relation schema.name
 * (create: their SQL; else what drops them), in script order. */
static void nodes_sql(pl_side *s, ls_buf *b, const ls_script *sc, ls_script_kind kind,
		const char *schema, const char *name, bool create)
{
	for (size_t k = 0; k < sc->n_nodes; k++) {
		const ls_script_node *n = &sc->nodes[sc->order[k]];
		if (n->kind == kind && n->table && ls_same(n->table->schema, schema) &&
				ls_same(n->table->name, name))
			ls_buf_put(b, create ? n->sql : pl_drop_sql(s, n));
	}
}

/* The name the pair of TO's name to_name gives the new object until the
 * swap, or to_name. */
static const char *temp_of(swap *x, char kind, const char *to_name)
{
	for (size_t i = 0; i < x->n_pairs; i++)
		if (x->pairs[i].kind == kind && ls_same(x->pairs[i].to_name, to_name))
			return x->pairs[i].temp;
	return to_name;
}

/* The old table's indexes under the names TO gives the partition's (up),
 * and back (undo). */
static void index_names(swap *x, ls_buf *up, ls_buf *undo)
{
	pl_side *s = x->s;
	ls_catalog *w = s->work;
	for (size_t k = 0; k < s->to->n_indexes; k++) {
		const ls_index *t = &s->to->indexes[k];
		const ls_index *p = ls_same(t->schema, x->schema) && ls_same(t->table, x->name) ?
			part_index(x, t) : NULL;
		for (size_t i = 0; p && i < w->n_indexes; i++) {
			const ls_index *o = &w->indexes[i];
			if (!ls_same(o->schema, x->schema) || !ls_same(o->table, x->name) ||
					!t->constraint != !o->constraint || !ls_index_same_definition(t, o))
				continue;
			if (!ls_same(o->name, p->name)) {
				pl_swap_rename_sql(s, up, 'i', x->schema, o->name, p->name);
				pl_swap_rename_sql(s, undo, 'i', x->schema, p->name, o->name);
			}
			break;
		}
	}
}

/* Identity: the new table's sequence carries on from the old one's, which
 * goes with the partition's identity (up); the undo gives the old table
 * its identity again, carrying on from the new one's. */
static void identities(swap *x, ls_buf *up, ls_buf *undo, ls_step *claims)
{
	pl_side *s = x->s;
	for (size_t i = 0; i < x->w->n_columns; i++) {
		const ls_column *c = &x->w->columns[i];
		const ls_sequence *oq = pl_swap_identity_sequence(s->work, x->w, c->name);
		const ls_sequence *nq = pl_swap_identity_sequence(s->to, x->t, c->name);
		if (!oq)
			continue;
		const char *qc = ls_quote_ident(s->a, c->name), *qo = pl_qname(s, oq->schema, oq->name);
		const char *nt = nq ? pl_qname(s, x->schema, temp_of(x, 'S', nq->name)) : NULL;
		pl_lock(s, claims, qo, "AccessExclusiveLock");
		if (nt) {
			ls_buf_put(up, "SELECT pg_catalog.setval(");
			ls_buf_literal(up, nt);
			ls_buf_printf(up, ", last_value, is_called) FROM %s;\n", qo);
			pl_lock(s, claims, nt, "AccessExclusiveLock");
		}
		ls_buf_printf(up, "ALTER TABLE %s ALTER COLUMN %s DROP IDENTITY;\n",
				pl_qname(s, x->schema, x->old_name), qc);
		ls_buf_printf(undo, "ALTER TABLE %s ALTER COLUMN %s ADD GENERATED %s AS IDENTITY%s;\n",
				x->q, qc, c->identity == 'a' ? "ALWAYS" : "BY DEFAULT", identity_options(s, oq));
		if (nt) {
			ls_buf_put(undo, "SELECT pg_catalog.setval(");
			ls_buf_literal(undo, qo);
			ls_buf_printf(undo, ", last_value, is_called) FROM %s;\n", nt);
		}
	}
}

/* What the swap locks besides the old table, the views and the
 * sequences, named as before it: the new table; its partitions, when TO's
 * triggers are cloned onto them; its default partition, which the attach
 * checks (empty); the tables of the rewired foreign keys; and the tables
 * the old table's foreign keys reference: each becomes the parent's copy,
 * and its own triggers there go (PostgreSQL 15). */
static void claim(swap *x, ls_step *claims, bool triggers, const ls_script_node *const *rewire,
		size_t n_rewire)
{
	pl_side *s = x->s;
	ls_catalog *w = s->work;
	pl_lock(s, claims, x->q, "AccessExclusiveLock");
	pl_lock(s, claims, x->qnew, "AccessExclusiveLock");
	if (triggers)
		pl_lock_partitions(s, claims, w, x->schema, x->new_name, "ShareRowExclusiveLock");
	for (size_t i = 0; i < w->n_tables; i++) {
		const ls_table *p = &w->tables[i];
		if (ls_same(p->parent_schema, x->schema) && ls_same(p->parent_table, x->new_name) &&
				ls_same(p->partition_bound, "DEFAULT")) {
			pl_lock(s, claims, pl_qname(s, p->schema, p->name), "AccessExclusiveLock");
			pl_lock_partitions(s, claims, w, p->schema, p->name, "AccessExclusiveLock");
		}
	}
	for (size_t i = 0; i < x->w->n_constraints; i++) {
		const ls_constraint *k = &x->w->constraints[i];
		if (k->type == 'f')
			pl_lock(s, claims, pl_qname(s, k->ref_schema, k->ref_table), "AccessExclusiveLock");
	}
	for (size_t i = 0; i < x->n_pairs; i++)
		if (x->pairs[i].kind == 'S')
			pl_lock(s, claims, pl_qname(s, x->schema, x->pairs[i].temp), "AccessExclusiveLock");
	for (size_t i = 0; i < n_rewire; i++)
		pl_lock(s, claims, pl_qname(s, rewire[i]->table->schema, rewire[i]->table->name),
				"AccessExclusiveLock");
}

/* The undo's first part, from the end of the swap: the partition's own
 * policies and triggers dropped, the table's (tu), the partition detached,
 * the rows written since into the other partitions moved into it, the
 * bounds' CHECK back NOT VALID (the validation's undo makes it exact). */
static void detach_sql(swap *x, ls_buf *u, const char *table_triggers_dropped)
{
	pl_side *s = x->s;
	const char *qpart = x->qold, *qbound = ls_quote_ident(s->a, x->bound_name);
	ls_buf_printf(u, "LOCK TABLE %s IN ACCESS EXCLUSIVE MODE;\n", x->q);
	nodes_sql(s, u, s->st, LS_SCRIPT_POLICY, x->schema, x->old_name, false);
	nodes_sql(s, u, s->st, LS_SCRIPT_TRIGGER, x->schema, x->old_name, false);
	ls_buf_put(u, table_triggers_dropped);
	ls_buf_printf(u, "ALTER TABLE %s DETACH PARTITION %s;\n", x->q, qpart);
	ls_buf cb = {.a = s->a};
	for (size_t i = 0; i < x->n_cols; i++)
		ls_buf_printf(&cb, "%s%s", i ? ", " : "", ls_quote_ident(s->a, x->cols[i]));
	const char *cols = ls_buf_take(&cb);
	ls_buf_printf(u, "INSERT INTO %s (%s) SELECT %s FROM %s;\nTRUNCATE %s;\n", qpart, cols, cols,
			x->q, x->q);
	ls_buf_printf(u, "ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s) NOT VALID;\n", qpart, qbound,
			x->bound_check);
	defaults_sql(x, u, x->part, x->w, qpart);
	for (size_t i = 0; i < x->n_pairs; i++)
		pl_swap_rename_sql(s, u, x->pairs[i].kind, x->schema, x->pairs[i].to_name,
				x->pairs[i].temp);
	ls_buf_printf(u, "ALTER TABLE %s RENAME TO %s;\n", x->q, ls_quote_ident(s->a, x->new_name));
	ls_buf_printf(u, "ALTER TABLE %s RENAME TO %s;\n", qpart, ls_quote_ident(s->a, x->name));
}

int pl_swap_attach_step(swap *x, const ls_script_node ***rewire, size_t *n_rewire)
{
	pl_side *s = x->s;
	const char *qpart = x->qold;
	ls_buf b = {.a = s->a}, u = {.a = s->a}, ui = {.a = s->a}, ru = {.a = s->a},
		su = {.a = s->a}, tr = {.a = s->a}, tu = {.a = s->a};
	ls_step claims = {0};
	ls_buf_printf(&b, "LOCK TABLE %s IN ACCESS EXCLUSIVE MODE;\n", x->q);
	int rc = pl_swap_unhook_fks(x, &b, rewire, n_rewire);
	if (rc < 0)
		return rc;
	/* what is the old table's alone goes; the partition's is TO's */
	nodes_sql(s, &b, s->sf, LS_SCRIPT_TRIGGER, x->schema, x->name, false);
	nodes_sql(s, &b, s->sf, LS_SCRIPT_POLICY, x->schema, x->name, false);
	meta_sql(x, &b, x->w, x->part, x->q);
	ls_buf_printf(&b, "ALTER TABLE %s RENAME TO %s;\n", x->q, ls_quote_ident(s->a, x->old_name));
	index_names(x, &b, &ui);
	identities(x, &b, &ru, &claims);
	/* the new table takes the name, its indexes and sequences TO's */
	ls_buf_printf(&b, "ALTER TABLE %s RENAME TO %s;\n", x->qnew, ls_quote_ident(s->a, x->name));
	for (size_t i = 0; i < x->n_pairs; i++)
		pl_swap_rename_sql(s, &b, x->pairs[i].kind, x->schema, x->pairs[i].temp,
				x->pairs[i].to_name);
	pl_swap_serials(x, &b, &su, &claims);
	defaults_sql(x, &b, x->w, x->part, qpart);
	/* TO's triggers of the table (the attach clones them onto the
	 * partition), the attach, found valid by the CHECK, which goes */
	nodes_sql(s, &tr, s->st, LS_SCRIPT_TRIGGER, x->schema, x->name, true);
	nodes_sql(s, &tu, s->st, LS_SCRIPT_TRIGGER, x->schema, x->name, false);
	const char *triggers = ls_buf_take(&tr);
	ls_buf_put(&b, triggers);
	ls_buf_printf(&b, "ALTER TABLE %s ATTACH PARTITION %s %s;\n", x->q, qpart,
			x->part->partition_bound);
	ls_buf_printf(&b, "ALTER TABLE %s DROP CONSTRAINT %s;\n", qpart,
			ls_quote_ident(s->a, x->bound_name));
	nodes_sql(s, &b, s->st, LS_SCRIPT_TRIGGER, x->schema, x->old_name, true);
	nodes_sql(s, &b, s->st, LS_SCRIPT_POLICY, x->schema, x->old_name, true);
	/* the undo: detached and named back, then what the old table had */
	detach_sql(x, &u, ls_buf_take(&tu));
	ls_buf_put(&u, ls_buf_take(&ui));
	ls_buf_put(&u, ls_buf_take(&ru));
	ls_buf_put(&u, ls_buf_take(&su));
	meta_sql(x, &u, x->part, x->w, x->q);
	nodes_sql(s, &u, s->sf, LS_SCRIPT_POLICY, x->schema, x->name, true);
	nodes_sql(s, &u, s->sf, LS_SCRIPT_TRIGGER, x->schema, x->name, true);
	for (size_t i = 0; i < *n_rewire; i++)
		ls_buf_put(&u, (*rewire)[i]->sql);
	claim(x, &claims, triggers && *triggers, *rewire, *n_rewire);
	if ((rc = pl_swap_rebind_views(x, &b, &claims)) < 0 ||
			(rc = pl_swap_rebind_views(x, &u, NULL)) < 0)
		return rc;
	ls_step *st;
	if ((rc = pl_emit(s, &st, "swap: attach the old table as a partition", x->q, ls_buf_take(&b),
			ls_buf_take(&u))) < 0)
		return rc;
	st->recipe = "partition swap, attached";
	st->risk = "high";
	for (size_t i = 0; i < claims.n_locks; i++)
		pl_lock(s, st, claims.locks[i].relation, claims.locks[i].mode);
	return 0;
}

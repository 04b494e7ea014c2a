/* The partition swap (recipes.h): a table that changes its partitioning
 * (plain -> partitioned, partitioned -> plain, another key or strategy)
 * becomes TO's table under the same name, every row kept, while the
 * application goes on writing:
 *   1. build: TO's table under a temporary name, with its partitions,
 *      keys, indexes, checks, foreign keys, policies, grants and comments
 *      (on an empty table: catalog work, instant);
 *   2. sync: an AFTER ROW trigger on the old table writes every insert,
 *      update and delete through to the new one (an upsert on TO's key, so
 *      the trigger's newer row wins over a batch's older copy);
 *   3. copy: the old rows in batches in key order, each batch its own
 *      transaction (a DO block that commits per batch), keyed so that no
 *      batch rescans what an earlier one read; a batch takes FOR SHARE
 *      on the rows it copies, so a concurrent DELETE or UPDATE waits for
 *      it and no deleted or moved row comes back (FOR KEY SHARE let an
 *      UPDATE of a column in TO's key but not in the old one pass: the
 *      row came back at its old key, measured by tests/bench/
 *      partition_swap.sh);
 *   4. swap, one short transaction under AccessExclusiveLock: the trigger
 *      dropped, the old table and its indexes and identity sequences
 *      renamed aside, the new ones given TO's names, the identity
 *      sequences carried on, serial sequences owned by the new table,
 *      foreign keys that point at the table rewired NOT VALID, TO's
 *      triggers created, the views that read the table bound to the new
 *      one (CREATE OR REPLACE VIEW); from then on a trigger made with the
 *      new table (inert until the old table has its name aside) writes
 *      the new table's changes back to the old one;
 *   5. the rewired foreign keys validated, each in a group of its own;
 *   6. the old table dropped: the one irreversible step.
 * The way back is the same recipe the other way (down.sql). Steps 2-3b
 * are in swap_copy.c; the swap that attaches the old table instead of
 * copying it (--attach) in swap_attach.c. */
#define _POSIX_C_SOURCE 200809L
#include "swap.h"

#include <stdio.h>
#include <string.h>

#include "lockstep/buf.h"
#include "lockstep/str.h"

/* Whether table t of catalog c is schema.name or a partition of it, at
 * any depth. */
static bool part_of(ls_catalog *c, const ls_table *t, const char *schema, const char *name)
{
	for (int depth = 0; t && depth < 64; depth++) {
		if (ls_same(t->schema, schema) && ls_same(t->name, name))
			return true;
		if (!t->parent_table)
			return false;
		t = ls_catalog_find_table(c, t->parent_schema, t->parent_table);
	}
	return false;
}

/* Whether script node n of catalog c is part of table schema.name: the
 * table, a partition of it, or something on either (a column default, a
 * key, an index, a check, a foreign key out of it, a trigger, RLS, a
 * policy, a comment or grant on one of them). */
static bool node_of(ls_catalog *c, const ls_script_node *n, const char *schema, const char *name)
{
	if (n->kind == LS_SCRIPT_TABLE)
		return part_of(c, n->obj, schema, name);
	if (n->table)
		return part_of(c, n->table, schema, name);
	if (n->kind == LS_SCRIPT_INDEX) {
		const ls_index *x = n->obj;
		const ls_table *t = ls_catalog_find_table(c, x->schema, x->table);
		return t && part_of(c, t, schema, name);
	}
	if ((n->kind == LS_SCRIPT_COMMENT || n->kind == LS_SCRIPT_GRANT) &&
			n->target == LS_SCRIPT_TABLE) {
		const ls_table *t = ls_catalog_find_table(c, n->schema, n->name);
		return t && part_of(c, t, schema, name);
	}
	return false;
}

bool pl_is_swapped(const pl_side *s, const char *schema, const char *name)
{
	for (size_t i = 0; i < s->n_swaps; i++)
		if (ls_same(s->swaps[i].schema, schema) && ls_same(s->swaps[i].name, name))
			return true;
	return false;
}

/* Whether the table changes its partitioning between FROM's f and TO's t. */
static bool repartitioned(const ls_table *f, const ls_table *t)
{
	return f->kind != t->kind || !ls_same_or_null(f->partition_key, t->partition_key);
}

/* --attach arg: "s.t=s.p" or "s.t=p" (p in t's schema), each a table
 * this side swaps from a plain table into a partitioned one, p a leaf
 * partition of TO's t, not its default. */
static int take_attach(pl_side *s, const char *arg)
{
	const char *eq = strchr(arg, '='), *l[3], *r[3];
	char *left = eq ? ls_arena_strndup(s->a, arg, (size_t)(eq - arg)) : NULL;
	size_t nl = left ? pl_split_name(s->a, left, l) : 0;
	size_t nr = eq && eq[1] ? pl_split_name(s->a, eq + 1, r) : 0;
	if (ls_arena_failed(s->a))
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if (nl != 2 || nr < 1 || nr > 2)
		return ls_error_set(s->err, LS_EINVAL, NULL, 0, 0, "--attach %s: expected "
				"schema.table=schema.partition", arg);
	const char *ps = nr == 2 ? r[0] : l[0], *pn = r[nr - 1];
	pl_swap *w = NULL;
	for (size_t i = 0; i < s->n_swaps && !w; i++)
		if (ls_same(s->swaps[i].schema, l[0]) && ls_same(s->swaps[i].name, l[1]))
			w = &s->swaps[i];
	const ls_table *ft = ls_catalog_find_table(s->cur, l[0], l[1]);
	const ls_table *tt = ls_catalog_find_table(s->to, l[0], l[1]);
	if (!w || !ft || !tt || ft->kind != LS_TABLE_REGULAR || tt->kind != LS_TABLE_PARTITIONED)
		return ls_error_set(s->err, LS_EINVAL, NULL, 0, 0, "--attach %s: table %s is not a "
				"plain table that TO partitions under the same name", arg,
				pl_qname(s, l[0], l[1]));
	if (w->attach_name)
		return ls_error_set(s->err, LS_EINVAL, NULL, 0, 0, "--attach %s: table %s is "
				"attached twice", arg, pl_qname(s, l[0], l[1]));
	const ls_table *p = ls_catalog_find_table(s->to, ps, pn);
	if (!p || !p->parent_table || !ls_same(p->parent_schema, tt->schema) ||
			!ls_same(p->parent_table, tt->name))
		return ls_error_set(s->err, LS_EINVAL, NULL, 0, 0, "--attach %s: TO has no "
				"partition %s of %s", arg, pl_qname(s, ps, pn), pl_qname(s, l[0], l[1]));
	if (ls_same(p->partition_bound, "DEFAULT") || p->kind != LS_TABLE_REGULAR)
		return ls_error_set(s->err, LS_EINVAL, NULL, 0, 0, "--attach %s: %s is %s of TO: the "
				"old table becomes a partition with bounds", arg, pl_qname(s, ps, pn),
				p->kind != LS_TABLE_REGULAR ? "a partitioned partition" : "the default partition");
	if (!ls_same(ps, l[0]))
		return ls_error_set(s->err, LS_EINVAL, NULL, 0, 0, "--attach %s: the partition is "
				"in another schema than the table, and the swap renames the old table in its "
				"own", arg);
	if (pl_relation_named(s->cur, ps, pn))
		return ls_error_set(s->err, LS_EINVAL, NULL, 0, 0, "--attach %s: FROM has a relation "
				"named %s already", arg, pl_qname(s, ps, pn));
	w->attach_schema = ps;
	w->attach_name = pn;
	return 0;
}

int pl_swap_classify(pl_side *s)
{
	if (s->plain) {
		if (s->n_attach)
			return ls_error_set(s->err, LS_EINVAL, NULL, 0, 0, "--attach %s: the partition "
					"swap is an online recipe, and --no-online plans none", s->attach[0]);
		return 0;
	}
	for (size_t i = 0; i < s->sf->n_nodes; i++) {
		const ls_script_node *f = &s->sf->nodes[i];
		if (f->kind != LS_SCRIPT_TABLE)
			continue;
		const ls_table *ft = f->obj;
		const ls_script_node *t = ls_script_find(s->st, f->key);
		if (!t || ft->parent_table || ((const ls_table *)t->obj)->parent_table ||
				!repartitioned(ft, t->obj))
			continue;
		pl_swap *w = ls_arena_push(s->a, (void **)&s->swaps, &s->n_swaps, sizeof *w);
		if (!w)
			return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		w->schema = ft->schema;
		w->name = ft->name;
		/* the recipe makes and drops all of it, when phase 2 comes to
		 * the table */
		for (size_t k = 0; k < s->sf->n_nodes; k++)
			if (node_of(s->cur, &s->sf->nodes[k], ft->schema, ft->name))
				s->fstate[k] = k == i ? PL_ALTER : PL_KEEP;
		for (size_t k = 0; k < s->st->n_nodes; k++)
			if (node_of(s->to, &s->st->nodes[k], ft->schema, ft->name))
				s->tstate[k] = &s->st->nodes[k] == t ? PL_ALTER : PL_KEEP;
	}
	for (size_t i = 0; i < s->n_attach; i++) {
		int rc = take_attach(s, s->attach[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* --- names --- */

/* base + suffix, base cut (at a character boundary) so that the name fits
 * in NAMEDATALEN - 1 bytes; then with a number until neither work nor TO
 * has a relation or type of the name. */
const char *pl_swap_free_name(pl_side *s, const char *schema, const char *base, const char *suffix)
{
	for (unsigned n = 0;; n++) {
		char tail[64];
		if (n)
			snprintf(tail, sizeof tail, "%s_%u", suffix, n);
		else
			snprintf(tail, sizeof tail, "%s", suffix);
		size_t keep = strlen(base), room = 63 - strlen(tail);
		if (keep > room) {
			keep = room;
			while (keep > 0 && ((unsigned char)base[keep] & 0xC0) == 0x80)
				keep--;
		}
		const char *name = ls_arena_printf(s->a, "%.*s%s", (int)keep, base, tail);
		if (!name)
			return NULL;
		if (!pl_relation_named(s->work, schema, name) && !pl_relation_named(s->to, schema, name) &&
				!ls_catalog_find_function(s->work, schema, name, NULL))
			return name;
	}
}

/* --- the swap's parts --- */

/* "ALTER INDEX|SEQUENCE schema.from RENAME TO to;" (kind 'i' or 'S'). */
void pl_swap_rename_sql(pl_side *s, ls_buf *b, char kind, const char *schema, const char *from,
		const char *to)
{
	ls_buf_printf(b, "ALTER %s %s RENAME TO %s;\n", kind == 'i' ? "INDEX" : "SEQUENCE",
			pl_qname(s, schema, from), ls_quote_ident(s->a, to));
}


static const ls_constraint *primary_key(const ls_table *t)
{
	for (size_t i = 0; i < t->n_constraints; i++)
		if (t->constraints[i].type == 'p')
			return &t->constraints[i];
	return NULL;
}

const ls_column *pl_swap_column(const ls_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_columns; i++)
		if (ls_same(t->columns[i].name, name))
			return &t->columns[i];
	return NULL;
}

const ls_sequence *pl_swap_identity_sequence(ls_catalog *c, const ls_table *t, const char *col)
{
	for (size_t i = 0; i < c->n_sequences; i++) {
		const ls_sequence *q = &c->sequences[i];
		if (q->identity && ls_same(q->schema, t->schema) && ls_same(q->owned_table, t->name) &&
				ls_same(q->owned_column, col))
			return q;
	}
	return NULL;
}

int pl_swap_refuse(swap *x, const char *why)
{
	return ls_error_set(x->s->err, LS_EUNSUPPORTED, NULL, 0, 0,
			"cannot plan this change yet: table %s.%s changes its partitioning (%s -> %s), and "
			"the partition swap recipe %s", x->schema, x->name,
			x->w->partition_key ? x->w->partition_key : "not partitioned",
			x->t->partition_key ? x->t->partition_key : "not partitioned", why);
}

/* The columns copied and the keys: TO's columns but generated ones, each
 * in the old table with the same type. */
static int columns(swap *x)
{
	pl_side *s = x->s;
	for (size_t i = 0; i < x->t->n_columns; i++) {
		const ls_column *c = &x->t->columns[i], *o = pl_swap_column(x->w, c->name);
		if (!o || !ls_same(o->type, c->type) || !o->generated != !c->generated)
			return pl_swap_refuse(x, ls_arena_printf(s->a, "needs the same columns on both sides "
					"(column %s differs): change the columns in a migration of their own",
					c->name));
		if (c->generated)
			continue;
		x->always = x->always || c->identity == 'a' || o->identity == 'a';
		const char **p = ls_arena_push(s->a, (void **)&x->cols, &x->n_cols, sizeof *p);
		if (!p)
			return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		*p = c->name;
	}
	for (size_t i = 0; i < x->w->n_columns; i++)
		if (!pl_swap_column(x->t, x->w->columns[i].name))
			return pl_swap_refuse(x, ls_arena_printf(s->a, "needs the same columns on both sides "
					"(column %s differs): change the columns in a migration of their own",
					x->w->columns[i].name));
	const ls_constraint *ok = primary_key(x->w), *tk = primary_key(x->t);
	if (!ok)
		return pl_swap_refuse(x, "copies rows by the old table's primary key, which it lacks");
	if (!tk)
		return pl_swap_refuse(x, "needs a primary key on TO's table to keep the copy and the "
				"application's writes apart");
	x->okey = ok->columns;
	x->n_okey = ok->n_columns;
	x->tkey = tk->columns;
	x->n_tkey = tk->n_columns;
	return 0;
}

/* Whether text (of kind), as parsed, names one of the relations a or b
 * (quoted; b may be NULL); *yes. */
static int reads_one(swap *x, const char *text, ls_reads_kind kind, const char *a, const char *b,
		bool *yes)
{
	ls_reads r;
	*yes = false;
	if (ls_catalog_reads(x->s->work, text, kind, 0, x->s->a, &r) < 0)
		return ls_error_set(x->s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t k = 0; k < r.n_relations && !*yes; k++)
		*yes = ls_same(r.relations[k], a) || (b && ls_same(r.relations[k], b));
	return 0;
}

/* What would still point at the old table after the renames, and that the
 * recipe does not rebind, refused by name: materialized views and
 * SQL-standard bodies that read it, policies of other tables, tables that
 * inherit it. */
static int bound_elsewhere(swap *x)
{
	pl_side *s = x->s;
	ls_catalog *c = s->work;
	for (size_t i = 0; i < c->n_views; i++) {
		const ls_view *v = &c->views[i];
		if (!v->materialized)
			continue;
		bool reads;
		if (reads_one(x, v->definition, LS_READS_QUERY, x->q, NULL, &reads) < 0)
			return -1;
		if (reads)
			return pl_swap_refuse(x, ls_arena_printf(s->a, "does not rebind materialized view %s, "
					"which reads it", pl_qname(s, v->schema, v->name)));
	}
	for (size_t i = 0; i < c->n_functions; i++) {
		const ls_function *f = &c->functions[i];
		if (!f->body)
			continue;
		bool reads;
		if (reads_one(x, f->body, LS_READS_BODY, x->q, NULL, &reads) < 0)
			return -1;
		if (reads)
			return pl_swap_refuse(x, ls_arena_printf(s->a, "does not rebind the SQL-standard body of "
					"%s, which reads it", pl_qname(s, f->schema, f->name)));
	}
	for (size_t i = 0; i < c->n_tables; i++) {
		const ls_table *o = &c->tables[i];
		for (size_t k = 0; k < o->n_inherits; k++)
			if (ls_same(o->inherits[k].schema, x->schema) &&
					ls_same(o->inherits[k].name, x->name))
				return pl_swap_refuse(x, ls_arena_printf(s->a, "does not move inheritance child %s",
						pl_qname(s, o->schema, o->name)));
	}
	return 0;
}

/* A name TO gives an index or identity sequence of the new table that the
 * work catalog holds: the new one is made under a temporary name, and the
 * holder (the old table's, which it must be) renamed aside in the swap. */
static int add_pair(swap *x, char kind, const char *to_name, bool held_by_old)
{
	pl_side *s = x->s;
	rename_pair *p = ls_arena_push(s->a, (void **)&x->pairs, &x->n_pairs, sizeof *p);
	if (!p)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	p->kind = kind;
	p->to_name = to_name;
	p->temp = pl_swap_free_name(s, x->schema, to_name, "_lockstep_new");
	p->old = held_by_old ? to_name : NULL;
	p->old_aside = held_by_old ? pl_swap_free_name(s, x->schema, to_name, "_old") : NULL;
	return p->temp && (!held_by_old || p->old_aside) ? 0 :
		ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
}

/* Whether relation name of work belongs to the old table: one of its
 * (or its partitions') indexes or identity sequences. */
static bool old_holds(swap *x, char kind, const char *name)
{
	ls_catalog *c = x->s->work;
	if (kind == 'i') {
		const ls_index *i = ls_catalog_find_index(c, x->schema, name);
		const ls_table *t = i ? ls_catalog_find_table(c, i->schema, i->table) : NULL;
		return t && part_of(c, t, x->schema, x->name);
	}
	const ls_sequence *q = ls_catalog_find_sequence(c, x->schema, name);
	return q && q->identity && q->owned_table && ls_same(q->owned_table, x->name);
}

/* The indexes and identity sequences of TO's table (its own, not its
 * partitions': those are named after the partitions) whose names are
 * taken. */
static int pairs(swap *x)
{
	pl_side *s = x->s;
	for (size_t i = 0; i < s->to->n_indexes; i++) {
		const ls_index *ix = &s->to->indexes[i];
		if (!ls_same(ix->schema, x->schema) || !ls_same(ix->table, x->name) ||
				!pl_relation_named(s->work, x->schema, ix->name))
			continue;
		if (!old_holds(x, 'i', ix->name))
			return pl_swap_refuse(x, ls_arena_printf(s->a, "needs the name of index %s, which "
					"another relation holds", ix->name));
		int rc = add_pair(x, 'i', ix->name, true);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < x->t->n_columns; i++) {
		const ls_sequence *q = pl_swap_identity_sequence(s->to, x->t, x->t->columns[i].name);
		if (!q)
			continue;
		bool taken = pl_relation_named(s->work, x->schema, q->name);
		if (taken && !old_holds(x, 'S', q->name))
			return pl_swap_refuse(x, ls_arena_printf(s->a, "needs the name of sequence %s, which "
					"another relation holds", q->name));
		/* always under a temporary name: the new table's own name would
		 * give it another */
		int rc = add_pair(x, 'S', q->name, taken);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* TO's catalog with the table and the pairs under their temporary names,
 * as a scattered script: the statements that build the new table. */
static int new_script(swap *x, ls_catalog **cat, ls_script **out)
{
	pl_side *s = x->s;
	int rc = pl_clone(cat, s->to, s->err);
	if (rc < 0)
		return rc;
	ls_buf b = {.a = s->a};
	/* the old table becomes that partition: not built (detached first:
	 * foreign keys to the table depend on each partition) */
	if (x->part)
		ls_buf_printf(&b, "ALTER TABLE %s DETACH PARTITION %s;\nDROP TABLE %s;\n", x->q, x->qold,
				x->qold);
	ls_buf_printf(&b, "ALTER TABLE %s RENAME TO %s;\n", x->q, ls_quote_ident(s->a, x->new_name));
	for (size_t i = 0; i < x->n_pairs; i++)
		pl_swap_rename_sql(s, &b, x->pairs[i].kind, x->schema, x->pairs[i].to_name, x->pairs[i].temp);
	const char *sql = ls_buf_take(&b);
	if (!sql)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if ((rc = pl_apply(*cat, sql, "the partition swap's new table", s->err)) < 0)
		return rc;
	return ls_catalog_script(out, *cat, true, s->err);
}

/* "(a, b)" of cols, each quoted, each with prefix. */
const char *pl_swap_tuple(pl_side *s, const char *prefix, const char *const *cols, size_t n)
{
	ls_buf b = {.a = s->a};
	ls_buf_put(&b, n == 1 ? "" : "(");
	for (size_t i = 0; i < n; i++)
		ls_buf_printf(&b, "%s%s%s", i ? ", " : "", prefix, ls_quote_ident(s->a, cols[i]));
	ls_buf_put(&b, n == 1 ? "" : ")");
	return ls_buf_take(&b);
}

/* Whether every column of sub is in key: rows unique on sub are then
 * unique on key. */
bool pl_swap_covers(const char *const *key, size_t nk, const char *const *sub, size_t ns)
{
	for (size_t i = 0; i < ns; i++) {
		bool in = false;
		for (size_t k = 0; k < nk; k++)
			in = in || ls_same(key[k], sub[i]);
		if (!in)
			return false;
	}
	return true;
}

/* Whether relation q (quoted) of work is the new table, one of its
 * partitions or one of their indexes. */
static bool made_here(swap *x, const char *q)
{
	ls_catalog *c = x->s->work;
	for (size_t i = 0; i < c->n_tables; i++)
		if (part_of(c, &c->tables[i], x->schema, x->new_name) &&
				ls_same(q, pl_qname(x->s, c->tables[i].schema, c->tables[i].name)))
			return true;
	for (size_t i = 0; i < c->n_indexes; i++) {
		const ls_index *ix = &c->indexes[i];
		const ls_table *t = ls_catalog_find_table(c, ix->schema, ix->table);
		if (t && part_of(c, t, x->schema, x->new_name) &&
				ls_same(q, pl_qname(x->s, ix->schema, ix->name)))
			return true;
	}
	return false;
}

/* What must hold of the old table's rows before anything runs: each
 * falls into a partition of TO (unless TO has a default partition, or the
 * key is HASH, whose remainders TO lists), and none duplicates TO's key
 * where the old key does not make them unique on it. */
static void prechecks(swap *x, ls_step *st)
{
	pl_side *s = x->s;
	const char *rel = pl_source_rel(s, x->w);
	if (x->t->partition_key && strncmp(x->t->partition_key, "HASH ", 5)) {
		ls_buf b = {.a = s->a};
		bool def = false, known = true;
		size_t n = 0;
		for (size_t i = 0; i < s->to->n_tables; i++) {
			const ls_table *p = &s->to->tables[i];
			if (!p->parent_table || !ls_same(p->parent_schema, x->schema) ||
					!ls_same(p->parent_table, x->name))
				continue;
			if (ls_same(p->partition_bound, "DEFAULT")) {
				def = true;
				continue;
			}
			const char *rows = pl_bound_rows(s, x->t->partition_key, p->partition_bound);
			if (!rows)
				known = false;
			else
				ls_buf_printf(&b, "%s(%s)", n++ ? " OR " : "", rows);
		}
		const char *any = ls_buf_take(&b);
		if (!def && known)
			pl_precheck(s, st, ls_arena_printf(s->a, "every row of %s falls into a partition of "
					"TO", x->q), ls_arena_printf(s->a, "SELECT * FROM %s WHERE NOT (%s)", rel,
					n ? any : "false"));
		if (!def)
			pl_warn(s, "%s has no default partition in TO: while the swap copies it, a row the "
					"application writes outside every partition of TO fails (the write-through "
					"trigger cannot place it)%s", x->q, known ? "" : "; the pre-checks cannot "
					"test the existing rows against this partition key");
	}
	if (!pl_swap_covers(x->tkey, x->n_tkey, x->okey, x->n_okey)) {
		const char *k = pl_swap_tuple(s, "", x->tkey, x->n_tkey);
		pl_precheck(s, st, ls_arena_printf(s->a, "no duplicate %s in %s", k, x->q),
				ls_arena_printf(s->a, "SELECT %s FROM %s GROUP BY %s HAVING pg_catalog.count(*) "
				"OPERATOR(pg_catalog.>) 1", k, rel, k));
	}
}

/* Step 1: the new table, empty, with everything TO puts on it but its
 * triggers (they would fire for the copy). */
static int build(swap *x)
{
	pl_side *s = x->s;
	ls_catalog *cat = NULL;
	ls_script *sc = NULL;
	int rc = new_script(x, &cat, &sc);
	ls_buf b = {.a = s->a};
	const ls_script_node **made = NULL;
	size_t n_made = 0;
	for (size_t k = 0; rc == 0 && k < sc->n_nodes; k++) {
		const ls_script_node *n = &sc->nodes[sc->order[k]];
		if (n->kind == LS_SCRIPT_TRIGGER || !node_of(cat, n, x->schema, x->new_name))
			continue;
		ls_buf_put(&b, n->sql);
		const ls_script_node **p = ls_arena_push(s->a, (void **)&made, &n_made, sizeof *p);
		if (!p)
			rc = ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		else
			*p = n;
	}
	/* the write-back: from the swap on (when the old table has its name
	 * aside) until the old table is dropped, the new one's changes are
	 * written back to it, so that undoing the swap loses none. Made here,
	 * not in the swap: a trigger created on a partitioned table locks
	 * every partition, and would wait there for autovacuum */
	if (!x->part)
		ls_buf_put(&b, pl_swap_sync_sql(x, x->qnew, x->qold, x->okey, x->n_okey, x->tkey, x->n_tkey,
				x->qback_func, x->back_trigger, x->qold));
	ls_step *st = NULL;
	if (rc == 0)
		rc = pl_emit(s, &st, "swap: build the new table", x->qnew, ls_buf_take(&b),
				x->part ? ls_arena_printf(s->a, "DROP TABLE %s;\n", x->qnew) :
				ls_arena_printf(s->a, "DROP TABLE %s;\nDROP FUNCTION %s();\n", x->qnew,
				x->qback_func));
	if (rc == 0) {
		st->recipe = "partition swap";
		st->plain = ls_arena_printf(s->a, "no statement changes a table's partitioning: "
				"dropping and creating %s loses its rows", x->q);
		/* what the nodes lock of the relations that were there before
		 * (the tables a foreign key references) */
		ls_step claims = {0};
		for (size_t i = 0; i < n_made; i++)
			pl_node_effects(s, &claims, made[i], true);
		for (size_t i = 0; i < claims.n_locks; i++)
			if (!made_here(x, claims.locks[i].relation))
				pl_lock(s, st, claims.locks[i].relation, claims.locks[i].mode);
		st->risk = "low";
		if (!x->part)
			prechecks(x, st);
	}
	ls_script_free(sc);
	ls_catalog_free(cat);
	return rc;
}

/* The views of work that read the table as they are (not materialized),
 * that TO keeps as they are: bound to the new table in the swap. */
int pl_swap_rebind_views(swap *x, ls_buf *b, ls_step *st)
{
	pl_side *s = x->s;
	for (size_t i = 0; i < s->work->n_views; i++) {
		const ls_view *v = &s->work->views[i];
		if (v->materialized)
			continue;
		bool reads;
		if (reads_one(x, v->definition, LS_READS_QUERY, x->q, x->qold, &reads) < 0)
			return -1;
		if (!reads)
			continue;
		const ls_script_node *n = NULL;
		for (size_t k = 0; k < s->st->n_nodes && !n; k++) {
			const ls_script_node *m = &s->st->nodes[k];
			if (m->kind == LS_SCRIPT_VIEW && ls_same(m->schema, v->schema) &&
					ls_same(m->name, v->name))
				n = m;
		}
		if (!n)
			continue; /* TO drops it: phase 3 does */
		if (strncmp(n->sql, "CREATE VIEW ", 12))
			return pl_swap_refuse(x, ls_arena_printf(s->a, "cannot rebind view %s",
					pl_qname(s, v->schema, v->name)));
		ls_buf_printf(b, "CREATE OR REPLACE VIEW %s", n->sql + 12);
		if (st)
			pl_lock(s, st, pl_qname(s, v->schema, v->name), "AccessExclusiveLock");
	}
	return 0;
}

/* The foreign keys of other tables of work that point at the table. */
static bool points_at(const ls_constraint *k, const char *schema, const char *name)
{
	return k->type == 'f' && ls_same(k->ref_schema, schema) && ls_same(k->ref_table, name);
}

/* TO's foreign key node of table o named name, or NULL. */
static const ls_script_node *to_fk(pl_side *s, const ls_table *o, const char *name)
{
	for (size_t k = 0; k < s->st->n_nodes; k++) {
		const ls_script_node *m = &s->st->nodes[k];
		if (m->kind == LS_SCRIPT_FOREIGN_KEY && m->table && ls_same(m->table->schema, o->schema) &&
				ls_same(m->table->name, o->name) &&
				ls_same(m->table->constraints[m->item].name, name))
			return m;
	}
	return NULL;
}

void pl_swap_serials(swap *x, ls_buf *up, ls_buf *undo, ls_step *claims)
{
	pl_side *s = x->s;
	for (size_t i = 0; i < s->work->n_sequences; i++) {
		const ls_sequence *q = &s->work->sequences[i];
		if (q->identity || !q->owned_table || !ls_same(q->schema, x->schema) ||
				!ls_same(q->owned_table, x->name))
			continue;
		const ls_sequence *tq = ls_catalog_find_sequence(s->to, q->schema, q->name);
		if (!tq || !tq->owned_table || !ls_same(tq->owned_table, x->name))
			continue;
		const char *qq = pl_qname(s, q->schema, q->name);
		ls_buf_printf(up, "ALTER SEQUENCE %s OWNED BY %s.%s;\n", qq, x->q,
				ls_quote_ident(s->a, tq->owned_column));
		ls_buf_printf(undo, "ALTER SEQUENCE %s OWNED BY %s.%s;\n", qq, x->q,
				ls_quote_ident(s->a, q->owned_column));
		pl_lock(s, claims, qq, "ShareRowExclusiveLock");
	}
}

int pl_swap_unhook_fks(swap *x, ls_buf *b, const ls_script_node ***rewire, size_t *n_rewire)
{
	pl_side *s = x->s;
	for (size_t i = 0; i < s->work->n_tables; i++) {
		const ls_table *o = &s->work->tables[i];
		if (part_of(s->work, o, x->schema, x->name))
			continue;
		for (size_t k = 0; k < o->n_constraints; k++) {
			const ls_constraint *c = &o->constraints[k];
			if (!points_at(c, x->schema, x->name))
				continue;
			const ls_script_node *m = to_fk(s, o, c->name);
			if (!m)
				continue; /* TO drops it: phase 1 did */
			ls_buf_printf(b, "ALTER TABLE %s DROP CONSTRAINT %s;\n", pl_qname(s, o->schema,
					o->name), ls_quote_ident(s->a, c->name));
			const ls_script_node **p = ls_arena_push(s->a, (void **)rewire, n_rewire, sizeof *p);
			if (!p)
				return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
			*p = m;
		}
	}
	return 0;
}

/* Step 4, in one short transaction. The foreign keys that point at the
 * table are dropped before and added NOT VALID after (rewire). */
static int swap_step(swap *x, const ls_script_node ***rewire, size_t *n_rewire)
{
	pl_side *s = x->s;
	ls_buf b = {.a = s->a};
	/* the undo, written as the step is: rb before the renames back, ra
	 * after them */
	ls_buf rb = {.a = s->a}, ra = {.a = s->a};
	ls_step *st;
	ls_buf_printf(&b, "LOCK TABLE %s IN ACCESS EXCLUSIVE MODE;\n", x->q);
	ls_buf_put(&b, pl_swap_unsync_sql(x, x->q, x->qfunc, x->trigger));
	if (!pl_swap_covers(x->tkey, x->n_tkey, x->okey, x->n_okey))
		/* a batch skips a row whose key the new table holds: here it is
		 * the same row only when the counts agree */
		ls_buf_printf(&b, "DO $lockstep$\nBEGIN\n  IF (SELECT count(*) FROM %s) <> (SELECT "
				"count(*) FROM %s) THEN\n    RAISE EXCEPTION 'lockstep partition swap: the "
				"new table lacks rows of the old (rows that share its key)';\n  END IF;\nEND\n"
				"$lockstep$;\n", x->q, x->qnew);
	ls_buf_printf(&rb, "LOCK TABLE %s IN ACCESS EXCLUSIVE MODE;\n", x->q);
	/* foreign keys into it: dropped (TO's are added again below) */
	int rc = pl_swap_unhook_fks(x, &b, rewire, n_rewire);
	if (rc < 0)
		return rc;
	ls_buf_printf(&b, "ALTER TABLE %s RENAME TO %s;\n", x->q, ls_quote_ident(s->a, x->old_name));
	for (size_t i = 0; i < x->n_pairs; i++)
		if (x->pairs[i].old)
			pl_swap_rename_sql(s, &b, x->pairs[i].kind, x->schema, x->pairs[i].old, x->pairs[i].old_aside);
	ls_buf_printf(&b, "ALTER TABLE %s RENAME TO %s;\n", x->qnew, ls_quote_ident(s->a, x->name));
	for (size_t i = 0; i < x->n_pairs; i++)
		pl_swap_rename_sql(s, &b, x->pairs[i].kind, x->schema, x->pairs[i].temp, x->pairs[i].to_name);
	/* undone: the new names aside again, then the old ones back */
	for (size_t i = 0; i < x->n_pairs; i++)
		pl_swap_rename_sql(s, &ra, x->pairs[i].kind, x->schema, x->pairs[i].to_name, x->pairs[i].temp);
	ls_buf_printf(&ra, "ALTER TABLE %s RENAME TO %s;\n", x->q, ls_quote_ident(s->a, x->new_name));
	for (size_t i = 0; i < x->n_pairs; i++)
		if (x->pairs[i].old)
			pl_swap_rename_sql(s, &ra, x->pairs[i].kind, x->schema, x->pairs[i].old_aside, x->pairs[i].old);
	ls_buf_printf(&ra, "ALTER TABLE %s RENAME TO %s;\n", x->qold, ls_quote_ident(s->a, x->name));
	/* identity: the next value carries on from the old sequence's */
	for (size_t i = 0; i < x->t->n_columns; i++) {
		const ls_column *c = &x->t->columns[i];
		const ls_sequence *nq = pl_swap_identity_sequence(s->to, x->t, c->name);
		const ls_sequence *oq = pl_swap_identity_sequence(s->work, x->w, c->name);
		if (!nq || !oq)
			continue;
		const char *oname = oq->name;
		for (size_t k = 0; k < x->n_pairs; k++)
			if (x->pairs[k].old && ls_same(x->pairs[k].old, oq->name))
				oname = x->pairs[k].old_aside;
		ls_buf_put(&b, "SELECT pg_catalog.setval(");
		ls_buf_literal(&b, pl_qname(s, x->schema, nq->name));
		ls_buf_printf(&b, ", last_value, is_called) FROM %s;\n", pl_qname(s, x->schema, oname));
		/* undone: the old one carries on from the new one's */
		const char *ntemp = nq->name;
		for (size_t k = 0; k < x->n_pairs; k++)
			if (x->pairs[k].kind == 'S' && ls_same(x->pairs[k].to_name, nq->name))
				ntemp = x->pairs[k].temp;
		ls_buf_put(&ra, "SELECT pg_catalog.setval(");
		ls_buf_literal(&ra, pl_qname(s, x->schema, oq->name));
		ls_buf_printf(&ra, ", last_value, is_called) FROM %s;\n", pl_qname(s, x->schema, ntemp));
	}
	/* serial: the sequence the old table's column owned goes to the new */
	ls_step seqs = {0};
	pl_swap_serials(x, &b, &ra, &seqs);
	/* TO's triggers, which the copy was not to fire */
	bool triggers = false;
	for (size_t k = 0; k < s->st->n_nodes; k++) {
		const ls_script_node *m = &s->st->nodes[s->st->order[k]];
		if (m->kind == LS_SCRIPT_TRIGGER && node_of(s->to, m, x->schema, x->name)) {
			ls_buf_put(&b, m->sql);
			ls_buf_put(&rb, pl_drop_sql(s, m));
			triggers = true;
		}
	}
	/* undone: the foreign keys into the table point at the old one again
	 * (valid, as they were) */
	for (size_t i = 0; i < *n_rewire; i++)
		ls_buf_put(&ra, (*rewire)[i]->sql);
	/* the locks, named as before the step (it renames work's tables) */
	ls_step claims = {0};
	pl_lock(s, &claims, x->q, "AccessExclusiveLock");
	pl_lock_partitions(s, &claims, s->work, x->schema, x->name, "AccessExclusiveLock");
	pl_lock(s, &claims, x->qnew, "AccessExclusiveLock");
	/* a trigger on a partitioned table is cloned onto each partition */
	if (triggers)
		pl_lock_partitions(s, &claims, s->work, x->schema, x->new_name, "ShareRowExclusiveLock");
	/* a renamed sequence is locked; setval takes the new one too */
	for (size_t i = 0; i < x->n_pairs; i++)
		if (x->pairs[i].kind == 'S') {
			pl_lock(s, &claims, pl_qname(s, x->schema, x->pairs[i].temp), "AccessExclusiveLock");
			if (x->pairs[i].old)
				pl_lock(s, &claims, pl_qname(s, x->schema, x->pairs[i].old),
						"AccessExclusiveLock");
		}
	for (size_t i = 0; i < *n_rewire; i++)
		pl_lock(s, &claims, pl_qname(s, (*rewire)[i]->table->schema, (*rewire)[i]->table->name),
				"AccessExclusiveLock");
	for (size_t i = 0; i < seqs.n_locks; i++)
		pl_lock(s, &claims, seqs.locks[i].relation, seqs.locks[i].mode);
	if ((rc = pl_swap_rebind_views(x, &b, &claims)) < 0)
		return rc;
	/* the views bound back (the same text), the write-through again */
	if ((rc = pl_swap_rebind_views(x, &ra, NULL)) < 0)
		return rc;
	ls_buf_put(&ra, pl_swap_sync_sql(x, x->q, x->qnew, x->tkey, x->n_tkey, x->okey, x->n_okey, x->qfunc,
			x->trigger, NULL));
	const char *undo = ls_arena_printf(s->a, "%s%s", ls_buf_take(&rb), ls_buf_take(&ra));
	rc = pl_emit(s, &st, "swap: rename old and new", x->q, ls_buf_take(&b), undo);
	if (rc < 0)
		return rc;
	st->recipe = "partition swap";
	st->risk = "high";
	for (size_t i = 0; i < claims.n_locks; i++)
		pl_lock(s, st, claims.locks[i].relation, claims.locks[i].mode);
	return 0;
}

int pl_recipe_swap(pl_side *s, const ls_table *w, const ls_table *t)
{
	swap x = {.s = s, .w = w, .t = t, .schema = t->schema, .name = t->name};
	x.q = pl_qname(s, t->schema, t->name);
	int rc;
	if ((rc = columns(&x)) < 0 || (rc = bound_elsewhere(&x)) < 0 || (rc = pairs(&x)) < 0)
		return rc;
	for (size_t i = 0; i < s->n_swaps; i++)
		if (ls_same(s->swaps[i].schema, x.schema) && ls_same(s->swaps[i].name, x.name) &&
				s->swaps[i].attach_name)
			x.part = ls_catalog_find_table(s->to, s->swaps[i].attach_schema,
					s->swaps[i].attach_name);
	x.new_name = pl_swap_free_name(s, x.schema, x.name, "_lockstep_new");
	/* attached, the old table takes the partition's name */
	x.old_name = x.part ? x.part->name : pl_swap_free_name(s, x.schema, x.name, "_old");
	if (!x.new_name || !x.old_name)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	x.qnew = pl_qname(s, x.schema, x.new_name);
	x.qold = pl_qname(s, x.schema, x.old_name);
	if (x.part && (rc = pl_swap_attach_fits(&x)) < 0)
		return rc;
	x.func = pl_swap_free_name(s, x.schema, x.name, "_lockstep_sync");
	x.back_func = pl_swap_free_name(s, x.schema, x.name, "_lockstep_sync_back");
	if (!x.func || !x.back_func)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	x.qfunc = pl_qname(s, x.schema, x.func);
	x.qback_func = pl_qname(s, x.schema, x.back_func);
	x.trigger = "lockstep_sync";
	x.back_trigger = "lockstep_sync_back";
	pl_change(s, LS_CHANGE_ALTER, "table", x.q, NULL, ls_arena_printf(s->a,
			"partitioning: %s -> %s (the partition swap)", w->partition_key ?
			w->partition_key : "not partitioned", t->partition_key ? t->partition_key :
			"not partitioned"));
	/* a partition that takes every old row needs no copy: say how */
	for (size_t i = 0; !x.part && w->kind == LS_TABLE_REGULAR && i < s->to->n_tables; i++) {
		const ls_table *p = &s->to->tables[i];
		if (ls_same(p->parent_schema, x.schema) && ls_same(p->parent_table, x.name) &&
				p->partition_bound && !strncmp(p->partition_bound, "FOR VALUES FROM (MINVALUE", 25))
			pl_warn(s, "the swap copies every row of %s; when all of them fall into partition "
					"%s of TO, plan with --attach %s=%s: the table becomes that partition, no "
					"row copied", x.q, pl_qname(s, p->schema, p->name), x.q,
					ls_quote_ident(s->a, p->name));
	}
	if (x.part) {
		if ((rc = build(&x)) < 0 || (rc = pl_swap_attach_bound(&x)) < 0)
			return rc;
	} else if ((rc = build(&x)) < 0 || (rc = pl_swap_sync(&x)) < 0 || (rc = pl_swap_copy(&x)) < 0 ||
			(rc = pl_swap_vacuum(&x)) < 0)
		return rc;
	const ls_script_node **rewire = NULL;
	size_t n_rewire = 0;
	pl_unit_begin(s);
	rc = x.part ? pl_swap_attach_step(&x, &rewire, &n_rewire) :
		swap_step(&x, &rewire, &n_rewire);
	for (size_t i = 0; rc == 0 && i < n_rewire; i++)
		rc = pl_recipe_fk_not_valid(s, rewire[i]);
	pl_unit_end(s);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n_rewire; i++)
		if ((rc = pl_recipe_validate(s, rewire[i])) < 0)
			return rc;
	if (x.part)
		return 0; /* the old table is TO's partition: nothing to drop */
	/* the old table, its partitions and its identity sequences (under
	 * their names aside) go */
	ls_step claims = {0};
	pl_lock(s, &claims, x.qold, "AccessExclusiveLock");
	pl_lock_partitions(s, &claims, s->work, x.schema, x.old_name, "AccessExclusiveLock");
	for (size_t i = 0; i < s->work->n_sequences; i++) {
		const ls_sequence *q = &s->work->sequences[i];
		if (q->identity && ls_same(q->schema, x.schema) && q->owned_table &&
				ls_same(q->owned_table, x.old_name))
			pl_lock(s, &claims, pl_qname(s, q->schema, q->name), "AccessExclusiveLock");
	}
	ls_step *st;
	pl_lock(s, &claims, x.q, "AccessExclusiveLock");
	pl_lock_partitions(s, &claims, s->work, x.schema, x.name, "AccessExclusiveLock");
	/* the old table's foreign keys go, and their triggers on the tables
	 * they reference */
	for (size_t i = 0; i < s->work->n_tables; i++) {
		const ls_table *o = &s->work->tables[i];
		if (!part_of(s->work, o, x.schema, x.old_name))
			continue;
		for (size_t k = 0; k < o->n_constraints; k++)
			if (o->constraints[k].type == 'f')
				pl_lock(s, &claims, pl_qname(s, o->constraints[k].ref_schema,
						o->constraints[k].ref_table), "AccessExclusiveLock");
	}
	rc = pl_emit(s, &st, "swap: drop the old table", x.qold,
			ls_arena_printf(s->a, "%sDROP TABLE %s;\n", pl_swap_unsync_sql(&x, x.q, x.qback_func,
			x.back_trigger), x.qold), NULL);
	if (rc < 0)
		return rc;
	st->recipe = "partition swap";
	st->loses = ls_arena_printf(s->a, "the old table %s, whose rows the swap copied into %s: "
			"after this step the swap cannot be undone but by the reverse swap", x.qold, x.q);
	st->rows_kept = true;
	st->risk = "medium";
	for (size_t i = 0; i < claims.n_locks; i++)
		pl_lock(s, st, claims.locks[i].relation, claims.locks[i].mode);
	return 0;
}

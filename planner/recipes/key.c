/* The key recipe (recipes.h): a PRIMARY KEY or UNIQUE constraint on a
 * table that holds rows, built without blocking reads or writes.
 *
 *   1. CREATE UNIQUE INDEX CONCURRENTLY under a temporary name (outside a
 *      transaction, ShareUpdateExclusiveLock: writes go on; duplicates and
 *      NULLs are refused by prechecks.sql before, and by the build itself);
 *   2. one short transaction: the foreign keys that reference the key the
 *      new one replaces are dropped, the old key is dropped, the new one
 *      added USING INDEX (catalog only: the index takes the constraint's
 *      name), and the foreign keys TO points at the new key added NOT
 *      VALID;
 *   3. each such foreign key validated in a transaction of its own
 *      (ShareUpdateExclusiveLock and RowShareLock: writes go on).
 * At no moment is the table without a key enforcing its old or its new
 * columns: the old key is dropped in the transaction that adds the new.
 * The plain statement, ADD CONSTRAINT ... PRIMARY KEY (...), builds the
 * index under AccessExclusiveLock: reads and writes wait for the build.
 */
#define _POSIX_C_SOURCE 200809L
#include "recipes.h"

#include <stdio.h>
#include <string.h>

#include "lockstep/buf.h"
#include "lockstep/str.h"

const ls_table *pl_online_table(pl_side *s, const char *schema, const char *name)
{
	if (s->plain || !ls_catalog_find_table(s->cur, schema, name))
		return NULL;
	const ls_table *w = ls_catalog_find_table(s->work, schema, name);
	if (!w || w->kind != LS_TABLE_REGULAR || w->parent_table)
		return NULL;
	return w;
}

static const ls_column *find_column(const ls_table *t, const char *name)
{
	for (size_t i = 0; t && i < t->n_columns; i++)
		if (ls_same(t->columns[i].name, name))
			return &t->columns[i];
	return NULL;
}

/* TO's key node that replaces FROM's key node n through the recipe, or
 * NULL: n is a PRIMARY KEY or UNIQUE of a regular table that TO keeps,
 * whose columns keep their type and collation (no step of phase 2 alters
 * them while the old key still stands), and TO has a key of the same type
 * (for UNIQUE: of the same name) that the plan creates. */
static const ls_script_node *replacement(pl_side *s, const ls_script_node *n)
{
	if (s->plain || n->kind != LS_SCRIPT_KEY || !n->table)
		return NULL;
	const ls_table *ft = n->table;
	const ls_constraint *k = &ft->constraints[n->item];
	if ((k->type != 'p' && k->type != 'u') || ft->kind != LS_TABLE_REGULAR || ft->parent_table)
		return NULL;
	const ls_table *tt = ls_catalog_find_table(s->to, ft->schema, ft->name);
	if (!tt || tt->kind != LS_TABLE_REGULAR || tt->parent_table)
		return NULL;
	for (size_t i = 0; i < k->n_columns; i++) {
		const ls_column *fc = find_column(ft, k->columns[i]);
		const ls_column *tc = find_column(tt, k->columns[i]);
		/* NOT NULL may change: a SET NOT NULL runs while the old key
		 * stands, and a DROP NOT NULL (which the server refuses on a
		 * column of a primary key) waits for the key's drop */
		if (!fc || !tc || !ls_same(fc->type, tc->type) ||
				!ls_same_or_null(fc->collation, tc->collation))
			return NULL;
	}
	const ls_constraint *nk = NULL;
	for (size_t i = 0; i < tt->n_constraints && !nk; i++) {
		const ls_constraint *c = &tt->constraints[i];
		if (c->type == k->type && (k->type == 'p' || ls_same(c->name, k->name)))
			nk = c;
	}
	if (!nk)
		return NULL;
	const ls_script_node *t = ls_script_find_object(s->st, LS_SCRIPT_KEY, tt->schema, tt->name,
			nk->name);
	if (!t)
		return NULL;
	unsigned char state = s->tstate[t - s->st->nodes];
	return state == PL_CREATE || state == PL_REPLACE ? t : NULL;
}

/* FROM's key node of table schema.name over exactly these columns. */
static const ls_script_node *key_over(pl_side *s, const char *schema, const char *name,
		const char *const *cols, size_t n)
{
	const ls_table *t = ls_catalog_find_table(s->cur, schema, name);
	for (size_t i = 0; t && i < t->n_constraints; i++) {
		const ls_constraint *k = &t->constraints[i];
		if ((k->type == 'p' || k->type == 'u') &&
				pl_same_options(k->columns, k->n_columns, cols, n))
			return ls_script_find_object(s->sf, LS_SCRIPT_KEY, schema, name, k->name);
	}
	return NULL;
}

bool pl_defer_drop(pl_side *s, const ls_script_node *n)
{
	if (s->plain || !n->table)
		return false;
	bool defer = false;
	if (n->kind == LS_SCRIPT_KEY) {
		defer = replacement(s, n) != NULL;
	} else if (n->kind == LS_SCRIPT_FOREIGN_KEY) {
		const ls_constraint *k = &n->table->constraints[n->item];
		const ls_script_node *key = key_over(s, k->ref_schema, k->ref_table,
				k->ref_columns, k->n_ref_columns);
		/* its own columns stay: a DROP COLUMN of phase 2 would take it */
		const ls_table *tt = ls_catalog_find_table(s->to, n->table->schema, n->table->name);
		defer = key && replacement(s, key) && tt;
		for (size_t i = 0; defer && i < k->n_columns; i++)
			defer = find_column(tt, k->columns[i]) != NULL;
	}
	if (!defer)
		return false;
	const ls_script_node **d = ls_arena_push(s->a, (void **)&s->deferred, &s->n_deferred,
			sizeof *d);
	if (!d)
		return false;
	*d = n;
	return true;
}

/* The column col of table t of FROM's primary key node n, when TO has it
 * nullable: its DROP NOT NULL waits for the key's drop. */
static bool not_null_waits(pl_side *s, const ls_script_node *n, const char *col)
{
	const ls_constraint *k = &n->table->constraints[n->item];
	if (n->kind != LS_SCRIPT_KEY || k->type != 'p')
		return false;
	const ls_column *tc = find_column(ls_catalog_find_table(s->to, n->table->schema,
			n->table->name), col);
	for (size_t i = 0; tc && i < k->n_columns; i++)
		if (ls_same(k->columns[i], col))
			return !tc->not_null;
	return false;
}

bool pl_not_null_waits(pl_side *s, const ls_table *w, const char *col)
{
	for (size_t i = 0; i < s->n_deferred; i++) {
		const ls_script_node *d = s->deferred[i];
		if (ls_same(d->table->schema, w->schema) && ls_same(d->table->name, w->name) &&
				not_null_waits(s, d, col))
			return true;
	}
	return false;
}

/* Drop deferred entry i now and take it off the list; the DROP NOT NULL
 * of a primary key's columns that waited for it follows (catalog only:
 * the transaction of the drop). */
static int drop_deferred_at(pl_side *s, size_t i)
{
	const ls_script_node *n = s->deferred[i];
	memmove(&s->deferred[i], &s->deferred[i + 1], (s->n_deferred - i - 1) * sizeof *s->deferred);
	s->n_deferred--;
	int rc = pl_drop_node(s, n, s->fstate[n - s->sf->nodes] == PL_DROP);
	const ls_constraint *k = &n->table->constraints[n->item];
	const ls_table *w = n->kind == LS_SCRIPT_KEY ?
		ls_catalog_find_table(s->work, n->table->schema, n->table->name) : NULL;
	for (size_t c = 0; rc == 0 && w && c < k->n_columns; c++) {
		const ls_column *wc = find_column(w, k->columns[c]);
		if (!wc || !wc->not_null || !not_null_waits(s, n, k->columns[c]))
			continue;
		const char *qt = pl_qname(s, w->schema, w->name);
		const char *qc = ls_quote_ident(s->a, k->columns[c]);
		ls_step *st;
		rc = pl_emit(s, &st, "drop not null", ls_arena_printf(s->a, "%s.%s", qt, qc),
				ls_arena_printf(s->a, "ALTER TABLE ONLY %s ALTER COLUMN %s DROP NOT NULL;\n",
					qt, qc),
				ls_arena_printf(s->a, "ALTER TABLE ONLY %s ALTER COLUMN %s SET NOT NULL;\n",
					qt, qc));
		if (rc == 0)
			pl_lock(s, st, qt, "AccessExclusiveLock");
	}
	return rc;
}

int pl_drop_deferred(pl_side *s, const char *key)
{
	for (size_t i = 0; i < s->n_deferred;) {
		if (key && !ls_same(s->deferred[i]->key, key)) {
			i++;
			continue;
		}
		int rc = drop_deferred_at(s, i);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Whether a relation of that name is in schema in catalog c. */
bool pl_relation_named(ls_catalog *c, const char *schema, const char *name)
{
	return ls_catalog_find_table(c, schema, name) || ls_catalog_find_view(c, schema, name) ||
		ls_catalog_find_sequence(c, schema, name) || ls_catalog_find_index(c, schema, name) ||
		ls_catalog_find_type(c, schema, name);
}

/* "lockstep_tmp_N": N past every one this side named before (a name is
 * never used twice in a plan: down.sql clears what a stopped build left
 * by name), and a name neither work nor TO has in the schema (a type
 * counts: a relation's row type would clash). */
static const char *temporary_index(pl_side *s, const char *schema)
{
	for (unsigned n = ++s->n_temporary;; n = ++s->n_temporary) {
		const char *name = ls_arena_printf(s->a, "lockstep_tmp_%u", n);
		if (!name)
			return NULL;
		if (!pl_relation_named(s->work, schema, name) && !pl_relation_named(s->to, schema, name))
			return name;
	}
}

static void column_list(ls_buf *b, const char *const *cols, size_t n)
{
	ls_buf_put(b, "(");
	for (size_t i = 0; i < n; i++) {
		if (i)
			ls_buf_put(b, ", ");
		ls_buf_ident(b, cols[i]);
	}
	ls_buf_put(b, ")");
}

/* Record TO's node t as added or changed, as create_node would. */
static void record(pl_side *s, const ls_script_node *t)
{
	const ls_script_node *f = ls_script_find(s->sf, t->key);
	const char *name = pl_node_name(s, t);
	if (s->tstate[t - s->st->nodes] == PL_CREATE)
		pl_change(s, LS_CHANGE_ADD, pl_kind_word(t->kind), name, NULL, NULL);
	else if (f && !ls_same(f->sql, t->sql))
		pl_change(s, LS_CHANGE_ALTER, pl_kind_word(t->kind), name, NULL, "definition");
}

/* TO's foreign keys that reference key k of table t and that the plan
 * creates, when each may be added NOT VALID now: its table is a regular
 * table that held rows and holds its columns already. FROM's version of
 * one the plan replaces is dropped first (when it was not in phase 1). */
static int swap_foreign_keys(pl_side *s, const ls_table *t, const ls_constraint *k,
		const ls_script_node ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < s->st->n_nodes; i++) {
		const ls_script_node *f = &s->st->nodes[i];
		if (f->kind != LS_SCRIPT_FOREIGN_KEY || (s->tstate[i] != PL_CREATE &&
				s->tstate[i] != PL_REPLACE))
			continue;
		const ls_constraint *fk = &f->table->constraints[f->item];
		if (!ls_same(fk->ref_schema, t->schema) || !ls_same(fk->ref_table, t->name) ||
				!pl_same_options(fk->ref_columns, fk->n_ref_columns, k->columns, k->n_columns))
			continue;
		const ls_table *w = pl_online_table(s, f->table->schema, f->table->name);
		bool ready = w != NULL;
		for (size_t c = 0; ready && c < fk->n_columns; c++)
			ready = find_column(w, fk->columns[c]) != NULL;
		/* one TO keeps NOT VALID goes at its own place, as planned */
		if (!ready || !fk->valid)
			continue;
		const ls_script_node **p = ls_arena_push(s->a, (void **)out, n, sizeof *p);
		if (!p)
			return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		*p = f;
	}
	return 0;
}

/* Whether table schema.name is on the list of qualified names. */
static bool listed(pl_side *s, const char **list, size_t n, const char *schema, const char *name)
{
	const char *q = pl_qname(s, schema, name);
	for (size_t i = 0; i < n; i++)
		if (ls_same(list[i], q))
			return true;
	return false;
}

static int add_table(pl_side *s, const char ***list, size_t *n, const char *schema,
		const char *name)
{
	if (listed(s, *list, *n, schema, name))
		return 0;
	const char **p = ls_arena_push(s->a, (void **)list, n, sizeof *p);
	if (!p)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	*p = pl_qname(s, schema, name);
	return 0;
}

/* A swap that touches other tables (the foreign keys that reference the
 * old key or the new) takes its locks first, in one LOCK TABLE: the
 * key's table, then the referencing tables in catalog order. Taken one by
 * one as each statement comes, an application that locks the key's table
 * before a referencing one (an update of the parent, then an insert into
 * the child) would wait for the swap while the swap waits for it: the
 * swap's lock_timeout ends that, but only after the application waited. */
static int lock_up_front(pl_side *s, const ls_table *t, const ls_script_node *old,
		const ls_script_node **fks, size_t n_fks)
{
	const char **list = NULL;
	size_t n = 0;
	int rc = add_table(s, &list, &n, t->schema, t->name);
	const ls_constraint *ok = old ? &old->table->constraints[old->item] : NULL;
	for (size_t i = 0; rc == 0 && ok && i < s->n_deferred; i++) {
		const ls_script_node *d = s->deferred[i];
		const ls_constraint *fk = d->kind == LS_SCRIPT_FOREIGN_KEY ?
			&d->table->constraints[d->item] : NULL;
		if (fk && ls_same(fk->ref_schema, t->schema) && ls_same(fk->ref_table, t->name) &&
				pl_same_options(fk->ref_columns, fk->n_ref_columns, ok->columns, ok->n_columns))
			rc = add_table(s, &list, &n, d->table->schema, d->table->name);
	}
	for (size_t i = 0; rc == 0 && i < n_fks; i++)
		rc = add_table(s, &list, &n, fks[i]->table->schema, fks[i]->table->name);
	if (rc < 0 || n < 2)
		return rc;
	ls_buf b = {.a = s->a};
	ls_buf_put(&b, "LOCK TABLE ");
	for (size_t i = 0; i < n; i++)
		ls_buf_printf(&b, "%sONLY %s", i ? ", " : "", list[i]);
	ls_buf_put(&b, " IN ACCESS EXCLUSIVE MODE;\n");
	ls_step *st;
	if ((rc = pl_emit(s, &st, "lock tables", pl_qname(s, t->schema, t->name), ls_buf_take(&b),
			"")) < 0)
		return rc;
	st->recipe = "key using index";
	for (size_t i = 0; i < n; i++)
		pl_lock(s, st, list[i], "AccessExclusiveLock");
	return 0;
}

static const char *plain_words(pl_side *s, const ls_table *t, const ls_constraint *k)
{
	return ls_arena_printf(s->a, "ADD CONSTRAINT %s %s (...) builds the index under "
			"AccessExclusiveLock on %s: reads and writes wait for the whole build",
			ls_quote_ident(s->a, k->name), k->type == 'p' ? "PRIMARY KEY" : "UNIQUE",
			pl_qname(s, t->schema, t->name));
}

int pl_recipe_key(pl_side *s, const ls_script_node *t, bool *done)
{
	*done = false;
	const ls_constraint *k = &t->table->constraints[t->item];
	if (k->type != 'p' && k->type != 'u')
		return 0;
	const ls_table *w = pl_online_table(s, t->table->schema, t->table->name);
	for (size_t i = 0; w && i < k->n_columns; i++)
		if (!find_column(w, k->columns[i]))
			w = NULL;
	if (!w)
		return 0;
	const char *schema = t->table->schema, *table = t->table->name;
	const char *qt = pl_qname(s, schema, table);
	const char *tmp = temporary_index(s, schema);
	if (!tmp || !qt)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	const char *qtmp = pl_qname(s, schema, tmp);
	const char *plain = plain_words(s, t->table, k);
	*done = true;
	record(s, t);

	/* 1. the index, concurrently */
	ls_buf b = {.a = s->a};
	ls_buf_put(&b, "CREATE UNIQUE INDEX CONCURRENTLY ");
	ls_buf_ident(&b, tmp);
	ls_buf_printf(&b, " ON %s USING btree ", qt);
	column_list(&b, k->columns, k->n_columns);
	if (k->nulls_not_distinct)
		ls_buf_put(&b, " NULLS NOT DISTINCT");
	ls_buf_put(&b, ";\n");
	const char *build = ls_buf_take(&b);
	ls_step *st;
	int rc = pl_emit_concurrent_build(s, &st, "build unique index concurrently", qtmp, build, qt,
			"key using index", plain);
	if (rc < 0)
		return rc;
	pl_work(s, st, LS_WORK_INDEX, schema, table);
	pl_node_prechecks(s, st, t);

	/* 2. the swap, one short transaction */
	const ls_script_node **fks;
	size_t n_fks;
	if ((rc = swap_foreign_keys(s, t->table, k, &fks, &n_fks)) < 0)
		return rc;
	pl_unit_begin(s);
	const ls_script_node *old = NULL;
	for (size_t i = 0; i < s->n_deferred && !old; i++) {
		const ls_script_node *d = s->deferred[i];
		if (d->kind == LS_SCRIPT_KEY && replacement(s, d) == t)
			old = d;
	}
	if ((rc = lock_up_front(s, t->table, old, fks, n_fks)) < 0)
		goto done;
	if (old) {
		const ls_constraint *ok = &old->table->constraints[old->item];
		for (size_t i = 0; i < s->n_deferred;) {
			const ls_script_node *d = s->deferred[i];
			const ls_constraint *fk = d->kind == LS_SCRIPT_FOREIGN_KEY ?
				&d->table->constraints[d->item] : NULL;
			if (!fk || !ls_same(fk->ref_schema, schema) || !ls_same(fk->ref_table, table) ||
					!pl_same_options(fk->ref_columns, fk->n_ref_columns, ok->columns, ok->n_columns)) {
				i++;
				continue;
			}
			if ((rc = drop_deferred_at(s, i)) < 0)
				goto done;
		}
		for (size_t i = 0; i < s->n_deferred; i++)
			if (s->deferred[i] == old) {
				if ((rc = drop_deferred_at(s, i)) < 0)
					goto done;
				break;
			}
	}
	ls_buf_printf(&b, "ALTER TABLE ONLY %s\n    ADD CONSTRAINT ", qt);
	ls_buf_ident(&b, k->name);
	ls_buf_printf(&b, " %s USING INDEX ", k->type == 'p' ? "PRIMARY KEY" : "UNIQUE");
	ls_buf_ident(&b, tmp);
	if (k->deferrable)
		ls_buf_put(&b, k->deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE");
	ls_buf_put(&b, ";\n");
	const char *swap = ls_buf_take(&b);
	ls_buf_printf(&b, "ALTER TABLE ONLY %s DROP CONSTRAINT ", qt);
	ls_buf_ident(&b, k->name);
	ls_buf_put(&b, ";\n");
	const char *unswap = ls_buf_take(&b);
	if ((rc = pl_emit(s, &st, old ? "swap key using index" : "add key using index",
			pl_node_name(s, t), swap, unswap)) < 0)
		goto done;
	st->recipe = "key using index";
	st->plain = plain;
	pl_lock(s, st, qt, "AccessExclusiveLock");
	for (size_t i = 0; i < n_fks; i++) {
		record(s, fks[i]);
		if ((rc = pl_drop_deferred(s, fks[i]->key)) < 0 ||
				(rc = pl_recipe_fk_not_valid(s, fks[i])) < 0)
			goto done;
		s->tstate[fks[i] - s->st->nodes] = PL_KEEP;
	}
	pl_unit_end(s);

	/* 3. the validations */
	for (size_t i = 0; i < n_fks; i++)
		if ((rc = pl_recipe_validate(s, fks[i])) < 0)
			return rc;
	return 0;
done:
	pl_unit_end(s);
	return rc;
}

/* The partition recipes (recipes.h): a partition created or dropped beside
 * a default partition keeps every row of the table.
 *
 * - Created: CREATE TABLE ... PARTITION OF fails when the default
 *   partition holds rows of the new bounds. In one transaction, under
 *   AccessExclusiveLock on the parent and the default partition: those
 *   rows are moved into a temporary table (DELETE ... RETURNING), the
 *   partition is created (the server's scan of the default partition now
 *   finds none), and the rows are inserted again through the parent, which
 *   routes them into the new partition.
 * - Dropped: DROP TABLE of a partition loses its rows where the default
 *   partition would take them. In one transaction: DETACH, the rows
 *   inserted through the parent (into the default partition), DROP.
 * Each is the other's undo. Not taken (the plain statement, as before) for
 * a key with expressions, where foreign keys reference the parent (the
 * DELETE would trip them) or where the parent or the default partition has
 * triggers (they would fire for rows that only move).
 */
#define _POSIX_C_SOURCE 200809L
#include "recipes.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lockstep/buf.h"
#include "lockstep/str.h"

/* The items of the parenthesized list starting at *p ("(a, 'x,y', f(1))"),
 * split at its top-level commas, trimmed; *p moves past the ")". NULL
 * when the text is not such a list. */
static const char **list_items(pl_side *s, const char **p, size_t *n)
{
	const char *q = *p;
	*n = 0;
	if (*q != '(')
		return NULL;
	const char **items = NULL;
	const char *start = ++q;
	int depth = 0;
	for (;; q++) {
		if (!*q)
			return NULL;
		if (*q == '\'' || *q == '"') {
			char c = *q;
			/* a doubled quote stays inside */
			for (q++; *q && (*q != c || q[1] == c); q++)
				if (*q == c)
					q++;
			if (!*q)
				return NULL;
			continue;
		}
		if (*q == '(') {
			depth++;
			continue;
		}
		if (*q == ')' && depth > 0) {
			depth--;
			continue;
		}
		if (*q == ',' || *q == ')') {
			const char *a = start, *b = q;
			while (a < b && isspace((unsigned char)*a))
				a++;
			while (b > a && isspace((unsigned char)b[-1]))
				b--;
			const char **x = ls_arena_push(s->a, (void **)&items, n, sizeof *x);
			if (!x || a == b)
				return NULL;
			*x = ls_arena_strndup(s->a, a, (size_t)(b - a));
			if (*q == ')')
				break;
			start = q + 1;
		}
	}
	*p = q + 1;
	return items;
}

/* Whether item is a column name as a key spells one: an identifier,
 * bare or quoted. */
static bool is_column(const char *item)
{
	if (item[0] == '"') {
		size_t n = strlen(item);
		return n >= 2 && item[n - 1] == '"';
	}
	for (const char *c = item; *c; c++)
		if (!(islower((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_' ||
				*c == '$') || (c == item && isdigit((unsigned char)*c)))
			return false;
	return *item != '\0';
}

/* "ROW(a, b)" of the first n items. */
static const char *row(pl_side *s, const char *const *items, size_t n)
{
	ls_buf b = {.a = s->a};
	ls_buf_put(&b, "ROW(");
	for (size_t i = 0; i < n; i++)
		ls_buf_printf(&b, "%s%s", i ? ", " : "", items[i]);
	ls_buf_put(&b, ")");
	return ls_buf_take(&b);
}

/* One side of a range bound: the condition on the key columns that a row
 * above (lower) or below (upper) it meets. The first MINVALUE or MAXVALUE
 * ends the comparison (every value is above MINVALUE, below MAXVALUE);
 * "true" or "false" when it is the first item. */
static const char *range_side(pl_side *s, const char *const *keys, const char *const *vals,
		size_t n, bool lower)
{
	size_t m = 0;
	while (m < n && !ls_same(vals[m], "MINVALUE") && !ls_same(vals[m], "MAXVALUE"))
		m++;
	const char *op;
	if (m == n)
		op = lower ? ">=" : "<";
	else if (ls_same(vals[m], "MINVALUE"))
		op = lower ? ">=" : "<";
	else
		op = lower ? ">" : "<=";
	if (m == 0)
		return (lower ? ls_same(vals[0], "MINVALUE") : ls_same(vals[0], "MAXVALUE")) ?
			"true" : "false";
	return ls_arena_printf(s->a, "%s OPERATOR(pg_catalog.%s) %s", row(s, keys, m), op,
			row(s, vals, m));
}

/* The rows of partition bound `bound` ("FOR VALUES IN (...)", "FOR VALUES
 * FROM (...) TO (...)") of a table partitioned by `key` ("LIST (a)",
 * "RANGE (a, b)"), as a condition over the key's columns; NULL when the
 * key has an expression or a collation or operator class, or the bound
 * is not one of those (HASH has no default partition to move rows out
 * of). */
const char *pl_bound_rows(pl_side *s, const char *key, const char *bound)
{
	bool list = !strncmp(key, "LIST ", 5), range = !strncmp(key, "RANGE ", 6);
	if (!list && !range)
		return NULL;
	const char *p = key + (list ? 5 : 6);
	size_t nk;
	const char **keys = list_items(s, &p, &nk);
	if (!keys || *p)
		return NULL;
	for (size_t i = 0; i < nk; i++)
		if (!is_column(keys[i]))
			return NULL;
	if (list) {
		p = bound;
		if (nk != 1 || strncmp(p, "FOR VALUES IN ", 14))
			return NULL;
		p += 14;
		size_t nv;
		const char **vals = list_items(s, &p, &nv);
		if (!vals || *p)
			return NULL;
		ls_buf b = {.a = s->a};
		bool null = false;
		size_t n = 0;
		for (size_t i = 0; i < nv; i++) {
			if (ls_same(vals[i], "NULL")) {
				null = true;
				continue;
			}
			/* pg_catalog's operator: the user's of the same name may come
			 * first in the search path (prechecks.sql) */
			ls_buf_printf(&b, "%s%s OPERATOR(pg_catalog.=) %s", n++ ? " OR " : "", keys[0],
					vals[i]);
		}
		const char *in = ls_buf_take(&b);
		if (null)
			return n ? ls_arena_printf(s->a, "(%s OR %s IS NULL)", in, keys[0]) :
				ls_arena_printf(s->a, "%s IS NULL", keys[0]);
		/* a NULL key is in no such partition: said, so that NOT (rows)
		 * finds it, and a CHECK of rows implies the partition constraint
		 * (which has the IS NOT NULL) */
		return ls_arena_printf(s->a, "(%s IS NOT NULL AND (%s))", keys[0], in);
	}
	p = bound;
	if (strncmp(p, "FOR VALUES FROM ", 16))
		return NULL;
	p += 16;
	size_t nl, nu;
	const char **lo = list_items(s, &p, &nl);
	if (!lo || strncmp(p, " TO ", 4))
		return NULL;
	p += 4;
	const char **hi = list_items(s, &p, &nu);
	if (!hi || *p || nl != nk || nu != nk)
		return NULL;
	/* a range partition takes no NULL key */
	ls_buf b = {.a = s->a};
	for (size_t i = 0; i < nk; i++)
		ls_buf_printf(&b, "%s IS NOT NULL AND ", keys[i]);
	ls_buf_printf(&b, "%s AND %s", range_side(s, keys, lo, nk, true),
			range_side(s, keys, hi, nk, false));
	return ls_buf_take(&b);
}

/* Whether a table of work has a trigger, or a foreign key of work points
 * at it. */
static bool rows_watched(pl_side *s, const ls_table *t)
{
	if (t->n_triggers)
		return true;
	for (size_t i = 0; i < s->work->n_tables; i++) {
		const ls_table *o = &s->work->tables[i];
		for (size_t j = 0; j < o->n_constraints; j++)
			if (o->constraints[j].type == 'f' && ls_same(o->constraints[j].ref_schema, t->schema) &&
					ls_same(o->constraints[j].ref_table, t->name))
				return true;
	}
	return false;
}

/* The default partition of work's parent of partition t (other than t),
 * when the recipe can move rows through it: NULL otherwise. */
static const ls_table *default_partition(pl_side *s, const ls_table *t, const ls_table **parent)
{
	*parent = t->parent_table ? ls_catalog_find_table(s->work, t->parent_schema,
			t->parent_table) : NULL;
	if (!*parent || !(*parent)->partition_key || rows_watched(s, *parent))
		return NULL;
	for (size_t i = 0; i < s->work->n_tables; i++) {
		const ls_table *d = &s->work->tables[i];
		if (d->parent_table && ls_same(d->parent_schema, t->parent_schema) &&
				ls_same(d->parent_table, t->parent_table) &&
				ls_same(d->partition_bound, "DEFAULT") &&
				!(ls_same(d->schema, t->schema) && ls_same(d->name, t->name)))
			/* one that held rows before the plan, and that the plan keeps
			 * with its parent */
			return ls_catalog_find_table(s->cur, d->schema, d->name) && !d->n_triggers &&
				ls_catalog_find_table(s->to, d->schema, d->name) &&
				ls_catalog_find_table(s->to, (*parent)->schema, (*parent)->name) ? d : NULL;
	}
	return NULL;
}

/* INSERT INTO parent (its columns but generated ones) SELECT them FROM
 * source: through the parent, which routes each row; identity values
 * kept. */
static const char *insert_through(pl_side *s, const ls_table *parent, const char *source)
{
	ls_buf cols = {.a = s->a};
	bool always = false;
	size_t n = 0;
	for (size_t i = 0; i < parent->n_columns; i++) {
		const ls_column *c = &parent->columns[i];
		if (c->generated)
			continue;
		always = always || c->identity == 'a';
		ls_buf_printf(&cols, "%s%s", n++ ? ", " : "", ls_quote_ident(s->a, c->name));
	}
	const char *list = ls_buf_take(&cols);
	return ls_arena_printf(s->a, "INSERT INTO %s (%s)%s\n    SELECT %s FROM %s;\n",
			pl_qname(s, parent->schema, parent->name), list,
			always ? " OVERRIDING SYSTEM VALUE" : "", list, source);
}

/* The two statements of the recipe for partition t of parent beside the
 * default partition d, the rows of t's bounds being `rows`. */
static const char *create_sql(pl_side *s, const ls_table *parent, const ls_table *d,
		const char *create, const char *rows, unsigned n)
{
	const char *qp = pl_qname(s, parent->schema, parent->name), *qd = pl_qname(s, d->schema,
			d->name);
	const char *tmp = ls_arena_printf(s->a, "lockstep_rows_%u", n);
	ls_buf b = {.a = s->a};
	ls_buf_printf(&b, "LOCK TABLE ONLY %s, ONLY %s IN ACCESS EXCLUSIVE MODE;\n", qp, qd);
	ls_buf_printf(&b, "CREATE TEMPORARY TABLE %s ON COMMIT DROP AS SELECT * FROM %s WITH NO DATA;\n",
			tmp, qd);
	ls_buf_printf(&b, "WITH moved AS (DELETE FROM %s WHERE %s RETURNING *)\n"
			"    INSERT INTO %s SELECT * FROM moved;\n", qd, rows, tmp);
	ls_buf_put(&b, create);
	ls_buf_put(&b, insert_through(s, parent, tmp));
	return ls_buf_take(&b);
}

/* The default partition is locked first, with its own partitions (LOCK
 * TABLE recurses), so that what the rows' routing locks does not depend on
 * the rows. */
static const char *drop_sql(pl_side *s, const ls_table *parent, const ls_table *d,
		const ls_table *t)
{
	const char *qp = pl_qname(s, parent->schema, parent->name), *qt = pl_qname(s, t->schema,
			t->name);
	return ls_arena_printf(s->a, "LOCK TABLE %s IN ROW EXCLUSIVE MODE;\n"
			"ALTER TABLE %s DETACH PARTITION %s;\n%sDROP TABLE %s;\n",
			pl_qname(s, d->schema, d->name), qp, qt, insert_through(s, parent, qt), qt);
}

int pl_recipe_partition_create(pl_side *s, const ls_script_node *t, const char *action,
		bool *done)
{
	*done = false;
	const ls_table *tt = t->obj, *parent, *d;
	if (t->kind != LS_SCRIPT_TABLE || !tt->parent_table || !tt->partition_bound ||
			!(d = default_partition(s, tt, &parent)))
		return 0;
	const char *rows = pl_bound_rows(s, parent->partition_key, tt->partition_bound);
	if (!rows)
		return 0;
	unsigned n = (unsigned)s->n_steps + 1;
	const char *sql = create_sql(s, parent, d, t->sql, rows, n);
	/* the undo moves the rows back */
	const char *back = drop_sql(s, parent, d, tt);
	ls_step *st;
	int rc = pl_emit(s, &st, action, pl_node_name(s, t), sql, back);
	if (rc < 0)
		return rc;
	*done = true;
	st->recipe = "partition beside a default partition";
	st->plain = ls_arena_printf(s->a, "CREATE TABLE ... PARTITION OF %s fails when the default "
			"partition holds rows of the new bounds", pl_qname(s, tt->parent_schema,
			tt->parent_table));
	pl_node_effects(s, st, t, true);
	return 0;
}

int pl_recipe_partition_drop(pl_side *s, const ls_script_node *n, const char *action,
		bool *done)
{
	*done = false;
	const ls_table *ft = n->obj, *parent, *d;
	if (n->kind != LS_SCRIPT_TABLE || !ft->parent_table || !ft->partition_bound ||
			!ls_catalog_find_table(s->cur, ft->schema, ft->name) ||
			!(d = default_partition(s, ft, &parent)))
		return 0;
	const char *rows = pl_bound_rows(s, parent->partition_key, ft->partition_bound);
	if (!rows)
		return 0;
	const char *sql = drop_sql(s, parent, d, ft);
	unsigned k = (unsigned)s->n_steps + 1;
	const char *back = create_sql(s, parent, d, n->sql, rows, k);
	/* the step moves work's tables: d is gone from where it points */
	const char *ds = ls_arena_strdup(s->a, d->schema), *dn = ls_arena_strdup(s->a, d->name);
	ls_step *st;
	int rc = pl_emit(s, &st, action, pl_node_name(s, n), sql, back);
	if (rc < 0)
		return rc;
	*done = true;
	st->recipe = "partition beside a default partition";
	st->plain = ls_arena_printf(s->a, "DROP TABLE %s loses its rows", pl_node_name(s, n));
	pl_node_effects(s, st, n, false);
	pl_work(s, st, LS_WORK_COPY, ft->schema, ft->name);
	/* the rows go to the default partition (and on to its own
	 * partitions): none is lost */
	pl_lock_partitions(s, st, s->work, ds, dn, "RowExclusiveLock");
	st->loses = NULL;
	st->risk = "high";
	return 0;
}

/* The partitioned index recipe (recipes.h): an index created on a
 * partitioned table that holds rows, built without blocking writes.
 *
 * The plain CREATE INDEX on the partitioned table builds the index of every
 * partition under ShareLock on each: writes wait for all the builds. The
 * recipe:
 *   1. CREATE INDEX CONCURRENTLY on each partition, under the name the
 *      plain statement would have given it (ShareUpdateExclusiveLock,
 *      outside a transaction);
 *   2. one short transaction: CREATE INDEX ... ON ONLY the partitioned table
 *      (catalog only: ShareLock on it alone, for the catalog change) and
 *      ALTER INDEX ... ATTACH PARTITION of each partition's index
 *      (AccessShareLock on both tables); the index is valid once every
 *      partition's is attached.
 * Only for partitioned tables whose partitions are all plain tables (a
 * partition that is itself partitioned: the plain statement, as planned).
 * PostgreSQL cannot detach an index partition: the transaction is undone
 * by dropping the index and building the partitions' again, blocking
 * writes (down.sql from a stop after it; from TO, the down plan drops the
 * index as usual).
 */
#define _POSIX_C_SOURCE 200809L
#include "recipes.h"

#include <stdio.h>
#include <string.h>

#include "lockstep/buf.h"
#include "lockstep/str.h"

/* The names the plain statement gives the partitions' indexes, found by
 * running it on a copy of work: (partition, index) pairs in *out. */
static int partition_names(pl_side *s, const ls_index *x, const char *sql,
		const ls_table ***parts, const char ***names, size_t *n)
{
	ls_catalog *c = NULL;
	ls_error e;
	ls_error_clear(&e);
	*n = 0;
	*parts = NULL;
	*names = NULL;
	int rc = pl_clone(&c, s->work, s->err);
	if (rc < 0)
		return rc;
	if (pl_apply(c, sql, "partition index names", &e) < 0) {
		ls_catalog_free(c);
		return e.code == LS_ENOMEM ? ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0,
				"out of memory") : 0;
	}
	for (size_t i = 0; i < c->n_indexes; i++) {
		const ls_index *y = &c->indexes[i];
		if (!y->parent_index || !ls_same(y->parent_index, x->name) ||
				!ls_same(y->schema, x->schema))
			continue;
		const ls_table *p = ls_catalog_find_table(s->work, y->schema, y->table);
		size_t n_names = *n;
		const ls_table **tp = ls_arena_push(s->a, (void **)parts, n, sizeof *tp);
		const char **np = ls_arena_push(s->a, (void **)names, &n_names, sizeof *np);
		if (!tp || !np || !p)
			break;
		*tp = p;
		*np = ls_arena_strdup(s->a, y->name);
	}
	ls_catalog_free(c);
	if (ls_arena_failed(s->a))
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	return 0;
}

int pl_recipe_partitioned_index(pl_side *s, const ls_script_node *t, bool *done)
{
	*done = false;
	const ls_index *x = t->obj;
	if (s->plain || !ls_catalog_find_table(s->cur, x->schema, x->table))
		return 0;
	const ls_table *w = ls_catalog_find_table(s->work, x->schema, x->table);
	if (!w || w->kind != LS_TABLE_PARTITIONED || w->parent_table)
		return 0;
	/* the node's statement: CREATE [UNIQUE] INDEX name ON schema.table rest */
	const char *qi = ls_quote_ident(s->a, x->name), *qt = pl_qname(s, x->schema, x->table);
	const char *head = ls_arena_printf(s->a, "CREATE %sINDEX %s ON %s ", x->unique ? "UNIQUE " : "",
			qi, qt);
	if (!head || strncmp(t->sql, head, strlen(head)) != 0)
		return 0;
	const char *rest = t->sql + strlen(head);
	/* every partition a plain table, each given its index */
	size_t n_parts = 0;
	for (size_t i = 0; i < s->work->n_tables; i++) {
		const ls_table *p = &s->work->tables[i];
		if (!p->parent_table || !ls_same(p->parent_schema, w->schema) ||
				!ls_same(p->parent_table, w->name))
			continue;
		if (p->kind != LS_TABLE_REGULAR)
			return 0;
		n_parts++;
	}
	const ls_table **parts;
	const char **names;
	size_t n;
	int rc = partition_names(s, x, t->sql, &parts, &names, &n);
	if (rc < 0 || n != n_parts || n == 0)
		return rc;
	*done = true;
	const char *plain = ls_arena_printf(s->a, "CREATE INDEX %s ON %s builds each partition's index "
			"under ShareLock on it: writes wait for all the builds", qi, qt);
	ls_step *st;
	for (size_t i = 0; i < n; i++) {
		const char *qp = pl_qname(s, parts[i]->schema, parts[i]->name);
		const char *qc = pl_qname(s, parts[i]->schema, names[i]);
		/* a partition's own index that matches is attached as it is, as
		 * the plain statement does */
		if (ls_catalog_find_index(s->work, parts[i]->schema, names[i]))
			continue;
		const char *sql = ls_arena_printf(s->a, "CREATE %sINDEX CONCURRENTLY %s ON %s %s",
				x->unique ? "UNIQUE " : "", ls_quote_ident(s->a, names[i]), qp, rest);
		if ((rc = pl_emit_concurrent_build(s, &st, "build partition index concurrently", qc,
				sql, qp, "partitioned index, partition by partition", plain)) < 0)
			return rc;
		pl_work(s, st, LS_WORK_INDEX, parts[i]->schema, parts[i]->name);
	}
	/* undone by dropping the index, which takes the partitions' along,
	 * and building theirs again (in the undo's transaction: writes wait;
	 * PostgreSQL cannot detach an index partition) */
	ls_buf back = {.a = s->a};
	ls_buf_printf(&back, "DROP INDEX %s;\n", pl_qname(s, x->schema, x->name));
	for (size_t i = 0; i < n; i++)
		ls_buf_printf(&back, "CREATE %sINDEX %s ON %s %s", x->unique ? "UNIQUE " : "",
				ls_quote_ident(s->a, names[i]), pl_qname(s, parts[i]->schema, parts[i]->name),
				rest);
	pl_unit_begin(s);
	const char *only = ls_arena_printf(s->a, "CREATE %sINDEX %s ON ONLY %s %s",
			x->unique ? "UNIQUE " : "", qi, qt, rest);
	if ((rc = pl_emit(s, &st, "create index on only", pl_qname(s, x->schema, x->name), only,
			ls_buf_take(&back))) < 0)
		goto done;
	st->recipe = "partitioned index, partition by partition";
	st->plain = plain;
	pl_lock(s, st, qt, "ShareLock");
	for (size_t i = 0; i < n; i++) {
		const char *qc = pl_qname(s, parts[i]->schema, names[i]);
		const char *sql = ls_arena_printf(s->a, "ALTER INDEX %s ATTACH PARTITION %s;\n",
				pl_qname(s, x->schema, x->name), qc);
		/* undone with the index on only (above) */
		if ((rc = pl_emit(s, &st, "attach partition index", qc, sql, "")) < 0)
			goto done;
		st->recipe = "partitioned index, partition by partition";
		st->plain = plain;
		pl_lock(s, st, qt, "AccessShareLock");
		pl_lock(s, st, pl_qname(s, parts[i]->schema, parts[i]->name), "AccessShareLock");
	}
done:
	pl_unit_end(s);
	return rc;
}

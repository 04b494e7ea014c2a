/* The partition swap's copy (swap.h): the write-through trigger, the
 * batched copy and the vacuum after it, steps 2 to 3b of swap.c's recipe;
 * and the trigger that writes the new table's changes back after the swap. */
#define _POSIX_C_SOURCE 200809L
#include "swap.h"

#include <string.h>

#include "lockstep/str.h"

static const char *column_list(swap *x, const char *prefix)
{
	ls_buf b = {.a = x->s->a};
	for (size_t i = 0; i < x->n_cols; i++)
		ls_buf_printf(&b, "%s%s%s", i ? ", " : "", prefix, ls_quote_ident(x->s->a, x->cols[i]));
	return ls_buf_take(&b);
}

static const char *overriding(swap *x)
{
	return x->always ? " OVERRIDING SYSTEM VALUE" : "";
}

/* The upsert of one row (prefix "NEW.") into target, on target's key.
 * When the source's key (skey) does not make rows unique on target's, a
 * conflict may be another row: then the write fails, loudly, rather than
 * overwrite it. */
static const char *upsert(swap *x, const char *target, const char *const *key, size_t nk,
		const char *const *skey, size_t ns)
{
	pl_side *s = x->s;
	bool unique = pl_swap_covers(key, nk, skey, ns);
	ls_buf b = {.a = s->a};
	ls_buf_printf(&b, "INSERT INTO %s AS t (%s)%s VALUES (%s)\n      ON CONFLICT (%s) DO ", target,
			column_list(x, ""), overriding(x), column_list(x, "NEW."),
			column_list(&(swap){.s = s, .cols = (const char **)key, .n_cols = nk}, ""));
	size_t n = 0;
	for (size_t i = 0; i < x->n_cols; i++) {
		bool in_key = false;
		for (size_t k = 0; k < nk; k++)
			in_key = in_key || ls_same(key[k], x->cols[i]);
		if (in_key && unique)
			continue;
		const char *c = ls_quote_ident(s->a, x->cols[i]);
		ls_buf_printf(&b, "%s%s = EXCLUDED.%s", n++ ? ", " : "UPDATE SET ", c, c);
	}
	if (!n)
		ls_buf_put(&b, "NOTHING");
	if (!unique) {
		ls_buf_printf(&b, "\n      WHERE %s = %s;\n", pl_swap_tuple(s, "t.", skey, ns),
				pl_swap_tuple(s, "EXCLUDED.", skey, ns));
		ls_buf_put(&b, "    IF NOT FOUND THEN\n      RAISE EXCEPTION USING ERRCODE = "
				"'unique_violation', MESSAGE = 'lockstep partition swap: the row duplicates "
				"the key of another in the table it becomes';\n    END IF;\n");
		return ls_buf_take(&b);
	}
	ls_buf_put(&b, ";\n");
	return ls_buf_take(&b);
}

/* The trigger on table `on` that writes every change through to target
 * (key: target's primary key; skey: on's), and its function func. With
 * `until`, it writes only while relation `until` exists (the old table's
 * name aside: the write-back works after the swap only). */
const char *pl_swap_sync_sql(swap *x, const char *on, const char *target, const char *const *key,
		size_t nk, const char *const *skey, size_t ns, const char *func, const char *trigger,
		const char *until)
{
	pl_side *s = x->s;
	/* the row OLD was in target: its key and on's, together (on TO's
	 * narrower key alone, a delete would take a twin copied from another
	 * row of on, which the swap then misses) */
	const char **both = NULL;
	size_t nb = 0;
	for (size_t i = 0; i < nk + ns; i++) {
		const char *c = i < nk ? key[i] : skey[i - nk];
		if (i >= nk && pl_swap_covers(key, nk, &c, 1))
			continue;
		const char **p = ls_arena_push(s->a, (void **)&both, &nb, sizeof *p);
		if (p)
			*p = c;
	}
	const char *tk = pl_swap_tuple(s, "", both, nb), *ok = pl_swap_tuple(s, "OLD.", both, nb);
	ls_buf b = {.a = s->a};
	ls_buf_printf(&b, "CREATE FUNCTION %s() RETURNS trigger\n"
			"    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp\n"
			"    AS $lockstep$\nBEGIN\n", func);
	if (until) {
		ls_buf_put(&b, "  IF pg_catalog.to_regclass(");
		/* a literal inside the dollar-quoted body */
		ls_buf_literal(&b, until);
		ls_buf_put(&b, ") IS NULL THEN\n    RETURN NULL;\n  END IF;\n");
	}
	ls_buf_printf(&b, "  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n"
			"    DELETE FROM %s WHERE %s = %s;\n"
			"  END IF;\n"
			"  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n    %s"
			"  END IF;\n  RETURN NULL;\nEND\n$lockstep$;\n", target, tk, ok,
			upsert(x, target, key, nk, skey, ns));
	ls_buf_printf(&b, "CREATE TRIGGER %s AFTER INSERT OR UPDATE OR DELETE ON %s\n"
			"    FOR EACH ROW EXECUTE FUNCTION %s();\n", trigger, on, func);
	return ls_buf_take(&b);
}

const char *pl_swap_unsync_sql(swap *x, const char *on, const char *func, const char *trigger)
{
	return ls_arena_printf(x->s->a, "DROP TRIGGER %s ON %s;\nDROP FUNCTION %s();\n", trigger,
			on, func);
}

/* Step 2: the trigger that writes the application's changes through. */
int pl_swap_sync(swap *x)
{
	pl_side *s = x->s;
	ls_step *st;
	int rc = pl_emit(s, &st, "swap: write changes through", x->q,
			pl_swap_sync_sql(x, x->q, x->qnew, x->tkey, x->n_tkey, x->okey, x->n_okey, x->qfunc, x->trigger,
			NULL), pl_swap_unsync_sql(x, x->q, x->qfunc, x->trigger));
	if (rc < 0)
		return rc;
	st->recipe = "partition swap";
	st->risk = "low";
	pl_lock(s, st, x->q, "ShareRowExclusiveLock");
	pl_lock_partitions(s, st, s->work, x->schema, x->name, "ShareRowExclusiveLock");
	return 0;
}

/* One batch of the copy: the batch's last key into hi, then its rows
 * copied (cond: the rows past the last batch's, or every row for the
 * first), committed. */
static void batch(swap *x, ls_buf *b, const char *cond, const char *k, const char *kt,
		const char *desc, const char *h, const char *ht, const char *l, const char *v)
{
	const char *cols = column_list(x, "");
	ls_buf_printf(b, "    SELECT %s INTO %s FROM (SELECT %s FROM %s\n"
			"        %s ORDER BY %s LIMIT 10000) AS batch\n"
			"      ORDER BY %s LIMIT 1;\n"
			"    EXIT WHEN NOT FOUND;\n"
			"    BEGIN\n"
			"      INSERT INTO %s (%s)%s\n"
			"        SELECT %s FROM %s\n"
			"        %s%s %s <= %s\n"
			"        FOR SHARE\n"
			"        ON CONFLICT (%s) DO NOTHING;\n"
			"      GET DIAGNOSTICS %sn = ROW_COUNT;\n"
			"    EXCEPTION WHEN serialization_failure THEN\n"
			"      -- a row of the batch moved to another partition as it was locked\n"
			"      %sn := NULL;\n"
			"    END;\n"
			"    IF %sn IS NULL THEN\n"
			"      %sretries := %sretries + 1;\n"
			"      IF %sretries > 1000 THEN\n"
			"        RAISE EXCEPTION 'lockstep partition swap: a batch of the copy failed 1000 "
			"times: rows of it keep moving to other partitions';\n"
			"      END IF;\n"
			"      COMMIT;\n"
			"      CONTINUE;\n"
			"    END IF;\n"
			"    %stotal := %stotal + %sn;\n"
			"    RAISE INFO 'lockstep: %% rows copied', %stotal;\n"
			"    COMMIT;\n"
			"    SELECT %s INTO %s;\n",
			k, h, k, x->q, cond, k, desc, x->qnew, cols, overriding(x), cols, x->q,
			*cond ? cond : "WHERE", *cond ? " AND" : "", kt, ht,
			column_list(&(swap){.s = x->s, .cols = (const char **)x->tkey, .n_cols = x->n_tkey}, ""),
			v, v, v, v, v, v, v, v, v, v, h, l);
}

/* Step 3: the copy, batch by batch in the old key's order, each batch
 * committed (a DO block at top level may COMMIT). The first batch and the
 * others are written apart: a condition that is true for the first made
 * the server's generic plan scan from the start every time. */
/* The prefix of the copy's variables: no column of the table starts with
 * it, so that no name in the batches' statements is both a column and a
 * variable (PL/pgSQL refuses such a name). */
static const char *var_prefix(swap *x)
{
	for (unsigned n = 0;; n++) {
		const char *p = n ? ls_arena_printf(x->s->a, "lockstep%u_", n) : "lockstep_";
		bool taken = false;
		for (size_t i = 0; p && i < x->w->n_columns && !taken; i++)
			taken = !strncmp(x->w->columns[i].name, p, strlen(p));
		if (!p || !taken)
			return p;
	}
}

int pl_swap_copy(swap *x)
{
	pl_side *s = x->s;
	const char *v = var_prefix(x);
	if (!v)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	ls_buf decl = {.a = s->a}, hi = {.a = s->a}, lo = {.a = s->a}, keys = {.a = s->a},
		desc = {.a = s->a};
	for (size_t i = 0; i < x->n_okey; i++) {
		const char *c = ls_quote_ident(s->a, x->okey[i]);
		ls_buf_printf(&decl, "  %slo_%zu %s.%s%%TYPE;\n  %shi_%zu %s.%s%%TYPE;\n", v, i, x->q, c,
				v, i, x->q, c);
		ls_buf_printf(&hi, "%s%shi_%zu", i ? ", " : "", v, i);
		ls_buf_printf(&lo, "%s%slo_%zu", i ? ", " : "", v, i);
		ls_buf_printf(&keys, "%s%s", i ? ", " : "", c);
		ls_buf_printf(&desc, "%s%s DESC", i ? ", " : "", c);
	}
	const char *h = ls_buf_take(&hi), *l = ls_buf_take(&lo), *k = ls_buf_take(&keys);
	const char *d = ls_buf_take(&desc);
	bool one = x->n_okey == 1;
	const char *kt = one ? k : ls_arena_printf(s->a, "(%s)", k);
	const char *lt = one ? l : ls_arena_printf(s->a, "(%s)", l);
	const char *ht = one ? h : ls_arena_printf(s->a, "(%s)", h);
	ls_buf b = {.a = s->a};
	ls_buf_printf(&b, "DO $lockstep$\nDECLARE\n%s  %sn bigint;\n  %stotal bigint := 0;\n"
			"  %sretries integer := 0;\nBEGIN\n"
			"  LOOP -- the first batch\n", ls_buf_take(&decl), v, v, v);
	batch(x, &b, "", k, kt, d, h, ht, l, v);
	ls_buf_put(&b, "    EXIT;\n  END LOOP;\n  IF NOT FOUND THEN\n    RETURN;\n  END IF;\n"
			"  LOOP -- the batches past it\n");
	batch(x, &b, ls_arena_printf(s->a, "WHERE %s > %s", kt, lt), k, kt, d, h, ht, l, v);
	ls_buf_put(&b, "  END LOOP;\nEND\n$lockstep$;\n");
	const char *sql = ls_buf_take(&b);
	if (!sql)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	ls_step *st;
	int rc = pl_emit(s, &st, "swap: copy the rows", x->qnew, sql,
			ls_arena_printf(s->a, "TRUNCATE %s;\n", x->qnew));
	if (rc < 0)
		return rc;
	st->transactional = false;
	/* a copy that stopped goes on from the rows it has (ON CONFLICT DO
	 * NOTHING); down.sql then empties the new table */
	st->repeatable = true;
	st->scans = true;
	pl_work(s, st, LS_WORK_COPY, x->schema, x->name);
	st->risk = "medium";
	st->recipe = "partition swap";
	pl_lock(s, st, x->q, "RowShareLock");
	pl_lock_partitions(s, st, s->work, x->schema, x->name, "RowShareLock");
	pl_lock(s, st, x->qnew, "RowExclusiveLock");
	pl_lock_partitions(s, st, s->work, x->schema, x->new_name, "RowExclusiveLock");
	return 0;
}

/* Step 3b: VACUUM (ANALYZE) of the new table, its partitions with it: the
 * copy filled them, and autovacuum would come to each soon after; its
 * ShareUpdateExclusiveLock there, given up only after deadlock_timeout,
 * made the swap's and the drop's short lock_timeout run out again and again
 * (tests/bench/partition_swap.sh, 2M rows). The new table also goes live
 * with statistics. */
int pl_swap_vacuum(swap *x)
{
	pl_side *s = x->s;
	const char *none = "-- nothing: VACUUM changes no catalog\n";
	ls_step *st;
	int rc = pl_emit(s, &st, "swap: vacuum and analyze the new table", x->qnew,
			ls_arena_printf(s->a, "VACUUM (ANALYZE) %s;\n", x->qnew), none);
	if (rc < 0)
		return rc;
	st->transactional = false;
	st->repeatable = true;
	st->scans = true;
	pl_work(s, st, LS_WORK_SCAN, x->schema, x->new_name);
	st->risk = "low";
	st->recipe = "partition swap";
	pl_lock(s, st, x->qnew, "ShareUpdateExclusiveLock");
	pl_lock_partitions(s, st, s->work, x->schema, x->new_name, "ShareUpdateExclusiveLock");
	return 0;
}

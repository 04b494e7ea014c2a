/* Transaction groups: which steps run together, what each group locks and
 * for how long, and whether it can be undone from its end (plan_int.h).
 *
 * A group is the unit up.sql and down.sql run and record in the ledger:
 * the database is only ever left between two groups. A group that blocks
 * writes (a lock mode from ShareLock up) waits for its locks a short
 * lock_timeout, so that the queue it heads behind the application's
 * transactions stays short; a failure there is retried by running the
 * script again. Work that blocks nobody (a concurrent index build, a
 * validation under ShareUpdateExclusiveLock) may wait longer.
 */
#define _POSIX_C_SOURCE 200809L
#include "plan_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockstep/str.h"

void pl_unit_begin(pl_side *s)
{
	s->unit = true;
	s->open = false;
}

void pl_unit_break(pl_side *s)
{
	s->open = false;
}

void pl_unit_end(pl_side *s)
{
	s->unit = false;
	s->open = false;
}

/* Whether a lock mode keeps the application from writing. */
static bool blocks_writes(const char *mode)
{
	return ls_same(mode, "ShareLock") || ls_same(mode, "ShareRowExclusiveLock") ||
		ls_same(mode, "ExclusiveLock") || ls_same(mode, "AccessExclusiveLock");
}

/* What a group blocks and while doing what, in words. */
static const char *window(ls_arena *a, const ls_group *g, bool writes)
{
	if (g->exclusive)
		return g->long_work ?
			"blocks reads and writes of the tables it locks for the whole scan or rewrite" :
			"blocks reads and writes of the tables it locks for its catalog changes only";
	if (writes)
		return g->long_work ? "blocks writes of the tables it locks for the whole scan or build" :
			"blocks writes of the tables it locks for its catalog changes only";
	(void)a;
	return g->long_work ? "blocks no reads or writes (long work under a weak lock)" :
		"blocks no reads or writes";
}

/* The groups of the side's steps, merged by group number; a step outside
 * a transaction stands alone. */
static int split(pl_side *s, ls_plan_side *side)
{
	size_t prev = 0;
	bool prev_tx = false;
	for (size_t i = 0; i < s->n_steps; i++) {
		ls_step *st = &s->steps[i];
		bool join = i > 0 && st->group == prev && st->transactional && prev_tx;
		prev = st->group;
		prev_tx = st->transactional;
		if (!join) {
			ls_group *g = ls_arena_push(s->a, (void **)&side->groups, &side->n_groups, sizeof *g);
			if (!g)
				return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
			g->first = i;
			g->transactional = st->transactional;
		}
		side->groups[side->n_groups - 1].n++;
	}
	for (size_t k = 0; k < side->n_groups; k++)
		for (size_t i = 0; i < side->groups[k].n; i++)
			s->steps[side->groups[k].first + i].group = k + 1;
	return 0;
}

static void describe(pl_side *s, ls_group *g)
{
	bool writes = false;
	for (size_t i = 0; i < g->n; i++) {
		const ls_step *st = &s->steps[g->first + i];
		if (st->scans || st->rewrites || !st->transactional)
			g->long_work = true;
		for (size_t l = 0; l < st->n_locks; l++) {
			if (ls_same(st->locks[l].mode, "AccessExclusiveLock"))
				g->exclusive = true;
			if (blocks_writes(st->locks[l].mode))
				writes = true;
		}
	}
	/* a blocking group heads a queue: it waits briefly and is retried;
	 * plain plans (--no-online: an empty database or a maintenance window)
	 * block anyway, and wait longer */
	g->lock_timeout = !writes ? "1min" : s->plain ? "5s" : "100ms";
	g->statement_timeout = writes && !g->long_work ? "5s" : "0";
	g->window = window(s->a, g, writes);
}

/* The catalog, as JSON, that the rollbacks of group g's steps give, run
 * last first on a copy of `after` (the catalog at the group's end); NULL
 * in *out when a step has none or one does not apply. */
static int undone(pl_side *s, const ls_group *g, ls_catalog *after, char **out)
{
	ls_catalog *c = NULL;
	ls_error e;
	ls_error_clear(&e);
	*out = NULL;
	for (size_t i = 0; i < g->n; i++)
		if (!s->steps[g->first + i].rollback)
			return 0;
	int rc = pl_clone(&c, after, s->err);
	if (rc < 0)
		return rc;
	for (size_t i = g->n; i-- > 0;) {
		const ls_step *st = &s->steps[g->first + i];
		if (pl_apply(c, st->rollback, "rollback", &e) < 0) {
			if (e.code == LS_ENOMEM)
				rc = ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
			goto done;
		}
	}
	rc = ls_catalog_to_json(out, c, s->err);
done:
	ls_catalog_free(c);
	return rc;
}

/* Each group's undo, checked from the catalog at its end: back to the
 * boundary before it, or (a key swap, whose constraint takes the index
 * that the group before built) to the one before that. */
int pl_groups(pl_side *s, ls_plan_side *side)
{
	ls_catalog *c = NULL;
	char *earlier = NULL, *before = NULL, *after = NULL, *got = NULL;
	int rc = split(s, side);
	if (rc < 0)
		return rc;
	if ((rc = pl_clone(&c, s->from, s->err)) < 0 ||
			(rc = ls_catalog_to_json(&before, c, s->err)) < 0)
		goto done;
	for (size_t k = 0; k < side->n_groups; k++) {
		ls_group *g = &side->groups[k];
		describe(s, g);
		for (size_t i = 0; i < g->n; i++) {
			const ls_step *st = &s->steps[g->first + i];
			if ((rc = pl_apply(c, st->sql, st->action, s->err)) < 0)
				goto done;
		}
		if ((rc = ls_catalog_to_json(&after, c, s->err)) < 0 ||
				(rc = undone(s, g, c, &got)) < 0)
			goto done;
		g->undo = got && strcmp(got, before) == 0;
		if (!g->undo && got && earlier && side->groups[k - 1].undo &&
				!side->groups[k - 1].undo_with_previous && strcmp(got, earlier) == 0)
			g->undo = g->undo_with_previous = true;
		free(got);
		got = NULL;
		free(earlier);
		earlier = before;
		before = after;
		after = NULL;
	}
done:
	free(got);
	free(earlier);
	free(before);
	free(after);
	ls_catalog_free(c);
	return rc;
}

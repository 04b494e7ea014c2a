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

/* The relations group g's steps lock, as the steps name them; *n 0 when
 * a step locks nothing (a type, a function, a grant: it may change what no
 * relation shows, so the whole catalog is compared). */
static const char *const *locked(const pl_side *s, const ls_group *g, ls_arena *a, size_t *n)
{
	const char **rels = NULL;
	*n = 0;
	for (size_t i = 0; i < g->n; i++) {
		const ls_step *st = &s->steps[g->first + i];
		if (!st->n_locks) {
			*n = 0;
			return NULL;
		}
		for (size_t l = 0; l < st->n_locks; l++) {
			const char **r = ls_arena_push(a, (void **)&rels, n, sizeof *r);
			if (!r) {
				*n = 0;
				return NULL;
			}
			*r = st->locks[l].relation;
		}
	}
	return rels;
}

static bool named(ls_arena *a, const char *const *rels, size_t n, const char *schema,
		const char *name)
{
	const char *q = ls_arena_printf(a, "%s.%s", ls_quote_ident(a, schema), ls_quote_ident(a, name));
	for (size_t i = 0; q && i < n; i++)
		if (ls_same(rels[i], q))
			return true;
	return !q; /* out of memory: keep it, the comparison stays whole */
}

#define KEEP_IF(arr, cnt, schema_of, name_of) do { \
		size_t w_ = 0; \
		for (size_t i_ = 0; i_ < c->cnt; i_++) \
			if (named(a, rels, n, c->arr[i_].schema_of, c->arr[i_].name_of)) \
				c->arr[w_++] = c->arr[i_]; \
		c->cnt = w_; \
	} while (0)

/* The JSON of catalog c (a copy, changed here) that a group touching only
 * the relations rels can have changed: those tables, views and sequences
 * and the indexes on them, beside the count of every list (a create or a
 * drop elsewhere shows there). All of c when n is 0. */
static int touched_json(pl_side *s, ls_catalog *c, const char *const *rels, size_t n,
		char **out)
{
	*out = NULL;
	if (!n)
		return ls_catalog_to_json(out, c, s->err);
	ls_arena *a = NULL;
	if (ls_arena_new(&a) < 0)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	char counts[256];
	snprintf(counts, sizeof counts, "%zu %zu %zu %zu %zu %zu %zu %zu %zu %zu\n", c->n_schemas,
			c->n_extensions, c->n_types, c->n_sequences, c->n_tables, c->n_indexes, c->n_views,
			c->n_functions, c->n_default_acls, c->n_collations);
	KEEP_IF(tables, n_tables, schema, name);
	KEEP_IF(views, n_views, schema, name);
	KEEP_IF(sequences, n_sequences, schema, name);
	KEEP_IF(indexes, n_indexes, schema, table);
	c->n_schemas = c->n_extensions = c->n_types = c->n_functions = c->n_default_acls =
		c->n_collations = 0;
	char *text = NULL;
	int rc = ls_arena_failed(a) ? ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory") :
		ls_catalog_to_json(&text, c, s->err);
	if (rc == 0) {
		size_t len = strlen(counts) + strlen(text) + 1;
		if ((*out = malloc(len)) != NULL)
			snprintf(*out, len, "%s%s", counts, text);
		else
			rc = ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	}
	free(text);
	ls_arena_free(a);
	return rc;
}

/* Whether target (a copy of the catalog at some boundary) and the
 * catalog that the rollbacks of group k, run last first, give from
 * `after` agree in what group k's steps (and, with pair, the group
 * before's) can touch. */
static int undoes(pl_side *s, const ls_plan_side *side, size_t k, bool pair,
		ls_catalog *after, ls_catalog *target, bool *out)
{
	ls_catalog *c = NULL, *t = NULL;
	char *got = NULL, *want = NULL;
	ls_arena *a = NULL;
	ls_error e;
	ls_error_clear(&e);
	size_t back = pair ? 1 : 0;
	*out = false;
	for (size_t i = 0; i < side->groups[k].n; i++)
		if (!s->steps[side->groups[k].first + i].rollback)
			return 0;
	int rc = ls_arena_new(&a) < 0 ? ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory") :
		pl_clone(&c, after, s->err);
	if (rc < 0)
		goto done;
	const ls_group *g = &side->groups[k];
	for (size_t i = g->n; i-- > 0;) {
		const ls_step *st = &s->steps[g->first + i];
		if (pl_apply(c, st->rollback, "rollback", &e) < 0) {
			if (e.code == LS_ENOMEM)
				rc = ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
			goto done;
		}
	}
	/* what the groups touch: their locked relations (all, when one of
	 * their steps locks none) */
	const char **rels = NULL;
	size_t n = 0;
	bool whole = false;
	for (size_t j = k - back; j <= k && !whole; j++) {
		size_t m;
		const char *const *r = locked(s, &side->groups[j], a, &m);
		whole = m == 0;
		for (size_t i = 0; i < m; i++) {
			const char **x = ls_arena_push(a, (void **)&rels, &n, sizeof *x);
			if (x)
				*x = r[i];
		}
	}
	if (whole || ls_arena_failed(a))
		n = 0;
	if ((rc = pl_clone(&t, target, s->err)) < 0 ||
			(rc = touched_json(s, c, rels, n, &got)) < 0 ||
			(rc = touched_json(s, t, rels, n, &want)) < 0)
		goto done;
	*out = strcmp(got, want) == 0;
done:
	free(got);
	free(want);
	ls_catalog_free(c);
	ls_catalog_free(t);
	ls_arena_free(a);
	return rc;
}

/* Each group's undo, checked from the catalog at its end: back to the
 * boundary before it, or (a key swap, whose constraint takes the index
 * that the group before built) to the one before that. Catalogs at the
 * boundaries are kept as copies (cheap: strings are shared) and compared
 * in what the groups can touch, so that a plan of a few hundred groups
 * is not a few hundred comparisons of the whole catalog. */
int pl_groups(pl_side *s, ls_plan_side *side)
{
	ls_catalog *c = NULL, *before = NULL, *earlier = NULL;
	int rc = split(s, side);
	if (rc < 0)
		return rc;
	if ((rc = pl_clone(&c, s->from, s->err)) < 0 || (rc = pl_clone(&before, c, s->err)) < 0)
		goto done;
	for (size_t k = 0; k < side->n_groups; k++) {
		ls_group *g = &side->groups[k];
		describe(s, g);
		for (size_t i = 0; i < g->n; i++) {
			const ls_step *st = &s->steps[g->first + i];
			if ((rc = pl_apply(c, st->sql, st->action, s->err)) < 0)
				goto done;
		}
		if ((rc = undoes(s, side, k, false, c, before, &g->undo)) < 0)
			goto done;
		if (!g->undo && earlier && side->groups[k - 1].undo &&
				!side->groups[k - 1].undo_with_previous) {
			bool pair;
			if ((rc = undoes(s, side, k, true, c, earlier, &pair)) < 0)
				goto done;
			g->undo = g->undo_with_previous = pair;
		}
		ls_catalog_free(earlier);
		earlier = before;
		before = NULL;
		if ((rc = pl_clone(&before, c, s->err)) < 0)
			goto done;
	}
done:
	ls_catalog_free(earlier);
	ls_catalog_free(before);
	ls_catalog_free(c);
	return rc;
}

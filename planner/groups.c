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

#include <stddef.h>
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

/* What a group blocks and while doing what, in words. */
static const char *window(const ls_group *g, bool writes)
{
	if (g->exclusive)
		return g->long_work ?
			"blocks reads and writes of the tables it locks for the whole scan or rewrite" :
			"blocks reads and writes of the tables it locks for its catalog changes only";
	if (writes)
		return g->long_work ? "blocks writes of the tables it locks for the whole scan or build" :
			"blocks writes of the tables it locks for its catalog changes only";
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
			if (ls_lock_blocks(st->locks[l].mode) & LS_BLOCKS_WRITES)
				writes = true;
		}
	}
	/* a blocking group heads a queue: it waits briefly and is retried;
	 * plain plans (--no-online: an empty database or a maintenance window)
	 * block anyway, and wait longer */
	g->lock_timeout = !writes ? "1min" : s->plain ? "5s" : "100ms";
	g->statement_timeout = writes && !g->long_work ? "5s" : "0";
	g->window = window(g, writes);
}

/* Whether a step that locks nothing makes the relation it names and
 * nothing else: a table, view, materialized view or sequence created (a
 * table's keys and indexes are its own; its row type, like any object made
 * elsewhere, shows in the counts). */
static bool makes_relation(const ls_step *st)
{
	static const char *const verbs[] = {"create ", "recreate ", "restore "};
	static const char *const kinds[] = {"table", "view", "materialized view", "sequence"};
	for (size_t v = 0; v < sizeof verbs / sizeof *verbs; v++) {
		size_t n = strlen(verbs[v]);
		if (strncmp(st->action, verbs[v], n) != 0)
			continue;
		for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
			if (ls_same(st->action + n, kinds[k]))
				return true;
	}
	return false;
}

/* The relations group g's steps lock, as the steps name them (a step
 * making a relation: that one); *n 0 when a step locks nothing else (a
 * type, a function, a grant: it may change what no relation shows, so the
 * whole catalog is compared). */
static const char *const *locked(const pl_side *s, const ls_group *g, ls_arena *a, size_t *n)
{
	const char **rels = NULL;
	*n = 0;
	for (size_t i = 0; i < g->n; i++) {
		const ls_step *st = &s->steps[g->first + i];
		if (!st->n_locks && makes_relation(st)) {
			const char **r = ls_arena_push(a, (void **)&rels, n, sizeof *r);
			if (!r) {
				*n = 0;
				return NULL;
			}
			*r = st->object;
			continue;
		}
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
	/* most items are none of them: the quoted name only for a likely one */
	bool maybe = false;
	for (size_t i = 0; i < n && !maybe; i++)
		maybe = strstr(rels[i], name) != NULL;
	if (!maybe)
		return false;
	const char *q = ls_arena_printf(a, "%s.%s", ls_quote_ident(a, schema), ls_quote_ident(a, name));
	for (size_t i = 0; q && i < n; i++)
		if (ls_same(rels[i], q))
			return true;
	return !q; /* out of memory: keep it, the comparison stays whole */
}

/* The items of list (n of them, sz bytes each) that name one of rels,
 * copied into a: the list of a view of the catalog. */
static void *keep(ls_arena *a, const void *list, size_t n, size_t sz, size_t schema_at,
		size_t name_at, const char *const *rels, size_t n_rels, size_t *kept)
{
	char *out = n ? ls_arena_alloc(a, n * sz) : NULL;
	*kept = 0;
	for (size_t i = 0; out && i < n; i++) {
		const char *item = (const char *)list + i * sz;
		const char *schema = *(const char *const *)(item + schema_at);
		const char *name = *(const char *const *)(item + name_at);
		if (named(a, rels, n_rels, schema, name))
			memcpy(out + (*kept)++ * sz, item, sz);
	}
	return out;
}

#define KEEP(view, c, a, arr, cnt, type, schema_f, name_f, rels, n) \
	(view).arr = keep((a), (c)->arr, (c)->cnt, sizeof(type), offsetof(type, schema_f), \
			offsetof(type, name_f), (rels), (n), &(view).cnt)

/* The JSON of catalog c (a copy of the plan's own) that a group
 * touching only the relations rels can have changed: a view of c with
 * those tables, views and sequences and the indexes on them, beside the
 * count of every list of c (a create or a drop elsewhere shows there). All
 * of c when n is 0. */
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
	/* the items are c's (shallow copies; the JSON sorts the view's lists
	 * and the kept items' own, which are c's: c is a copy of the plan's) and
	 * the view has no builder state */
	ls_catalog v = {0};
	KEEP(v, c, a, tables, n_tables, ls_table, schema, name, rels, n);
	KEEP(v, c, a, views, n_views, ls_view, schema, name, rels, n);
	KEEP(v, c, a, sequences, n_sequences, ls_sequence, schema, name, rels, n);
	KEEP(v, c, a, indexes, n_indexes, ls_index, schema, table, rels, n);
	char *text = NULL;
	int rc = ls_arena_failed(a) ? ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory") :
		ls_catalog_to_json(&text, &v, s->err);
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

/* What groups first .. last (of the side) can touch: their locked
 * relations, in a; *n 0 when one of their steps locks none (the whole
 * catalog). */
static const char **touched(const pl_side *s, const ls_plan_side *side, size_t first,
		size_t last, ls_arena *a, size_t *n)
{
	const char **rels = NULL;
	*n = 0;
	for (size_t j = first; j <= last; j++) {
		size_t m;
		const char *const *r = locked(s, &side->groups[j], a, &m);
		if (!m) {
			*n = 0;
			return NULL;
		}
		for (size_t i = 0; i < m; i++) {
			const char **x = ls_arena_push(a, (void **)&rels, n, sizeof *x);
			if (x)
				*x = r[i];
		}
	}
	if (ls_arena_failed(a))
		*n = 0;
	return rels;
}

/* The catalog, in what rels name, that the rollbacks of group k, run last
 * first, give from `after` (NULL in *out when a step has no rollback or
 * one does not apply). */
static int undone(pl_side *s, const ls_group *g, ls_catalog *after, const char *const *rels,
		size_t n, char **out)
{
	ls_catalog *c = NULL;
	ls_error e;
	ls_error_clear(&e);
	*out = NULL;
	for (size_t i = 0; i < g->n; i++)
		if (!s->steps[g->first + i].rollback)
			return 0;
	int rc = ls_catalog_copy(&c, after, s->err);
	for (size_t i = g->n; rc == 0 && i-- > 0;) {
		const ls_step *st = &s->steps[g->first + i];
		if (pl_apply(c, st->rollback, "rollback", &e) < 0) {
			if (e.code == LS_ENOMEM)
				rc = ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
			goto done;
		}
	}
	if (rc == 0)
		rc = touched_json(s, c, rels, n, out);
done:
	ls_catalog_free(c);
	return rc;
}

/* Each group's undo, checked from the catalog at its end: back to the
 * boundary before it, or (a key swap, whose constraint takes the index
 * that the group before built) to the one before that. At each boundary
 * the catalog is written, before the next group runs, in what that group
 * (and that group with the one after it) can touch, and compared after
 * with what its rollbacks give: a plan of a few hundred groups is not a
 * few hundred copies and comparisons of the whole catalog. */
int pl_groups(pl_side *s, ls_plan_side *side, ls_catalog **gave)
{
	*gave = NULL;
	ls_catalog *c = NULL;
	ls_arena *a = NULL;
	char *want = NULL, *want_pair = NULL, *next_pair = NULL, *got = NULL;
	int rc = split(s, side);
	if (rc < 0)
		return rc;
	if (ls_arena_new(&a) < 0)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if ((rc = pl_clone(&c, s->from, s->err)) < 0)
		goto done;
	for (size_t k = 0; k < side->n_groups; k++) {
		ls_group *g = &side->groups[k];
		describe(s, g);
		size_t n, n2 = 0;
		const char **rels = touched(s, side, k, k, a, &n);
		const char **rels2 = k + 1 < side->n_groups ? touched(s, side, k, k + 1, a, &n2) : NULL;
		if ((rc = touched_json(s, c, rels, n, &want)) < 0 ||
				(k + 1 < side->n_groups && (rc = touched_json(s, c, rels2, n2, &next_pair)) < 0))
			goto done;
		for (size_t i = 0; i < g->n; i++) {
			const ls_step *st = &s->steps[g->first + i];
			char what[600];
			snprintf(what, sizeof what, "%s step %zu: %s %s", s->up ? "up" : "down",
					g->first + i + 1, st->action, st->object);
			if ((rc = pl_apply(c, st->sql, what, s->err)) < 0)
				goto done;
		}
		if ((rc = undone(s, g, c, rels, n, &got)) < 0)
			goto done;
		g->undo = got && strcmp(got, want) == 0;
		free(got);
		got = NULL;
		if (!g->undo && want_pair && side->groups[k - 1].undo &&
				!side->groups[k - 1].undo_with_previous) {
			size_t np;
			const char **relsp = touched(s, side, k - 1, k, a, &np);
			if ((rc = undone(s, g, c, relsp, np, &got)) < 0)
				goto done;
			g->undo = g->undo_with_previous = got && strcmp(got, want_pair) == 0;
			free(got);
			got = NULL;
		}
		free(want);
		want = NULL;
		free(want_pair);
		want_pair = next_pair;
		next_pair = NULL;
	}
	*gave = c;
	c = NULL;
done:
	free(want);
	free(want_pair);
	free(next_pair);
	free(got);
	ls_catalog_free(c);
	ls_arena_free(a);
	return rc;
}

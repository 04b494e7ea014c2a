/* How long each step of a plan runs, and how long it holds its strongest
 * lock, from table statistics (`lockstep stats`, docs/stats.md; issue 16).
 *
 * A step's work (ls_step.work: set where the step is made) on the sizes of
 * the relations it works on, at throughputs measured on PostgreSQL 15 by
 * tests/bench/calibrate.sh (docs/estimates.md has the measurement):
 *   estimate = overhead + bytes / throughput   (rows / rate for a copy)
 * A partitioned table's size is its partitions'. Without a relation in the
 * statistics, or for work whose cost is not a table's size (a query), the
 * estimate is unknown (-1). A step in a transaction holds its locks until
 * the group commits: its lock time is its estimate and those of the steps
 * after it in the group. */
#define _POSIX_C_SOURCE 200809L
#include "estimate.h"

#include <string.h>

#include "lockstep/str.h"

/* The model, per kind of work (the constants of docs/estimates.md). */
static const struct model {
	ls_work work;
	const char *word;            /* plan.json "work" */
	double overhead_ms;          /* a step's fixed cost */
	double heap_mb_per_s;        /* heap and TOAST bytes */
	double index_mb_per_s;       /* index bytes rebuilt (a rewrite) */
	double rows_per_s;           /* rows copied (a batched copy) */
} models[] = {
	{LS_WORK_NONE, "catalog", LS_EST_CATALOG_MS, 0, 0, 0},
	{LS_WORK_SCAN, "scan", LS_EST_SCAN_MS, LS_EST_SCAN_MBPS, 0, 0},
	{LS_WORK_FK_SCAN, "foreign key scan", LS_EST_SCAN_MS, LS_EST_FK_SCAN_MBPS, 0, 0},
	{LS_WORK_INDEX, "index build", LS_EST_INDEX_MS, LS_EST_INDEX_MBPS, 0, 0},
	{LS_WORK_REWRITE, "rewrite", LS_EST_REWRITE_MS, LS_EST_REWRITE_MBPS, LS_EST_REINDEX_MBPS, 0},
	{LS_WORK_COPY, "batched copy", LS_EST_COPY_MS, 0, 0, LS_EST_COPY_ROWS},
	{LS_WORK_QUERY, "query", -1, 0, 0, 0},
};

const char *ls_work_name(ls_work w)
{
	for (size_t i = 0; i < sizeof models / sizeof *models; i++)
		if (models[i].work == w)
			return models[i].word;
	return "catalog";
}

/* The sizes of table schema.name with its partitions at any depth: heap
 * and TOAST bytes, index bytes, rows. False when the statistics lack it. */
static bool size_of(const ls_stats *st, const char *schema, const char *name, double *heap,
		double *index, double *rows, int depth)
{
	const ls_stats_table *t = ls_stats_find_table(st, schema, name);
	if (!t || depth > 32)
		return false;
	*heap += (double)(t->heap_bytes + t->toast_bytes);
	*index += (double)t->index_bytes;
	/* a partitioned table's own count, when analyzed, is its partitions' */
	if (t->kind != 'p')
		*rows += t->rows > 0 ? t->rows : (double)t->live_rows;
	for (size_t i = 0; t->kind == 'p' && i < st->n_tables; i++) {
		const ls_stats_table *p = &st->tables[i];
		if (p->parent_name && ls_same(p->parent_schema, schema) && ls_same(p->parent_name, name) &&
				!size_of(st, p->schema, p->name, heap, index, rows, depth + 1))
			return false;
	}
	return true;
}

double pl_estimate_step(const ls_step *step, const ls_stats *st)
{
	const struct model *m = &models[0];
	for (size_t i = 0; i < sizeof models / sizeof *models; i++)
		if (models[i].work == step->work)
			m = &models[i];
	if (m->overhead_ms < 0)
		return -1;
	if (step->work == LS_WORK_NONE)
		return m->overhead_ms;
	double heap = 0, index = 0, rows = 0;
	if (!step->n_work_on)
		return -1;
	for (size_t i = 0; i < step->n_work_on; i++)
		if (!size_of(st, step->work_on[i].schema, step->work_on[i].name, &heap, &index, &rows, 0))
			return -1;
	double ms = m->overhead_ms, heap_rate = m->heap_mb_per_s;
	/* an index built in a transaction (no CONCURRENTLY) goes faster */
	if (step->work == LS_WORK_INDEX && step->transactional) {
		ms = LS_EST_PLAIN_INDEX_MS;
		heap_rate = LS_EST_PLAIN_INDEX_MBPS;
	}
	if (heap_rate > 0)
		ms += heap / (heap_rate * 1048576.0) * 1000.0;
	if (m->index_mb_per_s > 0)
		ms += index / (m->index_mb_per_s * 1048576.0) * 1000.0;
	if (m->rows_per_s > 0)
		ms += rows / m->rows_per_s * 1000.0;
	return ms;
}

void pl_estimate_side(ls_plan_side *side, const ls_stats *st)
{
	for (size_t i = 0; i < side->n_steps; i++)
		side->steps[i].estimate_ms = pl_estimate_step(&side->steps[i], st);
	/* a lock taken in a transaction is held to its commit */
	for (size_t g = 0; g < side->n_groups; g++) {
		const ls_group *gr = &side->groups[g];
		double held = 0;
		for (size_t k = gr->n; k-- > 0;) {
			ls_step *step = &side->steps[gr->first + k];
			if (held >= 0 && step->estimate_ms >= 0)
				held += step->estimate_ms;
			else
				held = -1;
			step->lock_ms = gr->transactional ? held : step->estimate_ms;
		}
	}
	/* with durations known, the level is the rules' */
	for (size_t i = 0; i < side->n_steps; i++)
		if (side->steps[i].lock_ms >= 0 || side->steps[i].loses)
			side->steps[i].risk = pl_risk_level(&side->steps[i]);
}

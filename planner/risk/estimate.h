/* Private to planner/: step estimates from table statistics
 * (risk/estimate.c). The constants are the throughputs measured by
 * tests/bench/calibrate.sh on PostgreSQL 15 (docs/estimates.md: the
 * machine, the table sizes and each measurement against its estimate). */
#ifndef LS_PLANNER_RISK_ESTIMATE_H
#define LS_PLANNER_RISK_ESTIMATE_H

#include "lockstep/plan.h"
#include "lockstep/stats.h"

/* ms a step takes at least, per kind of work, and its throughput in MB
 * (2^20 bytes) of heap and TOAST per second: the medians over 100, 300 and
 * 600 MB tables of tests/bench/calibrate.sh (two runs, 2 cores, tables in
 * cache: for a table larger than RAM they are upper bounds) */
#define LS_EST_CATALOG_MS 1.0         /* ADD COLUMN: 0.5 ms */
#define LS_EST_SCAN_MS 1.0
#define LS_EST_SCAN_MBPS 2000.0       /* CHECK validated: 2016-2230 MB/s */
#define LS_EST_FK_SCAN_MBPS 490.0     /* foreign key validated: 713 / 493 / 289
	                               * MB/s, slower as the referenced table
	                               * outgrows work_mem */
#define LS_EST_INDEX_MS 0.0
#define LS_EST_INDEX_MBPS 150.0       /* CREATE INDEX CONCURRENTLY: bigint 247,
	                               * two columns 228, text 95 MB/s */
#define LS_EST_PLAIN_INDEX_MS 67.0
#define LS_EST_PLAIN_INDEX_MBPS 500.0 /* CREATE INDEX in a transaction: 503 MB/s */
#define LS_EST_REWRITE_MS 2.0
#define LS_EST_REWRITE_MBPS 150.0     /* heap, TOAST and indexes written anew:
	                               * 128 (3 indexes) to 192 (1) MB/s */
#define LS_EST_REINDEX_MBPS 150.0
#define LS_EST_COPY_MS 0.0
#define LS_EST_COPY_ROWS 110000.0     /* the swap's batched copy: 165k / 145k /
	                               * 86k rows/s (the last under load 3.5) */

/* How long step runs on the sizes of st, in ms; -1 when unknown. */
double pl_estimate_step(const ls_step *step, const ls_stats *st);
/* The risk level of step st from its locks, lock time (known), work and
 * losses: the rules of risk/risk.c. */
const char *pl_risk_level(const ls_step *st);
/* Every step's estimate_ms and lock_ms, and its risk level from them. */
void pl_estimate_side(ls_plan_side *side, const ls_stats *st);

#endif

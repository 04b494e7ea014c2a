/* Private to planner/: step estimates from table statistics
 * (risk/estimate.c). The constants are the throughputs measured by
 * tests/bench/calibrate.sh on PostgreSQL 15 (docs/estimates.md: the
 * machine, the table sizes and each measurement against its estimate). */
#ifndef LS_PLANNER_RISK_ESTIMATE_H
#define LS_PLANNER_RISK_ESTIMATE_H

#include "lockstep/plan.h"
#include "lockstep/stats.h"

/* ms a step takes at least, per kind of work, and its throughput */
#define LS_EST_CATALOG_MS 2.0
#define LS_EST_SCAN_MS 5.0
#define LS_EST_SCAN_MBPS 400.0        /* heap and TOAST read, a validation */
#define LS_EST_INDEX_MS 10.0
#define LS_EST_INDEX_MBPS 60.0        /* heap read and sorted into a btree */
#define LS_EST_REWRITE_MS 10.0
#define LS_EST_REWRITE_MBPS 80.0      /* heap and TOAST written anew */
#define LS_EST_REINDEX_MBPS 60.0      /* its indexes rebuilt */
#define LS_EST_COPY_MS 50.0
#define LS_EST_COPY_ROWS 70000.0      /* rows per second, batches of 10,000 */

/* How long step runs on the sizes of st, in ms; -1 when unknown. */
double pl_estimate_step(const ls_step *step, const ls_stats *st);
/* The risk level of step st from its locks, lock time (known), work and
 * losses: the rules of risk/risk.c. */
const char *pl_risk_level(const ls_step *st);
/* Every step's estimate_ms and lock_ms, and its risk level from them. */
void pl_estimate_side(ls_plan_side *side, const ls_stats *st);

#endif

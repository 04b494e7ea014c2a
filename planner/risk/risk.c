/* Risk levels (issue 16; README "Risk levels"): one table of rules, first
 * match wins, over what a step blocks, for how long (its lock time, from
 * --stats), whether it works on a table's rows and whether it loses data.
 * Without statistics a step keeps the level its statement gave it (the
 * steps' builders): its duration is unknown. */
#define _POSIX_C_SOURCE 200809L
#include "estimate.h"

#include <string.h>

static const char *const levels[] = {"none", "low", "medium", "high", "critical"};

int ls_risk_rank(const char *risk)
{
	for (int i = 0; i < (int)(sizeof levels / sizeof *levels); i++)
		if (risk && !strcmp(risk, levels[i]))
			return i;
	return 1;
}

const char *ls_plan_max_risk(const ls_plan_side *side)
{
	int m = 0;
	for (size_t i = 0; i < side->n_steps; i++) {
		int r = ls_risk_rank(side->steps[i].risk);
		m = r > m ? r : m;
	}
	return levels[m];
}

int ls_lock_blocks(const char *mode)
{
	if (!strcmp(mode, "AccessExclusiveLock"))
		return LS_BLOCKS_READS | LS_BLOCKS_WRITES | LS_BLOCKS_DDL;
	if (!strcmp(mode, "ExclusiveLock") || !strcmp(mode, "ShareRowExclusiveLock") ||
			!strcmp(mode, "ShareLock"))
		return LS_BLOCKS_WRITES | LS_BLOCKS_DDL;
	if (!strcmp(mode, "ShareUpdateExclusiveLock"))
		return LS_BLOCKS_DDL;
	return 0;
}

/* What a lock mode keeps others from, for the rules: 2 reads and writes,
 * 1 writes, 0 neither (DDL and VACUUM only, or nothing). */
static int blocks(const char *mode)
{
	int m = ls_lock_blocks(mode);
	return m & LS_BLOCKS_READS ? 2 : m & LS_BLOCKS_WRITES ? 1 : 0;
}

/* The rules, first match wins. */
static const struct rule {
	const char *level;
	int loses;                   /* 1: the step loses data */
	int min_blocks;              /* it blocks at least this (2 reads and writes, 1 writes) */
	double min_lock_ms;          /* for longer than this */
	int work;                    /* 1: it works on rows (a scan, build, rewrite, copy) */
	const char *why;             /* README's words */
} rules[] = {
	{"critical", 1, 0, 0, 0, "loses data (not a copy whose rows live on)"},
	{"critical", 0, 2, 60000, 0, "blocks reads and writes for minutes"},
	{"high", 0, 1, 1000, 0, "blocks reads or writes for more than a second"},
	{"medium", 0, 1, 0, 1, "works on rows and blocks writes, briefly"},
	{"medium", 0, 0, 1000, 1, "long work that blocks nobody's reads or writes"},
	{"low", 0, 0, 0, 1, "works on rows, briefly, blocking no one"},
	{"none", 0, 0, 0, 0, "catalog only, a brief lock"},
};

const char *pl_risk_level(const ls_step *st)
{
	int b = 0;
	for (size_t i = 0; i < st->n_locks; i++) {
		int k = blocks(st->locks[i].mode);
		b = k > b ? k : b;
	}
	bool work = st->work != LS_WORK_NONE;
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
		const struct rule *r = &rules[i];
		if (r->loses && (!st->loses || st->rows_kept))
			continue;
		if (b < r->min_blocks || (r->min_lock_ms > 0 && !(st->lock_ms > r->min_lock_ms)))
			continue;
		if (r->work && !work)
			continue;
		return r->level;
	}
	return "none";
}

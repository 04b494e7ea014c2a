/* What PostgreSQL 11 to 17 change in what a statement locks, rewrites or
 * scans, as far as the plans lockstep writes depend on it (`plan
 * --pg-version N`; README "PostgreSQL versions"). The grammar read stays
 * PostgreSQL 15's: a version only chooses among the recipes. */
#define _POSIX_C_SOURCE 200809L
#include "plan_int.h"

#include <stdio.h>

/* One row per feature: the first version that has it, and what the plan
 * does without it. */
static const struct version_rule {
	pl_feature feature;
	int since;
	const char *what;
	const char *without;
} rules[] = {
	{PL_FEATURE_FAST_DEFAULT, 11, "ADD COLUMN with a constant DEFAULT changes the catalog only",
		"the table is rewritten (not planned: lockstep plans for 11 and later)"},
	{PL_FEATURE_NOT_NULL_BY_CHECK, 12, "SET NOT NULL uses a valid CHECK (col IS NOT NULL) instead "
		"of scanning", "SET NOT NULL is planned plain: it scans under AccessExclusiveLock"},
	{PL_FEATURE_ATTACH_SHARE_UPDATE, 12, "ATTACH PARTITION takes ShareUpdateExclusiveLock on the "
		"parent", "the parent is locked AccessExclusiveLock for the attach"},
	{PL_FEATURE_DETACH_CONCURRENTLY, 14, "DETACH PARTITION ... CONCURRENTLY", "a partition is "
		"detached plainly, under AccessExclusiveLock on the parent"},
	{PL_FEATURE_NULLS_NOT_DISTINCT, 15, "UNIQUE ... NULLS NOT DISTINCT", "refused: the version "
		"cannot build the key TO declares"},
};

bool pl_has(const pl_side *s, pl_feature f)
{
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++)
		if (rules[i].feature == f)
			return s->pg_version >= rules[i].since;
	return true;
}

const char *pl_lacks(pl_side *s, pl_feature f)
{
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++)
		if (rules[i].feature == f)
			return ls_arena_printf(s->a, "PostgreSQL %d lacks %s (%d and later): %s",
					s->pg_version, rules[i].what, rules[i].since, rules[i].without);
	return "";
}

/* A catalog that declares what the version cannot build: refused, naming
 * the object (a key with NULLS NOT DISTINCT before 15). */
int pl_version_check(pl_side *s)
{
	if (pl_has(s, PL_FEATURE_NULLS_NOT_DISTINCT))
		return 0;
	for (size_t i = 0; i < s->to->n_indexes; i++) {
		const ls_index *x = &s->to->indexes[i];
		if (x->nulls_not_distinct)
			return ls_error_set(s->err, LS_EUNSUPPORTED, NULL, 0, 0, "cannot plan for PostgreSQL "
					"%d: index %s is NULLS NOT DISTINCT; %s", s->pg_version,
					pl_qname(s, x->schema, x->name), pl_lacks(s, PL_FEATURE_NULLS_NOT_DISTINCT));
	}
	return 0;
}

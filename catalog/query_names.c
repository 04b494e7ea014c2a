/* Range table names as ruleutils' set_rtable_names gives them, and the
 * levels of a query normalization (query.c).
 *
 * Each entry is named by its alias, else by its relation's (or CTE's,
 * function's) name. A name already used by an enclosing level, or by an
 * earlier entry of its own level, gets _N appended, N counting up per name
 * within the level, the name clipped (on a character boundary) so that
 * the result stays under 64 bytes. A level's names are all chosen before
 * anything inside it is printed: its sub-queries, CTEs included, see them.
 */
#define _POSIX_C_SOURCE 200809L
#include "query_int.h"

#include <stdio.h>
#include <string.h>

static const char *last_string(pgnode **items, size_t n)
{
	if (n == 0 || items[n - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
		return NULL;
	return items[n - 1]->string->sval;
}

ls_qscope *ls_query_push(ls_norm *n, ls_query *q)
{
	ls_qscope *s = ls_arena_alloc(ls_norm_scratch(n), sizeof *s);
	ls_qscope *prev = q->cur;
	if (!s) {
		ls_norm_fail(n);
		return prev;
	}
	s->parent = prev;
	s->saved_ctes = q->n_ctes;
	q->cur = s;
	return prev;
}

void ls_query_pop(ls_query *q, ls_qscope *prev)
{
	if (q->cur && q->cur != prev) {
		q->n_ctes = q->cur->saved_ctes;
		q->cur = prev;
	}
}

static bool name_taken(const ls_qscope *level, const char *name)
{
	for (const ls_qscope *s = level; s; s = s->parent)
		for (size_t i = 0; i < s->n_names; i++)
			if (s->names[i] && !strcmp(s->names[i], name))
				return true;
	return false;
}

/* The length of the longest prefix of s of at most max bytes that ends on
 * a character boundary (UTF-8), as pg_mbcliplen. */
static size_t clip_utf8(const char *s, size_t max)
{
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

/* set_rtable_names for one name: wanted itself when free, else wanted_N
 * with N counting up from this level's last suffix for that name. */
static const char *unique_name(ls_norm *n, ls_qscope *level, const char *wanted,
		const char **bases, int *counters, size_t *n_bases)
{
	if (!name_taken(level, wanted))
		return wanted;
	size_t b = 0;
	while (b < *n_bases && strcmp(bases[b], wanted))
		b++;
	if (b == *n_bases) {
		bases[b] = wanted;
		counters[b] = 0;
		(*n_bases)++;
	}
	char buf[128];
	size_t len = strlen(wanted);
	if (len > 63)
		len = clip_utf8(wanted, 63);
	for (;;) {
		counters[b]++;
		for (;;) {
			int w = snprintf(buf, sizeof buf, "%.*s_%d", (int)len, wanted, counters[b]);
			if (w < 64 || len == 0)
				break;
			len = clip_utf8(wanted, len - 1);
		}
		if (!name_taken(level, buf))
			break;
	}
	const char *out = ls_arena_strdup(ls_norm_scratch(n), buf);
	if (!out)
		ls_norm_fail(n);
	return out;
}

static void push_wanted(ls_norm *n, const char ***out, size_t *count, const char *name)
{
	const char **slot = ls_arena_push(ls_norm_scratch(n), (void **)out, count, sizeof **out);
	if (!slot)
		ls_norm_fail(n);
	else
		*slot = name;
}

/* The names a FROM item adds to the range table, in the parser's order
 * (transformFromClauseItem: a join's left side, right side, then itself). */
static void wanted_names(ls_norm *n, const pgnode *item, const char ***out, size_t *count)
{
	switch (item->node_case) {
	case PG_QUERY__NODE__NODE_RANGE_VAR: {
		const PgQuery__RangeVar *rv = item->range_var;
		push_wanted(n, out, count, rv->alias ? rv->alias->aliasname : rv->relname);
		return;
	}
	case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
		const PgQuery__RangeSubselect *r = item->range_subselect;
		push_wanted(n, out, count, r->alias ? r->alias->aliasname : "unnamed_subquery");
		return;
	}
	case PG_QUERY__NODE__NODE_RANGE_FUNCTION: {
		const PgQuery__RangeFunction *r = item->range_function;
		const char *name = r->alias ? r->alias->aliasname : NULL;
		/* an unaliased function is named after the (first) function */
		if (!name && r->n_functions == 1 && r->functions[0]->node_case == PG_QUERY__NODE__NODE_LIST &&
				r->functions[0]->list->n_items > 0 &&
				r->functions[0]->list->items[0]->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
			const PgQuery__FuncCall *f = r->functions[0]->list->items[0]->func_call;
			name = last_string(f->funcname, f->n_funcname);
		}
		push_wanted(n, out, count, name);
		return;
	}
	case PG_QUERY__NODE__NODE_JOIN_EXPR: {
		const PgQuery__JoinExpr *j = item->join_expr;
		wanted_names(n, j->larg, out, count);
		wanted_names(n, j->rarg, out, count);
		push_wanted(n, out, count, j->alias ? j->alias->aliasname : NULL);
		return;
	}
	case PG_QUERY__NODE__NODE_RANGE_TABLE_SAMPLE:
		wanted_names(n, item->range_table_sample->relation, out, count);
		return;
	default:
		push_wanted(n, out, count, NULL);
		return;
	}
}

void ls_query_reserve(ls_norm *n, ls_query *q, pgnode *target, pgnode **items, size_t count)
{
	const char **wanted = NULL;
	size_t n_wanted = 0;
	if (target)
		wanted_names(n, target, &wanted, &n_wanted);
	for (size_t i = 0; i < count; i++)
		wanted_names(n, items[i], &wanted, &n_wanted);
	ls_qscope *level = q->cur;
	if (ls_norm_failed(n) || !level || n_wanted == 0)
		return;
	ls_arena *a = ls_norm_scratch(n);
	const char **bases = ls_arena_alloc(a, n_wanted * sizeof *bases);
	int *counters = ls_arena_alloc(a, n_wanted * sizeof *counters);
	level->names = ls_arena_alloc(a, n_wanted * sizeof *level->names);
	if (!bases || !counters || !level->names) {
		ls_norm_fail(n);
		return;
	}
	size_t n_bases = 0;
	for (size_t i = 0; i < n_wanted; i++) {
		/* names of this level so far count as taken too */
		level->names[i] = wanted[i] ?
			unique_name(n, level, wanted[i], bases, counters, &n_bases) : NULL;
		level->n_names = i + 1;
	}
}

const char *ls_query_take_name(ls_qscope *level, const char *fallback)
{
	if (level->taken < level->n_names) {
		const char *name = level->names[level->taken++];
		return name ? name : fallback;
	}
	return fallback;
}


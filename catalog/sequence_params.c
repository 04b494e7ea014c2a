/* Sequence options as init_params applies them (see sequence_params.h). */
#define _POSIX_C_SOURCE 200809L
#include "sequence_params.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The options init_params reads, each at most once. */
typedef struct seq_opts {
	PgQuery__DefElem *as, *increment, *start, *restart, *maxvalue, *minvalue,
		*cache, *cycle;
} seq_opts;

static PgQuery__DefElem **opt_slot(seq_opts *o, const char *name)
{
	static const char *const names[] = {"as", "increment", "start", "restart",
		"maxvalue", "minvalue", "cache", "cycle"};
	PgQuery__DefElem **slots[] = {&o->as, &o->increment, &o->start, &o->restart,
		&o->maxvalue, &o->minvalue, &o->cache, &o->cycle};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i], name))
			return slots[i];
	return NULL;
}

/* Sort the options into o: a repeated one is "conflicting or redundant",
 * OWNED BY must name a column or be NONE. */
static int collect(ls_apply *ap, pgnode **opts, size_t n, seq_opts *o)
{
	bool owned = false;
	for (size_t i = 0; i < n; i++) {
		if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		PgQuery__DefElem *d = opts[i]->def_elem;
		PgQuery__DefElem **slot = opt_slot(o, d->defname);
		if (!strcmp(d->defname, "owned_by")) {
			if (owned)
				return ls_apply_error(ap, LS_EINVAL, "conflicting or redundant options");
			owned = true;
			const PgQuery__List *l = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_LIST ?
				d->arg->list : NULL;
			if (l && l->n_items == 1 && (l->items[0]->node_case != PG_QUERY__NODE__NODE_STRING ||
					strcmp(l->items[0]->string->sval, "none") != 0))
				return ls_apply_error(ap, LS_EINVAL, "invalid OWNED BY option");
			continue;
		}
		if (!slot)
			continue;
		if (*slot)
			return ls_apply_error(ap, LS_EINVAL, "conflicting or redundant options");
		*slot = d;
	}
	return 0;
}

/* defGetInt64: an Integer, or a Float holding a 64-bit integer. */
static int64_t int64_of(const PgQuery__DefElem *d)
{
	if (!d->arg)
		return 0;
	if (d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
		return d->arg->integer->ival;
	if (d->arg->node_case == PG_QUERY__NODE__NODE_FLOAT)
		return strtoll(d->arg->float_->fval, NULL, 10);
	return 0;
}

/* Whether a Float argument is out of the int64 range (defGetInt64 refuses
 * it with int8in's message). */
static bool int64_overflows(const PgQuery__DefElem *d)
{
	if (!d || !d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_FLOAT)
		return false;
	char *end;
	errno = 0;
	strtoll(d->arg->float_->fval, &end, 10);
	return errno == ERANGE || *end != '\0';
}

static void type_range(const char *type, int64_t *lo, int64_t *hi)
{
	if (!strcmp(type, "smallint")) {
		*lo = INT16_MIN;
		*hi = INT16_MAX;
	} else if (!strcmp(type, "integer")) {
		*lo = INT32_MIN;
		*hi = INT32_MAX;
	} else {
		*lo = INT64_MIN;
		*hi = INT64_MAX;
	}
}

/* AS type: one of the three integer types. Without AS a new sequence keeps
 * the type it was made with (bigint, or the column's type for serial and
 * identity columns). On ALTER, bounds that were the old type's limits
 * follow the new type (reset_*). */
static int apply_type(ls_apply *ap, const seq_opts *o, ls_sequence *s, bool is_init,
		bool for_identity, bool *reset_max, bool *reset_min)
{
	const char *t = s->type ? s->type : "bigint";
	if (!o->as && !is_init)
		return 0;
	if (o->as) {
		t = o->as->arg && o->as->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME ?
			ls_type_name(ap, o->as->arg->type_name, NULL) : NULL;
		if (!t)
			return ap->err->n_diags ? ap->err->code : ls_apply_nomem(ap);
	}
	if (strcmp(t, "smallint") && strcmp(t, "integer") && strcmp(t, "bigint"))
		return ls_apply_error(ap, LS_EINVAL, "%s type must be smallint, integer, or bigint",
				for_identity ? "identity column" : "sequence");
	if (o->as && !is_init) {
		int64_t lo, hi;
		type_range(s->type, &lo, &hi);
		*reset_max = s->max == hi;
		*reset_min = s->min == lo;
	}
	s->type = t;
	return 0;
}

/* MAXVALUE / NO MAXVALUE, then its range check. */
static int apply_max(ls_apply *ap, const seq_opts *o, ls_sequence *s, bool is_init, bool reset)
{
	int64_t lo, hi;
	type_range(s->type, &lo, &hi);
	if (o->maxvalue && o->maxvalue->arg)
		s->max = int64_of(o->maxvalue);
	else if (is_init || o->maxvalue || reset)
		s->max = s->increment > 0 || reset ? hi : -1;
	if (s->max < lo || s->max > hi)
		return ls_apply_error(ap, LS_EINVAL, "MAXVALUE (%lld) is out of range for sequence data type %s",
				(long long)s->max, s->type);
	return 0;
}

static int apply_min(ls_apply *ap, const seq_opts *o, ls_sequence *s, bool is_init, bool reset)
{
	int64_t lo, hi;
	type_range(s->type, &lo, &hi);
	if (o->minvalue && o->minvalue->arg)
		s->min = int64_of(o->minvalue);
	else if (is_init || o->minvalue || reset)
		s->min = s->increment < 0 || reset ? lo : 1;
	if (s->min < lo || s->min > hi)
		return ls_apply_error(ap, LS_EINVAL, "MINVALUE (%lld) is out of range for sequence data type %s",
				(long long)s->min, s->type);
	if (s->min >= s->max)
		return ls_apply_error(ap, LS_EINVAL, "MINVALUE (%lld) must be less than MAXVALUE (%lld)",
				(long long)s->min, (long long)s->max);
	return 0;
}

/* START (default: MINVALUE ascending, MAXVALUE descending), RESTART (only
 * checked: the current value is data), CACHE. */
static int apply_start(ls_apply *ap, const seq_opts *o, ls_sequence *s, bool is_init)
{
	if (o->start)
		s->start = int64_of(o->start);
	else if (is_init)
		s->start = s->increment > 0 ? s->min : s->max;
	if (s->start < s->min)
		return ls_apply_error(ap, LS_EINVAL, "START value (%lld) cannot be less than MINVALUE (%lld)",
				(long long)s->start, (long long)s->min);
	if (s->start > s->max)
		return ls_apply_error(ap, LS_EINVAL, "START value (%lld) cannot be greater than MAXVALUE (%lld)",
				(long long)s->start, (long long)s->max);
	if (o->restart) {
		int64_t last = o->restart->arg ? int64_of(o->restart) : s->start;
		if (last < s->min)
			return ls_apply_error(ap, LS_EINVAL, "RESTART value (%lld) cannot be less than MINVALUE (%lld)",
					(long long)last, (long long)s->min);
		if (last > s->max)
			return ls_apply_error(ap, LS_EINVAL, "RESTART value (%lld) cannot be greater than MAXVALUE (%lld)",
					(long long)last, (long long)s->max);
	}
	if (o->cache) {
		s->cache = int64_of(o->cache);
		if (s->cache <= 0)
			return ls_apply_error(ap, LS_EINVAL, "CACHE (%lld) must be greater than zero",
					(long long)s->cache);
	} else if (is_init) {
		s->cache = 1;
	}
	return 0;
}

int ls_sequence_init_params(ls_apply *ap, ls_sequence *sq, pgnode **opts, size_t n,
		bool is_init, bool for_identity)
{
	seq_opts o = {0};
	ls_sequence s = *sq;
	bool reset_max = false, reset_min = false;
	int rc = collect(ap, opts, n, &o);
	if (rc < 0)
		return rc;
	PgQuery__DefElem *const nums[] = {o.increment, o.start, o.restart, o.maxvalue, o.minvalue, o.cache};
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		if (int64_overflows(nums[i])) {
			char tok[LS_ERROR_TOKEN_SIZE];
			return ls_apply_error(ap, LS_EINVAL, "value \"%s\" is out of range for type bigint",
					ls_error_token(tok, sizeof tok, nums[i]->arg->float_->fval));
		}
	if ((rc = apply_type(ap, &o, &s, is_init, for_identity, &reset_max, &reset_min)) < 0)
		return rc;
	if (o.increment) {
		s.increment = int64_of(o.increment);
		if (s.increment == 0)
			return ls_apply_error(ap, LS_EINVAL, "INCREMENT must not be zero");
	} else if (is_init) {
		s.increment = 1;
	}
	if (o.cycle)
		s.cycle = !o.cycle->arg || o.cycle->arg->node_case != PG_QUERY__NODE__NODE_BOOLEAN ||
			o.cycle->arg->boolean->boolval;
	else if (is_init)
		s.cycle = false;
	if ((rc = apply_max(ap, &o, &s, is_init, reset_max)) < 0 ||
			(rc = apply_min(ap, &o, &s, is_init, reset_min)) < 0 ||
			(rc = apply_start(ap, &o, &s, is_init)) < 0)
		return rc;
	*sq = s;
	return 0;
}

/* CREATE [OR REPLACE] AGGREGATE: an aggregate is a pg_proc row of kind
 * 'a' with its pg_aggregate attributes, kept among the functions (they
 * share one namespace of signatures). Its support functions are found as
 * DefineAggregate and lookup_agg_function find them: by the argument types
 * the executor passes (sfunc(stype, args...)), refused in the server's
 * words. Built-in support functions are known from a table of PostgreSQL
 * 15's (name, argument and result types, strictness); one not in it is
 * refused by name, never guessed. User operators are not modelled, so a
 * SORTOP is one of pg_catalog's.
 */
#define _POSIX_C_SOURCE 200809L
#include "apply_func.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* pg_catalog functions usable as support functions, by their signature
 * (PostgreSQL 15: SELECT proname, proargtypes, prorettype FROM pg_proc for
 * the transition, final and combine functions of the built-in aggregates
 * over the common types). Types are spelled as format_type_be does. */
typedef struct builtin_fn {
	const char *name;
	int nargs;
	const char *args[3];
	const char *result;
} builtin_fn;

static const builtin_fn builtins[] = {
	{"array_append", 2, {"anycompatiblearray", "anycompatible"}, "anycompatiblearray"},
	{"array_cat", 2, {"anycompatiblearray", "anycompatiblearray"}, "anycompatiblearray"},
	{"booland_statefunc", 2, {"boolean", "boolean"}, "boolean"},
	{"boolor_statefunc", 2, {"boolean", "boolean"}, "boolean"},
	{"float8_accum", 2, {"double precision[]", "double precision"}, "double precision[]"},
	{"float8_stddev_samp", 1, {"double precision[]"}, "double precision"},
	{"float8_avg", 1, {"double precision[]"}, "double precision"},
	{"float8_combine", 2, {"double precision[]", "double precision[]"}, "double precision[]"},
	{"float8larger", 2, {"double precision", "double precision"}, "double precision"},
	{"float8pl", 2, {"double precision", "double precision"}, "double precision"},
	{"float8smaller", 2, {"double precision", "double precision"}, "double precision"},
	{"int2_sum", 2, {"bigint", "smallint"}, "bigint"},
	{"int2pl", 2, {"smallint", "smallint"}, "smallint"},
	{"int4_avg_accum", 2, {"bigint[]", "integer"}, "bigint[]"},
	{"int4_avg_accum_inv", 2, {"bigint[]", "integer"}, "bigint[]"},
	{"int4_avg_combine", 2, {"bigint[]", "bigint[]"}, "bigint[]"},
	{"int4_sum", 2, {"bigint", "integer"}, "bigint"},
	{"int4larger", 2, {"integer", "integer"}, "integer"},
	{"int4mi", 2, {"integer", "integer"}, "integer"},
	{"int4mul", 2, {"integer", "integer"}, "integer"},
	{"int4pl", 2, {"integer", "integer"}, "integer"},
	{"int4smaller", 2, {"integer", "integer"}, "integer"},
	{"int8_avg", 1, {"bigint[]"}, "numeric"},
	{"int8_avg_accum", 2, {"internal", "bigint"}, "internal"},
	{"int8_avg_accum_inv", 2, {"internal", "bigint"}, "internal"},
	{"int8_avg_combine", 2, {"internal", "internal"}, "internal"},
	{"int8_avg_deserialize", 2, {"bytea", "internal"}, "internal"},
	{"int8_avg_serialize", 1, {"internal"}, "bytea"},
	{"int8dec", 1, {"bigint"}, "bigint"},
	{"int8dec_any", 2, {"bigint", "\"any\""}, "bigint"},
	{"int8inc", 1, {"bigint"}, "bigint"},
	{"int8inc_any", 2, {"bigint", "\"any\""}, "bigint"},
	{"int8larger", 2, {"bigint", "bigint"}, "bigint"},
	{"int8mi", 2, {"bigint", "bigint"}, "bigint"},
	{"int8pl", 2, {"bigint", "bigint"}, "bigint"},
	{"int8smaller", 2, {"bigint", "bigint"}, "bigint"},
	{"interval_avg", 1, {"interval[]"}, "interval"},
	{"mode_final", 2, {"internal", "anyelement"}, "anyelement"},
	{"numeric_accum_inv", 2, {"internal", "numeric"}, "internal"},
	{"numeric_add", 2, {"numeric", "numeric"}, "numeric"},
	{"numeric_avg", 1, {"internal"}, "numeric"},
	{"numeric_avg_accum", 2, {"internal", "numeric"}, "internal"},
	{"numeric_avg_combine", 2, {"internal", "internal"}, "internal"},
	{"numeric_avg_deserialize", 2, {"bytea", "internal"}, "internal"},
	{"numeric_avg_serialize", 1, {"internal"}, "bytea"},
	{"numeric_larger", 2, {"numeric", "numeric"}, "numeric"},
	{"numeric_smaller", 2, {"numeric", "numeric"}, "numeric"},
	{"numeric_sub", 2, {"numeric", "numeric"}, "numeric"},
	{"numeric_poly_sum", 1, {"internal"}, "numeric"},
	{"numeric_sum", 1, {"internal"}, "numeric"},
	{"ordered_set_transition", 2, {"internal", "\"any\""}, "internal"},
	{"ordered_set_transition_multi", 2, {"internal", "\"any\""}, "internal"},
	{"percent_rank_final", 2, {"internal", "\"any\""}, "double precision"},
	{"percentile_cont_float8_final", 2, {"internal", "double precision"}, "double precision"},
	{"percentile_disc_final", 3, {"internal", "double precision", "anyelement"}, "anyelement"},
	{"rank_final", 2, {"internal", "\"any\""}, "bigint"},
	{"text_larger", 2, {"text", "text"}, "text"},
	{"text_smaller", 2, {"text", "text"}, "text"},
	{"textcat", 2, {"text", "text"}, "text"},
};

/* The ones of the table above that are not strict (proisstrict false on
 * PostgreSQL 15); the others are. */
static const char *const lax_builtins[] = {
	"array_append", "array_cat", "int2_sum", "int4_sum", "int8_avg_accum", "int8_avg_accum_inv",
	"int8_avg_combine", "mode_final", "numeric_accum_inv", "numeric_avg", "numeric_avg_accum",
	"numeric_avg_combine", "numeric_poly_sum", "numeric_sum", "ordered_set_transition",
	"ordered_set_transition_multi", "percent_rank_final", "percentile_cont_float8_final",
	"percentile_disc_final", "rank_final",
};

static bool builtin_strict(const char *name)
{
	for (size_t i = 0; i < sizeof lax_builtins / sizeof *lax_builtins; i++)
		if (!strcmp(lax_builtins[i], name))
			return false;
	return true;
}

static bool polymorphic(const char *t)
{
	return !strcmp(t, "anyelement") || !strcmp(t, "anyarray") || !strcmp(t, "anynonarray") ||
		!strcmp(t, "anycompatible") || !strcmp(t, "anycompatiblearray") ||
		!strcmp(t, "anycompatiblenonarray") || !strcmp(t, "\"any\"");
}

/* Whether an argument of type have may be passed to a parameter of type
 * want without a run-time coercion. */
static bool accepts(const char *want, const char *have)
{
	if (!strcmp(want, have) || !strcmp(want, "\"any\""))
		return true;
	if (!polymorphic(want))
		return false;
	size_t n = strlen(have);
	bool array = (n > 2 && !strcmp(have + n - 2, "[]")) || !strcmp(have, "anyarray") ||
		!strcmp(have, "anycompatiblearray");
	if (strstr(want, "array"))
		return array;
	return !strstr(want, "nonarray") || !array;
}

typedef struct support {
	const char *qname;   /* ls_qualify of the function found */
	const char *result;  /* its result type */
	bool strict;         /* proisstrict */
} support;

/* The user's function of that name taking exactly (or polymorphically)
 * types[0..n), on search_path or in schema. */
static const ls_function *user_support(ls_apply *ap, const char *schema, const char *name,
		const char **types, size_t n, int *rc)
{
	ls_catalog *cat = ap->cat;
	for (size_t s = 0; s < (schema ? 1 : cat->n_search_path); s++) {
		const char *sc = schema ? schema : cat->search_path[s];
		for (size_t i = 0; i < cat->n_functions; i++) {
			const ls_function *f = &cat->functions[i];
			if (f->kind != 'f' || strcmp(f->schema, sc) || strcmp(f->name, name))
				continue;
			ls_fparam *p;
			size_t np, k = 0;
			if ((*rc = ls_function_params(ap, f, &p, &np)) < 0)
				return NULL;
			bool ok = true;
			for (size_t j = 0; ok && j < np; j++) {
				if (p[j].mode == 'o' || p[j].mode == 't')
					continue;
				ok = k < n && accepts(p[j].type, types[k]);
				k++;
			}
			if (ok && k == n)
				return f;
		}
	}
	return NULL;
}

/* lookup_agg_function: the function written as `written` (a TypeName or
 * a String) taking types[0..n), into *out; "function f(integer, integer)
 * does not exist" when there is none. */
static int find_support(ls_apply *ap, const PgQuery__DefElem *d, const char **types,
		size_t n, support *out)
{
	ls_arena *a = ap->cat->arena;
	const char *schema = NULL, *name = NULL;
	const pgnode *arg = d->arg;
	if (arg && arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
		ls_name_list((const pgnode *const *)arg->type_name->names, arg->type_name->n_names,
				&schema, &name);
	else if (arg && arg->node_case == PG_QUERY__NODE__NODE_STRING)
		name = arg->string->sval;
	else if (arg && arg->node_case == PG_QUERY__NODE__NODE_LIST)
		ls_name_list((const pgnode *const *)arg->list->items, arg->list->n_items, &schema, &name);
	if (!name)
		return ls_apply_error(ap, LS_EINVAL, "%s requires a parameter", d->defname);
	int rc = 0;
	const ls_function *f = user_support(ap, schema, name, types, n, &rc);
	if (rc < 0)
		return rc;
	if (f) {
		out->qname = ls_qualify(a, f->schema, f->name);
		out->result = f->returns;
		out->strict = f->strict;
		return out->qname ? 0 : ls_apply_nomem(ap);
	}
	for (size_t i = 0; (!schema || !strcmp(schema, "pg_catalog")) &&
			i < sizeof builtins / sizeof *builtins; i++) {
		const builtin_fn *b = &builtins[i];
		bool ok = !strcmp(b->name, name) && (size_t)b->nargs == n;
		for (size_t k = 0; ok && k < n; k++)
			ok = accepts(b->args[k], types[k]);
		if (ok) {
			out->qname = ls_qualify(a, "pg_catalog", b->name);
			out->result = b->result;
			out->strict = builtin_strict(b->name);
			return out->qname ? 0 : ls_apply_nomem(ap);
		}
	}
	const char *sig = "";
	for (size_t k = 0; sig && k < n; k++)
		sig = ls_arena_printf(a, "%s%s%s", sig, k ? ", " : "", types[k]);
	if (!sig)
		return ls_apply_nomem(ap);
	/* introspect names built-in support functions pg_catalog.f: one the
	 * table above lacks exists on the server, and is refused by name */
	if (schema && !strcmp(schema, "pg_catalog"))
		return ls_apply_error(ap, LS_EUNSUPPORTED,
				"built-in function pg_catalog.%s(%s) of an aggregate is not supported", name, sig);
	return ls_apply_error(ap, LS_EINVAL, "function %s%s%s(%s) does not exist", schema ? schema : "",
			schema ? "." : "", name, sig);
}

/* The options of CREATE AGGREGATE, by name. */
typedef struct aopts {
	const PgQuery__DefElem *sfunc, *stype, *sspace, *finalfunc, *finalfunc_extra,
		*finalfunc_modify, *combinefunc, *serialfunc, *deserialfunc, *initcond, *msfunc,
		*minvfunc, *mstype, *msspace, *mfinalfunc, *mfinalfunc_extra, *mfinalfunc_modify,
		*minitcond, *sortop, *parallel, *hypothetical, *basetype;
} aopts;

static int read_opts(ls_apply *ap, const PgQuery__DefineStmt *d, aopts *o)
{
	static const struct { const char *name; size_t off; } names[] = {
#define O(x) {#x, offsetof(aopts, x)}
		O(sfunc), O(stype), O(sspace), O(finalfunc), O(finalfunc_extra), O(finalfunc_modify),
		O(combinefunc), O(serialfunc), O(deserialfunc), O(initcond), O(msfunc), O(minvfunc),
		O(mstype), O(msspace), O(mfinalfunc), O(mfinalfunc_extra), O(mfinalfunc_modify),
		O(minitcond), O(sortop), O(parallel), O(hypothetical), O(basetype),
		{"sfunc1", offsetof(aopts, sfunc)}, {"stype1", offsetof(aopts, stype)},
		{"initcond1", offsetof(aopts, initcond)},
#undef O
	};
	for (size_t i = 0; i < d->n_definition; i++) {
		if (d->definition[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported aggregate option");
		const PgQuery__DefElem *e = d->definition[i]->def_elem;
		for (size_t k = 0; k < sizeof names / sizeof *names; k++)
			if (!strcmp(e->defname, names[k].name))
				*(const PgQuery__DefElem **)((char *)o + names[k].off) = e;
		/* an unknown attribute is only a WARNING on the server */
	}
	return 0;
}

/* defGetString of an option: a string, a number, or a bare word; its
 * text in buf (integers) or in the parse tree, which lives as long as the
 * statement. NULL when it has no value. */
static const char *opt_word(const PgQuery__DefElem *e, char buf[24])
{
	if (!e || !e->arg)
		return NULL;
	const pgnode *v = e->arg;
	switch (v->node_case) {
	case PG_QUERY__NODE__NODE_STRING: return v->string->sval;
	case PG_QUERY__NODE__NODE_INTEGER:
		snprintf(buf, 24, "%d", (int)v->integer->ival);
		return buf;
	case PG_QUERY__NODE__NODE_FLOAT: return v->float_->fval;
	case PG_QUERY__NODE__NODE_TYPE_NAME:
		if (v->type_name->n_names > 0 &&
				v->type_name->names[v->type_name->n_names - 1]->node_case == PG_QUERY__NODE__NODE_STRING)
			return v->type_name->names[v->type_name->n_names - 1]->string->sval;
		return NULL;
	case PG_QUERY__NODE__NODE_A_CONST: {
		const PgQuery__AConst *k = v->a_const;
		if (k->val_case == PG_QUERY__A__CONST__VAL_SVAL)
			return k->sval->sval;
		if (k->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
			snprintf(buf, 24, "%d", (int)k->ival->ival);
			return buf;
		}
		if (k->val_case == PG_QUERY__A__CONST__VAL_FVAL)
			return k->fval->fval;
		return NULL;
	}
	default: return NULL;
	}
}

/* An option's text (INITCOND, MINITCOND) copied into the catalog's arena
 * into *out: LS_EINVAL "NAME requires a parameter" when it has none,
 * LS_ENOMEM when the copy fails. */
static int opt_string(ls_apply *ap, const PgQuery__DefElem *e, const char **out)
{
	char buf[24];
	const char *w = opt_word(e, buf);
	if (!w)
		return ls_apply_error(ap, LS_EINVAL, "%s requires a parameter", e->defname);
	return (*out = ls_arena_strdup(ap->cat->arena, w)) ? 0 : ls_apply_nomem(ap);
}

static const char *opt_type(ls_apply *ap, const PgQuery__DefElem *e)
{
	if (!e)
		return NULL;
	if (e->arg && e->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
		return ls_function_type_name(ap, e->arg->type_name);
	ls_apply_error(ap, LS_EINVAL, "%s requires a type name", e->defname);
	return NULL;
}

static bool opt_bool(const PgQuery__DefElem *e)
{
	if (!e)
		return false;
	if (!e->arg)
		return true;
	if (e->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
		return e->arg->boolean->boolval;
	if (e->arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
		return e->arg->integer->ival != 0;
	if (e->arg->node_case == PG_QUERY__NODE__NODE_STRING)
		return strcmp(e->arg->string->sval, "false") && strcmp(e->arg->string->sval, "off") &&
			strcmp(e->arg->string->sval, "0");
	return true;
}

static int opt_int(ls_apply *ap, const PgQuery__DefElem *e, int *out)
{
	char buf[24];
	const char *s = opt_word(e, buf);
	char *end;
	if (!e)
		return 0;
	long v = s ? strtol(s, &end, 10) : 0;
	if (!s || *end || v < 0 || v > 0x7fffffff)
		return ls_apply_error(ap, LS_EINVAL, "%s requires an integer value", e->defname);
	*out = (int)v;
	return 0;
}

static int opt_modify(ls_apply *ap, const PgQuery__DefElem *e, char dflt, char *out)
{
	*out = dflt;
	if (!e)
		return 0;
	char buf[24];
	const char *s = opt_word(e, buf);
	if (s && !strcasecmp(s, "read_only"))
		*out = 'r';
	else if (s && !strcasecmp(s, "shareable"))
		*out = 's';
	else if (s && !strcasecmp(s, "read_write"))
		*out = 'w';
	else
		return ls_apply_error(ap, LS_EINVAL, "parameter \"%s\" must be READ_ONLY, SHAREABLE, or READ_WRITE",
				e->defname);
	return 0;
}

/* The aggregate's parameters: d->args is (list of FunctionParameter, number
 * of direct arguments or -1); the old syntax names one BASETYPE ("ANY":
 * none). */
static int agg_params(ls_apply *ap, const PgQuery__DefineStmt *d, const aopts *o, ls_fparam **p,
		size_t *n, int *ndirect)
{
	*p = NULL;
	*n = 0;
	*ndirect = -1;
	if (d->oldstyle) {
		if (!o->basetype)
			return ls_apply_error(ap, LS_EINVAL, "aggregate input type must be specified");
		char buf[24];
		const char *bt = opt_word(o->basetype, buf);
		if (bt && !strcasecmp(bt, "any"))
			return 0;
		ls_fparam *x = LS_PUSH(ap->cat, *p, *n);
		if (!x)
			return ls_apply_nomem(ap);
		x->mode = 'i';
		x->name = "";
		return (x->type = opt_type(ap, o->basetype)) ? 0 : ap->err->code;
	}
	if (o->basetype)
		return ls_apply_error(ap, LS_EINVAL, "basetype is redundant with aggregate input type specification");
	if (d->n_args != 2)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported aggregate arguments");
	const pgnode *list = d->args[0], *num = d->args[1];
	if (num->node_case == PG_QUERY__NODE__NODE_INTEGER)
		*ndirect = (int)num->integer->ival;
	if (list->node_case == PG_QUERY__NODE__NODE_LIST)
		return ls_function_read_params(ap, list->list->items, list->list->n_items, false, p, n);
	return 0;
}

/* arguments as pg_get_function_arguments prints an aggregate's. */
static const char *agg_args_text(ls_apply *ap, const ls_fparam *p, size_t n, int ndirect)
{
	ls_arena *a = ap->cat->arena;
	if (n == 0)
		return ndirect < 0 ? "*" : "";
	if (ndirect < 0)
		return ls_function_args_text(ap, p, n, false, false);
	size_t nd = (size_t)ndirect;
	const char *dir = ls_function_args_text(ap, p, nd, false, false);
	/* VARIADIC x ORDER BY VARIADIC x is stored as the one parameter */
	const char *ord = nd == n ? ls_function_args_text(ap, p + n - 1, 1, false, false) :
		ls_function_args_text(ap, p + nd, n - nd, false, false);
	if (!dir || !ord)
		return NULL;
	return ls_arena_printf(a, "%s%sORDER BY %s", dir, nd ? " " : "", ord);
}

const char *ls_aggregate_param_text(ls_arena *a, const char *args)
{
	if (!strcmp(args, "*"))
		return "";
	const char *ob = strstr(args, "ORDER BY ");
	if (!ob)
		return args;
	size_t dl = (size_t)(ob - args);
	const char *ord = ob + 9;
	if (dl == 0)
		return ord;
	dl--; /* the space before ORDER BY */
	size_t ol = strlen(ord);
	if (!strncmp(ord, "VARIADIC ", 9) && dl >= ol && !strncmp(args + dl - ol, ord, ol))
		return ls_arena_printf(a, "%.*s", (int)dl, args);
	return ls_arena_printf(a, "%.*s, %s", (int)dl, args, ord);
}

/* The types the support functions are called with, stype first. */
static const char **call_types(ls_apply *ap, const char *stype, const ls_fparam *p, size_t n,
		size_t *count)
{
	const char **t = ls_arena_alloc(ap->cat->arena, (n + 1) * sizeof *t);
	if (!t)
		return NULL;
	t[0] = stype;
	*count = 1;
	for (size_t i = 0; i < n; i++)
		if (p[i].mode != 'o' && p[i].mode != 't')
			t[(*count)++] = p[i].type;
	return t;
}

/* A transition (or combine) function taking types[0..n) and returning
 * stype, into *out; *strict (may be NULL) says whether it is strict. */
static int transition(ls_apply *ap, const PgQuery__DefElem *e, const char **types, size_t n,
		const char *stype, const char **out, bool *strict)
{
	support s = {0};
	int rc = find_support(ap, e, types, n, &s);
	if (rc < 0)
		return rc;
	char buf[24];
	const char *written = opt_word(e, buf);
	if (s.result && strcmp(s.result, stype) && !(polymorphic(s.result) && polymorphic(stype)))
		return ls_apply_error(ap, LS_EINVAL, "return type of transition function %s is not %s",
				written ? written : s.qname, stype);
	*out = s.qname;
	if (strict)
		*strict = s.strict;
	return 0;
}

/* AggregateCreate: a strict transition function with no initial value
 * takes the first aggregated input as its first state, so that input must
 * be of the state type (binary coercible: the same type here). */
static int check_initval(ls_apply *ap, bool strict, const char *init, const char **types,
		size_t nt, size_t first, const char *stype, bool moving)
{
	if (!strict || init)
		return 0;
	if (first + 1 < nt && !strcmp(types[first + 1], stype))
		return 0;
	return ls_apply_error(ap, LS_EINVAL, moving ?
			"must not omit initial value when moving-aggregate transition function is strict and "
			"moving-aggregate state type is not compatible with input type" :
			"must not omit initial value when transition function is strict and transition type "
			"is not compatible with input type");
}

/* FINALFUNC (or MFINALFUNC): called with the state, the direct
 * arguments of an ordered-set aggregate, or every argument with _EXTRA. */
static int final(ls_apply *ap, const PgQuery__DefElem *e, bool extra, const char **types,
		size_t n, size_t ndirect, char kind, const char **name, const char **result)
{
	support s;
	size_t use = extra ? n : kind != 'n' ? ndirect + 1 : 1;
	int rc = find_support(ap, e, types, use, &s);
	if (rc < 0)
		return rc;
	*name = s.qname;
	*result = s.result;
	return 0;
}

/* COMBINEFUNC, SERIALFUNC and DESERIALFUNC (partial aggregation). */
static int read_partial(ls_apply *ap, const aopts *o, ls_aggregate *g)
{
	int rc;
	if (o->combinefunc) {
		const char *ct[2] = {g->stype, g->stype};
		if ((rc = transition(ap, o->combinefunc, ct, 2, g->stype, &g->combinefunc, NULL)) < 0)
			return rc;
		if (g->kind != 'n')
			return ls_apply_error(ap, LS_EINVAL, "ordered-set aggregates cannot have a combine function");
	}
	if ((o->serialfunc || o->deserialfunc) && strcmp(g->stype, "internal"))
		return ls_apply_error(ap, LS_EINVAL,
				"serialization functions may be specified only when the aggregate transition data type is %s",
				"internal");
	if (o->serialfunc) {
		support s;
		const char *st[1] = {"internal"};
		if ((rc = find_support(ap, o->serialfunc, st, 1, &s)) < 0)
			return rc;
		g->serialfunc = s.qname;
	}
	if (o->deserialfunc) {
		support s;
		const char *dt[2] = {"bytea", "internal"};
		if ((rc = find_support(ap, o->deserialfunc, dt, 2, &s)) < 0)
			return rc;
		g->deserialfunc = s.qname;
	}
	return 0;
}

/* The moving-aggregate options (MSFUNC, MINVFUNC, MSTYPE, ...), whose
 * result must be the plain implementation's (returns). */
static int read_moving(ls_apply *ap, const aopts *o, const ls_fparam *p, size_t n,
		ls_aggregate *g, const char *returns)
{
	size_t nt;
	int rc;
	bool mstrict = false;
	if (o->mstype || o->msfunc || o->minvfunc) {
		if (!o->mstype || !o->msfunc || !o->minvfunc)
			return ls_apply_error(ap, LS_EINVAL, "aggregate %s must be specified when %s is specified",
					!o->mstype ? "mstype" : !o->msfunc ? "msfunc" : "minvfunc",
					o->mstype ? "mstype" : "msfunc");
		if (g->kind != 'n')
			return ls_apply_error(ap, LS_EINVAL, "ordered-set aggregates cannot have moving-aggregate support");
		if (!(g->mstype = opt_type(ap, o->mstype)))
			return ap->err->code;
		const char **mt = call_types(ap, g->mstype, p, n, &nt);
		if (!mt)
			return ls_apply_nomem(ap);
		if (o->minitcond && (rc = opt_string(ap, o->minitcond, &g->minitcond)) < 0)
			return rc;
		if ((rc = transition(ap, o->msfunc, mt, nt, g->mstype, &g->msfunc, &mstrict)) < 0 ||
				(rc = check_initval(ap, mstrict, g->minitcond, mt, nt, 0, g->mstype, true)) < 0 ||
				(rc = transition(ap, o->minvfunc, mt, nt, g->mstype, &g->minvfunc, NULL)) < 0)
			return rc;
		const char *mres = NULL;
		if (o->mfinalfunc && (rc = final(ap, o->mfinalfunc, opt_bool(o->mfinalfunc_extra), mt, nt,
				0, 'n', &g->mfinalfunc, &mres)) < 0)
			return rc;
		if ((mres ? mres : g->mstype) && strcmp(mres ? mres : g->mstype, returns))
			return ls_apply_error(ap, LS_EINVAL,
					"moving-aggregate implementation returns type %s, but plain implementation returns type %s",
					mres ? mres : g->mstype, returns);
		g->mfinalfunc_extra = opt_bool(o->mfinalfunc_extra);
	} else if (o->mfinalfunc || o->minitcond || o->msspace || o->mfinalfunc_extra || o->mfinalfunc_modify) {
		const char *w = o->mfinalfunc ? "mfinalfunc" : o->minitcond ? "minitcond" :
			o->msspace ? "msspace" : o->mfinalfunc_extra ? "mfinalfunc_extra" : "mfinalfunc_modify";
		return ls_apply_error(ap, LS_EINVAL, "aggregate %s must not be specified without mstype", w);
	}
	return 0;
}

/* SORTOP: an operator of pg_catalog (user operators are not modelled). */
static int read_sortop(ls_apply *ap, const aopts *o, size_t n, ls_aggregate *g)
{
	if (o->sortop) {
		const pgnode *v = o->sortop->arg;
		const char *schema = NULL, *name = NULL;
		if (v && v->node_case == PG_QUERY__NODE__NODE_LIST)
			ls_name_list((const pgnode *const *)v->list->items, v->list->n_items, &schema, &name);
		else if (v && v->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
			ls_name_list((const pgnode *const *)v->type_name->names, v->type_name->n_names, &schema, &name);
		if (!name)
			return ls_apply_error(ap, LS_EINVAL, "sortop requires an operator name");
		if (n != 1)
			return ls_apply_error(ap, LS_EINVAL, "sort operator can only be specified for single-argument aggregates");
		g->sortop = ls_arena_printf(ap->cat->arena, "%s.%s", schema ? schema : "pg_catalog", name);
		if (!g->sortop)
			return ls_apply_nomem(ap);
	}
	return 0;
}

/* The pg_aggregate row of an aggregate with parameters p[0..n) (ndirect
 * of them direct, -1 for a plain aggregate) from its options, checked as
 * DefineAggregate and AggregateCreate check them; *returns gets its result
 * type. 0 or a negative LS_E* set on ap. */
static int read_aggregate(ls_apply *ap, const aopts *o, const ls_fparam *p, size_t n,
		int ndirect, ls_aggregate *g, const char **returns)
{
	size_t nt;
	int rc;
	g->kind = ndirect < 0 ? 'n' : o->hypothetical ? 'h' : 'o';
	g->direct_args = ndirect < 0 ? 0 : ndirect;
	if (o->hypothetical && ndirect < 0)
		return ls_apply_error(ap, LS_EINVAL, "only ordered-set aggregates can be hypothetical");
	if (!o->stype)
		return ls_apply_error(ap, LS_EINVAL, "aggregate stype must be specified");
	if (!o->sfunc)
		return ls_apply_error(ap, LS_EINVAL, "aggregate sfunc must be specified");
	if (!(g->stype = opt_type(ap, o->stype)))
		return ap->err->code;
	const char **types = call_types(ap, g->stype, p, n, &nt);
	if (!types)
		return ls_apply_nomem(ap);
	/* an ordered-set aggregate's transition function gets the aggregated
	 * arguments only (AggregateCreate), its final function the direct
	 * ones too */
	const char **ttypes = types;
	size_t tn = nt;
	if (g->kind != 'n' && (size_t)g->direct_args < nt - 1) {
		if (!(ttypes = ls_arena_alloc(ap->cat->arena, nt * sizeof *ttypes)))
			return ls_apply_nomem(ap);
		ttypes[0] = g->stype;
		tn = nt - (size_t)g->direct_args;
		memcpy(ttypes + 1, types + 1 + g->direct_args, (tn - 1) * sizeof *ttypes);
	}
	bool strict = false;
	if (o->initcond && (rc = opt_string(ap, o->initcond, &g->initcond)) < 0)
		return rc;
	if ((rc = transition(ap, o->sfunc, ttypes, tn, g->stype, &g->sfunc, &strict)) < 0 ||
			(rc = check_initval(ap, strict, g->initcond, ttypes, tn, 0, g->stype, false)) < 0 ||
			(rc = opt_int(ap, o->sspace, &g->sspace)) < 0 || (rc = opt_int(ap, o->msspace, &g->msspace)) < 0)
		return rc;
	*returns = g->stype;
	if (o->finalfunc && (rc = final(ap, o->finalfunc, opt_bool(o->finalfunc_extra), types, nt,
			(size_t)g->direct_args, g->kind, &g->finalfunc, returns)) < 0)
		return rc;
	g->finalfunc_extra = opt_bool(o->finalfunc_extra);
	if ((rc = opt_modify(ap, o->finalfunc_modify, g->kind == 'n' ? 'r' : 'w', &g->finalfunc_modify)) < 0 ||
			(rc = opt_modify(ap, o->mfinalfunc_modify, g->kind == 'n' ? 'r' : 'w',
					&g->mfinalfunc_modify)) < 0)
		return rc;
	if ((rc = read_partial(ap, o, g)) < 0 || (rc = read_moving(ap, o, p, n, g, *returns)) < 0)
		return rc;
	return read_sortop(ap, o, n, g);
}

bool ls_aggregate_uses(const ls_function *g, const char *fq)
{
	const ls_aggregate *a = g->aggregate;
	if (!a)
		return false;
	const char *fns[] = {a->sfunc, a->finalfunc, a->combinefunc, a->serialfunc,
		a->deserialfunc, a->msfunc, a->minvfunc, a->mfinalfunc};
	for (size_t i = 0; i < sizeof fns / sizeof *fns; i++)
		if (fns[i] && !strcmp(fns[i], fq))
			return true;
	return false;
}

/* One name of an aggregate, retargeted as ls_aggregates_retarget says;
 * *changed is set when it is. */
static const char *retarget(ls_arena *a, const char *s, const char *old, const char *nw,
		bool prefix, bool *changed)
{
	size_t n = strlen(old);
	if (!s || strncmp(s, old, n))
		return s;
	if ((prefix && s[n] == '.') || (!prefix && (s[n] == '\0' || !strcmp(s + n, "[]")))) {
		*changed = true;
		return ls_arena_printf(a, "%s%s", nw, s + n);
	}
	return s;
}

int ls_aggregates_retarget(ls_catalog *cat, const char *old, const char *new_name, bool prefix)
{
	ls_arena *a = cat->arena;
	for (size_t i = 0; i < cat->n_functions; i++) {
		ls_function *f = &cat->functions[i];
		if (!f->aggregate)
			continue;
		/* the aggregate is shared with copies of the catalog: changed on a
		 * copy of its own */
		ls_aggregate g = *f->aggregate;
		bool changed = false;
		const char **fields[] = {&g.sfunc, &g.stype, &g.finalfunc, &g.combinefunc, &g.serialfunc,
			&g.deserialfunc, &g.msfunc, &g.minvfunc, &g.mstype, &g.mfinalfunc};
		for (size_t k = 0; k < sizeof fields / sizeof *fields; k++)
			*fields[k] = retarget(a, *fields[k], old, new_name, prefix, &changed);
		if (!changed)
			continue;
		ls_aggregate *c = ls_arena_alloc(a, sizeof *c);
		if (!c || ls_arena_failed(a))
			return LS_ENOMEM;
		*c = g;
		f->aggregate = c;
	}
	return 0;
}

/* AggregateCreate's checks when OR REPLACE meets a routine of the same
 * signature (ProcedureCreate's are the caller's). */
static int check_replace(ls_apply *ap, const ls_function *old, const ls_function *nf)
{
	if (old->kind != 'a')
		return ls_apply_error(ap, LS_EINVAL, "cannot change routine kind");
	if (strcmp(old->returns, nf->returns))
		return ls_apply_error(ap, LS_EINVAL, "cannot change return type of existing function");
	if (old->aggregate->kind != nf->aggregate->kind)
		return ls_apply_error(ap, LS_EINVAL, "cannot change routine kind");
	if (old->aggregate->direct_args != nf->aggregate->direct_args)
		return ls_apply_error(ap, LS_EINVAL,
				"cannot change number of direct arguments of an aggregate function");
	return 0;
}

int ls_apply_create_aggregate(ls_apply *ap, const PgQuery__DefineStmt *d)
{
	ls_catalog *cat = ap->cat;
	ls_function nf = {0};
	aopts o = {0};
	ls_fparam *p;
	size_t n;
	int ndirect, rc;
	const char *schema, *name;
	ls_aggregate *g = ls_arena_alloc(cat->arena, sizeof *g);
	if (!g)
		return ls_apply_nomem(ap);
	memset(g, 0, sizeof *g);
	if (ls_name_list((const pgnode *const *)d->defnames, d->n_defnames, &schema, &name) < 0 || !name)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported aggregate name");
	if (!(nf.schema = ls_creation_schema(ap, schema)))
		return ap->err->code;
	if ((rc = read_opts(ap, d, &o)) < 0 || (rc = agg_params(ap, d, &o, &p, &n, &ndirect)) < 0 ||
			(rc = read_aggregate(ap, &o, p, n, ndirect, g, &nf.returns)) < 0)
		return rc;
	nf.name = ls_arena_strdup(cat->arena, name);
	nf.kind = 'a';
	nf.volatility = 'i';
	char buf[24];
	const char *par = opt_word(o.parallel, buf);
	nf.parallel = !par ? "UNSAFE" : !strcasecmp(par, "safe") ? "SAFE" :
		!strcasecmp(par, "restricted") ? "RESTRICTED" : !strcasecmp(par, "unsafe") ? "UNSAFE" : NULL;
	if (!nf.parallel)
		return ls_apply_error(ap, LS_EINVAL, "parameter \"parallel\" must be SAFE, RESTRICTED, or UNSAFE");
	nf.arguments = agg_args_text(ap, p, n, ndirect);
	nf.identity_args = nf.arguments;
	nf.aggregate = g;
	if (!nf.name || !nf.arguments)
		return ls_apply_nomem(ap);
	const char *types = ls_function_input_types(ap, &nf);
	ls_function *old = NULL;
	if (!types)
		return ap->err->code;
	if ((rc = ls_find_function(ap, nf.schema, nf.name, types, &old)) < 0)
		return rc;
	if (old && !d->replace)
		return ls_apply_error(ap, LS_EINVAL, "function \"%s\" already exists with same argument types", nf.name);
	if (old && (rc = check_replace(ap, old, &nf)) < 0)
		return rc;
	return ls_function_put(ap, old, &nf);
}

/* Expression types and the implicit casts of operator and function
 * resolution.
 *
 * The server resolves `unit_cents * quantity * tax_rate` (bigint, integer,
 * numeric) to int8 * int4 → bigint, then bigint * numeric, for which no
 * operator exists: of the candidates the arguments reach by implicit casts
 * (pg_cast castcontext 'i'), numeric * numeric matches one argument exactly
 * and wins, so the server stores and prints `(unit_cents * quantity)::numeric
 * * tax_rate`. The same selection (parse_func.c func_select_candidate: most
 * exact matches, then preferred types of the argument's category where a
 * conversion is needed, then the string category for unknown literals) is
 * made here over the data of expr_type_data.c, and the cast is added to
 * every argument whose type is not the chosen one: an expression, a column
 * (split_part(email::text, ...) for a varchar email) or a number
 * (price::numeric / 100::numeric), as the server prints them. The user's own
 * casts are never dropped here: with the server's casts added on both sides,
 * x::numeric / 100 and x / 100 stay apart. Whenever a type is not known, or
 * the choice is not unique, nothing is changed: no guessing.
 */
#define _POSIX_C_SOURCE 200809L
#include "expr_type.h"
#include "name_index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ty_info {
	const char *spelling;  /* format_type, without type modifier */
	char category;         /* pg_type.typcategory */
	bool preferred;        /* pg_type.typispreferred */
} ty_info;

static const ty_info types[TY_COUNT] = {
	[TY_UNKNOWN] = {"unknown", 'X', false},
	[TY_INT2] = {"smallint", 'N', false},
	[TY_INT4] = {"integer", 'N', false},
	[TY_INT8] = {"bigint", 'N', false},
	[TY_NUMERIC] = {"numeric", 'N', false},
	[TY_FLOAT4] = {"real", 'N', false},
	[TY_FLOAT8] = {"double precision", 'N', true},
	[TY_TEXT] = {"text", 'S', true},
	[TY_VARCHAR] = {"character varying", 'S', false},
	[TY_BPCHAR] = {"character", 'S', false},
	[TY_NAME] = {"name", 'S', false},
	[TY_DATE] = {"date", 'D', false},
	[TY_TS] = {"timestamp without time zone", 'D', false},
	[TY_TSTZ] = {"timestamp with time zone", 'D', true},
	[TY_TIME] = {"time without time zone", 'D', false},
	[TY_INTERVAL] = {"interval", 'T', true},
	[TY_BOOL] = {"boolean", 'B', true},
	[TY_JSONB] = {"jsonb", 'U', false},
	[TY_JSON] = {"json", 'U', false},
	[TY_UUID] = {"uuid", 'U', false},
	[TY_BYTEA] = {"bytea", 'U', false},
	[TY_REGCLASS] = {"regclass", 'N', false},
};

/* pg_cast rows with castcontext 'i' between the known types. */
static const struct {
	ls_ty from, to;
} implicit_casts[] = {
	{TY_INT2, TY_INT4}, {TY_INT2, TY_INT8}, {TY_INT2, TY_NUMERIC}, {TY_INT2, TY_FLOAT4},
	{TY_INT2, TY_FLOAT8}, {TY_INT4, TY_INT8}, {TY_INT4, TY_NUMERIC}, {TY_INT4, TY_FLOAT4},
	{TY_INT4, TY_FLOAT8}, {TY_INT8, TY_NUMERIC}, {TY_INT8, TY_FLOAT4}, {TY_INT8, TY_FLOAT8},
	{TY_NUMERIC, TY_FLOAT4}, {TY_NUMERIC, TY_FLOAT8}, {TY_FLOAT4, TY_FLOAT8},
	{TY_TEXT, TY_BPCHAR}, {TY_TEXT, TY_VARCHAR}, {TY_TEXT, TY_NAME},
	{TY_VARCHAR, TY_TEXT}, {TY_VARCHAR, TY_BPCHAR}, {TY_VARCHAR, TY_NAME},
	{TY_BPCHAR, TY_TEXT}, {TY_BPCHAR, TY_VARCHAR}, {TY_BPCHAR, TY_NAME}, {TY_NAME, TY_TEXT},
	{TY_DATE, TY_TS}, {TY_DATE, TY_TSTZ}, {TY_TS, TY_TSTZ}, {TY_TIME, TY_INTERVAL},
};

static bool implicit(ls_ty from, ls_ty to)
{
	if (from == to || from == TY_UNKNOWN)
		return true;
	for (size_t i = 0; i < sizeof implicit_casts / sizeof implicit_casts[0]; i++)
		if (implicit_casts[i].from == from && implicit_casts[i].to == to)
			return true;
	return false;
}

/* The known type of a canonical spelling (type modifiers ignored), or
 * TY_NONE: arrays, domains, user and extension types. */
static ls_ty ty_of(const char *type)
{
	if (!type)
		return TY_NONE;
	char base[64];
	ls_type_base(type, base, sizeof base);
	for (int t = TY_UNKNOWN; t < TY_COUNT; t++)
		if (!strcmp(types[t].spelling, base))
			return (ls_ty)t;
	return TY_NONE;
}

/* func_select_candidate over the signatures whose name and arity match:
 * the index of the one chosen, or -1 when none or not unique. sig(i, k)
 * gives argument k of candidate i. */
typedef ls_ty (*sig_arg)(size_t i, int k);
typedef bool (*sig_match)(size_t i, const char *name, int nargs);

static int choose(const char *name, const ls_ty *args, int nargs, size_t count, sig_match match,
		sig_arg arg)
{
	/* scores compared in order: exact matches, preferred types where a
	 * known argument is converted, then at unknown (literal) positions the
	 * string category and that category's preferred type */
	int best = -1, ties = 0, top[4] = {-1, -1, -1, -1};
	for (size_t i = 0; i < count; i++) {
		if (!match(i, name, nargs))
			continue;
		int sc[4] = {0, 0, 0, 0};
		bool ok = true;
		for (int k = 0; k < nargs && ok; k++) {
			ls_ty want = arg(i, k);
			ok = implicit(args[k], want);
			if (args[k] == want)
				sc[0]++;
			else if (args[k] != TY_UNKNOWN && types[want].preferred &&
					types[want].category == types[args[k]].category)
				sc[1]++;
			else if (args[k] == TY_UNKNOWN && types[want].category == 'S')
				sc[2] += 1, sc[3] += types[want].preferred;
		}
		if (!ok)
			continue;
		int cmp = 0;
		for (int j = 0; j < 4 && !cmp; j++)
			cmp = (sc[j] > top[j]) - (sc[j] < top[j]);
		if (cmp > 0) {
			best = (int)i;
			memcpy(top, sc, sizeof top);
			ties = 0;
		} else if (cmp == 0) {
			ties++;
		}
	}
	return ties ? -1 : best;
}

static bool op_match(size_t i, const char *name, int nargs)
{
	return nargs == 2 && !strcmp(ls_builtin_ops[i].name, name);
}

static ls_ty op_arg(size_t i, int k)
{
	return k == 0 ? ls_builtin_ops[i].left : ls_builtin_ops[i].right;
}

static bool func_match(size_t i, const char *name, int nargs)
{
	return ls_builtin_funcs[i].nargs == nargs && !strcmp(ls_builtin_funcs[i].name, name);
}

static ls_ty func_arg(size_t i, int k)
{
	return ls_builtin_funcs[i].args[k];
}

/* A binary operator: an exact match first, with an unknown side taken as
 * the other side's type (binary_oper_exact), then the candidates. */
static int resolve_op(const char *name, ls_ty l, ls_ty r)
{
	ls_ty args[2] = {l == TY_UNKNOWN ? r : l, r == TY_UNKNOWN ? l : r};
	for (size_t i = 0; i < ls_n_builtin_ops; i++)
		if (!strcmp(ls_builtin_ops[i].name, name) && ls_builtin_ops[i].left == args[0] &&
				ls_builtin_ops[i].right == args[1])
			return (int)i;
	ls_ty given[2] = {l, r};
	return choose(name, given, 2, ls_n_builtin_ops, op_match, op_arg);
}

static const char *op_name(const PgQuery__AExpr *e)
{
	if (e->n_name != 1 || e->name[0]->node_case != PG_QUERY__NODE__NODE_STRING)
		return NULL;
	return e->name[0]->string->sval;
}

/* The name of a pg_catalog function call (unqualified or pg_catalog.). */
static const char *func_name(const PgQuery__FuncCall *f)
{
	if (f->n_funcname == 2 && f->funcname[0]->node_case == PG_QUERY__NODE__NODE_STRING &&
			!strcmp(f->funcname[0]->string->sval, "pg_catalog"))
		return f->funcname[1]->node_case == PG_QUERY__NODE__NODE_STRING ?
			f->funcname[1]->string->sval : NULL;
	if (f->n_funcname != 1 || f->funcname[0]->node_case != PG_QUERY__NODE__NODE_STRING)
		return NULL;
	return f->funcname[0]->string->sval;
}

/* Argument types of a call, TY_NONE when one is not known. */
static bool arg_types(ls_norm *n, pgnode **args, size_t count, ls_ty *out)
{
	if (count > 3)
		return false;
	for (size_t k = 0; k < count; k++)
		if ((out[k] = ty_of(ls_expr_type(n, args[k]))) == TY_NONE)
			return false;
	return true;
}

static const char *const_type(const PgQuery__AConst *k)
{
	if (k->isnull)
		return "unknown";
	switch (k->val_case) {
	case PG_QUERY__A__CONST__VAL_IVAL:
		return "integer";
	case PG_QUERY__A__CONST__VAL_FVAL: {
		/* an integer too large for int4: int8 when it fits, else numeric */
		const char *s = k->fval->fval;
		if (strpbrk(s, ".eE"))
			return "numeric";
		char *end;
		long long v = strtoll(s, &end, 10);
		(void)v;
		return *end || strlen(s) > 19 ? "numeric" : "bigint";
	}
	case PG_QUERY__A__CONST__VAL_BOOLVAL:
		return "boolean";
	case PG_QUERY__A__CONST__VAL_SVAL:
		return "unknown";
	default:
		return NULL;
	}
}

static const char *aexpr_type(ls_norm *n, const PgQuery__AExpr *e)
{
	if (e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF)
		return ls_expr_type(n, e->lexpr);
	if (e->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP)
		return e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY ||
			e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL ||
			e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT ||
			e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT ? "boolean" : NULL;
	const char *name = op_name(e);
	if (!name || !e->lexpr || !e->rexpr)
		return NULL; /* prefix operators: not resolved here */
	ls_ty l = ty_of(ls_expr_type(n, e->lexpr)), r = ty_of(ls_expr_type(n, e->rexpr));
	if (l == TY_NONE || r == TY_NONE)
		return NULL;
	int i = resolve_op(name, l, r);
	return i < 0 ? NULL : types[ls_builtin_ops[i].result].spelling;
}

static const char *func_type(ls_norm *n, const PgQuery__FuncCall *f)
{
	const char *name = func_name(f);
	if (!name)
		return ls_expr_user_call_type(n, f);
	if (!strcmp(name, "count"))
		return "bigint";
	ls_ty args[3];
	if (f->agg_star || !arg_types(n, f->args, f->n_args, args))
		return NULL;
	int i = choose(name, args, (int)f->n_args, ls_n_builtin_funcs, func_match, func_arg);
	return i < 0 ? NULL : types[ls_builtin_funcs[i].result].spelling;
}

const char *ls_expr_type(ls_norm *n, const pgnode *e)
{
	if (!e)
		return NULL;
	switch (e->node_case) {
	case PG_QUERY__NODE__NODE_A_CONST:
		return const_type(e->a_const);
	case PG_QUERY__NODE__NODE_COLUMN_REF:
		return ls_norm_coltype(n, e->column_ref);
	case PG_QUERY__NODE__NODE_TYPE_CAST:
		return ls_norm_type_name(n, e->type_cast->type_name);
	case PG_QUERY__NODE__NODE_A_EXPR:
		return aexpr_type(n, e->a_expr);
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		return func_type(n, e->func_call);
	case PG_QUERY__NODE__NODE_BOOL_EXPR:
	case PG_QUERY__NODE__NODE_NULL_TEST:
	case PG_QUERY__NODE__NODE_BOOLEAN_TEST:
		return "boolean";
	case PG_QUERY__NODE__NODE_SUB_LINK:
		return e->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK ||
			e->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK ? NULL : "boolean";
	case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
		return ls_expr_type(n, e->collate_clause->arg);
	case PG_QUERY__NODE__NODE_COALESCE_EXPR:
		return ls_expr_common_type(n, e->coalesce_expr->args, e->coalesce_expr->n_args, NULL);
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR: {
		const PgQuery__AArrayExpr *a = e->a_array_expr;
		const char *t = a->n_elements ? ls_expr_common_type(n, a->elements, a->n_elements, NULL) : NULL;
		return t && !strchr(t, '[') ? ls_arena_printf(ls_norm_scratch(n), "%s[]", t) : NULL;
	}
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
		return ls_expr_common_type(n, e->min_max_expr->args, e->min_max_expr->n_args, NULL);
	case PG_QUERY__NODE__NODE_CASE_EXPR:
		return ls_expr_common_type(n, e->case_expr->args, e->case_expr->n_args, e->case_expr->defresult);
	case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
		switch (e->sqlvalue_function->op) {
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE: return "date";
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP: return "timestamp with time zone";
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP: return "timestamp without time zone";
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA: return "name";
		default: return NULL;
		}
	default:
		return NULL;
	}
}

int ls_expr_builtin_implicit(const char *from, const char *to)
{
	ls_ty f = ty_of(from), t = ty_of(to);
	if (f == TY_NONE || t == TY_NONE)
		return -1;
	return implicit(f, t);
}

char ls_expr_builtin_category(const char *type, bool *preferred)
{
	ls_ty t = ty_of(type);
	*preferred = t != TY_NONE && types[t].preferred;
	return t == TY_NONE || t == TY_UNKNOWN ? 0 : types[t].category;
}

bool ls_expr_cast_noop(ls_norm *n, const char *from, const char *to, bool any_lhs)
{
	if (!strcmp(from, to))
		return true;
	const char *base = ls_norm_domain_base(n, from);
	if (base)
		return ls_expr_cast_noop(n, base, to, any_lhs);
	ls_ty f = ty_of(from);
	return any_lhs && !strcmp(to, "text") && (f == TY_VARCHAR || f == TY_BPCHAR || f == TY_NAME);
}

/* The type names casts are spelled with, parsed once per catalog (the
 * builder's LS_SLOT_CAST_TYPES): every operator over a column may add one,
 * and parsing "NULL::type" each time was a tenth of a schema's apply. */
typedef struct cast_type {
	const char *spelling;
	const PgQuery__TypeName *tn;
} cast_type;

typedef struct cast_types {
	cast_type *items;
	size_t n;
} cast_types;

static const PgQuery__TypeName *cast_type_name(ls_norm *n, const char *type)
{
	ls_catalog *cat = ls_norm_apply(n)->cat;
	void **slot = ls_builder_slot(cat, LS_SLOT_CAST_TYPES);
	if (!slot)
		return NULL;
	if (!*slot)
		*slot = ls_arena_alloc(cat->arena, sizeof(cast_types));
	cast_types *c = *slot;
	if (!c)
		return NULL;
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->items[i].spelling, type))
			return c->items[i].tn;
	const PgQuery__TypeName *tn = ls_parse_type_name(cat->arena, type);
	cast_type *e = tn ? ls_arena_push(cat->arena, (void **)&c->items, &c->n, sizeof *e) : NULL;
	if (!e)
		return tn;
	e->spelling = ls_arena_strdup(cat->arena, type);
	e->tn = tn;
	if (!e->spelling)
		c->n--;
	return tn;
}

/* x::type. The type name is shared with the cache (never written). */
static pgnode *cast_spelled(ls_norm *n, pgnode *x, const char *type)
{
	const PgQuery__TypeName *src = cast_type_name(n, type);
	if (!src) {
		if (ls_arena_failed(ls_norm_apply(n)->cat->arena))
			ls_norm_fail(n);
		return x;
	}
	PgQuery__TypeName *tn = ls_norm_dup(n, src, sizeof *src);
	PgQuery__TypeCast init = PG_QUERY__TYPE_CAST__INIT;
	PgQuery__TypeCast *c = ls_norm_dup(n, &init, sizeof init);
	if (!tn || !c) {
		ls_norm_fail(n);
		return x;
	}
	tn->location = -1;
	c->arg = x;
	c->type_name = tn;
	c->location = -1;
	return ls_norm_wrap(n, PG_QUERY__NODE__NODE_TYPE_CAST, c);
}

static pgnode *cast_to(ls_norm *n, pgnode *x, ls_ty to)
{
	return cast_spelled(n, x, types[to].spelling);
}

/* The known number type of a normalized expression, domains looked
 * through, or TY_NONE. */
static ls_ty number_type(ls_norm *n, const pgnode *e)
{
	const char *t = ls_expr_type(n, e);
	for (int depth = 0; t && depth < 8; depth++) {
		const char *base = ls_norm_domain_base(n, t);
		if (!base)
			break;
		t = base;
	}
	ls_ty ty = ty_of(t);
	return ty != TY_NONE && ty != TY_REGCLASS && types[ty].category == 'N' ? ty : TY_NONE;
}

/* The known string type (text, varchar, char, name) of a normalized
 * expression, domains looked through; TY_UNKNOWN for a literal; TY_NONE. */
static ls_ty string_type(ls_norm *n, const pgnode *e)
{
	const char *t = ls_expr_type(n, e);
	for (int depth = 0; t && depth < 8; depth++) {
		const char *base = ls_norm_domain_base(n, t);
		if (!base)
			break;
		t = base;
	}
	ls_ty ty = ty_of(t);
	return ty == TY_UNKNOWN || (ty != TY_NONE && types[ty].category == 'S') ? ty : TY_NONE;
}

/* An IN list of strings: the items of a known string type other than the
 * common one cast to it (the literals take it, and the normalizer drops
 * their casts; so does it the left side's cast to text). */
static void in_strings(ls_norm *n, pgnode *lhs, pgnode **items, size_t count)
{
	ls_ty common = string_type(n, lhs);
	if (common == TY_NONE || common == TY_UNKNOWN)
		return;
	for (size_t i = 0; i < count; i++) {
		ls_ty t = string_type(n, items[i]);
		if (t == TY_NONE)
			return;
		if (t != TY_UNKNOWN && t != common && !types[common].preferred && implicit(common, t) &&
				!implicit(t, common))
			common = t;
	}
	for (size_t i = 0; i < count; i++) {
		ls_ty t = string_type(n, items[i]);
		if (t != TY_UNKNOWN && t != common)
			items[i] = cast_to(n, items[i], common);
	}
}

void ls_expr_in_coerce(ls_norm *n, const char *op, pgnode **lhs, pgnode **items, size_t count,
		bool in_list)
{
	if (in_list && count > 0 && string_type(n, *lhs) != TY_NONE) {
		in_strings(n, *lhs, items, count);
		return;
	}
	ls_ty lt = number_type(n, *lhs);
	if (lt == TY_NONE || count == 0)
		return;
	ls_ty common = in_list ? lt : number_type(n, items[0]);
	for (size_t i = 0; i < count; i++) {
		ls_ty t = number_type(n, items[i]);
		if (t == TY_NONE)
			return;
		/* take the new type when the common one casts to it implicitly
		 * but not back (none of these is preferred but float8) */
		if (t != common && !types[common].preferred && implicit(common, t) && !implicit(t, common))
			common = t;
	}
	int k = resolve_op(op, lt, common);
	/* ARRAY[...] written out is coerced to the operator's right side */
	ls_ty elem = !in_list && k >= 0 ? ls_builtin_ops[k].right : common;
	for (size_t i = 0; i < count; i++)
		if (number_type(n, items[i]) != elem)
			items[i] = cast_to(n, items[i], elem);
	if (k >= 0 && ls_builtin_ops[k].left != lt)
		*lhs = cast_to(n, *lhs, ls_builtin_ops[k].left);
}

pgnode *ls_expr_row_coerce(ls_norm *n, pgnode *row, const char *type)
{
	ls_type *t = ls_norm_user_type(n, type);
	const PgQuery__RowExpr *r = row->row_expr;
	if (!t || t->kind != LS_TYPE_COMPOSITE || r->n_args > t->n_attributes)
		return row;
	PgQuery__RowExpr *c = ls_norm_dup(n, r, sizeof *r);
	pgnode **a = ls_arena_alloc(ls_norm_scratch(n), (r->n_args + 1) * sizeof *a);
	if (!c || !a) {
		ls_norm_fail(n);
		return row;
	}
	for (size_t k = 0; k < r->n_args; k++) {
		pgnode *x = r->args[k];
		a[k] = x;
		if (x->node_case != PG_QUERY__NODE__NODE_A_CONST || x->a_const->isnull ||
				(x->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL &&
				x->a_const->val_case != PG_QUERY__A__CONST__VAL_FVAL))
			continue;
		const char *own = ls_expr_type(n, x);
		if (own && strcmp(own, t->attributes[k].type))
			a[k] = cast_spelled(n, x, t->attributes[k].type);
	}
	c->args = a;
	return ls_norm_wrap(n, PG_QUERY__NODE__NODE_ROW_EXPR, c);
}

static pgnode *coerce_op(ls_norm *n, pgnode *call)
{
	const PgQuery__AExpr *e = call->a_expr;
	const char *name = op_name(e);
	if (e->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP || !name || !e->lexpr || !e->rexpr)
		return call;
	ls_ty l = ty_of(ls_expr_type(n, e->lexpr)), r = ty_of(ls_expr_type(n, e->rexpr));
	int i = l == TY_NONE || r == TY_NONE ? -1 : resolve_op(name, l, r);
	if (i < 0)
		return call;
	const ls_op_sig *op = &ls_builtin_ops[i];
	bool cast_l = l != op->left && l != TY_UNKNOWN;
	bool cast_r = r != op->right && r != TY_UNKNOWN;
	if (!cast_l && !cast_r)
		return call;
	PgQuery__AExpr *c = ls_norm_dup(n, e, sizeof *e);
	if (!c)
		return call;
	if (cast_l)
		c->lexpr = cast_to(n, c->lexpr, op->left);
	if (cast_r)
		c->rexpr = cast_to(n, c->rexpr, op->right);
	return ls_norm_wrap(n, PG_QUERY__NODE__NODE_A_EXPR, c);
}

static pgnode *coerce_func(ls_norm *n, pgnode *call)
{
	const PgQuery__FuncCall *f = call->func_call;
	const char *name = func_name(f);
	ls_ty args[3];
	if (!name || f->n_args == 0 || f->agg_star || f->func_variadic || !arg_types(n, f->args, f->n_args, args))
		return call;
	int i = choose(name, args, (int)f->n_args, ls_n_builtin_funcs, func_match, func_arg);
	if (i < 0)
		return call;
	const ls_func_sig *sig = &ls_builtin_funcs[i];
	PgQuery__FuncCall *c = NULL;
	for (size_t k = 0; k < f->n_args; k++) {
		if (args[k] == sig->args[k] || args[k] == TY_UNKNOWN)
			continue;
		if (!c) {
			c = ls_norm_dup(n, f, sizeof *f);
			pgnode **a = ls_arena_alloc(ls_norm_scratch(n), f->n_args * sizeof *a);
			if (!c || !a) {
				ls_norm_fail(n);
				return call;
			}
			memcpy(a, f->args, f->n_args * sizeof *a);
			c->args = a;
		}
		c->args[k] = cast_to(n, c->args[k], sig->args[k]);
	}
	return c ? ls_norm_wrap(n, PG_QUERY__NODE__NODE_FUNC_CALL, c) : call;
}

pgnode *ls_expr_coerce(ls_norm *n, pgnode *call)
{
	if (!call || ls_norm_failed(n))
		return call;
	if (call->node_case == PG_QUERY__NODE__NODE_A_EXPR)
		return coerce_op(n, call);
	if (call->node_case == PG_QUERY__NODE__NODE_FUNC_CALL)
		return coerce_func(n, call);
	return call;
}

pgnode *ls_expr_respell(ls_norm *n, pgnode *cast)
{
	static const char *const aliases[] = {"int2", "int4", "int8", "float4", "float8", "bool",
		"timestamptz", "timetz", "varbit"};
	if (!cast || cast->node_case != PG_QUERY__NODE__NODE_TYPE_CAST)
		return cast;
	const PgQuery__TypeName *tn = cast->type_cast->type_name;
	if (tn->n_names != 1 || tn->names[0]->node_case != PG_QUERY__NODE__NODE_STRING)
		return cast;
	size_t i = 0, count = sizeof aliases / sizeof aliases[0];
	while (i < count && strcmp(aliases[i], tn->names[0]->string->sval))
		i++;
	const char *type = i < count ? ls_norm_type_name(n, tn) : NULL;
	return type ? cast_spelled(n, cast->type_cast->arg, type) : cast;
}

pgnode *ls_expr_cast_text(ls_norm *n, pgnode *x)
{
	return cast_to(n, x, TY_TEXT);
}

pgnode *ls_expr_cast_to(ls_norm *n, pgnode *x, const char *type)
{
	return cast_spelled(n, x, type);
}

bool ls_expr_implicit_only(const char *from, const char *to)
{
	ls_ty f = ty_of(from), t = ty_of(to);
	return f != TY_NONE && t != TY_NONE && f != t && f != TY_UNKNOWN &&
		implicit(f, t) && !implicit(t, f);
}

bool ls_expr_literal_typed(const char *type)
{
	ls_ty t = ty_of(type);
	return t != TY_NONE && (types[t].category == 'D' || types[t].category == 'T' || t == TY_UUID);
}

const char *ls_expr_op_literal_type(const char *name, const char *other, int side)
{
	ls_ty o = ty_of(other);
	if (!name || o == TY_NONE || o == TY_UNKNOWN)
		return NULL;
	int i = side == 0 ? resolve_op(name, TY_UNKNOWN, o) : resolve_op(name, o, TY_UNKNOWN);
	if (i < 0)
		return NULL;
	return types[side == 0 ? ls_builtin_ops[i].left : ls_builtin_ops[i].right].spelling;
}

const char *ls_expr_func_literal_type(ls_norm *n, const PgQuery__FuncCall *f, size_t k)
{
	const char *name = func_name(f);
	ls_ty args[3];
	ls_call c;
	if (!name && k < f->n_args && ls_expr_user_call(n, f, k, false, &c) == 1)
		return c.want[k];
	if (!name || k >= f->n_args || f->n_args > 3 || f->agg_star || f->func_variadic)
		return NULL;
	for (size_t j = 0; j < f->n_args; j++)
		if (j == k)
			args[j] = TY_UNKNOWN;
		else if ((args[j] = ty_of(ls_expr_type(n, f->args[j]))) == TY_NONE)
			return NULL;
	int i = choose(name, args, (int)f->n_args, ls_n_builtin_funcs, func_match, func_arg);
	return i < 0 ? NULL : types[ls_builtin_funcs[i].args[k]].spelling;
}

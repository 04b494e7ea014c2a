/* Canonical expressions.
 *
 * PostgreSQL stores an expression after analysis and prints it back with
 * the casts it inferred, IN lists as = ANY (ARRAY[...]), LIKE as ~~, and
 * names qualified against the search_path. A user writes the same thing
 * without them. Both sides go through the same normalizing copy here and
 * are deparsed by libpg_query, so equal meaning gives equal text:
 *   - a cast goes only where the server builds the same tree without it:
 *     a column to its own type, a number to its own type, a string
 *     constant to a string type or an enum; a string constant cast to a
 *     number type becomes the number (cast still when the number alone
 *     would have another type);
 *   - IN / NOT IN lists become = ANY / <> ALL (ARRAY[...]);
 *   - LIKE, ILIKE become the ~~ operators, BETWEEN the two comparisons;
 *   - nested AND / OR are flattened;
 *   - pg_catalog. is dropped from function names; functions of the catalog
 *     and the sequence named in nextval() are qualified with their schema;
 *   - an argument of an operator or function (column, number, expression)
 *     gets the cast the server adds when it resolves the call (expr_type.c).
 * The copy is built in a scratch arena; the input tree is never modified
 * (the protobuf allocator owns it), and unknown nodes are shared as they are.
 */
#define _POSIX_C_SOURCE 200809L
#include "expr_type.h"
#include "rewrite.h"
#include "datetime.h"
#include "name_conflict.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct ls_norm {
	ls_apply *ap;
	ls_arena *scratch;
	bool failed;
	ls_norm_hook hook;
	void *ctx;
	ls_coltype_fn coltype;
	int in_array;      /* inside ARRAY[...]: element casts carry the type */
	const pgnode *any_lhs; /* the left side of x = ANY (...), x IN (...) */
	const pgnode *keep_cast; /* a query's output column: its literal's cast
	                          * gives the column its type */
	bool operand;      /* the node is a direct operand of an operator or
	                    * argument of a function call: a string constant's
	                    * cast is left for the caller to settle, which
	                    * knows the other operands (settle_literal) */
	bool any_untyped;  /* the array of x = ANY (ARRAY[...]) whose x has a
	                    * type the resolver cannot tell */
};
typedef ls_norm norm;

static pgnode *norm_node(norm *n, pgnode *in);
static pgnode *qualify_cast(norm *n, pgnode *cast);
static ls_type *user_type_spelled(ls_catalog *cat, const char *text);
static const char *plain_decimal(ls_arena *a, const char *s);

/* A shallow copy of a protobuf message in the scratch arena. */
static void *dup_msg(norm *n, const void *msg, size_t size)
{
	void *p = ls_arena_alloc(n->scratch, size);
	if (!p) {
		n->failed = true;
		return NULL;
	}
	memcpy(p, msg, size);
	return p;
}

static pgnode *new_node(norm *n, PgQuery__Node__NodeCase c, void *payload)
{
	pgnode *out = ls_arena_alloc(n->scratch, sizeof *out);
	if (!out) {
		n->failed = true;
		return NULL;
	}
	pgnode init = PG_QUERY__NODE__INIT;
	*out = init;
	out->node_case = c;
	out->list = payload; /* every union member is a pointer */
	return out;
}

/* Normalize an array of nodes into a new array. */
static pgnode **norm_array(norm *n, pgnode **items, size_t count)
{
	if (count == 0)
		return items;
	pgnode **out = ls_arena_alloc(n->scratch, count * sizeof *out);
	if (!out) {
		n->failed = true;
		return items;
	}
	for (size_t i = 0; i < count; i++)
		out[i] = norm_node(n, items[i]);
	return out;
}

/* norm_array for items whose literals' casts the caller settles. */
static pgnode **norm_operands(norm *n, pgnode **items, size_t count)
{
	if (count == 0)
		return items;
	pgnode **out = ls_arena_alloc(n->scratch, count * sizeof *out);
	if (!out) {
		n->failed = true;
		return items;
	}
	for (size_t i = 0; i < count; i++) {
		n->operand = true;
		out[i] = norm_node(n, items[i]);
	}
	return out;
}

static pgnode *string_node(norm *n, const char *s)
{
	PgQuery__String init = PG_QUERY__STRING__INIT;
	PgQuery__String *str = dup_msg(n, &init, sizeof init);
	if (!str)
		return NULL;
	str->sval = ls_arena_strdup(n->scratch, s);
	return new_node(n, PG_QUERY__NODE__NODE_STRING, str);
}

static bool is_const(const pgnode *x)
{
	return x && x->node_case == PG_QUERY__NODE__NODE_A_CONST;
}

static bool is_numeric_type(const PgQuery__TypeName *tn)
{
	static const char *const names[] = {"int2", "int4", "int8", "numeric",
		"float4", "float8", "smallint", "integer", "bigint", "int", "real", "decimal"};
	if (!tn || tn->n_names == 0)
		return false;
	pgnode *last = tn->names[tn->n_names - 1];
	if (last->node_case != PG_QUERY__NODE__NODE_STRING)
		return false;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(last->string->sval, names[i]) == 0)
			return true;
	return false;
}

/* '42'::integer → 42, '-1.5'::numeric → -1.5: the server prints negative
 * and non-int4 numbers quoted and cast. */
static pgnode *string_to_number(norm *n, pgnode *c)
{
	const char *s = c->a_const->sval->sval;
	char *end;
	if (!*s)
		return c;
	strtod(s, &end);
	if (*end || strspn(s, "+-0123456789.eE") != strlen(s))
		return c;
	PgQuery__AConst *k = dup_msg(n, c->a_const, sizeof *c->a_const);
	if (!k)
		return c;
	long long v = strtoll(s, &end, 10);
	if (!*end && v >= INT32_MIN && v <= INT32_MAX) {
		PgQuery__Integer init = PG_QUERY__INTEGER__INIT;
		k->ival = dup_msg(n, &init, sizeof init);
		if (!k->ival)
			return c;
		k->ival->ival = (int32_t)v;
		k->val_case = PG_QUERY__A__CONST__VAL_IVAL;
	} else {
		PgQuery__Float init = PG_QUERY__FLOAT__INIT;
		k->fval = dup_msg(n, &init, sizeof init);
		if (!k->fval)
			return c;
		k->fval->fval = (char *)plain_decimal(n->scratch, s[0] == '+' ? s + 1 : s);
		k->val_case = PG_QUERY__A__CONST__VAL_FVAL;
	}
	return new_node(n, PG_QUERY__NODE__NODE_A_CONST, k);
}

/* A string constant c given type `type` (a cast, or the type its context
 * gives it), with the text the server prints for the value when type is a
 * date/time or interval type (datetime.c): '2020-01-01'::timestamp is
 * '2020-01-01 00:00:00'. A value out of range or read at run time ('now')
 * is the server's error, or lockstep's refusal, and n fails. */
static pgnode *typed_text(norm *n, pgnode *c, const char *type)
{
	if (!is_const(c) || c->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
		return c;
	ls_dt_kind k = ls_datetime_kind(type);
	const char *out;
	if (k == LS_DT_NONE)
		return c;
	if (n->ap->time_zone && ls_datetime_zoned(k, c->a_const->sval->sval)) {
		/* the server reads it in the session's zone: lockstep assumes UTC */
		char v[LS_ERROR_TOKEN_SIZE], z[LS_ERROR_TOKEN_SIZE];
		ls_apply_error(n->ap, LS_EUNSUPPORTED, "the %s value \"%s\" has no offset and is read "
				"in the session's TimeZone '%s', which lockstep does not model: write the offset "
				"(+01:00), or keep TimeZone UTC",
				k == LS_DT_TSTZ ? "timestamp with time zone" : "time with time zone",
				ls_error_token(v, sizeof v, c->a_const->sval->sval),
				ls_error_token(z, sizeof z, n->ap->time_zone));
		n->failed = true;
		return c;
	}
	int rc = ls_datetime_canonical_type(n->scratch, type, c->a_const->sval->sval, &out);
	if (rc == LS_ENOMEM || (rc < 0 && !out)) {
		n->failed = true;
		return c;
	}
	if (rc < 0) {
		ls_apply_error(n->ap, rc, "%s", out);
		n->failed = true;
		return c;
	}
	if (!strcmp(out, c->a_const->sval->sval))
		return c;
	PgQuery__AConst *k2 = dup_msg(n, c->a_const, sizeof *c->a_const);
	PgQuery__String *str = k2 ? dup_msg(n, c->a_const->sval, sizeof *c->a_const->sval) : NULL;
	if (!str)
		return c;
	str->sval = (char *)out;
	k2->sval = str;
	return new_node(n, PG_QUERY__NODE__NODE_A_CONST, k2);
}

/* The type of a column of the expression's table (ls_apply.rel_*). */
static const char *table_coltype(ls_norm *n, void *ctx, const PgQuery__ColumnRef *c)
{
	(void)ctx;
	ls_apply *ap = n->ap;
	size_t f = c->n_fields;
	if (f < 1 || f > 2 || c->fields[f - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
		return NULL;
	const char *name = c->fields[f - 1]->string->sval;
	if (f == 1 && ap->value_type && !strcmp(name, "value"))
		return ap->value_type;
	if (!ap->rel_name)
		return NULL;
	/* t.col, and NEW.col / OLD.col in a trigger's WHEN */
	if (f == 2 && (c->fields[0]->node_case != PG_QUERY__NODE__NODE_STRING ||
			(strcmp(c->fields[0]->string->sval, ap->rel_name) &&
			strcmp(c->fields[0]->string->sval, "new") && strcmp(c->fields[0]->string->sval, "old"))))
		return NULL;
	ls_table *t = ls_catalog_find_table(ap->cat, ap->rel_schema, ap->rel_name);
	ls_column *col = t ? ls_table_column(t, name) : NULL;
	return col ? col->type : NULL;
}

/* The canonical spelling of a type name, or NULL (no error reported): the
 * normalizer asks about types it will leave alone when they are unknown. */
static const char *quiet_type_name(ls_apply *ap, const PgQuery__TypeName *tn)
{
	ls_error quiet;
	ls_apply probe = *ap;
	ls_error_clear(&quiet);
	probe.err = &quiet;
	return ls_type_name(&probe, tn, NULL);
}

/* The user type whose canonical (qualified) spelling is text, or NULL.
 * Only types whose name occurs in text are qualified for the comparison:
 * this runs for every cast, and qualifying means a keyword scan. */
static ls_type *user_type_spelled(ls_catalog *cat, const char *text)
{
	for (size_t i = 0; i < cat->n_types; i++) {
		ls_type *t = &cat->types[i];
		if (strstr(text, t->name) && !strcmp(ls_qualify(cat->arena, t->schema, t->name), text))
			return t;
	}
	return NULL;
}

/* A cast that the server would give the same tree without: of a column to
 * its own type (or, as the left side of = ANY, of a string column to text:
 * ls_expr_cast_noop), of a number to the type the number has anyway, of a
 * string constant to a string type or an enum (the context fixes a
 * literal's type as the cast does). Such casts are dropped on both sides.
 * A column or number cast to another type is meaning (price::numeric / 100
 * is not price / 100) and stays; where the server adds one itself, in the
 * arguments of an operator or function, the resolver adds it on the other
 * side too (ls_expr_coerce). */
static bool implied_cast(norm *n, const PgQuery__TypeCast *tc, const pgnode *arg, bool any_lhs)
{
	ls_apply *ap = n->ap;
	const char *to = quiet_type_name(ap, tc->type_name);
	if (!to)
		return false;
	if (arg->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
		const char *from = n->coltype ? n->coltype(n, n->ctx, arg->column_ref) : NULL;
		return from && ls_expr_cast_noop(n, from, to, any_lhs);
	}
	if (arg->node_case != PG_QUERY__NODE__NODE_A_CONST)
		return false;
	const PgQuery__AConst *k = arg->a_const;
	if (k->isnull)
		return true;
	if (k->val_case == PG_QUERY__A__CONST__VAL_IVAL || k->val_case == PG_QUERY__A__CONST__VAL_FVAL) {
		const char *own = ls_expr_type(n, arg);
		return own && !strcmp(own, to);
	}
	if (k->val_case != PG_QUERY__A__CONST__VAL_SVAL)
		return false;
	/* string constants the server coerces to the other side's type: text
	 * kinds, numbers, date/time, json, uuid, network, reg* arguments */
	static const char *const coerced[] = {"text", "character varying", "character", "name",
		"bpchar", "\"bit\"", "bit", "date", "timestamp", "time", "interval", "jsonb", "json", "uuid", "inet",
		"cidr", "bytea", "boolean", "regclass", "regconfig", "regtype", "regproc"};
	/* ARRAY['2020-01-01'::date]: the element cast gives the array its
	 * type, but beside an x of a type not told (x = ANY (...), x IN (...))
	 * neither side can cast the elements: dropped on both */
	if (n->in_array && ls_expr_literal_typed(to) && !n->any_untyped)
		return false;
	for (size_t i = 0; i < sizeof coerced / sizeof coerced[0]; i++)
		if (!strncmp(to, coerced[i], strlen(coerced[i])) && (!n->in_array || !strchr(to, '[')))
			return true;
	if (is_numeric_type(tc->type_name))
		return true;
	if (n->in_array)
		return false; /* ARRAY['a'::mood]: the element cast gives the array its type */
	ls_type *t = user_type_spelled(ap->cat, to);
	return t && t->kind == LS_TYPE_ENUM;
}

static bool array_of_strings(norm *n, const PgQuery__TypeCast *tc)
{
	const char *to = quiet_type_name(n->ap, tc->type_name);
	return to && (!strcmp(to, "text[]") || !strncmp(to, "character varying", 17));
}

/* A cast that stays names a user type with its schema, as the server
 * prints it (search_path is empty when we read). */
static pgnode *qualify_cast(norm *n, pgnode *cast)
{
	if (!cast)
		return cast;
	PgQuery__TypeName *tn = cast->type_cast->type_name;
	const char *schema, *name;
	if (ls_name_list((const pgnode *const *)tn->names, tn->n_names, &schema, &name) < 0 || schema)
		return cast;
	ls_type *t = ls_lookup_type(n->ap->cat, NULL, name);
	const char *in = t ? t->schema : NULL, *typname = t ? t->name : NULL;
	if (!t) {
		/* a relation's row type, unless a built-in type has its name */
		ls_table *r = ls_lookup_table(n->ap->cat, NULL, name);
		ls_view *v = r ? NULL : ls_lookup_view(n->ap->cat, NULL, name);
		in = r ? r->schema : v ? v->schema : NULL;
		typname = r ? r->name : v ? v->name : NULL;
		const char *spelled = in ? quiet_type_name(n->ap, tn) : NULL;
		const char *q = in ? ls_qualify(n->scratch, in, typname) : NULL;
		if (!spelled || !q || strncmp(spelled, q, strlen(q)))
			return cast;
	}
	PgQuery__TypeName *q = dup_msg(n, tn, sizeof *tn);
	PgQuery__TypeCast *c = dup_msg(n, cast->type_cast, sizeof *cast->type_cast);
	pgnode **names = ls_arena_alloc(n->scratch, 2 * sizeof *names);
	if (!q || !c || !names) {
		n->failed = true;
		return cast;
	}
	names[0] = string_node(n, in);
	names[1] = string_node(n, typname);
	q->names = names;
	q->n_names = 2;
	c->type_name = q;
	return new_node(n, PG_QUERY__NODE__NODE_TYPE_CAST, c);
}

/* ARRAY[a, b]::T[] as ARRAY[a::T, b::T], the way the server prints it;
 * elements that already carry a cast keep theirs. */
static pgnode *cast_elements(norm *n, const PgQuery__TypeCast *tc, pgnode *arr)
{
	PgQuery__TypeName *elem = dup_msg(n, tc->type_name, sizeof *tc->type_name);
	PgQuery__AArrayExpr *a = dup_msg(n, arr->a_array_expr, sizeof *arr->a_array_expr);
	pgnode **items = ls_arena_alloc(n->scratch, a ? a->n_elements * sizeof *items : 1);
	if (!elem || !a || !items) {
		n->failed = true;
		return arr;
	}
	elem->n_array_bounds = 0;
	elem->array_bounds = NULL;
	for (size_t i = 0; i < a->n_elements; i++) {
		pgnode *e = a->elements[i];
		items[i] = e;
		if (e->node_case != PG_QUERY__NODE__NODE_A_CONST)
			continue;
		PgQuery__TypeCast init = PG_QUERY__TYPE_CAST__INIT;
		PgQuery__TypeCast *c = dup_msg(n, &init, sizeof init);
		if (!c)
			return arr;
		c->arg = e;
		c->type_name = elem;
		c->location = -1;
		items[i] = qualify_cast(n, new_node(n, PG_QUERY__NODE__NODE_TYPE_CAST, c));
	}
	a->elements = items;
	return new_node(n, PG_QUERY__NODE__NODE_A_ARRAY_EXPR, a);
}

static bool is_jsonb(norm *n, const PgQuery__TypeCast *tc)
{
	(void)n;
	const char *schema, *name;
	return ls_name_list((const pgnode *const *)tc->type_name->names, tc->type_name->n_names,
			&schema, &name) == 0 && !strcmp(name, "jsonb") && tc->type_name->n_array_bounds == 0;
}

static void check_regclass(norm *n, const char *text);
static pgnode *regclass_const(norm *n, pgnode *c);

static bool is_regclass(const PgQuery__TypeName *tn)
{
	const char *schema, *name;
	return ls_name_list((const pgnode *const *)tn->names, tn->n_names, &schema, &name) == 0 &&
		!strcmp(name, "regclass") && (!schema || !strcmp(schema, "pg_catalog")) &&
		tn->n_array_bounds == 0;
}

/* A string constant holding JSON, rewritten as jsonb prints it. */
static pgnode *jsonb_const(norm *n, pgnode *c)
{
	PgQuery__AConst *k = dup_msg(n, c->a_const, sizeof *c->a_const);
	PgQuery__String *s = k ? dup_msg(n, c->a_const->sval, sizeof *c->a_const->sval) : NULL;
	if (!s)
		return c;
	s->sval = (char *)ls_jsonb_canonical(n->scratch, c->a_const->sval->sval);
	k->sval = s;
	return new_node(n, PG_QUERY__NODE__NODE_A_CONST, k);
}

/* A number made of a string constant cast to a number type keeps the cast
 * when the number alone would have another type: '100'::numeric is
 * 100::numeric, not the integer 100. */
static pgnode *typed_number(norm *n, const PgQuery__TypeCast *tc, pgnode *num)
{
	const char *own = ls_expr_type(n, num);
	const char *to = quiet_type_name(n->ap, tc->type_name);
	if (own && to && !strcmp(own, to))
		return num;
	PgQuery__TypeCast *c = dup_msg(n, tc, sizeof *tc);
	if (!c)
		return num;
	c->arg = num;
	return new_node(n, PG_QUERY__NODE__NODE_TYPE_CAST, c);
}

/* Casts the server adds are dropped (implied_cast); a string constant cast
 * to a number type becomes the number. An empty ARRAY[] keeps its cast:
 * without it the text would not run. */
static bool is_string_type(const char *to)
{
	static const char *const s[] = {"text", "character varying", "character", "name", "bpchar"};
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
		if (!strncmp(to, s[i], strlen(s[i])))
			return true;
	return false;
}

/* Whether the cast of string constant arg to tc's type is one only the
 * context can tell implied: a type the constant does not take anyway as a
 * string (string types relabel to each other) or a number (typed apart, by
 * typed_number). As an operand it is kept by norm_type_cast and settled
 * by the operator or call (settle_literal). */
static bool context_cast(norm *n, const PgQuery__TypeCast *tc, const pgnode *arg)
{
	if (!is_const(arg) || arg->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL ||
			is_numeric_type(tc->type_name))
		return false;
	const char *to = quiet_type_name(n->ap, tc->type_name);
	return to && !is_string_type(to) && implied_cast(n, tc, arg, false);
}

static bool is_context_cast(norm *n, const pgnode *x)
{
	return x && x->node_case == PG_QUERY__NODE__NODE_TYPE_CAST &&
		context_cast(n, x->type_cast, x->type_cast->arg);
}

static bool is_string_const(const pgnode *x)
{
	return is_const(x) && x->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL;
}

/* x, a normalized operand, once its context is known: a string constant
 * under a cast that context_cast left (x NULL-safe) loses the cast when
 * the server gives the bare constant that type there: `want`, the type
 * the operator or function resolves the constant to, or `other` (the
 * other operand's type: an unknown constant is taken as that) when the
 * resolver does not know the call. When neither is known the cast goes,
 * as before: both sides of the comparison drop it alike. */
static pgnode *settle_literal(norm *n, pgnode *x, const char *want, const char *other)
{
	if (!is_context_cast(n, x))
		return x;
	const char *to = quiet_type_name(n->ap, x->type_cast->type_name);
	const char *ctx = want ? want : other;
	/* a type modifier ('1 day'::interval day, '...'::timestamp(0)) is the
	 * cast's own: the context types a bare constant without one */
	if (to && (strchr(to, '(') || !strncmp(to, "interval ", 9)))
		return x;
	if (!to || !ctx || !strcmp(ctx, to))
		return x->type_cast->arg;
	return x;
}

/* A literal, bare or under a kept cast: no type for the other operand. */
static bool is_literal(norm *n, const pgnode *x)
{
	return is_string_const(x) || is_context_cast(n, x) ||
		(is_const(x) && x->a_const->isnull);
}

/* Operand x (side 0 left, 1 right) of binary operator op beside other.
 * Two literals keep their casts, and a bare one beside a cast one takes
 * the type the operator gives it, as the server prints both; the order of
 * the calls does not matter: each decides on the other as normalized. */
static pgnode *settle_operand(norm *n, const char *op, pgnode *x, const pgnode *other, int side)
{
	if (!x || !other)
		return x;
	if (is_literal(n, other)) {
		if (!is_string_const(x) || !is_context_cast(n, other))
			return x;
		const char *ot = quiet_type_name(n->ap, other->type_cast->type_name);
		const char *want = ot ? ls_expr_op_literal_type(op, ot, side) : NULL;
		return want ? ls_expr_cast_to(n, x, want) : x;
	}
	const char *ot = ls_expr_type(n, other);
	const char *want = ot ? ls_expr_op_literal_type(op, ot, side) : NULL;
	/* beside an ARRAY[...], whose type the operator gives the literal,
	 * the server prints the literal cast to it */
	if (is_string_const(x) && !want && ot && other->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR &&
			strlen(ot) > 2 && !strcmp(ot + strlen(ot) - 2, "[]"))
		return settle_literal(n, ls_expr_cast_to(n, x, ot), want, ot);
	if (is_string_const(x))
		return typed_text(n, x, want ? want : ot);
	return settle_literal(n, x, want, ot);
}

static pgnode *norm_type_cast(norm *n, pgnode *in, bool operand)
{
	PgQuery__TypeCast *tc = in->type_cast;
	bool any_lhs = in == n->any_lhs;
	pgnode *arg = norm_node(n, tc->arg);
	if (!arg)
		return in;
	switch (arg->node_case) {
	case PG_QUERY__NODE__NODE_A_CONST: {
		bool sval = arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL;
		/* the constant's own cast: one over a cast the normalizer
		 * dropped ('2020-01-01'::date::timestamp) is left to that */
		if (sval && tc->type_name->n_array_bounds == 0 && is_const(tc->arg))
			arg = typed_text(n, arg, quiet_type_name(n->ap, tc->type_name));
		if (n->failed)
			return in;
		if (sval && is_regclass(tc->type_name))
			arg = regclass_const(n, arg);
		/* an output column's 'x'::varchar(5) or NULL::integer types the
		 * column: kept (numbers keep theirs through typed_number) */
		bool keep = in == n->keep_cast &&
			(arg->a_const->isnull || (sval && !is_numeric_type(tc->type_name)));
		if (!keep && operand && context_cast(n, tc, arg)) {
			if (is_jsonb(n, tc))
				arg = jsonb_const(n, arg);
			break;
		}
		if (!keep && !implied_cast(n, tc, arg, false))
			break;
		if (sval && is_jsonb(n, tc)) {
			pgnode *j = jsonb_const(n, arg);
			if (!keep)
				return j;
			arg = j;
			break;
		}
		if (sval && is_numeric_type(tc->type_name))
			return typed_number(n, tc, string_to_number(n, arg));
		if (keep)
			break;
		return arg;
	}
	case PG_QUERY__NODE__NODE_COLUMN_REF:
		if (implied_cast(n, tc, arg, any_lhs))
			return arg;
		break;
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
		/* the server prints ARRAY['a'::text, ...]::text[]: elements and
		 * array of a string type carry no meaning */
		if (arg->a_array_expr->n_elements > 0 && array_of_strings(n, tc))
			return arg;
		/* ARRAY['a']::mood[] is printed ARRAY['a'::mood]: cast each element */
		if (arg->a_array_expr->n_elements > 0)
			return cast_elements(n, tc, arg);
		break;
	default:
		break;
	}
	PgQuery__TypeCast *c = dup_msg(n, tc, sizeof *tc);
	if (!c)
		return in;
	c->arg = arg;
	return ls_expr_respell(n, qualify_cast(n, new_node(n, PG_QUERY__NODE__NODE_TYPE_CAST, c)));
}

static pgnode *make_aexpr(norm *n, PgQuery__AExprKind kind, const char *op,
		pgnode *l, pgnode *r)
{
	PgQuery__AExpr init = PG_QUERY__A__EXPR__INIT;
	PgQuery__AExpr *e = dup_msg(n, &init, sizeof init);
	pgnode **name = ls_arena_alloc(n->scratch, sizeof *name);
	if (!e || !name) {
		n->failed = true;
		return NULL;
	}
	name[0] = string_node(n, op);
	e->kind = kind;
	e->n_name = 1;
	e->name = name;
	e->lexpr = l;
	e->rexpr = r;
	e->location = -1;
	return new_node(n, PG_QUERY__NODE__NODE_A_EXPR, e);
}

static pgnode *make_bool(norm *n, PgQuery__BoolExprType op, pgnode *a, pgnode *b)
{
	PgQuery__BoolExpr init = PG_QUERY__BOOL_EXPR__INIT;
	PgQuery__BoolExpr *e = dup_msg(n, &init, sizeof init);
	pgnode **args = ls_arena_alloc(n->scratch, 2 * sizeof *args);
	if (!e || !args) {
		n->failed = true;
		return NULL;
	}
	args[0] = a;
	args[1] = b;
	e->boolop = op;
	e->n_args = 2;
	e->args = args;
	e->location = -1;
	return new_node(n, PG_QUERY__NODE__NODE_BOOL_EXPR, e);
}

static const char *op_name(const PgQuery__AExpr *e)
{
	if (e->n_name == 0 || e->name[e->n_name - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
		return "";
	return e->name[e->n_name - 1]->string->sval;
}

static bool is_enum_type(ls_catalog *cat, const char *type)
{
	ls_type *t = user_type_spelled(cat, type);
	return t && t->kind == LS_TYPE_ENUM;
}

/* Cast the constant elements of arr to the (qualified) type. */
static bool cast_to_type(norm *n, PgQuery__AArrayExpr *arr, const char *type)
{
	pgnode *e;
	char *q = ls_arena_printf(n->scratch, "NULL::%s", type);
	PgQuery__ParseResult *r = q ? ls_parse_expr(q, &e) : NULL;
	if (!r || e->node_case != PG_QUERY__NODE__NODE_TYPE_CAST) {
		ls_expr_free(r);
		return false;
	}
	/* the TypeName must outlive r: copy its name strings into scratch */
	PgQuery__TypeName *tn = dup_msg(n, e->type_cast->type_name, sizeof *e->type_cast->type_name);
	pgnode **names = tn ? ls_arena_alloc(n->scratch, tn->n_names * sizeof *names) : NULL;
	for (size_t i = 0; names && i < tn->n_names; i++)
		names[i] = string_node(n, tn->names[i]->string->sval);
	ls_expr_free(r);
	if (!tn || !names)
		return false;
	tn->names = names;
	tn->n_typmods = 0;
	tn->typmods = NULL;
	tn->n_array_bounds = 0;
	tn->array_bounds = NULL;
	pgnode **items = ls_arena_alloc(n->scratch, (arr->n_elements + 1) * sizeof *items);
	if (!items)
		return false;
	for (size_t i = 0; i < arr->n_elements; i++) {
		items[i] = arr->elements[i];
		if (items[i]->node_case != PG_QUERY__NODE__NODE_A_CONST)
			continue;
		PgQuery__TypeCast init = PG_QUERY__TYPE_CAST__INIT;
		PgQuery__TypeCast *c = dup_msg(n, &init, sizeof init);
		if (!c)
			return false;
		c->arg = typed_text(n, items[i], type);
		c->type_name = tn;
		c->location = -1;
		items[i] = new_node(n, PG_QUERY__NODE__NODE_TYPE_CAST, c);
	}
	arr->elements = items;
	return true;
}

/* An element of x IN (...) as the server coerces it to the common type of
 * x (of type lt, NULL when not told) and the list: a literal's cast stays
 * where it types the element (the array holds it); an element of a type
 * that reaches lt by an implicit cast only is cast to it
 * (ARRAY[('2020-01-01'::date)::timestamp] beside a timestamp). */
static pgnode *in_element(norm *n, pgnode *x, const char *lt)
{
	if (!lt)
		return settle_literal(n, x, NULL, NULL);
	if (!ls_expr_literal_typed(lt))
		return settle_literal(n, x, NULL, lt);
	const char *t = x && !is_const(x) ? ls_expr_type(n, x) : NULL;
	return t && ls_expr_implicit_only(t, lt) ? ls_expr_cast_to(n, x, lt) : x;
}

/* Whether a normalized IN item reads a column of the query level
 * (contain_vars_of_level): 1, 0, or -1 when this walk cannot tell (a
 * subquery, a node it does not know). */
static int reads_column(const pgnode *x)
{
	if (!x)
		return 0;
	int r = 0;
	switch (x->node_case) {
	case PG_QUERY__NODE__NODE_A_CONST:
	case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
	case PG_QUERY__NODE__NODE_PARAM_REF:
		return 0;
	case PG_QUERY__NODE__NODE_COLUMN_REF:
		return 1;
	case PG_QUERY__NODE__NODE_TYPE_CAST:
		return reads_column(x->type_cast->arg);
	case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
		return reads_column(x->collate_clause->arg);
	case PG_QUERY__NODE__NODE_A_EXPR: {
		int a = reads_column(x->a_expr->lexpr), b = reads_column(x->a_expr->rexpr);
		return a < 0 || b < 0 ? -1 : a || b;
	}
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		if (x->func_call->agg_filter || x->func_call->over || x->func_call->n_agg_order)
			return -1;
		for (size_t i = 0; i < x->func_call->n_args && r >= 0 && !r; i++)
			r = reads_column(x->func_call->args[i]);
		return r;
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
		for (size_t i = 0; i < x->a_array_expr->n_elements && r >= 0 && !r; i++)
			r = reads_column(x->a_array_expr->elements[i]);
		return r;
	case PG_QUERY__NODE__NODE_COALESCE_EXPR:
		for (size_t i = 0; i < x->coalesce_expr->n_args && r >= 0 && !r; i++)
			r = reads_column(x->coalesce_expr->args[i]);
		return r;
	default:
		return -1;
	}
}

/* x IN (a, b) as transformAExprIn builds it: the items that read no
 * column, when there are two or more, in x = ANY (ARRAY[...]) of their
 * common type; every other item compared on its own (x = a), ORed after
 * it in the order written. NOT IN: <> ALL, <>, ANDed. */
static pgnode *norm_in(norm *n, PgQuery__AExpr *e)
{
	n->any_lhs = e->lexpr;
	pgnode *l = norm_node(n, e->lexpr);
	n->any_lhs = NULL;
	pgnode *r = e->rexpr;
	if (!r || r->node_case != PG_QUERY__NODE__NODE_LIST)
		return NULL;
	bool neg = strcmp(op_name(e), "<>") == 0;
	const char *op = neg ? "<>" : "=";
	size_t count = r->list->n_items;
	/* x IN (a) is parsed as x = a */
	const char *enum_type = l && l->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->coltype ?
		n->coltype(n, n->ctx, l->column_ref) : NULL;
	if (enum_type && !is_enum_type(n->ap->cat, enum_type))
		enum_type = NULL;
	if (count == 1) {
		n->operand = true;
		pgnode *x = norm_node(n, r->list->items[0]);
		return ls_expr_coerce(n, make_aexpr(n, PG_QUERY__A__EXPR__KIND__AEXPR_OP, op,
				settle_operand(n, op, l, x, 0), settle_operand(n, op, x, l, 1)));
	}
	pgnode **items = ls_arena_alloc(n->scratch, (count + 1) * sizeof *items);
	pgnode **consts = ls_arena_alloc(n->scratch, count * sizeof *consts);
	pgnode **parts = ls_arena_alloc(n->scratch, (count + 1) * sizeof *parts);
	signed char *var = ls_arena_alloc(n->scratch, count);
	if (!items || !consts || !parts || !var) {
		n->failed = true;
		return NULL;
	}
	const char *lt = l ? ls_expr_type(n, l) : NULL;
	for (size_t i = 0; i < count; i++) {
		n->operand = true;
		items[i] = in_element(n, norm_node(n, r->list->items[i]), lt);
	}
	size_t n_consts = 0, n_parts = 0;
	bool known = true;
	for (size_t i = 0; i < count; i++) {
		int v = reads_column(items[i]);
		known = known && v >= 0;
		var[i] = (signed char)(v > 0);
		if (v == 0)
			consts[n_consts++] = items[i];
	}
	if (!known) {
		/* as one array, as before: the split is not known */
		n_consts = count;
		memcpy(consts, items, count * sizeof *consts);
		memset(var, 0, count);
	}
	pgnode *al = l;
	if (n_consts > 1) {
		PgQuery__AArrayExpr init = PG_QUERY__A__ARRAY_EXPR__INIT;
		PgQuery__AArrayExpr *arr = dup_msg(n, &init, sizeof init);
		if (!arr)
			return NULL;
		arr->n_elements = n_consts;
		arr->elements = consts;
		arr->location = -1;
		/* an IN list on an enum column is an array of that enum, one on a
		 * date/time or uuid column an array of that type */
		if (!enum_type && lt && ls_expr_literal_typed(lt))
			enum_type = lt;
		if (enum_type && !cast_to_type(n, arr, enum_type))
			return NULL;
		if (!enum_type)
			ls_expr_in_coerce(n, op, &al, arr->elements, arr->n_elements, true);
		parts[n_parts++] = make_aexpr(n, neg ? PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL :
				PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY, op, al,
				new_node(n, PG_QUERY__NODE__NODE_A_ARRAY_EXPR, arr));
	}
	for (size_t i = 0; i < count; i++)
		if (var[i] || n_consts < 2)
			parts[n_parts++] = ls_expr_coerce(n, make_aexpr(n, PG_QUERY__A__EXPR__KIND__AEXPR_OP,
					op, l, items[i]));
	if (n_parts == 1)
		return parts[0];
	PgQuery__BoolExpr binit = PG_QUERY__BOOL_EXPR__INIT;
	PgQuery__BoolExpr *b = dup_msg(n, &binit, sizeof binit);
	if (!b)
		return NULL;
	b->boolop = neg ? PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR : PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR;
	b->n_args = n_parts;
	b->args = parts;
	b->location = -1;
	return new_node(n, PG_QUERY__NODE__NODE_BOOL_EXPR, b);
}

/* x BETWEEN a AND b → x >= a AND x <= b (NOT: x < a OR x > b). */
static pgnode *norm_between(norm *n, PgQuery__AExpr *e, bool neg)
{
	pgnode *r = e->rexpr;
	if (!r || r->node_case != PG_QUERY__NODE__NODE_LIST || r->list->n_items != 2)
		return NULL;
	n->operand = true;
	pgnode *x = norm_node(n, e->lexpr);
	n->operand = true;
	pgnode *lo = norm_node(n, r->list->items[0]);
	n->operand = true;
	pgnode *hi = norm_node(n, r->list->items[1]);
	const char *op1 = neg ? "<" : ">=", *op2 = neg ? ">" : "<=";
	pgnode *a = ls_expr_coerce(n, make_aexpr(n, PG_QUERY__A__EXPR__KIND__AEXPR_OP, op1,
			settle_operand(n, op1, x, lo, 0), settle_operand(n, op1, lo, x, 1)));
	pgnode *b = ls_expr_coerce(n, make_aexpr(n, PG_QUERY__A__EXPR__KIND__AEXPR_OP, op2,
			settle_operand(n, op2, x, hi, 0), settle_operand(n, op2, hi, x, 1)));
	return make_bool(n, neg ? PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR :
			PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR, a, b);
}

static pgnode *norm_aexpr(norm *n, pgnode *in)
{
	PgQuery__AExpr *e = in->a_expr;
	pgnode *out = NULL;
	switch (e->kind) {
	case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
		out = norm_in(n, e);
		break;
	case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
		out = norm_between(n, e, false);
		break;
	case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
		out = norm_between(n, e, true);
		break;
	case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
	case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
		out = ls_expr_coerce(n, make_aexpr(n, PG_QUERY__A__EXPR__KIND__AEXPR_OP, op_name(e),
				norm_node(n, e->lexpr), norm_node(n, e->rexpr)));
		break;
	default: {
		PgQuery__AExpr *c = dup_msg(n, e, sizeof *e);
		if (!c)
			return in;
		/* OPERATOR(pg_catalog.=) prints as = */
		if (c->n_name == 2 && c->name[0]->node_case == PG_QUERY__NODE__NODE_STRING &&
				strcmp(c->name[0]->string->sval, "pg_catalog") == 0) {
			c->name = c->name + 1;
			c->n_name = 1;
		}
		if (e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY ||
				e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL)
			n->any_lhs = e->lexpr;
		bool op = e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP && e->lexpr && e->rexpr;
		bool any = e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY ||
			e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL;
		n->operand = op;
		c->lexpr = norm_node(n, e->lexpr);
		n->any_lhs = NULL;
		bool untyped = n->any_untyped;
		n->any_untyped = any && !ls_expr_type(n, c->lexpr);
		n->operand = op;
		c->rexpr = norm_node(n, e->rexpr);
		n->any_untyped = untyped;
		if (op) {
			pgnode *l = c->lexpr;
			c->lexpr = settle_operand(n, op_name(e), l, c->rexpr, 0);
			c->rexpr = settle_operand(n, op_name(e), c->rexpr, l, 1);
		} else if ((e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY ||
				e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL) && c->lexpr && c->rexpr &&
				c->rexpr->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR &&
				c->rexpr->a_array_expr->n_elements > 0) {
			/* the written array's elements, as make_scalar_array_op
			 * coerces them (a copy: the node may be shared) */
			const PgQuery__AArrayExpr *ra = c->rexpr->a_array_expr;
			PgQuery__AArrayExpr *arr = dup_msg(n, ra, sizeof *ra);
			pgnode **el = ls_arena_alloc(n->scratch, ra->n_elements * sizeof *el);
			if (!arr || !el)
				return in;
			memcpy(el, ra->elements, ra->n_elements * sizeof *el);
			arr->elements = el;
			ls_expr_in_coerce(n, op_name(e), &c->lexpr, el, ra->n_elements, false);
			c->rexpr = new_node(n, PG_QUERY__NODE__NODE_A_ARRAY_EXPR, arr);
		}
		out = ls_expr_coerce(n, new_node(n, PG_QUERY__NODE__NODE_A_EXPR, c));
	}
	}
	return out ? out : in;
}

/* Flatten nested ANDs / ORs into one list. */
static void flatten_bool(norm *n, PgQuery__BoolExprType op, pgnode *x,
		pgnode ***items, size_t *count)
{
	if (x->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR && x->bool_expr->boolop == op &&
			op != PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR) {
		for (size_t i = 0; i < x->bool_expr->n_args; i++)
			flatten_bool(n, op, x->bool_expr->args[i], items, count);
		return;
	}
	/* normalize first: a BETWEEN becomes an AND that belongs to this list */
	pgnode *y = norm_node(n, x);
	if (y && y != x && y->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR && y->bool_expr->boolop == op) {
		for (size_t i = 0; i < y->bool_expr->n_args; i++) {
			pgnode **slot = ls_arena_push(n->scratch, (void **)items, count, sizeof **items);
			if (!slot) {
				n->failed = true;
				return;
			}
			*slot = y->bool_expr->args[i];
		}
		return;
	}
	pgnode **slot = ls_arena_push(n->scratch, (void **)items, count, sizeof **items);
	if (!slot) {
		n->failed = true;
		return;
	}
	*slot = y;
}

static pgnode *norm_bool(norm *n, pgnode *in)
{
	PgQuery__BoolExpr *c = dup_msg(n, in->bool_expr, sizeof *in->bool_expr);
	if (!c)
		return in;
	pgnode **items = NULL;
	size_t count = 0;
	if (c->boolop == PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR) {
		c->args = norm_array(n, c->args, c->n_args);
		return new_node(n, PG_QUERY__NODE__NODE_BOOL_EXPR, c);
	}
	for (size_t i = 0; i < in->bool_expr->n_args; i++)
		flatten_bool(n, c->boolop, in->bool_expr->args[i], &items, &count);
	c->args = items;
	c->n_args = count;
	return new_node(n, PG_QUERY__NODE__NODE_BOOL_EXPR, c);
}

/* Whether (schema, name) is a relation the server has without the
 * catalog creating it: pg_catalog's and information_schema's (pg_catalog
 * is searched first, so an unqualified pg_ name is one of them). */
static bool system_relation(const char *schema, const char *name)
{
	if (schema)
		return !strcmp(schema, "pg_catalog") || !strcmp(schema, "information_schema") ||
			!strcmp(schema, "pg_toast");
	return !strncmp(name, "pg_", 3);
}

/* regclassin for a literal of an expression ('t'::regclass, the argument
 * of nextval): the server resolves it when the expression is stored and
 * refuses a relation (or schema) that does not exist. When text names no
 * relation of the catalog, the error is set and n fails. Text that is not
 * a name (a number, an OID) is left to the server. */
static void check_regclass(norm *n, const char *text)
{
	pgnode *e;
	PgQuery__ParseResult *r = ls_parse_expr(text, &e);
	const char *schema = NULL, *name = NULL;
	if (r && e->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && e->column_ref->n_fields <= 2)
		ls_name_list((const pgnode *const *)e->column_ref->fields,
				e->column_ref->n_fields, &schema, &name);
	ls_catalog *cat = n->ap->cat;
	bool found = !name || system_relation(schema, name);
	if (!found && schema && !ls_catalog_find_schema(cat, schema)) {
		ls_apply_error(n->ap, LS_EINVAL, "schema \"%s\" does not exist", schema);
		n->failed = true;
		ls_expr_free(r);
		return;
	}
	if (!found) {
		ls_type *ty = ls_lookup_type(cat, schema, name);
		found = ls_lookup_table(cat, schema, name) || ls_lookup_view(cat, schema, name) ||
			ls_lookup_sequence(cat, schema, name) || ls_lookup_index(cat, schema, name) ||
			(ty && ty->kind == LS_TYPE_COMPOSITE);
	}
	/* an extension's own tables (postgis's spatial_ref_sys) are not in
	 * the catalog: unqualified, or in an extension's schema, they may be */
	for (size_t i = 0; !found && i < cat->n_extensions; i++)
		found = !schema || (cat->extensions[i].schema && !strcmp(cat->extensions[i].schema, schema));
	if (!found) {
		ls_apply_error(n->ap, LS_EINVAL, "relation \"%s%s%s\" does not exist",
				schema ? schema : "", schema ? "." : "", name);
		n->failed = true;
	}
	ls_expr_free(r);
}

const char *ls_regclass_literal(ls_catalog *cat, ls_arena *a, const char *text)
{
	pgnode *e;
	PgQuery__ParseResult *r = ls_parse_expr(text, &e);
	const char *schema = NULL, *name = NULL, *out = NULL;
	if (r && e->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && e->column_ref->n_fields <= 2)
		ls_name_list((const pgnode *const *)e->column_ref->fields,
				e->column_ref->n_fields, &schema, &name);
	if (name && !system_relation(schema, name)) {
		/* regclassin: a qualified name in its schema, else the first
		 * schema of search_path holding a relation of the name */
		const char *in = NULL;
		for (size_t i = 0; !schema && !in && i < cat->n_search_path; i++)
			if (ls_class_name_taken(cat, cat->search_path[i], name))
				in = cat->search_path[i];
		if (schema && ls_class_name_taken(cat, schema, name))
			in = schema;
		const char *sq = in ? ls_quote_ident_server(a, in) : NULL;
		const char *nq = sq ? ls_quote_ident_server(a, name) : NULL;
		out = nq ? ls_arena_printf(a, "%s.%s", sq, nq) : NULL;
	}
	ls_expr_free(r);
	return out;
}

/* A string constant read as a regclass ('t'::regclass, a default of a
 * regclass column): checked as regclassin checks it (n fails naming no
 * relation), and spelled as ls_regclass_literal spells it when it names a
 * relation of the catalog; else itself. */
static pgnode *regclass_const(norm *n, pgnode *c)
{
	check_regclass(n, c->a_const->sval->sval);
	const char *q = n->failed ? NULL : ls_regclass_literal(n->ap->cat, n->scratch, c->a_const->sval->sval);
	PgQuery__AConst *k = q ? dup_msg(n, c->a_const, sizeof *c->a_const) : NULL;
	PgQuery__String *s = k ? dup_msg(n, c->a_const->sval, sizeof *c->a_const->sval) : NULL;
	if (!s)
		return c;
	s->sval = (char *)q;
	k->sval = s;
	return new_node(n, PG_QUERY__NODE__NODE_A_CONST, k);
}

/* nextval('t_id_seq') → nextval('public.t_id_seq'): the server stores a
 * regclass and prints it qualified (search_path is empty when we read). */
static pgnode *qualify_sequence_arg(norm *n, pgnode *arg)
{
	if (!is_const(arg) || arg->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
		return arg;
	pgnode *e;
	PgQuery__ParseResult *r = ls_parse_expr(arg->a_const->sval->sval, &e);
	const char *schema = NULL, *name = NULL;
	if (r && e->node_case == PG_QUERY__NODE__NODE_COLUMN_REF)
		ls_name_list((const pgnode *const *)e->column_ref->fields,
				e->column_ref->n_fields, &schema, &name);
	const char *qualified = NULL;
	if (name) {
		ls_catalog *cat = n->ap->cat;
		ls_sequence *sq = ls_lookup_sequence(cat, schema, name);
		if (sq)
			qualified = ls_qualify(n->scratch, sq->schema, sq->name);
	}
	ls_expr_free(r);
	if (!qualified) {
		check_regclass(n, arg->a_const->sval->sval);
		return arg;
	}
	PgQuery__AConst *k = dup_msg(n, arg->a_const, sizeof *arg->a_const);
	PgQuery__String init = PG_QUERY__STRING__INIT;
	PgQuery__String *s = dup_msg(n, &init, sizeof init);
	if (!k || !s)
		return arg;
	s->sval = (char *)qualified;
	k->sval = s;
	return new_node(n, PG_QUERY__NODE__NODE_A_CONST, k);
}

/* The arguments of a call, each a string constant's cast settled on the
 * parameter type the function resolves it to (kept when another, dropped
 * when the call is not known: see settle_literal). */
static pgnode **norm_args(norm *n, const PgQuery__FuncCall *f)
{
	if (f->n_args == 0)
		return f->args;
	pgnode **out = ls_arena_alloc(n->scratch, f->n_args * sizeof *out);
	if (!out) {
		n->failed = true;
		return f->args;
	}
	for (size_t i = 0; i < f->n_args; i++) {
		n->operand = true;
		out[i] = norm_node(n, f->args[i]);
	}
	PgQuery__FuncCall probe = *f;
	probe.args = out;
	for (size_t i = 0; i < f->n_args; i++)
		if (is_context_cast(n, out[i]))
			out[i] = settle_literal(n, out[i], ls_expr_func_literal_type(n, &probe, i), NULL);
		else if (is_string_const(out[i]))
			out[i] = typed_text(n, out[i], ls_expr_func_literal_type(n, &probe, i));
	return out;
}

static pgnode *norm_func(norm *n, pgnode *in)
{
	PgQuery__FuncCall *c = dup_msg(n, in->func_call, sizeof *in->func_call);
	if (!c)
		return in;
	const char *schema = NULL, *name = NULL;
	ls_name_list((const pgnode *const *)c->funcname, c->n_funcname, &schema, &name);
	if (schema && strcmp(schema, "pg_catalog") == 0 &&
			c->funcformat != PG_QUERY__COERCION_FORM__COERCE_SQL_SYNTAX) {
		c->funcname = c->funcname + 1;
		c->n_funcname--;
	} else if (!schema && name) {
		ls_function *f = ls_lookup_function(n->ap->cat, NULL, name, NULL);
		const char *fschema = f ? f->schema : ls_extension_object_schema(n->ap->cat, 'f', name);
		if (fschema) {
			pgnode **fn = ls_arena_alloc(n->scratch, 2 * sizeof *fn);
			if (!fn)
				return in;
			fn[0] = string_node(n, fschema);
			fn[1] = string_node(n, name);
			c->funcname = fn;
			c->n_funcname = 2;
		}
	}
	c->args = norm_args(n, c);
	if (name && (!schema || strcmp(schema, "pg_catalog") == 0) && c->n_args >= 1 &&
			(!strcmp(name, "nextval") || !strcmp(name, "currval") || !strcmp(name, "setval")))
		c->args[0] = qualify_sequence_arg(n, c->args[0]);
	if (c->agg_filter)
		c->agg_filter = norm_node(n, c->agg_filter);
	/* ORDER BY of an aggregate (WITHIN GROUP too) and the window of OVER
	 * read columns as the arguments do */
	if (c->n_agg_order)
		c->agg_order = norm_array(n, c->agg_order, c->n_agg_order);
	if (c->over)
		c->over = ls_norm_window(n, c->over);
	pgnode *call = new_node(n, PG_QUERY__NODE__NODE_FUNC_CALL, c);
	if (call && c->n_funcname == 2 && (!schema || strcmp(schema, "pg_catalog")))
		call = ls_expr_call_coerce(n, call, in->func_call);
	return ls_expr_coerce(n, call);
}

static void find_column_ref(ProtobufCMessage *m, void *ctx)
{
	if (m->descriptor == &pg_query__column_ref__descriptor)
		*(bool *)ctx = true;
}

/* nodes/parsenodes.h FRAMEOPTION_*: the frame's mode */
enum { FRAME_RANGE = 0x2, FRAME_ROWS = 0x4, FRAME_GROUPS = 0x8 };

PgQuery__WindowDef *ls_norm_window(ls_norm *n, PgQuery__WindowDef *in)
{
	PgQuery__WindowDef *w = dup_msg(n, in, sizeof *in);
	if (!w)
		return in;
	w->partition_clause = norm_array(n, w->partition_clause, w->n_partition_clause);
	w->order_clause = norm_array(n, w->order_clause, w->n_order_clause);
	pgnode **offsets[] = {&w->start_offset, &w->end_offset};
	for (size_t i = 0; i < 2 && !n->failed; i++) {
		if (!*offsets[i])
			continue;
		/* transformFrameOffset: the offset is evaluated once, before any row */
		bool var = false;
		ls_each_message(&(*offsets[i])->base, find_column_ref, &var);
		if (var) {
			ls_apply_error(n->ap, LS_EINVAL, "argument of %s must not contain variables",
					w->frame_options & FRAME_ROWS ? "ROWS" :
					w->frame_options & FRAME_GROUPS ? "GROUPS" : "RANGE");
			n->failed = true;
			return in;
		}
		*offsets[i] = norm_node(n, *offsets[i]);
	}
	return w;
}

/* Copy a message with one child expression `arg` normalized. */
#define NORM_ARG(T, member) \
	do { \
		T *c = dup_msg(n, in->member, sizeof *in->member); \
		if (!c) \
			return in; \
		c->arg = norm_node(n, c->arg); \
		return new_node(n, in->node_case, c); \
	} while (0)

/* Copy a message with an args array normalized. */
#define NORM_ARGS(T, member) \
	do { \
		T *c = dup_msg(n, in->member, sizeof *in->member); \
		if (!c) \
			return in; \
		c->args = norm_array(n, c->args, c->n_args); \
		return new_node(n, in->node_case, c); \
	} while (0)

/* x COLLATE name: a user collation named without its schema gets it, as
 * the server prints it (search_path is empty when we read). */
static pgnode *norm_collate(norm *n, pgnode *in)
{
	PgQuery__CollateClause *c = dup_msg(n, in->collate_clause, sizeof *in->collate_clause);
	if (!c)
		return in;
	c->arg = norm_node(n, c->arg);
	const char *schema, *name;
	const ls_collation *coll = NULL;
	if (ls_name_list((const pgnode *const *)c->collname, c->n_collname, &schema, &name) == 0 &&
			!schema)
		coll = ls_lookup_collation(n->ap->cat, NULL, name);
	if (coll) {
		pgnode **names = ls_arena_alloc(n->scratch, 2 * sizeof *names);
		if (!names) {
			n->failed = true;
			return in;
		}
		names[0] = string_node(n, coll->schema);
		names[1] = string_node(n, coll->name);
		c->collname = names;
		c->n_collname = 2;
	}
	return new_node(n, in->node_case, c);
}

/* The items of COALESCE, GREATEST/LEAST, CASE results or ARRAY[...]
 * coerced to their common type (ls_expr_common_type) as the server stores
 * them: a number, column or expression of another type cast to it, a
 * string literal read as a value of it (and, in an array, where element
 * casts carry the type, cast), NULL left bare. *more: the ELSE of CASE.
 * Items in place (the caller's copy). */
static const pgnode *case_result(const pgnode *x)
{
	return x && x->node_case == PG_QUERY__NODE__NODE_CASE_WHEN ? x->case_when->result : x;
}

static void coerce_common(norm *n, pgnode **items, size_t count, pgnode **more, bool array)
{
	const char *common = ls_expr_common_type(n, items, count, more ? *more : NULL);
	if (!common || n->failed)
		return;
	/* only literals: their casts give the type (COALESCE(NULL::date,
	 * '2020-01-02'::date), as the server prints it), kept and written on
	 * every one; otherwise the typed item gives it and they go */
	bool typed = array;
	for (size_t i = 0; !typed && i <= count; i++) {
		const pgnode *x = case_result(i < count ? items[i] : more ? *more : NULL);
		typed = x && !is_literal(n, x) && !is_const(x) &&
			!(x->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && is_const(x->type_cast->arg));
	}
	for (size_t i = 0; i <= count; i++) {
		pgnode **slot = i < count ? &items[i] : more;
		if (!slot || !*slot)
			continue;
		if ((*slot)->node_case == PG_QUERY__NODE__NODE_CASE_WHEN) {
			PgQuery__CaseWhen *w = dup_msg(n, (*slot)->case_when, sizeof *(*slot)->case_when);
			if (!w)
				return;
			*slot = new_node(n, PG_QUERY__NODE__NODE_CASE_WHEN, w);
			slot = &w->result;
		}
		pgnode *x = *slot;
		if (is_context_cast(n, x)) {
			if (typed && !array)
				*slot = settle_literal(n, x, common, NULL);
			continue;
		}
		const char *t = ls_expr_type(n, x);
		if (!t)
			continue;
		if (is_const(x) && x->a_const->isnull) {
			if (!typed)
				*slot = ls_expr_cast_to(n, x, common);
			continue;
		}
		if (!strcmp(t, "unknown")) {
			if (!is_string_const(x) || is_string_type(common))
				continue;
			x = typed_text(n, x, common);
			*slot = array || !typed ? ls_expr_cast_to(n, x, common) : x;
			continue;
		}
		char tb[128];
		ls_type_base(t, tb, sizeof tb);
		if (strcmp(tb, common) && !ls_expr_cast_noop(n, tb, common, false))
			*slot = ls_expr_cast_to(n, x, common);
	}
}

static pgnode *norm_case(norm *n, pgnode *in)
{
	PgQuery__CaseExpr *c = dup_msg(n, in->case_expr, sizeof *in->case_expr);
	if (!c)
		return in;
	c->arg = norm_node(n, c->arg);
	c->args = norm_array(n, c->args, c->n_args);
	n->operand = true;  /* a literal's cast is settled with the others' */
	c->defresult = norm_node(n, c->defresult);
	n->operand = false;
	/* no ELSE is ELSE NULL, which the server prints */
	if (is_const(c->defresult) && c->defresult->a_const->isnull)
		c->defresult = NULL;
	if (c->n_args && c->args == in->case_expr->args) {
		/* coerced in place: the copy must be the normalizer's */
		pgnode **a = ls_arena_alloc(n->scratch, c->n_args * sizeof *a);
		if (!a) {
			n->failed = true;
			return in;
		}
		memcpy(a, c->args, c->n_args * sizeof *a);
		c->args = a;
	}
	coerce_common(n, c->args, c->n_args, &c->defresult, false);
	return new_node(n, in->node_case, c);
}

/* "-1.5e-3" → "-0.0015": float8out and numeric_out print moderate
 * exponents as plain decimals. Done on the digits, not through double. */
static const char *plain_decimal(ls_arena *a, const char *s)
{
	const char *e = strpbrk(s, "eE");
	if (!e)
		return s;
	long exp = strtol(e + 1, NULL, 10);
	if (exp < -4 || exp > 14)
		return s;
	char digits[64];
	size_t nd = 0;
	long point = -1;
	bool neg = s[0] == '-';
	for (const char *p = s + (neg || s[0] == '+'); p < e && nd < sizeof digits - 1; p++) {
		if (*p == '.')
			point = (long)nd;
		else
			digits[nd++] = *p;
	}
	if (point < 0)
		point = (long)nd;
	point += exp;
	char out[160];
	size_t o = 0;
	if (neg)
		out[o++] = '-';
	if (point <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (long i = point; i < 0; i++)
			out[o++] = '0';
		for (size_t i = 0; i < nd; i++)
			out[o++] = digits[i];
	} else {
		for (long i = 0; i < point || i < (long)nd; i++) {
			if (i == point)
				out[o++] = '.';
			out[o++] = i < (long)nd ? digits[i] : '0';
		}
	}
	out[o] = '\0';
	/* trim trailing zeros of the fraction, then a bare point */
	if (strchr(out, '.')) {
		while (o > 0 && out[o - 1] == '0')
			out[--o] = '\0';
		if (o > 0 && out[o - 1] == '.')
			out[--o] = '\0';
	}
	return ls_arena_strdup(a, out);
}

/* Constants as the server prints them: plain decimals, bit strings as
 * strings of bits (the server prints '0101'::"bit"). */
static pgnode *norm_const(norm *n, pgnode *in)
{
	PgQuery__AConst *k = in->a_const;
	if (k->val_case == PG_QUERY__A__CONST__VAL_FVAL && strpbrk(k->fval->fval, "eE")) {
		PgQuery__AConst *c = dup_msg(n, k, sizeof *k);
		PgQuery__Float *f = c ? dup_msg(n, k->fval, sizeof *k->fval) : NULL;
		if (!f)
			return in;
		f->fval = (char *)plain_decimal(n->scratch, k->fval->fval);
		if (f->fval && !strpbrk(f->fval, ".eE")) {
			/* 1e3 is the numeric 1000, which the server prints
			 * '1000'::numeric: normalized as that text is */
			pgnode *str = string_node(n, f->fval);
			PgQuery__AConst init = PG_QUERY__A__CONST__INIT;
			PgQuery__AConst *sc = str ? dup_msg(n, &init, sizeof init) : NULL;
			if (!sc)
				return in;
			sc->sval = str->string;
			sc->val_case = PG_QUERY__A__CONST__VAL_SVAL;
			sc->location = -1;
			return norm_node(n, ls_expr_cast_to(n, new_node(n, in->node_case, sc), "numeric"));
		}
		c->fval = f;
		return new_node(n, in->node_case, c);
	}
	if (k->val_case == PG_QUERY__A__CONST__VAL_BSVAL && k->bsval->bsval[0] == 'b') {
		PgQuery__AConst *c = dup_msg(n, k, sizeof *k);
		PgQuery__String init = PG_QUERY__STRING__INIT;
		PgQuery__String *str = dup_msg(n, &init, sizeof init);
		if (!c || !str)
			return in;
		str->sval = ls_arena_strdup(n->scratch, k->bsval->bsval + 1);
		c->sval = str;
		c->val_case = PG_QUERY__A__CONST__VAL_SVAL;
		return new_node(n, in->node_case, c);
	}
	return in;
}

static pgnode *norm_node(norm *n, pgnode *in)
{
	bool operand = n->operand;
	n->operand = false;
	if (!in || n->failed)
		return in;
	if (n->hook) {
		bool handled = false;
		pgnode *out = n->hook(n, n->ctx, in, &handled);
		if (handled)
			return out;
	}
	switch (in->node_case) {
	case PG_QUERY__NODE__NODE_A_CONST:
		return norm_const(n, in);
	case PG_QUERY__NODE__NODE_TYPE_CAST:
		return norm_type_cast(n, in, operand);
	case PG_QUERY__NODE__NODE_A_EXPR:
		return norm_aexpr(n, in);
	case PG_QUERY__NODE__NODE_BOOL_EXPR:
		return norm_bool(n, in);
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		return norm_func(n, in);
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR: {
		PgQuery__AArrayExpr *c = dup_msg(n, in->a_array_expr, sizeof *in->a_array_expr);
		if (!c)
			return in;
		n->in_array++;
		c->elements = norm_array(n, c->elements, c->n_elements);
		n->in_array--;
		if (c->n_elements && c->elements != in->a_array_expr->elements)
			coerce_common(n, c->elements, c->n_elements, NULL, true);
		return new_node(n, in->node_case, c);
	}
	case PG_QUERY__NODE__NODE_LIST: {
		PgQuery__List *c = dup_msg(n, in->list, sizeof *in->list);
		if (!c)
			return in;
		c->items = norm_array(n, c->items, c->n_items);
		return new_node(n, in->node_case, c);
	}
	case PG_QUERY__NODE__NODE_NULL_TEST:
		NORM_ARG(PgQuery__NullTest, null_test);
	case PG_QUERY__NODE__NODE_BOOLEAN_TEST:
		NORM_ARG(PgQuery__BooleanTest, boolean_test);
	case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
		return norm_collate(n, in);
	case PG_QUERY__NODE__NODE_NAMED_ARG_EXPR:
		NORM_ARG(PgQuery__NamedArgExpr, named_arg_expr);
	case PG_QUERY__NODE__NODE_A_INDIRECTION:
		NORM_ARG(PgQuery__AIndirection, a_indirection);
	case PG_QUERY__NODE__NODE_COALESCE_EXPR: {
		PgQuery__CoalesceExpr *c = dup_msg(n, in->coalesce_expr, sizeof *in->coalesce_expr);
		if (!c)
			return in;
		c->args = norm_operands(n, c->args, c->n_args);
		if (c->n_args && c->args != in->coalesce_expr->args)
			coerce_common(n, c->args, c->n_args, NULL, false);
		return new_node(n, in->node_case, c);
	}
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR: {
		PgQuery__MinMaxExpr *c = dup_msg(n, in->min_max_expr, sizeof *in->min_max_expr);
		if (!c)
			return in;
		c->args = norm_operands(n, c->args, c->n_args);
		if (c->n_args && c->args != in->min_max_expr->args)
			coerce_common(n, c->args, c->n_args, NULL, false);
		return new_node(n, in->node_case, c);
	}
	case PG_QUERY__NODE__NODE_ROW_EXPR:
		NORM_ARGS(PgQuery__RowExpr, row_expr);
	case PG_QUERY__NODE__NODE_CASE_EXPR:
		return norm_case(n, in);
	case PG_QUERY__NODE__NODE_SORT_BY: {
		PgQuery__SortBy *c = dup_msg(n, in->sort_by, sizeof *in->sort_by);
		if (!c)
			return in;
		c->node = norm_node(n, c->node);
		return new_node(n, in->node_case, c);
	}
	case PG_QUERY__NODE__NODE_CASE_WHEN: {
		PgQuery__CaseWhen *c = dup_msg(n, in->case_when, sizeof *in->case_when);
		if (!c)
			return in;
		c->expr = norm_node(n, c->expr);
		n->operand = true;  /* settled by the CASE (coerce_common) */
		c->result = norm_node(n, c->result);
		n->operand = false;
		return new_node(n, in->node_case, c);
	}
	default:
		return in;
	}
}

ls_norm *ls_norm_new(ls_apply *ap, ls_norm_hook hook, void *ctx)
{
	ls_norm *n = ls_malloc(sizeof *n);
	if (!n || ls_arena_new(&n->scratch) < 0) {
		free(n);
		ls_apply_nomem(ap);
		return NULL;
	}
	n->ap = ap;
	n->failed = false;
	n->hook = hook;
	n->ctx = ctx;
	n->coltype = table_coltype;
	n->in_array = 0;
	n->any_lhs = NULL;
	n->operand = false;
	n->any_untyped = false;
	return n;
}

ls_type *ls_norm_user_type(ls_norm *n, const char *type)
{
	return user_type_spelled(n->ap->cat, type);
}

const char *ls_norm_domain_base(ls_norm *n, const char *type)
{
	ls_type *t = user_type_spelled(n->ap->cat, type);
	return t && t->kind == LS_TYPE_DOMAIN ? t->base_type : NULL;
}

const char *ls_norm_coltype(ls_norm *n, const PgQuery__ColumnRef *c)
{
	return n->coltype ? n->coltype(n, n->ctx, c) : NULL;
}

const char *ls_norm_type_name(ls_norm *n, const PgQuery__TypeName *tn)
{
	return quiet_type_name(n->ap, tn);
}

void ls_norm_set_coltype(ls_norm *n, ls_coltype_fn fn)
{
	n->coltype = fn;
}

pgnode *ls_norm_output(ls_norm *n, pgnode *val)
{
	const pgnode *save = n->keep_cast;
	n->keep_cast = val;
	pgnode *out = norm_node(n, val);
	n->keep_cast = save;
	/* an untyped literal output column is text (resolveTargetListUnknowns),
	 * and the server prints it with its type: 'x'::text, NULL::text */
	if (out && out->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			(out->a_const->isnull || out->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL))
		out = ls_expr_cast_text(n, out);
	return out;
}

void ls_norm_free(ls_norm *n)
{
	if (!n)
		return;
	ls_arena_free(n->scratch);
	free(n);
}

pgnode *ls_norm_node(ls_norm *n, pgnode *in)
{
	return norm_node(n, in);
}

pgnode **ls_norm_array(ls_norm *n, pgnode **items, size_t count)
{
	return norm_array(n, items, count);
}

void *ls_norm_dup(ls_norm *n, const void *msg, size_t size)
{
	return dup_msg(n, msg, size);
}

pgnode *ls_norm_wrap(ls_norm *n, PgQuery__Node__NodeCase c, void *payload)
{
	return payload ? new_node(n, c, payload) : NULL;
}

pgnode *ls_norm_string(ls_norm *n, const char *s)
{
	return string_node(n, s);
}

ls_arena *ls_norm_scratch(ls_norm *n)
{
	return n->scratch;
}

ls_apply *ls_norm_apply(ls_norm *n)
{
	return n->ap;
}

bool ls_norm_failed(const ls_norm *n)
{
	return n->failed;
}

void ls_norm_fail(ls_norm *n)
{
	n->failed = true;
}

const char *ls_expr_deparse(ls_apply *ap, const pgnode *expr)
{
	void **slot = ls_builder_slot(ap->cat, LS_SLOT_DEPARSE);
	if (!slot)
		return ls_deparse_expr(ap->cat->arena, expr);
	ls_deparse_cache *cache = *slot;
	const char *text = ls_deparse_expr_cached(ap->cat->arena, &cache, expr);
	*slot = cache;
	return text;
}

static const char *without_typmod(ls_arena *a, const char *spelled);

/* A string constant cast to another type than the `target` it is assigned
 * to (a default): the server stores the constant of the cast's type under
 * an implicit coercion, which it does not print, so the cast is the value's
 * meaning ('2020-01-01 00:00:00'::timestamp into a timestamptz is converted
 * in the inserting session's time zone; ''::character varying left on a
 * text column by ALTER COLUMN TYPE). expr when so, else NULL. Numbers are
 * typed_number's; domains (on either side) are left as they were. */
static const pgnode *retyped_literal(ls_apply *ap, const pgnode *expr, const char *target)
{
	if (!target || !expr || expr->node_case != PG_QUERY__NODE__NODE_TYPE_CAST ||
			!is_const(expr->type_cast->arg) ||
			expr->type_cast->arg->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL ||
			is_numeric_type(expr->type_cast->type_name))
		return NULL;
	const char *to = quiet_type_name(ap, expr->type_cast->type_name);
	if (!to || strchr(to, '.') || strchr(target, '.'))
		return NULL;
	const char *a = without_typmod(ap->cat->arena, to), *b = without_typmod(ap->cat->arena, target);
	return a && b && strcmp(a, b) ? expr : NULL;
}

/* The canonical text of expr; `target`, when not NULL, is the type it is
 * assigned to (a column default), whose composite attributes a ROW(...)
 * is coerced to. */
static const char *canonical(ls_apply *ap, pgnode *expr, const char *target)
{
	norm n = {.ap = ap, .coltype = table_coltype, .keep_cast = retyped_literal(ap, expr, target)};
	size_t diags = ap->err ? ap->err->n_diags : 0;
	if (!expr)
		return NULL;
	if (ls_arena_new(&n.scratch) < 0) {
		ls_apply_nomem(ap);
		return NULL;
	}
	pgnode *out = norm_node(&n, expr);
	if (target && out && out->node_case == PG_QUERY__NODE__NODE_ROW_EXPR)
		out = ls_expr_row_coerce(&n, out, target);
	const char *text = n.failed ? NULL : ls_expr_deparse(ap, out);
	bool oom = n.failed || (!text && errno == ENOMEM);
	ls_arena_free(n.scratch);
	if (!text && ap->err && ap->err->n_diags > diags)
		; /* the normalizer said why (a relation that does not exist) */
	else if (!text && oom)
		ls_apply_nomem(ap);
	else if (!text)
		ls_apply_error(ap, LS_EUNSUPPORTED, "cannot deparse expression");
	return text;
}

const char *ls_expr_canonical(ls_apply *ap, pgnode *expr)
{
	return canonical(ap, expr, NULL);
}

static bool numeric_type_name(const char *type)
{
	static const char *const names[] = {"smallint", "integer", "bigint", "real",
		"double precision", "numeric", "money"};
	for (size_t i = 0; type && i < sizeof names / sizeof names[0]; i++)
		if (!strncmp(type, names[i], strlen(names[i])) && (type[strlen(names[i])] == '\0' ||
				type[strlen(names[i])] == '('))
			return strcmp(names[i], "money") != 0;
	return false;
}

/* The text of string constant c holding value instead (deparsed, quoted),
 * or c's canonical text on no memory. */
static const char *const_text(ls_apply *ap, const pgnode *c, const char *value)
{
	PgQuery__String s = *c->a_const->sval;
	PgQuery__AConst k = *c->a_const;
	pgnode node = *c;
	s.sval = (char *)value;
	k.sval = &s;
	node.a_const = &k;
	const char *out = ls_expr_deparse(ap, &node);
	return out ? out : ls_expr_canonical(ap, (pgnode *)c);
}

const char *ls_expr_canonical_typed(ls_apply *ap, pgnode *expr, const char *type)
{
	/* a cast to the column's own type is what assignment does anyway */
	if (expr && type && expr->node_case == PG_QUERY__NODE__NODE_TYPE_CAST &&
			expr->type_cast->arg->node_case != PG_QUERY__NODE__NODE_A_ARRAY_EXPR) {
		const char *to = quiet_type_name(ap, expr->type_cast->type_name);
		size_t k = to ? strlen(to) : 0;
		/* 5::numeric into numeric(10,2): the typmod comes from the column */
		if (to && (!strcmp(to, type) || (!strncmp(to, type, k) && type[k] == '(' &&
				expr->type_cast->arg->node_case == PG_QUERY__NODE__NODE_A_CONST)))
			expr = expr->type_cast->arg;
	}
	/* DEFAULT '2020-01-01' on a timestamp column: the value as printed */
	if (expr && expr->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			expr->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL && ls_datetime_kind(type)) {
		norm n = {.ap = ap};
		if (ls_arena_new(&n.scratch) < 0) {
			ls_apply_nomem(ap);
			return NULL;
		}
		pgnode *c = typed_text(&n, expr, type);
		const char *text = n.failed ? NULL : ls_expr_deparse(ap, c);
		ls_arena_free(n.scratch);
		if (!text && !ap->err->code)
			ls_apply_nomem(ap);
		return text;
	}
	/* DEFAULT '-1.5' on a number column is stored as the number. */
	if (expr && expr->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			expr->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL && numeric_type_name(type)) {
		norm n = {.ap = ap};
		if (ls_arena_new(&n.scratch) < 0) {
			ls_apply_nomem(ap);
			return NULL;
		}
		pgnode *num = string_to_number(&n, expr);
		const char *text = n.failed ? NULL : ls_expr_deparse(ap, num);
		ls_arena_free(n.scratch);
		if (!text)
			ls_apply_nomem(ap);
		return text;
	}
	/* a relation's name assigned to a regclass column is stored as the
	 * relation (printed qualified), a JSON string assigned to a jsonb
	 * column as jsonb */
	const char *rel = NULL;
	if (expr && type && !strcmp(type, "regclass") && expr->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			expr->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
		rel = ls_regclass_literal(ap->cat, ap->cat->arena, expr->a_const->sval->sval);
	if (rel)
		return const_text(ap, expr, rel);
	if (expr && type && !strcmp(type, "jsonb") && expr->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			expr->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
		const char *j = ls_jsonb_canonical(ap->cat->arena, expr->a_const->sval->sval);
		return j ? const_text(ap, expr, j) : ls_expr_canonical(ap, expr);
	}
	return canonical(ap, expr, type);
}

/* What the server refuses in a DEFAULT before it stores one (cookDefault):
 * a column reference, and — assigned to a regclass column — a literal
 * naming no relation (regclassin). 0, or the error in ap. */
static int default_refused(ls_apply *ap, pgnode *expr, const char *type)
{
	const char **cols;
	size_t n_cols;
	if (ls_expr_columns(ap, expr, &cols, &n_cols) < 0)
		return ap->err->code;
	if (n_cols > 0)
		return ls_apply_error(ap, LS_EINVAL, "cannot use column reference in DEFAULT expression");
	if (expr && type && !strcmp(type, "regclass") && expr->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			expr->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
		norm n = {.ap = ap};
		check_regclass(&n, expr->a_const->sval->sval);
		if (n.failed)
			return ap->err->code ? ap->err->code : LS_EINVAL;
	}
	return 0;
}

const char *ls_expr_canonical_text(ls_apply *ap, const char *text)
{
	pgnode *e;
	PgQuery__ParseResult *r = ls_parse_expr(text, &e);
	if (!r) {
		char tok[LS_ERROR_TOKEN_SIZE];
		ls_apply_error(ap, LS_EPARSE, "cannot parse expression: %s",
				ls_error_token(tok, sizeof tok, text));
		return NULL;
	}
	const char *out = ls_expr_canonical(ap, e);
	ls_expr_free(r);
	return out;
}

/* Collect ColumnRef names in tree order, descending into the node kinds
 * norm_node knows. */
static void collect_columns(ls_arena *a, const pgnode *x, const char ***out,
		size_t *count, bool *failed)
{
	if (!x || *failed)
		return;
	switch (x->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF: {
		const PgQuery__ColumnRef *c = x->column_ref;
		if (c->n_fields == 0 || c->fields[c->n_fields - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
			return;
		const char **slot = ls_arena_push(a, (void **)out, count, sizeof **out);
		if (!slot)
			*failed = true;
		else
			*slot = c->fields[c->n_fields - 1]->string->sval;
		return;
	}
	case PG_QUERY__NODE__NODE_TYPE_CAST:
		collect_columns(a, x->type_cast->arg, out, count, failed);
		return;
	case PG_QUERY__NODE__NODE_A_EXPR:
		collect_columns(a, x->a_expr->lexpr, out, count, failed);
		collect_columns(a, x->a_expr->rexpr, out, count, failed);
		return;
	case PG_QUERY__NODE__NODE_NULL_TEST:
		collect_columns(a, x->null_test->arg, out, count, failed);
		return;
	case PG_QUERY__NODE__NODE_BOOLEAN_TEST:
		collect_columns(a, x->boolean_test->arg, out, count, failed);
		return;
	case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
		collect_columns(a, x->collate_clause->arg, out, count, failed);
		return;
	case PG_QUERY__NODE__NODE_CASE_WHEN:
		collect_columns(a, x->case_when->expr, out, count, failed);
		collect_columns(a, x->case_when->result, out, count, failed);
		return;
	case PG_QUERY__NODE__NODE_CASE_EXPR:
		collect_columns(a, x->case_expr->arg, out, count, failed);
		for (size_t i = 0; i < x->case_expr->n_args; i++)
			collect_columns(a, x->case_expr->args[i], out, count, failed);
		collect_columns(a, x->case_expr->defresult, out, count, failed);
		return;
	default:
		break;
	}
	/* Nodes with an args / items / elements array. */
	pgnode **items = NULL;
	size_t n = 0;
	switch (x->node_case) {
	case PG_QUERY__NODE__NODE_BOOL_EXPR: items = x->bool_expr->args; n = x->bool_expr->n_args; break;
	case PG_QUERY__NODE__NODE_FUNC_CALL: items = x->func_call->args; n = x->func_call->n_args; break;
	case PG_QUERY__NODE__NODE_LIST: items = x->list->items; n = x->list->n_items; break;
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR: items = x->a_array_expr->elements; n = x->a_array_expr->n_elements; break;
	case PG_QUERY__NODE__NODE_COALESCE_EXPR: items = x->coalesce_expr->args; n = x->coalesce_expr->n_args; break;
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR: items = x->min_max_expr->args; n = x->min_max_expr->n_args; break;
	case PG_QUERY__NODE__NODE_ROW_EXPR: items = x->row_expr->args; n = x->row_expr->n_args; break;
	default: break;
	}
	for (size_t i = 0; i < n; i++)
		collect_columns(a, items[i], out, count, failed);
}

int ls_expr_columns(ls_apply *ap, const pgnode *expr, const char ***out, size_t *n)
{
	bool failed = false;
	*out = NULL;
	*n = 0;
	collect_columns(ap->cat->arena, expr, out, n, &failed);
	return failed ? ls_apply_nomem(ap) : 0;
}

/* spelled without its type modifier ("character varying(10)[]" is
 * "character varying[]", "interval day to second(2)" is "interval"), in a;
 * spelled itself when it has none. Without a length, bit and character
 * mean bit(1) and character(1): those are written "bit" and bpchar. */
static const char *without_typmod(ls_arena *a, const char *spelled)
{
	const char *arr = strstr(spelled, "[]");
	size_t n = arr ? (size_t)(arr - spelled) : strlen(spelled);
	const char *suffix = arr ? arr : "";
	if (!strncmp(spelled, "interval", 8) && n > 8)
		return ls_arena_printf(a, "interval%s", suffix);
	const char *open = memchr(spelled, '(', n);
	if (!open || spelled[0] == '"' || strchr(spelled, '.'))
		return spelled;
	const char *close = memchr(open, ')', n - (size_t)(open - spelled));
	if (!close)
		return spelled;
	size_t head = (size_t)(open - spelled);
	if (head == 9 && !strncmp(spelled, "character", 9))
		return ls_arena_printf(a, "bpchar%s", suffix);
	if (head == 3 && !strncmp(spelled, "bit", 3))
		return ls_arena_printf(a, "\"bit\"%s", suffix);
	return ls_arena_printf(a, "%.*s%.*s%s", (int)head, spelled,
			(int)(n - (size_t)(close + 1 - spelled)), close + 1, suffix);
}

/* What a NULL constant has become on its way through coercions, as
 * parse_coerce.c builds it: still a Const (of base, with typmod mod, the
 * canonical spelling of that type or NULL for none) or not. */
typedef struct null_state {
	bool unknown;        /* the untyped NULL literal */
	bool constant;
	const char *base;    /* the Const's type, without its typmod */
	const char *mod;     /* the Const's type with its typmod, or NULL */
} null_state;

static int null_coerce(ls_apply *ap, null_state *st, const char *to)
{
	ls_catalog *cat = ap->cat;
	const char *base = without_typmod(cat->arena, to);
	if (!base)
		return ls_apply_nomem(ap);
	bool has_mod = strcmp(base, to) != 0;
	const ls_type *u = strchr(to, '.') ? user_type_spelled(cat, to) : NULL;
	if (!st->constant)
		return 0;
	if (u && u->kind == LS_TYPE_DOMAIN) {
		st->constant = false;  /* CoerceToDomain */
	} else if (st->unknown) {
		/* coerce_type: the literal's input routine, typmod -1 but for
		 * interval, which takes it */
		st->unknown = false;
		st->base = base;
		st->mod = !strncmp(base, "interval", 8) && has_mod ? to : NULL;
	} else if (strcmp(st->base, base)) {
		st->constant = false;  /* a cast function or a RelabelType */
	}
	/* coerce_type_typmod: a length coercion function */
	if (st->constant && has_mod && !(st->mod && !strcmp(st->mod, to)))
		st->constant = false;
	return 0;
}

/* The bottom base type of a domain chain (or type itself). */
static const char *domain_base(ls_catalog *cat, const char *type)
{
	for (int depth = 0; depth < 64 && strchr(type, '.'); depth++) {
		const ls_type *u = user_type_spelled(cat, type);
		if (!u || u->kind != LS_TYPE_DOMAIN || !u->base_type)
			break;
		type = u->base_type;
	}
	return type;
}

int ls_expr_default(ls_apply *ap, pgnode *expr, const char *type, const char **out)
{
	*out = NULL;
	int refused = default_refused(ap, expr, type);
	if (refused < 0)
		return refused;
	const PgQuery__TypeName *casts[16];
	size_t n = 0;
	pgnode *x = expr;
	while (x && x->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && n < 16) {
		casts[n++] = x->type_cast->type_name;
		x = x->type_cast->arg;
	}
	bool null = x && x->node_case == PG_QUERY__NODE__NODE_A_CONST && x->a_const->isnull;
	if (!null || !type) {
		*out = ls_expr_canonical_typed(ap, expr, type);
		return *out ? 0 : ap->err->code;
	}
	null_state st = {.unknown = true, .constant = true};
	const char *outer = NULL;
	int rc = 0;
	/* casts[] is outermost first: the written casts apply innermost first */
	for (size_t i = n; rc == 0 && i-- > 0; ) {
		const char *to = quiet_type_name(ap, casts[i]);
		if (!to) {
			*out = ls_expr_canonical_typed(ap, expr, type);
			return *out ? 0 : ap->err->code;
		}
		outer = to;
		rc = null_coerce(ap, &st, to);
	}
	if (rc == 0)
		rc = null_coerce(ap, &st, type);  /* the assignment to the column */
	if (rc < 0 || st.constant)
		return rc;
	/* kept: the server prints the constant with its type, the outermost
	 * written cast's or the column's own without its typmod */
	if (!outer && !(outer = without_typmod(ap->cat->arena, domain_base(ap->cat, type))))
		return ls_apply_nomem(ap);
	*out = ls_arena_printf(ap->cat->arena, "NULL::%s", outer);
	return *out ? 0 : ls_apply_nomem(ap);
}

int ls_expr_default_retyped(ls_apply *ap, const char *def, const char *old_type,
		const char *new_type, const char **out)
{
	*out = def;
	if (!def)
		return 0;
	pgnode *e;
	PgQuery__ParseResult *r = ls_parse_expr(def, &e);
	if (!r) {
		char tok[LS_ERROR_TOKEN_SIZE];
		return ls_apply_error(ap, LS_EPARSE, "cannot parse expression: %s",
				ls_error_token(tok, sizeof tok, def));
	}
	bool bare = is_const(e) && e->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL &&
		!strchr(old_type, '.') && strcmp(old_type, "boolean") && !numeric_type_name(old_type);
	if (bare) {
		/* the constant the server holds is of the old type, printed with it */
		const char *base = without_typmod(ap->cat->arena, old_type);
		const char *text = base ? ls_arena_printf(ap->cat->arena, "%s::%s", def, base) : NULL;
		ls_expr_free(r);
		if (!text)
			return ls_apply_nomem(ap);
		if (!(r = ls_parse_expr(text, &e)))
			return ls_apply_error(ap, LS_EPARSE, "cannot parse expression: %s", text);
	}
	int rc = ls_expr_default(ap, e, new_type, out);
	ls_expr_free(r);
	return rc;
}

/* Private to catalog/: the types of expressions and the implicit casts the
 * server adds when it resolves an operator or a function (expr_type.c). */
#ifndef LS_CATALOG_EXPR_TYPE_H
#define LS_CATALOG_EXPR_TYPE_H

#include "expr.h"

/* The built-in types the resolver knows (others are unknown to it). */
typedef enum ls_ty {
	TY_NONE = 0, TY_UNKNOWN, TY_INT2, TY_INT4, TY_INT8, TY_NUMERIC, TY_FLOAT4, TY_FLOAT8,
	TY_TEXT, TY_VARCHAR, TY_BPCHAR, TY_NAME, TY_DATE, TY_TS, TY_TSTZ, TY_TIME, TY_INTERVAL,
	TY_BOOL, TY_JSONB, TY_JSON, TY_UUID, TY_BYTEA, TY_REGCLASS, TY_COUNT
} ls_ty;

/* A binary operator or a function of pg_catalog: argument and result types. */
typedef struct ls_op_sig {
	const char *name;
	ls_ty left, right, result;
} ls_op_sig;

typedef struct ls_func_sig {
	const char *name;
	int nargs;
	ls_ty args[3];
	ls_ty result;
} ls_func_sig;

/* PostgreSQL 15's operators and functions over those types (expr_type_data.c). */
extern const ls_op_sig ls_builtin_ops[];
extern const size_t ls_n_builtin_ops;
extern const ls_func_sig ls_builtin_funcs[];
extern const size_t ls_n_builtin_funcs;

/* The type of a normalized expression, canonical ("integer", "numeric(10,2)"),
 * "unknown" for an untyped literal, or NULL when the resolver cannot tell. */
const char *ls_expr_type(ls_norm *n, const pgnode *e);

/* An operator call (A_Expr) or function call whose arguments are normalized,
 * with the casts the server adds to arguments that are expressions (casts
 * of columns and constants are the normalizer's to drop): `int8 * numeric`
 * resolves to numeric * numeric and the left side is cast. The node itself
 * when nothing changes or a type is unknown. */
pgnode *ls_expr_coerce(ls_norm *n, pgnode *call);

/* Whether a cast of a column of type `from` to `to` gives the server the
 * same tree as the bare column: the same type, or a domain cast to the type
 * it is over (the server looks through domains). As the left side of
 * = ANY / <> ALL (any_lhs), which the resolver does not resolve, a string
 * column (varchar, char, name) cast to text as well: with a list of
 * literals the server compares text. */
bool ls_expr_cast_noop(ls_norm *n, const char *from, const char *to, bool any_lhs);

/* The array of an IN list as transformAExprIn builds it (normalized left
 * side *lhs, normalized items): when the left side and the items all have
 * number types (domains looked through), the items whose type is not their
 * common type (select_common_type: the left side's first) are cast to it,
 * and *lhs to the left type of the operator op the server resolves for the
 * two, where that is another (`int_col IN (1, 2.5)` is stored as
 * `(int_col)::numeric = ANY (ARRAY[(1)::numeric, 2.5])`). Nothing changes
 * otherwise: string literals take the left side's type, which the
 * normalizer drops again. items is written in place (the caller's).
 * Not in_list: x = ANY (ARRAY[...]) written out, whose elements take their
 * own common type, and then the operator's right type when it is another
 * (`numeric_col = ANY (ARRAY[1, 2])` is stored with ARRAY[1, 2]::numeric[]). */
void ls_expr_in_coerce(ls_norm *n, const char *op, pgnode **lhs, pgnode **items, size_t count,
		bool in_list);

/* A normalized ROW(...) assigned to a column of composite type `type`:
 * number constants cast to their attribute's type where it is another, as
 * the server coerces and prints them. Anything else is returned as is. */
pgnode *ls_expr_row_coerce(ls_norm *n, pgnode *row, const char *type);

/* A kept cast whose type is written with one of the type's own names the
 * server prints otherwise (int8, float8, bool ...): the same cast spelled
 * as format_type spells it, so `x::int8` and `x::bigint` agree. */
pgnode *ls_expr_respell(ls_norm *n, pgnode *cast);

/* x::type, type a canonical spelling. */
pgnode *ls_expr_cast_to(ls_norm *n, pgnode *x, const char *type);

/* Whether a value of type `from` reaches `to` by an implicit cast and not
 * the other way (date to timestamp): the common type of the two is `to`
 * (select_common_type). Both must be types the resolver knows. */
bool ls_expr_implicit_only(const char *from, const char *to);

/* Whether a string constant of this type is typed by its cast alone in an
 * ARRAY[...] or an IN list (date/time, interval, uuid): without the cast
 * the array would be text[]. */
bool ls_expr_literal_typed(const char *type);

/* The type the server gives an untyped string constant that is operand
 * `side` (0 left, 1 right) of the binary operator `name` when the other
 * operand has type `other`: the argument type of the operator it resolves
 * to (binary_oper_exact, then the candidates), or NULL when the operator
 * or the type is not known here or the choice is not unique. */
const char *ls_expr_op_literal_type(const char *name, const char *other, int side);

/* Same for argument k of a call to a pg_catalog function, the other
 * arguments typed as they are. */
const char *ls_expr_func_literal_type(ls_norm *n, const PgQuery__FuncCall *f, size_t k);

/* pg_cast between two built-in types the resolver knows: 1 when `from`
 * reaches `to` by an implicit cast (or is it), 0 when not, -1 when one of
 * them is not a type it knows. */
int ls_expr_builtin_implicit(const char *from, const char *to);

/* pg_type.typcategory of a built-in type the resolver knows, and
 * typispreferred into *preferred; 0 for any other type. */
char ls_expr_builtin_category(const char *type, bool *preferred);

/* --- calls of the catalog's own functions (expr_call.c) --- */

/* How a call of a function of the catalog resolves (func_get_detail):
 * the function, and for every argument of the call the type it is
 * coerced to. expand: the arguments from nfixed on are the VARIADIC
 * parameter's elements (of type elem), stored as VARIADIC ARRAY[...]. */
typedef struct ls_call {
	const ls_function *f;
	const char **want;
	size_t nargs;
	size_t nfixed;
	bool expand;
	const char *elem;
} ls_call;

/* Resolve call f (arguments normalized, name qualified by the normalizer)
 * against the catalog's functions of that schema and name, as
 * func_select_candidate does: overloads, defaults, VARIADIC; argument
 * `unknown_at` (SIZE_MAX for none) taken as an untyped literal. Returns 1
 * with *out filled (arrays in the scratch arena), 0 when f is not a call
 * of a catalog function the resolver can settle (a pg_catalog or extension
 * function, named arguments, polymorphic parameters, argument types it
 * cannot tell between overloads), or, when the candidates are known and
 * none is best, LS_EINVAL: with `refuse`, the server's error is set on
 * the apply context and n fails; quietly otherwise. */
int ls_expr_user_call(ls_norm *n, const PgQuery__FuncCall *f, size_t unknown_at, bool refuse,
		ls_call *out);

/* A normalized call of a catalog function with the casts the server
 * stores: each argument whose type is not its parameter's cast to it
 * (numbers, columns, expressions, NULL), the arguments of a VARIADIC
 * parameter gathered into VARIADIC ARRAY[...]. `written` is the name as
 * the statement spells it, for the error of an ambiguous call (n fails).
 * The node itself when nothing changes. */
pgnode *ls_expr_call_coerce(ls_norm *n, pgnode *call, const PgQuery__FuncCall *written);

/* select_common_type over the normalized items (a CaseWhen gives its
 * result) and `more` (NULL for none): the first known type, replaced by a
 * later one of the same category it reaches implicitly and not back unless
 * it is the category's preferred type; domains and type modifiers
 * dropped; "text" when every item is an untyped literal; NULL when a type
 * is not known here or the categories differ. In the scratch arena. */
const char *ls_expr_common_type(ls_norm *n, pgnode *const *items, size_t count, const pgnode *more);

/* The result type of a call of a catalog function, NULL when not known
 * (a set, a record, or a call the resolver does not settle). */
const char *ls_expr_user_call_type(ls_norm *n, const PgQuery__FuncCall *f);

#endif

/* Private to catalog/: functions, procedures, triggers and policies
 * (apply_func.c, apply_trigger.c). */
#ifndef LS_CATALOG_APPLY_FUNC_H
#define LS_CATALOG_APPLY_FUNC_H

#include "build.h"

/* One parameter of a function, canonical. mode: 'i' IN (also when none is
 * written), 'o' OUT, 'b' INOUT, 'v' VARIADIC, 't' a column of RETURNS
 * TABLE. name is "" when the parameter has none; def is the canonical
 * DEFAULT expression or NULL. Strings live in the catalog's arena. */
typedef struct ls_fparam {
	char mode;
	const char *name;
	const char *type;
	const char *def;
} ls_fparam;

/* The parameters of an existing function (TABLE columns included), read
 * back from its arguments and result text. Returns 0, or a negative LS_E*
 * with the error on ap. The array is in the catalog's arena. */
int ls_function_params(ls_apply *ap, const ls_function *f, ls_fparam **out, size_t *n);

/* The input argument types of f joined by ", " ("integer, text[]"): its
 * signature as DROP FUNCTION f(integer, text[]) names it, modes and names
 * dropped (OUT arguments are not part of it). NULL on error (set on ap). */
const char *ls_function_input_types(ls_apply *ap, const ls_function *f);

/* The canonical spelling of a function argument or result type:
 * format_type_be(), which drops type modifiers ("character varying",
 * "numeric", "character"). NULL with the error set on ap. */
const char *ls_function_type_name(ls_apply *ap, const PgQuery__TypeName *tn);

/* The function (or procedure) of schema, or of the first schema of
 * search_path that has one when schema is NULL, named name whose input
 * argument types are types ("integer, text"; "" for none), into *out (NULL
 * when there is none). Returns 0 or a negative LS_E* set on ap. */
/* Put routine nf into the catalog: as a new one (a new id, the current
 * role its owner, default privileges), or in place of old (CREATE OR
 * REPLACE), which keeps its id, comment, privileges and owner. */
int ls_function_put(ls_apply *ap, ls_function *old, const ls_function *nf);

int ls_find_function(ls_apply *ap, const char *schema, const char *name,
		const char *types, ls_function **out);

/* The canonical text of a SQL-standard body (a ReturnStmt, or the List of
 * BEGIN ATOMIC) of function fname with parameters p, as pg_get_functiondef
 * prints it (apply_func_body.c). NULL with the error set on ap. */
const char *ls_function_sql_body(ls_apply *ap, pgnode *body, const char *fname,
		const ls_fparam *p, size_t n);

/* ALTER FUNCTION / PROCEDURE / ROUTINE f(...) with actions: volatility,
 * [NOT] STRICT, SECURITY DEFINER/INVOKER, [NOT] LEAKPROOF, PARALLEL, SET /
 * RESET configuration (COST, ROWS, SUPPORT are accepted and not modelled).
 * RENAME, OWNER and SET SCHEMA are other statements. */
int ls_apply_alter_function(ls_apply *ap, PgQuery__AlterFunctionStmt *s);

/* The routine an ObjectWithArgs names (DROP, ALTER, COMMENT ON, GRANT ...
 * FUNCTION / PROCEDURE / ROUTINE f(types) or f alone), as
 * LookupFuncWithArgs finds it: by input argument types, or by name when no
 * list is given (it must then be unique). kind: 'f' FUNCTION (an aggregate
 * too), 'p' PROCEDURE, 'r' ROUTINE (any), 'a' AGGREGATE. *out is NULL when there is none and
 * missing_ok; otherwise that is an error with PostgreSQL's message
 * ("function f(integer) does not exist", "could not find a procedure named
 * \"p\"", "function name \"f\" is not unique", "f(integer) is not a
 * procedure"). Returns 0 or a negative LS_E*. */
int ls_lookup_function_args(ls_apply *ap, const PgQuery__ObjectWithArgs *owa, char kind,
		bool missing_ok, ls_function **out);

/* The kind letter ls_lookup_function_args takes for an object type:
 * 'f' FUNCTION, 'p' PROCEDURE, 'r' ROUTINE, 'a' AGGREGATE; 0 for any
 * other type. */
char ls_routine_kind(int objtype);

/* The FunctionParameter nodes items[0..n) into *out (the catalog's arena),
 * refused as interpret_function_parameter_list refuses them. */
int ls_function_read_params(ls_apply *ap, pgnode **items, size_t n, bool procedure,
		ls_fparam **out, size_t *count);

/* print_function_arguments: "[mode ]name type[ DEFAULT expr]" for every
 * parameter but the TABLE columns (IN spelled out for procedures). NULL
 * with the error set on ap. */
const char *ls_function_args_text(ls_apply *ap, const ls_fparam *p, size_t n, bool procedure,
		bool defaults);

/* Whether g is an aggregate with fq ("public.f", as ls_qualify writes it)
 * among its support functions. Matched by name, as calls in expressions
 * are. */
bool ls_aggregate_uses(const ls_function *g, const char *fq);

/* What aggregates name follows a rename (they are bound by oid): every
 * support function and state type spelled old ("public.f", a type
 * "public.t" or its array "public.t[]") becomes new; with prefix, every one
 * in schema old ("public" of "public.f") moves to schema new. Returns 0 or
 * LS_ENOMEM. */
int ls_aggregates_retarget(ls_catalog *cat, const char *old, const char *new_name, bool prefix);

/* CREATE [OR REPLACE] AGGREGATE, new and old syntax (apply_aggregate.c). */
int ls_apply_create_aggregate(ls_apply *ap, const PgQuery__DefineStmt *d);

#endif

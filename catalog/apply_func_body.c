/* SQL-standard function bodies (RETURN expr, BEGIN ATOMIC ... END).
 *
 * The server parses such a body when the function is created and prints
 * it back with pg_get_functiondef: relations qualified, column references
 * qualified by their relation, parameters by name ($1 too) and qualified
 * with the function's name inside statements that have a range table,
 * output columns named. The body is normalized as a query (query.c) with
 * the function's input parameters in scope, then deparsed by libpg_query:
 * "RETURN expr" or "BEGIN ATOMIC\n  stmt;\n ...END".
 */
#define _POSIX_C_SOURCE 200809L
#include "apply_func.h"
#include "query.h"

#include <errno.h>
#include <string.h>

/* The input parameters (IN, INOUT, VARIADIC) in order: $n counts them. */
static ls_qparam *input_params(ls_apply *ap, const ls_fparam *p, size_t n, size_t *count)
{
	ls_qparam *out = ls_arena_alloc(ap->cat->arena, (n + 1) * sizeof *out);
	*count = 0;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (p[i].mode == 'i' || p[i].mode == 'b' || p[i].mode == 'v') {
			out[*count].name = p[i].name;
			out[*count].type = p[i].type;
			(*count)++;
		}
	return out;
}

/* The deparsed statements of a BEGIN ATOMIC body (normalized by n). */
static const char *atomic_text(ls_apply *ap, ls_norm *n, ls_query *q, pgnode *body)
{
	ls_arena *a = ap->cat->arena;
	const char *text = "BEGIN ATOMIC\n";
	PgQuery__List *outer = body->list;
	pgnode *inner = outer->n_items > 0 ? outer->items[0] : NULL;
	size_t count = inner && inner->node_case == PG_QUERY__NODE__NODE_LIST ? inner->list->n_items : 0;
	for (size_t i = 0; text && i < count; i++) {
		pgnode *stmt = ls_query_stmt(n, q, inner->list->items[i]);
		if (ls_norm_failed(n))
			return NULL;
		const char *st = ls_deparse_stmt(a, stmt);
		if (!st && errno == ENOMEM)
			return NULL;
		if (!st) {
			ls_apply_error(ap, LS_EUNSUPPORTED, "cannot deparse a statement of the function body");
			return NULL;
		}
		text = ls_arena_printf(a, "%s  %s;\n", text, st);
	}
	return text ? ls_arena_printf(a, "%sEND", text) : NULL;
}

const char *ls_function_sql_body(ls_apply *ap, pgnode *body, const char *fname,
		const ls_fparam *p, size_t n_params)
{
	if (body->node_case != PG_QUERY__NODE__NODE_RETURN_STMT &&
			body->node_case != PG_QUERY__NODE__NODE_LIST) {
		ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported function body");
		return NULL;
	}
	ls_query q = {.func_name = fname};
	ls_qparam *params = input_params(ap, p, n_params, &q.n_params);
	ls_norm *n = params ? ls_norm_new(ap, ls_query_hook, &q) : NULL;
	if (!n) {
		if (!params)
			ls_apply_nomem(ap);
		return NULL;
	}
	q.params = params;
	ls_norm_set_coltype(n, ls_query_coltype);
	const char *text;
	if (body->node_case == PG_QUERY__NODE__NODE_RETURN_STMT) {
		pgnode *e = ls_norm_node(n, body->return_stmt->returnval);
		const char *s = ls_norm_failed(n) ? NULL : ls_expr_deparse(ap, e);
		text = s ? ls_arena_printf(ap->cat->arena, "RETURN %s", s) : NULL;
	} else {
		text = atomic_text(ap, n, &q, body);
	}
	bool failed = ls_norm_failed(n);
	ls_norm_free(n);
	/* errors found while normalizing (a missing relation) are on ap */
	if (!text && !ap->err->n_diags)
		ls_apply_nomem(ap);
	else if (!text && failed && !ap->err->n_diags)
		ls_apply_nomem(ap);
	return text;
}

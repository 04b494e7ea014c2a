/* Private to catalog/: the normalizing copy of expressions (expr.c), open
 * to the view normalizer, which hooks column references and sub-selects. */
#ifndef LS_CATALOG_EXPR_H
#define LS_CATALOG_EXPR_H

#include "build.h"

typedef struct ls_norm ls_norm;

/* Called for every node before the built-in rules; returns the node to
 * use and sets *handled, or leaves *handled false to let the rules run. */
typedef pgnode *(*ls_norm_hook)(ls_norm *n, void *ctx, pgnode *in, bool *handled);

/* The canonical type of a column reference, or NULL when unknown. */
typedef const char *(*ls_coltype_fn)(ls_norm *n, void *ctx, const PgQuery__ColumnRef *c);

/* The type of a column reference through the callback, or NULL. */
const char *ls_norm_coltype(ls_norm *n, const PgQuery__ColumnRef *c);
/* The user type spelled `type` as the catalog qualifies it, or NULL. */
ls_type *ls_norm_user_type(ls_norm *n, const char *type);
/* The base type of a domain spelled as the catalog qualifies it, or NULL
 * when `type` is not a domain. */
const char *ls_norm_domain_base(ls_norm *n, const char *type);

/* The canonical spelling of a type name, or NULL when unknown (no error). */
const char *ls_norm_type_name(ls_norm *n, const PgQuery__TypeName *tn);

/* Let the view normalizer say what type a column reference has. */
void ls_norm_set_coltype(ls_norm *n, ls_coltype_fn fn);

/* A normalizer with a scratch arena for the copies it makes. NULL on out
 * of memory (reported on ap). Free with ls_norm_free. */
ls_norm *ls_norm_new(ls_apply *ap, ls_norm_hook hook, void *ctx);
void ls_norm_free(ls_norm *n);

/* The normalized copy of a query's output column value: as ls_norm_node,
 * but a literal keeps the cast that types the column, and an untyped
 * string or NULL becomes text, as the server types and prints it. */
pgnode *ls_norm_output(ls_norm *n, pgnode *val);

/* x::text (expr_type.c). */
pgnode *ls_expr_cast_text(ls_norm *n, pgnode *x);

/* The normalized copy of a node (or the node itself when nothing changes). */
pgnode *ls_norm_node(ls_norm *n, pgnode *in);
pgnode **ls_norm_array(ls_norm *n, pgnode **items, size_t count);

/* A window (OVER (...), or a WINDOW clause's entry) normalized: its
 * PARTITION BY and ORDER BY read columns as the query's expressions do, its
 * frame offsets are normalized constants. A frame offset that reads a
 * column is an error, as the server's (n fails). Returns a copy in the
 * scratch arena, in itself on failure. */
PgQuery__WindowDef *ls_norm_window(ls_norm *n, PgQuery__WindowDef *in);

/* Helpers for hooks: copies and new nodes live in the scratch arena. */
void *ls_norm_dup(ls_norm *n, const void *msg, size_t size);
pgnode *ls_norm_wrap(ls_norm *n, PgQuery__Node__NodeCase c, void *payload);
pgnode *ls_norm_string(ls_norm *n, const char *s);
ls_arena *ls_norm_scratch(ls_norm *n);
ls_apply *ls_norm_apply(ls_norm *n);
bool ls_norm_failed(const ls_norm *n);
void ls_norm_fail(ls_norm *n);

#endif

/* Private to query*.c: the levels of a query normalization. */
#ifndef LS_CATALOG_QUERY_INT_H
#define LS_CATALOG_QUERY_INT_H

#include "query.h"

typedef struct qentry {
	const char *visible;   /* the name the query text uses for it */
	const char *refname;   /* the unique name it is printed with */
	const char **cols;
	const char **types;    /* parallel to cols, NULL when unknown */
	size_t n_cols;
} qentry;

struct ls_qscope {
	ls_qscope *parent;
	qentry *entries;
	size_t n_entries;
	const char **names;    /* the level's range table names, NULL for none */
	size_t n_names;
	size_t taken;          /* names handed to entries so far */
	size_t saved_ctes;     /* CTEs visible before the level */
	bool opaque;           /* a FROM item whose columns are not known */
};

struct ls_qcte {
	const char *name;
	const char **cols;
	const char **types;
	size_t n_cols;
};

/* The level's next reserved name (query_names.c), or fallback when none
 * is left or the entry has none. */
const char *ls_query_take_name(ls_qscope *level, const char *fallback);

/* The references between windows of one SELECT level (its WINDOW clause
 * and the OVER clauses of its own window calls) the server accepts: 0, or
 * the error reported on n's apply, as the server words it
 * (query_window.c). */
int ls_query_check_windows(ls_norm *n, const PgQuery__SelectStmt *c);

#endif

/* Private to catalog/store_load*.c: reading the rows of a snapshot.
 *
 * A row is read column by column in SELECT order; a value out of range
 * marks the row bad (a damaged store), a failed copy marks it nomem; the
 * caller judges the row after its function ran (store_load.c, load_rows).
 */
#ifndef LS_CATALOG_STORE_LOAD_H
#define LS_CATALOG_STORE_LOAD_H

#include "store_int.h"

#define PUSH(cat, arr, n) \
	ls_arena_push((cat)->arena, (void **)&(arr), &(n), sizeof *(arr))

typedef struct ls_row {
	sqlite3_stmt *stmt;
	ls_arena *a;
	int col;          /* next column to read */
	bool bad;         /* a value out of range: the store is damaged */
	bool nomem;
} ls_row;

/* The next column as a string in the arena (NULL for SQL NULL), without a
 * copy (valid until the next step), as an integer, ...; ls_r_pos checks the
 * position column against the count loaded so far, ls_r_parent reads a
 * parent's position among n. */
const char *ls_r_str(ls_row *r);
const char *ls_r_peek(ls_row *r);
int64_t ls_r_int(ls_row *r);
uint64_t ls_r_u64(ls_row *r);
bool ls_r_bool(ls_row *r);
int ls_r_i32(ls_row *r);
char ls_r_chr(ls_row *r);
void ls_r_pos(ls_row *r, size_t want);
size_t ls_r_parent(ls_row *r, size_t n);
void ls_push_str(ls_row *r, ls_catalog *cat, const char ***arr, size_t *n);

/* The row functions of the tables version 4 added (store_load_v4.c). */
void ls_load_type_attribute_comment_row(ls_row *r, ls_catalog *cat);
void ls_load_type_check_comment_row(ls_row *r, ls_catalog *cat);
void ls_load_view_column_comment_row(ls_row *r, ls_catalog *cat);
/* The columns of a trigger row (a table's or a view's) after its position. */
void ls_load_trigger_fields(ls_row *r, ls_trigger *g);
void ls_load_view_trigger_row(ls_row *r, ls_catalog *cat);
void ls_load_view_trigger_arg_row(ls_row *r, ls_catalog *cat);
void ls_load_trigger_transition_row(ls_row *r, ls_catalog *cat);
void ls_load_default_acl_row(ls_row *r, ls_catalog *cat);
/* The row of store version 6 (store_load_v4.c): an object's owner. */
void ls_load_owner_row(ls_row *r, ls_catalog *cat);
/* Version 8: INHERITS parents, inherited-only columns and constraints. */
void ls_load_table_inherits_row(ls_row *r, ls_catalog *cat);
void ls_load_inherited_only_row(ls_row *r, ls_catalog *cat);
/* Version 9: the pg_aggregate row of an aggregate. */
void ls_load_function_aggregate_row(ls_row *r, ls_catalog *cat);

/* After every row: the built-in PUBLIC EXECUTE of functions and USAGE of
 * types that the store leaves implied, unless revoked_defaults lists them
 * (a store before version 4 has no such table: every one is implied). */
int ls_load_implied(ls_store *st, ls_catalog *cat, const char *key, ls_error *err);

#endif

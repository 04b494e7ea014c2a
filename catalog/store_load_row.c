/* Reading one result row column by column (store_load.h). */
#include "store_load.h"

#include <string.h>

const char *ls_r_str(ls_row *r)
{
	int i = r->col++;
	if (sqlite3_column_type(r->stmt, i) == SQLITE_NULL)
		return NULL;
	const unsigned char *t = sqlite3_column_text(r->stmt, i);
	if (!t) {
		r->nomem = true;
		return NULL;
	}
	return ls_arena_strndup(r->a, (const char *)t, (size_t)sqlite3_column_bytes(r->stmt, i));
}

/* Text of the next column without a copy: valid until the next step. */
const char *ls_r_peek(ls_row *r)
{
	const char *t = (const char *)sqlite3_column_text(r->stmt, r->col++);
	if (!t)
		r->bad = true;
	return t ? t : "";
}

int64_t ls_r_int(ls_row *r)
{
	int i = r->col++;
	if (sqlite3_column_type(r->stmt, i) == SQLITE_NULL)
		r->bad = true;
	return sqlite3_column_int64(r->stmt, i);
}

uint64_t ls_r_u64(ls_row *r)
{
	return (uint64_t)ls_r_int(r);
}

bool ls_r_bool(ls_row *r)
{
	return ls_r_int(r) != 0;
}

int ls_r_i32(ls_row *r)
{
	int64_t v = ls_r_int(r);
	if (v < INT32_MIN || v > INT32_MAX)
		r->bad = true;
	return (int)v;
}

/* A one-character code: NULL is 0. */
char ls_r_chr(ls_row *r)
{
	int i = r->col++;
	if (sqlite3_column_type(r->stmt, i) == SQLITE_NULL)
		return 0;
	const unsigned char *t = sqlite3_column_text(r->stmt, i);
	if (!t)
		r->nomem = true;
	else if (sqlite3_column_bytes(r->stmt, i) != 1)
		r->bad = true;
	return t ? (char)t[0] : 0;
}

/* The position column: must be the count of elements already loaded. */
void ls_r_pos(ls_row *r, size_t want)
{
	if (ls_r_int(r) != (int64_t)want)
		r->bad = true;
}

/* The position of a parent among n; 0 and r->bad when out of range. */
size_t ls_r_parent(ls_row *r, size_t n)
{
	int64_t v = ls_r_int(r);
	if (v < 0 || (uint64_t)v >= n) {
		r->bad = true;
		return 0;
	}
	return (size_t)v;
}

/* Append to a list of strings, checking the position. */
void ls_push_str(ls_row *r, ls_catalog *cat, const char ***arr, size_t *n)
{
	ls_r_pos(r, *n);
	const char **s = ls_arena_push(cat->arena, (void **)arr, n, sizeof **arr);
	if (!s) {
		r->nomem = true;
		return;
	}
	*s = ls_r_str(r);
}


/* DETACH PARTITION ... CONCURRENTLY: when the server allows it, and the
 * CHECK constraint it leaves behind.
 *
 * A concurrent detach takes ShareUpdateExclusiveLock on the partitioned
 * table where a plain one takes AccessExclusiveLock (reads of the whole
 * table stop), at the price of two transactions of its own (it may not run
 * in a transaction block) and of a CHECK that copies the partition
 * constraint, which the server adds to the detached table unless one of
 * its constraints implies it (DetachAddConstraintIfNeeded in PostgreSQL
 * 15's tablecmds.c). The planner drops that CHECK again; it is planned
 * only where its name is certain: no CHECK on the table already, keys of
 * plain columns under RANGE or LIST at every level (the server adds none
 * for HASH), no default partition beside it (the server refuses then), the
 * name free in the schema and short enough not to be truncated.
 */
#define _POSIX_C_SOURCE 200809L
#include "plan_int.h"

#include <string.h>

#include "lockstep/str.h"

/* NAMEDATALEN - 1 */
#define NAME_MAX_BYTES 63

/* Append to cols (n of them, at most max) the columns of a partition key
 * "RANGE (a, "B c")" or "LIST (x)" not there yet. False for another
 * method or a key that is not a list of plain columns. */
static bool key_columns(ls_arena *a, const char *key, const char **cols, size_t *n, size_t max)
{
	const char *p;
	if (!strncmp(key, "RANGE (", 7))
		p = key + 7;
	else if (!strncmp(key, "LIST (", 6))
		p = key + 6;
	else
		return false;
	for (;;) {
		char name[NAME_MAX_BYTES + 1];
		size_t len = 0;
		if (*p == '"') {
			for (p++; *p && !(p[0] == '"' && p[1] != '"'); p++) {
				if (p[0] == '"')
					p++;
				if (len == NAME_MAX_BYTES)
					return false;
				name[len++] = *p;
			}
			if (*p++ != '"')
				return false;
		} else {
			while ((*p >= 'a' && *p <= 'z') || *p == '_' || (len && ((*p >= '0' && *p <= '9') ||
					*p == '$'))) {
				if (len == NAME_MAX_BYTES)
					return false;
				name[len++] = *p++;
			}
		}
		if (!len)
			return false;
		name[len] = 0;
		bool seen = false;
		for (size_t i = 0; i < *n && !seen; i++)
			seen = ls_same(cols[i], name);
		if (!seen) {
			if (*n == max)
				return false;
			if (!(cols[(*n)++] = ls_arena_strdup(a, name)))
				return false;
		}
		if (!strcmp(p, ")"))
			return true;
		if (strncmp(p, ", ", 2) != 0)
			return false;
		p += 2;
	}
}

/* Whether a constraint of the schema (of a table or a domain of c) has the
 * name: ChooseConstraintName looks in the whole schema. */
static bool constraint_name_taken(ls_catalog *c, const char *schema, const char *name)
{
	for (size_t i = 0; i < c->n_tables; i++) {
		const ls_table *t = &c->tables[i];
		for (size_t j = 0; ls_same(t->schema, schema) && j < t->n_constraints; j++)
			if (ls_same(t->constraints[j].name, name))
				return true;
	}
	for (size_t i = 0; i < c->n_types; i++) {
		const ls_type *t = &c->types[i];
		for (size_t j = 0; ls_same(t->schema, schema) && j < t->n_checks; j++)
			if (ls_same(t->checks[j].name, name))
				return true;
	}
	return false;
}

const char *pl_detach_check_name(pl_side *s, const ls_table *w)
{
	ls_catalog *c = s->work;
	if (w->kind != LS_TABLE_REGULAR || !w->parent_table || !w->partition_bound ||
			ls_same(w->partition_bound, "DEFAULT"))
		return NULL;
	for (size_t i = 0; i < w->n_constraints; i++)
		if (w->constraints[i].type == 'c')
			return NULL;
	for (size_t i = 0; i < c->n_tables; i++) {
		const ls_table *p = &c->tables[i];
		if (p->parent_table && ls_same(p->parent_schema, w->parent_schema) &&
				ls_same(p->parent_table, w->parent_table) &&
				(!p->partition_bound || ls_same(p->partition_bound, "DEFAULT")))
			return NULL;
	}
	/* the partition constraint covers the keys of every level above */
	const char *cols[32];
	size_t n = 0;
	const ls_table *up = w;
	for (int depth = 0; up->parent_table; depth++) {
		const ls_table *p = ls_catalog_find_table(c, up->parent_schema, up->parent_table);
		if (!p || !p->partition_key || depth == 32 ||
				!key_columns(s->a, p->partition_key, cols, &n, sizeof cols / sizeof *cols))
			return NULL;
		up = p;
	}
	if (n == 0)
		return NULL;
	size_t len = strlen(w->name) + (n == 1 ? strlen(cols[0]) + 1 : 0) + strlen("_check");
	if (len > NAME_MAX_BYTES)
		return NULL;
	const char *name = n == 1 ? ls_arena_printf(s->a, "%s_%s_check", w->name, cols[0]) :
		ls_arena_printf(s->a, "%s_check", w->name);
	if (!name || constraint_name_taken(c, w->schema, name))
		return NULL;
	if (!pl_has(s, PL_FEATURE_DETACH_CONCURRENTLY)) {
		pl_warn(s, "detaching %s: %s", pl_qname(s, w->schema, w->name),
				pl_lacks(s, PL_FEATURE_DETACH_CONCURRENTLY));
		return NULL;
	}
	return name;
}

/* Diff: what happens to each statement group of the two scripts.
 *
 * Groups are matched by key (kind, schema, name, sub-name) once the renames
 * are applied, and compared by their SQL, which is written from the
 * normalized model: equal text is equal meaning. A changed table, type,
 * sequence or extension is altered in place; a changed view, constraint,
 * index, trigger or policy is dropped and created again, and so is every
 * group that depends on something dropped, or on a table whose columns
 * change type or go away (a view over them). A function whose result and
 * kind stay is replaced in place (CREATE OR REPLACE).
 */
#define _POSIX_C_SOURCE 200809L
#include "plan_int.h"

#include <string.h>

#include "lockstep/str.h"

static size_t index_of(const ls_script *s, const ls_script_node *n)
{
	return n ? (size_t)(n - s->nodes) : LS_SCRIPT_NONE;
}

/* Kinds altered in place rather than dropped and created. */
static bool altered_in_place(ls_script_kind k)
{
	return k == LS_SCRIPT_TABLE || k == LS_SCRIPT_ENUM || k == LS_SCRIPT_DOMAIN ||
		k == LS_SCRIPT_COMPOSITE || k == LS_SCRIPT_SEQUENCE || k == LS_SCRIPT_EXTENSION ||
		k == LS_SCRIPT_SCHEMA;
}

static bool is_meta(ls_script_kind k)
{
	return k == LS_SCRIPT_COMMENT || k == LS_SCRIPT_GRANT || k == LS_SCRIPT_DEFAULT_PRIVILEGES;
}

/* A table whose columns change type or go away: views over it go first. */
static bool columns_change(const ls_table *f, const ls_table *t)
{
	for (size_t i = 0; i < f->n_columns; i++) {
		const ls_column *fc = &f->columns[i], *tc = NULL;
		for (size_t j = 0; j < t->n_columns && !tc; j++)
			if (ls_same(t->columns[j].name, fc->name))
				tc = &t->columns[j];
		if (!tc || !ls_same(tc->type, fc->type) ||
				(fc->collation || tc->collation ? !(fc->collation && tc->collation &&
					ls_same(fc->collation, tc->collation)) : false))
			return true;
	}
	return false;
}

static bool function_in_place(const ls_function *f, const ls_function *t)
{
	return f->kind == t->kind && ((!f->returns && !t->returns) || ls_same(f->returns, t->returns)) &&
		ls_same(f->arguments, t->arguments);
}

static void replace_views_over(pl_side *s, size_t table)
{
	const ls_script *sf = s->sf;
	for (size_t j = 0; j < sf->n_nodes; j++) {
		const ls_script_node *v = &sf->nodes[j];
		if ((v->kind != LS_SCRIPT_VIEW && v->kind != LS_SCRIPT_MATVIEW) || s->fstate[j] != PL_KEEP)
			continue;
		for (size_t d = 0; d < v->n_deps; d++)
			if (v->deps[d] == table) {
				s->fstate[j] = PL_REPLACE;
				break;
			}
	}
}

/* Whether a column of t has (an array of) an enum that the plan recreates. */
static bool uses_recreated_enum(pl_side *s, const ls_table *t)
{
	for (size_t i = 0; i < s->cur->n_types; i++) {
		const ls_type *f = &s->cur->types[i];
		if (f->kind != LS_TYPE_ENUM)
			continue;
		const ls_type *to = ls_catalog_find_type(s->to, f->schema, f->name);
		if (!to || !pl_enum_recreated(f, to))
			continue;
		const char *q = ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, f->schema),
				ls_quote_ident(s->a, f->name));
		size_t ql = q ? strlen(q) : 0;
		for (size_t c = 0; q && c < t->n_columns; c++) {
			const char *ty = t->columns[c].type;
			if (ls_same(ty, q) || (!strncmp(ty, q, ql) && ls_same(ty + ql, "[]")))
				return true;
		}
	}
	return false;
}

int pl_classify(pl_side *s)
{
	const ls_script *sf = s->sf, *st = s->st;
	for (size_t i = 0; i < st->n_nodes; i++) {
		const ls_script_node *t = &st->nodes[i];
		const ls_script_node *f = ls_script_find(sf, t->key);
		if (!f) {
			s->tstate[i] = PL_CREATE;
			continue;
		}
		size_t fi = index_of(sf, f);
		if (ls_same(f->sql, t->sql))
			continue;
		unsigned char how = PL_REPLACE;
		if (is_meta(t->kind))
			how = PL_KEEP; /* phase 4 compares the objects */
		else if (altered_in_place(t->kind))
			how = PL_ALTER;
		else if ((t->kind == LS_SCRIPT_FUNCTION || t->kind == LS_SCRIPT_LATE_FUNCTION) &&
				function_in_place(f->obj, t->obj))
			how = PL_IN_PLACE;
		s->tstate[i] = how;
		s->fstate[fi] = how;
	}
	for (size_t i = 0; i < sf->n_nodes; i++)
		if (!ls_script_find(st, sf->nodes[i].key))
			s->fstate[i] = PL_DROP;
	/* views over tables whose columns change type or go away, or hold an
	 * enum that is recreated */
	for (size_t i = 0; i < sf->n_nodes; i++) {
		const ls_script_node *f = &sf->nodes[i];
		if (f->kind != LS_SCRIPT_TABLE)
			continue;
		const ls_script_node *t = ls_script_find(st, f->key);
		if ((s->fstate[i] == PL_ALTER && t && columns_change(f->obj, t->obj)) ||
				uses_recreated_enum(s, f->obj))
			replace_views_over(s, i);
	}
	/* what depends on something dropped or replaced goes too, and comes
	 * back when TO has it; until nothing changes (the order visits
	 * dependencies first, so one pass in order suffices) */
	for (size_t k = 0; k < sf->n_nodes; k++) {
		size_t i = sf->order[k];
		const ls_script_node *f = &sf->nodes[i];
		if (s->fstate[i] != PL_KEEP && s->fstate[i] != PL_IN_PLACE && s->fstate[i] != PL_ALTER)
			continue;
		if (altered_in_place(f->kind) || is_meta(f->kind))
			continue;
		for (size_t d = 0; d < f->n_deps; d++) {
			unsigned char ds = s->fstate[f->deps[d]];
			if (ds == PL_DROP || ds == PL_REPLACE) {
				s->fstate[i] = PL_REPLACE;
				break;
			}
		}
	}
	/* a replaced FROM group is created again from TO's */
	for (size_t i = 0; i < sf->n_nodes; i++) {
		if (s->fstate[i] != PL_REPLACE)
			continue;
		const ls_script_node *t = ls_script_find(st, sf->nodes[i].key);
		if (t)
			s->tstate[index_of(st, t)] = PL_REPLACE;
	}
	return 0;
}

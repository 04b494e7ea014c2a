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

#include <stdlib.h>

#include <string.h>

#include "lockstep/keymap.h"
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

bool pl_is_dropped_function(const pl_side *s, size_t node)
{
	ls_script_kind k = s->sf->nodes[node].kind;
	unsigned char st = s->fstate[node];
	return (k == LS_SCRIPT_FUNCTION || k == LS_SCRIPT_LATE_FUNCTION) &&
		(st == PL_DROP || st == PL_REPLACE);
}

/* Whether a node depends on a function the plan drops or replaces. */
static bool calls_dropped_function(const pl_side *s, const ls_script_node *f)
{
	for (size_t d = 0; d < f->n_deps; d++)
		if (pl_is_dropped_function(s, f->deps[d]))
			return true;
	return false;
}


/* Whether FROM's key or unique index node k may be the one that the
 * foreign key fk leans on: PostgreSQL's foreign key depends on a unique
 * index of the referenced table over the referenced columns (the primary
 * key when none are written), and that index cannot be dropped under it. */
static bool may_back(const ls_script_node *k, const ls_constraint *fk)
{
	if (k->kind == LS_SCRIPT_KEY) {
		const ls_constraint *c = &k->table->constraints[k->item];
		return (c->type == 'p' || c->type == 'u') && ls_same(k->table->schema, fk->ref_schema) &&
			ls_same(k->table->name, fk->ref_table) && (fk->n_ref_columns ?
				pl_same_options(c->columns, c->n_columns, fk->ref_columns, fk->n_ref_columns) :
				c->type == 'p');
	}
	if (k->kind != LS_SCRIPT_INDEX)
		return false;
	const ls_index *x = k->obj;
	if (!x->unique || x->where || !ls_same(x->schema, fk->ref_schema) ||
			!ls_same(x->table, fk->ref_table) || x->n_keys != fk->n_ref_columns)
		return false;
	for (size_t i = 0; i < x->n_keys; i++) {
		size_t j = 0;
		while (j < fk->n_ref_columns && !ls_same(x->keys[i].column, fk->ref_columns[j]))
			j++;
		if (!x->keys[i].column || j == fk->n_ref_columns)
			return false;
	}
	return true;
}

/* Foreign keys that lean on a key or unique index the plan drops or
 * replaces (UNIQUE -> PRIMARY KEY, PRIMARY KEY -> UNIQUE, key columns
 * changed) are dropped before it and added again after TO's: the script
 * knows a foreign key depends on its tables, not on that index. */
static int replace_leaning_foreign_keys(pl_side *s)
{
	const ls_script *sf = s->sf;
	size_t n_gone = 0;
	size_t *gone = malloc((sf->n_nodes + 1) * sizeof *gone);
	if (!gone)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < sf->n_nodes; i++)
		if ((sf->nodes[i].kind == LS_SCRIPT_KEY || sf->nodes[i].kind == LS_SCRIPT_INDEX) &&
				(s->fstate[i] == PL_DROP || s->fstate[i] == PL_REPLACE))
			gone[n_gone++] = i;
	for (size_t i = 0; n_gone && i < sf->n_nodes; i++) {
		const ls_script_node *f = &sf->nodes[i];
		if (f->kind != LS_SCRIPT_FOREIGN_KEY || s->fstate[i] == PL_DROP ||
				s->fstate[i] == PL_REPLACE)
			continue;
		const ls_constraint *fk = &f->table->constraints[f->item];
		for (size_t g = 0; g < n_gone; g++)
			if (may_back(&sf->nodes[gone[g]], fk)) {
				s->fstate[i] = PL_REPLACE;
				break;
			}
	}
	free(gone);
	return 0;
}

/* Whether the column of cur's table changes type in TO. */
static bool column_retyped(const pl_side *s, const char *schema, const char *table,
		const char *column)
{
	const ls_table *f = ls_catalog_find_table(s->cur, schema, table);
	const ls_table *t = ls_catalog_find_table(s->to, schema, table);
	const ls_column *fc = NULL, *tc = NULL;
	for (size_t i = 0; f && i < f->n_columns && !fc; i++)
		if (ls_same(f->columns[i].name, column))
			fc = &f->columns[i];
	for (size_t i = 0; t && i < t->n_columns && !tc; i++)
		if (ls_same(t->columns[i].name, column))
			tc = &t->columns[i];
	return fc && tc && !ls_same(fc->type, tc->type);
}

/* Whether any of the columns changes type. */
static bool any_retyped(const pl_side *s, const char *schema, const char *table,
		const char *const *columns, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (column_retyped(s, schema, table, columns[i]))
			return true;
	return false;
}

/* Whether a foreign key of FROM has columns changing type on both ends
 * (its own and the ones it references, the primary key when none are
 * written). ALTER COLUMN TYPE rebuilds the keys over the column at once,
 * so the first of the two ALTERs would leave a key between a text and an
 * integer ("foreign key constraint ... cannot be implemented"): the key is
 * dropped before and added again after both. One end alone stays: the
 * server rebuilds the key over the new type itself. */
static bool foreign_key_retyped(const pl_side *s, const ls_script_node *n)
{
	const ls_constraint *k = &n->table->constraints[n->item];
	if (!any_retyped(s, n->table->schema, n->table->name, k->columns, k->n_columns))
		return false;
	if (k->n_ref_columns)
		return any_retyped(s, k->ref_schema, k->ref_table, k->ref_columns, k->n_ref_columns);
	const ls_table *r = ls_catalog_find_table(s->cur, k->ref_schema, k->ref_table);
	for (size_t i = 0; r && i < r->n_constraints; i++)
		if (r->constraints[i].type == 'p')
			return any_retyped(s, r->schema, r->name, r->constraints[i].columns,
					r->constraints[i].n_columns);
	return false;
}

static void replace_retyped_foreign_keys(pl_side *s)
{
	for (size_t i = 0; i < s->sf->n_nodes; i++)
		if (s->sf->nodes[i].kind == LS_SCRIPT_FOREIGN_KEY && s->fstate[i] == PL_KEEP &&
				foreign_key_retyped(s, &s->sf->nodes[i]))
			s->fstate[i] = PL_REPLACE;
}

/* CREATE OR REPLACE keeps kind, result and arguments (names too); an
 * aggregate also its kind and number of direct arguments (AggregateCreate:
 * "cannot change routine kind", "... number of direct arguments ..."). */
static bool function_in_place(const ls_function *f, const ls_function *t)
{
	if (f->aggregate && t->aggregate && (f->aggregate->kind != t->aggregate->kind ||
			f->aggregate->direct_args != t->aggregate->direct_args))
		return false;
	return f->kind == t->kind && ((!f->returns && !t->returns) || ls_same(f->returns, t->returns)) &&
		ls_same(f->arguments, t->arguments);
}

/* The views and materialized views of sf that read each node: view_of[i]
 * lists them from first[i] to first[i + 1], in node order (one pass per
 * changed table over every node made the diff quadratic). */
typedef struct view_readers {
	size_t *first;
	size_t *view_of;
} view_readers;

/* What reads a table's columns and blocks ALTER COLUMN TYPE and DROP
 * COLUMN over them: views, materialized views, and policies (of the table,
 * or of another whose sub-select reads it: "cannot alter type of a column
 * used in a policy definition"). */
static bool is_view(const ls_script_node *n)
{
	return n->kind == LS_SCRIPT_VIEW || n->kind == LS_SCRIPT_MATVIEW ||
		n->kind == LS_SCRIPT_POLICY;
}

static int map_view_readers(pl_side *s, view_readers *r)
{
	const ls_script *sf = s->sf;
	size_t n = sf->n_nodes, edges = 0;
	r->first = ls_arena_alloc(s->a, (n + 2) * sizeof *r->first);
	if (!r->first)
		return LS_ENOMEM;
	memset(r->first, 0, (n + 2) * sizeof *r->first);
	for (size_t j = 0; j < n; j++)
		for (size_t d = 0; is_view(&sf->nodes[j]) && d < sf->nodes[j].n_deps; d++)
			if (sf->nodes[j].deps[d] < n) {
				r->first[sf->nodes[j].deps[d] + 2]++;
				edges++;
			}
	for (size_t i = 2; i < n + 2; i++)
		r->first[i] += r->first[i - 1];
	r->view_of = ls_arena_alloc(s->a, (edges + 1) * sizeof *r->view_of);
	if (!r->view_of)
		return LS_ENOMEM;
	/* first[i + 1] is node i's fill point while filling, its start after */
	for (size_t j = 0; j < n; j++)
		for (size_t d = 0; is_view(&sf->nodes[j]) && d < sf->nodes[j].n_deps; d++)
			if (sf->nodes[j].deps[d] < n)
				r->view_of[r->first[sf->nodes[j].deps[d] + 1]++] = j;
	return 0;
}

static void replace_views_over(pl_side *s, const view_readers *r, size_t table)
{
	for (size_t k = r->first[table]; k < r->first[table + 1]; k++)
		if (s->fstate[r->view_of[k]] == PL_KEEP)
			s->fstate[r->view_of[k]] = PL_REPLACE;
}

/* The quoted names of the enums the plan recreates, sorted by hash
 * (ls_key_hash of the name). */
static int map_recreated_enums(pl_side *s, const char ***names, ls_keymap *m)
{
	*names = NULL;
	m->n = 0;
	m->e = ls_arena_alloc(s->a, (s->cur->n_types + 1) * sizeof *m->e);
	*names = ls_arena_alloc(s->a, (s->cur->n_types + 1) * sizeof **names);
	if (!m->e || !*names)
		return LS_ENOMEM;
	for (size_t i = 0; i < s->cur->n_types; i++) {
		const ls_type *f = &s->cur->types[i];
		if (f->kind != LS_TYPE_ENUM)
			continue;
		const ls_type *to = ls_catalog_find_type(s->to, f->schema, f->name);
		if (!to || !pl_enum_recreated(f, to))
			continue;
		const char *q = ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, f->schema),
				ls_quote_ident(s->a, f->name));
		if (!q)
			return LS_ENOMEM;
		(*names)[m->n] = q;
		m->e[m->n] = (ls_keymap_entry){ls_key_hash(q, NULL, NULL), m->n};
		m->n++;
	}
	ls_keymap_sort(m);
	return 0;
}

/* Whether a column of t has (an array of) an enum that the plan recreates. */
static bool uses_recreated_enum(pl_side *s, const char **names, const ls_keymap *m,
		const ls_table *t)
{
	for (size_t c = 0; m->n && c < t->n_columns; c++) {
		const char *ty = t->columns[c].type;
		size_t n = strlen(ty);
		if (n > 2 && !strcmp(ty + n - 2, "[]"))
			n -= 2;
		char *base = ls_arena_alloc(s->a, n + 1);
		if (!base)
			return false;
		memcpy(base, ty, n);
		base[n] = 0;
		uint64_t h = ls_key_hash(base, NULL, NULL);
		for (size_t k = ls_keymap_first(m, h); k < m->n && m->e[k].hash == h; k++)
			if (ls_same(names[m->e[k].pos], base))
				return true;
	}
	return false;
}

/* Whether two views are the same but for the order of their options. */
static bool same_view(const ls_view *a, const ls_view *b)
{
	if (a->materialized != b->materialized || a->with_data != b->with_data ||
			!ls_same_or_null(a->check_option, b->check_option) ||
			!ls_same_or_null(a->definition, b->definition) || a->n_columns != b->n_columns ||
			!pl_same_options(a->options, a->n_options, b->options, b->n_options))
		return false;
	for (size_t i = 0; i < a->n_columns; i++)
		if (!ls_same(a->columns[i], b->columns[i]))
			return false;
	return true;
}

/* Whether FROM's node f and TO's node t, whose SQL differs, differ only in
 * the order of their storage parameters (an index's, a key's backing
 * index's, a view's): the server stores the order written and keeps it,
 * so the node is kept, and phase 4 reorders them with ALTER ... RESET and
 * SET (steps_meta.c) instead of building the index or the view again. */
static bool options_reordered(const pl_side *s, const ls_script_node *f, const ls_script_node *t)
{
	if (t->kind == LS_SCRIPT_INDEX)
		return pl_same_index(f->obj, t->obj);
	if (t->kind == LS_SCRIPT_VIEW || t->kind == LS_SCRIPT_MATVIEW)
		return same_view(f->obj, t->obj);
	if (t->kind != LS_SCRIPT_KEY || !f->table || !t->table)
		return false;
	const ls_constraint *a = &f->table->constraints[f->item], *b = &t->table->constraints[t->item];
	const ls_index *xa = ls_catalog_find_index(s->cur, f->table->schema, a->name);
	const ls_index *xb = ls_catalog_find_index(s->to, t->table->schema, b->name);
	return pl_same_constraint(a, b) && xa && xb && xa->constraint && xb->constraint &&
		pl_same_index(xa, xb);
}

/* A collation whose definition changes is dropped and created again (the
 * server has no ALTER COLLATION for a provider, locale or determinism);
 * what is dropped and created with it (views, indexes, constraints) goes
 * along, but a table or a type that is kept would lose its column, or
 * refuse the drop: LS_EUNSUPPORTED naming the collation and its first
 * such user. */
static int refuse_recreated_collation(pl_side *s)
{
	const ls_script *sf = s->sf;
	for (size_t c = 0; c < sf->n_nodes; c++) {
		if (sf->nodes[c].kind != LS_SCRIPT_COLLATION || s->fstate[c] != PL_REPLACE)
			continue;
		for (size_t i = 0; i < sf->n_nodes; i++) {
			const ls_script_node *f = &sf->nodes[i];
			if (!altered_in_place(f->kind) || s->fstate[i] == PL_DROP)
				continue;
			for (size_t d = 0; d < f->n_deps; d++)
				if (f->deps[d] == c)
					return ls_error_set(s->err, LS_EUNSUPPORTED, NULL, 0, 0,
							"cannot plan this change yet: collation %s changes its definition "
							"and %s %s uses it; PostgreSQL cannot alter a collation's "
							"definition, and lockstep does not drop and create a collation "
							"with the columns and types that use it (create the new definition "
							"under another name and move the users to it)",
							pl_node_name(s, &sf->nodes[c]), pl_kind_word(f->kind),
							pl_node_name(s, f));
		}
	}
	return 0;
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
		if (ls_same(f->sql, t->sql) || options_reordered(s, f, t))
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
	view_readers vr;
	const char **enums;
	ls_keymap em;
	if (map_view_readers(s, &vr) < 0 || map_recreated_enums(s, &enums, &em) < 0)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < sf->n_nodes; i++) {
		const ls_script_node *f = &sf->nodes[i];
		if (f->kind != LS_SCRIPT_TABLE)
			continue;
		const ls_script_node *t = ls_script_find(st, f->key);
		if ((s->fstate[i] == PL_ALTER && t && columns_change(f->obj, t->obj)) ||
				uses_recreated_enum(s, enums, &em, f->obj))
			replace_views_over(s, &vr, i);
	}
	replace_retyped_foreign_keys(s);
	int rc = replace_leaning_foreign_keys(s);
	if (rc < 0)
		return rc;
	/* what depends on something dropped or replaced goes too, and comes
	 * back when TO has it; until nothing changes (the order visits
	 * dependencies first, so one pass in order suffices) */
	for (size_t k = 0; k < sf->n_nodes; k++) {
		size_t i = sf->order[k];
		const ls_script_node *f = &sf->nodes[i];
		if (s->fstate[i] != PL_KEEP && s->fstate[i] != PL_IN_PLACE && s->fstate[i] != PL_ALTER)
			continue;
		if (f->kind == LS_SCRIPT_TABLE && calls_dropped_function(s, f)) {
			/* a column default calls it: the table is altered (phase 1
			 * drops the default, phase 2 sets TO's) */
			s->fstate[i] = PL_ALTER;
			const ls_script_node *t = ls_script_find(st, f->key);
			if (t)
				s->tstate[index_of(st, t)] = PL_ALTER;
			continue;
		}
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
	if ((rc = refuse_recreated_collation(s)) < 0)
		return rc;
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

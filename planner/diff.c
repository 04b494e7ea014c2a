/* Diff: what happens to each statement group of the two scripts.
 *
 * Groups are matched by key (kind, schema, name, sub-name) once the renames
 * are applied, and compared by their SQL, which is written from the
 * normalized model: equal text is equal meaning. A changed table, type,
 * sequence or extension is altered in place, and so is a constraint that
 * only becomes valid (VALIDATE) and a trigger that is only enabled or
 * disabled; a view whose old columns stay is replaced in place (CREATE OR
 * REPLACE VIEW); another changed view, constraint, index, trigger or policy
 * is dropped and created again, and so is every
 * group that depends on something dropped, or on a table whose columns
 * change type or go away (a view over them). A function whose result and
 * kind stay is replaced in place (CREATE OR REPLACE).
 */
#define _POSIX_C_SOURCE 200809L
#include "plan_int.h"
#include "recipes/recipes.h"

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

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

/* Whether text holds word as a whole token (not inside a longer name). */
static bool has_token(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = text; n && (p = strstr(p, word)) != NULL; p++) {
		bool before = p > text && ident_char(p[-1]) && word[0] != '"';
		bool after = ident_char(p[n]) && word[n - 1] != '"';
		if (!before && !after)
			return true;
	}
	return false;
}

/* The length of the identifier token at p (bare lower case or quoted),
 * 0 when there is none. */
static size_t ident_len(const char *p)
{
	if (*p == '"') {
		size_t i = 1;
		while (p[i] && !(p[i] == '"' && p[i + 1] != '"'))
			i += p[i] == '"' ? 2 : 1;
		return p[i] == '"' ? i + 1 : 0;
	}
	size_t i = 0;
	if ((*p >= 'a' && *p <= 'z') || *p == '_')
		while (ident_char(p[i]) && !(p[i] >= 'A' && p[i] <= 'Z'))
			i++;
	return i;
}

/* Whether the canonical definition def reads the table qtable (quoted,
 * schema-qualified; name its quoted bare name) as a whole row: the name it
 * goes by there (its alias, or its name) used other than before a column
 * (`i.amount`) or where it is declared. The server keeps such a view over
 * a column change but prints it otherwise after (`i.*`). True when the
 * table is not found in the text. */
static bool reads_whole_row(const char *def, const char *qtable, const char *name)
{
	size_t nq = strlen(qtable);
	bool found = false;
	for (const char *p = def; (p = strstr(p, qtable)) != NULL; p += nq) {
		if ((p > def && (ident_char(p[-1]) || p[-1] == '.' || p[-1] == '"')) ||
				ident_char(p[nq]) || p[nq] == '.')
			continue;
		found = true;
		const char *as = p + nq;
		size_t na = as[0] == ' ' ? ident_len(as + 1) : 0;
		const char *rt = na ? as + 1 : name;
		size_t nr = na ? na : strlen(name);
		for (const char *r = def; (r = strstr(r, rt)) != NULL; r++) {
			if (r > def && (ident_char(r[-1]) || r[-1] == '"' || r[-1] == '.'))
				continue;
			if (ident_char(r[nr]) || r[nr] == '"' || (rt[0] != '"' && r[nr] == '$'))
				continue;
			if (r[nr] == '.' || (na && r == as + 1) || (r >= p && r < p + nq))
				continue;
			if (strncmp(r, rt, nr) != 0)
				continue;
			return true;
		}
	}
	return !found;
}

/* Whether FROM's view v may read a column of table (FROM's node) among
 * the names (quoted as SQL quotes them): its canonical definition names
 * every column it reads (`*` is expanded), so a view whose text has none
 * of them as a token, reads no whole row of the table and has no NATURAL
 * join does not read them, and the server lets those columns change type
 * or go under it unchanged. Anything else, and every policy, counts as
 * reading them. */
static bool may_read(pl_side *s, const ls_script_node *v, const ls_script_node *table,
		const char *const *names, size_t n)
{
	if (v->kind != LS_SCRIPT_VIEW && v->kind != LS_SCRIPT_MATVIEW)
		return true;
	const ls_view *w = v->obj;
	const char *q = pl_qname(s, table->schema, table->name);
	const char *bare = ls_quote_ident(s->a, table->name);
	if (!w->definition || !names || !q || !bare || strstr(w->definition, ".*") ||
			has_token(w->definition, "NATURAL") || reads_whole_row(w->definition, q, bare))
		return true;
	for (size_t i = 0; i < n; i++)
		if (!names[i] || has_token(w->definition, names[i]))
			return true;
	return false;
}

/* The columns of FROM's table f that change type or collation in t or go
 * away, quoted; NULL (and *n 0) on no memory. */
static const char **changed_columns(pl_side *s, const ls_table *f, const ls_table *t, size_t *n)
{
	*n = 0;
	const char **out = ls_arena_alloc(s->a, (f->n_columns + 1) * sizeof *out);
	for (size_t i = 0; out && i < f->n_columns; i++) {
		const ls_column *fc = &f->columns[i], *tc = NULL;
		for (size_t j = 0; t && j < t->n_columns && !tc; j++)
			if (ls_same(t->columns[j].name, fc->name))
				tc = &t->columns[j];
		if (!tc || !ls_same(tc->type, fc->type) || !ls_same_or_null(tc->collation, fc->collation))
			out[(*n)++] = ls_quote_ident(s->a, fc->name);
	}
	return out;
}

/* The views over FROM's table node `table` that may read one of the
 * names (all of them when names is NULL) are replaced. */
static void replace_views_over(pl_side *s, const view_readers *r, size_t table,
		const char *const *names, size_t n)
{
	for (size_t k = r->first[table]; k < r->first[table + 1]; k++) {
		size_t v = r->view_of[k];
		if ((s->fstate[v] == PL_KEEP || s->fstate[v] == PL_IN_PLACE) &&
				(!names || may_read(s, &s->sf->nodes[v], &s->sf->nodes[table], names, n)))
			s->fstate[v] = PL_REPLACE;
	}
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

/* Whether a table of cur passes what is done to it on to other tables:
 * it is partitioned, or another table inherits from it (VALIDATE
 * CONSTRAINT recurses to them, and their copies of the constraint). */
static bool has_children(const pl_side *s, const ls_table *t)
{
	if (t->kind == LS_TABLE_PARTITIONED)
		return true;
	for (size_t i = 0; i < s->cur->n_tables; i++) {
		const ls_table *c = &s->cur->tables[i];
		if (c->parent_table && ls_same(c->parent_schema, t->schema) &&
				ls_same(c->parent_table, t->name))
			return true;
		for (size_t j = 0; j < c->n_inherits; j++)
			if (ls_same(c->inherits[j].schema, t->schema) &&
					ls_same(c->inherits[j].name, t->name))
				return true;
	}
	return false;
}

/* Whether FROM's CHECK or FOREIGN KEY f becomes TO's t by validation
 * alone: f is NOT VALID, t is valid, and nothing else differs. ALTER
 * TABLE ... VALIDATE CONSTRAINT then does it under ShareUpdateExclusiveLock
 * (RowShareLock on a referenced table), where a drop and an add would
 * scan under a lock that stops writes. The other way, valid to NOT VALID,
 * has no ALTER: that stays a drop and an add. Tables that pass the
 * constraint on (partitions, inheritance children) keep the drop and add. */
static bool validated_only(const ls_script_node *f, const ls_script_node *t,
		const pl_side *s)
{
	if ((t->kind != LS_SCRIPT_CHECK && t->kind != LS_SCRIPT_FOREIGN_KEY) ||
			f->kind != t->kind || !f->table || !t->table)
		return false;
	ls_constraint a = f->table->constraints[f->item];
	const ls_constraint *b = &t->table->constraints[t->item];
	if (a.valid || !b->valid || a.inherited_only != b->inherited_only ||
			!ls_same(a.name, b->name) || has_children(s, f->table))
		return false;
	a.valid = true;
	return pl_same_constraint(&a, b);
}

/* Whether FROM's trigger f becomes TO's t by its firing state alone
 * (pg_trigger.tgenabled: ENABLE, DISABLE, ENABLE REPLICA, ENABLE ALWAYS):
 * ALTER TABLE ... ENABLE|DISABLE TRIGGER does it, where a drop and a create
 * would leave a window without the trigger. A table's trigger only: on a
 * partitioned table the state reaches the partitions' clones. */
static bool trigger_state_only(const ls_script_node *f, const ls_script_node *t)
{
	if (t->kind != LS_SCRIPT_TRIGGER || f->kind != t->kind || !f->table || !t->table ||
			f->table->kind == LS_TABLE_PARTITIONED || t->table->kind == LS_TABLE_PARTITIONED)
		return false;
	const ls_trigger *a = &f->table->triggers[f->item], *b = &t->table->triggers[t->item];
	if (!ls_same(a->name, b->name) || !ls_same(a->timing, b->timing) ||
			!ls_same(a->events, b->events) || a->for_each_row != b->for_each_row ||
			!ls_same_or_null(a->when, b->when) || !ls_same(a->function, b->function) ||
			a->constraint_trigger != b->constraint_trigger || a->deferrable != b->deferrable ||
			a->deferred != b->deferred || !ls_same_or_null(a->old_table, b->old_table) ||
			!ls_same_or_null(a->new_table, b->new_table) || a->n_args != b->n_args)
		return false;
	for (size_t i = 0; i < a->n_args; i++)
		if (!ls_same(a->args[i], b->args[i]))
			return false;
	return true;
}

/* Whether FROM's index x can back a key by ADD CONSTRAINT ... USING INDEX:
 * the server wants a valid unique btree index on plain columns, with the
 * default sort order, operator class and collation, no predicate, on a
 * table that is neither partitioned nor a partition. */
static bool usable_for_key(const pl_side *s, const ls_index *x)
{
	if (!x->unique || !ls_same(x->method, "btree") || x->where || x->constraint ||
			x->parent_index)
		return false;
	const ls_table *t = ls_catalog_find_table(s->cur, x->schema, x->table);
	if (!t || t->kind != LS_TABLE_REGULAR || t->parent_table)
		return false;
	for (size_t i = 0; i < x->n_keys; i++) {
		const ls_index_key *k = &x->keys[i];
		if (!k->column || k->expr || k->collation || k->opclass || k->desc || k->nulls_first)
			return false;
	}
	return true;
}

/* A PRIMARY KEY or UNIQUE constraint that TO adds to a table FROM has,
 * over an index FROM has and TO no longer lists as an index of its own
 * (TO's key took it: ADD CONSTRAINT ... USING INDEX, or the same index
 * written as the key): the index is kept and the key takes it, instead of
 * dropping a ready index and building it again under AccessExclusiveLock.
 * s->adopt maps the key's TO node to the index's FROM node, which stays. */
static int adopt_indexes(pl_side *s)
{
	const ls_script *sf = s->sf, *st = s->st;
	for (size_t i = 0; i < st->n_nodes; i++) {
		const ls_script_node *t = &st->nodes[i];
		if (t->kind != LS_SCRIPT_KEY || s->tstate[i] != PL_CREATE || !t->table)
			continue;
		const ls_constraint *k = &t->table->constraints[t->item];
		const ls_index *xb = ls_catalog_find_index(s->to, t->table->schema, k->name);
		if ((k->type != 'p' && k->type != 'u') || !xb || !xb->constraint)
			continue;
		for (size_t j = 0; j < sf->n_nodes; j++) {
			const ls_script_node *f = &sf->nodes[j];
			if (f->kind != LS_SCRIPT_INDEX || s->fstate[j] != PL_DROP)
				continue;
			ls_index xa = *(const ls_index *)f->obj;
			if (!ls_same(xa.schema, xb->schema) || !usable_for_key(s, &xa))
				continue;
			xa.constraint = xb->constraint;
			if (!pl_same_index(&xa, xb))
				continue;
			if (!s->adopt) {
				s->adopt = ls_arena_alloc(s->a, (st->n_nodes + 1) * sizeof *s->adopt);
				if (!s->adopt)
					return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
				for (size_t n = 0; n < st->n_nodes; n++)
					s->adopt[n] = LS_SCRIPT_NONE;
			}
			s->adopt[i] = j;
			s->fstate[j] = PL_KEEP;
			break;
		}
	}
	return 0;
}

/* FROM's indexes on a table that TO attaches as a partition, where TO
 * has the same index under the same name attached to the parent's: ATTACH
 * PARTITION takes a matching index as the partition's copy, so it is kept
 * rather than dropped before the attach and built again by it under the
 * attach's lock. The same for a partition's own index where TO creates
 * the parent's index it is attached to: CREATE INDEX on the parent (and
 * the recipe building it partition by partition) attaches a matching
 * index of a partition as it is. */
static void keep_attached_indexes(pl_side *s)
{
	const ls_script *sf = s->sf;
	for (size_t j = 0; j < sf->n_nodes; j++) {
		const ls_script_node *f = &sf->nodes[j];
		if (f->kind != LS_SCRIPT_INDEX || s->fstate[j] != PL_DROP)
			continue;
		ls_index xa = *(const ls_index *)f->obj;
		const ls_table *ft = ls_catalog_find_table(s->cur, xa.schema, xa.table);
		const ls_table *tt = ls_catalog_find_table(s->to, xa.schema, xa.table);
		const ls_index *xb = ls_catalog_find_index(s->to, xa.schema, xa.name);
		if (!ft || !tt || !tt->parent_table || !xb || !xb->parent_index ||
				xa.parent_index || xa.constraint || xb->constraint)
			continue;
		if (ft->parent_table && ls_catalog_find_index(s->cur, tt->parent_schema, xb->parent_index))
			continue;
		xa.parent_index = xb->parent_index;
		if (pl_same_index(&xa, xb))
			s->fstate[j] = PL_KEEP;
	}
}

/* Whether FROM's view f becomes TO's t by CREATE OR REPLACE VIEW: the
 * server takes a new definition whose leading columns keep their names and
 * types (new ones appended), with the same options and check option (as
 * written here: they would be replaced too). The types come from the
 * resolver over each side's catalog; a column it cannot type, or a COLLATE
 * in either text (the server compares collations too), keeps the drop and
 * create. Not for materialized views, which have no OR REPLACE. */
static bool view_in_place(pl_side *s, const ls_script_node *f, const ls_script_node *t)
{
	if (t->kind != LS_SCRIPT_VIEW || f->kind != t->kind)
		return false;
	ls_view *a = ls_catalog_find_view(s->cur, f->schema, f->name);
	ls_view *b = ls_catalog_find_view(s->to, t->schema, t->name);
	if (!a || !b || a->materialized || b->materialized || !a->definition || !b->definition ||
			!a->n_columns || a->n_columns > b->n_columns ||
			!ls_same_or_null(a->check_option, b->check_option) ||
			!pl_same_options(a->options, a->n_options, b->options, b->n_options) ||
			strstr(a->definition, "COLLATE") || strstr(b->definition, "COLLATE"))
		return false;
	for (size_t i = 0; i < a->n_columns; i++)
		if (!ls_same(a->columns[i], b->columns[i]))
			return false;
	const char **ta, **tb;
	if (ls_catalog_view_types(s->cur, a, s->a, &ta) < 0 ||
			ls_catalog_view_types(s->to, b, s->a, &tb) < 0 || !ta || !tb)
		return false;
	for (size_t i = 0; i < a->n_columns; i++)
		if (!ta[i] || !tb[i] || !ls_same(ta[i], tb[i]))
			return false;
	return true;
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
		else if (altered_in_place(t->kind) || validated_only(f, t, s) ||
				trigger_state_only(f, t))
			how = PL_ALTER;
		else if (((t->kind == LS_SCRIPT_FUNCTION || t->kind == LS_SCRIPT_LATE_FUNCTION) &&
				function_in_place(f->obj, t->obj)) || view_in_place(s, f, t))
			how = PL_IN_PLACE;
		s->tstate[i] = how;
		s->fstate[fi] = how;
	}
	for (size_t i = 0; i < sf->n_nodes; i++)
		if (!ls_script_find(st, sf->nodes[i].key))
			s->fstate[i] = PL_DROP;
	int rc = adopt_indexes(s);
	if (rc < 0)
		return rc;
	keep_attached_indexes(s);
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
		if (uses_recreated_enum(s, enums, &em, f->obj)) {
			replace_views_over(s, &vr, i, NULL, 0);
		} else if (s->fstate[i] == PL_ALTER && t && columns_change(f->obj, t->obj)) {
			size_t n;
			const char **names = changed_columns(s, f->obj, t->obj, &n);
			replace_views_over(s, &vr, i, names, n);
		}
	}
	replace_retyped_foreign_keys(s);
	rc = replace_leaning_foreign_keys(s);
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
	if ((rc = refuse_recreated_collation(s)) < 0 || (rc = pl_swap_classify(s)) < 0)
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

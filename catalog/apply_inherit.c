/* Table inheritance: CREATE TABLE ... INHERITS (p1, p2).
 *
 * As MergeAttributes (tablecmds.c, PostgreSQL 15) does: the parents'
 * columns come first, in the parents' order, one column per name (a name
 * two parents share is merged: same type, NOT NULL if either has it, their
 * defaults must agree unless the child gives its own); then the child's
 * own columns, a column named like an inherited one merged into it at the
 * inherited position. Inherited columns and the parents' CHECK constraints
 * (not the NO INHERIT ones) are kept on the child as the server stores
 * them, marked inherited_only (attislocal / conislocal false) until the
 * child names them itself. Indexes, keys and foreign keys are not
 * inherited.
 */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "apply_table.h"
#include "apply_inherit.h"
#include "name_index.h"

#include <string.h>

/* The default of a column whose parents' defaults conflict: an error
 * unless the child's own definition gives one. */
static const char conflicting_default[] = "";

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

bool ls_inherit_is_parent(ls_catalog *cat, const ls_table *t)
{
	for (size_t i = 0; i < cat->n_tables; i++)
		for (size_t j = 0; j < cat->tables[i].n_inherits; j++)
			if (!strcmp(cat->tables[i].inherits[j].schema, t->schema) &&
					!strcmp(cat->tables[i].inherits[j].name, t->name))
				return true;
	return false;
}

const ls_table *ls_inherit_child(ls_catalog *cat, const ls_table *t, size_t *pos)
{
	for (size_t i = *pos; i < cat->n_tables; i++)
		for (size_t j = 0; j < cat->tables[i].n_inherits; j++)
			if (!strcmp(cat->tables[i].inherits[j].schema, t->schema) &&
					!strcmp(cat->tables[i].inherits[j].name, t->name)) {
				*pos = i + 1;
				return &cat->tables[i];
			}
	*pos = cat->n_tables;
	return NULL;
}

/* How many of t's parents have a column (or a CHECK constraint that is
 * not NO INHERIT) of this name: attinhcount / coninhcount. */
int ls_inherit_count(ls_catalog *cat, const ls_table *t, const char *col, const char *check)
{
	int n = 0;
	for (size_t i = 0; i < t->n_inherits; i++) {
		ls_table *p = ls_catalog_find_table(cat, t->inherits[i].schema, t->inherits[i].name);
		if (!p)
			continue;
		if (col && ls_table_column(p, col))
			n++;
		ls_constraint *k = check ? ls_table_constraint(p, check) : NULL;
		if (k && k->type == 'c' && !k->no_inherit)
			n++;
	}
	return n;
}

static int inherit_column(ls_apply *ap, ls_table *t, const ls_column *pc)
{
	ls_column *c = ls_table_column(t, pc->name);
	if (c) {
		if (strcmp(c->type, pc->type))
			return ls_apply_error(ap, LS_EINVAL, "inherited column \"%s\" has a type conflict", pc->name);
		if (!same_str(c->collation, pc->collation))
			return ls_apply_error(ap, LS_EINVAL, "inherited column \"%s\" has a collation conflict", pc->name);
		c->not_null = c->not_null || pc->not_null;
		/* a parent without a default leaves the other's */
		if (!c->default_expr)
			c->default_expr = pc->default_expr;
		else if (pc->default_expr && c->default_expr != conflicting_default &&
				strcmp(c->default_expr, pc->default_expr))
			c->default_expr = conflicting_default;
		return 0;
	}
	c = LS_PUSH(ap->cat, t->columns, t->n_columns);
	if (!c)
		return ls_apply_nomem(ap);
	*c = *pc;
	c->id = ap->cat->next_id++;
	c->identity = 0;
	c->comment = NULL;
	c->grants = NULL;
	c->n_grants = 0;
	c->inherited_only = true;
	return 0;
}

static int inherit_checks(ls_apply *ap, uint64_t id, const ls_table *p)
{
	for (size_t i = 0; i < p->n_constraints; i++) {
		const ls_constraint *pk = &p->constraints[i];
		if (pk->type != 'c' || pk->no_inherit)
			continue;
		ls_table *t = ls_table_by_id(ap->cat, id);
		ls_constraint *k = ls_table_constraint(t, pk->name);
		if (k) {
			if (strcmp(k->expr, pk->expr))
				return ls_apply_error(ap, LS_EINVAL, "check constraint name \"%s\" appears multiple times but with different expressions", pk->name);
			continue;
		}
		k = LS_PUSH(ap->cat, t->constraints, t->n_constraints);
		if (!k)
			return ls_apply_nomem(ap);
		*k = *pk;
		k->comment = NULL;
		k->inherited_only = true;
		ls_index_constraint_added(ap->cat, t, NULL, k->name);
	}
	return 0;
}

int ls_inherit_parents(ls_apply *ap, uint64_t id, PgQuery__CreateStmt *s)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = 0; i < s->n_inh_relations; i++) {
		PgQuery__RangeVar *rv = s->inh_relations[i]->range_var;
		ls_table *p = ls_lookup_table(cat, rv->schemaname[0] ? rv->schemaname : NULL, rv->relname);
		if (!p)
			return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", rv->relname);
		if (p->kind == LS_TABLE_PARTITIONED)
			return ls_apply_error(ap, LS_EINVAL, "cannot inherit from partitioned table \"%s\"", rv->relname);
		if (p->parent_table)
			return ls_apply_error(ap, LS_EINVAL, "cannot inherit from partition \"%s\"", rv->relname);
		ls_table *t = ls_table_by_id(cat, id);
		if (p == t)
			return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", rv->relname);
		for (size_t j = 0; j < t->n_inherits; j++)
			if (!strcmp(t->inherits[j].schema, p->schema) && !strcmp(t->inherits[j].name, p->name))
				return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" would be inherited from more than once", rv->relname);
		ls_table_parent *slot = LS_PUSH(cat, t->inherits, t->n_inherits);
		if (!slot)
			return ls_apply_nomem(ap);
		slot->schema = p->schema;
		slot->name = p->name;
		uint64_t pid = p->id;
		for (size_t j = 0; j < ls_table_by_id(cat, pid)->n_columns; j++) {
			p = ls_table_by_id(cat, pid);
			int rc = inherit_column(ap, ls_table_by_id(cat, id), &p->columns[j]);
			if (rc < 0)
				return rc;
		}
		int rc = inherit_checks(ap, id, ls_table_by_id(cat, pid));
		if (rc < 0)
			return rc;
	}
	return 0;
}

int ls_inherit_local_column(ls_apply *ap, uint64_t id, PgQuery__ColumnDef *cd,
		PgQuery__Constraint ***later, size_t *n_later)
{
	ls_table *t = ls_table_by_id(ap->cat, id);
	ls_column *c = ls_table_column(t, cd->colname);
	if (!c->inherited_only)
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" specified more than once", cd->colname);
	size_t pos = (size_t)(c - t->columns);
	ls_column inh = *c;
	LS_REMOVE(t->columns, t->n_columns, pos);
	int rc = ls_add_column(ap, t, cd, later, n_later);
	if (rc < 0)
		return rc;
	t = ls_table_by_id(ap->cat, id);
	ls_column own = t->columns[t->n_columns - 1];
	memmove(&t->columns[pos + 1], &t->columns[pos], (t->n_columns - 1 - pos) * sizeof *t->columns);
	if (strcmp(own.type, inh.type))
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" has a type conflict", cd->colname);
	if (own.collation && !same_str(own.collation, inh.collation))
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" has a collation conflict", cd->colname);
	/* a parent's generated column stays generated, as the parent says
	 * (MergeAttributes, PostgreSQL 15) */
	if (inh.generated && own.generated)
		return ls_apply_error(ap, LS_EINVAL, "child column \"%s\" specifies generation expression", cd->colname);
	if (inh.generated && own.default_expr)
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" inherits from generated column but specifies default", cd->colname);
	if (inh.generated)
		own.generated = inh.generated;
	own.not_null = own.not_null || inh.not_null;
	if (!own.default_expr && !own.generated)
		own.default_expr = inh.default_expr;
	own.collation = inh.collation;
	own.inherited_only = false;
	t->columns[pos] = own;
	return 0;
}

int ls_inherit_check_defaults(ls_apply *ap, ls_table *t)
{
	for (size_t i = 0; i < t->n_columns; i++)
		if (t->columns[i].default_expr == conflicting_default)
			return ls_apply_error(ap, LS_EINVAL, "column \"%s\" inherits conflicting default values",
					t->columns[i].name);
	return 0;
}

bool ls_inherit_merge_check(ls_catalog *cat, ls_table *t, const ls_constraint *k)
{
	ls_constraint *old = ls_table_constraint(t, k->name);
	(void)cat;
	if (!old || !old->inherited_only || old->type != 'c' || k->type != 'c' ||
			!old->expr || !k->expr || strcmp(old->expr, k->expr) || k->no_inherit)
		return false;
	old->inherited_only = false;
	return true;
}

bool ls_inherit_order_ok(ls_catalog *cat, const ls_table *t)
{
	size_t k = 0;
	/* the parents' columns, in order, each name once ... */
	for (size_t i = 0; i < t->n_inherits; i++) {
		ls_table *p = ls_catalog_find_table(cat, t->inherits[i].schema, t->inherits[i].name);
		for (size_t j = 0; p && j < p->n_columns; j++) {
			bool seen = false;
			for (size_t x = 0; x < k && !seen; x++)
				seen = !strcmp(t->columns[x].name, p->columns[j].name);
			if (seen)
				continue;
			if (k >= t->n_columns || strcmp(t->columns[k].name, p->columns[j].name))
				return false;
			k++;
		}
	}
	/* ... then the child's own, which no parent has */
	for (; k < t->n_columns; k++)
		if (ls_inherit_count(cat, t, t->columns[k].name, NULL) > 0)
			return false;
	return true;
}

int ls_inherit_check_order(ls_apply *ap, uint64_t id, const char *what, int depth)
{
	ls_table *t = ls_table_by_id(ap->cat, id);
	if (!t)
		return 0;
	if (!ls_inherit_order_ok(ap->cat, t))
		return ls_apply_error(ap, LS_EUNSUPPORTED, "%s would leave the columns of table \"%s\" in an order "
				"CREATE TABLE ... INHERITS cannot give, which is not supported", what, t->name);
	size_t pos = 0;
	uint64_t kids[256];
	size_t n = 0;
	for (const ls_table *c; (c = ls_inherit_child(ap->cat, t, &pos)) && n < 256;)
		kids[n++] = c->id;
	for (size_t i = 0; i < n && depth < 64; i++) {
		int rc = ls_inherit_check_order(ap, kids[i], what, depth + 1);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int ls_inherit_add_column(ls_apply *ap, uint64_t parent_id, const char *col, int depth)
{
	ls_catalog *cat = ap->cat;
	size_t pos = 0;
	uint64_t kids[256];
	size_t n = 0;
	for (const ls_table *c; (c = ls_inherit_child(cat, ls_table_by_id(cat, parent_id), &pos)) && n < 256;)
		kids[n++] = c->id;
	for (size_t i = 0; i < n && depth < 64; i++) {
		ls_column pc = *ls_table_column(ls_table_by_id(cat, parent_id), col);
		ls_table *t = ls_table_by_id(cat, kids[i]);
		ls_column *c = ls_table_column(t, col);
		if (c) {
			/* merged into the child's own (nothing else of it changes), and
			 * its children have it already */
			if (strcmp(c->type, pc.type))
				return ls_apply_error(ap, LS_EINVAL, "child table \"%s\" has different type for column \"%s\"", t->name, col);
			if (!same_str(c->collation, pc.collation))
				return ls_apply_error(ap, LS_EINVAL, "child table \"%s\" has different collation for column \"%s\"", t->name, col);
			continue;
		}
		int rc = inherit_column(ap, t, &pc);
		if (rc < 0 || (rc = ls_inherit_add_column(ap, kids[i], col, depth + 1)) < 0)
			return rc;
	}
	return 0;
}

/* The parent of ALTER TABLE ... [NO] INHERIT, refused as the server
 * refuses it; NULL with ap->err set. */
static ls_table *inherit_target(ls_apply *ap, ls_table *t, const PgQuery__RangeVar *rv)
{
	ls_catalog *cat = ap->cat;
	if (t->kind == LS_TABLE_PARTITIONED) {
		ls_apply_error(ap, LS_EINVAL, "cannot change inheritance of partitioned table");
		return NULL;
	}
	if (t->parent_table) {
		ls_apply_error(ap, LS_EINVAL, "cannot change inheritance of a partition");
		return NULL;
	}
	ls_table *p = ls_lookup_table(cat, rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL,
			rv->relname);
	if (!p)
		ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", rv->relname);
	return p;
}

/* Whether table a is b or one of b's descendants. */
static bool descends(ls_catalog *cat, const ls_table *a, const ls_table *b, int depth)
{
	if (a == b)
		return true;
	for (size_t i = 0; i < a->n_inherits && depth < 64; i++) {
		ls_table *p = ls_catalog_find_table(cat, a->inherits[i].schema, a->inherits[i].name);
		if (p && descends(cat, p, b, depth + 1))
			return true;
	}
	return false;
}

int ls_inherit_attach(ls_apply *ap, uint64_t id, const PgQuery__RangeVar *rv)
{
	ls_catalog *cat = ap->cat;
	ls_table *t = ls_table_by_id(cat, id), *p = inherit_target(ap, t, rv);
	if (!p)
		return ap->err->code;
	if (p->kind == LS_TABLE_PARTITIONED)
		return ls_apply_error(ap, LS_EINVAL, "cannot inherit from partitioned table \"%s\"", p->name);
	if (p->parent_table)
		return ls_apply_error(ap, LS_EINVAL, "cannot inherit from a partition");
	for (size_t i = 0; i < t->n_inherits; i++)
		if (!strcmp(t->inherits[i].schema, p->schema) && !strcmp(t->inherits[i].name, p->name))
			return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" would be inherited from more than once", p->name);
	if (descends(cat, p, t, 0))
		return ls_apply_error(ap, LS_EINVAL, "circular inheritance not allowed");
	/* MergeAttributesIntoExisting: the child has every column, alike */
	for (size_t i = 0; i < p->n_columns; i++) {
		const ls_column *pc = &p->columns[i];
		const ls_column *c = ls_table_column(t, pc->name);
		if (!c)
			return ls_apply_error(ap, LS_EINVAL, "child table is missing column \"%s\"", pc->name);
		if (strcmp(c->type, pc->type))
			return ls_apply_error(ap, LS_EINVAL, "child table \"%s\" has different type for column \"%s\"", t->name, pc->name);
		if (!same_str(c->collation, pc->collation))
			return ls_apply_error(ap, LS_EINVAL, "child table \"%s\" has different collation for column \"%s\"", t->name, pc->name);
		if (pc->not_null && !c->not_null)
			return ls_apply_error(ap, LS_EINVAL, "column \"%s\" in child table must be marked NOT NULL", pc->name);
		if (pc->generated && !c->generated)
			return ls_apply_error(ap, LS_EINVAL, "column \"%s\" in child table must be a generated column", pc->name);
		if (pc->generated && strcmp(pc->generated, c->generated))
			return ls_apply_error(ap, LS_EINVAL, "column \"%s\" in child table has a conflicting generation expression", pc->name);
	}
	/* an order the model could not write is refused before the CHECKs are
	 * looked at: introspect writes such a child with its columns and
	 * ALTER TABLE ... INHERIT, its CHECKs only later */
	ls_table_parent *slot = LS_PUSH(cat, t->inherits, t->n_inherits);
	if (!slot)
		return ls_apply_nomem(ap);
	slot->schema = p->schema;
	slot->name = p->name;
	int rc = ls_inherit_check_order(ap, id, ls_arena_printf(cat->arena, "ALTER TABLE %s INHERIT %s",
			ls_quote_ident(cat->arena, t->name), ls_quote_ident(cat->arena, p->name)), 0);
	if (rc < 0)
		return rc;
	t = ls_table_by_id(cat, id);
	p = ls_catalog_find_table(cat, slot->schema, slot->name);
	/* MergeConstraintsIntoExisting: and every CHECK a child inherits */
	for (size_t i = 0; i < p->n_constraints; i++) {
		const ls_constraint *pk = &p->constraints[i];
		if (pk->type != 'c' || pk->no_inherit)
			continue;
		const ls_constraint *k = ls_table_constraint(t, pk->name);
		if (!k || k->type != 'c')
			return ls_apply_error(ap, LS_EINVAL, "child table is missing constraint \"%s\"", pk->name);
		if (strcmp(k->expr, pk->expr))
			return ls_apply_error(ap, LS_EINVAL, "child table \"%s\" has different definition for check constraint \"%s\"", t->name, pk->name);
		if (k->no_inherit)
			return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" conflicts with non-inherited constraint on child table \"%s\"", pk->name, t->name);
	}
	return 0;
}

int ls_inherit_detach(ls_apply *ap, uint64_t id, const PgQuery__RangeVar *rv)
{
	ls_catalog *cat = ap->cat;
	ls_table *t = ls_table_by_id(cat, id), *p = inherit_target(ap, t, rv);
	if (!p)
		return ap->err->code;
	size_t at = t->n_inherits;
	for (size_t i = 0; i < t->n_inherits; i++)
		if (!strcmp(t->inherits[i].schema, p->schema) && !strcmp(t->inherits[i].name, p->name))
			at = i;
	if (at == t->n_inherits)
		return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" is not a parent of relation \"%s\"", p->name, t->name);
	LS_REMOVE(t->inherits, t->n_inherits, at);
	/* what no other parent gives becomes the child's own (attinhcount and
	 * coninhcount 0: attislocal, conislocal) */
	for (size_t i = 0; i < t->n_columns; i++)
		if (t->columns[i].inherited_only && ls_table_column(p, t->columns[i].name) &&
				ls_inherit_count(cat, t, t->columns[i].name, NULL) == 0)
			t->columns[i].inherited_only = false;
	for (size_t i = 0; i < t->n_constraints; i++)
		if (t->constraints[i].inherited_only && ls_inherit_count(cat, t, NULL, t->constraints[i].name) == 0)
			t->constraints[i].inherited_only = false;
	return ls_inherit_check_order(ap, id, ls_arena_printf(cat->arena, "ALTER TABLE %s NO INHERIT %s",
			ls_quote_ident(cat->arena, t->name), ls_quote_ident(cat->arena, p->name)), 0);
}

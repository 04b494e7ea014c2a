/* Indexes of partitioned tables.
 *
 * An index created on a partitioned table (without ONLY) is created on
 * every partition too, or attached to a matching index the partition
 * already has; so is an index, primary key or unique constraint of the
 * parent when a partition is created or attached. The partition's copies
 * are named by the server from the partition and its columns
 * (ChooseRelationName), take up those names, and are kept here with
 * parent_index set: implied by the parent's, they are not listed. On
 * DETACH they become the detached table's own indexes (and constraints).
 */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "apply_table.h"
#include "apply_inherit.h"
#include "rewrite.h"

#include <string.h>

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool same_keys(const ls_index *a, const ls_index *b)
{
	if (a->n_keys != b->n_keys || a->n_include != b->n_include)
		return false;
	for (size_t i = 0; i < a->n_keys; i++) {
		const ls_index_key *x = &a->keys[i], *y = &b->keys[i];
		if (!same_str(x->column, y->column) || !same_str(x->expr, y->expr) ||
				!same_str(x->collation, y->collation) || !same_str(x->opclass, y->opclass) ||
				x->desc != y->desc || x->nulls_first != y->nulls_first)
			return false;
	}
	for (size_t i = 0; i < a->n_include; i++)
		if (strcmp(a->include[i], b->include[i]))
			return false;
	return true;
}

bool ls_index_same_definition(const ls_index *a, const ls_index *b)
{
	return same_str(a->method, b->method) && a->unique == b->unique &&
		a->nulls_not_distinct == b->nulls_not_distinct && same_str(a->where, b->where) &&
		same_keys(a, b);
}

/* The partition's index that can stand for the parent's (CompareIndexInfo). */
static bool matches(const ls_index *parent, const ls_index *child)
{
	return !child->parent_index && ls_index_same_definition(parent, child);
}

static ls_table *table_of(ls_catalog *cat, const ls_index *x)
{
	return ls_catalog_find_table(cat, x->schema, x->table);
}

static int clone_into(ls_apply *ap, size_t parent_pos, uint64_t child_id);

bool ls_inherited_column(ls_catalog *cat, const ls_table *t, const char *col)
{
	ls_table *p = t->parent_table ? ls_lookup_table(cat, t->parent_schema, t->parent_table) : NULL;
	return (p && ls_table_column(p, col)) || ls_inherit_count(cat, t, col, NULL) > 0;
}

int ls_unique_fits_partition_key(ls_apply *ap, const ls_table *t, const ls_index *x,
		const char *what)
{
	if (t->kind != LS_TABLE_PARTITIONED || !x->unique)
		return 0;
	const char **cols;
	size_t n;
	if (ls_partition_key_columns(ap, t->partition_key, &cols, &n) < 0)
		return ap->err->code;
	for (size_t i = 0; i < n; i++) {
		if (!cols[i])
			return ls_apply_error(ap, LS_EINVAL,
					"unsupported %s constraint with partition key definition", what);
		bool found = false;
		for (size_t j = 0; j < x->n_keys && !found; j++)
			found = x->keys[j].column && !strcmp(x->keys[j].column, cols[i]);
		if (!found)
			return ls_apply_error(ap, LS_EINVAL,
					"unique constraint on partitioned table must include all partitioning columns "
					"(%s constraint on table \"%s\" lacks column \"%s\" which is part of the "
					"partition key)", what, t->name, cols[i]);
	}
	return 0;
}

/* Attach a partition's index to the parent's: a key it backs becomes the
 * parent's key on that partition, no longer the partition's own (DETACH
 * gives it back). */
static void attach(ls_catalog *cat, ls_table *child, ls_index *x, const char *parent_name)
{
	(void)cat;
	x->parent_index = parent_name;
	ls_constraint *k = x->constraint ? ls_table_constraint(child, x->constraint) : NULL;
	if (k)
		LS_REMOVE(child->constraints, child->n_constraints, (size_t)(k - child->constraints));
}

/* Attach or create the copy of index parent_pos on one partition, then on
 * that partition's own partitions. */
static int clone_into(ls_apply *ap, size_t parent_pos, uint64_t child_id)
{
	ls_catalog *cat = ap->cat;
	ls_table *child = ls_table_by_id(cat, child_id);
	ls_index parent = cat->indexes[parent_pos];
	ls_constraint *pk = parent.constraint ?
		ls_table_constraint(table_of(cat, &parent), parent.constraint) : NULL;
	if (ls_unique_fits_partition_key(ap, child, &parent,
			pk && pk->type == 'p' ? "PRIMARY KEY" : "UNIQUE") < 0)
		return ap->err->code;
	size_t pos = cat->n_indexes;
	for (size_t i = 0; i < cat->n_indexes && pos == cat->n_indexes; i++)
		if (!strcmp(cat->indexes[i].schema, child->schema) &&
				!strcmp(cat->indexes[i].table, child->name) && matches(&parent, &cat->indexes[i]))
			pos = i;
	if (pos < cat->n_indexes) {
		attach(cat, child, &cat->indexes[pos], parent.name);
	} else {
		const char *names[64];
		size_t n = 0;
		for (size_t i = 0; i < parent.n_keys && n < 64; i++)
			names[n++] = ls_index_key_name(ap, &parent.keys[i]);
		for (size_t i = 0; i < parent.n_include && n < 64; i++)
			names[n++] = parent.include[i];
		ls_constraint *k = parent.constraint ?
			ls_table_constraint(table_of(cat, &parent), parent.constraint) : NULL;
		const char *label = k && k->type == 'p' ? "pkey" : k && k->type == 'x' ? "excl" :
			k ? "key" : "idx";
		const char *name = ls_choose_relation_name(cat, child->schema, child->name,
				k && k->type == 'p' ? NULL : ls_index_name_addition(ap, names, n), label);
		ls_index *x = name ? ls_new_index(cat, child->schema, name) : NULL;
		if (!x)
			return ls_apply_nomem(ap);
		uint64_t id = x->id;
		const char *xname = x->name;
		*x = parent;
		x->id = id;
		x->name = xname;
		x->schema = child->schema;
		x->table = child->name;
		x->comment = NULL;
		x->constraint = parent.constraint ? xname : NULL;
		x->parent_index = parent.name;
		pos = cat->n_indexes - 1;
	}
	/* a partitioned partition passes the index on */
	child = ls_table_by_id(cat, child_id);
	if (child->kind != LS_TABLE_PARTITIONED)
		return 0;
	for (size_t i = 0; i < cat->n_tables; i++) {
		ls_table *g = &cat->tables[i];
		if (g->parent_table && !strcmp(g->parent_schema, child->schema) &&
				!strcmp(g->parent_table, child->name)) {
			int rc = clone_into(ap, pos, g->id);
			if (rc < 0)
				return rc;
			child = ls_table_by_id(cat, child_id);
		}
	}
	return 0;
}

int ls_partition_index_created(ls_apply *ap, size_t index_pos)
{
	ls_catalog *cat = ap->cat;
	ls_table *t = table_of(cat, &cat->indexes[index_pos]);
	if (!t || t->kind != LS_TABLE_PARTITIONED)
		return 0;
	uint64_t *ids;
	size_t n;
	if (ls_partition_ids(ap, t, &ids, &n) < 0)
		return ap->err->code;
	for (size_t i = 0; i < n; i++) {
		int rc = clone_into(ap, index_pos, ids[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int ls_partition_attached(ls_apply *ap, uint64_t child_id)
{
	ls_catalog *cat = ap->cat;
	ls_table *child = ls_table_by_id(cat, child_id);
	ls_table *parent = ls_catalog_find_table(cat, child->parent_schema, child->parent_table);
	if (!parent)
		return 0;
	const char *ps = parent->schema, *pn = parent->name;
	size_t n = cat->n_indexes;
	for (size_t i = 0; i < n; i++) {
		ls_index *x = &cat->indexes[i];
		if (strcmp(x->schema, ps) || strcmp(x->table, pn))
			continue;
		int rc = clone_into(ap, i, child_id);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Whether the partition's foreign key b can stand for the parent's a
 * (tryAttachPartitionForeignKey): it says the same, and PostgreSQL 15
 * takes only a validated one (a NOT VALID key stays the partition's own,
 * beside the parent's copy). */
static bool same_fk(const ls_constraint *a, const ls_constraint *b)
{
	if (a->type != 'f' || b->type != 'f' || !b->valid || a->n_columns != b->n_columns ||
			a->n_ref_columns != b->n_ref_columns || !same_str(a->ref_schema, b->ref_schema) ||
			!same_str(a->ref_table, b->ref_table) || a->on_update != b->on_update ||
			a->on_delete != b->on_delete || a->match != b->match ||
			a->deferrable != b->deferrable || a->deferred != b->deferred)
		return false;
	for (size_t i = 0; i < a->n_columns; i++)
		if (strcmp(a->columns[i], b->columns[i]))
			return false;
	for (size_t i = 0; i < a->n_ref_columns; i++)
		if (strcmp(a->ref_columns[i], b->ref_columns[i]))
			return false;
	return true;
}

/* The CHECK constraints and foreign keys a partition of t carries: t's
 * own and, up the tree, its ancestors' (a partition lists neither: they
 * are implied). At most n. */
static size_t implied_constraints(ls_catalog *cat, const ls_table *t, const ls_constraint **out,
		size_t n)
{
	size_t k = 0;
	for (int depth = 0; t && depth < 64; depth++) {
		for (size_t i = 0; i < t->n_constraints && k < n; i++) {
			const ls_constraint *c = &t->constraints[i];
			if ((c->type == 'c' && !c->no_inherit) || c->type == 'f')
				out[k++] = c;
		}
		t = t->parent_table ? ls_catalog_find_table(cat, t->parent_schema, t->parent_table) :
			NULL;
	}
	return k;
}

int ls_partition_constraints_attached(ls_apply *ap, const ls_table *parent, uint64_t child_id)
{
	ls_catalog *cat = ap->cat;
	const ls_constraint *implied[256];
	size_t n = implied_constraints(cat, parent, implied, 256);
	ls_table *child = ls_table_by_id(cat, child_id);
	/* MergeConstraintsIntoExisting: each CHECK by name, the same
	 * expression, valid where the parent's is; it is the parent's copy
	 * from then on (conislocal false) */
	for (size_t i = 0; i < n; i++) {
		const ls_constraint *k = implied[i];
		if (k->type != 'c')
			continue;
		ls_constraint *c = ls_table_constraint(child, k->name);
		if (!c || c->type != 'c')
			return ls_apply_error(ap, LS_EINVAL, "child table is missing constraint \"%s\"",
					k->name);
		if (!same_str(c->expr, k->expr))
			return ls_apply_error(ap, LS_EINVAL, "child table \"%s\" has different definition "
					"for check constraint \"%s\"", child->name, k->name);
		if (c->no_inherit)
			return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" conflicts with "
					"non-inherited constraint on child table \"%s\"", k->name, child->name);
		if (k->valid && !c->valid)
			return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" conflicts with NOT VALID "
					"constraint on child table \"%s\"", k->name, child->name);
		LS_REMOVE(child->constraints, child->n_constraints, (size_t)(c - child->constraints));
	}
	/* a foreign key of the partition that says what the parent's says
	 * becomes its copy; one it lacks the server clones (implied) */
	for (size_t i = 0; i < n; i++) {
		if (implied[i]->type != 'f')
			continue;
		for (size_t j = 0; j < child->n_constraints; j++)
			if (same_fk(implied[i], &child->constraints[j])) {
				LS_REMOVE(child->constraints, child->n_constraints, j);
				break;
			}
	}
	return 0;
}

void ls_partition_detached(ls_apply *ap, ls_table *parent, ls_table *child)
{
	ls_catalog *cat = ap->cat;
	/* the CHECKs and foreign keys it carried become its own, under the
	 * parent's names (conislocal true, conparentid 0) */
	const ls_constraint *implied[256];
	size_t n = implied_constraints(cat, parent, implied, 256);
	uint64_t child_id = child->id;
	for (size_t i = 0; i < n; i++) {
		child = ls_table_by_id(cat, child_id);
		if (ls_table_constraint(child, implied[i]->name))
			continue;
		ls_constraint copy = *implied[i];
		copy.comment = NULL;
		copy.inherited_only = false;
		ls_constraint *slot = LS_PUSH(cat, child->constraints, child->n_constraints);
		if (slot)
			*slot = copy;
	}
	child = ls_table_by_id(cat, child_id);
	for (size_t i = 0; i < cat->n_indexes; i++) {
		ls_index *x = &cat->indexes[i];
		if (!x->parent_index || strcmp(x->schema, child->schema) || strcmp(x->table, child->name))
			continue;
		ls_index *p = ls_catalog_find_index(cat, parent->schema, x->parent_index);
		x->parent_index = NULL;
		/* a copy of a key becomes the detached table's own constraint */
		ls_constraint *k = p && p->constraint ? ls_table_constraint(parent, p->constraint) : NULL;
		if (!k || ls_table_constraint(child, x->name))
			continue;
		ls_constraint copy = *k;
		copy.name = x->name;
		copy.comment = NULL;
		x->constraint = x->name;
		ls_constraint *slot = LS_PUSH(cat, child->constraints, child->n_constraints);
		if (slot) {
			*slot = copy;
			ls_index_constraint_added(cat, child, NULL, copy.name);
		}
	}
}

int ls_attach_index(ls_apply *ap, ls_index *parent, const char *schema, const char *name)
{
	ls_index *child = ls_lookup_index(ap->cat, schema, name);
	if (!child)
		return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", name);
	if (!matches(parent, child) && !(child->parent_index && !strcmp(child->parent_index, parent->name)))
		return ls_apply_error(ap, LS_EINVAL, "cannot attach index \"%s\" as a partition of index \"%s\"",
				name, parent->name);
	ls_table *t = ls_catalog_find_table(ap->cat, child->schema, child->table);
	if (t)
		attach(ap->cat, t, child, parent->name);
	else
		child->parent_index = parent->name;
	return 0;
}

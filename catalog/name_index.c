/* Hash indexes over the model's arrays (name_index.h). */
#define _POSIX_C_SOURCE 200809L
#include "name_index.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One slot of an open-addressing table: the key's hash and position + 1
 * of the item (0: empty). Several slots may hold one key (overloaded
 * functions, or transient duplicates): a lookup visits them all. */
typedef struct slot {
	uint32_t hash;
	uint32_t pos1;
} slot;

/* A table over one model array. Items [0, n_indexed) of the array as it
 * was at address arr, generation gen, are in it. */
typedef struct table {
	slot *slots;
	size_t cap;          /* 0 or a power of two */
	size_t n_entries;
	size_t n_indexed;
	const void *arr;
	uint64_t gen;
	bool built;
} table;

/* Constraint names: one entry per table constraint / domain CHECK, its
 * owner encoded as position * 2 (+ 1 for a type). Tables and types are
 * indexed up to n_tables / n_types; later constraints on them are
 * announced. Entries whose owner no longer has the name are ignored: a
 * removal needs no notice. */
typedef struct cons_table {
	table t;
	size_t n_tables, n_types;
	const void *tables, *types;
} cons_table;

/* Items by the table that owns them (ls_catalog_owned): entries keyed by
 * (schema, owner table name), the item's position. For foreign keys the
 * position is the referencing table's, and tables announced by
 * ls_index_constraint_added since the last catch-up wait in pending. */
typedef struct owner_table {
	table t;
	size_t *pending;
	size_t n_pending, cap_pending;
} owner_table;

typedef struct builder {
	void *slots[LS_SLOT_COUNT];
	uint64_t gen;        /* bumped by ls_catalog_touch */
	int suspended;
	table ix[LS_IX_COUNT];
	table ids;           /* tables by id */
	cons_table cons;
	owner_table own[LS_OWN_COUNT];
} builder;

/* Where the array, its count and an item's key live, per kind. */
typedef struct kind_desc {
	size_t arr, count, elem, schema, name;
} kind_desc;

#define NO_FIELD ((size_t)-1)
#define DESC(arr, n, T) \
	{offsetof(ls_catalog, arr), offsetof(ls_catalog, n), sizeof(T), \
	 offsetof(T, schema), offsetof(T, name)}

static const kind_desc kinds[LS_IX_COUNT] = {
	[LS_IX_SCHEMA] = {offsetof(ls_catalog, schemas), offsetof(ls_catalog, n_schemas),
		sizeof(ls_schema), NO_FIELD, offsetof(ls_schema, name)},
	[LS_IX_TABLE] = DESC(tables, n_tables, ls_table),
	[LS_IX_VIEW] = DESC(views, n_views, ls_view),
	[LS_IX_TYPE] = DESC(types, n_types, ls_type),
	[LS_IX_SEQUENCE] = DESC(sequences, n_sequences, ls_sequence),
	[LS_IX_INDEX] = DESC(indexes, n_indexes, ls_index),
	[LS_IX_FUNCTION] = DESC(functions, n_functions, ls_function),
};

static const unsigned char *arr_of(const ls_catalog *cat, const kind_desc *d)
{
	return *(const unsigned char *const *)((const unsigned char *)cat + d->arr);
}

static size_t count_of(const ls_catalog *cat, const kind_desc *d)
{
	return *(const size_t *)((const unsigned char *)cat + d->count);
}

static const char *field(const unsigned char *arr, const kind_desc *d, size_t i, size_t off)
{
	if (off == NO_FIELD)
		return NULL;
	return *(const char *const *)(arr + i * d->elem + off);
}

static bool eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* FNV-1a over schema, a separator no UTF-8 text holds, and name. */
static uint32_t hash_key(const char *schema, const char *name)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)schema; p && *p; p++)
		h = (h ^ *p) * 16777619u;
	h = (h ^ 0xffu) * 16777619u;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

static uint32_t hash_id(uint64_t id)
{
	id ^= id >> 33;
	id *= 0xff51afd7ed558ccdULL;
	id ^= id >> 33;
	return (uint32_t)id;
}

/* The builder state, allocated in the arena on first use. */
static builder *get_builder(ls_catalog *cat)
{
	if (!cat->priv)
		cat->priv = ls_arena_alloc(cat->arena, sizeof(builder));
	return cat->priv;
}

void **ls_builder_slot(ls_catalog *cat, ls_builder_slot_id slot)
{
	builder *b = get_builder(cat);
	return b ? &b->slots[slot] : NULL;
}

void *ls_builder_peek(const ls_catalog *cat, ls_builder_slot_id slot)
{
	const builder *b = cat->priv;
	return b ? b->slots[slot] : NULL;
}

void ls_catalog_touch(ls_catalog *cat)
{
	builder *b = cat->priv;
	if (b)
		b->gen++;
}

void ls_index_suspend(ls_catalog *cat)
{
	builder *b = get_builder(cat);
	if (b)
		b->suspended++;
}

void ls_index_resume(ls_catalog *cat)
{
	builder *b = cat->priv;
	if (b && b->suspended > 0 && --b->suspended == 0)
		b->gen++;
}

/* Empty t for the array at arr. */
static void reset(table *t, const void *arr, uint64_t gen)
{
	if (t->slots)
		memset(t->slots, 0, t->cap * sizeof *t->slots);
	t->n_entries = 0;
	t->n_indexed = 0;
	t->arr = arr;
	t->gen = gen;
	t->built = true;
}

/* Add (hash, pos); grows at half full. False when memory ran out (the
 * arena is marked failed). */
static bool insert(ls_catalog *cat, table *t, uint32_t h, size_t pos)
{
	if ((t->n_entries + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		slot *grown = ls_arena_alloc(cat->arena, cap * sizeof *grown);
		if (!grown)
			return false;
		for (size_t i = 0; i < t->cap; i++) {
			if (!t->slots[i].pos1)
				continue;
			size_t j = t->slots[i].hash & (cap - 1);
			while (grown[j].pos1)
				j = (j + 1) & (cap - 1);
			grown[j] = t->slots[i];
		}
		t->slots = grown;
		t->cap = cap;
	}
	size_t j = h & (t->cap - 1);
	while (t->slots[j].pos1)
		j = (j + 1) & (t->cap - 1);
	t->slots[j].hash = h;
	t->slots[j].pos1 = (uint32_t)(pos + 1);
	t->n_entries++;
	return true;
}

/* Bring the table of kind up to date with its array: rebuilt when stale,
 * appended items added. Items without their key yet (pushed, not filled)
 * stop the catch-up; lookups scan from there. False on out of memory. */
static bool sync_names(ls_catalog *cat, builder *b, ls_ix_kind kind)
{
	const kind_desc *d = &kinds[kind];
	table *t = &b->ix[kind];
	const unsigned char *arr = arr_of(cat, d);
	size_t n = count_of(cat, d);
	if (!t->built || t->gen != b->gen || t->arr != arr || n < t->n_indexed)
		reset(t, arr, b->gen);
	for (; t->n_indexed < n; t->n_indexed++) {
		const char *schema = field(arr, d, t->n_indexed, d->schema);
		const char *name = field(arr, d, t->n_indexed, d->name);
		if (!name || (d->schema != NO_FIELD && !schema))
			break;
		if (!insert(cat, t, hash_key(schema, name), t->n_indexed)) {
			t->built = false;
			return false;
		}
	}
	return true;
}

static bool item_matches(const ls_catalog *cat, ls_ix_kind kind, size_t i,
		const char *schema, const char *name, const char *args)
{
	const kind_desc *d = &kinds[kind];
	const unsigned char *arr = arr_of(cat, d);
	if (!eq(field(arr, d, i, d->name), name))
		return false;
	if (d->schema != NO_FIELD && !eq(field(arr, d, i, d->schema), schema))
		return false;
	return kind != LS_IX_FUNCTION || !args || eq(cat->functions[i].identity_args, args);
}

static long find_linear(const ls_catalog *cat, ls_ix_kind kind, size_t from,
		const char *schema, const char *name, const char *args)
{
	size_t n = count_of(cat, &kinds[kind]);
	for (size_t i = from; i < n; i++)
		if (item_matches(cat, kind, i, schema, name, args))
			return (long)i;
	return -1;
}

/* Probe for the key; *stale when an entry's item no longer has the key it
 * was indexed under (the array changed without a touch). */
static long probe_names(const ls_catalog *cat, const table *t, ls_ix_kind kind,
		const char *schema, const char *name, const char *args, bool *stale)
{
	const kind_desc *d = &kinds[kind];
	const unsigned char *arr = arr_of(cat, d);
	size_t n = count_of(cat, d);
	uint32_t h = hash_key(d->schema == NO_FIELD ? NULL : schema, name);
	long best = -1;
	*stale = false;
	if (!t->cap)
		return -1;
	for (size_t j = h & (t->cap - 1); t->slots[j].pos1; j = (j + 1) & (t->cap - 1)) {
		if (t->slots[j].hash != h)
			continue;
		size_t p = t->slots[j].pos1 - 1;
		if (p >= n) {
			*stale = true;
			return -1;
		}
		const char *is = field(arr, d, p, d->schema), *in = field(arr, d, p, d->name);
		bool same = eq(in, name) && (d->schema == NO_FIELD || eq(is, schema));
		if (!same) {
			if (!in || hash_key(is, in) != h) {
				*stale = true;
				return -1;
			}
			continue; /* another key with the same hash */
		}
		if (item_matches(cat, kind, p, schema, name, args) && (best < 0 || (long)p < best))
			best = (long)p;
	}
	return best;
}

static long find_indexed(ls_catalog *cat, ls_ix_kind kind, const char *schema,
		const char *name, const char *args)
{
	builder *b = get_builder(cat);
	if (!b || b->suspended)
		return find_linear(cat, kind, 0, schema, name, args);
	for (int attempt = 0; attempt < 2; attempt++) {
		if (!sync_names(cat, b, kind))
			return find_linear(cat, kind, 0, schema, name, args);
		table *t = &b->ix[kind];
		bool stale;
		long hit = probe_names(cat, t, kind, schema, name, args, &stale);
		if (stale) {
			t->built = false;
			continue;
		}
		/* the unindexed tail comes after every indexed item */
		if (hit < 0 && t->n_indexed < count_of(cat, &kinds[kind]))
			hit = find_linear(cat, kind, t->n_indexed, schema, name, args);
		return hit;
	}
	return find_linear(cat, kind, 0, schema, name, args);
}

#ifdef LS_SELF_CHECK
static void mismatch(const char *what, const char *schema, const char *name, long got, long want)
{
	fprintf(stderr, "lockstep: index lookup of %s %s.%s gave %ld, the scan %ld\n",
			what, schema ? schema : "", name ? name : "", got, want);
	abort();
}
#endif

long ls_index_find(ls_catalog *cat, ls_ix_kind kind, const char *schema,
		const char *name, const char *identity_args)
{
	if (!name || (kinds[kind].schema != NO_FIELD && !schema))
		return -1;
	long hit = find_indexed(cat, kind, schema, name, identity_args);
#ifdef LS_SELF_CHECK
	long want = find_linear(cat, kind, 0, schema, name, identity_args);
	if (hit != want)
		mismatch("object", schema, name, hit, want);
#endif
	return hit;
}

/* --- tables by id --- */

static long id_linear(const ls_catalog *cat, uint64_t id)
{
	for (size_t i = 0; i < cat->n_tables; i++)
		if (cat->tables[i].id == id)
			return (long)i;
	return -1;
}

static bool sync_ids(ls_catalog *cat, builder *b)
{
	table *t = &b->ids;
	if (!t->built || t->gen != b->gen || t->arr != cat->tables || cat->n_tables < t->n_indexed)
		reset(t, cat->tables, b->gen);
	for (; t->n_indexed < cat->n_tables; t->n_indexed++) {
		uint64_t id = cat->tables[t->n_indexed].id;
		if (id == 0)
			break; /* pushed, not yet given its id */
		if (!insert(cat, t, hash_id(id), t->n_indexed)) {
			t->built = false;
			return false;
		}
	}
	return true;
}

static long id_indexed(ls_catalog *cat, uint64_t id)
{
	builder *b = get_builder(cat);
	if (!b || b->suspended)
		return id_linear(cat, id);
	for (int attempt = 0; attempt < 2; attempt++) {
		if (!sync_ids(cat, b))
			return id_linear(cat, id);
		table *t = &b->ids;
		uint32_t h = hash_id(id);
		long best = -1;
		bool stale = false;
		for (size_t j = t->cap ? h & (t->cap - 1) : 0; t->cap && t->slots[j].pos1;
				j = (j + 1) & (t->cap - 1)) {
			if (t->slots[j].hash != h)
				continue;
			size_t p = t->slots[j].pos1 - 1;
			if (p >= cat->n_tables || hash_id(cat->tables[p].id) != h) {
				stale = true;
				break;
			}
			if (cat->tables[p].id == id && (best < 0 || (long)p < best))
				best = (long)p;
		}
		if (stale) {
			t->built = false;
			continue;
		}
		if (best < 0 && t->n_indexed < cat->n_tables) {
			for (size_t i = t->n_indexed; i < cat->n_tables && best < 0; i++)
				if (cat->tables[i].id == id)
					best = (long)i;
		}
		return best;
	}
	return id_linear(cat, id);
}

long ls_index_find_table_id(ls_catalog *cat, uint64_t id)
{
	long hit = id_indexed(cat, id);
#ifdef LS_SELF_CHECK
	long want = id_linear(cat, id);
	if (hit != want)
		mismatch("table id", NULL, NULL, hit, want);
#endif
	return hit;
}

/* --- constraint names --- */

static bool table_has_constraint(const ls_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_constraints; i++)
		if (eq(t->constraints[i].name, name))
			return true;
	return false;
}

static bool type_has_check(const ls_type *ty, const char *name)
{
	for (size_t i = 0; i < ty->n_checks; i++)
		if (eq(ty->checks[i].name, name))
			return true;
	return false;
}

/* ConstraintNameExists, by scanning (what the index stands for). */
static bool cons_linear(const ls_catalog *cat, const char *schema, const char *name)
{
	for (size_t i = 0; i < cat->n_tables; i++)
		if (eq(cat->tables[i].schema, schema) && table_has_constraint(&cat->tables[i], name))
			return true;
	for (size_t i = 0; i < cat->n_types; i++)
		if (eq(cat->types[i].schema, schema) && type_has_check(&cat->types[i], name))
			return true;
	return false;
}

/* Index the constraints of table i (owner 2i) or the checks of type i
 * (owner 2i + 1). Unnamed ones (not filled yet) are left to their notice. */
static bool cons_add_owner(ls_catalog *cat, cons_table *c, size_t i, bool type)
{
	if (type) {
		const ls_type *ty = &cat->types[i];
		for (size_t k = 0; ty->schema && k < ty->n_checks; k++)
			if (ty->checks[k].name &&
					!insert(cat, &c->t, hash_key(ty->schema, ty->checks[k].name), 2 * i + 1))
				return false;
		return true;
	}
	const ls_table *t = &cat->tables[i];
	for (size_t k = 0; t->schema && k < t->n_constraints; k++)
		if (t->constraints[k].name &&
				!insert(cat, &c->t, hash_key(t->schema, t->constraints[k].name), 2 * i))
			return false;
	return true;
}

static bool sync_cons(ls_catalog *cat, builder *b)
{
	cons_table *c = &b->cons;
	if (!c->t.built || c->t.gen != b->gen || c->tables != cat->tables || c->types != cat->types ||
			cat->n_tables < c->n_tables || cat->n_types < c->n_types) {
		reset(&c->t, NULL, b->gen);
		c->tables = cat->tables;
		c->types = cat->types;
		c->n_tables = c->n_types = 0;
	}
	for (; c->n_tables < cat->n_tables; c->n_tables++)
		if (!cons_add_owner(cat, c, c->n_tables, false))
			goto nomem;
	for (; c->n_types < cat->n_types; c->n_types++)
		if (!cons_add_owner(cat, c, c->n_types, true))
			goto nomem;
	return true;
nomem:
	c->t.built = false;
	return false;
}

static bool cons_indexed(ls_catalog *cat, const char *schema, const char *name)
{
	builder *b = get_builder(cat);
	if (!b || b->suspended || !sync_cons(cat, b))
		return cons_linear(cat, schema, name);
	const table *t = &b->cons.t;
	uint32_t h = hash_key(schema, name);
	for (size_t j = t->cap ? h & (t->cap - 1) : 0; t->cap && t->slots[j].pos1;
			j = (j + 1) & (t->cap - 1)) {
		if (t->slots[j].hash != h)
			continue;
		size_t owner = t->slots[j].pos1 - 1, p = owner / 2;
		/* the owner is checked as it is now: a stale entry says no */
		if (owner % 2 ? p < cat->n_types && eq(cat->types[p].schema, schema) &&
					type_has_check(&cat->types[p], name) :
				p < cat->n_tables && eq(cat->tables[p].schema, schema) &&
					table_has_constraint(&cat->tables[p], name))
			return true;
	}
	return false;
}

bool ls_index_constraint_exists(ls_catalog *cat, const char *schema, const char *name)
{
	if (!schema || !name)
		return false;
	bool hit = cons_indexed(cat, schema, name);
#ifdef LS_SELF_CHECK
	if (hit != cons_linear(cat, schema, name))
		mismatch("constraint", schema, name, hit, !hit);
#endif
	return hit;
}

static void fk_announce(ls_catalog *cat, builder *b, const ls_table *t);

void ls_index_constraint_added(ls_catalog *cat, const ls_table *t, const ls_type *ty,
		const char *name)
{
	builder *b = cat->priv;
	if (b && t)
		fk_announce(cat, b, t);
	if (!b || !name)
		return;
	cons_table *c = &b->cons;
	if (!c->t.built || c->t.gen != b->gen)
		return; /* rebuilt at its next use anyway */
	size_t owner;
	const char *schema;
	/* positions compared as integers: t may be a copy outside the array */
	uintptr_t at = (uintptr_t)t, base = (uintptr_t)cat->tables;
	uintptr_t aty = (uintptr_t)ty, tbase = (uintptr_t)cat->types;
	if (t && c->tables == cat->tables && at >= base &&
			at < base + c->n_tables * sizeof *cat->tables) {
		owner = 2 * ((at - base) / sizeof *cat->tables);
		schema = t->schema;
	} else if (ty && c->types == cat->types && aty >= tbase &&
			aty < tbase + c->n_types * sizeof *cat->types) {
		owner = 2 * ((aty - tbase) / sizeof *cat->types) + 1;
		schema = ty->schema;
	} else {
		return; /* not indexed yet: the catch-up will see it */
	}
	if (!schema || !insert(cat, &c->t, hash_key(schema, name), owner))
		c->t.built = false;
}

/* --- items by owner table --- */

static bool has_fk_to(const ls_table *o, const char *schema, const char *table)
{
	for (size_t j = 0; j < o->n_constraints; j++) {
		const ls_constraint *k = &o->constraints[j];
		if (k->type == 'f' && eq(k->ref_schema, schema) && eq(k->ref_table, table))
			return true;
	}
	return false;
}

/* Whether view v reads schema.table by its depends ("schema.name"), or
 * records none. */
static bool view_depends_on(const ls_view *v, const char *schema, const char *table)
{
	if (!v->n_depends)
		return true;
	size_t sl = strlen(schema);
	for (size_t j = 0; j < v->n_depends; j++) {
		const char *d = v->depends[j];
		if (d && !strncmp(d, schema, sl) && d[sl] == '.' && !strcmp(d + sl + 1, table))
			return true;
	}
	return false;
}

/* Index view i under each relation it depends on (under "" when none). */
static bool view_add(ls_catalog *cat, table *t, size_t i)
{
	const ls_view *v = &cat->views[i];
	if (!v->n_depends)
		return insert(cat, t, hash_key(NULL, ""), i);
	for (size_t j = 0; j < v->n_depends; j++)
		if (v->depends[j] && !insert(cat, t, hash_key(NULL, v->depends[j]), i))
			return false;
	return true;
}

/* Whether item i of kind hangs off schema.table, as it is now. */
static bool owned_matches(const ls_catalog *cat, ls_own_kind kind, size_t i,
		const char *schema, const char *table)
{
	switch (kind) {
	case LS_OWN_SEQUENCE:
		return i < cat->n_sequences && eq(cat->sequences[i].schema, schema) &&
			eq(cat->sequences[i].owned_table, table);
	case LS_OWN_INDEX:
		return i < cat->n_indexes && eq(cat->indexes[i].schema, schema) &&
			eq(cat->indexes[i].table, table);
	case LS_OWN_FK:
		return i < cat->n_tables && has_fk_to(&cat->tables[i], schema, table);
	case LS_OWN_VIEW:
		return i < cat->n_views && view_depends_on(&cat->views[i], schema, table);
	case LS_OWN_COUNT:
		break;
	}
	return false;
}

static size_t owned_count(const ls_catalog *cat, ls_own_kind kind)
{
	return kind == LS_OWN_SEQUENCE ? cat->n_sequences :
		kind == LS_OWN_INDEX ? cat->n_indexes :
		kind == LS_OWN_VIEW ? cat->n_views : cat->n_tables;
}

static const void *owned_arr(const ls_catalog *cat, ls_own_kind kind)
{
	return kind == LS_OWN_SEQUENCE ? (const void *)cat->sequences :
		kind == LS_OWN_INDEX ? (const void *)cat->indexes :
		kind == LS_OWN_VIEW ? (const void *)cat->views : (const void *)cat->tables;
}

/* Index the foreign keys of table i. */
static bool fk_add_table(ls_catalog *cat, table *t, size_t i)
{
	const ls_table *o = &cat->tables[i];
	for (size_t j = 0; j < o->n_constraints; j++) {
		const ls_constraint *k = &o->constraints[j];
		if (k->type == 'f' && k->ref_schema && k->ref_table &&
				!insert(cat, t, hash_key(k->ref_schema, k->ref_table), i))
			return false;
	}
	return true;
}

/* Bring the owner table of kind up to date. Items not filled yet (an
 * index without its table) stop the catch-up; lookups scan from there. */
static bool sync_owned(ls_catalog *cat, builder *b, ls_own_kind kind)
{
	owner_table *o = &b->own[kind];
	table *t = &o->t;
	const void *arr = owned_arr(cat, kind);
	size_t n = owned_count(cat, kind);
	if (!t->built || t->gen != b->gen || t->arr != arr || n < t->n_indexed) {
		reset(t, arr, b->gen);
		o->n_pending = 0;
	}
	for (size_t p = 0; p < o->n_pending; p++)
		if (o->pending[p] < t->n_indexed && !fk_add_table(cat, t, o->pending[p]))
			goto nomem;
	o->n_pending = 0;
	for (; t->n_indexed < n; t->n_indexed++) {
		size_t i = t->n_indexed;
		if (kind == LS_OWN_SEQUENCE) {
			const ls_sequence *q = &cat->sequences[i];
			if (q->schema && q->owned_table &&
					!insert(cat, t, hash_key(q->schema, q->owned_table), i))
				goto nomem;
		} else if (kind == LS_OWN_INDEX) {
			const ls_index *x = &cat->indexes[i];
			if (!x->schema || !x->table)
				break;
			if (!insert(cat, t, hash_key(x->schema, x->table), i))
				goto nomem;
		} else if (kind == LS_OWN_VIEW) {
			if (!cat->views[i].schema || !cat->views[i].name)
				break;
			if (!view_add(cat, t, i))
				goto nomem;
		} else {
			if (!cat->tables[i].schema || !cat->tables[i].name)
				break;
			if (!fk_add_table(cat, t, i))
				goto nomem;
		}
	}
	return true;
nomem:
	t->built = false;
	return false;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

static long owned_linear(const ls_catalog *cat, ls_own_kind kind, const char *schema,
		const char *table, ls_arena *a, size_t **out)
{
	size_t n = owned_count(cat, kind), k = 0;
	*out = NULL;
	for (size_t i = 0; i < n; i++)
		k += owned_matches(cat, kind, i, schema, table);
	if (!k)
		return 0;
	if (!(*out = ls_arena_alloc(a, k * sizeof **out)))
		return LS_ENOMEM;
	k = 0;
	for (size_t i = 0; i < n; i++)
		if (owned_matches(cat, kind, i, schema, table))
			(*out)[k++] = i;
	return (long)k;
}

/* Hits of the hash and the unindexed tail, checked, sorted, unique; -1:
 * use the scan (suspended, out of memory). */
static long owned_indexed(ls_catalog *cat, ls_own_kind kind, const char *schema,
		const char *owner, ls_arena *a, size_t **out)
{
	builder *b = get_builder(cat);
	*out = NULL;
	if (!b || b->suspended || !sync_owned(cat, b, kind))
		return -1;
	const table *t = &b->own[kind].t;
	size_t n = owned_count(cat, kind), k = 0, cap = 0;
	size_t *v = NULL;
	uint32_t hs[2] = {hash_key(schema, owner), 0};
	int n_h = 1;
	if (kind == LS_OWN_VIEW) {
		/* keyed by the "schema.name" text, and "" for views without any */
		char *q = ls_arena_alloc(a, strlen(schema) + strlen(owner) + 2);
		if (!q)
			return -1;
		sprintf(q, "%s.%s", schema, owner);
		hs[0] = hash_key(NULL, q);
		hs[1] = hash_key(NULL, "");
		n_h = 2;
	}
	for (int e = 0; e < n_h; e++) {
		uint32_t h = hs[e];
		for (size_t j = t->cap ? h & (t->cap - 1) : 0; t->cap && t->slots[j].pos1;
				j = (j + 1) & (t->cap - 1)) {
			size_t p = t->slots[j].pos1 - 1;
			if (t->slots[j].hash != h || !owned_matches(cat, kind, p, schema, owner))
				continue;
			if (k == cap) {
				size_t *grown = ls_arena_alloc(a, (cap = cap ? cap * 2 : 8) * sizeof *grown);
				if (!grown)
					return -1;
				if (k)
					memcpy(grown, v, k * sizeof *v);
				v = grown;
			}
			v[k++] = p;
		}
	}
	for (size_t p = t->n_indexed; p < n; p++) {
		if (!owned_matches(cat, kind, p, schema, owner))
			continue;
		if (k == cap) {
			size_t *grown = ls_arena_alloc(a, (cap = cap ? cap * 2 : 8) * sizeof *grown);
			if (!grown)
				return -1;
			if (k)
				memcpy(grown, v, k * sizeof *v);
			v = grown;
		}
		v[k++] = p;
	}
	if (k > 1)
		qsort(v, k, sizeof *v, cmp_size);
	size_t u = 0;
	for (size_t i = 0; i < k; i++)
		if (!u || v[u - 1] != v[i])
			v[u++] = v[i];
	*out = v;
	return (long)u;
}

long ls_catalog_owned(ls_catalog *cat, ls_own_kind kind, const char *schema, const char *table,
		ls_arena *a, size_t **out)
{
	*out = NULL;
	if (!schema || !table || kind >= LS_OWN_COUNT)
		return 0;
	long got = owned_indexed(cat, kind, schema, table, a, out);
	if (got < 0)
		return owned_linear(cat, kind, schema, table, a, out);
#ifdef LS_SELF_CHECK
	size_t *want;
	long n = owned_linear(cat, kind, schema, table, a, &want);
	if (n >= 0 && (n != got || (n && memcmp(want, *out, (size_t)n * sizeof *want))))
		mismatch("owned by", schema, table, got, n);
#endif
	return got;
}

void ls_index_sequence_owned(ls_catalog *cat, const ls_sequence *sq)
{
	builder *b = cat->priv;
	if (!b || !sq->schema || !sq->owned_table)
		return;
	table *t = &b->own[LS_OWN_SEQUENCE].t;
	uintptr_t at = (uintptr_t)sq, base = (uintptr_t)cat->sequences;
	if (!t->built || t->gen != b->gen || t->arr != cat->sequences || at < base ||
			at >= base + t->n_indexed * sizeof *cat->sequences)
		return; /* rebuilt or caught up at its next use */
	if (!insert(cat, t, hash_key(sq->schema, sq->owned_table), (at - base) / sizeof *cat->sequences))
		t->built = false;
}

void ls_index_view_changed(ls_catalog *cat, const ls_view *v)
{
	builder *b = cat->priv;
	if (!b)
		return;
	table *t = &b->own[LS_OWN_VIEW].t;
	uintptr_t at = (uintptr_t)v, base = (uintptr_t)cat->views;
	if (!t->built || t->gen != b->gen || t->arr != cat->views || at < base ||
			at >= base + t->n_indexed * sizeof *cat->views)
		return;
	if (!view_add(cat, t, (at - base) / sizeof *cat->views))
		t->built = false;
}

/* A constraint was added to table t: its foreign keys are indexed at the
 * next catch-up (the constraint may not be filled yet). */
static void fk_announce(ls_catalog *cat, builder *b, const ls_table *t)
{
	owner_table *o = &b->own[LS_OWN_FK];
	uintptr_t at = (uintptr_t)t, base = (uintptr_t)cat->tables;
	if (!t || !o->t.built || o->t.gen != b->gen || o->t.arr != cat->tables || at < base ||
			at >= base + o->t.n_indexed * sizeof *cat->tables)
		return;
	if (o->n_pending == o->cap_pending) {
		size_t cap = o->cap_pending ? o->cap_pending * 2 : 16;
		size_t *grown = ls_arena_alloc(cat->arena, cap * sizeof *grown);
		if (!grown) {
			o->t.built = false;
			return;
		}
		if (o->n_pending)
			memcpy(grown, o->pending, o->n_pending * sizeof *grown);
		o->pending = grown;
		o->cap_pending = cap;
	}
	o->pending[o->n_pending++] = (at - base) / sizeof *cat->tables;
}

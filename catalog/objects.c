/* The catalog as a flat list of identified objects (objects.h). */
#define _POSIX_C_SOURCE 200809L
#include "objects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "name_index.h"

const char *ls_object_kind_word(const ls_object *o)
{
	switch (o->kind) {
	case LS_OBJECT_SCHEMA: return "schema";
	case LS_OBJECT_EXTENSION: return "extension";
	case LS_OBJECT_TYPE: {
		const ls_type *t = o->obj;
		return t->kind == LS_TYPE_ENUM ? "enum" : t->kind == LS_TYPE_DOMAIN ? "domain" : "type";
	}
	case LS_OBJECT_SEQUENCE: return "sequence";
	case LS_OBJECT_TABLE: return "table";
	case LS_OBJECT_COLUMN: return "column";
	case LS_OBJECT_INDEX: return "index";
	case LS_OBJECT_VIEW:
		return ((const ls_view *)o->obj)->materialized ? "materialized view" : "view";
	case LS_OBJECT_FUNCTION:
		return ((const ls_function *)o->obj)->kind == 'p' ? "procedure" : "function";
	case LS_OBJECT_COUNT: break;
	}
	return "object";
}

const char *ls_object_qualified(ls_arena *a, const ls_object *o)
{
	const char *name = ls_quote_ident(a, o->name);
	if (!name)
		return NULL;
	if (!o->schema)
		return name;
	const char *schema = ls_quote_ident(a, o->schema);
	if (!schema)
		return NULL;
	if (o->column) {
		const char *col = ls_quote_ident(a, o->column);
		return col ? ls_arena_printf(a, "%s.%s.%s", schema, name, col) : NULL;
	}
	if (o->signature)
		return ls_arena_printf(a, "%s.%s(%s)", schema, name, o->signature);
	return ls_arena_printf(a, "%s.%s", schema, name);
}

static int cmp_opt(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) : (a != NULL) - (b != NULL);
}

static int cmp_objects(const void *pa, const void *pb)
{
	const ls_object *a = pa, *b = pb;
	int c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = cmp_opt(a->schema, b->schema)) || (c = cmp_opt(a->name, b->name)) ||
			(c = cmp_opt(a->column, b->column)) || (c = cmp_opt(a->signature, b->signature)))
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

typedef struct objlist {
	ls_object *items;
	size_t n, cap;
	bool nomem;
} objlist;

static void add(objlist *l, ls_object o)
{
	if (l->nomem)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		ls_object *grown = ls_realloc(l->items, cap * sizeof *grown);
		if (!grown) {
			l->nomem = true;
			return;
		}
		l->items = grown;
		l->cap = cap;
	}
	l->items[l->n++] = o;
}

static void add_tables(objlist *l, const ls_catalog *cat)
{
	for (size_t i = 0; i < cat->n_tables; i++) {
		const ls_table *t = &cat->tables[i];
		add(l, (ls_object){LS_OBJECT_TABLE, t->id, t->schema, t->name, NULL, NULL, t});
		for (size_t j = 0; j < t->n_columns; j++)
			add(l, (ls_object){LS_OBJECT_COLUMN, t->columns[j].id, t->schema, t->name,
					t->columns[j].name, NULL, &t->columns[j]});
	}
}

int ls_catalog_objects(ls_object **out, size_t *n, ls_catalog *cat, ls_error *err)
{
	objlist l = {0};
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < cat->n_schemas; i++)
		add(&l, (ls_object){LS_OBJECT_SCHEMA, cat->schemas[i].id, NULL,
				cat->schemas[i].name, NULL, NULL, &cat->schemas[i]});
	for (size_t i = 0; i < cat->n_extensions; i++)
		add(&l, (ls_object){LS_OBJECT_EXTENSION, cat->extensions[i].id, NULL,
				cat->extensions[i].name, NULL, NULL, &cat->extensions[i]});
	for (size_t i = 0; i < cat->n_types; i++)
		add(&l, (ls_object){LS_OBJECT_TYPE, cat->types[i].id, cat->types[i].schema,
				cat->types[i].name, NULL, NULL, &cat->types[i]});
	for (size_t i = 0; i < cat->n_sequences; i++)
		add(&l, (ls_object){LS_OBJECT_SEQUENCE, cat->sequences[i].id,
				cat->sequences[i].schema, cat->sequences[i].name, NULL, NULL,
				&cat->sequences[i]});
	add_tables(&l, cat);
	for (size_t i = 0; i < cat->n_indexes; i++)
		if (!cat->indexes[i].parent_index)
			add(&l, (ls_object){LS_OBJECT_INDEX, cat->indexes[i].id, cat->indexes[i].schema,
					cat->indexes[i].name, NULL, NULL, &cat->indexes[i]});
	for (size_t i = 0; i < cat->n_views; i++)
		add(&l, (ls_object){LS_OBJECT_VIEW, cat->views[i].id, cat->views[i].schema,
				cat->views[i].name, NULL, NULL, &cat->views[i]});
	for (size_t i = 0; i < cat->n_functions; i++)
		add(&l, (ls_object){LS_OBJECT_FUNCTION, cat->functions[i].id,
				cat->functions[i].schema, cat->functions[i].name, NULL,
				cat->functions[i].identity_args, &cat->functions[i]});
	if (l.nomem) {
		free(l.items);
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	}
	if (l.n)
		qsort(l.items, l.n, sizeof *l.items, cmp_objects);
	*out = l.items;
	*n = l.n;
	return 0;
}

/* Write id into the model struct behind o. */
static void set_id(const ls_object *o, uint64_t id)
{
	void *p = (void *)o->obj;
	switch (o->kind) {
	case LS_OBJECT_SCHEMA: ((ls_schema *)p)->id = id; break;
	case LS_OBJECT_EXTENSION: ((ls_extension *)p)->id = id; break;
	case LS_OBJECT_TYPE: ((ls_type *)p)->id = id; break;
	case LS_OBJECT_SEQUENCE: ((ls_sequence *)p)->id = id; break;
	case LS_OBJECT_TABLE: ((ls_table *)p)->id = id; break;
	case LS_OBJECT_COLUMN: ((ls_column *)p)->id = id; break;
	case LS_OBJECT_INDEX: ((ls_index *)p)->id = id; break;
	case LS_OBJECT_VIEW: ((ls_view *)p)->id = id; break;
	case LS_OBJECT_FUNCTION: ((ls_function *)p)->id = id; break;
	case LS_OBJECT_COUNT: break;
	}
}

static int cmp_names(const ls_object *a, const ls_object *b)
{
	int c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = cmp_opt(a->schema, b->schema)) || (c = cmp_opt(a->name, b->name)) ||
			(c = cmp_opt(a->column, b->column)) || (c = cmp_opt(a->signature, b->signature)))
		return c;
	return 0;
}

int ls_catalog_adopt_ids(ls_catalog *cat, ls_catalog *from, ls_error *err)
{
	ls_object *mine = NULL, *theirs = NULL;
	size_t n = 0, m = 0;
	int rc;
	if ((rc = ls_catalog_objects(&mine, &n, cat, err)) < 0 ||
			(rc = ls_catalog_objects(&theirs, &m, from, err)) < 0)
		goto done;
	uint64_t next = cat->next_id > from->next_id ? cat->next_id : from->next_id;
	/* both lists are sorted by (kind, names, id): walk them together */
	for (size_t i = 0, j = 0; i < n; i++) {
		while (j < m && cmp_names(&theirs[j], &mine[i]) < 0)
			j++;
		if (j < m && cmp_names(&theirs[j], &mine[i]) == 0)
			set_id(&mine[i], theirs[j++].id);
		else
			set_id(&mine[i], next++);
	}
	cat->next_id = next;
	ls_catalog_touch(cat); /* tables are also found by id */
done:
	free(mine);
	free(theirs);
	return rc;
}

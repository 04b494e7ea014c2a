/* The schema script in pieces (script.h): the nodes sql.c orders, each
 * with its own SQL and a key, sorted by key for lookups. */
#define _POSIX_C_SOURCE 200809L
#include "sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "kind target len:schema len:name len:sub": lengths make it unambiguous
 * whatever the names hold. */
static const char *node_key(ls_arena *a, const sql_node *n)
{
	const char *sub = n->sub ? n->sub : "";
	sql_kind target = n->kind == SK_COMMENT || n->kind == SK_GRANT ||
		n->kind == SK_OWNED_BY ? n->target : n->kind;
	return ls_arena_printf(a, "%02d %02d %zu:%s %zu:%s %zu:%s", (int)n->kind, (int)target,
			strlen(n->schema), n->schema, strlen(n->name ? n->name : ""),
			n->name ? n->name : "", strlen(sub), sub);
}

static int cmp_key(const void *pa, const void *pb)
{
	const ls_script_node *a = pa, *b = pb;
	return strcmp(a->key, b->key);
}

int ls_catalog_script(ls_script **out, ls_catalog *cat, bool scatter, ls_error *err)
{
	sql_ctx cx = {.cat = cat, .scatter = scatter};
	ls_script *s = NULL;
	size_t *order = NULL;
	int rc;
	*out = NULL;
	if (ls_arena_new(&cx.a) < 0 || !(s = calloc(1, sizeof *s))) {
		rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	ls_catalog_sort(cat);
	if ((rc = sql_plan_nodes(&cx, &order, err)) < 0)
		goto done;
	size_t n = cx.n_nodes;
	ls_script_node *nodes = ls_arena_alloc(cx.a, (n + 1) * sizeof *nodes);
	size_t *where = ls_arena_alloc(cx.a, (n + 1) * sizeof *where);
	s->order = ls_arena_alloc(cx.a, (n + 1) * sizeof *s->order);
	if (!nodes || !where || !s->order)
		goto oom;
	for (size_t k = 0; k < n; k++) {
		const sql_node *sn = &cx.nodes[order[k]];
		ls_buf b = {.a = cx.a};
		sql_emit_node(&cx, sn, &b);
		ls_script_node *o = &nodes[order[k]];
		*o = (ls_script_node){
			.kind = (ls_script_kind)sn->kind, .target = (ls_script_kind)sn->target,
			.schema = sn->schema, .name = sn->name ? sn->name : "", .sub = sn->sub,
			.obj = sn->obj, .table = sn->table, .item = sn->item,
			.sql = b.s ? ls_arena_strdup(cx.a, b.s) : "", .rank = k,
		};
		o->key = node_key(cx.a, sn);
		free(b.s);
		if (b.failed || !o->sql || !o->key)
			goto oom;
		/* deps: node indexes for now, remapped after the sort */
		o->deps = sn->deps;
		o->n_deps = sn->n_deps;
	}
	/* sort by key; rank remembers each node's order position, which maps
	 * old indexes to new ones through where[] */
	size_t *old_of_rank = ls_arena_alloc(cx.a, (n + 1) * sizeof *old_of_rank);
	if (!old_of_rank)
		goto oom;
	for (size_t k = 0; k < n; k++)
		old_of_rank[k] = order[k];
	qsort(nodes, n, sizeof *nodes, cmp_key);
	for (size_t i = 0; i < n; i++)
		where[old_of_rank[nodes[i].rank]] = i;
	for (size_t i = 0; i < n; i++) {
		size_t *deps = ls_arena_alloc(cx.a, (nodes[i].n_deps + 1) * sizeof *deps);
		if (!deps)
			goto oom;
		for (size_t j = 0; j < nodes[i].n_deps; j++)
			deps[j] = where[nodes[i].deps[j]];
		nodes[i].deps = deps;
		s->order[nodes[i].rank] = i;
	}
	s->nodes = nodes;
	s->n_nodes = n;
	s->arena = cx.a;
	cx.a = NULL;
	*out = s;
	s = NULL;
	rc = 0;
	goto done;
oom:
	rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
done:
	ls_arena_free(cx.a);
	free(s);
	return rc;
}

void ls_script_free(ls_script *s)
{
	if (!s)
		return;
	ls_arena_free(s->arena);
	free(s);
}

const ls_script_node *ls_script_find(const ls_script *s, const char *key)
{
	size_t lo = 0, hi = s->n_nodes;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->nodes[mid].key, key);
		if (c == 0)
			return &s->nodes[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const ls_script_node *ls_script_find_object(const ls_script *s, ls_script_kind kind,
		const char *schema, const char *name, const char *sub)
{
	schema = schema ? schema : "";
	sub = sub ? sub : "";
	char key[1024];
	int n = snprintf(key, sizeof key, "%02d %02d %zu:%s %zu:%s %zu:%s", (int)kind, (int)kind,
			strlen(schema), schema, strlen(name), name, strlen(sub), sub);
	if (n >= 0 && (size_t)n < sizeof key)
		return ls_script_find(s, key);
	/* too long for the buffer: look without building the key (nothing is
	 * allocated, so nothing can fail) */
	for (size_t i = 0; i < s->n_nodes; i++) {
		const ls_script_node *x = &s->nodes[i];
		if (x->kind == kind && !strcmp(x->schema, schema) && !strcmp(x->name, name) &&
				!strcmp(x->sub, sub))
			return x;
	}
	return NULL;
}

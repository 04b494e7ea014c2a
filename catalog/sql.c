/* The catalog as one dependency-ordered schema script (ls_catalog_to_sql).
 *
 * As pg_dump does it (pg_dump_sort.c): nodes are pre-sorted by the
 * priority of their kind, then schema, name and sub-name, then sorted
 * topologically with a heap so that, among the nodes whose dependencies are
 * all written, the one first in the pre-sort goes next. A cycle is handed
 * to the fixer (a table default or CHECK that needs a function which needs
 * the table moves out of the CREATE TABLE); one it cannot break is
 * LS_ECYCLE naming its members.
 */
#define _POSIX_C_SOURCE 200809L
#include "sql.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- ordering --- */

/* Priority of each kind: lower goes first when dependencies allow. Views
 * and materialized views share one, so a view reading a materialized view
 * and the other way round both sort by name. */
static const int priority[] = {
	[SK_SCHEMA] = 1,
	[SK_EXTENSION] = 2,
	[SK_COLLATION] = 2,
	[SK_ENUM] = 3,
	[SK_COMPOSITE] = 4,
	[SK_DOMAIN] = 5,
	[SK_SEQUENCE] = 6,
	[SK_FUNCTION] = 7,
	[SK_TABLE] = 8,
	[SK_DEFAULT] = 9,
	[SK_OWNED_BY] = 10,
	[SK_KEY] = 11,
	[SK_INDEX] = 12,
	[SK_VIEW] = 13,
	[SK_MATVIEW] = 13,
	[SK_LATE_FUNCTION] = 14,
	[SK_CHECK] = 15,
	[SK_FOREIGN_KEY] = 16,
	[SK_TRIGGER] = 17,
	[SK_RLS] = 18,
	[SK_POLICY] = 19,
	[SK_COMMENT] = 20,
	[SK_GRANT] = 21,
	/* after every grant: the objects above have their privileges written
	 * out, not taken from the defaults */
	[SK_DEFAULT_ACL] = 22,
};
static_assert(sizeof priority / sizeof priority[0] == SK_COUNT,
		"one priority per sql_kind");

static int cmp_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* qsort has no context argument: the nodes being sorted. */
static const sql_node *sort_nodes;

/* DOTypeNameCompare: priority, schema, name, sub-name, then creation
 * order, which is itself deterministic (the catalog is sorted first). */
static int cmp_presort(const void *pa, const void *pb)
{
	size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
	const sql_node *a = &sort_nodes[ia], *b = &sort_nodes[ib];
	int c = priority[a->kind] - priority[b->kind];
	if (!c)
		c = a->rank - b->rank;
	if (!c)
		c = cmp_text(a->schema, b->schema);
	if (!c)
		c = cmp_text(a->name, b->name);
	if (!c)
		c = cmp_text(a->sub, b->sub);
	if (!c)
		c = (int)a->kind - (int)b->kind;
	return c ? c : (ia > ib) - (ia < ib);
}

/* A binary min-heap of node indices ordered by their pre-sort position. */
typedef struct heap {
	size_t *v;
	size_t n;
	const size_t *pos;
} heap;

static void heap_push(heap *h, size_t x)
{
	size_t i = h->n++;
	h->v[i] = x;
	while (i > 0 && h->pos[h->v[(i - 1) / 2]] > h->pos[h->v[i]]) {
		size_t p = (i - 1) / 2, t = h->v[p];
		h->v[p] = h->v[i];
		h->v[i] = t;
		i = p;
	}
}

static size_t heap_pop(heap *h)
{
	size_t top = h->v[0];
	h->v[0] = h->v[--h->n];
	for (size_t i = 0;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && h->pos[h->v[l]] < h->pos[h->v[m]])
			m = l;
		if (r < h->n && h->pos[h->v[r]] < h->pos[h->v[m]])
			m = r;
		if (m == i)
			break;
		size_t t = h->v[m];
		h->v[m] = h->v[i];
		h->v[i] = t;
		i = m;
	}
	return top;
}

/* The sort's working arrays, all in the scratch arena. */
typedef struct topo {
	size_t *pos;      /* pre-sort position of each node */
	size_t *indeg;    /* dependencies not yet written */
	size_t *first;    /* dependents of node i: users[first[i] .. first[i+1]) */
	size_t *users;
	size_t *order;    /* the result */
	size_t n_order;
} topo;

/* Pre-sort positions and the reverse edges (who depends on each node). */
static int topo_prepare(sql_ctx *cx, topo *t)
{
	size_t n = cx->n_nodes, edges = 0;
	size_t *perm = ls_arena_alloc(cx->a, (n + 1) * sizeof *perm);
	t->pos = ls_arena_alloc(cx->a, (n + 1) * sizeof *t->pos);
	t->indeg = ls_arena_alloc(cx->a, (n + 1) * sizeof *t->indeg);
	t->first = ls_arena_alloc(cx->a, (n + 2) * sizeof *t->first);
	t->order = ls_arena_alloc(cx->a, (n + 1) * sizeof *t->order);
	for (size_t i = 0; i < n; i++)
		edges += cx->nodes[i].n_deps;
	t->users = ls_arena_alloc(cx->a, (edges + 1) * sizeof *t->users);
	if (!perm || !t->pos || !t->indeg || !t->first || !t->order || !t->users)
		return LS_ENOMEM;
	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	sort_nodes = cx->nodes;
	qsort(perm, n, sizeof *perm, cmp_presort);
	for (size_t k = 0; k < n; k++)
		t->pos[perm[k]] = k;
	for (size_t i = 0; i < n; i++) {
		t->indeg[i] = cx->nodes[i].n_deps;
		for (size_t j = 0; j < cx->nodes[i].n_deps; j++)
			t->first[cx->nodes[i].deps[j] + 1]++;
	}
	for (size_t i = 0; i < n; i++)
		t->first[i + 1] += t->first[i];
	size_t *fill = perm; /* reused: next free slot per node */
	for (size_t i = 0; i < n; i++)
		fill[i] = t->first[i];
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < cx->nodes[i].n_deps; j++)
			t->users[fill[cx->nodes[i].deps[j]]++] = i;
	return 0;
}

/* TopoSort: Kahn's algorithm taking the ready node first in the pre-sort.
 * On return t->n_order < n_nodes means a cycle among the nodes left. */
static int topo_sort(sql_ctx *cx, topo *t)
{
	int rc = topo_prepare(cx, t);
	if (rc < 0)
		return rc;
	heap h = {.v = ls_arena_alloc(cx->a, (cx->n_nodes + 1) * sizeof *h.v), .pos = t->pos};
	if (!h.v)
		return LS_ENOMEM;
	for (size_t i = 0; i < cx->n_nodes; i++)
		if (t->indeg[i] == 0)
			heap_push(&h, i);
	t->n_order = 0;
	while (h.n > 0) {
		size_t i = heap_pop(&h);
		t->order[t->n_order++] = i;
		for (size_t k = t->first[i]; k < t->first[i + 1]; k++)
			if (--t->indeg[t->users[k]] == 0)
				heap_push(&h, t->users[k]);
	}
	return 0;
}

/* Walk unwritten dependencies from a node left over until one repeats:
 * that loop is a cycle. Its members go to cyc (at most max), first the
 * node where the loop closes. Returns the count. */
static size_t find_cycle(const sql_ctx *cx, const topo *t, size_t *cyc, size_t max,
		size_t *seen_at)
{
	size_t start = SQL_NONE;
	for (size_t i = 0; i < cx->n_nodes && start == SQL_NONE; i++)
		if (t->indeg[i] > 0)
			start = i;
	for (size_t i = 0; i < cx->n_nodes; i++)
		seen_at[i] = SQL_NONE;
	size_t path = 0, cur = start;
	while (cur != SQL_NONE && seen_at[cur] == SQL_NONE) {
		seen_at[cur] = path++;
		size_t next = SQL_NONE;
		const sql_node *nd = &cx->nodes[cur];
		for (size_t j = 0; j < nd->n_deps && next == SQL_NONE; j++)
			if (t->indeg[nd->deps[j]] > 0)
				next = nd->deps[j];
		cur = next;
	}
	size_t n = 0;
	for (size_t i = 0; cur != SQL_NONE && i < cx->n_nodes; i++)
		if (seen_at[i] != SQL_NONE && seen_at[i] >= seen_at[cur] && n < max)
			cyc[n++] = i;
	return n;
}

static const char *const kind_word[] = {
	[SK_SCHEMA] = "schema", [SK_EXTENSION] = "extension", [SK_COLLATION] = "collation",
	[SK_ENUM] = "type",
	[SK_COMPOSITE] = "type", [SK_DOMAIN] = "domain", [SK_SEQUENCE] = "sequence",
	[SK_FUNCTION] = "function", [SK_TABLE] = "table", [SK_DEFAULT] = "default of",
	[SK_OWNED_BY] = "ownership of", [SK_KEY] = "constraint", [SK_INDEX] = "index",
	[SK_VIEW] = "view", [SK_MATVIEW] = "materialized view",
	[SK_LATE_FUNCTION] = "function", [SK_CHECK] = "constraint",
	[SK_FOREIGN_KEY] = "constraint", [SK_TRIGGER] = "trigger", [SK_RLS] = "row security of",
	[SK_POLICY] = "policy", [SK_COMMENT] = "comment on", [SK_GRANT] = "privileges on",
	[SK_DEFAULT_ACL] = "default privileges of",
};
static_assert(sizeof kind_word / sizeof kind_word[0] == SK_COUNT,
		"one word per sql_kind");

/* LS_ECYCLE naming the members of one cycle. */
static int cycle_error(const sql_ctx *cx, const size_t *cyc, size_t n, ls_error *err)
{
	char msg[600];
	size_t len = (size_t)snprintf(msg, sizeof msg, "dependency cycle that cannot be broken:");
	for (size_t k = 0; k < n && len < sizeof msg; k++) {
		const sql_node *nd = &cx->nodes[cyc[k]];
		len += (size_t)snprintf(msg + len, sizeof msg - len, "%s %s %s%s%s%s%s",
				k ? "," : "", kind_word[nd->kind], nd->schema && *nd->schema ? nd->schema : "",
				nd->schema && *nd->schema ? "." : "", nd->name ? nd->name : "",
				nd->sub && *nd->sub ? "." : "", nd->sub ? nd->sub : "");
	}
	return ls_error_set(err, LS_ECYCLE, NULL, 0, 0, "%s", msg);
}

/* Sort, breaking cycles with the fixer until none is left. On success
 * t->order holds every node. */
static int order_nodes(sql_ctx *cx, topo *t, ls_error *err)
{
	for (;;) {
		int rc = topo_sort(cx, t);
		if (rc < 0)
			return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		if (t->n_order == cx->n_nodes)
			return 0;
		size_t *cyc = ls_arena_alloc(cx->a, (cx->n_nodes + 1) * sizeof *cyc);
		size_t *seen = ls_arena_alloc(cx->a, (cx->n_nodes + 1) * sizeof *seen);
		if (!cyc || !seen)
			return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		size_t n = find_cycle(cx, t, cyc, cx->n_nodes, seen);
		int fixed = 0;
		for (size_t k = 0; k < n && fixed == 0; k++)
			if (cx->nodes[cyc[k]].kind == SK_TABLE)
				fixed = sql_split_table(cx, cyc[k]);
		if (fixed < 0)
			return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		if (fixed == 0)
			return cycle_error(cx, cyc, n < 16 ? n : 16, err);
	}
}

/* What every script starts with: pg_dump's settings, then search_path
 * (search_path_line). */
static const char preamble[] =
	"-- Schema script written by lockstep: run it on an empty database,\n"
	"-- e.g. psql -v ON_ERROR_STOP=1 -f FILE.\n"
	"SET client_encoding = 'UTF8';\n"
	"SET standard_conforming_strings = on;\n"
	"SET check_function_bodies = false;\n";

/* Whether an extension of the catalog lives in schema. */
static bool holds_extension(const ls_catalog *cat, const char *schema)
{
	for (size_t i = 0; i < cat->n_extensions; i++)
		if (strcmp(cat->extensions[i].schema, schema) == 0)
			return true;
	return false;
}

/* search_path for the script: empty, so that every name the script
 * creates is qualified; but the model keeps extension functions, operators
 * and operator classes as the user wrote them (gen_random_uuid(),
 * gin_trgm_ops), resolved through the user's search_path. So the schemas
 * of that path (the catalog's, in its order) that hold extensions stay on
 * it, and only those: an operator of an extension the user did not have on
 * the path must keep resolving to pg_catalog's. */
static void search_path_line(const ls_catalog *cat, ls_buf *b)
{
	ls_buf path = {.a = b->a};
	for (size_t i = 0; i < cat->n_search_path; i++) {
		const char *s = cat->search_path[i];
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(cat->search_path[j], s) == 0;
		if (seen || !holds_extension(cat, s))
			continue;
		ls_buf_put(&path, path.len ? ", " : "");
		ls_buf_ident(&path, s);
	}
	b->failed = b->failed || path.failed;
	ls_buf_put(b, "SELECT pg_catalog.set_config('search_path', ");
	ls_buf_literal(b, path.s ? path.s : "");
	ls_buf_put(b, ", false);\n");
	free(path.s);
}

int sql_plan_nodes(sql_ctx *cx, size_t **order, ls_error *err)
{
	topo t = {0};
	int rc = sql_collect(cx);
	if (rc == 0)
		rc = sql_link(cx);
	/* a name that could not be built is a dependency missed: fail whole */
	if (rc == 0 && ls_arena_failed(cx->a))
		rc = LS_ENOMEM;
	if (rc < 0)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if ((rc = order_nodes(cx, &t, err)) < 0)
		return rc;
	*order = t.order;
	return 0;
}

/* Collect, link, order and write. The script lands in b. */
static int write_script(sql_ctx *cx, ls_buf *b, ls_error *err)
{
	size_t *order = NULL;
	int rc = sql_plan_nodes(cx, &order, err);
	if (rc < 0)
		return rc;
	ls_buf_put(b, preamble);
	search_path_line(cx->cat, b);
	for (size_t k = 0; k < cx->n_nodes; k++) {
		ls_buf_put(b, "\n");
		sql_emit_node(cx, &cx->nodes[order[k]], b);
	}
	if (b->failed || ls_arena_failed(cx->a))
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	return 0;
}

int ls_catalog_to_sql(char **out, ls_catalog *cat, ls_error *err)
{
	sql_ctx cx = {.cat = cat};
	ls_buf b = {0};
	int rc;
	*out = NULL;
	if (ls_arena_new(&cx.a) < 0) {
		rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	b.a = cx.a;
	ls_catalog_sort(cat);
	if ((rc = write_script(&cx, &b, err)) < 0)
		goto done;
	*out = b.s;
	b.s = NULL;
done:
	free(b.s);
	ls_arena_free(cx.a);
	return rc;
}

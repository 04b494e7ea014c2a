/* What a stored text reads (ls_catalog_reads, catalog.h).
 *
 * PostgreSQL takes AccessShareLock on every relation of a query's range
 * table when it parses the query (parse analysis opens each one), and on
 * every relation a view's rule reads when the rewriter expands the view for
 * a query that runs (AcquireRewriteLocks). A function with a SQL-standard
 * body keeps its body parsed; when the function runs, the SQL function
 * executor takes the locks of that stored tree. Any other body (plpgsql,
 * LANGUAGE sql given as a string, C) is text the server plans only when it
 * runs it, and what it reads then depends on what it executes: that is not
 * knowable offline, and the result says so (ls_reads.opaque) rather than
 * guessing.
 *
 * Canonical texts name every relation and every function of the catalog
 * schema-qualified, so a RangeVar without a schema is a CTE's name and a
 * one-part function name is a built-in one.
 */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "rewrite.h"

#include <string.h>

/* Views and function bodies nest; a cycle (a function reading a view that
 * calls it) cannot be created, but a hostile catalog may hold one. */
#define READS_MAX_DEPTH 32

typedef struct reads {
	ls_catalog *cat;
	ls_arena *a;
	ls_reads *out;
	bool run;
	bool failed;            /* out of memory */
	bool unparsed;          /* a text did not parse as its kind */
	const void **seen;      /* views and functions already followed */
	size_t n_seen;
	int depth;
} reads;

static void add_relation(reads *r, const char *schema, const char *name)
{
	const char *q = ls_arena_printf(r->a, "%s.%s", ls_quote_ident(r->a, schema),
			ls_quote_ident(r->a, name));
	if (!q || ls_arena_failed(r->a)) {
		r->failed = true;
		return;
	}
	for (size_t i = 0; i < r->out->n_relations; i++)
		if (!strcmp(r->out->relations[i], q))
			return;
	const char **slot = ls_arena_push(r->a, (void **)&r->out->relations, &r->out->n_relations,
			sizeof *slot);
	if (!slot)
		r->failed = true;
	else
		*slot = q;
}

/* Whether p was followed already; marks it followed otherwise. */
static bool seen(reads *r, const void *p)
{
	for (size_t i = 0; i < r->n_seen; i++)
		if (r->seen[i] == p)
			return true;
	const void **slot = ls_arena_push(r->a, (void **)&r->seen, &r->n_seen, sizeof *slot);
	if (!slot)
		r->failed = true;
	else
		*slot = p;
	return false;
}

static void text_reads(reads *r, const char *text, ls_reads_kind kind);

static void relation_read(reads *r, const PgQuery__RangeVar *rv)
{
	if (!rv->schemaname[0] || !rv->relname[0])
		return;
	ls_view *v = ls_catalog_find_view(r->cat, rv->schemaname, rv->relname);
	if (!v && !ls_catalog_find_table(r->cat, rv->schemaname, rv->relname) &&
			!ls_catalog_find_sequence(r->cat, rv->schemaname, rv->relname))
		return;
	add_relation(r, rv->schemaname, rv->relname);
	/* a view runs as its query; a materialized view is scanned as it is */
	if (r->run && v && !v->materialized && !seen(r, v))
		text_reads(r, v->definition, LS_READS_QUERY);
}

/* A call of schema.name when the text runs: every function of that name
 * (the call's argument types are not resolved here, so all overloads
 * count). */
static void function_called(reads *r, const PgQuery__FuncCall *fc)
{
	if (!r->run || fc->n_funcname != 2 ||
			fc->funcname[0]->node_case != PG_QUERY__NODE__NODE_STRING ||
			fc->funcname[1]->node_case != PG_QUERY__NODE__NODE_STRING)
		return;
	const char *schema = fc->funcname[0]->string->sval;
	const char *name = fc->funcname[1]->string->sval;
	for (size_t i = 0; i < r->cat->n_functions; i++) {
		const ls_function *f = &r->cat->functions[i];
		if (strcmp(f->schema, schema) || strcmp(f->name, name) || f->kind == 'a')
			continue;
		if (!ls_function_has_sql_body(f))
			r->out->opaque = true;
		else if (!seen(r, f))
			text_reads(r, f->body, LS_READS_BODY);
	}
}

static void reads_of(ProtobufCMessage *m, void *ctx)
{
	reads *r = ctx;
	if (r->failed)
		return;
	if (m->descriptor == &pg_query__range_var__descriptor)
		relation_read(r, (const PgQuery__RangeVar *)m);
	else if (m->descriptor == &pg_query__func_call__descriptor)
		function_called(r, (const PgQuery__FuncCall *)m);
}

static void text_reads(reads *r, const char *text, ls_reads_kind kind)
{
	if (!text || r->failed || r->depth >= READS_MAX_DEPTH)
		return;
	pgnode *root = NULL;
	PgQuery__ParseResult *tree;
	if (kind == LS_READS_QUERY) {
		tree = ls_parse_tree(text);
		root = tree && tree->n_stmts == 1 ? tree->stmts[0]->stmt : NULL;
	} else if (kind == LS_READS_BODY) {
		tree = ls_parse_sql_body(text, &root);
	} else {
		tree = ls_parse_expr(text, &root);
	}
	/* canonical texts parse: one that does not is a parser that ran out
	 * of memory (the parser does not say which), or a hostile store */
	if (!root)
		r->unparsed = true;
	r->depth++;
	if (root)
		ls_each_message(&root->base, reads_of, r);
	r->depth--;
	ls_expr_free(tree);
}

/* Whether a body is SQL-standard, as ls_function_has_sql_body tells from
 * its text alone. */
static bool sql_standard(const char *body)
{
	return !strncmp(body, "RETURN ", 7) || !strncmp(body, "BEGIN ATOMIC\n", 13);
}

int ls_catalog_reads(ls_catalog *cat, const char *text, ls_reads_kind kind, unsigned flags,
		ls_arena *a, ls_reads *out)
{
	*out = (ls_reads){0};
	reads r = {.cat = cat, .a = a, .out = out, .run = (flags & LS_READS_RUN) != 0};
	/* a body that is not SQL-standard is not parsed on CREATE: nothing */
	if (!text || (kind == LS_READS_BODY && !sql_standard(text)))
		return 0;
	text_reads(&r, text, kind);
	if (r.failed || r.unparsed) {
		*out = (ls_reads){0};
		return r.failed ? LS_ENOMEM : LS_EPARSE;
	}
	return 0;
}

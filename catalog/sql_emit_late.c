/* Writing the nodes that follow the tables: constraints, indexes, views,
 * triggers, row-level security, policies, comments and privileges. */
#define _POSIX_C_SOURCE 200809L
#include "sql.h"

#include <stdlib.h>
#include <string.h>

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static void ident_list(sql_buf *b, const char *const *names, size_t n)
{
	sql_put(b, "(");
	for (size_t i = 0; i < n; i++) {
		sql_put(b, i ? ", " : "");
		sql_ident(b, names[i]);
	}
	sql_put(b, ")");
}

static void deferrable(sql_buf *b, bool def, bool deferred)
{
	if (def)
		sql_put(b, deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE");
}

/* The index behind constraint name of t, or NULL. */
static const ls_index *backing_index(const ls_catalog *cat, const ls_table *t, const char *name)
{
	for (size_t i = 0; i < cat->n_indexes; i++) {
		const ls_index *x = &cat->indexes[i];
		if (same(x->schema, t->schema) && same(x->table, t->name) && same(x->constraint, name))
			return x;
	}
	return NULL;
}

/* PRIMARY KEY, UNIQUE, EXCLUDE: the key from the constraint, INCLUDE,
 * storage parameters and (EXCLUDE) the predicate from its index. */
void sql_emit_key(const sql_ctx *cx, const sql_node *n, sql_buf *b)
{
	const ls_table *t = n->table;
	const ls_constraint *k = &t->constraints[n->item];
	const ls_index *x = backing_index(cx->cat, t, k->name);
	sql_alter_table(b, t);
	sql_put(b, "\n    ADD CONSTRAINT ");
	sql_ident(b, k->name);
	if (k->type == 'x') {
		sql_printf(b, " EXCLUDE %s", k->exclusion ? k->exclusion : "");
	} else {
		sql_put(b, k->type == 'p' ? " PRIMARY KEY " :
				k->nulls_not_distinct ? " UNIQUE NULLS NOT DISTINCT " : " UNIQUE ");
		ident_list(b, k->columns, k->n_columns);
	}
	if (x && x->n_include) {
		sql_put(b, " INCLUDE ");
		ident_list(b, x->include, x->n_include);
	}
	if (x && x->n_options) {
		sql_put(b, " ");
		sql_options(b, x->options, x->n_options);
	}
	if (k->type == 'x' && x && x->where && !(k->exclusion && strstr(k->exclusion, " WHERE ")))
		sql_printf(b, " WHERE (%s)", x->where);
	deferrable(b, k->deferrable, k->deferred);
	sql_put(b, ";\n");
}

void sql_emit_check(const sql_node *n, sql_buf *b)
{
	const ls_constraint *k = &n->table->constraints[n->item];
	sql_alter_table(b, n->table);
	sql_put(b, "\n    ADD CONSTRAINT ");
	sql_ident(b, k->name);
	sql_printf(b, " CHECK (%s)%s%s;\n", k->expr, k->no_inherit ? " NO INHERIT" : "",
			k->valid ? "" : " NOT VALID");
}

static const char *fk_action(char a)
{
	switch (a) {
	case 'r': return "RESTRICT";
	case 'c': return "CASCADE";
	case 'n': return "SET NULL";
	case 'd': return "SET DEFAULT";
	default: return NULL; /* 'a' NO ACTION, the default */
	}
}

void sql_emit_foreign_key(const sql_node *n, sql_buf *b)
{
	const ls_constraint *k = &n->table->constraints[n->item];
	sql_alter_table(b, n->table);
	sql_put(b, "\n    ADD CONSTRAINT ");
	sql_ident(b, k->name);
	sql_put(b, " FOREIGN KEY ");
	ident_list(b, k->columns, k->n_columns);
	sql_put(b, " REFERENCES ");
	sql_qname(b, k->ref_schema, k->ref_table);
	if (k->n_ref_columns)
		ident_list(b, k->ref_columns, k->n_ref_columns);
	if (k->match == 'f' || k->match == 'p')
		sql_put(b, k->match == 'f' ? " MATCH FULL" : " MATCH PARTIAL");
	if (fk_action(k->on_update))
		sql_printf(b, " ON UPDATE %s", fk_action(k->on_update));
	if (fk_action(k->on_delete))
		sql_printf(b, " ON DELETE %s", fk_action(k->on_delete));
	deferrable(b, k->deferrable, k->deferred);
	sql_put(b, k->valid ? ";\n" : " NOT VALID;\n");
}

/* CREATE INDEX on the table (not ONLY: on a partitioned table it reaches
 * the partitions, as the model has it). */
void sql_emit_index(const ls_index *x, sql_buf *b)
{
	sql_put(b, x->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	sql_ident(b, x->name);
	sql_put(b, " ON ");
	sql_qname(b, x->schema, x->table);
	sql_printf(b, " USING %s (", x->method ? x->method : "btree");
	for (size_t i = 0; i < x->n_keys; i++) {
		const ls_index_key *k = &x->keys[i];
		sql_put(b, i ? ", " : "");
		if (k->column)
			sql_ident(b, k->column);
		else
			sql_printf(b, "(%s)", k->expr ? k->expr : "");
		if (k->collation)
			sql_printf(b, " COLLATE %s", k->collation);
		if (k->opclass)
			sql_printf(b, " %s", k->opclass);
		sql_put(b, k->desc ? " DESC" : "");
		if (k->nulls_first != k->desc)
			sql_put(b, k->nulls_first ? " NULLS FIRST" : " NULLS LAST");
	}
	sql_put(b, ")");
	if (x->n_include) {
		sql_put(b, " INCLUDE ");
		ident_list(b, x->include, x->n_include);
	}
	sql_put(b, x->nulls_not_distinct ? " NULLS NOT DISTINCT" : "");
	if (x->n_options) {
		sql_put(b, " ");
		sql_options(b, x->options, x->n_options);
	}
	if (x->where)
		sql_printf(b, " WHERE (%s)", x->where);
	sql_put(b, ";\n");
}

void sql_emit_view(const ls_view *v, sql_buf *b)
{
	sql_put(b, v->materialized ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ");
	sql_qname(b, v->schema, v->name);
	if (v->n_columns) {
		sql_put(b, " ");
		ident_list(b, v->columns, v->n_columns);
	}
	if (v->n_options) {
		sql_put(b, " ");
		sql_options(b, v->options, v->n_options);
	}
	const char *def = v->definition ? v->definition : "";
	size_t len = strlen(def);
	while (len > 0 && (def[len - 1] == ';' || def[len - 1] == ' ' || def[len - 1] == '\n'))
		len--;
	sql_put(b, " AS\n");
	sql_putn(b, def, len);
	if (v->materialized)
		sql_put(b, v->with_data ? "\n  WITH DATA" : "\n  WITH NO DATA");
	else if (v->check_option)
		sql_printf(b, "\n  WITH %s CHECK OPTION", v->check_option);
	sql_put(b, ";\n");
}

void sql_emit_trigger(const sql_node *n, sql_buf *b)
{
	const ls_table *t = n->table;
	const ls_trigger *g = &t->triggers[n->item];
	sql_put(b, g->constraint_trigger ? "CREATE CONSTRAINT TRIGGER " : "CREATE TRIGGER ");
	sql_ident(b, g->name);
	sql_printf(b, " %s %s ON ", g->timing, g->events);
	sql_qname(b, t->schema, t->name);
	deferrable(b, g->deferrable, g->deferred);
	sql_put(b, g->for_each_row ? " FOR EACH ROW" : " FOR EACH STATEMENT");
	if (g->when)
		sql_printf(b, " WHEN (%s)", g->when);
	sql_printf(b, " EXECUTE FUNCTION %s(", g->function);
	for (size_t i = 0; i < g->n_args; i++) {
		sql_put(b, i ? ", " : "");
		sql_literal(b, g->args[i]);
	}
	sql_put(b, ");\n");
	if (g->enabled == 'O' || g->enabled == '\0')
		return;
	sql_put(b, "ALTER TABLE ");
	sql_qname(b, t->schema, t->name);
	sql_put(b, g->enabled == 'D' ? " DISABLE TRIGGER " :
			g->enabled == 'R' ? " ENABLE REPLICA TRIGGER " : " ENABLE ALWAYS TRIGGER ");
	sql_ident(b, g->name);
	sql_put(b, ";\n");
}

static void grantee(sql_buf *b, const char *role)
{
	if (same(role, "PUBLIC"))
		sql_put(b, "PUBLIC");
	else
		sql_ident(b, role);
}

void sql_emit_policy(const sql_node *n, sql_buf *b)
{
	const ls_table *t = n->table;
	const ls_policy *p = &t->policies[n->item];
	sql_put(b, "CREATE POLICY ");
	sql_ident(b, p->name);
	sql_put(b, " ON ");
	sql_qname(b, t->schema, t->name);
	sql_put(b, p->permissive ? "" : " AS RESTRICTIVE");
	if (p->command && strcmp(p->command, "ALL") != 0)
		sql_printf(b, " FOR %s", p->command);
	bool only_public = p->n_roles == 0 || (p->n_roles == 1 && same(p->roles[0], "PUBLIC"));
	for (size_t i = 0; !only_public && i < p->n_roles; i++) {
		sql_put(b, i ? ", " : " TO ");
		grantee(b, p->roles[i]);
	}
	if (p->using_expr)
		sql_printf(b, " USING (%s)", p->using_expr);
	if (p->check_expr)
		sql_printf(b, " WITH CHECK (%s)", p->check_expr);
	sql_put(b, ";\n");
}

void sql_emit_rls(const ls_table *t, sql_buf *b)
{
	for (int force = 0; force < 2; force++) {
		if (!(force ? t->rls_forced : t->rls_enabled))
			continue;
		sql_put(b, "ALTER TABLE ");
		sql_qname(b, t->schema, t->name);
		sql_put(b, force ? " FORCE ROW LEVEL SECURITY;\n" : " ENABLE ROW LEVEL SECURITY;\n");
	}
}

/* Writing the nodes that follow the tables: constraints, indexes, views,
 * triggers, row-level security, policies, comments and privileges. */
#define _POSIX_C_SOURCE 200809L
#include "sql.h"

#include <stdlib.h>
#include <string.h>

#include "lockstep/str.h"

static void ident_list(ls_buf *b, const char *const *names, size_t n)
{
	ls_buf_put(b, "(");
	for (size_t i = 0; i < n; i++) {
		ls_buf_put(b, i ? ", " : "");
		ls_buf_ident(b, names[i]);
	}
	ls_buf_put(b, ")");
}

static void deferrable(ls_buf *b, bool def, bool deferred)
{
	if (def)
		ls_buf_put(b, deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE");
}

/* PRIMARY KEY, UNIQUE, EXCLUDE: the key from the constraint, INCLUDE,
 * storage parameters and (EXCLUDE) the predicate from its index. */
void sql_emit_key(const sql_ctx *cx, const sql_node *n, ls_buf *b)
{
	const ls_table *t = n->table;
	const ls_constraint *k = &t->constraints[n->item];
	const ls_index *x = sql_backing_index(cx, t, k->name);
	sql_alter_table(b, t);
	ls_buf_put(b, "\n    ADD CONSTRAINT ");
	ls_buf_ident(b, k->name);
	if (k->type == 'x') {
		ls_buf_printf(b, " EXCLUDE %s", k->exclusion ? k->exclusion : "");
	} else {
		ls_buf_put(b, k->type == 'p' ? " PRIMARY KEY " :
				k->nulls_not_distinct ? " UNIQUE NULLS NOT DISTINCT " : " UNIQUE ");
		ident_list(b, k->columns, k->n_columns);
	}
	if (x && x->n_include) {
		ls_buf_put(b, " INCLUDE ");
		ident_list(b, x->include, x->n_include);
	}
	if (x && x->n_options) {
		ls_buf_put(b, " ");
		sql_options(b, x->options, x->n_options);
	}
	if (k->type == 'x' && x && x->where && !(k->exclusion && strstr(k->exclusion, " WHERE ")))
		ls_buf_printf(b, " WHERE (%s)", x->where);
	deferrable(b, k->deferrable, k->deferred);
	ls_buf_put(b, ";\n");
}

void sql_emit_check(const sql_ctx *cx, const sql_node *n, ls_buf *b)
{
	const ls_constraint *k = &n->table->constraints[n->item];
	(void)cx;
	/* a CHECK that inheritance children would get reaches them (the
	 * server refuses ONLY on a parent); the same text with or without
	 * children, so a child added or dropped does not change it */
	if (!k->no_inherit) {
		ls_buf_put(b, "ALTER TABLE ");
		ls_buf_qname(b, n->table->schema, n->table->name);
	} else {
		sql_alter_table(b, n->table);
	}
	ls_buf_put(b, "\n    ADD CONSTRAINT ");
	ls_buf_ident(b, k->name);
	ls_buf_printf(b, " CHECK (%s)%s%s;\n", k->expr, k->no_inherit ? " NO INHERIT" : "",
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

void sql_emit_foreign_key(const sql_node *n, ls_buf *b)
{
	const ls_constraint *k = &n->table->constraints[n->item];
	sql_alter_table(b, n->table);
	ls_buf_put(b, "\n    ADD CONSTRAINT ");
	ls_buf_ident(b, k->name);
	ls_buf_put(b, " FOREIGN KEY ");
	ident_list(b, k->columns, k->n_columns);
	ls_buf_put(b, " REFERENCES ");
	ls_buf_qname(b, k->ref_schema, k->ref_table);
	if (k->n_ref_columns)
		ident_list(b, k->ref_columns, k->n_ref_columns);
	if (k->match == 'f' || k->match == 'p')
		ls_buf_put(b, k->match == 'f' ? " MATCH FULL" : " MATCH PARTIAL");
	if (fk_action(k->on_update))
		ls_buf_printf(b, " ON UPDATE %s", fk_action(k->on_update));
	if (fk_action(k->on_delete))
		ls_buf_printf(b, " ON DELETE %s", fk_action(k->on_delete));
	deferrable(b, k->deferrable, k->deferred);
	ls_buf_put(b, k->valid ? ";\n" : " NOT VALID;\n");
}

/* CREATE INDEX on the table (not ONLY: on a partitioned table it reaches
 * the partitions, as the model has it). */
void sql_emit_index(const ls_index *x, ls_buf *b)
{
	ls_buf_put(b, x->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	ls_buf_ident(b, x->name);
	ls_buf_put(b, " ON ");
	ls_buf_qname(b, x->schema, x->table);
	ls_buf_printf(b, " USING %s (", x->method ? x->method : "btree");
	for (size_t i = 0; i < x->n_keys; i++) {
		const ls_index_key *k = &x->keys[i];
		ls_buf_put(b, i ? ", " : "");
		if (k->column)
			ls_buf_ident(b, k->column);
		else
			ls_buf_printf(b, "(%s)", k->expr ? k->expr : "");
		if (k->collation)
			ls_buf_printf(b, " COLLATE %s", k->collation);
		if (k->opclass)
			ls_buf_printf(b, " %s", k->opclass);
		ls_buf_put(b, k->desc ? " DESC" : "");
		if (k->nulls_first != k->desc)
			ls_buf_put(b, k->nulls_first ? " NULLS FIRST" : " NULLS LAST");
	}
	ls_buf_put(b, ")");
	if (x->n_include) {
		ls_buf_put(b, " INCLUDE ");
		ident_list(b, x->include, x->n_include);
	}
	ls_buf_put(b, x->nulls_not_distinct ? " NULLS NOT DISTINCT" : "");
	if (x->n_options) {
		ls_buf_put(b, " ");
		sql_options(b, x->options, x->n_options);
	}
	if (x->where)
		ls_buf_printf(b, " WHERE (%s)", x->where);
	ls_buf_put(b, ";\n");
}

void sql_emit_view(const ls_view *v, ls_buf *b)
{
	ls_buf_put(b, v->materialized ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ");
	ls_buf_qname(b, v->schema, v->name);
	if (v->n_columns) {
		ls_buf_put(b, " ");
		ident_list(b, v->columns, v->n_columns);
	}
	if (v->n_options) {
		ls_buf_put(b, " ");
		sql_options(b, v->options, v->n_options);
	}
	const char *def = v->definition ? v->definition : "";
	size_t len = strlen(def);
	while (len > 0 && (def[len - 1] == ';' || def[len - 1] == ' ' || def[len - 1] == '\n'))
		len--;
	ls_buf_put(b, " AS\n");
	ls_buf_putn(b, def, len);
	if (v->materialized)
		ls_buf_put(b, v->with_data ? "\n  WITH DATA" : "\n  WITH NO DATA");
	else if (v->check_option)
		ls_buf_printf(b, "\n  WITH %s CHECK OPTION", v->check_option);
	ls_buf_put(b, ";\n");
}

void sql_emit_trigger(const sql_node *n, ls_buf *b)
{
	/* a table's trigger, or (no table) one of the view obj */
	const ls_table *t = n->table;
	const ls_trigger *g = t ? &t->triggers[n->item] : &((const ls_view *)n->obj)->triggers[n->item];
	ls_buf_put(b, g->constraint_trigger ? "CREATE CONSTRAINT TRIGGER " : "CREATE TRIGGER ");
	ls_buf_ident(b, g->name);
	ls_buf_printf(b, " %s %s ON ", g->timing, g->events);
	ls_buf_qname(b, n->schema, n->name);
	deferrable(b, g->deferrable, g->deferred);
	if (g->old_table || g->new_table)
		ls_buf_put(b, " REFERENCING");
	if (g->old_table) {
		ls_buf_put(b, " OLD TABLE AS ");
		ls_buf_ident(b, g->old_table);
	}
	if (g->new_table) {
		ls_buf_put(b, " NEW TABLE AS ");
		ls_buf_ident(b, g->new_table);
	}
	ls_buf_put(b, g->for_each_row ? " FOR EACH ROW" : " FOR EACH STATEMENT");
	if (g->when)
		ls_buf_printf(b, " WHEN (%s)", g->when);
	ls_buf_printf(b, " EXECUTE FUNCTION %s(", g->function);
	for (size_t i = 0; i < g->n_args; i++) {
		ls_buf_put(b, i ? ", " : "");
		ls_buf_literal(b, g->args[i]);
	}
	ls_buf_put(b, ");\n");
	if (g->enabled == 'O' || g->enabled == '\0')
		return;
	ls_buf_put(b, "ALTER TABLE ");
	ls_buf_qname(b, n->schema, n->name);
	ls_buf_put(b, g->enabled == 'D' ? " DISABLE TRIGGER " :
			g->enabled == 'R' ? " ENABLE REPLICA TRIGGER " : " ENABLE ALWAYS TRIGGER ");
	ls_buf_ident(b, g->name);
	ls_buf_put(b, ";\n");
}

static void grantee(ls_buf *b, const char *role)
{
	if (ls_same(role, "PUBLIC"))
		ls_buf_put(b, "PUBLIC");
	else
		ls_buf_ident(b, role);
}

void sql_emit_policy(const sql_node *n, ls_buf *b)
{
	const ls_table *t = n->table;
	const ls_policy *p = &t->policies[n->item];
	ls_buf_put(b, "CREATE POLICY ");
	ls_buf_ident(b, p->name);
	ls_buf_put(b, " ON ");
	ls_buf_qname(b, t->schema, t->name);
	ls_buf_put(b, p->permissive ? "" : " AS RESTRICTIVE");
	if (p->command && strcmp(p->command, "ALL") != 0)
		ls_buf_printf(b, " FOR %s", p->command);
	bool only_public = p->n_roles == 0 || (p->n_roles == 1 && ls_same(p->roles[0], "PUBLIC"));
	for (size_t i = 0; !only_public && i < p->n_roles; i++) {
		ls_buf_put(b, i ? ", " : " TO ");
		grantee(b, p->roles[i]);
	}
	if (p->using_expr)
		ls_buf_printf(b, " USING (%s)", p->using_expr);
	if (p->check_expr)
		ls_buf_printf(b, " WITH CHECK (%s)", p->check_expr);
	ls_buf_put(b, ";\n");
}

void sql_emit_rls(const ls_table *t, ls_buf *b)
{
	for (int force = 0; force < 2; force++) {
		if (!(force ? t->rls_forced : t->rls_enabled))
			continue;
		ls_buf_put(b, "ALTER TABLE ");
		ls_buf_qname(b, t->schema, t->name);
		ls_buf_put(b, force ? " FORCE ROW LEVEL SECURITY;\n" : " ENABLE ROW LEVEL SECURITY;\n");
	}
}

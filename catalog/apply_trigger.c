/* Triggers (CREATE [OR REPLACE] [CONSTRAINT] TRIGGER) and row-level
 * security policies (CREATE POLICY, ALTER POLICY).
 *
 * A trigger is stored as pg_get_triggerdef describes it: events in the
 * order it prints them (INSERT, DELETE, UPDATE [OF cols], TRUNCATE), the
 * function schema-qualified, arguments as the strings pg_trigger keeps.
 * WHEN, USING and WITH CHECK are canonical expressions (expr.c), after the
 * column references in them are checked the way the server's parse
 * analysis checks them. Checks run in the order of PostgreSQL 15's
 * CreateTriggerFiringOn, CreatePolicy and AlterPolicy.
 */
#define _POSIX_C_SOURCE 200809L
#include "apply_func.h"
#include "query.h"

#include <errno.h>
#include <string.h>

/* pg_trigger.tgtype bits (catalog/pg_trigger.h). */
enum {
	TRIG_BEFORE = 1 << 1,
	TRIG_INSERT = 1 << 2,
	TRIG_DELETE = 1 << 3,
	TRIG_UPDATE = 1 << 4,
	TRIG_TRUNCATE = 1 << 5,
	TRIG_INSTEAD = 1 << 6
};

/* --- column references --- */

/* How column references of an expression resolve: against OLD and NEW of
 * a trigger's table, or against the table of a policy. */
typedef struct refs {
	ls_table *t;
	bool trigger;
	bool old_ref, new_ref, any_ref;
	int rc;                  /* the first error found */
	ls_query q;              /* a policy's sub-selects: the table as base */
} refs;

/* Inside a policy's sub-select (or at one), references resolve as in a
 * query: qualified by their entry's name, the policy's table included. */
static bool in_query(const refs *r, const pgnode *in)
{
	return !r->trigger && r->q.base &&
		(r->q.cur != r->q.base || (in && in->node_case == PG_QUERY__NODE__NODE_SUB_LINK));
}

static const char *field(const PgQuery__ColumnRef *c, size_t i)
{
	return i < c->n_fields && c->fields[i]->node_case == PG_QUERY__NODE__NODE_STRING ?
		c->fields[i]->string->sval : NULL;
}

static bool is_star(const PgQuery__ColumnRef *c, size_t i)
{
	return i < c->n_fields && c->fields[i]->node_case == PG_QUERY__NODE__NODE_A_STAR;
}

/* `new` alone is the whole row: the server prints it as new.*. */
static pgnode *whole_row(ls_norm *n, pgnode *in)
{
	PgQuery__ColumnRef *c = ls_norm_dup(n, in->column_ref, sizeof *in->column_ref);
	pgnode **f = ls_arena_alloc(ls_norm_scratch(n), 2 * sizeof *f);
	PgQuery__AStar init = PG_QUERY__A__STAR__INIT;
	PgQuery__AStar *star = ls_norm_dup(n, &init, sizeof init);
	if (!c || !f || !star) {
		ls_norm_fail(n);
		return in;
	}
	f[0] = in->column_ref->fields[0];
	f[1] = ls_norm_wrap(n, PG_QUERY__NODE__NODE_A_STAR, star);
	c->fields = f;
	c->n_fields = 2;
	return ls_norm_wrap(n, PG_QUERY__NODE__NODE_COLUMN_REF, c);
}

/* t.col → col. */
static pgnode *unqualified(ls_norm *n, pgnode *in)
{
	PgQuery__ColumnRef *c = ls_norm_dup(n, in->column_ref, sizeof *in->column_ref);
	if (!c) {
		ls_norm_fail(n);
		return in;
	}
	c->fields = c->fields + 1;
	c->n_fields = 1;
	return ls_norm_wrap(n, PG_QUERY__NODE__NODE_COLUMN_REF, c);
}

/* Resolve one ColumnRef as transformColumnRef would, recording an error in
 * r (and stopping the walk) when the server would refuse it. */
static pgnode *column_ref(ls_norm *n, refs *r, pgnode *in)
{
	ls_apply *ap = ls_norm_apply(n);
	const PgQuery__ColumnRef *c = in->column_ref;
	const char *f0 = field(c, 0), *col = field(c, 1);
	const char *rel = r->trigger ? NULL : r->t->name;
	if (c->n_fields == 1 && f0 && r->trigger && (!strcmp(f0, "old") || !strcmp(f0, "new"))) {
		r->old_ref |= f0[0] == 'o';
		r->new_ref |= f0[0] == 'n';
		r->any_ref = true;
		return whole_row(n, in);
	}
	if (c->n_fields == 1 && f0) {
		if (!ls_table_column(r->t, f0))
			r->rc = ls_apply_error(ap, LS_EINVAL, "column \"%s\" does not exist", f0);
		else if (r->trigger)
			r->rc = ls_apply_error(ap, LS_EINVAL, "column reference \"%s\" is ambiguous", f0);
		r->any_ref = true;
	} else if (c->n_fields == 2 && f0 && (col || is_star(c, 1))) {
		bool known = r->trigger ? !strcmp(f0, "old") || !strcmp(f0, "new") : !strcmp(f0, rel);
		/* OLD and NEW are entries for the trigger's table under other names */
		if (!known && r->trigger && !strcmp(f0, r->t->name))
			r->rc = ls_apply_error(ap, LS_EINVAL, "invalid reference to FROM-clause entry for table \"%s\"", f0);
		else if (!known)
			r->rc = ls_apply_error(ap, LS_EINVAL, "missing FROM-clause entry for table \"%s\"", f0);
		else if (col && !ls_table_column(r->t, col))
			r->rc = ls_apply_error(ap, LS_EINVAL, "column %s.%s does not exist", f0, col);
		r->old_ref |= r->trigger && f0[0] == 'o';
		r->new_ref |= r->trigger && f0[0] == 'n';
		r->any_ref = true;
	}
	if (r->rc < 0) {
		ls_norm_fail(n);
		return in;
	}
	/* pg_get_expr prints a policy's columns bare: one relation in scope */
	if (!r->trigger && c->n_fields == 2 && col)
		return unqualified(n, in);
	return in;
}

static pgnode *refs_hook(ls_norm *n, void *ctx, pgnode *in, bool *handled)
{
	refs *r = ctx;
	if (r->rc < 0)
		return in;
	if (in_query(r, in))
		return ls_query_hook(n, &r->q, in, handled);
	if (in->node_case == PG_QUERY__NODE__NODE_SUB_LINK && r->trigger) {
		r->rc = ls_apply_error(ls_norm_apply(n), LS_EINVAL, "cannot use subquery in trigger WHEN condition");
		ls_norm_fail(n);
		return in;
	}
	if (in->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return in;
	pgnode *out = column_ref(n, r, in);
	*handled = out != in;
	return out;
}

/* The type of a column reference: OLD.col and NEW.col of a trigger's
 * table, col (or table.col) of a policy's; the normalizer keeps a cast of a
 * column only when the column does not reach that type implicitly. */
static const char *refs_coltype(ls_norm *n, void *ctx, const PgQuery__ColumnRef *c)
{
	refs *r = ctx;
	if (in_query(r, NULL))
		return ls_query_coltype(n, &r->q, c);
	const char *f0 = field(c, 0), *col = field(c, 1);
	if (c->n_fields == 1 && f0 && !r->trigger)
		col = f0;
	else if (c->n_fields != 2 || !f0 || !col ||
			(r->trigger ? strcmp(f0, "old") && strcmp(f0, "new") : strcmp(f0, r->t->name)))
		return NULL;
	ls_column *k = ls_table_column(r->t, col);
	return k ? k->type : NULL;
}

/* The canonical text of expr (expr.c's normalizer and deparser) after its
 * column references were checked (NULL with the error set on ap). */
static const char *checked_expr(ls_apply *ap, pgnode *expr, refs *r)
{
	ls_norm *n = ls_norm_new(ap, refs_hook, r);
	ls_norm *again = n ? ls_norm_new(ap, NULL, r) : NULL;
	if (!again) {
		ls_norm_free(n);
		return NULL;
	}
	ls_norm_set_coltype(n, refs_coltype);
	ls_norm_set_coltype(again, refs_coltype);
	/* the levels live in n's scratch arena: a fresh start for each expression */
	memset(&r->q, 0, sizeof r->q);
	if (!r->trigger)
		ls_query_base(n, &r->q, r->t);
	pgnode *out = ls_norm_node(n, expr);
	/* a second pass flattens the ANDs that BETWEEN became in the first */
	if (!ls_norm_failed(n))
		out = ls_norm_node(again, out);
	bool failed = ls_norm_failed(n) || ls_norm_failed(again);
	const char *text = failed ? NULL : ls_expr_deparse(ap, out);
	bool oom = !text && !failed && errno == ENOMEM;
	ls_norm_free(again);
	ls_norm_free(n);
	if (failed && r->rc == 0)
		ls_apply_nomem(ap);
	else if (oom)
		ls_apply_nomem(ap);
	else if (!text && !failed)
		ls_apply_error(ap, LS_EUNSUPPORTED, "cannot deparse expression");
	return text;
}

/* --- triggers --- */

/* Look name up as the first relation of search_path order (or in schema):
 * a table, else a view. */
static void find_relation(ls_catalog *cat, const PgQuery__RangeVar *rv, ls_table **t, ls_view **v)
{
	const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
	*t = NULL;
	*v = NULL;
	for (size_t i = 0; i < (schema ? 1 : cat->n_search_path); i++) {
		const char *s = schema ? schema : cat->search_path[i];
		*t = ls_catalog_find_table(cat, s, rv->relname);
		*v = *t ? NULL : ls_catalog_find_view(cat, s, rv->relname);
		if (*t || *v)
			return;
	}
}

/* The relation kind checks of CreateTriggerFiringOn: *out the table, or
 * *view a view that may have the trigger. */
static int trigger_relation(ls_apply *ap, PgQuery__CreateTrigStmt *s, ls_table **out,
		ls_view **view)
{
	ls_view *v;
	find_relation(ap->cat, s->relation, out, &v);
	*view = v;
	const char *name = s->relation->relname;
	bool instead = s->timing & TRIG_INSTEAD;
	if (!*out && !v)
		return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", name);
	if (v && v->materialized)
		return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" cannot have triggers", name);
	if (v && ((!instead && s->row) || (s->events & TRIG_TRUNCATE)))
		return ls_apply_error(ap, LS_EINVAL, "\"%s\" is a view", name);
	if (v)
		return 0;
	if (instead)
		return ls_apply_error(ap, LS_EINVAL, "\"%s\" is a table", name);
	return 0;
}

/* REFERENCING OLD/NEW TABLE: the checks of CreateTriggerFiringOn, in its
 * order; the names into tr. */
static int trigger_transitions(ls_apply *ap, PgQuery__CreateTrigStmt *s, const ls_table *t,
		ls_trigger *tr)
{
	int ev = s->events;
	for (size_t i = 0; i < s->n_transition_rels; i++) {
		const PgQuery__TriggerTransition *x = s->transition_rels[i]->trigger_transition;
		if (!x->is_table)
			return ls_apply_error(ap, LS_EUNSUPPORTED,
					"ROW variable naming in the REFERENCING clause is not supported");
		if (!t)
			return ls_apply_error(ap, LS_EINVAL, "\"%s\" is a view", s->relation->relname);
		if (t->parent_table && s->row)
			return ls_apply_error(ap, LS_EUNSUPPORTED,
					"ROW triggers with transition tables are not supported on partitions");
		if ((s->timing & (TRIG_BEFORE | TRIG_INSTEAD)) != 0)
			return ls_apply_error(ap, LS_EINVAL, "transition table name can only be specified for an AFTER trigger");
		if (ev & TRIG_TRUNCATE)
			return ls_apply_error(ap, LS_EUNSUPPORTED, "TRUNCATE triggers with transition tables are not supported");
		if (!!(ev & TRIG_INSERT) + !!(ev & TRIG_UPDATE) + !!(ev & TRIG_DELETE) != 1)
			return ls_apply_error(ap, LS_EUNSUPPORTED,
					"transition tables cannot be specified for triggers with more than one event");
		if (s->n_columns)
			return ls_apply_error(ap, LS_EUNSUPPORTED,
					"transition tables cannot be specified for triggers with column lists");
		const char **slot = x->is_new ? &tr->new_table : &tr->old_table;
		if (x->is_new && !(ev & (TRIG_INSERT | TRIG_UPDATE)))
			return ls_apply_error(ap, LS_EINVAL, "NEW TABLE can only be specified for an INSERT or UPDATE trigger");
		if (!x->is_new && !(ev & (TRIG_DELETE | TRIG_UPDATE)))
			return ls_apply_error(ap, LS_EINVAL, "OLD TABLE can only be specified for a DELETE or UPDATE trigger");
		if (*slot)
			return ls_apply_error(ap, LS_EINVAL, "%s TABLE cannot be specified multiple times",
					x->is_new ? "NEW" : "OLD");
		if (!(*slot = ls_arena_strdup(ap->cat->arena, x->name)))
			return ls_apply_nomem(ap);
	}
	if (tr->old_table && tr->new_table && !strcmp(tr->old_table, tr->new_table))
		return ls_apply_error(ap, LS_EINVAL, "OLD TABLE name and NEW TABLE name cannot be the same");
	return 0;
}

/* A view's output columns as a table with untyped columns, for the checks
 * of WHEN and UPDATE OF; in the arena. NULL when out of memory. */
static ls_table *view_as_table(ls_apply *ap, const ls_view *v)
{
	ls_table *t = ls_arena_alloc(ap->cat->arena, sizeof *t);
	if (!t)
		return NULL;
	memset(t, 0, sizeof *t);
	t->schema = v->schema;
	t->name = v->name;
	for (size_t i = 0; i < v->n_columns; i++) {
		ls_column *c = LS_PUSH(ap->cat, t->columns, t->n_columns);
		if (!c)
			return NULL;
		c->name = v->columns[i];
	}
	return t;
}

/* The checks on the trigger type: TRUNCATE rows, INSTEAD OF forms. */
static int trigger_type(ls_apply *ap, PgQuery__CreateTrigStmt *s)
{
	if (s->row && (s->events & TRIG_TRUNCATE))
		return ls_apply_error(ap, LS_EINVAL, "TRUNCATE FOR EACH ROW triggers are not supported");
	if (!(s->timing & TRIG_INSTEAD))
		return 0;
	if (!s->row)
		return ls_apply_error(ap, LS_EINVAL, "INSTEAD OF triggers must be FOR EACH ROW");
	if (s->when_clause)
		return ls_apply_error(ap, LS_EINVAL, "INSTEAD OF triggers cannot have WHEN conditions");
	if (s->n_columns)
		return ls_apply_error(ap, LS_EINVAL, "INSTEAD OF triggers cannot have column lists");
	return 0;
}

/* WHEN: column references checked, then which of OLD and NEW the trigger's
 * events allow. */
static int trigger_when(ls_apply *ap, PgQuery__CreateTrigStmt *s, ls_table *t, const char **out)
{
	refs r = {.t = t, .trigger = true};
	*out = NULL;
	if (!s->when_clause)
		return 0;
	const char *text = checked_expr(ap, s->when_clause, &r);
	if (!text)
		return ap->err->code;
	if (!s->row && r.any_ref)
		return ls_apply_error(ap, LS_EINVAL, "statement trigger's WHEN condition cannot reference column values");
	if ((s->events & TRIG_INSERT) && r.old_ref)
		return ls_apply_error(ap, LS_EINVAL, "INSERT trigger's WHEN condition cannot reference OLD values");
	if ((s->events & TRIG_DELETE) && r.new_ref)
		return ls_apply_error(ap, LS_EINVAL, "DELETE trigger's WHEN condition cannot reference NEW values");
	*out = text;
	return 0;
}

/* Trigger functions the server or an extension provides, which a catalog
 * built from SQL does not hold: (extension or NULL for built-in, name). */
static const char *const provided[][2] = {
	{NULL, "suppress_redundant_updates_trigger"},
	{NULL, "tsvector_update_trigger"},
	{NULL, "tsvector_update_trigger_column"},
	{"moddatetime", "moddatetime"},
	{"autoinc", "autoinc"},
	{"insert_username", "insert_username"},
	{"refint", "check_primary_key"},
	{"refint", "check_foreign_key"},
	{"lo", "lo_manage"},
	{"tcn", "triggered_change_notification"},
};

/* A built-in or extension trigger function named name (schema as written,
 * or NULL): its name as pg_get_triggerdef prints it, or NULL. */
static const char *provided_function(ls_apply *ap, const char *schema, const char *name)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = 0; i < sizeof provided / sizeof provided[0]; i++) {
		if (strcmp(provided[i][1], name) != 0)
			continue;
		if (!provided[i][0] && (!schema || !strcmp(schema, "pg_catalog")))
			return ls_quote_ident(cat->arena, name);
		for (size_t j = 0; provided[i][0] && j < cat->n_extensions; j++) {
			ls_extension *e = &cat->extensions[j];
			bool visible = !schema || !strcmp(schema, e->schema);
			for (size_t k = 0; !schema && k < cat->n_search_path; k++)
				visible = visible || !strcmp(cat->search_path[k], e->schema);
			if (!strcmp(e->name, provided[i][0]) && visible)
				return ls_qualify(cat->arena, e->schema, name);
		}
	}
	return NULL;
}

/* The trigger function: no arguments, returning trigger. */
static int trigger_function(ls_apply *ap, PgQuery__CreateTrigStmt *s, const char **out)
{
	const char *schema, *name;
	if (ls_name_list((const pgnode *const *)s->funcname, s->n_funcname, &schema, &name) < 0)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported function name");
	const char *written = schema ? ls_arena_printf(ap->cat->arena, "%s.%s", schema, name) : name;
	ls_function *f;
	int rc = ls_find_function(ap, schema, name, "", &f);
	if (rc < 0)
		return rc;
	if (f && (f->kind != 'f' || !f->returns || strcmp(f->returns, "trigger") != 0))
		return ls_apply_error(ap, LS_EINVAL, "function %s must return type trigger", written);
	*out = f ? ls_qualify(ap->cat->arena, f->schema, f->name) : provided_function(ap, schema, name);
	if (!*out && ls_arena_failed(ap->cat->arena))
		return ls_apply_nomem(ap);
	if (!*out)
		return ls_apply_error(ap, LS_EINVAL, "function %s() does not exist", written);
	return 0;
}

/* "INSERT OR DELETE OR UPDATE OF a, b OR TRUNCATE", columns checked. */
static int trigger_events(ls_apply *ap, PgQuery__CreateTrigStmt *s, ls_table *t, const char **out)
{
	ls_arena *a = ap->cat->arena;
	const char *cols = "";
	for (size_t i = 0; i < s->n_columns; i++) {
		const char *c = s->columns[i]->string->sval;
		if (!ls_table_column(t, c))
			return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" does not exist", c, t->name);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(s->columns[j]->string->sval, c))
				return ls_apply_error(ap, LS_EINVAL, "column \"%s\" specified more than once", c);
		const char *q = ls_quote_ident(a, c);
		cols = q ? ls_arena_printf(a, "%s%s%s", cols, i ? ", " : " OF ", q) : NULL;
		if (!cols)
			return ls_apply_nomem(ap);
	}
	static const struct {
		int bit;
		const char *word;
	} order[] = {{TRIG_INSERT, "INSERT"}, {TRIG_DELETE, "DELETE"}, {TRIG_UPDATE, "UPDATE"},
		{TRIG_TRUNCATE, "TRUNCATE"}};
	const char *ev = "";
	for (size_t i = 0; ev && i < sizeof order / sizeof order[0]; i++)
		if (s->events & order[i].bit)
			ev = ls_arena_printf(a, "%s%s%s%s", ev, *ev ? " OR " : "", order[i].word,
					order[i].bit == TRIG_UPDATE ? cols : "");
	*out = ev;
	return ev ? 0 : ls_apply_nomem(ap);
}

static ls_trigger *table_trigger(ls_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_triggers; i++)
		if (!strcmp(t->triggers[i].name, name))
			return &t->triggers[i];
	return NULL;
}

/* Fill tr from the statement (name, timing, flags, arguments). */
static int fill_trigger(ls_apply *ap, PgQuery__CreateTrigStmt *s, ls_trigger *tr)
{
	ls_arena *a = ap->cat->arena;
	tr->name = ls_arena_strdup(a, s->trigname);
	tr->timing = s->timing & TRIG_BEFORE ? "BEFORE" : s->timing & TRIG_INSTEAD ? "INSTEAD OF" : "AFTER";
	tr->for_each_row = s->row;
	tr->constraint_trigger = s->isconstraint;
	tr->deferrable = s->deferrable;
	tr->deferred = s->initdeferred;
	tr->enabled = 'O';
	for (size_t i = 0; i < s->n_args; i++) {
		const pgnode *x = s->args[i];
		const char **slot = LS_PUSH(ap->cat, tr->args, tr->n_args);
		if (!slot)
			return ls_apply_nomem(ap);
		*slot = x->node_case == PG_QUERY__NODE__NODE_STRING ? ls_arena_strdup(a, x->string->sval) : "";
	}
	return tr->name ? 0 : ls_apply_nomem(ap);
}

int ls_apply_create_trigger(ls_apply *ap, PgQuery__CreateTrigStmt *s)
{
	ls_trigger nt = {0};
	ls_table *t, *cols;
	ls_view *v;
	int rc;
	if (s->replace && s->isconstraint)
		return ls_apply_error(ap, LS_EINVAL, "CREATE OR REPLACE CONSTRAINT TRIGGER is not supported");
	if ((rc = trigger_relation(ap, s, &t, &v)) < 0 || (rc = trigger_type(ap, s)) < 0 ||
			(rc = trigger_transitions(ap, s, t, &nt)) < 0)
		return rc;
	/* a view's trigger: its columns stand in for a table's */
	if (!(cols = t ? t : view_as_table(ap, v)))
		return ls_apply_nomem(ap);
	if ((rc = trigger_when(ap, s, cols, &nt.when)) < 0 ||
			(rc = trigger_function(ap, s, &nt.function)) < 0)
		return rc;
	ls_trigger *old = t ? table_trigger(t, s->trigname) : NULL;
	for (size_t i = 0; v && i < v->n_triggers; i++)
		if (!strcmp(v->triggers[i].name, s->trigname))
			old = &v->triggers[i];
	const char *rel = t ? t->name : v->name;
	if (old && !s->replace)
		return ls_apply_error(ap, LS_EINVAL, "trigger \"%s\" for relation \"%s\" already exists",
				s->trigname, rel);
	if (old && old->constraint_trigger)
		return ls_apply_error(ap, LS_EINVAL, "trigger \"%s\" for relation \"%s\" is a constraint trigger",
				s->trigname, rel);
	if ((rc = trigger_events(ap, s, cols, &nt.events)) < 0 || (rc = fill_trigger(ap, s, &nt)) < 0)
		return rc;
	/* OR REPLACE rewrites the pg_trigger row: the comment stays. */
	ls_trigger *tr = old ? old : t ? LS_PUSH(ap->cat, t->triggers, t->n_triggers) :
		LS_PUSH(ap->cat, v->triggers, v->n_triggers);
	if (!tr)
		return ls_apply_nomem(ap);
	nt.comment = old ? old->comment : NULL;
	*tr = nt;
	return 0;
}

/* --- policies --- */

/* The table of a policy: RangeVarCallbackForPolicy accepts tables and
 * partitioned tables only. */
static int policy_table(ls_apply *ap, PgQuery__RangeVar *rv, ls_table **out)
{
	ls_view *v;
	find_relation(ap->cat, rv, out, &v);
	const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
	if (*out)
		return 0;
	if (v || ls_lookup_sequence(ap->cat, schema, rv->relname) || ls_lookup_index(ap->cat, schema, rv->relname))
		return ls_apply_error(ap, LS_EINVAL, "\"%s\" is not a table", rv->relname);
	return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", rv->relname);
}

/* The TO list: role names, PUBLIC alone when it is among them (the server
 * ignores the others) or when none is given; duplicates dropped. The
 * CURRENT_USER family is kept by that name: no role is known offline. */
static int policy_roles(ls_apply *ap, pgnode **roles, size_t n, const char ***out, size_t *count)
{
	*out = NULL;
	*count = 0;
	bool public = n == 0;
	for (size_t i = 0; i < n; i++)
		public = public || (roles[i]->node_case == PG_QUERY__NODE__NODE_ROLE_SPEC &&
				roles[i]->role_spec->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC);
	for (size_t i = 0; i < (public ? 1 : n); i++) {
		const PgQuery__RoleSpec *r = public ? NULL : roles[i]->role_spec;
		const char *name = public ? "PUBLIC" :
			r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER ? "CURRENT_USER" :
			r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER ? "SESSION_USER" :
			r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE ? "CURRENT_ROLE" : r->rolename;
		bool dup = false;
		for (size_t j = 0; j < *count; j++)
			dup = dup || !strcmp((*out)[j], name);
		if (dup)
			continue;
		const char **slot = LS_PUSH(ap->cat, *out, *count);
		if (!slot || !(*slot = ls_arena_strdup(ap->cat->arena, name)))
			return ls_apply_nomem(ap);
	}
	return 0;
}

static ls_policy *table_policy(ls_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_policies; i++)
		if (!strcmp(t->policies[i].name, name))
			return &t->policies[i];
	return NULL;
}

/* USING and WITH CHECK, checked against the table's columns. */
static int policy_exprs(ls_apply *ap, ls_table *t, pgnode *qual, pgnode *check,
		const char **using_expr, const char **check_expr)
{
	refs r = {.t = t};
	if (qual && !(*using_expr = checked_expr(ap, qual, &r)))
		return ap->err->code;
	if (check && !(*check_expr = checked_expr(ap, check, &r)))
		return ap->err->code;
	return 0;
}

int ls_apply_create_policy(ls_apply *ap, PgQuery__CreatePolicyStmt *s)
{
	static const char *const commands[] = {"all", "select", "insert", "update", "delete"};
	static const char *const upper[] = {"ALL", "SELECT", "INSERT", "UPDATE", "DELETE"};
	ls_policy np = {0};
	ls_table *t;
	int rc;
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (s->cmd_name && !strcmp(s->cmd_name, commands[i]))
			np.command = upper[i];
	if (!np.command)
		return ls_apply_error(ap, LS_EINVAL, "unrecognized policy command");
	if ((!strcmp(np.command, "SELECT") || !strcmp(np.command, "DELETE")) && s->with_check)
		return ls_apply_error(ap, LS_EINVAL, "WITH CHECK cannot be applied to SELECT or DELETE");
	if (!strcmp(np.command, "INSERT") && s->qual)
		return ls_apply_error(ap, LS_EINVAL, "only WITH CHECK expression allowed for INSERT");
	if ((rc = policy_roles(ap, s->roles, s->n_roles, &np.roles, &np.n_roles)) < 0 ||
			(rc = policy_table(ap, s->table, &t)) < 0 ||
			(rc = policy_exprs(ap, t, s->qual, s->with_check, &np.using_expr, &np.check_expr)) < 0)
		return rc;
	if (table_policy(t, s->policy_name))
		return ls_apply_error(ap, LS_EINVAL, "policy \"%s\" for table \"%s\" already exists",
				s->policy_name, t->name);
	np.name = ls_arena_strdup(ap->cat->arena, s->policy_name);
	np.permissive = s->permissive;
	ls_policy *p = LS_PUSH(ap->cat, t->policies, t->n_policies);
	if (!p || !np.name)
		return ls_apply_nomem(ap);
	*p = np;
	return 0;
}

int ls_apply_alter_policy(ls_apply *ap, PgQuery__AlterPolicyStmt *s)
{
	const char **roles = NULL;
	size_t n_roles = 0;
	const char *using_expr = NULL, *check_expr = NULL;
	ls_table *t;
	int rc;
	if ((s->n_roles && (rc = policy_roles(ap, s->roles, s->n_roles, &roles, &n_roles)) < 0) ||
			(rc = policy_table(ap, s->table, &t)) < 0 ||
			(rc = policy_exprs(ap, t, s->qual, s->with_check, &using_expr, &check_expr)) < 0)
		return rc;
	ls_policy *p = table_policy(t, s->policy_name);
	if (!p)
		return ls_apply_error(ap, LS_EINVAL, "policy \"%s\" for table \"%s\" does not exist",
				s->policy_name, t->name);
	if ((!strcmp(p->command, "SELECT") || !strcmp(p->command, "DELETE")) && s->with_check)
		return ls_apply_error(ap, LS_EINVAL, "only USING expression allowed for SELECT, DELETE");
	if (!strcmp(p->command, "INSERT") && s->qual)
		return ls_apply_error(ap, LS_EINVAL, "only WITH CHECK expression allowed for INSERT");
	if (s->n_roles) {
		p->roles = roles;
		p->n_roles = n_roles;
	}
	if (s->qual)
		p->using_expr = using_expr;
	if (s->with_check)
		p->check_expr = check_expr;
	return 0;
}

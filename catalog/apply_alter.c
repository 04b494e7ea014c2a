/* ALTER TABLE subcommands. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "apply_inherit.h"
#include "name_index.h"
#include "apply_table.h"
#include "rewrite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *rv_schema(const PgQuery__RangeVar *rv)
{
	return rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
}

static ls_column *need_column(ls_apply *ap, ls_table *t, const char *name)
{
	ls_column *c = ls_table_column(t, name);
	if (!c)
		ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" does not exist", name, t->name);
	return c;
}

/* Foreign keys of other tables pointing at t (optionally at one column):
 * the first in table order. LS_ENOMEM in *rc when the lookup fails. */
static ls_constraint *referencing_fk(ls_catalog *cat, ls_table *t, const char *column,
		ls_table **from, int *rc)
{
	size_t *at;
	long n = ls_catalog_owned(cat, LS_OWN_FK, t->schema, t->name, cat->arena, &at);
	*rc = n < 0 ? (int)n : 0;
	for (long i = 0; i < n; i++) {
		ls_table *o = &cat->tables[at[i]];
		for (size_t j = 0; j < o->n_constraints; j++) {
			ls_constraint *k = &o->constraints[j];
			if (k->type != 'f' || strcmp(k->ref_schema, t->schema) || strcmp(k->ref_table, t->name))
				continue;
			bool hit = !column;
			for (size_t c = 0; column && c < k->n_ref_columns; c++)
				hit = hit || !strcmp(k->ref_columns[c], column);
			if (hit && o != t) {
				*from = o;
				return k;
			}
		}
	}
	return NULL;
}

/* Position of the last view before `before` that reads column col of t,
 * or -1; LS_ENOMEM in *rc when the lookup fails. Only the views whose
 * recorded dependencies name t (or that record none) are parsed. */
static long view_using_column(ls_apply *ap, ls_table *t, const char *col, size_t before, int *rc)
{
	ls_catalog *cat = ap->cat;
	size_t *at;
	long n = ls_catalog_owned(cat, LS_OWN_VIEW, t->schema, t->name, cat->arena, &at);
	*rc = n < 0 ? (int)n : 0;
	long hit = -1;
	for (long a = n; a-- > 0 && hit < 0;)
		if (at[a] < before && ls_view_uses_column(ap, &cat->views[at[a]], t->schema, t->name, col))
			hit = (long)at[a];
#ifdef LS_SELF_CHECK
	/* the views passed over do not read it */
	for (size_t i = hit < 0 ? 0 : (size_t)hit + 1; n >= 0 && i < before && i < cat->n_views; i++) {
		bool listed = false;
		for (long a = 0; a < n && !listed; a++)
			listed = at[a] == i;
		if (!listed && ls_view_uses_column(ap, &cat->views[i], t->schema, t->name, col)) {
			fprintf(stderr, "lockstep: view %s.%s reads %s.%s.%s, not in its depends\n",
					cat->views[i].schema, cat->views[i].name, t->schema, t->name, col);
			abort();
		}
	}
#endif
	return hit;
}

static bool uses_column(ls_apply *ap, const ls_constraint *k, const char *col)
{
	for (size_t i = 0; i < k->n_columns; i++)
		if (!strcmp(k->columns[i], col))
			return true;
	if (k->type == 'x' && k->exclusion) {
		/* an exclusion constraint's elements, and its WHERE */
		char method[32];
		ls_exclusion_element *el;
		size_t n;
		if (ls_exclusion_elements(ap, k->exclusion, method, &el, &n) == 0)
			for (size_t i = 0; i < n; i++)
				if ((el[i].column && !strcmp(el[i].column, col)) ||
						(el[i].expr && ls_expr_uses_column(ap, el[i].expr, col)))
					return true;
		const char *w = strstr(k->exclusion, " WHERE ");
		if (w && ls_expr_uses_column(ap, w + 7, col))
			return true;
	}
	return k->expr && ls_expr_uses_column(ap, k->expr, col);
}

/* What the server checks before it drops or retypes a column: not a
 * partition's inherited column (unless the parent's command got here),
 * not a column of the table's partition key. verb: "drop", "alter". */
static int partition_column(ls_apply *ap, ls_table *t, const char *col, const char *verb)
{
	if (!ap->recursing && ls_inherited_column(ap->cat, t, col))
		return ls_apply_error(ap, LS_EINVAL, "cannot %s inherited column \"%s\"", verb, col);
	if (ls_partition_key_uses(ap, t->partition_key, col))
		return ls_apply_error(ap, LS_EINVAL,
				"cannot %s column \"%s\" because it is part of the partition key of relation \"%s\"",
				verb, col, t->name);
	return 0;
}

/* Whether text names the identifier q (quoted as SQL needs) after prefix
 * ("new.", "old.", "") as a whole token. */
static bool names_token(const char *text, const char *prefix, const char *q)
{
	size_t lp = strlen(prefix), lq = strlen(q);
	for (const char *p = text; text && (p = strstr(p, prefix)) && *p; p++) {
		if (strncmp(p + lp, q, lq))
			continue;
		char before = p == text ? ' ' : p[-1], after = p[lp + lq];
		bool ident_b = before == '_' || before == '"' || before == '.' ||
			(before >= 'a' && before <= 'z') || (before >= '0' && before <= '9');
		bool ident_a = after == '_' || after == '"' || after == '$' ||
			(after >= 'a' && after <= 'z') || (after >= '0' && after <= '9');
		if (!ident_b && !ident_a)
			return true;
	}
	return false;
}

bool ls_trigger_uses_column(ls_apply *ap, const ls_trigger *g, const char *col)
{
	const char *q = ls_quote_ident(ap->cat->arena, col);
	if (!q)
		return false;
	if (g->when && (names_token(g->when, "new.", q) || names_token(g->when, "old.", q)))
		return true;
	const char *of = g->events ? strstr(g->events, "UPDATE OF ") : NULL;
	if (!of)
		return false;
	of += 10;
	const char *end = strstr(of, " OR ");
	char *list = ls_arena_strndup(ap->cat->arena, of, end ? (size_t)(end - of) : strlen(of));
	return list && names_token(list, "", q);
}

static int drop_column(ls_apply *ap, ls_table *t, PgQuery__AlterTableCmd *cmd)
{
	ls_catalog *cat = ap->cat;
	ls_column *c = ls_table_column(t, cmd->name);
	if (!c) {
		if (cmd->missing_ok)
			return 0;
		return need_column(ap, t, cmd->name) ? 0 : ap->err->code;
	}
	if (partition_column(ap, t, cmd->name, "drop") < 0)
		return ap->err->code;
	if (ap->only && !ap->recursing && t->partition_key) {
		uint64_t *parts;
		size_t n_parts;
		if (ls_partition_ids(ap, t, &parts, &n_parts) < 0)
			return ap->err->code;
		if (n_parts)
			return ls_apply_error(ap, LS_EINVAL,
					"cannot drop column from only the partitioned table when partitions exist");
	}
	ls_table *from;
	int rc;
	ls_constraint *fk = referencing_fk(cat, t, cmd->name, &from, &rc);
	if (rc < 0)
		return ls_apply_nomem(ap);
	if (fk && cmd->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
		return ls_apply_error(ap, LS_EINVAL, "cannot drop column %s of table %s because other objects depend on it", cmd->name, t->name);
	while ((fk = referencing_fk(cat, t, cmd->name, &from, &rc)))
		ls_remove_constraint(cat, from, (size_t)(fk - from->constraints));
	if (rc < 0)
		return ls_apply_nomem(ap);
	/* views that read the column: an error, or dropped with CASCADE */
	for (long i = view_using_column(ap, t, cmd->name, cat->n_views, &rc); i >= 0;
			i = view_using_column(ap, t, cmd->name, (size_t)i, &rc)) {
		if (cmd->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
			return ls_apply_error(ap, LS_EINVAL, "cannot drop column %s of table %s because other objects depend on it", cmd->name, t->name);
		rc = ls_drop_view(ap, (size_t)i);
		if (rc < 0)
			return rc;
	}
	if (rc < 0)
		return ls_apply_nomem(ap);
	/* and routines whose SQL-standard body reads it */
	for (size_t i = cat->n_functions; i-- > 0;) {
		if (i >= cat->n_functions ||
				!ls_body_reads(ap, &cat->functions[i], t->schema, t->name, cmd->name))
			continue;
		if (cmd->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
			return ls_apply_error(ap, LS_EINVAL, "cannot drop column %s of table %s because other objects depend on it", cmd->name, t->name);
		rc = ls_drop_function(ap, &cat->functions[i], true);
		if (rc < 0)
			return rc;
	}
	/* policies and triggers of the table that read it: an error, or
	 * dropped with CASCADE */
	for (size_t i = t->n_policies; i-- > 0;) {
		const ls_policy *p = &t->policies[i];
		if (!(p->using_expr && ls_expr_uses_column(ap, p->using_expr, cmd->name)) &&
				!(p->check_expr && ls_expr_uses_column(ap, p->check_expr, cmd->name)))
			continue;
		if (cmd->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
			return ls_apply_error(ap, LS_EINVAL, "cannot drop column %s of table %s because other objects depend on it", cmd->name, t->name);
		LS_REMOVE(t->policies, t->n_policies, i);
	}
	for (size_t i = t->n_triggers; i-- > 0;) {
		if (!ls_trigger_uses_column(ap, &t->triggers[i], cmd->name))
			continue;
		if (cmd->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
			return ls_apply_error(ap, LS_EINVAL, "cannot drop column %s of table %s because other objects depend on it", cmd->name, t->name);
		LS_REMOVE(t->triggers, t->n_triggers, i);
	}
	/* Constraints and indexes of the table that use the column go too. */
	for (size_t i = t->n_constraints; i-- > 0;)
		if (uses_column(ap, &t->constraints[i], cmd->name))
			ls_remove_constraint(cat, t, i);
	/* (positions looked up before the first removal, taken last first) */
	size_t *at;
	long n = ls_catalog_owned(cat, LS_OWN_INDEX, t->schema, t->name, cat->arena, &at);
	if (n < 0)
		return ls_apply_nomem(ap);
	for (size_t a = (size_t)n; a-- > 0;) {
		size_t i = at[a];
		ls_index *x = &cat->indexes[i];
		bool used = false;
		for (size_t k = 0; k < x->n_keys; k++)
			used = used || (x->keys[k].column && !strcmp(x->keys[k].column, cmd->name));
		for (size_t k = 0; k < x->n_include; k++)
			used = used || !strcmp(x->include[k], cmd->name);
		for (size_t k = 0; k < x->n_keys; k++)
			used = used || (x->keys[k].expr && ls_expr_uses_column(ap, x->keys[k].expr, cmd->name));
		used = used || (x->where && ls_expr_uses_column(ap, x->where, cmd->name));
		if (used)
			LS_REMOVE_ITEM(cat, cat->indexes, cat->n_indexes, i);
	}
	n = ls_catalog_owned(cat, LS_OWN_SEQUENCE, t->schema, t->name, cat->arena, &at);
	if (n < 0)
		return ls_apply_nomem(ap);
	for (size_t a = (size_t)n; a-- > 0;)
		if (!strcmp(cat->sequences[at[a]].owned_column, cmd->name))
			LS_REMOVE_ITEM(cat, cat->sequences, cat->n_sequences, at[a]);
	c = ls_table_column(t, cmd->name);
	LS_REMOVE(t->columns, t->n_columns, (size_t)(c - t->columns));
	return 0;
}

/* Canonical text again, for an expression over a column whose type changed:
 * a cast the old type needed may now be a no-op. */
static int renorm(ls_apply *ap, const char **expr)
{
	if (!*expr)
		return 0;
	const char *e = ls_expr_canonical_text(ap, *expr);
	if (!e)
		return ap->err->code ? ap->err->code : LS_ENOMEM;
	*expr = e;
	return 0;
}

/* The server re-parses the indexes and CHECKs of the table after ALTER
 * COLUMN TYPE (ATPostAlterTypeParse); so does the catalog. */
static int renorm_table(ls_apply *ap, ls_table *t)
{
	int rc = 0;
	ls_catalog *cat = ap->cat;
	LS_REL(ap, t);
	for (size_t i = 0; i < t->n_constraints && rc == 0; i++)
		if (t->constraints[i].type == 'c')
			rc = renorm(ap, &t->constraints[i].expr);
	for (size_t i = 0; i < cat->n_indexes && rc == 0; i++) {
		ls_index *x = &cat->indexes[i];
		if (strcmp(x->schema, t->schema) || strcmp(x->table, t->name))
			continue;
		for (size_t k = 0; k < x->n_keys && rc == 0; k++)
			rc = renorm(ap, &x->keys[k].expr);
		if (rc == 0)
			rc = renorm(ap, &x->where);
	}
	return rc;
}

/* Whether a policy uses column col of t: one of t's own, or one of any
 * table whose sub-select reads it. */
static bool policy_uses_column(ls_apply *ap, const ls_table *t, const char *col)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = 0; i < cat->n_tables; i++) {
		const ls_table *o = &cat->tables[i];
		for (size_t j = 0; j < o->n_policies; j++) {
			const char *e[] = {o->policies[j].using_expr, o->policies[j].check_expr};
			for (size_t k = 0; k < 2; k++)
				if (e[k] && ((o == t && ls_expr_uses_column(ap, e[k], col)) ||
						ls_expr_reads(ap, e[k], t->schema, t->name, col)))
					return true;
		}
	}
	return false;
}

static int alter_column_type(ls_apply *ap, ls_table *t, PgQuery__AlterTableCmd *cmd)
{
	ls_column *c = need_column(ap, t, cmd->name);
	if (!c || partition_column(ap, t, cmd->name, "alter") < 0)
		return ap->err->code;
	int rc;
	if (view_using_column(ap, t, cmd->name, ap->cat->n_views, &rc) >= 0)
		return ls_apply_error(ap, LS_EINVAL, "cannot alter type of a column used by a view or rule");
	if (rc < 0)
		return ls_apply_nomem(ap);
	if (policy_uses_column(ap, t, cmd->name))
		return ls_apply_error(ap, LS_EINVAL, "cannot alter type of a column used in a policy definition");
	PgQuery__ColumnDef *cd = cmd->def->column_def;
	const char *type = ls_type_name(ap, cd->type_name, NULL);
	if (!type)
		return ap->err->code;
	c = ls_table_column(t, cmd->name);
	if (!c->identity && !c->generated &&
			(rc = ls_expr_default_retyped(ap, c->default_expr, c->type, type, &c->default_expr)) < 0)
		return rc;
	c = ls_table_column(t, cmd->name);
	c->type = type;
	/* without COLLATE the column takes the new type's default collation
	 * (ATExecAlterColumnType), whatever it had */
	c->collation = NULL;
	if (cd->coll_clause) {
		const char *schema, *name;
		PgQuery__CollateClause *cc = cd->coll_clause;
		if (ls_name_list((const pgnode *const *)cc->collname, cc->n_collname, &schema, &name) == 0)
			c->collation = ls_collation_name(ap->cat, schema, name);
	}
	return renorm_table(ap, t);
}

static int set_not_null(ls_apply *ap, ls_table *t, PgQuery__AlterTableCmd *cmd, bool on)
{
	ls_column *c = need_column(ap, t, cmd->name);
	if (!c)
		return ap->err->code;
	if (!on) {
		for (size_t i = 0; i < t->n_constraints; i++)
			if (t->constraints[i].type == 'p' && uses_column(ap, &t->constraints[i], cmd->name))
				return ls_apply_error(ap, LS_EINVAL, "column \"%s\" is in a primary key", cmd->name);
		if (c->identity)
			return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" is an identity column", cmd->name, t->name);
	}
	c->not_null = on;
	return 0;
}

static int column_default(ls_apply *ap, ls_table *t, PgQuery__AlterTableCmd *cmd)
{
	ls_column *c = need_column(ap, t, cmd->name);
	if (!c)
		return ap->err->code;
	/* SET and DROP DEFAULT alike (ATExecColumnDefault) */
	if (c->identity)
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" is an identity column", cmd->name, t->name);
	if (c->generated)
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" is a generated column", cmd->name, t->name);
	if (!cmd->def) {
		c->default_expr = NULL;
		return 0;
	}
	const char *e;
	int rc = ls_expr_default(ap, cmd->def, c->type, &e);
	if (rc < 0)
		return rc;
	ls_table_column(t, cmd->name)->default_expr = e;
	return 0;
}

static int add_identity(ls_apply *ap, ls_table *t, PgQuery__AlterTableCmd *cmd)
{
	ls_column *c = need_column(ap, t, cmd->name);
	if (!c)
		return ap->err->code;
	if (!c->not_null)
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" must be declared NOT NULL before identity can be added", cmd->name, t->name);
	if (c->identity)
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" is already an identity column", cmd->name, t->name);
	if (c->default_expr)
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" already has a default value", cmd->name, t->name);
	PgQuery__Constraint *k = cmd->def->constraint;
	c->identity = k->generated_when[0] == 'a' ? 'a' : 'd';
	return ls_new_owned_sequence(ap, t, cmd->name, c->type, true, k->options, k->n_options) ?
		0 : ap->err->code;
}

static ls_sequence *identity_sequence(ls_catalog *cat, ls_table *t, const char *col)
{
	for (size_t i = 0; i < cat->n_sequences; i++) {
		ls_sequence *s = &cat->sequences[i];
		if (s->identity && !strcmp(s->schema, t->schema) && s->owned_table &&
				!strcmp(s->owned_table, t->name) && !strcmp(s->owned_column, col))
			return s;
	}
	return NULL;
}

static int identity_change(ls_apply *ap, ls_table *t, PgQuery__AlterTableCmd *cmd)
{
	ls_catalog *cat = ap->cat;
	ls_column *c = need_column(ap, t, cmd->name);
	if (!c)
		return ap->err->code;
	if (!c->identity) {
		if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity && cmd->missing_ok)
			return 0;
		return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" is not an identity column", cmd->name, t->name);
	}
	ls_sequence *s = identity_sequence(cat, t, cmd->name);
	if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity) {
		c->identity = 0;
		if (s)
			LS_REMOVE_ITEM(cat, cat->sequences, cat->n_sequences, (size_t)(s - cat->sequences));
		return 0;
	}
	/* SET GENERATED ALWAYS / BY DEFAULT, SET sequence options */
	PgQuery__List *opts = cmd->def ? cmd->def->list : NULL;
	for (size_t i = 0; opts && i < opts->n_items; i++) {
		PgQuery__DefElem *d = opts->items[i]->def_elem;
		if (!strcmp(d->defname, "generated")) {
			c->identity = d->arg->integer->ival == 'a' ? 'a' : 'd';
		} else if (s) {
			int rc = ls_sequence_options(ap, s, &opts->items[i], 1, true);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/* RESET (name, ...): drop those "name=value" options. */
static void reset_options(PgQuery__List *l, const char ***options, size_t *n_options)
{
	for (size_t i = 0; i < l->n_items; i++) {
		PgQuery__DefElem *d = l->items[i]->def_elem;
		char name[256];
		snprintf(name, sizeof name, "%s%s%s", d->defnamespace[0] ? d->defnamespace : "",
				d->defnamespace[0] ? "." : "", d->defname);
		size_t n = strlen(name);
		for (size_t j = 0; j < *n_options; j++)
			if (!strncmp((*options)[j], name, n) && (*options)[j][n] == '=') {
				LS_REMOVE(*options, *n_options, j);
				break;
			}
	}
}

static int set_rel_options(ls_apply *ap, ls_table *t, PgQuery__AlterTableCmd *cmd, bool reset)
{
	PgQuery__List *l = cmd->def->list;
	if (!reset)
		return ls_def_options(ap, l->items, l->n_items, &t->options, &t->n_options);
	reset_options(l, &t->options, &t->n_options);
	return 0;
}

static bool same_column_set(const char **a, size_t na, const char **b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		bool found = false;
		for (size_t j = 0; j < nb && !found; j++)
			found = !strcmp(a[i], b[j]);
		if (!found)
			return false;
	}
	return true;
}

/* Append to buf (size bytes, "; " between items) the foreign keys of o
 * that rely on key k of t, as the server's DETAIL names them: "constraint
 * fk on table o" (the hint of the refusal). An item
 * that does not fit ends the list with "; ...". */
static void key_dependents(ls_catalog *cat, ls_table *o, ls_table *t, ls_constraint *k,
		char *buf, size_t size)
{
	for (size_t j = 0; j < o->n_constraints; j++) {
		ls_constraint *fk = &o->constraints[j];
		if (fk->type != 'f' || strcmp(fk->ref_schema, t->schema) || strcmp(fk->ref_table, t->name) ||
				!same_column_set(fk->ref_columns, fk->n_ref_columns, k->columns, k->n_columns))
			continue;
		const char *on = strcmp(o->schema, "public") ?
			ls_arena_printf(cat->arena, "%s.%s", ls_quote_ident(cat->arena, o->schema),
					ls_quote_ident(cat->arena, o->name)) : ls_quote_ident(cat->arena, o->name);
		size_t len = strlen(buf);
		if (len >= 3 && !strcmp(buf + len - 3, "..."))
			return;
		int n = snprintf(buf + len, size - len, "%sconstraint %s on table %s",
				len ? "; " : "", fk->name, on ? on : o->name);
		if (n < 0 || (size_t)n + 5 >= size - len) {
			snprintf(buf + len, size - len, "%s", len && size - len > 5 ? "; ..." : "");
			return;
		}
	}
}

static int drop_constraint(ls_apply *ap, ls_table *t, PgQuery__AlterTableCmd *cmd)
{
	ls_constraint *k = ls_table_constraint(t, cmd->name);
	if (!k) {
		if (cmd->missing_ok)
			return 0;
		return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" of relation \"%s\" does not exist", cmd->name, t->name);
	}
	if (k->type == 'p' || k->type == 'u') {
		/* foreign keys that rely on this key (same columns, any order) */
		ls_catalog *cat = ap->cat;
		for (size_t i = 0; i < cat->n_tables; i++) {
			ls_table *o = &cat->tables[i];
			for (size_t j = o->n_constraints; j-- > 0;) {
				ls_constraint *fk = &o->constraints[j];
				if (fk->type != 'f' || strcmp(fk->ref_schema, t->schema) || strcmp(fk->ref_table, t->name) ||
						!same_column_set(fk->ref_columns, fk->n_ref_columns, k->columns, k->n_columns))
					continue;
				if (cmd->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
					/* named as the server names them */
					char more[200];
					more[0] = '\0';
					for (size_t a = 0; a < cat->n_tables; a++)
						key_dependents(cat, &cat->tables[a], t, k, more, sizeof more);
					int rc = ls_apply_error(ap, LS_EINVAL, "cannot drop constraint %s on table %s because other objects depend on it",
							cmd->name, t->name);
					if (ap->err && !ap->err->hint[0])
						snprintf(ap->err->hint, sizeof ap->err->hint,
								"dependents: %s (DROP ... CASCADE drops them too)", more);
					return rc;
				}
				ls_remove_constraint(cat, o, j);
				k = ls_table_constraint(t, cmd->name);
			}
		}
	}
	ls_remove_constraint(ap->cat, t, (size_t)(k - t->constraints));
	return 0;
}

static int attach_partition(ls_apply *ap, ls_table *t, PgQuery__AlterTableCmd *cmd, bool attach)
{
	ls_catalog *cat = ap->cat;
	PgQuery__PartitionCmd *pc = cmd->def->partition_cmd;
	if (t->kind != LS_TABLE_PARTITIONED)
		return ls_apply_error(ap, LS_EINVAL, "table \"%s\" is not partitioned", t->name);
	uint64_t tid = t->id;
	ls_table *child = ls_lookup_table(cat, rv_schema(pc->name), pc->name->relname);
	if (!child)
		return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", pc->name->relname);
	if (!attach) {
		if (!child->parent_table || strcmp(child->parent_table, t->name))
			return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" is not a partition of relation \"%s\"", child->name, t->name);
		ls_partition_detached(ap, t, child);
		child->parent_schema = child->parent_table = child->partition_bound = NULL;
		return 0;
	}
	if (child->parent_table)
		return ls_apply_error(ap, LS_EINVAL, "\"%s\" is already a partition", child->name);
	const char *bound = ls_partition_bound(ap, ls_table_by_id(cat, tid), pc->bound);
	if (!bound)
		return ap->err->code;
	t = ls_table_by_id(cat, tid);
	uint64_t cid = child->id;
	int rc = ls_partition_constraints_attached(ap, t, cid);
	if (rc < 0)
		return rc;
	child = ls_table_by_id(cat, cid);
	t = ls_table_by_id(cat, tid);
	child->parent_schema = t->schema;
	child->parent_table = t->name;
	child->partition_bound = bound;
	return ls_partition_attached(ap, cid);
}

/* ENABLE / DISABLE [ALWAYS | REPLICA] TRIGGER name | ALL | USER: the
 * pg_trigger.tgenabled letter (O enabled, D disabled, A always, R replica). */
static int enable_trigger(ls_apply *ap, ls_table *t, PgQuery__AlterTableCmd *cmd)
{
	char to;
	bool all = false;
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig: to = 'A'; break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig: to = 'R'; break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig: to = 'D'; break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser: to = 'O'; all = true; break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser: to = 'D'; all = true; break;
	default: to = 'O'; break;
	}
	bool found = false;
	for (size_t i = 0; i < t->n_triggers; i++)
		if (all || !strcmp(t->triggers[i].name, cmd->name)) {
			t->triggers[i].enabled = to;
			found = true;
		}
	if (!found && !all)
		return ls_apply_error(ap, LS_EINVAL, "trigger \"%s\" for table \"%s\" does not exist", cmd->name, t->name);
	return 0;
}

static int alter_cmd_one(ls_apply *ap, uint64_t id, PgQuery__AlterTableCmd *cmd)
{
	ls_table *t = ls_table_by_id(ap->cat, id);
	PgQuery__Constraint **later = NULL;
	size_t n_later = 0;
	int rc;
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: {
		PgQuery__ColumnDef *cd = cmd->def->column_def;
		if (ls_table_column(t, cd->colname)) {
			if (cmd->missing_ok)
				return 0;
			return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" already exists", cd->colname, t->name);
		}
		if ((rc = ls_add_column(ap, t, cd, &later, &n_later)) < 0)
			return rc;
		if ((rc = ls_check_generated_columns(ap, ls_table_by_id(ap->cat, id))) < 0)
			return rc;
		/* constraints of the column reach the partitions on their own */
		for (size_t i = 0; i < n_later && !ap->recursing; i++)
			if ((rc = ls_add_constraint(ap, ls_table_by_id(ap->cat, id), later[i])) < 0)
				return rc;
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
		return drop_column(ap, t, cmd);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
		return alter_column_type(ap, t, cmd);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
		return column_default(ap, t, cmd);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
		return set_not_null(ap, t, cmd, true);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
		return set_not_null(ap, t, cmd, false);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
		return add_identity(ap, t, cmd);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
		return identity_change(ap, t, cmd);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
		return ls_add_constraint(ap, t, cmd->def->constraint);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
		return drop_constraint(ap, t, cmd);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint: {
		ls_constraint *k = ls_table_constraint(t, cmd->name);
		if (!k)
			return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" of relation \"%s\" does not exist", cmd->name, t->name);
		k->valid = true;
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression: {
		ls_column *c = need_column(ap, t, cmd->name);
		if (!c)
			return ap->err->code;
		if (!ap->recursing && ls_inherit_count(ap->cat, t, cmd->name, NULL) > 0)
			return ls_apply_error(ap, LS_EINVAL, "cannot drop generation expression from inherited column");
		if (!c->generated) {
			if (cmd->missing_ok)
				return 0;
			return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" is not a stored generated column", cmd->name, t->name);
		}
		c->generated = NULL;
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterConstraint: {
		PgQuery__Constraint *d = cmd->def->constraint;
		ls_constraint *k = ls_table_constraint(t, d->conname);
		if (!k)
			return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" of relation \"%s\" does not exist", d->conname, t->name);
		if (k->type != 'f')
			return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" of relation \"%s\" is not a foreign key constraint", d->conname, t->name);
		k->deferrable = d->deferrable;
		k->deferred = d->initdeferred;
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
		return set_rel_options(ap, t, cmd, false);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
		return set_rel_options(ap, t, cmd, true);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity: t->rls_enabled = true; return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity: t->rls_enabled = false; return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity: t->rls_forced = true; return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity: t->rls_forced = false; return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
		/* the sequences the table owns follow it (PostgreSQL 15) */
		t->unlogged = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged;
		for (size_t i = 0; i < ap->cat->n_sequences; i++) {
			ls_sequence *q = &ap->cat->sequences[i];
			if (q->owned_table && !strcmp(q->schema, t->schema) && !strcmp(q->owned_table, t->name))
				q->unlogged = t->unlogged;
		}
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
		return attach_partition(ap, t, cmd, true);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
		return attach_partition(ap, t, cmd, false);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
		return enable_trigger(ap, t, cmd);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner: {
		const char *owner;
		if ((rc = ls_role_spec(ap, cmd->newowner, &owner)) < 0)
			return rc;
		return ls_owner_table(ap->cat, t, owner) < 0 ? ls_apply_nomem(ap) : 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity:
		return 0; /* not modelled (README) */
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit:
		return ls_inherit_attach(ap, id, cmd->def->range_var);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit:
		return ls_inherit_detach(ap, id, cmd->def->range_var);
	default:
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported ALTER TABLE subcommand");
	}
}

/* The subcommands that a partitioned table passes to its partitions
 * unless ONLY is given (ATSimpleRecursion and friends in tablecmds.c). */
static bool recurses(PgQuery__AlterTableType t)
{
	return t == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn ||
		t == PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn ||
		t == PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType ||
		t == PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault ||
		t == PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull ||
		t == PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull ||
		t == PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression;
}

int ls_partition_ids(ls_apply *ap, const ls_table *t, uint64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	for (size_t i = 0; i < ap->cat->n_tables; i++) {
		const ls_table *c = &ap->cat->tables[i];
		if (c->parent_table && !strcmp(c->parent_schema, t->schema) &&
				!strcmp(c->parent_table, t->name)) {
			uint64_t *k = ls_arena_push(ap->cat->arena, (void **)ids, n, sizeof *k);
			if (!k)
				return ls_apply_nomem(ap);
			*k = c->id;
		}
	}
	return 0;
}

/* A CHECK constraint t's children inherit (MergeWithExistingConstraint):
 * the child has one of that name and expression already, or gets a copy
 * that is not its own; and so on down. */
static int add_inherited_check(ls_apply *ap, const ls_table *parent, const ls_constraint *pk)
{
	size_t pos = 0;
	const ls_table *c;
	uint64_t kids[256];
	size_t n = 0;
	while ((c = ls_inherit_child(ap->cat, parent, &pos)) && n < 256)
		kids[n++] = c->id;
	for (size_t i = 0; i < n; i++) {
		ls_table *t = ls_table_by_id(ap->cat, kids[i]);
		ls_constraint *k = ls_table_constraint(t, pk->name);
		if (k) {
			if (k->type != 'c' || strcmp(k->expr, pk->expr))
				return ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" for relation \"%s\" already exists", pk->name, t->name);
			continue;
		}
		k = LS_PUSH(ap->cat, t->constraints, t->n_constraints);
		if (!k)
			return ls_apply_nomem(ap);
		*k = *pk;
		k->comment = NULL;
		k->inherited_only = true;
		ls_index_constraint_added(ap->cat, t, NULL, k->name);
		int rc = add_inherited_check(ap, t, k);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The children of parent after its CHECK name is dropped
 * (ATExecDropConstraint): with ONLY their copies become their own; else a
 * copy no other parent gives and the child never declared goes too, and
 * so on down. */
static int drop_inherited_check(ls_apply *ap, const ls_table *parent, const char *name, bool only)
{
	size_t pos = 0;
	const ls_table *c;
	uint64_t kids[256];
	size_t n = 0;
	while ((c = ls_inherit_child(ap->cat, parent, &pos)) && n < 256)
		kids[n++] = c->id;
	for (size_t i = 0; i < n; i++) {
		ls_table *t = ls_table_by_id(ap->cat, kids[i]);
		ls_constraint *k = ls_table_constraint(t, name);
		if (!k || k->type != 'c')
			continue;
		if (only) {
			k->inherited_only = false;
			continue;
		}
		if (!k->inherited_only || ls_inherit_count(ap->cat, t, NULL, name) > 0)
			continue;
		ls_remove_constraint(ap->cat, t, (size_t)(k - t->constraints));
		int rc = drop_inherited_check(ap, ls_table_by_id(ap->cat, kids[i]), name, false);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int alter_cmd(ls_apply *ap, uint64_t id, PgQuery__AlterTableCmd *cmd);

/* The ids of t's inheritance children (at most 256), in table order. */
static size_t children(ls_apply *ap, uint64_t id, uint64_t *kids)
{
	size_t pos = 0, n = 0;
	for (const ls_table *c; (c = ls_inherit_child(ap->cat, ls_table_by_id(ap->cat, id), &pos)) && n < 256;)
		kids[n++] = c->id;
	return n;
}

/* A subcommand on the parent id, then on each child that has the column,
 * as the server passes ALTER COLUMN TYPE, SET/DROP DEFAULT and SET/DROP
 * NOT NULL down (the child's inherited column may be changed this way
 * only). 1, or a negative LS_E* code. */
static int parent_recurse(ls_apply *ap, uint64_t id, PgQuery__AlterTableCmd *cmd)
{
	int rc = alter_cmd_one(ap, id, cmd);
	uint64_t kids[256];
	size_t n = rc < 0 ? 0 : children(ap, id, kids);
	bool was = ap->recursing;
	ap->recursing = true;
	for (size_t i = 0; i < n && rc >= 0; i++)
		if (ls_table_column(ls_table_by_id(ap->cat, kids[i]), cmd->name))
			rc = alter_cmd(ap, kids[i], cmd);
	ap->recursing = was;
	return rc < 0 ? rc : 1;
}

/* ALTER TABLE parent ADD COLUMN: ONLY and an identity column are refused
 * as the server refuses them; else the children get the column
 * (ls_inherit_add_column) and the CHECKs it brings, and the new order of
 * every descendant must be one the model can write. */
static int parent_add_column(ls_apply *ap, uint64_t id, PgQuery__AlterTableCmd *cmd)
{
	PgQuery__ColumnDef *cd = cmd->def->column_def;
	if (ap->only && !ap->recursing)
		return ls_apply_error(ap, LS_EINVAL, "column must be added to child tables too");
	for (size_t i = 0; i < cd->n_constraints; i++)
		if (cd->constraints[i]->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY)
			return ls_apply_error(ap, LS_EINVAL, "cannot recursively add identity column to table that has child tables");
	ls_table *t = ls_table_by_id(ap->cat, id);
	if (ls_table_column(t, cd->colname))
		return alter_cmd_one(ap, id, cmd) < 0 ? ap->err->code : 1; /* IF NOT EXISTS, or the error */
	const char **had = NULL;
	size_t n_had = 0;
	for (size_t i = 0; i < t->n_constraints; i++) {
		const char **x = ls_arena_push(ap->cat->arena, (void **)&had, &n_had, sizeof *x);
		if (!x)
			return ls_apply_nomem(ap);
		*x = t->constraints[i].name;
	}
	int rc = alter_cmd_one(ap, id, cmd);
	if (rc < 0 || (rc = ls_inherit_add_column(ap, id, cd->colname, 0)) < 0)
		return rc;
	/* the column's CHECKs reach the children as ADD CONSTRAINT's do */
	t = ls_table_by_id(ap->cat, id);
	for (size_t i = 0; i < t->n_constraints; i++) {
		bool old = false;
		for (size_t j = 0; j < n_had && !old; j++)
			old = !strcmp(had[j], t->constraints[i].name);
		if (old || t->constraints[i].type != 'c' || t->constraints[i].no_inherit)
			continue;
		ls_constraint k = t->constraints[i];
		if ((rc = add_inherited_check(ap, t, &k)) < 0)
			return rc;
		t = ls_table_by_id(ap->cat, id);
	}
	rc = ls_inherit_check_order(ap, id, ls_arena_printf(ap->cat->arena, "ALTER TABLE %s ADD COLUMN %s",
			ls_quote_ident(ap->cat->arena, t->name), ls_quote_ident(ap->cat->arena, cd->colname)), 0);
	return rc < 0 ? rc : 1;
}

/* ALTER TABLE parent DROP COLUMN (ATExecDropColumn): a child's copy that
 * no other parent gives and that the child never declared goes too, and
 * so on down; with ONLY the direct children's copies become their own. */
static int parent_drop_column(ls_apply *ap, uint64_t id, PgQuery__AlterTableCmd *cmd)
{
	bool had = ls_table_column(ls_table_by_id(ap->cat, id), cmd->name) != NULL;
	uint64_t kids[256];
	size_t n = children(ap, id, kids);
	/* the columns that go are deleted at once, the copies with the
	 * parent's: a refusal then names none of them */
	bool many = false;
	for (size_t i = 0; i < n && had && !ap->only; i++) {
		ls_table *t = ls_table_by_id(ap->cat, kids[i]);
		ls_column *c = ls_table_column(t, cmd->name);
		many = many || (c && c->inherited_only && ls_inherit_count(ap->cat, t, cmd->name, NULL) == 1);
	}
	/* the parent's CHECKs that use the column go with it, and so do the
	 * children's copies of them no other parent gives and the child never
	 * declared, ONLY or not (the children's own CHECKs stay) */
	const char **checks = NULL;
	size_t n_checks = 0;
	const ls_table *pt = ls_table_by_id(ap->cat, id);
	for (size_t i = 0; had && i < pt->n_constraints; i++) {
		const ls_constraint *k = &pt->constraints[i];
		if (k->type != 'c' || k->no_inherit || !uses_column(ap, k, cmd->name))
			continue;
		const char **slot = ls_arena_push(ap->cat->arena, (void **)&checks, &n_checks, sizeof *checks);
		if (!slot)
			return ls_apply_nomem(ap);
		*slot = k->name;
	}
	int rc = alter_cmd_one(ap, id, cmd);
	if (rc < 0 || !had)
		return rc < 0 ? (many ? ls_apply_refusal_of_many(ap, rc) : rc) : 1;
	bool was = ap->recursing, only = ap->only;
	for (size_t i = 0; i < n && rc >= 0; i++) {
		ls_table *t = ls_table_by_id(ap->cat, kids[i]);
		ls_column *c = t ? ls_table_column(t, cmd->name) : NULL;
		if (!c)
			continue;
		if (only) {
			c->inherited_only = false;
			continue;
		}
		if (!c->inherited_only || ls_inherit_count(ap->cat, t, cmd->name, NULL) > 0)
			continue;
		ap->recursing = true;
		rc = alter_cmd(ap, kids[i], cmd);
		ap->recursing = was;
		if (rc < 0)
			return ls_apply_refusal_of_many(ap, rc);
	}
	for (size_t i = 0; i < n_checks && rc >= 0; i++)
		rc = drop_inherited_check(ap, ls_table_by_id(ap->cat, id), checks[i], false);
	for (size_t i = 0; only && i < n && rc >= 0; i++) {
		ls_table *t = ls_table_by_id(ap->cat, id);
		rc = ls_inherit_check_order(ap, kids[i], ls_arena_printf(ap->cat->arena,
				"ALTER TABLE ONLY %s DROP COLUMN %s", ls_quote_ident(ap->cat->arena, t->name),
				ls_quote_ident(ap->cat->arena, cmd->name)), 0);
	}
	return rc < 0 ? rc : 1;
}

/* A subcommand on a table in an inheritance hierarchy. The ones that do
 * not reach the children (ONLY, or a kind that never recurses) and
 * ADD CONSTRAINT ... CHECK are modelled; those that would change the
 * children too are refused by name. 1 when done here, 0 to go on, or a
 * negative LS_E* code. */
static int inheritance_cmd(ls_apply *ap, uint64_t id, PgQuery__AlterTableCmd *cmd)
{
	ls_table *t = ls_table_by_id(ap->cat, id);
	if (!t)
		return 0;
	PgQuery__AlterTableType st = cmd->subtype;
	if (t->n_inherits && st == PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint) {
		ls_constraint *k = ls_table_constraint(t, cmd->name);
		if (k && ls_inherit_count(ap->cat, t, NULL, k->name) > 0)
			return ls_apply_error(ap, LS_EINVAL, "cannot drop inherited constraint \"%s\" of relation \"%s\"", k->name, t->name);
	}
	if (!ls_inherit_is_parent(ap->cat, t))
		return 0;
	if (st == PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint) {
		ls_constraint *k = ls_table_constraint(t, cmd->name);
		if (!k || k->type != 'c' || k->no_inherit)
			return 0; /* keys and foreign keys are the parent's alone */
		const char *name = k->name;
		int rc = alter_cmd_one(ap, id, cmd);
		if (rc < 0)
			return rc;
		rc = drop_inherited_check(ap, ls_table_by_id(ap->cat, id), name, ap->only);
		return rc < 0 ? rc : 1;
	}
	if (st == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint &&
			cmd->def->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) {
		PgQuery__Constraint *c = cmd->def->constraint;
		if (c->is_no_inherit)
			return 0;
		if (ap->only)
			return ls_apply_error(ap, LS_EINVAL, "constraint must be added to child tables too");
		size_t before = t->n_constraints;
		int rc = ls_add_constraint(ap, t, c);
		if (rc < 0)
			return rc;
		t = ls_table_by_id(ap->cat, id);
		if (t->n_constraints == before)
			return 1;
		ls_constraint k = t->constraints[t->n_constraints - 1];
		rc = add_inherited_check(ap, t, &k);
		return rc < 0 ? rc : 1;
	}
	if (st == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn)
		return parent_add_column(ap, id, cmd);
	if (st == PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn)
		return parent_drop_column(ap, id, cmd);
	if (st == PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType && ap->only && !ap->recursing)
		return ls_apply_error(ap, LS_EINVAL, "type of inherited column \"%s\" must be changed in child tables too", cmd->name);
	/* ATPrepDropExpression: the server passes it to every descendant at
	 * once, as if ONLY, so a child with children of its own refuses too */
	if (st == PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression && (ap->only || ap->recursing))
		return ls_apply_error(ap, LS_EINVAL, "ALTER TABLE / DROP EXPRESSION must be applied to child tables too");
	/* identity stays the parent's own: its children are left alone */
	if (st == PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity ||
			st == PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity ||
			st == PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity)
		return 0;
	if (st == PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression ||
			(st == PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType && !ap->only) ||
			((st == PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault ||
			st == PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull ||
			st == PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull) && !ap->only))
		return parent_recurse(ap, id, cmd);
	bool only_ok = st == PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault ||
		st == PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull ||
		st == PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull;
	bool children = recurses(st) || st == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint ||
		st == PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint ||
		st == PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint ||
		st == PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity ||
		st == PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity ||
		st == PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity;
	if (st == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint &&
			cmd->def->constraint->contype != PG_QUERY__CONSTR_TYPE__CONSTR_CHECK)
		return 0; /* keys and foreign keys are not inherited */
	if (children && !(ap->only && only_ok))
		return ls_apply_error(ap, LS_EUNSUPPORTED,
				"ALTER TABLE on inheritance parent \"%s\" that its child tables would follow is not supported", t->name);
	return 0;
}

/* One subcommand on table id, and on its partitions (and theirs) when the
 * server would pass it down. */
static int alter_cmd(ls_apply *ap, uint64_t id, PgQuery__AlterTableCmd *cmd)
{
	int rc = inheritance_cmd(ap, id, cmd);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	rc = alter_cmd_one(ap, id, cmd);
	ls_table *t = ls_table_by_id(ap->cat, id);
	if (rc < 0 || ap->only || !t || t->kind != LS_TABLE_PARTITIONED || !recurses(cmd->subtype))
		return rc;
	uint64_t *kids;
	size_t n;
	if ((rc = ls_partition_ids(ap, t, &kids, &n)) < 0)
		return rc;
	bool was = ap->recursing;
	ap->recursing = true;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = alter_cmd(ap, kids[i], cmd);
	ap->recursing = was;
	return rc;
}

/* ALTER VIEW / MATERIALIZED VIEW: storage options, owner. */
static int alter_view(ls_apply *ap, PgQuery__AlterTableStmt *s)
{
	ls_view *v = ls_lookup_view(ap->cat, rv_schema(s->relation), s->relation->relname);
	if (!v)
		return s->missing_ok ? 0 : ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", s->relation->relname);
	for (size_t i = 0; i < s->n_cmds; i++) {
		PgQuery__AlterTableCmd *cmd = s->cmds[i]->alter_table_cmd;
		int rc = 0;
		if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions) {
			rc = ls_def_options(ap, cmd->def->list->items, cmd->def->list->n_items, &v->options, &v->n_options);
			ls_view_take_check_option(v);
		} else if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions) {
			reset_options(cmd->def->list, &v->options, &v->n_options);
			for (size_t k = 0; k < cmd->def->list->n_items; k++)
				if (!strcmp(cmd->def->list->items[k]->def_elem->defname, "check_option"))
					v->check_option = NULL;
		} else if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner) {
			const char *owner;
			if ((rc = ls_role_spec(ap, cmd->newowner, &owner)) == 0)
				ls_owner_view(v, owner);
		} else if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault)
			rc = ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported ALTER VIEW subcommand");
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ALTER SEQUENCE s (or ALTER TABLE s, as_table) OWNER TO; other
 * subcommands are not modelled (ALTER SEQUENCE), or refused (ALTER
 * TABLE). */
/* Whether two owners are the same role (NULL: the role the script starts as). */
static bool same_owner(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* ALTER SEQUENCE (or ALTER TABLE on a sequence) with OWNER TO, SET LOGGED,
 * SET UNLOGGED: the AlterTableStmt forms a sequence takes. A sequence
 * linked to a table (serial, identity) changes owner only with its table
 * (ATExecChangeOwner). */
static int alter_sequence_owner(ls_apply *ap, PgQuery__AlterTableStmt *s, bool as_table)
{
	ls_sequence *q = ls_lookup_sequence(ap->cat, rv_schema(s->relation), s->relation->relname);
	if (!q)
		return s->missing_ok ? 0 : ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist",
				s->relation->relname);
	bool persistence = false;
	for (size_t i = 0; i < s->n_cmds; i++) {
		PgQuery__AlterTableCmd *cmd = s->cmds[i]->alter_table_cmd;
		if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged ||
				cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged) {
			if (persistence)
				return ls_apply_error(ap, LS_EINVAL, "cannot change persistence setting twice");
			persistence = true;
			q->unlogged = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged;
			continue;
		}
		if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner) {
			if (as_table)
				return ls_apply_error(ap, LS_EINVAL, "\"%s\" is not a table", s->relation->relname);
			return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported ALTER SEQUENCE action");
		}
		const char *owner;
		int rc = ls_role_spec(ap, cmd->newowner, &owner);
		if (rc < 0)
			return rc;
		if ((q->owned_table || q->identity) && !same_owner(q->owner, owner))
			return ls_apply_error(ap, LS_EINVAL, "cannot change owner of sequence \"%s\"", q->name);
		ls_owner_sequence(q, owner);
	}
	return 0;
}

static ls_index *find_index_any(ls_catalog *cat, const PgQuery__RangeVar *rv)
{
	return ls_lookup_index(cat, rv_schema(rv), rv->relname);
}

int ls_apply_alter_table(ls_apply *ap, PgQuery__AlterTableStmt *s)
{
	ls_catalog *cat = ap->cat;
	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
		ls_index *x = find_index_any(cat, s->relation);
		if (!x)
			return s->missing_ok ? 0 : ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", s->relation->relname);
		for (size_t i = 0; i < s->n_cmds; i++) {
			PgQuery__AlterTableCmd *cmd = s->cmds[i]->alter_table_cmd;
			if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions) {
				int rc = ls_def_options(ap, cmd->def->list->items, cmd->def->list->n_items, &x->options, &x->n_options);
				if (rc < 0)
					return rc;
			} else if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions) {
				reset_options(cmd->def->list, &x->options, &x->n_options);
			} else if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition) {
				PgQuery__RangeVar *rv = cmd->def->partition_cmd->name;
				int rc = ls_attach_index(ap, x, rv_schema(rv), rv->relname);
				if (rc < 0)
					return rc;
			} else if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics) {
				return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported ALTER INDEX subcommand");
			}
		}
		return 0;
	}
	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ||
			s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW)
		return alter_view(ap, s);
	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE)
		return alter_sequence_owner(ap, s, false);
	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
		return ls_apply_alter_type_attributes(ap, s);
	ls_table *t = ls_lookup_table(cat, rv_schema(s->relation), s->relation->relname);
	if (!t && ls_lookup_view(cat, rv_schema(s->relation), s->relation->relname))
		return alter_view(ap, s); /* ALTER TABLE works on views for what both allow */
	if (!t && ls_lookup_sequence(cat, rv_schema(s->relation), s->relation->relname))
		return alter_sequence_owner(ap, s, true); /* pg_dump writes ALTER TABLE seq OWNER TO */
	if (!t) {
		if (s->missing_ok)
			return 0;
		return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", s->relation->relname);
	}
	uint64_t id = t->id;
	LS_REL(ap, t);
	ap->only = !s->relation->inh;
	for (size_t i = 0; i < s->n_cmds; i++) {
		int rc = alter_cmd(ap, id, s->cmds[i]->alter_table_cmd);
		if (rc < 0) {
			ap->only = false;
			return rc;
		}
	}
	ap->only = false;
	return 0;
}

/* COMMENT ON and GRANT / REVOKE. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "apply_table.h"
#include "apply_func.h"

#include <string.h>

/* The relation a column comment names, in one schema: a table, view,
 * materialized view or composite type; sequences and indexes are refused
 * as the server refuses them. Returns the slot, NULL with *found false
 * when the schema has no relation of that name, NULL with an error set. */
static const char **column_slot_in(ls_apply *ap, const char *schema, const char *rel,
		const char *col, bool *found)
{
	ls_catalog *cat = ap->cat;
	*found = true;
	ls_table *t = ls_catalog_find_table(cat, schema, rel);
	if (t) {
		ls_column *c = ls_table_column(t, col);
		if (c)
			return &c->comment;
		ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" does not exist", col, rel);
		return NULL;
	}
	ls_view *v = ls_catalog_find_view(cat, schema, rel);
	if (v) {
		for (size_t i = 0; i < v->n_columns; i++) {
			if (strcmp(v->columns[i], col))
				continue;
			if (!v->column_comments) {
				/* an array of its own, beside columns (never pushed to) */
				v->column_comments = ls_arena_alloc(cat->arena,
						v->n_columns * sizeof *v->column_comments);
				if (!v->column_comments) {
					ls_apply_nomem(ap);
					return NULL;
				}
				memset(v->column_comments, 0, v->n_columns * sizeof *v->column_comments);
			}
			return &v->column_comments[i];
		}
		ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" does not exist", col, rel);
		return NULL;
	}
	ls_type *ty = ls_catalog_find_type(cat, schema, rel);
	if (ty && ty->kind == LS_TYPE_COMPOSITE) {
		for (size_t i = 0; i < ty->n_attributes; i++)
			if (!strcmp(ty->attributes[i].name, col))
				return &ty->attributes[i].comment;
		ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" does not exist", col, rel);
		return NULL;
	}
	if (ls_catalog_find_sequence(cat, schema, rel) || ls_catalog_find_index(cat, schema, rel)) {
		ls_apply_error(ap, LS_EINVAL, "cannot set comment on relation \"%s\"", rel);
		return NULL;
	}
	*found = false;
	return NULL;
}

/* COMMENT ON COLUMN [schema.]rel.col: the relation found as the server
 * finds a relation (pg_temp, then search_path, when not qualified). */
static const char **column_comment_slot(ls_apply *ap, const char *schema, const char *rel,
		const char *col)
{
	ls_catalog *cat = ap->cat;
	bool found = false;
	const char **slot = NULL;
	if (schema)
		slot = column_slot_in(ap, schema, rel, col, &found);
	else {
		if (ls_catalog_find_schema(cat, "pg_temp"))
			slot = column_slot_in(ap, "pg_temp", rel, col, &found);
		for (size_t i = 0; !found && i < cat->n_search_path; i++)
			slot = column_slot_in(ap, cat->search_path[i], rel, col, &found);
	}
	if (!found)
		ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", rel);
	return slot;
}

/* The comment slot of the object a COMMENT ON names, or NULL (error set). */
static const char **comment_slot(ls_apply *ap, PgQuery__CommentStmt *s)
{
	ls_catalog *cat = ap->cat;
	pgnode *o = s->object;
	const char *schema = NULL, *name = NULL;
	PgQuery__List *l = o->node_case == PG_QUERY__NODE__NODE_LIST ? o->list : NULL;
	switch (s->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
		ls_schema *sc = ls_catalog_find_schema(cat, o->string->sval);
		if (sc)
			return &sc->comment;
		ls_apply_error(ap, LS_EINVAL, "schema \"%s\" does not exist", o->string->sval);
		return NULL;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION:
		return ls_collation_comment(ap, o);
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
		/* An extension's comment comes from its control file unless set;
		 * offline that default is unknown, so extension comments are not
		 * part of the model: checked, then dropped. */
		static const char *ignored;
		for (size_t i = 0; i < cat->n_extensions; i++)
			if (!strcmp(cat->extensions[i].name, o->string->sval))
				return &ignored;
		ls_apply_error(ap, LS_EINVAL, "extension \"%s\" does not exist", o->string->sval);
		return NULL;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
		if (!l || l->n_items < 2) {
			ls_apply_error(ap, LS_EINVAL, "column name must be qualified");
			return NULL;
		}
		const char *col = l->items[l->n_items - 1]->string->sval;
		const char *tn = l->items[l->n_items - 2]->string->sval;
		const char *sn = l->n_items > 2 ? l->items[l->n_items - 3]->string->sval : NULL;
		return column_comment_slot(ap, sn, tn, col);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT: {
		if (!l || l->n_items != 2 || l->items[0]->node_case != PG_QUERY__NODE__NODE_TYPE_NAME) {
			ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported COMMENT ON");
			return NULL;
		}
		PgQuery__TypeName *tn = l->items[0]->type_name;
		const char *con = l->items[1]->string->sval;
		ls_name_list((const pgnode *const *)tn->names, tn->n_names, &schema, &name);
		ls_type *t = name ? ls_lookup_type(cat, schema, name) : NULL;
		if (!t) {
			ls_apply_error(ap, LS_EINVAL, "type \"%s\" does not exist", name ? name : "?");
			return NULL;
		}
		if (t->kind != LS_TYPE_DOMAIN) {
			ls_apply_error(ap, LS_EINVAL, "\"%s\" is not a domain", t->name);
			return NULL;
		}
		for (size_t i = 0; i < t->n_checks; i++)
			if (!strcmp(t->checks[i].name, con))
				return &t->checks[i].comment;
		/* the domain as format_type_be names it: bare when visible */
		ls_apply_error(ap, LS_EINVAL, "constraint \"%s\" for domain %s does not exist", con,
				ls_lookup_type(cat, NULL, t->name) == t ? ls_quote_ident(cat->arena, t->name) :
				ls_qualify(cat->arena, t->schema, t->name));
		return NULL;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: {
		if (!l || l->n_items < 2) {
			ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported COMMENT ON");
			return NULL;
		}
		const char *sub = l->items[l->n_items - 1]->string->sval;
		const char *tn = l->items[l->n_items - 2]->string->sval;
		const char *sn = l->n_items > 2 ? l->items[l->n_items - 3]->string->sval : NULL;
		ls_table *t = ls_lookup_table(cat, sn, tn);
		ls_view *v = !t && s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER ?
			ls_lookup_view(cat, sn, tn) : NULL;
		for (size_t i = 0; v && i < v->n_triggers; i++)
			if (!strcmp(v->triggers[i].name, sub))
				return &v->triggers[i].comment;
		if (v) {
			ls_apply_error(ap, LS_EINVAL, "trigger \"%s\" for table \"%s\" does not exist", sub, tn);
			return NULL;
		}
		if (!t) {
			ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", tn);
			return NULL;
		}
		if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT) {
			ls_constraint *k = ls_table_constraint(t, sub);
			if (k)
				return &k->comment;
		}
		for (size_t i = 0; s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER && i < t->n_triggers; i++)
			if (!strcmp(t->triggers[i].name, sub))
				return &t->triggers[i].comment;
		for (size_t i = 0; s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_POLICY && i < t->n_policies; i++)
			if (!strcmp(t->policies[i].name, sub))
				return &t->policies[i].comment;
		ls_apply_error(ap, LS_EINVAL, "%s \"%s\" for table \"%s\" does not exist",
				s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT ? "constraint" :
				s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER ? "trigger" : "policy", sub, tn);
		return NULL;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE: {
		/* by signature: an overload's comment is its own */
		ls_function *f;
		char kind = ls_routine_kind(s->objtype);
		if (ls_lookup_function_args(ap, o->object_with_args, kind, false, &f) < 0)
			return NULL;
		return &f->comment;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
		PgQuery__TypeName *tn = o->type_name;
		ls_name_list((const pgnode *const *)tn->names, tn->n_names, &schema, &name);
		ls_type *t = name ? ls_lookup_type(cat, schema, name) : NULL;
		if (t)
			return &t->comment;
		ls_apply_error(ap, LS_EINVAL, "type \"%s\" does not exist", name ? name : "?");
		return NULL;
	}
	default:
		break;
	}
	if (ls_object_kind_sql(s->objtype) && s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION &&
			s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION &&
			s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE) {
		ls_apply_error(ap, LS_EUNSUPPORTED, "COMMENT ON %s is not supported",
				ls_object_kind_sql(s->objtype));
		return NULL;
	}
	if (!l || ls_name_list((const pgnode *const *)l->items, l->n_items, &schema, &name) < 0) {
		ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported COMMENT ON");
		return NULL;
	}
	ls_table *t;
	ls_view *v;
	ls_index *x;
	ls_sequence *q;
	switch (s->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		if ((t = ls_lookup_table(cat, schema, name)))
			return &t->comment;
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
		if ((v = ls_lookup_view(cat, schema, name)))
			return &v->comment;
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
		if ((x = ls_lookup_index(cat, schema, name)))
			return &x->comment;
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		if ((q = ls_lookup_sequence(cat, schema, name)))
			return &q->comment;
		break;
	default:
		ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported COMMENT ON");
		return NULL;
	}
	ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", name);
	return NULL;
}

int ls_apply_comment(ls_apply *ap, PgQuery__CommentStmt *s)
{
	const char **slot = comment_slot(ap, s);
	if (!slot)
		return ap->err->code;
	/* COMMENT ... IS NULL and IS '' both remove the comment. */
	*slot = s->comment && *s->comment ? ls_arena_strdup(ap->cat->arena, s->comment) : NULL;
	return 0;
}

/* Privileges that ALL means for each kind of object. */
static const char *const table_all[] = {"DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE", NULL};
static const char *const seq_all[] = {"SELECT", "UPDATE", "USAGE", NULL};
static const char *const schema_all[] = {"CREATE", "USAGE", NULL};
static const char *const func_all[] = {"EXECUTE", NULL};
static const char *const type_all[] = {"USAGE", NULL};

/* Add or remove one privilege in a grant list. */
static int change_grant(ls_apply *ap, ls_grant **grants, size_t *n, const char *grantee,
		const char *priv, bool grant, bool option)
{
	for (size_t i = 0; i < *n; i++) {
		ls_grant *g = &(*grants)[i];
		if (strcmp(g->grantee, grantee) || strcmp(g->privilege, priv))
			continue;
		if (grant)
			g->grantable = g->grantable || option;
		else if (option)
			g->grantable = false; /* REVOKE GRANT OPTION FOR */
		else
			LS_REMOVE(*grants, *n, i);
		return 0;
	}
	if (!grant)
		return 0;
	ls_grant *g = ls_arena_push(ap->cat->arena, (void **)grants, n, sizeof **grants);
	if (!g)
		return ls_apply_nomem(ap);
	g->grantee = grantee;
	g->privilege = priv;
	g->grantable = option;
	return 0;
}

static char *upper(ls_arena *a, const char *s)
{
	char *u = ls_arena_strdup(a, s);
	for (char *p = u; p && *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return u;
}

/* The grantee r of a GRANT or REVOKE on an object owned by owner: *out
 * its name, or NULL when it is the owner (who holds every privilege: a
 * grant adds nothing, and its own entries are not modelled, as introspect
 * leaves them out). CURRENT_USER and SESSION_USER name the running role;
 * when that is the starting role, whose name is unknown offline, and it
 * does not own the object, the statement is refused. */
static int grantee_of(ls_apply *ap, const PgQuery__RoleSpec *r, const char *owner,
		const char **out)
{
	const char *name;
	int rc = ls_role_spec(ap, r, &name);
	if (rc < 0)
		return rc;
	bool named = r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING ||
		r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC;
	if (!named && ls_same_role(name, owner)) {
		*out = NULL;
		return 0;
	}
	if (!name)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "a grant to %s, the role the script "
				"starts as (its name is not known offline), on an object it does not own "
				"is not supported",
				r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER ?
				"SESSION_USER" : "CURRENT_USER");
	*out = owner && !strcmp(name, owner) && strcmp(name, "PUBLIC") ? NULL : name;
	return 0;
}

/* Apply the privileges of s to one grant list (or, for column privileges,
 * to the columns of t) of an object owned by owner (NULL: the starting
 * role). */
static int grant_to(ls_apply *ap, PgQuery__GrantStmt *s, ls_grant **grants, size_t *n,
		const char *const *all, ls_table *t, const char *owner)
{
	for (size_t g = 0; g < s->n_grantees; g++) {
		PgQuery__RoleSpec *r = s->grantees[g]->role_spec;
		const char *grantee;
		int rc = grantee_of(ap, r, owner, &grantee);
		if (rc < 0)
			return rc;
		if (!grantee)
			continue;
		bool option = s->is_grant ? s->grant_option : s->grant_option;
		if (s->n_privileges == 0) {
			for (size_t i = 0; all[i]; i++) {
				if (change_grant(ap, grants, n, grantee, all[i], s->is_grant, option) < 0)
					return ap->err->code;
				for (size_t c = 0; t && !s->is_grant && c < t->n_columns; c++)
					if (change_grant(ap, &t->columns[c].grants, &t->columns[c].n_grants, grantee,
							all[i], false, option) < 0)
						return ap->err->code;
			}
			continue;
		}
		for (size_t p = 0; p < s->n_privileges; p++) {
			PgQuery__AccessPriv *pr = s->privileges[p]->access_priv;
			const char *priv = upper(ap->cat->arena, pr->priv_name);
			if (!priv)
				return ls_apply_nomem(ap);
			if (pr->n_cols == 0) {
				if (change_grant(ap, grants, n, grantee, priv, s->is_grant, option) < 0)
					return ap->err->code;
				/* revoking a table privilege revokes it on every column */
				for (size_t c = 0; t && !s->is_grant && c < t->n_columns; c++)
					if (change_grant(ap, &t->columns[c].grants, &t->columns[c].n_grants, grantee,
							priv, false, option) < 0)
						return ap->err->code;
				continue;
			}
			for (size_t c = 0; c < pr->n_cols; c++) {
				const char *cn = pr->cols[c]->string->sval;
				ls_column *col = t ? ls_table_column(t, cn) : NULL;
				if (!col)
					return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" does not exist", cn, t ? t->name : "?");
				if (change_grant(ap, &col->grants, &col->n_grants, grantee, priv, s->is_grant, option) < 0)
					return ap->err->code;
			}
		}
	}
	return 0;
}

/* GRANT/REVOKE USAGE ON TYPE/DOMAIN name. Types are USAGE only. The row
 * type of a table or view and the built-in types take privileges too; they
 * are not modelled, so those grants are checked and dropped. */
static int grant_type(ls_apply *ap, PgQuery__GrantStmt *s, pgnode *o)
{
	ls_catalog *cat = ap->cat;
	const char *word = s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN ? "domain" : "type";
	for (size_t p = 0; p < s->n_privileges; p++) {
		const char *priv = s->privileges[p]->access_priv->priv_name;
		if (strcmp(priv, "usage") != 0) {
			char *u = upper(cat->arena, priv);
			return u ? ls_apply_error(ap, LS_EINVAL, "invalid privilege type %s for %s", u, word) :
				ls_apply_nomem(ap);
		}
	}
	if (o->node_case != PG_QUERY__NODE__NODE_LIST)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported GRANT target");
	const char *schema, *name;
	PgQuery__List *l = o->list;
	if (ls_name_list((const pgnode *const *)l->items, l->n_items, &schema, &name) < 0)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported GRANT target");
	ls_type *t = ls_lookup_type(cat, schema, name);
	if (t) {
		if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN && t->kind != LS_TYPE_DOMAIN)
			return ls_apply_error(ap, LS_EINVAL, "\"%s\" is not a domain", t->name);
		return grant_to(ap, s, &t->grants, &t->n_grants, type_all, NULL, t->owner);
	}
	bool rowtype = ls_lookup_table(cat, schema, name) || ls_lookup_view(cat, schema, name);
	if (rowtype && s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN)
		return ls_apply_error(ap, LS_EINVAL, "\"%s\" is not a domain", name);
	if (rowtype)
		return 0;
	/* the grammar's aliases are no pg_type names: GRANT looks the name up
	 * as written */
	static const char *const aliases[] = {"bigint", "boolean", "decimal", "int", "integer",
		"real", "smallint"};
	for (size_t i = 0; !schema && i < sizeof aliases / sizeof *aliases; i++)
		if (!strcmp(name, aliases[i]))
			return ls_apply_error(ap, LS_EINVAL, "type \"%s\" does not exist", name);
	/* a built-in type, or the error the type lookup gives */
	const char *text = schema ? ls_qualify(cat->arena, schema, name) : ls_quote_ident(cat->arena, name);
	if (!text)
		return ls_apply_nomem(ap);
	return ls_type_name_text(ap, text) ? 0 : ap->err->code;
}

static int grant_one(ls_apply *ap, PgQuery__GrantStmt *s, pgnode *o)
{
	ls_catalog *cat = ap->cat;
	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) {
		ls_schema *sc = ls_catalog_find_schema(cat, o->string->sval);
		if (!sc)
			return ls_apply_error(ap, LS_EINVAL, "schema \"%s\" does not exist", o->string->sval);
		return grant_to(ap, s, &sc->grants, &sc->n_grants, schema_all, NULL, sc->owner);
	}
	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION ||
			s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE ||
			s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE) {
		/* by signature, as LookupFuncWithArgs: the grants of one overload
		 * are that overload's, never the first one of the name */
		char kind = s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE ? 'p' :
			s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE ? 'r' : 'f';
		ls_function *f;
		int rc = ls_lookup_function_args(ap, o->object_with_args, kind, false, &f);
		if (rc < 0)
			return rc;
		return grant_to(ap, s, &f->grants, &f->n_grants, func_all, NULL, f->owner);
	}
	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE ||
			s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN)
		return grant_type(ap, s, o);
	if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
			s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported GRANT target");
	PgQuery__RangeVar *rv = o->range_var;
	const char *schema = rv->schemaname[0] ? rv->schemaname : NULL;
	ls_table *t = ls_lookup_table(cat, schema, rv->relname);
	if (t)
		return grant_to(ap, s, &t->grants, &t->n_grants, table_all, t, t->owner);
	ls_view *v = ls_lookup_view(cat, schema, rv->relname);
	if (v)
		return grant_to(ap, s, &v->grants, &v->n_grants, table_all, NULL, v->owner);
	ls_sequence *q = ls_lookup_sequence(cat, schema, rv->relname);
	if (q)
		return grant_to(ap, s, &q->grants, &q->n_grants,
				s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE ? seq_all : table_all, NULL,
				q->owner);
	return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", rv->relname);
}

/* GRANT ... ON ALL TABLES / SEQUENCES / FUNCTIONS IN SCHEMA s: the
 * objects that exist now (ALL TABLES includes views). */
static int grant_all_in_schema(ls_apply *ap, PgQuery__GrantStmt *s)
{
	ls_catalog *cat = ap->cat;
	for (size_t i = 0; i < s->n_objects; i++) {
		const char *schema = s->objects[i]->string->sval;
		if (!ls_catalog_find_schema(cat, schema))
			return ls_apply_error(ap, LS_EINVAL, "schema \"%s\" does not exist", schema);
		int rc = 0;
		if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
			for (size_t j = 0; rc == 0 && j < cat->n_tables; j++)
				if (!strcmp(cat->tables[j].schema, schema))
					rc = grant_to(ap, s, &cat->tables[j].grants, &cat->tables[j].n_grants, table_all,
							&cat->tables[j], cat->tables[j].owner);
			for (size_t j = 0; rc == 0 && j < cat->n_views; j++)
				if (!strcmp(cat->views[j].schema, schema))
					rc = grant_to(ap, s, &cat->views[j].grants, &cat->views[j].n_grants, table_all,
							NULL, cat->views[j].owner);
		} else if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE) {
			for (size_t j = 0; rc == 0 && j < cat->n_sequences; j++)
				if (!strcmp(cat->sequences[j].schema, schema))
					rc = grant_to(ap, s, &cat->sequences[j].grants, &cat->sequences[j].n_grants, seq_all,
							NULL, cat->sequences[j].owner);
		} else {
			for (size_t j = 0; rc == 0 && j < cat->n_functions; j++)
				if (!strcmp(cat->functions[j].schema, schema))
					rc = grant_to(ap, s, &cat->functions[j].grants, &cat->functions[j].n_grants, func_all,
							NULL, cat->functions[j].owner);
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

int ls_apply_grant(ls_apply *ap, PgQuery__GrantStmt *s)
{
	if (s->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_ALL_IN_SCHEMA)
		return grant_all_in_schema(ap, s);
	if (s->targtype != PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_OBJECT)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported GRANT target");
	for (size_t i = 0; i < s->n_objects; i++) {
		int rc = grant_one(ap, s, s->objects[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

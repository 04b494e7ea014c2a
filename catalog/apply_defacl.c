/* ALTER DEFAULT PRIVILEGES, and the privileges a new object gets.
 *
 * PostgreSQL keeps default privileges in pg_default_acl, one entry per
 * (role, schema or none, object kind) (aclchk.c, SetDefaultACL). A global
 * entry holds the whole default for that kind and is removed when it ends
 * equal to the built-in one (acldefault: PUBLIC EXECUTE on functions,
 * PUBLIC USAGE on types, nothing to others on the rest); a schema's entry
 * holds what is added on top of the global default, starts empty and is
 * removed when empty again: it can add, never take away. A new object
 * created by the role gets the global default (or the built-in one)
 * merged with its schema's entry (get_user_default_acl).
 *
 * Offline, a script starts as one role whose name is not known: the
 * entries of that role have role NULL. SET ROLE r and SET SESSION
 * AUTHORIZATION r make r the role running what follows (txn.c): an ALTER
 * DEFAULT PRIVILEGES without FOR ROLE, or FOR ROLE CURRENT_USER, is then
 * r's entry, and objects created then get r's defaults. A named role is
 * another one than the starting role. As for objects, privileges the
 * role holds as owner are not modelled: a grant or revoke of the role's
 * own entry changes nothing (introspect leaves it out).
 */
#define _POSIX_C_SOURCE 200809L
#include "build.h"

#include <string.h>
#include <strings.h>

static const char *const table_privs[] = {"DELETE", "INSERT", "REFERENCES", "SELECT",
	"TRIGGER", "TRUNCATE", "UPDATE", NULL};
static const char *const sequence_privs[] = {"SELECT", "UPDATE", "USAGE", NULL};
static const char *const function_privs[] = {"EXECUTE", NULL};
static const char *const type_privs[] = {"USAGE", NULL};
static const char *const schema_privs[] = {"CREATE", "USAGE", NULL};

/* The privileges ALL means for a kind, and the kind's name in the
 * server's "invalid privilege type X for Y" message. */
static const char *const *kind_privs(ls_defacl_kind k, const char **what)
{
	switch (k) {
	case LS_DEFACL_TABLES: *what = "relation"; return table_privs;
	case LS_DEFACL_SEQUENCES: *what = "sequence"; return sequence_privs;
	case LS_DEFACL_FUNCTIONS: *what = "function"; return function_privs;
	case LS_DEFACL_TYPES: *what = "type"; return type_privs;
	case LS_DEFACL_SCHEMAS: *what = "schema"; return schema_privs;
	}
	*what = "object";
	return NULL;
}

const char *ls_defacl_kind_word(ls_defacl_kind k)
{
	switch (k) {
	case LS_DEFACL_TABLES: return "TABLES";
	case LS_DEFACL_SEQUENCES: return "SEQUENCES";
	case LS_DEFACL_FUNCTIONS: return "FUNCTIONS";
	case LS_DEFACL_TYPES: return "TYPES";
	case LS_DEFACL_SCHEMAS: return "SCHEMAS";
	}
	return "TABLES";
}

const char *ls_defacl_builtin_privilege(ls_defacl_kind k)
{
	return k == LS_DEFACL_FUNCTIONS ? "EXECUTE" : k == LS_DEFACL_TYPES ? "USAGE" : NULL;
}

static bool eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

ls_default_acl *ls_find_default_acl(ls_catalog *cat, const char *role, const char *schema,
		ls_defacl_kind kind)
{
	for (size_t i = 0; i < cat->n_default_acls; i++) {
		ls_default_acl *d = &cat->default_acls[i];
		if (d->kind == kind && eq(d->role, role) && eq(d->schema, schema))
			return d;
	}
	return NULL;
}

/* Add a privilege to a list as GRANT does (a grant option only adds). */
static int add_grant(ls_catalog *cat, ls_grant **g, size_t *n, const char *grantee,
		const char *priv, bool option)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*g)[i].grantee, grantee) && !strcmp((*g)[i].privilege, priv)) {
			(*g)[i].grantable = (*g)[i].grantable || option;
			return 0;
		}
	ls_grant *x = LS_PUSH(cat, *g, *n);
	if (!x)
		return LS_ENOMEM;
	x->grantee = grantee;
	x->privilege = priv;
	x->grantable = option;
	return 0;
}

int ls_default_grants(ls_catalog *cat, ls_defacl_kind kind, const char *schema,
		ls_grant **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	/* the entries of the role creating it (SET ROLE) */
	const char *role = ls_current_role(cat);
	const ls_default_acl *global = ls_find_default_acl(cat, role, NULL, kind);
	int rc = 0;
	if (global) {
		for (size_t i = 0; rc == 0 && i < global->n_grants; i++)
			rc = add_grant(cat, out, n, global->grants[i].grantee,
					global->grants[i].privilege, global->grants[i].grantable);
	} else if (ls_defacl_builtin_privilege(kind)) {
		rc = add_grant(cat, out, n, "PUBLIC", ls_defacl_builtin_privilege(kind), false);
	}
	const ls_default_acl *own = schema ? ls_find_default_acl(cat, role, schema, kind) : NULL;
	for (size_t i = 0; rc == 0 && own && i < own->n_grants; i++)
		rc = add_grant(cat, out, n, own->grants[i].grantee, own->grants[i].privilege,
				own->grants[i].grantable);
	return rc;
}

/* Whether a global entry's grants are the built-in default. */
static bool is_builtin(const ls_default_acl *d)
{
	const char *p = ls_defacl_builtin_privilege(d->kind);
	if (!p)
		return d->n_grants == 0;
	return d->n_grants == 1 && !strcmp(d->grants[0].grantee, "PUBLIC") &&
		!strcmp(d->grants[0].privilege, p) && !d->grants[0].grantable;
}

static ls_defacl_kind kind_of(PgQuery__ObjectType t, bool *ok)
{
	*ok = true;
	switch (t) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: return LS_DEFACL_TABLES;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: return LS_DEFACL_SEQUENCES;
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: return LS_DEFACL_FUNCTIONS;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: return LS_DEFACL_TYPES;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: return LS_DEFACL_SCHEMAS;
	default:
		*ok = false;
		return LS_DEFACL_TABLES;
	}
}

/* The privilege names of the statement, upper case and checked against
 * the kind; *all set for ALL [PRIVILEGES]. */
static int statement_privs(ls_apply *ap, const PgQuery__GrantStmt *g, ls_defacl_kind kind,
		const char ***out, size_t *n)
{
	const char *what;
	const char *const *valid = kind_privs(kind, &what);
	*out = NULL;
	*n = 0;
	if (g->n_privileges == 0) {
		for (size_t i = 0; valid[i]; i++) {
			const char **slot = LS_PUSH(ap->cat, *out, *n);
			if (!slot)
				return ls_apply_nomem(ap);
			*slot = valid[i];
		}
		return 0;
	}
	for (size_t p = 0; p < g->n_privileges; p++) {
		const PgQuery__AccessPriv *pr = g->privileges[p]->access_priv;
		if (pr->n_cols)
			return ls_apply_error(ap, LS_EINVAL, "default privileges cannot be set for columns");
		const char *name = NULL;
		for (size_t i = 0; valid[i] && !name; i++)
			if (!strcasecmp(valid[i], pr->priv_name))
				name = valid[i];
		if (!name) {
			char up[64];
			size_t k = 0;
			for (; pr->priv_name[k] && k < sizeof up - 1; k++)
				up[k] = (char)(pr->priv_name[k] >= 'a' && pr->priv_name[k] <= 'z' ?
						pr->priv_name[k] - 'a' + 'A' : pr->priv_name[k]);
			up[k] = '\0';
			return ls_apply_error(ap, LS_EINVAL, "invalid privilege type %s for %s", up, what);
		}
		const char **slot = LS_PUSH(ap->cat, *out, *n);
		if (!slot)
			return ls_apply_nomem(ap);
		*slot = name;
	}
	return 0;
}

/* One entry (role, schema, kind) changed by the statement. */
static int change_entry(ls_apply *ap, const PgQuery__GrantStmt *g, const char *role,
		const char *schema, ls_defacl_kind kind, const char **privs, size_t n_privs)
{
	ls_catalog *cat = ap->cat;
	ls_default_acl *d = ls_find_default_acl(cat, role, schema, kind);
	if (!d) {
		if (schema && !g->is_grant)
			return 0; /* a schema's entry cannot take away: nothing to revoke */
		d = LS_PUSH(cat, cat->default_acls, cat->n_default_acls);
		if (!d)
			return ls_apply_nomem(ap);
		d->role = role;
		d->schema = schema;
		d->kind = kind;
		if (!schema && ls_defacl_builtin_privilege(kind) &&
				add_grant(cat, &d->grants, &d->n_grants, "PUBLIC",
					ls_defacl_builtin_privilege(kind), false) < 0)
			return ls_apply_nomem(ap);
	}
	for (size_t i = 0; i < g->n_grantees; i++) {
		const PgQuery__RoleSpec *r = g->grantees[i]->role_spec;
		const char *grantee;
		if (ls_role_spec(ap, r, &grantee) < 0)
			return ap->err->code;
		bool named = r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC ||
			r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING;
		/* the role itself: it will own what it creates, and the owner's
		 * privileges are not modelled (introspect leaves them out) */
		if (named ? role && !strcmp(grantee, role) : ls_same_role(grantee, role))
			continue;
		if (!grantee)
			return ls_apply_error(ap, LS_EUNSUPPORTED, "default privileges for %s, the "
					"role the script starts as (its name is not known offline), of another "
					"role are not supported",
					r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER ?
					"SESSION_USER" : "CURRENT_USER");
		for (size_t p = 0; p < n_privs; p++) {
			if (g->is_grant) {
				if (add_grant(cat, &d->grants, &d->n_grants, grantee, privs[p],
						g->grant_option) < 0)
					return ls_apply_nomem(ap);
				continue;
			}
			for (size_t k = 0; k < d->n_grants; k++) {
				ls_grant *x = &d->grants[k];
				if (strcmp(x->grantee, grantee) || strcmp(x->privilege, privs[p]))
					continue;
				if (g->grant_option)
					x->grantable = false; /* REVOKE GRANT OPTION FOR */
				else
					LS_REMOVE(d->grants, d->n_grants, k);
				break;
			}
		}
	}
	/* an entry equal to what the server assumes without one goes */
	if (schema ? d->n_grants == 0 : is_builtin(d))
		LS_REMOVE(cat->default_acls, cat->n_default_acls, (size_t)(d - cat->default_acls));
	return 0;
}

int ls_apply_alter_default_privileges(ls_apply *ap, PgQuery__AlterDefaultPrivilegesStmt *s)
{
	ls_catalog *cat = ap->cat;
	const PgQuery__GrantStmt *g = s->action;
	bool ok;
	ls_defacl_kind kind = kind_of(g->objtype, &ok);
	if (!ok)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported ALTER DEFAULT PRIVILEGES target");
	/* no FOR ROLE: the role running it, as SET ROLE left it */
	const char *roles_one[] = {ls_current_role(cat)};
	const char **roles = roles_one, **schemas = NULL;
	size_t n_roles = 1, n_schemas = 0;
	for (size_t i = 0; i < s->n_options; i++) {
		const PgQuery__DefElem *d = s->options[i]->def_elem;
		if (!d || !d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_LIST)
			continue;
		const PgQuery__List *l = d->arg->list;
		if (!strcmp(d->defname, "schemas")) {
			for (size_t k = 0; k < l->n_items; k++) {
				const char *name = l->items[k]->string->sval;
				ls_schema *sc = ls_catalog_find_schema(cat, name);
				if (!sc)
					return ls_apply_error(ap, LS_EINVAL, "schema \"%s\" does not exist", name);
				const char **slot = LS_PUSH(cat, schemas, n_schemas);
				if (!slot)
					return ls_apply_nomem(ap);
				*slot = sc->name;
			}
		} else if (!strcmp(d->defname, "roles")) {
			roles = NULL;
			n_roles = 0;
			for (size_t k = 0; k < l->n_items; k++) {
				/* CURRENT_USER, SESSION_USER: NULL for the starting role */
				const char **slot = LS_PUSH(cat, roles, n_roles);
				if (!slot)
					return ls_apply_nomem(ap);
				if (ls_role_spec(ap, l->items[k]->role_spec, slot) < 0)
					return ap->err->code;
			}
		}
	}
	if (n_schemas && kind == LS_DEFACL_SCHEMAS)
		return ls_apply_error(ap, LS_EINVAL,
				"cannot use IN SCHEMA clause when using GRANT/REVOKE ON SCHEMAS");
	const char **privs;
	size_t n_privs;
	int rc = statement_privs(ap, g, kind, &privs, &n_privs);
	for (size_t r = 0; rc == 0 && r < n_roles; r++) {
		if (!n_schemas)
			rc = change_entry(ap, g, roles[r], NULL, kind, privs, n_privs);
		for (size_t k = 0; rc == 0 && k < n_schemas; k++)
			rc = change_entry(ap, g, roles[r], schemas[k], kind, privs, n_privs);
	}
	return rc;
}

void ls_drop_default_acls(ls_catalog *cat, const char *schema)
{
	for (size_t i = cat->n_default_acls; i-- > 0;)
		if (cat->default_acls[i].schema && !strcmp(cat->default_acls[i].schema, schema))
			LS_REMOVE(cat->default_acls, cat->n_default_acls, i);
}

void ls_rename_default_acls(ls_catalog *cat, const char *old, const char *new_name)
{
	for (size_t i = 0; i < cat->n_default_acls; i++)
		if (cat->default_acls[i].schema && !strcmp(cat->default_acls[i].schema, old))
			cat->default_acls[i].schema = new_name;
}

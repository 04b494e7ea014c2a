/* What names a relation by a regclass constant. The server stores such a
 * constant as the relation's OID and records the dependency of the
 * expression (a default, a CHECK, a view's query) on the relation; the
 * catalog stores it qualified (ls_regclass_literal), so the name in the
 * text is the relation. See apply_dropdeps.h. */
#define _POSIX_C_SOURCE 200809L
#include "apply_dropdeps.h"
#include "parse.h"
#include "rewrite.h"

#include <string.h>

/* What ls_text_names looks for, and whether it is found. */
typedef struct regclass_use {
	const char *schema;
	const char *name;
	bool found;
} regclass_use;

/* Whether string constant k names schema.name (qualified, as the catalog
 * stores a regclass literal). */
static bool names_relation(const pgnode *k, const regclass_use *u)
{
	if (!k || k->node_case != PG_QUERY__NODE__NODE_A_CONST ||
			k->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
		return false;
	pgnode *e;
	PgQuery__ParseResult *r = ls_parse_expr(k->a_const->sval->sval, &e);
	const char *schema = NULL, *name = NULL;
	if (r && e->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && e->column_ref->n_fields == 2)
		ls_name_list((const pgnode *const *)e->column_ref->fields, 2, &schema, &name);
	bool same = name && !strcmp(schema, u->schema) && !strcmp(name, u->name);
	ls_expr_free(r);
	return same;
}

/* The last name of a list of String nodes when it is in pg_catalog or
 * unqualified, else NULL. */
static const char *catalog_name(pgnode *const *names, size_t n)
{
	const char *schema, *name;
	if (ls_name_list((const pgnode *const *)names, n, &schema, &name) < 0)
		return NULL;
	return !schema || !strcmp(schema, "pg_catalog") ? name : NULL;
}

static void find_regclass(ProtobufCMessage *m, void *ctx)
{
	regclass_use *u = ctx;
	if (u->found)
		return;
	if (m->descriptor == &pg_query__type_cast__descriptor) {
		const PgQuery__TypeCast *tc = (const PgQuery__TypeCast *)m;
		const char *ty = tc->type_name && !tc->type_name->n_array_bounds ?
			catalog_name(tc->type_name->names, tc->type_name->n_names) : NULL;
		u->found = ty && !strcmp(ty, "regclass") && names_relation(tc->arg, u);
	} else if (m->descriptor == &pg_query__func_call__descriptor) {
		const PgQuery__FuncCall *f = (const PgQuery__FuncCall *)m;
		const char *fn = catalog_name(f->funcname, f->n_funcname);
		u->found = fn && f->n_args >= 1 && (!strcmp(fn, "nextval") || !strcmp(fn, "currval") ||
				!strcmp(fn, "setval")) && names_relation(f->args[0], u);
	}
}

bool ls_text_names(ls_apply *ap, const char *text, char kind, const char *type,
		const char *schema, const char *name)
{
	(void)ap;
	/* most texts do not spell the name at all */
	if (!text || (!strchr(name, '"') && !strstr(text, name)))
		return false;
	pgnode *root;
	PgQuery__ParseResult *r = ls_parse_text_of(text, kind, &root);
	regclass_use u = {schema, name, false};
	if (root) {
		u.found = type && !strcmp(type, "regclass") && names_relation(root, &u);
		ls_each_message(&root->base, find_regclass, &u);
	}
	ls_expr_free(r);
	return u.found;
}

bool ls_text_names_tree(ls_apply *ap, const char *text, char kind, const char *type,
		const char *schema, const char *name)
{
	ls_catalog *cat = ap->cat;
	if (!text)
		return false;
	if (ls_text_names(ap, text, kind, type, schema, name))
		return true;
	for (size_t i = 0; i < cat->n_indexes; i++)
		if (!strcmp(cat->indexes[i].schema, schema) && !strcmp(cat->indexes[i].table, name) &&
				ls_text_names(ap, text, kind, type, schema, cat->indexes[i].name))
			return true;
	for (size_t i = 0; i < cat->n_sequences; i++)
		if (cat->sequences[i].owned_table && !strcmp(cat->sequences[i].schema, schema) &&
				!strcmp(cat->sequences[i].owned_table, name) &&
				ls_text_names(ap, text, kind, type, schema, cat->sequences[i].name))
			return true;
	return false;
}

/* Routines named by DROP, ALTER, COMMENT ON and GRANT: FUNCTION, PROCEDURE
 * or ROUTINE f(types), or f alone, found as LookupFuncWithArgs finds them
 * and refused with its messages. */
#define _POSIX_C_SOURCE 200809L
#include "apply_func.h"

#include <string.h>

char ls_routine_kind(int objtype)
{
	switch (objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION: return 'f';
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE: return 'p';
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: return 'r';
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE: return 'a';
	default: return 0;
	}
}

static const char *kind_word(char kind)
{
	return kind == 'p' ? "procedure" : kind == 'r' ? "routine" : "function";
}

/* Every routine named name in schema, or in the first schema of search_path
 * that has one. */
static int routines_named(ls_apply *ap, const char *schema, const char *name,
		ls_function ***out, size_t *n)
{
	ls_catalog *cat = ap->cat;
	*out = NULL;
	*n = 0;
	for (size_t s = 0; *n == 0 && s < (schema ? 1 : cat->n_search_path); s++) {
		const char *sc = schema ? schema : cat->search_path[s];
		for (size_t i = 0; i < cat->n_functions; i++) {
			if (strcmp(cat->functions[i].schema, sc) || strcmp(cat->functions[i].name, name))
				continue;
			ls_function **slot = LS_PUSH(cat, *out, *n);
			if (!slot)
				return ls_apply_nomem(ap);
			*slot = &cat->functions[i];
		}
	}
	return 0;
}

/* f alone: the one routine of that name. */
static int lookup_by_name(ls_apply *ap, const char *schema, const char *name, const char *written,
		char kind, bool missing_ok, ls_function **out)
{
	ls_function **found;
	size_t n;
	int rc = routines_named(ap, schema, name, &found, &n);
	if (rc < 0)
		return rc;
	if (n == 0 && missing_ok)
		return 0;
	if (n == 0)
		return ls_apply_error(ap, LS_EINVAL, "could not find a %s named \"%s\"",
				kind == 'p' ? "procedure" : "function", written);
	if (n > 1)
		return ls_apply_error(ap, LS_EINVAL, "%s name \"%s\" is not unique", kind_word(kind), written);
	*out = found[0];
	return 0;
}

int ls_lookup_function_args(ls_apply *ap, const PgQuery__ObjectWithArgs *owa, char kind,
		bool missing_ok, ls_function **out)
{
	ls_arena *a = ap->cat->arena;
	const char *schema, *name;
	*out = NULL;
	if (ls_name_list((const pgnode *const *)owa->objname, owa->n_objname, &schema, &name) < 0)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported function name");
	const char *written = schema ? ls_arena_printf(a, "%s.%s", schema, name) : name;
	if (owa->args_unspecified)
		return lookup_by_name(ap, schema, name, written, kind, missing_ok, out);
	const char *types = "";
	for (size_t i = 0; types && i < owa->n_objargs; i++) {
		if (owa->objargs[i]->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
			return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported argument type");
		const char *t = ls_function_type_name(ap, owa->objargs[i]->type_name);
		if (!t)
			return ap->err->code;
		types = ls_arena_printf(a, "%s%s%s", types, i ? ", " : "", t);
	}
	if (!types || !written)
		return ls_apply_nomem(ap);
	int rc = ls_find_function(ap, schema, name, types, out);
	if (rc < 0)
		return rc;
	if (!*out)
		return missing_ok ? 0 : ls_apply_error(ap, LS_EINVAL, "%s %s(%s) does not exist",
				kind == 'p' ? "procedure" : kind == 'a' ? "aggregate" : "function", written,
				kind == 'a' && !*types ? "*" : types);
	/* FUNCTION names aggregates too (LookupFuncWithArgs): DROP and ALTER
	 * FUNCTION refuse them themselves */
	if (kind == 'a' && (*out)->kind != 'a') {
		*out = NULL;
		return ls_apply_error(ap, LS_EINVAL, "function %s(%s) is not an aggregate", written, types);
	}
	if (kind != 'r' && (*out)->kind != kind && !(kind == 'f' && (*out)->kind == 'a')) {
		*out = NULL;
		return ls_apply_error(ap, LS_EINVAL, "%s(%s) is not a %s", written, types, kind_word(kind));
	}
	return 0;
}

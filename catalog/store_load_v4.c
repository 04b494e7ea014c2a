/* Loading what store versions 4 and 6 added (store_load.h, store_schema_v4.c,
 * store_schema_v6.c). */
#include "store_load.h"

#include <stdlib.h>
#include <string.h>

/* --- since version 4 --- */

/* A comment of a part by (parent position, position): the slot, NULL
 * (r->bad) when either is out of range. */
void ls_load_type_attribute_comment_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_types);
	if (r->bad)
		return;
	size_t i = ls_r_parent(r, cat->types[p].n_attributes);
	if (!r->bad)
		cat->types[p].attributes[i].comment = ls_r_str(r);
}

void ls_load_type_check_comment_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_types);
	if (r->bad)
		return;
	size_t i = ls_r_parent(r, cat->types[p].n_checks);
	if (!r->bad)
		cat->types[p].checks[i].comment = ls_r_str(r);
}

void ls_load_view_column_comment_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_views);
	if (r->bad)
		return;
	ls_view *v = &cat->views[p];
	size_t i = ls_r_parent(r, v->n_columns);
	if (r->bad)
		return;
	if (!v->column_comments) {
		v->column_comments = ls_arena_alloc(cat->arena, v->n_columns * sizeof *v->column_comments);
		if (!v->column_comments) {
			r->nomem = true;
			return;
		}
		memset(v->column_comments, 0, v->n_columns * sizeof *v->column_comments);
	}
	v->column_comments[i] = ls_r_str(r);
}

void ls_load_trigger_fields(ls_row *r, ls_trigger *g)
{
	g->name = ls_r_str(r);
	g->timing = ls_r_str(r);
	g->events = ls_r_str(r);
	g->for_each_row = ls_r_bool(r);
	g->when = ls_r_str(r);
	g->function = ls_r_str(r);
	g->constraint_trigger = ls_r_bool(r);
	g->deferrable = ls_r_bool(r);
	g->deferred = ls_r_bool(r);
	g->enabled = ls_r_chr(r);
	g->comment = ls_r_str(r);
}

void ls_load_view_trigger_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_views);
	if (r->bad)
		return;
	ls_view *v = &cat->views[p];
	ls_r_pos(r, v->n_triggers);
	ls_trigger *g = PUSH(cat, v->triggers, v->n_triggers);
	if (!g) {
		r->nomem = true;
		return;
	}
	ls_load_trigger_fields(r, g);
}

void ls_load_view_trigger_arg_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_views);
	if (r->bad)
		return;
	ls_view *v = &cat->views[p];
	size_t q = ls_r_parent(r, v->n_triggers);
	if (!r->bad)
		ls_push_str(r, cat, &v->triggers[q].args, &v->triggers[q].n_args);
}

void ls_load_trigger_transition_row(ls_row *r, ls_catalog *cat)
{
	const char *kind = ls_r_peek(r);
	bool view = !strcmp(kind, "view");
	if (!view && strcmp(kind, "table"))
		r->bad = true;
	size_t p = ls_r_parent(r, view ? cat->n_views : cat->n_tables);
	if (r->bad)
		return;
	ls_trigger *list = view ? cat->views[p].triggers : cat->tables[p].triggers;
	size_t i = ls_r_parent(r, view ? cat->views[p].n_triggers : cat->tables[p].n_triggers);
	if (r->bad)
		return;
	list[i].old_table = ls_r_str(r);
	list[i].new_table = ls_r_str(r);
}

void ls_load_default_acl_row(ls_row *r, ls_catalog *cat)
{
	ls_r_pos(r, cat->n_default_acls);
	ls_default_acl *d = PUSH(cat, cat->default_acls, cat->n_default_acls);
	if (!d) {
		r->nomem = true;
		return;
	}
	d->role = ls_r_str(r);
	d->schema = ls_r_str(r);
	d->kind = (ls_defacl_kind)ls_r_chr(r);
	if (!strchr("rSfTn", d->kind) || !d->kind)
		r->bad = true;
}

/* --- since version 6 --- */

void ls_load_owner_row(ls_row *r, ls_catalog *cat)
{
	const char *kind = ls_r_peek(r);
	const char **slot = NULL;
	if (!strcmp(kind, "schema")) {
		size_t p = ls_r_parent(r, cat->n_schemas);
		slot = r->bad ? NULL : &cat->schemas[p].owner;
	} else if (!strcmp(kind, "type")) {
		size_t p = ls_r_parent(r, cat->n_types);
		slot = r->bad ? NULL : &cat->types[p].owner;
	} else if (!strcmp(kind, "sequence")) {
		size_t p = ls_r_parent(r, cat->n_sequences);
		slot = r->bad ? NULL : &cat->sequences[p].owner;
	} else if (!strcmp(kind, "table")) {
		size_t p = ls_r_parent(r, cat->n_tables);
		slot = r->bad ? NULL : &cat->tables[p].owner;
	} else if (!strcmp(kind, "view")) {
		size_t p = ls_r_parent(r, cat->n_views);
		slot = r->bad ? NULL : &cat->views[p].owner;
	} else if (!strcmp(kind, "function")) {
		size_t p = ls_r_parent(r, cat->n_functions);
		slot = r->bad ? NULL : &cat->functions[p].owner;
	}
	if (!slot) {
		r->bad = true;
		return;
	}
	if (!(*slot = ls_r_str(r)) && !r->nomem)
		r->bad = true; /* obj_owners.owner is NOT NULL */
}

/* --- since version 8 --- */

void ls_load_table_inherits_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_tables);
	if (r->bad)
		return;
	ls_table *t = &cat->tables[p];
	ls_r_pos(r, t->n_inherits);
	ls_table_parent *x = PUSH(cat, t->inherits, t->n_inherits);
	if (!x) {
		r->nomem = true;
		return;
	}
	x->schema = ls_r_str(r);
	x->name = ls_r_str(r);
	if (!x->schema || !x->name)
		r->bad = true;
}

void ls_load_inherited_only_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_tables);
	if (r->bad)
		return;
	ls_table *t = &cat->tables[p];
	const char *item = ls_r_str(r);
	bool column = item && !strcmp(item, "column");
	if (!column && !(item && !strcmp(item, "constraint"))) {
		r->bad = true;
		return;
	}
	size_t i = ls_r_parent(r, column ? t->n_columns : t->n_constraints);
	if (r->bad)
		return;
	if (column)
		t->columns[i].inherited_only = true;
	else
		t->constraints[i].inherited_only = true;
}

/* --- since version 9 --- */

void ls_load_function_aggregate_row(ls_row *r, ls_catalog *cat)
{
	size_t p = ls_r_parent(r, cat->n_functions);
	if (r->bad)
		return;
	ls_function *f = &cat->functions[p];
	ls_aggregate *g = ls_arena_alloc(cat->arena, sizeof *g);
	if (!g) {
		r->nomem = true;
		return;
	}
	memset(g, 0, sizeof *g);
	g->kind = ls_r_chr(r);
	g->direct_args = (int)ls_r_int(r);
	g->sfunc = ls_r_str(r);
	g->stype = ls_r_str(r);
	g->sspace = (int)ls_r_int(r);
	g->finalfunc = ls_r_str(r);
	g->finalfunc_extra = ls_r_bool(r);
	g->finalfunc_modify = ls_r_chr(r);
	g->combinefunc = ls_r_str(r);
	g->serialfunc = ls_r_str(r);
	g->deserialfunc = ls_r_str(r);
	g->initcond = ls_r_str(r);
	g->msfunc = ls_r_str(r);
	g->minvfunc = ls_r_str(r);
	g->mstype = ls_r_str(r);
	g->msspace = (int)ls_r_int(r);
	g->mfinalfunc = ls_r_str(r);
	g->mfinalfunc_extra = ls_r_bool(r);
	g->mfinalfunc_modify = ls_r_chr(r);
	g->minitcond = ls_r_str(r);
	g->sortop = ls_r_str(r);
	if (!g->sfunc || !g->stype || f->kind != 'a' || f->aggregate) {
		r->bad = !r->nomem;
		return;
	}
	f->aggregate = g;
}

/* Insert the built-in grant of PUBLIC priv into a sorted grant list. */
static bool add_implied(ls_catalog *cat, ls_grant **g, size_t *n, const char *priv)
{
	size_t at = 0;
	while (at < *n && (strcmp((*g)[at].grantee, "PUBLIC") < 0 ||
			(!strcmp((*g)[at].grantee, "PUBLIC") && strcmp((*g)[at].privilege, priv) < 0)))
		at++;
	if (!PUSH(cat, *g, *n))
		return false;
	memmove(&(*g)[at + 1], &(*g)[at], (*n - 1 - at) * sizeof **g);
	(*g)[at] = (ls_grant){.grantee = "PUBLIC", .privilege = priv, .grantable = false};
	return true;
}

static bool has_public(const ls_grant *g, size_t n, const char *priv)
{
	for (size_t i = 0; i < n; i++)
		if (g[i].grantee && g[i].privilege && !strcmp(g[i].grantee, "PUBLIC") &&
				!strcmp(g[i].privilege, priv))
			return true;
	return false;
}

static const char SQL_REVOKED[] =
	"SELECT object_kind, object_position, privilege FROM revoked_defaults"
	" WHERE snapshot_key = ?1 ORDER BY object_kind, object_position, privilege";

/* The grants store_rows.c leaves implied: PUBLIC EXECUTE of a function and
 * PUBLIC USAGE of a type, unless revoked_defaults says it is gone (a store
 * before version 4 had no revoked ones, and its functions and types hold
 * the default). */
int ls_load_implied(ls_store *st, ls_catalog *cat, const char *key, ls_error *err)
{
	size_t nf = cat->n_functions, nt = cat->n_types;
	bool *revoked = ls_malloc(nf + nt + 1);
	sqlite3_stmt *q = NULL;
	int rc = revoked ? 0 : ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if (rc < 0)
		return rc;
	memset(revoked, 0, nf + nt + 1);
	if (st->schema_version >= 4 &&
			(rc = ls_store_query(&q, st, err, SQL_REVOKED, SV_ARGS(SV_S(key)))) == 0) {
		while ((rc = ls_store_step(st, q, err)) == 1) {
			const char *kind = (const char *)sqlite3_column_text(q, 0);
			int64_t pos = sqlite3_column_int64(q, 1);
			bool fn = kind && !strcmp(kind, "function"), ty = kind && !strcmp(kind, "type");
			if ((!fn && !ty) || pos < 0 || (uint64_t)pos >= (fn ? nf : nt)) {
				sqlite3_reset(q);
				rc = ls_error_set(err, LS_EIO, st->path, 0, 0,
						"the store is corrupt (a bad row in table revoked_defaults of snapshot %s)", key);
				break;
			}
			revoked[fn ? (size_t)pos : nf + (size_t)pos] = true;
		}
	}
	for (size_t i = 0; rc == 0 && i < nf; i++) {
		ls_function *f = &cat->functions[i];
		if (!revoked[i] && !has_public(f->grants, f->n_grants, "EXECUTE") &&
				!add_implied(cat, &f->grants, &f->n_grants, "EXECUTE"))
			rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	}
	for (size_t i = 0; rc == 0 && i < nt; i++) {
		ls_type *t = &cat->types[i];
		if (!revoked[nf + i] && !has_public(t->grants, t->n_grants, "USAGE") &&
				!add_implied(cat, &t->grants, &t->n_grants, "USAGE"))
			rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	}
	free(revoked);
	return rc;
}


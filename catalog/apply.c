/* Applying statements to the catalog: the dispatcher, search_path,
 * schemas, extensions and the statements that only move data. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "apply_func.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* search_path from SET / set_config: a list of names; "$user" kept. */
static int set_search_path(ls_apply *ap, const char **names, size_t n)
{
	ls_catalog *cat = ap->cat;
	const char **path = NULL;
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		const char **slot = LS_PUSH(cat, path, count);
		if (!slot)
			return ls_apply_nomem(ap);
		if (!(*slot = ls_arena_strdup(cat->arena, names[i])))
			return ls_apply_nomem(ap);
	}
	cat->search_path = path;
	cat->n_search_path = count;
	return 0;
}

/* Split "a, \"B\", c" (the text of set_config's value) into names. */
static int search_path_from_text(ls_apply *ap, const char *text)
{
	const char *names[64];
	size_t n = 0;
	const char *p = text;
	while (*p && n < 64) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		char buf[256];
		size_t len = 0;
		if (*p == '"') {
			for (p++; *p && len < sizeof buf - 1; p++) {
				if (*p == '"' && p[1] == '"')
					buf[len++] = *p++;
				else if (*p == '"')
					break;
				else
					buf[len++] = *p;
			}
			if (*p == '"')
				p++;
		} else {
			while (*p && *p != ',' && *p != ' ' && len < sizeof buf - 1) {
				char c = *p++;
				buf[len++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
			}
		}
		buf[len] = '\0';
		names[n] = ls_arena_strdup(ap->cat->arena, buf);
		if (!names[n])
			return ls_apply_nomem(ap);
		n++;
	}
	return set_search_path(ap, names, n);
}

/* SET [LOCAL] TIME ZONE / timezone: whether the session now reads
 * timestamptz literals in another zone than UTC (noted on ap). RESET,
 * DEFAULT and LOCAL give the server's own, which lockstep takes as UTC. */
static void note_time_zone(ls_apply *ap, const PgQuery__VariableSetStmt *s)
{
	static const char *const utc[] = {"utc", "etc/utc", "gmt", "etc/gmt", "z", "zulu", "uct",
		"universal", "etc/universal", "0", "+0", "-0", "00", "+00", "-00", "00:00", "+00:00"};
	ap->time_zone = NULL;
	if (s->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE || s->n_args != 1)
		return;
	const pgnode *a = s->args[0];
	const char *text = "?";
	char num[32];
	if (a->node_case == PG_QUERY__NODE__NODE_A_CONST && a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
		text = a->a_const->sval->sval;
	else if (a->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			a->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
		snprintf(num, sizeof num, "%d", a->a_const->ival->ival), text = num;
	for (size_t i = 0; i < sizeof utc / sizeof utc[0]; i++)
		if (!strcasecmp(text, utc[i]))
			return;
	ap->time_zone = ls_arena_strdup(ap->cat->arena, text);
}

static int apply_variable_set(ls_apply *ap, PgQuery__VariableSetStmt *s)
{
	if (s->name && !strcmp(s->name, "timezone")) {
		note_time_zone(ap, s);
		return 0;
	}
	if (s->name && (!strcmp(s->name, "role") || !strcmp(s->name, "session_authorization")))
		return ls_apply_set_role(ap, s);
	if (!s->name || strcmp(s->name, "search_path") != 0)
		return 0;
	int rc = ls_note_search_path(ap, s->is_local);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	if (s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT ||
			s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET) {
		const char *def[] = {"$user", "public"};
		return set_search_path(ap, def, 2);
	}
	if (s->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE)
		return 0;
	const char *names[64];
	size_t n = 0;
	for (size_t i = 0; i < s->n_args && n < 64; i++) {
		pgnode *a = s->args[i];
		if (a->node_case == PG_QUERY__NODE__NODE_A_CONST &&
				a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
			/* SET search_path = '' gives an empty path; 'a, b' is one
			 * string holding a list. */
			if (a->a_const->sval->sval[0] == '\0')
				continue;
			rc = search_path_from_text(ap, a->a_const->sval->sval);
			if (rc < 0)
				return rc;
			for (size_t k = 0; k < ap->cat->n_search_path && n < 64; k++)
				names[n++] = ap->cat->search_path[k];
		}
	}
	return set_search_path(ap, names, n);
}

/* SELECT pg_catalog.set_config('search_path', 'x', false), as pg_dump
 * writes it, changes search_path; any other SELECT is a data step. */
static bool apply_set_config(ls_apply *ap, PgQuery__SelectStmt *s, int *rc)
{
	if (s->n_target_list != 1 || s->n_from_clause)
		return false;
	pgnode *v = s->target_list[0]->res_target->val;
	if (!v || v->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
		return false;
	PgQuery__FuncCall *f = v->func_call;
	const char *schema, *name;
	if (ls_name_list((const pgnode *const *)f->funcname, f->n_funcname, &schema, &name) < 0 ||
			strcmp(name, "set_config") != 0 || f->n_args != 3)
		return false;
	pgnode *k = f->args[0], *val = f->args[1];
	if (k->node_case != PG_QUERY__NODE__NODE_A_CONST || val->node_case != PG_QUERY__NODE__NODE_A_CONST ||
			k->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL ||
			val->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL ||
			strcmp(k->a_const->sval->sval, "search_path") != 0)
		return false;
	*rc = search_path_from_text(ap, val->a_const->sval->sval);
	return true;
}

static int add_data_step(ls_apply *ap)
{
	ls_catalog *cat = ap->cat;
	ls_data_step *d = LS_PUSH(cat, cat->data_steps, cat->n_data_steps);
	if (!d)
		return ls_apply_nomem(ap);
	/* one copy of the path for all the data steps of a file */
	if (!ap->data_path)
		ap->data_path = ls_arena_strdup(cat->arena, ap->src->path);
	d->path = ap->data_path;
	d->line = ap->stmt->line;
	d->column = ap->stmt->column;
	d->sql = ls_arena_strndup(cat->arena, ap->src->text + ap->stmt->offset, ap->stmt->len);
	return d->sql ? 0 : ls_apply_nomem(ap);
}

static int apply_create_schema(ls_apply *ap, PgQuery__CreateSchemaStmt *s)
{
	ls_catalog *cat = ap->cat;
	const char *name = s->schemaname;
	if (!name || !*name) {
		if (!s->authrole || !s->authrole->rolename || !*s->authrole->rolename)
			return ls_apply_error(ap, LS_EUNSUPPORTED, "CREATE SCHEMA AUTHORIZATION of the current user is not supported");
		name = s->authrole->rolename;
	}
	if (ls_catalog_find_schema(cat, name)) {
		if (s->if_not_exists)
			return 0;
		return ls_apply_error(ap, LS_EINVAL, "schema \"%s\" already exists", name);
	}
	/* AUTHORIZATION r: r owns the schema and, as the server runs them as r
	 * (CreateSchemaCommand), its elements; r's default privileges apply */
	const char *owner = ls_current_role(cat);
	int rc = s->authrole ? ls_role_spec(ap, s->authrole, &owner) : 0;
	ls_role_save save;
	if (rc < 0 || (rc = ls_role_enter(ap, owner, &save)) < 0)
		return rc;
	ls_schema *sc = LS_PUSH(cat, cat->schemas, cat->n_schemas);
	if (!sc || !(sc->name = ls_arena_strdup(cat->arena, name)) ||
			ls_default_grants(cat, LS_DEFACL_SCHEMAS, NULL, &sc->grants, &sc->n_grants) < 0) {
		ls_role_leave(cat, &save);
		return ls_apply_nomem(ap);
	}
	sc->id = cat->next_id++;
	sc->owner = owner;
	/* Elements of CREATE SCHEMA are created in the new schema. */
	const char **saved = cat->search_path;
	size_t n_saved = cat->n_search_path;
	const char *one[] = {sc->name};
	if (s->n_schema_elts)
		rc = set_search_path(ap, one, 1);
	for (size_t i = 0; rc == 0 && i < s->n_schema_elts; i++)
		rc = ls_apply_node(ap, s->schema_elts[i]);
	cat->search_path = saved;
	cat->n_search_path = n_saved;
	ls_role_leave(cat, &save);
	return rc;
}

static int apply_create_extension(ls_apply *ap, PgQuery__CreateExtensionStmt *s)
{
	ls_catalog *cat = ap->cat;
	const char *schema = NULL;
	for (size_t i = 0; i < cat->n_extensions; i++)
		if (strcmp(cat->extensions[i].name, s->extname) == 0) {
			if (s->if_not_exists)
				return 0;
			return ls_apply_error(ap, LS_EINVAL, "extension \"%s\" already exists", s->extname);
		}
	for (size_t i = 0; i < s->n_options; i++) {
		PgQuery__DefElem *d = s->options[i]->def_elem;
		if (d && strcmp(d->defname, "schema") == 0 && d->arg &&
				d->arg->node_case == PG_QUERY__NODE__NODE_STRING)
			schema = d->arg->string->sval;
	}
	schema = ls_creation_schema(ap, schema);
	if (!schema)
		return ap->err->code;
	ls_extension *e = LS_PUSH(cat, cat->extensions, cat->n_extensions);
	if (!e)
		return ls_apply_nomem(ap);
	e->id = cat->next_id++;
	e->name = ls_arena_strdup(cat->arena, s->extname);
	e->schema = schema;
	return e->name ? 0 : ls_apply_nomem(ap);
}

int ls_apply_node(ls_apply *ap, pgnode *node)
{
	switch (node->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		return ls_apply_create_table(ap, node->create_stmt);
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		return ls_apply_alter_table(ap, node->alter_table_stmt);
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return ls_apply_create_index(ap, node->index_stmt);
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
		return apply_create_schema(ap, node->create_schema_stmt);
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
		return apply_create_extension(ap, node->create_extension_stmt);
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
		return ls_apply_create_enum(ap, node->create_enum_stmt);
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		return ls_apply_alter_enum(ap, node->alter_enum_stmt);
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
		return ls_apply_create_domain(ap, node->create_domain_stmt);
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
		return ls_apply_create_composite(ap, node->composite_type_stmt);
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		return ls_apply_create_view(ap, node->view_stmt);
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		if (node->create_table_as_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW)
			return ls_apply_create_matview(ap, node->create_table_as_stmt);
		return ls_apply_create_table_as(ap, node->create_table_as_stmt);
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		return ls_apply_create_sequence(ap, node->create_seq_stmt);
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
		return ls_apply_alter_sequence(ap, node->alter_seq_stmt);
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		return ls_apply_create_function(ap, node->create_function_stmt);
	case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT:
		return ls_apply_alter_function(ap, node->alter_function_stmt);
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		return ls_apply_create_trigger(ap, node->create_trig_stmt);
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
		return ls_apply_create_policy(ap, node->create_policy_stmt);
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
		return ls_apply_alter_policy(ap, node->alter_policy_stmt);
	case PG_QUERY__NODE__NODE_DROP_STMT:
		return ls_apply_drop(ap, node->drop_stmt);
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		return ls_apply_rename(ap, node->rename_stmt);
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
		return ls_apply_set_schema(ap, node->alter_object_schema_stmt);
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
		return ls_apply_comment(ap, node->comment_stmt);
	case PG_QUERY__NODE__NODE_GRANT_STMT:
		return ls_apply_grant(ap, node->grant_stmt);
	case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
		return ls_apply_alter_default_privileges(ap, node->alter_default_privileges_stmt);
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		return apply_variable_set(ap, node->variable_set_stmt);
	case PG_QUERY__NODE__NODE_SELECT_STMT: {
		int rc = 0;
		if (apply_set_config(ap, node->select_stmt, &rc))
			return rc;
		if (node->select_stmt->into_clause)
			return ls_apply_select_into(ap, node->select_stmt);
		return add_data_step(ap);
	}
	case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT: {
		/* populates the view (pg_class.relispopulated), and moves data */
		PgQuery__RefreshMatViewStmt *r = node->refresh_mat_view_stmt;
		ls_view *v = ls_lookup_view(ap->cat, r->relation->schemaname[0] ? r->relation->schemaname : NULL,
				r->relation->relname);
		if (!v || !v->materialized)
			return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", r->relation->relname);
		v->with_data = !r->skip_data;
		return add_data_step(ap);
	}
	case PG_QUERY__NODE__NODE_INSERT_STMT:
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
	case PG_QUERY__NODE__NODE_DELETE_STMT:
	case PG_QUERY__NODE__NODE_COPY_STMT:
	case PG_QUERY__NODE__NODE_DO_STMT:
	case PG_QUERY__NODE__NODE_CALL_STMT:
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
	case PG_QUERY__NODE__NODE_LOCK_STMT:
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
	case PG_QUERY__NODE__NODE_REINDEX_STMT:
	case PG_QUERY__NODE__NODE_CLUSTER_STMT:
	case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
	case PG_QUERY__NODE__NODE_LISTEN_STMT:
	case PG_QUERY__NODE__NODE_UNLISTEN_STMT:
	case PG_QUERY__NODE__NODE_NOTIFY_STMT:
		return add_data_step(ap);
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
		return ls_apply_transaction(ap, node->transaction_stmt);
	case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
		return ls_apply_alter_domain(ap, node->alter_domain_stmt);
	case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
		return ls_apply_alter_owner(ap, node->alter_owner_stmt);
	case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
	case PG_QUERY__NODE__NODE_CHECK_POINT_STMT:
	case PG_QUERY__NODE__NODE_DISCARD_STMT:
		return 0; /* no catalog effect */
	case PG_QUERY__NODE__NODE_ALTER_COLLATION_STMT:
		return ls_apply_alter_collation(ap, node->alter_collation_stmt);
	case PG_QUERY__NODE__NODE_DEFINE_STMT: {
		if (node->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION)
			return ls_apply_create_collation(ap, node->define_stmt);
		if (node->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE)
			return ls_apply_create_aggregate(ap, node->define_stmt);
		const char *w = ls_unmodelled_kind(node->define_stmt->kind);
		const char *why = "";
		if (!w && node->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE) {
			w = "TYPE";
			why = " (a base or shell type)";
		}
		const PgQuery__DefineStmt *d = node->define_stmt;
		const char *schema = NULL, *name = NULL;
		if (w && ls_name_list((const pgnode *const *)d->defnames, d->n_defnames, &schema, &name) == 0 &&
				name) {
			const char *qs = schema ? ls_quote_ident(ap->cat->arena, schema) : NULL;
			const char *qn = ls_quote_ident(ap->cat->arena, name);
			if ((schema && !qs) || !qn)
				return ls_apply_nomem(ap);
			return ls_apply_error(ap, LS_EUNSUPPORTED, "CREATE %s %s%s%s is not supported%s", w,
					qs ? qs : "", qs ? "." : "", qn, why);
		}
		if (w)
			return ls_apply_error(ap, LS_EUNSUPPORTED, "CREATE %s is not supported%s", w, why);
		return ls_apply_error(ap, LS_EUNSUPPORTED,
				"unsupported statement (parse node %d)", (int)node->node_case);
	}
	default:
		return ls_apply_error(ap, LS_EUNSUPPORTED,
				"unsupported statement (parse node %d)", (int)node->node_case);
	}
}

int ls_catalog_apply_sql(ls_catalog *cat, const char *sql, size_t len,
		const char *path, ls_error *err)
{
	ls_parsed *p = NULL;
	int rc = ls_parse(&p, sql, len, path, err);
	if (rc < 0)
		return rc;
	rc = ls_apply_parsed(cat, p, NULL, NULL, err);
	ls_parsed_free(p);
	return rc;
}

int ls_apply_parsed(ls_catalog *cat, ls_parsed *p, ls_after_stmt_fn after, void *ctx,
		ls_error *err)
{
	int rc = 0;
	ls_apply ap = {.cat = cat, .src = p, .err = err};
	const ls_stmt *st;
	/* one statement's tree at a time: ls_parsed_next frees the last one */
	while ((rc = ls_parsed_next(p, &st, err)) > 0) {
		ap.stmt = st;
		rc = ls_apply_node(&ap, st->node);
		/* A failed allocation that a builder stored as NULL without
		 * noticing still fails the statement. */
		if (rc == 0 && ls_arena_failed(cat->arena))
			rc = ls_apply_nomem(&ap);
		if (rc == 0 && after)
			rc = after(ctx, p, st, err);
		if (rc < 0)
			break;
	}
	/* The end of the file is the end of its session: search_path goes
	 * back to the default, temporary objects go. */
	if (rc == 0) {
		const char *def[] = {"$user", "public"};
		ls_end_session(cat);
		rc = set_search_path(&ap, def, 2);
	}
	ls_schema *tmp = ls_catalog_find_schema(cat, "pg_temp");
	if (rc == 0 && tmp) {
		ap.stmt = NULL;
		ls_drop_schema_objects(&ap, "pg_temp");
		tmp = ls_catalog_find_schema(cat, "pg_temp");
		LS_REMOVE_ITEM(cat, cat->schemas, cat->n_schemas, (size_t)(tmp - cat->schemas));
	}
	return rc < 0 ? rc : 0;
}

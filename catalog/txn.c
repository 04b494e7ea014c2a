/* Transactions inside a script: BEGIN, SAVEPOINT, ROLLBACK [TO], COMMIT,
 * and SET LOCAL. DDL in PostgreSQL is transactional, so a ROLLBACK undoes
 * the catalog changes since BEGIN (or the savepoint).
 *
 * A snapshot copies every array of the model, nested ones included.
 * Strings are shared: nothing in the builder writes into a string, it only
 * replaces pointers, so the copy and the live catalog cannot disturb each
 * other. Everything lives in the catalog's arena. ls_catalog_copy makes
 * the same copy into an arena of its own.
 */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "name_index.h"

#include <string.h>

/* Who runs the statements: SET SESSION AUTHORIZATION's role and SET
 * ROLE's, NULL for the role the script starts as (its name is not known
 * offline). The current role is set_role, else session_auth. */
typedef struct roles {
	const char *session_auth;
	const char *set_role;
} roles;

typedef struct savepoint {
	const char *name;
	ls_catalog *snap;
	roles who;
} savepoint;

typedef struct txn_state {
	bool in_txn;
	ls_catalog *at_begin;
	savepoint *savepoints;
	size_t n_savepoints;
	const char **session_path;    /* search_path without SET LOCAL */
	size_t n_session_path;
	bool local_path;              /* SET LOCAL search_path ran */
	roles who;                    /* as now */
	roles who_at_begin;
	bool acting;                  /* ls_role_enter: acting_as runs what follows */
	const char *acting_as;
} txn_state;

/* Copy n elements of size elem, keeping push-compatible capacity. */
static void *dup_array(ls_arena *a, const void *items, size_t n, size_t elem, bool *failed)
{
	if (n == 0)
		return NULL;
	size_t cap = 4;
	while (cap < n)
		cap *= 2; /* what ls_arena_push assumes a count of n has */
	void *p = ls_arena_alloc(a, cap * elem);
	if (!p) {
		*failed = true;
		return NULL;
	}
	memcpy(p, items, n * elem);
	return p;
}

#define DUP(a, arr, n, failed) ((arr) = dup_array((a), (arr), (n), sizeof *(arr), (failed)))

static void copy_table(ls_arena *a, ls_table *t, bool *f)
{
	DUP(a, t->columns, t->n_columns, f);
	for (size_t i = 0; t->columns && i < t->n_columns; i++)
		DUP(a, t->columns[i].grants, t->columns[i].n_grants, f);
	DUP(a, t->constraints, t->n_constraints, f);
	for (size_t i = 0; t->constraints && i < t->n_constraints; i++) {
		DUP(a, t->constraints[i].columns, t->constraints[i].n_columns, f);
		DUP(a, t->constraints[i].ref_columns, t->constraints[i].n_ref_columns, f);
	}
	DUP(a, t->triggers, t->n_triggers, f);
	for (size_t i = 0; t->triggers && i < t->n_triggers; i++)
		DUP(a, t->triggers[i].args, t->triggers[i].n_args, f);
	DUP(a, t->policies, t->n_policies, f);
	for (size_t i = 0; t->policies && i < t->n_policies; i++)
		DUP(a, t->policies[i].roles, t->policies[i].n_roles, f);
	DUP(a, t->options, t->n_options, f);
	DUP(a, t->grants, t->n_grants, f);
}

/* A copy of every array of src into dst, allocated from a (dst's fields
 * are overwritten; dst->arena is src's). */
static bool copy_catalog(ls_catalog *dst, const ls_catalog *src, ls_arena *a)
{
	bool f = false;
	*dst = *src;
	DUP(a, dst->schemas, dst->n_schemas, &f);
	for (size_t i = 0; dst->schemas && i < dst->n_schemas; i++)
		DUP(a, dst->schemas[i].grants, dst->schemas[i].n_grants, &f);
	DUP(a, dst->extensions, dst->n_extensions, &f);
	DUP(a, dst->collations, dst->n_collations, &f);
	DUP(a, dst->types, dst->n_types, &f);
	for (size_t i = 0; dst->types && i < dst->n_types; i++) {
		ls_type *t = &dst->types[i];
		DUP(a, t->labels, t->n_labels, &f);
		DUP(a, t->checks, t->n_checks, &f);
		DUP(a, t->attributes, t->n_attributes, &f);
		DUP(a, t->grants, t->n_grants, &f);
	}
	DUP(a, dst->sequences, dst->n_sequences, &f);
	for (size_t i = 0; dst->sequences && i < dst->n_sequences; i++)
		DUP(a, dst->sequences[i].grants, dst->sequences[i].n_grants, &f);
	DUP(a, dst->tables, dst->n_tables, &f);
	for (size_t i = 0; dst->tables && i < dst->n_tables; i++)
		copy_table(a, &dst->tables[i], &f);
	DUP(a, dst->indexes, dst->n_indexes, &f);
	for (size_t i = 0; dst->indexes && i < dst->n_indexes; i++) {
		ls_index *x = &dst->indexes[i];
		DUP(a, x->keys, x->n_keys, &f);
		DUP(a, x->include, x->n_include, &f);
		DUP(a, x->options, x->n_options, &f);
	}
	DUP(a, dst->views, dst->n_views, &f);
	for (size_t i = 0; dst->views && i < dst->n_views; i++) {
		ls_view *v = &dst->views[i];
		DUP(a, v->columns, v->n_columns, &f);
		DUP(a, v->options, v->n_options, &f);
		DUP(a, v->depends, v->n_depends, &f);
		DUP(a, v->grants, v->n_grants, &f);
		if (v->column_comments)
			DUP(a, v->column_comments, v->n_columns, &f);
		DUP(a, v->triggers, v->n_triggers, &f);
		for (size_t j = 0; v->triggers && j < v->n_triggers; j++)
			DUP(a, v->triggers[j].args, v->triggers[j].n_args, &f);
	}
	DUP(a, dst->functions, dst->n_functions, &f);
	for (size_t i = 0; dst->functions && i < dst->n_functions; i++) {
		DUP(a, dst->functions[i].config, dst->functions[i].n_config, &f);
		DUP(a, dst->functions[i].grants, dst->functions[i].n_grants, &f);
	}
	DUP(a, dst->default_acls, dst->n_default_acls, &f);
	for (size_t i = 0; dst->default_acls && i < dst->n_default_acls; i++)
		DUP(a, dst->default_acls[i].grants, dst->default_acls[i].n_grants, &f);
	DUP(a, dst->data_steps, dst->n_data_steps, &f);
	DUP(a, dst->search_path, dst->n_search_path, &f);
	return !f;
}

int ls_catalog_copy(ls_catalog **out, const ls_catalog *src, ls_error *err)
{
	ls_arena *a = NULL;
	ls_catalog *c = NULL;
	*out = NULL;
	if (ls_arena_new(&a) < 0 || !(c = ls_arena_alloc(a, sizeof *c)) || !copy_catalog(c, src, a)) {
		ls_arena_free(a);
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	}
	c->arena = a;
	c->priv = NULL;
	*out = c;
	return 0;
}

/* The transaction state, kept in the builder's private state. */
static txn_state *state(ls_apply *ap)
{
	void **slot = ls_builder_slot(ap->cat, LS_SLOT_TXN);
	if (!slot)
		return NULL;
	if (!*slot)
		*slot = ls_arena_alloc(ap->cat->arena, sizeof(txn_state));
	return *slot;
}

static ls_catalog *snapshot(ls_apply *ap)
{
	ls_catalog *s = ls_arena_alloc(ap->cat->arena, sizeof *s);
	if (!s || !copy_catalog(s, ap->cat, ap->cat->arena))
		return NULL;
	return s;
}

/* Put the catalog back as it was in snap (snap stays usable). The copy is
 * made aside first: when memory runs out the catalog stays as it was,
 * not with some arrays gone and their counts left. */
static int restore(ls_apply *ap, const ls_catalog *snap)
{
	ls_catalog *cat = ap->cat;
	ls_catalog copy;
	if (!copy_catalog(&copy, snap, cat->arena))
		return ls_apply_nomem(ap);
	copy.priv = cat->priv;
	copy.next_id = cat->next_id;
	*cat = copy;
	ls_catalog_touch(cat);
	return 0;
}

int ls_apply_transaction(ls_apply *ap, PgQuery__TransactionStmt *s)
{
	txn_state *t = state(ap);
	if (!t)
		return ls_apply_nomem(ap);
	switch (s->kind) {
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
		if (t->in_txn)
			return 0; /* WARNING: there is already a transaction in progress */
		if (!(t->at_begin = snapshot(ap)))
			return ls_apply_nomem(ap);
		t->in_txn = true;
		t->who_at_begin = t->who;
		t->n_savepoints = 0;
		t->local_path = false;
		return 0;
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT: {
		if (!t->in_txn)
			return ls_apply_error(ap, LS_EINVAL, "SAVEPOINT can only be used in transaction blocks");
		savepoint *sp = ls_arena_push(ap->cat->arena, (void **)&t->savepoints, &t->n_savepoints, sizeof *sp);
		if (!sp || !(sp->snap = snapshot(ap)))
			return ls_apply_nomem(ap);
		sp->name = ls_arena_strdup(ap->cat->arena, s->savepoint_name);
		sp->who = t->who;
		return 0;
	}
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO: {
		size_t i = t->n_savepoints;
		while (i > 0 && strcmp(t->savepoints[i - 1].name, s->savepoint_name))
			i--;
		if (!t->in_txn || i == 0)
			return ls_apply_error(ap, LS_EINVAL, "savepoint \"%s\" does not exist", s->savepoint_name);
		if (s->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE) {
			t->n_savepoints = i - 1;
			return 0;
		}
		t->n_savepoints = i; /* the savepoint itself stays */
		t->who = t->savepoints[i - 1].who;
		return restore(ap, t->savepoints[i - 1].snap);
	}
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
		if (!t->in_txn)
			return 0; /* WARNING: there is no transaction in progress */
		t->in_txn = false;
		t->who = t->who_at_begin;
		return restore(ap, t->at_begin);
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
		if (t->in_txn && t->local_path) {
			/* SET LOCAL ends with the transaction */
			ap->cat->search_path = t->session_path;
			ap->cat->n_search_path = t->n_session_path;
		}
		t->in_txn = false;
		return 0;
	default:
		return ls_apply_error(ap, LS_EUNSUPPORTED, "two-phase commit is not supported");
	}
}

int ls_note_search_path(ls_apply *ap, bool local)
{
	txn_state *t = state(ap);
	if (!t)
		return ls_apply_nomem(ap);
	if (local && !t->in_txn)
		return 1; /* WARNING: SET LOCAL can only be used in transaction blocks */
	if (local && !t->local_path) {
		t->local_path = true;
		t->session_path = ap->cat->search_path;
		t->n_session_path = ap->cat->n_search_path;
	} else if (!local) {
		t->local_path = false;
	}
	return 0;
}

void ls_end_session(ls_catalog *cat)
{
	txn_state *t = ls_builder_peek(cat, LS_SLOT_TXN);
	if (t) {
		t->in_txn = false;
		t->n_savepoints = 0;
		t->local_path = false;
		t->who = (roles){0};
		t->acting = false;
	}
}

const char *ls_current_role(ls_catalog *cat)
{
	txn_state *t = ls_builder_peek(cat, LS_SLOT_TXN);
	if (!t)
		return NULL;
	if (t->acting)
		return t->acting_as;
	return t->who.set_role ? t->who.set_role : t->who.session_auth;
}

int ls_role_enter(ls_apply *ap, const char *role, ls_role_save *save)
{
	txn_state *t = state(ap);
	if (!t)
		return ls_apply_nomem(ap);
	save->acting = t->acting;
	save->acting_as = t->acting_as;
	t->acting = true;
	t->acting_as = role;
	return 0;
}

void ls_role_leave(ls_catalog *cat, const ls_role_save *save)
{
	txn_state *t = ls_builder_peek(cat, LS_SLOT_TXN);
	if (t) {
		t->acting = save->acting;
		t->acting_as = save->acting_as;
	}
}

int ls_role_spec(ls_apply *ap, const PgQuery__RoleSpec *r, const char **out)
{
	switch (r->roletype) {
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
		if (!(*out = ls_arena_strdup(ap->cat->arena, r->rolename)))
			return ls_apply_nomem(ap);
		return 0;
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
		*out = ls_session_role(ap->cat);
		return 0;
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
		*out = "PUBLIC";
		return 0;
	default:
		*out = ls_current_role(ap->cat);
		return 0;
	}
}

bool ls_same_role(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

const char *ls_session_role(ls_catalog *cat)
{
	txn_state *t = ls_builder_peek(cat, LS_SLOT_TXN);
	return t ? t->who.session_auth : NULL;
}

/* The role a SET ROLE / SET SESSION AUTHORIZATION names: NULL for NONE,
 * DEFAULT and RESET (the role before). */
static int role_arg(ls_apply *ap, const PgQuery__VariableSetStmt *s, const char **out)
{
	*out = NULL;
	if (s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT ||
			s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET)
		return 0;
	if (s->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE || s->n_args != 1 ||
			s->args[0]->node_case != PG_QUERY__NODE__NODE_A_CONST ||
			s->args[0]->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "unsupported SET %s", s->name);
	const char *r = s->args[0]->a_const->sval->sval;
	if (!strcmp(s->name, "role") && !strcmp(r, "none"))
		return 0;
	if (!(*out = ls_arena_strdup(ap->cat->arena, r)))
		return ls_apply_nomem(ap);
	return 0;
}

int ls_apply_set_role(ls_apply *ap, const PgQuery__VariableSetStmt *s)
{
	txn_state *t = state(ap);
	if (!t)
		return ls_apply_nomem(ap);
	if (s->is_local)
		return ls_apply_error(ap, LS_EUNSUPPORTED, "SET LOCAL %s is not supported", s->name);
	const char *r;
	int rc = role_arg(ap, s, &r);
	if (rc < 0)
		return rc;
	if (!strcmp(s->name, "role")) {
		t->who.set_role = r;
	} else {
		/* SET SESSION AUTHORIZATION also ends SET ROLE */
		t->who.session_auth = r;
		t->who.set_role = NULL;
	}
	return 0;
}

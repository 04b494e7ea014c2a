/* Sequences owned by serial and identity columns, and sequence options. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "name_conflict.h"
#include "sequence_params.h"

#include <stdlib.h>
#include <string.h>



int ls_sequence_options(ls_apply *ap, ls_sequence *sq, pgnode **opts, size_t n, bool is_alter)
{
	return ls_sequence_init_params(ap, sq, opts, n, !is_alter, false);
}

ls_sequence *ls_new_owned_sequence(ls_apply *ap, ls_table *t, const char *column,
		const char *type, bool identity, pgnode **seq_options, size_t n_seq_options)
{
	ls_catalog *cat = ap->cat;
	const char *name = NULL, *schema = t->schema;
	const char *tname = t->name, *tschema = t->schema;
	for (size_t i = 0; i < n_seq_options; i++) {
		PgQuery__DefElem *d = seq_options[i]->def_elem;
		if (!strcmp(d->defname, "sequence_name")) {
			const char *s;
			PgQuery__List *l = d->arg->list;
			ls_name_list((const pgnode *const *)l->items, l->n_items, &s, &name);
			if (s)
				schema = s;
		}
	}
	if (!name)
		name = ls_choose_relation_name(cat, tschema, tname, column, "seq");
	else if (ls_check_new_name(ap, schema, name, LS_NEW_SEQUENCE) < 0)
		return NULL;
	/* made as the table's owner, with its default privileges, whoever
	 * adds the column (transformColumnDefinition) */
	ls_role_save save;
	if (ls_role_enter(ap, t->owner, &save) < 0)
		return NULL;
	ls_sequence *sq = name ? ls_new_sequence(cat, schema, name) : NULL;
	ls_role_leave(cat, &save);
	if (!sq) {
		ls_apply_nomem(ap);
		return NULL;
	}
	sq->type = strstr(type, "smallint") ? "smallint" : !strcmp(type, "integer") ? "integer" : "bigint";
	sq->owned_table = tname;
	sq->owned_column = ls_arena_strdup(cat->arena, column);
	ls_index_sequence_owned(cat, sq);
	/* PostgreSQL 15: a sequence owned by an unlogged table is unlogged */
	sq->unlogged = t->unlogged;
	sq->identity = identity;
	if (ls_sequence_options(ap, sq, seq_options, n_seq_options, false) < 0)
		return NULL;
	return sq;
}

/* OWNED BY table.column / NONE among sequence options. */
static int owned_by(ls_apply *ap, ls_sequence *sq, pgnode **opts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		PgQuery__DefElem *d = opts[i]->def_elem;
		if (strcmp(d->defname, "owned_by"))
			continue;
		PgQuery__List *l = d->arg->list;
		if (l->n_items == 1) { /* NONE */
			sq->owned_table = sq->owned_column = NULL;
			continue;
		}
		const char *col = l->items[l->n_items - 1]->string->sval;
		const char *tn = l->items[l->n_items - 2]->string->sval;
		const char *sn = l->n_items > 2 ? l->items[l->n_items - 3]->string->sval : NULL;
		ls_table *t = ls_lookup_table(ap->cat, sn, tn);
		if (!t)
			return ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", tn);
		if (!ls_table_column(t, col))
			return ls_apply_error(ap, LS_EINVAL, "column \"%s\" of relation \"%s\" does not exist", col, tn);
		if (strcmp(t->schema, sq->schema))
			return ls_apply_error(ap, LS_EINVAL, "sequence must be in same schema as table it is linked to");
		sq->owned_table = t->name;
		sq->owned_column = ls_table_column(t, col)->name;
		ls_index_sequence_owned(ap->cat, sq);
	}
	return 0;
}

int ls_apply_create_sequence(ls_apply *ap, PgQuery__CreateSeqStmt *s)
{
	ls_catalog *cat = ap->cat;
	PgQuery__RangeVar *rv = s->sequence;
	const char *schema = rv->relpersistence[0] == 't' ? ls_temp_schema(ap) :
		ls_creation_schema(ap, rv->schemaname);
	if (!schema)
		return ap->err->code;
	if (ls_class_name_taken(cat, schema, rv->relname) && s->if_not_exists)
		return 0;
	if (ls_check_new_name(ap, schema, rv->relname, LS_NEW_SEQUENCE) < 0)
		return ap->err->code;
	ls_sequence *sq = ls_new_sequence(cat, schema, rv->relname);
	if (!sq)
		return ls_apply_nomem(ap);
	sq->unlogged = rv->relpersistence[0] == 'u';
	int rc = ls_sequence_options(ap, sq, s->options, s->n_options, false);
	return rc < 0 ? rc : owned_by(ap, sq, s->options, s->n_options);
}

int ls_apply_alter_sequence(ls_apply *ap, PgQuery__AlterSeqStmt *s)
{
	PgQuery__RangeVar *rv = s->sequence;
	ls_sequence *sq = ls_lookup_sequence(ap->cat, rv->schemaname[0] ? rv->schemaname : NULL, rv->relname);
	if (!sq)
		return s->missing_ok ? 0 : ls_apply_error(ap, LS_EINVAL, "relation \"%s\" does not exist", rv->relname);
	int rc = ls_sequence_options(ap, sq, s->options, s->n_options, true);
	return rc < 0 ? rc : owned_by(ap, sq, s->options, s->n_options);
}

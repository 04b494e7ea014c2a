/* The dependencies of an object, derived from it on save, for people and
 * tools that query the store ("what breaks if I drop billing.accounts?");
 * lockstep never reads them back. Each is named by schema and name; whether
 * a name is a table, a view or a sequence depends on the snapshot, so that
 * kind is left NULL here and found by the dependencies view. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* One end of a dependency; kind NULL: the relation the snapshot has. */
typedef struct end {
	const char *kind;
	const char *schema;
	const char *name;
} end;

/* The running state of one object: the next position. */
typedef struct deps {
	ls_store_sink *k;
	size_t pos;
	ls_error *err;
} deps;

static const ls_store_rowdef DEPENDENCY = {"obj_dependencies",
	"INSERT INTO obj_dependencies (object_id, position, kind, from_kind, from_schema,"
	" from_name, from_detail, to_kind, to_schema, to_name)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"};

static int add(deps *d, const char *kind, end from, const char *detail, end to)
{
	/* a target without both names is no relation of any snapshot */
	if (!to.kind && (!to.schema || !to.name))
		to.kind = "relation";
	return d->k->row(d->k, &DEPENDENCY, SV_ARGS(SV_Z(d->pos++), SV_S(kind),
			SV_S(from.kind), SV_S(from.schema), SV_S(from.name), SV_S(detail),
			SV_S(to.kind), SV_S(to.schema), SV_S(to.name)), d->err);
}

/* Split a qualified name as ls_quote_ident writes its parts (a.b,
 * "A"."b""c") into buf, which has room for strlen(q) + 2 bytes. False when
 * it is not exactly two well-formed parts. */
static bool split_qualified(const char *q, char *buf, const char **schema, const char **name)
{
	const char *parts[2];
	int n = 0;
	char *o = buf;
	for (;;) {
		if (n == 2)
			return false;
		parts[n++] = o;
		if (*q == '"') {
			for (q++; *q && !(q[0] == '"' && q[1] != '"'); q++)
				*o++ = *q == '"' ? *q++ : *q;
			if (*q++ != '"')
				return false;
		} else {
			while (*q && *q != '.' && *q != '"')
				*o++ = *q++;
		}
		*o++ = '\0';
		if (o - 1 == parts[n - 1] || (*q && *q != '.'))
			return false;
		if (!*q++)
			break;
	}
	if (n != 2)
		return false;
	*schema = parts[0];
	*name = parts[1];
	return true;
}

/* A dependency on a relation or function given by its qualified text;
 * when the text does not split, to_schema is NULL and to_name the text. */
static int add_qualified(deps *d, const char *kind, end from, const char *detail,
		const char *to_kind, const char *q)
{
	char small[256], *buf = small, *big = NULL;
	end to = {to_kind ? to_kind : "relation", NULL, q};
	int rc;
	/* every save hashes every object: names that fit need no malloc */
	if (q && strlen(q) + 2 > sizeof small && (buf = big = ls_malloc(strlen(q) + 2)) == NULL) {
		rc = ls_error_set(d->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	if (q && split_qualified(q, buf, &to.schema, &to.name) && !to_kind)
		to.kind = NULL;
	rc = add(d, kind, from, detail, to);
done:
	free(big);
	return rc;
}

/* Foreign keys, partition parents and trigger functions of one table. */
static int table_deps(deps *d, const ls_table *t)
{
	end from = {"table", t->schema, t->name};
	int rc = 0;
	for (size_t i = 0; i < t->n_constraints && rc == 0; i++) {
		const ls_constraint *k = &t->constraints[i];
		if (k->type == 'f' && k->ref_table)
			rc = add(d, "foreign_key", from, k->name, (end){NULL, k->ref_schema, k->ref_table});
	}
	if (rc == 0 && t->parent_table)
		rc = add(d, "partition", from, NULL, (end){NULL, t->parent_schema, t->parent_table});
	for (size_t i = 0; i < t->n_triggers && rc == 0; i++)
		if (t->triggers[i].function)
			rc = add_qualified(d, "trigger", from, t->triggers[i].name, "function",
					t->triggers[i].function);
	return rc;
}

int ls_store_dependency_rows(ls_store_sink *k, ls_store_kind kind, const void *obj,
		ls_error *err)
{
	deps d = {k, 0, err};
	int rc = 0;
	switch (kind) {
	case LS_STORE_TABLE:
		rc = table_deps(&d, obj);
		break;
	case LS_STORE_INDEX: {
		const ls_index *x = obj;
		if (x->table)
			rc = add(&d, "index", (end){"index", x->schema, x->name}, NULL,
					(end){NULL, x->schema, x->table});
		break;
	}
	case LS_STORE_SEQUENCE: {
		const ls_sequence *s = obj;
		if (s->owned_table)
			rc = add(&d, "owned_by", (end){"sequence", s->schema, s->name}, s->owned_column,
					(end){NULL, s->schema, s->owned_table});
		break;
	}
	case LS_STORE_VIEW: {
		const ls_view *v = obj;
		for (size_t j = 0; j < v->n_depends && rc == 0; j++)
			rc = add_qualified(&d, "view", (end){"view", v->schema, v->name}, NULL, NULL,
					v->depends[j]);
		for (size_t j = 0; j < v->n_triggers && rc == 0; j++)
			if (v->triggers[j].function)
				rc = add_qualified(&d, "trigger", (end){"view", v->schema, v->name},
						v->triggers[j].name, "function", v->triggers[j].function);
		break;
	}
	default:
		break;
	}
	return rc;
}

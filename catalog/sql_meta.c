/* Writing COMMENT ON and GRANT / REVOKE for the schema script. */
#define _POSIX_C_SOURCE 200809L
#include "sql.h"

#include <stdlib.h>
#include <string.h>

#include "lockstep/str.h"

/* " IS 'text';" — or IS NULL, which removes a comment the server gave. */
static void comment_is(ls_buf *b, const char *text)
{
	ls_buf_put(b, " IS ");
	if (text)
		ls_buf_literal(b, text);
	else
		ls_buf_put(b, "NULL");
	ls_buf_put(b, ";\n");
}

/* "COMMENT ON <what> ON s.t IS ..." for a part of table t. */
static void comment_on_part(ls_buf *b, const char *what, const char *name,
		const ls_table *t, const char *text)
{
	if (!text)
		return;
	ls_buf_printf(b, "COMMENT ON %s ", what);
	ls_buf_ident(b, name);
	ls_buf_put(b, " ON ");
	ls_buf_qname(b, t->schema, t->name);
	comment_is(b, text);
}

/* The table's comment, then its columns', constraints', triggers' and
 * policies' comments, in model order. */
static void table_comments(const ls_table *t, ls_buf *b)
{
	if (t->comment) {
		ls_buf_put(b, "COMMENT ON TABLE ");
		ls_buf_qname(b, t->schema, t->name);
		comment_is(b, t->comment);
	}
	for (size_t i = 0; i < t->n_columns; i++) {
		if (!t->columns[i].comment)
			continue;
		ls_buf_put(b, "COMMENT ON COLUMN ");
		ls_buf_qname(b, t->schema, t->name);
		ls_buf_put(b, ".");
		ls_buf_ident(b, t->columns[i].name);
		comment_is(b, t->columns[i].comment);
	}
	for (size_t i = 0; i < t->n_constraints; i++)
		comment_on_part(b, "CONSTRAINT", t->constraints[i].name, t, t->constraints[i].comment);
	for (size_t i = 0; i < t->n_triggers; i++)
		comment_on_part(b, "TRIGGER", t->triggers[i].name, t, t->triggers[i].comment);
	for (size_t i = 0; i < t->n_policies; i++)
		comment_on_part(b, "POLICY", t->policies[i].name, t, t->policies[i].comment);
}

/* "COMMENT ON COLUMN s.r.col IS ..." when text is not NULL. */
static void comment_on_column(ls_buf *b, const char *schema, const char *rel, const char *col,
		const char *text)
{
	if (!text)
		return;
	ls_buf_put(b, "COMMENT ON COLUMN ");
	ls_buf_qname(b, schema, rel);
	ls_buf_put(b, ".");
	ls_buf_ident(b, col);
	comment_is(b, text);
}

/* A type's comment, its attributes' and its checks'. */
static void type_comments(const ls_type *t, ls_buf *b)
{
	const char *word = t->kind == LS_TYPE_DOMAIN ? "DOMAIN" : "TYPE";
	if (t->comment) {
		ls_buf_printf(b, "COMMENT ON %s ", word);
		ls_buf_qname(b, t->schema, t->name);
		comment_is(b, t->comment);
	}
	for (size_t i = 0; i < t->n_attributes; i++)
		comment_on_column(b, t->schema, t->name, t->attributes[i].name, t->attributes[i].comment);
	for (size_t i = 0; i < t->n_checks; i++) {
		if (!t->checks[i].comment)
			continue;
		ls_buf_put(b, "COMMENT ON CONSTRAINT ");
		ls_buf_ident(b, t->checks[i].name);
		ls_buf_put(b, " ON DOMAIN ");
		ls_buf_qname(b, t->schema, t->name);
		comment_is(b, t->checks[i].comment);
	}
}

/* A view's comment, its columns' and its triggers'. */
static void view_comments(const ls_view *v, ls_buf *b)
{
	if (v->comment) {
		ls_buf_put(b, v->materialized ? "COMMENT ON MATERIALIZED VIEW " : "COMMENT ON VIEW ");
		ls_buf_qname(b, v->schema, v->name);
		comment_is(b, v->comment);
	}
	for (size_t i = 0; v->column_comments && i < v->n_columns; i++)
		comment_on_column(b, v->schema, v->name, v->columns[i], v->column_comments[i]);
	for (size_t i = 0; i < v->n_triggers; i++) {
		if (!v->triggers[i].comment)
			continue;
		ls_buf_put(b, "COMMENT ON TRIGGER ");
		ls_buf_ident(b, v->triggers[i].name);
		ls_buf_put(b, " ON ");
		ls_buf_qname(b, v->schema, v->name);
		comment_is(b, v->triggers[i].comment);
	}
}

void sql_emit_comment(const sql_node *n, ls_buf *b)
{
	const char *text = NULL;
	switch (n->target) {
	case SK_TABLE:
		table_comments(n->obj, b);
		return;
	case SK_SCHEMA:
	case SK_EXTENSION:
		ls_buf_put(b, n->target == SK_SCHEMA ? "COMMENT ON SCHEMA " : "COMMENT ON EXTENSION ");
		ls_buf_ident(b, n->name);
		text = n->target == SK_SCHEMA ? ((const ls_schema *)n->obj)->comment :
			((const ls_extension *)n->obj)->comment;
		break;
	case SK_COLLATION:
		ls_buf_put(b, "COMMENT ON COLLATION ");
		ls_buf_qname(b, n->schema, n->name);
		text = ((const ls_collation *)n->obj)->comment;
		break;
	case SK_FUNCTION:
	case SK_LATE_FUNCTION: {
		const ls_function *f = n->obj;
		ls_buf_put(b, f->kind == 'p' ? "COMMENT ON PROCEDURE " : "COMMENT ON FUNCTION ");
		sql_function_sig(b, f);
		text = f->comment;
		break;
	}
	case SK_ENUM:
	case SK_COMPOSITE:
	case SK_DOMAIN:
		type_comments(n->obj, b);
		return;
	case SK_SEQUENCE:
		ls_buf_put(b, "COMMENT ON SEQUENCE ");
		ls_buf_qname(b, n->schema, n->name);
		text = ((const ls_sequence *)n->obj)->comment;
		break;
	case SK_INDEX:
		ls_buf_put(b, "COMMENT ON INDEX ");
		ls_buf_qname(b, n->schema, n->name);
		text = ((const ls_index *)n->obj)->comment;
		break;
	default: /* views */
		view_comments(n->obj, b);
		return;
	}
	comment_is(b, text);
}

/* GRANT statements for a grant list on the object `on` (already written
 * SQL, e.g. "TABLE public.t"), one per grantee and grant option with its
 * privileges together; col names a column privilege. A grant equal to
 * PUBLIC def_priv (the server's default) is skipped, and REVOKEd when
 * missing. */
static void grants(ls_buf *b, const ls_grant *g, size_t n, const char *on,
		const char *col, const char *def_priv)
{
	bool has_default = false;
	for (size_t i = 0; i < n;) {
		size_t j = i, written = 0;
		for (; j < n && ls_same(g[j].grantee, g[i].grantee) && g[j].grantable == g[i].grantable; j++) {
			if (def_priv && ls_same(g[j].grantee, "PUBLIC") && ls_same(g[j].privilege, def_priv)) {
				has_default = true;
				if (!g[j].grantable)
					continue;
			}
			ls_buf_put(b, written++ ? ", " : "GRANT ");
			ls_buf_put(b, g[j].privilege);
			if (col) {
				ls_buf_put(b, " (");
				ls_buf_ident(b, col);
				ls_buf_put(b, ")");
			}
		}
		if (written) {
			ls_buf_printf(b, " ON %s TO ", on);
			if (ls_same(g[i].grantee, "PUBLIC"))
				ls_buf_put(b, "PUBLIC");
			else
				ls_buf_ident(b, g[i].grantee);
			ls_buf_put(b, g[i].grantable ? " WITH GRANT OPTION;\n" : ";\n");
		}
		i = j;
	}
	if (def_priv && !has_default)
		ls_buf_printf(b, "REVOKE %s ON %s FROM PUBLIC;\n", def_priv, on);
}

void ls_defacl_prefix(ls_buf *b, const ls_default_acl *d)
{
	ls_buf_put(b, "ALTER DEFAULT PRIVILEGES ");
	if (d->role) {
		ls_buf_put(b, "FOR ROLE ");
		ls_buf_ident(b, d->role);
		ls_buf_put(b, " ");
	}
	if (d->schema) {
		ls_buf_put(b, "IN SCHEMA ");
		ls_buf_ident(b, d->schema);
		ls_buf_put(b, " ");
	}
}

/* One entry as ALTER DEFAULT PRIVILEGES statements: its grants, and for a
 * global entry the built-in PUBLIC privilege revoked when it lacks it. The
 * statements are written as for an object (grants()), each then prefixed. */
void sql_emit_default_acl(const ls_default_acl *d, ls_buf *b)
{
	ls_buf t = {.a = b->a};
	grants(&t, d->grants, d->n_grants, ls_defacl_kind_word(d->kind), NULL,
			d->schema ? NULL : ls_defacl_builtin_privilege(d->kind));
	if (t.failed) {
		b->failed = true;
		free(t.s);
		return;
	}
	for (const char *p = t.s; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
		ls_defacl_prefix(b, d);
		ls_buf_putn(b, p, len);
		p += len;
	}
	free(t.s);
}

/* The "KIND s.name" an ON clause names, rendered with b's arena. NULL when
 * out of memory (b is then marked failed). */
static const char *on_clause(ls_buf *b, const char *kind, const char *schema,
		const char *name, const ls_function *f)
{
	ls_buf t = {.a = b->a};
	ls_buf_printf(&t, "%s ", kind);
	if (f)
		sql_function_sig(&t, f);
	else
		ls_buf_qname(&t, schema, name);
	const char *s = t.failed ? NULL : ls_arena_strdup(b->a, t.s);
	free(t.s);
	if (!s)
		b->failed = true;
	return s;
}

void sql_emit_grant(const sql_node *n, ls_buf *b)
{
	const char *on;
	switch (n->target) {
	case SK_SCHEMA: {
		const ls_schema *s = n->obj;
		if (!(on = on_clause(b, "SCHEMA", NULL, s->name, NULL)))
			return;
		grants(b, s->grants, s->n_grants, on, NULL, ls_same(s->name, "public") ? "USAGE" : NULL);
		return;
	}
	case SK_FUNCTION:
	case SK_LATE_FUNCTION: {
		const ls_function *f = n->obj;
		if (!(on = on_clause(b, f->kind == 'p' ? "PROCEDURE" : "FUNCTION", NULL, NULL, f)))
			return;
		grants(b, f->grants, f->n_grants, on, NULL, "EXECUTE");
		return;
	}
	case SK_ENUM:
	case SK_COMPOSITE:
	case SK_DOMAIN: {
		const ls_type *t = n->obj;
		if ((on = on_clause(b, t->kind == LS_TYPE_DOMAIN ? "DOMAIN" : "TYPE", t->schema,
				t->name, NULL)))
			grants(b, t->grants, t->n_grants, on, NULL, "USAGE");
		return;
	}
	case SK_SEQUENCE: {
		const ls_sequence *s = n->obj;
		if ((on = on_clause(b, "SEQUENCE", s->schema, s->name, NULL)))
			grants(b, s->grants, s->n_grants, on, NULL, NULL);
		return;
	}
	case SK_TABLE: {
		const ls_table *t = n->obj;
		if (!(on = on_clause(b, "TABLE", t->schema, t->name, NULL)))
			return;
		grants(b, t->grants, t->n_grants, on, NULL, NULL);
		for (size_t i = 0; i < t->n_columns; i++)
			grants(b, t->columns[i].grants, t->columns[i].n_grants, on, t->columns[i].name, NULL);
		return;
	}
	default: { /* views */
		const ls_view *v = n->obj;
		if ((on = on_clause(b, "TABLE", v->schema, v->name, NULL)))
			grants(b, v->grants, v->n_grants, on, NULL, NULL);
		return;
	}
	}
}

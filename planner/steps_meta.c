/* Phase 4: comments and privileges.
 *
 * They are compared object by object between s->work — the source with
 * every earlier step applied, so an object dropped and created again has
 * lost its comment and holds the privileges a new object gets — and TO.
 * One step per object: its COMMENT ON statements, or its GRANT and REVOKE
 * statements.
 */
#define _POSIX_C_SOURCE 200809L
#include "plan_int.h"

#include <string.h>

#include "lockstep/str.h"

/* Comments of one object and its parts, gathered into one step. */
typedef struct meta {
	pl_side *s;
	ls_buf sql, back;
	ls_buf what;
	size_t n;
	bool whole;   /* a comment on a relation or its column: ShareUpdateExclusiveLock
	               * (on its trigger, constraint or policy: AccessShareLock) */
} meta;

static void comment(meta *m, const char *on, const char *from, const char *to)
{
	if (ls_same_or_null(from, to))
		return;
	ls_buf_printf(&m->sql, "COMMENT ON %s IS ", on);
	if (to)
		ls_buf_literal(&m->sql, to);
	else
		ls_buf_put(&m->sql, "NULL");
	ls_buf_put(&m->sql, ";\n");
	ls_buf_printf(&m->back, "COMMENT ON %s IS ", on);
	if (from)
		ls_buf_literal(&m->back, from);
	else
		ls_buf_put(&m->back, "NULL");
	ls_buf_put(&m->back, ";\n");
	m->n++;
}

/* A comment on a relation itself or on one of its columns. */
static void rel_comment(meta *m, const char *on, const char *from, const char *to)
{
	size_t before = m->n;
	comment(m, on, from, to);
	if (m->n > before)
		m->whole = true;
}

static bool has_grant(const ls_grant *g, size_t n, const char *grantee, const char *priv,
		int grantable)
{
	for (size_t i = 0; i < n; i++)
		if (ls_same(g[i].grantee, grantee) && ls_same(g[i].privilege, priv) &&
				(grantable < 0 || g[i].grantable == (grantable != 0)))
			return true;
	return false;
}

static void grantee(ls_buf *b, const char *g)
{
	if (ls_same(g, "PUBLIC"))
		ls_buf_put(b, "PUBLIC");
	else
		ls_buf_ident(b, g);
}

/* GRANT/REVOKE taking privileges `from` to `to` on `on` ("TABLE s.t");
 * col names a column privilege; pre (or NULL) goes before each statement
 * (ALTER DEFAULT PRIVILEGES ...). Into b. */
void pl_grant_diff(ls_buf *b, const char *pre, const char *on, const char *col,
		const ls_grant *from, size_t nf, const ls_grant *to, size_t nt)
{
	const char *c = col ? col : "";
	const char *p = pre ? pre : "";
	for (size_t i = 0; i < nf; i++) {
		const ls_grant *g = &from[i];
		if (has_grant(to, nt, g->grantee, g->privilege, -1)) {
			if (g->grantable && !has_grant(to, nt, g->grantee, g->privilege, 1)) {
				ls_buf_printf(b, "%sREVOKE GRANT OPTION FOR %s%s ON %s FROM ", p, g->privilege, c, on);
				grantee(b, g->grantee);
				ls_buf_put(b, ";\n");
			}
			continue;
		}
		ls_buf_printf(b, "%sREVOKE %s%s ON %s FROM ", p, g->privilege, c, on);
		grantee(b, g->grantee);
		ls_buf_put(b, ";\n");
	}
	for (size_t i = 0; i < nt; i++) {
		const ls_grant *g = &to[i];
		if (has_grant(from, nf, g->grantee, g->privilege, g->grantable ? 1 : -1))
			continue;
		ls_buf_printf(b, "%sGRANT %s%s ON %s TO ", p, g->privilege, c, on);
		grantee(b, g->grantee);
		ls_buf_put(b, g->grantable ? " WITH GRANT OPTION;\n" : ";\n");
	}
}

static void grants_pre(meta *m, const char *pre, const char *on, const char *col,
		const ls_grant *from, size_t nf, const ls_grant *to, size_t nt)
{
	size_t before = m->sql.len;
	pl_grant_diff(&m->sql, pre, on, col, from, nf, to, nt);
	pl_grant_diff(&m->back, pre, on, col, to, nt, from, nf);
	if (m->sql.len != before)
		m->n++;
}

static void grants(meta *m, const char *on, const char *col, const ls_grant *from, size_t nf,
		const ls_grant *to, size_t nt)
{
	grants_pre(m, NULL, on, col, from, nf, to, nt);
}

/* Emit the gathered statements as one step on object obj. */
static int flush(meta *m, const char *action, const char *kind, const char *obj,
		const char *lock_rel, const char *lock_mode)
{
	pl_side *s = m->s;
	const char *sql = ls_buf_take(&m->sql), *back = ls_buf_take(&m->back);
	size_t n = m->n;
	bool whole = m->whole;
	m->n = 0;
	m->whole = false;
	if (!n)
		return 0;
	if (lock_rel && !whole)
		lock_mode = "AccessShareLock";
	pl_change(s, LS_CHANGE_ALTER, kind, obj, NULL, action);
	ls_step *st;
	int rc = pl_emit(s, &st, action, obj, sql, back);
	if (rc == 0 && lock_rel)
		pl_lock(s, st, lock_rel, lock_mode);
	return rc;
}

static const void *find_part(const void *arr, size_t n, size_t size, const char *name)
{
	/* every part struct starts with its name */
	for (size_t i = 0; i < n; i++) {
		const char *const *p = (const char *const *)((const char *)arr + i * size);
		if (ls_same(*p, name))
			return p;
	}
	return NULL;
}

static int table_meta(meta *m, const ls_table *t)
{
	pl_side *s = m->s;
	const ls_table *w = ls_catalog_find_table(s->work, t->schema, t->name);
	if (!w)
		return 0;
	const char *q = pl_qname(s, t->schema, t->name);
	rel_comment(m, ls_arena_printf(s->a, "TABLE %s", q), w->comment, t->comment);
	for (size_t i = 0; i < t->n_columns; i++) {
		const ls_column *tc = &t->columns[i];
		const ls_column *wc = NULL;
		for (size_t j = 0; j < w->n_columns && !wc; j++)
			if (ls_same(w->columns[j].name, tc->name))
				wc = &w->columns[j];
		if (wc)
			rel_comment(m, ls_arena_printf(s->a, "COLUMN %s.%s", q, ls_quote_ident(s->a, tc->name)),
					wc->comment, tc->comment);
	}
	for (size_t i = 0; i < t->n_constraints; i++) {
		const ls_constraint *k = find_part(w->constraints, w->n_constraints, sizeof *k,
				t->constraints[i].name);
		if (k)
			comment(m, ls_arena_printf(s->a, "CONSTRAINT %s ON %s", ls_quote_ident(s->a, k->name), q),
					k->comment, t->constraints[i].comment);
	}
	for (size_t i = 0; i < t->n_triggers; i++) {
		const ls_trigger *k = find_part(w->triggers, w->n_triggers, sizeof *k, t->triggers[i].name);
		if (k)
			comment(m, ls_arena_printf(s->a, "TRIGGER %s ON %s", ls_quote_ident(s->a, k->name), q),
					k->comment, t->triggers[i].comment);
	}
	for (size_t i = 0; i < t->n_policies; i++) {
		const ls_policy *k = find_part(w->policies, w->n_policies, sizeof *k, t->policies[i].name);
		if (k)
			comment(m, ls_arena_printf(s->a, "POLICY %s ON %s", ls_quote_ident(s->a, k->name), q),
					k->comment, t->policies[i].comment);
	}
	int rc = flush(m, "comment", "table", q, q, "ShareUpdateExclusiveLock");
	if (rc < 0)
		return rc;
	/* the step moved work's arrays */
	if (!(w = ls_catalog_find_table(s->work, t->schema, t->name)))
		return 0;
	const char *on = ls_arena_printf(s->a, "TABLE %s", q);
	grants(m, on, NULL, w->grants, w->n_grants, t->grants, t->n_grants);
	for (size_t i = 0; i < t->n_columns; i++) {
		const ls_column *tc = &t->columns[i], *wc = NULL;
		for (size_t j = 0; j < w->n_columns && !wc; j++)
			if (ls_same(w->columns[j].name, tc->name))
				wc = &w->columns[j];
		if (wc)
			grants(m, on, ls_arena_printf(s->a, " (%s)", ls_quote_ident(s->a, tc->name)),
					wc->grants, wc->n_grants, tc->grants, tc->n_grants);
	}
	return flush(m, "privileges", "table", q, NULL, NULL);
}

/* The function of work with f's schema, name and identity arguments: the
 * catalog's hashed lookup (one scan per function made this quadratic in
 * the number of functions), scanning only when the arguments are unknown. */
static const ls_function *work_function(pl_side *s, const ls_function *f)
{
	if (f->identity_args)
		return ls_catalog_find_function(s->work, f->schema, f->name, f->identity_args);
	for (size_t i = 0; i < s->work->n_functions; i++) {
		const ls_function *x = &s->work->functions[i];
		if (ls_same(x->schema, f->schema) && ls_same(x->name, f->name) && !x->identity_args)
			return x;
	}
	return NULL;
}

static int function_meta(meta *m, const ls_function *f)
{
	pl_side *s = m->s;
	const ls_function *w = work_function(s, f);
	if (!w)
		return 0;
	const char *sig = ls_arena_printf(s->a, "%s(%s)", pl_qname(s, f->schema, f->name),
			f->identity_args ? f->identity_args : "");
	const char *word = f->kind == 'p' ? "PROCEDURE" : "FUNCTION";
	/* COMMENT ON AGGREGATE takes its own signature; GRANT names an
	 * aggregate as a FUNCTION of its plain types */
	const char *gsig = sig;
	if (f->kind == 'a') {
		const char *plain = ls_aggregate_param_text(s->a, f->identity_args ? f->identity_args : "");
		gsig = plain ? ls_arena_printf(s->a, "%s(%s)", pl_qname(s, f->schema, f->name), plain) : NULL;
		if (!gsig)
			return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	}
	comment(m, ls_arena_printf(s->a, "%s %s", f->kind == 'a' ? "AGGREGATE" : word, sig),
			w->comment, f->comment);
	int rc = flush(m, "comment", "function", sig, NULL, NULL);
	if (rc < 0)
		return rc;
	if (!(w = work_function(s, f)))
		return 0;
	grants(m, ls_arena_printf(s->a, "%s %s", word, gsig), NULL, w->grants, w->n_grants,
			f->grants, f->n_grants);
	return flush(m, "privileges", "function", sig, NULL, NULL);
}

/* A type's comments (its own, its attributes', its checks') and its
 * grants, against w, the type in work. */
static int type_meta(meta *m, const ls_type *t, const ls_type *w)
{
	pl_side *s = m->s;
	const char *q = pl_qname(s, t->schema, t->name);
	const char *word = t->kind == LS_TYPE_DOMAIN ? "DOMAIN" : "TYPE";
	comment(m, ls_arena_printf(s->a, "%s %s", word, q), w->comment, t->comment);
	for (size_t i = 0; i < t->n_attributes; i++) {
		const ls_attribute *k = find_part(w->attributes, w->n_attributes, sizeof *k,
				t->attributes[i].name);
		if (k)
			comment(m, ls_arena_printf(s->a, "COLUMN %s.%s", q, ls_quote_ident(s->a, k->name)),
					k->comment, t->attributes[i].comment);
	}
	for (size_t i = 0; i < t->n_checks; i++) {
		const ls_type_check *k = find_part(w->checks, w->n_checks, sizeof *k, t->checks[i].name);
		if (k)
			comment(m, ls_arena_printf(s->a, "CONSTRAINT %s ON DOMAIN %s",
					ls_quote_ident(s->a, k->name), q), k->comment, t->checks[i].comment);
	}
	int rc = flush(m, "comment", "type", q, NULL, NULL);
	if (rc < 0)
		return rc;
	/* the step moved work's arrays */
	if (!(w = ls_catalog_find_type(s->work, t->schema, t->name)))
		return 0;
	grants(m, ls_arena_printf(s->a, "%s %s", word, q), NULL, w->grants, w->n_grants,
			t->grants, t->n_grants);
	return flush(m, "privileges", "type", q, NULL, NULL);
}

/* A view's comments: its own, its columns' (by name), its triggers'. */
static void view_comments(meta *m, const ls_view *t, const ls_view *w, const char *q)
{
	pl_side *s = m->s;
	rel_comment(m, ls_arena_printf(s->a, "%s %s", t->materialized ? "MATERIALIZED VIEW" : "VIEW", q),
			w->comment, t->comment);
	for (size_t i = 0; i < t->n_columns; i++) {
		const char *to = t->column_comments ? t->column_comments[i] : NULL, *from = NULL;
		bool found = false;
		for (size_t j = 0; j < w->n_columns && !found; j++)
			if (ls_same(w->columns[j], t->columns[i])) {
				found = true;
				from = w->column_comments ? w->column_comments[j] : NULL;
			}
		if (found)
			rel_comment(m, ls_arena_printf(s->a, "COLUMN %s.%s", q, ls_quote_ident(s->a, t->columns[i])),
					from, to);
	}
	for (size_t i = 0; i < t->n_triggers; i++) {
		const ls_trigger *k = find_part(w->triggers, w->n_triggers, sizeof *k, t->triggers[i].name);
		if (k)
			comment(m, ls_arena_printf(s->a, "TRIGGER %s ON %s", ls_quote_ident(s->a, k->name), q),
					k->comment, t->triggers[i].comment);
	}
}

/* The grants an entry stands for: its own, or when absent what the server
 * assumes (the built-in default for a global entry, nothing for a
 * schema's). b is a one-item buffer for the built-in grant. */
static void effective(const ls_default_acl *d, ls_defacl_kind kind, bool global, ls_grant *b,
		const ls_grant **g, size_t *n)
{
	if (d) {
		*g = d->grants;
		*n = d->n_grants;
		return;
	}
	const char *p = global ? ls_defacl_builtin_privilege(kind) : NULL;
	*g = p ? b : NULL;
	*n = p ? 1 : 0;
	if (p)
		*b = (ls_grant){.grantee = "PUBLIC", .privilege = p, .grantable = false};
}

static const ls_default_acl *find_defacl(const ls_catalog *cat, const ls_default_acl *like)
{
	for (size_t i = 0; i < cat->n_default_acls; i++) {
		const ls_default_acl *d = &cat->default_acls[i];
		if (d->kind == like->kind && ls_same_or_null(d->role, like->role) &&
				ls_same_or_null(d->schema, like->schema))
			return d;
	}
	return NULL;
}

/* One entry of default privileges taken from work's to TO's. */
static int default_acl_meta(meta *m, const ls_default_acl *key)
{
	pl_side *s = m->s;
	ls_buf pre = {.a = s->a};
	ls_buf_put(&pre, "ALTER DEFAULT PRIVILEGES ");
	if (key->role) {
		ls_buf_put(&pre, "FOR ROLE ");
		ls_buf_ident(&pre, key->role);
		ls_buf_put(&pre, " ");
	}
	if (key->schema) {
		ls_buf_put(&pre, "IN SCHEMA ");
		ls_buf_ident(&pre, key->schema);
		ls_buf_put(&pre, " ");
	}
	const char *p = ls_buf_take(&pre);
	const char *word = ls_defacl_kind_word(key->kind);
	ls_grant bf, bt;
	const ls_grant *gf, *gt;
	size_t nf, nt;
	effective(find_defacl(s->work, key), key->kind, !key->schema, &bf, &gf, &nf);
	effective(find_defacl(s->to, key), key->kind, !key->schema, &bt, &gt, &nt);
	grants_pre(m, p, word, NULL, gf, nf, gt, nt);
	/* "[FOR ROLE r ][IN SCHEMA s ]ON TABLES" */
	const char *obj = ls_arena_printf(s->a, "%s%s%s%s%sON %s", key->role ? "FOR ROLE " : "",
			key->role ? ls_quote_ident(s->a, key->role) : "", key->role ? " " : "",
			key->schema ? "IN SCHEMA " : "", key->schema ? ls_arena_printf(s->a, "%s ",
				ls_quote_ident(s->a, key->schema)) : "", word);
	return flush(m, "default privileges", "default privileges", obj, NULL, NULL);
}

/* Default privileges last: the objects the plan creates have been given
 * their privileges already, as TO has them. */
static int default_acls_meta(meta *m)
{
	pl_side *s = m->s;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < s->to->n_default_acls; i++)
		rc = default_acl_meta(m, &s->to->default_acls[i]);
	/* entries only work has: copied, the steps above may move work's */
	size_t n = s->work->n_default_acls;
	ls_default_acl *gone = n ? ls_arena_alloc(s->a, n * sizeof *gone) : NULL;
	if (n && !gone)
		return LS_ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!find_defacl(s->to, &s->work->default_acls[i]))
			gone[k++] = s->work->default_acls[i];
	for (size_t i = 0; rc == 0 && i < k; i++)
		rc = default_acl_meta(m, &gone[i]);
	return rc;
}

/* The storage parameters of an index or view that phase 2 kept (pl_classify:
 * the same but for their order) put in TO's order, one step. */
static int options_order(pl_side *s, const char *kind, const char *q, const char *const *from,
		size_t nf, const char *const *to, size_t nt)
{
	bool same = nf == nt;
	for (size_t i = 0; same && i < nt; i++)
		same = ls_same(from[i], to[i]);
	if (same)
		return 0;
	ls_buf b = {.a = s->a};
	const char *alter = ls_arena_printf(s->a, "ALTER %s %s", kind, q);
	bool weak = true;
	pl_options_sql(&b, alter, from, nf, to, nt, &weak);
	const char *sql = ls_buf_take(&b);
	pl_options_sql(&b, alter, to, nt, from, nf, &weak);
	const char *back = ls_buf_take(&b);
	const char *what = !strcmp(kind, "INDEX") ? "index" : !strcmp(kind, "VIEW") ? "view" :
		"materialized view";
	pl_change(s, LS_CHANGE_ALTER, what, q, NULL, "storage parameters");
	ls_step *st;
	int rc = pl_emit(s, &st, "set storage parameters", q, sql, back);
	if (rc == 0)
		pl_lock(s, st, q, weak ? "ShareUpdateExclusiveLock" : "AccessExclusiveLock");
	return rc;
}

static int relation_meta(meta *m, pl_side *s)
{
	int rc;
	for (size_t i = 0; i < s->to->n_sequences; i++) {
		const ls_sequence *t = &s->to->sequences[i];
		const ls_sequence *w = ls_catalog_find_sequence(s->work, t->schema, t->name);
		if (!w)
			continue;
		const char *q = pl_qname(s, t->schema, t->name);
		rel_comment(m, ls_arena_printf(s->a, "SEQUENCE %s", q), w->comment, t->comment);
		if ((rc = flush(m, "comment", "sequence", q, q, "ShareUpdateExclusiveLock")) < 0)
			return rc;
		if (!(w = ls_catalog_find_sequence(s->work, t->schema, t->name)))
			continue;
		grants(m, ls_arena_printf(s->a, "SEQUENCE %s", q), NULL, w->grants, w->n_grants,
				t->grants, t->n_grants);
		if ((rc = flush(m, "privileges", "sequence", q, NULL, NULL)) < 0)
			return rc;
	}
	for (size_t i = 0; i < s->to->n_indexes; i++) {
		const ls_index *t = &s->to->indexes[i];
		const ls_index *w = ls_catalog_find_index(s->work, t->schema, t->name);
		if (!w)
			continue;
		const char *q = pl_qname(s, t->schema, t->name);
		if ((rc = options_order(s, "INDEX", q, w->options, w->n_options, t->options, t->n_options)) < 0)
			return rc;
		if (!(w = ls_catalog_find_index(s->work, t->schema, t->name)))
			continue;
		rel_comment(m, ls_arena_printf(s->a, "INDEX %s", q), w->comment, t->comment);
		if ((rc = flush(m, "comment", "index", q, q, "ShareUpdateExclusiveLock")) < 0)
			return rc;
	}
	for (size_t i = 0; i < s->to->n_views; i++) {
		const ls_view *t = &s->to->views[i];
		const ls_view *w = ls_catalog_find_view(s->work, t->schema, t->name);
		if (!w)
			continue;
		const char *q = pl_qname(s, t->schema, t->name);
		if ((rc = options_order(s, t->materialized ? "MATERIALIZED VIEW" : "VIEW", q, w->options,
				w->n_options, t->options, t->n_options)) < 0)
			return rc;
		if (!(w = ls_catalog_find_view(s->work, t->schema, t->name)))
			continue;
		view_comments(m, t, w, q);
		if ((rc = flush(m, "comment", "view", q, q, "ShareUpdateExclusiveLock")) < 0)
			return rc;
		if (!(w = ls_catalog_find_view(s->work, t->schema, t->name)))
			continue;
		grants(m, ls_arena_printf(s->a, "TABLE %s", q), NULL, w->grants, w->n_grants,
				t->grants, t->n_grants);
		if ((rc = flush(m, "privileges", "view", q, NULL, NULL)) < 0)
			return rc;
	}
	return 0;
}

int pl_meta_steps(pl_side *s)
{
	meta m = {.s = s, .sql = {.a = s->a}, .back = {.a = s->a}, .what = {.a = s->a}};
	int rc;
	for (size_t i = 0; i < s->to->n_schemas; i++) {
		const ls_schema *t = &s->to->schemas[i];
		const ls_schema *w = ls_catalog_find_schema(s->work, t->name);
		if (!w)
			continue;
		const char *q = ls_quote_ident(s->a, t->name);
		comment(&m, ls_arena_printf(s->a, "SCHEMA %s", q), w->comment, t->comment);
		if ((rc = flush(&m, "comment", "schema", q, NULL, NULL)) < 0)
			return rc;
		if (!(w = ls_catalog_find_schema(s->work, t->name)))
			continue;
		grants(&m, ls_arena_printf(s->a, "SCHEMA %s", q), NULL, w->grants, w->n_grants,
				t->grants, t->n_grants);
		if ((rc = flush(&m, "privileges", "schema", q, NULL, NULL)) < 0)
			return rc;
	}
	for (size_t i = 0; i < s->to->n_extensions; i++) {
		const ls_extension *t = &s->to->extensions[i], *w = NULL;
		for (size_t j = 0; j < s->work->n_extensions && !w; j++)
			if (ls_same(s->work->extensions[j].name, t->name))
				w = &s->work->extensions[j];
		if (!w)
			continue;
		const char *q = ls_quote_ident(s->a, t->name);
		comment(&m, ls_arena_printf(s->a, "EXTENSION %s", q), w->comment, t->comment);
		if ((rc = flush(&m, "comment", "extension", q, NULL, NULL)) < 0)
			return rc;
	}
	for (size_t i = 0; i < s->to->n_collations; i++) {
		const ls_collation *t = &s->to->collations[i], *w = NULL;
		for (size_t j = 0; j < s->work->n_collations && !w; j++)
			if (ls_same(s->work->collations[j].schema, t->schema) &&
					ls_same(s->work->collations[j].name, t->name))
				w = &s->work->collations[j];
		if (!w)
			continue;
		const char *q = pl_qname(s, t->schema, t->name);
		comment(&m, ls_arena_printf(s->a, "COLLATION %s", q), w->comment, t->comment);
		if ((rc = flush(&m, "comment", "collation", q, NULL, NULL)) < 0)
			return rc;
	}
	for (size_t i = 0; i < s->to->n_types; i++) {
		const ls_type *t = &s->to->types[i];
		const ls_type *w = ls_catalog_find_type(s->work, t->schema, t->name);
		if (!w)
			continue;
		if ((rc = type_meta(&m, t, w)) < 0)
			return rc;
	}
	for (size_t i = 0; i < s->to->n_functions; i++)
		if ((rc = function_meta(&m, &s->to->functions[i])) < 0)
			return rc;
	for (size_t i = 0; i < s->to->n_tables; i++)
		if ((rc = table_meta(&m, &s->to->tables[i])) < 0)
			return rc;
	if ((rc = relation_meta(&m, s)) < 0)
		return rc;
	if ((rc = default_acls_meta(&m)) < 0)
		return rc;
	ls_buf_take(&m.what);
	return 0;
}

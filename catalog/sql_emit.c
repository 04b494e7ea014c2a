/* Writing the nodes of the schema script: schemas, extensions, types,
 * sequences, functions, tables (sql_emit_late.c and sql_meta.c have the
 * rest).
 *
 * Names go through ls_quote_ident; types, expressions and definitions are
 * the model's canonical text and are written as they are.
 */
#define _POSIX_C_SOURCE 200809L
#include "sql.h"
#include "apply_inherit.h"
#include "apply_func.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lockstep/str.h"

void sql_alter_table(ls_buf *b, const ls_table *t)
{
	ls_buf_put(b, t->kind == LS_TABLE_PARTITIONED ? "ALTER TABLE " : "ALTER TABLE ONLY ");
	ls_buf_qname(b, t->schema, t->name);
}

/* True for an unsigned decimal number, which a storage parameter may give
 * bare. */
static bool is_number(const char *s)
{
	bool digits = false, dot = false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits = true;
		else if (*s == '.' && !dot)
			dot = true;
		else
			return false;
	}
	return digits;
}

void sql_options(ls_buf *b, const char *const *opts, size_t n)
{
	ls_buf_put(b, "WITH (");
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(opts[i], '=');
		ls_buf_put(b, i ? ", " : "");
		if (!eq) {
			ls_buf_put(b, opts[i]);
			continue;
		}
		/* The name is a (possibly namespaced) keyword-like word: as is. */
		ls_buf_putn(b, opts[i], (size_t)(eq - opts[i]));
		ls_buf_put(b, "=");
		if (is_number(eq + 1))
			ls_buf_put(b, eq + 1);
		else
			ls_buf_literal(b, eq + 1);
	}
	ls_buf_put(b, ")");
}

void sql_function_sig(ls_buf *b, const ls_function *f)
{
	const char *args = f->identity_args ? f->identity_args : "";
	/* FUNCTION f(types) names an aggregate too, by its plain signature */
	if (f->kind == 'a' && b->a && !(args = ls_aggregate_param_text(b->a, args))) {
		b->failed = true;
		return;
	}
	ls_buf_qname(b, f->schema, f->name);
	ls_buf_printf(b, "(%s)", args);
}

static void emit_schema(const sql_node *n, ls_buf *b)
{
	if (!n->obj) {
		ls_buf_put(b, "DROP SCHEMA public;\n");
		return;
	}
	ls_buf_put(b, "CREATE SCHEMA ");
	ls_buf_ident(b, n->name);
	ls_buf_put(b, ";\n");
}

static void emit_extension(const ls_extension *e, ls_buf *b)
{
	ls_buf_put(b, "CREATE EXTENSION IF NOT EXISTS ");
	ls_buf_ident(b, e->name);
	ls_buf_put(b, " WITH SCHEMA ");
	ls_buf_ident(b, e->schema);
	ls_buf_put(b, ";\n");
}

static void emit_collation(const ls_collation *c, ls_buf *b)
{
	ls_buf_put(b, "CREATE COLLATION ");
	ls_buf_qname(b, c->schema, c->name);
	if (c->provider == 'i') {
		ls_buf_put(b, " (provider = icu, locale = ");
		ls_buf_literal(b, c->locale ? c->locale : "");
	} else {
		ls_buf_put(b, " (provider = libc, lc_collate = ");
		ls_buf_literal(b, c->lc_collate ? c->lc_collate : "");
		ls_buf_put(b, ", lc_ctype = ");
		ls_buf_literal(b, c->lc_ctype ? c->lc_ctype : "");
	}
	ls_buf_put(b, c->deterministic ? ");\n" : ", deterministic = false);\n");
}

/* " DEFAULT expr", in parentheses where the grammar's b_expr needs them. */
static void put_default(ls_buf *b, const char *expr)
{
	const char *e = ls_catalog_default_sql(b->a, expr);
	if (e)
		ls_buf_printf(b, " DEFAULT %s", e);
	else
		b->failed = true;
}

/* CREATE DOMAIN with its valid checks; NOT VALID ones are added after it,
 * as the server only records them so. */
static void emit_domain(const ls_type *t, ls_buf *b)
{
	ls_buf_put(b, "CREATE DOMAIN ");
	ls_buf_qname(b, t->schema, t->name);
	ls_buf_printf(b, " AS %s", t->base_type);
	if (t->collation)
		ls_buf_printf(b, " COLLATE %s", t->collation);
	if (t->default_expr)
		put_default(b, t->default_expr);
	if (t->not_null)
		ls_buf_put(b, " NOT NULL");
	for (size_t i = 0; i < t->n_checks; i++) {
		if (!t->checks[i].valid)
			continue;
		ls_buf_put(b, "\n    CONSTRAINT ");
		ls_buf_ident(b, t->checks[i].name);
		ls_buf_printf(b, " CHECK (%s)", t->checks[i].expr);
	}
	ls_buf_put(b, ";\n");
	for (size_t i = 0; i < t->n_checks; i++) {
		if (t->checks[i].valid)
			continue;
		ls_buf_put(b, "ALTER DOMAIN ");
		ls_buf_qname(b, t->schema, t->name);
		ls_buf_put(b, " ADD CONSTRAINT ");
		ls_buf_ident(b, t->checks[i].name);
		ls_buf_printf(b, " CHECK (%s) NOT VALID;\n", t->checks[i].expr);
	}
}

/* CREATE TYPE ... AS ENUM (labels) or AS (attributes). */
static void emit_type(const ls_type *t, ls_buf *b)
{
	if (t->kind == LS_TYPE_DOMAIN) {
		emit_domain(t, b);
		return;
	}
	ls_buf_put(b, "CREATE TYPE ");
	ls_buf_qname(b, t->schema, t->name);
	ls_buf_put(b, t->kind == LS_TYPE_ENUM ? " AS ENUM (" : " AS (");
	size_t n = t->kind == LS_TYPE_ENUM ? t->n_labels : t->n_attributes;
	for (size_t i = 0; i < n; i++) {
		ls_buf_put(b, i ? ",\n    " : "\n    ");
		if (t->kind == LS_TYPE_ENUM) {
			ls_buf_literal(b, t->labels[i]);
			continue;
		}
		ls_buf_ident(b, t->attributes[i].name);
		ls_buf_printf(b, " %s", t->attributes[i].type);
		if (t->attributes[i].collation)
			ls_buf_printf(b, " COLLATE %s", t->attributes[i].collation);
	}
	ls_buf_put(b, n ? "\n);\n" : ");\n");
}

/* Sequence options, every one spelled out: sep goes before each. */
static void sequence_options(const ls_sequence *s, const char *sep, ls_buf *b)
{
	ls_buf_printf(b, "%sSTART WITH %" PRId64 "%sINCREMENT BY %" PRId64
			"%sMINVALUE %" PRId64 "%sMAXVALUE %" PRId64 "%sCACHE %" PRId64 "%s%s",
			sep, s->start, sep, s->increment, sep, s->min, sep, s->max, sep, s->cache,
			sep, s->cycle ? "CYCLE" : "NO CYCLE");
}

static void emit_sequence(const ls_sequence *s, ls_buf *b)
{
	ls_buf_put(b, s->unlogged ? "CREATE UNLOGGED SEQUENCE " : "CREATE SEQUENCE ");
	ls_buf_qname(b, s->schema, s->name);
	ls_buf_printf(b, "\n    AS %s", s->type ? s->type : "bigint");
	sequence_options(s, "\n    ", b);
	ls_buf_put(b, ";\n");
}

static void emit_owned_by(const ls_sequence *s, ls_buf *b)
{
	ls_buf_put(b, "ALTER SEQUENCE ");
	ls_buf_qname(b, s->schema, s->name);
	ls_buf_put(b, " OWNED BY ");
	ls_buf_qname(b, s->schema, s->owned_table);
	ls_buf_put(b, ".");
	ls_buf_ident(b, s->owned_column);
	ls_buf_put(b, ";\n");
}

/* One SET clause of a function from "SET x = y" or "x=y" (as proconfig
 * holds it): list settings such as search_path as a list of literals, as
 * pg_get_functiondef writes them. */
static void function_setting(const char *cfg, ls_buf *b)
{
	const char *eq = strchr(cfg, '=');
	if (strncmp(cfg, "SET ", 4) == 0 || !eq) {
		ls_buf_printf(b, "\n    %s%s", strncmp(cfg, "SET ", 4) ? "SET " : "", cfg);
		return;
	}
	size_t nl = (size_t)(eq - cfg);
	while (nl > 0 && cfg[nl - 1] == ' ')
		nl--;
	ls_buf_put(b, "\n    SET ");
	ls_buf_putn(b, cfg, nl);
	ls_buf_put(b, " TO ");
	bool list = (nl == 11 && !strncmp(cfg, "search_path", 11)) ||
		(nl == 16 && !strncmp(cfg, "temp_tablespaces", 16));
	const char *v = eq + 1;
	while (*v == ' ')
		v++;
	if (!list) {
		ls_buf_literal(b, v);
		return;
	}
	for (bool first = true; *v; first = false) {
		const char *end = strchr(v, ',');
		size_t len = end ? (size_t)(end - v) : strlen(v);
		char item[256];
		size_t il = len < sizeof item - 1 ? len : sizeof item - 1;
		memcpy(item, v, il);
		while (il > 0 && item[il - 1] == ' ')
			il--;
		item[il] = '\0';
		if (il >= 2 && item[0] == '"' && item[il - 1] == '"') {
			memmove(item, item + 1, il - 2);
			item[il - 2] = '\0';
		}
		ls_buf_put(b, first ? "" : ", ");
		ls_buf_literal(b, item);
		v += len;
		while (*v == ',' || *v == ' ')
			v++;
	}
}

static const char *modify_word(char m)
{
	return m == 'r' ? "READ_ONLY" : m == 's' ? "SHAREABLE" : "READ_WRITE";
}

/* ", NAME = value" when value is set. */
static void agg_opt(ls_buf *b, const char *name, const char *value)
{
	if (value)
		ls_buf_printf(b, ",\n    %s = %s", name, value);
}

/* CREATE AGGREGATE with every option the aggregate has; the modify
 * options only where they differ from DefineAggregate's defaults. */
static void emit_aggregate(const ls_function *f, ls_buf *b)
{
	const ls_aggregate *g = f->aggregate;
	char dflt = g->kind == 'n' ? 'r' : 'w';
	ls_buf_put(b, "CREATE AGGREGATE ");
	ls_buf_qname(b, f->schema, f->name);
	ls_buf_printf(b, "(%s) (\n    SFUNC = %s,\n    STYPE = %s", f->arguments ? f->arguments : "*",
			g->sfunc, g->stype);
	if (g->sspace)
		ls_buf_printf(b, ",\n    SSPACE = %d", g->sspace);
	agg_opt(b, "FINALFUNC", g->finalfunc);
	if (g->finalfunc_extra)
		ls_buf_put(b, ",\n    FINALFUNC_EXTRA");
	if (g->finalfunc_modify != dflt)
		agg_opt(b, "FINALFUNC_MODIFY", modify_word(g->finalfunc_modify));
	agg_opt(b, "COMBINEFUNC", g->combinefunc);
	agg_opt(b, "SERIALFUNC", g->serialfunc);
	agg_opt(b, "DESERIALFUNC", g->deserialfunc);
	if (g->initcond) {
		ls_buf_put(b, ",\n    INITCOND = ");
		ls_buf_literal(b, g->initcond);
	}
	agg_opt(b, "MSFUNC", g->msfunc);
	agg_opt(b, "MINVFUNC", g->minvfunc);
	agg_opt(b, "MSTYPE", g->mstype);
	if (g->msspace)
		ls_buf_printf(b, ",\n    MSSPACE = %d", g->msspace);
	agg_opt(b, "MFINALFUNC", g->mfinalfunc);
	if (g->mfinalfunc_extra)
		ls_buf_put(b, ",\n    MFINALFUNC_EXTRA");
	if (g->mstype && g->mfinalfunc_modify != dflt)
		agg_opt(b, "MFINALFUNC_MODIFY", modify_word(g->mfinalfunc_modify));
	if (g->minitcond) {
		ls_buf_put(b, ",\n    MINITCOND = ");
		ls_buf_literal(b, g->minitcond);
	}
	if (g->sortop)
		ls_buf_printf(b, ",\n    SORTOP = OPERATOR(%s)", g->sortop);
	if (f->parallel && strcmp(f->parallel, "UNSAFE") != 0)
		agg_opt(b, "PARALLEL", f->parallel);
	if (g->kind == 'h')
		ls_buf_put(b, ",\n    HYPOTHETICAL");
	ls_buf_put(b, "\n);\n");
}

static void emit_function(const ls_function *f, ls_buf *b)
{
	if (f->aggregate) {
		emit_aggregate(f, b);
		return;
	}
	bool proc = f->kind == 'p';
	ls_buf_put(b, proc ? "CREATE PROCEDURE " : "CREATE FUNCTION ");
	ls_buf_qname(b, f->schema, f->name);
	ls_buf_printf(b, "(%s)", f->arguments ? f->arguments : "");
	if (!proc && f->returns)
		ls_buf_printf(b, " RETURNS %s", f->returns);
	ls_buf_printf(b, "\n    LANGUAGE %s", f->language ? f->language : "sql");
	if (!proc) {
		ls_buf_put(b, f->volatility == 'i' ? " IMMUTABLE" : f->volatility == 's' ? " STABLE" : "");
		ls_buf_put(b, f->strict ? " STRICT" : "");
		ls_buf_put(b, f->leakproof ? " LEAKPROOF" : "");
		if (f->parallel && strcmp(f->parallel, "UNSAFE") != 0)
			ls_buf_printf(b, " PARALLEL %s", f->parallel);
	}
	ls_buf_put(b, f->security_definer ? " SECURITY DEFINER" : "");
	for (size_t i = 0; i < f->n_config; i++)
		function_setting(f->config[i], b);
	const char *body = f->body ? f->body : "";
	if (sql_function_kind(f) == SK_LATE_FUNCTION) {
		/* A SQL-standard body is SQL, not a string. */
		size_t len = strlen(body);
		while (len > 0 && (body[len - 1] == ';' || body[len - 1] == ' ' || body[len - 1] == '\n'))
			len--;
		ls_buf_put(b, "\n");
		ls_buf_putn(b, body, len);
		ls_buf_put(b, ";\n");
		return;
	}
	char tag[32];
	ls_dollar_tag(tag, sizeof tag, body, proc ? "procedure" : "function");
	ls_buf_printf(b, "\n    AS %s%s%s;\n", tag, body, tag);
}

/* Whether an INHERITS parent of t has col as a generated column: the
 * child's own column of that name takes the expression from it and may
 * not write one (MergeAttributes, PostgreSQL 15). */
static bool parent_generated(const sql_ctx *cx, const ls_table *t, const char *col)
{
	for (size_t i = 0; i < t->n_inherits; i++) {
		ls_table *p = ls_catalog_find_table(cx->cat, t->inherits[i].schema, t->inherits[i].name);
		for (size_t j = 0; p && j < p->n_columns; j++)
			if (ls_same(p->columns[j].name, col) && p->columns[j].generated)
				return true;
	}
	return false;
}

static void identity_clause(const sql_ctx *cx, const ls_table *t, const ls_column *c, ls_buf *b);

/* The clauses of one column after its name and type. */
static void column_clauses(const sql_ctx *cx, const ls_table *t, size_t k,
		bool moved, ls_buf *b)
{
	const ls_column *c = &t->columns[k];
	if (c->collation)
		ls_buf_printf(b, " COLLATE %s", c->collation);
	if (c->generated) {
		if (!parent_generated(cx, t, c->name))
			ls_buf_printf(b, " GENERATED ALWAYS AS (%s) STORED", c->generated);
	} else if (c->default_expr && !moved)
		put_default(b, c->default_expr);
	if (c->not_null)
		ls_buf_put(b, " NOT NULL");
	identity_clause(cx, t, c, b);
}

/* ADD GENERATED ... AS IDENTITY of an inheritance child's column that only
 * its parents give (CREATE TABLE ... INHERITS gives it none): after the
 * table, as the child's own. */
static void inherited_identity(const sql_ctx *cx, const ls_table *t, const ls_column *c,
		ls_buf *b)
{
	if (!c->identity || !c->inherited_only)
		return;
	sql_alter_table(b, t);
	ls_buf_put(b, " ALTER COLUMN ");
	ls_buf_ident(b, c->name);
	ls_buf_put(b, " ADD");
	identity_clause(cx, t, c, b);
	ls_buf_put(b, ";\n");
}

static void identity_clause(const sql_ctx *cx, const ls_table *t, const ls_column *c, ls_buf *b)
{
	if (!c->identity)
		return;
	ls_buf_printf(b, " GENERATED %s AS IDENTITY", c->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
	const ls_sequence *s = sql_identity_sequence(cx, t, c->name);
	if (!s)
		return;
	ls_buf_put(b, " (SEQUENCE NAME ");
	ls_buf_qname(b, s->schema, s->name);
	sequence_options(s, " ", b);
	ls_buf_put(b, ")");
}

/* The valid CHECK constraints that stay in CREATE TABLE; lead goes before
 * the first element of the list (*first), ",\n    " before the others. */
static void inline_checks(const sql_ctx *cx, const sql_node *n, bool *first,
		const char *lead, ls_buf *b)
{
	const ls_table *t = n->table;
	if (cx->scatter)
		return; /* each its own node */
	for (size_t k = 0; k < t->n_constraints; k++) {
		const ls_constraint *c = &t->constraints[k];
		if (c->type != 'c' || !c->valid || c->inherited_only || (n->moved_check && n->moved_check[k]))
			continue;
		ls_buf_put(b, *first ? lead : ",\n    ");
		ls_buf_put(b, "CONSTRAINT ");
		*first = false;
		ls_buf_ident(b, c->name);
		ls_buf_printf(b, " CHECK (%s)%s", c->expr, c->no_inherit ? " NO INHERIT" : "");
	}
}

static const ls_column *parent_column(const sql_ctx *cx, const ls_table *t, const char *col)
{
	ls_table *p = ls_catalog_find_table(cx->cat, t->parent_schema, t->parent_table);
	for (size_t i = 0; p && i < p->n_columns; i++)
		if (ls_same(p->columns[i].name, col))
			return &p->columns[i];
	return NULL;
}

/* A partition takes its columns from its parent: only a NOT NULL or a
 * DEFAULT of its own is written ("col WITH OPTIONS ..."); a default the
 * parent has and the partition dropped comes after, as an ALTER. */
static void partition_body(const sql_ctx *cx, const sql_node *n, ls_buf *b)
{
	const ls_table *t = n->table;
	bool first = true;
	ls_buf_put(b, " PARTITION OF ");
	ls_buf_qname(b, t->parent_schema, t->parent_table);
	for (size_t k = 0; k < t->n_columns; k++) {
		const ls_column *c = &t->columns[k], *pc = parent_column(cx, t, c->name);
		bool moved = n->moved_default && n->moved_default[k];
		bool nn = c->not_null && !(pc && pc->not_null);
		bool def = c->default_expr && !moved && !(pc && ls_same(pc->default_expr, c->default_expr));
		if (!nn && !def)
			continue;
		ls_buf_put(b, first ? " (\n    " : ",\n    ");
		first = false;
		ls_buf_ident(b, c->name);
		ls_buf_put(b, " WITH OPTIONS");
		if (def)
			put_default(b, c->default_expr);
		ls_buf_put(b, nn ? " NOT NULL" : "");
	}
	inline_checks(cx, n, &first, " (\n    ", b);
	if (first)
		ls_buf_put(b, " ");
	else
		ls_buf_put(b, "\n) ");
	ls_buf_put(b, t->partition_bound ? t->partition_bound : "DEFAULT");
}

/* After a partition: DROP DEFAULT where the parent's default does not
 * apply to it. */
static void partition_dropped_defaults(const sql_ctx *cx, const ls_table *t, ls_buf *b)
{
	for (size_t k = 0; k < t->n_columns; k++) {
		const ls_column *c = &t->columns[k], *pc = parent_column(cx, t, c->name);
		if (c->default_expr || !pc || !pc->default_expr || c->generated)
			continue;
		sql_alter_table(b, t);
		ls_buf_put(b, " ALTER COLUMN ");
		ls_buf_ident(b, c->name);
		ls_buf_put(b, " DROP DEFAULT;\n");
	}
}

/* What a child's column is once CREATE TABLE ... INHERITS has run: NOT
 * NULL when a parent's is, the first parent's default, as MergeAttributes
 * gives them (conflicting defaults were an error). */
static void parents_column(const sql_ctx *cx, const ls_table *t, const char *col,
		bool *not_null, const char **def)
{
	*not_null = false;
	*def = NULL;
	for (size_t i = 0; i < t->n_inherits; i++) {
		ls_table *p = ls_catalog_find_table(cx->cat, t->inherits[i].schema, t->inherits[i].name);
		for (size_t j = 0; p && j < p->n_columns; j++)
			if (ls_same(p->columns[j].name, col)) {
				*not_null = *not_null || p->columns[j].not_null;
				if (!*def)
					*def = p->columns[j].default_expr;
			}
	}
}

/* After an inheritance child: ALTER ... ONLY where its NOT NULL or default
 * is not what it got from its parents and its own definition. */
static void inherited_fixups(const sql_ctx *cx, const ls_table *t, ls_buf *b)
{
	for (size_t k = 0; k < t->n_columns; k++) {
		const ls_column *c = &t->columns[k];
		bool nn;
		const char *def;
		parents_column(cx, t, c->name, &nn, &def);
		if (!c->inherited_only) {
			nn = nn || c->not_null;
			if (c->default_expr || c->generated)
				def = c->default_expr;
		}
		const char *what = NULL;
		if (nn != c->not_null)
			what = c->not_null ? " SET NOT NULL" : " DROP NOT NULL";
		for (int pass = 0; pass < 2; pass++) {
			if (what) {
				sql_alter_table(b, t);
				ls_buf_put(b, " ALTER COLUMN ");
				ls_buf_ident(b, c->name);
				ls_buf_put(b, what);
				ls_buf_put(b, ";\n");
			}
			what = NULL;
			if (pass == 1)
				inherited_identity(cx, t, c, b);
			if (pass == 0 && !c->generated && !ls_same_or_null(def, c->default_expr)) {
				if (c->default_expr) {
					sql_alter_table(b, t);
					ls_buf_put(b, " ALTER COLUMN ");
					ls_buf_ident(b, c->name);
					ls_buf_printf(b, " SET DEFAULT %s;\n", c->default_expr);
				} else {
					what = " DROP DEFAULT";
				}
			}
		}
	}
}

/* A child of INHERITS: its own columns (merged ones too), its own CHECKs,
 * the parents in order. */
static void inherits_body(const sql_ctx *cx, const sql_node *n, ls_buf *b)
{
	const ls_table *t = n->table;
	bool first = true;
	ls_buf_put(b, " (");
	for (size_t k = 0; k < t->n_columns; k++) {
		if (t->columns[k].inherited_only)
			continue;
		ls_buf_put(b, first ? "\n    " : ",\n    ");
		first = false;
		ls_buf_ident(b, t->columns[k].name);
		ls_buf_printf(b, " %s", t->columns[k].type);
		column_clauses(cx, t, k, n->moved_default && n->moved_default[k], b);
	}
	inline_checks(cx, n, &first, "\n    ", b);
	ls_buf_put(b, first ? ")" : "\n)");
	ls_buf_put(b, "\nINHERITS (");
	for (size_t i = 0; i < t->n_inherits; i++) {
		ls_buf_put(b, i ? ", " : "");
		ls_buf_qname(b, t->inherits[i].schema, t->inherits[i].name);
	}
	ls_buf_put(b, ")");
}

static void emit_table(const sql_ctx *cx, const sql_node *n, ls_buf *b)
{
	const ls_table *t = n->table;
	ls_buf_put(b, t->unlogged ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ");
	ls_buf_qname(b, t->schema, t->name);
	if (t->parent_table) {
		partition_body(cx, n, b);
	} else if (t->n_inherits) {
		inherits_body(cx, n, b);
	} else {
		bool first = true;
		ls_buf_put(b, " (");
		for (size_t k = 0; k < t->n_columns; k++) {
			ls_buf_put(b, first ? "\n    " : ",\n    ");
			first = false;
			ls_buf_ident(b, t->columns[k].name);
			ls_buf_printf(b, " %s", t->columns[k].type);
			column_clauses(cx, t, k, n->moved_default && n->moved_default[k], b);
		}
		inline_checks(cx, n, &first, "\n    ", b);
		ls_buf_put(b, first ? ")" : "\n)");
	}
	if (t->partition_key)
		ls_buf_printf(b, "\nPARTITION BY %s", t->partition_key);
	if (t->n_options) {
		ls_buf_put(b, "\n");
		sql_options(b, t->options, t->n_options);
	}
	ls_buf_put(b, ";\n");
	if (t->parent_table)
		partition_dropped_defaults(cx, t, b);
	if (t->n_inherits)
		inherited_fixups(cx, t, b);
}

/* A default the cycle fixer moved out of CREATE TABLE. */
static void emit_default(const sql_node *n, ls_buf *b)
{
	const ls_column *c = &n->table->columns[n->item];
	sql_alter_table(b, n->table);
	ls_buf_put(b, " ALTER COLUMN ");
	ls_buf_ident(b, c->name);
	ls_buf_printf(b, " SET DEFAULT %s;\n", c->default_expr);
}

void sql_emit_node(const sql_ctx *cx, const sql_node *n, ls_buf *b)
{
	switch (n->kind) {
	case SK_SCHEMA: emit_schema(n, b); break;
	case SK_EXTENSION: emit_extension(n->obj, b); break;
	case SK_COLLATION: emit_collation(n->obj, b); break;
	case SK_ENUM:
	case SK_COMPOSITE:
	case SK_DOMAIN: emit_type(n->obj, b); break;
	case SK_SEQUENCE: emit_sequence(n->obj, b); break;
	case SK_FUNCTION:
	case SK_LATE_FUNCTION: emit_function(n->obj, b); break;
	case SK_TABLE: emit_table(cx, n, b); break;
	case SK_DEFAULT: emit_default(n, b); break;
	case SK_OWNED_BY: emit_owned_by(n->obj, b); break;
	case SK_KEY: sql_emit_key(cx, n, b); break;
	case SK_CHECK: sql_emit_check(cx, n, b); break;
	case SK_FOREIGN_KEY: sql_emit_foreign_key(n, b); break;
	case SK_INDEX: sql_emit_index(n->obj, b); break;
	case SK_VIEW:
	case SK_MATVIEW: sql_emit_view(n->obj, b); break;
	case SK_TRIGGER: sql_emit_trigger(n, b); break;
	case SK_RLS: sql_emit_rls(n->table, b); break;
	case SK_POLICY: sql_emit_policy(n, b); break;
	case SK_COMMENT: sql_emit_comment(n, b); break;
	case SK_GRANT: sql_emit_grant(n, b); break;
	case SK_DEFAULT_ACL: sql_emit_default_acl(n->obj, b); break;
	case SK_COUNT: break;
	}
}

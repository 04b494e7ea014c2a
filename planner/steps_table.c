/* Steps that alter a table in place: partitions detached and attached,
 * persistence, storage parameters, and per column: drop, add, type,
 * collation, default, NOT NULL, identity, generated expression.
 *
 * Every step is applied to s->work as it is made (pl_emit), and each
 * comparison reads the table from s->work again: a step on a partitioned
 * table reaches its partitions, and what the server does there the model
 * does too, so a partition is not altered twice.
 */
#define _POSIX_C_SOURCE 200809L
#include "plan_int.h"
#include "recipes/recipes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockstep/str.h"

static const ls_column *column(const ls_table *t, const char *name)
{
	for (size_t i = 0; t && i < t->n_columns; i++)
		if (ls_same(t->columns[i].name, name))
			return &t->columns[i];
	return NULL;
}

static const ls_sequence *identity_sequence(ls_arena *a, ls_catalog *cat, const ls_table *t,
		const char *col)
{
	size_t *at;
	long n = ls_catalog_owned(cat, LS_OWN_SEQUENCE, t->schema, t->name, a, &at);
	for (long i = 0; i < n; i++) {
		const ls_sequence *q = &cat->sequences[at[i]];
		if (q->identity && ls_same(q->owned_column, col))
			return q;
	}
	/* out of memory: the scan */
	for (size_t i = 0; n < 0 && i < cat->n_sequences; i++) {
		const ls_sequence *q = &cat->sequences[i];
		if (q->identity && ls_same(q->schema, t->schema) && ls_same(q->owned_table, t->name) &&
				ls_same(q->owned_column, col))
			return q;
	}
	return NULL;
}

typedef struct tctx {
	pl_side *s;
	const char *schema, *name;   /* the table, as named in work and TO */
	const ls_table *t;           /* TO's table */
	bool existed;                /* it held rows before the plan */
	bool children_follow;        /* the statement being built goes without
	                              * ONLY to inheritance children (table_step
	                              * locks them and clears it) */
} tctx;

/* The pieces every statement here starts with: ONLY, but for a
 * partitioned table and (recurse: a column change, a CHECK) an
 * inheritance parent, whose children follow as the server requires. */
static void alter_table(tctx *x, ls_buf *b, const ls_table *t, bool recurse)
{
	bool inh = recurse && t->kind != LS_TABLE_PARTITIONED &&
		pl_has_children(x->s, t->schema, t->name);
	x->children_follow = x->children_follow || inh;
	ls_buf_put(b, t->kind == LS_TABLE_PARTITIONED || inh ? "ALTER TABLE " : "ALTER TABLE ONLY ");
	ls_buf_qname(b, t->schema, t->name);
}

static void alter_column(tctx *x, ls_buf *b, const ls_table *t, const char *col, bool recurse)
{
	alter_table(x, b, t, recurse);
	ls_buf_put(b, " ALTER COLUMN ");
	ls_buf_ident(b, col);
	ls_buf_put(b, " ");
}

static const char *qtable(pl_side *s, const ls_table *t)
{
	return ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, t->schema),
			ls_quote_ident(s->a, t->name));
}

static const char *qcolumn(pl_side *s, const ls_table *t, const char *col)
{
	return ls_arena_printf(s->a, "%s.%s", qtable(s, t), ls_quote_ident(s->a, col));
}

/* --- pre-checks --- */

static const char *source_rel(pl_side *s, const ls_table *t, const char *alias);

const char *pl_source_rel(pl_side *s, const ls_table *t)
{
	return source_rel(s, t, NULL);
}

/* pl_source_rel with its alias (NULL: the table's TO name, implicit when
 * the table is read as it is). */
static const char *source_rel(pl_side *s, const ls_table *t, const char *alias)
{
	const char *schema = t->schema, *name = t->name;
	pl_source_name(s, &schema, &name);
	const ls_table *c = ls_catalog_find_table(s->cur, t->schema, t->name);
	bool plain = ls_same(schema, t->schema) && ls_same(name, t->name) && c;
	for (size_t i = 0; plain && i < t->n_columns; i++) {
		const ls_column *tc = &t->columns[i], *cc = column(c, tc->name);
		plain = cc && ls_same(cc->type, tc->type) &&
			ls_same(pl_source_column(s, t->schema, t->name, tc->name), tc->name);
	}
	ls_buf b = {.a = s->a};
	if (plain) {
		ls_buf_qname(&b, schema, name);
		if (alias)
			ls_buf_printf(&b, " AS %s", alias);
		return ls_buf_take(&b);
	}
	ls_buf_put(&b, "(SELECT ");
	for (size_t i = 0; i < t->n_columns; i++) {
		const ls_column *tc = &t->columns[i], *cc = column(c, tc->name);
		ls_buf_put(&b, i ? ", " : "");
		if (!cc)
			ls_buf_printf(&b, "NULL::%s", tc->type);
		else {
			ls_buf_ident(&b, pl_source_column(s, t->schema, t->name, tc->name));
			if (!ls_same(cc->type, tc->type))
				ls_buf_printf(&b, "::%s", tc->type);
		}
		ls_buf_put(&b, " AS ");
		ls_buf_ident(&b, tc->name);
	}
	ls_buf_put(&b, " FROM ");
	ls_buf_qname(&b, schema, name);
	ls_buf_put(&b, ") AS ");
	if (alias)
		ls_buf_put(&b, alias);
	else
		ls_buf_ident(&b, t->name);
	return ls_buf_take(&b);
}

static void ident_list(ls_buf *b, const char *prefix, const char *const *cols, size_t n,
		const char *sep)
{
	for (size_t i = 0; i < n; i++) {
		ls_buf_put(b, i ? sep : "");
		ls_buf_put(b, prefix);
		ls_buf_ident(b, cols[i]);
	}
}

/* Duplicate keys (and, for a primary key, NULLs) among the rows. */
static void key_prechecks(pl_side *s, ls_step *st, const ls_table *t, const ls_constraint *k)
{
	const char *rel = pl_source_rel(s, t);
	ls_buf b = {.a = s->a};
	ls_buf_put(&b, "SELECT ");
	ident_list(&b, "", k->columns, k->n_columns, ", ");
	ls_buf_printf(&b, " FROM %s", rel ? rel : "");
	if (!k->nulls_not_distinct && k->type == 'u') {
		ls_buf_put(&b, " WHERE ");
		ident_list(&b, "", k->columns, k->n_columns, " IS NOT NULL AND ");
		ls_buf_put(&b, " IS NOT NULL");
	}
	ls_buf_put(&b, " GROUP BY ");
	ident_list(&b, "", k->columns, k->n_columns, ", ");
	/* lockstep's own calls pg_catalog's: a user's count() or > earlier on
	 * the search_path would answer otherwise */
	ls_buf_put(&b, " HAVING pg_catalog.count(*) OPERATOR(pg_catalog.>) 1");
	const char *sql = ls_buf_take(&b);
	char cols[512] = "";
	for (size_t i = 0; i < k->n_columns; i++) {
		const char *q = ls_quote_ident(s->a, k->columns[i]);
		if (q && strlen(cols) + strlen(q) + 3 < sizeof cols) {
			strcat(cols, i ? ", " : "");
			strcat(cols, q);
		}
	}
	pl_precheck(s, st, ls_arena_printf(s->a, "no duplicate (%s) in %s", cols, qtable(s, t)), sql);
	if (k->type != 'p')
		return;
	ls_buf_printf(&b, "SELECT * FROM %s WHERE ", rel ? rel : "");
	ident_list(&b, "", k->columns, k->n_columns, " IS NULL OR ");
	ls_buf_put(&b, " IS NULL");
	pl_precheck(s, st, ls_arena_printf(s->a, "no NULL in (%s) of %s", cols, qtable(s, t)),
			ls_buf_take(&b));
}

/* Rows whose key has no match in the referenced table. */
static void foreign_key_precheck(pl_side *s, ls_step *st, const ls_table *t,
		const ls_constraint *k)
{
	const ls_table *ref = ls_catalog_find_table(s->to, k->ref_schema, k->ref_table);
	if (!ref)
		return;
	/* both sides under aliases of lockstep's, every column qualified: a
	 * table named like the other side's alias cannot capture a column */
	ls_buf b = {.a = s->a};
	ls_buf_printf(&b, "SELECT * FROM %s WHERE ", source_rel(s, t, "lockstep_row"));
	ident_list(&b, "lockstep_row.", k->columns, k->n_columns, " IS NOT NULL AND ");
	ls_buf_put(&b, " IS NOT NULL");
	if (ls_catalog_find_table(s->cur, ref->schema, ref->name)) {
		ls_buf_printf(&b, " AND NOT EXISTS (SELECT 1 FROM %s WHERE ",
				source_rel(s, ref, "lockstep_ref"));
		for (size_t i = 0; i < k->n_columns && i < k->n_ref_columns; i++) {
			ls_buf_put(&b, i ? " AND lockstep_ref." : "lockstep_ref.");
			ls_buf_ident(&b, k->ref_columns[i]);
			ls_buf_put(&b, " = lockstep_row.");
			ls_buf_ident(&b, k->columns[i]);
		}
		ls_buf_put(&b, ")");
	}
	pl_precheck(s, st, ls_arena_printf(s->a, "every %s row has its %s.%s row", qtable(s, t),
			ls_quote_ident(s->a, ref->schema), ls_quote_ident(s->a, ref->name)), ls_buf_take(&b));
}

void pl_node_prechecks(pl_side *s, ls_step *st, const ls_script_node *n)
{
	const ls_table *t = n->table;
	if (!t || !ls_catalog_find_table(s->cur, t->schema, t->name))
		return; /* a new table has no rows */
	if (n->kind == LS_SCRIPT_KEY) {
		const ls_constraint *k = &t->constraints[n->item];
		if (k->type == 'p' || k->type == 'u')
			key_prechecks(s, st, t, k);
	} else if (n->kind == LS_SCRIPT_FOREIGN_KEY) {
		const ls_constraint *k = &t->constraints[n->item];
		if (k->valid)
			foreign_key_precheck(s, st, t, k);
	} else if (n->kind == LS_SCRIPT_CHECK) {
		const ls_constraint *k = &t->constraints[n->item];
		if (k->valid)
			pl_precheck(s, st, ls_arena_printf(s->a, "every row of %s passes CHECK %s",
					qtable(s, t), ls_quote_ident(s->a, k->name)),
					ls_arena_printf(s->a, "SELECT * FROM %s WHERE NOT (%s)",
						pl_source_rel(s, t), k->expr));
	}
}

/* --- column definitions and type changes --- */

static void sequence_options(ls_buf *b, const ls_sequence *q)
{
	ls_buf_printf(b, "START WITH %lld INCREMENT BY %lld MINVALUE %lld MAXVALUE %lld CACHE %lld %s",
			(long long)q->start, (long long)q->increment, (long long)q->min,
			(long long)q->max, (long long)q->cache, q->cycle ? "CYCLE" : "NO CYCLE");
}

static void identity_clause(pl_side *s, ls_buf *b, const ls_table *t, const ls_column *c)
{
	ls_buf_printf(b, "GENERATED %s AS IDENTITY", c->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
	const ls_sequence *q = identity_sequence(s->a, s->to, t, c->name);
	if (!q)
		return;
	ls_buf_put(b, " (SEQUENCE NAME ");
	ls_buf_qname(b, q->schema, q->name);
	ls_buf_put(b, " ");
	sequence_options(b, q);
	ls_buf_put(b, ")");
}

/* "name type [COLLATE] [GENERATED|DEFAULT] [NOT NULL] [IDENTITY]" of TO's
 * column c of t. */
static void column_def(pl_side *s, ls_buf *b, const ls_table *t, const ls_column *c)
{
	ls_buf_ident(b, c->name);
	ls_buf_printf(b, " %s", c->type);
	if (c->collation)
		ls_buf_printf(b, " COLLATE %s", c->collation);
	if (c->generated)
		ls_buf_printf(b, " GENERATED ALWAYS AS (%s) STORED", c->generated);
	else if (c->default_expr && !c->identity) {
		/* DEFAULT takes a b_expr: AT TIME ZONE and the like in parentheses */
		const char *e = ls_catalog_default_sql(s->a, c->default_expr);
		if (e)
			ls_buf_printf(b, " DEFAULT %s", e);
		else
			b->failed = true;
	}
	if (c->not_null)
		ls_buf_put(b, " NOT NULL");
	if (c->identity) {
		ls_buf_put(b, " ");
		identity_clause(s, b, t, c);
	}
}

/* The family of a type for casts: 'i' integers, 'n' other numbers,
 * 't' strings, 0 anything else. *len gets a varchar/char length or -1. */
static char family(const char *type, long *len)
{
	*len = -1;
	if (ls_same(type, "smallint") || ls_same(type, "integer") || ls_same(type, "bigint"))
		return 'i';
	if (!strncmp(type, "numeric", 7) || ls_same(type, "real") || ls_same(type, "double precision"))
		return 'n';
	if (ls_same(type, "text"))
		return 't';
	const char *p = NULL;
	if (!strncmp(type, "character varying", 17))
		p = type + 17;
	else if (!strncmp(type, "character", 9))
		p = type + 9;
	if (!p)
		return 0;
	if (*p == '(')
		*len = strtol(p + 1, NULL, 10);
	return (*p == '\0' || *p == '(') ? 't' : 0;
}

/* "numeric(p,s)" or "numeric(p)": its precision and scale. */
static bool numeric_typmod(const char *type, int *p, int *s)
{
	*s = 0;
	return sscanf(type, "numeric(%d,%d)", p, s) >= 1;
}

static int int_rank(const char *type)
{
	return ls_same(type, "smallint") ? 1 : ls_same(type, "integer") ? 2 : 3;
}

/* Whether every value of type a fits type b unchanged. */
static bool widening(const char *a, const char *b)
{
	long la, lb;
	char fa = family(a, &la), fb = family(b, &lb);
	if (fa == 'i' && fb == 'i')
		return int_rank(a) <= int_rank(b);
	if (fa == 'i' && (ls_same(b, "numeric") || ls_same(b, "double precision")))
		return true;
	if (ls_same(a, "real") && ls_same(b, "double precision"))
		return true;
	if (!strncmp(a, "numeric", 7) && ls_same(b, "numeric"))
		return true;
	int pa, sa, pb, sb;
	if (numeric_typmod(a, &pa, &sa) && numeric_typmod(b, &pb, &sb))
		return sb >= sa && pb - sb >= pa - sa;
	if (fa == 't' && fb == 't') {
		bool a_char = !strncmp(a, "character", 9) && strncmp(a, "character varying", 17);
		if (a_char)
			return ls_same(b, "text") || (lb < 0 && !strncmp(b, "character varying", 17));
		return lb < 0 ? !strncmp(b, "character varying", 17) || ls_same(b, "text") : la >= 0 && lb >= la;
	}
	if (ls_same(a, "timestamp without time zone") && ls_same(b, "timestamp with time zone"))
		return true;
	if (ls_same(a, "json") && ls_same(b, "jsonb"))
		return false; /* key order and duplicates change */
	return false;
}

/* Whether a built-in type's spelling carries a typmod ("numeric(10,2)",
 * "timestamp(3) with time zone"); user types (qualified) have none. */
static bool has_typmod(const char *type)
{
	return !strchr(type, '.') && !strchr(type, '"') && strchr(type, '(');
}

/* The type spelled without its typmod. */
static const char *without_typmod(pl_side *s, const char *type)
{
	if (!has_typmod(type))
		return type;
	const char *open = strchr(type, '('), *close = strchr(open, ')');
	return close ? ls_arena_printf(s->a, "%.*s%s", (int)(open - type), type, close + 1) : type;
}

/* Whether the server converts a to b without a rewrite: a cast WITHOUT
 * FUNCTION with no length coercion after it, or a typmod that only
 * widens (the support functions of varchar and numeric). */
static bool no_rewrite(pl_side *s, const char *a, const char *b)
{
	long la, lb;
	char fa = family(a, &la), fb = family(b, &lb);
	bool a_varchar = !strncmp(a, "character varying", 17) || ls_same(a, "text");
	if (!has_typmod(b) && ls_cast_binary(s->a, s->work, without_typmod(s, a), b))
		return true;
	int pa, sa, pb, sb;
	if (numeric_typmod(a, &pa, &sa) && numeric_typmod(b, &pb, &sb))
		return sa == sb && pb >= pa; /* numeric_support: only the scale rewrites */
	if (!strncmp(a, "numeric", 7) && ls_same(b, "numeric"))
		return true;
	return fa == 't' && fb == 't' && a_varchar && widening(a, b);
}

/* Whether ALTER COLUMN TYPE needs USING: no assignment cast from a to b. */
static bool needs_using(const char *a, const char *b)
{
	long la, lb;
	char fa = family(a, &la), fb = family(b, &lb);
	if ((fa == 'i' || fa == 'n') && (fb == 'i' || fb == 'n'))
		return false;
	if (fb == 't')
		return false; /* every type has an assignment cast to text types */
	if (fa == 't' && fb == 't')
		return false;
	if (ls_same(a, "timestamp without time zone") && ls_same(b, "timestamp with time zone"))
		return false;
	if (ls_same(a, "timestamp with time zone") && ls_same(b, "timestamp without time zone"))
		return false;
	if (ls_same(a, "date") && !strncmp(b, "timestamp", 9))
		return false;
	return true;
}

/* The type of catalog c whose quoted, qualified spelling is the first n
 * bytes of type, or NULL. */
static const ls_type *spelled_type(pl_side *s, const ls_catalog *c, const char *type, size_t n)
{
	for (size_t i = 0; c && i < c->n_types; i++) {
		const ls_type *t = &c->types[i];
		const char *q = ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, t->schema),
				ls_quote_ident(s->a, t->name));
		if (q && strlen(q) == n && !strncmp(q, type, n))
			return t;
	}
	return NULL;
}

/* Whether type (of the work catalog) is a domain with a CHECK or NOT NULL,
 * or a domain over one: the server checks every row when a column becomes
 * of that type. An array of such a domain is not (DomainHasConstraints
 * looks at the array type). */
static bool domain_constrained(pl_side *s, const char *type)
{
	for (int depth = 0; type && depth < 16; depth++) {
		const ls_type *t = spelled_type(s, s->work, type, strlen(type));
		if (!t || t->kind != LS_TYPE_DOMAIN)
			return false;
		if (t->n_checks || t->not_null)
			return true;
		type = t->base_type;
	}
	return false;
}

/* The type under the domains type is of (type itself when it is none). */
static const char *domain_base(pl_side *s, const char *type)
{
	for (int depth = 0; type && depth < 16; depth++) {
		const ls_type *t = spelled_type(s, s->work, type, strlen(type));
		if (!t || t->kind != LS_TYPE_DOMAIN)
			return type;
		type = t->base_type;
	}
	return type;
}

/* Whether type is an enum, a domain over one, or an array of either (in
 * FROM's, TO's or the work catalog): the server casts an enum to nothing
 * but text (and back from text), so between two of them, or between one
 * and a type not of the text family, the conversion goes through text. */
static bool enum_based(pl_side *s, const char *type)
{
	for (int depth = 0; type && depth < 16; depth++) {
		size_t n = strlen(type);
		while (n > 2 && !strncmp(type + n - 2, "[]", 2))
			n -= 2;
		const ls_type *t = spelled_type(s, s->work, type, n);
		if (!t)
			t = spelled_type(s, s->cur, type, n);
		if (!t)
			t = spelled_type(s, s->to, type, n);
		if (!t || (t->kind != LS_TYPE_ENUM && t->kind != LS_TYPE_DOMAIN))
			return false;
		if (t->kind == LS_TYPE_ENUM)
			return true;
		type = t->base_type;
	}
	return false;
}

/* The expression converting column q of type a to type b, as USING and
 * the pre-checks write it: q::b, or q::text::b when an enum is on either
 * side and a is not a text type (there is no cast from e1 to e2). */
static const char *cast_expr(pl_side *s, const char *q, const char *a, const char *b)
{
	long la;
	bool via_text = family(a, &la) != 't' && (enum_based(s, a) || enum_based(s, b));
	return ls_arena_printf(s->a, "%s::%s%s", q, via_text ? "pg_catalog.text::" : "", b);
}

/* Whether a type can be named before the plan runs: built in (not
 * schema-qualified), or a type FROM has. An extension's type (citext) or a
 * type the plan creates cannot be cast to by a pre-check. */
static bool type_in_source(pl_side *s, const char *type)
{
	if (!strchr(type, '.'))
		return true;
	size_t n = strlen(type);
	if (n > 2 && !strcmp(type + n - 2, "[]"))
		n -= 2;
	for (size_t i = 0; i < s->cur->n_types; i++) {
		const ls_type *t = &s->cur->types[i];
		const char *q = ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, t->schema),
				ls_quote_ident(s->a, t->name));
		if (q && strlen(q) == n && !strncmp(q, type, n))
			return true;
	}
	return false;
}

/* A pre-check that every value converts to the new type: lengths and
 * ranges where known, else the cast itself (which fails the check). It
 * reads FROM's table and column as they are before the plan, uncast: an
 * explicit cast to varchar(n) would truncate instead of failing. */
static void convert_precheck(pl_side *s, ls_step *st, const ls_table *t, const char *col,
		const char *from_type, const char *to_type)
{
	long la, lb;
	char fa = family(from_type, &la), fb = family(to_type, &lb);
	const char *schema = t->schema, *name = t->name;
	pl_source_name(s, &schema, &name);
	const char *src = ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, schema),
			ls_quote_ident(s->a, name));
	const char *q = ls_quote_ident(s->a, pl_source_column(s, t->schema, t->name, col));
	const char *cond;
	/* pg_catalog's length, text and comparisons, whatever the search_path */
	if (fb == 't' && lb >= 0)
		cond = ls_arena_printf(s->a, "pg_catalog.length(%s::pg_catalog.text) "
				"OPERATOR(pg_catalog.>) %ld", q, lb);
	else if (fa == 'i' && fb == 'i')
		cond = ls_arena_printf(s->a, "(%s OPERATOR(pg_catalog.<) %s OR %s "
				"OPERATOR(pg_catalog.>) %s)", q, ls_same(to_type, "smallint") ? "-32768" :
				"-2147483648", q, ls_same(to_type, "smallint") ? "32767" : "2147483647");
	else
		cond = ls_arena_printf(s->a, "%s IS NOT NULL AND (%s) IS NULL", q,
				cast_expr(s, q, from_type, to_type));
	pl_precheck(s, st, ls_arena_printf(s->a, "every value of %s fits %s",
			qcolumn(s, t, col), to_type),
			ls_arena_printf(s->a, "SELECT %s FROM %s WHERE %s", q, src, cond));
}

/* --- the steps --- */


static const ls_table *wt(const tctx *x)
{
	return ls_catalog_find_table(x->s->work, x->schema, x->name);
}

/* Emit one step on the table: locks it, marks rewrite/scan and risk. */
static int table_step(tctx *x, ls_step **out, const char *action, const char *object,
		const char *sql, const char *back, const char *mode, bool rewrites, bool scans)
{
	ls_step *st;
	int rc = pl_emit(x->s, &st, action, object, sql, back);
	if (rc < 0)
		return rc;
	pl_lock(x->s, st, qtable(x->s, x->t), mode);
	/* ALTER TABLE recurses into partitions; ATTACH and DETACH lock those of
	 * a partitioned partition too */
	pl_lock_partitions(x->s, st, x->s->work, x->t->schema, x->t->name, mode);
	if (x->children_follow)
		pl_lock_children(x->s, st, x->t->schema, x->t->name, mode);
	x->children_follow = false;
	st->rewrites = rewrites && x->existed;
	st->scans = (scans || rewrites) && x->existed;
	if (st->scans)
		pl_work(x->s, st, st->rewrites ? LS_WORK_REWRITE : LS_WORK_SCAN, x->t->schema, x->t->name);
	st->risk = st->rewrites ? "high" : st->scans ? "medium" : "low";
	if (out)
		*out = st;
	return 0;
}

/* How many INHERITS parents of t (in cat) have column col: attinhcount. */
static int parents_with(const ls_catalog *cat, const ls_table *t, const char *col)
{
	int n = 0;
	for (size_t i = 0; i < t->n_inherits; i++)
		n += column(ls_catalog_find_table((ls_catalog *)cat, t->inherits[i].schema,
				t->inherits[i].name), col) != NULL;
	return n;
}

/* The descendants ADD (add) or DROP COLUMN col of schema.name locks, one
 * level at a time (ATExecAddColumn, ATExecDropColumn): every child, and
 * the children of a child the change goes on from (ADD: one that does not
 * have the column yet, it merges into one that has; DROP: one whose
 * column goes too, only inherited, from this parent alone), appended to
 * *out in the plan's arena; count in *n. */
static void column_reach(pl_side *s, const char *schema, const char *name, const char *col,
		bool add, const char ***out, size_t *n, int depth)
{
	for (size_t i = 0; depth < 64 && i < s->work->n_tables; i++) {
		const ls_table *c = &s->work->tables[i];
		bool child = false;
		for (size_t j = 0; j < c->n_inherits && !child; j++)
			child = ls_same(c->inherits[j].schema, schema) && ls_same(c->inherits[j].name, name);
		if (!child)
			continue;
		const char **slot = ls_arena_push(s->a, (void **)out, n, sizeof **out);
		if (slot)
			*slot = pl_qname(s, c->schema, c->name);
		const ls_column *cc = column(c, col);
		if (add ? !cc : cc && cc->inherited_only && parents_with(s->work, c, col) == 1)
			column_reach(s, c->schema, c->name, col, add, out, n, depth + 1);
	}
}

static int drop_column(tctx *x, const ls_column *wc)
{
	pl_side *s = x->s;
	const ls_table *w = wt(x);
	ls_buf b = {.a = s->a};
	alter_table(x, &b, w, true);
	/* the children it reaches, as the table is before the step */
	const char **reach = NULL;
	size_t n_reach = 0;
	if (x->children_follow)
		column_reach(s, w->schema, w->name, wc->name, false, &reach, &n_reach, 0);
	ls_buf_put(&b, " DROP COLUMN ");
	ls_buf_ident(&b, wc->name);
	ls_buf_put(&b, ";\n");
	const char *sql = ls_buf_take(&b);
	alter_table(x, &b, w, true);
	ls_buf_put(&b, " ADD COLUMN ");
	ls_buf_ident(&b, wc->name);
	ls_buf_printf(&b, " %s;\n", wc->type);
	const char *obj = qcolumn(s, w, wc->name);
	pl_change(s, LS_CHANGE_DROP, "column", obj, NULL, NULL);
	ls_step *st;
	bool generated = wc->generated != NULL;
	x->children_follow = false; /* reach instead */
	int rc = table_step(x, &st, "drop column", obj, sql, ls_buf_take(&b), "AccessExclusiveLock",
			false, false);
	if (rc == 0)
		pl_lock_owned(s, st, w->schema, w->name, wc->name, "AccessExclusiveLock");
	for (size_t i = 0; rc == 0 && i < n_reach; i++)
		pl_lock(s, st, reach[i], "AccessExclusiveLock");
	if (rc == 0 && x->existed && !generated) {
		st->loses = ls_arena_printf(s->a, "the values of column %s", obj);
		st->risk = "high";
	}
	return rc;
}

/* Lock RowExclusiveLock on each sequence of s->work that expression e
 * calls nextval() of: a column added with such a default to a table that
 * holds rows takes a value for each row. */
static void lock_nextval(pl_side *s, ls_step *st, const char *e)
{
	for (size_t i = 0; e && i < s->work->n_sequences; i++) {
		const ls_sequence *q = &s->work->sequences[i];
		ls_buf b = {.a = s->a};
		ls_buf_put(&b, "nextval(");
		ls_buf_literal(&b, pl_qname(s, q->schema, q->name));
		const char *needle = ls_buf_take(&b);
		if (needle && strstr(e, needle))
			pl_lock(s, st, pl_qname(s, q->schema, q->name), "RowExclusiveLock");
	}
}

static int add_column(tctx *x, const ls_column *tc)
{
	pl_side *s = x->s;
	ls_buf b = {.a = s->a};
	alter_table(x, &b, x->t, true);
	/* the children it reaches, as they are before the step */
	const char **reach = NULL;
	size_t n_reach = 0;
	if (x->children_follow)
		column_reach(s, x->t->schema, x->t->name, tc->name, true, &reach, &n_reach, 0);
	ls_buf_put(&b, " ADD COLUMN ");
	column_def(s, &b, x->t, tc);
	ls_buf_put(&b, ";\n");
	const char *sql = ls_buf_take(&b);
	alter_table(x, &b, x->t, true);
	ls_buf_put(&b, " DROP COLUMN ");
	ls_buf_ident(&b, tc->name);
	ls_buf_put(&b, ";\n");
	const char *obj = qcolumn(s, x->t, tc->name);
	pl_change(s, LS_CHANGE_ADD, "column", obj, NULL, NULL);
	/* a volatile default is computed for each row; a domain with
	 * constraints has each row's value checked by a rewrite, even the
	 * NULL of a column without a default */
	bool rewrites = tc->generated || tc->identity || domain_constrained(s, tc->type) ||
		ls_expr_volatile(s->work, tc->default_expr);
	ls_step *st;
	x->children_follow = false; /* reach instead */
	int rc = table_step(x, &st, "add column", obj, sql, ls_buf_take(&b), "AccessExclusiveLock",
			rewrites, false);
	for (size_t i = 0; rc == 0 && i < n_reach; i++)
		pl_lock(s, st, reach[i], "AccessExclusiveLock");
	if (rc == 0 && x->existed && !tc->generated)
		lock_nextval(s, st, tc->default_expr);
	/* a default is evaluated once, rows or none (per row when volatile); a
	 * generated column per row: what the functions they call read */
	if (rc == 0 && !tc->generated)
		pl_lock_reads(s, st, tc->default_expr, LS_READS_EXPR, LS_READS_RUN);
	if (rc == 0 && x->existed && tc->generated)
		pl_lock_reads(s, st, tc->generated, LS_READS_EXPR, LS_READS_RUN);
	if (rc == 0 && x->existed && tc->not_null && !tc->default_expr && !tc->identity &&
			!tc->generated)
		pl_precheck(s, st, ls_arena_printf(s->a, "%s is empty (new column %s is NOT NULL "
				"without a default)", qtable(s, x->t), ls_quote_ident(s->a, tc->name)),
				ls_arena_printf(s->a, "SELECT 1 FROM %s LIMIT 1", pl_source_rel(s, x->t)));
	return rc;
}

static bool names_column(const char *const *cols, size_t n, const char *col)
{
	for (size_t i = 0; i < n; i++)
		if (ls_same(cols[i], col))
			return true;
	return false;
}

/* ALTER COLUMN TYPE rebuilds the foreign keys over the column, from it or
 * to it: their triggers on the table at the other end go too, under
 * AccessExclusiveLock. */
static void lock_foreign_key_ends(pl_side *s, ls_step *st, const ls_table *t, const char *col)
{
	const ls_catalog *c = s->work;
	for (size_t i = 0; i < c->n_tables; i++) {
		const ls_table *o = &c->tables[i];
		bool mine = ls_same(o->schema, t->schema) && ls_same(o->name, t->name);
		for (size_t j = 0; j < o->n_constraints; j++) {
			const ls_constraint *k = &o->constraints[j];
			if (k->type != 'f')
				continue;
			bool refs_me = ls_same(k->ref_schema, t->schema) && ls_same(k->ref_table, t->name);
			const char *const *rc = k->ref_columns;
			size_t n_rc = k->n_ref_columns;
			for (size_t p = 0; refs_me && !n_rc && p < t->n_constraints; p++)
				if (t->constraints[p].type == 'p') {
					rc = t->constraints[p].columns;
					n_rc = t->constraints[p].n_columns;
				}
			if (mine && !refs_me && names_column(k->columns, k->n_columns, col))
				pl_lock(s, st, pl_qname(s, k->ref_schema, k->ref_table), "AccessExclusiveLock");
			else if (refs_me && !mine && names_column(rc, n_rc, col))
				pl_lock(s, st, qtable(s, o), "AccessExclusiveLock");
		}
	}
}

/* ALTER COLUMN with one clause, and its inverse. */
static int column_clause(tctx *x, const char *action, const char *col, const char *clause,
		const char *back, const char *detail, bool rewrites, bool scans, ls_step **out)
{
	pl_side *s = x->s;
	const ls_table *w = wt(x);
	ls_buf b = {.a = s->a};
	/* an identity stays the parent's own (ONLY); the rest reaches
	 * inheritance children (DROP EXPRESSION must) */
	bool recurse = !strstr(action, "identity");
	alter_column(x, &b, w, col, recurse);
	ls_buf_printf(&b, "%s;\n", clause);
	const char *sql = ls_buf_take(&b);
	const char *rb = NULL;
	if (back) {
		alter_column(x, &b, w, col, recurse);
		ls_buf_printf(&b, "%s;\n", back);
		rb = ls_buf_take(&b);
	}
	const char *obj = qcolumn(s, w, col);
	if (detail)
		pl_change(s, LS_CHANGE_ALTER, "column", obj, NULL, detail);
	return table_step(x, out, action, obj, sql, rb, "AccessExclusiveLock", rewrites, scans);
}

static int change_type(tctx *x, const ls_column *wc, const ls_column *tc)
{
	pl_side *s = x->s;
	const char *col = tc->name;
	const char *ft = ls_arena_strdup(s->a, wc->type), *tt = tc->type;
	const char *fcoll = wc->collation ? ls_arena_strdup(s->a, wc->collation) : NULL;
	bool identity = wc->identity != 0;
	int rc;
	if (!ft || ls_arena_failed(s->a))
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if (wc->default_expr && !wc->identity) {
		const char *def = ls_arena_strdup(s->a, wc->default_expr);
		if ((rc = column_clause(x, "drop default", col, "DROP DEFAULT",
				ls_arena_printf(s->a, "SET DEFAULT %s", def), NULL, false, false, NULL)) < 0)
			return rc;
	}
	ls_buf b = {.a = s->a};
	const char *q = ls_quote_ident(s->a, col);
	ls_buf_printf(&b, "TYPE %s", tt);
	if (tc->collation)
		ls_buf_printf(&b, " COLLATE %s", tc->collation);
	if (!ls_same(ft, tt) && needs_using(ft, tt))
		ls_buf_printf(&b, " USING %s", cast_expr(s, q, ft, tt));
	const char *clause = ls_buf_take(&b);
	ls_buf_printf(&b, "TYPE %s", ft);
	if (fcoll)
		ls_buf_printf(&b, " COLLATE %s", fcoll);
	if (!ls_same(ft, tt) && needs_using(tt, ft))
		ls_buf_printf(&b, " USING %s", cast_expr(s, q, tt, ft));
	const char *back = ls_buf_take(&b);
	const char *detail = ls_same(ft, tt) ?
		ls_arena_printf(s->a, "collation %s -> %s", fcoll ? fcoll : "default",
				tc->collation ? tc->collation : "default") :
		ls_arena_printf(s->a, "type %s -> %s", ft, tt);
	/* a domain over the type is a relabelling, unless it has constraints
	 * to check on every row (ATColumnChangeRequiresRewrite) */
	const char *fb = domain_base(s, ft), *tb = domain_base(s, tt);
	bool tz_a = ls_same(fb, "timestamp with time zone"), tz_b = ls_same(tb, "timestamp with time zone");
	if (x->existed && tz_a != tz_b && (tz_a ? ls_same(tb, "timestamp without time zone") :
			ls_same(fb, "timestamp without time zone")))
		pl_warn(s, "column %s: %s -> %s in the %s plan converts the values in the TimeZone of the "
				"session that runs it (the database's or the role's default unless the "
				"session sets one); the plan cannot know it, and claims a rewrite, which "
				"PostgreSQL skips under UTC", qcolumn(s, x->t, col), ft, tt,
				s->up ? "up" : "down");
	bool rewrites = !ls_same(ft, tt) && (domain_constrained(s, tt) ||
			(!ls_same(fb, tb) && !no_rewrite(s, fb, tb)));
	ls_step *st;
	if ((rc = column_clause(x, ls_same(ft, tt) ? "alter column collation" : "alter column type",
			col, clause, back, detail, rewrites, true, &st)) < 0)
		return rc;
	lock_foreign_key_ends(s, st, x->t, col);
	/* an identity column's sequence changes its type along with it
	 * (ALTER SEQUENCE ... AS, ShareRowExclusiveLock on the sequence) */
	const ls_sequence *idq = identity && !ls_same(ft, tt) ?
		identity_sequence(s->a, s->work, wt(x), col) : NULL;
	if (idq)
		pl_lock(s, st, pl_qname(s, idq->schema, idq->name), "ShareRowExclusiveLock");
	/* an index over the column is rebuilt even when the table is not */
	st->risk = rewrites && x->existed ? "high" : x->existed ? "medium" : "low";
	if (!ls_same(ft, tt) && x->existed && !widening(ft, tt)) {
		if (type_in_source(s, tt))
			convert_precheck(s, st, x->t, col, ft, tt);
		st->loses = ls_arena_printf(s->a, "values of %s that %s cannot hold exactly "
					"(type %s -> %s)", qcolumn(s, x->t, col), tt, ft, tt);
	}
	return 0;
}

/* A string literal of text, in the plan's arena. */
static const char *sql_literal_of(pl_side *s, const char *text)
{
	ls_buf b = {.a = s->a};
	ls_buf_literal(&b, text);
	return ls_buf_take(&b);
}

static int change_identity(tctx *x, const ls_column *wc, const ls_column *tc, bool add)
{
	pl_side *s = x->s;
	const char *col = tc->name;
	if (add && !wc->identity && tc->identity) {
		const ls_sequence *idq = identity_sequence(s->a, s->to, x->t, col);
		int rc = idq ? pl_drop_sequence_now(s, idq->schema, idq->name) : 0;
		if (rc < 0)
			return rc;
		ls_buf b = {.a = s->a};
		ls_buf_put(&b, "ADD ");
		identity_clause(s, &b, x->t, tc);
		ls_step *st;
		rc = column_clause(x, "add identity", col, ls_buf_take(&b), "DROP IDENTITY",
				"identity added", false, false, &st);
		if (rc < 0 || !x->existed)
			return rc;
		/* the rows already hold values: the sequence goes on after them */
		const char *tbl = qtable(s, x->t), *q = ls_quote_ident(s->a, col);
		const char *sql = ls_arena_printf(s->a, "%sSELECT pg_catalog.setval(pg_catalog."
				"pg_get_serial_sequence(%s, %s), max(%s)) FROM %s HAVING max(%s) IS NOT NULL;\n",
				st->sql, sql_literal_of(s, tbl), sql_literal_of(s, col), q, tbl, q);
		if (!sql)
			return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		st->sql = sql;
		st->scans = true;
		pl_work(s, st, LS_WORK_SCAN, x->t->schema, x->t->name);
		return 0;
	}
	if (!add && wc->identity && !tc->identity) {
		ls_step *st;
		int rc = column_clause(x, "drop identity", col, "DROP IDENTITY", NULL,
				"identity dropped", false, false, &st);
		if (rc == 0)
			pl_lock_owned(s, st, x->t->schema, x->t->name, col, "AccessExclusiveLock");
		return rc;
	}
	if (add && wc->identity && tc->identity && wc->identity != tc->identity)
		return column_clause(x, "alter identity", col, tc->identity == 'a' ?
				"SET GENERATED ALWAYS" : "SET GENERATED BY DEFAULT", wc->identity == 'a' ?
				"SET GENERATED ALWAYS" : "SET GENERATED BY DEFAULT", "identity kind", false,
				false, NULL);
	return 0;
}

/* The identity sequence's options, through ALTER SEQUENCE. */
static int identity_options(tctx *x, const ls_column *tc)
{
	pl_side *s = x->s;
	const ls_table *w = wt(x);
	const ls_sequence *f = identity_sequence(s->a, s->work, w, tc->name);
	const ls_sequence *t = identity_sequence(s->a, s->to, x->t, tc->name);
	if (!f || !t)
		return 0;
	if (ls_same_or_null(f->type, t->type) && f->start == t->start && f->increment == t->increment &&
			f->min == t->min && f->max == t->max && f->cache == t->cache && f->cycle == t->cycle)
		return 0;
	ls_buf b = {.a = s->a};
	ls_buf_put(&b, "ALTER SEQUENCE ");
	ls_buf_qname(&b, f->schema, f->name);
	ls_buf_printf(&b, " AS %s ", t->type ? t->type : "bigint");
	sequence_options(&b, t);
	ls_buf_put(&b, ";\n");
	const char *sql = ls_buf_take(&b);
	ls_buf_put(&b, "ALTER SEQUENCE ");
	ls_buf_qname(&b, f->schema, f->name);
	ls_buf_printf(&b, " AS %s ", f->type ? f->type : "bigint");
	sequence_options(&b, f);
	ls_buf_put(&b, ";\n");
	const char *obj = ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, f->schema),
			ls_quote_ident(s->a, f->name));
	pl_change(s, LS_CHANGE_ALTER, "sequence", obj, NULL, "identity sequence options");
	ls_step *st;
	int rc = pl_emit(s, &st, "alter sequence", obj, sql, ls_buf_take(&b));
	if (rc == 0)
		pl_lock(s, st, obj, "ShareRowExclusiveLock");
	return rc;
}

/* A column of a table that holds rows gets the default nextval() of a
 * sequence the plan creates and TO has owned by the column (identity ->
 * serial: an identity sequence of the name is gone with DROP IDENTITY; a
 * sequence of its own is left as TO starts it): the sequence goes on
 * after the values the rows hold, as ADD IDENTITY's does, unless it starts
 * above them. */
static int carry_on(tctx *x, ls_step *st, const ls_column *tc, const char *def)
{
	pl_side *s = x->s;
	long len;
	if (family(tc->type, &len) != 'i')
		return 0;
	for (size_t i = 0; i < s->work->n_sequences; i++) {
		const ls_sequence *q = &s->work->sequences[i];
		const ls_sequence *old = ls_catalog_find_sequence(s->cur, q->schema, q->name);
		const ls_sequence *to = ls_catalog_find_sequence(s->to, q->schema, q->name);
		if ((old && !old->identity) || !to || !ls_same(to->owned_table, x->t->name) ||
				!ls_same(to->owned_column, tc->name))
			continue;
		const char *seq = pl_qname(s, q->schema, q->name);
		ls_buf b = {.a = s->a};
		ls_buf_put(&b, "nextval(");
		ls_buf_literal(&b, seq);
		const char *needle = ls_buf_take(&b);
		if (!needle || !strstr(def, needle))
			continue;
		const char *tbl = qtable(s, x->t), *c = ls_quote_ident(s->a, tc->name);
		const char *sql = ls_arena_printf(s->a, "%sSELECT pg_catalog.setval(%s, max(%s)) FROM "
				"%s HAVING max(%s) >= %lld;\n", st->sql, sql_literal_of(s, seq), c, tbl, c,
				(long long)q->start);
		if (!sql)
			return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		st->sql = sql;
		st->scans = true;
		pl_work(s, st, LS_WORK_SCAN, x->t->schema, x->t->name);
		pl_lock(s, st, seq, "RowExclusiveLock");
		return 0;
	}
	return 0;
}

static int change_default(tctx *x, const ls_column *wc, const ls_column *tc)
{
	pl_side *s = x->s;
	const char *from = wc->default_expr ? ls_arena_strdup(s->a, wc->default_expr) : NULL;
	/* a column becoming identity loses its default first: ADD IDENTITY
	 * refuses a column that has one (serial -> identity) */
	const char *to = tc->identity ? NULL : tc->default_expr;
	if (ls_same_or_null(from, to) || tc->generated)
		return 0;
	const char *set = to ? ls_arena_printf(s->a, "SET DEFAULT %s", to) : "DROP DEFAULT";
	const char *back = from ? ls_arena_printf(s->a, "SET DEFAULT %s", from) : "DROP DEFAULT";
	ls_step *st;
	int rc = column_clause(x, to ? "set default" : "drop default", tc->name, set, back,
			ls_arena_printf(s->a, "default %s -> %s", from ? from : "none", to ? to : "none"),
			false, false, &st);
	if (rc < 0 || !to || !x->existed)
		return rc;
	return carry_on(x, st, tc, to);
}

static int change_not_null(tctx *x, const ls_column *wc, const ls_column *tc)
{
	pl_side *s = x->s;
	if (wc->not_null == tc->not_null)
		return 0;
	const ls_table *w = wt(x);
	if (!tc->not_null && pl_not_null_waits(s, w, tc->name)) {
		pl_change(s, LS_CHANGE_ALTER, "column", qcolumn(s, w, tc->name), NULL, "NOT NULL dropped");
		return 0;
	}
	if (!tc->not_null)
		return column_clause(x, "drop not null", tc->name, "DROP NOT NULL", "SET NOT NULL",
				"NOT NULL dropped", false, false, NULL);
	if (x->existed) {
		/* the recipe decides where it can run */
		bool done;
		int rc = pl_recipe_not_null(s, w, tc->name, &done);
		if (rc == 0 && done)
			pl_change(s, LS_CHANGE_ALTER, "column", qcolumn(s, w, tc->name), NULL,
					"NOT NULL added");
		if (rc < 0 || done)
			return rc;
	}
	ls_step *st;
	int rc = column_clause(x, "set not null", tc->name, "SET NOT NULL", "DROP NOT NULL",
			"NOT NULL added", false, true, &st);
	if (rc == 0 && x->existed)
		pl_precheck(s, st, ls_arena_printf(s->a, "no NULL in %s", qcolumn(s, x->t, tc->name)),
				ls_arena_printf(s->a, "SELECT * FROM %s WHERE %s IS NULL", pl_source_rel(s, x->t),
					ls_quote_ident(s->a, tc->name)));
	return rc;
}

/* Whether the column is its parent's (a partition's inherited column, or
 * one an INHERITS parent has): the parent's steps change it. */
static bool inherited(const tctx *x, const char *col)
{
	const ls_table *w = wt(x);
	if (!w)
		return false;
	for (size_t i = 0; i < w->n_inherits; i++)
		if (column(ls_catalog_find_table(x->s->work, w->inherits[i].schema, w->inherits[i].name), col))
			return true;
	if (!w->parent_table)
		return false;
	const ls_table *p = ls_catalog_find_table(x->s->work, w->parent_schema, w->parent_table);
	return column(p, col) != NULL;
}

static int alter_one_column(tctx *x, const ls_column *tc)
{
	const ls_column *wc = column(wt(x), tc->name);
	int rc;
	if (!wc)
		return add_column(x, tc);
	bool inh = inherited(x, tc->name);
	/* a stored generated column cannot change its expression in place */
	if (tc->generated && !ls_same_or_null(wc->generated, tc->generated)) {
		if ((rc = drop_column(x, wc)) < 0)
			return rc;
		return add_column(x, tc);
	}
	if (wc->generated && !tc->generated) {
		if ((rc = column_clause(x, "drop expression", tc->name, "DROP EXPRESSION", NULL,
				"no longer generated", false, false, NULL)) < 0)
			return rc;
		wc = column(wt(x), tc->name);
	}
	if ((rc = change_identity(x, wc, tc, false)) < 0)
		return rc;
	wc = column(wt(x), tc->name);
	if (!inh && (!ls_same(wc->type, tc->type) || !ls_same_or_null(wc->collation, tc->collation))) {
		if ((rc = change_type(x, wc, tc)) < 0)
			return rc;
		wc = column(wt(x), tc->name);
	}
	if ((rc = change_not_null(x, wc, tc)) < 0)
		return rc;
	wc = column(wt(x), tc->name);
	if ((rc = change_default(x, wc, tc)) < 0)
		return rc;
	wc = column(wt(x), tc->name);
	if ((rc = change_identity(x, wc, tc, true)) < 0)
		return rc;
	return tc->identity ? identity_options(x, tc) : 0;
}

/* --- table-level --- */

static int persistence(tctx *x)
{
	const ls_table *w = wt(x);
	if (w->unlogged == x->t->unlogged)
		return 0;
	pl_side *s = x->s;
	ls_buf b = {.a = s->a};
	const char *to = x->t->unlogged ? "UNLOGGED" : "LOGGED";
	const char *back = x->t->unlogged ? "LOGGED" : "UNLOGGED";
	ls_buf_put(&b, "ALTER TABLE ");
	ls_buf_qname(&b, w->schema, w->name);
	ls_buf_printf(&b, " SET %s;\n", to);
	const char *sql = ls_buf_take(&b);
	ls_buf_put(&b, "ALTER TABLE ");
	ls_buf_qname(&b, w->schema, w->name);
	ls_buf_printf(&b, " SET %s;\n", back);
	pl_change(s, LS_CHANGE_ALTER, "table", qtable(s, w), NULL,
			ls_arena_printf(s->a, "set %s", to));
	/* PostgreSQL 15 sets the table's owned sequences alike */
	ls_step *st;
	int rc = table_step(x, &st, x->t->unlogged ? "set unlogged" : "set logged", qtable(s, w),
			sql, ls_buf_take(&b), "AccessExclusiveLock", true, true);
	if (rc == 0)
		pl_lock_owned(s, st, w->schema, w->name, NULL, "AccessExclusiveLock");
	return rc;
}

static size_t option_name_len(const char *o)
{
	const char *eq = strchr(o, '=');
	return eq ? (size_t)(eq - o) : strlen(o);
}

static bool same_name(const char *a, const char *b)
{
	size_t l = option_name_len(a);
	return option_name_len(b) == l && !strncmp(a, b, l);
}

static bool is_toast(const char *o)
{
	return !strncmp(o, "toast.", 6);
}

/* Whether ALTER ... SET or RESET of option o takes only
 * ShareUpdateExclusiveLock (AlterTableGetRelOptionsLockLevel looks the
 * name up without its namespace, in every kind of relation; measured on
 * PostgreSQL 15). */
static bool weak_option(const char *o)
{
	static const char *const weak[] = {
		"fillfactor", "autovacuum_", "parallel_workers", "log_autovacuum_min_duration",
		"toast_tuple_target", "vacuum_index_cleanup", "vacuum_truncate", "deduplicate_items",
	};
	if (is_toast(o))
		o += 6;
	size_t l = option_name_len(o);
	for (size_t i = 0; i < sizeof weak / sizeof *weak; i++) {
		size_t n = strlen(weak[i]);
		if (weak[i][n - 1] == '_' ? l > n && !strncmp(o, weak[i], n) : l == n && !strncmp(o, weak[i], n))
			return true;
	}
	return false;
}

static void option_item(ls_buf *b, const char *o, bool value)
{
	size_t l = option_name_len(o);
	ls_buf_printf(b, "%.*s", (int)l, o);
	if (!value)
		return;
	ls_buf_put(b, "=");
	const char *v = o[l] ? o + l + 1 : "";
	if (*v && strspn(v, "0123456789.") == strlen(v))
		ls_buf_put(b, v);
	else
		ls_buf_literal(b, v);
}

/* How many options of TO's part (toast or not) stay where they are: the
 * longest prefix of it that FROM holds, alike and in the same order.
 * transformRelOptions keeps the options a SET does not name in their
 * order and appends the named ones, so those must be exactly that prefix. */
static size_t kept_prefix(const char *const *from, size_t nf, const char *const *to, size_t nt,
		bool toast)
{
	size_t k = 0, at = 0;
	for (size_t i = 0; i < nt; i++) {
		if (is_toast(to[i]) != toast)
			continue;
		size_t j = at;
		while (j < nf && !ls_same(from[j], to[i]))
			j++;
		if (j == nf)
			break;
		at = j + 1;
		k++;
	}
	return k;
}

void pl_options_sql(ls_buf *b, const char *alter, const char *const *from, size_t nf,
		const char *const *to, size_t nt, bool *weak)
{
	size_t keep[2] = {kept_prefix(from, nf, to, nt, false), kept_prefix(from, nf, to, nt, true)};
	bool first = true;
	for (size_t i = 0; i < nf; i++) {
		size_t j = 0;
		while (j < nt && !same_name(from[i], to[j]))
			j++;
		if (j < nt)
			continue;
		ls_buf_printf(b, "%s%s", first ? alter : "", first ? " RESET (" : ", ");
		first = false;
		option_item(b, from[i], false);
		*weak = *weak && weak_option(from[i]);
	}
	if (!first)
		ls_buf_put(b, ");\n");
	first = true;
	size_t seen[2] = {0, 0};
	for (size_t i = 0; i < nt; i++) {
		bool toast = is_toast(to[i]);
		if (seen[toast]++ < keep[toast])
			continue;
		ls_buf_printf(b, "%s%s", first ? alter : "", first ? " SET (" : ", ");
		first = false;
		option_item(b, to[i], true);
		*weak = *weak && weak_option(to[i]);
	}
	if (!first)
		ls_buf_put(b, ");\n");
}

static int storage_options(tctx *x)
{
	const ls_table *w = wt(x);
	const ls_table *t = x->t;
	bool differ = w->n_options != t->n_options;
	for (size_t i = 0; !differ && i < t->n_options; i++)
		differ = !ls_same(w->options[i], t->options[i]);
	if (!differ)
		return 0;
	pl_side *s = x->s;
	ls_buf b = {.a = s->a};
	const char *alter = ls_arena_printf(s->a, "ALTER TABLE %s", qtable(s, t));
	/* fillfactor, the autovacuum and vacuum settings take the weaker lock */
	bool weak = true;
	pl_options_sql(&b, alter, w->options, w->n_options, t->options, t->n_options, &weak);
	const char *sql = ls_buf_take(&b);
	pl_options_sql(&b, alter, t->options, t->n_options, w->options, w->n_options, &weak);
	const char *back = ls_buf_take(&b);
	pl_change(s, LS_CHANGE_ALTER, "table", qtable(s, t), NULL, "storage parameters");
	return table_step(x, NULL, "set storage parameters", qtable(s, t), sql, back,
			weak ? "ShareUpdateExclusiveLock" : "AccessExclusiveLock", false, false);
}

static const char *attach_sql(pl_side *s, const ls_table *t)
{
	ls_buf b = {.a = s->a};
	ls_buf_put(&b, "ALTER TABLE ");
	ls_buf_qname(&b, t->parent_schema, t->parent_table);
	ls_buf_put(&b, " ATTACH PARTITION ");
	ls_buf_qname(&b, t->schema, t->name);
	ls_buf_printf(&b, " %s;\n", t->partition_bound ? t->partition_bound : "DEFAULT");
	return ls_buf_take(&b);
}

static const char *detach_sql(pl_side *s, const ls_table *t)
{
	ls_buf b = {.a = s->a};
	ls_buf_put(&b, "ALTER TABLE ");
	ls_buf_qname(&b, t->parent_schema, t->parent_table);
	ls_buf_put(&b, " DETACH PARTITION ");
	ls_buf_qname(&b, t->schema, t->name);
	ls_buf_put(&b, ";\n");
	return ls_buf_take(&b);
}

static bool same_partition(const ls_table *a, const ls_table *b)
{
	return ls_same_or_null(a->parent_schema, b->parent_schema) &&
		ls_same_or_null(a->parent_table, b->parent_table) &&
		ls_same_or_null(a->partition_bound, b->partition_bound);
}

/* A detached partition keeps the indexes and constraints its parent gave
 * it, as its own; those TO does not have go. */
static int detached_leftovers(tctx *x)
{
	pl_side *s = x->s;
	int rc;
	for (bool again = true; again;) {
		again = false;
		for (size_t i = 0; i < s->work->n_indexes && !again; i++) {
			const ls_index *ix = &s->work->indexes[i];
			if (!ls_same(ix->schema, x->schema) || !ls_same(ix->table, x->name) || ix->constraint ||
					ls_catalog_find_index(s->to, ix->schema, ix->name))
				continue;
			const char *obj = ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, ix->schema),
					ls_quote_ident(s->a, ix->name));
			if ((rc = table_step(x, NULL, "drop index", obj, ls_arena_printf(s->a,
					"DROP INDEX %s;\n", obj), NULL, "AccessExclusiveLock", false, false)) < 0)
				return rc;
			again = true;
		}
		const ls_table *w = wt(x);
		for (size_t i = 0; i < w->n_constraints && !again; i++) {
			const ls_constraint *k = &w->constraints[i];
			bool kept = false;
			for (size_t j = 0; j < x->t->n_constraints && !kept; j++)
				kept = ls_same(x->t->constraints[j].name, k->name);
			if (kept)
				continue;
			ls_buf b = {.a = s->a};
			alter_table(x, &b, w, k->type == 'c' && !k->no_inherit);
			ls_buf_put(&b, " DROP CONSTRAINT ");
			ls_buf_ident(&b, k->name);
			ls_buf_put(&b, ";\n");
			if ((rc = table_step(x, NULL, "drop constraint", ls_arena_printf(s->a, "%s.%s",
					qtable(s, w), ls_quote_ident(s->a, k->name)), ls_buf_take(&b), NULL,
					"AccessExclusiveLock", false, false)) < 0)
				return rc;
			again = true;
		}
	}
	return 0;
}

static int detach(tctx *x)
{
	const ls_table *w = wt(x);
	if (!w->parent_table || same_partition(w, x->t))
		return 0;
	pl_side *s = x->s;
	const char *parent = ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, w->parent_schema),
			ls_quote_ident(s->a, w->parent_table));
	/* w is work's: the detach changes it */
	const char *parent_schema = w->parent_schema, *parent_table = w->parent_table;
	const char *back = attach_sql(s, w);
	pl_change(s, LS_CHANGE_ALTER, "table", qtable(s, w), NULL,
			ls_arena_printf(s->a, "detached from %s", parent));
	const char *check = pl_detach_check_name(s, w);
	const char *sql = detach_sql(s, w);
	if (check) {
		/* DETACH ... CONCURRENTLY: the partitioned table under
		 * ShareUpdateExclusiveLock, outside a transaction block; the
		 * partition ends under AccessExclusiveLock in the second of its
		 * two transactions */
		size_t n = sql ? strlen(sql) : 0;
		sql = sql && n > 2 ? ls_arena_printf(s->a, "%.*s CONCURRENTLY;\n", (int)(n - 2), sql) : NULL;
	}
	ls_step *st;
	int rc = table_step(x, &st, "detach partition", qtable(s, w), sql, back,
			"AccessExclusiveLock", false, false);
	if (rc < 0)
		return rc;
	pl_lock(s, st, parent, check ? "ShareUpdateExclusiveLock" : "AccessExclusiveLock");
	pl_lock_default_partition(x->s, st, parent_schema, parent_table, x->schema, x->name,
			false);
	if (check) {
		st->transactional = false;
		/* the server added a copy of the partition constraint that TO
		 * does not have (work never held it: IF EXISTS) */
		ls_buf b = {.a = s->a};
		alter_table(x, &b, wt(x), false);
		ls_buf_put(&b, " DROP CONSTRAINT IF EXISTS ");
		ls_buf_ident(&b, check);
		ls_buf_put(&b, ";\n");
		if ((rc = table_step(x, NULL, "drop constraint", ls_arena_printf(s->a, "%s.%s",
				qtable(s, wt(x)), ls_quote_ident(s->a, check)), ls_buf_take(&b), NULL,
				"AccessExclusiveLock", false, false)) < 0)
			return rc;
	}
	return detached_leftovers(x);
}

static int attach(tctx *x)
{
	const ls_table *w = wt(x), *t = x->t;
	if (!t->parent_table || same_partition(w, t))
		return 0;
	pl_side *s = x->s;
	const char *parent = ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, t->parent_schema),
			ls_quote_ident(s->a, t->parent_table));
	pl_change(s, LS_CHANGE_ALTER, "table", qtable(s, t), NULL,
			ls_arena_printf(s->a, "attached to %s", parent));
	ls_step *st;
	int rc = table_step(x, &st, "attach partition", qtable(s, t), attach_sql(s, t),
			detach_sql(s, t), "AccessExclusiveLock", false, true);
	if (rc == 0) {
		pl_lock(s, st, parent, pl_has(s, PL_FEATURE_ATTACH_SHARE_UPDATE) ?
				"ShareUpdateExclusiveLock" : "AccessExclusiveLock");
		pl_lock_default_partition(x->s, st, t->parent_schema, t->parent_table, x->schema,
				x->name, true);
	}
	return rc;
}

int pl_drop_defaults_calling(pl_side *s, const ls_script_node *n)
{
	const ls_table *f = n->obj;
	for (size_t d = 0; d < n->n_deps; d++) {
		if (!pl_is_dropped_function(s, n->deps[d]))
			continue;
		const ls_script_node *fn = &s->sf->nodes[n->deps[d]];
		const char *call = ls_arena_printf(s->a, "%s(", pl_qname(s, fn->schema, fn->name));
		tctx x = {.s = s, .schema = f->schema, .name = f->name, .t = f, .existed = true};
		for (size_t i = 0; call && i < f->n_columns; i++) {
			const ls_column *wc = column(wt(&x), f->columns[i].name);
			if (!wc || !wc->default_expr || !strstr(wc->default_expr, call))
				continue;
			const char *back = ls_arena_printf(s->a, "SET DEFAULT %s", wc->default_expr);
			int rc = column_clause(&x, "drop default", wc->name, "DROP DEFAULT", back, NULL,
					false, false, NULL);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

int pl_drop_identity_named(pl_side *s, const char *schema, const char *name)
{
	const ls_sequence *q = ls_catalog_find_sequence(s->work, schema, name);
	if (!q || !q->identity || !q->owned_table || !q->owned_column)
		return 0;
	const ls_table *t = ls_catalog_find_table(s->to, q->schema, q->owned_table);
	const ls_column *tc = column(t, q->owned_column);
	tctx x = {.s = s, .schema = q->schema, .name = q->owned_table, .t = t,
		.existed = ls_catalog_find_table(s->cur, q->schema, q->owned_table) != NULL};
	const ls_column *wc = column(wt(&x), q->owned_column);
	if (!tc || tc->identity || !wc || !wc->identity)
		return 0;
	return change_identity(&x, wc, tc, false);
}

/* How many INHERITS parents w and t share at the start of their lists
 * (inhseqno order). */
static size_t kept_parents(const ls_table *w, const ls_table *t)
{
	size_t k = 0;
	while (k < w->n_inherits && k < t->n_inherits &&
			ls_same(w->inherits[k].schema, t->inherits[k].schema) &&
			ls_same(w->inherits[k].name, t->inherits[k].name))
		k++;
	return k;
}

static int inherit_step(tctx *x, const ls_table_parent *p, bool add)
{
	pl_side *s = x->s;
	const char *tbl = qtable(s, x->t), *parent = pl_qname(s, p->schema, p->name);
	pl_change(s, LS_CHANGE_ALTER, "table", tbl, NULL, ls_arena_printf(s->a, "%s %s",
			add ? "inherits" : "no longer inherits", parent));
	ls_step *st;
	int rc = table_step(x, &st, add ? "inherit" : "no inherit", tbl, ls_arena_printf(s->a,
			"ALTER TABLE %s %sINHERIT %s;\n", tbl, add ? "" : "NO ", parent),
			ls_arena_printf(s->a, "ALTER TABLE %s %sINHERIT %s;\n", tbl, add ? "NO " : "", parent),
			"AccessExclusiveLock", false, false);
	/* ATExecAddInherit reads the parent under ShareUpdateExclusiveLock,
	 * ATExecDropInherit under AccessShareLock */
	if (rc == 0)
		pl_lock(s, st, parent, add ? "ShareUpdateExclusiveLock" : "AccessShareLock");
	return rc;
}

/* NO INHERIT of the parents work has past those TO keeps in place: what
 * only they gave becomes the table's own, so its columns can go or stay
 * as TO says. */
static int no_inherit(tctx *x)
{
	for (;;) {
		const ls_table *w = wt(x);
		if (w->n_inherits <= kept_parents(w, x->t))
			return 0;
		ls_table_parent p = w->inherits[w->n_inherits - 1];
		int rc = inherit_step(x, &p, false);
		if (rc < 0)
			return rc;
	}
}

/* INHERIT of TO's parents past those work has, once the table has every
 * column and CHECK they need. ALTER TABLE ... INHERIT leaves every column
 * the table's own: a column TO has only from a parent (attislocal false)
 * cannot be made so, and is refused by name. */
static int inherit(tctx *x)
{
	const ls_table *w = wt(x), *t = x->t;
	size_t k = kept_parents(w, t);
	for (size_t i = 0; k < t->n_inherits && i < t->n_columns; i++) {
		const ls_column *wc = column(w, t->columns[i].name);
		if (t->columns[i].inherited_only && wc && !wc->inherited_only)
			return ls_error_set(x->s->err, LS_EUNSUPPORTED, NULL, 0, 0,
					"cannot plan this change yet: table %s.%s inherits %s.%s in %s and has column "
					"%s only from its parents there; ALTER TABLE ... INHERIT keeps a table's columns "
					"its own (declare the column in the table too, or recreate it)", t->schema,
					t->name, t->inherits[k].schema, t->inherits[k].name, x->s->up ? "TO" : "FROM",
					t->columns[i].name);
	}
	for (size_t i = k; i < t->n_inherits; i++) {
		int rc = inherit_step(x, &t->inherits[i], true);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int pl_alter_table(pl_side *s, const ls_table *t)
{
	tctx x = {.s = s, .schema = t->schema, .name = t->name, .t = t,
		.existed = ls_catalog_find_table(s->cur, t->schema, t->name) != NULL};
	const ls_table *w = wt(&x);
	int rc;
	if (!w)
		return ls_error_set(s->err, LS_EUNSUPPORTED, NULL, 0, 0,
				"cannot plan this change: table %s.%s is missing before it is altered",
				t->schema, t->name);
	if (pl_is_swapped(s, t->schema, t->name))
		return pl_recipe_swap(s, w, t);
	if (w->kind != t->kind || !ls_same_or_null(w->partition_key, t->partition_key))
		return ls_error_set(s->err, LS_EUNSUPPORTED, NULL, 0, 0,
				"cannot plan this change: table %s.%s changes its partitioning (%s -> %s); "
				"no single statement does that, and the partition swap recipe takes top-level tables of online plans only (not --no-online)",
				t->schema, t->name, w->partition_key ? w->partition_key : "not partitioned",
				t->partition_key ? t->partition_key : "not partitioned");
	if ((rc = detach(&x)) < 0 || (rc = no_inherit(&x)) < 0)
		return rc;
	/* drops first: a column may come back under the same name */
	for (;;) {
		w = wt(&x);
		const ls_column *gone = NULL;
		for (size_t i = 0; i < w->n_columns && !gone; i++)
			if (!column(t, w->columns[i].name) && !inherited(&x, w->columns[i].name))
				gone = &w->columns[i];
		if (!gone)
			break;
		if ((rc = drop_column(&x, gone)) < 0)
			return rc;
	}
	for (size_t i = 0; i < t->n_columns; i++)
		if ((rc = alter_one_column(&x, &t->columns[i])) < 0)
			return rc;
	if ((rc = inherit(&x)) < 0 || (rc = persistence(&x)) < 0 || (rc = storage_options(&x)) < 0 ||
			(rc = attach(&x)) < 0)
		return rc;
	return 0;
}

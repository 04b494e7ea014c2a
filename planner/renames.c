/* Renames: which objects of FROM are objects of TO under another name.
 *
 * In order of trust: given on the command line (--rename), carried by
 * history identity (ids kept through ALTER ... RENAME), inferred by
 * similarity (tables: shared columns; enum types: the same labels;
 * columns: every dropped column against every added one of its table,
 * whatever the types — see columns()). A drop and a create that look like
 * a rename but not surely enough are questions: all of a plan's are asked
 * at once (exit 2), and losing a table's or a column's data is never
 * silent. The steps rename types, then tables in an order where no name
 * collides, then columns; after them, names the server derived from the
 * old names (keys, indexes, sequences) follow when their definitions are
 * unchanged.
 */
#define _POSIX_C_SOURCE 200809L
#include "plan_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockstep/str.h"

/* --- matching state --- */

typedef struct matcher {
	ls_arena *a;
	ls_catalog *f, *t;
	pl_rename *r;
	size_t n;
	bool *f_done, *t_done;   /* tables already matched or settled */
	const char **q;          /* open questions, one sentence each */
	size_t n_q;
	const char **args;       /* the --rename argument that renames, per question */
	const ls_plan_options *o;
	ls_error *err;
} matcher;

static pl_rename *add(matcher *m, char kind, double conf, const char *reason)
{
	pl_rename *x = ls_arena_push(m->a, (void **)&m->r, &m->n, sizeof *x);
	if (x) {
		x->kind = kind;
		x->confidence = conf;
		x->reason = reason;
	}
	return x;
}

/* The position of the first table named schema.name, or SIZE_MAX (the
 * catalog's hashed lookup: one scan per table made matching quadratic). */
static size_t table_index(ls_catalog *c, const char *schema, const char *name)
{
	const ls_table *t = ls_catalog_find_table(c, schema, name);
	return t ? (size_t)(t - c->tables) : SIZE_MAX;
}

size_t pl_split_name(ls_arena *a, const char *s, const char **parts)
{
	size_t n = 0;
	while (*s && n < 3) {
		char *out = ls_arena_alloc(a, strlen(s) + 1);
		if (!out)
			return 0;
		size_t k = 0;
		if (*s == '"') {
			for (s++; *s; s++) {
				if (*s == '"' && s[1] == '"')
					out[k++] = '"', s++;
				else if (*s == '"')
					break;
				else
					out[k++] = *s;
			}
			if (*s == '"')
				s++;
		} else {
			while (*s && *s != '.')
				out[k++] = *s++;
		}
		parts[n++] = out;
		if (*s == '.')
			s++;
		else if (*s)
			return 0;
	}
	return *s ? 0 : n;
}

/* --rename OLD=NEW: "s.t=s.u" (a table, also to another schema), "s.t=u",
 * "s.t.c=d" (a column), "s.t=" (not renamed: dropped on purpose). */
static int given(matcher *m)
{
	for (size_t i = 0; i < m->o->n_renames; i++) {
		const char *arg = m->o->renames[i], *eq = strchr(arg, '=');
		const char *l[3], *r[3] = {0};
		size_t nl = 0, nr = 0;
		if (eq) {
			char *left = ls_arena_strndup(m->a, arg, (size_t)(eq - arg));
			nl = left ? pl_split_name(m->a, left, l) : 0;
			nr = eq[1] ? pl_split_name(m->a, eq + 1, r) : 0;
		}
		if (ls_arena_failed(m->a))
			return LS_ENOMEM;
		if (!eq || nl < 2 || (eq[1] && !nr))
			return ls_error_set(m->err, LS_EINVAL, NULL, 0, 0,
					"--rename %s: expected schema.table=schema.table, schema.table.column=column "
					"or schema.table= (not renamed)", arg);
		size_t fi = table_index(m->f, l[0], l[1]);
		if (fi == SIZE_MAX)
			return ls_error_set(m->err, LS_EINVAL, NULL, 0, 0,
					"--rename %s: FROM has no table %s.%s", arg, l[0], l[1]);
		if (nl == 2 && nr == 0) {
			m->f_done[fi] = true;
			continue;
		}
		if (nl == 2) {
			const char *ts = nr == 2 ? r[0] : l[0], *tn = nr == 2 ? r[1] : r[0];
			size_t ti = table_index(m->t, ts, tn);
			if (ti == SIZE_MAX || nr > 2)
				return ls_error_set(m->err, LS_EINVAL, NULL, 0, 0,
						"--rename %s: TO has no table %s.%s", arg, ts, tn);
			pl_rename *x = add(m, 'r', 1.0, "given");
			if (!x)
				return LS_ENOMEM;
			x->f_schema = l[0], x->f_name = l[1];
			x->t_schema = ts, x->t_name = tn;
			m->f_done[fi] = m->t_done[ti] = true;
			continue;
		}
		/* a column; the table is matched later, the column name kept here */
		const ls_table *ft = &m->f->tables[fi];
		bool found = false;
		for (size_t k = 0; k < ft->n_columns; k++)
			found = found || ls_same(ft->columns[k].name, l[2]);
		if (!found)
			return ls_error_set(m->err, LS_EINVAL, NULL, 0, 0,
					"--rename %s: FROM table %s.%s has no column %s", arg, l[0], l[1], l[2]);
		pl_rename *x = add(m, 'c', 1.0, "given");
		if (!x)
			return LS_ENOMEM;
		x->f_schema = l[0], x->f_table = l[1], x->f_name = l[2];
		x->t_name = nr ? r[nr - 1] : NULL; /* NULL: the column is dropped on purpose */
	}
	return 0;
}

/* History identity: same id, other name. */
static int by_identity(matcher *m)
{
	for (size_t i = 0; i < m->f->n_tables; i++) {
		const ls_table *f = &m->f->tables[i];
		if (m->f_done[i] || !f->id || table_index(m->t, f->schema, f->name) != SIZE_MAX)
			continue;
		for (size_t j = 0; j < m->t->n_tables; j++) {
			const ls_table *t = &m->t->tables[j];
			if (m->t_done[j] || t->id != f->id ||
					table_index(m->f, t->schema, t->name) != SIZE_MAX)
				continue;
			pl_rename *x = add(m, 'r', 1.0, "history");
			if (!x)
				return LS_ENOMEM;
			x->f_schema = f->schema, x->f_name = f->name;
			x->t_schema = t->schema, x->t_name = t->name;
			m->f_done[i] = m->t_done[j] = true;
			break;
		}
	}
	return 0;
}

/* 2 * longest common subsequence / total length. */
static double name_similarity(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (!la || !lb || la > 200 || lb > 200)
		return 0;
	size_t prev[201] = {0}, cur[201] = {0};
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++)
			cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 :
				(prev[j] > cur[j - 1] ? prev[j] : cur[j - 1]);
		memcpy(prev, cur, sizeof prev);
	}
	return 2.0 * (double)prev[lb] / (double)(la + lb);
}

/* --- open questions --- */

/* "schema.table.name" with each part quoted as SQL needs (--rename reads
 * it back with split_name); NULL parts left out. */
static const char *qualified(ls_arena *a, const char *schema, const char *table,
		const char *name)
{
	const char *q = ls_quote_ident(a, name), *t = table ? ls_quote_ident(a, table) : NULL;
	const char *sc = schema ? ls_quote_ident(a, schema) : NULL;
	if (!q || (table && !t) || (schema && !sc))
		return NULL;
	if (table)
		q = ls_arena_printf(a, "%s.%s", t, q);
	if (q && schema)
		q = ls_arena_printf(a, "%s.%s", sc, q);
	return q;
}

/* "--rename ARG" as a shell reads it back: ARG in single quotes unless it
 * holds only letters, digits and ._=- (a quoted name, a space, a byte
 * that is not ASCII). */
static const char *rename_arg(ls_arena *a, const char *arg)
{
	if (!arg)
		return NULL;
	bool plain = *arg != '\0';
	for (const char *c = arg; *c && plain; c++)
		plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			(*c >= '0' && *c <= '9') || strchr("._=-", *c);
	if (plain)
		return ls_arena_printf(a, "--rename %s", arg);
	ls_buf b = {.a = a};
	ls_buf_put(&b, "--rename '");
	for (const char *c = arg; *c; c++) {
		if (*c == '\'')
			ls_buf_put(&b, "'\\''");
		else
			ls_buf_printf(&b, "%c", *c);
	}
	ls_buf_put(&b, "'");
	return ls_buf_take(&b);
}

/* Record an open question: FROM's what (a table or a column, fq) may be
 * TO's tq; yes renames it, no drops it. The plan stops after every
 * question is found (pl_match_renames). 0 or LS_ENOMEM. */
static int ask(matcher *m, const char *what, const char *fq, const char *tq,
		const char *why, const char *yes, const char *no, bool in_all)
{
	if (!fq || !tq || !yes || !no)
		return LS_ENOMEM;
	const char **x = ls_arena_push(m->a, (void **)&m->q, &m->n_q, sizeof *x);
	size_t n = m->n_q - 1;
	const char **y = x ? ls_arena_push(m->a, (void **)&m->args, &n, sizeof *y) : NULL;
	if (!x || !y)
		return LS_ENOMEM;
	const char *arg = rename_arg(m->a, yes), *drop = rename_arg(m->a, no);
	*y = in_all ? arg : NULL;
	*x = arg && drop ? ls_arena_printf(m->a, "%s %s may have been renamed to %s (%s): pass %s "
			"to rename it, or %s to drop it and its data", what, fq, tq, why, arg, drop) : NULL;
	return *x ? 0 : LS_ENOMEM;
}

/* The open questions as one error: a first line with every renaming
 * --rename (the command line that accepts all the guesses), then one line
 * per question with both answers. The count of lines is bounded by the
 * error's diagnostics (LS_ERROR_MAX_DIAGS); the rest is counted. */
static int ask_all(matcher *m)
{
	ls_buf b = {.a = m->a};
	ls_buf_printf(&b, "%zu possible rename%s need%s an answer (data is never dropped on a "
			"guess); to rename %s: ", m->n_q, m->n_q == 1 ? "" : "s", m->n_q == 1 ? "s" : "",
			m->n_q == 1 ? "it" : "all");
	for (size_t i = 0, k = 0; i < m->n_q; i++)
		if (m->args[i])
			ls_buf_printf(&b, "%s%s", k++ ? " " : "", m->args[i]);
	const char *head = ls_buf_take(&b);
	if (!head)
		return ls_error_set(m->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	/* an argument is never cut: too many for one line, each is below */
	if (strlen(head) > 700 || m->n_q >= LS_ERROR_MAX_DIAGS)
		head = ls_arena_printf(m->a, "%zu possible renames need an answer (data is never dropped "
				"on a guess); %s %zu are below, each with its two --rename arguments", m->n_q,
				m->n_q < LS_ERROR_MAX_DIAGS ? "all" : "the first",
				m->n_q < LS_ERROR_MAX_DIAGS ? m->n_q : (size_t)LS_ERROR_MAX_DIAGS - 1);
	if (!head)
		return ls_error_set(m->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	ls_error_set(m->err, LS_EINVAL, NULL, 0, 0, "%s", head);
	for (size_t i = 0; i < m->n_q; i++)
		ls_error_set(m->err, LS_EINVAL, NULL, 0, 0, "%s", m->q[i]);
	return LS_EINVAL;
}

/* How much of two tables' columns match, from 0 to 1: each column of f
 * pairs with at most one of t — the same name and type counts 1, the same
 * name and another type 0.8, the same type and a similar name 0.7 — over
 * the columns of both. */
static double table_similarity(const ls_table *f, const ls_table *t)
{
	double common = 0;
	bool used[512] = {0};
	if (t->n_columns > 512)
		return 0;
	for (size_t i = 0; i < f->n_columns; i++) {
		const ls_column *a = &f->columns[i];
		double best = 0;
		size_t at = SIZE_MAX;
		for (size_t j = 0; j < t->n_columns; j++) {
			const ls_column *b = &t->columns[j];
			if (used[j])
				continue;
			double w = ls_same(a->name, b->name) ? (ls_same(a->type, b->type) ? 1.0 : 0.8) :
				ls_same(a->type, b->type) && name_similarity(a->name, b->name) >= 0.6 ? 0.7 : 0;
			if (w > best)
				best = w, at = j;
		}
		if (at != SIZE_MAX) {
			used[at] = true;
			common += best;
		}
	}
	double all = (double)(f->n_columns + t->n_columns) - common;
	return all > 0 ? common / all : 1.0;
}

#define CONFIDENT 0.75
#define PLAUSIBLE 0.4

static int by_similarity(matcher *m)
{
	for (size_t i = 0; i < m->f->n_tables; i++) {
		const ls_table *f = &m->f->tables[i];
		if (m->f_done[i] || table_index(m->t, f->schema, f->name) != SIZE_MAX)
			continue;
		size_t best = SIZE_MAX, second = SIZE_MAX;
		double bs = 0, ss = 0;
		for (size_t j = 0; j < m->t->n_tables; j++) {
			const ls_table *t = &m->t->tables[j];
			/* a partition is its bounds: one with other bounds is not the
			 * same partition renamed (every partition of a table has the
			 * same columns) */
			if (m->t_done[j] || table_index(m->f, t->schema, t->name) != SIZE_MAX ||
					(f->parent_table != NULL) != (t->parent_table != NULL) ||
					(f->parent_table && !ls_same_or_null(f->partition_bound, t->partition_bound)))
				continue;
			double s = table_similarity(f, t);
			if (s > bs) {
				second = best, ss = bs;
				best = j, bs = s;
			} else if (s > ss) {
				second = j, ss = s;
			}
		}
		if (best == SIZE_MAX || bs < PLAUSIBLE)
			continue;
		const ls_table *t = &m->t->tables[best];
		if (bs < CONFIDENT || (second != SIZE_MAX && ss == bs)) {
			char sim[32];
			snprintf(sim, sizeof sim, "similarity %.2f", bs);
			const char *fq = qualified(m->a, f->schema, NULL, f->name);
			const char *tq = qualified(m->a, t->schema, NULL, t->name);
			if (!fq || !tq || ask(m, "table", fq, tq, sim, ls_arena_printf(m->a, "%s=%s", fq, tq),
					ls_arena_printf(m->a, "%s=", fq), true) < 0)
				return LS_ENOMEM;
			continue;
		}
		pl_rename *x = add(m, 'r', bs, "similarity");
		if (!x)
			return LS_ENOMEM;
		x->f_schema = f->schema, x->f_name = f->name;
		x->t_schema = t->schema, x->t_name = t->name;
		m->f_done[i] = m->t_done[best] = true;
	}
	return 0;
}

/* Whether no relation or type of cat is named schema.name (a table's row
 * type shares the name with the types). */
static bool free_in(ls_catalog *cat, const char *schema, const char *name)
{
	return !ls_catalog_find_table(cat, schema, name) && !ls_catalog_find_view(cat, schema, name) &&
		!ls_catalog_find_sequence(cat, schema, name) && !ls_catalog_find_index(cat, schema, name) &&
		!ls_catalog_find_type(cat, schema, name);
}

static bool same_labels(const ls_type *a, const ls_type *b)
{
	if (a->n_labels != b->n_labels)
		return false;
	for (size_t i = 0; i < a->n_labels; i++)
		if (!ls_same(a->labels[i], b->labels[i]))
			return false;
	return true;
}

/* An enum of FROM gone from TO, and one of TO new to FROM in the same
 * schema with the same labels in the same order: renamed (ALTER TYPE ...
 * RENAME TO keeps every column's values and rewrites nothing), when each
 * is the other's only such match and each name is free on the other side.
 * Otherwise the columns are recast through text as before: no data is at
 * stake, so nothing is asked. */
static int enum_renames(matcher *m)
{
	for (size_t i = 0; i < m->f->n_types; i++) {
		const ls_type *f = &m->f->types[i];
		if (f->kind != LS_TYPE_ENUM || ls_catalog_find_type(m->t, f->schema, f->name) ||
				!free_in(m->t, f->schema, f->name))
			continue;
		const ls_type *hit = NULL;
		size_t n = 0;
		for (size_t j = 0; j < m->t->n_types; j++) {
			const ls_type *t = &m->t->types[j];
			if (t->kind == LS_TYPE_ENUM && ls_same(t->schema, f->schema) && same_labels(f, t) &&
					free_in(m->f, t->schema, t->name))
				hit = t, n++;
		}
		if (n != 1)
			continue;
		size_t back = 0;
		for (size_t k = 0; k < m->f->n_types; k++) {
			const ls_type *g = &m->f->types[k];
			back += g->kind == LS_TYPE_ENUM && ls_same(g->schema, f->schema) &&
				same_labels(g, hit) && !ls_catalog_find_type(m->t, g->schema, g->name);
		}
		if (back != 1)
			continue;
		pl_rename *x = add(m, 'T', 1.0, "similarity");
		if (!x)
			return LS_ENOMEM;
		x->f_schema = f->schema, x->f_name = f->name;
		x->t_schema = hit->schema, x->t_name = hit->name;
	}
	return 0;
}

static const ls_collation *find_collation(const ls_catalog *cat, const char *schema,
		const char *name)
{
	for (size_t i = 0; i < cat->n_collations; i++)
		if (ls_same(cat->collations[i].schema, schema) && ls_same(cat->collations[i].name, name))
			return &cat->collations[i];
	return NULL;
}

static bool same_collation(const ls_collation *a, const ls_collation *b)
{
	return a->provider == b->provider && a->deterministic == b->deterministic &&
		ls_same_or_null(a->locale, b->locale) && ls_same_or_null(a->lc_collate, b->lc_collate) &&
		ls_same_or_null(a->lc_ctype, b->lc_ctype);
}

/* A collation of FROM gone from TO, and one of TO new to FROM in the same
 * schema: renamed (ALTER COLLATION ... RENAME TO keeps every column, index
 * and view on it) when history gives them one identity, or when their
 * definitions are equal and each is the other's only such match. The
 * server has no ALTER for a definition: a changed one is a drop and a
 * create (diff.c refuses it while columns or types use it). */
static int collation_renames(matcher *m)
{
	for (size_t i = 0; i < m->f->n_collations; i++) {
		const ls_collation *f = &m->f->collations[i];
		if (find_collation(m->t, f->schema, f->name))
			continue;
		const ls_collation *hit = NULL;
		size_t n = 0;
		bool identity = false;
		for (size_t j = 0; j < m->t->n_collations && !identity; j++) {
			const ls_collation *t = &m->t->collations[j];
			if (!ls_same(t->schema, f->schema) || find_collation(m->f, t->schema, t->name))
				continue;
			if (m->o->identity && f->id && t->id == f->id)
				hit = t, n = 1, identity = true;
			else if (same_collation(f, t))
				hit = t, n++;
		}
		if (n != 1)
			continue;
		size_t back = 0;
		for (size_t k = 0; !identity && k < m->f->n_collations; k++) {
			const ls_collation *g = &m->f->collations[k];
			back += ls_same(g->schema, f->schema) && same_collation(g, hit) &&
				!find_collation(m->t, g->schema, g->name);
		}
		if (!identity && back != 1)
			continue;
		pl_rename *x = add(m, 'L', 1.0, identity ? "history" : "similarity");
		if (!x)
			return LS_ENOMEM;
		x->f_schema = f->schema, x->f_name = f->name;
		x->t_schema = hit->schema, x->t_name = hit->name;
	}
	return 0;
}

static const ls_column *column(const ls_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_columns; i++)
		if (ls_same(t->columns[i].name, name))
			return &t->columns[i];
	return NULL;
}

/* Whether an INHERITS parent of t (in cat) has column name: t's column of
 * that name, its own or not, is renamed only through the parent (the
 * server renames it in every child and refuses renaming it alone). */
static bool from_parent(ls_catalog *cat, const ls_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_inherits; i++) {
		const ls_table *p = ls_catalog_find_table(cat, t->inherits[i].schema, t->inherits[i].name);
		if (p && column(p, name))
			return true;
	}
	return false;
}

/* The given column rename of f's column, or NULL. */
static pl_rename *given_column(matcher *m, const ls_table *f, const char *col)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->r[i].kind == 'c' && ls_same(m->r[i].reason, "given") &&
				ls_same(m->r[i].f_schema, f->schema) && ls_same(m->r[i].f_table, f->name) &&
				ls_same(m->r[i].f_name, col))
			return &m->r[i];
	return NULL;
}

static bool taken_in_f(matcher *m, const ls_table *f, const ls_table *t, const char *tcol)
{
	if (column(f, tcol))
		return true;
	for (size_t i = 0; i < m->n; i++)
		if (m->r[i].kind == 'c' && ls_same(m->r[i].f_schema, f->schema) &&
				ls_same(m->r[i].f_table, f->name) && ls_same(m->r[i].t_name, tcol) &&
				ls_same(m->r[i].t_table, t->name))
			return true;
	return false;
}

/* Whether FROM's column type a is TO's b once the types are renamed (an
 * enum renamed: "public.mood" or "public.mood[]" becomes "public.feeling"). */
static bool same_type(const matcher *m, const char *a, const char *b)
{
	if (ls_same(a, b))
		return true;
	for (size_t i = 0; i < m->n; i++) {
		const pl_rename *r = &m->r[i];
		if (r->kind != 'T')
			continue;
		const char *fq = qualified(m->a, r->f_schema, NULL, r->f_name);
		const char *tq = qualified(m->a, r->t_schema, NULL, r->t_name);
		if (!fq || !tq)
			return false; /* out of memory: the arena says so */
		size_t nf = strlen(fq), nt = strlen(tq);
		if (!strncmp(a, fq, nf) && !strncmp(b, tq, nt) &&
				(a[nf] == '\0' || a[nf] == '[') && ls_same(a + nf, b + nt))
			return true;
	}
	return false;
}

/* PostgreSQL's type category (pg_type.typcategory) of a built-in type
 * named as the catalog names it: N numeric, S string, D date and time, or
 * 0 (another, arrays). A question names a candidate of the same category
 * before one of another (an integer widened, text made varchar). */
static char type_category(const char *type)
{
	static const struct {
		const char *prefix;
		char cat;
	} known[] = {
		{"smallint", 'N'}, {"integer", 'N'}, {"bigint", 'N'}, {"numeric", 'N'}, {"real", 'N'},
		{"double precision", 'N'}, {"text", 'S'}, {"character", 'S'}, {"date", 'D'},
		{"timestamp", 'D'}, {"time", 'D'},
	};
	if (strchr(type, '['))
		return 0;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		size_t n = strlen(known[i].prefix);
		if (!strncmp(type, known[i].prefix, n) && (type[n] == '\0' || type[n] == '(' ||
				type[n] == ' '))
			return known[i].cat;
	}
	return 0;
}

/* At most this many dropped x added column pairs of one table get their
 * names compared (each comparison is quadratic in the names' length). */
#define MAX_NAME_PAIRS 65536

/* How alike a column dropped from f (d) and one added to t (c) are, for
 * the rename search: 1 for the same type (after type renames), 0.5 for
 * the same category (type_category), plus the
 * similarity of the names (0 to 1, symmetric); -1 when one cannot be the
 * other (one generated and the other not: a generated column holds no
 * data of its own). names false: the names are not compared (a table
 * dropping and adding hundreds of columns at once: every one is asked). */
static double column_score(const matcher *m, const ls_column *d, const ls_column *c, bool names)
{
	if ((d->generated != NULL) != (c->generated != NULL))
		return -1;
	return (same_type(m, d->type, c->type) ? 1.0 :
			type_category(d->type) && type_category(d->type) == type_category(c->type) ? 0.5 : 0) +
		(names ? name_similarity(d->name, c->name) : 0);
}

/* A candidate pair: its score, the dropped and the added column's
 * positions in their lists (each sorted by name). */
typedef struct pair {
	double v;
	size_t i, j;
} pair;

/* The best first; ties by the dropped column's name, then the added's. */
static int by_score(const void *a, const void *b)
{
	const pair *x = a, *y = b;
	if (x->v != y->v)
		return x->v > y->v ? -1 : 1;
	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return x->j < y->j ? -1 : x->j > y->j;
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(const ls_column *const *)a)->name, (*(const ls_column *const *)b)->name);
}

/* Ask whether FROM's column d of f is TO's c; in_all: its renaming
 * argument goes in the line that accepts every guess. */
static int ask_column(matcher *m, const ls_table *f, const ls_column *d, const ls_column *c,
		bool in_all)
{
	char why[600];
	if (same_type(m, d->type, c->type))
		snprintf(why, sizeof why, "same type %s, similarity %.2f", c->type,
				name_similarity(d->name, c->name));
	else
		snprintf(why, sizeof why, "type %s -> %s, similarity %.2f", d->type, c->type,
				name_similarity(d->name, c->name));
	const char *fq = qualified(m->a, f->schema, f->name, d->name);
	const char *tc = ls_quote_ident(m->a, c->name);
	if (!fq || !tc)
		return LS_ENOMEM;
	return ask(m, "column", fq, tc, why, ls_arena_printf(m->a, "%s=%s", fq, tc),
			ls_arena_printf(m->a, "%s=", fq), in_all);
}

/* The TO table FROM's table i is matched with (same name, or renamed), or NULL. */
static const ls_table *to_table(matcher *m, size_t i)
{
	const ls_table *f = &m->f->tables[i], *t = NULL;
	size_t j = table_index(m->t, f->schema, f->name);
	if (j != SIZE_MAX && !m->f_done[i])
		t = &m->t->tables[j];
	for (size_t k = 0; k < m->n && !t; k++)
		if (m->r[k].kind == 'r' && ls_same(m->r[k].f_schema, f->schema) &&
				ls_same(m->r[k].f_name, f->name))
			t = ls_catalog_find_table(m->t, m->r[k].t_schema, m->r[k].t_name);
	return t;
}

/* A column renamed in an INHERITS parent is renamed in every descendant
 * that has it (the server's renameatt_internal), which columns() never
 * matches on its own: each gets the parent's rename, children after
 * their parents (entries added are visited in turn). LS_ENOMEM or 0. */
static int inherited_renames(matcher *m)
{
	for (size_t i = 0; i < m->n; i++) {
		pl_rename r = m->r[i];
		if (r.kind != 'c' || !r.t_name || !r.t_table)
			continue;
		for (size_t d = 0; d < m->f->n_tables; d++) {
			const ls_table *c = &m->f->tables[d], *tc;
			bool child = false;
			for (size_t k = 0; k < c->n_inherits && !child; k++)
				child = ls_same(c->inherits[k].schema, r.f_schema) &&
					ls_same(c->inherits[k].name, r.f_table);
			if (!child || !column(c, r.f_name) || !(tc = to_table(m, d)) || !column(tc, r.t_name))
				continue;
			bool known = false;
			for (size_t k = 0; k < m->n && !known; k++)
				known = m->r[k].kind == 'c' && ls_same(m->r[k].f_schema, c->schema) &&
					ls_same(m->r[k].f_table, c->name) && ls_same(m->r[k].f_name, r.f_name);
			if (known)
				continue;
			pl_rename *x = add(m, 'c', r.confidence, r.reason);
			if (!x)
				return LS_ENOMEM;
			x->f_schema = c->schema, x->f_table = c->name, x->f_name = r.f_name;
			x->t_schema = tc->schema, x->t_table = tc->name, x->t_name = r.t_name;
		}
	}
	return 0;
}

/* Columns of one matched pair of tables.
 *
 * Every column FROM drops (d) is compared with every column TO adds (c),
 * whatever the types: a column renamed is never dropped and added again
 * on a guess. The match is confident — a rename with confidence
 * 0.6 + 0.4 * name similarity, as before — when d and c have the same
 * type, their names' similarity is at least 0.5 (confidence 0.8), and
 * the pair scores strictly higher (column_score) than d with any other
 * added column and c with any other dropped column. Any other dropped
 * column with a candidate left is an open question naming its best
 * candidate (ties: the first name in byte order), whatever the column
 * order of either table: a different type, a dissimilar name or a tie
 * is asked, not guessed. */
static int columns(matcher *m, const ls_table *f, const ls_table *t)
{
	size_t nd = 0, na = 0;
	const ls_column **dropped = ls_arena_alloc(m->a, (f->n_columns + 1) * sizeof *dropped);
	const ls_column **added = ls_arena_alloc(m->a, (t->n_columns + 1) * sizeof *added);
	if (!dropped || !added)
		return LS_ENOMEM;
	for (size_t i = 0; i < f->n_columns; i++) {
		const ls_column *fc = &f->columns[i];
		pl_rename *g = given_column(m, f, fc->name);
		if (g) {
			g->t_schema = t->schema, g->t_table = t->name;
			if (g->t_name && !column(t, g->t_name))
				return ls_error_set(m->err, LS_EINVAL, NULL, 0, 0,
						"--rename %s.%s.%s=%s: TO table %s.%s has no column %s", f->schema,
						f->name, fc->name, g->t_name, t->schema, t->name, g->t_name);
			continue;
		}
		/* a column only a parent gives (INHERITS) follows the parent's */
		if (column(t, fc->name) || fc->inherited_only || from_parent(m->f, f, fc->name))
			continue;
		/* by identity */
		const ls_column *hit = NULL;
		for (size_t j = 0; j < t->n_columns && m->o->identity && fc->id; j++)
			if (t->columns[j].id == fc->id && !taken_in_f(m, f, t, t->columns[j].name))
				hit = &t->columns[j];
		if (!hit) {
			dropped[nd++] = fc;
			continue;
		}
		pl_rename *x = add(m, 'c', 1.0, "history");
		if (!x)
			return LS_ENOMEM;
		x->f_schema = f->schema, x->f_table = f->name, x->f_name = fc->name;
		x->t_schema = t->schema, x->t_table = t->name, x->t_name = hit->name;
	}
	for (size_t j = 0; j < t->n_columns && nd; j++)
		if (!taken_in_f(m, f, t, t->columns[j].name) && !t->columns[j].inherited_only &&
				!from_parent(m->t, t, t->columns[j].name))
			added[na++] = &t->columns[j];
	if (!nd || !na)
		return 0;
	/* by name: renames and questions come in an order of their own */
	qsort(dropped, nd, sizeof *dropped, by_name);
	qsort(added, na, sizeof *added, by_name);
	double *sc = ls_arena_alloc(m->a, nd * na * sizeof *sc);
	bool *taken = ls_arena_alloc(m->a, na + 1);
	if (!sc || !taken)
		return LS_ENOMEM;
	for (size_t i = 0; i < nd; i++)
		for (size_t j = 0; j < na; j++)
			sc[i * na + j] = column_score(m, dropped[i], added[j], nd * na <= MAX_NAME_PAIRS);
	/* confident pairs: the strict best of their row and of their column */
	bool *settled = ls_arena_alloc(m->a, nd + 1);
	if (!settled)
		return LS_ENOMEM;
	for (size_t i = 0; i < nd; i++) {
		size_t best = SIZE_MAX;
		bool tie = false;
		for (size_t j = 0; j < na; j++) {
			if (sc[i * na + j] < 0)
				continue;
			if (best == SIZE_MAX || sc[i * na + j] > sc[i * na + best])
				best = j, tie = false;
			else if (sc[i * na + j] == sc[i * na + best])
				tie = true;
		}
		if (best == SIZE_MAX || tie)
			continue;
		double s = sc[i * na + best], sim = s - 1.0;
		bool alone = same_type(m, dropped[i]->type, added[best]->type) && sim >= 0.5;
		for (size_t k = 0; k < nd && alone; k++)
			alone = k == i || sc[k * na + best] < s;
		if (!alone)
			continue;
		pl_rename *x = add(m, 'c', 0.6 + 0.4 * sim, "similarity");
		if (!x)
			return LS_ENOMEM;
		x->f_schema = f->schema, x->f_table = f->name, x->f_name = dropped[i]->name;
		x->t_schema = t->schema, x->t_table = t->name, x->t_name = added[best]->name;
		settled[i] = taken[best] = true;
	}
	/* the others, asked: first one to one, the best pair left first (ties:
	 * the names in byte order), then each dropped column left over about
	 * its best candidate (not in the "rename all" line: taken there) */
	pair *pairs = ls_arena_alloc(m->a, (nd * na + 1) * sizeof *pairs);
	size_t np = 0;
	if (!pairs)
		return LS_ENOMEM;
	for (size_t i = 0; i < nd; i++)
		for (size_t j = 0; j < na && !settled[i]; j++)
			if (!taken[j] && sc[i * na + j] >= 0)
				pairs[np++] = (pair){sc[i * na + j], i, j};
	qsort(pairs, np, sizeof *pairs, by_score);
	for (size_t k = 0; k < np; k++) {
		size_t i = pairs[k].i, j = pairs[k].j;
		if (settled[i] || taken[j])
			continue;
		if (ask_column(m, f, dropped[i], added[j], true) < 0)
			return LS_ENOMEM;
		settled[i] = taken[j] = true;
	}
	for (size_t i = 0; i < nd; i++) {
		size_t best = SIZE_MAX;
		for (size_t j = 0; j < na && !settled[i]; j++)
			if (sc[i * na + j] >= 0 && (best == SIZE_MAX || sc[i * na + j] > sc[i * na + best] ||
					(sc[i * na + j] == sc[i * na + best] &&
					strcmp(added[j]->name, added[best]->name) < 0)))
				best = j;
		if (best != SIZE_MAX && ask_column(m, f, dropped[i], added[best], false) < 0)
			return LS_ENOMEM;
	}
	return 0;
}

int pl_match_renames(ls_arena *a, ls_catalog *from, ls_catalog *to,
		const ls_plan_options *o, pl_rename **out, size_t *n, ls_error *err)
{
	matcher m = {.a = a, .f = from, .t = to, .o = o, .err = err};
	int rc;
	*out = NULL;
	*n = 0;
	m.f_done = ls_arena_alloc(a, from->n_tables + 1);
	m.t_done = ls_arena_alloc(a, to->n_tables + 1);
	if (!m.f_done || !m.t_done)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if ((rc = given(&m)) < 0 || (o->identity && (rc = by_identity(&m)) < 0) ||
			(rc = by_similarity(&m)) < 0 || (rc = enum_renames(&m)) < 0 ||
			(rc = collation_renames(&m)) < 0)
		return rc == LS_ENOMEM ? ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory") : rc;
	/* columns of every table pair: same name, or renamed */
	for (size_t i = 0; i < from->n_tables; i++) {
		const ls_table *f = &from->tables[i], *t = to_table(&m, i);
		if (t && (rc = columns(&m, f, t)) < 0)
			return rc == LS_ENOMEM ? ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory") : rc;
	}
	if ((rc = inherited_renames(&m)) < 0)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if (ls_arena_failed(a))
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if (m.n_q)
		return ask_all(&m);
	/* drop the "not renamed" column markers and those of unmatched tables */
	size_t w = 0;
	for (size_t i = 0; i < m.n; i++)
		if (m.r[i].kind != 'c' || (m.r[i].t_name && m.r[i].t_table))
			m.r[w++] = m.r[i];
	*out = m.r;
	*n = w;
	return 0;
}

pl_rename *pl_invert_renames(ls_arena *a, const pl_rename *r, size_t n)
{
	pl_rename *v = ls_arena_alloc(a, (n + 1) * sizeof *v);
	for (size_t i = 0; v && i < n; i++) {
		v[i] = r[i];
		v[i].f_schema = r[i].t_schema, v[i].f_table = r[i].t_table, v[i].f_name = r[i].t_name;
		v[i].t_schema = r[i].f_schema, v[i].t_table = r[i].f_table, v[i].t_name = r[i].f_name;
	}
	return v;
}

/* --- rename steps --- */

/* A step on cur. lock_rel is taken in AccessExclusiveLock, but an index
 * (ALTER INDEX ... RENAME takes ShareUpdateExclusiveLock); a table moved
 * to another schema (moved) takes its owned sequences along. */
static int step_on(pl_side *s, const char *action, const char *object, const char *sql,
		const char *back, const char *lock_rel, bool index, const pl_rename *moved, ls_step **out)
{
	if (!sql || !back)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	ls_step *st = pl_add_step(s, action, object, sql, back);
	if (!st)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	pl_lock(s, st, lock_rel, index ? "ShareUpdateExclusiveLock" : "AccessExclusiveLock");
	if (moved)
		pl_lock_owned(s, st, moved->f_schema, moved->f_name, NULL, "AccessExclusiveLock");
	st->risk = "low";
	if (out)
		*out = st;
	return pl_apply(s->cur, sql, action, s->err);
}

static int step(pl_side *s, const char *action, const char *object, const char *sql,
		const char *back, const char *lock_rel)
{
	return step_on(s, action, object, sql, back, lock_rel, false, NULL, NULL);
}

/* Lock every INHERITS descendant s->cur gives schema.name (the renames
 * run before s->work holds any step). */
static void lock_descendants(pl_side *s, ls_step *st, const char *schema, const char *name, int depth)
{
	for (size_t i = 0; depth < 64 && i < s->cur->n_tables; i++) {
		const ls_table *c = &s->cur->tables[i];
		for (size_t j = 0; j < c->n_inherits; j++)
			if (ls_same(c->inherits[j].schema, schema) && ls_same(c->inherits[j].name, name)) {
				pl_lock(s, st, pl_qname(s, c->schema, c->name), "AccessExclusiveLock");
				lock_descendants(s, st, c->schema, c->name, depth + 1);
				break;
			}
	}
}

/* A rename step on a table that reaches its partitions, if it is
 * partitioned (a column, or a check constraint, is renamed in each), and
 * with descendants its inheritance descendants too (a column: renameatt
 * locks find_all_inheritors). */
static int step_tree(pl_side *s, const char *action, const char *object, const char *sql,
		const char *back, const char *schema, const char *table, bool descendants)
{
	ls_step *st;
	int rc = step_on(s, action, object, sql, back, pl_qname(s, schema, table), false, NULL, &st);
	if (rc == 0)
		pl_lock_partitions(s, st, s->cur, schema, table, "AccessExclusiveLock");
	if (rc == 0 && descendants)
		lock_descendants(s, st, schema, table, 0);
	return rc;
}

/* A view of the source standing where a table is renamed to (a table
 * renamed, and a view of its old name left for old readers: the down
 * side renames the table back over the view). The view cannot be in the
 * target, which has the table at that name: drop it before the rename.
 * Only a view nothing else reads; otherwise the rename fails its check
 * and the plan is refused. */
static int clear_rename_target(pl_side *s, const pl_rename *r)
{
	if (!ls_catalog_find_view(s->cur, r->t_schema, r->t_name))
		return 0;
	ls_script *sc = NULL;
	int rc = ls_catalog_script(&sc, s->cur, true, s->err);
	if (rc < 0)
		return rc;
	const ls_script_node *v = ls_script_find_object(sc, LS_SCRIPT_VIEW, r->t_schema, r->t_name, NULL);
	if (!v)
		v = ls_script_find_object(sc, LS_SCRIPT_MATVIEW, r->t_schema, r->t_name, NULL);
	size_t vi = v ? (size_t)(v - sc->nodes) : LS_SCRIPT_NONE;
	for (size_t i = 0; v && i < sc->n_nodes; i++) {
		const ls_script_node *n = &sc->nodes[i];
		bool own_meta = (n->kind == LS_SCRIPT_COMMENT || n->kind == LS_SCRIPT_GRANT) &&
			n->target == v->kind && ls_same(n->schema, v->schema) && ls_same(n->name, v->name);
		for (size_t d = 0; d < n->n_deps && !own_meta; d++)
			if (n->deps[d] == vi)
				v = NULL;
	}
	if (v) {
		const char *obj = pl_qname(s, v->schema, v->name);
		const char *what = v->kind == LS_SCRIPT_VIEW ? "view" : "materialized view";
		if (s->up)
			pl_change(s, LS_CHANGE_DROP, what, obj, NULL, "its name taken by a renamed table");
		rc = step(s, ls_arena_printf(s->a, "drop %s", what), obj,
				ls_arena_strdup(s->a, pl_drop_sql(s, v)), ls_arena_strdup(s->a, v->sql), obj);
	}
	ls_script_free(sc);
	return rc;
}

/* A name free in both schemas of cur for a relation renamed aside:
 * lockstep_rename_N, the first N from *next free (*next moves past it:
 * several names chosen for one step are not in cur yet). */
static const char *aside_name(pl_side *s, const char *s1, const char *s2, unsigned *next)
{
	for (;; (*next)++) {
		const char *x = ls_arena_printf(s->a, "lockstep_rename_%u", *next);
		if (!x || (free_in(s->cur, s1, x) && free_in(s->cur, s2, x))) {
			(*next)++;
			return x;
		}
	}
}

static const char *rename_sql(pl_side *s, const char *what, const char *part,
		const char *schema, const char *on, const char *old, const char *new_name);

/* The indexes and owned sequences of the table fs.fn whose names are taken
 * in schema ts (SET SCHEMA moves them along, and the server refuses the
 * move): renamed aside first, into sql, and back after the rollback's
 * move, into post. Their own names come back with the derived renames. */
static int clear_moved_names(pl_side *s, const char *fs, const char *fn, const char *ts,
		unsigned *next, ls_buf *sql, ls_buf *post)
{
	for (size_t i = 0; i < s->cur->n_indexes; i++) {
		const ls_index *x = &s->cur->indexes[i];
		if (!ls_same(x->schema, fs) || !ls_same(x->table, fn) || free_in(s->cur, ts, x->name))
			continue;
		const char *aside = aside_name(s, fs, ts, next);
		if (!aside)
			return LS_ENOMEM;
		if (x->constraint) {
			ls_buf_put(sql, rename_sql(s, "TABLE", "CONSTRAINT", fs, fn, x->constraint, aside));
			ls_buf_put(post, rename_sql(s, "TABLE", "CONSTRAINT", fs, fn, aside, x->constraint));
		} else {
			ls_buf_put(sql, rename_sql(s, "INDEX", NULL, fs, NULL, x->name, aside));
			ls_buf_put(post, rename_sql(s, "INDEX", NULL, fs, NULL, aside, x->name));
		}
	}
	for (size_t i = 0; i < s->cur->n_sequences; i++) {
		const ls_sequence *q = &s->cur->sequences[i];
		if (!ls_same(q->schema, fs) || !ls_same(q->owned_table, fn) || free_in(s->cur, ts, q->name))
			continue;
		const char *aside = aside_name(s, fs, ts, next);
		if (!aside)
			return LS_ENOMEM;
		ls_buf_put(sql, rename_sql(s, "SEQUENCE", NULL, fs, NULL, q->name, aside));
		ls_buf_put(post, rename_sql(s, "SEQUENCE", NULL, fs, NULL, aside, q->name));
	}
	return 0;
}

static void hop_sql(ls_buf *b, const char *schema, const char *name, const char *to_schema,
		const char *to_name)
{
	ls_buf_put(b, "ALTER TABLE ");
	ls_buf_qname(b, schema, name);
	if (to_schema) {
		ls_buf_put(b, " SET SCHEMA ");
		ls_buf_ident(b, to_schema);
	} else {
		ls_buf_put(b, " RENAME TO ");
		ls_buf_ident(b, to_name);
	}
	ls_buf_put(b, ";\n");
}

/* One step taking the table fs.fn of s->cur to ts.tn: RENAME and SET
 * SCHEMA in the order whose intermediate name is free — the new name in
 * the old schema, or else the old name in the new schema — or else by a
 * name free in both (lockstep_rename_N); the rollback runs the same
 * statements backwards. r: the rename reported, or NULL (a second step). */
static int move_table(pl_side *s, const pl_rename *r, const char *fs, const char *fn,
		const char *ts, const char *tn)
{
	const char *hs[3][4]; /* from schema, from name, SET SCHEMA to, RENAME to */
	size_t n = 0;
	bool moves = !ls_same(fs, ts), renames = !ls_same(fn, tn);
	unsigned next = 1;
	ls_buf b = {.a = s->a}, post = {.a = s->a};
	if (moves && clear_moved_names(s, fs, fn, ts, &next, &b, &post) < 0)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if (moves && renames && !free_in(s->cur, fs, tn) && !free_in(s->cur, ts, fn)) {
		const char *x = aside_name(s, fs, ts, &next);
		if (!x)
			return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		hs[n][0] = fs, hs[n][1] = fn, hs[n][2] = NULL, hs[n++][3] = x;
		hs[n][0] = fs, hs[n][1] = x, hs[n][2] = ts, hs[n++][3] = x;
		hs[n][0] = ts, hs[n][1] = x, hs[n][2] = NULL, hs[n++][3] = tn;
	} else if (moves && renames && free_in(s->cur, fs, tn)) {
		hs[n][0] = fs, hs[n][1] = fn, hs[n][2] = NULL, hs[n++][3] = tn;
		hs[n][0] = fs, hs[n][1] = tn, hs[n][2] = ts, hs[n++][3] = tn;
	} else {
		if (moves)
			hs[n][0] = fs, hs[n][1] = fn, hs[n][2] = ts, hs[n++][3] = fn;
		if (renames)
			hs[n][0] = ts, hs[n][1] = fn, hs[n][2] = NULL, hs[n++][3] = tn;
	}
	for (size_t i = 0; i < n; i++)
		hop_sql(&b, hs[i][0], hs[i][1], hs[i][2], hs[i][3]);
	const char *sql = ls_buf_take(&b);
	for (size_t i = n; i-- > 0;) {
		const char *as = hs[i][2] ? hs[i][2] : hs[i][0], *an = hs[i][3];
		hop_sql(&b, as, an, hs[i][2] ? hs[i][0] : NULL, hs[i][2] ? NULL : hs[i][1]);
	}
	const char *after = ls_buf_take(&post);
	if (after)
		ls_buf_put(&b, after);
	const char *obj = pl_qname(s, fs, fn);
	if (r && s->up)
		pl_change(s, LS_CHANGE_RENAME, "table", pl_qname(s, r->f_schema, r->f_name),
				pl_qname(s, r->t_schema, r->t_name),
				ls_arena_printf(s->a, "%s, confidence %.2f", r->reason, r->confidence));
	pl_rename owned = {.kind = 'r', .f_schema = fs, .f_name = fn};
	return step_on(s, "rename table", obj, sql, ls_buf_take(&b), obj, false,
			moves ? &owned : NULL, NULL);
}

/* A table renamed into a schema the source does not have yet: the schema
 * is created first (the diff then finds it in both). */
static int create_schema_for(pl_side *s, const char *schema)
{
	if (ls_catalog_find_schema(s->cur, schema))
		return 0;
	ls_buf b = {.a = s->a};
	ls_buf_put(&b, "CREATE SCHEMA ");
	ls_buf_ident(&b, schema);
	ls_buf_put(&b, ";\n");
	const char *sql = ls_buf_take(&b);
	ls_buf_put(&b, "DROP SCHEMA ");
	ls_buf_ident(&b, schema);
	ls_buf_put(&b, ";\n");
	const char *back = ls_buf_take(&b);
	if (!sql || !back)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	ls_step *st = pl_add_step(s, "create schema", ls_quote_ident(s->a, schema), sql, back);
	if (!st)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	st->risk = "low";
	return pl_apply(s->cur, sql, "create schema", s->err);
}

/* The table renames: each to its name when that is free, else aside
 * first and to its name once every other has moved (a swap, a chain). */
static int rename_tables(pl_side *s)
{
	int rc;
	const char **aside = ls_arena_alloc(s->a, (s->n_renames + 1) * sizeof *aside);
	if (!aside)
		return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < s->n_renames; i++) {
		const pl_rename *r = &s->renames[i];
		if (r->kind != 'r')
			continue;
		if ((rc = create_schema_for(s, r->t_schema)) < 0 || (rc = clear_rename_target(s, r)) < 0)
			return rc;
		if (free_in(s->cur, r->t_schema, r->t_name)) {
			rc = move_table(s, r, r->f_schema, r->f_name, r->t_schema, r->t_name);
		} else {
			unsigned next = 1;
			aside[i] = aside_name(s, r->f_schema, r->f_schema, &next);
			rc = aside[i] ? move_table(s, r, r->f_schema, r->f_name, r->f_schema, aside[i]) :
				ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		}
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < s->n_renames; i++) {
		const pl_rename *r = &s->renames[i];
		if (aside[i] && (rc = move_table(s, NULL, r->f_schema, aside[i], r->t_schema, r->t_name)) < 0)
			return rc;
	}
	return 0;
}

static const char *rename_sql(pl_side *s, const char *what, const char *part,
		const char *schema, const char *on, const char *old, const char *new_name)
{
	ls_buf b = {.a = s->a};
	ls_buf_printf(&b, "ALTER %s ", what);
	if (on) {
		ls_buf_qname(&b, schema, on);
		ls_buf_put(&b, " RENAME ");
		ls_buf_printf(&b, "%s ", part);
		ls_buf_ident(&b, old);
	} else {
		ls_buf_qname(&b, schema, old);
		ls_buf_put(&b, " RENAME");
	}
	ls_buf_put(&b, " TO ");
	ls_buf_ident(&b, new_name);
	ls_buf_put(&b, ";\n");
	return ls_buf_take(&b);
}

/* A partition's column is its parent's, and so is a column an INHERITS
 * parent has: renaming the parent's renames it (the server refuses
 * renaming it alone), so it gets no step of its own. */
static bool inherited_column(pl_side *s, const pl_rename *r)
{
	const ls_table *t = ls_catalog_find_table(s->cur, r->t_schema, r->t_table);
	if (t && (from_parent(s->cur, t, r->f_name) || from_parent(s->cur, t, r->t_name)))
		return true;
	if (!t || !t->parent_table)
		return false;
	ls_table *p = ls_catalog_find_table(s->cur, t->parent_schema, t->parent_table);
	for (size_t i = 0; p && i < p->n_columns; i++)
		if (ls_same(p->columns[i].name, r->f_name) || ls_same(p->columns[i].name, r->t_name))
			return true;
	return false;
}

static int rename_column(pl_side *s, const pl_rename *r)
{
	if (inherited_column(s, r))
		return 0;
	const char *tbl = ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, r->t_schema),
			ls_quote_ident(s->a, r->t_table));
	const char *obj = ls_arena_printf(s->a, "%s.%s", tbl, ls_quote_ident(s->a, r->f_name));
	if (s->up)
		pl_change(s, LS_CHANGE_RENAME, "column", obj,
				ls_arena_printf(s->a, "%s.%s", tbl, ls_quote_ident(s->a, r->t_name)),
				ls_arena_printf(s->a, "%s, confidence %.2f", r->reason, r->confidence));
	return step_tree(s, "rename column", obj,
			rename_sql(s, "TABLE", "COLUMN", r->t_schema, r->t_table, r->f_name, r->t_name),
			rename_sql(s, "TABLE", "COLUMN", r->t_schema, r->t_table, r->t_name, r->f_name),
			r->t_schema, r->t_table, true);
}

/* --- names derived from the renamed ones --- */

static bool same_list(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!ls_same(a[i], b[i]))
			return false;
	return true;
}

bool pl_same_options(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		size_t j = 0;
		while (j < nb && !ls_same(a[i], b[j]))
			j++;
		if (j == nb)
			return false;
	}
	return true;
}

bool pl_same_constraint(const ls_constraint *a, const ls_constraint *b)
{
	return a->type == b->type && same_list(a->columns, a->n_columns, b->columns, b->n_columns) &&
		ls_same_or_null(a->expr, b->expr) && ls_same_or_null(a->ref_schema, b->ref_schema) &&
		ls_same_or_null(a->ref_table, b->ref_table) &&
		same_list(a->ref_columns, a->n_ref_columns, b->ref_columns, b->n_ref_columns) &&
		a->on_update == b->on_update && a->on_delete == b->on_delete && a->match == b->match &&
		ls_same_or_null(a->exclusion, b->exclusion) && a->deferrable == b->deferrable &&
		a->deferred == b->deferred && a->valid == b->valid && a->no_inherit == b->no_inherit &&
		a->nulls_not_distinct == b->nulls_not_distinct;
}

bool pl_same_index(const ls_index *a, const ls_index *b)
{
	if (!ls_same(a->table, b->table) || !ls_same(a->method, b->method) || a->unique != b->unique ||
			a->nulls_not_distinct != b->nulls_not_distinct || a->n_keys != b->n_keys ||
			!same_list(a->include, a->n_include, b->include, b->n_include) ||
			!ls_same_or_null(a->where, b->where) ||
			!pl_same_options(a->options, a->n_options, b->options, b->n_options) ||
			(a->constraint != NULL) != (b->constraint != NULL) ||
			(a->parent_index != NULL) != (b->parent_index != NULL))
		return false;
	for (size_t i = 0; i < a->n_keys; i++) {
		const ls_index_key *x = &a->keys[i], *y = &b->keys[i];
		if (!ls_same_or_null(x->column, y->column) || !ls_same_or_null(x->expr, y->expr) ||
				!ls_same_or_null(x->collation, y->collation) || !ls_same_or_null(x->opclass, y->opclass) ||
				x->desc != y->desc || x->nulls_first != y->nulls_first)
			return false;
	}
	return true;
}

static const ls_constraint *constraint_named(const ls_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_constraints; i++)
		if (ls_same(t->constraints[i].name, name))
			return &t->constraints[i];
	return NULL;
}

/* A rename of a derived name is a step like the others; its table is
 * re-found after each apply since applying moves the model's arrays. */
static int derived_constraints(pl_side *s)
{
	for (size_t i = 0; i < s->cur->n_tables; i++) {
		ls_table *f = &s->cur->tables[i];
		ls_table *t = ls_catalog_find_table(s->to, f->schema, f->name);
		if (!t)
			continue;
		for (size_t k = 0; k < f->n_constraints; k++) {
			const ls_constraint *fc = &f->constraints[k];
			if (constraint_named(t, fc->name))
				continue;
			for (size_t j = 0; j < t->n_constraints; j++) {
				const ls_constraint *tc = &t->constraints[j];
				if (constraint_named(f, tc->name) || !pl_same_constraint(fc, tc))
					continue;
				const char *schema = f->schema, *table = f->name;
				const char *old = fc->name, *nw = tc->name;
				const char *obj = ls_arena_printf(s->a, "%s.%s.%s", ls_quote_ident(s->a, schema),
						ls_quote_ident(s->a, table), ls_quote_ident(s->a, old));
				const char *sql = rename_sql(s, "TABLE", "CONSTRAINT", schema, table, old, nw);
				const char *back = rename_sql(s, "TABLE", "CONSTRAINT", schema, table, nw, old);
				/* only a check constraint is renamed in the partitions too */
				int rc = fc->type == 'c' ?
					step_tree(s, "rename constraint", obj, sql, back, schema, table, false) :
					step(s, "rename constraint", obj, sql, back, pl_qname(s, schema, table));
				if (rc < 0)
					return rc;
				f = ls_catalog_find_table(s->cur, schema, table);
				if (!f)
					return 0;
				break;
			}
		}
	}
	return 0;
}

static int derived_indexes(pl_side *s)
{
	for (size_t i = 0; i < s->cur->n_indexes; i++) {
		const ls_index *f = &s->cur->indexes[i];
		if (f->constraint || ls_catalog_find_index(s->to, f->schema, f->name))
			continue;
		for (size_t j = 0; j < s->to->n_indexes; j++) {
			const ls_index *t = &s->to->indexes[j];
			if (!ls_same(t->schema, f->schema) || ls_catalog_find_index(s->cur, t->schema, t->name) ||
					!pl_same_index(f, t))
				continue;
			const char *schema = f->schema, *old = f->name, *nw = t->name;
			const char *obj = ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, schema),
					ls_quote_ident(s->a, old));
			int rc = step_on(s, "rename index", obj,
					rename_sql(s, "INDEX", NULL, schema, NULL, old, nw),
					rename_sql(s, "INDEX", NULL, schema, NULL, nw, old), obj, true, NULL, NULL);
			if (rc < 0)
				return rc;
			break;
		}
	}
	return 0;
}

static int derived_sequences(pl_side *s)
{
	for (size_t i = 0; i < s->cur->n_sequences; i++) {
		const ls_sequence *f = &s->cur->sequences[i];
		if (!f->owned_table || ls_catalog_find_sequence(s->to, f->schema, f->name))
			continue;
		for (size_t j = 0; j < s->to->n_sequences; j++) {
			const ls_sequence *t = &s->to->sequences[j];
			if (!ls_same(t->schema, f->schema) || !ls_same(t->owned_table, f->owned_table) ||
					!ls_same(t->owned_column, f->owned_column) ||
					ls_catalog_find_sequence(s->cur, t->schema, t->name))
				continue;
			const char *schema = f->schema, *old = f->name, *nw = t->name;
			const char *obj = ls_arena_printf(s->a, "%s.%s", ls_quote_ident(s->a, schema),
					ls_quote_ident(s->a, old));
			int rc = step(s, "rename sequence", obj,
					rename_sql(s, "SEQUENCE", NULL, schema, NULL, old, nw),
					rename_sql(s, "SEQUENCE", NULL, schema, NULL, nw, old), obj);
			if (rc < 0)
				return rc;
			break;
		}
	}
	return 0;
}

/* The enum types and collations renamed, before anything else: the
 * columns using them follow (the model's ALTER TYPE / COLLATION ...
 * RENAME renames them everywhere). No relation is locked: the server
 * locks the type or collation only. */
static int rename_types(pl_side *s)
{
	for (size_t i = 0; i < s->n_renames; i++) {
		const pl_rename *r = &s->renames[i];
		if (r->kind != 'T' && r->kind != 'L')
			continue;
		const char *what = r->kind == 'T' ? "TYPE" : "COLLATION";
		const char *word = r->kind == 'T' ? "type" : "collation";
		const char *action = r->kind == 'T' ? "rename type" : "rename collation";
		const char *obj = pl_qname(s, r->f_schema, r->f_name);
		const char *sql = rename_sql(s, what, NULL, r->f_schema, NULL, r->f_name, r->t_name);
		const char *back = rename_sql(s, what, NULL, r->t_schema, NULL, r->t_name, r->f_name);
		ls_step *st = sql && back ? pl_add_step(s, action, obj, sql, back) : NULL;
		if (!st)
			return ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		st->risk = "low";
		if (s->up)
			pl_change(s, LS_CHANGE_RENAME, word, obj, pl_qname(s, r->t_schema, r->t_name),
					ls_arena_printf(s->a, "%s, confidence %.2f", r->reason, r->confidence));
		int rc = pl_apply(s->cur, sql, action, s->err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int pl_rename_steps(pl_side *s)
{
	int rc;
	if ((rc = rename_types(s)) < 0 || (rc = rename_tables(s)) < 0)
		return rc;
	for (size_t i = 0; i < s->n_renames; i++)
		if (s->renames[i].kind == 'c' && (rc = rename_column(s, &s->renames[i])) < 0)
			return rc;
	if ((rc = derived_constraints(s)) < 0 || (rc = derived_indexes(s)) < 0 ||
			(rc = derived_sequences(s)) < 0)
		return rc;
	return 0;
}

void pl_source_name(const pl_side *s, const char **schema, const char **name)
{
	for (size_t i = 0; i < s->n_renames; i++) {
		const pl_rename *r = &s->renames[i];
		if (r->kind == 'r' && ls_same(r->t_schema, *schema) && ls_same(r->t_name, *name)) {
			*schema = r->f_schema;
			*name = r->f_name;
			return;
		}
	}
}

const char *pl_source_column(const pl_side *s, const char *schema, const char *table,
		const char *column)
{
	for (size_t i = 0; i < s->n_renames; i++) {
		const pl_rename *r = &s->renames[i];
		if (r->kind == 'c' && ls_same(r->t_schema, schema) && ls_same(r->t_table, table) &&
				ls_same(r->t_name, column))
			return r->f_name;
	}
	return column;
}

/* The plan driver: both sides, each checked offline before it is returned
 * (plan_int.h). */
#define _POSIX_C_SOURCE 200809L
#include "plan_int.h"
#include "risk/estimate.h"
#include "lockstep/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- catalogs --- */

/* A copy of cat to plan on, every list in canonical order (steps follow
 * the catalog's order: by rule, not FROM's statement order). cat must
 * outlive the copy (ls_catalog_copy). Its search_path is the default one:
 * applying SQL ends its session (ls_catalog_apply_sql). */
int pl_clone(ls_catalog **out, ls_catalog *cat, ls_error *err)
{
	int rc = ls_catalog_copy(out, cat, err);
	if (rc == 0)
		ls_catalog_sort(*out);
	return rc;
}

int pl_apply(ls_catalog *cat, const char *sql, const char *what, ls_error *err)
{
	ls_error e;
	ls_error_clear(&e);
	int rc = ls_catalog_apply_sql(cat, sql, strlen(sql), what, &e);
	if (rc == LS_ENOMEM)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if (rc < 0) {
		char line[1024];
		ls_error_format(&e, 0, line, sizeof line);
		return ls_error_set(err, LS_EUNSUPPORTED, NULL, 0, 0,
				"cannot plan this change: the planned step (%s) does not apply: %s", what, line);
	}
	return 0;
}

static int cmp_column(const void *a, const void *b)
{
	return strcmp(((const ls_column *)a)->name, ((const ls_column *)b)->name);
}

static void sort_columns(ls_catalog *c)
{
	for (size_t i = 0; i < c->n_tables; i++)
		qsort(c->tables[i].columns, c->tables[i].n_columns, sizeof(ls_column), cmp_column);
}

/* Whether got differs from the target only in the order of some tables'
 * columns — PostgreSQL adds a column at the end, and a stored generated
 * column whose expression changes is dropped and added again. Then each
 * such table is named in a warning (up side only) and 0 returned; 1 when
 * something else differs, or an error. got is sorted in place. */
static int column_order_only(pl_side *s, ls_catalog *got)
{
	ls_catalog *want = NULL;
	char *a = NULL, *b = NULL;
	int rc = pl_clone(&want, s->to, s->err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < want->n_tables; i++) {
		const ls_table *w = &want->tables[i];
		const ls_table *g = ls_catalog_find_table(got, w->schema, w->name);
		bool differ = !g || g->n_columns != w->n_columns;
		for (size_t k = 0; !differ && k < w->n_columns; k++)
			differ = strcmp(g->columns[k].name, w->columns[k].name) != 0;
		if (!differ || !g)
			continue;
		pl_warn(s, "table %s.%s: after the %s plan its columns are in another order than %s "
				"lists them (PostgreSQL adds a column at the end; a generated column whose "
				"expression changes is added again)", ls_quote_ident(s->a, w->schema),
				ls_quote_ident(s->a, w->name), s->up ? "up" : "down", s->up ? "TO" : "FROM");
	}
	sort_columns(got);
	sort_columns(want);
	if ((rc = ls_catalog_to_json(&a, got, s->err)) < 0 ||
			(rc = ls_catalog_to_json(&b, want, s->err)) < 0)
		goto done;
	rc = strcmp(a, b) != 0;
done:
	free(a);
	free(b);
	ls_catalog_free(want);
	return rc;
}

/* Compare c, the catalog the side's steps gave from a fresh copy of its
 * source (pl_groups applies them), with the target: a plan that does not
 * reach it is never written. On success *reached (when not NULL) takes c;
 * c is freed in every other case. */
static int self_check(pl_side *s, ls_catalog *c, ls_catalog **reached)
{
	char *got = NULL, *want = NULL;
	int rc;
	if ((rc = ls_catalog_to_json(&got, c, s->err)) < 0 ||
			(rc = ls_catalog_to_json(&want, s->to, s->err)) < 0)
		goto done;
	if (strcmp(got, want) != 0 && (rc = column_order_only(s, c)) != 0) {
		if (rc < 0)
			goto done;
		const char *msg;
		pl_catalog_difference(s->a, got, want, &msg);
		if (ls_arena_failed(s->a)) {
			rc = ls_error_set(s->err, LS_ENOMEM, NULL, 0, 0, "out of memory");
			goto done;
		}
		rc = ls_error_set(s->err, LS_EUNSUPPORTED, NULL, 0, 0,
				"cannot plan this change: the %s plan, applied offline, does not give the %s "
				"catalog (%s)", s->up ? "up" : "down", s->up ? "TO" : "FROM", msg);
	}
	if (rc == 0 && reached) {
		*reached = c;
		c = NULL;
	}
done:
	free(got);
	free(want);
	ls_catalog_free(c);
	return rc;
}

static int build_side(ls_plan *p, bool up, ls_catalog *from, ls_catalog *to,
		const pl_rename *r, size_t n_r, const ls_plan_options *o, ls_catalog **reached,
		ls_error *err)
{
	pl_side s = {.a = p->arena, .plan = p, .up = up, .from = from, .to = to,
		.renames = r, .n_renames = n_r, .plain = o->plain, .err = err,
		.pg_version = o->pg_version ? o->pg_version : 15};
	/* --attach names FROM's table and TO's partition: the way there */
	if (up) {
		s.attach = o->attach;
		s.n_attach = o->n_attach;
	}
	int rc;
	if ((rc = pl_version_check(&s)) < 0 || (rc = pl_clone(&s.cur, from, err)) < 0)
		goto done;
	if ((rc = pl_rename_steps(&s)) < 0)
		goto done;
	if ((rc = ls_catalog_script(&s.sf, s.cur, true, err)) < 0 ||
			(rc = ls_catalog_script(&s.st, to, true, err)) < 0)
		goto done;
	s.fstate = ls_arena_alloc(s.a, s.sf->n_nodes + 1);
	s.tstate = ls_arena_alloc(s.a, s.st->n_nodes + 1);
	if (!s.fstate || !s.tstate) {
		rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	if ((rc = pl_classify(&s)) < 0 || (rc = pl_order_steps(&s)) < 0)
		goto done;
	if (ls_arena_failed(s.a)) {
		rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	/* the groups apply the steps to a copy of FROM: what they give is
	 * checked against TO */
	ls_plan_side *side = up ? &p->up : &p->down;
	ls_catalog *gave = NULL;
	if ((rc = pl_groups(&s, side, &gave)) < 0 || (rc = self_check(&s, gave, reached)) < 0)
		goto done;
	side->steps = s.steps;
	side->n_steps = s.n_steps;
done:
	ls_script_free(s.sf);
	ls_script_free(s.st);
	ls_catalog_free(s.work);
	ls_catalog_free(s.cur);
	return rc;
}

/* "schema.table.name" with each part quoted as SQL needs; NULL parts
 * left out. */
static const char *qualified(ls_arena *a, const char *schema, const char *table,
		const char *name)
{
	const char *q = ls_quote_ident(a, name);
	if (table)
		q = ls_arena_printf(a, "%s.%s", ls_quote_ident(a, table), q);
	if (schema)
		q = ls_arena_printf(a, "%s.%s", ls_quote_ident(a, schema), q);
	return q;
}

/* The plan's name in the ledger: the first 16 hex digits of the SHA-256
 * of both sides' statements. The same plan is the same id, and another
 * plan another (a ledger row never speaks for a plan it is not). */
static const char *plan_id(ls_plan *p)
{
	ls_buf b = {.a = p->arena};
	const ls_plan_side *sides[] = {&p->up, &p->down};
	for (size_t k = 0; k < 2; k++) {
		ls_buf_put(&b, k ? "\n-- down\n" : "-- up\n");
		for (size_t i = 0; i < sides[k]->n_steps; i++)
			ls_buf_put(&b, sides[k]->steps[i].sql);
	}
	const char *text = ls_buf_take(&b);
	if (!text)
		return NULL;
	char hex[65];
	ls_sha256_hex(text, strlen(text), hex);
	return ls_arena_printf(p->arena, "%.16s", hex);
}

/* Owners are not in the diff: a plan leaves every object with the owner
 * it has, and what it creates belongs to whoever runs it. The down plan
 * runs on what the up plan left, so the catalog it starts from is TO's
 * content with the owners of reached (FROM with the up steps applied). */
int ls_plan_build(ls_plan **out, ls_catalog *from, ls_catalog *to,
		const ls_plan_options *opts, ls_error *err)
{
	static const ls_plan_options none = LS_PLAN_OPTIONS_INIT;
	ls_plan *p = NULL;
	pl_rename *r = NULL;
	size_t n_r = 0;
	ls_catalog *reached = NULL, *down_from = NULL;
	int rc;
	*out = NULL;
	if (!opts)
		opts = &none;
	/* the version planned for: given, else the statistics' server's */
	ls_plan_options with_version = *opts;
	int ver = opts->pg_version ? opts->pg_version :
		opts->stats && opts->stats->server_version_num ? opts->stats->server_version_num / 10000 :
		15;
	if (ver < 11 || ver > 17)
		return ls_error_set(err, LS_EINVAL, NULL, 0, 0, "PostgreSQL %d: lockstep plans for "
				"PostgreSQL 11 to 17%s", ver, opts->pg_version ? "" :
				" (the statistics' server; give --pg-version)");
	with_version.pg_version = ver;
	opts = &with_version;
	if (!(p = calloc(1, sizeof *p)) || ls_arena_new(&p->arena) < 0) {
		rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	ls_catalog_sort(from);
	ls_catalog_sort(to);
	if ((rc = pl_match_renames(p->arena, from, to, opts, &r, &n_r, err)) < 0)
		goto done;
	for (size_t i = 0; i < n_r; i++) {
		static const char *const words[] = {['n'] = "schema", ['r'] = "table",
			['c'] = "column", ['v'] = "view", ['S'] = "sequence", ['T'] = "type",
			['F'] = "function", ['L'] = "collation"};
		ls_rename *x = ls_arena_push(p->arena, (void **)&p->renames, &p->n_renames, sizeof *x);
		if (!x)
			break;
		const pl_rename *y = &r[i];
		bool col = y->kind == 'c';
		x->kind = words[(unsigned char)y->kind];
		x->from = qualified(p->arena, y->f_schema, col ? y->f_table : NULL, y->f_name);
		x->to = qualified(p->arena, y->t_schema, col ? y->t_table : NULL, y->t_name);
		x->confidence = y->confidence;
		x->reason = y->reason;
	}
	if ((rc = build_side(p, true, from, to, r, n_r, opts, &reached, err)) < 0 ||
			(rc = pl_clone(&down_from, to, err)) < 0)
		goto done;
	ls_catalog_adopt_owners(down_from, reached);
	if ((rc = build_side(p, false, down_from, from, pl_invert_renames(p->arena, r, n_r), n_r,
			opts, NULL, err)) < 0)
		goto done;
	p->id = plan_id(p);
	p->pg_version = ver;
	if (opts->stats) {
		pl_estimate_side(&p->up, opts->stats);
		pl_estimate_side(&p->down, opts->stats);
		p->stats_taken_at = ls_arena_strdup(p->arena, opts->stats->taken_at ?
				opts->stats->taken_at : "an unknown time");
	}
	if (ls_arena_failed(p->arena)) {
		rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	*out = p;
	p = NULL;
done:
	ls_catalog_free(down_from);
	ls_catalog_free(reached);
	ls_plan_free(p);
	return rc;
}

void ls_plan_free(ls_plan *p)
{
	if (!p)
		return;
	ls_arena_free(p->arena);
	free(p);
}

char *ls_plan_side_sql(const ls_plan_side *side, const char *title)
{
	ls_buf b = {0};
	ls_arena *a = NULL;
	if (ls_arena_new(&a) < 0)
		return NULL;
	b.a = a;
	ls_buf_printf(&b, "-- %s\n-- generated by lockstep; %zu step%s\n", title, side->n_steps,
			side->n_steps == 1 ? "" : "s");
	ls_buf_put(&b, "SET lock_timeout = '5s';\nSET statement_timeout = 0;\n"
			"SET check_function_bodies = false;\n");
	for (size_t i = 0; i < side->n_steps; i++) {
		const ls_step *st = &side->steps[i];
		ls_buf_printf(&b, "\n-- step %zu: %s %s (risk: %s)\n", i + 1, st->action, st->object, st->risk);
		if (st->loses)
			ls_buf_printf(&b, "-- irreversible: loses %s\n", st->loses);
		ls_buf_put(&b, st->sql);
	}
	char *out = b.failed ? NULL : b.s;
	if (!out)
		free(b.s);
	ls_arena_free(a);
	return out;
}

/* libFuzzer target over the planner: two catalogs in, a plan out, and the
 * plan's up.sql and down.sql applied offline must give TO and FROM again.
 *
 * The input is SQL text in two or three parts, split at whole lines:
 *
 *   FROM's SQL
 *   -- @to            (or -- @then)
 *   TO's SQL
 *   -- @renames       (optional)
 *   s.t=s.u           (one --rename per line)
 *
 * With "-- @to" both catalogs are built on empty ones (lockstep plan
 * a.sql b.sql); with "-- @then" TO is FROM with the second part applied
 * after it, and the plan matches objects by history identity, as between
 * two revisions of one history. Without a separator the whole input is
 * FROM and TO is the empty catalog.
 *
 * Bad SQL and refused plans are fine, if clean (no crash, leak or undefined
 * behaviour). A plan that ls_plan_build returns was checked offline step by
 * step; here the rendered files are applied whole, as psql runs them, and
 * a file that does not reach its target is a finding: abort().
 *
 * LS_FUZZ_VERBOSE=1 prints why each input stopped; LS_FUZZ_REFUSALS=1
 * also aborts when the planner's self-check refuses its own plan. */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockstep/catalog.h"
#include "lockstep/plan.h"
#include "lockstep/render.h"

#define MAX_INPUT (64 * 1024)
#define MAX_RENAMES 16

/* The start of the first line of [s, end) that is exactly `line` (its
 * newline, or the end of the text, after it), or NULL. */
static const char *find_line(const char *s, const char *end, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = s; p && p < end;) {
		if ((size_t)(end - p) >= n && memcmp(p, line, n) == 0 &&
				(p + n == end || p[n] == '\n'))
			return p;
		p = memchr(p, '\n', (size_t)(end - p));
		if (p)
			p++;
	}
	return NULL;
}

/* Past the separator line at p. */
static const char *after_line(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl + 1 : end;
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

static bool warned_column_order(const ls_plan *p)
{
	for (size_t i = 0; i < p->n_warnings; i++)
		if (strstr(p->warnings[i], "another order"))
			return true;
	return false;
}

/* Fail loudly: the plan's file did not reach its target. */
static void finding(const char *what, const char *file, const char *got, const char *want)
{
	size_t line = 1;
	const char *a = got, *b = want, *la = got, *lb = want;
	while (*a && *a == *b) {
		if (*a == '\n') {
			line++;
			la = a + 1;
			lb = b + 1;
		}
		a++;
		b++;
	}
	int na = (int)strcspn(la, "\n"), nb = (int)strcspn(lb, "\n");
	fprintf(stderr, "fuzz_plan: %s\n--- the file:\n%s\n--- line %zu of the catalog JSON: "
			"got '%.*s', wanted '%.*s'\n", what, file, line, na > 300 ? 300 : na, la,
			nb > 300 ? 300 : nb, lb);
	abort();
}

/* Whether psql variable `name` is true: the ledger's answers of one path
 * through a rendered file, "name=t" or "name=f" each; one not given is
 * false. */
static bool truth(const char *const *truths, size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (!strncmp(truths[i], name, len) && truths[i][len] == '=')
			return truths[i][len + 1] == 't';
	return false;
}

/* The SQL psql runs of a rendered up.sql or down.sql when the ledger
 * answers as truths say: \if branches chosen, meta-commands and the
 * queries ending in \gset left out, then the ledger's schema dropped (it
 * is lockstep's bookkeeping, not the catalog's). Meta-commands are whole
 * lines in the rendered files. malloc'ed, NULL when out of memory. */
static char *psql_path(const char *file, const char *const *truths, size_t n)
{
	size_t len = strlen(file);
	char *out = malloc(len + 64), *o = out;
	bool active[64] = {true};
	bool taken[64] = {true};
	int depth = 0;
	if (!out)
		return NULL;
	for (const char *line = file; *line;) {
		const char *nl = strchr(line, '\n');
		size_t l = nl ? (size_t)(nl - line) + 1 : strlen(line);
		bool meta = line[0] == '\\';
		if (meta && !strncmp(line, "\\if :", 5) && depth < 63) {
			size_t vl = strcspn(line + 5, " \n");
			bool on = truth(truths, n, line + 5, vl);
			depth++;
			active[depth] = active[depth - 1] && on;
			taken[depth] = on;
		} else if (meta && !strncmp(line, "\\else", 5) && depth > 0) {
			active[depth] = active[depth - 1] && !taken[depth];
			taken[depth] = true;
		} else if (meta && !strncmp(line, "\\endif", 6) && depth > 0) {
			depth--;
		} else if (!meta && active[depth] && !(l > 6 && !strncmp(line + l - 6, "\\gset", 5))) {
			memcpy(o, line, l);
			o += l;
		}
		line += l;
	}
	strcpy(o, "DROP SCHEMA IF EXISTS lockstep CASCADE;\n");
	return out;
}

/* Apply a rendered file to a copy of src and require target's catalog;
 * column order may differ when the plan warned of it. The result goes to
 * *out when out is not NULL (NULL if the check could not run), else it is
 * freed; its strings are shared with src and the file. */
static void check_file(ls_catalog **out, const ls_plan *p, ls_catalog *src,
		ls_catalog *target, const char *file, const char *what)
{
	ls_catalog *c = NULL, *t = NULL;
	char *got = NULL, *want = NULL;
	bool sorted = false;
	ls_error err;
	ls_error_clear(&err);
	if (out)
		*out = NULL;
	if (!file || ls_catalog_copy(&c, src, &err) < 0)
		goto done;
	if (ls_catalog_apply_sql(c, file, strlen(file), what, &err) < 0) {
		char msg[1024];
		ls_error_format(&err, 0, msg, sizeof msg);
		fprintf(stderr, "fuzz_plan: %s does not apply offline: %s\n%s\n", what, msg, file);
		abort();
	}
	if (ls_catalog_to_json(&got, c, &err) < 0 || ls_catalog_to_json(&want, target, &err) < 0)
		goto done;
	if (strcmp(got, want) == 0)
		goto done;
	if (warned_column_order(p) && ls_catalog_copy(&t, target, &err) == 0) {
		sort_columns(c);
		sort_columns(t);
		sorted = true;
		free(got);
		free(want);
		got = want = NULL;
		if (ls_catalog_to_json(&got, c, &err) < 0 || ls_catalog_to_json(&want, t, &err) < 0)
			goto done;
		if (strcmp(got, want) == 0)
			goto done;
	}
	finding(what, file, got, want);
done:
	free(got);
	free(want);
	ls_catalog_free(t);
	/* a catalog whose columns were sorted is no database's */
	if (out && !sorted) {
		*out = c;
		c = NULL;
	}
	ls_catalog_free(c);
}

/* Every renderer over the plan (pure functions: only crashes, leaks and
 * undefined behaviour matter), then the two SQL files applied. */
static void check_plan(const ls_plan *p, ls_catalog *a, ls_catalog *b)
{
	char *out[] = {ls_render_prechecks(p, "a", "b"), ls_render_json(p, "a", "b"),
		ls_render_md(p, "a", "b"), ls_render_diff(p, 0), ls_render_diff(p, 1)};
	for (size_t i = 0; i < sizeof out / sizeof *out; i++)
		free(out[i]);
	char *up_file = ls_render_sql(p, 1, "a", "b"), *down_file = ls_render_sql(p, 0, "a", "b");
	/* a first run of up.sql; down.sql from TO */
	static const char *const fresh[] = {"lockstep_run=t"};
	char *up = up_file ? psql_path(up_file, fresh, 1) : NULL;
	char *down = down_file ? psql_path(down_file, fresh, 1) : NULL;
	free(up_file);
	free(down_file);
	ls_catalog *upped = NULL, *b_owned = NULL;
	ls_error err;
	ls_error_clear(&err);
	check_file(&upped, p, a, b, up, "up.sql applied to FROM");
	/* a plan changes no owner: down.sql runs on TO's objects as FROM's
	 * owners hold them (what up.sql leaves) */
	if (upped && ls_catalog_copy(&b_owned, b, &err) == 0)
		ls_catalog_adopt_owners(b_owned, upped);
	check_file(NULL, p, b_owned ? b_owned : b, a, down, "down.sql applied to TO");
	ls_catalog_free(b_owned);
	/* and back: the catalog up.sql gave may differ from TO's in what the
	 * JSON does not show (identities, the builder's state) */
	if (upped)
		check_file(NULL, p, upped, a, down, "down.sql applied to FROM after up.sql");
	ls_catalog_free(upped);
	free(up);
	free(down);
}

/* Whether the planner wrote a plan and its own check refused it: a step
 * that does not apply, or a side that does not reach its target. Clean,
 * but a plan lockstep should have been able to make; LS_FUZZ_REFUSALS=1
 * makes it a finding, to hunt and minimise such inputs. */
static bool refused_by_self_check(const ls_error *err)
{
	static const char *const refusals[] = {"cannot plan this change: the planned step",
		"cannot plan this change: the up plan,", "cannot plan this change: the down plan,"};
	char msg[1024];
	bool refused = false;
	/* the start of the message: its rest may quote the input */
	for (size_t i = 0; err->n_diags && i < sizeof refusals / sizeof *refusals; i++)
		refused = refused || strncmp(err->diags[0].message, refusals[i], strlen(refusals[i])) == 0;
	if (!refused)
		return false;
	ls_error_format(err, 0, msg, sizeof msg);
	fprintf(stderr, "fuzz_plan: the self-check refused the plan: %s\n", msg);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_INPUT)
		return 0;
	const char *s = (const char *)data, *end = s + size;
	const char *sep = find_line(s, end, "-- @to"), *then = find_line(s, end, "-- @then");
	bool identity = then && (!sep || then < sep);
	if (identity)
		sep = then;
	const char *to = sep ? after_line(sep, end) : end;
	const char *ren = find_line(to, end, "-- @renames");
	const char *to_end = ren ? ren : end;

	/* the renames, each a NUL-terminated copy */
	char *names[MAX_RENAMES];
	size_t n_names = 0;
	for (const char *p = ren ? after_line(ren, end) : end; p < end && n_names < MAX_RENAMES;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		if (e > p && (names[n_names] = strndup(p, (size_t)(e - p))))
			n_names++;
		p = nl ? nl + 1 : end;
	}

	ls_catalog *a = NULL, *b = NULL;
	ls_plan *p = NULL;
	ls_error err;
	ls_error_clear(&err);
	if (ls_catalog_new(&a, &err) < 0 ||
			ls_catalog_apply_sql(a, s, (size_t)((sep ? sep : end) - s), "from.sql", &err) < 0)
		goto done;
	if (identity ? ls_catalog_copy(&b, a, &err) < 0 : ls_catalog_new(&b, &err) < 0)
		goto done;
	if (ls_catalog_apply_sql(b, to, (size_t)(to_end - to), "to.sql", &err) < 0)
		goto done;
	ls_plan_options o = LS_PLAN_OPTIONS_INIT;
	o.renames = (const char *const *)names;
	o.n_renames = n_names;
	o.identity = identity;
	if (ls_plan_build(&p, a, b, &o, &err) == 0)
		check_plan(p, a, b);
	else if (getenv("LS_FUZZ_REFUSALS") && refused_by_self_check(&err))
		abort();
done:
	if (getenv("LS_FUZZ_VERBOSE")) {
		/* why an input stopped short, for checking the seeds */
		char msg[1024] = "";
		if (err.n_diags)
			ls_error_format(&err, 0, msg, sizeof msg);
		fprintf(stderr, "fuzz_plan: %s%s\n", p ? "planned" : "stopped: ", p ? "" : msg);
	}
	ls_plan_free(p);
	ls_catalog_free(b);
	ls_catalog_free(a);
	for (size_t i = 0; i < n_names; i++)
		free(names[i]);
	return 0;
}

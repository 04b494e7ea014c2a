/* up.sql, down.sql and prechecks.sql. */
#define _POSIX_C_SOURCE 200809L
#include "lockstep/render.h"
#include "lockstep/buf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Close a memory stream and hand over its text (NULL if anything failed).
 * buf is read after fclose, which is when the stream sets it. */
static char *finish(FILE *f, char **buf)
{
	if (fclose(f) != 0) {
		free(*buf);
		return NULL;
	}
	return *buf;
}

/* Also the text inside a "-- " comment: a newline in a name (PostgreSQL
 * allows any character in a quoted identifier) or a path would end the
 * comment and turn the rest of the line into SQL. */
void ls_render_line(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\\')
			fputs("\\\\", f);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

/* "-- step N: action object (risk: r)" or, with a check, "-- step N
 * (action object): check". */
static void step_comment(FILE *f, size_t i, const ls_step *st, const char *check)
{
	fprintf(f, "\n-- step %zu%s", i + 1, check ? " (" : ": ");
	ls_render_line(f, st->action);
	fputc(' ', f);
	ls_render_line(f, st->object);
	if (check) {
		fputs("): ", f);
		ls_render_line(f, check);
	} else {
		fputs(" (risk: ", f);
		ls_render_line(f, st->risk);
		fputc(')', f);
	}
	fputc('\n', f);
}

/* "-- NAME: FROM -> TO" */
static void title(FILE *f, const char *name, const char *from, const char *to)
{
	fprintf(f, "-- %s: ", name);
	ls_render_line(f, from);
	fputs(" -> ", f);
	ls_render_line(f, to);
	fputc('\n', f);
}

/* The ledger (README, "Resuming and rolling back"): lockstep.ledger holds
 * a row per group applied, (plan id, side, group), written in the group's
 * own transaction, and row 0 of the up side once up.sql has started. The
 * scripts read it to skip what is done and to undo only what was applied.
 * The plan id is hex: it needs no quoting. */
static void ledger_setup(FILE *f, const ls_plan *p)
{
	fputs("\\set ON_ERROR_STOP on\n"
			"SET client_min_messages = warning;\n"
			"SET lock_timeout = '5s';\nSET statement_timeout = 0;\n"
			"SET check_function_bodies = false;\n"
			"CREATE SCHEMA IF NOT EXISTS lockstep;\n"
			"CREATE TABLE IF NOT EXISTS lockstep.ledger (\n"
			"    plan text NOT NULL,\n"
			"    side text NOT NULL CHECK (side IN ('up', 'down')),\n"
			"    grp integer NOT NULL,\n"
			"    applied_at timestamp with time zone NOT NULL DEFAULT pg_catalog.now(),\n"
			"    PRIMARY KEY (plan, side, grp)\n);\n", f);
	/* one run of this plan at a time: the lock lasts as long as the session */
	fprintf(f, "DO $lockstep$\nBEGIN\n    IF NOT pg_catalog.pg_try_advisory_lock(pg_catalog.hashtext("
			"'lockstep %s')) THEN\n        RAISE EXCEPTION 'lockstep: another session is running "
			"this plan (%s)';\n    END IF;\nEND\n$lockstep$;\n", p->id, p->id);
}

static void ledger_is(FILE *f, const ls_plan *p, const char *var, const char *side, size_t grp,
		bool present)
{
	fprintf(f, "SELECT %sEXISTS (SELECT FROM lockstep.ledger WHERE plan = '%s' AND side = '%s' "
			"AND grp = %zu) AS %s \\gset\n", present ? "" : "NOT ", p->id, side, grp, var);
}

static void ledger_add(FILE *f, const ls_plan *p, const char *side, size_t grp)
{
	fprintf(f, "INSERT INTO lockstep.ledger (plan, side, grp) VALUES ('%s', '%s', %zu);\n",
			p->id, side, grp);
}

static void fail(FILE *f, const char *msg)
{
	fprintf(f, "DO $lockstep$\nBEGIN\n    RAISE EXCEPTION '%s';\nEND\n$lockstep$;\n", msg);
}

void ls_render_group_steps(FILE *f, const ls_group *g)
{
	if (g->n == 1)
		fprintf(f, "%zu", g->first + 1);
	else
		fprintf(f, "%zu-%zu", g->first + 1, g->first + g->n);
}

const char *ls_render_group_runs(const ls_group *g)
{
	return g->transactional ? "one transaction" : "outside a transaction";
}

/* "-- group G of N: steps a-b, ...; window; timeouts" */
static void group_comment(FILE *f, const ls_plan_side *side, size_t k)
{
	const ls_group *g = &side->groups[k];
	fprintf(f, "\n-- group %zu of %zu: step%s ", k + 1, side->n_groups, g->n == 1 ? "" : "s");
	ls_render_group_steps(f, g);
	fprintf(f, ", %s; %s; lock_timeout %s, statement_timeout %s\n", ls_render_group_runs(g),
			g->window, g->lock_timeout, g->statement_timeout);
}

static void timeouts(FILE *f, const ls_group *g)
{
	const char *set = g->transactional ? "SET LOCAL" : "SET";
	fprintf(f, "%s lock_timeout = '%s';\n%s statement_timeout = '%s';\n", set, g->lock_timeout,
			set, g->statement_timeout);
}

/* The groups of a side, each skipped when the ledger has it, else run and
 * recorded with it. */
static void run_groups(FILE *f, const ls_plan *p, const ls_plan_side *side, const char *name)
{
	for (size_t k = 0; k < side->n_groups; k++) {
		const ls_group *g = &side->groups[k];
		group_comment(f, side, k);
		ledger_is(f, p, "lockstep_run", name, k + 1, false);
		fputs("\\if :lockstep_run\n", f);
		if (g->transactional)
			fputs("BEGIN;\n", f);
		timeouts(f, g);
		for (size_t i = 0; i < g->n; i++) {
			const ls_step *st = &side->steps[g->first + i];
			if (st->cleanup && strcmp(st->cleanup, st->sql) != 0) {
				fputs("-- what a run that stopped here left (an invalid index) goes first\n", f);
				fputs(st->cleanup, f);
			}
			step_comment(f, g->first + i, st, NULL);
			if (!st->transactional)
				fputs("-- not in a transaction block: run on its own\n", f);
			if (st->loses) {
				fputs("-- irreversible: loses ", f);
				ls_render_line(f, st->loses);
				fputc('\n', f);
			}
			fputs(st->sql, f);
		}
		ledger_add(f, p, name, k + 1);
		if (g->transactional)
			fputs("COMMIT;\n", f);
		fputs("\\endif\n", f);
	}
}

/* down.sql's first branch: up.sql stopped between two groups; the groups
 * it applied are undone, last first, each with its ledger row. */
static void undo_groups(FILE *f, const ls_plan *p)
{
	const ls_plan_side *side = &p->up;
	for (size_t k = side->n_groups; k-- > 0;) {
		const ls_group *g = &side->groups[k];
		fprintf(f, "\n-- undo group %zu of up.sql\n", k + 1);
		ledger_is(f, p, "lockstep_undo", "up", k + 1, true);
		fputs("\\if :lockstep_undo\n", f);
		if (!g->undo) {
			char msg[256];
			snprintf(msg, sizeof msg, "lockstep: group %zu of up.sql has no exact undo: run "
					"up.sql to go on to TO, then down.sql", k + 1);
			fail(f, msg);
			fputs("\\endif\n", f);
			continue;
		}
		if (g->transactional)
			fputs("BEGIN;\n", f);
		timeouts(f, g);
		for (size_t i = g->n; i-- > 0;) {
			const ls_step *st = &side->steps[g->first + i];
			fprintf(f, "-- undo step %zu: ", g->first + i + 1);
			ls_render_line(f, st->action);
			fputc(' ', f);
			ls_render_line(f, st->object);
			fputc('\n', f);
			if (st->loses) {
				fputs("-- what the step lost is not brought back: ", f);
				ls_render_line(f, st->loses);
				fputc('\n', f);
			}
			fputs(st->rollback, f);
		}
		fprintf(f, "DELETE FROM lockstep.ledger WHERE plan = '%s' AND side = 'up' AND grp IN (%zu",
				p->id, k + 1);
		if (g->undo_with_previous)
			fprintf(f, ", %zu", k);
		fputs(");\n", f);
		if (g->transactional)
			fputs("COMMIT;\n", f);
		fputs("\\endif\n", f);
	}
}

char *ls_render_sql(const ls_plan *p, int up, const char *from, const char *to)
{
	const ls_plan_side *side = up ? &p->up : &p->down;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	title(f, up ? "up.sql" : "down.sql", up ? from : to, up ? to : from);
	fprintf(f, "-- generated by lockstep; %zu step%s in %zu group%s. Run with psql -v "
			"ON_ERROR_STOP=1 -f %s\n", side->n_steps, side->n_steps == 1 ? "" : "s",
			side->n_groups, side->n_groups == 1 ? "" : "s", up ? "up.sql" : "down.sql");
	if (up)
		fputs("-- Run prechecks.sql first.\n", f);
	fputs("-- Each group runs in a transaction of its own (a step that cannot, on its own)\n"
			"-- and is recorded in lockstep.ledger as it commits: a run that stops (a lock\n"
			"-- timeout under load, a failed validation) leaves the database between two\n"
			"-- groups. Run up.sql again to go on from there (what is done is skipped), or\n"
			"-- down.sql to go back to FROM (only what was applied is undone).\n", f);
	/* as pg_dump: a function body that reads a table made later in the
	 * plan is checked when it runs, not when it is created (SQL-standard
	 * bodies are parsed anyway, and come after what they read) */
	ledger_setup(f, p);
	if (up) {
		ledger_is(f, p, "lockstep_down_started", "down", 1, true);
		fputs("\\if :lockstep_down_started\n", f);
		fail(f, "lockstep: down.sql of this plan stopped half-way: run down.sql again to "
				"finish going back to FROM");
		fputs("\\endif\n", f);
		fprintf(f, "INSERT INTO lockstep.ledger (plan, side, grp) VALUES ('%s', 'up', 0) "
				"ON CONFLICT DO NOTHING;\n", p->id);
		run_groups(f, p, side, "up");
		fputs("\n-- at TO; the ledger keeps this plan's rows for down.sql\n", f);
		return finish(f, &buf);
	}
	/* up.sql started and did not finish: undo what it applied */
	fprintf(f, "SELECT EXISTS (SELECT FROM lockstep.ledger WHERE plan = '%s' AND side = 'up' "
			"AND grp = 0) AND NOT EXISTS (SELECT FROM lockstep.ledger WHERE plan = '%s' AND "
			"side = 'up' AND grp = %zu) AS lockstep_partial \\gset\n", p->id, p->id,
			p->up.n_groups);
	fputs("\\if :lockstep_partial\n-- up.sql stopped between two groups: the groups it applied "
			"are undone, last first\n", f);
	/* a step outside a transaction that stopped before its group was
	 * recorded may have left its work (an index, valid or not): the first
	 * group not applied is the one that can have run; the ones after it
	 * never started (and a name they would clear may still be FROM's) */
	for (size_t k = 0; k < p->up.n_groups; k++) {
		const ls_group *g = &p->up.groups[k];
		const ls_step *st = &p->up.steps[g->first];
		if (g->transactional)
			continue;
		fprintf(f, "\n-- what group %zu of up.sql may have left, when it stopped there\n", k + 1);
		fprintf(f, "SELECT NOT EXISTS (SELECT FROM lockstep.ledger WHERE plan = '%s' AND side = 'up' "
				"AND grp = %zu) AND EXISTS (SELECT FROM lockstep.ledger WHERE plan = '%s' AND "
				"side = 'up' AND grp = %zu) AS lockstep_clean \\gset\n", p->id, k + 1, p->id, k);
		fputs("\\if :lockstep_clean\n", f);
		if (!st->cleanup && !st->repeatable) {
			char msg[256];
			snprintf(msg, sizeof msg, "lockstep: group %zu of up.sql may have run without its "
					"ledger row, and it cannot be undone from here: run up.sql to go on to TO, "
					"then down.sql", k + 1);
			fail(f, msg);
			fputs("\\endif\n", f);
			continue;
		}
		/* whether the step ran, ran in part or did not: cleared, then
		 * undone (an index dropped is built again) */
		if (st->cleanup)
			fputs(st->cleanup, f);
		if (st->rollback && (!st->cleanup || strcmp(st->rollback, st->cleanup) != 0))
			fputs(st->rollback, f);
		fputs("\\endif\n", f);
	}
	undo_groups(f, p);
	fputs("\\else\n-- the database is at TO (up.sql finished, or TO came another way): the "
			"down plan\n", f);
	run_groups(f, p, side, "down");
	fputs("\\endif\n", f);
	fprintf(f, "\n-- at FROM; this plan's rows leave the ledger\nDELETE FROM lockstep.ledger "
			"WHERE plan = '%s';\n", p->id);
	return finish(f, &buf);
}

/* s as an escape string constant, E'...': the same text whatever the
 * server's standard_conforming_strings. */
static void literal(FILE *f, const char *s)
{
	fputs("E'", f);
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			fputc(*s, f);
		fputc(*s, f);
	}
	fputc('\'', f);
}

/* The body of one check's DO block (NULL when out of memory). The check's
 * query never meets PL/pgSQL: it runs through EXECUTE as a string, so no
 * name the block declares (its variable, its label, FOUND) can resolve a
 * name of the user's, whatever the tables' columns are called. What the
 * block calls itself is pg_catalog-qualified, so no user function or
 * operator on the search_path stands in for it. */
static char *check_body(const ls_precheck *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	char tag[48];
	ls_dollar_tag(tag, sizeof tag, c->sql, "lockstep_sql");
	fprintf(f, "DECLARE\n    lockstep_n bigint;\nBEGIN\n    BEGIN\n"
			"        EXECUTE %sSELECT pg_catalog.count(*) FROM (\n            %s\n"
			"        ) AS violating%s INTO STRICT lockstep_n;\n"
			"    EXCEPTION WHEN OTHERS THEN\n"
			"        RAISE EXCEPTION 'lockstep precheck failed: %%: %%', ", tag, c->sql, tag);
	literal(f, c->name);
	fputs(", SQLERRM;\n    END;\n    IF lockstep_n OPERATOR(pg_catalog.>) 0 THEN\n"
			"        RAISE EXCEPTION 'lockstep precheck failed: %', ", f);
	literal(f, c->name);
	fputs("\n            USING DETAIL = pg_catalog.format('%s row(s) violate it', lockstep_n);\n"
			"    END IF;\nEND\n", f);
	return finish(f, &buf);
}

char *ls_render_prechecks(const ls_plan *p, const char *from, const char *to)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	size_t n = 0;
	for (size_t i = 0; i < p->up.n_steps; i++)
		n += p->up.steps[i].n_prechecks;
	title(f, "prechecks.sql", from, to);
	fprintf(f, "-- generated by lockstep; %zu check%s. Read-only: safe on production.\n", n,
			n == 1 ? "" : "s");
	fputs("-- Run before up.sql with psql -v ON_ERROR_STOP=1 -f prechecks.sql: a violated\n"
			"-- check stops with \"lockstep precheck failed: <check>\" and a non-zero exit.\n", f);
	/* the checks' literals are written as the parser read them */
	fputs("BEGIN READ ONLY;\nSET LOCAL statement_timeout = '5min';\nSET LOCAL lock_timeout = '5s';\n"
			"SET LOCAL standard_conforming_strings = on;\n", f);
	if (!n)
		fputs("-- this plan needs no pre-check\n", f);
	int failed = 0;
	for (size_t i = 0; i < p->up.n_steps && !failed; i++) {
		const ls_step *st = &p->up.steps[i];
		for (size_t k = 0; k < st->n_prechecks && !failed; k++) {
			const ls_precheck *c = &st->prechecks[k];
			char *body = check_body(c);
			if (!body) {
				failed = 1;
				break;
			}
			char tag[48];
			ls_dollar_tag(tag, sizeof tag, body, "lockstep");
			step_comment(f, i, st, c->name);
			fprintf(f, "DO %s\n%s%s;\n", tag, body, tag);
			free(body);
		}
	}
	fputs("\nCOMMIT;\n", f);
	char *out = finish(f, &buf);
	if (failed) {
		free(out);
		return NULL;
	}
	return out;
}

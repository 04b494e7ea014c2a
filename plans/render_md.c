/* plan.md: the review a person reads in a pull request. */
#define _POSIX_C_SOURCE 200809L
#include "lockstep/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Text in a table cell: pipes, angle brackets, backticks and newlines
 * cannot break the table or become HTML. */
static void cell(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '|': fputs("\\|", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '`': fputs("\\`", f); break;
		case '*': fputs("\\*", f); break;
		case '_': fputs("\\_", f); break;
		case '\n':
		case '\r': fputc(' ', f); break;
		default: fputc(*s, f);
		}
	}
}

/* A fenced code block whose fence the text cannot close. */
static void code(FILE *f, const char *lang, const char *text)
{
	int ticks = 3;
	for (const char *p = text; *p; p++) {
		int run = 0;
		while (p[run] == '`')
			run++;
		if (run >= ticks)
			ticks = run + 1;
		if (run)
			p += run - 1;
	}
	for (int i = 0; i < ticks; i++)
		fputc('`', f);
	fprintf(f, "%s\n%s", lang, text);
	if (*text && text[strlen(text) - 1] != '\n')
		fputc('\n', f);
	for (int i = 0; i < ticks; i++)
		fputc('`', f);
	fputc('\n', f);
}

static void locks(FILE *f, const ls_step *st)
{
	for (size_t i = 0; i < st->n_locks; i++) {
		fputs(i ? "<br>" : "", f);
		cell(f, st->locks[i].mode);
		fputs(" on ", f);
		cell(f, st->locks[i].relation);
	}
	if (!st->n_locks)
		fputs("—", f);
}

/* A duration in words: "40 ms", "3.5 s", "12 min". */
static void duration(FILE *f, double ms)
{
	if (ms < 1000)
		fprintf(f, "%.0f ms", ms);
	else if (ms < 120000)
		fprintf(f, "%.1f s", ms / 1000);
	else if (ms < 7200000)
		fprintf(f, "%.0f min", ms / 60000);
	else
		fprintf(f, "%.1f h", ms / 3600000);
}

/* What the step does and for how long, and how long it holds its locks
 * (to its group's end): "rewrite of public.t: 4 min, locks held 4 min";
 * "unknown" without statistics. */
static void work(FILE *f, const ls_step *st)
{
	cell(f, ls_work_name(st->work));
	for (size_t i = 0; i < st->n_work_on; i++) {
		fputs(i ? ", " : " of ", f);
		cell(f, st->work_on[i].qname);
	}
	fputs(": ", f);
	if (st->estimate_ms < 0) {
		fputs("duration unknown", f);
		return;
	}
	duration(f, st->estimate_ms);
	if (st->lock_ms >= 0 && st->n_locks) {
		fputs(", locks held ", f);
		duration(f, st->lock_ms);
	}
}

static void table(FILE *f, const ls_plan_side *side)
{
	fputs("| # | group | step | object | risk | locks | work, duration | rewrites | irreversible |\n"
			"|---|---|---|---|---|---|---|---|---|\n", f);
	for (size_t i = 0; i < side->n_steps; i++) {
		const ls_step *st = &side->steps[i];
		fprintf(f, "| %zu | %zu | ", i + 1, st->group);
		cell(f, st->action);
		fputs(" | ", f);
		cell(f, st->object);
		fprintf(f, " | %s | ", st->risk);
		locks(f, st);
		fputs(" | ", f);
		work(f, st);
		fprintf(f, " | %s | ", st->rewrites ? "yes" : "no");
		if (st->loses) {
			fputs("**yes**: loses ", f);
			cell(f, st->loses);
		} else {
			fputs("no", f);
		}
		fputs(" |\n", f);
	}
}

/* The transaction groups: what each holds and for how long, its
 * timeouts, whether down.sql can undo it from its end. */
static void groups(FILE *f, const ls_plan_side *side)
{
	fputs("| group | steps | runs | lock window | lock_timeout | statement_timeout | undo |\n"
			"|---|---|---|---|---|---|---|\n", f);
	for (size_t k = 0; k < side->n_groups; k++) {
		const ls_group *g = &side->groups[k];
		fprintf(f, "| %zu | ", k + 1);
		ls_render_group_steps(f, g);
		fprintf(f, " | %s | %s | %s | %s | %s |\n", ls_render_group_runs(g), g->window,
				g->lock_timeout, g->statement_timeout,
				!g->undo ? "no: go on to TO, then down.sql" :
				g->undo_with_previous ? "yes, with the group before" : "yes");
	}
}

static void details(FILE *f, const ls_plan_side *side)
{
	for (size_t i = 0; i < side->n_steps; i++) {
		const ls_step *st = &side->steps[i];
		fprintf(f, "\n<details><summary>%zu. ", i + 1);
		cell(f, st->action);
		fputs(" ", f);
		cell(f, st->object);
		fprintf(f, " — risk %s%s</summary>\n\n", st->risk,
				st->transactional ? "" : ", outside a transaction");
		if (st->plain) {
			fputs("Recipe: ", f);
			cell(f, st->recipe);
			fputs(". The plain statement: ", f);
			cell(f, st->plain);
			fputs(".\n\n", f);
		}
		code(f, "sql", st->sql);
		if (st->loses) {
			fputs("\n**Irreversible**: loses ", f);
			cell(f, st->loses);
			fputs(".\n", f);
		}
		for (size_t k = 0; k < st->n_prechecks; k++) {
			fputs(k ? "" : "\nPre-checks (prechecks.sql):\n\n", f);
			fputs("- ", f);
			cell(f, st->prechecks[k].name);
			fputs("\n\n", f);
			code(f, "sql", st->prechecks[k].sql);
		}
		if (st->rollback) {
			fputs("\nUndone by:\n\n", f);
			code(f, "sql", st->rollback);
		}
		fputs("\n</details>\n", f);
	}
}

char *ls_render_md(const ls_plan *p, const char *from, const char *to)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	size_t lost = 0, checks = 0;
	for (size_t i = 0; i < p->up.n_steps; i++) {
		lost += p->up.steps[i].loses != NULL;
		checks += p->up.steps[i].n_prechecks;
	}
	fputs("# Migration plan: ", f);
	cell(f, from);
	fputs(" → ", f);
	cell(f, to);
	fprintf(f, "\n\n%zu step%s, %zu irreversible, %zu pre-check%s; rollback: %zu step%s. "
			"For PostgreSQL %d; max risk %s", p->up.n_steps, p->up.n_steps == 1 ? "" : "s", lost,
			checks, checks == 1 ? "" : "s", p->down.n_steps, p->down.n_steps == 1 ? "" : "s",
			p->pg_version, ls_plan_max_risk(&p->up));
	if (p->stats_taken_at) {
		fputs("; durations from the statistics of ", f);
		cell(f, p->stats_taken_at);
	} else {
		fputs("; durations unknown (no `--stats`)", f);
	}
	fputs(".\n\n", f);
	table(f, &p->up);
	fputs("\n## Transaction groups (up.sql)\n\nA run that stops leaves the database between two groups: "
			"run up.sql again to go on, or down.sql to go back.\n\n", f);
	groups(f, &p->up);
	if (p->n_renames) {
		fputs("\n## Renames\n\n| kind | from | to | confidence | why |\n|---|---|---|---|---|\n", f);
		for (size_t i = 0; i < p->n_renames; i++) {
			const ls_rename *r = &p->renames[i];
			fprintf(f, "| %s | ", r->kind);
			cell(f, r->from);
			fputs(" | ", f);
			cell(f, r->to);
			fprintf(f, " | %.2f | %s |\n", r->confidence, r->reason);
		}
	}
	if (p->n_warnings) {
		fputs("\n## Warnings\n\n", f);
		for (size_t i = 0; i < p->n_warnings; i++) {
			fputs("- ", f);
			cell(f, p->warnings[i]);
			fputs("\n", f);
		}
	}
	fputs("\n## Steps (up.sql)\n", f);
	details(f, &p->up);
	fputs("\n## Rollback (down.sql)\n\n", f);
	table(f, &p->down);
	fputs("\n", f);
	groups(f, &p->down);
	details(f, &p->down);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

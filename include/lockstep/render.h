/* lockstep — the plan as files a person or a program reads.
 *
 * Each renderer is a pure function of the plan: the same plan gives the
 * same bytes. Every result is a malloc'ed string (free() it), or NULL when
 * memory ran out. `from` and `to` name the two catalogs as the user gave
 * them, for headers.
 */
#ifndef LOCKSTEP_RENDER_H
#define LOCKSTEP_RENDER_H

#include <stdio.h>

#include "lockstep/plan.h"

/* Write s on one line: newlines, tabs, other control characters and
 * backslashes as \n, \r, \t, \xNN and \\. Names may hold any of them; a
 * line of text (an SQL comment, a diff line) must not end early. */
void ls_render_line(FILE *f, const char *s);

/* A group's steps, numbered from 1: "4" or "4-7". */
void ls_render_group_steps(FILE *f, const ls_group *g);

/* How a group runs, in words: "one transaction" or "outside a
 * transaction". */
const char *ls_render_group_runs(const ls_group *g);

/* up.sql (up) or down.sql: the steps in order, each headed by a comment
 * with its number, action, object and risk, irreversible ones saying what
 * they lose, steps that cannot run in a transaction marked. */
char *ls_render_sql(const ls_plan *p, int up, const char *from, const char *to);

/* prechecks.sql: read-only; every pre-check of the up plan as a DO block
 * that raises "lockstep precheck failed: NAME" when a row violates it (or
 * when the check itself fails, e.g. a value that does not convert). */
char *ls_render_prechecks(const ls_plan *p, const char *from, const char *to);

/* plan.json (README, "plan.json"). */
char *ls_render_json(const ls_plan *p, const char *from, const char *to);

/* plan.md: a summary table, renames, warnings, then each step with its
 * SQL, pre-checks and rollback in a collapsed block. */
char *ls_render_md(const ls_plan *p, const char *from, const char *to);

/* `lockstep diff`: the changes and renames, as text lines (names written
 * with ls_render_line) or as JSON. */
char *ls_render_diff(const ls_plan *p, int json);

#endif

/* plan.json and `lockstep diff` (text and JSON). Keys are written in a
 * fixed order (JSON_PRESERVE_ORDER), reals with three significant digits:
 * the same plan gives the same bytes. */
#define _POSIX_C_SOURCE 200809L
#include "lockstep/render.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const change_words[] = {"add", "drop", "alter", "rename"};

/* json_string of NULL is NULL: that and failed allocations are caught by
 * the final json_dumps of an incomplete tree being impossible — so every
 * setter below goes through put(), which records a failure. */
typedef struct jctx {
	int failed;
} jctx;

static void put(jctx *c, json_t *obj, const char *key, json_t *v)
{
	if (!v || json_object_set_new(obj, key, v) != 0)
		c->failed = 1;
}

static void push(jctx *c, json_t *arr, json_t *v)
{
	if (!v || json_array_append_new(arr, v) != 0)
		c->failed = 1;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *step_json(jctx *c, const ls_step *st, size_t n)
{
	json_t *o = json_object();
	if (!o) {
		c->failed = 1;
		return NULL;
	}
	put(c, o, "n", json_integer((json_int_t)n));
	put(c, o, "action", json_string(st->action));
	put(c, o, "object", json_string(st->object));
	put(c, o, "sql", json_string(st->sql));
	put(c, o, "transactional", json_boolean(st->transactional));
	json_t *locks = json_array();
	int mask = 0;
	for (size_t i = 0; locks && i < st->n_locks; i++) {
		json_t *l = json_object();
		if (l) {
			put(c, l, "relation", json_string(st->locks[i].relation));
			put(c, l, "mode", json_string(st->locks[i].mode));
		}
		push(c, locks, l);
		mask |= ls_lock_blocks(st->locks[i].mode);
	}
	put(c, o, "locks", locks);
	put(c, o, "rewrites", json_boolean(st->rewrites));
	put(c, o, "scans", json_boolean(st->scans));
	json_t *blocks = json_array();
	if (blocks && (mask & LS_BLOCKS_READS))
		push(c, blocks, json_string("reads"));
	if (blocks && (mask & LS_BLOCKS_WRITES))
		push(c, blocks, json_string("writes"));
	if (blocks && (mask & LS_BLOCKS_DDL))
		push(c, blocks, json_string("ddl"));
	put(c, o, "blocks", blocks);
	put(c, o, "risk", json_string(st->risk));
	put(c, o, "work", json_string(ls_work_name(st->work)));
	json_t *on = json_array();
	for (size_t i = 0; on && i < st->n_work_on; i++)
		push(c, on, json_string(st->work_on[i].qname));
	put(c, o, "work_on", on);
	put(c, o, "estimate_ms", st->estimate_ms >= 0 ? json_integer((json_int_t)(st->estimate_ms + 0.5)) :
			json_null());
	put(c, o, "lock_ms", st->lock_ms >= 0 ? json_integer((json_int_t)(st->lock_ms + 0.5)) :
			json_null());
	json_t *checks = json_array();
	for (size_t i = 0; checks && i < st->n_prechecks; i++) {
		json_t *k = json_object();
		if (k) {
			put(c, k, "name", json_string(st->prechecks[i].name));
			put(c, k, "sql", json_string(st->prechecks[i].sql));
		}
		push(c, checks, k);
	}
	put(c, o, "prechecks", checks);
	put(c, o, "rollback", str_or_null(st->rollback));
	put(c, o, "irreversible", json_boolean(st->loses != NULL));
	put(c, o, "loses", str_or_null(st->loses));
	put(c, o, "group", json_integer((json_int_t)st->group));
	put(c, o, "recipe", json_string(st->recipe));
	put(c, o, "plain", str_or_null(st->plain));
	put(c, o, "cleanup", str_or_null(st->cleanup));
	put(c, o, "repeatable", json_boolean(st->repeatable));
	return o;
}

static json_t *groups_json(jctx *c, const ls_plan_side *side)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < side->n_groups; i++) {
		const ls_group *g = &side->groups[i];
		json_t *o = json_object();
		if (o) {
			put(c, o, "n", json_integer((json_int_t)(i + 1)));
			put(c, o, "first_step", json_integer((json_int_t)(g->first + 1)));
			put(c, o, "steps", json_integer((json_int_t)g->n));
			put(c, o, "transactional", json_boolean(g->transactional));
			put(c, o, "exclusive", json_boolean(g->exclusive));
			put(c, o, "long_work", json_boolean(g->long_work));
			put(c, o, "lock_timeout", json_string(g->lock_timeout));
			put(c, o, "statement_timeout", json_string(g->statement_timeout));
			put(c, o, "window", json_string(g->window));
			put(c, o, "undo", json_boolean(g->undo));
			put(c, o, "undo_with_previous", json_boolean(g->undo_with_previous));
		}
		push(c, a, o);
	}
	if (!a)
		c->failed = 1;
	return a;
}

static json_t *steps_json(jctx *c, const ls_plan_side *side)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < side->n_steps; i++)
		push(c, a, step_json(c, &side->steps[i], i + 1));
	if (!a)
		c->failed = 1;
	return a;
}

static json_t *changes_json(jctx *c, const ls_plan *p)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < p->n_changes; i++) {
		const ls_change *x = &p->changes[i];
		json_t *o = json_object();
		if (o) {
			put(c, o, "type", json_string(change_words[x->type]));
			put(c, o, "kind", json_string(x->kind));
			put(c, o, "name", json_string(x->name));
			if (x->new_name)
				put(c, o, "new_name", json_string(x->new_name));
			if (x->detail)
				put(c, o, "detail", json_string(x->detail));
		}
		push(c, a, o);
	}
	if (!a)
		c->failed = 1;
	return a;
}

static json_t *renames_json(jctx *c, const ls_plan *p)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < p->n_renames; i++) {
		const ls_rename *r = &p->renames[i];
		json_t *o = json_object();
		if (o) {
			put(c, o, "kind", json_string(r->kind));
			put(c, o, "from", json_string(r->from));
			put(c, o, "to", json_string(r->to));
			/* two decimals, as the plan shows it */
			put(c, o, "confidence", json_real((double)(long)(r->confidence * 100 + 0.5) / 100));
			put(c, o, "reason", json_string(r->reason));
		}
		push(c, a, o);
	}
	if (!a)
		c->failed = 1;
	return a;
}

static size_t irreversible(const ls_plan_side *side)
{
	size_t n = 0;
	for (size_t i = 0; i < side->n_steps; i++)
		n += side->steps[i].loses != NULL;
	return n;
}

static char *dump(jctx *c, json_t *root)
{
	char *s = NULL;
	if (!c->failed && root)
		s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(3));
	json_decref(root);
	if (!s)
		return NULL;
	size_t n = strlen(s);
	char *out = malloc(n + 2);
	if (out) {
		memcpy(out, s, n);
		out[n] = '\n';
		out[n + 1] = '\0';
	}
	free(s);
	return out;
}

char *ls_render_json(const ls_plan *p, const char *from, const char *to)
{
	jctx c = {0};
	json_t *root = json_object(), *summary = json_object(), *warn = json_array();
	if (!root || !summary || !warn) {
		json_decref(root);
		json_decref(summary);
		json_decref(warn);
		return NULL;
	}
	put(&c, root, "version", json_integer(1));
	put(&c, root, "from", json_string(from));
	put(&c, root, "to", json_string(to));
	put(&c, root, "plan_id", str_or_null(p->id));
	put(&c, summary, "steps", json_integer((json_int_t)p->up.n_steps));
	put(&c, summary, "irreversible", json_integer((json_int_t)irreversible(&p->up)));
	put(&c, summary, "max_risk", json_string(ls_plan_max_risk(&p->up)));
	put(&c, summary, "estimated_from", str_or_null(p->stats_taken_at));
	put(&c, summary, "pg_version", json_integer(p->pg_version));
	json_int_t checks = 0;
	for (size_t i = 0; i < p->up.n_steps; i++)
		checks += (json_int_t)p->up.steps[i].n_prechecks;
	put(&c, summary, "prechecks", json_integer(checks));
	put(&c, summary, "groups", json_integer((json_int_t)p->up.n_groups));
	put(&c, summary, "rollback_steps", json_integer((json_int_t)p->down.n_steps));
	put(&c, summary, "rollback_irreversible", json_integer((json_int_t)irreversible(&p->down)));
	put(&c, root, "summary", summary);
	put(&c, root, "changes", changes_json(&c, p));
	put(&c, root, "renames", renames_json(&c, p));
	for (size_t i = 0; i < p->n_warnings; i++)
		push(&c, warn, json_string(p->warnings[i]));
	put(&c, root, "warnings", warn);
	put(&c, root, "groups", groups_json(&c, &p->up));
	put(&c, root, "steps", steps_json(&c, &p->up));
	put(&c, root, "rollback_groups", groups_json(&c, &p->down));
	put(&c, root, "rollback_steps", steps_json(&c, &p->down));
	return dump(&c, root);
}

char *ls_render_diff(const ls_plan *p, int json)
{
	if (json) {
		jctx c = {0};
		json_t *root = json_object();
		if (!root)
			return NULL;
		put(&c, root, "changes", changes_json(&c, p));
		put(&c, root, "renames", renames_json(&c, p));
		return dump(&c, root);
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	static const char marks[] = {'+', '-', '~', '>'};
	for (size_t i = 0; i < p->n_changes; i++) {
		const ls_change *x = &p->changes[i];
		fprintf(f, "%c %s ", marks[x->type], x->kind);
		ls_render_line(f, x->name);
		if (x->new_name) {
			fputs(" -> ", f);
			ls_render_line(f, x->new_name);
		}
		if (x->detail) {
			fputs(x->type == LS_CHANGE_RENAME ? " (" : ": ", f);
			ls_render_line(f, x->detail);
			if (x->type == LS_CHANGE_RENAME)
				fputc(')', f);
		}
		fputc('\n', f);
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The log: which revisions changed the schema, or one object (history.h).
 *
 * Runs the snapshot walk first (so the store holds every revision), then
 * compares each revision's objects with its parents' by identity: an id only
 * in the revision was added, only in the parent dropped; same id and another
 * name renamed, another JSON altered. A merge shows only what differs from
 * every parent, as `git log --cc` does. */
#define _POSIX_C_SOURCE 200809L
#include "history_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "objects.h"

/* One catalog's objects with their JSON, sorted by id. */
typedef struct objset {
	char key[65];
	ls_catalog *cat;
	ls_object *objs;
	char **json;
	size_t n;
} objset;

static void objset_clear(objset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->json[i]);
	free(s->json);
	free(s->objs);
	ls_catalog_free(s->cat);
	memset(s, 0, sizeof *s);
}

static int cmp_id(const void *a, const void *b)
{
	const ls_object *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Fill s from catalog cat (taken). */
static int objset_fill(objset *s, ls_catalog *cat, ls_error *err)
{
	s->cat = cat;
	int rc = ls_catalog_objects(&s->objs, &s->n, cat, err);
	if (rc < 0)
		return rc;
	if (s->n)
		qsort(s->objs, s->n, sizeof *s->objs, cmp_id);
	if (!(s->json = ls_malloc((s->n ? s->n : 1) * sizeof *s->json)))
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	memset(s->json, 0, (s->n ? s->n : 1) * sizeof *s->json);
	for (size_t i = 0; i < s->n && rc == 0; i++)
		rc = ls_object_to_json(&s->json[i], &s->objs[i], err);
	return rc;
}

typedef struct logger {
	ls_hwalk *w;
	objset cache[3];             /* catalogs read, least recently used out */
	unsigned long used[3];
	unsigned long clock;
	ls_arena *a;                 /* per entry */
	uint64_t id;                 /* the object asked for, or 0 */
	ls_object_kind kind;
	bool with_columns;           /* a table: its columns' changes too */
} logger;

/* The objects of a revision (NULL: the empty catalog), cached. */
static int objects_of(objset **out, logger *lg, const ls_hrev *r, ls_error *err)
{
	const char *key = r ? r->key : "";
	int slot = 0;
	for (int i = 0; i < 3; i++) {
		if (lg->cache[i].cat && !strcmp(lg->cache[i].key, key)) {
			lg->used[i] = ++lg->clock;
			*out = &lg->cache[i];
			return 0;
		}
		if (lg->used[i] < lg->used[slot])
			slot = i;
	}
	objset *s = &lg->cache[slot];
	objset_clear(s);
	lg->used[slot] = ++lg->clock;
	ls_catalog *cat = NULL;
	int rc = r ? ls_hwalk_catalog(&cat, lg->w, (ls_hrev *)r, err) : ls_catalog_new(&cat, err);
	if (rc < 0)
		return rc;
	snprintf(s->key, sizeof s->key, "%s", key);
	if ((rc = objset_fill(s, cat, err)) < 0) {
		objset_clear(s);
		return rc;
	}
	*out = s;
	return 0;
}

typedef struct change {
	ls_history_change pub;
	uint64_t id;
	ls_object_kind kind;
	const char *schema;          /* a column's table, copied: catalogs come */
	const char *table;           /* and go from the cache */
} change;

typedef struct changes {
	change *items;
	size_t n;
} changes;

static int add_change(changes *cs, ls_arena *a, char op, const ls_object *o,
		const ls_object *old, ls_error *err)
{
	change *c = ls_arena_push(a, (void **)&cs->items, &cs->n, sizeof *c);
	if (!c)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	c->pub.op = op;
	c->pub.kind = ls_object_kind_word(o);
	c->pub.name = ls_object_qualified(a, o);
	c->pub.old_name = old ? ls_object_qualified(a, old) : NULL;
	c->id = o->id;
	c->kind = o->kind;
	c->schema = o->schema ? ls_arena_strdup(a, o->schema) : NULL;
	c->table = ls_arena_strdup(a, o->name);
	if (!c->pub.name || (old && !c->pub.old_name) || !c->table || (o->schema && !c->schema))
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	return 0;
}

/* The changes from old to cur, by identity (both sorted by id). */
static int diff(changes *out, ls_arena *a, const objset *old, const objset *cur, ls_error *err)
{
	size_t i = 0, j = 0;
	int rc = 0;
	memset(out, 0, sizeof *out);
	while (rc == 0 && (i < old->n || j < cur->n)) {
		const ls_object *o = i < old->n ? &old->objs[i] : NULL;
		const ls_object *c = j < cur->n ? &cur->objs[j] : NULL;
		if (c && (!o || c->id < o->id)) {
			rc = add_change(out, a, '+', c, NULL, err);
			j++;
		} else if (o && (!c || o->id < c->id)) {
			rc = add_change(out, a, '-', o, NULL, err);
			i++;
		} else {
			bool renamed = strcmp(o->name, c->name) || (o->schema && strcmp(o->schema, c->schema)) ||
				(o->column && strcmp(o->column, c->column));
			if (renamed)
				rc = add_change(out, a, '>', c, o, err);
			else if (strcmp(old->json[i], cur->json[j]))
				rc = add_change(out, a, '~', c, NULL, err);
			i++;
			j++;
		}
	}
	return rc;
}

static bool same_change(const change *x, const change *y)
{
	return x->pub.op == y->pub.op && !strcmp(x->pub.name, y->pub.name);
}

/* Keep in cs only what every other parent's changes also have. */
static void intersect(changes *cs, const changes *other)
{
	size_t k = 0;
	for (size_t i = 0; i < cs->n; i++) {
		bool found = false;
		for (size_t j = 0; j < other->n && !found; j++)
			found = same_change(&cs->items[i], &other->items[j]);
		if (found)
			cs->items[k++] = cs->items[i];
	}
	cs->n = k;
}

static int cmp_change(const void *a, const void *b)
{
	const change *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	int c = strcmp(x->pub.name, y->pub.name);
	return c ? c : x->pub.op - y->pub.op;
}

/* The table (schema, name) a column change belongs to. */
static bool column_of(const change *c, const char *schema, const char *table)
{
	return c->kind == LS_OBJECT_COLUMN && !strcmp(c->schema, schema) &&
		!strcmp(c->table, table);
}

/* Keep the changes of the object asked for (and, for a table, of its
 * columns, named by the table's name on either side). */
static void filter(changes *cs, const logger *lg, const objset *old, const objset *cur)
{
	if (!lg->id)
		return;
	ls_object key = {.id = lg->id};
	const ls_object *was = old->n ? bsearch(&key, old->objs, old->n, sizeof key, cmp_id) : NULL;
	const ls_object *is = cur->n ? bsearch(&key, cur->objs, cur->n, sizeof key, cmp_id) : NULL;
	size_t k = 0;
	for (size_t i = 0; i < cs->n; i++) {
		const change *c = &cs->items[i];
		bool keep = c->id == lg->id || (lg->with_columns &&
				((was && column_of(c, was->schema, was->name)) ||
				 (is && column_of(c, is->schema, is->name))));
		if (keep)
			cs->items[k++] = *c;
	}
	cs->n = k;
}

/* --- the statements that changed the object --- */

typedef struct stmt_watch {
	logger *lg;
	const ls_hrev *r, *parent;
	ls_catalog *cat;
	char *state;                 /* the object's JSON before the statement */
	ls_history_statement *list;
	size_t n;
} stmt_watch;

/* The object's JSON in cat (a table with its columns), or NULL when it is
 * not there; *out malloc'ed. */
static int object_state(char **out, ls_catalog *cat, const logger *lg, ls_error *err)
{
	ls_object *objs = NULL;
	size_t n = 0;
	char *acc = NULL;
	*out = NULL;
	int rc = ls_catalog_objects(&objs, &n, cat, err);
	const ls_object *self = NULL;
	for (size_t i = 0; rc == 0 && i < n && !self; i++)
		if (objs[i].id == lg->id)
			self = &objs[i];
	for (size_t i = 0; rc == 0 && self && i < n; i++) {
		const ls_object *o = &objs[i];
		if (o != self && !(lg->with_columns && o->kind == LS_OBJECT_COLUMN &&
					!strcmp(o->schema, self->schema) && !strcmp(o->name, self->name)))
			continue;
		char *j = NULL;
		if ((rc = ls_object_to_json(&j, o, err)) < 0)
			break;
		size_t have = acc ? strlen(acc) : 0;
		char *grown = ls_realloc(acc, have + strlen(j) + 2);
		if (!grown) {
			free(j);
			rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
			break;
		}
		acc = grown;
		strcpy(acc + have, j);
		strcat(acc, "\n");
		free(j);
	}
	free(objs);
	if (rc < 0)
		free(acc);
	else
		*out = acc;
	return rc;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The statement's text on one line, at most 200 bytes. */
static const char *one_line(ls_arena *a, const char *text, size_t len)
{
	char *s = ls_arena_alloc(a, 204);
	size_t k = 0;
	bool space = false;
	for (size_t i = 0; s && i < len && k < 200; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
			space = k > 0;
			continue;
		}
		if (space)
			s[k++] = ' ';
		space = false;
		s[k++] = (char)ch;
	}
	if (s) {
		/* keep whole UTF-8 characters when cut */
		while (k > 0 && k >= 200 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
			k--;
		if (k >= 200 && k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0xC0)
			k--;
		strcpy(s + k, k >= 200 ? "..." : "");
	}
	return s;
}

/* Whether the file at display path "<commit>:<path>" is new in the
 * revision (not in its parent with this content). */
static bool new_file(const stmt_watch *sw, const char *shown)
{
	const char *path = strchr(shown, ':');
	path = path ? path + 1 : shown;
	const ls_hfile *mine = NULL, *theirs = NULL;
	for (size_t i = 0; i < sw->r->n_files && !mine; i++)
		if (!strcmp(sw->r->files[i]->path, path))
			mine = sw->r->files[i];
	for (size_t i = 0; sw->parent && i < sw->parent->n_files && !theirs; i++)
		if (!strcmp(sw->parent->files[i]->path, path))
			theirs = sw->parent->files[i];
	return !theirs || theirs != mine;
}

static int after_stmt(void *ctx, const ls_parsed *p, const ls_stmt *s, ls_error *err)
{
	stmt_watch *sw = ctx;
	char *now = NULL;
	int rc = object_state(&now, sw->cat, sw->lg, err);
	if (rc < 0)
		return rc;
	if (!same_str(now, sw->state) && new_file(sw, p->path)) {
		ls_history_statement *st = ls_arena_push(sw->lg->a, (void **)&sw->list, &sw->n, sizeof *st);
		if (!st || !(st->path = ls_arena_strdup(sw->lg->a, p->path)) ||
				!(st->sql = one_line(sw->lg->a, p->text + s->offset, s->len))) {
			free(now);
			return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		}
		st->line = s->line;
	}
	free(sw->state);
	sw->state = now;
	return 0;
}

/* Replay r's new files statement by statement and keep those that changed
 * the object: from the first parent's catalog when r grew from it, else
 * from the start (statements of files the parent has unchanged are not
 * kept). */
static int statements(stmt_watch *sw, ls_error *err)
{
	ls_hwalk *w = sw->lg->w;
	const ls_hrev *r = sw->r, *pr = sw->parent;
	bool grew = pr && pr->n_files <= r->n_files;
	for (size_t i = 0; grew && i < pr->n_files; i++)
		grew = pr->files[i] == r->files[i];
	int rc = grew ? ls_hwalk_catalog(&sw->cat, w, (ls_hrev *)pr, err) : ls_catalog_new(&sw->cat, err);
	if (rc == 0)
		rc = object_state(&sw->state, sw->cat, sw->lg, err);
	if (rc == 0)
		rc = ls_history_apply(w->h, sw->cat, r->files, grew ? pr->n_files : 0, r->n_files,
				&r->commit, after_stmt, sw, err);
	free(sw->state);
	sw->state = NULL;
	ls_catalog_free(sw->cat);
	sw->cat = NULL;
	return rc;
}

/* --- finding the object, and the walk --- */

/* Split "a.b.c" (parts may be double-quoted) into at most 3 parts. */
static int split_name(const char **parts, ls_arena *a, const char *text)
{
	int n = 0;
	const char *s = text;
	while (*s && n < 4) {
		char *part = ls_arena_alloc(a, strlen(s) + 1), *d = part;
		if (!part)
			return -1;
		if (*s == '"') {
			for (s++; *s && !(*s == '"' && s[1] != '"'); s++)
				*d++ = *s == '"' ? *s++ : *s;
			if (*s == '"')
				s++;
		} else {
			for (; *s && *s != '.'; s++)
				*d++ = *s;
		}
		*d = '\0';
		parts[n++] = part;
		if (*s == '.')
			s++;
		else if (*s)
			return -1;
	}
	return *s ? -1 : n;
}

/* The object named by parts in set, preferring relations. */
static const ls_object *find_named(const objset *set, const char *const *parts, int n)
{
	static const ls_object_kind order[] = {LS_OBJECT_TABLE, LS_OBJECT_VIEW,
		LS_OBJECT_SEQUENCE, LS_OBJECT_INDEX, LS_OBJECT_TYPE, LS_OBJECT_FUNCTION,
		LS_OBJECT_EXTENSION, LS_OBJECT_SCHEMA};
	if (n == 3) {
		for (size_t i = 0; i < set->n; i++) {
			const ls_object *o = &set->objs[i];
			if (o->kind == LS_OBJECT_COLUMN && !strcmp(o->schema, parts[0]) &&
					!strcmp(o->name, parts[1]) && !strcmp(o->column, parts[2]))
				return o;
		}
		return NULL;
	}
	for (size_t k = 0; k < sizeof order / sizeof *order; k++)
		for (size_t i = 0; i < set->n; i++) {
			const ls_object *o = &set->objs[i];
			if (o->kind != order[k])
				continue;
			bool match = n == 2 ? (o->schema && !strcmp(o->schema, parts[0]) &&
					!strcmp(o->name, parts[1])) :
				(o->kind == LS_OBJECT_SCHEMA || o->kind == LS_OBJECT_EXTENSION) ?
				!strcmp(o->name, parts[0]) :
				(o->schema && !strcmp(o->schema, "public") && !strcmp(o->name, parts[0]));
			if (match)
				return o;
		}
	return NULL;
}

/* The identity of object: named so in the newest revision that has it. */
static int resolve_object(logger *lg, const char *object, ls_error *err)
{
	const char *parts[4];
	int n = split_name(parts, lg->a, object);
	if (n < 1 || n > 3)
		return ls_error_set(err, LS_EINVAL, NULL, 0, 0,
				"'%s' is not an object name (schema.name or schema.table.column)", object);
	for (size_t i = lg->w->n_revs; i-- > 0;) {
		const ls_hrev *r = lg->w->revs[i];
		objset *set;
		int rc;
		if (!r->recorded)
			continue;
		if ((rc = objects_of(&set, lg, r, err)) < 0)
			return rc;
		const ls_object *o = find_named(set, parts, n);
		if (o) {
			lg->id = o->id;
			lg->kind = o->kind;
			lg->with_columns = o->kind == LS_OBJECT_TABLE;
			return 0;
		}
	}
	return ls_error_set(err, LS_ENOTFOUND, NULL, 0, 0,
			"no revision has an object named %s", object);
}

/* A table added or dropped brings or takes its columns: they are not
 * listed again. */
static void fold_columns(changes *cs)
{
	size_t k = 0;
	for (size_t i = 0; i < cs->n; i++) {
		const change *c = &cs->items[i];
		bool folded = false;
		for (size_t j = 0; j < cs->n && !folded && c->kind == LS_OBJECT_COLUMN &&
				(c->pub.op == '+' || c->pub.op == '-'); j++) {
			const change *t = &cs->items[j];
			folded = t->kind == LS_OBJECT_TABLE && t->pub.op == c->pub.op &&
				!strcmp(t->schema, c->schema) && !strcmp(t->table, c->table);
		}
		if (!folded)
			cs->items[k++] = *c;
	}
	cs->n = k;
}

/* What r changed: against its parents (all of them, for a merge). */
static int changes_of(changes *out, logger *lg, const ls_hrev *r, ls_error *err)
{
	objset *cur, *old;
	changes other;
	size_t np = r->n_parents;
	int rc = 0;
	memset(out, 0, sizeof *out);
	for (size_t p = 0; p < (np ? np : 1) && rc == 0; p++) {
		const ls_hrev *pr = np ? r->parents[p] : NULL;
		if (pr && !pr->recorded)
			continue;
		if (pr && !strcmp(pr->key, r->key)) {
			/* the same snapshot as a parent: nothing changed */
			out->n = 0;
			return 0;
		}
		/* the parent first, then r: r's set is the cache's newest entry */
		if ((rc = objects_of(&old, lg, pr, err)) < 0 || (rc = objects_of(&cur, lg, r, err)) < 0 ||
				(rc = diff(p == 0 ? out : &other, lg->a, old, cur, err)) < 0)
			break;
		filter(p == 0 ? out : &other, lg, old, cur);
		if (p > 0)
			intersect(out, &other);
	}
	if (rc == 0)
		fold_columns(out);
	if (rc == 0 && out->n)
		qsort(out->items, out->n, sizeof *out->items, cmp_change);
	return rc;
}

/* The entry of r for fn: commit, author, subject, changes, statements. */
static int emit(logger *lg, const ls_hrev *r, const changes *cs, ls_history_log_fn fn,
		void *ctx, ls_error *err)
{
	git_commit *c = NULL;
	ls_history_entry e;
	memset(&e, 0, sizeof e);
	stmt_watch sw = {.lg = lg, .r = r, .parent = r->n_parents ? r->parents[0] : NULL};
	int rc = 0;
	if (git_commit_lookup(&c, lg->w->h->repo, &r->commit) < 0)
		return ls_git_error(err, LS_EENV, "cannot read a commit");
	const git_signature *au = git_commit_author(c);
	git_oid_tostr(e.commit, sizeof e.commit, &r->commit);
	e.author = ls_arena_printf(lg->a, "%s <%s>", au->name, au->email);
	e.time = (int64_t)au->when.time;
	e.offset = au->when.offset;
	const char *subject = git_commit_summary(c);
	e.subject = ls_arena_strdup(lg->a, subject ? subject : "");
	ls_history_change *list = ls_arena_alloc(lg->a, (cs->n ? cs->n : 1) * sizeof *list);
	if (!e.author || !e.subject || !list)
		rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; rc == 0 && i < cs->n; i++)
		list[i] = cs->items[i].pub;
	e.changes = list;
	e.n_changes = cs->n;
	if (rc == 0 && lg->id && r->n_parents <= 1)
		rc = statements(&sw, err);
	e.statements = sw.list;
	e.n_statements = sw.n;
	if (rc == 0)
		rc = fn(ctx, &e, err);
	git_commit_free(c);
	return rc;
}

int ls_history_log(ls_history *h, const char *rev, const char *object,
		ls_history_log_fn fn, void *ctx, ls_error *err)
{
	ls_hwalk *w = NULL;
	logger lg;
	memset(&lg, 0, sizeof lg);
	const char *tip = rev ? rev : "HEAD";
	ls_error walk_err;
	ls_error_clear(&walk_err);
	int rc = ls_hwalk_run(&w, h, &tip, 1, &walk_err);
	/* revisions that do not build are reported after the log */
	int walk_rc = rc;
	if (rc < 0 && !(w && w->n_failed))
		goto done;
	lg.w = w;
	rc = ls_arena_new(&lg.a);
	if (rc == 0 && object)
		rc = resolve_object(&lg, object, err);
	for (size_t i = w->n_revs; rc == 0 && i-- > 0;) {
		const ls_hrev *r = w->revs[i];
		changes cs;
		if (!r->recorded)
			continue;
		if ((rc = ls_hwalk_load_files(w, (ls_hrev *)r, err)) < 0)
			break;
		for (size_t p = 0; p < r->n_parents && rc == 0; p++)
			if (r->parents[p]->recorded)
				rc = ls_hwalk_load_files(w, r->parents[p], err);
		if (rc == 0 && (rc = changes_of(&cs, &lg, r, err)) == 0 && cs.n)
			rc = emit(&lg, r, &cs, fn, ctx, err);
		ls_arena_free(lg.a);
		lg.a = NULL;
		if (rc == 0 && ls_arena_new(&lg.a) < 0)
			rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	}
	if (rc == 0 && walk_rc < 0) {
		*err = walk_err;
		rc = walk_rc;
	}
done:
	if (rc < 0 && walk_rc < 0 && err->n_diags == 0)
		*err = walk_err;
	for (int i = 0; i < 3; i++)
		objset_clear(&lg.cache[i]);
	ls_arena_free(lg.a);
	ls_hwalk_free(w);
	return rc;
}

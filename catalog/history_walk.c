/* The snapshot walk: every commit, parents first, recorded in the store.
 *
 * A commit whose schema root (folder tree or file blob) is the same object
 * as a parent's shares that parent's snapshot without reading anything. A
 * commit whose migrations are a parent's plus new ones starts from the
 * parent's catalog and applies the new files only. Anything else (an edited,
 * removed or reordered migration) is replayed from the start, with parse
 * trees from the cache. Identity (ids) carries through, as every catalog
 * grows from its parent's. */
#define _POSIX_C_SOURCE 200809L
#include "history_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "objects.h"
#include "store_history.h"

/* --- tables: commit -> revision, (path, blob) -> interned file --- */

/* Open addressing with linear probing over pointers; lookups only, so the
 * table's order never reaches any output. */
typedef struct table {
	void **slots;
	size_t cap, n;
} table;

typedef size_t (*hash_fn)(const void *item);

static size_t oid_hash(const git_oid *id)
{
	size_t h;
	memcpy(&h, id->id, sizeof h);
	return h;
}

static size_t rev_hash(const void *item)
{
	return oid_hash(&((const ls_hrev *)item)->commit);
}

static size_t path_blob_hash(const char *path, const git_oid *blob)
{
	size_t h = oid_hash(blob);
	for (; *path; path++)
		h = (h ^ (unsigned char)*path) * 1099511628211u;
	return h;
}

static size_t file_hash(const void *item)
{
	const ls_hfile *f = item;
	return path_blob_hash(f->path, &f->blob);
}

/* Room for one more item (load at most one half). */
static bool table_reserve(table *t, hash_fn hash)
{
	if ((t->n + 1) * 2 <= t->cap)
		return true;
	size_t cap = t->cap ? t->cap * 2 : 256;
	void **slots = ls_malloc(cap * sizeof *slots);
	if (!slots)
		return false;
	memset(slots, 0, cap * sizeof *slots);
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slots[i])
			continue;
		size_t j = hash(t->slots[i]) & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return true;
}

static ls_hrev **rev_slot(table *t, const git_oid *commit)
{
	size_t i = oid_hash(commit) & (t->cap - 1);
	while (t->slots[i] && !git_oid_equal(&((ls_hrev *)t->slots[i])->commit, commit))
		i = (i + 1) & (t->cap - 1);
	return (ls_hrev **)&t->slots[i];
}

static const ls_hfile **file_slot(table *t, const char *path, const git_oid *blob)
{
	size_t i = path_blob_hash(path, blob) & (t->cap - 1);
	for (const ls_hfile *f; (f = t->slots[i]) != NULL; i = (i + 1) & (t->cap - 1))
		if (git_oid_equal(&f->blob, blob) && !strcmp(f->path, path))
			break;
	return (const ls_hfile **)&t->slots[i];
}

static int nomem(ls_error *err)
{
	return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
}

ls_hrev *ls_hwalk_find(ls_hwalk *w, const git_oid *commit)
{
	table *t = w->index;
	return t->cap ? *rev_slot(t, commit) : NULL;
}

/* The revision of commit, added (empty) when it is not in the walk yet. */
static ls_hrev *rev_get(ls_hwalk *w, const git_oid *commit)
{
	table *t = w->index;
	ls_hrev *r = ls_hwalk_find(w, commit);
	if (r)
		return r;
	if (!table_reserve(t, rev_hash) || !(r = ls_arena_alloc(w->a, sizeof *r)))
		return NULL;
	memset(r, 0, sizeof *r);
	git_oid_cpy(&r->commit, commit);
	*rev_slot(t, commit) = r;
	t->n++;
	return r;
}

/* The interned copy of f (same path and blob): the first one seen is kept,
 * with the commit that introduced it. */
static const ls_hfile *intern(ls_hwalk *w, const ls_hfile *f)
{
	table *t = w->files;
	if (!table_reserve(t, file_hash))
		return NULL;
	const ls_hfile **slot = file_slot(t, f->path, &f->blob);
	if (*slot)
		return *slot;
	ls_hfile *copy = ls_arena_alloc(w->a, sizeof *copy);
	if (!copy)
		return NULL;
	*copy = *f;
	copy->path = ls_arena_strdup(w->a, f->path);
	copy->version = f->version ? ls_arena_strdup(w->a, f->version) : NULL;
	copy->down_path = f->down_path ? ls_arena_strdup(w->a, f->down_path) : NULL;
	if (!copy->path || (f->version && !copy->version) || (f->down_path && !copy->down_path))
		return NULL;
	*slot = copy;
	t->n++;
	return copy;
}

/* --- files of recorded revisions, from the store --- */

typedef struct loader {
	ls_hwalk *w;
	ls_hrev *r;
	const ls_hfile **files;
	size_t n;
} loader;

static int load_row(void *ctx, const ls_store_file *row, ls_error *err)
{
	loader *l = ctx;
	ls_hfile f = {.path = row->path, .version = row->version, .down_path = row->down_path};
	if (row->position >= l->n || git_oid_fromstr(&f.blob, row->blob) < 0 ||
			(row->down_blob && git_oid_fromstr(&f.down_blob, row->down_blob) < 0))
		return ls_error_set(err, LS_EIO, NULL, 0, 0, "damaged revision_files row");
	f.has_down = row->down_blob != NULL;
	git_oid_cpy(&f.introduced, &l->r->commit);
	if (!(l->files[row->position] = intern(l->w, &f)))
		return nomem(err);
	return 0;
}

/* Fill r's recorded row (key, base, n_files) from the store. */
static int read_row(ls_hwalk *w, ls_hrev *r, ls_error *err)
{
	char hex[GIT_OID_HEXSZ + 1];
	ls_store_revision row;
	git_oid_tostr(hex, sizeof hex, &r->commit);
	int rc = ls_store_revision_get(&row, w->h->store, hex, w->src.text, err);
	if (rc < 0)
		return rc;
	memcpy(r->key, row.key, sizeof row.key);
	memcpy(r->base, row.base, sizeof row.base);
	r->n_files = row.n_files;
	r->recorded = true;
	return 0;
}

/* r's files: its base's (loaded) followed by its own rows. */
static int load_one(ls_hwalk *w, ls_hrev *r, ls_hrev *base, ls_error *err)
{
	char hex[GIT_OID_HEXSZ + 1];
	loader l = {w, r, NULL, r->n_files};
	if (!(l.files = ls_arena_alloc(w->a, (l.n ? l.n : 1) * sizeof *l.files)))
		return nomem(err);
	memset(l.files, 0, (l.n ? l.n : 1) * sizeof *l.files);
	if (base)
		memcpy(l.files, base->files, (base->n_files < l.n ? base->n_files : l.n) * sizeof *l.files);
	git_oid_tostr(hex, sizeof hex, &r->commit);
	int rc = ls_store_revision_files(w->h->store, hex, w->src.text, load_row, &l, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < l.n; i++)
		if (!l.files[i])
			return ls_error_set(err, LS_EIO, NULL, 0, 0,
					"revision %s: migration %zu is missing from the store", hex, i);
	r->files = l.files;
	r->files_loaded = true;
	return 0;
}

/* The base of r (added to the walk when it is outside it), or NULL. */
static int base_of(ls_hrev **out, ls_hwalk *w, ls_hrev *r, ls_error *err)
{
	git_oid id;
	*out = NULL;
	if (!r->base[0])
		return 0;
	if (git_oid_fromstr(&id, r->base) < 0)
		return ls_error_set(err, LS_EIO, NULL, 0, 0, "damaged revisions row: base %s", r->base);
	if (!(*out = rev_get(w, &id)))
		return nomem(err);
	return (*out)->recorded ? 0 : read_row(w, *out, err);
}

int ls_hwalk_load_files(ls_hwalk *w, ls_hrev *r, ls_error *err)
{
	/* bases chain as far back as the history goes: collect the chain,
	 * then load from its far end, without recursion */
	ls_hrev **chain = NULL;
	size_t n = 0;
	int rc = 0;
	for (ls_hrev *cur = r; cur && !cur->files_loaded && rc == 0;) {
		ls_hrev **grown = ls_realloc(chain, (n + 1) * sizeof *chain);
		if (!grown) {
			rc = nomem(err);
			break;
		}
		chain = grown;
		chain[n++] = cur;
		rc = base_of(&cur, w, cur, err);
	}
	while (rc == 0 && n > 0) {
		ls_hrev *base = NULL;
		ls_hrev *cur = chain[--n];
		if ((rc = base_of(&base, w, cur, err)) == 0)
			rc = load_one(w, cur, base, err);
	}
	free(chain);
	return rc;
}

int ls_hwalk_catalog(ls_catalog **out, ls_hwalk *w, ls_hrev *r, ls_error *err)
{
	return ls_store_load(out, w->h->store, r->key, err);
}

/* --- warnings about the history --- */

typedef struct warnings {
	ls_arena *a;
	const char **lines;
	size_t n;
	bool nomem;
} warnings;

static void warn_add(warnings *ws, const char *line)
{
	const char **slot = line ? ls_arena_push(ws->a, (void **)&ws->lines, &ws->n, sizeof *slot) : NULL;
	if (slot)
		*slot = line;
	else
		ws->nomem = true;
}

static const ls_hfile *by_path(const ls_hrev *r, const char *path)
{
	for (size_t i = 0; i < r->n_files; i++)
		if (!strcmp(r->files[i]->path, path))
			return r->files[i];
	return NULL;
}

/* Whether p has r's file i (the same interned path and blob) at i: the
 * usual revision is a parent's migrations plus new ones, and this answers
 * by_path(p, path) without a search. Exact, as one tree gives a path one
 * blob: when p has the file at i, by_path finds it or its twin. */
static bool same_at(const ls_hrev *p, const ls_hrev *r, size_t i)
{
	return i < p->n_files && i < r->n_files && p->files[i] == r->files[i];
}

static char *short_id(char buf[8], const git_oid *id)
{
	return git_oid_tostr(buf, 8, id);
}

/* A migration of r that no parent has with this content, though one has
 * the path: edited after it was committed. */
static void warn_edited(warnings *ws, const ls_hrev *r)
{
	char a[8], b[8];
	for (size_t i = 0; i < r->n_files; i++) {
		const ls_hfile *f = r->files[i], *old = NULL;
		bool same = false;
		for (size_t p = 0; p < r->n_parents && !same; p++) {
			if ((same = same_at(r->parents[p], r, i)))
				break;
			const ls_hfile *pf = by_path(r->parents[p], f->path);
			same = pf && git_oid_equal(&pf->blob, &f->blob);
			old = pf && !old ? pf : old;
		}
		if (!same && old)
			warn_add(ws, ls_arena_printf(ws->a, "%s: changed after it was committed: "
					"added in %s, edited in %s", f->path, short_id(a, &old->introduced),
					short_id(b, &r->commit)));
	}
}

/* A migration every parent has and r does not: removed, or renamed when
 * its content is in r under a path no parent has. */
static void warn_removed(warnings *ws, const ls_hrev *r)
{
	char a[8], b[8];
	if (r->n_parents == 0)
		return;
	const ls_hrev *first = r->parents[0];
	for (size_t i = 0; i < first->n_files; i++) {
		const ls_hfile *pf = first->files[i];
		if (same_at(first, r, i) || by_path(r, pf->path))
			continue;
		bool everywhere = true;
		for (size_t p = 1; p < r->n_parents && everywhere; p++)
			everywhere = by_path(r->parents[p], pf->path) != NULL;
		if (!everywhere)
			continue;
		const ls_hfile *moved = NULL;
		for (size_t j = 0; j < r->n_files && !moved; j++)
			if (git_oid_equal(&r->files[j]->blob, &pf->blob) && !by_path(first, r->files[j]->path))
				moved = r->files[j];
		if (moved)
			warn_add(ws, ls_arena_printf(ws->a, "%s: renamed to %s in %s (a migration that "
					"ran keeps its old name in the database's history table)", pf->path,
					moved->path, short_id(b, &r->commit)));
		else
			warn_add(ws, ls_arena_printf(ws->a, "%s: migration removed in %s (added in %s)",
					pf->path, short_id(b, &r->commit), short_id(a, &pf->introduced)));
	}
}

/* Files i and j of r have one version, and no parent had both already. */
static void warn_pair(warnings *ws, const ls_hrev *r, size_t i, size_t j)
{
	char a[8], b[8], c[8];
	const ls_hfile *x = r->files[i], *y = r->files[j];
	if (!x->version || !y->version || strcmp(x->version, y->version))
		return;
	bool known = false;
	for (size_t p = 0; p < r->n_parents && !known; p++)
		known = by_path(r->parents[p], x->path) && by_path(r->parents[p], y->path);
	if (!known)
		warn_add(ws, ls_arena_printf(ws->a, "%s and %s have the same version %s "
				"(added in %s and %s, %s in %s)", x->path, y->path, x->version,
				short_id(a, &x->introduced), short_id(b, &y->introduced),
				r->n_parents > 1 ? "merged" : "together", short_id(c, &r->commit)));
}

/* Two migrations of r with one version, unless a parent had both already,
 * in the order of the pairs (i, j), i < j. A pair of files the first parent
 * has is known, so only pairs with a file new to it are looked at: the
 * usual revision adds one file, and costs one pass. */
static void warn_duplicates(warnings *ws, const ls_hrev *r)
{
	size_t *fresh = ls_malloc((r->n_files ? r->n_files : 1) * sizeof *fresh);
	size_t n_fresh = 0;
	if (!fresh) {
		ws->nomem = true;
		return;
	}
	for (size_t i = 0; i < r->n_files; i++)
		if (r->n_parents == 0 || !(same_at(r->parents[0], r, i) ||
				by_path(r->parents[0], r->files[i]->path)))
			fresh[n_fresh++] = i;
	for (size_t i = 0, k = 0; i < r->n_files; i++) {
		while (k < n_fresh && fresh[k] <= i)
			k++;
		bool is_fresh = k > 0 && fresh[k - 1] == i;
		if (is_fresh)
			for (size_t j = i + 1; j < r->n_files; j++)
				warn_pair(ws, r, i, j);
		else
			for (size_t m = k; m < n_fresh; m++)
				warn_pair(ws, r, i, fresh[m]);
	}
	free(fresh);
}

/* --- the walk --- */

typedef struct run {
	ls_hwalk *w;
	ls_catalog *last;            /* catalog of last_rev, kept for its child */
	ls_hrev *last_rev;
	size_t done, total;
	struct timespec shown;
} run;

static void progress(run *x, bool final)
{
	ls_history *h = x->w->h;
	if (!h->progress)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (now.tv_sec - x->shown.tv_sec) * 1000 + (now.tv_nsec - x->shown.tv_nsec) / 1000000;
	if (!final && ms < 100)
		return;
	x->shown = now;
	fprintf(stderr, "\rsnapshot: %zu/%zu commits, %zu files parsed, %zu parse cache hits%s",
			x->done, x->total, h->stats.files_parsed, h->stats.cache_hits, final ? "\033[K\r" : "");
	if (final)
		fprintf(stderr, "\033[K");
}

/* The root id of r's commit, computed once. */
static int ensure_root(ls_hwalk *w, ls_hrev *r, git_tree *tree, ls_error *err)
{
	git_tree *own = NULL;
	int rc = 0;
	if (r->root_known)
		return 0;
	if (!tree && (rc = ls_git_commit_tree(&own, NULL, w->h->repo, &r->commit, err)) < 0)
		return rc;
	rc = ls_history_root_id(&r->root, &r->root_found, tree ? tree : own, &w->src, err);
	git_tree_free(own);
	r->root_known = rc == 0;
	return rc;
}

/* A parent with the very same schema root: its snapshot is r's. */
static int same_root_parent(ls_hrev **out, ls_hwalk *w, ls_hrev *r, ls_error *err)
{
	*out = NULL;
	for (size_t p = 0; p < r->n_parents; p++) {
		ls_hrev *pr = r->parents[p];
		int rc = ensure_root(w, pr, NULL, err);
		if (rc < 0)
			return rc;
		if (pr->recorded && pr->root_found == r->root_found &&
				(!r->root_found || git_oid_equal(&pr->root, &r->root))) {
			*out = pr;
			return 0;
		}
	}
	return 0;
}

/* The parent whose migrations are the longest prefix of r's, or NULL. */
static ls_hrev *prefix_parent(const ls_hrev *r)
{
	ls_hrev *best = NULL;
	for (size_t p = 0; p < r->n_parents; p++) {
		ls_hrev *pr = r->parents[p];
		if (!pr->recorded || pr->n_files > r->n_files || (best && best->n_files >= pr->n_files))
			continue;
		bool prefix = true;
		for (size_t i = 0; i < pr->n_files && prefix; i++)
			prefix = pr->files[i] == r->files[i];
		if (prefix)
			best = pr;
	}
	return best;
}

/* Record r (its key, base and n_files set) with its own files and warnings. */
static int record(ls_hwalk *w, ls_hrev *r, size_t own_from, const warnings *ws, ls_error *err)
{
	char hex[GIT_OID_HEXSZ + 1];
	size_t n_own = r->n_files > own_from ? r->n_files - own_from : 0;
	ls_store_file *rows = ls_malloc((n_own ? n_own : 1) * sizeof *rows);
	char (*ids)[2][GIT_OID_HEXSZ + 1] = ls_malloc((n_own ? n_own : 1) * sizeof *ids);
	int rc = 0;
	if (!rows || !ids) {
		rc = nomem(err);
		goto done;
	}
	for (size_t i = 0; i < n_own; i++) {
		const ls_hfile *f = r->files[own_from + i];
		git_oid_tostr(ids[i][0], sizeof ids[i][0], &f->blob);
		if (f->has_down)
			git_oid_tostr(ids[i][1], sizeof ids[i][1], &f->down_blob);
		rows[i] = (ls_store_file){own_from + i, f->path, ids[i][0], f->version,
			f->down_path, f->has_down ? ids[i][1] : NULL};
	}
	ls_store_revision row = {.n_files = r->n_files};
	memcpy(row.key, r->key, sizeof row.key);
	memcpy(row.base, r->base, sizeof row.base);
	git_oid_tostr(hex, sizeof hex, &r->commit);
	rc = ls_store_revision_add(w->h->store, hex, w->src.text, &row, rows, n_own,
			ws ? ws->lines : NULL, ws ? ws->n : 0, err);
	r->recorded = rc == 0;
done:
	free(rows);
	free(ids);
	return rc;
}

static int print_warning(void *ctx, const char *message, ls_error *err)
{
	(void)err;
	ls_history_warn(ctx, "%s", message);
	return 0;
}

/* The catalog r builds on: the base's, taken from the run when r is the
 * base's last child to come, else loaded from the store; a new one when
 * there is no base. */
static int start_catalog(ls_catalog **out, run *x, ls_hrev *base, ls_error *err)
{
	if (!base)
		return ls_catalog_new(out, err);
	if (x->last_rev == base && base->children_left == 0) {
		*out = x->last;
		x->last = NULL;
		x->last_rev = NULL;
		return 0;
	}
	return ls_hwalk_catalog(out, x->w, base, err);
}

/* Is rc a fault of the revision's SQL (the walk goes on) rather than of the
 * environment (the walk stops)? */
static bool revision_fault(int rc)
{
	return rc == LS_EPARSE || rc == LS_EINVAL || rc == LS_ENOTFOUND || rc == LS_EUNSUPPORTED ||
		rc == LS_ECYCLE;
}

/* A revision replayed from the start counted its ids anew: it takes the
 * identities of its first parent's objects of the same name, so an edited
 * migration does not look like every later object renamed. */
static int adopt_parent_ids(run *x, ls_hrev *r, ls_hrev *base, ls_catalog *cat, ls_error *err)
{
	ls_hrev *parent = NULL;
	for (size_t p = 0; p < r->n_parents && !parent; p++)
		if (r->parents[p]->recorded)
			parent = r->parents[p];
	if (base || !parent)
		return 0;
	ls_catalog *from = NULL;
	int rc = x->last_rev == parent && x->last ? 0 : ls_hwalk_catalog(&from, x->w, parent, err);
	if (rc == 0)
		rc = ls_catalog_adopt_ids(cat, from ? from : x->last, err);
	ls_catalog_free(from);
	return rc;
}

/* Build and record a revision whose migrations changed. */
static int build(run *x, ls_hrev *r, git_tree *tree, ls_error *err)
{
	ls_hwalk *w = x->w;
	ls_arena *tmp = NULL;
	ls_hfile *files = NULL;
	ls_catalog *cat = NULL;
	warnings ws = {.a = w->a};
	int rc = ls_arena_new(&tmp);
	if (rc < 0)
		return nomem(err);
	if ((rc = ls_history_files(&files, &r->n_files, w->h, tree, &w->src, &r->commit, tmp, err)) < 0)
		goto done;
	/* the parents' files first: a file r shares with a parent keeps the
	 * commit that introduced it, whether the parent was built in this run
	 * or recorded by an earlier (or concurrent) one */
	for (size_t p = 0; p < r->n_parents; p++)
		if ((rc = ls_hwalk_load_files(w, r->parents[p], err)) < 0)
			goto done;
	if (!(r->files = ls_arena_alloc(w->a, (r->n_files ? r->n_files : 1) * sizeof *r->files))) {
		rc = nomem(err);
		goto done;
	}
	for (size_t i = 0; i < r->n_files; i++)
		if (!(r->files[i] = intern(w, &files[i]))) {
			rc = nomem(err);
			goto done;
		}
	r->files_loaded = true;
	warn_edited(&ws, r);
	warn_removed(&ws, r);
	warn_duplicates(&ws, r);
	if (ws.nomem) {
		rc = nomem(err);
		goto done;
	}
	ls_hrev *base = prefix_parent(r);
	if ((rc = start_catalog(&cat, x, base, err)) < 0 ||
			(rc = ls_history_apply(w->h, cat, r->files, base ? base->n_files : 0, r->n_files,
					&r->commit, NULL, NULL, err)) < 0 ||
			(rc = adopt_parent_ids(x, r, base, cat, err)) < 0 ||
			(rc = ls_store_save(r->key, w->h->store, cat, err)) < 0)
		goto done;
	if (base)
		git_oid_tostr(r->base, sizeof r->base, &base->commit);
	for (size_t i = 0; i < ws.n; i++)
		ls_history_warn(w->h, "%s", ws.lines[i]);
	if ((rc = record(w, r, base ? base->n_files : 0, &ws, err)) < 0)
		goto done;
	ls_catalog_free(x->last);
	x->last = cat;
	x->last_rev = r;
	cat = NULL;
done:
	ls_catalog_free(cat);
	ls_arena_free(tmp);
	return rc;
}

/* Visit one commit (its parents are visited): record it unless it is. */
static int visit(run *x, ls_hrev *r, ls_error *err)
{
	ls_hwalk *w = x->w;
	git_tree *tree = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	ls_hrev *same = NULL;
	for (size_t p = 0; p < r->n_parents; p++)
		r->parents[p]->children_left--;
	int rc = read_row(w, r, err);
	if (rc == 0) {
		git_oid_tostr(hex, sizeof hex, &r->commit);
		return ls_store_revision_warnings(w->h->store, hex, w->src.text, print_warning, w->h, err);
	}
	if (rc != LS_ENOTFOUND)
		return rc;
	ls_error_clear(err);
	if ((rc = ls_git_commit_tree(&tree, NULL, w->h->repo, &r->commit, err)) < 0 ||
			(rc = ensure_root(w, r, tree, err)) < 0 ||
			(rc = same_root_parent(&same, w, r, err)) < 0)
		goto done;
	if (same) {
		/* nothing under the schema root changed: same migrations, same
		 * snapshot, nothing read */
		memcpy(r->key, same->key, sizeof r->key);
		git_oid_tostr(r->base, sizeof r->base, &same->commit);
		r->n_files = same->n_files;
		r->files = same->files;
		r->files_loaded = same->files_loaded;
		rc = record(w, r, r->n_files, NULL, err);
		if (rc == 0 && x->last_rev == same && same->children_left == 0)
			x->last_rev = r;
	} else {
		rc = build(x, r, tree, err);
	}
done:
	git_tree_free(tree);
	return rc;
}

/* Every commit to walk, parents first (topological, stable by time), with
 * their parents linked and children counted. */
static int collect(ls_hwalk *w, const git_oid *tips, size_t n_tips, ls_error *err)
{
	git_revwalk *rw = NULL;
	git_oid id;
	int rc = 0;
	if (git_revwalk_new(&rw, w->h->repo) < 0 ||
			git_revwalk_sorting(rw, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE) < 0)
		rc = ls_git_error(err, LS_EENV, "cannot walk the history");
	for (size_t i = 0; rc == 0 && i < n_tips; i++)
		if (git_revwalk_push(rw, &tips[i]) < 0)
			rc = ls_git_error(err, LS_EENV, "cannot walk the history");
	while (rc == 0 && (rc = git_revwalk_next(&id, rw)) == 0) {
		ls_hrev *r = rev_get(w, &id);
		ls_hrev **slot = r ? ls_arena_push(w->a, (void **)&w->revs, &w->n_revs, sizeof *slot) : NULL;
		if (!slot) {
			rc = nomem(err);
			break;
		}
		*slot = r;
	}
	if (rc == GIT_ITEROVER)
		rc = 0;
	else if (rc > 0 || (rc < 0 && err->n_diags == 0))
		rc = ls_git_error(err, LS_EENV, "cannot walk the history (missing objects?)");
	git_revwalk_free(rw);
	for (size_t i = 0; rc == 0 && i < w->n_revs; i++) {
		ls_hrev *r = w->revs[i];
		git_commit *c = NULL;
		if (git_commit_lookup(&c, w->h->repo, &r->commit) < 0)
			return ls_git_error(err, LS_EENV, "cannot read a commit");
		unsigned np = git_commit_parentcount(c);
		r->parents = ls_arena_alloc(w->a, (np ? np : 1) * sizeof *r->parents);
		for (unsigned p = 0; r->parents && p < np; p++) {
			/* a parent outside the walk (a shallow clone's cut) is left out */
			ls_hrev *pr = ls_hwalk_find(w, git_commit_parent_id(c, p));
			if (pr) {
				r->parents[r->n_parents++] = pr;
				pr->children_left++;
			}
		}
		git_commit_free(c);
		if (!r->parents)
			rc = nomem(err);
	}
	return rc;
}

/* The tips: the given revisions, or HEAD and every ref. */
static int tips_of(git_oid **out, size_t *n, ls_hwalk *w, const char *const *revs,
		size_t n_revs, ls_error *err)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	git_oid id;
	int rc = 0;
	*out = NULL;
	*n = 0;
	for (size_t i = 0; revs && i < n_revs && rc == 0; i++)
		if ((rc = ls_git_resolve(&id, w->h->repo, revs[i], err)) == 0) {
			git_oid *slot = ls_arena_push(w->a, (void **)out, n, sizeof *slot);
			if (!slot)
				return nomem(err);
			git_oid_cpy(slot, &id);
		}
	if (revs || rc < 0)
		return rc;
	if ((rc = ls_git_resolve(&id, w->h->repo, "HEAD", err)) == 0) {
		git_oid *slot = ls_arena_push(w->a, (void **)out, n, sizeof *slot);
		if (!slot)
			return nomem(err);
		git_oid_cpy(slot, &id);
	}
	/* an unborn HEAD is no tip; a HEAD whose commit is unreadable is a fault */
	if (rc == LS_EIO)
		return rc;
	rc = 0;
	ls_error_clear(err);
	if (git_reference_iterator_new(&it, w->h->repo) < 0)
		return ls_git_error(err, LS_EENV, "cannot list the references");
	while (rc == 0 && git_reference_next(&ref, it) == 0) {
		bool found;
		/* refs that are not commits (a tag of a tree) are not history */
		if ((rc = ls_git_ref_commit(&id, &found, w->h->repo, ref, err)) == 0 && found) {
			git_oid *slot = ls_arena_push(w->a, (void **)out, n, sizeof *slot);
			if (slot)
				git_oid_cpy(slot, &id);
			else
				rc = nomem(err);
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	return rc;
}

int ls_hwalk_run(ls_hwalk **out, ls_history *h, const char *const *revs, size_t n_revs,
		ls_error *err)
{
	git_oid *tips = NULL;
	size_t n_tips = 0, before = 0, after = 0;
	git_tree *tree = NULL;
	run x = {0};
	int rc = 0;
	ls_hwalk *w = ls_malloc(sizeof *w);
	*out = w;
	if (!w)
		return nomem(err);
	memset(w, 0, sizeof *w);
	w->h = h;
	if (!h->store)
		return ls_error_set(err, LS_EINVAL, NULL, 0, 0, "the history walk needs a store");
	if (ls_arena_new(&w->a) < 0 || !(w->index = ls_malloc(sizeof(table))) ||
			!(w->files = ls_malloc(sizeof(table))))
		return nomem(err);
	memset(w->index, 0, sizeof(table));
	memset(w->files, 0, sizeof(table));
	if ((rc = tips_of(&tips, &n_tips, w, revs, n_revs, err)) < 0)
		return rc;
	if (n_tips == 0)
		return 0;
	/* the layout is found once, at the first tip, and used for every commit */
	if ((rc = ls_git_commit_tree(&tree, NULL, h->repo, &tips[0], err)) < 0)
		return rc;
	rc = ls_history_source(&w->src, h, tree, NULL, w->a, err);
	git_tree_free(tree);
	if (rc < 0 || (rc = collect(w, tips, n_tips, err)) < 0 ||
			(rc = ls_store_count_snapshots(&before, h->store, err)) < 0)
		return rc;
	x.w = w;
	x.total = w->n_revs;
	ls_error first;
	ls_error_clear(&first);
	for (size_t i = 0; i < w->n_revs && rc == 0; i++) {
		ls_hrev *r = w->revs[i];
		if ((rc = visit(&x, r, err)) < 0 && revision_fault(rc)) {
			if (w->n_failed++ == 0)
				first = *err;
			r->failed = true;
			ls_error_clear(err);
			rc = 0;
		}
		h->stats.commits_walked++;
		if (r->recorded)
			h->stats.revisions++;
		x.done = i + 1;
		progress(&x, false);
	}
	progress(&x, true);
	ls_catalog_free(x.last);
	if (rc == 0 && (rc = ls_store_count_snapshots(&after, h->store, err)) == 0)
		h->stats.new_snapshots = after - before;
	if (rc == 0 && w->n_failed) {
		*err = first;
		rc = first.code ? first.code : LS_EINVAL;
	}
	return rc;
}

void ls_hwalk_free(ls_hwalk *w)
{
	if (!w)
		return;
	if (w->index)
		free(((table *)w->index)->slots);
	if (w->files)
		free(((table *)w->files)->slots);
	free(w->index);
	free(w->files);
	ls_arena_free(w->a);
	free(w);
}

int ls_history_snapshot(ls_history_stats *stats, ls_history *h, const char *const *revs,
		size_t n_revs, ls_error *err)
{
	ls_hwalk *w = NULL;
	memset(&h->stats, 0, sizeof h->stats);
	int rc = ls_hwalk_run(&w, h, revs, n_revs, err);
	ls_hwalk_free(w);
	if (stats)
		*stats = h->stats;
	return rc;
}

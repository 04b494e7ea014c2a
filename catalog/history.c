/* Schema history from git: opening a repository, finding a revision's
 * schema and replaying its migrations (history.h). The snapshot walk is in
 * history_walk.c, the log in history_log.c. */
#define _POSIX_C_SOURCE 200809L
#include "history_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "store_history.h"

/* Bump when parse.c's preprocessing changes the text the parser sees. */
#define LS_PARSE_CACHE_FORMAT 1

static char *dup_str(const char *s)
{
	char *d = s ? ls_malloc(strlen(s) + 1) : NULL;
	if (d)
		strcpy(d, s);
	return d;
}

int ls_history_open(ls_history **out, const char *repo, const ls_history_options *opts,
		ls_error *err)
{
	ls_history_options none = LS_HISTORY_OPTIONS_INIT;
	int rc = 0;
	*out = NULL;
	if (!opts)
		opts = &none;
	if (opts->version != LS_HISTORY_OPTIONS_VERSION)
		return ls_error_set(err, LS_EINVAL, NULL, 0, 0, "history options version %u unknown",
				opts->version);
	int kind = opts->layout ? ls_layout_from_name(opts->layout) : LS_LAYOUT_AUTO;
	if (kind < 0) {
		ls_error_set(err, LS_EINVAL, NULL, 0, 0, "unknown layout '%s'", opts->layout);
		snprintf(err->hint, sizeof err->hint, "layouts: auto, file, flyway, golang-migrate, "
				"diesel, prisma, drizzle, sqitch, numbered");
		return LS_EINVAL;
	}
	ls_history *h = ls_malloc(sizeof *h);
	if (!h)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	memset(h, 0, sizeof *h);
	git_libgit2_init();
	h->kind = (ls_layout_kind)kind;
	h->progress = opts->progress && isatty(2);
	h->warn = opts->warn;
	h->warn_ctx = opts->warn_ctx;
	snprintf(h->parser, sizeof h->parser, "libpg_query-%s/%d", PG_VERSION, LS_PARSE_CACHE_FORMAT);
	if ((rc = ls_git_open(&h->repo, repo, err)) < 0)
		goto done;
	const char *gitdir = git_repository_path(h->repo);
	h->default_store = ls_malloc(strlen(gitdir) + sizeof "lockstep.sqlite");
	if ((opts->path && !(h->path = dup_str(opts->path))) || !h->default_store) {
		rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	sprintf(h->default_store, "%slockstep.sqlite", gitdir);
	/* a path given as "db/migrations/" or "./db" names the same folder */
	while (h->path && !strncmp(h->path, "./", 2))
		memmove(h->path, h->path + 2, strlen(h->path + 2) + 1);
	while (h->path && h->path[0] && h->path[strlen(h->path) - 1] == '/')
		h->path[strlen(h->path) - 1] = '\0';
	if (opts->store)
		rc = ls_store_open(&h->store, opts->store, err);
done:
	if (rc < 0) {
		ls_history_free(h);
		return rc;
	}
	*out = h;
	return 0;
}

void ls_history_free(ls_history *h)
{
	if (!h)
		return;
	ls_store_close(h->store);
	git_repository_free(h->repo);
	free(h->path);
	free(h->default_store);
	free(h);
	git_libgit2_shutdown();
}

const char *ls_history_default_store(ls_history *h)
{
	return h->default_store;
}

void ls_history_warn(ls_history *h, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (h->warn)
		h->warn(h->warn_ctx, line);
}

typedef struct tree_reader {
	git_repository *repo;
	git_tree *tree;
} tree_reader;

/* ls_layout_read_fn over a git tree. */
static int read_from_tree(void *ctx, ls_arena *a, const char *path, const char **data,
		size_t *len, ls_error *err)
{
	tree_reader *r = ctx;
	git_oid id;
	bool found;
	git_filemode_t mode;
	int rc = ls_git_entry_id(&id, &found, &mode, r->tree, path, err);
	if (rc < 0)
		return rc;
	if (!found || mode == GIT_FILEMODE_TREE)
		return LS_ENOTFOUND;
	if ((rc = ls_git_check_file(mode, path, err)) < 0)
		return rc;
	return ls_git_read_blob(data, len, a, r->repo, &id, path, err);
}

/* The paths of files for ls_layout_find. */
static const char **paths_of(ls_arena *a, const ls_git_file *files, size_t n)
{
	const char **paths = ls_arena_alloc(a, (n ? n : 1) * sizeof *paths);
	for (size_t i = 0; paths && i < n; i++)
		paths[i] = files[i].path;
	return paths;
}

int ls_history_source(ls_hsource *out, ls_history *h, git_tree *tree,
		const char *root_override, ls_arena *a, ls_error *err)
{
	const char *root = root_override ? root_override : h->path;
	ls_git_file *files = NULL;
	size_t n = 0;
	int rc = ls_git_list(&files, &n, a, h->repo, tree, root ? root : "", err);
	if (rc < 0)
		return rc;
	git_oid id;
	bool found = false;
	git_filemode_t mode = GIT_FILEMODE_UNREADABLE;
	if (root && root[0] && (rc = ls_git_entry_id(&id, &found, &mode, tree, root, err)) < 0)
		return rc;
	if (root && root[0] && found && mode != GIT_FILEMODE_TREE) {
		/* the root is a file: the listing under it is empty */
		ls_git_file *f = ls_arena_push(a, (void **)&files, &n, sizeof *f);
		if (!f)
			return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		f->path = root;
		git_oid_cpy(&f->blob, &id);
		f->mode = mode;
	}
	const char **paths = paths_of(a, files, n);
	if (!paths)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	tree_reader r = {h->repo, tree};
	ls_layout layout;
	rc = ls_layout_find(&layout, a, paths, n, h->kind, root && root[0] ? root : NULL,
			read_from_tree, &r, err);
	if (rc < 0)
		return rc;
	out->kind = layout.kind;
	out->root = layout.root;
	out->text = ls_arena_printf(a, "%s:%s", ls_layout_name(layout.kind), layout.root);
	return out->text ? 0 : ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
}

int ls_history_root_id(git_oid *out, bool *found, git_tree *tree, const ls_hsource *src,
		ls_error *err)
{
	git_filemode_t mode;
	return ls_git_entry_id(out, found, &mode, tree, src->root, err);
}

static int cmp_file_path(const void *a, const void *b)
{
	return strcmp(((const ls_git_file *)a)->path, ((const ls_git_file *)b)->path);
}

static const ls_git_file *find_file(const ls_git_file *files, size_t n, const char *path)
{
	ls_git_file key = {.path = path};
	return n ? bsearch(&key, files, n, sizeof *files, cmp_file_path) : NULL;
}

/* ls_git_check_file, naming the file as "commit:path" like the parse
 * errors of the revision do. */
static int check_file(git_filemode_t mode, const char *short_id, const char *path,
		ls_arena *a, ls_error *err)
{
	if (ls_git_check_file(mode, path, NULL) == 0)
		return 0;
	const char *shown = ls_arena_printf(a, "%s:%s", short_id, path);
	if (!shown)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	return ls_git_check_file(mode, shown, err);
}

int ls_history_files(ls_hfile **out, size_t *n, ls_history *h, git_tree *tree,
		const ls_hsource *src, const git_oid *commit, ls_arena *a, ls_error *err)
{
	ls_git_file *files = NULL;
	size_t nf = 0;
	git_oid id;
	bool found;
	git_filemode_t mode;
	char short_id[8];
	git_oid_tostr(short_id, sizeof short_id, commit);
	*out = NULL;
	*n = 0;
	int rc = ls_git_entry_id(&id, &found, &mode, tree, src->root, err);
	if (rc < 0 || !found)
		return rc;
	if (src->kind == LS_LAYOUT_FILE && src->root[0]) {
		/* a single schema file: the root names it */
		if ((rc = check_file(mode, short_id, src->root, a, err)) < 0)
			return rc;
		ls_hfile *f = ls_arena_alloc(a, sizeof *f);
		if (!f)
			return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		memset(f, 0, sizeof *f);
		f->path = src->root;
		git_oid_cpy(&f->blob, &id);
		git_oid_cpy(&f->introduced, commit);
		*out = f;
		*n = 1;
		return 0;
	}
	if ((rc = ls_git_list(&files, &nf, a, h->repo, tree, src->root, err)) < 0)
		return rc;
	const char **paths = paths_of(a, files, nf);
	if (!paths)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	tree_reader r = {h->repo, tree};
	ls_layout layout;
	rc = ls_layout_find(&layout, a, paths, nf, src->kind, src->root[0] ? src->root : NULL,
			read_from_tree, &r, err);
	if (rc == LS_ENOTFOUND) {
		ls_error_clear(err);
		return 0;
	}
	if (rc < 0)
		return rc;
	if (nf)
		qsort(files, nf, sizeof *files, cmp_file_path);
	ls_hfile *hf = ls_arena_alloc(a, (layout.n_migrations ? layout.n_migrations : 1) * sizeof *hf);
	if (!hf)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < layout.n_migrations; i++) {
		const ls_migration *m = &layout.migrations[i];
		const ls_git_file *up = find_file(files, nf, m->up_path);
		const ls_git_file *down = m->down_path ? find_file(files, nf, m->down_path) : NULL;
		memset(&hf[i], 0, sizeof hf[i]);
		if (!up)
			return ls_error_set(err, LS_EINVAL, m->up_path, 0, 0, "no such file in the revision");
		if ((rc = check_file(up->mode, short_id, up->path, a, err)) < 0 ||
				(down && (rc = check_file(down->mode, short_id, down->path, a, err)) < 0))
			return rc;
		hf[i].path = m->up_path;
		git_oid_cpy(&hf[i].blob, &up->blob);
		hf[i].version = m->version;
		if (down) {
			hf[i].down_path = m->down_path;
			git_oid_cpy(&hf[i].down_blob, &down->blob);
			hf[i].has_down = true;
		}
		git_oid_cpy(&hf[i].introduced, commit);
	}
	*out = hf;
	*n = layout.n_migrations;
	return 0;
}

typedef struct tree_saver {
	ls_history *h;
	const char *blob;
} tree_saver;

static int save_tree(void *ctx, const void *tree, size_t len, ls_error *err)
{
	tree_saver *s = ctx;
	return ls_store_tree_put(s->h->store, s->blob, s->h->parser, tree, len, err);
}

/* Parse one blob's text, with the store's parse cache when there is one. */
static int parse_blob(ls_parsed **out, ls_history *h, const git_oid *blob, const char *text,
		size_t len, const char *path, ls_error *err)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, blob);
	tree_saver saver = {h, hex};
	ls_parse_cache cache = {.save = save_tree, .ctx = &saver};
	void *tree = NULL;
	size_t tree_len = 0;
	int rc = 0;
	if (h->store) {
		rc = ls_store_tree_get(&tree, &tree_len, h->store, hex, h->parser, err);
		if (rc == LS_ENOTFOUND)
			rc = 0;
		else if (rc < 0)
			return rc;
		cache.tree = tree;
		cache.tree_len = tree_len;
	}
	rc = ls_parse_cached(out, text, len, path, h->store ? &cache : NULL, err);
	if (tree)
		h->stats.cache_hits++;
	else
		h->stats.files_parsed++;
	free(tree);
	return rc;
}

int ls_history_apply(ls_history *h, ls_catalog *cat, const ls_hfile *const *files,
		size_t from, size_t n, const git_oid *commit, ls_after_stmt_fn after, void *ctx,
		ls_error *err)
{
	char short_id[8];
	git_oid_tostr(short_id, sizeof short_id, commit);
	int rc = 0;
	for (size_t i = from; i < n && rc == 0; i++) {
		const char *text = NULL;
		size_t len = 0;
		ls_parsed *p = NULL;
		const char *shown = ls_arena_printf(cat->arena, "%s:%s", short_id, files[i]->path);
		if (!shown)
			return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		if ((rc = ls_git_read_blob(&text, &len, cat->arena, h->repo, &files[i]->blob,
						shown, err)) < 0 ||
				(rc = parse_blob(&p, h, &files[i]->blob, text, len, shown, err)) < 0 ||
				(rc = ls_apply_parsed(cat, p, after, ctx, err)) < 0)
			git_oid_tostr(err->commit, sizeof err->commit, commit);
		ls_parsed_free(p);
	}
	return rc;
}

/* Split "REV:PATH" when REV resolves; else the whole text is the revision. */
static int resolve_rev(git_oid *commit, const char **path, ls_history *h, const char *rev,
		ls_arena *a, ls_error *err)
{
	const char *colon = strchr(rev, ':');
	*path = NULL;
	if (colon && colon > rev) {
		const char *left = ls_arena_strndup(a, rev, (size_t)(colon - rev));
		ls_error quiet;
		ls_error_clear(&quiet);
		if (left && ls_git_resolve(commit, h->repo, left, &quiet) == 0) {
			const char *p = colon + 1;
			while (!strncmp(p, "./", 2))
				p += 2;
			char *copy = ls_arena_strdup(a, p);
			if (!copy)
				return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
			for (size_t l = strlen(copy); l > 0 && copy[l - 1] == '/'; l--)
				copy[l - 1] = '\0';
			*path = copy;
			return 0;
		}
	}
	return ls_git_resolve(commit, h->repo, rev, err);
}

bool ls_history_is_revision(ls_history *h, const char *rev)
{
	ls_arena *a = NULL;
	ls_error quiet;
	ls_error_clear(&quiet);
	git_oid id;
	const char *path;
	bool ok = ls_arena_new(&a) == 0 && resolve_rev(&id, &path, h, rev, a, &quiet) == 0;
	ls_arena_free(a);
	return ok;
}

int ls_history_catalog(ls_catalog **out, ls_history *h, const char *rev, ls_error *err)
{
	ls_arena *a = NULL;
	ls_catalog *cat = NULL;
	git_tree *tree = NULL;
	git_oid commit;
	const char *path;
	ls_hsource src;
	ls_hfile *files = NULL;
	size_t n = 0;
	*out = NULL;
	int rc = ls_arena_new(&a);
	if (rc < 0)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if ((rc = resolve_rev(&commit, &path, h, rev, a, err)) < 0 ||
			(rc = ls_git_commit_tree(&tree, NULL, h->repo, &commit, err)) < 0)
		goto done;
	rc = ls_history_source(&src, h, tree, path, a, err);
	if (rc == LS_ENOTFOUND && !path && !h->path) {
		/* before the schema existed: the empty catalog */
		ls_error_clear(err);
		rc = ls_catalog_new(&cat, err);
		goto done;
	}
	if (rc < 0 || (rc = ls_history_files(&files, &n, h, tree, &src, &commit, a, err)) < 0 ||
			(rc = ls_catalog_new(&cat, err)) < 0)
		goto done;
	const ls_hfile **list = ls_arena_alloc(a, (n ? n : 1) * sizeof *list);
	if (!list) {
		rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		list[i] = &files[i];
	rc = ls_history_apply(h, cat, list, 0, n, &commit, NULL, NULL, err);
done:
	git_tree_free(tree);
	ls_arena_free(a);
	if (rc < 0) {
		ls_catalog_free(cat);
		return rc;
	}
	*out = cat;
	return 0;
}

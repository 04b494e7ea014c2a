/* libgit2, as history.c uses it (git.h). */
#define _POSIX_C_SOURCE 200809L
#include "git.h"

#include <stdio.h>
#include <string.h>

static void damaged_hint(ls_error *err)
{
	if (!err->hint[0])
		snprintf(err->hint, sizeof err->hint,
				"the repository is damaged or incomplete: see git fsck");
}

bool ls_git_odb_fault(void)
{
	const git_error *e = git_error_last();
	return e && (e->klass == GIT_ERROR_ODB || e->klass == GIT_ERROR_ZLIB);
}

int ls_git_error(ls_error *err, int code, const char *what)
{
	const git_error *e = git_error_last();
	if (ls_git_odb_fault())
		code = LS_EIO;
	ls_error_set(err, code, NULL, 0, 0, "%s: %s", what,
			e && e->message ? e->message : "unknown libgit2 error");
	if (code == LS_EIO)
		damaged_hint(err);
	return code;
}

int ls_git_open(git_repository **out, const char *path, ls_error *err)
{
	*out = NULL;
	if (git_repository_open_ext(out, path ? path : ".", 0, NULL) < 0) {
		char what[600];
		snprintf(what, sizeof what, "cannot open the git repository at %s", path ? path : ".");
		return ls_git_error(err, LS_EENV, what);
	}
	int rc = ls_git_odb_install(*out, err);
	if (rc < 0) {
		git_repository_free(*out);
		*out = NULL;
	}
	return rc;
}

/* Read the object of the ref that rev starts with (the name before any
 * ^ ~ : or @{), if it names one: 0, or libgit2's error when that object
 * cannot be read. libgit2 1.5's rev-parse leaks the reference when it
 * cannot; read first, the object is in the odb's cache for rev-parse. */
static int read_base(git_repository *repo, const char *rev)
{
	char name[512];
	git_oid id;
	size_t n = strcspn(rev, "^~:");
	const char *at = strstr(rev, "@{");
	if (at && (size_t)(at - rev) < n)
		n = (size_t)(at - rev);
	/* a full object id is looked up as one before any ref */
	if (n == 0 || n >= sizeof name || (n == GIT_OID_HEXSZ && !git_oid_fromstrn(&id, rev, n)))
		return 0;
	memcpy(name, rev, n);
	name[n] = '\0';
	git_reference *ref = NULL;
	git_object *obj = NULL;
	int rc = 0;
	if (git_reference_dwim(&ref, repo, name) == 0 && git_reference_target(ref))
		rc = git_object_lookup(&obj, repo, git_reference_target(ref), GIT_OBJECT_ANY);
	else
		git_error_clear();
	git_object_free(obj);
	git_reference_free(ref);
	return rc;
}

int ls_git_resolve(git_oid *out, git_repository *repo, const char *rev, ls_error *err)
{
	git_object *obj = NULL, *commit = NULL;
	git_error_clear();
	int rc = read_base(repo, rev);
	if (rc == 0)
		rc = git_revparse_single(&obj, repo, rev);
	if (rc == 0)
		rc = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
	if (rc == 0)
		git_oid_cpy(out, git_object_id(commit));
	git_object_free(commit);
	git_object_free(obj);
	if (rc == 0)
		return 0;
	/* keep libgit2's answer: the shallow check below clears it */
	const git_error *e = git_error_last();
	bool fault = rc != GIT_EAMBIGUOUS && ls_git_odb_fault();
	char what[600], why[512];
	snprintf(why, sizeof why, "%s", e && e->message ? e->message : "unknown libgit2 error");
	snprintf(what, sizeof what, "unknown revision '%s'", rev);
	bool shallow = git_repository_is_shallow(repo) == 1;
	/* a revision whose objects are damaged, or missing where no shallow
	 * cut explains it, is not unknown */
	if (fault && !(shallow && rc == GIT_ENOTFOUND)) {
		ls_error_set(err, LS_EIO, NULL, 0, 0, "cannot read revision '%s': %s", rev, why);
		damaged_hint(err);
		return LS_EIO;
	}
	/* in a shallow clone, history before the cut is missing, not unknown */
	if (shallow) {
		ls_error_set(err, LS_EENV, NULL, 0, 0, "%s: the repository is a shallow clone", what);
		snprintf(err->hint, sizeof err->hint,
				"fetch the history: git fetch --unshallow");
		return LS_EENV;
	}
	int code = rc == GIT_ENOTFOUND || rc == GIT_EAMBIGUOUS || rc == GIT_EINVALIDSPEC ||
		rc == GIT_EPEEL ? LS_EINVAL : LS_EENV;
	return ls_error_set(err, code, NULL, 0, 0, "%s: %s", what, why);
}

int ls_git_ref_commit(git_oid *out, bool *found, git_repository *repo, git_reference *ref,
		ls_error *err)
{
	git_reference *direct = NULL;
	git_object *obj = NULL;
	int rc = 0;
	*found = false;
	git_error_clear();
	if (git_reference_resolve(&direct, ref) == 0 &&
			(rc = git_object_lookup(&obj, repo, git_reference_target(direct),
					GIT_OBJECT_ANY)) == 0) {
		/* peeled by hand: git_reference_peel replaces the reason it fails */
		while (rc == 0 && git_object_type(obj) == GIT_OBJECT_TAG) {
			git_object *next = NULL;
			rc = git_tag_target(&next, (git_tag *)obj);
			git_object_free(obj);
			obj = next;
		}
		if (rc == 0 && git_object_type(obj) == GIT_OBJECT_COMMIT) {
			git_oid_cpy(out, git_object_id(obj));
			*found = true;
		}
	}
	git_object_free(obj);
	git_reference_free(direct);
	if (rc < 0 && ls_git_odb_fault()) {
		char what[600];
		snprintf(what, sizeof what, "cannot read %s", git_reference_name(ref));
		return ls_git_error(err, LS_EIO, what);
	}
	return 0;
}

int ls_git_commit_tree(git_tree **out, git_commit **commit_out, git_repository *repo,
		const git_oid *commit, ls_error *err)
{
	git_commit *c = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	*out = NULL;
	git_oid_tostr(hex, sizeof hex, commit);
	if (git_commit_lookup(&c, repo, commit) < 0 || git_commit_tree(out, c) < 0) {
		char what[128];
		snprintf(what, sizeof what, "cannot read commit %s", hex);
		git_commit_free(c);
		return ls_git_error(err, LS_EENV, what);
	}
	if (commit_out)
		*commit_out = c;
	else
		git_commit_free(c);
	return 0;
}

int ls_git_entry_id(git_oid *out, bool *found, git_filemode_t *mode, git_tree *tree,
		const char *path, ls_error *err)
{
	*found = false;
	*mode = GIT_FILEMODE_UNREADABLE;
	if (!path[0]) {
		git_oid_cpy(out, git_tree_id(tree));
		*found = true;
		*mode = GIT_FILEMODE_TREE;
		return 0;
	}
	git_tree_entry *e = NULL;
	git_error_clear();
	int rc = git_tree_entry_bypath(&e, tree, path);
	if (rc == GIT_ENOTFOUND && !ls_git_odb_fault())
		return 0;
	if (rc < 0)
		return ls_git_error(err, LS_EENV, "cannot read a tree");
	git_oid_cpy(out, git_tree_entry_id(e));
	*found = true;
	*mode = git_tree_entry_filemode(e);
	git_tree_entry_free(e);
	return 0;
}

int ls_git_check_file(git_filemode_t mode, const char *path, ls_error *err)
{
	if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE)
		return 0;
	if (mode == GIT_FILEMODE_LINK)
		return ls_error_set(err, LS_EINVAL, path, 0, 0,
				"a symbolic link in the revision: not followed, not read");
	return ls_error_set(err, LS_EINVAL, path, 0, 0, "%s in the revision, not a file: not read",
			mode == GIT_FILEMODE_COMMIT ? "a submodule" : "a folder");
}

typedef struct lister {
	ls_arena *a;
	const char *prefix;       /* path of the listed folder + "/", or "" */
	ls_git_file *files;
	size_t n;
	bool nomem;
} lister;

/* prefix, root and name joined, in a (a history walk lists every file of
 * every commit: printf here was a tenth of the walk). */
static char *join3(ls_arena *a, const char *prefix, const char *root, const char *name)
{
	size_t np = strlen(prefix), nr = strlen(root), nn = strlen(name);
	char *p = ls_arena_alloc(a, np + nr + nn + 1);
	if (p) {
		memcpy(p, prefix, np);
		memcpy(p + np, root, nr);
		memcpy(p + np + nr, name, nn + 1);
	}
	return p;
}

static int list_entry(const char *root, const git_tree_entry *e, void *payload)
{
	lister *l = payload;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	ls_git_file *f = ls_arena_push(l->a, (void **)&l->files, &l->n, sizeof *f);
	const char *path = join3(l->a, l->prefix, root, git_tree_entry_name(e));
	if (!f || !path) {
		l->nomem = true;
		return -1;
	}
	f->path = path;
	git_oid_cpy(&f->blob, git_tree_entry_id(e));
	f->mode = git_tree_entry_filemode(e);
	return 0;
}

int ls_git_list(ls_git_file **out, size_t *n, ls_arena *a, git_repository *repo,
		git_tree *tree, const char *path, ls_error *err)
{
	git_tree *sub = NULL;
	lister l = {.a = a, .prefix = ""};
	*out = NULL;
	*n = 0;
	if (path[0]) {
		git_tree_entry *e = NULL;
		git_error_clear();
		int rc = git_tree_entry_bypath(&e, tree, path);
		if (rc == GIT_ENOTFOUND && !ls_git_odb_fault())
			return 0;
		if (rc < 0 || (git_tree_entry_type(e) == GIT_OBJECT_TREE &&
					git_tree_lookup(&sub, repo, git_tree_entry_id(e)) < 0)) {
			git_tree_entry_free(e);
			return ls_git_error(err, LS_EENV, "cannot read a tree");
		}
		git_tree_entry_free(e);
		if (!sub)
			return 0;
		l.prefix = ls_arena_printf(a, "%s/", path);
		if (!l.prefix) {
			git_tree_free(sub);
			return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		}
	}
	int rc = git_tree_walk(sub ? sub : tree, GIT_TREEWALK_PRE, list_entry, &l);
	git_tree_free(sub);
	if (l.nomem)
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if (rc < 0)
		return ls_git_error(err, LS_EENV, "cannot read a tree");
	*out = l.files;
	*n = l.n;
	return 0;
}

int ls_git_read_blob(const char **data, size_t *len, ls_arena *a, git_repository *repo,
		const git_oid *blob, const char *path, ls_error *err)
{
	git_blob *b = NULL;
	if (git_blob_lookup(&b, repo, blob) < 0) {
		char what[600];
		snprintf(what, sizeof what, "cannot read %s", path);
		return ls_git_error(err, LS_EENV, what);
	}
	size_t size = (size_t)git_blob_rawsize(b);
	char *copy = ls_arena_alloc(a, size + 1);
	if (!copy) {
		git_blob_free(b);
		return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	}
	memcpy(copy, git_blob_rawcontent(b), size);
	copy[size] = '\0';
	git_blob_free(b);
	*data = copy;
	*len = size;
	return 0;
}

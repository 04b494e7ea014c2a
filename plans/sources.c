/* Catalog sources named on the command line, and catalog output. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Open the repository of -C (or of the current folder) for a source that
 * is not a path. */
static int open_history(ls_history **h, const ls_cli_git *git, ls_error *err)
{
	if (*h)
		return 0;
	ls_history_options opts = LS_HISTORY_OPTIONS_INIT;
	opts.layout = git ? git->layout : NULL;
	opts.path = git ? git->path : NULL;
	return ls_history_open(h, git ? git->repo : NULL, &opts, err);
}

/* A source that is not a path: a revision of the repository (a
 * connection string is refused before its password could reach a
 * message). */
static int load_revision(ls_catalog **cat, ls_history **h, const ls_cli_git *git,
		const char *source, bool first, ls_error *err)
{
	int rc = ls_cli_refuse_conninfo(source, "SOURCE", err);
	if (rc == 0)
		rc = open_history(h, git, err);
	if (rc == LS_EENV && !(git && git->repo)) {
		/* no repository here: the argument was meant as a path */
		ls_error_clear(err);
		return ls_error_set(err, LS_EINVAL, source, 0, 0, "no such file, folder or revision");
	}
	if (rc < 0)
		return rc;
	if (!first)
		return ls_error_set(err, LS_EINVAL, source, 0, 0,
				"a git revision must be the first SOURCE");
	ls_catalog *rev = NULL;
	if ((rc = ls_history_catalog(&rev, *h, source, err)) < 0)
		return rc;
	ls_catalog_free(*cat);
	*cat = rev;
	return 0;
}

int ls_cli_load_sources(ls_catalog **out, char **sources, int n, const ls_cli_git *git,
		ls_error *err)
{
	ls_catalog *cat = NULL;
	ls_history *h = NULL;
	int rc = ls_catalog_new(&cat, err);
	for (int i = 0; i < n && rc == 0; i++) {
		struct stat st;
		if (!strcmp(sources[i], "empty"))
			continue;
		/* a path that exists wins over a revision of the same name */
		if (stat(sources[i], &st) != 0)
			rc = load_revision(&cat, &h, git, sources[i], i == 0, err);
		else if (S_ISDIR(st.st_mode))
			rc = ls_catalog_apply_folder(cat, sources[i], err);
		else
			rc = ls_catalog_apply_file(cat, sources[i], err);
	}
	ls_history_free(h);
	if (rc < 0) {
		ls_catalog_free(cat);
		return rc;
	}
	*out = cat;
	return 0;
}

int ls_cli_print_catalog(ls_catalog *cat, const char *format, ls_error *err)
{
	char *text = NULL;
	int rc = !strcmp(format, "sql") ? ls_catalog_to_sql(&text, cat, err) :
		ls_catalog_to_json(&text, cat, err);
	if (rc < 0)
		return rc;
	size_t len = strlen(text);
	if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
		rc = ls_error_set(err, LS_EIO, "stdout", 0, 0, "write failed: %s", strerror(errno));
	free(text);
	return rc;
}

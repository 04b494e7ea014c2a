/* lockstep snapshot [-C REPO] [--layout L] [--path P] [--store FILE] [REV...|--all]
 *
 * Records the catalog of every commit the revisions reach (or every ref
 * reaches, with --all) into the store, and says what it did on the last
 * line of stderr. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "lockstep/render.h"

#include <stdio.h>
#include <string.h>

static void print_warning(void *ctx, const char *message)
{
	(void)ctx;
	/* a warning names the revision's paths: escaped */
	fputs("lockstep: warning: ", stderr);
	ls_render_line(stderr, message);
	fputc('\n', stderr);
}

/* Open the history of -C with the store of --store (or the repository's
 * default store); shared by snapshot and log. */
int ls_cli_open_history(ls_history **out, const ls_cli_git *git, const char *store,
		ls_error *err)
{
	ls_history_options opts = LS_HISTORY_OPTIONS_INIT;
	opts.layout = git->layout;
	opts.path = git->path;
	opts.progress = true;
	opts.warn = print_warning;
	ls_history *probe = NULL;
	int rc;
	if (!store) {
		/* the default store lives in the git folder: open once to find it */
		if ((rc = ls_history_open(&probe, git->repo, &opts, err)) < 0)
			return rc;
		store = ls_history_default_store(probe);
	}
	opts.store = store;
	rc = ls_history_open(out, git->repo, &opts, err);
	ls_history_free(probe);
	return rc;
}

int ls_cmd_snapshot(int argc, char **argv)
{
	const ls_command *self = &ls_commands[2];
	ls_cli_git git = {0};
	const char *store = NULL;
	bool all = false;
	const ls_cli_option opts[] = {
		{"-C", &git.repo, NULL},
		{"--layout", &git.layout, NULL},
		{"--path", &git.path, NULL},
		{"--store", &store, NULL},
		{"--all", NULL, &all},
		{NULL, NULL, NULL},
	};
	char *revs[256];
	int n = 0;
	if (ls_cli_parse(self, argc, argv, opts, revs, &n, 256))
		return 2;
	if (all && n)
		return ls_cli_usage(self, "give revisions or --all, not both");
	ls_error err;
	ls_error_clear(&err);
	ls_history *h = NULL;
	ls_history_stats stats = {0};
	const char *head = "HEAD";
	int rc = 0;
	for (int i = 0; i < n && rc == 0; i++)
		rc = ls_cli_refuse_conninfo(revs[i], "revision", &err);
	if (rc == 0)
		rc = ls_cli_open_history(&h, &git, store, &err);
	if (rc == 0)
		rc = ls_history_snapshot(&stats, h, all ? NULL : n ? (const char *const *)revs : &head,
				all ? 0 : n ? (size_t)n : 1, &err);
	ls_history_free(h);
	int code = rc < 0 ? ls_cli_report(&err) : 0;
	if (rc == 0 || stats.commits_walked)
		fprintf(stderr, "snapshot: %zu revisions, %zu new snapshots, %zu files parsed, "
				"%zu parse cache hits\n", stats.revisions, stats.new_snapshots,
				stats.files_parsed, stats.cache_hits);
	return code;
}

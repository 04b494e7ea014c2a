/* lockstep plan FROM TO [-o DIR] [--rename OLD=NEW]... [--no-online] [-C REPO] [--layout L] [--path P]
 *
 * Writes up.sql, down.sql, prechecks.sql, plan.json and plan.md into DIR:
 * every file first to a temporary name in DIR, flushed to disk, and only
 * when all five are written renamed into place — a failure leaves the
 * folder as it was (lockstep/file.h). */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "lockstep/file.h"
#include "lockstep/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int ls_cli_take_repeated(int argc, char **argv, const char *name, const char ***values,
		size_t *n)
{
	size_t len = strlen(name);
	int w = 1;
	*values = NULL;
	*n = 0;
	for (int i = 1; i < argc; i++) {
		const char *v = NULL;
		if (!strcmp(argv[i], name) && i + 1 < argc)
			v = argv[++i];
		else if (!strncmp(argv[i], name, len) && argv[i][len] == '=')
			v = argv[i] + len + 1;
		if (!v) {
			argv[w++] = argv[i];
			continue;
		}
		const char **more = realloc(*values, (*n + 1) * sizeof *more);
		if (!more)
			return -1;
		*values = more;
		(*values)[(*n)++] = v;
	}
	argv[w] = NULL;
	return w;
}

bool ls_cli_is_revision(const char *source)
{
	struct stat st;
	return strcmp(source, "empty") != 0 && stat(source, &st) != 0;
}

int ls_cli_plan(ls_plan **out, const char *from, const char *to, const ls_cli_git *git,
		ls_plan_options *o, ls_error *err)
{
	ls_catalog *f = NULL, *t = NULL;
	char *a[1] = {(char *)from}, *b[1] = {(char *)to};
	int rc;
	*out = NULL;
	if ((rc = ls_cli_load_sources(&f, a, 1, git, err)) < 0 ||
			(rc = ls_cli_load_sources(&t, b, 1, git, err)) < 0)
		goto done;
	/* both from one history: object ids say what was renamed */
	o->identity = ls_cli_is_revision(from) && ls_cli_is_revision(to);
	rc = ls_plan_build(out, f, t, o, err);
done:
	ls_catalog_free(f);
	ls_catalog_free(t);
	return rc;
}

/* The five plan files, through lockstep/file.h: all written to
 * temporaries first, renamed into place together; DIR is created (0755 less
 * the umask) when missing and must not be a symbolic link. */
static int write_files(const ls_plan *p, const char *dir, const char *from, const char *to,
		ls_error *err)
{
	ls_file_content files[] = {
		{.name = "up.sql", .data = ls_render_sql(p, 1, from, to)},
		{.name = "down.sql", .data = ls_render_sql(p, 0, from, to)},
		{.name = "prechecks.sql", .data = ls_render_prechecks(p, from, to)},
		{.name = "plan.json", .data = ls_render_json(p, from, to)},
		{.name = "plan.md", .data = ls_render_md(p, from, to)},
	};
	size_t n = sizeof files / sizeof *files;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (!files[i].data)
			rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		else
			files[i].len = strlen(files[i].data);
	if (rc == 0)
		rc = ls_file_write_set(dir, files, n, NULL, err);
	for (size_t i = 0; i < n; i++)
		free((char *)files[i].data);
	return rc;
}

int ls_cmd_plan(int argc, char **argv)
{
	const ls_command *self = NULL;
	for (const ls_command *c = ls_commands; c->name; c++)
		if (!strcmp(c->name, "plan"))
			self = c;
	const char **renames = NULL, **attach = NULL;
	size_t n_renames = 0, n_attach = 0;
	if ((argc = ls_cli_take_repeated(argc, argv, "--rename", &renames, &n_renames)) < 0 ||
			(argc = ls_cli_take_repeated(argc, argv, "--attach", &attach, &n_attach)) < 0) {
		fprintf(stderr, "lockstep: out of memory\n");
		free(renames);
		return 2;
	}
	const char *dir = "plan", *stats = NULL, *version = NULL;
	bool plain = false;
	ls_cli_git git = {0};
	const ls_cli_option opts[] = {
		{"-o", &dir, NULL},
		{"--no-online", NULL, &plain},
		{"--stats", &stats, NULL},
		{"--pg-version", &version, NULL},
		{"-C", &git.repo, NULL},
		{"--layout", &git.layout, NULL},
		{"--path", &git.path, NULL},
		{NULL, NULL, NULL},
	};
	char *pos[2];
	int n = 0, rc;
	if ((rc = ls_cli_parse(self, argc, argv, opts, pos, &n, 2)) != 0)
		goto out;
	if (n != 2) {
		rc = ls_cli_usage(self, "FROM and TO are needed");
		goto out;
	}
	if (!*dir) {
		rc = ls_cli_usage(self, "-o needs a folder name");
		goto out;
	}
	int pg_version = 0;
	if (version) {
		char *end;
		long v = strtol(version, &end, 10);
		if (*end || end == version || v < 11 || v > 17) {
			rc = ls_cli_usage(self, "--pg-version takes a major version of PostgreSQL, 11 to 17");
			goto out;
		}
		pg_version = (int)v;
	}
	ls_error err;
	ls_error_clear(&err);
	ls_plan *p = NULL;
	ls_stats *st = NULL;
	if (stats && (rc = ls_stats_load(&st, stats, &err)) < 0) {
		rc = ls_cli_report(&err);
		goto out;
	}
	ls_plan_options o = LS_PLAN_OPTIONS_INIT;
	o.renames = renames;
	o.n_renames = n_renames;
	o.plain = plain;
	o.attach = attach;
	o.n_attach = n_attach;
	o.stats = st;
	o.pg_version = pg_version;
	if ((rc = ls_cli_plan(&p, pos[0], pos[1], &git, &o, &err)) == 0)
		rc = write_files(p, dir, pos[0], pos[1], &err);
	if (rc == 0) {
		size_t lost = 0;
		for (size_t i = 0; i < p->up.n_steps; i++)
			lost += p->up.steps[i].loses != NULL;
		printf("%zu step%s in %zu group%s (%zu irreversible), max risk %s: %s/up.sql, down.sql, "
				"prechecks.sql, plan.json, plan.md\n", p->up.n_steps, p->up.n_steps == 1 ? "" : "s",
				p->up.n_groups, p->up.n_groups == 1 ? "" : "s", lost, ls_plan_max_risk(&p->up), dir);
		for (size_t i = 0; i < p->n_warnings; i++) {
			fputs("lockstep: warning: ", stderr);
			ls_render_line(stderr, p->warnings[i]);
			fputc('\n', stderr);
		}
	}
	ls_plan_free(p);
	ls_stats_free(st);
	rc = rc < 0 ? ls_cli_report(&err) : 0;
out:
	free(renames);
	free(attach);
	return rc;
}

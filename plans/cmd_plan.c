/* lockstep plan FROM TO [-o DIR] [--rename OLD=NEW]... [-C REPO] [--layout L] [--path P]
 *
 * Writes up.sql, down.sql, prechecks.sql, plan.json and plan.md into DIR:
 * every file first to a temporary name in DIR, flushed to disk, and only
 * when all five are written renamed into place — a failure leaves the
 * folder as it was. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "lockstep/render.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
		const char *const *renames, size_t n_renames, ls_error *err)
{
	ls_catalog *f = NULL, *t = NULL;
	char *a[1] = {(char *)from}, *b[1] = {(char *)to};
	int rc;
	*out = NULL;
	if ((rc = ls_cli_load_sources(&f, a, 1, git, err)) < 0 ||
			(rc = ls_cli_load_sources(&t, b, 1, git, err)) < 0)
		goto done;
	ls_plan_options o = LS_PLAN_OPTIONS_INIT;
	o.renames = renames;
	o.n_renames = n_renames;
	/* both from one history: object ids say what was renamed */
	o.identity = ls_cli_is_revision(from) && ls_cli_is_revision(to);
	rc = ls_plan_build(out, f, t, &o, err);
done:
	ls_catalog_free(f);
	ls_catalog_free(t);
	return rc;
}

typedef struct out_file {
	const char *name;
	char *text;
	char tmp[4096];
	char path[4096];
	bool written;
} out_file;

static int write_tmp(out_file *o, const char *dir, ls_error *err)
{
	snprintf(o->path, sizeof o->path, "%s/%s", dir, o->name);
	snprintf(o->tmp, sizeof o->tmp, "%s/.%s.tmp.%ld", dir, o->name, (long)getpid());
	FILE *f = fopen(o->tmp, "w");
	if (!f)
		return ls_error_set(err, LS_EIO, o->tmp, 0, 0, "cannot write: %s", strerror(errno));
	o->written = true;
	size_t n = strlen(o->text);
	bool ok = fwrite(o->text, 1, n, f) == n && fflush(f) == 0 && fsync(fileno(f)) == 0;
	if (fclose(f) != 0)
		ok = false;
	if (!ok)
		return ls_error_set(err, LS_EIO, o->tmp, 0, 0, "cannot write: %s", strerror(errno));
	return 0;
}

static int write_files(const ls_plan *p, const char *dir, const char *from, const char *to,
		ls_error *err)
{
	out_file files[] = {
		{.name = "up.sql", .text = ls_render_sql(p, 1, from, to)},
		{.name = "down.sql", .text = ls_render_sql(p, 0, from, to)},
		{.name = "prechecks.sql", .text = ls_render_prechecks(p, from, to)},
		{.name = "plan.json", .text = ls_render_json(p, from, to)},
		{.name = "plan.md", .text = ls_render_md(p, from, to)},
	};
	size_t n = sizeof files / sizeof *files;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (!files[i].text)
			rc = ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if (rc == 0 && mkdir(dir, 0777) != 0 && errno != EEXIST)
		rc = ls_error_set(err, LS_EIO, dir, 0, 0, "cannot create the folder: %s", strerror(errno));
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = write_tmp(&files[i], dir, err);
	for (size_t i = 0; i < n && rc == 0; i++)
		if (rename(files[i].tmp, files[i].path) != 0)
			rc = ls_error_set(err, LS_EIO, files[i].path, 0, 0, "cannot rename into place: %s",
					strerror(errno));
		else
			files[i].written = false;
	for (size_t i = 0; i < n; i++) {
		if (files[i].written)
			unlink(files[i].tmp);
		free(files[i].text);
	}
	return rc;
}

static const char *max_risk(const ls_plan_side *side)
{
	const char *m = side->n_steps ? "low" : "none";
	for (size_t i = 0; i < side->n_steps; i++) {
		const char *r = side->steps[i].risk;
		if (!strcmp(r, "high") || (!strcmp(r, "medium") && strcmp(m, "high")))
			m = r;
	}
	return m;
}

int ls_cmd_plan(int argc, char **argv)
{
	const ls_command *self = NULL;
	for (const ls_command *c = ls_commands; c->name; c++)
		if (!strcmp(c->name, "plan"))
			self = c;
	const char **renames = NULL;
	size_t n_renames = 0;
	if ((argc = ls_cli_take_repeated(argc, argv, "--rename", &renames, &n_renames)) < 0) {
		fprintf(stderr, "lockstep: out of memory\n");
		return 2;
	}
	const char *dir = "plan", *stats = NULL;
	ls_cli_git git = {0};
	const ls_cli_option opts[] = {
		{"-o", &dir, NULL},
		{"--stats", &stats, NULL},
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
	if (stats) {
		rc = ls_cli_usage(self, "--stats is not supported yet (table statistics come with "
				"`lockstep stats`)");
		goto out;
	}
	ls_error err;
	ls_error_clear(&err);
	ls_plan *p = NULL;
	if ((rc = ls_cli_plan(&p, pos[0], pos[1], &git, renames, n_renames, &err)) == 0)
		rc = write_files(p, dir, pos[0], pos[1], &err);
	if (rc == 0) {
		size_t lost = 0;
		for (size_t i = 0; i < p->up.n_steps; i++)
			lost += p->up.steps[i].loses != NULL;
		printf("%zu step%s (%zu irreversible), max risk %s: %s/up.sql, down.sql, prechecks.sql, "
				"plan.json, plan.md\n", p->up.n_steps, p->up.n_steps == 1 ? "" : "s", lost,
				max_risk(&p->up), dir);
		for (size_t i = 0; i < p->n_warnings; i++) {
			fputs("lockstep: warning: ", stderr);
			ls_render_line(stderr, p->warnings[i]);
			fputc('\n', stderr);
		}
	}
	ls_plan_free(p);
	rc = rc < 0 ? ls_cli_report(&err) : 0;
out:
	free(renames);
	return rc;
}

/* lockstep diff FROM TO [--format text|json] [--rename OLD=NEW]... [--attach T=P]... [-C REPO]
 * (the options that shape the plan shape its list of changes too) */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "lockstep/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ls_cmd_diff(int argc, char **argv)
{
	const ls_command *self = NULL;
	for (const ls_command *c = ls_commands; c->name; c++)
		if (!strcmp(c->name, "diff"))
			self = c;
	const char **renames = NULL, **attach = NULL;
	size_t n_renames = 0, n_attach = 0;
	if ((argc = ls_cli_take_repeated(argc, argv, "--rename", &renames, &n_renames)) < 0 ||
			(argc = ls_cli_take_repeated(argc, argv, "--attach", &attach, &n_attach)) < 0) {
		fprintf(stderr, "lockstep: out of memory\n");
		free(renames);
		return 2;
	}
	const char *format = "text";
	ls_cli_git git = {0};
	const ls_cli_option opts[] = {
		{"--format", &format, NULL},
		{"-C", &git.repo, NULL},
		{"--layout", &git.layout, NULL},
		{"--path", &git.path, NULL},
		{NULL, NULL, NULL},
	};
	char *pos[2];
	int n = 0, rc;
	if ((rc = ls_cli_parse(self, argc, argv, opts, pos, &n, 2)) != 0)
		goto out;
	if (strcmp(format, "text") && strcmp(format, "json")) {
		rc = ls_cli_usage(self, "unknown format '%s' (text or json)", format);
		goto out;
	}
	if (n != 2) {
		rc = ls_cli_usage(self, "FROM and TO are needed");
		goto out;
	}
	ls_error err;
	ls_error_clear(&err);
	ls_plan *p = NULL;
	ls_plan_options o = LS_PLAN_OPTIONS_INIT;
	o.renames = renames;
	o.n_renames = n_renames;
	o.attach = attach;
	o.n_attach = n_attach;
	if ((rc = ls_cli_plan(&p, pos[0], pos[1], &git, &o, &err)) == 0) {
		char *text = ls_render_diff(p, !strcmp(format, "json"));
		if (!text)
			rc = ls_error_set(&err, LS_ENOMEM, NULL, 0, 0, "out of memory");
		else
			fputs(text, stdout);
		free(text);
	}
	ls_plan_free(p);
	rc = rc < 0 ? ls_cli_report(&err) : 0;
out:
	free(renames);
	free(attach);
	return rc;
}

/* lockstep catalog [-C REPO] [--layout L] [--path P] SOURCE... [--format json|sql] */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "lockstep/render.h"

#include <stdio.h>
#include <string.h>

/* Data statements (INSERT, UPDATE, DO, ...) do not change the catalog; a
 * plan carries them, and the user hears about them. */
static void warn_data_steps(const ls_catalog *cat)
{
	if (cat->n_data_steps == 0)
		return;
	fprintf(stderr, "lockstep: warning: %zu statement%s change data, not the schema, and are kept as data steps:\n",
			cat->n_data_steps, cat->n_data_steps == 1 ? "" : "s");
	for (size_t i = 0; i < cat->n_data_steps && i < 20; i++) {
		/* a path is input (a folder's file names): escaped */
		fputs("  ", stderr);
		ls_render_line(stderr, cat->data_steps[i].path);
		fprintf(stderr, ":%d:%d\n", cat->data_steps[i].line, cat->data_steps[i].column);
	}
	if (cat->n_data_steps > 20)
		fprintf(stderr, "  ... and %zu more\n", cat->n_data_steps - 20);
}

int ls_cmd_catalog(int argc, char **argv)
{
	const ls_command *self = &ls_commands[0];
	const char *format = "json";
	ls_cli_git git = {0};
	const ls_cli_option opts[] = {
		{"--format", &format, NULL},
		{"-C", &git.repo, NULL},
		{"--layout", &git.layout, NULL},
		{"--path", &git.path, NULL},
		{NULL, NULL, NULL},
	};
	char *sources[256];
	int n = 0;
	if (ls_cli_parse(self, argc, argv, opts, sources, &n, 256))
		return 2;
	if (strcmp(format, "json") && strcmp(format, "sql"))
		return ls_cli_usage(self, "unknown format '%s' (json or sql)", format);
	if (n == 0)
		return ls_cli_usage(self, "no SOURCE given");
	ls_error err;
	ls_error_clear(&err);
	ls_catalog *cat = NULL;
	int rc = ls_cli_load_sources(&cat, sources, n, &git, &err);
	if (rc == 0) {
		warn_data_steps(cat);
		rc = ls_cli_print_catalog(cat, format, &err);
	}
	ls_catalog_free(cat);
	return rc < 0 ? ls_cli_report(&err) : 0;
}

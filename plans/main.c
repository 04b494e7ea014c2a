/* lockstep: the command-line dispatcher. Each subcommand lives in its own
 * plans/cmd_<name>.c. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const ls_command ls_commands[] = {
	{"catalog", "lockstep catalog SOURCE... [--format json|sql]", ls_cmd_catalog},
	{"introspect", "lockstep introspect --conn CONNINFO [--format json|sql]", ls_cmd_introspect},
	{NULL, NULL, NULL},
};

int ls_cli_report(const ls_error *err)
{
	char line[2048];
	for (size_t i = 0; i < err->n_diags; i++) {
		ls_error_format(err, i, line, sizeof line);
		fprintf(stderr, "%s\n", line);
	}
	if (err->n_dropped)
		fprintf(stderr, "(%zu more errors not shown)\n", err->n_dropped);
	if (err->hint[0])
		fprintf(stderr, "hint: %s\n", err->hint);
	return ls_error_exit_code(err->code ? err->code : LS_EINVAL);
}

int ls_cli_usage(const ls_command *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "lockstep %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s\n", cmd->usage);
	return 2;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: lockstep <command> [options]\n\ncommands:\n");
	for (const ls_command *c = ls_commands; c->name; c++)
		fprintf(f, "  %s\n", c->usage);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (const ls_command *c = ls_commands; c->name; c++)
		if (!strcmp(c->name, argv[1]))
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "lockstep: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}

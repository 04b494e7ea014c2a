/* lockstep: the command-line dispatcher. Each subcommand lives in its own
 * plans/cmd_<name>.c. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const ls_command ls_commands[] = {
	{"catalog", "lockstep catalog [-C REPO] [--layout L] [--path P] SOURCE... [--format json|sql]",
		ls_cmd_catalog},
	{"introspect", "lockstep introspect --conn CONNINFO [--format json|sql]", ls_cmd_introspect},
	{"snapshot", "lockstep snapshot [-C REPO] [--layout L] [--path P] [--store FILE] [REV...|--all]",
		ls_cmd_snapshot},
	{"log", "lockstep log [-C REPO] [--layout L] [--path P] [--store FILE] [--rev REV] [OBJECT]",
		ls_cmd_log},
	{"diff", "lockstep diff [-C REPO] FROM TO [--format text|json] [--rename OLD=NEW]...",
		ls_cmd_diff},
	{"plan", "lockstep plan [-C REPO] FROM TO [-o DIR] [--rename OLD=NEW]...", ls_cmd_plan},
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

int ls_cli_parse(const ls_command *cmd, int argc, char **argv, const ls_cli_option *opts,
		char **positional, int *n_positional, int max)
{
	*n_positional = 0;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (arg[0] != '-' || !arg[1]) {
			if (*n_positional >= max)
				return ls_cli_usage(cmd, "too many arguments ('%s')", arg);
			positional[(*n_positional)++] = argv[i];
			continue;
		}
		const ls_cli_option *o = opts;
		size_t len = strcspn(arg, "=");
		while (o->name && (strlen(o->name) != len || strncmp(o->name, arg, len)))
			o++;
		if (!o->name)
			return ls_cli_usage(cmd, "unknown option '%s'", arg);
		if (!o->value) {
			if (arg[len])
				return ls_cli_usage(cmd, "%s takes no value", o->name);
			*o->flag = true;
		} else if (arg[len]) {
			*o->value = arg + len + 1;
		} else if (++i < argc) {
			*o->value = argv[i];
		} else {
			return ls_cli_usage(cmd, "%s needs a value", o->name);
		}
	}
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: lockstep <command> [options]\n\ncommands:\n");
	for (const ls_command *c = ls_commands; c->name; c++)
		fprintf(f, "  %s\n", c->usage);
}

int main(int argc, char **argv)
{
	/* a write past `ulimit -f` then fails with EFBIG, reported as exit 3
	 * with the old files intact, instead of killing lockstep with its
	 * temporaries left behind (lockstep/file.h) */
	signal(SIGXFSZ, SIG_IGN);
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

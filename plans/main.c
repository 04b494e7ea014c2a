/* lockstep: the command-line dispatcher. Each subcommand lives in its own
 * plans/cmd_<name>.c. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "lockstep/conninfo.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const ls_command ls_commands[] = {
	{"catalog", "lockstep catalog [-C REPO] [--layout L] [--path P] SOURCE... [--format json|sql]",
		ls_cmd_catalog},
	{"introspect", "lockstep introspect --conn CONNINFO [--format json|sql]", ls_cmd_introspect},
	{"snapshot", "lockstep snapshot [-C REPO] [--layout L] [--path P] [--store FILE] [REV...|--all]",
		ls_cmd_snapshot},
	{"log", "lockstep log [-C REPO] [--layout L] [--path P] [--store FILE] [--rev REV] [OBJECT]",
		ls_cmd_log},
	{"diff", "lockstep diff [-C REPO] FROM TO [--format text|json] [--rename OLD=NEW]... [--attach TABLE=PARTITION]...",
		ls_cmd_diff},
	{"plan", "lockstep plan [-C REPO] FROM TO [-o DIR] [--stats FILE] [--pg-version N] [--rename OLD=NEW]... [--attach TABLE=PARTITION]... [--no-online]", ls_cmd_plan},
	{"stats", "lockstep stats --conn CONNINFO [-o FILE]", ls_cmd_stats},
	{NULL, NULL, NULL},
};

/* Every error line leaves through here or ls_cli_usage, masked: whatever
 * a message quotes (a path, a revision, an argument), a password of a
 * connection string in it is not printed. The places that know they hold
 * a connection string mask it themselves; this is the net below them. */
static void print_masked(const char *text)
{
	char line[4096];
	fprintf(stderr, "%s\n", ls_conninfo_mask(line, sizeof line, text));
}

int ls_cli_report(const ls_error *err)
{
	char line[2048];
	for (size_t i = 0; i < err->n_diags; i++) {
		ls_error_format(err, i, line, sizeof line);
		print_masked(line);
	}
	if (err->n_dropped)
		fprintf(stderr, "(%zu more errors not shown)\n", err->n_dropped);
	if (err->hint[0]) {
		snprintf(line, sizeof line, "hint: %s", err->hint);
		print_masked(line);
	}
	return ls_error_exit_code(err->code ? err->code : LS_EINVAL);
}

int ls_cli_refuse_conninfo(const char *arg, const char *what, ls_error *err)
{
	if (!ls_conninfo_is(arg))
		return 0;
	char masked[sizeof err->diags[0].path];
	ls_conninfo_mask(masked, sizeof masked, arg);
	return ls_error_set(err, LS_EINVAL, masked, 0, 0,
			"a connection string is not a %s (read a database with lockstep introspect --conn)",
			what);
}

int ls_cli_usage(const ls_command *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	/* formatted whole before masking: a password cut short would not be
	 * recognized */
	char *text = n < 0 ? NULL : malloc((size_t)n + 1);
	char *masked = text ? malloc(3 * (size_t)n + 4) : NULL;
	if (masked) {
		va_start(ap, fmt);
		vsnprintf(text, (size_t)n + 1, fmt, ap);
		va_end(ap);
		ls_conninfo_mask(masked, 3 * (size_t)n + 4, text);
	}
	fprintf(stderr, "lockstep %s: %s\nusage: %s\n", cmd->name,
			masked ? masked : "bad arguments (out of memory)", cmd->usage);
	free(masked);
	free(text);
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
	size_t size = 3 * strlen(argv[1]) + 4;
	char *name = malloc(size);
	fprintf(stderr, "lockstep: unknown command '%s'\n",
			name ? ls_conninfo_mask(name, size, argv[1]) : "?");
	free(name);
	usage(stderr);
	return 2;
}

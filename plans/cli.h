/* Private to plans/: the command-line dispatcher's shared pieces. */
#ifndef LS_PLANS_CLI_H
#define LS_PLANS_CLI_H

#include "lockstep/catalog.h"
#include "lockstep/error.h"

/* One subcommand: its name, summary and entry point. */
typedef struct ls_command {
	const char *name;
	const char *usage;
	int (*run)(int argc, char **argv);
} ls_command;

/* Print every diagnostic of err to stderr, one line each (first line is
 * the main error), and return the exit code for it. */
int ls_cli_report(const ls_error *err);

/* Usage error: print "lockstep NAME: message" and the usage, return 2. */
int ls_cli_usage(const ls_command *cmd, const char *fmt, ...);

/* Build a catalog from SOURCE arguments (.sql files or folders of .sql
 * files in name order, or "empty"), applied in order. */
int ls_cli_load_sources(ls_catalog **out, char **sources, int n, ls_error *err);

/* Write a catalog to stdout in "json" or "sql" format. */
int ls_cli_print_catalog(ls_catalog *cat, const char *format, ls_error *err);

int ls_cmd_catalog(int argc, char **argv);
int ls_cmd_introspect(int argc, char **argv);

extern const ls_command ls_commands[];

#endif

/* Private to plans/: the command-line dispatcher's shared pieces. */
#ifndef LS_PLANS_CLI_H
#define LS_PLANS_CLI_H

#include <stdbool.h>

#include "lockstep/catalog.h"
#include "lockstep/error.h"
#include "lockstep/history.h"
#include "lockstep/plan.h"

/* One subcommand: its name, summary and entry point. */
typedef struct ls_command {
	const char *name;
	const char *usage;
	int (*run)(int argc, char **argv);
} ls_command;

/* One option of a subcommand's table: "--name VALUE" (also "--name=VALUE")
 * stores into *value; a flag (value NULL) sets *flag. The table ends with a
 * NULL name. */
typedef struct ls_cli_option {
	const char *name;          /* "--format", "-C" */
	const char **value;
	bool *flag;
} ls_cli_option;

/* Parse argv[1..argc) against opts; other arguments are collected in
 * positional (at most max of them). Returns 0, or the usage exit code 2
 * after printing the problem. */
int ls_cli_parse(const ls_command *cmd, int argc, char **argv, const ls_cli_option *opts,
		char **positional, int *n_positional, int max);

/* Print every diagnostic of err to stderr, one line each (first line is
 * the main error), and return the exit code for it. */
int ls_cli_report(const ls_error *err);

/* Usage error: print "lockstep NAME: message" and the usage, return 2. */
int ls_cli_usage(const ls_command *cmd, const char *fmt, ...);

/* Where git revisions are read: -C, --layout, --path (each may be NULL). */
typedef struct ls_cli_git {
	const char *repo;
	const char *layout;
	const char *path;
} ls_cli_git;

/* Build a catalog from SOURCE arguments (.sql files or folders of .sql
 * files in name order, "empty", or — first — a git revision of git's
 * repository), applied in order. git may be NULL. */
int ls_cli_load_sources(ls_catalog **out, char **sources, int n, const ls_cli_git *git,
		ls_error *err);

/* Open the history of git (-C, --layout, --path) with the store of
 * --store, or the repository's default store when store is NULL. */
int ls_cli_open_history(ls_history **out, const ls_cli_git *git, const char *store,
		ls_error *err);

/* Write a catalog to stdout in "json" or "sql" format. */
int ls_cli_print_catalog(ls_catalog *cat, const char *format, ls_error *err);

/* Take every `name VALUE` / `name=VALUE` of a repeatable option out of
 * argv; *values (malloc'ed, free it) lists them. Returns the new argc, or
 * -1 when out of memory. */
int ls_cli_take_repeated(int argc, char **argv, const char *name, const char ***values,
		size_t *n);

/* A connection string given where a file, folder or revision is expected
 * (what names the argument: "SOURCE", "revision"): LS_EINVAL, quoting it
 * with its password masked. 0 for any other argument. */
int ls_cli_refuse_conninfo(const char *arg, const char *what, ls_error *err);

/* Whether a FROM/TO/SOURCE argument names a git revision (not a path, not
 * "empty"). */
bool ls_cli_is_revision(const char *source);

/* Load FROM and TO (one SOURCE each) and plan between them with the
 * options o (renames, --no-online, --attach); history identity is used
 * when both are revisions. */
int ls_cli_plan(ls_plan **out, const char *from, const char *to, const ls_cli_git *git,
		ls_plan_options *o, ls_error *err);

int ls_cmd_catalog(int argc, char **argv);
int ls_cmd_diff(int argc, char **argv);
int ls_cmd_plan(int argc, char **argv);
int ls_cmd_introspect(int argc, char **argv);
int ls_cmd_stats(int argc, char **argv);
int ls_cmd_snapshot(int argc, char **argv);
int ls_cmd_log(int argc, char **argv);

extern const ls_command ls_commands[];

#endif

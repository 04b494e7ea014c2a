/* lockstep stats --conn CONNINFO [-o FILE]: the table statistics of a live
 * database as JSON (lockstep/stats.h, docs/stats.md), for plan --stats. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "lockstep/file.h"
#include "lockstep/stats.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ls_cmd_stats(int argc, char **argv)
{
	const ls_command *self = NULL;
	for (const ls_command *c = ls_commands; c->name; c++)
		if (!strcmp(c->name, "stats"))
			self = c;
	const char *conn = NULL, *file = NULL;
	const ls_cli_option opts[] = {
		{"--conn", &conn, NULL},
		{"-o", &file, NULL},
		{NULL, NULL, NULL},
	};
	char *pos[1];
	int n = 0;
	if (ls_cli_parse(self, argc, argv, opts, pos, &n, 0))
		return 2;
	/* no silent default database: the user names the one to read */
	if (!conn)
		return ls_cli_usage(self, "--conn is needed (a libpq connection string or a postgresql:// URL)");
	if (file && !*file)
		return ls_cli_usage(self, "-o needs a file name");
	ls_error err;
	ls_error_clear(&err);
	ls_stats *s = NULL;
	int rc = ls_stats_collect(&s, conn, &err);
	char *text = NULL;
	if (rc == 0 && !(text = ls_stats_to_json(s)))
		rc = ls_error_set(&err, LS_ENOMEM, NULL, 0, 0, "out of memory");
	if (rc == 0 && file)
		rc = ls_file_write(file, text, strlen(text), &err);
	else if (rc == 0 && (fputs(text, stdout) == EOF || fflush(stdout) != 0))
		rc = ls_error_set(&err, LS_EIO, "stdout", 0, 0, "write failed: %s", strerror(errno));
	if (rc == 0 && file)
		fprintf(stderr, "lockstep stats: %zu tables, %zu indexes: %s\n", s->n_tables,
				s->n_indexes, file);
	free(text);
	ls_stats_free(s);
	return rc < 0 ? ls_cli_report(&err) : 0;
}

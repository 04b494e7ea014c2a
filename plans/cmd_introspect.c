/* lockstep introspect --conn CONNINFO [--format json|sql] */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "lockstep/introspect.h"

#include <string.h>

int ls_cmd_introspect(int argc, char **argv)
{
	const ls_command *self = &ls_commands[1];
	const char *format = "json", *conn = NULL;
	const ls_cli_option opts[] = {
		{"--format", &format, NULL},
		{"--conn", &conn, NULL},
		{NULL, NULL, NULL},
	};
	char *pos[1];
	int n = 0;
	if (ls_cli_parse(self, argc, argv, opts, pos, &n, 0))
		return 2;
	if (strcmp(format, "json") && strcmp(format, "sql"))
		return ls_cli_usage(self, "unknown format '%s' (json or sql)", format);
	/* no silent default database: the user names the one to read */
	if (!conn)
		return ls_cli_usage(self, "--conn is needed (a libpq connection string or a postgresql:// URL)");
	ls_error err;
	ls_error_clear(&err);
	ls_catalog *cat = NULL;
	int rc = ls_introspect(&cat, conn, &err);
	if (rc == 0)
		rc = ls_cli_print_catalog(cat, format, &err);
	ls_catalog_free(cat);
	return rc < 0 ? ls_cli_report(&err) : 0;
}

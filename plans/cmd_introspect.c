/* lockstep introspect --conn CONNINFO [--format json|sql] */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "lockstep/introspect.h"

#include <string.h>

int ls_cmd_introspect(int argc, char **argv)
{
	const ls_command *self = &ls_commands[1];
	const char *format = "json", *conn = "";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--format") && i + 1 < argc)
			format = argv[++i];
		else if (!strcmp(argv[i], "--conn") && i + 1 < argc)
			conn = argv[++i];
		else
			return ls_cli_usage(self, "unexpected argument '%s'", argv[i]);
	}
	if (strcmp(format, "json") && strcmp(format, "sql"))
		return ls_cli_usage(self, "unknown format '%s' (json or sql)", format);
	ls_error err;
	ls_error_clear(&err);
	ls_catalog *cat = NULL;
	int rc = ls_introspect(&cat, conn, &err);
	if (rc == 0)
		rc = ls_cli_print_catalog(cat, format, &err);
	ls_catalog_free(cat);
	return rc < 0 ? ls_cli_report(&err) : 0;
}

/* lockstep — reading the catalog of a live PostgreSQL database (libpq). */
#ifndef LOCKSTEP_INTROSPECT_H
#define LOCKSTEP_INTROSPECT_H

#include "lockstep/catalog.h"
#include "lockstep/error.h"

/* Connect with conninfo (anything libpq accepts; PG* variables apply; see
 * ls_conninfo_connect), read the user objects of the current database
 * (everything outside pg_catalog, information_schema, pg_toast and
 * extension members) into a new catalog. LS_EINVAL for an empty or
 * malformed conninfo, LS_EENV when the server cannot be reached; no
 * message quotes conninfo or a password. */
int ls_introspect(ls_catalog **out, const char *conninfo, ls_error *err);

#endif

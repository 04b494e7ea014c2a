/* lockstep — connection strings (a libpq conninfo `host=... dbname=...` or
 * a `postgresql://` URI): checked, connected, and described without ever
 * printing a password.
 *
 * Every command that takes --conn goes through here, so that a message
 * names the host, port, database and user of a connection and never quotes
 * the connection string itself (which may carry a password, in clear or
 * percent-encoded). */
#ifndef LOCKSTEP_CONNINFO_H
#define LOCKSTEP_CONNINFO_H

#include <stdbool.h>
#include <stddef.h>

#include "lockstep/error.h"

struct pg_conn; /* libpq's PGconn */

/* Whether text is meant as a connection string: it starts with
 * "postgres://" or "postgresql://" (any case), or with a libpq keyword
 * followed by "=" (`host=x`, `dbname = y`). Used to refuse a connection
 * string where a file, folder or revision is expected. */
bool ls_conninfo_is(const char *text);

/* Check that conninfo parses as libpq parses it. 0 when it does;
 * LS_EINVAL when it is empty or malformed, with a message that quotes
 * nothing of it (libpq's own message can quote a password) and a hint
 * saying so; LS_ENOMEM. */
int ls_conninfo_check(const char *conninfo, ls_error *err);

/* Copy text into out (size > 0 bytes, always terminated, cut when too
 * long) with the password of every connection string in it replaced by
 * "***": a URI's `user:PASSWORD@`, and the value of any `password=`,
 * `sslpassword=` or `PGPASSWORD=` key, quoted or bare, in key=value form
 * or as a URI parameter (its name percent-encoded or not). Text without
 * such a password is copied unchanged. Returns out. */
char *ls_conninfo_mask(char *out, size_t size, const char *text);

/* Describe a connection (made or failed) for a message, as
 * `database "D" on host "H" port P as user "U"`, masked as
 * ls_conninfo_mask does, into out (size > 0, always terminated). */
void ls_conninfo_describe(char *out, size_t size, const struct pg_conn *c);

/* Connect with conninfo (checked first, as ls_conninfo_check), the PG*
 * environment variables and the password file applying as in psql. On
 * success *out is the connection (the caller PQfinish()es it). Failures:
 * LS_EINVAL for a malformed conninfo; LS_EENV when the server cannot be
 * reached or refuses the connection, the first line naming the database,
 * host, port and user, the next ones libpq's reason with every password
 * of conninfo and PGPASSWORD masked; LS_ENOMEM. *out is NULL on failure. */
int ls_conninfo_connect(struct pg_conn **out, const char *conninfo, ls_error *err);

#endif

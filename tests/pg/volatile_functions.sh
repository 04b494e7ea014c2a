#!/usr/bin/env bash
# The volatile functions catalog/volatile.c knows by name, against the
# server's pg_proc: the built-ins of pg_catalog whose provolatile is 'v', and
# those of the extensions lockstep knows. A default that calls one makes
# ADD COLUMN rewrite the table, and the plan claims it (plan_locks.sh checks
# the claims of the fixtures against relfilenode; this checks the list the
# claims come from, whole).
#
# usage: volatile_functions.sh SOURCE_FILE
# Quiet on success but for the final "N passed, N failed" line.
set -u
if [ $# -ne 1 ]; then
  echo "usage: volatile_functions.sh SOURCE_FILE" >&2
  exit 2
fi
SRC=$1
. "$(dirname "$0")/pg.sh"
pg_start || exit 1
OUT=$(mktemp -d)
trap 'pg_stop; rm -rf "$OUT"' EXIT
# the names between the BEGIN and END markers, one per line, as listed
listed() {
  sed -n "/BEGIN $1 volatile/,/END $1 volatile/p" "$SRC" | grep -o '"[^"]*"' | tr -d '"'
}
passed=0 failed=0
check() { # name, expected file, listed file
  if diff -u "$2" "$3" >"$OUT/$1.diff"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $1: the list in $SRC differs from the server's (- server, + listed)"
    sed 's/^/  /' "$OUT/$1.diff" | tail -n +3
  fi
}
psql -XAtq -v ON_ERROR_STOP=1 >"$OUT/builtin.server" <<'SQL' || exit 1
SELECT DISTINCT proname COLLATE "C" FROM pg_proc
WHERE provolatile = 'v' AND pronamespace = 'pg_catalog'::regnamespace ORDER BY 1;
SQL
listed builtin >"$OUT/builtin.listed"
check builtin "$OUT/builtin.server" "$OUT/builtin.listed"
# the extensions of catalog/extensions.c that PostgreSQL 15 ships
psql -XAtq -v ON_ERROR_STOP=1 >"$OUT/extension.server" <<'SQL' || exit 1
SET client_min_messages = warning;
CREATE EXTENSION pgcrypto;
CREATE EXTENSION "uuid-ossp";
CREATE EXTENSION citext;
CREATE EXTENSION pg_trgm;
CREATE EXTENSION hstore;
CREATE EXTENSION btree_gist;
SELECT DISTINCT (e.extname || ' ' || p.proname) COLLATE "C"
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid
WHERE p.provolatile = 'v' AND e.extname <> 'plpgsql' ORDER BY 1;
SQL
listed extension >"$OUT/extension.listed"
check extension "$OUT/extension.server" "$OUT/extension.listed"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]

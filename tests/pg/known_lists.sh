#!/usr/bin/env bash
# The lists of PostgreSQL facts the planner's rewrite claims come from,
# against the server's catalogs, whole (plan_locks.sh checks the claims of
# the fixtures against relfilenode; this checks the lists they come from):
#   - catalog/volatile.c: the built-ins of pg_catalog whose provolatile is
#     'v', and the volatile functions of the extensions lockstep knows (a
#     default that calls one makes ADD COLUMN rewrite the table);
#   - catalog/casts.c: the casts WITHOUT FUNCTION (pg_cast.castmethod 'b'),
#     built-in and of those extensions (ALTER COLUMN TYPE along one keeps
#     the table's files).
#
# usage: known_lists.sh SOURCE_DIR (the repository's root)
# Quiet on success but for the final "N passed, N failed" line.
set -u
if [ $# -ne 1 ]; then
  echo "usage: known_lists.sh SOURCE_DIR" >&2
  exit 2
fi
ROOT=$1
. "$(dirname "$0")/pg.sh"
pg_start || exit 1
OUT=$(mktemp -d)
trap 'pg_stop; rm -rf "$OUT"' EXIT
# the entries between the BEGIN and END markers of a file, one per line:
# each string of a list of names, or each {"a", "b"} entry as a|b
listed() { # file, marker
  sed -n "/BEGIN $2/,/END $2/p" "$ROOT/$1" >"$OUT/section"
  if grep -q '{"' "$OUT/section"; then
    sed -n '/{"/{s/^[^{]*{//; s/}.*$//; s/", "/|/g; s/"//g; p}' "$OUT/section"
  else
    grep -o '"[^"]*"' "$OUT/section" | tr -d '"'
  fi
}
passed=0 failed=0
check() { # name, expected file, listed file
  if diff -u "$2" "$3" >"$OUT/$1.diff"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $1: the list differs from the server's (- server, + listed)"
    sed 's/^/  /' "$OUT/$1.diff" | tail -n +3
  fi
}
psql -XAtq -v ON_ERROR_STOP=1 >"$OUT/builtin.server" <<'SQL' || exit 1
SELECT DISTINCT proname COLLATE "C" FROM pg_proc
WHERE provolatile = 'v' AND pronamespace = 'pg_catalog'::regnamespace ORDER BY 1;
SQL
listed catalog/volatile.c "builtin volatile" >"$OUT/builtin.listed"
check builtin "$OUT/builtin.server" "$OUT/builtin.listed"
psql -XAtq -v ON_ERROR_STOP=1 >"$OUT/casts.server" <<'SQL' || exit 1
SELECT (format_type(castsource, NULL) || '|' || format_type(casttarget, NULL)) COLLATE "C"
FROM pg_cast WHERE castmethod = 'b' ORDER BY 1;
SQL
listed catalog/casts.c "builtin binary casts" | LC_ALL=C sort >"$OUT/casts.listed"
check builtin_casts "$OUT/casts.server" "$OUT/casts.listed"
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
listed catalog/volatile.c "extension volatile" >"$OUT/extension.listed"
check extension "$OUT/extension.server" "$OUT/extension.listed"
psql -XAtq -v ON_ERROR_STOP=1 >"$OUT/extcasts.server" <<'SQL' || exit 1
SELECT (e.extname || '|' || format_type(castsource, NULL) || '|' || format_type(casttarget, NULL))
    COLLATE "C"
FROM pg_cast c
JOIN pg_depend d ON d.classid = 'pg_cast'::regclass AND d.objid = c.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid
WHERE c.castmethod = 'b' ORDER BY 1;
SQL
listed catalog/casts.c "extension binary casts" | LC_ALL=C sort >"$OUT/extcasts.listed"
check extension_casts "$OUT/extcasts.server" "$OUT/extcasts.listed"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]

#!/usr/bin/env bash
# Statements about collations that PostgreSQL 15 refuses: `lockstep
# catalog` must refuse each with the server's own primary message. Each
# case runs on a fresh database of a private server (pg.sh) and offline;
# the first ERROR of psql and the first line of lockstep's stderr (after
# "error: ") must be equal, and lockstep must exit 2.
# Quiet on success but for the final "N passed, N failed" line.
#
# usage: collation_errors.sh LOCKSTEP
set -u
if [ $# -ne 1 ]; then
  echo "usage: collation_errors.sh LOCKSTEP" >&2
  exit 2
fi
BIN=$1
. "$(dirname "$0")/pg.sh"
pg_test_begin collerr
W=$WORK
pass=0 fail=0
while IFS= read -r sql; do
  case $sql in ''|'#'*) continue ;; esac
  printf '%s\n' "$sql" >"$W/case.sql"
  pg_fresh_db collerr >/dev/null || exit 3
  srv=$(psql -X -q -v ON_ERROR_STOP=1 -d collerr -f "$W/case.sql" 2>&1 |
    sed -n 's/^.*ERROR:  //; T; s/ at character [0-9]*$//; p' | head -n 1)
  off=$("$BIN" catalog "$W/case.sql" 2>&1 >/dev/null)
  rc=$?
  off=$(printf '%s\n' "$off" | head -n 1 | sed 's/^[^ ]*: error: //')
  if [ -z "$srv" ] || [ "$rc" -ne 2 ] || [ "$srv" != "$off" ]; then
    echo "FAIL: $sql"
    echo "    server: ${srv:-(no error)}"
    echo "    lockstep (exit $rc): $off"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
done <<'CASES'
CREATE COLLATION c (provider = libc, locale = 'C', deterministic = false);
CREATE COLLATION c FROM "default";
CREATE COLLATION c (provider = foo, locale = 'C');
CREATE COLLATION c (provider = icu);
CREATE COLLATION c (provider = libc, lc_ctype = 'C');
CREATE COLLATION c (provider = libc, lc_collate = 'C');
CREATE COLLATION c (locale = 'C', lc_collate = 'C');
CREATE COLLATION c (locale = 'C', foo = 1);
CREATE COLLATION c (locale = 'C', deterministic = maybe);
CREATE COLLATION c FROM nope;
CREATE COLLATION c FROM s.nope;
CREATE COLLATION nope.c FROM "C";
CREATE COLLATION c (locale = 'C'); CREATE COLLATION c (locale = 'C');
CREATE COLLATION c (provider = icu, locale = 'x'); CREATE COLLATION c (locale = 'C');
CREATE COLLATION c (locale = 'C'); CREATE COLLATION c (provider = icu, locale = 'x');
CREATE TABLE t (a text COLLATE public.nope);
CREATE DOMAIN d AS text COLLATE public.nope;
CREATE TYPE ty AS (a text COLLATE public.nope);
CREATE TABLE t (a text COLLATE nope.c);
DROP COLLATION nope;
DROP COLLATION s.nope;
ALTER COLLATION nope RENAME TO x;
CREATE COLLATION a (locale = 'C'); CREATE COLLATION b (locale = 'C'); ALTER COLLATION a RENAME TO b;
CREATE COLLATION a (provider = icu, locale = 'x'); CREATE COLLATION b (locale = 'C'); ALTER COLLATION b RENAME TO a;
CREATE SCHEMA s; CREATE COLLATION a (locale = 'C'); CREATE COLLATION s.a (locale = 'C'); ALTER COLLATION a SET SCHEMA s;
CREATE COLLATION a (locale = 'C'); ALTER COLLATION a SET SCHEMA nope;
ALTER COLLATION nope REFRESH VERSION;
COMMENT ON COLLATION nope IS 'x';
CREATE COLLATION c (provider = icu, locale = 'und', deterministic = 0); CREATE TABLE t (x text COLLATE c); DROP COLLATION c;
CREATE COLLATION c (locale = 'C'); CREATE DOMAIN d AS text COLLATE c; CREATE SCHEMA s; CREATE TABLE s.t (x d); DROP COLLATION c;
CREATE SCHEMA s; CREATE COLLATION s.c (locale = 'C'); CREATE TABLE t (x text COLLATE s.c); DROP SCHEMA s;
CASES
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

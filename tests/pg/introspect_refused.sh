#!/usr/bin/env bash
# `introspect` refuses, naming the statement, a database holding what the
# catalog does not model (an aggregate's built-in support function it does
# not know, an inheritance child's column order that CREATE TABLE ...
# INHERITS does not give), rather than leaving it out of the catalog (a plan
# from it would drop what it does not see); checked on a private PostgreSQL
# 15. Collations, aggregates and INHERITS are modelled: a database with them
# must be introspected, not refused.
#
# usage: introspect_refused.sh LOCKSTEP
#
# For every case below: a fresh database gets the SQL, then
# `LOCKSTEP introspect` must exit 2 with a first stderr line ending in the
# expected message. A last case without such objects must exit 0.
# Quiet on success but for the final "N passed, N failed" line.
set -u
if [ $# -ne 1 ]; then
  echo "usage: introspect_refused.sh LOCKSTEP" >&2
  exit 2
fi
BIN=$1
case $BIN in /*) ;; */*) BIN=$PWD/$BIN ;; esac
. "$(dirname "$0")/pg.sh"
pg_start || exit 1
trap pg_stop EXIT
pass=0 fail=0
check() { # SQL EXPECTED_RC EXPECTED_MESSAGE
  pg_fresh_db refused >/dev/null || exit 3
  if ! psql -X -q -v ON_ERROR_STOP=1 -d refused -c "$1" >/dev/null 2>&1; then
    echo "FAIL setup: $1"; fail=$((fail + 1)); return
  fi
  local err rc
  err=$("$BIN" introspect --conn "host=$PGHOST port=$PGPORT dbname=refused user=$PGUSER" 2>&1 >/dev/null)
  rc=$?
  local first=${err%%$'\n'*}
  if [ "$rc" -ne "$2" ] || { [ -n "$3" ] && [ "${first%"$3"}" = "$first" ]; }; then
    echo "FAIL: $1"
    echo "    exit $rc (want $2): $first"
    echo "    want: ...$3"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
}
# collations are modelled: introspected, not refused
check "CREATE COLLATION \"Nocase\" (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
  CREATE TABLE t (a text COLLATE \"Nocase\");" 0 ''
check "CREATE SCHEMA s; CREATE COLLATION s.c FROM \"C\";" 0 ''
# aggregates are modelled: plain, ordered-set, moving, over a user type
check "CREATE AGGREGATE total(int) (sfunc = int4pl, stype = int, initcond = '0');" 0 ''
check "CREATE AGGREGATE my_pct(float8 ORDER BY anyelement) (sfunc = ordered_set_transition,
  stype = internal, finalfunc = percentile_disc_final, finalfunc_extra);" 0 ''
check "CREATE AGGREGATE ms(int) (sfunc = int4_sum, stype = int8, msfunc = int8inc_any,
  minvfunc = int8dec_any, mstype = int8, minitcond = '0', parallel = safe);" 0 ''
check "CREATE TYPE p2 AS (a int); CREATE FUNCTION p2_add(p2, p2) RETURNS p2 LANGUAGE sql
  AS 'SELECT \$2'; CREATE AGGREGATE p2_last(p2) (sfunc = p2_add, stype = p2);" 0 ''
# ... but a built-in support function the builder does not know is refused
# by name, not left out
check "CREATE AGGREGATE my_json(anyelement) (sfunc = json_agg_transfn, stype = internal,
  finalfunc = json_agg_finalfn);" 2 \
  'error: built-in function pg_catalog.json_agg_transfn(internal, anyelement) of an aggregate is not supported'
# table inheritance is modelled as far as CREATE TABLE ... INHERITS gives
# it; a child's column order it cannot give is refused by name
check "CREATE TABLE p (a int CHECK (a > 0)); CREATE TABLE c (b int) INHERITS (p);" 0 ''
check "CREATE TABLE p (a int); CREATE TABLE c (a int); ALTER TABLE c INHERIT p;" 0 ''
check "CREATE TABLE p (a int); CREATE TABLE c (b int, a int); ALTER TABLE c INHERIT p;" 2 \
  'error: ALTER TABLE c INHERIT p would leave the columns of table "c" in an order CREATE TABLE ... INHERITS cannot give, which is not supported'
check "CREATE TABLE p (a int); CREATE TABLE c (b int) INHERITS (p); ALTER TABLE p ADD COLUMN z int;" 2 \
  'error: ALTER TABLE c INHERIT p would leave the columns of table "c" in an order CREATE TABLE ... INHERITS cannot give, which is not supported'
check "CREATE TABLE p (a int); CREATE TABLE \"Kid\" (b int) INHERITS (p); ALTER TABLE p ADD COLUMN z int;" 2 \
  'error: ALTER TABLE "Kid" INHERIT p would leave the columns of table "Kid" in an order CREATE TABLE ... INHERITS cannot give, which is not supported'
# the same with a CHECK the child inherits, and a second parent
check "CREATE TABLE p (a int CHECK (a > 0)); CREATE TABLE q (y int); CREATE TABLE c (b int) INHERITS (p, q);
  ALTER TABLE p ADD COLUMN z int;" 2 \
  'error: ALTER TABLE c INHERIT p would leave the columns of table "c" in an order CREATE TABLE ... INHERITS cannot give, which is not supported'
# a column added to a parent whose child has no column of its own, or
# merged into the child's own, keeps an order CREATE ... INHERITS gives
check "CREATE TABLE p (a int); CREATE TABLE c () INHERITS (p); CREATE TABLE d (z int) INHERITS (p);
  ALTER TABLE p ADD COLUMN z int DEFAULT 1 CHECK (z > 0);" 0 ''
check "CREATE EXTENSION pg_trgm; CREATE TABLE p (a int PRIMARY KEY) PARTITION BY RANGE (a);
  CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);" 0 ''
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/usr/bin/env bash
# Date/time and interval literals as the server prints them, against the
# text `lockstep catalog` holds for the same literal. catalog_fixtures.sh
# compares catalog with introspect, both read through lockstep's own
# canonical form; here the server's output function is the reference: each
# line `type|literal` of LITERALS becomes a column `DEFAULT 'literal'` of
# that type, and lockstep's default must be the quoted text of
# 'literal'::type::text on PostgreSQL 15 (TimeZone UTC, DateStyle ISO,
# IntervalStyle postgres: what introspect reads with).
#
# usage: literals_stored.sh LOCKSTEP LITERALS
# Quiet on success but for the final "N passed, N failed" line.
set -u
if [ $# -ne 2 ]; then
  echo "usage: literals_stored.sh LOCKSTEP LITERALS" >&2
  exit 2
fi
BIN=$1
LIST=$2
command -v jq >/dev/null || { echo "literals_stored.sh: jq is needed" >&2; exit 3; }
. "$(dirname "$0")/pg.sh"
pg_start || exit 1
OUT=$(mktemp -d)
trap 'pg_stop; rm -rf "$OUT"' EXIT
# one table, a column c1, c2 ... per literal
n=0
{
  echo "CREATE TABLE lit ("
  sep=" "
  while IFS='|' read -r type lit; do
    case $type in ''|'#'*) continue ;; esac
    n=$((n + 1))
    printf '%s c%d %s DEFAULT %s\n' "$sep" "$n" "$type" "'${lit//\'/\'\'}'"
    sep=","
  done <"$LIST"
  echo ");"
} >"$OUT/schema.sql"
# the server's text of each literal, in column order
{
  echo "SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; SET IntervalStyle = 'postgres';"
  n=0
  while IFS='|' read -r type lit; do
    case $type in ''|'#'*) continue ;; esac
    n=$((n + 1))
    printf "SELECT 'c%d', quote_literal(%s::%s::text);\n" "$n" "'${lit//\'/\'\'}'" "$type"
  done <"$LIST"
} >"$OUT/server.sql"
pg_fresh_db fx_literals
if ! psql -X -q -v ON_ERROR_STOP=1 -d fx_literals -f "$OUT/schema.sql" >/dev/null 2>"$OUT/psql.err"; then
  echo "FAIL: the literals do not run on PostgreSQL"; head -3 "$OUT/psql.err" | sed 's/^/  /'
  exit 1
fi
psql -X -q -At -F ' ' -d fx_literals -f "$OUT/server.sql" >"$OUT/server" 2>"$OUT/psql.err"
if ! "$BIN" catalog "$OUT/schema.sql" >"$OUT/json" 2>"$OUT/err"; then
  echo "FAIL: lockstep catalog failed"; head -3 "$OUT/err" | sed 's/^/  /'
  exit 1
fi
jq -r '.tables[0].columns[] | "\(.name) \(.default_expr)"' "$OUT/json" >"$OUT/catalog"
pass=0 fail=0
while IFS='|' read -r type lit; do
  case $type in ''|'#'*) continue ;; esac
  read -r want <&3
  read -r got <&4
  if [ "$want" = "$got" ]; then
    pass=$((pass + 1))
  else
    echo "FAIL $type '$lit': server ${want#* }, lockstep ${got#* }"
    fail=$((fail + 1))
  fi
done <"$LIST" 3<"$OUT/server" 4<"$OUT/catalog"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

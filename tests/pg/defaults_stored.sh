#!/usr/bin/env bash
# Which columns and domains have a default, as the server stores them
# (pg_attrdef, pg_type.typdefaultbin) against `lockstep catalog` of the same
# SQL. catalog_fixtures.sh compares catalog with introspect, and both read
# a default through lockstep's own canonical form: a default the server
# keeps but that form drops (DEFAULT NULL on varchar(10)) is invisible
# there, and here it is not. Tables only: view column defaults are not
# modelled yet.
#
# usage: defaults_stored.sh LOCKSTEP FIXTURE_DIR [NNN ...]
#   NNN: only the fixtures whose name starts with NNN- (default: all)
# Quiet on success but for the final "N passed, N failed" line.
set -u
if [ $# -lt 2 ]; then
  echo "usage: defaults_stored.sh LOCKSTEP FIXTURE_DIR [NNN ...]" >&2
  exit 2
fi
BIN=$1
DIR=$2
shift 2
command -v jq >/dev/null || { echo "defaults_stored.sh: jq is needed" >&2; exit 3; }
. "$(dirname "$0")/pg.sh"
pg_start || exit 1
OUT=$(mktemp -d)
trap 'pg_stop; rm -rf "$OUT"' EXIT
SERVER_SQL="
SELECT 'column ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname) || '.' || quote_ident(a.attname)
FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE a.attgenerated = '' AND c.relkind IN ('r', 'p', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
UNION ALL
SELECT 'domain ' || quote_ident(n.nspname) || '.' || quote_ident(t.typname)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'd' AND t.typdefaultbin IS NOT NULL AND n.nspname NOT IN ('pg_catalog', 'information_schema')
ORDER BY 1"
# jq has no quote_ident: names are compared as jq's @json of the plain
# name when the server's quoting differs, so both sides use plain names.
SERVER_SQL_PLAIN=${SERVER_SQL//quote_ident(/(}
JQ='[(.tables[] | . as $t | .columns[] | select(.default_expr != null and .generated == null)
      | "column \($t.schema).\($t.name).\(.name)"),
     (.types[] | select(.kind == "d" and .default_expr != null) | "domain \(.schema).\(.name)")]
    | sort | .[]'
pass=0 fail=0
for f in "$DIR"/*.sql; do
  name=$(basename "$f" .sql)
  if [ $# -gt 0 ]; then
    want=0
    for p in "$@"; do case $name in "$p"-*) want=1 ;; esac; done
    [ $want -eq 1 ] || continue
  fi
  pg_fresh_db fx_defaults
  if ! psql -X -q -v ON_ERROR_STOP=1 -d fx_defaults -f "$f" >/dev/null 2>"$OUT/psql.err"; then
    echo "FAIL $name: fixture does not run on PostgreSQL"; head -3 "$OUT/psql.err" | sed 's/^/  /'
    fail=$((fail + 1)); continue
  fi
  psql -X -At -d fx_defaults -c "$SERVER_SQL_PLAIN" | LC_ALL=C sort >"$OUT/server"
  if ! "$BIN" catalog "$f" >"$OUT/json" 2>"$OUT/err" ||
      ! jq -r "$JQ" "$OUT/json" | LC_ALL=C sort >"$OUT/catalog"; then
    echo "FAIL $name: lockstep catalog failed"; head -3 "$OUT/err" | sed 's/^/  /'
    fail=$((fail + 1)); continue
  fi
  if diff -u "$OUT/server" "$OUT/catalog" >"$OUT/diff"; then
    pass=$((pass + 1))
  else
    echo "FAIL $name: defaults stored (- server, + lockstep catalog)"
    tail -n +3 "$OUT/diff" | grep '^[-+]' | sed 's/^/  /'
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

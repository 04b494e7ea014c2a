#!/usr/bin/env bash
# For every fixture in tests/fixtures/catalog: run it on a private
# PostgreSQL 15, then check that (a) `lockstep catalog FILE` equals
# `lockstep introspect` of that database, byte for byte, and (b) the
# `lockstep catalog FILE --format sql` script run on an empty database
# introspects to that same catalog again. (c), the SQLite round trip of
# every fixture, is in tests/unit/catalog/test_store.c.
#
# FIXTURE_DIR/KNOWN_GAPS lists fixtures lockstep does not model yet, one
# "NNN-name: reason" a line. They still run; a listed fixture that now
# passes fails the test, so the list can only shrink.
# usage: catalog_fixtures.sh LOCKSTEP_BINARY FIXTURE_DIR
set -u
BIN=$1
DIR=$2
. "$(dirname "$0")/pg.sh"
pg_start || exit 1
trap pg_stop EXIT
OUT=$(mktemp -d)
pass=0 fail=0 gap=0
known() { [ -f "$DIR/KNOWN_GAPS" ] && grep -q "^$1:" "$DIR/KNOWN_GAPS"; }
# A failure of a known gap is counted as such, quietly.
report_fail() {
  if known "$1"; then gap=$((gap + 1)); return 0; fi
  fail=$((fail + 1)); return 1
}
for f in "$DIR"/*.sql; do
  name=$(basename "$f" .sql)
  db="fx_$name"
  pg_fresh_db "$db"
  if ! psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$f" >"$OUT/$name.psql" 2>&1; then
    echo "FAIL $name: fixture does not run on PostgreSQL"; sed 's/^/  /' "$OUT/$name.psql" | head -5
    fail=$((fail + 1)); continue
  fi
  "$BIN" catalog "$f" >"$OUT/$name.offline.json" 2>"$OUT/$name.offline.err"
  rc1=$?
  "$BIN" introspect --conn "dbname=$db" >"$OUT/$name.online.json" 2>"$OUT/$name.online.err"
  rc2=$?
  if [ $rc1 -ne 0 ] || [ $rc2 -ne 0 ]; then
    report_fail "$name" && continue
    echo "FAIL $name: catalog exit $rc1, introspect exit $rc2"
    grep -v warning "$OUT/$name.offline.err" "$OUT/$name.online.err" | head -3 | sed 's/^/  /'
    continue
  fi
  # (b) the catalog's --format sql script, run on an empty database, must
  # give the same catalog back
  if "$BIN" catalog "$f" --format sql >"$OUT/$name.sql" 2>"$OUT/$name.sql.err"; then
    pg_fresh_db "${db}_sql"
    if psql -X -q -v ON_ERROR_STOP=1 -d "${db}_sql" -f "$OUT/$name.sql" >"$OUT/$name.sql.psql" 2>&1; then
      "$BIN" introspect --conn "dbname=${db}_sql" >"$OUT/$name.rebuilt.json" 2>>"$OUT/$name.sql.err"
    else
      echo "psql failed: $(grep -m1 ERROR "$OUT/$name.sql.psql")" >"$OUT/$name.rebuilt.json"
    fi
  else
    echo "--format sql failed: $(head -1 "$OUT/$name.sql.err")" >"$OUT/$name.rebuilt.json"
  fi
  if ! diff -q "$OUT/$name.offline.json" "$OUT/$name.rebuilt.json" >/dev/null; then
    report_fail "$name" && continue
    echo "FAIL $name: the --format sql script does not rebuild the catalog (- offline, + rebuilt)"
    diff -u "$OUT/$name.offline.json" "$OUT/$name.rebuilt.json" | head -20 | sed 's/^/  /'
    continue
  fi
  if diff -u "$OUT/$name.online.json" "$OUT/$name.offline.json" >"$OUT/$name.diff"; then
    if known "$name"; then
      echo "FAIL $name: listed in KNOWN_GAPS but passes now: take it off the list"
      fail=$((fail + 1))
    else
      pass=$((pass + 1))
    fi
  else
    report_fail "$name" && continue
    echo "FAIL $name: offline catalog differs from the server (- server, + offline)"
    head -30 "$OUT/$name.diff" | sed 's/^/  /'
  fi
done
rm -rf "$OUT"
echo "$pass passed, $fail failed, $gap known gaps (KNOWN_GAPS)"
[ $fail -eq 0 ]

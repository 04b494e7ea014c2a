#!/usr/bin/env bash
# DROP verdicts, offline against PostgreSQL 15: for every case of
# FIXTURE_DIR/cases ("name|setup SQL|DROP statements", one a line) the
# script base.sql + setup + drop runs on a fresh database and through
# `lockstep catalog`; both must stop at the same first error, worded the
# same ("cannot drop view v because other objects depend on it"), or both
# accept it all (a CASCADE then checked by creating again what it took).
#
# usage: drop_verdicts.sh LOCKSTEP FIXTURE_DIR
# Quiet on success but for the final "N passed, N failed" line.
set -u
if [ $# -ne 2 ]; then
  echo "usage: drop_verdicts.sh LOCKSTEP FIXTURE_DIR" >&2
  exit 2
fi
BIN=$1
DIR=$2
. "$(dirname "$0")/pg.sh"
pg_start || exit 1
OUT=$(mktemp -d)
trap 'pg_stop; rm -rf "$OUT"' EXIT
pass=0 fail=0
while IFS='|' read -r name setup drop; do
  case $name in ''|'#'*) continue ;; esac
  f="$OUT/$name.sql"
  printf '%s\n%s\n%s;\n' "$(cat "$DIR/base.sql")" "$setup" "$drop" >"$f"
  pg_fresh_db dv
  srv=$(psql -X -q -v ON_ERROR_STOP=1 -d dv -f "$f" 2>&1 | grep -m1 'ERROR:' | sed 's/.*ERROR:  //')
  off=$("$BIN" catalog "$f" 2>&1 >/dev/null | head -1 | sed 's/^[^ ]*: error: //')
  if [ "$srv" = "$off" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $name: server: ${srv:-accepted}; lockstep: ${off:-accepted}"
  fi
done <"$DIR/cases"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/usr/bin/env bash
# prechecks.sql stops on the rows that violate a check, naming it, and
# passes on rows that do not; checked on a private PostgreSQL 15.
#
# usage: prechecks_fail.sh LOCKSTEP FIXTURES_DIR
#   PRECHECKS_ONLY=NNN   run only the case whose folder starts with NNN-
#
# FIXTURES_DIR/search_path.sql runs into every database first, and
# prechecks.sql runs with search_path = public, pg_catalog: the user's
# functions and operators named like those the checks call come first.
# Each FIXTURES_DIR/NNN-name/ holds from.sql, to.sql, rows.sql (rows every
# check passes), violate-*.sql files, each starting with the line
# "-- expect: MESSAGE", and optionally args (plan arguments, one a line).
# For every case:
#   1. LOCKSTEP plan FROM TO -o OUT [args] exits 0;
#   2. on from.sql + rows.sql, prechecks.sql exits 0 under psql -v
#      ON_ERROR_STOP=1, then up.sql runs;
#   3. for every violate-*.sql, on from.sql + rows.sql + that file,
#      prechecks.sql exits non-zero and its first ERROR is "ERROR:  MESSAGE".
# Quiet on success but for the final "N passed, N failed" line; a failure
# prints a FAIL line, one indented line per failed file, and keeps its work dir. Exit status 0 when all passed.
set -u
if [ $# -ne 2 ]; then
  echo "usage: prechecks_fail.sh LOCKSTEP FIXTURES_DIR" >&2
  exit 2
fi
BIN=$1
DIR=$2
. "$(dirname "$0")/pg.sh"
pg_test_begin prechecks
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
HOSTILE_PATH="-c search_path=public,pg_catalog"

# A database named $1 with from.sql, the search_path objects and the rows
# files given after it. Sets $why on failure.
make_db() {
  local db=$1 f; shift
  pg_fresh_db "$db" 2>"$w/db.err" || { why="cannot create $db: $(head -n 1 "$w/db.err")"; return 1; }
  for f in "$@"; do
    if ! "${PSQL[@]}" -d "$db" -f "$f" >"$w/load.psql" 2>&1; then
      why="$(basename "$f") does not run: $(grep -m 1 ERROR "$w/load.psql")"; return 1
    fi
  done
}

# One case. Every file is tried; $why gets one line per failure.
run_case() {
  local p=$1 w=$2 v expect got n=0 line
  local -a args=()
  why=""
  # the case's plan arguments, one a line, as plan_fixtures.sh reads them
  if [ -f "$p/args" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      [ -n "$line" ] && args+=("$line")
    done <"$p/args"
  fi
  if ! "$BIN" plan "$p/from.sql" "$p/to.sql" -o "$w/out" ${args[@]+"${args[@]}"} >"$w/plan.out" 2>&1; then
    why="lockstep plan failed: $(head -n 1 "$w/plan.out")"; return 1
  fi
  make_db clean "$p/from.sql" "$DIR/search_path.sql" "$p/rows.sql" || return 1
  if ! PGOPTIONS=$HOSTILE_PATH "${PSQL[@]}" -d clean -f "$w/out/prechecks.sql" \
      >"$w/clean.psql" 2>&1; then
    why="rows.sql: prechecks.sql fails on rows that pass: $(grep -m 1 ERROR "$w/clean.psql")"
  elif ! "${PSQL[@]}" -d clean -f "$w/out/up.sql" >"$w/up.psql" 2>&1; then
    why="rows.sql: up.sql fails after the prechecks passed: $(grep -m 1 ERROR "$w/up.psql")"
  fi
  for v in "$p"/violate-*.sql; do
    [ -e "$v" ] || continue
    n=$((n + 1))
    expect=$(sed -n '1s/^-- expect: //p' "$v")
    if [ -z "$expect" ]; then
      why+="${why:+$'\n'}$(basename "$v"): no '-- expect: ' first line"; continue
    fi
    local ok=$why
    make_db bad "$p/from.sql" "$DIR/search_path.sql" "$p/rows.sql" "$v" || return 1
    why=$ok
    if PGOPTIONS=$HOSTILE_PATH "${PSQL[@]}" -d bad -f "$w/out/prechecks.sql" \
        >"$w/bad.psql" 2>&1; then
      why+="${why:+$'\n'}$(basename "$v"): prechecks.sql passed; expected: $expect"; continue
    fi
    got=$(grep -m 1 ERROR "$w/bad.psql" | sed 's/^.*ERROR:  //')
    if [ "$got" != "$expect" ]; then
      why+="${why:+$'\n'}$(basename "$v"): expected: $expect"$'\n'"    got: $got"
    fi
  done
  [ $n -gt 0 ] || why+="${why:+$'\n'}no violate-*.sql"
  [ -z "$why" ]
}

passed=0 failed=0
for p in "$DIR"/[0-9]*-*/; do
  p=${p%/}
  name=$(basename "$p")
  if [ -n "${PRECHECKS_ONLY:-}" ] && [ "${name%%-*}" != "$PRECHECKS_ONLY" ]; then continue; fi
  w=$WORK/$name
  mkdir -p "$w"
  if run_case "$p" "$w"; then
    passed=$((passed + 1))
    rm -rf "$w"
  else
    failed=$((failed + 1))
    kept=1
    echo "FAIL $name (work dir $w)"
    printf '%s\n' "$why" | sed 's/^/  /'
  fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]

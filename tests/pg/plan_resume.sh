#!/usr/bin/env bash
# A plan that stops half-way, at every group boundary, then taken back to
# FROM by down.sql, or on to TO by up.sql run again; checked on a private
# PostgreSQL 15 (issue 14: transaction groups and the ledger).
#
# usage: plan_resume.sh LOCKSTEP FIXTURE_DIR...
#   each FIXTURE_DIR holds from.sql, to.sql, rows.sql (a plan fixture), and
#   optionally break.sql and fix.sql: break.sql, run after prechecks.sql,
#   writes rows that make a step of up.sql fail (a validation); fix.sql
#   repairs them.
#
# For each fixture, with G the up plan's groups (plan.json "groups"):
#   for k = 1..G, on a database with from.sql and rows.sql, up.sql is run
#   with a failure put into group k, after its last step and before its
#   ledger row (a transaction rolls back; a step outside a transaction has
#   done its work, unrecorded: a crash); then
#     a. down.sql: `introspect` equals `catalog from.sql` and every table's
#        rows are the ones before up.sql;
#     b. on a second such database, up.sql run again: `introspect` equals
#        `catalog to.sql`, the rows are kept, and a third run of up.sql
#        changes nothing;
#   with break.sql: up.sql fails after prechecks.sql passed; down.sql gives
#   FROM; after fix.sql, up.sql gives TO.
# Rows are compared as md5 of each table's rows as text, sorted, FROM's
# columns only (the fixtures' TO keeps them).
#
# Quiet on success but for the final "N passed, N failed" line; a failure
# prints a FAIL line with the reason indented below it and keeps the work
# dir. Exit status 0 when all passed.
set -u
if [ $# -lt 2 ]; then
  echo "usage: plan_resume.sh LOCKSTEP FIXTURE_DIR..." >&2
  exit 2
fi
BIN=$1
shift
. "$(dirname "$0")/pg.sh"
pg_test_begin resume
chmod 0755 "$WORK"
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
passed=0 failed=0

# The query that reads FROM's rows: for every user table of db (not
# lockstep's ledger), the md5 of its rows as text, sorted, of FROM's
# columns only (TO may add some). A partitioned table is read whole, with
# its partitions' rows, and a partition not on its own: which partition
# holds a row is the server's routing by the bounds, and a plan may add,
# drop or move partitions while every row stays in the table.
rows_query() { # db
  "${PSQL[@]}" -At -d "$1" <<'EOF'
SELECT format('SELECT %L, md5(coalesce(string_agg(x::text, E''\n'' ORDER BY x::text), '''')) FROM (SELECT %s FROM %s) AS x;',
              c.oid::regclass::text,
              (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a
                WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
              c.oid::regclass::text)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'lockstep')
  AND n.nspname !~ '^pg_'
ORDER BY c.oid::regclass::text;
EOF
}

rows_of() { # db
  "${PSQL[@]}" -At -F ' ' -d "$1" -f "$W/rows.query"
}

fresh() { # db dir
  dropdb --if-exists "$1" >/dev/null 2>&1
  createdb "$1" && "${PSQL[@]}" -d "$1" -f "$2/from.sql" >/dev/null &&
    "${PSQL[@]}" -d "$1" -f "$2/rows.sql" >/dev/null &&
    "${PSQL[@]}" -d "$1" -f "$W/out/prechecks.sql" >/dev/null
}

# up.sql with a failure before the ledger row of group k
broken_up() { # k
  awk -v k="$1" -v id="$ID" '
    index($0, "INSERT INTO lockstep.ledger (plan, side, grp) VALUES ('"'"'" id "'"'"', '"'"'up'"'"', " k ");") == 1 {
      print "DO $x$ BEGIN RAISE EXCEPTION '"'"'lockstep test: failure put into group " k "'"'"'; END $x$;"
    }
    { print }' "$W/out/up.sql"
}

is_catalog() { # db sql what
  "$BIN" introspect --conn "dbname=$1" >"$W/got.json" 2>"$W/err" || { why="introspect failed: $(head -n 1 "$W/err")"; return 1; }
  "$BIN" catalog "$2" >"$W/want.json" 2>"$W/err" || { why="catalog failed"; return 1; }
  if ! cmp -s "$W/got.json" "$W/want.json"; then
    why="$3: the database is not $(basename "$2" .sql): $(diff "$W/want.json" "$W/got.json" | head -n 6 | tr '\n' ' ')"
    return 1
  fi
}

same_rows() { # db what
  rows_of "$1" >"$W/rows.now" 2>"$W/err" || { why="$2: rows unreadable"; return 1; }
  if ! cmp -s "$W/rows.ref" "$W/rows.now"; then
    why="$2: rows differ: $(diff "$W/rows.ref" "$W/rows.now" | head -n 4 | tr '\n' ' ')"
    return 1
  fi
}

run_fixture() { # dir
  local d=$1 k line
  local -a args=()
  # the pair's plan arguments, one a line, as plan_fixtures.sh reads them
  if [ -f "$d/args" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      [ -n "$line" ] && args+=("$line")
    done <"$d/args"
  fi
  "$BIN" plan "$d/from.sql" "$d/to.sql" -o "$W/out" ${args[@]+"${args[@]}"} >/dev/null 2>"$W/err" ||
    { why="plan failed: $(head -n 1 "$W/err")"; return 1; }
  ID=$(sed -n 's/^  "plan_id": "\([0-9a-f]*\)",$/\1/p' "$W/out/plan.json")
  G=$(sed -n 's/^    "groups": \([0-9]*\),$/\1/p' "$W/out/plan.json")
  [ -n "$ID" ] && [ -n "$G" ] || { why="plan.json has no plan_id or groups"; return 1; }
  fresh r_ref "$d" || { why="FROM does not load"; return 1; }
  rows_query r_ref >"$W/rows.query" && rows_of r_ref >"$W/rows.ref" || { why="rows unreadable"; return 1; }
  for k in $(seq 1 "$G"); do
    broken_up "$k" >"$W/broken.sql"
    for db in r_down r_up; do
      fresh $db "$d" || { why="FROM does not load"; return 1; }
      if "${PSQL[@]}" -d $db -f "$W/broken.sql" >"$W/up.log" 2>&1; then
        why="group $k: the broken up.sql did not fail"; return 1
      fi
      grep -q "failure put into group $k" "$W/up.log" || { why="group $k: up.sql failed otherwise: $(grep -m 1 ERROR "$W/up.log")"; return 1; }
    done
    if ! "${PSQL[@]}" -d r_down -f "$W/out/down.sql" >"$W/down.log" 2>&1; then
      why="after a failure in group $k, down.sql fails: $(grep -m 1 -E 'ERROR|FATAL' "$W/down.log")"; return 1
    fi
    is_catalog r_down "$d/from.sql" "failure in group $k, then down.sql" || return 1
    same_rows r_down "failure in group $k, then down.sql" || return 1
    if ! "${PSQL[@]}" -d r_up -f "$W/out/up.sql" >"$W/up2.log" 2>&1; then
      why="after a failure in group $k, up.sql run again fails: $(grep -m 1 -E 'ERROR|FATAL' "$W/up2.log")"; return 1
    fi
    is_catalog r_up "$d/to.sql" "failure in group $k, then up.sql again" || return 1
    same_rows r_up "failure in group $k, then up.sql again" || return 1
    "${PSQL[@]}" -d r_up -f "$W/out/up.sql" >"$W/up3.log" 2>&1 || { why="group $k: a third up.sql fails"; return 1; }
    is_catalog r_up "$d/to.sql" "failure in group $k, up.sql a third time" || return 1
  done
  if [ -f "$d/break.sql" ]; then
    for db in r_down r_up; do
      fresh $db "$d" && "${PSQL[@]}" -d $db -f "$d/break.sql" >/dev/null || { why="break.sql does not run"; return 1; }
      if "${PSQL[@]}" -d $db -f "$W/out/up.sql" >"$W/up.log" 2>&1; then
        why="up.sql passed over the rows break.sql wrote"; return 1
      fi
    done
    "${PSQL[@]}" -d r_down -f "$W/out/down.sql" >"$W/down.log" 2>&1 || { why="after break.sql, down.sql fails: $(grep -m 1 ERROR "$W/down.log")"; return 1; }
    is_catalog r_down "$d/from.sql" "break.sql, up.sql failed, down.sql" || return 1
    "${PSQL[@]}" -d r_up -f "$d/fix.sql" >/dev/null || { why="fix.sql does not run"; return 1; }
    "${PSQL[@]}" -d r_up -f "$W/out/up.sql" >"$W/up.log" 2>&1 || { why="after fix.sql, up.sql fails: $(grep -m 1 ERROR "$W/up.log")"; return 1; }
    is_catalog r_up "$d/to.sql" "break.sql, up.sql failed, fix.sql, up.sql" || return 1
  fi
}

for d in "$@"; do
  d=${d%/}
  W="$WORK/$(basename "$d")"
  mkdir -p "$W"
  why=""
  if run_fixture "$d"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    kept=1
    printf 'FAIL %s\n    %s\n    (work dir %s)\n' "$(basename "$d")" "$why" "$W"
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# The partition swap that attaches the old table (plan --attach), taken
# back after the application wrote through the new table: every row it
# wrote, updated or deleted since the swap is as it would be on the plain
# table, the catalog is FROM's and the identity carries on. On a private
# PostgreSQL 15.
#
# usage: swap_attach_undo.sh LOCKSTEP FIXTURE_DIR
#   FIXTURE_DIR: a plan fixture whose args attach a table (278), and
#   writes.sql: the application's writes, through the table's name.
#
# Two cases, each on a database with from.sql and rows.sql:
#   1. up.sql stops in the group after the swap (a failure put before its
#      ledger row); writes.sql; down.sql undoes the groups it applied, the
#      swap's undo moving the rows written into TO's other partitions back;
#   2. up.sql runs to TO; writes.sql; down.sql runs the down plan.
# After down.sql: `introspect` equals `catalog from.sql`; every table's rows
# (md5 of the sorted rows as text) equal those of a reference database that
# got from.sql, rows.sql and writes.sql on the plain table; the next id of an
# insert is the reference's.
#
# Quiet on success but for the final "N passed, N failed" line. Exit status
# 0 when both passed.
set -u
if [ $# -ne 2 ]; then
  echo "usage: swap_attach_undo.sh LOCKSTEP FIXTURE_DIR" >&2
  exit 2
fi
BIN=$1
FIX=$2
. "$(dirname "$0")/pg.sh"
pg_test_begin attach_undo
chmod 0755 "$WORK"
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
passed=0 failed=0

args=()
while IFS= read -r line || [ -n "$line" ]; do
  [ -n "$line" ] && args+=("$line")
done <"$FIX/args"
if ! "$BIN" plan "$FIX/from.sql" "$FIX/to.sql" -o "$WORK/out" "${args[@]}" >/dev/null 2>"$WORK/err"; then
  echo "FAIL plan: $(head -n 1 "$WORK/err")"
  echo "0 passed, 1 failed"
  exit 1
fi
ID=$(sed -n 's/^  "plan_id": "\([0-9a-f]*\)",$/\1/p' "$WORK/out/plan.json")
# the group the attach swap commits in: the first ledger row after its step
K=$(awk '/^-- step [0-9]+: swap: attach / { on = 1 }
  on && /^INSERT INTO lockstep.ledger \(plan, side, grp\) VALUES/ {
    sub(/.*'"'"'up'"'"', /, ""); sub(/\);.*/, ""); print; exit }' "$WORK/out/up.sql")
if [ -z "$ID" ] || [ -z "$K" ]; then
  echo "FAIL plan: no plan_id, or no attach swap in up.sql"
  echo "0 passed, 1 failed"
  exit 1
fi

# every user table's rows, as plan_resume.sh reads them
rows_of() { # db
  "${PSQL[@]}" -At -d "$1" <<'EOF' >"$WORK/q.sql" && "${PSQL[@]}" -At -F ' ' -d "$1" -f "$WORK/q.sql"
SELECT format('SELECT %L, count(*), md5(coalesce(string_agg(x::text, E''\n'' ORDER BY x::text), '''')) FROM (SELECT %s FROM %s) AS x;',
              c.oid::regclass::text,
              (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a
                WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
              c.oid::regclass::text)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'lockstep') AND n.nspname !~ '^pg_'
ORDER BY c.oid::regclass::text;
EOF
}

load() { # db
  dropdb --if-exists "$1" >/dev/null 2>&1
  createdb "$1" && "${PSQL[@]}" -d "$1" -f "$FIX/from.sql" >/dev/null &&
    "${PSQL[@]}" -d "$1" -f "$FIX/rows.sql" >/dev/null
}

# the next id an insert gets: the identity carried on
next_id() { # db
  "${PSQL[@]}" -At -d "$1" -c 'INSERT INTO "Audit"."Log Entries" ("createdAt", action) VALUES (now(), '"'"'next'"'"') RETURNING id'
}

load a_ref && "${PSQL[@]}" -d a_ref -f "$FIX/writes.sql" >/dev/null || { echo "FAIL the reference does not load"; exit 1; }
rows_of a_ref >"$WORK/rows.ref"
REF_NEXT=$(next_id a_ref)

check() { # case db
  local why=""
  "$BIN" introspect --conn "dbname=$2" >"$WORK/got.json" 2>"$WORK/err" || why="introspect failed"
  "$BIN" catalog "$FIX/from.sql" >"$WORK/want.json"
  [ -z "$why" ] && ! cmp -s "$WORK/got.json" "$WORK/want.json" &&
    why="the database is not FROM: $(diff "$WORK/want.json" "$WORK/got.json" | head -n 6 | tr '\n' ' ')"
  rows_of "$2" >"$WORK/rows.now"
  [ -z "$why" ] && ! cmp -s "$WORK/rows.ref" "$WORK/rows.now" &&
    why="rows differ from the reference: $(diff "$WORK/rows.ref" "$WORK/rows.now" | tr '\n' ' ')"
  local got
  got=$(next_id "$2")
  [ -z "$why" ] && [ "$got" != "$REF_NEXT" ] && why="the next id is $got, the reference's $REF_NEXT"
  if [ -n "$why" ]; then
    echo "FAIL $1: $why"
    failed=$((failed + 1))
    kept=1
  else
    passed=$((passed + 1))
  fi
}

# 1. stopped in the group after the swap
awk -v k="$((K + 1))" -v id="$ID" '
  index($0, "INSERT INTO lockstep.ledger (plan, side, grp) VALUES ('"'"'" id "'"'"', '"'"'up'"'"', " k ");") == 1 {
    print "DO $x$ BEGIN RAISE EXCEPTION '"'"'lockstep test: failure put into group " k "'"'"'; END $x$;"
  }
  { print }' "$WORK/out/up.sql" >"$WORK/broken.sql"
if load a_stop && "${PSQL[@]}" -d a_stop -f "$WORK/out/prechecks.sql" >/dev/null &&
    ! "${PSQL[@]}" -d a_stop -f "$WORK/broken.sql" >"$WORK/up.out" 2>&1 &&
    grep -q "failure put into group $((K + 1))" "$WORK/up.out" &&
    "${PSQL[@]}" -d a_stop -f "$FIX/writes.sql" >/dev/null &&
    "${PSQL[@]}" -d a_stop -f "$WORK/out/down.sql" >/dev/null 2>"$WORK/down.err"; then
  check "stopped after the swap, then down.sql" a_stop
else
  echo "FAIL stopped after the swap: $(tail -n 2 "$WORK/up.out" "$WORK/down.err" 2>/dev/null | tr '\n' ' ')"
  failed=$((failed + 1))
  kept=1
fi

# 2. at TO, then the down plan
if load a_to && "${PSQL[@]}" -d a_to -f "$WORK/out/prechecks.sql" >/dev/null &&
    "${PSQL[@]}" -d a_to -f "$WORK/out/up.sql" >/dev/null 2>"$WORK/up.err" &&
    "${PSQL[@]}" -d a_to -f "$FIX/writes.sql" >/dev/null &&
    "${PSQL[@]}" -d a_to -f "$WORK/out/down.sql" >/dev/null 2>"$WORK/down.err"; then
  check "at TO, then down.sql" a_to
else
  echo "FAIL at TO: $(tail -n 2 "$WORK/up.err" "$WORK/down.err" 2>/dev/null | tr '\n' ' ')"
  failed=$((failed + 1))
  kept=1
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

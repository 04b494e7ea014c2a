#!/usr/bin/env bash
# The locks plan.json claims, checked against pg_locks on a private
# PostgreSQL 15.
#
# usage: plan_locks.sh LOCKSTEP FIXTURES_DIR
#   PLAN_ONLY=NNN   run only the pair whose folder starts with NNN-
#   PLAN_LOCKS_WATCH=0  run the steps outside a transaction unwatched (the
#                   sanitizer run: the claims are the release run's to check)
#
# For every pair of FIXTURES_DIR (the plan fixtures; pairs with a `refused`
# file are skipped) a database gets from.sql and rows.sql, then the steps of
# plan.json run one by one: the up steps ("steps"), then the down steps
# ("rollback_steps"). A step that may run in a transaction runs inside one,
# and before it commits the locks its session holds are read from pg_locks
# and compared with the step's "locks":
#   - every claimed relation (named as before the step runs) is held, and the
#     strongest mode held on it is the mode claimed, as pg_locks spells it;
#   - every table, view, materialized view, sequence or foreign table that
#     existed before the step and is held, in any mode, AccessShareLock
#     included, is claimed (indexes, TOAST tables and the system catalogs
#     are not: they come with their table).
# Two rules for AccessShareLock, where what a step reads depends on what
# the plan cannot know:
#   - opaque bodies: a function whose body is not SQL-standard (plpgsql, a
#     LANGUAGE sql string, C) reads what it executes, found only when it
#     runs, so the plan claims nothing for it; an unclaimed AccessShareLock
#     is accepted on a relation whose name (any case) is in the source
#     (pg_proc.prosrc) of such a function of a user schema;
#   - calls made per row: a SQL-standard function called by a CHECK, or by
#     a materialized view's query, runs once per row, not at all on a table
#     without rows; a claimed AccessShareLock that is not held is accepted
#     on a relation that the body of a SQL-standard function reads
#     (pg_depend of a pg_proc row with prosqlbody).
# Rewrites: a step that may run in a transaction and claims "rewrites" must
# give some table (or materialized view) that existed before it a new
# relfilenode; one that claims none must give none. The steps run with
# TimeZone America/New_York: under UTC, PostgreSQL changes timestamp to
# timestamptz (and back) without a rewrite, and the plan, which cannot know
# the session's TimeZone, claims one.
# Each step runs with check_function_bodies off, as up.sql and down.sql set it.
# A step that must run outside a transaction is watched from another
# session: CREATE or DROP INDEX CONCURRENTLY waits for the transactions that
# use its table, so a third session holds RowExclusiveLock on the table
# the step claims first while the step runs; once the step waits for it,
# the locks the step's backend holds are compared with its claims as
# above, but a claimed relation may be held in a weaker mode than claimed
# (such a step locks in phases: DROP INDEX CONCURRENTLY holds its index
# in ShareUpdateExclusiveLock while it waits and in AccessExclusiveLock at
# its end), and the third session is cancelled to let the step finish. Other
# steps outside a transaction (ALTER TYPE ... ADD VALUE, which waits for
# nothing) run as they are, unchecked, and so do the concurrent builds
# and drops on materialized views (LOCK TABLE cannot hold one for them).
#
# Quiet on success but for the final "N passed, N failed" line; a failed
# pair prints one FAIL line with the differences indented below it.
set -u
if [ $# -ne 2 ]; then
  echo "usage: plan_locks.sh LOCKSTEP FIXTURES_DIR" >&2
  exit 2
fi
BIN=$1
DIR=$2
. "$(dirname "$0")/pg.sh"
pg_test_begin locks

PSQL=(psql -X -q -v ON_ERROR_STOP=1)

# The steps of one side of plan.json, one line each: "transactional<TAB>
# rewrites<TAB>base64(locks json)<TAB>base64(sql)<TAB>action object".
steps_of() { # plan.json key
  # the plan is read by psql itself: a big plan.json does not fit an argument
  LS_PLAN_JSON=$1 "${PSQL[@]}" -At -F $'\t' -d postgres -v key="$2" <<'EOF'
\set plan `cat "$LS_PLAN_JSON"`
SELECT s->>'transactional', s->>'rewrites',
       replace(encode(convert_to(coalesce(s->'locks', '[]'::json)::text, 'UTF8'), 'base64'), E'\n', ''),
       replace(encode(convert_to(s->>'sql', 'UTF8'), 'base64'), E'\n', ''),
       replace(replace(s->>'action' || ' ' || (s->>'object'), E'\n', ' '), E'\t', ' ')
FROM json_array_elements((:'plan')::json -> :'key') WITH ORDINALITY AS x(s, i)
ORDER BY i
EOF
}

# The check around one step: the relations before it, the claimed locks
# resolved to OIDs before it, the step, then what differs.
cat >"$WORK/check_head.sql" <<'EOF'
SET check_function_bodies = false;
BEGIN;
CREATE TEMP TABLE ls_pre ON COMMIT DROP AS
SELECT c.oid, c.relkind, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name,
       c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)';
CREATE TEMP TABLE ls_claim ON COMMIT DROP AS
SELECT l->>'relation' AS rel, l->>'mode' AS mode, to_regclass(l->>'relation')::oid AS oid
FROM json_array_elements((:'locks')::json) l;
CREATE TEMP TABLE ls_files ON COMMIT DROP AS
SELECT c.oid, c.relfilenode, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)';
EOF
cat >"$WORK/check_tail.sql" <<'EOF'
\pset format unaligned
\pset tuples_only on
\o :out
WITH ord(m, r) AS (
  SELECT * FROM unnest(ARRAY['AccessShareLock', 'RowShareLock', 'RowExclusiveLock',
    'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock',
    'AccessExclusiveLock']) WITH ORDINALITY),
held AS (
  SELECT l.relation AS oid, max(o.r) AS r
  FROM pg_locks l JOIN ord o ON o.m = l.mode
  WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  GROUP BY 1),
claim AS (
  SELECT c.rel, c.oid, max(o.r) AS r, string_agg(c.mode, ', ') AS modes
  FROM ls_claim c LEFT JOIN ord o ON o.m = c.mode GROUP BY 1, 2)
SELECT format('claims %s on %s, %s', c.modes, c.rel,
              CASE WHEN c.oid IS NULL THEN 'which does not exist before the step'
                   WHEN c.r IS NULL THEN 'not a pg_locks mode'
                   ELSE 'holds ' || coalesce((SELECT m FROM ord WHERE r = h.r), 'nothing') END)
FROM claim c LEFT JOIN held h ON h.oid = c.oid
WHERE (c.oid IS NULL OR c.r IS NULL OR h.r IS DISTINCT FROM c.r)
  -- calls made per row (see the header)
  AND NOT (c.r = 1 AND h.r IS NULL AND EXISTS (
    SELECT FROM pg_depend d JOIN pg_proc f ON f.oid = d.objid
    WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_class'::regclass
      AND d.refobjid = c.oid AND f.prosqlbody IS NOT NULL))
UNION ALL
SELECT format('holds %s on %s, not claimed', (SELECT m FROM ord WHERE r = h.r), p.name)
FROM held h JOIN ls_pre p ON p.oid = h.oid
WHERE p.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  -- opaque bodies (see the header)
  AND (h.r > 1 OR NOT EXISTS (
    SELECT FROM pg_proc f JOIN pg_namespace fn ON fn.oid = f.pronamespace
    WHERE f.prosqlbody IS NULL AND fn.nspname NOT IN ('pg_catalog', 'information_schema')
      AND position(lower(p.relname) IN lower(f.prosrc)) > 0))
  AND h.oid NOT IN (SELECT oid FROM claim WHERE oid IS NOT NULL)
ORDER BY 1;
-- rewrites {
SELECT 'claims a rewrite, but no table''s relfilenode changed'
WHERE :'rewrites' = 'true' AND NOT EXISTS (
  SELECT FROM ls_files f JOIN pg_class c ON c.oid = f.oid WHERE c.relfilenode <> f.relfilenode)
UNION ALL
SELECT format('claims no rewrite, but %s has a new relfilenode', f.name)
FROM ls_files f JOIN pg_class c ON c.oid = f.oid
WHERE :'rewrites' = 'false' AND c.relfilenode <> f.relfilenode
ORDER BY 1;
-- }
\o
COMMIT;
EOF

# The same comparison for another backend (:pid), read from a third session
# while that backend waits: the relations are those of now (an index being
# built is not compared: indexes come with their table).
cat >"$WORK/check_other.sql" <<'EOF'
BEGIN;
CREATE TEMP TABLE ls_pre ON COMMIT DROP AS
SELECT c.oid, c.relkind, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name,
       c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)';
CREATE TEMP TABLE ls_claim ON COMMIT DROP AS
SELECT l->>'relation' AS rel, l->>'mode' AS mode, to_regclass(l->>'relation')::oid AS oid
FROM json_array_elements((:'locks')::json) l;
EOF
# a step outside a transaction takes its locks in phases (DROP INDEX
# CONCURRENTLY: ShareUpdateExclusiveLock on the index while it waits,
# AccessExclusiveLock at its end): what it holds while it waits is at most
# what it claims
sed -e 's/l.pid = pg_backend_pid()/l.pid = :pid/' -e '/^-- rewrites {/,/^-- }/d' \
    -e 's/OR h.r IS DISTINCT FROM c.r/OR h.r IS NULL OR h.r > c.r/' \
    "$WORK/check_tail.sql" >>"$WORK/check_other.sql"

# Run the step outside a transaction, watched (see the header). Returns
# non-zero when the step fails; the differences go to $w/step.out.
watched_step() { # w db locks-json
  local w=$1 db=$2 locks=$3 rel i pid
  : >"$w/step.out"
  rel=$("${PSQL[@]}" -At -d "$db" -v locks="$locks" 2>/dev/null <<'EOF'
SELECT l->>'relation' FROM json_array_elements((:'locks')::json) l
WHERE (SELECT relkind FROM pg_class WHERE oid = to_regclass(l->>'relation')) = 'r' LIMIT 1
EOF
)
  if [ -z "$rel" ] || [ "${PLAN_LOCKS_WATCH:-1}" = 0 ] ||
      ! grep -qE '^(CREATE (UNIQUE )?INDEX|DROP INDEX) CONCURRENTLY' "$w/step.sql"; then
    PGOPTIONS="-c check_function_bodies=off" "${PSQL[@]}" -d "$db" -f "$w/step.sql" >"$w/step.psql" 2>&1
    return
  fi
  PGAPPNAME=ls_blocker "${PSQL[@]}" -d "$db" -v rel="$rel" >/dev/null 2>&1 <<'EOF' &
BEGIN;
LOCK TABLE :rel IN ROW EXCLUSIVE MODE;
SELECT pg_sleep(60);
EOF
  local blocker=$!
  for i in $(seq 1 200); do
    [ "$("${PSQL[@]}" -At -d "$db" -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'ls_blocker' AND wait_event = 'PgSleep'")" = 1 ] && break
    sleep 0.05
  done
  PGAPPNAME=ls_step PGOPTIONS="-c check_function_bodies=off" "${PSQL[@]}" -d "$db" -f "$w/step.sql" \
    >"$w/step.psql" 2>&1 &
  local step=$!
  pid=""
  for i in $(seq 1 200); do
    pid=$("${PSQL[@]}" -At -d "$db" -c "SELECT a.pid FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid WHERE a.application_name = 'ls_step' AND NOT l.granted LIMIT 1")
    [ -n "$pid" ] && break
    kill -0 $step 2>/dev/null || break
    sleep 0.05
  done
  if [ -n "$pid" ]; then
    "${PSQL[@]}" -d "$db" -v locks="$locks" -v pid="$pid" -v out="$w/step.out" \
      -f "$WORK/check_other.sql" >"$w/watch.psql" 2>&1
    echo x >>"$WORK/watched"
  else
    echo "not seen waiting for the transactions using $rel: its locks were not watched" >"$w/step.out"
  fi
  "${PSQL[@]}" -At -d "$db" -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'ls_blocker'" >/dev/null
  wait $blocker 2>/dev/null
  wait $step
}

# One side of a pair: every step of plan.json's KEY in order. Appends
# differences to $w/diffs; returns non-zero when a step does not run.
run_side() { # pair-work-dir db key label
  local w=$1 db=$2 key=$3 label=$4 n=0 tx locks sql what
  steps_of "$w/out/plan.json" "$key" >"$w/$key.steps" 2>"$w/steps.err" || {
    why="cannot read $key of plan.json: $(head -n 1 "$w/steps.err")"; return 1; }
  while IFS=$'\t' read -r tx rewrites locks sql what; do
    n=$((n + 1))
    printf '%s' "$sql" | base64 -d >"$w/step.sql"
    if [ "$tx" != true ]; then
      if ! watched_step "$w" "$db" "$(printf '%s' "$locks" | base64 -d)"; then
        why="$label step $n ($what) fails: $(grep -m 1 -E 'ERROR|FATAL' "$w/step.psql")"; return 1
      fi
      sed "s/^/$label step $n ($what), watched: /" "$w/step.out" >>"$w/diffs"
      continue
    fi
    : >"$w/step.out"
    # a TimeZone that is not UTC: timestamp <-> timestamptz rewrites then
    # (under UTC the server keeps the files; the plan claims the rewrite)
    if ! PGOPTIONS="-c TimeZone=America/New_York" "${PSQL[@]}" -d "$db" \
        -v locks="$(printf '%s' "$locks" | base64 -d)" -v out="$w/step.out" \
        -v rewrites="$rewrites" \
        -f "$WORK/check_head.sql" -f "$w/step.sql" -f "$WORK/check_tail.sql" \
        >"$w/step.psql" 2>&1; then
      why="$label step $n ($what) fails: $(grep -m 1 -E 'ERROR|FATAL' "$w/step.psql")"; return 1
    fi
    sed "s/^/$label step $n ($what): /" "$w/step.out" >>"$w/diffs"
  done <"$w/$key.steps"
  return 0
}

run_pair() {
  local p=$1 w=$2 num=$3 db line
  local -a args=()
  why=""
  db="locks_$num"
  if [ -f "$p/args" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      [ -n "$line" ] && args+=("$line")
    done <"$p/args"
  fi
  if ! "$BIN" plan "$p/from.sql" "$p/to.sql" -o "$w/out" ${args[@]+"${args[@]}"} \
      >"$w/plan.stdout" 2>"$w/plan.stderr"; then
    why="lockstep plan failed: $(head -n 1 "$w/plan.stderr")"; return 1
  fi
  pg_fresh_db "$db" 2>"$w/db.err" || { why="cannot create database: $(head -n 1 "$w/db.err")"; return 1; }
  if ! "${PSQL[@]}" -d "$db" -f "$p/from.sql" >"$w/from.psql" 2>&1; then
    why="from.sql does not run: $(grep -m 1 ERROR "$w/from.psql")"; return 1
  fi
  if [ -f "$p/rows.sql" ] && ! "${PSQL[@]}" -d "$db" -f "$p/rows.sql" >"$w/rows.psql" 2>&1; then
    why="rows.sql does not run: $(grep -m 1 ERROR "$w/rows.psql")"; return 1
  fi
  : >"$w/diffs"
  run_side "$w" "$db" steps up || return 1
  run_side "$w" "$db" rollback_steps down || return 1
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS locks_$num WITH (FORCE)" >/dev/null 2>&1
  if [ -s "$w/diffs" ]; then
    why="locks held differ from the locks plan.json claims"
    return 1
  fi
  return 0
}

pass=0 fail=0
for p in "$DIR"/[0-9]*/; do
  p=${p%/}
  name=$(basename "$p")
  num=${name%%-*}
  if [ -n "${PLAN_ONLY:-}" ] && [ "$num" != "$PLAN_ONLY" ]; then continue; fi
  [ -f "$p/refused" ] && continue
  w="$WORK/$name"
  mkdir -p "$w"
  if run_pair "$p" "$w" "$num"; then
    pass=$((pass + 1))
    rm -rf "$w"
  else
    fail=$((fail + 1))
    kept=1
    echo "FAIL $name: $why"
    [ -s "$w/diffs" ] && sed 's/^/  /' "$w/diffs"
    echo "  work dir: $w"
  fi
done
watched=0
[ -f "$WORK/watched" ] && watched=$(wc -l <"$WORK/watched")
echo "($watched steps outside a transaction watched from another session)"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

#!/usr/bin/env bash
# The calibration benchmark (issue 16 item 2): how long the work of a plan's
# steps takes on a private PostgreSQL 15 (pg.sh's settings), per byte of the
# table, so that estimate_ms = overhead + bytes / throughput can be made from
# a stats file. Not run in CI.
#
# usage: tests/bench/calibrate.sh LOCKSTEP
#   CAL_SIZES="100 300 600"  heap sizes of the tables, MB (about: the row
#                            count comes from a sample's bytes per row)
#   CAL_QUICK=1              sizes 8 16 32 (a few minutes, to check the script)
#   CAL_RUNS=3               runs of each measurement; the median is reported
#   CAL_KEEP=1               keep the work dir (results, stats files, plans)
#
# Per size: accounts (N/10 rows) and events (N rows: bigint id, timestamptz,
# bigint account_id, an integer, ~60 bytes of text, a small jsonb; PRIMARY
# KEY (id)); then, each measurement VACUUM ANALYZEd and CHECKPOINTed before,
# `lockstep stats` taken before (the bytes the estimate will see), the work
# undone after (a dropped index, a dropped constraint, the type changed back):
#   rewrite-1idx, -3idx     ALTER COLUMN n TYPE bigint with PRIMARY KEY only,
#                           and with two more indexes (relfilenode must change)
#   cic-bigint, -text,      CREATE INDEX CONCURRENTLY (account_id), (note),
#     -2cols                (account_id, created_at)
#   index-bigint            CREATE INDEX (account_id)
#   validate-check          ADD CHECK (note IS NOT NULL) NOT VALID, the VALIDATE
#   set-not-null            SET NOT NULL through that check, valid (no scan)
#   validate-fk             ADD FOREIGN KEY (account_id) -> accounts NOT VALID,
#                           the VALIDATE
#   swap-copy, swap-vacuum  lockstep's plan of logs (a copy of events, PRIMARY
#                           KEY (id) and an index on (account_id, created_at))
#                           becoming PARTITION BY RANGE (created_at) by month:
#                           up.sql run whole, its copy group and its VACUUM
#                           (ANALYZE) group timed from lockstep.ledger
#   add-column              ADD COLUMN of a nullable column (the floor)
# Every time is psql's \timing of the one statement (the swap's: the ledger's
# clock_timestamp() at each group's end). The report: machine, load before
# each size, PostgreSQL and its settings, the table of operation x size, and
# suggested constants (tests/bench/calibrate_report.awk). Exit 1 when a
# rewrite kept its relfilenode or another statement changed it.
set -u
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 LOCKSTEP" >&2; exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
SIZES=${CAL_SIZES:-100 300 600}
[ -n "${CAL_QUICK:-}" ] && SIZES="8 16 32"
RUNS=${CAL_RUNS:-3}
STALL_KEEP=${CAL_KEEP:-${STALL_KEEP:-}}
DB=cal
. "$HERE/stall_lib.sh"
stall_setup calib
t_start=$(date +%s)
pg_fresh_db "$DB" || exit 1
mkdir -p "$W/stats"
: >"$W/results" >"$W/loads"

# q SQL...: each argument one statement, autocommitted (VACUUM, CHECKPOINT)
q() {
  local a args=()
  for a in "$@"; do args+=(-c "$a"); done
  "${PSQL[@]}" -At "${args[@]}" 2>"$W/q.err" || {
    say "failed: $*: $(head -n 1 "$W/q.err")"; exit 1; }
}
# timed SQL: the statement's time in ms (psql's \timing) in $ms
timed() {
  "${PSQL[@]}" -c '\timing on' -c "$1" >"$W/t.out" 2>&1 || {
    say "failed: $1: $(grep -m1 -E 'ERROR|FATAL' "$W/t.out")"; exit 1; }
  ms=$(awk '/^Time: / { t = $2 } END { print t }' "$W/t.out")
  [ -n "$ms" ] || { say "no time for: $1"; exit 1; }
}
# snap TABLE LABEL: lockstep stats, and TABLE's "heap index toast rows" in $sz
snap() {
  "$BIN" stats --conn "dbname=$DB" -o "$W/stats/$2.json" 2>"$W/stats.err" || {
    say "lockstep stats failed: $(head -n 1 "$W/stats.err")"; exit 1; }
  sz=$(jq -r --arg t "$1" '.tables[] | select(.schema == "public" and .name == $t) |
      "\(.heap_bytes) \(.index_bytes) \(.toast_bytes) \(.rows | floor)"' "$W/stats/$2.json")
  [ -n "$sz" ] || { say "no $1 in $W/stats/$2.json"; exit 1; }
}
relfile() { q "SELECT relfilenode FROM pg_class WHERE oid = 'public.$1'::regclass"; }
# prep TABLE...: VACUUM ANALYZE them, CHECKPOINT
prep() {
  local t args=()
  for t in "$@"; do args+=("VACUUM ANALYZE $t"); done
  q "${args[@]}" "CHECKPOINT"
}
# measure OP TABLE BEFORE TIMED AFTER [PREP...]: RUNS times: BEFORE (SQL, may
# be empty), prep, stats, TIMED, AFTER (the undo); a line of $W/results per
# run: op size run ms heap index toast rows rewrote(0/1)
measure() {
  local op=$1 t=$2 before=$3 sql=$4 after=$5 r f0 f1
  shift 5
  for r in $(seq 1 "$RUNS"); do
    [ -n "$before" ] && q "$before" >/dev/null
    prep "$t" "$@"
    snap "$t" "$size-$op-$r"
    f0=$(relfile "$t")
    timed "$sql"
    f1=$(relfile "$t")
    [ -n "$after" ] && q "$after" >/dev/null
    echo "$op $size $r $ms $sz $([ "$f0" != "$f1" ] && echo 1 || echo 0)" >>"$W/results"
  done
  say "  $op: $(awk -v o="$op" -v s="$size" '$1 == o && $2 == s { printf "%s ms ", $4 }' "$W/results")"
}

cols="id bigint NOT NULL, created_at timestamp with time zone NOT NULL, account_id bigint NOT NULL, n integer NOT NULL, note text NOT NULL, attrs jsonb"
collist="id, created_at, account_id, n, note, attrs"
# fill TABLE N: N rows, the same for the same N; created_at over 2025 in id
# order, account_id scattered over 1 .. N/10, note 59 bytes of md5 text
fill() {
  local p=$(($2 / 10))
  [ $p -gt 0 ] || p=1
  echo "INSERT INTO $1 ($collist) SELECT g, timestamptz '2025-01-01 00:00:00+00' + (g - 1) * interval '365 days' / $2, (g * 7919) % $p + 1, g % 1000, 'order ' || md5(g::text) || ' ' || left(md5((g + 1)::text), 20), jsonb_build_object('k', g % 100, 'flag', g % 2 = 0) FROM generate_series(1::bigint, $2) g"
}
# the swap: FROM and TO of logs
echo "CREATE TABLE logs ($cols, PRIMARY KEY (id));
CREATE INDEX logs_account_id_created_at_idx ON logs (account_id, created_at);" >"$W/from.sql"
{
  echo "CREATE TABLE logs ($cols, PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);"
  echo "CREATE INDEX logs_account_id_created_at_idx ON logs (account_id, created_at);"
  for m in $(seq 1 12); do
    a=$(printf '2025-%02d-01' "$m")
    b=$(date -u -d "$a +1 month" +%Y-%m-%d)
    echo "CREATE TABLE logs_2025_$(printf %02d "$m") PARTITION OF logs FOR VALUES FROM ('$a 00:00:00+00') TO ('$b 00:00:00+00');"
  done
  echo "CREATE TABLE logs_default PARTITION OF logs DEFAULT;"
} >"$W/to.sql"
if ! "$BIN" plan "$W/from.sql" "$W/to.sql" -o "$W/plan" >"$W/plan.out" 2>&1; then
  say "lockstep plan failed: $(head -n 1 "$W/plan.out")"; exit 1
fi
# each group's ledger row stamped at the group's end (applied_at defaults to
# now(), the start of a transactional group)
sed "s/^INSERT INTO lockstep.ledger (plan, side, grp) VALUES (\(.*\));\$/INSERT INTO lockstep.ledger (plan, side, grp, applied_at) VALUES (\1, pg_catalog.clock_timestamp());/" \
  "$W/plan/up.sql" >"$W/up.sql"
group_of() { # ACTION: the number of the group whose first step's action starts so
  jq -r --arg a "$1" '.steps as $s | .groups[] | select($s[.first_step - 1].action | startswith($a)) | .n' "$W/plan/plan.json"
}
g_copy=$(group_of "swap: copy the rows") g_vac=$(group_of "swap: vacuum and analyze")
if [ -z "$g_copy" ] || [ -z "$g_vac" ]; then
  say "the plan of the swap has no copy or vacuum group: $W/plan/plan.json"; exit 1
fi
# swap_run: logs from events, up.sql, the copy's and the vacuum's times
swap_run() {
  local r=$1 e
  "${PSQL[@]}" -f "$W/from.sql" >/dev/null || exit 1
  q "INSERT INTO logs ($collist) SELECT $collist FROM events" >/dev/null
  prep logs
  snap logs "$size-swap-$r"
  "${PSQL[@]}" -f "$W/up.sql" >"$W/up.out" 2>&1 || {
    say "up.sql failed: $(grep -m1 -E 'ERROR|FATAL' "$W/up.out")"; exit 1; }
  for e in "copy $g_copy" "vacuum $g_vac"; do
    set -- $e
    ms=$(q "SELECT round(extract(epoch FROM b.applied_at - a.applied_at) * 1000, 3) FROM lockstep.ledger a, lockstep.ledger b WHERE a.side = 'up' AND b.side = 'up' AND a.plan = b.plan AND a.grp = $2 - 1 AND b.grp = $2")
    echo "swap-$1 $size $r $ms $sz 0" >>"$W/results"
  done
  q "DROP TABLE logs" "DROP SCHEMA lockstep CASCADE" >/dev/null
}

# --- bytes per row of a sample, for the row counts
q "CREATE TABLE sample ($cols)" "$(fill sample 50000)" "VACUUM sample" >/dev/null
bpr=$(q "SELECT pg_relation_size('sample') / 50000.0")
q "DROP TABLE sample" >/dev/null
settings=$(q "SELECT string_agg(name || ' = ' || current_setting(name), ', ' ORDER BY name) FROM unnest(ARRAY['maintenance_work_mem', 'max_parallel_maintenance_workers', 'max_parallel_workers', 'shared_buffers', 'work_mem', 'max_wal_size', 'wal_level', 'fsync', 'synchronous_commit', 'full_page_writes']) AS name")
collate=$(q "SELECT datcollate FROM pg_database WHERE datname = current_database()")

for size in $SIZES; do
  rows=$(awk -v s="$size" -v b="$bpr" 'BEGIN { printf "%d", s * 1048576 / b }')
  echo "$size $(uptime | sed 's/.*load average: //')" >>"$W/loads"
  say "size $size MB: $rows rows (load $(tail -n 1 "$W/loads" | cut -d' ' -f2-))"
  q "DROP TABLE IF EXISTS events, accounts" \
    "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL)" \
    "INSERT INTO accounts SELECT g, 'account ' || g FROM generate_series(1::bigint, GREATEST($rows / 10, 1)) g" \
    "CREATE TABLE events ($cols)" "$(fill events "$rows")" \
    "ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (id)" >/dev/null

  # index builds (the index dropped after each)
  measure cic-bigint events "" "CREATE INDEX CONCURRENTLY events_x ON events (account_id)" "DROP INDEX events_x"
  measure cic-text events "" "CREATE INDEX CONCURRENTLY events_x ON events (note)" "DROP INDEX events_x"
  measure cic-2cols events "" "CREATE INDEX CONCURRENTLY events_x ON events (account_id, created_at)" "DROP INDEX events_x"
  measure index-bigint events "" "CREATE INDEX events_x ON events (account_id)" "DROP INDEX events_x"
  # validations, on a nullable note: the CHECK of the SET NOT NULL recipe,
  # then SET NOT NULL through it (valid: no scan, PostgreSQL 12 on)
  q "ALTER TABLE events ALTER COLUMN note DROP NOT NULL" >/dev/null
  measure validate-check events "ALTER TABLE events ADD CONSTRAINT events_note_not_null CHECK (note IS NOT NULL) NOT VALID" \
    "ALTER TABLE events VALIDATE CONSTRAINT events_note_not_null" "ALTER TABLE events DROP CONSTRAINT events_note_not_null"
  measure set-not-null events "ALTER TABLE events ADD CONSTRAINT events_note_not_null CHECK (note IS NOT NULL)" \
    "ALTER TABLE events ALTER COLUMN note SET NOT NULL" \
    "ALTER TABLE events ALTER COLUMN note DROP NOT NULL; ALTER TABLE events DROP CONSTRAINT events_note_not_null"
  q "ALTER TABLE events ALTER COLUMN note SET NOT NULL" >/dev/null
  measure validate-fk events "ALTER TABLE events ADD CONSTRAINT events_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id) NOT VALID" \
    "ALTER TABLE events VALIDATE CONSTRAINT events_account_id_fkey" "ALTER TABLE events DROP CONSTRAINT events_account_id_fkey" accounts
  # rewrites (undone by the type changed back, itself a rewrite)
  measure rewrite-1idx events "" "ALTER TABLE events ALTER COLUMN n TYPE bigint" "ALTER TABLE events ALTER COLUMN n TYPE integer"
  q "CREATE INDEX events_account_id_idx ON events (account_id)" "CREATE INDEX events_created_at_idx ON events (created_at)" >/dev/null
  measure rewrite-3idx events "" "ALTER TABLE events ALTER COLUMN n TYPE bigint" "ALTER TABLE events ALTER COLUMN n TYPE integer"
  q "DROP INDEX events_account_id_idx, events_created_at_idx" >/dev/null
  # the partition swap's copy, on logs (a copy of events)
  for r in $(seq 1 "$RUNS"); do swap_run "$r"; done
  say "  swap: $(awk -v s="$size" '$1 ~ /^swap-/ && $2 == s { printf "%s %s ms ", $1, $4 }' "$W/results")"
  # the floor (last: a dropped column would give rewritten rows a null bitmap)
  measure add-column events "" "ALTER TABLE events ADD COLUMN extra text" "ALTER TABLE events DROP COLUMN extra"
  q "DROP TABLE events, accounts" >/dev/null
done

# --- the report
t_total=$(( $(date +%s) - t_start ))
cat <<EOF2
calibration: $(stall_machine)
  PostgreSQL $(q 'SHOW server_version'), pg.sh's settings: $settings; collation $collate
  load (uptime) before each size: $(awk '{ s = $1; $1 = ""; printf "%s%s MB:%s", (NR > 1 ? "; " : ""), s, $0 }' "$W/loads")
  rows of $(printf '%.1f' "$bpr") bytes of heap each; $RUNS runs of each measurement, the median reported; whole run $t_total s
EOF2
awk -f "$HERE/calibrate_report.awk" "$W/results"
for size in $SIZES; do
  f=$W/stats/$size-validate-fk-1.json
  [ -f "$f" ] && jq -r --arg s "$size" '.tables[] | select(.name == "accounts") |
    "validate-fk at \($s) MB: the parent accounts has \(.rows | floor) rows, \(.heap_bytes / 1048576 * 10 | floor / 10) MB of heap, \(.index_bytes / 1048576 * 10 | floor / 10) MB of index"' "$f"
done
[ -n "$STALL_KEEP" ] && say "work dir kept: $W"
wrong=$(awk '$1 !~ /^swap-/ && ($1 ~ /^rewrite/) != ($9 == 1) { printf " %s at %s MB run %s", $1, $2, $3 }' "$W/results")
if [ -n "$wrong" ]; then
  say "relfilenode not as expected (a rewrite changes it, nothing else does):$wrong"; exit 1
fi
exit 0

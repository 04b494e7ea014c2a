#!/usr/bin/env bash
# lockstep stats on a private PostgreSQL 15 (issue 16 item 1).
#
# usage: stats.sh LOCKSTEP
#
# A database with tables (names that need quoting, a partitioned table and
# its partitions, TOAST data, a materialized view), analyzed; then, as a
# LOGIN role that was granted nothing:
#   1. lockstep stats --conn '... password=...' -o FILE exits 0; every user
#      table, partition and materialized view is in FILE with the server's
#      reltuples, n_live_tup and pg_relation_size / TOAST / index sizes, every
#      index with its size; the server version and settings are the server's;
#   2. FILE holds no row data (a value of the rows) and no password, nor does
#      stderr; a second run gives the same bytes but for "taken_at";
#   3. without -o the same JSON goes to stdout;
#   4. the file reads back (plan --stats) ... through `lockstep stats` only
#      here: the unit test test_stats reads it;
#   5. an unreachable database exits 3, naming it, no password printed;
#      no --conn exits 2; -o at a symbolic link writes nothing through it
#      (the link is replaced by the file, as every file lockstep writes).
# Quiet on success but for "N passed, N failed".
set -u
if [ $# -ne 1 ]; then
  echo "usage: stats.sh LOCKSTEP" >&2
  exit 2
fi
BIN=$1
. "$(dirname "$0")/pg.sh"
pg_test_begin stats
chmod 0755 "$WORK"
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); kept=1; }

pg_fresh_db st || exit 1
"${PSQL[@]}" -d st <<'EOF' || { echo "FAIL the database does not load"; exit 1; }
CREATE SCHEMA "Sales Data";
CREATE TABLE "Sales Data"."Orders" (id bigint PRIMARY KEY, note text, blob text);
INSERT INTO "Sales Data"."Orders" SELECT g, 'secret-row-value-' || g, repeat(md5(g::text), 200) FROM generate_series(1, 5000) g;
CREATE INDEX "Orders note" ON "Sales Data"."Orders" (note);
CREATE TABLE events (id bigint, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE events_rest PARTITION OF events DEFAULT;
INSERT INTO events SELECT g, date '2025-06-01' + g % 500 FROM generate_series(1, 20000) g;
CREATE MATERIALIZED VIEW order_notes AS SELECT id, note FROM "Sales Data"."Orders" WHERE id % 2 = 0;
DELETE FROM events WHERE id % 10 = 0;
ANALYZE;
CREATE ROLE stats_only LOGIN;
EOF

CONN="dbname=st user=stats_only password=hunter2-secret"
if "$BIN" stats --conn "$CONN" -o "$WORK/st.json" >"$WORK/out" 2>"$WORK/err"; then
  ok
else
  bad "stats as a role granted nothing: exit $?: $(head -n 2 "$WORK/err")"
fi

# 1. what the server says, table by table, as the JSON gives it (jq-free:
# the server's own JSON functions read the file back)
"${PSQL[@]}" -At -d st -v f="$(cat "$WORK/st.json")" >"$WORK/cmp" 2>&1 <<'EOF'
WITH f AS (SELECT :'f'::jsonb AS j),
file_t AS (
  SELECT t->>'schema' AS s, t->>'name' AS n, t->>'kind' AS kind, (t->>'rows')::float8 AS rows,
         (t->>'live_rows')::bigint AS live, (t->>'heap_bytes')::bigint AS heap,
         (t->>'toast_bytes')::bigint AS toast, (t->>'index_bytes')::bigint AS idx,
         t->'partition_of'->>'name' AS parent
  FROM f, jsonb_array_elements(j->'tables') t),
srv_t AS (
  SELECT n.nspname::text AS s, c.relname::text AS n,
         CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' ELSE 'materialized view' END AS kind,
         c.reltuples::float8 AS rows, coalesce(st.n_live_tup, 0) AS live, pg_relation_size(c.oid) AS heap,
         CASE WHEN c.reltoastrelid <> 0 THEN pg_total_relation_size(c.reltoastrelid) ELSE 0 END AS toast,
         pg_indexes_size(c.oid) AS idx,
         (SELECT p.relname::text FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE i.inhrelid = c.oid) AS parent
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_stat_all_tables st ON st.relid = c.oid
  WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'),
file_i AS (
  SELECT x->>'schema' AS s, x->>'name' AS n, x->>'table' AS t, (x->>'bytes')::bigint AS b,
         (x->>'primary')::boolean AS pk FROM f, jsonb_array_elements(j->'indexes') x),
srv_i AS (
  SELECT n.nspname::text AS s, ic.relname::text AS n, tc.relname::text AS t, pg_relation_size(ic.oid) AS b, x.indisprimary AS pk
  FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_class tc ON tc.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = ic.relnamespace
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast')
SELECT 'table differs: ' || coalesce(a.s, b.s) || '.' || coalesce(a.n, b.n)
  FROM file_t a FULL JOIN srv_t b ON a.s = b.s AND a.n = b.n
  WHERE ROW(a.*) IS DISTINCT FROM ROW(b.*)
UNION ALL
SELECT 'index differs: ' || coalesce(a.s, b.s) || '.' || coalesce(a.n, b.n)
  FROM file_i a FULL JOIN srv_i b ON a.s = b.s AND a.n = b.n
  WHERE ROW(a.*) IS DISTINCT FROM ROW(b.*)
UNION ALL
SELECT 'server differs' FROM f
  WHERE (j->>'server_version_num')::int <> current_setting('server_version_num')::int
     OR (j->'settings'->>'maintenance_work_mem')::bigint <> pg_size_bytes(current_setting('maintenance_work_mem'))
     OR (j->'settings'->>'max_parallel_maintenance_workers')::int <> current_setting('max_parallel_maintenance_workers')::int
UNION ALL
SELECT 'too few tables' FROM f WHERE jsonb_array_length(j->'tables') < 5;
EOF
if [ -s "$WORK/cmp" ]; then bad "the file is not what the server says: $(head -n 5 "$WORK/cmp" | tr '\n' ' ')"; else ok; fi

# 2. no row data, no password; the same bytes again but the time
if grep -q 'secret-row-value' "$WORK/st.json"; then bad "the file holds row data"; else ok; fi
if grep -q 'hunter2' "$WORK/st.json" "$WORK/out" "$WORK/err"; then bad "a password was written"; else ok; fi
"$BIN" stats --conn "$CONN" -o "$WORK/st2.json" 2>/dev/null
if diff <(grep -v '"taken_at"' "$WORK/st.json") <(grep -v '"taken_at"' "$WORK/st2.json") >/dev/null; then ok; else bad "a second run differs"; fi

# 3. stdout
if "$BIN" stats --conn "$CONN" >"$WORK/st3.json" 2>/dev/null &&
    diff <(grep -v '"taken_at"' "$WORK/st.json") <(grep -v '"taken_at"' "$WORK/st3.json") >/dev/null; then
  ok
else
  bad "stats to stdout differs from -o"
fi

# 5. failures
"$BIN" stats --conn "dbname=no_such_db user=stats_only password=hunter2-secret" >"$WORK/f.out" 2>"$WORK/f.err"
rc=$?
if [ $rc -eq 3 ] && grep -q 'no_such_db' "$WORK/f.err" && ! grep -q hunter2 "$WORK/f.out" "$WORK/f.err"; then ok; else bad "unreachable database: exit $rc: $(head -n 1 "$WORK/f.err")"; fi
"$BIN" stats >/dev/null 2>&1
rc=$?
if [ $rc -eq 2 ]; then ok; else bad "no --conn: exit $rc"; fi
: >"$WORK/target"
ln -s "$WORK/target" "$WORK/link.json"
"$BIN" stats --conn "$CONN" -o "$WORK/link.json" >/dev/null 2>&1
rc=$?
if [ ! -s "$WORK/target" ] && [ ! -L "$WORK/link.json" ]; then ok; else bad "-o at a symbolic link: exit $rc, written through the link"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

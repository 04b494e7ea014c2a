#!/usr/bin/env bash
# Peak memory of `lockstep catalog` (issue 12, item 11), asserted as a bound
# relative to the input — memory is a function of the input, unlike time,
# which is only measured (tests/bench/scale.sh):
#   - 10,000 tables: lockstep's peak RSS at most 2.5x the raw libpg_query
#     parse of the same bytes (bench_catalog raw-files), which holds the
#     whole tree at once (it was 4x when every parse tree was kept);
#   - 2 MB of `SELECT 1;` (200,000 statements): at most 40 bytes of memory
#     per byte of input plus 16 MB (it was 145: 7 GB for 50 MB).
# Run in the release build only: ASan's shadow memory and the debug arena's
# malloc per allocation measure something else.
# usage: memory.sh LOCKSTEP BENCH_CATALOG
set -u
LS=$1 RAW=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0 fail=0
# peak_kb CMD...: the command's maximum resident set size in KB (GNU time)
peak_kb() {
  /usr/bin/time -f '%M' -o "$TMP/rss" "$@" >/dev/null 2>"$TMP/err" || {
    echo "FAIL: $* exited non-zero: $(head -c 300 "$TMP/err")"; return 1; }
  tail -n 1 "$TMP/rss"
}
check() {  # NAME GOT_KB BOUND_KB
  if [ "$2" -le "$3" ]; then pass=$((pass + 1));
  else echo "FAIL $1: peak $(($2 / 1024)) MB, bound $(($3 / 1024)) MB"; fail=$((fail + 1)); fi
}

awk 'BEGIN { for (i = 1; i <= 10000; i++)
  printf "CREATE TABLE t%06d (id int PRIMARY KEY, name text);\n", i }' >"$TMP/tables.sql"
raw=$(peak_kb "$RAW" raw-files "$TMP/tables.sql") && ls=$(peak_kb "$LS" catalog "$TMP/tables.sql") &&
  check tables-10000 "$ls" $((raw * 5 / 2)) || fail=$((fail + 1))

awk 'BEGIN { for (i = 0; i < 200000; i++) print "SELECT 1;" }' >"$TMP/select.sql"
bytes=$(wc -c <"$TMP/select.sql")
ls=$(peak_kb "$LS" catalog "$TMP/select.sql") &&
  check select-2mb "$ls" $((bytes * 40 / 1024 + 16384)) || fail=$((fail + 1))

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

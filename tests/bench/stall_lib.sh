# Shared parts of the write-stall benchmarks (write_stall.sh,
# partition_swap.sh); sourced, not run. The caller sets BIN (lockstep),
# HERE (tests/bench), DB (database name), CLIENTS, RUNS and an app.sql in
# $W; the functions set the variables named in their comments.
# stall_setup PREFIX: load, server, work dir $W, trap, PSQL
stall_setup() {
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  . "$HERE/../pg/pg.sh"
  pg_start || exit 1
  W=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-$1.XXXXXX")
  chmod 0755 "$W"
  trap 'pg_stop; [ -n "${STALL_KEEP:-${WS_KEEP:-}}" ] || rm -rf "$W"' EXIT
  PSQL=(psql -X -q -v ON_ERROR_STOP=1 -d "$DB")
}
say() { printf '%s\n' "$*" >&2; }

# the control table and the error that stops a client (in the app's script:
# SELECT stop FROM bench_ctl \gset, \if :stop SELECT bench_stop(); \endif)
stall_ctl_sql() {
  echo "CREATE TABLE bench_ctl (stop boolean NOT NULL); INSERT INTO bench_ctl VALUES (false);"
  echo "CREATE FUNCTION bench_stop() RETURNS void LANGUAGE plpgsql AS \$\$BEGIN RAISE EXCEPTION 'bench stopped'; END\$\$;"
}

# stall_app_start: pgbench with $W/app.sql in the background (bench)
stall_app_start() {
  (cd "$W" && pgbench -n -d "$DB" -f app.sql -c "$CLIENTS" -j 2 -T 3600 --log --log-prefix=app >"$W/pgbench.out" 2>&1) &
  bench=$!
  sleep 3
}

# stall_app_stop: stop the clients by the control table; aborted = clients
# aborted by anything but bench_stop
stall_app_stop() {
  sleep 3
  "${PSQL[@]}" -c "UPDATE bench_ctl SET stop = true" >/dev/null
  wait "$bench"
  aborted=$(grep -E 'client [0-9]+ script [0-9]+ aborted' "$W/pgbench.out" | grep -vc 'bench stopped' || true)
}

# stall_run_up FILE: runs of FILE until one succeeds, at most RUNS; only a
# lock timeout or a deadlock is retried (runs, up_rc, stops, t0, t1 in ns)
stall_run_up() {
  t0=$(date +%s%N)
  runs=0 up_rc=1
  : >"$W/up.out"
  while [ $up_rc -ne 0 ] && [ $runs -lt "$RUNS" ]; do
    runs=$((runs + 1))
    "${PSQL[@]}" -f "$1" >>"$W/up.out" 2>&1
    up_rc=$?
    [ $up_rc -ne 0 ] && ! tail -n 3 "$W/up.out" | grep -qE 'lock timeout|deadlock detected' && break
  done
  t1=$(date +%s%N)
  stops=$(grep -cE 'lock timeout|deadlock detected' "$W/up.out" || true)
  if [ $up_rc -ne 0 ]; then
    say "up.sql failed: $(grep -m1 -E 'ERROR|FATAL' "$W/up.out")"
  fi
}

# stall_lat FROM_NS TO_NS: the app's transactions overlapping [FROM, TO]
# (n_txn, longest, p99 in ms). pgbench's log: client, txn no, latency us,
# script, end epoch s, end us
stall_lat() {
  cat "$W"/app.[0-9]* 2>/dev/null | awk -v t0="$1" -v t1="$2" '
    { end = ($5 * 1000000 + $6) * 1000; start = end - $3 * 1000
      if (end >= t0 && start <= t1) printf "%.1f\n", $3 / 1000 }' | sort -n >"$W/lat"
  n_txn=$(wc -l <"$W/lat")
  if [ "$n_txn" -gt 0 ]; then
    longest=$(tail -n 1 "$W/lat")
    p99=$(sed -n "$(( (n_txn * 99 + 99) / 100 ))p" "$W/lat")
  else
    longest=0 p99=0
  fi
}

# stall_same_as TO_SQL DROP_SQL: the database is TO once DROP_SQL (the
# bench's own objects) has run (same=yes|no)
stall_same_as() {
  same=no
  if "$BIN" catalog "$1" >"$W/to.json" 2>/dev/null &&
      "${PSQL[@]}" -c "SET client_min_messages = warning; $2" >/dev/null &&
      "$BIN" introspect --conn "dbname=$DB" >"$W/after.json" 2>"$W/introspect.err" &&
      cmp -s "$W/after.json" "$W/to.json"; then
    same=yes
  fi
}

stall_machine() {
  echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load before $load_before"
}

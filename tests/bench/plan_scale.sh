#!/usr/bin/env bash
# Benchmark: how `lockstep plan FROM TO -o DIR` grows with the number of
# tables. For each size and layout, tests/bench/plan_scale_gen.awk writes
# FROM (N tables with keys, indexes, foreign keys, comments, triggers,
# grants and views) and TO (FROM plus one column on the last table); the
# script times, once each: the raw libpg_query parse of the two files
# (build/tests/bench_catalog raw-files: the floor; its in-process wall ms
# and the process's CPU s) and the plan, under /usr/bin/time (wall,
# user+system CPU, peak RSS). On a shared machine compare CPU seconds: wall
# time counts the other processes too. Prints one row per run;
# a failing plan prints its stderr and the script goes on to the next.
# usage: tests/bench/plan_scale.sh [N...]       (1000 5000 10000 20000 100000)
#   LAYOUTS="flat tenant"  flat: one schema; tenant: a schema per 4 tables
#   EVERY=K        also add the column to every K-th table (K steps per N)
#   LOCKSTEP=path  time that binary and do not build (bench_catalog is taken
#                  from tests/ beside it, when there)
#   TIMEOUT=S      give up a plan after S seconds (timeout(1)); 0: never
#   OUT=dir        keep each plan's files in dir/LAYOUT-N (to compare builds)
#   KEEP=1         keep the work dir (printed on stderr)
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${*:-1000 5000 10000 20000 100000}
LAYOUTS=${LAYOUTS:-flat tenant}
TIMEOUT=${TIMEOUT:-0}
if [ -n "${LOCKSTEP:-}" ]; then
  BIN=$(realpath "$LOCKSTEP")
  RAW=$(dirname "$BIN")/tests/bench_catalog
else
  ./build.sh build >/dev/null
  BIN=$PWD/build/lockstep
  RAW=$PWD/build/tests/bench_catalog
fi
[ -x "$BIN" ] || { echo "plan_scale.sh: no lockstep binary at $BIN" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "plan_scale.sh: needs /usr/bin/time (Debian package time)" >&2; exit 3; }
W=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "work dir: $W" >&2 || trap 'rm -rf "$W"' EXIT

# timed OUT CMD...: run CMD under /usr/bin/time; sets WALL, CPU (s) and
# MB (peak RSS); returns CMD's status.
timed() {
  local out=$1 rc=0; shift
  local to=()
  [ "$TIMEOUT" != 0 ] && to=(timeout "$TIMEOUT")
  /usr/bin/time -f '%e %U %S %M' -o "$W/time" "${to[@]}" "$@" >"$out" 2>"$W/err" || rc=$?
  read -r WALL u s kb < <(tail -1 "$W/time")
  CPU=$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}')
  MB=$(awk -v k="$kb" 'BEGIN {printf "%.0f", k / 1024}')
  return $rc
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "lockstep: $BIN"
echo "raw: libpg_query parse of from.sql + to.sql (in-process ms, process CPU s, peak RSS MB); plan: wall and user+sys CPU (s), peak RSS (MB)"
printf '%-7s %7s %7s %6s %9s %8s %7s %9s %9s %8s  %s\n' layout tables "MB in" steps "raw ms" "raw cpu" "raw MB" "wall s" "cpu s" "RSS MB" "result"
for layout in $LAYOUTS; do
  for n in $SIZES; do
    rm -rf "$W/in" "$W/plan"; mkdir -p "$W/in"
    awk -v dir="$W/in" -v tables="$n" -v layout="$layout" -v every="${EVERY:-0}" \
      -f tests/bench/plan_scale_gen.awk
    bytes=$(( $(wc -c <"$W/in/from.sql") + $(wc -c <"$W/in/to.sql") ))
    raw=- rawcpu=- rawmb=-
    if [ -x "$RAW" ] && timed "$W/out" "$RAW" raw-files "$W/in/from.sql" "$W/in/to.sql"; then
      raw=$(sed -n 's/.*time_ms=\([0-9.]*\).*/\1/p' "$W/out") rawcpu=$CPU rawmb=$MB
    fi
    result=ok steps=-
    if timed "$W/out" "$BIN" plan "$W/in/from.sql" "$W/in/to.sql" -o "$W/plan"; then
      steps=$(grep -m1 '"steps":' "$W/plan/plan.json" | sed 's/[^0-9]//g')
      if [ -n "${OUT:-}" ]; then
        mkdir -p "$OUT"; rm -rf "$OUT/$layout-$n"; cp -r "$W/plan" "$OUT/$layout-$n"
      fi
    else
      rc=$?
      result="failed ($rc)"
      [ "$rc" = 124 ] && result="timed out (${TIMEOUT}s)"
      [ "$rc" = 124 ] || sed 's/^/  /' "$W/err" | head -5 >&2
    fi
    printf '%-7s %7d %7.1f %6s %9s %8s %7s %9s %9s %8s  %s\n' "$layout" "$n" \
      "$(awk -v b="$bytes" 'BEGIN {print b / 1048576}')" "$steps" "$raw" "$rawcpu" "$rawmb" "$WALL" "$CPU" "$MB" "$result"
  done
done

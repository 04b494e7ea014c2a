#!/usr/bin/env bash
# Benchmark: `lockstep plan FROM TO -o DIR` between two generated schemas of
# 1,000 tables that differ in 10% of them (tests/bench/plan_gen.awk says
# how). Builds the release tree, generates from.sql and to.sql into a temp
# dir, then times, best of RUNS (wall ms, peak RSS): the raw libpg_query
# parse of each file (build/tests/bench_catalog raw-files), `lockstep
# catalog` of each, and `lockstep plan`; prints one table and what the plan
# holds. A failing plan prints its stderr and exits 1.
# usage: tests/bench/plan.sh [TABLES]
#   LOCKSTEP=path  time that binary and do not build (bench_catalog is taken
#                  from tests/ beside it, when there)
#   KEEP=1         keep the work dir (printed on stderr)
#   RUNS=N         runs of each command (3)
#   RSS=wrapper    measure with the getrusage wrapper even when
#                  /usr/bin/time exists (it is used when it does not)
set -euo pipefail
cd "$(dirname "$0")/../.."
TABLES=${1:-1000}
RUNS=${RUNS:-3}
if [ -n "${LOCKSTEP:-}" ]; then
  BIN=$(realpath "$LOCKSTEP")
  RAW=$(dirname "$BIN")/tests/bench_catalog
else
  ./build.sh build >/dev/null
  BIN=$PWD/build/lockstep
  RAW=$PWD/build/tests/bench_catalog
fi
[ -x "$BIN" ] || { echo "plan.sh: no lockstep binary at $BIN" >&2; exit 2; }
W=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "work dir: $W" >&2 || trap 'rm -rf "$W"' EXIT

# run_one OUT ERR CMD...: run CMD once; sets MS (wall) and KB (peak RSS of
# CMD, "" when it cannot be measured); returns CMD's status.
if [ -x /usr/bin/time ] && [ "${RSS:-}" != wrapper ]; then
  RSS_HOW="/usr/bin/time -f %M"
  run_one() {
    local out=$1 err=$2 t0 t1 rc=0; shift 2
    t0=$(date +%s%N)
    /usr/bin/time -f %M -o "$W/rss" "$@" >"$out" 2>"$err" || rc=$?
    t1=$(date +%s%N)
    MS=$(( (t1 - t0) / 1000 )); MS=$(awk -v u="$MS" 'BEGIN {printf "%.1f", u / 1000}')
    KB=$(tail -1 "$W/rss")
    return $rc
  }
elif command -v cc >/dev/null 2>&1; then
  # No /usr/bin/time (Debian's `time` package is not essential): a few lines
  # of C that fork, exec, wait4 and print the child's wall ms and ru_maxrss.
  RSS_HOW="getrusage wrapper"
  cat >"$W/rusage.c" <<'EOF'
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	struct timespec a, b;
	struct rusage ru;
	int st;
	if (argc < 3)
		return 125;
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid_t p = fork();
	if (p == 0) {
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	if (p < 0 || wait4(p, &st, 0, &ru) < 0)
		return 125;
	clock_gettime(CLOCK_MONOTONIC, &b);
	FILE *f = fopen(argv[1], "w");
	if (!f)
		return 125;
	fprintf(f, "%.1f %ld\n", (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6, ru.ru_maxrss);
	fclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
EOF
  cc -O2 -o "$W/rusage" "$W/rusage.c"
  run_one() {
    local out=$1 err=$2 rc=0; shift 2
    "$W/rusage" "$W/rss" "$@" >"$out" 2>"$err" || rc=$?
    read -r MS KB <"$W/rss"
    return $rc
  }
else
  RSS_HOW="none (no /usr/bin/time, no cc)"
  run_one() {
    local out=$1 err=$2 t0 t1 rc=0; shift 2
    t0=$(date +%s%N)
    "$@" >"$out" 2>"$err" || rc=$?
    t1=$(date +%s%N)
    MS=$(awk -v n="$(( t1 - t0 ))" 'BEGIN {printf "%.1f", n / 1e6}')
    KB=""
    return $rc
  }
fi

# row LABEL KIND CMD...: RUNS runs of CMD, one table row: the best wall ms,
# every run, the peak RSS over the runs. KIND raw takes the parse time that
# bench_catalog prints instead of the process's wall time. A failing run
# prints CMD's stderr and ends the script.
row() {
  local label=$1 kind=$2 runs="" best="" peak=0 i ms; shift 2
  for ((i = 0; i < RUNS; i++)); do
    [ "$kind" = plan ] && rm -rf "$W/plan"
    if ! run_one "$W/out" "$W/err" "$@"; then
      echo "plan.sh: failed: $*" >&2
      cat "$W/err" >&2
      exit 1
    fi
    ms=$MS
    [ "$kind" = raw ] && ms=$(sed -n 's/.*time_ms=\([0-9.]*\).*/\1/p' "$W/out")
    runs="$runs $ms"
    if [ -z "$best" ] || awk "BEGIN {exit !($ms < $best)}"; then best=$ms; fi
    [ -n "$KB" ] && [ "$KB" -gt "$peak" ] && peak=$KB
  done
  awk -v l="$label" -v b="$best" -v r="$runs" -v k="$peak" 'BEGIN {
    printf "%-34s %10.1f  %-26s %8s\n", l, b, r, (k > 0 ? sprintf("%.1f", k / 1024) : "-") }'
}

# Statements of a file: lines ending in ";" outside dollar-quoted bodies
# (the generator starts every statement on a line of its own).
statements() {
  awk '{ n = gsub(/\$\$/, "&"); if (n % 2) body = !body; if (!body && /;[ \t]*$/) s++ } END { print s + 0 }' "$1"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "lockstep: $BIN; peak RSS by $RSS_HOW; best of $RUNS"
awk -v dir="$W" -v tables="$TABLES" -f tests/bench/plan_gen.awk
for f in from to; do
  printf 'input %-8s %9d bytes %7d statements %7d lines\n' "$f.sql" "$(wc -c <"$W/$f.sql")" \
    "$(statements "$W/$f.sql")" "$(wc -l <"$W/$f.sql")"
done
echo
printf '%-34s %10s  %-26s %8s\n' "what" "best ms" "runs (ms)" "RSS MB"
if [ -x "$RAW" ]; then
  row "raw parse from.sql (libpg_query)" raw "$RAW" raw-files "$W/from.sql"
  row "raw parse to.sql (libpg_query)" raw "$RAW" raw-files "$W/to.sql"
else
  echo "raw parse: skipped, no bench_catalog at $RAW"
fi
row "lockstep catalog from.sql" wall "$BIN" catalog "$W/from.sql"
row "lockstep catalog to.sql" wall "$BIN" catalog "$W/to.sql"
row "lockstep plan from.sql to.sql" plan "$BIN" plan "$W/from.sql" "$W/to.sql" -o "$W/plan"

# What the plan holds, from the summary of plan.json (counted with grep and
# sed: jq may not be installed). The first "steps" key is the summary's.
J=$W/plan/plan.json
num() { grep -m1 "\"$1\":" "$J" | sed 's/[^0-9]//g'; }
echo
echo "plan: $(num steps) steps ($(num irreversible) irreversible, max risk $(grep -m1 '"max_risk":' "$J" | cut -d'"' -f4)), $(num rollback_steps) rollback steps, $(num prechecks) prechecks"
echo "      $(grep -c '"reason": "similarity"' "$J") renames by similarity, $(grep -c '"type": "' "$J") changes, $(grep -c '^lockstep: warning' "$W/err" || true) warnings; up.sql $(wc -c <"$W/plan/up.sql") bytes, plan.md $(wc -c <"$W/plan/plan.md") bytes"

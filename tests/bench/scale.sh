#!/usr/bin/env bash
# Scaling of `lockstep catalog` (tests/bench): wall time and peak memory
# (max RSS, /usr/bin/time -v) on generated inputs, next to the raw
# libpg_query parse of the same bytes in one call (bench_catalog raw-files:
# pg_query_parse_protobuf only), the floor lockstep is compared with.
#   - 50 MB of `SELECT 1;` lines (5,242,880 statements)
#   - 1,000 / 10,000 / 100,000 tables, one line each
# Numbers are printed, never asserted. BUILD=DIR uses an existing build tree
# instead of ./build.sh build; ONLY="tables-1000 select-50mb" picks inputs;
# RAW=0 leaves the raw parse out (on 50 MB it needs about 7 GB).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${BUILD:-}" ]; then ./build.sh build >/dev/null; BUILD=build; fi
LS=$BUILD/lockstep
RAWBIN=$BUILD/tests/bench_catalog
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
ONLY=${ONLY:-"tables-1000 tables-10000 tables-100000 select-50mb"}

gen() {
  case $1 in
  select-50mb) awk 'BEGIN { for (i = 0; i < 5242880; i++) print "SELECT 1;" }' ;;
  tables-*) awk -v n="${1#tables-}" 'BEGIN { for (i = 1; i <= n; i++)
      printf "CREATE TABLE t%06d (id int PRIMARY KEY, name text);\n", i }' ;;
  esac
}

# run LABEL CMD...: "LABEL wall_s=... max_rss_mb=..." (exit status ignored:
# a refusal is a number too)
run() {
  local label=$1; shift
  /usr/bin/time -v "$@" >/dev/null 2>"$TMP/time" || true
  awk -v l="$label" '/Elapsed \(wall clock\)/ { n = split($NF, t, ":");
      w = n == 3 ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
    /Maximum resident set size/ { m = $NF / 1024 }
    /User time/ { u = $NF }
    END { printf "  %-8s wall_s=%-8.2f user_s=%-8.2f max_rss_mb=%.0f\n", l, w, u, m }' "$TMP/time"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1 /proc/loadavg)"
for input in $ONLY; do
  f=$TMP/$input.sql
  gen "$input" >"$f"
  echo "$input: $(wc -c <"$f") bytes"
  run catalog "$LS" catalog "$f"
  [ "${RAW:-1}" = 0 ] || run raw "$RAWBIN" raw-files "$f"
  rm -f "$f"
done

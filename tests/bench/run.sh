#!/usr/bin/env bash
# Benchmarks (tests/bench): build the release tree, then time parse+apply
# against the raw libpg_query parse of the same bytes, and against that
# parse plus protobuf-c's unpacking of its result (which lockstep must do
# to read the tree). Prints a table.
# BUILD=DIR uses an existing build tree instead of ./build.sh build.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${BUILD:-}" ]; then ./build.sh build >/dev/null; BUILD=build; fi
B=$BUILD/tests/bench_catalog
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for run in "raw-schema 1000" "unpack-schema 1000" "schema 1000" "raw-history 300" "unpack-history 300" "history 300"; do
  best=""
  for i in 1 2 3; do
    line=$($B $run)
    t=$(echo "$line" | sed 's/.*time_ms=\([0-9.]*\).*/\1/')
    if [ -z "$best" ] || awk "BEGIN {exit !($t < $(echo "$best" | sed 's/.*time_ms=\([0-9.]*\).*/\1/'))}"; then best=$line; fi
  done
  echo "$best   (best of 3)"
done

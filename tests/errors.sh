#!/usr/bin/env bash
# For every tests/fixtures/errors/NNN-name.sql: `lockstep catalog` must exit
# 2 and its first stderr lines must equal NNN-name.expected (as many lines
# as it has: one pins the first error, several every error in order).
# usage: errors.sh LOCKSTEP_BINARY FIXTURE_DIR   (run from the repo root)
set -u
BIN=$1
DIR=$2
pass=0 fail=0
for f in "$DIR"/*.sql; do
  exp=${f%.sql}.expected
  rel=${f#"$(pwd)"/}
  exp=${f%.sql}.expected
  n=$(grep -c '' "$exp")
  out=$("$BIN" catalog "$rel" 2>&1 >/dev/null | grep -v '^lockstep: warning\|^  ' | head -"$n")
  "$BIN" catalog "$rel" >/dev/null 2>&1
  rc=$?
  want=$(cat "$exp")
  if [ "$rc" -eq 2 ] && [ "$out" = "$want" ]; then
    pass=$((pass + 1))
  else
    echo "FAIL $(basename "$f"): exit $rc"
    echo "  want: $want"
    echo "  got:  $out"
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]

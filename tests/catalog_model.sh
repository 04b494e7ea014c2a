#!/usr/bin/env bash
# The catalog model number (LS_CATALOG_MODEL, include/lockstep/catalog.h)
# changes whenever the catalog lockstep builds for the same SQL does: a
# store trusts the revisions its own model recorded (store_history.h), so a
# change that forgets to bump it would leave users with snapshots this
# build would not make.
#
# usage: catalog_model.sh LOCKSTEP SOURCE_DIR [--update]
#
# tests/fixtures/catalog/MODEL records the model number and the SHA-256 of
# `lockstep catalog FIXTURE --format json` for every catalog fixture. The
# check fails when a fixture's catalog differs from its recorded hash while
# the number is the recorded one (bump LS_CATALOG_MODEL), when the number
# differs from the recorded one, or when a fixture is new or gone (run with
# --update). --update writes the file again, and refuses while a recorded
# fixture's catalog changed under the recorded number.
# Quiet on success but for the final "N passed, N failed" line.
set -u
if [ $# -lt 2 ] || [ $# -gt 3 ] || { [ $# -eq 3 ] && [ "$3" != --update ]; }; then
  echo "usage: catalog_model.sh LOCKSTEP SOURCE_DIR [--update]" >&2; exit 2
fi
BIN=$1 SRC=$2 UPDATE=${3:-}
FIX=$SRC/tests/fixtures/catalog
LIST=$FIX/MODEL
export LC_ALL=C
model=$(sed -n 's/^#define LS_CATALOG_MODEL \([0-9][0-9]*\)$/\1/p' "$SRC/include/lockstep/catalog.h")
if [ -z "$model" ]; then
  echo "FAIL: no LS_CATALOG_MODEL in include/lockstep/catalog.h"; echo "0 passed, 1 failed"; exit 1
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

recorded=""
declare -A want=()
if [ -f "$LIST" ]; then
  recorded=$(sed -n 's/^model \([0-9][0-9]*\)$/\1/p' "$LIST")
  while read -r h f; do
    want[$f]=$h
  done < <(grep -E '^[0-9a-f]{64}  ' "$LIST")
fi

pass=0 fail=0 changed=0
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
: >"$WORK/list"
for f in "$FIX"/*.sql; do
  name=$(basename "$f")
  if ! "$BIN" catalog "$f" --format json >"$WORK/json" 2>"$WORK/err"; then
    bad "$name: lockstep catalog failed: $(head -n 1 "$WORK/err")"; continue
  fi
  h=$(sha256sum <"$WORK/json" | cut -d' ' -f1)
  printf '%s  %s\n' "$h" "$name" >>"$WORK/list"
  if [ -z "${want[$name]+x}" ]; then
    [ -n "$UPDATE" ] || bad "$name: not recorded in tests/fixtures/catalog/MODEL (run tests/catalog_model.sh LOCKSTEP . --update)"
    continue
  fi
  old=${want[$name]}
  unset "want[$name]"
  if [ "$old" != "$h" ]; then
    changed=$((changed + 1))
    if [ "$recorded" = "$model" ]; then
      bad "$name: its catalog changed, and LS_CATALOG_MODEL did not: bump it in include/lockstep/catalog.h, then run tests/catalog_model.sh LOCKSTEP . --update"
      continue
    fi
  fi
  pass=$((pass + 1))
done
for name in "${!want[@]}"; do
  [ -n "$UPDATE" ] || bad "$name: recorded in tests/fixtures/catalog/MODEL but no such fixture (run --update)"
done
if [ "$recorded" != "$model" ] && [ -z "$UPDATE" ]; then
  bad "LS_CATALOG_MODEL is $model, tests/fixtures/catalog/MODEL was recorded by model ${recorded:-none} (run --update)"
fi

if [ -n "$UPDATE" ]; then
  if [ $fail -gt 0 ]; then
    echo "not updated: $fail fixture(s) changed under the recorded model $recorded"; exit 1
  fi
  {
    echo "# Written by tests/catalog_model.sh --update: the catalog model"
    echo "# (LS_CATALOG_MODEL) and the SHA-256 of \`lockstep catalog FIXTURE"
    echo "# --format json\` of each catalog fixture under it. Do not edit by hand."
    echo "model $model"
    cat "$WORK/list"
  } >"$LIST.tmp.$$" && mv "$LIST.tmp.$$" "$LIST" || { rm -f "$LIST.tmp.$$"; exit 1; }
  echo "recorded model $model: $(wc -l <"$WORK/list") fixtures ($changed changed)"
  exit 0
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]

#!/usr/bin/env bash
# Seeds for fuzz_plan (tests/fuzz/fuzz_plan.c describes the input) made
# from the plan fixtures and the example history:
#   tests/fuzz/make_plan_corpus.sh OUT_DIR [REPO_ROOT]
# Each tests/fixtures/plan/NNN-name/ gives OUT_DIR/NNN-name.sql: from.sql,
# "-- @to", to.sql, and its args' --rename values after "-- @renames".
# Each migration of examples/saas/migrations after the first gives a
# "-- @then" seed: the migrations before it, then it.
set -euo pipefail
out=${1:?usage: make_plan_corpus.sh OUT_DIR [REPO_ROOT]}
root=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
mkdir -p "$out"

# cat a file, ending it with a newline if it lacks one
text() { cat "$1"; [ -z "$(tail -c1 "$1")" ] || echo; }

for d in "$root"/tests/fixtures/plan/*/; do
  [ -f "$d/from.sql" ] && [ -f "$d/to.sql" ] || continue
  {
    text "$d/from.sql"
    echo "-- @to"
    text "$d/to.sql"
    if [ -f "$d/args" ]; then
      renames=$(awk 'prev == "--rename" { print } { prev = $0 }' "$d/args")
      if [ -n "$renames" ]; then echo "-- @renames"; echo "$renames"; fi
    fi
  } >"$out/$(basename "$d").sql"
done

migrations=("$root"/examples/saas/migrations/*.sql)
for ((i = 1; i < ${#migrations[@]}; i++)); do
  {
    for ((k = 0; k < i; k++)); do text "${migrations[k]}"; done
    echo "-- @then"
    text "${migrations[i]}"
  } >"$out/saas-$(basename "${migrations[i]}")"
done

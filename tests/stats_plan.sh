#!/usr/bin/env bash
# lockstep plan --stats FILE (issue 16): with the 50 GB fixture, plan.json
# gives every step that works on rows an estimate_ms and a lock_ms, the
# summary says when the statistics were taken and max_risk is the rules'
# (critical: a rewrite holding AccessExclusiveLock for minutes), plan.md
# says the durations; without --stats the durations are unknown; a file
# that is not a stats file, or a link to one, exits 2 and writes nothing.
# usage: stats_plan.sh LOCKSTEP SOURCE_DIR
set -u
BIN=$1
SRC=$2
W=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-stats-plan.XXXXXX")
trap 'rm -rf "$W"' EXIT
F=$SRC/tests/fixtures/stats
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

if "$BIN" plan "$F/50gb/from.sql" "$F/50gb/to.sql" --stats "$F/audit-logs-50gb.json" -o "$W/p" >"$W/out" 2>"$W/err"; then ok; else bad "plan --stats: $(head -n 1 "$W/err")"; fi
grep -q 'max risk critical' "$W/out" && ok || bad "the summary line: $(cat "$W/out")"
# every step with work on rows has numbers
n_work=$(grep -c '"work": "\(scan\|foreign key scan\|index build\|rewrite\|batched copy\)"' "$W/p/plan.json")
n_est=$(grep -c '"estimate_ms": [0-9]' "$W/p/plan.json")
n_lock=$(grep -c '"lock_ms": [0-9]' "$W/p/plan.json")
[ "$n_work" -ge 4 ] && [ "$n_est" -ge "$n_work" ] && [ "$n_lock" -ge "$n_work" ] && ok ||
  bad "estimates: $n_work steps work on rows, $n_est estimates, $n_lock lock times"
grep -q '"estimated_from": "2026-12-01T03:05:00Z"' "$W/p/plan.json" && ok || bad "estimated_from"
grep -q 'rewrite of public.audit\\_logs: [0-9]* min, locks held [0-9]* min' "$W/p/plan.md" && ok ||
  bad "plan.md does not say the rewrite's duration"

"$BIN" plan "$F/50gb/from.sql" "$F/50gb/to.sql" -o "$W/q" >/dev/null 2>&1
grep -q '"estimate_ms": [0-9]' "$W/q/plan.json" && bad "estimates without --stats" || ok
grep -q 'duration unknown' "$W/q/plan.md" && ok || bad "plan.md without --stats does not say the duration is unknown"

printf '{"lockstep_stats": 1, "tables": SECRET}' >"$W/bad.json"
ln -s "$F/audit-logs-50gb.json" "$W/link.json"
for s in "$W/bad.json" "$W/link.json" "$W/missing.json"; do
  "$BIN" plan "$F/50gb/from.sql" "$F/50gb/to.sql" --stats "$s" -o "$W/r" >/dev/null 2>"$W/err"
  rc=$?
  if { [ $rc -eq 2 ] || { [ $rc -eq 3 ] && [ "$s" = "$W/missing.json" ]; }; } && [ ! -e "$W/r" ] &&
      ! grep -q SECRET "$W/err" && grep -qF "$(basename "$s")" "$W/err"; then
    ok
  else
    bad "--stats $(basename "$s"): exit $rc, $(head -n 1 "$W/err")"
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

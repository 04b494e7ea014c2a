#!/usr/bin/env bash
# Several `lockstep snapshot` runs writing one store at once, and runs one
# commit at a time: the store they leave is the store one `snapshot --all`
# leaves, and every run exits 0.
#
# usage: concurrent_snapshot.sh LOCKSTEP_BINARY
#   CONCURRENT_ROUNDS=N   rounds per layout (default 6)
#   CONCURRENT_RUNS=N     runs at once per round (default 4)
#
# For each layout of tests/history/repos.sh:
#   1. reference: one `snapshot -C REPO --all` on a new store;
#   2. N rounds: a new store (no file yet) written by RUNS `snapshot --all`
#      started together; each exits 0, and the store holds what the
#      reference holds: snapshot keys, revisions (commit, source, snapshot,
#      base, number of files), their files and their warnings, row for row;
#   3. one commit at a time (`snapshot -C REPO COMMIT`, parents first, each
#      commit whose tree has the schema's folder or file) on a new store: the same store again (the warnings of a commit name the
#      commits that added its files, whichever run recorded its parents).
# Then a writer that finds the store locked (an sqlite3 shell holding
# BEGIN IMMEDIATE) says "waiting for another lockstep writing STORE" on
# stderr, waits, and finishes with exit 0 once the lock is released.
# Quiet on success but for the final "N passed, N failed" line.
set -u
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 LOCKSTEP_BINARY" >&2; exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/repos.sh"
export LC_ALL=C TZ=UTC GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
ROUNDS=${CONCURRENT_ROUNDS:-6}
RUNS=${CONCURRENT_RUNS:-4}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
pass=0 fail=0
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

# What a store holds, one row a line, in a fixed order.
dump() {
  sqlite3 "$1" <<'SQL'
SELECT 'snapshot', key FROM snapshots ORDER BY key;
SELECT 'revision', commit_id, source, snapshot_key, coalesce(base_commit, ''), n_files
  FROM revisions ORDER BY commit_id, source;
SELECT 'file', commit_id, source, position, path, blob_id, coalesce(version, ''),
       coalesce(down_path, ''), coalesce(down_blob_id, '')
  FROM revision_files ORDER BY commit_id, source, position;
SELECT 'warning', commit_id, source, position, message
  FROM revision_warnings ORDER BY commit_id, source, position;
SQL
}

for layout in $REPO_LAYOUTS; do
  repo=$WORK/$layout
  repo_build "$layout" "$repo" >/dev/null 2>&1 || { bad "$layout: cannot build the repository"; continue; }
  if ! "$BIN" snapshot -C "$repo" --all --store "$WORK/ref.db" >/dev/null 2>"$WORK/ref.err"; then
    bad "$layout: snapshot --all failed: $(grep -v warning "$WORK/ref.err" | head -n 1)"; continue
  fi
  dump "$WORK/ref.db" >"$WORK/ref.txt"
  rm -f "$WORK"/ref.db*
  ok=1
  for round in $(seq 1 "$ROUNDS"); do
    store=$WORK/$layout.$round.db
    pids=()
    for k in $(seq 1 "$RUNS"); do
      "$BIN" snapshot -C "$repo" --all --store "$store" >/dev/null 2>"$WORK/run$k.err" &
      pids+=($!)
    done
    k=0
    for pid in "${pids[@]}"; do
      k=$((k + 1))
      wait "$pid"
      rc=$?
      if [ $rc -ne 0 ]; then
        bad "$layout round $round: run $k of $RUNS exited $rc: $(grep -v warning "$WORK/run$k.err" | head -n 1)"
        ok=0
      fi
    done
    if ! dump "$store" | diff "$WORK/ref.txt" - >"$WORK/diff.txt"; then
      bad "$layout round $round: the store differs from one run's (< one run, > $RUNS at once)"
      head -n 6 "$WORK/diff.txt" | sed 's/^/  /'
      ok=0
    fi
    rm -f "$store"*
  done
  [ $ok -eq 1 ] && pass=$((pass + 1))
  # one commit at a time, parents first
  store=$WORK/$layout.each.db
  ok=1
  root=$(repo_root "$layout")
  for c in $(git -C "$repo" rev-list --topo-order --reverse --all); do
    # a commit before the schema's folder or file exists is no revision
    # alone (the walk of a later one records it)
    [ "$root" = . ] || git -C "$repo" cat-file -e "$c:$root" 2>/dev/null || continue
    if ! "$BIN" snapshot -C "$repo" "$c" --store "$store" >/dev/null 2>"$WORK/each.err"; then
      bad "$layout: snapshot $c failed: $(grep -v warning "$WORK/each.err" | head -n 1)"
      ok=0; break
    fi
  done
  if [ $ok -eq 1 ] && ! dump "$store" | diff "$WORK/ref.txt" - >"$WORK/diff.txt"; then
    bad "$layout: one commit at a time, the store differs from one run's (< --all, > one at a time)"
    head -n 6 "$WORK/diff.txt" | sed 's/^/  /'
    ok=0
  fi
  rm -f "$store"*
  [ $ok -eq 1 ] && pass=$((pass + 1))
done

# A writer waits for the lock, says so, and finishes.
repo=$WORK/flyway
store=$WORK/locked.db
first=$(repo_commit "$repo" "create users and invoices")
if "$BIN" snapshot -C "$repo" "$first" --store "$store" >/dev/null 2>&1; then
  coproc HOLD { sqlite3 "$store"; }
  echo "BEGIN IMMEDIATE; SELECT 'held';" >&"${HOLD[1]}"
  read -r held <&"${HOLD[0]}"
  : >"$WORK/wait.err"
  "$BIN" snapshot -C "$repo" --all --store "$store" >/dev/null 2>"$WORK/wait.err" &
  pid=$!
  # the event, not a time: the writer's line on stderr (or its end)
  while kill -0 "$pid" 2>/dev/null && ! grep -q 'waiting for another lockstep' "$WORK/wait.err"; do
    sleep 0.05
  done
  echo "COMMIT;" >&"${HOLD[1]}"
  exec {HOLD[1]}>&-
  wait "$pid"
  rc=$?
  line=$(grep -m 1 'waiting for another lockstep' "$WORK/wait.err")
  if [ "$held" != held ]; then
    bad "locked store: the sqlite3 shell did not take the lock"
  elif [ "$line" != "lockstep: waiting for another lockstep writing $store" ]; then
    bad "locked store: expected 'lockstep: waiting for another lockstep writing $store', got: $(grep -v warning "$WORK/wait.err" | head -n 1)"
  elif [ $rc -ne 0 ]; then
    bad "locked store: the waiting run exited $rc: $(grep -v -e warning -e waiting "$WORK/wait.err" | head -n 1)"
  else
    pass=$((pass + 1))
  fi
else
  bad "locked store: cannot snapshot $first"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]

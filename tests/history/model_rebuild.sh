#!/usr/bin/env bash
# A store's revisions recorded by another catalog model (an older lockstep,
# whose catalogs this build would not make) are built again, not reused;
# those of this build's model are reused.
#
# usage: model_rebuild.sh LOCKSTEP_BINARY
#
# For each layout of tests/history/repos.sh:
#   1. reference: `snapshot -C REPO --all` on a new store;
#   2. every revision row is made to point at one wrong snapshot (the
#      smallest key), as a builder with other catalogs would have left it,
#      and marked as built by model 0 (the revisions of a store before
#      version 5): `snapshot --all` again leaves exactly the reference's
#      revisions, files and warnings, each of this build's model;
#   3. the same rows made wrong but left at this build's model: they are
#      reused as recorded (a revision of the running model is trusted), so
#      the store differs from the reference — the model is what decides.
# Quiet on success but for the final "N passed, N failed" line.
set -u
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 LOCKSTEP_BINARY" >&2; exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/repos.sh"
export LC_ALL=C TZ=UTC GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
pass=0 fail=0
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

dump() {
  sqlite3 "$1" <<'SQL'
SELECT 'revision', commit_id, source, snapshot_key, coalesce(base_commit, ''), n_files, model
  FROM revisions ORDER BY commit_id, source;
SELECT 'file', commit_id, source, position, path, blob_id, coalesce(version, ''),
       coalesce(down_path, ''), coalesce(down_blob_id, '')
  FROM revision_files ORDER BY commit_id, source, position;
SELECT 'warning', commit_id, source, position, message
  FROM revision_warnings ORDER BY commit_id, source, position;
SQL
}

# Point every revision at the smallest snapshot key, as built by model $2.
spoil() {
  sqlite3 "$1" "UPDATE revisions SET model = $2,
    snapshot_key = (SELECT min(key) FROM snapshots)" || return 1
}

for layout in $REPO_LAYOUTS; do
  repo=$WORK/$layout
  store=$WORK/$layout.db
  repo_build "$layout" "$repo" >/dev/null 2>&1 || { bad "$layout: cannot build the repository"; continue; }
  if ! "$BIN" snapshot -C "$repo" --all --store "$store" >/dev/null 2>"$WORK/err"; then
    bad "$layout: snapshot --all failed: $(grep -v warning "$WORK/err" | head -n 1)"; continue
  fi
  dump "$store" >"$WORK/ref.txt"
  model=$(sqlite3 "$store" "SELECT DISTINCT model FROM revisions")
  if [ -z "$model" ] || [ "$model" = 0 ] || [ "$(printf '%s\n' "$model" | wc -l)" -ne 1 ]; then
    bad "$layout: the revisions are not recorded by one catalog model: '$model'"; continue
  fi
  if [ "$(sqlite3 "$store" "SELECT count(DISTINCT snapshot_key) FROM revisions")" -lt 2 ]; then
    bad "$layout: the history has fewer than two snapshots (the test would prove nothing)"; continue
  fi

  # 2. an older model's rows are built again
  spoil "$store" 0 || { bad "$layout: cannot change the store"; continue; }
  if ! "$BIN" snapshot -C "$repo" --all --store "$store" >/dev/null 2>"$WORK/err"; then
    bad "$layout: snapshot --all over model 0 failed: $(grep -v warning "$WORK/err" | head -n 1)"; continue
  fi
  if dump "$store" | diff "$WORK/ref.txt" - >"$WORK/diff.txt"; then
    pass=$((pass + 1))
  else
    bad "$layout: revisions of catalog model 0 were reused (< reference, > after)"
    head -n 6 "$WORK/diff.txt" | sed 's/^/  /'
  fi

  # 3. this model's rows are reused as they are
  spoil "$store" "$model" || { bad "$layout: cannot change the store"; continue; }
  if ! "$BIN" snapshot -C "$repo" --all --store "$store" >/dev/null 2>"$WORK/err"; then
    bad "$layout: snapshot --all over model $model failed: $(grep -v warning "$WORK/err" | head -n 1)"; continue
  fi
  if dump "$store" | diff -q "$WORK/ref.txt" - >/dev/null; then
    bad "$layout: revisions of this build's catalog model were built again, not reused"
  else
    pass=$((pass + 1))
  fi
  rm -f "$store"*
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]

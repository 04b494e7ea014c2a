#!/usr/bin/env bash
# Damaged git objects end lockstep with exit 3 naming the object, never a
# hang: libgit2 1.5 spins forever inflating a truncated loose object
# (catalog/git_odb.c says why).
#
# A golang-migrate repository (tests/history/repos.sh) is copied afresh for
# every run. In each copy one loose object of HEAD is damaged: a migration's
# blob, the migrations tree, the commit itself, each truncated to 2 bytes
# (the zlib header alone) and to half its size, or removed. `log`,
# `catalog HEAD`, `snapshot --all` and `plan HEAD~1 HEAD` must each exit 3
# (not 124: timeout 20 ended a hang) with stderr naming the object's full
# id. Then a side branch's truncated commit (snapshot --all), a packed copy (git gc) with the blob's checksum byte flipped in
# the pack, a truncated object behind an alternate (git clone --shared),
# and the intact repository, its --shared clone and a worktree of it, which
# must still work (exit 0, the same catalog), as must an unknown revision
# still be exit 2.
#
# usage: corrupt_objects.sh LOCKSTEP_BINARY
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
cd "$WORK" || exit 1   # plan writes its folder into the current one
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

repo_build golang-migrate "$WORK/base" >/dev/null || exit 1
BASE=$WORK/base
BLOB=$(git -C "$BASE" rev-parse "HEAD:$(git -C "$BASE" ls-tree --name-only HEAD migrations/ | grep '\.up\.sql$' | tail -1)")
TREE=$(git -C "$BASE" rev-parse HEAD:migrations)
COMMIT=$(git -C "$BASE" rev-parse HEAD)
COMMANDS=("log" "catalog HEAD" "snapshot --all" "plan HEAD~1 HEAD")

objfile() { echo "$1/.git/objects/${2:0:2}/${2:2}"; }
for id in "$BLOB" "$TREE" "$COMMIT"; do
  [ -f "$(objfile "$BASE" "$id")" ] || { echo "FAIL setup: $id is not a loose object"; exit 1; }
done

# run REPO CMD: lockstep CMD -C REPO under timeout 20, stderr in $WORK/err
run() {
  local repo=$1; shift
  # shellcheck disable=SC2086
  timeout 20 "$BIN" $1 -C "$repo" >/dev/null 2>"$WORK/err"
}

# expect3 WHAT ID REPO CMD: exit 3, stderr names ID
expect3() {
  run "$3" "$4"; local rc=$?
  if [ $rc -eq 3 ] && grep -q "$2" "$WORK/err"; then ok
  else bad "$1: $4: exit $rc (want 3 naming $2): $(head -1 "$WORK/err")"; fi
}

# damage KIND ID DIR: truncate (2 bytes, half) or remove the loose object ID
damage() {
  local f; f=$(objfile "$3" "$2")
  chmod u+w "$f"
  case $1 in
    trunc2) head -c 2 "$f" >"$f.tmp" && mv "$f.tmp" "$f" ;;
    half) head -c $(( $(stat -c %s "$f") / 2 )) "$f" >"$f.tmp" && mv "$f.tmp" "$f" ;;
    gone) rm "$f" ;;
  esac
}

n=0
for what in blob:$BLOB tree:$TREE commit:$COMMIT; do
  kind=${what%%:*} id=${what#*:}
  for how in trunc2 half gone; do
    for cmd in "${COMMANDS[@]}"; do
      n=$((n + 1)); r=$WORK/r$n
      cp -r "$BASE" "$r" && damage "$how" "$id" "$r"
      expect3 "$kind $how" "$id" "$r" "$cmd"
      rm -rf "$r"
    done
  done
done

# the commit of a branch other than HEAD's: snapshot --all reads every ref
S=$WORK/side
cp -r "$BASE" "$S"
SIDE=$(git -C "$S" commit-tree -p HEAD -m side "HEAD^{tree}")
git -C "$S" branch side "$SIDE"
damage trunc2 "$SIDE" "$S"
expect3 "side branch commit trunc2" "$SIDE" "$S" "snapshot --all"
rm -rf "$S"

# a pack whose copy of the blob fails its zlib checksum
P=$WORK/packed
cp -r "$BASE" "$P" && git -C "$P" gc -q --prune=now
pack=$(ls "$P"/.git/objects/pack/*.pack)
line=$(git verify-pack -v "${pack%.pack}.idx" | grep "^$BLOB ")
read -r _ _ _ insize offset _ <<<"$line"
chmod u+w "$pack"
at=$((offset + insize - 1))
byte=$(od -An -tu1 -j "$at" -N1 "$pack" | tr -d ' ')
# shellcheck disable=SC2059
printf "$(printf '\\%03o' $((byte ^ 255)))" | dd of="$pack" bs=1 seek="$at" conv=notrunc status=none
for cmd in "catalog HEAD" "plan HEAD~1 HEAD"; do
  expect3 "packed blob flipped" "$BLOB" "$P" "$cmd"
done

# a truncated loose object behind an alternate
cp -r "$BASE" "$WORK/src"
git clone -q --shared "$WORK/src" "$WORK/shared"
damage trunc2 "$BLOB" "$WORK/src"
expect3 "alternate blob trunc2" "$BLOB" "$WORK/shared" "catalog HEAD"
rm -rf "$WORK/src" "$WORK/shared"

# intact: the repository, a --shared clone, a worktree, a packed copy
git clone -q --shared "$BASE" "$WORK/shared"
git -C "$BASE" worktree add -q "$WORK/wt" HEAD~1
cp -r "$BASE" "$WORK/gc" && git -C "$WORK/gc" gc -q --prune=now
for repo in "$BASE" "$WORK/shared" "$WORK/wt" "$WORK/gc"; do
  for cmd in "${COMMANDS[@]}"; do
    run "$repo" "$cmd"; rc=$?
    [ $rc -eq 0 ] && ok || bad "intact ${repo#"$WORK"/}: $cmd: exit $rc: $(head -1 "$WORK/err")"
  done
done
"$BIN" catalog -C "$BASE" HEAD --format json >"$WORK/want" 2>/dev/null
for repo in "$WORK/shared" "$WORK/gc"; do
  "$BIN" catalog -C "$repo" HEAD --format json 2>/dev/null | cmp -s - "$WORK/want" && ok ||
    bad "intact ${repo#"$WORK"/}: catalog HEAD differs from the repository's"
done
"$BIN" catalog -C "$BASE" HEAD~1 --format json 2>/dev/null |
  cmp -s - <("$BIN" catalog -C "$WORK/wt" HEAD --format json 2>/dev/null) && ok ||
  bad "worktree: catalog HEAD differs from HEAD~1 of the repository"
run "$BASE" "catalog no-such-rev"; rc=$?
[ $rc -eq 2 ] && grep -q "unknown revision 'no-such-rev'" "$WORK/err" && ok ||
  bad "unknown revision: exit $rc (want 2): $(head -1 "$WORK/err")"
run "$BASE" "catalog deadbeef"; rc=$?
[ $rc -eq 2 ] && ok || bad "unknown short id: exit $rc (want 2): $(head -1 "$WORK/err")"

echo "corrupt objects: $pass passed, $fail failed"
[ $fail -eq 0 ]

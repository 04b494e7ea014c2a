#!/usr/bin/env bash
# Schema history from git, checked against PostgreSQL 15.
#
# For each layout, tests/history/repos.sh builds a real git repository. For
# every commit of it (`git rev-list --all`), this script replays that
# commit's migrations into a fresh database on a private PostgreSQL 15 —
# files read with `git show COMMIT:PATH`, each file its own psql session, in
# the order this script computes with its OWN simple per-layout rule (below),
# not lockstep's — introspects it, and requires
# `lockstep catalog -C REPO COMMIT --format json` to be the same, byte for
# byte. Then: other revision forms (HEAD~1, a tag, a branch, REV:PATH,
# --layout/--path), `snapshot --all` twice (the second parses nothing),
# the history warnings (edited, removed, renamed/renumbered, duplicate
# version), `log` of renamed objects back to their creation, and the exit
# codes of bad input (unknown revision, bad SQL) and environment faults
# (missing repository, shallow clone) — never a crash.
#
# usage: history_vs_postgres.sh LOCKSTEP_BINARY
# HISTORY_ORACLE_ONLY=1: build the repositories and run only the PostgreSQL
# half (replay + introspect) of every commit; lockstep catalog -C is not run.
# HISTORY_VERBOSE=1: print each commit's replay order (stderr).
set -u
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 LOCKSTEP_BINARY" >&2; exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ORACLE_ONLY=${HISTORY_ORACLE_ONLY:-0}
. "$HERE/../pg/pg.sh"
. "$HERE/repos.sh"
export LC_ALL=C TZ=UTC GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

pg_start || exit 1
WORK=$(mktemp -d)
trap 'pg_stop; rm -rf "$WORK"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
indent() { sed 's/^/  /'; }
short() { git -C "$1" rev-parse --short=7 "$2"; }

# --- the oracle's replay order: LAYOUT REPO COMMIT -> paths, one a line ---
# Deliberately simple and separate from lockstep's layout code.
tree_files() { git -C "$1" ls-tree -r --name-only "$2" -- "$3" 2>/dev/null; }
order_flyway() {  # V by version, numerically per dotted part, same version by path; then R__ by description
  local root; root=$(repo_root flyway)
  tree_files "$1" "$2" "$root" | awk '
    { n = split($0, seg, "/"); f = seg[n] }
    f ~ /^V[0-9][0-9.]*__.*\.sql$/ {
      v = substr(f, 2, index(f, "__") - 2); k = split(v, p, "."); key = ""
      for (i = 1; i <= k; i++) key = key sprintf("%010d.", p[i])
      print "0", key, $0 }
    f ~ /^R__.*\.sql$/ { print "1", substr(f, 4), $0 }' |
    sort -k1,1 -k2,2 -k3,3 | awk '{ print $3 }'
}
order_golang_migrate() {  # NNNN_x.up.sql by number
  tree_files "$1" "$2" "$(repo_root golang-migrate)" | awk '
    { n = split($0, seg, "/"); f = seg[n] }
    f ~ /^[0-9]+_.*\.up\.sql$/ { printf "%020d %s\n", substr(f, 1, index(f, "_") - 1), $0 }' |
    sort | awk '{ print $2 }'
}
order_diesel() {  # <dir>/<version>_name/up.sql by folder (version first)
  local root; root=$(repo_root diesel)
  tree_files "$1" "$2" "$root" | grep -E "^$root/[^/]+/up\.sql\$" | sort
}
order_prisma() {  # <dir>/<ts>_name/migration.sql by folder name
  local root; root=$(repo_root prisma)
  tree_files "$1" "$2" "$root" | grep -E "^$root/[^/]+/migration\.sql\$" | sort
}
order_drizzle() {  # the journal's entries, in the order they are listed
  local root; root=$(repo_root drizzle)
  git -C "$1" show "$2:$root/meta/_journal.json" 2>/dev/null |
    jq -r '.entries[].tag' | sed "s|^|$root/|; s|\$|.sql|"
}
order_sqitch() {  # sqitch.plan: each change line, in order
  git -C "$1" show "$2:sqitch.plan" 2>/dev/null |
    awk '/^[ \t]*($|[%@#])/ { next } { print "deploy/" $1 ".sql" }'
}
order_numbered() {  # NNN_x.sql (not .down.sql) by number
  tree_files "$1" "$2" "$(repo_root numbered)" | awk '
    { n = split($0, seg, "/"); f = seg[n] }
    f ~ /^[0-9]+(_.*)?\.sql$/ && f !~ /\.down\.sql$/ {
      match(f, /^[0-9]+/); printf "%020d %s\n", substr(f, 1, RLENGTH), $0 }' |
    sort | awk '{ print $2 }'
}
order_file() { tree_files "$1" "$2" "$(repo_root file)"; }

# replay LAYOUT REPO COMMIT OUT.json: replay into a fresh database and
# introspect it. On failure prints the reason and returns 1.
ndb=0
replay() {
  local layout=$1 repo=$2 c=$3 out=$4 db f
  ndb=$((ndb + 1)); db="hist_$ndb"
  pg_fresh_db "$db" || { echo "could not create database $db"; return 1; }
  [ "${HISTORY_VERBOSE:-0}" = 1 ] &&
    echo "replay $layout $(short "$repo" "$c"): $("order_${layout//-/_}" "$repo" "$c" | tr '\n' ' ')" >&2
  for f in $("order_${layout//-/_}" "$repo" "$c"); do
    if ! git -C "$repo" show "$c:$f" >"$WORK/replay.sql" 2>"$WORK/replay.err"; then
      echo "git show $c:$f failed: $(head -1 "$WORK/replay.err")"; return 1
    fi
    if ! psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$WORK/replay.sql" >"$WORK/psql.out" 2>&1; then
      echo "$f does not run on PostgreSQL:"; grep -m3 -E 'ERROR|LINE' "$WORK/psql.out"; return 1
    fi
  done
  if ! "$BIN" introspect --conn "dbname=$db" --format json >"$out" 2>"$WORK/introspect.err"; then
    echo "introspect failed: $(head -3 "$WORK/introspect.err")"; return 1
  fi
  psql -X -q -d postgres -c "DROP DATABASE \"$db\"" >/dev/null 2>&1
  return 0
}

# lockstep_vs REPO REV EXPECTED.json LABEL: catalog -C REPO REV must equal EXPECTED
lockstep_vs() {
  local repo=$1 rev=$2 want=$3 label=$4 rc; shift 4
  "$BIN" catalog -C "$repo" "$rev" "$@" --format json >"$WORK/offline.json" 2>"$WORK/offline.err"
  rc=$?
  if [ $rc -ne 0 ]; then
    bad "$label: lockstep catalog -C REPO $rev $* exited $rc$([ $rc -gt 128 ] && echo ' (crash)')"
    head -3 "$WORK/offline.err" | indent; return
  fi
  if diff -u "$want" "$WORK/offline.json" >"$WORK/diff"; then ok
  else
    bad "$label: lockstep catalog -C REPO $rev differs from PostgreSQL (- server, + lockstep)"
    head -40 "$WORK/diff" | indent
  fi
}

# --- build the repositories; every commit, both halves ---
mkdir -p "$WORK/oracle"
BUILT=
for layout in $REPO_LAYOUTS; do
  if repo_build "$layout" "$WORK/repos/$layout"; then BUILT="$BUILT $layout"
  else bad "$layout: the test repository could not be built"; fi
done
for layout in $BUILT; do
  R=$WORK/repos/$layout
  mkdir -p "$WORK/oracle/$layout"
  for c in $(git -C "$R" rev-list --all); do
    label="$layout $(short "$R" "$c") ($(git -C "$R" log -1 --format=%s "$c"))"
    want=$WORK/oracle/$layout/$c.json
    if ! replay "$layout" "$R" "$c" "$want" >"$WORK/replay.why"; then
      bad "$label: the oracle replay failed"; indent <"$WORK/replay.why"
      rm -f "$want"; continue
    fi
    if [ "$ORACLE_ONLY" = 1 ]; then ok; continue; fi
    lockstep_vs "$R" "$c" "$want" "$label"
  done
done
if [ "$ORACLE_ONLY" = 1 ]; then
  echo "$pass passed, $fail failed (HISTORY_ORACLE_ONLY: lockstep catalog -C not run)"
  [ $fail -eq 0 ]; exit
fi

# facts LAYOUT KIND: that layout's repo_facts lines of KIND, without the kind
facts() { repo_facts "$1" | awk -F'|' -v k="$2" '$1 == k { sub(/^[^|]*\|/, ""); print }'; }

# --- other revision forms: HEAD~1, tags, branches, REV:PATH ---
for layout in $BUILT; do
  R=$WORK/repos/$layout
  while IFS='|' read -r rev subject; do
    c=$(repo_commit "$R" "$subject") || { bad "$layout: no commit '$subject'"; continue; }
    [ -f "$WORK/oracle/$layout/$c.json" ] || continue
    lockstep_vs "$R" "$rev" "$WORK/oracle/$layout/$c.json" "$layout: revision form $rev"
  done < <(facts "$layout" form)
done
# a short id, and --layout/--path given instead of detected
R=$WORK/repos/flyway; c=$(git -C "$R" rev-parse HEAD~2)
[ -f "$WORK/oracle/flyway/$c.json" ] &&
  lockstep_vs "$R" "$(short "$R" "$c")" "$WORK/oracle/flyway/$c.json" "flyway: short id"
c=$(git -C "$R" rev-parse HEAD)
[ -f "$WORK/oracle/flyway/$c.json" ] &&
  lockstep_vs "$R" HEAD "$WORK/oracle/flyway/$c.json" "flyway: --layout flyway --path db/migration" \
    --layout flyway --path db/migration

# --- snapshot --all, twice; the warnings ---
SUMMARY='^snapshot: [0-9]+ revisions, [0-9]+ new snapshots, [0-9]+ files parsed, [0-9]+ parse cache hits$'
# warned FILE SHORT TEXT...: a `warning: ` line of FILE names SHORT and every TEXT
warned() {
  local file=$1 id=$2 t; shift 2
  grep 'warning: ' "$file" | grep -F -- "$id" >"$WORK/w" || return 1
  for t in "$@"; do grep -F -- "$t" "$WORK/w" >"$WORK/w2" || return 1; mv "$WORK/w2" "$WORK/w"; done
  return 0
}
for layout in $BUILT; do
  R=$WORK/repos/$layout
  "$BIN" snapshot -C "$R" --all >/dev/null 2>"$WORK/$layout.snap1"; rc=$?
  if [ $rc -ne 0 ]; then
    bad "$layout: snapshot --all exited $rc$([ $rc -gt 128 ] && echo ' (crash)')"
    tail -3 "$WORK/$layout.snap1" | indent; continue
  fi
  if tail -n 1 "$WORK/$layout.snap1" | grep -qE "$SUMMARY"; then ok
  else bad "$layout: the last stderr line of snapshot --all: $(tail -n 1 "$WORK/$layout.snap1")"; fi
  [ -s "$(git -C "$R" rev-parse --absolute-git-dir)/lockstep.sqlite" ] && ok ||
    bad "$layout: snapshot --all wrote no <git dir>/lockstep.sqlite"
  "$BIN" snapshot -C "$R" --all >/dev/null 2>"$WORK/$layout.snap2"; rc=$?
  last=$(tail -n 1 "$WORK/$layout.snap2")
  if [ $rc -eq 0 ] && printf '%s\n' "$last" | grep -qE "$SUMMARY" &&
     printf '%s\n' "$last" | grep -qE ' 0 new snapshots, 0 files parsed, '; then ok
  else bad "$layout: the second snapshot --all (exit $rc) did work again: $last"; fi

  while IFS='|' read -r subject texts; do
    c=$(repo_commit "$R" "$subject") || { bad "$layout: no commit '$subject'"; continue; }
    IFS='|' read -r -a t <<<"$texts"
    if warned "$WORK/$layout.snap1" "$(short "$R" "$c")" "${t[@]}"; then ok
    else
      bad "$layout: snapshot printed no warning naming ${t[*]} and $(short "$R" "$c") ($subject)"
      grep 'warning' "$WORK/$layout.snap1" | head -5 | indent
    fi
  done < <(facts "$layout" warn)
done
# --store FILE
R=$WORK/repos/flyway S=$WORK/elsewhere.sqlite
"$BIN" snapshot -C "$R" --all --store "$S" >/dev/null 2>"$WORK/store1"; rc1=$?
"$BIN" snapshot -C "$R" --all --store "$S" >/dev/null 2>"$WORK/store2"; rc2=$?
if [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ -s "$S" ] &&
   tail -n 1 "$WORK/store2" | grep -qE ' 0 new snapshots, 0 files parsed, '; then ok
else bad "snapshot --store FILE: exits $rc1, $rc2; $(tail -n 1 "$WORK/store2")"; fi
# log prints the warnings too
"$BIN" log -C "$R" >"$WORK/log.all" 2>"$WORK/log.err"; rc=$?
c=$(repo_commit "$R" "merge branch orders")
if [ $rc -eq 0 ] && warned "$WORK/log.err" "$(short "$R" "$c")" V3__orders.sql V3__tags.sql; then ok
else bad "flyway: log (exit $rc) printed no duplicate version warning"; head -5 "$WORK/log.err" | indent; fi
# the log of the whole schema: newest first, headed `commit <id>`
first=$(grep -m1 '^commit ' "$WORK/log.all" | cut -d' ' -f2)
[ "$first" = "$(git -C "$R" rev-parse HEAD)" ] && grep -qE '^  - table "?Billing"?\."?Invoice"?$' "$WORK/log.all" && ok ||
  bad "flyway: log does not start with HEAD's commit or lacks '  - table \"Billing\".\"Invoice\"'"

# --- log of a renamed object: back to the commit that created it ---
for layout in $BUILT; do
  R=$WORK/repos/$layout
  while IFS='|' read -r obj old subject path stmt; do
    c=$(repo_commit "$R" "$subject") || { bad "$layout: no commit '$subject'"; continue; }
    "$BIN" log -C "$R" "$obj" >"$WORK/log.obj" 2>"$WORK/log.obj.err"; rc=$?
    if [ $rc -ne 0 ]; then
      bad "$layout: log $obj exited $rc$([ $rc -gt 128 ] && echo ' (crash)')"; head -3 "$WORK/log.obj.err" | indent; continue
    fi
    what="log $obj"
    grep -qx "commit $c" "$WORK/log.obj" ||
      { bad "$layout: $what does not list commit $(short "$R" "$c") ($subject) that created it as $old"; indent <"$WORK/log.obj" | head -30; continue; }
    # the creating statement, with its file and line, in that commit's entry
    awk -v c="commit $c" '$0 == c { on = 1; next } /^commit / { on = 0 } on' "$WORK/log.obj" >"$WORK/log.entry"
    if grep -qF -- "$path:" "$WORK/log.entry" && grep -F -- "$path:" "$WORK/log.entry" | grep -qE -- "$(printf '%s' "$path" | sed 's/[.[\*^$()+?{|]/\\&/g'):[0-9]+: $(printf '%s' "$stmt" | sed 's/[.[\*^$()+?{|]/\\&/g')"; then ok
    else bad "$layout: $what: the entry of $(short "$R" "$c") has no '$path:N: $stmt'"; indent <"$WORK/log.entry" | head -10; fi
    case $obj in
      *.*.*) ;;  # a column: the table lines below are about tables
      *)
        if grep -qxF "  + table $old" "$WORK/log.entry"; then ok
        else bad "$layout: $what: the entry of $(short "$R" "$c") has no '  + table $old'"; indent <"$WORK/log.entry" | head -10; fi
        if grep -qxF "  > table $old -> $obj" "$WORK/log.obj"; then ok
        else bad "$layout: $what has no '  > table $old -> $obj'"; indent <"$WORK/log.obj" | head -30; fi
        ;;
    esac
  done < <(facts "$layout" log)
done

# --- bad input and environment faults: clean exits, never a crash ---
R=$WORK/repos/flyway
"$BIN" catalog -C "$R" no-such-branch --format json >/dev/null 2>"$WORK/e"; rc=$?
[ $rc -eq 2 ] && grep -q 'no-such-branch' "$WORK/e" && ok ||
  bad "unknown revision: exit $rc (want 2, naming it): $(head -1 "$WORK/e")"
"$BIN" catalog -C "$R" HEAD~40 --format json >/dev/null 2>"$WORK/e"; rc=$?
[ $rc -eq 2 ] && grep -q 'HEAD~40' "$WORK/e" && ok ||
  bad "revision past the root (HEAD~40): exit $rc (want 2, naming it): $(head -1 "$WORK/e")"
"$BIN" catalog -C "$WORK/no-such-repo" HEAD --format json >/dev/null 2>"$WORK/e"; rc=$?
[ $rc -eq 3 ] && ok || bad "missing repository: exit $rc (want 3): $(head -1 "$WORK/e")"
if repo_build_broken "$WORK/repos/broken"; then
  "$BIN" catalog -C "$WORK/repos/broken" HEAD --format json >/dev/null 2>"$WORK/e"; rc=$?
  [ $rc -eq 2 ] && grep -qE 'db/migration/V2__bad\.sql:3:[0-9]+' "$WORK/e" && ok ||
    bad "bad SQL in a revision: exit $rc (want 2, naming db/migration/V2__bad.sql:3:COL): $(head -1 "$WORK/e")"
else bad "the broken repository could not be built"; fi

# shallow clone: HEAD works; an older commit is an environment fault or a clear error
if git clone -q --depth 1 "file://$R" "$WORK/shallow" 2>"$WORK/e"; then
  c=$(git -C "$R" rev-parse HEAD)
  [ -f "$WORK/oracle/flyway/$c.json" ] &&
    lockstep_vs "$WORK/shallow" HEAD "$WORK/oracle/flyway/$c.json" "shallow clone: HEAD"
  for rev in "$(repo_commit "$R" "rename users to accounts")" HEAD~1; do
    "$BIN" catalog -C "$WORK/shallow" "$rev" --format json >/dev/null 2>"$WORK/e"; rc=$?
    if [ $rc -eq 3 ] || { [ $rc -ne 0 ] && [ $rc -lt 128 ] && [ -s "$WORK/e" ]; }; then ok
    else bad "shallow clone, catalog of $rev: exit $rc$([ $rc -gt 128 ] && echo ' (crash)') (want 3 or a clear error): $(head -1 "$WORK/e")"; fi
  done
  "$BIN" snapshot -C "$WORK/shallow" --all >/dev/null 2>"$WORK/e"; rc=$?
  [ $rc -lt 128 ] && { [ $rc -eq 0 ] || [ -s "$WORK/e" ]; } && ok ||
    bad "shallow clone, snapshot --all: exit $rc: $(tail -1 "$WORK/e")"
else bad "git clone --depth 1 failed: $(head -1 "$WORK/e")"; fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

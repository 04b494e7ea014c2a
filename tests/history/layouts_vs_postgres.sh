#!/usr/bin/env bash
# Schema history from git, checked against PostgreSQL 15: for each layout a
# real repository is built (renames, drops, an edited migration, a merge);
# for every commit, `lockstep catalog -C REPO COMMIT` must equal the
# introspected catalog of a database into which that commit's migrations
# were replayed — in the order this script computes itself, from the
# layout's rules, not lockstep's. Then: the second `snapshot --all` parses
# nothing; the history warnings appear; `log` follows a rename; bad
# revisions and shallow clones fail cleanly.
# usage: layouts_vs_postgres.sh LOCKSTEP_BINARY
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$(dirname "$0")/../pg/pg.sh"
pg_start || exit 1
WORK=$(mktemp -d)
chmod 755 "$WORK"
trap 'pg_stop; rm -rf "$WORK"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

export GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.com
export GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.com
tick=1700000000
# put PATH CONTENT: write a file of the repository in the current folder
put() { mkdir -p "$(dirname "$1")"; printf '%s\n' "$2" >"$1"; }
commit() {
  tick=$((tick + 60))
  git add -A && GIT_AUTHOR_DATE="@$tick +0000" GIT_COMMITTER_DATE="@$tick +0000" git commit -qm "$1"
}
new_repo() { rm -rf "$WORK/$1"; mkdir -p "$WORK/$1"; cd "$WORK/$1" || exit 1; git init -q -b main; }

# --- the oracle's own ordering, per layout: prints the files to replay ---
files_at() { git -C "$1" ls-tree -r --name-only "$2"; }
order_flyway() {  # V by version (numeric parts), then R__ by name
  files_at "$1" "$2" | grep -E '^db/V[0-9._]+__.*\.sql$' |
    sed -E 's|^db/V([0-9._]+)__|\1 &|' | awk '{v=$1; gsub("_",".",v); print v" "$2}' |
    sort -t. -k1,1n -k2,2n -k3,3n | sort -V -s -k1,1 | cut -d' ' -f2
  files_at "$1" "$2" | grep -E '^db/R__.*\.sql$' | LC_ALL=C sort
}
order_golang() { files_at "$1" "$2" | grep -E '^migrations/[0-9]+_.*\.up\.sql$' | sort -t/ -k2,2n; }
order_diesel() { files_at "$1" "$2" | grep -E '^migrations/[^/]+/up\.sql$' | LC_ALL=C sort; }
order_prisma() { files_at "$1" "$2" | grep -E '^prisma/migrations/[^/]+/migration\.sql$' | LC_ALL=C sort; }
order_drizzle() {  # journal order
  git -C "$1" show "$2:drizzle/meta/_journal.json" 2>/dev/null |
    grep -o '"tag": *"[^"]*"' | sed -E 's/.*"([^"]*)"$/drizzle\/\1.sql/'
}
order_sqitch() {
  git -C "$1" show "$2:sqitch.plan" 2>/dev/null | grep -vE '^(%|#|@|$)' | awk '{print "deploy/"$1".sql"}'
}
order_numbered() { files_at "$1" "$2" | grep -E '^sql/[0-9]+_.*\.sql$' | sort -t/ -k2,2n; }
order_file() { files_at "$1" "$2" | grep -E '^db/structure\.sql$'; }

check_repo() {  # REPO LAYOUT: every commit, offline == replayed
  local repo=$1 layout=$2 c n=0
  for c in $(git -C "$repo" rev-list --all); do
    n=$((n + 1))
    local db="h_${layout//-/_}_$n" short=${c:0:7}
    pg_fresh_db "$db"
    local failed=
    for f in $(order_"$layout" "$repo" "$c"); do
      git -C "$repo" show "$c:$f" >"$WORK/replay.sql"
      if ! psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$WORK/replay.sql" >"$WORK/psql.out" 2>&1; then
        failed="$f: $(grep -m1 ERROR "$WORK/psql.out")"; break
      fi
    done
    if [ -n "$failed" ]; then bad "$layout $short: the replay fails on PostgreSQL: $failed"; continue; fi
    "$BIN" introspect --conn "dbname=$db" >"$WORK/online.json" 2>"$WORK/online.err"
    if ! "$BIN" catalog -C "$repo" "$c" >"$WORK/offline.json" 2>"$WORK/offline.err"; then
      bad "$layout $short: catalog failed: $(head -1 "$WORK/offline.err")"; continue
    fi
    if diff -u "$WORK/online.json" "$WORK/offline.json" >"$WORK/diff" 2>&1; then ok
    else bad "$layout $short: offline differs from PostgreSQL (- online, + offline)"; head -20 "$WORK/diff" | sed 's/^/  /'
    fi
  done
}

# --- the repositories ---
T1="CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE);"
T2="ALTER TABLE users ADD COLUMN \"Display Name\" text; CREATE INDEX users_lower_email ON users (lower(email));"
T3="ALTER TABLE users RENAME TO customers; ALTER TABLE customers RENAME COLUMN email TO mail;"
T4="CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint REFERENCES customers (id)); CREATE VIEW big AS SELECT id, mail FROM customers;"
T5="DROP VIEW big; CREATE TABLE \"Zähler\" (n int);"

new_repo flyway
put README "app"; commit "no schema yet"
put db/V1__users.sql "$T1"; commit "users"
put db/V2__name.sql "$T2"; commit "display name"
put db/V10__rename.sql "$T3"; commit "rename"
git checkout -q -b feature
put db/V11__orders.sql "$T4"; commit "orders"
git checkout -q main
put db/V11_1__counter.sql "CREATE TABLE counter (n int);"; commit "counter"
git merge -q --no-ff -m "merge feature" feature
put db/R__views.sql "CREATE OR REPLACE VIEW customer_mail AS SELECT mail FROM customers;"; commit "repeatable view"
put db/V1__users.sql "$T1 COMMENT ON TABLE users IS 'edited after the fact';"; commit "edit V1"
git rm -q db/V11_1__counter.sql; commit "remove a migration"

new_repo golang
put migrations/1_users.up.sql "$T1"; put migrations/1_users.down.sql "DROP TABLE users;"; commit "users"
put migrations/2_name.up.sql "$T2"; commit "name"
put migrations/10_rename.up.sql "$T3"; put migrations/9_orders.up.sql "CREATE TABLE nine (x int);"; commit "rename"
put migrations/11_orders.up.sql "$T4"; commit "orders"

new_repo diesel
put migrations/00000000000000_diesel_initial_setup/up.sql "$T1"; put migrations/00000000000000_diesel_initial_setup/down.sql "DROP TABLE users;"; commit "setup"
put migrations/2023-01-01-000000_name/up.sql "$T2"; commit "name"
put migrations/2023-02-01-000000_rename/up.sql "$T3"; commit "rename"
put migrations/2023-03-01-000000_orders/up.sql "$T4"; commit "orders"

new_repo prisma
put prisma/migrations/migration_lock.toml 'provider = "postgresql"'
put prisma/migrations/20230101000000_init/migration.sql "$T1"; commit "init"
put prisma/migrations/20230201000000_name/migration.sql "$T2"; commit "name"
put prisma/migrations/20230301000000_rename/migration.sql "$T3
$T4"; commit "rename"
put prisma/migrations/20230401000000_drop/migration.sql "$T5"; commit "drop"

new_repo drizzle
put drizzle/0000_init.sql "$T1"
put drizzle/meta/_journal.json '{"version":"5","entries":[{"idx":0,"tag":"0000_init"}]}'; commit "init"
put drizzle/0001_b.sql "$T3"; put drizzle/0002_a.sql "$T2"
# the journal runs 0002_a before 0001_b: name order would fail
put drizzle/meta/_journal.json '{"version":"5","entries":[{"idx":0,"tag":"0000_init"},{"idx":1,"tag":"0002_a"},{"idx":2,"tag":"0001_b"}]}'; commit "two"
put drizzle/0003_c.sql "$T4
--> statement-breakpoint
$T5"
put drizzle/meta/_journal.json '{"version":"5","entries":[{"idx":0,"tag":"0000_init"},{"idx":1,"tag":"0002_a"},{"idx":2,"tag":"0001_b"},{"idx":3,"tag":"0003_c"}]}'; commit "three"

new_repo sqitch
put sqitch.plan "%syntax-version=1.0.0
%project=app

users 2023-01-01T00:00:00Z Dev <dev@example.com> # users"
put deploy/users.sql "$T1"; put revert/users.sql "DROP TABLE users;"; commit "users"
printf '%s\n' "name [users] 2023-01-02T00:00:00Z Dev <dev@example.com> # name" "@v1 2023-01-02T00:00:00Z Dev <dev@example.com>" >>sqitch.plan
put deploy/name.sql "$T2"; commit "name"
printf '%s\n' "rename [name] 2023-01-03T00:00:00Z Dev <dev@example.com>" >>sqitch.plan
put deploy/rename.sql "$T3"; commit "rename"

new_repo numbered
put sql/001_users.sql "$T1"; commit "users"
put sql/002_name.sql "$T2"; put sql/010_rename.sql "$T3"; commit "two"
put sql/011_orders.sql "$T4"; commit "orders"
put sql/012_drop.sql "$T5"; commit "drop"

new_repo file
put db/structure.sql "$T1"; commit "schema"
put db/structure.sql "$T1
$T2"; commit "schema 2"
put db/structure.sql "CREATE TABLE customers (id bigserial PRIMARY KEY, mail text NOT NULL UNIQUE, \"Display Name\" text);
$T4"; commit "schema 3"

for l in flyway golang diesel prisma drizzle sqitch numbered file; do
  case $l in golang) layout=golang ;; *) layout=$l ;; esac
  check_repo "$WORK/$l" "$layout"
done

# --- the store: a second run parses nothing; warnings are reported ---
R=$WORK/flyway
"$BIN" snapshot -C "$R" --all 2>"$WORK/snap1.err" >/dev/null || bad "snapshot --all failed: $(tail -2 "$WORK/snap1.err")"
"$BIN" snapshot -C "$R" --all 2>"$WORK/snap2.err" >/dev/null || bad "second snapshot --all failed"
if tail -1 "$WORK/snap2.err" | grep -q ' 0 new snapshots, 0 files parsed, 0 parse cache hits$'; then ok
else bad "second snapshot run parsed or stored something: $(tail -1 "$WORK/snap2.err")"; fi
if tail -1 "$WORK/snap1.err" | grep -qE '^snapshot: 10 revisions, [0-9]+ new snapshots, [1-9][0-9]* files parsed'; then ok
else bad "first snapshot summary: $(tail -1 "$WORK/snap1.err")"; fi
edit=$(git -C "$R" rev-parse --short=7 HEAD~1)
grep -q "warning: db/V1__users.sql: changed after it was committed: added in .*, edited in $edit" "$WORK/snap1.err" && ok || bad "no warning for the edited migration"
grep -q "warning: db/V11_1__counter.sql: migration removed in $(git -C "$R" rev-parse --short=7 HEAD)" "$WORK/snap1.err" && ok || bad "no warning for the removed migration"
grep -q "warning: db/V11_1__counter.sql" "$WORK/snap2.err" && ok || bad "the second run does not repeat the warnings"
# two branches adding one version: V3 on each side, merged
new_repo dupes
put db/V1__a.sql "CREATE TABLE a (x int);"; commit "a"
git checkout -q -b other; put db/V2__b.sql "CREATE TABLE b (x int);"; commit "b"
git checkout -q main; put db/V2__c.sql "CREATE TABLE c (x int);"; commit "c"
git merge -q --no-ff -m "merge" other
"$BIN" snapshot -C "$WORK/dupes" --all 2>"$WORK/dupes.err" >/dev/null
grep -q "warning: db/V2__b.sql and db/V2__c.sql have the same version 2" "$WORK/dupes.err" && ok || bad "no warning for a duplicate version: $(cat "$WORK/dupes.err")"

# --- log follows a rename, with the statements ---
"$BIN" log -C "$R" public.customers >"$WORK/log.txt" 2>/dev/null || bad "log public.customers failed"
grep -q "^  > table public.users -> public.customers$" "$WORK/log.txt" && ok || bad "log does not show the rename"
grep -q "^  + table public.users$" "$WORK/log.txt" && ok || bad "log does not follow the table back to its creation"
grep -q "db/V10__rename.sql:1: ALTER TABLE users RENAME TO customers" "$WORK/log.txt" && ok || bad "log does not show the renaming statement"
"$BIN" log -C "$R" public.customers.mail >"$WORK/logc.txt" 2>/dev/null
grep -q "^  > column public.users.email -> public.customers.mail$" "$WORK/logc.txt" && ok || bad "column log does not show the rename"

# --- revision forms and failures ---
a=$("$BIN" catalog -C "$R" HEAD~1 2>/dev/null | sha256sum); b=$("$BIN" catalog -C "$R" "$(git -C "$R" rev-parse HEAD~1)" 2>/dev/null | sha256sum)
[ "$a" = "$b" ] && ok || bad "HEAD~1 and its full id differ"
a=$("$BIN" catalog -C "$R" HEAD:db 2>/dev/null | sha256sum); b=$("$BIN" catalog -C "$R" HEAD 2>/dev/null | sha256sum)
[ "$a" = "$b" ] && ok || bad "HEAD:db differs from HEAD"
"$BIN" catalog -C "$R" no-such-rev >/dev/null 2>"$WORK/e"; rc=$?
[ $rc -eq 2 ] && grep -q "unknown revision 'no-such-rev'" "$WORK/e" && ok || bad "unknown revision: exit $rc: $(head -1 "$WORK/e")"
"$BIN" catalog -C "$WORK/nonexistent" HEAD >/dev/null 2>"$WORK/e"; rc=$?
[ $rc -eq 3 ] && ok || bad "missing repository: exit $rc"
git clone -q --depth 1 "file://$R" "$WORK/shallow" 2>/dev/null
"$BIN" catalog -C "$WORK/shallow" HEAD~3 >/dev/null 2>"$WORK/e"; rc=$?
[ $rc -eq 3 ] && ok || bad "shallow clone, older revision: exit $rc: $(head -1 "$WORK/e")"
"$BIN" catalog -C "$WORK/shallow" HEAD >/dev/null 2>"$WORK/e" && ok || bad "shallow clone, HEAD: $(head -1 "$WORK/e")"
# a broken migration names commit, file, line and column, exit 2
new_repo broken
put db/V1__a.sql "CREATE TABLE a (x int);
CREATE TABLE b (y nosuchtype);"; commit "broken"
"$BIN" catalog -C "$WORK/broken" HEAD >/dev/null 2>"$WORK/e"; rc=$?
[ $rc -eq 2 ] && grep -q "^$(git -C "$WORK/broken" rev-parse --short=7 HEAD):db/V1__a.sql:2:[0-9]*: error: type \"nosuchtype\" does not exist" "$WORK/e" && ok ||
  bad "broken migration: exit $rc: $(head -1 "$WORK/e")"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

#!/usr/bin/env bash
# A history replayed further from a stored snapshot still knows who owns
# what (issue 13 item 4; the store keeps owners since version 6).
#
# Commit 1 creates objects under SET ROLE and OWNER TO; `snapshot --all`
# records it and the process ends. Commit 2 adds a migration of grants to
# those owners (which add nothing) and to others; a second `snapshot --all`
# builds commit 2 from commit 1's catalog loaded from the store. Its
# snapshot key must equal that of a repository with both migrations in one
# commit (replayed from the start): the key covers content, identities and
# owners. No server needed: all of it is offline (sqlite3 reads the keys).
#
# usage: owners_stored.sh LOCKSTEP_BINARY
set -u
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 LOCKSTEP_BINARY" >&2; exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export LC_ALL=C TZ=UTC GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
git init -q repo && cd repo || exit 1
commit() { git add -A && git -c user.email=t@t -c user.name=t commit -qm "$1"; }
mkdir migrations
cat > migrations/V1__objects.sql <<'EOF'
CREATE SCHEMA app;
SET ROLE app_owner;
CREATE TABLE app.t (id serial, c text);
CREATE VIEW app.v AS SELECT id FROM app.t;
CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE TYPE app.e AS ENUM ('a');
RESET ROLE;
CREATE SEQUENCE app.s;
ALTER SEQUENCE app.s OWNER TO app_writer;
ALTER SCHEMA app OWNER TO "Ünï ""Role""";
EOF
commit one
"$BIN" snapshot --all >/dev/null 2>"$WORK/err1" || { echo "FAIL snapshot 1: $(head -1 "$WORK/err1")"; exit 1; }
cat > migrations/V2__grants.sql <<'EOF'
GRANT SELECT, INSERT ON app.t TO app_owner, app_reader;
GRANT UPDATE (c) ON app.t TO app_owner, app_writer;
GRANT USAGE ON SEQUENCE app.t_id_seq TO app_owner, app_reader;
GRANT SELECT ON app.v TO app_owner;
GRANT EXECUTE ON FUNCTION app.f() TO app_owner, app_writer;
GRANT USAGE ON TYPE app.e TO app_owner;
GRANT USAGE ON SEQUENCE app.s TO app_writer, app_owner;
GRANT CREATE ON SCHEMA app TO "Ünï ""Role""", app_reader;
EOF
commit two
"$BIN" snapshot --all >"$WORK/out2" 2>&1 || { echo "FAIL snapshot 2: $(head -1 "$WORK/out2")"; exit 1; }
# commit 2 started from commit 1's stored catalog: only V2 was parsed
if ! grep -q "1 files parsed" "$WORK/out2"; then
  echo "FAIL snapshot 2 did not build on the stored catalog: $(tail -1 "$WORK/out2")"; exit 1
fi
# the same two migrations in one commit, replayed from the start
git init -q "$WORK/one" || exit 1
cp -r migrations "$WORK/one/" && (cd "$WORK/one" && commit both) || exit 1
(cd "$WORK/one" && "$BIN" snapshot --all >/dev/null 2>"$WORK/err3") ||
  { echo "FAIL snapshot of the one commit: $(head -1 "$WORK/err3")"; exit 1; }
key_of() {
  sqlite3 "$1/.git/lockstep.sqlite" \
    "SELECT snapshot_key FROM revisions WHERE commit_id = '$(git -C "$1" rev-parse HEAD)'"
}
grants_of() {
  sqlite3 "$1/.git/lockstep.sqlite" "SELECT object_name, column_name, grantee, privilege
    FROM grants WHERE snapshot_key = '$(key_of "$1")' ORDER BY 1, 2, 3, 4"
}
# the snapshot key covers content, identities and owners: equal catalogs,
# equal keys
a=$(key_of "$WORK/repo") b=$(key_of "$WORK/one")
if [ -z "$a" ] || [ "$a" != "$b" ]; then
  echo "FAIL commit 2 built on the stored snapshot is not the catalog replayed from the start"
  diff <(grants_of "$WORK/one") <(grants_of "$WORK/repo") | head -20 | sed 's/^/  /'
  exit 1
fi
echo "1 passed, 0 failed"

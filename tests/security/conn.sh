#!/usr/bin/env bash
# Passwords are never printed. On a private PostgreSQL 15 with a role that
# logs in with a password (scram-sha-256), every command that takes a
# connection is run with the password given each way libpq takes one — a
# URI, key=value, PGPASSWORD, a password file — connecting (exit 0) and
# failing (wrong password, no such database, no server: exit 3, stderr names
# the host and the database); malformed connection strings exit 2; a
# connection string where a SOURCE or a revision is expected exits 2. No
# output (stdout or stderr) may hold the password, clear or percent-encoded,
# nor a piece of it.
# usage: conn.sh LOCKSTEP_BINARY
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../pg/pg.sh
. "$HERE/../pg/pg.sh"

# Commands that take --conn; stats, apply and dryrun join this list.
CONN_CMDS=(introspect)

PW='Sekr3t@PW x'          # an '@' and a blank: a URI must percent-encode them
PW_URI='Sekr3t%40PW%20x'
BAD='Wr0ng@PW y'
BAD_URI='Wr0ng%40PW%20y'
# what no output may contain: both passwords, both encodings, their pieces
LEAKS=("$PW" "$PW_URI" "$BAD" "$BAD_URI" Sekr3t Wr0ng 'PW x' 'PW y' 'PW%20' '%40PW')

unset PGPASSWORD PGPASSFILE PGSERVICE PGSERVICEFILE
pg_start || exit 1
WORK=$(mktemp -d)
trap 'pg_stop; rm -rf "$WORK"' EXIT
export PGPASSFILE=$WORK/no-pgpass   # no password from root's own ~/.pgpass

if ! psql -X -q -v ON_ERROR_STOP=1 -d postgres \
    -c "CREATE ROLE pwuser LOGIN PASSWORD '$PW'" \
    -c "CREATE DATABASE pwdb OWNER pwuser" >/dev/null ||
   ! psql -X -q -v ON_ERROR_STOP=1 -d pwdb -c "CREATE TABLE conn_probe (id int)" >/dev/null; then
  echo "FAIL: cannot set up the role and database"; exit 1
fi
pg_hba_prepend "local all pwuser scram-sha-256" || exit 1
# the reload is asynchronous: wait until pwuser needs its password
i=0
while psql -X -w -q -U pwuser -d pwdb -c 'SELECT 1' >/dev/null 2>&1; do
  i=$((i + 1))
  [ $i -lt 300 ] || { echo "FAIL: pg_hba.conf change not picked up"; exit 1; }
  sleep 0.1
done

H=$PGHOST
H_URI=${H//\//%2F}
KV="host=$H user=pwuser dbname=pwdb"
printf '*:*:*:pwuser:%s\n' "$PW" >"$WORK/pgpass"
printf '*:*:*:pwuser:%s\n' "$BAD" >"$WORK/pgpass-bad"
chmod 0600 "$WORK/pgpass" "$WORK/pgpass-bad"
git init -q "$WORK/repo" && echo 'CREATE TABLE a (id int);' >"$WORK/repo/schema.sql" &&
  git -C "$WORK/repo" add schema.sql &&
  git -C "$WORK/repo" -c user.name=t -c user.email=t@t commit -q -m one || exit 1

# outside any repository: a SOURCE that is no path is then refused as "no
# such file, folder or revision", the other message that quotes it
mkdir "$WORK/cwd" && cd "$WORK/cwd" || exit 1

pass=0 fail=0
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

# check NAME WANT_EXIT [grep -F patterns stderr must hold, ';'-separated] -- CMD...
check() {
  local name=$1 want=$2 must=$3 rc ok=1 s
  shift 4
  "$@" >"$WORK/out" 2>"$WORK/err"
  rc=$?
  if [ "$rc" -ne "$want" ]; then
    bad "$name: exit $rc, want $want: $(head -c 300 "$WORK/err")"; ok=0
  fi
  for s in "${LEAKS[@]}"; do
    if grep -qF -- "$s" "$WORK/out" "$WORK/err"; then
      bad "$name: prints the password ('$s'): $(grep -hF -- "$s" "$WORK/out" "$WORK/err" | head -2)"
      ok=0; break
    fi
  done
  local IFS=';'
  for s in $must; do
    if ! grep -qF -- "$s" "$WORK/err"; then bad "$name: stderr does not say '$s'"; ok=0; fi
  done
  if [ "$want" -eq 0 ] && ! grep -q conn_probe "$WORK/out"; then
    bad "$name: the catalog was not printed"; ok=0
  fi
  [ $ok -eq 1 ] && pass=$((pass + 1))
}

for cmd in "${CONN_CMDS[@]}"; do
  # the right password, each form: connects, prints nothing of it
  check "$cmd uri" 0 '' -- "$BIN" $cmd --conn "postgresql://pwuser:$PW_URI@$H_URI/pwdb"
  check "$cmd uri param" 0 '' -- "$BIN" $cmd --conn="postgresql:///pwdb?host=$H_URI&user=pwuser&password=$PW_URI&sslmode=disable"
  check "$cmd key=value" 0 '' -- "$BIN" $cmd --conn "$KV password='$PW'"
  check "$cmd PGPASSWORD" 0 '' -- env PGPASSWORD="$PW" "$BIN" $cmd --conn "$KV"
  check "$cmd pgpass" 0 '' -- env PGPASSFILE="$WORK/pgpass" "$BIN" $cmd --conn "$KV"

  # a wrong password, each form: exit 3, names the host and the database
  who="pwdb;$H;password authentication failed"
  check "$cmd uri, wrong password" 3 "$who" -- \
    "$BIN" $cmd --conn "postgresql://pwuser:$BAD_URI@$H_URI/pwdb"
  check "$cmd uri param, wrong password" 3 "$who" -- \
    "$BIN" $cmd --conn "postgresql:///pwdb?host=$H_URI&user=pwuser&password=$BAD_URI"
  check "$cmd key=value, wrong password" 3 "$who" -- "$BIN" $cmd --conn "$KV password='$BAD'"
  check "$cmd PGPASSWORD, wrong password" 3 "$who" -- env PGPASSWORD="$BAD" "$BIN" $cmd --conn "$KV"
  check "$cmd pgpass, wrong password" 3 "$who" -- \
    env PGPASSFILE="$WORK/pgpass-bad" "$BIN" $cmd --conn "$KV"

  # the right password, but no such database / no server there
  check "$cmd uri, no such database" 3 "nodb_conn;$H" -- \
    "$BIN" $cmd --conn "postgresql://pwuser:$PW_URI@$H_URI/nodb_conn"
  check "$cmd key=value, no such database" 3 "nodb_conn;$H" -- \
    "$BIN" $cmd --conn "host=$H user=pwuser dbname=nodb_conn password='$PW'"
  check "$cmd PGPASSWORD, no server" 3 "pwdb;/nonexistent-lockstep" -- \
    env PGPASSWORD="$PW" "$BIN" $cmd --conn "host=/nonexistent-lockstep user=pwuser dbname=pwdb"
  check "$cmd pgpass, no server" 3 "pwdb;/nonexistent-lockstep" -- \
    env PGPASSFILE="$WORK/pgpass" "$BIN" $cmd --conn "host=/nonexistent-lockstep user=pwuser dbname=pwdb"
  check "$cmd uri, no server" 3 "pwdb;/nonexistent-lockstep" -- \
    "$BIN" $cmd --conn "postgresql://pwuser:$PW_URI@%2Fnonexistent-lockstep/pwdb"
  # an unencoded '@' or '/' in a URI password: libpq takes a piece of it
  # for the host (hostaddr: no name lookup; nothing listens on port 1) or
  # for the port and the database, and quotes that piece
  check "$cmd uri, unencoded @" 3 "pwdb" -- \
    "$BIN" $cmd --conn "postgresql://pwuser:Sekr3t@PWxx@h/pwdb?hostaddr=127.0.0.1&port=1"
  check "$cmd uri, unencoded /" 3 "" -- \
    "$BIN" $cmd --conn "postgresql://pwuser:Sekr3t/PWxx@$H_URI/pwdb"

  # malformed: exit 2, nothing of the string shown
  check "$cmd uri, unclosed [" 2 'malformed' -- "$BIN" $cmd --conn "postgresql://pwuser:$PW_URI@[::1/pwdb"
  check "$cmd uri, bad escape" 2 'malformed' -- "$BIN" $cmd --conn "postgresql://pwuser:Sekr3t%zz@host/pwdb"
  check "$cmd uri param, bad escape" 2 'malformed' -- \
    "$BIN" $cmd --conn "postgresql://host/pwdb?password=Sekr3t%zz"
  check "$cmd uri param, no =" 2 'malformed' -- \
    "$BIN" $cmd --conn "postgresql://host/pwdb?password=$PW_URI&Sekr3t"
  check "$cmd key=value, unterminated" 2 'malformed' -- "$BIN" $cmd --conn "host=x password='Sekr3t unterminated"
  check "$cmd key=value, no =" 2 'malformed' -- "$BIN" $cmd --conn "host=x password=x Sekr3t"
  check "$cmd empty" 2 'empty' -- "$BIN" $cmd --conn ""
  check "$cmd no --conn" 2 '--conn' -- "$BIN" $cmd
  # a connection string where an option or argument was expected
  check "$cmd positional uri" 2 '' -- "$BIN" $cmd "postgresql://pwuser:$PW_URI@$H_URI/pwdb"
  check "$cmd positional key=value" 2 '' -- "$BIN" $cmd "$KV password='$PW'"
done

# a connection string is not a SOURCE, nor a revision: exit 2, masked
URI="postgres://pwuser:$PW_URI@$H_URI/pwdb"
for c in "$URI" "postgresql://u:Sekr3t@[::1/db" "$KV password='$PW'" "password=$PW_URI host=x"; do
  check "catalog '${c:0:24}'" 2 'not a SOURCE' -- "$BIN" catalog "$c"
  check "catalog -C '${c:0:24}'" 2 'not a SOURCE' -- "$BIN" catalog -C "$WORK/repo" "$c"
  check "diff FROM '${c:0:24}'" 2 'not a SOURCE' -- "$BIN" diff "$c" empty
  check "diff TO '${c:0:24}'" 2 'not a SOURCE' -- "$BIN" diff -C "$WORK/repo" HEAD "$c"
  check "plan '${c:0:24}'" 2 'not a SOURCE' -- "$BIN" plan empty "$c" -o "$WORK/plan"
  check "snapshot '${c:0:24}'" 2 'not a revision' -- \
    "$BIN" snapshot -C "$WORK/repo" --store "$WORK/s.db" "$c"
  check "log --rev '${c:0:24}'" 2 'not a revision' -- \
    "$BIN" log -C "$WORK/repo" --store "$WORK/s.db" --rev "$c"
  check "unknown command '${c:0:24}'" 2 '' -- "$BIN" "$c"
done
check "diff --format=uri" 2 '' -- "$BIN" diff empty empty --format="$URI"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]

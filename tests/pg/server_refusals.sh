#!/usr/bin/env bash
# Statements PostgreSQL 15 refuses: `lockstep catalog` must refuse each with
# the server's own primary message. Each case of CASES_FILE (one line; empty
# lines and lines starting with "#" skipped; a line "@P SQL" makes a leading
# "P;" of the cases after it stand for SQL) runs on a fresh database of a
# private server (pg.sh) and offline; the first ERROR of psql and the first
# line of lockstep's stderr (after "error: ") must be equal, and lockstep
# must exit 2.
# Quiet on success but for the final "N passed, N failed" line.
#
# usage: server_refusals.sh LOCKSTEP CASES_FILE
set -u
if [ $# -ne 2 ]; then
  echo "usage: server_refusals.sh LOCKSTEP CASES_FILE" >&2
  exit 2
fi
BIN=$1
CASES=$2
[ -r "$CASES" ] || { echo "server_refusals.sh: cannot read $CASES" >&2; exit 2; }
. "$(dirname "$0")/pg.sh"
pg_test_begin refusals
pass=0 fail=0 P=
while IFS= read -r sql || [ -n "$sql" ]; do
  case $sql in
    ''|'#'*) continue ;;
    '@P '*) P=${sql#@P }; continue ;;
  esac
  printf '%s\n' "${sql/#P;/$P}" >"$WORK/case.sql"
  pg_fresh_db refusals >/dev/null || exit 3
  srv=$(psql -X -q -v ON_ERROR_STOP=1 -d refusals -f "$WORK/case.sql" 2>&1 |
    sed -n 's/^.*ERROR:  //; T; s/ at character [0-9]*$//; p' | head -n 1)
  off=$("$BIN" catalog "$WORK/case.sql" 2>&1 >/dev/null)
  rc=$?
  off=$(printf '%s\n' "$off" | head -n 1 | sed 's/^[^ ]*: error: //')
  if [ -z "$srv" ] || [ "$rc" -ne 2 ] || [ "$srv" != "$off" ]; then
    echo "FAIL: $sql"
    echo "    server: ${srv:-(no error)}"
    echo "    lockstep (exit $rc): $off"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
done <"$CASES"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
